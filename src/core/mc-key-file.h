/* mc-key-file.h: the wrapped data key of a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A store's database is encrypted with a random 32-byte data key. The key
 * file keeps that key twice, wrapped with XChaCha20-Poly1305: once under a
 * key derived from the passphrase with Argon2id, once under a key derived
 * from the recovery key. The Argon2id parameters and salts are stored with
 * each wrap, so stronger settings can come later without breaking old
 * stores. Changing the passphrase re-wraps the same data key; the database
 * itself is never re-keyed.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_KEY_FILE_ERROR (mc_key_file_error_quark ())

typedef enum
{
  MC_KEY_FILE_ERROR_WRONG_PASSPHRASE,
  MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY,
  MC_KEY_FILE_ERROR_INVALID,     /* missing fields, garbled, not a key file */
  MC_KEY_FILE_ERROR_NEWER,       /* written by a newer version of Meldcode */
  MC_KEY_FILE_ERROR_IO,          /* cannot read or write (disk full, read-only) */
  MC_KEY_FILE_ERROR_WEAK,        /* passphrase refused as too weak */
} McKeyFileError;

GQuark mc_key_file_error_quark (void);

#define MC_DATA_KEY_SIZE 32

/* Key material lives only in sodium_malloc() memory (guarded, locked, wiped
 * on free) and is read-only once filled. The data is always followed by a
 * NUL byte that the size does not count, so a secret text is a C string. */
typedef struct _McSecret McSecret;

McSecret     *mc_secret_new_random        (gsize           size);
McSecret     *mc_secret_new_from_data     (const guint8   *data,
                                           gsize           size);
const guint8 *mc_secret_get_data          (const McSecret *secret);
gsize         mc_secret_get_size          (const McSecret *secret);
/* "x'<64 lowercase hex>'" (67 characters, NUL-terminated) for
 * sqlite3_key_v2() with a size of mc_secret_get_size(); @secret must be
 * MC_DATA_KEY_SIZE bytes. The text is itself a McSecret so it is wiped too. */
McSecret     *mc_secret_to_sqlcipher_key  (const McSecret *secret);
void          mc_secret_free              (McSecret       *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSecret, mc_secret_free)

/* Argon2id cost; MODERATE (libsodium's MODERATE: 3 passes, 256 MiB) is the
 * default for real stores, INTERACTIVE is libsodium's (2 passes, 64 MiB),
 * tests pass MC_KDF_COST_TEST (1 pass, 8 MiB) to stay fast. */
typedef enum
{
  MC_KDF_COST_MODERATE,
  MC_KDF_COST_INTERACTIVE,
  MC_KDF_COST_TEST,
} McKdfCost;

typedef struct _McKeyFile McKeyFile;

/* Creates a new data key, wraps it under @passphrase and a newly generated
 * recovery key, and writes @path atomically with mode 0600. Refuses to
 * replace an existing file (MC_KEY_FILE_ERROR_IO), since that would lose the
 * key of another store, and refuses a passphrase that fails
 * mc_passphrase_check() (MC_KEY_FILE_ERROR_WEAK). The recovery key is
 * returned once in its readable form (8 groups of 5 characters). */
McKeyFile *mc_key_file_create              (const char     *path,
                                            const char     *passphrase,
                                            McKdfCost       cost,
                                            McSecret      **out_data_key,
                                            char          **out_recovery_key,
                                            GError        **error);
/* A missing or unreadable file is MC_KEY_FILE_ERROR_IO; anything that is
 * not a well-formed key file (checksum, sizes, Argon2id limits) is
 * MC_KEY_FILE_ERROR_INVALID. Only the file itself is read: files are at
 * most 64 KiB and Argon2id costs at most 16 passes and 1 GiB. */
McKeyFile *mc_key_file_load                (const char     *path,
                                            GError        **error);
McSecret  *mc_key_file_unwrap_passphrase   (McKeyFile      *self,
                                            const char     *passphrase,
                                            GError        **error);
McSecret  *mc_key_file_unwrap_recovery_key (McKeyFile      *self,
                                            const char     *recovery_key,
                                            GError        **error);
/* Re-wraps @data_key (the key unwrapped from @self) under @new_passphrase
 * and replaces the file atomically (temporary file, fsync, rename, fsync of
 * the directory); on failure the old file and @self stay as they were.
 * @self must come from mc_key_file_create() or mc_key_file_load(). A
 * temporary file left by a crash is removed by the next write. */
gboolean   mc_key_file_change_passphrase   (McKeyFile      *self,
                                            const McSecret *data_key,
                                            const char     *new_passphrase,
                                            McKdfCost       cost,
                                            GError        **error);
/* Writes the same wraps to another path (used by backups), atomically,
 * replacing a file there. @self keeps its own path. */
gboolean   mc_key_file_save_as             (McKeyFile      *self,
                                            const char     *path,
                                            GError        **error);
/* The serialized file, for embedding in a backup file. */
GBytes    *mc_key_file_to_bytes            (McKeyFile      *self);
McKeyFile *mc_key_file_new_from_bytes      (GBytes         *bytes,
                                            GError        **error);
void       mc_key_file_free                (McKeyFile      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McKeyFile, mc_key_file_free)

/* A recovery key is 40 Crockford base32 characters: 38 random (190 bits)
 * and 2 check characters that catch every single mistyped character and
 * every swap of two neighbours before any key derivation runs. */
/* Normalizes what a person typed (case, spaces, dashes, look-alike
 * characters O, I and L) and checks its checksum; returns the readable form,
 * or NULL with MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY when it cannot be a
 * recovery key. */
char      *mc_recovery_key_normalize       (const char     *typed,
                                            GError        **error);

typedef enum
{
  MC_PASSPHRASE_STRENGTH_WEAK,
  MC_PASSPHRASE_STRENGTH_FAIR,
  MC_PASSPHRASE_STRENGTH_GOOD,
  MC_PASSPHRASE_STRENGTH_STRONG,
} McPassphraseStrength;

/* FALSE with MC_KEY_FILE_ERROR_WEAK and a reason a person can act on when
 * @passphrase (UTF-8) is too weak for a store: fewer than 10 characters,
 * fewer than 16 of only one kind (lowercase, uppercase, digits, others), or
 * fewer than 5 different characters. */
gboolean             mc_passphrase_check    (const char     *passphrase,
                                             GError        **error);
/* For live feedback while typing: WEAK whenever mc_passphrase_check() fails,
 * otherwise graded by the length in characters and the kinds used. */
McPassphraseStrength mc_passphrase_strength (const char     *passphrase);

G_END_DECLS
