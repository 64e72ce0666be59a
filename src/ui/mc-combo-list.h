/* mc-combo-list.h: drop-down lists that show each choice whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Gives @row (whose model holds GtkStringObjects) a list that wraps each
 * choice instead of cutting it off at 20 characters, as AdwComboRow's
 * own list does ("Interpretatie: wat ik d…"), with a check mark beside
 * the chosen one. The row's own text is the string (use-subtitle shows
 * it whole below the title). */
void mc_combo_row_show_choices_whole (AdwComboRow *row);

G_END_DECLS
