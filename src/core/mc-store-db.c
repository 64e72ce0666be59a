/* mc-store-db.c: the connection helpers every part of McStore uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One log domain for all of McStore, as before it was split. */
#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sqlite3.h>

#include "mc-store.h"
#include "mc-store-internal.h"

/* Errors */

/* SQLITE_ERROR is what SQLCipher says when a page fails its check, so it
 * means damage, but it also carries errors that are not: a function such
 * as sqlcipher_export() reports the disk full or an I/O error of its own
 * work as SQLITE_ERROR with that error's message, and a search that is too
 * long for LIKE is SQLITE_ERROR too. These get the code they are. */
int
mc_store_classify_sqlite_error (int         rc,
                                const char *message,
                                int         sys_errno)
{
  static const int inner[] = {
    SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM,
    SQLITE_NOMEM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_TOOBIG, SQLITE_CORRUPT,
    SQLITE_NOTADB,
  };

  if (rc != SQLITE_ERROR)
    return rc;

  if (sys_errno == ENOSPC || sys_errno == EDQUOT || sys_errno == EFBIG)
    return SQLITE_FULL;

  for (gsize i = 0; i < G_N_ELEMENTS (inner); i++)
    if (g_strcmp0 (message, sqlite3_errstr (inner[i])) == 0)
      {
        /* SQLCipher 4 words a page that fails its HMAC check as "disk I/O
         * error"; a real one comes with the system's error number. */
        if (inner[i] == SQLITE_IOERR && sys_errno == 0)
          return SQLITE_CORRUPT;
        return inner[i];
      }

  /* SQLITE_LIMIT_LIKE_PATTERN_LENGTH; SQLite has no code of its own for it. */
  if (g_strcmp0 (message, "LIKE or GLOB pattern too complex") == 0)
    return SQLITE_TOOBIG;

  return rc;
}

gboolean
mc_store_set_sqlite_error (GError  **error,
                           sqlite3  *db,
                           int       rc)
{
  return mc_store_set_sqlite_error_full (error, db, rc,
                                         db != NULL ? sqlite3_errmsg (db) : NULL,
                                         db != NULL ? sqlite3_system_errno (db) : 0);
}

gboolean
mc_store_set_sqlite_error_full (GError     **error,
                                sqlite3     *db,
                                int          rc,
                                const char  *message,
                                int          sys_errno)
{
  /* The message never holds the key: it never appears in SQL text. */
  g_debug ("SQLite error %d: %s", rc, message != NULL ? message : sqlite3_errstr (rc));

  rc = mc_store_classify_sqlite_error (rc, message, sys_errno);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
    /* What SQLCipher reports after a page fails its HMAC check: 3.4.1
     * says SQLITE_ERROR, 4.x SQLITE_NOMEM when the codec refuses the page
     * (a real lack of memory ends the program in GLib first). */
    case SQLITE_ERROR:
    case SQLITE_NOMEM:
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                           _("The case store is damaged. Restore it from a backup."));
      break;

    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LONG,
                           _("The text is too long for the case store."));
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

    /* SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM,
     * and the rest: reading or writing failed; the default
     * below says so. */

    case SQLITE_CONSTRAINT:
      /* A trigger of a sealed decision round (see mc-store-schema.c): the
       * store checks first, so this is the last line. */
      if (db != NULL && sqlite3_extended_errcode (db) == SQLITE_CONSTRAINT_TRIGGER
          && g_strcmp0 (sqlite3_errmsg (db), "sealed") == 0)
        mc_store_set_sealed_error (error);
      else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
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

gboolean
mc_store_set_case_closed_error (GError **error)
{
  g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_READ_ONLY,
                       _("This case is closed. Reopen it to change it."));
  return FALSE;
}

gboolean
mc_store_set_sealed_error (GError **error)
{
  g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_READ_ONLY,
                       _("This decision round is closed. Earlier rounds cannot be changed."));
  return FALSE;
}

gboolean
mc_store_ensure_open (McStore  *self,
                      GError  **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_LOCKED,
                       _("The case store is locked. Unlock it first."));
  return FALSE;
}

/* SQL helpers */

CachedStmt *
mc_store_prepare_cached (McStore     *self,
                         const char  *sql,
                         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  if ((rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    {
      mc_store_set_sqlite_error (error, self->db, rc);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

gboolean
mc_store_exec_sql (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return mc_store_set_sqlite_error (error, db, rc);
  return TRUE;
}

/* A write in a batch is a savepoint inside the batch's transaction. */
gboolean
mc_store_transaction_begin (McStore  *self,
                            GError  **error)
{
  return mc_store_exec_sql (self->db, self->in_batch ? "SAVEPOINT change" : "BEGIN IMMEDIATE",
                            error);
}

void
mc_store_transaction_rollback (McStore *self)
{
  if (self->in_batch)
    sqlite3_exec (self->db, "ROLLBACK TO change; RELEASE change", NULL, NULL, NULL);
  else if (sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
mc_store_transaction_commit (McStore  *self,
                             GError  **error)
{
  /* The states of the cases this transaction changed are stored with it;
   * a batch does so once, at its end. */
  if (!self->in_batch && !mc_store_state_refresh_stale (self, error))
    {
      mc_store_transaction_rollback (self);
      return FALSE;
    }
  if (mc_store_exec_sql (self->db, self->in_batch ? "RELEASE change" : "COMMIT", error))
    {
      mc_store_guard_anchor (self);
      return TRUE;
    }

  mc_store_transaction_rollback (self);
  return FALSE;
}

/* Reads that take several statements see one snapshot. */
gboolean
mc_store_read_begin (McStore  *self,
                     GError  **error)
{
  return self->in_batch || mc_store_exec_sql (self->db, "BEGIN", error);
}

void
mc_store_read_end (McStore *self)
{
  if (!self->in_batch && sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
}

gboolean
mc_store_audit (McStore       *self,
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
    return mc_store_set_sqlite_error (error, self->db, rc);
  return TRUE;
}

/* The audit trail */

gboolean
mc_store_log_entry (McStore             *self,
                    const McAuditEntry  *entry,
                    GError             **error)
{
  if (!mc_store_transaction_begin (self, error))
    return FALSE;
  if (!mc_store_audit (self, entry->event, entry->case_id, entry->entity, entry->entity_id,
                       entry->field, entry->old_value, entry->new_value, error))
    {
      mc_store_transaction_rollback (self);
      return FALSE;
    }
  return mc_store_transaction_commit (self, error);
}
