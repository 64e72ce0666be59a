/* mc-xml-guard.h: the first line of defence of the XML readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/parser.h>

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

/* Where a reader's DOCTYPE stop records what it saw. It must be the first
 * member of the struct that the reader's parser context points to with
 * _private, so that the one hook serves every reader. */
typedef struct
{
  gboolean saw_doctype;
  int      doctype_line;  /* of "<!DOCTYPE", 1 when libxml2 does not say */
} McXmlDoctypeStop;

/* Installs the first line on @parser (a context of the reader's own, so
 * the hook stays in place for the whole parse): the parse stops at
 * "<!DOCTYPE", before any declaration in it is read, and records it in
 * the McXmlDoctypeStop that @parser->_private starts with. Does nothing
 * when a test switched the first line off. */
void     mc_xml_guard_install              (xmlParserCtxtPtr parser);

G_END_DECLS
