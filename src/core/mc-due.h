/* mc-due.h: what is due in a case, and when
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three things come due while a case is open:
 * - a follow-up agreement that is open and has a due date;
 * - the feedback of Veilig Thuis on a report: the current decision round
 *   decided to report, has the date of the report and no date of the
 *   feedback yet; due the protocol's "vt-first-response" working days
 *   after the report;
 * - the evaluation of the help: the current decision round has an
 *   evaluation date and does not say no to help. A later round (the
 *   evaluation itself) ends it.
 * Only the current round counts: an earlier round is sealed and can no
 * longer record its feedback. A closed case has nothing due.
 *
 * Dates are calendar dates (GDate), never times, so a change to or from
 * daylight saving time cannot move a day.
 */

#pragma once

#include "mc-case.h"
#include "mc-protocol.h"
#include "mc-store.h"

G_BEGIN_DECLS

typedef enum
{
  MC_DUE_FOLLOW_UP,
  MC_DUE_VT_FEEDBACK,
  MC_DUE_EVALUATION,
} McDueKind;

/* within_days for "whenever it is due": every item, however far ahead. */
#define MC_DUE_WITHIN_ANY G_MAXUINT

typedef struct
{
  gint64     case_id;
  char      *case_number;
  McDueKind  kind;
  GDate      due;
  gboolean   overdue;          /* due before today */
  /* The McFollowUp of an agreement, the McDecision of the round for the
   * feedback and the evaluation. */
  gint64     record_id;
  /* The agreement's own text; for the others a sentence in the locale. */
  char      *description;
} McDueItem;

void         mc_due_item_free          (McDueItem      *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDueItem, mc_due_item_free)

/* By due date, then case, kind and record: the order of every list of due
 * items. For g_ptr_array_sort(). */
gint         mc_due_item_compare       (gconstpointer   a,
                                        gconstpointer   b);

/* "follow-up", "vt-feedback", "evaluation": stable, for scripts. */
const char  *mc_due_kind_to_string     (McDueKind       kind);
/* The kind in words, in the locale: "Follow-up agreement". */
const char  *mc_due_kind_get_label     (McDueKind       kind);

/* Moves @date @n_days working days on. A working day is Monday to Friday;
 * public holidays are not known (the protocol's terms are "about" so many
 * working days, and a list of holidays would have to be kept per year).
 * From a Saturday or Sunday the count starts on the Monday. */
void         mc_due_add_working_days   (GDate          *date,
                                        guint           n_days);

/* Today's date where the user is. */
void         mc_due_get_today          (GDate          *today);

/* The items of @case_ due on or before @today plus @within_days
 * (MC_DUE_WITHIN_ANY: all), of McDueItem, sorted (mc_due_item_compare()).
 * Empty for a closed case. Without the term "vt-first-response" in
 * @protocol there is no feedback item. */
GPtrArray   *mc_case_get_due_items     (McCase         *case_,
                                        McProtocol     *protocol,
                                        const GDate    *today,
                                        guint           within_days);

/* The same across every open case of @self, read in a few queries over
 * the rows that can be due (not by loading the cases). */
GPtrArray   *mc_store_list_due         (McStore        *self,
                                        McProtocol     *protocol,
                                        const GDate    *today,
                                        guint           within_days,
                                        GError        **error);

/* For the store (mc-store-due.c) and the function above, so both decide
 * alike from what a record holds. Each returns NULL when nothing is due
 * (or not due by @limit, when given); dates are "YYYY-MM-DD" as stored. */
McDueItem   *mc_due_item_new_follow_up (gint64          case_id,
                                        const char     *case_number,
                                        gint64          follow_up_id,
                                        const char     *state,
                                        const char     *due_on,
                                        const char     *description,
                                        const GDate    *today,
                                        const GDate    *limit);
McDueItem   *mc_due_item_new_feedback  (gint64          case_id,
                                        const char     *case_number,
                                        gint64          decision_id,
                                        McAnswer        report_needed,
                                        const char     *reported_on,
                                        const char     *feedback_on,
                                        gint            working_days,
                                        const GDate    *today,
                                        const GDate    *limit);
McDueItem   *mc_due_item_new_evaluation (gint64         case_id,
                                         const char    *case_number,
                                         gint64         decision_id,
                                         McAnswer       help_possible,
                                         const char    *evaluation_on,
                                         const GDate   *today,
                                         const GDate   *limit);

/* The last day @within_days after @today: into @limit, or FALSE when that
 * is beyond any date a case can hold (no limit). */
gboolean     mc_due_get_limit          (const GDate    *today,
                                        guint           within_days,
                                        GDate          *limit);

G_END_DECLS
