/* bench-ui-start.c: one start of Meldcode (or, with --bare, of an empty
 * AdwApplicationWindow; other arguments go to Meldcode), printing the monotonic time of the first frame
 * the window paints, then quitting. bench-ui runs both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mc-application.h"
#include "mc-i18n.h"

static void
after_paint_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  printf ("%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, app);
  g_application_quit (app);
}

static void
on_map_cb (GtkWidget    *window,
           GApplication *app)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), app);
}

static void
watch_window (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* Presenting a toplevel maps it at once: it may be mapped already. */
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    on_map_cb (GTK_WIDGET (window), app);
  else
    g_signal_connect (window, "map", G_CALLBACK (on_map_cb), app);
}

static void
bare_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  g_signal_connect (window, "map", G_CALLBACK (on_map_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GApplication) app = NULL;

  mc_i18n_init ();

  if (argc > 1 && strcmp (argv[1], "--bare") == 0)
    {
      app = G_APPLICATION (adw_application_new ("nl.ambiq.Meldcode.BenchBare", G_APPLICATION_NON_UNIQUE));
      g_signal_connect (app, "activate", G_CALLBACK (bare_activate_cb), NULL);
      return g_application_run (app, 1, argv);
    }
  else
    {
      app = G_APPLICATION (mc_application_new ());
      g_application_set_flags (app, G_APPLICATION_NON_UNIQUE);
      /* After the app's own activate has made and presented the window. */
      g_signal_connect_after (app, "activate", G_CALLBACK (watch_window), NULL);
    }

  return g_application_run (app, argc, argv);
}
