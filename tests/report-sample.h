/* report-sample.h: decision reports for the report tests and benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mc-report.h"

G_BEGIN_DECLS

/* The identifying strings of report_sample_full(), which an anonymised
 * report must not contain anywhere. NULL-terminated. */
extern const char * const report_sample_identifying[];

/* A complete, closed case of a 15-year-old client: three people involved,
 * ten signals (facts and interpretations, two with a status), the
 * kindcheck, three consultations, two conversations (one not held), the
 * weighing, three decision rounds (first, evaluation, new weighing; the
 * last with two questions skipped and a meldnorm overridden), the report
 * to Veilig Thuis and what followed, three agreements (open, done, not
 * done) and the closing. The free texts name the people, the client number
 * and the date of birth, as real notes do. */
McReport *report_sample_full     (void);

/* The full case with long texts that run over several pages; one signal
 * holds the numbered words "w0001" to "w@n_words". */
McReport *report_sample_long     (guint n_words);

/* Every text field holds markup, "&", "]]>", quotes, control characters,
 * invalid UTF-8, emoji, Arabic and Hebrew; two rounds, the current one with
 * a broken meldnorm; the current justification is 100,000 characters
 * long. */
McReport *report_sample_hostile  (void);

/* report_sample_full() with five free texts at MC_LIMIT_TEXT_CHARS: words
 * in one paragraph, a run without spaces, right-to-left words, combining
 * characters, and short lines: the input the PDF layout must stay bounded
 * on (tests/test-report-pdf.c, tests/bench-report.c). */
McReport *report_sample_bounded  (void);

/* The hostile text itself, for the checks. */
extern const char report_sample_hostile_text[];

G_END_DECLS
