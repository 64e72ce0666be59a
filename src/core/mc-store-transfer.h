/* mc-store-transfer.h: a whole case out of one store and into another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case is handed over in a case file (mc-case-file.h) whose payload is
 * every record of the case with every field the store keeps, by table and
 * column as the store names them (so a field added to a record type
 * travels without a line here), and the case's history: the sending
 * store's audit rows of the case and the history it received itself. The
 * payload is a GVariant, documented in mc-store-transfer.c.
 *
 * Each store has a key pair for case files sealed to it, derived from its
 * data key (crypto_kdf, context "mcxfer01"): no schema change, the same
 * after a passphrase change and in a restored backup. The transfer store
 * id, which names where a case came from, is a hash of the public key.
 */

#pragma once

#include "mc-case-file.h"
#include "mc-history.h"
#include "mc-store.h"

G_BEGIN_DECLS

/* What to do when the store holds the case already: the same origin (the
 * sending store and its case id, or this store and one of its cases when
 * a case comes back), or the same case number and client. */
typedef enum
{
  MC_RECEIVE_ASK,        /* MC_STORE_ERROR_EXISTS, nothing changed */
  MC_RECEIVE_REPLACE,    /* the case there is deleted, in the same transaction */
  MC_RECEIVE_DUPLICATE,  /* both are kept */
} McReceiveMode;

/* The payload's own version; a newer one is refused. */
#define MC_TRANSFER_PAYLOAD_VERSION 1

/* The public key of the store (MC_CASE_FILE_KEY_SIZE bytes). */
void       mc_store_get_transfer_public_key  (McStore        *store,
                                              guint8         *out_public_key);
/* The store's fingerprint (mc_case_file_format_fingerprint()). */
char      *mc_store_dup_transfer_fingerprint (McStore        *store);
/* 32 hex digits: BLAKE2b-128 of the public key. */
char      *mc_store_dup_transfer_id          (McStore        *store);

/* The payload of case @case_id. */
GBytes    *mc_store_build_transfer_payload   (McStore        *store,
                                              gint64          case_id,
                                              GError        **error);

/* Seals case @case_id with @passphrase (at @cost), or when @public_key is
 * not NULL to that key, and writes it to @path through
 * mc_output_file_write() with an "export" row of format "meldcase". */
gboolean   mc_store_transfer_case            (McStore        *store,
                                              gint64          case_id,
                                              const char     *passphrase,
                                              McKdfCost       cost,
                                              const guint8   *public_key,
                                              const char     *path,
                                              GError        **error);

/* The payload of case file @file: with @passphrase when it is sealed with
 * one (MC_CASE_FILE_ERROR_WRONG_PASSPHRASE when that is NULL), else with
 * this store's key. */
GBytes    *mc_store_open_case_file           (McStore        *store,
                                              GBytes         *file,
                                              const char     *passphrase,
                                              GError        **error);

/* Reads @payload without storing anything: MC_CASE_FILE_ERROR_DAMAGED when
 * it does not read, NEWER when it is of a newer Meldcode (a record type or
 * field this store does not know). @out_number and @out_client (may be
 * NULL) are the case's number and client. */
gboolean   mc_store_check_transfer_payload   (GBytes         *payload,
                                              char          **out_number,
                                              char          **out_client,
                                              GError        **error);

/* Stores the case of @payload, its origins and its received history, all
 * in one transaction with an "import" row ("meldcase <number> from <store
 * id> case <id>"); *@out_id (may be NULL) is the new case. With
 * MC_RECEIVE_ASK and the case already there, MC_STORE_ERROR_EXISTS and
 * nothing changes; *@out_existing_id (may be NULL) is the case there. */
gboolean   mc_store_receive_payload          (McStore        *store,
                                              GBytes         *payload,
                                              McReceiveMode   mode,
                                              gint64         *out_id,
                                              gint64         *out_existing_id,
                                              GError        **error);

/* The history case @case_id brought along, newest first, as McHistoryEntry
 * (empty for a case that was not received). */
GPtrArray *mc_store_list_received_history    (McStore        *store,
                                              gint64          case_id,
                                              GError        **error);

G_END_DECLS
