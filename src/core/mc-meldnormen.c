/* mc-meldnormen.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-meldnormen"

#include "config.h"

#include <string.h>
#include <time.h>

#include "mc-completeness.h"
#include "mc-meldnormen.h"

void
mc_rule_check_free (McRuleCheck *check)
{
  if (check == NULL)
    return;

  g_free (check->override_reason);
  g_free (check);
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

gboolean
mc_consultation_is_complete (McConsultation *consultation)
{
  McRecord *record = MC_RECORD (consultation);

  g_return_val_if_fail (MC_IS_CONSULTATION (consultation), FALSE);

  return (!is_blank (mc_record_get_string (record, "role"))
          || !is_blank (mc_record_get_string (record, "consultee")))
         && !is_blank (mc_record_get_string (record, "advice"));
}

static McAnswer
answer_of_bool (gboolean value)
{
  return value ? MC_ANSWER_YES : MC_ANSWER_NO;
}

static McAnswer
special_form_fact (McCase     *case_,
                   const char *form_id)
{
  const char * const *forms = mc_record_get_lines (MC_RECORD (case_), "suspected-forms");

  return answer_of_bool (forms != NULL && g_strv_contains (forms, form_id));
}

static McAnswer
consultation_fact (McCase     *case_,
                   const char *role_id)
{
  GListModel *consultations = mc_case_get_consultations (case_);

  for (guint i = 0; i < g_list_model_get_n_items (consultations); i++)
    {
      g_autoptr(McConsultation) consultation = g_list_model_get_item (consultations, i);

      if (g_strcmp0 (mc_record_get_string (MC_RECORD (consultation), "role"), role_id) == 0
          && mc_consultation_is_complete (consultation))
        return MC_ANSWER_YES;
    }

  /* Not yet: a consultation can still be recorded. */
  return MC_ANSWER_UNKNOWN;
}

static McAnswer
checklist_fact (McCase     *case_,
                const char *item_id)
{
  McChecklistAnswer *answer = mc_case_find_checklist_answer (case_, item_id);
  const char *value = answer != NULL ? mc_record_get_string (MC_RECORD (answer), "value") : NULL;

  if (g_strcmp0 (value, "yes") == 0)
    return MC_ANSWER_YES;
  if (g_strcmp0 (value, "no") == 0)
    return MC_ANSWER_NO;
  return MC_ANSWER_UNKNOWN;
}

static McAnswer
client_minor_fact (McCase     *case_,
                   McProtocol *protocol)
{
  const McProtocolConversationRule *rule = mc_protocol_get_conversation_rule (protocol);
  g_autoptr(GDate) today = g_date_new ();
  int age;

  g_date_set_time_t (today, time (NULL));
  age = mc_case_get_client_age (case_, today);
  if (age < 0)
    return MC_ANSWER_UNKNOWN;
  return answer_of_bool ((guint) age < rule->age_of_majority);
}

McAnswer
mc_case_get_fact (McCase     *case_,
                  McProtocol *protocol,
                  const char *ref)
{
  const char *dot;

  g_return_val_if_fail (MC_IS_CASE (case_), MC_ANSWER_UNKNOWN);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), MC_ANSWER_UNKNOWN);
  g_return_val_if_fail (ref != NULL, MC_ANSWER_UNKNOWN);

  if (strcmp (ref, "weighing.acute") == 0)
    return mc_record_get_answer (MC_RECORD (mc_case_get_weighing (case_)), "acute");
  if (strcmp (ref, "weighing.structural") == 0)
    return mc_record_get_answer (MC_RECORD (mc_case_get_weighing (case_)), "structural");
  if (strcmp (ref, "decision.report") == 0)
    return mc_record_get_answer (MC_RECORD (mc_case_get_decision (case_)), "report-needed");
  if (strcmp (ref, "decision.help") == 0)
    return mc_record_get_answer (MC_RECORD (mc_case_get_decision (case_)), "help-possible");
  if (strcmp (ref, "outcome.report") == 0 || strcmp (ref, "outcome.help") == 0)
    {
      g_autoptr(McAfwegingResult) result = mc_case_decide (case_, protocol);

      return ref[8] == 'r' ? result->report_needed : result->help_possible;
    }
  if (strcmp (ref, "client.minor") == 0)
    return client_minor_fact (case_, protocol);

  if ((dot = strchr (ref, '.')) == NULL)
    return MC_ANSWER_UNKNOWN;
  if (g_str_has_prefix (ref, "question."))
    return mc_case_lookup_question (case_, protocol, dot + 1);
  if (g_str_has_prefix (ref, "special-form."))
    return special_form_fact (case_, dot + 1);
  if (g_str_has_prefix (ref, "consultation."))
    return consultation_fact (case_, dot + 1);
  if (g_str_has_prefix (ref, "checklist."))
    return checklist_fact (case_, dot + 1);

  /* The loader refuses unknown facts; a newer protocol's fact is unknown. */
  return MC_ANSWER_UNKNOWN;
}

/* TRUE when the when-facts hold: all of them, or any with when_any. */
static gboolean
facts_hold (McCase     *case_,
            McProtocol *protocol,
            GPtrArray  *facts,
            gboolean    any)
{
  if (facts->len == 0)
    return TRUE;

  for (guint i = 0; i < facts->len; i++)
    {
      const McProtocolFact *fact = g_ptr_array_index (facts, i);
      gboolean holds = mc_case_get_fact (case_, protocol, fact->ref) == fact->is;

      if (any && holds)
        return TRUE;
      if (!any && !holds)
        return FALSE;
    }

  return !any;
}

static McRuleState
rule_state (McCase               *case_,
            McProtocol           *protocol,
            const McProtocolRule *rule)
{
  gboolean pending = FALSE;

  if (!facts_hold (case_, protocol, rule->when, rule->when_any))
    return MC_RULE_NOT_APPLICABLE;

  for (guint i = 0; i < rule->require->len; i++)
    {
      const McProtocolFact *fact = g_ptr_array_index (rule->require, i);
      McAnswer value = mc_case_get_fact (case_, protocol, fact->ref);

      if (value == MC_ANSWER_UNKNOWN)
        pending = TRUE;
      else if (value != fact->is)
        return MC_RULE_BROKEN;
    }

  return pending ? MC_RULE_PENDING : MC_RULE_KEPT;
}

GPtrArray *
mc_case_check_meldnormen (McCase     *case_,
                          McProtocol *protocol)
{
  GPtrArray *rules;
  GPtrArray *checks;
  guint round;

  g_return_val_if_fail (MC_IS_CASE (case_), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);

  rules = mc_protocol_get_rules (protocol);
  round = mc_case_get_current_round (case_);
  checks = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_rule_check_free);

  for (guint i = 0; i < rules->len; i++)
    {
      const McProtocolRule *rule = g_ptr_array_index (rules, i);
      McRuleCheck *check = g_new0 (McRuleCheck, 1);

      check->rule = rule;
      check->state = rule_state (case_, protocol, rule);
      if (check->state == MC_RULE_BROKEN)
        {
          McNormOverride *override = mc_case_find_norm_override (case_, round, rule->id);
          const char *reason = override != NULL ? mc_record_get_string (MC_RECORD (override), "reason") : NULL;

          /* An override counts only with a reason someone can read. */
          if (!is_blank (reason))
            {
              check->state = MC_RULE_OVERRIDDEN;
              check->override_reason = g_strdup (reason);
            }
        }
      g_ptr_array_add (checks, check);
    }

  return checks;
}

GPtrArray *
mc_case_get_urgent_actions (McCase     *case_,
                            McProtocol *protocol)
{
  GPtrArray *actions;
  GPtrArray *applying;

  g_return_val_if_fail (MC_IS_CASE (case_), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);

  actions = mc_protocol_get_urgent_actions (protocol);
  applying = g_ptr_array_new ();
  for (guint i = 0; i < actions->len; i++)
    {
      const McProtocolUrgentAction *action = g_ptr_array_index (actions, i);

      if (action->when->len > 0 && facts_hold (case_, protocol, action->when, action->when_any))
        g_ptr_array_add (applying, (gpointer) action);
    }

  return applying;
}
