/* test-ui-print.c: printing the decision report through GtkPrintOperation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The print action runs the same operation as behind the print dialog, but
 * exports what the printer would get to a PDF, which poppler then reads:
 * the pages, the paper and the text must be those of the PDF export.
 */

#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "mc-report-actions.h"
#include "mc-report-builder.h"
#include "mc-report-import.h"
#include "mc-report-renderer.h"
#include "mc-report-xml.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "lang genoeg wachtwoord voor de test"

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
test_print_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("meldcode-ui-print-XXXXXX", &error);
  g_autofree char *store_dir = g_build_filename (dir, "store", NULL);
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *exported = g_build_filename (dir, "exported.pdf", NULL);
  g_autofree char *recovery_key = NULL;
  g_autofree char *printed_text = NULL;
  g_autofree char *exported_text = NULL;
  g_autofree char *printed_pages = NULL;
  g_autofree char *exported_pages = NULL;
  g_autofree char *paper = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(McReport) report = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GSettings) settings = g_settings_new ("nl.ambiq.Meldcode");
  PrintResult result = { FALSE, NULL };

  if (g_find_program_in_path ("pdftotext") == NULL)
    g_error ("pdftotext and pdfinfo (poppler-utils) are needed: run build-aux/dev setup");

  g_assert_no_error (error);
  g_settings_set_string (settings, "user-name", "Eva de Wit");
  g_settings_set_string (settings, "user-role", "Begeleider");
  store = mc_store_create (store_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  case_ = import_fixture (store, "sem-jansen.xml");
  g_assert_nonnull (case_);

  mc_report_action_print_to_file (NULL, store, protocol, case_, printed, print_done_cb, &result);
  WAIT_UNTIL (result.done);
  g_assert_cmpstr (result.message, ==, "The report was sent to the printer.");
  g_assert_true (g_file_test (printed, G_FILE_TEST_IS_REGULAR));

  /* The same report through the PDF export, to hold the print against. */
  report = mc_report_new_from_case (case_, protocol, "Eva de Wit", "Begeleider", now, &error);
  g_assert_no_error (error);
  g_assert_true (mc_report_write_pdf (report, exported, &error));
  g_assert_no_error (error);

  printed_pages = mc_test_pdf_info_field (printed, "Pages");
  exported_pages = mc_test_pdf_info_field (exported, "Pages");
  g_test_message ("printed %s pages, exported %s", printed_pages, exported_pages);
  g_assert_cmpint (atoi (printed_pages), >=, 2);
  g_assert_cmpstr (printed_pages, ==, exported_pages);
  paper = mc_test_pdf_info_field (printed, "Page size");
  g_assert_nonnull (strstr (paper, "(A4)"));

  /* The renderer's own margins on the full page and its own metrics: the
   * lines break where the PDF breaks them. */
  printed_text = mc_test_pdf_text (printed);
  exported_text = mc_test_pdf_text (exported);
  g_assert_nonnull (strstr (printed_text, "Sem Jansen"));
  g_assert_nonnull (strstr (printed_text, "Veilig Thuis"));
  {
    g_auto(GStrv) printed_lines = g_strsplit (printed_text, "\n", -1);
    g_auto(GStrv) exported_lines = g_strsplit (exported_text, "\n", -1);
    guint same = 0;

    g_assert_cmpuint (g_strv_length (printed_lines), ==, g_strv_length (exported_lines));
    for (guint i = 0; printed_lines[i] != NULL; i++)
      if (g_strcmp0 (printed_lines[i], exported_lines[i]) == 0)
        same++;
    g_test_message ("%u of %u lines the same", same, g_strv_length (printed_lines));
    /* Only the minute the report was made may differ. */
    g_assert_cmpuint (same + 1, >=, g_strv_length (printed_lines));
  }

  g_free (result.message);
  g_clear_object (&case_);
  g_assert_true (mc_store_close (store, &error));
  mc_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/print/export", test_print_export);

  return g_test_run ();
}
