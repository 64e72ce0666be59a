/* mc-audit.h: the audit trail of a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change to case data and every opening of a case, unlock, lock,
 * backup, restore, export and print adds a row to the audit_log table, with the fields NEN
 * 7513 asks for: event, time (UTC), case, user, role and on whose behalf.
 * Triggers refuse UPDATE and DELETE on the table, but whoever holds the key
 * can drop them; the real guard is a chain: each row carries a keyed
 * BLAKE2b over a length-prefixed encoding of its content and the previous
 * row's hash, and a one-row audit_head table (updated in the same
 * transaction and MAC'd the same way) records the last row and the count,
 * so an edited, inserted, removed or cut-off row shows; the first row
 * records the creation of the store, so a trail wiped whole and begun again
 * shows too. The MAC key is a subkey of the data key.
 *
 * The old and new values of a row about a case are sealed
 * (XChaCha20-Poly1305) under that case's own random key, which the store
 * keeps wrapped under another subkey of the data key in the table
 * case_keys; the chain covers the sealed bytes. Destroying a case deletes
 * its key: the rows stay, the chain still verifies, and what they said
 * about the case can no longer be read (crypto-shredding; see HACKING.md).
 *
 * The McAudit functions work inside the caller's transaction and return an
 * SQLite result code; mc-store maps them to errors.
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "mc-key-file.h"

G_BEGIN_DECLS

typedef enum
{
  MC_AUDIT_EVENT_CREATE,
  MC_AUDIT_EVENT_CHANGE,
  MC_AUDIT_EVENT_DELETE,
  MC_AUDIT_EVENT_EXPORT,
  MC_AUDIT_EVENT_PRINT,
  MC_AUDIT_EVENT_BACKUP,
  MC_AUDIT_EVENT_RESTORE,
  MC_AUDIT_EVENT_UNLOCK,
  MC_AUDIT_EVENT_LOCK,
  MC_AUDIT_EVENT_IMPORT,
  /* A case was opened to be read (NEN 7513 logs access, not only changes). */
  MC_AUDIT_EVENT_VIEW,
  /* A case was closed or reopened (mc_store_close_case(),
   * mc_store_reopen_case()); the values are "column=value" lines. */
  MC_AUDIT_EVENT_CLOSE,
  MC_AUDIT_EVENT_REOPEN,
  /* A case was destroyed (mc_store_destroy_case()); no values: the
   * destruction register says why. */
  MC_AUDIT_EVENT_DESTROY,
} McAuditEvent;

/* "create", "change", …: the text stored in the event column. New events
 * go at the end: rows name them by that text, never by number. */
#define MC_AUDIT_EVENT_LAST MC_AUDIT_EVENT_DESTROY
const char *mc_audit_event_to_string (McAuditEvent event);

typedef struct
{
  McAuditEvent  event;
  gint64        case_id;     /* 0: not about one case */
  const char   *entity;      /* table name, or NULL */
  gint64        entity_id;   /* 0: none */
  const char   *field;       /* column name, or NULL */
  const char   *old_value;
  const char   *new_value;
} McAuditEntry;

typedef struct
{
  const char *user_name;
  const char *user_role;
  const char *on_behalf_of;
} McAuditActor;

typedef struct _McAudit McAudit;

/* Derives the MAC key from @data_key; @db must outlive the McAudit, which
 * keeps prepared statements on it (free it before closing @db). */
McAudit *mc_audit_new    (sqlite3             *db,
                          const McSecret      *data_key);
void     mc_audit_free   (McAudit             *self);

int      mc_audit_append (McAudit             *self,
                          const McAuditActor  *actor,
                          const McAuditEntry  *entry);
/* SQLITE_OK with *@intact TRUE when the whole chain checks out; with
 * *@intact FALSE, *@first_bad_row_id is the first row that is wrong (for
 * rows cut off at the end: the first missing one). */
int      mc_audit_verify (McAudit             *self,
                          gboolean            *intact,
                          gint64              *first_bad_row_id);

/* The head as audit_head records it: *@valid is FALSE when there is none
 * yet, or when its MAC does not check out. */
int      mc_audit_read_head (McAudit          *self,
                             gboolean         *valid,
                             gint64           *last_id,
                             gint64           *row_count,
                             guint8            last_hash[32]);

/* What a stored value of a row reads as. */
typedef enum
{
  MC_AUDIT_VALUE_NONE,        /* NULL */
  MC_AUDIT_VALUE_READABLE,    /* plaintext, or sealed and opened */
  MC_AUDIT_VALUE_SHREDDED,    /* sealed under the key of a destroyed case */
  MC_AUDIT_VALUE_DAMAGED,     /* sealed, and the key does not open it */
} McAuditValueState;

/* The key of the case whose values a caller reads, unwrapped once for
 * all of them (a case's history): unwrapping allocates the key in secure
 * memory (sodium_malloc: mmap, mlock, mprotect), which cost more than
 * opening the value. Start it zeroed (MC_AUDIT_CASE_KEYS_INIT), use it
 * inside one read transaction, and clear it after, which wipes the key. */
typedef struct
{
  gint64    case_id;  /* the case looked up; 0: none yet */
  int       rc;       /* SQLITE_OK, or SQLITE_CORRUPT: the key does not unwrap */
  McSecret *key;      /* NULL when the case has no key (destroyed) */
} McAuditCaseKeys;

#define MC_AUDIT_CASE_KEYS_INIT { 0, 0, NULL }

void     mc_audit_case_keys_clear (McAuditCaseKeys  *keys);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McAuditCaseKeys, mc_audit_case_keys_clear)

/* Column @column of @stmt, a value of audit row @row_id about @case_id (0:
 * none), the new value when @is_new: *@text (NULL unless READABLE) is the
 * plaintext. Works inside the caller's read transaction. @keys (may be
 * NULL) keeps the case's key for the next value. */
int      mc_audit_read_value   (McAudit             *self,
                                McAuditCaseKeys     *keys,
                                sqlite3_stmt        *stmt,
                                int                  column,
                                gint64               row_id,
                                gint64               case_id,
                                gboolean             is_new,
                                char               **text,
                                McAuditValueState   *state);
/* Deletes the key of case @case_id inside the caller's transaction; the
 * rows sealed under it can never be read again. */
int      mc_audit_shred_case   (McAudit             *self,
                                gint64               case_id);

/* Registers the SQL function mc_audit_seal_log() on @db, which the schema
 * 5 migration calls: it checks the chain, seals every plaintext value of a
 * row about a case under a new key for that case, and computes the chain
 * again over the sealed bytes (an intact chain stays intact; a broken one
 * stays broken at the same row). Unregister before freeing @audit. */
int      mc_audit_register_sealing   (McAudit       *audit);
void     mc_audit_unregister_sealing (McAudit       *audit);

/* For the tests, which read the database below the store: registers
 * mc_audit_open(id, case_id, is_new, value) on @db, the value's plaintext,
 * or NULL when it does not open (a destroyed case's). */
int      mc_audit_register_open_function (sqlite3        *db,
                                          const McSecret *data_key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAudit, mc_audit_free)

G_END_DECLS
