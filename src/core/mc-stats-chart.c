/* mc-stats-chart.c: bar charts and the one-page PDF of the figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-stats-chart"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "mc-stats-chart.h"
#include "mc-stats-xml.h"

/* The report's own page (mc-report-renderer.h), in points. */
#define A4_WIDTH  (210.0 / 25.4 * 72.0)
#define A4_HEIGHT (297.0 / 25.4 * 72.0)
#define MARGIN 42.0
#define HIDDEN_HEIGHT 5.0

/* The GNOME palette's blue, green, orange, purple and a grey: apart in
 * light and dark, and apart for the common colour blindnesses by
 * lightness too. */
static const McStatsColor default_series[MC_STATS_N_OUTCOMES] = {
  { 0.11, 0.44, 0.85, 1 },
  { 0.18, 0.76, 0.49, 1 },
  { 0.90, 0.38, 0.00, 1 },
  { 0.57, 0.25, 0.67, 1 },
  { 0.60, 0.60, 0.60, 1 },
};

void
mc_stats_palette_init_print (McStatsPalette *palette)
{
  palette->foreground = (McStatsColor) { 0.10, 0.10, 0.10, 1 };
  palette->accent = (McStatsColor) { 0.11, 0.44, 0.85, 1 };
  for (guint i = 0; i < MC_STATS_N_OUTCOMES; i++)
    palette->series[i] = default_series[i];
  palette->font = "Cantarell 9";
}

McStatsTableKind
mc_stats_chart_table_kind (McStatsChart chart)
{
  switch (chart)
    {
    case MC_STATS_CHART_OUTCOMES:
      return MC_STATS_TABLE_OUTCOMES;
    case MC_STATS_CHART_STEPS:
      return MC_STATS_TABLE_STEPS;
    case MC_STATS_CHART_DAYS:
      return MC_STATS_TABLE_DAYS;
    case MC_STATS_N_CHARTS:
    default:
      g_return_val_if_reached (MC_STATS_TABLE_CASES);
    }
}

const char *
mc_stats_chart_title (McStatsChart chart)
{
  switch (chart)
    {
    case MC_STATS_CHART_OUTCOMES:
      return _("Outcomes per quarter");
    case MC_STATS_CHART_STEPS:
      return _("Steps reached");
    case MC_STATS_CHART_DAYS:
      return _("Time to decision");
    case MC_STATS_N_CHARTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
set_color (cairo_t            *cr,
           const McStatsColor *color,
           double              alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static PangoLayout *
make_layout (cairo_t              *cr,
             const McStatsPalette *palette,
             const char           *text,
             gboolean              bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (palette->font != NULL ? palette->font : "Sans 9");

  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Draws @text with its (x, y) at the given alignment: 0 left/top, 0.5
 * centre, 1 right/bottom. Returns its height. */
static double
draw_text (cairo_t              *cr,
           const McStatsPalette *palette,
           const char           *text,
           double                x,
           double                y,
           double                x_align,
           double                y_align,
           gboolean              bold)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, palette, text, bold);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  set_color (cr, &palette->foreground, 1);
  cairo_move_to (cr, x - width * x_align, y - height * y_align);
  pango_cairo_show_layout (cr, layout);
  return height;
}

static double
text_width (cairo_t              *cr,
            const McStatsPalette *palette,
            const char           *text)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, palette, text, FALSE);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  return width;
}

/* A bar; a hidden count is hatched and outlined, up to HIDDEN_HEIGHT. */
static void
draw_bar (cairo_t            *cr,
          const McStatsColor *color,
          double              x,
          double              y,
          double              width,
          double              height,
          gboolean            hidden)
{
  if (width <= 0 || height <= 0)
    return;

  cairo_save (cr);
  if (!hidden)
    {
      set_color (cr, color, 1);
      cairo_rectangle (cr, x, y, width, height);
      cairo_fill (cr);
    }
  else
    {
      cairo_rectangle (cr, x + 0.5, y + 0.5, width - 1, height - 1);
      cairo_clip_preserve (cr);
      set_color (cr, color, 1);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      for (double d = -height; d < width; d += 4)
        {
          cairo_move_to (cr, x + d, y + height);
          cairo_line_to (cr, x + d + height, y);
        }
      set_color (cr, color, 0.6);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static double
bar_value (const McStatsTable *table,
           guint               i)
{
  return table->hidden[i] ? HIDDEN_HEIGHT : table->values[i];
}

static double
table_max (const McStatsTable *table)
{
  double max = HIDDEN_HEIGHT;

  for (guint i = 0; i < table->n_rows * table->n_cols; i++)
    max = MAX (max, bar_value (table, i));
  return max;
}

static void
draw_outcomes (cairo_t              *cr,
               const McStatsTable   *table,
               const McStatsPalette *palette,
               double                width,
               double                height)
{
  double legend_y = height - 18 * ((MC_STATS_N_OUTCOMES + 1) / 2);
  double axis_y = legend_y - 26;
  double top = 12;
  double max = table_max (table);
  double group = width / MC_STATS_N_QUARTERS;
  double bar = (group - 12) / MC_STATS_N_OUTCOMES;

  /* The axis, with the highest count at the top. */
  set_color (cr, &palette->foreground, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 0, axis_y + 0.5);
  cairo_line_to (cr, width, axis_y + 0.5);
  cairo_stroke (cr);
  {
    g_autofree char *label = g_strdup_printf ("%.0f", max);

    draw_text (cr, palette, label, 0, top, 0, 1, FALSE);
  }

  for (guint q = 0; q < table->n_rows; q++)
    {
      double x0 = q * group + 6;

      for (guint o = 0; o < table->n_cols; o++)
        {
          guint i = q * table->n_cols + o;
          double h = (axis_y - top) * bar_value (table, i) / max;

          draw_bar (cr, &palette->series[o], x0 + o * bar, axis_y - h, bar - 1, h, table->hidden[i]);
          if (table->hidden[i])
            draw_text (cr, palette, "<5", x0 + o * bar + bar / 2, axis_y - h, 0.5, 1, FALSE);
        }
      draw_text (cr, palette, table->row_labels[q], q * group + group / 2, axis_y + 3, 0.5, 0, TRUE);
    }

  for (guint o = 0; o < table->n_cols; o++)
    {
      double x = (o % 2) * width / 2;
      double y = legend_y + (o / 2) * 18;

      set_color (cr, &palette->series[o], 1);
      cairo_rectangle (cr, x, y + 3, 10, 10);
      cairo_fill (cr);
      draw_text (cr, palette, table->col_labels[o], x + 14, y, 0, 0, FALSE);
    }
}

/* Horizontal bars, a label before each and its count after it. */
static void
draw_rows (cairo_t              *cr,
           const McStatsTable   *table,
           const McStatsPalette *palette,
           double                width,
           double                height,
           gboolean              centred)
{
  double label_width = 0, max = table_max (table);
  double row = height / MAX (table->n_rows, 1);
  double bar_room;

  for (guint r = 0; r < table->n_rows; r++)
    label_width = MAX (label_width, text_width (cr, palette, table->row_labels[r]));
  label_width += 8;
  bar_room = width - label_width - 36;

  for (guint r = 0; r < table->n_rows; r++)
    {
      g_autofree char *cell = mc_stats_table_cell (table, r, 0);
      double w = bar_room * bar_value (table, r * table->n_cols) / max;
      double x = label_width + (centred ? (bar_room - w) / 2 : 0);
      double y = r * row + 2;

      draw_text (cr, palette, table->row_labels[r], label_width - 8, y + row / 2 - 2, 1, 0.5, FALSE);
      draw_bar (cr, &palette->accent, x, y, w, row - 6, table->hidden[r * table->n_cols]);
      draw_text (cr, palette, cell, x + w + 4, y + row / 2 - 2, 0, 0.5, TRUE);
    }
}

void
mc_stats_chart_draw (cairo_t              *cr,
                     const McStats        *stats,
                     McStatsChart          chart,
                     const McStatsPalette *palette,
                     double                width,
                     double                height)
{
  g_autoptr(McStatsTable) table = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (stats != NULL);
  g_return_if_fail (palette != NULL);

  table = mc_stats_table_new (stats, mc_stats_chart_table_kind (chart), NULL);
  cairo_save (cr);
  switch (chart)
    {
    case MC_STATS_CHART_OUTCOMES:
      draw_outcomes (cr, table, palette, width, height);
      break;
    case MC_STATS_CHART_STEPS:
      draw_rows (cr, table, palette, width, height, TRUE);
      break;
    case MC_STATS_CHART_DAYS:
      {
        g_autofree char *days = mc_stats_describe_days (stats);
        double line = draw_text (cr, palette, days, 0, 0, 0, 0, TRUE) + 6;

        cairo_translate (cr, 0, line);
        draw_rows (cr, table, palette, width, height - line, FALSE);
      }
      break;
    case MC_STATS_N_CHARTS:
    default:
      g_return_if_reached ();
    }
  cairo_restore (cr);
}

/* The PDF */

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A small table of label: count lines; returns the height used. */
static double
draw_table (cairo_t              *cr,
            const McStatsPalette *palette,
            const McStatsTable   *table,
            double                x,
            double                y,
            double                width)
{
  double top = y;

  y += draw_text (cr, palette, table->title, x, y, 0, 0, TRUE) + 2;
  for (guint r = 0; r < table->n_rows; r++)
    {
      double line = 0;

      line = draw_text (cr, palette, table->row_labels[r], x, y, 0, 0, FALSE);
      for (guint c = 0; c < table->n_cols; c++)
        {
          g_autofree char *cell = mc_stats_table_cell (table, r, c);

          draw_text (cr, palette, cell, x + width - (table->n_cols - 1 - c) * 38, y, 1, 0, FALSE);
        }
      y += line;
    }
  return y - top;
}

GBytes *
mc_stats_render_pdf (const McStats  *stats,
                     McProtocol     *protocol,
                     GError        **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autofree char *period = mc_stats_describe_period (stats);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  McStatsPalette palette;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double y = MARGIN, column = (A4_WIDTH - 2 * MARGIN - 24) / 2;

  g_return_val_if_fail (stats != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mc_stats_palette_init_print (&palette);
  /* Translators: the title of the figures' PDF: "Jaarcijfers meldcode 2026". */
  title = g_strdup_printf (_("Meldcode figures %s"), period);
  subtitle = g_strdup_printf (ngettext ("Protocol %s %s · from %u laptop · counts of 1 to 4 are shown as “<5”",
                                        "Protocol %s %s · from %u laptops · counts of 1 to 4 are shown as “<5”",
                                        stats->store_ids->len),
                              stats->protocol_id, stats->protocol_revision, stats->store_ids->len);

  surface = cairo_pdf_surface_create_for_stream (append_to_array, buffer, A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Meldcode " VERSION);
  cr = cairo_create (surface);

  palette.font = "Cantarell Bold 18";
  y += draw_text (cr, &palette, title, MARGIN, y, 0, 0, FALSE) + 4;
  palette.font = "Cantarell 9";
  y += draw_text (cr, &palette, subtitle, MARGIN, y, 0, 0, FALSE) + 14;

  {
    g_autoptr(McStatsTable) cases = mc_stats_table_new (stats, MC_STATS_TABLE_CASES, protocol);
    g_autoptr(McStatsTable) vt = mc_stats_table_new (stats, MC_STATS_TABLE_VEILIG_THUIS, protocol);
    double left = draw_table (cr, &palette, cases, MARGIN, y, column);
    double right = draw_table (cr, &palette, vt, MARGIN + column + 24, y, column);

    y += MAX (left, right) + 14;
  }

  for (guint c = 0; c < MC_STATS_N_CHARTS; c++)
    {
      g_autoptr(McStatsTable) table = mc_stats_table_new (stats, mc_stats_chart_table_kind (c), protocol);
      double chart_height = c == MC_STATS_CHART_OUTCOMES ? 150 : 100;
      double heading;

      palette.font = "Cantarell Bold 12";
      heading = draw_text (cr, &palette, mc_stats_chart_title (c), MARGIN, y, 0, 0, FALSE) + 4;
      palette.font = "Cantarell 8.5";
      cairo_save (cr);
      cairo_translate (cr, MARGIN, y + heading);
      mc_stats_chart_draw (cr, stats, c, &palette, column, chart_height);
      cairo_restore (cr);
      if (c == MC_STATS_CHART_OUTCOMES)
        {
          /* The numbers beside the chart, quarter by quarter. */
          double ty = y + heading;

          for (guint r = 0; r < table->n_rows; r++)
            {
              GString *line = g_string_new (table->row_labels[r]);

              g_string_append (line, ":");
              for (guint o = 0; o < table->n_cols; o++)
                {
                  g_autofree char *cell = mc_stats_table_cell (table, r, o);

                  g_string_append_printf (line, " %s %s%s", table->col_labels[o], cell,
                                          o + 1 < table->n_cols ? "," : "");
                }
              {
                g_autoptr(PangoLayout) layout = make_layout (cr, &palette, line->str, FALSE);
                int w, h;

                pango_layout_set_width (layout, pango_units_from_double (column));
                pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
                pango_layout_get_pixel_size (layout, &w, &h);
                set_color (cr, &palette.foreground, 1);
                cairo_move_to (cr, MARGIN + column + 24, ty);
                pango_cairo_show_layout (cr, layout);
                ty += h + 2;
              }
              g_string_free (line, TRUE);
            }
        }
      else
        draw_table (cr, &palette, table, MARGIN + column + 24, y + heading, column);
      y += heading + chart_height + 12;
    }

  {
    g_autoptr(McStatsTable) age = mc_stats_table_new (stats, MC_STATS_TABLE_AGE, protocol);
    g_autoptr(McStatsTable) follow = mc_stats_table_new (stats, MC_STATS_TABLE_FOLLOW_UP, protocol);
    g_autoptr(McStatsTable) forms = mc_stats_table_new (stats, MC_STATS_TABLE_FORMS, protocol);
    g_autoptr(McStatsTable) special = mc_stats_table_new (stats, MC_STATS_TABLE_SPECIAL_FORMS, protocol);
    double left, right;

    palette.font = "Cantarell 8";
    left = draw_table (cr, &palette, forms, MARGIN, y, column);
    right = draw_table (cr, &palette, special, MARGIN + column + 24, y, column);
    right += 6 + draw_table (cr, &palette, age, MARGIN + column + 24, y + right + 6, column);
    right += 6 + draw_table (cr, &palette, follow, MARGIN + column + 24, y + right + 6, column);
    y += MAX (left, right);
  }

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_IO,
                   _("The PDF could not be made: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

gboolean
mc_stats_write_pdf (const McStats  *stats,
                    McProtocol     *protocol,
                    const char     *path,
                    GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (path != NULL, FALSE);

  if ((bytes = mc_stats_render_pdf (stats, protocol, error)) == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents_full (path, data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_IO,
                   _("Cannot write “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}
