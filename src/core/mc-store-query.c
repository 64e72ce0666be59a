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

#include "mc-case-list.h"
#include "mc-dates.h"
#include "mc-limits.h"
#include "mc-due.h"

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
 * read. */
#define SUMMARY_COLUMNS \
  "SELECT c.id, c.number, c.client_name, c.client_number, c.status, c.updated_at," \
  " c.state_next_follow_up, c.state_outcome, c.state_key, c.state_until, c.state_step," \
  " c.state_attention, c.state_next_due, c.closed_at, c.close_reason"
/* The filters: ?1 today, ?2 the status, ?3 the LIKE pattern, ?4 the filter,
 * ?5 the key a current state has. A row whose state is not current is
 * worked out when it is read (summary_from_row()), so it passes the
 * state's filters until then. */
#define LIST_CASES_WHERE \
  " WHERE (?2 IS NULL OR c.status = ?2)" \
  "  AND (?3 IS NULL OR c.search_key LIKE ?3 ESCAPE '\\')" \
  "  AND (?4 = 0 OR (?4 = 1 AND c.state_next_follow_up <= ?1) OR (?4 = 2 AND c.state_attention = 1)" \
  "       OR (?4 = 3 AND " MC_RETENTION_DUE_SQL ")" \
  "       OR (?4 IN (1, 2) AND (c.state_key IS NOT ?5 OR c.state_until <= ?1)))"
#define LIST_CASES_SEARCH \
  "  AND c.id IN (SELECT docid FROM cases_search WHERE cases_search MATCH ?6)"
#define LIST_CASES_ORDER " ORDER BY c.updated_at DESC, c.id DESC"

/* The whole list is read in the table's order and sorted after
 * (compare_summaries()): in the order of the index, every row is a lookup
 * of its own, three times the work for 100,000 cases. */
static const char list_cases_sql[] = SUMMARY_COLUMNS " FROM cases c" LIST_CASES_WHERE;
/* With the search index: the hits of its query (?6), each still checked
 * with LIKE. */
static const char list_cases_indexed_sql[] =
  SUMMARY_COLUMNS " FROM cases c" LIST_CASES_WHERE LIST_CASES_SEARCH;
static const char case_summary_sql[] = SUMMARY_COLUMNS " FROM cases c WHERE c.id = ?1";

/* The ids alone, for the lazy list (each of these conditions has an
 * index that also gives the order, see schema 5). */
#define ID_COLUMNS \
  "SELECT c.id, c.state_key IS ?5 AND (c.state_until IS NULL OR c.state_until > ?1)"
static const char list_ids_sql[] = ID_COLUMNS " FROM cases c" LIST_CASES_WHERE LIST_CASES_ORDER;
static const char list_ids_indexed_sql[] =
  ID_COLUMNS " FROM cases c" LIST_CASES_WHERE LIST_CASES_SEARCH LIST_CASES_ORDER;
/* The most common list has a query of its own: the OR of the general one
 * keeps SQLite from the index. */
static const char list_all_ids_sql[] =
  "SELECT id FROM cases INDEXED BY cases_updated_at ORDER BY updated_at DESC, id DESC";
/* The state filters without a search: the candidates come from the
 * indexes (the filter's, and those of the states that are not current),
 * and only they are sorted. */
#define STATE_FILTER_WHERE(condition) \
  " FROM cases c WHERE c.id IN (" \
  "  SELECT id FROM cases WHERE status = ?2 AND " condition \
  "  UNION SELECT id FROM cases WHERE state_key IS NULL" \
  "  UNION SELECT id FROM cases WHERE state_key < ?5" \
  "  UNION SELECT id FROM cases WHERE state_key > ?5" \
  "  UNION SELECT id FROM cases WHERE state_until <= ?1)" \
  " AND c.status = ?2"
#define STATE_FILTER_IDS(condition) \
  ID_COLUMNS STATE_FILTER_WHERE (condition) " ORDER BY c.updated_at DESC, c.id DESC"
static const char list_due_ids_sql[] = STATE_FILTER_IDS ("state_next_follow_up <= ?1");
static const char list_attention_ids_sql[] = STATE_FILTER_IDS ("state_attention = 1");
/* The same for the whole list (mc_store_list_cases()): the candidates,
 * each held against its state in summary_passes(), sorted after. */
static const char list_due_sql[] = SUMMARY_COLUMNS STATE_FILTER_WHERE ("state_next_follow_up <= ?1");
static const char list_attention_sql[] = SUMMARY_COLUMNS STATE_FILTER_WHERE ("state_attention = 1");
/* Due for destruction: the closed cases from their index, each held
 * against the retention period (no state: it is a matter of dates). */
static const char list_destroy_ids_sql[] =
  "SELECT c.id FROM cases c INDEXED BY cases_status_updated_at WHERE c.status = 'closed'"
  " AND " MC_RETENTION_DUE_SQL " ORDER BY c.updated_at DESC, c.id DESC";
static const char list_status_ids_sql[] =
  "SELECT id FROM cases INDEXED BY cases_status_updated_at WHERE status = ?1"
  " ORDER BY updated_at DESC, id DESC";
/* The list without a search or a state filter, in its order, from the
 * index that holds its columns (schema 10: no table page read, no sort);
 * ?1 the status or NULL. Only when every state is current (the state key
 * and until are not in the index): any_state_stale_sql says. */
static const char list_in_order_sql[] =
  "SELECT id, number, client_name, client_number, status, updated_at, state_next_follow_up,"
  " state_outcome, state_step, state_attention, state_next_due, closed_at, close_reason"
  " FROM cases INDEXED BY cases_list WHERE ?1 IS NULL OR status = ?1"
  " ORDER BY updated_at DESC, id DESC";
/* Whether a state is not current (as mc_store_state_is_current() says):
 * ?1 the key a current state has, ?2 today; each from its index. */
static const char any_state_stale_sql[] =
  "SELECT EXISTS (SELECT 1 FROM cases WHERE state_key IS NULL)"
  " OR EXISTS (SELECT 1 FROM cases WHERE state_key < ?1)"
  " OR EXISTS (SELECT 1 FROM cases WHERE state_key > ?1)"
  " OR EXISTS (SELECT 1 FROM cases WHERE state_until <= ?2)";

typedef struct
{
  char     *today;
  GDate     today_date;
  char     *status;
  char     *pattern;
  char     *match;
  int       filter_kind;   /* ?4: 0 none, 1 follow-up due, 2 needs attention,
                            3 due for destruction */
  McRetentionPolicy retention;
} ListQuery;

static void
list_query_clear (ListQuery *query)
{
  g_clear_pointer (&query->today, g_free);
  g_clear_pointer (&query->status, g_free);
  g_clear_pointer (&query->pattern, g_free);
  g_clear_pointer (&query->match, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ListQuery, list_query_clear)

static void
list_query_init (McStore      *self,
                 ListQuery    *query,
                 McCaseFilter  filter,
                 const char   *search)
{
  const char *status = NULL;

  memset (query, 0, sizeof *query);
  mc_due_get_today (&query->today_date);
  query->today = mc_date_to_iso8601 (&query->today_date);

  switch (filter)
    {
    case MC_CASE_FILTER_ALL:
      break;
    case MC_CASE_FILTER_OPEN:
      status = "open";
      break;
    /* A closed case takes no more changes, so its agreements cannot be
     * ticked off: only open cases have something due (as mc-due.h says),
     * and where a closed case stood no longer matters. */
    case MC_CASE_FILTER_FOLLOW_UP_DUE:
      status = "open";
      query->filter_kind = 1;
      break;
    case MC_CASE_FILTER_NEEDS_ATTENTION:
      status = "open";
      query->filter_kind = 2;
      break;
    case MC_CASE_FILTER_CLOSED:
      status = "closed";
      break;
    case MC_CASE_FILTER_DUE_FOR_DESTRUCTION:
      status = "closed";
      query->filter_kind = 3;
      break;
    default:
      g_assert_not_reached ();
    }
  query->status = g_strdup (status);

  if (search != NULL && *search != '\0')
    {
      g_autofree char *folded = mc_store_fold_for_search (search);

      query->pattern = like_pattern (search);
      if (mc_store_has_search_index (self))
        query->match = mc_store_search_match (folded);
    }
}

static void
list_query_bind (McStore      *self,
                 ListQuery    *query,
                 sqlite3_stmt *stmt)
{
  sqlite3_bind_text (stmt, 1, query->today, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, query->status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, query->pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, query->filter_kind);
  sqlite3_bind_text (stmt, 5, mc_store_state_get_key (self), -1, SQLITE_STATIC);
  if (query->match != NULL)
    sqlite3_bind_text (stmt, 6, query->match, -1, SQLITE_STATIC);
  if (query->filter_kind == 3)
    mc_store_bind_retention (stmt, &query->retention, query->today);
}

/* The fields of the row @stmt is on (SUMMARY_COLUMNS), borrowed from the
 * row or from @computed (cleared by the caller); FALSE with @error when a
 * state had to be worked out and the case did not load. */
static gboolean
fields_from_row (McStore              *self,
                 sqlite3_stmt         *stmt,
                 const char           *today,
                 const GDate          *today_date,
                 McCaseSummaryFields  *fields,
                 McCaseState          *computed,
                 GError              **error)
{
  const char *next_follow_up;

  *fields = (McCaseSummaryFields) {
    .id = sqlite3_column_int64 (stmt, 0),
    .number = (const char *) sqlite3_column_text (stmt, 1),
    .client_name = (const char *) sqlite3_column_text (stmt, 2),
    .client_number = (const char *) sqlite3_column_text (stmt, 3),
    .status = (const char *) sqlite3_column_text (stmt, 4),
    .updated_at = (const char *) sqlite3_column_text (stmt, 5),
    .closed_at = (const char *) sqlite3_column_text (stmt, 13),
    .close_reason = (const char *) sqlite3_column_text (stmt, 14),
  };

  if (mc_store_state_is_current (self, (const char *) sqlite3_column_text (stmt, 8),
                                 (const char *) sqlite3_column_text (stmt, 9), today))
    {
      fields->step = sqlite3_column_int (stmt, 10);
      fields->needs_attention = sqlite3_column_int (stmt, 11) != 0;
      fields->next_due = (const char *) sqlite3_column_text (stmt, 12);
      fields->outcome_code = (const char *) sqlite3_column_text (stmt, 7);
      next_follow_up = (const char *) sqlite3_column_text (stmt, 6);
    }
  else
    {
      /* Not stored yet (another program holds the write lock): worked
       * out for this list only. */
      g_autoptr(McCase) kase = mc_store_load_case_in_transaction (self, fields->id, error);

      if (kase == NULL)
        return FALSE;
      mc_store_state_compute (self, kase, today_date, computed);
      fields->step = computed->step;
      fields->needs_attention = computed->attention;
      fields->next_due = computed->next_due;
      fields->outcome_code = computed->outcome;
      next_follow_up = computed->next_follow_up;
    }
  fields->outcome = outcome_text (fields->outcome_code);
  fields->follow_up_due = next_follow_up != NULL && strcmp (next_follow_up, today) <= 0;
  return TRUE;
}

/* The summary of the row @stmt is on (SUMMARY_COLUMNS); NULL with @error
 * when a state had to be worked out and the case did not load. */
static McCaseSummary *
summary_from_row (McStore       *self,
                  sqlite3_stmt  *stmt,
                  const char    *today,
                  const GDate   *today_date,
                  GError       **error)
{
  McCaseSummaryFields fields;
  McCaseState computed = { 0, };
  McCaseSummary *summary = NULL;

  if (fields_from_row (self, stmt, today, today_date, &fields, &computed, error))
    summary = mc_case_summary_new (&fields);
  mc_case_state_clear (&computed);
  return summary;
}

/* What the filter asks of the state, held against a summary (its state
 * may have been worked out only now). */
static gboolean
summary_passes (McCaseSummary *summary,
                int            filter_kind)
{
  if (filter_kind == 1)
    return mc_case_summary_get_follow_up_due (summary);
  if (filter_kind == 2)
    return mc_case_summary_get_needs_attention (summary);
  return TRUE;
}

/* The same, held against a row's fields. */
static gboolean
fields_pass (const McCaseSummaryFields *fields,
             int                        filter_kind)
{
  if (filter_kind == 1)
    return fields->follow_up_due;
  if (filter_kind == 2)
    return fields->needs_attention;
  return TRUE;
}

/* The list's order: the most recently changed first (LIST_CASES_ORDER). */
static int
compare_summaries (gconstpointer a,
                   gconstpointer b)
{
  McCaseSummary *x = *(McCaseSummary * const *) a;
  McCaseSummary *y = *(McCaseSummary * const *) b;
  int order = g_strcmp0 (mc_case_summary_get_updated_at (y), mc_case_summary_get_updated_at (x));
  gint64 x_id, y_id;

  if (order != 0)
    return order;
  x_id = mc_case_summary_get_id (x);
  y_id = mc_case_summary_get_id (y);
  return (y_id > x_id) - (y_id < x_id);
}

/* Whether every case's stored state is current; FALSE also when that
 * could not be asked. */
static gboolean
all_states_current (McStore   *self,
                    ListQuery *query)
{
  const char *key = mc_store_state_get_key (self);
  g_autoptr(CachedStmt) stmt = NULL;

  /* No row's key equals NULL, and "< NULL" would find none either. */
  if (key == NULL || (stmt = mc_store_prepare_cached (self, any_state_stale_sql, NULL)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, query->today, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0;
}

/* outcome_text() of the few codes there are, each looked up once per
 * list rather than once per row (a gettext lookup each). */
typedef struct
{
  char        code[32];
  const char *text;
} OutcomeMemo;

static const char *
memo_outcome_text (OutcomeMemo *memo,
                   guint       *n_memo,
                   const char  *code)
{
  if (code == NULL || strlen (code) >= sizeof memo[0].code)
    return outcome_text (code);
  for (guint i = 0; i < *n_memo; i++)
    if (strcmp (memo[i].code, code) == 0)
      return memo[i].text;
  if (*n_memo == 8)
    return outcome_text (code);
  strcpy (memo[*n_memo].code, code);
  memo[*n_memo].text = outcome_text (code);
  return memo[(*n_memo)++].text;
}

/* The rows of list_in_order_sql, their states current. */
static gboolean
read_rows_in_order (McStore             *self,
                    ListQuery           *query,
                    McStoreCaseRowFunc   func,
                    gpointer             user_data,
                    GError             **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  OutcomeMemo memo[8];
  guint n_memo = 0;
  int rc;

  if ((stmt = mc_store_prepare_cached (self, list_in_order_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, query->status, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *next_follow_up = (const char *) sqlite3_column_text (stmt, 6);
      McCaseSummaryFields fields = {
        .id = sqlite3_column_int64 (stmt, 0),
        .number = (const char *) sqlite3_column_text (stmt, 1),
        .client_name = (const char *) sqlite3_column_text (stmt, 2),
        .client_number = (const char *) sqlite3_column_text (stmt, 3),
        .status = (const char *) sqlite3_column_text (stmt, 4),
        .updated_at = (const char *) sqlite3_column_text (stmt, 5),
        .outcome_code = (const char *) sqlite3_column_text (stmt, 7),
        .step = sqlite3_column_int (stmt, 8),
        .needs_attention = sqlite3_column_int (stmt, 9) != 0,
        .next_due = (const char *) sqlite3_column_text (stmt, 10),
        .closed_at = (const char *) sqlite3_column_text (stmt, 11),
        .close_reason = (const char *) sqlite3_column_text (stmt, 12),
      };

      fields.outcome = memo_outcome_text (memo, &n_memo, fields.outcome_code);
      fields.follow_up_due = next_follow_up != NULL && strcmp (next_follow_up, query->today) <= 0;
      func (&fields, user_data);
    }
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);
  return TRUE;
}

/* The rows of the list, inside a read transaction: in the list's order
 * when @sorted is not NULL and the index can give them (*@sorted TRUE),
 * else in the table's order. */
static gboolean
read_case_rows (McStore             *self,
                McCaseFilter         filter,
                const char          *search,
                McStoreCaseRowFunc   func,
                gpointer             user_data,
                gboolean            *sorted,
                GError             **error)
{
  g_auto(ListQuery) query;
  g_autoptr(CachedStmt) stmt = NULL;
  const char *sql;
  int rc;

  list_query_init (self, &query, filter, search);
  if (sorted != NULL)
    *sorted = FALSE;
  if (sorted != NULL && query.pattern == NULL && query.filter_kind == 0 && all_states_current (self, &query))
    {
      *sorted = TRUE;
      return read_rows_in_order (self, &query, func, user_data, error);
    }
  if (query.filter_kind == 3
      && !mc_store_read_retention_policy (self, NULL, &query.retention, NULL, error))
    return FALSE;
  if (query.match != NULL)
    sql = list_cases_indexed_sql;
  else if (query.pattern == NULL && query.filter_kind == 1)
    sql = list_due_sql;
  else if (query.pattern == NULL && query.filter_kind == 2)
    sql = list_attention_sql;
  else
    sql = list_cases_sql;
  if ((stmt = mc_store_prepare_cached (self, sql, error)) == NULL)
    return FALSE;
  list_query_bind (self, &query, stmt);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McCaseSummaryFields fields;
      McCaseState computed = { 0, };
      gboolean ok = fields_from_row (self, stmt, query.today, &query.today_date, &fields, &computed, error);

      if (ok && fields_pass (&fields, query.filter_kind))
        func (&fields, user_data);
      mc_case_state_clear (&computed);
      if (!ok)
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);
  return TRUE;
}

static void
add_summary (const McCaseSummaryFields *fields,
             gpointer                   user_data)
{
  g_ptr_array_add (user_data, mc_case_summary_new (fields));
}

/* Stores what is not current; when that cannot be done now, the list
 * works those rows out itself. */
static void
update_states_quietly (McStore *self)
{
  g_autoptr(GError) error = NULL;

  if (!mc_store_update_states (self, &error))
    g_debug ("The cases' states are not stored now: %s", error->message);
}

/* A search longer than any name or number it could find is refused, as
 * the command line refuses it: not a store error. */
static gboolean
check_search (const char  *search,
              GError     **error)
{
  if (search == NULL || g_utf8_strlen (search, -1) <= MC_LIMIT_SEARCH_CHARS)
    return TRUE;
  g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LONG,
               _("The search text is longer than %u characters."), (guint) MC_LIMIT_SEARCH_CHARS);
  return FALSE;
}

gboolean
mc_store_read_case_rows (McStore             *self,
                         McCaseFilter         filter,
                         const char          *search,
                         McStoreCaseRowFunc   func,
                         gpointer             user_data,
                         gboolean            *sorted,
                         GError             **error)
{
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_search (search, error))
    return FALSE;
  if (!mc_store_ensure_open (self, error))
    return FALSE;
  update_states_quietly (self);
  if (!mc_store_read_begin (self, error))
    return FALSE;
  ok = read_case_rows (self, filter, search, func, user_data, sorted, error);
  mc_store_read_end (self);
  return ok;
}

GListModel *
mc_store_list_cases (McStore       *self,
                     McCaseFilter   filter,
                     const char    *search,
                     GError       **error)
{
  g_autoptr(GPtrArray) items = NULL;
  GListStore *model;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  items = g_ptr_array_new_with_free_func (g_object_unref);
  /* The table, not the list's index: what the index gives is held
   * against this in the tests (test-cli-list). */
  if (!mc_store_read_case_rows (self, filter, search, add_summary, items, NULL, error))
    return NULL;
  g_ptr_array_sort (items, compare_summaries);

  /* One splice, one items-changed. */
  model = g_list_store_new (MC_TYPE_CASE_SUMMARY);
  g_list_store_splice (model, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (model);
}

McCaseSummary *
mc_store_get_case_summary (McStore  *self,
                           gint64    case_id,
                           GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  McCaseSummary *summary = NULL;
  g_autofree char *today = NULL;
  GDate today_date;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return NULL;
  mc_due_get_today (&today_date);
  today = mc_date_to_iso8601 (&today_date);
  if ((stmt = mc_store_prepare_cached (self, case_summary_sql, error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, case_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        summary = summary_from_row (self, stmt, today, &today_date, error);
      else if (rc == SQLITE_DONE)
        g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                             _("The case no longer exists."));
      else
        mc_store_set_sqlite_error (error, self->db, rc);
    }
  mc_store_read_end (self);

  return summary;
}

/* Inside a read transaction. */
static McCaseSummary *
summary_from_statement_id (McStore   *self,
                           gint64     case_id,
                           ListQuery *query)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  McCaseSummary *summary = NULL;

  if ((stmt = mc_store_prepare_cached (self, case_summary_sql, &error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    summary = summary_from_row (self, stmt, query->today, &query->today_date, &error);
  if (error != NULL)
    g_debug ("Case %" G_GINT64_FORMAT " not checked: %s", case_id, error->message);
  return summary;
}

/* The summaries of a block of the lazy list: SUMMARY_COLUMNS for the ids
 * ?1 to ?MC_CASE_LIST_BLOCK (those not bound are NULL, and match none). */
static const char *
block_summary_sql (void)
{
  static gsize sql = 0;

  if (g_once_init_enter (&sql))
    {
      GString *text = g_string_new (SUMMARY_COLUMNS " FROM cases c WHERE c.id IN (");

      for (guint i = 1; i <= MC_CASE_LIST_BLOCK; i++)
        g_string_append_printf (text, i == 1 ? "?%u" : ", ?%u", i);
      g_string_append_c (text, ')');
      g_once_init_leave (&sql, (gsize) g_string_free (text, FALSE));
    }
  return (const char *) sql;
}

static void
fetch_summaries (const gint64    *ids,
                 guint            n_ids,
                 McCaseSummary  **summaries,
                 gpointer         user_data)
{
  McStore *self = user_data;
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  GDate today_date;
  int rc;

  g_assert (n_ids <= MC_CASE_LIST_BLOCK);

  if (self->db == NULL || !mc_store_read_begin (self, &error))
    {
      g_debug ("Cases not read for the list: %s", error != NULL ? error->message : "the store is locked");
      return;
    }
  mc_due_get_today (&today_date);
  today = mc_date_to_iso8601 (&today_date);
  if ((stmt = mc_store_prepare_cached (self, block_summary_sql (), &error)) != NULL)
    {
      for (guint i = 0; i < n_ids; i++)
        sqlite3_bind_int64 (stmt, i + 1, ids[i]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          McCaseSummary *summary;
          guint i;

          for (i = 0; i < n_ids && ids[i] != id; i++)
            ;
          if (i == n_ids || summaries[i] != NULL)
            continue;
          summary = summary_from_row (self, stmt, today, &today_date, &error);
          if (summary == NULL)
            {
              g_debug ("Case %" G_GINT64_FORMAT " not read for the list: %s", id, error->message);
              g_clear_error (&error);
              continue;
            }
          summaries[i] = summary;
        }
      if (rc != SQLITE_DONE)
        g_debug ("Cases not read for the list: %s", sqlite3_errmsg (self->db));
    }
  else
    g_debug ("Cases not read for the list: %s", error->message);
  mc_store_read_end (self);
}

GListModel *
mc_store_list_cases_lazily (McStore       *self,
                            McCaseFilter   filter,
                            const char    *search,
                            GError       **error)
{
  g_auto(ListQuery) query;
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *sql;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_search (search, error))
    return NULL;
  if (!mc_store_ensure_open (self, error))
    return NULL;
  update_states_quietly (self);
  list_query_init (self, &query, filter, search);

  if (query.pattern == NULL && query.filter_kind == 0)
    sql = query.status == NULL ? list_all_ids_sql : list_status_ids_sql;
  else if (query.pattern == NULL && query.filter_kind == 3)
    sql = list_destroy_ids_sql;
  else if (query.pattern == NULL)
    sql = query.filter_kind == 1 ? list_due_ids_sql : list_attention_ids_sql;
  else
    sql = query.match != NULL ? list_ids_indexed_sql : list_ids_sql;

  if (!mc_store_read_begin (self, error))
    return NULL;
  /* A search of all cases or of a status walks the index of the list's
   * order through the search index's hits (mc-store-search.c). */
  if (query.match != NULL && query.filter_kind == 0)
    {
      gboolean ok = mc_store_search_list_ids (self, query.status, search, query.match, ids, error);

      mc_store_read_end (self);
      if (!ok)
        return NULL;
      return G_LIST_MODEL (mc_case_list_new (ids, fetch_summaries, g_object_ref (self), g_object_unref));
    }
  if ((query.filter_kind == 3
       && !mc_store_read_retention_policy (self, NULL, &query.retention, NULL, error))
      || (stmt = mc_store_prepare_cached (self, sql, error)) == NULL)
    {
      mc_store_read_end (self);
      return NULL;
    }
  if (sql == list_status_ids_sql)
    sqlite3_bind_text (stmt, 1, query.status, -1, SQLITE_STATIC);
  else if (sql == list_destroy_ids_sql)
    mc_store_bind_retention (stmt, &query.retention, query.today);
  else if (sql != list_all_ids_sql)
    list_query_bind (self, &query, stmt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      /* A state filter lets through the rows whose state is not current:
       * hold them against the state worked out (few: they are stored at
       * the next write). */
      if ((query.filter_kind == 1 || query.filter_kind == 2) && sqlite3_column_int (stmt, 1) == 0)
        {
          g_autoptr(McCaseSummary) summary = summary_from_statement_id (self, id, &query);

          if (summary == NULL || !summary_passes (summary, query.filter_kind))
            continue;
        }
      g_array_append_val (ids, id);
    }
  mc_store_read_end (self);
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc), NULL;

  return G_LIST_MODEL (mc_case_list_new (ids, fetch_summaries, g_object_ref (self), g_object_unref));
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
  /* Every sealed value of the history is under the case's one key:
   * unwrapped once, wiped when the history is read. */
  g_auto(McAuditCaseKeys) keys = MC_AUDIT_CASE_KEYS_INIT;
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
      if ((rc = mc_audit_read_value (self->audit, &keys, stmt, 6, row_id, case_id, FALSE,
                                     &old_value, &state)) != SQLITE_OK
          || (rc = mc_audit_read_value (self->audit, &keys, stmt, 7, row_id, case_id, TRUE,
                                        &new_value, &state)) != SQLITE_OK)
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
