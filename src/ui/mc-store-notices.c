/* mc-store-notices.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A store says, besides its errors, what it found and fixed when it
 * opened (files other users could read, a database older than its key
 * file) and what it could not do after an action that succeeded (the
 * audit trail could not record a change of passphrase). The window shows
 * them after unlocking, the passphrase dialog after a change.
 */

#define G_LOG_DOMAIN "mc-store-notices"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-store-notices.h"

GtkWindow *
mc_store_notices_present (GtkWindow *parent,
                          McStore   *store)
{
  g_auto(GStrv) notices = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  notices = mc_store_take_notices (store);
  if (notices[0] == NULL)
    return NULL;

  body = g_strjoinv ("\n\n", notices);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Check Your Case Store"), body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_widget_add_css_class (GTK_WIDGET (dialog), "mc-store-notices");
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}
