/* mc-backup.h: the backup file format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A backup is one file holding a store's key file and an encrypted copy of
 * its database (made by mc_store_backup()):
 *
 *   "MCBACKUP"           8 bytes
 *   format version       uint32 little-endian (1)
 *   reserved             uint32, 0
 *   key file length      uint64 little-endian
 *   database length      uint64 little-endian
 *   key file, database
 *   BLAKE2b-256 of everything before it
 *
 * The checksum catches a damaged or cut-off copy before anything is
 * unwrapped; the contents are protected by the key file and SQLCipher.
 * Errors are in the MC_STORE_ERROR domain.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The backup file's contents; mc_store_backup() writes them through
 * mc_output_file_write() (atomic, mode 0600, never over a store's file). */
GBytes  *mc_backup_to_bytes (GBytes      *key_file,
                             GBytes      *database);
/* NOT_A_STORE when @path is not a backup, NEWER_SCHEMA for a newer format,
 * CORRUPT when it is damaged, IO when it cannot be read. */
gboolean mc_backup_read  (const char  *path,
                          GBytes     **key_file,
                          GBytes     **database,
                          GError     **error);

G_END_DECLS
