/* mc-backup.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-backup"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "mc-backup.h"
#include "mc-store.h"

#define MAGIC "MCBACKUP"
#define MAGIC_SIZE 8
#define FORMAT_VERSION 1
#define HEADER_SIZE (MAGIC_SIZE + 4 + 4 + 8 + 8)
#define CHECKSUM_SIZE 32
/* A key file is at most 64 KiB (see mc-key-file.h). */
#define MAX_KEY_FILE_SIZE (64 * 1024)

static void
checksum (const guint8 *data,
          gsize         size,
          guint8        out[CHECKSUM_SIZE])
{
  crypto_generichash (out, CHECKSUM_SIZE, data, size, NULL, 0);
}

GBytes *
mc_backup_to_bytes (GBytes *key_file,
                    GBytes *database)
{
  GByteArray *out;
  guint8 header[HEADER_SIZE];
  guint8 sum[CHECKSUM_SIZE];
  guint32 u32;
  guint64 u64;

  g_return_val_if_fail (key_file != NULL, NULL);
  g_return_val_if_fail (database != NULL, NULL);

  memcpy (header, MAGIC, MAGIC_SIZE);
  u32 = GUINT32_TO_LE (FORMAT_VERSION);
  memcpy (header + 8, &u32, 4);
  u32 = 0;
  memcpy (header + 12, &u32, 4);
  u64 = GUINT64_TO_LE (g_bytes_get_size (key_file));
  memcpy (header + 16, &u64, 8);
  u64 = GUINT64_TO_LE (g_bytes_get_size (database));
  memcpy (header + 24, &u64, 8);

  out = g_byte_array_sized_new (HEADER_SIZE + g_bytes_get_size (key_file)
                                + g_bytes_get_size (database) + CHECKSUM_SIZE);
  g_byte_array_append (out, header, HEADER_SIZE);
  g_byte_array_append (out, g_bytes_get_data (key_file, NULL), g_bytes_get_size (key_file));
  g_byte_array_append (out, g_bytes_get_data (database, NULL), g_bytes_get_size (database));
  checksum (out->data, out->len, sum);
  g_byte_array_append (out, sum, CHECKSUM_SIZE);

  return g_byte_array_free_to_bytes (out);
}

gboolean
mc_backup_read (const char  *path,
                GBytes     **key_file,
                GBytes     **database,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *data = NULL;
  const guint8 *bytes;
  guint8 sum[CHECKSUM_SIZE];
  gsize size;
  guint32 version;
  guint64 key_size;
  guint64 db_size;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (key_file != NULL && database != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_get_contents (path, &data, &size, &local_error))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                   _("The backup could not be read: %s"), local_error->message);
      return FALSE;
    }
  bytes = (const guint8 *) data;

  if (size < MAGIC_SIZE || memcmp (bytes, MAGIC, MAGIC_SIZE) != 0)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_A_STORE,
                           _("This file is not a Meldcode backup."));
      return FALSE;
    }
  if (size < HEADER_SIZE + CHECKSUM_SIZE)
    goto damaged;

  memcpy (&version, bytes + 8, 4);
  version = GUINT32_FROM_LE (version);
  if (version > FORMAT_VERSION)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NEWER_SCHEMA,
                           _("This backup was made by a newer version of Meldcode. Update Meldcode to restore it."));
      return FALSE;
    }

  memcpy (&key_size, bytes + 16, 8);
  key_size = GUINT64_FROM_LE (key_size);
  memcpy (&db_size, bytes + 24, 8);
  db_size = GUINT64_FROM_LE (db_size);

  if (version != FORMAT_VERSION
      || key_size == 0 || key_size > MAX_KEY_FILE_SIZE
      || db_size == 0 || db_size > size
      || size != HEADER_SIZE + key_size + db_size + CHECKSUM_SIZE)
    goto damaged;

  checksum (bytes, size - CHECKSUM_SIZE, sum);
  if (sodium_memcmp (sum, bytes + size - CHECKSUM_SIZE, CHECKSUM_SIZE) != 0)
    goto damaged;

  contents = g_bytes_new_take (g_steal_pointer (&data), size);
  *key_file = g_bytes_new_from_bytes (contents, HEADER_SIZE, key_size);
  *database = g_bytes_new_from_bytes (contents, HEADER_SIZE + key_size, db_size);
  return TRUE;

damaged:
  g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                       _("The backup file is damaged."));
  return FALSE;
}
