/* mc-report-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-report-export"

#include "config.h"

#include <string.h>

#include "mc-output-file.h"
#include "mc-report-export.h"
#include "mc-report-builder.h"
#include "mc-report-import.h"
#include "mc-report-renderer.h"
#include "mc-report-xml.h"
#include "mc-store-retention.h"

typedef struct
{
  McStore    *store;
  gint64      case_id;
  const char *format;
  const char *variant;
} ExportAudit;

static gboolean
log_export_cb (const char  *path,
               gpointer     user_data,
               GError     **error)
{
  ExportAudit *audit = user_data;

  return mc_store_log_export_variant (audit->store, audit->case_id, audit->format, audit->variant,
                                      path, error);
}

/* The kind of copy as the audit row says it: a copy for inzage is a
 * disclosure to the requester. */
static char *
export_variant (const McReport *report)
{
  if (report->inzage.requester != MC_REPORT_REQUESTER_NONE)
    return g_strconcat ("disclosure-", mc_report_requester_to_id (report->inzage.requester), NULL);
  if (report->anonymous)
    return g_strdup ("anonymous");
  if (report->family_copy)
    return g_strdup ("family");
  return NULL;
}

gboolean
mc_report_export (McStore      *store,
                  McReport     *report,
                  gint64        case_id,
                  const char   *format,
                  const char   *path,
                  GError      **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *variant = NULL;
  ExportAudit audit = { store, case_id, format, NULL };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (g_strcmp0 (format, "pdf") == 0 || g_strcmp0 (format, "xml") == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A refused path is said before the work of rendering. */
  if (!mc_output_file_check (path, MC_OUTPUT_FILE_NONE, error))
    return FALSE;

  contents = strcmp (format, "pdf") == 0 ? mc_report_render_pdf (report, error) : mc_report_to_xml (report, error);
  if (contents == NULL)
    return FALSE;

  variant = export_variant (report);
  audit.variant = variant;
  return mc_output_file_write (mc_store_get_directory (store), path, MC_OUTPUT_FILE_NONE, contents,
                               log_export_cb, &audit, error);
}

gboolean
mc_store_export_bytes (McStore     *store,
                       GBytes      *contents,
                       gint64       case_id,
                       const char  *format,
                       gboolean     anonymous,
                       const char  *path,
                       GError     **error)
{
  ExportAudit audit = { store, case_id, format, anonymous ? "anonymous" : NULL };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return mc_output_file_write (mc_store_get_directory (store), path, MC_OUTPUT_FILE_NONE, contents,
                               log_export_cb, &audit, error);
}

McReport *
mc_report_new_inzage (McStore            *store,
                      McCase             *case_,
                      McProtocol         *protocol,
                      const char         *author_name,
                      const char         *author_role,
                      McReportRequester   requester,
                      GError            **error)
{
  g_autoptr(McReport) report = NULL;
  g_autoptr(McReport) copy = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (MC_IS_CASE (case_), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((report = mc_report_new_from_case (case_, protocol, author_name, author_role, now, error)) == NULL
      || (copy = mc_report_inzage_copy (report, requester, error)) == NULL
      || (log = mc_store_list_access_log (store, mc_record_get_id (MC_RECORD (case_)), error)) == NULL)
    return NULL;

  for (guint i = 0; i < log->len; i++)
    {
      const McAccessEntry *entry = g_ptr_array_index (log, i);

      mc_report_add_access (copy, entry->at, entry->user_name, entry->user_role, entry->action,
                            entry->subject);
    }

  return g_steal_pointer (&copy);
}
