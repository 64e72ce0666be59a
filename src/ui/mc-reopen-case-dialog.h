/* mc-reopen-case-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-protocol.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_REOPEN_CASE_DIALOG (mc_reopen_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (McReopenCaseDialog, mc_reopen_case_dialog, MC, REOPEN_CASE_DIALOG, AdwWindow)

/* Asks why the closed @case_ is reopened (a note is required), reopens it
 * with mc_store_reopen_case() and emits "reopened"; an error stays in the
 * dialog. */
McReopenCaseDialog *mc_reopen_case_dialog_new (GtkWindow  *parent,
                                               McStore    *store,
                                               McProtocol *protocol,
                                               McCase     *case_);

G_END_DECLS
