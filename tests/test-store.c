/* test-store.c: the encrypted case store, through its API and on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "mc-completeness.h"
#include "mc-store.h"
#include "mc-store-cipher.h"
#include "mc-store-private.h"
#include "mc-store-schema.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define OTHER_PASSPHRASE "Another-Staple-Lantern-77"

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

  fixture->tmp = g_dir_make_tmp ("meldcode-store-XXXXXX", &error);
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

static McStore *
create_store (const char *dir,
              char      **out_recovery_key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  McStore *store;

  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_nonnull (recovery_key);
  if (out_recovery_key != NULL)
    *out_recovery_key = g_steal_pointer (&recovery_key);

  return store;
}

/* The full check after unlocking runs in a worker thread, with a copy of
 * the key, on a connection of its own. Closing the store (a lock, the
 * window closing) stops it and waits for it: before, the worker went on
 * reading with the key after the lock, and a program that quit right after
 * unlocking a large store crashed in the worker once OpenSSL's exit
 * handlers had run (SIGSEGV at exit). */
#define CHECK_CASES 4000

static McStore *open_store (const char *dir);

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  if (mc_store_check_finish (MC_STORE (source), result, error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "finished");
}

static void
fill_store (McStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_begin_batch (store, &error));
  for (guint i = 0; i < CHECK_CASES; i++)
    {
      g_autoptr(McCase) kase = mc_case_new ();
      g_autofree char *name = g_strdup_printf ("Cliënt %u met een naam van enige lengte", i);

      mc_record_set_string (MC_RECORD (kase), "client-name", name);
      mc_record_set_string (MC_RECORD (kase), "other-information",
                            "Aantekeningen die de pagina's van de database vullen, zoals echte aantekeningen doen.");
      g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
      g_assert_no_error (error);
    }
  g_assert_true (mc_store_commit_batch (store, &error));
  g_assert_no_error (error);
}

static void
test_close_stops_check (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(McStore) store = create_store (fixture->dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) check_error = NULL;
  gint64 start, closed;

  fill_store (store);
  /* (Its write-ahead log into the database first, to time the close
   * alone.) */
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  store = open_store (fixture->dir);

  /* Closed at once: it waits for the worker, which stops early. */
  mc_store_check_async (store, NULL, check_done_cb, &check_error);
  start = g_get_monotonic_time ();
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  closed = g_get_monotonic_time ();
  while (check_error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("closed after %.1f ms: %s", (closed - start) / 1000.0, check_error->message);
  g_assert_error (check_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&check_error);

  /* Unlocked again, the check runs to its end and finds nothing. */
  g_clear_object (&store);
  store = open_store (fixture->dir);
  mc_store_check_async (store, NULL, check_done_cb, &check_error);
  while (check_error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (check_error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&check_error);

  /* The caller's own cancellable stops it too. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    mc_store_check_async (store, cancellable, check_done_cb, &check_error);
    g_cancellable_cancel (cancellable);
    while (check_error == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_error (check_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&check_error);
  }

  /* (For the log: closing with no check running.) */
  start = g_get_monotonic_time ();
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  g_test_message ("closed with no check after %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* A program that starts the check and returns from main() at once
   * exits cleanly (its exit handlers run with no worker left). */
  if (g_test_subprocess ())
    return;
  g_test_trap_subprocess ("/store/close-stops-check/exit", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_close_stops_check_exit (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  McStore *store;

  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /store/close-stops-check");
      return;
    }
  store = create_store (fixture->dir, NULL);
  fill_store (store);
  mc_store_check_async (store, NULL, check_done_cb, &error);
  g_assert_true (mc_store_close (store, NULL));
  /* Straight out, as a program that quits: no main loop, no unref. */
  exit (0);
}

static McStore *
open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open (dir, PASSPHRASE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
close_store (McStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  g_object_unref (store);
}

/* A connection of our own, with the real key, to look behind the API;
 * the triggers' functions and mc_audit_open() work on it. */
static sqlite3 *
open_raw (const char *dir)
{
  return mc_test_open_raw (dir, PASSPHRASE,
                           MC_TEST_RAW_CHECK_KEY | MC_TEST_RAW_SCHEMA_FUNCTIONS | MC_TEST_RAW_AUDIT_OPEN);
}

static void
close_raw (sqlite3 *db)
{
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* All rows of a one-column query, joined by "\n". */
static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, text != NULL ? text : "NULL");
    }
  sqlite3_finalize (stmt);

  return g_string_free (out, FALSE);
}

/* Every file of @dir by name, with a digest of its content. */
static GHashTable *
snapshot_dir (const char *path)
{
  GHashTable *snapshot = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize size = 0;

      g_assert_true (g_file_get_contents (file, &contents, &size, NULL));
      g_hash_table_insert (snapshot, g_strdup (name),
                           g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, size));
    }

  return snapshot;
}

static void
assert_snapshots_equal (GHashTable *before,
                        GHashTable *after)
{
  GHashTableIter iter;
  gpointer name, digest;

  g_assert_cmpuint (g_hash_table_size (before), ==, g_hash_table_size (after));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &name, &digest))
    g_assert_cmpstr (g_hash_table_lookup (after, name), ==, digest);
}

static GList *
record_types (void)
{
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);
  GList *list = NULL;

  for (guint i = 0; i < n_types; i++)
    list = g_list_append (list, GSIZE_TO_POINTER (types[i]));

  return list;
}

/* Sets every field the caller may set to a value that tells the type,
 * the field and its kind apart; @marker, when given, goes into every text. */
static void
fill_record (McRecord   *record,
             const char *marker)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (record);
  guint n_fields;
  const McField *fields = mc_record_class_get_fields (klass, &n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      const McField *field = &fields[i];
      g_autofree char *text = NULL;

      if (field->flags & (MC_FIELD_FLAG_CREATED | MC_FIELD_FLAG_UPDATED))
        continue;

      if (marker != NULL)
        text = g_strdup_printf ("%s%s%sQ", marker, G_OBJECT_TYPE_NAME (record), field->column);
      else
        text = g_strdup_printf ("%s %s: cliënt \"zegt\"\ntweede regel \\ 100%% _",
                                G_OBJECT_TYPE_NAME (record), field->name);

      /* The fields with a fixed set of values. An open case: a closed one
       * takes no records. */
      if (MC_IS_CASE (record) && strcmp (field->name, "status") == 0)
        {
          mc_record_set_string (record, field->name, "open");
          continue;
        }
      if (MC_IS_DECISION (record) && strcmp (field->name, "kind") == 0)
        {
          mc_record_set_string (record, field->name, "first");
          continue;
        }
      if (MC_IS_FOLLOW_UP (record) && strcmp (field->name, "state") == 0)
        {
          mc_record_set_string (record, field->name, "done");
          continue;
        }

      switch (field->kind)
        {
        case MC_FIELD_TEXT:
          mc_record_set_string (record, field->name, text);
          break;

        case MC_FIELD_DATE:
          if (marker != NULL)
            mc_record_set_string (record, field->name, text);
          else
            {
              g_autofree char *date = g_strdup_printf ("2026-%02u-%02u", 1 + i % 12, 1 + i);

              mc_record_set_string (record, field->name, date);
            }
          break;

        case MC_FIELD_TIMESTAMP:
          mc_record_set_string (record, field->name, marker != NULL ? text : "2026-11-28T13:05:09Z");
          break;

        case MC_FIELD_BOOLEAN:
          mc_record_set_boolean (record, field->name, TRUE);
          break;

        case MC_FIELD_ANSWER:
          mc_record_set_answer (record, field->name, i % 2 ? MC_ANSWER_YES : MC_ANSWER_NO);
          break;

        case MC_FIELD_LINES:
          {
            const char *lines[] = { "eergerelateerd-geweld", g_strdelimit (text, "\n", ' '), NULL };

            mc_record_set_lines (record, field->name, lines);
          }
          break;

        case MC_FIELD_INTEGER:
          /* The first round; the others are ids of other records, left
           * empty. */
          mc_record_set_integer (record, field->name, strcmp (field->name, "round") == 0 ? 1 : 0);
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static void
assert_records_equal (McRecord *a,
                      McRecord *b)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (a);
  guint n_fields;
  const McField *fields = mc_record_class_get_fields (klass, &n_fields);

  g_assert_true (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b));
  g_assert_cmpint (mc_record_get_id (a), ==, mc_record_get_id (b));
  g_assert_cmpint (mc_record_get_case_id (a), ==, mc_record_get_case_id (b));

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *text_a = mc_record_dup_field_text (a, &fields[i]);
      g_autofree char *text_b = mc_record_dup_field_text (b, &fields[i]);

      /* Saving a record of a case also moves the case's updated_at in the
       * store, not in a McCase held in memory: that one may be older. */
      if (MC_IS_CASE (a) && (fields[i].flags & MC_FIELD_FLAG_UPDATED))
        g_assert_cmpstr (text_a, <=, text_b);
      else
        g_assert_cmpstr (text_a, ==, text_b);
    }
}

/* A case with one record of every type, every field filled. */
static McCase *
insert_full_case (McStore    *store,
                  const char *marker)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) types = record_types ();
  McCase *kase = mc_case_new ();

  fill_record (MC_RECORD (kase), marker);
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);

  for (GList *l = types; l != NULL; l = l->next)
    {
      g_autoptr(McRecord) record = g_object_new (GPOINTER_TO_SIZE (l->data),
                                                 "case-id", mc_record_get_id (MC_RECORD (kase)),
                                                 NULL);

      fill_record (record, marker);
      g_assert_true (mc_store_insert (store, record, &error));
      g_assert_no_error (error);
      mc_case_add_child (kase, record);
    }

  return kase;
}

static void
assert_cases_equal (McCase *a,
                    McCase *b)
{
  g_autoptr(GList) types = record_types ();

  assert_records_equal (MC_RECORD (a), MC_RECORD (b));
  for (GList *l = types; l != NULL; l = l->next)
    {
      GListModel *children_a = mc_case_get_children (a, GPOINTER_TO_SIZE (l->data));
      GListModel *children_b = mc_case_get_children (b, GPOINTER_TO_SIZE (l->data));
      guint n_items = g_list_model_get_n_items (children_a);

      g_assert_cmpuint (n_items, ==, g_list_model_get_n_items (children_b));
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(McRecord) record_a = g_list_model_get_item (children_a, i);
          g_autoptr(McRecord) record_b = g_list_model_get_item (children_b, i);

          assert_records_equal (record_a, record_b);
        }
    }
}

static guint
file_mode (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
test_create_open_close (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) again = NULL;
  McStore *store;

  g_assert_false (mc_store_exists (fixture->dir));
  store = create_store (fixture->dir, &recovery_key);
  g_assert_true (mc_store_exists (fixture->dir));
  g_assert_true (mc_store_is_open (store));
  g_assert_cmpstr (mc_store_get_directory (store), ==, fixture->dir);
  g_assert_cmpuint (strlen (recovery_key), >, 0);

  /* A second store in the same place is refused. */
  again = mc_store_create (fixture->dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS);
  g_assert_null (again);
  g_clear_error (&error);

  /* So is a folder with other files: it would be made private. */
  {
    g_autofree char *other = g_build_filename (fixture->tmp, "notes.txt", NULL);
    g_autofree char *other_key = NULL;

    g_assert_true (g_file_set_contents (other, "mine", -1, NULL));
    g_assert_cmpint (g_chmod (fixture->tmp, 0755), ==, 0);
    again = mc_store_create (fixture->tmp, PASSPHRASE, MC_KDF_COST_TEST, &other_key, &error);
    g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS);
    g_assert_null (again);
    g_clear_error (&error);
    g_assert_cmpuint (file_mode (fixture->tmp, "."), ==, 0755);
    g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  }

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  g_assert_false (mc_store_is_open (store));
  /* Closing twice is harmless. */
  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);

  store = open_store (fixture->dir);
  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_integrity_check (store, &error));
  g_assert_no_error (error);
  close_store (store);
}

static void
test_default_dir (void)
{
  g_autofree char *dir = mc_store_get_default_dir ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), APP_ID, NULL);

  g_assert_cmpstr (dir, ==, expected);
}

static void
test_closed_store (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) kase = mc_case_new ();
  g_autoptr(GListModel) cases = NULL;
  McStore *store = create_store (fixture->dir, NULL);

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);

  mc_record_set_string (MC_RECORD (kase), "client-name", "Jan");
  g_assert_false (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_LOCKED);
  g_assert_null (cases);
  g_clear_error (&error);

  g_assert_false (mc_store_log_event (store, MC_AUDIT_EVENT_PRINT, 0, NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_LOCKED);

  g_object_unref (store);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) kase = NULL;
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(GList) types = record_types ();
  McStore *store = create_store (fixture->dir, NULL);
  gint64 id;

  kase = insert_full_case (store, NULL);
  id = mc_record_get_id (MC_RECORD (kase));
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (mc_record_get_case_id (MC_RECORD (kase)), ==, id);
  /* Timestamps are the store's. */
  g_assert_nonnull (mc_record_get_string (MC_RECORD (kase), "created-at"));
  g_assert_nonnull (mc_record_get_string (MC_RECORD (kase), "updated-at"));
  g_assert_nonnull (mc_record_get_string (MC_RECORD (mc_case_get_weighing (kase)), "updated-at"));

  /* Every record type came back with every field, after closing. */
  close_store (store);
  store = open_store (fixture->dir);

  loaded = mc_store_load_case (store, id, &error);
  g_assert_no_error (error);
  g_assert_true (MC_IS_CASE (loaded));
  for (GList *l = types; l != NULL; l = l->next)
    {
      GListModel *children = mc_case_get_children (loaded, GPOINTER_TO_SIZE (l->data));

      g_assert_cmpuint (g_list_model_get_n_items (children), ==, 1);
    }
  assert_cases_equal (kase, loaded);

  /* The generic fill really reached every kind. */
  {
    const char * const *forms = mc_record_get_lines (MC_RECORD (loaded), "suspected-forms");
    g_autoptr(McRecord) follow_up = g_list_model_get_item (mc_case_get_follow_ups (loaded), 0);

    g_assert_nonnull (forms);
    g_assert_cmpuint (g_strv_length ((char **) forms), ==, 2);
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "number"), ==,
                     mc_record_get_string (MC_RECORD (kase), "number"));
    g_assert_true (mc_record_get_boolean (follow_up, "done"));
  }

  g_clear_object (&loaded);
  loaded = mc_store_load_case (store, id + 1000, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_assert_null (loaded);

  close_store (store);
}

static void
test_case_numbers (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *first = g_strdup_printf ("%d-0001", g_date_time_get_year (now));
  g_autofree char *third = g_strdup_printf ("%d-0003", g_date_time_get_year (now));
  g_autofree char *fourth = g_strdup_printf ("%d-0004", g_date_time_get_year (now));
  McStore *store = create_store (fixture->dir, NULL);
  g_autoptr(McCase) a = mc_case_new ();
  g_autoptr(McCase) b = mc_case_new ();
  g_autoptr(McCase) c = mc_case_new ();

  mc_record_set_string (MC_RECORD (a), "client-name", "A");
  g_assert_true (mc_store_insert (store, MC_RECORD (a), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (a), "number"), ==, first);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (a), "status"), ==, "open");

  /* An imported case that took the next numbers already. */
  mc_record_set_string (MC_RECORD (b), "client-name", "B");
  mc_record_set_string (MC_RECORD (b), "number", third);
  g_assert_true (mc_store_insert (store, MC_RECORD (b), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (b), "number"), ==, third);

  mc_record_set_string (MC_RECORD (c), "client-name", "C");
  g_assert_true (mc_store_insert (store, MC_RECORD (c), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (c), "number"), !=, third);
  g_clear_object (&c);

  c = mc_case_new ();
  mc_record_set_string (MC_RECORD (c), "client-name", "D");
  g_assert_true (mc_store_insert (store, MC_RECORD (c), &error));
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (c), "number"), ==, fourth);

  close_store (store);
}

static void
test_invalid_records (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) kase = mc_case_new ();
  g_autoptr(McSignal) orphan = mc_signal_new (4242);
  g_autoptr(McChecklistAnswer) answer = NULL;
  g_autoptr(McChecklistAnswer) duplicate = NULL;
  McStore *store = create_store (fixture->dir, NULL);

  /* The client's name is required. */
  g_assert_false (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_assert_cmpint (mc_record_get_id (MC_RECORD (kase)), ==, 0);
  g_clear_error (&error);

  mc_record_set_string (MC_RECORD (kase), "client-name", "Jan");
  mc_record_set_string (MC_RECORD (kase), "status", "maybe");
  g_assert_false (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  mc_record_set_string (MC_RECORD (kase), "status", NULL);
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);

  mc_record_set_string (MC_RECORD (kase), "client-name", "");
  g_assert_false (mc_store_update_field (store, MC_RECORD (kase), "client-name", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A record of a case that is not there. */
  g_assert_false (mc_store_insert (store, MC_RECORD (orphan), &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* One answer per item and case. */
  answer = mc_checklist_answer_new (mc_record_get_id (MC_RECORD (kase)));
  mc_record_set_string (MC_RECORD (answer), "item-id", "kindcheck-children");
  g_assert_true (mc_store_insert (store, MC_RECORD (answer), &error));
  g_assert_no_error (error);
  duplicate = mc_checklist_answer_new (mc_record_get_id (MC_RECORD (kase)));
  mc_record_set_string (MC_RECORD (duplicate), "item-id", "kindcheck-children");
  g_assert_false (mc_store_insert (store, MC_RECORD (duplicate), &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A failed write left nothing behind: the store still verifies. */
  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  close_store (store);
}

typedef struct
{
  guint  count;
  gint64 last_case_id;
} ChangedCount;

static void
on_changed (McStore  *store,
            gint64    case_id,
            gpointer  user_data)
{
  ChangedCount *changed = user_data;

  changed->count++;
  changed->last_case_id = case_id;
}

static void
test_update_field (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) kase = mc_case_new ();
  g_autoptr(McSignal) signal = NULL;
  g_autoptr(McCase) loaded = NULL;
  McStore *store = create_store (fixture->dir, NULL);
  ChangedCount changed = { 0 };
  McWeighing *weighing;
  sqlite3 *db;
  gint64 case_id;
  gint64 n_audit;
  g_autofree char *row = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *case_updated = NULL;

  g_signal_connect (store, "changed", G_CALLBACK (on_changed), &changed);

  mc_record_set_string (MC_RECORD (kase), "client-name", "Jan de Vries");
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  case_id = mc_record_get_id (MC_RECORD (kase));
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpint (changed.last_case_id, ==, case_id);

  signal = mc_signal_new (case_id);
  mc_record_set_string (MC_RECORD (signal), "description", "Blauwe plek op de arm");
  g_assert_true (mc_store_insert (store, MC_RECORD (signal), &error));
  g_assert_no_error (error);

  mc_store_set_actor (store, "Petra Jansen", "begeleider", "Ambiq");
  mc_record_set_string (MC_RECORD (signal), "description", "Blauwe plek op de linkerarm");
  g_assert_true (mc_store_update_field (store, MC_RECORD (signal), "description", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed.count, ==, 3);

  /* The weighing comes into being with its first saved field. */
  weighing = mc_case_get_weighing (kase);
  g_assert_cmpint (mc_record_get_id (MC_RECORD (weighing)), ==, 0);
  g_assert_true (mc_case_get_weighing (kase) == weighing);
  mc_record_set_answer (MC_RECORD (weighing), "acute", MC_ANSWER_YES);
  g_assert_true (mc_store_update_field (store, MC_RECORD (weighing), "acute", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_record_get_id (MC_RECORD (weighing)), >, 0);
  mc_record_set_answer (MC_RECORD (weighing), "acute", MC_ANSWER_NO);
  g_assert_true (mc_store_update_field (store, MC_RECORD (weighing), "acute", &error));
  g_assert_no_error (error);

  close_store (store);
  db = open_raw (fixture->dir);

  row = raw_text (db,
                  "SELECT event || '|' || case_id || '|' || entity || '|' || field || '|'"
                  " || mc_audit_open (id, case_id, 0, old_value)"
                  " || '|' || mc_audit_open (id, case_id, 1, new_value) || '|' || user_name || '|' || user_role || '|' || on_behalf_of"
                  " FROM audit_log WHERE event = 'change' AND entity = 'signals'");
  expected = g_strdup_printf ("change|%" G_GINT64_FORMAT "|signals|description|Blauwe plek op de arm"
                              "|Blauwe plek op de linkerarm|Petra Jansen|begeleider|Ambiq", case_id);
  g_assert_cmpstr (row, ==, expected);
  g_free (row);
  row = raw_text (db, "SELECT coalesce (mc_audit_open (id, case_id, 0, old_value), 'NULL') || '>'"
                      " || mc_audit_open (id, case_id, 1, new_value) FROM audit_log"
                      " WHERE event = 'change' AND entity = 'weighings' AND field = 'acute'");
  g_assert_cmpstr (row, ==, "1>0");

  /* The case's updated_at moved with the change (the same moment as the
   * weighing's). */
  case_updated = raw_text (db, "SELECT updated_at FROM cases");
  g_assert_cmpstr (case_updated, ==, mc_record_get_string (MC_RECORD (weighing), "updated-at"));
  n_audit = mc_test_raw_int (db, "SELECT count(*) FROM audit_log");
  close_raw (db);

  /* Saving what is stored already writes nothing. */
  store = open_store (fixture->dir);
  changed.count = 0;
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), &changed);
  g_assert_true (mc_store_update_field (store, MC_RECORD (signal), "description", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed.count, ==, 0);
  loaded = mc_store_load_case (store, case_id, &error);
  g_assert_no_error (error);
  close_store (store);

  db = open_raw (fixture->dir);
  /* Only the unlock and lock of the last session were added. */
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log"), ==, n_audit + 2);
  close_raw (db);

  {
    g_autoptr(McSignal) stored = g_list_model_get_item (mc_case_get_signals (loaded), 0);
    McRecord *stored_weighing = MC_RECORD (mc_case_get_weighing (loaded));

    g_assert_cmpstr (mc_record_get_string (MC_RECORD (stored), "description"), ==,
                     "Blauwe plek op de linkerarm");
    g_assert_cmpint (mc_record_get_answer (stored_weighing, "acute"), ==, MC_ANSWER_NO);
  }
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) kase = NULL;
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(McSignal) signal = NULL;
  g_autoptr(GList) types = record_types ();
  McStore *store = create_store (fixture->dir, NULL);
  g_autofree char *deleted = NULL;
  g_autofree char *content = NULL;
  sqlite3 *db;
  gint64 case_id;

  kase = insert_full_case (store, NULL);
  case_id = mc_record_get_id (MC_RECORD (kase));
  signal = g_list_model_get_item (mc_case_get_signals (kase), 0);
  content = mc_record_serialize (MC_RECORD (signal));

  g_assert_true (mc_store_delete (store, MC_RECORD (signal), &error));
  g_assert_no_error (error);
  g_assert_true (mc_case_remove_child (kase, MC_RECORD (signal)));
  g_assert_false (mc_case_remove_child (kase, MC_RECORD (signal)));

  /* Deleting it again finds nothing. */
  g_assert_false (mc_store_delete (store, MC_RECORD (signal), &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  loaded = mc_store_load_case (store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (loaded)), ==, 0);

  g_assert_true (mc_store_delete (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  g_clear_object (&loaded);
  loaded = mc_store_load_case (store, case_id, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  close_store (store);

  db = open_raw (fixture->dir);
  /* The signal's content, exactly as it was typed, is in the trail. */
  deleted = raw_text (db, "SELECT mc_audit_open (id, case_id, 0, old_value) FROM audit_log"
                          " WHERE event = 'delete' AND entity = 'signals'");
  g_assert_cmpstr (deleted, ==, content);
  g_assert_nonnull (strstr (deleted, "tweede regel"));
  /* The case and each of its remaining records, then nothing left. */
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE event = 'delete'"), ==,
                   1 + 1 + g_list_length (types) - 1);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE event = 'delete' AND entity = 'cases'"
                                        " AND mc_audit_open (id, case_id, 0, old_value) LIKE '%client_name=McCase client-name%'"), ==, 1);
  for (GList *l = types; l != NULL; l = l->next)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (GPOINTER_TO_SIZE (l->data));
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s",
                                              mc_record_class_get_table (MC_RECORD_CLASS (klass)));

      g_assert_cmpint (mc_test_raw_int (db, sql), ==, 0);
    }
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM cases"), ==, 0);
  close_raw (db);
}

static McCase *
add_case (McStore    *store,
          const char *name,
          const char *status)
{
  g_autoptr(GError) error = NULL;
  McCase *kase = mc_case_new ();

  mc_record_set_string (MC_RECORD (kase), "client-name", name);
  mc_record_set_string (MC_RECORD (kase), "status", status);
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  return kase;
}

static void
add_child (McStore    *store,
           McCase     *kase,
           GType       type,
           const char *property,
           const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McRecord) record = g_object_new (type, "case-id", mc_record_get_id (MC_RECORD (kase)), NULL);

  if (property != NULL)
    mc_record_set_string (record, property, value);
  g_assert_true (mc_store_insert (store, record, &error));
  g_assert_no_error (error);
}

static GListModel *
list (McStore      *store,
      McCaseFilter  filter,
      const char   *search)
{
  g_autoptr(GError) error = NULL;
  GListModel *model = mc_store_list_cases (store, filter, search, &error);

  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (model) == MC_TYPE_CASE_SUMMARY);
  return model;
}

static McCaseSummary *
find_summary (GListModel *model,
              const char *client_name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (model, i);

      if (g_strcmp0 (mc_case_summary_get_client_name (summary), client_name) == 0)
        return summary;
    }

  return NULL;
}

static guint
count (McStore      *store,
       McCaseFilter  filter,
       const char   *search)
{
  g_autoptr(GListModel) model = list (store, filter, search);

  return g_list_model_get_n_items (model);
}

static void
test_list_and_search (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *today_text = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *tomorrow_text = g_date_time_format (tomorrow, "%Y-%m-%d");
  McStore *store = create_store (fixture->dir, NULL);
  g_autoptr(McCase) jan = add_case (store, "Jan de Vries", "open");
  g_autoptr(McCase) emile = add_case (store, "Émile Dubois", "open");
  g_autoptr(McCase) percent = add_case (store, "100%_klaar", "open");
  g_autoptr(McCase) other = add_case (store, "1000 klaar", "open");
  g_autoptr(McCase) empty = add_case (store, "Zonder iets", "open");
  g_autoptr(GListModel) all = NULL;
  McDecision *decision;
  McFollowUp *follow_up;

  /* Steps: Jan at consultations (so step 3), Émile at a decision. */
  add_child (store, jan, MC_TYPE_SIGNAL, "description", "x");
  add_child (store, jan, MC_TYPE_CONSULTATION, "advice", "y");
  add_child (store, other, MC_TYPE_CHECKLIST_ANSWER, "item-id", "kindcheck");
  add_child (store, percent, MC_TYPE_CONVERSATION, NULL, NULL);
  /* Closed once its records are in: a closed case takes none. */
  g_assert_true (mc_store_close_case (store, percent, "worries-gone", NULL, NULL, &error));
  g_assert_no_error (error);
  decision = mc_case_get_decision (emile);
  mc_record_set_answer (MC_RECORD (decision), "report-needed", MC_ANSWER_YES);
  mc_record_set_answer (MC_RECORD (decision), "help-possible", MC_ANSWER_YES);
  mc_record_set_string (MC_RECORD (decision), "decided-on", today_text);
  g_assert_true (mc_store_insert (store, MC_RECORD (decision), &error));
  g_assert_no_error (error);

  /* A follow-up due today for Jan, one due tomorrow for the "other" case,
   * and one overdue but done for Émile. */
  follow_up = mc_follow_up_new (mc_record_get_id (MC_RECORD (jan)));
  mc_record_set_string (MC_RECORD (follow_up), "due-on", today_text);
  g_assert_true (mc_store_insert (store, MC_RECORD (follow_up), &error));
  g_object_unref (follow_up);
  follow_up = mc_follow_up_new (mc_record_get_id (MC_RECORD (other)));
  mc_record_set_string (MC_RECORD (follow_up), "due-on", tomorrow_text);
  g_assert_true (mc_store_insert (store, MC_RECORD (follow_up), &error));
  g_object_unref (follow_up);
  follow_up = mc_follow_up_new (mc_record_get_id (MC_RECORD (emile)));
  mc_record_set_string (MC_RECORD (follow_up), "due-on", "2020-01-01");
  mc_record_set_boolean (MC_RECORD (follow_up), "done", TRUE);
  g_assert_true (mc_store_insert (store, MC_RECORD (follow_up), &error));
  g_object_unref (follow_up);
  g_assert_no_error (error);

  all = list (store, MC_CASE_FILTER_ALL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 5);
  g_assert_true (mc_case_summary_get_follow_up_due (find_summary (all, "Jan de Vries")));
  g_assert_false (mc_case_summary_get_follow_up_due (find_summary (all, "1000 klaar")));
  g_assert_false (mc_case_summary_get_follow_up_due (find_summary (all, "Émile Dubois")));
  g_assert_cmpstr (mc_case_summary_get_outcome (find_summary (all, "Émile Dubois")), ==, "Report and help");
  g_assert_null (mc_case_summary_get_outcome (find_summary (all, "Jan de Vries")));
  g_assert_cmpstr (mc_case_summary_get_status (find_summary (all, "100%_klaar")), ==, "closed");
  g_assert_cmpstr (mc_case_summary_get_number (find_summary (all, "Jan de Vries")), ==,
                   mc_record_get_string (MC_RECORD (jan), "number"));
  g_assert_cmpint (mc_case_summary_get_id (find_summary (all, "Jan de Vries")), ==,
                   mc_record_get_id (MC_RECORD (jan)));
  /* The most recently changed first (timestamps have seconds, so within
   * one second the newest case first). */
  for (guint i = 1; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(McCaseSummary) a = g_list_model_get_item (all, i - 1);
      g_autoptr(McCaseSummary) b = g_list_model_get_item (all, i);
      int order = strcmp (mc_case_summary_get_updated_at (a), mc_case_summary_get_updated_at (b));

      g_assert_true (order > 0 || (order == 0 && mc_case_summary_get_id (a) > mc_case_summary_get_id (b)));
    }

  g_assert_cmpuint (count (store, MC_CASE_FILTER_OPEN, NULL), ==, 4);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_CLOSED, NULL), ==, 1);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_FOLLOW_UP_DUE, NULL), ==, 1);

  /* Search: substrings of the name, in any case, without accents. */
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "vries"), ==, 1);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "DE VR"), ==, 1);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "emile"), ==, 1);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "ÉMILE"), ==, 1);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "dübois"), ==, 1);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "klaar"), ==, 2);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, ""), ==, 5);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "nobody"), ==, 0);
  /* LIKE's wildcards are plain characters in a search. */
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "%"), ==, 1);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "0%_k"), ==, 1);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "_"), ==, 1);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "\\"), ==, 0);
  /* And the case number. */
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL,
                           mc_record_get_string (MC_RECORD (emile), "number")), ==, 1);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_OPEN, "klaar"), ==, 1);

  /* A renamed client is found by the new name. */
  mc_record_set_string (MC_RECORD (empty), "client-name", "Anouk Bakker");
  g_assert_true (mc_store_update_field (store, MC_RECORD (empty), "client-name", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "zonder"), ==, 0);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "bakker"), ==, 1);

  close_store (store);
}

static void
test_log_event (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(McCase) kase = NULL;
  McStore *store = create_store (fixture->dir, NULL);
  sqlite3 *db;

  kase = add_case (store, "Jan", "open");
  mc_store_set_actor (store, "Petra Jansen", "taakhouder", NULL);
  g_assert_true (mc_store_log_event (store, MC_AUDIT_EVENT_EXPORT, mc_record_get_id (MC_RECORD (kase)),
                                     "/home/petra/besluit.pdf", &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_log_event (store, MC_AUDIT_EVENT_PRINT, 0, NULL, &error));
  g_assert_no_error (error);
  close_store (store);

  db = open_raw (fixture->dir);
  /* Every session is in the trail too: created, then locked. */
  row = raw_text (db, "SELECT event || '|' || coalesce (case_id, '') || '|' || coalesce (mc_audit_open (id, case_id, 1, new_value), '')"
                      " || '|' || user_name || '|' || coalesce (user_role, '') FROM audit_log"
                      " WHERE event NOT IN ('create', 'change') ORDER BY id");
  expected = g_strdup_printf ("export|%" G_GINT64_FORMAT "|/home/petra/besluit.pdf|Petra Jansen|taakhouder\n"
                              "print|||Petra Jansen|taakhouder\n"
                              "lock|||Petra Jansen|taakhouder",
                              mc_record_get_id (MC_RECORD (kase)));
  g_assert_cmpstr (row, ==, expected);
  g_free (row);
  row = raw_text (db, "SELECT event || '|' || coalesce (entity, '') FROM audit_log WHERE id = 1");
  g_assert_cmpstr (row, ==, "create|store");
  close_raw (db);
}

/* The step a list row shows: the listed case, loaded and held against
 * the protocol. Returns the statuses of its steps. */
static GPtrArray *
assert_listed_progress (McStore    *store,
                        McProtocol *protocol,
                        McCase     *kase,
                        guint       step,
                        gboolean    needs_attention)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = list (store, MC_CASE_FILTER_ALL, NULL);
  g_autoptr(McCase) loaded = NULL;
  McCaseSummary *summary = find_summary (all, mc_record_get_string (MC_RECORD (kase), "client-name"));
  gboolean attention = !needs_attention;

  g_assert_nonnull (summary);
  loaded = mc_store_load_case (store, mc_case_summary_get_id (summary), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_case_get_progress (loaded, protocol, &attention), ==, step);
  g_assert_cmpint (attention, ==, needs_attention);
  g_assert_cmpuint (mc_case_get_progress (loaded, protocol, NULL), ==, step);

  return mc_case_check_steps (loaded, protocol);
}

static void
insert_answer (McStore    *store,
               McCase     *kase,
               const char *question_id,
               McAnswer    value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAfwegingAnswer) answer = mc_afweging_answer_new (mc_record_get_id (MC_RECORD (kase)));

  mc_record_set_string (MC_RECORD (answer), "question-id", question_id);
  mc_record_set_answer (MC_RECORD (answer), "answer", value);
  g_assert_true (mc_store_insert (store, MC_RECORD (answer), &error));
  g_assert_no_error (error);
}

/* A record of @type for @kase with the fields of @first and what
 * follows it, name and value pairs up to a NULL name. */
static void
add_child_with (McStore    *store,
                McCase     *kase,
                GType       type,
                const char *first,
                ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McRecord) record = g_object_new (type, "case-id", mc_record_get_id (MC_RECORD (kase)), NULL);
  const char *name = first;
  va_list args;

  va_start (args, first);
  for (; name != NULL; name = va_arg (args, const char *))
    mc_record_set_string (record, name, va_arg (args, const char *));
  va_end (args);
  g_assert_true (mc_store_insert (store, record, &error));
  g_assert_no_error (error);
}

/* Steps 2 to 4 recorded for a minor client (no kindcheck) as the
 * protocol asks for them, step 1 only when @with_signal. */
static McCase *
add_case_up_to_step4 (McStore    *store,
                      const char *name,
                      gboolean    with_signal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) born = g_date_time_add_years (now, -12);
  g_autofree char *birth_date = g_date_time_format (born, "%Y-%m-%d");
  McCase *kase = add_case (store, name, "open");
  McWeighing *weighing = mc_case_get_weighing (kase);

  mc_record_set_string (MC_RECORD (kase), "birth-date", birth_date);
  g_assert_true (mc_store_update_field (store, MC_RECORD (kase), "birth-date", &error));
  g_assert_no_error (error);
  if (with_signal)
    add_child_with (store, kase, MC_TYPE_SIGNAL,
                    "description", "Blauwe plek op de arm", "observer", "Begeleider", NULL);
  add_child_with (store, kase, MC_TYPE_CONSULTATION,
                  "role", "consult-colleague", "advice", "Verder in kaart brengen", NULL);
  add_child (store, kase, MC_TYPE_CONVERSATION, "not-held-reason", "skip-client-safety");
  mc_record_set_answer (MC_RECORD (weighing), "acute", MC_ANSWER_NO);
  mc_record_set_answer (MC_RECORD (weighing), "structural", MC_ANSWER_YES);
  g_assert_true (mc_store_insert (store, MC_RECORD (weighing), &error));
  g_assert_no_error (error);

  return kase;
}

static void
test_list_progress (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = mc_protocol_new_default (&error);
  const McProtocolAfwegingskader *kader = NULL;
  McStore *store = create_store (fixture->dir, NULL);
  g_autoptr(McCase) gap = NULL;
  g_autoptr(McCase) partial = NULL;
  g_autoptr(McCase) complete = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  McDecision *decision;

  g_assert_no_error (error);
  kader = mc_protocol_get_afwegingskader (protocol);

  /* Records up to step 4, but no signal: step 1 is where the case stands,
   * not the step after the last record. */
  gap = add_case_up_to_step4 (store, "Zonder signaal", FALSE);
  statuses = assert_listed_progress (store, protocol, gap, 1, FALSE);
  g_assert_cmpint (((McStepStatus *) g_ptr_array_index (statuses, 3))->state, ==, MC_STEP_DONE);

  /* Decided while step 1 lacks a signal: step 1 needs attention. */
  decision = mc_case_get_decision (gap);
  mc_record_set_string (MC_RECORD (decision), "decided-on", "2026-11-28");
  g_assert_true (mc_store_insert (store, MC_RECORD (decision), &error));
  g_assert_no_error (error);
  g_clear_pointer (&statuses, g_ptr_array_unref);
  statuses = assert_listed_progress (store, protocol, gap, 1, TRUE);
  g_assert_cmpint (((McStepStatus *) g_ptr_array_index (statuses, 0))->state, ==, MC_STEP_NEEDS_ATTENTION);

  /* A signal without who saw it or told it is stored, but does not count
   * (it used to finish step 1): the case stays at step 1 until a whole
   * signal is there. A consultation without whom it was with beside a
   * whole one changes nothing. */
  g_clear_pointer (&statuses, g_ptr_array_unref);
  partial = add_case_up_to_step4 (store, "Half vastgelegd", FALSE);
  add_child (store, partial, MC_TYPE_SIGNAL, "description", "Blauwe plek op de arm");
  add_child (store, partial, MC_TYPE_CONSULTATION, "advice", "Bel Veilig Thuis");
  statuses = assert_listed_progress (store, protocol, partial, 1, FALSE);
  g_assert_cmpint (((McStepStatus *) g_ptr_array_index (statuses, 0))->state, ==, MC_STEP_IN_PROGRESS);
  add_child_with (store, partial, MC_TYPE_SIGNAL, "description", "Huilt bij het ophalen", "source", "Moeder", NULL);
  g_clear_pointer (&statuses, g_ptr_array_unref);
  statuses = assert_listed_progress (store, protocol, partial, 5, FALSE);
  g_assert_cmpint (((McStepStatus *) g_ptr_array_index (statuses, 0))->state, ==, MC_STEP_DONE);
  g_assert_cmpint (((McStepStatus *) g_ptr_array_index (statuses, 1))->state, ==, MC_STEP_DONE);

  /* Steps 1 to 4 done: at step 5; and with step 5 done too, still 5. */
  complete = add_case_up_to_step4 (store, "Alles vastgelegd", TRUE);
  g_clear_pointer (&statuses, g_ptr_array_unref);
  statuses = assert_listed_progress (store, protocol, complete, 5, FALSE);
  g_assert_cmpint (((McStepStatus *) g_ptr_array_index (statuses, 4))->state, !=, MC_STEP_DONE);
  for (guint i = 0; i < 5; i++)
    insert_answer (store, complete, ((McProtocolQuestion *) g_ptr_array_index (kader->questions, i))->id,
                   i < 4 ? MC_ANSWER_YES : MC_ANSWER_NO);
  decision = mc_case_get_decision (complete);
  mc_record_set_answer (MC_RECORD (decision), "report-needed", MC_ANSWER_YES);
  mc_record_set_answer (MC_RECORD (decision), "help-possible", MC_ANSWER_YES);
  mc_record_set_string (MC_RECORD (decision), "justification", "Structurele onveiligheid.");
  mc_record_set_string (MC_RECORD (decision), "decided-by-name", "A. de Vries");
  mc_record_set_string (MC_RECORD (decision), "decided-by-role", "Gedragswetenschapper");
  mc_record_set_string (MC_RECORD (decision), "decided-on", "2026-11-28");
  mc_record_set_string (MC_RECORD (decision), "reported-on", "2026-11-28");
  mc_record_set_string (MC_RECORD (decision), "vt-reference", "VT-2026-123");
  mc_record_set_answer (MC_RECORD (decision), "client-informed", MC_ANSWER_NO);
  mc_record_set_string (MC_RECORD (decision), "informed-exception", "inform-exception-client-safety");
  g_assert_true (mc_store_insert (store, MC_RECORD (decision), &error));
  g_assert_no_error (error);
  g_clear_pointer (&statuses, g_ptr_array_unref);
  statuses = assert_listed_progress (store, protocol, complete, 5, FALSE);
  for (guint i = 0; i < statuses->len; i++)
    g_assert_cmpint (((McStepStatus *) g_ptr_array_index (statuses, i))->state, ==, MC_STEP_DONE);

  close_store (store);
}

static void
test_batch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  McStore *store = create_store (fixture->dir, NULL);
  ChangedCount changed = { 0 };
  g_autoptr(McCase) a = NULL;
  g_autoptr(McCase) b = NULL;

  g_signal_connect (store, "changed", G_CALLBACK (on_changed), &changed);

  g_assert_true (mc_store_begin_batch (store, &error));
  g_assert_no_error (error);
  a = add_case (store, "Batch A", "open");
  mc_store_rollback_batch (store);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, NULL), ==, 0);

  g_assert_true (mc_store_begin_batch (store, &error));
  b = add_case (store, "Batch B", "open");
  add_child (store, b, MC_TYPE_SIGNAL, "description", "x");
  /* A failing change inside a batch undoes only itself. */
  {
    g_autoptr(McCase) invalid = mc_case_new ();

    g_assert_false (mc_store_insert (store, MC_RECORD (invalid), &error));
    g_clear_error (&error);
    mc_record_set_string (MC_RECORD (invalid), "client-name", "x");
    mc_record_set_string (MC_RECORD (invalid), "status", "maybe");
    g_assert_false (mc_store_insert (store, MC_RECORD (invalid), &error));
    g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpuint (changed.count, ==, 0);
  g_assert_true (mc_store_commit_batch (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpint (changed.last_case_id, ==, 0);

  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  close_store (store);

  store = open_store (fixture->dir);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, NULL), ==, 1);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "batch b"), ==, 1);
  close_store (store);
}

static char *
schema_of (sqlite3 *db)
{
  return raw_text (db, "SELECT type || ' ' || name || ': ' || coalesce (sql, '') FROM sqlite_master"
                       " ORDER BY type, name");
}

/* An old store, with data in its own schema, opened by this version. */
static void
test_migrations (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *fresh_dir = g_build_filename (fixture->tmp, "fresh", NULL);
  g_autofree char *fresh_schema = NULL;
  McStore *store;
  sqlite3 *db;

  store = create_store (fresh_dir, NULL);
  close_store (store);
  db = open_raw (fresh_dir);
  fresh_schema = schema_of (db);
  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, MC_STORE_SCHEMA_VERSION);
  close_raw (db);

  for (guint version = 1; version < MC_STORE_SCHEMA_VERSION; version++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_strdup_printf ("%s/v%u", fixture->tmp, version);
      g_autofree char *recovery_key = NULL;
      g_autofree char *schema = NULL;
      g_autoptr(McCase) kase = NULL;
      g_autoptr(GListModel) found = NULL;

      g_assert_true (mc_store_create_at_version (dir, PASSPHRASE, MC_KDF_COST_TEST, version,
                                                 &recovery_key, &error));
      g_assert_no_error (error);

      db = open_raw (dir);
      g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, version);
      mc_test_raw_exec (db,
                        "INSERT INTO cases (id, number, client_name, status, created_at, updated_at)"
                        " VALUES (7, '2025-0007', 'Oude Casus', 'open',"
                        "  '2025-01-01T10:00:00Z', '2025-01-01T10:00:00Z');"
                        "INSERT INTO signals (case_id, description, created_at)"
                        " VALUES (7, 'from an old version', '2025-01-01T10:00:00Z');");
      if (version >= 2)
        mc_test_raw_exec (db, "INSERT INTO follow_ups (case_id, description, due_on, created_at)"
                              " VALUES (7, 'bellen', '2020-01-01', '2025-01-01T10:00:00Z')");
      close_raw (db);

      store = open_store (dir);
      kase = mc_store_load_case (store, 7, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (mc_record_get_string (MC_RECORD (kase), "client-name"), ==, "Oude Casus");
      g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (kase)), ==, 1);
      g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_follow_ups (kase)), ==, version >= 2 ? 1 : 0);
      /* Rows from before the search key are found. */
      found = mc_store_list_cases (store, MC_CASE_FILTER_ALL, "oude", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
      add_child (store, kase, MC_TYPE_FOLLOW_UP, "description", "na de update");
      close_store (store);

      db = open_raw (dir);
      g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, MC_STORE_SCHEMA_VERSION);
      /* Step by step ends where a new store starts. */
      schema = schema_of (db);
      g_assert_cmpstr (schema, ==, fresh_schema);
      close_raw (db);
    }
}

/* Migration 10 (the list's index) runs in one transaction with its
 * version: when it cannot finish, the store stays at version 9 as it was,
 * with no part of it, and the next open migrates it. */
static void
test_migration_10_interrupted (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *schema_before = NULL;
  g_autofree char *schema_after = NULL;
  g_autoptr(McStore) refused = NULL;
  McStore *store;
  sqlite3 *db;

  g_assert_cmpint (MC_STORE_SCHEMA_VERSION, ==, 10);
  g_assert_true (mc_store_create_at_version (fixture->dir, PASSPHRASE, MC_KDF_COST_TEST, 9,
                                             &recovery_key, &error));
  g_assert_no_error (error);
  db = open_raw (fixture->dir);
  mc_test_raw_exec (db,
                    "INSERT INTO cases (id, number, client_name, status, created_at, updated_at)"
                    " VALUES (7, '2025-0007', 'Oude Casus', 'open',"
                    "  '2025-01-01T10:00:00Z', '2025-01-01T10:00:00Z');"
                    /* The index's name taken: its CREATE fails. */
                    "CREATE TABLE cases_list (x);");
  schema_before = schema_of (db);
  close_raw (db);

  refused = mc_store_open (fixture->dir, PASSPHRASE, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  db = open_raw (fixture->dir);
  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, 9);
  schema_after = schema_of (db);
  g_assert_cmpstr (schema_after, ==, schema_before);
  mc_test_raw_exec (db, "DROP TABLE cases_list");
  close_raw (db);

  store = open_store (fixture->dir);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, NULL), ==, 1);
  close_store (store);
  db = open_raw (fixture->dir);
  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, 10);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'cases_list'"), ==, 1);
  close_raw (db);
}

static void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(McStore) refused = NULL;
  McStore *store = create_store (fixture->dir, NULL);
  sqlite3 *db;

  close_store (store);
  db = open_raw (fixture->dir);
  mc_test_raw_exec (db, "PRAGMA user_version = 99");
  close_raw (db);

  before = snapshot_dir (fixture->dir);
  refused = mc_store_open (fixture->dir, PASSPHRASE, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NEWER_SCHEMA);
  g_assert_null (refused);
  after = snapshot_dir (fixture->dir);
  assert_snapshots_equal (before, after);

  db = open_raw (fixture->dir);
  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, 99);
  close_raw (db);
}

static void
test_wrong_secrets (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_dir = g_build_filename (fixture->tmp, "other", NULL);
  g_autofree char *other_recovery_key = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  McStore *store;

  store = create_store (fixture->dir, NULL);
  close_store (store);
  store = create_store (other_dir, &other_recovery_key);
  close_store (store);

  before = snapshot_dir (fixture->dir);

  store = mc_store_open (fixture->dir, "Not-The-Passphrase-1", &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (store);
  g_clear_error (&error);

  /* Well-formed, but the key of another store. */
  store = mc_store_open_with_recovery_key (fixture->dir, other_recovery_key, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_RECOVERY_KEY);
  g_assert_null (store);
  g_clear_error (&error);

  store = mc_store_open_with_recovery_key (fixture->dir, "ABCDE-12345", &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_RECOVERY_KEY);
  g_assert_null (store);
  g_clear_error (&error);

  after = snapshot_dir (fixture->dir);
  assert_snapshots_equal (before, after);
}

static void
test_change_passphrase (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McCase) kase = NULL;
  McStore *store = create_store (fixture->dir, &recovery_key);
  gint64 id;

  kase = add_case (store, "Jan", "open");
  id = mc_record_get_id (MC_RECORD (kase));

  g_assert_true (mc_store_check_passphrase (fixture->dir, PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_false (mc_store_check_passphrase (fixture->dir, OTHER_PASSPHRASE, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  g_assert_false (mc_store_change_passphrase (store, "short", MC_KDF_COST_TEST, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WEAK_PASSPHRASE);
  g_clear_error (&error);

  g_assert_true (mc_store_change_passphrase (store, OTHER_PASSPHRASE, MC_KDF_COST_TEST, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_check_passphrase (fixture->dir, OTHER_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_false (mc_store_check_passphrase (fixture->dir, PASSPHRASE, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  close_store (store);

  store = mc_store_open (fixture->dir, PASSPHRASE, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (store);
  g_clear_error (&error);

  store = mc_store_open (fixture->dir, OTHER_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_clear_object (&kase);
  kase = mc_store_load_case (store, id, &error);
  g_assert_no_error (error);
  close_store (store);

  /* The recovery key still opens it, without any passphrase. */
  store = mc_store_open_with_recovery_key (fixture->dir, recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  close_store (store);
}

/* @passphrase with its last character replaced, dropped, or doubled: a
 * reader that looked at a prefix only would take each for the right one. */
static GPtrArray *
near_misses (const char *passphrase)
{
  GPtrArray *misses = g_ptr_array_new_with_free_func (g_free);
  const char *last = g_utf8_find_prev_char (passphrase, passphrase + strlen (passphrase));
  g_autofree char *stem = g_strndup (passphrase, last - passphrase);
  gunichar c = g_utf8_get_char (last);
  char other[8] = { 0 };

  /* The next code point: for é (C3 A9) è is C3 A8, only the last byte. */
  g_unichar_to_utf8 (c == 'z' ? 'y' : (c ^ 1), other);
  g_ptr_array_add (misses, g_strconcat (stem, other, NULL));
  g_ptr_array_add (misses, g_strdup (stem));
  g_ptr_array_add (misses, g_strconcat (passphrase, last, NULL));
  return misses;
}

static void
assert_wrong_passphrase (const char *dir,
                         const char *wrong)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;

  g_test_message ("Refusing “%s”", wrong);
  store = mc_store_open (dir, wrong, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (store);
  g_clear_error (&error);
  g_assert_false (mc_store_check_passphrase (dir, wrong, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
}

/* Every byte of a passphrase counts, at any length, through each way it
 * is checked: opening, checking, after a change, restoring a backup. */
static void
test_passphrase_last_character (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GString) long_one = g_string_new ("Lang-Wachtwoord-");
  const char *passphrases[] = {
    PASSPHRASE,
    "Zeven-Zeeën-Café",      /* ends in é, two bytes */
    NULL,                    /* longer than any block or buffer of 64, 128 or 256 bytes */
  };

  while (long_one->len < 300)
    g_string_append (long_one, "Kindcheck-Meldcode-");
  g_string_append (long_one, "9");
  passphrases[2] = long_one->str;

  for (gsize i = 0; i < G_N_ELEMENTS (passphrases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_strdup_printf ("%s-%" G_GSIZE_FORMAT, fixture->dir, i);
      g_autofree char *backup = g_strdup_printf ("%s.mcbackup", dir);
      g_autofree char *restored = g_strdup_printf ("%s-restored", dir);
      g_autofree char *recovery_key = NULL;
      g_autofree char *changed = g_strconcat ("Veranderd-", passphrases[i], NULL);
      g_autoptr(GPtrArray) misses = near_misses (passphrases[i]);
      g_autoptr(GPtrArray) changed_misses = near_misses (changed);
      McStore *store;

      store = mc_store_create (dir, passphrases[i], MC_KDF_COST_TEST, &recovery_key, &error);
      g_assert_no_error (error);
      g_assert_true (mc_store_backup (store, backup, &error));
      g_assert_no_error (error);
      close_store (store);

      for (guint m = 0; m < misses->len; m++)
        assert_wrong_passphrase (dir, g_ptr_array_index (misses, m));
      store = mc_store_open (dir, passphrases[i], &error);
      g_assert_no_error (error);

      /* The new passphrase of a change, too. */
      g_assert_true (mc_store_change_passphrase (store, changed, MC_KDF_COST_TEST, &error));
      g_assert_no_error (error);
      close_store (store);
      for (guint m = 0; m < changed_misses->len; m++)
        assert_wrong_passphrase (dir, g_ptr_array_index (changed_misses, m));
      store = mc_store_open (dir, changed, &error);
      g_assert_no_error (error);
      close_store (store);

      /* And the backup's, made under the old one. */
      for (guint m = 0; m < misses->len; m++)
        {
          g_assert_false (mc_store_restore (backup, restored, g_ptr_array_index (misses, m), FALSE,
                                            MC_RESTORE_FLAGS_NONE, &error));
          g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
          g_clear_error (&error);
          g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
        }
      g_assert_true (mc_store_restore (backup, restored, passphrases[i], FALSE, MC_RESTORE_FLAGS_NONE, &error));
      g_assert_no_error (error);
    }
}

/* The same passphrase typed as other code points (é as e + U+0301, as some
 * keyboards and input methods send it) opens the store; a look-alike that
 * is another character does not. */
static void
test_passphrase_normalization (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  const char *composed = "Zeven-Zee\xc3\xabn-Caf\xc3\xa9-42";        /* ë, é */
  const char *decomposed = "Zeven-Zee\x65\xcc\x88n-Caf\x65\xcc\x81-42"; /* e + U+0308, e + U+0301 */
  const char *other_accent = "Zeven-Zee\xc3\xabn-Caf\xc3\xa8-42";    /* ë, è */
  McStore *store;

  store = mc_store_create (fixture->dir, decomposed, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  close_store (store);

  store = mc_store_open (fixture->dir, composed, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_change_passphrase (store, composed, MC_KDF_COST_TEST, &error));
  g_assert_no_error (error);
  close_store (store);

  store = mc_store_open (fixture->dir, decomposed, &error);
  g_assert_no_error (error);
  close_store (store);
  assert_wrong_passphrase (fixture->dir, other_accent);
}

static void
test_recovery_key (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *typed = NULL;
  McStore *store = create_store (fixture->dir, &recovery_key);

  close_store (store);

  /* As someone types it from paper: lowercase. */
  typed = g_ascii_strdown (recovery_key, -1);
  store = mc_store_open_with_recovery_key (fixture->dir, typed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  close_store (store);
}

typedef struct
{
  GMainLoop *loop;
  McStore   *store;
  GError    *error;
} AsyncResult;

static void
on_open_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AsyncResult *async = user_data;

  g_assert_null (source);
  async->store = mc_store_open_finish (result, &async->error);
  g_main_loop_quit (async->loop);
}

static void
test_open_async (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *recovery_key = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncResult async = { loop, NULL, NULL };
  const McAuditActor actor = { "Eva de Wit", "Begeleider", NULL };
  McStore *store = create_store (fixture->dir, &recovery_key);
  g_autofree char *unlocks = NULL;
  sqlite3 *db;

  close_store (store);

  mc_store_open_async (fixture->dir, PASSPHRASE, &actor, NULL, on_open_finished, &async);
  g_main_loop_run (loop);
  g_assert_no_error (async.error);
  g_assert_true (MC_IS_STORE (async.store));
  g_assert_true (mc_store_is_open (async.store));
  close_store (async.store);
  /* The unlock row names whom the opener named, as does all that follows. */
  db = open_raw (fixture->dir);
  unlocks = raw_text (db, "SELECT event || '|' || user_name || '|' || coalesce (user_role, '') FROM audit_log"
                          " WHERE event IN ('unlock', 'lock')"
                          "  AND id >= (SELECT min (id) FROM audit_log WHERE event = 'unlock') ORDER BY id");
  g_assert_cmpstr (unlocks, ==, "unlock|Eva de Wit|Begeleider\nlock|Eva de Wit|Begeleider");
  close_raw (db);

  async.store = NULL;
  mc_store_open_async (fixture->dir, "Not-The-Passphrase-1", NULL, NULL, on_open_finished, &async);
  g_main_loop_run (loop);
  g_assert_error (async.error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (async.store);
  g_clear_error (&async.error);

  mc_store_open_with_recovery_key_async (fixture->dir, recovery_key, NULL, NULL, on_open_finished, &async);
  g_main_loop_run (loop);
  g_assert_no_error (async.error);
  close_store (async.store);
}

/* What the design relies on, written out here and not taken from the
 * store's own table, so that a changed value there cannot agree with
 * itself. The ones marked since_4 are SQLCipher 4 pragmas: 3.4.1 does not
 * know them (it has their values fixed) and reads back nothing. */
typedef struct
{
  const char *pragma;
  const char *expected;
  gboolean    since_4;
} ExpectedSetting;

static const ExpectedSetting expected_settings[] = {
  /* Durability: a commit that returned is on the disk, and a crash never
   * loses one (design: WAL and synchronous FULL). */
  { "journal_mode", "wal", FALSE },
  { "synchronous", "2", FALSE },                 /* FULL */
  /* The schema's references hold; deleted text is overwritten, and
   * temporary tables and indexes never reach an unencrypted file. */
  { "foreign_keys", "1", FALSE },
  { "secure_delete", "1", FALSE },
  { "temp_store", "2", FALSE },                  /* MEMORY */
  /* The app and meldcode-cli share the file: no exclusive lock, and a
   * writer is waited for rather than failed at once. */
  { "locking_mode", "normal", FALSE },
  { "query_only", "0", FALSE },
  /* The one file format (HACKING.md, "The store's file format"). */
  { "cipher_page_size", "1024", FALSE },
  { "page_size", "1024", FALSE },
  { "kdf_iter", "64000", FALSE },
  { "fast_kdf_iter", "2", FALSE },
  { "cipher_use_hmac", "1", FALSE },
  { "cipher_hmac_pgno", "le", FALSE },
  { "cipher_hmac_salt_mask", "3a", FALSE },
  { "cipher_hmac_algorithm", "HMAC_SHA1", TRUE },
  { "cipher_kdf_algorithm", "PBKDF2_HMAC_SHA1", TRUE },
  { "cipher_plaintext_header_size", "0", TRUE },
};

/* The first row of @sql, or NULL when there is none. */
static char *
raw_first (sqlite3    *db,
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

/* Every setting above on the store's own live connection, as the store
 * opened it (@how says which way, for the log). */
static void
assert_connection_settings (McStore    *store,
                            const char *how)
{
  sqlite3 *db = mc_store_get_connection (store);
  g_autofree char *version = mc_store_cipher_get_library_version ();
  gboolean is_4 = g_ascii_strtoull (version, NULL, 10) >= 4;
  g_autofree char *databases = NULL;

  g_test_message ("The connection of a store opened by %s, on SQLCipher %s", how, version);
  g_assert_nonnull (db);
  for (gsize i = 0; i < G_N_ELEMENTS (expected_settings); i++)
    {
      const ExpectedSetting *s = &expected_settings[i];
      g_autofree char *sql = g_strdup_printf ("PRAGMA main.%s", s->pragma);
      g_autofree char *value = raw_first (db, sql);

      if (s->since_4 && !is_4)
        {
          g_assert_null (value);
          continue;
        }
      if (g_strcmp0 (value, s->expected) != 0)
        g_error ("%s: PRAGMA %s reads %s, not %s", how, s->pragma,
                 value != NULL ? value : "nothing", s->expected);
    }

  /* Waits for a writer in another process, for a while. */
  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA busy_timeout"), >=, 1000);
  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA main.user_version"), ==, MC_STORE_SCHEMA_VERSION);
  /* Nothing left attached (a backup's target); temp is in memory. */
  {
    sqlite3_stmt *stmt = NULL;
    GString *names = g_string_new (NULL);

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA database_list", -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "temp") != 0)
        g_string_append_printf (names, "%s%s", names->len > 0 ? " " : "",
                                (const char *) sqlite3_column_text (stmt, 1));
    sqlite3_finalize (stmt);
    databases = g_string_free (names, FALSE);
  }
  g_assert_cmpstr (databases, ==, "main");
}

/* Each way the API opens a store ends in the same connection settings. */
static void
test_connection_settings (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *key_path = g_build_filename (fixture->dir, "key", NULL);
  g_autofree char *backup = g_build_filename (fixture->tmp, "store.mcbackup", NULL);
  g_autofree char *restored = g_build_filename (fixture->tmp, "restored", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncResult async = { loop, NULL, NULL };
  g_autoptr(McCase) kase = NULL;
  McStore *store;

  store = create_store (fixture->dir, &recovery_key);
  assert_connection_settings (store, "creating it");
  kase = insert_full_case (store, NULL);
  g_assert_true (mc_store_backup (store, backup, &error));
  g_assert_no_error (error);
  assert_connection_settings (store, "creating it, after a backup");
  g_assert_true (mc_store_change_passphrase (store, OTHER_PASSPHRASE, MC_KDF_COST_TEST, &error));
  g_assert_no_error (error);
  assert_connection_settings (store, "creating it, after a passphrase change");
  close_store (store);

  store = mc_store_open (fixture->dir, OTHER_PASSPHRASE, &error);
  g_assert_no_error (error);
  assert_connection_settings (store, "its passphrase");
  close_store (store);

  store = mc_store_open_with_recovery_key (fixture->dir, recovery_key, &error);
  g_assert_no_error (error);
  assert_connection_settings (store, "its recovery key");
  close_store (store);

  mc_store_open_async (fixture->dir, OTHER_PASSPHRASE, NULL, NULL, on_open_finished, &async);
  g_main_loop_run (loop);
  g_assert_no_error (async.error);
  assert_connection_settings (async.store, "its passphrase, in a thread");
  close_store (async.store);

  {
    g_autoptr(McKeyFile) key_file = mc_key_file_load (key_path, &error);
    g_autoptr(McSecret) data_key = NULL;

    g_assert_no_error (error);
    data_key = mc_key_file_unwrap_passphrase (key_file, OTHER_PASSPHRASE, &error);
    g_assert_no_error (error);
    store = mc_store_open_with_data_key (fixture->dir, data_key, &error);
    g_assert_no_error (error);
    assert_connection_settings (store, "its data key");
    close_store (store);
  }

  g_assert_true (mc_store_restore (backup, restored, PASSPHRASE, FALSE, MC_RESTORE_FLAGS_NONE, &error));
  g_assert_no_error (error);
  store = open_store (restored);
  assert_connection_settings (store, "restoring a backup");
  close_store (store);
}

/* Something wrong on disk: the error, and not one byte changed. */
static void
assert_open_fails (const char *dir,
                   gint        code,
                   const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = snapshot_dir (dir);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(McStore) store = NULL;

  g_test_message ("Opening with %s", what);
  store = mc_store_open (dir, PASSPHRASE, &error);
  g_assert_error (error, MC_STORE_ERROR, code);
  g_assert_null (store);
  g_assert_cmpstr (error->message, !=, "");

  after = snapshot_dir (dir);
  assert_snapshots_equal (before, after);
}

static void
replace_file (const char   *dir,
              const char   *name,
              const guint8 *data,
              gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents_full (path, (const char *) data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = g_build_filename (fixture->dir, "cases.db", NULL);
  g_autofree char *key_path = g_build_filename (fixture->dir, "key", NULL);
  g_autofree char *plain_path = g_build_filename (fixture->tmp, "plain.db", NULL);
  g_autofree char *missing = g_build_filename (fixture->tmp, "missing", NULL);
  g_autofree char *database = NULL;
  g_autofree char *key = NULL;
  g_autofree char *plain = NULL;
  gsize database_size, key_size, plain_size;
  g_autoptr(McCase) kase = NULL;
  McStore *store = create_store (fixture->dir, NULL);
  sqlite3 *db;

  kase = insert_full_case (store, NULL);
  close_store (store);
  g_assert_true (g_file_get_contents (db_path, &database, &database_size, NULL));
  g_assert_true (g_file_get_contents (key_path, &key, &key_size, NULL));

  /* A plaintext SQLite database where the store's should be. */
  g_assert_cmpint (sqlite3_open (plain_path, &db), ==, SQLITE_OK);
  mc_test_raw_exec (db, "CREATE TABLE cases (id INTEGER PRIMARY KEY, client_name TEXT); PRAGMA user_version = 3;");
  close_raw (db);
  g_assert_true (g_file_get_contents (plain_path, &plain, &plain_size, NULL));
  replace_file (fixture->dir, "cases.db", (const guint8 *) plain, plain_size);
  assert_open_fails (fixture->dir, MC_STORE_ERROR_NOT_A_STORE, "a plaintext database");

  replace_file (fixture->dir, "cases.db", (const guint8 *) "", 0);
  assert_open_fails (fixture->dir, MC_STORE_ERROR_NOT_A_STORE, "an empty database");

  /* Cut off: half of it, and only part of the first page. */
  replace_file (fixture->dir, "cases.db", (const guint8 *) database, database_size / 2);
  assert_open_fails (fixture->dir, MC_STORE_ERROR_CORRUPT, "half a database");
  replace_file (fixture->dir, "cases.db", (const guint8 *) database, 700);
  assert_open_fails (fixture->dir, MC_STORE_ERROR_CORRUPT, "part of the first page");

  replace_file (fixture->dir, "cases.db", (const guint8 *) database, database_size);

  g_assert_cmpint (g_unlink (key_path), ==, 0);
  assert_open_fails (fixture->dir, MC_STORE_ERROR_NOT_A_STORE, "no key file");

  /* Garbled: a byte changed in both of its copies (one copy alone is
   * survived, see test-key-file), cut short, not a key file at all: a
   * damaged store. */
  key[100] ^= 0x20;
  key[key_size / 2 + 100] ^= 0x20;
  replace_file (fixture->dir, "key", (const guint8 *) key, key_size);
  assert_open_fails (fixture->dir, MC_STORE_ERROR_CORRUPT, "a changed byte in both copies of the key file");
  key[100] ^= 0x20;
  key[key_size / 2 + 100] ^= 0x20;
  replace_file (fixture->dir, "key", (const guint8 *) key, key_size / 3);
  assert_open_fails (fixture->dir, MC_STORE_ERROR_CORRUPT, "a third of a key file");
  replace_file (fixture->dir, "key", (const guint8 *) plain, plain_size);
  assert_open_fails (fixture->dir, MC_STORE_ERROR_CORRUPT, "a database as key file");

  /* The key file of another store. */
  {
    g_autofree char *other_dir = g_build_filename (fixture->tmp, "other", NULL);
    g_autofree char *other_key_path = g_build_filename (other_dir, "key", NULL);
    g_autofree char *other_key = NULL;
    gsize other_key_size;

    store = create_store (other_dir, NULL);
    close_store (store);
    g_assert_true (g_file_get_contents (other_key_path, &other_key, &other_key_size, NULL));
    replace_file (fixture->dir, "key", (const guint8 *) other_key, other_key_size);
    assert_open_fails (fixture->dir, MC_STORE_ERROR_CORRUPT, "the key file of another store");
  }

  /* Put right again, it opens. */
  replace_file (fixture->dir, "key", (const guint8 *) key, key_size);
  store = open_store (fixture->dir);
  close_store (store);

  store = mc_store_open (missing, PASSPHRASE, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_A_STORE);
  g_assert_null (store);
  g_clear_error (&error);

  store = mc_store_open (fixture->tmp, PASSPHRASE, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_A_STORE);
  g_assert_null (store);
}

/* The user nobody, whom CI's root becomes to meet a permission. */
#define NOBODY_ID 65534

/* Root may write where the modes forbid it, and CI runs as root: there the
 * test runs again in a child process that becomes nobody, for good, first.
 * TRUE when this process is to run the test (as a user, or as the child);
 * FALSE in root's process, once the child passed. */
static gboolean
run_unprivileged (Fixture *fixture)
{
  if (geteuid () != 0)
    return TRUE;

  if (!g_test_subprocess ())
    {
      g_test_message ("Running as root: the test runs as nobody (%d) in a child", NOBODY_ID);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return FALSE;
    }

  /* The child's own folder becomes nobody's, then the child does. */
  g_assert_cmpint (chown (fixture->tmp, NOBODY_ID, NOBODY_ID), ==, 0);
  g_assert_cmpint (setgroups (0, NULL), ==, 0);
  g_assert_cmpint (setresgid (NOBODY_ID, NOBODY_ID, NOBODY_ID), ==, 0);
  g_assert_cmpint (setresuid (NOBODY_ID, NOBODY_ID, NOBODY_ID), ==, 0);
  /* For good: no way back to root. */
  g_assert_cmpint (setresuid (0, 0, 0), ==, -1);
  g_assert_cmpint (geteuid (), ==, NOBODY_ID);
  return TRUE;
}

static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) refused = NULL;
  McStore *store;

  if (!run_unprivileged (fixture))
    return;

  store = create_store (fixture->dir, NULL);
  close_store (store);

  g_assert_cmpint (g_chmod (fixture->dir, 0500), ==, 0);
  g_assert_cmpuint (file_mode (fixture->dir, "."), ==, 0500);
  g_assert_cmpint (access (fixture->dir, W_OK), ==, -1);
  assert_open_fails (fixture->dir, MC_STORE_ERROR_IO, "a read-only folder");

  /* Nor can a store be made in one. */
  inside = g_build_filename (fixture->dir, "new", NULL);
  refused = mc_store_create (inside, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO);
  g_assert_null (refused);

  g_assert_cmpint (g_chmod (fixture->dir, 0700), ==, 0);
  store = open_store (fixture->dir);
  close_store (store);
}


static void
assert_all_private (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_cmpuint (file_mode (dir, "."), ==, 0700);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_assert_cmpuint (file_mode (dir, name), ==, 0600);
}

static void
test_permissions (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(McCase) kase = NULL;
  mode_t old_umask = umask (022);
  McStore *store = create_store (fixture->dir, NULL);
  g_autofree char *wal = g_build_filename (fixture->dir, "cases.db-wal", NULL);
  g_autofree char *shm = g_build_filename (fixture->dir, "cases.db-shm", NULL);

  /* Even with a lax umask (the programs set 077 themselves). */
  kase = insert_full_case (store, NULL);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  assert_all_private (fixture->dir);
  close_store (store);
  assert_all_private (fixture->dir);

  store = open_store (fixture->dir);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  assert_all_private (fixture->dir);
  close_store (store);

  umask (old_umask);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  return memmem (contents, size, needle, strlen (needle)) != NULL;
}

/* None of @markers (nor the lowercase form the search key keeps) in any
 * file of @dir, or in @path when @dir is NULL. */
static void
assert_no_markers (const char *dir,
                   const char *path,
                   GPtrArray  *markers)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  if (dir != NULL)
    {
      g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
      const char *name;

      while ((name = g_dir_read_name (handle)) != NULL)
        g_ptr_array_add (files, g_build_filename (dir, name, NULL));
    }
  else
    g_ptr_array_add (files, g_strdup (path));

  g_assert_cmpuint (files->len, >, 0);
  for (guint f = 0; f < files->len; f++)
    for (guint m = 0; m < markers->len; m++)
      {
        g_autofree char *lower = g_ascii_strdown (g_ptr_array_index (markers, m), -1);

        if (file_contains (g_ptr_array_index (files, f), g_ptr_array_index (markers, m))
            || file_contains (g_ptr_array_index (files, f), lower))
          g_error ("%s holds %s in plain text", (char *) g_ptr_array_index (files, f),
                   (char *) g_ptr_array_index (markers, m));
      }
}

static void
test_encrypted_at_rest (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) types = record_types ();
  g_autoptr(McCase) kase = NULL;
  g_autoptr(McSignal) signal = NULL;
  g_autofree char *wal = g_build_filename (fixture->dir, "cases.db-wal", NULL);
  g_autofree char *backup = g_build_filename (fixture->tmp, "backup.mcbackup", NULL);
  McStore *store = create_store (fixture->dir, NULL);
  const char *marker = "XQZMARK";

  types = g_list_prepend (types, GSIZE_TO_POINTER (MC_TYPE_CASE));
  for (GList *l = types; l != NULL; l = l->next)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (GPOINTER_TO_SIZE (l->data));
      guint n_fields;
      const McField *fields = mc_record_class_get_fields (MC_RECORD_CLASS (klass), &n_fields);

      for (guint i = 0; i < n_fields; i++)
        if (fields[i].kind != MC_FIELD_BOOLEAN && fields[i].kind != MC_FIELD_ANSWER
            && (fields[i].flags & (MC_FIELD_FLAG_CREATED | MC_FIELD_FLAG_UPDATED)) == 0
            && strcmp (fields[i].name, "status") != 0)
          g_ptr_array_add (markers, g_strdup_printf ("%s%s%sQ", marker,
                                                     g_type_name (GPOINTER_TO_SIZE (l->data)),
                                                     fields[i].column));
    }
  g_assert_cmpuint (markers->len, >, 40);

  kase = insert_full_case (store, marker);
  /* Changed and deleted text lives on in the audit trail: check that too. */
  signal = g_list_model_get_item (mc_case_get_signals (kase), 0);
  mc_record_set_string (MC_RECORD (signal), "description", "XQZMARKchanged");
  g_assert_true (mc_store_update_field (store, MC_RECORD (signal), "description", &error));
  g_assert_no_error (error);
  g_ptr_array_add (markers, g_strdup ("XQZMARKchanged"));
  g_assert_true (mc_store_delete (store, MC_RECORD (signal), &error));
  g_assert_no_error (error);

  /* The WAL is there, with the latest pages. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  assert_no_markers (fixture->dir, NULL, markers);

  g_assert_true (mc_store_backup (store, backup, &error));
  g_assert_no_error (error);
  assert_no_markers (NULL, backup, markers);

  close_store (store);
  assert_no_markers (fixture->dir, NULL, markers);

  /* The check itself finds a marker that is there. */
  g_assert_true (file_contains (backup, "MCBACKUP"));
  {
    g_autofree char *plain = g_build_filename (fixture->tmp, "plain.txt", NULL);

    g_assert_true (g_file_set_contents (plain, g_ptr_array_index (markers, 3), -1, NULL));
    g_assert_true (file_contains (plain, g_ptr_array_index (markers, 3)));
  }
}

/* What a crash in the middle of a backup leaves (the export of the
 * database) is removed at the next open, once it is surely not another
 * process's backup in progress. */
static void
test_stale_backup_export (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *stale = g_build_filename (fixture->dir, "backup-AB12CD.db", NULL);
  g_autofree char *stale_journal = g_build_filename (fixture->dir, "backup-AB12CD.db-journal", NULL);
  g_autofree char *fresh = g_build_filename (fixture->dir, "backup-EF34GH.db", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "notes.db", NULL);
  McStore *store = create_store (fixture->dir, &recovery_key);
  struct utimbuf two_hours_ago;

  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);

  two_hours_ago.actime = two_hours_ago.modtime = time (NULL) - 2 * 3600;
  for (guint i = 0; i < 4; i++)
    {
      const char *path = (const char *[]) { stale, stale_journal, fresh, other }[i];

      g_assert_true (g_file_set_contents (path, "encrypted pages", -1, &error));
      g_assert_no_error (error);
      if (path != fresh)
        g_assert_cmpint (g_utime (path, &two_hours_ago), ==, 0);
    }

  store = open_store (fixture->dir);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stale_journal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);
}

static void
test_backup_restore (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *backup = g_build_filename (fixture->tmp, "store.mcbackup", NULL);
  g_autofree char *by_passphrase = g_build_filename (fixture->tmp, "restored", NULL);
  g_autofree char *by_recovery = g_build_filename (fixture->tmp, "nested", "restored", NULL);
  g_autofree char *original_schema = NULL;
  g_autoptr(McCase) kase = NULL;
  g_autoptr(McCase) later = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  McStore *store = create_store (fixture->dir, &recovery_key);
  sqlite3 *db;
  gint64 id;

  kase = insert_full_case (store, NULL);
  id = mc_record_get_id (MC_RECORD (kase));
  g_assert_true (mc_store_backup (store, backup, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (fixture->tmp, "store.mcbackup"), ==, 0600);
  /* Changed after the backup, so the replace below shows. */
  later = add_case (store, "After the backup", "open");
  close_store (store);

  db = open_raw (fixture->dir);
  original_schema = schema_of (db);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE event = 'backup'"), ==, 1);
  close_raw (db);

  for (guint i = 0; i < 2; i++)
    {
      const char *dir = i == 0 ? by_passphrase : by_recovery;
      g_autoptr(McCase) restored = NULL;
      g_autofree char *schema = NULL;

      g_assert_true (mc_store_restore (backup, dir, i == 0 ? PASSPHRASE : recovery_key, i == 1,
                                       MC_RESTORE_FLAGS_NONE, &error));
      g_assert_no_error (error);
      assert_all_private (dir);

      store = open_store (dir);
      restored = mc_store_load_case (store, id, &error);
      g_assert_no_error (error);
      assert_cases_equal (kase, restored);
      g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, NULL), ==, 1);
      g_assert_true (mc_store_verify_audit (store, NULL, &error));
      g_assert_no_error (error);
      close_store (store);

      db = open_raw (dir);
      g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, MC_STORE_SCHEMA_VERSION);
      schema = schema_of (db);
      g_assert_cmpstr (schema, ==, original_schema);
      g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE event = 'restore'"), ==, 1);
      close_raw (db);
    }

  /* Never over an existing store without asking. */
  before = snapshot_dir (fixture->dir);
  g_assert_false (mc_store_restore (backup, fixture->dir, PASSPHRASE, FALSE, MC_RESTORE_FLAGS_NONE, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  after = snapshot_dir (fixture->dir);
  assert_snapshots_equal (before, after);

  /* The wrong passphrase restores nothing. */
  {
    g_autofree char *nowhere = g_build_filename (fixture->tmp, "nowhere", NULL);

    g_assert_false (mc_store_restore (backup, nowhere, OTHER_PASSPHRASE, FALSE,
                                      MC_RESTORE_FLAGS_NONE, &error));
    g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE);
    g_clear_error (&error);
    g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  }

  /* With the flag, the old store is moved aside, whole. */
  g_assert_true (mc_store_restore (backup, fixture->dir, PASSPHRASE, FALSE, MC_RESTORE_REPLACE, &error));
  g_assert_no_error (error);
  store = open_store (fixture->dir);
  g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, NULL), ==, 1);
  close_store (store);
  {
    g_autoptr(GDir) handle = g_dir_open (fixture->tmp, 0, NULL);
    g_autofree char *aside = NULL;
    const char *name;

    while ((name = g_dir_read_name (handle)) != NULL)
      if (g_str_has_prefix (name, "store.replaced-"))
        aside = g_build_filename (fixture->tmp, name, NULL);
    g_assert_nonnull (aside);
    store = open_store (aside);
    g_assert_cmpuint (count (store, MC_CASE_FILTER_ALL, "after the backup"), ==, 1);
    close_store (store);
  }
}

static void
test_bad_backups (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (fixture->tmp, "store.mcbackup", NULL);
  g_autofree char *target = g_build_filename (fixture->tmp, "restored", NULL);
  g_autofree char *contents = NULL;
  gsize size;
  McStore *store = create_store (fixture->dir, NULL);

  g_assert_true (mc_store_backup (store, backup, &error));
  g_assert_no_error (error);
  close_store (store);
  g_assert_true (g_file_get_contents (backup, &contents, &size, NULL));

  /* One byte of the database changed: the checksum says so. */
  contents[size - 100] ^= 1;
  g_assert_true (g_file_set_contents (backup, contents, size, NULL));
  g_assert_false (mc_store_restore (backup, target, PASSPHRASE, FALSE, MC_RESTORE_FLAGS_NONE, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  contents[size - 100] ^= 1;

  g_assert_true (g_file_set_contents (backup, contents, size / 2, NULL));
  g_assert_false (mc_store_restore (backup, target, PASSPHRASE, FALSE, MC_RESTORE_FLAGS_NONE, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (backup, "something else entirely", -1, NULL));
  g_assert_false (mc_store_restore (backup, target, PASSPHRASE, FALSE, MC_RESTORE_FLAGS_NONE, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_A_STORE);
  g_clear_error (&error);

  /* A newer format. */
  contents[8] = 2;
  g_assert_true (g_file_set_contents (backup, contents, size, NULL));
  g_assert_false (mc_store_restore (backup, target, PASSPHRASE, FALSE, MC_RESTORE_FLAGS_NONE, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NEWER_SCHEMA);
  g_clear_error (&error);

  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  {
    /* No staging folder left behind either. */
    g_autoptr(GDir) handle = g_dir_open (fixture->tmp, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (handle)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".restored"));
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/create-open-close", test_create_open_close);
  g_test_add_func ("/store/default-dir", test_default_dir);
  ADD ("/store/closed", test_closed_store);
  ADD ("/store/round-trip", test_round_trip);
  ADD ("/store/case-numbers", test_case_numbers);
  ADD ("/store/invalid-records", test_invalid_records);
  ADD ("/store/update-field", test_update_field);
  ADD ("/store/log-event", test_log_event);
  ADD ("/store/delete", test_delete);
  ADD ("/store/list-and-search", test_list_and_search);
  ADD ("/store/list-progress", test_list_progress);
  ADD ("/store/batch", test_batch);
  ADD ("/store/migrations", test_migrations);
  ADD ("/store/migration-10-interrupted", test_migration_10_interrupted);
  ADD ("/store/newer-schema", test_newer_schema);
  ADD ("/store/wrong-secrets", test_wrong_secrets);
  ADD ("/store/change-passphrase", test_change_passphrase);
  ADD ("/store/passphrase-last-character", test_passphrase_last_character);
  ADD ("/store/passphrase-normalization", test_passphrase_normalization);
  ADD ("/store/recovery-key", test_recovery_key);
  ADD ("/store/open-async", test_open_async);
  ADD ("/store/connection-settings", test_connection_settings);
  ADD ("/store/bad-input", test_bad_input);
  ADD ("/store/read-only", test_read_only);
  ADD ("/store/permissions", test_permissions);
  ADD ("/store/encrypted-at-rest", test_encrypted_at_rest);
  ADD ("/store/backup-restore", test_backup_restore);
  ADD ("/store/stale-backup-export", test_stale_backup_export);
  ADD ("/store/bad-backups", test_bad_backups);
  ADD ("/store/close-stops-check", test_close_stops_check);
  ADD ("/store/close-stops-check/exit", test_close_stops_check_exit);

#undef ADD

  return g_test_run ();
}
