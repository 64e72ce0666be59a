/* mc-store-notices.h: what the store found or could not do, said to the user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-store.h"

G_BEGIN_DECLS

/* Takes the store's notices (mc_store_take_notices()) and, when there are
 * any, presents one "Check Your Case Store" dialog over @parent that lists
 * them. Returns that dialog (owned by GTK), or NULL when there was nothing
 * to say. */
GtkWindow *mc_store_notices_present (GtkWindow *parent,
                                     McStore   *store);

G_END_DECLS
