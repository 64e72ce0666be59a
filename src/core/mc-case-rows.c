/* mc-case-rows.c: the case list one row at a time, without objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store reads the rows in the table's order (in the order of the
 * updated_at index every row is a lookup of its own); they are kept here
 * compactly (their strings in one GStringChunk), and an array of sort keys
 * (updated_at, id, where the row is) is sorted, as mc_store_list_cases()
 * sorts its summaries.
 */

#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <string.h>

#include "mc-case-rows.h"
#include "mc-store-internal.h"

typedef struct
{
  const char *updated_at;
  gint64      id;
  guint       index;
} SortKey;

typedef struct
{
  GStringChunk *strings;
  GArray       *rows;    /* McCaseSummaryFields, strings in @strings */
  GArray       *keys;    /* SortKey */
} Collected;

static const char *
keep (GStringChunk *strings,
      const char   *text)
{
  return text != NULL ? g_string_chunk_insert (strings, text) : NULL;
}

/* For the values many rows share (a status, an outcome, a date). */
static const char *
keep_shared (GStringChunk *strings,
             const char   *text)
{
  return text != NULL ? g_string_chunk_insert_const (strings, text) : NULL;
}

static void
collect_row (const McCaseSummaryFields *fields,
             gpointer                   user_data)
{
  Collected *collected = user_data;
  GStringChunk *strings = collected->strings;
  McCaseSummaryFields kept = *fields;
  SortKey key;

  kept.number = keep (strings, fields->number);
  kept.client_name = keep (strings, fields->client_name);
  kept.client_number = keep (strings, fields->client_number);
  kept.status = keep_shared (strings, fields->status);
  kept.updated_at = keep (strings, fields->updated_at);
  kept.outcome = keep_shared (strings, fields->outcome);
  kept.outcome_code = keep_shared (strings, fields->outcome_code);
  kept.next_due = keep_shared (strings, fields->next_due);
  kept.closed_at = keep (strings, fields->closed_at);
  kept.close_reason = keep_shared (strings, fields->close_reason);

  key.updated_at = kept.updated_at;
  key.id = kept.id;
  key.index = collected->rows->len;
  g_array_append_val (collected->rows, kept);
  g_array_append_val (collected->keys, key);
}

/* The list's order: the most recently changed first, then the highest id
 * (compare_summaries() in mc-store-query.c). */
static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const SortKey *x = a;
  const SortKey *y = b;
  int order = g_strcmp0 (y->updated_at, x->updated_at);

  if (order != 0)
    return order;
  return (y->id > x->id) - (y->id < x->id);
}

gboolean
mc_store_foreach_case (McStore       *store,
                       McCaseFilter   filter,
                       const char    *search,
                       McCaseRowFunc  func,
                       gpointer       user_data,
                       GError       **error)
{
  Collected collected;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  collected.strings = g_string_chunk_new (64 * 1024);
  collected.rows = g_array_new (FALSE, FALSE, sizeof (McCaseSummaryFields));
  collected.keys = g_array_new (FALSE, FALSE, sizeof (SortKey));

  ok = mc_store_read_case_rows (store, filter, search, collect_row, &collected, error);
  if (ok)
    {
      g_array_sort (collected.keys, compare_keys);
      for (guint i = 0; i < collected.keys->len; i++)
        {
          const SortKey *key = &g_array_index (collected.keys, SortKey, i);

          func (&g_array_index (collected.rows, McCaseSummaryFields, key->index), user_data);
        }
    }

  g_array_unref (collected.keys);
  g_array_unref (collected.rows);
  g_string_chunk_free (collected.strings);
  return ok;
}
