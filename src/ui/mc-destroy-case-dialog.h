/* mc-destroy-case-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-protocol.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_DESTROY_CASE_DIALOG (mc_destroy_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (McDestroyCaseDialog, mc_destroy_case_dialog, MC, DESTROY_CASE_DIALOG, AdwWindow)

/* Asks why @case_ is destroyed (its retention period ended, or the
 * client's request and its date), says that an earlier backup still holds
 * it, and asks for the passphrase again. A case that is open, or whose
 * period has not ended, can only be destroyed on request, after a second
 * confirmation (an AdwMessageDialog whose default is not to). Destroys it
 * with mc_store_destroy_case() and emits "destroyed"; an error stays in
 * the dialog. */
McDestroyCaseDialog *mc_destroy_case_dialog_new (GtkWindow  *parent,
                                                 McStore    *store,
                                                 McProtocol *protocol,
                                                 McCase     *case_);

G_END_DECLS
