/* mc-report-actions.h: export, print and import of the decision report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "mc-protocol.h"
#include "mc-report.h"
#include "mc-store.h"

G_BEGIN_DECLS

typedef enum
{
  MC_REPORT_FORMAT_PDF,
  MC_REPORT_FORMAT_XML,
} McReportFormat;

/* Which copy of the report: the whole one, the anonymised one (to consult
 * without naming the client), or the family copy (without the parts marked
 * "niet voor de familie"). */
typedef enum
{
  MC_REPORT_VARIANT_FULL,
  MC_REPORT_VARIANT_ANONYMOUS,
  MC_REPORT_VARIANT_FAMILY,
} McReportVariant;

/* Called once an action ends: @message (may be NULL) is for the user, and
 * @case_id is the imported case (0 otherwise). */
typedef void (*McReportDoneFunc) (const char *message,
                                  gint64      case_id,
                                  gpointer    user_data);

/* Builds the step-5 report of @case_, asks where to save it (a suggested
 * Dutch file name) and writes it atomically, mode 0600; the audit log
 * records the export. */
void mc_report_action_export (GtkWindow        *parent,
                              McStore          *store,
                              McProtocol       *protocol,
                              McCase           *case_,
                              McReportFormat    format,
                              McReportVariant   variant,
                              McReportDoneFunc  done,
                              gpointer          user_data);

/* The copy of @case_'s file for inzage by @requester (mc_report_new_inzage())
 * as a PDF: asks where to save it and writes it; the audit row records a
 * disclosure. */
void mc_report_action_inzage (GtkWindow          *parent,
                              McStore            *store,
                              McProtocol         *protocol,
                              McCase             *case_,
                              McReportRequester   requester,
                              McReportDoneFunc    done,
                              gpointer            user_data);

/* Prints the report through the system print dialog, with the same
 * renderer as the PDF; the audit log records the print. */
void mc_report_action_print  (GtkWindow        *parent,
                              McStore          *store,
                              McProtocol       *protocol,
                              McCase           *case_,
                              McReportDoneFunc  done,
                              gpointer          user_data);

/* The same print operation without the dialog, exporting what the
 * printer would get to a PDF at @path: how the tests see a print. */
void mc_report_action_print_to_file (GtkWindow        *parent,
                                     McStore          *store,
                                     McProtocol       *protocol,
                                     McCase           *case_,
                                     const char       *path,
                                     McReportDoneFunc  done,
                                     gpointer          user_data);

/* Asks for a report XML and turns it into a case; a case that is already
 * in the store is only imported again when the user says so. */
void mc_report_action_import (GtkWindow        *parent,
                              McStore          *store,
                              McReportDoneFunc  done,
                              gpointer          user_data);

G_END_DECLS
