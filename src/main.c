/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/prctl.h>
#include <sys/stat.h>

#include "mc-application.h"
#include "mc-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McApplication) app = NULL;

  /* Case data is sensitive: files we create are ours alone, and the process
   * cannot be core-dumped or ptrace-attached by the same user's programs. */
  umask (077);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);

  mc_i18n_init ();

  app = mc_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
