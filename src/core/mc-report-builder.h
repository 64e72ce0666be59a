/* mc-report-builder.h: the decision report of a case, and a case from a report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is what a case holds at its decision, with the protocol's
 * labels beside the ids so it reads the same without the protocol. The way
 * back turns a report (an imported XML file) into new, unsaved records; what
 * the report format has no place for is not carried over:
 *
 * - not in the report: the suspected forms of the case, the notes on a
 *   person (internal, unlike the relation), timestamps other than the
 *   report's own, and conversations other than the latest one;
 * - not back from a report: the ages (derived from the dates of birth) and
 *   the protocol's labels and question texts (the protocol gives them).
 *
 * A case that went out as a report and came back in gives the same report
 * again.
 */

#pragma once

#include "mc-case.h"
#include "mc-protocol.h"
#include "mc-report.h"

G_BEGIN_DECLS

/* The report of @case_ as of @created_at (also "today" for the ages when
 * the case has no decision date): every record, every afwegingskader
 * question of @protocol with its answer (unanswered ones too), and the
 * kindcheck items answered. When the professional wrote no justification,
 * the afwegingskader's reason stands in for it, unless the decision goes
 * against the afwegingskader. The organisation is the protocol's; the
 * author is whoever makes the report (@author_role may be NULL).
 *
 * MC_REPORT_ERROR_INVALID when a date in the case is not a date. Required
 * parts that are empty (a consultation without a role, …) are left empty:
 * writing the XML names them (see mc_report_to_xml()). */
McReport *mc_report_new_from_case (McCase      *case_,
                                   McProtocol  *protocol,
                                   const char  *author_name,
                                   const char  *author_role,
                                   GDateTime   *created_at,
                                   GError     **error);

/* A new case (id 0) with the records of @report, for
 * mc_store_import_case(). MC_REPORT_ERROR_INVALID for an anonymised report
 * (it no longer names the people it is about) and for a report that
 * answers one kindcheck item or afwegingskader question twice. */
McCase   *mc_case_new_from_report (McReport    *report,
                                   GError     **error);

G_END_DECLS
