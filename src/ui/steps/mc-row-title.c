/* mc-row-title.c: an expander row's title and subtitle, laid out once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "mc-row-title.h"

#include "mc-step-rows.h"

/* libadwaita 1.2's `row > box.header > box.title` (margins, spacing),
 * which does not reach a prefix. */
#define TITLE_SPACING 3
#define TITLE_MARGIN  6

#define ROW_TITLE_KEY "mc-row-title"

struct _McRowTitle
{
  GtkWidget  parent_instance;

  GtkWidget *title;
  GtkWidget *subtitle;
};

G_DEFINE_FINAL_TYPE (McRowTitle, mc_row_title, GTK_TYPE_WIDGET)

static GtkSizeRequestMode
mc_row_title_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* A width at any height is the width unconstrained: the header always
 * gives the title its height at the width it allocates. */
static void
mc_row_title_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  guint n_shown = 0;

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      n_shown++;
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else
        {
          gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
          *minimum += child_min;
          *natural += child_nat;
        }
    }
  if (orientation == GTK_ORIENTATION_VERTICAL && n_shown > 1)
    {
      *minimum += TITLE_SPACING * (int) (n_shown - 1);
      *natural += TITLE_SPACING * (int) (n_shown - 1);
    }
}

static void
mc_row_title_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  int heights[2] = { 0, 0 };
  GtkWidget *children[2];
  int total = 0;
  int y;
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL && n < 2;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &heights[n], NULL, NULL);
      total += heights[n] + (n > 0 ? TITLE_SPACING : 0);
      children[n++] = child;
    }

  /* Centred, as the row's own title box is (valign center). */
  y = MAX (0, (height - total) / 2);
  for (guint i = 0; i < n; i++)
    {
      gtk_widget_allocate (children[i], width, heights[i], -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y)));
      y += heights[i] + TITLE_SPACING;
    }
}

static void
mc_row_title_dispose (GObject *object)
{
  McRowTitle *self = MC_ROW_TITLE (object);

  g_clear_pointer (&self->title, gtk_widget_unparent);
  g_clear_pointer (&self->subtitle, gtk_widget_unparent);

  G_OBJECT_CLASS (mc_row_title_parent_class)->dispose (object);
}

static void
mc_row_title_class_init (McRowTitleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_row_title_dispose;
  widget_class->get_request_mode = mc_row_title_get_request_mode;
  widget_class->measure = mc_row_title_measure;
  widget_class->size_allocate = mc_row_title_size_allocate;
}

static GtkWidget *
title_label_new (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, css_class);
  mc_label_bound (GTK_LABEL (label));

  return label;
}

static void
mc_row_title_init (McRowTitle *self)
{
  self->title = title_label_new ("title");
  self->subtitle = title_label_new ("subtitle");
  gtk_widget_set_visible (self->subtitle, FALSE);
  gtk_widget_set_parent (self->title, GTK_WIDGET (self));
  gtk_widget_set_parent (self->subtitle, GTK_WIDGET (self));

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (GTK_WIDGET (self), TITLE_MARGIN);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), TITLE_MARGIN);
}

GtkLabel *
mc_row_title_get_title (McRowTitle *self)
{
  g_return_val_if_fail (MC_IS_ROW_TITLE (self), NULL);

  return GTK_LABEL (self->title);
}

GtkLabel *
mc_row_title_get_subtitle (McRowTitle *self)
{
  g_return_val_if_fail (MC_IS_ROW_TITLE (self), NULL);

  return GTK_LABEL (self->subtitle);
}

McRowTitle *
mc_row_title_for_row (AdwExpanderRow *row)
{
  g_return_val_if_fail (ADW_IS_EXPANDER_ROW (row), NULL);

  return g_object_get_data (G_OBJECT (row), ROW_TITLE_KEY);
}

/* The row's own title box: a box "title" in a box "header", outside the
 * rows the expander row holds (in its GtkRevealer, or its list of rows). */
static GtkWidget *
find_title_box (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_REVEALER (child))
        continue;
      if (GTK_IS_BOX (child) && gtk_widget_has_css_class (child, "title")
          && gtk_widget_has_css_class (widget, "header"))
        return child;
      found = find_title_box (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
follow_title_cb (AdwExpanderRow *row,
                 GParamSpec     *pspec,
                 McRowTitle     *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  const char *subtitle = adw_expander_row_get_subtitle (row);

  /* (Set only when it differs: a new text is a new layout.) */
  if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (self->title)), title) != 0)
    gtk_label_set_label (GTK_LABEL (self->title), title);
  if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (self->subtitle)), subtitle) != 0)
    gtk_label_set_label (GTK_LABEL (self->subtitle), subtitle);
  gtk_widget_set_visible (self->subtitle, subtitle != NULL && *subtitle != '\0');
}

void
mc_row_title_take_over (AdwExpanderRow *row)
{
  GtkWidget *title_box;
  GtkWidget *header_row;
  McRowTitle *self;

  g_return_if_fail (ADW_IS_EXPANDER_ROW (row));
  g_return_if_fail (!adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));

  if (mc_row_title_for_row (row) != NULL)
    return;
  title_box = find_title_box (GTK_WIDGET (row));
  header_row = title_box != NULL ? gtk_widget_get_ancestor (title_box, ADW_TYPE_ACTION_ROW) : NULL;
  if (header_row == NULL)
    return;

  self = g_object_new (MC_TYPE_ROW_TITLE, NULL);
  g_object_set_data (G_OBJECT (row), ROW_TITLE_KEY, self);
  gtk_widget_set_visible (title_box, FALSE);
  adw_expander_row_add_prefix (row, GTK_WIDGET (self));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (header_row),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL,
                                  -1);
  follow_title_cb (row, NULL, self);
  g_signal_connect_object (row, "notify::title", G_CALLBACK (follow_title_cb), self, 0);
  g_signal_connect_object (row, "notify::subtitle", G_CALLBACK (follow_title_cb), self, 0);
}
