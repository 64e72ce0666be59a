/* mc-stats-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-stats-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-report-import.h"
#include "mc-stats-chart.h"
#include "mc-stats-display.h"
#include "mc-output-file.h"
#include "mc-report-export.h"
#include "mc-stats-store.h"
#include "mc-stats-window.h"
#include "mc-stats-xml.h"

struct _McStatsWindow
{
  AdwWindow       parent_instance;

  McStore        *store;
  McProtocol     *protocol;
  McStats        *stats;
  gboolean        from_store;   /* the store's own figures, not a file's */

  AdwWindowTitle *title;
  GtkSpinButton  *year;
  GtkWidget      *save_button;
  GtkWidget      *pdf_button;
  GtkBox         *body;
  AdwToastOverlay *toasts;
};

G_DEFINE_FINAL_TYPE (McStatsWindow, mc_stats_window, ADW_TYPE_WINDOW)

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
toast (McStatsWindow *self,
       const char    *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

/* The page's own colours: text in the style's foreground, bars in its
 * accent, the outcomes in colours that hold up on both backgrounds. */
static void
read_palette (GtkWidget      *widget,
              McStatsPalette *palette)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA color;

  mc_stats_palette_init_print (palette);
  palette->font = NULL;
  gtk_style_context_get_color (context, &color);
  palette->foreground = (McStatsColor) { color.red, color.green, color.blue, color.alpha };
  if (gtk_style_context_lookup_color (context, "accent_bg_color", &color))
    palette->accent = (McStatsColor) { color.red, color.green, color.blue, color.alpha };
  if (dark)
    {
      /* Lighter, so the bars keep their contrast on a dark background. */
      for (guint i = 0; i < MC_STATS_N_OUTCOMES; i++)
        {
          palette->series[i].red = 0.35 + 0.65 * palette->series[i].red;
          palette->series[i].green = 0.35 + 0.65 * palette->series[i].green;
          palette->series[i].blue = 0.35 + 0.65 * palette->series[i].blue;
        }
    }
}

static void
draw_chart_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  McStatsWindow *self = MC_STATS_WINDOW (gtk_widget_get_root (GTK_WIDGET (area)));
  McStatsChart chart = GPOINTER_TO_UINT (user_data);
  McStatsPalette palette;
  g_autofree char *font = NULL;
  PangoFontDescription *description;

  if (self == NULL || self->stats == NULL)
    return;
  read_palette (GTK_WIDGET (area), &palette);
  description = pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (area)));
  font = pango_font_description_to_string (description);
  palette.font = font;
  mc_stats_chart_draw (cr, self->stats, chart, &palette, width, height);
}

/* The numbers of a table as labels in a grid: what a screen reader reads
 * in place of the chart. */
static GtkWidget *
table_widget (const McStatsTable *table)
{
  GtkWidget *grid = gtk_grid_new ();
  guint first_row = table->n_cols > 1 ? 1 : 0;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_set_valign (grid, GTK_ALIGN_START);
  set_accessible_label (grid, table->title);

  if (table->n_cols > 1)
    for (guint c = 0; c < table->n_cols; c++)
      {
        GtkWidget *label = gtk_label_new (table->col_labels[c]);

        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
        gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
        gtk_label_set_xalign (GTK_LABEL (label), 1);
        gtk_widget_add_css_class (label, "caption");
        gtk_widget_add_css_class (label, "dim-label");
        gtk_grid_attach (GTK_GRID (grid), label, (int) c + 1, 0, 1, 1);
      }
  for (guint r = 0; r < table->n_rows; r++)
    {
      GtkWidget *label = gtk_label_new (table->row_labels[r]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
      gtk_grid_attach (GTK_GRID (grid), label, 0, (int) (r + first_row), 1, 1);
      for (guint c = 0; c < table->n_cols; c++)
        {
          g_autofree char *cell = mc_stats_table_cell (table, r, c);
          GtkWidget *value = gtk_label_new (cell);

          gtk_label_set_xalign (GTK_LABEL (value), 1);
          gtk_widget_add_css_class (value, "numeric");
          if (table->n_cols > 1)
            {
              /* Translators: a cell of a table for screen readers:
               * "Q1, Report: 12". */
              g_autofree char *description = g_strdup_printf (_("%s, %s: %s"), table->row_labels[r],
                                                              table->col_labels[c], cell);

              set_accessible_label (value, description);
            }
          gtk_grid_attach (GTK_GRID (grid), value, (int) c + 1, (int) (r + first_row), 1, 1);
        }
    }
  return grid;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-3");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  return label;
}

static void
add_chart (McStatsWindow *self,
           McStatsChart   chart)
{
  g_autoptr(McStatsTable) table = mc_stats_table_new (self->stats, mc_stats_chart_table_kind (chart), self->protocol);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *area = gtk_drawing_area_new ();
  g_autofree char *description = NULL;

  gtk_box_append (self->body, heading (mc_stats_chart_title (chart)));
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 420);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), chart == MC_STATS_CHART_OUTCOMES ? 230 : 170);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart_cb, GUINT_TO_POINTER (chart), NULL);
  gtk_widget_set_hexpand (area, TRUE);
  /* Translators: what a screen reader says of a chart. */
  description = g_strdup_printf (_("Chart: %s. The numbers are in the table beside it."),
                                 mc_stats_chart_title (chart));
  set_accessible_label (area, description);
  gtk_box_append (GTK_BOX (row), area);
  gtk_box_append (GTK_BOX (row), table_widget (table));
  gtk_box_append (self->body, row);
}

static void
rebuild (McStatsWindow *self)
{
  GtkWidget *child;
  g_autofree char *period = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *days = NULL;
  GtkWidget *row;
  GtkWidget *note;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->body))) != NULL)
    gtk_box_remove (self->body, child);

  gtk_widget_set_sensitive (self->save_button, self->stats != NULL);
  gtk_widget_set_sensitive (self->pdf_button, self->stats != NULL);
  if (self->stats == NULL)
    return;

  period = mc_stats_describe_period (self->stats);
  subtitle = g_strdup_printf (ngettext ("%s · %u laptop", "%s · %u laptops", self->stats->store_ids->len),
                              period, self->stats->store_ids->len);
  adw_window_title_set_subtitle (self->title, subtitle);

  note = gtk_label_new (_("Only numbers, never a name or a case. Counts of 1 to 4 are shown as “<5”, "
                          "so that no client can be recognised."));
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (self->body, note);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 48);
  for (McStatsTableKind kind = MC_STATS_TABLE_CASES; kind <= MC_STATS_TABLE_VEILIG_THUIS; kind++)
    {
      g_autoptr(McStatsTable) table = NULL;
      GtkWidget *box;

      if (kind != MC_STATS_TABLE_CASES && kind != MC_STATS_TABLE_VEILIG_THUIS)
        continue;
      table = mc_stats_table_new (self->stats, kind, self->protocol);
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_box_append (GTK_BOX (box), heading (table->title));
      gtk_box_append (GTK_BOX (box), table_widget (table));
      gtk_box_append (GTK_BOX (row), box);
    }
  gtk_box_append (self->body, row);

  for (McStatsChart chart = 0; chart < MC_STATS_N_CHARTS; chart++)
    add_chart (self, chart);
  days = mc_stats_describe_days (self->stats);
  gtk_box_append (self->body, gtk_label_new (days));
  gtk_widget_set_halign (gtk_widget_get_last_child (GTK_WIDGET (self->body)), GTK_ALIGN_START);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 48);
  {
    const McStatsTableKind left[] = { MC_STATS_TABLE_FORMS };
    const McStatsTableKind right[] = { MC_STATS_TABLE_SPECIAL_FORMS, MC_STATS_TABLE_AGE, MC_STATS_TABLE_FOLLOW_UP };
    GtkWidget *columns[2] = { gtk_box_new (GTK_ORIENTATION_VERTICAL, 6), gtk_box_new (GTK_ORIENTATION_VERTICAL, 6) };

    for (guint i = 0; i < G_N_ELEMENTS (left) + G_N_ELEMENTS (right); i++)
      {
        McStatsTableKind kind = i < G_N_ELEMENTS (left) ? left[i] : right[i - G_N_ELEMENTS (left)];
        g_autoptr(McStatsTable) table = mc_stats_table_new (self->stats, kind, self->protocol);
        GtkWidget *column = columns[i < G_N_ELEMENTS (left) ? 0 : 1];

        gtk_box_append (GTK_BOX (column), heading (table->title));
        gtk_box_append (GTK_BOX (column), table_widget (table));
      }
    gtk_box_append (GTK_BOX (row), columns[0]);
    gtk_box_append (GTK_BOX (row), columns[1]);
  }
  gtk_box_append (self->body, row);
}

gboolean
mc_stats_window_set_year (McStatsWindow  *self,
                          int             year,
                          GError        **error)
{
  McStats *stats;

  g_return_val_if_fail (MC_IS_STATS_WINDOW (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  stats = mc_store_compute_stats (self->store, self->protocol, mc_stats_month (year, 1),
                                  mc_stats_month (year, 12), NULL, error);
  if (stats == NULL)
    return FALSE;
  g_clear_pointer (&self->stats, mc_stats_free);
  self->stats = stats;
  self->from_store = TRUE;
  adw_window_title_set_title (self->title, _("Annual Figures"));
  rebuild (self);
  return TRUE;
}

gboolean
mc_stats_window_open_file (McStatsWindow  *self,
                           GFile          *file,
                           GError        **error)
{
  g_autofree char *path = NULL;
  McStats *stats;

  g_return_val_if_fail (MC_IS_STATS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if ((path = g_file_get_path (file)) == NULL)
    {
      g_set_error_literal (error, MC_STATS_ERROR, MC_STATS_ERROR_IO, _("The file is not on this computer."));
      return FALSE;
    }
  if ((stats = mc_stats_read_file (path, error)) == NULL)
    return FALSE;
  g_clear_pointer (&self->stats, mc_stats_free);
  self->stats = stats;
  self->from_store = FALSE;
  {
    g_autofree char *name = g_file_get_basename (file);

    adw_window_title_set_title (self->title, name);
  }
  rebuild (self);
  return TRUE;
}

const McStats *
mc_stats_window_get_stats (McStatsWindow *self)
{
  g_return_val_if_fail (MC_IS_STATS_WINDOW (self), NULL);
  return self->stats;
}

static void
year_changed_cb (GtkSpinButton *spin,
                 McStatsWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !mc_stats_window_set_year (self, gtk_spin_button_get_value_as_int (spin), &error))
    toast (self, error->message);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  McStatsWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!mc_stats_window_open_file (self, file, &error))
        toast (self, error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
add_figures_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Figures files"));
  gtk_file_filter_add_suffix (filter, "meldcijfers");
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_clicked_cb (GtkButton     *button,
                 McStatsWindow *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Open Figures"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);

  add_figures_filter (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_to (McStatsWindow *self,
         GFile         *file,
         gboolean       pdf)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (path == NULL)
    {
      toast (self, _("The file is not on this computer."));
      return;
    }
  if (!mc_output_file_check (path, MC_OUTPUT_FILE_NONE, &error))
    ok = FALSE;
  else if (self->from_store && self->store != NULL)
    {
      /* The store's own figures leave it as an export does: audited
       * before the file takes its place. */
      g_autoptr(GBytes) contents = pdf ? mc_stats_render_pdf (self->stats, self->protocol, &error)
                                       : mc_stats_to_xml (self->stats, &error);

      ok = contents != NULL
           && mc_store_export_bytes (self->store, contents, 0, pdf ? "meldcijfers-pdf" : "meldcijfers",
                                     FALSE, path, &error);
    }
  else
    ok = pdf ? mc_stats_write_pdf (self->stats, self->protocol, path, &error)
             : mc_stats_write_file (self->stats, path, &error);
  toast (self, ok ? _("Saved") : error->message);
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  McStatsWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      save_to (self, file, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "mc-pdf")));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save (McStatsWindow *self,
      gboolean       pdf)
{
  g_autofree char *period = mc_stats_describe_period (self->stats);
  g_autofree char *name = g_strdup_printf ("%s-%s%s", _("figures"), period, pdf ? ".pdf" : MC_STATS_FILE_SUFFIX);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (pdf ? _("Export Figures as PDF") : _("Save Figures"),
                                                               GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                                               _("_Save"), NULL);

  g_strdelimit (name, " ", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (!pdf)
    add_figures_filter (GTK_FILE_CHOOSER (chooser));
  g_object_set_data (G_OBJECT (chooser), "mc-pdf", GINT_TO_POINTER (pdf));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_clicked_cb (GtkButton     *button,
                 McStatsWindow *self)
{
  save (self, FALSE);
}

static void
pdf_clicked_cb (GtkButton     *button,
                McStatsWindow *self)
{
  save (self, TRUE);
}

static void
mc_stats_window_dispose (GObject *object)
{
  McStatsWindow *self = MC_STATS_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->protocol);
  g_clear_pointer (&self->stats, mc_stats_free);

  G_OBJECT_CLASS (mc_stats_window_parent_class)->dispose (object);
}

static void
mc_stats_window_class_init (McStatsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_stats_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
header_button (const char *label,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  set_accessible_label (button, tooltip);
  return button;
}

static void
mc_stats_window_init (McStatsWindow *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *open_button;
  GDateTime *now = g_date_time_new_now_local ();

  gtk_window_set_default_size (GTK_WINDOW (self), 980, 760);
  gtk_window_set_title (GTK_WINDOW (self), _("Annual Figures"));

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Annual Figures"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  self->year = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (2000, 9998, 1));
  gtk_spin_button_set_value (self->year, g_date_time_get_year (now));
  g_date_time_unref (now);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->year), _("Year"));
  set_accessible_label (GTK_WIDGET (self->year), _("Year"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->year));

  open_button = header_button (_("_Open…"), _("Open a figures file, such as a combined one"));
  g_signal_connect (open_button, "clicked", G_CALLBACK (open_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), open_button);

  self->pdf_button = header_button (_("_PDF…"), _("Export the figures as a one-page PDF"));
  g_signal_connect (self->pdf_button, "clicked", G_CALLBACK (pdf_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->pdf_button);
  self->save_button = header_button (_("_Save…"), _("Save the figures file for the taakhouder meldcode"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);

  self->body = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 18));
  gtk_widget_set_margin_top (GTK_WIDGET (self->body), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->body), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self->body), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->body), 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 960);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->body));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, scrolled);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), content);
  rebuild (self);
}

McStatsWindow *
mc_stats_window_new (GtkWindow  *parent,
                     McStore    *store,
                     McProtocol *protocol)
{
  McStatsWindow *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (store == NULL || MC_IS_STORE (store), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);

  self = g_object_new (MC_TYPE_STATS_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->protocol = g_object_ref (protocol);
  if (store != NULL)
    {
      self->store = g_object_ref (store);
      if (!mc_stats_window_set_year (self, gtk_spin_button_get_value_as_int (self->year), &error))
        toast (self, error->message);
      g_signal_connect (self->year, "value-changed", G_CALLBACK (year_changed_cb), self);
    }
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->year), FALSE);

  return self;
}
