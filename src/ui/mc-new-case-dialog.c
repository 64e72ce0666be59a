/* mc-new-case-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-new-case-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-a11y.h"
#include "mc-combo-list.h"
#include "mc-dates.h"
#include "mc-new-case-dialog.h"

struct _McNewCaseDialog
{
  AdwWindow             parent_instance;

  McStore              *store;
  McProtocol           *protocol;
  /* The check buttons of the forms of violence, keyed by protocol id. */
  GHashTable           *form_checks;
  /* The people rows, each an AdwEntryRow with a role drop-down. */
  GPtrArray            *person_rows;
  /* The ids of the roles the drop-downs offer, in their order. */
  GPtrArray            *role_ids;
  gint64                linked_case_id;

  GtkButton            *create_button;
  AdwEntryRow          *name_row;
  AdwEntryRow          *number_row;
  AdwEntryRow          *birth_row;
  AdwActionRow         *age_row;
  AdwPreferencesGroup  *linked_group;
  AdwActionRow         *linked_row;
  AdwPreferencesGroup  *people_group;
  AdwPreferencesGroup  *forms_group;
  AdwPreferencesGroup  *special_group;
  GtkLabel             *error_label;
};

G_DEFINE_FINAL_TYPE (McNewCaseDialog, mc_new_case_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* TRUE when the birth date is empty (allowed) or valid; @date is set when
 * it is valid. */
static gboolean
read_birth_date (McNewCaseDialog *self,
                 GDate           *date,
                 gboolean        *has_date)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->birth_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  *has_date = FALSE;
  if (*trimmed == '\0')
    return TRUE;
  if (!mc_date_parse_human (trimmed, date))
    return FALSE;

  *has_date = TRUE;
  return TRUE;
}

static void
update_validation (McNewCaseDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *name_trimmed = g_strstrip (g_strdup (name));
  g_autoptr(GDate) today = g_date_new ();
  GDate birth;
  gboolean has_date;
  gboolean date_ok;

  g_date_clear (&birth, 1);
  g_date_set_time_t (today, time (NULL));
  date_ok = read_birth_date (self, &birth, &has_date);

  if (!date_ok)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->birth_row), "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->age_row), _("Not a date"));
      adw_action_row_set_subtitle (self->age_row, _("Write the date of birth as day-month-year, for example 14-03-2011."));
    }
  else if (!has_date)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->birth_row), "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->age_row), _("Age unknown"));
      adw_action_row_set_subtitle (self->age_row, _("With a date of birth, Meldcode tells with whom to hold the conversation of step 3."));
    }
  else
    {
      int age = mc_age_on (&birth, today);
      g_autofree char *title = NULL;

      if (age < 0)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->birth_row), "error");
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->age_row), _("Date in the future"));
          adw_action_row_set_subtitle (self->age_row, _("A date of birth cannot lie after today."));
          date_ok = FALSE;
        }
      else
        {
          const McProtocolConversationRule *rule = mc_protocol_get_conversation_rule (self->protocol);
          const McProtocolBand *band = mc_protocol_find_band (self->protocol, age);
          gboolean minor = (guint) age < rule->age_of_majority;

          gtk_widget_remove_css_class (GTK_WIDGET (self->birth_row), "error");
          title = g_strdup_printf (ngettext ("%d year old", "%d years old", age), age);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->age_row), title);
          /* The advice of the client's own age band, not of every band
           * under or over the age of majority. */
          adw_action_row_set_subtitle (self->age_row,
                                       band != NULL ? band->text
                                       : minor ? rule->under_age_text : rule->of_age_text);
        }
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), *name_trimmed != '\0' && date_ok);
}

static void
on_remove_person_cb (GtkButton       *button,
                     McNewCaseDialog *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "mc-row");

  g_ptr_array_remove (self->person_rows, row);
  adw_preferences_group_remove (self->people_group, g_object_get_data (G_OBJECT (row), "mc-role-row"));
  adw_preferences_group_remove (self->people_group, row);
}

static void
add_person_row (McNewCaseDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *role_row = adw_combo_row_new ();
  GtkWidget *remove;

  for (guint i = 0; i < self->role_ids->len; i++)
    {
      const McProtocolItem *item = mc_protocol_lookup_item (self->protocol, g_ptr_array_index (self->role_ids, i));

      gtk_string_list_append (labels, item->label);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name"));
  /* The role in a row of its own below the name: beside it, a drop-down
   * left the name 156 px and cut the role ("Taakhouder meldcode …"). */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (role_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (role_row), C_("person", "Role"));
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (role_row), TRUE);
  mc_combo_row_show_choices_whole (ADW_COMBO_ROW (role_row));
  adw_combo_row_set_model (ADW_COMBO_ROW (role_row), G_LIST_MODEL (labels));
  gtk_accessible_update_property (GTK_ACCESSIBLE (role_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Role of this person"), -1);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Person"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Person"), -1);
  g_object_set_data (G_OBJECT (remove), "mc-row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_person_cb), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  g_object_set_data (G_OBJECT (row), "mc-role-row", role_row);
  g_ptr_array_add (self->person_rows, row);
  adw_preferences_group_add (self->people_group, row);
  adw_preferences_group_add (self->people_group, role_row);
  mc_focus_widget (row);
}

static void
on_add_person_cb (McNewCaseDialog *self)
{
  add_person_row (self);
}

static void
add_form_checks (McNewCaseDialog     *self,
                 AdwPreferencesGroup *group,
                 const char          *id,
                 const char          *label,
                 const char          *help)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  if (help != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), help);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  /* One Tab stop: the row, which toggles the check and says its state. */
  mc_a11y_check_row (row, check, label);
  g_hash_table_insert (self->form_checks, g_strdup (id), check);
  adw_preferences_group_add (group, row);
}

/* A name without what it adds in brackets, ignoring case: "Vrouwelijke
 * genitale verminking (VGV)" is "vrouwelijke genitale verminking". */
static char *
bare_name (const char *name)
{
  const char *bracket = strstr (name, " (");
  g_autofree char *head = bracket != NULL ? g_strndup (name, bracket - name) : g_strdup (name);

  return g_utf8_casefold (g_strstrip (head), -1);
}

/* A form of violence that is also a special form (VGV is both) is ticked
 * once, as the special form, whose advice and rules follow from it. */
static gboolean
is_also_special (McNewCaseDialog *self,
                 const char      *label)
{
  GPtrArray *special = mc_protocol_get_special_forms (self->protocol);
  g_autofree char *bare = bare_name (label);

  for (guint i = 0; special != NULL && i < special->len; i++)
    {
      const McProtocolSpecialForm *form = g_ptr_array_index (special, i);
      g_autofree char *form_bare = bare_name (form->name);

      if (g_strcmp0 (bare, form_bare) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
fill_forms (McNewCaseDialog *self)
{
  const McProtocolChecklist *categories = mc_protocol_get_checklist (self->protocol, MC_CHECKLIST_SIGNAL_CATEGORIES);
  const McProtocolChecklist *roles = mc_protocol_get_checklist (self->protocol, MC_CHECKLIST_PERSON_ROLES);
  GPtrArray *special = mc_protocol_get_special_forms (self->protocol);

  /* A retired role still names what old cases recorded; a new person gets
   * one in use. */
  for (guint i = 0; roles != NULL && i < roles->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (roles->items, i);

      if (!item->retired)
        g_ptr_array_add (self->role_ids, (gpointer) item->id);
    }

  for (guint i = 0; categories != NULL && i < categories->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (categories->items, i);

      if (!is_also_special (self, item->label))
        add_form_checks (self, self->forms_group, item->id, item->label, NULL);
    }

  for (guint i = 0; special != NULL && i < special->len; i++)
    {
      const McProtocolSpecialForm *form = g_ptr_array_index (special, i);

      add_form_checks (self, self->special_group, form->id, form->name, form->advice_text);
    }
}

static char **
checked_forms (McNewCaseDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const McProtocolChecklist *categories = mc_protocol_get_checklist (self->protocol, MC_CHECKLIST_SIGNAL_CATEGORIES);
  GPtrArray *special = mc_protocol_get_special_forms (self->protocol);

  /* In protocol order, so the case reads the same each time. */
  for (guint i = 0; categories != NULL && i < categories->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (categories->items, i);
      GtkCheckButton *check = g_hash_table_lookup (self->form_checks, item->id);

      if (check != NULL && gtk_check_button_get_active (check))
        g_strv_builder_add (builder, item->id);
    }
  for (guint i = 0; special != NULL && i < special->len; i++)
    {
      const McProtocolSpecialForm *form = g_ptr_array_index (special, i);

      if (gtk_check_button_get_active (g_hash_table_lookup (self->form_checks, form->id)))
        g_strv_builder_add (builder, form->id);
    }

  return g_strv_builder_end (builder);
}

static gboolean
store_case (McNewCaseDialog  *self,
            gint64           *out_id,
            GError          **error)
{
  g_autoptr(McCase) new_case = mc_case_new ();
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_row))));
  g_auto(GStrv) forms = checked_forms (self);
  GDate birth;
  gboolean has_date;

  g_date_clear (&birth, 1);
  if (!read_birth_date (self, &birth, &has_date))
    g_assert_not_reached ();

  mc_record_set_string (MC_RECORD (new_case), "client-name", name);
  if (*number != '\0')
    mc_record_set_string (MC_RECORD (new_case), "client-number", number);
  if (has_date)
    {
      g_autofree char *iso = mc_date_to_iso8601 (&birth);

      mc_record_set_string (MC_RECORD (new_case), "birth-date", iso);
    }
  if (forms[0] != NULL)
    mc_record_set_lines (MC_RECORD (new_case), "suspected-forms", (const char * const *) forms);
  if (self->linked_case_id > 0)
    mc_record_set_integer (MC_RECORD (new_case), "linked-case-id", self->linked_case_id);

  /* The case and its people arrive together or not at all. */
  if (!mc_store_begin_batch (self->store, error))
    return FALSE;
  if (!mc_store_insert (self->store, MC_RECORD (new_case), error))
    goto failed;

  for (guint i = 0; i < self->person_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->person_rows, i);
      AdwComboRow *role_row = g_object_get_data (G_OBJECT (row), "mc-role-row");
      g_autofree char *person_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
      guint role = adw_combo_row_get_selected (role_row);
      g_autoptr(McPerson) person = NULL;

      if (*person_name == '\0')
        continue;

      person = mc_person_new (mc_record_get_id (MC_RECORD (new_case)));
      mc_record_set_string (MC_RECORD (person), "name", person_name);
      if (role < self->role_ids->len)
        mc_record_set_string (MC_RECORD (person), "role", g_ptr_array_index (self->role_ids, role));
      if (!mc_store_insert (self->store, MC_RECORD (person), error))
        goto failed;
    }

  if (!mc_store_commit_batch (self->store, error))
    goto failed;

  *out_id = mc_record_get_id (MC_RECORD (new_case));
  return TRUE;

failed:
  mc_store_rollback_batch (self->store);
  return FALSE;
}

static void
on_create_cb (McNewCaseDialog *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)))
    return;

  if (!store_case (self, &id, &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_cancel_cb (McNewCaseDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

McNewCaseDialog *
mc_new_case_dialog_new (GtkWindow  *parent,
                        McStore    *store,
                        McProtocol *protocol)
{
  McNewCaseDialog *self;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);

  self = g_object_new (MC_TYPE_NEW_CASE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->protocol = g_object_ref (protocol);
  fill_forms (self);
  update_validation (self);

  return self;
}

void
mc_new_case_dialog_set_linked_case (McNewCaseDialog *self,
                                    gint64           case_id,
                                    const char      *number,
                                    const char      *client_name)
{
  g_autofree char *title = NULL;

  g_return_if_fail (MC_IS_NEW_CASE_DIALOG (self));
  g_return_if_fail (case_id > 0);

  self->linked_case_id = case_id;
  /* Translators: the case a new case is linked to, "Linked to case
   * 2026-0001 of Sam Jansen". */
  title = g_strdup_printf (_("Linked to case %s of %s"), number != NULL ? number : "",
                           client_name != NULL ? client_name : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->linked_row), title);
  gtk_widget_set_visible (GTK_WIDGET (self->linked_group), TRUE);
}

static void
mc_new_case_dialog_dispose (GObject *object)
{
  McNewCaseDialog *self = MC_NEW_CASE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->protocol);
  g_clear_pointer (&self->form_checks, g_hash_table_unref);
  g_clear_pointer (&self->person_rows, g_ptr_array_unref);
  g_clear_pointer (&self->role_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_new_case_dialog_parent_class)->dispose (object);
}

static void
mc_new_case_dialog_class_init (McNewCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_new_case_dialog_dispose;

  /**
   * McNewCaseDialog::created:
   * @case_id: the id of the stored case
   */
  signals[CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-new-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McNewCaseDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, McNewCaseDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, McNewCaseDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, McNewCaseDialog, birth_row);
  gtk_widget_class_bind_template_child (widget_class, McNewCaseDialog, age_row);
  gtk_widget_class_bind_template_child (widget_class, McNewCaseDialog, linked_group);
  gtk_widget_class_bind_template_child (widget_class, McNewCaseDialog, linked_row);
  gtk_widget_class_bind_template_child (widget_class, McNewCaseDialog, people_group);
  gtk_widget_class_bind_template_child (widget_class, McNewCaseDialog, forms_group);
  gtk_widget_class_bind_template_child (widget_class, McNewCaseDialog, special_group);
  gtk_widget_class_bind_template_child (widget_class, McNewCaseDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, update_validation);
  gtk_widget_class_bind_template_callback (widget_class, on_add_person_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_create_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* The name, not "Annuleren": the .ui's focus-widget is given before the
 * row can take it, and GTK then starts at the header bar. */
static void
on_map_cb (McNewCaseDialog *self)
{
  mc_focus_widget (GTK_WIDGET (self->name_row));
}

static void
mc_new_case_dialog_init (McNewCaseDialog *self)
{
  self->form_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->person_rows = g_ptr_array_new ();
  self->role_ids = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}
