/* mc-close-case-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-close-case-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-close-case-dialog.h"
#include "mc-combo-list.h"
#include "mc-dates.h"
#include "mc-text-field.h"

struct _McCloseCaseDialog
{
  AdwWindow             parent_instance;

  McStore              *store;
  McProtocol           *protocol;
  McCase               *case_;
  /* The items of the reason row: NULL ("choose a reason"), then the
   * protocol's reasons in its order. */
  GPtrArray            *reasons;       /* of const McProtocolItem, owned by the protocol */

  GtkButton            *close_button;
  AdwComboRow          *reason_row;
  GtkLabel             *reason_help_label;
  McTextField          *note_field;
  AdwEntryRow          *date_row;
  AdwActionRow         *closed_by_row;
  GtkLabel             *hint_label;
};

G_DEFINE_FINAL_TYPE (McCloseCaseDialog, mc_close_case_dialog, ADW_TYPE_WINDOW)

enum {
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const McProtocolItem *
chosen_reason (McCloseCaseDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->reason_row);

  if (self->reasons == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->reasons->len)
    return NULL;
  return g_ptr_array_index (self->reasons, selected);
}

static char *
dup_note (McCloseCaseDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (mc_text_field_get_text_view (self->note_field));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* TRUE with @date set when the date field holds a date up to today. */
static gboolean
read_date (McCloseCaseDialog *self,
           GDate             *date,
           const char       **problem)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  g_autoptr(GDate) today = g_date_new ();

  g_date_set_time_t (today, time (NULL));
  if (!mc_date_parse_human (text, date))
    {
      *problem = _("Write the date as day-month-year, for example 14-03-2026.");
      return FALSE;
    }
  if (g_date_compare (date, today) > 0)
    {
      *problem = _("A case cannot be closed on a date after today.");
      return FALSE;
    }
  return TRUE;
}

static void
update_validation (McCloseCaseDialog *self)
{
  const McProtocolItem *reason = chosen_reason (self);
  gboolean note_required = reason != NULL && g_strcmp0 (reason->id, "other") == 0;
  g_autofree char *note = dup_note (self);
  const char *problem = NULL;
  gboolean date_ok;
  GDate date;

  g_date_clear (&date, 1);

  gtk_label_set_label (self->reason_help_label, reason != NULL && reason->help != NULL ? reason->help : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_help_label), reason != NULL && reason->help != NULL);
  mc_text_field_set_title (self->note_field,
                           note_required ? _("Note (required)") : _("Note (optional)"));

  date_ok = read_date (self, &date, &problem);
  if (date_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");

  /* The first thing still missing, in the order of the form. */
  if (reason == NULL)
    problem = _("Choose why you close the case.");
  else if (note_required && *note == '\0')
    problem = _("Write down why you close the case: the reason “other” needs a note.");

  gtk_label_set_label (self->hint_label, problem != NULL ? problem : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->close_button), problem == NULL);
}

static void
on_close_cb (McCloseCaseDialog *self)
{
  const McProtocolItem *reason = chosen_reason (self);
  g_autofree char *note = dup_note (self);
  g_autoptr(GError) error = NULL;
  const char *problem = NULL;
  GDate date;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->close_button)) || reason == NULL)
    return;

  g_date_clear (&date, 1);
  if (!read_date (self, &date, &problem))
    return;

  if (!mc_store_close_case (self->store, self->case_, reason->id, *note != '\0' ? note : NULL,
                            &date, &error))
    {
      gtk_label_set_label (self->hint_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
      return;
    }

  g_signal_emit (self, signals[CLOSED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_cancel_cb (McCloseCaseDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
fill_reasons (McCloseCaseDialog *self)
{
  const McProtocolChecklist *checklist = mc_protocol_get_checklist (self->protocol, MC_CHECKLIST_CLOSE_REASONS);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  self->reasons = g_ptr_array_new ();
  g_ptr_array_add (self->reasons, NULL);
  gtk_string_list_append (labels, _("Choose a reason"));
  for (guint i = 0; checklist != NULL && i < checklist->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (checklist->items, i);

      if (item->retired)
        continue;
      g_ptr_array_add (self->reasons, (gpointer) item);
      gtk_string_list_append (labels, item->label);
    }

  /* The reasons are sentences: the list shows them whole. */
  mc_combo_row_show_choices_whole (self->reason_row);
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->reason_row, 0);
}

McCloseCaseDialog *
mc_close_case_dialog_new (GtkWindow  *parent,
                          McStore    *store,
                          McProtocol *protocol,
                          McCase     *case_,
                          const char *user_name,
                          const char *user_role)
{
  McCloseCaseDialog *self;
  g_autoptr(GDate) today = g_date_new ();
  g_autofree char *today_text = NULL;
  g_autofree char *who = NULL;
  const char *name;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (MC_IS_CASE (case_), NULL);

  self = g_object_new (MC_TYPE_CLOSE_CASE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->protocol = g_object_ref (protocol);
  self->case_ = g_object_ref (case_);

  fill_reasons (self);

  g_date_set_time_t (today, time (NULL));
  today_text = mc_date_to_human (today);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today_text);

  /* The audit trail names the same: the preferences' name, or the login
   * name until one is set there. */
  name = user_name != NULL && *user_name != '\0' ? user_name : g_get_user_name ();
  if (user_role != NULL && *user_role != '\0')
    /* Translators: who closes a case: a name and a function. */
    who = g_strdup_printf (_("%s (%s)"), name, user_role);
  else
    who = g_strdup (name);
  if (user_name == NULL || *user_name == '\0')
    {
      g_autofree char *login = g_steal_pointer (&who);

      /* Translators: %s is the login name, used while the preferences
       * have no name. */
      who = g_strdup_printf (_("%s (set your name and function in Preferences)"), login);
    }
  adw_action_row_set_subtitle (self->closed_by_row, who);

  /* In libadwaita 1.2 the text inside an entry row, which has the focus,
   * is not named by the row's title; a screen reader would read nothing. */
  if (gtk_editable_get_delegate (GTK_EDITABLE (self->date_row)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (self->date_row))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->date_row)),
                                    -1);

  update_validation (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->reason_row));

  return self;
}

static void
mc_close_case_dialog_dispose (GObject *object)
{
  McCloseCaseDialog *self = MC_CLOSE_CASE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->protocol);
  g_clear_object (&self->case_);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_close_case_dialog_parent_class)->dispose (object);
}

static void
mc_close_case_dialog_class_init (McCloseCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_close_case_dialog_dispose;

  /**
   * McCloseCaseDialog::closed:
   *
   * The case was closed; the McCase given holds what was stored.
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_TEXT_FIELD);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-close-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McCloseCaseDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, McCloseCaseDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, McCloseCaseDialog, reason_help_label);
  gtk_widget_class_bind_template_child (widget_class, McCloseCaseDialog, note_field);
  gtk_widget_class_bind_template_child (widget_class, McCloseCaseDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, McCloseCaseDialog, closed_by_row);
  gtk_widget_class_bind_template_child (widget_class, McCloseCaseDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, update_validation);
  gtk_widget_class_bind_template_callback (widget_class, on_close_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_close_case_dialog_init (McCloseCaseDialog *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (mc_text_field_get_text_view (self->note_field));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (update_validation), self, G_CONNECT_SWAPPED);
}
