/* mc-case-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Format 1, all integers little-endian:
 *
 *   offset size
 *        0    8  magic "MELDCASE"
 *        8    1  format version, 1
 *        9    1  sealing mode: 1 transfer passphrase, 2 a store's public key
 *       10    2  zero
 *   mode 1:
 *       12    4  Argon2id passes (opslimit)
 *       16    4  Argon2id memory in KiB (memlimit / 1024)
 *       20   16  salt
 *       36   16  key check: BLAKE2b-128 keyed with the derived key over
 *                "meldcase-check", so a wrong passphrase is told from damage
 *       52   24  nonce
 *       76       ciphertext
 *   mode 2:
 *       12   32  the receiving store's public key (X25519)
 *       44   32  the sender's one-time public key for this file
 *       76   24  nonce
 *      100       ciphertext
 *
 * The ciphertext is XChaCha20-Poly1305 (IETF) of the payload with the
 * header, every byte before it, as associated data; the tag is its last 16
 * bytes. The derived key: mode 1, Argon2id13 of the passphrase (NFC, with
 * spaces and dashes taken out) with the salt; mode 2, BLAKE2b-256 of the
 * X25519 shared secret, the one-time public key and the receiver's public
 * key. The encryption key is BLAKE2b-256 keyed with the derived key over
 * "meldcase-encrypt".
 */

#define G_LOG_DOMAIN "mc-case-file"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "mc-case-file.h"

#define MAGIC            "MELDCASE"
#define MAGIC_SIZE       8
#define PREFIX_SIZE      12
#define SALT_SIZE        16
#define CHECK_SIZE       16
#define NONCE_SIZE       crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_SIZE         crypto_aead_xchacha20poly1305_ietf_ABYTES
#define KEY_SIZE         32
#define HEADER_1_SIZE    (PREFIX_SIZE + 4 + 4 + SALT_SIZE + CHECK_SIZE + NONCE_SIZE)
#define HEADER_2_SIZE    (PREFIX_SIZE + KEY_SIZE + KEY_SIZE + NONCE_SIZE)

/* Costs a file may ask for: libsodium's minimum up to its SENSITIVE
 * passes and 1 GiB, so a changed header cannot make a receiver spend
 * minutes or all its memory before the file is refused. */
#define MAX_OPSLIMIT     crypto_pwhash_OPSLIMIT_SENSITIVE
#define MAX_MEMLIMIT_KIB (1024 * 1024)
#define TEST_MEMLIMIT    (8 * 1024 * 1024)

/* crypto_kdf contexts are exactly 8 characters (see mc-audit.c). */
#define TRANSFER_KDF_CONTEXT "mcxfer01"
#define TRANSFER_KDF_SUBKEY  1

#define FINGERPRINT_CHECK_SIZE 3
#define FINGERPRINT_RAW_SIZE   (KEY_SIZE + FINGERPRINT_CHECK_SIZE)
#define FINGERPRINT_CHARS      (FINGERPRINT_RAW_SIZE * 8 / 5)

static const char base32_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

G_DEFINE_QUARK (mc-case-file-error-quark, mc_case_file_error)

G_STATIC_ASSERT (FINGERPRINT_RAW_SIZE * 8 % 5 == 0);

static void
put_u32 (guint8  *p,
         guint32  value)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (guint8) (value >> (8 * i));
}

static guint32
get_u32 (const guint8 *p)
{
  guint32 value = 0;

  for (guint i = 0; i < 4; i++)
    value |= (guint32) p[i] << (8 * i);
  return value;
}

static void
wipe_and_free (gpointer data)
{
  /* The size is kept in front of the data, so the whole buffer is wiped. */
  gsize *block = (gsize *) data - 1;

  sodium_memzero (data, *block);
  g_free (block);
}

/* A buffer whose contents are wiped when the GBytes made of it is freed. */
static guint8 *
wiped_alloc (gsize size)
{
  gsize *block = g_malloc (sizeof (gsize) + MAX (size, 1));

  *block = size;
  return (guint8 *) (block + 1);
}

static GBytes *
wiped_bytes (guint8 *data,
             gsize   size)
{
  return g_bytes_new_with_free_func (data, size, wipe_and_free, data);
}

/* The key to encrypt with, and the key check, from the derived key. */
static void
split_key (const guint8 *derived,
           guint8       *out_key,
           guint8       *out_check)
{
  static const char encrypt_label[] = "meldcase-encrypt";
  static const char check_label[] = "meldcase-check";

  crypto_generichash (out_key, KEY_SIZE, (const guint8 *) encrypt_label,
                      strlen (encrypt_label), derived, KEY_SIZE);
  if (out_check != NULL)
    crypto_generichash (out_check, CHECK_SIZE, (const guint8 *) check_label,
                        strlen (check_label), derived, KEY_SIZE);
}

/* The passphrase as the key derivation sees it: NFC, without the spaces
 * and dashes people put in to read it out. NULL when it is not UTF-8. */
static char *
normalize_passphrase (const char *passphrase)
{
  g_autofree char *normal = NULL;
  GString *out;

  if (!g_utf8_validate (passphrase, -1, NULL))
    return NULL;
  normal = g_utf8_normalize (passphrase, -1, G_NORMALIZE_NFC);
  out = g_string_sized_new (strlen (normal));
  for (const char *p = normal; *p != '\0'; p++)
    if (*p != ' ' && *p != '-' && *p != '\t')
      g_string_append_c (out, *p);
  sodium_memzero (normal, strlen (normal));

  return g_string_free (out, FALSE);
}

static void
free_passphrase (char *passphrase)
{
  if (passphrase == NULL)
    return;
  sodium_memzero (passphrase, strlen (passphrase));
  g_free (passphrase);
}

static gboolean
derive_from_passphrase (const char    *passphrase,
                        const guint8  *salt,
                        guint32        opslimit,
                        guint64        memlimit,
                        guint8        *out_derived,
                        GError       **error)
{
  char *normal = normalize_passphrase (passphrase);
  int rc;

  if (normal == NULL)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WRONG_PASSPHRASE,
                           _("The transfer passphrase is not valid UTF-8 text."));
      return FALSE;
    }
  rc = crypto_pwhash (out_derived, KEY_SIZE, normal, strlen (normal), salt,
                      opslimit, (size_t) memlimit, crypto_pwhash_ALG_ARGON2ID13);
  free_passphrase (normal);
  if (rc != 0)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_DAMAGED,
                           _("Not enough memory to open the case file."));
      return FALSE;
    }
  return TRUE;
}

static GBytes *
seal (const guint8  *header,
      gsize          header_size,
      const guint8  *key,
      GBytes        *payload)
{
  gsize payload_size;
  const guint8 *plain = g_bytes_get_data (payload, &payload_size);
  gsize size = header_size + payload_size + TAG_SIZE;
  guint8 *out = g_malloc (size);
  unsigned long long written = 0;

  memcpy (out, header, header_size);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + header_size, &written,
                                              plain, payload_size,
                                              header, header_size,
                                              NULL, header + header_size - NONCE_SIZE, key);
  g_assert (written == payload_size + TAG_SIZE);

  return g_bytes_new_take (out, size);
}

static GBytes *
unseal (const guint8  *data,
        gsize          size,
        gsize          header_size,
        const guint8  *key,
        GError       **error)
{
  gsize cipher_size = size - header_size;
  guint8 *plain;
  unsigned long long plain_size = 0;

  if (size < header_size + TAG_SIZE)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_DAMAGED,
                           _("The case file is cut short: it was damaged or not copied whole."));
      return NULL;
    }
  plain = wiped_alloc (cipher_size - TAG_SIZE);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (plain, &plain_size, NULL,
                                                  data + header_size, cipher_size,
                                                  data, header_size,
                                                  data + header_size - NONCE_SIZE, key) != 0)
    {
      wipe_and_free (plain);
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_DAMAGED,
                           _("The case file was changed or damaged after it was sealed; "
                             "nothing was read from it."));
      return NULL;
    }

  return wiped_bytes (plain, (gsize) plain_size);
}

char *
mc_case_file_generate_passphrase (void)
{
  GString *out = g_string_new (NULL);

  for (guint group = 0; group < 6; group++)
    {
      if (group > 0)
        g_string_append_c (out, '-');
      for (guint i = 0; i < 4; i++)
        g_string_append_c (out, (char) ('0' + randombytes_uniform (10)));
    }

  return g_string_free (out, FALSE);
}

static void
kdf_cost_limits (McKdfCost  cost,
                 guint32   *opslimit,
                 guint64   *memlimit)
{
  switch (cost)
    {
    case MC_KDF_COST_MODERATE:
      *opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
      *memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
    case MC_KDF_COST_INTERACTIVE:
      *opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      *memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      break;
    case MC_KDF_COST_TEST:
    default:
      *opslimit = crypto_pwhash_OPSLIMIT_MIN;
      *memlimit = TEST_MEMLIMIT;
      break;
    }
}

static void
write_prefix (guint8         *header,
              McCaseFileSeal  seal_mode)
{
  memcpy (header, MAGIC, MAGIC_SIZE);
  header[8] = MC_CASE_FILE_VERSION;
  header[9] = (guint8) seal_mode;
  header[10] = 0;
  header[11] = 0;
}

GBytes *
mc_case_file_seal_with_passphrase (GBytes      *payload,
                                   const char  *passphrase,
                                   McKdfCost    cost,
                                   GError     **error)
{
  guint8 header[HEADER_1_SIZE];
  guint8 derived[KEY_SIZE];
  guint8 key[KEY_SIZE];
  guint32 opslimit;
  guint64 memlimit;
  char *normal;
  gsize length;
  GBytes *sealed;

  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);

  if ((normal = normalize_passphrase (passphrase)) == NULL)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WEAK,
                           _("The transfer passphrase is not valid UTF-8 text."));
      return NULL;
    }
  length = g_utf8_strlen (normal, -1);
  free_passphrase (normal);
  if (length < MC_CASE_FILE_MIN_PASSPHRASE)
    {
      g_set_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WEAK,
                   _("A transfer passphrase needs at least %d characters (spaces and dashes "
                     "not counted)."),
                   MC_CASE_FILE_MIN_PASSPHRASE);
      return NULL;
    }

  kdf_cost_limits (cost, &opslimit, &memlimit);
  write_prefix (header, MC_CASE_FILE_SEAL_PASSPHRASE);
  put_u32 (header + 12, opslimit);
  put_u32 (header + 16, (guint32) (memlimit / 1024));
  randombytes_buf (header + 20, SALT_SIZE);
  randombytes_buf (header + 52, NONCE_SIZE);

  if (!derive_from_passphrase (passphrase, header + 20, opslimit, memlimit, derived, error))
    return NULL;
  split_key (derived, key, header + 36);
  sealed = seal (header, sizeof header, key, payload);
  sodium_memzero (derived, sizeof derived);
  sodium_memzero (key, sizeof key);

  return sealed;
}

static void
derive_from_shared (const guint8 *shared,
                    const guint8 *ephemeral_public,
                    const guint8 *recipient_public,
                    guint8       *out_derived)
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, KEY_SIZE);
  crypto_generichash_update (&state, shared, crypto_scalarmult_BYTES);
  crypto_generichash_update (&state, ephemeral_public, KEY_SIZE);
  crypto_generichash_update (&state, recipient_public, KEY_SIZE);
  crypto_generichash_final (&state, out_derived, KEY_SIZE);
  sodium_memzero (&state, sizeof state);
}

GBytes *
mc_case_file_seal_to_key (GBytes        *payload,
                          const guint8  *public_key,
                          GError       **error)
{
  guint8 header[HEADER_2_SIZE];
  guint8 ephemeral_secret[KEY_SIZE];
  guint8 shared[crypto_scalarmult_BYTES];
  guint8 derived[KEY_SIZE];
  guint8 key[KEY_SIZE];
  GBytes *sealed;

  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (public_key != NULL, NULL);

  write_prefix (header, MC_CASE_FILE_SEAL_PUBLIC_KEY);
  memcpy (header + 12, public_key, KEY_SIZE);
  randombytes_buf (ephemeral_secret, sizeof ephemeral_secret);
  crypto_scalarmult_base (header + 44, ephemeral_secret);
  randombytes_buf (header + 76, NONCE_SIZE);

  if (crypto_scalarmult (shared, ephemeral_secret, public_key) != 0)
    {
      sodium_memzero (ephemeral_secret, sizeof ephemeral_secret);
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_BAD_FINGERPRINT,
                           _("The fingerprint is not a store’s key."));
      return NULL;
    }
  sodium_memzero (ephemeral_secret, sizeof ephemeral_secret);
  derive_from_shared (shared, header + 44, public_key, derived);
  split_key (derived, key, NULL);
  sealed = seal (header, sizeof header, key, payload);
  sodium_memzero (shared, sizeof shared);
  sodium_memzero (derived, sizeof derived);
  sodium_memzero (key, sizeof key);

  return sealed;
}

gboolean
mc_case_file_peek (GBytes          *file,
                   McCaseFileSeal  *out_seal,
                   GError         **error)
{
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (file != NULL, FALSE);

  data = g_bytes_get_data (file, &size);
  if (size < MAGIC_SIZE || memcmp (data, MAGIC, MAGIC_SIZE) != 0)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_INVALID,
                           _("This is not a Meldcode case file (.meldcase)."));
      return FALSE;
    }
  if (size > MC_CASE_FILE_MAX_SIZE)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_INVALID,
                           _("The case file is too large to be a case file."));
      return FALSE;
    }
  if (size < PREFIX_SIZE)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_DAMAGED,
                           _("The case file is cut short: it was damaged or not copied whole."));
      return FALSE;
    }
  if (data[8] != MC_CASE_FILE_VERSION
      || (data[9] != MC_CASE_FILE_SEAL_PASSPHRASE && data[9] != MC_CASE_FILE_SEAL_PUBLIC_KEY)
      || data[10] != 0 || data[11] != 0)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR,
                           data[8] > MC_CASE_FILE_VERSION ? MC_CASE_FILE_ERROR_NEWER
                                                          : MC_CASE_FILE_ERROR_DAMAGED,
                           data[8] > MC_CASE_FILE_VERSION
                             ? _("The case file was made by a newer version of Meldcode; update "
                                 "Meldcode to receive it.")
                             : _("The case file’s header is damaged; nothing was read from it."));
      return FALSE;
    }
  if (size < (data[9] == MC_CASE_FILE_SEAL_PASSPHRASE ? HEADER_1_SIZE : HEADER_2_SIZE) + TAG_SIZE)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_DAMAGED,
                           _("The case file is cut short: it was damaged or not copied whole."));
      return FALSE;
    }
  if (data[9] == MC_CASE_FILE_SEAL_PASSPHRASE)
    {
      guint32 opslimit = get_u32 (data + 12);
      guint32 memlimit_kib = get_u32 (data + 16);

      if (opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > MAX_OPSLIMIT
          || (guint64) memlimit_kib * 1024 < crypto_pwhash_MEMLIMIT_MIN
          || memlimit_kib > MAX_MEMLIMIT_KIB)
        {
          g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_DAMAGED,
                               _("The case file’s header is damaged; nothing was read from it."));
          return FALSE;
        }
    }

  if (out_seal != NULL)
    *out_seal = (McCaseFileSeal) data[9];
  return TRUE;
}

static gboolean
expect_seal (GBytes          *file,
             McCaseFileSeal   expected,
             GError         **error)
{
  McCaseFileSeal seal_mode;

  if (!mc_case_file_peek (file, &seal_mode, error))
    return FALSE;
  if (seal_mode != expected)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR,
                           expected == MC_CASE_FILE_SEAL_PASSPHRASE
                             ? MC_CASE_FILE_ERROR_WRONG_KEY : MC_CASE_FILE_ERROR_WRONG_PASSPHRASE,
                           expected == MC_CASE_FILE_SEAL_PASSPHRASE
                             ? _("This case file is sealed to a store’s key, not with a passphrase.")
                             : _("This case file is sealed with a transfer passphrase."));
      return FALSE;
    }
  return TRUE;
}

GBytes *
mc_case_file_open_with_passphrase (GBytes      *file,
                                   const char  *passphrase,
                                   GError     **error)
{
  const guint8 *data;
  gsize size;
  guint8 derived[KEY_SIZE];
  guint8 key[KEY_SIZE];
  guint8 check[CHECK_SIZE];
  GBytes *payload;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);

  if (!expect_seal (file, MC_CASE_FILE_SEAL_PASSPHRASE, error))
    return NULL;
  data = g_bytes_get_data (file, &size);
  if (!derive_from_passphrase (passphrase, data + 20, get_u32 (data + 12),
                               (guint64) get_u32 (data + 16) * 1024, derived, error))
    return NULL;
  split_key (derived, key, check);
  sodium_memzero (derived, sizeof derived);
  if (sodium_memcmp (check, data + 36, CHECK_SIZE) != 0)
    {
      sodium_memzero (key, sizeof key);
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WRONG_PASSPHRASE,
                           _("The transfer passphrase does not open this case file."));
      return NULL;
    }
  payload = unseal (data, size, HEADER_1_SIZE, key, error);
  sodium_memzero (key, sizeof key);

  return payload;
}

GBytes *
mc_case_file_open_with_key (GBytes          *file,
                            const guint8    *public_key,
                            const McSecret  *secret_key,
                            GError         **error)
{
  const guint8 *data;
  gsize size;
  guint8 shared[crypto_scalarmult_BYTES];
  guint8 derived[KEY_SIZE];
  guint8 key[KEY_SIZE];
  GBytes *payload;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (public_key != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);

  if (!expect_seal (file, MC_CASE_FILE_SEAL_PUBLIC_KEY, error))
    return NULL;
  data = g_bytes_get_data (file, &size);
  if (sodium_memcmp (data + 12, public_key, KEY_SIZE) != 0)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_WRONG_KEY,
                           _("This case file is sealed to another store’s key, not to this "
                             "store’s."));
      return NULL;
    }
  if (crypto_scalarmult (shared, mc_secret_get_data (secret_key), data + 44) != 0)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_DAMAGED,
                           _("The case file’s header is damaged; nothing was read from it."));
      return NULL;
    }
  derive_from_shared (shared, data + 44, public_key, derived);
  sodium_memzero (shared, sizeof shared);
  split_key (derived, key, NULL);
  sodium_memzero (derived, sizeof derived);
  payload = unseal (data, size, HEADER_2_SIZE, key, error);
  sodium_memzero (key, sizeof key);

  return payload;
}

McSecret *
mc_case_file_derive_secret_key (const McSecret *data_key)
{
  guint8 seed[KEY_SIZE];
  McSecret *secret;

  g_return_val_if_fail (data_key != NULL, NULL);
  g_return_val_if_fail (mc_secret_get_size (data_key) == crypto_kdf_KEYBYTES, NULL);

  /* An X25519 secret key is any 32 bytes (the scalar is clamped). */
  if (crypto_kdf_derive_from_key (seed, sizeof seed, TRANSFER_KDF_SUBKEY, TRANSFER_KDF_CONTEXT,
                                  mc_secret_get_data (data_key)) != 0)
    g_error ("Cannot derive the store's transfer key");
  secret = mc_secret_new_from_data (seed, sizeof seed);
  sodium_memzero (seed, sizeof seed);

  return secret;
}

void
mc_case_file_public_key (const McSecret *secret_key,
                         guint8         *out_public_key)
{
  g_return_if_fail (secret_key != NULL);
  g_return_if_fail (out_public_key != NULL);

  crypto_scalarmult_base (out_public_key, mc_secret_get_data (secret_key));
}

static void
fingerprint_check (const guint8 *public_key,
                   guint8       *out_check)
{
  static const char label[] = "meldcode-fingerprint";
  guint8 hash[crypto_generichash_BYTES_MIN];

  crypto_generichash (hash, sizeof hash, public_key, KEY_SIZE,
                      (const guint8 *) label, strlen (label));
  memcpy (out_check, hash, FINGERPRINT_CHECK_SIZE);
}

char *
mc_case_file_format_fingerprint (const guint8 *public_key)
{
  guint8 raw[FINGERPRINT_RAW_SIZE];
  GString *out = g_string_new (NULL);
  guint bits = 0;
  guint buffer = 0;
  guint chars = 0;

  g_return_val_if_fail (public_key != NULL, NULL);

  memcpy (raw, public_key, KEY_SIZE);
  fingerprint_check (public_key, raw + KEY_SIZE);
  for (guint i = 0; i < sizeof raw; i++)
    {
      buffer = (buffer << 8) | raw[i];
      bits += 8;
      while (bits >= 5)
        {
          if (chars > 0 && chars % 4 == 0)
            g_string_append_c (out, '-');
          g_string_append_c (out, base32_alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
          chars++;
        }
    }
  g_assert (bits == 0 && chars == FINGERPRINT_CHARS);

  return g_string_free (out, FALSE);
}

static int
base32_value (char c)
{
  c = g_ascii_toupper (c);
  if (c == 'O')
    c = '0';
  else if (c == 'I' || c == 'L')
    c = '1';
  for (int i = 0; i < 32; i++)
    if (base32_alphabet[i] == c)
      return i;
  return -1;
}

gboolean
mc_case_file_parse_fingerprint (const char  *fingerprint,
                                guint8      *out_public_key,
                                GError     **error)
{
  guint8 raw[FINGERPRINT_RAW_SIZE];
  guint8 check[FINGERPRINT_CHECK_SIZE];
  guint bits = 0;
  guint buffer = 0;
  gsize n = 0;
  guint chars = 0;

  g_return_val_if_fail (fingerprint != NULL, FALSE);
  g_return_val_if_fail (out_public_key != NULL, FALSE);

  for (const char *p = fingerprint; *p != '\0'; p++)
    {
      int value;

      if (*p == '-' || *p == ' ')
        continue;
      if ((value = base32_value (*p)) < 0 || chars >= FINGERPRINT_CHARS)
        {
          chars = G_MAXUINT;
          break;
        }
      buffer = ((buffer << 5) | (guint) value) & 0xfff;
      bits += 5;
      chars++;
      if (bits >= 8)
        {
          raw[n++] = (guint8) (buffer >> (bits - 8));
          bits -= 8;
        }
    }
  if (chars != FINGERPRINT_CHARS)
    {
      g_set_error (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_BAD_FINGERPRINT,
                   _("A store’s fingerprint is %d letters and digits in groups of four; "
                     "this one does not read."), FINGERPRINT_CHARS);
      return FALSE;
    }
  g_assert (n == sizeof raw);
  fingerprint_check (raw, check);
  if (memcmp (check, raw + KEY_SIZE, FINGERPRINT_CHECK_SIZE) != 0)
    {
      g_set_error_literal (error, MC_CASE_FILE_ERROR, MC_CASE_FILE_ERROR_BAD_FINGERPRINT,
                           _("The fingerprint has a typing error: its last group does not match "
                             "the rest."));
      return FALSE;
    }
  memcpy (out_public_key, raw, KEY_SIZE);

  return TRUE;
}
