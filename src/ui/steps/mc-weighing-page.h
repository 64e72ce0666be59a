/* mc-weighing-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-case-editor.h"

G_BEGIN_DECLS

#define MC_TYPE_WEIGHING_PAGE (mc_weighing_page_get_type ())

G_DECLARE_FINAL_TYPE (McWeighingPage, mc_weighing_page, MC, WEIGHING_PAGE, AdwBin)

/* Step 4: the weighing of the violence, with the advice of the special
 * forms of violence suspected in the case. */
GtkWidget *mc_weighing_page_new (McCaseEditor *editor);

G_END_DECLS
