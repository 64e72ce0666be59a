/* mc-report-xml.h: the report as XML, written and read against one schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is version 2, data/report/meldcode-report-2.xsd (compiled into
 * the core as a resource). Every document is validated against it before it
 * is written and when it is read, so a file this code writes is one it can
 * read back: export, read and export again gives the same bytes.
 *
 * Version 1 (data/report/meldcode-report.xsd, 0.1 and 0.2) still reads,
 * validated against its own schema, into the same model: its decision and
 * afwegingskader become round 1 of kind "first" (no outcome, no meldnorm
 * deviations, nothing after the report but what version 1 had, no question
 * skipped), its one conversation the only one (with no person), its signals
 * have no status, a done agreement is "done" and any other "open", and a
 * closed case has no closing details. Writing always writes version 2.
 *
 * Reading treats the file as hostile: a document type declaration is refused
 * outright (no entity is ever expanded, no DTD or network resource loaded),
 * the size is capped, the namespace and version are checked first.
 */

#pragma once

#include <gio/gio.h>

#include "mc-report.h"

G_BEGIN_DECLS

#define MC_REPORT_XML_NAMESPACE   "urn:nl.ambiq.meldcode:report:2"
#define MC_REPORT_XML_VERSION     "2"
/* The first format, which is still read. */
#define MC_REPORT_XML_NAMESPACE_1 "urn:nl.ambiq.meldcode:report:1"
/* Larger files are refused unread: a real report is well under 1 MiB. */
#define MC_REPORT_XML_MAX_SIZE  (16 * 1024 * 1024)

/* The validated document, UTF-8. MC_REPORT_ERROR_INVALID names the element
 * that is missing or wrong (an empty client name, for instance). */
GBytes   *mc_report_to_xml          (const McReport  *report,
                                     GError         **error);

/* Validates, then replaces @path atomically (a temporary file in the same
 * directory, synced, renamed) with mode 0600: an export is plaintext. */
gboolean  mc_report_write_xml       (const McReport  *report,
                                     const char      *path,
                                     GError         **error);

McReport *mc_report_read_xml        (const char      *path,
                                     GError         **error);

/* @display_name names the document in error messages (a file name). */
McReport *mc_report_read_xml_bytes  (GBytes          *bytes,
                                     const char      *display_name,
                                     GError         **error);

G_END_DECLS
