/* mc-width-bin.h: a bin that asks for a natural width of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MC_TYPE_WIDTH_BIN (mc_width_bin_get_type ())

G_DECLARE_FINAL_TYPE (McWidthBin, mc_width_bin, MC, WIDTH_BIN, GtkWidget)

GtkWidget *mc_width_bin_new               (void);

void       mc_width_bin_set_child         (McWidthBin *self,
                                           GtkWidget  *child);
GtkWidget *mc_width_bin_get_child         (McWidthBin *self);

/* The width asked for as natural, or -1 for the child's own; never less
 * than the child's minimum. */
void       mc_width_bin_set_natural_width (McWidthBin *self,
                                           int         natural_width);
int        mc_width_bin_get_natural_width (McWidthBin *self);

G_END_DECLS
