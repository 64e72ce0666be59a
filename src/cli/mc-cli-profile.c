/* mc-cli-profile.c: who uses meldcode-cli, as the app knows them
 *
 * The app keeps the professional's name, function, organisation, phone and
 * e-mail in its GSettings (nl.ambiq.Meldcode). meldcode-cli reads the same
 * keys, so a report exported from the command line is signed as one made
 * in the app. Where the app's schema is not installed or no name is set,
 * the account's full name (GECOS) is used. A login name alone ("root") is
 * never a name: it only says which account ran the command, in the audit
 * trail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "mc-cli-profile.h"

/* NULL for an empty or blank value. */
static char *
nonblank (char *value)
{
  if (value != NULL && *g_strstrip (value) == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static void
load_settings (McCliProfile *profile)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* No schema: the app was never installed here. g_settings_new() would
   * abort; looking it up first does not. */
  if (source == NULL || (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) == NULL)
    return;
  settings = g_settings_new_full (schema, NULL, NULL);
  profile->name = nonblank (g_settings_get_string (settings, "user-name"));
  profile->role = nonblank (g_settings_get_string (settings, "user-role"));
  profile->organisation = nonblank (g_settings_get_string (settings, "user-organisation"));
  profile->phone = nonblank (g_settings_get_string (settings, "user-phone"));
  profile->email = nonblank (g_settings_get_string (settings, "user-email"));
}

/* The account's full name, unless GLib knows none ("Unknown") or it only
 * repeats the login name, as root's does. */
static char *
account_real_name (void)
{
  const char *real_name = g_get_real_name ();

  if (real_name == NULL || g_strcmp0 (real_name, "Unknown") == 0
      || g_strcmp0 (real_name, g_get_user_name ()) == 0)
    return NULL;
  return nonblank (g_strdup (real_name));
}

McCliProfile *
mc_cli_profile_load (void)
{
  McCliProfile *profile = g_new0 (McCliProfile, 1);

  load_settings (profile);
  if (profile->name == NULL)
    profile->name = account_real_name ();
  return profile;
}

void
mc_cli_profile_free (McCliProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->name);
  g_free (profile->role);
  g_free (profile->organisation);
  g_free (profile->phone);
  g_free (profile->email);
  g_free (profile);
}

char *
mc_cli_profile_dup_actor (const McCliProfile *profile)
{
  const char *login = g_get_user_name ();

  if (profile->name == NULL || g_strcmp0 (profile->name, login) == 0)
    return g_strdup (login);
  return g_strdup_printf ("%s (%s)", profile->name, login);
}
