/* bench-due.c: what is due across a store of 10,000 cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 10,000 cases (a fifth closed), each with a decision; 2,000 of them have
 * follow-up agreements, some reported to Veilig Thuis without feedback,
 * some with an evaluation date. Prints the median of mc_store_list_due()
 * (target: well under 100 ms) beside an anchor, the case list of the same
 * store (mc_store_list_cases(), itself under 50 ms), and what loading
 * every case would cost instead.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "mc-dates.h"
#include "mc-due.h"
#include "mc-store.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define N_CASES 10000
#define N_RUNS 21

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
insert (McStore  *store,
        McRecord *record)
{
  g_autoptr(GError) error = NULL;

  if (!mc_store_insert (store, record, &error))
    g_error ("%s", error->message);
}

/* "YYYY-MM-DD" @days from @today (negative: before). */
static char *
iso_from (const GDate *today,
          int          days)
{
  GDate day = *today;

  if (days >= 0)
    g_date_add_days (&day, days);
  else
    g_date_subtract_days (&day, -days);
  return mc_date_to_iso8601 (&day);
}

static guint
generate (McStore     *store,
          const GDate *today)
{
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (20261203);
  guint n_follow_ups = 0;

  if (!mc_store_begin_batch (store, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(McCase) kase = mc_case_new ();
      g_autofree char *name = g_strdup_printf ("Cliënt %05u", i);
      McDecision *decision;
      gint64 case_id;

      mc_record_set_string (MC_RECORD (kase), "client-name", name);
      mc_record_set_string (MC_RECORD (kase), "status", i % 5 == 0 ? "closed" : "open");
      insert (store, MC_RECORD (kase));
      case_id = mc_record_get_id (MC_RECORD (kase));

      decision = mc_case_get_decision (kase);
      mc_record_set_answer (MC_RECORD (decision), "report-needed", i % 7 == 0 ? MC_ANSWER_YES : MC_ANSWER_NO);
      mc_record_set_answer (MC_RECORD (decision), "help-possible", MC_ANSWER_YES);
      mc_record_set_string (MC_RECORD (decision), "justification", "Hulp is mogelijk en wordt aanvaard.");
      mc_record_set_string (MC_RECORD (decision), "decided-on", "2026-10-20");
      if (i % 7 == 0)
        {
          g_autofree char *reported_on = iso_from (today, g_rand_int_range (rand, -30, 1));

          mc_record_set_string (MC_RECORD (decision), "reported-on", reported_on);
          if (i % 3 == 0)
            mc_record_set_string (MC_RECORD (decision), "feedback-on", reported_on);
        }
      if (i % 11 == 0)
        {
          g_autofree char *evaluation_on = iso_from (today, g_rand_int_range (rand, -30, 90));

          mc_record_set_string (MC_RECORD (decision), "evaluation-on", evaluation_on);
        }
      insert (store, MC_RECORD (decision));

      /* 2,000 cases with agreements: one or two open, one done. */
      if (i % 5 == 1)
        for (guint j = 0; j < 1 + i % 3; j++)
          {
            g_autoptr(McFollowUp) follow_up = mc_follow_up_new (case_id);
            g_autofree char *due_on = iso_from (today, g_rand_int_range (rand, -60, 60));

            mc_record_set_string (MC_RECORD (follow_up), "description", "Wekelijks contact met moeder.");
            mc_record_set_string (MC_RECORD (follow_up), "due-on", due_on);
            mc_record_set_string (MC_RECORD (follow_up), "state", j == 2 ? "done" : "open");
            insert (store, MC_RECORD (follow_up));
            n_follow_ups++;
          }
    }

  if (!mc_store_commit_batch (store, &error))
    g_error ("%s", error->message);
  g_rand_free (rand);
  return n_follow_ups;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(GListModel) all_cases = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *recovery_key = NULL;
  double due_runs[N_RUNS];
  double within_runs[N_RUNS];
  double list_runs[N_RUNS];
  double due_ms, list_ms, first_ms, load_all_ms;
  guint n_due = 0, n_within = 0, n_loaded = 0;
  guint n_follow_ups;
  McStore *store;
  gint64 start;
  GDate today;

  setlocale (LC_ALL, "C.UTF-8");

  tmp = g_dir_make_tmp ("meldcode-bench-due-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (tmp, "store", NULL);
  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  mc_due_get_today (&today);

  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  n_follow_ups = generate (store, &today);
  printf ("What is due: %d cases (a fifth closed), 2,000 with %u agreements, generated in %.0f ms\n\n",
          N_CASES, n_follow_ups, elapsed_ms (start));
  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);

  /* A fresh connection: the first query reads (and decrypts) its pages. */
  store = mc_store_open (dir, PASSPHRASE, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  {
    g_autoptr(GPtrArray) items = mc_store_list_due (store, protocol, &today, 0, &error);

    g_assert_no_error (error);
    first_ms = elapsed_ms (start);
    n_due = items->len;
  }

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GPtrArray) within = NULL;
      g_autoptr(GListModel) cases = NULL;

      start = g_get_monotonic_time ();
      items = mc_store_list_due (store, protocol, &today, 0, &error);
      due_runs[i] = elapsed_ms (start);
      g_assert_no_error (error);
      g_assert_cmpuint (items->len, ==, n_due);

      start = g_get_monotonic_time ();
      within = mc_store_list_due (store, protocol, &today, 30, &error);
      within_runs[i] = elapsed_ms (start);
      g_assert_no_error (error);
      n_within = within->len;

      start = g_get_monotonic_time ();
      cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);
      list_runs[i] = elapsed_ms (start);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (cases), ==, N_CASES);
    }
  g_assert_cmpuint (n_due, >, 0);
  g_assert_cmpuint (n_within, >, n_due);

  /* What the query saves: every open case loaded and asked. */
  all_cases = mc_store_list_cases (store, MC_CASE_FILTER_OPEN, NULL, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < g_list_model_get_n_items (all_cases); i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (all_cases, i);
      g_autoptr(McCase) kase = mc_store_load_case (store, mc_case_summary_get_id (summary), &error);
      g_autoptr(GPtrArray) items = NULL;

      g_assert_no_error (error);
      items = mc_case_get_due_items (kase, protocol, &today, 0);
      n_loaded += items->len;
    }
  load_all_ms = elapsed_ms (start);
  g_assert_cmpuint (n_loaded, ==, n_due);

  due_ms = mc_test_median (due_runs, N_RUNS);
  list_ms = mc_test_median (list_runs, N_RUNS);
  printf ("%-50s %10.2f ms   (%u items; target well under 100 ms)\n",
          "mc_store_list_due, due today or earlier", due_ms, n_due);
  printf ("%-50s %10.2f ms   (%u items)\n", "mc_store_list_due --within 30", mc_test_median (within_runs, N_RUNS),
          n_within);
  printf ("%-50s %10.2f ms\n", "  the first query on a new connection", first_ms);
  printf ("%-50s %10.2f ms   (anchor)\n", "mc_store_list_cases, all 10,000", list_ms);
  printf ("%-50s %10.2f      (due / list)\n", "ratio", due_ms / list_ms);
  printf ("%-50s %10.2f ms   (what the query saves)\n", "every open case loaded and asked", load_all_ms);

  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);
  mc_test_remove_tree (tmp);
  return 0;
}
