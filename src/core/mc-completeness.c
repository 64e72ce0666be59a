/* mc-completeness.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-completeness"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-completeness.h"
#include "mc-dates.h"

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
      const McProtocolItem *role = mc_protocol_lookup_item (protocol,
                                                            mc_record_get_string (MC_RECORD (person), "role"));

      if (role != NULL && role->audience == MC_AUDIENCE_CHILDREN)
        return TRUE;
    }

  return FALSE;
}

static McAnswer
lookup_answer (const char *question_id,
               gpointer    user_data)
{
  McAfwegingAnswer *answer = mc_case_find_afweging_answer (user_data, question_id);

  return answer != NULL ? mc_record_get_answer (MC_RECORD (answer), "answer") : MC_ANSWER_UNKNOWN;
}

McAfwegingResult *
mc_case_decide (McCase     *case_,
                McProtocol *protocol)
{
  g_return_val_if_fail (MC_IS_CASE (case_), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);

  return mc_afwegingskader_decide (protocol, lookup_answer, case_);
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

static gboolean
conversation_recorded (McCase *case_)
{
  GListModel *conversations = mc_case_get_conversations (case_);

  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr(McConversation) conversation = g_list_model_get_item (conversations, i);

      if (record_has (conversation, "not-held-reason"))
        return TRUE;
      if (record_has (conversation, "held-on") && record_has (conversation, "with-whom")
          && record_has (conversation, "discussed"))
        return TRUE;
    }

  return FALSE;
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
      return g_list_model_get_n_items (mc_case_get_signals (case_)) >= requirement->min;

    case MC_REQUIREMENT_KINDCHECK_DONE:
      return kindcheck_done (case_, protocol, requirement);

    case MC_REQUIREMENT_CONSULTATIONS:
      return g_list_model_get_n_items (mc_case_get_consultations (case_)) >= requirement->min;

    case MC_REQUIREMENT_CONVERSATION_OR_REASON:
      return conversation_recorded (case_);

    case MC_REQUIREMENT_WEIGHING_ACUTE:
      return mc_record_get_answer (MC_RECORD (weighing), "acute") != MC_ANSWER_UNKNOWN;

    case MC_REQUIREMENT_WEIGHING_STRUCTURAL:
      return mc_record_get_answer (MC_RECORD (weighing), "structural") != MC_ANSWER_UNKNOWN;

    case MC_REQUIREMENT_AFWEGINGSKADER_COMPLETE:
      return result->next_question_id == NULL;

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
  GPtrArray *steps;
  GPtrArray *statuses;
  McDecision *decision;
  McAnswer decided_report;
  gboolean decided;

  g_return_val_if_fail (MC_IS_CASE (case_), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);

  result = mc_case_decide (case_, protocol);
  steps = mc_protocol_get_steps (protocol);
  decision = mc_case_get_decision (case_);
  decided_report = mc_record_get_answer (MC_RECORD (decision), "report-needed");
  decided = record_has (decision, "decided-on");
  statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_step_status_free);

  for (guint i = 0; i < steps->len; i++)
    {
      const McProtocolStep *step = g_ptr_array_index (steps, i);
      McStepStatus *status = g_new0 (McStepStatus, 1);

      status->number = step->number;
      status->missing = g_ptr_array_new_with_free_func (g_free);

      for (guint j = 0; j < step->requirements->len; j++)
        {
          const McProtocolRequirement *requirement = g_ptr_array_index (step->requirements, j);

          if (!requirement_holds (case_, protocol, requirement, result))
            g_ptr_array_add (status->missing, g_strdup (requirement->text));
        }

      if (status->missing->len == 0)
        status->state = MC_STEP_DONE;
      else if (decided && step->number < 5)
        /* A decision was taken while this step lacks what it needs. */
        status->state = MC_STEP_NEEDS_ATTENTION;
      else if (step_started (case_, step->number))
        status->state = MC_STEP_IN_PROGRESS;
      else
        status->state = MC_STEP_NOT_STARTED;

      /* Reporting is always allowed (meldrecht); not reporting where the
       * afwegingskader makes it necessary goes against the meldnormen. */
      if (step->number == 5 && result->report_needed == MC_ANSWER_YES && decided_report == MC_ANSWER_NO)
        {
          g_ptr_array_add (status->missing,
                           g_strdup (_("The afwegingskader makes reporting to Veilig Thuis necessary, but the decision is not to report.")));
          status->state = MC_STEP_NEEDS_ATTENTION;
        }

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
