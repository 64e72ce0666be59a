/* mc-case-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-case-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-case-row.h"
#include "mc-completeness.h"
#include "mc-dates.h"

struct _McCaseRow
{
  GtkWidget  parent_instance;

  GtkLabel  *client_label;
  GtkImage  *attention_icon;
  GtkLabel  *step_label;
  GtkLabel  *reason_label;
  GtkLabel  *changed_label;
  GtkLabel  *due_badge;

  /* What the row shows: a summary of the lazy list can change (a reload
   * hands it another case), and the row follows it. */
  McCaseSummary *summary;
  McProtocol    *protocol;
  gulong         changed_id;
  /* Changed or bound while off screen: shown when it is on screen. */
  gboolean       stale;
  /* Mapped while stale: the frame clock's layout phase, after the list
   * has allocated its rows (mc_case_row_map()). */
  GdkFrameClock *layout_clock;
  gulong         layout_id;
};

G_DEFINE_FINAL_TYPE (McCaseRow, mc_case_row, GTK_TYPE_WIDGET)

McCaseRow *
mc_case_row_new (void)
{
  return g_object_new (MC_TYPE_CASE_ROW, NULL);
}

/* The local time zone, read again once a minute: GLib 2.74 reads it from
 * the system for every g_time_zone_new_local() without $TZ, and a search
 * shows some 200 rows at once. */
static GTimeZone *
get_local_zone (void)
{
  static GTimeZone *zone = NULL;
  static gint64 read_at = 0;
  gint64 now = g_get_monotonic_time ();

  if (zone == NULL || now - read_at > 60 * G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      read_at = now;
    }
  return zone;
}

static char *
format_changed (const char *updated_at)
{
  g_autoptr(GDateTime) when = NULL;

  if (updated_at == NULL)
    return g_strdup ("");
  when = g_date_time_new_from_iso8601 (updated_at, get_local_zone ());
  if (when == NULL)
    return g_strdup ("");

  return mc_format_date_time_in (when, get_local_zone ());
}

static void
show_summary (McCaseRow     *self,
              McCaseSummary *summary,
              McProtocol    *protocol)
{
  g_autofree char *step = NULL;
  g_autofree char *changed = NULL;
  const char *reason = NULL;
  gboolean needs_attention = FALSE;
  gboolean closed;
  guint current_step = 0;
  const char *number;

  if (summary == NULL)
    {
      gtk_label_set_label (self->client_label, "");
      gtk_label_set_label (self->step_label, "");
      gtk_label_set_label (self->reason_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->reason_label), FALSE);
      gtk_label_set_label (self->changed_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->attention_icon), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->due_badge), FALSE);
      return;
    }

  /* Where the case stands is what the store keeps with it: nothing is
   * loaded to bind a row. */
  current_step = mc_case_summary_get_step (summary);
  needs_attention = mc_case_summary_get_needs_attention (summary);
  number = mc_case_summary_get_number (summary);
  closed = g_strcmp0 (mc_case_summary_get_status (summary), "closed") == 0;
  if (closed)
    {
      const char *reason_id = mc_case_summary_get_close_reason (summary);
      const McProtocolItem *item = reason_id != NULL ? mc_protocol_lookup_close_reason (protocol, reason_id) : NULL;

      reason = item != NULL ? item->label : reason_id;
      /* Where it stood no longer matters. */
      needs_attention = FALSE;
    }
  if (closed)
    /* Translators: the case list; %s is the case number. */
    step = g_strdup_printf (_("Closed · %s"), number);
  else if (current_step != 0)
    /* Translators: the case list; "Step 3 of 5 · 2026-0001". */
    step = g_strdup_printf (_("Step %u of 5 · %s"), current_step, number);
  else
    step = g_strdup (number);
  changed = format_changed (mc_case_summary_get_updated_at (summary));

  gtk_label_set_label (self->client_label, mc_case_summary_get_client_name (summary));
  gtk_label_set_label (self->step_label, step);
  gtk_label_set_label (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reason_label), reason);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
  gtk_label_set_label (self->changed_label, changed);
  gtk_widget_set_visible (GTK_WIDGET (self->attention_icon), needs_attention);
  /* A closed case has nothing due (mc-due.h). */
  gtk_widget_set_visible (GTK_WIDGET (self->due_badge), !closed && mc_case_summary_get_follow_up_due (summary));
  /* The list's row is what a screen reader lands on: the client, then
   * where the case stands. */
  mc_a11y_name_list_item (GTK_WIDGET (self), mc_case_summary_get_client_name (summary), step);
}

/* GTK 4.8's list view binds some 200 rows, of which it shows (maps) the
 * few in its viewport: a row off screen keeps what it showed until it
 * comes on screen, so a reload or a search lays out only those. */
static void
on_summary_changed_cb (McCaseRow *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_summary (self, self->summary, self->protocol);
  else
    self->stale = TRUE;
}

static void
cancel_layout (McCaseRow *self)
{
  if (self->layout_clock != NULL)
    g_clear_signal_handler (&self->layout_id, self->layout_clock);
  g_clear_object (&self->layout_clock);
}

static void
on_layout_cb (GdkFrameClock *clock,
              McCaseRow     *self)
{
  cancel_layout (self);
  if (self->stale && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = FALSE;
      show_summary (self, self->summary, self->protocol);
    }
}

/* The list view maps every row it makes as it inserts it, and unmaps
 * those off screen when it allocates them (gtk_widget_set_child_visible()).
 * So a stale row is shown in the layout phase after the list's allocation
 * (GtkRoot's handler runs first: this one runs after), when a row still
 * mapped is one on screen; the frame clock runs the layout phase again
 * for the sizes that change, before it paints. */
static void
mc_case_row_map (GtkWidget *widget)
{
  McCaseRow *self = MC_CASE_ROW (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (mc_case_row_parent_class)->map (widget);
  if (!self->stale || self->layout_clock != NULL)
    return;
  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    {
      self->stale = FALSE;
      show_summary (self, self->summary, self->protocol);
      return;
    }
  self->layout_clock = g_object_ref (clock);
  self->layout_id = g_signal_connect_after (clock, "layout", G_CALLBACK (on_layout_cb), self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

static void
mc_case_row_unmap (GtkWidget *widget)
{
  cancel_layout (MC_CASE_ROW (widget));
  GTK_WIDGET_CLASS (mc_case_row_parent_class)->unmap (widget);
}

static void
drop_summary (McCaseRow *self)
{
  if (self->summary != NULL)
    g_clear_signal_handler (&self->changed_id, self->summary);
  g_clear_object (&self->summary);
  g_clear_object (&self->protocol);
}

void
mc_case_row_set_summary (McCaseRow     *self,
                         McCaseSummary *summary,
                         McStore       *store,
                         McProtocol    *protocol)
{
  g_return_if_fail (MC_IS_CASE_ROW (self));
  g_return_if_fail (summary == NULL || MC_IS_STORE (store));
  g_return_if_fail (summary == NULL || MC_IS_PROTOCOL (protocol));

  drop_summary (self);
  self->stale = FALSE;
  /* Unbound: off the list, until it is bound again (the labels are set
   * then). */
  if (summary == NULL)
    return;
  self->summary = g_object_ref (summary);
  self->protocol = g_object_ref (protocol);
  self->changed_id = g_signal_connect_swapped (summary, "changed", G_CALLBACK (on_summary_changed_cb), self);
  on_summary_changed_cb (self);
}

/* The rows the list lets go, for the next ones it makes: at most as many
 * as GTK 4.8's list view keeps (GTK_LIST_VIEW_MAX_LIST_ITEMS). The list
 * item holds its row until it is torn down: by then GTK has taken the row
 * out of it. */
#define POOL_MAX 200
#define ROW_KEY "mc-case-row"

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          GPtrArray                *pool)
{
  GtkWidget *row;

  if (pool->len > 0)
    row = g_ptr_array_steal_index_fast (pool, pool->len - 1);
  else
    row = g_object_ref_sink (GTK_WIDGET (mc_case_row_new ()));
  gtk_list_item_set_child (item, row);
  g_object_set_data_full (G_OBJECT (item), ROW_KEY, row, g_object_unref);
}

static void
teardown_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             GPtrArray                *pool)
{
  GtkWidget *row = g_object_steal_data (G_OBJECT (item), ROW_KEY);

  if (row == NULL)
    return;
  gtk_list_item_set_child (item, NULL);
  if (pool->len < POOL_MAX && gtk_widget_get_parent (row) == NULL)
    g_ptr_array_add (pool, row);
  else
    g_object_unref (row);
}

GtkListItemFactory *
mc_case_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GPtrArray *pool = g_ptr_array_new_with_free_func (g_object_unref);

  /* The factory outlives every list item it tears down. */
  g_object_set_data_full (G_OBJECT (factory), "mc-case-row-pool", pool, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), pool);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cb), pool);
  return factory;
}

static void
mc_case_row_dispose (GObject *object)
{
  GtkWidget *child;

  drop_summary (MC_CASE_ROW (object));
  cancel_layout (MC_CASE_ROW (object));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_case_row_parent_class)->dispose (object);
}

static void
mc_case_row_class_init (McCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_case_row_dispose;
  widget_class->map = mc_case_row_map;
  widget_class->unmap = mc_case_row_unmap;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static GtkLabel *
add_label (GtkWidget  *parent,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_parent (label, parent);
  return GTK_LABEL (label);
}

/* Built in code, not from a template: GTK 4.8's list view makes its rows
 * again whenever the length of its list changes (a search), some 200 at a
 * time, and GtkBuilder took most of that time. The rows the list lets go
 * are kept for the next ones (mc-window.c), which these widgets suit: a
 * box of labels, no bindings. */
static void
mc_case_row_init (McCaseRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (widget);
  GtkWidget *line;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 2);
  gtk_widget_set_margin_top (widget, 6);
  gtk_widget_set_margin_bottom (widget, 6);
  gtk_widget_set_hexpand (widget, TRUE);

  self->client_label = add_label (widget, "heading");

  /* The step, with the icon of a case that needs attention before it. */
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (line, widget);
  self->attention_icon = GTK_IMAGE (gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_widget_set_visible (GTK_WIDGET (self->attention_icon), FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->attention_icon), _("Needs attention"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->attention_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Needs attention"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->attention_icon), "warning");
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->attention_icon));
  self->step_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->step_label, 0);
  gtk_label_set_ellipsize (self->step_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->step_label), TRUE);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->step_label));

  /* On a line of its own: beside the name it would leave the name and the
   * step no room in the sidebar. */
  self->due_badge = add_label (widget, "mc-badge");
  gtk_label_set_label (self->due_badge, C_("badge", "Follow-up due"));
  gtk_widget_add_css_class (GTK_WIDGET (self->due_badge), "caption-heading");
  gtk_widget_set_halign (GTK_WIDGET (self->due_badge), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->due_badge), 2);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->due_badge), 2);
  gtk_widget_set_visible (GTK_WIDGET (self->due_badge), FALSE);

  self->reason_label = add_label (widget, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), FALSE);

  self->changed_label = add_label (widget, "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->changed_label), "caption");
}
