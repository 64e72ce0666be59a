/* mc-people-editor.h: the people involved and the special forms of a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-case-editor.h"

G_BEGIN_DECLS

#define MC_TYPE_PEOPLE_EDITOR (mc_people_editor_get_type ())

G_DECLARE_FINAL_TYPE (McPeopleEditor, mc_people_editor, MC, PEOPLE_EDITOR, AdwBin)

/* "Betrokkenen": the case's people, added, changed and removed after the
 * case was made (name, role, date of birth, relation, notes), and the
 * special forms of violence suspected, as the case's "suspected-forms".
 * Roles the protocol retired are not offered for new input. */
GtkWidget *mc_people_editor_new        (McCaseEditor   *editor);

/* Gives @self the case of @editor (same protocol), as a step page kept
 * for the next case does (see mc-step-page.h): the rows of the client,
 * the sections and the special forms stay and are bound again, the
 * people's rows are made for the case. */
void       mc_people_editor_set_editor (McPeopleEditor *self,
                                        McCaseEditor   *editor);

G_END_DECLS
