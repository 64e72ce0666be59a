/* mc-i18n.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the locale from the environment and binds the message catalogue:
 * from LOCALEDIR, or from $MELDCODE_LOCALEDIR so an uninstalled build (the
 * dev script, the tests) speaks Dutch from the build tree. */
void mc_i18n_init (void);

G_END_DECLS
