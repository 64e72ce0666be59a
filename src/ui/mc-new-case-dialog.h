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
McNewCaseDialog *mc_new_case_dialog_new             (GtkWindow       *parent,
                                                     McStore         *store,
                                                     McProtocol      *protocol);
/* The case the new one comes from, such as the case of a parent whose
 * kindcheck raised concern about a child: the new case is stored with
 * "linked-case-id" @case_id, and the dialog says so. */
void             mc_new_case_dialog_set_linked_case (McNewCaseDialog *self,
                                                     gint64           case_id,
                                                     const char      *number,
                                                     const char      *client_name);

G_END_DECLS
