/* mc-conversation-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-conversation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-combo-list.h"
#include "mc-conversation-page.h"
#include "mc-dates.h"
#include "mc-step-page.h"
#include "mc-step-rows.h"
#include "mc-text-field.h"

struct _McConversationPage
{
  AdwBin        parent_instance;

  McCaseEditor *editor;
  GPtrArray    *forms;   /* of Form */

  GtkBox       *conversations_box;
};

static void mc_conversation_page_step_page_init (McStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McConversationPage, mc_conversation_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_STEP_PAGE, mc_conversation_page_step_page_init))

/* The form of one conversation: held (with whom, when, what was said and
 * the reaction) or not held (the reason and an explanation). */
typedef struct
{
  McConversationPage  *page;
  McRecord            *conversation;
  char                *proposal;   /* for "with whom", or NULL */
  gulong               held_on_handler;
  gulong               person_handler;
  /* The person id of each partner after "the client" (0). */
  GArray              *partner_ids;
  gboolean             syncing;

  AdwPreferencesGroup *group;
  AdwActionRow        *proposal_row;
  GtkWidget           *use_proposal_button;
  AdwComboRow         *partner_row;
  AdwActionRow        *fit_row;
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
  g_clear_signal_handler (&form->person_handler, form->conversation);
  g_clear_object (&form->conversation);
  g_clear_pointer (&form->proposal, g_free);
  g_clear_pointer (&form->partner_ids, g_array_unref);
  g_free (form);
}

/* The form's widgets go before the form itself. */
static void
on_group_destroy_cb (Form *form)
{
  g_clear_signal_handler (&form->held_on_handler, form->conversation);
  g_clear_signal_handler (&form->person_handler, form->conversation);
  form->group = NULL;
}

static gboolean
parse_date (const char *iso,
            GDate      *date)
{
  g_date_clear (date, 1);
  return iso != NULL && mc_date_from_iso8601 (iso, date);
}

static gboolean
roles_contain (GStrv       roles,
               const char *role)
{
  return roles != NULL && role != NULL && g_strv_contains ((const char * const *) roles, role);
}

/* A person a version-1 case named "legal representative" (a parent with
 * gezag or a voogd) stands where a band names the parents. */
static gboolean
is_partner_role (McProtocol           *protocol,
                 const McProtocolBand *band,
                 const char           *role_id)
{
  const McProtocolItem *item;

  if (roles_contain (band->partner_roles, role_id))
    return g_strcmp0 (role_id, "client") != 0;

  item = role_id != NULL ? mc_protocol_lookup_item (protocol, role_id) : NULL;
  return item != NULL && item->retired && item->legal_representative;
}

/* The names of the people that @band holds the conversation with besides
 * the client (or, with @representatives, the representatives it names),
 * or NULL when the case has none. */
static char *
people_for_band (McCase               *case_,
                 McProtocol           *protocol,
                 const McProtocolBand *band,
                 gboolean              representatives)
{
  GListModel *people = mc_case_get_people (case_);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(McRecord) person = g_list_model_get_item (people, i);
      const char *name = mc_record_get_string (person, "name");
      const char *role = mc_record_get_string (person, "role");
      const McProtocolItem *item = role != NULL ? mc_protocol_lookup_item (protocol, role) : NULL;

      if (name == NULL || *name == '\0')
        continue;
      if (representatives && roles_contain (band->representative_roles, role))
        /* Translators: a representative of the client, "Jan Visser (Mentor)". */
        g_ptr_array_add (names, g_strdup_printf (_("%s (%s)"), name, item != NULL ? item->label : role));
      else if (!representatives && is_partner_role (protocol, band, role))
        g_ptr_array_add (names, g_strdup (name));
    }

  if (names->len == 0)
    return NULL;

  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* The role labels of @roles, "the client" for the client. */
static char *
role_labels (McProtocol *protocol,
             GStrv       roles,
             GStrv       more)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  for (guint n = 0; n < 2; n++)
    for (GStrv r = n == 0 ? roles : more; r != NULL && *r != NULL; r++)
      {
        const McProtocolItem *item = mc_protocol_lookup_item (protocol, *r);

        if (g_strcmp0 (*r, "client") == 0)
          g_ptr_array_add (labels, (gpointer) C_("conversation partner", "the client"));
        else
          g_ptr_array_add (labels, (gpointer) (item != NULL ? item->label : *r));
      }
  g_ptr_array_add (labels, NULL);

  return g_strjoinv (", ", (char **) labels->pdata);
}

/* The client's age on the day of the conversation (today without one),
 * -1 without a date of birth; @today says which it was. */
static int
conversation_age (Form     *form,
                  gboolean *today)
{
  McCase *case_ = mc_case_editor_get_case (form->page->editor);
  GDate birth, on;

  *today = !parse_date (mc_record_get_string (form->conversation, "held-on"), &on);
  if (*today)
    g_date_set_time_t (&on, time (NULL));
  if (!parse_date (mc_record_get_string (MC_RECORD (case_), "birth-date"), &birth))
    return -1;

  return mc_age_on (&birth, &on);
}

static const McProtocolBand *
conversation_band (Form *form,
                   int  *age)
{
  gboolean today;

  *age = conversation_age (form, &today);
  return mc_protocol_find_band (mc_case_editor_get_protocol (form->page->editor), *age);
}

/* The role of the one the conversation is with: "client" for the client
 * (no person), NULL for a person the case no longer has. */
static const char *
partner_role (Form *form)
{
  McCase *case_ = mc_case_editor_get_case (form->page->editor);
  GListModel *people = mc_case_get_people (case_);
  gint64 person_id = mc_record_get_integer (form->conversation, "person-id");

  if (person_id <= 0)
    return "client";
  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(McRecord) person = g_list_model_get_item (people, i);

      if (mc_record_get_id (person) == person_id)
        return mc_record_get_string (person, "role");
    }

  return NULL;
}

/* A recorded conversation with someone the client's age band does not
 * name is pointed out, with whom the band names. */
static void
update_fit (Form *form)
{
  McProtocol *protocol = mc_case_editor_get_protocol (form->page->editor);
  const McProtocolBand *band;
  const char *role;
  gboolean recorded;
  gboolean fits = TRUE;
  GDate held_on;
  int age;

  band = conversation_band (form, &age);
  recorded = !gtk_switch_get_active (form->not_held_switch)
             && parse_date (mc_record_get_string (form->conversation, "held-on"), &held_on);
  role = partner_role (form);

  if (band != NULL && recorded)
    fits = roles_contain (band->partner_roles, role) || roles_contain (band->representative_roles, role);

  if (!fits)
    {
      g_autofree char *labels = role_labels (protocol, band->partner_roles, band->representative_roles);
      /* Translators: %d is the client's age, %s lists with whom the
       * conversation is held, "the client, Ouder met gezag, Voogd". */
      g_autofree char *subtitle = g_strdup_printf (ngettext ("For a client aged %d, the conversation is held with: %s.",
                                                             "For a client aged %d, the conversation is held with: %s.",
                                                             age),
                                                   age, labels);

      adw_action_row_set_subtitle (form->fit_row, subtitle);
    }
  gtk_widget_set_visible (GTK_WIDGET (form->fit_row), !fits);
}

static void
update_proposal (Form *form)
{
  McCaseEditor *editor = form->page->editor;
  McCase *case_ = mc_case_editor_get_case (editor);
  McProtocol *protocol = mc_case_editor_get_protocol (editor);
  const char *client_name = mc_record_get_string (MC_RECORD (case_), "client-name");
  const McProtocolBand *band;
  g_autofree char *subtitle = NULL;
  const char *title;
  gboolean today;
  int age;

  g_clear_pointer (&form->proposal, g_free);
  age = conversation_age (form, &today);
  band = mc_protocol_find_band (protocol, age);

  if (band == NULL)
    {
      title = _("With whom depends on the client's age");
      subtitle = g_strdup (_("With a date of birth, Meldcode tells whether to talk with the client or with the legal representatives."));
    }
  else
    {
      g_autofree char *representatives = people_for_band (case_, protocol, band, TRUE);
      g_autofree char *parents = people_for_band (case_, protocol, band, FALSE);
      g_autofree char *when = NULL;

      switch (band->consent)
        {
        case MC_CONSENT_PARENTS:
          title = _("Hold the conversation with the legal representatives");
          form->proposal = parents != NULL ? g_strdup (parents) : g_strdup (_("The legal representatives"));
          break;
        case MC_CONSENT_CHILD_AND_PARENTS:
          title = _("Hold the conversation with the client and the legal representatives");
          form->proposal = g_strdup (parents != NULL ? parents : client_name);
          break;
        case MC_CONSENT_YOUNG_PERSON:
          title = _("Hold the conversation with the client, and involve the legal representatives");
          form->proposal = g_strdup (client_name);
          break;
        case MC_CONSENT_CLIENT:
        default:
          title = _("Hold the conversation with the client");
          form->proposal = g_strdup (client_name);
          break;
        }

      /* The band is the one of the day of the conversation. */
      if (today)
        /* Translators: the client's age, before the advice of the age band. */
        when = g_strdup_printf (ngettext ("Aged %d today.", "Aged %d today.", age), age);
      else
        /* Translators: the client's age, before the advice of the age band. */
        when = g_strdup_printf (ngettext ("Aged %d on the day of the conversation.",
                                          "Aged %d on the day of the conversation.", age), age);
      if (representatives != NULL)
        /* Translators: the age, the age band's advice and the client's
         * representatives in this case, "Jan Visser (Mentor)". */
        subtitle = g_strdup_printf (_("%s %s Representative in this case: %s."), when, band->text, representatives);
      else
        subtitle = g_strdup_printf ("%s %s", when, band->text);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->proposal_row), title);
  adw_action_row_set_subtitle (form->proposal_row, subtitle);
  gtk_widget_set_visible (form->use_proposal_button, form->proposal != NULL);
}

/* The partner */

static char *
person_label (McProtocol *protocol,
              McRecord   *person)
{
  const char *name = mc_record_get_string (person, "name");
  const char *role = mc_record_get_string (person, "role");
  const McProtocolItem *item = role != NULL ? mc_protocol_lookup_item (protocol, role) : NULL;
  const char *role_label = item != NULL ? item->label : role;

  if (name == NULL || *name == '\0')
    name = _("Name not filled in");
  if (role_label == NULL)
    return g_strdup (name);

  return g_strdup_printf (_("%s (%s)"), name, role_label);
}

static void
sync_partner (Form *form)
{
  gint64 person_id = mc_record_get_integer (form->conversation, "person-id");
  guint selected = 0;

  for (guint i = 0; i < form->partner_ids->len; i++)
    if (g_array_index (form->partner_ids, gint64, i) == person_id)
      selected = i + 1;

  form->syncing = TRUE;
  adw_combo_row_set_selected (form->partner_row, selected);
  form->syncing = FALSE;
}

/* The people of the case as they are now; the list is made again only
 * when a name or a role changed. */
static void
fill_partners (Form *form)
{
  McCaseEditor *editor = form->page->editor;
  McProtocol *protocol = mc_case_editor_get_protocol (editor);
  GListModel *people = mc_case_get_people (mc_case_editor_get_case (editor));
  GListModel *current = adw_combo_row_get_model (form->partner_row);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean same;

  gtk_string_list_append (labels, C_("conversation partner", "The client"));
  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(McRecord) person = g_list_model_get_item (people, i);
      g_autofree char *label = person_label (protocol, person);
      gint64 id = mc_record_get_id (person);

      gtk_string_list_append (labels, label);
      g_array_append_val (ids, id);
    }

  same = current != NULL && g_list_model_get_n_items (current) == g_list_model_get_n_items (G_LIST_MODEL (labels))
         && form->partner_ids->len == ids->len;
  for (guint i = 0; same && i < g_list_model_get_n_items (current); i++)
    same = g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (current), i),
                      gtk_string_list_get_string (labels, i)) == 0
           && (i == 0 || g_array_index (ids, gint64, i - 1) == g_array_index (form->partner_ids, gint64, i - 1));

  if (!same)
    {
      g_array_set_size (form->partner_ids, 0);
      g_array_append_vals (form->partner_ids, ids->data, ids->len);
      form->syncing = TRUE;
      adw_combo_row_set_model (form->partner_row, G_LIST_MODEL (labels));
      form->syncing = FALSE;
    }
  sync_partner (form);
}

static void
on_partner_selected_cb (AdwComboRow *row,
                        GParamSpec  *pspec,
                        Form        *form)
{
  guint selected = adw_combo_row_get_selected (row);
  gint64 stored = mc_record_get_integer (form->conversation, "person-id");
  gint64 person_id = 0;

  if (form->syncing || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (selected > 0 && selected <= form->partner_ids->len)
    person_id = g_array_index (form->partner_ids, gint64, selected - 1);
  if (person_id == MAX (stored, 0))
    return;

  mc_record_set_integer (form->conversation, "person-id", person_id);
  if (!mc_case_editor_save (form->page->editor, form->conversation, "person-id"))
    {
      mc_record_set_integer (form->conversation, "person-id", stored);
      sync_partner (form);
    }
}

static void
on_person_id_changed_cb (McRecord   *conversation,
                         GParamSpec *pspec,
                         Form       *form)
{
  if (form->group == NULL)
    return;
  sync_partner (form);
  update_fit (form);
}

static void
on_held_on_changed_cb (McRecord   *conversation,
                       GParamSpec *pspec,
                       Form       *form)
{
  update_proposal (form);
  update_fit (form);
}

static void
on_use_proposal_cb (GtkButton *button,
                    Form      *form)
{
  if (form->proposal != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (form->with_whom_row), form->proposal);
      mc_focus_widget (form->with_whom_row);
    }
}

static void
update_visibility (Form *form)
{
  gboolean not_held = gtk_switch_get_active (form->not_held_switch);

  gtk_widget_set_visible (GTK_WIDGET (form->proposal_row), !not_held);
  gtk_widget_set_visible (GTK_WIDGET (form->partner_row), !not_held);
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
  update_fit (form);

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

  form->partner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  form->partner_row = ADW_COMBO_ROW (adw_combo_row_new ());
  gtk_widget_set_name (GTK_WIDGET (form->partner_row), "conversation-partner");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (form->partner_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->partner_row), _("Conversation partner"));
  /* Names with their role are long: below the title they fit. */
  adw_combo_row_set_use_subtitle (form->partner_row, TRUE);
  mc_combo_row_show_choices_whole (form->partner_row);
  gtk_accessible_update_property (GTK_ACCESSIBLE (form->partner_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Conversation partner"),
                                  -1);
  fill_partners (form);
  g_signal_connect (form->partner_row, "notify::selected", G_CALLBACK (on_partner_selected_cb), form);

  form->fit_row = ADW_ACTION_ROW (mc_info_row_new (_("This conversation partner does not fit the client's age"), NULL));
  gtk_widget_set_name (GTK_WIDGET (form->fit_row), "conversation-fit");
  {
    GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

    gtk_widget_add_css_class (icon, "warning");
    gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"),
                                    -1);
    adw_action_row_add_prefix (form->fit_row, icon);
  }

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
  adw_preferences_group_add (form->group, GTK_WIDGET (form->partner_row));
  adw_preferences_group_add (form->group, GTK_WIDGET (form->fit_row));
  adw_preferences_group_add (form->group, form->with_whom_row);
  for (guint i = 0; i < G_N_ELEMENTS (form->held_rows); i++)
    adw_preferences_group_add (form->group, form->held_rows[i]);
  adw_preferences_group_add (form->group, GTK_WIDGET (form->reason_row));
  adw_preferences_group_add (form->group, form->explanation_row);
  adw_preferences_group_add (form->group,
                             mc_case_editor_switch_row_new (editor, _("Not for the family"),
                                                            _("Left out of the family copy of the report"),
                                                            conversation, "not-for-family"));

  update_proposal (form);
  update_visibility (form);
  update_fit (form);
  g_signal_connect (form->not_held_switch, "notify::active", G_CALLBACK (on_not_held_cb), form);
  form->held_on_handler = g_signal_connect (conversation, "notify::held-on",
                                            G_CALLBACK (on_held_on_changed_cb), form);
  form->person_handler = g_signal_connect (conversation, "notify::person-id",
                                           G_CALLBACK (on_person_id_changed_cb), form);
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
  mc_focus_widget (form->with_whom_row);
}

/* A person added, renamed or given another role in step 1. */
static void
on_people_changed_cb (McConversationPage *self)
{
  for (guint i = 0; i < self->forms->len; i++)
    {
      Form *form = g_ptr_array_index (self->forms, i);

      if (form->group == NULL)
        continue;
      fill_partners (form);
      update_proposal (form);
      update_fit (form);
    }
}

/* Every form is a conversation of the case: the forms of the case before
 * go, and the new case's are made; the page around them stays. */
static void
mc_conversation_page_set_editor (McStepPage   *page,
                                 McCaseEditor *editor)
{
  McConversationPage *self = MC_CONVERSATION_PAGE (page);
  GListModel *conversations;
  guint n_items;

  if (self->editor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->editor, self);
      g_signal_handlers_disconnect_by_data (mc_case_get_people (mc_case_editor_get_case (self->editor)), self);
    }
  for (guint i = 0; i < self->forms->len; i++)
    {
      Form *form = g_ptr_array_index (self->forms, i);

      if (form->group != NULL)
        gtk_box_remove (self->conversations_box, GTK_WIDGET (form->group));
    }
  g_ptr_array_set_size (self->forms, 0);

  g_set_object (&self->editor, editor);

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

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_people_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mc_case_get_people (mc_case_editor_get_case (editor)), "items-changed",
                           G_CALLBACK (on_people_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
mc_conversation_page_step_page_init (McStepPageInterface *iface)
{
  iface->set_editor = mc_conversation_page_set_editor;
}

GtkWidget *
mc_conversation_page_new (McCaseEditor *editor)
{
  McConversationPage *self;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (editor), NULL);

  self = g_object_new (MC_TYPE_CONVERSATION_PAGE, NULL);
  mc_conversation_page_set_editor (MC_STEP_PAGE (self), editor);

  return GTK_WIDGET (self);
}

static void
mc_conversation_page_dispose (GObject *object)
{
  McConversationPage *self = MC_CONVERSATION_PAGE (object);

  /* Until the forms go at finalize, each form knows its widgets are
   * gone. */
  if (self->editor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->editor, self);
      g_signal_handlers_disconnect_by_data (mc_case_get_people (mc_case_editor_get_case (self->editor)), self);
    }
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
