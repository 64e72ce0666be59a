/* mc-store-due.c: what is due across the open cases of a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same items as mc_case_get_due_items(), without loading a case: the
 * rows that can be due are read in two queries (the agreements, the
 * current decision rounds), already held to the limit where SQL can do it;
 * mc-due.c then decides on each as it does for a loaded case, and a third
 * query keeps those of open cases. Stored dates are "YYYY-MM-DD", so
 * comparing them as text compares them as dates.
 */

/* One log domain for all of McStore, as before it was split. */
#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <sqlite3.h>

#include "mc-dates.h"
#include "mc-due.h"
#include "mc-store.h"
#include "mc-store-internal.h"

/* Open agreements with a date up to the limit. There is no index on
 * (state, due_on) alone (follow_ups_case_due leads with the case), and
 * there are far fewer agreements than cases: one pass over them. */
static const char follow_ups_sql[] =
  "SELECT f.case_id, f.id, f.state, f.due_on, f.description"
  " FROM follow_ups f"
  " WHERE f.state = 'open' AND f.due_on IS NOT NULL AND f.due_on <= ?1";

/* The current round of each case (no later round: UNIQUE (case_id, round)
 * answers that from its index) when it waits for Veilig Thuis or has an
 * evaluation date. The feedback is due some working days after the
 * report, so a report after the limit cannot be due by then. */
static const char decisions_sql[] =
  "SELECT d.case_id, d.id, d.report_needed, d.reported_on, d.feedback_on,"
  "  d.help_possible, d.evaluation_on"
  " FROM decisions d"
  " WHERE ((d.report_needed = 1 AND d.reported_on <= ?1"
  "         AND (d.feedback_on IS NULL OR d.feedback_on = ''))"
  "        OR (d.evaluation_on <= ?1 AND d.help_possible IS NOT 0))"
  "  AND NOT EXISTS (SELECT 1 FROM decisions m WHERE m.case_id = d.case_id AND m.round > d.round)";

/* The number of a case that is open; no row for a closed one. Asked for
 * the cases of the rows above only, in the order of their ids, so each
 * page of the table is read once: joining in SQL read the cases table in
 * the order of the agreements and decisions, and with the page cache too
 * small for both tables, SQLCipher decrypted its pages again and again
 * (five times slower in bench-due). */
static const char open_case_sql[] =
  "SELECT number FROM cases WHERE id = ?1 AND status = 'open'";

static McAnswer
column_answer (sqlite3_stmt *stmt,
               int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return MC_ANSWER_UNKNOWN;
  return sqlite3_column_int (stmt, column) != 0 ? MC_ANSWER_YES : MC_ANSWER_NO;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static void
add_item (GPtrArray *items,
          McDueItem *item)
{
  if (item != NULL)
    g_ptr_array_add (items, item);
}

static gboolean
list_follow_ups (McStore      *self,
                 const char   *limit_text,
                 const GDate  *today,
                 const GDate  *limit,
                 GPtrArray    *items,
                 GError      **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (self, follow_ups_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, limit_text, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_item (items, mc_due_item_new_follow_up (sqlite3_column_int64 (stmt, 0), NULL,
                                                sqlite3_column_int64 (stmt, 1), column_text (stmt, 2),
                                                column_text (stmt, 3), column_text (stmt, 4),
                                                today, limit));
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);

  return TRUE;
}

static gboolean
list_decisions (McStore      *self,
                gint          working_days,
                const char   *limit_text,
                const GDate  *today,
                const GDate  *limit,
                GPtrArray    *items,
                GError      **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (self, decisions_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, limit_text, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 case_id = sqlite3_column_int64 (stmt, 0);
      gint64 decision_id = sqlite3_column_int64 (stmt, 1);

      add_item (items, mc_due_item_new_feedback (case_id, NULL, decision_id, column_answer (stmt, 2),
                                                 column_text (stmt, 3), column_text (stmt, 4),
                                                 working_days, today, limit));
      add_item (items, mc_due_item_new_evaluation (case_id, NULL, decision_id, column_answer (stmt, 5),
                                                   column_text (stmt, 6), today, limit));
    }
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);

  return TRUE;
}

static gint
compare_case_ids (gconstpointer a,
                  gconstpointer b)
{
  const McDueItem *x = *(const McDueItem * const *) a;
  const McDueItem *y = *(const McDueItem * const *) b;

  return (x->case_id > y->case_id) - (x->case_id < y->case_id);
}

/* Gives each item the number of its case, and drops the items of closed
 * cases (which have nothing due). */
static gboolean
keep_open_cases (McStore    *self,
                 GPtrArray  *items,
                 GError    **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autofree char *number = NULL;
  g_autofree gpointer *found = NULL;
  gsize n_found = 0;
  gint64 case_id = 0;
  gboolean open = FALSE;
  gboolean ok = TRUE;

  if ((stmt = mc_store_prepare_cached (self, open_case_sql, error)) == NULL)
    return FALSE;

  g_ptr_array_sort (items, compare_case_ids);
  found = g_ptr_array_steal (items, &n_found);
  for (gsize i = 0; i < n_found; i++)
    {
      McDueItem *item = found[i];

      if (ok && (i == 0 || item->case_id != case_id))
        {
          int rc;

          case_id = item->case_id;
          g_clear_pointer (&number, g_free);
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, case_id);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            number = g_strdup (column_text (stmt, 0));
          else if (rc != SQLITE_DONE)
            ok = mc_store_set_sqlite_error (error, self->db, rc);
          open = rc == SQLITE_ROW;
        }

      if (!ok || !open)
        {
          mc_due_item_free (item);
          continue;
        }
      g_free (item->case_number);
      item->case_number = g_strdup (number);
      g_ptr_array_add (items, item);
    }

  return ok;
}

GPtrArray *
mc_store_list_due (McStore      *self,
                   McProtocol   *protocol,
                   const GDate  *today,
                   guint         within_days,
                   GError      **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *limit_text = NULL;
  GDate limit;
  gboolean limited;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_date_clear (&limit, 1);
  limited = mc_due_get_limit (today, within_days, &limit);
  /* Without a limit, every stored date ("9999-12-31" is the last). */
  limit_text = limited ? mc_date_to_iso8601 (&limit) : g_strdup ("9999-12-31");

  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_due_item_free);
  ok = list_follow_ups (self, limit_text, today, limited ? &limit : NULL, items, error)
       && list_decisions (self, mc_protocol_get_term_working_days (protocol, "vt-first-response"),
                          limit_text, today, limited ? &limit : NULL, items, error)
       && keep_open_cases (self, items, error);
  mc_store_read_end (self);
  if (!ok)
    return NULL;

  g_ptr_array_sort (items, mc_due_item_compare);
  return g_steal_pointer (&items);
}
