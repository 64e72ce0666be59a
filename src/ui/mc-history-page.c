/* mc-history-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-history-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-case-editor.h"
#include "mc-dates.h"
#include "mc-history-page.h"

/* Laying out wrapped rows is what costs: a long history is shown a part at
 * a time, and a row's lines are limited (its tooltip has all of it). */
#define ROWS_PER_PART 100
#define TITLE_LINES 4
#define SUBTITLE_LINES 6

struct _McHistoryPage
{
  AdwBin               parent_instance;

  GPtrArray           *entries;        /* of McHistoryEntry, newest first */
  /* The entries from here on came with the case from another store
   * (mc_store_list_received_history()): read only, under headings of their
   * own. */
  guint                n_own;
  gboolean             last_received;
  McProtocol          *protocol;
  guint                n_shown;
  /* The day the rows shown last belong to, for the next part. */
  AdwPreferencesGroup *last_group;
  gboolean             last_has_day;
  GDate                last_day;

  GtkBox              *days_box;
  GtkWidget           *more_button;
};

G_DEFINE_FINAL_TYPE (McHistoryPage, mc_history_page, ADW_TYPE_BIN)

GtkWidget *
mc_history_page_new (void)
{
  return g_object_new (MC_TYPE_HISTORY_PAGE, NULL);
}

static const char *
event_icon_name (McAuditEvent event)
{
  switch (event)
    {
    case MC_AUDIT_EVENT_CREATE:
      return "list-add-symbolic";
    case MC_AUDIT_EVENT_CHANGE:
      return "document-edit-symbolic";
    case MC_AUDIT_EVENT_DELETE:
      return "user-trash-symbolic";
    case MC_AUDIT_EVENT_EXPORT:
      return "document-save-symbolic";
    case MC_AUDIT_EVENT_PRINT:
      return "printer-symbolic";
    case MC_AUDIT_EVENT_IMPORT:
      return "document-open-symbolic";
    case MC_AUDIT_EVENT_VIEW:
      return "view-reveal-symbolic";
    case MC_AUDIT_EVENT_BACKUP:
    case MC_AUDIT_EVENT_RESTORE:
    case MC_AUDIT_EVENT_UNLOCK:
    case MC_AUDIT_EVENT_LOCK:
    case MC_AUDIT_EVENT_CLOSE:
    case MC_AUDIT_EVENT_REOPEN:
    case MC_AUDIT_EVENT_DESTROY:
    default:
      return "document-open-recent-symbolic";
    }
}

/* Whether @text may need more than @lines lines at a narrow width. */
static gboolean
may_be_cut (const char *text,
            guint       lines)
{
  guint needed = 0;
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n", -1);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    needed += 1 + (guint) g_utf8_strlen (paragraphs[i], -1) / 50;

  return needed > lines;
}

static GtkWidget *
entry_row_new (const McHistoryEntry *entry,
               McProtocol           *protocol)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree char *title = mc_history_entry_describe_with_protocol (entry, protocol);
  g_autofree char *details = mc_history_entry_dup_details (entry, protocol);
  g_autofree char *actor = mc_history_entry_dup_actor (entry);
  g_autofree char *when = entry->at != NULL ? mc_format_date_time (entry->at) : NULL;
  g_autofree char *subtitle = NULL;

  /* What people typed shows as it is; it is never read as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), TITLE_LINES);

  if (when != NULL)
    /* Translators: when and by whom, under a line of a case's history:
     * "28 november 2026, 14:05 · Eva de Wit (Begeleider)". */
    subtitle = g_strdup_printf (_("%s · %s"), when, actor);
  else
    subtitle = g_strdup (actor);
  if (details != NULL)
    {
      char *with_details = g_strconcat (subtitle, "\n", details, NULL);

      g_free (subtitle);
      subtitle = with_details;
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* Where the lines may cut the row short, the tooltip has all of it (and
   * describes the row to assistive technologies). */
  if (may_be_cut (title, TITLE_LINES) || (details != NULL && may_be_cut (subtitle, SUBTITLE_LINES)))
    {
      g_autofree char *all = details != NULL ? g_strconcat (title, "\n", details, NULL) : g_strdup (title);

      gtk_widget_set_tooltip_text (row, all);
    }
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), SUBTITLE_LINES);

  /* The line says what happened; the icon only helps the eye. */
  icon = g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", event_icon_name (entry->event),
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
  gtk_widget_add_css_class (icon, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static AdwPreferencesGroup *
day_group_new (McHistoryPage *self,
               const GDate   *day,
               gboolean       received)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *date = day != NULL ? mc_format_date (day) : g_strdup (_("Date unknown"));
  /* Translators: the heading of a day of the history a case brought along
   * when it was handed over from another store: "Vóór de overdracht: 3
   * december 2026". */
  g_autofree char *title = received ? g_strdup_printf (_("Before the handover: %s"), date)
                                    : g_steal_pointer (&date);

  mc_preferences_group_set_plain (group, title, NULL);
  gtk_box_append (self->days_box, GTK_WIDGET (group));

  return group;
}

/* The template's stack is the bin's child, so it is not bound. */
static GtkStack *
get_stack (McHistoryPage *self)
{
  return GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
}

static void
clear (McHistoryPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->days_box))) != NULL)
    gtk_box_remove (self->days_box, child);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->protocol);
  self->n_shown = 0;
  self->n_own = 0;
  self->last_received = FALSE;
  self->last_group = NULL;
  self->last_has_day = FALSE;
  g_date_clear (&self->last_day, 1);
}

/* The next part of the entries, under the day of each. */
static void
show_more (McHistoryPage *self)
{
  guint end = MIN (self->entries->len, self->n_shown + ROWS_PER_PART);

  for (guint i = self->n_shown; i < end; i++)
    {
      const McHistoryEntry *entry = g_ptr_array_index (self->entries, i);
      gboolean has_day = entry->at != NULL;
      gboolean received = i >= self->n_own;
      GDate day;

      g_date_clear (&day, 1);
      if (has_day)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (entry->at);

          g_date_set_dmy (&day, g_date_time_get_day_of_month (local),
                          g_date_time_get_month (local), g_date_time_get_year (local));
        }

      if (self->last_group == NULL || has_day != self->last_has_day
          || received != self->last_received
          || (has_day && g_date_compare (&day, &self->last_day) != 0))
        {
          self->last_group = day_group_new (self, has_day ? &day : NULL, received);
          self->last_received = received;
          self->last_has_day = has_day;
          self->last_day = day;
        }

      adw_preferences_group_add (self->last_group, entry_row_new (entry, self->protocol));
    }

  self->n_shown = end;
  gtk_widget_set_visible (self->more_button, self->n_shown < self->entries->len);
}

static void
on_more_clicked_cb (McHistoryPage *self)
{
  if (self->entries != NULL)
    show_more (self);
}

void
mc_history_page_set_entries (McHistoryPage *self,
                             GPtrArray     *entries,
                             McProtocol    *protocol)
{
  mc_history_page_set_all_entries (self, entries, NULL, protocol);
}

void
mc_history_page_set_all_entries (McHistoryPage *self,
                                 GPtrArray     *entries,
                                 GPtrArray     *received,
                                 McProtocol    *protocol)
{
  guint n_own = entries != NULL ? entries->len : 0;
  guint n_received = received != NULL ? received->len : 0;

  g_return_if_fail (MC_IS_HISTORY_PAGE (self));
  g_return_if_fail (protocol == NULL || MC_IS_PROTOCOL (protocol));

  clear (self);

  if (n_own + n_received == 0)
    {
      gtk_widget_set_visible (self->more_button, FALSE);
      gtk_stack_set_visible_child_name (get_stack (self), "empty");
      return;
    }

  self->entries = g_ptr_array_new_full (n_own + n_received, (GDestroyNotify) mc_history_entry_unref);
  for (guint i = 0; i < n_own; i++)
    g_ptr_array_add (self->entries, mc_history_entry_ref (g_ptr_array_index (entries, i)));
  for (guint i = 0; i < n_received; i++)
    g_ptr_array_add (self->entries, mc_history_entry_ref (g_ptr_array_index (received, i)));
  self->n_own = n_own;
  self->protocol = protocol != NULL ? g_object_ref (protocol) : NULL;
  show_more (self);
  gtk_stack_set_visible_child_name (get_stack (self), "list");
}

static void
mc_history_page_dispose (GObject *object)
{
  McHistoryPage *self = MC_HISTORY_PAGE (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->protocol);
  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_HISTORY_PAGE);

  G_OBJECT_CLASS (mc_history_page_parent_class)->dispose (object);
}

static void
mc_history_page_class_init (McHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_history_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McHistoryPage, days_box);
  gtk_widget_class_bind_template_child (widget_class, McHistoryPage, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_more_clicked_cb);
}

static void
mc_history_page_init (McHistoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_date_clear (&self->last_day, 1);
}
