/* mc-case.h: a case and the records that belong to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case concerns one presumed victim, the client. Its own fields are
 * properties ("number", "client-name", "client-number", "birth-date",
 * "status" ("open" or "closed"), "suspected-forms" (protocol ids),
 * "created-at", "updated-at", "closed-at" (a date), "close-reason" (a
 * protocol close-reason id), "close-note", "closed-by" (name and role),
 * "linked-case-id" (a sibling or household case; 0: none), the sections of
 * Veilig Thuis's form "support-network" and "other-information", each with
 * a "…-not-for-family" mark (store schema 9)); its records are
 * kept in one GListStore per record type, as mc_store_load_case() fills
 * them. The status and the closing fields change only through
 * mc_store_close_case() and mc_store_reopen_case().
 *
 * Decision rounds: a case keeps every decision, one per round (1, 2, …);
 * the current round is the highest, the only one that can change. The
 * afwegingskader answers and the meldnorm overrides belong to a round. The
 * functions without a round (mc_case_get_decision(),
 * mc_case_find_afweging_answer()) mean the current round.
 */

#pragma once

#include <gio/gio.h>

#include "mc-records.h"

G_BEGIN_DECLS

#define MC_TYPE_CASE (mc_case_get_type ())
G_DECLARE_FINAL_TYPE (McCase, mc_case, MC, CASE, McRecord)

McCase      *mc_case_new                    (void);

/* The record types a case holds, in the order of the steps. */
const GType *mc_case_get_child_types        (guint       *n_types);

/* The records of @record_type (one of the child types), a GListModel of
 * that type; the same model for the life of the case. */
GListModel  *mc_case_get_children           (McCase      *self,
                                             GType        record_type);
GListModel  *mc_case_get_people             (McCase      *self);
GListModel  *mc_case_get_signals            (McCase      *self);
GListModel  *mc_case_get_checklist_answers  (McCase      *self);
GListModel  *mc_case_get_consultations      (McCase      *self);
GListModel  *mc_case_get_conversations      (McCase      *self);
GListModel  *mc_case_get_afweging_answers   (McCase      *self);
GListModel  *mc_case_get_follow_ups         (McCase      *self);
/* Every round's McDecision, in the order of the rounds. */
GListModel  *mc_case_get_decisions          (McCase      *self);
/* Of every round. */
GListModel  *mc_case_get_norm_overrides     (McCase      *self);

gboolean     mc_case_is_closed              (McCase      *self);

/* The highest round that has a decision; 1 when there is none yet. */
guint        mc_case_get_current_round      (McCase      *self);

/* The one weighing of a case, and the decision of the current round;
 * created (not yet stored, id 0) when the case has none. A decision made
 * here is of round 1: later rounds start with their decision
 * (mc_store_start_round()). mc_store_update_field() stores a record that is
 * not stored yet. */
McWeighing  *mc_case_get_weighing           (McCase      *self);
McDecision  *mc_case_get_decision           (McCase      *self);
/* NULL when the case has no decision of @round. */
McDecision  *mc_case_get_round_decision     (McCase      *self,
                                             guint        round);

/* NULL when the case has no answer for that item or question yet;
 * mc_case_find_afweging_answer() looks in the current round. */
McChecklistAnswer *mc_case_find_checklist_answer      (McCase     *self,
                                                       const char *item_id);
McAfwegingAnswer  *mc_case_find_afweging_answer       (McCase     *self,
                                                       const char *question_id);
McAfwegingAnswer  *mc_case_find_round_afweging_answer (McCase     *self,
                                                       guint       round,
                                                       const char *question_id);
/* NULL when the professional did not override @rule_id in @round. */
McNormOverride    *mc_case_find_norm_override         (McCase     *self,
                                                       guint       round,
                                                       const char *rule_id);

/* Adds @record to the list of its type (replacing the weighing, or the
 * decision of the same round) and sets its case id; for keeping the case in
 * step with mc_store_insert() and mc_store_delete(). A decision, answer or
 * override without a round ("round" 0) gets the current round. */
void         mc_case_add_child              (McCase      *self,
                                             McRecord    *record);
/* FALSE when @record is not one of the case's records. */
gboolean     mc_case_remove_child           (McCase      *self,
                                             McRecord    *record);

G_END_DECLS
