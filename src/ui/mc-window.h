/* mc-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-application.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_WINDOW (mc_window_get_type ())

G_DECLARE_FINAL_TYPE (McWindow, mc_window, MC, WINDOW, AdwApplicationWindow)

McWindow *mc_window_new         (McApplication *application);
/* The open store, or NULL while locked. */
McStore  *mc_window_get_store   (McWindow      *self);
/* Closes the store, wipes its keys and clears every view. */
void      mc_window_lock        (McWindow      *self);
/* Opens @case_id from the store, as a click in the case list does. */
gboolean  mc_window_open_case   (McWindow      *self,
                                 gint64         case_id);

G_END_DECLS
