/* mc-completeness.h: where a case stands, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The protocol says per step what must be recorded for the step to count as
 * done (its requirements). These functions hold a case against them and say
 * what is missing in the protocol's own words, and run the afwegingskader
 * over the answers stored with the case.
 */

#pragma once

#include "mc-afwegingskader.h"
#include "mc-case.h"
#include "mc-protocol.h"

G_BEGIN_DECLS

typedef enum
{
  MC_STEP_NOT_STARTED,
  MC_STEP_IN_PROGRESS,
  MC_STEP_DONE,
  /* Something is recorded that does not fit: a later step is under way
   * while this one lacks what it needs, or the decision contradicts the
   * afwegingskader. */
  MC_STEP_NEEDS_ATTENTION,
} McStepState;

typedef struct
{
  guint        number;     /* 1 to 5 */
  McStepState  state;
  /* What is still missing (requirement texts from the protocol) and, for
   * NEEDS_ATTENTION, what does not fit; empty when the step is done. */
  GPtrArray   *missing;    /* of char * */
} McStepStatus;

void          mc_step_status_free       (McStepStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStepStatus, mc_step_status_free)

/* The five steps in order, of McStepStatus. */
GPtrArray        *mc_case_check_steps           (McCase     *case_,
                                                 McProtocol *protocol);
/* The first step that is not done (1 to 5); 5 when all are done. */
guint             mc_case_current_step          (GPtrArray  *statuses);
/* Where the case stands as a list shows it: the current step of
 * mc_case_check_steps(), and in @needs_attention (may be NULL) whether
 * any step needs attention. */
guint             mc_case_get_progress          (McCase     *case_,
                                                 McProtocol *protocol,
                                                 gboolean   *needs_attention);

/* The answer to @question_id in the case's current decision round. An
 * evaluation round takes the answers that led to the help from the
 * rounds before it, and asks the evaluation question anew. */
McAnswer          mc_case_lookup_question       (McCase     *case_,
                                                 McProtocol *protocol,
                                                 const char *question_id);

/* The afwegingskader over the case's stored answers (current round). */
McAfwegingResult *mc_case_decide                (McCase     *case_,
                                                 McProtocol *protocol);

/* Whether the kindcheck applies: the client is an adult (or of unknown
 * age), or children are among the people involved. */
gboolean          mc_case_kindcheck_applies     (McCase     *case_,
                                                 McProtocol *protocol);

/* Whether a recorded conversation (a date, no reason why it did not take
 * place) is with someone the age band of the client on its day names, as
 * step 3 warns of it. TRUE for a conversation not recorded as held, and
 * without a date of birth. */
gboolean          mc_case_conversation_fits_band (McCase         *case_,
                                                  McProtocol     *protocol,
                                                  McConversation *conversation);

/* The client's age today, -1 without a valid date of birth. */
int               mc_case_get_client_age        (McCase     *case_,
                                                 const GDate *on);

G_END_DECLS
