/* mc-store-transfer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The payload, version 1: a GVariant of type (ua{sv}), the version and a
 * dictionary:
 *
 *   "store"    s          the sending store's transfer id
 *   "case"     x          the case's id there
 *   "number"   s          the case number
 *   "client"   s          the client's name (to ask about a case that is there)
 *   "sent-at"  s          UTC ISO 8601
 *   "sent-by"  s          who sent it (the actor of the sending store)
 *   "schema"   u          the sending store's schema version
 *   "origins"  a(sx)      where the case came from before (store id, case id)
 *   "records"  a(sxa{ss}) every record: its table, its id in the sending
 *                         store, and every field that is set, by column, as
 *                         the store keeps it (mc_record_dup_field_text());
 *                         the case itself has table "cases"
 *   "history"  aa{ss}     the history, oldest first: "store", "at",
 *                         "event", "entity", "entity-id", "field", "old",
 *                         "new", "user", "role", "on-behalf-of" (those that
 *                         are set)
 *
 * A key a reader does not know is left alone; a table or column it does
 * not know means a newer Meldcode wrote the file, and it is refused rather
 * than received with something missing. Fields the store sets itself are
 * not taken over (created and updated times, when a round was sealed),
 * nor a linked case, which is an id in the sending store.
 */

#define G_LOG_DOMAIN "mc-store-transfer"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "mc-case.h"
#include "mc-dates.h"
#include "mc-output-file.h"
#include "mc-records.h"
#include "mc-report-builder.h"
#include "mc-report-export.h"
#include "mc-report-import.h"
#include "mc-store-internal.h"
#include "mc-store-schema.h"
#include "mc-store-transfer.h"
#include "mc-text.h"

#define PAYLOAD_TYPE   "(ua{sv})"
#define CASES_TABLE    "cases"

static McSecret *
transfer_secret_key (McStore *store)
{
  g_assert (store->data_key != NULL);
  return mc_case_file_derive_secret_key (store->data_key);
}

void
mc_store_get_transfer_public_key (McStore *store,
                                  guint8  *out_public_key)
{
  g_autoptr(McSecret) secret = NULL;

  g_return_if_fail (MC_IS_STORE (store));
  g_return_if_fail (out_public_key != NULL);
  g_return_if_fail (store->data_key != NULL);

  secret = transfer_secret_key (store);
  mc_case_file_public_key (secret, out_public_key);
}

char *
mc_store_dup_transfer_fingerprint (McStore *store)
{
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (store->data_key != NULL, NULL);

  mc_store_get_transfer_public_key (store, public_key);
  return mc_case_file_format_fingerprint (public_key);
}

char *
mc_store_dup_transfer_id (McStore *store)
{
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];
  guint8 hash[16];
  char hex[sizeof hash * 2 + 1];

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (store->data_key != NULL, NULL);

  mc_store_get_transfer_public_key (store, public_key);
  crypto_generichash (hash, sizeof hash, public_key, sizeof public_key, NULL, 0);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);

  return g_strdup (hex);
}

/* Building */

static GVariant *
record_fields (McRecord *record)
{
  GVariantBuilder fields;
  const McField *table;
  guint n_fields;

  table = mc_record_class_get_fields (MC_RECORD_GET_CLASS (record), &n_fields);
  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *text = mc_record_dup_field_text (record, &table[i]);

      if (text != NULL)
        g_variant_builder_add (&fields, "{ss}", table[i].column, text);
    }

  return g_variant_builder_end (&fields);
}

static void
add_record (GVariantBuilder *records,
            McRecord        *record)
{
  g_variant_builder_add (records, "(sx@a{ss})",
                         mc_record_class_get_table (MC_RECORD_GET_CLASS (record)),
                         mc_record_get_id (record), record_fields (record));
}

static void
add_history_text (GVariantBuilder *row,
                  const char      *key,
                  const char      *value)
{
  if (value != NULL)
    g_variant_builder_add (row, "{ss}", key, value);
}

static void
add_history_row (GVariantBuilder  *history,
                 const char       *store_id,
                 const char       *at,
                 const char       *event,
                 const char       *entity,
                 gint64            entity_id,
                 const char       *field,
                 const char       *old_value,
                 const char       *new_value,
                 const char       *user_name,
                 const char       *user_role,
                 const char       *on_behalf_of)
{
  GVariantBuilder row;
  g_autofree char *entity_text = entity_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, entity_id) : NULL;

  g_variant_builder_init (&row, G_VARIANT_TYPE ("a{ss}"));
  add_history_text (&row, "store", store_id);
  add_history_text (&row, "at", at);
  add_history_text (&row, "event", event);
  add_history_text (&row, "entity", entity);
  add_history_text (&row, "entity-id", entity_text);
  add_history_text (&row, "field", field);
  add_history_text (&row, "old", old_value);
  add_history_text (&row, "new", new_value);
  add_history_text (&row, "user", user_name);
  add_history_text (&row, "role", user_role);
  add_history_text (&row, "on-behalf-of", on_behalf_of);
  g_variant_builder_add (history, "a{ss}", &row);
}

static const char received_history_sql[] =
  "SELECT id, store_id, at, event, entity, entity_id, field, old_value, new_value,"
  " user_name, user_role, on_behalf_of FROM received_history WHERE case_id = ?1 ORDER BY id";

static gboolean
add_received_history (McStore          *store,
                      gint64            case_id,
                      GVariantBuilder  *history,
                      GError          **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (store, received_history_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_history_row (history,
                     (const char *) sqlite3_column_text (stmt, 1),
                     (const char *) sqlite3_column_text (stmt, 2),
                     (const char *) sqlite3_column_text (stmt, 3),
                     (const char *) sqlite3_column_text (stmt, 4),
                     sqlite3_column_int64 (stmt, 5),
                     (const char *) sqlite3_column_text (stmt, 6),
                     (const char *) sqlite3_column_text (stmt, 7),
                     (const char *) sqlite3_column_text (stmt, 8),
                     (const char *) sqlite3_column_text (stmt, 9),
                     (const char *) sqlite3_column_text (stmt, 10),
                     (const char *) sqlite3_column_text (stmt, 11));
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, store->db, rc);
  return TRUE;
}

static gboolean
add_origins (McStore          *store,
             gint64            case_id,
             GVariantBuilder  *origins,
             GError          **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (store,
                                       "SELECT store_id, origin_case_id FROM case_origins"
                                       " WHERE case_id = ?1 ORDER BY received_at",
                                       error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_variant_builder_add (origins, "(sx)", (const char *) sqlite3_column_text (stmt, 0),
                           sqlite3_column_int64 (stmt, 1));
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, store->db, rc);
  return TRUE;
}

GBytes *
mc_store_build_transfer_payload (McStore  *store,
                                 gint64    case_id,
                                 GError  **error)
{
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(GPtrArray) own_history = NULL;
  g_autofree char *store_id = NULL;
  g_autofree char *now = NULL;
  GVariantBuilder records;
  GVariantBuilder history;
  GVariantBuilder origins;
  GVariantBuilder dict;
  const GType *types;
  guint n_types;
  gboolean ok;
  GVariant *payload;
  GBytes *bytes;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((case_ = mc_store_load_case (store, case_id, error)) == NULL
      || (own_history = mc_store_list_case_history (store, case_id, error)) == NULL)
    return NULL;
  store_id = mc_store_dup_transfer_id (store);

  g_variant_builder_init (&records, G_VARIANT_TYPE ("a(sxa{ss})"));
  add_record (&records, MC_RECORD (case_));
  types = mc_case_get_child_types (&n_types);
  for (guint t = 0; t < n_types; t++)
    {
      GListModel *children = mc_case_get_children (case_, types[t]);

      for (guint i = 0; i < g_list_model_get_n_items (children); i++)
        {
          g_autoptr(McRecord) child = g_list_model_get_item (children, i);

          add_record (&records, child);
        }
    }

  g_variant_builder_init (&history, G_VARIANT_TYPE ("aa{ss}"));
  g_variant_builder_init (&origins, G_VARIANT_TYPE ("a(sx)"));
  if (!mc_store_read_begin (store, error))
    {
      g_variant_builder_clear (&records);
      g_variant_builder_clear (&history);
      g_variant_builder_clear (&origins);
      return NULL;
    }
  ok = add_received_history (store, case_id, &history, error)
       && add_origins (store, case_id, &origins, error);
  mc_store_read_end (store);
  if (!ok)
    {
      g_variant_builder_clear (&records);
      g_variant_builder_clear (&history);
      g_variant_builder_clear (&origins);
      return NULL;
    }
  /* The store lists its own rows newest first. */
  for (guint i = own_history->len; i > 0; i--)
    {
      McHistoryEntry *entry = g_ptr_array_index (own_history, i - 1);
      g_autofree char *at = entry->at != NULL ? g_date_time_format_iso8601 (entry->at) : NULL;

      add_history_row (&history, store_id, at, mc_audit_event_to_string (entry->event),
                       entry->entity, entry->entity_id, entry->field, entry->old_value,
                       entry->new_value, entry->user_name, entry->user_role, entry->on_behalf_of);
    }

  now = mc_now_utc_iso8601 ();
  g_variant_builder_init (&dict, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&dict, "{sv}", "store", g_variant_new_string (store_id));
  g_variant_builder_add (&dict, "{sv}", "case", g_variant_new_int64 (case_id));
  g_variant_builder_add (&dict, "{sv}", "number",
                         g_variant_new_string (mc_record_get_string (MC_RECORD (case_), "number") ?: ""));
  g_variant_builder_add (&dict, "{sv}", "client",
                         g_variant_new_string (mc_record_get_string (MC_RECORD (case_), "client-name") ?: ""));
  g_variant_builder_add (&dict, "{sv}", "sent-at", g_variant_new_string (now));
  g_variant_builder_add (&dict, "{sv}", "sent-by", g_variant_new_string (store->actor_name ?: ""));
  g_variant_builder_add (&dict, "{sv}", "schema", g_variant_new_uint32 (MC_STORE_SCHEMA_VERSION));
  g_variant_builder_add (&dict, "{sv}", "origins", g_variant_builder_end (&origins));
  g_variant_builder_add (&dict, "{sv}", "records", g_variant_builder_end (&records));
  g_variant_builder_add (&dict, "{sv}", "history", g_variant_builder_end (&history));

  payload = g_variant_ref_sink (g_variant_new ("(u@a{sv})", (guint32) MC_TRANSFER_PAYLOAD_VERSION,
                                               g_variant_builder_end (&dict)));
  bytes = g_variant_get_data_as_bytes (payload);
  g_variant_unref (payload);

  return bytes;
}

gboolean
mc_store_transfer_case (McStore       *store,
                        gint64         case_id,
                        const char    *passphrase,
                        McKdfCost      cost,
                        const guint8  *public_key,
                        const char    *path,
                        GError       **error)
{
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) sealed = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (passphrase != NULL || public_key != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_output_file_check (path, MC_OUTPUT_FILE_NONE, error)
      || (payload = mc_store_build_transfer_payload (store, case_id, error)) == NULL)
    return FALSE;
  sealed = public_key != NULL ? mc_case_file_seal_to_key (payload, public_key, error)
                              : mc_case_file_seal_with_passphrase (payload, passphrase, cost, error);
  if (sealed == NULL)
    return FALSE;

  return mc_store_export_bytes (store, sealed, case_id, "meldcase", FALSE, path, error);
}

GBytes *
mc_store_open_case_file (McStore     *store,
                         GBytes      *file,
                         const char  *passphrase,
                         GError     **error)
{
  McCaseFileSeal seal_mode;
  g_autoptr(McSecret) secret = NULL;
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mc_store_ensure_open (store, error) || !mc_case_file_peek (file, &seal_mode, error))
    return NULL;
  if (seal_mode == MC_CASE_FILE_SEAL_PASSPHRASE)
    {
      if (passphrase == NULL)
        {
          g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WRONG_PASSPHRASE,
                               _("This case file is sealed with a transfer passphrase; enter it "
                                 "to receive the case."));
          return NULL;
        }
      return mc_case_file_open_with_passphrase (file, passphrase, error);
    }

  secret = transfer_secret_key (store);
  mc_case_file_public_key (secret, public_key);
  return mc_case_file_open_with_key (file, public_key, secret, error);
}

/* Reading */

typedef struct
{
  GVariant  *payload;
  GVariant  *dict;
  char      *store_id;
  gint64     origin_case_id;
  char      *number;
  char      *client;
  McCase    *case_;
} Received;

static void
received_clear (Received *received)
{
  g_clear_pointer (&received->dict, g_variant_unref);
  g_clear_pointer (&received->payload, g_variant_unref);
  g_clear_pointer (&received->store_id, g_free);
  g_clear_pointer (&received->number, g_free);
  g_clear_pointer (&received->client, g_free);
  g_clear_object (&received->case_);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Received, received_clear)

static gboolean
set_damaged (GError **error)
{
  g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_DAMAGED,
                       _("The case in the case file does not read; nothing was received."));
  return FALSE;
}

static gboolean
set_newer (GError **error)
{
  g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_NEWER,
                       _("The case file holds parts of a case that this version of Meldcode "
                         "does not know; update Meldcode to receive it."));
  return FALSE;
}

static GType
type_for_table (const char *table)
{
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[t]);

      if (g_strcmp0 (mc_record_class_get_table (MC_RECORD_CLASS (klass)), table) == 0)
        return types[t];
    }
  return G_TYPE_INVALID;
}

static const McField *
field_for_column (McRecord   *record,
                  const char *column)
{
  return mc_record_class_find_column (MC_RECORD_GET_CLASS (record), column);
}

/* What the store sets itself, or what means something only in the
 * sending store. */
static gboolean
is_taken_over (const McField *field)
{
  if (field->flags & (MC_FIELD_FLAG_CREATED | MC_FIELD_FLAG_UPDATED))
    return FALSE;
  if (field->kind == MC_FIELD_TIMESTAMP && (field->flags & MC_FIELD_FLAG_FIXED))
    return FALSE;
  return strcmp (field->column, "linked_case_id") != 0;
}

static gboolean
fill_record (McRecord  *record,
             GVariant  *fields,
             GError   **error)
{
  GVariantIter iter;
  const char *column;
  const char *text;

  g_variant_iter_init (&iter, fields);
  while (g_variant_iter_next (&iter, "{&s&s}", &column, &text))
    {
      const McField *field = field_for_column (record, column);

      if (field == NULL)
        return set_newer (error);
      if (!g_utf8_validate (text, -1, NULL))
        return set_damaged (error);
      if (is_taken_over (field))
        mc_record_set_field_text (record, field, text);
    }
  return TRUE;
}

static gboolean
read_case (Received  *received,
           GError   **error)
{
  g_autoptr(GVariant) records = NULL;
  g_autoptr(GHashTable) people = NULL;
  g_autoptr(GPtrArray) children = NULL;
  GVariantIter iter;
  const char *table;
  gint64 id;
  GVariant *fields;

  records = g_variant_lookup_value (received->dict, "records", G_VARIANT_TYPE ("a(sxa{ss})"));
  if (records == NULL)
    return set_damaged (error);

  people = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  children = g_ptr_array_new_with_free_func (g_object_unref);
  g_variant_iter_init (&iter, records);
  while (g_variant_iter_next (&iter, "(&sx@a{ss})", &table, &id, &fields))
    {
      g_autoptr(GVariant) owned_fields G_GNUC_UNUSED = fields;  /* frees it */
      g_autoptr(McRecord) record = NULL;

      if (strcmp (table, CASES_TABLE) == 0)
        {
          if (received->case_ != NULL)
            return set_damaged (error);
          received->case_ = mc_case_new ();
          if (!fill_record (MC_RECORD (received->case_), fields, error))
            return FALSE;
          continue;
        }
      else
        {
          GType type = type_for_table (table);

          if (type == G_TYPE_INVALID)
            return set_newer (error);
          record = g_object_new (type, NULL);
        }
      if (!fill_record (record, fields, error))
        return FALSE;
      if (MC_IS_PERSON (record) && id > 0)
        g_hash_table_insert (people, g_memdup2 (&id, sizeof id), record);
      g_ptr_array_add (children, g_steal_pointer (&record));
    }
  if (received->case_ == NULL)
    return set_damaged (error);

  for (guint i = 0; i < children->len; i++)
    {
      McRecord *child = g_ptr_array_index (children, i);

      if (MC_IS_CONVERSATION (child))
        {
          gint64 person_id = mc_record_get_integer (child, "person-id");
          McRecord *person = person_id > 0 ? g_hash_table_lookup (people, &person_id) : NULL;

          /* The store gives the person its new id (mc-report-import.c). */
          mc_record_set_integer (child, "person-id", 0);
          if (person != NULL)
            g_object_set_data_full (G_OBJECT (child), MC_REPORT_CONVERSATION_PERSON_KEY,
                                    g_object_ref (person), g_object_unref);
        }
      mc_case_add_child (received->case_, child);
    }

  return TRUE;
}

static gboolean
read_payload (GBytes    *bytes,
              Received  *received,
              gboolean   with_case,
              GError   **error)
{
  guint32 version;
  const char *text;

  received->payload = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (PAYLOAD_TYPE),
                                                                    bytes, FALSE));
  /* GVariant reads any bytes safely; a payload that is not in normal form
   * was not written by Meldcode. */
  if (!g_variant_is_normal_form (received->payload))
    return set_damaged (error);
  g_variant_get (received->payload, "(u@a{sv})", &version, &received->dict);
  if (version > MC_TRANSFER_PAYLOAD_VERSION)
    return set_newer (error);
  if (version < 1
      || !g_variant_lookup (received->dict, "store", "&s", &text)
      || !g_variant_lookup (received->dict, "case", "x", &received->origin_case_id))
    return set_damaged (error);
  received->store_id = g_strdup (text);
  if (!g_variant_lookup (received->dict, "number", "s", &received->number)
      || !g_variant_lookup (received->dict, "client", "s", &received->client))
    return set_damaged (error);

  return !with_case || read_case (received, error);
}

gboolean
mc_store_check_transfer_payload (GBytes   *payload,
                                 char    **out_number,
                                 char    **out_client,
                                 GError  **error)
{
  g_auto(Received) received = { NULL, };

  g_return_val_if_fail (payload != NULL, FALSE);

  if (!read_payload (payload, &received, TRUE, error))
    return FALSE;
  if (out_number != NULL)
    *out_number = g_steal_pointer (&received.number);
  if (out_client != NULL)
    *out_client = g_steal_pointer (&received.client);
  return TRUE;
}

/* Receiving */

static gboolean
case_exists (McStore   *store,
             gint64     case_id,
             gboolean  *exists,
             GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (store, "SELECT 1 FROM cases WHERE id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, store->db, rc);
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
find_by_origin (McStore     *store,
                const char  *store_id,
                gint64       origin_case_id,
                gint64      *out_id,
                GError     **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (store,
                                       "SELECT case_id FROM case_origins"
                                       " WHERE store_id = ?1 AND origin_case_id = ?2"
                                       " ORDER BY case_id LIMIT 1",
                                       error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, store_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, origin_case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, store->db, rc);
  return TRUE;
}

/* The case there already: one with an origin of the file (a case that
 * comes back has this store's id as an origin), else one with the same
 * number and client. 0 when there is none. */
static gboolean
find_existing (McStore    *store,
               Received   *received,
               gint64     *out_id,
               GError    **error)
{
  g_autofree char *own_id = mc_store_dup_transfer_id (store);
  g_autoptr(GVariant) origins = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autofree char *client = NULL;
  GVariantIter iter;
  const char *origin_store;
  gint64 origin_case;
  gboolean ok = TRUE;

  *out_id = 0;
  origins = g_variant_lookup_value (received->dict, "origins", G_VARIANT_TYPE ("a(sx)"));
  if (!mc_store_read_begin (store, error))
    return FALSE;
  ok = find_by_origin (store, received->store_id, received->origin_case_id, out_id, error);
  if (ok && origins != NULL)
    {
      g_variant_iter_init (&iter, origins);
      while (ok && *out_id == 0 && g_variant_iter_next (&iter, "(&sx)", &origin_store, &origin_case))
        {
          gboolean exists = FALSE;

          if (strcmp (origin_store, own_id) == 0)
            {
              if ((ok = case_exists (store, origin_case, &exists, error)) && exists)
                *out_id = origin_case;
            }
          else
            ok = find_by_origin (store, origin_store, origin_case, out_id, error);
        }
    }
  mc_store_read_end (store);
  if (!ok || *out_id != 0 || received->number[0] == '\0')
    return ok;

  if ((cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, received->number, error)) == NULL)
    return FALSE;
  client = g_utf8_casefold (received->client, -1);
  for (guint i = 0; i < g_list_model_get_n_items (cases) && *out_id == 0; i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, i);
      g_autofree char *other = g_utf8_casefold (mc_case_summary_get_client_name (summary) ?: "", -1);

      if (g_strcmp0 (mc_case_summary_get_number (summary), received->number) == 0
          && g_strcmp0 (other, client) == 0)
        *out_id = mc_case_summary_get_id (summary);
    }

  return TRUE;
}

typedef struct
{
  Received *received;
  McCase   *replaced;
} Inside;

static const char insert_history_sql[] =
  "INSERT INTO received_history (case_id, store_id, at, event, entity, entity_id, field,"
  " old_value, new_value, user_name, user_role, on_behalf_of)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

static void
bind_history_text (sqlite3_stmt *stmt,
                   int           index,
                   GVariant     *row,
                   const char   *key,
                   McTextKind    kind)
{
  const char *value;

  if (g_variant_lookup (row, key, "&s", &value))
    sqlite3_bind_text (stmt, index, mc_text_sanitize (value, kind), -1, g_free);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
insert_history (McStore   *store,
                gint64     case_id,
                Received  *received,
                GError   **error)
{
  g_autoptr(GVariant) history = NULL;
  GVariantIter iter;
  GVariant *row;

  history = g_variant_lookup_value (received->dict, "history", G_VARIANT_TYPE ("aa{ss}"));
  if (history == NULL)
    return TRUE;
  g_variant_iter_init (&iter, history);
  while ((row = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned_row G_GNUC_UNUSED = row;  /* frees it */
      g_autoptr(CachedStmt) stmt = NULL;
      const char *event;
      const char *entity_id;
      int rc;

      const char *row_store;

      /* A row without an event or a store is not one a sender wrote. */
      if (!g_variant_lookup (row, "event", "&s", &event)
          || !g_variant_lookup (row, "store", "&s", &row_store))
        return set_damaged (error);
      if ((stmt = mc_store_prepare_cached (store, insert_history_sql, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, case_id);
      bind_history_text (stmt, 2, row, "store", MC_TEXT_KIND_LINE);
      bind_history_text (stmt, 3, row, "at", MC_TEXT_KIND_LINE);
      bind_history_text (stmt, 4, row, "event", MC_TEXT_KIND_LINE);
      bind_history_text (stmt, 5, row, "entity", MC_TEXT_KIND_LINE);
      if (g_variant_lookup (row, "entity-id", "&s", &entity_id))
        sqlite3_bind_int64 (stmt, 6, g_ascii_strtoll (entity_id, NULL, 10));
      else
        sqlite3_bind_null (stmt, 6);
      bind_history_text (stmt, 7, row, "field", MC_TEXT_KIND_LINE);
      bind_history_text (stmt, 8, row, "old", MC_TEXT_KIND_TEXT);
      bind_history_text (stmt, 9, row, "new", MC_TEXT_KIND_TEXT);
      bind_history_text (stmt, 10, row, "user", MC_TEXT_KIND_LINE);
      bind_history_text (stmt, 11, row, "role", MC_TEXT_KIND_LINE);
      bind_history_text (stmt, 12, row, "on-behalf-of", MC_TEXT_KIND_LINE);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return mc_store_set_sqlite_error (error, store->db, rc);
    }

  return TRUE;
}

static gboolean
insert_origin (McStore     *store,
               gint64       case_id,
               const char  *store_id,
               gint64       origin_case_id,
               const char  *now,
               GError     **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (store,
                                       "INSERT OR IGNORE INTO case_origins"
                                       " (case_id, store_id, origin_case_id, received_at)"
                                       " VALUES (?1, ?2, ?3, ?4)",
                                       error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_text (stmt, 2, store_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, origin_case_id);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, store->db, rc);
  return TRUE;
}

static gboolean
inside_import_cb (McStore   *store,
                  gint64     case_id,
                  gpointer   user_data,
                  GError   **error)
{
  Inside *inside = user_data;
  Received *received = inside->received;
  g_autoptr(GVariant) origins = NULL;
  g_autofree char *now = mc_now_utc_iso8601 ();
  g_autofree char *own_id = mc_store_dup_transfer_id (store);
  GVariantIter iter;
  const char *origin_store;
  gint64 origin_case;

  if (!insert_origin (store, case_id, received->store_id, received->origin_case_id, now, error))
    return FALSE;
  origins = g_variant_lookup_value (received->dict, "origins", G_VARIANT_TYPE ("a(sx)"));
  if (origins != NULL)
    {
      g_variant_iter_init (&iter, origins);
      while (g_variant_iter_next (&iter, "(&sx)", &origin_store, &origin_case))
        if (strcmp (origin_store, own_id) != 0
            && !insert_origin (store, case_id, origin_store, origin_case, now, error))
          return FALSE;
    }
  if (!insert_history (store, case_id, received, error))
    return FALSE;

  return inside->replaced == NULL || mc_store_delete (store, MC_RECORD (inside->replaced), error);
}

gboolean
mc_store_receive_payload (McStore        *store,
                          GBytes         *payload,
                          McReceiveMode   mode,
                          gint64         *out_id,
                          gint64         *out_existing_id,
                          GError        **error)
{
  g_auto(Received) received = { NULL, };
  g_autoptr(McCase) replaced = NULL;
  g_autofree char *detail = NULL;
  Inside inside = { &received, NULL };
  gint64 existing = 0;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_store_ensure_open (store, error)
      || !read_payload (payload, &received, TRUE, error)
      || !find_existing (store, &received, &existing, error))
    return FALSE;
  if (out_existing_id != NULL)
    *out_existing_id = existing;

  if (existing != 0 && mode == MC_RECEIVE_ASK)
    {
      /* Translators: the first %s is a case number, the second the
       * client's name. */
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS,
                   _("Case %s of %s is already in the store; choose whether the case file "
                     "replaces it or is kept beside it."),
                   received.number, received.client);
      return FALSE;
    }
  if (existing != 0 && mode == MC_RECEIVE_REPLACE)
    {
      if ((replaced = mc_store_load_case (store, existing, error)) == NULL)
        return FALSE;
      inside.replaced = replaced;
    }

  /* Not translated: the trail reads the same whoever looks at it. */
  detail = g_strdup_printf ("meldcase %s from %s case %" G_GINT64_FORMAT "%s",
                            received.number, received.store_id, received.origin_case_id,
                            replaced != NULL ? " (replaces the case there)" : "");
  return mc_store_import_case_full (store, received.case_, TRUE, detail, inside_import_cb,
                                    &inside, out_id, error);
}

GPtrArray *
mc_store_list_received_history (McStore  *store,
                                gint64    case_id,
                                GError  **error)
{
  g_autoptr(McHistoryBuilder) builder = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mc_store_ensure_open (store, error) || !mc_store_read_begin (store, error))
    return NULL;
  builder = mc_history_builder_new ();
  if ((stmt = mc_store_prepare_cached (store, received_history_sql, error)) == NULL)
    {
      mc_store_read_end (store);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    mc_history_builder_add_row (builder,
                                sqlite3_column_int64 (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 2),
                                (const char *) sqlite3_column_text (stmt, 3),
                                (const char *) sqlite3_column_text (stmt, 4),
                                sqlite3_column_int64 (stmt, 5),
                                (const char *) sqlite3_column_text (stmt, 6),
                                (const char *) sqlite3_column_text (stmt, 7),
                                (const char *) sqlite3_column_text (stmt, 8),
                                (const char *) sqlite3_column_text (stmt, 9),
                                (const char *) sqlite3_column_text (stmt, 10),
                                (const char *) sqlite3_column_text (stmt, 11));
  g_clear_pointer (&stmt, cached_stmt_release);
  mc_store_read_end (store);
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, store->db, rc), NULL;

  return mc_history_builder_finish (g_steal_pointer (&builder));
}
