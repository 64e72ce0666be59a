/* mc-case-rows.c: the case list as plain rows, without objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store reads the rows in the table's order (in the order of the
 * updated_at index every row is a lookup of its own); they are kept here
 * (their strings in one GStringChunk), and an array of sort keys is
 * sorted as mc_store_list_cases() sorts its summaries: updated_at
 * descending, then id descending. The key holds the first eight bytes of
 * updated_at as a number, so that most comparisons need no strcmp().
 */

#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mc-case-rows.h"
#include "mc-store-internal.h"

typedef struct
{
  guint64     prefix;      /* the first bytes of updated_at, big-endian */
  const char *updated_at;
  gint64      id;
  guint       index;       /* in rows */
} SortKey;

struct _McCaseRows
{
  GStringChunk *strings;
  GArray       *rows;      /* McCaseSummaryFields, strings in @strings */
  GArray       *keys;      /* SortKey, in the list's order */
};

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

/* Ordered as strcmp() orders the strings, as far as their first eight
 * bytes go (bytes after the end count as 0). */
static guint64
text_prefix (const char *text)
{
  guint64 prefix = 0;
  guint i = 0;

  for (; text != NULL && i < 8 && text[i] != '\0'; i++)
    prefix = (prefix << 8) | (guchar) text[i];
  for (; i < 8; i++)
    prefix <<= 8;
  return prefix;
}

static void
collect_row (const McCaseSummaryFields *fields,
             gpointer                   user_data)
{
  McCaseRows *self = user_data;
  GStringChunk *strings = self->strings;
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

  key.prefix = text_prefix (kept.updated_at);
  key.updated_at = kept.updated_at;
  key.id = kept.id;
  key.index = self->rows->len;
  g_array_append_val (self->rows, kept);
  g_array_append_val (self->keys, key);
}

/* The list's order: the most recently changed first, then the highest id
 * (compare_summaries() in mc-store-query.c). A NULL updated_at comes last,
 * as g_strcmp0() puts it. */
static int
compare_keys (const void *a,
              const void *b)
{
  const SortKey *x = a;
  const SortKey *y = b;
  int order;

  if (x->prefix != y->prefix)
    return x->prefix < y->prefix ? 1 : -1;
  if ((order = g_strcmp0 (y->updated_at, x->updated_at)) != 0)
    return order;
  return (y->id > x->id) - (y->id < x->id);
}

/* The store's cache_size, to set back after a read that keeps no pages. */
static gboolean
get_cache_size (McStore *store,
                gint64  *cache_size)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (store->db, "PRAGMA cache_size", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    {
      *cache_size = sqlite3_column_int64 (stmt, 0);
      ok = TRUE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

static void
set_cache_size (McStore *store,
                gint64   cache_size)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, cache_size);

  if (sqlite3_exec (store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("The cache size is not set: %s", sqlite3_errmsg (store->db));
}

McCaseRows *
mc_store_read_case_list (McStore          *store,
                         McCaseFilter      filter,
                         const char       *search,
                         McCaseRowsFlags   flags,
                         GError          **error)
{
  McCaseRows *self;
  gint64 cache_size = 0;
  gboolean restore_cache;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (McCaseRows, 1);
  self->strings = g_string_chunk_new (64 * 1024);
  self->rows = g_array_new (FALSE, FALSE, sizeof (McCaseSummaryFields));
  self->keys = g_array_new (FALSE, FALSE, sizeof (SortKey));

  /* A small cache: each page is read once anyway, and its memory is
   * reused rather than taken anew (a page fault each) for every page. */
  restore_cache = (flags & MC_CASE_ROWS_READ_ONCE) != 0 && store->db != NULL
                  && get_cache_size (store, &cache_size);
  if (restore_cache)
    set_cache_size (store, -2048);
  ok = mc_store_read_case_rows (store, filter, search, collect_row, self, error);
  if (restore_cache)
    set_cache_size (store, cache_size);
  if (!ok)
    {
      mc_case_rows_free (self);
      return NULL;
    }

  if (self->keys->len > 1)
    qsort (self->keys->data, self->keys->len, sizeof (SortKey), compare_keys);
  return self;
}

guint
mc_case_rows_get_n_rows (McCaseRows *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->keys->len;
}

const McCaseSummaryFields *
mc_case_rows_get_row (McCaseRows *self,
                      guint       position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->keys->len, NULL);

  return &g_array_index (self->rows, McCaseSummaryFields,
                         g_array_index (self->keys, SortKey, position).index);
}

void
mc_case_rows_free (McCaseRows *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->keys);
  g_array_unref (self->rows);
  g_string_chunk_free (self->strings);
  g_free (self);
}
