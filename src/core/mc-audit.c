/* mc-audit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-audit"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-audit-private.h"
#include "mc-dates.h"

#define HASH_SIZE MC_AUDIT_HASH_SIZE
/* crypto_kdf contexts are exactly 8 characters. */
#define AUDIT_KDF_CONTEXT "mcaudit1"
#define AUDIT_KDF_SUBKEY_ID 1
/* The key that wraps the case keys (mc-audit-seal.c). */
#define AUDIT_KDF_WRAP_SUBKEY_ID 2

const char *
mc_audit_event_to_string (McAuditEvent event)
{
  switch (event)
    {
    case MC_AUDIT_EVENT_CREATE:
      return "create";
    case MC_AUDIT_EVENT_CHANGE:
      return "change";
    case MC_AUDIT_EVENT_DELETE:
      return "delete";
    case MC_AUDIT_EVENT_EXPORT:
      return "export";
    case MC_AUDIT_EVENT_PRINT:
      return "print";
    case MC_AUDIT_EVENT_BACKUP:
      return "backup";
    case MC_AUDIT_EVENT_RESTORE:
      return "restore";
    case MC_AUDIT_EVENT_UNLOCK:
      return "unlock";
    case MC_AUDIT_EVENT_LOCK:
      return "lock";
    case MC_AUDIT_EVENT_IMPORT:
      return "import";
    case MC_AUDIT_EVENT_VIEW:
      return "view";
    case MC_AUDIT_EVENT_CLOSE:
      return "close";
    case MC_AUDIT_EVENT_REOPEN:
      return "reopen";
    case MC_AUDIT_EVENT_DESTROY:
      return "destroy";
    default:
      g_return_val_if_reached (NULL);
    }
}

McAudit *
mc_audit_new (sqlite3        *db,
              const McSecret *data_key)
{
  McAudit *self;
  guint8 subkey[HASH_SIZE];

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (data_key != NULL, NULL);
  g_return_val_if_fail (mc_secret_get_size (data_key) == crypto_kdf_KEYBYTES, NULL);

  if (crypto_kdf_derive_from_key (subkey, sizeof subkey, AUDIT_KDF_SUBKEY_ID,
                                  AUDIT_KDF_CONTEXT, mc_secret_get_data (data_key)) != 0)
    g_error ("Cannot derive the audit key");

  self = g_new0 (McAudit, 1);
  self->db = db;
  self->key = mc_secret_new_from_data (subkey, sizeof subkey);

  if (crypto_kdf_derive_from_key (subkey, sizeof subkey, AUDIT_KDF_WRAP_SUBKEY_ID,
                                  AUDIT_KDF_CONTEXT, mc_secret_get_data (data_key)) != 0)
    g_error ("Cannot derive the audit key");
  self->wrap_key = mc_secret_new_from_data (subkey, sizeof subkey);
  sodium_memzero (subkey, sizeof subkey);

  return self;
}

void
mc_audit_free (McAudit *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->select_head, sqlite3_finalize);
  g_clear_pointer (&self->select_max_id, sqlite3_finalize);
  g_clear_pointer (&self->insert_row, sqlite3_finalize);
  g_clear_pointer (&self->insert_head, sqlite3_finalize);
  g_clear_pointer (&self->update_head, sqlite3_finalize);
  g_clear_pointer (&self->select_case_key, sqlite3_finalize);
  g_clear_pointer (&self->insert_case_key, sqlite3_finalize);
  g_clear_pointer (&self->delete_case_key, sqlite3_finalize);
  g_clear_pointer (&self->key, mc_secret_free);
  g_clear_pointer (&self->wrap_key, mc_secret_free);
  g_free (self);
}

int
mc_audit_prepare (McAudit       *self,
                  sqlite3_stmt **stmt,
                  const char    *sql)
{
  if (*stmt != NULL)
    return SQLITE_OK;
  return sqlite3_prepare_v2 (self->db, sql, -1, stmt, NULL);
}

void
mc_audit_release (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

#define prepare mc_audit_prepare
#define release mc_audit_release

/* The canonical encoding: a type tag per value, texts and blobs with their
 * length, so no two different rows encode alike. */
static void
hash_null (crypto_generichash_state *state)
{
  crypto_generichash_update (state, (const guint8 *) "N", 1);
}

static void
hash_int (crypto_generichash_state *state,
          gint64                    value)
{
  guint64 le = GUINT64_TO_LE ((guint64) value);

  crypto_generichash_update (state, (const guint8 *) "I", 1);
  crypto_generichash_update (state, (const guint8 *) &le, sizeof le);
}

static void
hash_bytes (crypto_generichash_state *state,
            char                      tag,
            const void               *data,
            gsize                     size)
{
  guint64 le = GUINT64_TO_LE ((guint64) size);

  crypto_generichash_update (state, (const guint8 *) &tag, 1);
  crypto_generichash_update (state, (const guint8 *) &le, sizeof le);
  if (size > 0)
    crypto_generichash_update (state, data, size);
}

static void
hash_text (crypto_generichash_state *state,
           const char               *text)
{
  if (text == NULL)
    hash_null (state);
  else
    hash_bytes (state, 'T', text, strlen (text));
}

static void
hash_optional_int (crypto_generichash_state *state,
                   gint64                    value)
{
  if (value == 0)
    hash_null (state);
  else
    hash_int (state, value);
}

/* A text hashes as hash_text() did before values were sealed, so a log
 * without case values keeps its MACs; a sealed value is tagged apart. */
static void
hash_value (crypto_generichash_state *state,
            const McAuditValue       *value)
{
  if (value->type == SQLITE_TEXT)
    hash_bytes (state, 'T', value->data, value->size);
  else if (value->type == SQLITE_BLOB)
    hash_bytes (state, 'B', value->data, value->size);
  else
    hash_null (state);
}

typedef struct
{
  gint64        id;
  const char   *at;
  const char   *event;
  gint64        case_id;
  const char   *entity;
  gint64        entity_id;
  const char   *field;
  McAuditValue  old_value;
  McAuditValue  new_value;
  const char   *user_name;
  const char   *user_role;
  const char   *on_behalf_of;
  const guint8 *prev_hash;
} Row;

static void
row_mac (McAudit   *self,
         const Row *row,
         guint8     out[HASH_SIZE])
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, mc_secret_get_data (self->key),
                           mc_secret_get_size (self->key), HASH_SIZE);
  hash_text (&state, "meldcode-audit-row-v1");
  hash_int (&state, row->id);
  hash_text (&state, row->at);
  hash_text (&state, row->event);
  hash_optional_int (&state, row->case_id);
  hash_text (&state, row->entity);
  hash_optional_int (&state, row->entity_id);
  hash_text (&state, row->field);
  hash_value (&state, &row->old_value);
  hash_value (&state, &row->new_value);
  hash_text (&state, row->user_name);
  hash_text (&state, row->user_role);
  hash_text (&state, row->on_behalf_of);
  hash_bytes (&state, 'B', row->prev_hash, HASH_SIZE);
  crypto_generichash_final (&state, out, HASH_SIZE);
}

void
mc_audit_row_mac (McAudit             *self,
                  gint64               id,
                  const char          *at,
                  const char          *event,
                  gint64               case_id,
                  const char          *entity,
                  gint64               entity_id,
                  const char          *field,
                  const McAuditValue  *old_value,
                  const McAuditValue  *new_value,
                  const char          *user_name,
                  const char          *user_role,
                  const char          *on_behalf_of,
                  const guint8        *prev_hash,
                  guint8               out[HASH_SIZE])
{
  Row row = {
    .id = id, .at = at, .event = event, .case_id = case_id, .entity = entity,
    .entity_id = entity_id, .field = field, .old_value = *old_value, .new_value = *new_value,
    .user_name = user_name, .user_role = user_role, .on_behalf_of = on_behalf_of,
    .prev_hash = prev_hash,
  };

  row_mac (self, &row, out);
}

void
mc_audit_head_mac (McAudit      *self,
          gint64        last_id,
          gint64        row_count,
          const guint8 *last_hash,
          guint8        out[HASH_SIZE])
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, mc_secret_get_data (self->key),
                           mc_secret_get_size (self->key), HASH_SIZE);
  hash_text (&state, "meldcode-audit-head-v1");
  hash_int (&state, last_id);
  hash_int (&state, row_count);
  hash_bytes (&state, 'B', last_hash, HASH_SIZE);
  crypto_generichash_final (&state, out, HASH_SIZE);
}

static gboolean
column_is_hash (sqlite3_stmt *stmt,
                int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_BLOB
         && sqlite3_column_bytes (stmt, column) == HASH_SIZE;
}

/* What the MAC reads must be all there is: a value of another type, or a
 * text with a NUL inside, would read the same and hide an edit. The values
 * of a row about a case are sealed (a BLOB), of other rows plaintext; a
 * @legacy log (before schema 6) has plaintext everywhere. */
static gboolean
columns_well_typed (sqlite3_stmt *stmt,
                    gboolean      legacy)
{
  static const int int_columns[] = { 0, 3, 5 };
  static const int text_columns[] = { 1, 2, 4, 6, 9, 10, 11 };
  static const int value_columns[] = { 7, 8 };
  gboolean about_case = sqlite3_column_type (stmt, 3) != SQLITE_NULL;

  for (guint i = 0; i < G_N_ELEMENTS (int_columns); i++)
    {
      int type = sqlite3_column_type (stmt, int_columns[i]);

      if (type != SQLITE_INTEGER && type != SQLITE_NULL)
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (text_columns); i++)
    {
      int type = sqlite3_column_type (stmt, text_columns[i]);
      const char *text;

      if (type == SQLITE_NULL)
        continue;
      if (type != SQLITE_TEXT)
        return FALSE;
      text = (const char *) sqlite3_column_text (stmt, text_columns[i]);
      if (strlen (text) != (gsize) sqlite3_column_bytes (stmt, text_columns[i]))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (value_columns); i++)
    {
      int type = sqlite3_column_type (stmt, value_columns[i]);
      const char *text;

      if (type == SQLITE_NULL)
        continue;
      if (type == SQLITE_BLOB && about_case && !legacy)
        continue;
      if (type != SQLITE_TEXT || (about_case && !legacy))
        return FALSE;
      text = (const char *) sqlite3_column_text (stmt, value_columns[i]);
      if (strlen (text) != (gsize) sqlite3_column_bytes (stmt, value_columns[i]))
        return FALSE;
    }

  return TRUE;
}

static McAuditValue
column_value (sqlite3_stmt *stmt,
              int           column)
{
  McAuditValue value = { sqlite3_column_type (stmt, column), NULL, 0 };

  if (value.type == SQLITE_TEXT)
    value.data = sqlite3_column_text (stmt, column);
  else if (value.type == SQLITE_BLOB)
    value.data = sqlite3_column_blob (stmt, column);
  else
    value.type = SQLITE_NULL;
  value.size = (gsize) sqlite3_column_bytes (stmt, column);

  return value;
}

typedef struct
{
  gboolean present;
  gint64   last_id;
  gint64   row_count;
  guint8   last_hash[HASH_SIZE];
  guint8   mac[HASH_SIZE];
  gboolean well_formed;
} Head;

static int
read_head (McAudit *self,
           Head    *head)
{
  int rc;

  memset (head, 0, sizeof *head);

  if ((rc = prepare (self, &self->select_head,
                     "SELECT last_id, row_count, last_hash, mac FROM audit_head WHERE id = 1")) != SQLITE_OK)
    return rc;

  rc = sqlite3_step (self->select_head);
  if (rc == SQLITE_ROW)
    {
      head->present = TRUE;
      head->last_id = sqlite3_column_int64 (self->select_head, 0);
      head->row_count = sqlite3_column_int64 (self->select_head, 1);
      head->well_formed = column_is_hash (self->select_head, 2) && column_is_hash (self->select_head, 3);
      if (head->well_formed)
        {
          memcpy (head->last_hash, sqlite3_column_blob (self->select_head, 2), HASH_SIZE);
          memcpy (head->mac, sqlite3_column_blob (self->select_head, 3), HASH_SIZE);
        }
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    rc = SQLITE_OK;

  release (self->select_head);
  return rc;
}

static gboolean
head_is_valid (McAudit    *self,
               const Head *head)
{
  guint8 expected[HASH_SIZE];

  if (!head->present)
    return TRUE;
  if (!head->well_formed)
    return FALSE;
  mc_audit_head_mac (self, head->last_id, head->row_count, head->last_hash, expected);
  return sodium_memcmp (head->mac, expected, HASH_SIZE) == 0;
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
}

int
mc_audit_append (McAudit            *self,
                 const McAuditActor *actor,
                 const McAuditEntry *entry)
{
  g_autofree char *at = mc_now_utc_iso8601 ();
  g_autoptr(McSecret) case_key = NULL;
  g_autoptr(GBytes) sealed_old = NULL;
  g_autoptr(GBytes) sealed_new = NULL;
  guint8 prev_hash[HASH_SIZE] = { 0 };
  guint8 hash[HASH_SIZE];
  guint8 mac[HASH_SIZE];
  sqlite3_stmt *head_stmt;
  Head head;
  Row row = { 0 };
  int rc;

  g_return_val_if_fail (self != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (actor != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (entry != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (sqlite3_get_autocommit (self->db) == 0, SQLITE_MISUSE);

  if ((rc = read_head (self, &head)) != SQLITE_OK)
    return rc;
  if (head.present && head.well_formed)
    memcpy (prev_hash, head.last_hash, HASH_SIZE);

  /* The id is part of the MAC, so it is chosen here rather than by the
   * insert. */
  if ((rc = prepare (self, &self->select_max_id, "SELECT coalesce(max(id), 0) FROM audit_log")) != SQLITE_OK)
    return rc;
  rc = sqlite3_step (self->select_max_id);
  row.id = rc == SQLITE_ROW ? sqlite3_column_int64 (self->select_max_id, 0) + 1 : 0;
  release (self->select_max_id);
  if (rc != SQLITE_ROW)
    return rc;

  row.at = at;
  row.event = mc_audit_event_to_string (entry->event);
  row.case_id = entry->case_id;
  row.entity = entry->entity;
  row.entity_id = entry->entity_id;
  row.field = entry->field;

  /* What a row says about a case is sealed under the case's own key, so
   * that destroying the case (its key) leaves the row and its MAC, and no
   * content. */
  if (entry->case_id != 0 && (entry->old_value != NULL || entry->new_value != NULL))
    {
      if ((rc = mc_audit_get_case_key (self, entry->case_id, TRUE, &case_key)) != SQLITE_OK)
        return rc;
      if (entry->old_value != NULL)
        sealed_old = mc_audit_seal_value (case_key, row.id, entry->case_id, FALSE, entry->old_value);
      if (entry->new_value != NULL)
        sealed_new = mc_audit_seal_value (case_key, row.id, entry->case_id, TRUE, entry->new_value);
    }
  if (sealed_old != NULL)
    row.old_value = (McAuditValue) { SQLITE_BLOB, g_bytes_get_data (sealed_old, NULL), g_bytes_get_size (sealed_old) };
  else if (entry->old_value != NULL)
    row.old_value = (McAuditValue) { SQLITE_TEXT, entry->old_value, strlen (entry->old_value) };
  else
    row.old_value = (McAuditValue) { SQLITE_NULL, NULL, 0 };
  if (sealed_new != NULL)
    row.new_value = (McAuditValue) { SQLITE_BLOB, g_bytes_get_data (sealed_new, NULL), g_bytes_get_size (sealed_new) };
  else if (entry->new_value != NULL)
    row.new_value = (McAuditValue) { SQLITE_TEXT, entry->new_value, strlen (entry->new_value) };
  else
    row.new_value = (McAuditValue) { SQLITE_NULL, NULL, 0 };
  row.user_name = actor->user_name;
  row.user_role = actor->user_role;
  row.on_behalf_of = actor->on_behalf_of;
  row.prev_hash = prev_hash;
  row_mac (self, &row, hash);

  if ((rc = prepare (self, &self->insert_row,
                     "INSERT INTO audit_log (id, at, event, case_id, entity, entity_id, field,"
                     " old_value, new_value, user_name, user_role, on_behalf_of, prev_hash, hash)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")) != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (self->insert_row, 1, row.id);
  sqlite3_bind_text (self->insert_row, 2, row.at, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->insert_row, 3, row.event, -1, SQLITE_STATIC);
  if (row.case_id != 0)
    sqlite3_bind_int64 (self->insert_row, 4, row.case_id);
  sqlite3_bind_text (self->insert_row, 5, row.entity, -1, SQLITE_STATIC);
  if (row.entity_id != 0)
    sqlite3_bind_int64 (self->insert_row, 6, row.entity_id);
  sqlite3_bind_text (self->insert_row, 7, row.field, -1, SQLITE_STATIC);
  bind_value (self->insert_row, 8, &row.old_value);
  bind_value (self->insert_row, 9, &row.new_value);
  sqlite3_bind_text (self->insert_row, 10, row.user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->insert_row, 11, row.user_role, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->insert_row, 12, row.on_behalf_of, -1, SQLITE_STATIC);
  sqlite3_bind_blob (self->insert_row, 13, prev_hash, HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (self->insert_row, 14, hash, HASH_SIZE, SQLITE_STATIC);
  rc = sqlite3_step (self->insert_row);
  release (self->insert_row);
  if (rc != SQLITE_DONE)
    return rc;

  /* A head that does not check out (or is missing while there are rows)
   * was tampered with. Appending goes on, since locking people out of
   * their cases helps no one, but the new head is never given a valid MAC:
   * otherwise the next change would launder rows cut off at the end. */
  if (head_is_valid (self, &head) && (head.present || row.id == 1))
    mc_audit_head_mac (self, row.id, head.row_count + 1, hash, mac);
  else
    memset (mac, 0, sizeof mac);
  if (head.present)
    rc = prepare (self, &self->update_head,
                  "UPDATE audit_head SET last_id = ?1, row_count = ?2, last_hash = ?3, mac = ?4"
                  " WHERE id = 1");
  else
    rc = prepare (self, &self->insert_head,
                  "INSERT INTO audit_head (id, last_id, row_count, last_hash, mac)"
                  " VALUES (1, ?1, ?2, ?3, ?4)");
  if (rc != SQLITE_OK)
    return rc;
  head_stmt = head.present ? self->update_head : self->insert_head;
  sqlite3_bind_int64 (head_stmt, 1, row.id);
  sqlite3_bind_int64 (head_stmt, 2, head.row_count + 1);
  sqlite3_bind_blob (head_stmt, 3, hash, HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (head_stmt, 4, mac, HASH_SIZE, SQLITE_STATIC);
  rc = sqlite3_step (head_stmt);
  release (head_stmt);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
mc_audit_verify (McAudit  *self,
                 gboolean *intact,
                 gint64   *first_bad_row_id)
{
  return mc_audit_verify_chain (self, FALSE, intact, first_bad_row_id);
}

int
mc_audit_verify_chain (McAudit  *self,
                       gboolean  legacy,
                       gboolean *intact,
                       gint64   *first_bad_row_id)
{
  sqlite3_stmt *stmt = NULL;
  guint8 prev_hash[HASH_SIZE] = { 0 };
  guint8 expected[HASH_SIZE];
  gint64 last_id = 0;
  gint64 row_count = 0;
  gint64 bad = 0;
  Head head;
  int rc;

  g_return_val_if_fail (self != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (intact != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (first_bad_row_id != NULL, SQLITE_MISUSE);

  *intact = FALSE;
  *first_bad_row_id = 0;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, at, event, case_id, entity, entity_id, field, old_value,"
                           " new_value, user_name, user_role, on_behalf_of, prev_hash, hash"
                           " FROM audit_log ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row row;

      row.id = sqlite3_column_int64 (stmt, 0);
      if (!columns_well_typed (stmt, legacy)
          || !column_is_hash (stmt, 12) || !column_is_hash (stmt, 13)
          || sodium_memcmp (sqlite3_column_blob (stmt, 12), prev_hash, HASH_SIZE) != 0)
        {
          bad = row.id;
          break;
        }

      row.at = (const char *) sqlite3_column_text (stmt, 1);
      row.event = (const char *) sqlite3_column_text (stmt, 2);
      row.case_id = sqlite3_column_int64 (stmt, 3);
      row.entity = (const char *) sqlite3_column_text (stmt, 4);
      row.entity_id = sqlite3_column_int64 (stmt, 5);
      row.field = (const char *) sqlite3_column_text (stmt, 6);
      row.old_value = column_value (stmt, 7);
      row.new_value = column_value (stmt, 8);
      row.user_name = (const char *) sqlite3_column_text (stmt, 9);
      row.user_role = (const char *) sqlite3_column_text (stmt, 10);
      row.on_behalf_of = (const char *) sqlite3_column_text (stmt, 11);
      row.prev_hash = prev_hash;
      row_mac (self, &row, expected);

      if (sodium_memcmp (sqlite3_column_blob (stmt, 13), expected, HASH_SIZE) != 0)
        {
          bad = row.id;
          break;
        }

      /* The trail starts with the store: a trail wiped whole (head and
       * all) and begun again would start with something else. */
      if (row_count == 0
          && (row.id != 1 || g_strcmp0 (row.event, "create") != 0 || g_strcmp0 (row.entity, "store") != 0))
        {
          bad = row.id;
          break;
        }

      memcpy (prev_hash, expected, HASH_SIZE);
      last_id = row.id;
      row_count++;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return rc;

  if (bad == 0)
    {
      if ((rc = read_head (self, &head)) != SQLITE_OK)
        return rc;

      if (!head.present)
        {
          /* A store without any row yet has no head either. */
          if (row_count > 0)
            bad = last_id + 1;
        }
      else
        {
          if (!head_is_valid (self, &head)
              || head.last_id != last_id
              || head.row_count != row_count
              || sodium_memcmp (head.last_hash, prev_hash, HASH_SIZE) != 0)
            bad = last_id + 1;
        }
    }

  *intact = bad == 0;
  *first_bad_row_id = bad;
  return SQLITE_OK;
}

int
mc_audit_read_head (McAudit  *self,
                    gboolean *valid,
                    gint64   *last_id,
                    gint64   *row_count,
                    guint8    last_hash[32])
{
  Head head;
  int rc;

  g_return_val_if_fail (self != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (valid != NULL && last_id != NULL && row_count != NULL, SQLITE_MISUSE);

  *valid = FALSE;
  *last_id = 0;
  *row_count = 0;
  if ((rc = read_head (self, &head)) != SQLITE_OK)
    return rc;

  if (head.present && head_is_valid (self, &head))
    {
      *valid = TRUE;
      *last_id = head.last_id;
      *row_count = head.row_count;
      memcpy (last_hash, head.last_hash, HASH_SIZE);
    }
  return SQLITE_OK;
}
