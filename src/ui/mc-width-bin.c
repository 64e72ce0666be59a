/* mc-width-bin.c: a bin that asks for a natural width of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's leaflet folds when its panes no longer get their natural
 * widths (ADW_FOLD_THRESHOLD_POLICY_NATURAL). A pane's natural width is
 * then where the fold comes: the sidebar's 300 px and the case's 600 px
 * fold it below about 900 px, while the case alone, folded, is usable
 * down to its minimum (360 px). A width-request cannot say that: it
 * raises the minimum, and the window could not be narrower than 600 px.
 * Heights, and the minimum width, are the child's.
 */

#include "config.h"

#include "mc-width-bin.h"

struct _McWidthBin
{
  GtkWidget  parent_instance;

  GtkWidget *child;
  int        natural_width;
};

G_DEFINE_FINAL_TYPE (McWidthBin, mc_width_bin, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  PROP_NATURAL_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_width_bin_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  McWidthBin *self = MC_WIDTH_BIN (widget);

  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    {
      *minimum = *natural = 0;
      return;
    }
  gtk_widget_measure (self->child, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL && self->natural_width >= 0)
    *natural = MAX (*minimum, self->natural_width);
}

static void
mc_width_bin_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  McWidthBin *self = MC_WIDTH_BIN (widget);

  if (self->child != NULL && gtk_widget_should_layout (self->child))
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

static GtkSizeRequestMode
mc_width_bin_get_request_mode (GtkWidget *widget)
{
  McWidthBin *self = MC_WIDTH_BIN (widget);

  return self->child != NULL ? gtk_widget_get_request_mode (self->child)
                             : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
mc_width_bin_compute_expand (GtkWidget *widget,
                             gboolean  *hexpand,
                             gboolean  *vexpand)
{
  McWidthBin *self = MC_WIDTH_BIN (widget);

  *hexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_HORIZONTAL);
  *vexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_VERTICAL);
}

static void
mc_width_bin_dispose (GObject *object)
{
  McWidthBin *self = MC_WIDTH_BIN (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (mc_width_bin_parent_class)->dispose (object);
}

static void
mc_width_bin_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  McWidthBin *self = MC_WIDTH_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    case PROP_NATURAL_WIDTH:
      g_value_set_int (value, self->natural_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_width_bin_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  McWidthBin *self = MC_WIDTH_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      mc_width_bin_set_child (self, g_value_get_object (value));
      break;
    case PROP_NATURAL_WIDTH:
      mc_width_bin_set_natural_width (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_width_bin_class_init (McWidthBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_width_bin_dispose;
  object_class->get_property = mc_width_bin_get_property;
  object_class->set_property = mc_width_bin_set_property;

  widget_class->measure = mc_width_bin_measure;
  widget_class->size_allocate = mc_width_bin_size_allocate;
  widget_class->get_request_mode = mc_width_bin_get_request_mode;
  widget_class->compute_expand = mc_width_bin_compute_expand;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NATURAL_WIDTH] =
    g_param_spec_int ("natural-width", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
mc_width_bin_init (McWidthBin *self)
{
  self->natural_width = -1;
}

GtkWidget *
mc_width_bin_new (void)
{
  return g_object_new (MC_TYPE_WIDTH_BIN, NULL);
}

void
mc_width_bin_set_child (McWidthBin *self,
                        GtkWidget  *child)
{
  g_return_if_fail (MC_IS_WIDTH_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

GtkWidget *
mc_width_bin_get_child (McWidthBin *self)
{
  g_return_val_if_fail (MC_IS_WIDTH_BIN (self), NULL);

  return self->child;
}

void
mc_width_bin_set_natural_width (McWidthBin *self,
                                int         natural_width)
{
  g_return_if_fail (MC_IS_WIDTH_BIN (self));
  g_return_if_fail (natural_width >= -1);

  if (self->natural_width == natural_width)
    return;
  self->natural_width = natural_width;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NATURAL_WIDTH]);
}

int
mc_width_bin_get_natural_width (McWidthBin *self)
{
  g_return_val_if_fail (MC_IS_WIDTH_BIN (self), -1);

  return self->natural_width;
}
