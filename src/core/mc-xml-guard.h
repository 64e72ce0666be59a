/* mc-xml-guard.h: the first line of defence of the XML readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The readers of XML that Meldcode did not write (a protocol, a report)
 * stop at the DOCTYPE, before any entity or DTD is declared or read. Their
 * libxml2 options are the second line: never XML_PARSE_NOENT,
 * XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_DTDVALID,
 * XML_PARSE_XINCLUDE or XML_PARSE_HUGE, always XML_PARSE_NONET. TRUE
 * unless a test switched the first line off. */
gboolean mc_xml_guard_stops_at_doctype     (void);

/* Tests only (test-xml-options): with @stops FALSE the readers parse past
 * a DOCTYPE, so that the options are shown to hold on their own. */
void     mc_xml_guard_set_stops_at_doctype (gboolean stops);

G_END_DECLS
