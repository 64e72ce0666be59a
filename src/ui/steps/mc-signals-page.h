/* mc-signals-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-case-editor.h"

G_BEGIN_DECLS

#define MC_TYPE_SIGNALS_PAGE (mc_signals_page_get_type ())

G_DECLARE_FINAL_TYPE (McSignalsPage, mc_signals_page, MC, SIGNALS_PAGE, AdwBin)

/* Step 1: the signals and, where it applies, the kindcheck. */
GtkWidget *mc_signals_page_new (McCaseEditor *editor);

G_END_DECLS
