/* mc-stats.h: the taakhouder's anonymous figures of a period
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * McStats holds counts only: how many cases started, closed, reached each
 * step, how each decision round came out, how often Veilig Thuis was
 * consulted or reported to, how many days a first decision took, which
 * forms of violence were seen, minors and adults, and overdue follow-up.
 * Besides the counts it names the period (whole months), the protocol (id
 * and revision) and the random ids of the stores it was made from. It
 * holds no names, case numbers, dates finer than a month or free text; the
 * only strings in it are protocol ids and the store ids.
 *
 * The counts are exact, so that the figures of many laptops add up
 * (mc_stats_combine()). What is shown to people follows the small-count
 * rule (mc_stats_is_suppressed(), mc-stats-display.h): a count of 1 to 4
 * that says something about clients is shown as "<5".
 *
 * Which cases count (see HACKING.md, "The taakhouder's figures"):
 * - started: created in the period; closed: closed in the period;
 * - "in the period" (steps, forms, age, overdue follow-up): created before
 *   the period ended and not closed before it began;
 * - decisions: rounds decided in the period, by the quarter of their date
 *   and by their kind; reports: rounds reported in the period;
 * - consultations with Veilig Thuis: held in the period;
 * - days to decision: from the first signal to the first round's decision,
 *   for first decisions made in the period.
 */

#pragma once

#include <glib.h>

#include "mc-protocol.h"

G_BEGIN_DECLS

#define MC_STATS_ERROR (mc_stats_error_quark ())

typedef enum
{
  MC_STATS_ERROR_IO,               /* cannot read or write the file */
  MC_STATS_ERROR_INVALID,          /* not a figures file, or not valid */
  MC_STATS_ERROR_FORBIDDEN_DTD,    /* a document type declaration */
  MC_STATS_ERROR_NEWER,            /* a newer format version */
  MC_STATS_ERROR_TOO_LARGE,
  MC_STATS_ERROR_MIXED_PERIOD,     /* combining files of different periods */
  MC_STATS_ERROR_MIXED_PROTOCOL,   /* … of different protocols */
  MC_STATS_ERROR_DUPLICATE_STORE,  /* … of the same store twice */
  MC_STATS_ERROR_BAD_PERIOD,       /* a period that is not whole months, in order */
} McStatsError;

GQuark mc_stats_error_quark (void);

/* The version of the .meldcijfers format this Meldcode writes. */
#define MC_STATS_FORMAT_VERSION 1
/* Longer than this many days to a decision counts as this many. */
#define MC_STATS_MAX_DAYS 3650
#define MC_STATS_N_STEPS 5
#define MC_STATS_N_QUARTERS 4
/* Counts of 1 up to this are shown as "<5". */
#define MC_STATS_SMALL_COUNT_MAX 4

/* How a decision round came out. */
typedef enum
{
  MC_STATS_OUTCOME_REPORT,           /* report, no help */
  MC_STATS_OUTCOME_HELP,             /* help, no report */
  MC_STATS_OUTCOME_BOTH,             /* report and help */
  MC_STATS_OUTCOME_CLOSE_MONITORING, /* the help worked: close, keep watching */
  MC_STATS_OUTCOME_NEITHER,          /* no report and no help */
  MC_STATS_N_OUTCOMES
} McStatsOutcome;

/* The kind of a decision round (McDecision "kind"). */
typedef enum
{
  MC_STATS_ROUND_FIRST,
  MC_STATS_ROUND_EVALUATION,
  MC_STATS_ROUND_REPORT_AGAIN,
  MC_STATS_ROUND_REWEIGH,
  MC_STATS_N_ROUND_KINDS
} McStatsRoundKind;

typedef struct
{
  /* Months as year * 12 + (month - 1), both included. */
  int         from_month;
  int         to_month;
  char       *protocol_id;
  char       *protocol_revision;  /* "" when the protocol has none */
  GPtrArray  *store_ids;          /* of char *, sorted; one per laptop */

  guint       cases_started;
  guint       cases_closed;
  guint       cases_in_period;
  /* [i]: cases in the period that got to step i + 1 or further. */
  guint       steps_reached[MC_STATS_N_STEPS];
  guint       outcomes_by_quarter[MC_STATS_N_QUARTERS][MC_STATS_N_OUTCOMES];
  guint       outcomes_by_round[MC_STATS_N_ROUND_KINDS][MC_STATS_N_OUTCOMES];
  guint       vt_reports;
  guint       vt_consultations;
  /* [d]: first decisions that took d days (up to MC_STATS_MAX_DAYS). */
  guint      *decision_days;
  guint       minors;
  guint       adults;
  guint       age_unknown;
  guint       overdue_follow_up;
  /* protocol id -> guint count of cases, in the protocol's order. */
  GPtrArray  *forms;              /* of McStatsCount */
  GPtrArray  *special_forms;      /* of McStatsCount */
} McStats;

typedef struct
{
  char  *id;
  guint  count;
} McStatsCount;

McStats     *mc_stats_new                 (int               from_month,
                                           int               to_month,
                                           const char       *protocol_id,
                                           const char       *protocol_revision);
void         mc_stats_free                (McStats          *stats);
/* Adds @count to the form @id (made when missing). */
void         mc_stats_add_form            (GPtrArray        *counts,
                                           const char       *id,
                                           guint             count);
guint        mc_stats_get_form            (GPtrArray        *counts,
                                           const char       *id);

/* A month from year and month (1-12) and back. */
int          mc_stats_month               (int               year,
                                           int               month);
int          mc_stats_month_year          (int               month);
int          mc_stats_month_number        (int               month);
/* "2026-03". */
char        *mc_stats_month_to_string     (int               month);
gboolean     mc_stats_month_from_string   (const char       *text,
                                           int              *month);

guint64      mc_stats_count_decisions     (const McStats    *stats);
guint64      mc_stats_count_outcome       (const McStats    *stats,
                                           McStatsOutcome    outcome);
/* The decision days' quartiles by the nearest rank (@p: 25, 50 or 75);
 * FALSE when there are none. */
gboolean     mc_stats_days_percentile     (const McStats    *stats,
                                           guint             p,
                                           guint            *days);
guint64      mc_stats_count_days          (const McStats    *stats);

/* The small-count rule for one count: 1 to MC_STATS_SMALL_COUNT_MAX. */
gboolean     mc_stats_is_suppressed       (guint             count);
/* The rule over a table with row and column totals that are shown too:
 * every small cell, and where a row or column would then have exactly one
 * hidden cell (which its total would give away), its next smallest
 * non-zero cell as well, until no hidden cell can be worked out.
 * @values and @hidden are @n_rows × @n_cols, row by row. */
void         mc_stats_suppress_table      (const guint      *values,
                                           guint             n_rows,
                                           guint             n_cols,
                                           gboolean         *hidden);
/* "<5" for a small count, else the number. */
char        *mc_stats_format_count        (guint             count,
                                           gboolean          hidden);

/* The sum of @parts (each made with MC_STATS_FORMAT_VERSION): refuses
 * different periods (MIXED_PERIOD), protocols (MIXED_PROTOCOL) and a store
 * id in two parts (DUPLICATE_STORE). @names label the parts in messages. */
McStats     *mc_stats_combine             (GPtrArray        *parts,
                                           const char * const *names,
                                           GError          **error);

/* The labels people read. */
const char  *mc_stats_outcome_label       (McStatsOutcome    outcome);
const char  *mc_stats_round_kind_label    (McStatsRoundKind  kind);
const char  *mc_stats_outcome_id          (McStatsOutcome    outcome);
const char  *mc_stats_round_kind_id       (McStatsRoundKind  kind);
/* A form's name from @protocol (may be NULL), else its id. */
const char  *mc_stats_form_label          (McProtocol       *protocol,
                                           const char       *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStats, mc_stats_free)

G_END_DECLS
