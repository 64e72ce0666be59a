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

/* The format mc_format_date_time_in() uses untranslated: the only one
 * worked out here. */
#define DATE_TIME_FORMAT "%-d %B %Y, %H:%M"
/* GDate's day 1 is 1 January of year 1; the Unix epoch is its day 719163. */
#define EPOCH_JULIAN 719163

struct _McDateFormatter
{
  GTimeZone  *zone;
  gboolean    fast;          /* the translation is DATE_TIME_FORMAT */
  char       *months[12];    /* %B, as the locale names them */
  GHashTable *dates;         /* "YYYY-MM-DD" -> formatted, or "" for no date */
};

McDateFormatter *
mc_date_formatter_new (GTimeZone *zone)
{
  McDateFormatter *self;

  g_return_val_if_fail (zone != NULL, NULL);

  self = g_new0 (McDateFormatter, 1);
  self->zone = g_time_zone_ref (zone);
  self->dates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The same msgctxt and msgid as mc_format_date_time_in(). */
  self->fast = strcmp (C_("date and time format", "%-d %B %Y, %H:%M"), DATE_TIME_FORMAT) == 0;
  for (guint m = 0; self->fast && m < 12; m++)
    {
      g_autoptr(GDateTime) first = g_date_time_new_utc (2001, (int) m + 1, 1, 12, 0, 0);

      self->months[m] = g_date_time_format (first, "%B");
      /* A month name the locale cannot give: leave it all to GLib. */
      if (self->months[m] == NULL)
        self->fast = FALSE;
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
  GDate date;

  if (strlen (text) != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T'
      || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
    return FALSE;
  if (!read_digits (text, 4, &year) || !read_digits (text + 5, 2, &month)
      || !read_digits (text + 8, 2, &day) || !read_digits (text + 11, 2, &hour)
      || !read_digits (text + 14, 2, &minute) || !read_digits (text + 17, 2, &second))
    return FALSE;
  if (year < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year)
      || hour > 23 || minute > 59 || second > 59)
    return FALSE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  *unix_time = ((gint64) g_date_get_julian (&date) - EPOCH_JULIAN) * 86400
               + hour * 3600 + minute * 60 + second;
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
  gint64 seconds = local - days * 86400;
  GDate date;

  if (days + EPOCH_JULIAN < 1 || days + EPOCH_JULIAN > G_MAXUINT32)
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (days + EPOCH_JULIAN));
  if (g_date_get_year (&date) < 1000 || g_date_get_year (&date) > 9999)
    return FALSE;

  g_string_append_printf (out, "%u %s %u, %02u:%02u",
                          (guint) g_date_get_day (&date),
                          self->months[g_date_get_month (&date) - 1],
                          (guint) g_date_get_year (&date),
                          (guint) (seconds / 3600), (guint) (seconds % 3600 / 60));
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
  text = mc_date_from_iso8601 (date, &parsed) ? mc_format_date (&parsed) : g_strdup ("");
  g_hash_table_insert (self->dates, g_strdup (date), text);
  return *text != '\0' ? text : NULL;
}
