/* mc-case-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-protocol.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_CASE_PAGE (mc_case_page_get_type ())

G_DECLARE_FINAL_TYPE (McCasePage, mc_case_page, MC, CASE_PAGE, AdwBin)

/* One case: a header with the client and the outcome so far, the five steps
 * with their state, and the forms of the current step. Every change is
 * saved through the store as it is made; "saved" follows each save,
 * "error" carries a message a user can read when one fails and "deleted"
 * offers a removed signal, consultation, conversation or follow-up
 * agreement for undoing. */
McCasePage *mc_case_page_new      (void);
/* Shows @case_ from @store, or clears the page when all are NULL. */
void        mc_case_page_set_case (McCasePage *self,
                                   McStore    *store,
                                   McProtocol *protocol,
                                   McCase     *case_);
McCase     *mc_case_page_get_case (McCasePage *self);
/* 1 to 5. */
void        mc_case_page_show_step (McCasePage *self,
                                    guint       step);
/* Moves the focus to the first field of the step shown (the focus model
 * in HACKING.md): after Alt+1…5 and after a case was created. */
void        mc_case_page_focus_step (McCasePage *self);
/* The step shown; while the history is shown, the step shown before. */
guint       mc_case_page_get_step  (McCasePage *self);
/* The case's history (what was changed, by whom and when) in place of the
 * step's forms, read from the store anew; choosing a step goes back. */
void        mc_case_page_show_history       (McCasePage *self);
gboolean    mc_case_page_is_showing_history (McCasePage *self);
/* Opens the dialog that closes the case (the reason, a note, the date),
 * or the one that reopens a closed case with a note; also the actions
 * case.close and case.reopen. A closed case's steps take no input. */
void        mc_case_page_close_case  (McCasePage *self);
void        mc_case_page_reopen_case (McCasePage *self);
gboolean    mc_case_page_is_closed   (McCasePage *self);
/* Stores a record again that "deleted" reported; FALSE when another case
 * is open by now or storing fails ("error" says why). */
gboolean    mc_case_page_undo_delete (McCasePage *self,
                                      McRecord   *record);

G_END_DECLS
