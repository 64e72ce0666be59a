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
 * answers lead so far. Each question's row is named by its protocol id. */
GtkWidget *mc_afwegingskader_view_new (McCaseEditor *editor);

G_END_DECLS
