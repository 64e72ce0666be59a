/* mc-step-rows.h: rows the step pages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What McCaseEditor's bindings do not cover: a choice that always has a
 * value (a state), a read-only line, a date filled in with today, and
 * moving the focus into a row that was just added.
 */

#pragma once

#include <adwaita.h>

#include "mc-case-editor.h"

G_BEGIN_DECLS

/* An AdwComboRow over @labels (NULL-terminated, one per id in @ids) with no
 * "not chosen": an empty field shows the first item. Choosing saves the id;
 * a change made elsewhere (another widget, the record's own rules) shows
 * at once. Its accessible name is @title. */
GtkWidget *mc_fixed_choice_row_new  (McCaseEditor       *editor,
                                     const char         *title,
                                     McRecord           *record,
                                     const char         *property,
                                     const char * const *ids,
                                     const char * const *labels);

/* Binds a row made by mc_fixed_choice_row_new() to the same property of
 * @record, of the case of @editor (a page kept for the next case). */
void       mc_fixed_choice_row_rebind (GtkWidget          *row,
                                       McCaseEditor       *editor,
                                       McRecord           *record);

/* Whether @row was made by mc_fixed_choice_row_new(). */
gboolean   mc_fixed_choice_row_is_bound (GtkWidget        *row);

/* An AdwActionRow that only tells: plain text, wrapped, not activatable. */
GtkWidget *mc_info_row_new          (const char         *title,
                                     const char         *subtitle);

/* When the date field @property of @record is empty, sets it to today,
 * saves it and shows it in @entry (may be NULL). */
void       mc_fill_date_today       (McCaseEditor       *editor,
                                     McRecord           *record,
                                     const char         *property,
                                     GtkWidget          *entry);

/* Puts the focus in @field, a row of a form (an entry row, or a text row
 * whose text view takes it); the scrolled window brings it into view. */
void       mc_focus_field           (GtkWidget          *field);

/* Wrapping labels in rows, measured without a search (see HACKING.md,
 * "Performance").
 *
 * GTK 4.8's GtkBoxLayout, allocating a horizontal box, asks each child for
 * its width at the box's height, and a wrapping GtkLabel answers that with
 * a binary search that lays its whole text out some 20 times: every
 * AdwActionRow's title and subtitle, and every AdwPreferencesGroup's
 * description, sit in such a box. A bounded label takes its natural width
 * unwrapped (natural-wrap-mode "none") and its minimum from its ellipsized
 * form, which it never shows (MC_LABEL_MAX_LINES lines per paragraph): two
 * layouts instead of 20, and the same text, lines and size where it is
 * shown. */
#define MC_LABEL_MAX_LINES 100000

void       mc_label_bound           (GtkLabel           *label);
gboolean   mc_label_is_bounded      (GtkLabel           *label);
/* Whether @widget sits in a horizontal box below @root (or is in one,
 * when @root is NULL). */
gboolean   mc_widget_in_horizontal_box (GtkWidget       *widget,
                                        GtkWidget       *root);
/* Bounds every wrapping label under @root that sits in a horizontal box in
 * a row (GtkListBoxRow) or an AdwPreferencesGroup's header, except in an
 * AdwSqueezer (which chooses a child by its minimum width). */
void       mc_bound_wrapping_labels (GtkWidget          *root);

/* "Yes", "No" or "Not decided yet". */
const char *mc_answer_to_label      (McAnswer            answer);

/* A date field in words ("3 November 2025"), or NULL when it is empty or
 * not a date. */
char       *mc_record_dup_date_text (McRecord           *record,
                                     const char         *property);

G_END_DECLS
