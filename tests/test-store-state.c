/* test-store-state.c: the state kept with each case is the state worked out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store keeps each case's step, attention and due dates in its row
 * (schema 5), so the case list need not load the case. Here, after every
 * kind of edit (random, from a fixed seed, over every record type and every
 * write path: insert, update, delete, close, reopen, a new decision round,
 * a batch), the stored columns are compared with what loading the case and
 * checking it says; the same after migrating the fixture stores.
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-due.h"
#include "mc-store.h"
#include "mc-store-private.h"
#include "mc-store-schema.h"
#include "mc-test-util.h"

#define PASSPHRASE "Zonnige-dinsdag-in-Hoogeveen-7"
#define N_CASES 6
#define N_EDITS 400

static McProtocol *protocol;

/* "YYYY-MM-DD" @days from today. */
static char *
date_from_today (int days)
{
  GDate day;

  mc_due_get_today (&day);
  if (days >= 0)
    g_date_add_days (&day, days);
  else
    g_date_subtract_days (&day, -days);
  return mc_date_to_iso8601 (&day);
}

/* Every case's stored state against the state worked out from the loaded
 * case; the number of cases checked. */
static guint
assert_states_current (McStore *store)
{
  sqlite3 *db = mc_store_get_connection (store);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *today = date_from_today (0);
  g_autofree char *key = g_strdup_printf ("1:%s", mc_protocol_get_checksum (protocol));
  guint n = 0;
  GDate today_date;

  mc_due_get_today (&today_date);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, state_key, state_step, state_attention,"
                                           " state_next_due, state_next_follow_up, state_until, state_outcome"
                                           " FROM cases ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autoptr(GError) error = NULL;
      g_autoptr(McCase) kase = mc_store_load_case (store, id, &error);
      g_autoptr(GPtrArray) due = NULL;
      g_autofree char *next_due = NULL;
      g_autofree char *next_follow_up = NULL;
      const char *until = (const char *) sqlite3_column_text (stmt, 6);
      gboolean attention = FALSE;
      guint step;

      g_assert_no_error (error);
      step = mc_case_get_progress (kase, protocol, &attention);
      due = mc_case_get_due_items (kase, protocol, &today_date, MC_DUE_WITHIN_ANY);
      for (guint i = 0; i < due->len; i++)
        {
          McDueItem *item = g_ptr_array_index (due, i);

          if (next_due == NULL)
            next_due = mc_date_to_iso8601 (&item->due);
          if (next_follow_up == NULL && item->kind == MC_DUE_FOLLOW_UP)
            next_follow_up = mc_date_to_iso8601 (&item->due);
        }

      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, key);
      g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, step);
      g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, attention);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, next_due);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 5), ==, next_follow_up);
      {
        McDecision *decision = mc_case_get_round_decision (kase, mc_case_get_current_round (kase));
        const char *decided_on = decision != NULL ? mc_record_get_string (MC_RECORD (decision), "decided-on") : NULL;
        const char *outcome = (const char *) sqlite3_column_text (stmt, 7);

        /* The outcome is there exactly when the current round is decided. */
        g_assert_nonnull (outcome);
        g_assert_cmpint (*outcome != '\0', ==, decided_on != NULL && *decided_on != '\0');
      }
      /* The day it may change by itself is after today, when there is one. */
      g_assert_true (until == NULL || strcmp (until, today) > 0);
      g_assert_cmpint (until != NULL, ==,
                       mc_date_from_iso8601 (mc_record_get_string (MC_RECORD (kase), "birth-date"), &(GDate) { 0, }));
      n++;
    }
  sqlite3_finalize (stmt);

  /* And the list says what is stored. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (cases), ==, n);
  }

  return n;
}

/* The lazy list (ids first, rows when asked) lists what the full list
 * lists, in the same order, with the same state, for every filter. */
static void
assert_lazy_lists_agree_now (McStore *store)
{
  const McCaseFilter filters[] = {
    MC_CASE_FILTER_ALL, MC_CASE_FILTER_OPEN, MC_CASE_FILTER_CLOSED, MC_CASE_FILTER_FOLLOW_UP_DUE,
    MC_CASE_FILTER_NEEDS_ATTENTION,
  };
  /* One word (the index alone decides), several, separators before,
   * after and in them, LIKE's wildcards, a word longer than the index's
   * terms, and words that are short enough to hit most cases. */
  const char *searches[] = {
    NULL, "VRIES", "é", "zoë van", "de", "e", "an", "van leeuw", "de ", " de", "n v", "n_v", "%",
    "2026", "-0", "steinhausen", "wolfeschlegelsteinhausenberg", "GER",
  };

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    for (guint q = 0; q < G_N_ELEMENTS (searches); q++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GListModel) full = mc_store_list_cases (store, filters[f], searches[q], &error);
        g_autoptr(GListModel) lazy = NULL;

        g_assert_no_error (error);
        lazy = mc_store_list_cases_lazily (store, filters[f], searches[q], &error);
        g_assert_no_error (error);
        g_assert_cmpuint (g_list_model_get_n_items (lazy), ==, g_list_model_get_n_items (full));
        for (guint i = 0; i < g_list_model_get_n_items (full); i++)
          {
            g_autoptr(McCaseSummary) a = g_list_model_get_item (full, i);
            g_autoptr(McCaseSummary) b = g_list_model_get_item (lazy, i);

            g_assert_cmpint (mc_case_summary_get_id (a), ==, mc_case_summary_get_id (b));
            g_assert_cmpuint (mc_case_summary_get_step (a), ==, mc_case_summary_get_step (b));
            g_assert_cmpint (mc_case_summary_get_needs_attention (a), ==, mc_case_summary_get_needs_attention (b));
            g_assert_cmpint (mc_case_summary_get_follow_up_due (a), ==, mc_case_summary_get_follow_up_due (b));
            g_assert_cmpstr (mc_case_summary_get_outcome (a), ==, mc_case_summary_get_outcome (b));
            if (filters[f] == MC_CASE_FILTER_NEEDS_ATTENTION)
              g_assert_true (mc_case_summary_get_needs_attention (a));
            if (filters[f] == MC_CASE_FILTER_FOLLOW_UP_DUE)
              g_assert_true (mc_case_summary_get_follow_up_due (a));
          }
      }
}

/* A search reads the rows of few hits, and walks the list's order
 * through many, with a bitmap of them or their sorted ids
 * (mc-store-search.c): every way, whatever the number of hits. */
static void
assert_lazy_lists_agree (McStore *store)
{
  const struct { guint max_hits; gint64 max_span; } ways[] = {
    { G_MAXUINT, G_MAXINT64 }, { 0, G_MAXINT64 }, { 1, G_MAXINT64 }, { 0, 0 },
  };

  for (guint way = 0; way < G_N_ELEMENTS (ways); way++)
    {
      mc_store_search_set_limits (ways[way].max_hits, ways[way].max_span);
      assert_lazy_lists_agree_now (store);
    }
  mc_store_search_reset_limits ();
}

static gint64
random_case (McStore *store,
             GRand   *rand,
             GArray  *ids)
{
  return g_array_index (ids, gint64, g_rand_int_range (rand, 0, ids->len));
}

static McRecord *
random_child (McCase *kase,
              GRand  *rand)
{
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);
  GListModel *children = mc_case_get_children (kase, types[g_rand_int_range (rand, 0, n_types)]);
  guint n = g_list_model_get_n_items (children);

  if (n == 0)
    return NULL;
  return g_list_model_get_item (children, g_rand_int_range (rand, 0, n));
}

static McRecord *
new_child (gint64  case_id,
           GRand  *rand)
{
  static const char * const questions[] = {
    "question-suspicion", "question-unsafety", "question-help-possible", "question-help-accepted",
    "question-help-results",
  };
  g_autofree char *day = date_from_today (g_rand_int_range (rand, -40, 40));
  McRecord *record = NULL;

  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0:
      record = MC_RECORD (mc_signal_new (case_id));
      mc_record_set_string (record, "observed-on", day);
      mc_record_set_string (record, "description", "Blauwe plek op de bovenarm.");
      mc_record_set_string (record, "nature", g_rand_boolean (rand) ? "fact" : "interpretation");
      break;
    case 1:
      record = MC_RECORD (mc_consultation_new (case_id));
      mc_record_set_string (record, "consulted-on", day);
      mc_record_set_string (record, "role", g_rand_boolean (rand) ? "consult-colleague" : "consult-veilig-thuis");
      mc_record_set_string (record, "advice", "Het gesprek voorbereiden.");
      break;
    case 2:
      record = MC_RECORD (mc_conversation_new (case_id));
      mc_record_set_string (record, "held-on", day);
      mc_record_set_string (record, "with-whom", g_rand_boolean (rand) ? "client" : "parent-with-gezag");
      mc_record_set_string (record, "discussed", "De zorgen en de signalen.");
      break;
    case 3:
      record = MC_RECORD (mc_person_new (case_id));
      mc_record_set_string (record, "role", g_rand_boolean (rand) ? "child" : "parent-with-gezag");
      mc_record_set_string (record, "name", "Noor de Boer");
      break;
    case 4:
      record = MC_RECORD (mc_follow_up_new (case_id));
      mc_record_set_string (record, "description", "Gesprek met moeder.");
      mc_record_set_string (record, "due-on", day);
      mc_record_set_string (record, "state", g_rand_int_range (rand, 0, 3) == 0 ? "done" : "open");
      break;
    case 5:
      record = MC_RECORD (mc_afweging_answer_new (case_id));
      mc_record_set_string (record, "question-id", questions[g_rand_int_range (rand, 0, G_N_ELEMENTS (questions))]);
      mc_record_set_answer (record, "answer", g_rand_boolean (rand) ? MC_ANSWER_YES : MC_ANSWER_NO);
      break;
    case 6:
      record = MC_RECORD (mc_decision_new (case_id));
      mc_record_set_answer (record, "report-needed", g_rand_boolean (rand) ? MC_ANSWER_YES : MC_ANSWER_NO);
      mc_record_set_answer (record, "help-possible", g_rand_boolean (rand) ? MC_ANSWER_YES : MC_ANSWER_NO);
      mc_record_set_string (record, "decided-on", day);
      mc_record_set_string (record, "justification", "Afgewogen.");
      if (g_rand_boolean (rand))
        mc_record_set_string (record, "reported-on", day);
      if (g_rand_boolean (rand))
        mc_record_set_string (record, "evaluation-on", day);
      break;
    default:
      record = MC_RECORD (mc_weighing_new (case_id));
      mc_record_set_answer (record, "acute", g_rand_boolean (rand) ? MC_ANSWER_YES : MC_ANSWER_NO);
      mc_record_set_answer (record, "structural", g_rand_boolean (rand) ? MC_ANSWER_YES : MC_ANSWER_NO);
      break;
    }

  return record;
}

/* A field of @record that the editor changes, given a new value. */
static const char *
edit_field (McRecord *record,
            GRand    *rand)
{
  g_autofree char *day = date_from_today (g_rand_int_range (rand, -40, 40));

  if (MC_IS_CASE (record))
    {
      static const char * const births[] = { "2012-05-17", "1980-01-30", "2008-02-29", "2010-12-31" };

      if (g_rand_boolean (rand))
        {
          mc_record_set_string (record, "birth-date", births[g_rand_int_range (rand, 0, G_N_ELEMENTS (births))]);
          return "birth-date";
        }
      mc_record_set_string (record, "client-name", g_rand_boolean (rand) ? "Zoë van Leeuwen" : "Émile Dekker");
      return "client-name";
    }
  if (MC_IS_FOLLOW_UP (record))
    {
      if (g_rand_boolean (rand))
        {
          mc_record_set_string (record, "due-on", day);
          return "due-on";
        }
      mc_record_set_string (record, "state", g_rand_boolean (rand) ? "open" : "not-done");
      return "state";
    }
  if (MC_IS_DECISION (record))
    {
      static const char * const fields[] = { "reported-on", "feedback-on", "evaluation-on", "decided-on" };
      const char *field = fields[g_rand_int_range (rand, 0, G_N_ELEMENTS (fields))];

      mc_record_set_string (record, field, g_rand_int_range (rand, 0, 4) == 0 ? NULL : day);
      return field;
    }
  if (MC_IS_SIGNAL (record))
    {
      mc_record_set_string (record, "observed-on", g_rand_boolean (rand) ? day : NULL);
      return "observed-on";
    }
  if (MC_IS_CONVERSATION (record))
    {
      mc_record_set_string (record, "held-on", g_rand_boolean (rand) ? day : NULL);
      return "held-on";
    }
  if (MC_IS_AFWEGING_ANSWER (record))
    {
      mc_record_set_answer (record, "answer", g_rand_boolean (rand) ? MC_ANSWER_YES : MC_ANSWER_NO);
      return "answer";
    }
  return NULL;
}

/* One random edit; FALSE when the store refused it (a closed case, a
 * sealed round, a duplicate answer), which must leave the states as they
 * were, and is checked as well. */
static void
random_edit (McStore *store,
             GRand   *rand,
             GArray  *ids)
{
  g_autoptr(GError) error = NULL;
  gint64 case_id = random_case (store, rand, ids);
  g_autoptr(McCase) kase = mc_store_load_case (store, case_id, &error);
  guint what = g_rand_int_range (rand, 0, 10);

  g_assert_no_error (error);
  if (what <= 2)
    {
      g_autoptr(McRecord) child = new_child (case_id, rand);

      mc_store_insert (store, child, &error);
    }
  else if (what <= 5)
    {
      g_autoptr(McRecord) record = g_rand_int_range (rand, 0, 4) == 0 ? g_object_ref (MC_RECORD (kase))
                                                                        : random_child (kase, rand);
      const char *field = record != NULL ? edit_field (record, rand) : NULL;

      if (field != NULL)
        mc_store_update_field (store, record, field, &error);
    }
  else if (what == 6)
    {
      g_autoptr(McRecord) child = random_child (kase, rand);

      if (child != NULL)
        mc_store_delete (store, child, &error);
    }
  else if (what == 7)
    {
      if (mc_case_is_closed (kase))
        mc_store_reopen_case (store, kase, "Nieuwe zorgen.", &error);
      else
        mc_store_close_case (store, kase, "worries-gone", NULL, NULL, &error);
    }
  else if (what == 8)
    {
      mc_store_start_round (store, kase, g_rand_boolean (rand) ? "evaluation" : "reweigh", &error);
    }
  else
    {
      /* A batch: a new case with records, as an import makes it. */
      g_autoptr(McCase) added = mc_case_new ();
      gint64 id;

      g_assert_true (mc_store_begin_batch (store, &error));
      mc_record_set_string (MC_RECORD (added), "client-name", "Sem Jansen");
      mc_record_set_string (MC_RECORD (added), "birth-date", "2015-03-14");
      g_assert_true (mc_store_insert (store, MC_RECORD (added), &error));
      id = mc_record_get_id (MC_RECORD (added));
      for (guint i = 0; i < 4; i++)
        {
          g_autoptr(McRecord) child = new_child (id, rand);

          if (!mc_store_insert (store, child, &error))
            g_clear_error (&error);
        }
      g_assert_true (mc_store_commit_batch (store, &error));
      g_array_append_val (ids, id);
    }
  /* Refused edits are part of the test: the states stay right. */
  if (error != NULL)
    g_test_message ("refused: %s", error->message);
}

static void
test_random_edits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-state-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "store", NULL);
  g_autofree char *recovery_key = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(McStore) store = NULL;
  GRand *rand = g_rand_new_with_seed (20261203);

  g_assert_no_error (error);
  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  mc_store_set_protocol (store, protocol);

  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(McCase) kase = mc_case_new ();
      gint64 id;

      mc_record_set_string (MC_RECORD (kase), "client-name", "Anouk de Vries");
      if (i % 2 == 0)
        mc_record_set_string (MC_RECORD (kase), "birth-date", i % 4 == 0 ? "2012-05-17" : "1979-11-02");
      g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
      g_assert_no_error (error);
      id = mc_record_get_id (MC_RECORD (kase));
      g_array_append_val (ids, id);
    }
  assert_states_current (store);

  for (guint i = 0; i < N_EDITS; i++)
    {
      random_edit (store, rand, ids);
      assert_states_current (store);
      if (i % 25 == 0)
        assert_lazy_lists_agree (store);
    }
  assert_lazy_lists_agree (store);

  /* Deleting a case leaves the others right. */
  {
    g_autoptr(McCase) kase = mc_store_load_case (store, g_array_index (ids, gint64, 0), &error);

    g_assert_no_error (error);
    g_assert_true (mc_store_delete (store, MC_RECORD (kase), &error));
    g_assert_no_error (error);
    g_assert_cmpuint (assert_states_current (store), >=, N_CASES - 1);
  }

  g_assert_true (mc_store_close (store, &error));
  g_rand_free (rand);
  mc_test_remove_tree (tmp);
}

/* Every filter of the full list (mc_store_list_cases(): the state filters
 * read candidates from their indexes, the list is sorted after reading)
 * against the cases loaded and worked out one by one. */
static void
assert_lists_match_computation (McStore *store,
                                GArray  *ids)
{
  const McCaseFilter filters[] = {
    MC_CASE_FILTER_ALL, MC_CASE_FILTER_OPEN, MC_CASE_FILTER_CLOSED, MC_CASE_FILTER_FOLLOW_UP_DUE,
    MC_CASE_FILTER_NEEDS_ATTENTION,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);
  g_autoptr(GHashTable) open = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) due = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) attention = g_hash_table_new (g_int64_hash, g_int64_equal);
  GDate today;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, ids->len);
  mc_due_get_today (&today);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 *id = &g_array_index (ids, gint64, i);
      g_autoptr(McCase) kase = mc_store_load_case (store, *id, &error);
      g_autoptr(GPtrArray) items = NULL;
      gboolean needs_attention = FALSE;

      g_assert_no_error (error);
      mc_case_get_progress (kase, protocol, &needs_attention);
      if (g_strcmp0 (mc_record_get_string (MC_RECORD (kase), "status"), "closed") == 0)
        continue;
      g_hash_table_add (open, id);
      if (needs_attention)
        g_hash_table_add (attention, id);
      items = mc_case_get_due_items (kase, protocol, &today, 0);
      for (guint j = 0; j < items->len; j++)
        if (((McDueItem *) g_ptr_array_index (items, j))->kind == MC_DUE_FOLLOW_UP)
          g_hash_table_add (due, id);
    }
  g_test_message ("%u cases: %u open, %u follow-up due, %u need attention", ids->len,
                  g_hash_table_size (open), g_hash_table_size (due), g_hash_table_size (attention));

  /* The whole list: the most recently changed first. */
  for (guint i = 1; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(McCaseSummary) a = g_list_model_get_item (all, i - 1);
      g_autoptr(McCaseSummary) b = g_list_model_get_item (all, i);
      int order = strcmp (mc_case_summary_get_updated_at (a), mc_case_summary_get_updated_at (b));

      g_assert_true (order > 0 || (order == 0 && mc_case_summary_get_id (a) > mc_case_summary_get_id (b)));
    }

  /* Each filter: exactly the cases worked out, in the order of the whole
   * list. */
  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autoptr(GListModel) listed = mc_store_list_cases (store, filters[f], NULL, &error);
      guint n = 0;

      g_assert_no_error (error);
      for (guint i = 0; i < g_list_model_get_n_items (all); i++)
        {
          g_autoptr(McCaseSummary) summary = g_list_model_get_item (all, i);
          gint64 id = mc_case_summary_get_id (summary);
          gboolean expected;

          switch (filters[f])
            {
            case MC_CASE_FILTER_OPEN:
              expected = g_hash_table_contains (open, &id);
              break;
            case MC_CASE_FILTER_CLOSED:
              expected = !g_hash_table_contains (open, &id);
              break;
            case MC_CASE_FILTER_FOLLOW_UP_DUE:
              expected = g_hash_table_contains (due, &id);
              break;
            case MC_CASE_FILTER_NEEDS_ATTENTION:
              expected = g_hash_table_contains (attention, &id);
              break;
            case MC_CASE_FILTER_ALL:
            case MC_CASE_FILTER_DUE_FOR_DESTRUCTION:
            default:
              expected = TRUE;
              break;
            }
          if (expected)
            {
              g_autoptr(McCaseSummary) other = NULL;

              g_assert_cmpuint (n, <, g_list_model_get_n_items (listed));
              other = g_list_model_get_item (listed, n++);
              g_assert_cmpint (mc_case_summary_get_id (other), ==, id);
            }
        }
      g_assert_cmpuint (n, ==, g_list_model_get_n_items (listed));
    }
}

/* A few hundred cases after many random edits: every list, full and lazy,
 * as the cases worked out one by one say. */
static void
test_lists_at_scale (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-state-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "store", NULL);
  g_autofree char *recovery_key = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(McStore) store = NULL;
  GRand *rand = g_rand_new_with_seed (20261204);
  const char *names[] = {
    "Anouk de Vries", "Zoë van Leeuwen", "Sem Jansen", "Émile Bakker", "Max Wolfeschlegelsteinhausenberger",
  };

  g_assert_no_error (error);
  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  mc_store_set_protocol (store, protocol);

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(McCase) kase = mc_case_new ();
      gint64 id;

      mc_record_set_string (MC_RECORD (kase), "client-name", names[i % G_N_ELEMENTS (names)]);
      if (i % 3 != 0)
        mc_record_set_string (MC_RECORD (kase), "birth-date", i % 2 == 0 ? "2012-05-17" : "1979-11-02");
      g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
      g_assert_no_error (error);
      id = mc_record_get_id (MC_RECORD (kase));
      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < 900; i++)
    random_edit (store, rand, ids);

  assert_lists_match_computation (store, ids);
  assert_lazy_lists_agree (store);

  g_assert_true (mc_store_close (store, &error));
  g_rand_free (rand);
  mc_test_remove_tree (tmp);
}

/* A state from another protocol, or from before the client's birthday,
 * is worked out again before a list; a stale one too. */
static void
test_outdated_states (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-state-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "store", NULL);
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCase) kase = mc_case_new ();
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(McCaseSummary) summary = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  mc_store_set_protocol (store, protocol);
  mc_record_set_string (MC_RECORD (kase), "client-name", "Anouk de Vries");
  mc_record_set_string (MC_RECORD (kase), "birth-date", "2012-05-17");
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  db = mc_store_get_connection (store);

  /* Written wrong by hand, as an older state would be: the list must not
   * show it. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE cases SET state_step = 4, state_attention = 1,"
                                     " state_key = 'another protocol'", NULL, NULL, NULL), ==, SQLITE_OK);
  cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);
  g_assert_no_error (error);
  summary = g_list_model_get_item (cases, 0);
  g_assert_cmpuint (mc_case_summary_get_step (summary), ==, 1);
  g_assert_false (mc_case_summary_get_needs_attention (summary));
  assert_states_current (store);
  g_clear_object (&summary);
  g_clear_object (&cases);

  g_assert_cmpint (sqlite3_exec (db, "UPDATE cases SET state_step = 4, state_attention = 1,"
                                     " state_key = 'another protocol'", NULL, NULL, NULL), ==, SQLITE_OK);
  /* The lazy list too. */
  {
    g_autoptr(GListModel) lazy = mc_store_list_cases_lazily (store, MC_CASE_FILTER_NEEDS_ATTENTION, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (lazy), ==, 0);
  }
  g_assert_cmpint (sqlite3_exec (db, "UPDATE cases SET state_step = 4, state_until = '2000-01-01'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);
  g_assert_no_error (error);
  summary = g_list_model_get_item (cases, 0);
  g_assert_cmpuint (mc_case_summary_get_step (summary), ==, 1);
  assert_states_current (store);

  g_assert_true (mc_store_close (store, &error));
  mc_test_remove_tree (tmp);
}

static char *
readme_value (const char *readme,
              const char *label)
{
  g_autofree char *prefix = g_strdup_printf ("- %s: `", label);
  const char *start = strstr (readme, prefix);
  const char *end;

  g_assert_nonnull (start);
  start += strlen (prefix);
  end = strchr (start, '`');
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* The fixture stores (schema 1 and 3): the migration leaves every state
 * to be worked out, and the first open does so. */
static void
test_fixture_migration (gconstpointer data)
{
  const char *name = data;
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autofree char *readme_path = g_build_filename (fixture, "README.md", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-state-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "store", NULL);
  g_autofree char *readme = NULL;
  g_autofree char *passphrase = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GListModel) found = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, &error));
  g_assert_no_error (error);
  passphrase = readme_value (readme, "passphrase");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      const char *file = i == 0 ? "cases.db" : "key";
      g_autofree char *from = g_build_filename (fixture, "store", file, NULL);
      g_autofree char *to = g_build_filename (dir, file, NULL);
      g_autofree char *contents = NULL;
      gsize size = 0;

      g_assert_true (g_file_get_contents (from, &contents, &size, &error));
      g_assert_true (g_file_set_contents_full (to, contents, size, G_FILE_SET_CONTENTS_NONE, 0600, &error));
      g_assert_no_error (error);
    }

  store = mc_store_open (dir, passphrase, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assert_states_current (store), >=, 1);

  /* The search index holds the migrated cases too (where there is FTS4),
   * and search still ignores case and accents. */
  found = mc_store_list_cases (store, MC_CASE_FILTER_ALL, "VRIES", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_assert_true (mc_store_integrity_check (store, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (mc_store_close (store, &error));
  mc_test_remove_tree (tmp);
}

/* The index terms and query: every substring of a word is the prefix of a
 * term, so the index finds what LIKE '%...%' finds. */
static void
test_search_terms (void)
{
  g_autofree char *terms = mc_store_search_terms ("zoe van leeuwen\n2026-0012");
  g_autofree char *match = mc_store_search_match ("oe van leeuw");
  g_autofree char *none = mc_store_search_match (" -%_ ");
  g_autofree char *long_word = g_strnfill (100000, 'a');
  g_autofree char *long_terms = mc_store_search_terms (long_word);

  g_assert_cmpstr (terms, ==, "zoe oe e van an n leeuwen eeuwen euwen uwen wen en n 2026 026 26 6 0012 012 12 2");
  g_assert_cmpstr (match, ==, "oe* van* leeuw*");
  g_assert_null (none);
  /* One word no longer than a term: the index finds exactly what LIKE
   * finds; anything else is checked with LIKE after. */
  g_assert_true (mc_store_search_is_exact ("leeuw"));
  g_assert_true (mc_store_search_is_exact ("zoe"));
  g_assert_true (mc_store_search_is_exact ("abcdefghijklmnopqrstuvwx"));
  g_assert_false (mc_store_search_is_exact ("abcdefghijklmnopqrstuvwxy"));
  g_assert_false (mc_store_search_is_exact ("van leeuw"));
  g_assert_false (mc_store_search_is_exact ("de "));
  g_assert_false (mc_store_search_is_exact ("2026-1"));
  g_assert_false (mc_store_search_is_exact ("n_v"));
  g_assert_false (mc_store_search_is_exact (""));
  /* Bounded: a word of 100,000 characters does not give 5 GB of terms. */
  g_assert_cmpuint (strlen (long_terms), <, 100000 * 26);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/store-state/search-terms", test_search_terms);
  g_test_add_func ("/store-state/random-edits", test_random_edits);
  g_test_add_func ("/store-state/outdated", test_outdated_states);
  g_test_add_func ("/store-state/lists-at-scale", test_lists_at_scale);
  g_test_add_data_func ("/store-state/fixture-0.1.0", "store-0.1.0", test_fixture_migration);
  g_test_add_data_func ("/store-state/fixture-0.2.0", "store-0.2.0-sqlcipher4", test_fixture_migration);
  g_test_add_data_func ("/store-state/fixture-0.2.1", "store-0.2.1", test_fixture_migration);
  g_test_add_data_func ("/store-state/fixture-0.2.1-sqlcipher4", "store-0.2.1-sqlcipher4", test_fixture_migration);

  result = g_test_run ();
  g_object_unref (protocol);
  return result;
}
