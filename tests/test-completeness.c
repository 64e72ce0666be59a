/* test-completeness.c: where a case stands, held against the protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-completeness.h"
#include "mc-dates.h"

static McProtocol *protocol;

/* A birth date @years ago (plus a day, so the birthday has passed). */
static McCase *
new_case (int years)
{
  McCase *c = mc_case_new ();
  g_autoptr(GDate) birth = g_date_new ();
  g_autofree char *iso = NULL;

  mc_record_set_id (MC_RECORD (c), 1);
  mc_record_set_string (MC_RECORD (c), "client-name", "Test");
  if (years >= 0)
    {
      g_date_set_time_t (birth, time (NULL));
      g_date_subtract_years (birth, years);
      g_date_subtract_days (birth, 1);
      iso = mc_date_to_iso8601 (birth);
      mc_record_set_string (MC_RECORD (c), "birth-date", iso);
    }
  return c;
}

static McStepState
state_of (GPtrArray *statuses,
          guint      step)
{
  McStepStatus *status = g_ptr_array_index (statuses, step - 1);

  g_assert_cmpuint (status->number, ==, step);
  return status->state;
}

static gboolean
missing_contains (GPtrArray  *statuses,
                  guint       step,
                  const char *needle)
{
  McStepStatus *status = g_ptr_array_index (statuses, step - 1);

  for (guint i = 0; i < status->missing->len; i++)
    if (strstr (g_ptr_array_index (status->missing, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static const char *
question_id (guint index)
{
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol);
  const McProtocolQuestion *question = g_ptr_array_index (kader->questions, index);

  return question->id;
}

static void
answer_question (McCase   *c,
                 guint     index,
                 McAnswer  value)
{
  g_autoptr(McAfwegingAnswer) answer = mc_afweging_answer_new (1);

  mc_record_set_string (MC_RECORD (answer), "question-id", question_id (index));
  mc_record_set_answer (MC_RECORD (answer), "answer", value);
  mc_case_add_child (c, MC_RECORD (answer));
}

static void
add_checklist (McCase     *c,
               const char *item,
               const char *value)
{
  g_autoptr(McChecklistAnswer) answer = mc_checklist_answer_new (1);

  mc_record_set_string (MC_RECORD (answer), "item-id", item);
  mc_record_set_string (MC_RECORD (answer), "value", value);
  mc_case_add_child (c, MC_RECORD (answer));
}

static void
add_signal (McCase *c)
{
  g_autoptr(McSignal) signal = mc_signal_new (1);

  mc_record_set_string (MC_RECORD (signal), "observed-on", "2026-11-20");
  mc_record_set_string (MC_RECORD (signal), "description", "Blauwe plek op de arm");
  mc_record_set_string (MC_RECORD (signal), "nature", "fact");
  mc_case_add_child (c, MC_RECORD (signal));
}

static void
test_empty_case (void)
{
  g_autoptr(McCase) c = new_case (15);
  g_autoptr(GPtrArray) statuses = mc_case_check_steps (c, protocol);
  gboolean needs_attention = TRUE;

  g_assert_cmpuint (statuses->len, ==, 5);
  for (guint step = 1; step <= 5; step++)
    g_assert_cmpint (state_of (statuses, step), ==, MC_STEP_NOT_STARTED);
  g_assert_cmpuint (mc_case_current_step (statuses), ==, 1);
  g_assert_cmpuint (mc_case_get_progress (c, protocol, &needs_attention), ==, 1);
  g_assert_false (needs_attention);
  /* The missing texts are the protocol's own words. */
  g_assert_true (missing_contains (statuses, 1, "signaal"));
}

static void
test_kindcheck_applies (void)
{
  g_autoptr(McCase) minor = new_case (15);
  g_autoptr(McCase) adult = new_case (30);
  g_autoptr(McCase) unknown = new_case (-1);
  g_autoptr(McPerson) child = mc_person_new (1);

  g_assert_false (mc_case_kindcheck_applies (minor, protocol));
  g_assert_true (mc_case_kindcheck_applies (adult, protocol));
  g_assert_true (mc_case_kindcheck_applies (unknown, protocol));

  /* A minor client with a child in the household: check the child too. */
  mc_record_set_string (MC_RECORD (child), "role", "child");
  mc_case_add_child (minor, MC_RECORD (child));
  g_assert_true (mc_case_kindcheck_applies (minor, protocol));
}

static void
test_step1_minor_and_adult (void)
{
  g_autoptr(McCase) minor = new_case (15);
  g_autoptr(McCase) adult = new_case (30);
  const McProtocolChecklist *kindcheck = mc_protocol_get_checklist (protocol, MC_CHECKLIST_KINDCHECK);
  g_autoptr(GPtrArray) minor_states = NULL;
  g_autoptr(GPtrArray) adult_states = NULL;
  g_autoptr(GPtrArray) adult_no = NULL;
  g_autoptr(GPtrArray) adult_yes = NULL;
  g_autoptr(GPtrArray) adult_counted = NULL;
  const char *first_yes_no = NULL;

  add_signal (minor);
  add_signal (adult);
  minor_states = mc_case_check_steps (minor, protocol);
  adult_states = mc_case_check_steps (adult, protocol);
  g_assert_cmpint (state_of (minor_states, 1), ==, MC_STEP_DONE);
  g_assert_cmpint (state_of (adult_states, 1), ==, MC_STEP_IN_PROGRESS);
  g_assert_true (missing_contains (adult_states, 1, "indcheck"));

  /* All kindcheck questions answered "no": done. */
  for (guint i = 0; i < kindcheck->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (kindcheck->items, i);

      if (item->answer == MC_ITEM_ANSWER_YES_NO)
        {
          add_checklist (adult, item->id, "no");
          if (first_yes_no == NULL)
            first_yes_no = item->id;
        }
    }
  adult_no = mc_case_check_steps (adult, protocol);
  g_assert_cmpint (state_of (adult_no, 1), ==, MC_STEP_DONE);

  /* One "yes": the number of children is needed too. */
  mc_record_set_string (MC_RECORD (mc_case_find_checklist_answer (adult, first_yes_no)), "value", "yes");
  adult_yes = mc_case_check_steps (adult, protocol);
  g_assert_cmpint (state_of (adult_yes, 1), ==, MC_STEP_IN_PROGRESS);

  for (guint i = 0; i < kindcheck->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (kindcheck->items, i);

      if (item->answer == MC_ITEM_ANSWER_NUMBER)
        add_checklist (adult, item->id, "2");
    }
  adult_counted = mc_case_check_steps (adult, protocol);
  g_assert_cmpint (state_of (adult_counted, 1), ==, MC_STEP_DONE);
}

static void
complete_steps_1_to_4 (McCase *c)
{
  g_autoptr(McConsultation) consultation = mc_consultation_new (1);
  g_autoptr(McConversation) conversation = mc_conversation_new (1);
  McWeighing *weighing = mc_case_get_weighing (c);

  add_signal (c);
  mc_record_set_string (MC_RECORD (consultation), "consulted-on", "2026-11-21");
  mc_record_set_string (MC_RECORD (consultation), "role", "consult-colleague");
  mc_case_add_child (c, MC_RECORD (consultation));
  mc_record_set_string (MC_RECORD (conversation), "not-held-reason", "skip-client-safety");
  mc_case_add_child (c, MC_RECORD (conversation));
  mc_record_set_id (MC_RECORD (weighing), 7);
  mc_record_set_answer (MC_RECORD (weighing), "acute", MC_ANSWER_NO);
  mc_record_set_answer (MC_RECORD (weighing), "structural", MC_ANSWER_YES);
}

static void
test_conversation_needs_content (void)
{
  g_autoptr(McCase) c = new_case (15);
  g_autoptr(McConversation) conversation = mc_conversation_new (1);
  g_autoptr(GPtrArray) partial = NULL;
  g_autoptr(GPtrArray) full = NULL;

  mc_record_set_string (MC_RECORD (conversation), "held-on", "2026-11-22");
  mc_case_add_child (c, MC_RECORD (conversation));
  partial = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (partial, 3), ==, MC_STEP_IN_PROGRESS);

  mc_record_set_string (MC_RECORD (conversation), "with-whom", "Moeder");
  mc_record_set_string (MC_RECORD (conversation), "discussed", "De zorgen over de blauwe plekken");
  full = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (full, 3), ==, MC_STEP_DONE);
}

static void
test_decision_to_report (void)
{
  g_autoptr(McCase) c = new_case (15);
  McDecision *decision = mc_case_get_decision (c);
  g_autoptr(McAfwegingResult) result = NULL;
  g_autoptr(GPtrArray) contradicted = NULL;
  g_autoptr(GPtrArray) reported = NULL;
  g_autoptr(GPtrArray) done = NULL;

  complete_steps_1_to_4 (c);
  answer_question (c, 0, MC_ANSWER_YES);
  answer_question (c, 1, MC_ANSWER_YES);
  result = mc_case_decide (c, protocol);
  g_assert_cmpint (result->report_needed, ==, MC_ANSWER_YES);

  /* Deciding against the afwegingskader needs attention. */
  mc_record_set_id (MC_RECORD (decision), 3);
  mc_record_set_answer (MC_RECORD (decision), "report-needed", MC_ANSWER_NO);
  contradicted = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (contradicted, 5), ==, MC_STEP_NEEDS_ATTENTION);
  for (guint step = 1; step <= 4; step++)
    g_assert_cmpint (state_of (contradicted, step), ==, MC_STEP_DONE);

  /* Reported: the report's details and informing the client are needed. */
  mc_record_set_answer (MC_RECORD (decision), "report-needed", MC_ANSWER_YES);
  mc_record_set_answer (MC_RECORD (decision), "help-possible", MC_ANSWER_YES);
  mc_record_set_string (MC_RECORD (decision), "justification", "Structurele onveiligheid.");
  mc_record_set_string (MC_RECORD (decision), "decided-by-name", "A. de Vries");
  mc_record_set_string (MC_RECORD (decision), "decided-by-role", "Gedragswetenschapper");
  mc_record_set_string (MC_RECORD (decision), "decided-on", "2026-11-28");
  reported = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (reported, 5), ==, MC_STEP_IN_PROGRESS);
  g_assert_true (missing_contains (reported, 5, "kenmerk"));

  mc_record_set_string (MC_RECORD (decision), "reported-on", "2026-11-28");
  mc_record_set_string (MC_RECORD (decision), "vt-reference", "VT-2026-123");
  mc_record_set_answer (MC_RECORD (decision), "client-informed", MC_ANSWER_NO);
  mc_record_set_string (MC_RECORD (decision), "informed-exception", "inform-exception-client-safety");

  /* Questions 3 to 5 are weighed together with Veilig Thuis; answer them. */
  answer_question (c, 2, MC_ANSWER_YES);
  answer_question (c, 3, MC_ANSWER_YES);
  answer_question (c, 4, MC_ANSWER_NO);
  done = mc_case_check_steps (c, protocol);
  for (guint i = 0; i < ((McStepStatus *) g_ptr_array_index (done, 4))->missing->len; i++)
    g_test_message ("missing: %s", (char *) g_ptr_array_index (((McStepStatus *) g_ptr_array_index (done, 4))->missing, i));
  g_assert_cmpint (state_of (done, 5), ==, MC_STEP_DONE);
  g_assert_cmpuint (mc_case_current_step (done), ==, 5);
}

static void
test_decided_with_gaps (void)
{
  g_autoptr(McCase) c = new_case (15);
  McDecision *decision = mc_case_get_decision (c);
  g_autoptr(GPtrArray) statuses = NULL;
  gboolean needs_attention = FALSE;

  add_signal (c);
  mc_record_set_id (MC_RECORD (decision), 3);
  mc_record_set_string (MC_RECORD (decision), "decided-on", "2026-11-28");
  statuses = mc_case_check_steps (c, protocol);

  g_assert_cmpint (state_of (statuses, 1), ==, MC_STEP_DONE);
  /* Steps 2 to 4 were skipped before deciding. */
  g_assert_cmpint (state_of (statuses, 2), ==, MC_STEP_NEEDS_ATTENTION);
  g_assert_cmpint (state_of (statuses, 3), ==, MC_STEP_NEEDS_ATTENTION);
  g_assert_cmpint (state_of (statuses, 4), ==, MC_STEP_NEEDS_ATTENTION);
  g_assert_cmpuint (mc_case_current_step (statuses), ==, 2);
  /* What the case list shows: the same step, and that something needs
   * attention. */
  g_assert_cmpuint (mc_case_get_progress (c, protocol, &needs_attention), ==, 2);
  g_assert_true (needs_attention);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/completeness/empty-case", test_empty_case);
  g_test_add_func ("/completeness/kindcheck-applies", test_kindcheck_applies);
  g_test_add_func ("/completeness/step1-minor-and-adult", test_step1_minor_and_adult);
  g_test_add_func ("/completeness/conversation-needs-content", test_conversation_needs_content);
  g_test_add_func ("/completeness/decision-to-report", test_decision_to_report);
  g_test_add_func ("/completeness/decided-with-gaps", test_decided_with_gaps);

  status = g_test_run ();
  g_clear_object (&protocol);
  return status;
}
