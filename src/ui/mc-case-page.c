/* mc-case-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-case-editor.h"
#include "mc-step-page.h"
#include "mc-case-page.h"
#include "mc-close-case-dialog.h"
#include "mc-completeness.h"
#include "mc-consultations-page.h"
#include "mc-conversation-page.h"
#include "mc-dates.h"
#include "mc-decision-page.h"
#include "mc-history-page.h"
#include "mc-store-transfer.h"
#include "mc-meldnormen.h"
#include "mc-reopen-case-dialog.h"
#include "mc-store-retention.h"
#include "mc-signals-page.h"
#include "mc-step-rows.h"
#include "mc-weighing-page.h"

#define N_STEPS 5
/* Saves of one field closer together than this read as one edit in the
 * history: text is saved at every pause in typing. */
#define HISTORY_EDIT_WINDOW (5 * G_TIME_SPAN_MINUTE)

typedef struct
{
  GtkToggleButton *button;
  /* The state icon with the title, and without it where the page is
   * narrow. */
  GtkImage        *icon;
  GtkImage        *compact_icon;
} StepButton;

struct _McCasePage
{
  AdwBin               parent_instance;

  McCaseEditor        *editor;
  /* The step pages, each made when first shown: opening a case builds one
   * page, not five. A page that can be (McStepPage) is kept for the next
   * case and given it when it is shown (stale until then): its widgets
   * and text layouts are not built again. */
  GtkWidget           *pages[N_STEPS];
  gboolean             stale[N_STEPS];
  /* The pages of the case shown before, taken down when the main loop is
   * idle: tearing down five filled pages took most of a case switch. */
  GPtrArray           *retired;
  guint                retire_source;
  /* The case's history, made when first shown, in place of a step. */
  GtkWidget           *history_page;
  gboolean             showing_history;
  /* The protocol the step buttons were made for; they outlive a case. */
  McProtocol          *stepper_protocol;
  GPtrArray           *statuses;       /* of McStepStatus */
  guint                step;           /* 1 to 5; 0 without a case */
  StepButton           step_buttons[N_STEPS];
  GPtrArray           *missing_rows;
  gboolean             switching;
  /* The ids of the urgent actions shown, so the bar is built again only
   * when they change (and a focused button stays). */
  char                *urgent_key;
  /* The close or reopen dialog while it is open; a weak pointer. */
  GtkWidget           *dialog;
  /* The linked case the header's button shows; -1 before it was looked
   * up, so the case list is read only when the link changes. */
  gint64               linked_case_id;

  GtkInfoBar          *closed_bar;
  GtkLabel            *closed_label;
  GtkLabel            *closed_details_label;
  GtkLabel            *destroy_on_label;
  GtkWidget           *reopen_button;
  GtkInfoBar          *urgent_bar;
  GtkBox              *urgent_box;

  GtkLabel            *client_label;
  GtkLabel            *details_label;
  GtkButton           *linked_case_button;
  GtkImage            *outcome_icon;
  GtkLabel            *outcome_label;
  GtkBox              *stepper_box;
  GtkScrolledWindow   *scroller;
  GtkLabel            *step_title_label;
  GtkWidget           *step_state_box;
  GtkImage            *step_state_icon;
  GtkLabel            *step_state_label;
  GtkLabel            *purpose_label;
  GtkToggleButton     *guidance_button;
  GtkRevealer         *guidance_revealer;
  GtkBox              *guidance_box;
  /* The step whose guidance the box holds: the protocol's text, made
   * again only for another step. */
  const McProtocolStep *guidance_step;
  GtkStack            *step_stack;
  AdwPreferencesGroup *missing_group;
};

G_DEFINE_FINAL_TYPE (McCasePage, mc_case_page, ADW_TYPE_BIN)

enum {
  SAVED,
  ERROR,
  DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

McCasePage *
mc_case_page_new (void)
{
  return g_object_new (MC_TYPE_CASE_PAGE, NULL);
}

static const char *
state_icon_name (McStepState state)
{
  switch (state)
    {
    case MC_STEP_NOT_STARTED:
      return "radio-symbolic";
    case MC_STEP_IN_PROGRESS:
      return "document-edit-symbolic";
    case MC_STEP_DONE:
      return "emblem-ok-symbolic";
    case MC_STEP_NEEDS_ATTENTION:
      return "dialog-warning-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
state_text (McStepState state)
{
  switch (state)
    {
    case MC_STEP_NOT_STARTED:
      return _("Not started");
    case MC_STEP_IN_PROGRESS:
      return _("In progress");
    case MC_STEP_DONE:
      return _("Done");
    case MC_STEP_NEEDS_ATTENTION:
      return _("Needs attention");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Colour only repeats what the icon shape and the text already say. */
static void
set_state_style (GtkWidget   *widget,
                 McStepState  state)
{
  gtk_widget_remove_css_class (widget, "success");
  gtk_widget_remove_css_class (widget, "warning");
  gtk_widget_remove_css_class (widget, "accent");
  gtk_widget_remove_css_class (widget, "dim-label");

  switch (state)
    {
    case MC_STEP_NOT_STARTED:
      gtk_widget_add_css_class (widget, "dim-label");
      break;
    case MC_STEP_IN_PROGRESS:
      gtk_widget_add_css_class (widget, "accent");
      break;
    case MC_STEP_DONE:
      gtk_widget_add_css_class (widget, "success");
      break;
    case MC_STEP_NEEDS_ATTENTION:
      gtk_widget_add_css_class (widget, "warning");
      break;
    default:
      g_assert_not_reached ();
    }
}

static const McProtocolStep *
protocol_step (McCasePage *self,
               guint       number)
{
  GPtrArray *steps = mc_protocol_get_steps (mc_case_editor_get_protocol (self->editor));

  for (guint i = 0; i < steps->len; i++)
    {
      const McProtocolStep *step = g_ptr_array_index (steps, i);

      if (step->number == number)
        return step;
    }

  return NULL;
}

static const McStepStatus *
step_status (McCasePage *self,
             guint       number)
{
  g_assert (self->statuses != NULL && number >= 1 && number <= self->statuses->len);

  return g_ptr_array_index (self->statuses, number - 1);
}

static gboolean
case_is_closed (McCasePage *self)
{
  return self->editor != NULL && mc_case_is_closed (mc_case_editor_get_case (self->editor));
}

/* A closed case is read-only: its step pages take no input (the store
 * would refuse it anyway); the history, the reports and reopening stay. */
static void
update_read_only (McCasePage *self)
{
  gboolean closed = case_is_closed (self);

  for (guint i = 0; i < N_STEPS; i++)
    if (self->pages[i] != NULL)
      gtk_widget_set_sensitive (self->pages[i], !closed);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.close", self->editor != NULL && !closed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.reopen", self->editor != NULL && closed);
}

/* "To be destroyed from 3 December 2046", or "Due for destruction since
 * …" once that day has come, under the organisation's retention period. */
static char *
destroy_on_text (McCasePage *self)
{
  McRecord *case_ = MC_RECORD (mc_case_editor_get_case (self->editor));
  g_autoptr(GError) error = NULL;
  g_autofree char *destroy_on = NULL;
  McRetentionPolicy policy;
  GDate date;

  if (!mc_store_get_retention_policy (mc_case_editor_get_store (self->editor),
                                      mc_case_editor_get_protocol (self->editor), &policy, NULL, &error))
    {
      g_debug ("No retention period: %s", error->message);
      return NULL;
    }
  destroy_on = mc_retention_destroy_on (&policy, mc_record_get_string (case_, "closed-at"),
                                        mc_record_get_string (case_, "birth-date"));
  g_date_clear (&date, 1);
  if (destroy_on == NULL || !mc_date_from_iso8601 (destroy_on, &date))
    return NULL;
  {
    g_autofree char *date_text = mc_format_date (&date);

    if (mc_retention_is_due (destroy_on, NULL))
      /* Translators: the header of a closed case whose retention period has
       * run; %s is the date, "3 December 2046". */
      return g_strdup_printf (_("Due for destruction since %s"), date_text);
    /* Translators: the header of a closed case; %s is the first day it may
     * be destroyed, "3 December 2046". */
    return g_strdup_printf (_("To be destroyed from %s"), date_text);
  }
}

/* "Closed on 3 December 2026: <reason>" and who closed it, with the note. */
static void
update_closed (McCasePage *self)
{
  McRecord *case_ = MC_RECORD (mc_case_editor_get_case (self->editor));
  const char *closed_at = mc_record_get_string (case_, "closed-at");
  const char *reason_id = mc_record_get_string (case_, "close-reason");
  const char *closed_by = mc_record_get_string (case_, "closed-by");
  const char *note = mc_record_get_string (case_, "close-note");
  const McProtocolItem *reason = NULL;
  const char *reason_text;
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *date_text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *details_text = NULL;
  GDate date;

  g_autofree char *destroy_text = NULL;

  if (!case_is_closed (self))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->closed_bar), FALSE);
      gtk_label_set_label (self->closed_label, "");
      gtk_label_set_label (self->closed_details_label, "");
      gtk_label_set_label (self->destroy_on_label, "");
      return;
    }

  if (reason_id != NULL)
    reason = mc_protocol_lookup_close_reason (mc_case_editor_get_protocol (self->editor), reason_id);
  /* A reason another protocol knew: its id is better than nothing. */
  reason_text = reason != NULL ? reason->label : reason_id;
  g_date_clear (&date, 1);
  if (closed_at != NULL && mc_date_from_iso8601 (closed_at, &date))
    date_text = mc_format_date (&date);

  if (date_text != NULL && reason_text != NULL)
    /* Translators: the header of a closed case: "Closed on 3 December
     * 2026: <the reason, as the protocol's list of reasons says it>". */
    title = g_strdup_printf (_("Closed on %s: %s"), date_text, reason_text);
  else if (date_text != NULL)
    /* Translators: the header of a closed case; %s is the date. */
    title = g_strdup_printf (_("Closed on %s"), date_text);
  else
    title = g_strdup (C_("case", "Closed"));

  if (closed_by != NULL && *closed_by != '\0')
    /* Translators: who closed a case: a name, with the function in brackets. */
    g_ptr_array_add (details, g_strdup_printf (_("By %s"), closed_by));
  if (note != NULL && *note != '\0')
    g_ptr_array_add (details, g_strdup (note));
  g_ptr_array_add (details, g_strdup (_("Reopen the case to change it.")));
  g_ptr_array_add (details, NULL);
  details_text = g_strjoinv (" · ", (char **) details->pdata);

  destroy_text = destroy_on_text (self);

  gtk_label_set_label (self->closed_label, title);
  gtk_label_set_label (self->closed_details_label, details_text);
  gtk_label_set_label (self->destroy_on_label, destroy_text != NULL ? destroy_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->destroy_on_label), destroy_text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->closed_bar), TRUE);
}

static gboolean
restore_copy_icon_cb (gpointer button)
{
  gtk_button_set_icon_name (button, "edit-copy-symbolic");
  return G_SOURCE_REMOVE;
}

static void
on_copy_phone_cb (GtkButton *button)
{
  const char *phone = g_object_get_data (G_OBJECT (button), "mc-phone");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), phone);
  /* A moment of confirmation where the eye already is. */
  gtk_button_set_icon_name (button, "object-select-symbolic");
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 2, restore_copy_icon_cb,
                              g_object_ref (button), g_object_unref);
}

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McCasePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish ((GtkWindow *) source, result, &error))
    {
      g_debug ("No call: %s", error->message);
      g_signal_emit (self, signals[ERROR], 0,
                     _("This computer has no app for phone calls. Copy the number and call it with a phone."));
    }
}

/* tel: URIs hold only digits (and a leading +). */
static void
on_call_cb (GtkButton  *button,
            McCasePage *self)
{
  const char *phone = g_object_get_data (G_OBJECT (button), "mc-phone");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GString *uri = g_string_new ("tel:");

  for (const char *p = phone; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) || (*p == '+' && uri->len == 4))
      g_string_append_c (uri, *p);

  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri->str, GDK_CURRENT_TIME,
                     NULL, call_done_cb, g_object_ref (self));
  g_string_free (uri, TRUE);
}

/* A call button and a copy button for one contact. */
static GtkWidget *
contact_buttons_new (McCasePage              *self,
                     const McProtocolContact *contact)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *call = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *label = NULL;
  g_autofree char *call_name = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *copy_name = NULL;

  /* Translators: a button in the urgent-action bar: a contact and its
   * phone number, "Veilig Thuis: 0800-2000". */
  label = g_strdup_printf (_("%s: %s"), contact->name, contact->phone);
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "call-start-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  gtk_button_set_child (GTK_BUTTON (call), content);
  /* Translators: the tooltip of a call button; %s is a contact. */
  tooltip = g_strdup_printf (_("Call %s"), contact->name);
  gtk_widget_set_tooltip_text (call, tooltip);
  /* Translators: a call button as a screen reader reads it: "Call Veilig
   * Thuis, 0800-2000". */
  call_name = g_strdup_printf (_("Call %s, %s"), contact->name, contact->phone);
  gtk_accessible_update_property (GTK_ACCESSIBLE (call), GTK_ACCESSIBLE_PROPERTY_LABEL, call_name, -1);
  g_object_set_data_full (G_OBJECT (call), "mc-phone", g_strdup (contact->phone), g_free);
  g_signal_connect_object (call, "clicked", G_CALLBACK (on_call_cb), self, 0);

  gtk_widget_set_tooltip_text (copy, _("Copy Phone Number"));
  /* Translators: a button that copies a phone number; %s is the contact. */
  copy_name = g_strdup_printf (_("Copy the phone number of %s"), contact->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, copy_name, -1);
  g_object_set_data_full (G_OBJECT (copy), "mc-phone", g_strdup (contact->phone), g_free);
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_phone_cb), NULL);

  gtk_widget_set_halign (box, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), call);
  gtk_box_append (GTK_BOX (box), copy);

  return box;
}

static void
clear_urgent_actions (McCasePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->urgent_box))) != NULL)
    gtk_box_remove (self->urgent_box, child);
  g_clear_pointer (&self->urgent_key, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->urgent_bar), FALSE);
}

/* The protocol's urgent actions whose facts hold now (acute unsafety in
 * the weighing, a special form), on top of the page. A closed case is
 * history: it has none. */
static void
update_urgent_actions (McCasePage *self)
{
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) spoken = g_string_new (NULL);

  if (!case_is_closed (self))
    actions = mc_case_get_urgent_actions (mc_case_editor_get_case (self->editor), protocol);
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      const McProtocolUrgentAction *action = g_ptr_array_index (actions, i);

      g_string_append_printf (key, "%s\n", action->id);
    }
  if (self->urgent_key != NULL && strcmp (key->str, self->urgent_key) == 0)
    return;

  clear_urgent_actions (self);
  if (key->len == 0)
    return;
  self->urgent_key = g_strdup (key->str);

  for (guint i = 0; i < actions->len; i++)
    {
      const McProtocolUrgentAction *action = g_ptr_array_index (actions, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *label = gtk_label_new (action->text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);

      for (guint j = 0; action->contact_ids != NULL && action->contact_ids[j] != NULL; j++)
        {
          const McProtocolContact *contact = mc_protocol_lookup_contact (protocol, action->contact_ids[j]);

          if (contact != NULL)
            gtk_box_append (GTK_BOX (box), contact_buttons_new (self, contact));
        }

      gtk_box_append (self->urgent_box, box);
      if (spoken->len > 0)
        g_string_append_c (spoken, ' ');
      g_string_append (spoken, action->text);
    }

  /* An alert (GtkInfoBar's role) that says what it is about. */
  {
    /* Translators: the urgent-action bar as a screen reader names it; %s
     * is what the protocol says to do. */
    g_autofree char *name = g_strdup_printf (_("Urgent: %s"), spoken->str);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->urgent_bar),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->urgent_bar), TRUE);
}

/* The linked case's number, NULL when the store has no such case. One
 * case is read, not the whole list, which grew with the store. */
static char *
find_case_number (McCasePage *self,
                  gint64      case_id)
{
  g_autoptr(McCaseSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = mc_store_get_case_summary (mc_case_editor_get_store (self->editor), case_id, &error);
  if (summary == NULL)
    {
      g_debug ("No linked case: %s", error->message);
      return NULL;
    }

  return g_strdup (mc_case_summary_get_number (summary));
}

static void
update_linked_case (McCasePage *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  gint64 linked_id = mc_record_get_integer (MC_RECORD (case_), "linked-case-id");
  g_autofree char *number = NULL;
  g_autofree char *label = NULL;
  g_autofree char *name = NULL;

  if (linked_id == self->linked_case_id)
    return;
  self->linked_case_id = linked_id;

  if (linked_id > 0 && linked_id != mc_record_get_id (MC_RECORD (case_)))
    number = find_case_number (self, linked_id);
  gtk_widget_set_visible (GTK_WIDGET (self->linked_case_button), number != NULL);
  if (number == NULL)
    return;

  /* Translators: a button in the case header; %s is the case number. */
  label = g_strdup_printf (_("Linked case: %s"), number);
  /* Translators: the same button as a screen reader names it. */
  name = g_strdup_printf (_("Open linked case %s"), number);
  gtk_button_set_label (self->linked_case_button, label);
  /* The name only with its target: app.open-case takes a case id. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->linked_case_button), "x", linked_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->linked_case_button), "app.open-case");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->linked_case_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
update_header (McCasePage *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  g_autoptr(McAfwegingResult) result = mc_case_decide (case_, mc_case_editor_get_protocol (self->editor));
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *client_number = mc_record_get_string (MC_RECORD (case_), "client-number");
  g_autofree char *details = NULL;
  const char *outcome;
  const char *icon;
  gboolean minor;
  int age;

  gtk_label_set_label (self->client_label, mc_record_get_string (MC_RECORD (case_), "client-name"));

  age = mc_case_editor_get_client_age (self->editor, &minor);
  if (age >= 0)
    {
      g_ptr_array_add (parts, g_strdup_printf (ngettext ("%d year old", "%d years old", age), age));
      g_ptr_array_add (parts, g_strdup (minor ? _("minor") : _("adult")));
    }
  else
    g_ptr_array_add (parts, g_strdup (_("age unknown")));
  /* Translators: the case number in the case header, "case 2026-0001". */
  g_ptr_array_add (parts, g_strdup_printf (_("case %s"), mc_record_get_string (MC_RECORD (case_), "number")));
  if (client_number != NULL && *client_number != '\0')
    /* Translators: the organisation's own client number, in the case header. */
    g_ptr_array_add (parts, g_strdup_printf (_("client number %s"), client_number));
  g_ptr_array_add (parts, NULL);
  details = g_strjoinv (" · ", (char **) parts->pdata);
  gtk_label_set_label (self->details_label, details);

  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "dim-label");

  if (result->report_needed == MC_ANSWER_YES && result->help_possible == MC_ANSWER_YES)
    outcome = _("Reporting necessary, help possible");
  else if (result->report_needed == MC_ANSWER_YES)
    outcome = _("Reporting necessary");
  else if (result->help_possible == MC_ANSWER_YES)
    outcome = _("Help possible");
  else if (result->closed && result->monitoring)
    outcome = _("Close with monitoring");
  else if (result->closed)
    outcome = _("Close without action");
  else
    outcome = _("Not decided yet");

  if (result->report_needed == MC_ANSWER_YES)
    {
      icon = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), "warning");
    }
  else if (result->help_possible == MC_ANSWER_YES || result->closed)
    {
      icon = "emblem-ok-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), "success");
    }
  else
    {
      icon = "content-loading-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), "dim-label");
    }

  gtk_image_set_from_icon_name (self->outcome_icon, icon);
  gtk_label_set_label (self->outcome_label, outcome);

  update_linked_case (self);
  update_closed (self);
  update_urgent_actions (self);
  update_read_only (self);
}

static void
clear_missing (McCasePage *self)
{
  for (guint i = 0; i < self->missing_rows->len; i++)
    adw_preferences_group_remove (self->missing_group, g_ptr_array_index (self->missing_rows, i));
  g_ptr_array_set_size (self->missing_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->missing_group), FALSE);
}

static void
update_current_step (McCasePage *self)
{
  const McStepStatus *status = step_status (self, self->step);

  gtk_image_set_from_icon_name (self->step_state_icon, state_icon_name (status->state));
  set_state_style (GTK_WIDGET (self->step_state_icon), status->state);
  gtk_label_set_label (self->step_state_label, state_text (status->state));

  clear_missing (self);
  if (status->missing->len == 0)
    return;

  adw_preferences_group_set_title (self->missing_group,
                                   status->state == MC_STEP_NEEDS_ATTENTION
                                   ? _("Needs Attention")
                                   : _("Still to Record"));
  for (guint i = 0; i < status->missing->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (status->state == MC_STEP_NEEDS_ATTENTION
                                                      ? "dialog-warning-symbolic"
                                                      : "radio-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      status->state == MC_STEP_NEEDS_ATTENTION
                                      ? _("Needs attention") : _("Missing"),
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_ptr_array_index (status->missing, i));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (self->missing_group, row);
      g_ptr_array_add (self->missing_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->missing_group), TRUE);
}

static void
update_steps (McCasePage *self)
{
  g_clear_pointer (&self->statuses, g_ptr_array_unref);
  self->statuses = mc_case_check_steps (mc_case_editor_get_case (self->editor),
                                        mc_case_editor_get_protocol (self->editor));
  g_assert (self->statuses->len == N_STEPS);

  for (guint i = 0; i < N_STEPS; i++)
    {
      const McStepStatus *status = g_ptr_array_index (self->statuses, i);
      const McProtocolStep *step = protocol_step (self, i + 1);
      StepButton *button = &self->step_buttons[i];
      g_autofree char *label = NULL;

      gtk_image_set_from_icon_name (button->icon, state_icon_name (status->state));
      set_state_style (GTK_WIDGET (button->icon), status->state);
      gtk_image_set_from_icon_name (button->compact_icon, state_icon_name (status->state));
      set_state_style (GTK_WIDGET (button->compact_icon), status->state);
      gtk_widget_set_tooltip_text (GTK_WIDGET (button->button), state_text (status->state));
      /* Translators: a step button as a screen reader reads it: "Step 2 of 5:
       * <title of the step>. <state>". */
      label = g_strdup_printf (_("Step %u of 5: %s. %s"), i + 1,
                               step != NULL ? step->title : "", state_text (status->state));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button->button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }

  if (self->step != 0 && !self->showing_history)
    update_current_step (self);
}

static void
fill_guidance (McCasePage           *self,
               const McProtocolStep *step)
{
  GtkWidget *child;
  g_auto(GStrv) paragraphs = NULL;

  if (step == self->guidance_step && step != NULL)
    return;
  self->guidance_step = step;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->guidance_box))) != NULL)
    gtk_box_remove (self->guidance_box, child);

  if (step == NULL || step->guidance == NULL)
    return;

  paragraphs = g_strsplit (step->guidance, "\n\n", -1);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      GtkWidget *label = gtk_label_new (paragraphs[i]);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_start (label, 18);
      gtk_widget_set_margin_end (label, 18);
      if (i == 0)
        gtk_widget_set_margin_top (label, 18);
      if (paragraphs[i + 1] == NULL)
        gtk_widget_set_margin_bottom (label, 18);
      gtk_box_append (self->guidance_box, label);
    }
}

static GtkWidget *
step_page_new (McCasePage *self,
               guint       step)
{
  switch (step)
    {
    case 1:
      return mc_signals_page_new (self->editor);
    case 2:
      return mc_consultations_page_new (self->editor);
    case 3:
      return mc_conversation_page_new (self->editor);
    case 4:
      return mc_weighing_page_new (self->editor);
    case 5:
      return mc_decision_page_new (self->editor);
    default:
      g_return_val_if_reached (NULL);
    }
}

void
mc_case_page_show_step (McCasePage *self,
                        guint       step)
{
  const McProtocolStep *protocol_step_;
  g_autofree char *title = NULL;

  g_return_if_fail (MC_IS_CASE_PAGE (self));
  g_return_if_fail (step >= 1 && step <= N_STEPS);

  if (self->editor == NULL)
    return;

  /* A text still waiting for its pause belongs to the step it was typed in. */
  mc_case_editor_flush (self->editor);

  self->step = step;
  self->showing_history = FALSE;
  gtk_widget_set_visible (self->step_state_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->guidance_button), TRUE);
  protocol_step_ = protocol_step (self, step);

  self->switching = TRUE;
  for (guint i = 0; i < N_STEPS; i++)
    gtk_toggle_button_set_active (self->step_buttons[i].button, i + 1 == step);
  self->switching = FALSE;

  if (self->pages[step - 1] == NULL)
    {
      self->pages[step - 1] = step_page_new (self, step);
      gtk_widget_set_sensitive (self->pages[step - 1], !case_is_closed (self));
      gtk_stack_add_child (self->step_stack, self->pages[step - 1]);
    }
  else if (self->stale[step - 1])
    {
      mc_step_page_set_editor (MC_STEP_PAGE (self->pages[step - 1]), self->editor);
      gtk_widget_set_sensitive (self->pages[step - 1], !case_is_closed (self));
    }
  self->stale[step - 1] = FALSE;
  gtk_stack_set_visible_child (self->step_stack, self->pages[step - 1]);
  /* Translators: the heading of the open step, "Step 1 · <title>". */
  title = g_strdup_printf (_("Step %u · %s"), step, protocol_step_ != NULL ? protocol_step_->title : "");
  gtk_label_set_label (self->step_title_label, title);
  gtk_label_set_label (self->purpose_label, protocol_step_ != NULL ? protocol_step_->purpose : "");
  fill_guidance (self, protocol_step_);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  update_current_step (self);
  /* The page, made now or before, and the rows of what it misses. */
  mc_bound_wrapping_labels (GTK_WIDGET (self));
}

void
mc_case_page_focus_step (McCasePage *self)
{
  GtkWidget *page;

  g_return_if_fail (MC_IS_CASE_PAGE (self));

  if (self->editor == NULL || self->step < 1 || self->step > N_STEPS)
    return;
  page = self->pages[self->step - 1];
  /* The step's first field; a page with none (a closed case) leaves the
   * focus on its step button, never on the header bar. */
  if (page == NULL || !mc_focus_first (page))
    mc_focus_widget (GTK_WIDGET (self->step_buttons[self->step - 1].button));
}

/* Read from the store each time, so it holds what was done since. */
static void
refresh_history (McCasePage *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(GError) error = NULL;

  entries = mc_store_list_case_history (mc_case_editor_get_store (self->editor),
                                        mc_record_get_id (MC_RECORD (case_)), &error);
  if (entries == NULL)
    {
      mc_history_page_set_entries (MC_HISTORY_PAGE (self->history_page), NULL, NULL);
      g_signal_emit (self, signals[ERROR], 0, error->message);
      return;
    }

  /* What the case brought along from the store that handed it over. */
  received = mc_store_list_received_history (mc_case_editor_get_store (self->editor),
                                             mc_record_get_id (MC_RECORD (case_)), &error);
  if (received == NULL)
    {
      g_signal_emit (self, signals[ERROR], 0, error->message);
      g_clear_error (&error);
    }
  else
    {
      GPtrArray *merged = mc_history_merge_edits (received, HISTORY_EDIT_WINDOW);

      g_ptr_array_unref (received);
      received = merged;
    }

  edits = mc_history_merge_edits (entries, HISTORY_EDIT_WINDOW);
  mc_history_page_set_all_entries (MC_HISTORY_PAGE (self->history_page), edits, received,
                                   mc_case_editor_get_protocol (self->editor));
}

void
mc_case_page_show_history (McCasePage *self)
{
  g_return_if_fail (MC_IS_CASE_PAGE (self));

  if (self->editor == NULL)
    return;

  /* What was typed last belongs in the history too. */
  mc_case_editor_flush (self->editor);

  self->showing_history = TRUE;
  self->switching = TRUE;
  for (guint i = 0; i < N_STEPS; i++)
    gtk_toggle_button_set_active (self->step_buttons[i].button, FALSE);
  self->switching = FALSE;

  if (self->history_page == NULL)
    {
      self->history_page = mc_history_page_new ();
      gtk_stack_add_child (self->step_stack, self->history_page);
    }
  refresh_history (self);
  gtk_stack_set_visible_child (self->step_stack, self->history_page);

  gtk_label_set_label (self->step_title_label, _("History"));
  gtk_label_set_label (self->purpose_label,
                       _("Every change to this case, newest first: what was changed, by whom and when. "
                         "Meldcode keeps this record itself; it cannot be edited."));
  gtk_widget_set_visible (self->step_state_box, FALSE);
  gtk_toggle_button_set_active (self->guidance_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->guidance_button), FALSE);
  fill_guidance (self, NULL);
  clear_missing (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

gboolean
mc_case_page_is_showing_history (McCasePage *self)
{
  g_return_val_if_fail (MC_IS_CASE_PAGE (self), FALSE);

  return self->showing_history;
}

guint
mc_case_page_get_step (McCasePage *self)
{
  g_return_val_if_fail (MC_IS_CASE_PAGE (self), 0);

  return self->step;
}

McCase *
mc_case_page_get_case (McCasePage *self)
{
  g_return_val_if_fail (MC_IS_CASE_PAGE (self), NULL);

  return self->editor != NULL ? mc_case_editor_get_case (self->editor) : NULL;
}

static void
on_step_toggled_cb (GtkToggleButton *button,
                    McCasePage      *self)
{
  if (self->switching)
    return;

  if (gtk_toggle_button_get_active (button))
    mc_case_page_show_step (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "mc-step")));
  else
    {
      /* The open step stays pressed: there is always one. */
      self->switching = TRUE;
      gtk_toggle_button_set_active (button, TRUE);
      self->switching = FALSE;
    }
}

static void
clear_stepper (McCasePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stepper_box))) != NULL)
    gtk_box_remove (self->stepper_box, child);
  memset (self->step_buttons, 0, sizeof self->step_buttons);
}

/* The step's state icon beside its number. */
static GtkWidget *
step_number_new (guint      number,
                 GtkImage **icon)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *text = g_strdup_printf ("%u", number);
  GtkWidget *label = gtk_label_new (text);

  *icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*icon));
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static void
build_stepper (McCasePage *self)
{
  for (guint i = 0; i < N_STEPS; i++)
    {
      const McProtocolStep *step = protocol_step (self, i + 1);
      StepButton *button = &self->step_buttons[i];
      GtkWidget *squeezer = adw_squeezer_new ();
      GtkWidget *full = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (step != NULL ? step->title : "");

      button->button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());

      gtk_box_append (GTK_BOX (full), step_number_new (i + 1, &button->icon));
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD);
      /* "Collegiale consultatie en zo nodig Veilig Thuis raadplegen" at
       * 1000×700 takes four. */
      gtk_label_set_lines (GTK_LABEL (title), 4);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_label_set_justify (GTK_LABEL (title), GTK_JUSTIFY_CENTER);
      /* Below this the titles would break inside words: show only the
       * numbers then. */
      gtk_label_set_width_chars (GTK_LABEL (title), 10);
      gtk_label_set_max_width_chars (GTK_LABEL (title), 20);
      gtk_widget_add_css_class (title, "caption");
      gtk_box_append (GTK_BOX (full), title);

      adw_squeezer_set_homogeneous (ADW_SQUEEZER (squeezer), FALSE);
      adw_squeezer_set_switch_threshold_policy (ADW_SQUEEZER (squeezer), ADW_FOLD_THRESHOLD_POLICY_MINIMUM);
      adw_squeezer_add (ADW_SQUEEZER (squeezer), full);
      adw_squeezer_add (ADW_SQUEEZER (squeezer), step_number_new (i + 1, &button->compact_icon));

      gtk_button_set_child (GTK_BUTTON (button->button), squeezer);
      gtk_widget_add_css_class (GTK_WIDGET (button->button), "flat");
      g_object_set_data (G_OBJECT (button->button), "mc-step", GUINT_TO_POINTER (i + 1));
      g_signal_connect (button->button, "toggled", G_CALLBACK (on_step_toggled_cb), self);
      gtk_box_append (self->stepper_box, GTK_WIDGET (button->button));
    }
}

static void
on_editor_saved_cb (McCasePage *self)
{
  update_header (self);
  update_steps (self);
  /* A save may have added rows to the step, and the header's rows are
   * made again just above. */
  mc_bound_wrapping_labels (GTK_WIDGET (self));
  g_signal_emit (self, signals[SAVED], 0);
}

static void
on_editor_error_cb (McCasePage *self,
                    const char *message)
{
  g_signal_emit (self, signals[ERROR], 0, message);
}

/* What the step pages remove with a trash button: the step whose page
 * lists them, and what the offer to undo says. */
static const struct
{
  GType       (*get_type) (void);
  guint         step;
  const char   *removed;
} removable_records[] = {
  { mc_signal_get_type, 1, N_("Signal removed") },
  { mc_consultation_get_type, 2, N_("Consultation removed") },
  { mc_conversation_get_type, 3, N_("Conversation removed") },
  { mc_follow_up_get_type, 5, N_("Follow-up agreement removed") },
};

static guint
removable_index (McRecord *record)
{
  for (guint i = 0; i < G_N_ELEMENTS (removable_records); i++)
    if (G_TYPE_CHECK_INSTANCE_TYPE (record, removable_records[i].get_type ()))
      return i;
  g_return_val_if_reached (G_N_ELEMENTS (removable_records) - 1);
}

static void
on_editor_deleted_cb (McCasePage *self,
                      McRecord   *record)
{
  g_signal_emit (self, signals[DELETED], 0, record,
                 _(removable_records[removable_index (record)].removed));
}

/* The remove button of @record's row (mc_case_editor_add_remove_button). */
static GtkWidget *
find_record_button (GtkWidget *widget,
                    McRecord  *record)
{
  if (widget == NULL)
    return NULL;
  if (GTK_IS_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "mc-record") == record
      && gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_record_button (child, record);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
mc_case_page_undo_delete (McCasePage *self,
                          McRecord   *record)
{
  guint step;

  g_return_val_if_fail (MC_IS_CASE_PAGE (self), FALSE);
  g_return_val_if_fail (MC_IS_RECORD (record), FALSE);

  /* Another case is open by now, or none. */
  if (self->editor == NULL
      || mc_record_get_case_id (record) != mc_record_get_id (MC_RECORD (mc_case_editor_get_case (self->editor))))
    return FALSE;

  if (!mc_case_editor_undo_delete (self->editor, record))
    return FALSE;

  /* The step's page is made again from the case, which holds the record
   * once more; a page that is not shown is made when it is. */
  step = removable_records[removable_index (record)].step;
  if (self->pages[step - 1] != NULL)
    {
      gtk_stack_remove (self->step_stack, self->pages[step - 1]);
      self->pages[step - 1] = NULL;
      self->stale[step - 1] = FALSE;
    }
  if (self->showing_history)
    refresh_history (self);
  else if (self->step == step)
    {
      GtkWidget *button;

      mc_case_page_show_step (self, step);
      /* Back where it was: the restored row, by its remove button. */
      button = find_record_button (self->pages[step - 1], record);
      if (button != NULL)
        mc_focus_first (gtk_widget_get_ancestor (button, ADW_TYPE_EXPANDER_ROW));
      else
        mc_case_page_focus_step (self);
    }

  return TRUE;
}

static void
remove_retired (McCasePage *self)
{
  for (guint i = 0; i < self->retired->len; i++)
    {
      GtkWidget *page = g_ptr_array_index (self->retired, i);

      if (gtk_widget_get_parent (page) == GTK_WIDGET (self->step_stack))
        gtk_stack_remove (self->step_stack, page);
    }
  g_ptr_array_set_size (self->retired, 0);
}

static gboolean
remove_retired_cb (gpointer user_data)
{
  McCasePage *self = user_data;

  self->retire_source = 0;
  remove_retired (self);
  return G_SOURCE_REMOVE;
}

/* Takes @page down once the next case shows, while nothing else waits. */
static void
retire_page (McCasePage *self,
             GtkWidget  *page)
{
  g_ptr_array_add (self->retired, g_object_ref (page));
  if (self->retire_source == 0)
    self->retire_source = g_idle_add_full (G_PRIORITY_LOW, remove_retired_cb, self, NULL);
}

static int
page_step_index (McCasePage *self,
                 GtkWidget  *page)
{
  for (guint i = 0; i < N_STEPS; i++)
    if (self->pages[i] == page)
      return (int) i;

  return -1;
}

/* The pages kept from the case before go too (another protocol). */
static void
retire_kept_pages (McCasePage *self)
{
  for (guint i = 0; i < N_STEPS; i++)
    if (self->pages[i] != NULL)
      {
        retire_page (self, self->pages[i]);
        self->pages[i] = NULL;
        self->stale[i] = FALSE;
      }
}

/* @at_once: also the pages, now (locking, closing); otherwise the pages
 * that can be are kept for the next case (McStepPage), and the others go
 * once the next case shows, while nothing else waits. */
static void
clear_case (McCasePage *self,
            gboolean    at_once)
{
  GtkWidget *child;

  /* Disposed already. */
  if (self->step_stack == NULL)
    return;

  /* What was typed last is saved before the pages go (a widget taken
   * down lets go of its text) and before the page lets go of the store. */
  if (self->editor != NULL)
    mc_case_editor_flush (self->editor);

  if (at_once)
    {
      g_clear_handle_id (&self->retire_source, g_source_remove);
      g_ptr_array_set_size (self->retired, 0);
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->step_stack))) != NULL)
        gtk_stack_remove (self->step_stack, child);
      memset (self->pages, 0, sizeof self->pages);
      memset (self->stale, 0, sizeof self->stale);
    }

  /* A dialog about the case goes with it (a lock, another case). */
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  if (self->editor == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->editor, self);
  g_signal_handlers_disconnect_by_data (mc_case_editor_get_case (self->editor), self);

  if (!at_once)
    {
      for (child = gtk_widget_get_first_child (GTK_WIDGET (self->step_stack));
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int i = page_step_index (self, child);

          if (i >= 0 && MC_IS_STEP_PAGE (child))
            self->stale[i] = TRUE;
          else
            {
              retire_page (self, child);
              if (i >= 0)
                self->pages[i] = NULL;
            }
        }
    }
  self->history_page = NULL;
  self->showing_history = FALSE;
  gtk_widget_set_visible (self->step_state_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->guidance_button), TRUE);
  for (guint i = 0; i < N_STEPS && self->step_buttons[i].button != NULL; i++)
    {
      gtk_image_clear (self->step_buttons[i].icon);
      gtk_image_clear (self->step_buttons[i].compact_icon);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->step_buttons[i].button), NULL);
    }
  clear_missing (self);
  gtk_toggle_button_set_active (self->guidance_button, FALSE);

  gtk_label_set_label (self->client_label, "");
  gtk_label_set_label (self->details_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->linked_case_button), FALSE);
  self->linked_case_id = -1;
  gtk_label_set_label (self->outcome_label, "");
  gtk_image_clear (self->outcome_icon);
  gtk_label_set_label (self->step_title_label, "");
  gtk_label_set_label (self->purpose_label, "");
  gtk_label_set_label (self->step_state_label, "");
  gtk_image_clear (self->step_state_icon);

  clear_urgent_actions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->closed_bar), FALSE);
  gtk_label_set_label (self->closed_label, "");
  gtk_label_set_label (self->closed_details_label, "");
  gtk_label_set_label (self->destroy_on_label, "");

  g_clear_pointer (&self->statuses, g_ptr_array_unref);
  g_clear_object (&self->editor);
  self->step = 0;
  update_read_only (self);
}

void
mc_case_page_set_case (McCasePage *self,
                       McStore    *store,
                       McProtocol *protocol,
                       McCase     *case_)
{
  g_return_if_fail (MC_IS_CASE_PAGE (self));
  g_return_if_fail (store == NULL || MC_IS_STORE (store));
  g_return_if_fail (protocol == NULL || MC_IS_PROTOCOL (protocol));
  g_return_if_fail (case_ == NULL || MC_IS_CASE (case_));
  g_return_if_fail ((store == NULL) == (case_ == NULL) && (store == NULL) == (protocol == NULL));

  clear_case (self, case_ == NULL);
  if (case_ == NULL)
    return;

  self->editor = mc_case_editor_new (store, protocol, case_);
  g_signal_connect_swapped (self->editor, "saved", G_CALLBACK (on_editor_saved_cb), self);
  g_signal_connect_swapped (self->editor, "error", G_CALLBACK (on_editor_error_cb), self);
  g_signal_connect_swapped (self->editor, "deleted", G_CALLBACK (on_editor_deleted_cb), self);
  /* A link stored by other code than the editor shows at once. */
  g_signal_connect_swapped (case_, "notify::linked-case-id", G_CALLBACK (update_linked_case), self);

  if (self->stepper_protocol != protocol)
    {
      retire_kept_pages (self);
      fill_guidance (self, NULL);
      clear_stepper (self);
      build_stepper (self);
      g_set_object (&self->stepper_protocol, protocol);
    }

  update_header (self);
  update_steps (self);
  self->step = 0;
  mc_case_page_show_step (self, mc_case_current_step (self->statuses));
}

static void
show_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  McCasePage *self = MC_CASE_PAGE (widget);
  int step = g_variant_get_int32 (parameter);

  if (step >= 1 && step <= N_STEPS)
    {
      mc_case_page_show_step (self, step);
      mc_case_page_focus_step (self);
    }
}

static void
show_history_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  mc_case_page_show_history (MC_CASE_PAGE (widget));
}

/* After closing or reopening: the header, the steps' state and whether
 * they take input; the window hears of it as of any saved change. */
static void
on_status_changed_cb (McCasePage *self)
{
  if (self->editor == NULL)
    return;

  update_header (self);
  update_steps (self);
  if (self->showing_history)
    refresh_history (self);
  g_signal_emit (self, signals[SAVED], 0);
}

static void
on_case_closed_cb (McCasePage *self)
{
  on_status_changed_cb (self);
  /* The step's fields just went insensitive, the focus with them. */
  mc_focus_widget (self->reopen_button);
}

static GtkWindow *
parent_window (McCasePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
present_dialog (McCasePage *self,
                GtkWidget  *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
mc_case_page_close_case (McCasePage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  McCloseCaseDialog *dialog;

  g_return_if_fail (MC_IS_CASE_PAGE (self));

  if (self->editor == NULL || case_is_closed (self))
    return;

  /* What was typed last is part of the case that is closed. */
  mc_case_editor_flush (self->editor);
  name = mc_case_editor_dup_user_setting (self->editor, "user-name");
  role = mc_case_editor_dup_user_setting (self->editor, "user-role");
  dialog = mc_close_case_dialog_new (parent_window (self),
                                     mc_case_editor_get_store (self->editor),
                                     mc_case_editor_get_protocol (self->editor),
                                     mc_case_editor_get_case (self->editor),
                                     name, role);
  g_signal_connect_object (dialog, "closed", G_CALLBACK (on_case_closed_cb), self, G_CONNECT_SWAPPED);
  present_dialog (self, GTK_WIDGET (dialog));
}

void
mc_case_page_reopen_case (McCasePage *self)
{
  McReopenCaseDialog *dialog;

  g_return_if_fail (MC_IS_CASE_PAGE (self));

  if (self->editor == NULL || !case_is_closed (self))
    return;

  dialog = mc_reopen_case_dialog_new (parent_window (self),
                                      mc_case_editor_get_store (self->editor),
                                      mc_case_editor_get_protocol (self->editor),
                                      mc_case_editor_get_case (self->editor));
  g_signal_connect_object (dialog, "reopened", G_CALLBACK (on_status_changed_cb), self, G_CONNECT_SWAPPED);
  present_dialog (self, GTK_WIDGET (dialog));
}

gboolean
mc_case_page_is_closed (McCasePage *self)
{
  g_return_val_if_fail (MC_IS_CASE_PAGE (self), FALSE);

  return case_is_closed (self);
}

static void
close_case_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  mc_case_page_close_case (MC_CASE_PAGE (widget));
}

static void
reopen_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  mc_case_page_reopen_case (MC_CASE_PAGE (widget));
}

static void
mc_case_page_dispose (GObject *object)
{
  McCasePage *self = MC_CASE_PAGE (object);

  clear_case (self, TRUE);
  g_clear_pointer (&self->urgent_key, g_free);
  g_clear_object (&self->stepper_protocol);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_CASE_PAGE);
  g_clear_pointer (&self->missing_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_case_page_parent_class)->dispose (object);
}

static void
mc_case_page_class_init (McCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_case_page_dispose;

  /**
   * McCasePage::saved:
   *
   * A change to the case was saved.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * McCasePage::error:
   * @message: what went wrong, for the user
   */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * McCasePage::deleted:
   * @record: the deleted record, for mc_case_page_undo_delete()
   * @message: what was removed, for the user
   */
  signals[DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, MC_TYPE_RECORD, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McCasePage, client_label);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, details_label);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, linked_case_button);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, stepper_box);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, step_title_label);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, step_state_box);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, step_state_icon);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, step_state_label);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, purpose_label);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, guidance_button);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, guidance_revealer);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, guidance_box);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, step_stack);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, missing_group);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, closed_bar);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, closed_label);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, closed_details_label);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, destroy_on_label);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, urgent_bar);
  gtk_widget_class_bind_template_child (widget_class, McCasePage, urgent_box);

  gtk_widget_class_install_action (widget_class, "case.show-step", "i", show_step_action);
  gtk_widget_class_install_action (widget_class, "case.show-history", NULL, show_history_action);
  gtk_widget_class_install_action (widget_class, "case.close", NULL, close_case_action);
  gtk_widget_class_install_action (widget_class, "case.reopen", NULL, reopen_case_action);
  /* Also while the focus is in the page, whatever the application sets. */
  for (int i = 1; i <= N_STEPS; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, GDK_ALT_MASK,
                                         "case.show-step", "i", i);
}

static void
sync_guidance_cb (GtkRevealer *revealer)
{
  gtk_widget_set_visible (gtk_revealer_get_child (revealer),
                          gtk_revealer_get_reveal_child (revealer)
                          || gtk_revealer_get_child_revealed (revealer));
}

static void
mc_case_page_init (McCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The header's labels; the step pages' when they are shown. */
  mc_bound_wrapping_labels (GTK_WIDGET (self));
  /* The step's heading shares a horizontal box with the guidance button,
   * which takes its natural width (its minimum): bounded, the heading
   * wraps as before, without the search for its width at each height
   * (some 90 layouts of a long title each time a step showed). */
  mc_label_bound (self->step_title_label);
  /* The guidance is measured only while it shows or unfolds (GtkRevealer
   * measures a hidden child too). */
  g_signal_connect (self->guidance_revealer, "notify::reveal-child", G_CALLBACK (sync_guidance_cb), NULL);
  g_signal_connect (self->guidance_revealer, "notify::child-revealed", G_CALLBACK (sync_guidance_cb), NULL);
  sync_guidance_cb (self->guidance_revealer);

  self->linked_case_id = -1;
  self->missing_rows = g_ptr_array_new ();
  self->retired = g_ptr_array_new_with_free_func (g_object_unref);
  update_read_only (self);
}
