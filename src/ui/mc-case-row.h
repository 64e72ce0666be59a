/* mc-case-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "mc-case-summary.h"

G_BEGIN_DECLS

#define MC_TYPE_CASE_ROW (mc_case_row_get_type ())

G_DECLARE_FINAL_TYPE (McCaseRow, mc_case_row, MC, CASE_ROW, GtkWidget)

/* One case in the case list: client, step, last change, and a badge when a
 * follow-up agreement is due. */
McCaseRow *mc_case_row_new         (void);
void       mc_case_row_set_summary (McCaseRow     *self,
                                    McCaseSummary *summary);

G_END_DECLS
