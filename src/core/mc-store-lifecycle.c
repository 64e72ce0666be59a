/* mc-store-lifecycle.c: closing and reopening a case, and decision rounds
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

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* @text without the white space around it; NULL when nothing is left. */
static char *
dup_trimmed (const char *text)
{
  if (is_blank (text))
    return NULL;
  return g_strstrip (g_strdup (text));
}

/* One "column=value" line of an audit value, escaped as
 * mc_record_serialize() does, so the history reads both alike. */
static void
append_value (GString    *out,
              const char *column,
              const char *value)
{
  if (value == NULL)
    return;

  g_string_append_printf (out, "%s=", column);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\r')
        g_string_append (out, "\\r");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\n');
}

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

/* Who closed a case, as the case keeps it: "Eva de Wit (begeleider)". Not
 * translated: the store reads the same whoever opens it. */
static char *
dup_actor (McStore *self)
{
  if (is_blank (self->actor_role))
    return g_strdup (self->actor_name);
  return g_strdup_printf ("%s (%s)", self->actor_name, self->actor_role);
}

/* Closing */

typedef struct
{
  char *closed_at;
  char *close_reason;
  char *close_note;
  char *closed_by;
} Closing;

static void
closing_clear (Closing *closing)
{
  g_clear_pointer (&closing->closed_at, g_free);
  g_clear_pointer (&closing->close_reason, g_free);
  g_clear_pointer (&closing->close_note, g_free);
  g_clear_pointer (&closing->closed_by, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Closing, closing_clear)

static char *
closing_to_audit (const char    *status,
                  const Closing *closing)
{
  GString *out = g_string_new (NULL);

  append_value (out, "status", status);
  append_value (out, "closed_at", closing->closed_at);
  append_value (out, "close_reason", closing->close_reason);
  append_value (out, "close_note", closing->close_note);
  append_value (out, "closed_by", closing->closed_by);

  return g_string_free (out, FALSE);
}

/* Sets the status and the closing fields of case @case_id, and its
 * updated_at. */
static gboolean
write_closing (McStore        *self,
               gint64          case_id,
               const char     *status,
               const Closing  *closing,
               const char     *now,
               GError        **error)
{
  g_autoptr(CachedStmt) stmt = NULL;

  stmt = mc_store_prepare_cached (self,
                                  "UPDATE cases SET status = ?1, closed_at = ?2, close_reason = ?3,"
                                  " close_note = ?4, closed_by = ?5, updated_at = ?6 WHERE id = ?7",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, closing->closed_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, closing->close_reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, closing->close_note, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, closing->closed_by, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, case_id);

  return step_done (self, stmt, error);
}

static gboolean
read_closing (McStore  *self,
              gint64    case_id,
              Closing  *closing,
              GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  stmt = mc_store_prepare_cached (self,
                                  "SELECT closed_at, close_reason, close_note, closed_by FROM cases WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return mc_store_set_sqlite_error (error, self->db, rc);

  closing->closed_at = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  closing->close_reason = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  closing->close_note = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  closing->closed_by = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  return TRUE;
}

static void
set_closing (McCase        *kase,
             const char    *status,
             const Closing *closing,
             const char    *now)
{
  McRecord *record = MC_RECORD (kase);

  g_object_freeze_notify (G_OBJECT (kase));
  mc_record_set_string (record, "status", status);
  mc_record_set_string (record, "closed-at", closing->closed_at);
  mc_record_set_string (record, "close-reason", closing->close_reason);
  mc_record_set_string (record, "close-note", closing->close_note);
  mc_record_set_string (record, "closed-by", closing->closed_by);
  mc_record_set_string (record, "updated-at", now);
  g_object_thaw_notify (G_OBJECT (kase));
}

static gboolean
close_case (McStore        *self,
            gint64          case_id,
            const Closing  *closing,
            const char     *now,
            GError        **error)
{
  g_autofree char *content = closing_to_audit ("closed", closing);
  gboolean closed = FALSE;

  if (!mc_store_read_case_status (self, case_id, &closed, error))
    return FALSE;
  if (closed)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("This case is closed already."));
      return FALSE;
    }

  return write_closing (self, case_id, "closed", closing, now, error)
         && mc_store_audit (self, MC_AUDIT_EVENT_CLOSE, case_id, "cases", case_id, NULL, NULL, content,
                            error);
}

gboolean
mc_store_close_case (McStore      *self,
                     McCase       *kase,
                     const char   *reason_id,
                     const char   *note,
                     const GDate  *on,
                     GError      **error)
{
  g_auto(Closing) closing = { NULL, };
  g_autofree char *now = NULL;
  gint64 case_id;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (MC_IS_CASE (kase), FALSE);
  g_return_val_if_fail (mc_record_get_id (MC_RECORD (kase)) > 0, FALSE);
  g_return_val_if_fail (on == NULL || g_date_valid (on), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  closing.close_reason = dup_trimmed (reason_id);
  closing.close_note = dup_trimmed (note);

  /* Which reasons there are is the protocol's to say; that there is one,
   * and that "other" is explained, the store's. */
  if (closing.close_reason == NULL)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("Choose why the case is closed."));
      return FALSE;
    }
  if (strcmp (closing.close_reason, "other") == 0 && closing.close_note == NULL)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("Write down why the case is closed."));
      return FALSE;
    }
  if (!mc_store_ensure_open (self, error))
    return FALSE;

  case_id = mc_record_get_id (MC_RECORD (kase));
  if (on != NULL)
    closing.closed_at = mc_date_to_iso8601 (on);
  else
    {
      g_autoptr(GDateTime) today = g_date_time_new_now_local ();

      closing.closed_at = g_date_time_format (today, "%Y-%m-%d");
    }
  closing.closed_by = dup_actor (self);
  now = mc_now_utc_iso8601 ();

  if (!mc_store_transaction_begin (self, error))
    return FALSE;
  if (!close_case (self, case_id, &closing, now, error))
    {
      mc_store_transaction_rollback (self);
      return FALSE;
    }
  if (!mc_store_transaction_commit (self, error))
    return FALSE;

  set_closing (kase, "closed", &closing, now);
  mc_store_emit_changed (self, case_id);
  return TRUE;
}

static gboolean
reopen_case (McStore     *self,
             gint64       case_id,
             const char  *note,
             const char  *now,
             GError     **error)
{
  g_auto(Closing) was = { NULL, };
  const Closing none = { NULL, };
  g_autofree char *old_value = NULL;
  GString *new_value;
  g_autofree char *new_text = NULL;
  gboolean closed = FALSE;

  if (!mc_store_read_case_status (self, case_id, &closed, error))
    return FALSE;
  if (!closed)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("This case is open already."));
      return FALSE;
    }
  if (!read_closing (self, case_id, &was, error))
    return FALSE;

  /* The trail keeps how the case was closed: the case forgets it. */
  old_value = closing_to_audit ("closed", &was);
  new_value = g_string_new (NULL);
  append_value (new_value, "status", "open");
  append_value (new_value, "note", note);
  new_text = g_string_free (new_value, FALSE);

  return write_closing (self, case_id, "open", &none, now, error)
         && mc_store_audit (self, MC_AUDIT_EVENT_REOPEN, case_id, "cases", case_id, NULL, old_value,
                            new_text, error);
}

gboolean
mc_store_reopen_case (McStore     *self,
                      McCase      *kase,
                      const char  *note,
                      GError     **error)
{
  const Closing none = { NULL, };
  g_autofree char *trimmed = NULL;
  g_autofree char *now = NULL;
  gint64 case_id;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (MC_IS_CASE (kase), FALSE);
  g_return_val_if_fail (mc_record_get_id (MC_RECORD (kase)) > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((trimmed = dup_trimmed (note)) == NULL)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("Write down why the case is reopened."));
      return FALSE;
    }
  if (!mc_store_ensure_open (self, error))
    return FALSE;

  case_id = mc_record_get_id (MC_RECORD (kase));
  now = mc_now_utc_iso8601 ();

  if (!mc_store_transaction_begin (self, error))
    return FALSE;
  if (!reopen_case (self, case_id, trimmed, now, error))
    {
      mc_store_transaction_rollback (self);
      return FALSE;
    }
  if (!mc_store_transaction_commit (self, error))
    return FALSE;

  set_closing (kase, "open", &none, now);
  mc_store_emit_changed (self, case_id);
  return TRUE;
}

/* Decision rounds */

static void
free_values (char  **values,
             guint   n_values)
{
  for (guint i = 0; i < n_values; i++)
    g_free (values[i]);
  g_free (values);
}

static gboolean
is_round_kind (const char *kind)
{
  return g_strcmp0 (kind, "evaluation") == 0
         || g_strcmp0 (kind, "report-again") == 0
         || g_strcmp0 (kind, "reweigh") == 0;
}

/* The id of the decision of @round, 0 when it has none. */
static gboolean
read_round_decision (McStore  *self,
                     gint64    case_id,
                     gint64    round,
                     gint64   *id,
                     GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  *id = 0;
  if ((stmt = mc_store_prepare_cached (self, "SELECT id FROM decisions WHERE case_id = ?1 AND round = ?2",
                                       error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, round);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);

  return TRUE;
}

/* Seals the current round of @case_id and inserts @next, the decision of
 * the round after it; @values as for mc_store_insert_record(). */
static gboolean
start_round (McStore     *self,
             gint64       case_id,
             McDecision  *next,
             const char  *now,
             gint64      *sealed_round,
             gint64      *next_id,
             char       **values,
             GError     **error)
{
  g_autoptr(McDecision) sealed = NULL;
  const McField *sealed_at;
  gboolean changed = FALSE;
  gint64 round = 0;
  gint64 id = 0;

  /* The rounds of a case an import's batch inserted are written whole,
   * also when it arrives closed: the one check for records says so. */
  if (!mc_store_check_case_open (self, case_id, error))
    return FALSE;

  if (!mc_store_read_current_round (self, case_id, &round, error)
      || !read_round_decision (self, case_id, round, &id, error))
    return FALSE;
  if (id == 0)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("Record the decision of this round before you start a new one."));
      return FALSE;
    }

  /* Saved as any change is, so the trail says when the round closed. */
  sealed = mc_decision_new (case_id);
  mc_record_set_id (MC_RECORD (sealed), id);
  sealed_at = mc_record_class_find_field (MC_RECORD_GET_CLASS (sealed), "sealed-at");
  if (!mc_store_update_column (self, MC_RECORD (sealed), sealed_at, now, now, &changed, error))
    return FALSE;

  mc_record_set_integer (MC_RECORD (next), "round", round + 1);
  if (!mc_store_insert_record (self, MC_RECORD (next), now, FALSE, next_id, values, error))
    return FALSE;

  *sealed_round = round;
  return TRUE;
}

gboolean
mc_store_start_round (McStore     *self,
                      McCase      *kase,
                      const char  *kind,
                      GError     **error)
{
  g_autoptr(McDecision) next = NULL;
  g_autofree char *now = NULL;
  const McField *fields;
  McDecision *sealed;
  guint n_fields;
  char **values;
  gint64 case_id;
  gint64 sealed_round = 0;
  gint64 next_id = 0;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (MC_IS_CASE (kase), FALSE);
  g_return_val_if_fail (mc_record_get_id (MC_RECORD (kase)) > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_round_kind (kind))
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("A new decision round is an evaluation, a new report or a new weighing."));
      return FALSE;
    }
  if (!mc_store_ensure_open (self, error))
    return FALSE;

  case_id = mc_record_get_id (MC_RECORD (kase));
  next = mc_decision_new (case_id);
  mc_record_set_string (MC_RECORD (next), "kind", kind);
  fields = mc_record_class_get_fields (MC_RECORD_GET_CLASS (next), &n_fields);
  values = g_new0 (char *, n_fields);
  now = mc_now_utc_iso8601 ();

  if (!mc_store_transaction_begin (self, error))
    {
      free_values (values, n_fields);
      return FALSE;
    }
  if (!start_round (self, case_id, next, now, &sealed_round, &next_id, values, error))
    {
      mc_store_transaction_rollback (self);
      free_values (values, n_fields);
      return FALSE;
    }
  if (!mc_store_transaction_commit (self, error))
    {
      free_values (values, n_fields);
      return FALSE;
    }

  if ((sealed = mc_case_get_round_decision (kase, sealed_round)) != NULL)
    {
      g_object_freeze_notify (G_OBJECT (sealed));
      mc_record_set_string (MC_RECORD (sealed), "sealed-at", now);
      mc_record_set_string (MC_RECORD (sealed), "updated-at", now);
      g_object_thaw_notify (G_OBJECT (sealed));
    }

  g_object_freeze_notify (G_OBJECT (next));
  mc_record_set_id (MC_RECORD (next), next_id);
  for (guint i = 0; i < n_fields; i++)
    mc_record_set_field_text (MC_RECORD (next), &fields[i], values[i]);
  free_values (values, n_fields);
  g_object_thaw_notify (G_OBJECT (next));
  mc_case_add_child (kase, MC_RECORD (next));

  mc_store_emit_changed (self, case_id);
  return TRUE;
}
