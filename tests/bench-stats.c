/* bench-stats.c: the taakhouder's figures at scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures of a year over 10,000 cases (target 200 ms) and combining
 * 500 laptops' files, read from disk (target 1 s); the median of several
 * runs, printed with its ratio to the target (below 1.00 is within it).
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "mc-stats-store.h"
#include "mc-stats-xml.h"
#include "mc-store-private.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define N_CASES 10000
#define N_FILES 500

static void
insert (McStore  *store,
        McRecord *record)
{
  g_autoptr(GError) error = NULL;

  if (!mc_store_insert (store, record, &error))
    g_error ("%s", error->message);
}

static void
generate (McStore *store)
{
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (2026);
  static const char * const categories[] = {
    "signal-child-physical-abuse", "signal-child-witness", "signal-adult-psychological", "signal-other",
  };

  if (!mc_store_begin_batch (store, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(McCase) kase = mc_case_new ();
      const char *forms[] = { categories[i % 4], i % 17 == 0 ? "form-fgm" : NULL, NULL };
      g_autofree char *date = g_strdup_printf ("2026-%02d-%02d", g_rand_int_range (rand, 1, 13),
                                               g_rand_int_range (rand, 1, 29));
      gint64 id;
      McDecision *decision;

      mc_record_set_string (MC_RECORD (kase), "client-name", "Client");
      mc_record_set_string (MC_RECORD (kase), "birth-date", i % 3 ? "2012-05-17" : "1980-01-01");
      mc_record_set_lines (MC_RECORD (kase), "suspected-forms", forms);
      insert (store, MC_RECORD (kase));
      id = mc_record_get_id (MC_RECORD (kase));
      for (guint j = 0; j < 3; j++)
        {
          g_autoptr(McSignal) signal = mc_signal_new (id);

          mc_record_set_string (MC_RECORD (signal), "observed-on", "2026-01-05");
          mc_record_set_string (MC_RECORD (signal), "description", "Kwam met een blauwe plek op de bovenarm.");
          mc_record_set_string (MC_RECORD (signal), "category", categories[(i + j) % 4]);
          insert (store, MC_RECORD (signal));
        }
      for (guint j = 0; j < 2; j++)
        {
          g_autoptr(McConsultation) consultation = mc_consultation_new (id);

          mc_record_set_string (MC_RECORD (consultation), "consulted-on", date);
          mc_record_set_string (MC_RECORD (consultation), "role", j ? "consult-veilig-thuis" : "consult-colleague");
          mc_record_set_string (MC_RECORD (consultation), "advice", "Signalen verder in kaart brengen.");
          insert (store, MC_RECORD (consultation));
        }
      if (i % 4 != 0)
        {
          decision = mc_case_get_decision (kase);
          mc_record_set_answer (MC_RECORD (decision), "report-needed", i % 3 == 0 ? MC_ANSWER_YES : MC_ANSWER_NO);
          mc_record_set_answer (MC_RECORD (decision), "help-possible", MC_ANSWER_YES);
          mc_record_set_string (MC_RECORD (decision), "decided-on", date);
          insert (store, MC_RECORD (decision));
        }
      if (i % 5 == 0)
        {
          g_autoptr(McFollowUp) follow_up = mc_follow_up_new (id);

          mc_record_set_string (MC_RECORD (follow_up), "description", "Bellen");
          mc_record_set_string (MC_RECORD (follow_up), "due-on", "2026-03-01");
          insert (store, MC_RECORD (follow_up));
        }
    }
  if (!mc_store_commit_batch (store, &error))
    g_error ("%s", error->message);
  g_rand_free (rand);
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *key = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McStats) stats = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  McStore *store;
  double runs[9];
  double ms;

  setlocale (LC_ALL, "C.UTF-8");
  tmp = g_dir_make_tmp ("meldcode-bench-stats-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (tmp, "store", NULL);
  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &key, &error);
  g_assert_no_error (error);
  generate (store);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      gint64 start = g_get_monotonic_time ();

      g_clear_pointer (&stats, mc_stats_free);
      stats = mc_store_compute_stats (store, protocol, mc_stats_month (2026, 1), mc_stats_month (2026, 12),
                                      NULL, &error);
      g_assert_no_error (error);
      runs[i] = elapsed_ms (start);
    }
  g_assert_cmpuint (stats->cases_started, ==, N_CASES);
  ms = mc_test_median (runs, G_N_ELEMENTS (runs));
  printf ("%-46s %10.2f ms   target 200 ms, ratio %.2f\n", "figures of a year, 10,000 cases", ms, ms / 200.0);

  /* 500 laptops: the same counts, each its own store id. */
  for (guint i = 0; i < N_FILES; i++)
    {
      char *path = g_strdup_printf ("%s/laptop-%03u.meldcijfers", tmp, i);

      g_free (g_ptr_array_index (stats->store_ids, 0));
      g_ptr_array_index (stats->store_ids, 0) = g_strdup_printf ("%032x", i + 1);
      g_assert_true (mc_stats_write_file (stats, path, &error));
      g_ptr_array_add (paths, path);
      g_ptr_array_add (names, g_path_get_basename (path));
    }
  g_ptr_array_add (names, NULL);

  for (guint r = 0; r < 5; r++)
    {
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_stats_free);
      g_autoptr(McStats) sum = NULL;
      gint64 start = g_get_monotonic_time ();

      for (guint i = 0; i < paths->len; i++)
        {
          McStats *part = mc_stats_read_file (g_ptr_array_index (paths, i), &error);

          g_assert_no_error (error);
          g_ptr_array_add (parts, part);
        }
      sum = mc_stats_combine (parts, (const char * const *) names->pdata, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sum->cases_started, ==, N_FILES * N_CASES);
      runs[r] = elapsed_ms (start);
    }
  ms = mc_test_median (runs, 5);
  printf ("%-46s %10.2f ms   target 1000 ms, ratio %.2f\n", "read and combine 500 laptop files", ms, ms / 1000.0);

  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);
  mc_test_remove_tree (tmp);
  return 0;
}
