/* test-case-file.c: a case handed over in a sealed case file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "mc-case-file.h"
#include "mc-records.h"
#include "mc-report-builder.h"
#include "mc-report-import.h"
#include "mc-store-transfer.h"
#include "mc-test-util.h"
#include "report-sample.h"

#define PASSPHRASE   "Correct-Horse-Battery-42"
#define TRANSFER     "4821-0937-5560-1274-8893-0146"
#define PERSON_NOTE  "Notitie-alleen-intern-7741"
#define FORM_ID      "eergerelateerd-geweld"

/* The envelope */

static GBytes *
small_payload (void)
{
  static const char text[] = "a small payload of forty-odd bytes, secret";

  return g_bytes_new_static (text, sizeof text - 1);
}

static McSecret *
random_data_key (void)
{
  return mc_secret_new_random (MC_DATA_KEY_SIZE);
}

static void
test_passphrase_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = small_payload ();
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) opened = NULL;
  McCaseFileSeal seal_mode = 0;

  sealed = mc_case_file_seal_with_passphrase (payload, TRANSFER, MC_KDF_COST_TEST, &error);
  g_assert_no_error (error);
  g_assert_true (mc_case_file_peek (sealed, &seal_mode, &error));
  g_assert_cmpint (seal_mode, ==, MC_CASE_FILE_SEAL_PASSPHRASE);

  /* As read out by phone: spaces instead of dashes, or none. */
  opened = mc_case_file_open_with_passphrase (sealed, "4821 0937 5560 1274 8893 0146", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (opened, payload));
  g_clear_pointer (&opened, g_bytes_unref);
  opened = mc_case_file_open_with_passphrase (sealed, "482109375560127488930146", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (opened, payload));
  g_clear_pointer (&opened, g_bytes_unref);

  opened = mc_case_file_open_with_passphrase (sealed, "4821-0937-5560-1274-8893-0147", &error);
  g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (opened);
  g_clear_error (&error);

  /* Sealed with a passphrase: a store's key does not open it. */
  {
    g_autoptr(McSecret) data_key = random_data_key ();
    g_autoptr(McSecret) secret = mc_case_file_derive_secret_key (data_key);
    guint8 public_key[MC_CASE_FILE_KEY_SIZE];

    mc_case_file_public_key (secret, public_key);
    opened = mc_case_file_open_with_key (sealed, public_key, secret, &error);
    g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WRONG_PASSPHRASE);
    g_assert_null (opened);
  }
}

static void
test_weak_passphrase (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = small_payload ();
  g_autoptr(GBytes) sealed = NULL;

  sealed = mc_case_file_seal_with_passphrase (payload, "12-34-56-78-90", MC_KDF_COST_TEST, &error);
  g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WEAK);
  g_assert_null (sealed);
}

static void
test_generated_passphrase (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 100; i++)
    {
      char *passphrase = mc_case_file_generate_passphrase ();

      g_assert_cmpuint (strlen (passphrase), ==, 29);
      for (guint c = 0; c < 29; c++)
        {
          if (c % 5 == 4)
            g_assert_cmpint (passphrase[c], ==, '-');
          else
            g_assert_true (g_ascii_isdigit (passphrase[c]));
        }
      g_assert_false (g_hash_table_contains (seen, passphrase));
      g_hash_table_add (seen, passphrase);
    }
}

static void
test_key_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = small_payload ();
  g_autoptr(McSecret) data_key = random_data_key ();
  g_autoptr(McSecret) other_data_key = random_data_key ();
  g_autoptr(McSecret) secret = mc_case_file_derive_secret_key (data_key);
  g_autoptr(McSecret) again = mc_case_file_derive_secret_key (data_key);
  g_autoptr(McSecret) other = mc_case_file_derive_secret_key (other_data_key);
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) opened = NULL;
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];
  guint8 other_public_key[MC_CASE_FILE_KEY_SIZE];

  /* Derived, so the same data key (a restored backup) has the same key. */
  g_assert_cmpmem (mc_secret_get_data (secret), 32, mc_secret_get_data (again), 32);
  mc_case_file_public_key (secret, public_key);
  mc_case_file_public_key (other, other_public_key);

  sealed = mc_case_file_seal_to_key (payload, public_key, &error);
  g_assert_no_error (error);
  opened = mc_case_file_open_with_key (sealed, public_key, secret, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (opened, payload));
  g_clear_pointer (&opened, g_bytes_unref);

  opened = mc_case_file_open_with_key (sealed, other_public_key, other, &error);
  g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WRONG_KEY);
  g_assert_null (opened);
  g_clear_error (&error);

  opened = mc_case_file_open_with_passphrase (sealed, TRANSFER, &error);
  g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WRONG_KEY);
  g_assert_null (opened);
}

/* Every byte of @sealed flipped (two ways), and every shorter length:
 * each is refused with an error of the case file's domain. */
static void
assert_every_change_refused (GBytes          *sealed,
                             const char      *passphrase,
                             const guint8    *public_key,
                             const McSecret  *secret)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (sealed, &size);
  g_autofree guint8 *copy = g_memdup2 (data, size);
  const guint8 masks[] = { 0x01, 0x80 };

  for (gsize offset = 0; offset < size; offset++)
    for (guint m = 0; m < G_N_ELEMENTS (masks); m++)
      {
        g_autoptr(GBytes) changed = NULL;
        g_autoptr(GBytes) opened = NULL;
        g_autoptr(GError) error = NULL;

        copy[offset] ^= masks[m];
        changed = g_bytes_new (copy, size);
        copy[offset] ^= masks[m];
        opened = passphrase != NULL ? mc_case_file_open_with_passphrase (changed, passphrase, &error)
                                    : mc_case_file_open_with_key (changed, public_key, secret, &error);
        if (opened != NULL)
          g_error ("a flip of 0x%02x at offset %" G_GSIZE_FORMAT " was not noticed", masks[m], offset);
        g_assert_true (error->domain == MC_CASE_FILE_ERROR);
      }

  for (gsize length = 0; length < size; length++)
    {
      g_autoptr(GBytes) cut = g_bytes_new (data, length);
      g_autoptr(GBytes) opened = NULL;
      g_autoptr(GError) error = NULL;

      opened = passphrase != NULL ? mc_case_file_open_with_passphrase (cut, passphrase, &error)
                                  : mc_case_file_open_with_key (cut, public_key, secret, &error);
      g_assert_null (opened);
      g_assert_true (error->domain == MC_CASE_FILE_ERROR);
      /* A file cut after its magic is a damaged case file, not another
       * kind of file. */
      if (length >= 8)
        g_assert_true (error->code == MC_CASE_FILE_ERROR_DAMAGED);
    }
}

static void
test_every_byte_passphrase (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = small_payload ();
  g_autoptr(GBytes) sealed = mc_case_file_seal_with_passphrase (payload, TRANSFER, MC_KDF_COST_TEST, &error);

  g_assert_no_error (error);
  assert_every_change_refused (sealed, TRANSFER, NULL, NULL);
}

static void
test_every_byte_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = small_payload ();
  g_autoptr(McSecret) data_key = random_data_key ();
  g_autoptr(McSecret) secret = mc_case_file_derive_secret_key (data_key);
  g_autoptr(GBytes) sealed = NULL;
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];

  mc_case_file_public_key (secret, public_key);
  sealed = mc_case_file_seal_to_key (payload, public_key, &error);
  g_assert_no_error (error);
  assert_every_change_refused (sealed, NULL, public_key, secret);
}

static void
test_not_a_case_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) other = g_bytes_new_static ("<?xml version=\"1.0\"?><report/>", 31);
  g_autoptr(GBytes) newer = g_bytes_new_static ("MELDCASE\x02\x01\0\0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 108);

  g_assert_false (mc_case_file_peek (other, NULL, &error));
  g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_case_file_peek (newer, NULL, &error));
  g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_NEWER);
}

static void
test_fingerprint (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSecret) data_key = random_data_key ();
  g_autoptr(McSecret) secret = mc_case_file_derive_secret_key (data_key);
  g_autofree char *fingerprint = NULL;
  g_autofree char *typed = NULL;
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];
  guint8 parsed[MC_CASE_FILE_KEY_SIZE];
  g_auto(GStrv) groups = NULL;

  mc_case_file_public_key (secret, public_key);
  fingerprint = mc_case_file_format_fingerprint (public_key);
  groups = g_strsplit (fingerprint, "-", -1);
  g_assert_cmpuint (g_strv_length (groups), ==, 14);
  for (guint i = 0; groups[i] != NULL; i++)
    g_assert_cmpuint (strlen (groups[i]), ==, 4);

  g_assert_true (mc_case_file_parse_fingerprint (fingerprint, parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (parsed, sizeof parsed, public_key, sizeof public_key);

  /* As people type it: lower case, spaces, O for 0 and l for 1. */
  typed = g_ascii_strdown (fingerprint, -1);
  g_strdelimit (typed, "-", ' ');
  for (char *p = typed; *p != '\0'; p++)
    if (*p == '0')
      *p = 'o';
    else if (*p == '1')
      *p = 'l';
  memset (parsed, 0, sizeof parsed);
  g_assert_true (mc_case_file_parse_fingerprint (typed, parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (parsed, sizeof parsed, public_key, sizeof public_key);

  /* Every single typing error in any position is caught. */
  for (gsize i = 0; fingerprint[i] != '\0'; i++)
    {
      g_autofree char *wrong = g_strdup (fingerprint);

      if (wrong[i] == '-')
        continue;
      wrong[i] = wrong[i] == 'X' ? 'Y' : 'X';
      g_assert_false (mc_case_file_parse_fingerprint (wrong, parsed, &error));
      g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_BAD_FINGERPRINT);
      g_clear_error (&error);
    }
  typed[strlen (typed) - 1] = '\0';
  g_assert_false (mc_case_file_parse_fingerprint (typed, parsed, &error));
  g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_BAD_FINGERPRINT);
}

/* Stores */

typedef struct
{
  char    *tmp;
  McStore *sender;
  McStore *receiver;
  gint64   case_id;
} Fixture;

static McStore *
new_store (const char *tmp,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp, name, NULL);
  g_autofree char *recovery_key = NULL;
  McStore *store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);

  g_assert_no_error (error);
  mc_store_set_actor (store, "Eva de Wit", "Aandachtsfunctionaris", NULL);
  return store;
}

/* The full sample case, with what a report does not carry: a person's
 * notes, a suspected special form, and a history of changes. */
static gint64
add_sample_case (McStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(McCase) case_ = mc_case_new_from_report (report, &error);
  g_autoptr(McCase) stored = NULL;
  g_autoptr(McRecord) person = NULL;
  const char * const forms[] = { FORM_ID, NULL };
  gint64 id = 0;

  g_assert_no_error (error);
  g_assert_true (mc_store_import_case (store, case_, FALSE, &id, &error));
  g_assert_no_error (error);

  stored = mc_store_load_case (store, id, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_reopen_case (store, stored, "Verder na overdracht", &error));
  g_assert_no_error (error);
  person = g_list_model_get_item (mc_case_get_children (stored, MC_TYPE_PERSON), 0);
  mc_record_set_string (person, "notes", PERSON_NOTE);
  g_assert_true (mc_store_update_field (store, person, "notes", &error));
  g_assert_no_error (error);
  mc_record_set_lines (MC_RECORD (stored), "suspected-forms", forms);
  g_assert_true (mc_store_update_field (store, MC_RECORD (stored), "suspected-forms", &error));
  g_assert_no_error (error);

  return id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmp = g_dir_make_tmp ("meldcode-casefile-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->sender = new_store (fixture->tmp, "sender");
  fixture->receiver = new_store (fixture->tmp, "receiver");
  fixture->case_id = add_sample_case (fixture->sender);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_close (fixture->sender, &error));
  g_assert_true (mc_store_close (fixture->receiver, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->sender);
  g_clear_object (&fixture->receiver);
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
}

static char *
case_file_path (Fixture    *fixture,
                const char *name)
{
  return g_build_filename (fixture->tmp, name, NULL);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static guint
count_cases (McStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (cases);
}

static gboolean
is_store_set (const McField *field)
{
  return (field->flags & (MC_FIELD_FLAG_CREATED | MC_FIELD_FLAG_UPDATED))
         || (field->kind == MC_FIELD_TIMESTAMP && (field->flags & MC_FIELD_FLAG_FIXED))
         || strcmp (field->column, "linked_case_id") == 0
         || strcmp (field->column, "person_id") == 0;
}

static void
assert_same_fields (McRecord *a,
                    McRecord *b)
{
  guint n_fields;
  const McField *fields = mc_record_class_get_fields (MC_RECORD_GET_CLASS (a), &n_fields);

  g_assert_true (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b));
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *left = mc_record_dup_field_text (a, &fields[i]);
      g_autofree char *right = mc_record_dup_field_text (b, &fields[i]);

      if (is_store_set (&fields[i]))
        continue;
      if (g_strcmp0 (left, right) != 0)
        g_error ("%s.%s: \"%s\" became \"%s\"", mc_record_class_get_table (MC_RECORD_GET_CLASS (a)),
                 fields[i].column, left, right);
    }
}

static const char *
person_name (McCase   *case_,
             McRecord *conversation)
{
  GListModel *people = mc_case_get_children (case_, MC_TYPE_PERSON);
  gint64 person_id = mc_record_get_integer (conversation, "person-id");

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(McRecord) person = g_list_model_get_item (people, i);

      if (mc_record_get_id (person) == person_id)
        return mc_record_get_string (person, "name");
    }
  return NULL;
}

/* Every record of every type, field by field. */
static void
assert_same_case (McStore *store_a,
                  gint64   id_a,
                  McStore *store_b,
                  gint64   id_b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) a = mc_store_load_case (store_a, id_a, &error);
  g_autoptr(McCase) b = mc_store_load_case (store_b, id_b, &error);
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);
  guint total = 0;

  g_assert_no_error (error);
  assert_same_fields (MC_RECORD (a), MC_RECORD (b));
  for (guint t = 0; t < n_types; t++)
    {
      GListModel *left = mc_case_get_children (a, types[t]);
      GListModel *right = mc_case_get_children (b, types[t]);

      g_assert_cmpuint (g_list_model_get_n_items (left), ==, g_list_model_get_n_items (right));
      for (guint i = 0; i < g_list_model_get_n_items (left); i++)
        {
          g_autoptr(McRecord) l = g_list_model_get_item (left, i);
          g_autoptr(McRecord) r = g_list_model_get_item (right, i);

          assert_same_fields (l, r);
          if (types[t] == MC_TYPE_CONVERSATION)
            g_assert_cmpstr (person_name (a, l), ==, person_name (b, r));
          total++;
        }
    }
  /* The sample case has records of many kinds. */
  g_assert_cmpuint (total, >, 30);
}

/* An entry of @event whose value starts with @prefix, said as @words. */
static gboolean
history_has (GPtrArray    *history,
             McAuditEvent  event,
             const char   *prefix,
             const char   *words)
{
  for (guint i = 0; i < history->len; i++)
    {
      McHistoryEntry *entry = g_ptr_array_index (history, i);
      g_autofree char *said = mc_history_entry_describe (entry);

      if (entry->event == event && g_str_has_prefix (entry->new_value ?: "", prefix)
          && g_strcmp0 (said, words) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_store_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = case_file_path (fixture, "case.meldcase");
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GPtrArray) sent_history = NULL;
  g_autoptr(GPtrArray) received_history = NULL;
  g_autoptr(GPtrArray) own_history = NULL;
  g_autoptr(McCase) received = NULL;
  gint64 id = 0;
  struct stat st;

  sent_history = mc_store_list_case_history (fixture->sender, fixture->case_id, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_transfer_case (fixture->sender, fixture->case_id, TRANSFER,
                                         MC_KDF_COST_TEST, NULL, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  file = read_file (path);
  payload = mc_store_open_case_file (fixture->receiver, file, NULL, &error);
  g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (payload);
  g_clear_error (&error);
  payload = mc_store_open_case_file (fixture->receiver, file, TRANSFER, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_receive_payload (fixture->receiver, payload, MC_RECEIVE_ASK, &id, NULL, &error));
  g_assert_no_error (error);

  assert_same_case (fixture->sender, fixture->case_id, fixture->receiver, id);
  received = mc_store_load_case (fixture->receiver, id, &error);
  g_assert_no_error (error);
  {
    g_autoptr(McRecord) person = g_list_model_get_item (mc_case_get_children (received, MC_TYPE_PERSON), 0);

    g_assert_cmpstr (mc_record_get_string (person, "notes"), ==, PERSON_NOTE);
    g_assert_cmpstr (mc_record_get_lines (MC_RECORD (received), "suspected-forms")[0], ==, FORM_ID);
  }

  /* The history, read only, as the sender had it (the export row came
   * after the file was made). */
  received_history = mc_store_list_received_history (fixture->receiver, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (received_history->len, ==, sent_history->len);
  for (guint i = 0; i < sent_history->len; i++)
    {
      g_autofree char *sent = mc_history_entry_describe (g_ptr_array_index (sent_history, i));
      g_autofree char *got = mc_history_entry_describe (g_ptr_array_index (received_history, i));

      g_assert_cmpstr (sent, ==, got);
    }

  /* Both audit trails record the handover. */
  g_clear_pointer (&sent_history, g_ptr_array_unref);
  sent_history = mc_store_list_case_history (fixture->sender, fixture->case_id, &error);
  g_assert_no_error (error);
  g_assert_true (history_has (sent_history, MC_AUDIT_EVENT_EXPORT, "meldcase ",
                              "Handed the case over in a case file"));
  own_history = mc_store_list_case_history (fixture->receiver, id, &error);
  g_assert_no_error (error);
  g_assert_true (history_has (own_history, MC_AUDIT_EVENT_IMPORT, "meldcase ",
                              "Received the case in a case file"));

  /* And they stay intact. */
  g_assert_true (mc_store_verify_audit (fixture->sender, NULL, &error));
  g_assert_true (mc_store_verify_audit (fixture->receiver, NULL, &error));
  g_assert_no_error (error);
}

static void
test_store_to_key (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = case_file_path (fixture, "to-key.meldcase");
  g_autofree char *fingerprint = mc_store_dup_transfer_fingerprint (fixture->receiver);
  g_autoptr(McStore) third = new_store (fixture->tmp, "third");
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) payload = NULL;
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];
  gint64 id = 0;

  g_assert_true (mc_case_file_parse_fingerprint (fingerprint, public_key, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_transfer_case (fixture->sender, fixture->case_id, NULL, MC_KDF_COST_TEST,
                                         public_key, path, &error));
  g_assert_no_error (error);
  file = read_file (path);

  /* Another store's key: refused, nothing changes. */
  payload = mc_store_open_case_file (third, file, TRANSFER, &error);
  g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WRONG_KEY);
  g_assert_null (payload);
  g_clear_error (&error);
  g_assert_cmpuint (count_cases (third), ==, 0);
  g_assert_true (mc_store_close (third, &error));

  payload = mc_store_open_case_file (fixture->receiver, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_receive_payload (fixture->receiver, payload, MC_RECEIVE_ASK, &id, NULL, &error));
  g_assert_no_error (error);
  assert_same_case (fixture->sender, fixture->case_id, fixture->receiver, id);
}

/* A real case file, sealed to a key (no key derivation, so every byte can
 * be tried): each change is refused and the store is as it was. */
static void
test_store_tampered (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = case_file_path (fixture, "tampered.meldcase");
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GPtrArray) history = NULL;
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];
  gsize size;
  const guint8 *data_bytes;
  g_autofree guint8 *copy = NULL;
  guint n_history;

  mc_store_get_transfer_public_key (fixture->receiver, public_key);
  g_assert_true (mc_store_transfer_case (fixture->sender, fixture->case_id, NULL, MC_KDF_COST_TEST,
                                         public_key, path, &error));
  g_assert_no_error (error);
  file = read_file (path);
  data_bytes = g_bytes_get_data (file, &size);
  copy = g_memdup2 (data_bytes, size);
  history = mc_store_list_case_history (fixture->sender, fixture->case_id, &error);
  g_assert_no_error (error);
  n_history = history->len;

  for (gsize offset = 0; offset < size; offset += (offset < 256 ? 1 : 7))
    {
      g_autoptr(GBytes) changed = NULL;
      g_autoptr(GBytes) payload = NULL;

      copy[offset] ^= 0x20;
      changed = g_bytes_new (copy, size);
      copy[offset] ^= 0x20;
      payload = mc_store_open_case_file (fixture->receiver, changed, NULL, &error);
      g_assert_null (payload);
      g_assert_true (error->domain == MC_CASE_FILE_ERROR);
      g_clear_error (&error);
    }
  for (gsize length = 0; length < size; length += (length < 256 ? 1 : 97))
    {
      g_autoptr(GBytes) cut = g_bytes_new (data_bytes, length);
      g_autoptr(GBytes) payload = mc_store_open_case_file (fixture->receiver, cut, NULL, &error);

      g_assert_null (payload);
      g_assert_true (error->domain == MC_CASE_FILE_ERROR);
      g_clear_error (&error);
    }
  g_assert_cmpuint (count_cases (fixture->receiver), ==, 0);

  /* A payload that is not one (sealed properly, but garbage inside). */
  {
    g_autoptr(GBytes) garbage = g_bytes_new_static ("not a payload at all", 20);
    gint64 id = 0;

    g_assert_false (mc_store_receive_payload (fixture->receiver, garbage, MC_RECEIVE_ASK, &id, NULL, &error));
    g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_DAMAGED);
    g_clear_error (&error);
  }
  g_assert_cmpuint (count_cases (fixture->receiver), ==, 0);
  g_clear_pointer (&history, g_ptr_array_unref);
  history = mc_store_list_case_history (fixture->sender, fixture->case_id, &error);
  g_assert_cmpuint (history->len, ==, n_history);
}

static void
test_store_replay (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = case_file_path (fixture, "replay.meldcase");
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) payload = NULL;
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];
  gint64 first = 0;
  gint64 second = 0;
  gint64 existing = 0;
  gint64 replaced = 0;

  mc_store_get_transfer_public_key (fixture->receiver, public_key);
  g_assert_true (mc_store_transfer_case (fixture->sender, fixture->case_id, NULL, MC_KDF_COST_TEST,
                                         public_key, path, &error));
  g_assert_no_error (error);
  file = read_file (path);
  payload = mc_store_open_case_file (fixture->receiver, file, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (mc_store_receive_payload (fixture->receiver, payload, MC_RECEIVE_ASK, &first, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_cases (fixture->receiver), ==, 1);

  /* The same file again: asked, never silently a second case. */
  g_assert_false (mc_store_receive_payload (fixture->receiver, payload, MC_RECEIVE_ASK, &second,
                                            &existing, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (existing, ==, first);
  g_assert_cmpuint (count_cases (fixture->receiver), ==, 1);

  /* Kept beside it, on request. */
  g_assert_true (mc_store_receive_payload (fixture->receiver, payload, MC_RECEIVE_DUPLICATE, &second,
                                           NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (second, !=, first);
  g_assert_cmpuint (count_cases (fixture->receiver), ==, 2);

  /* Replacing takes the place of one of them, in one transaction. */
  g_assert_true (mc_store_receive_payload (fixture->receiver, payload, MC_RECEIVE_REPLACE, &replaced,
                                           &existing, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_cases (fixture->receiver), ==, 2);
  {
    g_autoptr(McCase) gone = mc_store_load_case (fixture->receiver, existing, &error);

    g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
    g_assert_null (gone);
    g_clear_error (&error);
  }
  assert_same_case (fixture->sender, fixture->case_id, fixture->receiver, replaced);
}

/* A case that goes to a colleague and comes back is the same case. */
static void
test_store_comes_back (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *there = case_file_path (fixture, "there.meldcase");
  g_autofree char *back = case_file_path (fixture, "back.meldcase");
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) payload = NULL;
  guint8 receiver_key[MC_CASE_FILE_KEY_SIZE];
  guint8 sender_key[MC_CASE_FILE_KEY_SIZE];
  gint64 id = 0;
  gint64 existing = 0;

  mc_store_get_transfer_public_key (fixture->receiver, receiver_key);
  mc_store_get_transfer_public_key (fixture->sender, sender_key);
  g_assert_true (mc_store_transfer_case (fixture->sender, fixture->case_id, NULL, MC_KDF_COST_TEST,
                                         receiver_key, there, &error));
  file = read_file (there);
  payload = mc_store_open_case_file (fixture->receiver, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_receive_payload (fixture->receiver, payload, MC_RECEIVE_ASK, &id, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (mc_store_transfer_case (fixture->receiver, id, NULL, MC_KDF_COST_TEST, sender_key,
                                         back, &error));
  g_assert_no_error (error);
  g_clear_pointer (&file, g_bytes_unref);
  g_clear_pointer (&payload, g_bytes_unref);
  file = read_file (back);
  payload = mc_store_open_case_file (fixture->sender, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (mc_store_receive_payload (fixture->sender, payload, MC_RECEIVE_ASK, &id, &existing, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS);
  g_assert_cmpint (existing, ==, fixture->case_id);
}

static gboolean
contains (GBytes     *haystack,
          const char *needle)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (haystack, &size);

  return memmem (data, size, needle, strlen (needle)) != NULL;
}

static void
test_store_no_markers (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *by_passphrase = case_file_path (fixture, "p.meldcase");
  g_autofree char *by_key = case_file_path (fixture, "k.meldcase");
  const char *paths[] = { by_passphrase, by_key };
  g_autoptr(McCase) case_ = mc_store_load_case (fixture->sender, fixture->case_id, &error);
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];
  g_autoptr(GBytes) payload = NULL;
  const char *markers[] = { "cases", "signals", "people", "client_name", "meldcase", "Eva de Wit",
                            PERSON_NOTE, FORM_ID,
                            mc_record_get_string (MC_RECORD (case_), "number"),
                            mc_record_get_string (MC_RECORD (case_), "client-name") };

  g_assert_no_error (error);
  mc_store_get_transfer_public_key (fixture->receiver, public_key);
  g_assert_true (mc_store_transfer_case (fixture->sender, fixture->case_id, TRANSFER, MC_KDF_COST_TEST,
                                         NULL, by_passphrase, &error));
  g_assert_true (mc_store_transfer_case (fixture->sender, fixture->case_id, NULL, MC_KDF_COST_TEST,
                                         public_key, by_key, &error));
  g_assert_no_error (error);

  /* The markers are in the payload, so their absence from the file means
   * something. */
  payload = mc_store_build_transfer_payload (fixture->sender, fixture->case_id, &error);
  g_assert_no_error (error);
  for (guint m = 0; m < G_N_ELEMENTS (markers); m++)
    if (strcmp (markers[m], "meldcase") != 0)
      g_assert_true (contains (payload, markers[m]));

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      g_autoptr(GBytes) file = read_file (paths[p]);

      for (guint m = 0; m < G_N_ELEMENTS (markers); m++)
        if (contains (file, markers[m]))
          g_error ("%s holds \"%s\" in plaintext", paths[p], markers[m]);
      for (guint i = 0; report_sample_identifying[i] != NULL; i++)
        g_assert_false (contains (file, report_sample_identifying[i]));
    }
}

/* Format 1 as the first Meldcode with case files wrote it; every later version receives it. */
static void
test_fixture_format_1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-casefile-XXXXXX", &error);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "casefile",
                                                    "format-1.meldcase", NULL);
  g_autoptr(McStore) store = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gint64 id = 0;

  g_assert_no_error (error);
  store = new_store (tmp, "store");
  file = read_file (fixture);
  payload = mc_store_open_case_file (store, file, "0000-1111-2222-3333-4444-5555", &error);
  g_assert_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  /* The passphrase of tests/fixtures/casefile/README. */
  payload = mc_store_open_case_file (store, file, "3141-5926-5358-9793-2384-6264", &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_receive_payload (store, payload, MC_RECEIVE_ASK, &id, NULL, &error));
  g_assert_no_error (error);

  case_ = mc_store_load_case (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (case_), "number"), ==, "2026-0001");
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_children (case_, MC_TYPE_PERSON)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_children (case_, MC_TYPE_SIGNAL)), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_children (case_, MC_TYPE_DECISION)), ==, 3);
  history = mc_store_list_received_history (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >, 10);

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  mc_test_remove_tree (tmp);
}

/* Payload version 1 on its own, as the fixture's envelope holds it: read
 * and received into a store. */
static void
test_fixture_payload_1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-casefile-XXXXXX", &error);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "casefile",
                                                    "payload-1.gvariant", NULL);
  g_autoptr(McStore) store = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autofree char *number = NULL;
  g_autofree char *client = NULL;
  gint64 id = 0;

  g_assert_no_error (error);
  store = new_store (tmp, "store");
  payload = read_file (fixture);
  g_assert_true (mc_store_check_transfer_payload (payload, &number, &client, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, "2026-0001");
  g_assert_cmpstr (client, ==, "Sem Jansen");
  g_assert_true (mc_store_receive_payload (store, payload, MC_RECEIVE_ASK, &id, NULL, &error));
  g_assert_no_error (error);
  case_ = mc_store_load_case (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_children (case_, MC_TYPE_SIGNAL)), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_children (case_, MC_TYPE_DECISION)), ==, 3);
  g_assert_true (mc_case_is_closed (case_));

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  mc_test_remove_tree (tmp);
}

int
main (int    argc,
      char **argv)
{
  /* The history and the errors are checked in English. */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (sodium_init () < 0)
    return 1;

  g_test_add_func ("/case-file/passphrase-round-trip", test_passphrase_round_trip);
  g_test_add_func ("/case-file/weak-passphrase", test_weak_passphrase);
  g_test_add_func ("/case-file/generated-passphrase", test_generated_passphrase);
  g_test_add_func ("/case-file/key-round-trip", test_key_round_trip);
  g_test_add_func ("/case-file/every-byte/passphrase", test_every_byte_passphrase);
  g_test_add_func ("/case-file/every-byte/key", test_every_byte_key);
  g_test_add_func ("/case-file/not-a-case-file", test_not_a_case_file);
  g_test_add_func ("/case-file/fingerprint", test_fingerprint);
  g_test_add ("/case-file/store/round-trip", Fixture, NULL, fixture_set_up, test_store_round_trip, fixture_tear_down);
  g_test_add ("/case-file/store/to-key", Fixture, NULL, fixture_set_up, test_store_to_key, fixture_tear_down);
  g_test_add ("/case-file/store/tampered", Fixture, NULL, fixture_set_up, test_store_tampered, fixture_tear_down);
  g_test_add ("/case-file/store/replay", Fixture, NULL, fixture_set_up, test_store_replay, fixture_tear_down);
  g_test_add ("/case-file/store/comes-back", Fixture, NULL, fixture_set_up, test_store_comes_back, fixture_tear_down);
  g_test_add ("/case-file/store/no-markers", Fixture, NULL, fixture_set_up, test_store_no_markers, fixture_tear_down);
  g_test_add_func ("/case-file/fixture/format-1", test_fixture_format_1);
  g_test_add_func ("/case-file/fixture/payload-1", test_fixture_payload_1);

  return g_test_run ();
}
