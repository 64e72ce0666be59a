/* mc-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-application"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-application.h"
#include "mc-preferences-window.h"
#include "mc-window.h"

struct _McApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *store_dir;
  McProtocol     *protocol;
  char           *protocol_warning;
  /* Counts the reminders sent and withdrawn, so a check that answers late
   * does not send one withdrawn since. */
  guint           reminder_serial;
  gboolean        reminder_sent;
  /* Once a notification service was seen, it is not asked for again. */
  gboolean        notifications_seen;
};

#define REMINDER_ID "due-reminder"
#define NOTIFICATIONS_NAME "org.freedesktop.Notifications"

G_DEFINE_FINAL_TYPE (McApplication, mc_application, ADW_TYPE_APPLICATION)

McApplication *
mc_application_new (void)
{
  return g_object_new (MC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* The same resources serve the Devel app id. */
                       "resource-base-path", RESOURCE_PATH,
                       /* For the screensaver-active property: lock with the screen. */
                       "register-session", TRUE,
                       NULL);
}

GSettings *
mc_application_get_settings (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  return self->settings;
}

const char *
mc_application_get_store_dir (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  if (self->store_dir == NULL)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-store-path");

      self->store_dir = *last != '\0' ? g_steal_pointer (&last) : mc_store_get_default_dir ();
    }

  return self->store_dir;
}

static void
load_protocol (McApplication *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "protocol-file");
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->protocol);
  g_clear_pointer (&self->protocol_warning, g_free);

  if (*path != '\0')
    {
      self->protocol = mc_protocol_new_from_path (path, &error);
      if (self->protocol == NULL)
        {
          /* Translators: %s says what is wrong with the file. */
          self->protocol_warning = g_strdup_printf (_("The organisation's protocol file cannot be used, so the built-in protocol is used. %s"),
                                                    error->message);
          g_clear_error (&error);
        }
    }

  if (self->protocol == NULL)
    {
      self->protocol = mc_protocol_new_default (&error);
      /* The built-in protocol is tested at build time: failing here is a bug. */
      if (self->protocol == NULL)
        g_error ("The built-in protocol does not load: %s", error->message);
    }
}

McProtocol *
mc_application_get_protocol (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  if (self->protocol == NULL)
    load_protocol (self);

  return self->protocol;
}

const char *
mc_application_get_protocol_warning (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  mc_application_get_protocol (self);
  return self->protocol_warning;
}

/* Notifications */

typedef struct
{
  McApplication *app;
  GNotification *notification;
  guint          serial;
  gboolean       asked_activatable;
} ReminderData;

static void
reminder_data_free (ReminderData *data)
{
  g_object_unref (data->app);
  g_object_unref (data->notification);
  g_free (data);
}

static void
send_now (ReminderData *data)
{
  if (data->serial != data->app->reminder_serial)
    return;
  g_application_send_notification (G_APPLICATION (data->app), REMINDER_ID, data->notification);
  data->app->reminder_sent = TRUE;
}

static void ask_bus (ReminderData *data,
                     const char   *method);

/* Without a notification service GIO warns once and shows nothing: a
 * session without one (a test, a bare window manager) gets no reminder.
 * A service that starts on demand counts. */
static void
bus_answer_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ReminderData *data = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_debug ("No answer about notifications: %s", error->message);
  else if (!data->asked_activatable)
    g_variant_get (reply, "(b)", &found);
  else
    {
      g_autofree const char **names = NULL;

      g_variant_get (reply, "(^a&s)", &names);
      found = names != NULL && g_strv_contains (names, NOTIFICATIONS_NAME);
    }

  if (found)
    {
      data->app->notifications_seen = TRUE;
      send_now (data);
    }
  else if (reply != NULL && !data->asked_activatable)
    {
      data->asked_activatable = TRUE;
      ask_bus (data, "ListActivatableNames");
      return;
    }
  else
    g_debug ("No notification service: no reminder");

  reminder_data_free (data);
}

static void
ask_bus (ReminderData *data,
         const char   *method)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (data->app));
  gboolean has_owner = g_str_equal (method, "NameHasOwner");

  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          method, has_owner ? g_variant_new ("(s)", NOTIFICATIONS_NAME) : NULL,
                          has_owner ? G_VARIANT_TYPE ("(b)") : G_VARIANT_TYPE ("(as)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, bus_answer_cb, data);
}

void
mc_application_send_reminder (McApplication *self,
                              GNotification *notification)
{
  ReminderData *data;

  g_return_if_fail (MC_IS_APPLICATION (self));
  g_return_if_fail (G_IS_NOTIFICATION (notification));

  if (g_application_get_dbus_connection (G_APPLICATION (self)) == NULL)
    return;

  data = g_new0 (ReminderData, 1);
  data->app = g_object_ref (self);
  data->notification = g_object_ref (notification);
  data->serial = ++self->reminder_serial;

  /* In a sandbox the portal shows notifications, and the service's name
   * may not be visible. */
  if (self->notifications_seen || g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      send_now (data);
      reminder_data_free (data);
      return;
    }
  ask_bus (data, "NameHasOwner");
}

void
mc_application_withdraw_reminder (McApplication *self)
{
  g_return_if_fail (MC_IS_APPLICATION (self));

  self->reminder_serial++;
  if (!self->reminder_sent)
    return;
  g_application_withdraw_notification (G_APPLICATION (self), REMINDER_ID);
  self->reminder_sent = FALSE;
}

static void
on_protocol_file_changed_cb (McApplication *self)
{
  load_protocol (self);
}

static void
on_screensaver_active_cb (McApplication *self)
{
  gboolean active = FALSE;

  g_object_get (self, "screensaver-active", &active, NULL);
  if (!active)
    return;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MC_IS_WINDOW (l->data))
      mc_window_lock (l->data);
}

static int
mc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  McApplication *self = MC_APPLICATION (app);
  const char *store = NULL;

  if (g_variant_dict_lookup (options, "store", "^&ay", &store))
    {
      g_free (self->store_dir);
      self->store_dir = g_canonicalize_filename (store, NULL);
      /* A store given on the command line belongs to this process alone. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

static void
mc_application_activate (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (mc_window_new (self));

  gtk_window_present (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  McApplication *self = user_data;
  GList *windows;

  /* Close the windows first so they save their state. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);

  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  McApplication *self = user_data;
  static const char *developers[] = { "Ambiq", NULL };
  GtkWindow *parent;
  GtkWidget *about;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-icon", "nl.ambiq.Meldcode",
                        "application-name", _("Meldcode"),
                        "developer-name", "Ambiq",
                        "version", VERSION,
                        "comments", _("Follow the five steps of the reporting code for domestic violence and child abuse, and record every decision."),
                        "website", "https://www.ambiq.nl/",
                        "support-url", "https://www.ambiq.nl/contact/",
                        "copyright", "© 2026 Ambiq",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your name(s), one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  McApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!GTK_IS_APPLICATION_WINDOW (window))
    return;

  /* As the window's help overlay, the shortcuts find the application's
   * accelerators to show; a window of its own shows none. */
  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PATH "/ui/mc-shortcuts-window.ui");

      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (window),
                                               GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "shortcuts_window")));
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  McApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  McStore *store = MC_IS_WINDOW (window) ? mc_window_get_store (MC_WINDOW (window)) : NULL;
  McPreferencesWindow *preferences;

  preferences = mc_preferences_window_new (self->settings, store, mc_application_get_protocol (self));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* From the reminder: the case at once, or once the store is unlocked
 * (the window opens the last case at unlock). */
static void
open_case_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  McApplication *self = user_data;
  gint64 case_id = g_variant_get_int64 (parameter);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!MC_IS_WINDOW (window))
    {
      g_application_activate (G_APPLICATION (self));
      window = gtk_application_get_active_window (GTK_APPLICATION (self));
    }
  if (!MC_IS_WINDOW (window) || case_id <= 0)
    return;

  if (mc_window_get_store (MC_WINDOW (window)) == NULL)
    g_settings_set_int64 (self->settings, "last-case-id", case_id);
  else
    mc_window_open_case (MC_WINDOW (window), case_id);
  gtk_window_present (window);
}

static const GActionEntry app_actions[] = {
  { "open-case", open_case_action, "x" },
  { "quit", quit_action },
  { "about", about_action },
  { "shortcuts", shortcuts_action },
  { "preferences", preferences_action },
};

static void
mc_application_startup (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);

  G_APPLICATION_CLASS (mc_application_parent_class)->startup (app);
  mc_a11y_watch_application (GTK_APPLICATION (app));

  /* No file chooser of the app (exports, figures, imports) may put a
   * name in the desktop's recently used files: see mc-report-actions.c. */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);

  g_signal_connect_object (self->settings, "changed::protocol-file",
                           G_CALLBACK (on_protocol_file_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::screensaver-active",
                    G_CALLBACK (on_screensaver_active_cb), NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts",
                                         (const char *[]) { "<Control>question", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.lock",
                                         (const char *[]) { "<Control>l", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-case",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search",
                                         (const char *[]) { "<Control>f", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.print",
                                         (const char *[]) { "<Control>p", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.export-pdf",
                                         (const char *[]) { "<Control>e", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-history",
                                         (const char *[]) { "<Control>h", NULL });
  for (int step = 1; step <= 5; step++)
    {
      g_autofree char *action = g_strdup_printf ("win.show-step(%d)", step);
      g_autofree char *accel = g_strdup_printf ("<Alt>%d", step);

      gtk_application_set_accels_for_action (GTK_APPLICATION (self), action,
                                             (const char *[]) { accel, NULL });
    }
}

static void
mc_application_dispose (GObject *object)
{
  McApplication *self = MC_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->protocol);
  g_clear_pointer (&self->protocol_warning, g_free);
  g_clear_pointer (&self->store_dir, g_free);

  G_OBJECT_CLASS (mc_application_parent_class)->dispose (object);
}

static void
mc_application_class_init (McApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mc_application_dispose;

  app_class->activate = mc_application_activate;
  app_class->startup = mc_application_startup;
  app_class->handle_local_options = mc_application_handle_local_options;
}

static void
mc_application_init (McApplication *self)
{
  static const GOptionEntry options[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Use the store in DIRECTORY instead of the default one"), N_("DIRECTORY") },
    { NULL }
  };

  /* The schema id stays the same for the Devel app id: one set of settings. */
  self->settings = g_settings_new ("nl.ambiq.Meldcode");

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}
