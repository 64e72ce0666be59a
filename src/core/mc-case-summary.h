/* mc-case-summary.h: one row of the case list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the case list shows of a case, read in one query by
 * mc_store_list_cases(): immutable, so a list of thousands stays cheap.
 * The current step is not here: it is the protocol's requirements held
 * against the whole case (mc_case_get_progress()).
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MC_TYPE_CASE_SUMMARY (mc_case_summary_get_type ())
G_DECLARE_FINAL_TYPE (McCaseSummary, mc_case_summary, MC, CASE_SUMMARY, GObject)

McCaseSummary *mc_case_summary_new                (gint64         id,
                                                   const char    *number,
                                                   const char    *client_name,
                                                   const char    *client_number,
                                                   const char    *status,
                                                   const char    *updated_at,
                                                   gboolean       follow_up_due,
                                                   const char    *outcome);

gint64         mc_case_summary_get_id             (McCaseSummary *self);
const char    *mc_case_summary_get_number         (McCaseSummary *self);
const char    *mc_case_summary_get_client_name    (McCaseSummary *self);
const char    *mc_case_summary_get_client_number  (McCaseSummary *self);
/* "open" or "closed". */
const char    *mc_case_summary_get_status         (McCaseSummary *self);
const char    *mc_case_summary_get_updated_at     (McCaseSummary *self);
/* TRUE when a follow-up agreement that is not done is due today or
 * earlier. */
gboolean       mc_case_summary_get_follow_up_due  (McCaseSummary *self);
/* The decision in words, NULL when the case has no decision date yet. */
const char    *mc_case_summary_get_outcome        (McCaseSummary *self);

G_END_DECLS
