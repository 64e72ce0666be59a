/* mc-case-file.h: the sealed envelope of a case handed over (.meldcase)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case file is a header and one XChaCha20-Poly1305 ciphertext of the
 * payload (mc-store-transfer.h), with the whole header as associated data,
 * so no byte of the file can change without the file being refused. It is
 * sealed one of two ways:
 *
 * - with a one-time transfer passphrase (Argon2id, the cost in the
 *   header), which the sender says to the receiver by phone;
 * - to the receiving store's public key (X25519 with a fresh key pair per
 *   file), which the receiver shows as a fingerprint that encodes the
 *   whole key (see mc_case_file_format_fingerprint()).
 *
 * The format is described byte by byte in mc-case-file.c and HACKING.md.
 * Nothing in a case file is readable without the secret: the header holds
 * only the magic, the version, the mode and what the key derivation needs.
 */

#pragma once

#include <glib.h>

#include "mc-key-file.h"

G_BEGIN_DECLS

#define MC_CASE_FILE_ERROR (mc_case_file_error_quark ())

typedef enum
{
  /* not a case file at all (another kind of file, too short for a header) */
  MC_CASE_FILE_ERROR_INVALID,
  /* a case file of a newer format version, or a sealing mode this version
   * does not know */
  MC_CASE_FILE_ERROR_NEWER,
  /* the passphrase does not open it */
  MC_CASE_FILE_ERROR_WRONG_PASSPHRASE,
  /* sealed to another store's key */
  MC_CASE_FILE_ERROR_WRONG_KEY,
  /* the key is right but the contents do not check out: changed or cut
   * short after it was sealed */
  MC_CASE_FILE_ERROR_DAMAGED,
  /* a fingerprint that does not read (typo, wrong length, checksum) */
  MC_CASE_FILE_ERROR_BAD_FINGERPRINT,
  /* a transfer passphrase too short to protect a case */
  MC_CASE_FILE_ERROR_WEAK,
} McCaseFileError;

typedef enum
{
  MC_CASE_FILE_SEAL_PASSPHRASE = 1,
  MC_CASE_FILE_SEAL_PUBLIC_KEY = 2,
} McCaseFileSeal;

#define MC_CASE_FILE_VERSION        1
#define MC_CASE_FILE_KEY_SIZE       32
/* Larger files are refused unread. */
#define MC_CASE_FILE_MAX_SIZE       (64 * 1024 * 1024)
/* A transfer passphrase of fewer characters (separators not counted) is
 * refused. The generated ones have 24 digits. */
#define MC_CASE_FILE_MIN_PASSPHRASE 12

GQuark    mc_case_file_error_quark            (void);

/* Six groups of four digits ("4821-0937-…", about 80 bits), easy to read
 * out by phone; shown once. */
char     *mc_case_file_generate_passphrase    (void);

GBytes   *mc_case_file_seal_with_passphrase   (GBytes         *payload,
                                               const char     *passphrase,
                                               McKdfCost       cost,
                                               GError        **error);
GBytes   *mc_case_file_seal_to_key            (GBytes         *payload,
                                               const guint8   *public_key,
                                               GError        **error);

/* Reads the header only: how @file is sealed. INVALID, NEWER or DAMAGED
 * (a header cut short or with impossible values). */
gboolean  mc_case_file_peek                   (GBytes         *file,
                                               McCaseFileSeal *out_seal,
                                               GError        **error);

/* The payload, in memory that is wiped when it is freed. */
GBytes   *mc_case_file_open_with_passphrase   (GBytes         *file,
                                               const char     *passphrase,
                                               GError        **error);
GBytes   *mc_case_file_open_with_key          (GBytes         *file,
                                               const guint8   *public_key,
                                               const McSecret *secret_key,
                                               GError        **error);

/* The key pair of a store, derived from its data key (crypto_kdf, its own
 * context): the same for a store and every restore of its backups. */
McSecret *mc_case_file_derive_secret_key      (const McSecret *data_key);
void      mc_case_file_public_key             (const McSecret *secret_key,
                                               guint8         *out_public_key);

/* The whole public key and a checksum in groups of four characters of
 * Crockford's base32: "7K3M-…" (14 groups). */
char     *mc_case_file_format_fingerprint     (const guint8   *public_key);
/* Reads a fingerprint as people type it: any case, with or without the
 * dashes and spaces, O for 0 and I or L for 1. BAD_FINGERPRINT when it
 * does not read or its checksum fails. */
gboolean  mc_case_file_parse_fingerprint      (const char     *fingerprint,
                                               guint8         *out_public_key,
                                               GError        **error);

G_END_DECLS
