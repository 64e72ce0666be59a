/* mc-store-internal.h: what the files of McStore share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * McStore is one object in five files: mc-store.c (the object, opening,
 * keying, closing, backup and restore), mc-store-db.c (the connection
 * helpers the others use), mc-store-records.c (saving and loading records),
 * mc-store-lifecycle.c (closing and reopening a case, decision rounds) and
 * mc-store-query.c (the case list, a case's history, the audit trail).
 * Not installed, and not for the tests: they reach below the API through
 * mc-store-private.h, so the struct can change without touching them.
 */

#pragma once

#include <sqlite3.h>

#include "mc-retention.h"
#include "mc-store.h"

G_BEGIN_DECLS

struct _McStore
{
  GObject     parent_instance;

  char       *dir;
  sqlite3    *db;             /* NULL once closed */
  McKeyFile  *key_file;
  McSecret   *data_key;
  McAudit    *audit;
  GHashTable *statements;     /* SQL text -> sqlite3_stmt */
  gboolean    in_batch;
  GHashTable *batch_cases;    /* gint64 ids of the cases the batch inserted, or NULL */

  char       *actor_name;
  char       *actor_role;
  char       *actor_on_behalf_of;

  GPtrArray  *notices;        /* char *, for mc_store_take_notices(), or NULL */
  /* What the cases' states are worked out with (mc-store-state.c); NULL:
   * the built-in protocol. */
  McProtocol *protocol;
  char       *state_key;      /* or NULL: not asked for yet */
  int         search_index;   /* cases_search: 1 there, -1 not, 0 not asked */

  /* The full checks running in worker threads (mc_store_check_async()),
   * each on a connection of its own with a copy of the key: closing the
   * store stops them and waits until none runs (mc-store.c). */
  GMutex      checks_lock;
  GCond       checks_done;
  GPtrArray  *checks;         /* CheckData *, from scheduled to done */
};

/* Statements from the cache are borrowed: the cleanup only resets them. */
typedef sqlite3_stmt CachedStmt;

static inline void
cached_stmt_release (CachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, cached_stmt_release)

/* The files of a store folder. */
#define DB_NAME "cases.db"
#define KEY_NAME "key"

/* mc-store.c */
void        mc_store_emit_changed         (McStore             *self,
                                           gint64               case_id);
/* @name in the store folder @dir. */
char       *mc_store_path                 (const char          *dir,
                                           const char          *name);
/* A missing folder, or an empty one: where a store can go. */
gboolean    mc_store_is_free_place        (const char          *dir);
/* FALSE, with MC_STORE_ERROR_IO saying what @saved_errno means for
 * @path (a full disk in words of its own). */
gboolean    mc_store_set_io_error         (GError             **error,
                                           int                  saved_errno,
                                           const char          *path);
/* FALSE, with @key_error (taken) in the store's error classes. */
gboolean    mc_store_propagate_key_file_error (GError         **error,
                                               GError          *key_error);
/* Opens the database of @dir with @data_key, checks and migrates it, and
 * logs @opening; takes @key_file and @data_key. */
McStore    *mc_store_open_database        (const char          *dir,
                                           McKeyFile           *key_file,
                                           McSecret            *data_key,
                                           const McAuditEntry  *opening,
                                           const McAuditActor  *actor,
                                           GError             **error);

/* mc-store-db.c */
gboolean    mc_store_set_sqlite_error     (GError             **error,
                                           sqlite3             *db,
                                           int                  rc);
/* The same with the message and system error number taken before they
 * were cleared (a rollback clears them); @db is asked only for the
 * extended code of a constraint. */
gboolean    mc_store_set_sqlite_error_full (GError            **error,
                                           sqlite3             *db,
                                           int                  rc,
                                           const char          *message,
                                           int                  sys_errno);
/* The code @rc is: a plain SQLITE_ERROR whose @message is another code's
 * (a function such as sqlcipher_export() reporting its own failure), or
 * that came with a full disk, is that code. */
int         mc_store_classify_sqlite_error (int                 rc,
                                           const char          *message,
                                           int                  sys_errno);
/* MC_STORE_ERROR_READ_ONLY for a closed case, and for a sealed decision
 * round; they return FALSE. */
gboolean    mc_store_set_case_closed_error (GError            **error);
gboolean    mc_store_set_sealed_error     (GError             **error);
gboolean    mc_store_ensure_open          (McStore             *self,
                                           GError             **error);
CachedStmt *mc_store_prepare_cached       (McStore             *self,
                                           const char          *sql,
                                           GError             **error);
gboolean    mc_store_exec_sql             (sqlite3             *db,
                                           const char          *sql,
                                           GError             **error);
gboolean    mc_store_transaction_begin    (McStore             *self,
                                           GError             **error);
void        mc_store_transaction_rollback (McStore             *self);
gboolean    mc_store_transaction_commit   (McStore             *self,
                                           GError             **error);
gboolean    mc_store_read_begin           (McStore             *self,
                                           GError             **error);
void        mc_store_read_end             (McStore             *self);
gboolean    mc_store_audit                (McStore             *self,
                                           McAuditEvent         event,
                                           gint64               case_id,
                                           const char          *entity,
                                           gint64               entity_id,
                                           const char          *field,
                                           const char          *old_value,
                                           const char          *new_value,
                                           GError             **error);
/* One audit row in its own transaction (a savepoint in a batch). Not
 * mc_store_log_event(): that is the public API, for a caller's events. */
gboolean    mc_store_log_entry            (McStore             *self,
                                           const McAuditEntry  *entry,
                                           GError             **error);

/* mc-store-search.c, inside a read transaction */
/* Appends to @ids the cases of @status (NULL: all) whose search key holds
 * @search, most recently changed first, from the search index: @match is
 * mc_store_search_match() of the folded @search. */
gboolean    mc_store_search_list_ids      (McStore             *self,
                                           const char          *status,
                                           const char          *search,
                                           const char          *match,
                                           GArray              *ids,
                                           GError             **error);

/* mc-store-guard.c */
void        mc_store_add_notice           (McStore             *self,
                                           const char          *notice);
/* Makes the folder 0700 and its files 0600 when they are open to others;
 * returns the notices (char *) that say so. */
GPtrArray  *mc_store_guard_fix_modes      (const char          *dir);
/* After a commit (outside any transaction): the audit chain's head into
 * the key file's anchor, when it extends the anchored chain. Failures are
 * logged only: the commit stands. */
void        mc_store_guard_anchor         (McStore             *self);
/* On open: FALSE, with a notice, when the database is older than the
 * anchor in the key file. */
gboolean    mc_store_guard_check_on_open  (McStore             *self);

/* mc-store-records.c, inside the caller's transaction */
/* Inserts @record with its audit row. @values (one per field) gets the
 * text stored, for the caller to set on the record after the commit.
 * @guarded: refuse a record of a closed case or of a round other than the
 * current one (what every caller but mc_store_start_round() wants). */
gboolean    mc_store_insert_record        (McStore             *self,
                                           McRecord            *record,
                                           const char          *now,
                                           gboolean             guarded,
                                           gint64              *out_id,
                                           char               **values,
                                           GError             **error);
/* Stores @new_value in @field of the stored @record with its audit row;
 * *@changed is FALSE when it was stored already. No checks. */
gboolean    mc_store_update_column        (McStore             *self,
                                           McRecord            *record,
                                           const McField       *field,
                                           const char          *new_value,
                                           const char          *now,
                                           gboolean            *changed,
                                           GError             **error);
/* NOT_FOUND when there is no such case. */
/* FALSE with MC_STORE_ERROR_READ_ONLY when the stored case is closed,
 * unless the current batch inserted it (an import writes a case whole). */
gboolean    mc_store_check_case_open      (McStore             *self,
                                           gint64               case_id,
                                           GError             **error);
gboolean    mc_store_read_case_status     (McStore             *self,
                                           gint64               case_id,
                                           gboolean            *closed,
                                           GError             **error);
/* The highest round with a decision, 1 when there is none. */
gboolean    mc_store_read_current_round   (McStore             *self,
                                           gint64               case_id,
                                           gint64              *round,
                                           GError             **error);

/* mc-store-records.c: the case and its records, inside the caller's
 * transaction (read or write). */
McCase     *mc_store_load_case_in_transaction (McStore          *self,
                                               gint64            id,
                                               GError          **error);

/* mc-store-retention-policy.c: whether the closed case row "c" is due for
 * destruction: the date mc_retention_destroy_on() gives, worked out by
 * SQLite, whose date (…, '+N years') also makes 29 February 1 March in a
 * common year, held against today. Its named parameters are bound with
 * mc_store_bind_retention(); unbound, nothing is due. The dates are used
 * only when they are valid as they stand, as mc_date_from_iso8601() asks. */
#define MC_RETENTION_VALID_DAY(column) \
  "CASE WHEN date (substr (" column ", 1, 10)) = substr (" column ", 1, 10) THEN substr (" column ", 1, 10) END"
#define MC_RETENTION_DUE_SQL \
  "(c.status = 'closed' AND date (max (" MC_RETENTION_VALID_DAY ("c.closed_at") "," \
  "   CASE WHEN :retention_majority THEN coalesce (date (" MC_RETENTION_VALID_DAY ("c.birth_date") "," \
  "     '+" G_STRINGIFY (MC_RETENTION_MAJORITY_AGE) " years'), '') ELSE '' END)," \
  "   '+' || :retention_years || ' years') <= :retention_today)"

/* Binds @policy and @today ("YYYY-MM-DD") to MC_RETENTION_DUE_SQL's
 * parameters in @stmt. */
void        mc_store_bind_retention       (sqlite3_stmt            *stmt,
                                           const McRetentionPolicy *policy,
                                           const char              *today);
/* The policy as mc_store_get_retention_policy() has it, inside the
 * caller's transaction, if any. */
gboolean    mc_store_read_retention_policy (McStore                *self,
                                            McProtocol             *protocol,
                                            McRetentionPolicy      *policy,
                                            gboolean               *from_store,
                                            GError                **error);

/* mc-store-query.c: whether the database has the FTS4 search index. */
gboolean    mc_store_has_search_index     (McStore             *self);
/* mc-store-query.c: each row of the list mc_store_list_cases() makes, as
 * @func's borrowed fields (valid during the call), in one read
 * transaction. In the table's order (not sorted), unless @sorted is not
 * NULL: then, without a search or a state filter and with every state
 * current, in the list's order from its index (cases_list), and *@sorted
 * says which it was. */
typedef void (*McStoreCaseRowFunc) (const McCaseSummaryFields *fields,
                                    gpointer                   user_data);
gboolean    mc_store_read_case_rows       (McStore             *self,
                                           McCaseFilter         filter,
                                           const char          *search,
                                           McStoreCaseRowFunc   func,
                                           gpointer             user_data,
                                           gboolean            *sorted,
                                           GError             **error);

/* mc-store-state.c */
typedef struct
{
  guint     step;
  gboolean  attention;
  char     *next_due;   /* "YYYY-MM-DD" or NULL */
  char     *next_follow_up;
  char     *until;      /* "YYYY-MM-DD" or NULL */
  const char *outcome;  /* a static string */
} McCaseState;

void        mc_case_state_clear           (McCaseState         *state);
/* Starts reading the built-in protocol in a thread of its own, once. */
void        mc_store_state_preload        (void);
McProtocol *mc_store_state_get_protocol   (McStore             *self);
/* What a stored state must say (state_key) to be current. */
const char *mc_store_state_get_key        (McStore             *self);
/* The state of @kase, worked out now. */
void        mc_store_state_compute        (McStore             *self,
                                           McCase              *kase,
                                           const GDate         *today,
                                           McCaseState         *state);
/* Inside the caller's write transaction: works out and stores the state
 * of every case marked stale (state_key NULL). */
gboolean    mc_store_state_refresh_stale  (McStore             *self,
                                           GError             **error);
/* Whether a stored state (its key and until) holds on @today. */
gboolean    mc_store_state_is_current     (McStore             *self,
                                           const char          *key,
                                           const char          *until,
                                           const char          *today);

G_END_DECLS
