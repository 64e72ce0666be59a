/* mc-row-title.h: an expander row's title and subtitle, laid out once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AdwExpanderRow (libadwaita 1.2) shows its title and subtitle in a
 * vertical box inside the row's horizontal header. GTK 4.8's GtkBoxLayout,
 * allocating the header, asks that box for its width at the header's
 * height, and a vertical box of wrapping labels answers with a binary
 * search over widths (distribute_remaining_size) that lays each label out
 * some 16 times. The rows of signals and people change their titles with
 * every case opened: that search was about a third of opening a case
 * (HACKING.md, "Performance").
 *
 * McRowTitle shows the same two labels, with the same style, as the
 * row's first prefix, and answers a width at any height with its width
 * unconstrained: each label is laid out for its minimum and natural
 * width, and once for its height at the width given. The row's own title
 * box is hidden, and the row's header is labelled by McRowTitle's title,
 * so the accessible name stays the title.
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MC_TYPE_ROW_TITLE (mc_row_title_get_type ())

G_DECLARE_FINAL_TYPE (McRowTitle, mc_row_title, MC, ROW_TITLE, GtkWidget)

/* Shows @row's title and subtitle (plain text, not markup) in a
 * McRowTitle that follows them. Does nothing when the row's own title box
 * is not found (a libadwaita other than 1.2 may lay it out otherwise). */
void        mc_row_title_take_over   (AdwExpanderRow *row);
/* The McRowTitle showing @row's title, or NULL. */
McRowTitle *mc_row_title_for_row     (AdwExpanderRow *row);
GtkLabel   *mc_row_title_get_title   (McRowTitle     *self);
GtkLabel   *mc_row_title_get_subtitle (McRowTitle    *self);

G_END_DECLS
