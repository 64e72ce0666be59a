/* mc-dates.h: dates as the domain needs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Full years of age on @on for someone born on @birth; -1 when @on lies
 * before @birth. The age rule of step 3 (under 18: the legal
 * representatives) rests on this. */
int       mc_age_on                 (const GDate *birth,
                                     const GDate *on);

/* "28 november 2026": the date as a person reads it, in the locale. */
char     *mc_format_date            (const GDate *date);

/* "28 november 2026, 14:05": local time, 24-hour clock. */
char     *mc_format_date_time       (GDateTime   *date_time);

/* The same in @zone: for many at once, with g_time_zone_new_local() asked
 * once (it looks at /etc/localtime each time, three system calls). */
char     *mc_format_date_time_in    (GDateTime   *date_time,
                                     GTimeZone   *zone);

/* "2026-11-28" for files; NULL for an invalid date. */
char     *mc_date_to_iso8601        (const GDate *date);

/* Parses "YYYY-MM-DD" strictly; FALSE leaves @date untouched. */
gboolean  mc_date_from_iso8601      (const char  *text,
                                     GDate       *date);

/* Reads a date as people type it: "28-11-2026", "28/11/2026",
 * "28.11.2026", "2026-11-28" (day before month, as in Dutch). FALSE leaves
 * @date untouched. */
gboolean  mc_date_parse_human       (const char  *text,
                                     GDate       *date);

/* "28-11-2026": for an entry the user edits again. */
char     *mc_date_to_human          (const GDate *date);

/* The present moment as "2026-11-28T13:05:09Z", for stored timestamps. */
char     *mc_now_utc_iso8601        (void);

G_END_DECLS
