/* test-ui-destroy.c: retention and destruction in the window, driven as a
 * user drives them: a case is closed, its header says from when it may be
 * destroyed, the preferences change the period, the "Due for destruction"
 * filter lists it, and the case menu destroys it (a wrong passphrase is
 * refused); an open case only on request, after a second confirmation.
 * With MC_SCREENSHOT_DIR set, the header and the dialogs are saved there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include "mc-application.h"
#include "mc-case-page.h"
#include "mc-close-case-dialog.h"
#include "mc-destroy-case-dialog.h"
#include "mc-preferences-window.h"
#include "mc-store-private.h"
#include "mc-store-retention.h"
#include "mc-text-field.h"
#include "mc-unlock-page.h"
#include "mc-window.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "Vernietigen na twintig jaar"

static char *store_dir;
static gint64 closed_id;
static char *closed_number;
static gint64 open_id;
static char *open_number;

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("MC_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  mc_test_settle ();
  path = g_strdup_printf ("%s/%s.png", dir, name);
  mc_test_screenshot (widget, path);
  g_test_message ("screenshot: %s", path);
}

static void
type_passphrase (McWindow   *window,
                 const char *passphrase)
{
  GtkWidget *page = mc_test_find_descendant (GTK_WIDGET (window), MC_TYPE_UNLOCK_PAGE);
  GtkWidget *row = mc_test_find_descendant (page, ADW_TYPE_PASSWORD_ENTRY_ROW);

  gtk_editable_set_text (GTK_EDITABLE (row), passphrase);
  mc_test_activate (row);
  WAIT_UNTIL (!mc_unlock_page_get_busy (MC_UNLOCK_PAGE (page)));
}

static gboolean
label_starts_with (GtkWidget     *widget,
                   gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
         && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_case_list (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_LIST_VIEW (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar");
}

static GtkWidget *
require (GtkWidget       *root,
         McTestMatchFunc  match,
         gconstpointer    data)
{
  GtkWidget *widget = mc_test_find_widget (root, match, data);

  if (widget == NULL)
    g_error ("No widget for “%s”", (const char *) data);
  return widget;
}

static void
choose_filter (McWindow   *window,
               const char *name)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN));
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }
  g_error ("No filter “%s”", name);
}

static gboolean
lists_case (McWindow *window,
            gint64    id)
{
  GtkWidget *list = require (GTK_WIDGET (window), is_case_list, "case list");
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (model, i);

      if (mc_case_summary_get_id (summary) == id)
        return TRUE;
    }
  return FALSE;
}

static gboolean
case_exists (McWindow *window,
             gint64    id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) loaded = mc_store_load_case (mc_window_get_store (window), id, &error);

  if (loaded == NULL)
    g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  return loaded != NULL;
}

static const McTombstone *
find_tombstone (GPtrArray  *tombstones,
                const char *number)
{
  for (guint i = 0; i < tombstones->len; i++)
    if (g_strcmp0 (((McTombstone *) g_ptr_array_index (tombstones, i))->number, number) == 0)
      return g_ptr_array_index (tombstones, i);
  return NULL;
}

/* The case closed long ago: the store is the window's, the date is set as
 * a case made before Meldcode was used would have it. */
static void
backdate_closing (McWindow   *window,
                  gint64      id,
                  const char *closed_at)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE cases SET closed_at = '%s' WHERE id = %" G_GINT64_FORMAT,
                                          closed_at, id);

  g_assert_cmpint (sqlite3_exec (mc_store_get_connection (mc_window_get_store (window)), sql, NULL, NULL, NULL),
                   ==, SQLITE_OK);
}

static void
close_through_dialog (McWindow *window)
{
  GtkWidget *dialog;
  GtkWidget *reason;
  GtkWidget *note;
  GListModel *reasons;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-case", NULL);
  WAIT_UNTIL ((dialog = GTK_WIDGET (mc_test_find_toplevel (MC_TYPE_CLOSE_CASE_DIALOG))) != NULL);
  reason = require (dialog, mc_test_is_row_titled, "Reason");
  reasons = adw_combo_row_get_model (ADW_COMBO_ROW (reason));
  for (guint i = 0; i < g_list_model_get_n_items (reasons); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (reasons), i), "De zorgen zijn weggenomen") == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (reason), i);
  note = mc_test_find_descendant (dialog, MC_TYPE_TEXT_FIELD);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (mc_text_field_get_text_view (MC_TEXT_FIELD (note))),
                            "Geen zorgen meer.", -1);
  mc_test_activate (gtk_window_get_default_widget (GTK_WINDOW (dialog)));
  WAIT_UNTIL (mc_test_find_toplevel (MC_TYPE_CLOSE_CASE_DIALOG) == NULL);
}

/* The preferences as a user sets them: 5 years from the closing date. */
static void
set_period_in_preferences (McApplication *app,
                           McWindow      *window,
                           guint          years)
{
  McPreferencesWindow *preferences = mc_preferences_window_new (mc_application_get_settings (app),
                                                                mc_window_get_store (window),
                                                                mc_application_get_protocol (app));
  GtkWidget *row;
  GtkWidget *spin;
  McRetentionPolicy policy;
  gboolean from_store = FALSE;

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (preferences));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (preferences)));
  row = require (GTK_WIDGET (preferences), mc_test_is_row_titled, "Keep Closed Cases");
  spin = mc_test_find_descendant (row, GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 20);
  g_assert_true (gtk_widget_is_sensitive (spin));
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (preferences), mc_test_is_row_titled, "Counted From"));
  screenshot (GTK_WIDGET (preferences), "destroy-preferences");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), years);
  /* Stored once the spin rests. */
  WAIT_UNTIL (mc_store_get_retention_policy (mc_window_get_store (window), NULL, &policy, &from_store, NULL)
              && from_store && policy.years == years);
  g_assert_cmpint (policy.start, ==, MC_RETENTION_FROM_CLOSING);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static guint
count_policy_changes (McWindow *window)
{
  g_autoptr(GPtrArray) log = mc_store_list_access_log (mc_window_get_store (window), 0, NULL);
  guint n = 0;

  for (guint i = 0; i < log->len; i++)
    if (g_strcmp0 (((McAccessEntry *) g_ptr_array_index (log, i))->subject, "settings.retention-policy") == 0)
      n++;
  return n;
}

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  McWindow *window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  McCasePage *case_page;
  GtkWidget *dialog;
  GtkWidget *destroy_button;
  GtkWidget *passphrase;
  GtkWidget *reason;
  GtkWidget *request_date;
  GtkWidget *hint;
  g_autofree char *expected_header = NULL;
  g_autoptr(GPtrArray) tombstones = NULL;
  const McTombstone *tombstone;
  gboolean *ran = user_data;

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  type_passphrase (window, PASSPHRASE);
  g_assert_nonnull (mc_window_get_store (window));
  case_page = MC_CASE_PAGE (mc_test_find_descendant (GTK_WIDGET (window), MC_TYPE_CASE_PAGE));

  /* Closed today: the header says when it may go, 20 years on. */
  g_assert_true (mc_window_open_case (window, closed_id));
  close_through_dialog (window);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    expected_header = g_strdup_printf ("To be destroyed from %d ", g_date_time_get_day_of_month (now));
    WAIT_UNTIL (mc_test_find_widget (GTK_WIDGET (case_page), label_starts_with, expected_header) != NULL);
    g_clear_pointer (&expected_header, g_free);
    expected_header = g_strdup_printf ("%d", g_date_time_get_year (now) + 20);
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (mc_test_find_widget (GTK_WIDGET (case_page),
                                                                                   label_starts_with,
                                                                                   "To be destroyed from "))),
                              expected_header));
  }
  choose_filter (window, "Due for destruction");
  g_assert_false (lists_case (window, closed_id));

  /* Closed in 2010, and a period of 5 years chosen in the preferences:
   * past due since 5 January 2015, in the header and the filter. */
  backdate_closing (window, closed_id, "2010-01-05");
  g_assert_cmpuint (count_policy_changes (window), ==, 0);
  set_period_in_preferences (MC_APPLICATION (app), window, 5);
  g_assert_cmpuint (count_policy_changes (window), ==, 1);
  g_assert_true (mc_window_open_case (window, closed_id));
  WAIT_UNTIL (mc_test_find_widget (GTK_WIDGET (case_page), label_starts_with,
                                   "Due for destruction since 5 January 2015") != NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-cases", NULL);
  WAIT_UNTIL (lists_case (window, closed_id));
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (case_page), label_starts_with, "Closed on 5 January 2010"));
  screenshot (GTK_WIDGET (window), "destroy-header");
  g_assert_false (lists_case (window, open_id));

  /* The case menu: the dialog, the first field focused, Cancel the
   * default. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.destroy-case", NULL);
  WAIT_UNTIL ((dialog = GTK_WIDGET (mc_test_find_toplevel (MC_TYPE_DESTROY_CASE_DIALOG))) != NULL);
  reason = require (dialog, mc_test_is_row_titled, "Reason");
  request_date = require (dialog, mc_test_is_row_titled, "Date of the request (day-month-year)");
  passphrase = mc_test_find_descendant (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW);
  destroy_button = require (dialog, is_button_labelled, "_Destroy");
  hint = require (dialog, label_starts_with, "Type the passphrase");
  g_assert_true (gtk_widget_is_sensitive (reason));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (reason)), ==, 0);
  g_assert_false (gtk_widget_get_visible (request_date));
  WAIT_UNTIL (gtk_window_get_focus (GTK_WINDOW (dialog)) != NULL);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == reason
                 || gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), reason));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_default_widget (GTK_WINDOW (dialog)), dialog));
  g_assert_false (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == destroy_button);
  g_assert_false (gtk_widget_is_sensitive (destroy_button));
  g_assert_nonnull (mc_test_find_widget (dialog, label_starts_with, "Case "));
  {
    AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (reason, ADW_TYPE_PREFERENCES_GROUP));

    g_assert_nonnull (strstr (adw_preferences_group_get_description (group),
                              "A backup made before now still holds the case."));
  }

  /* A wrong passphrase: refused, the case stays. */
  gtk_editable_set_text (GTK_EDITABLE (passphrase), "niet de wachtwoordzin");
  mc_test_activate (destroy_button);
  /* The key derivation runs in a thread; meanwhile nothing can be
   * pressed twice. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (hint)), ==, "Checking the passphrase…");
  g_assert_false (gtk_widget_is_sensitive (destroy_button));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (passphrase)));
  WAIT_UNTIL (g_strcmp0 (gtk_label_get_label (GTK_LABEL (hint)), "Checking the passphrase…") != 0);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (hint)), ==, "The passphrase is not correct.");
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (passphrase)));
  g_assert_nonnull (mc_test_find_toplevel (MC_TYPE_DESTROY_CASE_DIALOG));
  g_assert_true (case_exists (window, closed_id));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (passphrase)), ==, "");

  /* The right one: destroyed, gone from the list, the focus on it. */
  gtk_editable_set_text (GTK_EDITABLE (passphrase), PASSPHRASE);
  screenshot (dialog, "destroy-dialog");
  mc_test_activate (destroy_button);
  WAIT_UNTIL (mc_test_find_toplevel (MC_TYPE_DESTROY_CASE_DIALOG) == NULL);
  g_assert_false (case_exists (window, closed_id));
  g_assert_null (mc_case_page_get_case (case_page));
  WAIT_UNTIL (!lists_case (window, closed_id));
  choose_filter (window, "All");
  g_assert_false (lists_case (window, closed_id));
  g_assert_true (lists_case (window, open_id));
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));
    GtkWidget *list = require (GTK_WIDGET (window), is_case_list, "case list");

    g_assert_nonnull (focus);
    g_assert_true (focus == list || gtk_widget_is_ancestor (focus, list));
  }
  tombstones = mc_store_list_destroyed (mc_window_get_store (window), NULL);
  tombstone = find_tombstone (tombstones, closed_number);
  g_assert_nonnull (tombstone);
  g_assert_cmpint (tombstone->case_id, ==, closed_id);
  g_assert_cmpstr (tombstone->reason, ==, "expired");
  g_assert_null (tombstone->request_date);
  g_assert_cmpstr (tombstone->destroy_on, ==, "2015-01-05");
  g_clear_pointer (&tombstones, g_ptr_array_unref);

  /* An open case: on request only, with its date, and a second
   * confirmation whose default keeps the case. */
  g_assert_true (mc_window_open_case (window, open_id));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.destroy-case", NULL);
  WAIT_UNTIL ((dialog = GTK_WIDGET (mc_test_find_toplevel (MC_TYPE_DESTROY_CASE_DIALOG))) != NULL);
  reason = require (dialog, mc_test_is_row_titled, "Reason");
  request_date = require (dialog, mc_test_is_row_titled, "Date of the request (day-month-year)");
  passphrase = mc_test_find_descendant (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW);
  destroy_button = require (dialog, is_button_labelled, "_Destroy");
  g_assert_false (gtk_widget_is_sensitive (reason));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (reason)), ==, 1);
  g_assert_true (gtk_widget_get_visible (request_date));
  WAIT_UNTIL (gtk_window_get_focus (GTK_WINDOW (dialog)) != NULL);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), request_date));
  gtk_editable_set_text (GTK_EDITABLE (passphrase), PASSPHRASE);
  g_assert_false (gtk_widget_is_sensitive (destroy_button));
  gtk_editable_set_text (GTK_EDITABLE (request_date), "2-11-2026");
  g_assert_true (gtk_widget_is_sensitive (destroy_button));
  mc_test_activate (destroy_button);
  {
    GtkWidget *confirm;

    WAIT_UNTIL ((confirm = GTK_WIDGET (mc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) != NULL);
    g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (confirm)), ==, "cancel");
    g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (confirm)), ==, "cancel");
    screenshot (confirm, "destroy-confirm");
    mc_test_activate (require (confirm, is_button_labelled, "_Keep the Case"));
    WAIT_UNTIL (mc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
    g_assert_true (case_exists (window, open_id));

    mc_test_activate (destroy_button);
    WAIT_UNTIL ((confirm = GTK_WIDGET (mc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) != NULL);
    mc_test_activate (require (confirm, is_button_labelled, "_Destroy"));
  }
  WAIT_UNTIL (mc_test_find_toplevel (MC_TYPE_DESTROY_CASE_DIALOG) == NULL);
  g_assert_false (case_exists (window, open_id));
  tombstones = mc_store_list_destroyed (mc_window_get_store (window), NULL);
  tombstone = find_tombstone (tombstones, open_number);
  g_assert_nonnull (tombstone);
  g_assert_cmpstr (tombstone->reason, ==, "request");
  g_assert_cmpstr (tombstone->request_date, ==, "2026-11-02");
  g_assert_null (tombstone->closed_at);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  *ran = TRUE;
}

static void
test_destroy (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  gboolean ran = FALSE;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_settings_set_string (mc_application_get_settings (app), "last-store-path", store_dir);
  g_settings_set_int64 (mc_application_get_settings (app), "last-case-id", 0);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &ran);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (ran);
}

static gint64
add_case (McStore     *store,
          const char  *name,
          char       **number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) kase = mc_case_new ();

  mc_record_set_string (MC_RECORD (kase), "client-name", name);
  mc_record_set_string (MC_RECORD (kase), "birth-date", "1990-04-12");
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  *number = g_strdup (mc_record_get_string (MC_RECORD (kase), "number"));
  return mc_record_get_id (MC_RECORD (kase));
}

static void
make_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;

  store_dir = g_build_filename (g_get_tmp_dir (), "meldcode-test-destroy-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (store_dir));
  g_assert_no_errno (g_rmdir (store_dir));

  store = mc_store_create (store_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  closed_id = add_case (store, "Anouk Visser", &closed_number);
  open_id = add_case (store, "Bram Smit", &open_number);
  g_assert_true (mc_store_close (store, &error));
}

int
main (int argc, char *argv[])
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (&argc, &argv, NULL);

  make_store ();
  g_test_add_func ("/ui/destroy/retention-and-destruction", test_destroy);
  status = g_test_run ();
  mc_test_remove_tree (store_dir);
  g_free (store_dir);
  g_free (closed_number);
  g_free (open_number);

  return status;
}
