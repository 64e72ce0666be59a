/* mc-completeness.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-completeness"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-meldnormen.h"

#include <string.h>
#include <time.h>

void
mc_step_status_free (McStepStatus *status)
{
  if (status == NULL)
    return;

  g_clear_pointer (&status->missing, g_ptr_array_unref);
  g_free (status);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static gboolean
record_has (gpointer    record,
            const char *property)
{
  return !is_blank (mc_record_get_string (MC_RECORD (record), property));
}

int
mc_case_get_client_age (McCase      *case_,
                        const GDate *on)
{
  GDate birth;

  g_return_val_if_fail (MC_IS_CASE (case_), -1);
  g_return_val_if_fail (on != NULL, -1);

  g_date_clear (&birth, 1);
  if (!mc_date_from_iso8601 (mc_record_get_string (MC_RECORD (case_), "birth-date"), &birth))
    return -1;

  return mc_age_on (&birth, on);
}

gboolean
mc_case_kindcheck_applies (McCase     *case_,
                           McProtocol *protocol)
{
  const McProtocolConversationRule *rule = mc_protocol_get_conversation_rule (protocol);
  GListModel *people = mc_case_get_people (case_);
  g_autoptr(GDate) today = g_date_new ();
  int age;

  g_return_val_if_fail (MC_IS_CASE (case_), FALSE);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), FALSE);

  g_date_set_time_t (today, time (NULL));
  age = mc_case_get_client_age (case_, today);
  if (age < 0 || (guint) age >= rule->age_of_majority)
    return TRUE;

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(McPerson) person = g_list_model_get_item (people, i);
      const char *role_id = mc_record_get_string (MC_RECORD (person), "role");
      /* A person whose role is not chosen yet is nobody's child. */
      const McProtocolItem *role = role_id != NULL ? mc_protocol_lookup_item (protocol, role_id) : NULL;

      if (role != NULL && role->audience == MC_AUDIENCE_CHILDREN)
        return TRUE;
    }

  return FALSE;
}

/* An outcome that offers help and goes on, on its own, at the question
 * that evaluates it (question 5 after "offer help"). An outcome that goes
 * on together with someone (Veilig Thuis, after "report") continues the
 * same weighing instead. */
static gboolean
outcome_awaits_evaluation (const McProtocolOutcome *outcome)
{
  return outcome != NULL && outcome->continue_question_id != NULL && outcome->continue_with_id == NULL;
}

/* The evaluation question: an evaluation round asks it anew. Question 3,
 * where the weighing goes on with Veilig Thuis after a report, is not
 * one: it led to the help and stands. */
static gboolean
is_evaluation_question (McProtocol *protocol,
                        const char *question_id)
{
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol);

  for (guint i = 0; i < kader->outcomes->len; i++)
    {
      const McProtocolOutcome *outcome = g_ptr_array_index (kader->outcomes, i);

      if (outcome_awaits_evaluation (outcome) && g_strcmp0 (outcome->continue_question_id, question_id) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_evaluation_round (McCase *case_)
{
  McDecision *decision = mc_case_get_round_decision (case_, mc_case_get_current_round (case_));

  return decision != NULL && g_strcmp0 (mc_record_get_string (MC_RECORD (decision), "kind"), "evaluation") == 0;
}

McAnswer
mc_case_lookup_question (McCase     *case_,
                         McProtocol *protocol,
                         const char *question_id)
{
  McAfwegingAnswer *answer;
  guint round;

  g_return_val_if_fail (MC_IS_CASE (case_), MC_ANSWER_UNKNOWN);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), MC_ANSWER_UNKNOWN);
  g_return_val_if_fail (question_id != NULL, MC_ANSWER_UNKNOWN);

  round = mc_case_get_current_round (case_);
  answer = mc_case_find_round_afweging_answer (case_, round, question_id);
  if (answer != NULL)
    return mc_record_get_answer (MC_RECORD (answer), "answer");

  /* An evaluation round weighs only whether the help works: the answers
   * that led to the help stand as the earlier rounds gave them. A new
   * report or a re-weighing starts from question 1. */
  if (!is_evaluation_round (case_) || is_evaluation_question (protocol, question_id))
    return MC_ANSWER_UNKNOWN;

  for (guint earlier = round - 1; earlier >= 1; earlier--)
    if ((answer = mc_case_find_round_afweging_answer (case_, earlier, question_id)) != NULL)
      return mc_record_get_answer (MC_RECORD (answer), "answer");

  return MC_ANSWER_UNKNOWN;
}

typedef struct
{
  McCase     *case_;
  McProtocol *protocol;
} LookupData;

static McAnswer
lookup_answer (const char *question_id,
               gpointer    user_data)
{
  LookupData *data = user_data;

  return mc_case_lookup_question (data->case_, data->protocol, question_id);
}

McAfwegingResult *
mc_case_decide (McCase     *case_,
                McProtocol *protocol)
{
  LookupData data = { case_, protocol };

  g_return_val_if_fail (MC_IS_CASE (case_), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);

  return mc_afwegingskader_decide (protocol, lookup_answer, &data);
}

static const char *
checklist_value (McCase     *case_,
                 const char *item_id)
{
  McChecklistAnswer *answer = mc_case_find_checklist_answer (case_, item_id);

  return answer != NULL ? mc_record_get_string (MC_RECORD (answer), "value") : NULL;
}

static gboolean
kindcheck_done (McCase                      *case_,
                McProtocol                  *protocol,
                const McProtocolRequirement *requirement)
{
  const McProtocolChecklist *kindcheck = mc_protocol_get_checklist (protocol, MC_CHECKLIST_KINDCHECK);
  gboolean any_yes = FALSE;

  if (kindcheck == NULL || !mc_case_kindcheck_applies (case_, protocol))
    return TRUE;

  /* Every yes/no question answered; when one is "yes" there are children to
   * count, so the numbers are needed too. */
  for (guint i = 0; i < kindcheck->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (kindcheck->items, i);
      const char *value = checklist_value (case_, item->id);

      if (item->answer != MC_ITEM_ANSWER_YES_NO)
        continue;
      if (g_strcmp0 (value, "yes") != 0 && g_strcmp0 (value, "no") != 0)
        return FALSE;
      any_yes |= g_strcmp0 (value, "yes") == 0;
    }

  for (guint i = 0; any_yes && i < kindcheck->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (kindcheck->items, i);

      if (item->answer == MC_ITEM_ANSWER_NUMBER && is_blank (checklist_value (case_, item->id)))
        return FALSE;
    }

  return TRUE;
}

/* A signal says what was seen or heard, and by whom or from whom. */
static gboolean
signal_is_complete (McSignal *signal)
{
  return record_has (signal, "description")
         && (record_has (signal, "observer") || record_has (signal, "source"));
}

static guint
count_complete (GListModel *records,
                gboolean  (*is_complete) (gpointer record))
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(GObject) record = g_list_model_get_item (records, i);

      n += is_complete (record) ? 1 : 0;
    }

  return n;
}

static gboolean conversation_is_skipped (McConversation *conversation);

/* A conversation that took place: not one recorded with the reason why it
 * did not. */
static gboolean
conversation_is_held (McConversation *conversation)
{
  return !conversation_is_skipped (conversation)
         && record_has (conversation, "held-on")
         && (record_has (conversation, "with-whom")
             || mc_record_get_integer (MC_RECORD (conversation), "person-id") > 0)
         && record_has (conversation, "discussed") && record_has (conversation, "reaction");
}

static gboolean
conversation_is_skipped (McConversation *conversation)
{
  return record_has (conversation, "not-held-reason");
}

/* The role of the person a conversation was held with; "client" when it
 * names nobody of the case (the client, or someone named only in text). */
static const char *
conversation_partner_role (McCase         *case_,
                           McConversation *conversation)
{
  gint64 person_id = mc_record_get_integer (MC_RECORD (conversation), "person-id");
  GListModel *people = mc_case_get_people (case_);

  if (person_id <= 0)
    return "client";
  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(McPerson) person = g_list_model_get_item (people, i);

      if (mc_record_get_id (MC_RECORD (person)) == person_id)
        return mc_record_get_string (MC_RECORD (person), "role");
    }

  return "";
}

/* The client's age on the day of @conversation (today when it has no
 * date), -1 without a date of birth. */
static int
age_at_conversation (McCase         *case_,
                     McConversation *conversation)
{
  g_autoptr(GDate) on = g_date_new ();

  if (!mc_date_from_iso8601 (mc_record_get_string (MC_RECORD (conversation), "held-on"), on))
    g_date_set_time_t (on, time (NULL));

  return mc_case_get_client_age (case_, on);
}

static gboolean
roles_contain (GStrv       roles,
               const char *role)
{
  return roles != NULL && role != NULL && g_strv_contains ((const char * const *) roles, role);
}

gboolean
mc_case_conversation_fits_band (McCase         *case_,
                                McProtocol     *protocol,
                                McConversation *conversation)
{
  const McProtocolBand *band;
  const char *role;

  g_return_val_if_fail (MC_IS_CASE (case_), TRUE);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), TRUE);
  g_return_val_if_fail (MC_IS_CONVERSATION (conversation), TRUE);

  if (!record_has (conversation, "held-on") || conversation_is_skipped (conversation)
      || record_has (conversation, "not-held-explanation"))
    return TRUE;

  band = mc_protocol_find_band (protocol, age_at_conversation (case_, conversation));
  if (band == NULL)
    return TRUE;

  role = conversation_partner_role (case_, conversation);
  return roles_contain (band->partner_roles, role) || roles_contain (band->representative_roles, role);
}

static gboolean
case_has_person_in (McCase *case_,
                    GStrv   roles)
{
  GListModel *people = mc_case_get_people (case_);

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(McPerson) person = g_list_model_get_item (people, i);

      if (roles_contain (roles, mc_record_get_string (MC_RECORD (person), "role")))
        return TRUE;
    }

  return FALSE;
}

static char *
role_labels (McProtocol *protocol,
             GStrv       roles)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  for (guint i = 0; roles != NULL && roles[i] != NULL; i++)
    {
      const McProtocolItem *item = mc_protocol_lookup_item (protocol, roles[i]);

      if (strcmp (roles[i], "client") == 0)
        g_ptr_array_add (labels, (gpointer) C_("conversation partner", "the client"));
      else
        g_ptr_array_add (labels, (gpointer) (item != NULL ? item->label : roles[i]));
    }
  g_ptr_array_add (labels, NULL);

  return g_strjoinv (", ", (char **) labels->pdata);
}

/* Whether @reason excuses one partner of a band only ("unless that harms
 * the young person"), rather than the whole conversation. */
static gboolean
is_partner_exception (McProtocol *protocol,
                      const char *reason)
{
  GPtrArray *bands = mc_protocol_get_conversation_bands (protocol);

  for (guint i = 0; reason != NULL && i < bands->len; i++)
    {
      const McProtocolBand *band = g_ptr_array_index (bands, i);

      for (guint j = 0; band->partner_unless != NULL && band->partner_unless[j] != NULL; j++)
        if (g_str_equal (band->partner_unless[j], reason))
          return TRUE;
    }
  return FALSE;
}

/* Step 3 as the protocol's age bands want it: a held conversation with
 * the client when the band names the client, with one of the band's other
 * partners (the parents with gezag or the voogd) when it names them, and
 * with each representative the case has (mentor, curator, bewindvoerder);
 * the band taken from the age on the day of the conversation. A recorded
 * reason why the conversation did not take place stands for all of them,
 * except a partner's own exception (the band's "unless": the parents of a
 * 16-year-old when involving them harms the young person), which stands
 * for that partner only. What is missing is added to @missing. */
static void
check_conversations (McCase     *case_,
                     McProtocol *protocol,
                     const char *requirement_text,
                     GPtrArray  *missing)
{
  GListModel *conversations = mc_case_get_conversations (case_);
  g_autoptr(GDate) today = g_date_new ();
  const McProtocolBand *band;
  const char *latest_on = NULL;
  gboolean any_held = FALSE;
  gboolean with_client = FALSE;
  gboolean with_partner = FALSE;
  gboolean partner_excused = FALSE;
  gboolean partners_have_exception = TRUE;
  gboolean needs_client;
  gboolean needs_partner = FALSE;
  int age;

  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr(McConversation) conversation = g_list_model_get_item (conversations, i);

      if (conversation_is_skipped (conversation)
          && !is_partner_exception (protocol, mc_record_get_string (MC_RECORD (conversation), "not-held-reason")))
        return;
    }

  /* The band of the latest conversation by its date (not the last one
   * recorded: a talk can be recorded later than it took place), or of
   * today. */
  g_date_set_time_t (today, time (NULL));
  age = mc_case_get_client_age (case_, today);
  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr(McConversation) conversation = g_list_model_get_item (conversations, i);
      const char *held_on = mc_record_get_string (MC_RECORD (conversation), "held-on");

      /* ISO 8601 dates sort as text. */
      if (conversation_is_held (conversation) && (latest_on == NULL || strcmp (held_on, latest_on) > 0))
        {
          latest_on = held_on;
          age = age_at_conversation (case_, conversation);
        }
    }
  band = mc_protocol_find_band (protocol, age);

  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr(McConversation) conversation = g_list_model_get_item (conversations, i);
      const char *role;

      if (conversation_is_skipped (conversation) && band != NULL)
        {
          const char *reason = mc_record_get_string (MC_RECORD (conversation), "not-held-reason");

          /* "Unless that harms the young person", recorded for the
           * conversation with the parents: it stands for them. */
          for (guint j = 0; band->partner_unless != NULL && band->partner_unless[j] != NULL; j++)
            partner_excused |= *band->partner_unless[j] != '\0' && g_str_equal (band->partner_unless[j], reason);
        }
      if (!conversation_is_held (conversation))
        continue;
      any_held = TRUE;
      role = conversation_partner_role (case_, conversation);
      with_client |= g_strcmp0 (role, "client") == 0;
      with_partner |= band != NULL && g_strcmp0 (role, "client") != 0 && roles_contain (band->partner_roles, role);
    }

  if (band == NULL)
    {
      /* No date of birth: any held conversation counts. */
      if (!any_held)
        g_ptr_array_add (missing, g_strdup (requirement_text));
      return;
    }

  needs_client = roles_contain (band->partner_roles, "client");
  for (guint i = 0; band->partner_roles[i] != NULL; i++)
    if (strcmp (band->partner_roles[i], "client") != 0)
      {
        needs_partner = TRUE;
        partners_have_exception &= band->partner_unless != NULL && *band->partner_unless[i] != '\0';
      }

  /* With only a partner's exception recorded, say who is still to be
   * spoken with. */
  if (!any_held && !partner_excused)
    {
      g_ptr_array_add (missing, g_strdup (requirement_text));
      return;
    }
  if (needs_client && !with_client)
    g_ptr_array_add (missing, g_strdup (_("The conversation with the client is not recorded yet.")));
  if (needs_partner && !with_partner && !partner_excused)
    {
      g_auto(GStrv) others = g_new0 (char *, g_strv_length (band->partner_roles) + 1);
      g_autofree char *labels = NULL;
      guint n = 0;

      for (guint i = 0; band->partner_roles[i] != NULL; i++)
        if (strcmp (band->partner_roles[i], "client") != 0)
          others[n++] = g_strdup (band->partner_roles[i]);
      labels = role_labels (protocol, others);
      if (partners_have_exception)
        /* Translators: %s lists roles, e.g. "Ouder met gezag, Voogd". */
        g_ptr_array_add (missing, g_strdup_printf (_("For the client’s age, the conversation is also held with: %s, "
                                                     "unless that harms the client: then record that as the reason "
                                                     "why the conversation with them did not take place."), labels));
      else
        /* Translators: %s lists roles, e.g. "Ouder met gezag, Voogd". */
        g_ptr_array_add (missing, g_strdup_printf (_("For the client’s age, the conversation is also held with: %s."), labels));
    }
  if (band->representative_roles != NULL && band->representative_roles[0] != NULL
      && case_has_person_in (case_, band->representative_roles))
    {
      gboolean with_representative = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
        {
          g_autoptr(McConversation) conversation = g_list_model_get_item (conversations, i);

          with_representative |= conversation_is_held (conversation)
                                 && roles_contain (band->representative_roles,
                                                   conversation_partner_role (case_, conversation));
        }
      if (!with_representative)
        {
          g_autofree char *labels = role_labels (protocol, band->representative_roles);

          /* Translators: %s lists roles, e.g. "Mentor, Curator". */
          g_ptr_array_add (missing, g_strdup_printf (_("The client has a representative: involve them in the conversation (%s)."), labels));
        }
    }
}

static gboolean
follow_up_agreed (McCase *case_)
{
  GListModel *follow_ups = mc_case_get_follow_ups (case_);

  for (guint i = 0; i < g_list_model_get_n_items (follow_ups); i++)
    {
      g_autoptr(McFollowUp) follow_up = g_list_model_get_item (follow_ups, i);

      if (record_has (follow_up, "description") && record_has (follow_up, "due-on"))
        return TRUE;
    }

  return FALSE;
}

/* The help is offered and accepted, and the walk waits at the question
 * that evaluates it. That question is answered at the evaluation, a round
 * of its own (mc_store_start_round() "evaluation") on an agreed date, so
 * until then the weighing of this round is complete. */
static gboolean
awaits_evaluation (McProtocol             *protocol,
                   const McAfwegingResult *result)
{
  const McProtocolOutcome *last;
  guint n_outcomes;

  if (result->next_question_id == NULL || result->outcome_ids == NULL
      || (n_outcomes = g_strv_length (result->outcome_ids)) == 0)
    return FALSE;

  last = mc_protocol_lookup_outcome (protocol, result->outcome_ids[n_outcomes - 1]);
  return outcome_awaits_evaluation (last) && g_strcmp0 (last->continue_question_id, result->next_question_id) == 0;
}

static gboolean
requirement_holds (McCase                      *case_,
                   McProtocol                  *protocol,
                   const McProtocolRequirement *requirement,
                   const McAfwegingResult      *result)
{
  McWeighing *weighing = mc_case_get_weighing (case_);
  McDecision *decision = mc_case_get_decision (case_);
  gboolean reported = mc_record_get_answer (MC_RECORD (decision), "report-needed") == MC_ANSWER_YES;

  switch (requirement->kind)
    {
    case MC_REQUIREMENT_SIGNALS:
      /* Only what carries what a signal must: an empty row is no signal. */
      return count_complete (mc_case_get_signals (case_), (gboolean (*) (gpointer)) signal_is_complete)
             >= requirement->min;

    case MC_REQUIREMENT_KINDCHECK_DONE:
      return kindcheck_done (case_, protocol, requirement);

    case MC_REQUIREMENT_CONSULTATIONS:
      return count_complete (mc_case_get_consultations (case_),
                             (gboolean (*) (gpointer)) mc_consultation_is_complete) >= requirement->min;

    case MC_REQUIREMENT_CONVERSATION_OR_REASON:
      /* Checked by check_conversations(), which says what is missing. */
      return TRUE;

    case MC_REQUIREMENT_WEIGHING_ACUTE:
      return mc_record_get_answer (MC_RECORD (weighing), "acute") != MC_ANSWER_UNKNOWN;

    case MC_REQUIREMENT_WEIGHING_STRUCTURAL:
      return mc_record_get_answer (MC_RECORD (weighing), "structural") != MC_ANSWER_UNKNOWN;

    case MC_REQUIREMENT_AFWEGINGSKADER_COMPLETE:
      /* An evaluation round is there to answer the evaluation question. */
      return result->next_question_id == NULL
             || (!is_evaluation_round (case_) && awaits_evaluation (protocol, result));

    case MC_REQUIREMENT_DECISION_REPORT:
      return mc_record_get_answer (MC_RECORD (decision), "report-needed") != MC_ANSWER_UNKNOWN;

    case MC_REQUIREMENT_DECISION_HELP:
      return mc_record_get_answer (MC_RECORD (decision), "help-possible") != MC_ANSWER_UNKNOWN;

    case MC_REQUIREMENT_DECISION_JUSTIFICATION:
      return record_has (decision, "justification");

    case MC_REQUIREMENT_DECIDED_BY:
      return record_has (decision, "decided-by-name") && record_has (decision, "decided-by-role")
             && record_has (decision, "decided-on");

    case MC_REQUIREMENT_REPORT_DETAILS_WHEN_REPORTED:
      return !reported || (record_has (decision, "reported-on") && record_has (decision, "vt-reference"));

    case MC_REQUIREMENT_CLIENT_INFORMED_WHEN_REPORTED:
      if (!reported)
        return TRUE;
      switch (mc_record_get_answer (MC_RECORD (decision), "client-informed"))
        {
        case MC_ANSWER_YES:
          return record_has (decision, "client-reaction");
        case MC_ANSWER_NO:
          return record_has (decision, "informed-exception");
        case MC_ANSWER_UNKNOWN:
        default:
          return FALSE;
        }

    case MC_REQUIREMENT_FOLLOW_UP_WHEN_MONITORING:
      return !result->monitoring || follow_up_agreed (case_);

    default:
      g_assert_not_reached ();
    }
}

static void
check_duties (McCase     *case_,
              McProtocol *protocol,
              GPtrArray  *missing)
{
  const char * const *forms = mc_record_get_lines (MC_RECORD (case_), "suspected-forms");

  for (guint i = 0; forms != NULL && forms[i] != NULL; i++)
    {
      const McProtocolSpecialForm *form = mc_protocol_lookup_special_form (protocol, forms[i]);

      for (guint j = 0; form != NULL && form->duties != NULL && j < form->duties->len; j++)
        {
          const McProtocolDuty *duty = g_ptr_array_index (form->duties, j);
          McChecklistAnswer *answer = mc_case_find_checklist_answer (case_, duty->id);
          const char *value = answer != NULL ? mc_record_get_string (MC_RECORD (answer), "value") : NULL;

          if (g_strcmp0 (value, "yes") != 0 && g_strcmp0 (value, "no") != 0)
            /* Translators: %s is a duty of the protocol, e.g. "Meld het
             * vermoeden meteen bij uw leidinggevende." */
            g_ptr_array_add (missing, g_strdup_printf (_("Record whether this is done: %s"), duty->text));
        }
    }
}

/* Whether anything is recorded for @step, so it has been started. */
static gboolean
step_started (McCase *case_,
              guint   step)
{
  switch (step)
    {
    case 1:
      return g_list_model_get_n_items (mc_case_get_signals (case_)) > 0
             || g_list_model_get_n_items (mc_case_get_checklist_answers (case_)) > 0;
    case 2:
      return g_list_model_get_n_items (mc_case_get_consultations (case_)) > 0;
    case 3:
      return g_list_model_get_n_items (mc_case_get_conversations (case_)) > 0;
    case 4:
      return mc_record_get_id (MC_RECORD (mc_case_get_weighing (case_))) != 0;
    case 5:
      return g_list_model_get_n_items (mc_case_get_afweging_answers (case_)) > 0
             || mc_record_get_id (MC_RECORD (mc_case_get_decision (case_))) != 0;
    default:
      g_assert_not_reached ();
    }
}

GPtrArray *
mc_case_check_steps (McCase     *case_,
                     McProtocol *protocol)
{
  g_autoptr(McAfwegingResult) result = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  GPtrArray *steps;
  GPtrArray *statuses;
  McDecision *decision;
  gboolean decided;

  g_return_val_if_fail (MC_IS_CASE (case_), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);

  result = mc_case_decide (case_, protocol);
  checks = mc_case_check_meldnormen (case_, protocol);
  steps = mc_protocol_get_steps (protocol);
  decision = mc_case_get_decision (case_);
  decided = record_has (decision, "decided-on");
  statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_step_status_free);

  for (guint i = 0; i < steps->len; i++)
    {
      const McProtocolStep *step = g_ptr_array_index (steps, i);
      McStepStatus *status = g_new0 (McStepStatus, 1);
      gboolean broken = FALSE;

      status->number = step->number;
      status->missing = g_ptr_array_new_with_free_func (g_free);

      for (guint j = 0; j < step->requirements->len; j++)
        {
          const McProtocolRequirement *requirement = g_ptr_array_index (step->requirements, j);

          if (requirement->kind == MC_REQUIREMENT_CONVERSATION_OR_REASON)
            check_conversations (case_, protocol, requirement->text, status->missing);
          else if (!requirement_holds (case_, protocol, requirement, result))
            g_ptr_array_add (status->missing, g_strdup (requirement->text));
        }

      /* Help offered and accepted: question 5 is answered at an agreed
       * evaluation, so that date is part of the decision. */
      if (step->number == 5 && !is_evaluation_round (case_) && awaits_evaluation (protocol, result)
          && !record_has (decision, "evaluation-on"))
        g_ptr_array_add (status->missing,
                         g_strdup (_("The help is offered: set the date on which it is evaluated (question 5).")));

      /* A special form's own route (violence in the care relationship,
       * an offence by an employee in education): step 4 records, for each
       * of its duties, whether it was done. */
      if (step->number == 4)
        check_duties (case_, protocol, status->missing);

      /* The meldnormen: a broken rule without a written reason holds its
       * step and says why; a pending one holds it only when the protocol
       * says so (a consultation that must still take place). */
      for (guint j = 0; j < checks->len; j++)
        {
          McRuleCheck *check = g_ptr_array_index (checks, j);

          if (check->rule->step != step->number)
            continue;
          if (check->state == MC_RULE_BROKEN)
            {
              g_ptr_array_add (status->missing, g_strdup (check->rule->text));
              broken = TRUE;
            }
          else if (check->state == MC_RULE_PENDING && check->rule->blocks == MC_RULE_BLOCKS_PENDING)
            g_ptr_array_add (status->missing, g_strdup (check->rule->text));
        }

      if (status->missing->len == 0)
        status->state = MC_STEP_DONE;
      else if (broken || (decided && step->number < 5))
        /* A rule is broken, or a decision was taken while this step lacks
         * what it needs. */
        status->state = MC_STEP_NEEDS_ATTENTION;
      else if (step_started (case_, step->number))
        status->state = MC_STEP_IN_PROGRESS;
      else
        status->state = MC_STEP_NOT_STARTED;

      g_ptr_array_add (statuses, status);
    }

  return statuses;
}

guint
mc_case_current_step (GPtrArray *statuses)
{
  g_return_val_if_fail (statuses != NULL, 1);

  for (guint i = 0; i < statuses->len; i++)
    {
      McStepStatus *status = g_ptr_array_index (statuses, i);

      if (status->state != MC_STEP_DONE)
        return status->number;
    }

  return 5;
}

guint
mc_case_get_progress (McCase     *case_,
                      McProtocol *protocol,
                      gboolean   *needs_attention)
{
  g_autoptr(GPtrArray) statuses = NULL;

  g_return_val_if_fail (MC_IS_CASE (case_), 1);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), 1);

  statuses = mc_case_check_steps (case_, protocol);
  if (needs_attention != NULL)
    {
      *needs_attention = FALSE;
      for (guint i = 0; i < statuses->len; i++)
        *needs_attention |= ((McStepStatus *) g_ptr_array_index (statuses, i))->state == MC_STEP_NEEDS_ATTENTION;
    }

  return mc_case_current_step (statuses);
}
