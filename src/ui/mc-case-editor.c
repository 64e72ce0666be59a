/* mc-case-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-case-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-answer-buttons.h"
#include "mc-a11y.h"
#include "mc-case-editor.h"
#include "mc-combo-list.h"
#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-text-field.h"

struct _McCaseEditor
{
  GObject     parent_instance;

  McStore    *store;
  McProtocol *protocol;
  McCase     *case_;
  /* The bindings whose text waits for a pause in typing. */
  GHashTable *pending;
};

G_DEFINE_FINAL_TYPE (McCaseEditor, mc_case_editor, G_TYPE_OBJECT)

enum {
  SAVED,
  ERROR,
  DELETED,
  FLUSH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Set on a record once it is deleted, so a late save does not bring it
 * back as an error. */
#define DELETED_KEY "mc-case-editor-deleted"

McCaseEditor *
mc_case_editor_new (McStore    *store,
                    McProtocol *protocol,
                    McCase     *case_)
{
  McCaseEditor *self;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (MC_IS_CASE (case_), NULL);

  self = g_object_new (MC_TYPE_CASE_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->protocol = g_object_ref (protocol);
  self->case_ = g_object_ref (case_);

  return self;
}

McStore *
mc_case_editor_get_store (McCaseEditor *self)
{
  g_return_val_if_fail (MC_IS_CASE_EDITOR (self), NULL);

  return self->store;
}

McProtocol *
mc_case_editor_get_protocol (McCaseEditor *self)
{
  g_return_val_if_fail (MC_IS_CASE_EDITOR (self), NULL);

  return self->protocol;
}

McCase *
mc_case_editor_get_case (McCaseEditor *self)
{
  g_return_val_if_fail (MC_IS_CASE_EDITOR (self), NULL);

  return self->case_;
}

static gboolean
case_holds (McCaseEditor *self,
            McRecord     *record)
{
  GListModel *model = mc_case_get_children (self->case_, G_OBJECT_TYPE (record));
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(McRecord) item = g_list_model_get_item (model, i);

      if (item == record)
        return TRUE;
    }

  return FALSE;
}

static void
report_error (McCaseEditor *self,
              const GError *error)
{
  g_signal_emit (self, signals[ERROR], 0, error->message);
}

gboolean
mc_case_editor_save (McCaseEditor *self,
                     McRecord     *record,
                     const char   *property)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (self), FALSE);
  g_return_val_if_fail (MC_IS_RECORD (record), FALSE);
  g_return_val_if_fail (property != NULL, FALSE);

  if (g_object_get_data (G_OBJECT (record), DELETED_KEY) != NULL)
    return FALSE;

  if (mc_record_get_id (record) == 0)
    mc_record_set_case_id (record, mc_record_get_id (MC_RECORD (self->case_)));

  if (!mc_store_update_field (self->store, record, property, &error))
    {
      report_error (self, error);
      return FALSE;
    }

  if (!MC_IS_CASE (record) && !case_holds (self, record))
    mc_case_add_child (self->case_, record);

  g_signal_emit (self, signals[SAVED], 0);
  return TRUE;
}

gboolean
mc_case_editor_insert (McCaseEditor *self,
                       McRecord     *record)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (self), FALSE);
  g_return_val_if_fail (MC_IS_RECORD (record), FALSE);
  g_return_val_if_fail (mc_record_get_id (record) == 0, FALSE);

  mc_record_set_case_id (record, mc_record_get_id (MC_RECORD (self->case_)));
  if (!mc_store_insert (self->store, record, &error))
    {
      report_error (self, error);
      return FALSE;
    }

  if (!case_holds (self, record))
    mc_case_add_child (self->case_, record);

  g_signal_emit (self, signals[SAVED], 0);
  return TRUE;
}

gboolean
mc_case_editor_delete (McCaseEditor *self,
                       McRecord     *record)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (self), FALSE);
  g_return_val_if_fail (MC_IS_RECORD (record), FALSE);

  if (mc_record_get_id (record) != 0
      && !mc_store_delete (self->store, record, &error))
    {
      report_error (self, error);
      return FALSE;
    }

  g_object_set_data (G_OBJECT (record), DELETED_KEY, GINT_TO_POINTER (TRUE));
  mc_case_remove_child (self->case_, record);

  g_signal_emit (self, signals[SAVED], 0);
  if (mc_record_get_id (record) != 0)
    g_signal_emit (self, signals[DELETED], 0, record);
  return TRUE;
}

gboolean
mc_case_editor_undo_delete (McCaseEditor *self,
                            McRecord     *record)
{
  g_return_val_if_fail (MC_IS_CASE_EDITOR (self), FALSE);
  g_return_val_if_fail (MC_IS_RECORD (record), FALSE);
  g_return_val_if_fail (g_object_get_data (G_OBJECT (record), DELETED_KEY) != NULL, FALSE);
  g_return_val_if_fail (mc_record_get_case_id (record) == mc_record_get_id (MC_RECORD (self->case_)), FALSE);

  /* The record still holds every field: stored again, it is a new row
   * whose insert the audit log records like any other. */
  mc_record_set_id (record, 0);
  if (!mc_case_editor_insert (self, record))
    return FALSE;
  g_object_set_data (G_OBJECT (record), DELETED_KEY, NULL);

  return TRUE;
}

int
mc_case_editor_get_client_age (McCaseEditor *self,
                               gboolean     *minor)
{
  const McProtocolConversationRule *rule;
  g_autoptr(GDate) today = g_date_new ();
  int age;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (self), -1);

  g_date_set_time_t (today, time (NULL));
  age = mc_case_get_client_age (self->case_, today);
  rule = mc_protocol_get_conversation_rule (self->protocol);

  if (minor != NULL)
    *minor = age >= 0 && rule != NULL && (guint) age < rule->age_of_majority;

  return age;
}

void
mc_editable_show_text (GtkEditable *editable,
                       const char  *text)
{
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  /* What a field is given is no edit to undo: undoing it emptied the field
   * and saved that, or brought back the text of the case the widget
   * showed before (a step page kept for the next case). Turning undo off
   * empties its history. */
  gtk_editable_set_enable_undo (editable, FALSE);
  gtk_editable_set_text (editable, text != NULL ? text : "");
  gtk_editable_set_enable_undo (editable, TRUE);
}

/* Bindings */

typedef struct
{
  McCaseEditor  *editor;
  GtkWidget     *widget;     /* owns the binding */
  McRecord      *record;
  char          *property;
  const McField *field;
  /* Text widgets: the text as last typed, so a save never has to read a
   * widget that is being taken down. */
  char          *text;
  guint          timeout_id;
  /* Choices: the id of each item after "not chosen"; a choice over a
   * checklist also its checklist and audience (to bind it again). */
  GPtrArray     *ids;
  const McProtocolChecklist *checklist;
  McAudience     audience;
  /* Text widgets: the focus controller that saves on leaving. */
  GtkEventController *focus;
  gboolean       destroyed;
} Binding;

#define BINDING_KEY "mc-case-editor-binding"

static void
binding_free (gpointer data)
{
  Binding *binding = data;

  if (binding->editor->pending != NULL)
    g_hash_table_remove (binding->editor->pending, binding);
  g_clear_handle_id (&binding->timeout_id, g_source_remove);
  g_clear_object (&binding->editor);
  g_clear_object (&binding->record);
  g_clear_pointer (&binding->property, g_free);
  g_clear_pointer (&binding->text, g_free);
  g_clear_pointer (&binding->ids, g_ptr_array_unref);
  g_free (binding);
}

static void
on_widget_destroy_cb (GtkWidget *widget,
                      Binding   *binding)
{
  binding->destroyed = TRUE;
  g_hash_table_remove (binding->editor->pending, binding);
  g_clear_handle_id (&binding->timeout_id, g_source_remove);
}

static void binding_flush_text (Binding  *binding,
                                gboolean  leaving);
static void set_invalid        (GtkWidget *widget,
                                gboolean   invalid);

/* Lets go of @widget's binding, if it has one, so that it can be bound
 * again (a step page kept for the next case): what was typed is saved to
 * the record it was typed for, and no handler of the old binding stays. */
static void
binding_detach (GtkWidget *widget)
{
  Binding *old = g_object_get_data (G_OBJECT (widget), BINDING_KEY);

  if (old == NULL)
    return;

  binding_flush_text (old, FALSE);
  /* A date of the case before that was no date marks nothing now. */
  if (old->field->kind == MC_FIELD_DATE && gtk_widget_has_css_class (widget, "error"))
    set_invalid (widget, FALSE);
  g_signal_handlers_disconnect_by_data (widget, old);
  if (GTK_IS_TEXT_VIEW (widget))
    g_signal_handlers_disconnect_by_data (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), old);
  if (old->focus != NULL)
    gtk_widget_remove_controller (widget, old->focus);
  g_object_set_data (G_OBJECT (widget), BINDING_KEY, NULL);
}

static Binding *
binding_new (McCaseEditor *self,
             GtkWidget    *widget,
             McRecord     *record,
             const char   *property)
{
  Binding *binding;

  binding_detach (widget);
  binding = g_new0 (Binding, 1);

  binding->editor = g_object_ref (self);
  binding->widget = widget;
  binding->record = g_object_ref (record);
  binding->property = g_strdup (property);
  binding->field = mc_record_class_find_field (MC_RECORD_GET_CLASS (record), property);
  g_assert (binding->field != NULL);

  g_object_set_data_full (G_OBJECT (widget), BINDING_KEY, binding, binding_free);
  g_signal_connect (widget, "destroy", G_CALLBACK (on_widget_destroy_cb), binding);

  return binding;
}

/* Sets the field from @text (stored form; NULL for empty) and saves it;
 * on failure the record keeps what is stored and the widget what was
 * typed, so the next change tries again. */
static void
binding_store_text (Binding    *binding,
                    const char *text)
{
  g_autofree char *current = mc_record_dup_field_text (binding->record, binding->field);

  if (g_strcmp0 (current, text) == 0)
    return;

  mc_record_set_field_text (binding->record, binding->field, text);
  if (!mc_case_editor_save (binding->editor, binding->record, binding->property))
    mc_record_set_field_text (binding->record, binding->field, current);
}

static void
set_invalid (GtkWidget *widget,
             gboolean   invalid)
{
  if (invalid)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* Saves the text typed so far. @leaving: the user left the field, so a
 * date may be rewritten in its usual form. */
static void
binding_flush_text (Binding  *binding,
                    gboolean  leaving)
{
  g_autofree char *stripped = NULL;

  g_clear_handle_id (&binding->timeout_id, g_source_remove);
  g_hash_table_remove (binding->editor->pending, binding);

  if (binding->destroyed || binding->text == NULL)
    return;

  stripped = g_strstrip (g_strdup (binding->text));

  if (binding->field->kind == MC_FIELD_DATE)
    {
      GDate date;
      g_autofree char *iso = NULL;

      g_date_clear (&date, 1);
      if (*stripped != '\0' && !mc_date_parse_human (stripped, &date))
        {
          set_invalid (binding->widget, TRUE);
          return;
        }

      set_invalid (binding->widget, FALSE);
      if (*stripped != '\0')
        iso = mc_date_to_iso8601 (&date);
      binding_store_text (binding, iso);

      if (leaving && iso != NULL)
        {
          g_autofree char *human = mc_date_to_human (&date);

          if (g_strcmp0 (human, stripped) != 0)
            gtk_editable_set_text (GTK_EDITABLE (binding->widget), human);
        }
      return;
    }

  binding_store_text (binding, *stripped != '\0' ? stripped : NULL);
}

static gboolean
binding_timeout_cb (gpointer data)
{
  Binding *binding = data;

  binding->timeout_id = 0;
  binding_flush_text (binding, FALSE);
  return G_SOURCE_REMOVE;
}

static void
binding_text_changed (Binding    *binding,
                      const char *text)
{
  if (binding->destroyed)
    return;

  g_free (binding->text);
  binding->text = g_strdup (text);

  g_clear_handle_id (&binding->timeout_id, g_source_remove);
  binding->timeout_id = g_timeout_add (MC_CASE_EDITOR_SAVE_DELAY_MS, binding_timeout_cb, binding);
  g_hash_table_add (binding->editor->pending, binding);
}

static void
on_editable_changed_cb (GtkEditable *editable,
                        Binding     *binding)
{
  binding_text_changed (binding, gtk_editable_get_text (editable));
}

static void
on_buffer_changed_cb (GtkTextBuffer *buffer,
                      Binding       *binding)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  binding_text_changed (binding, text);
}

static void
on_focus_leave_cb (GtkEventControllerFocus *controller,
                   Binding                 *binding)
{
  binding_flush_text (binding, TRUE);
}

static void
on_activated_cb (GtkWidget *widget,
                 Binding   *binding)
{
  binding_flush_text (binding, TRUE);
}

static void
watch_focus (Binding *binding)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave_cb), binding);
  binding->focus = focus;
  gtk_widget_add_controller (binding->widget, focus);
}

void
mc_case_editor_flush (McCaseEditor *self)
{
  g_autofree gpointer *bindings = NULL;
  guint n_bindings;

  g_return_if_fail (MC_IS_CASE_EDITOR (self));

  /* Texts that pages keep themselves first (a reason to deviate). */
  g_signal_emit (self, signals[FLUSH], 0);
  /* A copy: each flush takes its binding out of the table. */
  bindings = g_hash_table_get_keys_as_array (self->pending, &n_bindings);
  for (guint i = 0; i < n_bindings; i++)
    binding_flush_text (bindings[i], FALSE);
}

void
mc_case_editor_bind_editable (McCaseEditor *self,
                              GtkEditable  *editable,
                              McRecord     *record,
                              const char   *property)
{
  Binding *binding;
  const char *value;

  g_return_if_fail (MC_IS_CASE_EDITOR (self));
  g_return_if_fail (GTK_IS_EDITABLE (editable));
  g_return_if_fail (MC_IS_RECORD (record));

  binding = binding_new (self, GTK_WIDGET (editable), record, property);
  value = mc_record_get_string (record, property);

  if (binding->field->kind == MC_FIELD_DATE)
    {
      const char *hint = _("Day-month-year, for example 28-11-2026");
      GDate date;

      g_date_clear (&date, 1);
      if (value != NULL && mc_date_from_iso8601 (value, &date))
        {
          g_autofree char *human = mc_date_to_human (&date);

          mc_editable_show_text (editable, human);
        }
      else
        mc_editable_show_text (editable, value);

      /* Set again (a field kept for the next case), a tooltip asks the
       * display where the pointer is: not when it is the same. */
      if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (editable)), hint) != 0)
        gtk_widget_set_tooltip_text (GTK_WIDGET (editable), hint);
    }
  else
    mc_editable_show_text (editable, value);

  /* In libadwaita 1.2 the text inside an entry row, which has the focus,
   * is not named by the row's title; a screen reader would read nothing. */
  if (ADW_IS_ENTRY_ROW (editable) && gtk_editable_get_delegate (editable) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (editable)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (editable)),
                                    -1);

  /* A one-line field stops at its limit (mc-limits.h), as the store
   * would refuse more. */
  {
    GtkEditable *delegate = gtk_editable_get_delegate (editable);
    int max = (int) mc_limit_for_kind (mc_field_get_text_kind (binding->field));

    if (GTK_IS_ENTRY (editable))
      gtk_entry_set_max_length (GTK_ENTRY (editable), max);
    else if (delegate != NULL && GTK_IS_TEXT (delegate))
      gtk_text_set_max_length (GTK_TEXT (delegate), max);
  }

  g_signal_connect (editable, "changed", G_CALLBACK (on_editable_changed_cb), binding);
  if (ADW_IS_ENTRY_ROW (editable))
    g_signal_connect (editable, "entry-activated", G_CALLBACK (on_activated_cb), binding);
  else if (GTK_IS_ENTRY (editable))
    g_signal_connect (editable, "activate", G_CALLBACK (on_activated_cb), binding);
  watch_focus (binding);
}

void
mc_case_editor_bind_text_view (McCaseEditor *self,
                               GtkTextView  *text_view,
                               McRecord     *record,
                               const char   *property)
{
  GtkTextBuffer *buffer;
  Binding *binding;
  const char *value;

  g_return_if_fail (MC_IS_CASE_EDITOR (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (text_view));
  g_return_if_fail (MC_IS_RECORD (record));

  binding = binding_new (self, GTK_WIDGET (text_view), record, property);
  value = mc_record_get_string (record, property);
  buffer = gtk_text_view_get_buffer (text_view);
  gtk_text_buffer_set_text (buffer, value != NULL ? value : "", -1);

  /* The view owns the buffer and the binding, so they go together. */
  g_signal_connect (buffer, "changed", G_CALLBACK (on_buffer_changed_cb), binding);
  watch_focus (binding);
}

static void
on_active_cb (GObject    *widget,
              GParamSpec *pspec,
              Binding    *binding)
{
  gboolean active;
  gboolean stored = mc_record_get_boolean (binding->record, binding->property);

  g_object_get (widget, "active", &active, NULL);
  if (binding->destroyed || active == stored)
    return;

  mc_record_set_boolean (binding->record, binding->property, active);
  if (!mc_case_editor_save (binding->editor, binding->record, binding->property))
    mc_record_set_boolean (binding->record, binding->property, stored);
}

void
mc_case_editor_bind_active (McCaseEditor *self,
                            GtkWidget    *widget,
                            McRecord     *record,
                            const char   *property)
{
  Binding *binding;

  g_return_if_fail (MC_IS_CASE_EDITOR (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (MC_IS_RECORD (record));

  binding = binding_new (self, widget, record, property);
  g_object_set (widget, "active", mc_record_get_boolean (record, property), NULL);
  g_signal_connect (widget, "notify::active", G_CALLBACK (on_active_cb), binding);
}

static void
on_answer_cb (McAnswerButtons *buttons,
              GParamSpec      *pspec,
              Binding         *binding)
{
  McAnswer answer = mc_answer_buttons_get_answer (buttons);
  McAnswer stored = mc_record_get_answer (binding->record, binding->property);

  if (binding->destroyed || answer == stored)
    return;

  mc_record_set_answer (binding->record, binding->property, answer);
  if (!mc_case_editor_save (binding->editor, binding->record, binding->property))
    mc_record_set_answer (binding->record, binding->property, stored);
}

void
mc_case_editor_bind_answer (McCaseEditor *self,
                            GtkWidget    *answer_buttons,
                            McRecord     *record,
                            const char   *property)
{
  Binding *binding;

  g_return_if_fail (MC_IS_CASE_EDITOR (self));
  g_return_if_fail (MC_IS_ANSWER_BUTTONS (answer_buttons));
  g_return_if_fail (MC_IS_RECORD (record));

  binding = binding_new (self, answer_buttons, record, property);
  mc_answer_buttons_set_answer (MC_ANSWER_BUTTONS (answer_buttons),
                                mc_record_get_answer (record, property));
  g_signal_connect (answer_buttons, "notify::answer", G_CALLBACK (on_answer_cb), binding);
}

McRecord *
mc_case_editor_checklist_answer (McCaseEditor *self,
                                 const char   *item_id)
{
  McCase *case_;
  McChecklistAnswer *answer;
  McRecord *record;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (self), NULL);
  g_return_val_if_fail (item_id != NULL, NULL);

  case_ = mc_case_editor_get_case (self);
  if ((answer = mc_case_find_checklist_answer (case_, item_id)) != NULL)
    return g_object_ref (MC_RECORD (answer));

  /* Stored, and added to the case, with its first answer. */
  record = MC_RECORD (mc_checklist_answer_new (mc_record_get_id (MC_RECORD (case_))));
  mc_record_set_string (record, "item-id", item_id);
  return record;
}

static void
on_checklist_answer_cb (McAnswerButtons *buttons,
                        GParamSpec      *pspec,
                        McCaseEditor    *self)
{
  McRecord *record = g_object_get_data (G_OBJECT (buttons), "mc-record");
  g_autofree char *stored = g_strdup (mc_record_get_string (record, "value"));
  const char *value;

  switch (mc_answer_buttons_get_answer (buttons))
    {
    case MC_ANSWER_YES:
      value = "yes";
      break;
    case MC_ANSWER_NO:
      value = "no";
      break;
    case MC_ANSWER_UNKNOWN:
    default:
      value = NULL;
      break;
    }

  if (g_strcmp0 (stored, value) == 0)
    return;

  mc_record_set_string (record, "value", value);
  if (!mc_case_editor_save (self, record, "value"))
    mc_record_set_string (record, "value", stored);
}

void
mc_case_editor_bind_checklist_answer (McCaseEditor *self,
                                      GtkWidget    *answer_buttons,
                                      const char   *item_id)
{
  g_autoptr(McRecord) record = NULL;
  const char *value;

  g_return_if_fail (MC_IS_CASE_EDITOR (self));
  g_return_if_fail (MC_IS_ANSWER_BUTTONS (answer_buttons));

  /* Bound before (a page kept for the next case): the old case's answer
   * lets go. */
  g_signal_handlers_disconnect_matched (answer_buttons, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        on_checklist_answer_cb, NULL);
  record = mc_case_editor_checklist_answer (self, item_id);
  value = mc_record_get_string (record, "value");
  mc_answer_buttons_set_answer (MC_ANSWER_BUTTONS (answer_buttons),
                                g_strcmp0 (value, "yes") == 0 ? MC_ANSWER_YES
                                : g_strcmp0 (value, "no") == 0 ? MC_ANSWER_NO
                                : MC_ANSWER_UNKNOWN);
  g_object_set_data_full (G_OBJECT (answer_buttons), "mc-record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (answer_buttons, "notify::answer", G_CALLBACK (on_checklist_answer_cb), self, 0);
}

static void
on_selected_cb (AdwComboRow *combo_row,
                GParamSpec  *pspec,
                Binding     *binding)
{
  guint selected = adw_combo_row_get_selected (combo_row);
  const char *id = NULL;

  if (binding->destroyed)
    return;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= binding->ids->len)
    id = g_ptr_array_index (binding->ids, selected - 1);
  binding_store_text (binding, id);
}

/* Whether @model (a row's) lists "not chosen" and then exactly @labels. */
static gboolean
choices_shown (GListModel *model,
               GPtrArray  *labels)
{
  if (!GTK_IS_STRING_LIST (model) || g_list_model_get_n_items (model) != labels->len + 1)
    return FALSE;
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i + 1),
                   g_ptr_array_index (labels, i)) != 0)
      return FALSE;
  return TRUE;
}

void
mc_case_editor_bind_choice (McCaseEditor *self,
                            AdwComboRow  *combo_row,
                            McRecord     *record,
                            const char   *property,
                            GPtrArray    *ids,
                            GPtrArray    *labels)
{
  GListModel *shown = adw_combo_row_get_model (combo_row);
  gboolean bound_before = g_object_get_data (G_OBJECT (combo_row), BINDING_KEY) != NULL;
  const char *value;
  Binding *binding;
  guint selected = 0;

  g_return_if_fail (MC_IS_CASE_EDITOR (self));
  g_return_if_fail (ADW_IS_COMBO_ROW (combo_row));
  g_return_if_fail (MC_IS_RECORD (record));
  g_return_if_fail (ids != NULL && labels != NULL && ids->len == labels->len);

  binding = binding_new (self, GTK_WIDGET (combo_row), record, property);
  binding->ids = g_ptr_array_new_with_free_func (g_free);
  value = mc_record_get_string (record, property);

  for (guint i = 0; i < ids->len; i++)
    {
      g_ptr_array_add (binding->ids, g_strdup (g_ptr_array_index (ids, i)));
      if (g_strcmp0 (value, g_ptr_array_index (ids, i)) == 0)
        selected = i + 1;
    }

  /* Bound again with the same choices (a page kept for the next case),
   * the row keeps its list and the rows its popover made. */
  if (!bound_before || !choices_shown (shown, labels))
    {
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

      gtk_string_list_append (model, C_("choice", "Not chosen"));
      for (guint i = 0; i < labels->len; i++)
        gtk_string_list_append (model, g_ptr_array_index (labels, i));
      if (!bound_before)
        mc_combo_row_show_choices_whole (combo_row);
      adw_combo_row_set_model (combo_row, G_LIST_MODEL (model));
    }
  adw_combo_row_set_selected (combo_row, selected);
  g_signal_connect (combo_row, "notify::selected", G_CALLBACK (on_selected_cb), binding);
}

/* Rows */

GtkWidget *
mc_case_editor_entry_row_new (McCaseEditor *self,
                              const char   *title,
                              McRecord     *record,
                              const char   *property)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  mc_case_editor_bind_editable (self, GTK_EDITABLE (row), record, property);

  return row;
}

GtkWidget *
mc_case_editor_text_row_new (McCaseEditor *self,
                             const char   *title,
                             McRecord     *record,
                             const char   *property)
{
  /* A preferences row, so a group puts it in its boxed list. */
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *field = mc_text_field_new (title);

  gtk_widget_set_margin_top (field, 12);
  gtk_widget_set_margin_bottom (field, 12);
  gtk_widget_set_margin_start (field, 12);
  gtk_widget_set_margin_end (field, 12);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), field);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* Tab goes straight into the text rather than stopping on the row. */
  gtk_widget_set_focusable (row, FALSE);

  mc_case_editor_bind_text_view (self, mc_text_field_get_text_view (MC_TEXT_FIELD (field)),
                                 record, property);

  return row;
}

GtkTextView *
mc_case_editor_text_row_get_text_view (GtkWidget *row)
{
  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), NULL);

  return mc_text_field_get_text_view (MC_TEXT_FIELD (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))));
}

static gboolean
audience_suits (McAudience item,
                McAudience wanted)
{
  return wanted == MC_AUDIENCE_ALL || item == MC_AUDIENCE_ALL || item == wanted;
}

void
mc_case_editor_bind_checklist_choice (McCaseEditor              *self,
                                      AdwComboRow               *combo_row,
                                      McRecord                  *record,
                                      const char                *property,
                                      const McProtocolChecklist *checklist,
                                      McAudience                 audience)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const char *value;
  gboolean has_value = FALSE;
  Binding *binding;

  g_return_if_fail (MC_IS_CASE_EDITOR (self));
  g_return_if_fail (MC_IS_RECORD (record));

  value = mc_record_get_string (record, property);
  for (guint i = 0; checklist != NULL && i < checklist->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (checklist->items, i);

      if (!audience_suits (item->audience, audience) && g_strcmp0 (item->id, value) != 0)
        continue;
      g_ptr_array_add (ids, (gpointer) item->id);
      g_ptr_array_add (labels, (gpointer) item->label);
      has_value |= g_strcmp0 (item->id, value) == 0;
    }

  /* An id this protocol does not know (another organisation's file) is
   * still shown, so choosing again is a choice and not a loss. */
  if (value != NULL && !has_value)
    {
      const McProtocolItem *item = mc_protocol_lookup_item (self->protocol, value);

      g_ptr_array_add (ids, (gpointer) value);
      g_ptr_array_add (labels, (gpointer) (item != NULL ? item->label : value));
    }

  mc_case_editor_bind_choice (self, combo_row, record, property, ids, labels);
  binding = g_object_get_data (G_OBJECT (combo_row), BINDING_KEY);
  binding->checklist = checklist;
  binding->audience = audience;
}

GtkWidget *
mc_case_editor_choice_row_new (McCaseEditor              *self,
                               const char                *title,
                               McRecord                  *record,
                               const char                *property,
                               const McProtocolChecklist *checklist,
                               McAudience                 audience)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* The protocol's items are sentences: they read better below the title
   * than squeezed beside it. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  mc_case_editor_bind_checklist_choice (self, ADW_COMBO_ROW (row), record, property, checklist, audience);

  return row;
}

GtkWidget *
mc_case_editor_switch_row_new (McCaseEditor *self,
                               const char   *title,
                               const char   *subtitle,
                               McRecord     *record,
                               const char   *property)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  /* One Tab stop (issue 17): the switch, named by the row's title; a click
   * on the row still flips it. */
  gtk_widget_set_focusable (row, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  mc_case_editor_bind_active (self, toggle, record, property);

  return row;
}

char *
mc_case_editor_dup_user_setting (McCaseEditor *self,
                                 const char   *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (self), NULL);

  /* Without the installed schema (a test, an uninstalled build) there is
   * simply nothing to fill in. */
  if (source == NULL
      || (schema = g_settings_schema_source_lookup (source, "nl.ambiq.Meldcode", TRUE)) == NULL
      || !g_settings_schema_has_key (schema, key))
    return NULL;

  settings = g_settings_new_full (schema, NULL, NULL);
  value = g_strstrip (g_settings_get_string (settings, key));

  return *value != '\0' ? g_steal_pointer (&value) : NULL;
}

void
mc_preferences_group_set_plain (AdwPreferencesGroup *group,
                                const char          *title,
                                const char          *description)
{
  g_autofree char *escaped_title = title != NULL ? g_markup_escape_text (title, -1) : NULL;
  g_autofree char *escaped_description = description != NULL ? g_markup_escape_text (description, -1) : NULL;

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  adw_preferences_group_set_title (group, escaped_title != NULL ? escaped_title : "");
  adw_preferences_group_set_description (group, escaped_description);
}

static void
on_remove_clicked_cb (GtkButton    *button,
                      McCaseEditor *self)
{
  McRecord *record = g_object_get_data (G_OBJECT (button), "mc-record");
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_EXPANDER_ROW);
  g_autoptr(GtkWidget) list = NULL;
  GtkListBoxRow *next;
  int index;

  if (row == NULL || !GTK_IS_LIST_BOX (gtk_widget_get_parent (row)))
    {
      mc_case_editor_delete (self, record);
      return;
    }
  list = g_object_ref (gtk_widget_get_parent (row));
  index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  if (!mc_case_editor_delete (self, record))
    return;

  /* The focus was on the button that went with its row: on to the row
   * that took its place, else the one before, else the first control
   * around the list (its "add" button), never lost to the header bar. */
  next = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);
  if (next == NULL && index > 0)
    next = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index - 1);
  if (next != NULL && mc_focus_first (GTK_WIDGET (next)))
    return;
  if (gtk_widget_get_parent (list) != NULL)
    mc_focus_first (gtk_widget_get_parent (list));
}

static void
bind_remove_button (McCaseEditor *self,
                    GtkWidget    *button,
                    McRecord     *record)
{
  g_signal_handlers_disconnect_matched (button, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_remove_clicked_cb, NULL);
  g_object_set_data_full (G_OBJECT (button), "mc-record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_clicked_cb), self, 0);
}

static gboolean
is_remove_button (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget)
         && g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_remove_clicked_cb, NULL) != 0;
}

void
mc_case_editor_add_remove_button (McCaseEditor   *self,
                                  AdwExpanderRow *row,
                                  McRecord       *record,
                                  const char     *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  g_return_if_fail (MC_IS_CASE_EDITOR (self));
  g_return_if_fail (ADW_IS_EXPANDER_ROW (row));
  g_return_if_fail (MC_IS_RECORD (record));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  bind_remove_button (self, button, record);
  adw_expander_row_add_action (row, button);
}

gboolean
mc_case_editor_rebind_widget (McCaseEditor *self,
                              GtkWidget    *widget,
                              McRecord     *record)
{
  Binding *old;
  g_autofree char *property = NULL;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (self), FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (MC_IS_RECORD (record), FALSE);

  if (is_remove_button (widget))
    {
      bind_remove_button (self, widget, record);
      return TRUE;
    }

  old = g_object_get_data (G_OBJECT (widget), BINDING_KEY);
  if (old == NULL)
    return FALSE;

  property = g_strdup (old->property);
  if (old->checklist != NULL)
    mc_case_editor_bind_checklist_choice (self, ADW_COMBO_ROW (widget), record, property,
                                          old->checklist, old->audience);
  else if (ADW_IS_COMBO_ROW (widget))
    {
      /* The same choices: the ids bound, the labels the row shows. */
      g_autoptr(GPtrArray) ids = g_ptr_array_ref (old->ids);
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
      GtkStringList *model = GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (widget)));

      for (guint i = 0; i < ids->len; i++)
        g_ptr_array_add (labels, g_strdup (gtk_string_list_get_string (model, i + 1)));
      mc_case_editor_bind_choice (self, ADW_COMBO_ROW (widget), record, property, ids, labels);
    }
  else if (GTK_IS_TEXT_VIEW (widget))
    mc_case_editor_bind_text_view (self, GTK_TEXT_VIEW (widget), record, property);
  else if (MC_IS_ANSWER_BUTTONS (widget))
    mc_case_editor_bind_answer (self, widget, record, property);
  else if (GTK_IS_EDITABLE (widget))
    mc_case_editor_bind_editable (self, GTK_EDITABLE (widget), record, property);
  else
    mc_case_editor_bind_active (self, widget, record, property);

  return TRUE;
}

/* A collapsed AdwExpanderRow still measures and allocates its rows
 * (GtkRevealer sizes a hidden child, then scales it to nothing), so every
 * wrapping label in them was shaped again at each layout of the page:
 * most of opening a case. The rows' list is hidden while the row is
 * collapsed and shown the moment it opens (before the transition). */
static void
sync_expander_content_cb (GtkRevealer *revealer)
{
  GtkWidget *child = gtk_revealer_get_child (revealer);

  if (child != NULL)
    gtk_widget_set_visible (child, gtk_revealer_get_reveal_child (revealer)
                                   || gtk_revealer_get_child_revealed (revealer));
}

/* libadwaita shows the list again when a row is added. */
static void
on_expander_content_visible_cb (GtkWidget *child)
{
  GtkWidget *revealer = gtk_widget_get_parent (child);

  if (GTK_IS_REVEALER (revealer) && gtk_widget_get_visible (child))
    sync_expander_content_cb (GTK_REVEALER (revealer));
}

static GtkWidget *
find_revealer (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_REVEALER (child) ? child : find_revealer (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
mc_expander_row_new (void)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *revealer = find_revealer (row);

  /* libadwaita 1.2 to 1.5 hold the rows in a GtkRevealer; without one
   * there is nothing to spare. */
  if (revealer != NULL)
    {
      g_signal_connect (revealer, "notify::reveal-child", G_CALLBACK (sync_expander_content_cb), NULL);
      g_signal_connect (revealer, "notify::child-revealed", G_CALLBACK (sync_expander_content_cb), NULL);
      if (gtk_revealer_get_child (GTK_REVEALER (revealer)) != NULL)
        g_signal_connect (gtk_revealer_get_child (GTK_REVEALER (revealer)), "notify::visible",
                          G_CALLBACK (on_expander_content_visible_cb), NULL);
      sync_expander_content_cb (GTK_REVEALER (revealer));
    }

  return row;
}

GtkWidget *
mc_list_placeholder_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static gboolean
restore_copy_icon_cb (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(GtkButton) button = g_weak_ref_get (ref);

  if (button != NULL)
    gtk_button_set_icon_name (button, "edit-copy-symbolic");

  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_copy_phone_cb (GtkButton  *button,
                  const char *phone)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), phone);

  /* A moment of confirmation where the eye already is. */
  gtk_button_set_icon_name (button, "object-select-symbolic");
  g_weak_ref_init (ref, button);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 2, restore_copy_icon_cb, ref, free_weak_ref);
}

GtkWidget *
mc_contact_row_new (const McProtocolContact *contact)
{
  GtkWidget *row;
  GtkWidget *copy;
  GtkWidget *phone;
  g_autofree char *copy_label = NULL;

  g_return_val_if_fail (contact != NULL, NULL);

  row = adw_action_row_new ();
  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  phone = gtk_label_new (contact->phone);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), contact->name);
  if (contact->description != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), contact->description);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("call-start-symbolic"));

  gtk_label_set_selectable (GTK_LABEL (phone), TRUE);
  gtk_widget_add_css_class (phone, "heading");
  gtk_widget_add_css_class (phone, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), phone);

  /* Translators: a button that copies a phone number; %s is the contact. */
  copy_label = g_strdup_printf (_("Copy the phone number of %s"), contact->name);
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy Phone Number"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label,
                                  -1);
  /* The protocol outlives the page, so its text can be the closure data. */
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_phone_cb), (gpointer) contact->phone);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);

  return row;
}

static void
mc_case_editor_dispose (GObject *object)
{
  McCaseEditor *self = MC_CASE_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->protocol);
  g_clear_object (&self->case_);

  G_OBJECT_CLASS (mc_case_editor_parent_class)->dispose (object);
}

static void
mc_case_editor_finalize (GObject *object)
{
  McCaseEditor *self = MC_CASE_EDITOR (object);

  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (mc_case_editor_parent_class)->finalize (object);
}

static void
mc_case_editor_class_init (McCaseEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_case_editor_dispose;
  object_class->finalize = mc_case_editor_finalize;

  /**
   * McCaseEditor::saved:
   *
   * A change was written to the store.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * McCaseEditor::error:
   * @message: what went wrong, for the user
   */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * McCaseEditor::deleted:
   * @record: the stored record that was deleted
   *
   * Follows "saved" when a stored record was deleted, so the deletion can
   * be offered for undoing (mc_case_editor_undo_delete()).
   */
  signals[DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_RECORD);

  /**
   * McCaseEditor::flush:
   *
   * mc_case_editor_flush() was called: a page that keeps typed text of
   * its own, outside the editor's bindings, saves it now (before a lock,
   * another case, another step).
   */
  signals[FLUSH] =
    g_signal_new ("flush", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_case_editor_init (McCaseEditor *self)
{
  self->pending = g_hash_table_new (NULL, NULL);
}
