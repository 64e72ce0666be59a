/* mc-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "mc-backup.h"
#include "mc-dates.h"
#include "mc-store.h"
#include "mc-store-private.h"
#include "mc-store-schema.h"

#define DB_NAME "cases.db"
#define KEY_NAME "key"
#define BUSY_TIMEOUT_MS 2000

struct _McStore
{
  GObject     parent_instance;

  char       *dir;
  sqlite3    *db;             /* NULL once closed */
  McKeyFile  *key_file;
  McSecret   *data_key;
  McAudit    *audit;
  GHashTable *statements;     /* SQL text -> sqlite3_stmt */
  gboolean    in_batch;

  char       *actor_name;
  char       *actor_role;
  char       *actor_on_behalf_of;
};

G_DEFINE_QUARK (mc-store-error-quark, mc_store_error)

G_DEFINE_FINAL_TYPE (McStore, mc_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Statements from the cache are borrowed: the cleanup only resets them. */
typedef sqlite3_stmt CachedStmt;

static void
cached_stmt_release (CachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, cached_stmt_release)

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Errors */

static gboolean
set_sqlite_error (GError  **error,
                  sqlite3  *db,
                  int       rc)
{
  int sys_errno = db != NULL ? sqlite3_system_errno (db) : 0;

  /* The message never holds the key: it never appears in SQL text. */
  g_debug ("SQLite error %d: %s", rc, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
    /* What SQLCipher reports after a page fails its HMAC check. */
    case SQLITE_ERROR:
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                           _("The case store is damaged. Restore it from a backup."));
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_LOCKED,
                           _("The case store is in use by another program. Close that program and try again."));
      break;

    case SQLITE_FULL:
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                           _("The disk is full. Make room on it and try again."));
      break;

    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                             _("The case no longer exists."));
      else
        g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                             _("The change was refused: a required field is empty or a value is not allowed."));
      break;

    default:
      if (sys_errno != 0)
        g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                     _("The case store could not be read or written: %s"), g_strerror (sys_errno));
      else
        g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                             _("The case store could not be read or written."));
      break;
    }

  return FALSE;
}

static gboolean
set_io_error (GError     **error,
              int          saved_errno,
              const char  *path)
{
  g_autofree char *name = g_filename_display_name (path);

  if (saved_errno == ENOSPC)
    g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                         _("The disk is full. Make room on it and try again."));
  else
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                 _("Could not use “%s”: %s"), name, g_strerror (saved_errno));

  return FALSE;
}

static gboolean
propagate_key_file_error (GError **error,
                          GError  *key_error)
{
  McStoreError code = MC_STORE_ERROR_IO;

  if (key_error->domain != MC_KEY_FILE_ERROR)
    {
      g_propagate_error (error, key_error);
      return FALSE;
    }

  switch ((McKeyFileError) key_error->code)
    {
    case MC_KEY_FILE_ERROR_WRONG_PASSPHRASE:
      code = MC_STORE_ERROR_WRONG_PASSPHRASE;
      break;
    case MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY:
      code = MC_STORE_ERROR_WRONG_RECOVERY_KEY;
      break;
    case MC_KEY_FILE_ERROR_INVALID:
      code = MC_STORE_ERROR_NOT_A_STORE;
      break;
    case MC_KEY_FILE_ERROR_NEWER:
      code = MC_STORE_ERROR_NEWER_SCHEMA;
      break;
    case MC_KEY_FILE_ERROR_IO:
      code = MC_STORE_ERROR_IO;
      break;
    case MC_KEY_FILE_ERROR_WEAK:
      code = MC_STORE_ERROR_WEAK_PASSPHRASE;
      break;
    default:
      g_assert_not_reached ();
    }

  /* The key file's messages are already written for the user. */
  g_set_error_literal (error, MC_STORE_ERROR, code, key_error->message);
  g_error_free (key_error);
  return FALSE;
}

static gboolean
ensure_open (McStore  *self,
             GError  **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_LOCKED,
                       _("The case store is locked. Unlock it first."));
  return FALSE;
}

/* SQL helpers */

static CachedStmt *
prepare_cached (McStore     *self,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  if ((rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (error, db, rc);
  return TRUE;
}

static gboolean
step_done (McStore       *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc);
  return TRUE;
}

/* A write in a batch is a savepoint inside the batch's transaction. */
static gboolean
transaction_begin (McStore  *self,
                   GError  **error)
{
  return exec_sql (self->db, self->in_batch ? "SAVEPOINT change" : "BEGIN IMMEDIATE", error);
}

static void
transaction_rollback (McStore *self)
{
  if (self->in_batch)
    sqlite3_exec (self->db, "ROLLBACK TO change; RELEASE change", NULL, NULL, NULL);
  else if (sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
transaction_commit (McStore  *self,
                    GError  **error)
{
  if (exec_sql (self->db, self->in_batch ? "RELEASE change" : "COMMIT", error))
    return TRUE;

  transaction_rollback (self);
  return FALSE;
}

/* Reads that take several statements see one snapshot. */
static gboolean
read_begin (McStore  *self,
            GError  **error)
{
  return self->in_batch || exec_sql (self->db, "BEGIN", error);
}

static void
read_end (McStore *self)
{
  if (!self->in_batch && sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
}

static void
emit_changed (McStore *self,
              gint64   case_id)
{
  if (!self->in_batch)
    g_signal_emit (self, signals[CHANGED], 0, case_id);
}

static gboolean
audit (McStore       *self,
       McAuditEvent   event,
       gint64         case_id,
       const char    *entity,
       gint64         entity_id,
       const char    *field,
       const char    *old_value,
       const char    *new_value,
       GError       **error)
{
  const McAuditActor actor = {
    .user_name = self->actor_name,
    .user_role = self->actor_role,
    .on_behalf_of = self->actor_on_behalf_of,
  };
  const McAuditEntry entry = {
    .event = event,
    .case_id = case_id,
    .entity = entity,
    .entity_id = entity_id,
    .field = field,
    .old_value = old_value,
    .new_value = new_value,
  };
  int rc;

  if ((rc = mc_audit_append (self->audit, &actor, &entry)) != SQLITE_OK)
    return set_sqlite_error (error, self->db, rc);
  return TRUE;
}

/* Records and their SQL */

static gboolean
class_is_case (McRecordClass *klass)
{
  return G_TYPE_FROM_CLASS (klass) == MC_TYPE_CASE;
}

/* "SELECT id, case_id, <columns> FROM <table> WHERE <where> ORDER BY id";
 * a case is its own case. */
static char *
select_sql (McRecordClass *klass,
            const char    *where)
{
  GString *sql = g_string_new ("SELECT id, ");

  g_string_append (sql, class_is_case (klass) ? "id" : "case_id");
  for (guint i = 0; i < klass->n_fields; i++)
    g_string_append_printf (sql, ", %s", klass->fields[i].column);
  g_string_append_printf (sql, " FROM %s WHERE %s ORDER BY id", klass->table, where);

  return g_string_free (sql, FALSE);
}

static void
record_set_from_row (McRecord     *record,
                     sqlite3_stmt *stmt)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (record);

  g_object_freeze_notify (G_OBJECT (record));
  mc_record_set_id (record, sqlite3_column_int64 (stmt, 0));
  mc_record_set_case_id (record, sqlite3_column_int64 (stmt, 1));
  for (guint i = 0; i < klass->n_fields; i++)
    mc_record_set_field_text (record, &klass->fields[i], (const char *) sqlite3_column_text (stmt, i + 2));
  g_object_thaw_notify (G_OBJECT (record));
}

/* The stored row of @record's type with id @id, as a new record; NULL with
 * NOT_FOUND when there is none. */
static McRecord *
load_record (McStore  *self,
             GType     type,
             gint64    id,
             GError  **error)
{
  g_autoptr(GTypeClass) type_class = g_type_class_ref (type);
  g_autofree char *sql = select_sql (MC_RECORD_CLASS (type_class), "id = ?1");
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(McRecord) record = NULL;
  int rc;

  if ((stmt = prepare_cached (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                           _("This record no longer exists."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, rc);
      return NULL;
    }

  record = g_object_new (type, NULL);
  record_set_from_row (record, stmt);
  return g_steal_pointer (&record);
}

static gboolean
check_required (McRecord       *record,
                const McField  *only,
                GError        **error)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (record);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const McField *field = &klass->fields[i];
      g_autofree char *text = NULL;

      if ((field->flags & MC_FIELD_FLAG_REQUIRED) == 0 || (only != NULL && only != field))
        continue;

      text = mc_record_dup_field_text (record, field);
      if (text == NULL || *text == '\0')
        {
          g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                               _("A required field is empty."));
          return FALSE;
        }
    }

  return TRUE;
}

static const McField *
find_flagged_field (McRecordClass *klass,
                    McFieldFlags   flag)
{
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].flags & flag)
      return &klass->fields[i];

  return NULL;
}

static gboolean
touch_case (McStore     *self,
            gint64       case_id,
            const char  *now,
            GError     **error)
{
  g_autoptr(CachedStmt) stmt = NULL;

  if ((stmt = prepare_cached (self, "UPDATE cases SET updated_at = ?1 WHERE id = ?2", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                           _("The case no longer exists."));
      return FALSE;
    }

  return TRUE;
}

/* "2026-0001": the next number of this year. */
static char *
next_case_number (McStore  *self,
                  GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  g_autoptr(CachedStmt) select_last = NULL;
  g_autoptr(CachedStmt) select_taken = NULL;
  g_autoptr(CachedStmt) save_last = NULL;
  char *number = NULL;
  gint64 last = 0;
  int rc;

  select_last = prepare_cached (self, "SELECT last FROM case_numbers WHERE year = ?1", error);
  if (select_last == NULL)
    return NULL;
  select_taken = prepare_cached (self, "SELECT 1 FROM cases WHERE number = ?1", error);
  if (select_taken == NULL)
    return NULL;
  save_last = prepare_cached (self, "INSERT OR REPLACE INTO case_numbers (year, last) VALUES (?1, ?2)",
                              error);
  if (save_last == NULL)
    return NULL;

  sqlite3_bind_int (select_last, 1, year);
  rc = sqlite3_step (select_last);
  if (rc == SQLITE_ROW)
    last = sqlite3_column_int64 (select_last, 0);
  else if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc);
      return NULL;
    }

  /* A case imported from elsewhere may hold a number already. */
  do
    {
      g_free (number);
      number = g_strdup_printf ("%d-%04" G_GINT64_FORMAT, year, ++last);
      sqlite3_reset (select_taken);
      sqlite3_bind_text (select_taken, 1, number, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (select_taken);
    }
  while (rc == SQLITE_ROW);

  if (rc != SQLITE_DONE)
    {
      g_free (number);
      set_sqlite_error (error, self->db, rc);
      return NULL;
    }

  sqlite3_bind_int (save_last, 1, year);
  sqlite3_bind_int64 (save_last, 2, last);
  if (!step_done (self, save_last, error))
    {
      g_free (number);
      return NULL;
    }

  return number;
}

static void
free_texts (char   **texts,
            guint    n_texts)
{
  for (guint i = 0; i < n_texts; i++)
    g_free (texts[i]);
  g_free (texts);
}

/* Inserts @record inside the current transaction. @values gets the text
 * stored for every field (the store fills in timestamps, a case's number
 * and status), applied to the record once the transaction commits. */
static gboolean
insert_record (McStore    *self,
               McRecord   *record,
               const char *now,
               gint64     *out_id,
               char      **values,
               GError    **error)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (record);
  gboolean is_case = class_is_case (klass);
  gint64 case_id = mc_record_get_case_id (record);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(McRecord) stored = NULL;
  g_autofree char *content = NULL;
  gint64 id;
  int column = 1;

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const McField *field = &klass->fields[i];

      if (field->flags & (MC_FIELD_FLAG_CREATED | MC_FIELD_FLAG_UPDATED))
        values[i] = g_strdup (now);
      else
        values[i] = mc_record_dup_field_text (record, field);

      if (is_case && strcmp (field->column, "number") == 0 && (values[i] == NULL || *values[i] == '\0'))
        {
          g_free (values[i]);
          if ((values[i] = next_case_number (self, error)) == NULL)
            return FALSE;
        }
      else if (is_case && strcmp (field->column, "status") == 0 && values[i] == NULL)
        values[i] = g_strdup ("open");
    }

  g_string_append_printf (sql, "INSERT INTO %s (", klass->table);
  if (!is_case)
    g_string_append (sql, "case_id, ");
  for (guint i = 0; i < klass->n_fields; i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", klass->fields[i].column);
  g_string_append (sql, ") VALUES (");
  for (guint i = 0; i < klass->n_fields + (is_case ? 0 : 1); i++)
    g_string_append_printf (sql, "%s?", i > 0 ? ", " : "");
  g_string_append (sql, ")");

  if ((stmt = prepare_cached (self, sql->str, error)) == NULL)
    return FALSE;
  if (!is_case)
    sqlite3_bind_int64 (stmt, column++, case_id);
  for (guint i = 0; i < klass->n_fields; i++)
    sqlite3_bind_text (stmt, column++, values[i], -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (self->db);
  if (is_case)
    case_id = id;
  else if (!touch_case (self, case_id, now, error))
    return FALSE;

  /* The audit row keeps what the database holds now. */
  if ((stored = load_record (self, G_OBJECT_TYPE (record), id, error)) == NULL)
    return FALSE;
  content = mc_record_serialize (stored);
  if (!audit (self, MC_AUDIT_EVENT_CREATE, case_id, klass->table, id, NULL, NULL, content, error))
    return FALSE;

  *out_id = id;
  return TRUE;
}

gboolean
mc_store_insert (McStore   *self,
                 McRecord  *record,
                 GError   **error)
{
  McRecordClass *klass;
  g_autofree char *now = NULL;
  char **values;
  gint64 id = 0;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (MC_IS_RECORD (record), FALSE);
  g_return_val_if_fail (mc_record_get_id (record) == 0, FALSE);
  g_return_val_if_fail (MC_IS_CASE (record) || mc_record_get_case_id (record) > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ensure_open (self, error) || !check_required (record, NULL, error))
    return FALSE;

  klass = MC_RECORD_GET_CLASS (record);
  now = mc_now_utc_iso8601 ();
  values = g_new0 (char *, klass->n_fields);

  if (!transaction_begin (self, error))
    {
      free_texts (values, klass->n_fields);
      return FALSE;
    }
  if (!insert_record (self, record, now, &id, values, error))
    {
      transaction_rollback (self);
      free_texts (values, klass->n_fields);
      return FALSE;
    }
  if (!transaction_commit (self, error))
    {
      free_texts (values, klass->n_fields);
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (record));
  mc_record_set_id (record, id);
  if (MC_IS_CASE (record))
    mc_record_set_case_id (record, id);
  for (guint i = 0; i < klass->n_fields; i++)
    mc_record_set_field_text (record, &klass->fields[i], values[i]);
  g_object_thaw_notify (G_OBJECT (record));
  free_texts (values, klass->n_fields);

  emit_changed (self, mc_record_get_case_id (record));
  return TRUE;
}

static gboolean
update_column (McStore        *self,
               McRecord       *record,
               const McField  *field,
               const char     *new_value,
               const char     *now,
               gboolean       *changed,
               GError        **error)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (record);
  const McField *updated_field = find_flagged_field (klass, MC_FIELD_FLAG_UPDATED);
  gint64 id = mc_record_get_id (record);
  gint64 case_id = class_is_case (klass) ? id : mc_record_get_case_id (record);
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1", field->column, klass->table);
  g_autofree char *update = NULL;
  g_autofree char *old_value = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(CachedStmt) update_stmt = NULL;
  int rc;

  *changed = FALSE;

  if ((stmt = prepare_cached (self, select, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                           _("This record no longer exists."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return set_sqlite_error (error, self->db, rc);
  old_value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  if (g_strcmp0 (old_value, new_value) == 0)
    return TRUE;

  if (updated_field != NULL)
    update = g_strdup_printf ("UPDATE %s SET %s = ?1, %s = ?2 WHERE id = ?3",
                              klass->table, field->column, updated_field->column);
  else
    update = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE id = ?3", klass->table, field->column);

  if ((update_stmt = prepare_cached (self, update, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (update_stmt, 1, new_value, -1, SQLITE_STATIC);
  if (updated_field != NULL)
    sqlite3_bind_text (update_stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update_stmt, 3, id);
  if (!step_done (self, update_stmt, error))
    return FALSE;

  if (!class_is_case (klass) && !touch_case (self, case_id, now, error))
    return FALSE;

  if (!audit (self, MC_AUDIT_EVENT_CHANGE, case_id, klass->table, id, field->column,
              old_value, new_value, error))
    return FALSE;

  *changed = TRUE;
  return TRUE;
}

gboolean
mc_store_update_field (McStore     *self,
                       McRecord    *record,
                       const char  *property,
                       GError     **error)
{
  McRecordClass *klass;
  const McField *field;
  const McField *updated_field;
  g_autofree char *new_value = NULL;
  g_autofree char *now = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (MC_IS_RECORD (record), FALSE);
  g_return_val_if_fail (property != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  klass = MC_RECORD_GET_CLASS (record);
  field = mc_record_class_find_field (klass, property);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail ((field->flags & (MC_FIELD_FLAG_CREATED | MC_FIELD_FLAG_UPDATED)) == 0, FALSE);

  if (mc_record_get_id (record) == 0)
    return mc_store_insert (self, record, error);

  if (!ensure_open (self, error) || !check_required (record, field, error))
    return FALSE;

  new_value = mc_record_dup_field_text (record, field);
  now = mc_now_utc_iso8601 ();

  if (!transaction_begin (self, error))
    return FALSE;
  if (!update_column (self, record, field, new_value, now, &changed, error))
    {
      transaction_rollback (self);
      return FALSE;
    }
  if (!transaction_commit (self, error))
    return FALSE;

  if (!changed)
    return TRUE;

  updated_field = find_flagged_field (klass, MC_FIELD_FLAG_UPDATED);
  if (updated_field != NULL)
    mc_record_set_field_text (record, updated_field, now);

  emit_changed (self, mc_record_get_case_id (record));
  return TRUE;
}

static gboolean
audit_deleted (McStore   *self,
               McRecord  *stored,
               GError   **error)
{
  g_autofree char *content = mc_record_serialize (stored);

  return audit (self, MC_AUDIT_EVENT_DELETE, mc_record_get_case_id (stored),
                MC_RECORD_GET_CLASS (stored)->table, mc_record_get_id (stored),
                NULL, content, NULL, error);
}

/* One audit row per record of the case, before the cascade removes them. */
static gboolean
audit_deleted_children (McStore  *self,
                        gint64    case_id,
                        GError  **error)
{
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(GTypeClass) type_class = g_type_class_ref (types[t]);
      g_autofree char *sql = select_sql (MC_RECORD_CLASS (type_class), "case_id = ?1");
      g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(CachedStmt) stmt = NULL;
      int rc;

      if ((stmt = prepare_cached (self, sql, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, case_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          McRecord *child = g_object_new (types[t], NULL);

          record_set_from_row (child, stmt);
          g_ptr_array_add (children, child);
        }
      if (rc != SQLITE_DONE)
        return set_sqlite_error (error, self->db, rc);

      for (guint i = 0; i < children->len; i++)
        if (!audit_deleted (self, g_ptr_array_index (children, i), error))
          return FALSE;
    }

  return TRUE;
}

static gboolean
delete_record (McStore     *self,
               McRecord    *record,
               const char  *now,
               GError     **error)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (record);
  gint64 id = mc_record_get_id (record);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", klass->table);
  g_autoptr(McRecord) stored = NULL;
  g_autoptr(CachedStmt) stmt = NULL;

  if ((stored = load_record (self, G_OBJECT_TYPE (record), id, error)) == NULL)
    return FALSE;

  if (class_is_case (klass) && !audit_deleted_children (self, id, error))
    return FALSE;
  if (!audit_deleted (self, stored, error))
    return FALSE;

  if ((stmt = prepare_cached (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (!class_is_case (klass) && !touch_case (self, mc_record_get_case_id (stored), now, error))
    return FALSE;

  return TRUE;
}

gboolean
mc_store_delete (McStore   *self,
                 McRecord  *record,
                 GError   **error)
{
  g_autofree char *now = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (MC_IS_RECORD (record), FALSE);
  g_return_val_if_fail (mc_record_get_id (record) > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ensure_open (self, error))
    return FALSE;

  now = mc_now_utc_iso8601 ();
  if (!transaction_begin (self, error))
    return FALSE;
  if (!delete_record (self, record, now, error))
    {
      transaction_rollback (self);
      return FALSE;
    }
  if (!transaction_commit (self, error))
    return FALSE;

  emit_changed (self, mc_record_get_case_id (record));
  return TRUE;
}

static McCase *
load_case (McStore  *self,
           gint64    id,
           GError  **error)
{
  g_autoptr(McRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);

  if ((record = load_record (self, MC_TYPE_CASE, id, &local_error)) == NULL)
    {
      if (g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                             _("The case no longer exists."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(GTypeClass) type_class = g_type_class_ref (types[t]);
      g_autofree char *sql = select_sql (MC_RECORD_CLASS (type_class), "case_id = ?1");
      g_autoptr(CachedStmt) stmt = NULL;
      int rc;

      if ((stmt = prepare_cached (self, sql, error)) == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autoptr(McRecord) child = g_object_new (types[t], NULL);

          record_set_from_row (child, stmt);
          mc_case_add_child (MC_CASE (record), child);
        }
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (error, self->db, rc);
          return NULL;
        }
    }

  return MC_CASE (g_steal_pointer (&record));
}

McCase *
mc_store_load_case (McStore  *self,
                    gint64    id,
                    GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  McCase *result;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_open (self, error) || !read_begin (self, error))
    return NULL;
  result = load_case (self, id, &local_error);
  read_end (self);

  if (result == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return result;
}

static char *
like_pattern (const char *search)
{
  g_autofree char *folded = mc_store_fold_for_search (search);
  GString *pattern = g_string_new ("%");

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

static McAnswer
column_answer (sqlite3_stmt *stmt,
               int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return MC_ANSWER_UNKNOWN;
  return sqlite3_column_int (stmt, column) != 0 ? MC_ANSWER_YES : MC_ANSWER_NO;
}

static const char *
outcome_text (const char *decided_on,
              McAnswer    report,
              McAnswer    help)
{
  if (decided_on == NULL || *decided_on == '\0')
    return NULL;

  /* Translators: the outcomes of step 5 as the case list shows them. */
  if (report == MC_ANSWER_YES)
    return help == MC_ANSWER_YES ? _("Report and help") : _("Report to Veilig Thuis");
  if (report == MC_ANSWER_NO)
    {
      if (help == MC_ANSWER_YES)
        return _("Help without a report");
      if (help == MC_ANSWER_NO)
        return _("No report and no help");
      return _("No report");
    }
  return _("Decision recorded");
}

static const char list_cases_sql[] =
  "SELECT c.id, c.number, c.client_name, c.client_number, c.status, c.updated_at,"
  " EXISTS (SELECT 1 FROM follow_ups f WHERE f.case_id = c.id AND f.done = 0 AND f.due_on <= ?1) AS due,"
  " d.decided_on, d.report_needed, d.help_possible"
  " FROM cases c LEFT JOIN decisions d ON d.case_id = c.id"
  " WHERE (?2 IS NULL OR c.status = ?2)"
  "  AND (?3 IS NULL OR c.search_key LIKE ?3 ESCAPE '\\')"
  "  AND (?4 = 0 OR due)"
  " ORDER BY c.updated_at DESC, c.id DESC";

static gboolean
list_cases (McStore       *self,
            McCaseFilter   filter,
            const char    *search,
            GPtrArray     *items,
            GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *pattern = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  const char *status = NULL;
  int rc;

  switch (filter)
    {
    case MC_CASE_FILTER_ALL:
    case MC_CASE_FILTER_FOLLOW_UP_DUE:
      break;
    case MC_CASE_FILTER_OPEN:
      status = "open";
      break;
    case MC_CASE_FILTER_CLOSED:
      status = "closed";
      break;
    default:
      g_assert_not_reached ();
    }

  if (search != NULL && *search != '\0')
    pattern = like_pattern (search);

  if ((stmt = prepare_cached (self, list_cases_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, filter == MC_CASE_FILTER_FOLLOW_UP_DUE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *decided_on = (const char *) sqlite3_column_text (stmt, 7);

      g_ptr_array_add (items,
                       mc_case_summary_new (sqlite3_column_int64 (stmt, 0),
                                            (const char *) sqlite3_column_text (stmt, 1),
                                            (const char *) sqlite3_column_text (stmt, 2),
                                            (const char *) sqlite3_column_text (stmt, 3),
                                            (const char *) sqlite3_column_text (stmt, 4),
                                            (const char *) sqlite3_column_text (stmt, 5),
                                            sqlite3_column_int (stmt, 6) != 0,
                                            outcome_text (decided_on,
                                                          column_answer (stmt, 8),
                                                          column_answer (stmt, 9))));
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc);

  return TRUE;
}

GListModel *
mc_store_list_cases (McStore       *self,
                     McCaseFilter   filter,
                     const char    *search,
                     GError       **error)
{
  g_autoptr(GPtrArray) items = NULL;
  GListStore *model;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_open (self, error) || !read_begin (self, error))
    return NULL;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  ok = list_cases (self, filter, search, items, error);
  read_end (self);
  if (!ok)
    return NULL;

  /* One splice, one items-changed. */
  model = g_list_store_new (MC_TYPE_CASE_SUMMARY);
  g_list_store_splice (model, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (model);
}

/* Batches */

gboolean
mc_store_begin_batch (McStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_batch, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ensure_open (self, error) || !exec_sql (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_batch = TRUE;
  return TRUE;
}

gboolean
mc_store_commit_batch (McStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->in_batch, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ensure_open (self, error))
    return FALSE;

  self->in_batch = FALSE;
  if (!exec_sql (self->db, "COMMIT", error))
    {
      transaction_rollback (self);
      return FALSE;
    }

  emit_changed (self, 0);
  return TRUE;
}

void
mc_store_rollback_batch (McStore *self)
{
  g_return_if_fail (MC_IS_STORE (self));
  g_return_if_fail (self->in_batch);

  self->in_batch = FALSE;
  if (self->db != NULL && sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* The audit trail */

static gboolean
log_event (McStore             *self,
           const McAuditEntry  *entry,
           GError             **error)
{
  if (!transaction_begin (self, error))
    return FALSE;
  if (!audit (self, entry->event, entry->case_id, entry->entity, entry->entity_id,
              entry->field, entry->old_value, entry->new_value, error))
    {
      transaction_rollback (self);
      return FALSE;
    }
  return transaction_commit (self, error);
}

gboolean
mc_store_log_event (McStore       *self,
                    McAuditEvent   event,
                    gint64         case_id,
                    const char    *detail,
                    GError       **error)
{
  const McAuditEntry entry = {
    .event = event,
    .case_id = case_id,
    .new_value = detail,
  };

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (case_id >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ensure_open (self, error) && log_event (self, &entry, error);
}

gboolean
mc_store_verify_audit (McStore  *self,
                       gint64   *first_bad_row_id,
                       GError  **error)
{
  gboolean intact = FALSE;
  gint64 bad = 0;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (first_bad_row_id != NULL)
    *first_bad_row_id = 0;

  if (!ensure_open (self, error) || !read_begin (self, error))
    return FALSE;
  rc = mc_audit_verify (self->audit, &intact, &bad);
  read_end (self);

  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->db, rc);

  if (first_bad_row_id != NULL)
    *first_bad_row_id = bad;
  if (!intact)
    {
      g_autofree char *entry = g_strdup_printf ("%" G_GINT64_FORMAT, bad);

      /* Translators: %s is the number of an entry in the audit trail. */
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                   _("The audit trail was changed outside Meldcode, from entry %s on."), entry);
      return FALSE;
    }

  return TRUE;
}

/* A case id the database gave out again after a removal would also match
 * the rows of the case removed: the history starts at the last creation. */
static const char case_history_sql[] =
  "SELECT id, at, event, entity, entity_id, field, old_value, new_value,"
  " user_name, user_role, on_behalf_of"
  " FROM audit_log"
  " WHERE case_id = ?1"
  "  AND id >= coalesce ((SELECT max (id) FROM audit_log"
  "                       WHERE case_id = ?1 AND event = 'create' AND entity = 'cases'), 0)"
  " ORDER BY id";

static gboolean
list_case_history (McStore           *self,
                   gint64             case_id,
                   McHistoryBuilder  *builder,
                   GError           **error)
{
  g_autoptr(CachedStmt) exists = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((exists = prepare_cached (self, "SELECT 1 FROM cases WHERE id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (exists, 1, case_id);
  rc = sqlite3_step (exists);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                           _("The case no longer exists."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return set_sqlite_error (error, self->db, rc);

  if ((stmt = prepare_cached (self, case_history_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    mc_history_builder_add_row (builder,
                                sqlite3_column_int64 (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1),
                                (const char *) sqlite3_column_text (stmt, 2),
                                (const char *) sqlite3_column_text (stmt, 3),
                                sqlite3_column_int64 (stmt, 4),
                                (const char *) sqlite3_column_text (stmt, 5),
                                (const char *) sqlite3_column_text (stmt, 6),
                                (const char *) sqlite3_column_text (stmt, 7),
                                (const char *) sqlite3_column_text (stmt, 8),
                                (const char *) sqlite3_column_text (stmt, 9),
                                (const char *) sqlite3_column_text (stmt, 10));
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc);

  return TRUE;
}

GPtrArray *
mc_store_list_case_history (McStore  *self,
                            gint64    case_id,
                            GError  **error)
{
  g_autoptr(McHistoryBuilder) builder = NULL;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  g_return_val_if_fail (case_id > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_open (self, error) || !read_begin (self, error))
    return NULL;
  builder = mc_history_builder_new ();
  ok = list_case_history (self, case_id, builder, error);
  read_end (self);
  if (!ok)
    return NULL;

  return mc_history_builder_finish (g_steal_pointer (&builder));
}

static gboolean
check_database (sqlite3      *db,
                const char   *pragma,
                GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, pragma, -1, &stmt, NULL)) != SQLITE_OK)
    return set_sqlite_error (error, db, rc);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);

      if (result == NULL)
        result = "";
      ok = strcmp (result, "ok") == 0;
      /* The first problem; the rest can run to thousands of lines. */
      if (!ok)
        g_debug ("%s: %.*s", pragma, (int) strcspn (result, "\n"), result);
    }
  else
    {
      set_sqlite_error (error, db, rc);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (!ok)
    g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                         _("The case store is damaged. Restore it from a backup."));
  return ok;
}

gboolean
mc_store_integrity_check (McStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ensure_open (self, error) && check_database (self->db, "PRAGMA integrity_check", error);
}

/* Opening and closing */

static char *
store_path (const char *dir,
            const char *name)
{
  return g_build_filename (dir, name, NULL);
}

char *
mc_store_get_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_ID, NULL);
}

gboolean
mc_store_exists (const char *dir)
{
  g_autofree char *db_path = NULL;
  g_autofree char *key_path = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);

  db_path = store_path (dir, DB_NAME);
  key_path = store_path (dir, KEY_NAME);
  return g_file_test (db_path, G_FILE_TEST_IS_REGULAR) && g_file_test (key_path, G_FILE_TEST_IS_REGULAR);
}

static gboolean
set_not_a_store (GError **error)
{
  g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_A_STORE,
                       _("This folder does not hold a Meldcode case store."));
  return FALSE;
}

/* Before any key is derived or given to SQLite: the store's files are
 * there, and the database is not a plaintext SQLite file. */
static gboolean
check_store_files (const char  *dir,
                   GError     **error)
{
  g_autofree char *db_path = store_path (dir, DB_NAME);
  char header[16];
  gssize n_read;
  int fd;

  if (!mc_store_exists (dir))
    return set_not_a_store (error);

  if ((fd = g_open (db_path, O_RDONLY | O_CLOEXEC, 0)) < 0)
    return set_io_error (error, errno, db_path);
  n_read = read (fd, header, sizeof header);
  if (n_read < 0)
    {
      int saved_errno = errno;

      close (fd);
      return set_io_error (error, saved_errno, db_path);
    }
  close (fd);

  if (n_read == 0)
    return set_not_a_store (error);
  if (n_read == sizeof header && memcmp (header, "SQLite format 3", sizeof header) == 0)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_A_STORE,
                           _("The database in this folder is not encrypted, so it is not a Meldcode case store."));
      return FALSE;
    }

  return TRUE;
}

static void
restrict_file (const char *dir,
               const char *name)
{
  g_autofree char *path = store_path (dir, name);

  if (g_chmod (path, 0600) != 0 && errno != ENOENT)
    g_debug ("Could not restrict %s: %s", name, g_strerror (errno));
}

/* Opens and keys the database, checks the key can read it, and sets up the
 * connection. The raw key goes through sqlite3_key_v2(), never into SQL. */
static sqlite3 *
open_keyed (const char      *dir,
            const McSecret  *data_key,
            gboolean         create,
            GError         **error)
{
  g_autofree char *db_path = store_path (dir, DB_NAME);
  g_autoptr(McSecret) key_text = mc_secret_to_sqlcipher_key (data_key);
  static const char setup_sql[] =
    "PRAGMA synchronous = FULL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA temp_store = MEMORY;"
    "PRAGMA secure_delete = ON;";
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  int rc;

  rc = sqlite3_open_v2 (db_path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  rc = sqlite3_key_v2 (db, "main", mc_secret_get_data (key_text), mc_secret_get_size (key_text));
  if (rc != SQLITE_OK)
    goto failed;

  /* A wrong key only shows here, as SQLITE_NOTADB. The key file's AEAD
   * vouches for the key, so that means a damaged database. */
  rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;

  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    goto failed;
  if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    {
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                           _("The case store could not be read or written."));
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  rc = sqlite3_exec (db, setup_sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  rc = mc_store_schema_register_functions (db);
  if (rc != SQLITE_OK)
    goto failed;

  /* SQLite gives them the mode of the database already; the umask is the
   * program's, so make sure. */
  restrict_file (dir, DB_NAME);
  restrict_file (dir, DB_NAME "-wal");
  restrict_file (dir, DB_NAME "-shm");

  return db;

failed:
  set_sqlite_error (error, db, rc);
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (db);
  return NULL;
}

/* A backup's export left behind by a crash (an encrypted copy of the
 * database, "backup-XXXXXX.db"): removed at the next open once it is an
 * hour old, so a backup another process is making now is left alone. */
static void
remove_stale_exports (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, "backup-")
          || !(g_str_has_suffix (name, ".db") || g_str_has_suffix (name, ".db-journal")))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && now - st.st_mtime > 3600)
        g_unlink (path);
    }
}

static McStore *
open_database (const char          *dir,
               McKeyFile           *key_file,
               McSecret            *data_key,
               const McAuditEntry  *opening,
               const McAuditActor  *actor,
               GError             **error)
{
  g_autoptr(McKeyFile) owned_key_file = key_file;
  g_autoptr(McSecret) owned_data_key = data_key;
  g_autoptr(McStore) self = NULL;
  sqlite3 *db;
  guint version = 0;
  int rc;

  if ((db = open_keyed (dir, data_key, FALSE, error)) == NULL)
    return NULL;

  if ((rc = mc_store_schema_get_version (db, &version)) != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }
  if (version > MC_STORE_SCHEMA_VERSION)
    {
      sqlite3_close (db);
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NEWER_SCHEMA,
                           _("This case store was made by a newer version of Meldcode. Update Meldcode to open it."));
      return NULL;
    }
  /* Every store has its schema from the moment it is made. */
  if (version == 0)
    {
      sqlite3_close (db);
      set_not_a_store (error);
      return NULL;
    }

  /* Reads every page, so a damaged one shows now rather than in the middle
   * of someone's work. */
  if (!check_database (db, "PRAGMA quick_check", error))
    {
      sqlite3_close (db);
      return NULL;
    }

  if (version < MC_STORE_SCHEMA_VERSION
      && (rc = mc_store_schema_migrate (db, MC_STORE_SCHEMA_VERSION)) != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }

  self = g_object_new (MC_TYPE_STORE, NULL);
  self->dir = g_strdup (dir);
  self->db = db;
  self->key_file = g_steal_pointer (&owned_key_file);
  self->data_key = g_steal_pointer (&owned_data_key);
  self->audit = mc_audit_new (db, self->data_key);
  /* The opening row names who opened, not only who comes after. */
  if (actor != NULL)
    mc_store_set_actor (self, actor->user_name, actor->user_role, actor->on_behalf_of);

  if (!log_event (self, opening, error))
    return NULL;
  remove_stale_exports (dir);

  return g_steal_pointer (&self);
}

static McStore *
open_with_secret (const char          *dir,
                  const char          *secret,
                  gboolean             is_recovery_key,
                  const McAuditActor  *actor,
                  GError             **error)
{
  const McAuditEntry unlock = { .event = MC_AUDIT_EVENT_UNLOCK };
  g_autofree char *key_path = NULL;
  g_autoptr(McKeyFile) key_file = NULL;
  McSecret *data_key;
  GError *key_error = NULL;

  if (!check_store_files (dir, error))
    return NULL;

  key_path = store_path (dir, KEY_NAME);
  if ((key_file = mc_key_file_load (key_path, &key_error)) == NULL)
    {
      propagate_key_file_error (error, key_error);
      return NULL;
    }

  if (is_recovery_key)
    data_key = mc_key_file_unwrap_recovery_key (key_file, secret, &key_error);
  else
    data_key = mc_key_file_unwrap_passphrase (key_file, secret, &key_error);
  if (data_key == NULL)
    {
      propagate_key_file_error (error, key_error);
      return NULL;
    }

  return open_database (dir, g_steal_pointer (&key_file), data_key, &unlock, actor, error);
}

McStore *
mc_store_open (const char  *dir,
               const char  *passphrase,
               GError     **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_with_secret (dir, passphrase, FALSE, NULL, error);
}

McStore *
mc_store_open_with_recovery_key (const char  *dir,
                                 const char  *recovery_key,
                                 GError     **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (recovery_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_with_secret (dir, recovery_key, TRUE, NULL, error);
}

McStore *
mc_store_open_with_data_key (const char      *dir,
                             const McSecret  *data_key,
                             GError         **error)
{
  const McAuditEntry unlock = { .event = MC_AUDIT_EVENT_UNLOCK };
  g_autofree char *key_path = NULL;
  McKeyFile *key_file;
  GError *key_error = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (data_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_store_files (dir, error))
    return NULL;

  key_path = store_path (dir, KEY_NAME);
  if ((key_file = mc_key_file_load (key_path, &key_error)) == NULL)
    {
      propagate_key_file_error (error, key_error);
      return NULL;
    }

  return open_database (dir, key_file,
                        mc_secret_new_from_data (mc_secret_get_data (data_key),
                                                 mc_secret_get_size (data_key)),
                        &unlock, NULL, error);
}

typedef struct
{
  char     *dir;
  McSecret *secret;
  gboolean  is_recovery_key;
  gboolean  has_actor;
  char     *actor_name;
  char     *actor_role;
  char     *actor_on_behalf_of;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->actor_name);
  g_free (data->actor_role);
  g_free (data->actor_on_behalf_of);
  g_free (data->dir);
  mc_secret_free (data->secret);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  const McAuditActor actor = { data->actor_name, data->actor_role, data->actor_on_behalf_of };
  GError *error = NULL;
  McStore *store;

  if (g_task_return_error_if_cancelled (task))
    return;

  store = open_with_secret (data->dir, (const char *) mc_secret_get_data (data->secret),
                            data->is_recovery_key, data->has_actor ? &actor : NULL, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
open_async (const char          *dir,
            const char          *secret,
            gboolean             is_recovery_key,
            const McAuditActor  *actor,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  data = g_new0 (OpenData, 1);
  data->dir = g_strdup (dir);
  /* The typed secret goes to the worker in locked memory; the McSecret
   * keeps a NUL after the data, so it reads as a string again. */
  data->secret = mc_secret_new_from_data ((const guint8 *) secret, strlen (secret));
  data->is_recovery_key = is_recovery_key;
  if (actor != NULL)
    {
      data->has_actor = TRUE;
      data->actor_name = g_strdup (actor->user_name);
      data->actor_role = g_strdup (actor->user_role);
      data->actor_on_behalf_of = g_strdup (actor->on_behalf_of);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_store_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

void
mc_store_open_async (const char          *dir,
                     const char          *passphrase,
                     const McAuditActor  *actor,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (dir != NULL);
  g_return_if_fail (passphrase != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  open_async (dir, passphrase, FALSE, actor, cancellable, callback, user_data);
}

void
mc_store_open_with_recovery_key_async (const char          *dir,
                                       const char          *recovery_key,
                                       const McAuditActor  *actor,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (dir != NULL);
  g_return_if_fail (recovery_key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  open_async (dir, recovery_key, TRUE, actor, cancellable, callback, user_data);
}

McStore *
mc_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_store_open_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Removes what a store is made of in @dir (nothing else), then @dir when
 * asked and that leaves it empty. */
static void
remove_store_files (const char *dir,
                    gboolean    remove_dir)
{
  static const char * const names[] = {
    DB_NAME, DB_NAME "-wal", DB_NAME "-shm", DB_NAME "-journal", KEY_NAME,
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = store_path (dir, names[i]);

      g_unlink (path);
    }
  if (remove_dir)
    g_rmdir (dir);
}

/* A missing directory, or an empty one: where a store can go. */
static gboolean
is_free_place (const char *dir)
{
  g_autoptr(GDir) handle = NULL;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    return TRUE;
  handle = g_dir_open (dir, 0, NULL);
  return handle != NULL && g_dir_read_name (handle) == NULL;
}

/* Makes the directory, the key file and a database with the schema up to
 * @version; closes the database again. */
static gboolean
create_store (const char  *dir,
              const char  *passphrase,
              McKdfCost    cost,
              guint        version,
              McKeyFile  **out_key_file,
              McSecret   **out_data_key,
              char       **out_recovery_key,
              gboolean    *out_made_dir,
              GError     **error)
{
  g_autofree char *key_path = store_path (dir, KEY_NAME);
  g_autoptr(McKeyFile) key_file = NULL;
  g_autoptr(McSecret) data_key = NULL;
  g_autofree char *recovery_key = NULL;
  gboolean made_dir;
  GError *key_error = NULL;
  sqlite3 *db;
  int rc;

  /* The folder becomes private (0700): never someone's folder with other
   * files in it. */
  if (!is_free_place (dir))
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS,
                           mc_store_exists (dir)
                           ? _("There is already a case store in this folder.")
                           : _("The folder for the case store is not empty."));
      return FALSE;
    }

  made_dir = !g_file_test (dir, G_FILE_TEST_EXISTS);
  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    return set_io_error (error, errno, dir);

  key_file = mc_key_file_create (key_path, passphrase, cost, &data_key, &recovery_key, &key_error);
  if (key_file == NULL)
    {
      remove_store_files (dir, made_dir);
      return propagate_key_file_error (error, key_error);
    }

  if ((db = open_keyed (dir, data_key, TRUE, error)) == NULL)
    {
      remove_store_files (dir, made_dir);
      return FALSE;
    }
  if ((rc = mc_store_schema_migrate (db, version)) != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc);
      sqlite3_close (db);
      remove_store_files (dir, made_dir);
      return FALSE;
    }
  if ((rc = sqlite3_close (db)) != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc);
      sqlite3_close_v2 (db);
      remove_store_files (dir, made_dir);
      return FALSE;
    }

  if (out_key_file != NULL)
    *out_key_file = g_steal_pointer (&key_file);
  if (out_data_key != NULL)
    *out_data_key = g_steal_pointer (&data_key);
  *out_recovery_key = g_steal_pointer (&recovery_key);
  if (out_made_dir != NULL)
    *out_made_dir = made_dir;
  return TRUE;
}

McStore *
mc_store_create (const char  *dir,
                 const char  *passphrase,
                 McKdfCost    cost,
                 char       **out_recovery_key,
                 GError     **error)
{
  const McAuditEntry created = { .event = MC_AUDIT_EVENT_CREATE, .entity = "store" };
  g_autofree char *recovery_key = NULL;
  McKeyFile *key_file = NULL;
  McSecret *data_key = NULL;
  gboolean made_dir = FALSE;
  McStore *self;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (out_recovery_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!create_store (dir, passphrase, cost, MC_STORE_SCHEMA_VERSION,
                     &key_file, &data_key, &recovery_key, &made_dir, error))
    return NULL;

  if ((self = open_database (dir, key_file, data_key, &created, NULL, error)) == NULL)
    {
      remove_store_files (dir, made_dir);
      return NULL;
    }

  *out_recovery_key = g_steal_pointer (&recovery_key);
  return self;
}

gboolean
mc_store_create_at_version (const char  *dir,
                            const char  *passphrase,
                            McKdfCost    cost,
                            guint        version,
                            char       **out_recovery_key,
                            GError     **error)
{
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);
  g_return_val_if_fail (version >= 1 && version <= MC_STORE_SCHEMA_VERSION, FALSE);
  g_return_val_if_fail (out_recovery_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return create_store (dir, passphrase, cost, version, NULL, NULL, out_recovery_key, NULL, error);
}

gboolean
mc_store_check_passphrase (const char  *dir,
                           const char  *passphrase,
                           GError     **error)
{
  g_autofree char *key_path = NULL;
  g_autoptr(McKeyFile) key_file = NULL;
  g_autoptr(McSecret) data_key = NULL;
  GError *key_error = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Only the key file on disk: no McStore is touched, so this may run in a
   * worker thread while the store lives on the main thread. */
  key_path = g_build_filename (dir, KEY_NAME, NULL);
  if ((key_file = mc_key_file_load (key_path, &key_error)) == NULL
      || (data_key = mc_key_file_unwrap_passphrase (key_file, passphrase, &key_error)) == NULL)
    return propagate_key_file_error (error, key_error);

  return TRUE;
}

gboolean
mc_store_change_passphrase (McStore     *self,
                            const char  *new_passphrase,
                            McKdfCost    cost,
                            GError     **error)
{
  const McAuditEntry changed = { .event = MC_AUDIT_EVENT_CHANGE, .entity = "key", .field = "passphrase" };
  GError *key_error = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (new_passphrase != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ensure_open (self, error))
    return FALSE;

  if (!mc_key_file_change_passphrase (self->key_file, self->data_key, new_passphrase, cost, &key_error))
    return propagate_key_file_error (error, key_error);

  return log_event (self, &changed, error);
}

/* Finalizes every statement first, so sqlite3_close() can succeed; the key
 * is wiped whatever happens. */
static gboolean
close_database (McStore  *self,
                GError  **error)
{
  gboolean ok = TRUE;
  int rc;

  g_hash_table_remove_all (self->statements);
  g_clear_pointer (&self->audit, mc_audit_free);

  if ((rc = sqlite3_close (self->db)) != SQLITE_OK)
    {
      ok = set_sqlite_error (error, self->db, rc);
      /* Let SQLite close it when it can rather than keep it open. */
      sqlite3_close_v2 (self->db);
    }
  self->db = NULL;
  self->in_batch = FALSE;

  g_clear_pointer (&self->data_key, mc_secret_free);
  g_clear_pointer (&self->key_file, mc_key_file_free);

  return ok;
}

gboolean
mc_store_close (McStore  *self,
                GError  **error)
{
  const McAuditEntry lock = { .event = MC_AUDIT_EVENT_LOCK };
  g_autoptr(GError) log_error = NULL;
  gboolean closed;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->db == NULL)
    return TRUE;

  if (self->in_batch)
    mc_store_rollback_batch (self);

  log_event (self, &lock, &log_error);
  closed = close_database (self, error);
  if (closed && log_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&log_error));
      return FALSE;
    }

  return closed;
}

gboolean
mc_store_is_open (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);

  return self->db != NULL;
}

const char *
mc_store_get_directory (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  return self->dir;
}

void
mc_store_set_actor (McStore    *self,
                    const char *name,
                    const char *role,
                    const char *on_behalf_of)
{
  g_return_if_fail (MC_IS_STORE (self));

  g_free (self->actor_name);
  g_free (self->actor_role);
  g_free (self->actor_on_behalf_of);
  self->actor_name = g_strdup (name);
  self->actor_role = g_strdup (role);
  self->actor_on_behalf_of = g_strdup (on_behalf_of);
}

/* Backup and restore */

/* sqlcipher_export() into an attached database keyed with the same data
 * key (the key bound as a parameter, never in the SQL text); it drops
 * user_version, which is copied by hand. */
static gboolean
export_database (McStore     *self,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(McSecret) key_text = mc_secret_to_sqlcipher_key (self->data_key);
  g_autofree char *set_version = NULL;
  sqlite3_stmt *attach = NULL;
  guint version = 0;
  gboolean ok;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "ATTACH DATABASE ?1 AS backup KEY ?2", -1, &attach, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (attach, 1, path, -1, SQLITE_STATIC);
      sqlite3_bind_text (attach, 2, (const char *) mc_secret_get_data (key_text),
                         mc_secret_get_size (key_text), SQLITE_STATIC);
      rc = sqlite3_step (attach);
      sqlite3_finalize (attach);
    }
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc);

  ok = exec_sql (self->db, "SELECT sqlcipher_export('backup')", error);
  if (ok && (rc = mc_store_schema_get_version (self->db, &version)) != SQLITE_OK)
    ok = set_sqlite_error (error, self->db, rc);
  if (ok)
    {
      set_version = g_strdup_printf ("PRAGMA backup.user_version = %u", version);
      ok = exec_sql (self->db, set_version, error);
    }

  if (!exec_sql (self->db, "DETACH DATABASE backup", ok ? error : NULL))
    ok = FALSE;

  return ok;
}

gboolean
mc_store_backup (McStore     *self,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *export_path = NULL;
  g_autofree char *journal_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) database = NULL;
  g_autoptr(GBytes) key_bytes = NULL;
  g_autoptr(GError) read_error = NULL;
  const McAuditEntry entry = { .event = MC_AUDIT_EVENT_BACKUP, .new_value = path };
  gsize size = 0;
  gboolean ok;
  int fd;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!self->in_batch, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ensure_open (self, error))
    return FALSE;

  /* Inside the store's own folder (0700); the database is opened without
   * SQLITE_OPEN_CREATE, so the attached file must exist, empty. */
  export_path = store_path (self->dir, "backup-XXXXXX.db");
  if ((fd = g_mkstemp_full (export_path, O_RDWR | O_CLOEXEC, 0600)) < 0)
    return set_io_error (error, errno, self->dir);
  close (fd);
  journal_path = g_strconcat (export_path, "-journal", NULL);

  ok = export_database (self, export_path, error);
  if (ok && !g_file_get_contents (export_path, &contents, &size, &read_error))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                   _("The backup could not be written: %s"), read_error->message);
      ok = FALSE;
    }
  g_unlink (export_path);
  g_unlink (journal_path);
  if (!ok)
    return FALSE;

  database = g_bytes_new_take (g_steal_pointer (&contents), size);
  key_bytes = mc_key_file_to_bytes (self->key_file);
  if (!mc_backup_write (path, key_bytes, database, error))
    return FALSE;

  return log_event (self, &entry, error);
}

/* "<dir>.replaced-20261128T130509Z", or with a counter when taken. */
static char *
aside_path (const char *dir)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  char *path = g_strdup_printf ("%s.replaced-%s", dir, stamp);

  for (guint i = 2; g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_free (path);
      path = g_strdup_printf ("%s.replaced-%s-%u", dir, stamp, i);
    }

  return path;
}

static gboolean
sync_dir (const char  *dir,
          GError     **error)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd < 0)
    return set_io_error (error, errno, dir);
  if (fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      return set_io_error (error, saved_errno, dir);
    }
  close (fd);
  return TRUE;
}

/* Writes the backup's files into @staging and proves they open: the key
 * unwraps, quick_check and integrity_check pass, the schema is current. */
static gboolean
restore_into (const char  *staging,
              const char  *backup_path,
              McKeyFile   *key_file,
              McSecret    *data_key,
              GBytes      *database,
              GError     **error)
{
  const McAuditEntry restored = { .event = MC_AUDIT_EVENT_RESTORE, .new_value = backup_path };
  g_autofree char *db_path = store_path (staging, DB_NAME);
  g_autofree char *key_path = store_path (staging, KEY_NAME);
  g_autoptr(McKeyFile) owned_key_file = key_file;
  g_autoptr(McSecret) owned_data_key = data_key;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(McStore) store = NULL;
  GError *key_error = NULL;

  if (!g_file_set_contents_full (db_path, g_bytes_get_data (database, NULL), g_bytes_get_size (database),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                   _("The backup could not be restored: %s"), local_error->message);
      return FALSE;
    }
  if (!mc_key_file_save_as (owned_key_file, key_path, &key_error))
    return propagate_key_file_error (error, key_error);

  store = open_database (staging, g_steal_pointer (&owned_key_file), g_steal_pointer (&owned_data_key),
                         &restored, NULL, error);
  if (store == NULL)
    return FALSE;
  if (!mc_store_integrity_check (store, error))
    return FALSE;
  return mc_store_close (store, error);
}

gboolean
mc_store_restore (const char      *backup_path,
                  const char      *dir,
                  const char      *secret,
                  gboolean         is_recovery_key,
                  McRestoreFlags   flags,
                  GError         **error)
{
  g_autoptr(GBytes) key_bytes = NULL;
  g_autoptr(GBytes) database = NULL;
  g_autoptr(McKeyFile) key_file = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *aside = NULL;
  McSecret *data_key;
  GError *key_error = NULL;
  gboolean target_exists;

  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_backup_read (backup_path, &key_bytes, &database, error))
    return FALSE;

  if ((key_file = mc_key_file_new_from_bytes (key_bytes, &key_error)) == NULL)
    {
      if (g_error_matches (key_error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_INVALID))
        {
          g_error_free (key_error);
          g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                               _("The backup file is damaged."));
          return FALSE;
        }
      return propagate_key_file_error (error, key_error);
    }

  target_exists = !is_free_place (dir);
  if (target_exists && (flags & MC_RESTORE_REPLACE) == 0)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS,
                           mc_store_exists (dir)
                           ? _("There is already a case store in this folder.")
                           : _("The folder to restore into is not empty."));
      return FALSE;
    }

  if (is_recovery_key)
    data_key = mc_key_file_unwrap_recovery_key (key_file, secret, &key_error);
  else
    data_key = mc_key_file_unwrap_passphrase (key_file, secret, &key_error);
  if (data_key == NULL)
    return propagate_key_file_error (error, key_error);

  parent = g_path_get_dirname (dir);
  base = g_path_get_basename (dir);
  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      mc_secret_free (data_key);
      return set_io_error (error, errno, parent);
    }
  staging = g_strdup_printf ("%s/.%s.restore-XXXXXX", parent, base);
  if (g_mkdtemp_full (staging, 0700) == NULL)
    {
      mc_secret_free (data_key);
      return set_io_error (error, errno, parent);
    }

  if (!restore_into (staging, backup_path, g_steal_pointer (&key_file), data_key, database, error))
    {
      remove_store_files (staging, TRUE);
      return FALSE;
    }

  if (target_exists)
    {
      aside = aside_path (dir);
      if (g_rename (dir, aside) != 0)
        {
          int saved_errno = errno;

          remove_store_files (staging, TRUE);
          return set_io_error (error, saved_errno, dir);
        }
    }
  else if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_rmdir (dir);

  if (g_rename (staging, dir) != 0)
    {
      int saved_errno = errno;

      if (aside != NULL)
        g_rename (aside, dir);
      remove_store_files (staging, TRUE);
      return set_io_error (error, saved_errno, dir);
    }

  return sync_dir (parent, error);
}

/* The object */

static void
mc_store_dispose (GObject *object)
{
  McStore *self = MC_STORE (object);

  /* Dropped without mc_store_close(): lock it all the same. */
  mc_store_close (self, NULL);

  G_OBJECT_CLASS (mc_store_parent_class)->dispose (object);
}

static void
mc_store_finalize (GObject *object)
{
  McStore *self = MC_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->actor_name, g_free);
  g_clear_pointer (&self->actor_role, g_free);
  g_clear_pointer (&self->actor_on_behalf_of, g_free);

  G_OBJECT_CLASS (mc_store_parent_class)->finalize (object);
}

static void
mc_store_class_init (McStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_store_dispose;
  object_class->finalize = mc_store_finalize;

  /**
   * McStore::changed:
   * @case_id: the case that changed, 0 after a batch
   *
   * A change to case data was saved.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
mc_store_init (McStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  self->actor_name = g_strdup (g_get_user_name ());
}
