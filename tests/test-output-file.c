/* test-output-file.c: files Meldcode writes never cost the user a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The path checks of mc-output-file, an export whose audit row cannot be
 * written (the user's file stays), and two crash-point harnesses: a child
 * process is killed with SIGKILL at its N-th write, pwrite, fsync,
 * fdatasync, rename, renameat2, unlink, rmdir, mkdir or link, for N = 1, 2,
 * … until it finishes unharmed. After each kill the parent checks what
 * the next start finds:
 *
 * - an export: the target holds the old contents or the new ones, no
 *   temporary file is left, and new contents always have their audit row;
 * - restore --replace: the store folder opens, with the old cases or the
 *   restored ones, and the old store is never lost.
 *
 * The counted calls are interposed in this program (the core library and
 * GLib, SQLite call them through the dynamic linker, which finds these
 * first); they pass through to the real ones unless a crash point is set.
 */

#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mc-output-file.h"
#include "mc-report-export.h"
#include "mc-store.h"
#include "mc-test-util.h"
#include "report-sample.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define MAX_CRASH_POINTS 2000

/* The crash points */

static int crash_at;      /* 0: never */
static int crash_count;

static void
crash_point (void)
{
  if (crash_at > 0 && ++crash_count >= crash_at)
    kill (getpid (), SIGKILL);
}

#define REAL(name) \
  static __typeof__ (name) *real_##name; \
  if (real_##name == NULL) \
    real_##name = (__typeof__ (name) *) dlsym (RTLD_NEXT, #name)

ssize_t
write (int         fd,
       const void *buffer,
       size_t      size)
{
  REAL (write);
  crash_point ();
  return real_write (fd, buffer, size);
}

ssize_t
pwrite64 (int         fd,
          const void *buffer,
          size_t      size,
          off64_t     offset)
{
  REAL (pwrite64);
  crash_point ();
  return real_pwrite64 (fd, buffer, size, offset);
}

int
fsync (int fd)
{
  REAL (fsync);
  crash_point ();
  return real_fsync (fd);
}

int
fdatasync (int fd)
{
  REAL (fdatasync);
  crash_point ();
  return real_fdatasync (fd);
}

int
rename (const char *from,
        const char *to)
{
  REAL (rename);
  crash_point ();
  return real_rename (from, to);
}

int
renameat2 (int           from_dir,
           const char   *from,
           int           to_dir,
           const char   *to,
           unsigned int  flags)
{
  REAL (renameat2);
  crash_point ();
  return real_renameat2 (from_dir, from, to_dir, to, flags);
}

int
unlink (const char *path)
{
  REAL (unlink);
  crash_point ();
  return real_unlink (path);
}

int
rmdir (const char *path)
{
  REAL (rmdir);
  crash_point ();
  return real_rmdir (path);
}

int
mkdir (const char *path,
       mode_t      mode)
{
  REAL (mkdir);
  crash_point ();
  return real_mkdir (path, mode);
}

int
link (const char *from,
      const char *to)
{
  REAL (link);
  crash_point ();
  return real_link (from, to);
}

/* Runs @func in a child with the crash point at @n. TRUE when it was
 * killed there, FALSE when it got through (and succeeded). */
static gboolean
run_until_crash (int       n,
                 void    (*func) (gpointer),
                 gpointer  data)
{
  int status;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      crash_count = 0;
      crash_at = n;
      func (data);
      _exit (0);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (WIFSIGNALED (status))
    {
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      return TRUE;
    }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return FALSE;
}

/* Helpers */

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size;

  g_file_get_contents (from, &contents, &size, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (to, contents, size, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

/* A copy of a closed store's folder (its files). */
static void
copy_store (const char *from,
            const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (from, 0, &error);
  const char *name;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);

      copy_file (source, target);
    }
}

/* A store in @dir with one case for @client; its id in @out_id. */
static void
make_store (const char *dir,
            const char *client,
            gint64     *out_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_autoptr(McCase) kase = mc_case_new ();

  g_assert_no_error (error);
  mc_record_set_string (MC_RECORD (kase), "client-name", client);
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  if (out_id != NULL)
    *out_id = mc_record_get_id (MC_RECORD (kase));
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
}

/* The client of the one case in the store at @dir (which must open). */
static char *
dup_only_client (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (dir, PASSPHRASE, &error);
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(McCaseSummary) summary = NULL;
  char *client;

  g_assert_no_error (error);
  cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 1);
  summary = g_list_model_get_item (cases, 0);
  client = g_strdup (mc_case_summary_get_client_name (summary));
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  return client;
}

/* The names in @dir that hold @part. */
static guint
count_names (const char *dir,
             const char *part)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    if (strstr (name, part) != NULL)
      n++;
  return n;
}

/* The journal entries that name a temporary file; a hidden one, cut off
 * by a crash before it named any, is removed once it is a minute old. */
static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_prefix (name, "pending-output-"))
      n++;
  return n;
}

/* The path checks */

static void
assert_refused (const char        *path,
                McOutputFileFlags  flags)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (mc_output_file_check (path, flags, &error));
  g_assert_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED);
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-output-XXXXXX", &error);
  g_autofree char *store = g_build_filename (tmp, "store", NULL);
  g_autofree char *key = g_build_filename (store, "key", NULL);
  g_autofree char *db = g_build_filename (store, "cases.db", NULL);
  g_autofree char *inside = g_build_filename (store, "sub", "report.xml", NULL);
  g_autofree char *sub = g_build_filename (store, "sub", NULL);
  g_autofree char *key_copy = g_build_filename (tmp, "key-copy", NULL);
  g_autofree char *fifo = g_build_filename (tmp, "fifo", NULL);
  g_autofree char *to_dir = g_build_filename (tmp, "to-dir", NULL);
  g_autofree char *dangling = g_build_filename (tmp, "dangling", NULL);
  g_autofree char *ordinary = g_build_filename (tmp, "ordinary.pdf", NULL);
  g_autofree char *to_ordinary = g_build_filename (tmp, "to-ordinary.pdf", NULL);
  g_autofree char *fresh = g_build_filename (tmp, "fresh.pdf", NULL);
  g_autofree char *backup = g_build_filename (tmp, "store.mcbackup", NULL);
  g_autofree char *missing = g_build_filename (tmp, "no-folder", "x.pdf", NULL);
  g_autoptr(McStore) opened = NULL;

  g_assert_no_error (error);
  make_store (store, "Cliënt", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  copy_file (key, key_copy);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink (tmp, to_dir), ==, 0);
  g_assert_cmpint (symlink ("/nowhere/at/all", dangling), ==, 0);
  g_assert_true (g_file_set_contents (ordinary, "mine", -1, &error));
  g_assert_cmpint (symlink (ordinary, to_ordinary), ==, 0);

  g_assert_true (mc_output_file_is_store_dir (store));
  g_assert_false (mc_output_file_is_store_dir (tmp));

  assert_refused (key, MC_OUTPUT_FILE_REPLACE_BACKUP);
  assert_refused (db, MC_OUTPUT_FILE_REPLACE_BACKUP);
  assert_refused (inside, MC_OUTPUT_FILE_NONE);
  assert_refused (key_copy, MC_OUTPUT_FILE_REPLACE_BACKUP);
  assert_refused (fifo, MC_OUTPUT_FILE_NONE);
  assert_refused (tmp, MC_OUTPUT_FILE_NONE);
  assert_refused (to_dir, MC_OUTPUT_FILE_NONE);
  assert_refused (dangling, MC_OUTPUT_FILE_NONE);
  assert_refused ("/dev/null", MC_OUTPUT_FILE_NONE);
  assert_refused ("/dev/full", MC_OUTPUT_FILE_NONE);
  assert_refused ("", MC_OUTPUT_FILE_NONE);

  g_assert_true (mc_output_file_check (ordinary, MC_OUTPUT_FILE_NONE, &error));
  g_assert_true (mc_output_file_check (to_ordinary, MC_OUTPUT_FILE_NONE, &error));
  g_assert_true (mc_output_file_check (fresh, MC_OUTPUT_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_false (mc_output_file_check (missing, MC_OUTPUT_FILE_NONE, &error));
  g_assert_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_IO);
  g_clear_error (&error);

  /* A backup replaces a backup, an export never does; a backup never goes
   * into a store's folder. */
  opened = mc_store_open (store, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_backup (opened, backup, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_backup (opened, backup, &error));
  g_assert_no_error (error);
  assert_refused (backup, MC_OUTPUT_FILE_NONE);
  g_assert_false (mc_store_backup (opened, key, &error));
  g_assert_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (mc_store_backup (opened, inside, &error));
  g_assert_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (mc_store_close (opened, &error));

  /* The key file is as it was: the store opens. */
  g_free (dup_only_client (store));

  /* restore --into: not inside a store, not a file. */
  g_assert_false (mc_output_file_check_folder (sub, &error));
  g_assert_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (mc_output_file_check_folder (key, &error));
  g_assert_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (mc_store_restore (backup, sub, PASSPHRASE, FALSE, MC_RESTORE_REPLACE, &error));
  g_assert_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (mc_output_file_check_folder (store, &error));
  g_assert_no_error (error);

  mc_test_remove_tree (tmp);
}

/* Finding 3: an export whose audit row cannot be written (another process
 * holds the store's write lock) fails, and the user's file is untouched. */
static void
test_failed_audit_keeps_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-output-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "store", NULL);
  g_autofree char *precious = g_build_filename (tmp, "precious.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McReport) report = report_sample_full ();
  gint64 case_id = 0;
  int ready[2];
  int release[2];
  char byte = 0;
  int status;
  pid_t pid;

  g_assert_no_error (error);
  make_store (dir, "Cliënt", &case_id);
  g_assert_true (g_file_set_contents (precious, "precious", -1, &error));
  store = mc_store_open (dir, PASSPHRASE, &error);
  g_assert_no_error (error);

  g_assert_cmpint (pipe (ready), ==, 0);
  g_assert_cmpint (pipe (release), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(McStore) holder = mc_store_open (dir, PASSPHRASE, NULL);
      g_autoptr(McCase) kase = mc_case_new ();

      /* Holds the write lock until told. */
      mc_record_set_string (MC_RECORD (kase), "client-name", "Houder");
      if (holder == NULL || !mc_store_begin_batch (holder, NULL)
          || !mc_store_insert (holder, MC_RECORD (kase), NULL))
        _exit (2);
      if (write (ready[1], "r", 1) != 1 || read (release[0], &byte, 1) != 1)
        _exit (3);
      mc_store_rollback_batch (holder);
      _exit (0);
    }
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);

  g_assert_false (mc_report_export (store, report, case_id, "pdf", precious, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_cmpint (write (release[1], "g", 1), ==, 1);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

  contents = read_file (precious);
  g_assert_cmpstr (contents, ==, "precious");
  g_assert_cmpuint (count_names (tmp, "meldcode-tmp"), ==, 0);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  /* With the lock free it works, and replaces the file. */
  g_assert_true (mc_report_export (store, report, case_id, "pdf", precious, &error));
  g_assert_no_error (error);
  g_free (contents);
  contents = read_file (precious);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  g_assert_true (mc_store_close (store, &error));
  close (ready[0]);
  close (ready[1]);
  close (release[0]);
  close (release[1]);
  mc_test_remove_tree (tmp);
}

/* Finding 4: an export killed at every step. */

typedef struct
{
  const char *dir;
  const char *target;
  gint64      case_id;
} ExportRun;

static void
export_child (gpointer user_data)
{
  ExportRun *run = user_data;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McReport) report = report_sample_full ();

  /* Opening is not what is tested: the points count from the export. */
  crash_at = -crash_at;
  store = mc_store_open (run->dir, PASSPHRASE, NULL);
  crash_at = -crash_at;
  crash_count = 0;
  if (store == NULL || !mc_report_export (store, report, run->case_id, "xml", run->target, NULL))
    _exit (1);
  crash_at = 0;
  mc_store_close (store, NULL);
}

static guint
count_exports (const char *dir,
               gint64      case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (dir, PASSPHRASE, &error);
  g_autoptr(GPtrArray) history = NULL;
  guint n = 0;

  g_assert_no_error (error);
  history = mc_store_list_case_history (store, case_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    if (((McHistoryEntry *) g_ptr_array_index (history, i))->event == MC_AUDIT_EVENT_EXPORT)
      n++;
  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
  return n;
}

static void
test_export_crash_points (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-output-XXXXXX", &error);
  g_autofree char *pristine = g_build_filename (tmp, "pristine", NULL);
  g_autofree char *dir = g_build_filename (tmp, "store", NULL);
  g_autofree char *out = g_build_filename (tmp, "out", NULL);
  g_autofree char *target = g_build_filename (out, "report.xml", NULL);
  ExportRun run = { dir, target, 0 };
  guint n_old = 0;
  guint n_new = 0;
  int n;

  g_assert_no_error (error);
  make_store (pristine, "Cliënt", &run.case_id);
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);

  for (n = 1; n < MAX_CRASH_POINTS; n++)
    {
      g_autofree char *contents = NULL;
      gboolean killed;
      guint exports;

      mc_test_remove_tree (dir);
      copy_store (pristine, dir);
      g_assert_true (g_file_set_contents (target, "old", -1, &error));

      killed = run_until_crash (n, export_child, &run);

      /* The next start. */
      mc_store_recover (dir);
      g_assert_cmpuint (count_names (out, "meldcode-tmp"), ==, 0);
      g_assert_cmpuint (count_entries (dir), ==, 0);
      contents = read_file (target);
      exports = count_exports (dir, run.case_id);
      if (strcmp (contents, "old") == 0)
        n_old++;
      else
        {
          /* Whole, and never without its audit row. */
          g_assert_true (g_str_has_suffix (contents, "</report>\n"));
          g_assert_cmpuint (exports, ==, 1);
          n_new++;
        }
      if (!killed)
        break;
    }

  g_test_message ("Export: %d crash points, %u left the old file, %u the new one", n - 1, n_old, n_new);
  g_assert_cmpint (n, <, MAX_CRASH_POINTS);
  g_assert_cmpint (n, >, 5);
  g_assert_cmpuint (n_old, >, 0);
  g_assert_cmpuint (n_new, >, 0);
  mc_test_remove_tree (tmp);
}

/* Finding 5: restore --replace killed at every step. */

typedef struct
{
  const char *backup;
  const char *dir;
} RestoreRun;

static void
restore_child (gpointer user_data)
{
  RestoreRun *run = user_data;

  if (!mc_store_restore (run->backup, run->dir, PASSPHRASE, FALSE, MC_RESTORE_REPLACE, NULL))
    _exit (1);
}

static void
test_restore_crash_points (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-output-XXXXXX", &error);
  g_autofree char *source = g_build_filename (tmp, "source", NULL);
  g_autofree char *pristine = g_build_filename (tmp, "pristine", NULL);
  g_autofree char *dir = g_build_filename (tmp, "S", NULL);
  g_autofree char *backup = g_build_filename (tmp, "new.mcbackup", NULL);
  g_autoptr(McStore) store = NULL;
  RestoreRun run = { backup, dir };
  guint n_old = 0;
  guint n_new = 0;
  int n;

  g_assert_no_error (error);
  make_store (source, "Nieuw", NULL);
  store = mc_store_open (source, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_backup (store, backup, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
  make_store (pristine, "Oud", NULL);

  for (n = 1; n < MAX_CRASH_POINTS; n++)
    {
      g_autoptr(GDir) parent = NULL;
      g_autofree char *client = NULL;
      const char *name;
      gboolean killed;
      guint n_aside = 0;

      /* S is the old store again, and nothing else is beside it. */
      parent = g_dir_open (tmp, 0, &error);
      g_assert_no_error (error);
      while ((name = g_dir_read_name (parent)) != NULL)
        if (g_str_has_prefix (name, "S") || g_str_has_prefix (name, ".S"))
          {
            g_autofree char *path = g_build_filename (tmp, name, NULL);

            mc_test_remove_tree (path);
          }
      g_clear_pointer (&parent, g_dir_close);
      copy_store (pristine, dir);

      killed = run_until_crash (n, restore_child, &run);

      /* The next open finishes or rolls back, and S is a store. */
      client = dup_only_client (dir);
      g_assert_true (strcmp (client, "Oud") == 0 || strcmp (client, "Nieuw") == 0);
      g_assert_cmpuint (count_names (tmp, ".S.restore"), ==, 0);

      /* The old store is never lost: in S, or beside it. */
      parent = g_dir_open (tmp, 0, &error);
      while ((name = g_dir_read_name (parent)) != NULL)
        if (g_str_has_prefix (name, "S.replaced-"))
          {
            g_autofree char *aside = g_build_filename (tmp, name, NULL);
            g_autofree char *old = dup_only_client (aside);

            g_assert_cmpstr (old, ==, "Oud");
            n_aside++;
          }
      if (strcmp (client, "Oud") == 0)
        {
          g_assert_cmpuint (n_aside, ==, 0);
          n_old++;
        }
      else
        {
          g_assert_cmpuint (n_aside, ==, 1);
          n_new++;
        }

      if (!killed)
        {
          g_assert_cmpstr (client, ==, "Nieuw");
          break;
        }
    }

  g_test_message ("Restore: %d crash points, %u left the old store, %u the new one", n - 1, n_old, n_new);
  g_assert_cmpint (n, <, MAX_CRASH_POINTS);
  g_assert_cmpint (n, >, 5);
  g_assert_cmpuint (n_old, >, 0);
  g_assert_cmpuint (n_new, >, 1);
  mc_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/output-file/refused", test_refused);
  g_test_add_func ("/output-file/failed-audit-keeps-file", test_failed_audit_keeps_file);
  g_test_add_func ("/output-file/export-crash-points", test_export_crash_points);
  g_test_add_func ("/output-file/restore-crash-points", test_restore_crash_points);

  return g_test_run ();
}
