/* mc-store-private.h: what the tests and the benchmark reach below the API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "mc-store.h"

G_BEGIN_DECLS

/* Opens with the data key itself, without the key derivation (the key
 * file must still be there: backups and passphrase changes need it). */
McStore  *mc_store_open_with_data_key (const char     *dir,
                                       const McSecret *data_key,
                                       GError        **error);

/* Makes a store whose schema stops at @version (1 to
 * MC_STORE_SCHEMA_VERSION), and leaves it closed: an old store, for the
 * migration tests. */
gboolean  mc_store_create_at_version  (const char     *dir,
                                       const char     *passphrase,
                                       McKdfCost       cost,
                                       guint           version,
                                       char          **out_recovery_key,
                                       GError        **error);

/* The store's own connection, for tests that check its settings; NULL
 * while closed. */
sqlite3  *mc_store_get_connection     (McStore        *self);

/* A search of the lazy list reads the rows of at most @max_hits hits of
 * the index and sorts them; with more it walks the index of the list's
 * order, through a bitmap of the hits when their ids span less than
 * @max_span, else through the sorted hits (mc-store-search.c). For the
 * tests that hold every way against the full list. */
void      mc_store_search_set_limits   (guint           max_hits,
                                        gint64          max_span);
void      mc_store_search_reset_limits (void);

G_END_DECLS
