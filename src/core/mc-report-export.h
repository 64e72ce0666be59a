/* mc-report-export.h: a report written to a file, with its audit row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one way the app and meldcode-cli export a report: rendered (PDF) or
 * serialised (XML), then written through mc_output_file_write() into the
 * store's journal, with the "export" row in the audit trail added before
 * the file takes its place. No row, no file; the user's existing file
 * stays as it was until the rename.
 */

#pragma once

#include "mc-case.h"
#include "mc-protocol.h"
#include "mc-report.h"
#include "mc-store.h"

G_BEGIN_DECLS

/* @format is "pdf" or "xml". */
gboolean mc_report_export (McStore      *store,
                           McReport     *report,
                           gint64        case_id,
                           const char   *format,
                           const char   *path,
                           GError      **error);

/* Any other file that leaves the store (the annual figures): @contents
 * written the same way, with an "export" row of @format (@case_id 0 when
 * it is about no one case). Check the path with mc_output_file_check()
 * before the work of making @contents. */
gboolean mc_store_export_bytes (McStore      *store,
                                GBytes       *contents,
                                gint64        case_id,
                                const char   *format,
                                gboolean      anonymous,
                                const char   *path,
                                GError      **error);

/* The copy of @case_'s file for inzage by @requester
 * (mc_report_inzage_copy()) with the case's access log from the store,
 * signed by @author_name. Write it with mc_report_export(): the audit row
 * records it as a disclosure to the requester. */
McReport *mc_report_new_inzage (McStore            *store,
                                McCase             *case_,
                                McProtocol         *protocol,
                                const char         *author_name,
                                const char         *author_role,
                                McReportRequester   requester,
                                GError            **error);

G_END_DECLS
