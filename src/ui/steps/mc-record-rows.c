/* mc-record-rows.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-record-rows"

#include "config.h"

#include "mc-record-rows.h"
#include "mc-step-rows.h"

typedef struct
{
  GtkListBox          *list;
  GListModel          *records;
  gulong               changed_id;
  McRecordRowNewFunc   row_new;
  McRecordRowBindFunc  bind_row;
  gpointer             user_data;
} RecordRows;

#define RECORD_ROWS_KEY "mc-record-rows"

static void
record_rows_free (gpointer data)
{
  RecordRows *rows = data;

  if (rows->records != NULL)
    g_clear_signal_handler (&rows->changed_id, rows->records);
  g_clear_object (&rows->records);
  g_free (rows);
}

#define PARKED_KEY "mc-record-rows-parked"

static GtkWidget *
record_row_new (RecordRows *rows,
                McRecord   *record)
{
  return rows->row_new (record, rows->user_data);
}

/* Binds @row to @record and shows it; FALSE when it cannot show @record. */
static gboolean
show_row (RecordRows    *rows,
          GtkListBoxRow *row,
          McRecord      *record)
{
  if (!rows->bind_row (GTK_WIDGET (row), record, rows->user_data))
    return FALSE;
  g_object_set_data (G_OBJECT (row), PARKED_KEY, NULL);
  gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
  return TRUE;
}

/* A row beyond the records stays, hidden, for a later case with more of
 * them (cases alternate between more and fewer signals): bound to a blank
 * record of @type, it holds nothing of a case. */
static void
park_row (RecordRows    *rows,
          GtkListBoxRow *row,
          GType          type)
{
  g_autoptr(McRecord) blank = NULL;

  if (g_object_get_data (G_OBJECT (row), PARKED_KEY) != NULL)
    return;
  blank = g_object_new (type, NULL);
  if (!rows->bind_row (GTK_WIDGET (row), blank, rows->user_data))
    {
      gtk_list_box_remove (rows->list, GTK_WIDGET (row));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
  g_object_set_data (G_OBJECT (row), PARKED_KEY, GINT_TO_POINTER (TRUE));
}

static void
on_records_changed_cb (GListModel *records,
                       guint       position,
                       guint       removed,
                       guint       added,
                       RecordRows *rows)
{
  for (guint i = 0; i < removed; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (rows->list, position);

      if (row != NULL)
        gtk_list_box_remove (rows->list, GTK_WIDGET (row));
    }
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(McRecord) record = g_list_model_get_item (records, position + i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (rows->list, position + i);

      /* Added last, where the first parked row waits. */
      if (row != NULL && g_object_get_data (G_OBJECT (row), PARKED_KEY) != NULL
          && show_row (rows, row, record))
        continue;
      gtk_list_box_insert (rows->list, record_row_new (rows, record), position + i);
    }
}

void
mc_list_box_bind_records (GtkListBox          *list,
                          GListModel          *records,
                          McRecordRowNewFunc   row_new,
                          McRecordRowBindFunc  bind_row,
                          gpointer             user_data)
{
  RecordRows *rows;
  guint n_records;
  GtkListBoxRow *surplus;

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (records == NULL || G_IS_LIST_MODEL (records));
  g_return_if_fail (records == NULL || (row_new != NULL && bind_row != NULL));

  rows = g_object_get_data (G_OBJECT (list), RECORD_ROWS_KEY);
  if (rows == NULL)
    {
      rows = g_new0 (RecordRows, 1);
      rows->list = list;
      g_object_set_data_full (G_OBJECT (list), RECORD_ROWS_KEY, rows, record_rows_free);
    }
  if (rows->records != NULL)
    g_clear_signal_handler (&rows->changed_id, rows->records);
  g_clear_object (&rows->records);
  rows->row_new = row_new;
  rows->bind_row = bind_row;
  rows->user_data = user_data;

  n_records = records != NULL ? g_list_model_get_n_items (records) : 0;
  for (guint i = 0; i < n_records; i++)
    {
      g_autoptr(McRecord) record = g_list_model_get_item (records, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (row != NULL && show_row (rows, row, record))
        continue;
      if (row != NULL)
        gtk_list_box_remove (list, GTK_WIDGET (row));
      gtk_list_box_insert (list, record_row_new (rows, record), i);
    }
  if (records == NULL)
    {
      while ((surplus = gtk_list_box_get_row_at_index (list, 0)) != NULL)
        gtk_list_box_remove (list, GTK_WIDGET (surplus));
    }
  else
    {
      GType type = g_list_model_get_item_type (records);

      for (guint i = n_records; (surplus = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
        {
          park_row (rows, surplus, type);
          /* Taken down instead: the next row is at @i now. */
          if (gtk_list_box_get_row_at_index (list, i) != surplus)
            i--;
        }
    }

  if (records != NULL)
    {
      rows->records = g_object_ref (records);
      rows->changed_id = g_signal_connect (records, "items-changed", G_CALLBACK (on_records_changed_cb), rows);
    }
}

void
mc_record_row_set_record (GtkWidget *row,
                          McRecord  *record)
{
  McRecord *before;

  g_return_if_fail (GTK_IS_WIDGET (row));
  g_return_if_fail (MC_IS_RECORD (record));

  before = g_object_get_data (G_OBJECT (row), "mc-record");
  if (before != NULL)
    g_signal_handlers_disconnect_by_data (before, row);
  g_object_set_data_full (G_OBJECT (row), "mc-record", g_object_ref (record), g_object_unref);
}

void
mc_record_fields_rebind (GtkWidget    *root,
                         McCaseEditor *editor,
                         McRecord     *record)
{
  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (MC_IS_CASE_EDITOR (editor));
  g_return_if_fail (MC_IS_RECORD (record));

  if (!mc_case_editor_rebind_widget (editor, root, record) && mc_fixed_choice_row_is_bound (root))
    mc_fixed_choice_row_rebind (root, editor, record);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    mc_record_fields_rebind (child, editor, record);
}
