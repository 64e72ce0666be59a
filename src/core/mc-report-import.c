/* mc-report-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-report-import"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-report-import.h"

/* Names as people compare them: case and the way accents are encoded do
 * not make another client. */
static char *
name_key (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  g_autofree char *normal = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (normal != NULL ? normal : stripped, -1);
}

static gboolean
find_same_case (McStore     *store,
                const char  *number,
                const char  *client_name,
                gboolean    *found,
                GError     **error)
{
  g_autoptr(GListModel) cases = NULL;
  g_autofree char *key = NULL;

  *found = FALSE;
  if (number == NULL || *number == '\0' || client_name == NULL)
    return TRUE;

  if ((cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, number, error)) == NULL)
    return FALSE;

  key = name_key (client_name);
  for (guint i = 0; i < g_list_model_get_n_items (cases) && !*found; i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, i);
      g_autofree char *other = name_key (mc_case_summary_get_client_name (summary));

      *found = g_strcmp0 (mc_case_summary_get_number (summary), number) == 0
               && g_strcmp0 (other, key) == 0;
    }

  return TRUE;
}

static void
forget_ids (McCase *case_)
{
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      GListModel *children = mc_case_get_children (case_, types[t]);

      for (guint i = 0; i < g_list_model_get_n_items (children); i++)
        {
          g_autoptr(McRecord) child = g_list_model_get_item (children, i);

          mc_record_set_id (child, 0);
          mc_record_set_case_id (child, 0);
        }
    }
  mc_record_set_id (MC_RECORD (case_), 0);
  mc_record_set_case_id (MC_RECORD (case_), 0);
}

static gboolean
insert_all (McStore  *store,
            McCase   *case_,
            GError  **error)
{
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);
  gint64 case_id;

  if (!mc_store_insert (store, MC_RECORD (case_), error))
    return FALSE;
  case_id = mc_record_get_id (MC_RECORD (case_));

  for (guint t = 0; t < n_types; t++)
    {
      GListModel *children = mc_case_get_children (case_, types[t]);

      for (guint i = 0; i < g_list_model_get_n_items (children); i++)
        {
          g_autoptr(McRecord) child = g_list_model_get_item (children, i);

          mc_record_set_case_id (child, case_id);
          if (!mc_store_insert (store, child, error))
            return FALSE;
        }
    }

  return mc_store_log_event (store, MC_AUDIT_EVENT_IMPORT, case_id,
                             mc_record_get_string (MC_RECORD (case_), "number"), error);
}

gboolean
mc_store_import_case (McStore   *store,
                      McCase    *case_,
                      gboolean   allow_duplicate,
                      gint64    *out_id,
                      GError   **error)
{
  const char *number;
  const char *client_name;
  g_autofree char *given_number = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (MC_IS_CASE (case_), FALSE);
  g_return_val_if_fail (mc_record_get_id (MC_RECORD (case_)) == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  number = mc_record_get_string (MC_RECORD (case_), "number");
  client_name = mc_record_get_string (MC_RECORD (case_), "client-name");
  given_number = g_strdup (number);

  if (!allow_duplicate)
    {
      if (!find_same_case (store, number, client_name, &found, error))
        return FALSE;
      if (found)
        {
          /* Translators: the first %s is a case number, the second the
           * client's name. */
          g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS,
                       _("Case %s of %s is already in the store; importing it again makes a second copy."),
                       number, client_name);
          return FALSE;
        }
    }

  if (!mc_store_begin_batch (store, error))
    return FALSE;
  if (!insert_all (store, case_, error))
    {
      mc_store_rollback_batch (store);
      forget_ids (case_);
      /* The store numbers a case without one; that number was not kept. */
      mc_record_set_string (MC_RECORD (case_), "number", given_number);
      return FALSE;
    }
  if (!mc_store_commit_batch (store, error))
    {
      forget_ids (case_);
      mc_record_set_string (MC_RECORD (case_), "number", given_number);
      return FALSE;
    }

  if (out_id != NULL)
    *out_id = mc_record_get_id (MC_RECORD (case_));
  return TRUE;
}

gboolean
mc_store_log_export (McStore     *store,
                     gint64       case_id,
                     const char  *format,
                     gboolean     anonymous,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Not translated: the trail reads the same whoever looks at it. */
  absolute = g_canonicalize_filename (path, NULL);
  detail = g_strdup_printf ("%s%s %s", format, anonymous ? " anonymous" : "", absolute);

  return mc_store_log_event (store, MC_AUDIT_EVENT_EXPORT, case_id, detail, error);
}
