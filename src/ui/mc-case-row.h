/* mc-case-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "mc-case-summary.h"
#include "mc-protocol.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_CASE_ROW (mc_case_row_get_type ())

G_DECLARE_FINAL_TYPE (McCaseRow, mc_case_row, MC, CASE_ROW, GtkWidget)

/* One case in the case list: client, step, last change, a warning icon
 * when a step needs attention, and a badge when a follow-up agreement is
 * due. */
McCaseRow *mc_case_row_new         (void);
/* Shows @summary (NULL: unbound, for a row off the list): its step and attention as the store
 * keeps them (worked out against the protocol the store was given), the
 * closing reason in @protocol's words. @store is not read. */
void       mc_case_row_set_summary (McCaseRow     *self,
                                    McCaseSummary *summary,
                                    McStore       *store,
                                    McProtocol    *protocol);
/* A factory that makes the list's rows (McCaseRow) and keeps those the
 * list lets go for the next ones: GTK 4.8's list view makes its rows
 * again, some 200, whenever its list's length changes. Connect "bind" and
 * "unbind" to show the items. */
GtkListItemFactory *mc_case_row_factory_new (void);

G_END_DECLS
