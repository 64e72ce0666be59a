/* mc-store-query.c: the case list, a case's history and the audit trail
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

/* The outcome code (state_outcome) in words, as the case list shows it;
 * NULL without a decision date. */
static const char *
outcome_text (const char *code)
{
  if (code == NULL || *code == '\0')
    return NULL;

  /* Translators: the outcomes of step 5 as the case list shows them. */
  if (strcmp (code, "report-and-help") == 0)
    return _("Report and help");
  if (strcmp (code, "report") == 0)
    return _("Report to Veilig Thuis");
  if (strcmp (code, "help") == 0)
    return _("Help without a report");
  if (strcmp (code, "no-report-no-help") == 0)
    return _("No report and no help");
  if (strcmp (code, "no-report") == 0)
    return _("No report");
  return _("Decision recorded");
}

gboolean
mc_store_has_search_index (McStore *self)
{
  if (self->search_index == 0)
    {
      g_autoptr(CachedStmt) stmt = NULL;

      stmt = mc_store_prepare_cached (self, "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                                      " AND name = 'cases_search'", NULL);
      self->search_index = stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? 1 : -1;
    }
  return self->search_index > 0;
}

/* The step, attention, dates and outcome (of the current round) are the
 * state kept with the case (mc-store-state.c), so only the cases table is
 * read; a row whose state is not current (?5 is the key it must have) is
 * worked out here, so it passes the due filter until then. */
#define LIST_CASES_SELECT \
  "SELECT c.id, c.number, c.client_name, c.client_number, c.status, c.updated_at," \
  " c.state_next_follow_up, c.state_outcome, NULL, NULL," \
  " c.state_key, c.state_until, c.state_step, c.state_attention, c.state_next_due," \
  " c.closed_at, c.close_reason" \
  " FROM cases c" \
  " WHERE (?2 IS NULL OR c.status = ?2)" \
  "  AND (?3 IS NULL OR c.search_key LIKE ?3 ESCAPE '\\')" \
  "  AND (?4 = 0 OR c.state_next_follow_up <= ?1 OR c.state_key IS NOT ?5" \
  "       OR c.state_until <= ?1)"
#define LIST_CASES_ORDER " ORDER BY c.updated_at DESC, c.id DESC"

static const char list_cases_sql[] = LIST_CASES_SELECT LIST_CASES_ORDER;
/* With the search index: the hits of its query (?6), each still checked
 * with LIKE. */
static const char list_cases_indexed_sql[] =
  LIST_CASES_SELECT
  "  AND c.id IN (SELECT docid FROM cases_search WHERE cases_search MATCH ?6)"
  LIST_CASES_ORDER;

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
  g_autofree char *match = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  const char *status = NULL;
  GDate today_date;
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
    {
      g_autofree char *folded = mc_store_fold_for_search (search);

      pattern = like_pattern (search);
      if (mc_store_has_search_index (self))
        match = mc_store_search_match (folded);
    }

  g_date_clear (&today_date, 1);
  mc_date_from_iso8601 (today, &today_date);
  if ((stmt = mc_store_prepare_cached (self, match != NULL ? list_cases_indexed_sql : list_cases_sql,
                                       error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, filter == MC_CASE_FILTER_FOLLOW_UP_DUE);
  sqlite3_bind_text (stmt, 5, mc_store_state_get_key (self), -1, SQLITE_STATIC);
  if (match != NULL)
    sqlite3_bind_text (stmt, 6, match, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McCaseSummaryFields fields = {
        .id = sqlite3_column_int64 (stmt, 0),
        .number = (const char *) sqlite3_column_text (stmt, 1),
        .client_name = (const char *) sqlite3_column_text (stmt, 2),
        .client_number = (const char *) sqlite3_column_text (stmt, 3),
        .status = (const char *) sqlite3_column_text (stmt, 4),
        .updated_at = (const char *) sqlite3_column_text (stmt, 5),
        .closed_at = (const char *) sqlite3_column_text (stmt, 15),
        .close_reason = (const char *) sqlite3_column_text (stmt, 16),
      };
      McCaseState computed = { 0, };
      const char *next_follow_up;

      if (mc_store_state_is_current (self, (const char *) sqlite3_column_text (stmt, 10),
                                     (const char *) sqlite3_column_text (stmt, 11), today))
        {
          fields.step = sqlite3_column_int (stmt, 12);
          fields.needs_attention = sqlite3_column_int (stmt, 13) != 0;
          fields.next_due = (const char *) sqlite3_column_text (stmt, 14);
          fields.outcome_code = (const char *) sqlite3_column_text (stmt, 7);
          next_follow_up = (const char *) sqlite3_column_text (stmt, 6);
        }
      else
        {
          /* Not stored yet (another program holds the write lock): worked
           * out for this list only. */
          g_autoptr(McCase) kase = mc_store_load_case_in_transaction (self, fields.id, error);

          if (kase == NULL)
            return FALSE;
          mc_store_state_compute (self, kase, &today_date, &computed);
          fields.step = computed.step;
          fields.needs_attention = computed.attention;
          fields.next_due = computed.next_due;
          fields.outcome_code = computed.outcome;
          next_follow_up = computed.next_follow_up;
        }
      fields.outcome = outcome_text (fields.outcome_code);
      fields.follow_up_due = next_follow_up != NULL && strcmp (next_follow_up, today) <= 0;

      if (filter != MC_CASE_FILTER_FOLLOW_UP_DUE || fields.follow_up_due)
        g_ptr_array_add (items, mc_case_summary_new (&fields));
      mc_case_state_clear (&computed);
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

  if (!mc_store_ensure_open (self, error))
    return NULL;
  /* Stores what is not current; when that cannot be done now, the list
   * works those rows out itself. */
  {
    g_autoptr(GError) state_error = NULL;

    if (!mc_store_update_states (self, &state_error))
      g_debug ("The cases' states are not stored now: %s", state_error->message);
  }
  if (!mc_store_read_begin (self, error))
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
