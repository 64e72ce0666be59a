/* test-cli-list.c: "meldcode-cli list" prints what it printed before
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * list reads the rows without objects (mc_store_read_case_list()), formats
 * times with McDateFormatter and prints its table in two passes. Here the
 * real command (MC_CLI) runs on a generated store of a few hundred cases
 * (bench-generate.c), some given names an older store may hold (controls,
 * tabs, line ends, a bidi override, combining accents, backslashes), and
 * its output, text and TSV, for every --status and a search, in two time
 * zones, is compared byte for byte with the output the code before made:
 * that code is kept below as the reference, built on
 * mc_store_list_cases() and a McCaseSummary per case. And the rows list
 * reads are held against those summaries for every filter of the store.
 */

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "bench-generate.h"
#include "mc-case-rows.h"
#include "mc-dates.h"
#include "mc-due.h"
#include "mc-store.h"
#include "mc-store-private.h"
#include "mc-test-case-rows.h"
#include "mc-test-util.h"
#include "mc-text.h"

#define N_CASES 300

/* The reference: the list code as it was (src/cli/mc-cli-commands.c before
 * the list had its own file), writing to a GString. */

static void
ref_print (GString    *out,
           const char *text)
{
  g_autofree char *clean = mc_text_sanitize (text, MC_TEXT_KIND_TEXT);

  g_string_append (out, clean);
}

static void
ref_append_tsv (GString    *line,
                const char *value)
{
  for (const char *p = value != NULL ? value : ""; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (line, "\\\\");
          break;
        case '\t':
          g_string_append (line, "\\t");
          break;
        case '\n':
          g_string_append (line, "\\n");
          break;
        case '\r':
          g_string_append (line, "\\r");
          break;
        default:
          g_string_append_c (line, *p);
          break;
        }
    }
}

static void
ref_print_row (GString            *out,
               const char * const *cells,
               const guint        *lengths,
               const guint        *widths,
               guint               n_columns)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint c = 0; c < n_columns; c++)
    {
      g_string_append (line, cells[c]);
      if (c + 1 < n_columns)
        for (glong pad = (glong) widths[c] - lengths[c] + 2; pad > 0; pad--)
          g_string_append_c (line, ' ');
    }
  while (line->len > 0 && line->str[line->len - 1] == ' ')
    g_string_truncate (line, line->len - 1);
  g_string_append_c (line, '\n');
  g_string_append (out, line->str);
}

static void
ref_print_table (GString            *out,
                 const char * const *header,
                 GPtrArray          *rows)
{
  guint n_columns = g_strv_length ((char **) header);
  g_autofree guint *widths = g_new0 (guint, n_columns);
  g_autofree guint *lengths = g_new (guint, (gsize) n_columns * (rows->len + 1));
  g_auto(GStrv) clean_header = g_new0 (char *, n_columns + 1);

  for (guint c = 0; c < n_columns; c++)
    {
      clean_header[c] = mc_text_sanitize (header[c], MC_TEXT_KIND_LINE);
      lengths[c] = g_utf8_strlen (clean_header[c], -1);
      widths[c] = lengths[c];
    }
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      guint *row_lengths = &lengths[(gsize) n_columns * (i + 1)];

      for (guint c = 0; c < n_columns; c++)
        {
          char *clean = mc_text_sanitize (row[c], MC_TEXT_KIND_LINE);

          g_free (row[c]);
          row[c] = clean;
          row_lengths[c] = g_utf8_strlen (clean, -1);
          widths[c] = MAX (widths[c], row_lengths[c]);
        }
    }

  ref_print_row (out, (const char * const *) clean_header, lengths, widths, n_columns);
  for (guint i = 0; i < rows->len; i++)
    ref_print_row (out, (const char * const *) g_ptr_array_index (rows, i),
                   &lengths[(gsize) n_columns * (i + 1)], widths, n_columns);
}

static char *
ref_format_timestamp (const char *timestamp,
                      GTimeZone  *zone)
{
  g_autoptr(GDateTime) parsed = timestamp != NULL ? g_date_time_new_from_iso8601 (timestamp, zone) : NULL;

  if (parsed == NULL)
    return g_strdup (timestamp != NULL ? timestamp : "");
  return mc_format_date_time_in (parsed, zone);
}

static char *
ref_format_due (const char *due_on,
                const char *today)
{
  g_autofree char *date = NULL;
  GDate due;

  g_date_clear (&due, 1);
  if (!mc_date_from_iso8601 (due_on, &due))
    return g_strdup (due_on);
  date = mc_format_date (&due);
  if (strcmp (due_on, today) >= 0)
    return g_steal_pointer (&date);
  return g_strdup_printf ("%s, overdue", date);
}

/* The standard output of "list --status @status [--search @search]
 * [--format tsv]" as the code before made it ("No cases match." went to
 * stderr). */
static char *
reference_list (McStore    *store,
                const char *status,
                const char *search,
                gboolean    tsv)
{
  const char *header[] = { "ID", "Number", "Client", "Status", "Step", "Last change", "Outcome",
                           "Next due", NULL };
  McCaseFilter filter = strcmp (status, "closed") == 0 ? MC_CASE_FILTER_CLOSED
                        : strcmp (status, "all") == 0 ? MC_CASE_FILTER_ALL : MC_CASE_FILTER_OPEN;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cases = mc_store_list_cases (store, filter, search, &error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  GString *out = g_string_new (NULL);
  g_autofree char *today = NULL;
  GDate today_date;

  g_assert_no_error (error);
  mc_due_get_today (&today_date);
  today = mc_date_to_iso8601 (&today_date);
  if (tsv)
    ref_print (out, "id\tnumber\tclient\tstatus\tstep\tupdated\toutcome\tclosed\tclose_reason\tnext_due\n");

  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, i);
      const char *next_due = mc_case_summary_get_next_due (summary);
      const char *outcome = mc_case_summary_get_outcome (summary);
      guint step = mc_case_summary_get_step (summary);
      gboolean closed = g_strcmp0 (mc_case_summary_get_status (summary), "closed") == 0;

      if (strcmp (status, "attention") == 0 && !mc_case_summary_get_needs_attention (summary))
        continue;
      if (strcmp (status, "due") == 0 && (next_due == NULL || strcmp (next_due, today) > 0))
        continue;

      if (tsv)
        {
          g_autoptr(GString) line = g_string_new (NULL);

          g_string_append_printf (line, "%" G_GINT64_FORMAT "\t", mc_case_summary_get_id (summary));
          ref_append_tsv (line, mc_case_summary_get_number (summary));
          g_string_append_c (line, '\t');
          ref_append_tsv (line, mc_case_summary_get_client_name (summary));
          g_string_append_c (line, '\t');
          ref_append_tsv (line, mc_case_summary_get_status (summary));
          g_string_append_printf (line, "\t%u\t", step);
          ref_append_tsv (line, mc_case_summary_get_updated_at (summary));
          g_string_append_c (line, '\t');
          ref_append_tsv (line, mc_case_summary_get_outcome_code (summary));
          g_string_append_c (line, '\t');
          ref_append_tsv (line, closed ? mc_case_summary_get_closed_at (summary) : NULL);
          g_string_append_c (line, '\t');
          ref_append_tsv (line, closed ? mc_case_summary_get_close_reason (summary) : NULL);
          g_string_append_c (line, '\t');
          ref_append_tsv (line, next_due);
          g_string_append_c (line, '\n');
          ref_print (out, line->str);
        }
      else
        {
          char **row = g_new0 (char *, G_N_ELEMENTS (header));

          row[0] = g_strdup_printf ("%" G_GINT64_FORMAT, mc_case_summary_get_id (summary));
          row[1] = g_strdup (mc_case_summary_get_number (summary));
          row[2] = g_strdup (mc_case_summary_get_client_name (summary));
          row[3] = g_strdup (closed ? "closed" : "open");
          row[4] = mc_case_summary_get_needs_attention (summary) ? g_strdup_printf ("%u, needs attention", step)
                                                                 : g_strdup_printf ("%u", step);
          row[5] = ref_format_timestamp (mc_case_summary_get_updated_at (summary), zone);
          row[6] = g_strdup (outcome != NULL ? outcome : "–");
          row[7] = next_due != NULL ? ref_format_due (next_due, today) : g_strdup ("–");
          g_ptr_array_add (rows, row);
        }
    }

  if (!tsv && rows->len > 0)
    ref_print_table (out, header, rows);
  return g_string_free (out, FALSE);
}

/* The real command's standard output; its exit status must be 0. */
static char *
run_list (const char *dir,
          const char *status,
          const char *search,
          gboolean    tsv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("MC_CLI"));
  g_ptr_array_add (argv, (char *) "--store");
  g_ptr_array_add (argv, (char *) dir);
  g_ptr_array_add (argv, (char *) "list");
  g_ptr_array_add (argv, (char *) "--status");
  g_ptr_array_add (argv, (char *) status);
  if (search != NULL)
    {
      g_ptr_array_add (argv, (char *) "--search");
      g_ptr_array_add (argv, (char *) search);
    }
  if (tsv)
    {
      g_ptr_array_add (argv, (char *) "--format");
      g_ptr_array_add (argv, (char *) "tsv");
    }
  g_ptr_array_add (argv, NULL);

  /* The labels the reference uses: English. */
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (child, MC_BENCH_PASSPHRASE "\n", NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  if (g_subprocess_get_exit_status (child) != 0)
    g_error ("list failed: %s", err);
  return g_steal_pointer (&out);
}

/* Names as an older store, or another program, may have left them: the
 * list's output border must clean them as before. */
static void
add_odd_names (McStore *store)
{
  const char * const names[] = {
    "Zoë\u202e evil", "Tab\tin\tname", "Line\nend", "Carriage\r\nreturn", "Esc\x1b[31mred",
    "e\xcc\x81 combining", "Back\\slash", "  spaces  ", "Ĳsbrand van ’t Hof", "\xc2\x85next line",
  };
  sqlite3 *db = mc_store_get_connection (store);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE cases SET client_name = ?1, number = ?2"
                                       " WHERE id = (SELECT id FROM cases ORDER BY id LIMIT 1 OFFSET ?3)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *number = g_strdup_printf ("N\\%u\t%s", i, i % 2 ? "ü" : "x");

      sqlite3_bind_text (stmt, 1, names[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 3, (int) (i * 29));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
}

/* The rows list reads are the summaries mc_store_list_cases() makes, in
 * its order, for every filter and a few searches. */
static void
assert_rows_as_summaries (McStore *store)
{
  const McCaseFilter filters[] = {
    MC_CASE_FILTER_ALL, MC_CASE_FILTER_OPEN, MC_CASE_FILTER_CLOSED, MC_CASE_FILTER_FOLLOW_UP_DUE,
    MC_CASE_FILTER_NEEDS_ATTENTION, MC_CASE_FILTER_DUE_FOR_DESTRUCTION,
  };
  const char * const searches[] = { NULL, "de", "zoë", "2026-0", "nothing-like-this" };

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    for (guint q = 0; q < G_N_ELEMENTS (searches); q++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GListModel) cases = mc_store_list_cases (store, filters[f], searches[q], &error);
        g_autoptr(McCaseRows) rows = NULL;
        guint n;

        g_assert_no_error (error);
        rows = mc_store_read_case_list (store, filters[f], searches[q],
                                        q % 2 ? MC_CASE_ROWS_READ_ONCE : MC_CASE_ROWS_NONE, &error);
        g_assert_no_error (error);
        n = g_list_model_get_n_items (cases);
        g_assert_cmpuint (mc_case_rows_get_n_rows (rows), ==, n);
        if (filters[f] == MC_CASE_FILTER_ALL && searches[q] == NULL)
          g_assert_cmpuint (n, ==, N_CASES);
        for (guint i = 0; i < n; i++)
          {
            g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, i);
            const McCaseSummaryFields *row = mc_case_rows_get_row (rows, i);

            mc_test_assert_row_is_summary (row, summary);
          }
      }
}

/* Many cases share their last change to the minute and to the second:
 * the order then goes by the text after those, then by id. */
static void
share_last_changes (McStore *store)
{
  sqlite3 *db = mc_store_get_connection (store);

  g_assert_cmpint (sqlite3_exec (db, "UPDATE cases SET updated_at = '2026-05-04T10:11:12Z' WHERE id % 7 = 0;"
                                     "UPDATE cases SET updated_at = '2026-05-04T10:11:59Z' WHERE id % 7 = 1;"
                                     "UPDATE cases SET updated_at = '2026-05-04T10:11:12.5Z' WHERE id % 11 = 0;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

typedef struct
{
  const char *tz;
  const char *status;
  const char *search;
  gboolean    tsv;
  char       *expected;
} ListRun;

static void
test_same_as_before (void)
{
  /* Every status and format in UTC, a search, and two lists where the
   * zone is half an hour off the hours. */
  ListRun runs[] = {
    { "UTC", "all", NULL, FALSE }, { "UTC", "all", NULL, TRUE },
    { "UTC", "open", NULL, FALSE }, { "UTC", "open", NULL, TRUE },
    { "UTC", "closed", NULL, FALSE }, { "UTC", "closed", NULL, TRUE },
    { "UTC", "attention", NULL, FALSE }, { "UTC", "attention", NULL, TRUE },
    { "UTC", "due", NULL, FALSE }, { "UTC", "due", NULL, TRUE },
    { "UTC", "all", "de", FALSE }, { "UTC", "open", "de", TRUE },
    { "America/St_Johns", "all", NULL, FALSE }, { "America/St_Johns", "due", NULL, FALSE },
  };
  g_autofree char *cache = g_dir_make_tmp ("meldcode-test-cli-list-XXXXXX", NULL);
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  McStore *store;
  double generate_ms;

  g_assert_nonnull (g_getenv ("MC_CLI"));
  g_setenv ("MC_BENCH_CACHE_DIR", cache, TRUE);
  tmp = mc_bench_get_store (N_CASES, &generate_ms);
  dir = g_build_filename (tmp, "store", NULL);

  /* What the code before printed, with the store open once. */
  store = mc_store_open (dir, MC_BENCH_PASSPHRASE, &error);
  g_assert_no_error (error);
  add_odd_names (store);
  share_last_changes (store);
  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  mc_store_set_protocol (store, protocol);
  assert_rows_as_summaries (store);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_setenv ("TZ", runs[i].tz, TRUE);
      runs[i].expected = reference_list (store, runs[i].status, runs[i].search, runs[i].tsv);
    }
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  g_object_unref (store);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *got = NULL;

      g_setenv ("TZ", runs[i].tz, TRUE);
      got = run_list (dir, runs[i].status, runs[i].search, runs[i].tsv);
      g_test_message ("%s, --status %s%s%s%s: %zu bytes", runs[i].tz, runs[i].status,
                      runs[i].search != NULL ? " --search " : "", runs[i].search != NULL ? runs[i].search : "",
                      runs[i].tsv ? " --format tsv" : "", strlen (got));
      g_assert_cmpstr (got, ==, runs[i].expected);
      /* All the cases were there to compare. */
      if (strcmp (runs[i].status, "all") == 0 && runs[i].search == NULL)
        g_assert_cmpuint (strlen (got), >, 60 * N_CASES);
      g_free (runs[i].expected);
    }
  g_unsetenv ("TZ");

  mc_test_remove_tree (tmp);
  mc_test_remove_tree (cache);
}

/* The rows of @rows, each as one line of text, to compare two lists. */
static char *
rows_text (McCaseRows *rows)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < mc_case_rows_get_n_rows (rows); i++)
    {
      const McCaseSummaryFields *row = mc_case_rows_get_row (rows, i);

      g_string_append_printf (out, "%" G_GINT64_FORMAT "|%s|%s|%s|%s|%s|%d|%s|%s|%u|%d|%s|%s|%s\n",
                              row->id, row->number, row->client_name,
                              row->client_number != NULL ? row->client_number : "(null)", row->status,
                              row->updated_at, row->follow_up_due,
                              row->outcome != NULL ? row->outcome : "(null)",
                              row->outcome_code != NULL ? row->outcome_code : "(null)", row->step,
                              row->needs_attention, row->next_due != NULL ? row->next_due : "(null)",
                              row->closed_at != NULL ? row->closed_at : "(null)",
                              row->close_reason != NULL ? row->close_reason : "(null)");
    }
  return g_string_free (out, FALSE);
}

/* The list reads its index (schema 10) only when every stored state is
 * current; with states not current that cannot be stored now (another
 * program holds the write lock), it reads the table and works them out,
 * and the list is the same as once they are stored. */
static void
test_states_not_current (void)
{
  const McCaseFilter filters[] = { MC_CASE_FILTER_ALL, MC_CASE_FILTER_OPEN, MC_CASE_FILTER_CLOSED };
  g_autofree char *cache = g_dir_make_tmp ("meldcode-test-cli-list-XXXXXX", NULL);
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McStore) other = NULL;
  g_autofree char *today = NULL;
  g_autofree char *stale_sql = NULL;
  GDate today_date;
  double generate_ms;

  g_setenv ("MC_BENCH_CACHE_DIR", cache, TRUE);
  tmp = mc_bench_get_store (N_CASES, &generate_ms);
  dir = g_build_filename (tmp, "store", NULL);
  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  store = mc_store_open (dir, MC_BENCH_PASSPHRASE, &error);
  g_assert_no_error (error);
  mc_store_set_protocol (store, protocol);
  other = mc_store_open (dir, MC_BENCH_PASSPHRASE, &error);
  g_assert_no_error (error);
  sqlite3_busy_timeout (mc_store_get_connection (store), 0);

  mc_due_get_today (&today_date);
  today = mc_date_to_iso8601 (&today_date);
  /* Not current three ways: no key, another protocol's key, a state that
   * held until today. Written behind the store's back, as another
   * program's write is; the stored values stay (wrong on purpose for the
   * second kind: it must not be read). */
  stale_sql = g_strdup_printf ("UPDATE cases SET state_key = NULL WHERE id %% 5 = 0;"
                               "UPDATE cases SET state_key = '0:other', state_step = 1, state_attention = 1"
                               " WHERE id %% 5 = 1;"
                               "UPDATE cases SET state_until = '%s' WHERE id %% 5 = 2;", today);

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autoptr(McCaseRows) stale = NULL;
      g_autoptr(McCaseRows) stored = NULL;
      g_autofree char *stale_text = NULL;
      g_autofree char *stored_text = NULL;

      g_assert_cmpint (sqlite3_exec (mc_store_get_connection (store), stale_sql, NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (mc_store_get_connection (other), "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
      stale = mc_store_read_case_list (store, filters[f], NULL, MC_CASE_ROWS_READ_ONCE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_exec (mc_store_get_connection (other), "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
      /* Now stored, and read from the index. */
      stored = mc_store_read_case_list (store, filters[f], NULL, MC_CASE_ROWS_READ_ONCE, &error);
      g_assert_no_error (error);

      stale_text = rows_text (stale);
      stored_text = rows_text (stored);
      if (filters[f] == MC_CASE_FILTER_ALL)
        g_assert_cmpuint (mc_case_rows_get_n_rows (stored), ==, N_CASES);
      g_assert_cmpuint (mc_case_rows_get_n_rows (stored), >, 0);
      g_assert_cmpstr (stale_text, ==, stored_text);
    }

  g_assert_true (mc_store_close (other, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  mc_test_remove_tree (tmp);
  mc_test_remove_tree (cache);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-list/same-as-before", test_same_as_before);
  g_test_add_func ("/cli-list/states-not-current", test_states_not_current);

  return g_test_run ();
}
