/* mc-passphrase-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_PASSPHRASE_DIALOG (mc_passphrase_dialog_get_type ())

G_DECLARE_FINAL_TYPE (McPassphraseDialog, mc_passphrase_dialog, MC, PASSPHRASE_DIALOG, AdwWindow)

/* Asks for the current passphrase and a new one (twice), then re-wraps the
 * store's key; the key derivations run off the main thread. */
McPassphraseDialog *mc_passphrase_dialog_new (GtkWindow *parent,
                                              McStore   *store);

G_END_DECLS
