/* mc-people-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-people-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-answer-buttons.h"
#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-people-editor.h"
#include "mc-record-rows.h"
#include "mc-row-title.h"
#include "mc-step-rows.h"

struct _McPeopleEditor
{
  AdwBin               parent_instance;

  McCaseEditor        *editor;
  /* The check buttons of the special forms, in protocol order. */
  GPtrArray           *form_checks;
  gboolean             syncing;
  /* The date of birth when the case was opened, and the ids of the
   * conversations that did not fit the age band then: only what a
   * changed date of birth makes unfit is pointed out here. */
  char                *birth_date_at_open;
  GArray              *misfits_at_open;
  GtkWidget           *client_name_row;
  GtkWidget           *client_number_row;
  GtkWidget           *birth_date_row;
  GtkWidget           *age_warning_row;
  /* The sections' fields, bound to the case. */
  GtkTextView         *support_network_view;
  GtkWidget           *support_network_switch;
  GtkTextView         *other_information_view;
  GtkWidget           *other_information_switch;

  GtkListBox          *client_list;
  GtkListBox          *people_list;
  AdwPreferencesGroup *forms_group;
  AdwPreferencesGroup *sections_group;
};

G_DEFINE_FINAL_TYPE (McPeopleEditor, mc_people_editor, ADW_TYPE_BIN)

/* The person role a new person has until one is chosen ("Andere
 * betrokkene"). */
#define DEFAULT_ROLE_ID "other"

/* The client */

static gboolean
misfit_at_open (McPeopleEditor *self,
                gint64          id)
{
  for (guint i = 0; i < self->misfits_at_open->len; i++)
    if (g_array_index (self->misfits_at_open, gint64, i) == id)
      return TRUE;

  return FALSE;
}

/* A recorded conversation that fitted the client's age band and, with
 * the date of birth changed since, does not. Looked at again after every
 * save, so putting step 3 right takes the warning away. */
static void
update_age_warning (McPeopleEditor *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  GListModel *conversations = mc_case_get_conversations (case_);
  gboolean changed = g_strcmp0 (mc_record_get_string (MC_RECORD (case_), "birth-date"),
                                self->birth_date_at_open) != 0;
  gboolean unfit = FALSE;

  for (guint i = 0; changed && !unfit && i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr(McConversation) conversation = g_list_model_get_item (conversations, i);

      unfit = !mc_case_conversation_fits_band (case_, protocol, conversation)
              && !misfit_at_open (self, mc_record_get_id (MC_RECORD (conversation)));
    }

  gtk_widget_set_visible (self->age_warning_row, unfit);
}

/* The store refuses a case without a client name; the field says so
 * before the save does. */
static void
on_client_name_changed_cb (GtkEditable    *editable,
                           McPeopleEditor *self)
{
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  gboolean empty = *stripped == '\0';

  if (empty)
    gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (editable),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               empty ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static GtkWidget *
client_row_new (McPeopleEditor *self,
                const char     *title,
                const char     *accessible_name,
                const char     *property)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* The people's rows below have the same titles: named when bound. */
  g_object_set_data_full (G_OBJECT (row), "mc-accessible-name", g_strdup (accessible_name), g_free);
  gtk_widget_set_name (row, property);
  gtk_list_box_append (self->client_list, row);

  return row;
}

/* Binds @row, made by client_row_new(), to the case of the editor; the
 * binding names the text by the row's title, so the name comes after. */
static void
bind_client_row (McPeopleEditor *self,
                 GtkWidget      *row)
{
  GtkWidget *delegate = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row)));
  const char *accessible_name = g_object_get_data (G_OBJECT (row), "mc-accessible-name");

  mc_case_editor_bind_editable (self->editor, GTK_EDITABLE (row),
                                MC_RECORD (mc_case_editor_get_case (self->editor)),
                                gtk_widget_get_name (row));
  if (delegate != NULL && accessible_name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                    -1);
}

/* What the client's rows know of the case: its age band when opened. */
static void
bind_client (McPeopleEditor *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  GListModel *conversations = mc_case_get_conversations (case_);

  g_free (self->birth_date_at_open);
  self->birth_date_at_open = g_strdup (mc_record_get_string (MC_RECORD (case_), "birth-date"));
  g_array_set_size (self->misfits_at_open, 0);
  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr(McConversation) conversation = g_list_model_get_item (conversations, i);
      gint64 id = mc_record_get_id (MC_RECORD (conversation));

      if (!mc_case_conversation_fits_band (case_, protocol, conversation))
        g_array_append_val (self->misfits_at_open, id);
    }

  /* A new row has no error mark: an empty name is marked once typed. */
  g_signal_handlers_block_by_func (self->client_name_row, on_client_name_changed_cb, self);
  bind_client_row (self, self->client_name_row);
  g_signal_handlers_unblock_by_func (self->client_name_row, on_client_name_changed_cb, self);
  gtk_widget_remove_css_class (self->client_name_row, "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->client_name_row), GTK_ACCESSIBLE_STATE_INVALID);
  bind_client_row (self, self->client_number_row);
  bind_client_row (self, self->birth_date_row);

  update_age_warning (self);
  g_signal_connect_object (case_, "notify::birth-date", G_CALLBACK (update_age_warning), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "saved", G_CALLBACK (update_age_warning), self, G_CONNECT_SWAPPED);
}

static void
fill_client (McPeopleEditor *self)
{
  GtkWidget *icon;

  self->client_name_row = client_row_new (self, _("Name"), _("Name of the client"), "client-name");
  g_signal_connect (self->client_name_row, "changed", G_CALLBACK (on_client_name_changed_cb), self);
  self->client_number_row = client_row_new (self, _("Client number"), _("Client number"), "client-number");
  self->birth_date_row = client_row_new (self, _("Date of birth (day-month-year)"),
                                         _("Date of birth of the client"), "birth-date");

  self->age_warning_row = mc_info_row_new (_("The client's age has changed: a recorded conversation no longer fits the age. Check step 3."),
                                           NULL);
  gtk_widget_set_name (self->age_warning_row, "client-age-warning");
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->age_warning_row), icon);
  gtk_list_box_append (self->client_list, self->age_warning_row);
}

/* The people */

static void
update_person_row (AdwExpanderRow *row,
                   McRecord       *person)
{
  McProtocol *protocol = g_object_get_data (G_OBJECT (row), "mc-protocol");
  GtkWidget *role_row = g_object_get_data (G_OBJECT (row), "mc-role-row");
  const char *name = mc_record_get_string (person, "name");
  const char *role = mc_record_get_string (person, "role");
  const char *relation = mc_record_get_string (person, "relation");
  const McProtocolItem *item = role != NULL ? mc_protocol_lookup_item (protocol, role) : NULL;
  g_autofree char *born = mc_record_dup_date_text (person, "birth-date");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 name != NULL && *name != '\0' ? name : _("New person"));

  if (role != NULL)
    g_ptr_array_add (parts, g_strdup (item != NULL ? item->label : role));
  else
    g_ptr_array_add (parts, g_strdup (_("No role yet")));
  if (relation != NULL && *relation != '\0')
    g_ptr_array_add (parts, g_strdup (relation));
  if (born != NULL)
    /* Translators: a person's date of birth, "born 3 March 2015". */
    g_ptr_array_add (parts, g_strdup_printf (_("born %s"), born));
  g_ptr_array_add (parts, NULL);
  subtitle = g_strjoinv (" · ", (char **) parts->pdata);
  adw_expander_row_set_subtitle (row, subtitle);

  /* What a role means (a carer is no legal representative) is said where
   * it is chosen. */
  if (role_row != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (role_row), item != NULL && item->help != NULL ? item->help : "");
}

static void
on_person_notify_cb (McRecord       *person,
                     GParamSpec     *pspec,
                     AdwExpanderRow *row)
{
  update_person_row (row, person);
}

/* The roles offered: those in use now, without the retired ones, plus
 * the person's own when the protocol retired it or does not know it.
 * There is no "not chosen": a person always has a role. */
static void
role_choices (McPeopleEditor *self,
              McRecord       *person,
              GStrv          *ids_out,
              GStrv          *labels_out)
{
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  const McProtocolChecklist *roles = mc_protocol_get_checklist (protocol, MC_CHECKLIST_PERSON_ROLES);
  const char *value = mc_record_get_string (person, "role");
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  gboolean has_value = FALSE;

  for (guint i = 0; roles != NULL && i < roles->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (roles->items, i);

      if (item->retired && g_strcmp0 (item->id, value) != 0)
        continue;
      g_strv_builder_add (ids, item->id);
      g_strv_builder_add (labels, item->label);
      has_value |= g_strcmp0 (item->id, value) == 0;
    }
  if (value != NULL && !has_value)
    {
      g_strv_builder_add (ids, value);
      g_strv_builder_add (labels, value);
    }
  *ids_out = g_strv_builder_end (ids);
  if (labels_out != NULL)
    *labels_out = g_strv_builder_end (labels);
}

/* The roles offered to @person, as one string: a kept row can show
 * another person when it offers the same. */
static char *
role_choices_key (McPeopleEditor *self,
                  McRecord       *person)
{
  g_auto(GStrv) ids = NULL;

  role_choices (self, person, &ids, NULL);
  return g_strjoinv ("\n", ids);
}

static GtkWidget *
role_row_new (McPeopleEditor *self,
              McRecord       *person)
{
  g_auto(GStrv) id_array = NULL;
  g_auto(GStrv) label_array = NULL;
  GtkWidget *row;

  role_choices (self, person, &id_array, &label_array);
  if (id_array[0] == NULL)
    return mc_info_row_new (C_("person", "Role"), NULL);

  row = mc_fixed_choice_row_new (self->editor, C_("person", "Role"), person, "role",
                                 (const char * const *) id_array, (const char * const *) label_array);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Role of this person"),
                                  -1);

  return row;
}

/* Not through mc_case_editor_delete(): the case page offers undo only for
 * the records of its steps' lists. The audit trail keeps what was
 * stored. */
static void
on_remove_person_cb (GtkButton      *button,
                     McPeopleEditor *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  GListModel *conversations = mc_case_get_conversations (case_);
  g_autoptr(McRecord) person = g_object_ref (g_object_get_data (G_OBJECT (button), "mc-record"));
  g_autoptr(GError) error = NULL;
  gint64 id = mc_record_get_id (person);

  if (id != 0 && !mc_store_delete (mc_case_editor_get_store (self->editor), person, &error))
    {
      g_signal_emit_by_name (self->editor, "error", error->message);
      return;
    }

  /* The store let go of the conversations held with them; so does the
   * case in memory. */
  for (guint i = 0; id != 0 && i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr(McRecord) conversation = g_list_model_get_item (conversations, i);

      if (mc_record_get_integer (conversation, "person-id") == id)
        mc_record_set_integer (conversation, "person-id", 0);
    }

  mc_case_remove_child (case_, person);
  g_signal_emit_by_name (self->editor, "saved");
}

/* A yes/no/unknown field of @person as a row with answer buttons. */
static GtkWidget *
answer_row_new (McPeopleEditor *self,
                McRecord       *person,
                const char     *title,
                const char     *subtitle,
                const char     *property)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *buttons = mc_answer_buttons_new (title, FALSE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
  mc_case_editor_bind_answer (self->editor, buttons, person, property);
  g_object_set_data (G_OBJECT (row), "mc-answer-buttons", buttons);

  return row;
}

/* What Veilig Thuis's form asks of each person: the address, gezag, the
 * school, day care or day activity, and "open melden" (who was told of
 * the report, how they reacted, or which exception applied); and whether
 * the family may see this person in a copy of the report. */
static void
add_form_rows (McPeopleEditor *self,
               AdwExpanderRow *row,
               McRecord       *person)
{
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  const McProtocolChecklist *exceptions = mc_protocol_get_checklist (protocol,
                                                                      MC_CHECKLIST_INFORMING_EXCEPTIONS);
  GtkWidget *field;

  field = mc_case_editor_entry_row_new (self->editor, _("Address"), person, "address");
  g_object_set_data (G_OBJECT (row), "mc-address-row", field);
  adw_expander_row_add_row (row, field);
  /* Translators: Dutch "Heeft gezag". */
  field = answer_row_new (self, person, _("Has parental authority (gezag)"), NULL, "gezag");
  g_object_set_data (G_OBJECT (row), "mc-gezag-row", field);
  adw_expander_row_add_row (row, field);
  field = mc_case_editor_entry_row_new (self->editor, _("School, day care or day activity"),
                                        person, "school");
  g_object_set_data (G_OBJECT (row), "mc-school-row", field);
  adw_expander_row_add_row (row, field);

  /* Translators: open melden: was this person told of the report to
   * Veilig Thuis; Dutch "Geïnformeerd over de melding". */
  field = answer_row_new (self, person, _("Informed of the report"),
                          _("Open melden: tell the people involved, unless an exception applies"),
                          "informed");
  g_object_set_data (G_OBJECT (row), "mc-informed-row", field);
  adw_expander_row_add_row (row, field);
  adw_expander_row_add_row (row, mc_case_editor_entry_row_new (self->editor,
                                                               _("Informed on (day-month-year)"),
                                                               person, "informed-on"));
  adw_expander_row_add_row (row, mc_case_editor_text_row_new (self->editor, _("Their reaction"),
                                                              person, "informed-reaction"));
  adw_expander_row_add_row (row, mc_case_editor_choice_row_new (self->editor,
                                                                _("Not informed, because"),
                                                                person, "informed-exception",
                                                                exceptions, MC_AUDIENCE_ALL));

  field = mc_case_editor_switch_row_new (self->editor, _("Not for the family"),
                                         _("Left out of the family copy of the report"),
                                         person, "not-for-family");
  g_object_set_data (G_OBJECT (row), "mc-not-for-family-row", field);
  adw_expander_row_add_row (row, field);
}

/* What a person's row shows of them beyond their fields, and follows. */
static void
follow_person (GtkWidget *row,
               McRecord  *person)
{
  mc_record_row_set_record (row, person);
  g_object_set_data_full (g_object_get_data (G_OBJECT (row), "mc-remove-button"), "mc-record",
                          g_object_ref (person), g_object_unref);
  update_person_row (ADW_EXPANDER_ROW (row), person);
  g_signal_connect_object (person, "notify", G_CALLBACK (on_person_notify_cb), row, 0);
}

/* A row kept for the next case's person, when it offers the same roles:
 * its fields, folded as a new row is. */
static gboolean
bind_person_row (GtkWidget *row,
                 McRecord  *person,
                 gpointer   user_data)
{
  McPeopleEditor *self = user_data;
  g_autofree char *roles = role_choices_key (self, person);

  if (g_strcmp0 (roles, g_object_get_data (G_OBJECT (row), "mc-role-choices")) != 0)
    return FALSE;

  mc_record_fields_rebind (row, self->editor, person);
  follow_person (row, person);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), FALSE);

  return TRUE;
}

static GtkWidget *
create_person_row (McRecord *person,
                   gpointer  user_data)
{
  McPeopleEditor *self = user_data;
  GtkWidget *row = mc_expander_row_new ();
  GtkWidget *name;
  GtkWidget *role;
  GtkWidget *remove;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  mc_row_title_take_over (ADW_EXPANDER_ROW (row));
  g_object_set_data (G_OBJECT (row), "mc-protocol", mc_case_editor_get_protocol (self->editor));

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Person"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Person"),
                                  -1);
  g_object_set_data (G_OBJECT (row), "mc-remove-button", remove);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_person_cb), self, 0);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), remove);

  name = mc_case_editor_entry_row_new (self->editor, _("Name"), person, "name");
  g_object_set_data (G_OBJECT (row), "mc-first-field", name);
  role = role_row_new (self, person);
  g_object_set_data (G_OBJECT (row), "mc-role-row", role);
  g_object_set_data_full (G_OBJECT (row), "mc-role-choices", role_choices_key (self, person), g_free);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), name);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), role);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor, _("Date of birth (day-month-year)"),
                                                          person, "birth-date"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor, _("Relation to the client"),
                                                          person, "relation"));
  add_form_rows (self, ADW_EXPANDER_ROW (row), person);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor, _("Notes"),
                                                          person, "notes"));

  follow_person (row, person);

  return row;
}

static void
on_add_person_cb (McPeopleEditor *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  g_autoptr(McPerson) person = mc_person_new (mc_record_get_id (MC_RECORD (case_)));
  const McProtocolItem *other = mc_protocol_lookup_item (mc_case_editor_get_protocol (self->editor),
                                                         DEFAULT_ROLE_ID);
  GtkListBoxRow *row;
  guint n_people;

  /* Every person has a role, as the new-case dialog gives one; the one
   * that says least until another is chosen. */
  if (other != NULL && !other->retired)
    mc_record_set_string (MC_RECORD (person), "role", DEFAULT_ROLE_ID);

  if (!mc_case_editor_insert (self->editor, MC_RECORD (person)))
    return;

  n_people = g_list_model_get_n_items (mc_case_get_people (case_));
  row = gtk_list_box_get_row_at_index (self->people_list, n_people - 1);
  if (row == NULL)
    return;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  mc_focus_field (g_object_get_data (G_OBJECT (row), "mc-first-field"));
}

/* The special forms */

static void
sync_forms (McPeopleEditor *self)
{
  const char * const *suspected = mc_record_get_lines (MC_RECORD (mc_case_editor_get_case (self->editor)),
                                                       "suspected-forms");

  self->syncing = TRUE;
  for (guint i = 0; i < self->form_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->form_checks, i);
      const char *id = g_object_get_data (G_OBJECT (check), "mc-form-id");

      gtk_check_button_set_active (check, suspected != NULL && g_strv_contains (suspected, id));
    }
  self->syncing = FALSE;
}

static gboolean
is_special_form (McPeopleEditor *self,
                 const char     *id)
{
  return mc_protocol_lookup_special_form (mc_case_editor_get_protocol (self->editor), id) != NULL;
}

/* The case's lines keep what is not a special form (the forms of violence
 * ticked when it was made) in its place; the special forms follow in
 * protocol order. */
static void
on_form_toggled_cb (GtkCheckButton *toggled,
                    GParamSpec     *pspec,
                    McPeopleEditor *self)
{
  McRecord *case_ = MC_RECORD (mc_case_editor_get_case (self->editor));
  const char * const *suspected = mc_record_get_lines (case_, "suspected-forms");
  g_auto(GStrv) stored = suspected != NULL ? g_strdupv ((GStrv) suspected) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;

  if (self->syncing)
    return;

  for (guint i = 0; stored != NULL && stored[i] != NULL; i++)
    if (!is_special_form (self, stored[i]))
      g_strv_builder_add (builder, stored[i]);
  for (guint i = 0; i < self->form_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->form_checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "mc-form-id"));
    }
  lines = g_strv_builder_end (builder);

  mc_record_set_lines (case_, "suspected-forms", lines[0] != NULL ? (const char * const *) lines : NULL);
  if (!mc_case_editor_save (self->editor, case_, "suspected-forms"))
    {
      mc_record_set_lines (case_, "suspected-forms", (const char * const *) stored);
      sync_forms (self);
    }
}

static void
fill_forms (McPeopleEditor *self)
{
  GPtrArray *forms = mc_protocol_get_special_forms (mc_case_editor_get_protocol (self->editor));

  for (guint i = 0; forms != NULL && i < forms->len; i++)
    {
      const McProtocolSpecialForm *form = g_ptr_array_index (forms, i);
      GtkWidget *row = mc_info_row_new (form->name, form->description);
      GtkWidget *check = gtk_check_button_new ();

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_name (check, form->id);
      g_object_set_data (G_OBJECT (check), "mc-form-id", (gpointer) form->id);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      /* One Tab stop, the row, which says the check's state; the check
       * alone was a second, and said its name twice once the case was
       * closed. An info row takes no focus: this one must, or the list
       * keeps Tab from going on. */
      gtk_widget_set_focusable (row, TRUE);
      mc_a11y_check_row (row, check, form->name);
      g_signal_connect (check, "notify::active", G_CALLBACK (on_form_toggled_cb), self);
      adw_preferences_group_add (self->forms_group, row);
      g_ptr_array_add (self->form_checks, check);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->forms_group), self->form_checks->len > 0);
  sync_forms (self);
}

/* The support network and other information, each with its mark. */
static void
fill_sections (McPeopleEditor *self)
{
  McRecord *case_ = MC_RECORD (mc_case_editor_get_case (self->editor));
  GtkWidget *row;

  row = mc_case_editor_text_row_new (self->editor, _("Support network"), case_, "support-network");
  gtk_widget_set_name (row, "support-network");
  self->support_network_view = mc_case_editor_text_row_get_text_view (row);
  adw_preferences_group_add (self->sections_group, row);
  row = mc_case_editor_switch_row_new (self->editor, _("Support network not for the family"),
                                       _("Left out of the family copy of the report"),
                                       case_, "support-network-not-for-family");
  gtk_widget_set_name (row, "support-network-not-for-family");
  self->support_network_switch = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
  adw_preferences_group_add (self->sections_group, row);
  row = mc_case_editor_text_row_new (self->editor, _("Other information"), case_, "other-information");
  gtk_widget_set_name (row, "other-information");
  self->other_information_view = mc_case_editor_text_row_get_text_view (row);
  adw_preferences_group_add (self->sections_group, row);
  row = mc_case_editor_switch_row_new (self->editor, _("Other information not for the family"),
                                       _("Left out of the family copy of the report"),
                                       case_, "other-information-not-for-family");
  gtk_widget_set_name (row, "other-information-not-for-family");
  self->other_information_switch = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
  adw_preferences_group_add (self->sections_group, row);
}

static void
bind_sections (McPeopleEditor *self)
{
  McRecord *case_ = MC_RECORD (mc_case_editor_get_case (self->editor));

  mc_case_editor_bind_text_view (self->editor, self->support_network_view, case_, "support-network");
  mc_case_editor_bind_active (self->editor, self->support_network_switch, case_,
                              "support-network-not-for-family");
  mc_case_editor_bind_text_view (self->editor, self->other_information_view, case_, "other-information");
  mc_case_editor_bind_active (self->editor, self->other_information_switch, case_,
                              "other-information-not-for-family");
}

/* What is the case's, apart from the sections' fields (bound when made). */
static void
bind_case (McPeopleEditor *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);

  mc_list_box_bind_records (self->people_list, mc_case_get_people (case_), create_person_row, bind_person_row, self);
  bind_client (self);
  sync_forms (self);
  g_signal_connect_object (case_, "notify::suspected-forms", G_CALLBACK (sync_forms), self, G_CONNECT_SWAPPED);
}

void
mc_people_editor_set_editor (McPeopleEditor *self,
                             McCaseEditor   *editor)
{
  g_return_if_fail (MC_IS_PEOPLE_EDITOR (self));
  g_return_if_fail (MC_IS_CASE_EDITOR (editor));

  if (self->editor == editor)
    return;

  g_signal_handlers_disconnect_by_data (self->editor, self);
  g_signal_handlers_disconnect_by_data (mc_case_editor_get_case (self->editor), self);
  g_set_object (&self->editor, editor);

  bind_sections (self);
  bind_case (self);
}

GtkWidget *
mc_people_editor_new (McCaseEditor *editor)
{
  McPeopleEditor *self;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (editor), NULL);

  self = g_object_new (MC_TYPE_PEOPLE_EDITOR, NULL);
  self->editor = g_object_ref (editor);

  gtk_list_box_set_placeholder (self->people_list,
                                mc_list_placeholder_new (_("No people involved recorded yet.")));
  fill_client (self);
  fill_sections (self);
  fill_forms (self);
  bind_case (self);

  return GTK_WIDGET (self);
}

static void
mc_people_editor_dispose (GObject *object)
{
  McPeopleEditor *self = MC_PEOPLE_EDITOR (object);

  /* Check buttons going down are no change to save. */
  self->syncing = TRUE;
  if (self->people_list != NULL)
    mc_list_box_bind_records (self->people_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PEOPLE_EDITOR);
  if (self->form_checks != NULL)
    g_ptr_array_set_size (self->form_checks, 0);

  G_OBJECT_CLASS (mc_people_editor_parent_class)->dispose (object);
}

static void
mc_people_editor_finalize (GObject *object)
{
  McPeopleEditor *self = MC_PEOPLE_EDITOR (object);

  /* Rows may still call back while the template goes. */
  g_clear_pointer (&self->form_checks, g_ptr_array_unref);
  g_clear_pointer (&self->misfits_at_open, g_array_unref);
  g_clear_pointer (&self->birth_date_at_open, g_free);
  g_clear_object (&self->editor);

  G_OBJECT_CLASS (mc_people_editor_parent_class)->finalize (object);
}

static void
mc_people_editor_class_init (McPeopleEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_people_editor_dispose;
  object_class->finalize = mc_people_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-people-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, McPeopleEditor, client_list);
  gtk_widget_class_bind_template_child (widget_class, McPeopleEditor, people_list);
  gtk_widget_class_bind_template_child (widget_class, McPeopleEditor, forms_group);
  gtk_widget_class_bind_template_child (widget_class, McPeopleEditor, sections_group);
  gtk_widget_class_bind_template_callback (widget_class, on_add_person_cb);
}

static void
mc_people_editor_init (McPeopleEditor *self)
{
  self->form_checks = g_ptr_array_new ();
  self->misfits_at_open = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));
}
