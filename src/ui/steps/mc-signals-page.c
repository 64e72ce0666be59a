/* mc-signals-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-signals-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-answer-buttons.h"
#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-new-case-dialog.h"
#include "mc-people-editor.h"
#include "mc-record-rows.h"
#include "mc-row-title.h"
#include "mc-signals-page.h"
#include "mc-step-page.h"
#include "mc-step-rows.h"
#include "mc-text-field.h"

/* The kindcheck's question whether there is concern about the children;
 * when it has none by this id, its last yes/no question. */
#define KINDCHECK_CONCERN_ID "kindcheck-concern"

struct _McSignalsPage
{
  AdwBin               parent_instance;

  McCaseEditor        *editor;
  /* The signal categories that suit the client's age. */
  McAudience           audience;

  /* The kindcheck's rows are the protocol's: made once, when a case
   * first needs them, and bound again for each case. */
  const char          *concern_id;
  GtkWidget           *concern_row;
  gboolean             kindcheck_filled;
  /* Whether this case shows it: once shown, it stays for the case. */
  gboolean             kindcheck_shown;
  /* Per kindcheck item: the answer buttons or the entry row bound. */
  GPtrArray           *kindcheck_fields;

  AdwPreferencesGroup *signals_group;
  GtkListBox          *signals_list;
  AdwPreferencesGroup *kindcheck_group;
  McPeopleEditor      *people_editor;
};

static void mc_signals_page_step_page_init (McStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McSignalsPage, mc_signals_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_STEP_PAGE, mc_signals_page_step_page_init))

#define TITLE_MAX_CHARS 80

/* The signal rows */

static char *
signal_title (McRecord *signal)
{
  const char *description = mc_record_get_string (signal, "description");
  g_autofree char *first_line = NULL;
  const char *end;

  if (description == NULL || *description == '\0')
    return g_strdup (_("New signal"));

  end = strchr (description, '\n');
  first_line = end != NULL ? g_strndup (description, end - description) : g_strdup (description);
  if (g_utf8_strlen (first_line, -1) > TITLE_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (first_line, 0, TITLE_MAX_CHARS);

      return g_strconcat (cut, "…", NULL);
    }

  return g_steal_pointer (&first_line);
}

static char *
signal_subtitle (McSignalsPage *self,
                 McRecord      *signal)
{
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  const char *observed_on = mc_record_get_string (signal, "observed-on");
  const char *nature = mc_record_get_string (signal, "nature");
  const char *category = mc_record_get_string (signal, "category");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GDate date;

  g_date_clear (&date, 1);
  if (observed_on != NULL && mc_date_from_iso8601 (observed_on, &date))
    g_ptr_array_add (parts, mc_format_date (&date));
  else
    g_ptr_array_add (parts, g_strdup (_("No date")));

  if (g_strcmp0 (nature, "fact") == 0)
    g_ptr_array_add (parts, g_strdup (_("Fact")));
  else if (g_strcmp0 (nature, "interpretation") == 0)
    {
      const char *status = mc_record_get_string (signal, "status");

      if (g_strcmp0 (status, "confirmed") == 0)
        g_ptr_array_add (parts, g_strdup (_("Interpretation, confirmed")));
      else if (g_strcmp0 (status, "refuted") == 0)
        g_ptr_array_add (parts, g_strdup (_("Interpretation, refuted")));
      else
        g_ptr_array_add (parts, g_strdup (_("Interpretation")));
    }

  if (category != NULL)
    {
      const McProtocolItem *item = mc_protocol_lookup_item (protocol, category);

      g_ptr_array_add (parts, g_strdup (item != NULL ? item->label : category));
    }

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
update_signal_row (AdwExpanderRow *row,
                   GParamSpec     *pspec,
                   McRecord       *signal)
{
  McSignalsPage *self = g_object_get_data (G_OBJECT (row), "mc-page");
  g_autofree char *title = signal_title (signal);
  g_autofree char *subtitle = signal_subtitle (self, signal);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (row, subtitle);
}

/* Only an interpretation is later confirmed or refuted. */
static void
update_status_rows (AdwExpanderRow *row,
                    McRecord       *signal)
{
  gboolean interpretation = g_strcmp0 (mc_record_get_string (signal, "nature"), "interpretation") == 0;
  GtkWidget *status_row = g_object_get_data (G_OBJECT (row), "mc-status-row");
  GtkWidget *status_on_row = g_object_get_data (G_OBJECT (row), "mc-status-on-row");

  if (status_row != NULL)
    gtk_widget_set_visible (status_row, interpretation);
  if (status_on_row != NULL)
    gtk_widget_set_visible (status_on_row, interpretation);
}

/* A row the list no longer holds outlives its page while an editor
 * binding inside it still flushes typed text into the record (the case
 * closed or locked meanwhile): its page is gone, so it shows nothing. */
static gboolean
row_is_shown (AdwExpanderRow *row)
{
  return gtk_widget_get_parent (GTK_WIDGET (row)) != NULL;
}

static void
on_signal_notify_cb (McRecord       *signal,
                     GParamSpec     *pspec,
                     AdwExpanderRow *row)
{
  if (!row_is_shown (row))
    return;
  update_signal_row (row, pspec, signal);
  update_status_rows (row, signal);
}

/* Confirmed or refuted is known on a day: that day comes along, to be
 * corrected. */
static void
on_signal_status_cb (McRecord       *signal,
                     GParamSpec     *pspec,
                     AdwExpanderRow *row)
{
  McSignalsPage *self = g_object_get_data (G_OBJECT (row), "mc-page");
  const char *status = mc_record_get_string (signal, "status");

  if (!row_is_shown (row))
    return;
  if ((g_strcmp0 (status, "confirmed") == 0 || g_strcmp0 (status, "refuted") == 0)
      && mc_record_get_id (signal) != 0)
    mc_fill_date_today (self->editor, signal, "status-on", g_object_get_data (G_OBJECT (row), "mc-status-on-row"));
}

static GtkWidget *
nature_row_new (McSignalsPage *self,
                McRecord      *signal)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *row = adw_combo_row_new ();

  g_ptr_array_add (ids, (gpointer) "fact");
  g_ptr_array_add (labels, (gpointer) _("Fact: seen or heard"));
  g_ptr_array_add (ids, (gpointer) "interpretation");
  g_ptr_array_add (labels, (gpointer) _("Interpretation: what I think it means"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Fact or interpretation"));
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  mc_case_editor_bind_choice (self->editor, ADW_COMBO_ROW (row), signal, "nature", ids, labels);

  return row;
}

/* What a signal's row shows of it beyond its fields, and follows. */
static void
follow_signal (AdwExpanderRow *row,
               McRecord       *signal)
{
  mc_record_row_set_record (GTK_WIDGET (row), signal);
  update_signal_row (row, NULL, signal);
  update_status_rows (row, signal);
  g_signal_connect_object (signal, "notify", G_CALLBACK (on_signal_notify_cb), row, 0);
  g_signal_connect_object (signal, "notify::status", G_CALLBACK (on_signal_status_cb), row, 0);
}

static GtkWidget *
category_row_new (McSignalsPage *self,
                  McRecord      *signal)
{
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);

  return mc_case_editor_choice_row_new (self->editor, _("Kind of signal"), signal, "category",
                                        mc_protocol_get_checklist (protocol, MC_CHECKLIST_SIGNAL_CATEGORIES),
                                        self->audience);
}

/* A row kept for the next case's signal: its fields, the kinds of signal
 * offered (the client's age may differ), folded as a new row is. */
static gboolean
bind_signal_row (GtkWidget *row,
                 McRecord  *signal,
                 gpointer   user_data)
{
  McSignalsPage *self = user_data;
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);

  mc_record_fields_rebind (row, self->editor, signal);
  mc_case_editor_bind_checklist_choice (self->editor, g_object_get_data (G_OBJECT (row), "mc-category-row"),
                                        signal, "category",
                                        mc_protocol_get_checklist (protocol, MC_CHECKLIST_SIGNAL_CATEGORIES),
                                        self->audience);
  follow_signal (ADW_EXPANDER_ROW (row), signal);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), FALSE);

  return TRUE;
}

static GtkWidget *
create_signal_row (McRecord *signal,
                   gpointer  user_data)
{
  McSignalsPage *self = user_data;
  GtkWidget *row = mc_expander_row_new ();
  GtkWidget *description;
  GtkWidget *category;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  mc_row_title_take_over (ADW_EXPANDER_ROW (row));
  g_object_set_data (G_OBJECT (row), "mc-page", self);

  mc_case_editor_add_remove_button (self->editor, ADW_EXPANDER_ROW (row), signal, _("Remove Signal"));

  description = mc_case_editor_text_row_new (self->editor, _("What was seen or heard"),
                                             signal, "description");
  g_object_set_data (G_OBJECT (row), "mc-first-field", description);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), description);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor, _("Date (day-month-year)"),
                                                          signal, "observed-on"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), nature_row_new (self, signal));
  {
    static const char * const status_ids[] = { "open", "confirmed", "refuted", NULL };
    const char *status_labels[] = {
      C_("interpretation", "Open"), C_("interpretation", "Confirmed"), C_("interpretation", "Refuted"), NULL
    };
    GtkWidget *status_row = mc_fixed_choice_row_new (self->editor, _("Status of the interpretation"),
                                                     signal, "status", status_ids, status_labels);
    GtkWidget *status_on_row = mc_case_editor_entry_row_new (self->editor,
                                                             _("Confirmed or refuted on (day-month-year)"),
                                                             signal, "status-on");

    g_object_set_data (G_OBJECT (row), "mc-status-row", status_row);
    g_object_set_data (G_OBJECT (row), "mc-status-on-row", status_on_row);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), status_row);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), status_on_row);
  }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor, _("Seen or heard by"),
                                                          signal, "observer"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor,
                                                          _("Told by (when it came from someone else)"),
                                                          signal, "source"));
  category = category_row_new (self, signal);
  g_object_set_data (G_OBJECT (row), "mc-category-row", category);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), category);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_switch_row_new (self->editor, _("Not for the family"),
                                                           _("Left out of the family copy of the report"),
                                                           signal, "not-for-family"));
  follow_signal (ADW_EXPANDER_ROW (row), signal);

  return row;
}

static void
on_add_signal_cb (McSignalsPage *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  g_autoptr(McSignal) signal = mc_signal_new (mc_record_get_id (MC_RECORD (case_)));
  g_autoptr(GDate) today = g_date_new ();
  g_autofree char *today_iso = NULL;
  g_autofree char *observer = mc_case_editor_dup_user_setting (self->editor, "user-name");
  GtkListBoxRow *row;
  GtkWidget *first_field;
  guint n_signals;

  /* Most signals are noted the day they are seen, by the one noting them. */
  g_date_set_time_t (today, time (NULL));
  today_iso = mc_date_to_iso8601 (today);
  mc_record_set_string (MC_RECORD (signal), "observed-on", today_iso);
  if (observer != NULL)
    mc_record_set_string (MC_RECORD (signal), "observer", observer);

  if (!mc_case_editor_insert (self->editor, MC_RECORD (signal)))
    return;

  n_signals = g_list_model_get_n_items (mc_case_get_signals (case_));
  row = gtk_list_box_get_row_at_index (self->signals_list, n_signals - 1);
  if (row == NULL)
    return;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  first_field = g_object_get_data (G_OBJECT (row), "mc-first-field");
  /* Into the new signal's text, scrolled into view once laid out. */
  mc_focus_widget (first_field);
}

/* The kindcheck */

/* Binds @field, the answer buttons or the entry row of the kindcheck
 * item @item, to the case of the page's editor. */
static void
bind_kindcheck_field (McSignalsPage        *self,
                      const McProtocolItem *item,
                      GtkWidget            *field)
{
  g_autoptr(McRecord) record = NULL;

  switch (item->answer)
    {
    case MC_ITEM_ANSWER_YES_NO:
    case MC_ITEM_ANSWER_NONE:
      mc_case_editor_bind_checklist_answer (self->editor, field, item->id);
      break;

    case MC_ITEM_ANSWER_NUMBER:
    case MC_ITEM_ANSWER_TEXT:
      record = mc_case_editor_checklist_answer (self->editor, item->id);
      mc_case_editor_bind_editable (self->editor, GTK_EDITABLE (field), record, "value");
      break;

    default:
      g_assert_not_reached ();
    }
}

/* A row for @item; its field (what is bound) goes in *@field. */
static GtkWidget *
kindcheck_row_new (McSignalsPage        *self,
                   const McProtocolItem *item,
                   GtkWidget           **field)
{
  GtkWidget *row;

  switch (item->answer)
    {
    case MC_ITEM_ANSWER_YES_NO:
    case MC_ITEM_ANSWER_NONE:
      {
        GtkWidget *buttons = mc_answer_buttons_new (item->label, FALSE);

        row = adw_action_row_new ();
        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->label);
        adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
        if (item->help != NULL)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), item->help);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
        *field = buttons;
      }
      break;

    case MC_ITEM_ANSWER_NUMBER:
      row = adw_entry_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->label);
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_DIGITS);
      *field = row;
      break;

    case MC_ITEM_ANSWER_TEXT:
      row = adw_entry_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->label);
      *field = row;
      break;

    default:
      g_assert_not_reached ();
    }

  bind_kindcheck_field (self, item, *field);

  return row;
}

static gboolean
is_new_case_dialog (GtkWidget *widget,
                    gpointer   unused)
{
  return MC_IS_NEW_CASE_DIALOG (widget);
}

/* The window makes the new case (win.new-case); the dialog it opens is
 * told which case the child comes from, so the two are linked. */
static void
on_new_child_case_cb (McSignalsPage *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  g_autoptr(GList) before = gtk_window_list_toplevels ();
  g_autoptr(GList) after = NULL;

  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.new-case", NULL))
    return;

  after = gtk_window_list_toplevels ();
  for (GList *l = after; l != NULL; l = l->next)
    if (is_new_case_dialog (l->data, NULL) && g_list_find (before, l->data) == NULL)
      mc_new_case_dialog_set_linked_case (MC_NEW_CASE_DIALOG (l->data),
                                          mc_record_get_id (MC_RECORD (case_)),
                                          mc_record_get_string (MC_RECORD (case_), "number"),
                                          mc_record_get_string (MC_RECORD (case_), "client-name"));
}

static void
update_concern (McSignalsPage *self)
{
  McChecklistAnswer *answer;

  if (self->concern_row == NULL)
    return;

  answer = mc_case_find_checklist_answer (mc_case_editor_get_case (self->editor), self->concern_id);
  gtk_widget_set_visible (self->concern_row,
                          answer != NULL
                          && g_strcmp0 (mc_record_get_string (MC_RECORD (answer), "value"), "yes") == 0);
}

static GtkWidget *
concern_row_new (McSignalsPage *self)
{
  GtkWidget *row = mc_info_row_new (_("There is concern about these children"),
                                    _("Go through the meldcode for a child too, in a case of its own. "
                                      "The new case is linked to this one."));
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_New Case for This Child"));

  gtk_widget_set_name (row, "kindcheck-new-case");
  gtk_widget_add_css_class (icon, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Concern"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New Case for This Child"),
                                  -1);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_new_child_case_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static const McProtocolChecklist *
get_kindcheck (McSignalsPage *self)
{
  return mc_protocol_get_checklist (mc_case_editor_get_protocol (self->editor), MC_CHECKLIST_KINDCHECK);
}

/* The kindcheck's rows, made once for the protocol and bound to the
 * page's case. */
static void
fill_kindcheck (McSignalsPage *self)
{
  const McProtocolChecklist *kindcheck = get_kindcheck (self);

  g_assert (!self->kindcheck_filled && kindcheck != NULL);

  self->kindcheck_filled = TRUE;
  mc_preferences_group_set_plain (self->kindcheck_group, kindcheck->title, kindcheck->note);
  for (guint i = 0; i < kindcheck->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (kindcheck->items, i);
      GtkWidget *field = NULL;

      adw_preferences_group_add (self->kindcheck_group, kindcheck_row_new (self, item, &field));
      g_ptr_array_add (self->kindcheck_fields, field);
      if (item->answer == MC_ITEM_ANSWER_YES_NO
          && (self->concern_id == NULL || g_strcmp0 (self->concern_id, KINDCHECK_CONCERN_ID) != 0))
        self->concern_id = item->id;
    }

  self->concern_row = concern_row_new (self);
  adw_preferences_group_add (self->kindcheck_group, self->concern_row);
}

/* The kindcheck's rows, made before, given the page's case. */
static void
bind_kindcheck (McSignalsPage *self)
{
  const McProtocolChecklist *kindcheck = get_kindcheck (self);

  g_assert (self->kindcheck_filled && kindcheck->items->len == self->kindcheck_fields->len);

  for (guint i = 0; i < kindcheck->items->len; i++)
    bind_kindcheck_field (self, g_ptr_array_index (kindcheck->items, i),
                          g_ptr_array_index (self->kindcheck_fields, i));
}

/* The kindcheck applies to an adult client, or when children are among
 * the people: a child added later brings it, and it stays for the case.
 * Returns whether it shows now and did not before. */
static gboolean
show_kindcheck (McSignalsPage *self)
{
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);

  if (self->kindcheck_shown || get_kindcheck (self) == NULL
      || !mc_case_kindcheck_applies (mc_case_editor_get_case (self->editor), protocol))
    return FALSE;

  /* Bound now, to the answers the case has now. */
  if (!self->kindcheck_filled)
    fill_kindcheck (self);
  else
    bind_kindcheck (self);
  self->kindcheck_shown = TRUE;
  update_concern (self);
  gtk_widget_set_visible (GTK_WIDGET (self->kindcheck_group), TRUE);

  return TRUE;
}

static void
on_saved_cb (McSignalsPage *self)
{
  show_kindcheck (self);
  update_concern (self);
}

/* The placeholder, the group descriptions and the kindcheck's rows are
 * the protocol's and stay; the signals, the client's age (which kinds of
 * signal are offered), whether the kindcheck shows, its answers and the
 * people are the case's. */
static void
mc_signals_page_set_editor (McStepPage   *page,
                            McCaseEditor *editor)
{
  McSignalsPage *self = MC_SIGNALS_PAGE (page);
  gboolean minor;

  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);
  g_set_object (&self->editor, editor);

  if (mc_case_editor_get_client_age (editor, &minor) < 0)
    self->audience = MC_AUDIENCE_ALL;
  else
    self->audience = minor ? MC_AUDIENCE_CHILDREN : MC_AUDIENCE_ADULTS;

  mc_list_box_bind_records (self->signals_list,
                            mc_case_get_signals (mc_case_editor_get_case (editor)),
                            create_signal_row, bind_signal_row, self);

  self->kindcheck_shown = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->kindcheck_group), FALSE);
  /* Hidden rows let go of the case before too. */
  if (!show_kindcheck (self) && self->kindcheck_filled)
    {
      bind_kindcheck (self);
      update_concern (self);
    }
  g_signal_connect_swapped (editor, "saved", G_CALLBACK (on_saved_cb), self);

  mc_people_editor_set_editor (self->people_editor, editor);
}

static void
mc_signals_page_step_page_init (McStepPageInterface *iface)
{
  iface->set_editor = mc_signals_page_set_editor;
}

GtkWidget *
mc_signals_page_new (McCaseEditor *editor)
{
  McSignalsPage *self;
  const McProtocolChecklist *categories;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (editor), NULL);

  self = g_object_new (MC_TYPE_SIGNALS_PAGE, NULL);

  categories = mc_protocol_get_checklist (mc_case_editor_get_protocol (editor), MC_CHECKLIST_SIGNAL_CATEGORIES);
  if (categories != NULL && categories->note != NULL)
    mc_preferences_group_set_plain (self->signals_group, _("Signals"), categories->note);

  gtk_list_box_set_placeholder (self->signals_list,
                                mc_list_placeholder_new (_("No signals recorded yet. Write down each thing you saw or heard that worries you.")));

  /* The template's box is the bin's child, so it is not bound. */
  self->people_editor = MC_PEOPLE_EDITOR (mc_people_editor_new (editor));
  gtk_box_append (GTK_BOX (adw_bin_get_child (ADW_BIN (self))), GTK_WIDGET (self->people_editor));

  mc_signals_page_set_editor (MC_STEP_PAGE (self), editor);

  return GTK_WIDGET (self);
}

static void
mc_signals_page_dispose (GObject *object)
{
  McSignalsPage *self = MC_SIGNALS_PAGE (object);

  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);
  if (self->signals_list != NULL)
    mc_list_box_bind_records (self->signals_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SIGNALS_PAGE);

  G_OBJECT_CLASS (mc_signals_page_parent_class)->dispose (object);
}

static void
mc_signals_page_finalize (GObject *object)
{
  McSignalsPage *self = MC_SIGNALS_PAGE (object);

  /* Rows may still call back while the template goes. */
  g_clear_object (&self->editor);
  g_clear_pointer (&self->kindcheck_fields, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_signals_page_parent_class)->finalize (object);
}

static void
mc_signals_page_class_init (McSignalsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_signals_page_dispose;
  object_class->finalize = mc_signals_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-signals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McSignalsPage, signals_group);
  gtk_widget_class_bind_template_child (widget_class, McSignalsPage, signals_list);
  gtk_widget_class_bind_template_child (widget_class, McSignalsPage, kindcheck_group);
  gtk_widget_class_bind_template_callback (widget_class, on_add_signal_cb);
}

static void
mc_signals_page_init (McSignalsPage *self)
{
  self->kindcheck_fields = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
