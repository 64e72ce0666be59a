/* mc-case-list.h: a case list that reads each case only when it is shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of McCaseSummary over a list of case ids: the ids are read
 * at once (from an index: a few milliseconds for 100,000 cases), the
 * summaries when g_list_model_get_item() asks for one, as GtkListView does
 * for the rows it binds: the block of MC_CASE_LIST_BLOCK cases around it
 * in one query (GtkListView binds some 200 rows at a time). A summary read
 * is kept for the life of the list. When the case can no longer be read
 * (deleted, or the store locked), the item is an empty summary with its
 * id: the next reload drops it.
 *
 * A reload keeps the list (mc_case_list_update()): GtkListView makes its
 * rows again for every item that leaves the list, some 200 rows each time;
 * a summary handed out stands for its position instead and takes the case
 * there after the reload ("changed" on the summary).
 */

#pragma once

#include "mc-case-summary.h"

G_BEGIN_DECLS

#define MC_TYPE_CASE_LIST (mc_case_list_get_type ())

G_DECLARE_FINAL_TYPE (McCaseList, mc_case_list, MC, CASE_LIST, GObject)

#define MC_CASE_LIST_BLOCK 64

/* Sets @summaries[i] to a new summary of case @ids[i], or leaves it NULL
 * when that case cannot be read; @n_ids is at most MC_CASE_LIST_BLOCK. */
typedef void (*McCaseListFetch) (const gint64    *ids,
                                 guint            n_ids,
                                 McCaseSummary  **summaries,
                                 gpointer         user_data);

/* @ids (gint64) in the order of the list; the list takes a reference. */
McCaseList *mc_case_list_new      (GArray          *ids,
                                   McCaseListFetch  fetch,
                                   gpointer         user_data,
                                   GDestroyNotify   destroy);
/* The position of case @case_id, or GTK_INVALID_LIST_POSITION (G_MAXUINT)
 * when it is not in the list; reads nothing. */
guint       mc_case_list_find     (McCaseList      *self,
                                   gint64           case_id);

/* Takes the ids of @other (a new list of the same store): each summary
 * handed out takes the case now at its position, and items-changed says
 * only how the length changed. */
void        mc_case_list_update   (McCaseList      *self,
                                   McCaseList      *other);

G_END_DECLS
