/* mc-record-rows.h: a list box's rows for a list of records, kept for
 * the next case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gtk_list_box_bind_model() takes every row down and makes new ones when
 * another model is bound. A step page kept for the next case (McStepPage)
 * binds the next case's signals or people: most of the cost of opening a
 * case was building those rows and their fields, and tearing the old ones
 * down (HACKING.md, "Performance"). mc_list_box_bind_records() keeps the
 * rows instead: row i is given record i. Rows beyond the records stay,
 * hidden and bound to a blank record (they hold nothing of a case), for
 * the next case with more records; rows are made only when no kept row is
 * left. Within one case, a record added last takes the first hidden row,
 * and other records added or removed add or remove their rows, as with
 * gtk_list_box_bind_model().
 */

#pragma once

#include <adwaita.h>

#include "mc-case-editor.h"

G_BEGIN_DECLS

/* A row made for @record. */
typedef GtkWidget *(*McRecordRowNewFunc)  (McRecord  *record,
                                           gpointer   user_data);
/* Binds @row, made by the McRecordRowNewFunc for another record, to
 * @record: afterwards it shows exactly what a row made new for @record
 * shows, and holds nothing of the record before. FALSE when @row cannot
 * show @record (its fields would differ): a row made new takes its place. */
typedef gboolean   (*McRecordRowBindFunc) (GtkWidget *row,
                                           McRecord  *record,
                                           gpointer   user_data);

/* Shows a row for each record of @records (NULL: none) in @list, keeping
 * the rows it shows already. @user_data must outlive the binding (the
 * page, which binds NULL when it goes). */
void mc_list_box_bind_records (GtkListBox          *list,
                               GListModel          *records,
                               McRecordRowNewFunc   row_new,
                               McRecordRowBindFunc  bind_row,
                               gpointer             user_data);

/* Makes @record the one @row stands for (kept as its "mc-record"): the
 * handlers @row connected to the record before (with @row as their data)
 * are disconnected. */
void mc_record_row_set_record (GtkWidget           *row,
                               McRecord            *record);

/* Binds every field under @root that @editor's functions or
 * mc_fixed_choice_row_new() bound (to the previous record) to the same
 * property of @record: the fields of a kept row. */
void mc_record_fields_rebind  (GtkWidget           *root,
                               McCaseEditor        *editor,
                               McRecord            *record);

G_END_DECLS
