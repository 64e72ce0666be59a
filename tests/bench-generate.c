/* bench-generate.c: a store with many cases for the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows are written straight into the store's own connection, in one
 * transaction with one prepared statement per table, as an import of many
 * cases would write them but without an audit row per field (the trail
 * is not what the benchmarks measure). The schema's triggers run as for
 * any write (search key, search index, stale states), and the states are
 * worked out at the end by the store itself.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>

#include "bench-generate.h"
#include "mc-dates.h"
#include "mc-due.h"
#include "mc-store.h"
#include "mc-store-private.h"
#include "mc-store-schema.h"
#include "mc-test-util.h"

/* Raise when what is generated changes: the cached stores are then made
 * again. */
#define GENERATOR_VERSION 2

static const char * const first_names[] = {
  "Anouk", "Bram", "Daan", "Emma", "Fleur", "Sem", "Julia", "Lucas", "Noor", "Finn",
  "Sara", "Milan", "Tess", "Jesse", "Lotte", "Thijs", "Eva", "Ruben", "Zoë", "Levi",
  "Émile", "Chloë", "Mohammed", "Fatima", "Yusuf", "Aylin", "Priya", "Jan", "Kees", "Ingrid",
};
static const char * const last_names[] = {
  "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
  "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
  "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "Yılmaz",
  "El Amrani", "Kaya", "Nguyen", "Öztürk", "Bouzid", "van der Meer",
};
static const char * const sentences[] = {
  "Kwam op maandag met een blauwe plek op de bovenarm; zei dat hij gevallen was.",
  "Moeder vertelt dat er thuis veel spanning is sinds vader zijn werk kwijt is.",
  "Het kind is de laatste weken stil en trekt zich terug in de pauzes.",
  "Een collega hoorde geschreeuw in de gang bij het ophalen.",
  "Zij wil niet naar huis na schooltijd en blijft zo lang mogelijk op het plein.",
  "De kleding is al dagen dezelfde en ruikt; er is geen lunch meegegeven.",
  "Cliënt zegt dat haar partner haar geld beheert en haar telefoon controleert.",
  "Bij de huisbezoeken was de woning sterk vervuild en was er geen eten in huis.",
};
static const char * const signal_categories[] = {
  "signal-child-physical-abuse", "signal-child-emotional-abuse", "signal-child-physical-neglect",
  "signal-child-emotional-neglect", "signal-child-witness", "signal-adult-physical",
  "signal-adult-psychological", "signal-adult-financial",
};
static const char * const person_roles[] = {
  "parent-with-gezag", "parent-without-gezag", "child", "household-member", "carer", "mentor",
};
static const char * const kindcheck_items[] = {
  "kindcheck-children-at-home", "kindcheck-number", "kindcheck-ages", "kindcheck-carers",
  "kindcheck-concern", "kindcheck-daytime",
};
static const char * const questions[] = {
  "question-suspicion", "question-unsafety", "question-help-possible", "question-help-accepted",
  "question-help-results",
};
static const char * const close_reasons[] = {
  "worries-gone", "handed-over", "reported-handed-on", "help-monitoring", "client-left",
};

typedef struct
{
  sqlite3      *db;
  GRand        *rand;
  GDate         today;
  sqlite3_stmt *cases;
  sqlite3_stmt *people;
  sqlite3_stmt *signals;
  sqlite3_stmt *checklist;
  sqlite3_stmt *consultations;
  sqlite3_stmt *conversations;
  sqlite3_stmt *weighings;
  sqlite3_stmt *answers;
  sqlite3_stmt *decisions;
  sqlite3_stmt *follow_ups;
} Generator;

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static gint64
run (Generator    *gen,
     sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("%s: %s", sqlite3_sql (stmt), sqlite3_errmsg (gen->db));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return sqlite3_last_insert_rowid (gen->db);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
}

static const char *
pick (GRand              *rand,
      const char * const *strings,
      guint               n)
{
  return strings[g_rand_int_range (rand, 0, n)];
}

#define PICK(gen, array) pick ((gen)->rand, (array), G_N_ELEMENTS (array))

/* @days after (negative: before) @from. */
static char *
day_from (const GDate *from,
          int          days)
{
  GDate day = *from;

  if (days >= 0)
    g_date_add_days (&day, days);
  else
    g_date_subtract_days (&day, -days);
  return mc_date_to_iso8601 (&day);
}

/* A text of 1 to @max_sentences sentences. */
static char *
text (Generator *gen,
      guint      max_sentences)
{
  GString *out = g_string_new (NULL);
  guint n = g_rand_int_range (gen->rand, 1, max_sentences + 1);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, PICK (gen, sentences));
    }
  return g_string_free (out, FALSE);
}

static void
generate_case (Generator *gen,
               guint      index,
               guint     *last_number)
{
  GRand *rand = gen->rand;
  /* When the case was made: spread over twenty years, the newest up to
   * now; a few changes at most a year later. */
  int age_days = g_rand_int_range (rand, 0, 20 * 365);
  g_autofree char *created_on = day_from (&gen->today, -age_days);
  int changed_after = MIN (age_days, g_rand_int_range (rand, 0, 365));
  g_autofree char *changed_on = day_from (&gen->today, -age_days + changed_after);
  g_autofree char *created_at = g_strdup_printf ("%sT%02d:%02d:%02dZ", created_on, g_rand_int_range (rand, 7, 18),
                                                 g_rand_int_range (rand, 0, 60), g_rand_int_range (rand, 0, 60));
  g_autofree char *updated_at = g_strdup_printf ("%sT%02d:%02d:%02dZ", changed_on, g_rand_int_range (rand, 7, 18),
                                                 g_rand_int_range (rand, 0, 60), g_rand_int_range (rand, 0, 60));
  g_autofree char *name = g_strdup_printf ("%s %s", PICK (gen, first_names), PICK (gen, last_names));
  g_autofree char *client_number = g_strdup_printf ("CL-%07u", index + 1);
  g_autofree char *birth = day_from (&gen->today, -g_rand_int_range (rand, 365, 80 * 365));
  g_autofree char *number = NULL;
  /* Older cases are closed far more often. */
  gboolean closed = age_days > 365 ? g_rand_int_range (rand, 0, 10) < 9 : g_rand_int_range (rand, 0, 5) == 0;
  gboolean decided = g_rand_int_range (rand, 0, 10) < 7;
  guint year = g_ascii_strtoull (created_on, NULL, 10);
  gint64 case_id;
  guint n;

  number = g_strdup_printf ("%u-%04u", year, ++last_number[year - 2000]);
  bind_text (gen->cases, 1, number);
  bind_text (gen->cases, 2, name);
  bind_text (gen->cases, 3, client_number);
  bind_text (gen->cases, 4, birth);
  bind_text (gen->cases, 5, closed ? "closed" : "open");
  bind_text (gen->cases, 6, created_at);
  bind_text (gen->cases, 7, updated_at);
  if (closed)
    {
      bind_text (gen->cases, 8, updated_at);
      bind_text (gen->cases, 9, PICK (gen, close_reasons));
      bind_text (gen->cases, 10, "Petra Jansen (aandachtsfunctionaris)");
    }
  case_id = run (gen, gen->cases);

  n = g_rand_int_range (rand, 1, 5);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *person_birth = day_from (&gen->today, -g_rand_int_range (rand, 365, 60 * 365));
      g_autofree char *person = g_strdup_printf ("%s %s", PICK (gen, first_names), PICK (gen, last_names));

      sqlite3_bind_int64 (gen->people, 1, case_id);
      bind_text (gen->people, 2, PICK (gen, person_roles));
      bind_text (gen->people, 3, person);
      bind_text (gen->people, 4, person_birth);
      run (gen, gen->people);
    }

  n = g_rand_int_range (rand, 2, 9);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *observed = day_from (&gen->today, -age_days + g_rand_int_range (rand, 0, 30));
      g_autofree char *description = text (gen, 4);

      sqlite3_bind_int64 (gen->signals, 1, case_id);
      bind_text (gen->signals, 2, observed);
      bind_text (gen->signals, 3, description);
      bind_text (gen->signals, 4, i % 3 == 0 ? "interpretation" : "fact");
      bind_text (gen->signals, 5, "Petra Jansen, begeleider");
      bind_text (gen->signals, 6, PICK (gen, signal_categories));
      bind_text (gen->signals, 7, created_at);
      run (gen, gen->signals);
    }

  if (g_rand_boolean (rand))
    for (guint i = 0; i < G_N_ELEMENTS (kindcheck_items); i++)
      {
        sqlite3_bind_int64 (gen->checklist, 1, case_id);
        bind_text (gen->checklist, 2, kindcheck_items[i]);
        bind_text (gen->checklist, 3, g_rand_boolean (rand) ? "yes" : "no");
        bind_text (gen->checklist, 4, created_at);
        run (gen, gen->checklist);
      }

  n = g_rand_int_range (rand, 1, 4);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *consulted = day_from (&gen->today, -age_days + g_rand_int_range (rand, 1, 40));
      g_autofree char *advice = text (gen, 2);

      sqlite3_bind_int64 (gen->consultations, 1, case_id);
      bind_text (gen->consultations, 2, consulted);
      bind_text (gen->consultations, 3, i == 0 ? "consult-colleague" : "consult-veilig-thuis");
      bind_text (gen->consultations, 4, "Collega-aandachtsfunctionaris");
      sqlite3_bind_int (gen->consultations, 5, i > 0);
      bind_text (gen->consultations, 6, advice);
      run (gen, gen->consultations);
    }

  n = g_rand_int_range (rand, 0, 4);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *held = day_from (&gen->today, -age_days + g_rand_int_range (rand, 5, 60));
      g_autofree char *discussed = text (gen, 3);
      g_autofree char *reaction = text (gen, 2);

      sqlite3_bind_int64 (gen->conversations, 1, case_id);
      bind_text (gen->conversations, 2, held);
      bind_text (gen->conversations, 3, i == 0 ? "client" : "parent-with-gezag");
      bind_text (gen->conversations, 4, discussed);
      bind_text (gen->conversations, 5, reaction);
      run (gen, gen->conversations);
    }

  sqlite3_bind_int64 (gen->weighings, 1, case_id);
  sqlite3_bind_int (gen->weighings, 2, g_rand_int_range (rand, 0, 8) == 0);
  sqlite3_bind_int (gen->weighings, 3, g_rand_boolean (rand));
  bind_text (gen->weighings, 4, updated_at);
  run (gen, gen->weighings);

  if (decided)
    {
      gboolean report = g_rand_int_range (rand, 0, 4) == 0;
      gboolean help = g_rand_int_range (rand, 0, 5) != 0;
      g_autofree char *decided_on = day_from (&gen->today, -age_days + MIN (changed_after, 60));
      g_autofree char *justification = text (gen, 3);
      g_autofree char *evaluation_on = day_from (&gen->today, -age_days + changed_after + g_rand_int_range (rand, 14, 120));
      g_autofree char *reported_on = day_from (&gen->today, -age_days + MIN (changed_after, 61));

      for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
        {
          sqlite3_bind_int64 (gen->answers, 1, case_id);
          bind_text (gen->answers, 2, questions[i]);
          sqlite3_bind_int (gen->answers, 3, i < 2 ? 1 : (i == 2 ? help : g_rand_boolean (rand)));
          bind_text (gen->answers, 4, updated_at);
          run (gen, gen->answers);
        }

      sqlite3_bind_int64 (gen->decisions, 1, case_id);
      sqlite3_bind_int (gen->decisions, 2, report);
      sqlite3_bind_int (gen->decisions, 3, help);
      bind_text (gen->decisions, 4, justification);
      bind_text (gen->decisions, 5, "Petra Jansen");
      bind_text (gen->decisions, 6, "aandachtsfunctionaris");
      bind_text (gen->decisions, 7, decided_on);
      if (help)
        bind_text (gen->decisions, 8, evaluation_on);
      if (report)
        {
          bind_text (gen->decisions, 9, reported_on);
          if (g_rand_int_range (rand, 0, 3) != 0)
            bind_text (gen->decisions, 10, reported_on);
        }
      bind_text (gen->decisions, 11, updated_at);
      run (gen, gen->decisions);
    }

  /* A fifth of the cases have agreements; those of open cases fall due
   * from two months ago to two months ahead. */
  if (g_rand_int_range (rand, 0, 5) == 0)
    {
      n = g_rand_int_range (rand, 1, 4);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *due_on = closed ? day_from (&gen->today, -age_days + 30)
                                           : day_from (&gen->today, g_rand_int_range (rand, -60, 61));
          gboolean done = closed || g_rand_int_range (rand, 0, 3) == 0;

          sqlite3_bind_int64 (gen->follow_ups, 1, case_id);
          bind_text (gen->follow_ups, 2, "Gesprek met moeder over de afspraken.");
          bind_text (gen->follow_ups, 3, due_on);
          sqlite3_bind_int (gen->follow_ups, 4, done);
          bind_text (gen->follow_ups, 5, done ? "done" : "open");
          bind_text (gen->follow_ups, 6, created_at);
          bind_text (gen->follow_ups, 7, "J. de Vries");
          run (gen, gen->follow_ups);
        }
    }
}

static void
generate (const char *dir,
          guint       n_cases)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  guint last_number[100] = { 0, };
  Generator gen = { 0, };
  gint64 start;

  store = mc_store_create (dir, MC_BENCH_PASSPHRASE, MC_KDF_COST_MODERATE, &recovery_key, &error);
  g_assert_no_error (error);
  gen.db = mc_store_get_connection (store);
  gen.rand = g_rand_new_with_seed (20261203);
  mc_due_get_today (&gen.today);

  gen.cases = prepare (gen.db, "INSERT INTO cases (number, client_name, client_number, birth_date, status,"
                               " created_at, updated_at, closed_at, close_reason, closed_by)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  gen.people = prepare (gen.db, "INSERT INTO people (case_id, role, name, birth_date) VALUES (?1, ?2, ?3, ?4)");
  gen.signals = prepare (gen.db, "INSERT INTO signals (case_id, observed_on, description, nature, observer,"
                                 " category, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  gen.checklist = prepare (gen.db, "INSERT INTO checklist_answers (case_id, item_id, value, updated_at)"
                                   " VALUES (?1, ?2, ?3, ?4)");
  gen.consultations = prepare (gen.db, "INSERT INTO consultations (case_id, consulted_on, role, consultee,"
                                       " anonymous, advice) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  gen.conversations = prepare (gen.db, "INSERT INTO conversations (case_id, held_on, with_whom, discussed,"
                                       " reaction) VALUES (?1, ?2, ?3, ?4, ?5)");
  gen.weighings = prepare (gen.db, "INSERT INTO weighings (case_id, acute, structural, updated_at)"
                                   " VALUES (?1, ?2, ?3, ?4)");
  gen.answers = prepare (gen.db, "INSERT INTO afweging_answers (case_id, round, question_id, answer, updated_at)"
                                 " VALUES (?1, 1, ?2, ?3, ?4)");
  gen.decisions = prepare (gen.db, "INSERT INTO decisions (case_id, round, kind, report_needed, help_possible,"
                                   " justification, decided_by_name, decided_by_role, decided_on, evaluation_on,"
                                   " reported_on, feedback_on, updated_at)"
                                   " VALUES (?1, 1, 'first', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  gen.follow_ups = prepare (gen.db, "INSERT INTO follow_ups (case_id, description, due_on, done, state,"
                                    " created_at, owner_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

  start = g_get_monotonic_time ();
  g_assert_cmpint (sqlite3_exec (gen.db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n_cases; i++)
    generate_case (&gen, i, last_number);
  for (guint year = 0; year < G_N_ELEMENTS (last_number); year++)
    if (last_number[year] > 0)
      {
        g_autofree char *sql = g_strdup_printf ("INSERT OR REPLACE INTO case_numbers (year, last) VALUES (%u, %u)",
                                                2000 + year, last_number[year]);

        g_assert_cmpint (sqlite3_exec (gen.db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      }
  g_assert_cmpint (sqlite3_exec (gen.db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_printerr ("  rows written in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);

  {
    sqlite3_stmt *statements[] = {
      gen.cases, gen.people, gen.signals, gen.checklist, gen.consultations, gen.conversations,
      gen.weighings, gen.answers, gen.decisions, gen.follow_ups,
    };

    for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
      sqlite3_finalize (statements[i]);
  }
  g_rand_free (gen.rand);

  /* Every case's state, worked out by the store as after a migration. */
  start = g_get_monotonic_time ();
  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  mc_store_set_protocol (store, protocol);
  g_assert_true (mc_store_update_states (store, &error));
  g_assert_no_error (error);
  g_printerr ("  states worked out in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);

  g_assert_cmpint (sqlite3_exec (gen.db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
}

static void
copy_file (const char *from_dir,
           const char *to_dir,
           const char *name)
{
  g_autofree char *from_path = g_build_filename (from_dir, name, NULL);
  g_autofree char *to_path = g_build_filename (to_dir, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (from_path);
  g_autoptr(GFile) to = g_file_new_for_path (to_path);
  g_autoptr(GError) error = NULL;

  if (!g_file_test (from_path, G_FILE_TEST_EXISTS))
    return;
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (to_path, 0600), ==, 0);
}

/* The cached store of an older schema (the same generator) as a new
 * cache entry @cached, migrated by opening a copy of it: generating 100,000
 * cases takes far longer, and the migrations are what every user's store
 * goes through. FALSE when there is none. */
static gboolean
migrate_older_cache (const char *cache_dir,
                     const char *cached,
                     guint       n_cases)
{
  for (int schema = MC_STORE_SCHEMA_VERSION - 1; schema >= 1; schema--)
    {
      g_autofree char *older = g_strdup_printf ("%s/store-g%d-s%d-%u", cache_dir, GENERATOR_VERSION, schema, n_cases);
      g_autofree char *making = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(McStore) store = NULL;

      if (!g_file_test (older, G_FILE_TEST_IS_DIR))
        continue;
      making = g_strdup_printf ("%s.XXXXXX", cached);
      g_assert_nonnull (g_mkdtemp (making));
      from = g_build_filename (older, "store", NULL);
      to = g_build_filename (making, "store", NULL);
      g_assert_cmpint (g_mkdir (to, 0700), ==, 0);
      copy_file (from, to, "cases.db");
      copy_file (from, to, "key");
      g_printerr ("Migrating %s into %s (once; kept for later runs)\n", older, cached);
      store = mc_store_open (to, MC_BENCH_PASSPHRASE, &error);
      g_assert_no_error (error);
      g_assert_true (mc_store_close (store, &error));
      g_assert_no_error (error);
      if (g_rename (making, cached) != 0)
        mc_test_remove_tree (making);
      return TRUE;
    }
  return FALSE;
}

char *
mc_bench_get_store (guint   n_cases,
                    double *generate_ms)
{
  const char *cache_root = g_getenv ("MC_BENCH_CACHE_DIR");
  g_autofree char *cache_dir = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *store = NULL;
  g_autoptr(GError) error = NULL;

  *generate_ms = -1;
  cache_dir = g_build_filename (cache_root != NULL ? cache_root : g_get_tmp_dir (),
                                cache_root != NULL ? "." : "meldcode-bench-cache", NULL);
  cached = g_strdup_printf ("%s/store-g%d-s%d-%u", cache_dir, GENERATOR_VERSION, MC_STORE_SCHEMA_VERSION, n_cases);

  if (!g_file_test (cached, G_FILE_TEST_IS_DIR) && !migrate_older_cache (cache_dir, cached, n_cases))
    {
      g_autofree char *making = g_strdup_printf ("%s.XXXXXX", cached);
      g_autofree char *made = NULL;
      gint64 start = g_get_monotonic_time ();

      g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
      g_assert_nonnull (g_mkdtemp (making));
      made = g_build_filename (making, "store", NULL);
      g_printerr ("Generating %u cases into %s (once; kept for later runs)\n", n_cases, cached);
      generate (made, n_cases);
      *generate_ms = (g_get_monotonic_time () - start) / 1000.0;
      if (g_rename (making, cached) != 0)
        /* Another benchmark made it meanwhile. */
        mc_test_remove_tree (making);
    }

  tmp = g_dir_make_tmp ("meldcode-bench-XXXXXX", &error);
  g_assert_no_error (error);
  store = g_build_filename (tmp, "store", NULL);
  g_assert_cmpint (g_mkdir (store, 0700), ==, 0);
  {
    g_autofree char *from = g_build_filename (cached, "store", NULL);

    copy_file (from, store, "cases.db");
    copy_file (from, store, "key");
  }

  return g_steal_pointer (&tmp);
}
