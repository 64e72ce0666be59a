/* mc-store-search.c: the ids of the app's list for a search, from the index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The general query (mc-store-query.c) takes the index's hits, reads each
 * hit's row, holds its search key against LIKE and sorts what is left: a
 * row read, a LIKE and a place in a sort for every hit, whatever the
 * filter keeps. A short word hits much ("de": 30,000 of 100,000 cases),
 * and LIKE was most of the time of any search. Here the hits are a set,
 * and the index that gives the list's order (all cases, or those of a
 * status) is walked once through it: no row read and no sort for a hit.
 * A search that is one word finds in the index exactly what LIKE finds
 * (mc_store_search_is_exact()); for any other, only the hits the filter
 * keeps have their key read, and checked as LIKE checks it.
 */

/* One log domain for all of McStore, as before it was split. */
#define G_LOG_DOMAIN "mc-store"

#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "mc-store.h"
#include "mc-store-internal.h"
#include "mc-store-private.h"
#include "mc-store-schema.h"

static const char hits_sql[] = "SELECT docid FROM cases_search WHERE cases_search MATCH ?1";
/* The orders of the lazy list (mc-store-query.c, schema 5). */
static const char all_ids_sql[] =
  "SELECT id FROM cases INDEXED BY cases_updated_at ORDER BY updated_at DESC, id DESC";
static const char status_ids_sql[] =
  "SELECT id FROM cases INDEXED BY cases_status_updated_at WHERE status = ?1"
  " ORDER BY updated_at DESC, id DESC";
static const char key_sql[] = "SELECT search_key FROM cases WHERE id = ?1";
static const char hit_rows_sql[] =
  "SELECT id, status, updated_at, search_key FROM cases"
  " WHERE id IN (SELECT docid FROM cases_search WHERE cases_search MATCH ?1)";

/* Beyond this span of ids the hits are looked up in a sorted array, not a
 * bitmap (ids are counted from 1, so this is for a store made by hand). */
#define MAX_BITMAP_SPAN (G_GINT64_CONSTANT (1) << 26)
/* A word of at most this many characters is left out of the index's
 * query when a longer one is there (selective_match()). */
#define SHORT_WORD_CHARS 2
/* With fewer hits, each hit's row is read and the hits sorted; with more,
 * the index of the list's order is walked (some 0.05 ms per 1,000 cases
 * against some 0.6 ms per 1,000 hits). */
#define MAX_HITS_TO_READ 4096

static guint max_hits_to_read = MAX_HITS_TO_READ;
static gint64 max_bitmap_span = MAX_BITMAP_SPAN;

void
mc_store_search_set_limits (guint  max_hits,
                            gint64 max_span)
{
  max_hits_to_read = max_hits;
  max_bitmap_span = max_span;
}

void
mc_store_search_reset_limits (void)
{
  mc_store_search_set_limits (MAX_HITS_TO_READ, MAX_BITMAP_SPAN);
}

typedef struct
{
  GArray *hits;     /* gint64, sorted */
  gint64  first;
  guint8 *bitmap;   /* bit (id - first), or NULL */
} HitSet;

static int
compare_ids (const void *a,
             const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
hit_set_init (HitSet *set)
{
  gint64 first, last;

  /* FTS4 gives its hits in the order of their docids; this does not rely
   * on it. */
  qsort (set->hits->data, set->hits->len, sizeof (gint64), compare_ids);
  first = g_array_index (set->hits, gint64, 0);
  last = g_array_index (set->hits, gint64, set->hits->len - 1);
  set->first = first;
  if (last - first < max_bitmap_span)
    {
      set->bitmap = g_new0 (guint8, (gsize) ((last - first) / 8 + 1));
      for (guint i = 0; i < set->hits->len; i++)
        {
          gint64 bit = g_array_index (set->hits, gint64, i) - first;

          set->bitmap[bit / 8] |= (guint8) (1u << (bit % 8));
        }
    }
}

static gboolean
hit_set_contains (const HitSet *set,
                  gint64        id)
{
  gint64 last = g_array_index (set->hits, gint64, set->hits->len - 1);

  if (id < set->first || id > last)
    return FALSE;
  if (set->bitmap != NULL)
    {
      gint64 bit = id - set->first;

      return (set->bitmap[bit / 8] & (1u << (bit % 8))) != 0;
    }
  return bsearch (&id, set->hits->data, set->hits->len, sizeof (gint64), compare_ids) != NULL;
}

/* As `key LIKE '%' || folded || '%'` (with LIKE's characters escaped, as
 * like_pattern() in mc-store-query.c escapes them): SQLite's LIKE ignores
 * the case of ASCII letters only, and a UTF-8 text holds another as bytes
 * exactly where it holds it as characters. */
static gboolean
key_holds (const char *key,
           const char *folded_down)
{
  g_autofree char *key_down = NULL;

  if (key == NULL)
    return FALSE;
  key_down = g_ascii_strdown (key, -1);
  return strstr (key_down, folded_down) != NULL;
}

/* The words of @match ("van* leeuw*") that the index answers quickly:
 * a word of one or two letters is the prefix of very many terms ("1*" of
 * every number), and reading all their hits costs more than checking the
 * keys of the other words' hits. Those are left out when a longer word
 * remains; the keys are checked then (the search is not one word). */
static char *
selective_match (const char *match)
{
  g_auto(GStrv) words = g_strsplit (match, " ", -1);
  GString *out = g_string_new (NULL);
  gboolean has_long = FALSE;

  for (guint i = 0; words[i] != NULL; i++)
    has_long |= g_utf8_strlen (words[i], -1) > SHORT_WORD_CHARS + 1;
  for (guint i = 0; words[i] != NULL; i++)
    if (!has_long || g_utf8_strlen (words[i], -1) > SHORT_WORD_CHARS + 1)
      {
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append (out, words[i]);
      }
  return g_string_free (out, FALSE);
}

static gboolean
read_hits (McStore     *self,
           const char  *match,
           GArray      *hits,
           GError     **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (self, hits_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (hits, id);
    }
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);
  return TRUE;
}

/* Whether the search key of case @id holds @folded_down. */
static gboolean
case_key_holds (McStore     *self,
                gint64       id,
                const char  *folded_down,
                gboolean    *holds,
                GError     **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  int rc;

  if ((stmt = mc_store_prepare_cached (self, key_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);
  *holds = rc == SQLITE_ROW && key_holds ((const char *) sqlite3_column_text (stmt, 0), folded_down);
  return TRUE;
}

typedef struct
{
  gint64  id;
  char   *updated_at;
} Hit;

/* The list's order: the most recently changed first. */
static int
compare_hits (const void *a,
              const void *b)
{
  const Hit *x = a, *y = b;
  int order = g_strcmp0 (y->updated_at, x->updated_at);

  if (order != 0)
    return order;
  return (y->id > x->id) - (y->id < x->id);
}

static void
clear_hit (gpointer data)
{
  g_free (((Hit *) data)->updated_at);
}

/* Few hits: each one's row, checked and sorted here. */
static gboolean
list_hit_rows (McStore     *self,
               const char  *status,
               const char  *match,
               const char  *folded_down,
               gboolean     exact,
               GArray      *ids,
               GError     **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Hit));
  int rc;

  g_array_set_clear_func (rows, clear_hit);
  if ((stmt = mc_store_prepare_cached (self, hit_rows_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Hit hit;

      if (status != NULL && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), status) != 0)
        continue;
      if (!exact && !key_holds ((const char *) sqlite3_column_text (stmt, 3), folded_down))
        continue;
      hit.id = sqlite3_column_int64 (stmt, 0);
      hit.updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_array_append_val (rows, hit);
    }
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (error, self->db, rc);

  /* An empty GArray's data is NULL, which qsort() may not be given. */
  if (rows->len > 1)
    qsort (rows->data, rows->len, sizeof (Hit), compare_hits);
  for (guint i = 0; i < rows->len; i++)
    g_array_append_val (ids, g_array_index (rows, Hit, i).id);
  return TRUE;
}

gboolean
mc_store_search_list_ids (McStore     *self,
                          const char  *status,
                          const char  *search,
                          const char  *match,
                          GArray      *ids,
                          GError     **error)
{
  g_autofree char *folded = mc_store_fold_for_search (search);
  g_autofree char *folded_down = g_ascii_strdown (folded, -1);
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean exact = mc_store_search_is_exact (folded);
  HitSet set = { hits, 0, NULL };
  gboolean ok = TRUE;
  g_autofree char *selective = NULL;
  int rc;

  g_assert (match != NULL);

  selective = selective_match (match);
  if (!read_hits (self, selective, hits, error))
    return FALSE;
  if (hits->len == 0)
    return TRUE;
  /* The open cases are those being worked on, few against the closed
   * ones kept for years: their index is walked in less time than it
   * takes to read a few hundred rows. */
  if (hits->len <= max_hits_to_read && g_strcmp0 (status, "open") != 0)
    return list_hit_rows (self, status, selective, folded_down, exact, ids, error);
  hit_set_init (&set);

  if ((stmt = mc_store_prepare_cached (self, status == NULL ? all_ids_sql : status_ids_sql, error)) == NULL)
    {
      g_free (set.bitmap);
      return FALSE;
    }
  if (status != NULL)
    sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean holds = TRUE;

      if (!hit_set_contains (&set, id))
        continue;
      if (!exact && !(ok = case_key_holds (self, id, folded_down, &holds, error)))
        break;
      if (holds)
        g_array_append_val (ids, id);
    }
  if (ok && rc != SQLITE_ROW && rc != SQLITE_DONE)
    ok = mc_store_set_sqlite_error (error, self->db, rc);
  g_free (set.bitmap);
  return ok;
}
