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

/* The benchmarks' figure: the median of @n_values (at least one), which
 * are sorted in place; mc_test_compare_doubles() is the order, for
 * qsort() and g_array_sort(). */
double mc_test_median          (double        *values,
                                guint          n_values);
int    mc_test_compare_doubles (gconstpointer  a,
                                gconstpointer  b);

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
