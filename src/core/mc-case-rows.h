/* mc-case-rows.h: the case list as plain rows, without objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cases mc_store_list_cases() lists, in its order (the most recently
 * changed first), as plain fields kept compactly: no McCaseSummary per
 * case, no list model. For a caller that goes over every case, such as
 * "meldcode-cli list" at 100,000 cases.
 */

#pragma once

#include "mc-case-summary.h"
#include "mc-store.h"

G_BEGIN_DECLS

typedef struct _McCaseRows McCaseRows;

typedef enum
{
  MC_CASE_ROWS_NONE      = 0,
  /* The caller reads the list once (a command that then closes the
   * store): the pages read are not kept in the store's cache, which is
   * sized to keep the whole cases table for the app's next list. */
  MC_CASE_ROWS_READ_ONCE = 1 << 0,
} McCaseRowsFlags;

/* The cases @filter and @search select (as in mc_store_list_cases()), in
 * its order; NULL, with @error, when the store could not be read. */
McCaseRows                *mc_store_read_case_list (McStore         *store,
                                                    McCaseFilter     filter,
                                                    const char      *search,
                                                    McCaseRowsFlags  flags,
                                                    GError         **error);
guint                      mc_case_rows_get_n_rows (McCaseRows      *rows);
/* The row at @position: its strings are @rows', valid until it is
 * freed. */
const McCaseSummaryFields *mc_case_rows_get_row    (McCaseRows      *rows,
                                                    guint            position);
void                       mc_case_rows_free       (McCaseRows      *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCaseRows, mc_case_rows_free)

G_END_DECLS
