/* mc-store-schema.h: the tables of a store and their migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PRAGMA user_version is the schema version. Each version has one
 * migration function that brings the version before it up, run in its own
 * transaction together with the new user_version, so a crash leaves the
 * database at one version or the next. Version 0 is an empty database.
 *
 * 1: cases, the step records, the audit trail and its triggers
 * 2: follow-up agreements
 * 3: a folded search key on cases (so search ignores case and accents
 *    without folding every row per query) and an index for the case list
 * 4: decision rounds (decisions and afweging_answers per round, sealed
 *    rounds kept by triggers), meldnorm overrides, how a case was closed and
 *    a linked case, the person of a conversation, the status of an
 *    interpretation, the owner and state of a follow-up agreement
 * 5: each case's step and attention state kept in its row, and the FTS4
 *    search index (mc-store-state.c)
 * 6: retention and destruction: case keys (the audit trail's values about
 *    a case sealed under them, see mc-audit.h), the destruction register,
 *    purges still to do; needs mc_audit_register_sealing() on the
 *    connection
 * 7: the organisation's settings that travel with the store (settings):
 *    the retention period (mc-store-retention-policy.c)
 * 8: cases received in a case file (mc-store-transfer.h): where each came
 *    from (case_origins) and the history it brought (received_history),
 *    both only new tables
 * 9: what Veilig Thuis's form asks (issue 15): a person's address, gezag,
 *    school or day care and "open melden" per person; the support network
 *    and other information of a case; the "niet voor de familie" marks
 * 10: cases_list, a covering index of the case list in its order (issue
 *    18): the full list reads it rather than the cases table, unsorted
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define MC_STORE_SCHEMA_VERSION 10

/* The SQL functions the schema's triggers call; every connection that
 * writes cases registers them first. */
int   mc_store_schema_register_functions (sqlite3    *db);

/* The schema version of @db in *@version. */
int   mc_store_schema_get_version        (sqlite3    *db,
                                          guint      *version);

/* What a failed migration step said, taken before its rollback (which
 * clears the connection's error). */
typedef struct
{
  guint  from_version;  /* the version the failed step started from */
  int    sys_errno;     /* sqlite3_system_errno() at the failure */
  char  *message;       /* SQLite's message, or NULL (free with g_free()) */
} McStoreSchemaFailure;

/* Runs the migrations after the current version up to @target_version
 * (at most MC_STORE_SCHEMA_VERSION), each in a transaction. A step that
 * fails is rolled back, so the database stays at the version before it;
 * @failure (may be NULL) then says which step and why. */
int   mc_store_schema_migrate            (sqlite3              *db,
                                          guint                 target_version,
                                          McStoreSchemaFailure *failure);
void  mc_store_schema_failure_clear      (McStoreSchemaFailure *failure);

/* Lowercase, without accents, compatibility-normalized: "Émile" and
 * "emile" fold alike. What the search key holds and what a search is
 * folded to. */
char *mc_store_fold_for_search           (const char *text);

/* What the search index (FTS4) holds for a search key: every suffix of
 * every word, so that a prefix query finds text anywhere in a word. */
char *mc_store_search_terms              (const char *key);
/* The FTS4 query for a folded search: each of its words as a prefix
 * ("van* leeuw*"). Every case whose search key holds @folded matches it
 * (and some more: check with LIKE). NULL when @folded has no words. */
char *mc_store_search_match              (const char *folded);
/* Whether the cases that match mc_store_search_match (@folded) are exactly
 * those whose search key holds @folded: one word (no separator before,
 * in or after it) no longer than a term of the index. Then the check
 * with LIKE can be left out. */
gboolean mc_store_search_is_exact        (const char *folded);

G_END_DECLS
