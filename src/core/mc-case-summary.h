/* mc-case-summary.h: one row of the case list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the case list shows of a case, read in one query by
 * mc_store_list_cases(): immutable, so a list of thousands stays cheap,
 * except for the few the lazy list (mc-case-list.h) hands out: each
 * stands for a position and takes the case there after a reload, with
 * "changed" (so the rows on screen are not made again).
 * The step, attention and next due date are what the store keeps with the
 * case (see mc_store_set_protocol()): the protocol's requirements held
 * against the whole case (mc_case_get_progress()) when it last changed.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MC_TYPE_CASE_SUMMARY (mc_case_summary_get_type ())
G_DECLARE_FINAL_TYPE (McCaseSummary, mc_case_summary, MC, CASE_SUMMARY, GObject)

/* What a summary is made of; the strings are copied. */
typedef struct
{
  gint64      id;
  const char *number;
  const char *client_name;
  const char *client_number;
  const char *status;
  const char *updated_at;
  gboolean    follow_up_due;
  const char *outcome;
  const char *outcome_code;
  guint       step;
  gboolean    needs_attention;
  const char *next_due;
  const char *closed_at;
  const char *close_reason;
} McCaseSummaryFields;

McCaseSummary *mc_case_summary_new                (const McCaseSummaryFields *fields);

/* Swaps what @self and @other say and emits "changed" on @self. */
void           mc_case_summary_swap               (McCaseSummary *self,
                                                   McCaseSummary *other);

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
/* The same for scripts: report-and-help, report, help, no-report-no-help,
 * no-report or decided; "" without a decision date. */
const char    *mc_case_summary_get_outcome_code   (McCaseSummary *self);
/* The current step (1 to 5), as mc_case_get_progress() says. */
guint          mc_case_summary_get_step           (McCaseSummary *self);
/* Whether a step needs attention (also for a closed case: the list does
 * not show it for those). */
gboolean       mc_case_summary_get_needs_attention (McCaseSummary *self);
/* The first date something is due ("YYYY-MM-DD"), NULL when nothing is
 * (always for a closed case). */
const char    *mc_case_summary_get_next_due       (McCaseSummary *self);
/* Of a closed case: the date (UTC timestamp) and the close-reason id. */
const char    *mc_case_summary_get_closed_at      (McCaseSummary *self);
const char    *mc_case_summary_get_close_reason   (McCaseSummary *self);

G_END_DECLS
