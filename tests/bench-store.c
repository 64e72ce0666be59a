/* bench-store.c: the case store with 10,000 cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints the median of several runs of what a user waits for: unlocking,
 * the case list, a search, opening a case, saving a field (synchronous=FULL,
 * so with an fsync), the step a list row shows (loading the case and
 * checking its steps). Targets: list under 50 ms, search under 10 ms, load
 * under 5 ms, save under 10 ms.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "mc-completeness.h"
#include "mc-store.h"
#include "mc-store-private.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define N_CASES 10000

static const char * const first_names[] = {
  "Anouk", "Bram", "Daan", "Emma", "Fleur", "Sem", "Julia", "Lucas", "Noor", "Finn",
  "Sara", "Milan", "Tess", "Jesse", "Lotte", "Thijs", "Eva", "Ruben", "Zoë", "Levi",
};
static const char * const last_names[] = {
  "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
  "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
  "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n_values)
{
  qsort (values, n_values, sizeof (double), compare_doubles);
  return values[n_values / 2];
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
print_figure (const char *what,
              double      ms,
              const char *target)
{
  printf ("%-46s %10.2f ms   %s\n", what, ms, target);
}

static void
insert (McStore  *store,
        McRecord *record)
{
  g_autoptr(GError) error = NULL;

  if (!mc_store_insert (store, record, &error))
    g_error ("%s", error->message);
}

static void
generate (McStore *store)
{
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (20261128);

  if (!mc_store_begin_batch (store, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(McCase) kase = mc_case_new ();
      const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      const char *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
      g_autofree char *name = g_strdup_printf ("%s %s", first, last);
      g_autofree char *client_number = g_strdup_printf ("C%06u", i);
      gint64 case_id;
      McDecision *decision;

      mc_record_set_string (MC_RECORD (kase), "client-name", name);
      mc_record_set_string (MC_RECORD (kase), "client-number", client_number);
      mc_record_set_string (MC_RECORD (kase), "birth-date", "2012-05-17");
      mc_record_set_string (MC_RECORD (kase), "status", i % 5 == 0 ? "closed" : "open");
      insert (store, MC_RECORD (kase));
      case_id = mc_record_get_id (MC_RECORD (kase));

      for (guint j = 0; j < 3; j++)
        {
          g_autoptr(McSignal) signal = mc_signal_new (case_id);

          mc_record_set_string (MC_RECORD (signal), "observed-on", "2026-10-01");
          mc_record_set_string (MC_RECORD (signal), "description",
                                "Kwam op maandag met een blauwe plek op de bovenarm; zei dat hij gevallen was.");
          mc_record_set_string (MC_RECORD (signal), "nature", j == 0 ? "fact" : "interpretation");
          mc_record_set_string (MC_RECORD (signal), "observer", "Petra Jansen, begeleider");
          mc_record_set_string (MC_RECORD (signal), "category", "physical-abuse");
          insert (store, MC_RECORD (signal));
        }

      for (guint j = 0; j < 2; j++)
        {
          g_autoptr(McConsultation) consultation = mc_consultation_new (case_id);

          mc_record_set_string (MC_RECORD (consultation), "consulted-on", "2026-10-03");
          mc_record_set_string (MC_RECORD (consultation), "role", j == 0 ? "colleague" : "veilig-thuis");
          mc_record_set_boolean (MC_RECORD (consultation), "anonymous", j == 1);
          mc_record_set_string (MC_RECORD (consultation), "advice",
                                "Signalen verder in kaart brengen en het gesprek met de ouders voorbereiden.");
          insert (store, MC_RECORD (consultation));
        }

      decision = mc_case_get_decision (kase);
      mc_record_set_answer (MC_RECORD (decision), "report-needed", i % 3 == 0 ? MC_ANSWER_YES : MC_ANSWER_NO);
      mc_record_set_answer (MC_RECORD (decision), "help-possible", MC_ANSWER_YES);
      mc_record_set_string (MC_RECORD (decision), "justification", "Hulp is mogelijk en wordt aanvaard.");
      mc_record_set_string (MC_RECORD (decision), "decided-on", "2026-10-20");
      insert (store, MC_RECORD (decision));
    }

  if (!mc_store_commit_batch (store, &error))
    g_error ("%s", error->message);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McKeyFile) key_file = NULL;
  g_autoptr(McSecret) data_key = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(GListModel) all_cases = NULL;
  McStore *store;
  double runs[21];
  guint n_found = 0;
  gint64 start;
  gint64 case_id = 0;

  setlocale (LC_ALL, "C.UTF-8");

  tmp = g_dir_make_tmp ("meldcode-bench-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (tmp, "store", NULL);
  key_path = g_build_filename (dir, "key", NULL);

  printf ("Case store, %d cases (3 signals, 2 consultations and a decision each)\n\n", N_CASES);

  start = g_get_monotonic_time ();
  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_MODERATE, &recovery_key, &error);
  g_assert_no_error (error);
  print_figure ("create the store (KDF MODERATE)", elapsed_ms (start), "");

  start = g_get_monotonic_time ();
  generate (store);
  print_figure ("generate 10,000 cases (one transaction)", elapsed_ms (start), "");
  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);

  key_file = mc_key_file_load (key_path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      start = g_get_monotonic_time ();
      store = mc_store_open (dir, PASSPHRASE, &error);
      g_assert_no_error (error);
      runs[i] = elapsed_ms (start);
      g_assert_true (mc_store_close (store, &error));
      g_object_unref (store);
    }
  print_figure ("unlock with the passphrase (KDF MODERATE)", median (runs, 3), "");

  start = g_get_monotonic_time ();
  data_key = mc_key_file_unwrap_passphrase (key_file, PASSPHRASE, &error);
  g_assert_no_error (error);
  print_figure ("  of which the KDF", elapsed_ms (start), "");

  for (guint i = 0; i < 5; i++)
    {
      start = g_get_monotonic_time ();
      store = mc_store_open_with_data_key (dir, data_key, &error);
      g_assert_no_error (error);
      runs[i] = elapsed_ms (start);
      if (i < 4)
        {
          g_assert_true (mc_store_close (store, &error));
          g_object_unref (store);
        }
    }
  print_figure ("unlock without the KDF (quick_check included)", median (runs, 5), "");

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GListModel) cases = NULL;

      start = g_get_monotonic_time ();
      cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);
      runs[i] = elapsed_ms (start);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (cases), ==, N_CASES);
      if (i == 0)
        {
          g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, N_CASES / 2);

          case_id = mc_case_summary_get_id (summary);
        }
    }
  print_figure ("list all cases", median (runs, 7), "(target < 50 ms)");

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GListModel) found = NULL;

      start = g_get_monotonic_time ();
      found = mc_store_list_cases (store, MC_CASE_FILTER_ALL, "zoë van leeuwen", &error);
      runs[i] = elapsed_ms (start);
      g_assert_no_error (error);
      n_found = g_list_model_get_n_items (found);
    }
  g_assert_cmpuint (n_found, >, 0);
  print_figure ("search by client name", median (runs, 7), "(target < 10 ms)");

  for (guint i = 0; i < 21; i++)
    {
      g_autoptr(McCase) kase = NULL;

      start = g_get_monotonic_time ();
      kase = mc_store_load_case (store, case_id, &error);
      runs[i] = elapsed_ms (start);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (kase)), ==, 3);
    }
  print_figure ("load one case", median (runs, 21), "(target < 5 ms)");

  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  for (guint i = 0; i < 21; i++)
    {
      g_autoptr(McCase) kase = NULL;
      gboolean needs_attention = FALSE;

      start = g_get_monotonic_time ();
      kase = mc_store_load_case (store, case_id, &error);
      g_assert_no_error (error);
      mc_case_get_progress (kase, protocol, &needs_attention);
      runs[i] = elapsed_ms (start);
      /* Decided without a conversation: a step needs attention. */
      g_assert_true (needs_attention);
    }
  print_figure ("the step of one case (load and check)", median (runs, 21), "(a bound list row)");

  /* What meldcode-cli list does on top of the list. */
  all_cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (all_cases, i);
      g_autoptr(McCase) kase = mc_store_load_case (store, mc_case_summary_get_id (summary), &error);

      g_assert_no_error (error);
      mc_case_get_progress (kase, protocol, NULL);
    }
  print_figure ("the steps of all 10,000 cases", elapsed_ms (start), "(meldcode-cli list)");

  {
    g_autoptr(McCase) kase = mc_store_load_case (store, case_id, &error);
    g_autoptr(McRecord) signal = g_list_model_get_item (mc_case_get_signals (kase), 0);

    for (guint i = 0; i < 21; i++)
      {
        g_autofree char *text = g_strdup_printf ("Aangepaste beschrijving %u", i);

        mc_record_set_string (signal, "description", text);
        start = g_get_monotonic_time ();
        g_assert_true (mc_store_update_field (store, signal, "description", &error));
        runs[i] = elapsed_ms (start);
        g_assert_no_error (error);
      }
  }
  print_figure ("save one field (synchronous=FULL)", median (runs, 21), "(target < 10 ms)");

  start = g_get_monotonic_time ();
  g_assert_true (mc_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  print_figure ("verify the audit trail", elapsed_ms (start), "");

  start = g_get_monotonic_time ();
  g_assert_true (mc_store_integrity_check (store, &error));
  g_assert_no_error (error);
  print_figure ("full integrity check", elapsed_ms (start), "");

  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);
  {
    g_autofree char *db_path = g_build_filename (dir, "cases.db", NULL);
    GStatBuf st;

    g_assert_cmpint (g_stat (db_path, &st), ==, 0);
    printf ("\ndatabase size: %.1f MiB\n", st.st_size / (1024.0 * 1024.0));
  }

  mc_test_remove_tree (tmp);
  return 0;
}
