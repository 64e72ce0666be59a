/* mc-store.h: the encrypted case store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A store is a directory (mode 0700) with two files (mode 0600): cases.db,
 * an SQLCipher database encrypted with a random data key, and key, the key
 * file that keeps the data key wrapped under the passphrase and under the
 * recovery key (see mc-key-file.h). While a McStore is open it holds the
 * database open and the data key in locked memory; mc_store_close() locks
 * it again and wipes the key.
 *
 * Every change is saved when it is made, in its own transaction, together
 * with its row in the audit trail (see mc-audit.h). The model objects are
 * McRecord subclasses; the store reads and writes all of them through
 * their field tables.
 *
 * McStore::changed (gint64 case_id) is emitted after each saved change to
 * case data (case_id 0 after a batch), so lists can refresh.
 *
 * All functions but the async open run on the caller's thread and must
 * come from one thread at a time.
 */

#pragma once

#include <gio/gio.h>

#include "mc-audit.h"
#include "mc-case.h"
#include "mc-case-summary.h"
#include "mc-history.h"
#include "mc-key-file.h"
#include "mc-protocol.h"
#include "mc-record.h"

G_BEGIN_DECLS

#define MC_STORE_ERROR (mc_store_error_quark ())

typedef enum
{
  MC_STORE_ERROR_WRONG_PASSPHRASE,
  MC_STORE_ERROR_WRONG_RECOVERY_KEY,
  MC_STORE_ERROR_NOT_A_STORE,      /* missing folder, database or key file; a foreign file */
  MC_STORE_ERROR_CORRUPT,          /* damaged database, key file of another store, damaged backup */
  MC_STORE_ERROR_NEWER_SCHEMA,     /* made by a newer Meldcode; nothing was changed */
  MC_STORE_ERROR_LOCKED,           /* the store is closed, or busy in another program */
  MC_STORE_ERROR_IO,               /* disk full, read-only, no permission */
  MC_STORE_ERROR_EXISTS,           /* there is a store (or other files) where one would be made */
  MC_STORE_ERROR_NOT_FOUND,        /* no such case or record */
  MC_STORE_ERROR_INVALID,          /* a required field is empty or a value is not allowed */
  MC_STORE_ERROR_WEAK_PASSPHRASE,  /* see mc_passphrase_check() */
  /* not damaged, but written with other encryption settings (another
   * program, or a SQLCipher library's own defaults) */
  MC_STORE_ERROR_FOREIGN_FORMAT,
  /* a closed case, or a decision round after which another started: reopen
   * the case first; an earlier round stays as it is */
  MC_STORE_ERROR_READ_ONLY,
  /* a text longer than mc-limits.h allows, or a search SQLite cannot run:
   * input, not damage */
  MC_STORE_ERROR_TOO_LONG,
  /* not damaged: a store of an earlier version could not be brought up to
   * this version's schema (a table or index in the way that Meldcode did
   * not make, say); the step was rolled back, nothing was changed, and the
   * earlier version of Meldcode still opens it */
  MC_STORE_ERROR_NOT_MIGRATED,
} McStoreError;

GQuark mc_store_error_quark (void);

typedef enum
{
  MC_CASE_FILTER_ALL,
  MC_CASE_FILTER_OPEN,
  MC_CASE_FILTER_CLOSED,
  /* open cases with an open follow-up agreement due today or earlier */
  MC_CASE_FILTER_FOLLOW_UP_DUE,
  /* open cases where a step needs attention (against the store's
   * protocol, see mc_store_set_protocol()) */
  MC_CASE_FILTER_NEEDS_ATTENTION,
  /* closed cases whose retention period (mc_store_get_retention_policy(),
   * against the store's protocol) has run */
  MC_CASE_FILTER_DUE_FOR_DESTRUCTION,
} McCaseFilter;

typedef enum
{
  MC_RESTORE_FLAGS_NONE = 0,
  /* Move an existing store aside (to "<dir>.replaced-<UTC time>") rather
   * than refusing; it is never deleted. */
  MC_RESTORE_REPLACE    = 1 << 0,
} McRestoreFlags;

#define MC_TYPE_STORE (mc_store_get_type ())
G_DECLARE_FINAL_TYPE (McStore, mc_store, MC, STORE, GObject)

/* g_get_user_data_dir()/<application id>. */
char       *mc_store_get_default_dir              (void);
/* TRUE when @dir holds a database and a key file. */
gboolean    mc_store_exists                       (const char           *dir);

/* Makes a new store in @dir, which must be missing or empty
 * (MC_STORE_ERROR_EXISTS otherwise) and gets mode 0700. The recovery key is
 * returned once, for the user to write down. */
McStore    *mc_store_create                       (const char           *dir,
                                                   const char           *passphrase,
                                                   McKdfCost             cost,
                                                   char                **out_recovery_key,
                                                   GError              **error);
/* Opening runs the key derivation (about a second at MODERATE cost),
 * checks that the key reads the database (its first page and schema:
 * a wrong key or a damaged header), brings an older schema up to date and
 * works out the cases' states it left to do; a store of a newer version
 * is refused and left as it is. It does not read every page: that is
 * mc_store_integrity_check() (verify), or mc_store_check_async() in the
 * background. */
McStore    *mc_store_open                         (const char           *dir,
                                                   const char           *passphrase,
                                                   GError              **error);
McStore    *mc_store_open_with_recovery_key       (const char           *dir,
                                                   const char           *recovery_key,
                                                   GError              **error);
/* The same, in a worker thread, so the key derivation does not block the
 * main loop; both finish with mc_store_open_finish(). @actor (may be NULL:
 * the login name) is whom the audit trail names from the unlock row on, as
 * mc_store_set_actor() would. */
void        mc_store_open_async                   (const char           *dir,
                                                   const char           *passphrase,
                                                   const McAuditActor   *actor,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
void        mc_store_open_with_recovery_key_async (const char           *dir,
                                                   const char           *recovery_key,
                                                   const McAuditActor   *actor,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
McStore    *mc_store_open_finish                  (GAsyncResult         *result,
                                                   GError              **error);

/* Whether @passphrase opens the store in @dir
 * (MC_STORE_ERROR_WRONG_PASSPHRASE when not), e.g. before changing it.
 * Runs the key derivation and reads only the key file, so it may run in a
 * worker thread. */
gboolean    mc_store_check_passphrase             (const char           *dir,
                                                   const char           *passphrase,
                                                   GError              **error);
/* Re-wraps the data key under @new_passphrase (the recovery key stays
 * valid); the database is not re-encrypted. */
gboolean    mc_store_change_passphrase            (McStore              *self,
                                                   const char           *new_passphrase,
                                                   McKdfCost             cost,
                                                   GError              **error);
/* Logs the lock, closes the database and wipes the key. The store is
 * closed afterwards even on error; closing a closed store does nothing. */
gboolean    mc_store_close                        (McStore              *self,
                                                   GError              **error);
gboolean    mc_store_is_open                      (McStore              *self);
const char *mc_store_get_directory                (McStore              *self);

/* Who the audit trail names for what follows; until set, the login name. */
void        mc_store_set_actor                    (McStore              *self,
                                                   const char           *name,
                                                   const char           *role,
                                                   const char           *on_behalf_of);

/* Stores a new record (id 0) with all its fields and gives it its id. A
 * McCase gets a number ("2026-0001", per year) when it has none, status
 * "open" when unset; created/updated timestamps are set by the store. A
 * child record needs the id of a stored case (NOT_FOUND otherwise).
 *
 * A closed case does not change: inserting, updating or deleting one of
 * its records, or updating the case, fails with MC_STORE_ERROR_READ_ONLY
 * (deleting the whole case does not). A batch that inserts a case may add
 * its records even when it arrives closed (an import). Only the current
 * decision round changes: a decision, afwegingskader answer or meldnorm
 * override of an earlier (sealed) round is READ_ONLY too; one without a
 * round ("round" 0) is given the current round, a decision without a
 * kind "first". */
gboolean    mc_store_insert                       (McStore              *self,
                                                   McRecord             *record,
                                                   GError              **error);
/* Saves the current value of one property of @record: that column only,
 * the record's and its case's updated_at, and an audit row with the old
 * and the new value, in one transaction. Nothing is written when the value
 * is what is stored. A record that is not stored yet (id 0) is inserted.
 * (The store sets updated_at on @record, not on a McCase object of its
 * case: ::changed says when to read it again.) A field flagged
 * MC_FIELD_FLAG_FIXED (a case's status and closing fields, a round) is
 * refused with MC_STORE_ERROR_INVALID; a follow-up's "done" and "state"
 * are saved together. */
gboolean    mc_store_update_field                 (McStore              *self,
                                                   McRecord             *record,
                                                   const char           *property,
                                                   GError              **error);
/* Deletes @record (a McCase with all its records); the audit trail keeps
 * what was stored, one row per record. The decision of a round after the
 * first cannot be deleted (MC_STORE_ERROR_INVALID). */
gboolean    mc_store_delete                       (McStore              *self,
                                                   McRecord             *record,
                                                   GError              **error);

/* Closes @kase: status "closed", closed_at @on (NULL: today), the reason
 * (a protocol close-reason id; "other" needs a @note), the note and who
 * closed it (the actor's name and role), with an audit row (event
 * "close"), in one transaction. A closed case changes no more until it is
 * reopened. MC_STORE_ERROR_INVALID when it is closed already, without a
 * reason, or "other" without a note. @kase is updated to what is stored. */
gboolean    mc_store_close_case                   (McStore              *self,
                                                   McCase               *kase,
                                                   const char           *reason_id,
                                                   const char           *note,
                                                   const GDate          *on,
                                                   GError              **error);
/* Opens a closed case again (MC_STORE_ERROR_INVALID when it is open, or
 * without a @note, which says why): status "open", the closing fields
 * cleared; the audit row (event "reopen") keeps them and the note. */
gboolean    mc_store_reopen_case                  (McStore              *self,
                                                   McCase               *kase,
                                                   const char           *note,
                                                   GError              **error);
/* Seals the current decision round (its decision and answers no longer
 * change) and starts the next with a decision of @kind: "evaluation",
 * "report-again" or "reweigh". The current round needs a stored decision
 * (MC_STORE_ERROR_INVALID otherwise); a closed case is READ_ONLY. Both
 * changes are audited; @kase gets the sealed time and the new decision. */
gboolean    mc_store_start_round                  (McStore              *self,
                                                   McCase               *kase,
                                                   const char           *kind,
                                                   GError              **error);

/* The protocol the store holds each case against for the step, attention
 * and next due date that it keeps with the case for the case list (see
 * McCaseSummary). Until set, the built-in protocol. Set it right after
 * opening: states worked out with another protocol are worked out again
 * at the next list (for every case, once). */
void        mc_store_set_protocol                 (McStore              *self,
                                                   McProtocol           *protocol);
/* Works out again, and stores, the states that are not current: stale
 * ones, those of another protocol, and those of a client whose birthday
 * passed since. Cheap when there are none; mc_store_list_cases() calls
 * it. */
gboolean    mc_store_update_states                (McStore              *self,
                                                   GError              **error);
/* The case with all its records (see mc_case_get_children()). */
McCase     *mc_store_load_case                    (McStore              *self,
                                                   gint64                id,
                                                   GError              **error);
/* A GListModel of McCaseSummary, the most recently changed first. @search
 * (may be NULL) matches the client name or case number anywhere, ignoring
 * case and accents. Where each case stands (step, attention, due dates)
 * is what the store keeps with it, worked out against the store's
 * protocol (mc_store_set_protocol()). */
GListModel *mc_store_list_cases                   (McStore              *self,
                                                   McCaseFilter          filter,
                                                   const char           *search,
                                                   GError              **error);

/* The same list for a GtkListView of any length: the ids are read now
 * (from an index), each McCaseSummary only when asked for
 * (g_list_model_get_item()), while the store is open; see
 * mc-case-list.h. */
GListModel *mc_store_list_cases_lazily            (McStore              *self,
                                                   McCaseFilter          filter,
                                                   const char           *search,
                                                   GError              **error);
/* One case's summary, as a list has it (NOT_FOUND when there is none). */
McCaseSummary *mc_store_get_case_summary          (McStore              *self,
                                                   gint64                case_id,
                                                   GError              **error);
/* Runs the changes up to mc_store_commit_batch() in one transaction (an
 * import, many records at once); each change still writes its audit row.
 * After a rollback, records inserted in the batch keep ids that are not
 * stored: load them again. */
gboolean    mc_store_begin_batch                  (McStore              *self,
                                                   GError              **error);
gboolean    mc_store_commit_batch                 (McStore              *self,
                                                   GError              **error);
void        mc_store_rollback_batch               (McStore              *self);

/* For what the store does not see itself: export, print, import. @case_id
 * is 0 when the event is not about one case; @detail (may be NULL) is
 * stored as the new value, e.g. the file written. */
gboolean    mc_store_log_event                    (McStore              *self,
                                                   McAuditEvent          event,
                                                   gint64                case_id,
                                                   const char           *detail,
                                                   GError              **error);
/* FALSE with MC_STORE_ERROR_CORRUPT when a row of the audit trail was
 * edited, inserted or removed; *@first_bad_row_id is the first row that
 * does not check out (for rows removed at the end: the first one missing).
 * 0 when the trail is intact. */
gboolean    mc_store_verify_audit                 (McStore              *self,
                                                   gint64               *first_bad_row_id,
                                                   GError              **error);
/* FALSE with MC_STORE_ERROR_CORRUPT, and a message that says what was
 * found, when the database is older than the anchor of its audit trail in
 * the key file (copied back from an earlier state, or its newest audit
 * rows removed), or the anchor itself does not check out. The anchor as
 * the file holds it now: *@out_counter is how often it was written (0: not
 * yet, as in a store not opened since Meldcode 0.2), *@out_row_count the
 * rows it records. */
gboolean    mc_store_verify_anchor                (McStore              *self,
                                                   guint64              *out_counter,
                                                   gint64               *out_row_count,
                                                   GError              **error);
/* What the store has to tell its user since it was opened, once: a folder
 * or file that was open to other users and was made private, a database
 * older than its key file, a change the audit trail could not record. A
 * NULL-terminated array, empty when there is nothing. */
char      **mc_store_take_notices                 (McStore              *self);
/* The audit rows of case @case_id, newest first, as a GPtrArray of
 * McHistoryEntry (see mc-history.h): every change to the case and its
 * records, and its exports, prints and import. NOT_FOUND when there is no
 * such case. */
GPtrArray  *mc_store_list_case_history            (McStore              *self,
                                                   gint64                case_id,
                                                   GError              **error);
/* The full SQLite integrity check; MC_STORE_ERROR_CORRUPT when it fails. */
gboolean    mc_store_integrity_check              (McStore              *self,
                                                   GError              **error);
/* The same on a connection of its own in a worker thread, while the
 * store goes on being used (the app runs it after unlocking). */
void        mc_store_check_async                  (McStore              *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean    mc_store_check_finish                 (McStore              *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Writes one file (see mc-backup.h) with an encrypted copy of the database
 * and the key file, atomically, mode 0600, through mc_output_file_write():
 * never over a store's files or a special file
 * (MC_OUTPUT_FILE_ERROR_REFUSED), and the audit row before the rename. It opens with the passphrase of
 * the time of the backup, or with the recovery key. */
gboolean    mc_store_backup                       (McStore              *self,
                                                   const char           *path,
                                                   GError              **error);
/* What a crash may have left at @dir, dealt with before it is used (done
 * by every open; the app and the CLI call it before they look for a
 * store): a restore cut short is finished or rolled back (see
 * mc-restore-journal.h), and the temporary files of exports and backups
 * whose writer died are removed (see mc-output-file.h). */
void        mc_store_recover                      (const char           *dir);
/* Restores a backup into @dir with its passphrase or (@is_recovery_key)
 * the recovery key, checking that the copy opens and passes the integrity
 * check before it takes the place of @dir. An existing store or any other
 * file in @dir is refused (MC_STORE_ERROR_EXISTS) unless @flags has
 * MC_RESTORE_REPLACE; a @dir inside a store's folder, or that is not a
 * folder, is refused (MC_OUTPUT_FILE_ERROR_REFUSED). At every moment @dir
 * is the old folder or the restored store (see mc-restore-journal.h).
 * Close a store before restoring over it. */
gboolean    mc_store_restore                      (const char           *backup_path,
                                                   const char           *dir,
                                                   const char           *secret,
                                                   gboolean              is_recovery_key,
                                                   McRestoreFlags        flags,
                                                   GError              **error);

G_END_DECLS
