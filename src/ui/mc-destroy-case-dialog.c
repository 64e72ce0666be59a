/* mc-destroy-case-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The passphrase is checked in a thread (mc_store_confirm_secret_async()
 * runs the key derivation on copies of the keys, so the store may lock
 * meanwhile); the dialog waits, insensitive, and says so.
 */

#define G_LOG_DOMAIN "mc-destroy-case-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-combo-list.h"
#include "mc-dates.h"
#include "mc-destroy-case-dialog.h"
#include "mc-store-retention.h"

struct _McDestroyCaseDialog
{
  AdwWindow             parent_instance;

  McStore              *store;
  McCase               *case_;
  McRetentionPolicy     policy;
  /* Open, or its period has not ended: on request only, confirmed twice. */
  gboolean              early;
  /* The passphrase check under way, cancelled when the dialog goes. */
  GCancellable         *checking;

  GtkWidget            *cancel_button;
  GtkWidget            *destroy_button;
  AdwPreferencesGroup  *reason_group;
  AdwComboRow          *reason_row;
  AdwEntryRow          *request_date_row;
  AdwPasswordEntryRow  *passphrase_row;
  GtkLabel             *hint_label;
};

G_DEFINE_FINAL_TYPE (McDestroyCaseDialog, mc_destroy_case_dialog, ADW_TYPE_WINDOW)

enum {
  DESTROYED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static McDestroyReason
current_reason (McDestroyCaseDialog *self)
{
  return adw_combo_row_get_selected (self->reason_row) == 1 ? MC_DESTROY_REQUEST : MC_DESTROY_EXPIRED;
}

/* The request date as "YYYY-MM-DD", NULL when it is not a date. */
static char *
dup_request_date (McDestroyCaseDialog *self)
{
  GDate date;

  g_date_clear (&date, 1);
  if (!mc_date_parse_human (gtk_editable_get_text (GTK_EDITABLE (self->request_date_row)), &date))
    return NULL;
  return mc_date_to_iso8601 (&date);
}

static void
show_hint (McDestroyCaseDialog *self,
           const char          *text,
           gboolean             is_error)
{
  gtk_label_set_label (self->hint_label, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
}

static void
update_validation (McDestroyCaseDialog *self)
{
  gboolean request = current_reason (self) == MC_DESTROY_REQUEST;
  g_autofree char *request_date = request ? dup_request_date (self) : NULL;
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *hint = "";

  gtk_widget_set_visible (GTK_WIDGET (self->request_date_row), request);
  if (request && request_date == NULL)
    hint = _("Type the date of the client’s request.");
  else if (*passphrase == '\0')
    hint = _("Type the passphrase to confirm.");
  show_hint (self, hint, FALSE);
  gtk_widget_set_sensitive (self->destroy_button, *hint == '\0');
}

static void
destroy_case (McDestroyCaseDialog *self,
              McDestroyFlags       flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *request_date = NULL;
  g_autofree char *number = g_strdup (mc_record_get_string (MC_RECORD (self->case_), "number"));
  McDestroyReason reason = current_reason (self);

  if (reason == MC_DESTROY_REQUEST)
    request_date = dup_request_date (self);
  if (!mc_store_destroy_case (self->store, mc_record_get_id (MC_RECORD (self->case_)), reason, request_date,
                              &self->policy, flags, &error))
    {
      show_hint (self, error->message, TRUE);
      return;
    }

  g_signal_emit (self, signals[DESTROYED], 0, number);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* After the message dialog has gone: this window takes it along. */
static gboolean
destroy_confirmed_cb (gpointer user_data)
{
  McDestroyCaseDialog *self = user_data;

  if (self->store != NULL)
    destroy_case (self, MC_DESTROY_CONFIRMED_EARLY);
  return G_SOURCE_REMOVE;
}

static void
on_second_confirmation_cb (AdwMessageDialog    *dialog,
                           const char          *response,
                           McDestroyCaseDialog *self)
{
  if (g_strcmp0 (response, "destroy") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_confirmed_cb, g_object_ref (self), g_object_unref);
  else
    gtk_widget_grab_focus (self->cancel_button);
}

/* Not "Destroy" by default: Enter or Escape keep the case. */
static void
ask_second_confirmation (McDestroyCaseDialog *self)
{
  const char *number = mc_record_get_string (MC_RECORD (self->case_), "number");
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (mc_case_is_closed (self->case_))
    /* Translators: %s is the case number. */
    body = g_strdup_printf (_("The retention period of case %s has not ended. Destroy it now, on the client’s request? This cannot be undone."),
                            number);
  else
    /* Translators: %s is the case number. */
    body = g_strdup_printf (_("Case %s is open. Destroy it now, on the client’s request? This cannot be undone."),
                            number);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Destroy Before the Retention Period Ends?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep the Case"),
                                    "destroy", _("_Destroy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "destroy",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_second_confirmation_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_secret_checked_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(McDestroyCaseDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean confirmed = mc_store_confirm_secret_finish (MC_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->passphrase_row), TRUE);
  if (!confirmed)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
      show_hint (self, error->message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
      return;
    }

  update_validation (self);
  if (self->early)
    ask_second_confirmation (self);
  else
    destroy_case (self, MC_DESTROY_FLAGS_NONE);
}

static void
on_destroy_cb (McDestroyCaseDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *request_date = NULL;

  if (!gtk_widget_get_sensitive (self->destroy_button))
    return;

  if (current_reason (self) == MC_DESTROY_REQUEST)
    {
      request_date = dup_request_date (self);
      if (request_date == NULL || strcmp (request_date, today) > 0)
        {
          show_hint (self, _("The date of the request lies in the future."), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->request_date_row));
          return;
        }
    }

  if (self->checking != NULL)
    return;
  self->checking = g_cancellable_new ();
  gtk_widget_set_sensitive (self->destroy_button, FALSE);
  gtk_editable_set_editable (GTK_EDITABLE (self->passphrase_row), FALSE);
  show_hint (self, _("Checking the passphrase…"), FALSE);
  mc_store_confirm_secret_async (self->store, gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)),
                                 FALSE, self->checking, on_secret_checked_cb, g_object_ref (self));
}

static void
on_cancel_cb (McDestroyCaseDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

McDestroyCaseDialog *
mc_destroy_case_dialog_new (GtkWindow  *parent,
                            McStore    *store,
                            McProtocol *protocol,
                            McCase     *case_)
{
  McDestroyCaseDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;
  const char *number;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (MC_IS_CASE (case_), NULL);

  self = g_object_new (MC_TYPE_DESTROY_CASE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->case_ = g_object_ref (case_);
  number = mc_record_get_string (MC_RECORD (case_), "number");

  /* When either cannot be read, the case counts as early: the store
   * refuses an expired destruction that is not. */
  self->early = TRUE;
  if (!mc_store_get_retention_policy (store, protocol, &self->policy, NULL, &error)
      || !mc_store_destruction_is_early (store, mc_record_get_id (MC_RECORD (case_)), &self->policy,
                                         &self->early, &error))
    {
      mc_retention_policy_init_default (&self->policy);
      show_hint (self, error->message, TRUE);
    }

  /* Translators: %s is the case number. */
  description = g_strdup_printf (_("Case %s and everything in it will be destroyed for good. The history keeps that it was destroyed, when, by whom and why, but no longer what it said. A backup made before now still holds the case."),
                                 number);
  if (self->early)
    {
      g_autofree char *full = g_strdup_printf ("%s\n\n%s", description,
                                               mc_case_is_closed (case_)
                                               ? _("Its retention period has not ended: it can only be destroyed on the client’s request.")
                                               : _("It is open: it can only be destroyed on the client’s request."));

      g_free (description);
      description = g_steal_pointer (&full);
      adw_combo_row_set_selected (self->reason_row, MC_DESTROY_REQUEST);
      gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), FALSE);
    }
  /* The description is markup. */
  escaped = g_markup_escape_text (description, -1);
  adw_preferences_group_set_description (self->reason_group, escaped);

  update_validation (self);
  gtk_window_set_focus (GTK_WINDOW (self), self->early ? GTK_WIDGET (self->request_date_row)
                                                       : GTK_WIDGET (self->reason_row));

  return self;
}

static void
mc_destroy_case_dialog_dispose (GObject *object)
{
  McDestroyCaseDialog *self = MC_DESTROY_CASE_DIALOG (object);

  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_clear_object (&self->store);
  g_clear_object (&self->case_);

  G_OBJECT_CLASS (mc_destroy_case_dialog_parent_class)->dispose (object);
}

static void
mc_destroy_case_dialog_class_init (McDestroyCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_destroy_case_dialog_dispose;

  /**
   * McDestroyCaseDialog::destroyed:
   * @number: the number the case had
   *
   * The case was destroyed.
   */
  signals[DESTROYED] =
    g_signal_new ("destroyed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-destroy-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McDestroyCaseDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, McDestroyCaseDialog, destroy_button);
  gtk_widget_class_bind_template_child (widget_class, McDestroyCaseDialog, reason_group);
  gtk_widget_class_bind_template_child (widget_class, McDestroyCaseDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, McDestroyCaseDialog, request_date_row);
  gtk_widget_class_bind_template_child (widget_class, McDestroyCaseDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, McDestroyCaseDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, on_destroy_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_validation);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_destroy_case_dialog_init (McDestroyCaseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mc_combo_row_show_choices_whole (self->reason_row);
}
