/* test-store-migrate.c: a migration that fails says what is true
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening a store of an earlier schema migrates it. A step that fails is
 * rolled back, so the store is unchanged at its version; that is damage
 * only when the store is damaged. Both are made here from a copy of the
 * 0.2.0 fixture (schema 9; the fixture itself is never changed), whose
 * migration to schema 10 builds an index over the cases table:
 *
 * - an object in the way that Meldcode did not make (an index or a table
 *   named cases_list, made by hand with the store's key): not damage
 *   (MC_STORE_ERROR_NOT_MIGRATED, meldcode-cli's exit status 4), and the
 *   store is as it was: schema 9, the object still there, the database
 *   file byte for byte, every case readable once the object is gone;
 * - a page of the cases table damaged (not page 1: the migration is the
 *   first to read it): damage (MC_STORE_ERROR_CORRUPT, exit status 5);
 * - both: the migration fails on the object, and the full check after the
 *   rollback finds the damage: damage.
 *
 * SQLCipher 3.4.1 reports a page that fails its HMAC check as a plain
 * SQLITE_ERROR, as it reports the object in the way; 4.9 as SQLITE_CORRUPT.
 * build-aux/dev runs this test on both (test --sqlcipher4).
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "mc-case.h"
#include "mc-key-file.h"
#include "mc-store.h"
#include "mc-store-cipher.h"
#include "mc-store-private.h"
#include "mc-store-schema.h"
#include "mc-test-util.h"

#define FIXTURE "store-0.2.0"
#define PASSPHRASE "Fixture-Store-0.2.0-Pass"
#define FIXTURE_VERSION 9
#define FIXTURE_CASES 4
/* SQLCipher 3's default, which the store keeps. */
#define PAGE_SIZE 1024

typedef struct
{
  char *tmp;
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = g_test_build_filename (G_TEST_DIST, "fixtures", FIXTURE, "store", NULL);

  fixture->tmp = g_dir_make_tmp ("meldcode-migrate-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->dir = g_build_filename (fixture->tmp, "store", NULL);

  /* Tests work on copies of the fixture. */
  g_assert_cmpint (g_mkdir (fixture->dir, 0700), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "cases.db" : "key";
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize size = 0;

      g_assert_true (g_file_get_contents (source, &contents, &size, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents_full (target, contents, size, G_FILE_SET_CONTENTS_NONE,
                                               0600, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
  g_free (fixture->dir);
}

/* The store's database opened by hand with its key, as someone with
 * sqlcipher and the key would: no Meldcode, no migration. */
static sqlite3 *
open_raw (const char *dir)
{
  return mc_test_open_raw (dir, PASSPHRASE, MC_TEST_RAW_NONE);
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static GBytes *
read_database (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "cases.db", NULL);
  char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, size);
}

/* meldcode-cli @command on @dir with the fixture's passphrase on standard
 * input, in @language ("en" or "nl"); its exit status, and what it said
 * on standard error in *@err. */
static int
run_cli (const char  *dir,
         const char  *command,
         const char  *language,
         char       **err)
{
  const char *cli = g_getenv ("MC_CLI");
  const char *argv[] = { cli, "--store", dir, command, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *out = NULL;

  g_assert_nonnull (cli);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "LC_MESSAGES");
  if (g_strcmp0 (language, "nl") == 0)
    {
      g_subprocess_launcher_setenv (launcher, "LANGUAGE", "nl", TRUE);
      g_subprocess_launcher_setenv (launcher, "LANG", "nl_NL.UTF-8", TRUE);
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "nl_NL.UTF-8", TRUE);
    }
  else
    {
      g_subprocess_launcher_setenv (launcher, "LANG", "C.UTF-8", TRUE);
      g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
      g_subprocess_launcher_unsetenv (launcher, "LC_ALL");
    }
  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (child, PASSPHRASE "\n", NULL, &out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_test_message ("meldcode-cli %s (%s): %d: %s", command, language,
                  g_subprocess_get_exit_status (child), *err);
  return g_subprocess_get_exit_status (child);
}

/* Each object in the way of schema 10's CREATE INDEX cases_list, as
 * someone might have made it by hand. */
static const struct
{
  const char *sql;
  const char *type;
  const char *reason;  /* SQLite's words, which the message passes on */
} in_the_way[] = {
  { "CREATE INDEX cases_list ON cases (number)", "index", "index cases_list already exists" },
  { "CREATE TABLE cases_list (note TEXT)", "table", "there is already a table named cases_list" },
};

static void
test_object_in_the_way (Fixture       *fixture,
                        gconstpointer  data)
{
  guint which = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  db = open_raw (fixture->dir);
  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, FIXTURE_VERSION);
  mc_test_raw_exec (db, in_the_way[which].sql);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  before = read_database (fixture->dir);

  /* Not damage, and it says why and what to do. */
  store = mc_store_open (fixture->dir, PASSPHRASE, &error);
  g_assert_null (store);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_MIGRATED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "could not be brought up to date"));
  g_assert_nonnull (strstr (error->message, "store version 9 to 10"));
  g_assert_nonnull (strstr (error->message, in_the_way[which].reason));
  g_assert_nonnull (strstr (error->message, "not damaged"));
  g_assert_null (strstr (error->message, "backup"));
  g_clear_error (&error);

  /* Nothing was changed: the file byte for byte, schema 9, the object as
   * it was made; the database passes the full check. */
  after = read_database (fixture->dir);
  g_assert_true (g_bytes_equal (before, after));
  db = open_raw (fixture->dir);
  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, FIXTURE_VERSION);
  sql = raw_text (db, "SELECT sql FROM sqlite_master WHERE name = 'cases_list'");
  g_assert_cmpstr (sql, ==, in_the_way[which].sql);
  g_clear_pointer (&sql, g_free);
  sql = raw_text (db, "SELECT type FROM sqlite_master WHERE name = 'cases_list'");
  g_assert_cmpstr (sql, ==, in_the_way[which].type);
  g_clear_pointer (&sql, g_free);
  sql = raw_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (sql, ==, "ok");
  g_clear_pointer (&sql, g_free);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM cases"), ==, FIXTURE_CASES);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  /* meldcode-cli: exit status 4 (README, "Exit status"), the same
   * message, in Dutch too; still nothing changed. */
  g_assert_cmpint (run_cli (fixture->dir, "list", "en", &err), ==, 4);
  g_assert_nonnull (strstr (err, "could not be brought up to date for this version of Meldcode"));
  g_assert_nonnull (strstr (err, in_the_way[which].reason));
  g_assert_null (strstr (err, "damaged."));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture->dir, "verify", "nl", &err), ==, 4);
  g_assert_nonnull (strstr (err, "kon niet worden bijgewerkt"));
  /* SQLite's reason stays in English, and says so. */
  g_assert_nonnull (strstr (err, "Engelstalige melding van SQLite voor uw applicatiebeheerder"));
  g_assert_nonnull (strstr (err, in_the_way[which].reason));
  g_assert_nonnull (strstr (err, "niet beschadigd"));
  g_assert_nonnull (strstr (err, "applicatiebeheerder"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&after, g_bytes_unref);
  after = read_database (fixture->dir);
  g_assert_true (g_bytes_equal (before, after));

  /* Once the object is out of the way, the store opens, migrates and
   * every case reads. */
  db = open_raw (fixture->dir);
  sql = g_strdup_printf ("DROP %s cases_list", in_the_way[which].type);
  mc_test_raw_exec (db, sql);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  store = mc_store_open (fixture->dir, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_test_raw_int (mc_store_get_connection (store), "PRAGMA user_version"),
                   ==, MC_STORE_SCHEMA_VERSION);
  for (gint64 id = 1; id <= FIXTURE_CASES; id++)
    {
      g_autoptr(McCase) kase = mc_store_load_case (store, id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (mc_record_get_string (MC_RECORD (kase), "client-name"), !=, "");
    }
  g_assert_true (mc_store_integrity_check (store, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
}

/* Flips bytes in the middle of page @page of the database, so the page
 * fails its HMAC check when it is read. */
static void
damage_page (const char *dir,
             gint64      page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "cases.db", NULL);
  g_autofree char *contents = NULL;
  gsize size = 0;
  gsize offset = (gsize) (page - 1) * PAGE_SIZE + PAGE_SIZE / 2;

  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (offset + 8, <, size);
  for (guint i = 0; i < 8; i++)
    contents[offset + i] ^= 0x5a;
  g_assert_true (g_file_set_contents_full (path, contents, size, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
}

static void
test_damaged_page (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *err = NULL;
  g_autofree char *copy = g_build_filename (fixture->tmp, "copy", NULL);
  gint64 page;
  sqlite3 *db;

  /* The cases table's root page: schema 10's index reads it first. */
  db = open_raw (fixture->dir);
  page = mc_test_raw_int (db, "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'cases'");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_test_message ("damaging page %" G_GINT64_FORMAT, page);
  g_assert_cmpint (page, >, 1);
  damage_page (fixture->dir, page);

  store = mc_store_open (fixture->dir, PASSPHRASE, &error);
  g_assert_null (store);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);

  g_assert_cmpint (run_cli (fixture->dir, "list", "en", &err), ==, 5);
  g_assert_nonnull (strstr (err, "The case store is damaged."));
}

/* An object in the way and a damaged page: the migration fails on the
 * object (a plain SQLITE_ERROR, before it reads the table), and the full
 * check after the rollback finds the damage. Damage it is, on either
 * library: without the check this would be "not damaged". */
static void
test_in_the_way_and_damaged (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *err = NULL;
  gint64 page;
  sqlite3 *db;

  db = open_raw (fixture->dir);
  mc_test_raw_exec (db, in_the_way[0].sql);
  page = mc_test_raw_int (db, "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'cases'");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_cmpint (page, >, 1);
  damage_page (fixture->dir, page);

  store = mc_store_open (fixture->dir, PASSPHRASE, &error);
  g_assert_null (store);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  g_assert_cmpint (run_cli (fixture->dir, "list", "en", &err), ==, 5);
  g_assert_nonnull (strstr (err, "The case store is damaged."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define add(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  add ("/store-migrate/index-in-the-way", GUINT_TO_POINTER (0), test_object_in_the_way);
  add ("/store-migrate/table-in-the-way", GUINT_TO_POINTER (1), test_object_in_the_way);
  add ("/store-migrate/damaged-page", NULL, test_damaged_page);
  add ("/store-migrate/in-the-way-and-damaged", NULL, test_in_the_way_and_damaged);

#undef add

  return g_test_run ();
}
