/* test-ui-smoke.c: the application starts, shows its windows and exits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "mc-application.h"
#include "mc-preferences-window.h"
#include "mc-window.h"
#include "mc-test-ui.h"

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* Opens a window through @action, checks it maps, and closes it again. */
static void
open_and_close (GApplication *app,
                const char   *action,
                GType         type)
{
  GtkWindow *window;

  g_test_message ("app.%s", action);
  g_assert_null (find_toplevel (type));
  g_action_group_activate_action (G_ACTION_GROUP (app), action, NULL);
  WAIT_UNTIL ((window = find_toplevel (type)) != NULL && gtk_widget_get_mapped (GTK_WIDGET (window)));

  gtk_window_close (window);
  WAIT_UNTIL (find_toplevel (type) == NULL);
}

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  gboolean *ran = user_data;
  GtkWindow *main_window;

  main_window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (MC_IS_WINDOW (main_window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (main_window)));

  open_and_close (app, "about", ADW_TYPE_ABOUT_WINDOW);
  open_and_close (app, "preferences", MC_TYPE_PREFERENCES_WINDOW);
  open_and_close (app, "shortcuts", GTK_TYPE_SHORTCUTS_WINDOW);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  *ran = TRUE;
}

static void
test_smoke_start_and_quit (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  gboolean ran = FALSE;
  int status;

  /* Tests may run beside a real instance on the same session bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &ran);

  status = g_application_run (G_APPLICATION (app), 0, NULL);

  g_assert_true (ran);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

static void
test_smoke_window_size_saved (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  GSettings *settings = mc_application_get_settings (app);
  McWindow *window;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_settings_set_int (settings, "window-width", 777);
  g_settings_set_int (settings, "window-height", 555);

  window = mc_window_new (app);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 777);
    g_assert_cmpint (height, ==, 555);
  }

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_window_close (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_application_get_windows (GTK_APPLICATION (app)) == NULL);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/smoke/start-and-quit", test_smoke_start_and_quit);
  g_test_add_func ("/ui/smoke/window-size-saved", test_smoke_window_size_saved);

  return g_test_run ();
}
