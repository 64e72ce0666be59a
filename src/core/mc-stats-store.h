/* mc-stats-store.h: the figures of a period, counted in a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mc-protocol.h"
#include "mc-stats.h"
#include "mc-store.h"

G_BEGIN_DECLS

/* Counts the figures of the months @from_month to @to_month (see
 * mc_stats_month()) in @store, with the forms, the consultation roles and
 * the age of majority of @protocol. @today (may be NULL: today) is the day
 * follow-up counts as overdue against when the period has not ended yet.
 * MC_STATS_ERROR_BAD_PERIOD when @to_month is before @from_month; store
 * errors as the store gives them. */
McStats *mc_store_compute_stats (McStore     *store,
                                 McProtocol  *protocol,
                                 int          from_month,
                                 int          to_month,
                                 const GDate *today,
                                 GError     **error);

/* The store's id in figures files: 32 hexadecimal digits, derived from the
 * store's random data key (a keyed hash with its own context), so it is as
 * random as the key, stays the same through passphrase changes, backups
 * and restores, and says nothing about the key or the cases. NULL when
 * the store is closed. */
char    *mc_store_get_stats_id  (McStore     *store);

G_END_DECLS
