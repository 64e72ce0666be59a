/* bench-transfer.c: sealing and opening a case file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The goal: sealing and opening a case file cost the Argon2id of the
 * transfer passphrase (MODERATE: 3 passes, 256 MiB) plus under 20 ms. The
 * anchor is that bare Argon2id, measured on the same machine in the same
 * run; what is printed is the overhead (the time minus the anchor) and its
 * ratio to 20 ms (below 1.00 is within it). The case is the full sample
 * case (three rounds, ten signals, its history). The medians of five runs.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "mc-report-builder.h"
#include "mc-report-import.h"
#include "mc-store-transfer.h"
#include "mc-test-util.h"
#include "report-sample.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define TRANSFER   "4821-0937-5560-1274-8893-0146"
#define RUNS       5
#define TARGET_MS  20.0

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
bare_argon2id (void)
{
  guint8 salt[crypto_pwhash_SALTBYTES] = { 0 };
  guint8 key[32];
  double start = now_ms ();

  if (crypto_pwhash (key, sizeof key, "482109375560127488930146", 24, salt,
                     crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    g_error ("out of memory");
  return now_ms () - start;
}

static void
report (const char *what,
        double      ms,
        double      anchor)
{
  double overhead = ms - anchor;

  printf ("%-40s %8.2f ms  overhead %6.2f ms  target %.0f ms, ratio %.2f\n",
          what, ms, overhead, TARGET_MS, overhead / TARGET_MS);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McReport) sample = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(GBytes) sealed_key = NULL;
  guint8 public_key[MC_CASE_FILE_KEY_SIZE];
  double anchor[RUNS], seal[RUNS], open[RUNS], seal_key[RUNS], open_key[RUNS], receive[RUNS];
  gint64 id = 0;
  gsize payload_size = 0;
  gsize file_size = 0;

  if (sodium_init () < 0)
    return 1;
  tmp = g_dir_make_tmp ("meldcode-bench-transfer-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (tmp, "store", NULL);
  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  sample = report_sample_full ();
  case_ = mc_case_new_from_report (sample, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_import_case (store, case_, FALSE, &id, &error));
  g_assert_no_error (error);
  mc_store_get_transfer_public_key (store, public_key);

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GBytes) payload = NULL;
      g_autoptr(GBytes) sealed = NULL;
      g_autoptr(GBytes) opened = NULL;
      double start;

      anchor[run] = bare_argon2id ();

      /* Sealing: the payload read from the store, then sealed. */
      start = now_ms ();
      payload = mc_store_build_transfer_payload (store, id, &error);
      g_assert_no_error (error);
      sealed = mc_case_file_seal_with_passphrase (payload, TRANSFER, MC_KDF_COST_MODERATE, &error);
      g_assert_no_error (error);
      seal[run] = now_ms () - start;
      payload_size = g_bytes_get_size (payload);
      file_size = g_bytes_get_size (sealed);

      /* Opening: unsealed and read back into a case, not yet stored. */
      start = now_ms ();
      opened = mc_store_open_case_file (store, sealed, TRANSFER, &error);
      g_assert_no_error (error);
      g_assert_true (mc_store_check_transfer_payload (opened, NULL, NULL, &error));
      g_assert_no_error (error);
      open[run] = now_ms () - start;

      g_clear_pointer (&payload, g_bytes_unref);
      g_clear_pointer (&opened, g_bytes_unref);
      start = now_ms ();
      payload = mc_store_build_transfer_payload (store, id, &error);
      g_clear_pointer (&sealed_key, g_bytes_unref);
      sealed_key = mc_case_file_seal_to_key (payload, public_key, &error);
      g_assert_no_error (error);
      seal_key[run] = now_ms () - start;

      start = now_ms ();
      opened = mc_store_open_case_file (store, sealed_key, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (mc_store_check_transfer_payload (opened, NULL, NULL, &error));
      open_key[run] = now_ms () - start;

      /* Receiving it into the store, kept beside the first (one
       * transaction, every record with its audit row). */
      start = now_ms ();
      g_assert_true (mc_store_receive_payload (store, opened, MC_RECEIVE_DUPLICATE, NULL, NULL, &error));
      g_assert_no_error (error);
      receive[run] = now_ms () - start;
    }

  printf ("full sample case: payload %" G_GSIZE_FORMAT " bytes, case file %" G_GSIZE_FORMAT " bytes\n",
          payload_size, file_size);
  printf ("%-40s %8.2f ms  (the anchor)\n", "bare Argon2id, MODERATE", mc_test_median (anchor, RUNS));
  report ("seal with a transfer passphrase", mc_test_median (seal, RUNS), mc_test_median (anchor, RUNS));
  report ("open with a transfer passphrase", mc_test_median (open, RUNS), mc_test_median (anchor, RUNS));
  report ("seal to a store's key", mc_test_median (seal_key, RUNS), 0);
  report ("open with the store's key", mc_test_median (open_key, RUNS), 0);
  printf ("%-40s %8.2f ms  (no target: a store transaction)\n", "receive into the store", mc_test_median (receive, RUNS));

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  mc_test_remove_tree (tmp);
  return 0;
}
