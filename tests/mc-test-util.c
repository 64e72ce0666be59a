/* mc-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <stdlib.h>

#include "mc-audit.h"
#include "mc-key-file.h"
#include "mc-store-cipher.h"
#include "mc-store-schema.h"
#include "mc-test-util.h"

void
mc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      mc_test_remove_tree (child);
    }
  g_rmdir (path);
}

char *
mc_test_run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

char *
mc_test_pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-layout", path, "-", NULL };

  return mc_test_run (argv);
}

char *
mc_test_pdf_info_field (const char *path,
                        const char *field)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = mc_test_run (argv);
  g_auto(GStrv) lines = g_strsplit (info, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], field) && lines[i][strlen (field)] == ':')
      return g_strstrip (g_strdup (lines[i] + strlen (field) + 1));

  g_error ("pdfinfo printed no %s", field);
}

int
mc_test_compare_doubles (gconstpointer a,
                         gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
mc_test_median (double *values,
                guint   n_values)
{
  g_assert (values != NULL && n_values > 0);

  qsort (values, n_values, sizeof (double), mc_test_compare_doubles);
  return values[n_values / 2];
}

sqlite3 *
mc_test_open_raw (const char     *dir,
                  const char     *passphrase,
                  McTestRawFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = g_build_filename (dir, "key", NULL);
  g_autofree char *db_path = g_build_filename (dir, "cases.db", NULL);
  g_autoptr(McKeyFile) key_file = NULL;
  g_autoptr(McSecret) data_key = NULL;
  sqlite3 *db = NULL;

  key_file = mc_key_file_load (key_path, &error);
  g_assert_no_error (error);
  data_key = mc_key_file_unwrap_passphrase (key_file, passphrase, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  /* Keyed as the store keys it: the format is set, not the library's. */
  g_assert_cmpint (mc_store_cipher_key (db, "main", data_key), ==, SQLITE_OK);
  if (flags & MC_TEST_RAW_CHECK_KEY)
    g_assert_cmpint (sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL), ==, SQLITE_OK);
  if (flags & MC_TEST_RAW_SCHEMA_FUNCTIONS)
    g_assert_cmpint (mc_store_schema_register_functions (db), ==, SQLITE_OK);
  if (flags & MC_TEST_RAW_AUDIT_OPEN)
    g_assert_cmpint (mc_audit_register_open_function (db, data_key), ==, SQLITE_OK);
  return db;
}

void
mc_test_raw_exec (sqlite3    *db,
                  const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

int
mc_test_raw_try (sqlite3    *db,
                 const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL);
}

gint64
mc_test_raw_int (sqlite3    *db,
                 const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}
