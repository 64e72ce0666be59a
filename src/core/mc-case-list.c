/* mc-case-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-case-list"

#include "config.h"

#include <gio/gio.h>

#include "mc-case-list.h"

struct _McCaseList
{
  GObject          parent_instance;

  GArray          *ids;
  GHashTable      *read;    /* gint64 * -> McCaseSummary */
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

/* Reads the block of @position: one query for the rows around it. */
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
      if (summaries[i] == NULL)
        continue;
      /* A row read before keeps its summary: a bound row holds it. */
      if (g_hash_table_contains (self->read, &ids[i]))
        g_object_unref (summaries[i]);
      else
        g_hash_table_insert (self->read, &ids[i], summaries[i]);
    }
}

static gpointer
mc_case_list_get_item (GListModel *model,
                       guint       position)
{
  McCaseList *self = MC_CASE_LIST (model);
  gint64 *id;
  McCaseSummary *summary;

  if (position >= self->ids->len)
    return NULL;

  id = &g_array_index (self->ids, gint64, position);
  summary = g_hash_table_lookup (self->read, id);
  if (summary == NULL)
    {
      read_block (self, position);
      summary = g_hash_table_lookup (self->read, id);
    }
  if (summary == NULL)
    {
      const McCaseSummaryFields fields = { .id = *id, .number = "", .client_name = "", .status = "open" };

      summary = mc_case_summary_new (&fields);
      g_hash_table_insert (self->read, id, summary);
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
  /* Keyed by the ids in the array, which does not change. */
  self->read = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
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
