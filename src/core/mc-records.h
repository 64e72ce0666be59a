/* mc-records.h: the records that belong to a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each type is a McRecord with the fields of the case model; its
 * properties carry the field names below (see the McField table in
 * mc-records.c for the column and kind of each).
 */

#pragma once

#include "mc-record.h"

G_BEGIN_DECLS

/* A person involved in a case: a legal representative, household member,
 * child or other. Properties: "role" (a protocol person-role id),
 * "name", "birth-date", "relation", "notes", "address", "gezag" (McAnswer:
 * whether they have parental authority), "school" (school, day care or day
 * activity); "open melden" per person: "informed" (McAnswer: told of the
 * report), "informed-on", "informed-reaction", "informed-exception" (a
 * protocol "open melden, tenzij" exception id when not told);
 * "not-for-family" (store schema 9). */
#define MC_TYPE_PERSON (mc_person_get_type ())
G_DECLARE_FINAL_TYPE (McPerson, mc_person, MC, PERSON, McRecord)

McPerson *mc_person_new (gint64 case_id);

/* Step 1: what was observed or heard, kept apart as fact or interpretation.
 * Properties: "observed-on", "description", "nature", "observer", "source",
 * "category", "created-at"; for an interpretation "status" ("open",
 * "confirmed", "refuted") and "status-on", the date it was confirmed or
 * refuted; "not-for-family" (left out of a family copy). */
#define MC_TYPE_SIGNAL (mc_signal_get_type ())
G_DECLARE_FINAL_TYPE (McSignal, mc_signal, MC, SIGNAL, McRecord)

McSignal *mc_signal_new (gint64 case_id);

/* The answer to one protocol checklist item (the kindcheck and others), one
 * per item and case. Properties: "item-id", "value", "updated-at". */
#define MC_TYPE_CHECKLIST_ANSWER (mc_checklist_answer_get_type ())
G_DECLARE_FINAL_TYPE (McChecklistAnswer, mc_checklist_answer, MC, CHECKLIST_ANSWER, McRecord)

McChecklistAnswer *mc_checklist_answer_new (gint64 case_id);

/* Step 2: who was consulted, when, and the advice. Properties:
 * "consulted-on", "role", "consultee", "anonymous", "advice". */
#define MC_TYPE_CONSULTATION (mc_consultation_get_type ())
G_DECLARE_FINAL_TYPE (McConsultation, mc_consultation, MC, CONSULTATION, McRecord)

McConsultation *mc_consultation_new (gint64 case_id);

/* Step 3: the conversation with the client or legal representatives, or why
 * it did not take place. Properties: "held-on", "with-whom", "discussed",
 * "reaction", "not-held-reason", "not-held-explanation", "person-id" (the
 * McPerson of the case it was held with; 0: none, or "with-whom" only),
 * "not-for-family" (left out of a family copy). */
#define MC_TYPE_CONVERSATION (mc_conversation_get_type ())
G_DECLARE_FINAL_TYPE (McConversation, mc_conversation, MC, CONVERSATION, McRecord)

McConversation *mc_conversation_new (gint64 case_id);

/* Step 4: the weighing of the violence, one per case. Properties: "acute",
 * "structural", "instrument", "instrument-result", "notes", "updated-at". */
#define MC_TYPE_WEIGHING (mc_weighing_get_type ())
G_DECLARE_FINAL_TYPE (McWeighing, mc_weighing, MC, WEIGHING, McRecord)

McWeighing *mc_weighing_new (gint64 case_id);

/* Step 5: the answer to one afwegingskader question, one per question,
 * decision round and case. Properties: "round", "question-id", "answer",
 * "note", "updated-at".
 *
 * "round" 0 means "the current round": mc_case_add_child() and
 * mc_store_insert() give such an answer the case's current round. */
#define MC_TYPE_AFWEGING_ANSWER (mc_afweging_answer_get_type ())
G_DECLARE_FINAL_TYPE (McAfwegingAnswer, mc_afweging_answer, MC, AFWEGING_ANSWER, McRecord)

McAfwegingAnswer *mc_afweging_answer_new           (gint64 case_id);
/* An answer in decision round @round (1 or more). */
McAfwegingAnswer *mc_afweging_answer_new_for_round (gint64 case_id,
                                                    guint  round);

/* Step 5: the two decisions, who took them and what followed, one per
 * decision round of a case. Properties: "round" (1, 2, …; 0: the current
 * round, as for McAfwegingAnswer), "kind" ("first", "evaluation",
 * "report-again", "reweigh"; the store makes an empty one "first"),
 * "report-needed", "help-possible", "justification", "decided-by-name",
 * "decided-by-role", "decided-on", "evaluation-on" (when the help is
 * evaluated, after question 4 = yes), "reported-on", "vt-reference",
 * "client-informed", "informed-exception", "client-reaction", and after the
 * report: "report-method" ("phone", "phone-and-form", "form"), "vt-contact"
 * (who at Veilig Thuis took it), "vt-response" ("takes-on", "advice",
 * "refers", "declines"), "vt-agreements", "feedback-on", "feedback";
 * "sealed-at" (when the next round started; from then on the round cannot
 * change), "updated-at". "round", "kind" and "sealed-at" are given when the
 * decision is inserted or by mc_store_start_round(), never changed with
 * mc_store_update_field(). */
#define MC_TYPE_DECISION (mc_decision_get_type ())
G_DECLARE_FINAL_TYPE (McDecision, mc_decision, MC, DECISION, McRecord)

McDecision *mc_decision_new (gint64 case_id);

/* A follow-up agreement with its due date. Properties: "description",
 * "due-on", "owner-name", "owner-role" (who does it), "state" ("open",
 * "done", "not-done"), "state-note", "checked-on" (when the state was
 * checked), "done", "created-at". "done" is kept in step with "state":
 * it is TRUE exactly when the state is "done"; setting it TRUE makes the
 * state "done", FALSE makes a done agreement open again. */
#define MC_TYPE_FOLLOW_UP (mc_follow_up_get_type ())
G_DECLARE_FINAL_TYPE (McFollowUp, mc_follow_up, MC, FOLLOW_UP, McRecord)

McFollowUp *mc_follow_up_new (gint64 case_id);

/* A meldnorm the professional overrode in one decision round, with their
 * written reason. Properties: "round" (0: the current round, as for
 * McAfwegingAnswer), "rule-id" (the protocol's rule), "reason",
 * "created-at". One per rule and round. */
#define MC_TYPE_NORM_OVERRIDE (mc_norm_override_get_type ())
G_DECLARE_FINAL_TYPE (McNormOverride, mc_norm_override, MC, NORM_OVERRIDE, McRecord)

McNormOverride *mc_norm_override_new (gint64 case_id);

G_END_DECLS
