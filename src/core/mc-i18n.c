/* mc-i18n.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mc-i18n.h"

void
mc_i18n_init (void)
{
  const char *localedir = g_getenv ("MELDCODE_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
