/* mc-answer-buttons.h: a yes/no question answered with two buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "mc-record.h"

G_BEGIN_DECLS

#define MC_TYPE_ANSWER_BUTTONS (mc_answer_buttons_get_type ())

G_DECLARE_FINAL_TYPE (McAnswerButtons, mc_answer_buttons, MC, ANSWER_BUTTONS, GtkWidget)

/* "Yes" and "No" as linked toggle buttons, and "Unknown" as a third when
 * @show_unknown. Pressing the chosen button again takes the answer back
 * (MC_ANSWER_UNKNOWN). @label names the question for assistive
 * technologies. */
GtkWidget *mc_answer_buttons_new        (const char      *label,
                                         gboolean         show_unknown);
McAnswer   mc_answer_buttons_get_answer (McAnswerButtons *self);
void       mc_answer_buttons_set_answer (McAnswerButtons *self,
                                         McAnswer         answer);
/* The button that gives @answer (YES, NO or, when shown, UNKNOWN). */
GtkWidget *mc_answer_buttons_get_button (McAnswerButtons *self,
                                         McAnswer         answer);

G_END_DECLS
