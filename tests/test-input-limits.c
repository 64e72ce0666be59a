/* test-input-limits.c: the limits of mc-limits.h as a contract, text
 * sanitised at the border (mc-text.h), truthful store errors for input and
 * a full disk, and a PDF layout that stays bounded (issue 18)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <signal.h>

#include "mc-limits.h"
#include "mc-report-builder.h"
#include "mc-report-renderer.h"
#include "mc-report-xml.h"
#include "mc-store.h"
#include "mc-store-private.h"
#include "mc-test-util.h"
#include "mc-text.h"
#include "report-sample.h"

#define PASSPHRASE "Correct-Horse-Battery-42"

/* The characters that cost most in XML: "&" becomes "&amp;". */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_FACTOR 4
#else
#define SANITIZER_FACTOR 1
#endif

static char *
costly (guint n)
{
  return g_strnfill (n, '&');
}

/* Sanitising */

static void
test_sanitize_rules (void)
{
  struct {
    const char *in;
    McTextKind  kind;
    const char *out;
  } cases[] = {
    /* noncharacters */
    { "a\xef\xb7\x90" "b\xf4\x8f\xbf\xbf" "c\xef\xbf\xbe", MC_TEXT_KIND_NAME, "abc" },
    /* bidi embeddings, overrides and isolates go; the marks stay */
    { "\xe2\x80\xae" "RTLF006gpj.exe", MC_TEXT_KIND_NAME, "RTLF006gpj.exe" },
    { "a\xe2\x80\xaa" "b\xe2\x81\xa6" "c\xe2\x81\xa9" "d\xe2\x80\x8f", MC_TEXT_KIND_TEXT,
      "abcd\xe2\x80\x8f" },
    /* C0 (a terminal escape), DEL and C1 controls */
    { "\x1b[31mred\x7f\xc2\x9b", MC_TEXT_KIND_TEXT, "[31mred" },
    /* line ends: one kind in free text, spaces in a one-line field */
    { "one\r\ntwo\rthree\xe2\x80\xa8" "four\tfive", MC_TEXT_KIND_TEXT, "one\ntwo\nthree\nfour\tfive" },
    { "role\nFake line\tx", MC_TEXT_KIND_NAME, "role Fake line x" },
    { "line\r\nend", MC_TEXT_KIND_LINE, "line end" },
    /* NFC and repaired UTF-8 */
    { "e\xcc\x81 \xff", MC_TEXT_KIND_TEXT, "\xc3\xa9 \xef\xbf\xbd" },
    { "plain", MC_TEXT_KIND_NAME, "plain" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = mc_text_sanitize (cases[i].in, cases[i].kind);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_true (mc_text_is_clean (out, cases[i].kind));
    }
  g_assert_false (mc_text_is_clean ("a\xe2\x80\xae" "b", MC_TEXT_KIND_TEXT));
  g_assert_null (mc_text_sanitize (NULL, MC_TEXT_KIND_TEXT));
}

/* Reports at and over the limits */

/* Every count at its limit, fields at their own limits, and text up to
 * the report's limit, all in the costliest character. */
static McReport *
report_at_limits (void)
{
  McReport *report = report_sample_full ();
  g_autofree char *name = costly (MC_LIMIT_NAME_CHARS);
  g_autofree char *line = costly (MC_LIMIT_LINE_CHARS);
  g_autofree char *text = costly (MC_LIMIT_TEXT_CHARS);
  McReportRound *round = mc_report_get_current_round (report);
  guint n_texts;

  mc_report_set_client (report, name, name, NULL, 15);
  mc_report_set_author (report, line, name, name);
  while (report->people->len < MC_LIMIT_PEOPLE)
    mc_report_add_person (report, "&", "&", "&", NULL, MC_REPORT_AGE_UNKNOWN, "&");
  /* What is left of the report's text after the short fields (about
   * 40,000 characters), in free texts at their limit. */
  n_texts = (MC_LIMIT_REPORT_CHARS - 50000) / MC_LIMIT_TEXT_CHARS;
  for (guint i = 0; report->signals->len < MC_LIMIT_SIGNALS; i++)
    mc_report_add_signal (report, "2026-10-02", "&", "&", MC_REPORT_NATURE_FACT, "&", "&",
                          i < n_texts ? text : "&", MC_REPORT_SIGNAL_STATUS_NONE, NULL);
  while (report->kindcheck->len < MC_LIMIT_CHECKS)
    mc_report_add_check (report, "c", "&", "&");
  while (report->consultations->len < MC_LIMIT_CONSULTATIONS)
    mc_report_add_consultation (report, NULL, "r", "&", "&", FALSE, "&");
  while (report->conversations->len < MC_LIMIT_CONVERSATIONS)
    mc_report_add_conversation_held (report, 0, NULL, "&", "&", "&");
  while (report->agreements->len < MC_LIMIT_AGREEMENTS)
    mc_report_add_agreement (report, "&", NULL, MC_REPORT_AGREEMENT_OPEN, "&", "&", "&", NULL);
  while (round->questions->len < MC_LIMIT_QUESTIONS)
    mc_report_round_add_question (round, "q", "&", MC_REPORT_ANSWER_YES, "&", FALSE, 0);
  while (round->norms->len < MC_LIMIT_NORMS)
    mc_report_round_add_norm (round, "n", "&", "&");
  while (report->rounds->len < MC_LIMIT_ROUNDS)
    {
      round = mc_report_add_round (report, MC_REPORT_ROUND_REWEIGH);
      while (round->questions->len < MC_LIMIT_QUESTIONS)
        mc_report_round_add_question (round, "q", "&", MC_REPORT_ANSWER_YES, "&", FALSE, 0);
      while (round->norms->len < MC_LIMIT_NORMS)
        mc_report_round_add_norm (round, "n", "&", "&");
    }
  return report;
}

static void
test_export_at_limits_imports (void)
{
  g_autoptr(McReport) report = report_at_limits ();
  g_autoptr(McReport) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_report_check_limits (report, &error));
  g_assert_no_error (error);
  bytes = mc_report_to_xml (report, &error);
  g_assert_no_error (error);
  g_test_message ("A report at every limit: %" G_GSIZE_FORMAT " bytes of XML (import takes %d)",
                  g_bytes_get_size (bytes), MC_REPORT_XML_MAX_SIZE);
  g_assert_cmpuint (g_bytes_get_size (bytes), <=, MC_REPORT_XML_MAX_SIZE);

  read = mc_report_read_xml_bytes (bytes, "limits.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->signals->len, ==, MC_LIMIT_SIGNALS);
  g_assert_cmpuint (read->rounds->len, ==, MC_LIMIT_ROUNDS);
  g_assert_cmpint (g_utf8_strlen (read->client.name, -1), ==, MC_LIMIT_NAME_CHARS);
}

/* Anonymising puts roles where names were, so text at its limit grows:
 * the copy is held to MC_LIMIT_ANONYMISED_FACTOR times the limits, and
 * still imports. */
static void
test_anonymised_at_limit_imports (void)
{
  g_autoptr(McReport) report = report_sample_hostile ();
  g_autoptr(McReport) anonymous = mc_report_anonymize (report);
  g_autoptr(McReport) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const McReportSignal *signal = g_ptr_array_index (anonymous->signals, 1);

  g_assert_cmpint (g_utf8_strlen (signal->description, -1), >, MC_LIMIT_TEXT_CHARS);
  bytes = mc_report_to_xml (anonymous, &error);
  g_assert_no_error (error);
  read = mc_report_read_xml_bytes (bytes, "anonymous.xml", &error);
  g_assert_no_error (error);
  g_assert_true (read->anonymous);
}

static void
test_export_over_limit_refused (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autofree char *name = costly (MC_LIMIT_NAME_CHARS + 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  mc_report_set_client (report, name, NULL, NULL, 15);
  bytes = mc_report_to_xml (report, &error);
  g_assert_null (bytes);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "client/name"));
}

/* The XML of report_sample_full() with the client's name replaced. */
static GBytes *
xml_with_name (const char *name,
               gboolean    version_1)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  g_autoptr(GString) text = NULL;

  bytes = mc_report_to_xml (report, &error);
  g_assert_no_error (error);
  text = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpuint (g_string_replace (text, "<name>Sem Jansen</name>", "<name>@@NAME@@</name>", 1), ==, 1);
  g_string_replace (text, "@@NAME@@", escaped, 1);
  if (version_1)
    {
      /* Good enough for the one field looked at: version 1 has no limits,
       * so the reader's own check must refuse it. */
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "report", "valid-v1.xml", NULL);
      g_autofree char *v1 = NULL;
      g_autoptr(GString) v1_text = NULL;

      g_assert_true (g_file_get_contents (path, &v1, NULL, NULL));
      v1_text = g_string_new (v1);
      g_assert_cmpuint (g_string_replace (v1_text, "<name>Sem Jansen</name>", "<name>@@NAME@@</name>", 1), ==, 1);
      g_string_replace (v1_text, "@@NAME@@", escaped, 1);
      return g_string_free_to_bytes (g_steal_pointer (&v1_text));
    }
  return g_string_free_to_bytes (g_steal_pointer (&text));
}

static void
test_import_over_limit_refused (void)
{
  for (guint version = 1; version <= 2; version++)
    {
      g_autofree char *name = g_strnfill (MC_LIMIT_NAME_CHARS + 1, 'x');
      g_autoptr(GBytes) bytes = xml_with_name (name, version == 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(McReport) report = mc_report_read_xml_bytes (bytes, "long.xml", &error);

      g_test_message ("version %u: %s", version, error != NULL ? error->message : "(read)");
      g_assert_null (report);
      g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "long.xml"));
      g_assert_nonnull (strstr (error->message, "client/name"));
      g_assert_nonnull (strstr (error->message, "200"));
    }

  /* Past the schema's own facet (twice the limit, for anonymised copies):
   * the schema refuses it, and the message still says the limit. */
  {
    g_autofree char *name = g_strnfill (MC_LIMIT_NAME_CHARS * MC_LIMIT_ANONYMISED_FACTOR + 1, 'x');
    g_autoptr(GBytes) bytes = xml_with_name (name, FALSE);
    g_autoptr(GError) error = NULL;
    g_autoptr(McReport) report = mc_report_read_xml_bytes (bytes, "facet.xml", &error);

    g_test_message ("facet: %s", error != NULL ? error->message : "(read)");
    g_assert_null (report);
    g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE);
    g_assert_nonnull (strstr (error->message, "client/name"));
    g_assert_nonnull (strstr (error->message, "line"));
    g_assert_nonnull (strstr (error->message, "at most 200"));
  }

  /* At the limit, it imports. */
  {
    g_autofree char *name = g_strnfill (MC_LIMIT_NAME_CHARS, 'x');
    g_autoptr(GBytes) bytes = xml_with_name (name, FALSE);
    g_autoptr(GError) error = NULL;
    g_autoptr(McReport) report = mc_report_read_xml_bytes (bytes, "limit.xml", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (report->client.name, ==, name);
  }
}

/* libxml2 refuses a text node over 10,000,000 bytes; its generic handler
 * printed an excerpt of the file to stderr. */
static void
test_huge_text_node_quiet (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GString) name = g_string_new (NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(McReport) report = NULL;

      g_string_append (name, "CLIENT-MARKER-7731 ");
      while (name->len < 10500000)
        g_string_append (name, "Sem & Jansen CLIENT-MARKER-7731 ");
      bytes = xml_with_name (name->str, FALSE);
      g_assert_cmpuint (g_bytes_get_size (bytes), <, MC_REPORT_XML_MAX_SIZE);
      report = mc_report_read_xml_bytes (bytes, "huge.xml", &error);
      g_assert_null (report);
      g_test_message ("%s", error->message);
      /* libxml2 refuses the text node (not XML); should it take it, the
       * limits refuse the name. */
      g_assert_true (g_error_matches (error, MC_REPORT_ERROR, MC_REPORT_ERROR_NOT_XML)
                     || g_error_matches (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE));
      g_assert_null (strstr (error->message, "MARKER"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*MARKER*");
  g_test_trap_assert_stdout_unmatched ("*MARKER*");
}

/* The store */

typedef struct
{
  char    *tmp;
  char    *dir;
  McStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;

  fixture->tmp = g_dir_make_tmp ("meldcode-limits-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->dir = g_build_filename (fixture->tmp, "store", NULL);
  fixture->store = mc_store_create (fixture->dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  mc_store_set_actor (fixture->store, "Eva de Wit", "Begeleider", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    {
      mc_store_close (fixture->store, NULL);
      g_clear_object (&fixture->store);
    }
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
  g_free (fixture->dir);
}

static McCase *
insert_case (Fixture    *fixture,
             const char *client_name)
{
  g_autoptr(GError) error = NULL;
  McCase *kase = mc_case_new ();

  mc_record_set_string (MC_RECORD (kase), "client-name", client_name);
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  return kase;
}

static void
test_store_refuses_long_fields (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *name = g_strnfill (MC_LIMIT_NAME_CHARS, 'n');
  g_autofree char *long_name = g_strnfill (MC_LIMIT_NAME_CHARS + 1, 'n');
  g_autofree char *text = g_strnfill (MC_LIMIT_TEXT_CHARS, 't');
  g_autofree char *long_text = g_strnfill (MC_LIMIT_TEXT_CHARS + 1, 't');
  g_autoptr(McCase) kase = insert_case (fixture, name);
  g_autoptr(McCase) refused = mc_case_new ();
  g_autoptr(McRecord) weighing = g_object_new (MC_TYPE_WEIGHING, NULL);
  g_autoptr(GError) error = NULL;

  mc_record_set_string (MC_RECORD (refused), "client-name", long_name);
  g_assert_false (mc_store_insert (fixture->store, MC_RECORD (refused), &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "client-name"));
  g_clear_error (&error);

  mc_record_set_case_id (weighing, mc_record_get_id (MC_RECORD (kase)));
  mc_record_set_string (weighing, "notes", text);
  g_assert_true (mc_store_insert (fixture->store, weighing, &error));
  g_assert_no_error (error);
  mc_record_set_string (weighing, "notes", long_text);
  g_assert_false (mc_store_update_field (fixture->store, weighing, "notes", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LONG);
}

static void
test_setters_sanitize (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case (fixture, "\xe2\x80\xae" "RTLF006gpj.exe\xef\xb7\x90");
  g_autoptr(McRecord) person = g_object_new (MC_TYPE_PERSON, NULL);
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (mc_record_get_string (MC_RECORD (kase), "client-name"), ==, "RTLF006gpj.exe");
  mc_record_set_string (person, "role", "parent\nFake: line");
  g_assert_cmpstr (mc_record_get_string (person, "role"), ==, "parent Fake: line");
  mc_record_set_string (person, "notes", "one\r\ntwo\x1b[2J");
  g_assert_cmpstr (mc_record_get_string (person, "notes"), ==, "one\ntwo[2J");
}

/* A store written before sanitising existed may hold anything: it still
 * loads, clean, and its PDF prints. */
static void
test_old_text_still_prints (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case (fixture, "Sem Jansen");
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McReport) report = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  sqlite3 *db = mc_store_get_connection (fixture->store);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE cases SET client_name = ?1 WHERE id = ?2", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, "Sem \xef\xb7\x90\xf4\x8f\xbf\xbf\xe2\x80\xae" "Jansen\x1b", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, mc_record_get_id (MC_RECORD (kase)));
  /* The audit triggers may refuse a raw change; then the test says so. */
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      g_test_skip ("the store refuses a raw change of the client's name");
      return;
    }
  sqlite3_finalize (stmt);

  loaded = mc_store_load_case (fixture->store, mc_record_get_id (MC_RECORD (kase)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "client-name"), ==, "Sem Jansen");

  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  report = mc_report_new_from_case (loaded, protocol, "Eva de Wit", NULL, now, &error);
  g_assert_no_error (error);
  pdf = mc_report_render_pdf (report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
}

static void
test_long_search_is_not_damage (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *search = g_strnfill (60000, 'a');
  g_autoptr(McCase) kase = insert_case (fixture, "Sem Jansen");
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GError) error = NULL;

  cases = mc_store_list_cases (fixture->store, MC_CASE_FILTER_ALL, search, &error);
  g_assert_null (cases);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LONG);
}

/* A full disk while the backup exports is I/O (exit 6), not damage. The
 * disk is made full with RLIMIT_FSIZE in a child, which needs no root. */
static void
test_backup_disk_full_is_io (Fixture       *fixture,
                             gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *backup = g_build_filename (fixture->tmp, "backup.mcbackup", NULL);
      struct rlimit limit = { 2048, 2048 };

      for (guint i = 0; i < 20; i++)
        {
          g_autoptr(McCase) kase = insert_case (fixture, "Sem Jansen");
        }
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (mc_store_backup (fixture->store, backup, &error));
      g_test_message ("%s", error->message);
      g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Bounded layout */

static void
test_pdf_bounded (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(McReport) report = report_sample_bounded ();
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(GError) error = NULL;
      struct rusage before;
      struct rusage usage;
      double seconds;

      /* Processor time, not wall time: the test machine is shared. */
      getrusage (RUSAGE_SELF, &before);
      pdf = mc_report_render_pdf (report, &error);
      g_assert_no_error (error);
      getrusage (RUSAGE_SELF, &usage);
      seconds = (usage.ru_utime.tv_sec - before.ru_utime.tv_sec)
                + (usage.ru_stime.tv_sec - before.ru_stime.tv_sec)
                + ((usage.ru_utime.tv_usec - before.ru_utime.tv_usec)
                   + (usage.ru_stime.tv_usec - before.ru_stime.tv_usec)) / 1e6;
      g_test_message ("%.2f s, %ld KiB", seconds, usage.ru_maxrss);
      /* Generous ceilings; the figures are in bench-report. Under
       * AddressSanitizer every allocation carries its red zones and the
       * freed memory is held in quarantine: the ceilings grow with it. */
      g_assert_cmpfloat (seconds, <, 5.0 * SANITIZER_FACTOR);
      g_assert_cmpint (usage.ru_maxrss, <, 300 * 1024 * SANITIZER_FACTOR);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Nothing is cut: every character of a long text reaches the PDF. */
static void
test_pdf_keeps_all_text (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(McReportRenderer) renderer = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; long_text->len < 30000; i++)
    g_string_append_printf (long_text, "w%05u ", i);
  mc_report_set_weighing (report, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_NO, NULL, NULL,
                          long_text->str);
  /* U+FDD0 and U+10FFFF made the PDF fail for good (issue 18, 12). */
  mc_report_set_client (report, "Sem \xef\xb7\x90Jansen\xf4\x8f\xbf\xbf", NULL, NULL, 15);
  g_assert_cmpstr (report->client.name, ==, "Sem Jansen");
  pdf = mc_report_render_pdf (report, &error);
  g_assert_no_error (error);

  {
    g_autofree char *dir = g_dir_make_tmp ("meldcode-pdf-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "r.pdf", NULL);
    const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
    g_autofree char *text = NULL;
    g_autoptr(GString) flat = g_string_new (NULL);

    g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
    text = mc_test_run (argv);
    for (const char *p = text; *p != '\0'; p++)
      if (!g_ascii_isspace (*p))
        g_string_append_c (flat, *p);
    /* Each word, in order, once. */
    for (guint i = 0; i < 30000 / 7; i++)
      {
        g_autofree char *word = g_strdup_printf ("w%05u", i);

        g_assert_nonnull (strstr (flat->str, word));
      }
    mc_test_remove_tree (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/sanitize", test_sanitize_rules);
  g_test_add_func ("/report/export-at-limits-imports", test_export_at_limits_imports);
  g_test_add_func ("/report/anonymised-at-limit-imports", test_anonymised_at_limit_imports);
  g_test_add_func ("/report/export-over-limit-refused", test_export_over_limit_refused);
  g_test_add_func ("/report/import-over-limit-refused", test_import_over_limit_refused);
  g_test_add_func ("/report/huge-text-node-quiet", test_huge_text_node_quiet);
  g_test_add ("/store/refuses-long-fields", Fixture, NULL, fixture_set_up,
              test_store_refuses_long_fields, fixture_tear_down);
  g_test_add ("/store/setters-sanitize", Fixture, NULL, fixture_set_up,
              test_setters_sanitize, fixture_tear_down);
  g_test_add ("/store/old-text-still-prints", Fixture, NULL, fixture_set_up,
              test_old_text_still_prints, fixture_tear_down);
  g_test_add ("/store/long-search-is-not-damage", Fixture, NULL, fixture_set_up,
              test_long_search_is_not_damage, fixture_tear_down);
  g_test_add ("/store/backup-disk-full-is-io", Fixture, NULL, fixture_set_up,
              test_backup_disk_full_is_io, fixture_tear_down);
  g_test_add_func ("/pdf/bounded", test_pdf_bounded);
  g_test_add_func ("/pdf/keeps-all-text", test_pdf_keeps_all_text);

  return g_test_run ();
}
