/* mc-store-retention-policy.c: the organisation's retention period, kept in
 * the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preferences write it into the settings table (schema 7) as
 * "retention-policy" = "20 closing" (mc_retention_policy_to_string()). A
 * store keeps it, its backups carry it, and the command line reads it as
 * the application does: both list the same cases as due. Without it the
 * protocol's <retention> applies.
 */

/* One log domain for all of McStore. */
#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "mc-store-internal.h"
#include "mc-store-retention.h"

#define RETENTION_KEY "retention-policy"

void
mc_store_bind_retention (sqlite3_stmt            *stmt,
                         const McRetentionPolicy *policy,
                         const char              *today)
{
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":retention_majority"),
                    policy->start == MC_RETENTION_FROM_MAJORITY);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":retention_years"), (int) policy->years);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":retention_today"), today, -1,
                     SQLITE_TRANSIENT);
}

/* The stored text, NULL when there is none. */
static gboolean
read_setting (McStore     *self,
              char       **value,
              GError     **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  *value = NULL;
  if ((stmt = mc_store_prepare_cached (self, "SELECT value FROM settings WHERE key = '" RETENTION_KEY "'",
                                       error)) == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);
  return TRUE;
}

gboolean
mc_store_read_retention_policy (McStore            *self,
                                McProtocol         *protocol,
                                McRetentionPolicy  *policy,
                                gboolean           *from_store,
                                GError            **error)
{
  g_autofree char *value = NULL;
  gboolean stored;

  if (!read_setting (self, &value, error))
    return FALSE;

  stored = value != NULL && mc_retention_policy_parse (value, policy);
  if (value != NULL && !stored)
    g_warning ("The stored retention period “%s” is not one; the protocol’s applies", value);
  if (!stored)
    mc_protocol_get_retention (protocol != NULL ? protocol : mc_store_state_get_protocol (self), policy);
  if (from_store != NULL)
    *from_store = stored;
  return TRUE;
}

gboolean
mc_store_get_retention_policy (McStore            *self,
                               McProtocol         *protocol,
                               McRetentionPolicy  *policy,
                               gboolean           *from_store,
                               GError            **error)
{
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (protocol == NULL || MC_IS_PROTOCOL (protocol), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_store_ensure_open (self, error) || !mc_store_read_begin (self, error))
    return FALSE;
  ok = mc_store_read_retention_policy (self, protocol, policy, from_store, error);
  mc_store_read_end (self);
  return ok;
}

static gboolean
write_policy (McStore                 *self,
              const McRetentionPolicy *policy,
              gboolean                *changed,
              GError                 **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = mc_retention_policy_to_string (policy);
  McRetentionPolicy before;
  gboolean stored = FALSE;
  int rc;

  /* What applied before, the protocol's too, is what the trail says it
   * was. */
  if (!mc_store_read_retention_policy (self, NULL, &before, &stored, error))
    return FALSE;
  old_value = mc_retention_policy_to_string (&before);
  *changed = !stored || g_strcmp0 (old_value, new_value) != 0;
  if (!*changed)
    return TRUE;

  if ((stmt = mc_store_prepare_cached (self, "INSERT OR REPLACE INTO settings (key, value)"
                                       " VALUES ('" RETENTION_KEY "', ?1)", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, new_value, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);

  return mc_store_audit (self, MC_AUDIT_EVENT_CHANGE, 0, "settings", 0, RETENTION_KEY,
                         old_value, new_value, error);
}

gboolean
mc_store_set_retention_policy (McStore                 *self,
                               const McRetentionPolicy *policy,
                               GError                 **error)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (!self->in_batch, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (policy->years < 1 || policy->years > MC_RETENTION_MAX_YEARS
      || (policy->start != MC_RETENTION_FROM_CLOSING && policy->start != MC_RETENTION_FROM_MAJORITY))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("The retention period is from 1 to %u years."), (guint) MC_RETENTION_MAX_YEARS);
      return FALSE;
    }
  if (!mc_store_ensure_open (self, error) || !mc_store_transaction_begin (self, error))
    return FALSE;
  if (!write_policy (self, policy, &changed, error))
    {
      mc_store_transaction_rollback (self);
      return FALSE;
    }
  if (!mc_store_transaction_commit (self, error))
    return FALSE;

  /* Which cases are due has changed: the lists show it. */
  if (changed)
    mc_store_emit_changed (self, 0);
  return TRUE;
}
