/* test-store-format.c: one file format across SQLCipher 3.4.1 and 4.x
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on whichever SQLCipher the program is linked with at run time:
 * build-aux/dev runs it on Debian 12's 3.4.1 and, with --sqlcipher4, on
 * 4.9.0 (MC_EXPECT_SQLCIPHER then names the version it must be). The
 * cross-version matrix itself is check-sqlcipher-cross.sh.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "mc-case-rows.h"
#include "mc-case-summary.h"
#include "mc-store.h"
#include "mc-store-cipher.h"
#include "mc-store-private.h"
#include "mc-store-retention.h"
#include "mc-store-schema.h"
#include "mc-store-transfer.h"
#include "mc-test-case-rows.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("meldcode-format-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  mc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

static McStore *
create_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  McStore *store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static McCase *
add_case (McStore    *store,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  McCase *kase = mc_case_new ();

  mc_record_set_string (MC_RECORD (kase), "client-name", name);
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  return kase;
}

static guint
count_cases (McStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (cases);
}

/* The library at run time is the one this run is meant for. */
static void
test_library (void)
{
  const char *expected = g_getenv ("MC_EXPECT_SQLCIPHER");
  g_autofree char *version = mc_store_cipher_get_library_version ();

  g_test_message ("SQLCipher %s", version);
  g_assert_cmpstr (version, !=, "");
  if (expected != NULL && *expected != '\0')
    g_assert_true (g_str_has_prefix (version, expected));
  g_assert_cmpint (mc_store_cipher_library_is_4 (), ==, g_ascii_strtoull (version, NULL, 10) >= 4);
}

/* Every setting the design relies on, read back from the store's own
 * connection: the cipher format and the durability settings. */
static void
test_live_connection (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(McStore) store = create_store (fixture->dir);
  sqlite3 *db = mc_store_get_connection (store);
  g_autofree char *synchronous = query_text (db, "PRAGMA synchronous");
  g_autofree char *journal_mode = query_text (db, "PRAGMA journal_mode");
  g_autofree char *foreign_keys = query_text (db, "PRAGMA foreign_keys");
  g_autofree char *secure_delete = query_text (db, "PRAGMA secure_delete");
  g_autofree char *temp_store = query_text (db, "PRAGMA temp_store");
  g_autofree char *page_size = query_text (db, "PRAGMA cipher_page_size");

  g_assert_true (mc_store_cipher_check_settings (db, "main"));
  g_assert_cmpstr (page_size, ==, "1024");
  g_assert_cmpstr (synchronous, ==, "2");   /* FULL */
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpstr (foreign_keys, ==, "1");
  g_assert_cmpstr (secure_delete, ==, "1");
  g_assert_cmpstr (temp_store, ==, "2");    /* MEMORY */
}

/* Opens @db_path with the data key and nothing but SQLCipher 3's own
 * defaults: what 3.4.1 does, and what 4.x does in compatibility mode 3. */
static void
assert_reads_as_sqlcipher_3 (const char     *db_path,
                             const McSecret *data_key)
{
  g_autoptr(McSecret) key_text = mc_secret_to_sqlcipher_key (data_key);
  g_autofree char *count = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_key_v2 (db, "main", mc_secret_get_data (key_text),
                                   (int) mc_secret_get_size (key_text)), ==, SQLITE_OK);
  /* Ignored by 3.4.1, whose defaults are version 3's. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA cipher_compatibility = 3", NULL, NULL, NULL), ==, SQLITE_OK);
  count = query_text (db, "SELECT count(*) FROM sqlite_master");
  g_assert_nonnull (count);
  g_assert_cmpint (g_ascii_strtoll (count, NULL, 10), >, 0);
  sqlite3_close (db);
}

static McSecret *
store_data_key (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = g_build_filename (dir, "key", NULL);
  g_autoptr(McKeyFile) key_file = mc_key_file_load (key_path, &error);
  McSecret *data_key;

  g_assert_no_error (error);
  data_key = mc_key_file_unwrap_passphrase (key_file, PASSPHRASE, &error);
  g_assert_no_error (error);
  return data_key;
}

/* The store and the database inside a backup (written by
 * sqlcipher_export() into an attached database) both have the format,
 * whatever this library's defaults are. */
static void
test_written_format (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_dir = g_build_filename (fixture->dir, "store", NULL);
  g_autofree char *backup = g_build_filename (fixture->dir, "store.mcbackup", NULL);
  g_autofree char *restored = g_build_filename (fixture->dir, "restored", NULL);
  g_autofree char *db_path = g_build_filename (store_dir, "cases.db", NULL);
  g_autofree char *restored_db = g_build_filename (restored, "cases.db", NULL);
  g_autoptr(McSecret) data_key = NULL;
  g_autoptr(McStore) store = create_store (store_dir);
  g_autoptr(McCase) kase = add_case (store, "Anja de Vries");
  GStatBuf st;

  g_assert_true (mc_store_backup (store, backup, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);

  data_key = store_data_key (store_dir);
  assert_reads_as_sqlcipher_3 (db_path, data_key);
  g_assert_cmpint (g_stat (db_path, &st), ==, 0);
  g_assert_cmpint (st.st_size % 1024, ==, 0);

  g_assert_true (mc_store_restore (backup, restored, PASSPHRASE, FALSE, MC_RESTORE_FLAGS_NONE, &error));
  g_assert_no_error (error);
  /* restore writes the backup's database as it is before it opens it. */
  assert_reads_as_sqlcipher_3 (restored_db, data_key);
}

/* The fixture stores of every release: open with the passphrase and the
 * recovery key, verify, list, read a case, write, and restore the backup. */
static char *
readme_value (const char *readme,
              const char *label)
{
  g_autofree char *prefix = g_strdup_printf ("- %s: `", label);
  const char *start = strstr (readme, prefix);
  const char *end;

  g_assert_nonnull (start);
  start += strlen (prefix);
  end = strchr (start, '`');
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (from, &contents, &size, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents_full (to, contents, size, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
}

/* The store of the fixture in @fixture_dir (its database and key file),
 * copied into @store_dir: tests work on copies. */
static void
copy_fixture_store (const char *fixture_dir,
                    const char *store_dir)
{
  g_assert_cmpint (g_mkdir_with_parents (store_dir, 0700), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "cases.db" : "key";
      g_autofree char *from = g_build_filename (fixture_dir, "store", name, NULL);
      g_autofree char *to = g_build_filename (store_dir, name, NULL);

      copy_file (from, to);
    }
}

/* An old store opened is at the current schema, with the list's index
 * (schema 10), and lists as before: the rows the index gives
 * (mc_store_read_case_list(), meldcode-cli list) are those the table
 * gives (mc_store_list_cases()), in the order of updated_at and id read
 * without an index. */
static void
assert_list_as_before (McStore *store)
{
  const McCaseFilter filters[] = { MC_CASE_FILTER_ALL, MC_CASE_FILTER_OPEN, MC_CASE_FILTER_CLOSED };
  sqlite3 *db = mc_store_get_connection (store);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McCaseRows) all = NULL;
  guint n = 0;

  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, MC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'cases_list'"), ==, 1);

  all = mc_store_read_case_list (store, MC_CASE_FILTER_ALL, NULL, MC_CASE_ROWS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM cases NOT INDEXED ORDER BY updated_at DESC, id DESC",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpuint (n, <, mc_case_rows_get_n_rows (all));
      g_assert_cmpint (mc_case_rows_get_row (all, n)->id, ==, sqlite3_column_int64 (stmt, 0));
      n++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n, ==, mc_case_rows_get_n_rows (all));
  g_assert_cmpuint (n, >=, 1);

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autoptr(GListModel) cases = mc_store_list_cases (store, filters[f], NULL, &error);
      g_autoptr(McCaseRows) rows = NULL;

      g_assert_no_error (error);
      rows = mc_store_read_case_list (store, filters[f], NULL, MC_CASE_ROWS_READ_ONCE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (mc_case_rows_get_n_rows (rows), ==, g_list_model_get_n_items (cases));
      for (guint i = 0; i < mc_case_rows_get_n_rows (rows); i++)
        {
          g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, i);
          const McCaseSummaryFields *row = mc_case_rows_get_row (rows, i);

          mc_test_assert_row_is_summary (row, summary);
        }
    }
}

static void
check_fixture (const char *fixture_dir,
               const char *work)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *readme_path = g_build_filename (fixture_dir, "README.md", NULL);
  g_autofree char *readme = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *store_dir = g_build_filename (work, "store", NULL);
  g_autofree char *backup = g_build_filename (fixture_dir, "backup.mcbackup", NULL);
  g_autofree char *restored = g_build_filename (work, "restored", NULL);
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCase) first = NULL;
  g_autoptr(McCase) added = NULL;
  gint64 bad_row = 0;
  guint n_cases;

  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, &error));
  g_assert_no_error (error);
  passphrase = readme_value (readme, "passphrase");
  recovery_key = readme_value (readme, "recovery key");

  copy_fixture_store (fixture_dir, store_dir);

  /* A wrong passphrase, one character off at the end, stays wrong. */
  {
    g_autofree char *wrong = g_strdup (passphrase);

    wrong[strlen (wrong) - 1] ^= 1;
    g_assert_null (mc_store_open (store_dir, wrong, &error));
    g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
    g_clear_error (&error);
  }

  store = mc_store_open (store_dir, passphrase, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_integrity_check (store, &error));
  g_assert_no_error (error);
  assert_list_as_before (store);
  g_assert_true (mc_store_verify_audit (store, &bad_row, &error));
  g_assert_no_error (error);
  n_cases = count_cases (store);
  g_assert_cmpuint (n_cases, >=, 1);
  first = mc_store_load_case (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (first), "client-name"), !=, "");

  added = add_case (store, "Sem Jansen");
  mc_record_set_string (MC_RECORD (first), "client-number", "CL-0001");
  g_assert_true (mc_store_update_field (store, MC_RECORD (first), "client-number", &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  store = mc_store_open_with_recovery_key (store_dir, recovery_key, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_cases (store), ==, n_cases + 1);
  g_clear_object (&first);
  first = mc_store_load_case (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (first), "client-number"), ==, "CL-0001");
  g_assert_true (mc_store_verify_audit (store, &bad_row, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  if (g_file_test (backup, G_FILE_TEST_EXISTS))
    {
      g_assert_true (mc_store_restore (backup, restored, passphrase, FALSE, MC_RESTORE_FLAGS_NONE, &error));
      g_assert_no_error (error);
      store = mc_store_open (restored, passphrase, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (count_cases (store), ==, n_cases);
      g_assert_true (mc_store_verify_audit (store, &bad_row, &error));
      g_assert_no_error (error);
    }
}

static void
test_fixtures (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "fixtures", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (fixtures, 0, &error);
  const char *name;
  guint n_fixtures = 0;

  /* Every release's, each with its backup: one missing fails. */
  static const char * const releases[] = {
    "store-0.1.0", "store-0.2.0-sqlcipher4", "store-0.2.0", "store-0.2.1", "store-0.2.1-sqlcipher4", NULL
  };
  guint n_releases = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *work = NULL;

      if (!g_str_has_prefix (name, "store-"))
        continue;
      g_test_message ("fixture %s", name);
      path = g_build_filename (fixtures, name, NULL);
      work = g_build_filename (fixture->dir, name, NULL);
      check_fixture (path, work);
      n_fixtures++;
      if (g_strv_contains (releases, name))
        n_releases++;
    }

  for (guint i = 0; releases[i] != NULL; i++)
    {
      g_autofree char *backup = g_build_filename (fixtures, releases[i], "backup.mcbackup", NULL);

      g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_cmpuint (n_releases, ==, g_strv_length ((char **) releases));
  g_assert_cmpuint (n_fixtures, >=, n_releases);
}

/* The releases since 0.2.0 (see each fixture's README): the store as it
 * was written (the schema version read before Meldcode opens it), and
 * the order in which that release's meldcode-cli listed the cases. */
typedef struct
{
  const char *name;
  gint64      schema;
  gint64      ids[4];
  const char *updated_at;   /* of the first case listed */
} ReleaseFixture;

static const ReleaseFixture fixture_0_2_0 = {
  "store-0.2.0", 9, { 2, 4, 3, 1 }, "2026-12-03T19:13:30Z",
};
/* Cases 4 and 2 changed in the same second: the higher ID first. */
static const ReleaseFixture fixture_0_2_1 = {
  "store-0.2.1", 10, { 4, 2, 3, 1 }, "2026-12-04T10:40:00Z",
};
static const ReleaseFixture fixture_0_2_1_sqlcipher4 = {
  "store-0.2.1-sqlcipher4", 10, { 2, 4, 3, 1 }, "2026-12-04T10:40:20Z",
};

/* The schema version of the store in @store_dir, read from its database
 * with the key and nothing else: no migration runs. */
static gint64
raw_schema_version (const char *store_dir,
                    const char *passphrase)
{
  sqlite3 *db = mc_test_open_raw (store_dir, passphrase, MC_TEST_RAW_NONE);
  gint64 version = mc_test_raw_int (db, "PRAGMA user_version");

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return version;
}

/* What 0.2.0 wrote beyond 0.1.0's tables reads back as it was made, in
 * the store of 0.2.0 and in those of every release since, made by the
 * same commands: the retention period in the store's settings (schema 7),
 * a received case with its origin and its sender's history (schema 8),
 * and the columns of Veilig Thuis's form (schema 9). */
static void
test_release_fixture (Fixture       *fixture,
                      gconstpointer  data)
{
  const ReleaseFixture *release = data;
  g_autofree char *fixture_dir = g_test_build_filename (G_TEST_DIST, "fixtures", release->name, NULL);
  g_autofree char *readme_path = g_build_filename (fixture_dir, "README.md", NULL);
  g_autofree char *store_dir = g_build_filename (fixture->dir, release->name, NULL);
  g_autofree char *readme = NULL;
  g_autofree char *passphrase = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCase) closed = NULL;
  g_autoptr(McCase) received = NULL;
  g_autoptr(GPtrArray) history = NULL;
  McRetentionPolicy policy;
  gboolean from_store = FALSE;
  sqlite3_stmt *stmt = NULL;

  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, &error));
  g_assert_no_error (error);
  passphrase = readme_value (readme, "passphrase");
  copy_fixture_store (fixture_dir, store_dir);
  g_assert_cmpint (raw_schema_version (store_dir, passphrase), ==, release->schema);

  store = mc_store_open (store_dir, passphrase, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_cases (store), ==, 4);

  /* The list the release's meldcode-cli printed, now from the index of
   * schema 10: the most recently changed first. */
  {
    g_autoptr(McCaseRows) rows = mc_store_read_case_list (store, MC_CASE_FILTER_ALL, NULL,
                                                          MC_CASE_ROWS_READ_ONCE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (mc_case_rows_get_n_rows (rows), ==, G_N_ELEMENTS (release->ids));
    for (guint i = 0; i < G_N_ELEMENTS (release->ids); i++)
      {
        const McCaseSummaryFields *row = mc_case_rows_get_row (rows, i);

        g_assert_cmpint (row->id, ==, release->ids[i]);
        if (row->id == 2)
          {
            g_assert_cmpstr (row->status, ==, "closed");
            g_assert_cmpstr (row->close_reason, ==, "other");
          }
      }
    g_assert_cmpstr (mc_case_rows_get_row (rows, 0)->updated_at, ==, release->updated_at);
    g_assert_cmpstr (mc_case_rows_get_row (rows, 3)->client_name, ==, "Anja de Vries");
    g_assert_cmpstr (mc_case_rows_get_row (rows, 3)->status, ==, "open");
    g_assert_cmpuint (mc_case_rows_get_row (rows, 3)->step, ==, 5);
    g_assert_cmpstr (mc_case_rows_get_row (rows, 3)->next_due, ==, "2026-12-01");
  }

  g_assert_true (mc_store_get_retention_policy (store, NULL, &policy, &from_store, &error));
  g_assert_no_error (error);
  g_assert_true (from_store);
  g_assert_cmpuint (policy.years, ==, 20);
  g_assert_cmpint (policy.start, ==, MC_RETENTION_FROM_CLOSING);

  closed = mc_store_load_case (store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (closed), "status"), ==, "closed");

  received = mc_store_load_case (store, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (received), "client-name"), ==, "Sem Jansen");
  history = mc_store_list_received_history (store, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >, 0);

  /* Case 3's people have the form's addresses and gezag. */
  g_assert_cmpint (sqlite3_prepare_v2 (mc_store_get_connection (store),
                                       "SELECT count(*) FROM people WHERE case_id = 3"
                                       " AND address IS NOT NULL AND gezag IS NOT NULL",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), >, 0);
  sqlite3_finalize (stmt);

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
}

/* Writes the store's database again under @settings_sql instead of
 * Meldcode's settings: what another program or library default makes. */
static void
rewrite_with_settings (const char *dir,
                       const char *settings_sql)
{
  g_autoptr(McSecret) data_key = store_data_key (dir);
  g_autoptr(McSecret) key_text = mc_secret_to_sqlcipher_key (data_key);
  g_autofree char *db_path = g_build_filename (dir, "cases.db", NULL);
  g_autofree char *other_path = g_build_filename (dir, "other.db", NULL);
  g_autofree char *attach = g_strdup_printf ("ATTACH DATABASE '%s' AS other KEY \"%s\"",
                                             other_path, (const char *) mc_secret_get_data (key_text));
  sqlite3 *db = NULL;

  /* The store's connections never create files: neither does ATTACH. */
  g_assert_true (g_file_set_contents (other_path, "", 0, NULL));
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (mc_store_cipher_key (db, "main", data_key), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, attach, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, settings_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "SELECT sqlcipher_export('other'); DETACH DATABASE other", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_cmpint (g_rename (other_path, db_path), ==, 0);
}

static void
assert_open_fails (const char *dir,
                   gint        code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (dir, PASSPHRASE, &error);

  g_assert_null (store);
  g_assert_error (error, MC_STORE_ERROR, code);
  g_test_message ("%s", error->message);
}

/* Other cipher settings are told apart from damage; damage stays damage. */
static void
test_foreign_settings (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *page_4096 = g_build_filename (fixture->dir, "page-4096", NULL);
  g_autofree char *defaults_4 = g_build_filename (fixture->dir, "defaults-4", NULL);
  g_autofree char *damaged = g_build_filename (fixture->dir, "damaged", NULL);

  for (guint i = 0; i < 3; i++)
    {
      const char *dir = i == 0 ? page_4096 : i == 1 ? defaults_4 : damaged;
      g_autoptr(McStore) store = create_store (dir);
      g_autoptr(McCase) kase = add_case (store, "Anja de Vries");

      g_assert_true (mc_store_close (store, &error));
      g_assert_no_error (error);
    }

  /* SQLCipher 3's format with larger pages: either library reads it. */
  rewrite_with_settings (page_4096,
                         "PRAGMA other.cipher_compatibility = 3; PRAGMA other.cipher_page_size = 4096");
  assert_open_fails (page_4096, MC_STORE_ERROR_FOREIGN_FORMAT);

  /* SQLCipher 4's own format: only a 4.x library can tell. */
  if (mc_store_cipher_library_is_4 ())
    {
      rewrite_with_settings (defaults_4, "PRAGMA other.cipher_compatibility = 4");
      assert_open_fails (defaults_4, MC_STORE_ERROR_FOREIGN_FORMAT);
    }

  /* A flipped byte in page 1 is damage, not other settings. */
  {
    g_autofree char *db_path = g_build_filename (damaged, "cases.db", NULL);
    g_autofree char *contents = NULL;
    gsize size = 0;

    g_assert_true (g_file_get_contents (db_path, &contents, &size, &error));
    g_assert_no_error (error);
    contents[100] ^= 0x40;
    g_assert_true (g_file_set_contents (db_path, contents, size, &error));
    g_assert_no_error (error);
    assert_open_fails (damaged, MC_STORE_ERROR_CORRUPT);
  }
}

/* The data key of another store: the key file vouches for it, so the
 * database does not belong to this key file. That is damage. */
static void
test_other_data_key (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = create_store (fixture->dir);
  g_autoptr(McSecret) random_key = mc_secret_new_random (MC_DATA_KEY_SIZE);
  g_autoptr(McStore) other = NULL;

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);

  other = mc_store_open_with_data_key (fixture->dir, random_key, &error);
  g_assert_null (other);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-format/library", test_library);
  g_test_add ("/store-format/live-connection", Fixture, NULL,
              fixture_set_up, test_live_connection, fixture_tear_down);
  g_test_add ("/store-format/written-format", Fixture, NULL,
              fixture_set_up, test_written_format, fixture_tear_down);
  g_test_add ("/store-format/fixtures", Fixture, NULL,
              fixture_set_up, test_fixtures, fixture_tear_down);
  g_test_add ("/store-format/fixture-0.2.0", Fixture, &fixture_0_2_0,
              fixture_set_up, test_release_fixture, fixture_tear_down);
  g_test_add ("/store-format/fixture-0.2.1", Fixture, &fixture_0_2_1,
              fixture_set_up, test_release_fixture, fixture_tear_down);
  g_test_add ("/store-format/fixture-0.2.1-sqlcipher4", Fixture, &fixture_0_2_1_sqlcipher4,
              fixture_set_up, test_release_fixture, fixture_tear_down);
  g_test_add ("/store-format/foreign-settings", Fixture, NULL,
              fixture_set_up, test_foreign_settings, fixture_tear_down);
  g_test_add ("/store-format/other-data-key", Fixture, NULL,
              fixture_set_up, test_other_data_key, fixture_tear_down);

  return g_test_run ();
}
