/* test-ui-stats.c: the Jaarcijfers window in Dutch, light and dark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counts a store, then opens a combined figures file; every control has a
 * Dutch accessible name, every chart a table beside it, small counts show
 * as "<5"; screenshots in light and dark go to
 * build/tests/screenshots/nl/stats-{light,dark}.png.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "mc-i18n.h"
#include "mc-stats-store.h"
#include "mc-stats-window.h"
#include "mc-stats-xml.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static McStats *
sample (const char *store_id,
        guint       scale)
{
  McStats *stats = mc_stats_new (mc_stats_month (2026, 1), mc_stats_month (2026, 12), "ambiq", "2019");

  g_ptr_array_add (stats->store_ids, g_strdup (store_id));
  stats->cases_started = 40 * scale;
  stats->cases_closed = 22 * scale;
  stats->cases_in_period = 51 * scale;
  for (guint s = 0; s < MC_STATS_N_STEPS; s++)
    stats->steps_reached[s] = (51 - 8 * s) * scale;
  for (guint q = 0; q < MC_STATS_N_QUARTERS; q++)
    for (guint o = 0; o < MC_STATS_N_OUTCOMES; o++)
      stats->outcomes_by_quarter[q][o] = ((q + 2) * (o + 3)) % 9 * scale;
  stats->outcomes_by_quarter[2][MC_STATS_OUTCOME_CLOSE_MONITORING] = 1;
  stats->vt_reports = 12 * scale;
  stats->vt_consultations = 17 * scale;
  for (guint d = 3; d < 120; d += 7)
    stats->decision_days[d] = scale;
  stats->minors = 30 * scale;
  stats->adults = 19 * scale;
  stats->age_unknown = 2 * scale;
  stats->overdue_follow_up = 6;
  mc_stats_add_form (stats->forms, "signal-child-physical-abuse", 14 * scale);
  mc_stats_add_form (stats->forms, "signal-child-witness", 9 * scale);
  mc_stats_add_form (stats->special_forms, "form-fgm", 1);
  return stats;
}

static gboolean
has_tooltip (GtkWidget     *widget,
             gconstpointer  text)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0;
}

static gboolean
is_unnamed_control (GtkWidget     *widget,
                    gconstpointer  data)
{
  /* The window's own buttons (close) are libadwaita's, named by it. */
  if (gtk_widget_get_ancestor (widget, ADW_TYPE_HEADER_BAR) == NULL
      || gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL
      /* The + and − of the year, named by GTK. */
      || (!GTK_IS_SPIN_BUTTON (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_SPIN_BUTTON) != NULL))
    return FALSE;
  return (GTK_IS_BUTTON (widget) || GTK_IS_SPIN_BUTTON (widget))
         && gtk_widget_get_tooltip_text (widget) == NULL;
}

/* The window sets each control's accessible label to its tooltip: both
 * must be there, in Dutch. */
static void
assert_accessible_names (GtkWidget *root)
{
  const char *expected[] = {
    "Jaar",
    "Open een cijferbestand, zoals een gecombineerd bestand",
    "Exporteer de cijfers als pdf van één pagina",
    "Sla het cijferbestand op voor de taakhouder meldcode",
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (mc_test_find_widget (root, has_tooltip, expected[i]) == NULL)
      g_error ("No control is named “%s”", expected[i]);
  g_assert_null (mc_test_find_widget (root, is_unnamed_control, NULL));
}

static void
test_stats_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-test-ui-stats-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "store", NULL);
  g_autofree char *combined_path = g_build_filename (tmp, "organisatie.meldcijfers", NULL);
  g_autofree char *shots = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", "nl", NULL);
  g_autofree char *light = g_build_filename (shots, "stats-light.png", NULL);
  g_autofree char *dark = g_build_filename (shots, "stats-dark.png", NULL);
  g_autofree char *key = NULL;
  g_autoptr(McProtocol) protocol = mc_protocol_new_default (&error);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_stats_free);
  g_autoptr(McStats) combined = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(McCase) kase = mc_case_new ();
  const char * const names[] = { "a", "b", NULL };
  McStatsWindow *window;
  McStore *store;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (shots, 0755), ==, 0);

  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &key, &error);
  g_assert_no_error (error);
  mc_record_set_string (MC_RECORD (kase), "client-name", "Anna");
  g_assert_true (mc_store_insert (store, MC_RECORD (kase), &error));

  g_ptr_array_add (parts, sample ("0123456789abcdef0123456789abcdef", 1));
  g_ptr_array_add (parts, sample ("fedcba9876543210fedcba9876543210", 2));
  combined = mc_stats_combine (parts, names, &error);
  g_assert_no_error (error);
  g_assert_true (mc_stats_write_file (combined, combined_path, &error));

  window = mc_stats_window_new (NULL, store, protocol);
  gtk_window_present (GTK_WINDOW (window));
  mc_test_settle ();

  /* This store: one case started this year. */
  g_assert_nonnull (mc_stats_window_get_stats (window));
  g_assert_cmpuint (mc_stats_window_get_stats (window)->cases_started, ==, 1);
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (window), is_label_with_text, "Jaarcijfers"));

  /* The combined file. */
  file = g_file_new_for_path (combined_path);
  g_assert_true (mc_stats_window_open_file (window, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_stats_window_get_stats (window)->store_ids->len, ==, 2);
  mc_test_settle ();

  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (window), is_label_with_text, "Uitkomsten per kwartaal"));
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (window), is_label_with_text, "Bereikte stappen"));
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (window), is_label_with_text, "Tijd tot het besluit"));
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (window), is_label_with_text, "<5"));
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (window), is_label_with_text, "Lichamelijke mishandeling"));
  /* 120 started: a total, shown as it is. */
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (window), is_label_with_text, "120"));
  assert_accessible_names (GTK_WIDGET (window));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  mc_test_settle ();
  mc_test_screenshot (GTK_WIDGET (window), light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  mc_test_settle ();
  mc_test_screenshot (GTK_WIDGET (window), dark);
  g_test_message ("screenshots %s and %s", light, dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (mc_store_close (store, &error));
  g_object_unref (store);
  mc_test_remove_tree (tmp);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  mc_i18n_init ();

  if (setlocale (LC_ALL, "nl_NL.UTF-8") == NULL)
    g_error ("The nl_NL.UTF-8 locale is missing; build-aux/dev setup generates it");

  g_test_add_func ("/ui/stats/window-nl", test_stats_window);

  return g_test_run ();
}
