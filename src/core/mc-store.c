/* mc-store.c: the store object; opening, keying, creating and closing;
 * the passphrase and the actor (backup and restore: mc-store-backup.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mc-store.h"
#include "mc-store-internal.h"
#include "mc-store-retention.h"
#include "mc-store-private.h"
#include "mc-store-cipher.h"
#include "mc-store-schema.h"

#define BUSY_TIMEOUT_MS 2000

G_DEFINE_QUARK (mc-store-error-quark, mc_store_error)

G_DEFINE_FINAL_TYPE (McStore, mc_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
mc_store_emit_changed (McStore *self,
                       gint64   case_id)
{
  if (!self->in_batch)
    g_signal_emit (self, signals[CHANGED], 0, case_id);
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Errors */

gboolean
mc_store_set_io_error (GError     **error,
                       int          saved_errno,
                       const char  *path)
{
  g_autofree char *name = g_filename_display_name (path);

  if (saved_errno == ENOSPC)
    g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                         _("The disk is full. Make room on it and try again."));
  else
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                 _("Could not use “%s”: %s"), name, g_strerror (saved_errno));

  return FALSE;
}

gboolean
mc_store_propagate_key_file_error (GError **error,
                                   GError  *key_error)
{
  McStoreError code = MC_STORE_ERROR_IO;

  /* Every key file function sets an error when it fails; if one ever did
   * not, say something true rather than crash. */
  if (key_error == NULL)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                           _("The key file of the case store could not be used."));
      return FALSE;
    }

  if (key_error->domain != MC_KEY_FILE_ERROR)
    {
      g_propagate_error (error, key_error);
      return FALSE;
    }

  switch ((McKeyFileError) key_error->code)
    {
    case MC_KEY_FILE_ERROR_WRONG_PASSPHRASE:
      code = MC_STORE_ERROR_WRONG_PASSPHRASE;
      break;
    case MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY:
      code = MC_STORE_ERROR_WRONG_RECOVERY_KEY;
      break;
    /* The store's key file fails its checks: damage, whatever the bytes
     * are now (the restore of a backup says so in its own words). */
    case MC_KEY_FILE_ERROR_INVALID:
      code = MC_STORE_ERROR_CORRUPT;
      break;
    case MC_KEY_FILE_ERROR_BUSY:
      code = MC_STORE_ERROR_LOCKED;
      break;
    case MC_KEY_FILE_ERROR_NEWER:
      code = MC_STORE_ERROR_NEWER_SCHEMA;
      break;
    case MC_KEY_FILE_ERROR_IO:
      code = MC_STORE_ERROR_IO;
      break;
    case MC_KEY_FILE_ERROR_WEAK:
      code = MC_STORE_ERROR_WEAK_PASSPHRASE;
      break;
    default:
      g_assert_not_reached ();
    }

  /* The key file's messages are already written for the user. */
  g_set_error_literal (error, MC_STORE_ERROR, code, key_error->message);
  g_error_free (key_error);
  return FALSE;
}

static gboolean
check_database (sqlite3      *db,
                const char   *pragma,
                GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, pragma, -1, &stmt, NULL)) != SQLITE_OK)
    return mc_store_set_sqlite_error (error, db, rc);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);

      if (result == NULL)
        result = "";
      ok = strcmp (result, "ok") == 0;
      /* The first problem; the rest can run to thousands of lines. */
      if (!ok)
        g_debug ("%s: %.*s", pragma, (int) strcspn (result, "\n"), result);
    }
  else
    {
      mc_store_set_sqlite_error (error, db, rc);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (!ok)
    g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                         _("The case store is damaged. Restore it from a backup."));
  return ok;
}

gboolean
mc_store_integrity_check (McStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return mc_store_ensure_open (self, error)
         && check_database (self->db, "PRAGMA integrity_check", error);
}

/* The full check on a connection of its own, so it can run in a worker
 * thread while the store's connection goes on (WAL: readers do not block
 * the writer). It stops when the caller cancels, and when the store
 * closes: a worker still reading with the key after the store was locked,
 * or after the program returned from main() (OpenSSL's exit handlers free
 * its locks under it), is what closing waits for (stop_checks()). */
typedef struct
{
  char         *dir;
  McSecret     *data_key;
  GCancellable *cancellable;  /* the caller's, or NULL */
  sqlite3      *db;           /* the check's connection, once open */
  gint          stopped;      /* atomic: the store closes */
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->dir);
  mc_secret_free (data->data_key);
  g_clear_object (&data->cancellable);
  g_free (data);
}

static sqlite3 *open_keyed (const char *dir, const McSecret *data_key, gboolean create, GError **error);

/* SQLite's progress handler: non-zero interrupts the statement. */
static int
check_should_stop (void *user_data)
{
  CheckData *data = user_data;

  return g_atomic_int_get (&data->stopped)
         || (data->cancellable != NULL && g_cancellable_is_cancelled (data->cancellable));
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  McStore *self = source_object;
  CheckData *data = task_data;
  GError *error = NULL;
  sqlite3 *db;

  if (check_should_stop (data))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("The check was stopped."));
  else if ((db = open_keyed (data->dir, data->data_key, FALSE, &error)) == NULL)
    g_task_return_error (task, error);
  else
    {
      /* Every 1,000 virtual machine steps: a few microseconds. The
       * check of the tables' pages is one step, which closing interrupts
       * (stop_checks()); SQLite 3.15 (SQLCipher 3.4.1) finishes that step
       * before it sees the interrupt. */
      sqlite3_progress_handler (db, 1000, check_should_stop, data);
      g_mutex_lock (&self->checks_lock);
      data->db = db;
      g_mutex_unlock (&self->checks_lock);
      if (check_database (db, "PRAGMA integrity_check", &error))
        g_task_return_boolean (task, TRUE);
      else if (check_should_stop (data))
        {
          g_clear_error (&error);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("The check was stopped."));
        }
      else
        g_task_return_error (task, error);
      g_mutex_lock (&self->checks_lock);
      data->db = NULL;
      g_mutex_unlock (&self->checks_lock);
      sqlite3_close (db);
    }
  /* The key's copy goes with the task data; this worker is done with it. */
  g_clear_pointer (&data->data_key, mc_secret_free);

  g_mutex_lock (&self->checks_lock);
  g_ptr_array_remove_fast (self->checks, data);
  g_cond_broadcast (&self->checks_done);
  g_mutex_unlock (&self->checks_lock);
}

/* Stops the full checks running, and waits until none does. */
static void
stop_checks (McStore *self)
{
  g_mutex_lock (&self->checks_lock);
  for (guint i = 0; i < self->checks->len; i++)
    {
      CheckData *data = g_ptr_array_index (self->checks, i);

      g_atomic_int_set (&data->stopped, TRUE);
      if (data->db != NULL)
        sqlite3_interrupt (data->db);
    }
  while (self->checks->len > 0)
    g_cond_wait (&self->checks_done, &self->checks_lock);
  g_mutex_unlock (&self->checks_lock);
}

void
mc_store_check_async (McStore             *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  g_return_if_fail (MC_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_store_check_async);
  if (self->db == NULL)
    {
      g_task_return_new_error (task, MC_STORE_ERROR, MC_STORE_ERROR_LOCKED,
                               "%s", _("The case store is locked. Unlock it first."));
      return;
    }
  data = g_new0 (CheckData, 1);
  data->dir = g_strdup (self->dir);
  data->data_key = mc_secret_new_from_data (mc_secret_get_data (self->data_key),
                                            mc_secret_get_size (self->data_key));
  data->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_mutex_lock (&self->checks_lock);
  g_ptr_array_add (self->checks, data);
  g_mutex_unlock (&self->checks_lock);
  g_task_run_in_thread (task, check_thread);
}

gboolean
mc_store_check_finish (McStore       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Opening and closing */

char *
mc_store_path (const char *dir,
               const char *name)
{
  return g_build_filename (dir, name, NULL);
}

char *
mc_store_get_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_ID, NULL);
}

gboolean
mc_store_exists (const char *dir)
{
  g_autofree char *db_path = NULL;
  g_autofree char *key_path = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);

  db_path = mc_store_path (dir, DB_NAME);
  key_path = mc_store_path (dir, KEY_NAME);
  return g_file_test (db_path, G_FILE_TEST_IS_REGULAR) && g_file_test (key_path, G_FILE_TEST_IS_REGULAR);
}

static gboolean
set_not_a_store (GError **error)
{
  g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_A_STORE,
                       _("This folder does not hold a Meldcode case store."));
  return FALSE;
}

/* Before any key is derived or given to SQLite: the store's files are
 * there, and the database is not a plaintext SQLite file. */
static gboolean
check_store_files (const char  *dir,
                   GError     **error)
{
  g_autofree char *db_path = mc_store_path (dir, DB_NAME);
  char header[16];
  gssize n_read;
  int fd;

  if (!mc_store_exists (dir))
    return set_not_a_store (error);

  if ((fd = g_open (db_path, O_RDONLY | O_CLOEXEC, 0)) < 0)
    return mc_store_set_io_error (error, errno, db_path);
  n_read = read (fd, header, sizeof header);
  if (n_read < 0)
    {
      int saved_errno = errno;

      close (fd);
      return mc_store_set_io_error (error, saved_errno, db_path);
    }
  close (fd);

  if (n_read == 0)
    return set_not_a_store (error);
  if (n_read == sizeof header && memcmp (header, "SQLite format 3", sizeof header) == 0)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_A_STORE,
                           _("The database in this folder is not encrypted, so it is not a Meldcode case store."));
      return FALSE;
    }

  return TRUE;
}

static void
restrict_file (const char *dir,
               const char *name)
{
  g_autofree char *path = mc_store_path (dir, name);

  if (g_chmod (path, 0600) != 0 && errno != ENOENT)
    g_debug ("Could not restrict %s: %s", name, g_strerror (errno));
}

/* Opens and keys the database with the one file format of every store
 * (mc-store-cipher), checks the key can read it, and sets up the
 * connection. The raw key goes through sqlite3_key_v2(), never into SQL. */
static sqlite3 *
open_keyed (const char      *dir,
            const McSecret  *data_key,
            gboolean         create,
            GError         **error)
{
  g_autofree char *db_path = mc_store_path (dir, DB_NAME);
  static const char setup_sql[] =
    "PRAGMA synchronous = FULL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA temp_store = MEMORY;"
    "PRAGMA secure_delete = ON;"
    /* Room for the whole cases table of a large store (100,000 cases: some
     * 40 MiB of 1 KiB pages), so the case list reads and decrypts each
     * page once, not at every list; memory is taken only as pages are
     * read. */
    "PRAGMA cache_size = -65536;";
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  int rc;

  rc = sqlite3_open_v2 (db_path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  rc = mc_store_cipher_key (db, "main", data_key);
  if (rc != SQLITE_OK)
    goto failed;

  /* A wrong key only shows here, as SQLITE_NOTADB. The key file's AEAD
   * vouches for the key, so that means a damaged database, unless the
   * file reads with settings other than ours: then another program or
   * library default wrote it, and it is not damage. */
  rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      if (!create && (rc & 0xff) == SQLITE_NOTADB
          && mc_store_cipher_reads_with_other_settings (db_path, data_key))
        {
          g_autofree char *library = mc_store_cipher_get_library_version ();

          sqlite3_close (db);
          g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FOREIGN_FORMAT,
                       _("The case store is not damaged, but it was written with encryption settings that Meldcode does not use (by another program, or by SQLCipher %s with its own defaults). Meldcode cannot open it. Restore a backup made by Meldcode, or ask your administrator."),
                       library);
          return NULL;
        }
      goto failed;
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    goto failed;
  if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    {
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                           _("The case store could not be read or written."));
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  rc = sqlite3_exec (db, setup_sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  rc = mc_store_schema_register_functions (db);
  if (rc != SQLITE_OK)
    goto failed;

  /* SQLite gives them the mode of the database already; the umask is the
   * program's, so make sure. */
  restrict_file (dir, DB_NAME);
  restrict_file (dir, DB_NAME "-wal");
  restrict_file (dir, DB_NAME "-shm");

  return db;

failed:
  mc_store_set_sqlite_error (error, db, rc);
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (db);
  return NULL;
}

/* A backup's export left behind by a crash (an encrypted copy of the
 * database, "backup-XXXXXX.db"): removed at the next open once it is an
 * hour old, so a backup another process is making now is left alone. */
static void
remove_stale_exports (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, "backup-")
          || !(g_str_has_suffix (name, ".db") || g_str_has_suffix (name, ".db-journal")))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && now - st.st_mtime > 3600)
        g_unlink (path);
    }
}

/* A destruction whose purge was cut short (a crash, or another program
 * that held the store) is purged now; when it has to wait again, the store
 * opens all the same. */
static void
finish_purge (McStore *self)
{
  g_autoptr(GError) error = NULL;

  if (!mc_store_purge (self, &error))
    g_debug ("A purge after a destruction waits: %s", error->message);
}

/* The migrations with the audit trail's sealing function registered (the
 * schema 5 migration calls it; see mc-store-schema.h). */
static int
migrate_with_audit (sqlite3              *db,
                    McAudit              *audit,
                    guint                 version,
                    McStoreSchemaFailure *failure)
{
  int rc;

  if ((rc = mc_audit_register_sealing (audit)) != SQLITE_OK)
    return rc;
  rc = mc_store_schema_migrate (db, version, failure);
  mc_audit_unregister_sealing (audit);

  return rc;
}

/* A migration step that failed was rolled back: the store is as it was,
 * at its earlier version. An error that says what it is (a full disk, an
 * I/O error, a lock, damage) is reported as that. Any other (a plain
 * SQLITE_ERROR, a constraint) may be an object in the way that Meldcode
 * did not make, or a statement this store's data does not allow, but it
 * may be damage too: a migration that builds an index is the first to
 * read every page of a table, and SQLCipher 3.4.1 reports a page that
 * fails its HMAC check as a plain SQLITE_ERROR. The full check that
 * verify runs tells them apart: damage when it fails, and otherwise the
 * truth, that this version could not bring the store up to date. */
static gboolean
set_migration_error (GError                     **error,
                     sqlite3                     *db,
                     int                          rc,
                     const McStoreSchemaFailure  *failure)
{
  int code = mc_store_classify_sqlite_error (rc, failure->message, failure->sys_errno);

  switch (code & 0xff)
    {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
    /* SQLCipher 4's word for a page it refuses (see mc-store-db.c). */
    case SQLITE_NOMEM:
      return mc_store_set_sqlite_error_full (error, db, code, failure->message, failure->sys_errno);
    default:
      break;
    }

  if (!check_database (db, "PRAGMA integrity_check", error))
    return FALSE;

  g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_MIGRATED,
               /* Translators: the last %s is SQLite's own message, in English. */
               _("The case store could not be brought up to date for this version of Meldcode "
                 "(store version %u to %u; SQLite's message for your application administrator: %s). "
                 "Nothing was changed and the store is not damaged: "
                 "the earlier version of Meldcode still opens it. "
                 "Ask your application administrator for help."),
               failure->from_version, failure->from_version + 1,
               failure->message != NULL ? failure->message : sqlite3_errstr (rc));
  return FALSE;
}

McStore *
mc_store_open_database (const char          *dir,
                        McKeyFile           *key_file,
                        McSecret            *data_key,
                        const McAuditEntry  *opening,
                        const McAuditActor  *actor,
                        GError             **error)
{
  g_autoptr(McKeyFile) owned_key_file = key_file;
  g_autoptr(McSecret) owned_data_key = data_key;
  g_autoptr(McStore) self = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  McStoreSchemaFailure failure = { 0, };
  McAudit *audit;
  sqlite3 *db;
  guint version = 0;
  int rc;

  /* Before SQLite restricts the database's mode silently: the user hears
   * what was open to others. */
  notices = mc_store_guard_fix_modes (dir);

  if ((db = open_keyed (dir, data_key, FALSE, error)) == NULL)
    return NULL;
  mc_store_state_preload ();

  if ((rc = mc_store_schema_get_version (db, &version)) != SQLITE_OK)
    {
      mc_store_set_sqlite_error (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }
  if (version > MC_STORE_SCHEMA_VERSION)
    {
      sqlite3_close (db);
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NEWER_SCHEMA,
                           _("This case store was made by a newer version of Meldcode. Update Meldcode to open it."));
      return NULL;
    }
  /* Every store has its schema from the moment it is made. */
  if (version == 0)
    {
      sqlite3_close (db);
      set_not_a_store (error);
      return NULL;
    }

  /* No full check here: quick_check reads every page (a quarter of a
   * second at 10,000 cases, and it grows with the store). open_keyed()
   * read page 1 and the schema with the key, which is what a wrong key or
   * a damaged header shows in; a damaged page elsewhere shows when it is
   * read (SQLITE_CORRUPT, "damaged"), in verify, and in the check the app
   * runs in the background after unlocking (mc_store_check_async()). */

  audit = mc_audit_new (db, data_key);
  if (version < MC_STORE_SCHEMA_VERSION
      && (rc = migrate_with_audit (db, audit, MC_STORE_SCHEMA_VERSION, &failure)) != SQLITE_OK)
    {
      set_migration_error (error, db, rc, &failure);
      mc_store_schema_failure_clear (&failure);
      mc_audit_free (audit);
      sqlite3_close (db);
      return NULL;
    }

  self = g_object_new (MC_TYPE_STORE, NULL);
  self->dir = g_strdup (dir);
  self->db = db;
  self->key_file = g_steal_pointer (&owned_key_file);
  self->data_key = g_steal_pointer (&owned_data_key);
  self->audit = audit;
  /* The opening row names who opened, not only who comes after. */
  if (actor != NULL)
    mc_store_set_actor (self, actor->user_name, actor->user_role, actor->on_behalf_of);
  for (guint i = 0; i < notices->len; i++)
    mc_store_add_notice (self, g_ptr_array_index (notices, i));

  /* Warned, not refused: the cases are still the user's, and `verify`
   * says the same with exit status 5. The anchor is left as it is. */
  mc_store_guard_check_on_open (self);

  if (!mc_store_log_entry (self, opening, error))
    return NULL;
  remove_stale_exports (dir);
  finish_purge (self);

  return g_steal_pointer (&self);
}

static McStore *
open_with_secret (const char          *dir,
                  const char          *secret,
                  gboolean             is_recovery_key,
                  const McAuditActor  *actor,
                  GError             **error)
{
  const McAuditEntry unlock = { .event = MC_AUDIT_EVENT_UNLOCK };
  g_autofree char *key_path = NULL;
  g_autoptr(McKeyFile) key_file = NULL;
  McSecret *data_key;
  GError *key_error = NULL;

  mc_store_recover (dir);
  if (!check_store_files (dir, error))
    return NULL;

  key_path = mc_store_path (dir, KEY_NAME);
  if ((key_file = mc_key_file_load (key_path, &key_error)) == NULL)
    {
      mc_store_propagate_key_file_error (error, key_error);
      return NULL;
    }

  if (is_recovery_key)
    data_key = mc_key_file_unwrap_recovery_key (key_file, secret, &key_error);
  else
    data_key = mc_key_file_unwrap_passphrase (key_file, secret, &key_error);
  if (data_key == NULL)
    {
      mc_store_propagate_key_file_error (error, key_error);
      return NULL;
    }

  return mc_store_open_database (dir, g_steal_pointer (&key_file), data_key, &unlock, actor, error);
}

McStore *
mc_store_open (const char  *dir,
               const char  *passphrase,
               GError     **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_with_secret (dir, passphrase, FALSE, NULL, error);
}

McStore *
mc_store_open_with_recovery_key (const char  *dir,
                                 const char  *recovery_key,
                                 GError     **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (recovery_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_with_secret (dir, recovery_key, TRUE, NULL, error);
}

McStore *
mc_store_open_with_data_key (const char      *dir,
                             const McSecret  *data_key,
                             GError         **error)
{
  const McAuditEntry unlock = { .event = MC_AUDIT_EVENT_UNLOCK };
  g_autofree char *key_path = NULL;
  McKeyFile *key_file;
  GError *key_error = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (data_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_store_files (dir, error))
    return NULL;

  key_path = mc_store_path (dir, KEY_NAME);
  if ((key_file = mc_key_file_load (key_path, &key_error)) == NULL)
    {
      mc_store_propagate_key_file_error (error, key_error);
      return NULL;
    }

  return mc_store_open_database (dir, key_file,
                                 mc_secret_new_from_data (mc_secret_get_data (data_key),
                                                          mc_secret_get_size (data_key)),
                                 &unlock, NULL, error);
}

typedef struct
{
  char     *dir;
  McSecret *secret;
  gboolean  is_recovery_key;
  gboolean  has_actor;
  char     *actor_name;
  char     *actor_role;
  char     *actor_on_behalf_of;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->actor_name);
  g_free (data->actor_role);
  g_free (data->actor_on_behalf_of);
  g_free (data->dir);
  mc_secret_free (data->secret);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  const McAuditActor actor = { data->actor_name, data->actor_role, data->actor_on_behalf_of };
  GError *error = NULL;
  McStore *store;

  if (g_task_return_error_if_cancelled (task))
    return;

  store = open_with_secret (data->dir, (const char *) mc_secret_get_data (data->secret),
                            data->is_recovery_key, data->has_actor ? &actor : NULL, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
open_async (const char          *dir,
            const char          *secret,
            gboolean             is_recovery_key,
            const McAuditActor  *actor,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  data = g_new0 (OpenData, 1);
  data->dir = g_strdup (dir);
  /* The typed secret goes to the worker in locked memory; the McSecret
   * keeps a NUL after the data, so it reads as a string again. */
  data->secret = mc_secret_new_from_data ((const guint8 *) secret, strlen (secret));
  data->is_recovery_key = is_recovery_key;
  if (actor != NULL)
    {
      data->has_actor = TRUE;
      data->actor_name = g_strdup (actor->user_name);
      data->actor_role = g_strdup (actor->user_role);
      data->actor_on_behalf_of = g_strdup (actor->on_behalf_of);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_store_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

void
mc_store_open_async (const char          *dir,
                     const char          *passphrase,
                     const McAuditActor  *actor,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (dir != NULL);
  g_return_if_fail (passphrase != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  open_async (dir, passphrase, FALSE, actor, cancellable, callback, user_data);
}

void
mc_store_open_with_recovery_key_async (const char          *dir,
                                       const char          *recovery_key,
                                       const McAuditActor  *actor,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (dir != NULL);
  g_return_if_fail (recovery_key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  open_async (dir, recovery_key, TRUE, actor, cancellable, callback, user_data);
}

McStore *
mc_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_store_open_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Removes what a store is made of in @dir (nothing else), then @dir when
 * asked and that leaves it empty. */
static void
remove_store_files (const char *dir,
                    gboolean    remove_dir)
{
  static const char * const names[] = {
    DB_NAME, DB_NAME "-wal", DB_NAME "-shm", DB_NAME "-journal", KEY_NAME,
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = mc_store_path (dir, names[i]);

      g_unlink (path);
    }
  if (remove_dir)
    g_rmdir (dir);
}

/* A missing directory, or an empty one: where a store can go. */
gboolean
mc_store_is_free_place (const char *dir)
{
  g_autoptr(GDir) handle = NULL;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    return TRUE;
  handle = g_dir_open (dir, 0, NULL);
  return handle != NULL && g_dir_read_name (handle) == NULL;
}

/* Makes the directory, the key file and a database with the schema up to
 * @version; closes the database again. */
static gboolean
create_store (const char  *dir,
              const char  *passphrase,
              McKdfCost    cost,
              guint        version,
              McKeyFile  **out_key_file,
              McSecret   **out_data_key,
              char       **out_recovery_key,
              gboolean    *out_made_dir,
              GError     **error)
{
  g_autofree char *key_path = mc_store_path (dir, KEY_NAME);
  g_autoptr(McKeyFile) key_file = NULL;
  g_autoptr(McSecret) data_key = NULL;
  g_autofree char *recovery_key = NULL;
  gboolean made_dir;
  GError *key_error = NULL;
  McAudit *audit;
  sqlite3 *db;
  int rc;

  /* The folder becomes private (0700): never someone's folder with other
   * files in it. */
  if (!mc_store_is_free_place (dir))
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS,
                           mc_store_exists (dir)
                           ? _("There is already a case store in this folder.")
                           : _("The folder for the case store is not empty."));
      return FALSE;
    }

  made_dir = !g_file_test (dir, G_FILE_TEST_EXISTS);
  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    return mc_store_set_io_error (error, errno, dir);

  key_file = mc_key_file_create (key_path, passphrase, cost, &data_key, &recovery_key, &key_error);
  if (key_file == NULL)
    {
      remove_store_files (dir, made_dir);
      return mc_store_propagate_key_file_error (error, key_error);
    }

  if ((db = open_keyed (dir, data_key, TRUE, error)) == NULL)
    {
      remove_store_files (dir, made_dir);
      return FALSE;
    }
  audit = mc_audit_new (db, data_key);
  rc = migrate_with_audit (db, audit, version, NULL);
  mc_audit_free (audit);
  if (rc != SQLITE_OK)
    {
      mc_store_set_sqlite_error (error, db, rc);
      sqlite3_close (db);
      remove_store_files (dir, made_dir);
      return FALSE;
    }
  if ((rc = sqlite3_close (db)) != SQLITE_OK)
    {
      mc_store_set_sqlite_error (error, db, rc);
      sqlite3_close_v2 (db);
      remove_store_files (dir, made_dir);
      return FALSE;
    }

  if (out_key_file != NULL)
    *out_key_file = g_steal_pointer (&key_file);
  if (out_data_key != NULL)
    *out_data_key = g_steal_pointer (&data_key);
  *out_recovery_key = g_steal_pointer (&recovery_key);
  if (out_made_dir != NULL)
    *out_made_dir = made_dir;
  return TRUE;
}

McStore *
mc_store_create (const char  *dir,
                 const char  *passphrase,
                 McKdfCost    cost,
                 char       **out_recovery_key,
                 GError     **error)
{
  const McAuditEntry created = { .event = MC_AUDIT_EVENT_CREATE, .entity = "store" };
  g_autofree char *recovery_key = NULL;
  McKeyFile *key_file = NULL;
  McSecret *data_key = NULL;
  gboolean made_dir = FALSE;
  McStore *self;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (out_recovery_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!create_store (dir, passphrase, cost, MC_STORE_SCHEMA_VERSION,
                     &key_file, &data_key, &recovery_key, &made_dir, error))
    return NULL;

  if ((self = mc_store_open_database (dir, key_file, data_key, &created, NULL, error)) == NULL)
    {
      remove_store_files (dir, made_dir);
      return NULL;
    }

  *out_recovery_key = g_steal_pointer (&recovery_key);
  return self;
}

gboolean
mc_store_create_at_version (const char  *dir,
                            const char  *passphrase,
                            McKdfCost    cost,
                            guint        version,
                            char       **out_recovery_key,
                            GError     **error)
{
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);
  g_return_val_if_fail (version >= 1 && version <= MC_STORE_SCHEMA_VERSION, FALSE);
  g_return_val_if_fail (out_recovery_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return create_store (dir, passphrase, cost, version, NULL, NULL, out_recovery_key, NULL, error);
}

gboolean
mc_store_check_passphrase (const char  *dir,
                           const char  *passphrase,
                           GError     **error)
{
  g_autofree char *key_path = NULL;
  g_autoptr(McKeyFile) key_file = NULL;
  g_autoptr(McSecret) data_key = NULL;
  GError *key_error = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Only the key file on disk: no McStore is touched, so this may run in a
   * worker thread while the store lives on the main thread. */
  key_path = g_build_filename (dir, KEY_NAME, NULL);
  if ((key_file = mc_key_file_load (key_path, &key_error)) == NULL
      || (data_key = mc_key_file_unwrap_passphrase (key_file, passphrase, &key_error)) == NULL)
    return mc_store_propagate_key_file_error (error, key_error);

  return TRUE;
}

gboolean
mc_store_change_passphrase (McStore     *self,
                            const char  *new_passphrase,
                            McKdfCost    cost,
                            GError     **error)
{
  const McAuditEntry changed = { .event = MC_AUDIT_EVENT_CHANGE, .entity = "key", .field = "passphrase" };
  g_autoptr(GError) log_error = NULL;
  GError *key_error = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (new_passphrase != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_store_ensure_open (self, error))
    return FALSE;

  if (!mc_key_file_change_passphrase (self->key_file, self->data_key, new_passphrase, cost, &key_error))
    return mc_store_propagate_key_file_error (error, key_error);

  /* The passphrase is changed now, whatever follows: saying otherwise
   * would send the user away with a passphrase they think is wrong. */
  if (!mc_store_log_entry (self, &changed, &log_error))
    {
      g_autofree char *notice = g_strdup_printf (_("The audit trail could not record the change of passphrase: %s"),
                                                 log_error->message);

      mc_store_add_notice (self, notice);
    }
  return TRUE;
}

/* Finalizes every statement first, so sqlite3_close() can succeed; the key
 * is wiped whatever happens. */
static gboolean
close_database (McStore  *self,
                GError  **error)
{
  gboolean ok = TRUE;
  int rc;

  stop_checks (self);
  g_hash_table_remove_all (self->statements);
  g_clear_pointer (&self->audit, mc_audit_free);

  if ((rc = sqlite3_close (self->db)) != SQLITE_OK)
    {
      ok = mc_store_set_sqlite_error (error, self->db, rc);
      /* Let SQLite close it when it can rather than keep it open. */
      sqlite3_close_v2 (self->db);
    }
  self->db = NULL;
  self->in_batch = FALSE;

  g_clear_pointer (&self->data_key, mc_secret_free);
  g_clear_pointer (&self->key_file, mc_key_file_free);

  return ok;
}

gboolean
mc_store_close (McStore  *self,
                GError  **error)
{
  const McAuditEntry lock = { .event = MC_AUDIT_EVENT_LOCK };
  g_autoptr(GError) log_error = NULL;
  gboolean closed;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->db == NULL)
    return TRUE;

  if (self->in_batch)
    mc_store_rollback_batch (self);

  mc_store_log_entry (self, &lock, &log_error);
  closed = close_database (self, error);
  if (closed && log_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&log_error));
      return FALSE;
    }

  return closed;
}

gboolean
mc_store_is_open (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);

  return self->db != NULL;
}

const char *
mc_store_get_directory (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  return self->dir;
}

void
mc_store_set_actor (McStore    *self,
                    const char *name,
                    const char *role,
                    const char *on_behalf_of)
{
  g_return_if_fail (MC_IS_STORE (self));

  g_free (self->actor_name);
  g_free (self->actor_role);
  g_free (self->actor_on_behalf_of);
  self->actor_name = g_strdup (name);
  self->actor_role = g_strdup (role);
  self->actor_on_behalf_of = g_strdup (on_behalf_of);
}

/* The object */

static void
mc_store_dispose (GObject *object)
{
  McStore *self = MC_STORE (object);

  /* Dropped without mc_store_close(): lock it all the same. */
  mc_store_close (self, NULL);

  G_OBJECT_CLASS (mc_store_parent_class)->dispose (object);
}

static void
mc_store_finalize (GObject *object)
{
  McStore *self = MC_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->actor_name, g_free);
  g_clear_pointer (&self->actor_role, g_free);
  g_clear_pointer (&self->actor_on_behalf_of, g_free);
  g_clear_pointer (&self->notices, g_ptr_array_unref);
  g_clear_object (&self->protocol);
  g_clear_pointer (&self->state_key, g_free);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_mutex_clear (&self->checks_lock);
  g_cond_clear (&self->checks_done);

  G_OBJECT_CLASS (mc_store_parent_class)->finalize (object);
}

static void
mc_store_class_init (McStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_store_dispose;
  object_class->finalize = mc_store_finalize;

  /**
   * McStore::changed:
   * @case_id: the case that changed, 0 after a batch or a change of the
   *   store's settings (the retention period)
   *
   * A change to case data was saved.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
mc_store_init (McStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  self->actor_name = g_strdup (g_get_user_name ());
  g_mutex_init (&self->checks_lock);
  g_cond_init (&self->checks_done);
  self->checks = g_ptr_array_new ();
}

sqlite3 *
mc_store_get_connection (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  return self->db;
}
