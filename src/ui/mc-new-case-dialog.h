/* mc-new-case-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-protocol.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_NEW_CASE_DIALOG (mc_new_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (McNewCaseDialog, mc_new_case_dialog, MC, NEW_CASE_DIALOG, AdwWindow)

/* Asks for the client, the people involved and the forms of violence
 * suspected; stores the case in one transaction and emits "created" with
 * its id. */
McNewCaseDialog *mc_new_case_dialog_new (GtkWindow  *parent,
                                         McStore    *store,
                                         McProtocol *protocol);

G_END_DECLS
