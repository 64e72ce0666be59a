/* mc-consultations-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-case-editor.h"

G_BEGIN_DECLS

#define MC_TYPE_CONSULTATIONS_PAGE (mc_consultations_page_get_type ())

G_DECLARE_FINAL_TYPE (McConsultationsPage, mc_consultations_page, MC, CONSULTATIONS_PAGE, AdwBin)

/* Step 2: whom the professional consulted, and whom to call. */
GtkWidget *mc_consultations_page_new (McCaseEditor *editor);

G_END_DECLS
