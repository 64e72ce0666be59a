/* mc-store-state.c: where each case stands, kept with the case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case list shows each case's step, whether a step needs attention and
 * the next due date. Working that out means loading the whole case and
 * holding it against the protocol (some 0.05 ms a case): for 100,000 cases
 * seconds. So it is worked out when a case changes and kept in the case's
 * row (the state_* columns of schema 5, see mc-store-schema.c):
 * - the schema's triggers set state_key to NULL whenever a case or one of
 *   its records changes, in the transaction of the change;
 * - every commit first works out the state of the cases its transaction
 *   made stale (mc_store_state_refresh_stale()), so it is stored with the
 *   change;
 * - a state worked out with another protocol, or on a day before the
 *   client's next birthday passed (the age decides the kindcheck and the
 *   conversation band), is worked out again before a list
 *   (mc_store_update_states()); a list that cannot write (another program
 *   holds the write lock) works those rows out in memory instead.
 */

/* One log domain for all of McStore, as before it was split. */
#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <sqlite3.h>

#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-due.h"
#include "mc-store.h"
#include "mc-store-internal.h"

/* Raise when what mc_case_get_progress() or mc_case_get_due_items()
 * answers changes for the same case and protocol: every stored state is
 * then worked out again at the next list. */
#define MC_CASE_STATE_VERSION 1

static McProtocol *
default_protocol (void)
{
  static gsize initialized = 0;
  static McProtocol *protocol = NULL;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GError) error = NULL;

      protocol = mc_protocol_new_default (&error);
      if (protocol == NULL)
        g_error ("The built-in protocol does not load: %s", error->message);
      g_once_init_leave (&initialized, 1);
    }

  return protocol;
}

void
mc_store_state_preload (void)
{
  /* Read at open, beside the unlock, rather than in the first save. Not
   * in a thread of its own: a command that ends while that thread still
   * parses the protocol tears libxml2 down under it (a crash at exit). */
  default_protocol ();
}

void
mc_store_set_protocol (McStore    *self,
                       McProtocol *protocol)
{
  g_return_if_fail (MC_IS_STORE (self));
  g_return_if_fail (protocol == NULL || MC_IS_PROTOCOL (protocol));

  if (self->protocol == protocol)
    return;
  g_set_object (&self->protocol, protocol);
  g_clear_pointer (&self->state_key, g_free);
}

McProtocol *
mc_store_state_get_protocol (McStore *self)
{
  return self->protocol != NULL ? self->protocol : default_protocol ();
}

const char *
mc_store_state_get_key (McStore *self)
{
  if (self->state_key == NULL)
    self->state_key = g_strdup_printf ("%d:%s", MC_CASE_STATE_VERSION,
                                       mc_protocol_get_checksum (mc_store_state_get_protocol (self)));
  return self->state_key;
}

/* The day the client's age next changes, after @today; FALSE without a
 * valid date of birth. A birthday on 29 February counts as the 28th in a
 * common year: a day early only works the state out once more. */
static gboolean
next_birthday (McCase      *kase,
               const GDate *today,
               GDate       *until)
{
  GDate birth;
  GDateYear year;

  g_date_clear (&birth, 1);
  if (!mc_date_from_iso8601 (mc_record_get_string (MC_RECORD (kase), "birth-date"), &birth))
    return FALSE;
  if (g_date_compare (&birth, today) > 0)
    {
      *until = birth;
      return TRUE;
    }

  for (year = g_date_get_year (today); ; year++)
    {
      GDateMonth month = g_date_get_month (&birth);
      GDateDay day = MIN (g_date_get_day (&birth), g_date_get_days_in_month (month, year));

      g_date_clear (until, 1);
      g_date_set_dmy (until, day, month, year);
      if (g_date_compare (until, today) > 0)
        return TRUE;
    }
}

void
mc_case_state_clear (McCaseState *state)
{
  g_clear_pointer (&state->next_due, g_free);
  g_clear_pointer (&state->next_follow_up, g_free);
  g_clear_pointer (&state->until, g_free);
}

static const char *
outcome_code (McCase *kase)
{
  McDecision *decision = mc_case_get_round_decision (kase, mc_case_get_current_round (kase));
  const char *decided_on;
  McAnswer report;
  McAnswer help;

  if (decision == NULL)
    return "";
  decided_on = mc_record_get_string (MC_RECORD (decision), "decided-on");
  if (decided_on == NULL || *decided_on == '\0')
    return "";
  report = mc_record_get_answer (MC_RECORD (decision), "report-needed");
  help = mc_record_get_answer (MC_RECORD (decision), "help-possible");
  if (report == MC_ANSWER_YES)
    return help == MC_ANSWER_YES ? "report-and-help" : "report";
  if (report == MC_ANSWER_NO)
    {
      if (help == MC_ANSWER_YES)
        return "help";
      return help == MC_ANSWER_NO ? "no-report-no-help" : "no-report";
    }
  return "decided";
}

void
mc_store_state_compute (McStore     *self,
                        McCase      *kase,
                        const GDate *today,
                        McCaseState *state)
{
  McProtocol *protocol = mc_store_state_get_protocol (self);
  g_autoptr(GPtrArray) due = NULL;
  GDate until;

  state->step = mc_case_get_progress (kase, protocol, &state->attention);
  state->outcome = outcome_code (kase);
  due = mc_case_get_due_items (kase, protocol, today, MC_DUE_WITHIN_ANY);
  state->next_due = due->len > 0 ? mc_date_to_iso8601 (&((McDueItem *) g_ptr_array_index (due, 0))->due) : NULL;
  state->next_follow_up = NULL;
  for (guint i = 0; i < due->len && state->next_follow_up == NULL; i++)
    {
      McDueItem *item = g_ptr_array_index (due, i);

      if (item->kind == MC_DUE_FOLLOW_UP)
        state->next_follow_up = mc_date_to_iso8601 (&item->due);
    }
  g_date_clear (&until, 1);
  state->until = next_birthday (kase, today, &until) ? mc_date_to_iso8601 (&until) : NULL;
}

static const char store_state_sql[] =
  "UPDATE cases SET state_key = ?1, state_step = ?2, state_attention = ?3, state_next_due = ?4,"
  " state_until = ?5, state_next_follow_up = ?7, state_outcome = ?8 WHERE id = ?6";

static gboolean
refresh_case (McStore      *self,
              gint64        case_id,
              const GDate  *today,
              GError      **error)
{
  g_autoptr(McCase) kase = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  McCaseState state = { 0, };
  int rc;

  if ((kase = mc_store_load_case_in_transaction (self, case_id, &local_error)) == NULL)
    {
      /* Removed by the same transaction: nothing to keep. */
      if (g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  mc_store_state_compute (self, kase, today, &state);

  if ((stmt = mc_store_prepare_cached (self, store_state_sql, error)) == NULL)
    {
      mc_case_state_clear (&state);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, mc_store_state_get_key (self), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, state.step);
  sqlite3_bind_int (stmt, 3, state.attention);
  sqlite3_bind_text (stmt, 4, state.next_due, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, state.until, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, case_id);
  sqlite3_bind_text (stmt, 7, state.next_follow_up, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, state.outcome, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  mc_case_state_clear (&state);
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);

  return TRUE;
}

/* The ids first, then the cases: the UPDATE changes the index the query
 * reads. */
static gboolean
refresh_query (McStore      *self,
               const char   *sql,
               gboolean      bind_key,
               GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *today_text = NULL;
  GDate today;
  int rc;

  mc_due_get_today (&today);
  today_text = mc_date_to_iso8601 (&today);

  {
    g_autoptr(CachedStmt) stmt = NULL;

    if ((stmt = mc_store_prepare_cached (self, sql, error)) == NULL)
      return FALSE;
    if (bind_key)
      {
        sqlite3_bind_text (stmt, 1, mc_store_state_get_key (self), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, today_text, -1, SQLITE_STATIC);
      }
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);

        g_array_append_val (ids, id);
      }
    if (rc != SQLITE_DONE)
      return mc_store_set_sqlite_error (error, self->db, rc);
  }

  for (guint i = 0; i < ids->len; i++)
    if (!refresh_case (self, g_array_index (ids, gint64, i), &today, error))
      return FALSE;

  return TRUE;
}

gboolean
mc_store_state_refresh_stale (McStore  *self,
                              GError  **error)
{
  return refresh_query (self, "SELECT id FROM cases WHERE state_key IS NULL", FALSE, error);
}

/* Each part uses an index (an OR of them scanned the table): the stale,
 * those of another key, and those whose day has come. */
static const char outdated_sql[] =
  "SELECT id FROM cases WHERE state_key IS NULL"
  " UNION ALL SELECT id FROM cases WHERE state_key < ?1"
  " UNION ALL SELECT id FROM cases WHERE state_key > ?1"
  " UNION ALL SELECT id FROM cases WHERE state_until <= ?2";

gboolean
mc_store_update_states (McStore  *self,
                        GError  **error)
{
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_store_ensure_open (self, error))
    return FALSE;

  if (self->in_batch)
    return refresh_query (self, outdated_sql, TRUE, error);

  /* Most of the time there is nothing to do: ask before taking the write
   * lock. */
  {
    g_autoptr(CachedStmt) stmt = NULL;
    g_autofree char *today_text = NULL;
    g_autofree char *sql = g_strconcat (outdated_sql, " LIMIT 1", NULL);
    GDate today;
    int rc;

    mc_due_get_today (&today);
    today_text = mc_date_to_iso8601 (&today);
    if ((stmt = mc_store_prepare_cached (self, sql, error)) == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, mc_store_state_get_key (self), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, today_text, -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      return TRUE;
    if (rc != SQLITE_ROW)
      return mc_store_set_sqlite_error (error, self->db, rc);
  }

  if (!mc_store_exec_sql (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  ok = refresh_query (self, outdated_sql, TRUE, error);
  if (ok)
    ok = mc_store_exec_sql (self->db, "COMMIT", error);
  if (!ok && sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  return ok;
}

gboolean
mc_store_state_is_current (McStore     *self,
                           const char  *key,
                           const char  *until,
                           const char  *today)
{
  return key != NULL && g_strcmp0 (key, mc_store_state_get_key (self)) == 0
         && (until == NULL || g_strcmp0 (until, today) > 0);
}
