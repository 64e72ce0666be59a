/* mc-date-formatter.c: many dates and times formatted as mc-dates.h does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-dates"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-date-formatter.h"
#include "mc-dates.h"

/* The formats mc_format_date_time_in() and mc_format_date() use
 * untranslated: the only ones worked out here. */
#define DATE_TIME_FORMAT "%-d %B %Y, %H:%M"
#define DATE_FORMAT "%-d %B %Y"

struct _McDateFormatter
{
  GTimeZone  *zone;
  gboolean    fast;          /* the translation is DATE_TIME_FORMAT */
  gboolean    fast_date;     /* the translation is DATE_FORMAT */
  char       *months[12];    /* %B, as the locale names them */
  GHashTable *dates;         /* "YYYY-MM-DD" -> formatted, or "" for no date */
};

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil), and back. */
static gint64
days_from_civil (gint64 year,
                 guint  month,
                 guint  day)
{
  gint64 era;
  guint year_of_era, day_of_year, day_of_era;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  year_of_era = (guint) (year - era * 400);
  day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + (gint64) day_of_era - 719468;
}

static void
civil_from_days (gint64  days,
                 gint64 *year,
                 guint  *month,
                 guint  *day)
{
  gint64 era;
  guint day_of_era, year_of_era, day_of_year, shifted_month;

  days += 719468;
  era = (days >= 0 ? days : days - 146096) / 146097;
  day_of_era = (guint) (days - era * 146097);
  year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  shifted_month = (5 * day_of_year + 2) / 153;
  *day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  *month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  *year = (gint64) year_of_era + era * 400 + (*month <= 2);
}

static void
append_number (GString *out,
               guint    value,
               guint    min_digits)
{
  char digits[12];
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  while (n < min_digits)
    digits[n++] = '0';
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

/* "28 november 2026" (DATE_FORMAT), of a year from 1000 to 9999. */
static void
append_date (McDateFormatter *self,
             GString         *out,
             guint            year,
             guint            month,
             guint            day)
{
  append_number (out, day, 1);
  g_string_append_c (out, ' ');
  g_string_append (out, self->months[month - 1]);
  g_string_append_c (out, ' ');
  append_number (out, year, 4);
}

McDateFormatter *
mc_date_formatter_new (GTimeZone *zone)
{
  McDateFormatter *self;

  g_return_val_if_fail (zone != NULL, NULL);

  self = g_new0 (McDateFormatter, 1);
  self->zone = g_time_zone_ref (zone);
  self->dates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The same msgctxt and msgid as mc_format_date_time_in() and
   * mc_format_date(). */
  self->fast = strcmp (C_("date and time format", "%-d %B %Y, %H:%M"), DATE_TIME_FORMAT) == 0;
  self->fast_date = strcmp (C_("date format", "%-d %B %Y"), DATE_FORMAT) == 0;
  for (guint m = 0; m < 12; m++)
    {
      g_autoptr(GDateTime) first = g_date_time_new_utc (2001, (int) m + 1, 1, 12, 0, 0);

      self->months[m] = g_date_time_format (first, "%B");
      /* A month name the locale cannot give: leave it all to GLib. */
      if (self->months[m] == NULL)
        self->fast = self->fast_date = FALSE;
    }

  return self;
}

void
mc_date_formatter_free (McDateFormatter *self)
{
  if (self == NULL)
    return;
  g_time_zone_unref (self->zone);
  for (guint m = 0; m < 12; m++)
    g_free (self->months[m]);
  g_hash_table_unref (self->dates);
  g_free (self);
}

static gboolean
read_digits (const char *text,
             guint       n_digits,
             guint      *value)
{
  *value = 0;
  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *value = *value * 10 + (guint) (text[i] - '0');
    }
  return TRUE;
}

/* "YYYY-MM-DDTHH:MM:SSZ", a valid time: seconds since the epoch. */
static gboolean
parse_stored_time (const char *text,
                   gint64     *unix_time)
{
  guint year, month, day, hour, minute, second;

  if (strnlen (text, 21) != 20 || text[19] != 'Z' || text[4] != '-' || text[7] != '-'
      || text[10] != 'T' || text[13] != ':' || text[16] != ':')
    return FALSE;
  if (!read_digits (text, 4, &year) || !read_digits (text + 5, 2, &month)
      || !read_digits (text + 8, 2, &day) || !read_digits (text + 11, 2, &hour)
      || !read_digits (text + 14, 2, &minute) || !read_digits (text + 17, 2, &second))
    return FALSE;
  if (year < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year)
      || hour > 23 || minute > 59 || second > 59)
    return FALSE;

  *unix_time = days_from_civil (year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return TRUE;
}

/* @unix_time in the zone, as DATE_TIME_FORMAT; FALSE outside the years
 * 1000 to 9999 (GLib's own limits and padding then apply). */
static gboolean
append_fast (McDateFormatter *self,
             GString         *out,
             gint64           unix_time)
{
  int interval = g_time_zone_find_interval (self->zone, G_TIME_TYPE_UNIVERSAL, unix_time);
  gint64 local = unix_time + g_time_zone_get_offset (self->zone, interval);
  gint64 days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  guint seconds = (guint) (local - days * 86400);
  gint64 year;
  guint month, day;

  civil_from_days (days, &year, &month, &day);
  if (year < 1000 || year > 9999)
    return FALSE;

  append_date (self, out, (guint) year, month, day);
  g_string_append (out, ", ");
  append_number (out, seconds / 3600, 2);
  g_string_append_c (out, ':');
  append_number (out, seconds % 3600 / 60, 2);
  return TRUE;
}

gboolean
mc_date_formatter_append_date_time (McDateFormatter *self,
                                    GString         *out,
                                    const char      *timestamp)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *text = NULL;
  gint64 unix_time;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (timestamp == NULL)
    return FALSE;
  if (self->fast && parse_stored_time (timestamp, &unix_time) && append_fast (self, out, unix_time))
    return TRUE;

  if ((parsed = g_date_time_new_from_iso8601 (timestamp, self->zone)) == NULL)
    return FALSE;
  text = mc_format_date_time_in (parsed, self->zone);
  g_string_append (out, text);
  return TRUE;
}

const char *
mc_date_formatter_date (McDateFormatter *self,
                        const char      *date)
{
  const char *known;
  GDate parsed;
  char *text;

  g_return_val_if_fail (self != NULL, NULL);

  if (date == NULL)
    return NULL;
  if ((known = g_hash_table_lookup (self->dates, date)) != NULL)
    return *known != '\0' ? known : NULL;

  g_date_clear (&parsed, 1);
  if (!mc_date_from_iso8601 (date, &parsed))
    text = g_strdup ("");
  else if (self->fast_date && g_date_get_year (&parsed) >= 1000)
    {
      GString *out = g_string_new (NULL);

      append_date (self, out, g_date_get_year (&parsed), g_date_get_month (&parsed), g_date_get_day (&parsed));
      text = g_string_free (out, FALSE);
    }
  else
    text = mc_format_date (&parsed);
  g_hash_table_insert (self->dates, g_strdup (date), text);
  return *text != '\0' ? text : NULL;
}
