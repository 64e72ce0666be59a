/* mc-output-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-output-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mc-output-file.h"

/* The files of a store (mc-store.c); the key file starts with its magic
 * (mc-key-file.c), a backup with its own (mc-backup.c). */
#define STORE_DB_NAME "cases.db"
#define STORE_KEY_NAME "key"
#define KEY_FILE_MAGIC "MCKEY"
#define BACKUP_MAGIC "MCBACKUP"

#define TEMP_MARK ".meldcode-tmp-"
#define JOURNAL_PREFIX "pending-output-"
/* A hidden entry may belong to a write that is just starting. */
#define HIDDEN_ENTRY_GRACE_SECONDS 60

G_DEFINE_QUARK (mc-output-file-error-quark, mc_output_file_error)

static gboolean
set_io_error (GError     **error,
              int          errsv,
              const char  *path)
{
  g_autofree char *display = g_filename_display_basename (path);

  g_set_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_IO,
               _("Cannot write “%s”: %s"), display, g_strerror (errsv));
  return FALSE;
}

static gboolean
file_starts_with (const char *path,
                  const char *magic)
{
  gsize length = strlen (magic);
  char header[16];
  gssize n_read;
  int fd;

  g_assert (length <= sizeof header);
  if ((fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0)) < 0)
    return FALSE;
  n_read = read (fd, header, length);
  close (fd);
  return n_read == (gssize) length && memcmp (header, magic, length) == 0;
}

static gboolean
is_regular (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0 && S_ISREG (st.st_mode);
}

gboolean
mc_output_file_is_store_dir (const char *dir)
{
  g_autofree char *db_path = NULL;
  g_autofree char *key_path = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);

  /* A key file is known by its header; a database is encrypted, so only
   * its name says what it is. */
  db_path = g_build_filename (dir, STORE_DB_NAME, NULL);
  key_path = g_build_filename (dir, STORE_KEY_NAME, NULL);
  return is_regular (db_path) || (is_regular (key_path) && file_starts_with (key_path, KEY_FILE_MAGIC));
}

/* @dir or a folder above it is a store folder. @dir is canonical. */
static gboolean
is_inside_store (const char *dir)
{
  g_autofree char *current = g_strdup (dir);

  for (;;)
    {
      char *parent;

      if (mc_output_file_is_store_dir (current))
        return TRUE;
      parent = g_path_get_dirname (current);
      if (strcmp (parent, current) == 0)
        {
          g_free (parent);
          return FALSE;
        }
      g_free (current);
      current = parent;
    }
}

static gboolean
refuse_inside_store (const char  *path,
                     GError     **error)
{
  g_set_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED,
               _("“%s” is in the folder of a case store, and writing there could destroy the store. "
                 "Choose a place outside it."), path);
  return FALSE;
}

/* The folder @path would be in, canonical, with symlinks resolved; NULL
 * with an error when there is none. */
static char *
resolve_parent (const char  *path,
                GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);
  char *resolved;

  if ((resolved = realpath (parent, NULL)) == NULL || !g_file_test (resolved, G_FILE_TEST_IS_DIR))
    {
      int errsv = resolved == NULL ? errno : ENOTDIR;

      free (resolved);
      g_set_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_IO,
                   _("Cannot write “%s”: the folder “%s” cannot be used (%s)."),
                   path, parent, g_strerror (errsv));
      return NULL;
    }

  /* g_free() and free() are the same since GLib 2.46. */
  return resolved;
}

/* Checks @path and returns the file that a rename would replace: @path,
 * canonical, or the regular file a symlink points to. */
static char *
check_target (const char         *path,
              McOutputFileFlags   flags,
              GError            **error)
{
  g_autofree char *base = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *resolved = NULL;
  GStatBuf st;

  if (*path == '\0')
    {
      g_set_error_literal (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED,
                           _("Name the file to write."));
      return NULL;
    }

  if (g_lstat (path, &st) != 0)
    {
      if (errno != ENOENT)
        {
          set_io_error (error, errno, path);
          return NULL;
        }
      /* A new name. */
      if ((parent = resolve_parent (path, error)) == NULL)
        return NULL;
      base = g_path_get_basename (path);
      resolved = g_build_filename (parent, base, NULL);
    }
  else
    {
      if (S_ISLNK (st.st_mode))
        {
          resolved = realpath (path, NULL);
          /* Dangling: nothing to write through. */
          if (resolved == NULL || g_stat (resolved, &st) != 0)
            st.st_mode = 0;
        }
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED,
                       _("“%s” is not an ordinary file (it is a folder, a device or another special "
                         "file). Choose a new file name or an ordinary file."), path);
          return NULL;
        }
      if (resolved == NULL)
        {
          if ((parent = resolve_parent (path, error)) == NULL)
            return NULL;
          base = g_path_get_basename (path);
          resolved = g_build_filename (parent, base, NULL);
        }
    }

  g_clear_pointer (&parent, g_free);
  parent = g_path_get_dirname (resolved);
  if (is_inside_store (parent))
    {
      refuse_inside_store (path, error);
      return NULL;
    }

  if (is_regular (resolved))
    {
      if (file_starts_with (resolved, KEY_FILE_MAGIC))
        {
          g_set_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED,
                       _("“%s” is the key file of a case store: without it the store cannot be "
                         "opened. Choose another file."), path);
          return NULL;
        }
      if ((flags & MC_OUTPUT_FILE_REPLACE_BACKUP) == 0 && file_starts_with (resolved, BACKUP_MAGIC))
        {
          g_set_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED,
                       _("“%s” is a backup of a case store. Choose another file."), path);
          return NULL;
        }
    }

  return g_steal_pointer (&resolved);
}

gboolean
mc_output_file_check (const char         *path,
                      McOutputFileFlags   flags,
                      GError            **error)
{
  g_autofree char *resolved = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  resolved = check_target (path, flags, error);
  return resolved != NULL;
}

gboolean
mc_output_file_check_folder (const char  *dir,
                             GError     **error)
{
  g_autofree char *parent = NULL;
  g_autofree char *resolved = NULL;
  GStatBuf st;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_lstat (dir, &st) == 0 && !S_ISDIR (st.st_mode))
    {
      g_set_error (error, MC_OUTPUT_FILE_ERROR, MC_OUTPUT_FILE_ERROR_REFUSED,
                   _("“%s” is not a folder. Choose a new folder name or a folder."), dir);
      return FALSE;
    }

  /* The store itself may be there (a restore that replaces it); what is
   * refused is a folder inside one. */
  parent = g_path_get_dirname (dir);
  if ((resolved = realpath (parent, NULL)) == NULL)
    return TRUE;   /* made on the way, outside any store that exists */
  if (is_inside_store (resolved))
    return refuse_inside_store (dir, error);
  return TRUE;
}

static char *
random_suffix (void)
{
  static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  char *suffix = g_new (char, 13);

  for (guint i = 0; i < 12; i++)
    suffix[i] = chars[g_random_int_range (0, sizeof chars - 1)];
  suffix[12] = '\0';
  return suffix;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         size)
{
  while (size > 0)
    {
      gssize n = write (fd, data, MIN (size, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      data += n;
      size -= (gsize) n;
    }
  return TRUE;
}

static gboolean
sync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* Makes the journal entry naming @temp_path, locked and synced. It is
 * written under a hidden name and renamed into place, so an entry that
 * cleaning up can see is always whole and locked from its first moment.
 * Returns its descriptor (the lock lives as long as it is open) or -1. */
static int
add_journal_entry (const char  *journal_dir,
                   const char  *temp_path,
                   char       **out_entry_path,
                   GError     **error)
{
  g_autofree char *hidden_path = g_build_filename (journal_dir, "." JOURNAL_PREFIX "XXXXXX", NULL);
  g_autofree char *entry_path = NULL;
  g_autofree char *hidden_name = NULL;
  g_autofree char *line = g_strconcat (temp_path, "\n", NULL);
  int fd;

  if ((fd = g_mkstemp_full (hidden_path, O_RDWR | O_CLOEXEC, 0600)) < 0)
    {
      set_io_error (error, errno, journal_dir);
      return -1;
    }
  hidden_name = g_path_get_basename (hidden_path);
  entry_path = g_build_filename (journal_dir, hidden_name + 1, NULL);
  if (flock (fd, LOCK_EX) != 0
      || !write_all (fd, (const guint8 *) line, strlen (line))
      || fsync (fd) != 0
      || g_rename (hidden_path, entry_path) != 0
      || !sync_dir (journal_dir))
    {
      int errsv = errno;

      g_unlink (hidden_path);
      g_unlink (entry_path);
      close (fd);
      set_io_error (error, errsv, journal_dir);
      return -1;
    }

  *out_entry_path = g_steal_pointer (&entry_path);
  return fd;
}

gboolean
mc_output_file_write (const char              *journal_dir,
                      const char              *path,
                      McOutputFileFlags        flags,
                      GBytes                  *contents,
                      McOutputFileCommitFunc   before_rename,
                      gpointer                 user_data,
                      GError                 **error)
{
  g_autofree char *resolved = NULL;
  g_autofree char *target_dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *temp_name = NULL;
  g_autofree char *temp_path = NULL;
  g_autofree char *entry_path = NULL;
  gboolean temp_made = FALSE;
  gboolean ok = FALSE;
  const guint8 *data;
  gsize size;
  int entry_fd;
  int fd;

  g_return_val_if_fail (journal_dir != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((resolved = check_target (path, flags, error)) == NULL)
    return FALSE;

  target_dir = g_path_get_dirname (resolved);
  base = g_path_get_basename (resolved);
  suffix = random_suffix ();
  /* Short enough for NAME_MAX whatever the target's name. */
  temp_name = g_strdup_printf (".%.100s" TEMP_MARK "%s", base, suffix);
  temp_path = g_build_filename (target_dir, temp_name, NULL);

  if ((entry_fd = add_journal_entry (journal_dir, temp_path, &entry_path, error)) < 0)
    return FALSE;

  fd = g_open (temp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      set_io_error (error, errno, path);
      goto out;
    }
  temp_made = TRUE;

  data = g_bytes_get_data (contents, &size);
  if (fchmod (fd, 0600) != 0 || !write_all (fd, data, size) || fsync (fd) != 0)
    {
      int errsv = errno;

      close (fd);
      set_io_error (error, errsv, path);
      goto out;
    }
  if (close (fd) != 0)
    {
      set_io_error (error, errno, path);
      goto out;
    }

  /* The audit row: no row, no file. */
  if (before_rename != NULL && !before_rename (path, user_data, error))
    goto out;

  if (g_rename (temp_path, resolved) != 0)
    {
      set_io_error (error, errno, path);
      goto out;
    }
  temp_made = FALSE;
  /* The rename is what makes the file; without a synced folder a crash
   * could take it back. */
  if (!sync_dir (target_dir))
    g_debug ("Could not sync %s: %s", target_dir, g_strerror (errno));
  ok = TRUE;

out:
  if (temp_made)
    g_unlink (temp_path);
  g_unlink (entry_path);
  close (entry_fd);
  return ok;
}

/* One journal entry: its temporary file is removed when its writer is
 * gone. Returns whether a file was removed. */
static gboolean
clean_up_entry (const char *entry_path,
                gboolean    hidden)
{
  g_autofree char *temp_path = NULL;
  g_autofree char *temp_name = NULL;
  char buffer[4096 + 1];
  gboolean removed = FALSE;
  struct stat st;
  gssize n_read;
  char *newline;
  int fd;

  if ((fd = g_open (entry_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0)) < 0)
    return FALSE;
  /* Held: the write is running in a live process. A hidden entry is one
   * being made (not locked yet in its first moment) or one a crash cut
   * short, before any temporary file was made: removed once it is old. */
  if (flock (fd, LOCK_EX | LOCK_NB) != 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)
      || (hidden && g_get_real_time () / G_USEC_PER_SEC - st.st_mtime < HIDDEN_ENTRY_GRACE_SECONDS))
    {
      close (fd);
      return FALSE;
    }
  if (hidden)
    {
      g_unlink (entry_path);
      close (fd);
      return FALSE;
    }

  n_read = read (fd, buffer, sizeof buffer - 1);
  buffer[MAX (n_read, 0)] = '\0';
  newline = strchr (buffer, '\n');
  if (newline != NULL)
    {
      *newline = '\0';
      temp_path = g_strdup (buffer);
      temp_name = g_path_get_basename (temp_path);
      /* Only ever a file of ours: the entry names it, and so does its name. */
      if (g_path_is_absolute (temp_path) && temp_name[0] == '.' && strstr (temp_name, TEMP_MARK) != NULL
          && is_regular (temp_path) && g_unlink (temp_path) == 0)
        removed = TRUE;
    }

  g_unlink (entry_path);
  close (fd);
  return removed;
}

guint
mc_output_file_clean_up (const char *journal_dir)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (journal_dir != NULL, 0);

  if ((dir = g_dir_open (journal_dir, 0, NULL)) == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *entry_path = NULL;

      if (!g_str_has_prefix (name, JOURNAL_PREFIX) && !g_str_has_prefix (name, "." JOURNAL_PREFIX))
        continue;
      entry_path = g_build_filename (journal_dir, name, NULL);
      if (clean_up_entry (entry_path, name[0] == '.'))
        removed++;
    }

  return removed;
}
