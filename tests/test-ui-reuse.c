/* test-ui-reuse.c: a step page kept for the next case shows that case,
 * saves to it and holds nothing of the case before
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * McCasePage keeps the step pages that implement McStepPage when another
 * case opens, and gives them the new case (mc_step_page_set_editor()). For
 * ordered pairs of quite different cases (two imported reports full of
 * records, an empty case of a minor, a closed case) and every step, the
 * page kept from case X and given case Y is compared with a page made new
 * for Y; and the same with the empty case in between, so that the rows of
 * X's records wait hidden and Y's records take them again:
 * - the same widget tree, printed: every visible widget's type, name, CSS
 *   classes, sensitivity, tooltip and what it shows (label text, entry
 *   text, text view text, toggle and switch state, combo row choice,
 *   expander state, icon); below a hidden widget only that it is hidden;
 * - no value of X's records anywhere in the kept page, hidden widgets
 *   included, unless a page new for Y shows it too (a shared name, the
 *   protocol's words);
 * - undo in its fields changes nothing (what a field was given is no
 *   edit: undoing it brought back X's text, or emptied the field);
 * - the same again with every record's row unfolded (its fields shown:
 *   the rows of signals and people are kept for Y's records);
 * - text typed into every entry row of the kept page, unfolded, is saved
 *   to Y, not to X.
 * Pages that do not implement McStepPage are made new for every case, so
 * they pass trivially; test-ui-reuse lists which pages were kept.
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "mc-case-page.h"
#include "mc-report-builder.h"
#include "mc-report-import.h"
#include "mc-report-xml.h"
#include "mc-step-page.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "lang genoeg wachtwoord voor de test"
#define N_STEPS 5

enum
{
  CASE_ANJA,     /* an adult with children among the people, decided */
  CASE_SEM,      /* another imported report */
  CASE_EMPTY,    /* a minor, nothing recorded */
  CASE_CLOSED,   /* a third report, of a closed case */
  N_CASES
};

typedef struct
{
  char       *dir;
  McStore    *store;
  McProtocol *protocol;
  gint64      ids[N_CASES];
  GtkWindow  *window;
  McCasePage *page;
  guint       errors;
} Fixture;

static gint64
import_report (Fixture    *fixture,
               const char *folder,
               const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", folder, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = mc_report_read_xml (path, &error);
  g_autoptr(McCase) imported = NULL;
  gint64 id = 0;

  g_assert_no_error (error);
  imported = mc_case_new_from_report (report, &error);
  g_assert_no_error (error);
  mc_store_import_case (fixture->store, imported, FALSE, &id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static McCase *
load (Fixture *fixture,
      guint    which)
{
  g_autoptr(GError) error = NULL;
  McCase *case_ = mc_store_load_case (fixture->store, fixture->ids[which], &error);

  g_assert_no_error (error);
  return case_;
}

/* What the reports leave empty, so a kept page showing it is seen: the
 * support network, other information, their marks and a special form. */
static void
fill_unreported (Fixture *fixture,
                 guint    which)
{
  g_autoptr(McCase) case_ = load (fixture, which);
  GPtrArray *forms = mc_protocol_get_special_forms (fixture->protocol);
  const McProtocolSpecialForm *form = g_ptr_array_index (forms, 0);
  const char *suspected[] = { form->id, NULL };
  const char *properties[] = {
    "support-network", "support-network-not-for-family", "other-information",
    "other-information-not-for-family", "suspected-forms",
  };
  g_autoptr(GError) error = NULL;

  mc_record_set_string (MC_RECORD (case_), "support-network", "Een buurvrouw die elke dag langskomt");
  mc_record_set_boolean (MC_RECORD (case_), "support-network-not-for-family", TRUE);
  mc_record_set_string (MC_RECORD (case_), "other-information", "Het gezin verhuist binnenkort");
  mc_record_set_boolean (MC_RECORD (case_), "other-information-not-for-family", TRUE);
  mc_record_set_lines (MC_RECORD (case_), "suspected-forms", suspected);
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      g_assert_true (mc_store_update_field (fixture->store, MC_RECORD (case_), properties[i], &error));
      g_assert_no_error (error);
    }
}

static void
on_error_cb (McCasePage *page,
             const char *message,
             Fixture    *fixture)
{
  g_printerr ("case page error: %s\n", message);
  fixture->errors++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *store_dir = NULL;
  g_autoptr(McCase) empty = mc_case_new ();
  g_autoptr(McCase) closed = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) birth = g_date_time_add_years (now, -9);
  g_autofree char *birth_iso = g_date_time_format (birth, "%Y-%m-%d");

  fixture->dir = g_dir_make_tmp ("meldcode-ui-reuse-XXXXXX", &error);
  g_assert_no_error (error);
  store_dir = g_build_filename (fixture->dir, "store", NULL);
  fixture->store = mc_store_create (store_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  fixture->protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);

  fixture->ids[CASE_ANJA] = import_report (fixture, "cli", "anja-de-vries.xml");
  fixture->ids[CASE_SEM] = import_report (fixture, "cli", "sem-jansen.xml");
  fixture->ids[CASE_CLOSED] = import_report (fixture, "report", "valid.xml");
  fill_unreported (fixture, CASE_SEM);

  mc_record_set_string (MC_RECORD (empty), "client-name", "Noor Bakker");
  mc_record_set_string (MC_RECORD (empty), "birth-date", birth_iso);
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (empty), &error));
  g_assert_no_error (error);
  fixture->ids[CASE_EMPTY] = mc_record_get_id (MC_RECORD (empty));

  closed = load (fixture, CASE_CLOSED);
  /* The report is of a closed case. */
  g_assert_true (mc_case_is_closed (closed));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 1000);
  fixture->page = mc_case_page_new ();
  g_signal_connect (fixture->page, "error", G_CALLBACK (on_error_cb), fixture);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  mc_case_page_set_case (fixture->page, NULL, NULL, NULL);
  gtk_window_destroy (fixture->window);
  mc_store_close (fixture->store, NULL);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->protocol);
  mc_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* Printing a page */

/* Runs what is ready (idles included, such as taking down the pages of
 * the case before); the tree is printed, not painted, so no frame is
 * waited for. */
static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
is_stack (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_STACK (widget);
}

static GtkWidget *
show_step (Fixture *fixture,
           guint    step)
{
  GtkWidget *stack = mc_test_find_widget (GTK_WIDGET (fixture->page), is_stack, NULL);

  mc_case_page_show_step (fixture->page, step);
  drain ();
  return gtk_stack_get_visible_child (GTK_STACK (stack));
}

static void
open_case (Fixture *fixture,
           guint    which)
{
  g_autoptr(McCase) case_ = load (fixture, which);

  mc_case_page_set_case (fixture->page, fixture->store, fixture->protocol, case_);
  drain ();
}

static void
print_widget (GtkWidget *widget,
              guint      depth,
              GString   *out)
{
  g_auto(GStrv) classes = gtk_widget_get_css_classes (widget);
  g_autofree char *joined = g_strjoinv (".", classes);
  const char *name = gtk_widget_get_name (widget);
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  /* A list's row kept hidden for a later case's records (mc-record-rows.h)
   * is not shown; what it holds is checked with the hidden widgets. */
  if (GTK_IS_LIST_BOX_ROW (widget) && !gtk_widget_get_visible (widget)
      && GTK_IS_LIST_BOX (gtk_widget_get_parent (widget))
      && g_object_get_data (G_OBJECT (widget), "mc-record-rows-parked") != NULL)
    return;

  g_string_append_printf (out, "%*s%s", (int) depth * 2, "", G_OBJECT_TYPE_NAME (widget));
  if (!gtk_widget_get_visible (widget))
    {
      g_string_append (out, " hidden\n");
      return;
    }
  if (g_strcmp0 (name, G_OBJECT_TYPE_NAME (widget)) != 0)
    g_string_append_printf (out, " #%s", name);
  if (*joined != '\0')
    g_string_append_printf (out, " .%s", joined);
  if (!gtk_widget_get_sensitive (widget))
    g_string_append (out, " insensitive");
  if (tooltip != NULL)
    g_string_append_printf (out, " tooltip=\"%s\"", tooltip);

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, " \"%s\"", gtk_label_get_label (GTK_LABEL (widget)));
  else if (GTK_IS_TEXT (widget))
    g_string_append_printf (out, " text=\"%s\"", gtk_editable_get_text (GTK_EDITABLE (widget)));
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      g_string_append_printf (out, " text=\"%s\"", text);
    }
  else if (GTK_IS_TOGGLE_BUTTON (widget))
    g_string_append_printf (out, " active=%d", gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)));
  else if (GTK_IS_CHECK_BUTTON (widget))
    g_string_append_printf (out, " active=%d", gtk_check_button_get_active (GTK_CHECK_BUTTON (widget)));
  else if (GTK_IS_SWITCH (widget))
    g_string_append_printf (out, " active=%d", gtk_switch_get_active (GTK_SWITCH (widget)));
  else if (GTK_IS_IMAGE (widget) && gtk_image_get_icon_name (GTK_IMAGE (widget)) != NULL)
    g_string_append_printf (out, " icon=%s", gtk_image_get_icon_name (GTK_IMAGE (widget)));

  if (ADW_IS_COMBO_ROW (widget))
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (widget));

      g_string_append_printf (out, " selected=%u of %u", adw_combo_row_get_selected (ADW_COMBO_ROW (widget)),
                              model != NULL ? g_list_model_get_n_items (model) : 0);
    }
  if (ADW_IS_EXPANDER_ROW (widget))
    g_string_append_printf (out, " expanded=%d", adw_expander_row_get_expanded (ADW_EXPANDER_ROW (widget)));
  g_string_append_c (out, '\n');

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    print_widget (child, depth + 1, out);
}

static char *
print_page (GtkWidget *page)
{
  GString *out = g_string_new (NULL);

  print_widget (page, 0, out);
  return g_string_free (out, FALSE);
}

/* Every text @widget and its descendants show or hold, hidden ones too. */
static void
collect_texts (GtkWidget  *widget,
               GHashTable *texts)
{
  const char *text = NULL;
  g_autofree char *owned = NULL;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_label (GTK_LABEL (widget));
  else if (GTK_IS_TEXT (widget))
    text = gtk_editable_get_text (GTK_EDITABLE (widget));
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = owned = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_hash_table_add (texts, g_strdup (gtk_widget_get_tooltip_text (widget)));
  if (text != NULL && *text != '\0')
    g_hash_table_add (texts, g_strdup (text));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

/* Every text value of @case_'s records (the case itself included) that is
 * long enough to tell cases apart. */
static void
collect_case_values (McCase     *case_,
                     GHashTable *values)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  const GType *types;
  guint n_types;

  g_ptr_array_add (records, g_object_ref (case_));
  types = mc_case_get_child_types (&n_types);
  for (guint t = 0; t < n_types; t++)
    {
      GListModel *children = mc_case_get_children (case_, types[t]);

      for (guint i = 0; children != NULL && i < g_list_model_get_n_items (children); i++)
        g_ptr_array_add (records, g_list_model_get_item (children, i));
    }

  for (guint r = 0; r < records->len; r++)
    {
      McRecord *record = g_ptr_array_index (records, r);
      guint n_fields;
      const McField *fields = mc_record_class_get_fields (MC_RECORD_GET_CLASS (record), &n_fields);

      for (guint f = 0; f < n_fields; f++)
        {
          g_autofree char *value = NULL;

          if (fields[f].kind != MC_FIELD_TEXT)
            continue;
          value = mc_record_dup_field_text (record, &fields[f]);
          /* Ids and short codes ("yes", a role id) are the protocol's. */
          if (value != NULL && g_utf8_strlen (value, -1) >= 6 && strchr (value, ' ') != NULL)
            g_hash_table_add (values, g_steal_pointer (&value));
        }
    }
}

static gboolean
contains_value (GHashTable *texts,
                const char *value)
{
  GHashTableIter iter;
  gpointer text;

  g_hash_table_iter_init (&iter, texts);
  while (g_hash_table_iter_next (&iter, &text, NULL))
    if (strstr (text, value) != NULL)
      return TRUE;

  return FALSE;
}

static void
assert_same_print (const char *fresh,
                   const char *kept,
                   const char *what)
{
  g_auto(GStrv) a = g_strsplit (fresh, "\n", -1);
  g_auto(GStrv) b = g_strsplit (kept, "\n", -1);

  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
      {
        g_printerr ("%s: line %u differs\n  new:  %s\n  kept: %s\n", what, i + 1,
                    a[i] != NULL ? a[i] : "(end)", b[i] != NULL ? b[i] : "(end)");
        g_test_fail ();
        return;
      }
}

/* Undo in a field of the kept page changes nothing: what the field was
 * given is no edit (the case before would come back, and be saved). */
static void
check_nothing_to_undo (GtkWidget  *page,
                       const char *what)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  mc_test_collect_widgets (page, widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);
      g_autofree char *before = NULL;

      if (GTK_IS_TEXT_VIEW (widget))
        {
          if (gtk_text_buffer_get_can_undo (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget))))
            {
              g_printerr ("%s: a text view has something to undo\n", what);
              g_test_fail ();
            }
          continue;
        }
      if (!GTK_IS_TEXT (widget))
        continue;

      before = g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
      gtk_widget_activate_action (widget, "text.undo", NULL);
      if (strcmp (before, gtk_editable_get_text (GTK_EDITABLE (widget))) != 0)
        {
          g_printerr ("%s: undo turned \"%s\" into \"%s\"\n", what, before,
                      gtk_editable_get_text (GTK_EDITABLE (widget)));
          g_test_fail ();
        }
    }
}

static gboolean
is_editable_row (GtkWidget     *widget,
                 gconstpointer  data)
{
  /* A date field (its tooltip says how to write a date) takes no text. */
  return ADW_IS_ENTRY_ROW (widget) && gtk_widget_is_sensitive (widget)
         && gtk_widget_get_tooltip_text (widget) == NULL;
}

static void
collect_editable_rows (GtkWidget *widget,
                       GPtrArray *rows)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (is_editable_row (widget, NULL))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_editable_rows (child, rows);
}

/* Text typed into every entry row the kept page shows (its records' rows
 * unfolded) is saved to @to and not to @from. */
static void
check_saves_to (Fixture   *fixture,
                GtkWidget *page,
                guint      step,
                guint      from,
                guint      to)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) to_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) from_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(McCase) to_case = NULL;
  g_autoptr(McCase) from_case = NULL;

  collect_editable_rows (page, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      /* (Ended by a full stop, so no marker is the start of another:
       * "field 1." is not in "field 16.".) */
      char *marker = g_strdup_printf ("typed on step %u after case %u, field %u.", step, from, i);

      g_test_message ("typing into \"%s\"", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
      gtk_editable_set_text (GTK_EDITABLE (row), marker);
      g_ptr_array_add (markers, marker);
    }
  if (rows->len == 0)
    return;
  /* Showing a step saves what waits for a pause in typing. */
  show_step (fixture, step);

  to_case = load (fixture, to);
  from_case = load (fixture, from);
  collect_case_values (to_case, to_values);
  collect_case_values (from_case, from_values);
  for (guint i = 0; i < markers->len; i++)
    {
      const char *marker = g_ptr_array_index (markers, i);

      if (!g_hash_table_contains (to_values, marker) || g_hash_table_contains (from_values, marker))
        {
          g_printerr ("\"%s\" was not saved to case %u alone\n", marker, to);
          g_test_fail ();
        }
    }
}

/* Unfolds every record's row under @widget, so its fields show. */
static void
expand_rows (GtkWidget *widget)
{
  if (ADW_IS_EXPANDER_ROW (widget))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    expand_rows (child);
}

static char *
print_expanded (GtkWidget *page)
{
  expand_rows (page);
  drain ();
  return print_page (page);
}

static void
check_pair (Fixture *fixture,
            guint    from,
            guint    via,
            guint    to)
{
  char *fresh[N_STEPS] = { NULL };
  char *fresh_expanded[N_STEPS] = { NULL };
  GHashTable *fresh_texts[N_STEPS] = { NULL };
  g_autoptr(GHashTable) from_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(McCase) from_case = load (fixture, from);
  GtkWidget *kept[N_STEPS];

  collect_case_values (from_case, from_values);
  if (via != N_CASES)
    {
      g_autoptr(McCase) via_case = load (fixture, via);

      collect_case_values (via_case, from_values);
    }

  /* Pages made new for @to: nothing kept (closing the case drops every
   * page). */
  mc_case_page_set_case (fixture->page, NULL, NULL, NULL);
  open_case (fixture, to);
  for (guint step = 1; step <= N_STEPS; step++)
    {
      GtkWidget *page = show_step (fixture, step);

      fresh[step - 1] = print_page (page);
      fresh_texts[step - 1] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      collect_texts (page, fresh_texts[step - 1]);
      fresh_expanded[step - 1] = print_expanded (page);
    }

  /* Every page built for @from, then given @to. */
  mc_case_page_set_case (fixture->page, NULL, NULL, NULL);
  open_case (fixture, from);
  /* (Held, so a page made new cannot take a kept page's address.) */
  for (guint step = 1; step <= N_STEPS; step++)
    kept[step - 1] = g_object_ref (show_step (fixture, step));
  /* Given @via first: rows its fewer records left over wait hidden, and
   * its more records take them, for @to. */
  if (via != N_CASES)
    {
      open_case (fixture, via);
      for (guint step = 1; step <= N_STEPS; step++)
        show_step (fixture, step);
    }
  open_case (fixture, to);

  for (guint step = 1; step <= N_STEPS; step++)
    {
      GtkWidget *page = show_step (fixture, step);
      g_autofree char *print = print_page (page);
      g_autofree char *print_open = NULL;
      g_autofree char *what = g_strdup_printf ("case %u then %u, step %u", from, to, step);
      g_autofree char *what_open = g_strdup_printf ("case %u then %u, step %u, rows unfolded", from, to, step);
      g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) to_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(McCase) to_case = NULL;
      GHashTableIter iter;
      gpointer value;

      g_test_message ("%s: page %s", what, page == kept[step - 1] ? "kept" : "made new");
      assert_same_print (fresh[step - 1], print, what);

      /* What was typed on the steps before is @to's now, and shows. */
      to_case = load (fixture, to);
      collect_case_values (to_case, to_values);
      collect_texts (page, texts);
      g_hash_table_iter_init (&iter, from_values);
      while (g_hash_table_iter_next (&iter, &value, NULL))
        if (contains_value (texts, value) && !contains_value (fresh_texts[step - 1], value)
            && !g_hash_table_contains (to_values, value))
          {
            g_printerr ("%s: the kept page still holds \"%s\"\n", what, (const char *) value);
            g_test_fail ();
          }

      check_nothing_to_undo (page, what);
      /* The fields of the records' rows, kept for the new case's records. */
      print_open = print_expanded (page);
      assert_same_print (fresh_expanded[step - 1], print_open, what_open);
      check_saves_to (fixture, page, step, from, to);
    }

  for (guint i = 0; i < N_STEPS; i++)
    {
      g_object_unref (kept[i]);
      g_free (fresh[i]);
      g_free (fresh_expanded[i]);
      g_hash_table_unref (fresh_texts[i]);
    }
}

static void
test_reuse_pairs (Fixture       *fixture,
                  gconstpointer  data)
{
  /* From, via (N_CASES: none), to. */
  static const guint pairs[][3] = {
    { CASE_ANJA, N_CASES, CASE_SEM },
    { CASE_SEM, N_CASES, CASE_ANJA },
    { CASE_ANJA, N_CASES, CASE_EMPTY },
    { CASE_EMPTY, N_CASES, CASE_SEM },
    { CASE_CLOSED, N_CASES, CASE_ANJA },
    { CASE_SEM, N_CASES, CASE_CLOSED },
    /* Every record's row left over, then taken again. */
    { CASE_SEM, CASE_EMPTY, CASE_ANJA },
    { CASE_ANJA, CASE_EMPTY, CASE_SEM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    check_pair (fixture, pairs[i][0], pairs[i][1], pairs[i][2]);
}

/* A date typed wrong is marked in its field; the field, kept and given
 * the next case, shows that case's date unmarked. */
static void
test_reuse_invalid_date (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *field;

  open_case (fixture, CASE_SEM);
  page = show_step (fixture, 1);
  field = mc_test_find_widget (page, mc_test_is_named, "birth-date");
  g_assert_nonnull (field);
  gtk_editable_set_text (GTK_EDITABLE (field), "31-31-31");
  show_step (fixture, 1);
  g_assert_true (gtk_widget_has_css_class (field, "error"));

  open_case (fixture, CASE_ANJA);
  g_assert_true (show_step (fixture, 1) == page);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), !=, "31-31-31");
  g_assert_false (gtk_widget_has_css_class (field, "error"));
}

static guint
n_message_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      n += ADW_IS_MESSAGE_DIALOG (window);
    }
  return n;
}

/* A question of a kept page about the case before (starting its next
 * decision round) closes when the page is given the next case, and
 * answering it can no longer change either case. */
static void
test_reuse_round_dialog (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *button;
  g_autoptr(McCase) before = NULL;
  g_autoptr(McCase) after = NULL;
  guint round;

  open_case (fixture, CASE_ANJA);
  page = show_step (fixture, N_STEPS);
  before = load (fixture, CASE_ANJA);
  round = mc_case_get_current_round (before);
  button = mc_test_find_mapped (page, mc_test_is_named, "start-reweigh");
  g_assert_nonnull (button);
  mc_test_activate (button);
  drain ();
  g_assert_cmpuint (n_message_dialogs (), ==, 1);

  open_case (fixture, CASE_SEM);
  g_assert_true (show_step (fixture, N_STEPS) == page);
  g_assert_cmpuint (n_message_dialogs (), ==, 0);
  after = load (fixture, CASE_ANJA);
  g_assert_cmpuint (mc_case_get_current_round (after), ==, round);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/reuse/pairs", Fixture, NULL, fixture_setup, test_reuse_pairs, fixture_teardown);
  g_test_add ("/ui/reuse/invalid-date", Fixture, NULL, fixture_setup, test_reuse_invalid_date, fixture_teardown);
  g_test_add ("/ui/reuse/round-dialog", Fixture, NULL, fixture_setup, test_reuse_round_dialog, fixture_teardown);

  return g_test_run ();
}
