/* mc-close-case-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-protocol.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_CLOSE_CASE_DIALOG (mc_close_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (McCloseCaseDialog, mc_close_case_dialog, MC, CLOSE_CASE_DIALOG, AdwWindow)

/* Asks why @case_ is closed (one of the protocol's close reasons, a note,
 * required for "other"), and on which date; shows who closes it (@user_name
 * and @user_role, as the preferences have them; NULL: not set). Closes the
 * case with mc_store_close_case() and emits "closed"; an error stays in
 * the dialog. */
McCloseCaseDialog *mc_close_case_dialog_new (GtkWindow  *parent,
                                             McStore    *store,
                                             McProtocol *protocol,
                                             McCase     *case_,
                                             const char *user_name,
                                             const char *user_role);

G_END_DECLS
