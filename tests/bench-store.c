/* bench-store.c: the case store with 100,000 cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints the median of several runs of what a user waits for, each as a
 * ratio to its target: unlocking (after the key derivation: 50 ms), what
 * "meldcode-cli list" does after unlocking (300 ms at 100,000 cases,
 * 100 ms at 10,000), a search, opening a case, saving a field
 * (synchronous=FULL, so with an fsync). The store comes from
 * bench-generate.c (MC_BENCH_CASES cases, 100,000 by default), cached
 * between runs.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sqlite3.h>

#include "bench-generate.h"
#include "mc-completeness.h"
#include "mc-store.h"
#include "mc-store-private.h"
#include "mc-test-util.h"

#define PASSPHRASE MC_BENCH_PASSPHRASE

/* CPU time of this thread: on a machine shared with other work, the wall
 * clock says more about the others. */
static gint64
cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* @target_ms 0: no target. */
static void
print_figure (const char *what,
              double      ms,
              double      target_ms,
              const char *note)
{
  if (target_ms > 0)
    printf ("%-46s %10.2f ms   %6.2f x target %.0f ms %s\n", what, ms, ms / target_ms, target_ms, note);
  else
    printf ("%-46s %10.2f ms   %s\n", what, ms, note);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(McKeyFile) key_file = NULL;
  g_autoptr(McSecret) data_key = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  const char *n_text = g_getenv ("MC_BENCH_CASES");
  guint n_cases = n_text != NULL ? (guint) g_ascii_strtoull (n_text, NULL, 10) : 100000;
  double list_target = n_cases > 10000 ? 300 : 100;
  McStore *store;
  double runs[21];
  double cpu_runs[21];
  double save_cpu_ms;
  double lazy_runs[3][7];
  gint64 cpu_start;
  double generate_ms;
  double list_cpu_ms;
  guint n_found = 0;
  gint64 start;
  gint64 case_id = 0;

  setlocale (LC_ALL, "C.UTF-8");

  tmp = mc_bench_get_store (n_cases, &generate_ms);
  dir = g_build_filename (tmp, "store", NULL);
  key_path = g_build_filename (dir, "key", NULL);

  printf ("Case store, %u cases (bench-generate.c: people, signals, consultations, conversations,\n"
          "kindcheck, weighing, afwegingskader and decision, follow-ups for a fifth)\n\n", n_cases);
  if (generate_ms >= 0)
    print_figure ("generate the store (one transaction)", generate_ms, 0, "(cached for the next run)");
  else
    print_figure ("generate the store", 0, 0, "(from the cache)");

  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  key_file = mc_key_file_load (key_path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      start = g_get_monotonic_time ();
      store = mc_store_open (dir, PASSPHRASE, &error);
      g_assert_no_error (error);
      runs[i] = elapsed_ms (start);
      g_assert_true (mc_store_close (store, &error));
      g_object_unref (store);
    }
  print_figure ("unlock with the passphrase (KDF MODERATE)", mc_test_median (runs, 3), 0, "");

  start = g_get_monotonic_time ();
  data_key = mc_key_file_unwrap_passphrase (key_file, PASSPHRASE, &error);
  g_assert_no_error (error);
  print_figure ("  of which the KDF", elapsed_ms (start), 0, "");

  for (guint i = 0; i < 5; i++)
    {
      start = g_get_monotonic_time ();
      store = mc_store_open_with_data_key (dir, data_key, &error);
      g_assert_no_error (error);
      runs[i] = elapsed_ms (start);
      if (i < 4)
        {
          g_assert_true (mc_store_close (store, &error));
          g_object_unref (store);
        }
    }
  print_figure ("unlock after the KDF", mc_test_median (runs, 5), 50, "(no full check: that is verify's)");
  mc_store_set_protocol (store, protocol);

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GListModel) cases = NULL;
      guint n;

      cpu_start = cpu_usec ();
      start = g_get_monotonic_time ();
      cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);
      g_assert_no_error (error);
      n = g_list_model_get_n_items (cases);
      /* What list prints of each: the kept state, nothing loaded. */
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, j);

          g_assert_cmpuint (mc_case_summary_get_step (summary), >=, 1);
        }
      runs[i] = elapsed_ms (start);
      cpu_runs[i] = (cpu_usec () - cpu_start) / 1000.0;
      g_assert_cmpuint (n, ==, n_cases);
      /* An open case (the save below), half-way down the list. */
      for (guint j = n_cases / 2; i == 0 && case_id == 0 && j < n_cases; j++)
        {
          g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, j);

          if (g_strcmp0 (mc_case_summary_get_status (summary), "open") == 0)
            case_id = mc_case_summary_get_id (summary);
        }
    }
  print_figure ("list all cases with their steps", mc_test_median (runs, 7), list_target, "(meldcode-cli list after unlock)");
  list_cpu_ms = mc_test_median (cpu_runs, 7);
  print_figure ("  the same, CPU time", list_cpu_ms, list_target, "");

  /* The floor of that: SQLite reading the list's columns of every case, in
   * the table's order as the list reads them
   * (each page read and decrypted), nothing made of them. */
  {
    sqlite3 *db = mc_store_get_connection (store);
    sqlite3_stmt *stmt = NULL;
    double floor_ms;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, number, client_name, client_number, status, updated_at,"
                                         " state_next_follow_up, state_outcome, state_key, state_until, state_step,"
                                         " state_attention, state_next_due, closed_at, close_reason"
                                         " FROM cases", -1, &stmt, NULL), ==, SQLITE_OK);
    for (guint i = 0; i < 7; i++)
      {
        guint n = 0;

        cpu_start = cpu_usec ();
        while (sqlite3_step (stmt) == SQLITE_ROW)
          n++;
        cpu_runs[i] = (cpu_usec () - cpu_start) / 1000.0;
        sqlite3_reset (stmt);
        g_assert_cmpuint (n, ==, n_cases);
      }
    sqlite3_finalize (stmt);
    floor_ms = mc_test_median (cpu_runs, 7);
    {
      g_autofree char *note = g_strdup_printf ("(the list's CPU time is %.2f x this)", list_cpu_ms / floor_ms);

      print_figure ("  SQLite alone, CPU time", floor_ms, 0, note);
    }
  }

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GListModel) found = NULL;

      start = g_get_monotonic_time ();
      found = mc_store_list_cases (store, MC_CASE_FILTER_ALL, "zoë van leeuwen", &error);
      runs[i] = elapsed_ms (start);
      g_assert_no_error (error);
      n_found = g_list_model_get_n_items (found);
    }
  g_assert_cmpuint (n_found, >, 0);
  {
    g_autofree char *note = g_strdup_printf ("(%u found)", n_found);

    print_figure ("search by client name", mc_test_median (runs, 7), 16, note);
  }

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GListModel) found = NULL;

      cpu_start = cpu_usec ();
      start = g_get_monotonic_time ();
      found = mc_store_list_cases (store, MC_CASE_FILTER_FOLLOW_UP_DUE, NULL, &error);
      runs[i] = elapsed_ms (start);
      cpu_runs[i] = (cpu_usec () - cpu_start) / 1000.0;
      g_assert_no_error (error);
      n_found = g_list_model_get_n_items (found);
    }
  {
    g_autofree char *note = g_strdup_printf ("(%u cases)", n_found);

    print_figure ("list the follow-up due cases", mc_test_median (runs, 7), 16, note);
    print_figure ("  the same, CPU time", mc_test_median (cpu_runs, 7), 16, "");
  }

  /* What the app's list reads: the ids, and the rows it shows. */
  for (guint i = 0; i < 7; i++)
    {
      const McCaseFilter filters[] = { MC_CASE_FILTER_ALL, MC_CASE_FILTER_OPEN, MC_CASE_FILTER_FOLLOW_UP_DUE };

      for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
        {
          g_autoptr(GListModel) lazy = NULL;

          cpu_start = cpu_usec ();
          lazy = mc_store_list_cases_lazily (store, filters[f], NULL, &error);
          g_assert_no_error (error);
          for (guint j = 0; j < MIN (60, g_list_model_get_n_items (lazy)); j++)
            g_object_unref (g_list_model_get_item (lazy, j));
          lazy_runs[f][i] = (cpu_usec () - cpu_start) / 1000.0;
        }
    }
  print_figure ("app list: all, ids and 60 rows (CPU time)", mc_test_median (lazy_runs[0], 7), 16, "");
  print_figure ("app list: open, ids and 60 rows (CPU time)", mc_test_median (lazy_runs[1], 7), 16, "");
  print_figure ("app list: follow-up due (CPU time)", mc_test_median (lazy_runs[2], 7), 16, "");

  /* The searches bench-ui types into the app's list: the ids and the rows
   * it shows. "de" is the prefix of many words. */
  {
    const char *searches[] = { "van leeuw", "zoë de", "de", "2026-1" };

    for (guint s = 0; s < G_N_ELEMENTS (searches) * 2; s++)
      {
        McCaseFilter filter = s % 2 ? MC_CASE_FILTER_OPEN : MC_CASE_FILTER_ALL;
        g_autofree char *what = g_strdup_printf ("app search %s \"%s\" (CPU time)",
                                                 s % 2 ? "open" : "all", searches[s / 2]);
        g_autofree char *note = NULL;
        guint n = 0;

        for (guint i = 0; i < 7; i++)
          {
            g_autoptr(GListModel) lazy = NULL;

            cpu_start = cpu_usec ();
            lazy = mc_store_list_cases_lazily (store, filter, searches[s / 2], &error);
            g_assert_no_error (error);
            n = g_list_model_get_n_items (lazy);
            for (guint j = 0; j < MIN (60, n); j++)
              g_object_unref (g_list_model_get_item (lazy, j));
            cpu_runs[i] = (cpu_usec () - cpu_start) / 1000.0;
          }
        note = g_strdup_printf ("(%u found)", n);
        print_figure (what, mc_test_median (cpu_runs, 7), 16, note);
      }
  }

  for (guint i = 0; i < 21; i++)
    {
      g_autoptr(McCase) kase = NULL;

      start = g_get_monotonic_time ();
      kase = mc_store_load_case (store, case_id, &error);
      runs[i] = elapsed_ms (start);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (kase)), >=, 2);
    }
  print_figure ("load one case", mc_test_median (runs, 21), 5, "");

  for (guint i = 0; i < 21; i++)
    {
      g_autoptr(McCase) kase = NULL;

      start = g_get_monotonic_time ();
      kase = mc_store_load_case (store, case_id, &error);
      g_assert_no_error (error);
      mc_case_get_progress (kase, protocol, NULL);
      runs[i] = elapsed_ms (start);
    }
  print_figure ("the step of one case (load and check)", mc_test_median (runs, 21), 0, "(what each list row cost before)");

  {
    g_autoptr(McCase) kase = mc_store_load_case (store, case_id, &error);
    g_autoptr(McRecord) signal = g_list_model_get_item (mc_case_get_signals (kase), 0);

    gint64 save_cpu = cpu_usec ();

    for (guint i = 0; i < 21; i++)
      {
        g_autofree char *text = g_strdup_printf ("Aangepaste beschrijving %u", i);

        mc_record_set_string (signal, "description", text);
        start = g_get_monotonic_time ();
        g_assert_true (mc_store_update_field (store, signal, "description", &error));
        runs[i] = elapsed_ms (start);
        g_assert_no_error (error);
      }
    /* The mean of the 21 saves (their CPU time is not noisy). */
    save_cpu_ms = (cpu_usec () - save_cpu) / 1000.0 / 21;
  }
  print_figure ("save one field (synchronous=FULL)", mc_test_median (runs, 21), 10, "(the case's state included)");
  print_figure ("  the same, CPU time (mean)", save_cpu_ms, 10, "(the list's index moved too)");

  start = g_get_monotonic_time ();
  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  print_figure ("verify the audit trail", elapsed_ms (start), 0, "");

  /* MC_BENCH_SKIP_CHECK=1 leaves it out (seconds; to profile the rest). */
  if (g_strcmp0 (g_getenv ("MC_BENCH_SKIP_CHECK"), "1") != 0)
    {
      start = g_get_monotonic_time ();
      g_assert_true (mc_store_integrity_check (store, &error));
      g_assert_no_error (error);
      print_figure ("full integrity check", elapsed_ms (start), 0, "(verify; in the app after unlock, in the background)");
    }

  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);
  {
    g_autofree char *db_path = g_build_filename (dir, "cases.db", NULL);
    GStatBuf st;

    g_assert_cmpint (g_stat (db_path, &st), ==, 0);
    printf ("\ndatabase size: %.1f MiB\n", st.st_size / (1024.0 * 1024.0));
  }

  mc_test_remove_tree (tmp);
  return 0;
}
