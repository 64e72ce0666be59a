/* test-retention-policy.c: the organisation's retention period as a store
 * setting, and one answer to "which cases are due" for the application's
 * list and the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "mc-dates.h"
#include "mc-due.h"
#include "mc-protocol.h"
#include "mc-retention.h"
#include "mc-store.h"
#include "mc-store-retention.h"
#include "mc-test-util.h"

#define PASSPHRASE "bewaartermijn van de organisatie"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_build_filename (g_get_tmp_dir (), "meldcode-test-retention-policy-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (fixture->dir));
  g_assert_no_errno (g_rmdir (fixture->dir));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  mc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static McStore *
create_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  McStore *store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);

  g_assert_no_error (error);
  mc_store_set_actor (store, "Petra Jansen", "aandachtsfunctionaris", NULL);
  return store;
}

static void
close_store (McStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  g_object_unref (store);
}

static void
get_policy (McStore           *store,
            McProtocol        *protocol,
            McRetentionPolicy *policy,
            gboolean          *from_store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_get_retention_policy (store, protocol, policy, from_store, &error));
  g_assert_no_error (error);
}

static void
set_policy (McStore          *store,
            guint             years,
            McRetentionStart  start)
{
  g_autoptr(GError) error = NULL;
  const McRetentionPolicy policy = { years, start };

  g_assert_true (mc_store_set_retention_policy (store, &policy, &error));
  g_assert_no_error (error);
}

/* The rows about the setting in the access log. */
static guint
count_setting_changes (McStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = mc_store_list_access_log (store, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      const McAccessEntry *entry = g_ptr_array_index (log, i);

      if (g_strcmp0 (entry->subject, "settings.retention-policy") == 0)
        {
          g_assert_cmpstr (entry->action, ==, "change");
          g_assert_cmpstr (entry->user_name, ==, "Petra Jansen");
          g_assert_cmpint (entry->case_id, ==, 0);
          n++;
        }
    }
  return n;
}

static void
test_setting (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = mc_protocol_new_default (&error);
  McStore *store = create_store (fixture->dir);
  McRetentionPolicy policy = { 0, };
  McRetentionPolicy bad = { 0, MC_RETENTION_FROM_CLOSING };
  gboolean from_store = TRUE;
  gint64 first_bad = -1;

  g_assert_no_error (error);

  /* Never chosen: the protocol's, 20 years from the closing date. */
  get_policy (store, protocol, &policy, &from_store);
  g_assert_false (from_store);
  g_assert_cmpuint (policy.years, ==, 20);
  g_assert_cmpint (policy.start, ==, MC_RETENTION_FROM_CLOSING);
  g_assert_cmpuint (count_setting_changes (store), ==, 0);

  /* Out of range: refused, nothing stored. */
  g_assert_false (mc_store_set_retention_policy (store, &bad, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bad.years = MC_RETENTION_MAX_YEARS + 1;
  g_assert_false (mc_store_set_retention_policy (store, &bad, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  get_policy (store, protocol, &policy, &from_store);
  g_assert_false (from_store);

  /* Chosen: the store's, and the change is in the trail. */
  set_policy (store, 7, MC_RETENTION_FROM_MAJORITY);
  get_policy (store, protocol, &policy, &from_store);
  g_assert_true (from_store);
  g_assert_cmpuint (policy.years, ==, 7);
  g_assert_cmpint (policy.start, ==, MC_RETENTION_FROM_MAJORITY);
  g_assert_cmpuint (count_setting_changes (store), ==, 1);

  /* The same again changes nothing and logs nothing; another does. */
  set_policy (store, 7, MC_RETENTION_FROM_MAJORITY);
  g_assert_cmpuint (count_setting_changes (store), ==, 1);
  set_policy (store, MC_RETENTION_MAX_YEARS, MC_RETENTION_FROM_CLOSING);
  g_assert_cmpuint (count_setting_changes (store), ==, 2);
  set_policy (store, 1, MC_RETENTION_FROM_CLOSING);
  g_assert_cmpuint (count_setting_changes (store), ==, 3);

  g_assert_true (mc_store_verify_audit (store, &first_bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first_bad, ==, 0);
  close_store (store);

  /* It is the store's: opened again, and with any protocol. */
  store = mc_store_open (fixture->dir, PASSPHRASE, &error);
  g_assert_no_error (error);
  get_policy (store, protocol, &policy, &from_store);
  g_assert_true (from_store);
  g_assert_cmpuint (policy.years, ==, 1);
  g_assert_cmpint (policy.start, ==, MC_RETENTION_FROM_CLOSING);
  get_policy (store, NULL, &policy, &from_store);
  g_assert_true (from_store);
  g_assert_cmpuint (policy.years, ==, 1);
  close_store (store);
}

/* A case closed on @closed_on, of a client born on @birth_date (NULL:
 * unknown). */
static gint64
add_closed_case (McStore    *store,
                 const char *closed_on,
                 const char *birth_date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) kase = mc_case_new ();
  GDate date;

  mc_record_set_string (MC_RECORD (kase), "client-name", "Client");
  if (birth_date != NULL)
    mc_record_set_string (MC_RECORD (kase), "birth-date", birth_date);
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  g_assert_true (mc_date_from_iso8601 (closed_on, &date));
  g_assert_true (mc_store_close_case (store, kase, "worries-gone", NULL, &date, &error));
  g_assert_no_error (error);
  return mc_record_get_id (MC_RECORD (kase));
}

static char *
iso_date (const GDate *date)
{
  return mc_date_to_iso8601 (date);
}

/* The ids @model lists, sorted. */
static GArray *
ids_of_model (GListModel *model)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (model, i);
      gint64 id = mc_case_summary_get_id (summary);

      g_array_append_val (ids, id);
    }
  return ids;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static GArray *
ids_of_items (GPtrArray *items)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < items->len; i++)
    g_array_append_val (ids, ((McRetentionItem *) g_ptr_array_index (items, i))->case_id);
  g_array_sort (ids, compare_ids);
  return ids;
}

static void
assert_same_ids (GArray *a,
                 GArray *b)
{
  g_array_sort (a, compare_ids);
  g_array_sort (b, compare_ids);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

typedef struct
{
  gint64  id;
  char   *closed_on;
  char   *birth_date;
} Made;

static void
made_clear (gpointer data)
{
  Made *made = data;

  g_free (made->closed_on);
  g_free (made->birth_date);
}

/* The cases due on @today by the C computation of each one. */
static GArray *
expected_due (GArray                  *made,
              const McRetentionPolicy *policy,
              const char              *today)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < made->len; i++)
    {
      const Made *m = &g_array_index (made, Made, i);
      g_autofree char *destroy_on = mc_retention_destroy_on (policy, m->closed_on, m->birth_date);

      if (mc_retention_is_due (destroy_on, today))
        g_array_append_val (ids, m->id);
    }
  return ids;
}

/* Closing dates around today's less the period, leap days and minors: the
 * list's filter, the command line's list and each case's own date agree,
 * for every policy, and after the policy changes. */
static void
test_agreement (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const fixed_closings[] = {
    "2004-02-29", "2005-02-28", "2005-03-01", "2008-02-29", "2012-02-29", "2000-02-29", "2016-12-31",
  };
  static const char * const fixed_births[] = {
    NULL, "1990-05-05", "2004-02-29", "2008-02-29", "2010-01-01", "1996-02-29", "2019-07-14",
  };
  static const McRetentionPolicy policies[] = {
    { 20, MC_RETENTION_FROM_CLOSING }, { 20, MC_RETENTION_FROM_MAJORITY },
    { 1, MC_RETENTION_FROM_CLOSING }, { 2, MC_RETENTION_FROM_MAJORITY },
    { 4, MC_RETENTION_FROM_MAJORITY }, { 115, MC_RETENTION_FROM_CLOSING },
  };
  g_autoptr(GArray) made = g_array_new (FALSE, TRUE, sizeof (Made));
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  McStore *store = create_store (fixture->dir);
  GDate today;

  g_array_set_clear_func (made, made_clear);
  mc_due_get_today (&today);

  /* Around the edge of each period: the day before, on and after. */
  for (guint p = 0; p < G_N_ELEMENTS (policies); p++)
    for (int delta = -2; delta <= 2; delta++)
      {
        GDate closed = today;
        Made m = { 0, };

        if (policies[p].years > 60)
          continue;
        g_date_subtract_years (&closed, policies[p].years);
        if (delta < 0)
          g_date_subtract_days (&closed, (guint) -delta);
        else
          g_date_add_days (&closed, (guint) delta);
        m.closed_on = iso_date (&closed);
        m.birth_date = g_strdup (fixed_births[g_rand_int_range (rand, 0, G_N_ELEMENTS (fixed_births))]);
        m.id = add_closed_case (store, m.closed_on, m.birth_date);
        g_array_append_val (made, m);
      }
  for (guint i = 0; i < G_N_ELEMENTS (fixed_closings); i++)
    for (guint b = 0; b < G_N_ELEMENTS (fixed_births); b++)
      {
        Made m = { 0, };

        /* A birth after the closing is no client of that case. */
        if (fixed_births[b] != NULL && strcmp (fixed_births[b], fixed_closings[i]) > 0)
          continue;
        m.closed_on = g_strdup (fixed_closings[i]);
        m.birth_date = g_strdup (fixed_births[b]);
        m.id = add_closed_case (store, m.closed_on, m.birth_date);
        g_array_append_val (made, m);
      }
  /* A minor whose 18th birthday comes long after a recent closing. */
  {
    GDate born = today;
    Made m = { 0, };

    g_date_subtract_years (&born, 17);
    m.birth_date = iso_date (&born);
    m.closed_on = g_strdup ("2020-06-01");
    m.id = add_closed_case (store, m.closed_on, m.birth_date);
    g_array_append_val (made, m);
  }
  /* An open case is never due. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McCase) open = mc_case_new ();

    mc_record_set_string (MC_RECORD (open), "client-name", "Open");
    g_assert_true (mc_store_insert (store, MC_RECORD (open), &error));
  }

  for (guint p = 0; p < G_N_ELEMENTS (policies); p++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *today_text = iso_date (&today);
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GListModel) lazy = NULL;
      g_autoptr(GListModel) full = NULL;
      g_autoptr(GArray) expected = NULL;
      g_autoptr(GArray) listed = NULL;
      g_autoptr(GArray) lazy_ids = NULL;
      g_autoptr(GArray) full_ids = NULL;
      McRetentionPolicy stored;

      set_policy (store, policies[p].years, policies[p].start);
      get_policy (store, NULL, &stored, NULL);

      /* The command line's list (as "meldcode-cli retention" asks it). */
      items = mc_store_list_due_for_destruction (store, &stored, NULL, &error);
      g_assert_no_error (error);
      /* The application's lists. */
      lazy = mc_store_list_cases_lazily (store, MC_CASE_FILTER_DUE_FOR_DESTRUCTION, NULL, &error);
      g_assert_no_error (error);
      full = mc_store_list_cases (store, MC_CASE_FILTER_DUE_FOR_DESTRUCTION, NULL, &error);
      g_assert_no_error (error);

      expected = expected_due (made, &policies[p], today_text);
      listed = ids_of_items (items);
      lazy_ids = ids_of_model (lazy);
      full_ids = ids_of_model (full);
      g_test_message ("%u years from %s: %u of %u due", policies[p].years,
                      policies[p].start == MC_RETENTION_FROM_MAJORITY ? "majority" : "closing",
                      expected->len, made->len);
      assert_same_ids (listed, expected);
      assert_same_ids (lazy_ids, expected);
      assert_same_ids (full_ids, expected);
      if (policies[p].years == 1)
        g_assert_cmpuint (expected->len, >, 0);
    }

  /* A search narrows the filter as it does the others. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) found = NULL;

    set_policy (store, 1, MC_RETENTION_FROM_CLOSING);
    found = mc_store_list_cases_lazily (store, MC_CASE_FILTER_DUE_FOR_DESTRUCTION, "Open", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
    g_clear_object (&found);
    found = mc_store_list_cases_lazily (store, MC_CASE_FILTER_DUE_FOR_DESTRUCTION, "Client", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (found), >, 0);
  }

  close_store (store);
}

/* 29 February: one year on is 1 March, never a day early; in the query as
 * in mc_retention_destroy_on(). */
static void
test_leap_day (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  McStore *store = create_store (fixture->dir);
  const McRetentionPolicy one_year = { 1, MC_RETENTION_FROM_CLOSING };
  const McRetentionPolicy majority = { 2, MC_RETENTION_FROM_MAJORITY };
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) on = NULL;
  gint64 id = add_closed_case (store, "2004-02-29", "1988-02-29");

  before = mc_store_list_due_for_destruction (store, &one_year, "2005-02-28", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 0);
  on = mc_store_list_due_for_destruction (store, &one_year, "2005-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on->len, ==, 1);
  g_assert_cmpint (((McRetentionItem *) g_ptr_array_index (on, 0))->case_id, ==, id);
  g_assert_cmpstr (((McRetentionItem *) g_ptr_array_index (on, 0))->destroy_on, ==, "2005-03-01");
  g_clear_pointer (&before, g_ptr_array_unref);
  g_clear_pointer (&on, g_ptr_array_unref);

  /* Born 29 February 1988: 18 on 1 March 2006 (a closing in 2004 counts
   * from then), destroyed from 1 March 2008, though 2008 has a 29th. */
  before = mc_store_list_due_for_destruction (store, &majority, "2008-02-29", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 0);
  on = mc_store_list_due_for_destruction (store, &majority, "2008-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on->len, ==, 1);

  close_store (store);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/retention-policy/setting", Fixture, NULL, fixture_set_up, test_setting, fixture_tear_down);
  g_test_add ("/retention-policy/agreement", Fixture, NULL, fixture_set_up, test_agreement, fixture_tear_down);
  g_test_add ("/retention-policy/leap-day", Fixture, NULL, fixture_set_up, test_leap_day, fixture_tear_down);

  return g_test_run ();
}
