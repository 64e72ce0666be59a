/* mc-consultations-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-consultations-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-consultations-page.h"
#include "mc-dates.h"
#include "mc-row-title.h"
#include "mc-step-page.h"

struct _McConsultationsPage
{
  AdwBin               parent_instance;

  McCaseEditor        *editor;

  AdwPreferencesGroup *contacts_group;
  GtkListBox          *consultations_list;
};

static void mc_consultations_page_step_page_init (McStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McConsultationsPage, mc_consultations_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_STEP_PAGE, mc_consultations_page_step_page_init))

/* The protocol id of the contact a consultation is most often with. */
#define VEILIG_THUIS_ID "veilig-thuis"

static void
update_consultation_row (AdwExpanderRow *row,
                         McRecord       *consultation)
{
  McCaseEditor *editor = g_object_get_data (G_OBJECT (row), "mc-editor");
  const char *role = mc_record_get_string (consultation, "role");
  const char *consultee = mc_record_get_string (consultation, "consultee");
  const char *consulted_on = mc_record_get_string (consultation, "consulted-on");
  const McProtocolItem *item = role != NULL ? mc_protocol_lookup_item (mc_case_editor_get_protocol (editor), role) : NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GDate date;

  if (item != NULL && consultee != NULL)
    /* Translators: a consultation in the list: "<role>: <name>". */
    title = g_strdup_printf (_("%s: %s"), item->label, consultee);
  else if (item != NULL)
    title = g_strdup (item->label);
  else if (consultee != NULL)
    title = g_strdup (consultee);
  else
    title = g_strdup (_("New consultation"));

  g_date_clear (&date, 1);
  if (consulted_on != NULL && mc_date_from_iso8601 (consulted_on, &date))
    g_ptr_array_add (parts, mc_format_date (&date));
  else
    g_ptr_array_add (parts, g_strdup (_("No date")));
  if (mc_record_get_boolean (consultation, "anonymous"))
    g_ptr_array_add (parts, g_strdup (_("anonymous")));
  g_ptr_array_add (parts, NULL);
  subtitle = g_strjoinv (" · ", (char **) parts->pdata);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (row, subtitle);
}

static void
on_consultation_notify_cb (McRecord       *consultation,
                           GParamSpec     *pspec,
                           AdwExpanderRow *row)
{
  update_consultation_row (row, consultation);
}

static GtkWidget *
create_consultation_row (gpointer item,
                         gpointer user_data)
{
  McConsultationsPage *self = user_data;
  McRecord *consultation = item;
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  GtkWidget *row = mc_expander_row_new ();
  GtkWidget *role;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  mc_row_title_take_over (ADW_EXPANDER_ROW (row));
  g_object_set_data (G_OBJECT (row), "mc-editor", self->editor);
  update_consultation_row (ADW_EXPANDER_ROW (row), consultation);
  g_signal_connect_object (consultation, "notify", G_CALLBACK (on_consultation_notify_cb), row, 0);
  mc_case_editor_add_remove_button (self->editor, ADW_EXPANDER_ROW (row), consultation,
                                    _("Remove Consultation"));

  role = mc_case_editor_choice_row_new (self->editor, _("With whom"), consultation, "role",
                                        mc_protocol_get_checklist (protocol, MC_CHECKLIST_CONSULTATION_ROLES),
                                        MC_AUDIENCE_ALL);
  g_object_set_data (G_OBJECT (row), "mc-first-field", role);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), role);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor, _("Name (optional)"),
                                                          consultation, "consultee"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor, _("Date (day-month-year)"),
                                                          consultation, "consulted-on"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_switch_row_new (self->editor, _("Discussed anonymously"),
                                                           _("Without the client's name"),
                                                           consultation, "anonymous"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_text_row_new (self->editor, _("Advice"),
                                                         consultation, "advice"));

  return row;
}

static void
on_add_consultation_cb (McConsultationsPage *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  g_autoptr(McConsultation) consultation = mc_consultation_new (mc_record_get_id (MC_RECORD (case_)));
  g_autoptr(GDate) today = g_date_new ();
  g_autofree char *today_iso = NULL;
  GtkListBoxRow *row;
  guint n_items;

  g_date_set_time_t (today, time (NULL));
  today_iso = mc_date_to_iso8601 (today);
  mc_record_set_string (MC_RECORD (consultation), "consulted-on", today_iso);

  if (!mc_case_editor_insert (self->editor, MC_RECORD (consultation)))
    return;

  n_items = g_list_model_get_n_items (mc_case_get_consultations (case_));
  row = gtk_list_box_get_row_at_index (self->consultations_list, n_items - 1);
  if (row == NULL)
    return;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  mc_focus_widget (g_object_get_data (G_OBJECT (row), "mc-first-field"));
}

static void
fill_contacts (McConsultationsPage *self)
{
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  const McProtocolOrganisation *organisation = mc_protocol_get_organisation (protocol);
  const McProtocolContact *veilig_thuis = mc_protocol_lookup_contact (protocol, VEILIG_THUIS_ID);

  if (organisation != NULL && organisation->questions_contact != NULL)
    adw_preferences_group_add (self->contacts_group, mc_contact_row_new (organisation->questions_contact));

  if (veilig_thuis != NULL)
    adw_preferences_group_add (self->contacts_group, mc_contact_row_new (veilig_thuis));
  else
    {
      /* Another organisation's protocol may name it differently. */
      GPtrArray *contacts = mc_protocol_get_contacts (protocol);

      for (guint i = 0; contacts != NULL && i < contacts->len; i++)
        adw_preferences_group_add (self->contacts_group,
                                   mc_contact_row_new (g_ptr_array_index (contacts, i)));
    }
}

/* The contacts and the placeholder are the protocol's and stay; the
 * consultations are the case's. */
static void
mc_consultations_page_set_editor (McStepPage   *page,
                                  McCaseEditor *editor)
{
  McConsultationsPage *self = MC_CONSULTATIONS_PAGE (page);

  g_set_object (&self->editor, editor);
  gtk_list_box_bind_model (self->consultations_list,
                           mc_case_get_consultations (mc_case_editor_get_case (editor)),
                           create_consultation_row, self, NULL);
}

static void
mc_consultations_page_step_page_init (McStepPageInterface *iface)
{
  iface->set_editor = mc_consultations_page_set_editor;
}

GtkWidget *
mc_consultations_page_new (McCaseEditor *editor)
{
  McConsultationsPage *self;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (editor), NULL);

  self = g_object_new (MC_TYPE_CONSULTATIONS_PAGE, NULL);
  self->editor = g_object_ref (editor);

  fill_contacts (self);
  gtk_list_box_set_placeholder (self->consultations_list,
                                mc_list_placeholder_new (_("No consultations recorded yet. Discuss the signals with a colleague, the behavioural scientist or the meldcode officer.")));
  mc_consultations_page_set_editor (MC_STEP_PAGE (self), editor);

  return GTK_WIDGET (self);
}

static void
mc_consultations_page_dispose (GObject *object)
{
  McConsultationsPage *self = MC_CONSULTATIONS_PAGE (object);

  if (self->consultations_list != NULL)
    gtk_list_box_bind_model (self->consultations_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_CONSULTATIONS_PAGE);

  G_OBJECT_CLASS (mc_consultations_page_parent_class)->dispose (object);
}

static void
mc_consultations_page_finalize (GObject *object)
{
  McConsultationsPage *self = MC_CONSULTATIONS_PAGE (object);

  /* Rows may still call back while the template goes. */
  g_clear_object (&self->editor);

  G_OBJECT_CLASS (mc_consultations_page_parent_class)->finalize (object);
}

static void
mc_consultations_page_class_init (McConsultationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_consultations_page_dispose;
  object_class->finalize = mc_consultations_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-consultations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McConsultationsPage, contacts_group);
  gtk_widget_class_bind_template_child (widget_class, McConsultationsPage, consultations_list);
  gtk_widget_class_bind_template_callback (widget_class, on_add_consultation_cb);
}

static void
mc_consultations_page_init (McConsultationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
