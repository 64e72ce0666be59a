/* bench-ui.c: how fast the window starts and switches, with 100,000 cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start: bench-ui-start is spawned, as Meldcode and as a bare
 * AdwApplicationWindow, and the time from spawn to the first painted frame
 * is compared (target: Meldcode within 1.3 times the bare window).
 * The store is bench-generate.c's (MC_BENCH_CASES cases, 100,000 by
 * default), and every figure is main-thread CPU time until idle (layout
 * and drawing included), printed as a ratio to its target:
 * - opening another case and changing steps (target: 50 ms until idle
 *   for opening, 16 ms for a step);
 * - the case list: reloading it (a new filter), a search, and jumping to
 *   rows not seen yet (target: 16 ms); GtkListView reads only the rows it
 *   binds (mc_store_list_cases_lazily());
 * - follow-up due (issue 14): switching the list to "Follow-up due" and
 *   back to "Open" (target 16 ms), with the rows that filter shows
 *   checked against the store's own full list.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <time.h>

#include "bench-generate.h"
#include "mc-application.h"
#include "mc-case-page.h"
#include "mc-case-row.h"
#include "mc-unlock-page.h"
#include "mc-window.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE MC_BENCH_PASSPHRASE
/* Rounds of each measure; MC_BENCH_ROUNDS=2 for a run under callgrind. */
static guint rounds = 15;
#define TARGET_MS 16.0
#define OPEN_TARGET_MS 50.0
#define START_TARGET 1.3

/* The items of the filter drop-down, in the order of ListFilter in
 * mc-window.c (and of mc-window-cases.ui), which is private to the window. */
enum
{
  FILTER_OPEN,
  FILTER_NEEDS_ATTENTION,
  FILTER_FOLLOW_UP_DUE,
  FILTER_CLOSED,
  FILTER_DUE_FOR_DESTRUCTION,
  FILTER_ALL,
};

static double
median (GArray *values)
{
  return mc_test_median ((double *) (gpointer) values->data, values->len);
}

/* Milliseconds from spawn to the first frame, median of `rounds`. */
static double
start_time (const char *program,
            const char *argument,
            const char *value)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < rounds; i++)
    {
      const char *argv[] = { program, argument, value, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      gint64 before = g_get_monotonic_time ();
      int status;
      double ms;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      ms = (g_ascii_strtoll (out, NULL, 10) - before) / 1000.0;
      g_assert_cmpfloat (ms, >, 0);
      g_array_append_val (times, ms);
    }

  return median (times);
}

typedef struct
{
  guint  n_all;
  guint  n_open;
  guint  n_overdue;   /* open cases with an open agreement due by today */
  gint64 open_ids[2]; /* two open cases far apart in the list */
} Expected;

/* The generated store, and what its lists must hold, from the store's
 * full (not lazy) list. */
static char *
get_store (guint     n_cases,
           Expected *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) open = NULL;
  g_autoptr(GListModel) due = NULL;
  g_autofree char *dir = NULL;
  double generate_ms;
  char *tmp;

  tmp = mc_bench_get_store (n_cases, &generate_ms);
  dir = g_build_filename (tmp, "store", NULL);
  store = mc_store_open (dir, PASSPHRASE, &error);
  g_assert_no_error (error);
  all = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);
  g_assert_no_error (error);
  open = mc_store_list_cases (store, MC_CASE_FILTER_OPEN, NULL, &error);
  g_assert_no_error (error);
  due = mc_store_list_cases (store, MC_CASE_FILTER_FOLLOW_UP_DUE, NULL, &error);
  g_assert_no_error (error);
  expected->n_all = g_list_model_get_n_items (all);
  expected->n_open = g_list_model_get_n_items (open);
  expected->n_overdue = g_list_model_get_n_items (due);
  g_assert_cmpuint (expected->n_all, ==, n_cases);
  g_assert_cmpuint (expected->n_open, >, 40);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (open, i == 0 ? 17 : expected->n_open - 17);

      expected->open_ids[i] = mc_case_summary_get_id (summary);
    }
  g_assert_true (mc_store_close (store, &error));

  return tmp;
}

/* CPU time of this (the main) thread: the work a switch costs, without the
 * wall-clock time of transitions that only wait for frames. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Runs the main loop until nothing is pending (layout, drawing and any
 * transition included) and returns the main thread's work since @t0. */
static double
timed_ms (gint64 t0)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return (thread_cpu_usec () - t0) / 1000.0;
}

typedef struct
{
  Expected expected;
  double  open_ms;        /* the call itself: load, bind, state */
  double  step_ms;
  double  open_total_ms;  /* with layout and every frame drawn until idle */
  double  step_total_ms;
  double  reload_ms;      /* the case list, with layout and drawing until idle */
  double  scroll_ms;
  guint   rows_shown;
  double  search_ms;          /* a search typed into the list */
  guint   search_rows;
  double  follow_up_ms;       /* "Open" to "Follow-up due", until idle */
  double  follow_up_back_ms;  /* and back to "Open" */
  guint   follow_up_rows;     /* the items the filter lists */
  guint   follow_up_mapped;   /* of which rows are shown (mapped) */
} SwitchResult;

static guint
count_rows (GtkWidget *widget)
{
  guint n = MC_IS_CASE_ROW (widget) && gtk_widget_get_mapped (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

/* Reloads (each filter lists all the cases) and scrolls the list, each
 * time to rows not bound before. */
static void
measure_list (McWindow     *window,
              SwitchResult *result)
{
  g_autoptr(GArray) reloads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scrolls = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *dropdown = mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN);
  GtkWidget *list = mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

  g_assert_nonnull (dropdown);
  g_assert_nonnull (list);
  for (guint i = 0; i < rounds * 2; i++)
    {
      gint64 t0 = thread_cpu_usec ();
      double ms;

      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i % 2 ? FILTER_OPEN : FILTER_ALL);
      ms = timed_ms (t0);
      g_array_append_val (reloads, ms);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))),
                        ==, i % 2 ? result->expected.n_open : result->expected.n_all);
    }

  result->rows_shown = count_rows (list);
  g_assert_cmpuint (result->rows_shown, >, 0);
  for (guint i = 0; i < rounds * 2; i++)
    {
      double page = gtk_adjustment_get_page_size (adjustment);
      gint64 t0 = thread_cpu_usec ();
      double ms;

      gtk_adjustment_set_value (adjustment, page * 5 * (i + 1));
      ms = timed_ms (t0);
      g_array_append_val (scrolls, ms);
    }
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

  result->reload_ms = median (reloads);
  result->scroll_ms = median (scrolls);
}

typedef struct
{
  const char *text;
  gboolean    said;
} SearchWait;

static void
search_said_cb (GtkEditable *entry,
                SearchWait  *wait)
{
  if (g_strcmp0 (gtk_editable_get_text (entry), wait->text) == 0)
    wait->said = TRUE;
}

/* One search typed into the entry, over the search before: the entry says
 * it after its delay (it says the empty text in between at once), and the
 * main thread's work until then and until idle is returned. Not inlined:
 * callgrind counts it alone (--toggle-collect=search_once; HACKING.md,
 * "Measuring on a noisy machine"). */
static G_GNUC_NO_INLINE double
search_once (GtkWidget  *entry,
             SearchWait *wait,
             const char *text)
{
  gint64 t0 = thread_cpu_usec ();

  wait->text = text;
  wait->said = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  while (!wait->said)
    g_main_context_iteration (NULL, TRUE);
  return timed_ms (t0);
}

static void
measure_search (McWindow     *window,
                SwitchResult *result)
{
  g_autoptr(GArray) searches = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *list = mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW);
  GtkWidget *entry = mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  SearchWait wait = { NULL, FALSE };
  gulong handler = g_signal_connect (entry, "search-changed", G_CALLBACK (search_said_cb), &wait);

  for (guint i = 0; i <= rounds; i++)
    {
      double ms = search_once (entry, &wait, i % 2 ? "van leeuw" : "zoë de");

      /* The first starts from the list without a search. */
      if (i > 0)
        g_array_append_val (searches, ms);
    }
  g_signal_handler_disconnect (entry, handler);
  result->search_rows = g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))));
  g_assert_cmpuint (result->search_rows, >, 0);
  result->search_ms = median (searches);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  timed_ms (thread_cpu_usec ());
}

static guint
list_n_items (GtkWidget *list)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))));
}

/* "Open" to "Follow-up due" and back, `rounds` times each, from the top of
 * the list. */
static void
measure_follow_up_due (McWindow     *window,
                       SwitchResult *result)
{
  g_autoptr(GArray) to_due = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) back = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *dropdown = mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN);
  GtkWidget *list = mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), FILTER_OPEN);
  gtk_adjustment_set_value (adjustment, 0);
  timed_ms (thread_cpu_usec ());
  g_assert_cmpuint (list_n_items (list), ==, result->expected.n_open);

  for (guint i = 0; i < rounds; i++)
    {
      gint64 t0 = thread_cpu_usec ();
      double ms;

      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), FILTER_FOLLOW_UP_DUE);
      ms = timed_ms (t0);
      g_array_append_val (to_due, ms);
      /* Correctness, not time: exactly the cases with an overdue open
       * agreement, and the first of them shown. */
      result->follow_up_rows = list_n_items (list);
      g_assert_cmpuint (result->follow_up_rows, ==, result->expected.n_overdue);
      result->follow_up_mapped = count_rows (list);
      g_assert_cmpuint (result->follow_up_mapped, >, 0);
      g_assert_cmpuint (result->follow_up_mapped, <=, result->expected.n_overdue);

      t0 = thread_cpu_usec ();
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), FILTER_OPEN);
      ms = timed_ms (t0);
      g_array_append_val (back, ms);
      g_assert_cmpuint (list_n_items (list), ==, result->expected.n_open);
    }

  result->follow_up_ms = median (to_due);
  result->follow_up_back_ms = median (back);
}

/* Opens case @id, and returns the main thread's work for the switch itself
 * (@switch_ms) and until idle. Not inlined, for callgrind
 * (--toggle-collect=open_once). */
static G_GNUC_NO_INLINE double
open_once (McWindow *window,
           gint64    id,
           double   *switch_ms)
{
  gint64 t0 = thread_cpu_usec ();

  g_assert_true (mc_window_open_case (window, id));
  *switch_ms = (thread_cpu_usec () - t0) / 1000.0;
  return timed_ms (t0);
}

static void
switch_activate_cb (GApplication *app,
                    SwitchResult *result)
{
  McWindow *window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) opens_total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) steps_total = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *unlock = mc_test_find_descendant (GTK_WIDGET (window), MC_TYPE_UNLOCK_PAGE);
  McCasePage *page;
  /* MC_BENCH_ONLY=list, search or open measures that part alone (to
   * profile it); "step" opens one case and changes steps over pages already
   * made (the second showing of a step); start, the start alone (main()). */
  const char *only = g_getenv ("MC_BENCH_ONLY");
  /* Generous: under callgrind the key derivation alone takes a minute. */
  gint64 deadline = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;

  g_signal_emit_by_name (unlock, "unlock", PASSPHRASE, FALSE);
  while (mc_window_get_store (window) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  timed_ms (thread_cpu_usec ());
  /* The cases part of the window is made at the first unlock. */
  page = MC_CASE_PAGE (mc_test_find_descendant (GTK_WIDGET (window), MC_TYPE_CASE_PAGE));
  if (only == NULL || strcmp (only, "list") == 0)
    measure_list (window, result);
  if (only == NULL || strcmp (only, "list") == 0 || strcmp (only, "search") == 0)
    measure_search (window, result);
  if (only == NULL || strcmp (only, "list") == 0)
    measure_follow_up_due (window, result);

  for (guint i = 0; i < rounds * 2 && (only == NULL || strcmp (only, "open") == 0); i++)
    {
      gint64 id = result->expected.open_ids[i % 2];
      double switch_ms;
      double ms = open_once (window, id, &switch_ms);

      g_array_append_val (opens, switch_ms);
      g_array_append_val (opens_total, ms);

      for (guint step = 1; step <= 5; step++)
        {
          gint64 t0 = thread_cpu_usec ();

          mc_case_page_show_step (page, step);
          ms = (thread_cpu_usec () - t0) / 1000.0;
          g_array_append_val (steps, ms);
          ms = timed_ms (t0);
          g_array_append_val (steps_total, ms);
        }
    }

  if (only != NULL && strcmp (only, "step") == 0)
    {
      g_assert_true (mc_window_open_case (window, result->expected.open_ids[0]));
      for (guint step = 1; step <= 5; step++)
        mc_case_page_show_step (page, step);
      timed_ms (thread_cpu_usec ());
      for (guint i = 0; i < rounds * 2; i++)
        {
          gint64 t0 = thread_cpu_usec ();
          double ms;

          mc_case_page_show_step (page, 1 + i % 5);
          ms = (thread_cpu_usec () - t0) / 1000.0;
          g_array_append_val (steps, ms);
          ms = timed_ms (t0);
          g_array_append_val (steps_total, ms);
        }
      result->step_ms = median (steps);
      result->step_total_ms = median (steps_total);
    }

  if (opens->len > 0)
    {
      result->open_ms = median (opens);
      result->step_ms = median (steps);
      result->open_total_ms = median (opens_total);
      result->step_total_ms = median (steps_total);
    }
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

int
main (int argc, char *argv[])
{
  g_autofree char *start = NULL;
  const char *n_text = g_getenv ("MC_BENCH_CASES");
  const char *rounds_text = g_getenv ("MC_BENCH_ROUNDS");
  guint n_cases = n_text != NULL ? (guint) g_ascii_strtoull (n_text, NULL, 10) : 100000;
  double bare, meldcode;

  if (rounds_text != NULL)
    rounds = MAX (1, (guint) g_ascii_strtoull (rounds_text, NULL, 10));
  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (&argc, &argv, NULL);
  start = g_test_build_filename (G_TEST_BUILT, "bench-ui-start", NULL);

  {
    g_autoptr(McApplication) app = mc_application_new ();
    SwitchResult result = { { 0, }, };
    g_autofree char *tmp = get_store (n_cases, &result.expected);
    g_autofree char *dir = g_build_filename (tmp, "store", NULL);

    /* Meldcode's first frame is its unlock page, over the full store.
     * MC_BENCH_SKIP_START=1 leaves it out (to profile the rest). */
    if (g_strcmp0 (g_getenv ("MC_BENCH_SKIP_START"), "1") != 0)
      {
        bare = start_time (start, "--bare", NULL);
        meldcode = start_time (start, "--store", dir);
        g_print ("start to first frame: bare AdwApplicationWindow %.1f ms, Meldcode %.1f ms"
                 " (%.2f times the bare window; target %.1f: %.2f x target)\n",
                 bare, meldcode, meldcode / bare, START_TARGET, meldcode / bare / START_TARGET);
      }

    /* MC_BENCH_ONLY=start measures the start alone (it is noisy: run it
     * several times). */
    if (g_strcmp0 (g_getenv ("MC_BENCH_ONLY"), "start") == 0)
      {
        mc_test_remove_tree (tmp);
        return 0;
      }

    g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
    g_settings_set_string (mc_application_get_settings (app), "last-store-path", dir);
    g_settings_set_int64 (mc_application_get_settings (app), "last-case-id", 0);
    /* A loaded machine takes minutes over this; no input comes meanwhile. */
    g_settings_set_uint (mc_application_get_settings (app), "auto-lock-minutes", 240);
    g_signal_connect_after (app, "activate", G_CALLBACK (switch_activate_cb), &result);
    g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
    mc_test_remove_tree (tmp);

    g_print ("with %u cases (%u open), main-thread CPU time (median of %u):\n"
             "  open another case:  %7.2f ms for the switch, %7.2f ms until idle (%.2f x target %.0f ms)\n"
             "  change step:        %7.2f ms for the switch, %7.2f ms until idle (%.2f x target %.0f ms)\n",
             n_cases, result.expected.n_open, rounds * 2,
             result.open_ms, result.open_total_ms, result.open_total_ms / OPEN_TARGET_MS, OPEN_TARGET_MS,
             result.step_ms, result.step_total_ms, result.step_total_ms / TARGET_MS, TARGET_MS);
    g_print ("the case list (%u rows shown), main-thread CPU time until idle (median):\n"
             "  reload (All <-> Open):   %7.2f ms (%.2f x target %.0f ms)\n"
             "  search (%u found):       %7.2f ms (%.2f x target %.0f ms)\n"
             "  scroll to unseen rows:   %7.2f ms (%.2f x target %.0f ms)\n",
             result.rows_shown, result.reload_ms, result.reload_ms / TARGET_MS, TARGET_MS,
             result.search_rows, result.search_ms, result.search_ms / TARGET_MS, TARGET_MS,
             result.scroll_ms, result.scroll_ms / TARGET_MS, TARGET_MS);
    g_print ("follow-up due: the filter lists %u cases (%u rows shown; expected %u)\n"
             "  Open -> Follow-up due: %7.2f ms (%.2f x target %.0f ms)\n"
             "  Follow-up due -> Open: %7.2f ms (%.2f x target %.0f ms)\n",
             result.follow_up_rows, result.follow_up_mapped, result.expected.n_overdue,
             result.follow_up_ms, result.follow_up_ms / TARGET_MS, TARGET_MS,
             result.follow_up_back_ms, result.follow_up_back_ms / TARGET_MS, TARGET_MS);
  }

  return 0;
}
