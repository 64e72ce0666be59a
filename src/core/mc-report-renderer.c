/* mc-report-renderer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine: the report becomes a list of blocks (a heading, a label with
 * its value, a paragraph), each a Pango layout of known lines; which blocks,
 * in which order, is mc-report-sections.c's. Pagination places lines,
 * never parts of them: a long text continues on the next page between two
 * lines. Headings keep with what follows; a paragraph leaves no single line
 * alone at the foot or the head of a page.
 */

#define G_LOG_DOMAIN "mc-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mc-dates.h"
#include "mc-report-renderer-private.h"

typedef struct
{
  const char *font;
  double      rgb[3];
  double      line_spacing;      /* 0: the font's own */
} StyleInfo;

/* One family, few sizes, one accent colour: a sober document. */
static const StyleInfo style_info[N_STYLES] = {
  [STYLE_BODY]           = { "Cantarell 10",             { 0.10, 0.10, 0.10 }, 1.15 },
  [STYLE_INTERPRETATION] = { "Cantarell Italic 10",      { 0.10, 0.10, 0.10 }, 1.15 },
  [STYLE_LABEL]          = { "Cantarell 9",              { 0.36, 0.38, 0.40 }, 1.15 },
  [STYLE_META]           = { "Cantarell 9",              { 0.36, 0.38, 0.40 }, 1.15 },
  [STYLE_NOTE]           = { "Cantarell Italic 9.5",     { 0.36, 0.38, 0.40 }, 1.15 },
  [STYLE_TITLE]          = { "Cantarell Bold 18",        { 0.09, 0.24, 0.38 }, 0 },
  [STYLE_HEADING]        = { "Cantarell Bold 13",        { 0.09, 0.24, 0.38 }, 0 },
  [STYLE_SUBHEADING]     = { "Cantarell Bold 10.5",      { 0.10, 0.10, 0.10 }, 0 },
  [STYLE_ANSWER]         = { "Cantarell Bold 10",        { 0.10, 0.10, 0.10 }, 1.15 },
  [STYLE_PAGE]           = { "Cantarell 8.5",            { 0.36, 0.38, 0.40 }, 0 },
};

G_DEFINE_FINAL_TYPE (McReportRenderer, mc_report_renderer, G_TYPE_OBJECT)

/* Title, then per field its label and room to write (or the known value). */
const double mc_report_signature_field_height[5] = { 0, 26, 26, 26, 48 };

/* Bounded layout: Pango breaks a paragraph into lines in time that grows
 * faster than its length, so no paragraph it sees is longer than
 * PARAGRAPH_CHARS. A longer run ends at its last space before the bound (a
 * line that ends early, nothing lost) or, in a run without one, between
 * two characters, as PANGO_WRAP_WORD_CHAR would break it at the page edge;
 * never inside a cluster of combining characters, unless the cluster
 * itself is absurdly long. Every character stays: text is never cut. */
#define PARAGRAPH_CHARS 2000

static gboolean
continues_cluster (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
         || type == G_UNICODE_ENCLOSING_MARK || c == 0x200d
         || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef)
         || (c >= 0x1f3fb && c <= 0x1f3ff);
}

char *
mc_report_bounded_paragraphs (const char *text)
{
  GString *out;
  gsize run = 0;               /* characters since the last line end */
  gssize space = -1;           /* byte offset in out of the run's last space */
  gsize run_at_space = 0;

  if (strlen (text) <= PARAGRAPH_CHARS)
    return g_strdup (text);

  out = g_string_sized_new (strlen (text) + strlen (text) / PARAGRAPH_CHARS + 1);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        {
          g_string_append_c (out, '\n');
          run = 0;
          space = -1;
          continue;
        }

      if (run >= PARAGRAPH_CHARS)
        {
          if (space >= 0 && run - run_at_space < PARAGRAPH_CHARS / 2)
            {
              out->str[space] = '\n';
              run -= run_at_space + 1;
              space = -1;
            }
          else if (!continues_cluster (c) || run >= PARAGRAPH_CHARS * 2)
            {
              g_string_append_c (out, '\n');
              run = 0;
              space = -1;
            }
        }

      if (c == ' ')
        {
          space = (gssize) out->len;
          run_at_space = run;
        }
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
      run++;
    }

  return g_string_free (out, FALSE);
}

/* Blocks */

static void
block_free (Block *block)
{
  g_clear_pointer (&block->chunks, g_ptr_array_unref);
  g_clear_object (&block->side);
  for (guint c = 0; c < 2; c++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (block->columns[c]); i++)
        g_clear_object (&block->columns[c][i]);
      for (guint i = 0; i < G_N_ELEMENTS (block->values[c]); i++)
        g_clear_object (&block->values[c][i]);
    }
  g_free (block->outline);
  g_free (block->lines);
  g_free (block->line_top);
  g_free (block->line_bottom);
  g_free (block->line_baseline);
  g_free (block->line_x);
  g_free (block);
}

PangoLayout *
mc_report_renderer_new_layout (McReportRenderer *self,
                               Style             style,
                               double            width,
                               const char       *text,
                               gboolean          is_markup)
{
  PangoLayout *layout = pango_layout_new (self->context);
  PangoFontDescription *font = pango_font_description_from_string (style_info[style].font);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, pango_units_from_double (width));
  /* A long word or a run without spaces still breaks, at the page edge. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (style_info[style].line_spacing > 0)
    pango_layout_set_line_spacing (layout, (float) style_info[style].line_spacing);
  if (text == NULL)
    return layout;
  if (is_markup)
    {
      /* User text in markup went through append_escaped(). */
      pango_layout_set_markup (layout, text, -1);
    }
  else
    {
      g_autofree char *bounded = mc_report_bounded_paragraphs (text);

      pango_layout_set_text (layout, bounded, -1);
    }

  return layout;
}

/* A layout of @text[@start, @end) with the attributes of that range. */
static PangoLayout *
new_chunk (McReportRenderer *self,
           Style             style,
           double            width,
           const char       *text,
           gsize             length,
           PangoAttrList    *attrs,
           gsize             start,
           gsize             end)
{
  PangoLayout *layout = mc_report_renderer_new_layout (self, style, width, NULL, FALSE);

  pango_layout_set_text (layout, text + start, (int) (end - start));
  if (attrs != NULL)
    {
      PangoAttrList *slice = pango_attr_list_copy (attrs);

      /* What lies after the chunk, then what lies before it: the indices
       * shift to the chunk's own text. */
      pango_attr_list_update (slice, (int) end, (int) (length - end), 0);
      pango_attr_list_update (slice, 0, (int) start, 0);
      pango_layout_set_attributes (layout, slice);
      pango_attr_list_unref (slice);
    }
  return layout;
}

/* Bounded layout, the second half: Pango also spends time per paragraph in
 * proportion to the text before it in the same layout, so a text is laid
 * out in chunks of at most CHUNK_CHARS and CHUNK_PARAGRAPHS, split at line
 * ends (which
 * bounded_paragraphs() put at most PARAGRAPH_CHARS apart). The chunks
 * stack; pagination and drawing go by lines, so they do not notice. */
#define CHUNK_CHARS      4000
#define CHUNK_PARAGRAPHS 100

static GPtrArray *
new_chunks (McReportRenderer *self,
            Style             style,
            double            width,
            const char       *text,
            gboolean          is_markup)
{
  GPtrArray *chunks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autofree char *plain = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  gsize start = 0;
  gsize chars = 0;
  guint paragraphs = 0;
  gssize last_end = -1;

  if (is_markup)
    {
      if (!pango_parse_markup (text, -1, 0, &attrs, &plain, NULL, &error))
        g_error ("The report renderer made markup Pango cannot read: %s", error->message);
    }
  else
    plain = mc_report_bounded_paragraphs (text);
  length = strlen (plain);

  for (gsize i = 0; i < length; i = (gsize) (g_utf8_next_char (plain + i) - plain))
    {
      if (plain[i] == '\n')
        {
          if ((chars >= CHUNK_CHARS || paragraphs >= CHUNK_PARAGRAPHS) && last_end > (gssize) start)
            {
              /* The line end between two chunks is where one ends. */
              g_ptr_array_add (chunks, new_chunk (self, style, width, plain, length, attrs,
                                                  start, (gsize) last_end));
              start = (gsize) last_end + 1;
              chars = g_utf8_strlen (plain + start, (gssize) (i - start));
              paragraphs = 0;
            }
          last_end = (gssize) i;
          paragraphs++;
        }
      chars++;
    }
  g_ptr_array_add (chunks, new_chunk (self, style, width, plain, length, attrs, start, length));

  return chunks;
}

/* Once its layouts are final: the geometry of each line. */
void
mc_report_block_finish (Block *block)
{
  double offset = 0;
  guint i = 0;

  block->n_lines = 0;
  for (guint c = 0; c < block->chunks->len; c++)
    block->n_lines += (guint) pango_layout_get_line_count (g_ptr_array_index (block->chunks, c));
  block->lines = g_new (PangoLayoutLine *, block->n_lines);
  block->line_top = g_new (double, block->n_lines);
  block->line_bottom = g_new (double, block->n_lines);
  block->line_baseline = g_new (double, block->n_lines);
  block->line_x = g_new (double, block->n_lines);

  for (guint c = 0; c < block->chunks->len; c++)
    {
      PangoLayout *layout = g_ptr_array_index (block->chunks, c);
      PangoLayoutIter *iter = pango_layout_get_iter (layout);
      PangoRectangle extents;

      do
        {
          PangoRectangle logical;

          g_assert (i < block->n_lines);
          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          block->lines[i] = pango_layout_iter_get_line_readonly (iter);
          block->line_top[i] = offset + pango_units_to_double (logical.y);
          block->line_bottom[i] = offset + pango_units_to_double (logical.y + logical.height);
          block->line_baseline[i] = offset + pango_units_to_double (pango_layout_iter_get_baseline (iter));
          block->line_x[i] = pango_units_to_double (logical.x);
          i++;
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);

      pango_layout_get_extents (layout, NULL, &extents);
      offset += pango_units_to_double (extents.y + extents.height);
    }
  g_assert (i == block->n_lines);

  if (block->side != NULL)
    {
      PangoRectangle logical;

      pango_layout_get_extents (block->side, NULL, &logical);
      block->side_height = pango_units_to_double (logical.y + logical.height);
      block->side_baseline = pango_units_to_double (pango_layout_get_baseline (block->side));
    }
}

Block *
mc_report_renderer_add_block (McReportRenderer *self,
                              Style             style,
                              double            x,
                              double            width,
                              double            space_before,
                              const char       *text,
                              gboolean          is_markup)
{
  Block *block = g_new0 (Block, 1);

  block->kind = BLOCK_TEXT;
  block->style = style;
  block->x = x;
  block->space_before = space_before;
  block->chunks = new_chunks (self, style, width, text, is_markup);
  g_ptr_array_add (self->blocks, block);

  return block;
}

void
mc_report_renderer_add_title (McReportRenderer *self,
                              const char       *title,
                              const char       *meta)
{
  Block *block;

  block = mc_report_renderer_add_block (self, STYLE_TITLE, 0, self->content_width, 0, title, FALSE);
  block->keep_with_next = TRUE;
  mc_report_block_finish (block);

  block = mc_report_renderer_add_block (self, STYLE_META, 0, self->content_width, 4, meta, FALSE);
  mc_report_block_finish (block);
}

void
mc_report_renderer_add_heading (McReportRenderer *self,
                                const char       *heading)
{
  Block *block = mc_report_renderer_add_block (self, STYLE_HEADING, 0, self->content_width, 22,
                                               heading, FALSE);

  block->keep_with_next = TRUE;
  block->decoration = DECORATION_RULE;
  block->outline = g_strdup (heading);
  mc_report_block_finish (block);
}

void
mc_report_renderer_add_subheading (McReportRenderer *self,
                                   const char       *heading)
{
  Block *block = mc_report_renderer_add_block (self, STYLE_SUBHEADING, 0, self->content_width, 14,
                                               heading, FALSE);

  block->keep_with_next = TRUE;
  mc_report_block_finish (block);
}

/* A line of grey text where a list is empty or something is not recorded. */
void
mc_report_renderer_add_note (McReportRenderer *self,
                             const char       *note)
{
  mc_report_block_finish (
      mc_report_renderer_add_block (self, STYLE_NOTE, 0, self->content_width, 6, note, FALSE));
}

/* A label in the left column, the value flowing in the right one. */
Block *
mc_report_renderer_add_row_full (McReportRenderer *self,
                                 const char       *label,
                                 const char       *value,
                                 gboolean          is_markup,
                                 Style             style)
{
  double x = LABEL_WIDTH + COLUMN_GAP;
  Block *block =
      mc_report_renderer_add_block (self, style, x, self->content_width - x, 5, value, is_markup);

  block->side = mc_report_renderer_new_layout (self, STYLE_LABEL, LABEL_WIDTH, label, FALSE);
  block->side_style = STYLE_LABEL;
  block->side_x = 0;
  return block;
}

void
mc_report_renderer_add_row (McReportRenderer *self,
                            const char       *label,
                            const char       *value)
{
  if (value == NULL)
    return;
  mc_report_block_finish (mc_report_renderer_add_row_full (self, label, value, FALSE, STYLE_BODY));
}

/* Pagination */

static double
block_height (const Block *block)
{
  if (block->kind == BLOCK_SIGNATURES)
    return block->height;
  return MAX (block->line_bottom[block->n_lines - 1] - block->line_top[0], block->side_height);
}

/* What must fit before a block may start on a page: its first two lines (a
 * single first line is never left at the foot of a page) and its label; all
 * three of a block of three, whose last line would be alone otherwise. */
static double
block_first_need (const Block *block)
{
  guint last;

  if (block->kind == BLOCK_SIGNATURES)
    return block->height;
  last = block->n_lines == 3 ? 2 : MIN (block->n_lines, 2) - 1;
  return MAX (block->line_bottom[last] - block->line_top[0], block->side_height);
}

static GArray *
new_page (McReportRenderer *self)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Placement));

  g_ptr_array_add (self->pages, page);
  return page;
}

static void
paginate (McReportRenderer *self)
{
  GArray *page = new_page (self);
  double y = self->body_top;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (self->blocks, i);
      double space = page->len == 0 ? 0 : block->space_before;
      double need = block_first_need (block);
      guint line = 0;

      /* A heading goes with the start of what it heads, through a chain of
       * headings. */
      if (block->keep_with_next)
        {
          guint j = i;

          need = block_height (block);
          while (j + 1 < self->blocks->len)
            {
              const Block *prev = g_ptr_array_index (self->blocks, j);
              const Block *next = g_ptr_array_index (self->blocks, j + 1);

              if (!prev->keep_with_next)
                break;
              need += next->space_before + (next->keep_with_next ? block_height (next)
                                                                 : block_first_need (next));
              j++;
            }
        }

      if (page->len > 0 && y + space + need > self->body_bottom)
        {
          page = new_page (self);
          y = self->body_top;
          space = 0;
        }
      y += space;

      if (block->kind == BLOCK_SIGNATURES)
        {
          Placement placement = { i, 0, 0, y, y + block->height };

          g_array_append_val (page, placement);
          y += block->height;
          continue;
        }

      while (line < block->n_lines)
        {
          guint first = line;
          double origin = block->line_top[first];
          Placement placement;

          while (line < block->n_lines && y + block->line_bottom[line] - origin <= self->body_bottom)
            line++;
          if (line == first)
            {
              /* Only a line taller than the page gets here: it is placed
               * anyway rather than looping. */
              if (page->len == 0)
                line++;
              else
                {
                  page = new_page (self);
                  y = self->body_top;
                  continue;
                }
            }
          /* No single last line carried to the next page: one more goes
           * with it, or, for a short block that starts here, all of it. */
          if (line == block->n_lines - 1 && line - first >= 3)
            line--;
          else if (line == block->n_lines - 1 && first == 0 && page->len > 0)
            {
              page = new_page (self);
              y = self->body_top;
              continue;
            }

          placement.block = i;
          placement.first = first;
          placement.count = line - first;
          placement.y = y;
          placement.bottom = y + block->line_bottom[line - 1] - origin;
          if (first == 0)
            placement.bottom = MAX (placement.bottom, y + block->side_height);
          g_array_append_val (page, placement);

          if (line < block->n_lines)
            {
              page = new_page (self);
              y = self->body_top;
            }
          else
            y = placement.bottom;
        }
    }
}

guint
mc_report_renderer_paginate (McReportRenderer *self)
{
  g_return_val_if_fail (MC_IS_REPORT_RENDERER (self), 0);

  if (self->pages->len == 0)
    {
      mc_report_renderer_build (self);
      paginate (self);
    }

  return self->pages->len;
}

/* Drawing */

static void
set_color (cairo_t *cr,
           Style    style)
{
  cairo_set_source_rgb (cr, style_info[style].rgb[0], style_info[style].rgb[1],
                        style_info[style].rgb[2]);
}

static void
draw_decorations (McReportRenderer *self,
                  cairo_t          *cr,
                  GArray           *page)
{
  for (guint i = 0; i < page->len; i++)
    {
      const Placement *placement = &g_array_index (page, Placement, i);
      const Block *block = g_ptr_array_index (self->blocks, placement->block);
      double top = placement->y;
      double bottom = placement->bottom;
      guint j = i;

      switch (block->decoration)
        {
        case DECORATION_RULE:
          cairo_set_source_rgb (cr, 0.72, 0.76, 0.80);
          cairo_set_line_width (cr, 0.6);
          cairo_move_to (cr, MARGIN_SIDE, bottom + 3.5);
          cairo_line_to (cr, MARGIN_SIDE + self->content_width, bottom + 3.5);
          cairo_stroke (cr);
          break;

        case DECORATION_BAR:
        case DECORATION_ALERT:
        case DECORATION_SHADE:
          /* One shape for the blocks of a group on this page. */
          if (i > 0)
            {
              const Placement *prev = &g_array_index (page, Placement, i - 1);
              const Block *prev_block = g_ptr_array_index (self->blocks, prev->block);

              if (prev_block->group == block->group)
                break;
            }
          while (j + 1 < page->len)
            {
              const Placement *next = &g_array_index (page, Placement, j + 1);
              const Block *next_block = g_ptr_array_index (self->blocks, next->block);

              if (next_block->group != block->group)
                break;
              bottom = next->bottom;
              j++;
            }
          if (block->decoration == DECORATION_BAR || block->decoration == DECORATION_ALERT)
            {
              if (block->decoration == DECORATION_ALERT)
                cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
              else
                cairo_set_source_rgb (cr, 0.62, 0.66, 0.70);
              cairo_set_line_width (cr, block->decoration == DECORATION_ALERT ? 3.0 : 2.0);
              cairo_move_to (cr, MARGIN_SIDE + block->x - BAR_OFFSET, top + 1);
              cairo_line_to (cr, MARGIN_SIDE + block->x - BAR_OFFSET, bottom - 1);
              cairo_stroke (cr);
            }
          else
            {
              cairo_set_source_rgb (cr, 0.93, 0.95, 0.97);
              cairo_rectangle (cr, MARGIN_SIDE - SHADE_PADDING, top - SHADE_PADDING,
                               self->content_width + 2 * SHADE_PADDING,
                               bottom - top + 2 * SHADE_PADDING);
              cairo_fill (cr);
            }
          break;

        case DECORATION_NONE:
        default:
          break;
        }
    }
}

static void
draw_signatures (McReportRenderer *self,
                 cairo_t          *cr,
                 const Block      *block,
                 double            y)
{
  double width = (self->content_width - SIGNATURE_GAP) / 2;

  for (guint c = 0; c < 2; c++)
    {
      double x = MARGIN_SIDE + c * (width + SIGNATURE_GAP);
      double top = y;

      set_color (cr, STYLE_SUBHEADING);
      cairo_move_to (cr, x, top);
      pango_cairo_show_layout (cr, block->columns[c][0]);
      top += 18;

      for (guint f = 1; f < G_N_ELEMENTS (mc_report_signature_field_height); f++)
        {
          double line_y = top + mc_report_signature_field_height[f] - 4;
          PangoLayout *value = f - 1 < G_N_ELEMENTS (block->values[c]) ? block->values[c][f - 1]
                                                                        : NULL;

          /* Label and value stand on the line to sign or write on. */
          set_color (cr, STYLE_LABEL);
          cairo_move_to (cr, x, line_y - 3
                         - pango_units_to_double (pango_layout_get_baseline (block->columns[c][f])));
          pango_cairo_show_layout (cr, block->columns[c][f]);

          if (value != NULL)
            {
              set_color (cr, STYLE_BODY);
              cairo_move_to (cr, x + LABEL_WIDTH / 2,
                             line_y - 3 - pango_units_to_double (pango_layout_get_baseline (value)));
              pango_cairo_show_layout (cr, value);
            }

          cairo_set_source_rgb (cr, 0.55, 0.58, 0.62);
          cairo_set_line_width (cr, 0.5);
          cairo_move_to (cr, x + LABEL_WIDTH / 2, line_y);
          cairo_line_to (cr, x + width, line_y);
          cairo_stroke (cr);

          top += mc_report_signature_field_height[f];
        }
    }
}

static void
draw_placement (McReportRenderer *self,
                cairo_t          *cr,
                const Placement  *placement)
{
  const Block *block = g_ptr_array_index (self->blocks, placement->block);
  double origin;

  if (block->kind == BLOCK_SIGNATURES)
    {
      draw_signatures (self, cr, block, placement->y);
      return;
    }

  origin = block->line_top[placement->first];
  set_color (cr, block->style);
  for (guint l = placement->first; l < placement->first + placement->count; l++)
    {
      cairo_move_to (cr, MARGIN_SIDE + block->x + block->line_x[l],
                     placement->y + block->line_baseline[l] - origin);
      pango_cairo_show_layout_line (cr, block->lines[l]);
    }

  if (block->side != NULL && placement->first == 0)
    {
      /* Label and text share their first baseline. */
      set_color (cr, block->side_style);
      cairo_move_to (cr, MARGIN_SIDE + block->side_x,
                     placement->y + block->line_baseline[0] - origin - block->side_baseline);
      pango_cairo_show_layout (cr, block->side);
    }
  else if (block->side != NULL && block->side_x == 0)
    {
      set_color (cr, STYLE_NOTE);
      cairo_move_to (cr, MARGIN_SIDE,
                     placement->y + block->line_baseline[placement->first] - origin
                     - pango_units_to_double (pango_layout_get_baseline (self->continued)));
      pango_cairo_show_layout (cr, self->continued);
    }
}

static void
draw_header_and_footer (McReportRenderer *self,
                        cairo_t          *cr,
                        guint             page)
{
  g_autoptr(PangoLayout) footer_right = NULL;
  g_autofree char *page_text = NULL;
  double right = MARGIN_SIDE + self->content_width / 2;
  double header_rule = HEADER_TOP + 12;
  double footer_rule = self->page_height - FOOTER_RULE;

  set_color (cr, STYLE_PAGE);
  cairo_move_to (cr, MARGIN_SIDE, HEADER_TOP);
  pango_cairo_show_layout (cr, self->header_left);
  cairo_move_to (cr, right + COLUMN_GAP / 2, HEADER_TOP);
  pango_cairo_show_layout (cr, self->header_right);

  cairo_set_source_rgb (cr, 0.72, 0.76, 0.80);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN_SIDE, header_rule);
  cairo_line_to (cr, MARGIN_SIDE + self->content_width, header_rule);
  cairo_move_to (cr, MARGIN_SIDE, footer_rule);
  cairo_line_to (cr, MARGIN_SIDE + self->content_width, footer_rule);
  cairo_stroke (cr);

  /* Translators: page footer, "Page 2 of 5". */
  page_text = g_strdup_printf (_("Page %u of %u"), page + 1, self->pages->len);
  footer_right =
      mc_report_renderer_new_layout (self, STYLE_PAGE, self->content_width / 2, page_text, FALSE);
  pango_layout_set_alignment (footer_right, PANGO_ALIGN_RIGHT);

  set_color (cr, STYLE_PAGE);
  cairo_move_to (cr, MARGIN_SIDE, footer_rule + 5);
  pango_cairo_show_layout (cr, self->footer_left);
  cairo_move_to (cr, right, footer_rule + 5);
  pango_cairo_show_layout (cr, footer_right);
}

void
mc_report_renderer_draw_page (McReportRenderer *self,
                              cairo_t          *cr,
                              guint             page)
{
  GArray *placements;

  g_return_if_fail (MC_IS_REPORT_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < mc_report_renderer_paginate (self));

  placements = g_ptr_array_index (self->pages, page);

  cairo_save (cr);
  draw_decorations (self, cr, placements);
  for (guint i = 0; i < placements->len; i++)
    draw_placement (self, cr, &g_array_index (placements, Placement, i));
  draw_header_and_footer (self, cr, page);
  cairo_restore (cr);
}

/* The object */

static void
mc_report_renderer_finalize (GObject *object)
{
  McReportRenderer *self = MC_REPORT_RENDERER (object);

  g_clear_pointer (&self->report, mc_report_unref);
  g_clear_object (&self->context);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->header_left);
  g_clear_object (&self->header_right);
  g_clear_object (&self->footer_left);
  g_clear_object (&self->continued);

  G_OBJECT_CLASS (mc_report_renderer_parent_class)->finalize (object);
}

static void
mc_report_renderer_class_init (McReportRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_report_renderer_finalize;
}

static void
mc_report_renderer_init (McReportRenderer *self)
{
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
}

McReportRenderer *
mc_report_renderer_new (McReport     *report,
                        PangoContext *context,
                        double        page_width_pt,
                        double        page_height_pt)
{
  cairo_font_options_t *options;
  McReportRenderer *self;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);
  /* Room for the margins, the header and the footer, and some text. */
  g_return_val_if_fail (page_width_pt > 2 * MARGIN_SIDE + LABEL_WIDTH + 72, NULL);
  g_return_val_if_fail (page_height_pt > MARGIN_TOP + MARGIN_BOTTOM + 144, NULL);

  /* Device-independent metrics: the same line breaks on paper as in the
   * PDF, whatever the screen or the printer does. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);

  self = g_object_new (MC_TYPE_REPORT_RENDERER, NULL);
  self->report = mc_report_ref (report);
  self->context = g_object_ref (context);
  self->page_width = page_width_pt;
  self->page_height = page_height_pt;
  self->content_width = page_width_pt - 2 * MARGIN_SIDE;
  self->body_top = MARGIN_TOP;
  self->body_bottom = page_height_pt - MARGIN_BOTTOM;

  return self;
}

/* PDF */

static PangoContext *
create_pdf_context (void)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (font_map);

  pango_cairo_context_set_resolution (context, 72.0);

  return context;
}

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
set_metadata (cairo_surface_t *surface,
              McReport        *report)
{
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *created = g_date_time_format (report->created_at, "%Y-%m-%dT%H:%M:%SZ");

  /* Only the case number, the organisation and the author: never the
   * client, so an anonymised report's metadata is as anonymous as its
   * pages. */
  /* Translators: the PDF document title, "Reporting code decision 2026-0001". */
  title = g_strdup_printf (_("Reporting code decision %s"),
                           report->case_number != NULL ? report->case_number : "");
  if (report->anonymous || report->author_name == NULL)
    author = g_strdup (report->organisation != NULL ? report->organisation : "");
  else
    author = g_strdup (report->author_name);
  /* Document properties are one line. */
  g_strdelimit (title, "\t\n", ' ');
  g_strdelimit (author, "\t\n", ' ');
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Meldcode " VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
}

GBytes *
mc_report_render_pdf (McReport  *report,
                      GError   **error)
{
  g_autoptr(McReportRenderer) renderer = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  PangoContext *context;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint n_pages;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = create_pdf_context ();
  renderer = mc_report_renderer_new (report, context, MC_REPORT_A4_WIDTH, MC_REPORT_A4_HEIGHT);
  g_object_unref (context);
  n_pages = mc_report_renderer_paginate (renderer);

  buffer = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (append_to_array, buffer,
                                                 MC_REPORT_A4_WIDTH, MC_REPORT_A4_HEIGHT);
  set_metadata (surface, report);

  cr = cairo_create (surface);
  for (guint page = 0; page < n_pages; page++)
    {
      mc_report_renderer_draw_page (renderer, cr, page);
      cairo_show_page (cr);
    }

  /* Bookmarks to the sections, for a reader's outline pane. */
  for (guint page = 0; page < n_pages; page++)
    {
      GArray *placements = g_ptr_array_index (renderer->pages, page);

      for (guint i = 0; i < placements->len; i++)
        {
          const Placement *placement = &g_array_index (placements, Placement, i);
          const Block *block = g_ptr_array_index (renderer->blocks, placement->block);
          g_autofree char *link = NULL;

          if (block->outline == NULL || placement->first != 0)
            continue;
          /* Whole points: cairo 1.16 reads decimals in these attributes in
           * the locale, so "12.5" fails under a Dutch locale. */
          link = g_strdup_printf ("page=%u pos=[%d %d]", page + 1, (int) MARGIN_SIDE,
                                  (int) placement->y);
          cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, block->outline, link, 0);
        }
    }

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_IO,
                   _("The report could not be made into a PDF: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

gboolean
mc_report_write_pdf (McReport    *report,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = mc_report_render_pdf (report, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents_full (path, data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_IO,
                   _("Cannot write “%s”: %s"), display, local_error->message);
      return FALSE;
    }

  return TRUE;
}
