/* mc-stats.c: the figures, the small-count rule and combining
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-stats"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-stats.h"

G_DEFINE_QUARK (mc-stats-error-quark, mc_stats_error)

static void
count_free (gpointer data)
{
  McStatsCount *count = data;

  g_free (count->id);
  g_free (count);
}

McStats *
mc_stats_new (int         from_month,
              int         to_month,
              const char *protocol_id,
              const char *protocol_revision)
{
  McStats *stats = g_new0 (McStats, 1);

  stats->from_month = from_month;
  stats->to_month = to_month;
  stats->protocol_id = g_strdup (protocol_id != NULL ? protocol_id : "");
  stats->protocol_revision = g_strdup (protocol_revision != NULL ? protocol_revision : "");
  stats->store_ids = g_ptr_array_new_with_free_func (g_free);
  stats->decision_days = g_new0 (guint, MC_STATS_MAX_DAYS + 1);
  stats->forms = g_ptr_array_new_with_free_func (count_free);
  stats->special_forms = g_ptr_array_new_with_free_func (count_free);

  return stats;
}

void
mc_stats_free (McStats *stats)
{
  if (stats == NULL)
    return;

  g_free (stats->protocol_id);
  g_free (stats->protocol_revision);
  g_ptr_array_unref (stats->store_ids);
  g_free (stats->decision_days);
  g_ptr_array_unref (stats->forms);
  g_ptr_array_unref (stats->special_forms);
  g_free (stats);
}

static McStatsCount *
find_form (GPtrArray  *counts,
           const char *id)
{
  for (guint i = 0; i < counts->len; i++)
    {
      McStatsCount *count = g_ptr_array_index (counts, i);

      if (strcmp (count->id, id) == 0)
        return count;
    }
  return NULL;
}

void
mc_stats_add_form (GPtrArray  *counts,
                   const char *id,
                   guint       count)
{
  McStatsCount *found;

  g_return_if_fail (counts != NULL);
  g_return_if_fail (id != NULL);

  if ((found = find_form (counts, id)) == NULL)
    {
      found = g_new0 (McStatsCount, 1);
      found->id = g_strdup (id);
      g_ptr_array_add (counts, found);
    }
  found->count += count;
}

guint
mc_stats_get_form (GPtrArray  *counts,
                   const char *id)
{
  McStatsCount *found = find_form (counts, id);

  return found != NULL ? found->count : 0;
}

int
mc_stats_month (int year,
                int month)
{
  return year * 12 + (month - 1);
}

int
mc_stats_month_year (int month)
{
  return month / 12;
}

int
mc_stats_month_number (int month)
{
  return month % 12 + 1;
}

char *
mc_stats_month_to_string (int month)
{
  return g_strdup_printf ("%04d-%02d", mc_stats_month_year (month), mc_stats_month_number (month));
}

gboolean
mc_stats_month_from_string (const char *text,
                            int        *month)
{
  guint64 year, number;

  if (text == NULL || strlen (text) != 7 || text[4] != '-'
      || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[5]))
    return FALSE;
  {
    char year_text[5];

    memcpy (year_text, text, 4);
    year_text[4] = '\0';
    if (!g_ascii_string_to_unsigned (year_text, 10, 1, 9999, &year, NULL)
        || !g_ascii_string_to_unsigned (text + 5, 10, 1, 12, &number, NULL))
      return FALSE;
  }
  *month = mc_stats_month ((int) year, (int) number);
  return TRUE;
}

guint64
mc_stats_count_outcome (const McStats  *stats,
                        McStatsOutcome  outcome)
{
  guint64 total = 0;

  for (guint q = 0; q < MC_STATS_N_QUARTERS; q++)
    total += stats->outcomes_by_quarter[q][outcome];
  return total;
}

guint64
mc_stats_count_decisions (const McStats *stats)
{
  guint64 total = 0;

  for (guint o = 0; o < MC_STATS_N_OUTCOMES; o++)
    total += mc_stats_count_outcome (stats, o);
  return total;
}

guint64
mc_stats_count_days (const McStats *stats)
{
  guint64 total = 0;

  for (guint d = 0; d <= MC_STATS_MAX_DAYS; d++)
    total += stats->decision_days[d];
  return total;
}

gboolean
mc_stats_days_percentile (const McStats *stats,
                          guint          p,
                          guint         *days)
{
  guint64 n = mc_stats_count_days (stats);
  guint64 rank, seen = 0;

  g_return_val_if_fail (p >= 1 && p <= 100, FALSE);

  if (n == 0)
    return FALSE;

  /* The nearest rank: the smallest value with at least p% at or below it. */
  rank = (p * n + 99) / 100;
  if (rank == 0)
    rank = 1;
  for (guint d = 0; d <= MC_STATS_MAX_DAYS; d++)
    {
      seen += stats->decision_days[d];
      if (seen >= rank)
        {
          *days = d;
          return TRUE;
        }
    }
  g_assert_not_reached ();
}

gboolean
mc_stats_is_suppressed (guint count)
{
  return count >= 1 && count <= MC_STATS_SMALL_COUNT_MAX;
}

/* In one line of cells (a row or a column) whose total is shown: when
 * exactly one cell is hidden, hide the smallest other non-zero one. */
static gboolean
protect_line (const guint *values,
              gboolean    *hidden,
              guint        n,
              guint        stride)
{
  guint n_hidden = 0;
  gint smallest = -1;

  for (guint i = 0; i < n; i++)
    if (hidden[i * stride])
      n_hidden++;
  if (n_hidden != 1)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      guint value = values[i * stride];

      if (!hidden[i * stride] && value > 0
          && (smallest < 0 || value < values[smallest * stride]))
        smallest = (gint) i;
    }
  if (smallest < 0)
    return FALSE;
  hidden[smallest * stride] = TRUE;
  return TRUE;
}

void
mc_stats_suppress_table (const guint *values,
                         guint        n_rows,
                         guint        n_cols,
                         gboolean    *hidden)
{
  gboolean changed = TRUE;

  for (guint i = 0; i < n_rows * n_cols; i++)
    hidden[i] = mc_stats_is_suppressed (values[i]);

  /* Each pass only hides more, so this ends. */
  while (changed)
    {
      changed = FALSE;
      for (guint r = 0; r < n_rows; r++)
        if (n_cols > 1)
          changed |= protect_line (values + r * n_cols, hidden + r * n_cols, n_cols, 1);
      for (guint c = 0; c < n_cols; c++)
        if (n_rows > 1)
          changed |= protect_line (values + c, hidden + c, n_rows, n_cols);
    }
}

char *
mc_stats_format_count (guint    count,
                       gboolean hidden)
{
  if (hidden)
    return g_strdup ("<5");
  return g_strdup_printf ("%u", count);
}

static gboolean
contains_store (GPtrArray  *ids,
                const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (strcmp (g_ptr_array_index (ids, i), id) == 0)
      return TRUE;
  return FALSE;
}

static void
add_count (guint    *into,
           guint     value,
           gboolean *overflow)
{
  if (*into > G_MAXUINT - value)
    *overflow = TRUE;
  else
    *into += value;
}

static void
add_forms (GPtrArray *into,
           GPtrArray *from,
           gboolean  *overflow)
{
  for (guint i = 0; i < from->len; i++)
    {
      McStatsCount *count = g_ptr_array_index (from, i);

      if (mc_stats_get_form (into, count->id) > G_MAXUINT - count->count)
        *overflow = TRUE;
      else
        mc_stats_add_form (into, count->id, count->count);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

McStats *
mc_stats_combine (GPtrArray           *parts,
                  const char * const  *names,
                  GError             **error)
{
  g_autoptr(McStats) sum = NULL;
  const McStats *first;
  gboolean overflow = FALSE;

  g_return_val_if_fail (parts != NULL && parts->len > 0, NULL);
  g_return_val_if_fail (names != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  first = g_ptr_array_index (parts, 0);
  sum = mc_stats_new (first->from_month, first->to_month, first->protocol_id, first->protocol_revision);

  for (guint i = 0; i < parts->len; i++)
    {
      const McStats *part = g_ptr_array_index (parts, i);

      if (part->from_month != first->from_month || part->to_month != first->to_month)
        {
          g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_MIXED_PERIOD,
                       _("“%s” covers another period than “%s”: only figures of the same period add up."),
                       names[i], names[0]);
          return NULL;
        }
      if (strcmp (part->protocol_id, first->protocol_id) != 0
          || strcmp (part->protocol_revision, first->protocol_revision) != 0)
        {
          g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_MIXED_PROTOCOL,
                       _("“%s” was made with another protocol than “%s”: only figures of the same protocol add up."),
                       names[i], names[0]);
          return NULL;
        }
      for (guint s = 0; s < part->store_ids->len; s++)
        {
          const char *id = g_ptr_array_index (part->store_ids, s);

          if (contains_store (sum->store_ids, id))
            {
              g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_DUPLICATE_STORE,
                           _("“%s” holds the figures of a laptop that are in another file already: "
                             "each laptop counts once."),
                           names[i]);
              return NULL;
            }
          g_ptr_array_add (sum->store_ids, g_strdup (id));
        }

      add_count (&sum->cases_started, part->cases_started, &overflow);
      add_count (&sum->cases_closed, part->cases_closed, &overflow);
      add_count (&sum->cases_in_period, part->cases_in_period, &overflow);
      for (guint s = 0; s < MC_STATS_N_STEPS; s++)
        add_count (&sum->steps_reached[s], part->steps_reached[s], &overflow);
      for (guint o = 0; o < MC_STATS_N_OUTCOMES; o++)
        {
          for (guint q = 0; q < MC_STATS_N_QUARTERS; q++)
            add_count (&sum->outcomes_by_quarter[q][o], part->outcomes_by_quarter[q][o], &overflow);
          for (guint k = 0; k < MC_STATS_N_ROUND_KINDS; k++)
            add_count (&sum->outcomes_by_round[k][o], part->outcomes_by_round[k][o], &overflow);
        }
      add_count (&sum->vt_reports, part->vt_reports, &overflow);
      add_count (&sum->vt_consultations, part->vt_consultations, &overflow);
      for (guint d = 0; d <= MC_STATS_MAX_DAYS; d++)
        add_count (&sum->decision_days[d], part->decision_days[d], &overflow);
      add_count (&sum->minors, part->minors, &overflow);
      add_count (&sum->adults, part->adults, &overflow);
      add_count (&sum->age_unknown, part->age_unknown, &overflow);
      add_count (&sum->overdue_follow_up, part->overdue_follow_up, &overflow);
      add_forms (sum->forms, part->forms, &overflow);
      add_forms (sum->special_forms, part->special_forms, &overflow);
      if (overflow)
        {
          g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_INVALID,
                       _("The counts of “%s” are too large to add up: it is not a real figures file."),
                       names[i]);
          return NULL;
        }
    }

  g_ptr_array_sort (sum->store_ids, compare_strings);
  return g_steal_pointer (&sum);
}

static const char * const outcome_ids[MC_STATS_N_OUTCOMES] = {
  "report", "help", "report-and-help", "close-monitoring", "no-report-no-help",
};

static const char * const round_kind_ids[MC_STATS_N_ROUND_KINDS] = {
  "first", "evaluation", "report-again", "reweigh",
};

const char *
mc_stats_outcome_id (McStatsOutcome outcome)
{
  g_return_val_if_fail (outcome < MC_STATS_N_OUTCOMES, NULL);
  return outcome_ids[outcome];
}

const char *
mc_stats_round_kind_id (McStatsRoundKind kind)
{
  g_return_val_if_fail (kind < MC_STATS_N_ROUND_KINDS, NULL);
  return round_kind_ids[kind];
}

const char *
mc_stats_outcome_label (McStatsOutcome outcome)
{
  switch (outcome)
    {
    case MC_STATS_OUTCOME_REPORT:
      return _("Report");
    case MC_STATS_OUTCOME_HELP:
      return _("Help");
    case MC_STATS_OUTCOME_BOTH:
      return _("Report and help");
    case MC_STATS_OUTCOME_CLOSE_MONITORING:
      return _("Close with monitoring");
    case MC_STATS_OUTCOME_NEITHER:
      return _("No report and no help");
    case MC_STATS_N_OUTCOMES:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
mc_stats_round_kind_label (McStatsRoundKind kind)
{
  switch (kind)
    {
    case MC_STATS_ROUND_FIRST:
      return _("First decision");
    case MC_STATS_ROUND_EVALUATION:
      return _("Evaluation");
    case MC_STATS_ROUND_REPORT_AGAIN:
      return _("Report again");
    case MC_STATS_ROUND_REWEIGH:
      return _("Weighed again");
    case MC_STATS_N_ROUND_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
mc_stats_form_label (McProtocol *protocol,
                     const char *id)
{
  const McProtocolItem *item;
  const McProtocolSpecialForm *form;

  if (protocol == NULL)
    return id;
  if ((form = mc_protocol_lookup_special_form (protocol, id)) != NULL)
    return form->name;
  if ((item = mc_protocol_lookup_item (protocol, id)) != NULL)
    return item->label;
  return id;
}
