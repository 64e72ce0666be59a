/* mc-limits.h: how much text and how many items Meldcode takes, in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These limits are a contract: the store refuses a record that exceeds one
 * (MC_STORE_ERROR_TOO_LONG), the editor's text fields stop at them, the CLI
 * refuses longer arguments (exit 1), the report import refuses a file that
 * exceeds one (exit 4, naming the field), and the report schema
 * (data/report/meldcode-report-2.xsd) states the same numbers as maxLength
 * and maxOccurs facets. They are counted in Unicode characters after
 * mc_text_sanitize(), not bytes.
 *
 * Why these numbers: a name is a line a person reads aloud; a free text of
 * 100,000 characters is some forty printed pages, far beyond any real
 * note; the counts per report are ten times what a long case holds. Above
 * them, an import held the store's write lock for half a minute and a PDF
 * took minutes (issue 18).
 *
 * The report as a whole is bounded as well (MC_LIMIT_REPORT_CHARS and the
 * counts), so that the XML of a report at every limit stays below
 * MC_REPORT_XML_MAX_SIZE, which its own import takes: an export is always
 * importable (tests/test-limits.c proves it with a report at the limits
 * written in the costliest characters).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a text field is, and so how long it may be. */
typedef enum
{
  MC_TEXT_KIND_NAME,      /* one line: names, ids, numbers, dates, roles */
  MC_TEXT_KIND_LINE,      /* one line: labels, references, who and where */
  MC_TEXT_KIND_TEXT,      /* free text: several lines */
} McTextKind;

#define MC_LIMIT_NAME_CHARS     200
#define MC_LIMIT_LINE_CHARS     1000
#define MC_LIMIT_TEXT_CHARS     100000

/* A search or a case number given on the command line or typed in the
 * search field. */
#define MC_LIMIT_SEARCH_CHARS   MC_LIMIT_NAME_CHARS

/* Per report (and so per case that can be exported). */
#define MC_LIMIT_REPORT_CHARS   1500000  /* all text of one report together */
#define MC_LIMIT_PEOPLE         100
#define MC_LIMIT_SIGNALS        2000
#define MC_LIMIT_CHECKS         200      /* kindcheck items */
#define MC_LIMIT_SPECIAL_FORMS  50       /* special forms suspected */
#define MC_LIMIT_DUTIES         20       /* duties of one special form */
#define MC_LIMIT_CONSULTATIONS  200
#define MC_LIMIT_CONVERSATIONS  200
#define MC_LIMIT_AGREEMENTS     500
#define MC_LIMIT_ROUNDS         20       /* decision rounds */
#define MC_LIMIT_QUESTIONS      50       /* afwegingskader questions per round */
#define MC_LIMIT_NORMS          100      /* meldnormen per round */
/* The access log an inzage copy carries: its rows hold no free text and
 * do not count towards MC_LIMIT_REPORT_CHARS; at some 250 bytes a row it
 * stays well below MC_REPORT_XML_MAX_SIZE. */
#define MC_LIMIT_ACCESS_ROWS    20000
#define MC_LIMIT_LEFT_OUT       20       /* notes of what an inzage copy leaves out */

/* An anonymised copy (mc_report_anonymize()) puts a role such as
 * "[Legal representative 1]" where a name was, so its texts can grow: it
 * is held to this many times the limits of each field and of the report.
 * The report schema states these ceilings as its maxLength facets; the
 * reader holds a report that is not anonymised to the limits themselves.
 * Should an anonymised copy still grow past them, its export is refused
 * with a message, never written unimportable. */
#define MC_LIMIT_ANONYMISED_FACTOR 2

/* The most characters a field of @kind may hold. */
guint  mc_limit_for_kind (McTextKind kind);

G_END_DECLS
