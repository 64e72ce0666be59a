/* mc-audit-private.h: what mc-audit.c and mc-audit-seal.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sodium.h>

#include "mc-audit.h"

G_BEGIN_DECLS

#define MC_AUDIT_HASH_SIZE 32

struct _McAudit
{
  sqlite3      *db;
  McSecret     *key;          /* the MAC key of the chain */
  McSecret     *wrap_key;     /* wraps the case keys */
  sqlite3_stmt *select_head;
  sqlite3_stmt *select_max_id;
  sqlite3_stmt *insert_row;
  sqlite3_stmt *insert_head;
  sqlite3_stmt *update_head;
  sqlite3_stmt *select_case_key;
  sqlite3_stmt *insert_case_key;
  sqlite3_stmt *delete_case_key;
};

/* A value as stored: SQLITE_NULL, SQLITE_TEXT (plaintext) or SQLITE_BLOB
 * (sealed under the case's key). */
typedef struct
{
  int           type;
  const void   *data;
  gsize         size;
} McAuditValue;

int      mc_audit_prepare        (McAudit       *self,
                                  sqlite3_stmt **stmt,
                                  const char    *sql);
void     mc_audit_release        (sqlite3_stmt  *stmt);

/* The case's key, made and stored (wrapped) when @create and there is
 * none; SQLITE_OK with *@key NULL when there is none. */
int      mc_audit_get_case_key   (McAudit       *self,
                                  gint64         case_id,
                                  gboolean       create,
                                  McSecret     **key);
/* @plaintext sealed for column @is_new of row @row_id of case @case_id:
 * a new GBytes. */
GBytes  *mc_audit_seal_value     (const McSecret *case_key,
                                  gint64         row_id,
                                  gint64         case_id,
                                  gboolean       is_new,
                                  const char    *plaintext);

/* The chain's check; @legacy accepts the plaintext case values of a log
 * that was not sealed yet (schema 4 and before). */
int      mc_audit_verify_chain   (McAudit       *self,
                                  gboolean       legacy,
                                  gboolean      *intact,
                                  gint64        *first_bad_row_id);
/* The MAC of a row, as mc_audit_append() and the verification compute it. */
void     mc_audit_row_mac        (McAudit             *self,
                                  gint64               id,
                                  const char          *at,
                                  const char          *event,
                                  gint64               case_id,
                                  const char          *entity,
                                  gint64               entity_id,
                                  const char          *field,
                                  const McAuditValue  *old_value,
                                  const McAuditValue  *new_value,
                                  const char          *user_name,
                                  const char          *user_role,
                                  const char          *on_behalf_of,
                                  const guint8        *prev_hash,
                                  guint8               out[MC_AUDIT_HASH_SIZE]);
/* The MAC of the head. */
void     mc_audit_head_mac       (McAudit       *self,
                                  gint64         last_id,
                                  gint64         row_count,
                                  const guint8  *last_hash,
                                  guint8         out[MC_AUDIT_HASH_SIZE]);

G_END_DECLS
