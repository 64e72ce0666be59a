/* mc-case-rows.c: the case list as plain rows, without objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store reads the rows from the index of the list (cases_list,
 * schema 10), already in its order, or, with a search, a state filter or
 * a state not current, in the table's order; they are kept here (in
 * blocks, their strings beside them). Rows in the table's order
 * get an array of sort keys sorted as mc_store_list_cases() sorts its
 * summaries: updated_at descending, then id descending. The key holds the
 * first 16 bytes of updated_at as two numbers, so that most comparisons
 * need no strcmp().
 */

#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mc-case-rows.h"
#include "mc-store-internal.h"

typedef struct
{
  guint64 prefix[2];       /* the first 16 bytes of updated_at, big-endian */
  guint   index;           /* in the rows */
} SortKey;

/* The rows in blocks of their own: growing never moves them. */
#define BLOCK_ROWS 4096

/* The rows and their strings go into pieces of memory mapped with their
 * pages already there (MAP_POPULATE): at 100,000 cases they are some
 * 18 MiB, and a page fault for each of their 4 KiB pages cost more than
 * a fifth of reading them (on a virtual machine more still). The first
 * piece is small, for a small store; each next one twice as big. */
#define FIRST_PIECE (256 * 1024)
#define LARGEST_PIECE (16 * 1024 * 1024)

typedef struct
{
  char  *base;
  gsize  size;
} Piece;

struct _McCaseRows
{
  GArray       *pieces;    /* Piece */
  char         *free_at;   /* in the last piece */
  char         *end;
  GStringChunk *shared;    /* the values many rows share */
  GPtrArray    *blocks;    /* McCaseSummaryFields[BLOCK_ROWS], in the pieces */
  guint         n_rows;
  GArray       *keys;      /* SortKey, in the list's order; NULL when the
                              rows came in that order */
};

static McCaseSummaryFields *
row_at (McCaseRows *self,
        guint       index)
{
  McCaseSummaryFields *block = g_ptr_array_index (self->blocks, index / BLOCK_ROWS);

  return &block[index % BLOCK_ROWS];
}

/* @size bytes, aligned for any row field, that live as long as @self. */
static gpointer
take (McCaseRows *self,
      gsize       size)
{
  gpointer memory;

  size = (size + 7) & ~(gsize) 7;
  if ((gsize) (self->end - self->free_at) < size)
    {
      Piece piece = { NULL, FIRST_PIECE };

      if (self->pieces->len > 0)
        piece.size = MIN (g_array_index (self->pieces, Piece, self->pieces->len - 1).size * 2, LARGEST_PIECE);
      piece.size = MAX (piece.size, size);
      piece.base = mmap (NULL, piece.size, PROT_READ | PROT_WRITE,
#ifdef MAP_POPULATE
                         MAP_POPULATE |
#endif
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (piece.base == MAP_FAILED)
        g_error ("Out of memory for the case list (%" G_GSIZE_FORMAT " bytes)", piece.size);
      g_array_append_val (self->pieces, piece);
      self->free_at = piece.base;
      self->end = piece.base + piece.size;
    }
  memory = self->free_at;
  self->free_at += size;
  return memory;
}

static const char *
keep (McCaseRows *self,
      const char *text)
{
  gsize size;

  if (text == NULL)
    return NULL;
  size = strlen (text) + 1;
  return memcpy (take (self, size), text, size);
}

/* For the values many rows share (an outcome, a reason). */
static const char *
keep_shared (McCaseRows *self,
             const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (self->shared, text) : NULL;
}

/* The two statuses without a lookup. */
static const char *
keep_status (McCaseRows *self,
             const char *status)
{
  if (g_strcmp0 (status, "open") == 0)
    return "open";
  if (g_strcmp0 (status, "closed") == 0)
    return "closed";
  return keep_shared (self, status);
}

/* Ordered as strcmp() orders the strings, as far as their first 16
 * bytes go (bytes after the end count as 0): "YYYY-MM-DDTHH:MM". */
static void
text_prefix (const char *text,
             guint64     prefix[2])
{
  gboolean ended = text == NULL;

  for (guint half = 0; half < 2; half++)
    {
      prefix[half] = 0;
      for (guint i = 0; i < 8; i++)
        {
          guchar c = ended ? 0 : (guchar) text[half * 8 + i];

          ended = ended || c == 0;
          prefix[half] = (prefix[half] << 8) | c;
        }
    }
}

static void
collect_row (const McCaseSummaryFields *fields,
             gpointer                   user_data)
{
  McCaseRows *self = user_data;
  McCaseSummaryFields *kept;

  if (self->n_rows % BLOCK_ROWS == 0)
    g_ptr_array_add (self->blocks, take (self, sizeof (McCaseSummaryFields) * BLOCK_ROWS));
  kept = row_at (self, self->n_rows++);
  *kept = *fields;
  kept->number = keep (self, fields->number);
  kept->client_name = keep (self, fields->client_name);
  kept->client_number = keep (self, fields->client_number);
  kept->status = keep_status (self, fields->status);
  kept->updated_at = keep (self, fields->updated_at);
  /* fields->outcome is a static string (outcome_text() in
   * mc-store-query.c): kept as it is. */
  kept->outcome_code = keep_shared (self, fields->outcome_code);
  kept->next_due = keep (self, fields->next_due);
  kept->closed_at = keep (self, fields->closed_at);
  kept->close_reason = keep_shared (self, fields->close_reason);
}

/* The sort keys of rows read in the table's order. */
static void
make_keys (McCaseRows *self)
{
  self->keys = g_array_sized_new (FALSE, FALSE, sizeof (SortKey), self->n_rows);
  for (guint i = 0; i < self->n_rows; i++)
    {
      SortKey key;

      text_prefix (row_at (self, i)->updated_at, key.prefix);
      key.index = i;
      g_array_append_val (self->keys, key);
    }
}

/* The list's order: the most recently changed first, then the highest id
 * (compare_summaries() in mc-store-query.c). A NULL updated_at comes last,
 * as g_strcmp0() puts it. */
static int
compare_keys (const void *a,
              const void *b,
              void       *user_data)
{
  const SortKey *x = a;
  const SortKey *y = b;
  const McCaseSummaryFields *x_row, *y_row;
  int order;

  if (x->prefix[0] != y->prefix[0])
    return x->prefix[0] < y->prefix[0] ? 1 : -1;
  if (x->prefix[1] != y->prefix[1])
    return x->prefix[1] < y->prefix[1] ? 1 : -1;
  x_row = row_at (user_data, x->index);
  y_row = row_at (user_data, y->index);
  if ((order = g_strcmp0 (y_row->updated_at, x_row->updated_at)) != 0)
    return order;
  return (y_row->id > x_row->id) - (y_row->id < x_row->id);
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
  gboolean sorted = FALSE;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (McCaseRows, 1);
  self->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  self->shared = g_string_chunk_new (1024);
  self->blocks = g_ptr_array_new ();

  /* A small cache: each page is read once anyway, and its memory is
   * reused rather than taken anew (a page fault each) for every page. */
  restore_cache = (flags & MC_CASE_ROWS_READ_ONCE) != 0 && store->db != NULL
                  && get_cache_size (store, &cache_size);
  if (restore_cache)
    set_cache_size (store, -2048);
  ok = mc_store_read_case_rows (store, filter, search, collect_row, self, &sorted, error);
  if (restore_cache)
    set_cache_size (store, cache_size);
  if (!ok)
    {
      mc_case_rows_free (self);
      return NULL;
    }

  /* From the list's index (schema 10) they come in order. */
  if (!sorted)
    {
      make_keys (self);
      if (self->keys->len > 1)
        qsort_r (self->keys->data, self->keys->len, sizeof (SortKey), compare_keys, self);
    }
  return self;
}

guint
mc_case_rows_get_n_rows (McCaseRows *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

const McCaseSummaryFields *
mc_case_rows_get_row (McCaseRows *self,
                      guint       position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->n_rows, NULL);

  if (self->keys == NULL)
    return row_at (self, position);
  return row_at (self, g_array_index (self->keys, SortKey, position).index);
}

void
mc_case_rows_free (McCaseRows *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->keys, g_array_unref);
  g_ptr_array_unref (self->blocks);
  for (guint i = 0; i < self->pieces->len; i++)
    {
      Piece *piece = &g_array_index (self->pieces, Piece, i);

      munmap (piece->base, piece->size);
    }
  g_array_unref (self->pieces);
  g_string_chunk_free (self->shared);
  g_free (self);
}
