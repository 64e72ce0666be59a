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
 *   person (internal, unlike the relation), a linked case (another store's
 *   id), timestamps other than the report's own (when a round was sealed:
 *   the store seals the earlier rounds again when it imports them), an
 *   empty conversation, and a meldnorm override that no longer deviates
 *   (the current round keeps the rule now);
 * - not back from a report: the ages (derived from the dates of birth), the
 *   afwegingskader's outcome and route (derived from the answers), the
 *   answers a round takes over from an earlier one, broken meldnormen
 *   (derived) and the protocol's labels, rule texts and question texts (the
 *   protocol gives them).
 *
 * A case that went out as a report and came back in gives the same report
 * again.
 */

#pragma once

#include "mc-case.h"
#include "mc-protocol.h"
#include "mc-report.h"

G_BEGIN_DECLS

/* The GObject data key under which a conversation made by
 * mc_case_new_from_report() holds the McPerson it was held with, until the
 * store gives that person an id: mc_store_import_case() sets the
 * conversation's "person-id" from it. */
#define MC_REPORT_CONVERSATION_PERSON_KEY "mc-report-person"

/* The report of @case_ as of @created_at (also "today" for the ages when
 * the current round has no decision date): every record; every decision
 * round with every afwegingskader question of @protocol (answered, open,
 * skipped by the route, or taken over from an earlier round), the outcome,
 * the meldnormen the round deviates from (for the current round, every
 * rule broken or overridden as mc_case_check_meldnormen() says; for an
 * earlier one, its overrides), its decision and what followed the report;
 * every conversation; the kindcheck items answered; how the case was
 * closed. The organisation is the protocol's; the author is whoever makes
 * the report (@author_role may be NULL).
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
 * mc_store_import_case(): every round's decision (each with its "round"
 * and "kind"), its own answers and its overrides; the agreements; the
 * closing fields. MC_REPORT_ERROR_INVALID for an anonymised report (it no
 * longer names the people it is about) and for a report that answers one
 * kindcheck item, or one afwegingskader question in a round, twice, or
 * overrides one meldnorm in a round twice. */
McCase   *mc_case_new_from_report (McReport    *report,
                                   GError     **error);

G_END_DECLS
