/* test-ui-transfer.c: Casus overdragen… and Casus ontvangen… as a person uses them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through the dialogs and GTK's own file chooser: the passphrase made and
 * shown once, then typed on the other side (with spaces, as read out); a
 * second receipt asks and keeps both only when told; a case file sealed to
 * the receiving store's fingerprint needs no passphrase. Each dialog starts
 * at its first field.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "mc-case-page.h"
#include "mc-history-page.h"
#include "mc-report-builder.h"
#include "mc-report-import.h"
#include "mc-report-xml.h"
#include "mc-store-transfer.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"
#include "mc-transfer-actions.h"

#define PASSPHRASE "lang genoeg wachtwoord voor de test"

typedef struct
{
  gboolean  done;
  char     *message;
  gint64    case_id;
} Result;

static void
done_cb (const char *message,
         gint64      case_id,
         gpointer    user_data)
{
  Result *result = user_data;

  result->done = TRUE;
  result->message = g_strdup (message);
  result->case_id = case_id;
}

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->message, g_free);
  result->done = FALSE;
  result->case_id = 0;
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (window))
        return window;
    }
  return NULL;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  /* A message dialog has its buttons twice, in a row and in a column, and
   * shows one set. */
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static gboolean
is_monospace_label (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "monospace");
}

static void
press (GtkWidget  *dialog,
       const char *label)
{
  GtkWidget *button = mc_test_find_widget (dialog, is_button_labelled, label);

  g_assert_nonnull (button);
  mc_test_activate (button);
}

static GtkWidget *
wait_for_dialog (const char *heading)
{
  GtkWidget *dialog = NULL;

  WAIT_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL
              && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), heading) == 0);
  mc_test_settle ();
  return dialog;
}

static void
choose_file (const char *path,
             gboolean    save)
{
  GtkWidget *chooser = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  WAIT_UNTIL ((chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) != NULL);
  mc_test_settle ();
  if (save)
    {
      g_autofree char *name = g_path_get_basename (path);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  else
    {
      g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error));
      g_assert_no_error (error);
    }
  mc_test_settle ();
  /* As the user's Enter: the chooser checks the name and responds. */
  gtk_widget_activate_default (chooser);
}

static guint
count_cases (McStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (cases);
}

typedef struct
{
  char      *dir;
  McStore   *sender;
  McStore   *receiver;
  McCase    *case_;
  GtkWindow *parent;
  char      *cwd;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sender_dir = NULL;
  g_autofree char *receiver_dir = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *report_path = g_test_build_filename (G_TEST_DIST, "fixtures", "cli", "sem-jansen.xml", NULL);
  g_autoptr(McReport) report = NULL;
  gint64 id = 0;

  fixture->dir = g_dir_make_tmp ("meldcode-ui-transfer-XXXXXX", &error);
  g_assert_no_error (error);
  sender_dir = g_build_filename (fixture->dir, "sender", NULL);
  receiver_dir = g_build_filename (fixture->dir, "receiver", NULL);
  fixture->sender = mc_store_create (sender_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  g_clear_pointer (&recovery_key, g_free);
  fixture->receiver = mc_store_create (receiver_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  report = mc_report_read_xml (report_path, &error);
  g_assert_no_error (error);
  fixture->case_ = mc_case_new_from_report (report, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_import_case (fixture->sender, fixture->case_, FALSE, &id, &error));
  g_assert_no_error (error);

  fixture->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->parent);
  /* A save chooser starts in the current folder. */
  fixture->cwd = g_get_current_dir ();
  g_assert_cmpint (g_chdir (fixture->dir), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_chdir (fixture->cwd), ==, 0);
  gtk_window_destroy (fixture->parent);
  g_assert_true (mc_store_close (fixture->sender, &error));
  g_assert_true (mc_store_close (fixture->receiver, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->sender);
  g_clear_object (&fixture->receiver);
  g_clear_object (&fixture->case_);
  mc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->cwd);
}

static void
receive_with_passphrase (Fixture    *fixture,
                         const char *path,
                         const char *passphrase,
                         Result     *result)
{
  GtkWidget *dialog;
  GtkWidget *row;
  GtkWidget *focus;

  mc_transfer_action_receive (fixture->parent, fixture->receiver, done_cb, result);
  choose_file (path, FALSE);
  dialog = wait_for_dialog ("Transfer Passphrase");
  row = mc_test_find_descendant (dialog, GTK_TYPE_ENTRY);
  g_assert_nonnull (row);
  /* The dialog starts at its field. */
  WAIT_UNTIL ((focus = gtk_window_get_focus (GTK_WINDOW (dialog))) != NULL
              && (focus == row || gtk_widget_is_ancestor (focus, row)));
  gtk_editable_set_text (GTK_EDITABLE (row), passphrase);
  /* Enter in the field receives. */
  mc_test_activate (mc_test_find_descendant (row, GTK_TYPE_TEXT));
}

static void
test_passphrase (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "case.meldcase", NULL);
  g_autofree char *passphrase = NULL;
  g_autofree char *spoken = NULL;
  Result result = { FALSE, NULL, 0 };
  GtkWidget *dialog;
  GtkWidget *label;
  GtkWidget *first;
  struct stat st;
  gint64 first_id;

  mc_transfer_action_send (fixture->parent, fixture->sender, fixture->case_, done_cb, &result);
  dialog = wait_for_dialog ("Hand Over Case");
  first = mc_test_find_descendant (dialog, GTK_TYPE_CHECK_BUTTON);
  WAIT_UNTIL (gtk_widget_has_focus (first));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (first)));
  press (dialog, "C_hoose File…");
  choose_file (path, TRUE);

  /* Shown once, after the file is written. */
  dialog = wait_for_dialog ("Transfer Passphrase");
  label = mc_test_find_widget (dialog, is_monospace_label, NULL);
  g_assert_nonnull (label);
  passphrase = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  g_assert_true (g_regex_match_simple ("^([0-9]{4}-){5}[0-9]{4}$", passphrase, 0, 0));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  press (dialog, "_Done");
  WAIT_UNTIL (result.done);
  g_assert_cmpstr (result.message, ==, "The case file was written.");
  result_clear (&result);

  /* Read out by phone: spaces for dashes. */
  spoken = g_strdelimit (g_strdup (passphrase), "-", ' ');
  receive_with_passphrase (fixture, path, spoken, &result);
  WAIT_UNTIL (result.done);
  g_assert_cmpstr (result.message, ==, "The case was received.");
  g_assert_cmpint (result.case_id, >, 0);
  first_id = result.case_id;
  g_assert_cmpuint (count_cases (fixture->receiver), ==, 1);
  result_clear (&result);

  /* Again: asked, and cancelled changes nothing. */
  receive_with_passphrase (fixture, path, passphrase, &result);
  dialog = wait_for_dialog ("Receive This Case Again?");
  press (dialog, "_Cancel");
  WAIT_UNTIL (result.done);
  g_assert_null (result.message);
  g_assert_cmpuint (count_cases (fixture->receiver), ==, 1);
  result_clear (&result);

  /* Again, kept beside it when the user says so. */
  receive_with_passphrase (fixture, path, passphrase, &result);
  dialog = wait_for_dialog ("Receive This Case Again?");
  press (dialog, "_Keep Both");
  WAIT_UNTIL (result.done);
  g_assert_cmpint (result.case_id, !=, first_id);
  g_assert_cmpuint (count_cases (fixture->receiver), ==, 2);
  result_clear (&result);

  /* A wrong passphrase says so and changes nothing. */
  receive_with_passphrase (fixture, path, "0000-1111-2222-3333-4444-5555", &result);
  WAIT_UNTIL (result.done);
  g_assert_cmpstr (result.message, ==, "The transfer passphrase does not open this case file.");
  g_assert_cmpuint (count_cases (fixture->receiver), ==, 2);
  result_clear (&result);
}

static gboolean
is_group (GtkWidget     *widget,
          gconstpointer  data)
{
  return ADW_IS_PREFERENCES_GROUP (widget);
}

static void
collect_group_titles (GtkWidget *widget,
                      GPtrArray *titles)
{
  if (ADW_IS_PREFERENCES_GROUP (widget))
    {
      g_ptr_array_add (titles, g_strdup (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget))));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_group_titles (child, titles);
}

/* The case page's history: the receiving store's own rows, then what the
 * case brought along, under headings that say so. */
static void
assert_history_shows_handover (McStore *store,
                               gint64   case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = mc_protocol_new_default (&error);
  g_autoptr(McCase) case_ = mc_store_load_case (store, case_id, &error);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *window = gtk_window_new ();
  McCasePage *page = MC_CASE_PAGE (mc_case_page_new ());
  GtkWidget *history = NULL;
  guint first_received = G_MAXUINT;

  g_assert_no_error (error);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  mc_case_page_set_case (page, store, protocol, case_);
  mc_case_page_show_history (page);
  WAIT_UNTIL ((history = mc_test_find_descendant (GTK_WIDGET (page), MC_TYPE_HISTORY_PAGE)) != NULL
              && mc_test_find_widget (history, is_group, NULL) != NULL);
  mc_test_settle ();
  collect_group_titles (history, titles);
  for (guint i = 0; i < titles->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (titles, i), "Before the handover: "))
      {
        first_received = MIN (first_received, i);
      }
    else
      /* Nothing of this store's own after the received part. */
      g_assert_cmpuint (first_received, ==, G_MAXUINT);
  g_assert_cmpuint (first_received, >, 0);
  g_assert_cmpuint (first_received, <, titles->len);

  mc_case_page_set_case (page, NULL, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_fingerprint (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "to-key.meldcase", NULL);
  g_autofree char *fingerprint = NULL;
  Result result = { FALSE, NULL, 0 };
  GtkWidget *dialog;
  GtkWidget *label;
  GtkWidget *by_key;
  GtkWidget *row;
  GtkWidget *first;

  /* The receiver's fingerprint, as its dialog shows it. */
  mc_transfer_action_fingerprint (fixture->parent, fixture->receiver);
  dialog = wait_for_dialog ("Fingerprint of This Store");
  label = mc_test_find_widget (dialog, is_monospace_label, NULL);
  fingerprint = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  {
    g_autofree char *expected = mc_store_dup_transfer_fingerprint (fixture->receiver);

    g_assert_cmpstr (fingerprint, ==, expected);
  }
  press (dialog, "_Close");
  WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);

  mc_transfer_action_send (fixture->parent, fixture->sender, fixture->case_, done_cb, &result);
  dialog = wait_for_dialog ("Hand Over Case");
  first = mc_test_find_descendant (dialog, GTK_TYPE_CHECK_BUTTON);
  by_key = mc_test_find_descendant (gtk_widget_get_next_sibling (first), GTK_TYPE_CHECK_BUTTON);
  row = mc_test_find_descendant (dialog, ADW_TYPE_ENTRY_ROW);
  /* The fingerprint is asked only when it is chosen. */
  g_assert_false (gtk_widget_is_sensitive (row));
  mc_test_activate (by_key);
  g_assert_true (gtk_widget_is_sensitive (row));
  gtk_editable_set_text (GTK_EDITABLE (row), fingerprint);
  press (dialog, "C_hoose File…");
  choose_file (path, TRUE);
  WAIT_UNTIL (result.done);
  g_assert_cmpstr (result.message, ==, "The case file was written; only the receiving store can open it.");
  result_clear (&result);

  /* No passphrase on the receiving side. */
  mc_transfer_action_receive (fixture->parent, fixture->receiver, done_cb, &result);
  choose_file (path, FALSE);
  WAIT_UNTIL (result.done);
  g_assert_cmpstr (result.message, ==, "The case was received.");
  g_assert_cmpuint (count_cases (fixture->receiver), ==, 1);
  assert_history_shows_handover (fixture->receiver, result.case_id);
  result_clear (&result);

  /* A mistyped fingerprint is refused before any file is asked for. */
  mc_transfer_action_send (fixture->parent, fixture->sender, fixture->case_, done_cb, &result);
  dialog = wait_for_dialog ("Hand Over Case");
  first = mc_test_find_descendant (dialog, GTK_TYPE_CHECK_BUTTON);
  by_key = mc_test_find_descendant (gtk_widget_get_next_sibling (first), GTK_TYPE_CHECK_BUTTON);
  row = mc_test_find_descendant (dialog, ADW_TYPE_ENTRY_ROW);
  mc_test_activate (by_key);
  fingerprint[0] = fingerprint[0] == 'X' ? 'Y' : 'X';
  gtk_editable_set_text (GTK_EDITABLE (row), fingerprint);
  press (dialog, "C_hoose File…");
  WAIT_UNTIL (result.done);
  g_assert_cmpstr (result.message, ==, "The fingerprint has a typing error: its last group does not match the rest.");
  g_assert_null (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  result_clear (&result);
}

int
main (int argc, char *argv[])
{
  g_autofree char *data_home = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  data_home = g_dir_make_tmp ("meldcode-ui-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/transfer/passphrase", Fixture, NULL, fixture_set_up, test_passphrase, fixture_tear_down);
  g_test_add ("/ui/transfer/fingerprint", Fixture, NULL, fixture_set_up, test_fingerprint, fixture_tear_down);

  return g_test_run ();
}
