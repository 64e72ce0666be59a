/* test-key-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sodium.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mc-key-file.h"

/* The layout of format version 2, as mc-key-file.c documents it: two
 * copies of COPY_SIZE bytes; the offsets below are within a copy (version
 * 1 had the same ones, in one copy of 260 bytes). The tests edit files by
 * hand, so a change of layout has to show up here. */
#define COPY_SIZE       4096
#define N_COPIES        2
#define FILE_SIZE       (N_COPIES * COPY_SIZE)
#define V1_FILE_SIZE    260
#define OFF_VERSION     6
#define OFF_KEY_CHECK   8
#define OFF_WRAP_P      24
#define OFF_WRAP_R      126
#define WRAP_SIZE       102
#define W_KIND          0
#define W_KDF           1
#define W_OPSLIMIT      2
#define W_MEMLIMIT      6
#define W_SALT          14
#define W_NONCE         30
#define W_WRAPPED       54
#define OFF_ANCHOR      228
#define ANCHOR_SIZE     88
#define OFF_CHECKSUM    (COPY_SIZE - 32)

#define PASS_A "alpha-Passphrase-1"
#define PASS_B "bravo-Passphrase-2"

/* A recovery key made once by mc-key-file.c. Printed keys must stay valid
 * for good, so this pins the alphabet and the check symbols. */
#define KNOWN_RECOVERY_KEY "EDMKC-HR6V2-GXZN5-VJVK4-Z03S1-7021W-A6PKB-868CD"

typedef struct
{
  char      *dir;
  char      *path;
  McKeyFile *key_file;
  McSecret  *data_key;
  char      *recovery_key;
} Fixture;

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_assert_no_errno (g_unlink (child));
    }
  g_assert_no_errno (g_rmdir (path));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char **
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return (char **) g_ptr_array_free (names, FALSE);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
write_bytes (const char   *path,
             const guint8 *data,
             gsize         size)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);
}

/* Both copies. */
static void
fix_checksum (guint8 *data)
{
  for (guint i = 0; i < N_COPIES; i++)
    crypto_generichash (data + i * COPY_SIZE + OFF_CHECKSUM, 32, data + i * COPY_SIZE, OFF_CHECKSUM, NULL, 0);
}

/* The same edit in both copies: what one copy alone cannot survive. */
static void
flip_both (guint8 *data,
           gsize   offset,
           guint8  mask)
{
  for (guint i = 0; i < N_COPIES; i++)
    data[i * COPY_SIZE + offset] ^= mask;
}

static void
copy_both (guint8       *data,
           gsize         offset,
           const guint8 *from,
           gsize         size)
{
  for (guint i = 0; i < N_COPIES; i++)
    memcpy (data + i * COPY_SIZE + offset, from, size);
}

static void
put_be (guint8  *p,
        guint64  value,
        gsize    size)
{
  gsize i;

  for (i = 0; i < size; i++)
    p[i] = (value >> (8 * (size - 1 - i))) & 0xff;
}

static guint64
get_be (const guint8 *p,
        gsize         size)
{
  guint64 value = 0;
  gsize i;

  for (i = 0; i < size; i++)
    value = (value << 8) | p[i];
  return value;
}

static void
assert_same_secret (const McSecret *a,
                    const McSecret *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpmem (mc_secret_get_data (a), mc_secret_get_size (a),
                   mc_secret_get_data (b), mc_secret_get_size (b));
}

static void
assert_file_unchanged (const char *path,
                       GBytes     *before)
{
  g_autoptr(GBytes) after = read_bytes (path);

  g_assert_true (g_bytes_equal (before, after));
}

static void
assert_only_key_file (const char *dir)
{
  g_auto(GStrv) names = list_dir (dir);

  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "key");
}

static McSecret *
unwrap_passphrase_ok (McKeyFile  *key_file,
                      const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  McSecret *key = mc_key_file_unwrap_passphrase (key_file, passphrase, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

static McSecret *
unwrap_recovery_ok (McKeyFile  *key_file,
                    const char *recovery_key)
{
  g_autoptr(GError) error = NULL;
  McSecret *key = mc_key_file_unwrap_recovery_key (key_file, recovery_key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

static char *
strip_dashes (const char *key)
{
  GString *s = g_string_new (NULL);

  for (; *key != '\0'; key++)
    if (*key != '-')
      g_string_append_c (s, *key);
  return g_string_free (s, FALSE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("mc-key-file-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "key", NULL);
  fixture->key_file = mc_key_file_create (fixture->path, PASS_A, MC_KDF_COST_TEST,
                                          &fixture->data_key, &fixture->recovery_key,
                                          &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->key_file);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_chmod (fixture->dir, 0700);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  mc_key_file_free (fixture->key_file);
  mc_secret_free (fixture->data_key);
  g_free (fixture->recovery_key);
}

static void
test_secret (void)
{
  static const guint8 bytes[] = { 1, 2, 3, 0, 5 };
  g_autoptr(McSecret) a = mc_secret_new_random (MC_DATA_KEY_SIZE);
  g_autoptr(McSecret) b = mc_secret_new_random (MC_DATA_KEY_SIZE);
  g_autoptr(McSecret) copy = mc_secret_new_from_data (bytes, sizeof bytes);

  g_assert_cmpuint (mc_secret_get_size (a), ==, MC_DATA_KEY_SIZE);
  g_assert_cmpint (memcmp (mc_secret_get_data (a), mc_secret_get_data (b), MC_DATA_KEY_SIZE), !=, 0);
  g_assert_cmpmem (mc_secret_get_data (copy), mc_secret_get_size (copy), bytes, sizeof bytes);
  g_assert_cmpint (mc_secret_get_data (copy)[sizeof bytes], ==, 0);
}

static void
test_sqlcipher_key (void)
{
  guint8 bytes[MC_DATA_KEY_SIZE];
  g_autoptr(McSecret) key = NULL;
  g_autoptr(McSecret) text = NULL;
  guint i;

  for (i = 0; i < sizeof bytes; i++)
    bytes[i] = i * 8 + 7;
  key = mc_secret_new_from_data (bytes, sizeof bytes);
  text = mc_secret_to_sqlcipher_key (key);

  g_assert_cmpuint (mc_secret_get_size (text), ==, 67);
  g_assert_cmpstr ((const char *) mc_secret_get_data (text), ==,
                   "x'070f171f272f373f474f575f676f777f878f979fa7afb7bfc7cfd7dfe7eff7ff'");
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mc-key-file-XXXXXX", &error);
  g_autofree char *typed = NULL;
  guint attempt;

  g_assert_no_error (error);

  /* Until a recovery key has a 0 and a 1, to type them as O, I and L. */
  for (attempt = 0; attempt < 64 && typed == NULL; attempt++)
    {
      g_autofree char *path = g_strdup_printf ("%s/key-%u", dir, attempt);
      g_autoptr(McSecret) data_key = NULL;
      g_autofree char *recovery_key = NULL;
      g_autoptr(McKeyFile) created = NULL;
      g_autoptr(McKeyFile) loaded = NULL;
      g_autoptr(McSecret) by_passphrase = NULL;
      g_autoptr(McSecret) by_recovery = NULL;
      g_autoptr(McSecret) by_typed = NULL;
      g_autofree char *compact = NULL;
      gboolean one_i = TRUE;
      char *p;

      created = mc_key_file_create (path, PASS_A, MC_KDF_COST_TEST, &data_key, &recovery_key, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (mc_secret_get_size (data_key), ==, MC_DATA_KEY_SIZE);

      loaded = mc_key_file_load (path, &error);
      g_assert_no_error (error);
      by_passphrase = unwrap_passphrase_ok (loaded, PASS_A);
      assert_same_secret (by_passphrase, data_key);
      by_recovery = unwrap_recovery_ok (loaded, recovery_key);
      assert_same_secret (by_recovery, data_key);

      if (strchr (recovery_key, '0') == NULL || strchr (recovery_key, '1') == NULL)
        continue;

      compact = strip_dashes (recovery_key);
      typed = g_ascii_strdown (compact, -1);
      for (p = typed; *p != '\0'; p++)
        {
          if (*p == '0')
            *p = 'o';
          else if (*p == '1')
            {
              *p = one_i ? 'i' : 'L';
              one_i = !one_i;
            }
        }
      g_test_message ("%s typed as %s", recovery_key, typed);
      by_typed = unwrap_recovery_ok (loaded, typed);
      assert_same_secret (by_typed, data_key);
    }

  g_assert_nonnull (typed);
  remove_dir (dir);
}

static void
test_wrong_passphrase (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSecret) key = NULL;

  key = mc_key_file_unwrap_passphrase (fixture->key_file, PASS_B, &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (key);
  g_clear_error (&error);

  key = mc_key_file_unwrap_passphrase (fixture->key_file, "", &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (key);
}

static void
test_wrong_recovery_key (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) typo_error = NULL;
  g_autoptr(McSecret) other_key = NULL;
  g_autofree char *other_recovery = NULL;
  g_autofree char *other_path = g_build_filename (fixture->dir, "other", NULL);
  g_autoptr(McKeyFile) other = NULL;
  g_autoptr(McSecret) key = NULL;
  g_autofree char *typo = g_strdup (fixture->recovery_key);
  g_autofree char *normalized = NULL;

  /* A real recovery key, of another store: the checksum holds, the
   * derivation runs and the tag does not verify. */
  other = mc_key_file_create (other_path, PASS_B, MC_KDF_COST_TEST, &other_key, &other_recovery, &error);
  g_assert_no_error (error);
  normalized = mc_recovery_key_normalize (other_recovery, &error);
  g_assert_no_error (error);
  key = mc_key_file_unwrap_recovery_key (fixture->key_file, other_recovery, &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY);
  g_assert_null (key);
  g_assert_cmpstr (error->message, ==, "The recovery key is not correct.");
  g_clear_error (&error);

  /* A typo: the same refusal as mc_recovery_key_normalize() gives, so it
   * was caught by the checksum, before any derivation. */
  typo[7] = typo[7] == 'X' ? 'Y' : 'X';
  g_assert_null (mc_recovery_key_normalize (typo, &typo_error));
  g_assert_error (typo_error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY);
  key = mc_key_file_unwrap_recovery_key (fixture->key_file, typo, &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY);
  g_assert_null (key);
  g_assert_cmpstr (error->message, ==, typo_error->message);
  g_assert_cmpstr (error->message, !=, "The recovery key is not correct.");
}

static gboolean
normalizes (const char *typed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = mc_recovery_key_normalize (typed, &error);

  if (normalized == NULL)
    g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY);
  else
    g_assert_no_error (error);
  return normalized != NULL;
}

static void
test_recovery_key_typos (Fixture       *fixture,
                         gconstpointer  user_data)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  g_autofree char *compact = strip_dashes (fixture->recovery_key);
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  guint substitutions = 0;
  guint i, j;

  g_assert_true (g_regex_match_simple ("^([0-9A-HJKMNP-TV-Z]{5}-){7}[0-9A-HJKMNP-TV-Z]{5}$",
                                       fixture->recovery_key, 0, 0));
  normalized = mc_recovery_key_normalize (fixture->recovery_key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, fixture->recovery_key);

  /* Every single wrong character. */
  g_assert_cmpuint (strlen (compact), ==, 40);
  for (i = 0; i < 40; i++)
    {
      for (j = 0; j < 32; j++)
        {
          g_autofree char *typo = g_strdup (compact);

          if (alphabet[j] == compact[i])
            continue;
          typo[i] = alphabet[j];
          g_assert_false (normalizes (typo));
          substitutions++;
        }
    }
  g_assert_cmpuint (substitutions, ==, 40 * 31);

  /* Every swap of two different neighbours, a character left out or one
   * too many. */
  for (i = 0; i + 1 < 40; i++)
    {
      g_autofree char *swapped = g_strdup (compact);
      g_autofree char *missing = g_strdup (compact);
      g_autofree char *extra = g_strdup_printf ("%.*s%c%s", (int) i, compact, compact[i], compact + i);

      memmove (missing + i, missing + i + 1, 40 - i);
      g_assert_false (normalizes (missing));
      g_assert_false (normalizes (extra));

      if (compact[i] == compact[i + 1])
        continue;
      swapped[i] = compact[i + 1];
      swapped[i + 1] = compact[i];
      g_assert_false (normalizes (swapped));
    }
}

static void
test_recovery_key_normalize (void)
{
  static const struct
  {
    const char *typed;
    gboolean    valid;
  } cases[] = {
    { KNOWN_RECOVERY_KEY, TRUE },
    { "edmkc-hr6v2-gxzn5-vjvk4-z03s1-7021w-a6pkb-868cd", TRUE },
    { " EDMKC HR6V2 GXZN5VJVK4 Z03S1-7021W\tA6PKB 868CD \n", TRUE },
    { "edmkchr6v2gxzn5vjvk4zo3si7o2lwa6pkb868cd", TRUE },
    { "EDMKC-HR6V2-GXZN5-VJVK4-Z03S1-7021W-A6PKB-868CU", FALSE },
    { "EDMKC-HR6V2-GXZN5-VJVK4-Z03S1-7021W-A6PKB-868C", FALSE },
    { "EDMKC-HR6V2-GXZN5-VJVK4-Z03S1-7021W-A6PKB-868CD0", FALSE },
    { "EDMKC-HR6V2-GXZN5-VJVK4-Z03S1-7021W-A6PKB-868Cé", FALSE },
    { "", FALSE },
    { "-----", FALSE },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = mc_recovery_key_normalize (cases[i].typed, &error);

      g_autofree char *escaped = g_strescape (cases[i].typed, NULL);

      g_test_message ("recovery key \"%s\"", escaped);
      if (cases[i].valid)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (normalized, ==, KNOWN_RECOVERY_KEY);
        }
      else
        {
          g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY);
          g_assert_null (normalized);
        }
    }
}

static void
test_passphrase_normalization (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mc-key-file-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "key", NULL);
  g_autoptr(McSecret) data_key = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McKeyFile) key_file = NULL;
  g_autoptr(McSecret) key = NULL;

  g_assert_no_error (error);

  /* "é" as one code point, then as "e" and a combining accent, as another
   * input method may send it. */
  key_file = mc_key_file_create (path, "Caf\u00e9 met appeltaart", MC_KDF_COST_TEST,
                                 &data_key, &recovery_key, &error);
  g_assert_no_error (error);
  key = unwrap_passphrase_ok (key_file, "Cafe\u0301 met appeltaart");
  assert_same_secret (key, data_key);

  g_assert_no_errno (g_unlink (path));
  remove_dir (dir);
}

static void
test_change_passphrase (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McKeyFile) loaded = NULL;
  g_autoptr(McSecret) by_new = NULL;
  g_autoptr(McSecret) by_recovery = NULL;
  g_autoptr(McSecret) by_old = NULL;
  g_autoptr(McSecret) in_memory = NULL;
  gboolean ok;

  ok = mc_key_file_change_passphrase (fixture->key_file, fixture->data_key, PASS_B, MC_KDF_COST_TEST, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  assert_only_key_file (fixture->dir);

  /* The object in memory follows the file. */
  in_memory = unwrap_passphrase_ok (fixture->key_file, PASS_B);
  assert_same_secret (in_memory, fixture->data_key);

  loaded = mc_key_file_load (fixture->path, &error);
  g_assert_no_error (error);
  by_new = unwrap_passphrase_ok (loaded, PASS_B);
  assert_same_secret (by_new, fixture->data_key);
  by_recovery = unwrap_recovery_ok (loaded, fixture->recovery_key);
  assert_same_secret (by_recovery, fixture->data_key);

  by_old = mc_key_file_unwrap_passphrase (loaded, PASS_A, &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (by_old);
}

static void
test_weak_passphrase_refused (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "weak", NULL);
  g_autoptr(GBytes) before = read_bytes (fixture->path);
  g_autoptr(McSecret) data_key = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McKeyFile) created = NULL;
  g_autoptr(McSecret) key = NULL;
  gboolean ok;

  created = mc_key_file_create (path, "secret", MC_KDF_COST_TEST, &data_key, &recovery_key, &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WEAK);
  g_assert_null (created);
  g_assert_null (data_key);
  g_assert_null (recovery_key);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  ok = mc_key_file_change_passphrase (fixture->key_file, fixture->data_key, "passphrase", MC_KDF_COST_TEST, &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WEAK);
  g_assert_false (ok);
  assert_file_unchanged (fixture->path, before);
  key = unwrap_passphrase_ok (fixture->key_file, PASS_A);
}

static void
test_wrong_data_key (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GBytes) before = read_bytes (fixture->path);
  g_autoptr(McSecret) other = mc_secret_new_random (MC_DATA_KEY_SIZE);
  gboolean ok;

  /* Re-wrapping another key would lock the store for good. */
  g_test_expect_message ("mc-key-file", G_LOG_LEVEL_CRITICAL, "*key_check_matches*");
  ok = mc_key_file_change_passphrase (fixture->key_file, other, PASS_B, MC_KDF_COST_TEST, NULL);
  g_test_assert_expected_messages ();
  g_assert_false (ok);
  assert_file_unchanged (fixture->path, before);
}

static void
test_create_keeps_existing (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = read_bytes (fixture->path);
  g_autoptr(McSecret) data_key = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McKeyFile) created = NULL;

  created = mc_key_file_create (fixture->path, PASS_B, MC_KDF_COST_TEST, &data_key, &recovery_key, &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_IO);
  g_assert_null (created);
  g_assert_nonnull (strstr (error->message, fixture->path));
  assert_file_unchanged (fixture->path, before);
  assert_only_key_file (fixture->dir);
}

typedef struct
{
  const char *field;
  gsize       offset;
  gsize       length;
  int         code_garbled;    /* load, the checksum left as it was */
  int         code_resealed;   /* load with a recomputed checksum; -1 loads */
  int         code_passphrase; /* unwrapping then; -1 works */
  int         code_recovery;
} Garble;

#define OK -1

static void
test_garbled (Fixture       *fixture,
              gconstpointer  user_data)
{
  static const Garble garbles[] = {
    { "magic", 0, 6, MC_KEY_FILE_ERROR_INVALID, MC_KEY_FILE_ERROR_INVALID, OK, OK },
    { "version", OFF_VERSION, 2, MC_KEY_FILE_ERROR_NEWER, MC_KEY_FILE_ERROR_NEWER, OK, OK },
    { "key check", OFF_KEY_CHECK, 16, MC_KEY_FILE_ERROR_INVALID, OK, MC_KEY_FILE_ERROR_INVALID, MC_KEY_FILE_ERROR_INVALID },
    { "passphrase kind", OFF_WRAP_P + W_KIND, 1, MC_KEY_FILE_ERROR_INVALID, MC_KEY_FILE_ERROR_INVALID, OK, OK },
    { "passphrase kdf", OFF_WRAP_P + W_KDF, 1, MC_KEY_FILE_ERROR_INVALID, MC_KEY_FILE_ERROR_INVALID, OK, OK },
    { "passphrase opslimit", OFF_WRAP_P + W_OPSLIMIT, 4, MC_KEY_FILE_ERROR_INVALID, MC_KEY_FILE_ERROR_INVALID, OK, OK },
    { "passphrase memlimit", OFF_WRAP_P + W_MEMLIMIT, 8, MC_KEY_FILE_ERROR_INVALID, MC_KEY_FILE_ERROR_INVALID, OK, OK },
    { "passphrase salt", OFF_WRAP_P + W_SALT, 16, MC_KEY_FILE_ERROR_INVALID, OK, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE, OK },
    { "passphrase nonce", OFF_WRAP_P + W_NONCE, 24, MC_KEY_FILE_ERROR_INVALID, OK, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE, OK },
    { "passphrase wrapped key", OFF_WRAP_P + W_WRAPPED, 32, MC_KEY_FILE_ERROR_INVALID, OK, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE, OK },
    { "passphrase tag", OFF_WRAP_P + W_WRAPPED + 32, 16, MC_KEY_FILE_ERROR_INVALID, OK, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE, OK },
    { "recovery kind", OFF_WRAP_R + W_KIND, 1, MC_KEY_FILE_ERROR_INVALID, MC_KEY_FILE_ERROR_INVALID, OK, OK },
    { "recovery kdf", OFF_WRAP_R + W_KDF, 1, MC_KEY_FILE_ERROR_INVALID, MC_KEY_FILE_ERROR_INVALID, OK, OK },
    { "recovery opslimit", OFF_WRAP_R + W_OPSLIMIT, 4, MC_KEY_FILE_ERROR_INVALID, MC_KEY_FILE_ERROR_INVALID, OK, OK },
    { "recovery memlimit", OFF_WRAP_R + W_MEMLIMIT, 8, MC_KEY_FILE_ERROR_INVALID, MC_KEY_FILE_ERROR_INVALID, OK, OK },
    { "recovery salt", OFF_WRAP_R + W_SALT, 16, MC_KEY_FILE_ERROR_INVALID, OK, OK, MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY },
    { "recovery nonce", OFF_WRAP_R + W_NONCE, 24, MC_KEY_FILE_ERROR_INVALID, OK, OK, MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY },
    { "recovery wrapped key", OFF_WRAP_R + W_WRAPPED, 32, MC_KEY_FILE_ERROR_INVALID, OK, OK, MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY },
    { "recovery tag", OFF_WRAP_R + W_WRAPPED + 32, 16, MC_KEY_FILE_ERROR_INVALID, OK, OK, MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY },
    { "checksum", OFF_CHECKSUM, 32, MC_KEY_FILE_ERROR_INVALID, OK, OK, OK },
  };
  g_autoptr(GBytes) original = read_bytes (fixture->path);
  g_autofree char *path = g_build_filename (fixture->dir, "garbled", NULL);
  guint i;

  g_assert_cmpuint (g_bytes_get_size (original), ==, FILE_SIZE);

  for (i = 0; i < G_N_ELEMENTS (garbles); i++)
    {
      const Garble *garble = &garbles[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(McKeyFile) loaded = NULL;
      g_autoptr(McSecret) by_passphrase = NULL;
      g_autoptr(McSecret) by_recovery = NULL;
      guint8 data[FILE_SIZE];

      g_test_message ("garbled %s", garble->field);
      g_assert_cmpuint (garble->offset + garble->length, <=, COPY_SIZE);

      memcpy (data, g_bytes_get_data (original, NULL), FILE_SIZE);
      flip_both (data, garble->offset + garble->length / 2, 0x80);
      write_bytes (path, data, sizeof data);
      loaded = mc_key_file_load (path, &error);
      g_assert_error (error, MC_KEY_FILE_ERROR, garble->code_garbled);
      g_assert_null (loaded);
      g_clear_error (&error);

      /* Resealing a flipped checksum restores it. */
      fix_checksum (data);
      write_bytes (path, data, sizeof data);
      loaded = mc_key_file_load (path, &error);
      if (garble->code_resealed != OK)
        {
          g_assert_error (error, MC_KEY_FILE_ERROR, garble->code_resealed);
          g_assert_null (loaded);
          continue;
        }
      g_assert_no_error (error);
      g_assert_nonnull (loaded);

      by_passphrase = mc_key_file_unwrap_passphrase (loaded, PASS_A, &error);
      if (garble->code_passphrase != OK)
        {
          g_assert_error (error, MC_KEY_FILE_ERROR, garble->code_passphrase);
          g_assert_null (by_passphrase);
          g_clear_error (&error);
        }
      else
        {
          g_assert_no_error (error);
          assert_same_secret (by_passphrase, fixture->data_key);
        }

      by_recovery = mc_key_file_unwrap_recovery_key (loaded, fixture->recovery_key, &error);
      if (garble->code_recovery != OK)
        {
          g_assert_error (error, MC_KEY_FILE_ERROR, garble->code_recovery);
          g_assert_null (by_recovery);
        }
      else
        {
          g_assert_no_error (error);
          assert_same_secret (by_recovery, fixture->data_key);
        }
    }
}

static void
assert_load_fails (const char *path,
                   int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McKeyFile) loaded = mc_key_file_load (path, &error);

  g_assert_error (error, MC_KEY_FILE_ERROR, code);
  g_assert_null (loaded);
}

static void
test_truncated_and_odd_files (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GBytes) original = read_bytes (fixture->path);
  const guint8 *data = g_bytes_get_data (original, NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "odd", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing", NULL);
  g_autofree guint8 *big = g_malloc0 (100 * 1024);
  guint8 longer[FILE_SIZE + 1];
  gsize length;

  /* Every truncation up to past a version 1 file, the empty file among
   * them, then every 127th, and the lengths around the copies' edge. */
  for (length = 0; length < FILE_SIZE;
       length = length < V1_FILE_SIZE + 8 ? length + 1
                : length == COPY_SIZE - 2 || length == COPY_SIZE - 1 || length == COPY_SIZE ? length + 1
                : length < COPY_SIZE - 2 && length + 127 > COPY_SIZE - 2 ? COPY_SIZE - 2
                : length == FILE_SIZE - 1 ? FILE_SIZE
                : MIN (length + 127, FILE_SIZE - 1))
    {
      g_autoptr(GBytes) bytes = g_bytes_new (data, length);
      g_autoptr(GError) error = NULL;
      g_autoptr(McKeyFile) from_bytes = NULL;

      write_bytes (path, data, length);
      assert_load_fails (path, MC_KEY_FILE_ERROR_INVALID);
      from_bytes = mc_key_file_new_from_bytes (bytes, &error);
      g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_INVALID);
      g_assert_null (from_bytes);
    }

  memcpy (longer, data, FILE_SIZE);
  longer[FILE_SIZE] = 0;
  write_bytes (path, longer, sizeof longer);
  assert_load_fails (path, MC_KEY_FILE_ERROR_INVALID);

  /* Larger than any key file: refused without reading it all. */
  memcpy (big, data, FILE_SIZE);
  write_bytes (path, big, 100 * 1024);
  assert_load_fails (path, MC_KEY_FILE_ERROR_INVALID);

  write_bytes (path, (const guint8 *) "SQLite format 3", 16);
  assert_load_fails (path, MC_KEY_FILE_ERROR_INVALID);

  assert_load_fails (fixture->dir, MC_KEY_FILE_ERROR_INVALID);
  assert_load_fails (missing, MC_KEY_FILE_ERROR_IO);
}

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GBytes) original = read_bytes (fixture->path);
  g_autofree char *path = g_build_filename (fixture->dir, "newer", NULL);
  guint8 data[FILE_SIZE + 40];

  /* A newer file may have another size and layout: only the magic and the
   * version count. */
  memset (data, 0x55, sizeof data);
  memcpy (data, g_bytes_get_data (original, NULL), FILE_SIZE);
  put_be (data + OFF_VERSION, 3, 2);
  put_be (data + COPY_SIZE + OFF_VERSION, 3, 2);
  write_bytes (path, data, FILE_SIZE);
  assert_load_fails (path, MC_KEY_FILE_ERROR_NEWER);
  write_bytes (path, data, sizeof data);
  assert_load_fails (path, MC_KEY_FILE_ERROR_NEWER);
  write_bytes (path, data, OFF_VERSION + 2);
  assert_load_fails (path, MC_KEY_FILE_ERROR_NEWER);

  put_be (data + OFF_VERSION, 0, 2);
  put_be (data + COPY_SIZE + OFF_VERSION, 0, 2);
  write_bytes (path, data, FILE_SIZE);
  assert_load_fails (path, MC_KEY_FILE_ERROR_INVALID);
}

static void
test_kdf_limits (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const struct
  {
    gsize   wrap;
    guint64 opslimit;
    guint64 memlimit;
    gboolean loads;
  } cases[] = {
    { OFF_WRAP_P, 1, G_GUINT64_CONSTANT (100) << 30, FALSE },  /* 100 GiB */
    { OFF_WRAP_R, 1, G_MAXUINT64, FALSE },
    { OFF_WRAP_P, 1, (G_GUINT64_CONSTANT (1) << 30) + 1, FALSE },
    { OFF_WRAP_P, 1, G_GUINT64_CONSTANT (1) << 30, TRUE },
    { OFF_WRAP_P, 1, 8192, TRUE },
    { OFF_WRAP_P, 1, 8191, FALSE },
    { OFF_WRAP_P, G_MAXUINT32, 8 << 20, FALSE },
    { OFF_WRAP_R, 17, 8 << 20, FALSE },
    { OFF_WRAP_R, 16, 8 << 20, TRUE },
    { OFF_WRAP_R, 0, 8 << 20, FALSE },
  };
  g_autoptr(GBytes) original = read_bytes (fixture->path);
  g_autofree char *path = g_build_filename (fixture->dir, "limits", NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McKeyFile) loaded = NULL;
      guint8 data[FILE_SIZE];

      memcpy (data, g_bytes_get_data (original, NULL), FILE_SIZE);
      for (guint c = 0; c < N_COPIES; c++)
        {
          put_be (data + c * COPY_SIZE + cases[i].wrap + W_OPSLIMIT, cases[i].opslimit, 4);
          put_be (data + c * COPY_SIZE + cases[i].wrap + W_MEMLIMIT, cases[i].memlimit, 8);
        }
      fix_checksum (data);
      write_bytes (path, data, sizeof data);

      /* Loading only: the limits are judged before any derivation. */
      loaded = mc_key_file_load (path, &error);
      if (cases[i].loads)
        {
          g_assert_no_error (error);
          g_assert_nonnull (loaded);
        }
      else
        {
          g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_INVALID);
          g_assert_null (loaded);
        }
    }
}

static void
test_swapped_wraps (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GBytes) original = read_bytes (fixture->path);
  const guint8 *data = g_bytes_get_data (original, NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "swapped", NULL);
  g_autofree char *compact = strip_dashes (fixture->recovery_key);
  g_autoptr(GError) error = NULL;
  g_autoptr(McKeyFile) loaded = NULL;
  g_autoptr(McSecret) key = NULL;
  guint8 swapped[FILE_SIZE];

  /* Each wrap in the other's place, the kind bytes and the checksum made
   * to fit: the file loads, and only the additional data tells. */
  memcpy (swapped, data, FILE_SIZE);
  copy_both (swapped, OFF_WRAP_P, data + OFF_WRAP_R, WRAP_SIZE);
  copy_both (swapped, OFF_WRAP_R, data + OFF_WRAP_P, WRAP_SIZE);
  for (guint c = 0; c < N_COPIES; c++)
    {
      swapped[c * COPY_SIZE + OFF_WRAP_P + W_KIND] = 1;
      swapped[c * COPY_SIZE + OFF_WRAP_R + W_KIND] = 2;
    }
  fix_checksum (swapped);
  write_bytes (path, swapped, sizeof swapped);

  loaded = mc_key_file_load (path, &error);
  g_assert_no_error (error);

  /* The recovery wrap is derived from the 40 characters without dashes; as
   * a passphrase they would open it if the kind were not bound. */
  key = mc_key_file_unwrap_passphrase (loaded, compact, &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (key);
  g_clear_error (&error);

  key = mc_key_file_unwrap_passphrase (loaded, PASS_A, &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (key);
  g_clear_error (&error);

  key = mc_key_file_unwrap_recovery_key (loaded, fixture->recovery_key, &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY);
  g_assert_null (key);
}

static void
test_bytes_and_save_as (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) on_disk = read_bytes (fixture->path);
  g_autoptr(GBytes) bytes = mc_key_file_to_bytes (fixture->key_file);
  g_autoptr(McKeyFile) from_bytes = NULL;
  g_autoptr(McKeyFile) loaded_copy = NULL;
  g_autoptr(McSecret) key = NULL;
  g_autoptr(McSecret) key_copy = NULL;
  g_autofree char *copy = g_build_filename (fixture->dir, "copy", NULL);
  gboolean ok;

  g_assert_true (g_bytes_equal (bytes, on_disk));

  from_bytes = mc_key_file_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  key = unwrap_recovery_ok (from_bytes, fixture->recovery_key);
  assert_same_secret (key, fixture->data_key);

  /* Replaces what is there, and keeps the object on its own path. */
  write_bytes (copy, (const guint8 *) "old", 3);
  ok = mc_key_file_save_as (fixture->key_file, copy, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  assert_file_unchanged (copy, on_disk);
  loaded_copy = mc_key_file_load (copy, &error);
  g_assert_no_error (error);
  key_copy = unwrap_passphrase_ok (loaded_copy, PASS_A);
  assert_same_secret (key_copy, fixture->data_key);

  ok = mc_key_file_change_passphrase (fixture->key_file, fixture->data_key, PASS_B, MC_KDF_COST_TEST, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  assert_file_unchanged (copy, on_disk);
}

static void
assert_mode_0600 (const char *path)
{
  GStatBuf st;

  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
}

static void
test_permissions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mc-key-file-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "key", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy", NULL);
  g_autoptr(McSecret) data_key = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McKeyFile) key_file = NULL;
  mode_t old_umask;
  guint i;

  g_assert_no_error (error);

  /* The most permissive umask and one that takes the owner's bits away. */
  for (i = 0; i < 2; i++)
    {
      old_umask = umask (i == 0 ? 0 : 0277);
      key_file = mc_key_file_create (path, PASS_A, MC_KDF_COST_TEST, &data_key, &recovery_key, &error);
      g_assert_no_error (error);
      assert_mode_0600 (path);
      g_assert_true (mc_key_file_change_passphrase (key_file, data_key, PASS_B, MC_KDF_COST_TEST, &error));
      g_assert_no_error (error);
      assert_mode_0600 (path);
      g_assert_true (mc_key_file_save_as (key_file, copy, &error));
      g_assert_no_error (error);
      assert_mode_0600 (copy);
      umask (old_umask);

      g_clear_pointer (&key_file, mc_key_file_free);
      g_clear_pointer (&data_key, mc_secret_free);
      g_clear_pointer (&recovery_key, g_free);
      g_assert_no_errno (g_unlink (path));
      g_assert_no_errno (g_unlink (copy));
    }

  remove_dir (dir);
}

static guint
count_temporaries (const char *dir)
{
  g_auto(GStrv) names = list_dir (dir);
  guint count = 0;
  guint i;

  for (i = 0; names[i] != NULL; i++)
    if (g_str_has_prefix (names[i], ".key."))
      count++;
  return count;
}

static void
test_stale_temporaries (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stale = g_build_filename (fixture->dir, ".key.AbC123", NULL);
  g_autofree char *not_ours = g_build_filename (fixture->dir, ".key.AbC12", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, ".other.AbC123", NULL);
  g_auto(GStrv) names = NULL;
  g_autoptr(McKeyFile) loaded = NULL;
  g_autoptr(McSecret) key = NULL;

  /* What a writer killed before its rename leaves: a loader ignores it. */
  write_bytes (stale, (const guint8 *) "half", 4);
  write_bytes (not_ours, (const guint8 *) "keep", 4);
  write_bytes (other, (const guint8 *) "keep", 4);
  loaded = mc_key_file_load (fixture->path, &error);
  g_assert_no_error (error);
  key = unwrap_passphrase_ok (loaded, PASS_A);

  /* And the next write removes it, and nothing else. */
  g_assert_true (mc_key_file_change_passphrase (fixture->key_file, fixture->data_key, PASS_B, MC_KDF_COST_TEST, &error));
  g_assert_no_error (error);
  names = list_dir (fixture->dir);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[0], ==, ".key.AbC12");
  g_assert_cmpstr (names[1], ==, ".other.AbC123");
  g_assert_cmpstr (names[2], ==, "key");
}

static void
test_kill_during_change (Fixture       *fixture,
                         gconstpointer  user_data)
{
  guint rounds_a = 0, rounds_b = 0, left_behind = 0;
  guint round;

  for (round = 0; round < 40; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McKeyFile) loaded = NULL;
      g_autoptr(McSecret) key = NULL;
      int status = 0;
      pid_t pid;

      loaded = mc_key_file_load (fixture->path, &error);
      g_assert_no_error (error);

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          guint i;

          for (i = 0;; i++)
            mc_key_file_change_passphrase (loaded, fixture->data_key, i % 2 ? PASS_A : PASS_B,
                                           MC_KDF_COST_TEST, NULL);
        }

      g_usleep (g_test_rand_int_range (0, 40000));
      g_assert_no_errno (kill (pid, SIGKILL));
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      g_clear_pointer (&loaded, mc_key_file_free);
      loaded = mc_key_file_load (fixture->path, &error);
      g_assert_no_error (error);

      key = mc_key_file_unwrap_passphrase (loaded, PASS_A, &error);
      if (key != NULL)
        {
          rounds_a++;
        }
      else
        {
          g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE);
          g_clear_error (&error);
          key = unwrap_passphrase_ok (loaded, PASS_B);
          rounds_b++;
        }
      assert_same_secret (key, fixture->data_key);

      left_behind += count_temporaries (fixture->dir);
    }

  g_test_message ("after the kills: %u times passphrase A, %u times B, %u temporary files seen",
                  rounds_a, rounds_b, left_behind);
  g_assert_cmpuint (rounds_a + rounds_b, ==, 40);

  /* The next write removes what a kill left; from a fresh load, since the
   * fixture's object still holds the passphrase of before the kills, and
   * a change from it is refused. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McKeyFile) loaded = mc_key_file_load (fixture->path, &error);

    g_assert_no_error (error);
    g_assert_true (mc_key_file_change_passphrase (loaded, fixture->data_key, PASS_A, MC_KDF_COST_TEST, &error));
    g_assert_no_error (error);
  }
  assert_only_key_file (fixture->dir);
}

/* Root may write in a read-only directory, so as root the change runs in
 * a child that gave up root for nobody, who owns the directory then: the
 * check runs in CI (as root) too. */
static void
test_read_only_directory (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GBytes) before = read_bytes (fixture->path);
  g_autoptr(McSecret) key = NULL;
  int status = 0;
  pid_t pid;

  if (geteuid () == 0)
    {
      struct passwd *nobody = getpwnam ("nobody");

      g_assert_nonnull (nobody);
      g_assert_no_errno (chown (fixture->dir, nobody->pw_uid, nobody->pw_gid));
      g_assert_no_errno (chown (fixture->path, nobody->pw_uid, nobody->pw_gid));
    }
  g_assert_no_errno (g_chmod (fixture->dir, 0500));

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GError *error = NULL;
      gboolean ok;

      if (geteuid () == 0)
        {
          struct passwd *nobody = getpwnam ("nobody");

          if (nobody == NULL || setgroups (0, NULL) != 0 || setgid (nobody->pw_gid) != 0
              || setuid (nobody->pw_uid) != 0 || geteuid () == 0)
            _exit (10);
        }
      ok = mc_key_file_change_passphrase (fixture->key_file, fixture->data_key, PASS_B, MC_KDF_COST_TEST, &error);
      if (ok || !g_error_matches (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_IO))
        _exit (11);
      _exit (0);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_no_errno (g_chmod (fixture->dir, 0700));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  assert_file_unchanged (fixture->path, before);
  assert_only_key_file (fixture->dir);
  key = unwrap_passphrase_ok (fixture->key_file, PASS_A);
}

static void
test_write_failure (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GBytes) before = read_bytes (fixture->path);
  g_autoptr(McSecret) key = NULL;
  int status = 0;
  pid_t pid;

  /* A file size limit makes write() fail part way, as a full disk does,
   * and binds root too. In a child, so the limit stays there. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GError *error = NULL;
      struct rlimit limit;
      gboolean ok;

      signal (SIGXFSZ, SIG_IGN);
      if (getrlimit (RLIMIT_FSIZE, &limit) != 0)
        _exit (10);
      limit.rlim_cur = 100;
      if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
        _exit (11);
      ok = mc_key_file_change_passphrase (fixture->key_file, fixture->data_key, PASS_B, MC_KDF_COST_TEST, &error);
      if (ok || !g_error_matches (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_IO))
        _exit (12);
      if (strstr (error->message, fixture->path) == NULL
          || !g_str_has_prefix (error->message, "Could not write the key file"))
        _exit (13);
      /* The object keeps the wrap that is on disk. */
      key = mc_key_file_unwrap_passphrase (fixture->key_file, PASS_A, NULL);
      _exit (key != NULL ? 0 : 14);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  assert_file_unchanged (fixture->path, before);
  assert_only_key_file (fixture->dir);
  key = unwrap_passphrase_ok (fixture->key_file, PASS_A);
}

static void
test_costs (void)
{
  static const struct
  {
    McKdfCost   cost;
    const char *name;
    guint64     opslimit;
    guint64     memlimit;
  } costs[] = {
    { MC_KDF_COST_TEST, "test", 1, 8 << 20 },
    { MC_KDF_COST_INTERACTIVE, "interactive", crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE },
    { MC_KDF_COST_MODERATE, "moderate", crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mc-key-file-XXXXXX", &error);
  guint i;

  g_assert_no_error (error);

  for (i = 0; i < G_N_ELEMENTS (costs); i++)
    {
      g_autofree char *path = g_build_filename (dir, costs[i].name, NULL);
      g_autoptr(McSecret) data_key = NULL;
      g_autofree char *recovery_key = NULL;
      g_autoptr(McKeyFile) key_file = NULL;
      g_autoptr(McSecret) key = NULL;
      g_autoptr(GBytes) bytes = NULL;
      const guint8 *data;
      gint64 start, created, unwrapped;

      start = g_get_monotonic_time ();
      key_file = mc_key_file_create (path, PASS_A, costs[i].cost, &data_key, &recovery_key, &error);
      created = g_get_monotonic_time ();
      g_assert_no_error (error);
      key = unwrap_passphrase_ok (key_file, PASS_A);
      unwrapped = g_get_monotonic_time ();
      assert_same_secret (key, data_key);

      bytes = read_bytes (path);
      data = g_bytes_get_data (bytes, NULL);
      g_assert_cmpuint (get_be (data + OFF_WRAP_P + W_OPSLIMIT, 4), ==, costs[i].opslimit);
      g_assert_cmpuint (get_be (data + OFF_WRAP_P + W_MEMLIMIT, 8), ==, costs[i].memlimit);
      g_assert_cmpuint (get_be (data + OFF_WRAP_R + W_OPSLIMIT, 4), ==, costs[i].opslimit);
      g_assert_cmpuint (get_be (data + OFF_WRAP_R + W_MEMLIMIT, 8), ==, costs[i].memlimit);

      g_test_message ("%s cost: create (two derivations) %.3f s, unwrap (one) %.3f s",
                      costs[i].name, (created - start) / 1e6, (unwrapped - created) / 1e6);
      g_assert_no_errno (g_unlink (path));
    }

  remove_dir (dir);
}

static void
test_passphrase_strength (void)
{
  static const struct
  {
    const char          *passphrase;
    McPassphraseStrength strength;
  } cases[] = {
    { "", MC_PASSPHRASE_STRENGTH_WEAK },
    { "Ab1!", MC_PASSPHRASE_STRENGTH_WEAK },
    { "Abcdef1!x", MC_PASSPHRASE_STRENGTH_WEAK },              /* 9 */
    { "abcdefghij", MC_PASSPHRASE_STRENGTH_WEAK },             /* one kind */
    { "abcdefghijklmno", MC_PASSPHRASE_STRENGTH_WEAK },        /* one kind, 15 */
    { "ABCDEFGHIJKLMNO", MC_PASSPHRASE_STRENGTH_WEAK },
    { "123456789012345", MC_PASSPHRASE_STRENGTH_WEAK },
    { "aaaaaaaaaaaaaaaaaaaaaaaa", MC_PASSPHRASE_STRENGTH_WEAK },   /* 1 different */
    { "abab12abab12abab", MC_PASSPHRASE_STRENGTH_WEAK },       /* 4 different */
    { "éèêëàáâäöü", MC_PASSPHRASE_STRENGTH_WEAK },             /* 10, one kind */
    { "éèêëàá12", MC_PASSPHRASE_STRENGTH_WEAK },               /* 14 bytes, 8 characters */
    { "中文密码很长的一个句子", MC_PASSPHRASE_STRENGTH_WEAK },   /* letters without case */
    { "abcdefghi1", MC_PASSPHRASE_STRENGTH_FAIR },
    { "abcde12345", MC_PASSPHRASE_STRENGTH_FAIR },
    { "éèêëàáâä12", MC_PASSPHRASE_STRENGTH_FAIR },
    { "Summer2024", MC_PASSPHRASE_STRENGTH_FAIR },
    { "Abcdefgh1!", MC_PASSPHRASE_STRENGTH_FAIR },
    { "1234567890123456", MC_PASSPHRASE_STRENGTH_FAIR },       /* one kind, 16 */
    { "abcdefghijklmnop", MC_PASSPHRASE_STRENGTH_GOOD },
    { "Abcdefghi12!", MC_PASSPHRASE_STRENGTH_GOOD },
    { "tulpen en kaas", MC_PASSPHRASE_STRENGTH_GOOD },
    { "abcdefghijklmnopqrst", MC_PASSPHRASE_STRENGTH_STRONG },
    { "correct horse battery staple", MC_PASSPHRASE_STRENGTH_STRONG },
    { "Ωmega-Δelta-2024", MC_PASSPHRASE_STRENGTH_STRONG },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = mc_passphrase_check (cases[i].passphrase, &error);

      g_autofree char *escaped = g_strescape (cases[i].passphrase, NULL);

      g_test_message ("passphrase \"%s\"", escaped);
      g_assert_cmpint (mc_passphrase_strength (cases[i].passphrase), ==, cases[i].strength);
      if (cases[i].strength == MC_PASSPHRASE_STRENGTH_WEAK)
        {
          g_assert_false (ok);
          g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WEAK);
          g_assert_cmpstr (error->message, !=, "");
        }
      else
        {
          g_assert_true (ok);
          g_assert_no_error (error);
        }
    }
}

static void
test_passphrase_reasons (void)
{
  static const struct
  {
    const char *passphrase;
    const char *reason;
  } cases[] = {
    { "Ab1!", "The passphrase is too short. Use at least 10 characters." },
    { "aaaaaaaaaaaaaaaaaaaaaaaa", "The passphrase repeats the same few characters. Use more different characters." },
    { "abcdefghij", "The passphrase is too simple. Mix letters with digits or other characters, or use at least 16 characters." },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (mc_passphrase_check (cases[i].passphrase, &error));
      g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WEAK);
      g_assert_cmpstr (error->message, ==, cases[i].reason);
    }
}

/* One byte flipped anywhere in the file: it still loads as the same file
 * (so the passphrase and the recovery key open it as before), and both
 * secrets are tried on flips in each part of each copy. */
static void
test_one_flipped_byte (Fixture       *fixture,
                       gconstpointer  user_data)
{
  static const gsize unwrap_at[] = {
    0, OFF_VERSION + 1, OFF_KEY_CHECK + 3, OFF_WRAP_P + W_SALT, OFF_WRAP_P + W_WRAPPED + 40,
    OFF_WRAP_R + W_OPSLIMIT + 3, OFF_WRAP_R + W_WRAPPED + 5, OFF_ANCHOR + 9, 2000, OFF_CHECKSUM + 31,
  };
  g_autoptr(GBytes) original = read_bytes (fixture->path);
  g_autofree char *path = g_build_filename (fixture->dir, "flipped", NULL);
  g_autofree guint8 *data = g_malloc (FILE_SIZE);
  gsize offset;

  g_assert_cmpuint (g_bytes_get_size (original), ==, FILE_SIZE);

  for (offset = 0; offset < FILE_SIZE; offset++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) flipped = NULL;
      g_autoptr(McKeyFile) loaded = NULL;
      g_autoptr(GBytes) again = NULL;

      memcpy (data, g_bytes_get_data (original, NULL), FILE_SIZE);
      data[offset] ^= 1u << (offset % 8);
      flipped = g_bytes_new (data, FILE_SIZE);
      loaded = mc_key_file_new_from_bytes (flipped, &error);
      g_assert_no_error (error);
      again = mc_key_file_to_bytes (loaded);
      if (!g_bytes_equal (again, original))
        g_error ("a flip at byte %" G_GSIZE_FORMAT " changed what was read", offset);
    }

  for (guint i = 0; i < G_N_ELEMENTS (unwrap_at); i++)
    for (guint copy = 0; copy < N_COPIES; copy++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(McKeyFile) loaded = NULL;
        g_autoptr(McSecret) by_passphrase = NULL;
        g_autoptr(McSecret) by_recovery = NULL;

        memcpy (data, g_bytes_get_data (original, NULL), FILE_SIZE);
        data[copy * COPY_SIZE + unwrap_at[i]] ^= 0xff;
        write_bytes (path, data, FILE_SIZE);
        loaded = mc_key_file_load (path, &error);
        g_assert_no_error (error);
        by_passphrase = unwrap_passphrase_ok (loaded, PASS_A);
        assert_same_secret (by_passphrase, fixture->data_key);
        by_recovery = unwrap_recovery_ok (loaded, fixture->recovery_key);
        assert_same_secret (by_recovery, fixture->data_key);
      }

  /* Both copies hit: damaged, not a wrong passphrase. */
  memcpy (data, g_bytes_get_data (original, NULL), FILE_SIZE);
  data[OFF_WRAP_P + W_WRAPPED] ^= 1;
  data[COPY_SIZE + OFF_WRAP_R + W_WRAPPED] ^= 1;
  write_bytes (path, data, FILE_SIZE);
  assert_load_fails (path, MC_KEY_FILE_ERROR_INVALID);
}

static char *
fixture_readme_value (const char *readme,
                      const char *name)
{
  g_autofree char *pattern = g_strdup_printf ("- %s: `([^`]+)`", name);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_true (g_regex_match (regex, readme, 0, &match));
  return g_match_info_fetch (match, 1);
}

static gboolean
accept_any (McKeyFileAnchorState    state,
            const McKeyFileAnchor  *current,
            gpointer                user_data)
{
  guint *calls = user_data;

  if (calls != NULL)
    (*calls)++;
  return TRUE;
}

static gboolean
accept_none (McKeyFileAnchorState    state,
             const McKeyFileAnchor  *current,
             gpointer                user_data)
{
  return FALSE;
}

/* The key files of Meldcode 0.1.0 and 0.2.0 (version 1) load and open,
 * and become version 2 at their first write, opening as before. */
static void
test_version_1_fixtures (void)
{
  static const char * const fixtures[] = { "store-0.1.0", "store-0.2.0-sqlcipher4" };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *fixture_key = g_test_build_filename (G_TEST_DIST, "fixtures", fixtures[i], "store", "key", NULL);
      g_autofree char *readme_path = g_test_build_filename (G_TEST_DIST, "fixtures", fixtures[i], "README.md", NULL);
      g_autofree char *readme = NULL;
      g_autofree char *passphrase = NULL;
      g_autofree char *recovery_key = NULL;
      g_autofree char *dir = g_dir_make_tmp ("mc-key-file-XXXXXX", &error);
      g_autofree char *path = g_build_filename (dir, "key", NULL);
      g_autoptr(GBytes) original = NULL;
      g_autoptr(McKeyFile) loaded = NULL;
      g_autoptr(McKeyFile) upgraded = NULL;
      g_autoptr(McSecret) data_key = NULL;
      g_autoptr(McSecret) by_recovery = NULL;
      g_autoptr(McSecret) again = NULL;
      g_autoptr(McSecret) again_recovery = NULL;
      McKeyFileAnchor anchor = { .counter = 0, .last_id = 7, .row_count = 7 };
      McKeyFileAnchor read_back;
      gboolean written = FALSE;

      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (readme_path, &readme, NULL, &error));
      passphrase = fixture_readme_value (readme, "passphrase");
      recovery_key = fixture_readme_value (readme, "recovery key");

      original = read_bytes (fixture_key);
      g_assert_cmpuint (g_bytes_get_size (original), ==, V1_FILE_SIZE);
      write_bytes (path, g_bytes_get_data (original, NULL), V1_FILE_SIZE);

      loaded = mc_key_file_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (mc_key_file_get_version (loaded), ==, 1);
      data_key = unwrap_passphrase_ok (loaded, passphrase);
      by_recovery = unwrap_recovery_ok (loaded, recovery_key);
      assert_same_secret (data_key, by_recovery);
      g_assert_cmpint (mc_key_file_get_anchor (loaded, data_key, &read_back), ==, MC_KEY_FILE_ANCHOR_NONE);

      memset (anchor.last_hash, 0xab, sizeof anchor.last_hash);
      g_assert_true (mc_key_file_update_anchor (loaded, data_key, &anchor, accept_any, NULL, &written, &error));
      g_assert_no_error (error);
      g_assert_true (written);

      upgraded = mc_key_file_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (mc_key_file_get_version (upgraded), ==, 2);
      g_assert_cmpuint (g_bytes_get_size (read_bytes (path)), ==, FILE_SIZE);
      again = unwrap_passphrase_ok (upgraded, passphrase);
      assert_same_secret (again, data_key);
      again_recovery = unwrap_recovery_ok (upgraded, recovery_key);
      assert_same_secret (again_recovery, data_key);
      g_assert_cmpint (mc_key_file_get_anchor (upgraded, data_key, &read_back), ==, MC_KEY_FILE_ANCHOR_VALID);
      g_assert_cmpuint (read_back.counter, ==, 1);
      g_assert_cmpint (read_back.row_count, ==, 7);

      g_assert_no_errno (g_unlink (path));
      remove_dir (dir);
    }
}

/* The key files of the releases since 0.2.0 (version 2, with the anchor
 * their store wrote) load and open with the passphrase and with the
 * recovery key of their README, to the same data key. */
static void
test_version_2_fixtures (void)
{
  static const char * const fixtures[] = { "store-0.2.0", "store-0.2.1", "store-0.2.1-sqlcipher4" };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *fixture_key = g_test_build_filename (G_TEST_DIST, "fixtures", fixtures[i], "store", "key", NULL);
      g_autofree char *readme_path = g_test_build_filename (G_TEST_DIST, "fixtures", fixtures[i], "README.md", NULL);
      g_autofree char *readme = NULL;
      g_autofree char *passphrase = NULL;
      g_autofree char *recovery_key = NULL;
      g_autofree char *dir = g_dir_make_tmp ("mc-key-file-XXXXXX", &error);
      g_autofree char *path = g_build_filename (dir, "key", NULL);
      g_autoptr(GBytes) original = NULL;
      g_autoptr(McKeyFile) loaded = NULL;
      g_autoptr(McSecret) data_key = NULL;
      g_autoptr(McSecret) by_recovery = NULL;
      McKeyFileAnchor read_back;

      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (readme_path, &readme, NULL, &error));
      g_assert_no_error (error);
      passphrase = fixture_readme_value (readme, "passphrase");
      recovery_key = fixture_readme_value (readme, "recovery key");

      original = read_bytes (fixture_key);
      g_assert_cmpuint (g_bytes_get_size (original), ==, FILE_SIZE);
      write_bytes (path, g_bytes_get_data (original, NULL), FILE_SIZE);
      loaded = mc_key_file_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (mc_key_file_get_version (loaded), ==, 2);
      data_key = unwrap_passphrase_ok (loaded, passphrase);
      by_recovery = unwrap_recovery_ok (loaded, recovery_key);
      assert_same_secret (data_key, by_recovery);
      g_assert_cmpint (mc_key_file_get_anchor (loaded, data_key, &read_back), ==, MC_KEY_FILE_ANCHOR_VALID);
      g_assert_cmpuint (read_back.counter, >=, 1);

      g_assert_no_errno (g_unlink (path));
      remove_dir (dir);
    }
}

/* Not UTF-8: a clear error everywhere, never a critical or a crash. */
static void
test_passphrase_not_utf8 (Fixture       *fixture,
                          gconstpointer  user_data)
{
  static const char * const bad[] = { "\xff\xfe", "Caf\xe9-met-appeltaart-1", "Goede-zin-1\xc3" };
  g_autoptr(GBytes) before = read_bytes (fixture->path);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (fixture->dir, "new", NULL);
      g_autoptr(McSecret) key = NULL;
      g_autoptr(McSecret) data_key = NULL;
      g_autofree char *recovery_key = NULL;
      g_autoptr(McKeyFile) created = NULL;

      key = mc_key_file_unwrap_passphrase (fixture->key_file, bad[i], &error);
      g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE);
      g_assert_nonnull (strstr (error->message, "UTF-8"));
      g_assert_null (key);
      g_clear_error (&error);

      created = mc_key_file_create (path, bad[i], MC_KDF_COST_TEST, &data_key, &recovery_key, &error);
      g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WEAK);
      g_assert_null (created);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_clear_error (&error);

      g_assert_false (mc_key_file_change_passphrase (fixture->key_file, fixture->data_key, bad[i],
                                                     MC_KDF_COST_TEST, &error));
      g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WEAK);
      g_clear_error (&error);

      g_assert_false (mc_passphrase_check (bad[i], &error));
      g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WEAK);
      g_assert_cmpint (mc_passphrase_strength (bad[i]), ==, MC_PASSPHRASE_STRENGTH_WEAK);
    }
  assert_file_unchanged (fixture->path, before);
}

/* Every character counts, the last one too; code points that NFC makes
 * the same are the same passphrase, compatibility forms (NFKC) are not. */
static void
test_passphrase_every_character (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  static const char * const others[] = {
    "alpha-Passphrase-2",          /* the last character */
    "alpha-Passphrase-1 ",         /* one more at the end */
    "alpha-Passphrase-",           /* one less */
    "alpha-Passphrase-\xef\xbc\x91",  /* a fullwidth 1: the same under NFKC only */
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "nfc", NULL);
  g_autoptr(McSecret) data_key = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McKeyFile) nfc = NULL;
  g_autoptr(McSecret) by_nfd = NULL;
  g_autoptr(McSecret) by_nfc = NULL;
  g_autoptr(McSecret) wrong = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(McSecret) key = mc_key_file_unwrap_passphrase (fixture->key_file, others[i], &error);

      g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE);
      g_assert_null (key);
      g_clear_error (&error);
    }

  /* Made with the decomposed form, opened with the composed one, and the
   * other way round; one accent more at the end is another passphrase. */
  nfc = mc_key_file_create (path, "Cre\xcc\x80me-bru\xcc\x82le\xcc\x81" "e-42", MC_KDF_COST_TEST,
                            &data_key, &recovery_key, &error);
  g_assert_no_error (error);
  by_nfc = unwrap_passphrase_ok (nfc, "Cr\xc3\xa8me-br\xc3\xbbl\xc3\xa9" "e-42");
  assert_same_secret (by_nfc, data_key);
  by_nfd = unwrap_passphrase_ok (nfc, "Cre\xcc\x80me-bru\xcc\x82le\xcc\x81" "e-42");
  assert_same_secret (by_nfd, data_key);
  wrong = mc_key_file_unwrap_passphrase (nfc, "Cr\xc3\xa8me-br\xc3\xbbl\xc3\xa9" "e-4\xcc\x81" "2", &error);
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (wrong);
}

/* Two changes from two objects loaded at the same time: the second is
 * refused (the file on disk no longer has the passphrase it was loaded
 * with), and the first one's passphrase is the one that opens. */
static void
test_concurrent_change (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McKeyFile) first = mc_key_file_load (fixture->path, &error);
  g_autoptr(McKeyFile) second = mc_key_file_load (fixture->path, NULL);
  g_autoptr(McKeyFile) loaded = NULL;
  g_autoptr(GBytes) after_first = NULL;
  g_autoptr(McSecret) key = NULL;
  g_autoptr(McSecret) by_recovery = NULL;

  g_assert_no_error (error);
  g_assert_true (mc_key_file_change_passphrase (first, fixture->data_key, PASS_B, MC_KDF_COST_TEST, &error));
  g_assert_no_error (error);
  after_first = read_bytes (fixture->path);

  g_assert_false (mc_key_file_change_passphrase (second, fixture->data_key, "charlie-Passphrase-3",
                                                 MC_KDF_COST_TEST, &error));
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));
  g_clear_error (&error);
  assert_file_unchanged (fixture->path, after_first);

  loaded = mc_key_file_load (fixture->path, &error);
  g_assert_no_error (error);
  key = unwrap_passphrase_ok (loaded, PASS_B);
  assert_same_secret (key, fixture->data_key);
  by_recovery = unwrap_recovery_ok (loaded, fixture->recovery_key);
  assert_same_secret (by_recovery, fixture->data_key);
}

/* While another process holds the lock (longer than the 2 s a change
 * waits for it), a change is refused and the file stays as it was; once
 * the lock is free it goes through. */
static void
test_change_while_locked (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = read_bytes (fixture->path);
  g_autoptr(McSecret) key = NULL;
  int ready[2];
  int release[2];
  char byte = 0;
  int status = 0;
  gint64 start;
  pid_t pid;

  g_assert_no_errno (pipe (ready));
  g_assert_no_errno (pipe (release));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int fd = open (fixture->dir, O_RDONLY | O_DIRECTORY);

      if (fd < 0 || flock (fd, LOCK_EX) != 0 || write (ready[1], "r", 1) != 1)
        _exit (10);
      (void) !read (release[0], &byte, 1);
      _exit (0);
    }
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);

  start = g_get_monotonic_time ();
  g_assert_false (mc_key_file_change_passphrase (fixture->key_file, fixture->data_key, PASS_B,
                                                 MC_KDF_COST_TEST, &error));
  g_assert_error (error, MC_KEY_FILE_ERROR, MC_KEY_FILE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "Another program"));
  g_clear_error (&error);
  /* Refused after the wait (10 s), not kept waiting for ever: the upper
   * bound only catches a hang, it is no timing goal. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 120 * G_USEC_PER_SEC);
  assert_file_unchanged (fixture->path, before);
  key = unwrap_passphrase_ok (fixture->key_file, PASS_A);

  g_assert_cmpint (write (release[1], "x", 1), ==, 1);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  close (ready[0]);
  close (ready[1]);
  close (release[0]);
  close (release[1]);

  g_assert_true (mc_key_file_change_passphrase (fixture->key_file, fixture->data_key, PASS_B,
                                                MC_KDF_COST_TEST, &error));
  g_assert_no_error (error);
}

static void
test_anchor (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McKeyFile) stale = mc_key_file_load (fixture->path, &error);
  g_autoptr(McKeyFile) loaded = NULL;
  g_autoptr(McSecret) other_key = mc_secret_new_random (MC_DATA_KEY_SIZE);
  g_autoptr(McSecret) key = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *data = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "edited", NULL);
  McKeyFileAnchor anchor = { .last_id = 5, .row_count = 5 };
  McKeyFileAnchor read_back;
  gboolean written = FALSE;
  guint calls = 0;

  g_assert_no_error (error);
  g_assert_cmpint (mc_key_file_get_anchor (fixture->key_file, fixture->data_key, &read_back),
                   ==, MC_KEY_FILE_ANCHOR_NONE);

  memset (anchor.last_hash, 0x11, sizeof anchor.last_hash);
  g_assert_true (mc_key_file_update_anchor (fixture->key_file, fixture->data_key, &anchor,
                                            accept_any, &calls, &written, &error));
  g_assert_no_error (error);
  g_assert_true (written);
  g_assert_cmpuint (calls, ==, 1);

  anchor.last_id = 9;
  anchor.row_count = 8;
  g_assert_true (mc_key_file_update_anchor (fixture->key_file, fixture->data_key, &anchor,
                                            accept_any, &calls, &written, &error));
  g_assert_true (written);
  g_assert_cmpint (mc_key_file_read_anchor (fixture->key_file, fixture->data_key, &read_back, &error),
                   ==, MC_KEY_FILE_ANCHOR_VALID);
  g_assert_cmpuint (read_back.counter, ==, 2);
  g_assert_cmpint (read_back.last_id, ==, 9);
  g_assert_cmpint (read_back.row_count, ==, 8);
  g_assert_cmpmem (read_back.last_hash, 32, anchor.last_hash, 32);

  /* Refused by the caller: nothing written. */
  bytes = read_bytes (fixture->path);
  anchor.row_count = 99;
  g_assert_true (mc_key_file_update_anchor (fixture->key_file, fixture->data_key, &anchor,
                                            accept_none, NULL, &written, &error));
  g_assert_false (written);
  assert_file_unchanged (fixture->path, bytes);

  /* A passphrase changed by one object survives an anchor written by
   * another, loaded before the change, and the anchor survives the change. */
  g_assert_true (mc_key_file_change_passphrase (fixture->key_file, fixture->data_key, PASS_B,
                                                MC_KDF_COST_TEST, &error));
  g_assert_no_error (error);
  anchor.row_count = 10;
  anchor.last_id = 10;
  g_assert_true (mc_key_file_update_anchor (stale, fixture->data_key, &anchor, accept_any, NULL, &written, &error));
  g_assert_no_error (error);
  loaded = mc_key_file_load (fixture->path, &error);
  g_assert_no_error (error);
  key = unwrap_passphrase_ok (loaded, PASS_B);
  g_assert_cmpint (mc_key_file_get_anchor (loaded, fixture->data_key, &read_back), ==, MC_KEY_FILE_ANCHOR_VALID);
  g_assert_cmpuint (read_back.counter, ==, 3);
  g_assert_cmpint (read_back.row_count, ==, 10);

  /* Only the data key makes a valid anchor: under another key, or with
   * its numbers edited and the checksums made to fit, it does not check out. */
  g_assert_cmpint (mc_key_file_get_anchor (loaded, other_key, &read_back), ==, MC_KEY_FILE_ANCHOR_INVALID);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = read_bytes (fixture->path);
  data = g_memdup2 (g_bytes_get_data (bytes, NULL), FILE_SIZE);
  flip_both (data, OFF_ANCHOR + 8 + 7, 0x04);     /* last id 10 -> 14 */
  fix_checksum (data);
  write_bytes (path, data, FILE_SIZE);
  g_clear_pointer (&loaded, mc_key_file_free);
  loaded = mc_key_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_key_file_get_anchor (loaded, fixture->data_key, &read_back), ==, MC_KEY_FILE_ANCHOR_INVALID);
}

#define ADD_FIXTURE_TEST(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add_func ("/key-file/secret", test_secret);
  g_test_add_func ("/key-file/sqlcipher-key", test_sqlcipher_key);
  g_test_add_func ("/key-file/round-trip", test_round_trip);
  ADD_FIXTURE_TEST ("/key-file/wrong-passphrase", test_wrong_passphrase);
  ADD_FIXTURE_TEST ("/key-file/wrong-recovery-key", test_wrong_recovery_key);
  ADD_FIXTURE_TEST ("/key-file/recovery-key-typos", test_recovery_key_typos);
  g_test_add_func ("/key-file/recovery-key-normalize", test_recovery_key_normalize);
  g_test_add_func ("/key-file/passphrase-normalization", test_passphrase_normalization);
  ADD_FIXTURE_TEST ("/key-file/change-passphrase", test_change_passphrase);
  ADD_FIXTURE_TEST ("/key-file/weak-passphrase-refused", test_weak_passphrase_refused);
  ADD_FIXTURE_TEST ("/key-file/wrong-data-key", test_wrong_data_key);
  ADD_FIXTURE_TEST ("/key-file/create-keeps-existing", test_create_keeps_existing);
  ADD_FIXTURE_TEST ("/key-file/garbled", test_garbled);
  ADD_FIXTURE_TEST ("/key-file/truncated-and-odd-files", test_truncated_and_odd_files);
  ADD_FIXTURE_TEST ("/key-file/newer-version", test_newer_version);
  ADD_FIXTURE_TEST ("/key-file/kdf-limits", test_kdf_limits);
  ADD_FIXTURE_TEST ("/key-file/swapped-wraps", test_swapped_wraps);
  ADD_FIXTURE_TEST ("/key-file/bytes-and-save-as", test_bytes_and_save_as);
  g_test_add_func ("/key-file/permissions", test_permissions);
  ADD_FIXTURE_TEST ("/key-file/stale-temporaries", test_stale_temporaries);
  ADD_FIXTURE_TEST ("/key-file/kill-during-change", test_kill_during_change);
  ADD_FIXTURE_TEST ("/key-file/read-only-directory", test_read_only_directory);
  ADD_FIXTURE_TEST ("/key-file/write-failure", test_write_failure);
  g_test_add_func ("/key-file/costs", test_costs);
  ADD_FIXTURE_TEST ("/key-file/one-flipped-byte", test_one_flipped_byte);
  g_test_add_func ("/key-file/version-1-fixtures", test_version_1_fixtures);
  g_test_add_func ("/key-file/version-2-fixtures", test_version_2_fixtures);
  ADD_FIXTURE_TEST ("/key-file/passphrase-not-utf8", test_passphrase_not_utf8);
  ADD_FIXTURE_TEST ("/key-file/passphrase-every-character", test_passphrase_every_character);
  ADD_FIXTURE_TEST ("/key-file/concurrent-change", test_concurrent_change);
  ADD_FIXTURE_TEST ("/key-file/change-while-locked", test_change_while_locked);
  ADD_FIXTURE_TEST ("/key-file/anchor", test_anchor);
  g_test_add_func ("/passphrase/strength", test_passphrase_strength);
  g_test_add_func ("/passphrase/reasons", test_passphrase_reasons);

  return g_test_run ();
}
