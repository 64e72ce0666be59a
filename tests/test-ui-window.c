/* test-ui-window.c: unlocking, locking and the auto-lock of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "mc-application.h"
#include "mc-case-page.h"
#include "mc-unlock-page.h"
#include "mc-window.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "Zonnige dinsdag in Hoogeveen"

static char *store_dir;
static gint64 case_id;

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
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (list));

  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  McWindow *window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  McCasePage *case_page = MC_CASE_PAGE (mc_test_find_descendant (GTK_WIDGET (window), MC_TYPE_CASE_PAGE));
  gboolean *ran = user_data;

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_null (mc_window_get_store (window));

  /* A wrong passphrase keeps the window locked. */
  type_passphrase (window, "dit is niet de wachtwoordzin");
  g_assert_null (mc_window_get_store (window));
  g_assert_cmpuint (listed_cases (window), ==, 0);

  type_passphrase (window, PASSPHRASE);
  g_assert_nonnull (mc_window_get_store (window));
  g_assert_cmpuint (listed_cases (window), ==, 1);
  g_assert_true (mc_window_open_case (window, case_id));
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
make_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCase) kase = mc_case_new ();

  store_dir = g_build_filename (g_get_tmp_dir (), "meldcode-test-window-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (store_dir));
  g_assert_no_errno (g_rmdir (store_dir));

  store = mc_store_create (store_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  mc_record_set_string (MC_RECORD (kase), "client-name", "Sem Jansen");
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  case_id = mc_record_get_id (MC_RECORD (kase));
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

  return status;
}
