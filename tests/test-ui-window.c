/* test-ui-window.c: unlocking, locking and the auto-lock of the main window,
 * and the step the case list shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "mc-application.h"
#include "mc-case-page.h"
#include "mc-case-row.h"
#include "mc-unlock-page.h"
#include "mc-window.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "Zonnige dinsdag in Hoogeveen"

static char *store_dir;
static gint64 case_id;
static char *case_number;

/* Types into the unlock page and presses Enter, as a user would. */
static void
type_passphrase (McWindow   *window,
                 const char *passphrase)
{
  GtkWidget *page = mc_test_find_descendant (GTK_WIDGET (window), MC_TYPE_UNLOCK_PAGE);
  GtkWidget *row = mc_test_find_descendant (page, ADW_TYPE_PASSWORD_ENTRY_ROW);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), passphrase);
  g_signal_emit_by_name (row, "entry-activated");
  WAIT_UNTIL (!mc_unlock_page_get_busy (MC_UNLOCK_PAGE (page)));
}

static guint
listed_cases (McWindow *window)
{
  GtkWidget *list = mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW);
  GtkSelectionModel *model;

  /* The list is made at the first unlock. */
  if (list == NULL)
    return 0;
  model = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

/* The step line of a case row: the first label in one that starts with
 * "Step ". The case page has lists of its own, so rows are looked for,
 * not the list. */
static GtkWidget *
find_step_label (GtkWidget *widget,
                 gboolean   in_row)
{
  in_row |= MC_IS_CASE_ROW (widget);
  if (in_row && GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), "Step "))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_step_label (child, in_row);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The step line of the case's row, NULL while no row shows it. */
static const char *
row_step_text (McWindow *window)
{
  GtkWidget *label = find_step_label (GTK_WIDGET (window), FALSE);

  return label != NULL ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

/* Whether the row showing the step shows the warning icon. */
static gboolean
row_needs_attention (McWindow *window)
{
  GtkWidget *label = find_step_label (GTK_WIDGET (window), FALSE);
  GtkWidget *row = label != NULL ? gtk_widget_get_ancestor (label, MC_TYPE_CASE_ROW) : NULL;
  GtkWidget *icon;

  g_assert_nonnull (row);
  icon = mc_test_find_descendant (row, GTK_TYPE_IMAGE);
  g_assert_nonnull (icon);
  /* The words of the case page, for those who cannot see the icon. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (icon), ==, "Needs attention");
  return gtk_widget_get_visible (icon);
}

/* A button with an icon and @label (AdwButtonContent). */
static gboolean
is_content_button (GtkWidget     *widget,
                   gconstpointer  label)
{
  GtkWidget *child = GTK_IS_BUTTON (widget) ? gtk_button_get_child (GTK_BUTTON (widget)) : NULL;

  return child != NULL && ADW_IS_BUTTON_CONTENT (child)
         && g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)), label) == 0;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  return mc_test_find_widget (widget, is_content_button, label);
}

/* A shown button with @text as its label or, for an icon button, its tooltip. */
static gboolean
is_plain_button (GtkWidget     *widget,
                 gconstpointer  text)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
         && (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0
             || g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0);
}

static GtkWidget *
find_plain_button (GtkWidget  *widget,
                   const char *text)
{
  return mc_test_find_widget (widget, is_plain_button, text);
}

static guint
n_signals (McCasePage *case_page)
{
  return g_list_model_get_n_items (mc_case_get_signals (mc_case_page_get_case (case_page)));
}

/* Opening a case writes who read it into the audit trail. */
static void
check_view_logged (McWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  McHistoryEntry *newest;

  history = mc_store_list_case_history (mc_window_get_store (window), case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >, 0);
  newest = g_ptr_array_index (history, 0);
  g_assert_cmpint (newest->event, ==, MC_AUDIT_EVENT_VIEW);
}

/* A removed signal comes back through the toast's Undo, stored again; a
 * lock takes the offer away. */
static void
check_undo (McWindow   *window,
            McCasePage *case_page)
{
  g_autoptr(McCase) stored = NULL;
  g_autoptr(GError) error = NULL;

  mc_case_page_show_step (case_page, 1);
  WAIT_UNTIL (find_plain_button (GTK_WIDGET (case_page), "Remove Signal") != NULL);
  g_assert_cmpuint (n_signals (case_page), ==, 1);
  g_signal_emit_by_name (find_plain_button (GTK_WIDGET (case_page), "Remove Signal"), "clicked");
  g_assert_cmpuint (n_signals (case_page), ==, 0);

  WAIT_UNTIL (find_plain_button (GTK_WIDGET (window), "_Undo") != NULL);
  g_signal_emit_by_name (find_plain_button (GTK_WIDGET (window), "_Undo"), "clicked");
  g_assert_cmpuint (n_signals (case_page), ==, 1);
  stored = mc_store_load_case (mc_window_get_store (window), case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (stored)), ==, 1);
  WAIT_UNTIL (find_plain_button (GTK_WIDGET (window), "_Undo") == NULL);

  /* Removed again, then locked at once (before the toast has drawn a
   * frame): no Undo left to click. */
  WAIT_UNTIL (find_plain_button (GTK_WIDGET (case_page), "Remove Signal") != NULL);
  g_signal_emit_by_name (find_plain_button (GTK_WIDGET (case_page), "Remove Signal"), "clicked");
  WAIT_UNTIL (find_plain_button (GTK_WIDGET (window), "_Undo") != NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  WAIT_UNTIL (find_plain_button (GTK_WIDGET (window), "_Undo") == NULL);
  type_passphrase (window, PASSPHRASE);
  g_assert_true (mc_window_open_case (window, case_id));
  g_assert_cmpuint (n_signals (case_page), ==, 0);
}

/* The row says where the case stands as the case page does, not which
 * step has the last record, and follows the case as it changes. */
static void
check_case_row (McWindow   *window,
                McCasePage *case_page)
{
  g_autofree char *step1 = g_strdup_printf ("Step 1 of 5 · %s", case_number);
  g_autofree char *step5 = g_strdup_printf ("Step 5 of 5 · %s", case_number);
  GtkWidget *add_signal;

  /* Records up to step 5, but no signal in step 1 while a decision was
   * taken: step 1, and it needs attention. */
  WAIT_UNTIL (row_step_text (window) != NULL);
  g_assert_cmpstr (row_step_text (window), ==, step1);
  g_assert_true (row_needs_attention (window));

  /* A signal completes step 1: the row moves on once the list reloads. */
  g_assert_true (mc_window_open_case (window, case_id));
  mc_case_page_show_step (case_page, 1);
  add_signal = find_button (GTK_WIDGET (case_page), "_Add Signal");
  g_assert_nonnull (add_signal);
  g_signal_emit_by_name (add_signal, "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (mc_case_page_get_case (case_page))), ==, 1);
  /* Back to the list, which a narrow window hides behind the case. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-cases", NULL);
  WAIT_UNTIL (g_strcmp0 (row_step_text (window), step5) == 0);
  g_assert_false (row_needs_attention (window));
}

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  McWindow *window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  McCasePage *case_page;
  gboolean *ran = user_data;

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_null (mc_window_get_store (window));
  /* Nothing of the cases is made before the first unlock. */
  g_assert_null (mc_test_find_descendant (GTK_WIDGET (window), MC_TYPE_CASE_PAGE));

  /* A wrong passphrase keeps the window locked. */
  type_passphrase (window, "dit is niet de wachtwoordzin");
  g_assert_null (mc_window_get_store (window));
  g_assert_cmpuint (listed_cases (window), ==, 0);

  type_passphrase (window, PASSPHRASE);
  g_assert_nonnull (mc_window_get_store (window));
  g_assert_cmpuint (listed_cases (window), ==, 1);
  case_page = MC_CASE_PAGE (mc_test_find_descendant (GTK_WIDGET (window), MC_TYPE_CASE_PAGE));
  g_assert_nonnull (case_page);
  check_case_row (window, case_page);
  g_assert_true (mc_window_open_case (window, case_id));
  check_view_logged (window);
  check_undo (window, case_page);
  /* The case menu's History (Ctrl+H) shows the page and back to a step. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL);
  g_assert_true (mc_case_page_is_showing_history (case_page));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-step", "i", 2);
  g_assert_false (mc_case_page_is_showing_history (case_page));
  g_assert_cmpuint (mc_case_page_get_step (case_page), ==, 2);
  g_assert_nonnull (mc_case_page_get_case (case_page));

  /* Locking leaves nothing of the cases in the views. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  g_assert_null (mc_window_get_store (window));
  g_assert_null (mc_case_page_get_case (case_page));
  g_assert_cmpuint (listed_cases (window), ==, 0);
  g_assert_false (mc_window_open_case (window, case_id));

  /* Idle for longer than the auto-lock time: locked again. */
  type_passphrase (window, PASSPHRASE);
  g_assert_nonnull (mc_window_get_store (window));
  g_object_set (window, "idle-lock-seconds", 1, NULL);
  WAIT_UNTIL (mc_window_get_store (window) == NULL);
  g_assert_cmpuint (listed_cases (window), ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  *ran = TRUE;
}

static void
test_window_lock_cycle (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  gboolean ran = FALSE;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_settings_set_string (mc_application_get_settings (app), "last-store-path", store_dir);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &ran);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (ran);
}

static void
insert (McStore  *store,
        McRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_insert (store, record, &error));
  g_assert_no_error (error);
}

/* One case of a 12-year-old (no kindcheck): steps 2 to 4 done and a
 * decision taken, but no signal. */
static void
make_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCase) kase = mc_case_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) born = g_date_time_add_years (now, -12);
  g_autofree char *birth_date = g_date_time_format (born, "%Y-%m-%d");
  g_autoptr(McConsultation) consultation = NULL;
  g_autoptr(McConversation) conversation = NULL;
  McWeighing *weighing;
  McDecision *decision;

  store_dir = g_build_filename (g_get_tmp_dir (), "meldcode-test-window-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (store_dir));
  g_assert_no_errno (g_rmdir (store_dir));

  store = mc_store_create (store_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  mc_record_set_string (MC_RECORD (kase), "client-name", "Sem Jansen");
  mc_record_set_string (MC_RECORD (kase), "birth-date", birth_date);
  insert (store, MC_RECORD (kase));
  case_id = mc_record_get_id (MC_RECORD (kase));
  case_number = g_strdup (mc_record_get_string (MC_RECORD (kase), "number"));

  consultation = mc_consultation_new (case_id);
  mc_record_set_string (MC_RECORD (consultation), "advice", "Verder in kaart brengen");
  insert (store, MC_RECORD (consultation));
  conversation = mc_conversation_new (case_id);
  mc_record_set_string (MC_RECORD (conversation), "not-held-reason", "skip-client-safety");
  insert (store, MC_RECORD (conversation));
  weighing = mc_case_get_weighing (kase);
  mc_record_set_answer (MC_RECORD (weighing), "acute", MC_ANSWER_NO);
  mc_record_set_answer (MC_RECORD (weighing), "structural", MC_ANSWER_YES);
  insert (store, MC_RECORD (weighing));
  decision = mc_case_get_decision (kase);
  mc_record_set_answer (MC_RECORD (decision), "report-needed", MC_ANSWER_NO);
  mc_record_set_string (MC_RECORD (decision), "decided-on", "2026-11-28");
  insert (store, MC_RECORD (decision));

  g_assert_true (mc_store_close (store, &error));
}

int
main (int argc, char *argv[])
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (&argc, &argv, NULL);

  make_store ();
  g_test_add_func ("/ui/window/lock-cycle", test_window_lock_cycle);
  status = g_test_run ();
  mc_test_remove_tree (store_dir);
  g_free (store_dir);
  g_free (case_number);

  return status;
}
