/* mc-store-backup.c: a backup of the open store, and a restore into a new
 * or replaced store folder
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
#include <unistd.h>

#include "mc-backup.h"
#include "mc-output-file.h"
#include "mc-restore-journal.h"
#include "mc-store.h"
#include "mc-store-internal.h"
#include "mc-store-cipher.h"
#include "mc-store-schema.h"

/* Backup and restore */

/* sqlcipher_export() into an attached database keyed with the same data
 * key and given the store's file format (an attached database would take
 * the library's defaults); it drops user_version, which is copied by hand. */
static gboolean
export_database (McStore     *self,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *set_version = NULL;
  guint version = 0;
  gboolean ok;
  int rc;

  rc = mc_store_cipher_attach (self->db, path, "backup", self->data_key);
  if (rc != SQLITE_OK)
    return mc_store_set_sqlite_error (error, self->db, rc);

  ok = mc_store_exec_sql (self->db, "SELECT sqlcipher_export('backup')", error);
  if (ok && (rc = mc_store_schema_get_version (self->db, &version)) != SQLITE_OK)
    ok = mc_store_set_sqlite_error (error, self->db, rc);
  if (ok)
    {
      set_version = g_strdup_printf ("PRAGMA backup.user_version = %u", version);
      ok = mc_store_exec_sql (self->db, set_version, error);
    }

  if (!mc_store_exec_sql (self->db, "DETACH DATABASE backup", ok ? error : NULL))
    ok = FALSE;

  return ok;
}

static gboolean
log_backup_cb (const char  *path,
               gpointer     user_data,
               GError     **error)
{
  const McAuditEntry entry = { .event = MC_AUDIT_EVENT_BACKUP, .new_value = path };

  return mc_store_log_entry (MC_STORE (user_data), &entry, error);
}

gboolean
mc_store_backup (McStore     *self,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *export_path = NULL;
  g_autofree char *journal_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) database = NULL;
  g_autoptr(GBytes) key_bytes = NULL;
  g_autoptr(GBytes) backup = NULL;
  g_autoptr(GError) read_error = NULL;
  gsize size = 0;
  gboolean ok;
  int fd;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!self->in_batch, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_store_ensure_open (self, error))
    return FALSE;
  /* Refused before the work: a backup never goes over a store's files. */
  if (!mc_output_file_check (path, MC_OUTPUT_FILE_REPLACE_BACKUP, error))
    return FALSE;

  /* Inside the store's own folder (0700); the database is opened without
   * SQLITE_OPEN_CREATE, so the attached file must exist, empty. */
  export_path = mc_store_path (self->dir, "backup-XXXXXX.db");
  if ((fd = g_mkstemp_full (export_path, O_RDWR | O_CLOEXEC, 0600)) < 0)
    return mc_store_set_io_error (error, errno, self->dir);
  close (fd);
  journal_path = g_strconcat (export_path, "-journal", NULL);

  ok = export_database (self, export_path, error);
  if (ok && !g_file_get_contents (export_path, &contents, &size, &read_error))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                   _("The backup could not be written: %s"), read_error->message);
      ok = FALSE;
    }
  g_unlink (export_path);
  g_unlink (journal_path);
  if (!ok)
    return FALSE;

  database = g_bytes_new_take (g_steal_pointer (&contents), size);
  key_bytes = mc_key_file_to_bytes (self->key_file);
  backup = mc_backup_to_bytes (key_bytes, database);
  /* The audit row goes in before the file takes its place. */
  return mc_output_file_write (self->dir, path, MC_OUTPUT_FILE_REPLACE_BACKUP, backup,
                               log_backup_cb, self, error);
}

/* Writes the backup's files into @staging and proves they open: the key
 * unwraps, quick_check and integrity_check pass, the schema is current. */
static gboolean
restore_into (const char  *staging,
              const char  *backup_path,
              McKeyFile   *key_file,
              McSecret    *data_key,
              GBytes      *database,
              GError     **error)
{
  const McAuditEntry restored = { .event = MC_AUDIT_EVENT_RESTORE, .new_value = backup_path };
  g_autofree char *db_path = mc_store_path (staging, DB_NAME);
  g_autofree char *key_path = mc_store_path (staging, KEY_NAME);
  g_autoptr(McKeyFile) owned_key_file = key_file;
  g_autoptr(McSecret) owned_data_key = data_key;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(McStore) store = NULL;
  GError *key_error = NULL;

  if (!g_file_set_contents_full (db_path, g_bytes_get_data (database, NULL), g_bytes_get_size (database),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                   _("The backup could not be restored: %s"), local_error->message);
      return FALSE;
    }
  if (!mc_key_file_save_as (owned_key_file, key_path, &key_error))
    return mc_store_propagate_key_file_error (error, key_error);

  store = mc_store_open_database (staging, g_steal_pointer (&owned_key_file), g_steal_pointer (&owned_data_key),
                                  &restored, NULL, error);
  if (store == NULL)
    return FALSE;
  if (!mc_store_integrity_check (store, error))
    return FALSE;
  return mc_store_close (store, error);
}

gboolean
mc_store_restore (const char      *backup_path,
                  const char      *dir,
                  const char      *secret,
                  gboolean         is_recovery_key,
                  McRestoreFlags   flags,
                  GError         **error)
{
  g_autoptr(GBytes) key_bytes = NULL;
  g_autoptr(GBytes) database = NULL;
  g_autoptr(McKeyFile) key_file = NULL;
  McRestoreJournal *journal;
  McSecret *data_key;
  GError *key_error = NULL;
  gboolean target_exists;

  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Never into a store's folder, nor over a file; an earlier restore that
   * was cut short is finished first, so what is at @dir is known. */
  if (!mc_output_file_check_folder (dir, error)
      || !mc_restore_journal_recover (dir, error))
    return FALSE;

  if (!mc_backup_read (backup_path, &key_bytes, &database, error))
    return FALSE;

  if ((key_file = mc_key_file_new_from_bytes (key_bytes, &key_error)) == NULL)
    {
      if (g_error_matches (key_error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_INVALID))
        {
          g_error_free (key_error);
          g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                               _("The backup file is damaged."));
          return FALSE;
        }
      return mc_store_propagate_key_file_error (error, key_error);
    }

  target_exists = !mc_store_is_free_place (dir);
  if (target_exists && (flags & MC_RESTORE_REPLACE) == 0)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS,
                           mc_store_exists (dir)
                           ? _("There is already a case store in this folder.")
                           : _("The folder to restore into is not empty."));
      return FALSE;
    }

  if (is_recovery_key)
    data_key = mc_key_file_unwrap_recovery_key (key_file, secret, &key_error);
  else
    data_key = mc_key_file_unwrap_passphrase (key_file, secret, &key_error);
  if (data_key == NULL)
    return mc_store_propagate_key_file_error (error, key_error);

  if ((journal = mc_restore_journal_begin (dir, error)) == NULL)
    {
      mc_secret_free (data_key);
      return FALSE;
    }

  if (!restore_into (mc_restore_journal_get_staging (journal), backup_path,
                     g_steal_pointer (&key_file), data_key, database, error))
    {
      mc_restore_journal_abort (journal);
      return FALSE;
    }

  return mc_restore_journal_commit (journal, NULL, error);
}

void
mc_store_recover (const char *dir)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (dir != NULL);

  if (!mc_restore_journal_recover (dir, &error))
    g_debug ("%s", error->message);
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    mc_output_file_clean_up (dir);
}
