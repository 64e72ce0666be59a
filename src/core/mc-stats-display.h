/* mc-stats-display.h: the figures as people see them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every table here follows the small-count rule (HACKING.md, "The
 * taakhouder's figures"): a count of 1 to 4 about clients is hidden
 * ("<5"), and where a shown total would give a hidden cell away, the next
 * smallest cell of its row or column is hidden too. The text summary, the
 * TSV, the charts, the page and the PDF all show these tables; only the
 * figures file holds the exact counts.
 */

#pragma once

#include "mc-protocol.h"
#include "mc-stats.h"

G_BEGIN_DECLS

typedef enum
{
  MC_STATS_TABLE_CASES,        /* started, closed, in the period: shown as they are */
  MC_STATS_TABLE_OUTCOMES,     /* quarters × outcomes */
  MC_STATS_TABLE_ROUNDS,       /* round kinds × outcomes */
  MC_STATS_TABLE_STEPS,        /* the funnel: cases that reached each step */
  MC_STATS_TABLE_DAYS,         /* first decisions by how many days they took */
  MC_STATS_TABLE_VEILIG_THUIS, /* reports, consultations */
  MC_STATS_TABLE_AGE,          /* minors, adults, unknown */
  MC_STATS_TABLE_FORMS,
  MC_STATS_TABLE_SPECIAL_FORMS,
  MC_STATS_TABLE_FOLLOW_UP,
  MC_STATS_N_TABLES
} McStatsTableKind;

typedef struct
{
  McStatsTableKind kind;
  const char  *id;            /* for the TSV: "outcomes" */
  char        *title;
  guint        n_rows;
  guint        n_cols;
  char       **row_ids;       /* for the TSV */
  char       **row_labels;
  char       **col_ids;
  char       **col_labels;    /* NULL entries when there is one unnamed column */
  guint       *values;        /* n_rows × n_cols */
  gboolean    *hidden;
} McStatsTable;

/* The day ranges of MC_STATS_TABLE_DAYS: up to and including these. */
#define MC_STATS_N_DAY_RANGES 6

McStatsTable *mc_stats_table_new      (const McStats     *stats,
                                       McStatsTableKind   kind,
                                       McProtocol        *protocol);
void          mc_stats_table_free     (McStatsTable      *table);
/* "<5" or the number. */
char         *mc_stats_table_cell     (const McStatsTable *table,
                                       guint              row,
                                       guint              col);

/* Median and quartiles as a sentence, or that there are too few first
 * decisions to say (fewer than 5). */
char         *mc_stats_describe_days  (const McStats     *stats);
/* "januari 2026 – december 2026", or "2026" for a calendar year. */
char         *mc_stats_describe_period (const McStats    *stats);

/* The plain-text summary of meldcode-cli and its TSV:
 * "table\trow\tcolumn\tvalue" with a header line. */
char         *mc_stats_summary_text   (const McStats     *stats,
                                       McProtocol        *protocol);
char         *mc_stats_summary_tsv    (const McStats     *stats,
                                       McProtocol        *protocol);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStatsTable, mc_stats_table_free)

G_END_DECLS
