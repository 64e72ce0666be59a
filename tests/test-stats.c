/* test-stats.c: the taakhouder's figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A store with random but known contents is counted by mc_store_compute_stats()
 * and, independently, by this test while it makes the cases. Then the
 * small-count rule, the privacy of the file, combining and its refusals,
 * hostile XML, and the PDF read back with pdftotext.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "mc-dates.h"
#include "mc-stats-chart.h"
#include "mc-stats-display.h"
#include "mc-stats-store.h"
#include "mc-stats-xml.h"
#include "mc-store-private.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define N_CASES 80
#define YEAR 2025
#define MARKER "ZQXMARKER"

typedef struct
{
  char        *tmp;
  McStore     *store;
  McProtocol  *protocol;
  McStats     *expected;
  GPtrArray   *case_numbers;
} Fixture;

static void
insert (McStore  *store,
        McRecord *record)
{
  g_autoptr(GError) error = NULL;

  if (!mc_store_insert (store, record, &error))
    g_error ("%s", error->message);
}

static char *
random_date (GRand *rand,
             int    year)
{
  return g_strdup_printf ("%04d-%02d-%02d", year, g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
}

static void
set_created (McStore    *store,
             gint64      case_id,
             const char *date)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE cases SET created_at = '%sT10:00:00Z' WHERE id = %" G_GINT64_FORMAT,
                                          date, case_id);

  g_assert_cmpint (sqlite3_exec (mc_store_get_connection (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static int
date_days (const char *a,
           const char *b)
{
  GDate da, db;

  g_assert_true (mc_date_from_iso8601 (a, &da));
  g_assert_true (mc_date_from_iso8601 (b, &db));
  return g_date_days_between (&da, &db);
}

static McStatsOutcome
expected_outcome (McAnswer report,
                  McAnswer help,
                  gboolean monitoring)
{
  if (monitoring)
    return MC_STATS_OUTCOME_CLOSE_MONITORING;
  if (report == MC_ANSWER_YES)
    return help == MC_ANSWER_YES ? MC_STATS_OUTCOME_BOTH : MC_STATS_OUTCOME_REPORT;
  return help == MC_ANSWER_YES ? MC_STATS_OUTCOME_HELP : MC_STATS_OUTCOME_NEITHER;
}

static guint
quarter_of (const char *date)
{
  return (guint) ((date[5] - '0') * 10 + (date[6] - '0') - 1) / 3;
}

/* Makes the cases, counting what the figures should say as it goes. */
static void
generate (Fixture *fixture,
          guint32  seed)
{
  static const char * const suspected[] = {
    "signal-child-physical-abuse", "signal-adult-psychological", "form-fgm", "form-honour-violence",
    "not-a-protocol-id-" MARKER,
  };
  static const char * const categories[] = {
    "signal-child-physical-abuse", "signal-child-witness", "signal-other",
  };
  McStats *expected = fixture->expected;
  GRand *rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) to_close = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) close_dates = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(McCase) kase = mc_case_new ();
      g_autoptr(GHashTable) forms = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) lines = NULL;
      g_autofree char *name = g_strdup_printf ("Client " MARKER "-name-%u", i);
      g_autofree char *created = random_date (rand, g_rand_int_range (rand, 0, 10) < 7 ? YEAR : YEAR - 1);
      g_autofree char *closed = NULL;
      g_autofree char *first_signal = NULL;
      gboolean created_in_year = g_str_has_prefix (created, "2025");
      gboolean in_period;
      gboolean decided = FALSE;
      guint furthest = 1, age_kind = g_rand_int_range (rand, 0, 3), n_signals;
      gint64 id;

      mc_record_set_string (MC_RECORD (kase), "client-name", name);
      mc_record_set_string (MC_RECORD (kase), "client-number", MARKER "-number");
      if (age_kind == 0)
        mc_record_set_string (MC_RECORD (kase), "birth-date", "2015-02-03");
      else if (age_kind == 1)
        mc_record_set_string (MC_RECORD (kase), "birth-date", "1980-07-08");
      for (guint f = 0; f < G_N_ELEMENTS (suspected); f++)
        if (g_rand_boolean (rand))
          {
            g_strv_builder_add (builder, suspected[f]);
            g_hash_table_add (forms, (gpointer) suspected[f]);
          }
      lines = g_strv_builder_end (builder);
      if (lines[0] != NULL)
        mc_record_set_lines (MC_RECORD (kase), "suspected-forms", (const char * const *) lines);
      insert (fixture->store, MC_RECORD (kase));
      id = mc_record_get_id (MC_RECORD (kase));
      g_ptr_array_add (fixture->case_numbers, g_strdup (mc_record_get_string (MC_RECORD (kase), "number")));

      /* Closed in the year, the year before (then not in the period), or
       * open. */
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          closed = g_strdup_printf ("%d-12-%02d", YEAR, g_rand_int_range (rand, 1, 29));
          break;
        case 1:
          if (!created_in_year)
            closed = g_strdup_printf ("%d-12-30", YEAR - 1);
          break;
        default:
          break;
        }

      in_period = closed == NULL || g_str_has_prefix (closed, "2025");
      if (created_in_year)
        expected->cases_started++;
      if (closed != NULL && g_str_has_prefix (closed, "2025"))
        expected->cases_closed++;
      if (in_period)
        {
          expected->cases_in_period++;
          if (age_kind == 0)
            expected->minors++;
          else if (age_kind == 1)
            expected->adults++;
          else
            expected->age_unknown++;
        }

      n_signals = g_rand_int_range (rand, 0, 4);
      for (guint s = 0; s < n_signals; s++)
        {
          g_autoptr(McSignal) signal = mc_signal_new (id);
          g_autofree char *observed = random_date (rand, YEAR - 1);
          const char *category = categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))];

          mc_record_set_string (MC_RECORD (signal), "observed-on", observed);
          mc_record_set_string (MC_RECORD (signal), "description", MARKER " saw a bruise on 2025-03-04");
          mc_record_set_string (MC_RECORD (signal), "observer", MARKER " Petra");
          mc_record_set_string (MC_RECORD (signal), "category", category);
          g_hash_table_add (forms, (gpointer) category);
          insert (fixture->store, MC_RECORD (signal));
          if (first_signal == NULL || strcmp (observed, first_signal) < 0)
            {
              g_free (first_signal);
              first_signal = g_strdup (observed);
            }
        }

      if (g_rand_boolean (rand))
        {
          g_autoptr(McConsultation) consultation = mc_consultation_new (id);
          g_autofree char *on = random_date (rand, g_rand_boolean (rand) ? YEAR : YEAR - 1);
          gboolean vt = g_rand_boolean (rand);

          mc_record_set_string (MC_RECORD (consultation), "consulted-on", on);
          mc_record_set_string (MC_RECORD (consultation), "role", vt ? "consult-veilig-thuis" : "consult-colleague");
          mc_record_set_string (MC_RECORD (consultation), "consultee", MARKER " Jan");
          mc_record_set_string (MC_RECORD (consultation), "advice", MARKER " advice");
          insert (fixture->store, MC_RECORD (consultation));
          furthest = 2;
          if (vt && g_str_has_prefix (on, "2025"))
            expected->vt_consultations++;
        }

      if (g_rand_boolean (rand))
        {
          g_autoptr(McConversation) conversation = mc_conversation_new (id);

          mc_record_set_string (MC_RECORD (conversation), "held-on", "2025-02-02");
          mc_record_set_string (MC_RECORD (conversation), "discussed", MARKER " discussed");
          insert (fixture->store, MC_RECORD (conversation));
          furthest = 3;
        }

      if (g_rand_int_range (rand, 0, 5) < 2)
        {
          McWeighing *weighing = mc_case_get_weighing (kase);

          mc_record_set_answer (MC_RECORD (weighing), "acute", MC_ANSWER_YES);
          mc_record_set_string (MC_RECORD (weighing), "notes", MARKER " notes");
          insert (fixture->store, MC_RECORD (weighing));
          furthest = 4;
        }

      if (g_rand_int_range (rand, 0, 5) < 3)
        {
          McDecision *decision = mc_case_get_decision (kase);
          g_autofree char *on = random_date (rand, g_rand_int_range (rand, 0, 4) == 0 ? YEAR - 1 : YEAR);
          McAnswer report = g_rand_boolean (rand) ? MC_ANSWER_YES : MC_ANSWER_NO;
          McAnswer help = g_rand_boolean (rand) ? MC_ANSWER_YES : MC_ANSWER_NO;

          mc_record_set_answer (MC_RECORD (decision), "report-needed", report);
          mc_record_set_answer (MC_RECORD (decision), "help-possible", help);
          mc_record_set_string (MC_RECORD (decision), "decided-on", on);
          mc_record_set_string (MC_RECORD (decision), "justification", MARKER " because");
          mc_record_set_string (MC_RECORD (decision), "vt-reference", MARKER "-VT-REF");
          if (report == MC_ANSWER_YES)
            {
              mc_record_set_string (MC_RECORD (decision), "reported-on", on);
              if (g_str_has_prefix (on, "2025"))
                expected->vt_reports++;
            }
          insert (fixture->store, MC_RECORD (decision));
          furthest = 5;
          decided = TRUE;

          if (g_str_has_prefix (on, "2025"))
            {
              McStatsOutcome outcome = expected_outcome (report, help, FALSE);

              expected->outcomes_by_quarter[quarter_of (on)][outcome]++;
              expected->outcomes_by_round[MC_STATS_ROUND_FIRST][outcome]++;
              if (first_signal != NULL)
                expected->decision_days[CLAMP (date_days (first_signal, on), 0, MC_STATS_MAX_DAYS)]++;
            }
        }

      /* An evaluation round: the help worked (close with monitoring) or
       * not. */
      if (decided && g_rand_int_range (rand, 0, 3) == 0)
        {
          g_autoptr(McAfwegingAnswer) answer = NULL;
          g_autofree char *on = g_strdup_printf ("%d-11-%02d", YEAR, g_rand_int_range (rand, 1, 29));
          gboolean worked = g_rand_boolean (rand);
          McDecision *decision;

          g_assert_true (mc_store_start_round (fixture->store, kase, "evaluation", &error));
          g_assert_no_error (error);
          decision = mc_case_get_decision (kase);
          mc_record_set_answer (MC_RECORD (decision), "report-needed", MC_ANSWER_NO);
          g_assert_true (mc_store_update_field (fixture->store, MC_RECORD (decision), "report-needed", &error));
          mc_record_set_answer (MC_RECORD (decision), "help-possible", MC_ANSWER_YES);
          g_assert_true (mc_store_update_field (fixture->store, MC_RECORD (decision), "help-possible", &error));
          mc_record_set_string (MC_RECORD (decision), "decided-on", on);
          g_assert_true (mc_store_update_field (fixture->store, MC_RECORD (decision), "decided-on", &error));
          g_assert_no_error (error);

          answer = mc_afweging_answer_new_for_round (id, 2);
          mc_record_set_string (MC_RECORD (answer), "question-id", "question-help-results");
          mc_record_set_answer (MC_RECORD (answer), "answer", worked ? MC_ANSWER_YES : MC_ANSWER_NO);
          insert (fixture->store, MC_RECORD (answer));

          expected->outcomes_by_quarter[3][expected_outcome (MC_ANSWER_NO, MC_ANSWER_YES, worked)]++;
          expected->outcomes_by_round[MC_STATS_ROUND_EVALUATION][expected_outcome (MC_ANSWER_NO, MC_ANSWER_YES, worked)]++;
        }

      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          g_autoptr(McFollowUp) follow_up = mc_follow_up_new (id);

          mc_record_set_string (MC_RECORD (follow_up), "description", MARKER " call the school");
          mc_record_set_string (MC_RECORD (follow_up), "due-on", "2025-06-01");
          insert (fixture->store, MC_RECORD (follow_up));
          if (in_period && closed == NULL)
            expected->overdue_follow_up++;
        }

      if (in_period)
        {
          GHashTableIter iter;
          gpointer form;

          for (guint s = 0; s < furthest; s++)
            expected->steps_reached[s]++;
          g_hash_table_iter_init (&iter, forms);
          while (g_hash_table_iter_next (&iter, &form, NULL))
            if (g_str_has_prefix (form, "form-"))
              mc_stats_add_form (expected->special_forms, form, 1);
            else if (g_str_has_prefix (form, "signal-"))
              mc_stats_add_form (expected->forms, form, 1);
        }

      set_created (fixture->store, id, created);
      if (closed != NULL)
        {
          g_ptr_array_add (to_close, g_object_ref (kase));
          g_ptr_array_add (close_dates, g_steal_pointer (&closed));
        }
    }

  for (guint i = 0; i < to_close->len; i++)
    {
      GDate on;

      g_assert_true (mc_date_from_iso8601 (g_ptr_array_index (close_dates, i), &on));
      g_assert_true (mc_store_close_case (fixture->store, g_ptr_array_index (to_close, i), "other",
                                          MARKER " closing note", &on, &error));
      g_assert_no_error (error);
    }

  g_rand_free (rand);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *recovery_key = NULL;

  fixture->tmp = g_dir_make_tmp ("meldcode-test-stats-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (fixture->tmp, "store", NULL);
  fixture->store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  fixture->protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  fixture->expected = mc_stats_new (mc_stats_month (YEAR, 1), mc_stats_month (YEAR, 12), "ambiq", "2019");
  fixture->case_numbers = g_ptr_array_new_with_free_func (g_free);
  generate (fixture, GPOINTER_TO_UINT (data));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_close (fixture->store, &error));
  g_object_unref (fixture->store);
  g_object_unref (fixture->protocol);
  mc_stats_free (fixture->expected);
  g_ptr_array_unref (fixture->case_numbers);
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
}

static McStats *
compute (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GDate today;
  McStats *stats;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 31, G_DATE_DECEMBER, YEAR);
  stats = mc_store_compute_stats (fixture->store, fixture->protocol, mc_stats_month (YEAR, 1),
                                  mc_stats_month (YEAR, 12), &today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stats);
  return stats;
}

static void
assert_forms_equal (GPtrArray *got,
                    GPtrArray *expected)
{
  for (guint i = 0; i < got->len; i++)
    {
      McStatsCount *count = g_ptr_array_index (got, i);

      g_assert_cmpuint (count->count, ==, mc_stats_get_form (expected, count->id));
    }
  for (guint i = 0; i < expected->len; i++)
    {
      McStatsCount *count = g_ptr_array_index (expected, i);

      g_assert_cmpuint (mc_stats_get_form (got, count->id), ==, count->count);
    }
}

static void
assert_stats_equal (const McStats *got,
                    const McStats *expected)
{
  g_assert_cmpint (got->from_month, ==, expected->from_month);
  g_assert_cmpint (got->to_month, ==, expected->to_month);
  g_assert_cmpuint (got->cases_started, ==, expected->cases_started);
  g_assert_cmpuint (got->cases_closed, ==, expected->cases_closed);
  g_assert_cmpuint (got->cases_in_period, ==, expected->cases_in_period);
  g_assert_cmpmem (got->steps_reached, sizeof got->steps_reached, expected->steps_reached, sizeof expected->steps_reached);
  g_assert_cmpmem (got->outcomes_by_quarter, sizeof got->outcomes_by_quarter,
                   expected->outcomes_by_quarter, sizeof expected->outcomes_by_quarter);
  g_assert_cmpmem (got->outcomes_by_round, sizeof got->outcomes_by_round,
                   expected->outcomes_by_round, sizeof expected->outcomes_by_round);
  g_assert_cmpuint (got->vt_reports, ==, expected->vt_reports);
  g_assert_cmpuint (got->vt_consultations, ==, expected->vt_consultations);
  g_assert_cmpmem (got->decision_days, (MC_STATS_MAX_DAYS + 1) * sizeof (guint),
                   expected->decision_days, (MC_STATS_MAX_DAYS + 1) * sizeof (guint));
  g_assert_cmpuint (got->minors, ==, expected->minors);
  g_assert_cmpuint (got->adults, ==, expected->adults);
  g_assert_cmpuint (got->age_unknown, ==, expected->age_unknown);
  g_assert_cmpuint (got->overdue_follow_up, ==, expected->overdue_follow_up);
  assert_forms_equal (got->forms, expected->forms);
  assert_forms_equal (got->special_forms, expected->special_forms);
}

static void
test_figures (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(McStats) stats = compute (fixture);
  g_autofree char *id = mc_store_get_stats_id (fixture->store);

  /* Not a degenerate store: every kind of count has something in it. */
  g_assert_cmpuint (fixture->expected->cases_started, >, 0);
  g_assert_cmpuint (fixture->expected->cases_closed, >, 0);
  g_assert_cmpuint (fixture->expected->cases_in_period, <, N_CASES);
  g_assert_cmpuint (mc_stats_count_days (fixture->expected), >, 0);
  g_assert_cmpuint (mc_stats_count_outcome (fixture->expected, MC_STATS_OUTCOME_CLOSE_MONITORING), >, 0);
  g_assert_cmpuint (fixture->expected->overdue_follow_up, >, 0);

  assert_stats_equal (stats, fixture->expected);
  g_assert_cmpstr (stats->protocol_id, ==, "ambiq");
  g_assert_cmpuint (stats->store_ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stats->store_ids, 0), ==, id);
  g_assert_cmpuint (strlen (id), ==, 32);
}

/* The id stays with the store: the same after closing and opening again,
 * another for another store. */
static void
test_store_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-test-stats-XXXXXX", &error);
  g_autofree char *a_dir = g_build_filename (tmp, "a", NULL);
  g_autofree char *b_dir = g_build_filename (tmp, "b", NULL);
  g_autofree char *key = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *b = NULL;
  McStore *store;

  store = mc_store_create (a_dir, PASSPHRASE, MC_KDF_COST_TEST, &key, &error);
  g_assert_no_error (error);
  a1 = mc_store_get_stats_id (store);
  g_assert_true (mc_store_close (store, &error));
  g_assert_null (mc_store_get_stats_id (store));
  g_object_unref (store);
  store = mc_store_open (a_dir, PASSPHRASE, &error);
  g_assert_no_error (error);
  a2 = mc_store_get_stats_id (store);
  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);
  g_clear_pointer (&key, g_free);
  store = mc_store_create (b_dir, PASSPHRASE, MC_KDF_COST_TEST, &key, &error);
  g_assert_no_error (error);
  b = mc_store_get_stats_id (store);
  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);

  g_assert_cmpstr (a1, ==, a2);
  g_assert_cmpstr (a1, !=, b);
  mc_test_remove_tree (tmp);
}

static void
test_small_counts (void)
{
  /* One row: the 3 is hidden, and the total would give it away, so the
   * next smallest (7) is hidden too; 0 stays. */
  const guint row[] = { 3, 10, 7, 0 };
  gboolean hidden[G_N_ELEMENTS (row)];
  /* Two hidden in a row need nothing more. */
  const guint two[] = { 3, 2, 9 };
  gboolean hidden_two[G_N_ELEMENTS (two)];
  /* A table: hiding (0,0) = 2 hides (0,1) = 6 by its row and (1,0) = 8
   * by its column; then column 1 has (0,1) alone hidden, so (1,1) = 9
   * is hidden as well. */
  const guint table[] = { 2, 6, 8, 9 };
  gboolean hidden_table[G_N_ELEMENTS (table)];
  g_autofree char *small = mc_stats_format_count (4, TRUE);
  g_autofree char *five = mc_stats_format_count (5, FALSE);

  g_assert_false (mc_stats_is_suppressed (0));
  for (guint n = 1; n <= 4; n++)
    g_assert_true (mc_stats_is_suppressed (n));
  g_assert_false (mc_stats_is_suppressed (5));
  g_assert_cmpstr (small, ==, "<5");
  g_assert_cmpstr (five, ==, "5");

  mc_stats_suppress_table (row, 1, G_N_ELEMENTS (row), hidden);
  g_assert_true (hidden[0]);
  g_assert_false (hidden[1]);
  g_assert_true (hidden[2]);
  g_assert_false (hidden[3]);

  mc_stats_suppress_table (two, 1, G_N_ELEMENTS (two), hidden_two);
  g_assert_true (hidden_two[0]);
  g_assert_true (hidden_two[1]);
  g_assert_false (hidden_two[2]);

  mc_stats_suppress_table (table, 2, 2, hidden_table);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    g_assert_true (hidden_table[i]);
}

/* Through the tables every display uses: the summary says "<5" and never
 * the small number. */
static void
test_small_counts_shown (void)
{
  g_autoptr(McStats) stats = mc_stats_new (mc_stats_month (YEAR, 1), mc_stats_month (YEAR, 12), "ambiq", "2019");
  g_autoptr(McStatsTable) age = NULL;
  g_autoptr(McStatsTable) forms = NULL;
  g_autofree char *tsv = NULL;
  g_autofree char *days = NULL;

  g_ptr_array_add (stats->store_ids, g_strdup ("0123456789abcdef0123456789abcdef"));
  stats->cases_in_period = 23;
  stats->minors = 3;
  stats->adults = 20;
  mc_stats_add_form (stats->special_forms, "form-fgm", 1);
  mc_stats_add_form (stats->forms, "signal-other", 12);
  stats->decision_days[10] = 4;

  age = mc_stats_table_new (stats, MC_STATS_TABLE_AGE, NULL);
  /* 3 minors hidden; the 20 adults too, or 23 - 20 tells the 3. */
  g_assert_true (age->hidden[0]);
  g_assert_true (age->hidden[1]);
  g_assert_false (age->hidden[2]);
  forms = mc_stats_table_new (stats, MC_STATS_TABLE_SPECIAL_FORMS, NULL);
  g_assert_true (forms->hidden[0]);

  tsv = mc_stats_summary_tsv (stats, NULL);
  g_assert_nonnull (strstr (tsv, "age\tminors\tcases\t<5\n"));
  g_assert_nonnull (strstr (tsv, "age\tadults\tcases\t<5\n"));
  g_assert_nonnull (strstr (tsv, "special-forms\tform-fgm\tcases\t<5\n"));
  g_assert_nonnull (strstr (tsv, "forms\tsignal-other\tcases\t12\n"));
  g_assert_nonnull (strstr (tsv, "cases\tin-period\tcases\t23\n"));
  /* Four decisions: no median. */
  g_assert_nonnull (strstr (tsv, "days\tmedian\t\t<5\n"));
  days = mc_stats_describe_days (stats);
  g_assert_null (strstr (days, "10"));
}

static void
test_percentiles (void)
{
  g_autoptr(McStats) stats = mc_stats_new (0, 11, "ambiq", "");
  guint q1, median, q3;

  /* 1, 2, 3, …, 8 days: nearest rank gives 2, 4 and 6. */
  for (guint d = 1; d <= 8; d++)
    stats->decision_days[d] = 1;
  g_assert_true (mc_stats_days_percentile (stats, 25, &q1));
  g_assert_true (mc_stats_days_percentile (stats, 50, &median));
  g_assert_true (mc_stats_days_percentile (stats, 75, &q3));
  g_assert_cmpuint (q1, ==, 2);
  g_assert_cmpuint (median, ==, 4);
  g_assert_cmpuint (q3, ==, 6);
}

static gboolean
has_day_date (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("[0-9]{4}-[0-9]{2}-[0-9]{2}", 0, 0, NULL);

  return g_regex_match (regex, text, 0, NULL);
}

static void
test_privacy (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(McStats) stats = compute (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mc_stats_to_xml (stats, &error);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *path = g_build_filename (fixture->tmp, "figures.meldcijfers", NULL);
  GStatBuf info;

  g_assert_no_error (error);
  xml = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_null (strstr (xml, MARKER));
  g_assert_null (strstr (xml, "Client"));
  g_assert_false (has_day_date (xml));
  for (guint i = 0; i < fixture->case_numbers->len; i++)
    g_assert_null (strstr (xml, g_ptr_array_index (fixture->case_numbers, i)));
  /* Only the months of the period. */
  g_assert_nonnull (strstr (xml, "from=\"2025-01\" to=\"2025-12\""));

  g_assert_true (mc_stats_write_file (stats, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
}

static McStats *
read_xml (const char  *xml,
          GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));

  return mc_stats_read_bytes (bytes, "test.meldcijfers", error);
}

static void
test_round_trip_and_combine (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(McStats) stats = compute (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mc_stats_to_xml (stats, &error);
  g_autoptr(McStats) back = NULL;
  g_autoptr(McStats) other = NULL;
  g_autoptr(McStats) sum = NULL;
  g_autoptr(McStats) again = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char * const names[] = { "a", "b", "c", NULL };

  back = mc_stats_read_bytes (bytes, "back", &error);
  g_assert_no_error (error);
  assert_stats_equal (back, stats);

  /* Another laptop: the same counts under another id. */
  other = mc_stats_read_bytes (bytes, "other", &error);
  g_assert_no_error (error);
  g_ptr_array_set_size (other->store_ids, 0);
  g_ptr_array_add (other->store_ids, g_strdup ("ffffffffffffffffffffffffffffffff"));

  g_ptr_array_add (parts, stats);
  g_ptr_array_add (parts, other);
  sum = mc_stats_combine (parts, names, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sum->store_ids->len, ==, 2);
  g_assert_cmpuint (sum->cases_started, ==, 2 * stats->cases_started);
  g_assert_cmpuint (sum->minors, ==, 2 * stats->minors);
  g_assert_cmpuint (mc_stats_count_decisions (sum), ==, 2 * mc_stats_count_decisions (stats));
  g_assert_cmpuint (mc_stats_count_days (sum), ==, 2 * mc_stats_count_days (stats));
  for (guint i = 0; i < stats->forms->len; i++)
    {
      McStatsCount *count = g_ptr_array_index (stats->forms, i);

      g_assert_cmpuint (mc_stats_get_form (sum->forms, count->id), ==, 2 * count->count);
    }

  /* The combined file with one of its laptops again: a duplicate. */
  g_ptr_array_set_size (parts, 0);
  g_ptr_array_add (parts, sum);
  g_ptr_array_add (parts, other);
  again = mc_stats_combine (parts, names, &error);
  g_assert_error (error, MC_STATS_ERROR, MC_STATS_ERROR_DUPLICATE_STORE);
  g_assert_null (again);
  g_clear_error (&error);

  /* Another period, another protocol. */
  g_ptr_array_set_size (other->store_ids, 0);
  g_ptr_array_add (other->store_ids, g_strdup ("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"));
  other->to_month--;
  g_assert_null (mc_stats_combine (parts, names, &error));
  g_assert_error (error, MC_STATS_ERROR, MC_STATS_ERROR_MIXED_PERIOD);
  g_clear_error (&error);
  other->to_month++;
  g_free (other->protocol_revision);
  other->protocol_revision = g_strdup ("2024");
  g_assert_null (mc_stats_combine (parts, names, &error));
  g_assert_error (error, MC_STATS_ERROR, MC_STATS_ERROR_MIXED_PROTOCOL);
}

#define MINIMAL_BODY \
  "<period from=\"2025-01\" to=\"2025-12\"/><protocol id=\"ambiq\" revision=\"2019\"/>" \
  "<stores><store id=\"0123456789abcdef0123456789abcdef\"/></stores>" \
  "<cases started=\"1\" closed=\"0\" in-period=\"1\"/><age minors=\"1\" adults=\"0\" unknown=\"0\"/>" \
  "<steps><step number=\"1\" reached=\"1\"/><step number=\"2\" reached=\"0\"/><step number=\"3\" reached=\"0\"/>" \
  "<step number=\"4\" reached=\"0\"/><step number=\"5\" reached=\"0\"/></steps><outcomes>" \
  "<quarter number=\"1\" report=\"0\" help=\"0\" report-and-help=\"0\" close-monitoring=\"0\" no-report-no-help=\"0\"/>" \
  "<quarter number=\"2\" report=\"0\" help=\"0\" report-and-help=\"0\" close-monitoring=\"0\" no-report-no-help=\"0\"/>" \
  "<quarter number=\"3\" report=\"0\" help=\"0\" report-and-help=\"0\" close-monitoring=\"0\" no-report-no-help=\"0\"/>" \
  "<quarter number=\"4\" report=\"0\" help=\"0\" report-and-help=\"0\" close-monitoring=\"0\" no-report-no-help=\"0\"/>" \
  "<round kind=\"first\" report=\"0\" help=\"0\" report-and-help=\"0\" close-monitoring=\"0\" no-report-no-help=\"0\"/>" \
  "<round kind=\"evaluation\" report=\"0\" help=\"0\" report-and-help=\"0\" close-monitoring=\"0\" no-report-no-help=\"0\"/>" \
  "<round kind=\"report-again\" report=\"0\" help=\"0\" report-and-help=\"0\" close-monitoring=\"0\" no-report-no-help=\"0\"/>" \
  "<round kind=\"reweigh\" report=\"0\" help=\"0\" report-and-help=\"0\" close-monitoring=\"0\" no-report-no-help=\"0\"/>" \
  "</outcomes><veilig-thuis reports=\"0\" consultations=\"0\"/><decision-days/>" \
  "<follow-up overdue=\"0\"/><forms/><special-forms/>"
#define MINIMAL_HEAD "<meldcijfers xmlns=\"urn:nl.ambiq.meldcode:stats:1\" version=\"1\">"
#define MINIMAL MINIMAL_HEAD MINIMAL_BODY "</meldcijfers>"

static void
test_hostile_files (void)
{
  const struct
  {
    const char *xml;
    int         code;
  } cases[] = {
    /* XXE */
    { "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      MINIMAL_HEAD "<!-- &x; -->" MINIMAL_BODY "</meldcijfers>", MC_STATS_ERROR_FORBIDDEN_DTD },
    /* billion laughs */
    { "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
      "<m>&d;</m>", MC_STATS_ERROR_FORBIDDEN_DTD },
    /* wrong schema: a count that is no number, a step twice, a text */
    { MINIMAL_HEAD MINIMAL_BODY "<note>Client Jansen</note></meldcijfers>", MC_STATS_ERROR_INVALID },
    { "<meldcijfers xmlns=\"urn:nl.ambiq.meldcode:report:2\" version=\"1\">" MINIMAL_BODY "</meldcijfers>",
      MC_STATS_ERROR_INVALID },
    { "not xml at all", MC_STATS_ERROR_INVALID },
    /* a newer format */
    { "<meldcijfers xmlns=\"urn:nl.ambiq.meldcode:stats:2\" version=\"2\"/>", MC_STATS_ERROR_NEWER },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McStats) good = read_xml (MINIMAL, &error);
  g_autofree char *duplicate_store = NULL;
  g_autofree char *backwards = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (good);
  g_assert_cmpuint (good->minors, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McStats) stats = read_xml (cases[i].xml, &error);

      g_assert_null (stats);
      g_assert_error (error, MC_STATS_ERROR, cases[i].code);
      g_clear_error (&error);
    }

  /* What the schema lets through and the reader does not. */
  duplicate_store = g_strdup (MINIMAL);
  {
    char *at = strstr (duplicate_store, "</stores>");
    g_autofree char *fixed = g_strdup_printf ("%.*s<store id=\"0123456789abcdef0123456789abcdef\"/>%s",
                                              (int) (at - duplicate_store), duplicate_store, at);
    g_autoptr(McStats) stats = read_xml (fixed, &error);

    g_assert_null (stats);
    g_assert_error (error, MC_STATS_ERROR, MC_STATS_ERROR_INVALID);
    g_clear_error (&error);
  }
  backwards = g_strdup (MINIMAL);
  memcpy (strstr (backwards, "to=\"2025-12\""), "to=\"2024-12\"", 12);
  {
    g_autoptr(McStats) stats = read_xml (backwards, &error);

    g_assert_null (stats);
    g_assert_error (error, MC_STATS_ERROR, MC_STATS_ERROR_INVALID);
  }
}

/* The figures file of format version 1 as it was first written: every
 * later Meldcode reads it (tests/fixtures are never regenerated). */
static void
test_fixture_version_1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "stats", "figures-1.meldcijfers", NULL);
  g_autoptr(McStats) stats = mc_stats_read_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (stats->from_month, ==, mc_stats_month (2026, 1));
  g_assert_cmpint (stats->to_month, ==, mc_stats_month (2026, 12));
  g_assert_cmpstr (stats->protocol_id, ==, "ambiq");
  g_assert_cmpstr (g_ptr_array_index (stats->store_ids, 0), ==, "0123456789abcdef0123456789abcdef");
  g_assert_cmpuint (stats->cases_started, ==, 59);
  g_assert_cmpuint (stats->minors, ==, 23);
  g_assert_cmpuint (mc_stats_get_form (stats->special_forms, "form-fgm"), ==, 5);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-layout", path, "-", NULL };

  return mc_test_run (argv);
}

static void
test_pdf (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(McStats) stats = compute (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->tmp, "figures.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdfinfo = NULL;
  g_autofree char *started = NULL;
  g_autofree char *in_period = NULL;
  const char *info_argv[] = { "pdfinfo", NULL, NULL };
  GStatBuf info;

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }

  g_assert_true (mc_stats_write_pdf (stats, fixture->protocol, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  info_argv[1] = path;
  pdfinfo = mc_test_run (info_argv);
  g_assert_true (g_regex_match_simple ("^Pages:\\s+1$", pdfinfo, G_REGEX_MULTILINE, 0));

  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "Meldcode figures 2025"));
  g_assert_nonnull (strstr (text, "Outcomes per quarter"));
  g_assert_nonnull (strstr (text, "Steps reached"));
  g_assert_nonnull (strstr (text, "Time to decision"));
  g_assert_nonnull (strstr (text, "Forms of violence"));
  g_assert_nonnull (strstr (text, "Special forms"));
  started = g_strdup_printf ("%u", stats->cases_started);
  in_period = g_strdup_printf ("%u", stats->cases_in_period);
  g_assert_nonnull (strstr (text, "Started"));
  g_assert_nonnull (strstr (text, started));
  g_assert_nonnull (strstr (text, in_period));
  g_assert_null (strstr (text, MARKER));
  /* The protocol's names of the forms, not their ids. */
  g_assert_nonnull (strstr (text, "Lichamelijke mishandeling"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/stats/figures", Fixture, GUINT_TO_POINTER (20251), fixture_set_up, test_figures, fixture_tear_down);
  g_test_add ("/stats/figures-other-seed", Fixture, GUINT_TO_POINTER (777), fixture_set_up, test_figures,
              fixture_tear_down);
  g_test_add_func ("/stats/store-id", test_store_id);
  g_test_add_func ("/stats/small-counts", test_small_counts);
  g_test_add_func ("/stats/small-counts-shown", test_small_counts_shown);
  g_test_add_func ("/stats/percentiles", test_percentiles);
  g_test_add ("/stats/privacy", Fixture, GUINT_TO_POINTER (4242), fixture_set_up, test_privacy, fixture_tear_down);
  g_test_add ("/stats/round-trip-and-combine", Fixture, GUINT_TO_POINTER (99), fixture_set_up,
              test_round_trip_and_combine, fixture_tear_down);
  g_test_add_func ("/stats/hostile-files", test_hostile_files);
  g_test_add_func ("/stats/fixture-version-1", test_fixture_version_1);
  g_test_add ("/stats/pdf", Fixture, GUINT_TO_POINTER (5), fixture_set_up, test_pdf, fixture_tear_down);

  return g_test_run ();
}
