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
#include "mc-close-case-dialog.h"
#include "mc-completeness.h"
#include "mc-reopen-case-dialog.h"
#include "mc-text-field.h"
#include "mc-unlock-page.h"
#include "mc-window.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "Zonnige dinsdag in Hoogeveen"

static char *store_dir;
static gint64 case_id;
static char *case_number;

/* The store of the lifecycle test: a case that is closed and reopened,
 * and one with an agreement that is overdue. */
static char *lifecycle_dir;
static gint64 open_id;
static char *open_number;
static gint64 due_id;
static char *due_number;
/* More cases than GTK 4.8's list view binds rows (some 200). */
static char *many_dir;
#define N_LARGE 230
#define N_SMALL 12

/* Types into the unlock page and presses Enter, as a user would. */
static void
type_passphrase (McWindow   *window,
                 const char *passphrase)
{
  GtkWidget *page = mc_test_find_descendant (GTK_WIDGET (window), MC_TYPE_UNLOCK_PAGE);
  GtkWidget *row = mc_test_find_descendant (page, ADW_TYPE_PASSWORD_ENTRY_ROW);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), passphrase);
  mc_test_activate (row);
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
  mc_test_activate (find_plain_button (GTK_WIDGET (case_page), "Remove Signal"));
  g_assert_cmpuint (n_signals (case_page), ==, 0);

  WAIT_UNTIL (find_plain_button (GTK_WIDGET (window), "_Undo") != NULL);
  mc_test_activate (find_plain_button (GTK_WIDGET (window), "_Undo"));
  g_assert_cmpuint (n_signals (case_page), ==, 1);
  stored = mc_store_load_case (mc_window_get_store (window), case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (stored)), ==, 1);
  WAIT_UNTIL (find_plain_button (GTK_WIDGET (window), "_Undo") == NULL);

  /* Removed again, then locked at once (before the toast has drawn a
   * frame): no Undo left to click. */
  WAIT_UNTIL (find_plain_button (GTK_WIDGET (case_page), "Remove Signal") != NULL);
  mc_test_activate (find_plain_button (GTK_WIDGET (case_page), "Remove Signal"));
  WAIT_UNTIL (find_plain_button (GTK_WIDGET (window), "_Undo") != NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  WAIT_UNTIL (find_plain_button (GTK_WIDGET (window), "_Undo") == NULL);
  type_passphrase (window, PASSPHRASE);
  g_assert_true (mc_window_open_case (window, case_id));
  g_assert_cmpuint (n_signals (case_page), ==, 0);
}

static gboolean is_row_titled (GtkWidget     *widget,
                               gconstpointer  title);

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
  mc_test_activate (add_signal);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (mc_case_page_get_case (case_page))), ==, 1);
  /* A signal counts with what was seen and by whom. */
  {
    GtkWidget *field = mc_test_find_descendant (GTK_WIDGET (case_page), MC_TYPE_TEXT_FIELD);
    GtkWidget *observer = mc_test_find_widget (GTK_WIDGET (case_page), is_row_titled, "Seen or heard by");

    g_assert_nonnull (field);
    g_assert_nonnull (observer);
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (mc_text_field_get_text_view (MC_TEXT_FIELD (field))),
                              "Blauwe plekken op de armen.", -1);
    gtk_editable_set_text (GTK_EDITABLE (observer), "Eva de Wit");
  }
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

/* A notification service on the session bus, as a desktop has one: what
 * Meldcode sends arrives here. */

typedef struct
{
  GDBusConnection *connection;
  guint            registration;
  guint            owner;
  gboolean         owned;
  guint            n_notify;
  guint            n_close;
  guint32          last_id;
  char            *summary;
  char            *body;
  gboolean         has_default;
} FakeNotifications;

static FakeNotifications fake;

static const char fake_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  " <method name='Notify'>"
  "  <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "  <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "  <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/>"
  " </method>"
  " <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  " <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  " <method name='GetServerInformation'>"
  "  <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "  <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  " </method>"
  " <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  " <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "</interface></node>";

static void
fake_method_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      g_autofree const char **actions = NULL;
      const char *summary;
      const char *body;
      guint32 replaces;

      g_variant_get (parameters, "(&su&s&s&s^a&s@a{sv}i)", NULL, &replaces, NULL, &summary, &body,
                     &actions, NULL, NULL);
      fake.n_notify++;
      fake.last_id = replaces != 0 ? replaces : fake.n_notify;
      g_free (fake.summary);
      fake.summary = g_strdup (summary);
      g_free (fake.body);
      fake.body = g_strdup (body);
      fake.has_default = actions != NULL && g_strv_contains (actions, "default");
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", fake.last_id));
    }
  else if (g_str_equal (method_name, "CloseNotification"))
    {
      fake.n_close++;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "fake", "test", "1", "1.2"));
}

static void
fake_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  fake.owned = TRUE;
}

static void
fake_start (void)
{
  static const GDBusInterfaceVTable vtable = { fake_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  /* A connection of its own, as another program's would be. */
  fake.connection = g_dbus_connection_new_for_address_sync (address,
                                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                            | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                            NULL, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (fake_xml, &error);
  g_assert_no_error (error);
  fake.registration = g_dbus_connection_register_object (fake.connection, "/org/freedesktop/Notifications",
                                                         info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  fake.owner = g_bus_own_name_on_connection (fake.connection, "org.freedesktop.Notifications",
                                             G_BUS_NAME_OWNER_FLAGS_NONE, fake_acquired_cb, NULL, NULL, NULL);
  WAIT_UNTIL (fake.owned);
}

static void
fake_stop (void)
{
  g_bus_unown_name (fake.owner);
  g_dbus_connection_unregister_object (fake.connection, fake.registration);
  g_dbus_connection_close_sync (fake.connection, NULL, NULL);
  g_clear_object (&fake.connection);
  g_clear_pointer (&fake.summary, g_free);
  g_clear_pointer (&fake.body, g_free);
}

/* A click on the notification, as the service reports it. */
static void
fake_click (void)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (fake.connection, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", fake.last_id, "default"), &error);
  g_assert_no_error (error);
}

/* The lifecycle of a case in the window */

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

/* The client names the list's rows show on screen, sorted, "|" between. */
static void
collect_row_names (GtkWidget *widget,
                   GPtrArray *names)
{
  if (MC_IS_CASE_ROW (widget))
    {
      GtkWidget *label = mc_test_find_descendant (widget, GTK_TYPE_LABEL);

      if (gtk_widget_get_mapped (widget) && label != NULL)
        g_ptr_array_add (names, g_strdup (gtk_label_get_label (GTK_LABEL (label))));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_row_names (child, names);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
row_names (GtkWidget *list)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  collect_row_names (list, names);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("|", (char **) names->pdata);
}

static gboolean
label_starts_with (GtkWidget     *widget,
                   gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
         && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

static GtkDropDown *
filter_dropdown (McWindow *window)
{
  GtkWidget *dropdown = mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN);

  g_assert_nonnull (dropdown);
  return GTK_DROP_DOWN (dropdown);
}

/* The filter of that name, chosen as a user chooses it. */
static void
choose_filter (McWindow   *window,
               const char *name)
{
  GtkDropDown *dropdown = filter_dropdown (window);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }
  g_error ("No filter “%s”", name);
}

/* The case list, not a list inside a drop-down of the case page (the
 * leaflet reorders its children, so the first list is not always it). */
static gboolean
is_case_list (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_LIST_VIEW (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar");
}

static gboolean
lists_case (McWindow *window,
            gint64    id)
{
  GtkWidget *list = mc_test_find_widget (GTK_WIDGET (window), is_case_list, NULL);
  GListModel *model;

  g_assert_nonnull (list);
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (model, i);

      if (mc_case_summary_get_id (summary) == id)
        return TRUE;
    }
  return FALSE;
}

static void
activate_default (GtkWidget *dialog)
{
  GtkWidget *button = gtk_window_get_default_widget (GTK_WINDOW (dialog));

  g_assert_nonnull (button);
  mc_test_activate (button);
}

static void
type_note (GtkWidget  *dialog,
           const char *text)
{
  GtkWidget *field = mc_test_find_descendant (dialog, MC_TYPE_TEXT_FIELD);

  g_assert_nonnull (field);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (mc_text_field_get_text_view (MC_TEXT_FIELD (field))),
                            text, -1);
}

static gboolean
history_has (McWindow     *window,
             gint64        id,
             McAuditEvent  event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = mc_store_list_case_history (mc_window_get_store (window), id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    if (((McHistoryEntry *) g_ptr_array_index (history, i))->event == event)
      return TRUE;
  return FALSE;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
on_activate_lifecycle (GApplication *app,
                       gpointer      user_data)
{
  McWindow *window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  McCasePage *case_page;
  g_autofree char *body = NULL;
  g_autofree char *closed_row = NULL;
  GtkWidget *dialog;
  gboolean *ran = user_data;
  guint closes;

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  type_passphrase (window, PASSPHRASE);
  g_assert_nonnull (mc_window_get_store (window));
  case_page = MC_CASE_PAGE (mc_test_find_descendant (GTK_WIDGET (window), MC_TYPE_CASE_PAGE));

  /* The reminder at unlock: how many and which case, no name. */
  WAIT_UNTIL (fake.n_notify == 1);
  body = g_strdup_printf ("1 follow-up agreement due: %s", due_number);
  g_assert_cmpstr (fake.summary, ==, "Due in Meldcode");
  g_assert_cmpstr (fake.body, ==, body);
  g_assert_null (strstr (fake.body, "Bram"));
  g_assert_true (fake.has_default);
  /* A click opens the case. */
  fake_click ();
  WAIT_UNTIL (mc_case_page_get_case (case_page) != NULL
              && mc_record_get_id (MC_RECORD (mc_case_page_get_case (case_page))) == due_id);

  /* The filters: the due one lists only the case with the overdue
   * agreement; "needs attention" what the rows flag. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-cases", NULL);
  choose_filter (window, "Follow-up due");
  g_assert_true (lists_case (window, due_id));
  g_assert_false (lists_case (window, open_id));
  choose_filter (window, "Needs attention");
  {
    McStore *store = mc_window_get_store (window);
    McProtocol *protocol = mc_application_get_protocol (MC_APPLICATION (app));
    const gint64 ids[] = { open_id, due_id };

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autoptr(McCase) loaded = mc_store_load_case (store, ids[i], NULL);
        gboolean needs_attention = FALSE;

        mc_case_get_progress (loaded, protocol, &needs_attention);
        g_assert_cmpint (lists_case (window, ids[i]), ==, needs_attention);
      }
  }

  /* A search, typed: a new text replaces the old in one reload (the
   * entry is empty for a moment in between, and the whole list must not
   * be read and shown for it), and the entry's own delayed search-changed
   * does not read it again. */
  choose_filter (window, "All");
  {
    GtkWidget *entry = mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
    GtkWidget *list = mc_test_find_widget (GTK_WIDGET (window), is_case_list, NULL);
    GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
    guint changes = 0;
    gulong handler;

    gtk_editable_set_text (GTK_EDITABLE (entry), "anouk");
    WAIT_UNTIL (g_list_model_get_n_items (model) == 1 && lists_case (window, open_id));
    mc_test_settle ();
    handler = g_signal_connect_swapped (model, "items-changed", G_CALLBACK (count_cb), &changes);
    gtk_editable_set_text (GTK_EDITABLE (entry), "bram");
    WAIT_UNTIL (lists_case (window, due_id));
    mc_test_settle ();
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
    g_assert_cmpuint (changes, ==, 0);
    g_signal_handler_disconnect (model, handler);

    {
      g_autofree char *names = row_names (list);

      g_assert_cmpstr (names, ==, "Bram Smit");
    }

    /* The rows the list lets go are kept for the next ones (mc-case-row.c):
     * Bram's row shows Anouk next. */
    gtk_editable_set_text (GTK_EDITABLE (entry), "zz nothing");
    WAIT_UNTIL (g_list_model_get_n_items (model) == 0);
    g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (window), is_label, "No Cases Found"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "anouk");
    WAIT_UNTIL (g_list_model_get_n_items (model) == 1);
    mc_test_settle ();
    {
      g_autofree char *names = row_names (list);

      g_assert_cmpstr (names, ==, "Anouk Visser");
    }
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
    WAIT_UNTIL (g_list_model_get_n_items (model) == 2);
    mc_test_settle ();
    {
      g_autofree char *names = row_names (list);

      g_assert_cmpstr (names, ==, "Anouk Visser|Bram Smit");
    }
  }

  /* Closed through the case menu's action and its dialog. */
  choose_filter (window, "Open");
  g_assert_true (mc_window_open_case (window, open_id));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-case", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (MC_TYPE_CLOSE_CASE_DIALOG)) != NULL);
  {
    GtkWidget *reason = mc_test_find_widget (dialog, is_row_titled, "Reason");
    GListModel *reasons = adw_combo_row_get_model (ADW_COMBO_ROW (reason));

    for (guint i = 0; i < g_list_model_get_n_items (reasons); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (reasons), i), "De zorgen zijn weggenomen") == 0)
        adw_combo_row_set_selected (ADW_COMBO_ROW (reason), i);
  }
  type_note (dialog, "Gesprek met moeder en school: geen zorgen meer.");
  activate_default (dialog);
  WAIT_UNTIL (find_toplevel (MC_TYPE_CLOSE_CASE_DIALOG) == NULL);
  g_assert_true (mc_case_page_is_closed (case_page));
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (case_page), label_starts_with, "Closed on "));
  for (int step = 1; step <= 5; step++)
    {
      GtkWidget *stack = mc_test_find_descendant (GTK_WIDGET (case_page), GTK_TYPE_STACK);

      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-step", "i", step);
      g_assert_false (gtk_widget_is_sensitive (gtk_stack_get_visible_child (GTK_STACK (stack))));
    }
  g_assert_true (history_has (window, open_id, MC_AUDIT_EVENT_CLOSE));

  /* The closed filter lists it with its reason; the open one not. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-cases", NULL);
  WAIT_UNTIL (!lists_case (window, open_id));
  choose_filter (window, "Closed");
  g_assert_true (lists_case (window, open_id));
  g_assert_false (lists_case (window, due_id));
  closed_row = g_strdup_printf ("Closed · %s", open_number);
  WAIT_UNTIL (mc_test_find_widget (GTK_WIDGET (window), is_label, closed_row) != NULL);
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (window), is_label, "De zorgen zijn weggenomen"));
  choose_filter (window, "All");
  g_assert_true (lists_case (window, open_id));
  g_assert_true (lists_case (window, due_id));

  /* Reopened through the case menu, with a note. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reopen-case", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (MC_TYPE_REOPEN_CASE_DIALOG)) != NULL);
  type_note (dialog, "School meldt nieuwe zorgen.");
  activate_default (dialog);
  WAIT_UNTIL (find_toplevel (MC_TYPE_REOPEN_CASE_DIALOG) == NULL);
  g_assert_false (mc_case_page_is_closed (case_page));
  g_assert_true (history_has (window, open_id, MC_AUDIT_EVENT_REOPEN));
  choose_filter (window, "Open");
  WAIT_UNTIL (lists_case (window, open_id));

  /* Each unlock reminds again; locking takes the reminder away (the
   * one clicked is gone already). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  type_passphrase (window, PASSPHRASE);
  WAIT_UNTIL (fake.n_notify == 2);
  /* GIO withdraws only a notification whose id the service returned. */
  mc_test_settle ();
  closes = fake.n_close;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  WAIT_UNTIL (fake.n_close > closes);

  /* From a reminder while locked: the case opens at the unlock. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-case", g_variant_new_int64 (due_id));
  g_assert_null (mc_window_get_store (window));
  type_passphrase (window, PASSPHRASE);
  g_assert_nonnull (mc_case_page_get_case (case_page));
  g_assert_cmpint (mc_record_get_id (MC_RECORD (mc_case_page_get_case (case_page))), ==, due_id);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  *ran = TRUE;
}

static void
test_window_lifecycle (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  gboolean ran = FALSE;

  fake_start ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_settings_set_string (mc_application_get_settings (app), "last-store-path", lifecycle_dir);
  g_settings_set_int64 (mc_application_get_settings (app), "last-case-id", 0);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_lifecycle), &ran);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (ran);
  fake_stop ();
}

static void
insert (McStore  *store,
        McRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_insert (store, record, &error));
  g_assert_no_error (error);
}

/* N_LARGE clients named "Groot", N_SMALL named "Klein", in one batch. */
static void
make_many_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;

  many_dir = g_build_filename (g_get_tmp_dir (), "meldcode-test-many-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (many_dir));
  g_assert_no_errno (g_rmdir (many_dir));

  store = mc_store_create (many_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_begin_batch (store, &error));
  for (guint i = 0; i < N_LARGE + N_SMALL; i++)
    {
      g_autoptr(McCase) kase = mc_case_new ();
      g_autofree char *name = i < N_LARGE ? g_strdup_printf ("Groot %03u", i) : g_strdup_printf ("Klein %03u", i);

      mc_record_set_string (MC_RECORD (kase), "client-name", name);
      insert (store, MC_RECORD (kase));
    }
  g_assert_true (mc_store_commit_batch (store, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
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
  mc_record_set_string (MC_RECORD (consultation), "role", "consult-veilig-thuis");
  mc_record_set_string (MC_RECORD (consultation), "advice", "Verder in kaart brengen");
  insert (store, MC_RECORD (consultation));
  conversation = mc_conversation_new (case_id);
  mc_record_set_string (MC_RECORD (conversation), "not-held-reason", "skip-client-safety");
  insert (store, MC_RECORD (conversation));
  weighing = mc_case_get_weighing (kase);
  /* No acute or structural unsafety: a decision not to report then breaks
   * no meldnorm. */
  mc_record_set_answer (MC_RECORD (weighing), "acute", MC_ANSWER_NO);
  mc_record_set_answer (MC_RECORD (weighing), "structural", MC_ANSWER_NO);
  insert (store, MC_RECORD (weighing));
  decision = mc_case_get_decision (kase);
  mc_record_set_answer (MC_RECORD (decision), "report-needed", MC_ANSWER_NO);
  mc_record_set_string (MC_RECORD (decision), "decided-on", "2026-11-28");
  insert (store, MC_RECORD (decision));

  g_assert_true (mc_store_close (store, &error));
}

static void
make_lifecycle_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCase) open_case = mc_case_new ();
  g_autoptr(McCase) due_case = mc_case_new ();
  g_autoptr(McSignal) signal = NULL;
  g_autoptr(McFollowUp) follow_up = NULL;

  lifecycle_dir = g_build_filename (g_get_tmp_dir (), "meldcode-test-lifecycle-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (lifecycle_dir));
  g_assert_no_errno (g_rmdir (lifecycle_dir));

  store = mc_store_create (lifecycle_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  mc_record_set_string (MC_RECORD (open_case), "client-name", "Anouk Visser");
  insert (store, MC_RECORD (open_case));
  open_id = mc_record_get_id (MC_RECORD (open_case));
  open_number = g_strdup (mc_record_get_string (MC_RECORD (open_case), "number"));
  signal = mc_signal_new (open_id);
  mc_record_set_string (MC_RECORD (signal), "description", "Vaak afwezig op school.");
  insert (store, MC_RECORD (signal));

  /* An agreement that should have been checked long ago. */
  mc_record_set_string (MC_RECORD (due_case), "client-name", "Bram Smit");
  insert (store, MC_RECORD (due_case));
  due_id = mc_record_get_id (MC_RECORD (due_case));
  due_number = g_strdup (mc_record_get_string (MC_RECORD (due_case), "number"));
  follow_up = mc_follow_up_new (due_id);
  mc_record_set_string (MC_RECORD (follow_up), "description", "Huisbezoek met het wijkteam.");
  mc_record_set_string (MC_RECORD (follow_up), "due-on", "2020-01-15");
  insert (store, MC_RECORD (follow_up));

  g_assert_true (mc_store_close (store, &error));
}

typedef struct
{
  float      y;
  GtkWidget *row;
} ShownRow;

/* The rows on screen (mapped), with where they are in the list. */
static void
collect_shown_rows (GtkWidget *list,
                    GtkWidget *widget,
                    GArray    *rows)
{
  if (MC_IS_CASE_ROW (widget))
    {
      graphene_rect_t bounds;

      if (gtk_widget_get_mapped (widget) && gtk_widget_compute_bounds (widget, list, &bounds))
        {
          ShownRow row = { graphene_rect_get_y (&bounds), widget };

          g_array_append_val (rows, row);
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shown_rows (list, child, rows);
}

static int
compare_shown (gconstpointer a,
               gconstpointer b)
{
  const ShownRow *x = a, *y = b;

  return x->y < y->y ? -1 : x->y > y->y;
}

/* Whether each row on screen shows the case at its position: the rows,
 * top to bottom, show a run of the list's cases in the list's order. */
static gboolean
rows_show_their_cases (GtkWidget *list)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (ShownRow));
  guint first = G_MAXUINT;

  collect_shown_rows (list, list, rows);
  g_array_sort (rows, compare_shown);
  if (rows->len == 0)
    return g_list_model_get_n_items (model) == 0;

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *label = mc_test_find_descendant (g_array_index (rows, ShownRow, i).row, GTK_TYPE_LABEL);
      const char *shown = gtk_label_get_label (GTK_LABEL (label));
      g_autoptr(McCaseSummary) summary = NULL;

      if (first == G_MAXUINT)
        for (guint position = 0; position < g_list_model_get_n_items (model) && first == G_MAXUINT; position++)
          {
            g_autoptr(McCaseSummary) at = g_list_model_get_item (model, position);

            if (g_strcmp0 (mc_case_summary_get_client_name (at), shown) == 0)
              first = position;
          }
      if (first == G_MAXUINT)
        {
          g_test_message ("Row %u of %u on screen shows %s, which the list does not hold", i, rows->len, shown);
          return FALSE;
        }
      summary = g_list_model_get_item (model, first + i);
      if (summary == NULL || g_strcmp0 (mc_case_summary_get_client_name (summary), shown) != 0)
        {
          g_test_message ("Row %u of %u on screen shows %s, not %s", i, rows->len, shown,
                          summary != NULL ? mc_case_summary_get_client_name (summary) : "(past the end)");
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  GtkWidget *list;
  guint      frames;
  guint      wrong;
} FrameCheck;

/* Every frame painted: what the rows on screen show. */
static void
check_frame_cb (GdkFrameClock *clock,
                FrameCheck    *check)
{
  check->frames++;
  if (!rows_show_their_cases (check->list))
    check->wrong++;
}

static void
search_for (GtkWidget  *entry,
            GListModel *model,
            const char *text,
            guint       n_found)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  WAIT_UNTIL (g_list_model_get_n_items (model) == n_found);
  mc_test_settle ();
}

/* A search that lengthens the list past the rows GTK 4.8's list view
 * binds: the rows it makes off screen show their cases only when they
 * come on screen (mc-case-row.c), and no frame shows a row with another
 * case than the one at its position, at the top or scrolled. */
static void
on_activate_many (GApplication *app,
                  gpointer      user_data)
{
  McWindow *window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gboolean *ran = user_data;
  GtkWidget *entry, *list;
  GtkAdjustment *adjustment;
  GListModel *model;
  FrameCheck check = { NULL, 0, 0 };
  gulong handler;

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  type_passphrase (window, PASSPHRASE);
  g_assert_nonnull (mc_window_get_store (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  entry = mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  list = mc_test_find_widget (GTK_WIDGET (window), is_case_list, NULL);
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  WAIT_UNTIL (g_list_model_get_n_items (model) == N_LARGE + N_SMALL);
  mc_test_settle ();

  check.list = list;
  handler = g_signal_connect (gtk_widget_get_frame_clock (list), "paint", G_CALLBACK (check_frame_cb), &check);
  for (guint round = 0; round < 2; round++)
    {
      search_for (entry, model, "klein", N_SMALL);
      g_assert_true (rows_show_their_cases (list));
      search_for (entry, model, "groot", N_LARGE);
      g_assert_true (rows_show_their_cases (list));
      g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
      /* Rows made off screen by the search come on screen. */
      for (guint page = 1; page <= 4; page++)
        {
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_page_size (adjustment) * page);
          mc_test_settle ();
          g_assert_true (rows_show_their_cases (list));
        }
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      mc_test_settle ();
      g_assert_true (rows_show_their_cases (list));
    }
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (list), handler);
  g_assert_cmpuint (check.frames, >, 0);
  g_assert_cmpuint (check.wrong, ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  *ran = TRUE;
}

static void
test_window_rows_follow_search (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  gboolean ran = FALSE;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_settings_set_string (mc_application_get_settings (app), "last-store-path", many_dir);
  g_settings_set_int64 (mc_application_get_settings (app), "last-case-id", 0);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_many), &ran);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (ran);
}

int
main (int argc, char *argv[])
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (&argc, &argv, NULL);

  make_store ();
  make_lifecycle_store ();
  make_many_store ();
  /* Before the lifecycle, whose last reminder may still be on its way
   * to the notification service it stops. */
  g_test_add_func ("/ui/window/rows-follow-search", test_window_rows_follow_search);
  g_test_add_func ("/ui/window/lock-cycle", test_window_lock_cycle);
  g_test_add_func ("/ui/window/lifecycle", test_window_lifecycle);
  status = g_test_run ();
  mc_test_remove_tree (store_dir);
  mc_test_remove_tree (lifecycle_dir);
  mc_test_remove_tree (many_dir);
  g_free (many_dir);
  g_free (store_dir);
  g_free (lifecycle_dir);
  g_free (case_number);
  g_free (open_number);
  g_free (due_number);

  return status;
}
