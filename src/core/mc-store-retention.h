/* mc-store-retention.h: cases due for destruction, destroying a case, the
 * destruction register and the access log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Destroying a case (mc_store_destroy_case()) deletes the case and all its
 * records, deletes its key (so what the audit trail says about it can no
 * longer be read; the rows stay and the chain still verifies), writes a
 * tombstone in the destruction register (case number, dates, who and
 * why) and an audit row, in one transaction. secure_delete (on for every
 * connection) overwrites the deleted cells and freed pages with zeroes;
 * then the purge checkpoints (TRUNCATE), so the WAL's older frames, which
 * still hold the content, are gone too. A purge that is cut short is done
 * again at the next opening.
 *
 * A backup made before the destruction still holds the case.
 */

#pragma once

#include "mc-protocol.h"
#include "mc-retention.h"
#include "mc-store.h"

G_BEGIN_DECLS

/* The organisation's retention period. The preferences store it in the
 * store itself (its settings table), so that it travels with the store and
 * its backups and the application and the command line both read it; a
 * store where it was never chosen keeps to @protocol's <retention> (NULL:
 * the protocol given with mc_store_set_protocol(), else the built-in one).
 * *@from_store (may be NULL) says whether the store's setting applied. */
gboolean    mc_store_get_retention_policy     (McStore                  *self,
                                               McProtocol               *protocol,
                                               McRetentionPolicy        *policy,
                                               gboolean                 *from_store,
                                               GError                  **error);

/* Stores @policy as the organisation's (years from 1 to
 * MC_RETENTION_MAX_YEARS; MC_STORE_ERROR_INVALID otherwise) and writes an
 * audit row with the period before and after; nothing when it is the
 * stored one already. */
gboolean    mc_store_set_retention_policy     (McStore                  *self,
                                               const McRetentionPolicy  *policy,
                                               GError                  **error);

typedef struct
{
  gint64  case_id;
  char   *number;
  char   *client_name;
  char   *closed_on;     /* "YYYY-MM-DD" */
  char   *destroy_on;    /* "YYYY-MM-DD" */
} McRetentionItem;

void        mc_retention_item_free            (McRetentionItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McRetentionItem, mc_retention_item_free)

/* The closed cases whose destruction date under @policy is on or before
 * @today ("YYYY-MM-DD", NULL: today), the earliest first: a GPtrArray of
 * McRetentionItem. The same query as MC_CASE_FILTER_DUE_FOR_DESTRUCTION's
 * (MC_RETENTION_DUE_SQL). */
GPtrArray  *mc_store_list_due_for_destruction (McStore                  *self,
                                               const McRetentionPolicy  *policy,
                                               const char               *today,
                                               GError                  **error);

/* The destruction date of case @case_id under @policy in *@destroy_on, NULL
 * for an open case. NOT_FOUND when there is no such case. */
gboolean    mc_store_get_destroy_on           (McStore                  *self,
                                               gint64                    case_id,
                                               const McRetentionPolicy  *policy,
                                               char                    **destroy_on,
                                               GError                  **error);

typedef enum
{
  MC_DESTROY_EXPIRED,     /* the retention period has run */
  MC_DESTROY_REQUEST,     /* the client asked (AVG art. 17, WGBO art. 7:455) */
} McDestroyReason;

typedef enum
{
  MC_DESTROY_FLAGS_NONE = 0,
  /* The user confirmed a second time that a case that is open, or whose
   * period has not run, is to be destroyed on request. */
  MC_DESTROY_CONFIRMED_EARLY = 1 << 0,
} McDestroyFlags;

/* Whether destroying @case_id now, on request, needs the second
 * confirmation: the case is open or its period under @policy has not run.
 * NOT_FOUND when there is no such case. */
gboolean    mc_store_destruction_is_early     (McStore                  *self,
                                               gint64                    case_id,
                                               const McRetentionPolicy  *policy,
                                               gboolean                 *early,
                                               GError                  **error);

/* Destroys case @case_id (see above). MC_STORE_ERROR_INVALID when the
 * reason is EXPIRED and the case is open or its period has not run, when
 * it is REQUEST without a valid @request_date ("YYYY-MM-DD", not in the
 * future), or when it is early without MC_DESTROY_CONFIRMED_EARLY;
 * NOT_FOUND when there is no such case. Not inside a batch. */
gboolean    mc_store_destroy_case             (McStore                  *self,
                                               gint64                    case_id,
                                               McDestroyReason           reason,
                                               const char               *request_date,
                                               const McRetentionPolicy  *policy,
                                               McDestroyFlags            flags,
                                               GError                  **error);

/* Copies the zeroed pages into the database and empties the WAL, when a
 * destruction left that to do (the store does it itself after a
 * destruction and at opening); FALSE with MC_STORE_ERROR_LOCKED when
 * another program holds the store open and the purge has to wait. */
gboolean    mc_store_purge                    (McStore                  *self,
                                               GError                  **error);

/* Checks @secret (the passphrase, or with @is_recovery_key the recovery
 * key) against the open store's key file once more, as the confirmation of
 * a destruction: MC_STORE_ERROR_WRONG_PASSPHRASE or _WRONG_RECOVERY_KEY
 * when it is not the store's. Runs the key derivation. */
gboolean    mc_store_confirm_secret           (McStore                  *self,
                                               const char               *secret,
                                               gboolean                  is_recovery_key,
                                               GError                  **error);
/* The same, with the key derivation in a thread (it takes seconds at the
 * app's cost). The thread works on copies of the key file and the data
 * key, taken now, so the store may lock or close meanwhile. */
void        mc_store_confirm_secret_async     (McStore                  *self,
                                               const char               *secret,
                                               gboolean                  is_recovery_key,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data);
gboolean    mc_store_confirm_secret_finish    (McStore                  *self,
                                               GAsyncResult             *result,
                                               GError                  **error);

typedef struct
{
  gint64  case_id;
  char   *number;
  char   *created_at;
  char   *closed_at;
  char   *destroy_on;
  char   *destroyed_at;     /* "2026-11-28T13:05:09Z" */
  char   *destroyed_by;
  char   *destroyed_by_role;
  char   *reason;           /* "expired" or "request" */
  char   *request_date;
} McTombstone;

void        mc_tombstone_free                 (McTombstone *tombstone);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTombstone, mc_tombstone_free)

/* The destruction register, oldest first: a GPtrArray of McTombstone. */
GPtrArray  *mc_store_list_destroyed           (McStore                  *self,
                                               GError                  **error);

typedef struct
{
  gint64  id;
  char   *at;               /* UTC, "2026-11-28T13:05:09Z" */
  char   *user_name;
  char   *user_role;
  char   *on_behalf_of;
  char   *action;           /* the event: "view", "change", … */
  char   *subject;          /* "signals.description", "cases", … or NULL */
  gint64  case_id;          /* 0: not about one case */
  char   *case_number;      /* also of a destroyed case; NULL when unknown */
} McAccessEntry;

void        mc_access_entry_free              (McAccessEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAccessEntry, mc_access_entry_free)

/* The audit trail as the access log of NEN 7513, in date order, without
 * any value: every row, or (@case_id > 0) the rows about that case, also
 * of a destroyed case. NOT_FOUND when @case_id is neither a case nor in
 * the destruction register. */
GPtrArray  *mc_store_list_access_log          (McStore                  *self,
                                               gint64                    case_id,
                                               GError                  **error);

G_END_DECLS
