/* mc-a11y.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-a11y"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-text-field.h"


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

/* A name this pass gave, given again as the text it came from changes. */
#define PASS_NAMED_KEY "mc-a11y-pass-named"

static void
set_name (GtkWidget  *widget,
          const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  /* GTK 4.8 reads the label and then every widget it is labelled by
   * (a button's own label, a row's title): "Annuleren Annuleren". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

void
mc_a11y_set_label (GtkWidget  *widget,
                   const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (label == NULL || *label == '\0')
    return;
  set_name (widget, label);
  g_object_set_data (G_OBJECT (widget), PASS_NAMED_KEY, NULL);
}

static gboolean
has_label (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static gboolean
has_labelled_by (GtkWidget *widget)
{
  return gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* GTK labels a button by its child: for an icon that is an image without
 * a name, which a screen reader hears as "GtkImage" (the password row's
 * peek button, a toast's close button). */
static gboolean
is_labelled_by_icon (GtkWidget *widget)
{
  GtkWidget *child;

  if (!GTK_IS_BUTTON (widget) || !has_labelled_by (widget))
    return FALSE;
  child = gtk_button_get_child (GTK_BUTTON (widget));
  return child == NULL || (GTK_IS_IMAGE (child) && !has_label (child));
}

/* libadwaita labels a preferences group's list by the group's title,
 * hidden and empty when the group has none: "GtkListBox". */
static gboolean
is_labelled_by_empty_title (GtkWidget *widget)
{
  GtkWidget *group;
  const char *title;

  if (!GTK_IS_LIST_BOX (widget) || !has_labelled_by (widget) || has_label (widget))
    return FALSE;
  group = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP);
  if (group == NULL)
    return FALSE;
  title = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group));
  return title == NULL || *title == '\0';
}

/* Whether a name was given on purpose (by a page or a .ui file), which
 * this pass leaves alone. GTK 4.8 has no getter for accessible
 * properties but the test one, which is public API. A name this pass
 * gave is given again (the text it came from may have changed). */
static gboolean
has_own_name (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), PASS_NAMED_KEY) != NULL)
    return FALSE;
  return has_label (widget)
         || (has_labelled_by (widget) && !is_labelled_by_icon (widget) && !is_labelled_by_empty_title (widget));
}

/* GTK's list item widget (a row of a list view, a drop-down's choice and
 * the choice shown on its button) is private: known by its type name. */
static gboolean
is_list_item (GtkWidget *widget)
{
  static GType type = 0;

  if (type == 0)
    type = g_type_from_name ("GtkListItemWidget");
  return type != 0 && G_TYPE_CHECK_INSTANCE_TYPE (widget, type);
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
  g_autofree char *owned = NULL;
  const char *text = NULL;

  if (is_list_item (widget))
    text = first_label (widget);
  else if (ADW_IS_PREFERENCES_ROW (widget))
    text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  else if (GTK_IS_LIST_BOX_ROW (widget))
    text = first_label (widget);
  else if (GTK_IS_FLOW_BOX_CHILD (widget))
    text = first_label (widget);
  else if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_object_get (widget, "placeholder-text", &owned, NULL);
      text = owned != NULL ? owned : _("Search");
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
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
  else if (GTK_IS_LIST_VIEW (widget) || GTK_IS_LIST_BOX (widget) || GTK_IS_FLOW_BOX (widget)
           || GTK_IS_SCROLLED_WINDOW (widget))
    {
      /* A list or a pane is named by what holds it: the drop-down whose
       * choices it shows, the group or page it is in, else the window. */
      GtkWidget *drop_down = gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN);
      GtkWidget *combo_row = gtk_widget_get_ancestor (widget, ADW_TYPE_COMBO_ROW);
      GtkWidget *group = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP);
      GtkWidget *status = gtk_widget_get_ancestor (widget, ADW_TYPE_STATUS_PAGE);
      GtkRoot *root = gtk_widget_get_root (widget);

      if (combo_row != NULL)
        text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (combo_row));
      else if (drop_down != NULL)
        {
          text = gtk_widget_get_tooltip_text (drop_down);
          if (text == NULL)
            text = row_title (drop_down);
        }
      if ((text == NULL || *text == '\0') && group != NULL && !GTK_IS_SCROLLED_WINDOW (widget))
        text = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group));
      if ((text == NULL || *text == '\0') && status != NULL)
        text = adw_status_page_get_title (ADW_STATUS_PAGE (status));
      if ((text == NULL || *text == '\0') && GTK_IS_WINDOW (root))
        text = gtk_window_get_title (GTK_WINDOW (root));
    }

  if (text == NULL || *text == '\0')
    return NULL;
  return strip_mnemonic (text);
}

/* What a screen reader reads as a control, focusable or not in GTK's
 * sense (a spin button and a search entry focus their text). */
static gboolean
is_control (GtkWidget *widget)
{
  return gtk_widget_get_focusable (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget)
         || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_SEARCH_ENTRY (widget);
}

static void name_widget (GtkWidget *widget);

/* GTK gives a button with a label its raw text, mnemonic included, and
 * labels it by its label child as well, again when the label changes. */
static void
on_label_changed_cb (GtkWidget  *widget,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  name_widget (widget);
}

/* Names again when the text a name came from changes: a button's label
 * ("Herstelsleutel gebruiken"), a tooltip ("Tekst tonen", "Tekst
 * verbergen"). */
static void
watch_text (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), "mc-a11y-text-watch") != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), "mc-a11y-text-watch", GINT_TO_POINTER (TRUE));
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "label") != NULL)
    g_signal_connect (widget, "notify::label", G_CALLBACK (on_label_changed_cb), NULL);
  g_signal_connect (widget, "notify::tooltip-text", G_CALLBACK (on_label_changed_cb), NULL);
}

static void
name_widget (GtkWidget *widget)
{
  g_autofree char *name = NULL;
  const char *label = NULL;

  if (!is_control (widget))
    return;

  if (GTK_IS_CHECK_BUTTON (widget))
    label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  else if (GTK_IS_BUTTON (widget))
    label = gtk_button_get_label (GTK_BUTTON (widget));
  if (label != NULL && *label != '\0')
    {
      watch_text (widget);
      name = strip_mnemonic (label);
      set_name (widget, name);
      return;
    }

  /* A drop-down's button: GTK names it by the choice shown ("(Geen)"),
   * which the drop-down itself already says. */
  if (GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget)))
    g_object_set_data (G_OBJECT (widget), PASS_NAMED_KEY, GINT_TO_POINTER (TRUE));

  if (has_own_name (widget))
    {
      /* Named on purpose and labelled by its title too: said twice. */
      if (has_label (widget) && has_labelled_by (widget))
        gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      return;
    }
  name = name_for (widget);
  if (name != NULL)
    {
      watch_text (widget);
      set_name (widget, name);
      g_object_set_data (G_OBJECT (widget), PASS_NAMED_KEY, GINT_TO_POINTER (TRUE));
    }
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
watch_window (GtkWidget *window)
{
  if (g_object_get_data (G_OBJECT (window), "mc-a11y-watched") != NULL)
    return;
  g_object_set_data (G_OBJECT (window), "mc-a11y-watched", GINT_TO_POINTER (TRUE));
  g_signal_connect (window, "map", G_CALLBACK (queue_name_window), NULL);
  g_signal_connect (window, "notify::focus-widget", G_CALLBACK (queue_name_window), NULL);
  if (gtk_widget_get_mapped (window))
    queue_name_window (window);
}

/* Every toplevel, not only the application's windows: a dialog made
 * transient for a window is not added to the application. */
static void
on_toplevels_changed_cb (GListModel *toplevels,
                         guint       position,
                         guint       removed,
                         guint       added,
                         gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      watch_window (window);
    }
}

void
mc_a11y_watch_application (GtkApplication *app)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_return_if_fail (GTK_IS_APPLICATION (app));

  if (g_object_get_data (G_OBJECT (toplevels), "mc-a11y-watched") != NULL)
    return;
  g_object_set_data (G_OBJECT (toplevels), "mc-a11y-watched", GINT_TO_POINTER (TRUE));
  g_signal_connect (toplevels, "items-changed", G_CALLBACK (on_toplevels_changed_cb), NULL);
  on_toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels), NULL);
}

void
mc_a11y_name_list_item (GtkWidget  *child,
                        const char *label,
                        const char *description)
{
  GtkWidget *item;

  g_return_if_fail (GTK_IS_WIDGET (child));

  item = gtk_widget_get_parent (child);
  if (item == NULL || !is_list_item (item) || label == NULL || *label == '\0')
    return;
  mc_a11y_set_label (item, label);
  if (description != NULL && *description != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
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
  /* Not even asked: GTK 4.8's check button says it took the focus when
   * Tab goes into it, and keeps it on the row (a trap). */
  gtk_widget_set_can_focus (check, FALSE);
  mc_a11y_set_label (check, label);
  mc_a11y_set_label (row, label);
  sync_row_checked (GTK_CHECK_BUTTON (check), NULL, row);
  g_signal_connect_object (check, "notify::active", G_CALLBACK (sync_row_checked), row, 0);
}

/* Announcing */

#define ANNOUNCE_SECONDS 10

void
mc_a11y_show_alert (GtkWidget *alert)
{
  g_return_if_fail (GTK_IS_WIDGET (alert));

  /* Hidden and shown again: GTK 4.8 tells the bus the alert was removed
   * and added, and the reader reads what is added. */
  gtk_widget_set_visible (alert, FALSE);
  gtk_widget_set_visible (alert, TRUE);
}

GtkWidget *
mc_a11y_announcer_new (void)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                                   "visible", FALSE,
                                   "can-target", FALSE,
                                   "focusable", FALSE,
                                   "wrap", TRUE,
                                   "halign", GTK_ALIGN_START,
                                   "valign", GTK_ALIGN_END,
                                   NULL);

  /* For the ear only: sighted users see the toast or the label it
   * repeats. */
  gtk_widget_set_opacity (label, 0);
  gtk_widget_set_name (label, "mc-announcer");
  return label;
}

static gboolean
hide_announcer_cb (gpointer user_data)
{
  GtkWidget *announcer = user_data;

  g_object_set_data (G_OBJECT (announcer), "mc-announce-source", NULL);
  gtk_widget_set_visible (announcer, FALSE);
  gtk_label_set_label (GTK_LABEL (announcer), "");
  return G_SOURCE_REMOVE;
}

void
mc_a11y_announce (GtkWidget  *announcer,
                  const char *message)
{
  guint source;

  g_return_if_fail (GTK_IS_LABEL (announcer));
  g_return_if_fail (message != NULL);

  source = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (announcer), "mc-announce-source"));
  if (source != 0)
    g_source_remove (source);
  gtk_label_set_label (GTK_LABEL (announcer), message);
  mc_a11y_show_alert (announcer);
  source = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, ANNOUNCE_SECONDS, hide_announcer_cb,
                                       g_object_ref (announcer), g_object_unref);
  g_object_set_data (G_OBJECT (announcer), "mc-announce-source", GUINT_TO_POINTER (source));
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
