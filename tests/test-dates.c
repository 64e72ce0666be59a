/* test-dates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-dates.h"

static GDate *
date (guint year, guint month, guint day)
{
  return g_date_new_dmy (day, month, year);
}

static void
test_age_birthdays (void)
{
  g_autoptr(GDate) birth = date (2008, 11, 28);
  g_autoptr(GDate) day_before = date (2026, 11, 27);
  g_autoptr(GDate) birthday = date (2026, 11, 28);
  g_autoptr(GDate) before_birth = date (2008, 11, 27);

  /* The step-3 rule turns on the eighteenth birthday itself. */
  g_assert_cmpint (mc_age_on (birth, day_before), ==, 17);
  g_assert_cmpint (mc_age_on (birth, birthday), ==, 18);
  g_assert_cmpint (mc_age_on (birth, birth), ==, 0);
  g_assert_cmpint (mc_age_on (birth, before_birth), ==, -1);
}

static void
test_age_leap_day (void)
{
  g_autoptr(GDate) birth = date (2008, 2, 29);
  g_autoptr(GDate) feb28 = date (2026, 2, 28);
  g_autoptr(GDate) mar1 = date (2026, 3, 1);
  g_autoptr(GDate) leap = date (2028, 2, 29);

  g_assert_cmpint (mc_age_on (birth, feb28), ==, 17);
  g_assert_cmpint (mc_age_on (birth, mar1), ==, 18);
  g_assert_cmpint (mc_age_on (birth, leap), ==, 20);
}

static void
test_iso8601_round_trip (void)
{
  g_autoptr(GDate) d = date (2026, 1, 5);
  g_autofree char *text = mc_date_to_iso8601 (d);
  GDate parsed;

  g_assert_cmpstr (text, ==, "2026-01-05");
  g_date_clear (&parsed, 1);
  g_assert_true (mc_date_from_iso8601 (text, &parsed));
  g_assert_cmpint (g_date_compare (&parsed, d), ==, 0);
}

static void
test_iso8601_rejects (void)
{
  const char *bad[] = { "", "2026-1-05", "2026-02-30", "2026-13-01", "0000-01-01",
                        "2026/01/05", "2026-01-05T00", "２０２６-01-05", "abcd-ef-gh" };
  GDate parsed;

  g_date_clear (&parsed, 1);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("rejecting '%s'", bad[i]);
      g_assert_false (mc_date_from_iso8601 (bad[i], &parsed));
    }
  g_assert_false (mc_date_from_iso8601 (NULL, &parsed));
  g_assert_false (g_date_valid (&parsed));
}

static void
test_parse_human (void)
{
  const struct { const char *text; guint year, month, day; } good[] = {
    { "28-11-2026", 2026, 11, 28 },
    { " 1/2/2010 ", 2010, 2, 1 },
    { "29.02.2008", 2008, 2, 29 },
    { "2026-11-28", 2026, 11, 28 },
  };
  const char *bad[] = { "", "28-11-26", "29-02-2026", "32-01-2026", "28-13-2026",
                        "28-11", "a-b-cdef", "28--11-2026", "28-11-2026-1", "-1-11-2026" };
  GDate parsed;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *back = NULL;

      g_date_clear (&parsed, 1);
      g_assert_true (mc_date_parse_human (good[i].text, &parsed));
      g_assert_cmpuint (g_date_get_year (&parsed), ==, good[i].year);
      g_assert_cmpuint (g_date_get_month (&parsed), ==, good[i].month);
      g_assert_cmpuint (g_date_get_day (&parsed), ==, good[i].day);
      back = mc_date_to_human (&parsed);
      g_date_clear (&parsed, 1);
      g_assert_true (mc_date_parse_human (back, &parsed));
      g_assert_cmpuint (g_date_get_day (&parsed), ==, good[i].day);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("rejecting '%s'", bad[i]);
      g_date_clear (&parsed, 1);
      g_assert_false (mc_date_parse_human (bad[i], &parsed));
      g_assert_false (g_date_valid (&parsed));
    }
}

static void
test_now_is_utc (void)
{
  g_autofree char *now = mc_now_utc_iso8601 ();
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (now, NULL);

  g_assert_nonnull (parsed);
  g_assert_true (g_str_has_suffix (now, "Z"));
  g_assert_cmpuint (strlen (now), ==, 20);
}

static void
test_format_dutch (void)
{
  g_autoptr(GDate) d = date (2026, 11, 28);
  g_autoptr(GDateTime) dt = g_date_time_new_local (2026, 11, 28, 14, 5, 0);
  g_autofree char *text = NULL;
  g_autofree char *text_time = NULL;

  if (setlocale (LC_ALL, "nl_NL.UTF-8") == NULL)
    {
      g_test_skip ("nl_NL.UTF-8 locale not generated (build-aux/dev generates it)");
      return;
    }

  text = mc_format_date (d);
  text_time = mc_format_date_time (dt);
  setlocale (LC_ALL, "C.UTF-8");

  /* No translation catalogue is loaded here, so the source format applies;
   * the month name comes from the locale. */
  g_assert_cmpstr (text, ==, "28 november 2026");
  g_assert_cmpstr (text_time, ==, "28 november 2026, 14:05");
}

/* The last moment a timestamp can hold is past the end of year 9999 east
 * of UTC: formatted as given, not a CRITICAL (the test runs with
 * fatal warnings) and no NULL. */
static void
test_format_end_of_time (void)
{
  g_autoptr(GDateTime) last = g_date_time_new_utc (9999, 12, 31, 23, 59, 59);
  g_autoptr(GTimeZone) amsterdam = g_time_zone_new_identifier ("+01:00");
  g_autofree char *text = NULL;

  g_assert_nonnull (amsterdam);
  text = mc_format_date_time_in (last, amsterdam);
  g_assert_cmpstr (text, ==, "31 December 9999, 23:59");
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dates/age/birthdays", test_age_birthdays);
  g_test_add_func ("/dates/age/leap-day", test_age_leap_day);
  g_test_add_func ("/dates/iso8601/round-trip", test_iso8601_round_trip);
  g_test_add_func ("/dates/iso8601/rejects", test_iso8601_rejects);
  g_test_add_func ("/dates/parse-human", test_parse_human);
  g_test_add_func ("/dates/now-is-utc", test_now_is_utc);
  g_test_add_func ("/dates/format/dutch", test_format_dutch);
  g_test_add_func ("/dates/format/end-of-time", test_format_end_of_time);

  return g_test_run ();
}
