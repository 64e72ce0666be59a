/* mc-history-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-history.h"
#include "mc-protocol.h"

G_BEGIN_DECLS

#define MC_TYPE_HISTORY_PAGE (mc_history_page_get_type ())

G_DECLARE_FINAL_TYPE (McHistoryPage, mc_history_page, MC, HISTORY_PAGE, AdwBin)

/* A case's history: what was changed, by whom and when, newest first and
 * grouped by day, in words (see mc-history.h). */
GtkWidget *mc_history_page_new         (void);
/* Shows @entries (of McHistoryEntry, newest first), replacing what was
 * shown; NULL or none shows that there is nothing yet. @protocol (may be
 * NULL) names the items and questions answers are about. */
void       mc_history_page_set_entries (McHistoryPage *self,
                                        GPtrArray     *entries,
                                        McProtocol    *protocol);

/* The same, followed by @received (may be NULL; newest first): the
 * history the case brought along from the store that handed it over, read
 * only, under headings that say so. */
void       mc_history_page_set_all_entries (McHistoryPage *self,
                                            GPtrArray     *entries,
                                            GPtrArray     *received,
                                            McProtocol    *protocol);

G_END_DECLS
