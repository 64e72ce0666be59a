/* mc-restore-journal.h: putting a restored store in a folder's place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A restore fills a staging folder beside the target, "<parent>/.<name>.restore-new",
 * and only then puts it in the target's place. At every instant the
 * target is either the old folder or the new one: with renameat2()'s
 * RENAME_EXCHANGE the two swap in one step, and the old one (now at the
 * staging name) is then renamed to "<dir>.replaced-<UTC time>". It is
 * never deleted. A target that is missing or an empty folder is replaced by
 * one rename(). On a file system without RENAME_EXCHANGE the old folder is
 * moved aside first, which leaves a moment with no folder at the target.
 *
 * Before the staging folder is made, a journal, "<parent>/.<name>.restore-journal",
 * records the device and inode of what is at the target and the aside
 * path. mc_restore_journal_recover() reads it at the next start: when the
 * target is still the recorded folder, the restore did not happen and the
 * staging folder is removed (rolled back); when it is another folder, the
 * swap happened and the old folder is moved aside (finished); when the
 * target is missing, the staging folder (complete by then) or else the old
 * folder is put back at the target. Errors are MC_STORE_ERROR_IO.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _McRestoreJournal McRestoreJournal;

/* Finishes or rolls back an interrupted restore into @dir; TRUE when there
 * was none. */
gboolean          mc_restore_journal_recover      (const char        *dir,
                                                   GError           **error);
/* Recovers first, writes the journal and makes the empty staging folder
 * (mode 0700). */
McRestoreJournal *mc_restore_journal_begin        (const char        *dir,
                                                   GError           **error);
const char       *mc_restore_journal_get_staging  (McRestoreJournal  *self);
/* Puts the staging folder in the target's place; the old folder, if there
 * was one that was not empty, ends in *@out_aside (may be NULL). Frees
 * @self. */
gboolean          mc_restore_journal_commit       (McRestoreJournal  *self,
                                                   char             **out_aside,
                                                   GError           **error);
/* Removes the staging folder and the journal; the target is untouched.
 * Frees @self. */
void              mc_restore_journal_abort        (McRestoreJournal  *self);

G_END_DECLS
