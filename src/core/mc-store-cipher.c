/* mc-store-cipher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-store-cipher"

#include "config.h"

#include <string.h>

#include "mc-store-cipher.h"

/* SQLCipher 3's format, the one every store made by Meldcode 0.1.0 has:
 * 1024-byte pages, HMAC-SHA1 per page, PBKDF2-HMAC-SHA1 for the HMAC key
 * (the data key is raw, so kdf_iter never runs; fast_kdf_iter does, on the
 * salt), no plaintext header. SQLCipher 4 writes this format only when told
 * to; SQLCipher 3.4.1 knows no other, and ignores the pragmas it does not
 * know (the ones marked since_4), whose values it has fixed. */
static const McCipherSetting settings[] = {
  { "cipher_page_size", "1024", "1024", FALSE },
  { "kdf_iter", "64000", "64000", FALSE },
  { "fast_kdf_iter", "2", "2", FALSE },
  { "cipher_use_hmac", "ON", "1", FALSE },
  { "cipher_hmac_pgno", "le", "le", FALSE },
  { "cipher_hmac_salt_mask", "\"x'3a'\"", "3a", FALSE },
  { "cipher_hmac_algorithm", "HMAC_SHA1", "HMAC_SHA1", TRUE },
  { "cipher_kdf_algorithm", "PBKDF2_HMAC_SHA1", "PBKDF2_HMAC_SHA1", TRUE },
  { "cipher_plaintext_header_size", "0", "0", TRUE },
  { NULL, NULL, NULL, FALSE },
};

const McCipherSetting *
mc_store_cipher_get_settings (void)
{
  return settings;
}

/* The schema name goes into SQL text: only names Meldcode itself chose. */
static gboolean
is_plain_name (const char *schema)
{
  if (schema == NULL || *schema == '\0')
    return FALSE;
  for (const char *p = schema; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static int
apply_settings (sqlite3    *db,
                const char *schema)
{
  for (const McCipherSetting *s = settings; s->pragma != NULL; s++)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA %s.%s = %s", schema, s->pragma, s->value);
      int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

      if (rc != SQLITE_OK)
        return rc;
    }

  return SQLITE_OK;
}

/* SQLCipher 4 writes its own errors to stderr, where a user of the
 * command-line tool reads them as ours; the store reports errors itself.
 * Unknown to 3.4.1, which logs nothing. */
static void
quiet_library_log (sqlite3 *db)
{
  sqlite3_exec (db, "PRAGMA cipher_log_level = NONE", NULL, NULL, NULL);
}

int
mc_store_cipher_key (sqlite3        *db,
                     const char     *schema,
                     const McSecret *data_key)
{
  g_autoptr(McSecret) key_text = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (is_plain_name (schema), SQLITE_MISUSE);
  g_return_val_if_fail (data_key != NULL, SQLITE_MISUSE);

  quiet_library_log (db);
  key_text = mc_secret_to_sqlcipher_key (data_key);
  rc = sqlite3_key_v2 (db, schema, mc_secret_get_data (key_text), (int) mc_secret_get_size (key_text));
  if (rc != SQLITE_OK)
    return rc;

  return apply_settings (db, schema);
}

int
mc_store_cipher_attach (sqlite3        *db,
                        const char     *path,
                        const char     *schema,
                        const McSecret *data_key)
{
  g_autoptr(McSecret) key_text = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *attach = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (path != NULL, SQLITE_MISUSE);
  g_return_val_if_fail (is_plain_name (schema), SQLITE_MISUSE);
  g_return_val_if_fail (data_key != NULL, SQLITE_MISUSE);

  /* An attached database takes the library's defaults, not the main
   * database's settings: SQLCipher 4 would write its own format. */
  key_text = mc_secret_to_sqlcipher_key (data_key);
  sql = g_strdup_printf ("ATTACH DATABASE ?1 AS %s KEY ?2", schema);
  rc = sqlite3_prepare_v2 (db, sql, -1, &attach, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (attach, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (attach, 2, (const char *) mc_secret_get_data (key_text),
                     (int) mc_secret_get_size (key_text), SQLITE_STATIC);
  rc = sqlite3_step (attach);
  sqlite3_finalize (attach);
  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    return rc;

  rc = apply_settings (db, schema);
  if (rc != SQLITE_OK)
    {
      g_autofree char *detach = g_strdup_printf ("DETACH DATABASE %s", schema);

      sqlite3_exec (db, detach, NULL, NULL, NULL);
    }
  return rc;
}

/* The first column of the first row of @sql, or NULL when there is none
 * (a pragma this library does not know). */
static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return result;
}

gboolean
mc_store_cipher_check_settings (sqlite3    *db,
                                const char *schema)
{
  gboolean is_4 = mc_store_cipher_library_is_4 ();

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (is_plain_name (schema), FALSE);

  for (const McCipherSetting *s = settings; s->pragma != NULL; s++)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA %s.%s", schema, s->pragma);
      g_autofree char *value = query_text (db, sql);

      if (value == NULL && s->since_4 && !is_4)
        continue;
      if (g_strcmp0 (value, s->reads_back) != 0)
        {
          g_debug ("%s.%s reads %s, not %s", schema, s->pragma, value ? value : "nothing", s->reads_back);
          return FALSE;
        }
    }

  return TRUE;
}

char *
mc_store_cipher_get_library_version (void)
{
  sqlite3 *db = NULL;
  char *version = NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
    version = query_text (db, "PRAGMA cipher_version");
  sqlite3_close (db);

  return version != NULL ? version : g_strdup ("");
}

gboolean
mc_store_cipher_library_is_4 (void)
{
  static gsize major = 0;

  if (g_once_init_enter (&major))
    {
      g_autofree char *version = mc_store_cipher_get_library_version ();

      g_once_init_leave (&major, MAX (1, g_ascii_strtoull (version, NULL, 10)));
    }

  return major >= 4;
}

/* Reads page 1 of @db_path with @data_key and the pragmas in @sql instead
 * of Meldcode's settings. Read-only: nothing is written. */
static gboolean
reads_with (const char     *db_path,
            const McSecret *data_key,
            const char     *sql)
{
  g_autoptr(McSecret) key_text = mc_secret_to_sqlcipher_key (data_key);
  sqlite3 *db = NULL;
  gboolean reads = FALSE;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
    {
      quiet_library_log (db);
      reads = sqlite3_key_v2 (db, "main", mc_secret_get_data (key_text), (int) mc_secret_get_size (key_text)) == SQLITE_OK
              && sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK
              && sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) == SQLITE_OK;
    }
  sqlite3_close (db);

  return reads;
}

gboolean
mc_store_cipher_reads_with_other_settings (const char     *db_path,
                                           const McSecret *data_key)
{
  /* What another program may have used: SQLCipher 4's defaults and its
   * compatibility modes, or SQLCipher 3 with 4096-byte pages. */
  static const char * const v4_only[] = {
    "PRAGMA cipher_compatibility = 4",
    "PRAGMA cipher_compatibility = 2",
    "PRAGMA cipher_compatibility = 1",
  };
  static const char * const any[] = {
    "PRAGMA cipher_compatibility = 3; PRAGMA cipher_page_size = 4096",
  };

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (data_key != NULL, FALSE);

  if (mc_store_cipher_library_is_4 ())
    for (guint i = 0; i < G_N_ELEMENTS (v4_only); i++)
      if (reads_with (db_path, data_key, v4_only[i]))
        return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (any); i++)
    if (reads_with (db_path, data_key, any[i]))
      return TRUE;

  return FALSE;
}
