/* mc-restore-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-restore-journal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mc-restore-journal.h"
#include "mc-store.h"

#define GROUP "restore"

struct _McRestoreJournal
{
  char     *dir;
  char     *parent;
  char     *staging;
  char     *journal;
  char     *aside;
  gboolean  has_old;      /* something was at @dir */
  gboolean  old_empty;    /* an empty folder, replaced by one rename() */
  dev_t     old_device;
  ino_t     old_inode;
};

static void
journal_free (McRestoreJournal *self)
{
  g_free (self->dir);
  g_free (self->parent);
  g_free (self->staging);
  g_free (self->journal);
  g_free (self->aside);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McRestoreJournal, journal_free)

static gboolean
set_io_error (GError     **error,
              int          errsv,
              const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
               _("The backup could not be restored: “%s”: %s"), display, g_strerror (errsv));
  return FALSE;
}

static void
sync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_debug ("Could not sync %s: %s", dir, g_strerror (errno));
  close (fd);
}

/* The names beside @dir; the aside name is chosen when the journal is
 * made. */
static McRestoreJournal *
journal_new (const char *dir)
{
  McRestoreJournal *self = g_new0 (McRestoreJournal, 1);
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  self->dir = g_canonicalize_filename (dir, NULL);
  self->parent = g_path_get_dirname (self->dir);
  base = g_path_get_basename (self->dir);
  name = g_strdup_printf (".%s.restore-new", base);
  self->staging = g_build_filename (self->parent, name, NULL);
  g_free (name);
  name = g_strdup_printf (".%s.restore-journal", base);
  self->journal = g_build_filename (self->parent, name, NULL);
  return self;
}

/* "<dir>.replaced-20261128T130509Z", or with a counter when taken. */
static char *
aside_path (const char *dir)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  char *path = g_strdup_printf ("%s.replaced-%s", dir, stamp);

  for (guint i = 2; g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_free (path);
      path = g_strdup_printf ("%s.replaced-%s-%u", dir, stamp, i);
    }

  return path;
}

/* The staging folder is ours alone: its files, then itself. */
static void
remove_staging (const char *staging)
{
  g_autoptr(GDir) dir = g_dir_open (staging, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (staging, name, NULL);

      g_unlink (path);
    }
  g_rmdir (staging);
}

static gboolean
is_empty_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

static void
remove_journal (McRestoreJournal *self)
{
  sync_dir (self->parent);
  g_unlink (self->journal);
  sync_dir (self->parent);
}

gboolean
mc_restore_journal_recover (const char  *dir,
                            GError     **error)
{
  g_autoptr(McRestoreJournal) self = NULL;
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *new_path = NULL;
  GStatBuf st;
  gboolean target_is_old;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self = journal_new (dir);
  new_path = g_strconcat (self->journal, ".new", NULL);
  /* A journal cut off while it was written: nothing had started yet. */
  g_unlink (new_path);
  if (!g_file_test (self->journal, G_FILE_TEST_EXISTS))
    return TRUE;

  if (!g_key_file_load_from_file (key_file, self->journal, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                   _("An interrupted restore into “%s” could not be finished: %s"),
                   self->dir, local_error->message);
      return FALSE;
    }
  self->has_old = g_key_file_get_boolean (key_file, GROUP, "has-old", NULL);
  self->old_device = (dev_t) g_key_file_get_uint64 (key_file, GROUP, "old-device", NULL);
  self->old_inode = (ino_t) g_key_file_get_uint64 (key_file, GROUP, "old-inode", NULL);
  self->aside = g_key_file_get_string (key_file, GROUP, "aside", NULL);

  if (g_lstat (self->dir, &st) == 0)
    {
      target_is_old = self->has_old && st.st_dev == self->old_device && st.st_ino == self->old_inode;
      if (target_is_old || !self->has_old)
        /* The swap did not happen: roll back. */
        remove_staging (self->staging);
      else if (g_file_test (self->staging, G_FILE_TEST_IS_DIR))
        {
          /* The swap happened; the old folder is at the staging name. */
          if (is_empty_dir (self->staging))
            g_rmdir (self->staging);
          else if (self->aside == NULL || g_rename (self->staging, self->aside) != 0)
            return set_io_error (error, self->aside == NULL ? EINVAL : errno, self->staging);
        }
    }
  else if (self->has_old)
    {
      /* Between the two renames of a file system without RENAME_EXCHANGE:
       * the staging folder was complete before the old one moved. */
      if (g_file_test (self->staging, G_FILE_TEST_IS_DIR))
        {
          if (g_rename (self->staging, self->dir) != 0)
            return set_io_error (error, errno, self->dir);
        }
      else if (self->aside != NULL && g_rename (self->aside, self->dir) != 0)
        return set_io_error (error, errno, self->dir);
    }
  else
    remove_staging (self->staging);

  remove_journal (self);
  return TRUE;
}

/* Written beside it under a fixed name (which the next start removes when
 * a crash left it) and renamed into place, so it is whole or absent. */
static gboolean
write_journal (McRestoreJournal  *self,
               const char        *data,
               gsize              size,
               GError           **error)
{
  g_autofree char *new_path = g_strconcat (self->journal, ".new", NULL);
  int fd = g_open (new_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  gssize written = -1;

  if (fd >= 0)
    written = write (fd, data, size);
  if (fd < 0 || written != (gssize) size || fsync (fd) != 0 || close (fd) != 0
      || g_rename (new_path, self->journal) != 0)
    {
      int errsv = written >= 0 && written != (gssize) size ? ENOSPC : errno;

      g_unlink (new_path);
      return set_io_error (error, errsv, self->journal);
    }

  sync_dir (self->parent);
  return TRUE;
}

McRestoreJournal *
mc_restore_journal_begin (const char  *dir,
                          GError     **error)
{
  g_autoptr(McRestoreJournal) self = NULL;
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *data = NULL;
  GStatBuf st;
  gsize size;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mc_restore_journal_recover (dir, error))
    return NULL;

  self = journal_new (dir);
  if (g_mkdir_with_parents (self->parent, 0700) != 0)
    {
      set_io_error (error, errno, self->parent);
      return NULL;
    }
  if (g_lstat (self->dir, &st) == 0)
    {
      self->has_old = TRUE;
      self->old_empty = S_ISDIR (st.st_mode) && is_empty_dir (self->dir);
      self->old_device = st.st_dev;
      self->old_inode = st.st_ino;
      self->aside = aside_path (self->dir);
    }

  g_key_file_set_boolean (key_file, GROUP, "has-old", self->has_old);
  if (self->has_old)
    {
      g_key_file_set_uint64 (key_file, GROUP, "old-device", (guint64) self->old_device);
      g_key_file_set_uint64 (key_file, GROUP, "old-inode", (guint64) self->old_inode);
      g_key_file_set_string (key_file, GROUP, "aside", self->aside);
    }
  data = g_key_file_to_data (key_file, &size, NULL);
  if (!write_journal (self, data, size, error))
    return NULL;

  /* Left by a crash before any journal was written (an older Meldcode). */
  if (g_file_test (self->staging, G_FILE_TEST_IS_DIR))
    remove_staging (self->staging);
  if (g_mkdir (self->staging, 0700) != 0)
    {
      int errsv = errno;

      g_unlink (self->journal);
      set_io_error (error, errsv, self->staging);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
mc_restore_journal_get_staging (McRestoreJournal *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->staging;
}

/* Gives up before the swap: the target was not touched. */
static gboolean
fail_before_swap (McRestoreJournal  *self,
                  int                errsv,
                  GError           **error)
{
  set_io_error (error, errsv, self->dir);
  mc_restore_journal_abort (self);
  return FALSE;
}

gboolean
mc_restore_journal_commit (McRestoreJournal  *self,
                           char             **out_aside,
                           GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sync_dir (self->staging);
  sync_dir (self->parent);

  if (!self->has_old || self->old_empty)
    {
      /* rename() replaces an empty folder in one step. */
      if (g_rename (self->staging, self->dir) != 0)
        return fail_before_swap (self, errno, error);
    }
  else if (renameat2 (AT_FDCWD, self->staging, AT_FDCWD, self->dir, RENAME_EXCHANGE) == 0)
    {
      sync_dir (self->parent);
      if (g_rename (self->staging, self->aside) != 0)
        {
          /* The new store is in place; the journal stays, and the next
           * start moves the old one aside. */
          g_debug ("Could not move %s aside: %s", self->staging, g_strerror (errno));
          if (out_aside != NULL)
            *out_aside = g_strdup (self->staging);
          journal_free (self);
          return TRUE;
        }
    }
  else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)
    {
      if (g_rename (self->dir, self->aside) != 0)
        return fail_before_swap (self, errno, error);
      sync_dir (self->parent);
      if (g_rename (self->staging, self->dir) != 0)
        {
          int errsv = errno;

          if (g_rename (self->aside, self->dir) == 0)
            return fail_before_swap (self, errsv, error);
          /* The journal puts one of them back at the next start. */
          set_io_error (error, errsv, self->dir);
          journal_free (self);
          return FALSE;
        }
    }
  else
    return fail_before_swap (self, errno, error);

  if (out_aside != NULL && self->has_old && !self->old_empty)
    *out_aside = g_strdup (self->aside);
  remove_journal (self);
  journal_free (self);
  return TRUE;
}

void
mc_restore_journal_abort (McRestoreJournal *self)
{
  g_return_if_fail (self != NULL);

  remove_staging (self->staging);
  remove_journal (self);
  journal_free (self);
}
