/* mc-stats-store.c: the figures of a period, counted in SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every table is read once, with only the columns a count needs and no
 * text a person wrote: the figures of 10,000 cases take a few scans.
 */

#define G_LOG_DOMAIN "mc-stats-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "mc-dates.h"
#include "mc-stats-store.h"
#include "mc-store-internal.h"

/* crypto_kdf contexts are exactly 8 characters; see mc-audit.c for the
 * other one. */
#define STATS_KDF_CONTEXT "mcstats1"
#define STATS_KDF_SUBKEY_ID 1
#define STATS_ID_BYTES 16

typedef struct
{
  gboolean in_period;
  gboolean open;
  guint    furthest_step;
  char    *first_signal;   /* "YYYY-MM-DD", or NULL */
  GHashTable *forms;       /* protocol ids seen, or NULL */
} CaseInfo;

typedef struct
{
  McStore    *store;
  McProtocol *protocol;
  McStats    *stats;
  char        start[11];   /* the first day of the period */
  char        end[11];     /* the first day after it */
  GArray     *cases;       /* of CaseInfo */
  GHashTable *index;       /* case id (gint64 *) -> index + 1 */
} Counter;

static void
case_info_clear (gpointer data)
{
  CaseInfo *info = data;

  g_free (info->first_signal);
  g_clear_pointer (&info->forms, g_hash_table_unref);
}

static CaseInfo *
lookup_case (Counter *counter,
             gint64   case_id)
{
  guint position = GPOINTER_TO_UINT (g_hash_table_lookup (counter->index, &case_id));

  return position > 0 ? &g_array_index (counter->cases, CaseInfo, position - 1) : NULL;
}

static sqlite3_stmt *
prepare (Counter     *counter,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (counter->store->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      mc_store_set_sqlite_error (error, counter->store->db, rc);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static gboolean
finish (Counter       *counter,
        sqlite3_stmt  *stmt,
        int            rc,
        GError       **error)
{
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, counter->store->db, rc);
  return TRUE;
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  return text != NULL && mc_date_from_iso8601 (text, date);
}

static void
note_form (CaseInfo   *info,
           const char *id)
{
  if (id == NULL || *id == '\0')
    return;
  if (info->forms == NULL)
    info->forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (info->forms, g_strdup (id));
}

/* The cases that began before the period ended. */
static gboolean
count_cases (Counter  *counter,
             GError  **error)
{
  static const char sql[] =
    "SELECT id, substr (created_at, 1, 10), closed_at, status, birth_date, suspected_forms"
    " FROM cases WHERE substr (created_at, 1, 10) < ?1";
  const McProtocolConversationRule *rule = mc_protocol_get_conversation_rule (counter->protocol);
  guint majority = rule != NULL && rule->age_of_majority > 0 ? rule->age_of_majority : 18;
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = prepare (counter, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, counter->end, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *created = (const char *) sqlite3_column_text (stmt, 1);
      const char *closed = (const char *) sqlite3_column_text (stmt, 2);
      const char *status = (const char *) sqlite3_column_text (stmt, 3);
      const char *birth = (const char *) sqlite3_column_text (stmt, 4);
      const char *forms = (const char *) sqlite3_column_text (stmt, 5);
      CaseInfo info = { FALSE, FALSE, 1, NULL, NULL };
      gint64 *key;

      if (created != NULL && strcmp (created, counter->start) >= 0)
        counter->stats->cases_started++;
      if (closed != NULL && strcmp (closed, counter->start) >= 0 && strcmp (closed, counter->end) < 0)
        counter->stats->cases_closed++;

      info.open = g_strcmp0 (status, "closed") != 0;
      info.in_period = closed == NULL || strcmp (closed, counter->start) >= 0;
      if (info.in_period)
        {
          GDate birth_date, created_date;

          counter->stats->cases_in_period++;
          /* The client's age when the case began. */
          if (parse_date (birth, &birth_date) && parse_date (created, &created_date)
              && mc_age_on (&birth_date, &created_date) >= 0)
            {
              if ((guint) mc_age_on (&birth_date, &created_date) < majority)
                counter->stats->minors++;
              else
                counter->stats->adults++;
            }
          else
            counter->stats->age_unknown++;

          if (forms != NULL)
            {
              g_auto(GStrv) lines = g_strsplit (forms, "\n", -1);

              for (guint i = 0; lines[i] != NULL; i++)
                note_form (&info, lines[i]);
            }
        }

      /* Every case that began before the period ended: a case closed
       * before it may still have a decision dated in it. */
      g_array_append_val (counter->cases, info);
      key = g_new (gint64, 1);
      *key = id;
      g_hash_table_insert (counter->index, key, GUINT_TO_POINTER (counter->cases->len));
    }

  return finish (counter, stmt, rc, error);
}

static void
reach (CaseInfo *info,
       guint     step)
{
  if (info != NULL && step > info->furthest_step)
    info->furthest_step = step;
}

/* How far each case got: the last step with something recorded in it.
 * Each table is read in the order of its rows, once: an index would send
 * each row to another page, and every page read is a page decrypted. */
static gboolean
count_consultations (Counter  *counter,
                     GError  **error)
{
  static const char sql[] =
    "SELECT case_id, role, consulted_on FROM consultations"
    " WHERE consulted_on IS NOT NULL OR role IS NOT NULL OR advice IS NOT NULL";
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = prepare (counter, sql, error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *role = (const char *) sqlite3_column_text (stmt, 1);
      const char *on = (const char *) sqlite3_column_text (stmt, 2);

      reach (lookup_case (counter, sqlite3_column_int64 (stmt, 0)), 2);
      /* The consultation roles that are Veilig Thuis, by their id. */
      if (role != NULL && strstr (role, "veilig-thuis") != NULL && on != NULL
          && strcmp (on, counter->start) >= 0 && strcmp (on, counter->end) < 0)
        counter->stats->vt_consultations++;
    }
  return finish (counter, stmt, rc, error);
}

static gboolean
count_steps (Counter  *counter,
             GError  **error)
{
  static const char sql[] =
    "SELECT case_id, 3 FROM conversations WHERE held_on IS NOT NULL OR not_held_reason IS NOT NULL"
    " UNION ALL SELECT case_id, 4 FROM weighings WHERE acute IS NOT NULL OR structural IS NOT NULL";
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = prepare (counter, sql, error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    reach (lookup_case (counter, sqlite3_column_int64 (stmt, 0)), (guint) sqlite3_column_int (stmt, 1));
  return finish (counter, stmt, rc, error);
}

static gboolean
count_signals (Counter  *counter,
               GError  **error)
{
  static const char sql[] = "SELECT case_id, observed_on, created_at, category FROM signals";
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = prepare (counter, sql, error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CaseInfo *info = lookup_case (counter, sqlite3_column_int64 (stmt, 0));
      const char *observed = (const char *) sqlite3_column_text (stmt, 1);
      const char *created = (const char *) sqlite3_column_text (stmt, 2);
      char day[11];

      if (info == NULL)
        continue;
      if (observed == NULL && created != NULL)
        {
          g_strlcpy (day, created, sizeof day);
          observed = day;
        }
      if (observed != NULL && (info->first_signal == NULL || strcmp (observed, info->first_signal) < 0))
        {
          g_free (info->first_signal);
          info->first_signal = g_strdup (observed);
        }
      if (info->in_period)
        note_form (info, (const char *) sqlite3_column_text (stmt, 3));
    }
  return finish (counter, stmt, rc, error);
}

static McStatsRoundKind
round_kind (const char *kind)
{
  if (g_strcmp0 (kind, "evaluation") == 0)
    return MC_STATS_ROUND_EVALUATION;
  if (g_strcmp0 (kind, "report-again") == 0)
    return MC_STATS_ROUND_REPORT_AGAIN;
  if (g_strcmp0 (kind, "reweigh") == 0)
    return MC_STATS_ROUND_REWEIGH;
  return MC_STATS_ROUND_FIRST;
}

/* The question whose "yes" closes with monitoring (question 5), or NULL. */
static const char *
monitoring_question (McProtocol *protocol)
{
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol);

  for (guint i = 0; kader != NULL && i < kader->questions->len; i++)
    {
      const McProtocolQuestion *question = g_ptr_array_index (kader->questions, i);
      const McProtocolOutcome *outcome = question->yes.outcome_id != NULL
                                         ? mc_protocol_lookup_outcome (protocol, question->yes.outcome_id)
                                         : NULL;

      if (outcome != NULL && outcome->close == MC_OUTCOME_CLOSE_WITH_MONITORING)
        return question->id;
    }
  return NULL;
}

static McStatsOutcome
classify (int      report,
          int      help,
          gboolean monitoring)
{
  if (monitoring)
    return MC_STATS_OUTCOME_CLOSE_MONITORING;
  if (report == 1)
    return help == 1 ? MC_STATS_OUTCOME_BOTH : MC_STATS_OUTCOME_REPORT;
  if (help == 1)
    return MC_STATS_OUTCOME_HELP;
  return MC_STATS_OUTCOME_NEITHER;
}

/* "case_id:round" of the rounds whose answer closes with monitoring. */
static GHashTable *
read_monitoring (Counter  *counter,
                 GError  **error)
{
  static const char sql[] =
    "SELECT case_id, round FROM afweging_answers WHERE question_id = ?1 AND answer = 1";
  g_autoptr(GHashTable) rounds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *question = monitoring_question (counter->protocol);
  sqlite3_stmt *stmt;
  int rc;

  if (question == NULL)
    return g_steal_pointer (&rounds);
  if ((stmt = prepare (counter, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, question, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (rounds, g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                               (gint64) sqlite3_column_int64 (stmt, 0),
                                               (gint64) sqlite3_column_int64 (stmt, 1)));
  if (!finish (counter, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&rounds);
}

static gboolean
in_period (Counter    *counter,
           const char *date)
{
  return date != NULL && strcmp (date, counter->start) >= 0 && strcmp (date, counter->end) < 0;
}

static gboolean
count_decisions (Counter  *counter,
                 GError  **error)
{
  static const char sql[] =
    "SELECT case_id, round, kind, report_needed, help_possible, decided_on, reported_on FROM decisions";
  g_autoptr(GHashTable) monitoring = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if ((monitoring = read_monitoring (counter, error)) == NULL
      || (stmt = prepare (counter, sql, error)) == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 case_id = sqlite3_column_int64 (stmt, 0);
      CaseInfo *info = lookup_case (counter, case_id);
      gint64 round = sqlite3_column_int64 (stmt, 1);
      const char *decided_on = (const char *) sqlite3_column_text (stmt, 5);
      McStatsOutcome outcome;
      GDate decided, first;
      guint quarter;

      if (in_period (counter, (const char *) sqlite3_column_text (stmt, 6)))
        counter->stats->vt_reports++;
      if (decided_on == NULL)
        continue;
      reach (info, 5);
      if (!in_period (counter, decided_on) || !parse_date (decided_on, &decided))
        continue;

      {
        char key[48];

        g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, case_id, round);
        outcome = classify (sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 3),
                            sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 4),
                            g_hash_table_contains (monitoring, key));
      }
      quarter = (g_date_get_month (&decided) - 1) / 3;
      counter->stats->outcomes_by_quarter[quarter][outcome]++;
      counter->stats->outcomes_by_round[round_kind ((const char *) sqlite3_column_text (stmt, 2))][outcome]++;

      if (round == 1 && info != NULL && parse_date (info->first_signal, &first))
        {
          int days = g_date_days_between (&first, &decided);

          days = CLAMP (days, 0, MC_STATS_MAX_DAYS);
          counter->stats->decision_days[days]++;
        }
    }
  return finish (counter, stmt, rc, error);
}

/* Open cases with an open agreement due before @reference. */
static gboolean
count_overdue (Counter     *counter,
               const char  *reference,
               GError     **error)
{
  static const char sql[] =
    "SELECT DISTINCT case_id FROM follow_ups"
    " WHERE state = 'open' AND due_on IS NOT NULL AND due_on < ?1";
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = prepare (counter, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reference, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CaseInfo *info = lookup_case (counter, sqlite3_column_int64 (stmt, 0));

      if (info != NULL && info->in_period && info->open)
        counter->stats->overdue_follow_up++;
    }
  return finish (counter, stmt, rc, error);
}

/* Only the protocol's own ids are counted, in its order: an id the
 * protocol does not know could be anything, so it is left out. */
static void
sum_cases (Counter *counter)
{
  const McProtocolChecklist *categories = mc_protocol_get_checklist (counter->protocol,
                                                                    MC_CHECKLIST_SIGNAL_CATEGORIES);
  GPtrArray *special = mc_protocol_get_special_forms (counter->protocol);
  GHashTable *category_ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; categories != NULL && i < categories->items->len; i++)
    {
      const char *id = ((McProtocolItem *) g_ptr_array_index (categories->items, i))->id;

      mc_stats_add_form (counter->stats->forms, id, 0);
      g_hash_table_add (category_ids, (gpointer) id);
    }
  for (guint i = 0; special != NULL && i < special->len; i++)
    mc_stats_add_form (counter->stats->special_forms,
                       ((McProtocolSpecialForm *) g_ptr_array_index (special, i))->id, 0);

  for (guint c = 0; c < counter->cases->len; c++)
    {
      CaseInfo *info = &g_array_index (counter->cases, CaseInfo, c);
      GHashTableIter iter;
      gpointer id;

      if (!info->in_period)
        continue;
      for (guint s = 0; s < info->furthest_step && s < MC_STATS_N_STEPS; s++)
        counter->stats->steps_reached[s]++;

      if (info->forms == NULL)
        continue;
      g_hash_table_iter_init (&iter, info->forms);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        {
          if (mc_protocol_lookup_special_form (counter->protocol, id) != NULL)
            mc_stats_add_form (counter->stats->special_forms, id, 1);
          /* Of the signal categories only: another checklist's id is no
           * form of violence. */
          else if (g_hash_table_contains (category_ids, id))
            mc_stats_add_form (counter->stats->forms, id, 1);
        }
    }

  g_hash_table_unref (category_ids);
}

McStats *
mc_store_compute_stats (McStore      *store,
                        McProtocol   *protocol,
                        int           from_month,
                        int           to_month,
                        const GDate  *today,
                        GError      **error)
{
  g_autoptr(McStats) stats = NULL;
  g_autofree char *store_id = NULL;
  char reference[11];
  GDate now;
  int after = to_month + 1;
  Counter counter = { 0 };
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (to_month < from_month || from_month < mc_stats_month (1, 1) || to_month >= mc_stats_month (9999, 12))
    {
      g_set_error_literal (error, MC_STATS_ERROR, MC_STATS_ERROR_BAD_PERIOD,
                           _("The period ends before it begins."));
      return NULL;
    }
  if (!mc_store_ensure_open (store, error))
    return NULL;

  stats = mc_stats_new (from_month, to_month, mc_protocol_get_id (protocol), mc_protocol_get_revision (protocol));
  store_id = mc_store_get_stats_id (store);
  g_ptr_array_add (stats->store_ids, g_steal_pointer (&store_id));

  counter.store = store;
  counter.protocol = protocol;
  counter.stats = stats;
  g_snprintf (counter.start, sizeof counter.start, "%04d-%02d-01",
              mc_stats_month_year (from_month), mc_stats_month_number (from_month));
  g_snprintf (counter.end, sizeof counter.end, "%04d-%02d-01",
              mc_stats_month_year (after), mc_stats_month_number (after));
  counter.cases = g_array_new (FALSE, TRUE, sizeof (CaseInfo));
  g_array_set_clear_func (counter.cases, case_info_clear);
  counter.index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* Overdue as on the day after the period, or today while it runs. */
  if (today != NULL)
    now = *today;
  else
    {
      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
    }
  g_snprintf (reference, sizeof reference, "%04d-%02d-%02d",
              g_date_get_year (&now), g_date_get_month (&now), g_date_get_day (&now));
  if (strcmp (reference, counter.end) > 0)
    memcpy (reference, counter.end, sizeof reference);

  ok = mc_store_read_begin (store, error);
  if (ok)
    {
      /* The signals before the decisions: the days to a decision count
       * from the first signal. */
      ok = count_cases (&counter, error)
           && count_consultations (&counter, error)
           && count_steps (&counter, error)
           && count_signals (&counter, error)
           && count_decisions (&counter, error)
           && count_overdue (&counter, reference, error);
      mc_store_read_end (store);
    }
  if (ok)
    sum_cases (&counter);

  g_array_unref (counter.cases);
  g_hash_table_unref (counter.index);

  return ok ? g_steal_pointer (&stats) : NULL;
}

char *
mc_store_get_stats_id (McStore *store)
{
  guint8 id[STATS_ID_BYTES];
  char hex[STATS_ID_BYTES * 2 + 1];

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (store->data_key == NULL)
    return NULL;
  if (crypto_kdf_derive_from_key (id, sizeof id, STATS_KDF_SUBKEY_ID, STATS_KDF_CONTEXT,
                                  mc_secret_get_data (store->data_key)) != 0)
    g_error ("Cannot derive the store's figures id");
  sodium_bin2hex (hex, sizeof hex, id, sizeof id);

  return g_strdup (hex);
}
