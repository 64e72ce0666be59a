/* mc-audit-seal.c: the case keys, and the sealed values of the audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case that the trail says something about has its own random
 * 256-bit key, made when the first row about it is written. The store keeps
 * it in case_keys, wrapped (XChaCha20-Poly1305) under a subkey of the data
 * key with the case id as associated data, so a key cannot be moved to
 * another case. A value is sealed as
 *
 *   0x01 | nonce (24 bytes) | XChaCha20-Poly1305 (value) with its tag
 *
 * with "meldcode-audit-value-v1", the row id, the case id and which of the
 * two values it is as associated data: a sealed value moved to another row
 * or column does not open. Destroying a case deletes its key row.
 */

#define G_LOG_DOMAIN "mc-audit"

#include "config.h"

#include <string.h>

#include "mc-audit-private.h"

#define CASE_KEY_SIZE crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_SIZE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_SIZE crypto_aead_xchacha20poly1305_ietf_ABYTES
#define WRAPPED_SIZE (NONCE_SIZE + CASE_KEY_SIZE + TAG_SIZE)
#define SEALED_VERSION 0x01
#define SEALED_OVERHEAD (1 + NONCE_SIZE + TAG_SIZE)

static const char key_ad_prefix[] = "meldcode-case-key-v1";
static const char value_ad_prefix[] = "meldcode-audit-value-v1";

static void
put_le64 (guint8 *out,
          gint64  value)
{
  guint64 le = GUINT64_TO_LE ((guint64) value);

  memcpy (out, &le, sizeof le);
}

/* prefix | case id */
static gsize
key_ad (gint64  case_id,
        guint8  ad[sizeof key_ad_prefix + 8])
{
  memcpy (ad, key_ad_prefix, sizeof key_ad_prefix);
  put_le64 (ad + sizeof key_ad_prefix, case_id);
  return sizeof key_ad_prefix + 8;
}

/* prefix | row id | case id | 'o' or 'n' */
static gsize
value_ad (gint64    row_id,
          gint64    case_id,
          gboolean  is_new,
          guint8    ad[sizeof value_ad_prefix + 17])
{
  memcpy (ad, value_ad_prefix, sizeof value_ad_prefix);
  put_le64 (ad + sizeof value_ad_prefix, row_id);
  put_le64 (ad + sizeof value_ad_prefix + 8, case_id);
  ad[sizeof value_ad_prefix + 16] = is_new ? 'n' : 'o';
  return sizeof value_ad_prefix + 17;
}

static McSecret *
unwrap_key (McAudit      *self,
            gint64        case_id,
            const guint8 *wrapped,
            gsize         size)
{
  guint8 ad[sizeof key_ad_prefix + 8];
  gsize ad_size = key_ad (case_id, ad);
  guint8 key[CASE_KEY_SIZE];
  unsigned long long key_size = 0;
  McSecret *secret;

  if (size != WRAPPED_SIZE
      || crypto_aead_xchacha20poly1305_ietf_decrypt (key, &key_size, NULL,
                                                     wrapped + NONCE_SIZE, size - NONCE_SIZE,
                                                     ad, ad_size, wrapped,
                                                     mc_secret_get_data (self->wrap_key)) != 0
      || key_size != CASE_KEY_SIZE)
    return NULL;

  secret = mc_secret_new_from_data (key, sizeof key);
  sodium_memzero (key, sizeof key);
  return secret;
}

int
mc_audit_get_case_key (McAudit   *self,
                       gint64     case_id,
                       gboolean   create,
                       McSecret **key)
{
  guint8 ad[sizeof key_ad_prefix + 8];
  gsize ad_size;
  guint8 raw[CASE_KEY_SIZE];
  guint8 wrapped[WRAPPED_SIZE];
  int rc;

  g_assert (case_id > 0);
  *key = NULL;

  if ((rc = mc_audit_prepare (self, &self->select_case_key,
                              "SELECT wrapped FROM case_keys WHERE case_id = ?1")) != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (self->select_case_key, 1, case_id);
  rc = sqlite3_step (self->select_case_key);
  if (rc == SQLITE_ROW)
    {
      if (sqlite3_column_type (self->select_case_key, 0) == SQLITE_BLOB)
        *key = unwrap_key (self, case_id, sqlite3_column_blob (self->select_case_key, 0),
                           (gsize) sqlite3_column_bytes (self->select_case_key, 0));
      mc_audit_release (self->select_case_key);
      /* The data key vouches for the wrapping: a key that does not
       * unwrap was changed. */
      return *key != NULL ? SQLITE_OK : SQLITE_CORRUPT;
    }
  mc_audit_release (self->select_case_key);
  if (rc != SQLITE_DONE)
    return rc;
  if (!create)
    return SQLITE_OK;

  randombytes_buf (raw, sizeof raw);
  randombytes_buf (wrapped, NONCE_SIZE);
  ad_size = key_ad (case_id, ad);
  crypto_aead_xchacha20poly1305_ietf_encrypt (wrapped + NONCE_SIZE, NULL, raw, sizeof raw,
                                              ad, ad_size, NULL, wrapped,
                                              mc_secret_get_data (self->wrap_key));

  if ((rc = mc_audit_prepare (self, &self->insert_case_key,
                              "INSERT INTO case_keys (case_id, wrapped) VALUES (?1, ?2)")) != SQLITE_OK)
    {
      sodium_memzero (raw, sizeof raw);
      return rc;
    }
  sqlite3_bind_int64 (self->insert_case_key, 1, case_id);
  sqlite3_bind_blob (self->insert_case_key, 2, wrapped, sizeof wrapped, SQLITE_STATIC);
  rc = sqlite3_step (self->insert_case_key);
  mc_audit_release (self->insert_case_key);
  if (rc == SQLITE_DONE)
    {
      *key = mc_secret_new_from_data (raw, sizeof raw);
      rc = SQLITE_OK;
    }
  sodium_memzero (raw, sizeof raw);

  return rc;
}

GBytes *
mc_audit_seal_value (const McSecret *case_key,
                     gint64          row_id,
                     gint64          case_id,
                     gboolean        is_new,
                     const char     *plaintext)
{
  guint8 ad[sizeof value_ad_prefix + 17];
  gsize ad_size = value_ad (row_id, case_id, is_new, ad);
  gsize size = strlen (plaintext);
  guint8 *sealed = g_malloc (size + SEALED_OVERHEAD);

  sealed[0] = SEALED_VERSION;
  randombytes_buf (sealed + 1, NONCE_SIZE);
  crypto_aead_xchacha20poly1305_ietf_encrypt (sealed + 1 + NONCE_SIZE, NULL,
                                              (const guint8 *) plaintext, size,
                                              ad, ad_size, NULL, sealed + 1,
                                              mc_secret_get_data (case_key));

  return g_bytes_new_take (sealed, size + SEALED_OVERHEAD);
}

/* NULL when it does not open (or holds a NUL, which no stored text has). */
static char *
open_value (const McSecret *case_key,
            gint64          row_id,
            gint64          case_id,
            gboolean        is_new,
            const guint8   *sealed,
            gsize           size)
{
  guint8 ad[sizeof value_ad_prefix + 17];
  gsize ad_size = value_ad (row_id, case_id, is_new, ad);
  unsigned long long length = 0;
  g_autofree char *text = NULL;

  if (size < SEALED_OVERHEAD || sealed[0] != SEALED_VERSION)
    return NULL;

  text = g_malloc (size - SEALED_OVERHEAD + 1);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt ((guint8 *) text, &length, NULL,
                                                  sealed + 1 + NONCE_SIZE, size - 1 - NONCE_SIZE,
                                                  ad, ad_size, sealed + 1,
                                                  mc_secret_get_data (case_key)) != 0)
    return NULL;
  text[length] = '\0';
  if (strlen (text) != length)
    return NULL;

  return g_steal_pointer (&text);
}

void
mc_audit_case_keys_clear (McAuditCaseKeys *keys)
{
  g_return_if_fail (keys != NULL);

  g_clear_pointer (&keys->key, mc_secret_free);
  keys->case_id = 0;
  keys->rc = SQLITE_OK;
}

/* The case's key from @keys, looked up and unwrapped when @keys holds
 * another case's (or none); SQLITE_OK with *@key NULL when the case has
 * none. Errors other than a key that does not unwrap are not kept. */
static int
lookup_case_key (McAudit          *self,
                 McAuditCaseKeys  *keys,
                 gint64            case_id,
                 const McSecret  **key)
{
  McSecret *found = NULL;
  int rc;

  if (keys->case_id != case_id)
    {
      if ((rc = mc_audit_get_case_key (self, case_id, FALSE, &found)) != SQLITE_OK
          && rc != SQLITE_CORRUPT)
        return rc;
      mc_audit_case_keys_clear (keys);
      keys->case_id = case_id;
      keys->rc = rc;
      keys->key = found;
    }

  *key = keys->key;
  return keys->rc;
}

int
mc_audit_read_value (McAudit            *self,
                     McAuditCaseKeys    *keys,
                     sqlite3_stmt       *stmt,
                     int                 column,
                     gint64              row_id,
                     gint64              case_id,
                     gboolean            is_new,
                     char              **text,
                     McAuditValueState  *state)
{
  g_auto(McAuditCaseKeys) own_keys = MC_AUDIT_CASE_KEYS_INIT;
  const McSecret *key = NULL;
  int type;
  int rc;

  g_return_val_if_fail (self != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (stmt != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (text != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (state != NULL, SQLITE_MISUSE);

  *text = NULL;
  type = sqlite3_column_type (stmt, column);
  if (type == SQLITE_NULL)
    {
      *state = MC_AUDIT_VALUE_NONE;
      return SQLITE_OK;
    }
  if (type != SQLITE_BLOB)
    {
      *text = g_strdup ((const char *) sqlite3_column_text (stmt, column));
      *state = MC_AUDIT_VALUE_READABLE;
      return SQLITE_OK;
    }

  *state = MC_AUDIT_VALUE_DAMAGED;
  if (case_id <= 0)
    return SQLITE_OK;
  rc = lookup_case_key (self, keys != NULL ? keys : &own_keys, case_id, &key);
  if (rc == SQLITE_CORRUPT)
    return SQLITE_OK;
  if (rc != SQLITE_OK)
    return rc;
  if (key == NULL)
    {
      *state = MC_AUDIT_VALUE_SHREDDED;
      return SQLITE_OK;
    }

  *text = open_value (key, row_id, case_id, is_new, sqlite3_column_blob (stmt, column),
                      (gsize) sqlite3_column_bytes (stmt, column));
  if (*text != NULL)
    *state = MC_AUDIT_VALUE_READABLE;
  return SQLITE_OK;
}

int
mc_audit_shred_case (McAudit *self,
                     gint64   case_id)
{
  int rc;

  g_return_val_if_fail (self != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (case_id > 0, SQLITE_MISUSE);
  g_return_val_if_fail (sqlite3_get_autocommit (self->db) == 0, SQLITE_MISUSE);

  if ((rc = mc_audit_prepare (self, &self->delete_case_key,
                              "DELETE FROM case_keys WHERE case_id = ?1")) != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (self->delete_case_key, 1, case_id);
  rc = sqlite3_step (self->delete_case_key);
  mc_audit_release (self->delete_case_key);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Sealing a log written before schema 6 */

typedef struct
{
  gint64        id;
  char         *at;
  char         *event;
  gint64        case_id;
  char         *entity;
  gint64        entity_id;
  char         *field;
  McAuditValue  values[2];
  GBytes       *value_bytes[2];
  char         *user_name;
  char         *user_role;
  char         *on_behalf_of;
} OldRow;

static void
old_row_clear (OldRow *row)
{
  g_free (row->at);
  g_free (row->event);
  g_free (row->entity);
  g_free (row->field);
  g_free (row->user_name);
  g_free (row->user_role);
  g_free (row->on_behalf_of);
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&row->value_bytes[i], g_bytes_unref);
  memset (row, 0, sizeof *row);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* A value's bytes of its own, sealed when it is the plaintext of a row
 * about a case. */
static int
take_value (McAudit      *self,
            OldRow       *row,
            sqlite3_stmt *stmt,
            int           column,
            guint         which)
{
  int type = sqlite3_column_type (stmt, column);
  const void *data = type == SQLITE_BLOB ? sqlite3_column_blob (stmt, column)
                                         : (const void *) sqlite3_column_text (stmt, column);
  gsize size = (gsize) sqlite3_column_bytes (stmt, column);
  int rc;

  if (type == SQLITE_NULL)
    {
      row->values[which] = (McAuditValue) { SQLITE_NULL, NULL, 0 };
      return SQLITE_OK;
    }

  if (type != SQLITE_BLOB && row->case_id > 0)
    {
      g_autoptr(McSecret) key = NULL;
      g_autofree char *text = g_strndup (data, size);

      if ((rc = mc_audit_get_case_key (self, row->case_id, TRUE, &key)) != SQLITE_OK)
        return rc;
      row->value_bytes[which] = mc_audit_seal_value (key, row->id, row->case_id, which == 1, text);
      type = SQLITE_BLOB;
    }
  else
    {
      row->value_bytes[which] = g_bytes_new (data, size);
      if (type != SQLITE_BLOB)
        type = SQLITE_TEXT;
    }

  row->values[which] = (McAuditValue) {
    type, g_bytes_get_data (row->value_bytes[which], NULL), g_bytes_get_size (row->value_bytes[which])
  };
  return SQLITE_OK;
}

static void
bind_value (sqlite3_stmt       *stmt,
            int                 column,
            const McAuditValue *value)
{
  if (value->type == SQLITE_BLOB)
    sqlite3_bind_blob (stmt, column, value->data, (int) value->size, SQLITE_STATIC);
  else if (value->type == SQLITE_TEXT)
    sqlite3_bind_text (stmt, column, value->data, (int) value->size, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, column);
}

static int
write_head (McAudit      *self,
            gint64        last_id,
            gint64        row_count,
            const guint8 *last_hash,
            gboolean      valid)
{
  guint8 mac[MC_AUDIT_HASH_SIZE] = { 0 };
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (valid)
    mc_audit_head_mac (self, last_id, row_count, last_hash, mac);

  rc = sqlite3_prepare_v2 (self->db,
                           "UPDATE audit_head SET last_id = ?1, row_count = ?2, last_hash = ?3, mac = ?4"
                           " WHERE id = 1", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, last_id);
  sqlite3_bind_int64 (stmt, 2, row_count);
  sqlite3_bind_blob (stmt, 3, last_hash, MC_AUDIT_HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, mac, MC_AUDIT_HASH_SIZE, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rc;
  if (sqlite3_changes (self->db) > 0)
    return SQLITE_OK;

  /* A head that was missing stays invalid: there were rows without one. */
  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO audit_head (id, last_id, row_count, last_hash, mac)"
                           " VALUES (1, ?1, ?2, ?3, zeroblob (32))", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, last_id);
  sqlite3_bind_int64 (stmt, 2, row_count);
  sqlite3_bind_blob (stmt, 3, last_hash, MC_AUDIT_HASH_SIZE, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Row by row in id order: seal, compute the MAC over the sealed bytes,
 * write. The chain is checked first, so that sealing cannot launder an
 * edit: the first bad row keeps a hash that does not check out, and a
 * broken head stays invalid. */
static int
seal_log (McAudit *self,
          gint64  *sealed_rows)
{
  sqlite3_stmt *select = NULL;
  sqlite3_stmt *update = NULL;
  guint8 prev_hash[MC_AUDIT_HASH_SIZE] = { 0 };
  guint8 hash[MC_AUDIT_HASH_SIZE];
  static const guint8 no_hash[MC_AUDIT_HASH_SIZE] = { 0 };
  gboolean intact = FALSE;
  gint64 bad = 0;
  gint64 last_id = 0;
  gint64 row_count = 0;
  int rc;

  *sealed_rows = 0;
  if ((rc = mc_audit_verify_chain (self, TRUE, &intact, &bad)) != SQLITE_OK)
    return rc;
  if (!intact)
    g_debug ("Sealing an audit trail that is broken from row %" G_GINT64_FORMAT, bad);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, at, event, case_id, entity, entity_id, field, old_value,"
                           " new_value, user_name, user_role, on_behalf_of"
                           " FROM audit_log WHERE id > ?1 ORDER BY id LIMIT 1", -1, &select, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db,
                             "UPDATE audit_log SET old_value = ?2, new_value = ?3, prev_hash = ?4,"
                             " hash = ?5 WHERE id = ?1", -1, &update, NULL);

  while (rc == SQLITE_OK)
    {
      OldRow row = { 0 };

      sqlite3_bind_int64 (select, 1, last_id);
      rc = sqlite3_step (select);
      if (rc == SQLITE_DONE)
        {
          rc = SQLITE_OK;
          break;
        }
      if (rc != SQLITE_ROW)
        break;

      row.id = sqlite3_column_int64 (select, 0);
      row.at = dup_column (select, 1);
      row.event = dup_column (select, 2);
      row.case_id = sqlite3_column_int64 (select, 3);
      row.entity = dup_column (select, 4);
      row.entity_id = sqlite3_column_int64 (select, 5);
      row.field = dup_column (select, 6);
      row.user_name = dup_column (select, 9);
      row.user_role = dup_column (select, 10);
      row.on_behalf_of = dup_column (select, 11);
      rc = take_value (self, &row, select, 7, 0);
      if (rc == SQLITE_OK)
        rc = take_value (self, &row, select, 8, 1);
      mc_audit_release (select);
      if (rc != SQLITE_OK)
        {
          old_row_clear (&row);
          break;
        }

      mc_audit_row_mac (self, row.id, row.at, row.event, row.case_id, row.entity, row.entity_id,
                        row.field, &row.values[0], &row.values[1], row.user_name, row.user_role,
                        row.on_behalf_of, prev_hash, hash);

      sqlite3_bind_int64 (update, 1, row.id);
      bind_value (update, 2, &row.values[0]);
      bind_value (update, 3, &row.values[1]);
      sqlite3_bind_blob (update, 4, prev_hash, MC_AUDIT_HASH_SIZE, SQLITE_STATIC);
      sqlite3_bind_blob (update, 5, bad == row.id ? no_hash : hash, MC_AUDIT_HASH_SIZE, SQLITE_STATIC);
      rc = sqlite3_step (update);
      mc_audit_release (update);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;

      memcpy (prev_hash, hash, sizeof hash);
      last_id = row.id;
      row_count++;
      old_row_clear (&row);
    }

  if (rc == SQLITE_OK && row_count > 0)
    rc = write_head (self, last_id, row_count, prev_hash, intact);

  sqlite3_finalize (select);
  sqlite3_finalize (update);
  *sealed_rows = row_count;
  return rc;
}

static void
seal_log_function (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  McAudit *self = sqlite3_user_data (context);
  gint64 rows = 0;
  int rc;

  rc = seal_log (self, &rows);
  if (rc != SQLITE_OK)
    sqlite3_result_error_code (context, rc);
  else
    sqlite3_result_int64 (context, rows);
}

int
mc_audit_register_sealing (McAudit *audit)
{
  g_return_val_if_fail (audit != NULL, SQLITE_MISUSE);

  return sqlite3_create_function_v2 (audit->db, "mc_audit_seal_log", 0, SQLITE_UTF8, audit,
                                     seal_log_function, NULL, NULL, NULL);
}

void
mc_audit_unregister_sealing (McAudit *audit)
{
  g_return_if_fail (audit != NULL);

  sqlite3_create_function_v2 (audit->db, "mc_audit_seal_log", 0, SQLITE_UTF8, NULL,
                              NULL, NULL, NULL, NULL);
}

/* Opening values in SQL, for the tests */

static void
open_function (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  McSecret *wrap_key = sqlite3_user_data (context);
  sqlite3 *db = sqlite3_context_db_handle (context);
  gint64 row_id = sqlite3_value_int64 (argv[0]);
  gint64 case_id = sqlite3_value_int64 (argv[1]);
  gboolean is_new = sqlite3_value_int (argv[2]) != 0;
  g_autoptr(McSecret) key = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt = NULL;
  McAudit audit = { .db = db, .wrap_key = wrap_key };

  if (sqlite3_value_type (argv[3]) != SQLITE_BLOB)
    {
      sqlite3_result_value (context, argv[3]);
      return;
    }
  if (case_id <= 0)
    return;

  /* A statement of its own, finalized here: the connection must close
   * without statements left behind. */
  if (sqlite3_prepare_v2 (db, "SELECT wrapped FROM case_keys WHERE case_id = ?1", -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_result_error_code (context, SQLITE_ERROR);
      return;
    }
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    key = unwrap_key (&audit, case_id, sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);

  if (key != NULL)
    text = open_value (key, row_id, case_id, is_new, sqlite3_value_blob (argv[3]),
                       (gsize) sqlite3_value_bytes (argv[3]));
  if (text != NULL)
    sqlite3_result_text (context, g_steal_pointer (&text), -1, g_free);
}

int
mc_audit_register_open_function (sqlite3        *db,
                                 const McSecret *data_key)
{
  g_autoptr(McAudit) audit = NULL;

  g_return_val_if_fail (db != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (data_key != NULL, SQLITE_MISUSE);

  audit = mc_audit_new (db, data_key);
  return sqlite3_create_function_v2 (db, "mc_audit_open", 4, SQLITE_UTF8,
                                     g_steal_pointer (&audit->wrap_key), open_function,
                                     NULL, NULL, (void (*) (void *)) mc_secret_free);
}
