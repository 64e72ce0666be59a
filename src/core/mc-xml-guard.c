/* mc-xml-guard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-xml-guard"

#include "config.h"

#include "mc-xml-guard.h"

static gint stops_at_doctype = TRUE;

gboolean
mc_xml_guard_stops_at_doctype (void)
{
  return g_atomic_int_get (&stops_at_doctype);
}

void
mc_xml_guard_set_stops_at_doctype (gboolean stops)
{
  g_atomic_int_set (&stops_at_doctype, stops ? TRUE : FALSE);
}

/* Called at "<!DOCTYPE", before any declaration in it is parsed: the parse
 * stops there, so no entity can be declared, let alone expanded. */
static void
on_internal_subset (void          *ctx,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  xmlParserCtxtPtr parser = ctx;
  McXmlDoctypeStop *stop = parser->_private;

  stop->saw_doctype = TRUE;
  stop->doctype_line = parser->input != NULL && parser->input->line > 0 ? parser->input->line : 1;
  xmlStopParser (parser);
}

void
mc_xml_guard_install (xmlParserCtxtPtr parser)
{
  g_return_if_fail (parser != NULL);
  g_return_if_fail (parser->_private != NULL);

  if (mc_xml_guard_stops_at_doctype ())
    parser->sax->internalSubset = on_internal_subset;
}
