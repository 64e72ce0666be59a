/* mc-due.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-due"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-dates.h"
#include "mc-due.h"

#define VT_FIRST_RESPONSE "vt-first-response"

void
mc_due_item_free (McDueItem *item)
{
  if (item == NULL)
    return;

  g_free (item->case_number);
  g_free (item->description);
  g_free (item);
}

gint
mc_due_item_compare (gconstpointer a,
                     gconstpointer b)
{
  const McDueItem *x = *(const McDueItem * const *) a;
  const McDueItem *y = *(const McDueItem * const *) b;
  int order = g_date_compare (&x->due, &y->due);

  if (order != 0)
    return order;
  if (x->case_id != y->case_id)
    return x->case_id < y->case_id ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->record_id != y->record_id)
    return x->record_id < y->record_id ? -1 : 1;
  return 0;
}

const char *
mc_due_kind_to_string (McDueKind kind)
{
  switch (kind)
    {
    case MC_DUE_FOLLOW_UP:
      return "follow-up";
    case MC_DUE_VT_FEEDBACK:
      return "vt-feedback";
    case MC_DUE_EVALUATION:
      return "evaluation";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
mc_due_kind_get_label (McDueKind kind)
{
  switch (kind)
    {
    case MC_DUE_FOLLOW_UP:
      return _("Follow-up agreement");
    case MC_DUE_VT_FEEDBACK:
      return _("Veilig Thuis feedback");
    case MC_DUE_EVALUATION:
      return _("Evaluation");
    default:
      g_return_val_if_reached (NULL);
    }
}

void
mc_due_add_working_days (GDate *date,
                         guint  n_days)
{
  g_return_if_fail (date != NULL && g_date_valid (date));

  /* Whole weeks first, so a long term takes no long walk. */
  if (n_days >= 5)
    {
      GDateWeekday weekday = g_date_get_weekday (date);

      /* A weekend day moves to the Friday before: five working days on
       * from a Saturday is the Friday after, as from that Friday. */
      if (weekday == G_DATE_SATURDAY)
        g_date_subtract_days (date, 1);
      else if (weekday == G_DATE_SUNDAY)
        g_date_subtract_days (date, 2);
      g_date_add_days (date, (n_days / 5) * 7);
      n_days %= 5;
    }

  while (n_days > 0)
    {
      GDateWeekday weekday;

      g_date_add_days (date, 1);
      weekday = g_date_get_weekday (date);
      if (weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY)
        n_days--;
    }
}

void
mc_due_get_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (today != NULL);

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

gboolean
mc_due_get_limit (const GDate *today,
                  guint        within_days,
                  GDate       *limit)
{
  GDate last;

  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (limit != NULL, FALSE);

  /* The last date a case can hold (mc_date_from_iso8601()). */
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 31, G_DATE_DECEMBER, 9999);
  if (within_days == MC_DUE_WITHIN_ANY || g_date_compare (today, &last) >= 0
      || within_days >= (guint) g_date_days_between (today, &last))
    return FALSE;

  *limit = *today;
  g_date_add_days (limit, within_days);
  return TRUE;
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* A new item due on @due, or NULL when @due lies after @limit. */
static McDueItem *
item_new (gint64       case_id,
          const char  *case_number,
          McDueKind    kind,
          const GDate *due,
          gint64       record_id,
          const char  *description,
          const GDate *today,
          const GDate *limit)
{
  McDueItem *item;

  if (limit != NULL && g_date_compare (due, limit) > 0)
    return NULL;

  item = g_new0 (McDueItem, 1);
  item->case_id = case_id;
  item->case_number = g_strdup (case_number);
  item->kind = kind;
  item->due = *due;
  item->overdue = g_date_compare (due, today) < 0;
  item->record_id = record_id;
  item->description = g_strdup (description);

  return item;
}

McDueItem *
mc_due_item_new_follow_up (gint64       case_id,
                           const char  *case_number,
                           gint64       follow_up_id,
                           const char  *state,
                           const char  *due_on,
                           const char  *description,
                           const GDate *today,
                           const GDate *limit)
{
  GDate due;

  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  /* Done or not done: someone looked at it, nothing to remind of. */
  g_date_clear (&due, 1);
  if (g_strcmp0 (state, "open") != 0 || !mc_date_from_iso8601 (due_on, &due))
    return NULL;

  return item_new (case_id, case_number, MC_DUE_FOLLOW_UP, &due, follow_up_id,
                   !is_empty (description) ? description : _("Follow-up agreement"), today, limit);
}

McDueItem *
mc_due_item_new_feedback (gint64       case_id,
                          const char  *case_number,
                          gint64       decision_id,
                          McAnswer     report_needed,
                          const char  *reported_on,
                          const char  *feedback_on,
                          gint         working_days,
                          const GDate *today,
                          const GDate *limit)
{
  GDate due;

  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  g_date_clear (&due, 1);
  if (working_days < 0 || report_needed != MC_ANSWER_YES || !is_empty (feedback_on)
      || !mc_date_from_iso8601 (reported_on, &due))
    return NULL;

  mc_due_add_working_days (&due, (guint) working_days);
  /* Translators: what is due when Veilig Thuis has not yet said whether it
   * takes a report on. */
  return item_new (case_id, case_number, MC_DUE_VT_FEEDBACK, &due, decision_id,
                   _("Veilig Thuis says whether it takes the report on"), today, limit);
}

McDueItem *
mc_due_item_new_evaluation (gint64       case_id,
                            const char  *case_number,
                            gint64       decision_id,
                            McAnswer     help_possible,
                            const char  *evaluation_on,
                            const GDate *today,
                            const GDate *limit)
{
  GDate due;

  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  /* A date left behind when the decision became "no help" reminds of
   * nothing. */
  g_date_clear (&due, 1);
  if (help_possible == MC_ANSWER_NO || !mc_date_from_iso8601 (evaluation_on, &due))
    return NULL;

  /* Translators: what is due on the evaluation date of a decision round
   * that offers help; question 5 of the afwegingskader asks it. */
  return item_new (case_id, case_number, MC_DUE_EVALUATION, &due, decision_id,
                   _("Evaluate the help (question 5)"), today, limit);
}

static void
add_item (GPtrArray *items,
          McDueItem *item)
{
  if (item != NULL)
    g_ptr_array_add (items, item);
}

GPtrArray *
mc_case_get_due_items (McCase      *case_,
                       McProtocol  *protocol,
                       const GDate *today,
                       guint        within_days)
{
  GPtrArray *items;
  GListModel *follow_ups;
  McDecision *current;
  McRecord *record;
  const char *number;
  gint64 case_id;
  GDate limit;
  gboolean limited;

  g_return_val_if_fail (MC_IS_CASE (case_), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_due_item_free);
  if (mc_case_is_closed (case_))
    return items;

  record = MC_RECORD (case_);
  case_id = mc_record_get_id (record);
  number = mc_record_get_string (record, "number");
  g_date_clear (&limit, 1);
  limited = mc_due_get_limit (today, within_days, &limit);

  follow_ups = mc_case_get_follow_ups (case_);
  for (guint i = 0; i < g_list_model_get_n_items (follow_ups); i++)
    {
      g_autoptr(McRecord) follow_up = g_list_model_get_item (follow_ups, i);

      add_item (items, mc_due_item_new_follow_up (case_id, number, mc_record_get_id (follow_up),
                                                  mc_record_get_string (follow_up, "state"),
                                                  mc_record_get_string (follow_up, "due-on"),
                                                  mc_record_get_string (follow_up, "description"),
                                                  today, limited ? &limit : NULL));
    }

  current = mc_case_get_round_decision (case_, mc_case_get_current_round (case_));
  if (current != NULL)
    {
      McRecord *decision = MC_RECORD (current);
      gint working_days = mc_protocol_get_term_working_days (protocol, VT_FIRST_RESPONSE);

      add_item (items, mc_due_item_new_feedback (case_id, number, mc_record_get_id (decision),
                                                 mc_record_get_answer (decision, "report-needed"),
                                                 mc_record_get_string (decision, "reported-on"),
                                                 mc_record_get_string (decision, "feedback-on"),
                                                 working_days, today, limited ? &limit : NULL));
      add_item (items, mc_due_item_new_evaluation (case_id, number, mc_record_get_id (decision),
                                                   mc_record_get_answer (decision, "help-possible"),
                                                   mc_record_get_string (decision, "evaluation-on"),
                                                   today, limited ? &limit : NULL));
    }

  g_ptr_array_sort (items, mc_due_item_compare);
  return items;
}
