/* test-date-formatter.c: McDateFormatter gives what mc-dates.h gives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Byte for byte, for times spread over two centuries and around the
 * changes to and from summer time, in zones with whole, half and
 * three-quarter hour offsets and in the Dutch locale; and for what is not
 * a time or date.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-date-formatter.h"
#include "mc-dates.h"

static const char * const zones[] = {
  "UTC", "Europe/Amsterdam", "America/New_York", "America/St_Johns", "Asia/Kolkata",
  "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Kiritimati", "America/Sao_Paulo",
};

/* What list printed before the formatter: the time, else the text. */
static char *
reference_date_time (const char *timestamp,
                     GTimeZone  *zone)
{
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (timestamp, zone);

  return parsed != NULL ? mc_format_date_time_in (parsed, zone) : NULL;
}

static char *
formatted_date_time (McDateFormatter *formatter,
                     const char      *timestamp)
{
  GString *out = g_string_new ("before ");

  if (!mc_date_formatter_append_date_time (formatter, out, timestamp))
    {
      /* Nothing appended. */
      g_assert_cmpstr (out->str, ==, "before ");
      g_string_free (out, TRUE);
      return NULL;
    }
  g_assert_true (g_str_has_prefix (out->str, "before "));
  g_string_erase (out, 0, strlen ("before "));
  return g_string_free (out, FALSE);
}

static void
check_times (McDateFormatter *formatter,
             GTimeZone       *zone,
             GRand           *rand)
{
  /* Random seconds from 1901 to 2099, and every quarter hour of the days
   * summer time starts and ends in Europe, America and the south. */
  for (guint i = 0; i < 4000; i++)
    {
      gint64 t = g_rand_int_range (rand, -2100000000, 2100000000) * (gint64) 2 + g_rand_int_range (rand, 0, 2);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
      g_autofree char *timestamp = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
      g_autofree char *expected = reference_date_time (timestamp, zone);
      g_autofree char *got = formatted_date_time (formatter, timestamp);

      g_assert_cmpstr (got, ==, expected);
    }
  for (guint d = 0; d < 6; d++)
    {
      const int days[][3] = { { 2026, 3, 29 }, { 2026, 10, 25 }, { 2026, 3, 8 }, { 2026, 11, 1 },
                              { 2026, 4, 5 }, { 2026, 10, 4 } };

      for (int quarter = -8; quarter < 4 * 24 + 8; quarter++)
        {
          g_autoptr(GDateTime) start = g_date_time_new_utc (days[d][0], days[d][1], days[d][2], 0, 0, 0);
          g_autoptr(GDateTime) utc = g_date_time_add_seconds (start, quarter * 900.0 + (quarter % 3) * 59);
          g_autofree char *timestamp = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
          g_autofree char *expected = reference_date_time (timestamp, zone);
          g_autofree char *got = formatted_date_time (formatter, timestamp);

          g_assert_cmpstr (got, ==, expected);
        }
    }
}

static void
check_odd_texts (McDateFormatter *formatter,
                 GTimeZone       *zone)
{
  /* Not the stored form, or not a time: GLib decides, as before. */
  const char * const texts[] = {
    "", "garbage", "2026-13-01T00:00:00Z", "2026-02-29T10:00:00Z", "2026-02-28T24:00:00Z",
    "2026-02-28T23:60:00Z", "2026-02-28T23:59:60Z", "2026-11-28T13:05:00+01:00",
    "2026-11-28T13:05:00", "2026-11-28 13:05:00Z", "2026-11-28T13:05:00.5Z", "0000-01-01T00:00:00Z",
    "0999-12-31T23:59:59Z", "1000-01-01T00:00:00Z", "9998-12-31T23:59:59Z", "9999-12-31T23:59:59Z",
    "2026-11-28T13:05:00ZZ",
    "2026-11-28T13:05Z", "-2026-11-28T13:05:00Z", "2026-1a-28T13:05:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *expected = reference_date_time (texts[i], zone);
      g_autofree char *got = formatted_date_time (formatter, texts[i]);

      g_assert_cmpstr (got, ==, expected);
    }
  {
    g_autoptr(GString) out = g_string_new (NULL);

    g_assert_false (mc_date_formatter_append_date_time (formatter, out, NULL));
    g_assert_cmpuint (out->len, ==, 0);
  }
}

static void
check_dates (McDateFormatter *formatter,
             GRand           *rand)
{
  const char * const odd[] = { "", "2026-02-29", "2026-13-01", "20261128", "2026-11-28T00:00:00Z",
                               "0000-01-01", "0999-12-31", "1000-01-01", "9999-12-31" };

  for (guint i = 0; i < 3000; i++)
    {
      GDate date;
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, (guint32) g_rand_int_range (rand, 1, 3652059));
      text = mc_date_to_iso8601 (&date);
      expected = mc_format_date (&date);
      g_assert_cmpstr (mc_date_formatter_date (formatter, text), ==, expected);
      /* Kept: the same answer again. */
      g_assert_cmpstr (mc_date_formatter_date (formatter, text), ==, expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      GDate date;
      g_autofree char *expected = NULL;

      g_date_clear (&date, 1);
      if (mc_date_from_iso8601 (odd[i], &date))
        expected = mc_format_date (&date);
      g_assert_cmpstr (mc_date_formatter_date (formatter, odd[i]), ==, expected);
    }
  g_assert_null (mc_date_formatter_date (formatter, NULL));
}

static void
check_all_zones (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zones[z]);
      g_autoptr(McDateFormatter) formatter = NULL;

      if (zone == NULL)
        {
          g_test_message ("No time zone %s here", zones[z]);
          continue;
        }
      formatter = mc_date_formatter_new (zone);
      check_times (formatter, zone, rand);
      check_odd_texts (formatter, zone);
      check_dates (formatter, rand);
    }
}

static void
test_same_as_dates (void)
{
  check_all_zones ();
}

static void
test_same_as_dates_dutch (void)
{
  if (setlocale (LC_ALL, "nl_NL.UTF-8") == NULL)
    {
      g_test_skip ("nl_NL.UTF-8 locale not generated (build-aux/dev generates it)");
      return;
    }
  check_all_zones ();
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date-formatter/same-as-dates", test_same_as_dates);
  g_test_add_func ("/date-formatter/same-as-dates-dutch", test_same_as_dates_dutch);

  return g_test_run ();
}
