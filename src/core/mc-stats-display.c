/* mc-stats-display.c: the tables people see, under the small-count rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-stats-display"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-stats-display.h"

static const guint day_range_ends[MC_STATS_N_DAY_RANGES] = { 7, 14, 28, 56, 91, MC_STATS_MAX_DAYS };

static void
table_alloc (McStatsTable *table,
             guint         n_rows,
             guint         n_cols)
{
  table->n_rows = n_rows;
  table->n_cols = n_cols;
  table->row_ids = g_new0 (char *, n_rows + 1);
  table->row_labels = g_new0 (char *, n_rows + 1);
  table->col_ids = g_new0 (char *, n_cols + 1);
  table->col_labels = g_new0 (char *, n_cols + 1);
  table->values = g_new0 (guint, n_rows * n_cols);
  table->hidden = g_new0 (gboolean, n_rows * n_cols);
}

static void
set_row (McStatsTable *table,
         guint         row,
         const char   *id,
         const char   *label,
         guint         value)
{
  table->row_ids[row] = g_strdup (id);
  table->row_labels[row] = g_strdup (label);
  table->values[row * table->n_cols] = value;
}

static void
one_column (McStatsTable *table,
            const char   *id,
            const char   *label)
{
  table->col_ids[0] = g_strdup (id);
  table->col_labels[0] = g_strdup (label);
}

static void
outcome_columns (McStatsTable *table)
{
  for (guint o = 0; o < MC_STATS_N_OUTCOMES; o++)
    {
      table->col_ids[o] = g_strdup (mc_stats_outcome_id (o));
      table->col_labels[o] = g_strdup (mc_stats_outcome_label (o));
    }
}

static void
forms_rows (McStatsTable *table,
            GPtrArray    *forms,
            McProtocol   *protocol)
{
  table_alloc (table, forms->len, 1);
  one_column (table, "cases", _("Cases"));
  for (guint i = 0; i < forms->len; i++)
    {
      McStatsCount *count = g_ptr_array_index (forms, i);

      set_row (table, i, count->id, mc_stats_form_label (protocol, count->id), count->count);
    }
}

McStatsTable *
mc_stats_table_new (const McStats    *stats,
                    McStatsTableKind  kind,
                    McProtocol       *protocol)
{
  McStatsTable *table = g_new0 (McStatsTable, 1);
  gboolean protect = TRUE;

  g_return_val_if_fail (stats != NULL, NULL);

  table->kind = kind;
  switch (kind)
    {
    case MC_STATS_TABLE_CASES:
      table->id = "cases";
      table->title = g_strdup (_("Cases"));
      table_alloc (table, 3, 1);
      one_column (table, "cases", _("Cases"));
      set_row (table, 0, "started", _("Started"), stats->cases_started);
      set_row (table, 1, "closed", _("Closed"), stats->cases_closed);
      set_row (table, 2, "in-period", _("In the period"), stats->cases_in_period);
      /* Totals of a laptop's workload, about no client: shown as they are. */
      protect = FALSE;
      break;

    case MC_STATS_TABLE_OUTCOMES:
      table->id = "outcomes";
      table->title = g_strdup (_("Outcomes per quarter"));
      table_alloc (table, MC_STATS_N_QUARTERS, MC_STATS_N_OUTCOMES);
      outcome_columns (table);
      for (guint q = 0; q < MC_STATS_N_QUARTERS; q++)
        {
          g_autofree char *id = g_strdup_printf ("q%u", q + 1);
          /* Translators: a quarter of the year: "Q1" (kwartaal: "K1"). */
          g_autofree char *label = g_strdup_printf (_("Q%u"), q + 1);

          table->row_ids[q] = g_steal_pointer (&id);
          table->row_labels[q] = g_steal_pointer (&label);
          memcpy (table->values + q * MC_STATS_N_OUTCOMES, stats->outcomes_by_quarter[q],
                  sizeof stats->outcomes_by_quarter[q]);
        }
      break;

    case MC_STATS_TABLE_ROUNDS:
      table->id = "rounds";
      table->title = g_strdup (_("Outcomes per decision round"));
      table_alloc (table, MC_STATS_N_ROUND_KINDS, MC_STATS_N_OUTCOMES);
      outcome_columns (table);
      for (guint k = 0; k < MC_STATS_N_ROUND_KINDS; k++)
        {
          table->row_ids[k] = g_strdup (mc_stats_round_kind_id (k));
          table->row_labels[k] = g_strdup (mc_stats_round_kind_label (k));
          memcpy (table->values + k * MC_STATS_N_OUTCOMES, stats->outcomes_by_round[k],
                  sizeof stats->outcomes_by_round[k]);
        }
      break;

    case MC_STATS_TABLE_STEPS:
      table->id = "steps";
      table->title = g_strdup (_("Steps reached"));
      table_alloc (table, MC_STATS_N_STEPS, 1);
      one_column (table, "cases", _("Cases"));
      for (guint s = 0; s < MC_STATS_N_STEPS; s++)
        {
          g_autofree char *id = g_strdup_printf ("step-%u", s + 1);
          g_autofree char *label = g_strdup_printf (_("Step %u"), s + 1);

          set_row (table, s, id, label, stats->steps_reached[s]);
        }
      /* Cases reach several steps: the rows add up to no total. */
      break;

    case MC_STATS_TABLE_DAYS:
      table->id = "days";
      table->title = g_strdup (_("Days from the first signal to the decision"));
      table_alloc (table, MC_STATS_N_DAY_RANGES, 1);
      one_column (table, "decisions", _("Decisions"));
      for (guint r = 0, d = 0; r < MC_STATS_N_DAY_RANGES; r++)
        {
          guint from = d, count = 0;
          g_autofree char *id = NULL;
          g_autofree char *label = NULL;

          for (; d <= day_range_ends[r]; d++)
            count += stats->decision_days[d];
          if (r + 1 == MC_STATS_N_DAY_RANGES)
            {
              id = g_strdup_printf ("%u-", from);
              /* Translators: a range of days: "more than 91 days". */
              label = g_strdup_printf (_("more than %u days"), from - 1);
            }
          else
            {
              id = g_strdup_printf ("%u-%u", from, day_range_ends[r]);
              /* Translators: a range of days: "8–14 days". */
              label = g_strdup_printf (_("%u–%u days"), from, day_range_ends[r]);
            }
          set_row (table, r, id, label, count);
        }
      break;

    case MC_STATS_TABLE_VEILIG_THUIS:
      table->id = "veilig-thuis";
      table->title = g_strdup (_("Veilig Thuis"));
      table_alloc (table, 2, 1);
      one_column (table, "count", _("Number"));
      set_row (table, 0, "reports", _("Reports"), stats->vt_reports);
      set_row (table, 1, "consultations", _("Consultations"), stats->vt_consultations);
      break;

    case MC_STATS_TABLE_AGE:
      table->id = "age";
      table->title = g_strdup (_("Minors and adults"));
      table_alloc (table, 3, 1);
      one_column (table, "cases", _("Cases"));
      set_row (table, 0, "minors", _("Minors"), stats->minors);
      set_row (table, 1, "adults", _("Adults"), stats->adults);
      set_row (table, 2, "unknown", _("Age unknown"), stats->age_unknown);
      break;

    case MC_STATS_TABLE_FORMS:
      table->id = "forms";
      table->title = g_strdup (_("Forms of violence"));
      forms_rows (table, stats->forms, protocol);
      break;

    case MC_STATS_TABLE_SPECIAL_FORMS:
      table->id = "special-forms";
      table->title = g_strdup (_("Special forms"));
      forms_rows (table, stats->special_forms, protocol);
      break;

    case MC_STATS_TABLE_FOLLOW_UP:
      table->id = "follow-up";
      table->title = g_strdup (_("Follow-up"));
      table_alloc (table, 1, 1);
      one_column (table, "cases", _("Cases"));
      set_row (table, 0, "overdue", _("Cases with overdue follow-up"), stats->overdue_follow_up);
      break;

    case MC_STATS_N_TABLES:
    default:
      g_assert_not_reached ();
    }

  if (protect)
    {
      /* Rows of forms, steps and day ranges add up to no shown total, so
       * only their small cells are hidden: a one-column table protects
       * its column only when its total is shown (the age groups, whose
       * total is the cases in the period). */
      if (kind == MC_STATS_TABLE_AGE || table->n_cols > 1)
        mc_stats_suppress_table (table->values, table->n_rows, table->n_cols, table->hidden);
      else
        for (guint i = 0; i < table->n_rows * table->n_cols; i++)
          table->hidden[i] = mc_stats_is_suppressed (table->values[i]);
    }

  return table;
}

void
mc_stats_table_free (McStatsTable *table)
{
  if (table == NULL)
    return;
  g_free (table->title);
  g_strfreev (table->row_ids);
  g_strfreev (table->row_labels);
  g_strfreev (table->col_ids);
  g_strfreev (table->col_labels);
  g_free (table->values);
  g_free (table->hidden);
  g_free (table);
}

char *
mc_stats_table_cell (const McStatsTable *table,
                     guint               row,
                     guint               col)
{
  guint i = row * table->n_cols + col;

  g_return_val_if_fail (row < table->n_rows && col < table->n_cols, NULL);
  return mc_stats_format_count (table->values[i], table->hidden[i]);
}

char *
mc_stats_describe_days (const McStats *stats)
{
  guint q1, median, q3;

  /* Quartiles of fewer than five decisions would come close to telling
   * each one. */
  if (mc_stats_count_days (stats) < MC_STATS_SMALL_COUNT_MAX + 1
      || !mc_stats_days_percentile (stats, 25, &q1)
      || !mc_stats_days_percentile (stats, 50, &median)
      || !mc_stats_days_percentile (stats, 75, &q3))
    return g_strdup (_("Fewer than 5 first decisions: no median."));

  /* Translators: days from the first signal to the first decision. */
  return g_strdup_printf (_("Median %u days; quartiles %u and %u days."), median, q1, q3);
}

char *
mc_stats_describe_period (const McStats *stats)
{
  static const char * const months[] = {
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
  };
  int from = stats->from_month, to = stats->to_month;

  if (mc_stats_month_number (from) == 1 && to == from + 11)
    return g_strdup_printf ("%d", mc_stats_month_year (from));
  return g_strdup_printf ("%s %d – %s %d",
                          _(months[mc_stats_month_number (from) - 1]), mc_stats_month_year (from),
                          _(months[mc_stats_month_number (to) - 1]), mc_stats_month_year (to));
}

static void
append_padded (GString    *text,
               const char *cell,
               guint       width,
               gboolean    right)
{
  guint length = (guint) g_utf8_strlen (cell, -1);

  if (!right)
    g_string_append (text, cell);
  for (; length < width; length++)
    g_string_append_c (text, ' ');
  if (right)
    g_string_append (text, cell);
}

/* The label column, then each count column as wide as its widest cell. */
static void
append_table_text (GString            *text,
                   const McStatsTable *table)
{
  g_autofree guint *widths = g_new0 (guint, table->n_cols + 1);

  for (guint r = 0; r < table->n_rows; r++)
    widths[0] = MAX (widths[0], (guint) g_utf8_strlen (table->row_labels[r], -1) + 1);
  for (guint c = 0; c < table->n_cols; c++)
    {
      if (table->n_cols > 1)
        widths[c + 1] = (guint) g_utf8_strlen (table->col_labels[c], -1);
      for (guint r = 0; r < table->n_rows; r++)
        {
          g_autofree char *cell = mc_stats_table_cell (table, r, c);

          widths[c + 1] = MAX (widths[c + 1], (guint) strlen (cell));
        }
    }

  g_string_append_printf (text, "\n%s\n", table->title);
  if (table->n_cols > 1)
    {
      g_string_append (text, "  ");
      append_padded (text, "", widths[0], FALSE);
      for (guint c = 0; c < table->n_cols; c++)
        {
          g_string_append (text, "  ");
          append_padded (text, table->col_labels[c], widths[c + 1], TRUE);
        }
      g_string_append_c (text, '\n');
    }
  for (guint r = 0; r < table->n_rows; r++)
    {
      g_autofree char *label = g_strconcat (table->row_labels[r], ":", NULL);

      g_string_append (text, "  ");
      append_padded (text, label, widths[0], FALSE);
      for (guint c = 0; c < table->n_cols; c++)
        {
          g_autofree char *cell = mc_stats_table_cell (table, r, c);

          g_string_append (text, "  ");
          append_padded (text, cell, widths[c + 1], TRUE);
        }
      g_string_append_c (text, '\n');
    }
}

char *
mc_stats_summary_text (const McStats *stats,
                       McProtocol    *protocol)
{
  GString *text = g_string_new (NULL);
  g_autofree char *period = mc_stats_describe_period (stats);
  g_autofree char *days = mc_stats_describe_days (stats);

  g_string_append_printf (text, "%s %s\n", _("Figures of"), period);
  g_string_append_printf (text, "%s: %s %s\n", _("Protocol"), stats->protocol_id, stats->protocol_revision);
  g_string_append_printf (text, ngettext ("From %u laptop\n", "From %u laptops\n", stats->store_ids->len),
                          stats->store_ids->len);
  g_string_append_printf (text, "%s\n", _("Counts of 1 to 4 are shown as “<5”."));
  for (guint k = 0; k < MC_STATS_N_TABLES; k++)
    {
      g_autoptr(McStatsTable) table = mc_stats_table_new (stats, k, protocol);

      append_table_text (text, table);
      if (k == MC_STATS_TABLE_DAYS)
        g_string_append_printf (text, "  %s\n", days);
    }

  return g_string_free (text, FALSE);
}

char *
mc_stats_summary_tsv (const McStats *stats,
                      McProtocol    *protocol)
{
  GString *text = g_string_new ("table\trow\tcolumn\tvalue\n");
  g_autofree char *from = mc_stats_month_to_string (stats->from_month);
  g_autofree char *to = mc_stats_month_to_string (stats->to_month);
  guint q1, median, q3;

  g_string_append_printf (text, "period\tfrom\t\t%s\nperiod\tto\t\t%s\n", from, to);
  g_string_append_printf (text, "protocol\tid\t\t%s\nprotocol\trevision\t\t%s\n",
                          stats->protocol_id, stats->protocol_revision);
  g_string_append_printf (text, "stores\tcount\t\t%u\n", stats->store_ids->len);
  for (guint k = 0; k < MC_STATS_N_TABLES; k++)
    {
      g_autoptr(McStatsTable) table = mc_stats_table_new (stats, k, protocol);

      for (guint r = 0; r < table->n_rows; r++)
        for (guint c = 0; c < table->n_cols; c++)
          {
            g_autofree char *cell = mc_stats_table_cell (table, r, c);

            g_string_append_printf (text, "%s\t%s\t%s\t%s\n", table->id, table->row_ids[r],
                                    table->col_ids[c], cell);
          }
    }
  if (mc_stats_count_days (stats) > MC_STATS_SMALL_COUNT_MAX
      && mc_stats_days_percentile (stats, 25, &q1)
      && mc_stats_days_percentile (stats, 50, &median)
      && mc_stats_days_percentile (stats, 75, &q3))
    g_string_append_printf (text, "days\tquartile-1\t\t%u\ndays\tmedian\t\t%u\ndays\tquartile-3\t\t%u\n",
                            q1, median, q3);
  else
    g_string_append (text, "days\tquartile-1\t\t<5\ndays\tmedian\t\t<5\ndays\tquartile-3\t\t<5\n");

  return g_string_free (text, FALSE);
}
