/* mc-case-rows.h: the case list one row at a time, without objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cases mc_store_list_cases() lists, in its order (the most recently
 * changed first), but as plain fields handed to a function one at a time:
 * no McCaseSummary per case, no list model. For a caller that goes over
 * every case once, such as "meldcode-cli list" at 100,000 cases.
 */

#pragma once

#include "mc-case-summary.h"
#include "mc-store.h"

G_BEGIN_DECLS

/* @fields and its strings are borrowed: valid during the call only. */
typedef void (*McCaseRowFunc) (const McCaseSummaryFields *fields,
                               gpointer                   user_data);

/* Calls @func for each case @filter and @search select (as in
 * mc_store_list_cases()), the most recently changed first. FALSE, with
 * @error, when the store could not be read; @func has then not been
 * called. */
gboolean mc_store_foreach_case (McStore       *store,
                                McCaseFilter   filter,
                                const char    *search,
                                McCaseRowFunc  func,
                                gpointer       user_data,
                                GError       **error);

G_END_DECLS
