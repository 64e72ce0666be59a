/* mc-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-protocol.h"

G_BEGIN_DECLS

#define MC_TYPE_APPLICATION (mc_application_get_type ())

G_DECLARE_FINAL_TYPE (McApplication, mc_application, MC, APPLICATION, AdwApplication)

McApplication *mc_application_new          (void);
GSettings     *mc_application_get_settings (McApplication *self);
/* The store folder: --store, else the last one used, else the default. */
const char    *mc_application_get_store_dir (McApplication *self);
/* The organisation's protocol (the protocol-file setting) or the built-in
 * one; when the organisation's file is refused, the built-in one is used
 * and the warning says why. */
McProtocol    *mc_application_get_protocol  (McApplication *self);
const char    *mc_application_get_protocol_warning (McApplication *self);

/* The one reminder of what is due (see McWindow): sent when the desktop
 * has a notification service, replacing the one before; withdrawn at
 * lock. A reminder withdrawn while it waits for the service's answer is
 * not sent. Its default action is app.open-case (an int64 case id), which
 * opens the case, at once or at the next unlock. */
void           mc_application_send_reminder     (McApplication *self,
                                                 GNotification *notification);
void           mc_application_withdraw_reminder (McApplication *self);

G_END_DECLS
