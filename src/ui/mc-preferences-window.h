/* mc-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-protocol.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_PREFERENCES_WINDOW (mc_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, MC, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @store is NULL while Meldcode is locked: the rows that need it are then
 * insensitive. */
McPreferencesWindow *mc_preferences_window_new (GSettings  *settings,
                                                McStore    *store,
                                                McProtocol *protocol);

G_END_DECLS
