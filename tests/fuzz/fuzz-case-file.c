/* fuzz-case-file.c: libFuzzer target for reading case files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes go through the envelope's header reader and the opening with a
 * store's key (both run before anything is authenticated), and through the
 * payload reader, which builds a whole case from what it accepts (what an
 * authenticated but hostile sender controls). Nothing may crash, leak or
 * be accepted without a case. Seed it with tests/fixtures/casefile/.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "mc-store-transfer.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static McSecret *secret;
  static guint8 public_key[MC_CASE_FILE_KEY_SIZE];
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *client = NULL;
  McCaseFileSeal seal_mode;

  if (secret == NULL)
    {
      g_autoptr(McSecret) data_key = mc_secret_new_random (MC_DATA_KEY_SIZE);

      secret = mc_case_file_derive_secret_key (data_key);
      mc_case_file_public_key (secret, public_key);
    }

  if (mc_case_file_peek (bytes, &seal_mode, &error))
    {
      opened = mc_case_file_open_with_key (bytes, public_key, secret, &error);
      /* Only a file sealed to this key opens, and the fuzzer cannot seal. */
      g_assert (opened == NULL);
    }
  g_assert (error != NULL && error->domain == MC_CASE_FILE_ERROR);
  g_clear_error (&error);

  if (mc_store_check_transfer_payload (bytes, &number, &client, &error))
    g_assert (number != NULL && client != NULL);
  else
    g_assert (error != NULL && error->domain == MC_CASE_FILE_ERROR);

  return 0;
}
