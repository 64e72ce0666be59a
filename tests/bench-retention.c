/* bench-retention.c: destroying one case in a store of 10,000, and
 * verifying the audit trail of 10,000 cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Targets: a destruction under 2 s, the verification under 1 s. Each figure
 * is printed with its ratio to the target (under 1.00 meets it), with what
 * a VACUUM would cost on top, to show why the purge does without one.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "mc-store.h"
#include "mc-store-private.h"
#include "mc-store-retention.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define N_CASES 10000
#define DESTROY_TARGET_MS 2000.0
#define VERIFY_TARGET_MS 1000.0

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
print_figure (const char *what,
              double      ms,
              double      target_ms)
{
  if (target_ms > 0)
    printf ("%-52s %10.2f ms   %.2f of the target (%.0f ms)\n", what, ms, ms / target_ms, target_ms);
  else
    printf ("%-52s %10.2f ms\n", what, ms);
}

static void
insert (McStore  *store,
        McRecord *record)
{
  g_autoptr(GError) error = NULL;

  if (!mc_store_insert (store, record, &error))
    g_error ("%s", error->message);
}

/* As bench-store: 3 signals, 2 consultations and a decision per case,
 * and a change to a signal, so the trail holds old values too. */
static void
generate (McStore *store)
{
  g_autoptr(GError) error = NULL;

  if (!mc_store_begin_batch (store, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(McCase) kase = mc_case_new ();
      g_autofree char *name = g_strdup_printf ("Cliënt %05u", i);
      g_autoptr(McSignal) changed = NULL;
      gint64 case_id;
      McDecision *decision;

      mc_record_set_string (MC_RECORD (kase), "client-name", name);
      mc_record_set_string (MC_RECORD (kase), "birth-date", "2012-05-17");
      insert (store, MC_RECORD (kase));
      case_id = mc_record_get_id (MC_RECORD (kase));

      for (guint j = 0; j < 3; j++)
        {
          g_autoptr(McSignal) signal = mc_signal_new (case_id);

          mc_record_set_string (MC_RECORD (signal), "observed-on", "2026-10-01");
          mc_record_set_string (MC_RECORD (signal), "description",
                                "Kwam op maandag met een blauwe plek op de bovenarm; zei dat hij gevallen was.");
          insert (store, MC_RECORD (signal));
          if (j == 0)
            changed = g_object_ref (signal);
        }
      mc_record_set_string (MC_RECORD (changed), "description", "Blauwe plek op de linkerarm.");
      if (!mc_store_update_field (store, MC_RECORD (changed), "description", &error))
        g_error ("%s", error->message);

      for (guint j = 0; j < 2; j++)
        {
          g_autoptr(McConsultation) consultation = mc_consultation_new (case_id);

          mc_record_set_string (MC_RECORD (consultation), "consulted-on", "2026-10-03");
          mc_record_set_string (MC_RECORD (consultation), "advice",
                                "Signalen verder in kaart brengen en het gesprek met de ouders voorbereiden.");
          insert (store, MC_RECORD (consultation));
        }

      decision = mc_case_get_decision (kase);
      mc_record_set_string (MC_RECORD (decision), "justification", "Hulp is mogelijk en wordt aanvaard.");
      mc_record_set_string (MC_RECORD (decision), "decided-on", "2026-10-20");
      insert (store, MC_RECORD (decision));
    }

  if (!mc_store_commit_batch (store, &error))
    g_error ("%s", error->message);
}

static gint64
count_rows (McStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  if (sqlite3_prepare_v2 (mc_store_get_connection (store), sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *db_path = NULL;
  McRetentionPolicy policy;
  McStore *store;
  GStatBuf st;
  double runs[5];
  gint64 start;

  setlocale (LC_ALL, "C.UTF-8");
  mc_retention_policy_init_default (&policy);

  tmp = g_dir_make_tmp ("meldcode-bench-retention-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (tmp, "store", NULL);
  db_path = g_build_filename (dir, "cases.db", NULL);

  printf ("Retention, %d cases (3 signals, one changed, 2 consultations and a decision each)\n\n", N_CASES);

  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  generate (store);
  print_figure ("generate 10,000 cases (one transaction)", elapsed_ms (start), 0);
  printf ("%-52s %10" G_GINT64_FORMAT " rows\n", "audit trail",
          count_rows (store, "SELECT count(*) FROM audit_log"));
  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);
  g_assert_cmpint (g_stat (db_path, &st), ==, 0);
  printf ("%-52s %10.1f MB\n", "database", st.st_size / 1e6);

  store = mc_store_open (dir, PASSPHRASE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      start = g_get_monotonic_time ();
      g_assert_true (mc_store_verify_audit (store, NULL, &error));
      g_assert_no_error (error);
      runs[i] = elapsed_ms (start);
    }
  /* The best of five: the machine is shared. */
  for (guint i = 1; i < G_N_ELEMENTS (runs); i++)
    runs[0] = MIN (runs[0], runs[i]);
  print_figure ("verify the audit trail of 10,000 cases", runs[0], VERIFY_TARGET_MS);

  for (guint i = 0; i < 3; i++)
    {
      gint64 case_id = 1000 + i * 3000;
      double total;
      double purge;

      /* The destruction whole: the transaction (with its fsyncs) and the
       * purge (checkpoints; secure_delete zeroes what was deleted). */
      start = g_get_monotonic_time ();
      g_assert_true (mc_store_destroy_case (store, case_id, MC_DESTROY_REQUEST, "2026-01-05", &policy,
                                            MC_DESTROY_CONFIRMED_EARLY, &error));
      g_assert_no_error (error);
      total = elapsed_ms (start);
      g_assert_cmpint (count_rows (store, "SELECT count(*) FROM purge_pending"), ==, 0);

      /* What a VACUUM would add, which the store does not do: it rewrites
       * the whole file, and the free pages hold zeroes already. */
      start = g_get_monotonic_time ();
      g_assert_cmpint (sqlite3_wal_checkpoint_v2 (mc_store_get_connection (store), "main",
                                                  SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (mc_store_get_connection (store), "VACUUM", NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_wal_checkpoint_v2 (mc_store_get_connection (store), "main",
                                                  SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL), ==, SQLITE_OK);
      purge = elapsed_ms (start);
      print_figure ("destroy one case of 10,000", total, DESTROY_TARGET_MS);
      print_figure ("  (a VACUUM as well would take, not done)", purge, 0);
    }

  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);
  mc_test_remove_tree (tmp);
  return 0;
}
