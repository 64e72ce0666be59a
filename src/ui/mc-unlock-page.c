/* mc-unlock-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-unlock-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-unlock-page.h"

struct _McUnlockPage
{
  AdwBin             parent_instance;

  AdwPasswordEntryRow *passphrase_row;
  AdwPasswordEntryRow *recovery_row;
  GtkLabel          *error_label;
  GtkButton         *unlock_button;
  GtkSpinner        *spinner;
  GtkButton         *mode_button;

  gboolean           use_recovery_key;
  gboolean           busy;
};

G_DEFINE_FINAL_TYPE (McUnlockPage, mc_unlock_page, ADW_TYPE_BIN)

enum {
  UNLOCK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkEditable *
current_row (McUnlockPage *self)
{
  return GTK_EDITABLE (self->use_recovery_key ? self->recovery_row : self->passphrase_row);
}

static void
update_sensitivity (McUnlockPage *self)
{
  const char *text = gtk_editable_get_text (current_row (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), !self->busy && *text != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_button), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->passphrase_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->recovery_row), !self->busy);
}

static void
unlock_activated_cb (McUnlockPage *self)
{
  const char *text = gtk_editable_get_text (current_row (self));

  if (self->busy || *text == '\0')
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[UNLOCK], 0, text, self->use_recovery_key);
}

static void
text_changed_cb (McUnlockPage *self)
{
  update_sensitivity (self);
}

static void
mode_clicked_cb (McUnlockPage *self)
{
  self->use_recovery_key = !self->use_recovery_key;

  gtk_widget_set_visible (GTK_WIDGET (self->passphrase_row), !self->use_recovery_key);
  gtk_widget_set_visible (GTK_WIDGET (self->recovery_row), self->use_recovery_key);
  gtk_button_set_label (self->mode_button,
                        self->use_recovery_key ? _("Use Passphrase") : _("Use Recovery Key"));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_sensitivity (self);
  gtk_widget_grab_focus (GTK_WIDGET (current_row (self)));
}

void
mc_unlock_page_set_busy (McUnlockPage *self,
                         gboolean      busy)
{
  g_return_if_fail (MC_IS_UNLOCK_PAGE (self));

  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  update_sensitivity (self);
}

gboolean
mc_unlock_page_get_busy (McUnlockPage *self)
{
  g_return_val_if_fail (MC_IS_UNLOCK_PAGE (self), FALSE);

  return self->busy;
}

void
mc_unlock_page_show_error (McUnlockPage *self,
                           const char   *message,
                           gboolean      wrong_key)
{
  GtkWidget *row;

  g_return_if_fail (MC_IS_UNLOCK_PAGE (self));
  g_return_if_fail (message != NULL);

  gtk_label_set_label (self->error_label, message);
  /* Read out again at a second wrong try, as it was at the first. */
  mc_a11y_show_alert (GTK_WIDGET (self->error_label));
  /* Said when the focus returns to the row below, and as an alert. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (current_row (self)),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);

  /* Keep what was typed, selected, so a second try is one keystroke away. */
  /* Marked only when what was typed is wrong: a damaged or busy store
   * is no reason to doubt the passphrase. */
  row = GTK_WIDGET (current_row (self));
  if (wrong_key)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               wrong_key ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  mc_focus_widget (row);
  gtk_editable_select_region (GTK_EDITABLE (row), 0, -1);
}

void
mc_unlock_page_reset (McUnlockPage *self)
{
  g_return_if_fail (MC_IS_UNLOCK_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->recovery_row), "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->passphrase_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->recovery_row), "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->passphrase_row), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->recovery_row), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (self->use_recovery_key)
    mode_clicked_cb (self);
  mc_unlock_page_set_busy (self, FALSE);
}

static gboolean
mc_unlock_page_grab_focus (GtkWidget *widget)
{
  McUnlockPage *self = MC_UNLOCK_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (current_row (self)));
}

static void
mc_unlock_page_class_init (McUnlockPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = mc_unlock_page_grab_focus;

  /**
   * McUnlockPage::unlock:
   * @secret: the passphrase or the recovery key as typed
   * @is_recovery_key: whether @secret is the recovery key
   */
  signals[UNLOCK] =
    g_signal_new ("unlock", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McUnlockPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, McUnlockPage, recovery_row);
  gtk_widget_class_bind_template_child (widget_class, McUnlockPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, McUnlockPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, McUnlockPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McUnlockPage, mode_button);
  gtk_widget_class_bind_template_callback (widget_class, unlock_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_clicked_cb);
}

static void
mc_unlock_page_init (McUnlockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_sensitivity (self);
}
