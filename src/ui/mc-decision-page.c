/* mc-decision-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-decision-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-afwegingskader-view.h"
#include "mc-answer-buttons.h"
#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-decision-page.h"

struct _McDecisionPage
{
  AdwBin               parent_instance;

  McCaseEditor        *editor;
  McRecord            *decision;
  gboolean             prefilling;

  AdwPreferencesGroup *decision_group;
  AdwActionRow        *report_row;
  AdwActionRow        *help_row;
  AdwEntryRow         *decided_by_name_row;
  AdwEntryRow         *decided_by_role_row;
  AdwEntryRow         *decided_on_row;
  AdwPreferencesGroup *report_group;
  AdwEntryRow         *reported_on_row;
  AdwEntryRow         *vt_reference_row;
  AdwActionRow        *informed_row;
  GtkWidget           *exception_row;
  GtkListBox          *follow_ups_list;
};

G_DEFINE_FINAL_TYPE (McDecisionPage, mc_decision_page, ADW_TYPE_BIN)

/* The decision */

static char *
suggestion_text (McAnswer    suggested,
                 McAnswer    decided,
                 const char *yes,
                 const char *no)
{
  const char *suggestion;

  switch (suggested)
    {
    case MC_ANSWER_YES:
      suggestion = yes;
      break;
    case MC_ANSWER_NO:
      suggestion = no;
      break;
    case MC_ANSWER_UNKNOWN:
    default:
      return g_strdup (_("The afwegingskader does not say yet."));
    }

  if (decided != MC_ANSWER_UNKNOWN && decided != suggested)
    /* Translators: %s is what the afwegingskader suggests, for example "The
     * afwegingskader suggests: yes." */
    return g_strdup_printf (_("%s You decided otherwise: say why in the justification."), suggestion);

  return g_strdup (suggestion);
}

static void
update_decision (McDecisionPage *self)
{
  g_autoptr(McAfwegingResult) result = mc_case_decide (mc_case_editor_get_case (self->editor),
                                                       mc_case_editor_get_protocol (self->editor));
  McAnswer report = mc_record_get_answer (self->decision, "report-needed");
  McAnswer informed = mc_record_get_answer (self->decision, "client-informed");
  g_autofree char *report_text = NULL;
  g_autofree char *help_text = NULL;

  report_text = suggestion_text (result->report_needed, report,
                                 _("The afwegingskader suggests: yes."),
                                 _("The afwegingskader suggests: no."));
  help_text = suggestion_text (result->help_possible,
                               mc_record_get_answer (self->decision, "help-possible"),
                               _("The afwegingskader suggests: yes."),
                               _("The afwegingskader suggests: no."));
  adw_action_row_set_subtitle (self->report_row, report_text);
  adw_action_row_set_subtitle (self->help_row, help_text);

  gtk_widget_set_visible (GTK_WIDGET (self->report_group), report == MC_ANSWER_YES);
  gtk_widget_set_visible (self->exception_row, informed == MC_ANSWER_NO);
}

/* The decision is stored with the first thing decided; who decided and when
 * come along, from the preferences and today's date, to be corrected where
 * they are not right. */
static void
on_decision_notify_cb (McRecord       *decision,
                       GParamSpec     *pspec,
                       McDecisionPage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;

  if (self->prefilling || mc_record_get_id (decision) != 0)
    return;

  self->prefilling = TRUE;

  if (mc_record_get_string (decision, "decided-by-name") == NULL
      && (name = mc_case_editor_dup_user_setting (self->editor, "user-name")) != NULL)
    {
      mc_record_set_string (decision, "decided-by-name", name);
      gtk_editable_set_text (GTK_EDITABLE (self->decided_by_name_row), name);
    }
  if (mc_record_get_string (decision, "decided-by-role") == NULL
      && (role = mc_case_editor_dup_user_setting (self->editor, "user-role")) != NULL)
    {
      mc_record_set_string (decision, "decided-by-role", role);
      gtk_editable_set_text (GTK_EDITABLE (self->decided_by_role_row), role);
    }
  if (mc_record_get_string (decision, "decided-on") == NULL)
    {
      g_autoptr(GDate) today = g_date_new ();
      g_autofree char *iso = NULL;
      g_autofree char *human = NULL;

      g_date_set_time_t (today, time (NULL));
      iso = mc_date_to_iso8601 (today);
      human = mc_date_to_human (today);
      mc_record_set_string (decision, "decided-on", iso);
      gtk_editable_set_text (GTK_EDITABLE (self->decided_on_row), human);
    }

  self->prefilling = FALSE;
}

/* The follow-up agreements */

static void
update_follow_up_row (AdwExpanderRow *row,
                      McRecord       *follow_up)
{
  const char *description = mc_record_get_string (follow_up, "description");
  const char *due_on = mc_record_get_string (follow_up, "due-on");
  g_autofree char *subtitle = NULL;
  GDate date;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 description != NULL ? description : _("New agreement"));

  g_date_clear (&date, 1);
  if (due_on != NULL && mc_date_from_iso8601 (due_on, &date))
    {
      g_autofree char *human = mc_format_date (&date);

      /* Translators: the due date of a follow-up agreement. */
      subtitle = g_strdup_printf (_("Due %s"), human);
    }
  else
    subtitle = g_strdup (_("No due date"));

  if (mc_record_get_boolean (follow_up, "done"))
    {
      /* Translators: a follow-up agreement that is done, after its due date. */
      g_autofree char *done = g_strdup_printf (_("%s · done"), subtitle);

      g_free (subtitle);
      subtitle = g_steal_pointer (&done);
    }

  adw_expander_row_set_subtitle (row, subtitle);
}

static void
on_follow_up_notify_cb (McRecord       *follow_up,
                        GParamSpec     *pspec,
                        AdwExpanderRow *row)
{
  update_follow_up_row (row, follow_up);
}

static GtkWidget *
create_follow_up_row (gpointer item,
                      gpointer user_data)
{
  McDecisionPage *self = user_data;
  McRecord *follow_up = item;
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *done = gtk_check_button_new ();
  GtkWidget *description;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  update_follow_up_row (ADW_EXPANDER_ROW (row), follow_up);
  g_signal_connect_object (follow_up, "notify", G_CALLBACK (on_follow_up_notify_cb), row, 0);

  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (done, _("Done"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (done),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Agreement done"),
                                  -1);
  mc_case_editor_bind_active (self->editor, done, follow_up, "done");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), done);
  mc_case_editor_add_remove_button (self->editor, ADW_EXPANDER_ROW (row), follow_up,
                                    _("Remove Agreement"));

  description = mc_case_editor_entry_row_new (self->editor, _("What was agreed, and who does it"),
                                              follow_up, "description");
  g_object_set_data (G_OBJECT (row), "mc-first-field", description);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), description);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor, _("Due date (day-month-year)"),
                                                          follow_up, "due-on"));

  return row;
}

static void
on_add_follow_up_cb (McDecisionPage *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  g_autoptr(McFollowUp) follow_up = mc_follow_up_new (mc_record_get_id (MC_RECORD (case_)));
  GtkListBoxRow *row;
  guint n_items;

  if (!mc_case_editor_insert (self->editor, MC_RECORD (follow_up)))
    return;

  n_items = g_list_model_get_n_items (mc_case_get_follow_ups (case_));
  row = gtk_list_box_get_row_at_index (self->follow_ups_list, n_items - 1);
  if (row == NULL)
    return;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), "mc-first-field"));
}

static GtkWidget *
answer_suffix (McDecisionPage *self,
               AdwActionRow   *row,
               const char     *label,
               const char     *property)
{
  GtkWidget *buttons = mc_answer_buttons_new (label, FALSE);

  adw_action_row_add_suffix (row, buttons);
  mc_case_editor_bind_answer (self->editor, buttons, self->decision, property);

  return buttons;
}

GtkWidget *
mc_decision_page_new (McCaseEditor *editor)
{
  McDecisionPage *self;
  McProtocol *protocol;
  McCase *case_;
  const McProtocolAfwegingskader *afwegingskader;
  const McProtocolChecklist *exceptions;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (editor), NULL);

  self = g_object_new (MC_TYPE_DECISION_PAGE, NULL);
  self->editor = g_object_ref (editor);
  protocol = mc_case_editor_get_protocol (editor);
  case_ = mc_case_editor_get_case (editor);
  afwegingskader = mc_protocol_get_afwegingskader (protocol);
  exceptions = mc_protocol_get_checklist (protocol, MC_CHECKLIST_INFORMING_EXCEPTIONS);
  /* Made, unsaved, when the case has none. */
  self->decision = g_object_ref (MC_RECORD (mc_case_get_decision (case_)));

  /* The template's box is the bin's child, so it is not bound. */
  gtk_box_prepend (GTK_BOX (adw_bin_get_child (ADW_BIN (self))), mc_afwegingskader_view_new (editor));

  /* Before the bindings, so the first save carries who decided. */
  g_signal_connect_object (self->decision, "notify", G_CALLBACK (on_decision_notify_cb), self, 0);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->report_row), afwegingskader->report_decision.question);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->help_row), afwegingskader->help_decision.question);
  answer_suffix (self, self->report_row, afwegingskader->report_decision.question, "report-needed");
  answer_suffix (self, self->help_row, afwegingskader->help_decision.question, "help-possible");
  adw_preferences_group_add (self->decision_group,
                             mc_case_editor_text_row_new (editor, _("Why you decided this"),
                                                          self->decision, "justification"));

  mc_case_editor_bind_editable (editor, GTK_EDITABLE (self->decided_by_name_row), self->decision, "decided-by-name");
  mc_case_editor_bind_editable (editor, GTK_EDITABLE (self->decided_by_role_row), self->decision, "decided-by-role");
  mc_case_editor_bind_editable (editor, GTK_EDITABLE (self->decided_on_row), self->decision, "decided-on");

  mc_case_editor_bind_editable (editor, GTK_EDITABLE (self->reported_on_row), self->decision, "reported-on");
  mc_case_editor_bind_editable (editor, GTK_EDITABLE (self->vt_reference_row), self->decision, "vt-reference");
  if (exceptions != NULL && exceptions->note != NULL)
    adw_action_row_set_subtitle (self->informed_row, exceptions->note);
  answer_suffix (self, self->informed_row, _("The client was told about the report"), "client-informed");
  self->exception_row = mc_case_editor_choice_row_new (editor, _("Why the client was not told"),
                                                       self->decision, "informed-exception",
                                                       exceptions, MC_AUDIENCE_ALL);
  adw_preferences_group_add (self->report_group, self->exception_row);
  adw_preferences_group_add (self->report_group,
                             mc_case_editor_text_row_new (editor, _("How the client reacted"),
                                                          self->decision, "client-reaction"));

  gtk_list_box_set_placeholder (self->follow_ups_list,
                                mc_list_placeholder_new (_("No agreements yet.")));
  gtk_list_box_bind_model (self->follow_ups_list, mc_case_get_follow_ups (case_),
                           create_follow_up_row, self, NULL);

  g_signal_connect_object (editor, "saved", G_CALLBACK (update_decision), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->decision, "notify::report-needed", G_CALLBACK (update_decision), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->decision, "notify::client-informed", G_CALLBACK (update_decision), self, G_CONNECT_SWAPPED);
  update_decision (self);

  return GTK_WIDGET (self);
}

static void
mc_decision_page_dispose (GObject *object)
{
  McDecisionPage *self = MC_DECISION_PAGE (object);

  /* Nothing may reach the template's widgets once they go. */
  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);
  if (self->decision != NULL)
    g_signal_handlers_disconnect_by_data (self->decision, self);
  if (self->follow_ups_list != NULL)
    gtk_list_box_bind_model (self->follow_ups_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DECISION_PAGE);

  G_OBJECT_CLASS (mc_decision_page_parent_class)->dispose (object);
}

static void
mc_decision_page_finalize (GObject *object)
{
  McDecisionPage *self = MC_DECISION_PAGE (object);

  /* Rows may still call back while the template goes. */
  g_clear_object (&self->decision);
  g_clear_object (&self->editor);

  G_OBJECT_CLASS (mc_decision_page_parent_class)->finalize (object);
}

static void
mc_decision_page_class_init (McDecisionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_decision_page_dispose;
  object_class->finalize = mc_decision_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-decision-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, decision_group);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, report_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, help_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, decided_by_name_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, decided_by_role_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, decided_on_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, report_group);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, reported_on_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, vt_reference_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, informed_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, follow_ups_list);
  gtk_widget_class_bind_template_callback (widget_class, on_add_follow_up_cb);
}

static void
mc_decision_page_init (McDecisionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
