/* mc-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-case-list.h"
#include "mc-a11y.h"
#include "mc-case-page.h"
#include "mc-case-row.h"
#include "mc-completeness.h"
#include "mc-due.h"
#include "mc-new-case-dialog.h"
#include "mc-destroy-case-dialog.h"
#include "mc-report-actions.h"
#include "mc-transfer-actions.h"
#include "mc-setup-page.h"
#include "mc-unlock-page.h"
#include "mc-width-bin.h"
#include "stats/mc-stats-window.h"
#include "mc-window.h"
#include "mc-store-notices.h"

struct _McWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  McStore              *store;
  GtkWindow            *stats_window;   /* weak; closed at lock */
  McCase               *current_case;
  GtkSingleSelection   *selection;
  GCancellable         *cancellable;

  /* Auto-lock: the last input, checked once a second while unlocked. */
  gint64                last_activity;
  guint                 idle_lock_seconds;
  guint                 idle_source;
  guint                 saved_source;
  guint                 reload_source;
  /* A search change, reloaded once the entry's text has settled; and the
   * query the list shows (NULL: none, or it must be read again). */
  guint                 search_source;
  char                 *shown_search;
  McCaseFilter          shown_filter;
  /* The reminder of what is due: sent at unlock, then once a day while
   * unlocked; the Julian day it was last sent on. */
  guint                 reminder_source;
  guint32               reminded_on;

  AdwToastOverlay      *toast_overlay;
  /* Status changes said to a screen reader (mc_a11y_announce). */
  GtkOverlay           *announce_overlay;
  GtkWidget            *announcer;
  /* The toast that offers to undo a deletion; it holds the record. */
  AdwToast             *undo_toast;
  /* Every toast on screen or waiting, dismissed when the window locks. */
  GPtrArray            *toasts;
  GtkStack             *main_stack;
  GtkStack             *locked_stack;
  McSetupPage          *setup_page;
  McUnlockPage         *unlock_page;
  /* From mc-window-cases.ui, built at the first unlock (most of the
   * window, and none of it is needed to show the unlock page). */
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *filter_dropdown;
  GtkStack             *list_stack;
  GtkListView          *case_list;
  AdwWindowTitle       *content_title;
  GtkWidget            *case_menu_button;
  GtkWidget            *saved_label;
  GtkStack             *content_stack;
  McCasePage           *case_page;
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

/* The items of the filter drop-down, in its order. "Needs attention" is
 * held against the protocol the window gives the store. */
typedef enum
{
  LIST_FILTER_OPEN,
  LIST_FILTER_NEEDS_ATTENTION,
  LIST_FILTER_FOLLOW_UP_DUE,
  LIST_FILTER_CLOSED,
  LIST_FILTER_DUE_FOR_DESTRUCTION,
  LIST_FILTER_ALL,
} ListFilter;

/* How often an unlocked window looks whether a new day has begun. */
#define REMINDER_CHECK_SECONDS (10 * 60)

enum {
  PROP_0,
  PROP_IDLE_LOCK_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static McApplication *
get_application (McWindow *self)
{
  return MC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
on_toast_gone_cb (AdwToast *toast,
                  McWindow *self)
{
  /* The overlay dismisses what it still shows when the window goes. */
  if (self->toasts != NULL)
    g_ptr_array_remove (self->toasts, toast);
}

/* libadwaita's toast has a close button without a name: named once the
 * toast's widget exists. */
static gboolean
name_toasts_cb (gpointer user_data)
{
  McWindow *self = user_data;

  if (self->toast_overlay != NULL)
    mc_a11y_name_tree (GTK_WIDGET (self->toast_overlay));
  return G_SOURCE_REMOVE;
}

static void
track_toast (McWindow *self,
             AdwToast *toast)
{
  g_ptr_array_add (self->toasts, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_gone_cb), self, 0);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, name_toasts_cb, g_object_ref (self), g_object_unref);
}

static void dismiss_toast_later (McWindow *self,
                                 AdwToast *toast);

/* Nothing about a case stays on the lock screen: a toast may name a file
 * or a client. */
static void
dismiss_all_toasts (McWindow *self)
{
  g_autoptr(GPtrArray) toasts = g_ptr_array_copy (self->toasts, NULL, NULL);

  for (guint i = 0; i < toasts->len; i++)
    dismiss_toast_later (self, g_ptr_array_index (toasts, i));
  g_ptr_array_set_size (self->toasts, 0);
}

static void
show_toast (McWindow   *self,
            const char *message)
{
  /* Toast titles are markup in libadwaita 1.2, and messages can quote
   * file names or what someone typed. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 6);
  track_toast (self, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  /* libadwaita 1.2 does not say a toast to a screen reader. */
  mc_a11y_announce (self->announcer, message);
}

static void
update_case_actions (McWindow *self)
{
  static const char * const case_actions[] = {
    "win.print", "win.export-pdf", "win.export-xml", "win.show-step",
    "win.export-anonymous-pdf", "win.export-anonymous-xml",
    "win.export-family-pdf", "win.export-family-xml", "win.inzage", "win.show-history",
    "win.transfer",
  };
  gboolean open = self->store != NULL && self->current_case != NULL;
  gboolean closed = open && mc_case_is_closed (self->current_case);

  for (guint i = 0; i < G_N_ELEMENTS (case_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), case_actions[i], open);
  /* The case menu offers the one that applies. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-case", open && !closed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reopen-case", closed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.destroy-case", open);
  if (self->case_menu_button != NULL)
    gtk_widget_set_visible (self->case_menu_button, open);
}

static void
update_actions (McWindow *self)
{
  gboolean unlocked = self->store != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-case", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-cases", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.receive", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.fingerprint", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-stats", unlocked);
  update_case_actions (self);
}

/* The case list */

static McCaseFilter
current_filter (McWindow *self)
{
  switch ((ListFilter) gtk_drop_down_get_selected (self->filter_dropdown))
    {
    case LIST_FILTER_OPEN:
      return MC_CASE_FILTER_OPEN;
    case LIST_FILTER_NEEDS_ATTENTION:
      return MC_CASE_FILTER_NEEDS_ATTENTION;
    case LIST_FILTER_FOLLOW_UP_DUE:
      return MC_CASE_FILTER_FOLLOW_UP_DUE;
    case LIST_FILTER_CLOSED:
      return MC_CASE_FILTER_CLOSED;
    case LIST_FILTER_DUE_FOR_DESTRUCTION:
      return MC_CASE_FILTER_DUE_FOR_DESTRUCTION;
    case LIST_FILTER_ALL:
    default:
      return MC_CASE_FILTER_ALL;
    }
}

static void
reload_case_list (McWindow *self)
{
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *shown;
  gint64 current_id = self->current_case != NULL ? mc_record_get_id (MC_RECORD (self->current_case)) : 0;

  g_clear_pointer (&self->shown_search, g_free);
  if (self->store == NULL)
    {
      gtk_single_selection_set_model (self->selection, NULL);
      return;
    }

  /* The states the list shows are worked out against the app's protocol
   * (again, once, when it changes). */
  mc_store_set_protocol (self->store, mc_application_get_protocol (get_application (self)));
  /* Only the ids are read here; GtkListView asks for the rows it shows
   * (mc-case-list.h). */
  cases = mc_store_list_cases_lazily (self->store, current_filter (self),
                                      gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), &error);
  if (cases == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  self->shown_search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  self->shown_filter = current_filter (self);

  /* The list shown takes the new ids and keeps its items: GTK 4.8's list
   * view makes its rows again (some 200) for every item that leaves its
   * model, and with a new model asks it for every item, looking for the
   * rows it kept (its anchor, the selected and the focused row). */
  shown = gtk_single_selection_get_model (self->selection);
  /* (Locking empties the selection: a list shown is of this store.) */
  if (MC_IS_CASE_LIST (shown))
    {
      mc_case_list_update (MC_CASE_LIST (shown), MC_CASE_LIST (cases));
      g_set_object (&cases, shown);
    }
  else
    {
      gtk_single_selection_set_model (self->selection, NULL);
      gtk_single_selection_set_model (self->selection, cases);
    }
  gtk_single_selection_set_selected (self->selection,
                                     current_id > 0 ? mc_case_list_find (MC_CASE_LIST (cases), current_id)
                                                    : GTK_INVALID_LIST_POSITION);

  /* "Nothing found" only when there was something to search for. */
  if (g_list_model_get_n_items (cases) > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_stack_set_visible_child_name (self->list_stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "none");
}

static gboolean
reload_case_list_cb (gpointer user_data)
{
  McWindow *self = user_data;

  self->reload_source = 0;
  reload_case_list (self);
  return G_SOURCE_REMOVE;
}

/* Autosave saves every few keystrokes: one query of the whole list for a
 * burst of saves is enough. */
static void
queue_case_list_reload (McWindow *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (500, reload_case_list_cb, self);
}

/* Another filter or search starts at the top of its list (the list keeps
 * its items, and with them where it was scrolled to). At the top first:
 * GTK 4.8's list view, told that the items around its anchor row are
 * gone (a shorter list than where it was scrolled to), kept rows bound
 * to items no longer in the list, on screen, showing cases the search
 * did not find (/ui/window/rows-follow-search). */
static void
reload_case_list_from_top (McWindow *self)
{
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->case_list)), 0);
  reload_case_list (self);
}

static gboolean
search_changed_idle_cb (gpointer user_data)
{
  McWindow *self = user_data;

  self->search_source = 0;
  /* The entry says a search again after its delay, and the list may show
   * that search already. */
  if (self->shown_search == NULL || self->shown_filter != current_filter (self)
      || strcmp (self->shown_search, gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) != 0)
    reload_case_list_from_top (self);
  return G_SOURCE_REMOVE;
}

/* Replacing the text (a paste over a selection, a completion) empties the
 * entry first, and GtkSearchEntry says an empty search at once: the whole
 * list would be read and shown for nothing. One reload, before the next
 * frame, with the text as it is then. */
static void
on_search_changed_cb (McWindow *self)
{
  if (self->search_source == 0)
    self->search_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, search_changed_idle_cb, self, NULL);
}

static void
on_filter_changed_cb (McWindow *self)
{
  reload_case_list_from_top (self);
}

/* A row shows the summary: the state the store keeps with the case, so
 * binding loads nothing; every saved change reloads the list. */
static void
bind_row_cb (GtkListItemFactory *factory,
             GtkListItem        *item,
             McWindow           *self)
{
  mc_case_row_set_summary (MC_CASE_ROW (gtk_list_item_get_child (item)),
                           gtk_list_item_get_item (item), self->store,
                           mc_application_get_protocol (get_application (self)));
}

static void
unbind_row_cb (GtkListItemFactory *factory,
               GtkListItem        *item,
               gpointer            user_data)
{
  mc_case_row_set_summary (MC_CASE_ROW (gtk_list_item_get_child (item)), NULL, NULL, NULL);
}

/* The open case */

/* Dismisses the toast on the second frame after it was handed here. */
static gboolean
dismiss_toast_tick_cb (GtkWidget     *overlay,
                       GdkFrameClock *clock,
                       gpointer       toast)
{
  if (g_object_get_data (toast, "mc-frames-waited") == NULL)
    {
      g_object_set_data (toast, "mc-frames-waited", GINT_TO_POINTER (1));
      return G_SOURCE_CONTINUE;
    }

  adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

static void
dismiss_toast_later (McWindow *self,
                     AdwToast *toast)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (self->toast_overlay), dismiss_toast_tick_cb,
                                g_object_ref (toast), g_object_unref);
}

static void
dismiss_undo_toast (McWindow *self)
{
  if (self->undo_toast == NULL)
    return;

  /* The record (case data) goes at once, so Undo does nothing now. The
   * toast goes once it has drawn a frame: libadwaita 1.2 crashes when a
   * toast is dismissed before its show animation has run. */
  g_object_set_data (G_OBJECT (self->undo_toast), "mc-record", NULL);
  g_ptr_array_remove (self->toasts, self->undo_toast);
  gtk_widget_add_tick_callback (GTK_WIDGET (self->toast_overlay), dismiss_toast_tick_cb,
                                g_object_ref (self->undo_toast), g_object_unref);
  self->undo_toast = NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-delete", FALSE);
}

static void
close_case (McWindow *self)
{
  dismiss_undo_toast (self);
  g_clear_object (&self->current_case);
  if (self->case_page == NULL)
    return;
  mc_case_page_set_case (self->case_page, NULL, NULL, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  adw_window_title_set_title (self->content_title, _("Meldcode"));
  adw_window_title_set_subtitle (self->content_title, NULL);
  update_case_actions (self);
}

gboolean
mc_window_open_case (McWindow *self,
                     gint64    case_id)
{
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);

  if (self->store == NULL)
    return FALSE;

  loaded = mc_store_load_case (self->store, case_id, &error);
  if (loaded == NULL)
    {
      show_toast (self, error->message);
      return FALSE;
    }
  /* Who read which case is logged too (NEN 7513). Reading is not refused
   * when the log cannot be written (a full disk): the user is told. */
  if (!mc_store_log_event (self->store, MC_AUDIT_EVENT_VIEW, case_id, NULL, &error))
    {
      show_toast (self, error->message);
      g_clear_error (&error);
    }

  g_set_object (&self->current_case, loaded);
  mc_case_page_set_case (self->case_page, self->store,
                         mc_application_get_protocol (get_application (self)), loaded);
  gtk_stack_set_visible_child_name (self->content_stack, "case");
  adw_window_title_set_title (self->content_title,
                              mc_record_get_string (MC_RECORD (loaded), "client-name"));
  adw_window_title_set_subtitle (self->content_title,
                                 mc_record_get_string (MC_RECORD (loaded), "number"));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  g_settings_set_int64 (self->settings, "last-case-id", case_id);
  update_case_actions (self);

  return TRUE;
}

static void
on_case_activated_cb (McWindow *self,
                      guint     position)
{
  g_autoptr(McCaseSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (summary != NULL)
    mc_window_open_case (self, mc_case_summary_get_id (summary));
}

static gboolean
hide_saved_cb (gpointer user_data)
{
  McWindow *self = user_data;

  gtk_widget_set_opacity (self->saved_label, 0);
  self->saved_source = 0;
  return G_SOURCE_REMOVE;
}

static void
on_case_saved_cb (McWindow *self)
{
  /* A quiet sign that autosave worked; no Save button to look for. */
  gtk_widget_set_opacity (self->saved_label, 1);
  if (self->saved_source == 0)
    mc_a11y_announce (self->announcer, _("Saved"));
  g_clear_handle_id (&self->saved_source, g_source_remove);
  self->saved_source = g_timeout_add_seconds (2, hide_saved_cb, self);

  if (self->current_case != NULL)
    adw_window_title_set_title (self->content_title,
                                mc_record_get_string (MC_RECORD (self->current_case), "client-name"));
  /* Closing and reopening are saved changes too. */
  update_case_actions (self);
  queue_case_list_reload (self);
}

static void
on_case_error_cb (McWindow   *self,
                  const char *message)
{
  show_toast (self, message);
}

static void
on_undo_clicked_cb (AdwToast *toast,
                    McWindow *self)
{
  McRecord *record = g_object_get_data (G_OBJECT (toast), "mc-record");

  if (record != NULL)
    mc_case_page_undo_delete (self->case_page, record);
}

static void
on_undo_toast_dismissed_cb (AdwToast *toast,
                            McWindow *self)
{
  if (self->undo_toast == toast)
    {
      self->undo_toast = NULL;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-delete", FALSE);
    }
}

/* A deletion is one click on a trash button: offer to take it back. */
static void
on_case_deleted_cb (McWindow   *self,
                    McRecord   *record,
                    const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  dismiss_undo_toast (self);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "mc-record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_undo_toast_dismissed_cb), self, 0);
  self->undo_toast = toast;
  track_toast (self, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-delete", TRUE);
  {
    /* Translators: said by a screen reader after "Signaal verwijderd". */
    g_autofree char *said = g_strdup_printf (_("%s. Ctrl+Z undoes it."), message);

    mc_a11y_announce (self->announcer, said);
  }
}

/* Ctrl+Z, while the toast offers it: the toast's button is out of the
 * Tab order. A text field's own Ctrl+Z comes first. */
static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  AdwToast *toast = self->undo_toast;

  if (toast == NULL)
    return;
  g_object_ref (toast);
  on_undo_clicked_cb (toast, self);
  dismiss_undo_toast (self);
  g_object_unref (toast);
}

/* Locking */

static gboolean
idle_check_cb (gpointer user_data)
{
  McWindow *self = user_data;
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  if (self->store != NULL && idle >= (gint64) self->idle_lock_seconds * G_USEC_PER_SEC)
    {
      mc_window_lock (self);
      show_toast (self, _("Meldcode locked itself after a period without use."));
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
on_any_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 McWindow                 *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      self->last_activity = g_get_monotonic_time ();
      break;

    case GDK_DELETE:
    case GDK_KEY_RELEASE:
    case GDK_BUTTON_RELEASE:
    case GDK_ENTER_NOTIFY:
    case GDK_LEAVE_NOTIFY:
    case GDK_FOCUS_CHANGE:
    case GDK_PROXIMITY_IN:
    case GDK_PROXIMITY_OUT:
    case GDK_DRAG_ENTER:
    case GDK_DRAG_LEAVE:
    case GDK_DRAG_MOTION:
    case GDK_DROP_START:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCH_CANCEL:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_BUTTON_RELEASE:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
    case GDK_PAD_GROUP_MODE:
    case GDK_GRAB_BROKEN:
    case GDK_TOUCHPAD_HOLD:
    case GDK_EVENT_LAST:
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

/* The audit log names who did what: the user of the preferences, or the
 * login name until one is set there. */
static void
read_actor (McWindow *self,
            char    **name,
            char    **role)
{
  *name = g_strstrip (g_settings_get_string (self->settings, "user-name"));
  *role = g_strstrip (g_settings_get_string (self->settings, "user-role"));
  if (**name == '\0')
    {
      g_free (*name);
      *name = g_strdup (g_get_user_name ());
    }
  if (**role == '\0')
    g_clear_pointer (role, g_free);
}

static void
update_actor (McWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;

  read_actor (self, &name, &role);
  if (self->store != NULL)
    mc_store_set_actor (self->store, name, role, NULL);
}

/* Reminders */

/* "2 follow-up agreements, 1 evaluation": the due items by kind. */
static char *
describe_due_kinds (GPtrArray *items)
{
  guint counts[MC_DUE_EVALUATION + 1] = { 0, };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < items->len; i++)
    {
      const McDueItem *item = g_ptr_array_index (items, i);

      if (item->kind <= MC_DUE_EVALUATION)
        counts[item->kind]++;
    }

  if (counts[MC_DUE_FOLLOW_UP] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u follow-up agreement", "%u follow-up agreements",
                                                       counts[MC_DUE_FOLLOW_UP]),
                                             counts[MC_DUE_FOLLOW_UP]));
  if (counts[MC_DUE_VT_FEEDBACK] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u response of Veilig Thuis", "%u responses of Veilig Thuis",
                                                       counts[MC_DUE_VT_FEEDBACK]),
                                             counts[MC_DUE_VT_FEEDBACK]));
  if (counts[MC_DUE_EVALUATION] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u evaluation", "%u evaluations",
                                                       counts[MC_DUE_EVALUATION]),
                                             counts[MC_DUE_EVALUATION]));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (", ", (char **) parts->pdata);
}

/* What is due today or earlier across the open cases, as a notification:
 * how many and the case numbers, never a client's name (a notification
 * shows on a locked screen and to whoever looks). Clicking it opens the
 * first case listed, the one due longest. */
static void
send_reminder (McWindow *self)
{
  McApplication *app = get_application (self);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) listed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *kinds = NULL;
  g_autofree char *body = NULL;
  gint64 first_case = 0;
  const guint max_numbers = 5;
  GDate today;

  if (self->store == NULL || app == NULL)
    return;

  mc_due_get_today (&today);
  items = mc_store_list_due (self->store, mc_application_get_protocol (app), &today, 0, &error);
  if (items == NULL)
    {
      g_debug ("No reminder: %s", error->message);
      return;
    }
  self->reminded_on = g_date_get_julian (&today);
  if (items->len == 0)
    {
      mc_application_withdraw_reminder (app);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      const McDueItem *item = g_ptr_array_index (items, i);

      if (first_case == 0)
        first_case = item->case_id;
      if (item->case_number != NULL && g_hash_table_add (seen, item->case_number))
        g_ptr_array_add (numbers, item->case_number);
    }
  for (guint i = 0; i < numbers->len && i < max_numbers; i++)
    {
      if (i > 0)
        g_string_append (listed, ", ");
      g_string_append (listed, g_ptr_array_index (numbers, i));
    }
  if (numbers->len > max_numbers)
    {
      guint more = numbers->len - max_numbers;

      /* Translators: after a list of case numbers in a reminder. */
      g_string_append_printf (listed, ngettext (" and %u more case", " and %u more cases", more), more);
    }

  kinds = describe_due_kinds (items);
  /* Translators: a reminder; the first %s counts what is due ("3 follow-up
   * agreements"), the second lists case numbers ("2026-0007, 2026-0012"). */
  body = g_strdup_printf (_("%s due: %s"), kinds, listed->str);
  notification = g_notification_new (_("Due in Meldcode"));
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.open-case", "x", first_case);
  mc_application_send_reminder (app, notification);
}

static gboolean
reminder_check_cb (gpointer user_data)
{
  McWindow *self = user_data;
  GDate today;

  mc_due_get_today (&today);
  if (self->store != NULL && g_date_get_julian (&today) != self->reminded_on)
    send_reminder (self);
  return G_SOURCE_CONTINUE;
}

static void
ensure_cases_view (McWindow *self)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkListItemFactory) factory = mc_case_row_factory_new ();
  g_autoptr(GError) error = NULL;

  if (self->leaflet != NULL)
    return;

  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "on_search_changed_cb", G_CALLBACK (on_search_changed_cb),
                                           "on_filter_changed_cb", G_CALLBACK (on_filter_changed_cb),
                                           "on_case_activated_cb", G_CALLBACK (on_case_activated_cb),
                                           NULL);
  gtk_builder_set_scope (builder, scope);
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  if (!gtk_builder_add_from_resource (builder, RESOURCE_PATH "/ui/mc-window-cases.ui", &error))
    g_error ("The window's cases do not build: %s", error->message);

  self->leaflet = ADW_LEAFLET (gtk_builder_get_object (builder, "leaflet"));
  self->sidebar = GTK_WIDGET (gtk_builder_get_object (builder, "sidebar"));
  self->content = GTK_WIDGET (gtk_builder_get_object (builder, "content"));
  self->search_entry = GTK_SEARCH_ENTRY (gtk_builder_get_object (builder, "search_entry"));
  self->filter_dropdown = GTK_DROP_DOWN (gtk_builder_get_object (builder, "filter_dropdown"));
  self->list_stack = GTK_STACK (gtk_builder_get_object (builder, "list_stack"));
  self->case_list = GTK_LIST_VIEW (gtk_builder_get_object (builder, "case_list"));
  self->content_title = ADW_WINDOW_TITLE (gtk_builder_get_object (builder, "content_title"));
  self->case_menu_button = GTK_WIDGET (gtk_builder_get_object (builder, "case_menu_button"));
  self->saved_label = GTK_WIDGET (gtk_builder_get_object (builder, "saved_label"));
  self->content_stack = GTK_STACK (gtk_builder_get_object (builder, "content_stack"));

  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->case_list, factory);
  gtk_list_view_set_model (self->case_list, GTK_SELECTION_MODEL (self->selection));

  self->case_page = mc_case_page_new ();
  g_signal_connect_object (self->case_page, "saved", G_CALLBACK (on_case_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->case_page, "error", G_CALLBACK (on_case_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->case_page, "deleted", G_CALLBACK (on_case_deleted_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->case_page), "case");

  /* The main stack holds it from here on, as it holds the locked pages. */
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->leaflet), "cases");
  update_case_actions (self);
}

/* The full check of the database, after unlocking and off the main
 * thread (opening reads only the first page and the schema): damage is
 * said at once, in a dialog, rather than when someone reaches it. */
static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  if (mc_store_check_finish (MC_STORE (source), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || !g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT))
    {
      /* Not damage (a lock, a full disk): verify can say more. */
      g_debug ("The check after unlocking did not run: %s", error->message);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("The Case Store Is Damaged"),
                                                       _("The check after unlocking found damage in the case store. "
                                                         "Some cases may not open or may be incomplete. Do not "
                                                         "make new changes: restore the most recent backup, or ask "
                                                         "your administrator (“meldcode-cli verify” says what is "
                                                         "wrong).")));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_widget_add_css_class (GTK_WIDGET (dialog), "mc-store-damaged");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What the store found when it opened (a file other users could read,
 * made private again; a database older than its key file; a change the
 * audit trail could not record), said once, in a dialog: each may be a
 * data breach or lost work to report, not a passing remark. */
/* A batch, or the retention period changed in the preferences: which
 * cases the list shows may have changed. */
static void
on_store_changed_cb (McWindow *self,
                     gint64    case_id)
{
  if (case_id == 0)
    queue_case_list_reload (self);
}

static void
set_unlocked (McWindow *self,
              McStore  *store)
{
  McApplication *app = get_application (self);
  const char *warning = mc_application_get_protocol_warning (app);
  gint64 last_case;

  ensure_cases_view (self);
  g_set_object (&self->store, store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  update_actor (self);
  mc_store_check_async (store, self->cancellable, check_done_cb, g_object_ref (self));

  self->last_activity = g_get_monotonic_time ();
  if (self->idle_source == 0)
    self->idle_source = g_timeout_add_seconds (1, idle_check_cb, self);

  update_actions (self);
  reload_case_list (self);
  gtk_stack_set_visible_child_name (self->main_stack, "cases");

  send_reminder (self);
  if (self->reminder_source == 0)
    self->reminder_source = g_timeout_add_seconds (REMINDER_CHECK_SECONDS, reminder_check_cb, self);

  if (warning != NULL)
    show_toast (self, warning);

  /* Back where the user was: the step's first field, else the search;
   * the unlock page that had the focus is gone. */
  last_case = g_settings_get_int64 (self->settings, "last-case-id");
  if (last_case > 0 && mc_window_open_case (self, last_case))
    mc_case_page_focus_step (self->case_page);
  else
    {
      adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
      mc_focus_widget (GTK_WIDGET (self->search_entry));
    }

  mc_store_notices_present (GTK_WINDOW (self), store);
}

McStore *
mc_window_get_store (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->store;
}

void
mc_window_lock (McWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MC_IS_WINDOW (self));

  if (self->store == NULL)
    return;

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->reminder_source, g_source_remove);
  /* Even case numbers stay out of sight while locked. */
  if (get_application (self) != NULL)
    mc_application_withdraw_reminder (get_application (self));

  /* Nothing of the cases may stay on screen or in the models. */
  if (self->stats_window != NULL)
    {
      GtkWindow *stats_window = self->stats_window;

      g_object_remove_weak_pointer (G_OBJECT (stats_window), (gpointer *) &self->stats_window);
      self->stats_window = NULL;
      gtk_window_destroy (stats_window);
    }
  close_case (self);
  dismiss_all_toasts (self);
  gtk_single_selection_set_model (self->selection, NULL);
  g_clear_pointer (&self->shown_search, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  if (!mc_store_close (self->store, &error))
    g_warning ("The store did not close cleanly: %s", error->message);
  g_clear_object (&self->store);

  update_actions (self);
  mc_unlock_page_reset (self->unlock_page);
  gtk_stack_set_visible_child_name (self->locked_stack, "unlock");
  gtk_stack_set_visible_child_name (self->main_stack, "locked");
  mc_focus_widget (GTK_WIDGET (self->unlock_page));
  mc_a11y_announce (self->announcer, _("Meldcode Is Locked"));
}

/* Unlocking and creating */

static void
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = mc_store_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  mc_unlock_page_set_busy (self->unlock_page, FALSE);
  if (store == NULL)
    {
      mc_unlock_page_show_error (self->unlock_page, error->message,
                                 g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_PASSPHRASE)
                                 || g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_WRONG_RECOVERY_KEY));
      return;
    }

  mc_unlock_page_reset (self->unlock_page);
  set_unlocked (self, store);
}

static void
on_unlock_cb (McWindow   *self,
              const char *secret,
              gboolean    is_recovery_key)
{
  const char *dir = mc_application_get_store_dir (get_application (self));
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  McAuditActor actor = { NULL, NULL, NULL };

  read_actor (self, &name, &role);
  actor.user_name = name;
  actor.user_role = role;
  mc_unlock_page_set_busy (self->unlock_page, TRUE);
  /* The key derivation takes a good part of a second: off the main thread. */
  if (is_recovery_key)
    mc_store_open_with_recovery_key_async (dir, secret, &actor, self->cancellable, open_done_cb,
                                           g_object_ref (self));
  else
    mc_store_open_async (dir, secret, &actor, self->cancellable, open_done_cb, g_object_ref (self));
}

typedef struct
{
  char    *dir;
  char    *passphrase;
  char    *recovery_key;
  McStore *store;
} CreateData;

static void
create_data_free (CreateData *data)
{
  if (data->passphrase != NULL)
    {
      explicit_bzero (data->passphrase, strlen (data->passphrase));
      g_free (data->passphrase);
    }
  if (data->recovery_key != NULL)
    {
      explicit_bzero (data->recovery_key, strlen (data->recovery_key));
      g_free (data->recovery_key);
    }
  g_free (data->dir);
  g_clear_object (&data->store);
  g_free (data);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *data = task_data;
  GError *error = NULL;

  data->store = mc_store_create (data->dir, data->passphrase, MC_KDF_COST_MODERATE,
                                 &data->recovery_key, &error);
  if (data->store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
create_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  McWindow *self = MC_WINDOW (source);
  CreateData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  mc_setup_page_set_busy (self->setup_page, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      mc_setup_page_show_error (self->setup_page, error->message);
      return;
    }

  g_set_object (&self->store, data->store);
  mc_setup_page_show_recovery_key (self->setup_page, data->recovery_key);
}

static void
on_setup_create_cb (McWindow   *self,
                    const char *passphrase)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, create_done_cb, NULL);
  CreateData *data = g_new0 (CreateData, 1);

  data->dir = g_strdup (mc_application_get_store_dir (get_application (self)));
  data->passphrase = g_strdup (passphrase);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  mc_setup_page_set_busy (self->setup_page, TRUE);
  g_task_run_in_thread (task, create_thread);
}

static void
on_setup_finished_cb (McWindow *self)
{
  g_autoptr(McStore) store = g_steal_pointer (&self->store);

  mc_setup_page_reset (self->setup_page);
  if (store != NULL)
    set_unlocked (self, store);
}

/* Actions */

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  mc_window_lock (MC_WINDOW (widget));
}

static void
new_case_created_cb (McWindow *self,
                     gint64    case_id)
{
  reload_case_list (self);
  /* Into the case's first field, never onto the header bar's lock. */
  if (mc_window_open_case (self, case_id))
    mc_case_page_focus_step (self->case_page);
}

static void
new_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  McNewCaseDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = mc_new_case_dialog_new (GTK_WINDOW (self), self->store,
                                   mc_application_get_protocol (get_application (self)));
  g_signal_connect_object (dialog, "created", G_CALLBACK (new_case_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->store == NULL)
    return;
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_cases_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->store != NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
report_done_cb (const char *message,
                gint64      case_id,
                gpointer    user_data)
{
  g_autoptr(McWindow) self = user_data;

  if (message != NULL)
    show_toast (self, message);
  /* An export or a print is a row of the history: show it. */
  if (self->current_case != NULL && mc_case_page_is_showing_history (self->case_page))
    mc_case_page_show_history (self->case_page);
  if (case_id > 0 && self->store != NULL)
    {
      reload_case_list (self);
      mc_window_open_case (self, case_id);
    }
}

static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  McProtocol *protocol = mc_application_get_protocol (get_application (self));

  if (self->store == NULL || self->current_case == NULL)
    return;

  if (g_str_equal (action_name, "win.print"))
    mc_report_action_print (GTK_WINDOW (self), self->store, protocol, self->current_case,
                            report_done_cb, g_object_ref (self));
  else
    mc_report_action_export (GTK_WINDOW (self), self->store, protocol, self->current_case,
                             g_str_has_suffix (action_name, "-pdf") ? MC_REPORT_FORMAT_PDF : MC_REPORT_FORMAT_XML,
                             strstr (action_name, "anonymous") != NULL ? MC_REPORT_VARIANT_ANONYMOUS
                             : strstr (action_name, "family") != NULL ? MC_REPORT_VARIANT_FAMILY
                             : MC_REPORT_VARIANT_FULL,
                             report_done_cb, g_object_ref (self));
}

static void
inzage_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    McWindow         *self)
{
  McReportRequester requester;

  if (!mc_report_requester_from_id (response, &requester)
      || self->store == NULL || self->current_case == NULL)
    return;
  mc_report_action_inzage (GTK_WINDOW (self), self->store,
                           mc_application_get_protocol (get_application (self)),
                           self->current_case, requester, report_done_cb, g_object_ref (self));
}

/* Inzage (AVG art. 15): first for whom, as that decides what is left out. */
static void
inzage_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  GtkWidget *dialog;

  if (self->store == NULL || self->current_case == NULL)
    return;

  /* Translators: Dutch "Afschrift voor inzage". */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Copy for Inzage"),
                                   _("Who asked to see the file? Parts marked “not for the family” "
                                     "and information about third parties are left out, with a note "
                                     "of what and why; the case’s access log is added. The copy is "
                                     "recorded as a disclosure."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    /* Translators: for whom a copy for inzage is. */
                                    "client", _("The _Client"),
                                    "parent", _("A _Parent with Gezag"),
                                    "young-person", _("The _Young Person (12+)"),
                                    NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "client");
  g_signal_connect_object (dialog, "response", G_CALLBACK (inzage_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* On the window, so Alt+1…5 work wherever the focus is. */
static void
show_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  int step = g_variant_get_int32 (parameter);

  if (self->current_case != NULL && step >= 1 && step <= 5)
    {
      adw_leaflet_set_visible_child (self->leaflet, self->content);
      mc_case_page_show_step (self->case_page, (guint) step);
      /* Alt+1…5 go to the step's fields, from the sidebar too. */
      mc_case_page_focus_step (self->case_page);
    }
}

static void
show_history_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->current_case != NULL)
    {
      adw_leaflet_set_visible_child (self->leaflet, self->content);
      mc_case_page_show_history (self->case_page);
    }
}

/* The case menu is outside the case page: these hand over to its actions. */
static void
close_case_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->current_case != NULL)
    mc_case_page_close_case (self->case_page);
}

static void
reopen_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->current_case != NULL)
    mc_case_page_reopen_case (self->case_page);
}

static void
on_case_destroyed_cb (McDestroyCaseDialog *dialog,
                      const char          *number,
                      McWindow            *self)
{
  g_autofree char *message = NULL;

  /* Gone from the page, the list and the last-case setting. */
  close_case (self);
  g_settings_set_int64 (self->settings, "last-case-id", 0);
  reload_case_list (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-cases", NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->case_list));
  /* Translators: %s is the number the destroyed case had. */
  message = g_strdup_printf (_("Case %s was destroyed."), number);
  show_toast (self, message);
}

static void
destroy_case_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  McDestroyCaseDialog *dialog;

  if (self->store == NULL || self->current_case == NULL)
    return;
  dialog = mc_destroy_case_dialog_new (GTK_WINDOW (self), self->store,
                                       mc_application_get_protocol (get_application (self)),
                                       self->current_case);
  g_signal_connect_object (dialog, "destroyed", G_CALLBACK (on_case_destroyed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->store != NULL)
    mc_report_action_import (GTK_WINDOW (self), self->store, report_done_cb, g_object_ref (self));
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->store != NULL && self->current_case != NULL)
    mc_transfer_action_send (GTK_WINDOW (self), self->store, self->current_case,
                             report_done_cb, g_object_ref (self));
}

static void
receive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->store != NULL)
    mc_transfer_action_receive (GTK_WINDOW (self), self->store, report_done_cb, g_object_ref (self));
}

static void
fingerprint_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->store != NULL)
    mc_transfer_action_fingerprint (GTK_WINDOW (self), self->store);
}

static void
show_stats_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  McStatsWindow *window;

  if (self->store == NULL)
    return;
  if (self->stats_window != NULL)
    {
      gtk_window_present (self->stats_window);
      return;
    }
  window = mc_stats_window_new (GTK_WINDOW (self), self->store,
                                mc_application_get_protocol (get_application (self)));
  self->stats_window = GTK_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->stats_window);
  gtk_window_present (GTK_WINDOW (window));
}

/* Window state */

McWindow *
mc_window_new (McApplication *application)
{
  McWindow *self;
  const char *dir;

  g_return_val_if_fail (MC_IS_APPLICATION (application), NULL);

  self = g_object_new (MC_TYPE_WINDOW,
                       "application", application,
                       NULL);

  dir = mc_application_get_store_dir (application);
  /* A restore cut short, an export's temporary file: dealt with first. */
  mc_store_recover (dir);
  if (mc_store_exists (dir))
    {
      gtk_stack_set_visible_child_name (self->locked_stack, "unlock");
      gtk_widget_grab_focus (GTK_WIDGET (self->unlock_page));
    }
  else
    {
      /* Made only here: most starts never need it. */
      self->setup_page = g_object_new (MC_TYPE_SETUP_PAGE, NULL);
      g_signal_connect_object (self->setup_page, "create", G_CALLBACK (on_setup_create_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->setup_page, "finished", G_CALLBACK (on_setup_finished_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->locked_stack, GTK_WIDGET (self->setup_page), "setup");
      gtk_stack_set_visible_child_name (self->locked_stack, "setup");
      gtk_widget_grab_focus (GTK_WIDGET (self->setup_page));
    }
  g_settings_set_string (self->settings, "last-store-path", dir);

  return self;
}

static void
mc_window_restore_state (McWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
mc_window_save_state (McWindow *self)
{
  int width, height;

  /* The default size follows the window while it is not maximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
mc_window_close_request (GtkWindow *window)
{
  McWindow *self = MC_WINDOW (window);

  mc_window_save_state (self);
  mc_window_lock (self);

  return GTK_WINDOW_CLASS (mc_window_parent_class)->close_request (window);
}

static gboolean
minutes_to_seconds (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_uint (value, g_variant_get_uint32 (variant) * 60);
  return TRUE;
}

static void
mc_window_constructed (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  G_OBJECT_CLASS (mc_window_parent_class)->constructed (object);

  self->settings = g_settings_new ("nl.ambiq.Meldcode");
  g_settings_bind_with_mapping (self->settings, "auto-lock-minutes", self, "idle-lock-seconds",
                                G_SETTINGS_BIND_GET, minutes_to_seconds, NULL, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::user-name", G_CALLBACK (update_actor),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::user-role", G_CALLBACK (update_actor),
                           self, G_CONNECT_SWAPPED);
  /* The rows' steps are checked against the protocol; the reload waits,
   * so the application has loaded the new one by then. */
  g_signal_connect_object (self->settings, "changed::protocol-file", G_CALLBACK (queue_case_list_reload),
                           self, G_CONNECT_SWAPPED);

  if (DEVELOPMENT_PROFILE)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  mc_window_restore_state (self);
  update_actions (self);
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  mc_window_lock (self);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->saved_source, g_source_remove);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->search_source, g_source_remove);
  g_clear_handle_id (&self->reminder_source, g_source_remove);
  g_clear_pointer (&self->shown_search, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->current_case);
  g_clear_object (&self->selection);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->toasts, g_ptr_array_unref);


  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
}

static void
mc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  McWindow *self = MC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_IDLE_LOCK_SECONDS:
      g_value_set_uint (value, self->idle_lock_seconds);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  McWindow *self = MC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_IDLE_LOCK_SECONDS:
      if (self->idle_lock_seconds != g_value_get_uint (value))
        {
          self->idle_lock_seconds = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mc_window_constructed;
  object_class->dispose = mc_window_dispose;
  object_class->get_property = mc_window_get_property;
  object_class->set_property = mc_window_set_property;

  window_class->close_request = mc_window_close_request;

  /**
   * McWindow:idle-lock-seconds:
   *
   * Seconds without input before the store locks; follows the
   * auto-lock-minutes setting.
   */
  properties[PROP_IDLE_LOCK_SECONDS] =
    g_param_spec_uint ("idle-lock-seconds", NULL, NULL,
                       1, G_MAXUINT, 300,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MC_TYPE_UNLOCK_PAGE);
  g_type_ensure (MC_TYPE_WIDTH_BIN);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, announce_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, locked_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, unlock_page);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock_cb);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", NULL, undo_delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo-delete", NULL);
  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-cases", NULL, show_cases_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.show-stats", NULL, show_stats_action);
  gtk_widget_class_install_action (widget_class, "win.transfer", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "win.receive", NULL, receive_action);
  gtk_widget_class_install_action (widget_class, "win.fingerprint", NULL, fingerprint_action);
  gtk_widget_class_install_action (widget_class, "win.show-step", "i", show_step_action);
  gtk_widget_class_install_action (widget_class, "win.show-history", NULL, show_history_action);
  gtk_widget_class_install_action (widget_class, "win.close-case", NULL, close_case_action);
  gtk_widget_class_install_action (widget_class, "win.reopen-case", NULL, reopen_case_action);
  gtk_widget_class_install_action (widget_class, "win.destroy-case", NULL, destroy_case_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "win.export-xml", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "win.export-anonymous-pdf", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "win.export-anonymous-xml", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "win.export-family-pdf", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "win.inzage", NULL, inzage_action);
  gtk_widget_class_install_action (widget_class, "win.export-family-xml", NULL, report_action);
}

static void
mc_window_init (McWindow *self)
{
  GtkEventController *activity;

  self->toasts = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->idle_lock_seconds = 300;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->announcer = mc_a11y_announcer_new ();
  gtk_overlay_add_overlay (self->announce_overlay, self->announcer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-delete", FALSE);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  /* Any input counts as activity for the auto-lock, wherever it lands. */
  activity = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (activity, GTK_PHASE_CAPTURE);
  g_signal_connect (activity, "event", G_CALLBACK (on_any_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), activity);
}
