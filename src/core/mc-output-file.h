/* mc-output-file.h: files Meldcode writes for the user (exports, backups)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three promises for every file written where the user points:
 *
 * - It never writes over what it must not: a path inside a store folder
 *   (any folder that holds a key file or a database: the folder itself
 *   and every folder above is looked at), an existing key file anywhere
 *   (known by its header), a backup (unless a backup replaces it), and
 *   anything that is not a regular file or a new name (devices, fifos, sockets,
 *   folders, symlinks to those) are refused with
 *   MC_OUTPUT_FILE_ERROR_REFUSED before anything is written. A symlink to
 *   a regular file is followed: the file it points to is replaced.
 * - It is atomic: the contents go into a temporary file in the target's
 *   folder (".<name>.meldcode-tmp-XXXXXXXXXXXX", mode 0600), are synced,
 *   the caller's @before_rename (the audit row) runs, and only then does a
 *   rename() put the file in place and the folder is synced. The user's
 *   existing file is untouched until that rename; when anything fails,
 *   the temporary file is removed and the old file stays.
 * - Nothing is left behind by a crash: before the temporary file is made,
 *   its path goes into a journal entry in the store folder
 *   ("pending-output-XXXXXX", locked with flock() for as long as the write
 *   runs). mc_output_file_clean_up() removes the temporary files of
 *   entries whose writer died (the lock is free) and then the entries.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_OUTPUT_FILE_ERROR (mc_output_file_error_quark ())

typedef enum
{
  /* the path may not be written (wrong use, nothing was touched) */
  MC_OUTPUT_FILE_ERROR_REFUSED,
  /* cannot write: no such folder, no permission, disk full */
  MC_OUTPUT_FILE_ERROR_IO,
} McOutputFileError;

typedef enum
{
  MC_OUTPUT_FILE_NONE           = 0,
  /* a backup may replace a backup; an export never does */
  MC_OUTPUT_FILE_REPLACE_BACKUP = 1 << 0,
} McOutputFileFlags;

GQuark   mc_output_file_error_quark  (void);

/* Runs after the contents are synced and before the rename; FALSE (with
 * @error set) means no file. @path is the path as given. */
typedef gboolean (*McOutputFileCommitFunc) (const char  *path,
                                             gpointer     user_data,
                                             GError     **error);

/* Whether @path may be written (see above). */
gboolean mc_output_file_check        (const char              *path,
                                      McOutputFileFlags        flags,
                                      GError                 **error);
/* Whether @dir may become a store folder (restore --into): not inside a
 * store folder, and a folder or a new name. Whether a store already there
 * may be replaced is the caller's question. */
gboolean mc_output_file_check_folder (const char              *dir,
                                      GError                 **error);
/* TRUE when @dir holds a key file (by its header) or a database. */
gboolean mc_output_file_is_store_dir (const char              *dir);

/* Writes @contents to @path as described above, with its journal entry in
 * @journal_dir (the store folder, which must exist). */
gboolean mc_output_file_write        (const char              *journal_dir,
                                      const char              *path,
                                      McOutputFileFlags        flags,
                                      GBytes                  *contents,
                                      McOutputFileCommitFunc   before_rename,
                                      gpointer                 user_data,
                                      GError                 **error);

/* Removes what writes that died left behind (see above); returns how many
 * temporary files were removed. Never touches a write that still runs. */
guint    mc_output_file_clean_up     (const char              *journal_dir);

G_END_DECLS
