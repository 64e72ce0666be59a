/* mc-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

void
mc_test_screenshot (GtkWidget  *widget,
                    const char *path)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_rect_t bounds;
  int width;
  int height;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
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
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
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
