/* mc-case-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-case-list"

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>

#include "mc-case-list.h"

struct _McCaseList
{
  GObject          parent_instance;

  GArray          *ids;
  GHashTable      *read;    /* position -> McCaseSummary */
  McCaseListFetch  fetch;
  gpointer         user_data;
  GDestroyNotify   destroy;
};

static void mc_case_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McCaseList, mc_case_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, mc_case_list_model_init))

static GType
mc_case_list_get_item_type (GListModel *model)
{
  return MC_TYPE_CASE_SUMMARY;
}

static guint
mc_case_list_get_n_items (GListModel *model)
{
  return MC_CASE_LIST (model)->ids->len;
}

static McCaseSummary *
empty_summary (gint64 id)
{
  const McCaseSummaryFields fields = { .id = id, .number = "", .client_name = "", .status = "open" };

  return mc_case_summary_new (&fields);
}

/* Reads the block of @position, one query for the rows around it: each
 * position read before takes what it says now (mc_case_summary_swap()),
 * with an empty summary when it cannot be read; the others are kept when
 * they could be read. */
static void
read_block (McCaseList *self,
            guint       position)
{
  McCaseSummary *summaries[MC_CASE_LIST_BLOCK] = { NULL, };
  guint start = position - position % MC_CASE_LIST_BLOCK;
  guint n = MIN (MC_CASE_LIST_BLOCK, self->ids->len - start);
  gint64 *ids = &g_array_index (self->ids, gint64, start);

  self->fetch (ids, n, summaries, self->user_data);
  for (guint i = 0; i < n; i++)
    {
      McCaseSummary *slot = g_hash_table_lookup (self->read, GUINT_TO_POINTER (start + i));

      if (slot != NULL)
        {
          g_autoptr(McCaseSummary) now = summaries[i] != NULL ? summaries[i] : empty_summary (ids[i]);

          mc_case_summary_swap (slot, now);
        }
      else if (summaries[i] != NULL)
        g_hash_table_insert (self->read, GUINT_TO_POINTER (start + i), summaries[i]);
    }
}

static gpointer
mc_case_list_get_item (GListModel *model,
                       guint       position)
{
  McCaseList *self = MC_CASE_LIST (model);
  McCaseSummary *summary;

  if (position >= self->ids->len)
    return NULL;

  summary = g_hash_table_lookup (self->read, GUINT_TO_POINTER (position));
  if (summary == NULL)
    {
      read_block (self, position);
      summary = g_hash_table_lookup (self->read, GUINT_TO_POINTER (position));
    }
  if (summary == NULL)
    {
      summary = empty_summary (g_array_index (self->ids, gint64, position));
      g_hash_table_insert (self->read, GUINT_TO_POINTER (position), summary);
    }

  return g_object_ref (summary);
}

static void
mc_case_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mc_case_list_get_item_type;
  iface->get_n_items = mc_case_list_get_n_items;
  iface->get_item = mc_case_list_get_item;
}

static void
mc_case_list_finalize (GObject *object)
{
  McCaseList *self = MC_CASE_LIST (object);

  g_clear_pointer (&self->read, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  if (self->destroy != NULL)
    self->destroy (self->user_data);

  G_OBJECT_CLASS (mc_case_list_parent_class)->finalize (object);
}

static void
mc_case_list_class_init (McCaseListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_case_list_finalize;
}

static void
mc_case_list_init (McCaseList *self)
{
  self->read = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
}

McCaseList *
mc_case_list_new (GArray          *ids,
                  McCaseListFetch  fetch,
                  gpointer         user_data,
                  GDestroyNotify   destroy)
{
  McCaseList *self;

  g_return_val_if_fail (ids != NULL, NULL);
  g_return_val_if_fail (fetch != NULL, NULL);

  self = g_object_new (MC_TYPE_CASE_LIST, NULL);
  self->ids = g_array_ref (ids);
  self->fetch = fetch;
  self->user_data = user_data;
  self->destroy = destroy;

  return self;
}

guint
mc_case_list_find (McCaseList *self,
                   gint64      case_id)
{
  g_return_val_if_fail (MC_IS_CASE_LIST (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == case_id)
      return i;

  return G_MAXUINT;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint x = GPOINTER_TO_UINT (*(gpointer *) a), y = GPOINTER_TO_UINT (*(gpointer *) b);

  return x < y ? -1 : x > y;
}

void
mc_case_list_update (McCaseList *self,
                     McCaseList *other)
{
  guint old_len, new_len, common;
  g_autofree gpointer *positions = NULL;
  guint n_positions;
  guint last_block = G_MAXUINT;

  g_return_if_fail (MC_IS_CASE_LIST (self));
  g_return_if_fail (MC_IS_CASE_LIST (other));

  old_len = self->ids->len;
  new_len = other->ids->len;
  common = MIN (old_len, new_len);
  g_array_unref (self->ids);
  self->ids = g_array_ref (other->ids);

  /* The positions handed out (the rows bound, a few hundred at most) take
   * the cases there now, a block to a query; those past the end go. */
  positions = g_hash_table_get_keys_as_array (self->read, &n_positions);
  qsort (positions, n_positions, sizeof (gpointer), compare_positions);
  for (guint i = 0; i < n_positions; i++)
    {
      guint position = GPOINTER_TO_UINT (positions[i]);

      if (position >= new_len)
        g_hash_table_remove (self->read, positions[i]);
      else if (position / MC_CASE_LIST_BLOCK != last_block)
        {
          last_block = position / MC_CASE_LIST_BLOCK;
          read_block (self, position);
        }
    }

  if (old_len != new_len)
    g_list_model_items_changed (G_LIST_MODEL (self), common, old_len - common, new_len - common);
}
