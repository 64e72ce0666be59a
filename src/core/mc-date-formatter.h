/* mc-date-formatter.h: many dates and times formatted as mc-dates.h does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * mc_format_date_time_in() makes two GDateTimes and a format per call, and
 * mc_format_date() looks up the local time zone per call: fine for one
 * case, seconds for 100,000. The formatter gives the same text, byte for
 * byte: times of the stored form ("2026-11-28T13:05:00Z") worked out with
 * the zone's offset and the locale's month names asked for once, when the
 * translation of the format is the one it knows; anything else through
 * mc-dates.h itself. Dates are kept once formatted (many cases share
 * them).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _McDateFormatter McDateFormatter;

/* @zone: the zone times are shown in (as for mc_format_date_time_in()). */
McDateFormatter *mc_date_formatter_new              (GTimeZone       *zone);
void             mc_date_formatter_free             (McDateFormatter *self);

/* Appends to @out what mc_format_date_time_in() makes of @timestamp (ISO
 * 8601, read as g_date_time_new_from_iso8601() reads it with the zone);
 * FALSE, appending nothing, when it is not a time. */
gboolean         mc_date_formatter_append_date_time (McDateFormatter *self,
                                                     GString         *out,
                                                     const char      *timestamp);

/* What mc_format_date() makes of the date "YYYY-MM-DD" (borrowed from
 * @self); NULL when it is not a date (mc_date_from_iso8601()). */
const char      *mc_date_formatter_date             (McDateFormatter *self,
                                                     const char      *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDateFormatter, mc_date_formatter_free)

G_END_DECLS
