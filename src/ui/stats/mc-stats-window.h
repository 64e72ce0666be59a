/* mc-stats-window.h: the Jaarcijfers window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The taakhouder's figures of a year as charts, each with its numbers in a
 * table beside it (for screen readers, and for people who read numbers):
 * outcomes per quarter, the funnel of steps reached, time to decision;
 * then forms of violence, age and follow-up. The figures are this store's
 * (a year chosen at the top) or of a figures file opened, such as one that
 * meldcode-cli stats-combine made. Saves the figures file and a one-page
 * PDF. Everything shown follows the small-count rule (mc-stats-display.h).
 */

#pragma once

#include <adwaita.h>

#include "mc-protocol.h"
#include "mc-stats.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_STATS_WINDOW (mc_stats_window_get_type ())
G_DECLARE_FINAL_TYPE (McStatsWindow, mc_stats_window, MC, STATS_WINDOW, AdwWindow)

/* @store (may be NULL: only files can be opened) is counted for this year
 * at once. */
McStatsWindow *mc_stats_window_new        (GtkWindow     *parent,
                                           McStore       *store,
                                           McProtocol    *protocol);
/* Counts @year in the store. */
gboolean       mc_stats_window_set_year   (McStatsWindow *self,
                                           int            year,
                                           GError       **error);
/* Shows the figures of a file (one laptop's or combined). */
gboolean       mc_stats_window_open_file  (McStatsWindow *self,
                                           GFile         *file,
                                           GError       **error);
const McStats *mc_stats_window_get_stats  (McStatsWindow *self);

G_END_DECLS
