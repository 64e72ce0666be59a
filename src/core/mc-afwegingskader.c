/* mc-afwegingskader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-afwegingskader"

#include "config.h"

#include "mc-afwegingskader.h"

static void
apply_outcome (McAfwegingResult        *result,
               const McProtocolOutcome *outcome,
               GString                 *reason)
{
  if (outcome->report == MC_ANSWER_YES)
    result->report_needed = MC_ANSWER_YES;
  else if (outcome->report == MC_ANSWER_NO && result->report_needed != MC_ANSWER_YES)
    result->report_needed = MC_ANSWER_NO;

  if (outcome->help != MC_ANSWER_UNKNOWN)
    result->help_possible = outcome->help;

  switch (outcome->close)
    {
    case MC_OUTCOME_CLOSE_NONE:
      break;
    case MC_OUTCOME_CLOSE_WITHOUT_ACTION:
      result->closed = TRUE;
      result->monitoring = FALSE;
      break;
    case MC_OUTCOME_CLOSE_WITH_MONITORING:
      result->closed = TRUE;
      result->monitoring = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }

  if (outcome->continue_with_id != NULL)
    {
      g_free (result->together_with_id);
      result->together_with_id = g_strdup (outcome->continue_with_id);
    }

  if (reason->len > 0)
    g_string_append (reason, "\n\n");
  g_string_append (reason, outcome->reason);
}

McAfwegingResult *
mc_afwegingskader_decide (McProtocol           *protocol,
                          McAfwegingLookupFunc  lookup,
                          gpointer              user_data)
{
  const McProtocolAfwegingskader *kader;
  const McProtocolQuestion *question;
  McAfwegingResult *result;
  g_autoptr(GPtrArray) path = NULL;
  g_autoptr(GPtrArray) outcome_ids = NULL;
  g_autoptr(GString) reason = NULL;
  guint steps = 0;

  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (lookup != NULL, NULL);

  kader = mc_protocol_get_afwegingskader (protocol);
  result = g_new0 (McAfwegingResult, 1);
  path = g_ptr_array_new_null_terminated (kader->questions->len, g_free, TRUE);
  outcome_ids = g_ptr_array_new_null_terminated (kader->outcomes->len, g_free, TRUE);
  reason = g_string_new (NULL);

  question = g_ptr_array_index (kader->questions, 0);
  while (question != NULL)
    {
      const McProtocolBranch *branch;
      const McProtocolOutcome *outcome;

      /* The loader refuses loops; this keeps a broken invariant from
       * hanging the application. */
      steps++;
      g_assert (steps <= kader->questions->len);

      switch (lookup (question->id, user_data))
        {
        case MC_ANSWER_YES:
          branch = &question->yes;
          break;
        case MC_ANSWER_NO:
          branch = &question->no;
          break;
        case MC_ANSWER_UNKNOWN:
        default:
          result->next_question_id = g_strdup (question->id);
          branch = NULL;
          break;
        }
      if (branch == NULL)
        break;

      g_ptr_array_add (path, g_strdup (question->id));

      if (branch->question_id != NULL)
        {
          question = mc_protocol_lookup_question (protocol, branch->question_id);
          continue;
        }

      outcome = mc_protocol_lookup_outcome (protocol, branch->outcome_id);
      g_ptr_array_add (outcome_ids, g_strdup (outcome->id));
      apply_outcome (result, outcome, reason);

      question = outcome->continue_question_id != NULL
                 ? mc_protocol_lookup_question (protocol, outcome->continue_question_id)
                 : NULL;
    }

  result->path = (char **) g_ptr_array_free (g_steal_pointer (&path), FALSE);
  result->outcome_ids = (char **) g_ptr_array_free (g_steal_pointer (&outcome_ids), FALSE);
  result->reason = reason->len > 0 ? g_string_free (g_steal_pointer (&reason), FALSE) : NULL;

  return result;
}

static McAnswer
lookup_in_table (const char *question_id,
                 gpointer    user_data)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (user_data, question_id));
}

McAfwegingResult *
mc_afwegingskader_decide_table (McProtocol *protocol,
                                GHashTable *answers)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  return mc_afwegingskader_decide (protocol, lookup_in_table, answers);
}

void
mc_afweging_result_free (McAfwegingResult *result)
{
  if (result == NULL)
    return;

  g_free (result->next_question_id);
  g_free (result->together_with_id);
  g_strfreev (result->path);
  g_strfreev (result->outcome_ids);
  g_free (result->reason);
  g_free (result);
}
