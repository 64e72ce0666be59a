/* test-store-guard.c: the store's key file from outside the database: the
 * anchor of the audit trail (rollback, a shortened chain), the modes of
 * the folder and files, a damaged key file, passphrases that are not text,
 * and passwd as one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mc-store.h"
#include "mc-store-private.h"
#include "mc-test-util.h"

#define PASSPHRASE  "Correct-Horse-Battery-42"
#define PASSPHRASE2 "Another-Staple-Lantern-77"
#define PASSPHRASE3 "Third-Window-Pebble-19"
#define KEY_FILE_SIZE 8192
#define COPY_SIZE     4096

typedef struct
{
  char *tmp;
  char *dir;
  char *recovery_key;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;

  fixture->tmp = g_dir_make_tmp ("meldcode-guard-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->dir = g_build_filename (fixture->tmp, "store", NULL);
  store = mc_store_create (fixture->dir, PASSPHRASE, MC_KDF_COST_TEST, &fixture->recovery_key, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
  g_free (fixture->dir);
  g_free (fixture->recovery_key);
}

static McStore *
open_ok (const char *dir,
         const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open (dir, passphrase, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
close_ok (McStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  g_object_unref (store);
}

static void
add_case (McStore    *store,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) kase = mc_case_new ();

  mc_record_set_string (MC_RECORD (kase), "client-name", name);
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (from, &contents, &size, &error));
  g_assert_true (g_file_set_contents_full (to, contents, size, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
}

static char *
store_file (const char *dir,
            const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static gboolean
has_notice (char       **notices,
            const char  *part)
{
  for (guint i = 0; notices[i] != NULL; i++)
    if (strstr (notices[i], part) != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_anchor_fails (McStore    *store,
                     const char *part)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (mc_store_verify_anchor (store, NULL, NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
  g_test_message ("verify: %s", error->message);
  g_assert_nonnull (strstr (error->message, part));
}

static gint64
count_audit_rows (McStore *store)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (mc_store_get_connection (store), "SELECT count(*) FROM audit_log",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* Every commit moves the anchor along: a new store has one, and it counts
 * every row of the trail. */
static void
test_anchored (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = store_file (fixture->dir, "key");
  McStore *store = open_ok (fixture->dir, PASSPHRASE);
  guint64 counter = 0, counter_after = 0;
  gint64 rows = 0;
  GStatBuf st;

  g_assert_no_errno (g_stat (key_path, &st));
  g_assert_cmpint (st.st_size, ==, KEY_FILE_SIZE);

  g_assert_true (mc_store_verify_anchor (store, &counter, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counter, >=, 2);
  g_assert_cmpint (rows, ==, count_audit_rows (store));

  add_case (store, "Anja de Vries");
  g_assert_true (mc_store_verify_anchor (store, &counter_after, &rows, &error));
  g_assert_cmpuint (counter_after, ==, counter + 1);
  g_assert_cmpint (rows, ==, count_audit_rows (store));
  close_ok (store);
}

/* The database copied back from an earlier state: the chain in it is
 * intact, the key file says it is older. Opening warns and still works. */
static void
test_rollback (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = store_file (fixture->dir, "cases.db");
  g_autofree char *early = g_build_filename (fixture->tmp, "early.db", NULL);
  g_auto(GStrv) notices = NULL;
  g_auto(GStrv) later_notices = NULL;
  gint64 bad_row = -1;
  McStore *store;

  store = open_ok (fixture->dir, PASSPHRASE);
  add_case (store, "Anja de Vries");
  close_ok (store);
  copy_file (db_path, early);

  store = open_ok (fixture->dir, PASSPHRASE);
  add_case (store, "Sem Jansen");
  add_case (store, "Noor Bakker");
  close_ok (store);

  copy_file (early, db_path);
  store = open_ok (fixture->dir, PASSPHRASE);
  notices = mc_store_take_notices (store);
  g_assert_true (has_notice (notices, "older than its key file"));
  g_assert_true (mc_store_verify_audit (store, &bad_row, &error));
  g_assert_no_error (error);
  assert_anchor_fails (store, "The database is older than its key file");
  close_ok (store);

  /* Work went on in the old copy (its unlocks and locks among it): the
   * anchor was not moved back along with it, and once the trail is as
   * long as the anchored one again, it differs at the anchored row. */
  store = open_ok (fixture->dir, PASSPHRASE);
  later_notices = mc_store_take_notices (store);
  g_assert_true (has_notice (later_notices, "older than its key file"));
  for (guint i = 0; i < 12; i++)
    add_case (store, "Later");
  assert_anchor_fails (store, "differs from the one the key file recorded");
  close_ok (store);
}

/* Someone with the raw key removes the newest rows, drops the triggers
 * that forbid it, and puts back the head of before: the chain checks out,
 * the anchor does not. */
static void
test_truncated_chain (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  McStore *store = open_ok (fixture->dir, PASSPHRASE);
  sqlite3 *db = mc_store_get_connection (store);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = NULL;
  gint64 last_id, row_count, bad_row = -1;
  g_autofree guint8 *last_hash = g_malloc (32);
  g_autofree guint8 *mac = g_malloc (32);

  add_case (store, "Anja de Vries");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT last_id, row_count, last_hash, mac FROM audit_head",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  last_id = sqlite3_column_int64 (stmt, 0);
  row_count = sqlite3_column_int64 (stmt, 1);
  memcpy (last_hash, sqlite3_column_blob (stmt, 2), 32);
  memcpy (mac, sqlite3_column_blob (stmt, 3), 32);
  sqlite3_finalize (stmt);

  add_case (store, "Sem Jansen");
  g_assert_true (mc_store_log_event (store, MC_AUDIT_EVENT_EXPORT, 0, "a report", &error));
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sql = g_strdup_printf ("DELETE FROM audit_log WHERE id > %" G_GINT64_FORMAT, last_id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE audit_head SET last_id = ?1, row_count = ?2, last_hash = ?3, mac = ?4",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, last_id);
  sqlite3_bind_int64 (stmt, 2, row_count);
  sqlite3_bind_blob (stmt, 3, last_hash, 32, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, mac, 32, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_true (mc_store_verify_audit (store, &bad_row, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad_row, ==, 0);
  assert_anchor_fails (store, "the newest entries of the audit trail were removed");
  close_ok (store);
}

/* Too open: made private, with a notice. Checked by the mode bits that
 * were set, so it holds when the test runs as root too. */
static void
test_modes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *key_path = store_file (fixture->dir, "key");
  g_autofree char *db_path = store_file (fixture->dir, "cases.db");
  g_auto(GStrv) notices = NULL;
  g_auto(GStrv) none = NULL;
  McStore *store;
  GStatBuf st;

  g_assert_no_errno (g_chmod (fixture->dir, 0755));
  g_assert_no_errno (g_chmod (key_path, 0644));
  g_assert_no_errno (g_chmod (db_path, 0640));

  store = open_ok (fixture->dir, PASSPHRASE);
  notices = mc_store_take_notices (store);
  g_assert_cmpuint (g_strv_length (notices), ==, 3);
  g_assert_true (has_notice (notices, "(mode 0755). Meldcode made it private (mode 0700)"));
  g_assert_true (has_notice (notices, "(mode 0644). Meldcode made it private (mode 0600)"));
  g_assert_true (has_notice (notices, "(mode 0640). Meldcode made it private (mode 0600)"));
  close_ok (store);

  g_assert_no_errno (g_stat (fixture->dir, &st));
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
  g_assert_no_errno (g_stat (key_path, &st));
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_no_errno (g_stat (db_path, &st));
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  store = open_ok (fixture->dir, PASSPHRASE);
  none = mc_store_take_notices (store);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  close_ok (store);
}

/* One flipped byte in the key file, in either copy: the passphrase and
 * the recovery key still open the store. The same byte in both copies is
 * damage, not a wrong passphrase. */
static void
test_damaged_key_file (Fixture       *fixture,
                       gconstpointer  data)
{
  static const gsize offsets[] = { 0, 7, 30, 100, 200, 4000 };
  g_autofree char *key_path = store_file (fixture->dir, "key");
  g_autofree char *original = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (key_path, &original, &size, NULL));
  g_assert_cmpuint (size, ==, KEY_FILE_SIZE);

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    for (guint copy = 0; copy < 2; copy++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *flipped = g_memdup2 (original, size);
        McStore *store;

        flipped[copy * COPY_SIZE + offsets[i]] ^= 0x10;
        g_assert_true (g_file_set_contents_full (key_path, flipped, size, G_FILE_SET_CONTENTS_NONE, 0600, &error));
        store = mc_store_open_with_recovery_key (fixture->dir, fixture->recovery_key, &error);
        g_assert_no_error (error);
        close_ok (store);
        store = open_ok (fixture->dir, PASSPHRASE);
        close_ok (store);
        g_clear_pointer (&original, g_free);
        /* The closes wrote the file again (the anchor), whole. */
        g_assert_true (g_file_get_contents (key_path, &original, &size, NULL));
      }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McStore) store = NULL;

    original[50] ^= 1;
    original[COPY_SIZE + 50] ^= 1;
    g_assert_true (g_file_set_contents_full (key_path, original, size, G_FILE_SET_CONTENTS_NONE, 0600, &error));
    store = mc_store_open (fixture->dir, PASSPHRASE, &error);
    g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "damaged"));
    g_assert_null (store);
  }
}

/* The release fixtures by the version of their key files. */
static const char * const version_1_fixtures[] = { "store-0.1.0", "store-0.2.0-sqlcipher4", NULL };
static const char * const version_2_fixtures[] = { "store-0.2.0", "store-0.2.1", "store-0.2.1-sqlcipher4", NULL };

/* The key files of Meldcode 0.1.0 and 0.2.0 (version 1) open; the first
 * write makes them version 2 with an anchor, and they open as before,
 * with the passphrase and with the recovery key. Those of the releases
 * since (version 2) open with their anchor as they were written. */
static void
test_release_fixtures (Fixture       *fixture,
                       gconstpointer  data)
{
  const char * const *fixtures = data;
  const goffset key_size = fixtures == version_1_fixtures ? 260 : KEY_FILE_SIZE;

  for (guint i = 0; fixtures[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *readme_path = g_test_build_filename (G_TEST_DIST, "fixtures", fixtures[i], "README.md", NULL);
      g_autofree char *readme = NULL;
      g_autofree char *dir = g_build_filename (fixture->tmp, fixtures[i], NULL);
      g_autofree char *key_path = store_file (dir, "key");
      g_autoptr(GRegex) passphrase_re = g_regex_new ("- passphrase: `([^`]+)`", 0, 0, NULL);
      g_autoptr(GRegex) recovery_re = g_regex_new ("- recovery key: `([^`]+)`", 0, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;
      g_autoptr(GMatchInfo) recovery_match = NULL;
      g_autofree char *passphrase = NULL;
      g_autofree char *recovery_key = NULL;
      guint64 counter = 0;
      McStore *store;
      GStatBuf st;

      g_assert_true (g_file_get_contents (readme_path, &readme, NULL, &error));
      g_assert_true (g_regex_match (passphrase_re, readme, 0, &match));
      passphrase = g_match_info_fetch (match, 1);
      g_assert_true (g_regex_match (recovery_re, readme, 0, &recovery_match));
      recovery_key = g_match_info_fetch (recovery_match, 1);

      g_assert_no_errno (g_mkdir (dir, 0700));
      for (guint f = 0; f < 2; f++)
        {
          const char *name = f == 0 ? "cases.db" : "key";
          g_autofree char *from = g_test_build_filename (G_TEST_DIST, "fixtures", fixtures[i], "store", name, NULL);
          g_autofree char *to = store_file (dir, name);

          copy_file (from, to);
        }
      g_assert_no_errno (g_stat (key_path, &st));
      g_assert_cmpint (st.st_size, ==, key_size);

      store = open_ok (dir, passphrase);
      g_assert_true (mc_store_verify_anchor (store, &counter, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (counter, >=, 1);
      close_ok (store);
      g_assert_no_errno (g_stat (key_path, &st));
      g_assert_cmpint (st.st_size, ==, KEY_FILE_SIZE);

      store = mc_store_open_with_recovery_key (dir, recovery_key, &error);
      g_assert_no_error (error);
      g_assert_true (mc_store_verify_anchor (store, NULL, NULL, &error));
      g_assert_no_error (error);
      close_ok (store);
      store = open_ok (dir, passphrase);
      close_ok (store);
    }
}

/* Not UTF-8: a clear error from every function that takes a passphrase,
 * never a crash or a critical. */
static void
test_passphrase_not_text (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (fixture->tmp, "store.mcbackup", NULL);
  g_autofree char *restored = g_build_filename (fixture->tmp, "restored", NULL);
  g_autofree char *other = g_build_filename (fixture->tmp, "other", NULL);
  g_autofree char *recovery_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) refused = NULL;
  McStore *store = open_ok (fixture->dir, PASSPHRASE);

  g_assert_true (mc_store_backup (store, backup, &error));
  g_assert_no_error (error);

  g_assert_false (mc_store_change_passphrase (store, "\xff\xfe-Passphrase-1", MC_KDF_COST_TEST, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WEAK_PASSPHRASE);
  g_clear_error (&error);
  close_ok (store);

  refused = mc_store_open (fixture->dir, "\xff\xfe", &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_assert_null (refused);
  g_clear_error (&error);

  refused = mc_store_open_with_recovery_key (fixture->dir, "\xff\xfe", &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_RECOVERY_KEY);
  g_clear_error (&error);

  g_assert_false (mc_store_check_passphrase (fixture->dir, "\xff\xfe", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  g_assert_false (mc_store_restore (backup, restored, "\xff\xfe", FALSE, MC_RESTORE_FLAGS_NONE, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
  g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  refused = mc_store_create (other, "Caf\xe9-met-appeltaart-1", MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WEAK_PASSPHRASE);
  g_assert_null (refused);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* Wrong in the last character only is wrong; the same text in another
 * Unicode normalization (NFC and NFD) is the same passphrase. */
static void
test_passphrase_last_character (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fixture->tmp, "other", NULL);
  g_autofree char *wrong = g_strdup (PASSPHRASE);
  g_autofree char *recovery_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) refused = NULL;
  McStore *store;

  wrong[strlen (wrong) - 1] = '3';
  refused = mc_store_open (fixture->dir, wrong, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  store = mc_store_create (other, "Cr\xc3\xa8me-br\xc3\xbbl\xc3\xa9" "e-42", MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  close_ok (store);
  store = open_ok (other, "Cre\xcc\x80me-bru\xcc\x82le\xcc\x81" "e-42");
  close_ok (store);
  refused = mc_store_open (other, "Cr\xc3\xa8me-br\xc3\xbbl\xc3\xa9" "e-43", &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
}

/* Two passwd on one store at once: one wins, the other is refused with
 * LOCKED, and only the winner's passphrase (and the recovery key) opens. */
static void
test_concurrent_passwd (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) refused = NULL;
  McStore *first = open_ok (fixture->dir, PASSPHRASE);
  McStore *second = open_ok (fixture->dir, PASSPHRASE);
  McStore *store;

  g_assert_true (mc_store_change_passphrase (first, PASSPHRASE2, MC_KDF_COST_TEST, &error));
  g_assert_no_error (error);
  g_assert_false (mc_store_change_passphrase (second, PASSPHRASE3, MC_KDF_COST_TEST, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  close_ok (first);
  close_ok (second);

  store = open_ok (fixture->dir, PASSPHRASE2);
  close_ok (store);
  refused = mc_store_open (fixture->dir, PASSPHRASE3, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  store = mc_store_open_with_recovery_key (fixture->dir, fixture->recovery_key, &error);
  g_assert_no_error (error);
  close_ok (store);
}

/* A full disk, as a file size limit in a child: what passwd reports is
 * what happened. With the key file's write failing nothing changed; with
 * only the audit row failing the passphrase is changed, and says so. */
static int
passwd_with_file_limit (const char *dir,
                        rlim_t      limit)
{
  int status = 0;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GError *error = NULL;
      struct rlimit rl;
      McStore *store;
      gboolean ok;
      char **notices;

      signal (SIGXFSZ, SIG_IGN);
      store = mc_store_open (dir, PASSPHRASE, &error);
      if (store == NULL)
        _exit (10);
      /* The write-ahead log grows past the limit below. */
      for (guint i = 0; i < 12; i++)
        if (!mc_store_log_event (store, MC_AUDIT_EVENT_EXPORT, 0, "a report", NULL))
          _exit (11);
      g_strfreev (mc_store_take_notices (store));
      if (getrlimit (RLIMIT_FSIZE, &rl) != 0)
        _exit (12);
      rl.rlim_cur = limit;
      if (setrlimit (RLIMIT_FSIZE, &rl) != 0)
        _exit (13);

      ok = mc_store_change_passphrase (store, PASSPHRASE2, MC_KDF_COST_TEST, &error);
      notices = mc_store_take_notices (store);
      if (ok)
        _exit (has_notice (notices, "could not record the change of passphrase") ? 0 : 14);
      _exit (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_IO) ? 1 : 15);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_passwd_full_disk (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) refused = NULL;
  McStore *store;

  /* Less than a key file: refused, and the old passphrase opens. */
  g_assert_cmpint (passwd_with_file_limit (fixture->dir, 4096), ==, 1);
  store = open_ok (fixture->dir, PASSPHRASE);
  close_ok (store);

  /* Room for the key file, not for the log's next page: changed. */
  g_assert_cmpint (passwd_with_file_limit (fixture->dir, KEY_FILE_SIZE), ==, 0);
  store = open_ok (fixture->dir, PASSPHRASE2);
  close_ok (store);
  refused = mc_store_open (fixture->dir, PASSPHRASE, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
}

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/store-guard/anchored", test_anchored);
  ADD ("/store-guard/rollback", test_rollback);
  ADD ("/store-guard/truncated-chain", test_truncated_chain);
  ADD ("/store-guard/modes", test_modes);
  ADD ("/store-guard/damaged-key-file", test_damaged_key_file);
  g_test_add ("/store-guard/version-1-fixtures", Fixture, version_1_fixtures,
              fixture_set_up, test_release_fixtures, fixture_tear_down);
  g_test_add ("/store-guard/version-2-fixtures", Fixture, version_2_fixtures,
              fixture_set_up, test_release_fixtures, fixture_tear_down);
  ADD ("/store-guard/passphrase-not-text", test_passphrase_not_text);
  ADD ("/store-guard/passphrase-last-character", test_passphrase_last_character);
  ADD ("/store-guard/concurrent-passwd", test_concurrent_passwd);
  ADD ("/store-guard/passwd-full-disk", test_passwd_full_disk);

  return g_test_run ();
}
