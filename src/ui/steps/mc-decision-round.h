/* mc-decision-round.h: the decision round that can still change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-case-editor.h"

G_BEGIN_DECLS

#define MC_TYPE_DECISION_ROUND (mc_decision_round_get_type ())

G_DECLARE_FINAL_TYPE (McDecisionRound, mc_decision_round, MC, DECISION_ROUND, AdwBin)

/* The case's current round: its afwegingskader, the meldnormen with the
 * reasons to deviate, the decision, what followed the report, and the way
 * to the next round (an evaluation, a new report). */
GtkWidget  *mc_decision_round_new         (McCaseEditor    *editor);
/* Shows the current round of @editor's case, and saves to it, instead of
 * the round it showed (a step page kept for the next case); @editor has
 * the same protocol. What waits to be saved goes to the case before, and
 * the question whether to start its next round closes. */
void        mc_decision_round_set_editor  (McDecisionRound *self,
                                           McCaseEditor    *editor);
/* The McDecision it edits. */
McRecord   *mc_decision_round_get_decision (McDecisionRound *self);
/* Puts the focus on the question to answer next, else on the decision. */
void        mc_decision_round_focus       (McDecisionRound *self);

/* "Decision round 2 · evaluation" for @decision's round and kind. */
char       *mc_decision_round_dup_title   (McRecord        *decision);

G_END_DECLS
