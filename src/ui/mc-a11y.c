/* mc-a11y.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-a11y"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-text-field.h"

#define NAMED_KEY "mc-a11y-named"

/* "_Doorgaan" -> "Doorgaan", "a__b" -> "a_b". */
static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] == '_')
        p++;
      else if (*p == '_')
        continue;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

void
mc_a11y_set_label (GtkWidget  *widget,
                   const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (label == NULL || *label == '\0')
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (widget), NAMED_KEY, GINT_TO_POINTER (TRUE));
}

/* Whether a name was given on purpose (by a page or a .ui file), which
 * this pass leaves alone. GTK 4.8 has no getter for accessible
 * properties but the test one, which is public API. */
static gboolean
has_own_name (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), NAMED_KEY) != NULL)
    return FALSE;
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
         || gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static const char *
row_title (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  return row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : NULL;
}

/* The first label's text in @widget's tree. */
static const char *
first_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (ADW_IS_BUTTON_CONTENT (widget))
    return adw_button_content_get_label (ADW_BUTTON_CONTENT (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = first_label (child);

      if (text != NULL && *text != '\0')
        return text;
    }
  return NULL;
}

/* What libadwaita's own icon buttons do, for those without a tooltip. */
static const char *
icon_button_name (GtkWidget *button)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));
  const char *icon = gtk_button_get_icon_name (GTK_BUTTON (button));

  if (icon == NULL && GTK_IS_IMAGE (child))
    icon = gtk_image_get_icon_name (GTK_IMAGE (child));
  if (icon == NULL)
    return NULL;
  if (g_str_has_prefix (icon, "view-reveal") || g_str_has_prefix (icon, "view-conceal"))
    return _("Show or Hide Passphrase");
  if (g_str_has_prefix (icon, "window-close"))
    return _("Close");
  return NULL;
}

static char *
name_for (GtkWidget *widget)
{
  const char *text = NULL;

  if (GTK_IS_CHECK_BUTTON (widget))
    {
      text = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
      if (text == NULL)
        text = row_title (widget);
    }
  else if (GTK_IS_MENU_BUTTON (widget))
    {
      text = gtk_widget_get_tooltip_text (widget);
      if (text == NULL)
        text = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
    }
  else if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *menu_button = gtk_widget_get_ancestor (widget, GTK_TYPE_MENU_BUTTON);
      GtkWidget *drop_down = gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN);

      if (menu_button != NULL)
        text = gtk_widget_get_tooltip_text (menu_button);
      else if (drop_down != NULL)
        {
          text = gtk_widget_get_tooltip_text (drop_down);
          if (text == NULL)
            text = row_title (drop_down);
        }
      if (text == NULL)
        text = gtk_button_get_label (GTK_BUTTON (widget));
      if (text == NULL)
        text = first_label (widget);
      if (text == NULL)
        text = gtk_widget_get_tooltip_text (widget);
      if (text == NULL)
        text = icon_button_name (widget);
    }
  else if (GTK_IS_SPIN_BUTTON (widget) || GTK_IS_DROP_DOWN (widget))
    {
      text = gtk_widget_get_tooltip_text (widget);
      if (text == NULL)
        text = row_title (widget);
    }
  else if (GTK_IS_LIST_BOX (widget))
    {
      GtkWidget *group = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP);
      GtkWidget *status = gtk_widget_get_ancestor (widget, ADW_TYPE_STATUS_PAGE);

      if (group != NULL)
        text = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group));
      if ((text == NULL || *text == '\0') && status != NULL)
        text = adw_status_page_get_title (ADW_STATUS_PAGE (status));
    }
  else if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkWidget *status = gtk_widget_get_ancestor (widget, ADW_TYPE_STATUS_PAGE);
      GtkRoot *root = gtk_widget_get_root (widget);

      if (status != NULL)
        text = adw_status_page_get_title (ADW_STATUS_PAGE (status));
      if ((text == NULL || *text == '\0') && GTK_IS_WINDOW (root))
        text = gtk_window_get_title (GTK_WINDOW (root));
    }

  if (text == NULL || *text == '\0')
    return NULL;
  return strip_mnemonic (text);
}

static void
name_widget (GtkWidget *widget)
{
  g_autofree char *name = NULL;

  if (!gtk_widget_get_focusable (widget) && !GTK_IS_MENU_BUTTON (widget) && !GTK_IS_DROP_DOWN (widget))
    return;
  if (has_own_name (widget))
    return;
  name = name_for (widget);
  if (name != NULL)
    mc_a11y_set_label (widget, name);
}

void
mc_a11y_name_tree (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  name_widget (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    mc_a11y_name_tree (child);
  /* A menu button's popover is not its child in the tree walked here
   * when it is closed; a popover menu's items are named by GTK. */
}

/* Watching windows */

static gboolean
name_window_idle_cb (gpointer user_data)
{
  GtkWidget *window = user_data;

  g_object_set_data (G_OBJECT (window), "mc-a11y-idle", NULL);
  mc_a11y_name_tree (window);
  return G_SOURCE_REMOVE;
}

static void
queue_name_window (GtkWidget *window)
{
  guint id;

  if (g_object_get_data (G_OBJECT (window), "mc-a11y-idle") != NULL)
    return;
  id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, name_window_idle_cb, g_object_ref (window), g_object_unref);
  g_object_set_data (G_OBJECT (window), "mc-a11y-idle", GUINT_TO_POINTER (id));
}

static void
on_window_added_cb (GtkApplication *app,
                    GtkWindow      *window)
{
  g_signal_connect (window, "map", G_CALLBACK (queue_name_window), NULL);
  g_signal_connect (window, "notify::focus-widget", G_CALLBACK (queue_name_window), NULL);
}

void
mc_a11y_watch_application (GtkApplication *app)
{
  g_return_if_fail (GTK_IS_APPLICATION (app));

  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added_cb), NULL);
}

/* Check rows */

static void
sync_row_checked (GtkCheckButton *check,
                  GParamSpec     *pspec,
                  GtkWidget      *row)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_CHECKED,
                               gtk_check_button_get_active (check), -1);
}

void
mc_a11y_check_row (GtkWidget  *row,
                   GtkWidget  *check,
                   const char *label)
{
  g_return_if_fail (ADW_IS_ACTION_ROW (row));
  g_return_if_fail (GTK_IS_CHECK_BUTTON (check));

  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_widget_set_focusable (check, FALSE);
  mc_a11y_set_label (check, label);
  mc_a11y_set_label (row, label);
  sync_row_checked (GTK_CHECK_BUTTON (check), NULL, row);
  g_signal_connect_object (check, "notify::active", G_CALLBACK (sync_row_checked), row, 0);
}

/* Focus */

#define SCROLL_MARGIN 24

static gboolean
scroll_into_view_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  guint frames = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "mc-scroll-frames"));
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value, page, top, bottom;

  g_object_set_data (G_OBJECT (widget), "mc-scroll-frames", GUINT_TO_POINTER (frames + 1));
  if (scrolled == NULL || frames > 30)
    goto done;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  /* Not laid out yet: a row just added waits for its first allocation. */
  if (content == NULL || !gtk_widget_get_mapped (widget) || gtk_widget_get_height (widget) == 0
      || !gtk_widget_compute_bounds (widget, scrolled, &bounds))
    return G_SOURCE_CONTINUE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  /* Bounds in the scrolled window: on screen is 0 … page. */
  top = bounds.origin.y;
  bottom = bounds.origin.y + MIN (bounds.size.height, page - 2 * SCROLL_MARGIN);
  if (top < SCROLL_MARGIN)
    gtk_adjustment_set_value (adjustment, value + top - SCROLL_MARGIN);
  else if (bottom > page - SCROLL_MARGIN)
    gtk_adjustment_set_value (adjustment, value + bottom - page + SCROLL_MARGIN);

done:
  g_object_set_data (G_OBJECT (widget), "mc-scroll-frames", NULL);
  g_object_set_data (G_OBJECT (widget), "mc-scroll-tick", NULL);
  return G_SOURCE_REMOVE;
}

static void
scroll_into_view (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), "mc-scroll-tick") != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), "mc-scroll-tick", GINT_TO_POINTER (TRUE));
  gtk_widget_add_tick_callback (widget, scroll_into_view_cb, NULL, NULL);
}

static void
show_focus (GtkWidget *focused)
{
  GtkRoot *root = gtk_widget_get_root (focused);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
  scroll_into_view (focused);
}

void
mc_focus_widget (GtkWidget *widget)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* A text row is a preferences row around a McTextField. */
  if (GTK_IS_LIST_BOX_ROW (widget) && !ADW_IS_ENTRY_ROW (widget)
      && (child = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (widget))) != NULL
      && MC_IS_TEXT_FIELD (child))
    widget = GTK_WIDGET (mc_text_field_get_text_view (MC_TEXT_FIELD (child)));
  else if (MC_IS_TEXT_FIELD (widget))
    widget = GTK_WIDGET (mc_text_field_get_text_view (MC_TEXT_FIELD (widget)));

  gtk_widget_grab_focus (widget);
  show_focus (widget);
}

gboolean
mc_focus_first (GtkWidget *container)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (GTK_IS_WIDGET (container), FALSE);

  root = gtk_widget_get_root (container);
  if (root == NULL)
    return FALSE;
  /* child_focus() moves on from the focus it finds inside: start afresh. */
  gtk_root_set_focus (root, NULL);
  if (!gtk_widget_child_focus (container, GTK_DIR_TAB_FORWARD))
    return FALSE;

  focus = gtk_root_get_focus (root);
  if (focus != NULL)
    show_focus (focus);
  return TRUE;
}
