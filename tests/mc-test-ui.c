/* mc-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "mc-test-ui.h"

GtkWidget *
mc_test_find_widget (GtkWidget       *root,
                     McTestMatchFunc  match,
                     gconstpointer    data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mc_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
mc_test_find_mapped (GtkWidget       *root,
                     McTestMatchFunc  match,
                     gconstpointer    data)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mc_test_find_mapped (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWindow *
mc_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

gboolean
mc_test_is_button_labelled (GtkWidget     *widget,
                            gconstpointer  label)
{
  GtkWidget *child;

  if (!GTK_IS_BUTTON (widget))
    return FALSE;
  if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return TRUE;
  child = gtk_button_get_child (GTK_BUTTON (widget));
  if (ADW_IS_BUTTON_CONTENT (child))
    return g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)), label) == 0;
  /* A label beside a spinner. */
  if (GTK_IS_BOX (child))
    for (GtkWidget *c = gtk_widget_get_first_child (child); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_LABEL (c) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (c)), label) == 0)
        return TRUE;
  return FALSE;
}

gboolean
mc_test_is_row_titled (GtkWidget     *widget,
                       gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

void
mc_test_collect_widgets (GtkWidget *root,
                         GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_ptr_array_add (out, child);
      mc_test_collect_widgets (child, out);
    }
}

gboolean
mc_test_is_button_with_label (GtkWidget     *widget,
                              gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

gboolean
mc_test_is_button_content_labelled (GtkWidget     *widget,
                                    gconstpointer  label)
{
  GtkWidget *child = GTK_IS_BUTTON (widget) ? gtk_button_get_child (GTK_BUTTON (widget)) : NULL;

  return child != NULL && ADW_IS_BUTTON_CONTENT (child)
         && g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)), label) == 0;
}

gboolean
mc_test_is_named (GtkWidget     *widget,
                  gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

gboolean
mc_test_is_label_with_text (GtkWidget     *widget,
                            gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

gboolean
mc_test_is_button_with_tooltip (GtkWidget     *widget,
                                gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

gboolean
mc_test_is_menu_button_with_tooltip (GtkWidget     *widget,
                                     gconstpointer  tooltip)
{
  return GTK_IS_MENU_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

GtkWidget *
mc_test_find_descendant (GtkWidget *widget,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  /* A drop-down's own list is never what a test looks for. */
  if (GTK_IS_DROP_DOWN (widget))
    return NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mc_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Why a person could not use @widget now, or NULL when they could. */
static const char *
unusable_because (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return "hidden";
  if (!gtk_widget_get_mapped (widget))
    return "not on the screen (not mapped)";
  if (!gtk_widget_get_sensitive (widget))
    return "insensitive";
  if (!gtk_widget_get_can_target (widget))
    return "not a target for the pointer";
  if (gtk_widget_get_opacity (widget) <= 0.0)
    return "fully transparent";
  return NULL;
}

static void
on_clicked (gboolean *clicked)
{
  *clicked = TRUE;
}

void
mc_test_activate (GtkWidget *widget)
{
  GtkWidget *target = widget;
  GtkWidget *outermost = NULL;
  gint64 deadline;
  gboolean clicked = FALSE;
  gulong handler = 0;

  g_assert_true (GTK_IS_WIDGET (widget));
  /* What was just shown is mapped and gets its size at the next frames
   * (an expander row opening, a page sliding in): a person sees it then.
   * What stays out of use for seconds fails, and the outermost widget in
   * the way names the cause (a hidden page, a closed expander, an
   * insensitive group). */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  for (;;)
    {
      outermost = NULL;
      for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
        if (unusable_because (w) != NULL)
          outermost = w;
      if (outermost == NULL && gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0)
        break;
      if (g_get_monotonic_time () > deadline)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if (outermost == widget)
    g_error ("Cannot activate a %s: it is %s", G_OBJECT_TYPE_NAME (widget), unusable_because (widget));
  if (outermost != NULL)
    g_error ("Cannot activate a %s: its ancestor, a %s, is %s", G_OBJECT_TYPE_NAME (widget),
             G_OBJECT_TYPE_NAME (outermost), unusable_because (outermost));
  g_assert_cmpint (gtk_widget_get_width (widget), >, 0);
  g_assert_cmpint (gtk_widget_get_height (widget), >, 0);
  g_assert_true (gtk_widget_is_sensitive (widget));
  g_assert_true (gtk_widget_is_drawable (widget));

  /* Enter in an entry row goes to its text, which the row listens to. */
  if (ADW_IS_ENTRY_ROW (widget))
    {
      target = mc_test_find_descendant (widget, GTK_TYPE_TEXT);
      g_assert_nonnull (target);
      /* An empty row shows its title where the text goes, and the text
       * fades in once it has the focus, as when a person clicks on it. */
      g_assert_true (gtk_widget_grab_focus (target));
      WAIT_UNTIL (unusable_because (target) == NULL);
    }

  g_object_ref (target);
  if (GTK_IS_BUTTON (target))
    handler = g_signal_connect_swapped (target, "clicked", G_CALLBACK (on_clicked), &clicked);
  if (GTK_IS_TEXT (target))
    {
      /* GTK 4.8's text has no activate signal for gtk_widget_activate():
       * Enter is a key binding to its "activate" action signal, on the
       * text that has the focus. */
      g_assert_true (gtk_widget_has_focus (target) || gtk_widget_grab_focus (target));
      g_signal_emit_by_name (target, "activate");
    }
  else if (!gtk_widget_activate (target))
    g_error ("A %s has no activation (Enter or Space does nothing)", G_OBJECT_TYPE_NAME (target));
  if (handler != 0)
    {
      WAIT_UNTIL (clicked);
      /* A button that removes its own row is gone by now, handlers too. */
      if (g_signal_handler_is_connected (target, handler))
        g_signal_handler_disconnect (target, handler);
    }
  g_object_unref (target);
}

void
mc_test_settle (void)
{
  gint64 until = g_get_monotonic_time () + 400 * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
on_after_paint (gboolean *painted)
{
  *painted = TRUE;
}

/* What @widget's last frame drew. A widget paintable shows the render node
 * of the widget's last frame, and a widget that changed since has none
 * until the next frame is drawn: under load that comes late, and the
 * picture would be empty. Then wait for a frame to be painted, and try
 * again. */
static GskRenderNode *
drawn_node (GtkWidget *widget,
            int        width,
            int        height)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      GskRenderNode *node;
      GdkFrameClock *clock;
      gboolean painted = FALSE;
      gulong handler;

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node != NULL)
        return node;

      clock = gtk_widget_get_frame_clock (widget);
      g_assert_nonnull (clock);
      handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
      gtk_widget_queue_draw (widget);
      WAIT_UNTIL (painted);
      g_signal_handler_disconnect (clock, handler);
    }

  g_error ("A %s was never drawn", G_OBJECT_TYPE_NAME (widget));
}

void
mc_test_screenshot (GtkWidget  *widget,
                    const char *path)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_rect_t bounds;
  int width;
  int height;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree guint32 *pixels = NULL;

  /* The widget as it is drawn, at 1:1: its bounds hold the border and
   * padding that gtk_widget_get_width() leaves out (a window's frame), so
   * a window of 1000×700 gives a picture of 1000×700, not a scaled one. */
  g_assert_true (gtk_widget_compute_bounds (widget, widget, &bounds));
  width = (int) (bounds.size.width + 0.5f);
  height = (int) (bounds.size.height + 0.5f);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  node = drawn_node (widget, width, height);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Text, icons and backgrounds give hundreds of colours; an empty or
   * one-colour picture a handful. */
  pixels = g_new (guint32, (gsize) width * height);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height && g_hash_table_size (colours) <= 64; i++)
    g_hash_table_add (colours, GUINT_TO_POINTER (pixels[i]));
  g_assert_cmpuint (g_hash_table_size (colours), >, 64);
}

GtkWindow *
mc_test_open_dialog (GtkWindow  *parent,
                     const char *action)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before = g_list_model_get_n_items (toplevels);
  GtkWindow *dialog = NULL;

  gtk_widget_activate_action (GTK_WIDGET (parent), action, NULL);
  WAIT_UNTIL (g_list_model_get_n_items (toplevels) > before);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != parent && gtk_window_get_transient_for (window) == parent)
        dialog = window;
    }
  if (dialog == NULL)
    g_error ("%s opens no dialog", action);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  mc_test_settle ();
  return dialog;
}

void
mc_test_close_dialog (GtkWindow *dialog)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before = g_list_model_get_n_items (toplevels);

  if (GTK_IS_FILE_CHOOSER_DIALOG (dialog))
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  else
    gtk_window_close (dialog);
  WAIT_UNTIL (g_list_model_get_n_items (toplevels) < before);
  mc_test_settle ();
}
