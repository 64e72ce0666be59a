/* mc-report-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-report-export"

#include "config.h"

#include <string.h>

#include "mc-output-file.h"
#include "mc-report-export.h"
#include "mc-report-import.h"
#include "mc-report-renderer.h"
#include "mc-report-xml.h"

typedef struct
{
  McStore    *store;
  gint64      case_id;
  const char *format;
  gboolean    anonymous;
} ExportAudit;

static gboolean
log_export_cb (const char  *path,
               gpointer     user_data,
               GError     **error)
{
  ExportAudit *audit = user_data;

  return mc_store_log_export (audit->store, audit->case_id, audit->format, audit->anonymous, path, error);
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
  ExportAudit audit = { store, case_id, format, report->anonymous };

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
  ExportAudit audit = { store, case_id, format, anonymous };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return mc_output_file_write (mc_store_get_directory (store), path, MC_OUTPUT_FILE_NONE, contents,
                               log_export_cb, &audit, error);
}
