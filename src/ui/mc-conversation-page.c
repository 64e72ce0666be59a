/* mc-conversation-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-conversation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-conversation-page.h"
#include "mc-dates.h"
#include "mc-text-field.h"

struct _McConversationPage
{
  AdwBin        parent_instance;

  McCaseEditor *editor;
  GPtrArray    *forms;   /* of Form */

  GtkBox       *conversations_box;
};

G_DEFINE_FINAL_TYPE (McConversationPage, mc_conversation_page, ADW_TYPE_BIN)

/* The form of one conversation: held (with whom, when, what was said and
 * the reaction) or not held (the reason and an explanation). */
typedef struct
{
  McConversationPage  *page;
  McRecord            *conversation;
  char                *proposal;   /* for "with whom", or NULL */
  gulong               held_on_handler;

  AdwPreferencesGroup *group;
  AdwActionRow        *proposal_row;
  GtkWidget           *use_proposal_button;
  GtkSwitch           *not_held_switch;
  GtkWidget           *with_whom_row;
  GtkWidget           *held_rows[3];
  AdwComboRow         *reason_row;
  GtkWidget           *explanation_row;
} Form;

static void
form_free (gpointer data)
{
  Form *form = data;

  g_clear_signal_handler (&form->held_on_handler, form->conversation);
  g_clear_object (&form->conversation);
  g_clear_pointer (&form->proposal, g_free);
  g_free (form);
}

/* The form's widgets go before the form itself. */
static void
on_group_destroy_cb (Form *form)
{
  g_clear_signal_handler (&form->held_on_handler, form->conversation);
}

static gboolean
parse_date (const char *iso,
            GDate      *date)
{
  g_date_clear (date, 1);
  return iso != NULL && mc_date_from_iso8601 (iso, date);
}

/* The names of the people in @role_id, or NULL when there are none. */
static char *
people_in_role (McCase     *case_,
                const char *role_id)
{
  GListModel *people = mc_case_get_people (case_);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(McRecord) person = g_list_model_get_item (people, i);
      const char *name = mc_record_get_string (person, "name");

      if (g_strcmp0 (mc_record_get_string (person, "role"), role_id) == 0
          && name != NULL && *name != '\0')
        g_ptr_array_add (names, (gpointer) name);
    }

  if (names->len == 0)
    return NULL;

  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static void
update_proposal (Form *form)
{
  McCaseEditor *editor = form->page->editor;
  McCase *case_ = mc_case_editor_get_case (editor);
  McProtocol *protocol = mc_case_editor_get_protocol (editor);
  const McProtocolConversationRule *rule = mc_protocol_get_conversation_rule (protocol);
  GDate birth, on;
  const char *title;
  const char *subtitle;

  parse_date (mc_record_get_string (MC_RECORD (case_), "birth-date"), &birth);
  /* The rule looks at the age on the day of the conversation. */
  if (!parse_date (mc_record_get_string (form->conversation, "held-on"), &on))
    g_date_set_time_t (&on, time (NULL));

  g_clear_pointer (&form->proposal, g_free);

  switch (mc_protocol_get_conversation_partner (protocol, &birth, &on))
    {
    case MC_CONVERSATION_PARTNER_CLIENT:
      title = _("Hold the conversation with the client");
      subtitle = rule != NULL ? rule->of_age_text : NULL;
      form->proposal = g_strdup (mc_record_get_string (MC_RECORD (case_), "client-name"));
      break;

    case MC_CONVERSATION_PARTNER_LEGAL_REPRESENTATIVES:
      title = _("Hold the conversation with the legal representatives");
      subtitle = rule != NULL ? rule->under_age_text : NULL;
      form->proposal = rule != NULL ? people_in_role (case_, rule->under_age_role_id) : NULL;
      if (form->proposal == NULL)
        form->proposal = g_strdup (_("The legal representatives"));
      break;

    case MC_CONVERSATION_PARTNER_UNKNOWN:
    default:
      title = _("With whom depends on the client's age");
      subtitle = _("With a date of birth, Meldcode tells whether to talk with the client or with the legal representatives.");
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->proposal_row), title);
  adw_action_row_set_subtitle (form->proposal_row, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (form->use_proposal_button, form->proposal != NULL);
}

static void
on_held_on_changed_cb (McRecord   *conversation,
                       GParamSpec *pspec,
                       Form       *form)
{
  update_proposal (form);
}

static void
on_use_proposal_cb (GtkButton *button,
                    Form      *form)
{
  if (form->proposal != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (form->with_whom_row), form->proposal);
      gtk_widget_grab_focus (form->with_whom_row);
    }
}

static void
update_visibility (Form *form)
{
  gboolean not_held = gtk_switch_get_active (form->not_held_switch);

  gtk_widget_set_visible (GTK_WIDGET (form->proposal_row), !not_held);
  gtk_widget_set_visible (form->with_whom_row, !not_held);
  for (guint i = 0; i < G_N_ELEMENTS (form->held_rows); i++)
    gtk_widget_set_visible (form->held_rows[i], !not_held);
  gtk_widget_set_visible (GTK_WIDGET (form->reason_row), not_held);
  gtk_widget_set_visible (form->explanation_row, not_held);
}

static void
on_not_held_cb (GtkSwitch  *toggle,
                GParamSpec *pspec,
                Form       *form)
{
  update_visibility (form);

  /* Whether it took place is the reason being there: taking the reason
   * back says that it did. The audit trail keeps what it said. */
  if (!gtk_switch_get_active (toggle))
    {
      GtkWidget *field = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (form->explanation_row));
      GtkTextView *view = mc_text_field_get_text_view (MC_TEXT_FIELD (field));

      adw_combo_row_set_selected (form->reason_row, 0);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "", -1);
      mc_case_editor_flush (form->page->editor);
    }
}

static Form *add_form (McConversationPage *self,
                       McRecord           *conversation);

static void
on_remove_cb (GtkButton *button,
              Form      *form)
{
  McConversationPage *self = form->page;

  if (!mc_case_editor_delete (self->editor, form->conversation))
    return;

  gtk_box_remove (self->conversations_box, GTK_WIDGET (form->group));
  g_ptr_array_remove (self->forms, form);

  if (self->forms->len == 0)
    {
      g_autoptr(McConversation) conversation = mc_conversation_new (mc_record_get_id (MC_RECORD (mc_case_editor_get_case (self->editor))));

      add_form (self, MC_RECORD (conversation));
    }
}

static Form *
add_form (McConversationPage *self,
          McRecord           *conversation)
{
  McCaseEditor *editor = self->editor;
  McProtocol *protocol = mc_case_editor_get_protocol (editor);
  const McProtocolChecklist *reasons = mc_protocol_get_checklist (protocol, MC_CHECKLIST_CONVERSATION_SKIP_REASONS);
  Form *form = g_new0 (Form, 1);
  GtkWidget *switch_row;
  GtkWidget *remove;
  g_autofree char *title = NULL;

  form->page = self;
  form->conversation = g_object_ref (conversation);
  g_ptr_array_add (self->forms, form);

  form->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  if (self->forms->len == 1)
    title = g_strdup (_("Conversation"));
  else
    /* Translators: the heading of a further conversation, "Conversation 2". */
    title = g_strdup_printf (_("Conversation %u"), self->forms->len);
  adw_preferences_group_set_title (form->group, title);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Conversation"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Conversation"),
                                  -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_cb), form);
  adw_preferences_group_set_header_suffix (form->group, remove);

  form->not_held_switch = GTK_SWITCH (gtk_switch_new ());
  switch_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (switch_row), _("The conversation did not take place"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (switch_row), _("Only when it would endanger someone, or the client would drop out of sight"));
  gtk_widget_set_valign (GTK_WIDGET (form->not_held_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (switch_row), GTK_WIDGET (form->not_held_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (switch_row), GTK_WIDGET (form->not_held_switch));
  gtk_accessible_update_property (GTK_ACCESSIBLE (form->not_held_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("The conversation did not take place"),
                                  -1);
  gtk_switch_set_active (form->not_held_switch,
                         mc_record_get_string (conversation, "not-held-reason") != NULL
                         || mc_record_get_string (conversation, "not-held-explanation") != NULL);

  form->proposal_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (form->proposal_row), FALSE);
  adw_action_row_set_title_lines (form->proposal_row, 0);
  adw_action_row_set_subtitle_lines (form->proposal_row, 0);
  adw_action_row_add_prefix (form->proposal_row, gtk_image_new_from_icon_name ("dialog-information-symbolic"));
  form->use_proposal_button = gtk_button_new_with_mnemonic (_("_Fill In"));
  gtk_widget_set_valign (form->use_proposal_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (form->use_proposal_button, _("Fill in with whom the conversation is held"));
  g_signal_connect (form->use_proposal_button, "clicked", G_CALLBACK (on_use_proposal_cb), form);
  adw_action_row_add_suffix (form->proposal_row, form->use_proposal_button);

  form->with_whom_row = mc_case_editor_entry_row_new (editor, _("With whom"), conversation, "with-whom");
  form->held_rows[0] = mc_case_editor_entry_row_new (editor, _("Date (day-month-year)"), conversation, "held-on");
  form->held_rows[1] = mc_case_editor_text_row_new (editor, _("What was discussed"), conversation, "discussed");
  form->held_rows[2] = mc_case_editor_text_row_new (editor, _("Reaction"), conversation, "reaction");

  form->reason_row = ADW_COMBO_ROW (mc_case_editor_choice_row_new (editor, _("Why not"), conversation,
                                                                    "not-held-reason", reasons,
                                                                    MC_AUDIENCE_ALL));
  form->explanation_row = mc_case_editor_text_row_new (editor, _("Explain why the conversation was not responsible in this case"),
                                                       conversation, "not-held-explanation");

  adw_preferences_group_add (form->group, GTK_WIDGET (form->proposal_row));
  adw_preferences_group_add (form->group, switch_row);
  adw_preferences_group_add (form->group, form->with_whom_row);
  for (guint i = 0; i < G_N_ELEMENTS (form->held_rows); i++)
    adw_preferences_group_add (form->group, form->held_rows[i]);
  adw_preferences_group_add (form->group, GTK_WIDGET (form->reason_row));
  adw_preferences_group_add (form->group, form->explanation_row);

  update_proposal (form);
  update_visibility (form);
  g_signal_connect (form->not_held_switch, "notify::active", G_CALLBACK (on_not_held_cb), form);
  form->held_on_handler = g_signal_connect (conversation, "notify::held-on",
                                            G_CALLBACK (on_held_on_changed_cb), form);
  g_signal_connect_swapped (form->group, "destroy", G_CALLBACK (on_group_destroy_cb), form);
  gtk_box_append (self->conversations_box, GTK_WIDGET (form->group));

  return form;
}

static void
on_add_conversation_cb (McConversationPage *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  g_autoptr(McConversation) conversation = mc_conversation_new (mc_record_get_id (MC_RECORD (case_)));
  Form *form;

  /* Stored with its first field, like every conversation. */
  form = add_form (self, MC_RECORD (conversation));
  gtk_widget_grab_focus (form->with_whom_row);
}

GtkWidget *
mc_conversation_page_new (McCaseEditor *editor)
{
  McConversationPage *self;
  GListModel *conversations;
  guint n_items;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (editor), NULL);

  self = g_object_new (MC_TYPE_CONVERSATION_PAGE, NULL);
  self->editor = g_object_ref (editor);

  conversations = mc_case_get_conversations (mc_case_editor_get_case (editor));
  n_items = g_list_model_get_n_items (conversations);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(McRecord) conversation = g_list_model_get_item (conversations, i);

      add_form (self, conversation);
    }

  /* The first conversation is a form to fill in, not a button to find. */
  if (n_items == 0)
    {
      g_autoptr(McConversation) conversation = mc_conversation_new (mc_record_get_id (MC_RECORD (mc_case_editor_get_case (editor))));

      add_form (self, MC_RECORD (conversation));
    }

  return GTK_WIDGET (self);
}

static void
mc_conversation_page_dispose (GObject *object)
{
  McConversationPage *self = MC_CONVERSATION_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_CONVERSATION_PAGE);

  G_OBJECT_CLASS (mc_conversation_page_parent_class)->dispose (object);
}

static void
mc_conversation_page_finalize (GObject *object)
{
  McConversationPage *self = MC_CONVERSATION_PAGE (object);

  /* After the widgets that point at them are gone. */
  g_clear_pointer (&self->forms, g_ptr_array_unref);
  g_clear_object (&self->editor);

  G_OBJECT_CLASS (mc_conversation_page_parent_class)->finalize (object);
}

static void
mc_conversation_page_class_init (McConversationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_conversation_page_dispose;
  object_class->finalize = mc_conversation_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-conversation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McConversationPage, conversations_box);
  gtk_widget_class_bind_template_callback (widget_class, on_add_conversation_cb);
}

static void
mc_conversation_page_init (McConversationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->forms = g_ptr_array_new_with_free_func (form_free);
}
