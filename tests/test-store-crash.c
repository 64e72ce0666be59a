/* test-store-crash.c: a writer killed at random moments loses nothing it
 * was told was saved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A child process opens the store and saves changes in a loop, reporting
 * each one through a pipe only after the save returned. The parent kills
 * it with SIGKILL after a random delay, then opens the store: it must pass
 * the integrity check and the audit verification, and hold every reported
 * change (or a later one).
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mc-store.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define ROUNDS 60
#define MAX_DELAY_US 50000

static void
report (int         fd,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
report (int         fd,
        const char *format,
        ...)
{
  char line[128];
  va_list args;
  int length;

  va_start (args, format);
  length = g_vsnprintf (line, sizeof line, format, args);
  va_end (args);

  /* Shorter than PIPE_BUF, so the line arrives whole or not at all. */
  if (write (fd, line, length) != length)
    _exit (3);
}

/* Saves changes until killed: new cases, new signals, and changes to the
 * signals' descriptions, whose text holds a counter that only grows. */
static void G_GNUC_NORETURN
run_writer (const char *dir,
            int         fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) signals = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 case_id = 0;

  store = mc_store_open (dir, PASSPHRASE, &error);
  if (store == NULL)
    _exit (2);
  /* The kill is timed from here: opening takes longer on a loaded machine,
   * under sanitizers or on another SQLCipher, and a kill before the first
   * write proves nothing. */
  report (fd, "ready\n");

  for (guint seq = 1; seq < 100000; seq++)
    {
      if (seq % 8 == 1)
        {
          g_autoptr(McCase) kase = mc_case_new ();
          g_autofree char *name = g_strdup_printf ("Cliënt %u", seq);

          mc_record_set_string (MC_RECORD (kase), "client-name", name);
          if (!mc_store_insert (store, MC_RECORD (kase), &error))
            _exit (4);
          case_id = mc_record_get_id (MC_RECORD (kase));
          report (fd, "case %" G_GINT64_FORMAT " %s\n", case_id, name);
        }
      else if (seq % 3 == 0 || signals->len == 0)
        {
          McSignal *signal = mc_signal_new (case_id);
          g_autofree char *text = g_strdup_printf ("%u", seq);

          mc_record_set_string (MC_RECORD (signal), "description", text);
          if (!mc_store_insert (store, MC_RECORD (signal), &error))
            _exit (5);
          g_ptr_array_add (signals, signal);
          report (fd, "signal %" G_GINT64_FORMAT " %u\n", mc_record_get_id (MC_RECORD (signal)), seq);
        }
      else
        {
          McRecord *signal = g_ptr_array_index (signals, seq % signals->len);
          g_autofree char *text = g_strdup_printf ("%u", seq);

          mc_record_set_string (signal, "description", text);
          if (!mc_store_update_field (store, signal, "description", &error))
            _exit (6);
          report (fd, "signal %" G_GINT64_FORMAT " %u\n", mc_record_get_id (signal), seq);
        }
    }

  _exit (0);
}

typedef struct
{
  GHashTable *cases;     /* id -> client name */
  GHashTable *signals;   /* id -> highest reported description */
  guint       n_reports;
} Expected;

static void
parse_reports (Expected   *expected,
               GString    *received)
{
  g_auto(GStrv) lines = g_strsplit (received->str, "\n", -1);

  /* The last element is empty, or a line cut off by the kill (never, as
   * lines are written whole, but harmless to skip). */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      gint64 id;
      char text[64];
      guint seq;

      if (strcmp (lines[i], "ready") == 0)
        continue;
      if (sscanf (lines[i], "case %" G_GINT64_FORMAT " %63[^\n]", &id, text) == 2)
        g_hash_table_insert (expected->cases, g_memdup2 (&id, sizeof id), g_strdup (text));
      else if (sscanf (lines[i], "signal %" G_GINT64_FORMAT " %u", &id, &seq) == 2)
        {
          gpointer old = g_hash_table_lookup (expected->signals, &id);

          if (old == NULL || GPOINTER_TO_UINT (old) < seq)
            g_hash_table_insert (expected->signals, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (seq));
        }
      else
        g_error ("Unexpected report “%s”", lines[i]);

      expected->n_reports++;
    }
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = strchr (text, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    n++;
  return n;
}

/* Runs a writer, kills it @delay_us after its first saved change, and
 * collects what it reported. */
static void
run_round (const char *dir,
           gulong      delay_us,
           Expected   *expected)
{
  g_autoptr(GString) received = g_string_new (NULL);
  gint64 deadline;
  int fds[2];
  int status;
  pid_t pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      run_writer (dir, fds[1]);
    }
  close (fds[1]);

  /* Wait for the store to be open (the writer's first line says so) and
   * its first change saved, so that every round kills a writer that has
   * saved, however slow the machine is (the delay alone, on a loaded
   * machine, could end before the first save). */
  while (count_lines (received->str) < 2)
    {
      char buffer[4096];
      gssize n_read = read (fds[0], buffer, sizeof buffer);

      if (n_read <= 0)
        break;
      g_string_append_len (received, buffer, n_read);
    }
  g_assert_true (g_str_has_prefix (received->str, "ready\n"));
  deadline = g_get_monotonic_time () + delay_us;

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      struct pollfd pfd = { fds[0], POLLIN, 0 };
      char buffer[4096];
      gssize n_read;

      if (now >= deadline)
        break;
      if (poll (&pfd, 1, (deadline - now + 999) / 1000) <= 0)
        continue;
      n_read = read (fds[0], buffer, sizeof buffer);
      if (n_read <= 0)
        break;
      g_string_append_len (received, buffer, n_read);
    }

  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  /* Killed, not failed on its own. */
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  /* Whatever it reported before dying is still in the pipe. */
  for (;;)
    {
      char buffer[4096];
      gssize n_read = read (fds[0], buffer, sizeof buffer);

      if (n_read <= 0)
        break;
      g_string_append_len (received, buffer, n_read);
    }
  close (fds[0]);

  parse_reports (expected, received);
}

static void
check_store (const char *dir,
             Expected   *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  GHashTableIter iter;
  gpointer key, value;

  store = mc_store_open (dir, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_integrity_check (store, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);

  g_hash_table_iter_init (&iter, expected->cases);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(McCase) kase = mc_store_load_case (store, *(gint64 *) key, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (mc_record_get_string (MC_RECORD (kase), "client-name"), ==, value);

      for (guint i = 0; i < g_list_model_get_n_items (mc_case_get_signals (kase)); i++)
        {
          g_autoptr(McRecord) signal = g_list_model_get_item (mc_case_get_signals (kase), i);
          gint64 id = mc_record_get_id (signal);
          gpointer reported = g_hash_table_lookup (expected->signals, &id);
          guint stored = (guint) g_ascii_strtoull (mc_record_get_string (signal, "description"), NULL, 10);

          /* A later change may have been saved without being reported. */
          if (reported != NULL)
            {
              g_assert_cmpuint (stored, >=, GPOINTER_TO_UINT (reported));
              g_hash_table_remove (expected->signals, &id);
            }
        }
    }

  /* Every reported signal was found in its case. */
  g_assert_cmpuint (g_hash_table_size (expected->signals), ==, 0);

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
}

static void
test_killed_writer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-crash-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "store", NULL);
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;
  Expected expected;
  guint total_reports = 0;

  g_assert_no_error (error);
  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
  g_clear_object (&store);

  expected.cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  expected.signals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint round = 0; round < ROUNDS; round++)
    {
      gulong delay = g_test_rand_int_range (0, MAX_DELAY_US);

      expected.n_reports = 0;
      run_round (dir, delay, &expected);
      g_test_message ("Round %u: killed after %lu µs, %u saved changes reported",
                      round, delay, expected.n_reports);
      total_reports += expected.n_reports;
      check_store (dir, &expected);
    }

  /* Each round's writer reported a saved change before it was killed. */
  g_assert_cmpuint (total_reports, >=, ROUNDS);
  g_assert_cmpuint (g_hash_table_size (expected.cases), >, 0);

  g_hash_table_unref (expected.cases);
  g_hash_table_unref (expected.signals);
  mc_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-crash/killed-writer", test_killed_writer);

  return g_test_run ();
}
