/* mc-combo-list.c: drop-down lists that show each choice whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lists of AdwComboRow end their labels with "…" at
 * 20 characters; the protocol's choices are sentences ("Taakhouder
 * meldcode of aandachtsfunctionaris"). This factory wraps them.
 */

#include "config.h"

#include "mc-combo-list.h"

/* The widest a choice grows before it wraps: wider than every protocol
 * item's label on one line at 1000×700, narrow enough for a phone. */
#define CHOICE_WIDTH_CHARS 40

static void
update_check (GtkListItem *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *owner = g_object_get_data (G_OBJECT (item), "mc-choice-owner");

  if (box == NULL || owner == NULL)
    return;
  gtk_widget_set_opacity (gtk_widget_get_last_child (box),
                          gtk_list_item_get_position (item) == adw_combo_row_get_selected (ADW_COMBO_ROW (owner)) ? 1 : 0);
}

static GtkWidget *
choice_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), CHOICE_WIDTH_CHARS);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

static void
list_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               GtkWidget                *owner)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *check = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", "object-select-symbolic",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);

  gtk_box_append (GTK_BOX (box), choice_label_new ());
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);

  g_object_set_data (G_OBJECT (item), "mc-choice-owner", owner);
  g_signal_connect_object (owner, "notify::selected", G_CALLBACK (update_check), item, G_CONNECT_SWAPPED);
}

static void
list_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              GtkWidget                *owner)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (string));
  update_check (item);
}

static GtkListItemFactory *
list_factory_new (GtkWidget *owner)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  /* The factory lives as long as its owner, which it points to. */
  g_signal_connect (factory, "setup", G_CALLBACK (list_setup_cb), owner);
  g_signal_connect (factory, "bind", G_CALLBACK (list_bind_cb), owner);
  return factory;
}

void
mc_combo_row_show_choices_whole (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkExpression) expression = NULL;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  factory = list_factory_new (GTK_WIDGET (row));
  adw_combo_row_set_list_factory (row, factory);
  /* With a list factory of its own the row needs to be told the text. */
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  adw_combo_row_set_expression (row, expression);
}
