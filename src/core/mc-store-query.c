/* mc-store-query.c: the case list, a case's history and the audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One log domain for all of McStore, as before it was split. */
#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "mc-store.h"
#include "mc-store-internal.h"
#include "mc-store-schema.h"

/* The case list */

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

/* The outcome is the current round's: the decision with the highest round
 * (UNIQUE (case_id, round) makes that one row). */
static const char list_cases_sql[] =
  "SELECT c.id, c.number, c.client_name, c.client_number, c.status, c.updated_at,"
  " EXISTS (SELECT 1 FROM follow_ups f WHERE f.case_id = c.id AND f.state = 'open' AND f.due_on <= ?1) AS due,"
  " d.decided_on, d.report_needed, d.help_possible"
  " FROM cases c LEFT JOIN decisions d ON d.case_id = c.id"
  "  AND d.round = (SELECT max (round) FROM decisions WHERE case_id = c.id)"
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
      break;
    case MC_CASE_FILTER_OPEN:
      status = "open";
      break;
    /* A closed case takes no more changes, so its agreements cannot be
     * ticked off: only open cases have something due (as mc-due.h says). */
    case MC_CASE_FILTER_FOLLOW_UP_DUE:
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

  if ((stmt = mc_store_prepare_cached (self, list_cases_sql, error)) == NULL)
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
    return mc_store_set_sqlite_error (error, self->db, rc);

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

  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return NULL;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  ok = list_cases (self, filter, search, items, error);
  mc_store_read_end (self);
  if (!ok)
    return NULL;

  /* One splice, one items-changed. */
  model = g_list_store_new (MC_TYPE_CASE_SUMMARY);
  g_list_store_splice (model, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (model);
}

/* The audit trail */

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

  return mc_store_ensure_open (self, error) && mc_store_log_entry (self, &entry, error);
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

  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return FALSE;
  rc = mc_audit_verify (self->audit, &intact, &bad);
  mc_store_read_end (self);

  if (rc != SQLITE_OK)
    return mc_store_set_sqlite_error (error, self->db, rc);

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

  if ((exists = mc_store_prepare_cached (self, "SELECT 1 FROM cases WHERE id = ?1", error)) == NULL)
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
    return mc_store_set_sqlite_error (error, self->db, rc);

  if ((stmt = mc_store_prepare_cached (self, case_history_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row_id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *old_value = NULL;
      g_autofree char *new_value = NULL;
      McAuditValueState state;

      /* The values are sealed under the case's key: opened here, so every
       * reader of the history sees plaintext. */
      if ((rc = mc_audit_read_value (self->audit, stmt, 6, row_id, case_id, FALSE, &old_value, &state)) != SQLITE_OK
          || (rc = mc_audit_read_value (self->audit, stmt, 7, row_id, case_id, TRUE, &new_value, &state)) != SQLITE_OK)
        break;
      mc_history_builder_add_row (builder,
                                  row_id,
                                  (const char *) sqlite3_column_text (stmt, 1),
                                  (const char *) sqlite3_column_text (stmt, 2),
                                  (const char *) sqlite3_column_text (stmt, 3),
                                  sqlite3_column_int64 (stmt, 4),
                                  (const char *) sqlite3_column_text (stmt, 5),
                                  old_value,
                                  new_value,
                                  (const char *) sqlite3_column_text (stmt, 8),
                                  (const char *) sqlite3_column_text (stmt, 9),
                                  (const char *) sqlite3_column_text (stmt, 10));
    }
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);

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

  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return NULL;
  builder = mc_history_builder_new ();
  ok = list_case_history (self, case_id, builder, error);
  mc_store_read_end (self);
  if (!ok)
    return NULL;

  return mc_history_builder_finish (g_steal_pointer (&builder));
}
