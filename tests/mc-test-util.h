/* mc-test-util.h: what several test programs need
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

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

/* A store's database opened by hand, as someone with sqlcipher and the key
 * could: the data key unwrapped from DIR/key with @passphrase, cases.db
 * opened read-write and keyed as the store keys it (Meldcode's format set,
 * not the library's defaults). No Meldcode, no migration: to look behind
 * the API, or to change what the API would refuse. @flags add what a test
 * needs beyond that. Close it with sqlite3_close(). */
typedef enum
{
  MC_TEST_RAW_NONE             = 0,
  /* Read sqlite_master at once: the test fails here when the key does
   * not read the database, not at its first query. */
  MC_TEST_RAW_CHECK_KEY        = 1 << 0,
  /* The SQL functions the schema's triggers call
   * (mc_store_schema_register_functions()), so writes that fire them work. */
  MC_TEST_RAW_SCHEMA_FUNCTIONS = 1 << 1,
  /* mc_audit_open(), which reads what the audit trail seals about a case. */
  MC_TEST_RAW_AUDIT_OPEN       = 1 << 2,
} McTestRawFlags;

sqlite3 *mc_test_open_raw (const char     *dir,
                           const char     *passphrase,
                           McTestRawFlags  flags);

/* Runs @sql on a raw connection; any error fails the test (g_error, with
 * SQLite's message). */
void     mc_test_raw_exec (sqlite3    *db,
                           const char *sql);

/* Runs @sql and returns SQLite's result code, for SQL that is meant to be
 * refused (a trigger's constraint): the caller checks the code. */
int      mc_test_raw_try  (sqlite3    *db,
                           const char *sql);

/* The integer in the first column of the first row of @sql; the test
 * fails when the query gives no row. */
gint64   mc_test_raw_int  (sqlite3    *db,
                           const char *sql);

G_END_DECLS
