/* test-due.c: what is due in a case, and across the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case is checked twice: loaded, with mc_case_get_due_items(), and
 * in the store, with mc_store_list_due(); both must say the same.
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "mc-dates.h"
#include "mc-due.h"
#include "mc-store.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"

typedef struct
{
  char       *tmp;
  McStore    *store;
  McProtocol *protocol;
} Fixture;

typedef struct
{
  McDueKind   kind;
  const char *due;
  gboolean    overdue;
} Expected;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *recovery_key = NULL;

  fixture->tmp = g_dir_make_tmp ("meldcode-due-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (fixture->tmp, "store", NULL);
  fixture->store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  mc_store_set_actor (fixture->store, "Eva de Wit", "Begeleider", NULL);
  fixture->protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_protocol_get_term_working_days (fixture->protocol, "vt-first-response"), ==, 5);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_close (fixture->store, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->protocol);
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
}

/* Helpers */

static GDate
date (const char *iso)
{
  GDate parsed;

  g_date_clear (&parsed, 1);
  g_assert_true (mc_date_from_iso8601 (iso, &parsed));
  return parsed;
}

static McCase *
insert_case (Fixture    *fixture,
             const char *client_name)
{
  g_autoptr(GError) error = NULL;
  McCase *kase = mc_case_new ();

  mc_record_set_string (MC_RECORD (kase), "client-name", client_name);
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  return kase;
}

static gint64
add_follow_up (Fixture    *fixture,
               McCase     *kase,
               const char *due_on,
               const char *state,
               const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McFollowUp) follow_up = mc_follow_up_new (mc_record_get_id (MC_RECORD (kase)));

  mc_record_set_string (MC_RECORD (follow_up), "description", description);
  mc_record_set_string (MC_RECORD (follow_up), "due-on", due_on);
  mc_record_set_string (MC_RECORD (follow_up), "state", state);
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (follow_up), &error));
  g_assert_no_error (error);
  mc_case_add_child (kase, MC_RECORD (follow_up));
  return mc_record_get_id (MC_RECORD (follow_up));
}

/* The decision of the case's current round, with a report on
 * @reported_on (NULL: none) and help evaluated on @evaluation_on (NULL:
 * none). */
static McDecision *
add_decision (Fixture    *fixture,
              McCase     *kase,
              McAnswer    report,
              const char *reported_on,
              McAnswer    help,
              const char *evaluation_on)
{
  g_autoptr(GError) error = NULL;
  McDecision *decision = mc_case_get_decision (kase);

  mc_record_set_answer (MC_RECORD (decision), "report-needed", report);
  mc_record_set_string (MC_RECORD (decision), "reported-on", reported_on);
  mc_record_set_answer (MC_RECORD (decision), "help-possible", help);
  mc_record_set_string (MC_RECORD (decision), "evaluation-on", evaluation_on);
  mc_record_set_string (MC_RECORD (decision), "decided-on", "2026-01-05");
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (decision), &error));
  g_assert_no_error (error);
  return decision;
}

static void
set_text (Fixture    *fixture,
          McRecord   *record,
          const char *property,
          const char *value)
{
  g_autoptr(GError) error = NULL;

  mc_record_set_string (record, property, value);
  g_assert_true (mc_store_update_field (fixture->store, record, property, &error));
  g_assert_no_error (error);
}

static void
assert_items (GPtrArray      *items,
              const Expected *expected,
              guint           n_expected)
{
  g_assert_cmpuint (items->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const McDueItem *item = g_ptr_array_index (items, i);
      g_autofree char *due = mc_date_to_iso8601 (&item->due);

      g_assert_cmpstr (mc_due_kind_to_string (item->kind), ==, mc_due_kind_to_string (expected[i].kind));
      g_assert_cmpstr (due, ==, expected[i].due);
      g_assert_cmpint (item->overdue, ==, expected[i].overdue);
      g_assert_cmpint (item->record_id, >, 0);
      g_assert_nonnull (item->description);
      g_assert_cmpstr (item->description, !=, "");
    }
}

static void
assert_same_items (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const McDueItem *x = g_ptr_array_index (a, i);
      const McDueItem *y = g_ptr_array_index (b, i);

      g_assert_cmpint (x->case_id, ==, y->case_id);
      g_assert_cmpstr (x->case_number, ==, y->case_number);
      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpint (g_date_compare (&x->due, &y->due), ==, 0);
      g_assert_cmpint (x->overdue, ==, y->overdue);
      g_assert_cmpint (x->record_id, ==, y->record_id);
      g_assert_cmpstr (x->description, ==, y->description);
    }
}

/* What the store says is due on @today, which must be what the cases say
 * when each is loaded (they come sorted alike). */
static GPtrArray *
list_due (Fixture    *fixture,
          const char *today_iso,
          guint       within_days)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GPtrArray) from_cases = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_due_item_free);
  GPtrArray *from_store;
  GDate today = date (today_iso);

  from_store = mc_store_list_due (fixture->store, fixture->protocol, &today, within_days, &error);
  g_assert_no_error (error);
  g_assert_nonnull (from_store);

  cases = mc_store_list_cases (fixture->store, MC_CASE_FILTER_ALL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, i);
      g_autoptr(McCase) kase = mc_store_load_case (fixture->store, mc_case_summary_get_id (summary), &error);
      g_autoptr(GPtrArray) items = NULL;

      g_assert_no_error (error);
      items = mc_case_get_due_items (kase, fixture->protocol, &today, within_days);
      for (guint j = 0; j < items->len; j++)
        {
          McDueItem *item = g_ptr_array_index (items, j);

          g_assert_cmpint (item->case_id, ==, mc_case_summary_get_id (summary));
          g_assert_cmpstr (item->case_number, ==, mc_case_summary_get_number (summary));
        }
      g_ptr_array_extend_and_steal (from_cases, g_steal_pointer (&items));
    }
  g_ptr_array_sort (from_cases, mc_due_item_compare);

  assert_same_items (from_store, from_cases);
  return from_store;
}

#define ASSERT_DUE(fixture, today, within, ...) \
  G_STMT_START { \
    const Expected expected_[] = { __VA_ARGS__ }; \
    g_autoptr(GPtrArray) items_ = list_due ((fixture), (today), (within)); \
    assert_items (items_, expected_, G_N_ELEMENTS (expected_)); \
  } G_STMT_END

#define ASSERT_NOTHING_DUE(fixture, today, within) \
  G_STMT_START { \
    g_autoptr(GPtrArray) items_ = list_due ((fixture), (today), (within)); \
    g_assert_cmpuint (items_->len, ==, 0); \
  } G_STMT_END

/* Working days */

static void
test_working_days (void)
{
  static const struct
  {
    const char *from;
    guint       n_days;
    const char *to;
  } cases[] = {
    { "2026-10-22", 5, "2026-10-29" },  /* Thursday: the next Thursday */
    { "2026-10-24", 5, "2026-10-30" },  /* Saturday: the Friday after */
    { "2026-10-25", 5, "2026-10-30" },  /* Sunday: the same */
    { "2026-10-23", 1, "2026-10-26" },  /* Friday: Monday */
    { "2026-10-24", 1, "2026-10-26" },  /* Saturday: Monday */
    { "2026-10-24", 0, "2026-10-24" },
    { "2026-10-19", 4, "2026-10-23" },
    { "2026-10-19", 5, "2026-10-26" },
    { "2026-10-25", 10, "2026-11-06" },
    { "2026-10-24", 7, "2026-11-03" },
    { "2026-03-26", 5, "2026-04-02" },  /* over the change to summer time */
    { "2026-12-24", 5, "2026-12-31" },  /* Christmas is a working day here: no holidays */
    { "2026-12-31", 3, "2027-01-05" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate day = date (cases[i].from);
      g_autofree char *text = NULL;

      mc_due_add_working_days (&day, cases[i].n_days);
      text = mc_date_to_iso8601 (&day);
      g_assert_cmpstr (text, ==, cases[i].to);
    }

  /* Against a day-by-day walk, from every day of a fortnight. */
  for (guint start = 0; start < 14; start++)
    for (guint n = 0; n < 23; n++)
      {
        GDate fast = date ("2026-10-19");
        GDate slow;
        guint left = n;

        g_date_add_days (&fast, start);
        slow = fast;
        mc_due_add_working_days (&fast, n);
        while (left > 0)
          {
            g_date_add_days (&slow, 1);
            if (g_date_get_weekday (&slow) < G_DATE_SATURDAY)
              left--;
          }
        g_assert_cmpint (g_date_compare (&fast, &slow), ==, 0);
      }
}

static void
test_limit (void)
{
  GDate today = date ("2026-06-10");
  GDate last = date ("9999-12-30");
  GDate limit;
  g_autofree char *text = NULL;

  g_date_clear (&limit, 1);
  g_assert_true (mc_due_get_limit (&today, 0, &limit));
  g_assert_cmpint (g_date_compare (&limit, &today), ==, 0);
  g_assert_true (mc_due_get_limit (&today, 30, &limit));
  text = mc_date_to_iso8601 (&limit);
  g_assert_cmpstr (text, ==, "2026-07-10");

  /* Beyond any date a case holds: no limit, and no overflow. */
  g_assert_false (mc_due_get_limit (&today, MC_DUE_WITHIN_ANY, &limit));
  g_assert_false (mc_due_get_limit (&today, G_MAXUINT - 1, &limit));
  g_assert_false (mc_due_get_limit (&today, 3000000, &limit));
  g_assert_true (mc_due_get_limit (&last, 0, &limit));
  g_assert_false (mc_due_get_limit (&last, 1, &limit));
}

static void
test_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  mc_due_get_today (&today);
  /* Around midnight the two may straddle it. */
  if (g_date_time_get_hour (now) == 23 && g_date_time_get_minute (now) == 59)
    return;
  g_assert_cmpint (g_date_get_day (&today), ==, g_date_time_get_day_of_month (now));
  g_assert_cmpint (g_date_get_month (&today), ==, g_date_time_get_month (now));
  g_assert_cmpint (g_date_get_year (&today), ==, g_date_time_get_year (now));
}

/* Follow-up agreements */

static void
test_follow_up_today (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case (fixture, "Sem Jansen");
  g_autoptr(GPtrArray) items = NULL;
  McDueItem *item;
  gint64 id = add_follow_up (fixture, kase, "2026-06-10", "open", "Wekelijks contact met moeder.");

  ASSERT_DUE (fixture, "2026-06-10", 0, { MC_DUE_FOLLOW_UP, "2026-06-10", FALSE });

  items = list_due (fixture, "2026-06-10", 0);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->case_id, ==, mc_record_get_id (MC_RECORD (kase)));
  g_assert_cmpstr (item->case_number, ==, mc_record_get_string (MC_RECORD (kase), "number"));
  g_assert_cmpint (item->record_id, ==, id);
  g_assert_cmpstr (item->description, ==, "Wekelijks contact met moeder.");
  g_assert_cmpstr (mc_due_kind_to_string (item->kind), ==, "follow-up");

  /* An agreement without words is still named. */
  add_follow_up (fixture, kase, "2026-06-11", "open", NULL);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = list_due (fixture, "2026-06-10", 1);
  g_assert_cmpuint (items->len, ==, 2);
  item = g_ptr_array_index (items, 1);
  g_assert_cmpstr (item->description, ==, mc_due_kind_get_label (MC_DUE_FOLLOW_UP));
}

static void
test_follow_up_overdue (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case (fixture, "Sem Jansen");

  add_follow_up (fixture, kase, "2026-06-09", "open", "Gesprek met school.");
  ASSERT_DUE (fixture, "2026-06-10", 0, { MC_DUE_FOLLOW_UP, "2026-06-09", TRUE });
  /* Long overdue stays listed. */
  ASSERT_DUE (fixture, "2027-06-10", 0, { MC_DUE_FOLLOW_UP, "2026-06-09", TRUE });
  /* Not yet due the day before. */
  ASSERT_NOTHING_DUE (fixture, "2026-06-08", 0);
}

static void
test_follow_up_future (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case (fixture, "Sem Jansen");

  add_follow_up (fixture, kase, "2026-06-13", "open", "Huisbezoek.");
  ASSERT_NOTHING_DUE (fixture, "2026-06-10", 0);
  ASSERT_NOTHING_DUE (fixture, "2026-06-10", 2);
  ASSERT_DUE (fixture, "2026-06-10", 3, { MC_DUE_FOLLOW_UP, "2026-06-13", FALSE });
  ASSERT_DUE (fixture, "2026-06-10", 30, { MC_DUE_FOLLOW_UP, "2026-06-13", FALSE });
  ASSERT_DUE (fixture, "2026-06-10", MC_DUE_WITHIN_ANY, { MC_DUE_FOLLOW_UP, "2026-06-13", FALSE });
  ASSERT_DUE (fixture, "2026-06-10", G_MAXUINT - 1, { MC_DUE_FOLLOW_UP, "2026-06-13", FALSE });
}

static void
test_follow_up_states (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case (fixture, "Sem Jansen");
  g_autoptr(GError) error = NULL;
  g_autoptr(McRecord) open = NULL;

  add_follow_up (fixture, kase, "2026-06-01", "done", "Dossier bijwerken.");
  add_follow_up (fixture, kase, "2026-06-02", "not-done", "Huisarts bellen.");
  add_follow_up (fixture, kase, NULL, "open", "Zonder datum.");
  ASSERT_NOTHING_DUE (fixture, "2026-06-10", 365);

  add_follow_up (fixture, kase, "2026-06-03", "open", "Moeder bellen.");
  ASSERT_DUE (fixture, "2026-06-10", 0, { MC_DUE_FOLLOW_UP, "2026-06-03", TRUE });

  /* Marked done (the boolean of 0.1 makes the state "done" too), or
   * looked at and not done: no longer due. */
  open = g_list_model_get_item (mc_case_get_follow_ups (kase), 3);
  mc_record_set_boolean (open, "done", TRUE);
  g_assert_cmpstr (mc_record_get_string (open, "state"), ==, "done");
  g_assert_true (mc_store_update_field (fixture->store, open, "done", &error));
  g_assert_no_error (error);
  ASSERT_NOTHING_DUE (fixture, "2026-06-10", 0);

  set_text (fixture, open, "state", "open");
  ASSERT_DUE (fixture, "2026-06-10", 0, { MC_DUE_FOLLOW_UP, "2026-06-03", TRUE });
  set_text (fixture, open, "state", "not-done");
  ASSERT_NOTHING_DUE (fixture, "2026-06-10", 0);
}

/* The feedback of Veilig Thuis */

static void
test_feedback_weekend (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(McCase) thursday = insert_case (fixture, "Sem Jansen");
  g_autoptr(McCase) saturday = insert_case (fixture, "Anja de Vries");
  McDecision *decision;

  /* Reported on a Thursday: five working days is the next Thursday. */
  decision = add_decision (fixture, thursday, MC_ANSWER_YES, "2026-10-22", MC_ANSWER_UNKNOWN, NULL);
  ASSERT_NOTHING_DUE (fixture, "2026-10-28", 0);
  ASSERT_DUE (fixture, "2026-10-28", 1, { MC_DUE_VT_FEEDBACK, "2026-10-29", FALSE });
  ASSERT_DUE (fixture, "2026-10-29", 0, { MC_DUE_VT_FEEDBACK, "2026-10-29", FALSE });
  ASSERT_DUE (fixture, "2026-10-30", 0, { MC_DUE_VT_FEEDBACK, "2026-10-29", TRUE });

  /* Reported on a Saturday: the Friday after. */
  add_decision (fixture, saturday, MC_ANSWER_YES, "2026-10-24", MC_ANSWER_UNKNOWN, NULL);
  ASSERT_DUE (fixture, "2026-10-30", 0,
              { MC_DUE_VT_FEEDBACK, "2026-10-29", TRUE },
              { MC_DUE_VT_FEEDBACK, "2026-10-30", FALSE });

  /* The feedback came: nothing more to wait for. */
  set_text (fixture, MC_RECORD (decision), "feedback-on", "2026-10-27");
  ASSERT_DUE (fixture, "2026-10-30", 0, { MC_DUE_VT_FEEDBACK, "2026-10-30", FALSE });
}

static void
test_feedback_needs_report (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case (fixture, "Sem Jansen");
  McDecision *decision;

  /* Decided to report, not yet reported: no term runs. */
  decision = add_decision (fixture, kase, MC_ANSWER_YES, NULL, MC_ANSWER_NO, NULL);
  ASSERT_NOTHING_DUE (fixture, "2026-10-30", 365);

  /* A date of a report when the decision is not to report. */
  mc_record_set_answer (MC_RECORD (decision), "report-needed", MC_ANSWER_NO);
  g_assert_true (mc_store_update_field (fixture->store, MC_RECORD (decision), "report-needed", NULL));
  set_text (fixture, MC_RECORD (decision), "reported-on", "2026-10-22");
  ASSERT_NOTHING_DUE (fixture, "2026-10-30", 0);

  mc_record_set_answer (MC_RECORD (decision), "report-needed", MC_ANSWER_YES);
  g_assert_true (mc_store_update_field (fixture->store, MC_RECORD (decision), "report-needed", NULL));
  ASSERT_DUE (fixture, "2026-10-30", 0, { MC_DUE_VT_FEEDBACK, "2026-10-29", TRUE });
}

/* The evaluation of help, and decision rounds */

static void
test_evaluation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case (fixture, "Sem Jansen");
  g_autoptr(GError) error = NULL;
  McDecision *decision;

  decision = add_decision (fixture, kase, MC_ANSWER_NO, NULL, MC_ANSWER_YES, "2027-01-15");
  ASSERT_NOTHING_DUE (fixture, "2027-01-14", 0);
  ASSERT_DUE (fixture, "2027-01-14", 1, { MC_DUE_EVALUATION, "2027-01-15", FALSE });
  ASSERT_DUE (fixture, "2027-01-16", 0, { MC_DUE_EVALUATION, "2027-01-15", TRUE });

  /* No help after all: the date left behind reminds of nothing. */
  mc_record_set_answer (MC_RECORD (decision), "help-possible", MC_ANSWER_NO);
  g_assert_true (mc_store_update_field (fixture->store, MC_RECORD (decision), "help-possible", &error));
  g_assert_no_error (error);
  ASSERT_NOTHING_DUE (fixture, "2027-01-16", 0);
  /* Not yet decided: the date still counts. */
  mc_record_set_answer (MC_RECORD (decision), "help-possible", MC_ANSWER_UNKNOWN);
  g_assert_true (mc_store_update_field (fixture->store, MC_RECORD (decision), "help-possible", &error));
  g_assert_no_error (error);
  ASSERT_DUE (fixture, "2027-01-16", 0, { MC_DUE_EVALUATION, "2027-01-15", TRUE });

  /* The evaluation is a new round: the date of the first is done with. */
  g_assert_true (mc_store_start_round (fixture->store, kase, "evaluation", &error));
  g_assert_no_error (error);
  ASSERT_NOTHING_DUE (fixture, "2027-01-16", 0);

  /* The new round sets its own date. */
  decision = mc_case_get_decision (kase);
  g_assert_cmpint (mc_record_get_integer (MC_RECORD (decision), "round"), ==, 2);
  mc_record_set_answer (MC_RECORD (decision), "help-possible", MC_ANSWER_YES);
  g_assert_true (mc_store_update_field (fixture->store, MC_RECORD (decision), "help-possible", &error));
  g_assert_no_error (error);
  set_text (fixture, MC_RECORD (decision), "evaluation-on", "2027-04-15");
  ASSERT_DUE (fixture, "2027-01-16", 100, { MC_DUE_EVALUATION, "2027-04-15", FALSE });
}

static void
test_sealed_round (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case (fixture, "Sem Jansen");
  g_autoptr(GError) error = NULL;

  /* Reported and help offered; the feedback never recorded. */
  add_decision (fixture, kase, MC_ANSWER_YES, "2026-10-22", MC_ANSWER_YES, "2026-12-01");
  ASSERT_DUE (fixture, "2026-12-02", 0,
              { MC_DUE_VT_FEEDBACK, "2026-10-29", TRUE },
              { MC_DUE_EVALUATION, "2026-12-01", TRUE });

  /* Once sealed, the round cannot take the feedback any more: it is not
   * held against the case for ever. */
  g_assert_true (mc_store_start_round (fixture->store, kase, "evaluation", &error));
  g_assert_no_error (error);
  ASSERT_NOTHING_DUE (fixture, "2026-12-02", 0);
}

/* Daylight saving time changes nothing (run under Europe/Amsterdam). */
static void
test_daylight_saving (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(McCase) march = insert_case (fixture, "Sem Jansen");
  g_autoptr(McCase) october = insert_case (fixture, "Anja de Vries");

  /* The last Sunday of March 2026 is the 29th: 23 hours long. */
  add_follow_up (fixture, march, "2026-03-29", "open", "Op de zondag van de zomertijd.");
  add_decision (fixture, march, MC_ANSWER_YES, "2026-03-26", MC_ANSWER_UNKNOWN, NULL);
  ASSERT_DUE (fixture, "2026-03-28", 1, { MC_DUE_FOLLOW_UP, "2026-03-29", FALSE });
  ASSERT_DUE (fixture, "2026-03-29", 0, { MC_DUE_FOLLOW_UP, "2026-03-29", FALSE });
  ASSERT_DUE (fixture, "2026-03-30", 0, { MC_DUE_FOLLOW_UP, "2026-03-29", TRUE });
  ASSERT_DUE (fixture, "2026-03-30", 3,
              { MC_DUE_FOLLOW_UP, "2026-03-29", TRUE },
              { MC_DUE_VT_FEEDBACK, "2026-04-02", FALSE });
  ASSERT_DUE (fixture, "2026-04-03", 0,
              { MC_DUE_FOLLOW_UP, "2026-03-29", TRUE },
              { MC_DUE_VT_FEEDBACK, "2026-04-02", TRUE });

  /* The last Sunday of October 2026 is the 25th: 25 hours long. March is
   * done with. */
  g_assert_true (mc_store_close_case (fixture->store, march, "worries-gone", NULL, NULL, NULL));
  add_follow_up (fixture, october, "2026-10-25", "open", "Op de zondag van de wintertijd.");
  add_decision (fixture, october, MC_ANSWER_YES, "2026-10-23", MC_ANSWER_YES, "2026-10-26");
  ASSERT_DUE (fixture, "2026-10-24", 1, { MC_DUE_FOLLOW_UP, "2026-10-25", FALSE });
  ASSERT_DUE (fixture, "2026-10-25", 0, { MC_DUE_FOLLOW_UP, "2026-10-25", FALSE });
  ASSERT_DUE (fixture, "2026-10-26", 0,
              { MC_DUE_FOLLOW_UP, "2026-10-25", TRUE },
              { MC_DUE_EVALUATION, "2026-10-26", FALSE });
  /* Friday 23rd + 5 working days, over the long Sunday: Friday 30th. */
  ASSERT_DUE (fixture, "2026-10-30", 0,
              { MC_DUE_FOLLOW_UP, "2026-10-25", TRUE },
              { MC_DUE_EVALUATION, "2026-10-26", TRUE },
              { MC_DUE_VT_FEEDBACK, "2026-10-30", FALSE });
}

/* Closed cases */

static void
test_closed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case (fixture, "Sem Jansen");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GDate today = date ("2026-12-02");

  add_follow_up (fixture, kase, "2026-11-01", "open", "Moeder bellen.");
  add_decision (fixture, kase, MC_ANSWER_YES, "2026-10-22", MC_ANSWER_YES, "2026-12-01");
  ASSERT_DUE (fixture, "2026-12-02", 0,
              { MC_DUE_VT_FEEDBACK, "2026-10-29", TRUE },
              { MC_DUE_FOLLOW_UP, "2026-11-01", TRUE },
              { MC_DUE_EVALUATION, "2026-12-01", TRUE });

  g_assert_true (mc_store_close_case (fixture->store, kase, "worries-gone", NULL, NULL, &error));
  g_assert_no_error (error);
  items = mc_case_get_due_items (kase, fixture->protocol, &today, MC_DUE_WITHIN_ANY);
  g_assert_cmpuint (items->len, ==, 0);
  ASSERT_NOTHING_DUE (fixture, "2026-12-02", MC_DUE_WITHIN_ANY);

  g_assert_true (mc_store_reopen_case (fixture->store, kase, "Nieuwe signalen.", &error));
  g_assert_no_error (error);
  ASSERT_DUE (fixture, "2026-12-02", 0,
              { MC_DUE_VT_FEEDBACK, "2026-10-29", TRUE },
              { MC_DUE_FOLLOW_UP, "2026-11-01", TRUE },
              { MC_DUE_EVALUATION, "2026-12-01", TRUE });
}

/* Several cases: one list, by date, then case. */
static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(McCase) first = insert_case (fixture, "Sem Jansen");
  g_autoptr(McCase) second = insert_case (fixture, "Anja de Vries");
  g_autoptr(McCase) third = insert_case (fixture, "Noor Bakker");
  g_autoptr(GPtrArray) items = NULL;

  add_follow_up (fixture, second, "2026-06-12", "open", "B");
  add_follow_up (fixture, first, "2026-06-12", "open", "A");
  add_follow_up (fixture, third, "2026-06-01", "open", "C");
  add_follow_up (fixture, first, "2026-07-01", "open", "D");
  add_follow_up (fixture, third, "2026-06-12", "done", "E");
  add_decision (fixture, second, MC_ANSWER_NO, NULL, MC_ANSWER_YES, "2026-06-12");

  ASSERT_DUE (fixture, "2026-06-10", 5,
              { MC_DUE_FOLLOW_UP, "2026-06-01", TRUE },
              { MC_DUE_FOLLOW_UP, "2026-06-12", FALSE },
              { MC_DUE_FOLLOW_UP, "2026-06-12", FALSE },
              { MC_DUE_EVALUATION, "2026-06-12", FALSE });
  items = list_due (fixture, "2026-06-10", 5);
  g_assert_cmpstr (((McDueItem *) g_ptr_array_index (items, 0))->description, ==, "C");
  g_assert_cmpstr (((McDueItem *) g_ptr_array_index (items, 1))->description, ==, "A");
  g_assert_cmpstr (((McDueItem *) g_ptr_array_index (items, 2))->description, ==, "B");
  g_assert_cmpint (((McDueItem *) g_ptr_array_index (items, 3))->case_id, ==,
                   mc_record_get_id (MC_RECORD (second)));
}

static void
test_empty_store (Fixture       *fixture,
                  gconstpointer  data)
{
  ASSERT_NOTHING_DUE (fixture, "2026-06-10", MC_DUE_WITHIN_ANY);
}

int
main (int   argc,
      char *argv[])
{
  /* Where the clocks change on the last Sundays of March and October. */
  g_setenv ("TZ", "Europe/Amsterdam", TRUE);
  tzset ();
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/due/working-days", test_working_days);
  g_test_add_func ("/due/limit", test_limit);
  g_test_add_func ("/due/today", test_today);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/due/follow-up/today", test_follow_up_today);
  ADD ("/due/follow-up/overdue", test_follow_up_overdue);
  ADD ("/due/follow-up/future", test_follow_up_future);
  ADD ("/due/follow-up/states", test_follow_up_states);
  ADD ("/due/feedback/weekend", test_feedback_weekend);
  ADD ("/due/feedback/needs-report", test_feedback_needs_report);
  ADD ("/due/evaluation", test_evaluation);
  ADD ("/due/sealed-round", test_sealed_round);
  ADD ("/due/daylight-saving", test_daylight_saving);
  ADD ("/due/closed", test_closed);
  ADD ("/due/order", test_order);
  ADD ("/due/empty-store", test_empty_store);
#undef ADD

  return g_test_run ();
}
