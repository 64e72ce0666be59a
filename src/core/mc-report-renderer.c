/* mc-report-renderer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report becomes a list of blocks (a heading, a label with its value, a
 * paragraph), each a Pango layout of known lines. Pagination places lines,
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
#include "mc-report-renderer.h"

#define MM                 (72.0 / 25.4)
#define MARGIN_SIDE        (20.0 * MM)
#define MARGIN_TOP         (26.0 * MM)
#define MARGIN_BOTTOM      (24.0 * MM)
#define HEADER_TOP         (12.0 * MM)
#define FOOTER_RULE        (17.0 * MM)    /* from the bottom edge */
#define LABEL_WIDTH        (40.0 * MM)
#define COLUMN_GAP         (4.0 * MM)
#define ANSWER_WIDTH       (24.0 * MM)
#define SIGNATURE_GAP      (10.0 * MM)
#define SHADE_PADDING      6.0
#define BAR_OFFSET         7.0

typedef enum
{
  STYLE_BODY,
  STYLE_INTERPRETATION,
  STYLE_LABEL,
  STYLE_META,
  STYLE_NOTE,
  STYLE_TITLE,
  STYLE_HEADING,
  STYLE_SUBHEADING,
  STYLE_ANSWER,
  STYLE_PAGE,
  N_STYLES
} Style;

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

typedef enum
{
  DECORATION_NONE,
  DECORATION_RULE,               /* a line under a section heading */
  DECORATION_BAR,                /* a line beside an interpretation */
  DECORATION_ALERT,              /* a red line beside a meldnorm deviation */
  DECORATION_SHADE,              /* a tinted box behind the decision */
} Decoration;

typedef enum
{
  BLOCK_TEXT,
  BLOCK_SIGNATURES,
} BlockKind;

typedef struct
{
  BlockKind    kind;
  /* The text that flows over pages, in layouts of at most CHUNK_CHARS
   * stacked one under the other (see new_chunks()). */
  GPtrArray   *chunks;
  Style        style;
  double       x;                /* from the left margin */
  PangoLayout *side;             /* a label or answer beside the first lines */
  Style        side_style;
  double       side_x;
  double       space_before;
  gboolean     keep_with_next;
  Decoration   decoration;
  guint        group;            /* blocks decorated together; 0 for none */
  char        *outline;          /* a PDF bookmark for a section heading */

  /* Line geometry in points, from the top of the layout. */
  guint             n_lines;
  PangoLayoutLine **lines;
  double           *line_top;
  double           *line_bottom;
  double           *line_baseline;
  double           *line_x;
  double            side_height;
  double            side_baseline;

  /* BLOCK_SIGNATURES: two columns of a title and fields to sign. */
  PangoLayout *columns[2][5];    /* title, name, role, date, signature labels */
  PangoLayout *values[2][2];     /* the name and role, when known */
  double       height;
} Block;

typedef struct
{
  guint  block;
  guint  first;
  guint  count;
  double y;                      /* top of the first line on the page */
  double bottom;
} Placement;

struct _McReportRenderer
{
  GObject parent_instance;

  McReport     *report;
  PangoContext *context;
  double        page_width;
  double        page_height;
  double        content_width;
  double        body_top;
  double        body_bottom;

  GPtrArray *blocks;             /* Block */
  GPtrArray *pages;              /* GArray of Placement */
  guint      next_group;

  PangoLayout *header_left;
  PangoLayout *header_right;
  PangoLayout *footer_left;
  PangoLayout *continued;
};

G_DEFINE_FINAL_TYPE (McReportRenderer, mc_report_renderer, G_TYPE_OBJECT)

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

static char *
bounded_paragraphs (const char *text)
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

static PangoLayout *
new_layout (McReportRenderer *self,
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
      g_autofree char *bounded = bounded_paragraphs (text);

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
  PangoLayout *layout = new_layout (self, style, width, NULL, FALSE);

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
    plain = bounded_paragraphs (text);
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
static void
finish_block (Block *block)
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

static Block *
add_block (McReportRenderer *self,
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

static void
add_title (McReportRenderer *self,
           const char       *title,
           const char       *meta)
{
  Block *block;

  block = add_block (self, STYLE_TITLE, 0, self->content_width, 0, title, FALSE);
  block->keep_with_next = TRUE;
  finish_block (block);

  block = add_block (self, STYLE_META, 0, self->content_width, 4, meta, FALSE);
  finish_block (block);
}

static void
add_heading (McReportRenderer *self,
             const char       *heading)
{
  Block *block = add_block (self, STYLE_HEADING, 0, self->content_width, 22, heading, FALSE);

  block->keep_with_next = TRUE;
  block->decoration = DECORATION_RULE;
  block->outline = g_strdup (heading);
  finish_block (block);
}

static void
add_subheading (McReportRenderer *self,
                const char       *heading)
{
  Block *block = add_block (self, STYLE_SUBHEADING, 0, self->content_width, 14, heading, FALSE);

  block->keep_with_next = TRUE;
  finish_block (block);
}

/* A line of grey text where a list is empty or something is not recorded. */
static void
add_note (McReportRenderer *self,
          const char       *note)
{
  finish_block (add_block (self, STYLE_NOTE, 0, self->content_width, 6, note, FALSE));
}

/* A label in the left column, the value flowing in the right one. */
static Block *
add_row_full (McReportRenderer *self,
              const char       *label,
              const char       *value,
              gboolean          is_markup,
              Style             style)
{
  double x = LABEL_WIDTH + COLUMN_GAP;
  Block *block = add_block (self, style, x, self->content_width - x, 5, value, is_markup);

  block->side = new_layout (self, STYLE_LABEL, LABEL_WIDTH, label, FALSE);
  block->side_style = STYLE_LABEL;
  block->side_x = 0;
  return block;
}

static void
add_row (McReportRenderer *self,
         const char       *label,
         const char       *value)
{
  if (value == NULL)
    return;
  finish_block (add_row_full (self, label, value, FALSE, STYLE_BODY));
}

/* Formatting */

/* A label, else its id; "" when a caller left both out (the XML writer
 * refuses such a report, the printout still works). */
static const char *
label_or_id (const char *label,
             const char *id)
{
  return label != NULL ? label : id != NULL ? id : "";
}

static char *
date_text (const char *iso)
{
  GDate date;

  g_date_clear (&date, 1);
  if (iso == NULL || !mc_date_from_iso8601 (iso, &date))
    return NULL;
  return mc_format_date (&date);
}

static const char *
answer_text (McReportAnswer answer)
{
  switch (answer)
    {
    case MC_REPORT_ANSWER_YES:
      return C_("answer", "Yes");
    case MC_REPORT_ANSWER_NO:
      return C_("answer", "No");
    case MC_REPORT_ANSWER_UNANSWERED:
    default:
      return C_("answer", "Not answered");
    }
}

static char *
age_text (int age)
{
  if (age < 0)
    return NULL;
  return g_strdup_printf (ngettext ("%d year", "%d years", age), age);
}

/* "3 March 1985 (41 years)", or whichever half is known. */
static char *
birth_text (const char *birth_date,
            int         age)
{
  g_autofree char *date = date_text (birth_date);
  g_autofree char *years = age_text (age);

  if (date != NULL && years != NULL)
    /* Translators: a date of birth with the age at the decision. */
    return g_strdup_printf (_("%s (%s)"), date, years);
  if (date != NULL)
    return g_steal_pointer (&date);
  return g_steal_pointer (&years);
}

static void
append_escaped (GString    *markup,
                const char *text)
{
  g_autofree char *bounded = bounded_paragraphs (text);
  g_autofree char *escaped = g_markup_escape_text (bounded, -1);

  g_string_append (markup, escaped);
}

/* A line of grey detail under an item. */
static void
append_meta (GString    *markup,
             const char *text)
{
  g_string_append (markup, "\n<span size=\"90%\" foreground=\"#5c6166\">");
  append_escaped (markup, text);
  g_string_append (markup, "</span>");
}

/* Sections, in the order of Veilig Thuis's forms */

static void
build_reporter (McReportRenderer *self)
{
  McReport *report = self->report;
  g_autofree char *author = NULL;

  /* Translators: section heading; Dutch "Melder", as Veilig Thuis says. */
  add_heading (self, _("Reporter"));
  add_row (self, _("Organisation"), report->organisation);
  if (report->author_role != NULL)
    /* Translators: a name with a role, "J. de Boer, begeleider". */
    author = g_strdup_printf (_("%s, %s"), report->author_name, report->author_role);
  else
    author = g_strdup (report->author_name);
  add_row (self, _("Author"), author);
  /* Translators: the reporter's phone number, as Veilig Thuis's form asks it. */
  add_row (self, _("Phone"), report->author_phone);
  add_row (self, _("E-mail"), report->author_email);
}

/* Under a part that the family does not see: Veilig Thuis shares its file
 * with parents and with children from 12. */
static void
append_not_for_family (GString  *markup,
                       gboolean  not_for_family)
{
  if (!not_for_family)
    return;
  g_string_append (markup, "\n<b>");
  /* Translators: a mark on a part of the report; Dutch "Niet voor de
   * familie". */
  append_escaped (markup, _("Not for the family"));
  g_string_append (markup, "</b>");
}

static const char *
gezag_text (McReportAnswer gezag)
{
  switch (gezag)
    {
    case MC_REPORT_ANSWER_YES:
      /* Translators: Dutch "Heeft gezag". */
      return _("Has parental authority");
    case MC_REPORT_ANSWER_NO:
      /* Translators: Dutch "Heeft geen gezag". */
      return _("Has no parental authority");
    case MC_REPORT_ANSWER_UNANSWERED:
    default:
      return NULL;
    }
}

static void
build_people (McReportRenderer *self)
{
  McReport *report = self->report;
  g_autofree char *birth = NULL;

  /* Translators: section heading; Dutch "Betrokkenen". */
  add_heading (self, _("People involved"));
  add_subheading (self, _("Client"));
  add_row (self, _("Name"), report->client.name);
  add_row (self, _("Client number"), report->client.number);
  birth = date_text (report->client.birth_date);
  add_row (self, _("Date of birth"), birth);
  {
    g_autofree char *age = age_text (report->client.age);

    add_row (self, _("Age at the decision"), age);
  }

  add_subheading (self, _("Others involved"));
  if (report->people->len == 0)
    add_note (self, _("No other people are recorded."));
  for (guint i = 0; i < report->people->len; i++)
    {
      const McReportPerson *person = g_ptr_array_index (report->people, i);
      g_autoptr(GString) markup = g_string_new ("<b>");
      g_autofree char *person_birth = birth_text (person->birth_date, person->age);

      append_escaped (markup, person->name != NULL ? person->name : _("Name unknown"));
      g_string_append (markup, "</b>");
      if (person_birth != NULL)
        {
          g_autofree char *born = NULL;

          if (person->birth_date != NULL)
            /* Translators: under a person's name, "Born: 2 June 1985 (41 years)". */
            born = g_strdup_printf (_("Born: %s"), person_birth);
          else
            /* Translators: under a person's name when only the age is known
             * (an anonymised report), "Age: 41 years". */
            born = g_strdup_printf (_("Age: %s"), person_birth);
          append_meta (markup, born);
        }
      if (person->relation != NULL)
        {
          g_string_append_c (markup, '\n');
          append_escaped (markup, person->relation);
        }
      if (gezag_text (person->gezag) != NULL)
        {
          g_string_append_c (markup, '\n');
          append_escaped (markup, gezag_text (person->gezag));
        }
      if (person->address != NULL)
        {
          /* Translators: under a person's name. */
          g_autofree char *address = g_strdup_printf (_("Address: %s"), person->address);

          g_string_append_c (markup, '\n');
          append_escaped (markup, address);
        }
      if (person->school != NULL)
        {
          /* Translators: under a person's name; Dutch "School, kinderopvang
           * of dagbesteding: %s". */
          g_autofree char *school = g_strdup_printf (_("School, day care or day activity: %s"),
                                                     person->school);

          g_string_append_c (markup, '\n');
          append_escaped (markup, school);
        }
      append_not_for_family (markup, person->not_for_family);
      finish_block (add_row_full (self,
                                  label_or_id (person->role_label, person->role),
                                  markup->str, TRUE, STYLE_BODY));
    }
}

/* "Takes the case on" from "takes the case on": a value that starts a
 * row. */
static char *
capitalised (const char *text)
{
  gunichar first = g_utf8_get_char (text);
  char buffer[8];
  int n = g_unichar_to_utf8 (g_unichar_totitle (first), buffer);

  return g_strdup_printf ("%.*s%s", n, buffer, g_utf8_next_char (text));
}

static const char *
round_kind_text (McReportRoundKind kind)
{
  switch (kind)
    {
    case MC_REPORT_ROUND_EVALUATION:
      return C_("decision round", "evaluation");
    case MC_REPORT_ROUND_REPORT_AGAIN:
      return C_("decision round", "new report");
    case MC_REPORT_ROUND_REWEIGH:
      return C_("decision round", "new weighing");
    case MC_REPORT_ROUND_FIRST:
    default:
      /* Translators: the kind of the first decision round, as in
       * "Decision round 1: first decision". */
      return C_("decision round", "first decision");
    }
}

static char *
round_title (const McReportRound *round)
{
  /* Translators: a subheading, "Decision round 2: evaluation"; Dutch
   * "Beslisronde 2: evaluatie". */
  return g_strdup_printf (_("Decision round %u: %s"), round->number, round_kind_text (round->kind));
}

static const char *
method_text (McReportMethod method)
{
  switch (method)
    {
    case MC_REPORT_METHOD_PHONE:
      return C_("report method", "by phone");
    case MC_REPORT_METHOD_PHONE_AND_FORM:
      return C_("report method", "by phone and with the form");
    case MC_REPORT_METHOD_FORM:
      return C_("report method", "with the form");
    case MC_REPORT_METHOD_NONE:
    default:
      return NULL;
    }
}

static const char *
response_text (McReportVtResponse response)
{
  switch (response)
    {
    case MC_REPORT_VT_RESPONSE_TAKES_ON:
      return C_("vt response", "takes the case on");
    case MC_REPORT_VT_RESPONSE_ADVICE:
      return C_("vt response", "gives advice");
    case MC_REPORT_VT_RESPONSE_REFERS:
      return C_("vt response", "refers to other help");
    case MC_REPORT_VT_RESPONSE_DECLINES:
      return C_("vt response", "does not take the case on");
    case MC_REPORT_VT_RESPONSE_NONE:
    default:
      return NULL;
    }
}

/* "Confirmed on 3 December 2026": where an interpretation stands. */
static char *
signal_status_text (const McReportSignal *signal)
{
  g_autofree char *date = date_text (signal->status_on);

  switch (signal->status)
    {
    case MC_REPORT_SIGNAL_STATUS_OPEN:
      /* Translators: an interpretation that is neither confirmed nor refuted yet. */
      return g_strdup (_("Open: not confirmed or refuted yet"));
    case MC_REPORT_SIGNAL_STATUS_CONFIRMED:
      /* Translators: an interpretation, "Confirmed on 3 December 2026". */
      return date != NULL ? g_strdup_printf (_("Confirmed on %s"), date) : g_strdup (_("Confirmed"));
    case MC_REPORT_SIGNAL_STATUS_REFUTED:
      /* Translators: an interpretation, "Refuted on 3 December 2026". */
      return date != NULL ? g_strdup_printf (_("Refuted on %s"), date) : g_strdup (_("Refuted"));
    case MC_REPORT_SIGNAL_STATUS_NONE:
    default:
      return NULL;
    }
}

static void
build_signal (McReportRenderer     *self,
              const McReportSignal *signal,
              guint                 group)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GString) side = g_string_new (NULL);
  g_autofree char *date = date_text (signal->observed_on);
  g_autofree char *status = signal_status_text (signal);
  gboolean interpretation = signal->nature == MC_REPORT_NATURE_INTERPRETATION;
  Block *block;

  g_string_append (side, date != NULL ? date : _("Date unknown"));
  g_string_append_c (side, '\n');
  g_string_append (side, interpretation ? _("Interpretation") : _("Fact"));

  if (signal->category != NULL)
    {
      g_string_append (markup, "<b>");
      append_escaped (markup, label_or_id (signal->category_label, signal->category));
      g_string_append (markup, "</b>\n");
    }
  if (interpretation)
    g_string_append (markup, "<i>");
  append_escaped (markup, signal->description != NULL ? signal->description : "");
  if (interpretation)
    g_string_append (markup, "</i>");

  {
    g_autofree char *observer = NULL;
    g_autofree char *source = NULL;
    g_autofree char *line = NULL;

    /* Translators: who saw or heard a signal. */
    observer = g_strdup_printf (_("Observed by: %s"),
                                signal->observer != NULL ? signal->observer : _("unknown"));
    /* Translators: where a signal comes from; "own observation" when the
     * observer saw or heard it personally. */
    source = g_strdup_printf (_("Source: %s"),
                              signal->source != NULL ? signal->source : _("own observation"));
    /* Translators: two details on one line, "Observed by: … · Source: …". */
    line = g_strdup_printf (_("%s · %s"), observer, source);
    append_meta (markup, line);
  }
  if (status != NULL)
    {
      g_string_append (markup, "\n<b>");
      append_escaped (markup, status);
      g_string_append (markup, "</b>");
    }
  append_not_for_family (markup, signal->not_for_family);

  block = add_row_full (self, side->str, markup->str, TRUE, STYLE_BODY);
  block->space_before = 10;
  if (interpretation)
    {
      block->decoration = DECORATION_BAR;
      block->group = group;
    }
  finish_block (block);
}

/* The special forms suspected: the protocol's advice, and the duties of
 * their own route with whether each was done. Nothing when none is. */
static void
build_special_forms (McReportRenderer *self)
{
  McReport *report = self->report;

  if (report->special_forms->len == 0)
    return;

  /* Translators: forms such as honour-related violence or violence in
   * the care relationship; Dutch "Bijzondere vormen van geweld". */
  add_subheading (self, _("Special Forms of Violence"));
  for (guint i = 0; i < report->special_forms->len; i++)
    {
      const McReportSpecialForm *form = g_ptr_array_index (report->special_forms, i);
      g_autofree char *name = g_markup_escape_text (form->name, -1);
      g_autofree char *markup = g_strdup_printf ("<b>%s</b>", name);

      Block *heading = add_block (self, STYLE_BODY, 0, self->content_width, 6, markup, TRUE);

      heading->keep_with_next = TRUE;
      finish_block (heading);
      if (form->advice != NULL)
        add_note (self, form->advice);
      for (guint j = 0; j < form->duties->len; j++)
        {
          const McReportDuty *duty = g_ptr_array_index (form->duties, j);
          const char *done = g_strcmp0 (duty->done, "yes") == 0 ? answer_text (MC_REPORT_ANSWER_YES)
                             : g_strcmp0 (duty->done, "no") == 0 ? answer_text (MC_REPORT_ANSWER_NO)
                             : answer_text (MC_REPORT_ANSWER_UNANSWERED);
          Block *block = add_block (self, STYLE_BODY, 0,
                                    self->content_width - ANSWER_WIDTH - COLUMN_GAP, 4,
                                    duty->text, FALSE);

          block->side = new_layout (self, STYLE_ANSWER, ANSWER_WIDTH, done, FALSE);
          block->side_style = STYLE_ANSWER;
          block->side_x = self->content_width - ANSWER_WIDTH;
          finish_block (block);
        }
    }
}

static void
build_concerns (McReportRenderer *self)
{
  McReport *report = self->report;
  guint n_facts = 0;
  guint n_interpretations = 0;

  for (guint i = 0; i < report->signals->len; i++)
    {
      const McReportSignal *signal = g_ptr_array_index (report->signals, i);

      if (signal->nature == MC_REPORT_NATURE_INTERPRETATION)
        n_interpretations++;
      else
        n_facts++;
    }

  /* Translators: section heading; Dutch "Zorgen: feiten en bron". */
  add_heading (self, _("Concerns: facts and source"));

  /* Facts and interpretations apart, as recording well asks. */
  add_subheading (self, _("Facts"));
  if (n_facts == 0)
    add_note (self, _("No facts are recorded."));
  for (guint i = 0; i < report->signals->len; i++)
    {
      const McReportSignal *signal = g_ptr_array_index (report->signals, i);

      if (signal->nature == MC_REPORT_NATURE_FACT)
        build_signal (self, signal, 0);
    }

  add_subheading (self, _("Interpretations"));
  if (n_interpretations == 0)
    add_note (self, _("No interpretations are recorded."));
  else
    add_note (self, _("What the observers conclude or suspect, apart from what they saw or heard."));
  for (guint i = 0; i < report->signals->len; i++)
    {
      const McReportSignal *signal = g_ptr_array_index (report->signals, i);

      if (signal->nature == MC_REPORT_NATURE_INTERPRETATION)
        build_signal (self, signal, ++self->next_group);
    }

  /* Translators: the check for children of an adult client; Dutch
   * "Kindcheck". */
  add_subheading (self, _("Child check"));
  if (report->kindcheck->len == 0)
    add_note (self, _("No child check is recorded."));
  for (guint i = 0; i < report->kindcheck->len; i++)
    {
      const McReportCheck *check = g_ptr_array_index (report->kindcheck, i);
      const char *answer = check->answer;
      Block *block;

      if (g_strcmp0 (answer, "yes") == 0)
        answer = answer_text (MC_REPORT_ANSWER_YES);
      else if (g_strcmp0 (answer, "no") == 0)
        answer = answer_text (MC_REPORT_ANSWER_NO);
      else if (answer == NULL)
        answer = answer_text (MC_REPORT_ANSWER_UNANSWERED);

      /* A short answer stands beside the question; a free-text one can be
       * long and flows under it. */
      if (g_utf8_strlen (answer, -1) <= 24)
        {
          block = add_block (self, STYLE_BODY, 0,
                             self->content_width - ANSWER_WIDTH - COLUMN_GAP, 6,
                             label_or_id (check->question, check->id), FALSE);
          block->side = new_layout (self, STYLE_ANSWER, ANSWER_WIDTH, answer, FALSE);
          block->side_style = STYLE_ANSWER;
          block->side_x = self->content_width - ANSWER_WIDTH;
        }
      else
        {
          finish_block (add_block (self, STYLE_BODY, 0, self->content_width, 6,
                                   label_or_id (check->question, check->id),
                                   FALSE));
          block = add_row_full (self, _("Answer"), answer, FALSE, STYLE_BODY);
          block->space_before = 2;
        }
      finish_block (block);
    }

  build_special_forms (self);
}

static void
build_consultations (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: step 2, consulting a colleague or Veilig Thuis. */
  add_subheading (self, _("Consultations"));
  if (report->consultations->len == 0)
    add_note (self, _("No consultations are recorded."));
  for (guint i = 0; i < report->consultations->len; i++)
    {
      const McReportConsultation *consultation = g_ptr_array_index (report->consultations, i);
      g_autoptr(GString) markup = g_string_new ("<b>");
      g_autofree char *date = date_text (consultation->consulted_on);
      Block *block;

      append_escaped (markup, label_or_id (consultation->role_label, consultation->role));
      g_string_append (markup, "</b>");
      if (consultation->consultee != NULL)
        {
          g_string_append (markup, ", ");
          append_escaped (markup, consultation->consultee);
        }
      if (consultation->anonymous)
        append_meta (markup, _("The case was discussed without naming the client."));
      g_string_append_c (markup, '\n');
      append_escaped (markup, consultation->advice != NULL ? consultation->advice
                                                           : _("No advice recorded."));

      block = add_row_full (self, date != NULL ? date : _("Date unknown"), markup->str, TRUE,
                            STYLE_BODY);
      block->space_before = 8;
      finish_block (block);
    }
}

/* "Fatima El Amrani, Wettelijk vertegenwoordiger", the person of the case
 * a conversation was held with; NULL when it names none. */
static char *
conversation_person (McReport                   *report,
                     const McReportConversation *conversation)
{
  const McReportPerson *person;
  const char *role;

  if (conversation->person < 0 || (guint) conversation->person >= report->people->len)
    return NULL;
  person = g_ptr_array_index (report->people, conversation->person);
  role = label_or_id (person->role_label, person->role);
  /* Anonymised, the name is the role already ("Wettelijk vertegenwoordiger 2"). */
  if (person->name == NULL || report->anonymous)
    return g_strdup (person->name != NULL ? person->name : role);
  return g_strdup_printf (_("%s, %s"), person->name, role);
}

static void
build_conversations (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: step 3; every conversation, or why it did not take place. */
  add_subheading (self, _("Conversations with the client"));
  if (report->conversations->len == 0)
    add_note (self, _("No conversation is recorded."));
  for (guint i = 0; i < report->conversations->len; i++)
    {
      const McReportConversation *conversation = g_ptr_array_index (report->conversations, i);
      g_autofree char *person = conversation_person (report, conversation);
      g_autofree char *date = date_text (conversation->held_on);
      g_autoptr(GString) markup = g_string_new ("<b>");
      const char *side;
      Block *block;

      if (conversation->state == MC_REPORT_CONVERSATION_NOT_HELD)
        {
          /* Translators: beside a conversation that did not take place. */
          side = _("Not held");
          append_escaped (markup, label_or_id (conversation->reason_label, conversation->reason));
          g_string_append (markup, "</b>");
          if (person != NULL)
            {
              g_autofree char *with = g_strdup_printf (_("With: %s"), person);

              append_meta (markup, with);
            }
          if (conversation->explanation != NULL)
            {
              g_string_append_c (markup, '\n');
              append_escaped (markup, conversation->explanation);
            }
        }
      else
        {
          side = date != NULL ? date : _("Date unknown");
          /* Whom it was held with: the person of the case, and in words. */
          if (person != NULL && conversation->with_whom != NULL)
            {
              append_escaped (markup, person);
              g_string_append (markup, "</b>\n");
              append_escaped (markup, conversation->with_whom);
            }
          else
            {
              append_escaped (markup, person != NULL ? person
                                      : conversation->with_whom != NULL ? conversation->with_whom
                                      /* Translators: a conversation that does not say with whom. */
                                      : _("With whom is not recorded"));
              g_string_append (markup, "</b>");
            }
          if (conversation->discussed != NULL)
            {
              g_autofree char *discussed = g_strdup_printf (_("Discussed: %s"), conversation->discussed);

              g_string_append_c (markup, '\n');
              append_escaped (markup, discussed);
            }
          if (conversation->reaction != NULL)
            {
              g_autofree char *reaction = g_strdup_printf (_("Reaction: %s"), conversation->reaction);

              g_string_append_c (markup, '\n');
              append_escaped (markup, reaction);
            }
        }
      append_not_for_family (markup, conversation->not_for_family);

      block = add_row_full (self, side, markup->str, TRUE, STYLE_BODY);
      block->space_before = 8;
      finish_block (block);
    }
}

/* Ondersteunend netwerk, overige informatie: free text sections of
 * Veilig Thuis's form. */
static void
build_section (McReportRenderer          *self,
               const char                *heading,
               const McReportSectionText *section)
{
  g_autoptr(GString) markup = g_string_new (NULL);

  add_heading (self, heading);
  if (section->text == NULL)
    {
      /* Translators: under a section of the report that holds nothing. */
      add_note (self, _("Nothing is recorded."));
      return;
    }
  append_escaped (markup, section->text);
  append_not_for_family (markup, section->not_for_family);
  finish_block (add_block (self, STYLE_BODY, 0, self->content_width, 4, markup->str, TRUE));
}

/* Melding afronden: open melden, person by person: who was told of the
 * report and how they reacted, or which exception applied. */
static void
build_completion (McReportRenderer *self)
{
  McReport *report = self->report;
  gboolean any = FALSE;

  /* Translators: section heading; Dutch "Melding afronden", as Veilig
   * Thuis's form says. */
  add_heading (self, _("Completing the report"));
  /* Translators: subheading; Dutch "Open melden". */
  add_subheading (self, _("Informing the people involved"));
  for (guint i = 0; i < report->people->len; i++)
    {
      const McReportPerson *person = g_ptr_array_index (report->people, i);
      g_autoptr(GString) markup = g_string_new ("<b>");
      g_autofree char *date = date_text (person->informed_on);

      if (person->informed == MC_REPORT_ANSWER_UNANSWERED && person->informed_exception == NULL
          && person->informed_reaction == NULL)
        continue;
      any = TRUE;
      if (person->informed == MC_REPORT_ANSWER_YES)
        append_escaped (markup, date != NULL
                                ? date
                                /* Translators: open melden: the person was told of the report. */
                                : _("Informed of the report"));
      else if (person->informed == MC_REPORT_ANSWER_NO)
        /* Translators: open melden: the person was not told of the report. */
        append_escaped (markup, _("Not informed of the report"));
      else
        append_escaped (markup, answer_text (person->informed));
      g_string_append (markup, "</b>");
      if (person->informed == MC_REPORT_ANSWER_YES && date != NULL)
        append_meta (markup, _("Informed of the report"));
      if (person->informed_exception != NULL)
        {
          /* Translators: the "open melden, tenzij" exception that applied. */
          g_autofree char *because = g_strdup_printf (_("Exception: %s"),
                                                      label_or_id (person->informed_exception_label,
                                                                   person->informed_exception));

          g_string_append_c (markup, '\n');
          append_escaped (markup, because);
        }
      if (person->informed_reaction != NULL)
        {
          g_autofree char *reaction = g_strdup_printf (_("Reaction: %s"), person->informed_reaction);

          g_string_append_c (markup, '\n');
          append_escaped (markup, reaction);
        }
      finish_block (add_row_full (self,
                                  person->name != NULL ? person->name
                                                       : label_or_id (person->role_label, person->role),
                                  markup->str, TRUE, STYLE_BODY));
    }
  if (!any)
    /* Translators: no person has an open melden record. */
    add_note (self, _("Whom the report was told to is not recorded per person."));
}

/* Inzage: what this copy leaves out and why, where the reader starts. */
static void
build_left_out (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: section heading of a copy for the client; Dutch "Niet in
   * dit afschrift". */
  add_heading (self, _("Left out of this copy"));
  if (report->inzage.left_out->len == 0)
    add_note (self, _("Nothing is left out."));
  for (guint i = 0; i < report->inzage.left_out->len; i++)
    {
      const McReportLeftOut *left_out = g_ptr_array_index (report->inzage.left_out, i);
      g_autoptr(GString) markup = g_string_new ("<b>");

      append_escaped (markup, left_out->what != NULL ? left_out->what : "");
      g_string_append (markup, "</b>");
      if (left_out->why != NULL)
        {
          /* Translators: why a part is left out of a copy for the client. */
          g_autofree char *why = g_strdup_printf (_("Why: %s"), left_out->why);

          g_string_append_c (markup, '\n');
          append_escaped (markup, why);
        }
      finish_block (add_block (self, STYLE_BODY, 0, self->content_width, 4, markup->str, TRUE));
    }
}

static const char *
access_action_text (const char *action)
{
  static const struct { const char *id; const char *text; } actions[] = {
    /* Translators: actions in the access log of a copy for the client. */
    { "view", N_("Opened") },
    { "create", N_("Added") },
    { "change", N_("Changed") },
    { "delete", N_("Removed") },
    { "export", N_("Exported") },
    { "print", N_("Printed") },
    { "import", N_("Imported") },
    { "close", N_("Closed") },
    { "reopen", N_("Reopened") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (action, actions[i].id) == 0)
      return _(actions[i].text);
  return action != NULL ? action : "";
}

/* The case's access log (NEN 7513): who did what, and when. */
static void
build_access_log (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: section heading; Dutch "Wie heeft het dossier ingezien". */
  add_heading (self, _("Access log"));
  add_note (self, _("Who opened, changed, exported or printed this case, and when."));
  for (guint i = 0; i < report->inzage.access_log->len; i++)
    {
      const McReportAccess *access = g_ptr_array_index (report->inzage.access_log, i);
      g_autoptr(GDateTime) at = access->at != NULL ? g_date_time_new_from_iso8601 (access->at, NULL) : NULL;
      g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
      g_autofree char *when = local != NULL ? g_date_time_format (local, "%d-%m-%Y %H:%M")
                                            : g_strdup (access->at);
      g_autoptr(GString) markup = g_string_new (NULL);

      append_escaped (markup, access_action_text (access->action));
      g_string_append (markup, " · ");
      if (access->role != NULL)
        {
          g_autofree char *who = g_strdup_printf (_("%s, %s"),
                                                  access->user != NULL ? access->user : "",
                                                  access->role);

          append_escaped (markup, who);
        }
      else
        append_escaped (markup, access->user != NULL ? access->user : "");
      if (access->subject != NULL)
        append_meta (markup, access->subject);
      finish_block (add_row_full (self, when, markup->str, TRUE, STYLE_BODY));
    }
}

static void
build_weighing (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: step 4, weighing the violence. */
  add_subheading (self, _("Weighing"));
  add_row (self, _("Acute unsafety"), answer_text (report->weighing.acute));
  add_row (self, _("Structural unsafety"), answer_text (report->weighing.structural));
  add_row (self, _("Risk instrument"), report->weighing.instrument);
  add_row (self, _("Outcome"), report->weighing.instrument_result);
  add_row (self, _("Notes"), report->weighing.notes);
}

static void
build_questions (McReportRenderer    *self,
                 const McReportRound *round)
{
  if (round->questions->len == 0)
    add_note (self, _("No questions are answered."));
  for (guint i = 0; i < round->questions->len; i++)
    {
      const McReportQuestion *question = g_ptr_array_index (round->questions, i);
      g_autoptr(GString) markup = g_string_new (NULL);
      double width = self->content_width - ANSWER_WIDTH - COLUMN_GAP;
      const char *answer;
      Block *block;

      g_string_append_printf (markup, "%u. ", i + 1);
      if (question->skipped)
        {
          /* Not a question left open: the route went elsewhere. */
          g_string_append (markup, "<span foreground=\"#5c6166\">");
          append_escaped (markup, label_or_id (question->text, question->id));
          g_string_append (markup, "</span>");
          /* Translators: beside an afwegingskader question the answers
           * before it lead past; Dutch "Overgeslagen: niet aan de orde op
           * deze route". */
          append_meta (markup, _("Skipped: not applicable on this route"));
          answer = "—";
        }
      else
        {
          append_escaped (markup, label_or_id (question->text, question->id));
          if (question->from_round > 0)
            {
              /* Translators: an evaluation round takes the answers that
               * led to the help from an earlier round. */
              g_autofree char *from = g_strdup_printf (_("Answer from decision round %u"),
                                                       question->from_round);

              append_meta (markup, from);
            }
          answer = answer_text (question->answer);
        }
      if (question->note != NULL)
        append_meta (markup, question->note);

      block = add_block (self, STYLE_BODY, 0, width, 6, markup->str, TRUE);
      block->side = new_layout (self, STYLE_ANSWER, ANSWER_WIDTH, answer, FALSE);
      block->side_style = question->skipped ? STYLE_LABEL : STYLE_ANSWER;
      block->side_x = self->content_width - ANSWER_WIDTH;
      finish_block (block);
    }
}

static void
build_outcome (McReportRenderer    *self,
               const McReportRound *round)
{
  /* Translators: what the afwegingskader gives for the answers. */
  add_subheading (self, _("Outcome of the weighing framework"));
  if (round->outcome.report_needed == MC_REPORT_ANSWER_UNANSWERED
      && round->outcome.help_possible == MC_REPORT_ANSWER_UNANSWERED
      && round->outcome.reason == NULL)
    {
      add_note (self, _("The weighing framework gives no outcome yet."));
      return;
    }
  add_row (self, _("Reporting necessary"), answer_text (round->outcome.report_needed));
  add_row (self, _("Help possible"), answer_text (round->outcome.help_possible));
  add_row (self, _("Reason"), round->outcome.reason);
}

/* The two decisions with who took them and when; @shaded for the one the
 * report is about. */
static void
build_decision_rows (McReportRenderer    *self,
                     const McReportRound *round,
                     gboolean             shaded)
{
  guint group = ++self->next_group;
  g_autofree char *decided_by = NULL;
  g_autofree char *decided_on = date_text (round->decision.decided_on);
  g_autofree char *evaluation_on = date_text (round->decision.evaluation_on);
  struct {
    const char *label;
    const char *value;
    Style       style;
  } rows[] = {
    /* Translators: the first decision of step 5. */
    { _("Is reporting necessary?"), answer_text (round->decision.report_needed), STYLE_ANSWER },
    /* Translators: the second decision of step 5. */
    { _("Is help (also) possible?"), answer_text (round->decision.help_possible), STYLE_ANSWER },
    { _("Justification"), round->decision.justification, STYLE_BODY },
    { _("Decided by"), NULL, STYLE_BODY },
    { _("Date of the decision"), decided_on, STYLE_BODY },
    /* Translators: the date on which the help is evaluated (question 5). */
    { _("Evaluation of the help"), evaluation_on, STYLE_BODY },
  };
  gboolean first = TRUE;

  if (round->decision.decided_by_role != NULL)
    decided_by = g_strdup_printf (_("%s, %s"), round->decision.decided_by_name,
                                  round->decision.decided_by_role);
  else
    decided_by = g_strdup (round->decision.decided_by_name);
  rows[3].value = decided_by;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      Block *block;

      if (rows[i].value == NULL)
        continue;
      block = add_row_full (self, rows[i].label, rows[i].value, FALSE, rows[i].style);
      if (shaded)
        {
          block->decoration = DECORATION_SHADE;
          block->group = group;
          /* Room for the box above its first row. */
          if (first)
            block->space_before = 8 + SHADE_PADDING;
        }
      first = FALSE;
      finish_block (block);
    }
}

/* The report to Veilig Thuis and what followed it; @empty_note when
 * nothing is recorded (NULL: say nothing). */
static void
build_after_report (McReportRenderer    *self,
                    const McReportRound *round,
                    const char          *empty_note)
{
  g_autofree char *reported_on = date_text (round->veilig_thuis.reported_on);
  g_autofree char *feedback_on = date_text (round->veilig_thuis.feedback_on);
  g_autofree char *method = NULL;
  g_autofree char *response = NULL;

  if (method_text (round->veilig_thuis.method) != NULL)
    method = capitalised (method_text (round->veilig_thuis.method));
  if (response_text (round->veilig_thuis.response) != NULL)
    response = capitalised (response_text (round->veilig_thuis.response));

  if (reported_on == NULL && round->veilig_thuis.reference == NULL && method == NULL)
    {
      if (empty_note == NULL)
        return;
      add_row (self, _("Reported"), empty_note);
    }
  add_row (self, _("Reported on"), reported_on);
  /* Translators: how the report reached Veilig Thuis. */
  add_row (self, _("How"), method);
  add_row (self, _("Reference"), round->veilig_thuis.reference);
  /* Translators: who at Veilig Thuis took the report. */
  add_row (self, _("Taken by"), round->veilig_thuis.contact);
  if (reported_on != NULL || round->veilig_thuis.client_informed != MC_REPORT_ANSWER_UNANSWERED
      || empty_note != NULL)
    add_row (self, _("Client informed"), answer_text (round->veilig_thuis.client_informed));
  add_row (self, _("Not informed, because"),
           round->veilig_thuis.exception_label != NULL ? round->veilig_thuis.exception_label
                                                       : round->veilig_thuis.exception);
  add_row (self, _("Reaction of the client"), round->veilig_thuis.client_reaction);
  /* Translators: what Veilig Thuis does with the report. */
  add_row (self, _("Veilig Thuis"), response);
  add_row (self, _("Agreements with Veilig Thuis"), round->veilig_thuis.agreements);
  /* Translators: the date of Veilig Thuis's feedback ("terugkoppeling"). */
  add_row (self, _("Feedback on"), feedback_on);
  add_row (self, _("Feedback"), round->veilig_thuis.feedback);
}

static void
build_current_round (McReportRenderer *self)
{
  const McReportRound *round = mc_report_get_current_round (self->report);
  g_autofree char *title = round_title (round);

  add_subheading (self, title);
  if (self->report->rounds->len > 1)
    add_note (self, _("The current decision round; the earlier ones follow after the follow-up."));

  /* Translators: the five weighing questions of step 5; Dutch
   * "Afwegingskader". */
  add_subheading (self, _("Weighing framework"));
  build_questions (self, round);
  build_outcome (self, round);

  add_subheading (self, _("Decision"));
  build_decision_rows (self, round, TRUE);
}

/* Every rule a round deviates from, where no reader can miss it. */
static void
build_deviations (McReportRenderer *self)
{
  McReport *report = self->report;

  if (!mc_report_has_norm_deviations (report))
    return;

  /* Translators: section heading; Dutch "Afwijkingen van de meldnormen". */
  add_heading (self, _("Deviations from the reporting standards"));
  add_note (self, _("Where a decision does not follow a reporting standard (meldnorm) of the "
                    "protocol: the rule, and the professional's written reason in their own "
                    "words."));
  for (guint r = report->rounds->len; r > 0; r--)
    {
      const McReportRound *round = g_ptr_array_index (report->rounds, r - 1);

      for (guint i = 0; i < round->norms->len; i++)
        {
          const McReportNorm *norm = g_ptr_array_index (round->norms, i);
          g_autoptr(GString) markup = g_string_new ("<b>");
          /* Translators: beside a meldnorm deviation, the decision round it
           * belongs to, "Round 2". */
          g_autofree char *side = g_strdup_printf (_("Round %u"), round->number);
          Block *block;

          append_escaped (markup, norm->text != NULL ? norm->text : norm->rule_id);
          g_string_append (markup, "</b>\n");
          if (norm->reason != NULL)
            {
              /* Translators: the professional's written reason for deviating
               * from a meldnorm. */
              g_autofree char *reason = g_strdup_printf (_("Reason for the deviation: %s"),
                                                         norm->reason);

              append_escaped (markup, reason);
            }
          else
            {
              g_string_append (markup, "<i>");
              append_escaped (markup, _("No reason is written down: the decision breaks this "
                                        "reporting standard, and the case is not complete."));
              g_string_append (markup, "</i>");
            }

          block = add_row_full (self, side, markup->str, TRUE, STYLE_BODY);
          block->space_before = 10;
          block->decoration = DECORATION_ALERT;
          block->group = ++self->next_group;
          finish_block (block);
        }
    }
}

static char *
agreement_state_text (const McReportAgreement *agreement)
{
  switch (agreement->state)
    {
    case MC_REPORT_AGREEMENT_DONE:
      return g_strdup (_("Done"));
    case MC_REPORT_AGREEMENT_NOT_DONE:
      /* Translators: a follow-up agreement that was not carried out. */
      return g_strdup (_("Not done"));
    case MC_REPORT_AGREEMENT_OPEN:
    default:
      return g_strdup (_("Open"));
    }
}

static void
build_agreements (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: Dutch "Vervolgafspraken". */
  add_subheading (self, _("Agreements"));
  if (report->agreements->len == 0)
    add_note (self, _("No agreements are recorded."));
  for (guint i = 0; i < report->agreements->len; i++)
    {
      const McReportAgreement *agreement = g_ptr_array_index (report->agreements, i);
      g_autofree char *due = date_text (agreement->due_on);
      g_autofree char *checked = date_text (agreement->checked_on);
      g_autofree char *state = agreement_state_text (agreement);
      g_autofree char *side = NULL;
      g_autoptr(GString) markup = g_string_new (NULL);
      Block *block;

      append_escaped (markup, agreement->description != NULL ? agreement->description : "");
      if (agreement->owner_name != NULL || agreement->owner_role != NULL)
        {
          g_autofree char *owner = NULL;
          g_autofree char *line = NULL;

          if (agreement->owner_name != NULL && agreement->owner_role != NULL)
            owner = g_strdup_printf (_("%s, %s"), agreement->owner_name, agreement->owner_role);
          else
            owner = g_strdup (agreement->owner_name != NULL ? agreement->owner_name
                                                            : agreement->owner_role);
          /* Translators: who carries out a follow-up agreement. */
          line = g_strdup_printf (_("Who: %s"), owner);
          append_meta (markup, line);
        }
      if (agreement->state_note != NULL)
        append_meta (markup, agreement->state_note);
      if (checked != NULL)
        {
          /* Translators: when the state of an agreement was last checked. */
          g_autofree char *line = g_strdup_printf (_("Checked on %s"), checked);

          append_meta (markup, line);
        }

      /* Translators: an agreement's due date and whether it is done,
       * "12 December 2026 · Open". */
      side = g_strdup_printf (_("%s · %s"), due != NULL ? due : _("No date"), state);
      block = add_row_full (self, side, markup->str, TRUE, STYLE_BODY);
      block->space_before = 8;
      finish_block (block);
    }
}

static void
build_closing (McReportRenderer *self)
{
  McReport *report = self->report;
  g_autofree char *closed_on = date_text (report->closing.closed_on);

  if (report->status != MC_REPORT_STATUS_CLOSED && report->closing.closed_on == NULL
      && report->closing.reason == NULL && report->closing.note == NULL
      && report->closing.closed_by == NULL)
    return;

  /* Translators: Dutch "Afsluiting van de casus". */
  add_subheading (self, _("Closing of the case"));
  if (closed_on == NULL && report->closing.reason == NULL && report->closing.note == NULL
      && report->closing.closed_by == NULL)
    {
      add_note (self, _("The case is closed; how is not recorded."));
      return;
    }
  add_row (self, _("Closed on"), closed_on);
  add_row (self, _("Reason"), report->closing.reason != NULL
                              ? label_or_id (report->closing.reason_label, report->closing.reason)
                              : NULL);
  add_row (self, _("Note"), report->closing.note);
  add_row (self, _("Closed by"), report->closing.closed_by);
}

static void
build_follow_up (McReportRenderer *self)
{
  const McReportRound *round = mc_report_get_current_round (self->report);

  /* Translators: section heading; Dutch "Vervolg". */
  add_heading (self, _("Follow-up"));
  add_subheading (self, _("Report to Veilig Thuis"));
  build_after_report (self, round, _("No report to Veilig Thuis is recorded."));
  build_agreements (self);
  build_closing (self);
}

/* The rounds before the current one, in order, each in full but for the
 * meldnorm deviations (shown above with their round). */
static void
build_earlier_rounds (McReportRenderer *self)
{
  McReport *report = self->report;

  if (report->rounds->len < 2)
    return;

  /* Translators: section heading; Dutch "Eerdere beslisrondes". */
  add_heading (self, _("Earlier decision rounds"));
  for (guint r = 0; r + 1 < report->rounds->len; r++)
    {
      const McReportRound *round = g_ptr_array_index (report->rounds, r);
      g_autofree char *title = round_title (round);

      add_subheading (self, title);
      build_questions (self, round);
      if (round->outcome.reason != NULL)
        add_row (self, _("Outcome"), round->outcome.reason);
      build_decision_rows (self, round, FALSE);
      build_after_report (self, round, NULL);
      if (round->norms->len > 0)
        add_note (self, _("This round deviates from a reporting standard: see “Deviations from "
                          "the reporting standards”."));
    }
}

static PangoLayout *
signature_layout (McReportRenderer *self,
                  Style             style,
                  const char       *text)
{
  double width = (self->content_width - SIGNATURE_GAP) / 2;

  return new_layout (self, style, width, text, FALSE);
}

/* Title, then per field its label and room to write (or the known value). */
static const double signature_field_height[] = { 0, 26, 26, 26, 48 };

static void
build_signatures (McReportRenderer *self)
{
  McReport *report = self->report;
  Block *block;

  /* Translators: section heading; Dutch "Ondertekening". */
  add_heading (self, _("Signatures"));

  block = g_new0 (Block, 1);
  block->kind = BLOCK_SIGNATURES;
  block->space_before = 12;
  for (guint c = 0; c < 2; c++)
    {
      block->columns[c][0] = signature_layout (self, STYLE_SUBHEADING,
                                               c == 0 ? _("Professional")
                                               /* Translators: Dutch "Taakhouder meldcode". */
                                                      : _("Reporting code officer"));
      block->columns[c][1] = signature_layout (self, STYLE_LABEL, _("Name"));
      block->columns[c][2] = signature_layout (self, STYLE_LABEL, _("Role"));
      block->columns[c][3] = signature_layout (self, STYLE_LABEL, _("Date"));
      block->columns[c][4] = signature_layout (self, STYLE_LABEL, _("Signature"));
    }
  if (report->author_name != NULL)
    block->values[0][0] = signature_layout (self, STYLE_BODY, report->author_name);
  if (report->author_role != NULL)
    block->values[0][1] = signature_layout (self, STYLE_BODY, report->author_role);

  block->height = 18;
  for (guint i = 0; i < G_N_ELEMENTS (signature_field_height); i++)
    block->height += signature_field_height[i];
  g_ptr_array_add (self->blocks, block);
}

/* Half the width of the page, on one line whatever the text holds: the
 * header must stay above its rule. */
static PangoLayout *
new_header_layout (McReportRenderer *self,
                   const char       *text)
{
  g_autofree char *line = g_strdelimit (g_strdup (text), "\t\n", ' ');
  PangoLayout *layout = new_layout (self, STYLE_PAGE, self->content_width / 2 - COLUMN_GAP / 2,
                                    line, FALSE);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

static void
build (McReportRenderer *self)
{
  McReport *report = self->report;
  g_autofree char *created = mc_format_date_time (report->created_at);
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *header_date = NULL;
  g_autoptr(GDateTime) local = g_date_time_to_local (report->created_at);
  GDate created_date;
  g_autofree char *header = NULL;

  g_date_clear (&created_date, 1);
  g_date_set_dmy (&created_date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  header_date = mc_format_date (&created_date);

  /* Translators: "Case 2026-0001". */
  g_string_append_printf (meta, _("Case %s"), report->case_number != NULL ? report->case_number : "");
  g_string_append (meta, " · ");
  g_string_append (meta, report->status == MC_REPORT_STATUS_CLOSED ? C_("case", "Closed")
                                                                  : C_("case", "Open"));
  g_string_append (meta, " · ");
  /* Translators: the protocol the case follows, with its version. */
  g_string_append_printf (meta, _("Protocol %s, version %s"),
                          report->protocol_id != NULL ? report->protocol_id : "",
                          report->protocol_version != NULL ? report->protocol_version : "");
  g_string_append_c (meta, '\n');
  /* Translators: when the report was made. */
  g_string_append_printf (meta, _("Made on %s"), created);
  if (report->anonymous)
    {
      g_string_append_c (meta, '\n');
      g_string_append (meta, _("Anonymised: names, the client number, dates of birth and the "
                               "Veilig Thuis reference are left out."));
    }
  if (report->inzage.requester != MC_REPORT_REQUESTER_NONE)
    {
      g_string_append_c (meta, '\n');
      switch (report->inzage.requester)
        {
        case MC_REPORT_REQUESTER_PARENT:
          /* Translators: under the title of a copy for inzage (AVG art. 15). */
          g_string_append (meta, _("Copy of the file for a parent with gezag"));
          break;
        case MC_REPORT_REQUESTER_YOUNG_PERSON:
          g_string_append (meta, _("Copy of the file for the young person"));
          break;
        case MC_REPORT_REQUESTER_CLIENT:
        case MC_REPORT_REQUESTER_NONE:
        default:
          g_string_append (meta, _("Copy of the file for the client"));
          break;
        }
    }
  if (report->family_copy)
    {
      g_string_append_c (meta, '\n');
      /* Translators: under the title of a family copy. */
      g_string_append (meta, _("Family copy: the parts marked “not for the family” are left out."));
    }
  if (report->rounds->len > 1)
    {
      g_string_append_c (meta, '\n');
      /* Translators: under the title; %u is the number of the current round. */
      g_string_append_printf (meta, _("This report is about decision round %u; the earlier rounds "
                                      "are listed at the end."),
                              report->rounds->len);
    }

  add_title (self,
             /* Translators: the title of the decision report; Dutch
              * "Besluit meldcode huiselijk geweld en kindermishandeling". */
             _("Reporting code decision on domestic violence and child abuse"),
             meta->str);
  if (mc_report_has_norm_deviations (report))
    {
      Block *block = add_block (self, STYLE_ANSWER, 0, self->content_width, 10,
                                _("This decision deviates from the reporting standards (meldnormen): "
                                  "see “Deviations from the reporting standards”."),
                                FALSE);

      block->decoration = DECORATION_ALERT;
      block->group = ++self->next_group;
      finish_block (block);
    }

  /* Veilig Thuis's form, in its order, so that whoever reads the report
   * out on the phone finds each answer where Veilig Thuis asks it. */
  if (report->inzage.requester != MC_REPORT_REQUESTER_NONE)
    build_left_out (self);
  build_reporter (self);
  build_people (self);
  build_concerns (self);
  /* Translators: section heading; Dutch "Ondersteunend netwerk". */
  build_section (self, _("Support network"), &report->support_network);
  /* Translators: section heading; Dutch "Overige informatie". */
  build_section (self, _("Other information"), &report->other_information);
  build_completion (self);

  /* Translators: section heading; Dutch "Afweging en besluit". */
  add_heading (self, _("Weighing and decision"));
  build_consultations (self);
  build_conversations (self);
  build_weighing (self);
  build_current_round (self);
  build_deviations (self);

  build_follow_up (self);
  build_earlier_rounds (self);
  if (report->inzage.requester != MC_REPORT_REQUESTER_NONE)
    build_access_log (self);
  else
    build_signatures (self);

  self->header_left = new_header_layout (self, report->organisation != NULL ? report->organisation
                                                                          : "");
  if (report->anonymous)
    /* Translators: page header, "Case 2026-0001 · anonymised · 28 November 2026". */
    header = g_strdup_printf (_("Case %s · anonymised · %s"),
                              report->case_number != NULL ? report->case_number : "", header_date);
  else
    /* Translators: page header, "Case 2026-0001 · 28 November 2026". */
    header = g_strdup_printf (_("Case %s · %s"),
                              report->case_number != NULL ? report->case_number : "", header_date);
  self->header_right = new_header_layout (self, header);
  pango_layout_set_alignment (self->header_right, PANGO_ALIGN_RIGHT);
  /* Translators: page footer: the report holds confidential data. */
  self->footer_left = new_layout (self, STYLE_PAGE, self->content_width / 2, _("Confidential"),
                                  FALSE);
  /* Translators: beside the rest of a text that started on an earlier page. */
  self->continued = new_layout (self, STYLE_NOTE, LABEL_WIDTH, _("(continued)"), FALSE);
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
      build (self);
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

      for (guint f = 1; f < G_N_ELEMENTS (signature_field_height); f++)
        {
          double line_y = top + signature_field_height[f] - 4;
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

          top += signature_field_height[f];
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
  footer_right = new_layout (self, STYLE_PAGE, self->content_width / 2, page_text, FALSE);
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
