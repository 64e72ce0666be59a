/* mc-retention.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-retention"

#include "config.h"

#include <string.h>

#include "mc-dates.h"
#include "mc-retention.h"

void
mc_retention_policy_init_default (McRetentionPolicy *policy)
{
  g_return_if_fail (policy != NULL);

  policy->years = MC_RETENTION_DEFAULT_YEARS;
  policy->start = MC_RETENTION_FROM_CLOSING;
}

char *
mc_retention_policy_to_string (const McRetentionPolicy *policy)
{
  g_return_val_if_fail (policy != NULL, NULL);

  return g_strdup_printf ("%u %s", policy->years,
                          policy->start == MC_RETENTION_FROM_MAJORITY ? "majority" : "closing");
}

gboolean
mc_retention_policy_parse (const char        *text,
                           McRetentionPolicy *policy)
{
  g_auto(GStrv) parts = NULL;
  guint64 years;

  g_return_val_if_fail (policy != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, " ", -1);
  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, MC_RETENTION_MAX_YEARS, &years, NULL))
    return FALSE;
  if (strcmp (parts[1], "closing") == 0)
    policy->start = MC_RETENTION_FROM_CLOSING;
  else if (strcmp (parts[1], "majority") == 0)
    policy->start = MC_RETENTION_FROM_MAJORITY;
  else
    return FALSE;
  policy->years = (guint) years;
  return TRUE;
}

/* The date part of "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ssZ". */
static gboolean
parse_day (const char *text,
           GDate      *date)
{
  char day[11];

  if (text == NULL || strlen (text) < 10)
    return FALSE;
  memcpy (day, text, 10);
  day[10] = '\0';
  return mc_date_from_iso8601 (day, date);
}

/* @date plus @years whole years; 29 February becomes 1 March in a year
 * without it (GLib would make it 28 February, a day short). */
static void
add_years (GDate *date,
           guint  years)
{
  gboolean leap_day = g_date_get_month (date) == G_DATE_FEBRUARY && g_date_get_day (date) == 29;

  g_date_add_years (date, years);
  if (leap_day && g_date_get_day (date) == 28)
    g_date_add_days (date, 1);
}

char *
mc_retention_destroy_on (const McRetentionPolicy *policy,
                         const char              *closed_on,
                         const char              *birth_date)
{
  GDate start;
  GDate majority;

  g_return_val_if_fail (policy != NULL, NULL);

  g_date_clear (&start, 1);
  g_date_clear (&majority, 1);
  if (!parse_day (closed_on, &start))
    return NULL;

  if (policy->start == MC_RETENTION_FROM_MAJORITY && parse_day (birth_date, &majority))
    {
      add_years (&majority, MC_RETENTION_MAJORITY_AGE);
      if (g_date_compare (&majority, &start) > 0)
        start = majority;
    }

  add_years (&start, policy->years);
  return mc_date_to_iso8601 (&start);
}

gboolean
mc_retention_is_due (const char *destroy_on,
                     const char *today)
{
  g_autofree char *now = NULL;

  if (destroy_on == NULL)
    return FALSE;
  if (today == NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_new_now_local ();

      now = g_date_time_format (local, "%Y-%m-%d");
      today = now;
    }

  /* ISO dates compare as text. */
  return strcmp (destroy_on, today) <= 0;
}
