/* mc-report-builder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-report-builder"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-completeness.h"
#include "mc-dates.h"
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

/* The weighing or the decision, or NULL: mc_case_get_weighing() would add
 * an empty one to the case. */
static McRecord *
dup_single (McCase *case_,
            GType   type)
{
  GListModel *model = mc_case_get_children (case_, type);

  return g_list_model_get_n_items (model) > 0 ? g_list_model_get_item (model, 0) : NULL;
}

static gboolean
add_people (McReport     *report,
            McCase       *case_,
            McProtocol   *protocol,
            const GDate  *on,
            GError      **error)
{
  GListModel *people = mc_case_get_people (case_);

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(McRecord) person = g_list_model_get_item (people, i);
      const char *role = text_of (person, "role");
      const char *birth_date;

      if (!date_of (person, "birth-date", &birth_date, error))
        return FALSE;
      mc_report_add_person (report, role, item_label (protocol, role), text_of (person, "name"),
                            birth_date, age_on (birth_date, on), text_of (person, "relation"));
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
      /* A signal not marked as a fact is not presented as one. */
      McReportNature nature = g_strcmp0 (text_of (signal, "nature"), "fact") == 0
                              ? MC_REPORT_NATURE_FACT : MC_REPORT_NATURE_INTERPRETATION;

      if (!date_of (signal, "observed-on", &observed_on, error))
        return FALSE;
      mc_report_add_signal (report, observed_on, category, item_label (protocol, category), nature,
                            text_of (signal, "observer"), text_of (signal, "source"),
                            text_of (signal, "description"));
    }

  return TRUE;
}

/* The kindcheck items answered, in the protocol's order, then answers to
 * items the kindcheck does not list (another protocol's, or another
 * checklist's), so nothing the case holds is left out. */
static void
add_kindcheck (McReport   *report,
               McCase     *case_,
               McProtocol *protocol)
{
  const McProtocolChecklist *kindcheck = mc_protocol_get_checklist (protocol, MC_CHECKLIST_KINDCHECK);
  GListModel *answers = mc_case_get_checklist_answers (case_);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);

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

/* The report holds one conversation: the latest one recorded, which says
 * where step 3 stands now. */
static gboolean
add_conversation (McReport    *report,
                  McCase      *case_,
                  McProtocol  *protocol,
                  GError     **error)
{
  GListModel *conversations = mc_case_get_conversations (case_);

  for (guint i = g_list_model_get_n_items (conversations); i > 0; i--)
    {
      g_autoptr(McRecord) conversation = g_list_model_get_item (conversations, i - 1);
      const char *reason = text_of (conversation, "not-held-reason");
      const char *held_on;

      if (!date_of (conversation, "held-on", &held_on, error))
        return FALSE;

      if (reason != NULL)
        {
          mc_report_set_conversation_not_held (report, reason, item_label (protocol, reason),
                                               text_of (conversation, "not-held-explanation"));
          return TRUE;
        }
      if (held_on != NULL || text_of (conversation, "with-whom") != NULL
          || text_of (conversation, "discussed") != NULL || text_of (conversation, "reaction") != NULL)
        {
          mc_report_set_conversation_held (report, held_on, text_of (conversation, "with-whom"),
                                           text_of (conversation, "discussed"),
                                           text_of (conversation, "reaction"));
          return TRUE;
        }
    }

  return TRUE;
}

/* Every question of the protocol, answered or not, then answers to
 * questions it does not have. */
static void
add_questions (McReport   *report,
               McCase     *case_,
               McProtocol *protocol)
{
  const McProtocolAfwegingskader *afwegingskader = mc_protocol_get_afwegingskader (protocol);
  GListModel *answers = mc_case_get_afweging_answers (case_);

  for (guint i = 0; i < afwegingskader->questions->len; i++)
    {
      const McProtocolQuestion *question = g_ptr_array_index (afwegingskader->questions, i);
      McAfwegingAnswer *answer = mc_case_find_afweging_answer (case_, question->id);

      mc_report_add_question (report, question->id, question->text,
                              answer != NULL ? report_answer (mc_record_get_answer (MC_RECORD (answer), "answer"))
                                             : MC_REPORT_ANSWER_UNANSWERED,
                              answer != NULL ? text_of (answer, "note") : NULL);
    }

  for (guint i = 0; i < g_list_model_get_n_items (answers); i++)
    {
      g_autoptr(McRecord) answer = g_list_model_get_item (answers, i);
      const char *question_id = text_of (answer, "question-id");

      if (question_id == NULL || mc_protocol_lookup_question (protocol, question_id) != NULL)
        continue;
      mc_report_add_question (report, question_id, NULL,
                              report_answer (mc_record_get_answer (answer, "answer")),
                              text_of (answer, "note"));
    }
}

static gboolean
agrees (McAnswer decided,
        McAnswer suggested)
{
  return decided == MC_ANSWER_UNKNOWN || suggested == MC_ANSWER_UNKNOWN || decided == suggested;
}

static gboolean
add_decision (McReport    *report,
              McCase      *case_,
              McProtocol  *protocol,
              McRecord    *decision,
              GError     **error)
{
  g_autoptr(McAfwegingResult) result = mc_case_decide (case_, protocol);
  McAnswer report_needed = MC_ANSWER_UNKNOWN;
  McAnswer help_possible = MC_ANSWER_UNKNOWN;
  const char *justification = NULL;
  const char *decided_on = NULL;
  const char *reported_on = NULL;
  const char *exception = NULL;

  if (decision != NULL)
    {
      report_needed = mc_record_get_answer (decision, "report-needed");
      help_possible = mc_record_get_answer (decision, "help-possible");
      justification = text_of (decision, "justification");
      exception = text_of (decision, "informed-exception");
      if (!date_of (decision, "decided-on", &decided_on, error)
          || !date_of (decision, "reported-on", &reported_on, error))
        return FALSE;
    }

  /* Schema version 1 has no place of its own for the afwegingskader's
   * reason; where the professional wrote none, it is the reason given, as
   * long as the decision follows the afwegingskader. */
  if (justification == NULL
      && agrees (report_needed, result->report_needed)
      && agrees (help_possible, result->help_possible))
    justification = result->reason;

  mc_report_set_decision (report, report_answer (report_needed), report_answer (help_possible),
                          justification,
                          decision != NULL ? text_of (decision, "decided-by-name") : NULL,
                          decision != NULL ? text_of (decision, "decided-by-role") : NULL,
                          decided_on);
  mc_report_set_veilig_thuis (report, reported_on,
                              decision != NULL ? text_of (decision, "vt-reference") : NULL,
                              decision != NULL ? report_answer (mc_record_get_answer (decision, "client-informed"))
                                               : MC_REPORT_ANSWER_UNANSWERED,
                              exception, item_label (protocol, exception),
                              decision != NULL ? text_of (decision, "client-reaction") : NULL);
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
      const char *due_on;

      if (!date_of (follow_up, "due-on", &due_on, error))
        return FALSE;
      mc_report_add_agreement (report, text_of (follow_up, "description"), due_on,
                               mc_record_get_boolean (follow_up, "done"));
    }

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
  g_autoptr(McRecord) decision = NULL;
  g_autoptr(GDateTime) local = NULL;
  const McProtocolOrganisation *organisation;
  const char *revision;
  const char *birth_date;
  const char *decided_on = NULL;
  GDate on;

  g_return_val_if_fail (MC_IS_CASE (case_), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (created_at != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  weighing = dup_single (case_, MC_TYPE_WEIGHING);
  decision = dup_single (case_, MC_TYPE_DECISION);

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
                      g_strcmp0 (text_of (case_, "status"), "closed") == 0
                      ? MC_REPORT_STATUS_CLOSED : MC_REPORT_STATUS_OPEN);
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

  if (!add_people (report, case_, protocol, &on, error)
      || !add_signals (report, case_, protocol, error))
    return NULL;
  add_kindcheck (report, case_, protocol);
  if (!add_consultations (report, case_, protocol, error)
      || !add_conversation (report, case_, protocol, error))
    return NULL;

  if (weighing != NULL)
    mc_report_set_weighing (report,
                            report_answer (mc_record_get_answer (weighing, "acute")),
                            report_answer (mc_record_get_answer (weighing, "structural")),
                            text_of (weighing, "instrument"),
                            text_of (weighing, "instrument-result"),
                            text_of (weighing, "notes"));

  add_questions (report, case_, protocol);
  if (!add_decision (report, case_, protocol, decision, error)
      || !add_agreements (report, case_, error))
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

static gboolean
check_unique (GPtrArray    *items,
              gsize         id_offset,
              GError      **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < items->len; i++)
    {
      const char *id = G_STRUCT_MEMBER (const char *, g_ptr_array_index (items, i), id_offset);

      if (id == NULL)
        continue;
      if (!g_hash_table_add (seen, (gpointer) id))
        {
          /* Translators: %s is the id of a question in the report. */
          g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                       _("The report answers “%s” twice."), id);
          return FALSE;
        }
    }

  return TRUE;
}

static void
set_people_and_signals (McCase   *case_,
                        McReport *report)
{
  for (guint i = 0; i < report->people->len; i++)
    {
      const McReportPerson *p = g_ptr_array_index (report->people, i);
      McRecord *person = MC_RECORD (mc_person_new (0));

      mc_record_set_string (person, "role", p->role);
      mc_record_set_string (person, "name", p->name);
      mc_record_set_string (person, "birth-date", p->birth_date);
      mc_record_set_string (person, "relation", p->relation);
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
}

static void
set_steps (McCase   *case_,
           McReport *report)
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

  switch (report->conversation.state)
    {
    case MC_REPORT_CONVERSATION_HELD:
      {
        McRecord *conversation = MC_RECORD (mc_conversation_new (0));

        mc_record_set_string (conversation, "held-on", report->conversation.held_on);
        mc_record_set_string (conversation, "with-whom", report->conversation.with_whom);
        mc_record_set_string (conversation, "discussed", report->conversation.discussed);
        mc_record_set_string (conversation, "reaction", report->conversation.reaction);
        add_child (case_, conversation);
      }
      break;

    case MC_REPORT_CONVERSATION_NOT_HELD:
      {
        McRecord *conversation = MC_RECORD (mc_conversation_new (0));

        mc_record_set_string (conversation, "not-held-reason", report->conversation.reason);
        mc_record_set_string (conversation, "not-held-explanation", report->conversation.explanation);
        add_child (case_, conversation);
      }
      break;

    case MC_REPORT_CONVERSATION_NONE:
    default:
      break;
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

static void
set_decision (McCase   *case_,
              McReport *report)
{
  for (guint i = 0; i < report->questions->len; i++)
    {
      const McReportQuestion *q = g_ptr_array_index (report->questions, i);
      McRecord *answer;

      if (q->answer == MC_REPORT_ANSWER_UNANSWERED && q->note == NULL)
        continue;
      answer = MC_RECORD (mc_afweging_answer_new (0));
      mc_record_set_string (answer, "question-id", q->id);
      mc_record_set_answer (answer, "answer", (McAnswer) q->answer);
      mc_record_set_string (answer, "note", q->note);
      add_child (case_, answer);
    }

  if (report->decision.report_needed != MC_REPORT_ANSWER_UNANSWERED
      || report->decision.help_possible != MC_REPORT_ANSWER_UNANSWERED
      || report->decision.justification != NULL
      || report->decision.decided_by_name != NULL
      || report->decision.decided_on != NULL
      || report->veilig_thuis.reported_on != NULL
      || report->veilig_thuis.reference != NULL
      || report->veilig_thuis.client_informed != MC_REPORT_ANSWER_UNANSWERED
      || report->veilig_thuis.exception != NULL
      || report->veilig_thuis.client_reaction != NULL)
    {
      McRecord *decision = MC_RECORD (mc_decision_new (0));

      mc_record_set_answer (decision, "report-needed", (McAnswer) report->decision.report_needed);
      mc_record_set_answer (decision, "help-possible", (McAnswer) report->decision.help_possible);
      mc_record_set_string (decision, "justification", report->decision.justification);
      mc_record_set_string (decision, "decided-by-name", report->decision.decided_by_name);
      mc_record_set_string (decision, "decided-by-role", report->decision.decided_by_role);
      mc_record_set_string (decision, "decided-on", report->decision.decided_on);
      mc_record_set_string (decision, "reported-on", report->veilig_thuis.reported_on);
      mc_record_set_string (decision, "vt-reference", report->veilig_thuis.reference);
      mc_record_set_answer (decision, "client-informed", (McAnswer) report->veilig_thuis.client_informed);
      mc_record_set_string (decision, "informed-exception", report->veilig_thuis.exception);
      mc_record_set_string (decision, "client-reaction", report->veilig_thuis.client_reaction);
      add_child (case_, decision);
    }

  for (guint i = 0; i < report->agreements->len; i++)
    {
      const McReportAgreement *a = g_ptr_array_index (report->agreements, i);
      McRecord *follow_up = MC_RECORD (mc_follow_up_new (0));

      mc_record_set_string (follow_up, "description", a->description);
      mc_record_set_string (follow_up, "due-on", a->due_on);
      mc_record_set_boolean (follow_up, "done", a->done);
      add_child (case_, follow_up);
    }
}

McCase *
mc_case_new_from_report (McReport  *report,
                         GError   **error)
{
  g_autoptr(McCase) case_ = NULL;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (report->anonymous)
    {
      g_set_error_literal (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                           _("This report is anonymised: it cannot become a case again."));
      return NULL;
    }
  if (!check_unique (report->kindcheck, G_STRUCT_OFFSET (McReportCheck, id), error)
      || !check_unique (report->questions, G_STRUCT_OFFSET (McReportQuestion, id), error))
    return NULL;

  case_ = mc_case_new ();
  mc_record_set_string (MC_RECORD (case_), "number", report->case_number);
  mc_record_set_string (MC_RECORD (case_), "client-name", report->client.name);
  mc_record_set_string (MC_RECORD (case_), "client-number", report->client.number);
  mc_record_set_string (MC_RECORD (case_), "birth-date", report->client.birth_date);
  mc_record_set_string (MC_RECORD (case_), "status",
                        report->status == MC_REPORT_STATUS_CLOSED ? "closed" : "open");

  set_people_and_signals (case_, report);
  set_steps (case_, report);
  set_decision (case_, report);

  return g_steal_pointer (&case_);
}
