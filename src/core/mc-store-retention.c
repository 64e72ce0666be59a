/* mc-store-retention.c: cases due for destruction, destroying a case, the
 * destruction register and the access log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One log domain for all of McStore. */
#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "mc-dates.h"
#include "mc-store-internal.h"
#include "mc-store-retention.h"

void
mc_retention_item_free (McRetentionItem *item)
{
  if (item == NULL)
    return;
  g_free (item->number);
  g_free (item->client_name);
  g_free (item->closed_on);
  g_free (item->destroy_on);
  g_free (item);
}

void
mc_tombstone_free (McTombstone *tombstone)
{
  if (tombstone == NULL)
    return;
  g_free (tombstone->number);
  g_free (tombstone->created_at);
  g_free (tombstone->closed_at);
  g_free (tombstone->destroy_on);
  g_free (tombstone->destroyed_at);
  g_free (tombstone->destroyed_by);
  g_free (tombstone->destroyed_by_role);
  g_free (tombstone->reason);
  g_free (tombstone->request_date);
  g_free (tombstone);
}

void
mc_access_entry_free (McAccessEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->user_name);
  g_free (entry->user_role);
  g_free (entry->on_behalf_of);
  g_free (entry->action);
  g_free (entry->subject);
  g_free (entry->case_number);
  g_free (entry);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static char *
today_local (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const McRetentionItem *x = *(McRetentionItem * const *) a;
  const McRetentionItem *y = *(McRetentionItem * const *) b;
  int by_date = strcmp (x->destroy_on, y->destroy_on);

  if (by_date != 0)
    return by_date;
  return x->case_id < y->case_id ? -1 : x->case_id > y->case_id;
}

GPtrArray *
mc_store_list_due_for_destruction (McStore                 *self,
                                   const McRetentionPolicy *policy,
                                   const char              *today,
                                   GError                 **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  g_autofree char *now = NULL;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (today == NULL)
    today = now = today_local ();

  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_retention_item_free);
  /* The query the case list's filter runs, so both list the same. */
  if ((stmt = mc_store_prepare_cached (self,
                                       "SELECT c.id, c.number, c.client_name, c.closed_at, c.birth_date FROM cases c"
                                       " WHERE " MC_RETENTION_DUE_SQL, error)) == NULL)
    {
      mc_store_read_end (self);
      return NULL;
    }
  mc_store_bind_retention (stmt, policy, today);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *destroy_on = mc_retention_destroy_on (policy,
                                                             (const char *) sqlite3_column_text (stmt, 3),
                                                             (const char *) sqlite3_column_text (stmt, 4));
      McRetentionItem *item;

      /* Never, unless SQLite and mc_retention_destroy_on() disagree. */
      if (!mc_retention_is_due (destroy_on, today))
        {
          g_warning ("Case %" G_GINT64_FORMAT " is due by the query, not by its date %s",
                     (gint64) sqlite3_column_int64 (stmt, 0), destroy_on);
          continue;
        }
      item = g_new0 (McRetentionItem, 1);
      item->case_id = sqlite3_column_int64 (stmt, 0);
      item->number = dup_column (stmt, 1);
      item->client_name = dup_column (stmt, 2);
      item->closed_on = g_strndup ((const char *) sqlite3_column_text (stmt, 3), 10);
      item->destroy_on = g_steal_pointer (&destroy_on);
      g_ptr_array_add (items, item);
    }
  if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (error, self->db, rc);
      mc_store_read_end (self);
      return NULL;
    }
  mc_store_read_end (self);

  g_ptr_array_sort (items, compare_due);
  return g_steal_pointer (&items);
}

typedef struct
{
  char     *number;
  gboolean  closed;
  char     *created_at;
  char     *closed_at;
  char     *birth_date;
} CaseFacts;

static void
case_facts_clear (CaseFacts *facts)
{
  g_free (facts->number);
  g_free (facts->created_at);
  g_free (facts->closed_at);
  g_free (facts->birth_date);
  memset (facts, 0, sizeof *facts);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseFacts, case_facts_clear)

static gboolean
read_case_facts (McStore    *self,
                 gint64      case_id,
                 CaseFacts  *facts,
                 GError    **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (self,
                                       "SELECT number, status, created_at, closed_at, birth_date"
                                       " FROM cases WHERE id = ?1", error)) == NULL)
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

  facts->number = dup_column (stmt, 0);
  facts->closed = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "closed") == 0;
  facts->created_at = dup_column (stmt, 2);
  facts->closed_at = dup_column (stmt, 3);
  facts->birth_date = dup_column (stmt, 4);
  return TRUE;
}

gboolean
mc_store_get_destroy_on (McStore                 *self,
                         gint64                   case_id,
                         const McRetentionPolicy *policy,
                         char                   **destroy_on,
                         GError                 **error)
{
  g_auto(CaseFacts) facts = { 0 };
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (destroy_on != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *destroy_on = NULL;
  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return FALSE;
  ok = read_case_facts (self, case_id, &facts, error);
  mc_store_read_end (self);

  if (ok && facts.closed)
    *destroy_on = mc_retention_destroy_on (policy, facts.closed_at, facts.birth_date);
  return ok;
}

static gboolean
is_early (const CaseFacts         *facts,
          const McRetentionPolicy *policy)
{
  g_autofree char *destroy_on = NULL;

  if (!facts->closed)
    return TRUE;
  destroy_on = mc_retention_destroy_on (policy, facts->closed_at, facts->birth_date);
  return !mc_retention_is_due (destroy_on, NULL);
}

gboolean
mc_store_destruction_is_early (McStore                 *self,
                               gint64                   case_id,
                               const McRetentionPolicy *policy,
                               gboolean                *early,
                               GError                 **error)
{
  g_auto(CaseFacts) facts = { 0 };
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (early != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return FALSE;
  ok = read_case_facts (self, case_id, &facts, error);
  mc_store_read_end (self);

  *early = ok && is_early (&facts, policy);
  return ok;
}

static gboolean
check_request_date (const char  *request_date,
                    GError     **error)
{
  g_autofree char *today = today_local ();
  GDate date;

  g_date_clear (&date, 1);
  if (request_date == NULL || !mc_date_from_iso8601 (request_date, &date))
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("A destruction on request needs the date of the request."));
      return FALSE;
    }
  if (strcmp (request_date, today) > 0)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("The date of the request lies in the future."));
      return FALSE;
    }
  return TRUE;
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

/* A linked case loses its link; its own trail says so. */
static gboolean
unlink_cases (McStore  *self,
              gint64    case_id,
              GError  **error)
{
  g_autoptr(GArray) linked = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *old_value = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (self, "SELECT id FROM cases WHERE linked_case_id = ?1 AND id <> ?1",
                                       error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (linked, id);
    }
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);

  for (guint i = 0; i < linked->len; i++)
    {
      gint64 id = g_array_index (linked, gint64, i);

      if (!mc_store_audit (self, MC_AUDIT_EVENT_CHANGE, id, "cases", id, "linked_case_id",
                           old_value, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
destroy_in_transaction (McStore                 *self,
                        gint64                   case_id,
                        McDestroyReason          reason,
                        const char              *request_date,
                        const McRetentionPolicy *policy,
                        McDestroyFlags           flags,
                        GError                 **error)
{
  g_auto(CaseFacts) facts = { 0 };
  g_autoptr(CachedStmt) insert = NULL;
  g_autoptr(CachedStmt) remove = NULL;
  g_autoptr(CachedStmt) pending = NULL;
  g_autofree char *destroy_on = NULL;
  g_autofree char *now = mc_now_utc_iso8601 ();
  gboolean early;
  int rc;

  if (!read_case_facts (self, case_id, &facts, error))
    return FALSE;
  early = is_early (&facts, policy);
  if (facts.closed)
    destroy_on = mc_retention_destroy_on (policy, facts.closed_at, facts.birth_date);

  if (reason == MC_DESTROY_EXPIRED && early)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           facts.closed
                           ? _("The retention period of this case has not run yet. It can only be destroyed on the client’s request.")
                           : _("This case is open. It can only be destroyed on the client’s request."));
      return FALSE;
    }
  if (reason == MC_DESTROY_REQUEST && early && (flags & MC_DESTROY_CONFIRMED_EARLY) == 0)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("Destroying a case that is open, or whose retention period has not run, needs a second confirmation."));
      return FALSE;
    }

  if ((insert = mc_store_prepare_cached (self,
                                         "INSERT INTO destroyed_cases (case_id, number, created_at, closed_at,"
                                         " destroy_on, destroyed_at, destroyed_by, destroyed_by_role, reason,"
                                         " request_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                         error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, case_id);
  sqlite3_bind_text (insert, 2, facts.number, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, facts.created_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, facts.closed_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, destroy_on, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, self->actor_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, self->actor_role, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 9, reason == MC_DESTROY_REQUEST ? "request" : "expired", -1, SQLITE_STATIC);
  if (reason == MC_DESTROY_REQUEST)
    sqlite3_bind_text (insert, 10, request_date, -1, SQLITE_STATIC);
  if (!step_done (self, insert, error))
    return FALSE;

  if (!unlink_cases (self, case_id, error))
    return FALSE;

  /* The key first: from here on, no row about the case can be read. */
  if ((rc = mc_audit_shred_case (self->audit, case_id)) != SQLITE_OK)
    return mc_store_set_sqlite_error (error, self->db, rc);

  /* The records go with the case (ON DELETE CASCADE); no row of the trail
   * repeats their content, unlike mc_store_delete(). */
  if ((remove = mc_store_prepare_cached (self, "DELETE FROM cases WHERE id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (remove, 1, case_id);
  if (!step_done (self, remove, error))
    return FALSE;

  if ((pending = mc_store_prepare_cached (self, "INSERT OR IGNORE INTO purge_pending (case_id) VALUES (?1)",
                                          error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (pending, 1, case_id);
  if (!step_done (self, pending, error))
    return FALSE;

  /* No values: a value would need the case's key again. */
  return mc_store_audit (self, MC_AUDIT_EVENT_DESTROY, case_id, "cases", case_id, NULL, NULL, NULL, error);
}

gboolean
mc_store_destroy_case (McStore                 *self,
                       gint64                   case_id,
                       McDestroyReason          reason,
                       const char              *request_date,
                       const McRetentionPolicy *policy,
                       McDestroyFlags           flags,
                       GError                 **error)
{
  g_autoptr(GError) purge_error = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (case_id > 0, FALSE);
  g_return_val_if_fail (reason == MC_DESTROY_EXPIRED || reason == MC_DESTROY_REQUEST, FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (!self->in_batch, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_store_ensure_open (self, error))
    return FALSE;
  if (reason == MC_DESTROY_REQUEST && !check_request_date (request_date, error))
    return FALSE;

  if (!mc_store_transaction_begin (self, error))
    return FALSE;
  if (!destroy_in_transaction (self, case_id, reason, request_date, policy, flags, error))
    {
      mc_store_transaction_rollback (self);
      return FALSE;
    }
  if (!mc_store_transaction_commit (self, error))
    return FALSE;

  mc_store_emit_changed (self, case_id);

  /* Destroyed it is; the purge waits for the next opening when another
   * program holds the store now. */
  if (!mc_store_purge (self, &purge_error))
    g_debug ("The purge after destroying case %" G_GINT64_FORMAT " waits: %s", case_id, purge_error->message);
  return TRUE;
}

static gboolean
checkpoint_truncate (McStore  *self,
                     GError  **error)
{
  int rc = sqlite3_wal_checkpoint_v2 (self->db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_LOCKED,
                           _("The case store is in use by another program. Close it there and try again."));
      return FALSE;
    }
  if (rc != SQLITE_OK)
    return mc_store_set_sqlite_error (error, self->db, rc);
  return TRUE;
}

gboolean
mc_store_purge (McStore  *self,
                GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean pending;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_batch, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_store_ensure_open (self, error))
    return FALSE;

  if ((stmt = mc_store_prepare_cached (self, "SELECT EXISTS (SELECT 1 FROM purge_pending)", error)) == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  pending = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  cached_stmt_release (stmt);
  if (rc != SQLITE_ROW)
    return mc_store_set_sqlite_error (error, self->db, rc);
  if (!pending)
    return TRUE;

  /* secure_delete (on for every connection) wrote zeroes over the
   * deleted cells and the freed pages, in new WAL frames; the older frames
   * still hold the pages as they were. A checkpoint copies the zeroed
   * pages into the database and truncates the WAL. The queue is cleared
   * after it, and checkpointed again: a purge cut short is done again.
   * No VACUUM: free pages hold zeroes already (test-retention's marker
   * test reads them), and rewriting 50 MB for 10,000 cases takes seconds
   * (bench-retention). */
  /* The search index (FTS4) keeps a deleted case's words in its old
   * segments until they merge: merged now, the freed pages are zeroed. */
  if (mc_store_has_search_index (self)
      && !mc_store_exec_sql (self->db, "INSERT INTO cases_search (cases_search) VALUES ('optimize')", error))
    return FALSE;
  return checkpoint_truncate (self, error)
         && mc_store_exec_sql (self->db, "DELETE FROM purge_pending", error)
         && checkpoint_truncate (self, error);
}

GPtrArray *
mc_store_list_destroyed (McStore  *self,
                         GError  **error)
{
  g_autoptr(GPtrArray) tombstones = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return NULL;
  tombstones = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_tombstone_free);
  if ((stmt = mc_store_prepare_cached (self,
                                       "SELECT case_id, number, created_at, closed_at, destroy_on, destroyed_at,"
                                       " destroyed_by, destroyed_by_role, reason, request_date"
                                       " FROM destroyed_cases ORDER BY id", error)) == NULL)
    {
      mc_store_read_end (self);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McTombstone *tombstone = g_new0 (McTombstone, 1);

      tombstone->case_id = sqlite3_column_int64 (stmt, 0);
      tombstone->number = dup_column (stmt, 1);
      tombstone->created_at = dup_column (stmt, 2);
      tombstone->closed_at = dup_column (stmt, 3);
      tombstone->destroy_on = dup_column (stmt, 4);
      tombstone->destroyed_at = dup_column (stmt, 5);
      tombstone->destroyed_by = dup_column (stmt, 6);
      tombstone->destroyed_by_role = dup_column (stmt, 7);
      tombstone->reason = dup_column (stmt, 8);
      tombstone->request_date = dup_column (stmt, 9);
      g_ptr_array_add (tombstones, tombstone);
    }
  mc_store_read_end (self);
  if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (error, self->db, rc);
      return NULL;
    }

  return g_steal_pointer (&tombstones);
}

static const char access_log_sql[] =
  "SELECT a.id, a.at, a.user_name, a.user_role, a.on_behalf_of, a.event, a.entity, a.field, a.case_id,"
  " coalesce (c.number, (SELECT d.number FROM destroyed_cases d WHERE d.case_id = a.case_id"
  "                      ORDER BY d.id DESC LIMIT 1))"
  " FROM audit_log a LEFT JOIN cases c ON c.id = a.case_id"
  " WHERE ?1 = 0 OR a.case_id = ?1"
  " ORDER BY a.id";

static gboolean
case_is_known (McStore   *self,
               gint64     case_id,
               gboolean  *known,
               GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (self,
                                       "SELECT EXISTS (SELECT 1 FROM cases WHERE id = ?1)"
                                       " OR EXISTS (SELECT 1 FROM destroyed_cases WHERE case_id = ?1)",
                                       error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return mc_store_set_sqlite_error (error, self->db, rc);
  *known = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

static gboolean
list_access_log (McStore    *self,
                 gint64      case_id,
                 GPtrArray  *entries,
                 GError    **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean known = TRUE;
  int rc;

  if (case_id > 0 && !case_is_known (self, case_id, &known, error))
    return FALSE;
  if (!known)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                           _("The case no longer exists."));
      return FALSE;
    }

  if ((stmt = mc_store_prepare_cached (self, access_log_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McAccessEntry *entry = g_new0 (McAccessEntry, 1);
      const char *entity = (const char *) sqlite3_column_text (stmt, 6);
      const char *field = (const char *) sqlite3_column_text (stmt, 7);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = dup_column (stmt, 1);
      entry->user_name = dup_column (stmt, 2);
      entry->user_role = dup_column (stmt, 3);
      entry->on_behalf_of = dup_column (stmt, 4);
      entry->action = dup_column (stmt, 5);
      if (entity != NULL && field != NULL)
        entry->subject = g_strconcat (entity, ".", field, NULL);
      else
        entry->subject = g_strdup (entity);
      entry->case_id = sqlite3_column_int64 (stmt, 8);
      entry->case_number = dup_column (stmt, 9);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);
  return TRUE;
}

GPtrArray *
mc_store_list_access_log (McStore  *self,
                          gint64    case_id,
                          GError  **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  g_return_val_if_fail (case_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_access_entry_free);
  ok = list_access_log (self, case_id, entries, error);
  mc_store_read_end (self);

  return ok ? g_steal_pointer (&entries) : NULL;
}

/* Whether @secret unwraps @key_file to @data_key; sets the error a wrong
 * secret gets. */
static gboolean
secret_unwraps_to (McKeyFile       *key_file,
                   const McSecret  *expected,
                   const char      *secret,
                   gboolean         is_recovery_key,
                   GError         **error)
{
  g_autoptr(McSecret) data_key = NULL;
  g_autoptr(GError) key_error = NULL;

  data_key = is_recovery_key
             ? mc_key_file_unwrap_recovery_key (key_file, secret, &key_error)
             : mc_key_file_unwrap_passphrase (key_file, secret, &key_error);
  if (data_key == NULL
      || mc_secret_get_size (data_key) != mc_secret_get_size (expected)
      || sodium_memcmp (mc_secret_get_data (data_key), mc_secret_get_data (expected),
                        mc_secret_get_size (data_key)) != 0)
    {
      if (is_recovery_key)
        g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_RECOVERY_KEY,
                             _("The recovery key is not correct."));
      else
        g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE,
                             _("The passphrase is not correct."));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  McKeyFile *key_file;
  McSecret  *data_key;
  McSecret  *secret;
  gboolean   is_recovery_key;
} ConfirmData;

static void
confirm_data_free (ConfirmData *data)
{
  g_clear_pointer (&data->key_file, mc_key_file_free);
  g_clear_pointer (&data->data_key, mc_secret_free);
  g_clear_pointer (&data->secret, mc_secret_free);
  g_free (data);
}

static void
confirm_secret_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  ConfirmData *data = task_data;
  GError *error = NULL;

  if (secret_unwraps_to (data->key_file, data->data_key, (const char *) mc_secret_get_data (data->secret),
                         data->is_recovery_key, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
mc_store_confirm_secret_async (McStore             *self,
                               const char          *secret,
                               gboolean             is_recovery_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) key_file = NULL;
  g_autoptr(GError) error = NULL;
  ConfirmData *data;

  g_return_if_fail (MC_IS_STORE (self));
  g_return_if_fail (secret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_store_confirm_secret_async);
  if (!mc_store_ensure_open (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (ConfirmData, 1);
  data->is_recovery_key = is_recovery_key;
  data->data_key = mc_secret_new_from_data (mc_secret_get_data (self->data_key),
                                            mc_secret_get_size (self->data_key));
  data->secret = mc_secret_new_from_data ((const guint8 *) secret, strlen (secret));
  g_task_set_task_data (task, data, (GDestroyNotify) confirm_data_free);
  key_file = mc_key_file_to_bytes (self->key_file);
  data->key_file = mc_key_file_new_from_bytes (key_file, &error);
  if (data->key_file == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_run_in_thread (task, confirm_secret_thread);
}

gboolean
mc_store_confirm_secret_finish (McStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
mc_store_confirm_secret (McStore     *self,
                         const char  *secret,
                         gboolean     is_recovery_key,
                         GError     **error)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_store_ensure_open (self, error))
    return FALSE;

  return secret_unwraps_to (self->key_file, self->data_key, secret, is_recovery_key, error);
}
