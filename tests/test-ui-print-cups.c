/* test-ui-print-cups.c: the printed decision report on a real print system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test starts a CUPS scheduler of its own (cupsd, on a free port of the
 * loopback address, with its own configuration, spool, cache and logs in a
 * temporary folder; nothing of the machine's print system is used or
 * changed) with a cups-pdf queue. The app's print operation
 * (GtkPrintOperation, the same operation as behind the print dialog)
 * renders the report, which goes to that queue under the app's job title;
 * what cups-pdf writes after the scheduler's filters must have the pages,
 * the paper (A4) and the text of the PDF export. The job's title, which
 * anyone can see in a print queue, must carry the case number and not the
 * client's name.
 *
 * What it does not cover: the hand-over from GtkPrintOperation to the queue
 * through GTK's own CUPS print backend. With Debian 12's libcups2
 * 2.4.2-3+deb12u10 that backend cannot finish any request (HACKING.md,
 * "Printing test"), so the rendered job goes to the queue with lp(1).
 *
 * The cups-pdf backend runs only as root (mode 0700, as Debian installs
 * it), so for other users the test is skipped; CI runs it as root.
 * cups-pdf writes to the PDF folder in the job owner's home, where the
 * test finds the file by its job number and removes it.
 */

#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mc-report-actions.h"
#include "mc-report-builder.h"
#include "mc-report-import.h"
#include "mc-report-renderer.h"
#include "mc-report-xml.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "lang genoeg wachtwoord voor de test"
#define QUEUE "meldcode-test-pdf"
#define CLIENT "Sem Jansen"
#define CASE_NUMBER "2026-0007"
#define CUPS_PDF_PPD "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
#define CUPS_PDF_BACKEND "/usr/lib/cups/backend/cups-pdf"

/* The scheduler's folder and port, set in main(); lp, lpstat and lpadmin
 * reach it through CUPS_SERVER. */
static char *cups_dir;
static guint16 cups_port;

typedef struct
{
  gboolean  done;
  char     *message;
} PrintResult;

static void
print_done_cb (const char *message,
               gint64      case_id,
               gpointer    user_data)
{
  PrintResult *result = user_data;

  result->done = TRUE;
  result->message = g_strdup (message);
}

/* The lines of pdftotext's output as the comparison needs them: the
 * print system's fonts spell a ligature as one character ("ﬁ", U+FB01)
 * and space the columns a point or two apart, so each line is NFKC
 * normalised ("fi") with its runs of white space made one space. */
static char **
text_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *normal = g_utf8_normalize (lines[i], -1, G_NORMALIZE_ALL_COMPOSE);
      g_auto(GStrv) words = g_regex_split_simple ("\\s+", g_strstrip (normal), 0, 0);

      g_ptr_array_add (out, g_strjoinv (" ", words));
    }
  g_ptr_array_add (out, NULL);

  return (char **) g_ptr_array_free (out, FALSE);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* The scheduler goes with the test, even when the test fails. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts cupsd in the foreground on cups_dir; returns its pid. */
static GPid
start_scheduler (void)
{
  g_autofree char *conf = g_build_filename (cups_dir, "cupsd.conf", NULL);
  g_autofree char *files = g_build_filename (cups_dir, "cups-files.conf", NULL);
  g_autofree char *cupsd_conf = g_strdup_printf ("LogLevel warn\nAccessLogLevel all\n"
                                                 "Listen 127.0.0.1:%u\n"
                                                 "Browsing No\n"
                                                 "WebInterface No\n"
                                                 "DefaultAuthType None\n"
                                                 "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                                                 "<Policy default>\n  <Limit All>\n    Order deny,allow\n"
                                                 "  </Limit>\n</Policy>\n",
                                                 cups_port);
  /* The scheduler's helpers run as lp, which must reach the spool. */
  g_autofree char *files_conf = g_strdup_printf ("ServerRoot %1$s\n"
                                                 "RequestRoot %1$s/spool\n"
                                                 "TempDir %1$s/spool\n"
                                                 "CacheDir %1$s/cache\n"
                                                 "StateDir %1$s/state\n"
                                                 "AccessLog %1$s/access_log\n"
                                                 "ErrorLog %1$s/error_log\n"
                                                 "PageLog %1$s/page_log\n"
                                                 "User lp\nGroup lp\n"
                                                 "SystemGroup root\n",
                                                 cups_dir);
  const char *subdirs[] = { "spool", "cache", "state", "ppd" };
  const char *cupsd = "/usr/sbin/cupsd";
  const char *argv[] = { cupsd, "-f", "-c", conf, "-s", files, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  write_file (cups_dir, "cupsd.conf", cupsd_conf);
  write_file (cups_dir, "cups-files.conf", files_conf);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *sub = g_build_filename (cups_dir, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir (sub, 0777), ==, 0);
      g_assert_cmpint (g_chmod (sub, 0777), ==, 0);
    }
  g_assert_cmpint (g_chmod (cups_dir, 0755), ==, 0);
  /* cups-pdf names its file after the title and the job number, in the one
   * PDF folder of the job's owner: job numbers from this process's id keep
   * two runs at once (two worktrees, two builds) apart. */
  {
    g_autofree char *cache_dir = g_build_filename (cups_dir, "cache", NULL);
    g_autofree char *next = g_strdup_printf ("NextJobId %u\n", 1000 + (guint) getpid ());

    write_file (cache_dir, "job.cache", next);
  }

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL, &pid, &error);
  g_assert_no_error (error);

  /* Ready when lpstat reaches it. */
  for (guint i = 0; i < 200; i++)
    {
      const char *lpstat[] = { "lpstat", "-r", NULL };
      g_autofree char *out = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) lpstat, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, &status, NULL);
      if (out != NULL && strstr (out, "scheduler is running") != NULL)
        return pid;
      g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
      g_usleep (50 * 1000);
    }
  g_error ("cupsd did not start in 10 s; see %s/error_log", cups_dir);
}

static void
stop_scheduler (GPid pid)
{
  int status = 0;

  kill (pid, SIGTERM);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
}

/* Waits until the scheduler lists job @job as completed. */
static void
wait_for_completed_job (guint job)
{
  g_autofree char *name = g_strdup_printf ("%s-%u ", QUEUE, job);
  gint64 deadline = g_get_monotonic_time () + 50 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      const char *argv[] = { "lpstat", "-W", "completed", "-o", QUEUE, NULL };
      g_autofree char *out = mc_test_run (argv);

      if (strstr (out, name) != NULL)
        return;
      g_usleep (100 * 1000);
    }
  g_error ("print job %u did not complete in 50 s; see %s/error_log", job, cups_dir);
}

/* What cups-pdf wrote for job @job: a name ending in "job_N.pdf" in the PDF
 * folder of root's home. */
static char *
find_printed (guint job)
{
  struct passwd *root = getpwuid (0);
  g_autofree char *dir = g_build_filename (root->pw_dir, "PDF", NULL);
  g_autofree char *suffix = g_strdup_printf ("job_%u.pdf", job);
  g_autoptr(GDir) listing = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* cups-pdf renames its file into place when it is done. */
  while (g_get_monotonic_time () < deadline)
    {
      const char *name;

      listing = g_dir_open (dir, 0, NULL);
      while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
        if (g_str_has_suffix (name, suffix))
          return g_build_filename (dir, name, NULL);
      g_clear_pointer (&listing, g_dir_close);
      g_usleep (100 * 1000);
    }
  g_error ("cups-pdf wrote no file for job %u in %s", job, dir);
}

/* Whether the bytes of @path hold @text. */
static gboolean
file_holds (const char *path,
            const char *text)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return memmem (contents, length, text, strlen (text)) != NULL;
}

static McCase *
import_fixture (McStore    *store,
                const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "cli", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = mc_report_read_xml (path, &error);
  g_autoptr(McCase) case_ = NULL;
  gint64 id = 0;

  g_assert_no_error (error);
  case_ = mc_case_new_from_report (report, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_import_case (store, case_, FALSE, &id, &error));
  g_assert_no_error (error);

  return mc_store_load_case (store, id, &error);
}

static void
test_print_cups (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *printed_text = NULL;
  g_autofree char *exported_text = NULL;
  g_autofree char *printed_pages = NULL;
  g_autofree char *exported_pages = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *printed_name = NULL;
  g_autofree char *rendered = NULL;
  g_autofree char *title = NULL;
  g_autofree char *page_log = NULL;
  g_autofree char *lp = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(McReport) report = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GSettings) settings = g_settings_new ("nl.ambiq.Meldcode");
  PrintResult result = { FALSE, NULL };
  GPid scheduler;
  guint job;

  /* Skipped only without the packages, which build-aux/dev setup and the
   * Build-Depends install; the message says which. */
  if (!g_file_test ("/usr/sbin/cupsd", G_FILE_TEST_IS_EXECUTABLE)
      || !g_file_test (CUPS_PDF_PPD, G_FILE_TEST_EXISTS)
      || !g_file_test (CUPS_PDF_BACKEND, G_FILE_TEST_EXISTS)
      || (lp = g_find_program_in_path ("lp")) == NULL)
    {
      g_test_skip ("cupsd, lp and cups-pdf are not installed (cups-daemon, cups-client, "
                   "printer-driver-cups-pdf: run build-aux/dev setup)");
      return;
    }
  if (geteuid () != 0)
    {
      g_test_skip ("the cups-pdf backend runs only as root (CI runs this test as root)");
      return;
    }

  scheduler = start_scheduler ();
  {
    /* cups-pdf takes PostScript: the scheduler's pdftops filter converts
     * the job. Its default renderer, Ghostscript's ps2write, turns the
     * report's CID fonts into Type 3 bitmap fonts without text, which
     * print the same but leave pdftotext nothing to read; pdftocairo
     * keeps the fonts and the text (HACKING.md, "Printing test"). */
    const char *argv[] = { "lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-P", CUPS_PDF_PPD,
                           "-o", "pdftops-renderer-default=pdftocairo", NULL };
    g_autofree char *out = mc_test_run (argv);
  }

  dir = g_dir_make_tmp ("meldcode-ui-print-cups-XXXXXX", &error);
  g_assert_no_error (error);
  store_dir = g_build_filename (dir, "store", NULL);
  exported = g_build_filename (dir, "exported.pdf", NULL);
  rendered = g_build_filename (dir, "rendered.pdf", NULL);
  g_settings_set_string (settings, "user-name", "Eva de Wit");
  g_settings_set_string (settings, "user-role", "Begeleider");
  store = mc_store_create (store_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  case_ = import_fixture (store, "sem-jansen.xml");
  g_assert_nonnull (case_);

  /* The same report through the PDF export, to hold the print against. */
  report = mc_report_new_from_case (case_, protocol, "Eva de Wit", "Begeleider", now, &error);
  g_assert_no_error (error);
  g_assert_true (mc_report_write_pdf (report, exported, &error));
  g_assert_no_error (error);

  /* The app's print operation renders the job; it goes to the queue under
   * the title the operation gives it. */
  mc_report_action_print_to_file (NULL, store, protocol, case_, rendered, print_done_cb, &result);
  WAIT_UNTIL_FOR (result.done, 30);
  g_assert_cmpstr (result.message, ==, "The report was sent to the printer.");
  title = mc_report_print_title (report);
  g_assert_cmpstr (title, ==, "Meldcode case " CASE_NUMBER);
  {
    const char *argv[] = { "lp", "-d", QUEUE, "-t", title, rendered, NULL };
    g_autofree char *out = mc_test_run (argv);
    const char *id = strstr (out, QUEUE "-");

    /* "request id is meldcode-test-pdf-1 (1 file(s))" */
    g_assert_nonnull (id);
    job = (guint) g_ascii_strtoull (id + strlen (QUEUE "-"), NULL, 10);
    g_assert_cmpuint (job, >, 0);
  }
  wait_for_completed_job (job);
  printed = find_printed (job);
  g_test_message ("job %u printed as %s", job, printed);

  /* The job's title, as the queue shows it to others: the case number,
   * not the client. cups-pdf names its file after it; the scheduler logs
   * it with the job's pages in the page log. (The job's control file is
   * written later, when the scheduler gets round to it.) */
  printed_name = g_path_get_basename (printed);
  g_assert_nonnull (strstr (printed_name, CASE_NUMBER));
  g_assert_null (strstr (printed_name, "Jansen"));
  page_log = g_build_filename (cups_dir, "page_log", NULL);
  g_assert_true (file_holds (page_log, "Meldcode case " CASE_NUMBER));
  g_assert_false (file_holds (page_log, "Jansen"));

  printed_pages = mc_test_pdf_info_field (printed, "Pages");
  exported_pages = mc_test_pdf_info_field (exported, "Pages");
  g_test_message ("printed %s pages, exported %s", printed_pages, exported_pages);
  g_assert_cmpint (atoi (printed_pages), >=, 2);
  g_assert_cmpstr (printed_pages, ==, exported_pages);
  paper = mc_test_pdf_info_field (printed, "Page size");
  g_test_message ("printed on %s", paper);
  g_assert_nonnull (strstr (paper, "(A4)"));

  printed_text = mc_test_pdf_text (printed);
  exported_text = mc_test_pdf_text (exported);
  g_assert_nonnull (strstr (printed_text, CLIENT));
  g_assert_nonnull (strstr (printed_text, "Veilig Thuis"));
  {
    g_auto(GStrv) printed_lines = text_lines (printed_text);
    g_auto(GStrv) exported_lines = text_lines (exported_text);
    guint same = 0;

    g_assert_cmpuint (g_strv_length (printed_lines), ==, g_strv_length (exported_lines));
    for (guint i = 0; printed_lines[i] != NULL; i++)
      if (g_strcmp0 (printed_lines[i], exported_lines[i]) == 0)
        same++;
      else
        g_test_message ("printed \"%s\", exported \"%s\"", printed_lines[i], exported_lines[i]);
    g_test_message ("%u of %u lines the same", same, g_strv_length (printed_lines));
    /* Only the minute the report was made may differ. */
    g_assert_cmpuint (same + 1, >=, g_strv_length (printed_lines));
  }

  g_assert_cmpint (g_unlink (printed), ==, 0);
  stop_scheduler (scheduler);
  g_free (result.message);
  g_clear_object (&case_);
  g_assert_true (mc_store_close (store, &error));
  mc_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autoptr(GSocket) probe = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  /* Before anything asks libcups for its server. */
  cups_dir = g_dir_make_tmp ("meldcode-cups-XXXXXX", &error);
  g_assert_no_error (error);
  /* A free port: the kernel's pick, released for cupsd. */
  probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (probe, any_port, TRUE, &error));
  bound = g_socket_get_local_address (probe, &error);
  g_assert_no_error (error);
  cups_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (probe, NULL);
  server = g_strdup_printf ("127.0.0.1:%u", cups_port);
  g_setenv ("CUPS_SERVER", server, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/print/cups", test_print_cups);

  status = g_test_run ();
  mc_test_remove_tree (cups_dir);
  g_free (cups_dir);
  return status;
}
