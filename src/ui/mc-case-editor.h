/* mc-case-editor.h: what the step pages of one open case share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store, the protocol and the case, and the one way every field is
 * saved: a widget is bound to one property of one record, and each change
 * is written through mc_store_update_field() as it is made (text after a
 * short pause in typing, on leaving the field, or on Enter; choices at
 * once). A failed save keeps what was typed in the widget and is tried
 * again on the next change. "saved" follows every save that wrote
 * something, "error" carries a message a user can read.
 */

#pragma once

#include <adwaita.h>

#include "mc-case.h"
#include "mc-protocol.h"
#include "mc-store.h"

G_BEGIN_DECLS

/* How long typing may pause before the text is saved. */
#define MC_CASE_EDITOR_SAVE_DELAY_MS 600

#define MC_TYPE_CASE_EDITOR (mc_case_editor_get_type ())

G_DECLARE_FINAL_TYPE (McCaseEditor, mc_case_editor, MC, CASE_EDITOR, GObject)

McCaseEditor *mc_case_editor_new           (McStore       *store,
                                            McProtocol    *protocol,
                                            McCase        *case_);
McStore      *mc_case_editor_get_store     (McCaseEditor  *self);
McProtocol   *mc_case_editor_get_protocol  (McCaseEditor  *self);
McCase       *mc_case_editor_get_case      (McCaseEditor  *self);

/* Saves @property of @record. A record that is not stored yet is inserted
 * and, once stored, added to the case. */
gboolean      mc_case_editor_save          (McCaseEditor  *self,
                                            McRecord      *record,
                                            const char    *property);
/* Stores a new record of the case with all its fields and adds it to the
 * case's list. */
gboolean      mc_case_editor_insert        (McCaseEditor  *self,
                                            McRecord      *record);
/* Deletes a record of the case and takes it out of the case's list; the
 * audit trail keeps what it held. A record that was never stored is only
 * taken out. */
gboolean      mc_case_editor_delete        (McCaseEditor  *self,
                                            McRecord      *record);
/* Stores a record deleted with mc_case_editor_delete() again, as a new
 * record at the end of its list. */
gboolean      mc_case_editor_undo_delete   (McCaseEditor  *self,
                                            McRecord      *record);
/* Saves every text still waiting for its pause, e.g. before locking
 * ("flush" asks the pages for texts they keep themselves first). */
void          mc_case_editor_flush         (McCaseEditor  *self);

/* The client's age today, -1 when unknown; and whether that is under the
 * protocol's age of majority (FALSE when unknown). */
int           mc_case_editor_get_client_age (McCaseEditor *self,
                                             gboolean     *minor);

/* The user-name or user-role setting, NULL when it is empty. */
char         *mc_case_editor_dup_user_setting (McCaseEditor *self,
                                               const char   *key);

/* Binding a widget to a field. The widget shows the field's value now and
 * saves its own changes; it keeps a reference to @record. Binding a widget
 * that is bound already (a step page kept for the next case, any editor)
 * first saves what was typed to the old record and lets go of it. */

/* A GtkEditable (an AdwEntryRow, a GtkEntry). A date field reads and shows
 * day-month-year and marks the widget invalid when the text is no date. */
void          mc_case_editor_bind_editable (McCaseEditor  *self,
                                            GtkEditable   *editable,
                                            McRecord      *record,
                                            const char    *property);
void          mc_case_editor_bind_text_view (McCaseEditor *self,
                                             GtkTextView  *text_view,
                                             McRecord     *record,
                                             const char   *property);
/* Anything with a boolean "active" property: GtkSwitch, GtkCheckButton. */
void          mc_case_editor_bind_active   (McCaseEditor  *self,
                                            GtkWidget     *widget,
                                            McRecord      *record,
                                            const char    *property);
/* A McAnswerButtons on a yes/no/unknown field. */
void          mc_case_editor_bind_answer   (McCaseEditor  *self,
                                            GtkWidget     *answer_buttons,
                                            McRecord      *record,
                                            const char    *property);
/* The answer to the protocol checklist item @item_id (a kindcheck item,
 * a special form's duty): the case's, or a new one that is stored with its
 * first value. */
McRecord     *mc_case_editor_checklist_answer (McCaseEditor *self,
                                               const char   *item_id);
/* A McAnswerButtons on the yes/no answer ("yes", "no", NULL) of the
 * checklist item @item_id. */
void          mc_case_editor_bind_checklist_answer (McCaseEditor *self,
                                                    GtkWidget    *answer_buttons,
                                                    const char   *item_id);
/* An AdwComboRow whose items are "not chosen" followed by the labels of
 * @ids; the field holds the chosen id, NULL for "not chosen". */
void          mc_case_editor_bind_choice   (McCaseEditor  *self,
                                            AdwComboRow   *combo_row,
                                            McRecord      *record,
                                            const char    *property,
                                            GPtrArray     *ids,
                                            GPtrArray     *labels);

/* Shows @text (NULL: empty) in @editable as what the field holds, not as
 * an edit: undo does not take it back. */
void          mc_editable_show_text        (GtkEditable   *editable,
                                            const char    *text);

/* Rows for forms built in code (lists of signals and the like), bound. */
GtkWidget    *mc_case_editor_entry_row_new (McCaseEditor  *self,
                                            const char    *title,
                                            McRecord      *record,
                                            const char    *property);
/* A row holding a labelled multi-line text (a McTextField). */
GtkWidget    *mc_case_editor_text_row_new  (McCaseEditor  *self,
                                            const char    *title,
                                            McRecord      *record,
                                            const char    *property);
/* The text view of a row made by mc_case_editor_text_row_new(), to bind
 * it again. */
GtkTextView  *mc_case_editor_text_row_get_text_view (GtkWidget *row);
/* An AdwComboRow over the items of @checklist (NULL: none) that suit
 * @audience (MC_AUDIENCE_ALL: all), plus the field's current value when it
 * is not one of them. */
GtkWidget    *mc_case_editor_choice_row_new (McCaseEditor              *self,
                                             const char                *title,
                                             McRecord                  *record,
                                             const char                *property,
                                             const McProtocolChecklist *checklist,
                                             McAudience                 audience);
/* Binds @combo_row as mc_case_editor_choice_row_new() does (again, for a
 * step page kept for the next case). */
void          mc_case_editor_bind_checklist_choice (McCaseEditor              *self,
                                                    AdwComboRow               *combo_row,
                                                    McRecord                  *record,
                                                    const char                *property,
                                                    const McProtocolChecklist *checklist,
                                                    McAudience                 audience);
/* An AdwActionRow with a GtkSwitch, for a boolean field. */
GtkWidget    *mc_case_editor_switch_row_new (McCaseEditor *self,
                                             const char   *title,
                                             const char   *subtitle,
                                             McRecord     *record,
                                             const char   *property);

/* A flat trash button for the header of @row that deletes @record. */
void          mc_case_editor_add_remove_button (McCaseEditor   *self,
                                                AdwExpanderRow *row,
                                                McRecord       *record,
                                                const char     *label);
/* Binds @widget, bound by this editor's functions (a field bound with
 * mc_case_editor_bind_*(), or the remove button of a row), to the same
 * property of @record, of @self's case: the row of a record kept for
 * another record (a step page kept for the next case). A choice keeps its
 * ids, or its checklist and audience. FALSE when @widget is not bound. */
gboolean      mc_case_editor_rebind_widget (McCaseEditor  *self,
                                            GtkWidget     *widget,
                                            McRecord      *record);
/* An AdwExpanderRow whose rows cost no layout while it is collapsed. */
GtkWidget    *mc_expander_row_new           (void);
/* What an empty boxed list shows. */
GtkWidget    *mc_list_placeholder_new       (const char    *text);
/* An AdwActionRow with a contact's name, phone and description, and a
 * button that copies the phone number. */
GtkWidget    *mc_contact_row_new            (const McProtocolContact *contact);

/* Titles and descriptions of a group are markup; protocol and user texts
 * are not. */
void          mc_preferences_group_set_plain (AdwPreferencesGroup *group,
                                              const char          *title,
                                              const char          *description);

G_END_DECLS
