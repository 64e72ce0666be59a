/* mc-decision-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-case-editor.h"

G_BEGIN_DECLS

#define MC_TYPE_DECISION_PAGE (mc_decision_page_get_type ())

G_DECLARE_FINAL_TYPE (McDecisionPage, mc_decision_page, MC, DECISION_PAGE, AdwBin)

/* Step 5: the earlier decision rounds, read-only; the current round (see
 * mc-decision-round.h); the follow-up agreements, each with who does it,
 * by when and how it stands; the decision report. */
GtkWidget *mc_decision_page_new (McCaseEditor *editor);

G_END_DECLS
