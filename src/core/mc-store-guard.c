/* mc-store-guard.c: what guards a store from outside its database: the
 * modes of its folder and files, and the anchor of its audit trail in the
 * key file; and the notices an open store has for its user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audit chain (mc-audit.c) shows an edited, inserted or removed row,
 * and a chain cut off at the end while its head was left alone. What it
 * cannot show from inside the database is the whole database copied back
 * from an earlier state, or the newest rows removed together with a head
 * copied back from an earlier state: both are a valid chain. So after each
 * commit the chain's head (last row id and hash, row count) goes into the
 * key file as well, MAC'd with a subkey of the data key, with a counter
 * that only goes up (mc_key_file_update_anchor()). A database whose chain
 * does not contain the anchored row, or has fewer rows, is older than its
 * key file.
 *
 * The anchor only moves forward along the same chain: when the database no
 * longer contains the anchored row, the anchor is left as it is, so the
 * evidence stays until `verify` reports it. A database ahead of its anchor
 * is normal (a crash between the commit and the anchor's write, a write
 * that could not wait for the lock) and is not reported.
 */

#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "mc-store.h"
#include "mc-store-internal.h"

void
mc_store_add_notice (McStore    *self,
                     const char *notice)
{
  if (self->notices == NULL)
    self->notices = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->notices, g_strdup (notice));
}

char **
mc_store_take_notices (McStore *self)
{
  GPtrArray *notices;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  if (self->notices == NULL)
    return g_new0 (char *, 1);

  notices = g_steal_pointer (&self->notices);
  g_ptr_array_add (notices, NULL);
  g_ptr_array_set_free_func (notices, NULL);
  return (char **) g_ptr_array_free (notices, FALSE);
}

/* Modes */

/* Too open: made private again, with a notice, rather than refused. The
 * store is the user's own, and locking them out of their cases helps no
 * one; what was readable may have been read, which the notice says. */
static void
fix_mode (const char *path,
          mode_t      wanted,
          gboolean    is_dir,
          GPtrArray  *notices)
{
  g_autofree char *name = NULL;
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if ((is_dir && !S_ISDIR (st.st_mode)) || (!is_dir && !S_ISREG (st.st_mode)))
    return;
  if ((st.st_mode & 0077) == 0)
    return;

  name = g_filename_display_name (path);
  if (g_chmod (path, wanted) != 0)
    {
      int saved_errno = errno;

      g_ptr_array_add (notices,
                       /* Translators: %s is a file or folder name, %04o its
                        * mode (such as 0755), the last %s the system's reason. */
                       g_strdup_printf (_("“%s” can be read by other users of this computer (mode %04o), and Meldcode could not make it private: %s"),
                                        name, (guint) (st.st_mode & 07777), g_strerror (saved_errno)));
      return;
    }

  g_ptr_array_add (notices,
                   /* Translators: %s is a file or folder name, %04o its old
                    * mode (such as 0755), the second %04o the new one. */
                   g_strdup_printf (_("“%s” could be read by other users of this computer (mode %04o). Meldcode made it private (mode %04o)."),
                                    name, (guint) (st.st_mode & 07777), (guint) wanted));
}

GPtrArray *
mc_store_guard_fix_modes (const char *dir)
{
  GPtrArray *notices = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *key_path = g_build_filename (dir, "key", NULL);
  g_autofree char *db_path = g_build_filename (dir, "cases.db", NULL);

  fix_mode (dir, 0700, TRUE, notices);
  fix_mode (key_path, 0600, FALSE, notices);
  fix_mode (db_path, 0600, FALSE, notices);

  return notices;
}

/* The anchor */

typedef enum
{
  CHAIN_MATCHES,      /* the database contains the anchored chain */
  CHAIN_SHORTER,      /* the anchored row is gone, or there are fewer rows */
  CHAIN_DIFFERENT,    /* the anchored row is there with another hash */
} ChainMatch;

typedef struct
{
  McStore *store;
  gint64   last_id;
  gint64   row_count;
  gint64   db_max_id;
  gint64   db_row_count;
  int      rc;
} AnchorCheck;

static int
query_int64 (sqlite3    *db,
             const char *sql,
             gint64     *out)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = sqlite3_column_int64 (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* How the chain in the database stands to @anchor; reads in the caller's
 * snapshot (or its own, outside a transaction). */
static int
match_chain (McStore               *self,
             const McKeyFileAnchor *anchor,
             ChainMatch            *match,
             gint64                *db_max_id,
             gint64                *db_row_count)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *match = CHAIN_MATCHES;
  if ((rc = query_int64 (self->db, "SELECT coalesce(max(id), 0) FROM audit_log", db_max_id)) != SQLITE_OK
      || (rc = query_int64 (self->db, "SELECT count(*) FROM audit_log", db_row_count)) != SQLITE_OK)
    return rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT hash FROM audit_log WHERE id = ?1", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, anchor->last_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (sqlite3_column_type (stmt, 0) != SQLITE_BLOB
          || sqlite3_column_bytes (stmt, 0) != (int) sizeof anchor->last_hash
          || sodium_memcmp (sqlite3_column_blob (stmt, 0), anchor->last_hash, sizeof anchor->last_hash) != 0)
        *match = CHAIN_DIFFERENT;
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    {
      *match = CHAIN_SHORTER;
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_OK && *match == CHAIN_MATCHES && *db_row_count < anchor->row_count)
    *match = CHAIN_SHORTER;
  return rc;
}

static gboolean
accept_anchor (McKeyFileAnchorState    state,
               const McKeyFileAnchor  *current,
               gpointer                user_data)
{
  AnchorCheck *check = user_data;
  ChainMatch match;

  /* A forged or garbled anchor stays for `verify` to report. */
  if (state == MC_KEY_FILE_ANCHOR_INVALID)
    return FALSE;
  if (state == MC_KEY_FILE_ANCHOR_NONE)
    return TRUE;

  /* Nothing new, or another process anchored a later state already. */
  if (check->row_count <= current->row_count)
    return FALSE;

  check->rc = match_chain (check->store, current, &match, &check->db_max_id, &check->db_row_count);
  return check->rc == SQLITE_OK && match == CHAIN_MATCHES;
}

void
mc_store_guard_anchor (McStore *self)
{
  g_autoptr(GError) error = NULL;
  McKeyFileAnchor anchor = { 0 };
  AnchorCheck check = { .store = self };
  gboolean valid = FALSE;
  int rc;

  if (self->db == NULL || self->in_batch || self->key_file == NULL || self->audit == NULL)
    return;

  /* The whole update in one read snapshot, so the head and the rows the
   * check reads belong together. */
  if (sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return;
  rc = mc_audit_read_head (self->audit, &valid, &anchor.last_id, &anchor.row_count, anchor.last_hash);
  if (rc == SQLITE_OK && valid)
    {
      check.last_id = anchor.last_id;
      check.row_count = anchor.row_count;
      /* A failure leaves the anchor behind the database, which is never
       * reported; the commit itself stands, so there is nothing to say. */
      if (!mc_key_file_update_anchor (self->key_file, self->data_key, &anchor,
                                      accept_anchor, &check, NULL, &error))
        g_debug ("The anchor of the audit trail was not updated: %s", error->message);
    }
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
}

/* CORRUPT with a message that says what was found; TRUE when the database
 * holds the anchored chain (or there is no anchor yet). */
static gboolean
check_anchor (McStore                *self,
              McKeyFileAnchorState    state,
              const McKeyFileAnchor  *anchor,
              GError                **error)
{
  ChainMatch match;
  gint64 db_max_id = 0;
  gint64 db_row_count = 0;
  int rc;

  if (state == MC_KEY_FILE_ANCHOR_NONE)
    return TRUE;
  if (state == MC_KEY_FILE_ANCHOR_INVALID)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                           _("The key file’s record of the audit trail does not check out: it was changed outside Meldcode."));
      return FALSE;
    }

  if (!mc_store_read_begin (self, error))
    return FALSE;
  rc = match_chain (self, anchor, &match, &db_max_id, &db_row_count);
  mc_store_read_end (self);
  if (rc != SQLITE_OK)
    return mc_store_set_sqlite_error (error, self->db, rc);

  switch (match)
    {
    case CHAIN_MATCHES:
      return TRUE;

    case CHAIN_SHORTER:
      {
        g_autofree char *has = g_strdup_printf ("%" G_GINT64_FORMAT, db_row_count);
        g_autofree char *had = g_strdup_printf ("%" G_GINT64_FORMAT, anchor->row_count);
        g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, anchor->last_id);

        g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                     /* Translators: the first %s is a number of entries now,
                      * the second the number the key file recorded, the
                      * third the number of the last entry it recorded. */
                     _("The database is older than its key file: the audit trail has %s entries, but the key file recorded %s, up to entry %s. The database was copied back from an earlier state, or the newest entries of the audit trail were removed."),
                     has, had, last);
        return FALSE;
      }

    case CHAIN_DIFFERENT:
    default:
      {
        g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, anchor->last_id);

        g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                     /* Translators: %s is the number of an entry in the audit trail. */
                     _("The audit trail differs from the one the key file recorded, at entry %s: the database was replaced by another copy, or copied back from an earlier state and changed since."),
                     last);
        return FALSE;
      }
    }
}

gboolean
mc_store_guard_check_on_open (McStore  *self)
{
  g_autoptr(GError) error = NULL;
  McKeyFileAnchor anchor;
  McKeyFileAnchorState state;

  state = mc_key_file_get_anchor (self->key_file, self->data_key, &anchor);
  if (check_anchor (self, state, &anchor, &error))
    return TRUE;

  if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT))
    {
      g_autofree char *notice = g_strdup_printf ("%s %s", error->message,
                                                 _("Run “meldcode-cli verify”, and compare with your backups."));
      mc_store_add_notice (self, notice);
    }
  return FALSE;
}

gboolean
mc_store_verify_anchor (McStore  *self,
                        guint64  *out_counter,
                        gint64   *out_row_count,
                        GError  **error)
{
  g_autoptr(GError) key_error = NULL;
  McKeyFileAnchor anchor;
  McKeyFileAnchorState state;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_counter != NULL)
    *out_counter = 0;
  if (out_row_count != NULL)
    *out_row_count = 0;
  if (!mc_store_ensure_open (self, error))
    return FALSE;

  /* What the file says now: another program may have anchored since. */
  state = mc_key_file_read_anchor (self->key_file, self->data_key, &anchor, &key_error);
  if (state == MC_KEY_FILE_ANCHOR_ERROR)
    {
      g_set_error_literal (error, MC_STORE_ERROR,
                           g_error_matches (key_error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_IO)
                           ? MC_STORE_ERROR_IO : MC_STORE_ERROR_CORRUPT,
                           key_error->message);
      return FALSE;
    }
  if (!check_anchor (self, state, &anchor, error))
    return FALSE;

  if (state == MC_KEY_FILE_ANCHOR_VALID)
    {
      if (out_counter != NULL)
        *out_counter = anchor.counter;
      if (out_row_count != NULL)
        *out_row_count = anchor.row_count;
    }
  return TRUE;
}
