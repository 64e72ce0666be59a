/* mc-cli-show.c: a case in readable text, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>
#include <string.h>

#include "mc-cli.h"
#include "mc-text.h"
#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-due.h"
#include "mc-meldnormen.h"

typedef struct
{
  GString    *out;
  McStore    *store;
  McCase     *case_;
  McProtocol *protocol;
  GDate       today;
} Show;

/* Text helpers */

static void
indent (GString *out,
        guint    depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

/* @text on lines of its own at @depth, every line of it indented. */
static void
append_text (GString    *out,
             guint       depth,
             const char *text)
{
  /* Every line of a value is indented, so no value can print a line that
   * looks like one of show's own; controls go (mc-text.h). */
  g_autofree char *clean = mc_text_sanitize (text, MC_TEXT_KIND_TEXT);
  g_auto(GStrv) lines = g_strsplit (clean, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      indent (out, depth);
      g_string_append (out, lines[i]);
      g_string_append_c (out, '\n');
    }
}

static void G_GNUC_PRINTF (3, 4)
append_line (GString    *out,
             guint       depth,
             const char *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  append_text (out, depth, text);
}

/* "Label: value", the value's further lines under it; nothing for an empty
 * value. */
static void
append_field (GString    *out,
              guint       depth,
              const char *label,
              const char *value)
{
  g_autofree char *clean = NULL;
  const char *newline;

  if (value == NULL || *value == '\0')
    return;
  value = clean = mc_text_sanitize (value, MC_TEXT_KIND_TEXT);

  indent (out, depth);
  /* Translators: a label and its value, "Relation: mother". */
  g_string_append_printf (out, _("%s: "), label);
  if ((newline = strchr (value, '\n')) == NULL)
    {
      g_string_append (out, value);
      g_string_append_c (out, '\n');
      return;
    }
  g_string_append_len (out, value, newline - value);
  g_string_append_c (out, '\n');
  append_text (out, depth + 1, newline + 1);
}

static const char *
text_of (gpointer    record,
         const char *property)
{
  const char *text = mc_record_get_string (MC_RECORD (record), property);

  return text != NULL && *text != '\0' ? text : NULL;
}

/* "14 maart 2011" in the locale; what is stored, when it is no date. */
static char *
date_text (const char *iso)
{
  GDate date;

  if (iso == NULL)
    return NULL;
  g_date_clear (&date, 1);
  if (!mc_date_from_iso8601 (iso, &date))
    return g_strdup (iso);
  return mc_format_date (&date);
}

static char *
timestamp_text (const char *timestamp)
{
  g_autoptr(GDateTime) parsed = timestamp != NULL ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;

  if (parsed == NULL)
    return g_strdup (timestamp);
  return mc_format_date_time (parsed);
}

static const char *
answer_text (McAnswer answer)
{
  switch (answer)
    {
    case MC_ANSWER_YES:
      return C_("answer", "Yes");
    case MC_ANSWER_NO:
      return C_("answer", "No");
    case MC_ANSWER_UNKNOWN:
    default:
      return C_("answer", "Not answered");
    }
}

static const char *
label (Show       *show,
       const char *id)
{
  const McProtocolItem *item = id != NULL ? mc_protocol_lookup_item (show->protocol, id) : NULL;

  return item != NULL ? item->label : id;
}

/* The weighing or the decision as stored: checking the steps adds an empty
 * one to a case that has none, which is not something recorded. */
static McRecord *
dup_stored_single (McCase *case_,
                   GType   type)
{
  GListModel *model = mc_case_get_children (case_, type);
  g_autoptr(McRecord) record = NULL;

  if (g_list_model_get_n_items (model) == 0)
    return NULL;
  record = g_list_model_get_item (model, 0);
  return mc_record_get_id (record) != 0 ? g_steal_pointer (&record) : NULL;
}

static const char *
state_text (McStepState state)
{
  switch (state)
    {
    case MC_STEP_NOT_STARTED:
      return C_("step state", "not started");
    case MC_STEP_IN_PROGRESS:
      return C_("step state", "in progress");
    case MC_STEP_DONE:
      return C_("step state", "done");
    case MC_STEP_NEEDS_ATTENTION:
    default:
      return C_("step state", "needs attention");
    }
}

/* A date of birth with the age today. */
static char *
birth_text (const char *iso)
{
  g_autofree char *date = date_text (iso);
  g_autoptr(GDate) today = g_date_new ();
  GDate birth;
  int age;

  if (date == NULL)
    return NULL;
  g_date_clear (&birth, 1);
  g_date_set_time_t (today, time (NULL));
  if (!mc_date_from_iso8601 (iso, &birth) || (age = mc_age_on (&birth, today)) < 0)
    return g_steal_pointer (&date);

  /* Translators: a date of birth and the age, "14 maart 2011 (15 years)". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d year)", "%s (%d years)", age), date, age);
}

/* The case and the people */

static void
show_case (Show   *show,
           gint64  id)
{
  McRecord *record = MC_RECORD (show->case_);
  const char * const *forms = mc_record_get_lines (record, "suspected-forms");
  g_autofree char *birth = birth_text (text_of (record, "birth-date"));
  g_autofree char *created = timestamp_text (text_of (record, "created-at"));
  g_autofree char *updated = timestamp_text (text_of (record, "updated-at"));
  g_autofree char *closed = date_text (text_of (record, "closed-at"));
  g_autofree char *destroy_on = mc_cli_describe_destroy_on (show->store, show->protocol, show->case_);
  const char *reason = text_of (record, "close-reason");
  const McProtocolItem *reason_item = reason != NULL ? mc_protocol_lookup_close_reason (show->protocol, reason)
                                                     : NULL;
  g_autoptr(GString) form_names = g_string_new (NULL);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  /* Translators: the heading of a case: its number and its ID. */
  append_line (show->out, 0, _("Case %s (ID %s)"), text_of (record, "number"), id_text);
  append_field (show->out, 1, _("Client"), text_of (record, "client-name"));
  append_field (show->out, 1, _("Client number"), text_of (record, "client-number"));
  append_field (show->out, 1, _("Date of birth"), birth);
  append_field (show->out, 1, _("Status"),
                g_strcmp0 (text_of (record, "status"), "closed") == 0 ? C_("case status", "closed")
                                                                      : C_("case status", "open"));
  for (guint i = 0; forms != NULL && forms[i] != NULL; i++)
    {
      const McProtocolSpecialForm *form = mc_protocol_lookup_special_form (show->protocol, forms[i]);

      if (i > 0)
        g_string_append (form_names, "; ");
      g_string_append (form_names, form != NULL ? form->name : forms[i]);
    }
  append_field (show->out, 1, _("Suspected forms of violence"), form_names->str);
  append_field (show->out, 1, _("Created"), created);
  append_field (show->out, 1, _("Last change"), updated);
  if (mc_case_is_closed (show->case_))
    {
      append_field (show->out, 1, _("Closed"), closed);
      append_field (show->out, 1, _("Reason for closing"), reason_item != NULL ? reason_item->label : reason);
      append_field (show->out, 1, _("Closing note"), text_of (record, "close-note"));
      append_field (show->out, 1, _("Closed by"), text_of (record, "closed-by"));
      append_field (show->out, 1, _("May be destroyed from"), destroy_on);
    }
}

/* Every closing and reopening, from the audit trail: the case itself only
 * keeps the last closing, and forgets it when it is reopened. */
static gboolean
show_closings (Show    *show,
               GError **error)
{
  g_autoptr(GPtrArray) history = mc_store_list_case_history (show->store,
                                                              mc_record_get_id (MC_RECORD (show->case_)),
                                                              error);
  gboolean any = FALSE;

  if (history == NULL)
    return FALSE;

  /* The store lists the newest first; a story reads from the start. */
  for (guint i = history->len; i > 0; i--)
    {
      const McHistoryEntry *entry = g_ptr_array_index (history, i - 1);
      g_autofree char *what = NULL;
      g_autofree char *who = NULL;
      g_autofree char *when = NULL;

      if (entry->event != MC_AUDIT_EVENT_CLOSE && entry->event != MC_AUDIT_EVENT_REOPEN)
        continue;
      if (!any)
        {
          g_string_append_c (show->out, '\n');
          append_line (show->out, 0, "%s", _("Closed and reopened"));
          any = TRUE;
        }
      what = mc_history_entry_describe_with_protocol (entry, show->protocol);
      who = mc_history_entry_dup_actor (entry);
      when = entry->at != NULL ? mc_format_date_time (entry->at) : g_strdup ("–");
      /* Translators: a closing or reopening: when, what, by whom. */
      append_line (show->out, 1, _("%s · %s · %s"), when, what, who);
    }

  return TRUE;
}

/* What must happen now (the protocol's urgent actions), and the meldnormen
 * that are not met or were set aside with a reason: the words behind
 * "needs attention". */
static void
show_meldnormen (Show *show)
{
  g_autoptr(GPtrArray) actions = mc_case_get_urgent_actions (show->case_, show->protocol);
  g_autoptr(GPtrArray) checks = mc_case_check_meldnormen (show->case_, show->protocol);
  gboolean any = FALSE;

  if (actions->len > 0 && !mc_case_is_closed (show->case_))
    {
      g_string_append_c (show->out, '\n');
      append_line (show->out, 0, "%s", _("Act now"));
      for (guint i = 0; i < actions->len; i++)
        {
          const McProtocolUrgentAction *action = g_ptr_array_index (actions, i);

          append_text (show->out, 1, action->text);
          for (guint c = 0; action->contact_ids != NULL && action->contact_ids[c] != NULL; c++)
            {
              const McProtocolContact *contact = mc_protocol_lookup_contact (show->protocol,
                                                                             action->contact_ids[c]);

              if (contact != NULL)
                append_field (show->out, 2, contact->name, contact->phone);
            }
        }
    }

  for (guint i = 0; i < checks->len; i++)
    {
      const McRuleCheck *check = g_ptr_array_index (checks, i);

      if (check->state != MC_RULE_BROKEN && check->state != MC_RULE_OVERRIDDEN)
        continue;
      if (!any)
        {
          g_string_append_c (show->out, '\n');
          append_line (show->out, 0, "%s", _("Meldnormen"));
          any = TRUE;
        }
      if (check->state == MC_RULE_BROKEN)
        {
          /* Translators: a meldnorm the case does not meet (step %u). */
          append_line (show->out, 1, _("Not met (step %u):"), check->rule->step);
          append_text (show->out, 2, check->rule->text);
        }
      else
        {
          /* Translators: a meldnorm the professional deviated from, with a
           * written reason (step %u). */
          append_line (show->out, 1, _("Deviated from, with a reason (step %u):"), check->rule->step);
          append_text (show->out, 2, check->rule->text);
          append_field (show->out, 2, _("Reason"), check->override_reason);
        }
    }
}

static void
show_people (Show *show)
{
  GListModel *people = mc_case_get_people (show->case_);
  guint n_people = g_list_model_get_n_items (people);

  g_string_append_c (show->out, '\n');
  append_line (show->out, 0, "%s", _("People involved"));
  if (n_people == 0)
    append_line (show->out, 1, "%s", _("None recorded."));

  for (guint i = 0; i < n_people; i++)
    {
      g_autoptr(McRecord) person = g_list_model_get_item (people, i);
      g_autofree char *birth = birth_text (text_of (person, "birth-date"));
      const char *name = text_of (person, "name");

      append_field (show->out, 1, label (show, text_of (person, "role")) != NULL
                                  ? label (show, text_of (person, "role")) : _("Role unknown"),
                    name != NULL ? name : _("Name unknown"));
      append_field (show->out, 2, _("Date of birth"), birth);
      append_field (show->out, 2, _("Relation"), text_of (person, "relation"));
      append_field (show->out, 2, _("Notes"), text_of (person, "notes"));
    }
}

/* The steps */

static void
show_signals (Show *show)
{
  GListModel *signals = mc_case_get_signals (show->case_);
  guint n_signals = g_list_model_get_n_items (signals);

  append_line (show->out, 1, "%s", _("Signals"));
  if (n_signals == 0)
    append_line (show->out, 2, "%s", _("None recorded."));

  for (guint i = 0; i < n_signals; i++)
    {
      g_autoptr(McRecord) signal = g_list_model_get_item (signals, i);
      g_autofree char *date = date_text (text_of (signal, "observed-on"));
      const char *nature = text_of (signal, "nature");
      const char *category = text_of (signal, "category");
      const char *source = text_of (signal, "source");
      const char *nature_text;

      if (g_strcmp0 (nature, "fact") == 0)
        nature_text = _("Fact");
      else if (g_strcmp0 (nature, "interpretation") == 0)
        nature_text = _("Interpretation");
      else
        nature_text = _("Not marked as fact or interpretation");

      /* Translators: a signal: its date, whether it is a fact, its category. */
      append_line (show->out, 2, _("%s · %s · %s"), date != NULL ? date : _("Date unknown"),
                   nature_text, category != NULL ? label (show, category) : _("No category"));
      append_field (show->out, 3, _("Observed by"), text_of (signal, "observer"));
      append_field (show->out, 3, _("Source"), source != NULL ? source : _("own observation"));
      if (text_of (signal, "description") != NULL)
        append_text (show->out, 3, text_of (signal, "description"));
    }
}

static void
show_kindcheck (Show *show)
{
  const McProtocolChecklist *kindcheck = mc_protocol_get_checklist (show->protocol, MC_CHECKLIST_KINDCHECK);
  GListModel *answers = mc_case_get_checklist_answers (show->case_);
  guint n_answers = g_list_model_get_n_items (answers);

  append_line (show->out, 1, "%s", kindcheck != NULL ? kindcheck->title : _("Child check"));
  if (!mc_case_kindcheck_applies (show->case_, show->protocol))
    append_line (show->out, 2, "%s", _("Does not apply: the client is a minor and no children are involved."));
  if (n_answers == 0)
    append_line (show->out, 2, "%s", _("No answers recorded."));

  for (guint i = 0; i < n_answers; i++)
    {
      g_autoptr(McRecord) answer = g_list_model_get_item (answers, i);
      const char *value = text_of (answer, "value");

      if (g_strcmp0 (value, "yes") == 0)
        value = answer_text (MC_ANSWER_YES);
      else if (g_strcmp0 (value, "no") == 0)
        value = answer_text (MC_ANSWER_NO);
      append_field (show->out, 2, label (show, text_of (answer, "item-id")),
                    value != NULL ? value : answer_text (MC_ANSWER_UNKNOWN));
    }
}

static void
show_consultations (Show *show)
{
  GListModel *consultations = mc_case_get_consultations (show->case_);
  guint n_consultations = g_list_model_get_n_items (consultations);

  append_line (show->out, 1, "%s", _("Consultations"));
  if (n_consultations == 0)
    append_line (show->out, 2, "%s", _("None recorded."));

  for (guint i = 0; i < n_consultations; i++)
    {
      g_autoptr(McRecord) consultation = g_list_model_get_item (consultations, i);
      g_autofree char *date = date_text (text_of (consultation, "consulted-on"));
      const char *role = text_of (consultation, "role");

      /* Translators: a consultation: its date and with whom (a role). */
      append_line (show->out, 2, _("%s · %s"), date != NULL ? date : _("Date unknown"),
                   role != NULL ? label (show, role) : _("Role unknown"));
      append_field (show->out, 3, _("Consulted"), text_of (consultation, "consultee"));
      if (mc_record_get_boolean (consultation, "anonymous"))
        append_line (show->out, 3, "%s", _("The case was discussed without naming the client."));
      append_field (show->out, 3, _("Advice"), text_of (consultation, "advice"));
    }
}

static void
show_conversations (Show *show)
{
  GListModel *conversations = mc_case_get_conversations (show->case_);
  guint n_conversations = g_list_model_get_n_items (conversations);
  g_autoptr(GDate) today = g_date_new ();
  GDate birth;

  append_line (show->out, 1, "%s", _("Conversation"));

  /* The age rule of the protocol, as the application proposes it. */
  g_date_clear (&birth, 1);
  g_date_set_time_t (today, time (NULL));
  if (text_of (show->case_, "birth-date") != NULL
      && mc_date_from_iso8601 (text_of (show->case_, "birth-date"), &birth))
    switch (mc_protocol_get_conversation_partner (show->protocol, &birth, today))
      {
      case MC_CONVERSATION_PARTNER_CLIENT:
        append_line (show->out, 2, "%s", mc_protocol_get_conversation_rule (show->protocol)->of_age_text);
        break;
      case MC_CONVERSATION_PARTNER_LEGAL_REPRESENTATIVES:
        append_line (show->out, 2, "%s", mc_protocol_get_conversation_rule (show->protocol)->under_age_text);
        break;
      case MC_CONVERSATION_PARTNER_UNKNOWN:
      default:
        break;
      }

  if (n_conversations == 0)
    append_line (show->out, 2, "%s", _("None recorded."));

  for (guint i = 0; i < n_conversations; i++)
    {
      g_autoptr(McRecord) conversation = g_list_model_get_item (conversations, i);
      const char *reason = text_of (conversation, "not-held-reason");
      g_autofree char *date = date_text (text_of (conversation, "held-on"));

      if (reason != NULL)
        {
          append_field (show->out, 2, _("Not held, because"), label (show, reason));
          append_field (show->out, 3, _("Explanation"), text_of (conversation, "not-held-explanation"));
          continue;
        }
      append_field (show->out, 2, _("Held on"), date != NULL ? date : _("Date unknown"));
      append_field (show->out, 3, _("With"), text_of (conversation, "with-whom"));
      append_field (show->out, 3, _("Discussed"), text_of (conversation, "discussed"));
      append_field (show->out, 3, _("Reaction"), text_of (conversation, "reaction"));
    }
}

static void
show_weighing (Show *show)
{
  g_autoptr(McRecord) weighing = dup_stored_single (show->case_, MC_TYPE_WEIGHING);

  append_line (show->out, 1, "%s", _("Weighing"));
  if (weighing == NULL)
    {
      append_line (show->out, 2, "%s", _("None recorded."));
      return;
    }

  append_field (show->out, 2, _("Acute unsafety"), answer_text (mc_record_get_answer (weighing, "acute")));
  append_field (show->out, 2, _("Structural unsafety"),
                answer_text (mc_record_get_answer (weighing, "structural")));
  append_field (show->out, 2, _("Risk instrument"), text_of (weighing, "instrument"));
  append_field (show->out, 2, _("Outcome of the instrument"), text_of (weighing, "instrument-result"));
  append_field (show->out, 2, _("Notes"), text_of (weighing, "notes"));
}

static void
show_afwegingskader (Show *show)
{
  const McProtocolAfwegingskader *afwegingskader = mc_protocol_get_afwegingskader (show->protocol);
  g_autoptr(McAfwegingResult) result = mc_case_decide (show->case_, show->protocol);
  const McProtocolQuestion *next = NULL;

  append_line (show->out, 1, "%s", afwegingskader->title);
  for (guint i = 0; i < afwegingskader->questions->len; i++)
    {
      const McProtocolQuestion *question = g_ptr_array_index (afwegingskader->questions, i);
      McAfwegingAnswer *answer = mc_case_find_afweging_answer (show->case_, question->id);

      append_line (show->out, 2, "%u. %s", question->number, question->text);
      append_field (show->out, 3, _("Answer"),
                    answer_text (answer != NULL ? mc_record_get_answer (MC_RECORD (answer), "answer")
                                                : MC_ANSWER_UNKNOWN));
      if (answer != NULL)
        append_field (show->out, 3, _("Note"), text_of (answer, "note"));
    }

  append_line (show->out, 2, "%s", _("What the afwegingskader gives"));
  append_field (show->out, 3, afwegingskader->report_decision.question, answer_text (result->report_needed));
  append_field (show->out, 3, afwegingskader->help_decision.question, answer_text (result->help_possible));
  if (result->reason != NULL)
    append_field (show->out, 3, _("Reason"), result->reason);
  if (result->next_question_id != NULL)
    next = mc_protocol_lookup_question (show->protocol, result->next_question_id);
  if (next != NULL)
    append_line (show->out, 3, _("Question %u is next."), next->number);
  if (result->closed)
    append_line (show->out, 3, "%s", result->monitoring ? _("The case closes, with agreements on monitoring.")
                                                        : _("The case closes without further action."));
}

static const char *
round_kind_text (const char *kind)
{
  /* Translators: what a decision round is, in "Round 2 (evaluation,
   * current)". */
  if (g_strcmp0 (kind, "evaluation") == 0)
    return C_("decision round", "evaluation");
  if (g_strcmp0 (kind, "report-again") == 0)
    return C_("decision round", "new report");
  if (g_strcmp0 (kind, "reweigh") == 0)
    return C_("decision round", "new weighing");
  return C_("decision round", "first decision");
}

static const char *
report_method_text (const char *method)
{
  if (g_strcmp0 (method, "phone") == 0)
    return C_("report method", "by phone");
  if (g_strcmp0 (method, "phone-and-form") == 0)
    return C_("report method", "by phone and with the form");
  if (g_strcmp0 (method, "form") == 0)
    return C_("report method", "with the form");
  return method;
}

static const char *
vt_response_text (const char *response)
{
  if (g_strcmp0 (response, "takes-on") == 0)
    return C_("vt response", "takes the case on");
  if (g_strcmp0 (response, "advice") == 0)
    return C_("vt response", "gives advice");
  if (g_strcmp0 (response, "refers") == 0)
    return C_("vt response", "refers to other help");
  if (g_strcmp0 (response, "declines") == 0)
    return C_("vt response", "does not take the case on");
  return response;
}

/* "Na de melding": what happened with Veilig Thuis after a report. */
static void
show_after_report (Show     *show,
                   McRecord *decision)
{
  g_autofree char *feedback_on = date_text (text_of (decision, "feedback-on"));

  append_line (show->out, 3, "%s", _("After the report"));
  append_field (show->out, 4, _("How the report was made"),
                report_method_text (text_of (decision, "report-method")));
  append_field (show->out, 4, _("Veilig Thuis reference"), text_of (decision, "vt-reference"));
  append_field (show->out, 4, _("Who at Veilig Thuis took the report"), text_of (decision, "vt-contact"));
  append_field (show->out, 4, _("What Veilig Thuis does"),
                vt_response_text (text_of (decision, "vt-response")));
  append_field (show->out, 4, _("Agreements with Veilig Thuis"), text_of (decision, "vt-agreements"));
  append_field (show->out, 4, _("Date of the feedback"), feedback_on);
  append_field (show->out, 4, _("Feedback from Veilig Thuis"), text_of (decision, "feedback"));
}

/* One decision round: its decision, the report and what followed it. */
static void
show_round (Show     *show,
            McRecord *decision,
            gboolean  current)
{
  const McProtocolAfwegingskader *afwegingskader = mc_protocol_get_afwegingskader (show->protocol);
  g_autofree char *decided_on = date_text (text_of (decision, "decided-on"));
  g_autofree char *evaluation_on = date_text (text_of (decision, "evaluation-on"));
  g_autofree char *reported_on = date_text (text_of (decision, "reported-on"));
  g_autofree char *sealed = timestamp_text (text_of (decision, "sealed-at"));
  const char *kind = round_kind_text (text_of (decision, "kind"));
  guint round = (guint) MAX (mc_record_get_integer (decision, "round"), 1);
  const char *exception = text_of (decision, "informed-exception");

  if (current)
    /* Translators: a decision round: its number and kind. */
    append_line (show->out, 2, _("Round %u (%s, current)"), round, kind);
  else
    /* Translators: an earlier decision round: its number, its kind and
     * when the next one started. */
    append_line (show->out, 2, _("Round %u (%s, closed %s)"), round, kind, sealed != NULL ? sealed : "–");

  append_field (show->out, 3, afwegingskader->report_decision.question,
                answer_text (mc_record_get_answer (decision, "report-needed")));
  append_field (show->out, 3, afwegingskader->help_decision.question,
                answer_text (mc_record_get_answer (decision, "help-possible")));
  append_field (show->out, 3, _("Justification"), text_of (decision, "justification"));
  append_field (show->out, 3, _("Decided by"), text_of (decision, "decided-by-name"));
  append_field (show->out, 3, _("Function"), text_of (decision, "decided-by-role"));
  append_field (show->out, 3, _("Decided on"), decided_on);
  append_field (show->out, 3, _("Date of the evaluation"), evaluation_on);
  append_field (show->out, 3, _("Reported to Veilig Thuis on"), reported_on);
  if (reported_on == NULL)
    append_field (show->out, 3, _("Veilig Thuis reference"), text_of (decision, "vt-reference"));
  append_field (show->out, 3, _("Client informed"),
                answer_text (mc_record_get_answer (decision, "client-informed")));
  append_field (show->out, 3, _("Not informed, because"), exception != NULL ? label (show, exception) : NULL);
  append_field (show->out, 3, _("Reaction of the client"), text_of (decision, "client-reaction"));
  if (reported_on != NULL)
    show_after_report (show, decision);
}

static const char *
agreement_state_text (const char *state)
{
  if (g_strcmp0 (state, "done") == 0)
    return _("Done");
  if (g_strcmp0 (state, "not-done") == 0)
    return _("Not done");
  return _("Open");
}

static void
show_follow_ups (Show *show)
{
  GListModel *follow_ups = mc_case_get_follow_ups (show->case_);

  append_line (show->out, 1, "%s", _("Follow-up agreements"));
  if (g_list_model_get_n_items (follow_ups) == 0)
    append_line (show->out, 2, "%s", _("None recorded."));
  for (guint i = 0; i < g_list_model_get_n_items (follow_ups); i++)
    {
      g_autoptr(McRecord) follow_up = g_list_model_get_item (follow_ups, i);
      g_autofree char *due = date_text (text_of (follow_up, "due-on"));
      g_autofree char *checked = date_text (text_of (follow_up, "checked-on"));
      g_autofree char *owner = NULL;
      g_autofree char *due_text = NULL;
      const char *state = text_of (follow_up, "state");
      const char *description = text_of (follow_up, "description");
      const char *owner_name = text_of (follow_up, "owner-name");
      const char *owner_role = text_of (follow_up, "owner-role");
      GDate due_date;

      g_date_clear (&due_date, 1);
      if (due != NULL && g_strcmp0 (state, "open") == 0 && !mc_case_is_closed (show->case_)
          && mc_date_from_iso8601 (text_of (follow_up, "due-on"), &due_date)
          && g_date_compare (&due_date, &show->today) < 0)
        due_text = g_strdup_printf (_("%s, overdue"), due);
      else
        due_text = g_strdup (due != NULL ? due : _("no date"));

      /* Translators: a follow-up agreement: open, done or not done, its due date. */
      append_line (show->out, 2, _("%s · due %s"), agreement_state_text (state), due_text);
      if (description != NULL)
        append_text (show->out, 3, description);
      if (owner_name != NULL && owner_role != NULL)
        /* Translators: who does an agreement: a name and a function. */
        owner = g_strdup_printf (_("%s (%s)"), owner_name, owner_role);
      else
        owner = g_strdup (owner_name != NULL ? owner_name : owner_role);
      append_field (show->out, 3, _("Who does it"), owner);
      append_field (show->out, 3, _("Checked on"), checked);
      append_field (show->out, 3, _("Note"), text_of (follow_up, "state-note"));
    }
}

/* What is due in this case, all of it, whenever it is due. */
static void
show_due (Show *show)
{
  g_autoptr(GPtrArray) items = mc_case_get_due_items (show->case_, show->protocol, &show->today,
                                                      MC_DUE_WITHIN_ANY);

  if (items->len == 0)
    return;

  append_line (show->out, 1, "%s", _("What is due"));
  for (guint i = 0; i < items->len; i++)
    {
      const McDueItem *item = g_ptr_array_index (items, i);
      g_autofree char *date = mc_format_date (&item->due);
      g_autofree char *when = item->overdue ? g_strdup_printf (_("%s, overdue"), date) : g_strdup (date);

      /* Translators: something due in a case: when, what kind, and what. */
      append_line (show->out, 2, _("%s · %s · %s"), when, mc_due_kind_get_label (item->kind),
                   item->description);
    }
}

static void
show_decision (Show *show)
{
  GListModel *decisions = mc_case_get_decisions (show->case_);
  guint current = mc_case_get_current_round (show->case_);
  gboolean any = FALSE;

  append_line (show->out, 1, "%s", _("Decision"));
  /* Checking the steps adds an empty decision to a case that has none,
   * which is not something recorded. */
  for (guint i = 0; i < g_list_model_get_n_items (decisions); i++)
    {
      g_autoptr(McRecord) decision = g_list_model_get_item (decisions, i);

      if (mc_record_get_id (decision) == 0)
        continue;
      show_round (show, decision, (guint) mc_record_get_integer (decision, "round") >= current);
      any = TRUE;
    }
  if (!any)
    append_line (show->out, 2, "%s", _("None recorded."));

  show_follow_ups (show);
  show_due (show);
}

static void
show_steps (Show *show)
{
  GPtrArray *steps = mc_protocol_get_steps (show->protocol);
  g_autoptr(GPtrArray) statuses = mc_case_check_steps (show->case_, show->protocol);

  for (guint i = 0; i < statuses->len; i++)
    {
      const McStepStatus *status = g_ptr_array_index (statuses, i);
      const McProtocolStep *step = NULL;

      for (guint s = 0; s < steps->len && step == NULL; s++)
        if (((const McProtocolStep *) g_ptr_array_index (steps, s))->number == status->number)
          step = g_ptr_array_index (steps, s);
      g_assert (step != NULL);

      g_string_append_c (show->out, '\n');
      /* Translators: "Step 1: <title> (<state>)". */
      append_line (show->out, 0, _("Step %u: %s (%s)"), status->number, step->title,
                   state_text (status->state));
      if (status->missing->len > 0)
        {
          append_line (show->out, 1, "%s", _("Still missing"));
          for (guint m = 0; m < status->missing->len; m++)
            append_line (show->out, 2, "- %s", (const char *) g_ptr_array_index (status->missing, m));
        }

      switch (status->number)
        {
        case 1:
          show_signals (show);
          show_kindcheck (show);
          break;
        case 2:
          show_consultations (show);
          break;
        case 3:
          show_conversations (show);
          break;
        case 4:
          show_weighing (show);
          break;
        default:
          show_afwegingskader (show);
          show_decision (show);
          break;
        }
    }
}

int
mc_cli_command_show (McCliContext  *context,
                     int            argc,
                     char         **argv)
{
  gboolean recovery_key = FALSE;
  const GOptionEntry entries[] = {
    { "recovery-key", 0, 0, G_OPTION_ARG_NONE, &recovery_key,
      N_("Open the store with the recovery key instead of the passphrase"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  Show show = { out, NULL, NULL, NULL, { 0, } };
  McStore *store;

  if (!mc_cli_parse_options (context, "show", N_("ID"),
                             N_("Show a case step by step: the client, how it was closed and "
                                "reopened, what must happen now, the meldnormen it does not "
                                "meet, the people involved, what each step holds and what it "
                                "still lacks, each decision round with what followed a report, "
                                "the follow-up agreements and what is due. ID may also be the "
                                "case number."),
                             entries, &argc, &argv, 1, 1, &error))
    return mc_cli_report_error (error);

  if ((protocol = mc_cli_context_load_protocol (context, &error)) == NULL)
    return mc_cli_report_error (error);
  if ((store = mc_cli_context_open_store (context, recovery_key, &error)) == NULL)
    return mc_cli_report_error (error);
  if ((case_ = mc_cli_load_case (store, argv[1], &error)) == NULL)
    return mc_cli_close_store (store, mc_cli_report_error (error));
  /* Reading a case is logged, as in the application (NEN 7513). */
  if (!mc_store_log_event (store, MC_AUDIT_EVENT_VIEW, mc_record_get_id (MC_RECORD (case_)), NULL, &error))
    return mc_cli_close_store (store, mc_cli_report_error (error));

  show.store = store;
  show.case_ = case_;
  show.protocol = protocol;
  mc_due_get_today (&show.today);
  show_case (&show, mc_record_get_id (MC_RECORD (case_)));
  if (!show_closings (&show, &error))
    return mc_cli_close_store (store, mc_cli_report_error (error));
  show_meldnormen (&show);
  show_people (&show);
  show_steps (&show);
  mc_cli_print ("%s", out->str);

  return mc_cli_close_store (store, MC_CLI_EXIT_OK);
}
