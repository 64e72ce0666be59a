/* mc-report-import.h: a case from elsewhere into the store, and exports in its audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built on the store's public API: a case moves between laptops as a report
 * (see mc-report-builder.h); importing it adds a new case and never changes
 * one that is there.
 */

#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* Stores @case_ (id 0, as mc_case_new_from_report() makes it) with all its
 * records in one transaction, with their audit rows and an "import" row;
 * *@out_id (may be NULL) is the new case's id. The decision rounds go in
 * in order: round 1 as it is, each later one started as
 * mc_store_start_round() starts it (sealing the one before) and then
 * filled in, each with its answers and meldnorm overrides; a conversation
 * gets the id of the person it was held with once that person is stored. A
 * closed case arrives closed with its closing fields, unless the store
 * refuses to start a round in it: then it is stored open and closed at the
 * end (mc_store_close_case(): "closed-by" becomes whoever imports it).
 * When a case with the same number and client name is already stored,
 * nothing is stored and the error is MC_STORE_ERROR_EXISTS, unless
 * @allow_duplicate (the user chose to keep both). On any error nothing is
 * stored and @case_ is as it was: its records have id 0 again. On success
 * @case_ holds what was stored (the store's decisions of the later
 * rounds). */
gboolean mc_store_import_case (McStore      *store,
                               McCase       *case_,
                               gboolean      allow_duplicate,
                               gint64       *out_id,
                               GError      **error);

/* Runs inside the import's transaction, after the case and its records
 * are stored (@case_id is the new case): what a caller stores with the
 * case, all or nothing. */
typedef gboolean (*McImportFunc) (McStore  *store,
                                  gint64    case_id,
                                  gpointer  user_data,
                                  GError  **error);

/* mc_store_import_case() with @detail (may be NULL: the case number) as
 * the "import" row's value and @inside (may be NULL) run in the same
 * transaction. */
gboolean mc_store_import_case_full (McStore      *store,
                                    McCase       *case_,
                                    gboolean      allow_duplicate,
                                    const char   *detail,
                                    McImportFunc  inside,
                                    gpointer      user_data,
                                    gint64       *out_id,
                                    GError      **error);

/* Adds the "export" row for a report written to @path (@format: "pdf",
 * "xml", …); call it once the file is written and remove the file when it
 * fails, so no export goes unrecorded. */
gboolean mc_store_log_export  (McStore      *store,
                               gint64        case_id,
                               const char   *format,
                               gboolean      anonymous,
                               const char   *path,
                               GError      **error);
/* The same with the kind of copy in the row: NULL (the report),
 * "anonymous", "family" (the family copy) or "disclosure-<requester>" (a
 * copy of the file for inzage, mc_report_requester_to_id()). */
gboolean mc_store_log_export_variant (McStore      *store,
                                      gint64        case_id,
                                      const char   *format,
                                      const char   *variant,
                                      const char   *path,
                                      GError      **error);

G_END_DECLS
