/* test-completeness.c: where a case stands, held against the protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Completeness is truthful: a record counts only when it holds what the
 * protocol asks of it (a signal its description and who saw it or told
 * it, a consultation with whom and the advice, a conversation its date,
 * with whom, what was discussed and the reaction), step 3 follows the
 * protocol's age bands on the day of the conversation, and an evaluation
 * round weighs only the evaluation question.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-meldnormen.h"
#include "mc-store.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"

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

static McCase *
new_case_born (const char *birth_date)
{
  McCase *c = mc_case_new ();

  mc_record_set_id (MC_RECORD (c), 1);
  mc_record_set_string (MC_RECORD (c), "client-name", "Test");
  mc_record_set_string (MC_RECORD (c), "birth-date", birth_date);
  return c;
}

static McStepStatus *
status_of (GPtrArray *statuses,
           guint      step)
{
  McStepStatus *status = g_ptr_array_index (statuses, step - 1);

  g_assert_cmpuint (status->number, ==, step);
  return status;
}

static McStepState
state_of (GPtrArray *statuses,
          guint      step)
{
  return status_of (statuses, step)->state;
}

static gboolean
missing_contains (GPtrArray  *statuses,
                  guint       step,
                  const char *needle)
{
  McStepStatus *status = status_of (statuses, step);

  for (guint i = 0; i < status->missing->len; i++)
    if (strstr (g_ptr_array_index (status->missing, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* What a failing assertion should show: the step's missing texts. */
static void
log_missing (GPtrArray *statuses,
             guint      step)
{
  McStepStatus *status = status_of (statuses, step);

  for (guint i = 0; i < status->missing->len; i++)
    g_test_message ("step %u missing: %s", step, (char *) g_ptr_array_index (status->missing, i));
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

/* A signal as step 1 asks for it: what was seen, and by whom. */
static void
add_signal (McCase *c)
{
  g_autoptr(McSignal) signal = mc_signal_new (1);

  mc_record_set_string (MC_RECORD (signal), "observed-on", "2026-11-20");
  mc_record_set_string (MC_RECORD (signal), "description", "Blauwe plek op de arm");
  mc_record_set_string (MC_RECORD (signal), "nature", "fact");
  mc_record_set_string (MC_RECORD (signal), "observer", "Begeleider");
  mc_case_add_child (c, MC_RECORD (signal));
}

static McPerson *
add_person (McCase     *c,
            const char *role)
{
  g_autoptr(McPerson) person = mc_person_new (1);

  /* Ids as the store would give them: the conversations link to them. */
  mc_record_set_id (MC_RECORD (person), 100 + g_list_model_get_n_items (mc_case_get_people (c)));
  mc_record_set_string (MC_RECORD (person), "role", role);
  mc_record_set_string (MC_RECORD (person), "name", role);
  mc_case_add_child (c, MC_RECORD (person));
  return person;
}

/* A held conversation on @held_on: with the client (@role "client", named
 * in text only), or with a person of the case in @role, who is added. */
static McConversation *
add_conversation (McCase     *c,
                  const char *held_on,
                  const char *role)
{
  g_autoptr(McConversation) conversation = mc_conversation_new (1);

  mc_record_set_string (MC_RECORD (conversation), "held-on", held_on);
  if (strcmp (role, "client") == 0)
    mc_record_set_string (MC_RECORD (conversation), "with-whom", "De cliënt");
  else
    mc_record_set_integer (MC_RECORD (conversation), "person-id",
                           mc_record_get_id (MC_RECORD (add_person (c, role))));
  mc_record_set_string (MC_RECORD (conversation), "discussed", "De zorgen over de blauwe plekken");
  mc_record_set_string (MC_RECORD (conversation), "reaction", "Schrok, en wil hulp");
  mc_case_add_child (c, MC_RECORD (conversation));
  return conversation;
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

/* Steps 1 to 4 as the protocol wants them, for a client of 15 (no
 * kindcheck) who is not spoken with, for her safety. */
static void
complete_steps_1_to_4 (McCase *c)
{
  g_autoptr(McConsultation) consultation = mc_consultation_new (1);
  g_autoptr(McConversation) conversation = mc_conversation_new (1);
  McWeighing *weighing = mc_case_get_weighing (c);

  add_signal (c);
  mc_record_set_string (MC_RECORD (consultation), "consulted-on", "2026-11-21");
  mc_record_set_string (MC_RECORD (consultation), "role", "consult-colleague");
  mc_record_set_string (MC_RECORD (consultation), "advice", "Bespreek het met de ouders.");
  mc_case_add_child (c, MC_RECORD (consultation));
  mc_record_set_string (MC_RECORD (conversation), "not-held-reason", "skip-client-safety");
  mc_case_add_child (c, MC_RECORD (conversation));
  mc_record_set_id (MC_RECORD (weighing), 7);
  mc_record_set_answer (MC_RECORD (weighing), "acute", MC_ANSWER_NO);
  mc_record_set_answer (MC_RECORD (weighing), "structural", MC_ANSWER_YES);
}

/* Step 3 for a client of 15: the conversation counts once it holds its
 * date, with whom, what was discussed and the reaction; and at 15 both
 * the client and a parent with gezag (or the voogd) are spoken with. */
static void
test_conversation_needs_content (void)
{
  g_autoptr(McCase) c = new_case (15);
  g_autoptr(McConversation) conversation = mc_conversation_new (1);
  g_autoptr(GPtrArray) partial = NULL;
  g_autoptr(GPtrArray) no_reaction = NULL;
  g_autoptr(GPtrArray) with_client = NULL;
  g_autoptr(GPtrArray) full = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GDate) date = g_date_new ();

  g_date_set_time_t (date, time (NULL));
  today = mc_date_to_iso8601 (date);

  mc_record_set_string (MC_RECORD (conversation), "held-on", today);
  mc_case_add_child (c, MC_RECORD (conversation));
  partial = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (partial, 3), ==, MC_STEP_IN_PROGRESS);
  g_assert_true (missing_contains (partial, 3, "Het gesprek is vastgelegd"));

  /* What was discussed, but not how the client reacted: not yet. */
  mc_record_set_string (MC_RECORD (conversation), "with-whom", "De cliënt");
  mc_record_set_string (MC_RECORD (conversation), "discussed", "De zorgen over de blauwe plekken");
  no_reaction = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (no_reaction, 3), ==, MC_STEP_IN_PROGRESS);
  g_assert_true (missing_contains (no_reaction, 3, "Het gesprek is vastgelegd"));

  /* Held with the client: at 15 the parents are spoken with too. */
  mc_record_set_string (MC_RECORD (conversation), "reaction", "Schrok, en wil hulp");
  with_client = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (with_client, 3), ==, MC_STEP_IN_PROGRESS);
  g_assert_false (missing_contains (with_client, 3, "Het gesprek is vastgelegd"));
  g_assert_true (missing_contains (with_client, 3, "also held with"));
  g_assert_true (missing_contains (with_client, 3, "Ouder met gezag"));

  add_conversation (c, today, "parent-with-gezag");
  full = mc_case_check_steps (c, protocol);
  log_missing (full, 3);
  g_assert_cmpint (state_of (full, 3), ==, MC_STEP_DONE);
}

/* A record without what the protocol asks of it does not finish its
 * step; the same record, filled in, does. Before completeness was
 * truthful, an empty signal finished step 1. */
static void
test_empty_records_do_not_count (void)
{
  g_autoptr(McCase) c = new_case (15);
  g_autoptr(McSignal) signal = mc_signal_new (1);
  g_autoptr(McConsultation) consultation = mc_consultation_new (1);
  g_autoptr(McConversation) conversation = mc_conversation_new (1);
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) described = NULL;
  g_autoptr(GPtrArray) sourced = NULL;
  g_autoptr(GPtrArray) half = NULL;
  g_autoptr(GPtrArray) filled = NULL;

  mc_case_add_child (c, MC_RECORD (signal));
  mc_case_add_child (c, MC_RECORD (consultation));
  mc_case_add_child (c, MC_RECORD (conversation));
  empty = mc_case_check_steps (c, protocol);
  for (guint step = 1; step <= 3; step++)
    {
      /* Started, but not done. */
      g_assert_cmpint (state_of (empty, step), ==, MC_STEP_IN_PROGRESS);
      g_assert_cmpuint (status_of (empty, step)->missing->len, >, 0);
    }
  g_assert_true (missing_contains (empty, 1, "signaal"));
  g_assert_true (missing_contains (empty, 2, "consultatie"));
  g_assert_true (missing_contains (empty, 3, "Het gesprek is vastgelegd"));
  g_assert_cmpuint (mc_case_current_step (empty), ==, 1);

  /* Half of each: a description without who saw it, an advice without
   * whom it came from, a conversation without a date. Whitespace is not
   * content either. */
  mc_record_set_string (MC_RECORD (signal), "description", "Blauwe plek op de arm");
  mc_record_set_string (MC_RECORD (signal), "observer", "  \t");
  mc_record_set_string (MC_RECORD (consultation), "advice", "Verder in kaart brengen");
  mc_record_set_string (MC_RECORD (consultation), "consultee", " ");
  mc_record_set_string (MC_RECORD (conversation), "with-whom", "De cliënt");
  mc_record_set_string (MC_RECORD (conversation), "discussed", "De zorgen");
  mc_record_set_string (MC_RECORD (conversation), "reaction", "Boos");
  half = mc_case_check_steps (c, protocol);
  for (guint step = 1; step <= 3; step++)
    g_assert_cmpint (state_of (half, step), ==, MC_STEP_IN_PROGRESS);

  /* A consultation with whom but no advice does not count either. */
  mc_record_set_string (MC_RECORD (consultation), "advice", NULL);
  mc_record_set_string (MC_RECORD (consultation), "role", "consult-colleague");
  g_assert_false (mc_consultation_is_complete (consultation));
  described = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (described, 2), ==, MC_STEP_IN_PROGRESS);

  /* Filled in: the source stands for the observer, the role or the
   * consultee for whom; a conversation with the client needs its date. */
  mc_record_set_string (MC_RECORD (signal), "source", "De juf van school");
  mc_record_set_string (MC_RECORD (consultation), "advice", "Verder in kaart brengen");
  g_assert_true (mc_consultation_is_complete (consultation));
  sourced = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (sourced, 1), ==, MC_STEP_DONE);
  g_assert_cmpint (state_of (sourced, 2), ==, MC_STEP_DONE);
  g_assert_cmpint (state_of (sourced, 3), ==, MC_STEP_IN_PROGRESS);

  mc_record_set_string (MC_RECORD (consultation), "role", NULL);
  mc_record_set_string (MC_RECORD (consultation), "consultee", "J. Bakker, gedragswetenschapper");
  g_assert_true (mc_consultation_is_complete (consultation));
  /* A reason why it did not take place stands for the conversation. */
  mc_record_set_string (MC_RECORD (conversation), "not-held-reason", "skip-relationship");
  filled = mc_case_check_steps (c, protocol);
  for (guint step = 1; step <= 3; step++)
    {
      log_missing (filled, step);
      g_assert_cmpint (state_of (filled, step), ==, MC_STEP_DONE);
    }
  g_assert_cmpuint (mc_case_current_step (filled), ==, 4);
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
  log_missing (done, 5);
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

/* Step 3 by age band, at the edges of the bands of the built-in
 * protocol: the age is the one on the day of the conversation. */

typedef enum
{
  WITH_CLIENT = 1 << 0,
  WITH_PARENT = 1 << 1,
  WITH_BOTH   = WITH_CLIENT | WITH_PARENT,
  /* A conversation with a parent with gezag that did not take place
   * because involving them harms the young person. */
  PARENT_HARMS = 1 << 2,
} With;

/* What step 3 lacks, as substrings of its missing texts. */
#define LACKS_NOTHING NULL
#define LACKS_CLIENT "The conversation with the client is not recorded yet."
#define LACKS_PARENT "For the client’s age, the conversation is also held with: Ouder met gezag, Voogd."
#define LACKS_PARENT_UNLESS "For the client’s age, the conversation is also held with: Ouder met gezag, Voogd, unless that harms the client"
#define LACKS_REPRESENTATIVE "The client has a representative: involve them in the conversation"

typedef struct
{
  const char *name;
  const char *birth_date;
  const char *held_on;
  guint       age;          /* on held_on */
  const char *band_id;
  With        with;
  const char *lacks;        /* LACKS_NOTHING: step 3 is done */
} BandCase;

#define ON "2026-06-15"
static const BandCase band_cases[] = {
  /* 11: the day before the twelfth birthday. The parents, not the child. */
  { "11-client",  "2014-06-16", ON, 11, "band-under-12", WITH_CLIENT, LACKS_PARENT },
  { "11-parent",  "2014-06-16", ON, 11, "band-under-12", WITH_PARENT, LACKS_NOTHING },
  { "11-both",    "2014-06-16", ON, 11, "band-under-12", WITH_BOTH,   LACKS_NOTHING },
  /* 12: the birthday is the day of the conversation. The child and the
   * parents. */
  { "12-client",  "2014-06-15", ON, 12, "band-12-15", WITH_CLIENT, LACKS_PARENT },
  { "12-parent",  "2014-06-15", ON, 12, "band-12-15", WITH_PARENT, LACKS_CLIENT },
  { "12-both",    "2014-06-15", ON, 12, "band-12-15", WITH_BOTH,   LACKS_NOTHING },
  /* 15: the day before the sixteenth birthday. */
  { "15-client",  "2010-06-16", ON, 15, "band-12-15", WITH_CLIENT, LACKS_PARENT },
  { "15-parent",  "2010-06-16", ON, 15, "band-12-15", WITH_PARENT, LACKS_CLIENT },
  { "15-both",    "2010-06-16", ON, 15, "band-12-15", WITH_BOTH,   LACKS_NOTHING },
  /* 16, on the birthday: the young person decides; the parents are
   * involved unless that harms the young person, which is then recorded
   * as the reason the conversation with them did not take place. */
  { "16-client",  "2010-06-15", ON, 16, "band-16-17", WITH_CLIENT, LACKS_PARENT_UNLESS },
  { "16-parent",  "2010-06-15", ON, 16, "band-16-17", WITH_PARENT, LACKS_CLIENT },
  { "16-both",    "2010-06-15", ON, 16, "band-16-17", WITH_BOTH,   LACKS_NOTHING },
  { "16-client-harms", "2010-06-15", ON, 16, "band-16-17", WITH_CLIENT | PARENT_HARMS, LACKS_NOTHING },
  /* The exception stands for the parents, not for the young person. */
  { "16-harms-only", "2010-06-15", ON, 16, "band-16-17", PARENT_HARMS, LACKS_CLIENT },
  /* 17: the day before the eighteenth birthday. */
  { "17-client",  "2008-06-16", ON, 17, "band-16-17", WITH_CLIENT, LACKS_PARENT_UNLESS },
  { "17-parent",  "2008-06-16", ON, 17, "band-16-17", WITH_PARENT, LACKS_CLIENT },
  { "17-both",    "2008-06-16", ON, 17, "band-16-17", WITH_BOTH,   LACKS_NOTHING },
  { "17-client-harms", "2008-06-16", ON, 17, "band-16-17", WITH_CLIENT | PARENT_HARMS, LACKS_NOTHING },
  /* Not a band's exception for a 15-year-old: the parents are still due. */
  { "15-client-harms", "2010-06-16", ON, 15, "band-12-15", WITH_CLIENT | PARENT_HARMS, LACKS_PARENT },
  /* 18, on the birthday: the client; a parent no longer stands for them. */
  { "18-client",  "2008-06-15", ON, 18, "band-adult", WITH_CLIENT, LACKS_NOTHING },
  { "18-parent",  "2008-06-15", ON, 18, "band-adult", WITH_PARENT, LACKS_CLIENT },
  { "18-both",    "2008-06-15", ON, 18, "band-adult", WITH_BOTH,   LACKS_NOTHING },
  /* Born on 29 February: a year older on 1 March in common years. */
  { "leap-17-on-28-february", "2008-02-29", "2026-02-28", 17, "band-16-17", WITH_CLIENT, LACKS_PARENT_UNLESS },
  { "leap-18-on-1-march",     "2008-02-29", "2026-03-01", 18, "band-adult", WITH_CLIENT, LACKS_NOTHING },
  { "leap-12-on-29-february", "2012-02-29", "2024-02-29", 12, "band-12-15", WITH_PARENT, LACKS_CLIENT },
  { "leap-11-on-28-february", "2012-02-29", "2024-02-28", 11, "band-under-12", WITH_PARENT, LACKS_NOTHING },
};
#undef ON

static void
test_band (gconstpointer data)
{
  const BandCase *band_case = data;
  g_autoptr(McCase) c = new_case_born (band_case->birth_date);
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GDate) on = g_date_new ();
  const McProtocolBand *band;
  McStepStatus *step3;

  g_assert_true (mc_date_from_iso8601 (band_case->held_on, on));
  g_assert_cmpint (mc_case_get_client_age (c, on), ==, band_case->age);
  band = mc_protocol_find_band (protocol, band_case->age);
  g_assert_nonnull (band);
  g_assert_cmpstr (band->id, ==, band_case->band_id);

  if (band_case->with & WITH_CLIENT)
    add_conversation (c, band_case->held_on, "client");
  if (band_case->with & WITH_PARENT)
    add_conversation (c, band_case->held_on, "parent-with-gezag");
  if (band_case->with & PARENT_HARMS)
    {
      McRecord *skipped = MC_RECORD (add_conversation (c, band_case->held_on, "parent-with-gezag"));

      /* As the app records it: the reason, no content of a talk. */
      mc_record_set_string (skipped, "not-held-reason", "skip-harms-young-person");
      mc_record_set_string (skipped, "discussed", NULL);
      mc_record_set_string (skipped, "reaction", NULL);
    }
  statuses = mc_case_check_steps (c, protocol);
  step3 = status_of (statuses, 3);
  log_missing (statuses, 3);

  if (band_case->lacks == LACKS_NOTHING)
    {
      g_assert_cmpint (step3->state, ==, MC_STEP_DONE);
      g_assert_cmpuint (step3->missing->len, ==, 0);
    }
  else
    {
      g_assert_cmpint (step3->state, ==, MC_STEP_IN_PROGRESS);
      /* Exactly what is lacking, nothing else. */
      g_assert_cmpuint (step3->missing->len, ==, 1);
      g_assert_true (missing_contains (statuses, 3, band_case->lacks));
    }
}

/* A voogd stands where the parents with gezag do; a carer without gezag
 * does not. */
static void
test_band_voogd_and_carer (void)
{
  g_autoptr(McCase) voogd = new_case_born ("2019-01-10");
  g_autoptr(McCase) carer = new_case_born ("2019-01-10");
  g_autoptr(GPtrArray) with_voogd = NULL;
  g_autoptr(GPtrArray) with_carer = NULL;

  add_conversation (voogd, "2026-06-15", "voogd");
  with_voogd = mc_case_check_steps (voogd, protocol);
  g_assert_cmpint (state_of (with_voogd, 3), ==, MC_STEP_DONE);

  add_conversation (carer, "2026-06-15", "carer");
  with_carer = mc_case_check_steps (carer, protocol);
  g_assert_cmpint (state_of (with_carer, 3), ==, MC_STEP_IN_PROGRESS);
  g_assert_true (missing_contains (with_carer, 3, LACKS_PARENT));
}

/* An adult with a mentor: the mentor is spoken with too. Without one,
 * the client alone is enough. */
static void
test_band_adult_representative (void)
{
  g_autoptr(McCase) with_mentor = new_case_born ("1990-03-02");
  g_autoptr(McCase) without = new_case_born ("1990-03-02");
  g_autoptr(GPtrArray) client_only = NULL;
  g_autoptr(GPtrArray) both = NULL;
  g_autoptr(GPtrArray) no_mentor = NULL;
  g_autoptr(GPtrArray) mentor_only = NULL;
  g_autoptr(McCase) mentor_alone = new_case_born ("1990-03-02");

  add_person (with_mentor, "mentor");
  add_conversation (with_mentor, "2026-06-15", "client");
  client_only = mc_case_check_steps (with_mentor, protocol);
  log_missing (client_only, 3);
  g_assert_cmpint (state_of (client_only, 3), ==, MC_STEP_IN_PROGRESS);
  g_assert_cmpuint (status_of (client_only, 3)->missing->len, ==, 1);
  g_assert_true (missing_contains (client_only, 3, LACKS_REPRESENTATIVE));
  g_assert_true (missing_contains (client_only, 3, "Mentor"));

  add_conversation (with_mentor, "2026-06-16", "mentor");
  both = mc_case_check_steps (with_mentor, protocol);
  log_missing (both, 3);
  g_assert_cmpint (state_of (both, 3), ==, MC_STEP_DONE);

  add_conversation (without, "2026-06-15", "client");
  no_mentor = mc_case_check_steps (without, protocol);
  g_assert_cmpint (state_of (no_mentor, 3), ==, MC_STEP_DONE);

  /* The mentor alone does not stand for the client. */
  add_conversation (mentor_alone, "2026-06-15", "mentor");
  mentor_only = mc_case_check_steps (mentor_alone, protocol);
  g_assert_cmpint (state_of (mentor_only, 3), ==, MC_STEP_IN_PROGRESS);
  g_assert_true (missing_contains (mentor_only, 3, LACKS_CLIENT));
}

/* The band is the one on the day of the latest conversation, whatever
 * the order in which the conversations were recorded: two talks with the
 * parents, the later one after the twelfth birthday (recorded first), do
 * not finish step 3 while the twelve-year-old was not spoken with. */
static void
test_band_latest_conversation (void)
{
  g_autoptr(McCase) c = new_case_born ("2014-06-15");
  g_autoptr(GPtrArray) parents_only = NULL;
  g_autoptr(GPtrArray) with_child = NULL;

  add_conversation (c, "2026-06-20", "parent-with-gezag");
  add_conversation (c, "2026-06-01", "parent-with-gezag");
  parents_only = mc_case_check_steps (c, protocol);
  log_missing (parents_only, 3);
  g_assert_cmpint (state_of (parents_only, 3), ==, MC_STEP_IN_PROGRESS);
  g_assert_true (missing_contains (parents_only, 3, LACKS_CLIENT));

  add_conversation (c, "2026-06-20", "client");
  with_child = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (with_child, 3), ==, MC_STEP_DONE);
}

/* Help offered and accepted (questions 1 to 4: yes, no, yes, yes):
 * question 5 waits for the evaluation, so round 1 is decided with an
 * evaluation date. */
static void
test_help_offered_needs_evaluation_date (void)
{
  g_autoptr(McCase) c = new_case (15);
  McDecision *decision = mc_case_get_decision (c);
  g_autoptr(McAfwegingResult) result = NULL;
  g_autoptr(GPtrArray) undated = NULL;
  g_autoptr(GPtrArray) dated = NULL;
  McWeighing *weighing;

  complete_steps_1_to_4 (c);
  weighing = mc_case_get_weighing (c);
  mc_record_set_answer (MC_RECORD (weighing), "structural", MC_ANSWER_NO);
  answer_question (c, 0, MC_ANSWER_YES);
  answer_question (c, 1, MC_ANSWER_NO);
  answer_question (c, 2, MC_ANSWER_YES);
  answer_question (c, 3, MC_ANSWER_YES);
  result = mc_case_decide (c, protocol);
  g_assert_cmpint (result->report_needed, ==, MC_ANSWER_NO);
  g_assert_cmpint (result->help_possible, ==, MC_ANSWER_YES);
  g_assert_cmpstr (result->next_question_id, ==, "question-help-results");

  mc_record_set_id (MC_RECORD (decision), 3);
  mc_record_set_answer (MC_RECORD (decision), "report-needed", MC_ANSWER_NO);
  mc_record_set_answer (MC_RECORD (decision), "help-possible", MC_ANSWER_YES);
  mc_record_set_string (MC_RECORD (decision), "justification", "Hulp is mogelijk en wordt aanvaard.");
  mc_record_set_string (MC_RECORD (decision), "decided-by-name", "A. de Vries");
  mc_record_set_string (MC_RECORD (decision), "decided-by-role", "Gedragswetenschapper");
  mc_record_set_string (MC_RECORD (decision), "decided-on", "2026-11-28");
  undated = mc_case_check_steps (c, protocol);
  log_missing (undated, 5);
  g_assert_cmpint (state_of (undated, 5), ==, MC_STEP_IN_PROGRESS);
  g_assert_cmpuint (status_of (undated, 5)->missing->len, ==, 1);
  g_assert_true (missing_contains (undated, 5, "set the date on which it is evaluated"));

  /* Question 5 belongs to the evaluation, a round of its own: with the
   * date, round 1 is done. */
  mc_record_set_string (MC_RECORD (decision), "evaluation-on", "2027-02-01");
  dated = mc_case_check_steps (c, protocol);
  log_missing (dated, 5);
  g_assert_cmpint (state_of (dated, 5), ==, MC_STEP_DONE);
}

/* Rounds */

static void
store_insert (McStore  *store,
              McCase   *kase,
              McRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_insert (store, record, &error));
  g_assert_no_error (error);
  /* The case holds its decision already (mc_case_get_decision()). */
  if (!MC_IS_CASE (record) && !MC_IS_DECISION (record))
    mc_case_add_child (kase, record);
}

static void
store_answer (McStore    *store,
              McCase     *kase,
              const char *id,
              McAnswer    value)
{
  g_autoptr(McAfwegingAnswer) answer = mc_afweging_answer_new (mc_record_get_id (MC_RECORD (kase)));

  mc_record_set_string (MC_RECORD (answer), "question-id", id);
  mc_record_set_answer (MC_RECORD (answer), "answer", value);
  store_insert (store, kase, MC_RECORD (answer));
}

static void
store_field (McStore    *store,
             McRecord   *record,
             const char *property)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_update_field (store, record, property, &error));
  g_assert_no_error (error);
}

/* The walk of the current round: the questions whose answers counted. */
static char *
path_of (McCase *kase)
{
  g_autoptr(McAfwegingResult) result = mc_case_decide (kase, protocol);

  return g_strjoinv (" ", result->path);
}

static void
assert_round_one_decision (McCase *kase)
{
  McRecord *first = MC_RECORD (mc_case_get_round_decision (kase, 1));

  g_assert_nonnull (first);
  g_assert_cmpstr (mc_record_get_string (first, "kind"), ==, "first");
  g_assert_cmpint (mc_record_get_answer (first, "report-needed"), ==, MC_ANSWER_NO);
  g_assert_cmpint (mc_record_get_answer (first, "help-possible"), ==, MC_ANSWER_YES);
  g_assert_cmpstr (mc_record_get_string (first, "evaluation-on"), ==, "2027-02-01");
  g_assert_cmpstr (mc_record_get_string (first, "decided-on"), ==, "2026-11-28");
}

/* Help offered in round 1; the evaluation is round 2. It takes questions
 * 1 to 4 from round 1 and asks question 5; "no" there makes a report
 * necessary in round 2, while round 1's decision stays as it was. */
static void
test_evaluation_round (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-completeness-XXXXXX", &error);
  g_autofree char *dir = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCase) kase = mc_case_new ();
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(McAfwegingResult) round1 = NULL;
  g_autoptr(McAfwegingResult) waiting = NULL;
  g_autoptr(McAfwegingResult) evaluated = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autofree char *path = NULL;
  McRecord *decision;
  McRecord *second;
  gint64 case_id;

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "store", NULL);
  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);

  mc_record_set_string (MC_RECORD (kase), "client-name", "Evaluatie");
  mc_record_set_string (MC_RECORD (kase), "birth-date", "2016-04-01");
  store_insert (store, kase, MC_RECORD (kase));
  case_id = mc_record_get_id (MC_RECORD (kase));

  /* Round 1: yes, no, yes, yes: offer help, evaluate on a date. */
  store_answer (store, kase, "question-suspicion", MC_ANSWER_YES);
  store_answer (store, kase, "question-unsafety", MC_ANSWER_NO);
  store_answer (store, kase, "question-help-possible", MC_ANSWER_YES);
  store_answer (store, kase, "question-help-accepted", MC_ANSWER_YES);
  round1 = mc_case_decide (kase, protocol);
  g_assert_cmpint (round1->report_needed, ==, MC_ANSWER_NO);
  g_assert_cmpint (round1->help_possible, ==, MC_ANSWER_YES);
  g_assert_cmpstr (round1->next_question_id, ==, "question-help-results");
  decision = MC_RECORD (mc_case_get_decision (kase));
  mc_record_set_answer (decision, "report-needed", MC_ANSWER_NO);
  mc_record_set_answer (decision, "help-possible", MC_ANSWER_YES);
  mc_record_set_string (decision, "justification", "Hulp wordt aanvaard.");
  mc_record_set_string (decision, "decided-by-name", "A. de Vries");
  mc_record_set_string (decision, "decided-by-role", "Gedragswetenschapper");
  mc_record_set_string (decision, "decided-on", "2026-11-28");
  mc_record_set_string (decision, "evaluation-on", "2027-02-01");
  store_insert (store, kase, decision);
  statuses = mc_case_check_steps (kase, protocol);
  log_missing (statuses, 5);
  g_assert_cmpint (state_of (statuses, 5), ==, MC_STEP_DONE);
  g_clear_pointer (&statuses, g_ptr_array_unref);

  /* Round 2, the evaluation: questions 1 to 4 stand, question 5 is next. */
  g_assert_true (mc_store_start_round (store, kase, "evaluation", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_case_get_current_round (kase), ==, 2);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (mc_case_lookup_question (kase, protocol, question_id (i)), ==,
                     i == 1 ? MC_ANSWER_NO : MC_ANSWER_YES);
  g_assert_cmpint (mc_case_lookup_question (kase, protocol, "question-help-results"), ==, MC_ANSWER_UNKNOWN);
  g_assert_null (mc_case_find_afweging_answer (kase, "question-suspicion"));
  waiting = mc_case_decide (kase, protocol);
  path = path_of (kase);
  g_assert_cmpstr (path, ==, "question-suspicion question-unsafety question-help-possible question-help-accepted");
  g_clear_pointer (&path, g_free);
  g_assert_cmpstr (waiting->next_question_id, ==, "question-help-results");
  /* The evaluation round asks question 5: step 5 is not done without it. */
  statuses = mc_case_check_steps (kase, protocol);
  g_assert_cmpint (state_of (statuses, 5), !=, MC_STEP_DONE);
  g_assert_true (missing_contains (statuses, 5, "Het afwegingskader is doorlopen"));
  g_clear_pointer (&statuses, g_ptr_array_unref);

  /* Question 5: no. Reporting is necessary now. */
  store_answer (store, kase, "question-help-results", MC_ANSWER_NO);
  g_assert_cmpint (mc_record_get_integer (MC_RECORD (mc_case_find_afweging_answer (kase, "question-help-results")),
                                          "round"), ==, 2);
  evaluated = mc_case_decide (kase, protocol);
  g_assert_null (evaluated->next_question_id);
  g_assert_cmpint (evaluated->report_needed, ==, MC_ANSWER_YES);
  g_assert_true (g_strv_contains ((const char * const *) evaluated->outcome_ids, "outcome-report-insufficient"));
  g_assert_cmpint (mc_case_get_fact (kase, protocol, "outcome.report"), ==, MC_ANSWER_YES);
  g_assert_cmpint (mc_case_get_fact (kase, protocol, "question.question-help-results"), ==, MC_ANSWER_NO);
  g_assert_cmpint (mc_case_get_fact (kase, protocol, "question.question-help-accepted"), ==, MC_ANSWER_YES);

  /* Round 2's decision is still open: the meldnorm waits for it; decided
   * "no report", it is broken. */
  checks = mc_case_check_meldnormen (kase, protocol);
  for (guint i = 0; i < checks->len; i++)
    {
      McRuleCheck *check = g_ptr_array_index (checks, i);

      if (strcmp (check->rule->id, "norm-outcome-report-yes") == 0)
        g_assert_cmpint (check->state, ==, MC_RULE_PENDING);
    }
  g_clear_pointer (&checks, g_ptr_array_unref);
  second = MC_RECORD (mc_case_get_decision (kase));
  g_assert_cmpint (mc_record_get_integer (second, "round"), ==, 2);
  mc_record_set_answer (second, "report-needed", MC_ANSWER_NO);
  store_field (store, second, "report-needed");
  statuses = mc_case_check_steps (kase, protocol);
  g_assert_cmpint (state_of (statuses, 5), ==, MC_STEP_NEEDS_ATTENTION);
  g_clear_pointer (&statuses, g_ptr_array_unref);
  mc_record_set_answer (second, "report-needed", MC_ANSWER_YES);
  store_field (store, second, "report-needed");
  checks = mc_case_check_meldnormen (kase, protocol);
  for (guint i = 0; i < checks->len; i++)
    {
      McRuleCheck *check = g_ptr_array_index (checks, i);

      if (strcmp (check->rule->id, "norm-outcome-report-yes") == 0)
        g_assert_cmpint (check->state, ==, MC_RULE_KEPT);
    }

  /* Round 1 stays as it was decided, in memory and in the store, and its
   * walk cannot be changed after the fact. */
  assert_round_one_decision (kase);
  g_assert_nonnull (mc_record_get_string (MC_RECORD (mc_case_get_round_decision (kase, 1)), "sealed-at"));
  mc_record_set_answer (MC_RECORD (mc_case_get_round_decision (kase, 1)), "report-needed", MC_ANSWER_YES);
  g_assert_false (mc_store_update_field (store, MC_RECORD (mc_case_get_round_decision (kase, 1)),
                                        "report-needed", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  mc_record_set_answer (MC_RECORD (mc_case_get_round_decision (kase, 1)), "report-needed", MC_ANSWER_NO);
  loaded = mc_store_load_case (store, case_id, &error);
  g_assert_no_error (error);
  assert_round_one_decision (loaded);
  g_assert_cmpuint (mc_case_get_current_round (loaded), ==, 2);
  g_assert_null (mc_case_find_round_afweging_answer (loaded, 1, "question-help-results"));
  g_assert_cmpint (mc_case_lookup_question (loaded, protocol, "question-help-possible"), ==, MC_ANSWER_YES);
  path = path_of (loaded);
  g_assert_cmpstr (path, ==, "question-suspicion question-unsafety question-help-possible question-help-accepted "
                              "question-help-results");

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  mc_test_remove_tree (tmp);
}

/* A new report or a re-weighing starts from question 1: nothing is
 * taken from the rounds before. */
static void
test_reweigh_round_starts_over (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-completeness-XXXXXX", &error);
  g_autofree char *dir = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCase) kase = mc_case_new ();
  g_autoptr(McAfwegingResult) result = NULL;
  McRecord *decision;

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "store", NULL);
  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  mc_record_set_string (MC_RECORD (kase), "client-name", "Opnieuw wegen");
  store_insert (store, kase, MC_RECORD (kase));
  store_answer (store, kase, "question-suspicion", MC_ANSWER_YES);
  store_answer (store, kase, "question-unsafety", MC_ANSWER_YES);
  decision = MC_RECORD (mc_case_get_decision (kase));
  mc_record_set_answer (decision, "report-needed", MC_ANSWER_YES);
  store_insert (store, kase, decision);

  g_assert_true (mc_store_start_round (store, kase, "reweigh", &error));
  g_assert_no_error (error);
  result = mc_case_decide (kase, protocol);
  g_assert_cmpstr (result->next_question_id, ==, "question-suspicion");
  g_assert_cmpint (result->report_needed, ==, MC_ANSWER_UNKNOWN);
  g_assert_cmpint (mc_case_lookup_question (kase, protocol, "question-unsafety"), ==, MC_ANSWER_UNKNOWN);

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  mc_test_remove_tree (tmp);
}

/* Violence in the care relationship: step 4 is not done until each duty
 * of that route says whether it was done; "no" is an answer too. A case
 * without such a form has no duties. */
static void
test_special_route_duties (void)
{
  static const char * const forms[] = { "form-staff-violence", NULL };
  g_autoptr(McCase) c = new_case (30);
  g_autoptr(GPtrArray) without = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GPtrArray) both = NULL;
  g_autoptr(McChecklistAnswer) manager = mc_checklist_answer_new (1);
  g_autoptr(McChecklistAnswer) igj = mc_checklist_answer_new (1);
  g_autoptr(McWeighing) weighing = mc_weighing_new (1);

  mc_record_set_id (MC_RECORD (weighing), 5);
  mc_record_set_answer (MC_RECORD (weighing), "acute", MC_ANSWER_NO);
  mc_record_set_answer (MC_RECORD (weighing), "structural", MC_ANSWER_NO);
  mc_case_add_child (c, MC_RECORD (weighing));
  without = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (without, 4), ==, MC_STEP_DONE);

  mc_record_set_lines (MC_RECORD (c), "suspected-forms", forms);
  before = mc_case_check_steps (c, protocol);
  log_missing (before, 4);
  g_assert_cmpint (state_of (before, 4), ==, MC_STEP_IN_PROGRESS);
  g_assert_true (missing_contains (before, 4, "Record whether this is done: Meld het vermoeden meteen bij uw leidinggevende"));
  g_assert_true (missing_contains (before, 4, "Record whether this is done: Ambiq meldt geweld in de zorgrelatie"));

  mc_record_set_string (MC_RECORD (manager), "item-id", "duty-care-manager");
  mc_record_set_string (MC_RECORD (manager), "value", "yes");
  mc_case_add_child (c, MC_RECORD (manager));
  one = mc_case_check_steps (c, protocol);
  g_assert_false (missing_contains (one, 4, "uw leidinggevende"));
  g_assert_true (missing_contains (one, 4, "Ambiq meldt geweld in de zorgrelatie"));

  mc_record_set_string (MC_RECORD (igj), "item-id", "duty-care-igj");
  mc_record_set_string (MC_RECORD (igj), "value", "no");
  mc_case_add_child (c, MC_RECORD (igj));
  both = mc_case_check_steps (c, protocol);
  g_assert_cmpint (state_of (both, 4), ==, MC_STEP_DONE);
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
  g_test_add_func ("/completeness/special-route-duties", test_special_route_duties);
  g_test_add_func ("/completeness/kindcheck-applies", test_kindcheck_applies);
  g_test_add_func ("/completeness/step1-minor-and-adult", test_step1_minor_and_adult);
  g_test_add_func ("/completeness/conversation-needs-content", test_conversation_needs_content);
  g_test_add_func ("/completeness/empty-records-do-not-count", test_empty_records_do_not_count);
  g_test_add_func ("/completeness/decision-to-report", test_decision_to_report);
  g_test_add_func ("/completeness/decided-with-gaps", test_decided_with_gaps);
  for (guint i = 0; i < G_N_ELEMENTS (band_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/completeness/band/%s", band_cases[i].name);

      g_test_add_data_func (path, &band_cases[i], test_band);
    }
  g_test_add_func ("/completeness/band/voogd-and-carer", test_band_voogd_and_carer);
  g_test_add_func ("/completeness/band/adult-representative", test_band_adult_representative);
  g_test_add_func ("/completeness/band/latest-conversation", test_band_latest_conversation);
  g_test_add_func ("/completeness/help-offered-needs-evaluation-date", test_help_offered_needs_evaluation_date);
  g_test_add_func ("/completeness/round/evaluation", test_evaluation_round);
  g_test_add_func ("/completeness/round/reweigh-starts-over", test_reweigh_round_starts_over);

  status = g_test_run ();
  g_clear_object (&protocol);
  return status;
}
