/* mc-report-builder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-report-builder"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-afwegingskader.h"
#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-meldnormen.h"
#include "mc-report-builder.h"

/* From a case to a report */

static const char *
text_of (gpointer    record,
         const char *property)
{
  const char *text = mc_record_get_string (MC_RECORD (record), property);

  return text != NULL && *text != '\0' ? text : NULL;
}

/* A date field: NULL when empty, an error when it holds something else (the
 * report would refuse it). */
static gboolean
date_of (gpointer      record,
         const char   *property,
         const char  **out,
         GError      **error)
{
  const char *text = text_of (record, property);
  GDate date;

  *out = NULL;
  if (text == NULL)
    return TRUE;

  g_date_clear (&date, 1);
  if (!mc_date_from_iso8601 (text, &date))
    {
      /* Translators: %s is what the case holds where a date should be. */
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                   _("“%s” is not a valid date: correct it in the case first."), text);
      return FALSE;
    }

  *out = text;
  return TRUE;
}

static int
age_on (const char  *birth_date,
        const GDate *on)
{
  GDate birth;
  int age;

  g_date_clear (&birth, 1);
  if (birth_date == NULL || !mc_date_from_iso8601 (birth_date, &birth))
    return MC_REPORT_AGE_UNKNOWN;

  age = mc_age_on (&birth, on);
  return age >= 0 && age <= 150 ? age : MC_REPORT_AGE_UNKNOWN;
}

static McReportAnswer
report_answer (McAnswer answer)
{
  switch (answer)
    {
    case MC_ANSWER_YES:
      return MC_REPORT_ANSWER_YES;
    case MC_ANSWER_NO:
      return MC_REPORT_ANSWER_NO;
    case MC_ANSWER_UNKNOWN:
    default:
      return MC_REPORT_ANSWER_UNANSWERED;
    }
}

static const char *
item_label (McProtocol *protocol,
            const char *id)
{
  const McProtocolItem *item = id != NULL ? mc_protocol_lookup_item (protocol, id) : NULL;

  return item != NULL ? item->label : NULL;
}

/* The weighing, or NULL: mc_case_get_weighing() would add an empty one to
 * the case. */
static McRecord *
dup_single (McCase *case_,
            GType   type)
{
  GListModel *model = mc_case_get_children (case_, type);

  return g_list_model_get_n_items (model) > 0 ? g_list_model_get_item (model, 0) : NULL;
}

/* @people_index maps a person's record id to its index in the report. */
static gboolean
add_people (McReport     *report,
            McCase       *case_,
            McProtocol   *protocol,
            const GDate  *on,
            GHashTable   *people_index,
            GError      **error)
{
  GListModel *people = mc_case_get_people (case_);

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(McRecord) person = g_list_model_get_item (people, i);
      const char *role = text_of (person, "role");
      const char *exception = text_of (person, "informed-exception");
      const char *birth_date;
      const char *informed_on;
      gint64 id = mc_record_get_id (person);
      guint index = report->people->len;

      if (!date_of (person, "birth-date", &birth_date, error)
          || !date_of (person, "informed-on", &informed_on, error))
        return FALSE;
      if (id > 0)
        g_hash_table_insert (people_index, g_memdup2 (&id, sizeof id),
                             GUINT_TO_POINTER (report->people->len));
      mc_report_add_person (report, role, item_label (protocol, role), text_of (person, "name"),
                            birth_date, age_on (birth_date, on), text_of (person, "relation"));
      mc_report_set_person_details (report, index, text_of (person, "address"),
                                    report_answer (mc_record_get_answer (person, "gezag")),
                                    text_of (person, "school"));
      mc_report_set_person_informed (report, index,
                                     report_answer (mc_record_get_answer (person, "informed")),
                                     informed_on, text_of (person, "informed-reaction"),
                                     exception, item_label (protocol, exception));
      if (mc_record_get_boolean (person, "not-for-family"))
        mc_report_mark_not_for_family (report, MC_REPORT_PART_PERSON, index);
    }

  return TRUE;
}

static gboolean
add_signals (McReport    *report,
             McCase      *case_,
             McProtocol  *protocol,
             GError     **error)
{
  GListModel *signals = mc_case_get_signals (case_);

  for (guint i = 0; i < g_list_model_get_n_items (signals); i++)
    {
      g_autoptr(McRecord) signal = g_list_model_get_item (signals, i);
      const char *category = text_of (signal, "category");
      const char *observed_on;
      const char *status_on;
      McReportSignalStatus status;
      /* A signal not marked as a fact is not presented as one. */
      McReportNature nature = g_strcmp0 (text_of (signal, "nature"), "fact") == 0
                              ? MC_REPORT_NATURE_FACT : MC_REPORT_NATURE_INTERPRETATION;

      if (!date_of (signal, "observed-on", &observed_on, error)
          || !date_of (signal, "status-on", &status_on, error))
        return FALSE;
      /* A status the model does not know says nothing. */
      if (!mc_report_signal_status_from_id (text_of (signal, "status"), &status))
        status = MC_REPORT_SIGNAL_STATUS_NONE;
      mc_report_add_signal (report, observed_on, category, item_label (protocol, category), nature,
                            text_of (signal, "observer"), text_of (signal, "source"),
                            text_of (signal, "description"), status, status_on);
      if (mc_record_get_boolean (signal, "not-for-family"))
        mc_report_mark_not_for_family (report, MC_REPORT_PART_SIGNAL, report->signals->len - 1);
    }

  return TRUE;
}

/* The special forms suspected, each with the protocol's advice and its
 * duties (the IGJ, the board), and whether each duty was done: the duties
 * are answered as checklist items of their own. Their ids go in @listed,
 * so that the kindcheck does not list them again. */
static void
add_special_forms (McReport   *report,
                   McCase     *case_,
                   McProtocol *protocol,
                   GHashTable *listed)
{
  const char * const *forms = mc_record_get_lines (MC_RECORD (case_), "suspected-forms");

  for (guint i = 0; forms != NULL && forms[i] != NULL; i++)
    {
      const McProtocolSpecialForm *form = mc_protocol_lookup_special_form (protocol, forms[i]);
      McReportSpecialForm *added;

      /* Another protocol's form: kept by its id. */
      added = mc_report_add_special_form (report, forms[i], form != NULL ? form->name : NULL,
                                          form != NULL ? form->advice_text : NULL);
      for (guint j = 0; form != NULL && form->duties != NULL && j < form->duties->len; j++)
        {
          const McProtocolDuty *duty = g_ptr_array_index (form->duties, j);
          McChecklistAnswer *answer = mc_case_find_checklist_answer (case_, duty->id);
          const char *done = answer != NULL ? text_of (answer, "value") : NULL;

          if (g_strcmp0 (done, "yes") != 0 && g_strcmp0 (done, "no") != 0)
            done = NULL;
          mc_report_special_form_add_duty (added, duty->id, duty->text, done);
          g_hash_table_add (listed, (gpointer) duty->id);
        }
    }
}

/* The kindcheck items answered, in the protocol's order, then answers to
 * items the kindcheck does not list (another protocol's, or another
 * checklist's), so nothing the case holds is left out; @listed holds the
 * ids another section carries already. */
static void
add_kindcheck (McReport   *report,
               McCase     *case_,
               McProtocol *protocol,
               GHashTable *listed)
{
  const McProtocolChecklist *kindcheck = mc_protocol_get_checklist (protocol, MC_CHECKLIST_KINDCHECK);
  GListModel *answers = mc_case_get_checklist_answers (case_);

  for (guint i = 0; kindcheck != NULL && i < kindcheck->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (kindcheck->items, i);
      McChecklistAnswer *answer = mc_case_find_checklist_answer (case_, item->id);
      const char *value = answer != NULL ? text_of (answer, "value") : NULL;

      g_hash_table_add (listed, (gpointer) item->id);
      if (value != NULL)
        mc_report_add_check (report, item->id, item->label, value);
    }

  for (guint i = 0; i < g_list_model_get_n_items (answers); i++)
    {
      g_autoptr(McRecord) answer = g_list_model_get_item (answers, i);
      const char *item_id = text_of (answer, "item-id");
      const char *value = text_of (answer, "value");

      if (item_id == NULL || value == NULL || g_hash_table_contains (listed, item_id))
        continue;
      mc_report_add_check (report, item_id, item_label (protocol, item_id), value);
    }
}

static gboolean
add_consultations (McReport    *report,
                   McCase      *case_,
                   McProtocol  *protocol,
                   GError     **error)
{
  GListModel *consultations = mc_case_get_consultations (case_);

  for (guint i = 0; i < g_list_model_get_n_items (consultations); i++)
    {
      g_autoptr(McRecord) consultation = g_list_model_get_item (consultations, i);
      const char *role = text_of (consultation, "role");
      const char *consulted_on;

      if (!date_of (consultation, "consulted-on", &consulted_on, error))
        return FALSE;
      mc_report_add_consultation (report, consulted_on, role, item_label (protocol, role),
                                  text_of (consultation, "consultee"),
                                  mc_record_get_boolean (consultation, "anonymous"),
                                  text_of (consultation, "advice"));
    }

  return TRUE;
}

/* Every conversation in order, each with the person it was held with when
 * that person is one of the case's. */
static gboolean
add_conversations (McReport    *report,
                   McCase      *case_,
                   McProtocol  *protocol,
                   GHashTable  *people_index,
                   GError     **error)
{
  GListModel *conversations = mc_case_get_conversations (case_);

  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr(McRecord) conversation = g_list_model_get_item (conversations, i);
      const char *reason = text_of (conversation, "not-held-reason");
      gint64 person_id = mc_record_get_integer (conversation, "person-id");
      gpointer index;
      int person = MC_REPORT_NO_PERSON;
      const char *held_on;
      guint before = report->conversations->len;

      if (!date_of (conversation, "held-on", &held_on, error))
        return FALSE;
      if (person_id > 0 && g_hash_table_lookup_extended (people_index, &person_id, NULL, &index))
        person = (int) GPOINTER_TO_UINT (index);

      if (reason != NULL)
        mc_report_add_conversation_not_held (report, person, reason, item_label (protocol, reason),
                                             text_of (conversation, "not-held-explanation"));
      else if (held_on != NULL || person != MC_REPORT_NO_PERSON
               || text_of (conversation, "with-whom") != NULL
               || text_of (conversation, "discussed") != NULL
               || text_of (conversation, "reaction") != NULL)
        mc_report_add_conversation_held (report, person, held_on,
                                         text_of (conversation, "with-whom"),
                                         text_of (conversation, "discussed"),
                                         text_of (conversation, "reaction"));
      if (report->conversations->len > before
          && mc_record_get_boolean (conversation, "not-for-family"))
        mc_report_mark_not_for_family (report, MC_REPORT_PART_CONVERSATION, before);
    }

  return TRUE;
}

/* Decision rounds */

static const char *
round_kind (McCase *case_,
            guint   round)
{
  McDecision *decision = mc_case_get_round_decision (case_, round);

  return decision != NULL ? text_of (decision, "kind") : NULL;
}

/* A question that an outcome continues with (question 5 after "offer
 * help"): an evaluation round asks it anew. */
static gboolean
is_continue_question (McProtocol *protocol,
                      const char *question_id)
{
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol);

  for (guint i = 0; i < kader->outcomes->len; i++)
    {
      const McProtocolOutcome *outcome = g_ptr_array_index (kader->outcomes, i);

      if (g_strcmp0 (outcome->continue_question_id, question_id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The nearest round before @round with an answer to @question_id, 0 when
 * there is none. */
static guint
earlier_answer_round (McCase     *case_,
                      guint       round,
                      const char *question_id)
{
  for (guint earlier = round - 1; earlier >= 1; earlier--)
    if (mc_case_find_round_afweging_answer (case_, earlier, question_id) != NULL)
      return earlier;
  return 0;
}

typedef struct
{
  McCase     *case_;
  McProtocol *protocol;
  guint       round;
  guint       current;
} RoundLookup;

/* The answer that counts in a round, and in *@from_round the earlier round
 * it stands from (0: its own, or none). The current round asks
 * mc_case_lookup_question(), so the report weighs as the case page does;
 * an earlier round is asked the same way as of its own time: an
 * evaluation takes over the answers that led to the help and asks the
 * continue questions anew. */
static McAnswer
round_lookup (RoundLookup *lookup,
              const char  *question_id,
              guint       *from_round)
{
  McAfwegingAnswer *answer;
  guint earlier;
  McAnswer value;

  *from_round = 0;
  answer = mc_case_find_round_afweging_answer (lookup->case_, lookup->round, question_id);
  if (answer != NULL)
    return mc_record_get_answer (MC_RECORD (answer), "answer");

  if (lookup->round == lookup->current)
    {
      value = mc_case_lookup_question (lookup->case_, lookup->protocol, question_id);
      if (value != MC_ANSWER_UNKNOWN)
        *from_round = earlier_answer_round (lookup->case_, lookup->round, question_id);
      return value;
    }

  if (g_strcmp0 (round_kind (lookup->case_, lookup->round), "evaluation") != 0
      || is_continue_question (lookup->protocol, question_id))
    return MC_ANSWER_UNKNOWN;

  earlier = earlier_answer_round (lookup->case_, lookup->round, question_id);
  if (earlier == 0)
    return MC_ANSWER_UNKNOWN;
  answer = mc_case_find_round_afweging_answer (lookup->case_, earlier, question_id);
  value = mc_record_get_answer (MC_RECORD (answer), "answer");
  if (value != MC_ANSWER_UNKNOWN)
    *from_round = earlier;
  return value;
}

static McAnswer
round_lookup_func (const char *question_id,
                   gpointer    user_data)
{
  guint from_round;

  return round_lookup (user_data, question_id, &from_round);
}

/* The questions the walk may still reach from @question_id: the route
 * goes on from there, whatever the answers are. */
static void
add_reachable (McProtocol *protocol,
               const char *question_id,
               GHashTable *reachable)
{
  const McProtocolQuestion *question;
  const McProtocolBranch *branches[2];

  if (question_id == NULL || g_hash_table_contains (reachable, question_id)
      || (question = mc_protocol_lookup_question (protocol, question_id)) == NULL)
    return;

  g_hash_table_add (reachable, (gpointer) question->id);
  branches[0] = &question->yes;
  branches[1] = &question->no;
  for (guint i = 0; i < G_N_ELEMENTS (branches); i++)
    {
      const McProtocolOutcome *outcome;

      if (branches[i]->question_id != NULL)
        add_reachable (protocol, branches[i]->question_id, reachable);
      else if ((outcome = mc_protocol_lookup_outcome (protocol, branches[i]->outcome_id)) != NULL)
        add_reachable (protocol, outcome->continue_question_id, reachable);
    }
}

/* Every question of the protocol, answered or not, then the round's
 * answers to questions it does not have. A question is skipped when the
 * route of the answers neither passed it nor can still reach it. */
static void
add_round_questions (McReportRound    *round,
                     RoundLookup      *lookup,
                     McAfwegingResult *result)
{
  const McProtocolAfwegingskader *afwegingskader = mc_protocol_get_afwegingskader (lookup->protocol);
  GListModel *answers = mc_case_get_afweging_answers (lookup->case_);
  g_autoptr(GHashTable) on_route = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ahead = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; result->path != NULL && result->path[i] != NULL; i++)
    g_hash_table_add (on_route, result->path[i]);
  add_reachable (lookup->protocol, result->next_question_id, ahead);

  for (guint i = 0; i < afwegingskader->questions->len; i++)
    {
      const McProtocolQuestion *question = g_ptr_array_index (afwegingskader->questions, i);
      McAfwegingAnswer *own = mc_case_find_round_afweging_answer (lookup->case_, lookup->round,
                                                                   question->id);
      gboolean skipped = !g_hash_table_contains (on_route, question->id)
                         && !g_hash_table_contains (ahead, question->id);
      McReportAnswer answer = MC_REPORT_ANSWER_UNANSWERED;
      const char *note = NULL;
      guint from_round = 0;

      if (own != NULL)
        {
          answer = report_answer (mc_record_get_answer (MC_RECORD (own), "answer"));
          note = text_of (own, "note");
        }
      else if (!skipped)
        {
          answer = report_answer (round_lookup (lookup, question->id, &from_round));
          if (from_round > 0)
            note = text_of (mc_case_find_round_afweging_answer (lookup->case_, from_round,
                                                                question->id), "note");
        }

      mc_report_round_add_question (round, question->id, question->text, answer, note, skipped,
                                    from_round);
    }

  for (guint i = 0; i < g_list_model_get_n_items (answers); i++)
    {
      g_autoptr(McRecord) answer = g_list_model_get_item (answers, i);
      const char *question_id = text_of (answer, "question-id");

      if (question_id == NULL || (guint) mc_record_get_integer (answer, "round") != lookup->round
          || mc_protocol_lookup_question (lookup->protocol, question_id) != NULL)
        continue;
      mc_report_round_add_question (round, question_id, NULL,
                                    report_answer (mc_record_get_answer (answer, "answer")),
                                    text_of (answer, "note"), FALSE, 0);
    }
}

/* The current round: what the meldnormen say now. An earlier round: the
 * overrides it holds (its facts are not kept, so whether a rule was
 * broken then is what the professional wrote down). */
static void
add_round_norms (McReportRound *round,
                 RoundLookup   *lookup)
{
  if (lookup->round == lookup->current)
    {
      GListModel *weighings = mc_case_get_children (lookup->case_, MC_TYPE_WEIGHING);
      gboolean had_weighing = g_list_model_get_n_items (weighings) > 0;
      gboolean had_decision = mc_case_get_round_decision (lookup->case_, lookup->round) != NULL;
      g_autoptr(GPtrArray) checks = mc_case_check_meldnormen (lookup->case_, lookup->protocol);

      /* Asking for the facts gives a case without a weighing or a decision
       * an empty one; the report only reads the case. */
      if (!had_weighing && g_list_model_get_n_items (weighings) > 0)
        {
          g_autoptr(McRecord) added = g_list_model_get_item (weighings, 0);

          mc_case_remove_child (lookup->case_, added);
        }
      if (!had_decision && mc_case_get_round_decision (lookup->case_, lookup->round) != NULL)
        mc_case_remove_child (lookup->case_,
                              MC_RECORD (mc_case_get_round_decision (lookup->case_, lookup->round)));

      for (guint i = 0; i < checks->len; i++)
        {
          const McRuleCheck *check = g_ptr_array_index (checks, i);

          if (check->state == MC_RULE_OVERRIDDEN)
            mc_report_round_add_norm (round, check->rule->id, check->rule->text,
                                      check->override_reason);
          else if (check->state == MC_RULE_BROKEN)
            mc_report_round_add_norm (round, check->rule->id, check->rule->text, NULL);
        }
    }
  else
    {
      GListModel *overrides = mc_case_get_norm_overrides (lookup->case_);

      for (guint i = 0; i < g_list_model_get_n_items (overrides); i++)
        {
          g_autoptr(McRecord) override = g_list_model_get_item (overrides, i);
          const char *rule_id = text_of (override, "rule-id");
          const char *reason = text_of (override, "reason");
          const McProtocolRule *rule;

          if ((guint) mc_record_get_integer (override, "round") != lookup->round
              || rule_id == NULL || reason == NULL)
            continue;
          rule = mc_protocol_lookup_rule (lookup->protocol, rule_id);
          mc_report_round_add_norm (round, rule_id, rule != NULL ? rule->text : NULL, reason);
        }
    }
}

static gboolean
add_round_decision (McReportRound  *round,
                    McProtocol     *protocol,
                    McRecord       *decision,
                    GError        **error)
{
  const char *decided_on;
  const char *evaluation_on;
  const char *reported_on;
  const char *feedback_on;
  const char *exception;
  McReportMethod method;
  McReportVtResponse response;

  if (decision == NULL)
    return TRUE;

  if (!date_of (decision, "decided-on", &decided_on, error)
      || !date_of (decision, "evaluation-on", &evaluation_on, error)
      || !date_of (decision, "reported-on", &reported_on, error)
      || !date_of (decision, "feedback-on", &feedback_on, error))
    return FALSE;

  mc_report_round_set_decision (round,
                                report_answer (mc_record_get_answer (decision, "report-needed")),
                                report_answer (mc_record_get_answer (decision, "help-possible")),
                                text_of (decision, "justification"),
                                text_of (decision, "decided-by-name"),
                                text_of (decision, "decided-by-role"),
                                decided_on, evaluation_on);

  exception = text_of (decision, "informed-exception");
  mc_report_round_set_veilig_thuis (round, reported_on, text_of (decision, "vt-reference"),
                                    report_answer (mc_record_get_answer (decision, "client-informed")),
                                    exception, item_label (protocol, exception),
                                    text_of (decision, "client-reaction"));

  /* A value the model does not know says nothing. */
  if (!mc_report_method_from_id (text_of (decision, "report-method"), &method))
    method = MC_REPORT_METHOD_NONE;
  if (!mc_report_vt_response_from_id (text_of (decision, "vt-response"), &response))
    response = MC_REPORT_VT_RESPONSE_NONE;
  mc_report_round_set_after_report (round, method, text_of (decision, "vt-contact"), response,
                                    text_of (decision, "vt-agreements"), feedback_on,
                                    text_of (decision, "feedback"));
  return TRUE;
}

static gboolean
add_rounds (McReport    *report,
            McCase      *case_,
            McProtocol  *protocol,
            GError     **error)
{
  guint current = mc_case_get_current_round (case_);

  for (guint number = 1; number <= current; number++)
    {
      RoundLookup lookup = { case_, protocol, number, current };
      McDecision *decision = mc_case_get_round_decision (case_, number);
      g_autoptr(McAfwegingResult) result = NULL;
      McReportRoundKind kind;
      McReportRound *round;

      if (!mc_report_round_kind_from_id (round_kind (case_, number), &kind))
        kind = MC_REPORT_ROUND_FIRST;
      if (number == 1)
        {
          round = mc_report_get_current_round (report);
          mc_report_round_set_kind (round, kind);
        }
      else
        round = mc_report_add_round (report, kind);

      result = mc_afwegingskader_decide (protocol, round_lookup_func, &lookup);
      add_round_questions (round, &lookup, result);
      mc_report_round_set_outcome (round, report_answer (result->report_needed),
                                   report_answer (result->help_possible), result->reason);
      add_round_norms (round, &lookup);
      if (!add_round_decision (round, protocol, decision != NULL ? MC_RECORD (decision) : NULL,
                               error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
add_agreements (McReport  *report,
                McCase    *case_,
                GError   **error)
{
  GListModel *follow_ups = mc_case_get_follow_ups (case_);

  for (guint i = 0; i < g_list_model_get_n_items (follow_ups); i++)
    {
      g_autoptr(McRecord) follow_up = g_list_model_get_item (follow_ups, i);
      McReportAgreementState state;
      const char *due_on;
      const char *checked_on;

      if (!date_of (follow_up, "due-on", &due_on, error)
          || !date_of (follow_up, "checked-on", &checked_on, error))
        return FALSE;
      /* "done" came first; "state" says more where it is set. */
      if (!mc_report_agreement_state_from_id (text_of (follow_up, "state"), &state)
          || text_of (follow_up, "state") == NULL)
        state = mc_record_get_boolean (follow_up, "done") ? MC_REPORT_AGREEMENT_DONE
                                                          : MC_REPORT_AGREEMENT_OPEN;
      mc_report_add_agreement (report, text_of (follow_up, "description"), due_on, state,
                               text_of (follow_up, "owner-name"), text_of (follow_up, "owner-role"),
                               text_of (follow_up, "state-note"), checked_on);
    }

  return TRUE;
}

static gboolean
add_closing (McReport    *report,
             McCase      *case_,
             McProtocol  *protocol,
             GError     **error)
{
  const char *closed_on;
  const char *reason = text_of (case_, "close-reason");
  const McProtocolItem *item = reason != NULL ? mc_protocol_lookup_close_reason (protocol, reason)
                                              : NULL;

  if (!date_of (case_, "closed-at", &closed_on, error))
    return FALSE;
  mc_report_set_closing (report, closed_on, reason, item != NULL ? item->label : NULL,
                         text_of (case_, "close-note"), text_of (case_, "closed-by"));
  return TRUE;
}

McReport *
mc_report_new_from_case (McCase      *case_,
                         McProtocol  *protocol,
                         const char  *author_name,
                         const char  *author_role,
                         GDateTime   *created_at,
                         GError     **error)
{
  g_autoptr(McReport) report = NULL;
  g_autoptr(McRecord) weighing = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GHashTable) people_index = NULL;
  const McProtocolOrganisation *organisation;
  McDecision *decision;
  const char *revision;
  const char *birth_date;
  const char *decided_on = NULL;
  g_autoptr(GHashTable) listed = NULL;
  GDate on;

  g_return_val_if_fail (MC_IS_CASE (case_), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (created_at != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  weighing = dup_single (case_, MC_TYPE_WEIGHING);
  decision = mc_case_get_round_decision (case_, mc_case_get_current_round (case_));

  /* Ages count at the decision, or today while there is none. */
  g_date_clear (&on, 1);
  if (decision != NULL && !date_of (decision, "decided-on", &decided_on, error))
    return NULL;
  if (decided_on == NULL || !mc_date_from_iso8601 (decided_on, &on))
    {
      local = g_date_time_to_local (created_at);
      g_date_set_dmy (&on, g_date_time_get_day_of_month (local),
                      g_date_time_get_month (local), g_date_time_get_year (local));
    }

  report = mc_report_new ();
  mc_report_set_case (report, text_of (case_, "number"),
                      mc_case_is_closed (case_) ? MC_REPORT_STATUS_CLOSED : MC_REPORT_STATUS_OPEN);
  /* The schema wants a version; a protocol without a revision says so. */
  revision = mc_protocol_get_revision (protocol);
  mc_report_set_protocol (report, mc_protocol_get_id (protocol),
                          revision != NULL ? revision : "unspecified");
  mc_report_set_created_at (report, created_at);
  organisation = mc_protocol_get_organisation (protocol);
  mc_report_set_author (report, organisation->name, author_name, author_role);

  if (!date_of (case_, "birth-date", &birth_date, error))
    return NULL;
  mc_report_set_client (report, text_of (case_, "client-name"), text_of (case_, "client-number"),
                        birth_date, age_on (birth_date, &on));

  mc_report_set_section (report, MC_REPORT_SECTION_SUPPORT_NETWORK,
                         text_of (case_, "support-network"),
                         mc_record_get_boolean (MC_RECORD (case_), "support-network-not-for-family"));
  mc_report_set_section (report, MC_REPORT_SECTION_OTHER_INFORMATION,
                         text_of (case_, "other-information"),
                         mc_record_get_boolean (MC_RECORD (case_), "other-information-not-for-family"));

  people_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!add_people (report, case_, protocol, &on, people_index, error)
      || !add_signals (report, case_, protocol, error))
    return NULL;
  listed = g_hash_table_new (g_str_hash, g_str_equal);
  add_special_forms (report, case_, protocol, listed);
  add_kindcheck (report, case_, protocol, listed);
  if (!add_consultations (report, case_, protocol, error)
      || !add_conversations (report, case_, protocol, people_index, error))
    return NULL;

  if (weighing != NULL)
    mc_report_set_weighing (report,
                            report_answer (mc_record_get_answer (weighing, "acute")),
                            report_answer (mc_record_get_answer (weighing, "structural")),
                            text_of (weighing, "instrument"),
                            text_of (weighing, "instrument-result"),
                            text_of (weighing, "notes"));

  if (!add_rounds (report, case_, protocol, error)
      || !add_agreements (report, case_, error)
      || !add_closing (report, case_, protocol, error))
    return NULL;

  return g_steal_pointer (&report);
}

/* From a report to a case */

/* Same order of values, as mc-report.h promises. */
G_STATIC_ASSERT ((int) MC_REPORT_ANSWER_UNANSWERED == (int) MC_ANSWER_UNKNOWN);
G_STATIC_ASSERT ((int) MC_REPORT_ANSWER_YES == (int) MC_ANSWER_YES);
G_STATIC_ASSERT ((int) MC_REPORT_ANSWER_NO == (int) MC_ANSWER_NO);

static void
add_child (McCase   *case_,
           gpointer  record)
{
  mc_case_add_child (case_, MC_RECORD (record));
  g_object_unref (record);
}

/* Whether two items of @items (with a string at @id_offset) share an id;
 * @skip_offset (or -1) names a guint that, when not 0, leaves an item
 * out. */
static gboolean
check_unique (GPtrArray    *items,
              gsize         id_offset,
              gssize        skip_offset,
              gboolean      rules,
              GError      **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);
      const char *id = G_STRUCT_MEMBER (const char *, item, id_offset);

      if (id == NULL || (skip_offset >= 0 && G_STRUCT_MEMBER (guint, item, skip_offset) != 0))
        continue;
      if (!g_hash_table_add (seen, (gpointer) id))
        {
          if (rules)
            /* Translators: %s is the id of a meldnorm in the report. */
            g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                         _("The report deviates from the meldnorm “%s” twice in one decision round."),
                         id);
          else
            /* Translators: %s is the id of a question in the report. */
            g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                         _("The report answers “%s” twice."), id);
          return FALSE;
        }
    }

  return TRUE;
}

/* A special form's duty answers are checklist answers of the case: none
 * may be answered twice, nor be a kindcheck item too. */
static gboolean
check_duties (const McReport  *report,
              GError         **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < report->kindcheck->len; i++)
    g_hash_table_add (seen, ((McReportCheck *) g_ptr_array_index (report->kindcheck, i))->id);
  for (guint i = 0; i < report->special_forms->len; i++)
    {
      const McReportSpecialForm *form = g_ptr_array_index (report->special_forms, i);

      for (guint j = 0; j < form->duties->len; j++)
        {
          const McReportDuty *duty = g_ptr_array_index (form->duties, j);

          if (duty->done != NULL && !g_hash_table_add (seen, duty->id))
            {
              g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                           _("The report answers “%s” twice."), duty->id);
              return FALSE;
            }
        }
    }
  return TRUE;
}

static GPtrArray *
set_people_and_signals (McCase   *case_,
                        McReport *report)
{
  GPtrArray *people = g_ptr_array_new ();

  for (guint i = 0; i < report->people->len; i++)
    {
      const McReportPerson *p = g_ptr_array_index (report->people, i);
      McRecord *person = MC_RECORD (mc_person_new (0));

      mc_record_set_string (person, "role", p->role);
      mc_record_set_string (person, "name", p->name);
      mc_record_set_string (person, "birth-date", p->birth_date);
      mc_record_set_string (person, "relation", p->relation);
      mc_record_set_string (person, "address", p->address);
      mc_record_set_answer (person, "gezag", (McAnswer) p->gezag);
      mc_record_set_string (person, "school", p->school);
      mc_record_set_answer (person, "informed", (McAnswer) p->informed);
      mc_record_set_string (person, "informed-on", p->informed_on);
      mc_record_set_string (person, "informed-reaction", p->informed_reaction);
      mc_record_set_string (person, "informed-exception", p->informed_exception);
      mc_record_set_boolean (person, "not-for-family", p->not_for_family);
      g_ptr_array_add (people, person);
      add_child (case_, person);
    }

  for (guint i = 0; i < report->signals->len; i++)
    {
      const McReportSignal *s = g_ptr_array_index (report->signals, i);
      McRecord *signal = MC_RECORD (mc_signal_new (0));

      mc_record_set_string (signal, "observed-on", s->observed_on);
      mc_record_set_string (signal, "description", s->description);
      mc_record_set_string (signal, "nature",
                            s->nature == MC_REPORT_NATURE_FACT ? "fact" : "interpretation");
      mc_record_set_string (signal, "observer", s->observer);
      mc_record_set_string (signal, "source", s->source);
      mc_record_set_string (signal, "category", s->category);
      mc_record_set_string (signal, "status", mc_report_signal_status_to_id (s->status));
      mc_record_set_string (signal, "status-on", s->status_on);
      mc_record_set_boolean (signal, "not-for-family", s->not_for_family);
      add_child (case_, signal);
    }

  for (guint i = 0; i < report->kindcheck->len; i++)
    {
      const McReportCheck *check = g_ptr_array_index (report->kindcheck, i);
      McRecord *answer;

      if (check->answer == NULL)
        continue;
      answer = MC_RECORD (mc_checklist_answer_new (0));
      mc_record_set_string (answer, "item-id", check->id);
      mc_record_set_string (answer, "value", check->answer);
      add_child (case_, answer);
    }

  /* A special form's duties are checklist answers of the case. */
  for (guint i = 0; i < report->special_forms->len; i++)
    {
      const McReportSpecialForm *form = g_ptr_array_index (report->special_forms, i);

      for (guint j = 0; j < form->duties->len; j++)
        {
          const McReportDuty *duty = g_ptr_array_index (form->duties, j);
          McRecord *answer;

          if (duty->done == NULL)
            continue;
          answer = MC_RECORD (mc_checklist_answer_new (0));
          mc_record_set_string (answer, "item-id", duty->id);
          mc_record_set_string (answer, "value", duty->done);
          add_child (case_, answer);
        }
    }

  /* Owned by the case; the array only borrows them. */
  return people;
}

static void
set_steps (McCase    *case_,
           McReport  *report,
           GPtrArray *people)
{
  for (guint i = 0; i < report->consultations->len; i++)
    {
      const McReportConsultation *c = g_ptr_array_index (report->consultations, i);
      McRecord *consultation = MC_RECORD (mc_consultation_new (0));

      mc_record_set_string (consultation, "consulted-on", c->consulted_on);
      mc_record_set_string (consultation, "role", c->role);
      mc_record_set_string (consultation, "consultee", c->consultee);
      mc_record_set_boolean (consultation, "anonymous", c->anonymous);
      mc_record_set_string (consultation, "advice", c->advice);
      add_child (case_, consultation);
    }

  for (guint i = 0; i < report->conversations->len; i++)
    {
      const McReportConversation *c = g_ptr_array_index (report->conversations, i);
      McRecord *conversation = MC_RECORD (mc_conversation_new (0));

      if (c->state == MC_REPORT_CONVERSATION_NOT_HELD)
        {
          mc_record_set_string (conversation, "not-held-reason", c->reason);
          mc_record_set_string (conversation, "not-held-explanation", c->explanation);
        }
      else
        {
          mc_record_set_string (conversation, "held-on", c->held_on);
          mc_record_set_string (conversation, "with-whom", c->with_whom);
          mc_record_set_string (conversation, "discussed", c->discussed);
          mc_record_set_string (conversation, "reaction", c->reaction);
        }
      mc_record_set_boolean (conversation, "not-for-family", c->not_for_family);
      /* The person has no id until it is stored. */
      if (c->person >= 0 && (guint) c->person < people->len)
        g_object_set_data_full (G_OBJECT (conversation), MC_REPORT_CONVERSATION_PERSON_KEY,
                                g_object_ref (g_ptr_array_index (people, c->person)),
                                g_object_unref);
      add_child (case_, conversation);
    }

  if (report->weighing.acute != MC_REPORT_ANSWER_UNANSWERED
      || report->weighing.structural != MC_REPORT_ANSWER_UNANSWERED
      || report->weighing.instrument != NULL
      || report->weighing.instrument_result != NULL
      || report->weighing.notes != NULL)
    {
      McRecord *weighing = MC_RECORD (mc_weighing_new (0));

      mc_record_set_answer (weighing, "acute", (McAnswer) report->weighing.acute);
      mc_record_set_answer (weighing, "structural", (McAnswer) report->weighing.structural);
      mc_record_set_string (weighing, "instrument", report->weighing.instrument);
      mc_record_set_string (weighing, "instrument-result", report->weighing.instrument_result);
      mc_record_set_string (weighing, "notes", report->weighing.notes);
      add_child (case_, weighing);
    }
}

static gboolean
round_has_decision (const McReportRound *round)
{
  return round->decision.report_needed != MC_REPORT_ANSWER_UNANSWERED
         || round->decision.help_possible != MC_REPORT_ANSWER_UNANSWERED
         || round->decision.justification != NULL
         || round->decision.decided_by_name != NULL
         || round->decision.decided_on != NULL
         || round->decision.evaluation_on != NULL
         || round->veilig_thuis.reported_on != NULL
         || round->veilig_thuis.method != MC_REPORT_METHOD_NONE
         || round->veilig_thuis.reference != NULL
         || round->veilig_thuis.contact != NULL
         || round->veilig_thuis.client_informed != MC_REPORT_ANSWER_UNANSWERED
         || round->veilig_thuis.exception != NULL
         || round->veilig_thuis.client_reaction != NULL
         || round->veilig_thuis.response != MC_REPORT_VT_RESPONSE_NONE
         || round->veilig_thuis.agreements != NULL
         || round->veilig_thuis.feedback_on != NULL
         || round->veilig_thuis.feedback != NULL;
}

static void
set_round (McCase              *case_,
           const McReportRound *round,
           gboolean             has_later_rounds)
{
  /* A later round exists only with its decision, and an earlier round
   * with one: the store starts a round from the decision before it. */
  if (round->number > 1 || has_later_rounds || round_has_decision (round))
    {
      McRecord *decision = MC_RECORD (mc_decision_new (0));

      mc_record_set_integer (decision, "round", round->number);
      mc_record_set_string (decision, "kind", mc_report_round_kind_to_id (round->kind));
      mc_record_set_answer (decision, "report-needed", (McAnswer) round->decision.report_needed);
      mc_record_set_answer (decision, "help-possible", (McAnswer) round->decision.help_possible);
      mc_record_set_string (decision, "justification", round->decision.justification);
      mc_record_set_string (decision, "decided-by-name", round->decision.decided_by_name);
      mc_record_set_string (decision, "decided-by-role", round->decision.decided_by_role);
      mc_record_set_string (decision, "decided-on", round->decision.decided_on);
      mc_record_set_string (decision, "evaluation-on", round->decision.evaluation_on);
      mc_record_set_string (decision, "reported-on", round->veilig_thuis.reported_on);
      mc_record_set_string (decision, "report-method",
                            mc_report_method_to_id (round->veilig_thuis.method));
      mc_record_set_string (decision, "vt-reference", round->veilig_thuis.reference);
      mc_record_set_string (decision, "vt-contact", round->veilig_thuis.contact);
      mc_record_set_answer (decision, "client-informed",
                            (McAnswer) round->veilig_thuis.client_informed);
      mc_record_set_string (decision, "informed-exception", round->veilig_thuis.exception);
      mc_record_set_string (decision, "client-reaction", round->veilig_thuis.client_reaction);
      mc_record_set_string (decision, "vt-response",
                            mc_report_vt_response_to_id (round->veilig_thuis.response));
      mc_record_set_string (decision, "vt-agreements", round->veilig_thuis.agreements);
      mc_record_set_string (decision, "feedback-on", round->veilig_thuis.feedback_on);
      mc_record_set_string (decision, "feedback", round->veilig_thuis.feedback);
      add_child (case_, decision);
    }

  /* The round's own answers; those it takes over from an earlier round
   * are that round's. */
  for (guint i = 0; i < round->questions->len; i++)
    {
      const McReportQuestion *q = g_ptr_array_index (round->questions, i);
      McRecord *answer;

      if (q->from_round > 0 || (q->answer == MC_REPORT_ANSWER_UNANSWERED && q->note == NULL))
        continue;
      answer = MC_RECORD (mc_afweging_answer_new_for_round (0, round->number));
      mc_record_set_string (answer, "question-id", q->id);
      mc_record_set_answer (answer, "answer", (McAnswer) q->answer);
      mc_record_set_string (answer, "note", q->note);
      add_child (case_, answer);
    }

  /* A broken rule is what the case says, not a record. */
  for (guint i = 0; i < round->norms->len; i++)
    {
      const McReportNorm *norm = g_ptr_array_index (round->norms, i);
      McRecord *override;

      if (norm->reason == NULL)
        continue;
      override = MC_RECORD (mc_norm_override_new (0));
      mc_record_set_integer (override, "round", round->number);
      mc_record_set_string (override, "rule-id", norm->rule_id);
      mc_record_set_string (override, "reason", norm->reason);
      add_child (case_, override);
    }
}

static void
set_follow_up (McCase   *case_,
               McReport *report)
{
  for (guint i = 0; i < report->agreements->len; i++)
    {
      const McReportAgreement *a = g_ptr_array_index (report->agreements, i);
      McRecord *follow_up = MC_RECORD (mc_follow_up_new (0));

      mc_record_set_string (follow_up, "description", a->description);
      mc_record_set_string (follow_up, "due-on", a->due_on);
      /* Sets "done" too. */
      mc_record_set_string (follow_up, "state", mc_report_agreement_state_to_id (a->state));
      mc_record_set_string (follow_up, "owner-name", a->owner_name);
      mc_record_set_string (follow_up, "owner-role", a->owner_role);
      mc_record_set_string (follow_up, "state-note", a->state_note);
      mc_record_set_string (follow_up, "checked-on", a->checked_on);
      add_child (case_, follow_up);
    }
}

McCase *
mc_case_new_from_report (McReport  *report,
                         GError   **error)
{
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(GPtrArray) people = NULL;
  McRecord *record;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (report->anonymous)
    {
      g_set_error_literal (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                           _("This report is anonymised: it cannot become a case again."));
      return NULL;
    }
  /* Parts are missing from both: as a case, it would say less than the
   * case it came from, without saying so. */
  if (report->family_copy || report->inzage.requester != MC_REPORT_REQUESTER_NONE)
    {
      g_set_error_literal (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                           _("This is a copy for the family or the client, with parts left out: "
                             "it cannot become a case again."));
      return NULL;
    }
  if (!check_unique (report->kindcheck, G_STRUCT_OFFSET (McReportCheck, id), -1, FALSE, error)
      || !check_duties (report, error))
    return NULL;
  for (guint i = 0; i < report->rounds->len; i++)
    {
      const McReportRound *round = g_ptr_array_index (report->rounds, i);

      if (!check_unique (round->questions, G_STRUCT_OFFSET (McReportQuestion, id),
                         G_STRUCT_OFFSET (McReportQuestion, from_round), FALSE, error)
          || !check_unique (round->norms, G_STRUCT_OFFSET (McReportNorm, rule_id), -1, TRUE,
                            error))
        return NULL;
    }

  case_ = mc_case_new ();
  record = MC_RECORD (case_);
  mc_record_set_string (record, "number", report->case_number);
  mc_record_set_string (record, "client-name", report->client.name);
  mc_record_set_string (record, "client-number", report->client.number);
  mc_record_set_string (record, "birth-date", report->client.birth_date);
  mc_record_set_string (record, "status",
                        report->status == MC_REPORT_STATUS_CLOSED ? "closed" : "open");
  mc_record_set_string (record, "closed-at", report->closing.closed_on);
  mc_record_set_string (record, "close-reason", report->closing.reason);
  mc_record_set_string (record, "close-note", report->closing.note);
  mc_record_set_string (record, "closed-by", report->closing.closed_by);
  mc_record_set_string (record, "support-network", report->support_network.text);
  mc_record_set_boolean (record, "support-network-not-for-family",
                         report->support_network.not_for_family);
  mc_record_set_string (record, "other-information", report->other_information.text);
  mc_record_set_boolean (record, "other-information-not-for-family",
                         report->other_information.not_for_family);
  if (report->special_forms->len > 0)
    {
      g_autoptr(GPtrArray) forms = g_ptr_array_new ();

      for (guint i = 0; i < report->special_forms->len; i++)
        g_ptr_array_add (forms, ((McReportSpecialForm *) g_ptr_array_index (report->special_forms, i))->id);
      g_ptr_array_add (forms, NULL);
      mc_record_set_lines (record, "suspected-forms", (const char * const *) forms->pdata);
    }

  people = set_people_and_signals (case_, report);
  set_steps (case_, report, people);
  for (guint i = 0; i < report->rounds->len; i++)
    set_round (case_, g_ptr_array_index (report->rounds, i), i + 1 < report->rounds->len);
  set_follow_up (case_, report);

  return g_steal_pointer (&case_);
}
