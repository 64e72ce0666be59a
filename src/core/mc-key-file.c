/* mc-key-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * File format, version 2 (integers big-endian), 8192 bytes: two identical
 * copies of 4096 bytes, each a 4 KiB block of its own, so one flipped byte
 * or one unreadable sector leaves the other copy whole. Each copy:
 *
 *   magic "MCKEY\0" (6), format version (2),
 *   key check (16): BLAKE2b keyed with the data key, so a wrong data key
 *     passed to a re-wrap is caught instead of locking the store,
 *   the passphrase wrap, then the recovery key wrap, each:
 *     kind (1: 1 passphrase, 2 recovery key), KDF (1: 1 = Argon2id v1.3),
 *     opslimit (4), memlimit in bytes (8), salt (16), nonce (24),
 *     wrapped data key (32 + 16 tag),
 *   the anchor of the audit trail (88): counter (8), last row id (8), row
 *     count (8), last row hash (32), MAC (32) keyed with a subkey of the
 *     data key; all zero before the first anchor,
 *   zero padding up to the checksum,
 *   checksum (32): BLAKE2b of everything before it in the copy.
 *
 * Version 1 (260 bytes) is one copy without the anchor and the padding; it
 * is still read, and written as version 2 at the next write.
 *
 * The checksum tells a damaged copy from a wrong passphrase; a file whose
 * copies both fail it is damaged. The additional data of each wrap binds
 * the magic, wrap format 1 and the kind, so the two wraps cannot be
 * swapped; it is the same in both versions, so wraps move from a version 1
 * file to a version 2 file unchanged.
 *
 * Every write of a store's key file holds an exclusive flock() on the
 * store's folder and reads the file again under it, so two processes never
 * overwrite each other's change.
 */

#define G_LOG_DOMAIN "mc-key-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mc-key-file.h"

#define FORMAT_VERSION  2
#define WRAP_AD_VERSION 1       /* the version the wraps' additional data names */
#define MAGIC           "MCKEY"
#define MAGIC_SIZE      6       /* with its NUL */
#define HEADER_SIZE     (MAGIC_SIZE + 2)
#define KEY_CHECK_SIZE  16
#define SALT_SIZE       crypto_pwhash_SALTBYTES
#define NONCE_SIZE      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define WRAPPED_SIZE    (MC_DATA_KEY_SIZE + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define WRAP_SIZE       (1 + 1 + 4 + 8 + SALT_SIZE + NONCE_SIZE + WRAPPED_SIZE)
#define CHECKSUM_SIZE   32
#define V1_FILE_SIZE    (HEADER_SIZE + KEY_CHECK_SIZE + 2 * WRAP_SIZE + CHECKSUM_SIZE)
#define ANCHOR_HASH_SIZE 32
#define ANCHOR_SIZE     (8 + 8 + 8 + ANCHOR_HASH_SIZE + ANCHOR_HASH_SIZE)
#define COPY_SIZE       4096
#define COPY_BODY_SIZE  (COPY_SIZE - CHECKSUM_SIZE)
#define N_COPIES        2
#define FILE_SIZE       (N_COPIES * COPY_SIZE)
#define AD_SIZE         (HEADER_SIZE + 1)

/* crypto_kdf contexts are exactly 8 characters. */
#define ANCHOR_KDF_CONTEXT "mcanchor"
#define ANCHOR_KDF_SUBKEY_ID 1

/* How long a write waits for another process's write of the key file. */
#define LOCK_WAIT_US    (10 * G_USEC_PER_SEC)

/* Bounds for what a file may ask of us, so a hostile one cannot make us
 * read or allocate without limit. The Argon2id maxima are four times
 * libsodium's SENSITIVE passes and its SENSITIVE memory. */
#define MAX_FILE_SIZE   (64 * 1024)
#define MAX_OPSLIMIT    16
#define MAX_MEMLIMIT    (G_GUINT64_CONSTANT (1) << 30)

#define KDF_ARGON2ID13  1

#define TEST_MEMLIMIT   (8 * 1024 * 1024)

#define RECOVERY_KEY_LENGTH   40
#define RECOVERY_KEY_RANDOM   38
#define RECOVERY_KEY_GROUP    5

#define PASSPHRASE_MIN_LENGTH          10
#define PASSPHRASE_MIN_LENGTH_ONE_KIND 16
#define PASSPHRASE_MIN_DISTINCT        5

static const char key_check_message[] = "Meldcode data key check";
static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

typedef enum
{
  WRAP_PASSPHRASE = 1,
  WRAP_RECOVERY_KEY = 2,
} WrapKind;

typedef struct
{
  guint32 opslimit;
  guint64 memlimit;
  guint8  salt[SALT_SIZE];
  guint8  nonce[NONCE_SIZE];
  guint8  wrapped[WRAPPED_SIZE];
} Wrap;

struct _McSecret
{
  gsize   size;
  guint8 *data;
};

typedef struct
{
  guint64 counter;
  gint64  last_id;
  gint64  row_count;
  guint8  last_hash[ANCHOR_HASH_SIZE];
  guint8  mac[ANCHOR_HASH_SIZE];
} Anchor;

/* @passphrase is the wrap as it was when the file was loaded (or last
 * written by this object): a change of passphrase is refused when the file
 * on disk no longer has it, since another program changed it meanwhile. */
struct _McKeyFile
{
  char    *path;
  guint    version;     /* as read; written files are always FORMAT_VERSION */
  guint8   key_check[KEY_CHECK_SIZE];
  Wrap     passphrase;
  Wrap     recovery_key;
  Anchor   anchor;
};

G_DEFINE_QUARK (mc-key-file-error-quark, mc_key_file_error)

static gpointer
init_sodium_once (gpointer data)
{
  if (sodium_init () < 0)
    g_error ("libsodium could not be initialized");
  return NULL;
}

static void
ensure_sodium (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_sodium_once, NULL);
}

/* McSecret */

/* Writable until secret_seal(); the extra byte is the NUL terminator. */
static McSecret *
secret_alloc (gsize size)
{
  McSecret *secret;

  ensure_sodium ();

  secret = g_new0 (McSecret, 1);
  secret->size = size;
  secret->data = sodium_malloc (size + 1);
  if (secret->data == NULL)
    g_error ("Could not allocate %" G_GSIZE_FORMAT " bytes of secure memory", size + 1);
  secret->data[size] = '\0';

  return secret;
}

static void
secret_seal (McSecret *secret)
{
  /* Fails only where the platform has no mprotect(); the memory is still
   * guarded and wiped then. */
  sodium_mprotect_readonly (secret->data);
}

McSecret *
mc_secret_new_random (gsize size)
{
  McSecret *secret;

  g_return_val_if_fail (size > 0, NULL);

  secret = secret_alloc (size);
  randombytes_buf (secret->data, size);
  secret_seal (secret);

  return secret;
}

McSecret *
mc_secret_new_from_data (const guint8 *data,
                         gsize         size)
{
  McSecret *secret;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  secret = secret_alloc (size);
  if (size > 0)
    memcpy (secret->data, data, size);
  secret_seal (secret);

  return secret;
}

const guint8 *
mc_secret_get_data (const McSecret *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);

  return secret->data;
}

gsize
mc_secret_get_size (const McSecret *secret)
{
  g_return_val_if_fail (secret != NULL, 0);

  return secret->size;
}

McSecret *
mc_secret_to_sqlcipher_key (const McSecret *secret)
{
  McSecret *text;
  char *chars;

  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (secret->size == MC_DATA_KEY_SIZE, NULL);

  /* x ' hex ' */
  text = secret_alloc (2 + 2 * MC_DATA_KEY_SIZE + 1);
  chars = (char *) text->data;
  chars[0] = 'x';
  chars[1] = '\'';
  sodium_bin2hex (chars + 2, 2 * MC_DATA_KEY_SIZE + 1, secret->data, secret->size);
  chars[2 + 2 * MC_DATA_KEY_SIZE] = '\'';
  chars[text->size] = '\0';
  secret_seal (text);

  return text;
}

void
mc_secret_free (McSecret *secret)
{
  if (secret == NULL)
    return;

  /* sodium_free() makes the pages writable again and zeroes them. */
  sodium_free (secret->data);
  g_free (secret);
}

/* Passphrases */

typedef struct
{
  glong    length;
  guint    kinds;     /* bit mask of the kinds below */
  guint    distinct;  /* counted up to PASSPHRASE_MIN_DISTINCT */
  gunichar seen[PASSPHRASE_MIN_DISTINCT];
} PassphraseStats;

enum
{
  KIND_LOWER = 1 << 0,
  KIND_UPPER = 1 << 1,
  KIND_DIGIT = 1 << 2,
  KIND_OTHER = 1 << 3,
};

static guint
kind_of (gunichar c)
{
  if (g_unichar_isupper (c) || g_unichar_istitle (c))
    return KIND_UPPER;
  /* Letters without case (as in many scripts) count with the lowercase. */
  if (g_unichar_islower (c) || g_unichar_isalpha (c))
    return KIND_LOWER;
  if (g_unichar_isdigit (c))
    return KIND_DIGIT;
  return KIND_OTHER;
}

static void
passphrase_stats (const char      *passphrase,
                  PassphraseStats *stats)
{
  const char *p;

  memset (stats, 0, sizeof *stats);

  for (p = passphrase; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      stats->length++;
      stats->kinds |= kind_of (c);

      if (stats->distinct < PASSPHRASE_MIN_DISTINCT)
        {
          guint i;

          for (i = 0; i < stats->distinct && stats->seen[i] != c; i++)
            ;
          if (i == stats->distinct)
            stats->seen[stats->distinct++] = c;
        }
    }
}

static gboolean
passphrase_stats_check (const PassphraseStats  *stats,
                        GError                **error)
{
  if (stats->length < PASSPHRASE_MIN_LENGTH)
    {
      g_set_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WEAK,
                   ngettext ("The passphrase is too short. Use at least %d character.",
                             "The passphrase is too short. Use at least %d characters.",
                             PASSPHRASE_MIN_LENGTH),
                   PASSPHRASE_MIN_LENGTH);
      return FALSE;
    }

  if (stats->distinct < PASSPHRASE_MIN_DISTINCT)
    {
      g_set_error_literal (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WEAK,
                           _("The passphrase repeats the same few characters. Use more different characters."));
      return FALSE;
    }

  /* One bit in the mask: only one kind of character. */
  if (stats->length < PASSPHRASE_MIN_LENGTH_ONE_KIND && (stats->kinds & (stats->kinds - 1)) == 0)
    {
      g_set_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WEAK,
                   ngettext ("The passphrase is too simple. Mix letters with digits or other characters, or use at least %d character.",
                             "The passphrase is too simple. Mix letters with digits or other characters, or use at least %d characters.",
                             PASSPHRASE_MIN_LENGTH_ONE_KIND),
                   PASSPHRASE_MIN_LENGTH_ONE_KIND);
      return FALSE;
    }

  return TRUE;
}

/* Passphrases are UTF-8 text: what a person types, and what NFC is defined
 * for. Anything else (bytes from a terminal in another character set) is
 * refused with @code rather than derived from as it is. */
static gboolean
passphrase_is_text (const char      *passphrase,
                    McKeyFileError   code,
                    GError         **error)
{
  if (g_utf8_validate (passphrase, -1, NULL))
    return TRUE;

  g_set_error_literal (error, MC_KEY_FILE_ERROR, code,
                       _("The passphrase is not valid UTF-8 text. Type it again in a terminal that uses UTF-8."));
  return FALSE;
}

gboolean
mc_passphrase_check (const char  *passphrase,
                     GError     **error)
{
  PassphraseStats stats;
  gboolean ok;

  g_return_val_if_fail (passphrase != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!passphrase_is_text (passphrase, MC_KEY_FILE_ERROR_WEAK, error))
    return FALSE;

  passphrase_stats (passphrase, &stats);
  ok = passphrase_stats_check (&stats, error);
  sodium_memzero (&stats, sizeof stats);

  return ok;
}

McPassphraseStrength
mc_passphrase_strength (const char *passphrase)
{
  /* log2 of the number of characters of the kinds used (26 lowercase, 26
   * uppercase, 10 digits, 33 others), in hundredths of a bit, by kind mask. */
  static const guint centibits_per_char[16] = {
    0, 470, 470, 570, 332, 517, 517, 595, 504, 588, 588, 641, 543, 611, 611, 657,
  };
  PassphraseStats stats;
  guint64 centibits;

  g_return_val_if_fail (passphrase != NULL, MC_PASSPHRASE_STRENGTH_WEAK);

  if (!passphrase_is_text (passphrase, MC_KEY_FILE_ERROR_WEAK, NULL))
    return MC_PASSPHRASE_STRENGTH_WEAK;

  passphrase_stats (passphrase, &stats);
  sodium_memzero (stats.seen, sizeof stats.seen);
  if (!passphrase_stats_check (&stats, NULL))
    return MC_PASSPHRASE_STRENGTH_WEAK;

  /* The strength of a random choice of that length and alphabet: an upper
   * bound for what a person picks, but it ranks length and variety well. */
  centibits = (guint64) stats.length * centibits_per_char[stats.kinds];
  if (centibits < 7000)
    return MC_PASSPHRASE_STRENGTH_FAIR;
  if (centibits < 9000)
    return MC_PASSPHRASE_STRENGTH_GOOD;
  return MC_PASSPHRASE_STRENGTH_STRONG;
}

/* The same passphrase typed on another keyboard or input method may come as
 * other code points; NFC makes them the same bytes. */
static McSecret *
passphrase_to_secret (const char *passphrase)
{
  McSecret *secret;
  char *nfc;
  gsize len;

  nfc = g_utf8_normalize (passphrase, -1, G_NORMALIZE_NFC);
  g_assert (nfc != NULL);
  len = strlen (nfc);
  secret = secret_alloc (len);
  memcpy (secret->data, nfc, len);
  secret_seal (secret);
  sodium_memzero (nfc, len);
  g_free (nfc);

  return secret;
}

/* Recovery keys
 *
 * The 40 symbols s_i (values 0..31) form a word of a code over GF(32) with
 * the checks  sum s_i = 0  and  sum a^i s_i = 0  (a a primitive element).
 * One wrong symbol breaks the first; two neighbours swapped keep the first
 * but break the second, since a^i (x - y) (1 + a) is never 0. */

static guint8
gf32_mul (guint8 a,
          guint8 b)
{
  guint8 product = 0;

  while (b != 0)
    {
      if (b & 1)
        product ^= a;
      b >>= 1;
      a <<= 1;
      if (a & 0x20)
        a ^= 0x25;  /* x^5 + x^2 + 1, primitive */
    }

  return product;
}

static void
recovery_key_syndromes (const guint8 *symbols,
                        gsize         n,
                        guint8       *s0,
                        guint8       *s1)
{
  guint8 power = 1;
  gsize i;

  *s0 = 0;
  *s1 = 0;
  for (i = 0; i < n; i++)
    {
      *s0 ^= symbols[i];
      *s1 ^= gf32_mul (power, symbols[i]);
      power = gf32_mul (power, 2);
    }
}

static void
recovery_key_generate (guint8 symbols[RECOVERY_KEY_LENGTH])
{
  guint8 sum, s0, s1;
  guint8 c;
  gsize i;

  for (i = 0; i < RECOVERY_KEY_RANDOM; i++)
    symbols[i] = randombytes_uniform (32);
  recovery_key_syndromes (symbols, RECOVERY_KEY_RANDOM, &sum, &s1);

  /* Exactly one pair of check symbols satisfies both checks; trying the 32
   * choices is simpler than dividing in GF(32). */
  for (c = 0; c < 32; c++)
    {
      symbols[RECOVERY_KEY_RANDOM] = sum ^ c;
      symbols[RECOVERY_KEY_RANDOM + 1] = c;
      recovery_key_syndromes (symbols, RECOVERY_KEY_LENGTH, &s0, &s1);
      if (s0 == 0 && s1 == 0)
        return;
    }

  g_assert_not_reached ();
}

static int
crockford_value (char c)
{
  const char *found;

  c = g_ascii_toupper (c);
  if (c == 'O')
    c = '0';
  else if (c == 'I' || c == 'L')
    c = '1';

  if (c == '\0')
    return -1;
  found = strchr (crockford, c);
  return found != NULL ? (int) (found - crockford) : -1;
}

static gboolean
recovery_key_parse (const char  *typed,
                    guint8       symbols[RECOVERY_KEY_LENGTH],
                    GError     **error)
{
  gsize n = 0;
  guint8 s0, s1;
  const char *p;

  for (p = typed; *p != '\0'; p++)
    {
      int value;

      if (*p == '-' || g_ascii_isspace (*p))
        continue;

      value = crockford_value (*p);
      if (value < 0 || n == RECOVERY_KEY_LENGTH)
        break;
      symbols[n++] = value;
    }

  if (*p == '\0' && n == RECOVERY_KEY_LENGTH)
    {
      recovery_key_syndromes (symbols, RECOVERY_KEY_LENGTH, &s0, &s1);
      if (s0 == 0 && s1 == 0)
        return TRUE;
    }

  sodium_memzero (symbols, RECOVERY_KEY_LENGTH);
  g_set_error_literal (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY,
                       _("This is not a valid recovery key. Check it for typing errors."));
  return FALSE;
}

/* What Argon2id derives the recovery wrap key from: the 40 characters
 * without dashes. */
static McSecret *
recovery_key_to_secret (const guint8 symbols[RECOVERY_KEY_LENGTH])
{
  McSecret *secret = secret_alloc (RECOVERY_KEY_LENGTH);
  gsize i;

  for (i = 0; i < RECOVERY_KEY_LENGTH; i++)
    secret->data[i] = crockford[symbols[i]];
  secret_seal (secret);

  return secret;
}

static char *
recovery_key_format (const guint8 symbols[RECOVERY_KEY_LENGTH])
{
  GString *text = g_string_sized_new (RECOVERY_KEY_LENGTH + RECOVERY_KEY_LENGTH / RECOVERY_KEY_GROUP);
  gsize i;

  for (i = 0; i < RECOVERY_KEY_LENGTH; i++)
    {
      if (i > 0 && i % RECOVERY_KEY_GROUP == 0)
        g_string_append_c (text, '-');
      g_string_append_c (text, crockford[symbols[i]]);
    }

  return g_string_free (text, FALSE);
}

char *
mc_recovery_key_normalize (const char  *typed,
                           GError     **error)
{
  guint8 symbols[RECOVERY_KEY_LENGTH];
  char *result;

  g_return_val_if_fail (typed != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!recovery_key_parse (typed, symbols, error))
    return NULL;

  result = recovery_key_format (symbols);
  sodium_memzero (symbols, sizeof symbols);

  return result;
}

/* Wraps */

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
      *opslimit = crypto_pwhash_OPSLIMIT_MIN;
      *memlimit = TEST_MEMLIMIT;
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
kdf_limits_valid (guint32 opslimit,
                  guint64 memlimit)
{
  return opslimit >= crypto_pwhash_OPSLIMIT_MIN && opslimit <= MAX_OPSLIMIT
         && memlimit >= crypto_pwhash_MEMLIMIT_MIN && memlimit <= MAX_MEMLIMIT;
}

static void
wrap_additional_data (WrapKind kind,
                      guint8   ad[AD_SIZE])
{
  memcpy (ad, MAGIC, MAGIC_SIZE);
  ad[MAGIC_SIZE] = WRAP_AD_VERSION >> 8;
  ad[MAGIC_SIZE + 1] = WRAP_AD_VERSION & 0xff;
  ad[HEADER_SIZE] = kind;
}

static McSecret *
derive_wrap_key (const Wrap      *wrap,
                 const McSecret  *password,
                 GError         **error)
{
  McSecret *key;

  g_assert (kdf_limits_valid (wrap->opslimit, wrap->memlimit));

  key = secret_alloc (crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  if (crypto_pwhash (key->data, key->size,
                     (const char *) password->data, password->size,
                     wrap->salt, wrap->opslimit, wrap->memlimit,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      mc_secret_free (key);
      g_set_error_literal (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_IO,
                           _("There is not enough free memory to work with the passphrase. Close other programs and try again."));
      return NULL;
    }
  secret_seal (key);

  return key;
}

static gboolean
wrap_seal (Wrap            *wrap,
           WrapKind         kind,
           const McSecret  *password,
           McKdfCost        cost,
           const McSecret  *data_key,
           GError         **error)
{
  g_autoptr(McSecret) key = NULL;
  guint8 ad[AD_SIZE];

  g_assert (data_key->size == MC_DATA_KEY_SIZE);

  kdf_cost_limits (cost, &wrap->opslimit, &wrap->memlimit);
  randombytes_buf (wrap->salt, sizeof wrap->salt);
  randombytes_buf (wrap->nonce, sizeof wrap->nonce);

  key = derive_wrap_key (wrap, password, error);
  if (key == NULL)
    return FALSE;

  wrap_additional_data (kind, ad);
  crypto_aead_xchacha20poly1305_ietf_encrypt (wrap->wrapped, NULL,
                                              data_key->data, data_key->size,
                                              ad, sizeof ad, NULL,
                                              wrap->nonce, key->data);
  return TRUE;
}

static void
compute_key_check (const McSecret *data_key,
                   guint8          check[KEY_CHECK_SIZE])
{
  crypto_generichash (check, KEY_CHECK_SIZE,
                      (const guint8 *) key_check_message, strlen (key_check_message),
                      data_key->data, data_key->size);
}

static gboolean
key_check_matches (McKeyFile      *self,
                   const McSecret *data_key)
{
  guint8 check[KEY_CHECK_SIZE];

  if (data_key->size != MC_DATA_KEY_SIZE)
    return FALSE;
  compute_key_check (data_key, check);
  return sodium_memcmp (check, self->key_check, KEY_CHECK_SIZE) == 0;
}

static void
set_damaged_error (GError     **error,
                   const char  *path)
{
  if (path != NULL)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_INVALID,
                   _("The key file “%s” of this store is damaged."), name);
    }
  else
    {
      g_set_error_literal (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_INVALID,
                           _("The key file of this store is damaged."));
    }
}

/* NULL with @wrong_code when @password is not the one the wrap was made
 * with (the tag does not verify). */
static McSecret *
wrap_open (McKeyFile       *self,
           const Wrap      *wrap,
           WrapKind         kind,
           const McSecret  *password,
           McKeyFileError   wrong_code,
           const char      *wrong_message,
           GError         **error)
{
  g_autoptr(McSecret) key = NULL;
  g_autoptr(McSecret) data_key = NULL;
  guint8 ad[AD_SIZE];

  key = derive_wrap_key (wrap, password, error);
  if (key == NULL)
    return NULL;

  wrap_additional_data (kind, ad);
  data_key = secret_alloc (MC_DATA_KEY_SIZE);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (data_key->data, NULL, NULL,
                                                  wrap->wrapped, sizeof wrap->wrapped,
                                                  ad, sizeof ad,
                                                  wrap->nonce, key->data) != 0)
    {
      g_set_error_literal (error, MC_KEY_FILE_ERROR, wrong_code, wrong_message);
      return NULL;
    }
  secret_seal (data_key);

  if (!key_check_matches (self, data_key))
    {
      set_damaged_error (error, self->path);
      return NULL;
    }

  return g_steal_pointer (&data_key);
}

/* Serializing and parsing */

static guint8 *
put_bytes (guint8     *p,
           const void *data,
           gsize       size)
{
  memcpy (p, data, size);
  return p + size;
}

static guint8 *
put_uint (guint8  *p,
          guint64  value,
          gsize    size)
{
  gsize i;

  for (i = 0; i < size; i++)
    p[i] = (value >> (8 * (size - 1 - i))) & 0xff;
  return p + size;
}

static guint8 *
put_wrap (guint8     *p,
          const Wrap *wrap,
          WrapKind    kind)
{
  p = put_uint (p, kind, 1);
  p = put_uint (p, KDF_ARGON2ID13, 1);
  p = put_uint (p, wrap->opslimit, 4);
  p = put_uint (p, wrap->memlimit, 8);
  p = put_bytes (p, wrap->salt, sizeof wrap->salt);
  p = put_bytes (p, wrap->nonce, sizeof wrap->nonce);
  p = put_bytes (p, wrap->wrapped, sizeof wrap->wrapped);
  return p;
}

static guint8 *
put_anchor (guint8       *p,
            const Anchor *anchor)
{
  p = put_uint (p, anchor->counter, 8);
  p = put_uint (p, (guint64) anchor->last_id, 8);
  p = put_uint (p, (guint64) anchor->row_count, 8);
  p = put_bytes (p, anchor->last_hash, ANCHOR_HASH_SIZE);
  p = put_bytes (p, anchor->mac, ANCHOR_HASH_SIZE);
  return p;
}

/* Always the current version: both copies, byte for byte the same. */
static void
serialize (const McKeyFile *self,
           const Wrap      *passphrase,
           const Anchor    *anchor,
           guint8           out[FILE_SIZE])
{
  guint8 *p = out;
  guint i;

  memset (out, 0, FILE_SIZE);
  p = put_bytes (p, MAGIC, MAGIC_SIZE);
  p = put_uint (p, FORMAT_VERSION, 2);
  p = put_bytes (p, self->key_check, KEY_CHECK_SIZE);
  p = put_wrap (p, passphrase, WRAP_PASSPHRASE);
  p = put_wrap (p, &self->recovery_key, WRAP_RECOVERY_KEY);
  p = put_anchor (p, anchor);
  g_assert (p <= out + COPY_BODY_SIZE);
  crypto_generichash (out + COPY_BODY_SIZE, CHECKSUM_SIZE, out, COPY_BODY_SIZE, NULL, 0);

  for (i = 1; i < N_COPIES; i++)
    memcpy (out + i * COPY_SIZE, out, COPY_SIZE);
}

static guint64
get_uint (const guint8 **p,
          gsize          size)
{
  guint64 value = 0;
  gsize i;

  for (i = 0; i < size; i++)
    value = (value << 8) | (*p)[i];
  *p += size;
  return value;
}

static void
get_bytes (const guint8 **p,
           void          *data,
           gsize          size)
{
  memcpy (data, *p, size);
  *p += size;
}

static gboolean
get_wrap (const guint8 **p,
          Wrap          *wrap,
          WrapKind       kind)
{
  guint64 opslimit;

  if (get_uint (p, 1) != kind || get_uint (p, 1) != KDF_ARGON2ID13)
    return FALSE;

  opslimit = get_uint (p, 4);
  wrap->memlimit = get_uint (p, 8);
  if (!kdf_limits_valid (opslimit, wrap->memlimit))
    return FALSE;
  wrap->opslimit = opslimit;

  get_bytes (p, wrap->salt, sizeof wrap->salt);
  get_bytes (p, wrap->nonce, sizeof wrap->nonce);
  get_bytes (p, wrap->wrapped, sizeof wrap->wrapped);
  return TRUE;
}

static void
get_anchor (const guint8 **p,
            Anchor        *anchor)
{
  anchor->counter = get_uint (p, 8);
  anchor->last_id = (gint64) get_uint (p, 8);
  anchor->row_count = (gint64) get_uint (p, 8);
  get_bytes (p, anchor->last_hash, ANCHOR_HASH_SIZE);
  get_bytes (p, anchor->mac, ANCHOR_HASH_SIZE);
}

static gboolean
has_magic (const guint8 *data,
           gsize         size)
{
  return size >= MAGIC_SIZE && memcmp (data, MAGIC, MAGIC_SIZE) == 0;
}

static guint
version_of (const guint8 *data)
{
  return (data[MAGIC_SIZE] << 8) | data[MAGIC_SIZE + 1];
}

/* One copy (version 2) or the whole file (version 1), @size bytes with the
 * checksum at the end: NULL when anything in it fails. */
static McKeyFile *
parse_copy (const guint8 *data,
            gsize         size,
            guint         version)
{
  g_autoptr(McKeyFile) self = NULL;
  guint8 checksum[CHECKSUM_SIZE];
  const guint8 *p = data + HEADER_SIZE;
  gsize end;

  if (!has_magic (data, size) || version_of (data) != version)
    return NULL;

  crypto_generichash (checksum, CHECKSUM_SIZE, data, size - CHECKSUM_SIZE, NULL, 0);
  if (sodium_memcmp (checksum, data + size - CHECKSUM_SIZE, CHECKSUM_SIZE) != 0)
    return NULL;

  self = g_new0 (McKeyFile, 1);
  self->version = version;
  get_bytes (&p, self->key_check, KEY_CHECK_SIZE);
  if (!get_wrap (&p, &self->passphrase, WRAP_PASSPHRASE)
      || !get_wrap (&p, &self->recovery_key, WRAP_RECOVERY_KEY))
    return NULL;
  if (version >= 2)
    {
      get_anchor (&p, &self->anchor);
      /* The padding is part of the format: a later version that uses it
       * says so with its version number. */
      for (end = p - data; end < size - CHECKSUM_SIZE; end++)
        if (data[end] != 0)
          return NULL;
    }
  else
    g_assert (p == data + size - CHECKSUM_SIZE);

  return g_steal_pointer (&self);
}

static McKeyFile *
parse (const guint8  *data,
       gsize          size,
       const char    *path,
       GError       **error)
{
  McKeyFile *self = NULL;
  guint i;

  /* The copies first: a byte flipped in one copy's magic or version must
   * not hide the other copy. */
  if (size == FILE_SIZE)
    for (i = 0; i < N_COPIES && self == NULL; i++)
      self = parse_copy (data + i * COPY_SIZE, COPY_SIZE, FORMAT_VERSION);
  else if (size == V1_FILE_SIZE)
    self = parse_copy (data, size, 1);
  if (self != NULL)
    {
      self->path = g_strdup (path);
      return self;
    }

  if (!has_magic (data, size) && !(size == FILE_SIZE && has_magic (data + COPY_SIZE, MAGIC_SIZE)))
    {
      if (size >= MAGIC_SIZE)
        {
          if (path != NULL)
            {
              g_autofree char *name = g_filename_display_name (path);

              g_set_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_INVALID,
                           _("“%s” is not a Meldcode key file."), name);
            }
          else
            {
              g_set_error_literal (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_INVALID,
                                   _("This is not a Meldcode key file."));
            }
          return NULL;
        }
      set_damaged_error (error, path);
      return NULL;
    }

  /* A newer version may lay out the rest differently, so only its magic
   * and version count. */
  if (size >= HEADER_SIZE && has_magic (data, size) && version_of (data) > FORMAT_VERSION)
    {
      if (path != NULL)
        {
          g_autofree char *name = g_filename_display_name (path);

          g_set_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_NEWER,
                       _("The key file “%s” was made by a newer version of Meldcode. Update Meldcode to open this store."),
                       name);
        }
      else
        {
          g_set_error_literal (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_NEWER,
                               _("The key file was made by a newer version of Meldcode. Update Meldcode to open this store."));
        }
      return NULL;
    }

  set_damaged_error (error, path);
  return NULL;
}

/* Files */

static void
set_write_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_autofree char *name = g_filename_display_name (path);

  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_IO,
                 _("Could not write the key file “%s”: the disk is full."), name);
  else if (saved_errno == EEXIST)
    g_set_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_IO,
                 _("Could not write the key file “%s”: a file with that name already exists."), name);
  else
    g_set_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_IO,
                 /* Translators: the first %s is a file name, the second the
                  * system's reason, such as "Permission denied". */
                 _("Could not write the key file “%s”: %s"), name, g_strerror (saved_errno));
}

static gboolean
is_temporary_name (const char *name,
                   const char *prefix)
{
  const char *suffix;
  gsize i;

  if (!g_str_has_prefix (name, prefix))
    return FALSE;

  suffix = name + strlen (prefix);
  for (i = 0; suffix[i] != '\0'; i++)
    if (!g_ascii_isalnum (suffix[i]))
      return FALSE;
  return i == 6;
}

/* Only a temporary file of ours matches; a concurrent writer whose file
 * goes away fails its rename() cleanly, it never renames another's. */
static void
remove_stale_temporaries (const char *dir_path,
                          const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (is_temporary_name (name, prefix))
        {
          g_autofree char *stale = g_build_filename (dir_path, name, NULL);

          g_debug ("Removing a temporary file left behind: %s", stale);
          g_unlink (stale);
        }
    }
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         size)
{
  while (size > 0)
    {
      gssize written = write (fd, data, size);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        return FALSE;
      if (written == 0)
        {
          errno = ENOSPC;
          return FALSE;
        }
      data += written;
      size -= written;
    }

  return TRUE;
}

static void
sync_directory (const char *dir_path)
{
  int fd = open (dir_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  /* The new file is in place already; a failure here only means it may not
   * survive a power cut, which no caller can act on. */
  if (fd < 0 || (fsync (fd) != 0 && errno != EINVAL))
    g_warning ("Could not sync the directory %s: %s", dir_path, g_strerror (errno));
  if (fd >= 0)
    close (fd);
}

/* Writes a temporary file beside @path and moves it into place, so @path is
 * either the old file or the new one, never a part. With @replace FALSE an
 * existing @path is kept and the write fails with EEXIST. Without
 * @durable the folder is not synced after the rename: a power cut may then
 * bring back the old file, whole (for the anchor, which may lag). */
static gboolean
write_atomically (const char    *path,
                  const guint8  *data,
                  gsize          size,
                  gboolean       replace,
                  gboolean       durable,
                  GError       **error)
{
  g_autofree char *dir_path = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (".", base, ".", NULL);
  g_autofree char *tmp_name = g_strconcat (prefix, "XXXXXX", NULL);
  g_autofree char *tmp_path = g_build_filename (dir_path, tmp_name, NULL);
  int saved_errno;
  int fd;

  remove_stale_temporaries (dir_path, prefix);

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_write_error (error, errno, path);
      return FALSE;
    }

  /* The umask may have taken bits away but never adds any: make it exact. */
  if (fchmod (fd, 0600) != 0 || !write_all (fd, data, size) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      goto failed;
    }
  if (close (fd) != 0)
    {
      saved_errno = errno;
      goto failed;
    }

  if (replace)
    {
      if (rename (tmp_path, path) != 0)
        {
          saved_errno = errno;
          goto failed;
        }
    }
  else
    {
      /* link() refuses to replace, where rename() would not. */
      if (link (tmp_path, path) != 0)
        {
          saved_errno = errno;
          goto failed;
        }
      g_unlink (tmp_path);
    }

  if (durable)
    sync_directory (dir_path);
  return TRUE;

failed:
  g_unlink (tmp_path);
  set_write_error (error, saved_errno, path);
  return FALSE;
}

static GBytes *
read_bounded (const char  *path,
              GError     **error)
{
  g_autofree guint8 *buffer = NULL;
  g_autofree char *name = NULL;
  gsize size = 0;
  struct stat st;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      name = g_filename_display_name (path);
      g_set_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_IO,
                   /* Translators: the first %s is a file name, the second
                    * the system's reason, such as "No such file or directory". */
                   _("Could not read the key file “%s”: %s"), name, g_strerror (saved_errno));
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      name = g_filename_display_name (path);
      g_set_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_INVALID,
                   _("“%s” is not a Meldcode key file."), name);
      return NULL;
    }

  if (st.st_size > MAX_FILE_SIZE)
    {
      close (fd);
      set_damaged_error (error, path);
      return NULL;
    }

  /* One byte more than allowed, to notice a file that grew meanwhile. */
  buffer = g_malloc (MAX_FILE_SIZE + 1);
  while (size < MAX_FILE_SIZE + 1)
    {
      gssize n = read (fd, buffer + size, MAX_FILE_SIZE + 1 - size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          name = g_filename_display_name (path);
          g_set_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_IO,
                       /* Translators: the first %s is a file name, the second
                        * the system's reason, such as "No such file or directory". */
                       _("Could not read the key file “%s”: %s"), name, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      size += n;
    }
  close (fd);

  if (size > MAX_FILE_SIZE)
    {
      set_damaged_error (error, path);
      return NULL;
    }

  return g_bytes_new (buffer, size);
}

/* The lock
 *
 * An exclusive flock() on the folder of the key file: the folder stays
 * where it is while the file in it is replaced by rename(), and no extra
 * file is left in a store. The kernel drops the lock when the process
 * dies, so a crash never leaves a store locked. */

typedef struct
{
  int fd;
} Lock;

static void
set_busy_error (GError **error)
{
  g_set_error_literal (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_BUSY,
                       _("Another program is changing the key file of this store right now. Nothing was changed; try again when it is done."));
}

/* @wait_us: how long to wait for another holder, 0 to fail at once. */
static gboolean
lock_acquire (Lock        *lock,
              const char  *path,
              gint64       wait_us,
              GError     **error)
{
  g_autofree char *dir_path = g_path_get_dirname (path);
  gint64 deadline = g_get_monotonic_time () + wait_us;

  lock->fd = open (dir_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock->fd < 0)
    {
      set_write_error (error, errno, path);
      return FALSE;
    }

  for (;;)
    {
      if (flock (lock->fd, LOCK_EX | LOCK_NB) == 0)
        return TRUE;
      if (errno == EINTR)
        continue;
      if (errno != EWOULDBLOCK || g_get_monotonic_time () >= deadline)
        {
          int saved_errno = errno;

          close (lock->fd);
          lock->fd = -1;
          if (saved_errno == EWOULDBLOCK)
            set_busy_error (error);
          else
            set_write_error (error, saved_errno, path);
          return FALSE;
        }
      g_usleep (10 * 1000);
    }
}

static void
lock_release (Lock *lock)
{
  if (lock->fd >= 0)
    close (lock->fd);     /* drops the flock */
  lock->fd = -1;
}

/* McKeyFile */

static gboolean
write_file (McKeyFile     *self,
            const char    *path,
            const Wrap    *passphrase,
            const Anchor  *anchor,
            gboolean       replace,
            gboolean       durable,
            GError       **error)
{
  g_autofree guint8 *bytes = g_malloc (FILE_SIZE);

  serialize (self, passphrase, anchor, bytes);
  return write_atomically (path, bytes, FILE_SIZE, replace, durable, error);
}

McKeyFile *
mc_key_file_create (const char  *path,
                    const char  *passphrase,
                    McKdfCost    cost,
                    McSecret   **out_data_key,
                    char       **out_recovery_key,
                    GError     **error)
{
  g_autoptr(McKeyFile) self = NULL;
  g_autoptr(McSecret) data_key = NULL;
  g_autoptr(McSecret) passphrase_secret = NULL;
  g_autoptr(McSecret) recovery_secret = NULL;
  guint8 symbols[RECOVERY_KEY_LENGTH];
  Lock lock = { -1 };
  gboolean written;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (out_data_key != NULL, NULL);
  g_return_val_if_fail (out_recovery_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mc_passphrase_check (passphrase, error))
    return NULL;

  data_key = mc_secret_new_random (MC_DATA_KEY_SIZE);
  passphrase_secret = passphrase_to_secret (passphrase);
  recovery_key_generate (symbols);
  recovery_secret = recovery_key_to_secret (symbols);

  self = g_new0 (McKeyFile, 1);
  self->path = g_strdup (path);
  self->version = FORMAT_VERSION;
  compute_key_check (data_key, self->key_check);

  if (!wrap_seal (&self->passphrase, WRAP_PASSPHRASE, passphrase_secret, cost, data_key, error)
      || !wrap_seal (&self->recovery_key, WRAP_RECOVERY_KEY, recovery_secret, cost, data_key, error)
      || !lock_acquire (&lock, path, LOCK_WAIT_US, error))
    {
      sodium_memzero (symbols, sizeof symbols);
      return NULL;
    }

  written = write_file (self, path, &self->passphrase, &self->anchor, FALSE, TRUE, error);
  lock_release (&lock);
  if (!written)
    {
      sodium_memzero (symbols, sizeof symbols);
      return NULL;
    }

  *out_recovery_key = recovery_key_format (symbols);
  sodium_memzero (symbols, sizeof symbols);
  *out_data_key = g_steal_pointer (&data_key);

  return g_steal_pointer (&self);
}

McKeyFile *
mc_key_file_load (const char  *path,
                  GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_sodium ();

  bytes = read_bounded (path, error);
  if (bytes == NULL)
    return NULL;

  return parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), path, error);
}

McKeyFile *
mc_key_file_new_from_bytes (GBytes  *bytes,
                            GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_sodium ();

  return parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, error);
}

GBytes *
mc_key_file_to_bytes (McKeyFile *self)
{
  guint8 *bytes;

  g_return_val_if_fail (self != NULL, NULL);

  bytes = g_malloc (FILE_SIZE);
  serialize (self, &self->passphrase, &self->anchor, bytes);
  return g_bytes_new_take (bytes, FILE_SIZE);
}

guint
mc_key_file_get_version (McKeyFile *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->version;
}

McSecret *
mc_key_file_unwrap_passphrase (McKeyFile   *self,
                               const char  *passphrase,
                               GError     **error)
{
  g_autoptr(McSecret) password = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* No passphrase of a store is anything but text, so this one is wrong;
   * saying why helps the person more than "not correct". */
  if (!passphrase_is_text (passphrase, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE, error))
    return NULL;

  password = passphrase_to_secret (passphrase);
  return wrap_open (self, &self->passphrase, WRAP_PASSPHRASE, password,
                    MC_KEY_FILE_ERROR_WRONG_PASSPHRASE,
                    _("The passphrase is not correct."), error);
}

McSecret *
mc_key_file_unwrap_recovery_key (McKeyFile   *self,
                                 const char  *recovery_key,
                                 GError     **error)
{
  g_autoptr(McSecret) password = NULL;
  guint8 symbols[RECOVERY_KEY_LENGTH];

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (recovery_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A typing error is caught here, before the slow key derivation. */
  if (!recovery_key_parse (recovery_key, symbols, error))
    return NULL;
  password = recovery_key_to_secret (symbols);
  sodium_memzero (symbols, sizeof symbols);

  return wrap_open (self, &self->recovery_key, WRAP_RECOVERY_KEY, password,
                    MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY,
                    _("The recovery key is not correct."), error);
}

static gboolean
same_wrap (const Wrap *a,
           const Wrap *b)
{
  return a->opslimit == b->opslimit && a->memlimit == b->memlimit
         && memcmp (a->salt, b->salt, sizeof a->salt) == 0
         && memcmp (a->nonce, b->nonce, sizeof a->nonce) == 0
         && memcmp (a->wrapped, b->wrapped, sizeof a->wrapped) == 0;
}

/* Under the lock: the file as it is on disk now, which must be this
 * store's (the same key check). */
static McKeyFile *
reload_locked (McKeyFile  *self,
               GError    **error)
{
  g_autoptr(McKeyFile) current = mc_key_file_load (self->path, error);

  if (current == NULL)
    return NULL;
  if (sodium_memcmp (current->key_check, self->key_check, KEY_CHECK_SIZE) != 0)
    {
      set_damaged_error (error, self->path);
      return NULL;
    }
  return g_steal_pointer (&current);
}

gboolean
mc_key_file_change_passphrase (McKeyFile       *self,
                               const McSecret  *data_key,
                               const char      *new_passphrase,
                               McKdfCost        cost,
                               GError         **error)
{
  g_autoptr(McSecret) password = NULL;
  g_autoptr(McKeyFile) current = NULL;
  Lock lock = { -1 };
  Wrap wrap;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->path != NULL, FALSE);
  g_return_val_if_fail (data_key != NULL, FALSE);
  g_return_val_if_fail (key_check_matches (self, data_key), FALSE);
  g_return_val_if_fail (new_passphrase != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_passphrase_check (new_passphrase, error))
    return FALSE;

  /* The slow part first, outside the lock, which is then held for
   * milliseconds only. */
  password = passphrase_to_secret (new_passphrase);
  if (!wrap_seal (&wrap, WRAP_PASSPHRASE, password, cost, data_key, error))
    return FALSE;

  /* One transaction: nobody else writes the file from the check below to
   * the rename, and a concurrent change is refused rather than lost. The
   * wait outlasts another program's write of the file. */
  if (!lock_acquire (&lock, self->path, LOCK_WAIT_US, error))
    return FALSE;

  if ((current = reload_locked (self, error)) == NULL)
    goto failed;
  if (!same_wrap (&current->passphrase, &self->passphrase))
    {
      g_set_error_literal (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_BUSY,
                           _("The passphrase was changed by another program since the store was opened. Nothing was changed: open the store with the new passphrase and try again."));
      goto failed;
    }

  /* The recovery wrap and the anchor as they are on disk now. */
  self->recovery_key = current->recovery_key;
  if (!write_file (self, self->path, &wrap, &current->anchor, TRUE, TRUE, error))
    goto failed;

  lock_release (&lock);
  self->passphrase = wrap;
  self->anchor = current->anchor;
  self->version = FORMAT_VERSION;
  return TRUE;

failed:
  lock_release (&lock);
  return FALSE;
}

gboolean
mc_key_file_save_as (McKeyFile   *self,
                     const char  *path,
                     GError     **error)
{
  Lock lock = { -1 };
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lock_acquire (&lock, path, LOCK_WAIT_US, error))
    return FALSE;
  ok = write_file (self, path, &self->passphrase, &self->anchor, TRUE, TRUE, error);
  lock_release (&lock);

  /* One made from bytes (a backup's) becomes the file it was saved as. */
  if (ok && self->path == NULL)
    self->path = g_strdup (path);
  return ok;
}

/* The anchor */

static void
anchor_mac (const McSecret *data_key,
            const Anchor   *anchor,
            guint8          out[ANCHOR_HASH_SIZE])
{
  crypto_generichash_state state;
  guint8 subkey[crypto_generichash_KEYBYTES];
  guint8 number[8];

  if (crypto_kdf_derive_from_key (subkey, sizeof subkey, ANCHOR_KDF_SUBKEY_ID,
                                  ANCHOR_KDF_CONTEXT, data_key->data) != 0)
    g_error ("Cannot derive the anchor key");

  crypto_generichash_init (&state, subkey, sizeof subkey, ANCHOR_HASH_SIZE);
  crypto_generichash_update (&state, (const guint8 *) "meldcode-anchor-v1", 18);
  put_uint (number, anchor->counter, 8);
  crypto_generichash_update (&state, number, 8);
  put_uint (number, (guint64) anchor->last_id, 8);
  crypto_generichash_update (&state, number, 8);
  put_uint (number, (guint64) anchor->row_count, 8);
  crypto_generichash_update (&state, number, 8);
  crypto_generichash_update (&state, anchor->last_hash, ANCHOR_HASH_SIZE);
  crypto_generichash_final (&state, out, ANCHOR_HASH_SIZE);
  sodium_memzero (subkey, sizeof subkey);
}

static McKeyFileAnchorState
anchor_read (const Anchor     *anchor,
             const McSecret   *data_key,
             McKeyFileAnchor  *out)
{
  guint8 expected[ANCHOR_HASH_SIZE];

  memset (out, 0, sizeof *out);
  if (anchor->counter == 0)
    return MC_KEY_FILE_ANCHOR_NONE;

  anchor_mac (data_key, anchor, expected);
  if (sodium_memcmp (expected, anchor->mac, ANCHOR_HASH_SIZE) != 0)
    return MC_KEY_FILE_ANCHOR_INVALID;

  out->counter = anchor->counter;
  out->last_id = anchor->last_id;
  out->row_count = anchor->row_count;
  memcpy (out->last_hash, anchor->last_hash, ANCHOR_HASH_SIZE);
  return MC_KEY_FILE_ANCHOR_VALID;
}

McKeyFileAnchorState
mc_key_file_get_anchor (McKeyFile       *self,
                        const McSecret  *data_key,
                        McKeyFileAnchor *out_anchor)
{
  g_return_val_if_fail (self != NULL, MC_KEY_FILE_ANCHOR_NONE);
  g_return_val_if_fail (data_key != NULL && data_key->size == MC_DATA_KEY_SIZE, MC_KEY_FILE_ANCHOR_NONE);
  g_return_val_if_fail (out_anchor != NULL, MC_KEY_FILE_ANCHOR_NONE);

  return anchor_read (&self->anchor, data_key, out_anchor);
}

McKeyFileAnchorState
mc_key_file_read_anchor (McKeyFile        *self,
                         const McSecret   *data_key,
                         McKeyFileAnchor  *out_anchor,
                         GError          **error)
{
  g_autoptr(McKeyFile) current = NULL;

  g_return_val_if_fail (self != NULL && self->path != NULL, MC_KEY_FILE_ANCHOR_ERROR);
  g_return_val_if_fail (data_key != NULL && data_key->size == MC_DATA_KEY_SIZE, MC_KEY_FILE_ANCHOR_ERROR);
  g_return_val_if_fail (out_anchor != NULL, MC_KEY_FILE_ANCHOR_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, MC_KEY_FILE_ANCHOR_ERROR);

  if ((current = reload_locked (self, error)) == NULL)
    return MC_KEY_FILE_ANCHOR_ERROR;
  self->anchor = current->anchor;
  return anchor_read (&self->anchor, data_key, out_anchor);
}

gboolean
mc_key_file_update_anchor (McKeyFile              *self,
                           const McSecret         *data_key,
                           const McKeyFileAnchor  *anchor,
                           McKeyFileAnchorAccept   accept,
                           gpointer                user_data,
                           gboolean               *out_written,
                           GError                **error)
{
  g_autoptr(McKeyFile) current = NULL;
  McKeyFileAnchor on_disk;
  McKeyFileAnchorState state;
  Anchor next = { 0 };
  Lock lock = { -1 };

  g_return_val_if_fail (self != NULL && self->path != NULL, FALSE);
  g_return_val_if_fail (data_key != NULL, FALSE);
  g_return_val_if_fail (key_check_matches (self, data_key), FALSE);
  g_return_val_if_fail (anchor != NULL, FALSE);
  g_return_val_if_fail (accept != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_written != NULL)
    *out_written = FALSE;

  if (!lock_acquire (&lock, self->path, LOCK_WAIT_US, error))
    return FALSE;
  if ((current = reload_locked (self, error)) == NULL)
    goto failed;

  state = anchor_read (&current->anchor, data_key, &on_disk);
  self->anchor = current->anchor;
  if (!accept (state, state == MC_KEY_FILE_ANCHOR_VALID ? &on_disk : NULL, user_data))
    {
      lock_release (&lock);
      return TRUE;
    }

  /* The counter only goes up, whatever the anchor on disk held. */
  next.counter = current->anchor.counter < G_MAXUINT64 ? current->anchor.counter + 1 : G_MAXUINT64;
  next.last_id = anchor->last_id;
  next.row_count = anchor->row_count;
  memcpy (next.last_hash, anchor->last_hash, ANCHOR_HASH_SIZE);
  anchor_mac (data_key, &next, next.mac);

  /* Everything else as it is on disk: a passphrase changed by another
   * program stays changed. */
  /* The file itself is synced before the rename (it holds the wraps); the
   * folder is not: losing the newest anchor to a power cut only lets the
   * anchor lag, which is never reported. */
  if (!write_file (current, self->path, &current->passphrase, &next, TRUE, FALSE, error))
    goto failed;
  lock_release (&lock);

  self->anchor = next;
  self->recovery_key = current->recovery_key;
  self->version = FORMAT_VERSION;
  if (out_written != NULL)
    *out_written = TRUE;
  return TRUE;

failed:
  lock_release (&lock);
  return FALSE;
}

void
mc_key_file_free (McKeyFile *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_free (self);
}
