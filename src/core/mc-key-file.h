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
 *
 * The file holds everything twice, each copy with its own checksum, so one
 * damaged byte or sector still opens with the passphrase and with the
 * recovery key. It also keeps the anchor of the store's audit trail (see
 * mc_key_file_update_anchor()), so a database copied back from an earlier
 * state shows. Every write holds an exclusive lock on the store's folder
 * and rereads the file under it.
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
  MC_KEY_FILE_ERROR_WEAK,        /* passphrase refused as too weak, or not UTF-8 */
  /* another process holds the key file's lock, or changed the passphrase
   * since this McKeyFile was loaded; nothing was changed */
  MC_KEY_FILE_ERROR_BUSY,
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
 * MC_KEY_FILE_ERROR_INVALID. A version 2 file loads when either of its
 * copies is whole; version 1 files (Meldcode 0.1 and 0.2) load too. Only
 * the file itself is read: files are at most 64 KiB and Argon2id costs at
 * most 16 passes and 1 GiB. */
McKeyFile *mc_key_file_load                (const char     *path,
                                            GError        **error);
/* The format version the file was read in (1 or 2); what is written is
 * always 2. */
guint      mc_key_file_get_version         (McKeyFile      *self);
/* A @passphrase that is not UTF-8 is MC_KEY_FILE_ERROR_WRONG_PASSPHRASE
 * with a message that says so. */
McSecret  *mc_key_file_unwrap_passphrase   (McKeyFile      *self,
                                            const char     *passphrase,
                                            GError        **error);
McSecret  *mc_key_file_unwrap_recovery_key (McKeyFile      *self,
                                            const char     *recovery_key,
                                            GError        **error);
/* Re-wraps @data_key (the key unwrapped from @self) under @new_passphrase
 * and replaces the file atomically (temporary file, fsync, rename, fsync of
 * the directory); on failure the old file and @self stay as they were, and
 * the old passphrase stays valid. @self must come from mc_key_file_create()
 * or mc_key_file_load(). A temporary file left by a crash is removed by the
 * next write.
 *
 * One transaction: it takes the lock, waiting up to 2 s for another
 * process's write (MC_KEY_FILE_ERROR_BUSY when it is held longer), rereads
 * the file under it and refuses
 * with MC_KEY_FILE_ERROR_BUSY when the passphrase on disk is no longer the
 * one @self was loaded with, so of two concurrent changes one wins and the
 * other is refused, never lost. The recovery wrap and the anchor are kept
 * as they are on disk. */
gboolean   mc_key_file_change_passphrase   (McKeyFile      *self,
                                            const McSecret *data_key,
                                            const char     *new_passphrase,
                                            McKdfCost       cost,
                                            GError        **error);
/* Writes the same wraps and anchor to another path (used by restores),
 * atomically, replacing a file there. @self keeps its own path; one made
 * by mc_key_file_new_from_bytes() takes @path as its own. */
gboolean   mc_key_file_save_as             (McKeyFile      *self,
                                            const char     *path,
                                            GError        **error);
/* The serialized file, for embedding in a backup file. */
GBytes    *mc_key_file_to_bytes            (McKeyFile      *self);
McKeyFile *mc_key_file_new_from_bytes      (GBytes         *bytes,
                                            GError        **error);
void       mc_key_file_free                (McKeyFile      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McKeyFile, mc_key_file_free)

/* The anchor of the audit trail: where the chain stood (its last row's id
 * and hash, and its row count) after a commit, with a counter that goes up
 * with each anchor written. It is MAC'd with a subkey of the data key, so
 * only someone who holds that key can make one. */
typedef struct
{
  guint64 counter;      /* 1 for the first anchor */
  gint64  last_id;
  gint64  row_count;
  guint8  last_hash[32];
} McKeyFileAnchor;

typedef enum
{
  MC_KEY_FILE_ANCHOR_NONE,      /* none written yet (or a version 1 file) */
  MC_KEY_FILE_ANCHOR_VALID,
  MC_KEY_FILE_ANCHOR_INVALID,   /* its MAC does not check out */
  MC_KEY_FILE_ANCHOR_ERROR,     /* the file could not be read again */
} McKeyFileAnchorState;

/* The anchor as @self holds it (as loaded, or as last read or written). */
McKeyFileAnchorState mc_key_file_get_anchor    (McKeyFile              *self,
                                                const McSecret         *data_key,
                                                McKeyFileAnchor        *out_anchor);
/* The anchor as the file on disk holds it now (another process may have
 * written one); ERROR with @error when the file cannot be read. */
McKeyFileAnchorState mc_key_file_read_anchor   (McKeyFile              *self,
                                                const McSecret         *data_key,
                                                McKeyFileAnchor        *out_anchor,
                                                GError                **error);

/* Decides, under the lock, whether @anchor may replace the one on disk
 * (@current NULL unless @state is VALID). */
typedef gboolean (*McKeyFileAnchorAccept) (McKeyFileAnchorState    state,
                                           const McKeyFileAnchor  *current,
                                           gpointer                user_data);

/* Under the lock (waiting up to 2 s; MC_KEY_FILE_ERROR_BUSY after that):
 * rereads the file, asks @accept, and when it agrees writes the file again
 * with @anchor (its counter set to one more than the file's) and everything
 * else as it is on disk, atomically. *@out_written says whether it did. A
 * version 1 file becomes version 2 this way. */
gboolean   mc_key_file_update_anchor       (McKeyFile              *self,
                                            const McSecret         *data_key,
                                            const McKeyFileAnchor  *anchor,
                                            McKeyFileAnchorAccept   accept,
                                            gpointer                user_data,
                                            gboolean               *out_written,
                                            GError                **error);

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
 * @passphrase is not UTF-8, or is too weak for a store: fewer than 10 characters,
 * fewer than 16 of only one kind (lowercase, uppercase, digits, others), or
 * fewer than 5 different characters. */
gboolean             mc_passphrase_check    (const char     *passphrase,
                                             GError        **error);
/* For live feedback while typing: WEAK whenever mc_passphrase_check() fails,
 * otherwise graded by the length in characters and the kinds used. */
McPassphraseStrength mc_passphrase_strength (const char     *passphrase);

G_END_DECLS
