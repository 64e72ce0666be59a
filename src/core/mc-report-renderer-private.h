/* mc-report-renderer-private.h: the renderer's blocks, for the sections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * mc-report-renderer.c is the engine: it turns text into blocks of known
 * lines, paginates them and draws pages. mc-report-sections.c says what the
 * report holds, section by section, in the order of Veilig Thuis's form,
 * with the block functions below.
 */

#pragma once

#include <pango/pango.h>

#include "mc-report-renderer.h"

G_BEGIN_DECLS

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

/* The signature block's rows: its title, then per field (name, role,
 * date, signature) its label and room to write or the known value. */
extern const double mc_report_signature_field_height[5];

/* Text with no paragraph longer than Pango lays out in bounded time;
 * every character kept. */
char        *mc_report_bounded_paragraphs      (const char       *text);

PangoLayout *mc_report_renderer_new_layout     (McReportRenderer *self,
                                                Style             style,
                                                double            width,
                                                const char       *text,
                                                gboolean          is_markup);

/* A block of @text (or markup) at @x, appended to the report; finish it
 * with mc_report_block_finish() once its layouts are final. */
Block       *mc_report_renderer_add_block      (McReportRenderer *self,
                                                Style             style,
                                                double            x,
                                                double            width,
                                                double            space_before,
                                                const char       *text,
                                                gboolean          is_markup);
void         mc_report_block_finish            (Block            *block);

void         mc_report_renderer_add_title      (McReportRenderer *self,
                                                const char       *title,
                                                const char       *meta);
void         mc_report_renderer_add_heading    (McReportRenderer *self,
                                                const char       *heading);
void         mc_report_renderer_add_subheading (McReportRenderer *self,
                                                const char       *heading);
/* A line of grey text where a list is empty or something is not recorded. */
void         mc_report_renderer_add_note       (McReportRenderer *self,
                                                const char       *note);
/* A label in the left column, the value flowing in the right one. */
Block       *mc_report_renderer_add_row_full   (McReportRenderer *self,
                                                const char       *label,
                                                const char       *value,
                                                gboolean          is_markup,
                                                Style             style);
/* The same, finished; nothing when @value is NULL. */
void         mc_report_renderer_add_row        (McReportRenderer *self,
                                                const char       *label,
                                                const char       *value);

/* mc-report-sections.c: every block of the report, and the page header
 * and footer layouts. */
void         mc_report_renderer_build          (McReportRenderer *self);

G_END_DECLS
