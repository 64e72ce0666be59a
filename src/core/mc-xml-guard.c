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
