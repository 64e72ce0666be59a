/* test-retention.c: retention dates, destroying a case without a trace,
 * the sealed audit trail and the schema 6 migration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The marker test reads the database, the WAL and a backup below SQLCipher:
 * it decrypts every page itself (the store's one format: AES-256-CBC with
 * the raw data key, the IV in each page's reserved 48 bytes), so "no
 * marker" means no plaintext marker on any page, free pages included, and
 * not only "nothing readable through SQL". Before the destruction the same
 * scan finds every marker, which proves the scan.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <openssl/evp.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-history.h"
#include "mc-protocol.h"
#include "mc-retention.h"
#include "mc-store.h"
#include "mc-store-cipher.h"
#include "mc-store-private.h"
#include "mc-store-retention.h"
#include "mc-store-schema.h"
#include "mc-store-transfer.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define PAGE_SIZE 1024
#define RESERVE 48
#define FIXTURE_PASSPHRASE "Fixture-Store-0.1.0-Pass"

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

  fixture->tmp = g_dir_make_tmp ("meldcode-retention-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->dir = g_build_filename (fixture->tmp, "store", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->dir);
  g_free (fixture->tmp);
}

static McSecret *
load_data_key (const char *dir,
               const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = g_build_filename (dir, "key", NULL);
  g_autoptr(McKeyFile) key_file = mc_key_file_load (key_path, &error);
  McSecret *data_key;

  g_assert_no_error (error);
  data_key = mc_key_file_unwrap_passphrase (key_file, passphrase, &error);
  g_assert_no_error (error);
  return data_key;
}

/* The store's database with its real key; mc_audit_open() works on it. */
static sqlite3 *
open_raw (const char *dir,
          const char *passphrase)
{
  return mc_test_open_raw (dir, passphrase, MC_TEST_RAW_CHECK_KEY | MC_TEST_RAW_AUDIT_OPEN);
}

static McStore *
open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open (dir, PASSPHRASE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  mc_store_set_actor (store, "Petra Jansen", "taakhouder", NULL);
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

static McStore *
create_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  McStore *store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);

  g_assert_no_error (error);
  mc_store_set_actor (store, "Petra Jansen", "taakhouder", NULL);
  return store;
}

static McCase *
add_case (McStore    *store,
          const char *name,
          const char *birth_date)
{
  g_autoptr(GError) error = NULL;
  McCase *kase = mc_case_new ();

  mc_record_set_string (MC_RECORD (kase), "client-name", name);
  mc_record_set_string (MC_RECORD (kase), "birth-date", birth_date);
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  return kase;
}

static void
close_case_on (McStore    *store,
               McCase     *kase,
               const char *on)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_parse (&date, on);
  g_assert_true (g_date_valid (&date));
  g_assert_true (mc_store_close_case (store, kase, "worries-gone", NULL, &date, &error));
  g_assert_no_error (error);
}

/* Retention dates */

static void
assert_destroy_on (const McRetentionPolicy *policy,
                   const char              *closed_on,
                   const char              *birth_date,
                   const char              *expected)
{
  g_autofree char *destroy_on = mc_retention_destroy_on (policy, closed_on, birth_date);

  g_assert_cmpstr (destroy_on, ==, expected);
}

static void
test_dates (void)
{
  McRetentionPolicy policy;

  mc_retention_policy_init_default (&policy);
  g_assert_cmpuint (policy.years, ==, 20);
  g_assert_cmpint (policy.start, ==, MC_RETENTION_FROM_CLOSING);

  /* From the closing date, a date or a timestamp. */
  assert_destroy_on (&policy, "2026-03-15", NULL, "2046-03-15");
  assert_destroy_on (&policy, "2026-12-31T23:10:00Z", NULL, "2046-12-31");
  /* An open case has none; a minor's birthday does not count by default. */
  assert_destroy_on (&policy, NULL, "2015-06-01", NULL);
  assert_destroy_on (&policy, "garbage", NULL, NULL);
  assert_destroy_on (&policy, "2026-01-10", "2015-06-01", "2046-01-10");

  /* Leap days: 29 February runs to 1 March in a year without one, never a
   * day early; in a leap year it stays. */
  assert_destroy_on (&policy, "2024-02-29", NULL, "2044-02-29");
  policy.years = 5;
  assert_destroy_on (&policy, "2028-02-29", NULL, "2033-03-01");
  assert_destroy_on (&policy, "2028-02-28", NULL, "2033-02-28");

  /* From the 18th birthday, when that is later than the closing. */
  policy.years = 20;
  policy.start = MC_RETENTION_FROM_MAJORITY;
  assert_destroy_on (&policy, "2026-01-10", "2015-06-01", "2053-06-01");
  /* An adult at the closing: from the closing. */
  assert_destroy_on (&policy, "2026-01-10", "1990-06-01", "2046-01-10");
  /* Turning 18 on the day of closing. */
  assert_destroy_on (&policy, "2026-01-10", "2008-01-10", "2046-01-10");
  /* Born on a leap day: 18 on 1 March 2026, then 20 years. */
  assert_destroy_on (&policy, "2020-05-05", "2008-02-29", "2046-03-01");
  /* No birth date known: from the closing. */
  assert_destroy_on (&policy, "2026-01-10", NULL, "2046-01-10");
  assert_destroy_on (&policy, "2026-01-10", "", "2046-01-10");

  /* A change of the period moves the date. */
  policy.start = MC_RETENTION_FROM_CLOSING;
  policy.years = 15;
  assert_destroy_on (&policy, "2026-03-15", NULL, "2041-03-15");

  g_assert_true (mc_retention_is_due ("2041-03-15", "2041-03-15"));
  g_assert_true (mc_retention_is_due ("2041-03-15", "2041-03-16"));
  g_assert_false (mc_retention_is_due ("2041-03-15", "2041-03-14"));
  g_assert_false (mc_retention_is_due (NULL, "2041-03-14"));
}

static char *
read_default_protocol (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "protocol", "ambiq.xml", NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static McProtocol *
protocol_with_retention (Fixture    *fixture,
                         const char *element)
{
  g_autofree char *contents = read_default_protocol ();
  g_autofree char *path = g_build_filename (fixture->tmp, "protocol.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = g_strsplit (contents, "<retention years=\"20\" count-from=\"closing\"/>", 2);
  g_autofree char *changed = NULL;
  McProtocol *protocol;

  g_assert_nonnull (parts[1]);
  changed = g_strconcat (parts[0], element, parts[1], NULL);
  g_assert_true (g_file_set_contents (path, changed, -1, &error));
  protocol = mc_protocol_new_from_path (path, &error);
  if (protocol == NULL)
    g_test_message ("%s", error->message);
  return protocol;
}

static void
test_protocol (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) builtin = mc_protocol_new_default (&error);
  g_autoptr(McProtocol) majority = NULL;
  g_autoptr(McProtocol) without = NULL;
  g_autoptr(McProtocol) zero = NULL;
  McRetentionPolicy policy;

  g_assert_no_error (error);
  mc_protocol_get_retention (builtin, &policy);
  g_assert_cmpuint (policy.years, ==, 20);
  g_assert_cmpint (policy.start, ==, MC_RETENTION_FROM_CLOSING);

  majority = protocol_with_retention (fixture, "<retention years=\"15\" count-from=\"majority\"/>");
  g_assert_nonnull (majority);
  mc_protocol_get_retention (majority, &policy);
  g_assert_cmpuint (policy.years, ==, 15);
  g_assert_cmpint (policy.start, ==, MC_RETENTION_FROM_MAJORITY);

  /* Optional: without it, the default. */
  without = protocol_with_retention (fixture, "");
  g_assert_nonnull (without);
  mc_protocol_get_retention (without, &policy);
  g_assert_cmpuint (policy.years, ==, 20);
  g_assert_cmpint (policy.start, ==, MC_RETENTION_FROM_CLOSING);

  zero = protocol_with_retention (fixture, "<retention years=\"0\"/>");
  g_assert_null (zero);
}

static void
test_due_list (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) old = NULL;
  g_autoptr(McCase) recent = NULL;
  g_autoptr(McCase) minor = NULL;
  g_autoptr(McCase) open = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autofree char *destroy_on = NULL;
  McRetentionPolicy policy;
  McStore *store = create_store (fixture->dir);

  old = add_case (store, "Oud Geval", "1980-01-01");
  recent = add_case (store, "Recent Geval", "1980-01-01");
  minor = add_case (store, "Kind Geval", "2016-04-02");
  open = add_case (store, "Open Geval", "1980-01-01");
  close_case_on (store, old, "2001-05-01");
  close_case_on (store, recent, "2025-05-01");
  close_case_on (store, minor, "2001-05-01");

  mc_retention_policy_init_default (&policy);
  due = mc_store_list_due_for_destruction (store, &policy, "2026-06-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpstr (((McRetentionItem *) due->pdata[0])->destroy_on, ==, "2021-05-01");
  g_assert_cmpstr (((McRetentionItem *) due->pdata[0])->closed_on, ==, "2001-05-01");
  g_assert_cmpint (((McRetentionItem *) due->pdata[0])->case_id, ==, mc_record_get_id (MC_RECORD (old)));
  g_clear_pointer (&due, g_ptr_array_unref);

  /* From the 18th birthday, the minor's case waits until 2054. */
  policy.start = MC_RETENTION_FROM_MAJORITY;
  due = mc_store_list_due_for_destruction (store, &policy, "2026-06-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_clear_pointer (&due, g_ptr_array_unref);
  g_assert_true (mc_store_get_destroy_on (store, mc_record_get_id (MC_RECORD (minor)), &policy,
                                          &destroy_on, &error));
  g_assert_cmpstr (destroy_on, ==, "2054-04-02");
  g_clear_pointer (&destroy_on, g_free);

  /* A shorter period makes more due; the day itself counts. */
  policy.start = MC_RETENTION_FROM_CLOSING;
  policy.years = 1;
  due = mc_store_list_due_for_destruction (store, &policy, "2026-05-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 3);
  g_clear_pointer (&due, g_ptr_array_unref);

  g_assert_true (mc_store_get_destroy_on (store, mc_record_get_id (MC_RECORD (open)), &policy,
                                          &destroy_on, &error));
  g_assert_null (destroy_on);

  close_store (store);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) open = NULL;
  g_autoptr(McCase) recent = NULL;
  g_autoptr(McCase) expired = NULL;
  g_autoptr(GPtrArray) tombstones = NULL;
  McRetentionPolicy policy;
  McStore *store = create_store (fixture->dir);
  gboolean early = FALSE;
  gint64 id;

  mc_retention_policy_init_default (&policy);
  open = add_case (store, "Open Geval", NULL);
  recent = add_case (store, "Recent Geval", NULL);
  expired = add_case (store, "Oud Geval", NULL);
  close_case_on (store, recent, "2025-05-01");
  close_case_on (store, expired, "2001-05-01");
  id = mc_record_get_id (MC_RECORD (open));

  /* Open: not as expired, and on request only with the second
   * confirmation and a date that has been. */
  g_assert_true (mc_store_destruction_is_early (store, id, &policy, &early, &error));
  g_assert_true (early);
  g_assert_false (mc_store_destroy_case (store, id, MC_DESTROY_EXPIRED, NULL, &policy,
                                         MC_DESTROY_CONFIRMED_EARLY, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_store_destroy_case (store, id, MC_DESTROY_REQUEST, "2026-01-05", &policy,
                                         MC_DESTROY_FLAGS_NONE, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_store_destroy_case (store, id, MC_DESTROY_REQUEST, NULL, &policy,
                                         MC_DESTROY_CONFIRMED_EARLY, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_store_destroy_case (store, id, MC_DESTROY_REQUEST, "2999-01-01", &policy,
                                         MC_DESTROY_CONFIRMED_EARLY, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Closed, period not run: the same. */
  g_assert_false (mc_store_destroy_case (store, mc_record_get_id (MC_RECORD (recent)), MC_DESTROY_EXPIRED,
                                         NULL, &policy, MC_DESTROY_FLAGS_NONE, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* No such case. */
  g_assert_false (mc_store_destroy_case (store, 999, MC_DESTROY_EXPIRED, NULL, &policy,
                                         MC_DESTROY_FLAGS_NONE, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing was destroyed by any of that. */
  tombstones = mc_store_list_destroyed (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tombstones->len, ==, 0);
  g_clear_pointer (&tombstones, g_ptr_array_unref);

  /* Expired needs no second confirmation; the open case goes with it. */
  g_assert_true (mc_store_destroy_case (store, mc_record_get_id (MC_RECORD (expired)), MC_DESTROY_EXPIRED,
                                        NULL, &policy, MC_DESTROY_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_destroy_case (store, id, MC_DESTROY_REQUEST, "2026-01-05", &policy,
                                        MC_DESTROY_CONFIRMED_EARLY, &error));
  g_assert_no_error (error);

  tombstones = mc_store_list_destroyed (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tombstones->len, ==, 2);
  g_assert_cmpstr (((McTombstone *) tombstones->pdata[0])->reason, ==, "expired");
  g_assert_null (((McTombstone *) tombstones->pdata[0])->request_date);
  g_assert_cmpstr (((McTombstone *) tombstones->pdata[0])->destroy_on, ==, "2021-05-01");
  g_assert_cmpstr (((McTombstone *) tombstones->pdata[1])->reason, ==, "request");
  g_assert_cmpstr (((McTombstone *) tombstones->pdata[1])->request_date, ==, "2026-01-05");
  g_assert_cmpstr (((McTombstone *) tombstones->pdata[1])->destroyed_by, ==, "Petra Jansen");
  g_assert_cmpstr (((McTombstone *) tombstones->pdata[1])->number, ==,
                   mc_record_get_string (MC_RECORD (open), "number"));
  g_assert_null (((McTombstone *) tombstones->pdata[1])->destroy_on);

  g_assert_null (mc_store_load_case (store, id, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Again: no such case any more. */
  g_assert_false (mc_store_destroy_case (store, id, MC_DESTROY_REQUEST, "2026-01-05", &policy,
                                         MC_DESTROY_CONFIRMED_EARLY, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  close_store (store);
}

/* The marker test */

static gboolean
decrypt_page (const guint8 *page,
              guint32       pgno,
              const guint8 *key,
              guint8        out[PAGE_SIZE])
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  gsize start = pgno == 1 ? 16 : 0;
  int length = 0;
  int final = 0;
  gboolean ok;

  memset (out, 0, PAGE_SIZE);
  ok = EVP_DecryptInit_ex (ctx, EVP_aes_256_cbc (), NULL, key, page + PAGE_SIZE - RESERVE) == 1
       && EVP_CIPHER_CTX_set_padding (ctx, 0) == 1
       && EVP_DecryptUpdate (ctx, out + start, &length, page + start,
                             (int) (PAGE_SIZE - RESERVE - start)) == 1
       && EVP_DecryptFinal_ex (ctx, out + start + length, &final) == 1;
  EVP_CIPHER_CTX_free (ctx);
  return ok;
}

/* Every page of a database file (@wal FALSE) or every frame of a WAL,
 * decrypted with @key (NULL: none, the file as it is), lowercased (the search key folds names), one after another;
 * a file that is not whole pages is kept as it is too. */
static GByteArray *
plaintext_of (const char   *path,
              gboolean      wal,
              const guint8 *key,
              guint        *n_pages)
{
  g_autofree char *data = NULL;
  gsize size = 0;
  GByteArray *out = g_byte_array_new ();
  guint8 page[PAGE_SIZE];
  gsize offset = wal ? 32 : 0;

  *n_pages = 0;
  if (!g_file_get_contents (path, &data, &size, NULL))
    return out;

  while (key != NULL && offset + (wal ? 24 : 0) + PAGE_SIZE <= size)
    {
      guint32 pgno = wal ? GUINT32_FROM_BE (*(guint32 *) (data + offset))
                         : (guint32) (offset / PAGE_SIZE) + 1;
      const guint8 *encrypted = (const guint8 *) data + offset + (wal ? 24 : 0);

      g_assert_true (decrypt_page (encrypted, pgno, key, page));
      if (pgno == 1)
        {
          /* The header as SQLite wrote it: 1024-byte pages, at least the
           * 48 reserved bytes SQLCipher 3 uses (a store made by SQLCipher
           * 4 says 80, the size of its default HMAC, and reads alike). */
          g_assert_cmpint (page[16], ==, 0x04);
          g_assert_cmpint (page[17], ==, 0x00);
          g_assert_cmpint (page[20], >=, RESERVE);
        }
      g_byte_array_append (out, page, PAGE_SIZE);
      offset += (wal ? 24 : 0) + PAGE_SIZE;
      (*n_pages)++;
    }
  /* And the file as it is, for whatever is not a page. */
  g_byte_array_append (out, (const guint8 *) data, size);

  for (guint i = 0; i < out->len; i++)
    out->data[i] = (guint8) g_ascii_tolower (out->data[i]);
  return out;
}

static gboolean
contains (GByteArray *haystack,
          const void *needle,
          gsize       size)
{
  /* An empty file (a truncated WAL) has no data pointer at all. */
  return size > 0 && haystack->len >= size && memmem (haystack->data, haystack->len, needle, size) != NULL;
}

/* How many of @markers (lowercase) the files of the store in @dir hold. */
static guint
count_markers (const char   *dir,
               const McSecret *data_key,
               GPtrArray    *markers,
               GBytes       *extra,
               gboolean     *extra_found)
{
  static const char * const names[] = { "cases.db", "cases.db-wal", "cases.db-shm" };
  guint found = 0;

  if (extra_found != NULL)
    *extra_found = FALSE;
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *path = g_build_filename (dir, names[n], NULL);
      guint n_pages = 0;
      /* The SHM holds the WAL's index, not pages: read as it is. */
      g_autoptr(GByteArray) text = plaintext_of (path, n == 1, n == 2 ? NULL : mc_secret_get_data (data_key),
                                                 &n_pages);

      if (n == 0)
        g_assert_cmpuint (n_pages, >, 0);
      for (guint i = 0; i < markers->len; i++)
        if (contains (text, markers->pdata[i], strlen (markers->pdata[i])))
          {
            g_test_message ("%s in %s", (const char *) markers->pdata[i], names[n]);
            found++;
          }
      if (extra != NULL && extra_found != NULL
          && contains (text, g_bytes_get_data (extra, NULL), g_bytes_get_size (extra)))
        *extra_found = TRUE;
    }
  return found;
}

/* Sets every text field of @record that the user can write to a new
 * marker and saves it, each on its own; a field the store refuses (a
 * value not allowed, as "status") is left. */
static void
mark_fields (McStore    *store,
             McRecord   *record,
             char        round,
             GPtrArray  *markers,
             guint      *serial)
{
  guint n_fields;
  const McField *fields = mc_record_class_get_fields (MC_RECORD_GET_CLASS (record), &n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      const McField *field = &fields[i];
      g_autofree char *before = NULL;
      g_autofree char *marker = NULL;
      g_autoptr(GError) error = NULL;

      if ((field->kind != MC_FIELD_TEXT && field->kind != MC_FIELD_LINES)
          || (field->flags & (MC_FIELD_FLAG_CREATED | MC_FIELD_FLAG_UPDATED | MC_FIELD_FLAG_FIXED)) != 0
          || g_str_equal (field->column, "status") || g_str_equal (field->column, "kind"))
        continue;

      before = mc_record_dup_field_text (record, field);
      marker = g_strdup_printf ("QzMark%04u%c", (*serial)++, round);
      mc_record_set_field_text (record, field, marker);
      if (mc_store_update_field (store, record, field->name, &error))
        {
          g_test_message ("%s: %s.%s", marker, mc_record_class_get_table (MC_RECORD_GET_CLASS (record)),
                          field->column);
          g_ptr_array_add (markers, g_ascii_strdown (marker, -1));
        }
      else
        mc_record_set_field_text (record, field, before);
    }
}

static void
test_markers (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) other_markers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(McSecret) data_key = NULL;
  g_autoptr(McCase) kase = NULL;
  g_autoptr(McCase) other = NULL;
  g_autoptr(GBytes) wrapped = NULL;
  g_autofree char *before_path = g_build_filename (fixture->tmp, "before.mcbackup", NULL);
  g_autofree char *after_path = g_build_filename (fixture->tmp, "after.mcbackup", NULL);
  g_autofree char *before_dir = g_build_filename (fixture->tmp, "before", NULL);
  g_autofree char *after_dir = g_build_filename (fixture->tmp, "after", NULL);
  g_autofree char *export_marker = g_strdup ("/home/petra/QzMarkExportFile.pdf");
  McRetentionPolicy policy;
  McStore *store = create_store (fixture->dir);
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);
  guint serial = 0;
  gboolean key_found = FALSE;
  gint64 case_id;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 n_rows;

  mc_retention_policy_init_default (&policy);
  data_key = load_data_key (fixture->dir, PASSPHRASE);
  kase = add_case (store, "Start Naam", "2015-01-01");
  case_id = mc_record_get_id (MC_RECORD (kase));
  other = add_case (store, "Blijft Bestaan", "2015-01-01");

  /* Every record type, every text field, twice: the first markers live on
   * only in the trail's old values. */
  mark_fields (store, MC_RECORD (kase), 'a', markers, &serial);
  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(McRecord) record = g_object_new (types[t], NULL);
      guint n_fields;
      const McField *fields = mc_record_class_get_fields (MC_RECORD_GET_CLASS (record), &n_fields);

      mc_record_set_case_id (record, case_id);
      /* Required fields get a marker before the insert. */
      for (guint i = 0; i < n_fields; i++)
        if ((fields[i].flags & MC_FIELD_FLAG_REQUIRED) != 0 && fields[i].kind == MC_FIELD_TEXT
            && mc_record_get_string (record, fields[i].name) == NULL)
          {
            g_autofree char *marker = g_strdup_printf ("QzMark%04uq", serial++);

            mc_record_set_field_text (record, &fields[i], marker);
            g_ptr_array_add (markers, g_ascii_strdown (marker, -1));
          }
      if (!mc_store_insert (store, record, &error))
        g_error ("%s: %s", g_type_name (types[t]), error->message);
      mark_fields (store, record, 'a', markers, &serial);
      mark_fields (store, record, 'b', markers, &serial);
    }
  mark_fields (store, MC_RECORD (kase), 'b', markers, &serial);
  /* A long text spills onto overflow pages, which become free pages. */
  {
    g_autoptr(McSignal) signal = mc_signal_new (case_id);
    g_autoptr(GString) text = g_string_new (NULL);
    g_autoptr(GError) insert_error = NULL;

    for (guint i = 0; i < 200; i++)
      g_string_append_printf (text, "QzMarkLong%04u ", i);
    mc_record_set_string (MC_RECORD (signal), "description", text->str);
    g_assert_true (mc_store_insert (store, MC_RECORD (signal), &insert_error));
    g_assert_no_error (insert_error);
    for (guint i = 0; i < 200; i += 37)
      g_ptr_array_add (markers, g_strdup_printf ("qzmarklong%04u", i));
  }
  g_assert_true (mc_store_log_event (store, MC_AUDIT_EVENT_EXPORT, case_id, export_marker, &error));
  g_ptr_array_add (markers, g_ascii_strdown ("QzMarkExportFile", -1));
  /* The other case keeps its own. */
  mark_fields (store, MC_RECORD (other), 'z', other_markers, &serial);
  g_test_message ("%u markers", markers->len);
  g_assert_cmpuint (markers->len, >=, 40);

  /* The close note too. */
  {
    g_autoptr(GError) close_error = NULL;
    g_assert_true (mc_store_close_case (store, kase, "other", "QzMarkCloseNote", NULL, &close_error));
    g_assert_no_error (close_error);
    g_ptr_array_add (markers, g_strdup ("qzmarkclosenote"));
  }

  g_assert_true (mc_store_backup (store, before_path, &error));
  g_assert_no_error (error);
  close_store (store);

  /* The scan sees the markers of the store as it is (the last values). */
  g_assert_cmpuint (count_markers (fixture->dir, data_key, markers, NULL, NULL), >, markers->len / 3);

  db = open_raw (fixture->dir, PASSPHRASE);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT wrapped FROM case_keys WHERE case_id = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, case_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  wrapped = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  /* Before: the trail's values about the case open. */
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE case_id = 1 AND new_value IS NOT NULL"
                                        " AND mc_audit_open (id, case_id, 1, new_value) IS NULL"), ==, 0);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE case_id = 1"
                                        " AND mc_audit_open (id, case_id, 0, old_value) LIKE 'QzMark%a'"), >, 10);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  /* The case number stays, in the destruction register, by design; every
   * other marker (an earlier number too) must go. */
  {
    g_autofree char *number = g_ascii_strdown (mc_record_get_string (MC_RECORD (kase), "number"), -1);
    guint index;

    g_assert_true (g_str_has_prefix (number, "qzmark"));

    g_assert_true (g_ptr_array_find_with_equal_func (markers, number, g_str_equal, &index));
    g_ptr_array_remove_index (markers, index);
  }

  /* Destroy, with the store open: the WAL and SHM are there. */
  store = open_store (fixture->dir);
  g_assert_true (mc_store_destroy_case (store, case_id, MC_DESTROY_REQUEST, "2026-01-05", &policy,
                                        MC_DESTROY_CONFIRMED_EARLY, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_markers (fixture->dir, data_key, markers, wrapped, &key_found), ==, 0);
  g_assert_false (key_found);
  /* There are free pages, and the scan read them. */
  {
    sqlite3_stmt *freelist = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (mc_store_get_connection (store), "PRAGMA freelist_count", -1,
                                         &freelist, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (freelist), ==, SQLITE_ROW);
    g_test_message ("%d free pages after the destruction", sqlite3_column_int (freelist, 0));
    g_assert_cmpint (sqlite3_column_int (freelist, 0), >, 0);
    sqlite3_finalize (freelist);
  }

  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_integrity_check (store, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_backup (store, after_path, &error));
  g_assert_no_error (error);
  close_store (store);

  /* Closed, checkpointed by SQLite: still none. */
  g_assert_cmpuint (count_markers (fixture->dir, data_key, markers, wrapped, &key_found), ==, 0);
  g_assert_false (key_found);
  /* The other case is untouched. */
  g_assert_cmpuint (count_markers (fixture->dir, data_key, other_markers, NULL, NULL), >, 0);

  /* A backup made after holds nothing; one made before still holds it
   * (which the destruction dialog says). */
  g_assert_true (mc_store_restore (after_path, after_dir, PASSPHRASE, FALSE, MC_RESTORE_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_markers (after_dir, data_key, markers, wrapped, &key_found), ==, 0);
  g_assert_false (key_found);
  g_assert_true (mc_store_restore (before_path, before_dir, PASSPHRASE, FALSE, MC_RESTORE_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_markers (before_dir, data_key, markers, NULL, NULL), >, 0);

  /* The case's rows remain in the trail, and none of their values opens. */
  db = open_raw (fixture->dir, PASSPHRASE);
  n_rows = mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE case_id = 1");
  g_assert_cmpint (n_rows, >, 2 * (gint64) markers->len / 2);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE case_id = 1"
                                        " AND (new_value IS NOT NULL OR old_value IS NOT NULL)"), >, 40);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE case_id = 1"
                                        " AND (mc_audit_open (id, case_id, 0, old_value) IS NOT NULL"
                                        "      OR mc_audit_open (id, case_id, 1, new_value) IS NOT NULL)"), ==, 0);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM case_keys WHERE case_id = 1"), ==, 0);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE case_id = 1 AND event = 'destroy'"), ==, 1);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM purge_pending"), ==, 0);
  /* The other case's values still open. */
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE case_id = 2"
                                        " AND mc_audit_open (id, case_id, 1, new_value) LIKE 'QzMark%z'"), >, 0);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* A received case brings its sender's history (schema 8's
 * received_history), in plain columns below the store's encryption rather
 * than sealed with the case key. Destroying the case must leave no page
 * that holds it. The first round of markers lives on only as the history's
 * old values, so the scan before the destruction proves it reads them. */
static void
test_markers_received (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) first_round = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(McSecret) data_key = NULL;
  g_autoptr(McCase) sent = NULL;
  g_autoptr(McCase) other = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *sender_dir = g_build_filename (fixture->tmp, "sender", NULL);
  g_autofree char *number = NULL;
  McRetentionPolicy policy;
  McStore *sender = create_store (sender_dir);
  McStore *store;
  guint serial = 0;
  guint index;
  gint64 received_id = 0;
  sqlite3 *db;

  mc_retention_policy_init_default (&policy);
  sent = add_case (sender, "Verzonden Naam", "2015-01-01");
  mark_fields (sender, MC_RECORD (sent), 'a', markers, &serial);
  for (guint i = 0; i < markers->len; i++)
    g_ptr_array_add (first_round, g_strdup (markers->pdata[i]));
  mark_fields (sender, MC_RECORD (sent), 'b', markers, &serial);
  g_assert_cmpuint (first_round->len, >=, 5);
  payload = mc_store_build_transfer_payload (sender, mc_record_get_id (MC_RECORD (sent)), &error);
  g_assert_no_error (error);
  close_store (sender);

  store = create_store (fixture->dir);
  other = add_case (store, "Blijft Bestaan", "2015-01-01");
  g_assert_true (mc_store_receive_payload (store, payload, MC_RECEIVE_ASK, &received_id, NULL, &error));
  g_assert_no_error (error);
  history = mc_store_list_received_history (store, received_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >=, first_round->len);
  close_store (store);

  /* Before: the first round is on the pages, in the received history. */
  data_key = load_data_key (fixture->dir, PASSPHRASE);
  g_assert_cmpuint (count_markers (fixture->dir, data_key, first_round, NULL, NULL), ==, first_round->len);
  db = open_raw (fixture->dir, PASSPHRASE);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM received_history WHERE old_value LIKE 'QzMark%a'"),
                   >=, (gint64) first_round->len);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  /* The number stays in the destruction register, by design. */
  number = g_ascii_strdown (mc_record_get_string (MC_RECORD (sent), "number"), -1);
  g_assert_true (g_ptr_array_find_with_equal_func (markers, number, g_str_equal, &index));
  g_ptr_array_remove_index (markers, index);

  store = open_store (fixture->dir);
  g_assert_true (mc_store_destroy_case (store, received_id, MC_DESTROY_REQUEST, "2026-01-05", &policy,
                                        MC_DESTROY_CONFIRMED_EARLY, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_markers (fixture->dir, data_key, markers, NULL, NULL), ==, 0);
  close_store (store);
  g_assert_cmpuint (count_markers (fixture->dir, data_key, markers, NULL, NULL), ==, 0);

  db = open_raw (fixture->dir, PASSPHRASE);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM received_history"), ==, 0);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM cases"), ==, 1);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* The access log */

static void
test_access_log (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) kase = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autofree char *number = NULL;
  McRetentionPolicy policy;
  McStore *store = create_store (fixture->dir);
  gint64 id;

  mc_retention_policy_init_default (&policy);
  mc_store_set_actor (store, "Petra Jansen", "taakhouder", "Ambiq");
  kase = add_case (store, "Anja de Vries", NULL);
  id = mc_record_get_id (MC_RECORD (kase));
  number = g_strdup (mc_record_get_string (MC_RECORD (kase), "number"));
  g_assert_true (mc_store_log_event (store, MC_AUDIT_EVENT_VIEW, id, NULL, &error));
  g_assert_true (mc_store_destroy_case (store, id, MC_DESTROY_REQUEST, "2026-01-05", &policy,
                                        MC_DESTROY_CONFIRMED_EARLY, &error));
  g_assert_no_error (error);

  all = mc_store_list_access_log (store, 0, &error);
  g_assert_no_error (error);
  one = mc_store_list_access_log (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 3);
  g_assert_cmpuint (all->len, >, one->len);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpint (((McAccessEntry *) all->pdata[i - 1])->id, <, ((McAccessEntry *) all->pdata[i])->id);
  for (guint i = 0; i < one->len; i++)
    {
      McAccessEntry *entry = one->pdata[i];

      /* The destroyed case's number from the register. */
      g_assert_cmpstr (entry->case_number, ==, number);
      g_assert_cmpstr (entry->user_name, ==, "Petra Jansen");
      g_assert_cmpstr (entry->user_role, ==, "taakhouder");
      g_assert_cmpstr (entry->on_behalf_of, ==, "Ambiq");
      g_assert_nonnull (entry->at);
    }
  g_assert_cmpstr (((McAccessEntry *) one->pdata[0])->action, ==, "create");
  g_assert_cmpstr (((McAccessEntry *) one->pdata[0])->subject, ==, "cases");
  g_assert_cmpstr (((McAccessEntry *) one->pdata[1])->action, ==, "view");
  g_assert_cmpstr (((McAccessEntry *) one->pdata[2])->action, ==, "destroy");

  g_assert_null (mc_store_list_access_log (store, 4242, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  close_store (store);
}

/* The 0.1.0 fixture, sealed by the migration */

static void
copy_fixture (const char *to)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "store-0.1.0", "store", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "cases.db" : "key";
      g_autofree char *from = g_build_filename (fixture, name, NULL);
      g_autofree char *dest = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize size;

      g_assert_true (g_file_get_contents (from, &contents, &size, &error));
      g_assert_true (g_file_set_contents (dest, contents, (gssize) size, &error));
      g_assert_no_error (error);
    }
}

/* "id|old|new" of every row, the values as plaintext. */
static GPtrArray *
audit_values (sqlite3  *db,
              gboolean  sealed)
{
  const char *sql = sealed
    ? "SELECT id, mc_audit_open (id, case_id, 0, old_value), mc_audit_open (id, case_id, 1, new_value),"
      " event, case_id, entity, field, at, user_name FROM audit_log ORDER BY id"
    : "SELECT id, old_value, new_value, event, case_id, entity, field, at, user_name"
      " FROM audit_log ORDER BY id";
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, g_strdup_printf ("%s|%s|%s|%s|%s|%s|%s|%s|%s",
                                            sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                                            sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 3),
                                            sqlite3_column_text (stmt, 4), sqlite3_column_text (stmt, 5),
                                            sqlite3_column_text (stmt, 6), sqlite3_column_text (stmt, 7),
                                            sqlite3_column_text (stmt, 8)));
  sqlite3_finalize (stmt);
  return rows;
}

static void
test_migration_fixture (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) history = NULL;
  McStore *store;
  sqlite3 *db;

  copy_fixture (fixture->dir);
  db = open_raw (fixture->dir, FIXTURE_PASSPHRASE);
  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, 3);
  before = audit_values (db, FALSE);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE case_id IS NOT NULL"
                                        " AND typeof (new_value) = 'text'"), >, 20);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = mc_store_open (fixture->dir, FIXTURE_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  history = mc_store_list_case_history (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >, 5);
  close_store (store);

  db = open_raw (fixture->dir, FIXTURE_PASSPHRASE);
  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, MC_STORE_SCHEMA_VERSION);
  /* Every value about a case is sealed, under that case's key. */
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM audit_log WHERE case_id IS NOT NULL"
                                        " AND (typeof (old_value) = 'text' OR typeof (new_value) = 'text')"), ==, 0);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM case_keys"), ==, 2);
  /* Nothing lost: every row, every value, as it was. */
  after = audit_values (db, TRUE);
  g_assert_cmpuint (after->len, >=, before->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (after->pdata[i], ==, before->pdata[i]);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* A chain broken before the migration stays broken at the same row:
 * sealing does not launder an edit. */
static void
test_migration_broken_chain (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  McStore *store;
  sqlite3 *db;
  gint64 bad = 0;

  copy_fixture (fixture->dir);
  db = open_raw (fixture->dir, FIXTURE_PASSPHRASE);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_log_no_update;"
                                     "UPDATE audit_log SET new_value = 'Marloes' WHERE id = 7;"
                                     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
                                     " BEGIN SELECT RAISE (ABORT, 'the audit log cannot be changed'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = mc_store_open (fixture->dir, FIXTURE_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_false (mc_store_verify_audit (store, &bad, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
  g_assert_cmpint (bad, ==, 7);
  close_store (store);
}

/* A case's history */

/* The changes of the client number in @kase's history, the newest first,
 * as "old>new" joined by spaces ("-" for a value that does not read, or
 * none); the rows are all there either way. */
static char *
history_numbers (McStore *store,
                 McCase  *kase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = mc_store_list_case_history (store, mc_record_get_id (MC_RECORD (kase)),
                                                             &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      const McHistoryEntry *entry = g_ptr_array_index (history, i);

      if (g_strcmp0 (entry->field, "client_number") != 0)
        continue;
      g_string_append_printf (out, "%s%s>%s", out->len > 0 ? " " : "",
                              entry->old_value != NULL ? entry->old_value : "-",
                              entry->new_value != NULL ? entry->new_value : "-");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
set_client_number (McStore    *store,
                   McCase     *kase,
                   const char *number)
{
  g_autoptr(GError) error = NULL;

  mc_record_set_string (MC_RECORD (kase), "client-number", number);
  g_assert_true (mc_store_update_field (store, MC_RECORD (kase), "client-number", &error));
  g_assert_no_error (error);
}

/* A history's sealed values open with the case's key, unwrapped once per
 * read of the history: each case's own; a key that does not unwrap, or
 * one that is gone, makes the values unreadable, and nothing else. */
static void
test_history_case_key (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(McCase) first = NULL;
  g_autoptr(McCase) second = NULL;
  g_autofree char *numbers = NULL;
  g_autofree char *sql = NULL;
  McStore *store = create_store (fixture->dir);
  sqlite3 *db;

  first = add_case (store, "Anja de Vries", "2015-04-01");
  second = add_case (store, "Sem Jansen", "2016-05-02");
  set_client_number (store, first, "A-1");
  set_client_number (store, second, "B-1");
  set_client_number (store, first, "A-2");

  numbers = history_numbers (store, first);
  g_assert_cmpstr (numbers, ==, "A-1>A-2 ->A-1");
  g_clear_pointer (&numbers, g_free);
  numbers = history_numbers (store, second);
  g_assert_cmpstr (numbers, ==, "->B-1");
  g_clear_pointer (&numbers, g_free);
  close_store (store);

  /* The first case's wrapped key changed, the second's gone. */
  db = open_raw (fixture->dir, PASSPHRASE);
  sql = g_strdup_printf ("UPDATE case_keys SET wrapped = zeroblob (length (wrapped)) WHERE case_id = %" G_GINT64_FORMAT ";"
                         "DELETE FROM case_keys WHERE case_id = %" G_GINT64_FORMAT,
                         mc_record_get_id (MC_RECORD (first)), mc_record_get_id (MC_RECORD (second)));
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = open_store (fixture->dir);
  numbers = history_numbers (store, first);
  g_assert_cmpstr (numbers, ==, "->- ->-");
  g_clear_pointer (&numbers, g_free);
  numbers = history_numbers (store, second);
  g_assert_cmpstr (numbers, ==, "->-");
  close_store (store);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/retention/dates", test_dates);
  g_test_add ("/retention/protocol", Fixture, NULL, fixture_set_up, test_protocol, fixture_tear_down);
  g_test_add ("/retention/due-list", Fixture, NULL, fixture_set_up, test_due_list, fixture_tear_down);
  g_test_add ("/retention/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/retention/markers", Fixture, NULL, fixture_set_up, test_markers, fixture_tear_down);
  g_test_add ("/retention/markers-received", Fixture, NULL, fixture_set_up, test_markers_received,
              fixture_tear_down);
  g_test_add ("/retention/access-log", Fixture, NULL, fixture_set_up, test_access_log, fixture_tear_down);
  g_test_add ("/retention/history-case-key", Fixture, NULL, fixture_set_up, test_history_case_key,
              fixture_tear_down);
  g_test_add ("/retention/migration-0.1.0", Fixture, NULL, fixture_set_up, test_migration_fixture,
              fixture_tear_down);
  g_test_add ("/retention/migration-broken-chain", Fixture, NULL, fixture_set_up, test_migration_broken_chain,
              fixture_tear_down);

  return g_test_run ();
}
