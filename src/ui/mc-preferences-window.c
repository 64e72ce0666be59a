/* mc-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-combo-list.h"
#include "mc-limits.h"
#include "mc-passphrase-dialog.h"
#include "mc-preferences-window.h"
#include "mc-store-retention.h"

struct _McPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  McStore              *store;
  McProtocol           *protocol;

  AdwEntryRow          *user_name_row;
  AdwEntryRow          *user_role_row;
  AdwEntryRow          *user_organisation_row;
  AdwEntryRow          *user_phone_row;
  AdwEntryRow          *user_email_row;
  GtkSpinButton        *auto_lock_spin;
  AdwActionRow         *protocol_row;
  GtkWidget            *protocol_reset_button;
  AdwActionRow         *passphrase_row;
  AdwActionRow         *backup_row;
  AdwPreferencesGroup  *retention_group;
  GtkSpinButton        *retention_years_spin;
  AdwComboRow          *retention_start_row;
  /* A spin goes a year a click: the period is stored (and audited) once
   * it rests, or when the window closes. */
  guint                 retention_source;
};

G_DEFINE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void toast (McPreferencesWindow *self,
                   const char          *message);

static void
save_retention (McPreferencesWindow *self,
                gboolean             closing)
{
  g_autoptr(GError) error = NULL;
  McRetentionPolicy policy = {
    .years = (guint) gtk_spin_button_get_value_as_int (self->retention_years_spin),
    .start = adw_combo_row_get_selected (self->retention_start_row) == 1 ? MC_RETENTION_FROM_MAJORITY
                                                                         : MC_RETENTION_FROM_CLOSING,
  };

  g_clear_handle_id (&self->retention_source, g_source_remove);
  if (self->store == NULL)
    return;
  if (mc_store_set_retention_policy (self->store, &policy, &error))
    return;
  if (closing)
    g_warning ("The retention period was not stored: %s", error->message);
  else
    toast (self, error->message);
}

static gboolean
save_retention_cb (gpointer user_data)
{
  McPreferencesWindow *self = user_data;

  self->retention_source = 0;
  save_retention (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_retention_changed_cb (McPreferencesWindow *self)
{
  g_clear_handle_id (&self->retention_source, g_source_remove);
  self->retention_source = g_timeout_add (800, save_retention_cb, self);
}

/* What applies now: the store's setting, else the protocol's. */
static void
load_retention (McPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  McRetentionPolicy policy;

  mc_retention_policy_init_default (&policy);
  if (self->store == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->retention_group), FALSE);
      mc_protocol_get_retention (self->protocol, &policy);
    }
  else if (!mc_store_get_retention_policy (self->store, self->protocol, &policy, NULL, &error))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->retention_group), FALSE);
      g_warning ("The retention period cannot be read: %s", error->message);
    }
  gtk_spin_button_set_value (self->retention_years_spin, policy.years);
  adw_combo_row_set_selected (self->retention_start_row, policy.start == MC_RETENTION_FROM_MAJORITY ? 1 : 0);
  /* Connected after: showing it changes nothing. */
  g_signal_connect_object (self->retention_years_spin, "value-changed", G_CALLBACK (on_retention_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->retention_start_row, "notify::selected", G_CALLBACK (on_retention_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
limit_row (AdwEntryRow *row,
           int          max)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  if (delegate != NULL && GTK_IS_TEXT (delegate))
    gtk_text_set_max_length (GTK_TEXT (delegate), max);
}

McPreferencesWindow *
mc_preferences_window_new (GSettings  *settings,
                           McStore    *store,
                           McProtocol *protocol)
{
  McPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (store == NULL || MC_IS_STORE (store), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);

  self = g_object_new (MC_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->protocol = g_object_ref (protocol);

  g_settings_bind (settings, "user-name", self->user_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "user-role", self->user_role_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "user-organisation", self->user_organisation_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "user-phone", self->user_phone_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "user-email", self->user_email_row, "text", G_SETTINGS_BIND_DEFAULT);
  /* What a report takes (mc-limits.h): a line for the organisation, a
   * name for the rest. */
  limit_row (self->user_name_row, MC_LIMIT_NAME_CHARS);
  limit_row (self->user_role_row, MC_LIMIT_NAME_CHARS);
  limit_row (self->user_organisation_row, MC_LIMIT_LINE_CHARS);
  limit_row (self->user_phone_row, MC_LIMIT_NAME_CHARS);
  limit_row (self->user_email_row, MC_LIMIT_NAME_CHARS);
  g_settings_bind (settings, "auto-lock-minutes", self->auto_lock_spin, "value", G_SETTINGS_BIND_DEFAULT);

  load_retention (self);

  if (store == NULL)
    {
      const char *locked = _("Unlock Meldcode first");

      gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->backup_row), FALSE);
      adw_action_row_set_subtitle (self->passphrase_row, locked);
      adw_action_row_set_subtitle (self->backup_row, locked);
    }

  {
    g_autofree char *path = g_settings_get_string (settings, "protocol-file");
    g_autofree char *subtitle = NULL;

    if (*path == '\0')
      /* Translators: %s is the protocol's title, e.g. "Meldcode Ambiq". */
      subtitle = g_strdup_printf (_("Built in: %s"), mc_protocol_get_title (protocol));
    else
      subtitle = g_strdup_printf ("%s\n%s", mc_protocol_get_title (protocol), path);
    adw_action_row_set_subtitle (self->protocol_row, subtitle);
    gtk_widget_set_visible (self->protocol_reset_button, *path != '\0');
  }

  return self;
}

static void
toast (McPreferencesWindow *self,
       const char          *message)
{
  /* Toast titles are markup in libadwaita 1.2; messages quote file names. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *t = adw_toast_new (escaped);

  adw_toast_set_timeout (t, 8);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

static void
protocol_chosen_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(McPreferencesWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *subtitle = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = g_file_get_path (file);
  if (path == NULL)
    goto out;

  /* Checked here, so a wrong file is refused with its reason at once. */
  protocol = mc_protocol_new_from_path (path, &error);
  if (protocol == NULL)
    {
      toast (self, error->message);
      goto out;
    }

  g_settings_set_string (self->settings, "protocol-file", path);
  g_set_object (&self->protocol, protocol);
  subtitle = g_strdup_printf ("%s\n%s", mc_protocol_get_title (protocol), path);
  adw_action_row_set_subtitle (self->protocol_row, subtitle);
  gtk_widget_set_visible (self->protocol_reset_button, TRUE);

out:
  g_object_unref (dialog);
}

static void
on_protocol_choose_cb (McPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose the Organisation's Protocol"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Protocol files (XML)"));
  gtk_file_filter_add_suffix (filter, "xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (protocol_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_protocol_reset_cb (McPreferencesWindow *self)
{
  g_autoptr(McProtocol) builtin = mc_protocol_new_default (NULL);
  g_autofree char *subtitle = NULL;

  g_settings_set_string (self->settings, "protocol-file", "");
  if (builtin != NULL)
    {
      subtitle = g_strdup_printf (_("Built in: %s"), mc_protocol_get_title (builtin));
      adw_action_row_set_subtitle (self->protocol_row, subtitle);
    }
  gtk_widget_set_visible (self->protocol_reset_button, FALSE);
}

static void
on_change_passphrase_cb (McPreferencesWindow *self)
{
  McPassphraseDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = mc_passphrase_dialog_new (GTK_WINDOW (self), self->store);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
backup_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(McPreferencesWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = g_file_get_path (file);
    }

  if (path != NULL)
    {
      if (mc_store_backup (self->store, path, &error))
        /* Translators: %s is the file the backup was written to. */
        message = g_strdup_printf (_("Backup saved in %s"), path);
      else
        message = g_strdup (error->message);
      toast (self, message);
    }

  g_object_unref (dialog);
}

static void
on_backup_cb (McPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (self->store == NULL)
    return;

  /* Translators: the suggested file name of a backup; keep the %s (a date)
   * and the .mcbackup extension. */
  name = g_strdup_printf (_("meldcode-backup-%s.mcbackup"), date);
  chooser = gtk_file_chooser_native_new (_("Save Backup"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (backup_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
mc_preferences_window_dispose (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  if (self->retention_source != 0)
    save_retention (self, TRUE);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->protocol);

  G_OBJECT_CLASS (mc_preferences_window_parent_class)->dispose (object);
}

static void
mc_preferences_window_class_init (McPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, user_name_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, user_role_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, user_organisation_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, user_phone_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, user_email_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, auto_lock_spin);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, protocol_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, protocol_reset_button);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, backup_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, retention_group);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, retention_years_spin);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, retention_start_row);
  gtk_widget_class_bind_template_callback (widget_class, on_protocol_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_protocol_reset_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_change_passphrase_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_backup_cb);
}

static void
mc_preferences_window_init (McPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mc_combo_row_show_choices_whole (self->retention_start_row);
}
