/* bench-generate.h: a store with many cases for the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The passphrase of every generated store (KDF cost MODERATE). */
#define MC_BENCH_PASSPHRASE "Correct-Horse-Battery-42"

/* A copy, in a new temporary folder (remove it with mc_test_remove_tree()),
 * of a store with @n_cases cases of realistic size: people, signals,
 * consultations, conversations, kindcheck answers, a weighing, the
 * afwegingskader and a decision for most, follow-up agreements for a
 * fifth, a fifth of the cases closed, changes spread over twenty years.
 * Generated once (in one transaction, with prepared statements) and kept
 * under $MC_BENCH_CACHE_DIR, named by the generator's version, the schema
 * version and @n_cases; *@generate_ms is the time generating took, or -1
 * when the store came from the cache. The folder's store is below it, as
 * "store". */
char *mc_bench_get_store (guint    n_cases,
                          double  *generate_ms);

G_END_DECLS
