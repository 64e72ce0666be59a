/* mc-dates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-dates"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-dates.h"

int
mc_age_on (const GDate *birth,
           const GDate *on)
{
  int years;

  g_return_val_if_fail (birth != NULL && g_date_valid (birth), -1);
  g_return_val_if_fail (on != NULL && g_date_valid (on), -1);

  if (g_date_compare (on, birth) < 0)
    return -1;

  years = g_date_get_year (on) - g_date_get_year (birth);
  /* Not yet had this year's birthday (someone born on 29 February has it
   * on 1 March in common years, as Dutch law counts). */
  if (g_date_get_month (on) < g_date_get_month (birth)
      || (g_date_get_month (on) == g_date_get_month (birth)
          && g_date_get_day (on) < g_date_get_day (birth)))
    years--;

  return years;
}

static GDateTime *
date_time_from_date (const GDate *date)
{
  return g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date), 12, 0, 0);
}

char *
mc_format_date (const GDate *date)
{
  g_autoptr(GDateTime) date_time = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  date_time = date_time_from_date (date);
  /* Translators: a date as people read it, see g_date_time_format(); Dutch
   * readers expect "28 november 2026". */
  return g_date_time_format (date_time, C_("date format", "%-d %B %Y"));
}

char *
mc_format_date_time (GDateTime *date_time)
{
  g_autoptr(GTimeZone) zone = NULL;

  g_return_val_if_fail (date_time != NULL, NULL);

  zone = g_time_zone_new_local ();
  return mc_format_date_time_in (date_time, zone);
}

char *
mc_format_date_time_in (GDateTime *date_time,
                        GTimeZone *zone)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (date_time != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  /* NULL past the end of year 9999 in the zone (9999-12-31T23:59Z is
   * already the year 10000 east of UTC): then the time as it was given. */
  local = g_date_time_to_timezone (date_time, zone);
  /* Translators: a date and time on the 24-hour clock, see
   * g_date_time_format(); Dutch readers expect "28 november 2026, 14:05". */
  return g_date_time_format (local != NULL ? local : date_time,
                             C_("date and time format", "%-d %B %Y, %H:%M"));
}

char *
mc_date_to_iso8601 (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  if (!g_date_valid (date))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

gboolean
mc_date_from_iso8601 (const char *text,
                      GDate      *date)
{
  guint year, month, day;

  g_return_val_if_fail (date != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1 || year > 9999 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

gboolean
mc_date_parse_human (const char *text,
                     GDate      *date)
{
  g_auto(GStrv) parts = NULL;
  guint64 numbers[3];
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (date != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (text));
  if (mc_date_from_iso8601 (trimmed, date))
    return TRUE;

  parts = g_strsplit_set (trimmed, "-/.", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      gsize len = strlen (parts[i]);

      if (len == 0 || len > (i == 2 ? 4u : 2u))
        return FALSE;
      for (gsize j = 0; j < len; j++)
        if (!g_ascii_isdigit (parts[i][j]))
          return FALSE;
      numbers[i] = g_ascii_strtoull (parts[i], NULL, 10);
    }

  /* A four-digit year only: "1-2-10" is too easily misread. */
  if (strlen (parts[2]) != 4 || numbers[2] < 1
      || !g_date_valid_dmy ((GDateDay) numbers[0], (GDateMonth) numbers[1], (GDateYear) numbers[2]))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) numbers[0], (GDateMonth) numbers[1], (GDateYear) numbers[2]);
  return TRUE;
}

char *
mc_date_to_human (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  if (!g_date_valid (date))
    return NULL;

  return g_strdup_printf ("%02u-%02u-%04u",
                          (guint) g_date_get_day (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_year (date));
}

char *
mc_now_utc_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
