/* mc-stats-chart.h: the figures as charts, drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One renderer for the Jaarcijfers page and its PDF: the page passes its
 * style's colours, the PDF black on white. The charts draw the tables of
 * mc-stats-display.h, so a hidden count (1 to 4) is a hatched bar up to 5
 * marked "<5", never its real height.
 */

#pragma once

#include <cairo.h>

#include "mc-stats-display.h"

G_BEGIN_DECLS

typedef enum
{
  MC_STATS_CHART_OUTCOMES,   /* outcomes per quarter, grouped bars */
  MC_STATS_CHART_STEPS,      /* the funnel of steps reached */
  MC_STATS_CHART_DAYS,       /* time to decision, with median and quartiles */
  MC_STATS_N_CHARTS
} McStatsChart;

typedef struct
{
  double red, green, blue, alpha;
} McStatsColor;

typedef struct
{
  McStatsColor foreground;                    /* text, axes */
  McStatsColor accent;                        /* single-series bars */
  McStatsColor series[MC_STATS_N_OUTCOMES];   /* one per outcome */
  const char  *font;                          /* Pango font description, or NULL */
} McStatsPalette;

/* Black text and the default series colours, for paper. */
void      mc_stats_palette_init_print (McStatsPalette *palette);

/* The table a chart shows (the page puts it beside the chart). */
McStatsTableKind mc_stats_chart_table_kind (McStatsChart chart);
const char      *mc_stats_chart_title      (McStatsChart chart);

void      mc_stats_chart_draw        (cairo_t              *cr,
                                      const McStats        *stats,
                                      McStatsChart          chart,
                                      const McStatsPalette *palette,
                                      double                width,
                                      double                height);

/* One A4 page: the period, the totals, the three charts with their
 * numbers, the other tables. */
GBytes   *mc_stats_render_pdf        (const McStats        *stats,
                                      McProtocol           *protocol,
                                      GError              **error);
/* Written atomically with mode 0600. */
gboolean  mc_stats_write_pdf         (const McStats        *stats,
                                      McProtocol           *protocol,
                                      const char           *path,
                                      GError              **error);

G_END_DECLS
