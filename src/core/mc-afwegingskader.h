/* mc-afwegingskader.h: the decision of step 5, from the answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The afwegingskader leads from yes/no answers to the two decisions of
 * step 5: is reporting to Veilig Thuis necessary, and is help (also)
 * possible. Its questions, their order and where each answer leads come
 * from the protocol (McProtocolAfwegingskader), so another professional
 * group's wording or an extra question needs no change here. The decision is
 * a pure function: no I/O, no state, the same answers give the same result.
 *
 * Exact semantics:
 *
 * 1. The walk starts at the protocol's first question. At each question the
 *    answer is looked up by the question's id:
 *    - not answered (MC_ANSWER_UNKNOWN, or any value other than YES and NO):
 *      the walk stops; this question is next_question_id;
 *    - yes or no: the question joins the path and its branch for that answer
 *      is followed. A branch goes either to another question (the walk goes
 *      on there) or to an outcome.
 * 2. An outcome is applied, in the order the walk reaches it:
 *    - report="yes" makes report_needed YES, for good: a later outcome never
 *      withdraws a necessary report (after reporting, help that works still
 *      leaves the report made). report="no" makes it NO unless it is YES
 *      already;
 *    - help="yes"/"no" sets help_possible; the latest outcome that names it
 *      counts, since later questions refine the judgement of help;
 *    - an attribute the outcome leaves out changes nothing;
 *    - its reason is added to the reason text;
 *    - close="without-action" or "with-monitoring" marks the case closed
 *      (monitoring for the second); such an outcome never continues;
 *    - <continue question="…"> goes on at that question; with="…" names the
 *      contact the rest is weighed together with (together_with_id, kept
 *      from then on). Without <continue> the walk is complete.
 * 3. Answers to questions the walk does not reach are ignored, and so are
 *    ids the protocol does not know.
 *
 * The loader guarantees every branch ends, so the walk always stops. For the
 * basic afwegingskader (questions 1-5) this gives: 1 no: close without
 * action, report NO. 2 yes: report YES, questions 3-5 weighed together with
 * Veilig Thuis and deciding help. 3 no, 4 no: report YES, help NO. 4 yes:
 * help YES (report NO unless 2 was yes), then 5. 5 yes: close with
 * monitoring. 5 no: report YES (again).
 */

#pragma once

#include <glib.h>

#include "mc-protocol.h"

G_BEGIN_DECLS

/* The answer to the question @question_id; MC_ANSWER_UNKNOWN when there is
 * none. */
typedef McAnswer (*McAfwegingLookupFunc) (const char *question_id,
                                          gpointer    user_data);

typedef struct
{
  McAnswer   report_needed;      /* UNKNOWN: not decided yet */
  McAnswer   help_possible;      /* UNKNOWN: not decided yet */
  gboolean   closed;
  gboolean   monitoring;         /* closed with agreements on monitoring */
  /* The question to answer next; NULL when the walk is complete. */
  char      *next_question_id;
  /* The contact the remaining questions are weighed with, or NULL. */
  char      *together_with_id;
  /* The questions whose answers counted, in order. */
  char     **path;
  /* The outcomes reached, in order. */
  char     **outcome_ids;
  /* The outcomes' reasons, one paragraph each ("\n\n" between); NULL
   * before the first outcome. */
  char      *reason;
} McAfwegingResult;

McAfwegingResult *mc_afwegingskader_decide        (McProtocol           *protocol,
                                                   McAfwegingLookupFunc  lookup,
                                                   gpointer              user_data);
/* @answers maps question ids (char *) to GINT_TO_POINTER (McAnswer). */
McAfwegingResult *mc_afwegingskader_decide_table  (McProtocol           *protocol,
                                                   GHashTable           *answers);

void              mc_afweging_result_free         (McAfwegingResult     *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAfwegingResult, mc_afweging_result_free)

G_END_DECLS
