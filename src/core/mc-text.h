/* mc-text.h: text made safe at the border
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every string that enters Meldcode from outside (a report file, a record
 * setter, the editor, the command line) and every string it prints (PDF,
 * XML, show, list) passes mc_text_sanitize(), one function with one set of
 * rules (HACKING.md, "Text at the border"):
 *
 * - invalid UTF-8 is repaired, the text is put in NFC;
 * - "\r\n", "\r", U+2028 and U+2029 are line ends and become "\n";
 * - removed: C0 controls other than tab and line end, DEL and the C1
 *   controls (terminal escapes among them), the noncharacters (U+FDD0 to
 *   U+FDEF and the last two code points of every plane), and the bidi
 *   embeddings, overrides and isolates (U+202A to U+202E, U+2066 to
 *   U+2069), which reorder what is printed around them. The marks U+200E,
 *   U+200F and U+061C stay: they cannot reverse a run of text, and
 *   right-to-left writing needs them;
 * - a one-line field (MC_TEXT_KIND_NAME, _LINE) holds no line end and no
 *   tab: each becomes a space, so words never run together.
 *
 * Nothing is cut: the limits of mc-limits.h are checked, never enforced
 * by truncation.
 */

#pragma once

#include <glib.h>

#include "mc-limits.h"

G_BEGIN_DECLS

/* A new string (NULL for NULL), sanitised as above for a field of @kind. */
char     *mc_text_sanitize      (const char  *text,
                                 McTextKind   kind);

/* Whether mc_text_sanitize() would return @text unchanged (NULL is clean). */
gboolean  mc_text_is_clean      (const char  *text,
                                 McTextKind   kind);

/* The length in characters (0 for NULL); @text is valid UTF-8. */
gsize     mc_text_length        (const char  *text);

/* Whether @text (valid UTF-8, or NULL) fits a field of @kind. */
gboolean  mc_text_fits          (const char  *text,
                                 McTextKind   kind);

G_END_DECLS
