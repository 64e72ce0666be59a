/* mc-stats-xml.h: the figures file (.meldcijfers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * XML in the namespace urn:nl.ambiq.meldcode:stats:1, valid against
 * data/stats/meldcode-stats-1.xsd (compiled into the core's resources).
 * Read like a report: no DTD (a file with one is refused before any
 * declaration in it is read), no entities, no network, a size limit, then
 * the schema and the checks it cannot make (each step, quarter, round,
 * store, form and day once).
 */

#pragma once

#include <gio/gio.h>

#include "mc-stats.h"

G_BEGIN_DECLS

#define MC_STATS_NAMESPACE "urn:nl.ambiq.meldcode:stats:1"
#define MC_STATS_FILE_SUFFIX ".meldcijfers"
/* Room for the figures of 100,000 laptops. */
#define MC_STATS_XML_MAX_SIZE (16 * 1024 * 1024)

GBytes   *mc_stats_to_xml         (const McStats  *stats,
                                   GError        **error);
/* Writes @path atomically with mode 0600, as exports are written. */
gboolean  mc_stats_write_file     (const McStats  *stats,
                                   const char     *path,
                                   GError        **error);
/* @display_name labels the messages. */
McStats  *mc_stats_read_bytes     (GBytes         *bytes,
                                   const char     *display_name,
                                   GError        **error);
McStats  *mc_stats_read_file      (const char     *path,
                                   GError        **error);

G_END_DECLS
