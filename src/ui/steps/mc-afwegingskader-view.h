/* mc-afwegingskader-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-case-editor.h"

G_BEGIN_DECLS

#define MC_TYPE_AFWEGINGSKADER_VIEW (mc_afwegingskader_view_get_type ())

G_DECLARE_FINAL_TYPE (McAfwegingskaderView, mc_afwegingskader_view, MC, AFWEGINGSKADER_VIEW, AdwBin)

/* The afwegingskader's questions in the protocol's order, each shown once
 * the answers before it lead there, answered yes or no; and where the
 * answers lead so far. Each question's row is named by its protocol id.
 * It shows the case's current decision round: in an evaluation round the
 * answers taken over from an earlier round are shown, and cannot change
 * there. */
GtkWidget *mc_afwegingskader_view_new        (McCaseEditor         *editor);
/* Shows the current round of @editor's case, and saves to it, instead of
 * the case before (a step page kept for the next case); @editor has the
 * same protocol. */
void       mc_afwegingskader_view_set_editor (McAfwegingskaderView *self,
                                              McCaseEditor         *editor);
/* Puts the focus on the question to answer next; FALSE when none is
 * left. */
gboolean   mc_afwegingskader_view_focus_next (McAfwegingskaderView *self);

G_END_DECLS
