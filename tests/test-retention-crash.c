/* test-retention-crash.c: a destruction killed at random moments leaves the
 * case either whole or destroyed, never half
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A child process opens a copy of a store with some hundred cases and
 * destroys one; the parent kills it with SIGKILL after a random delay
 * within the time a destruction takes (measured first, unkilled), then
 * opens the copy, which finishes a purge that was cut short. The store
 * must pass the integrity check and the audit verification, and the case
 * must be either all there (its records, its key, no tombstone) or all
 * gone (no record, no key, one tombstone, nothing left to purge).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mc-audit.h"
#include "mc-store.h"
#include "mc-store-private.h"
#include "mc-store-retention.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define ROUNDS 36
#define N_CASES 300
#define TARGET_CASE 150
#define SIGNALS_PER_CASE 3

static void
copy_store (const char *from,
            const char *to)
{
  g_autoptr(GError) error = NULL;

  mc_test_remove_tree (to);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "cases.db" : "key";
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *dest = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize size;

      g_assert_true (g_file_get_contents (source, &contents, &size, &error));
      g_assert_true (g_file_set_contents (dest, contents, (gssize) size, &error));
      g_assert_no_error (error);
    }
}

static void
make_template (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);

  g_assert_no_error (error);
  g_assert_true (mc_store_begin_batch (store, &error));
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(McCase) kase = mc_case_new ();
      g_autofree char *name = g_strdup_printf ("Cliënt %u", i);

      mc_record_set_string (MC_RECORD (kase), "client-name", name);
      g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
      for (guint j = 0; j < SIGNALS_PER_CASE; j++)
        {
          g_autoptr(McSignal) signal = mc_signal_new (mc_record_get_id (MC_RECORD (kase)));

          mc_record_set_string (MC_RECORD (signal), "description",
                                "Kwam op maandag met een blauwe plek op de bovenarm; zei dat hij gevallen was.");
          g_assert_true (mc_store_insert (store, MC_RECORD (signal), &error));
        }
    }
  g_assert_true (mc_store_commit_batch (store, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
}

static void G_GNUC_NORETURN
run_destroyer (const char *dir,
               int         fd)
{
  g_autoptr(GError) error = NULL;
  McRetentionPolicy policy;
  McStore *store;

  mc_retention_policy_init_default (&policy);
  store = mc_store_open (dir, PASSPHRASE, &error);
  if (store == NULL)
    _exit (2);
  if (write (fd, "r", 1) != 1)
    _exit (3);
  if (!mc_store_destroy_case (store, TARGET_CASE, MC_DESTROY_REQUEST, "2026-01-05", &policy,
                              MC_DESTROY_CONFIRMED_EARLY, &error))
    _exit (4);
  if (write (fd, "d", 1) != 1)
    _exit (3);
  /* Not closed: the parent kills it, or it dies as a crash would. */
  pause ();
  _exit (0);
}

/* Runs the destroyer, kills it @delay_us after it opened the store (or
 * waits for it to be done when @delay_us is negative); returns the time
 * from open to done, or -1 when it was killed first. */
static gint64
run_round (const char *dir,
           gint64      delay_us)
{
  char c = 0;
  gint64 opened;
  gint64 done_at = -1;
  int fds[2];
  int status;
  pid_t pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      run_destroyer (dir, fds[1]);
    }
  close (fds[1]);

  g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
  g_assert_cmpint (c, ==, 'r');
  opened = g_get_monotonic_time ();

  if (delay_us < 0)
    {
      g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
      g_assert_cmpint (c, ==, 'd');
      done_at = g_get_monotonic_time () - opened;
    }
  else
    g_usleep (delay_us);

  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  close (fds[0]);
  return done_at;
}

static gint64
count (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, TARGET_CASE);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* TRUE when the case is destroyed, FALSE when it is whole; fails the
 * test for anything in between. */
static gboolean
check_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (dir, PASSPHRASE, &error);
  g_autoptr(McCase) kase = NULL;
  gboolean destroyed;
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_true (mc_store_integrity_check (store, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);

  db = mc_store_get_connection (store);
  kase = mc_store_load_case (store, TARGET_CASE, &error);
  destroyed = kase == NULL;
  if (destroyed)
    {
      g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
      g_clear_error (&error);
      g_assert_cmpint (count (db, "SELECT count(*) FROM signals WHERE case_id = ?1"), ==, 0);
      g_assert_cmpint (count (db, "SELECT count(*) FROM case_keys WHERE case_id = ?1"), ==, 0);
      g_assert_cmpint (count (db, "SELECT count(*) FROM destroyed_cases WHERE case_id = ?1"), ==, 1);
      g_assert_cmpint (count (db, "SELECT count(*) FROM audit_log WHERE case_id = ?1 AND event = 'destroy'"),
                       ==, 1);
      /* The opening finished the purge. */
      g_assert_cmpint (count (db, "SELECT count(*) + 0 * ?1 FROM purge_pending"), ==, 0);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (kase)), ==, SIGNALS_PER_CASE);
      g_assert_cmpint (count (db, "SELECT count(*) FROM case_keys WHERE case_id = ?1"), ==, 1);
      g_assert_cmpint (count (db, "SELECT count(*) FROM destroyed_cases WHERE case_id = ?1"), ==, 0);
    }
  g_assert_cmpint (count (db, "SELECT count(*) FROM cases WHERE id <> ?1"), ==, N_CASES - 1);

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  return destroyed;
}

static void
test_killed_destruction (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-retention-crash-XXXXXX", &error);
  g_autofree char *template = g_build_filename (tmp, "template", NULL);
  g_autofree char *dir = g_build_filename (tmp, "store", NULL);
  guint n_destroyed = 0;
  guint n_whole = 0;
  gint64 duration;

  g_assert_no_error (error);
  make_template (template);

  /* How long a destruction takes here, unkilled. */
  copy_store (template, dir);
  duration = run_round (dir, -1);
  g_assert_true (check_store (dir));
  g_test_message ("A destruction takes %" G_GINT64_FORMAT " µs", duration);

  for (guint round = 0; round < ROUNDS; round++)
    {
      /* The transaction is over in a millisecond or so, the purge (VACUUM)
       * takes the rest: half the rounds aim at the first, half anywhere. */
      gint64 delay = round % 2 == 0 ? g_test_rand_int_range (0, 1500)
                                    : g_test_rand_int_range (0, (gint32) MAX (duration * 5 / 4, 1000));
      gboolean destroyed;

      copy_store (template, dir);
      run_round (dir, delay);
      destroyed = check_store (dir);
      g_test_message ("Round %u: killed after %" G_GINT64_FORMAT " µs: %s", round, delay,
                      destroyed ? "destroyed" : "whole");
      if (destroyed)
        n_destroyed++;
      else
        n_whole++;
    }

  g_test_message ("%u rounds destroyed, %u whole", n_destroyed, n_whole);
  mc_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/retention-crash/killed-destruction", test_killed_destruction);

  return g_test_run ();
}
