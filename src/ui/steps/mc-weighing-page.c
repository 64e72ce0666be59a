/* mc-weighing-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-weighing-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-answer-buttons.h"
#include "mc-text-field.h"
#include "mc-a11y.h"
#include "mc-step-page.h"
#include "mc-weighing-page.h"

struct _McWeighingPage
{
  AdwBin               parent_instance;

  McCaseEditor        *editor;
  /* The rows of the special forms' advice, made again when the forms
   * change (in step 1). */
  GPtrArray           *form_rows;

  AdwPreferencesGroup *forms_group;
  AdwActionRow        *acute_row;
  AdwActionRow        *structural_row;
  AdwEntryRow         *instrument_row;
  AdwEntryRow         *instrument_result_row;
  McTextField         *notes_field;
  GtkWidget           *acute_buttons;
  GtkWidget           *structural_buttons;
};

static void mc_weighing_page_step_page_init (McStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McWeighingPage, mc_weighing_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_STEP_PAGE, mc_weighing_page_step_page_init))

/* The afwegingskader's definitions that the two questions rest on. */
#define DEFINITION_ACUTE_ID "definition-acute"
#define DEFINITION_STRUCTURAL_ID "definition-structural"

static const char *
definition_text (McProtocol *protocol,
                 const char *id)
{
  const McProtocolAfwegingskader *afwegingskader = mc_protocol_get_afwegingskader (protocol);

  for (guint i = 0; afwegingskader != NULL && i < afwegingskader->definitions->len; i++)
    {
      const McProtocolDefinition *definition = g_ptr_array_index (afwegingskader->definitions, i);

      if (g_strcmp0 (definition->id, id) == 0)
        return definition->text;
    }

  return NULL;
}

static void
add_form_advice (McWeighingPage              *self,
                 const McProtocolSpecialForm *form)
{
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  const McProtocolContact *contact = form->contact_id != NULL ? mc_protocol_lookup_contact (protocol, form->contact_id) : NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  GtkWidget *urgency = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), form->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), form->advice_text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  switch (form->urgency)
    {
    case MC_FORM_URGENCY_IMMEDIATE:
      icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      gtk_widget_add_css_class (icon, "error");
      urgency = gtk_label_new (_("Act now"));
      gtk_widget_add_css_class (urgency, "error");
      break;

    case MC_FORM_URGENCY_URGENT:
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
      urgency = gtk_label_new (_("Urgent"));
      gtk_widget_add_css_class (urgency, "warning");
      break;

    case MC_FORM_URGENCY_REGULAR:
    default:
      icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
      break;
    }

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 12);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (urgency != NULL)
    {
      gtk_widget_add_css_class (urgency, "heading");
      gtk_widget_set_valign (urgency, GTK_ALIGN_START);
      gtk_widget_set_margin_top (urgency, 12);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), urgency);
    }
  adw_preferences_group_add (self->forms_group, row);
  g_ptr_array_add (self->form_rows, row);

  /* Whom to call, where it is needed at once. */
  if (contact != NULL
      && (form->urgency == MC_FORM_URGENCY_IMMEDIATE || form->urgency == MC_FORM_URGENCY_URGENT))
    {
      GtkWidget *contact_row = mc_contact_row_new (contact);

      adw_preferences_group_add (self->forms_group, contact_row);
      g_ptr_array_add (self->form_rows, contact_row);
    }

  /* What the law asks besides the meldcode (the IGJ for violence in the
   * care relationship, the board and the vertrouwensinspecteur in
   * education): each duty with whom to reach. */
  for (guint i = 0; form->duties != NULL && i < form->duties->len; i++)
    {
      const McProtocolDuty *duty = g_ptr_array_index (form->duties, i);
      const McProtocolContact *duty_contact = duty->contact_id != NULL
                                              ? mc_protocol_lookup_contact (protocol, duty->contact_id) : NULL;
      GtkWidget *duty_row = adw_action_row_new ();
      GtkWidget *duty_icon = gtk_image_new_from_icon_name ("emblem-important-symbolic");
      GtkWidget *done = mc_answer_buttons_new (duty->text, FALSE);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (duty_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (duty_row), duty->text);
      /* Its own checklist: whether the duty was done. */
      adw_action_row_set_subtitle (ADW_ACTION_ROW (duty_row), _("Done?"));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (duty_row), 0);
      gtk_widget_set_valign (duty_icon, GTK_ALIGN_START);
      gtk_widget_set_margin_top (duty_icon, 12);
      adw_action_row_add_prefix (ADW_ACTION_ROW (duty_row), duty_icon);
      gtk_widget_set_name (done, duty->id);
      mc_case_editor_bind_checklist_answer (self->editor, done, duty->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (duty_row), done);
      /* The row itself is no Tab stop: its answer buttons are. */
      gtk_widget_set_focusable (duty_row, FALSE);
      adw_preferences_group_add (self->forms_group, duty_row);
      g_ptr_array_add (self->form_rows, duty_row);

      if (duty_contact != NULL)
        {
          GtkWidget *duty_contact_row = mc_contact_row_new (duty_contact);

          adw_preferences_group_add (self->forms_group, duty_contact_row);
          g_ptr_array_add (self->form_rows, duty_contact_row);
        }
    }
}

static void
fill_forms (McWeighingPage *self)
{
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  McCase *case_ = mc_case_editor_get_case (self->editor);
  const char * const *suspected = mc_record_get_lines (MC_RECORD (case_), "suspected-forms");
  GPtrArray *forms = mc_protocol_get_special_forms (protocol);
  gboolean any = FALSE;

  for (guint i = 0; i < self->form_rows->len; i++)
    adw_preferences_group_remove (self->forms_group, g_ptr_array_index (self->form_rows, i));
  g_ptr_array_set_size (self->form_rows, 0);

  if (suspected == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->forms_group), FALSE);
      return;
    }

  /* Most urgent first: what must happen within the hour leads. */
  for (int urgency = MC_FORM_URGENCY_IMMEDIATE; urgency >= MC_FORM_URGENCY_REGULAR; urgency--)
    for (guint i = 0; forms != NULL && i < forms->len; i++)
      {
        const McProtocolSpecialForm *form = g_ptr_array_index (forms, i);

        if ((int) form->urgency == urgency && g_strv_contains (suspected, form->id))
          {
            add_form_advice (self, form);
            any = TRUE;
          }
      }

  gtk_widget_set_visible (GTK_WIDGET (self->forms_group), any);
}

static void
instrument_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  McWeighingPage *self = MC_WEIGHING_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->instrument_row), g_variant_get_string (parameter, NULL));
  mc_case_editor_flush (self->editor);
  mc_focus_widget (GTK_WIDGET (self->instrument_result_row));
}

/* The definitions and the questions are the protocol's and stay; the
 * advice for the suspected forms and every answer are the case's. */
static void
mc_weighing_page_set_editor (McStepPage   *page,
                             McCaseEditor *editor)
{
  McWeighingPage *self = MC_WEIGHING_PAGE (page);
  McCase *case_ = mc_case_editor_get_case (editor);
  /* Made, unsaved, when the case has none; stored with its first answer. */
  McRecord *weighing = MC_RECORD (mc_case_get_weighing (case_));

  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (mc_case_editor_get_case (self->editor), self);
  g_set_object (&self->editor, editor);

  fill_forms (self);
  g_signal_connect_object (case_, "notify::suspected-forms", G_CALLBACK (fill_forms), self, G_CONNECT_SWAPPED);

  mc_case_editor_bind_answer (editor, self->acute_buttons, weighing, "acute");
  mc_case_editor_bind_answer (editor, self->structural_buttons, weighing, "structural");
  mc_case_editor_bind_editable (editor, GTK_EDITABLE (self->instrument_row), weighing, "instrument");
  mc_case_editor_bind_editable (editor, GTK_EDITABLE (self->instrument_result_row), weighing, "instrument-result");
  mc_case_editor_bind_text_view (editor, mc_text_field_get_text_view (self->notes_field), weighing, "notes");
}

static void
mc_weighing_page_step_page_init (McStepPageInterface *iface)
{
  iface->set_editor = mc_weighing_page_set_editor;
}

GtkWidget *
mc_weighing_page_new (McCaseEditor *editor)
{
  McWeighingPage *self;
  McProtocol *protocol;
  const char *text;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (editor), NULL);

  self = g_object_new (MC_TYPE_WEIGHING_PAGE, NULL);
  protocol = mc_case_editor_get_protocol (editor);

  if ((text = definition_text (protocol, DEFINITION_ACUTE_ID)) != NULL)
    adw_action_row_set_subtitle (self->acute_row, text);
  if ((text = definition_text (protocol, DEFINITION_STRUCTURAL_ID)) != NULL)
    adw_action_row_set_subtitle (self->structural_row, text);

  self->acute_buttons = mc_answer_buttons_new (_("Acute unsafety"), TRUE);
  adw_action_row_add_suffix (self->acute_row, self->acute_buttons);
  self->structural_buttons = mc_answer_buttons_new (_("Structural unsafety"), TRUE);
  adw_action_row_add_suffix (self->structural_row, self->structural_buttons);

  mc_weighing_page_set_editor (MC_STEP_PAGE (self), editor);

  return GTK_WIDGET (self);
}

static void
mc_weighing_page_dispose (GObject *object)
{
  McWeighingPage *self = MC_WEIGHING_PAGE (object);

  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (mc_case_editor_get_case (self->editor), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WEIGHING_PAGE);
  if (self->form_rows != NULL)
    g_ptr_array_set_size (self->form_rows, 0);

  G_OBJECT_CLASS (mc_weighing_page_parent_class)->dispose (object);
}

static void
mc_weighing_page_finalize (GObject *object)
{
  McWeighingPage *self = MC_WEIGHING_PAGE (object);

  /* Rows may still call back while the template goes. */
  g_clear_pointer (&self->form_rows, g_ptr_array_unref);
  g_clear_object (&self->editor);

  G_OBJECT_CLASS (mc_weighing_page_parent_class)->finalize (object);
}

static void
mc_weighing_page_class_init (McWeighingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_weighing_page_dispose;
  object_class->finalize = mc_weighing_page_finalize;

  g_type_ensure (MC_TYPE_TEXT_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-weighing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McWeighingPage, forms_group);
  gtk_widget_class_bind_template_child (widget_class, McWeighingPage, acute_row);
  gtk_widget_class_bind_template_child (widget_class, McWeighingPage, structural_row);
  gtk_widget_class_bind_template_child (widget_class, McWeighingPage, instrument_row);
  gtk_widget_class_bind_template_child (widget_class, McWeighingPage, instrument_result_row);
  gtk_widget_class_bind_template_child (widget_class, McWeighingPage, notes_field);

  gtk_widget_class_install_action (widget_class, "weighing.instrument", "s", instrument_action);
}

static void
mc_weighing_page_init (McWeighingPage *self)
{
  self->form_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
