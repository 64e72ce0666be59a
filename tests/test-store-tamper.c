/* test-store-tamper.c: a store changed behind Meldcode's back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "mc-store.h"
#include "mc-store-cipher.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
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

  fixture->tmp = g_dir_make_tmp ("meldcode-tamper-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->dir = g_build_filename (fixture->tmp, "store", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
  g_free (fixture->dir);
}

/* A closed store with a few cases, each with some records: enough pages
 * of every kind (tables, indexes, the audit trail). */
static void
make_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;

  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(McCase) kase = mc_case_new ();
      g_autofree char *name = g_strdup_printf ("Cliënt nummer %u", i);

      mc_record_set_string (MC_RECORD (kase), "client-name", name);
      g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
      g_assert_no_error (error);

      for (guint j = 0; j < 4; j++)
        {
          g_autoptr(McSignal) signal = mc_signal_new (mc_record_get_id (MC_RECORD (kase)));
          g_autofree char *text = g_strnfill (200 + 50 * j, 'a' + j);

          mc_record_set_string (MC_RECORD (signal), "description", text);
          g_assert_true (mc_store_insert (store, MC_RECORD (signal), &error));
          g_assert_no_error (error);
          mc_record_set_string (MC_RECORD (signal), "observer", "Petra");
          g_assert_true (mc_store_update_field (store, MC_RECORD (signal), "observer", &error));
          g_assert_no_error (error);
        }
    }

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gsize       size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents_full (path, contents, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
}

/* Opens, checks and reads everything; TRUE when any of it failed, which
 * must then be MC_STORE_ERROR_CORRUPT. */
static gboolean
store_notices_damage (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GListModel) cases = NULL;
  const char *stage = "opening";

  store = mc_store_open (dir, PASSPHRASE, &error);
  if (store != NULL)
    {
      stage = "the integrity check";
      if (mc_store_integrity_check (store, &error))
        {
          stage = "reading";
          cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);
          for (guint i = 0; cases != NULL && i < g_list_model_get_n_items (cases) && error == NULL; i++)
            {
              g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, i);
              g_autoptr(McCase) kase = mc_store_load_case (store, mc_case_summary_get_id (summary), &error);
            }
        }
    }

  if (error == NULL)
    return FALSE;

  g_test_message ("Noticed on %s: %s", stage, error->message);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
  return TRUE;
}

/* One byte changed in each page of the database in turn, and in the salt
 * before the first: always MC_STORE_ERROR_CORRUPT, never a crash, and never
 * data read as if nothing happened. */
static void
test_flipped_bytes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fixture->dir, "cases.db", NULL);
  g_autofree char *key_path = g_build_filename (fixture->dir, "key", NULL);
  g_autofree char *database = NULL;
  g_autofree char *key = NULL;
  gsize size, key_size;
  guint n_pages;

  make_store (fixture->dir);
  g_assert_true (g_file_get_contents (db_path, &database, &size, NULL));
  g_assert_true (g_file_get_contents (key_path, &key, &key_size, NULL));
  g_assert_cmpuint (size % PAGE_SIZE, ==, 0);
  n_pages = size / PAGE_SIZE;
  g_assert_cmpuint (n_pages, >, 10);

  for (guint page = 0; page <= n_pages; page++)
    {
      g_autofree char *copy = g_build_filename (fixture->tmp, "copy", NULL);
      g_autofree char *tampered = g_memdup2 (database, size);
      /* Page n_pages stands for the salt at the start of the file; the
       * others get a byte at a different place in each page. */
      gsize offset = page == n_pages ? 5 : page * PAGE_SIZE + 16 + (page * 211) % (PAGE_SIZE - 16);

      g_test_message ("Changing byte %" G_GSIZE_FORMAT " (page %" G_GSIZE_FORMAT ")",
                      offset, offset / PAGE_SIZE + 1);
      tampered[offset] ^= 0x5a;
      g_assert_cmpint (g_mkdir (copy, 0700), ==, 0);
      write_file (copy, "cases.db", tampered, size);
      write_file (copy, "key", key, key_size);

      g_assert_true (store_notices_damage (copy));
      mc_test_remove_tree (copy);
    }

  /* The unchanged copy is fine: the check above is not always true. */
  g_assert_false (store_notices_damage (fixture->dir));
}

static sqlite3 *
open_raw (const char *dir)
{
  return mc_test_open_raw (dir, PASSPHRASE, MC_TEST_RAW_NONE);
}

static const char drop_triggers[] =
  "DROP TRIGGER audit_log_no_update;"
  "DROP TRIGGER audit_log_no_delete;"
  "DROP TRIGGER audit_head_no_delete;";

/* Opens the store and verifies its trail: 0 when intact, else the first
 * bad row. Opening itself appends an unlock row. */
static gint64
verify (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (dir, PASSPHRASE, &error);
  gint64 first_bad = -1;

  g_assert_no_error (error);
  if (mc_store_verify_audit (store, &first_bad, &error))
    {
      g_assert_no_error (error);
      g_assert_cmpint (first_bad, ==, 0);
    }
  else
    {
      g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
      g_assert_cmpint (first_bad, >, 0);
    }

  return first_bad;
}

static void
test_triggers_refuse (Fixture       *fixture,
                      gconstpointer  data)
{
  sqlite3 *db;

  make_store (fixture->dir);
  db = open_raw (fixture->dir);

  g_assert_cmpint (mc_test_raw_try (db, "UPDATE audit_log SET new_value = 'x' WHERE id = 3"), ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (sqlite3_errmsg (db), "audit log"));
  g_assert_cmpint (mc_test_raw_try (db, "DELETE FROM audit_log WHERE id = 3"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (mc_test_raw_try (db, "DELETE FROM audit_log"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (mc_test_raw_try (db, "DELETE FROM audit_head"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE new_value = 'x'"), ==, 0);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  g_assert_cmpint (verify (fixture->dir), ==, 0);
}

static void
test_edited_row (Fixture       *fixture,
                 gconstpointer  data)
{
  sqlite3 *db;

  make_store (fixture->dir);
  g_assert_cmpint (verify (fixture->dir), ==, 0);

  db = open_raw (fixture->dir);
  g_assert_cmpint (mc_test_raw_try (db, drop_triggers), ==, SQLITE_OK);
  g_assert_cmpint (mc_test_raw_try (db, "UPDATE audit_log SET new_value = 'Marloes' WHERE id = 7"), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_cmpint (verify (fixture->dir), ==, 7);
}

static void
test_edited_fields (Fixture       *fixture,
                    gconstpointer  data)
{
  /* Every column the MAC covers, and a change of type that reads alike. */
  static const char * const edits[] = {
    "UPDATE audit_log SET at = '2020-01-01T00:00:00Z' WHERE id = 5",
    "UPDATE audit_log SET event = 'print' WHERE id = 5",
    "UPDATE audit_log SET case_id = case_id + 1 WHERE id = 5",
    "UPDATE audit_log SET entity = 'people' WHERE id = 5",
    "UPDATE audit_log SET entity_id = 99 WHERE id = 5",
    "UPDATE audit_log SET field = 'notes' WHERE id = 5",
    "UPDATE audit_log SET old_value = 'x' WHERE id = 5",
    "UPDATE audit_log SET user_name = 'Someone else' WHERE id = 5",
    "UPDATE audit_log SET user_role = 'taakhouder' WHERE id = 5",
    "UPDATE audit_log SET on_behalf_of = 'x' WHERE id = 5",
    /* Row 5 is about a case: its values are sealed (a BLOB), so the
     * change of type is to text. */
    "UPDATE audit_log SET new_value = CAST (new_value AS TEXT) WHERE id = 5",
    "UPDATE audit_log SET new_value = new_value || char (0) || 'hidden' WHERE id = 5",
    "UPDATE audit_log SET hash = zeroblob (32) WHERE id = 5",
  };

  make_store (fixture->dir);

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *copy = g_build_filename (fixture->tmp, "copy", NULL);
      g_autofree char *command = NULL;
      sqlite3 *db;

      g_test_message ("%s", edits[i]);
      g_assert_true (g_mkdir (copy, 0700) == 0);
      for (guint f = 0; f < 2; f++)
        {
          const char *name = f == 0 ? "cases.db" : "key";
          g_autofree char *from = g_build_filename (fixture->dir, name, NULL);
          g_autofree char *contents = NULL;
          gsize size;

          g_assert_true (g_file_get_contents (from, &contents, &size, NULL));
          write_file (copy, name, contents, size);
        }

      db = open_raw (copy);
      g_assert_cmpint (mc_test_raw_try (db, drop_triggers), ==, SQLITE_OK);
      g_assert_cmpint (mc_test_raw_try (db, edits[i]), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_changes (db), ==, 1);
      g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
      g_assert_cmpint (verify (copy), ==, 5);
      mc_test_remove_tree (copy);
    }
}

static void
test_removed_row (Fixture       *fixture,
                  gconstpointer  data)
{
  sqlite3 *db;

  make_store (fixture->dir);
  db = open_raw (fixture->dir);
  g_assert_cmpint (mc_test_raw_try (db, drop_triggers), ==, SQLITE_OK);
  g_assert_cmpint (mc_test_raw_try (db, "DELETE FROM audit_log WHERE id = 4"), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  /* The chain breaks at the row after the gap. */
  g_assert_cmpint (verify (fixture->dir), ==, 5);
}

static void
test_inserted_row (Fixture       *fixture,
                   gconstpointer  data)
{
  sqlite3 *db;
  gint64 last;

  make_store (fixture->dir);
  db = open_raw (fixture->dir);
  last = mc_test_raw_int (db, "SELECT max(id) FROM audit_log");
  /* A copy of the last row with the next id: as well-formed as can be
   * without the key. */
  g_assert_cmpint (mc_test_raw_try (db, "INSERT INTO audit_log (id, at, event, case_id, entity, entity_id, field,"
                                        " old_value, new_value, user_name, user_role, on_behalf_of, prev_hash, hash)"
                                        " SELECT id + 1, at, 'export', case_id, entity, entity_id, field, old_value,"
                                        " new_value, user_name, user_role, on_behalf_of, hash, hash"
                                        " FROM audit_log ORDER BY id DESC LIMIT 1"), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  g_assert_cmpint (verify (fixture->dir), ==, last + 1);
}

static void
test_cut_off_tail (Fixture       *fixture,
                   gconstpointer  data)
{
  sqlite3 *db;
  gint64 last;

  make_store (fixture->dir);
  db = open_raw (fixture->dir);
  last = mc_test_raw_int (db, "SELECT max(id) FROM audit_log");
  g_assert_cmpint (mc_test_raw_try (db, drop_triggers), ==, SQLITE_OK);
  g_assert_cmpint (mc_test_raw_try (db, "DELETE FROM audit_log WHERE id >= (SELECT max(id) - 2 FROM audit_log)"),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  /* The head still names the old last row. */
  g_assert_cmpint (verify (fixture->dir), ==, last - 2);
  /* And it stays noticed after more changes. */
  g_assert_cmpint (verify (fixture->dir), ==, last - 2);
}

static void
test_cut_off_tail_and_head (Fixture       *fixture,
                            gconstpointer  data)
{
  sqlite3 *db;
  gint64 last;

  make_store (fixture->dir);
  db = open_raw (fixture->dir);
  last = mc_test_raw_int (db, "SELECT max(id) FROM audit_log");
  g_assert_cmpint (mc_test_raw_try (db, drop_triggers), ==, SQLITE_OK);
  /* Rows cut off, and the head made to fit them (without the key, its MAC
   * cannot be made to fit). */
  g_assert_cmpint (mc_test_raw_try (db, "DELETE FROM audit_log WHERE id > (SELECT max(id) - 3 FROM audit_log);"
                                        "UPDATE audit_head SET last_id = (SELECT max(id) FROM audit_log),"
                                        " row_count = (SELECT count(*) FROM audit_log),"
                                        " last_hash = (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)"),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  /* The unlock row chains on fine; the head does not check out, and the
   * next changes do not make it check out again. */
  g_assert_cmpint (verify (fixture->dir), ==, last - 3 + 1 + 1);
  g_assert_cmpint (verify (fixture->dir), >, 0);
}

static void
test_wiped_trail (Fixture       *fixture,
                  gconstpointer  data)
{
  sqlite3 *db;

  make_store (fixture->dir);
  db = open_raw (fixture->dir);
  g_assert_cmpint (mc_test_raw_try (db, drop_triggers), ==, SQLITE_OK);
  g_assert_cmpint (mc_test_raw_try (db, "DELETE FROM audit_log; DELETE FROM audit_head"), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  /* It starts again, but not with the creation of the store. */
  g_assert_cmpint (verify (fixture->dir), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store-tamper/flipped-bytes", test_flipped_bytes);
  ADD ("/store-tamper/triggers-refuse", test_triggers_refuse);
  ADD ("/store-tamper/edited-row", test_edited_row);
  ADD ("/store-tamper/edited-fields", test_edited_fields);
  ADD ("/store-tamper/removed-row", test_removed_row);
  ADD ("/store-tamper/inserted-row", test_inserted_row);
  ADD ("/store-tamper/cut-off-tail", test_cut_off_tail);
  ADD ("/store-tamper/cut-off-tail-and-head", test_cut_off_tail_and_head);
  ADD ("/store-tamper/wiped-trail", test_wiped_trail);

#undef ADD

  return g_test_run ();
}
