/* test-case-list.c: the lazy case list reads blocks and keeps its items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * McCaseList over a fetch that counts its calls: a summary is read with
 * the block of MC_CASE_LIST_BLOCK around it, once; a case that cannot be
 * read is an empty summary with its id; an update hands each summary out
 * before the case now at its position ("changed") and says only how the
 * length changed. The store's own lists are compared with it in
 * test-store-state (assert_lazy_lists_agree).
 */

#include "config.h"

#include <gio/gio.h>

#include "mc-case-list.h"

typedef struct
{
  guint  calls;
  guint  rows;
  gint64 unreadable;   /* this id cannot be read */
} Fetcher;

static void
fetch (const gint64   *ids,
       guint           n_ids,
       McCaseSummary **summaries,
       gpointer        user_data)
{
  Fetcher *fetcher = user_data;

  g_assert_cmpuint (n_ids, >, 0);
  g_assert_cmpuint (n_ids, <=, MC_CASE_LIST_BLOCK);
  fetcher->calls++;
  for (guint i = 0; i < n_ids; i++)
    {
      g_autofree char *number = g_strdup_printf ("N-%" G_GINT64_FORMAT, ids[i]);
      const McCaseSummaryFields fields = { .id = ids[i], .number = number, .client_name = "x", .status = "open" };

      if (ids[i] == fetcher->unreadable)
        continue;
      summaries[i] = mc_case_summary_new (&fields);
      fetcher->rows++;
    }
}

static GArray *
make_ids (guint n,
          gint64 first)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n; i++)
    {
      gint64 id = first + i;

      g_array_append_val (ids, id);
    }
  return ids;
}

static void
test_blocks (void)
{
  Fetcher fetcher = { .unreadable = 1070 };
  g_autoptr(GArray) ids = make_ids (150, 1000);
  g_autoptr(McCaseList) list = mc_case_list_new (ids, fetch, &fetcher, NULL);
  g_autoptr(McCaseSummary) last = NULL;
  g_autoptr(McCaseSummary) gone = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 150);
  g_assert_cmpuint (fetcher.calls, ==, 0);

  /* Position 10 reads positions 0 to 63, in one call. */
  for (guint i = 0; i < MC_CASE_LIST_BLOCK; i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (G_LIST_MODEL (list), i == 0 ? 10 : i);

      g_assert_cmpint (mc_case_summary_get_id (summary), ==, 1000 + (i == 0 ? 10 : i));
    }
  g_assert_cmpuint (fetcher.calls, ==, 1);
  g_assert_cmpuint (fetcher.rows, ==, MC_CASE_LIST_BLOCK);

  /* The last block is short. */
  last = g_list_model_get_item (G_LIST_MODEL (list), 149);
  g_assert_cmpint (mc_case_summary_get_id (last), ==, 1149);
  g_assert_cmpuint (fetcher.calls, ==, 2);
  g_assert_cmpuint (fetcher.rows, ==, MC_CASE_LIST_BLOCK + 150 - 128);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 150));

  /* One that cannot be read: its id, nothing else. */
  gone = g_list_model_get_item (G_LIST_MODEL (list), 70);
  g_assert_cmpuint (fetcher.calls, ==, 3);
  g_assert_cmpint (mc_case_summary_get_id (gone), ==, 1070);
  g_assert_cmpstr (mc_case_summary_get_number (gone), ==, "");
  g_assert_cmpint (mc_case_list_find (list, 1070), ==, 70);
  g_assert_cmpint (mc_case_list_find (list, 999), ==, G_MAXUINT);
}

static void
count_changed (guint *changed)
{
  (*changed)++;
}

static void
record_items_changed (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      guint      *out)
{
  out[0] = position;
  out[1] = removed;
  out[2] = added;
  out[3]++;
}

static void
test_update (void)
{
  Fetcher fetcher = { .unreadable = 0 };
  g_autoptr(GArray) ids = make_ids (200, 1);
  g_autoptr(GArray) fewer = make_ids (100, 501);
  g_autoptr(GArray) more = make_ids (300, 1001);
  g_autoptr(McCaseList) list = mc_case_list_new (ids, fetch, &fetcher, NULL);
  g_autoptr(McCaseList) shorter = mc_case_list_new (fewer, fetch, &fetcher, NULL);
  g_autoptr(McCaseList) longer = mc_case_list_new (more, fetch, &fetcher, NULL);
  g_autoptr(McCaseSummary) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_autoptr(McCaseSummary) past = g_list_model_get_item (G_LIST_MODEL (list), 150);
  guint changes[4] = { 0, };
  guint first_changed = 0, past_changed = 0;
  guint calls;

  g_signal_connect (list, "items-changed", G_CALLBACK (record_items_changed), changes);
  g_signal_connect_swapped (first, "changed", G_CALLBACK (count_changed), &first_changed);
  g_signal_connect_swapped (past, "changed", G_CALLBACK (count_changed), &past_changed);

  /* Shorter: position 0 takes case 501 (the block read again), position
   * 150 leaves, and the list says only that its end went. */
  calls = fetcher.calls;
  mc_case_list_update (list, shorter);
  g_assert_cmpuint (fetcher.calls, ==, calls + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 100);
  g_assert_cmpuint (changes[3], ==, 1);
  g_assert_cmpuint (changes[0], ==, 100);
  g_assert_cmpuint (changes[1], ==, 100);
  g_assert_cmpuint (changes[2], ==, 0);
  g_assert_cmpuint (first_changed, ==, 1);
  g_assert_cmpint (mc_case_summary_get_id (first), ==, 501);
  g_assert_cmpstr (mc_case_summary_get_number (first), ==, "N-501");
  g_assert_cmpuint (past_changed, ==, 0);
  {
    g_autoptr(McCaseSummary) again = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_true (again == first);
  }
  {
    g_autoptr(McCaseSummary) end = g_list_model_get_item (G_LIST_MODEL (list), 99);

    g_assert_cmpint (mc_case_summary_get_id (end), ==, 600);
  }

  /* Longer: added at the end, the rest stays where it was. */
  mc_case_list_update (list, longer);
  g_assert_cmpuint (changes[3], ==, 2);
  g_assert_cmpuint (changes[0], ==, 100);
  g_assert_cmpuint (changes[1], ==, 0);
  g_assert_cmpuint (changes[2], ==, 200);
  g_assert_cmpint (mc_case_summary_get_id (first), ==, 1001);
  {
    g_autoptr(McCaseSummary) end = g_list_model_get_item (G_LIST_MODEL (list), 299);

    g_assert_cmpint (mc_case_summary_get_id (end), ==, 1300);
    g_assert_cmpint (mc_case_list_find (list, 1300), ==, 299);
  }

  /* The same length: no items-changed, the summaries still follow. */
  mc_case_list_update (list, longer);
  g_assert_cmpuint (changes[3], ==, 2);
  g_assert_cmpuint (first_changed, ==, 3);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case-list/blocks", test_blocks);
  g_test_add_func ("/case-list/update", test_update);

  return g_test_run ();
}
