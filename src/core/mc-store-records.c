/* mc-store-records.c: records saved, loaded and deleted through their
 * field tables, and batches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One log domain for all of McStore, as before it was split. */
#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "mc-dates.h"
#include "mc-store.h"
#include "mc-store-internal.h"
#include "mc-text.h"

/* SQL helpers */

static gboolean
step_done (McStore       *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);
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

  if ((stmt = mc_store_prepare_cached (self, sql, error)) == NULL)
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
      mc_store_set_sqlite_error (error, self->db, rc);
      return NULL;
    }

  record = g_object_new (type, NULL);
  record_set_from_row (record, stmt);
  return g_steal_pointer (&record);
}

static gboolean
check_fields (McRecord       *record,
                const McField  *only,
                GError        **error)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (record);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const McField *field = &klass->fields[i];
      McTextKind kind = mc_field_get_text_kind (field);
      g_autofree char *text = NULL;
      g_autofree char *length = NULL;
      g_autofree char *limit = NULL;

      if (only != NULL && only != field)
        continue;

      text = mc_record_dup_field_text (record, field);
      if ((field->flags & MC_FIELD_FLAG_REQUIRED) != 0 && (text == NULL || *text == '\0'))
        {
          g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                               _("A required field is empty."));
          return FALSE;
        }

      /* The limits of mc-limits.h; a list counts as one text. */
      if (field->kind == MC_FIELD_LINES)
        kind = MC_TEXT_KIND_TEXT;
      if (mc_text_fits (text, kind))
        continue;
      length = g_strdup_printf ("%'" G_GSIZE_FORMAT, mc_text_length (text));
      limit = g_strdup_printf ("%'u", mc_limit_for_kind (kind));
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LONG,
                   /* Translators: a field name such as "client-name", then
                    * two numbers. */
                   _("The field “%s” holds %s characters; at most %s can be saved."),
                   field->name, length, limit);
      return FALSE;
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

  if ((stmt = mc_store_prepare_cached (self, "UPDATE cases SET updated_at = ?1 WHERE id = ?2", error)) == NULL)
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

/* Closed cases and sealed rounds */

gboolean
mc_store_read_case_status (McStore     *self,
                           gint64       case_id,
                           gboolean    *closed,
                           GError     **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (self, "SELECT status FROM cases WHERE id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                           _("The case no longer exists."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return mc_store_set_sqlite_error (error, self->db, rc);

  *closed = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "closed") == 0;
  return TRUE;
}

/* The one check of "a closed case does not change", on what is stored. A
 * case that a batch inserted is written whole by it, also when it arrives
 * closed (an import). */
gboolean
mc_store_check_case_open (McStore  *self,
                          gint64    case_id,
                          GError  **error)
{
  gboolean closed = FALSE;

  if (!mc_store_read_case_status (self, case_id, &closed, error))
    return FALSE;
  if (!closed)
    return TRUE;
  if (self->in_batch && self->batch_cases != NULL
      && g_hash_table_contains (self->batch_cases, &case_id))
    return TRUE;

  return mc_store_set_case_closed_error (error);
}

gboolean
mc_store_read_current_round (McStore  *self,
                             gint64    case_id,
                             gint64   *round,
                             GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (self, "SELECT coalesce (max (round), 1) FROM decisions WHERE case_id = ?1",
                                       error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return mc_store_set_sqlite_error (error, self->db, rc);

  *round = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
class_has_rounds (McRecordClass *klass)
{
  return mc_record_class_find_field (klass, "round") != NULL;
}

/* Only the current round changes: the ones before it are sealed. */
static gboolean
check_round_open (McStore  *self,
                  gint64    case_id,
                  gint64    round,
                  GError  **error)
{
  gint64 current = 0;

  if (!mc_store_read_current_round (self, case_id, &current, error))
    return FALSE;
  if (round < current)
    return mc_store_set_sealed_error (error);
  if (round > current)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("This decision round has not started yet."));
      return FALSE;
    }

  return TRUE;
}

/* The round of the stored row of @record. */
static gboolean
read_stored_round (McStore   *self,
                   McRecord  *record,
                   gint64    *round,
                   GError   **error)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (record);
  g_autofree char *sql = g_strdup_printf ("SELECT round FROM %s WHERE id = ?1", klass->table);
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mc_record_get_id (record));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                           _("This record no longer exists."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return mc_store_set_sqlite_error (error, self->db, rc);

  *round = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Whether the stored @record (a case, or a record of one) may change. */
static gboolean
check_stored_writable (McStore   *self,
                       McRecord  *record,
                       GError   **error)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (record);
  gint64 case_id = class_is_case (klass) ? mc_record_get_id (record) : mc_record_get_case_id (record);
  gint64 round = 0;

  if (!mc_store_check_case_open (self, case_id, error))
    return FALSE;
  if (!class_has_rounds (klass))
    return TRUE;

  return read_stored_round (self, record, &round, error)
         && check_round_open (self, case_id, round, error);
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

  select_last = mc_store_prepare_cached (self, "SELECT last FROM case_numbers WHERE year = ?1",
                                         error);
  if (select_last == NULL)
    return NULL;
  select_taken = mc_store_prepare_cached (self, "SELECT 1 FROM cases WHERE number = ?1", error);
  if (select_taken == NULL)
    return NULL;
  save_last = mc_store_prepare_cached (self, "INSERT OR REPLACE INTO case_numbers (year, last) VALUES (?1, ?2)",
                                       error);
  if (save_last == NULL)
    return NULL;

  sqlite3_bind_int (select_last, 1, year);
  rc = sqlite3_step (select_last);
  if (rc == SQLITE_ROW)
    last = sqlite3_column_int64 (select_last, 0);
  else if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (error, self->db, rc);
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
      mc_store_set_sqlite_error (error, self->db, rc);
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

gboolean
mc_store_insert_record (McStore    *self,
                        McRecord   *record,
                        const char *now,
                        gboolean    guarded,
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
  gint64 current_round = 0;
  gint64 id;
  int column = 1;

  if (!is_case && guarded && !mc_store_check_case_open (self, case_id, error))
    return FALSE;
  if (class_has_rounds (klass) && !mc_store_read_current_round (self, case_id, &current_round, error))
    return FALSE;

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
      /* No round: the current one. */
      else if (strcmp (field->column, "round") == 0 && values[i] == NULL)
        values[i] = g_strdup_printf ("%" G_GINT64_FORMAT, current_round);
      else if (G_TYPE_FROM_CLASS (klass) == MC_TYPE_DECISION && strcmp (field->column, "kind") == 0
               && values[i] == NULL)
        values[i] = g_strdup ("first");
      /* A round is sealed by starting the next, never by what is saved. */
      else if (strcmp (field->column, "sealed_at") == 0)
        g_clear_pointer (&values[i], g_free);
    }

  if (class_has_rounds (klass) && guarded)
    {
      const McField *round_field = mc_record_class_find_field (klass, "round");
      gint64 round = g_ascii_strtoll (values[round_field - klass->fields], NULL, 10);

      if (!check_round_open (self, case_id, round, error))
        return FALSE;
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

  if ((stmt = mc_store_prepare_cached (self, sql->str, error)) == NULL)
    return FALSE;
  if (!is_case)
    sqlite3_bind_int64 (stmt, column++, case_id);
  for (guint i = 0; i < klass->n_fields; i++)
    sqlite3_bind_text (stmt, column++, values[i], -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (self->db);
  if (is_case)
    {
      case_id = id;
      if (self->in_batch)
        {
          if (self->batch_cases == NULL)
            self->batch_cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_add (self->batch_cases, g_memdup2 (&id, sizeof id));
        }
    }
  else if (!touch_case (self, case_id, now, error))
    return FALSE;

  /* The audit row keeps what the database holds now. */
  if ((stored = load_record (self, G_OBJECT_TYPE (record), id, error)) == NULL)
    return FALSE;
  content = mc_record_serialize (stored);
  if (!mc_store_audit (self, MC_AUDIT_EVENT_CREATE, case_id, klass->table, id, NULL, NULL, content,
                       error))
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

  if (!mc_store_ensure_open (self, error) || !check_fields (record, NULL, error))
    return FALSE;

  klass = MC_RECORD_GET_CLASS (record);
  now = mc_now_utc_iso8601 ();
  values = g_new0 (char *, klass->n_fields);

  if (!mc_store_transaction_begin (self, error))
    {
      free_texts (values, klass->n_fields);
      return FALSE;
    }
  if (!mc_store_insert_record (self, record, now, TRUE, &id, values, error))
    {
      mc_store_transaction_rollback (self);
      free_texts (values, klass->n_fields);
      return FALSE;
    }
  if (!mc_store_transaction_commit (self, error))
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

  mc_store_emit_changed (self, mc_record_get_case_id (record));
  return TRUE;
}

gboolean
mc_store_update_column (McStore        *self,
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

  if ((stmt = mc_store_prepare_cached (self, select, error)) == NULL)
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
    return mc_store_set_sqlite_error (error, self->db, rc);
  old_value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  if (g_strcmp0 (old_value, new_value) == 0)
    return TRUE;

  if (updated_field != NULL)
    update = g_strdup_printf ("UPDATE %s SET %s = ?1, %s = ?2 WHERE id = ?3",
                              klass->table, field->column, updated_field->column);
  else
    update = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE id = ?3", klass->table, field->column);

  if ((update_stmt = mc_store_prepare_cached (self, update, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (update_stmt, 1, new_value, -1, SQLITE_STATIC);
  if (updated_field != NULL)
    sqlite3_bind_text (update_stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update_stmt, 3, id);
  if (!step_done (self, update_stmt, error))
    return FALSE;

  if (!class_is_case (klass) && !touch_case (self, case_id, now, error))
    return FALSE;

  if (!mc_store_audit (self, MC_AUDIT_EVENT_CHANGE, case_id, klass->table, id, field->column,
                       old_value, new_value, error))
    return FALSE;

  *changed = TRUE;
  return TRUE;
}

/* "done" and "state" of a follow-up agreement are one fact (see
 * McFollowUp): the record keeps them in step, and so does what is
 * stored. */
static const McField *
partner_field (McRecord      *record,
               const McField *field)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (record);

  if (!MC_IS_FOLLOW_UP (record))
    return NULL;
  if (strcmp (field->column, "state") == 0)
    return mc_record_class_find_field (klass, "done");
  if (strcmp (field->column, "done") == 0)
    return mc_record_class_find_field (klass, "state");
  return NULL;
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
  const McField *partner;
  g_autofree char *new_value = NULL;
  g_autofree char *partner_value = NULL;
  g_autofree char *now = NULL;
  gboolean changed = FALSE;
  gboolean partner_changed = FALSE;

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

  if (field->flags & MC_FIELD_FLAG_FIXED)
    {
      /* Translators: a field such as the status of a case or the round of
       * a decision, which closing a case or starting a round sets. */
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("This field cannot be changed directly."));
      return FALSE;
    }

  if (!mc_store_ensure_open (self, error) || !check_fields (record, field, error))
    return FALSE;

  new_value = mc_record_dup_field_text (record, field);
  if ((partner = partner_field (record, field)) != NULL)
    partner_value = mc_record_dup_field_text (record, partner);
  now = mc_now_utc_iso8601 ();

  if (!mc_store_transaction_begin (self, error))
    return FALSE;
  if (!check_stored_writable (self, record, error)
      || !mc_store_update_column (self, record, field, new_value, now, &changed, error)
      || (partner != NULL
          && !mc_store_update_column (self, record, partner, partner_value, now, &partner_changed, error)))
    {
      mc_store_transaction_rollback (self);
      return FALSE;
    }
  if (!mc_store_transaction_commit (self, error))
    return FALSE;

  if (!changed && !partner_changed)
    return TRUE;

  updated_field = find_flagged_field (klass, MC_FIELD_FLAG_UPDATED);
  if (updated_field != NULL)
    mc_record_set_field_text (record, updated_field, now);

  mc_store_emit_changed (self, mc_record_get_case_id (record));
  return TRUE;
}

static gboolean
audit_deleted (McStore   *self,
               McRecord  *stored,
               GError   **error)
{
  g_autofree char *content = mc_record_serialize (stored);

  return mc_store_audit (self, MC_AUDIT_EVENT_DELETE, mc_record_get_case_id (stored),
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

      if ((stmt = mc_store_prepare_cached (self, sql, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, case_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          McRecord *child = g_object_new (types[t], NULL);

          record_set_from_row (child, stmt);
          g_ptr_array_add (children, child);
        }
      if (rc != SQLITE_DONE)
        return mc_store_set_sqlite_error (error, self->db, rc);

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

  /* A closed case may still be deleted whole (its retention ended); its
   * records may not. */
  if (!class_is_case (klass) && !check_stored_writable (self, stored, error))
    return FALSE;
  /* Removing a round that was started would leave the case in a sealed
   * round that nothing can change. */
  if (MC_IS_DECISION (stored) && mc_record_get_integer (stored, "round") > 1)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("The decision of a later round cannot be removed."));
      return FALSE;
    }

  if (class_is_case (klass) && !audit_deleted_children (self, id, error))
    return FALSE;
  if (!audit_deleted (self, stored, error))
    return FALSE;

  if ((stmt = mc_store_prepare_cached (self, sql, error)) == NULL)
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

  if (!mc_store_ensure_open (self, error))
    return FALSE;

  now = mc_now_utc_iso8601 ();
  if (!mc_store_transaction_begin (self, error))
    return FALSE;
  if (!delete_record (self, record, now, error))
    {
      mc_store_transaction_rollback (self);
      return FALSE;
    }
  if (!mc_store_transaction_commit (self, error))
    return FALSE;

  mc_store_emit_changed (self, mc_record_get_case_id (record));
  return TRUE;
}

McCase *
mc_store_load_case_in_transaction (McStore  *self,
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

      if ((stmt = mc_store_prepare_cached (self, sql, error)) == NULL)
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
          mc_store_set_sqlite_error (error, self->db, rc);
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

  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return NULL;
  result = mc_store_load_case_in_transaction (self, id, &local_error);
  mc_store_read_end (self);

  if (result == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return result;
}

/* Batches */

gboolean
mc_store_begin_batch (McStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_batch, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_store_ensure_open (self, error)
      || !mc_store_exec_sql (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_batch = TRUE;
  g_clear_pointer (&self->batch_cases, g_hash_table_unref);
  return TRUE;
}

gboolean
mc_store_commit_batch (McStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->in_batch, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_store_ensure_open (self, error))
    return FALSE;

  self->in_batch = FALSE;
  g_clear_pointer (&self->batch_cases, g_hash_table_unref);
  /* The states of the cases the batch changed go in with it. */
  if (!mc_store_state_refresh_stale (self, error)
      || !mc_store_exec_sql (self->db, "COMMIT", error))
    {
      mc_store_transaction_rollback (self);
      return FALSE;
    }

  mc_store_guard_anchor (self);
  mc_store_emit_changed (self, 0);
  return TRUE;
}

void
mc_store_rollback_batch (McStore *self)
{
  g_return_if_fail (MC_IS_STORE (self));
  g_return_if_fail (self->in_batch);

  self->in_batch = FALSE;
  g_clear_pointer (&self->batch_cases, g_hash_table_unref);
  if (self->db != NULL && sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}
