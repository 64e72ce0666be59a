/* test-ui-export.c: the app's export through its file chooser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The export is chosen in the file chooser the app shows (GTK's own
 * dialog here: no portal in the tests) and written through mc-output-file.
 * A file chooser adds what it returns to the desktop's recently used files
 * (recently-used.xbel in XDG_DATA_HOME), which would put a client's report
 * name in every program's "Recent": the test runs with its own
 * XDG_DATA_HOME and checks that no entry appears.
 */

#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "mc-report-actions.h"
#include "mc-report-builder.h"
#include "mc-report-import.h"
#include "mc-report-xml.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "lang genoeg wachtwoord voor de test"

static char *data_home;

typedef struct
{
  gboolean  done;
  char     *message;
} ExportResult;

static void
export_done_cb (const char *message,
                gint64      case_id,
                gpointer    user_data)
{
  ExportResult *result = user_data;

  result->done = TRUE;
  result->message = g_strdup (message);
}

static gboolean
is_file_chooser (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_FILE_CHOOSER_DIALOG (widget);
}

static GtkWidget *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (is_file_chooser (window, NULL) && gtk_widget_get_mapped (window))
        return window;
    }
  return NULL;
}

static void
test_export_not_recent (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("meldcode-ui-export-XXXXXX", &error);
  g_autofree char *store_dir = g_build_filename (dir, "store", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *exported = g_build_filename (out_dir, "verslag.pdf", NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "cli", "sem-jansen.xml", NULL);
  g_autofree char *xbel = g_build_filename (data_home, "recently-used.xbel", NULL);
  g_autofree char *recent = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McReport) report = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  ExportResult result = { FALSE, NULL };
  GtkWidget *chooser = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("nl.ambiq.Meldcode");
  gint64 id = 0;

  /* A report names its reporter: without a name it is refused. */
  g_settings_set_string (settings, "user-name", "Eva de Wit");
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  store = mc_store_create (store_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  report = mc_report_read_xml (fixture, &error);
  g_assert_no_error (error);
  case_ = mc_case_new_from_report (report, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_import_case (store, case_, FALSE, &id, &error));
  g_assert_no_error (error);

  /* A save chooser starts in the current folder. */
  g_assert_cmpint (g_chdir (out_dir), ==, 0);
  mc_report_action_export (NULL, store, protocol, case_, MC_REPORT_FORMAT_PDF, MC_REPORT_VARIANT_FULL,
                           export_done_cb, &result);
  WAIT_UNTIL ((chooser = find_chooser ()) != NULL);

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "verslag.pdf");
  mc_test_settle ();
  /* As the user's Enter in the name field: the chooser checks the name
   * and responds. */
  gtk_widget_activate_default (chooser);
  WAIT_UNTIL (result.done);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  saved = g_strconcat ("Report saved as ", exported, NULL);
  g_assert_cmpstr (result.message, ==, saved);
  g_assert_true (g_file_get_contents (exported, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  /* The recent manager writes its changes a moment later. */
  mc_test_settle ();
  g_usleep (G_USEC_PER_SEC);
  mc_test_settle ();
  if (g_file_get_contents (xbel, &recent, NULL, NULL))
    g_assert_null (strstr (recent, "verslag.pdf"));

  g_free (result.message);
  g_assert_true (mc_store_close (store, &error));
  mc_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  /* Before GTK reads it: the recent files of this test alone. */
  data_home = g_dir_make_tmp ("meldcode-ui-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/export/not-recent", test_export_not_recent);

  return g_test_run ();
}
