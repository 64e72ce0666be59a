/* mc-store-cipher.h: the one encrypted file format of every database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian 12 ships SQLCipher 3.4.1, Debian 13 and any Flatpak ship 4.x, and
 * the two libraries' defaults make different files. Meldcode never relies on
 * a default: every database it opens, attaches or exports into is keyed here
 * and gets the settings below, so a store or backup written by either
 * library opens with the other. See "The store's file format" in HACKING.md.
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "mc-key-file.h"

G_BEGIN_DECLS

/* One setting of the format: the pragma, the value that is set and the
 * value the pragma reads back on a keyed connection. */
typedef struct
{
  const char *pragma;
  const char *value;
  const char *reads_back;
  /* Only SQLCipher 4 knows the pragma; 3.4.1 has this value fixed. */
  gboolean    since_4;
} McCipherSetting;

/* The settings, in the order they are applied; NULL-terminated. */
const McCipherSetting *mc_store_cipher_get_settings (void);

/* Keys @schema ("main", or an attached database's name) of @db with the
 * data key and applies every setting to it. Must come before the first read
 * of that database. Returns an SQLite result code. */
int          mc_store_cipher_key              (sqlite3        *db,
                                               const char     *schema,
                                               const McSecret *data_key);

/* ATTACHes @path as @schema, keyed with @data_key (bound as a parameter,
 * never in SQL text), and applies every setting to it. */
int          mc_store_cipher_attach           (sqlite3        *db,
                                               const char     *path,
                                               const char     *schema,
                                               const McSecret *data_key);

/* TRUE when every setting that this library knows reads back as set on
 * @schema. */
gboolean     mc_store_cipher_check_settings   (sqlite3        *db,
                                               const char     *schema);

/* The library's own version ("3.4.1", "4.9.0 community"), for messages
 * and tests; owned by the caller. */
char        *mc_store_cipher_get_library_version (void);

/* TRUE when the running library is SQLCipher 4 or later. */
gboolean     mc_store_cipher_library_is_4     (void);

/* After the data key failed to read @db_path with Meldcode's settings:
 * TRUE when it reads with another format this library knows (SQLCipher 4's
 * own defaults, say). Then the file is not damaged: it was written by
 * another program or with other settings. Never writes to the file. */
gboolean     mc_store_cipher_reads_with_other_settings (const char     *db_path,
                                                        const McSecret *data_key);

G_END_DECLS
