/* mc-text-field.h: a labelled multi-line text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MC_TYPE_TEXT_FIELD (mc_text_field_get_type ())

G_DECLARE_FINAL_TYPE (McTextField, mc_text_field, MC, TEXT_FIELD, GtkWidget)

/* A title above a framed, word-wrapping text view that the title labels
 * for assistive technologies. */
GtkWidget   *mc_text_field_new           (const char  *title);
const char  *mc_text_field_get_title     (McTextField *self);
void         mc_text_field_set_title     (McTextField *self,
                                          const char  *title);
GtkTextView *mc_text_field_get_text_view (McTextField *self);

G_END_DECLS
