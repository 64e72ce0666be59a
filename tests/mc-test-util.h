/* mc-test-util.h: what several test programs need
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @path and everything below it; a read-only folder left by a test
 * is made writable first, a symbolic link is removed, not followed. */
void  mc_test_remove_tree (const char *path);

/* Runs a program found in PATH (poppler's tools, say) and returns what it
 * printed; the test fails when it cannot run or fails. */
char *mc_test_run         (const char * const *argv);

/* The text of the PDF at @path as `pdftotext -layout` reads it (UTF-8). */
char *mc_test_pdf_text    (const char *path);

/* The value of one "Field:   value" line of `pdfinfo @path`; the test
 * fails when pdfinfo prints no such field. */
char *mc_test_pdf_info_field (const char *path,
                              const char *field);

G_END_DECLS
