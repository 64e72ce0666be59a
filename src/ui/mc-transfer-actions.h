/* mc-transfer-actions.h: handing a case over in a case file, and receiving one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "mc-report-actions.h"
#include "mc-store.h"

G_BEGIN_DECLS

/* "Casus overdragen…": asks how to seal (a transfer passphrase, made and
 * shown once, or the receiving store's fingerprint) and where to save,
 * then writes the case file atomically, mode 0600, with its audit row. */
void mc_transfer_action_send        (GtkWindow        *parent,
                                     McStore          *store,
                                     McCase           *case_,
                                     McReportDoneFunc  done,
                                     gpointer          user_data);

/* "Casus ontvangen…": asks for a case file and, when it is sealed with
 * one, the transfer passphrase; asks before it replaces or duplicates a
 * case that is there already. @done gets the new case's id. */
void mc_transfer_action_receive     (GtkWindow        *parent,
                                     McStore          *store,
                                     McReportDoneFunc  done,
                                     gpointer          user_data);

/* Shows the store's fingerprint, with a button that copies it. */
void mc_transfer_action_fingerprint (GtkWindow        *parent,
                                     McStore          *store);

G_END_DECLS
