/* test-ui-case.c: the case page, driven as a user drives it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real store in a temporary folder, the built-in protocol and a case;
 * the page's widgets are filled in, the case is read back from the store
 * and held against what was typed. With MC_SCREENSHOT_DIR set, each step
 * is also saved as a PNG there.
 */

#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>

#include "mc-afwegingskader.h"
#include "mc-answer-buttons.h"
#include "mc-case-page.h"
#include "mc-step-page.h"
#include "mc-close-case-dialog.h"
#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-history-page.h"
#include "mc-meldnormen.h"
#include "mc-reopen-case-dialog.h"
#include "mc-text-field.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "lang genoeg wachtwoord voor de test"

typedef struct
{
  char       *dir;
  McStore    *store;
  McProtocol *protocol;
  McCase     *case_;
  GtkWindow  *window;
  McCasePage *page;
  guint       saved;
  guint       errors;
  char       *last_error;
  McRecord   *deleted;
  char       *deleted_message;
} Fixture;

/* Widgets */

static gboolean
match_text_field (GtkWidget     *widget,
                  gconstpointer  title)
{
  return MC_IS_TEXT_FIELD (widget)
         && g_strcmp0 (mc_text_field_get_title (MC_TEXT_FIELD (widget)), title) == 0;
}

static gboolean
match_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
match_tooltip (GtkWidget     *widget,
               gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static GtkWidget *
nth_of_type (GtkWidget *root,
             GType      type,
             guint      n)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  mc_test_collect_widgets (root, widgets);
  for (guint i = 0; i < widgets->len; i++)
    if (G_TYPE_CHECK_INSTANCE_TYPE (g_ptr_array_index (widgets, i), type) && n-- == 0)
      return g_ptr_array_index (widgets, i);

  g_error ("Too few of %s", g_type_name (type));
}

static guint
count_of_type (GtkWidget *root,
               GType      type)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  guint n = 0;

  mc_test_collect_widgets (root, widgets);
  for (guint i = 0; i < widgets->len; i++)
    if (G_TYPE_CHECK_INSTANCE_TYPE (g_ptr_array_index (widgets, i), type))
      n++;

  return n;
}

static GtkWidget *
step_page (Fixture *fixture,
           guint    step)
{
  GtkWidget *stack = mc_test_find_widget (GTK_WIDGET (fixture->page), match_type, GSIZE_TO_POINTER (GTK_TYPE_STACK));

  g_assert_nonnull (stack);
  /* A step's page is made when it is first shown. */
  mc_case_page_show_step (fixture->page, step);
  g_assert_nonnull (gtk_stack_get_visible_child (GTK_STACK (stack)));
  return gtk_stack_get_visible_child (GTK_STACK (stack));
}

static GtkWidget *
require (GtkWidget       *root,
         McTestMatchFunc  match,
         gconstpointer    data)
{
  GtkWidget *widget = mc_test_find_widget (root, match, data);

  if (widget == NULL)
    g_error ("No widget for “%s”", match == match_type ? g_type_name (GPOINTER_TO_SIZE (data)) : (const char *) data);
  return widget;
}

static GtkWidget *
row (GtkWidget  *root,
     const char *title)
{
  return require (root, mc_test_is_row_titled, title);
}

static McAnswerButtons *
answer_buttons_in (GtkWidget *root)
{
  GtkWidget *buttons = mc_test_find_widget (root, match_type, GSIZE_TO_POINTER (MC_TYPE_ANSWER_BUTTONS));

  g_assert_nonnull (buttons);
  return MC_ANSWER_BUTTONS (buttons);
}

static void
click (GtkWidget *button)
{
  mc_test_activate (button);
}

static void
answer (GtkWidget *root,
        McAnswer   value)
{
  click (mc_answer_buttons_get_button (answer_buttons_in (root), value));
  g_assert_cmpint (mc_answer_buttons_get_answer (answer_buttons_in (root)), ==, value);
}

static void
type_text (GtkWidget  *root,
           const char *title,
           const char *text)
{
  GtkWidget *field = require (root, match_text_field, title);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (mc_text_field_get_text_view (MC_TEXT_FIELD (field)));

  gtk_text_buffer_set_text (buffer, text, -1);
}

static void
type_entry (GtkWidget  *root,
            const char *title,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (root, title)), text);
}

/* Chooses the item labelled @label in a combo row. */
static void
choose (GtkWidget  *root,
        const char *title,
        const char *label)
{
  AdwComboRow *combo = ADW_COMBO_ROW (row (root, title));
  GListModel *model = adw_combo_row_get_model (combo);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        adw_combo_row_set_selected (combo, i);
        return;
      }

  g_error ("No item “%s” in “%s”", label, title);
}

static gboolean
combo_has (GtkWidget  *root,
           const char *title,
           const char *label)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row (root, title)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      return TRUE;

  return FALSE;
}

static void
wait_string (McRecord   *record,
             const char *property,
             const char *expected)
{
  WAIT_UNTIL (g_strcmp0 (mc_record_get_string (record, property), expected) == 0);
}

static void
screenshot (Fixture    *fixture,
            const char *name)
{
  const char *dir = g_getenv ("MC_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  mc_test_settle ();
  path = g_strdup_printf ("%s/%s.png", dir, name);
  mc_test_screenshot (GTK_WIDGET (fixture->window), path);
  g_test_message ("screenshot: %s", path);
}

/* Setup */

static char *
iso_years_ago (int years)
{
  g_autoptr(GDate) date = g_date_new ();

  g_date_set_time_t (date, time (NULL));
  g_date_subtract_years (date, years);
  return mc_date_to_iso8601 (date);
}

static char *
iso_today (void)
{
  g_autoptr(GDate) date = g_date_new ();

  g_date_set_time_t (date, time (NULL));
  return mc_date_to_iso8601 (date);
}

static void
on_saved_cb (McCasePage *page,
             Fixture    *fixture)
{
  fixture->saved++;
}

static void
on_deleted_cb (McCasePage *page,
               McRecord   *record,
               const char *message,
               Fixture    *fixture)
{
  g_set_object (&fixture->deleted, record);
  g_free (fixture->deleted_message);
  fixture->deleted_message = g_strdup (message);
}

static void
on_error_cb (McCasePage *page,
             const char *message,
             Fixture    *fixture)
{
  fixture->errors++;
  g_free (fixture->last_error);
  fixture->last_error = g_strdup (message);
}

/* A case for a client of @age (-1: no date of birth), with a legal
 * representative, and the special forms in @forms. */
static void
open_case (Fixture            *fixture,
           int                 age,
           const char * const *forms)
{
  g_autoptr(McCase) new_case = mc_case_new ();
  g_autoptr(McPerson) person = NULL;
  g_autoptr(GError) error = NULL;

  mc_record_set_string (MC_RECORD (new_case), "client-name", "Sam Jansen");
  mc_record_set_string (MC_RECORD (new_case), "client-number", "C-1042");
  if (age >= 0)
    {
      g_autofree char *birth = iso_years_ago (age);

      mc_record_set_string (MC_RECORD (new_case), "birth-date", birth);
    }
  if (forms != NULL)
    mc_record_set_lines (MC_RECORD (new_case), "suspected-forms", forms);
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (new_case), &error));
  g_assert_no_error (error);

  person = mc_person_new (mc_record_get_id (MC_RECORD (new_case)));
  mc_record_set_string (MC_RECORD (person), "role", "parent-with-gezag");
  mc_record_set_string (MC_RECORD (person), "name", "Petra Jansen");
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (person), &error));
  g_assert_no_error (error);

  fixture->case_ = mc_store_load_case (fixture->store, mc_record_get_id (MC_RECORD (new_case)), &error);
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 760, 900);
  fixture->page = mc_case_page_new ();
  g_signal_connect (fixture->page, "saved", G_CALLBACK (on_saved_cb), fixture);
  g_signal_connect (fixture->page, "error", G_CALLBACK (on_error_cb), fixture);
  g_signal_connect (fixture->page, "deleted", G_CALLBACK (on_deleted_cb), fixture);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  mc_case_page_set_case (fixture->page, fixture->store, fixture->protocol, fixture->case_);
  gtk_window_present (fixture->window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
}

static McCase *
reload (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  McCase *loaded = mc_store_load_case (fixture->store, mc_record_get_id (MC_RECORD (fixture->case_)), &error);

  g_assert_no_error (error);
  return loaded;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *store_dir = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("nl.ambiq.Meldcode");

  g_settings_set_string (settings, "user-name", "Eva de Wit");
  g_settings_set_string (settings, "user-role", "Begeleider");

  fixture->dir = g_dir_make_tmp ("meldcode-ui-case-XXXXXX", &error);
  g_assert_no_error (error);
  store_dir = g_build_filename (fixture->dir, "store", NULL);
  fixture->store = mc_store_create (store_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  fixture->protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->page != NULL)
    mc_case_page_set_case (fixture->page, NULL, NULL, NULL);
  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->case_);
  if (fixture->store != NULL)
    mc_store_close (fixture->store, NULL);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->protocol);
  mc_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->last_error, g_free);
  g_clear_object (&fixture->deleted);
  g_clear_pointer (&fixture->deleted_message, g_free);
}

static const McStepStatus *
status_of (GPtrArray *statuses,
           guint      step)
{
  return g_ptr_array_index (statuses, step - 1);
}

/* Whether the core says that step @step lacks @text. */
static gboolean
step_missing (Fixture    *fixture,
              guint       step,
              const char *text)
{
  g_autoptr(GPtrArray) statuses = mc_case_check_steps (fixture->case_, fixture->protocol);
  const McStepStatus *status = status_of (statuses, step);

  for (guint i = 0; i < status->missing->len; i++)
    if (g_strcmp0 (g_ptr_array_index (status->missing, i), text) == 0)
      return TRUE;
  return FALSE;
}

/* The step buttons tell the same state as the core, in words. */
static void
assert_step_buttons (Fixture *fixture)
{
  g_autoptr(GPtrArray) statuses = mc_case_check_steps (fixture->case_, fixture->protocol);
  static const char * const states[] = { "Not started", "In progress", "Done", "Needs attention" };
  GPtrArray *steps = mc_protocol_get_steps (fixture->protocol);
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  guint found = 0;

  mc_test_collect_widgets (GTK_WIDGET (fixture->page), widgets);
  for (guint i = 0; i < steps->len; i++)
    {
      const McProtocolStep *step = g_ptr_array_index (steps, i);
      g_autofree char *expected = g_strdup_printf ("Step %u of 5: %s. %s", step->number, step->title,
                                                   states[status_of (statuses, step->number)->state]);

      for (guint j = 0; j < widgets->len; j++)
        {
          GtkWidget *widget = g_ptr_array_index (widgets, j);
          g_autofree char *mismatch = NULL;

          if (!GTK_IS_TOGGLE_BUTTON (widget)
              || !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
            continue;
          mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
          if (mismatch == NULL)
            found++;
        }
    }

  g_assert_cmpuint (found, ==, steps->len);
}

/* The afwegingskader page shows the questions on the path and the next
 * one, and the outcome mc_case_decide() gives. */
static void
assert_afwegingskader_matches (Fixture *fixture)
{
  GtkWidget *page = step_page (fixture, 5);
  g_autoptr(McAfwegingResult) result = mc_case_decide (fixture->case_, fixture->protocol);
  const McProtocolAfwegingskader *afwegingskader = mc_protocol_get_afwegingskader (fixture->protocol);
  static const char * const report[] = { "Not decided yet", "Necessary", "Not necessary" };
  static const char * const help[] = { "Not decided yet", "Possible", "Not possible" };

  for (guint i = 0; i < afwegingskader->questions->len; i++)
    {
      const McProtocolQuestion *question = g_ptr_array_index (afwegingskader->questions, i);
      GtkWidget *question_row = require (page, mc_test_is_named, question->id);
      gboolean expected = g_strcmp0 (result->next_question_id, question->id) == 0
                          || (result->path != NULL && g_strv_contains ((const char * const *) result->path, question->id));

      g_assert_cmpint (gtk_widget_get_visible (question_row), ==, expected);
    }

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (require (page, mc_test_is_named, "afwegingskader-report"))),
                   ==, report[result->report_needed]);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (require (page, mc_test_is_named, "afwegingskader-help"))),
                   ==, help[result->help_possible]);
  for (guint i = 0; result->outcome_ids != NULL && result->outcome_ids[i] != NULL; i++)
    g_assert_nonnull (mc_test_find_widget (page, mc_test_is_named, result->outcome_ids[i]));
}

static void
answer_question (Fixture    *fixture,
                 const char *question_id,
                 McAnswer    value)
{
  GtkWidget *question_row = require (step_page (fixture, 5), mc_test_is_named, question_id);

  g_assert_true (gtk_widget_get_visible (question_row));
  answer (question_row, value);
  assert_afwegingskader_matches (fixture);
}

/* Tests */

static void
test_case_full (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const forms[] = { "form-fgm", NULL };
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autofree char *today = iso_today ();
  g_autofree char *copied = NULL;
  GtkWidget *page;
  GtkWidget *expander;
  McRecord *signal;
  McRecord *consultation;
  McRecord *conversation;
  McRecord *weighing;
  McRecord *decision;
  McRecord *follow_up;

  /* Under 12: step 3 is held with the parents with gezag. */
  open_case (fixture, 9, forms);
  g_assert_cmpuint (mc_case_page_get_step (fixture->page), ==, 1);
  g_assert_true (mc_case_page_get_case (fixture->page) == fixture->case_);
  assert_step_buttons (fixture);
  screenshot (fixture, "step-1-empty");

  /* Step 1: a signal. The categories are those for children. */
  page = step_page (fixture, 1);
  click (require (page, mc_test_is_button_content_labelled, "_Add Signal"));
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (fixture->case_)), ==, 1);
  signal = g_list_model_get_item (mc_case_get_signals (fixture->case_), 0);
  g_object_unref (signal);
  g_assert_cmpint (mc_record_get_id (signal), >, 0);
  g_assert_cmpstr (mc_record_get_string (signal, "observed-on"), ==, today);
  g_assert_cmpstr (mc_record_get_string (signal, "observer"), ==, "Eva de Wit");

  expander = mc_test_find_widget (page, match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW));
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (expander)));
  type_text (expander, "What was seen or heard", "Blauwe plekken op beide bovenarmen, in de vorm van vingers.");
  wait_string (signal, "description", "Blauwe plekken op beide bovenarmen, in de vorm van vingers.");
  type_entry (expander, "Date (day-month-year)", "3-11-2025");
  wait_string (signal, "observed-on", "2025-11-03");
  choose (expander, "Fact or interpretation", "Fact: seen or heard");
  g_assert_cmpstr (mc_record_get_string (signal, "nature"), ==, "fact");
  g_assert_true (combo_has (expander, "Kind of signal", "Lichamelijke mishandeling"));
  g_assert_false (combo_has (expander, "Kind of signal", "Financiële uitbuiting"));
  choose (expander, "Kind of signal", "Lichamelijke mishandeling");
  g_assert_cmpstr (mc_record_get_string (signal, "category"), ==, "signal-child-physical-abuse");
  /* Enter saves at once, without the pause. */
  type_entry (expander, "Seen or heard by", "Eva de Wit, begeleider");
  mc_test_activate (row (expander, "Seen or heard by"));
  g_assert_cmpstr (mc_record_get_string (signal, "observer"), ==, "Eva de Wit, begeleider");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), ==,
                   "Blauwe plekken op beide bovenarmen, in de vorm van vingers.");
  /* Typed as day-month-year, read as a date is written out. */
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (expander)), ==,
                   "3 November 2025 · Fact · Lichamelijke mishandeling");
  /* No kindcheck for a minor without children among the people (the
   * people's own answers, gezag and open melden, are not the kindcheck). */
  g_assert_null (mc_test_find_widget (mc_test_find_widget (page, mc_test_is_named, (gpointer) "kindcheck"),
                                      match_type, GSIZE_TO_POINTER (MC_TYPE_ANSWER_BUTTONS)));
  screenshot (fixture, "step-1");

  /* Step 2, through the action the accelerators use. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "case.show-step", "i", 2);
  g_assert_cmpuint (mc_case_page_get_step (fixture->page), ==, 2);
  page = step_page (fixture, 2);
  g_assert_nonnull (mc_test_find_widget (page, mc_test_is_label_with_text, "0800-2000"));
  click (require (row (page, "Veilig Thuis"), match_tooltip, "Copy Phone Number"));
  click (require (GTK_WIDGET (fixture->page), mc_test_is_button_content_labelled, "_Guidance"));
  screenshot (fixture, "step-2-guidance");
  click (require (GTK_WIDGET (fixture->page), mc_test_is_button_content_labelled, "_Guidance"));
  click (require (page, mc_test_is_button_content_labelled, "_Add Consultation"));
  consultation = g_list_model_get_item (mc_case_get_consultations (fixture->case_), 0);
  g_object_unref (consultation);
  expander = mc_test_find_widget (page, match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW));
  choose (expander, "With whom", "Veilig Thuis (advies)");
  g_assert_cmpstr (mc_record_get_string (consultation, "role"), ==, "consult-veilig-thuis");
  type_entry (expander, "Name (optional)", "Mevrouw de Boer");
  type_text (expander, "Advice", "Bespreek de zorgen met de moeder en meld als dat niet lukt.");
  gtk_switch_set_active (GTK_SWITCH (mc_test_find_widget (row (expander, "Discussed anonymously"), match_type,
                                                  GSIZE_TO_POINTER (GTK_TYPE_SWITCH))), TRUE);
  g_assert_true (mc_record_get_boolean (consultation, "anonymous"));
  wait_string (consultation, "advice", "Bespreek de zorgen met de moeder en meld als dat niet lukt.");
  wait_string (consultation, "consultee", "Mevrouw de Boer");
  screenshot (fixture, "step-2");

  /* Step 3: a minor, so the legal representatives. */
  mc_case_page_show_step (fixture->page, 3);
  page = step_page (fixture, 3);
  row (page, "Hold the conversation with the legal representatives");
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_conversations (fixture->case_)), ==, 0);
  click (require (page, mc_test_is_button_with_label, "_Fill In"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "With whom"))), ==, "Petra Jansen");
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_conversations (fixture->case_)), ==, 0);
  WAIT_UNTIL (g_list_model_get_n_items (mc_case_get_conversations (fixture->case_)) == 1);
  conversation = g_list_model_get_item (mc_case_get_conversations (fixture->case_), 0);
  g_object_unref (conversation);
  wait_string (conversation, "with-whom", "Petra Jansen");
  /* The conversation counts for the band once it names the person. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (mc_test_find_widget (page, mc_test_is_named, "conversation-partner")), 1);
  WAIT_UNTIL (mc_record_get_integer (conversation, "person-id") > 0);
  type_entry (page, "Date (day-month-year)", "10-11-2025");
  type_text (page, "What was discussed", "De zorgen over de blauwe plekken.");
  type_text (page, "Reaction", "Moeder schrok en wil hulp.");
  wait_string (conversation, "held-on", "2025-11-10");
  wait_string (conversation, "discussed", "De zorgen over de blauwe plekken.");
  wait_string (conversation, "reaction", "Moeder schrok en wil hulp.");
  screenshot (fixture, "step-3");

  /* Step 4, with the advice of the suspected special form. */
  mc_case_page_show_step (fixture->page, 4);
  page = step_page (fixture, 4);
  g_assert_true (gtk_widget_get_visible (row (page, "Vrouwelijke genitale verminking (VGV)")));
  g_assert_nonnull (mc_test_find_widget (page, mc_test_is_label_with_text, "Act now"));
  g_assert_nonnull (mc_test_find_widget (page, mc_test_is_label_with_text, "0800-2000"));
  weighing = MC_RECORD (mc_case_get_weighing (fixture->case_));
  answer (row (page, "Acute unsafety"), MC_ANSWER_YES);
  answer (row (page, "Structural unsafety"), MC_ANSWER_NO);
  g_assert_cmpint (mc_record_get_id (weighing), >, 0);
  g_assert_cmpint (mc_record_get_answer (weighing, "acute"), ==, MC_ANSWER_YES);
  g_assert_cmpint (mc_record_get_answer (weighing, "structural"), ==, MC_ANSWER_NO);
  gtk_widget_activate_action (page, "weighing.instrument", "s", "LIRIK");
  g_assert_cmpstr (mc_record_get_string (weighing, "instrument"), ==, "LIRIK");
  type_entry (page, "Result of the instrument", "Hoog risico");
  type_text (page, "Notes on the weighing", "Acuut: de blauwe plekken zijn vers.");
  wait_string (weighing, "instrument-result", "Hoog risico");
  wait_string (weighing, "notes", "Acuut: de blauwe plekken zijn vers.");
  screenshot (fixture, "step-4");

  /* Step 5: the afwegingskader to "reporting is necessary", and the
   * decision. */
  mc_case_page_show_step (fixture->page, 5);
  page = step_page (fixture, 5);
  assert_afwegingskader_matches (fixture);
  screenshot (fixture, "step-5-empty");
  answer_question (fixture, "question-suspicion", MC_ANSWER_YES);
  answer_question (fixture, "question-unsafety", MC_ANSWER_YES);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (require (page, mc_test_is_named, "afwegingskader-report"))), ==, "Necessary");
  require (page, mc_test_is_named, "outcome-report-unsafety");
  /* Weighed on with Veilig Thuis: help cannot be offered. */
  answer_question (fixture, "question-help-possible", MC_ANSWER_NO);
  screenshot (fixture, "step-5-afwegingskader");

  decision = MC_RECORD (mc_case_get_decision (fixture->case_));
  g_assert_false (gtk_widget_is_visible (row (page, "Reference of Veilig Thuis")));
  answer (require (page, mc_test_is_named, "decision-report"), MC_ANSWER_YES);
  /* The first decision carries who took it and when. */
  g_assert_cmpint (mc_record_get_id (decision), >, 0);
  g_assert_cmpstr (mc_record_get_string (decision, "decided-by-name"), ==, "Eva de Wit");
  g_assert_cmpstr (mc_record_get_string (decision, "decided-by-role"), ==, "Begeleider");
  g_assert_cmpstr (mc_record_get_string (decision, "decided-on"), ==, today);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "Name"))), ==, "Eva de Wit");
  answer (require (page, mc_test_is_named, "decision-help"), MC_ANSWER_NO);
  type_text (page, "Why you decided this", "Acute onveiligheid; hulp is niet genoeg.");
  wait_string (decision, "justification", "Acute onveiligheid; hulp is niet genoeg.");

  g_assert_true (gtk_widget_is_visible (row (page, "Reference of Veilig Thuis")));
  type_entry (page, "Date of the report (day-month-year)", "12-11-2025");
  type_entry (page, "Reference of Veilig Thuis", "VT-2025-0815");
  wait_string (decision, "reported-on", "2025-11-12");
  wait_string (decision, "vt-reference", "VT-2025-0815");
  answer (require (page, mc_test_is_named, "decision-informed"), MC_ANSWER_NO);
  g_assert_true (gtk_widget_get_visible (row (page, "Why the client was not told")));
  choose (page, "Why the client was not told",
          "Informeren brengt de veiligheid van de cliënt of van het gezin in gevaar.");
  g_assert_cmpstr (mc_record_get_string (decision, "informed-exception"), ==, "inform-exception-client-safety");
  answer (require (page, mc_test_is_named, "decision-informed"), MC_ANSWER_YES);
  g_assert_false (gtk_widget_get_visible (row (page, "Why the client was not told")));
  type_text (page, "How the client reacted", "Moeder was boos, maar werkt mee.");
  wait_string (decision, "client-reaction", "Moeder was boos, maar werkt mee.");

  click (require (page, mc_test_is_button_content_labelled, "_Add Agreement"));
  follow_up = g_list_model_get_item (mc_case_get_follow_ups (fixture->case_), 0);
  g_object_unref (follow_up);
  type_entry (page, "What was agreed, and who does it", "Eva belt Veilig Thuis over de voortgang");
  type_entry (page, "Due date (day-month-year)", "1-12-2025");
  wait_string (follow_up, "description", "Eva belt Veilig Thuis over de voortgang");
  wait_string (follow_up, "due-on", "2025-12-01");
  screenshot (fixture, "step-5");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (mc_test_find_widget (page, match_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON))), TRUE);
  g_assert_true (mc_record_get_boolean (follow_up, "done"));

  g_assert_cmpuint (fixture->errors, ==, 0);
  g_assert_cmpuint (fixture->saved, >=, 30);
  assert_step_buttons (fixture);

  /* What the store holds. */
  loaded = reload (fixture);
  {
    g_autoptr(McRecord) s = g_list_model_get_item (mc_case_get_signals (loaded), 0);
    g_autoptr(McRecord) c = g_list_model_get_item (mc_case_get_consultations (loaded), 0);
    g_autoptr(McRecord) v = g_list_model_get_item (mc_case_get_conversations (loaded), 0);
    g_autoptr(McRecord) f = g_list_model_get_item (mc_case_get_follow_ups (loaded), 0);
    McRecord *w = MC_RECORD (mc_case_get_weighing (loaded));
    McRecord *d = MC_RECORD (mc_case_get_decision (loaded));
    McAfwegingAnswer *a;

    g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (loaded)), ==, 1);
    g_assert_cmpstr (mc_record_get_string (s, "description"), ==, "Blauwe plekken op beide bovenarmen, in de vorm van vingers.");
    g_assert_cmpstr (mc_record_get_string (s, "observed-on"), ==, "2025-11-03");
    g_assert_cmpstr (mc_record_get_string (s, "nature"), ==, "fact");
    g_assert_cmpstr (mc_record_get_string (s, "observer"), ==, "Eva de Wit, begeleider");
    g_assert_null (mc_record_get_string (s, "source"));
    g_assert_cmpstr (mc_record_get_string (s, "category"), ==, "signal-child-physical-abuse");

    g_assert_cmpstr (mc_record_get_string (c, "role"), ==, "consult-veilig-thuis");
    g_assert_cmpstr (mc_record_get_string (c, "consultee"), ==, "Mevrouw de Boer");
    g_assert_true (mc_record_get_boolean (c, "anonymous"));
    g_assert_cmpstr (mc_record_get_string (c, "advice"), ==, "Bespreek de zorgen met de moeder en meld als dat niet lukt.");

    g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_conversations (loaded)), ==, 1);
    g_assert_cmpstr (mc_record_get_string (v, "with-whom"), ==, "Petra Jansen");
    g_assert_cmpstr (mc_record_get_string (v, "held-on"), ==, "2025-11-10");
    g_assert_cmpstr (mc_record_get_string (v, "discussed"), ==, "De zorgen over de blauwe plekken.");
    g_assert_cmpstr (mc_record_get_string (v, "reaction"), ==, "Moeder schrok en wil hulp.");
    g_assert_null (mc_record_get_string (v, "not-held-reason"));

    g_assert_cmpint (mc_record_get_answer (w, "acute"), ==, MC_ANSWER_YES);
    g_assert_cmpint (mc_record_get_answer (w, "structural"), ==, MC_ANSWER_NO);
    g_assert_cmpstr (mc_record_get_string (w, "instrument"), ==, "LIRIK");
    g_assert_cmpstr (mc_record_get_string (w, "instrument-result"), ==, "Hoog risico");
    g_assert_cmpstr (mc_record_get_string (w, "notes"), ==, "Acuut: de blauwe plekken zijn vers.");

    a = mc_case_find_afweging_answer (loaded, "question-suspicion");
    g_assert_cmpint (mc_record_get_answer (MC_RECORD (a), "answer"), ==, MC_ANSWER_YES);
    a = mc_case_find_afweging_answer (loaded, "question-unsafety");
    g_assert_cmpint (mc_record_get_answer (MC_RECORD (a), "answer"), ==, MC_ANSWER_YES);
    a = mc_case_find_afweging_answer (loaded, "question-help-possible");
    g_assert_cmpint (mc_record_get_answer (MC_RECORD (a), "answer"), ==, MC_ANSWER_NO);
    g_assert_null (mc_case_find_afweging_answer (loaded, "question-help-accepted"));

    g_assert_cmpint (mc_record_get_answer (d, "report-needed"), ==, MC_ANSWER_YES);
    g_assert_cmpint (mc_record_get_answer (d, "help-possible"), ==, MC_ANSWER_NO);
    g_assert_cmpstr (mc_record_get_string (d, "justification"), ==, "Acute onveiligheid; hulp is niet genoeg.");
    g_assert_cmpstr (mc_record_get_string (d, "decided-by-name"), ==, "Eva de Wit");
    g_assert_cmpstr (mc_record_get_string (d, "decided-by-role"), ==, "Begeleider");
    g_assert_cmpstr (mc_record_get_string (d, "decided-on"), ==, today);
    g_assert_cmpstr (mc_record_get_string (d, "reported-on"), ==, "2025-11-12");
    g_assert_cmpstr (mc_record_get_string (d, "vt-reference"), ==, "VT-2025-0815");
    g_assert_cmpint (mc_record_get_answer (d, "client-informed"), ==, MC_ANSWER_YES);
    g_assert_cmpstr (mc_record_get_string (d, "client-reaction"), ==, "Moeder was boos, maar werkt mee.");

    g_assert_cmpstr (mc_record_get_string (f, "description"), ==, "Eva belt Veilig Thuis over de voortgang");
    g_assert_cmpstr (mc_record_get_string (f, "due-on"), ==, "2025-12-01");
    g_assert_true (mc_record_get_boolean (f, "done"));
  }

  statuses = mc_case_check_steps (loaded, fixture->protocol);
  for (guint step = 1; step <= 5; step++)
    {
      g_test_message ("step %u", step);
      g_assert_cmpint (status_of (statuses, step)->state, ==, MC_STEP_DONE);
    }

  /* Every step fits the window's content pane, 360 pixels at its
   * narrowest. */
  for (guint step = 1; step <= 5; step++)
    {
      int minimum;

      mc_case_page_show_step (fixture->page, step);
      gtk_widget_measure (GTK_WIDGET (fixture->page), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_assert_cmpint (minimum, <=, 360);
    }
  gtk_window_set_default_size (fixture->window, 360, 800);
  mc_case_page_show_step (fixture->page, 1);
  screenshot (fixture, "narrow-step-1");

  /* The header says what the afwegingskader says. */
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (fixture->page), mc_test_is_label_with_text, "Reporting necessary"));

  /* The copied number arrived. */
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->page));
    GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
    g_auto(GValue) value = G_VALUE_INIT;

    g_assert_nonnull (content);
    g_value_init (&value, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
    copied = g_value_dup_string (&value);
    g_assert_cmpstr (copied, ==, "0800-2000");
  }
}

static void
test_case_afwegingskader (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *page;

  open_case (fixture, 30, NULL);
  mc_case_page_show_step (fixture->page, 5);
  page = step_page (fixture, 5);

  /* Only the first question at first. */
  assert_afwegingskader_matches (fixture);
  g_assert_true (gtk_widget_get_visible (require (page, mc_test_is_named, "question-suspicion")));
  g_assert_false (gtk_widget_get_visible (require (page, mc_test_is_named, "question-unsafety")));

  answer_question (fixture, "question-suspicion", MC_ANSWER_YES);
  answer_question (fixture, "question-unsafety", MC_ANSWER_NO);
  answer_question (fixture, "question-help-possible", MC_ANSWER_YES);
  answer_question (fixture, "question-help-accepted", MC_ANSWER_YES);
  /* Help is offered, and weighed again later. */
  g_assert_true (gtk_widget_get_visible (require (page, mc_test_is_named, "question-help-results")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (require (page, mc_test_is_named, "afwegingskader-help"))), ==, "Possible");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (require (page, mc_test_is_named, "afwegingskader-report"))), ==, "Not necessary");

  /* No suspicion after all: everything after the first question goes. */
  answer_question (fixture, "question-suspicion", MC_ANSWER_NO);
  g_assert_false (gtk_widget_get_visible (require (page, mc_test_is_named, "question-unsafety")));
  g_assert_false (gtk_widget_get_visible (require (page, mc_test_is_named, "question-help-results")));
  require (page, mc_test_is_named, "outcome-no-suspicion");
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (fixture->page), mc_test_is_label_with_text, "Close without action"));

  /* And back: the later answers are still there. */
  answer_question (fixture, "question-suspicion", MC_ANSWER_YES);
  g_assert_true (gtk_widget_get_visible (require (page, mc_test_is_named, "question-help-results")));
  g_assert_cmpint (mc_answer_buttons_get_answer (answer_buttons_in (require (page, mc_test_is_named, "question-unsafety"))),
                   ==, MC_ANSWER_NO);

  /* Taking an answer back: the question is pending again. */
  click (mc_answer_buttons_get_button (answer_buttons_in (require (page, mc_test_is_named, "question-help-accepted")),
                                       MC_ANSWER_YES));
  assert_afwegingskader_matches (fixture);
  g_assert_false (gtk_widget_get_visible (require (page, mc_test_is_named, "question-help-results")));

  /* The decision against a necessary report needs attention. */
  answer_question (fixture, "question-unsafety", MC_ANSWER_YES);
  answer (require (page, mc_test_is_named, "decision-report"), MC_ANSWER_NO);
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (fixture->page), mc_test_is_label_with_text, "Needs attention"));
  g_assert_nonnull (mc_test_find_widget (page, mc_test_is_label_with_text,
                                 "The afwegingskader suggests: yes. You decided otherwise: say why in the justification."));
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* Violence in the care relationship: step 4 names the duties besides
 * the meldcode (the manager, the IGJ) with whom to reach. */
static void
test_case_care_relationship (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char * const forms[] = { "form-staff-violence", NULL };
  const McProtocolSpecialForm *form = mc_protocol_lookup_special_form (fixture->protocol, "form-staff-violence");
  GtkWidget *page;

  g_assert_nonnull (form);
  g_assert_cmpuint (form->duties->len, >=, 2);
  open_case (fixture, 34, forms);
  mc_case_page_show_step (fixture->page, 4);
  page = step_page (fixture, 4);
  for (guint i = 0; i < form->duties->len; i++)
    {
      const McProtocolDuty *duty = g_ptr_array_index (form->duties, i);

      g_assert_true (gtk_widget_get_visible (row (page, duty->text)));
      /* The row is no Tab stop: its answer buttons are. */
      g_assert_false (gtk_widget_get_focusable (row (page, duty->text)));
    }
  g_assert_nonnull (mc_test_find_widget (page, mc_test_is_label_with_text, mc_protocol_lookup_contact (fixture->protocol, "igj")->phone));

  /* Its own checklist: each duty done or not, stored with the case; until
   * then step 4 is not finished. */
  {
    const McProtocolDuty *manager = g_ptr_array_index (form->duties, 0);
    const McProtocolDuty *igj = g_ptr_array_index (form->duties, 1);
    g_autofree char *missing = g_strdup_printf ("Record whether this is done: %s", manager->text);
    g_autoptr(McCase) loaded = NULL;

    g_assert_true (step_missing (fixture, 4, missing));
    answer (require (page, mc_test_is_named, manager->id), MC_ANSWER_YES);
    answer (require (page, mc_test_is_named, igj->id), MC_ANSWER_NO);
    g_assert_false (step_missing (fixture, 4, missing));
    loaded = reload (fixture);
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (mc_case_find_checklist_answer (loaded, manager->id)), "value"), ==, "yes");
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (mc_case_find_checklist_answer (loaded, igj->id)), "value"), ==, "no");
  }
  g_assert_cmpuint (fixture->errors, ==, 0);
}

static void
test_case_adult (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(McCase) loaded = NULL;
  GtkWidget *page;
  GtkWidget *expander;
  McRecord *conversation;
  McChecklistAnswer *kindcheck;

  open_case (fixture, 34, NULL);

  /* An adult: the kindcheck, and the categories for adults. */
  page = step_page (fixture, 1);
  g_assert_true (gtk_widget_get_visible (require (mc_test_find_widget (page, mc_test_is_named, (gpointer) "kindcheck"),
                                                 match_type, GSIZE_TO_POINTER (MC_TYPE_ANSWER_BUTTONS))));
  answer (row (page, "Wonen er minderjarige kinderen bij de cliënt?"), MC_ANSWER_YES);
  type_entry (page, "Om hoeveel kinderen gaat het?", "2");
  kindcheck = mc_case_find_checklist_answer (fixture->case_, "kindcheck-children-at-home");
  g_assert_nonnull (kindcheck);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (kindcheck), "value"), ==, "yes");
  WAIT_UNTIL (mc_case_find_checklist_answer (fixture->case_, "kindcheck-number") != NULL);
  click (require (page, mc_test_is_button_content_labelled, "_Add Signal"));
  expander = mc_test_find_widget (page, match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW));
  g_assert_true (combo_has (expander, "Kind of signal", "Financiële uitbuiting"));
  g_assert_false (combo_has (expander, "Kind of signal", "Emotionele verwaarlozing"));
  screenshot (fixture, "step-1-adult");

  /* An adult: the conversation with the client, or why there was none. */
  mc_case_page_show_step (fixture->page, 3);
  page = step_page (fixture, 3);
  row (page, "Hold the conversation with the client");
  gtk_switch_set_active (GTK_SWITCH (mc_test_find_widget (row (page, "The conversation did not take place"),
                                                  match_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH))), TRUE);
  g_assert_false (gtk_widget_get_visible (row (page, "With whom")));
  choose (page, "Why not", "Het gesprek brengt mijn eigen veiligheid of die van collega's in gevaar.");
  type_text (page, "Explain why the conversation was not responsible in this case", "De partner dreigde eerder.");
  conversation = g_list_model_get_item (mc_case_get_conversations (fixture->case_), 0);
  g_object_unref (conversation);
  g_assert_cmpstr (mc_record_get_string (conversation, "not-held-reason"), ==, "skip-professional-safety");
  wait_string (conversation, "not-held-explanation", "De partner dreigde eerder.");
  screenshot (fixture, "step-3-not-held");

  loaded = reload (fixture);
  {
    g_autoptr(McRecord) v = g_list_model_get_item (mc_case_get_conversations (loaded), 0);

    g_assert_cmpstr (mc_record_get_string (v, "not-held-reason"), ==, "skip-professional-safety");
    g_assert_cmpstr (mc_record_get_string (v, "not-held-explanation"), ==, "De partner dreigde eerder.");
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (mc_case_find_checklist_answer (loaded, "kindcheck-number")), "value"), ==, "2");
  }

  /* It did take place after all: the reason goes. */
  gtk_switch_set_active (GTK_SWITCH (mc_test_find_widget (row (page, "The conversation did not take place"),
                                                  match_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH))), FALSE);
  g_assert_null (mc_record_get_string (conversation, "not-held-reason"));
  g_assert_null (mc_record_get_string (conversation, "not-held-explanation"));
  g_assert_true (gtk_widget_get_visible (row (page, "With whom")));
  g_assert_cmpuint (fixture->errors, ==, 0);
}

static void
test_case_dates_delete_lock (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(McCase) loaded = NULL;
  GtkWidget *page;
  GtkWidget *date_row;
  GtkWidget *expander;
  McRecord *signal;
  guint saved;

  open_case (fixture, -1, NULL);
  page = step_page (fixture, 1);
  click (require (page, mc_test_is_button_content_labelled, "_Add Signal"));
  click (require (page, mc_test_is_button_content_labelled, "_Add Signal"));
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (fixture->case_)), ==, 2);
  signal = g_list_model_get_item (mc_case_get_signals (fixture->case_), 0);
  g_object_unref (signal);

  /* Not a date: marked, and not saved; the text stays. */
  expander = nth_of_type (page, ADW_TYPE_EXPANDER_ROW, 0);
  date_row = row (expander, "Date (day-month-year)");
  gtk_editable_set_text (GTK_EDITABLE (date_row), "31-02-2025");
  WAIT_UNTIL (gtk_widget_has_css_class (date_row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date_row)), ==, "31-02-2025");
  g_assert_nonnull (mc_record_get_string (signal, "observed-on"));
  g_assert_cmpstr (mc_record_get_string (signal, "observed-on"), !=, "2025-02-31");
  gtk_editable_set_text (GTK_EDITABLE (date_row), "28/02/2025");
  wait_string (signal, "observed-on", "2025-02-28");
  g_assert_false (gtk_widget_has_css_class (date_row, "error"));

  /* Removing asks nothing; the store forgets it at once, and the page
   * offers to undo it. */
  type_text (nth_of_type (page, ADW_TYPE_EXPANDER_ROW, 1), "What was seen or heard", "Weggehaald en teruggezet.");
  {
    g_autoptr(McRecord) second = g_list_model_get_item (mc_case_get_signals (fixture->case_), 1);

    wait_string (second, "description", "Weggehaald en teruggezet.");
  }
  saved = fixture->saved;
  click (require (nth_of_type (page, ADW_TYPE_EXPANDER_ROW, 1), match_tooltip, "Remove Signal"));
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (fixture->case_)), ==, 1);
  g_assert_cmpuint (fixture->saved, ==, saved + 1);
  g_assert_nonnull (fixture->deleted);
  g_assert_true (MC_IS_SIGNAL (fixture->deleted));
  g_assert_cmpstr (fixture->deleted_message, ==, "Signal removed");
  loaded = reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (loaded)), ==, 1);
  g_clear_object (&loaded);

  /* Undone: stored again with what it held, and shown again. */
  g_assert_true (mc_case_page_undo_delete (fixture->page, fixture->deleted));
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (fixture->case_)), ==, 2);
  loaded = reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (loaded)), ==, 2);
  {
    g_autoptr(McRecord) s = g_list_model_get_item (mc_case_get_signals (loaded), 1);

    g_assert_cmpstr (mc_record_get_string (s, "description"), ==, "Weggehaald en teruggezet.");
  }
  g_clear_object (&loaded);
  page = step_page (fixture, 1);
  /* The two signals, and the case's one person under Betrokkenen. */
  g_assert_cmpuint (count_of_type (page, ADW_TYPE_EXPANDER_ROW), ==, 3);
  /* Edits after the undo reach the record as stored again. */
  type_text (nth_of_type (page, ADW_TYPE_EXPANDER_ROW, 1), "What was seen or heard", "Na het terugzetten bewerkt.");
  wait_string (fixture->deleted, "description", "Na het terugzetten bewerkt.");
  loaded = reload (fixture);
  {
    g_autoptr(McRecord) s = g_list_model_get_item (mc_case_get_signals (loaded), 1);

    g_assert_cmpstr (mc_record_get_string (s, "description"), ==, "Na het terugzetten bewerkt.");
  }
  g_clear_object (&loaded);

  /* Then remove it for good, as the rest of this test expects. */
  click (require (nth_of_type (page, ADW_TYPE_EXPANDER_ROW, 1), match_tooltip, "Remove Signal"));
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (fixture->case_)), ==, 1);
  expander = nth_of_type (page, ADW_TYPE_EXPANDER_ROW, 0);

  /* Typed just before the lock: saved, not lost. */
  type_text (expander, "What was seen or heard", "Net voor het vergrendelen getypt.");
  g_assert_null (mc_record_get_string (signal, "description"));
  mc_case_page_set_case (fixture->page, NULL, NULL, NULL);
  g_assert_null (mc_case_page_get_case (fixture->page));
  g_assert_cmpuint (mc_case_page_get_step (fixture->page), ==, 0);
  g_assert_null (mc_test_find_widget (GTK_WIDGET (fixture->page), match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW)));
  g_assert_null (mc_test_find_widget (GTK_WIDGET (fixture->page), mc_test_is_label_with_text, "Sam Jansen"));
  loaded = reload (fixture);
  {
    g_autoptr(McRecord) s = g_list_model_get_item (mc_case_get_signals (loaded), 0);

    g_assert_cmpstr (mc_record_get_string (s, "description"), ==, "Net voor het vergrendelen getypt.");
  }
  g_assert_cmpuint (fixture->errors, ==, 0);
}

static void
test_case_error (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *field;
  McRecord *signal;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  open_case (fixture, 40, NULL);
  page = step_page (fixture, 1);
  click (require (page, mc_test_is_button_content_labelled, "_Add Signal"));
  signal = g_list_model_get_item (mc_case_get_signals (fixture->case_), 0);
  g_object_unref (signal);

  /* The store goes away under the page (a lock elsewhere, a full disk). */
  g_assert_true (mc_store_close (fixture->store, NULL));
  field = require (page, match_text_field, "What was seen or heard");
  buffer = gtk_text_view_get_buffer (mc_text_field_get_text_view (MC_TEXT_FIELD (field)));
  gtk_text_buffer_set_text (buffer, "Wat er getypt is, blijft staan.", -1);
  WAIT_UNTIL (fixture->errors > 0);
  g_assert_nonnull (fixture->last_error);
  g_test_message ("error shown: %s", fixture->last_error);
  g_assert_cmpstr (fixture->last_error, !=, "");
  g_assert_null (mc_record_get_string (signal, "description"));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "Wat er getypt is, blijft staan.");
}

static guint
n_step_pages (Fixture *fixture)
{
  GtkWidget *stack = mc_test_find_widget (GTK_WIDGET (fixture->page), match_type, GSIZE_TO_POINTER (GTK_TYPE_STACK));
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (stack); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* The step pages in the stack that are not in @pages. */
static guint
n_other_step_pages (Fixture   *fixture,
                    GPtrArray *pages)
{
  GtkWidget *stack = mc_test_find_widget (GTK_WIDGET (fixture->page), match_type, GSIZE_TO_POINTER (GTK_TYPE_STACK));
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (stack); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += !g_ptr_array_find (pages, child, NULL);
  return n;
}

/* Switching cases shows the new case at once and takes the old case's
 * pages down afterwards, never the new case's, and never the pages kept
 * for the new case (McStepPage); locking takes all down at once. */
static void
test_case_switch (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(McCase) other = mc_case_new ();
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) old_pages = g_ptr_array_new ();
  guint n_kept = 0;
  guint n_new;

  open_case (fixture, 40, NULL);
  for (guint step = 1; step <= 5; step++)
    {
      GtkWidget *page = step_page (fixture, step);

      g_ptr_array_add (old_pages, page);
      n_kept += MC_IS_STEP_PAGE (page);
    }
  g_assert_cmpuint (n_step_pages (fixture), ==, 5);

  mc_record_set_string (MC_RECORD (other), "client-name", "Noor de Groot");
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (other), &error));
  g_assert_no_error (error);
  loaded = mc_store_load_case (fixture->store, mc_record_get_id (MC_RECORD (other)), &error);
  g_assert_no_error (error);

  mc_case_page_set_case (fixture->page, fixture->store, fixture->protocol, loaded);
  step_page (fixture, 2);
  /* The old pages wait for the main loop to be idle; the kept ones stay. */
  n_new = n_other_step_pages (fixture, old_pages);
  g_assert_cmpuint (n_new, >=, 1);
  g_assert_cmpuint (n_step_pages (fixture), ==, 5 + n_new);
  WAIT_UNTIL (n_step_pages (fixture) == n_kept + n_new);
  g_assert_null (mc_test_find_widget (GTK_WIDGET (fixture->page), mc_test_is_label_with_text, "Sam Jansen"));
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (fixture->page), mc_test_is_label_with_text, "Noor de Groot"));
  g_assert_nonnull (mc_test_find_widget (step_page (fixture, 2), mc_test_is_button_content_labelled, "_Add Consultation"));
  g_assert_cmpuint (n_step_pages (fixture), ==, n_kept + n_new);

  /* Back to the first case (the pages of the second wait, at most its
   * current step is made new) and locked at once: nothing stays. */
  g_ptr_array_set_size (old_pages, 0);
  for (GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_parent (step_page (fixture, 2)));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    g_ptr_array_add (old_pages, child);
  mc_case_page_set_case (fixture->page, fixture->store, fixture->protocol, fixture->case_);
  g_assert_cmpuint (n_other_step_pages (fixture, old_pages), <=, 1);
  g_assert_cmpuint (n_step_pages (fixture), ==, n_kept + n_new + n_other_step_pages (fixture, old_pages));
  mc_case_page_set_case (fixture->page, NULL, NULL, NULL);
  g_assert_cmpuint (n_step_pages (fixture), ==, 0);
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* Every control of every step names itself to assistive technologies. This
 * checks that a name is set (a label property, a labelled-by relation or a
 * button's own label); it cannot check what a screen reader finally reads,
 * which GTK 4.8 does not expose, nor that the name is apt. */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
      || gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      if (gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
        return TRUE;
      if (child != NULL && (GTK_IS_LABEL (child) || ADW_IS_BUTTON_CONTENT (child)))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_EDITABLE (widget) || GTK_IS_TEXT_VIEW (widget) || GTK_IS_CHECK_BUTTON (widget)
         || GTK_IS_TOGGLE_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_BUTTON (widget);
}

static void
test_case_accessible (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const forms[] = { "form-fgm", "form-honour-violence", NULL };
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  guint checked = 0;
  guint failed = 0;

  /* An adult with every list filled, so each kind of row is there. */
  open_case (fixture, 34, forms);
  click (require (step_page (fixture, 1), mc_test_is_button_content_labelled, "_Add Signal"));
  click (require (step_page (fixture, 2), mc_test_is_button_content_labelled, "_Add Consultation"));
  click (require (step_page (fixture, 5), mc_test_is_button_content_labelled, "_Add Agreement"));
  answer (require (step_page (fixture, 5), mc_test_is_named, "decision-report"), MC_ANSWER_YES);
  step_page (fixture, 3);
  step_page (fixture, 4);

  mc_test_collect_widgets (GTK_WIDGET (fixture->page), widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      /* The page's own controls; a widget inside an AdwEntryRow other than
       * its text (the apply button, never shown here) belongs to it. */
      if (!is_control (widget))
        continue;
      if (!gtk_widget_get_visible (widget))
        continue;
      checked++;
      if (!has_accessible_name (widget))
        {
          g_test_message ("no accessible name: %s in %s", G_OBJECT_TYPE_NAME (widget),
                          G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
          failed++;
        }
    }

  g_test_message ("%u controls checked", checked);
  g_assert_cmpuint (checked, >, 60);
  g_assert_cmpuint (failed, ==, 0);
}

/* The rows of the history page, newest first. */
static GPtrArray *
history_rows (Fixture *fixture)
{
  GtkWidget *history = require (GTK_WIDGET (fixture->page), match_type, GSIZE_TO_POINTER (MC_TYPE_HISTORY_PAGE));
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  GPtrArray *rows = g_ptr_array_new ();

  mc_test_collect_widgets (history, widgets);
  for (guint i = 0; i < widgets->len; i++)
    if (ADW_IS_ACTION_ROW (g_ptr_array_index (widgets, i)))
      g_ptr_array_add (rows, g_ptr_array_index (widgets, i));

  return rows;
}

/* What a row shows on screen, not what it was given: text read as markup
 * would differ. */
static gboolean
row_shows (GtkWidget  *row,
           const char *text)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  mc_test_collect_widgets (row, widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
        return TRUE;
    }

  return FALSE;
}

static guint
active_toggles (Fixture *fixture)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  guint n = 0;

  mc_test_collect_widgets (GTK_WIDGET (fixture->page), widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (GTK_IS_TOGGLE_BUTTON (widget) && gtk_widget_is_visible (widget)
          && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)))
        n++;
    }

  return n;
}

static GtkWidget *
visible_step_child (Fixture *fixture)
{
  GtkWidget *history = require (GTK_WIDGET (fixture->page), match_type, GSIZE_TO_POINTER (MC_TYPE_HISTORY_PAGE));

  return gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (history)));
}

static void
test_case_history (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char description[] = "Blauwe plekken <b>&amp; \"schrammen\"";
  static const char change[] = "Changed “What was seen or heard” of signal 1: Blauwe plekken <b>&amp; \"schrammen\"";
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *today = NULL;
  g_autofree char *subtitle_start = NULL;
  g_autoptr(GDate) date = g_date_new ();
  GtkWidget *page;
  GtkWidget *expander;
  GtkWidget *first;
  McRecord *signal;

  /* Who the history names, with characters markup would take. */
  mc_store_set_actor (fixture->store, "Eva <de> Wit & co", "Begeleider", NULL);
  open_case (fixture, -1, NULL);
  page = step_page (fixture, 1);
  click (require (page, mc_test_is_button_content_labelled, "_Add Signal"));
  signal = g_list_model_get_item (mc_case_get_signals (fixture->case_), 0);
  g_object_unref (signal);
  expander = mc_test_find_widget (page, match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW));
  type_text (expander, "What was seen or heard", description);

  /* At once, before the pause in typing: what was typed is saved first. */
  g_assert_false (mc_case_page_is_showing_history (fixture->page));
  mc_case_page_show_history (fixture->page);
  g_assert_true (mc_case_page_is_showing_history (fixture->page));
  g_assert_cmpstr (mc_record_get_string (signal, "description"), ==, description);
  g_assert_true (visible_step_child (fixture) == require (GTK_WIDGET (fixture->page), match_type,
                                                           GSIZE_TO_POINTER (MC_TYPE_HISTORY_PAGE)));
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (fixture->page), mc_test_is_label_with_text, "History"));
  g_assert_cmpuint (active_toggles (fixture), ==, 0);
  g_assert_false (gtk_widget_get_visible (require (GTK_WIDGET (fixture->page), mc_test_is_button_content_labelled, "_Guidance")));

  /* Newest first: the description, the signal, the person, the case. */
  rows = history_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 4);
  first = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, change);
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (first)));
  g_assert_true (row_shows (first, change));
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 1)), ==, "Added a signal");
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 2)), ==, "Added a person");
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 3)), ==, "Created the case");
  g_date_set_time_t (date, time (NULL));
  today = mc_format_date (date);
  subtitle_start = g_strdup_printf ("%s, ", today);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)), subtitle_start));
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)),
                                   " · Eva <de> Wit & co (Begeleider)"));
  g_assert_true (row_shows (first, adw_action_row_get_subtitle (ADW_ACTION_ROW (first))));
  /* One day, one group, titled with the date. */
  g_assert_cmpuint (count_of_type (require (GTK_WIDGET (fixture->page), match_type,
                                            GSIZE_TO_POINTER (MC_TYPE_HISTORY_PAGE)),
                                   ADW_TYPE_PREFERENCES_GROUP), ==, 1);
  g_assert_nonnull (mc_test_find_widget (GTK_WIDGET (fixture->page), mc_test_is_label_with_text, today));
  screenshot (fixture, "history");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Choosing a step goes back. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "case.show-step", "i", 1);
  g_assert_false (mc_case_page_is_showing_history (fixture->page));
  g_assert_cmpuint (mc_case_page_get_step (fixture->page), ==, 1);
  g_assert_true (visible_step_child (fixture) == step_page (fixture, 1));
  g_assert_cmpuint (active_toggles (fixture), ==, 1);
  g_assert_true (gtk_widget_get_visible (require (GTK_WIDGET (fixture->page), mc_test_is_button_content_labelled, "_Guidance")));
  g_assert_null (mc_test_find_widget (GTK_WIDGET (fixture->page), mc_test_is_label_with_text, "History"));

  /* The header's button shows it again, with what was done since. */
  page = step_page (fixture, 1);
  expander = mc_test_find_widget (page, match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW));
  type_entry (expander, "Date (day-month-year)", "3-11-2025");
  click (require (GTK_WIDGET (fixture->page), match_tooltip, "History"));
  g_assert_true (mc_case_page_is_showing_history (fixture->page));
  wait_string (signal, "observed-on", "2025-11-03");
  rows = history_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 1)), ==, change);
  {
    const char *title = adw_preferences_row_get_title (g_ptr_array_index (rows, 0));

    g_assert_true (g_str_has_prefix (title, "Changed “Date” of signal 1: "));
    g_assert_true (g_str_has_suffix (title, " → 3 November 2025"));
  }

  /* Through a step button too. */
  click (GTK_WIDGET (nth_of_type (GTK_WIDGET (fixture->page), GTK_TYPE_TOGGLE_BUTTON, 1)));
  g_assert_false (mc_case_page_is_showing_history (fixture->page));
  g_assert_cmpuint (mc_case_page_get_step (fixture->page), ==, 2);

  /* A long history comes a part at a time. */
  {
    g_autoptr(McCase) loaded = reload (fixture);
    g_autoptr(McRecord) stored = g_list_model_get_item (mc_case_get_signals (loaded), 0);
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < 120; i++)
      {
        /* Two fields in turn: no run of saves of one edit. */
        const char *property = i % 2 == 0 ? "source" : "observer";
        g_autofree char *text = g_strdup_printf ("Versie %u", i);

        mc_record_set_string (stored, property, text);
        g_assert_true (mc_store_update_field (fixture->store, stored, property, &error));
        g_assert_no_error (error);
      }
  }
  mc_case_page_show_history (fixture->page);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = history_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 100);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==,
                   "Changed “Seen or heard by” of signal 1: Versie 117 → Versie 119");
  g_assert_true (gtk_widget_get_visible (require (GTK_WIDGET (fixture->page), mc_test_is_button_with_label,
                                                  "Show _Earlier Changes")));
  click (require (GTK_WIDGET (fixture->page), mc_test_is_button_with_label, "Show _Earlier Changes"));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = history_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 125);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 124)), ==, "Created the case");
  g_assert_false (gtk_widget_get_visible (require (GTK_WIDGET (fixture->page), mc_test_is_button_with_label,
                                                   "Show _Earlier Changes")));
  /* Still one day: the second part went on under the same date. */
  g_assert_cmpuint (count_of_type (require (GTK_WIDGET (fixture->page), match_type,
                                            GSIZE_TO_POINTER (MC_TYPE_HISTORY_PAGE)),
                                   ADW_TYPE_PREFERENCES_GROUP), ==, 1);
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* Closing and reopening */

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
match_info_bar (GtkWidget     *widget,
                gconstpointer  type)
{
  return GTK_IS_INFO_BAR (widget)
         && gtk_info_bar_get_message_type (GTK_INFO_BAR (widget)) == (GtkMessageType) GPOINTER_TO_INT (type);
}

static GtkWidget *
info_bar (Fixture        *fixture,
          GtkMessageType  type)
{
  return require (GTK_WIDGET (fixture->page), match_info_bar, GINT_TO_POINTER (type));
}

static gboolean
label_starts_with (GtkWidget     *widget,
                   gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

/* Activates the dialog's default button as Enter would, once it may be. */
static void
activate_default (GtkWidget *dialog)
{
  GtkWidget *button = gtk_window_get_default_widget (GTK_WINDOW (dialog));

  g_assert_nonnull (button);
  mc_test_activate (button);
}

/* Every control of a dialog is named for assistive technologies, without
 * a mnemonic underscore in the name. */
static void
assert_controls_named (GtkWidget *root)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  guint checked = 0;

  mc_test_collect_widgets (root, widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (!is_control (widget) || !gtk_widget_get_mapped (widget))
        continue;
      checked++;
      if (!has_accessible_name (widget))
        g_error ("no accessible name: %s in %s", G_OBJECT_TYPE_NAME (widget),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
      if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
        {
          g_autofree char *label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                        GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                        "\001not a label\001");

          if (strchr (label, '_') != NULL)
            g_error ("a mnemonic in the accessible name “%s” of %s", label, G_OBJECT_TYPE_NAME (widget));
        }
    }
  g_assert_cmpuint (checked, >, 0);
}

/* Tab goes round the dialog: it reaches the default button and comes back
 * to where it started, so no field keeps the focus. */
static void
assert_tab_cycles (GtkWidget *dialog)
{
  GtkWidget *start = gtk_window_get_focus (GTK_WINDOW (dialog));
  GtkWidget *button = gtk_window_get_default_widget (GTK_WINDOW (dialog));
  gboolean reached_button = FALSE;

  g_assert_nonnull (start);
  for (guint i = 0; i < 40; i++)
    {
      GtkWidget *focus;

      g_assert_true (gtk_widget_child_focus (dialog, GTK_DIR_TAB_FORWARD)
                     || gtk_widget_child_focus (dialog, GTK_DIR_TAB_FORWARD));
      focus = gtk_window_get_focus (GTK_WINDOW (dialog));
      reached_button |= focus == button;
      if (focus == start)
        break;
    }
  g_assert_true (reached_button || !gtk_widget_is_sensitive (button));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == start);
}

/* Always, into build/tests/screenshots/: these screens are new. */
static void
shoot (GtkWidget  *widget,
       const char *name)
{
  g_autofree char *dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  /* A dialog is mapped before its first size arrives. */
  WAIT_UNTIL (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0);
  mc_test_settle ();
  mc_test_screenshot (widget, path);
  g_test_message ("screenshot: %s", path);
}

static void
test_case_close_reopen (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDate) today = g_date_new ();
  g_autofree char *today_text = NULL;
  g_autofree char *closed_text = NULL;
  GtkWidget *dialog;
  GtkWidget *reason;
  GtkWidget *note;
  GtkWidget *button;
  GtkWidget *bar;

  mc_store_set_actor (fixture->store, "Eva de Wit", "Begeleider", NULL);
  open_case (fixture, 14, NULL);
  click (require (step_page (fixture, 1), mc_test_is_button_content_labelled, "_Add Signal"));
  g_assert_false (mc_case_page_is_closed (fixture->page));
  g_assert_false (gtk_widget_get_visible (info_bar (fixture, GTK_MESSAGE_INFO)));

  /* The dialog: the reason has the focus, Close waits for one. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "case.close", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (MC_TYPE_CLOSE_CASE_DIALOG)) != NULL);
  reason = row (dialog, "Reason");
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == reason
                 || gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), reason));
  button = gtk_window_get_default_widget (GTK_WINDOW (dialog));
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "C_lose Case");
  g_assert_false (gtk_widget_is_sensitive (button));
  g_date_set_time_t (today, time (NULL));
  today_text = mc_date_to_human (today);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (dialog, "Date closed (day-month-year)"))), ==, today_text);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (dialog, "Closed by"))), ==,
                   "Eva de Wit (Begeleider)");
  /* Every reason of the protocol, in its words. */
  g_assert_true (combo_has (dialog, "Reason", "De zorgen zijn weggenomen"));
  g_assert_true (combo_has (dialog, "Reason", "Andere reden"));
  assert_controls_named (dialog);

  /* "Other" needs a note, and says so. */
  choose (dialog, "Reason", "Andere reden");
  g_assert_false (gtk_widget_is_sensitive (button));
  note = require (dialog, match_text_field, "Note (required)");
  g_assert_nonnull (mc_test_find_widget (dialog, label_starts_with, "Write down why you close the case"));
  /* A date that is no date, or after today, holds it back too. */
  gtk_editable_set_text (GTK_EDITABLE (row (dialog, "Date closed (day-month-year)")), "31-02");
  type_text (dialog, "Note (required)", "De cliënt is verhuisd naar het buitenland.");
  g_assert_false (gtk_widget_is_sensitive (button));
  gtk_editable_set_text (GTK_EDITABLE (row (dialog, "Date closed (day-month-year)")), today_text);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (note != NULL);
  assert_tab_cycles (dialog);
  shoot (dialog, "close-case-dialog");

  activate_default (dialog);
  WAIT_UNTIL (find_toplevel (MC_TYPE_CLOSE_CASE_DIALOG) == NULL);

  /* Stored, and the page is read-only but for reopening. */
  loaded = reload (fixture);
  g_assert_true (mc_case_is_closed (loaded));
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "close-reason"), ==, "other");
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "close-note"), ==,
                   "De cliënt is verhuisd naar het buitenland.");
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "closed-by"), ==, "Eva de Wit (Begeleider)");
  g_clear_object (&loaded);
  g_assert_true (mc_case_page_is_closed (fixture->page));
  for (guint step = 1; step <= 5; step++)
    g_assert_false (gtk_widget_is_sensitive (step_page (fixture, step)));
  bar = info_bar (fixture, GTK_MESSAGE_INFO);
  g_assert_true (gtk_widget_get_visible (bar));
  {
    g_autofree char *today_words = mc_format_date (today);

    closed_text = g_strdup_printf ("Closed on %s: Andere reden", today_words);
  }
  g_assert_nonnull (mc_test_find_widget (bar, mc_test_is_label_with_text, closed_text));
  button = require (bar, mc_test_is_button_with_label, "_Reopen…");
  g_assert_true (gtk_widget_is_sensitive (button));
  /* The focus left the fields that went insensitive for the way back. */
  g_assert_true (gtk_window_get_focus (fixture->window) == button);
  {
    int minimum;

    gtk_widget_measure (GTK_WIDGET (fixture->page), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }
  /* The history reads as before. */
  mc_case_page_show_history (fixture->page);
  g_assert_true (gtk_widget_is_sensitive (require (GTK_WIDGET (fixture->page), match_type,
                                                   GSIZE_TO_POINTER (MC_TYPE_HISTORY_PAGE))));
  mc_case_page_show_step (fixture->page, 1);
  gtk_window_set_default_size (fixture->window, 1000, 700);
  shoot (GTK_WIDGET (fixture->window), "case-closed");

  /* Reopening asks why; the focus is in the note. */
  click (button);
  WAIT_UNTIL ((dialog = find_toplevel (MC_TYPE_REOPEN_CASE_DIALOG)) != NULL);
  note = require (dialog, match_text_field, "Why you reopen the case (required)");
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog))
                 == GTK_WIDGET (mc_text_field_get_text_view (MC_TEXT_FIELD (note))));
  button = gtk_window_get_default_widget (GTK_WINDOW (dialog));
  g_assert_false (gtk_widget_is_sensitive (button));
  assert_controls_named (dialog);
  type_text (dialog, "Why you reopen the case (required)", "Nieuwe zorgen gemeld door school.");
  assert_tab_cycles (dialog);
  shoot (dialog, "reopen-case-dialog");
  activate_default (dialog);
  WAIT_UNTIL (find_toplevel (MC_TYPE_REOPEN_CASE_DIALOG) == NULL);

  loaded = reload (fixture);
  g_assert_false (mc_case_is_closed (loaded));
  g_assert_false (mc_case_page_is_closed (fixture->page));
  g_assert_false (gtk_widget_get_visible (info_bar (fixture, GTK_MESSAGE_INFO)));
  for (guint step = 1; step <= 5; step++)
    g_assert_true (gtk_widget_is_sensitive (step_page (fixture, step)));

  /* Both are in the history, newest first. */
  mc_case_page_show_history (fixture->page);
  rows = history_rows (fixture);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==,
                   "Case reopened: Nieuwe zorgen gemeld door school.");
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 1)), ==,
                   "Case closed: Andere reden (De cliënt is verhuisd naar het buitenland.)");
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* A dialog goes with its case: a lock must not leave it to write to a
 * closed store. */
static void
test_case_close_cancelled (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *dialog;

  open_case (fixture, -1, NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "case.close", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (MC_TYPE_CLOSE_CASE_DIALOG)) != NULL);
  /* Escape, as the other dialogs. */
  gtk_widget_activate_action (dialog, "window.close", NULL);
  WAIT_UNTIL (find_toplevel (MC_TYPE_CLOSE_CASE_DIALOG) == NULL);
  g_assert_false (mc_case_page_is_closed (fixture->page));

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "case.close", NULL);
  WAIT_UNTIL (find_toplevel (MC_TYPE_CLOSE_CASE_DIALOG) != NULL);
  mc_case_page_set_case (fixture->page, NULL, NULL, NULL);
  WAIT_UNTIL (find_toplevel (MC_TYPE_CLOSE_CASE_DIALOG) == NULL);
}

/* Acute danger: the protocol's urgent action on top of the page, with
 * its contacts, as long as the weighing says so. */
static void
test_case_urgent (Fixture       *fixture,
                  gconstpointer  data)
{
  GPtrArray *actions = NULL;
  const McProtocolUrgentAction *action = NULL;
  GtkWidget *page;
  GtkWidget *bar;
  GtkWidget *copy;
  g_autofree char *name = NULL;
  g_autofree char *copied = NULL;

  actions = mc_protocol_get_urgent_actions (fixture->protocol);
  for (guint i = 0; i < actions->len; i++)
    if (g_strcmp0 (((McProtocolUrgentAction *) g_ptr_array_index (actions, i))->id, "action-acute") == 0)
      action = g_ptr_array_index (actions, i);
  g_assert_nonnull (action);

  open_case (fixture, 14, NULL);
  bar = info_bar (fixture, GTK_MESSAGE_ERROR);
  g_assert_false (gtk_widget_get_visible (bar));

  page = step_page (fixture, 4);
  answer (row (page, "Acute unsafety"), MC_ANSWER_YES);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_nonnull (mc_test_find_widget (bar, mc_test_is_label_with_text, action->text));
  g_assert_nonnull (mc_test_find_widget (bar, mc_test_is_button_content_labelled, "Veilig Thuis: 0800-2000"));
  g_assert_nonnull (mc_test_find_widget (bar, mc_test_is_button_content_labelled, "Alarmnummer: 112"));
  /* Above the steps, and an alert that says what it is about. */
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (bar)), ==, GTK_ACCESSIBLE_ROLE_ALERT);
  name = g_strdup_printf ("Urgent: %s", action->text);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  assert_controls_named (bar);
  shoot (GTK_WIDGET (fixture->window), "case-urgent-action");
  /* It fits where the page fits. */
  {
    int minimum;

    gtk_widget_measure (GTK_WIDGET (fixture->page), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }

  copy = require (bar, match_tooltip, "Copy Phone Number");
  click (copy);
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (copy);
    GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
    g_auto(GValue) value = G_VALUE_INIT;

    g_assert_nonnull (content);
    g_value_init (&value, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
    copied = g_value_dup_string (&value);
    g_assert_cmpstr (copied, ==, "0800-2000");
  }

  /* The weighing changes its mind: the bar goes. */
  answer (row (page, "Acute unsafety"), MC_ANSWER_NO);
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_null (mc_test_find_widget (bar, mc_test_is_label_with_text, action->text));

  /* A closed case is a record of what was: no call to act. */
  answer (row (page, "Acute unsafety"), MC_ANSWER_YES);
  g_assert_true (gtk_widget_get_visible (bar));
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (mc_store_close_case (fixture->store, fixture->case_, "worries-gone", NULL, NULL, &error));
    g_assert_no_error (error);
  }
  mc_case_page_set_case (fixture->page, fixture->store, fixture->protocol, fixture->case_);
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_true (gtk_widget_get_visible (info_bar (fixture, GTK_MESSAGE_INFO)));
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* Activates @widget as a user does (Enter or Space on it): it must be
 * there to be used. A button says "clicked" when its activation ends, a
 * moment later: wait for what it does. */
static void
activate (GtkWidget *widget)
{
  mc_test_activate (widget);
}

static gboolean
match_group_title (GtkWidget     *widget,
                   gconstpointer  title)
{
  return ADW_IS_PREFERENCES_GROUP (widget)
         && g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0;
}

/* The state the step navigator shows for @number: the button's
 * accessible label, and its state icons, which must agree. */
static McStepState
navigator_state (Fixture *fixture,
                 guint    number)
{
  static const char * const states[] = { "Not started", "In progress", "Done", "Needs attention" };
  static const char * const icons[] = { "radio-symbolic", "document-edit-symbolic", "emblem-ok-symbolic",
                                        "dialog-warning-symbolic" };
  const McProtocolStep *step = g_ptr_array_index (mc_protocol_get_steps (fixture->protocol), number - 1);
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  int found = -1;

  g_assert_cmpuint (step->number, ==, number);
  mc_test_collect_widgets (GTK_WIDGET (fixture->page), widgets);
  for (guint j = 0; j < widgets->len; j++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, j);
      g_autoptr(GPtrArray) images = g_ptr_array_new ();
      guint n_icons = 0;

      if (!GTK_IS_TOGGLE_BUTTON (widget)
          || !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
        continue;
      for (guint state = 0; state < G_N_ELEMENTS (states); state++)
        {
          g_autofree char *label = g_strdup_printf ("Step %u of 5: %s. %s", number, step->title, states[state]);
          g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label);

          if (mismatch != NULL)
            continue;
          g_assert_cmpint (found, ==, -1);
          found = state;
          /* The icons say the same as the words. */
          mc_test_collect_widgets (widget, images);
          for (guint k = 0; k < images->len; k++)
            {
              GtkWidget *image = g_ptr_array_index (images, k);

              if (!GTK_IS_IMAGE (image) || gtk_image_get_icon_name (GTK_IMAGE (image)) == NULL)
                continue;
              g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, icons[state]);
              n_icons++;
            }
          g_assert_cmpuint (n_icons, >, 0);
        }
    }

  g_assert_cmpint (found, >=, 0);
  return found;
}

static McStepState
core_state (Fixture *fixture,
            guint    number)
{
  g_autoptr(GPtrArray) statuses = mc_case_check_steps (fixture->case_, fixture->protocol);

  return status_of (statuses, number)->state;
}

/* A step is done in the core, and the navigator says so, or neither. */
static void
assert_step_done (Fixture  *fixture,
                  guint     number,
                  gboolean  done)
{
  if (done)
    {
      g_assert_cmpint (core_state (fixture, number), ==, MC_STEP_DONE);
      WAIT_UNTIL (navigator_state (fixture, number) == MC_STEP_DONE);
    }
  else
    {
      g_assert_cmpint (core_state (fixture, number), !=, MC_STEP_DONE);
      g_assert_cmpint (navigator_state (fixture, number), !=, MC_STEP_DONE);
      g_assert_cmpint (navigator_state (fixture, number), ==, core_state (fixture, number));
    }
}

/* A row added and left empty does not finish its step; filled in, it
 * does. A client of 9 without children among the people: no kindcheck. */
static void
test_case_empty_rows_do_not_finish (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *today = iso_today ();
  GtkWidget *page;
  GtkWidget *expander;
  GtkWidget *group;
  McRecord *signal;
  McRecord *consultation;
  McRecord *conversation;

  open_case (fixture, 9, NULL);

  /* Step 1: an empty signal (the page fills in the date and who saw it,
   * not what was seen). */
  page = step_page (fixture, 1);
  assert_step_done (fixture, 1, FALSE);
  activate (require (page, mc_test_is_button_content_labelled, "_Add Signal"));
  WAIT_UNTIL (g_list_model_get_n_items (mc_case_get_signals (fixture->case_)) == 1);
  signal = g_list_model_get_item (mc_case_get_signals (fixture->case_), 0);
  g_object_unref (signal);
  g_assert_null (mc_record_get_string (signal, "description"));
  g_assert_null (mc_test_find_widget (mc_test_find_widget (page, mc_test_is_named, (gpointer) "kindcheck"),
                                      match_type, GSIZE_TO_POINTER (MC_TYPE_ANSWER_BUTTONS)));
  assert_step_done (fixture, 1, FALSE);
  g_assert_cmpint (core_state (fixture, 1), ==, MC_STEP_IN_PROGRESS);
  expander = mc_test_find_widget (page, match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW));
  type_text (expander, "What was seen or heard", "Schrikt als er een deur dichtslaat.");
  type_entry (expander, "Seen or heard by", "Eva de Wit, begeleider");
  wait_string (signal, "description", "Schrikt als er een deur dichtslaat.");
  wait_string (signal, "observer", "Eva de Wit, begeleider");
  assert_step_done (fixture, 1, TRUE);

  /* Step 2: an empty consultation. */
  page = step_page (fixture, 2);
  assert_step_done (fixture, 2, FALSE);
  activate (require (page, mc_test_is_button_content_labelled, "_Add Consultation"));
  WAIT_UNTIL (g_list_model_get_n_items (mc_case_get_consultations (fixture->case_)) == 1);
  consultation = g_list_model_get_item (mc_case_get_consultations (fixture->case_), 0);
  g_object_unref (consultation);
  assert_step_done (fixture, 2, FALSE);
  expander = mc_test_find_widget (page, match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW));
  type_entry (expander, "Name (optional)", "Karin Visser");
  type_text (expander, "Advice", "Bespreek de zorgen met de moeder.");
  wait_string (consultation, "consultee", "Karin Visser");
  wait_string (consultation, "advice", "Bespreek de zorgen met de moeder.");
  assert_step_done (fixture, 2, TRUE);
  assert_step_done (fixture, 1, TRUE);

  /* Step 3: another conversation, empty: nothing is stored and nothing
   * is done. */
  page = step_page (fixture, 3);
  assert_step_done (fixture, 3, FALSE);
  activate (require (page, mc_test_is_button_content_labelled, "_Add Another Conversation"));
  WAIT_UNTIL (mc_test_find_widget (page, match_group_title, "Conversation 2") != NULL);
  group = require (page, match_group_title, "Conversation 2");
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_conversations (fixture->case_)), ==, 0);
  assert_step_done (fixture, 3, FALSE);
  /* Filled in with the parent with gezag: held as the age band asks. */
  gtk_editable_set_text (GTK_EDITABLE (row (group, "Date (day-month-year)")), today);
  WAIT_UNTIL (g_list_model_get_n_items (mc_case_get_conversations (fixture->case_)) == 1);
  conversation = g_list_model_get_item (mc_case_get_conversations (fixture->case_), 0);
  g_object_unref (conversation);
  assert_step_done (fixture, 3, FALSE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (require (group, mc_test_is_named, "conversation-partner")), 1);
  WAIT_UNTIL (mc_record_get_integer (conversation, "person-id") > 0);
  type_text (group, "What was discussed", "De schrikreacties.");
  type_text (group, "Reaction", "Moeder herkent het.");
  wait_string (conversation, "held-on", today);
  wait_string (conversation, "discussed", "De schrikreacties.");
  wait_string (conversation, "reaction", "Moeder herkent het.");
  assert_step_done (fixture, 3, TRUE);
  assert_step_done (fixture, 1, TRUE);
  assert_step_done (fixture, 2, TRUE);
  g_assert_cmpuint (fixture->errors, ==, 0);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/case/full", Fixture, NULL, fixture_setup, test_case_full, fixture_teardown);
  g_test_add ("/ui/case/afwegingskader", Fixture, NULL, fixture_setup, test_case_afwegingskader, fixture_teardown);
  g_test_add ("/ui/case/adult", Fixture, NULL, fixture_setup, test_case_adult, fixture_teardown);
  g_test_add ("/ui/case/care-relationship", Fixture, NULL, fixture_setup, test_case_care_relationship, fixture_teardown);
  g_test_add ("/ui/case/dates-delete-lock", Fixture, NULL, fixture_setup, test_case_dates_delete_lock, fixture_teardown);
  g_test_add ("/ui/case/switch", Fixture, NULL, fixture_setup, test_case_switch, fixture_teardown);
  g_test_add ("/ui/case/error", Fixture, NULL, fixture_setup, test_case_error, fixture_teardown);
  g_test_add ("/ui/case/accessible", Fixture, NULL, fixture_setup, test_case_accessible, fixture_teardown);
  g_test_add ("/ui/case/history", Fixture, NULL, fixture_setup, test_case_history, fixture_teardown);
  g_test_add ("/ui/case/close-reopen", Fixture, NULL, fixture_setup, test_case_close_reopen, fixture_teardown);
  g_test_add ("/ui/case/close-cancelled", Fixture, NULL, fixture_setup, test_case_close_cancelled, fixture_teardown);
  g_test_add ("/ui/case/urgent", Fixture, NULL, fixture_setup, test_case_urgent, fixture_teardown);
  g_test_add ("/ui/case/empty-rows-do-not-finish", Fixture, NULL, fixture_setup, test_case_empty_rows_do_not_finish,
              fixture_teardown);

  return g_test_run ();
}
