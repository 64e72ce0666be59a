/* mc-step-rows.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-step-rows"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-combo-list.h"
#include "mc-dates.h"
#include "mc-step-rows.h"
#include "mc-text-field.h"

/* Fixed choices */

typedef struct
{
  McCaseEditor *editor;
  McRecord     *record;
  char         *property;
  GStrv         ids;
  /* Set while the row follows the record, so that is not saved back. */
  gboolean      syncing;
} FixedChoice;

#define FIXED_CHOICE_KEY "mc-fixed-choice"

static void
fixed_choice_free (gpointer data)
{
  FixedChoice *choice = data;

  g_clear_object (&choice->editor);
  g_clear_object (&choice->record);
  g_clear_pointer (&choice->property, g_free);
  g_clear_pointer (&choice->ids, g_strfreev);
  g_free (choice);
}

static guint
fixed_choice_index (FixedChoice *choice)
{
  const char *value = mc_record_get_string (choice->record, choice->property);

  for (guint i = 0; choice->ids[i] != NULL; i++)
    if (g_strcmp0 (choice->ids[i], value) == 0)
      return i;

  return 0;
}

static void
fixed_choice_sync (AdwComboRow *row)
{
  FixedChoice *choice = g_object_get_data (G_OBJECT (row), FIXED_CHOICE_KEY);

  choice->syncing = TRUE;
  adw_combo_row_set_selected (row, fixed_choice_index (choice));
  choice->syncing = FALSE;
}

static void
on_fixed_choice_selected_cb (AdwComboRow *row,
                             GParamSpec  *pspec,
                             gpointer     user_data)
{
  FixedChoice *choice = g_object_get_data (G_OBJECT (row), FIXED_CHOICE_KEY);
  guint selected = adw_combo_row_get_selected (row);
  g_autofree char *stored = NULL;

  if (choice->syncing || selected >= g_strv_length (choice->ids))
    return;
  if (g_strcmp0 (mc_record_get_string (choice->record, choice->property), choice->ids[selected]) == 0)
    return;

  stored = g_strdup (mc_record_get_string (choice->record, choice->property));
  mc_record_set_string (choice->record, choice->property, choice->ids[selected]);
  if (!mc_case_editor_save (choice->editor, choice->record, choice->property))
    {
      mc_record_set_string (choice->record, choice->property, stored);
      fixed_choice_sync (row);
    }
}

static void
on_fixed_choice_record_cb (McRecord    *record,
                           GParamSpec  *pspec,
                           AdwComboRow *row)
{
  fixed_choice_sync (row);
}

GtkWidget *
mc_fixed_choice_row_new (McCaseEditor       *editor,
                         const char         *title,
                         McRecord           *record,
                         const char         *property,
                         const char * const *ids,
                         const char * const *labels)
{
  GtkWidget *row;
  FixedChoice *choice;
  g_autoptr(GtkStringList) model = NULL;
  g_autofree char *detailed = NULL;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (editor), NULL);
  g_return_val_if_fail (MC_IS_RECORD (record), NULL);
  g_return_val_if_fail (ids != NULL && ids[0] != NULL && labels != NULL, NULL);
  g_return_val_if_fail (g_strv_length ((GStrv) ids) == g_strv_length ((GStrv) labels), NULL);

  row = adw_combo_row_new ();
  model = gtk_string_list_new (labels);
  choice = g_new0 (FixedChoice, 1);
  choice->editor = g_object_ref (editor);
  choice->record = g_object_ref (record);
  choice->property = g_strdup (property);
  choice->ids = g_strdupv ((GStrv) ids);
  g_object_set_data_full (G_OBJECT (row), FIXED_CHOICE_KEY, choice, fixed_choice_free);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  mc_combo_row_show_choices_whole (ADW_COMBO_ROW (row));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  fixed_choice_sync (ADW_COMBO_ROW (row));

  g_signal_connect (row, "notify::selected", G_CALLBACK (on_fixed_choice_selected_cb), NULL);
  detailed = g_strdup_printf ("notify::%s", property);
  g_signal_connect_object (record, detailed, G_CALLBACK (on_fixed_choice_record_cb), row, 0);

  return row;
}

void
mc_fixed_choice_row_rebind (GtkWidget    *row,
                            McCaseEditor *editor,
                            McRecord     *record)
{
  FixedChoice *choice;
  g_autofree char *detailed = NULL;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (MC_IS_CASE_EDITOR (editor));
  g_return_if_fail (MC_IS_RECORD (record));

  choice = g_object_get_data (G_OBJECT (row), FIXED_CHOICE_KEY);
  g_return_if_fail (choice != NULL);

  g_signal_handlers_disconnect_by_func (choice->record, on_fixed_choice_record_cb, row);
  g_set_object (&choice->editor, editor);
  g_set_object (&choice->record, record);
  fixed_choice_sync (ADW_COMBO_ROW (row));
  detailed = g_strdup_printf ("notify::%s", choice->property);
  g_signal_connect_object (record, detailed, G_CALLBACK (on_fixed_choice_record_cb), row, 0);
}

gboolean
mc_fixed_choice_row_is_bound (GtkWidget *row)
{
  return ADW_IS_COMBO_ROW (row) && g_object_get_data (G_OBJECT (row), FIXED_CHOICE_KEY) != NULL;
}

/* Rows that tell */

GtkWidget *
mc_info_row_new (const char *title,
                 const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* It only tells: no Tab stop (a screen reader reads it in browse mode). */
  gtk_widget_set_focusable (row, FALSE);

  return row;
}

/* Dates */

void
mc_fill_date_today (McCaseEditor *editor,
                    McRecord     *record,
                    const char   *property,
                    GtkWidget    *entry)
{
  g_autoptr(GDate) today = g_date_new ();
  g_autofree char *iso = NULL;
  g_autofree char *human = NULL;
  const char *value;

  g_return_if_fail (MC_IS_CASE_EDITOR (editor));
  g_return_if_fail (MC_IS_RECORD (record));

  value = mc_record_get_string (record, property);
  if (value != NULL && *value != '\0')
    return;

  g_date_set_time_t (today, time (NULL));
  iso = mc_date_to_iso8601 (today);
  mc_record_set_string (record, property, iso);
  if (!mc_case_editor_save (editor, record, property))
    {
      mc_record_set_string (record, property, NULL);
      return;
    }

  /* The entry's binding reads the same date back and has nothing to save. */
  human = mc_date_to_human (today);
  if (entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), human);
}

char *
mc_record_dup_date_text (McRecord   *record,
                         const char *property)
{
  const char *value = mc_record_get_string (record, property);
  GDate date;

  g_date_clear (&date, 1);
  if (value == NULL || !mc_date_from_iso8601 (value, &date))
    return NULL;

  return mc_format_date (&date);
}

/* Focus */

void
mc_focus_field (GtkWidget *field)
{
  g_return_if_fail (GTK_IS_WIDGET (field));

  mc_focus_widget (field);
}

/* Wrapping labels */

void
mc_label_bound (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_natural_wrap_mode (label, GTK_NATURAL_WRAP_NONE);
  /* A label cut to its lines on purpose keeps them. */
  if (gtk_label_get_lines (label) > 0 && gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE)
    return;
  gtk_label_set_lines (label, MC_LABEL_MAX_LINES);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
}

gboolean
mc_label_is_bounded (GtkLabel *label)
{
  g_return_val_if_fail (GTK_IS_LABEL (label), FALSE);

  return gtk_label_get_natural_wrap_mode (label) == GTK_NATURAL_WRAP_NONE
         && gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE;
}

gboolean
mc_widget_in_horizontal_box (GtkWidget *widget,
                             GtkWidget *root)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  for (GtkWidget *a = gtk_widget_get_parent (widget); a != NULL; a = gtk_widget_get_parent (a))
    {
      GtkLayoutManager *layout = gtk_widget_get_layout_manager (a);

      if (layout != NULL && GTK_IS_BOX_LAYOUT (layout)
          && gtk_orientable_get_orientation (GTK_ORIENTABLE (layout)) == GTK_ORIENTATION_HORIZONTAL)
        return TRUE;
      if (a == root)
        break;
    }

  return FALSE;
}

/* Only in rows and group headers: there the horizontal box holds the
 * texts' box, which takes the width left, and suffixes or prefixes at
 * their natural width, so a label's natural width (unwrapped, when
 * bounded) changes nothing. Elsewhere (the case header) boxes share the
 * width between texts by their natural widths, which would change. */
static void
bound_wrapping_labels (GtkWidget *widget,
                       GtkWidget *root,
                       gboolean   in_row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_SQUEEZER (child))
        continue;
      if (GTK_IS_LABEL (child))
        {
          GtkLabel *label = GTK_LABEL (child);

          if (in_row && gtk_label_get_wrap (label) && !mc_label_is_bounded (label)
              && mc_widget_in_horizontal_box (child, root))
            mc_label_bound (label);
          continue;
        }
      bound_wrapping_labels (child, root,
                             in_row || GTK_IS_LIST_BOX_ROW (child) || ADW_IS_PREFERENCES_GROUP (child));
    }
}

void
mc_bound_wrapping_labels (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  bound_wrapping_labels (root, root, GTK_IS_LIST_BOX_ROW (root) || ADW_IS_PREFERENCES_GROUP (root));
}

const char *
mc_answer_to_label (McAnswer answer)
{
  switch (answer)
    {
    case MC_ANSWER_YES:
      return _("Yes");
    case MC_ANSWER_NO:
      return _("No");
    case MC_ANSWER_UNKNOWN:
    default:
      return _("Not decided yet");
    }
}
