/* mc-passphrase-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-passphrase-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-passphrase-dialog.h"
#include "mc-store-notices.h"

struct _McPassphraseDialog
{
  AdwWindow            parent_instance;

  McStore             *store;
  GCancellable        *cancellable;

  AdwPasswordEntryRow *current_row;
  AdwPasswordEntryRow *new_row;
  AdwPasswordEntryRow *confirm_row;
  GtkLabel            *hint_label;
  GtkButton           *change_button;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (McPassphraseDialog, mc_passphrase_dialog, ADW_TYPE_WINDOW)

static const char *
text_of (AdwPasswordEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
update_validation (McPassphraseDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *hint = NULL;
  gboolean ok = FALSE;

  if (*text_of (self->current_row) == '\0')
    hint = _("Type the passphrase you use now.");
  else if (!mc_passphrase_check (text_of (self->new_row), &error))
    hint = *text_of (self->new_row) == '\0' ? _("Choose a new passphrase of at least 10 characters.") : error->message;
  else if (g_strcmp0 (text_of (self->new_row), text_of (self->confirm_row)) != 0)
    hint = _("Type the new passphrase again to confirm it.");
  else
    ok = TRUE;

  gtk_label_set_label (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button),
                            ok && !gtk_spinner_get_spinning (self->spinner));
}

typedef struct
{
  char *dir;
  char *current;
} CheckData;

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      explicit_bzero (text, strlen (text));
      g_free (text);
    }
}

static void
check_data_free (CheckData *data)
{
  wipe_string (data->current);
  g_free (data->dir);
  g_free (data);
}

/* Only the key file on disk is read here: the store itself stays on the
 * main thread, where the auto-lock may close it. */
static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *data = task_data;
  GError *error = NULL;

  if (!mc_store_check_passphrase (data->dir, data->current, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
show_error (McPassphraseDialog *self,
            const GError       *error)
{
  update_validation (self);
  gtk_label_set_label (self->hint_label, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  McPassphraseDialog *self = MC_PASSPHRASE_DIALOG (source);
  g_autoptr(GError) error = NULL;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error);
      if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE))
        gtk_widget_grab_focus (GTK_WIDGET (self->current_row));
      return;
    }

  if (!mc_store_is_open (self->store))
    return;
  if (!mc_store_change_passphrase (self->store, text_of (self->new_row), MC_KDF_COST_MODERATE, &error))
    {
      show_error (self, error);
      return;
    }

  /* Changed; what the store could not do besides (record the change in
   * the audit trail) is said over the window the dialog came from. */
  mc_store_notices_present (gtk_window_get_transient_for (GTK_WINDOW (self)), self->store);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_change_cb (McPassphraseDialog *self)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->change_button)) || !mc_store_is_open (self->store))
    return;

  data = g_new0 (CheckData, 1);
  data->dir = g_strdup (mc_store_get_directory (self->store));
  data->current = g_strdup (text_of (self->current_row));

  task = g_task_new (self, self->cancellable, check_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), FALSE);
  g_task_run_in_thread (task, check_thread);
}

static void
on_cancel_cb (McPassphraseDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

McPassphraseDialog *
mc_passphrase_dialog_new (GtkWindow *parent,
                          McStore   *store)
{
  McPassphraseDialog *self;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  self = g_object_new (MC_TYPE_PASSPHRASE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);

  return self;
}

static void
mc_passphrase_dialog_dispose (GObject *object)
{
  McPassphraseDialog *self = MC_PASSPHRASE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_passphrase_dialog_parent_class)->dispose (object);
}

static void
mc_passphrase_dialog_class_init (McPassphraseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_passphrase_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-passphrase-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McPassphraseDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, McPassphraseDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, McPassphraseDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, McPassphraseDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, McPassphraseDialog, change_button);
  gtk_widget_class_bind_template_child (widget_class, McPassphraseDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, update_validation);
  gtk_widget_class_bind_template_callback (widget_class, on_change_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_passphrase_dialog_init (McPassphraseDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_validation (self);
}
