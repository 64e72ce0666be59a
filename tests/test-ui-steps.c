/* test-ui-steps.c: what the step pages added for the meldnormen and the
 * life of a case, driven as a user drives it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real store in a temporary folder, the built-in protocol and a case on
 * a McCasePage: a meldnorm broken and deviated from with a reason, decision
 * rounds, what follows a report, agreements with an owner and a state, the
 * people and special forms after the case was made, the conversation by
 * age band, interpretations, and the kindcheck's new case for a child.
 * What the pages store is read back from the store.
 *
 * Screenshots go to tests/screenshots/steps-<language>/ in the build
 * directory. The test reads the interface in English; with
 * MC_TEST_LANGUAGE=nl it runs in Dutch on the build's catalogue instead
 * (every string it looks for goes through the catalogue), for Dutch
 * screenshots.
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-answer-buttons.h"
#include "mc-case-page.h"
#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-i18n.h"
#include "mc-meldnormen.h"
#include "mc-new-case-dialog.h"
#include "mc-report-builder.h"
#include "mc-row-title.h"
#include "mc-step-rows.h"
#include "mc-text-field.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "lang genoeg wachtwoord voor de test"

/* The interface's words in the language the test runs in. */
#define T(s) g_dgettext (GETTEXT_PACKAGE, s)
#define TC(c, s) g_dpgettext2 (GETTEXT_PACKAGE, c, s)

typedef struct
{
  char       *dir;
  McStore    *store;
  McProtocol *protocol;
  McCase     *case_;
  GtkWindow  *window;
  McCasePage *page;
  guint       errors;
  char       *last_error;
  /* The new-case action the window would have. */
  McNewCaseDialog *new_case_dialog;
  gint64      created_id;
  /* The case the app's app.open-case was asked to open. */
  gint64      opened_case_id;
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
match_label_prefix (GtkWidget     *widget,
                    gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

static gboolean
match_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
match_rule_reason (GtkWidget     *widget,
                   gconstpointer  rule_id)
{
  return ADW_IS_ENTRY_ROW (widget) && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "mc-rule-id"), rule_id) == 0;
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

static GtkWidget *
named (GtkWidget  *root,
       const char *name)
{
  return require (root, mc_test_is_named, name);
}

static guint
count_rows_titled (GtkWidget  *root,
                   const char *prefix)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  guint n = 0;

  mc_test_collect_widgets (root, widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (ADW_IS_PREFERENCES_ROW (widget)
          && g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), prefix))
        n++;
    }

  return n;
}

static void
click (GtkWidget *button)
{
  mc_test_activate (button);
}

static McAnswerButtons *
answer_buttons_in (GtkWidget *root)
{
  return MC_ANSWER_BUTTONS (require (root, match_type, GSIZE_TO_POINTER (MC_TYPE_ANSWER_BUTTONS)));
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

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (mc_text_field_get_text_view (MC_TEXT_FIELD (field))), text, -1);
}

/* Types into an entry row and saves it, as Enter does. */
static void
type_entry (GtkWidget  *root,
            const char *title,
            const char *text)
{
  GtkWidget *entry = row (root, title);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  mc_test_activate (entry);
}

static gboolean
combo_has (GtkWidget  *combo,
           const char *label)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      return TRUE;

  return FALSE;
}

static void
choose_in (GtkWidget  *combo,
           const char *label)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
        return;
      }

  g_error ("No item “%s” in “%s”", label, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (combo)));
}

static const char *
combo_shows (GtkWidget *combo)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  return gtk_string_list_get_string (GTK_STRING_LIST (model), adw_combo_row_get_selected (ADW_COMBO_ROW (combo)));
}

static void
wait_string (McRecord   *record,
             const char *property,
             const char *expected)
{
  WAIT_UNTIL (g_strcmp0 (mc_record_get_string (record, property), expected) == 0);
}

/* The widget that has the keyboard focus is @field or inside it. */
static guint
count_mapped_labels (GtkWidget  *root,
                     const char *text)
{
  guint n = GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
            && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!GTK_IS_REVEALER (child))
      n += count_mapped_labels (child, text);
  return n;
}

/* An expander row's title, laid out by McRowTitle: shown once, whole, and
 * naming the row's header for assistive technologies. */
static void
check_row_title (GtkWidget *expander)
{
  McRowTitle *title = mc_row_title_for_row (ADW_EXPANDER_ROW (expander));
  const char *text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander));
  const char *subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (expander));
  GtkLabel *title_label;
  GtkWidget *header;
  int height;

  g_assert_nonnull (title);
  title_label = mc_row_title_get_title (title);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (title_label)));
  g_assert_cmpstr (gtk_label_get_label (title_label), ==, text);
  g_assert_cmpstr (gtk_label_get_label (mc_row_title_get_subtitle (title)), ==, subtitle);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (mc_row_title_get_subtitle (title)))
                 == (subtitle != NULL && *subtitle != '\0'));

  header = gtk_widget_get_ancestor (GTK_WIDGET (title), ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (header);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       title_label, NULL);
  /* The row's own title is hidden: the text shows once. */
  g_assert_cmpuint (count_mapped_labels (header, text), ==, 1);

  /* Whole: as high as its lines at the width it has. */
  gtk_widget_measure (GTK_WIDGET (title_label), GTK_ORIENTATION_VERTICAL,
                      gtk_widget_get_width (GTK_WIDGET (title_label)), &height, NULL, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (title_label)), >=, height);
}

static gboolean
has_focus_in (Fixture   *fixture,
              GtkWidget *field)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  return focus != NULL && (focus == field || gtk_widget_is_ancestor (focus, field));
}

static GtkWidget *
step_page (Fixture *fixture,
           guint    step)
{
  GtkWidget *stack = require (GTK_WIDGET (fixture->page), match_type, GSIZE_TO_POINTER (GTK_TYPE_STACK));

  mc_case_page_show_step (fixture->page, step);
  return gtk_stack_get_visible_child (GTK_STACK (stack));
}

/* Scrolls the case page so @widget is near the top. */
static void
scroll_to (Fixture   *fixture,
           GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_point_t point;

  g_assert_nonnull (scroller);
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  /* The viewport's own coordinates move with the scrolling; its child's
   * do not. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  /* Twice: the first may still change the layout below. */
  for (guint i = 0; i < 2; i++)
    {
      mc_test_settle ();
      g_assert_true (gtk_widget_compute_point (widget, content, &GRAPHENE_POINT_INIT (0, 0), &point));
      gtk_adjustment_set_value (adjustment, MAX (point.y - 12, 0));
    }
}

static void
screenshot (Fixture    *fixture,
            const char *name)
{
  const char *language = g_getenv ("MC_TEST_LANGUAGE");
  g_autofree char *subdir = g_strdup_printf ("steps-%s", language != NULL ? language : "en");
  g_autofree char *dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", subdir, NULL);
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  mc_test_settle ();
  mc_test_screenshot (GTK_WIDGET (fixture->window), path);
  g_test_message ("screenshot: %s", path);
}

/* The message dialog shown now, NULL when there is none. */
static AdwMessageDialog *
message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
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
on_error_cb (McCasePage *page,
             const char *message,
             Fixture    *fixture)
{
  fixture->errors++;
  g_free (fixture->last_error);
  fixture->last_error = g_strdup (message);
  g_test_message ("error: %s", message);
}

static void
on_created_cb (McNewCaseDialog *dialog,
               gint64           case_id,
               Fixture         *fixture)
{
  fixture->created_id = case_id;
}

/* What the window's win.new-case does: a dialog for a new case. */
static void
new_case_activated_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  Fixture *fixture = user_data;

  fixture->new_case_dialog = mc_new_case_dialog_new (fixture->window, fixture->store, fixture->protocol);
  /* It goes when the case is made. */
  g_object_add_weak_pointer (G_OBJECT (fixture->new_case_dialog), (gpointer *) &fixture->new_case_dialog);
  g_signal_connect (fixture->new_case_dialog, "created", G_CALLBACK (on_created_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->new_case_dialog));
}

/* A case for a client of @age (-1: no date of birth), with the special
 * forms in @forms, and acute unsafety when @acute. */
static void
open_case (Fixture            *fixture,
           int                 age,
           const char * const *forms,
           gboolean            acute)
{
  static const GActionEntry actions[] = {
    { "new-case", new_case_activated_cb, NULL, NULL, NULL, { 0 } },
  };
  g_autoptr(McCase) new_case = mc_case_new ();
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GError) error = NULL;

  mc_record_set_string (MC_RECORD (new_case), "client-name", "Sam Jansen");
  if (age >= 0)
    {
      g_autofree char *birth = iso_years_ago (age);

      mc_record_set_string (MC_RECORD (new_case), "birth-date", birth);
    }
  if (forms != NULL)
    mc_record_set_lines (MC_RECORD (new_case), "suspected-forms", forms);
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (new_case), &error));
  g_assert_no_error (error);

  if (acute)
    {
      g_autoptr(McWeighing) weighing = mc_weighing_new (mc_record_get_id (MC_RECORD (new_case)));

      mc_record_set_answer (MC_RECORD (weighing), "acute", MC_ANSWER_YES);
      mc_record_set_answer (MC_RECORD (weighing), "structural", MC_ANSWER_NO);
      g_assert_true (mc_store_insert (fixture->store, MC_RECORD (weighing), &error));
      g_assert_no_error (error);
    }

  fixture->case_ = mc_store_load_case (fixture->store, mc_record_get_id (MC_RECORD (new_case)), &error);
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 1000);
  g_action_map_add_action_entries (G_ACTION_MAP (group), actions, G_N_ELEMENTS (actions), fixture);
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (group));
  fixture->page = mc_case_page_new ();
  g_signal_connect (fixture->page, "error", G_CALLBACK (on_error_cb), fixture);
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

  fixture->dir = g_dir_make_tmp ("meldcode-ui-steps-XXXXXX", &error);
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
  AdwMessageDialog *dialog;

  while ((dialog = message_dialog ()) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  if (fixture->new_case_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->new_case_dialog));
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
}

static const McStepStatus *
status_of (GPtrArray *statuses,
           guint      step)
{
  return g_ptr_array_index (statuses, step - 1);
}

static gboolean
step_misses (Fixture    *fixture,
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

static void
answer_question (GtkWidget  *page,
                 const char *question_id,
                 McAnswer    value)
{
  GtkWidget *question_row = named (page, question_id);

  g_assert_true (gtk_widget_is_visible (question_row));
  answer (question_row, value);
}

/* Tests */

/* Step 5 lists a broken meldnorm; a reason written under it stores an
 * override, after which the norm reads as deviated from; emptying the
 * reason takes the override back. A norm that waits for step 2 is what is
 * still to do. */
static void
test_steps_meldnormen (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const forms[] = { "form-honour-violence", NULL };
  const McProtocolRule *rule = mc_protocol_lookup_rule (fixture->protocol, "norm-unsafety-report");
  g_autofree char *deviated = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *pending = NULL;
  GtkWidget *page;
  GtkWidget *state_row;
  GtkWidget *reason_row;
  GtkWidget *pending_row;
  McNormOverride *override;

  g_assert_nonnull (rule);
  open_case (fixture, 14, forms, TRUE);
  page = step_page (fixture, 5);

  /* Acute unsafety: nothing decided yet, so nothing broken. */
  g_assert_false (gtk_widget_is_visible (named (page, "norm-unsafety-report")));
  pending_row = named (page, "norm-honour-violence-consult");
  g_assert_true (gtk_widget_is_visible (pending_row));
  g_assert_true (gtk_widget_is_visible (named (page, "meldnormen")));
  pending = g_strdup_printf (T ("Step %u · %s"), 2, T ("Still to do"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (pending_row)), ==, pending);
  g_assert_false (gtk_widget_get_visible (require (page, match_rule_reason, "norm-honour-violence-consult")));

  /* Deciding not to report breaks meldnorm 1. */
  answer (named (page, "decision-report"), MC_ANSWER_NO);
  state_row = named (page, "norm-unsafety-report");
  reason_row = require (page, match_rule_reason, "norm-unsafety-report");
  g_assert_true (gtk_widget_is_visible (state_row));
  g_assert_true (gtk_widget_is_visible (reason_row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (state_row)), ==, rule->text);
  g_assert_true (gtk_widget_has_css_class (state_row, "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (reason_row)), ==, T ("Deviate with a reason"));
  g_assert_true (step_misses (fixture, 5, rule->text));
  scroll_to (fixture, named (page, "meldnormen"));
  screenshot (fixture, "step-5-broken-rule");

  /* A reason: stored for this round, and the rule reads as deviated. */
  gtk_editable_set_text (GTK_EDITABLE (reason_row), "Veilig Thuis is al betrokken en meldt zelf.");
  WAIT_UNTIL (mc_case_find_norm_override (fixture->case_, 1, "norm-unsafety-report") != NULL);
  override = mc_case_find_norm_override (fixture->case_, 1, "norm-unsafety-report");
  g_assert_cmpint (mc_record_get_id (MC_RECORD (override)), >, 0);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (override), "reason"), ==, "Veilig Thuis is al betrokken en meldt zelf.");
  deviated = g_strdup_printf (T ("Deviated: %s"), "Veilig Thuis is al betrokken en meldt zelf.");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (state_row)), ==, deviated);
  g_assert_false (gtk_widget_has_css_class (state_row, "error"));
  g_assert_false (step_misses (fixture, 5, rule->text));
  {
    g_autoptr(McCase) loaded = reload (fixture);
    g_autoptr(GPtrArray) checks = mc_case_check_meldnormen (loaded, fixture->protocol);
    McNormOverride *stored = mc_case_find_norm_override (loaded, 1, "norm-unsafety-report");

    g_assert_nonnull (stored);
    g_assert_cmpint (mc_record_get_integer (MC_RECORD (stored), "round"), ==, 1);
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (stored), "rule-id"), ==, "norm-unsafety-report");
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (stored), "reason"), ==, "Veilig Thuis is al betrokken en meldt zelf.");
    for (guint i = 0; i < checks->len; i++)
      {
        McRuleCheck *check = g_ptr_array_index (checks, i);

        if (check->rule == rule)
          g_assert_cmpint (check->state, ==, MC_RULE_OVERRIDDEN);
      }
  }
  scroll_to (fixture, named (page, "meldnormen"));
  screenshot (fixture, "step-5-deviated");

  /* Changed: the same override, the new reason. */
  gtk_editable_set_text (GTK_EDITABLE (reason_row), "Veilig Thuis meldt zelf; dat is afgesproken.");
  mc_test_activate (reason_row);
  g_assert_true (mc_case_find_norm_override (fixture->case_, 1, "norm-unsafety-report") == override);
  {
    g_autoptr(McCase) loaded = reload (fixture);

    g_assert_cmpstr (mc_record_get_string (MC_RECORD (mc_case_find_norm_override (loaded, 1, "norm-unsafety-report")), "reason"),
                     ==, "Veilig Thuis meldt zelf; dat is afgesproken.");
  }
  changed = g_strdup_printf (T ("Deviated: %s"), "Veilig Thuis meldt zelf; dat is afgesproken.");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (state_row)), ==, changed);

  /* Emptied: no override, broken again. */
  gtk_editable_set_text (GTK_EDITABLE (reason_row), "");
  mc_test_activate (reason_row);
  g_assert_null (mc_case_find_norm_override (fixture->case_, 1, "norm-unsafety-report"));
  {
    g_autoptr(McCase) loaded = reload (fixture);

    g_assert_null (mc_case_find_norm_override (loaded, 1, "norm-unsafety-report"));
  }
  g_assert_true (gtk_widget_has_css_class (state_row, "error"));
  g_assert_true (step_misses (fixture, 5, rule->text));

  /* Deciding to report keeps the norm: it goes. */
  answer (named (page, "decision-report"), MC_ANSWER_YES);
  g_assert_false (gtk_widget_is_visible (state_row));
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* A reason to deviate typed just before a lock, with no pause in typing,
 * is saved (it was lost: the editor saved only its own bindings). */
static void
test_steps_reason_saved_on_lock (Fixture       *fixture,
                                 gconstpointer  data)
{
  static const char * const forms[] = { "form-honour-violence", NULL };
  g_autoptr(McCase) loaded = NULL;
  McNormOverride *stored;
  GtkWidget *page;
  GtkWidget *reason_row;

  open_case (fixture, 14, forms, TRUE);
  page = step_page (fixture, 5);
  answer (named (page, "decision-report"), MC_ANSWER_NO);
  reason_row = require (page, match_rule_reason, "norm-unsafety-report");
  g_assert_true (gtk_widget_is_visible (reason_row));
  gtk_editable_set_text (GTK_EDITABLE (reason_row), "Veilig Thuis is al betrokken.");
  g_assert_null (mc_case_find_norm_override (fixture->case_, 1, "norm-unsafety-report"));

  mc_case_page_set_case (fixture->page, NULL, NULL, NULL);
  loaded = reload (fixture);
  stored = mc_case_find_norm_override (loaded, 1, "norm-unsafety-report");
  g_assert_nonnull (stored);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (stored), "reason"), ==, "Veilig Thuis is al betrokken.");
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* Help offered and decided: the evaluation date is asked and required; an
 * evaluation round starts from the page, round 1 becomes read-only and
 * its summary shows; question 5 = no leads to a new report round. */
static void
test_steps_rounds (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *evaluation_missing = T ("The help is offered: set the date on which it is evaluated (question 5).");
  g_autofree char *round_1 = NULL;
  g_autofree char *round_2 = NULL;
  g_autofree char *round_3 = NULL;
  g_autofree char *answer_from = NULL;
  GtkWidget *page;
  GtkWidget *expander;
  McRecord *first;
  AdwMessageDialog *dialog;
  g_autoptr(GError) error = NULL;

  open_case (fixture, 30, NULL, FALSE);
  page = step_page (fixture, 5);
  round_1 = g_strdup_printf (T ("Decision round %u · %s"), 1, TC ("decision round", "first decision"));
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (named (page, "decision-round"))), ==, round_1);
  g_assert_false (gtk_widget_is_visible (named (page, "evaluation-on")));
  g_assert_false (gtk_widget_is_visible (named (page, "start-evaluation")));

  answer_question (page, "question-suspicion", MC_ANSWER_YES);
  answer_question (page, "question-unsafety", MC_ANSWER_NO);
  answer_question (page, "question-help-possible", MC_ANSWER_YES);
  answer_question (page, "question-help-accepted", MC_ANSWER_YES);

  /* Help offered: the evaluation date is asked for, and missing. */
  g_assert_true (gtk_widget_is_visible (named (page, "evaluation-on")));
  g_assert_true (step_misses (fixture, 5, evaluation_missing));
  answer (named (page, "decision-report"), MC_ANSWER_NO);
  answer (named (page, "decision-help"), MC_ANSWER_YES);
  first = MC_RECORD (mc_case_get_decision (fixture->case_));
  g_assert_cmpint (mc_record_get_id (first), >, 0);
  type_text (page, T ("Why you decided this"), "De ouders willen hulp en werken mee.");
  wait_string (first, "justification", "De ouders willen hulp en werken mee.");
  type_entry (page, T ("Evaluation date (day-month-year)"), "1-3-2026");
  g_assert_cmpstr (mc_record_get_string (first, "evaluation-on"), ==, "2026-03-01");
  g_assert_false (step_misses (fixture, 5, evaluation_missing));

  /* The evaluation: asked first, then a round of its own. */
  g_assert_true (gtk_widget_is_visible (named (page, "start-evaluation")));
  g_assert_false (gtk_widget_is_visible (named (page, "start-report-again")));
  click (named (page, "start-evaluation"));
  WAIT_UNTIL ((dialog = message_dialog ()) != NULL);
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (mc_case_get_current_round (fixture->case_), ==, 1);
  click (named (page, "start-evaluation"));
  WAIT_UNTIL ((dialog = message_dialog ()) != NULL);
  adw_message_dialog_response (dialog, "start");
  g_assert_cmpuint (mc_case_get_current_round (fixture->case_), ==, 2);
  g_assert_nonnull (mc_record_get_string (first, "sealed-at"));
  round_2 = g_strdup_printf (T ("Decision round %u · %s"), 2, TC ("decision round", "evaluation"));
  WAIT_UNTIL (g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (named (page, "decision-round"))),
                         round_2) == 0);

  /* Round 1: a summary that cannot be edited; the store refuses it too. */
  expander = named (page, "round-1");
  g_assert_true (gtk_widget_is_visible (named (page, "round-1")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), ==, round_1);
  g_assert_null (mc_test_find_widget (expander, match_type, GSIZE_TO_POINTER (GTK_TYPE_EDITABLE)));
  g_assert_null (mc_test_find_widget (expander, match_type, GSIZE_TO_POINTER (MC_TYPE_ANSWER_BUTTONS)));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (expander, T ("Why")))), ==,
                   "De ouders willen hulp en werken mee.");
  mc_record_set_string (first, "justification", "Later anders opgeschreven.");
  g_assert_false (mc_store_update_field (fixture->store, first, "justification", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  mc_record_set_string (first, "justification", "De ouders willen hulp en werken mee.");

  /* Questions 1 to 4 stand from round 1; question 5 is asked. */
  answer_from = g_strdup_printf (T ("Answer from decision round %u"), 1);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (answer_buttons_in (named (page, "question-help-accepted")))));
  g_assert_cmpint (mc_answer_buttons_get_answer (answer_buttons_in (named (page, "question-help-accepted"))), ==, MC_ANSWER_YES);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (named (page, "question-help-accepted"))), ==, answer_from);
  g_assert_true (gtk_widget_is_visible (named (page, "question-help-results")));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (answer_buttons_in (named (page, "question-help-results")))));
  /* A collapsed row lays out none of its rows (issue 18: they were most of
   * opening a case); they show the moment it opens. */
  g_assert_false (gtk_widget_is_visible (row (expander, T ("Why"))));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  g_assert_true (gtk_widget_is_visible (row (expander, T ("Why"))));
  scroll_to (fixture, named (page, "round-1"));
  screenshot (fixture, "step-5-earlier-round");

  /* Question 5 = no: report again, in round 3, from question 1. */
  answer_question (page, "question-help-results", MC_ANSWER_NO);
  g_assert_true (gtk_widget_is_visible (named (page, "start-report-again")));
  g_assert_false (gtk_widget_is_visible (named (page, "start-evaluation")));
  click (named (page, "start-report-again"));
  WAIT_UNTIL ((dialog = message_dialog ()) != NULL);
  adw_message_dialog_response (dialog, "start");
  g_assert_cmpuint (mc_case_get_current_round (fixture->case_), ==, 3);
  round_3 = g_strdup_printf (T ("Decision round %u · %s"), 3, TC ("decision round", "new report"));
  WAIT_UNTIL (g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (named (page, "decision-round"))),
                         round_3) == 0);
  g_assert_true (gtk_widget_is_visible (named (page, "round-2")));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (answer_buttons_in (named (page, "question-suspicion")))));
  g_assert_cmpint (mc_answer_buttons_get_answer (answer_buttons_in (named (page, "question-suspicion"))), ==, MC_ANSWER_UNKNOWN);

  {
    g_autoptr(McCase) loaded = reload (fixture);

    g_assert_cmpuint (mc_case_get_current_round (loaded), ==, 3);
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (mc_case_get_round_decision (loaded, 2)), "kind"), ==, "evaluation");
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (mc_case_get_round_decision (loaded, 3)), "kind"), ==, "report-again");
    g_assert_cmpint (mc_record_get_answer (MC_RECORD (mc_case_find_round_afweging_answer (loaded, 2, "question-help-results")), "answer"),
                     ==, MC_ANSWER_NO);
  }
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* "After the report" shows only once the decision is to report, and keeps
 * what Veilig Thuis did. */
static void
test_steps_after_report (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *group;
  McRecord *decision;

  open_case (fixture, 14, NULL, FALSE);
  page = step_page (fixture, 5);
  group = named (page, "after-report");
  g_assert_false (gtk_widget_is_visible (group));
  answer (named (page, "decision-report"), MC_ANSWER_NO);
  g_assert_false (gtk_widget_is_visible (group));
  answer (named (page, "decision-report"), MC_ANSWER_YES);
  g_assert_true (gtk_widget_is_visible (group));
  decision = MC_RECORD (mc_case_get_decision (fixture->case_));

  type_entry (group, T ("Date of the report (day-month-year)"), "12-11-2025");
  choose_in (row (group, T ("How you reported")), T ("By phone, then with the form"));
  type_entry (group, T ("Reference of Veilig Thuis"), "VT-2025-0815");
  type_entry (group, T ("Who at Veilig Thuis took the report"), "Mevrouw Bakker");
  choose_in (row (group, T ("Response of Veilig Thuis")), T ("Takes the report on"));
  type_text (group, T ("Agreements with Veilig Thuis: who tells the family, who does what"),
             "Veilig Thuis informeert de ouders; Eva blijft de begeleiding doen.");
  type_entry (group, T ("Date of the feedback (day-month-year)"), "19-11-2025");
  type_text (group, T ("Feedback from Veilig Thuis"), "Onderzoek gestart.");
  wait_string (decision, "vt-agreements", "Veilig Thuis informeert de ouders; Eva blijft de begeleiding doen.");
  wait_string (decision, "feedback", "Onderzoek gestart.");
  scroll_to (fixture, group);
  screenshot (fixture, "step-5-after-report");

  {
    g_autoptr(McCase) loaded = reload (fixture);
    McRecord *d = MC_RECORD (mc_case_get_decision (loaded));

    g_assert_cmpstr (mc_record_get_string (d, "reported-on"), ==, "2025-11-12");
    g_assert_cmpstr (mc_record_get_string (d, "report-method"), ==, "phone-and-form");
    g_assert_cmpstr (mc_record_get_string (d, "vt-reference"), ==, "VT-2025-0815");
    g_assert_cmpstr (mc_record_get_string (d, "vt-contact"), ==, "Mevrouw Bakker");
    g_assert_cmpstr (mc_record_get_string (d, "vt-response"), ==, "takes-on");
    g_assert_cmpstr (mc_record_get_string (d, "vt-agreements"), ==, "Veilig Thuis informeert de ouders; Eva blijft de begeleiding doen.");
    g_assert_cmpstr (mc_record_get_string (d, "feedback-on"), ==, "2025-11-19");
    g_assert_cmpstr (mc_record_get_string (d, "feedback"), ==, "Onderzoek gestart.");
  }

  answer (named (page, "decision-report"), MC_ANSWER_NO);
  g_assert_false (gtk_widget_is_visible (group));
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* An agreement gets an owner and a state; the day it was checked comes
 * along; the done check and the state stay in step. */
/* The report buttons lie inside their box, at the window's width and at a
 * narrow one: a box given less width than it was measured at lets them
 * spill over the next group. */
static void
check_report_buttons_inside (Fixture   *fixture,
                             GtkWidget *page)
{
  static const int widths[] = { 900, 420 };
  GtkWidget *box = mc_test_find_descendant (page, GTK_TYPE_FLOW_BOX);

  g_assert_nonnull (box);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      guint n = 0;

      gtk_window_set_default_size (fixture->window, widths[w], 1000);
      mc_test_settle ();
      for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          graphene_rect_t bounds;

          if (!gtk_widget_get_visible (child))
            continue;
          g_assert_true (gtk_widget_compute_bounds (child, box, &bounds));
          g_assert_cmpfloat (bounds.origin.y, >=, 0);
          g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (box));
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (box));
          n++;
        }
      g_assert_cmpuint (n, ==, 3);
    }
  gtk_window_set_default_size (fixture->window, widths[0], 1000);
  mc_test_settle ();
}

static void
test_steps_agreements (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *today = iso_today ();
  GtkWidget *page;
  GtkWidget *expander;
  GtkWidget *state;
  McRecord *follow_up;

  open_case (fixture, 14, NULL, FALSE);
  page = step_page (fixture, 5);
  click (require (page, mc_test_is_button_content_labelled, T ("_Add Agreement")));
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_follow_ups (fixture->case_)), ==, 1);
  follow_up = g_list_model_get_item (mc_case_get_follow_ups (fixture->case_), 0);
  g_object_unref (follow_up);
  expander = gtk_widget_get_ancestor (row (page, T ("What was agreed, and who does it")), ADW_TYPE_EXPANDER_ROW);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (expander)));
  g_assert_true (has_focus_in (fixture, row (expander, T ("What was agreed, and who does it"))));

  type_entry (expander, T ("What was agreed, and who does it"), "Huisbezoek om de veiligheid te volgen");
  type_entry (expander, T ("Who does it (name)"), "Eva de Wit");
  type_entry (expander, T ("Their role or function"), "Begeleider");
  type_entry (expander, T ("Due date (day-month-year)"), "1-12-2025");
  g_assert_cmpstr (mc_record_get_string (follow_up, "owner-name"), ==, "Eva de Wit");
  g_assert_cmpstr (mc_record_get_string (follow_up, "owner-role"), ==, "Begeleider");

  state = row (expander, T ("State of the agreement"));
  g_assert_cmpstr (combo_shows (state), ==, TC ("agreement state", "Open"));
  g_assert_false (gtk_widget_is_visible (row (expander, T ("Note on the state"))));
  choose_in (state, TC ("agreement state", "Not done"));
  g_assert_cmpstr (mc_record_get_string (follow_up, "state"), ==, "not-done");
  g_assert_false (mc_record_get_boolean (follow_up, "done"));
  g_assert_cmpstr (mc_record_get_string (follow_up, "checked-on"), ==, today);
  g_assert_true (gtk_widget_is_visible (row (expander, T ("Note on the state"))));
  type_entry (expander, T ("Note on the state"), "Moeder was niet thuis; nieuwe afspraak gemaakt.");
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (expander)), "Eva de Wit · "));
  scroll_to (fixture, expander);
  screenshot (fixture, "step-5-agreement");
  check_report_buttons_inside (fixture, page);

  {
    g_autoptr(McCase) loaded = reload (fixture);
    g_autoptr(McRecord) stored = g_list_model_get_item (mc_case_get_follow_ups (loaded), 0);

    g_assert_cmpstr (mc_record_get_string (stored, "description"), ==, "Huisbezoek om de veiligheid te volgen");
    g_assert_cmpstr (mc_record_get_string (stored, "owner-name"), ==, "Eva de Wit");
    g_assert_cmpstr (mc_record_get_string (stored, "owner-role"), ==, "Begeleider");
    g_assert_cmpstr (mc_record_get_string (stored, "due-on"), ==, "2025-12-01");
    g_assert_cmpstr (mc_record_get_string (stored, "state"), ==, "not-done");
    g_assert_cmpstr (mc_record_get_string (stored, "state-note"), ==, "Moeder was niet thuis; nieuwe afspraak gemaakt.");
    g_assert_cmpstr (mc_record_get_string (stored, "checked-on"), ==, today);
  }

  /* Ticked done: the state follows, and back. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (require (expander, match_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON))), TRUE);
  g_assert_cmpstr (mc_record_get_string (follow_up, "state"), ==, "done");
  g_assert_cmpstr (combo_shows (state), ==, TC ("agreement state", "Done"));
  choose_in (state, TC ("agreement state", "Open"));
  g_assert_false (mc_record_get_boolean (follow_up, "done"));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (require (expander, match_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON)))));
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* A person added after the case was made, with a role in use (not a
 * retired one), can be picked in step 3; the band's advice and the warning
 * for a partner that does not fit; special forms ticked in step 1 reach
 * step 4. */
static void
test_steps_people (Fixture       *fixture,
                   gconstpointer  data)
{
  const McProtocolBand *band = mc_protocol_find_band (fixture->protocol, 14);
  const McProtocolItem *retired = mc_protocol_lookup_item (fixture->protocol, "legal-representative");
  const McProtocolItem *parent = mc_protocol_lookup_item (fixture->protocol, "parent-with-gezag");
  const McProtocolItem *household = mc_protocol_lookup_item (fixture->protocol, "household-member");
  g_autofree char *parent_label = NULL;
  g_autofree char *household_label = NULL;
  GtkWidget *page;
  GtkWidget *people;
  GtkWidget *expander;
  GtkWidget *partner;
  GtkWidget *proposal;
  McRecord *person;
  McRecord *conversation;
  gint64 person_id;

  g_assert_nonnull (band);
  g_assert_true (retired->retired);
  open_case (fixture, 14, NULL, FALSE);
  page = step_page (fixture, 1);
  people = named (page, "people");
  click (require (people, mc_test_is_button_content_labelled, T ("Add _Person")));
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_people (fixture->case_)), ==, 1);
  person = g_list_model_get_item (mc_case_get_people (fixture->case_), 0);
  g_object_unref (person);
  person_id = mc_record_get_id (person);
  g_assert_cmpint (person_id, >, 0);
  expander = require (people, match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW));
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (expander)));
  g_assert_true (has_focus_in (fixture, row (expander, T ("Name"))));

  type_entry (expander, T ("Name"), "Kees Jansen");
  g_assert_false (combo_has (row (expander, TC ("person", "Role")), retired->label));
  g_assert_true (combo_has (row (expander, TC ("person", "Role")), parent->label));
  choose_in (row (expander, TC ("person", "Role")), parent->label);
  type_entry (expander, T ("Date of birth (day-month-year)"), "2-5-1984");
  type_entry (expander, T ("Relation to the client"), "Vader");
  g_assert_cmpstr (mc_record_get_string (person, "name"), ==, "Kees Jansen");
  g_assert_cmpstr (mc_record_get_string (person, "role"), ==, "parent-with-gezag");
  g_assert_cmpstr (mc_record_get_string (person, "birth-date"), ==, "1984-05-02");
  g_assert_cmpstr (mc_record_get_string (person, "relation"), ==, "Vader");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), ==, "Kees Jansen");
  mc_test_settle ();
  check_row_title (expander);
  /* A name longer than the row is wide wraps, whole, in the row. */
  {
    g_autoptr(GString) long_name = g_string_new ("Kees");

    while (long_name->len < 400)
      g_string_append (long_name, " van der Jansen-Pietersen");
    type_entry (expander, T ("Name"), long_name->str);
    mc_test_settle ();
    check_row_title (expander);
    g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (mc_row_title_get_title (mc_row_title_for_row (ADW_EXPANDER_ROW (expander))))),
                     >, 1);
    type_entry (expander, T ("Name"), "Kees Jansen");
    mc_test_settle ();
    check_row_title (expander);
  }

  /* A special form, after the case was made. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (named (named (page, "special-forms"), "form-honour-violence")), TRUE);
  g_assert_true (g_strv_contains (mc_record_get_lines (MC_RECORD (fixture->case_), "suspected-forms"), "form-honour-violence"));
  scroll_to (fixture, people);
  screenshot (fixture, "step-1-people");
  {
    g_autoptr(McCase) loaded = reload (fixture);
    g_autoptr(McRecord) stored = g_list_model_get_item (mc_case_get_people (loaded), 0);

    g_assert_cmpstr (mc_record_get_string (stored, "name"), ==, "Kees Jansen");
    g_assert_cmpstr (mc_record_get_string (stored, "role"), ==, "parent-with-gezag");
    g_assert_cmpstr (mc_record_get_string (stored, "relation"), ==, "Vader");
    g_assert_true (g_strv_contains (mc_record_get_lines (MC_RECORD (loaded), "suspected-forms"), "form-honour-violence"));
  }
  g_assert_true (gtk_widget_is_visible (row (step_page (fixture, 4), "Eergerelateerd geweld")));

  /* Step 3: the band of a 14-year-old, and Kees to pick. */
  page = step_page (fixture, 3);
  proposal = row (page, T ("Hold the conversation with the client and the legal representatives"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (proposal)), band->text));
  partner = named (page, "conversation-partner");
  parent_label = g_strdup_printf (T ("%s (%s)"), "Kees Jansen", parent->label);
  g_assert_cmpstr (combo_shows (partner), ==, TC ("conversation partner", "The client"));
  choose_in (partner, parent_label);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_conversations (fixture->case_)), ==, 1);
  conversation = g_list_model_get_item (mc_case_get_conversations (fixture->case_), 0);
  g_object_unref (conversation);
  g_assert_cmpint (mc_record_get_integer (conversation, "person-id"), ==, person_id);
  type_entry (page, T ("Date (day-month-year)"), "10-11-2025");
  g_assert_false (gtk_widget_is_visible (named (page, "conversation-fit")));
  screenshot (fixture, "step-3-band");

  /* Someone the band does not name: a warning. */
  step_page (fixture, 1);
  choose_in (row (expander, TC ("person", "Role")), household->label);
  page = step_page (fixture, 3);
  household_label = g_strdup_printf (T ("%s (%s)"), "Kees Jansen", household->label);
  g_assert_cmpstr (combo_shows (partner), ==, household_label);
  g_assert_true (gtk_widget_is_visible (named (page, "conversation-fit")));
  scroll_to (fixture, named (page, "conversation-partner"));
  screenshot (fixture, "step-3-does-not-fit");
  {
    g_autoptr(McCase) loaded = reload (fixture);
    g_autoptr(McRecord) stored = g_list_model_get_item (mc_case_get_conversations (loaded), 0);

    g_assert_cmpint (mc_record_get_integer (stored, "person-id"), ==, person_id);
  }
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* What Veilig Thuis's form asks of a person (address, gezag, school, open
 * melden) and of the case (support network, other information), with the
 * "niet voor de familie" marks: edited in step 1, saved, audited, and in
 * the report. */
static void
test_steps_person_form (Fixture       *fixture,
                        gconstpointer  data)
{
  const McProtocolChecklist *exceptions = mc_protocol_get_checklist (fixture->protocol,
                                                                      MC_CHECKLIST_INFORMING_EXCEPTIONS);
  const McProtocolItem *exception = g_ptr_array_index (exceptions->items, 0);
  g_autoptr(McReport) report = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  GtkWidget *page;
  GtkWidget *people;
  GtkWidget *expander;
  GtkWidget *sections;
  McRecord *person;
  McRecord *case_;
  gboolean audited = FALSE;

  open_case (fixture, 9, NULL, FALSE);
  case_ = MC_RECORD (fixture->case_);
  page = step_page (fixture, 1);
  people = named (page, "people");
  click (require (people, mc_test_is_button_content_labelled, T ("Add _Person")));
  person = g_list_model_get_item (mc_case_get_people (fixture->case_), 0);
  g_object_unref (person);
  expander = require (people, match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW));

  type_entry (expander, T ("Name"), "Kees Jansen");
  type_entry (expander, T ("Address"), "Dorpsstraat 1, Deventer");
  type_entry (expander, T ("School, day care or day activity"), "Basisschool De Regenboog");
  answer (row (expander, T ("Has parental authority (gezag)")), MC_ANSWER_YES);
  answer (row (expander, T ("Informed of the report")), MC_ANSWER_NO);
  choose_in (row (expander, T ("Not informed, because")), exception->label);
  gtk_switch_set_active (GTK_SWITCH (require (row (expander, T ("Not for the family")), match_type,
                                              GSIZE_TO_POINTER (GTK_TYPE_SWITCH))), TRUE);
  g_assert_cmpstr (mc_record_get_string (person, "address"), ==, "Dorpsstraat 1, Deventer");
  g_assert_cmpstr (mc_record_get_string (person, "school"), ==, "Basisschool De Regenboog");
  g_assert_cmpint (mc_record_get_answer (person, "gezag"), ==, MC_ANSWER_YES);
  g_assert_cmpint (mc_record_get_answer (person, "informed"), ==, MC_ANSWER_NO);
  g_assert_cmpstr (mc_record_get_string (person, "informed-exception"), ==, exception->id);
  g_assert_true (mc_record_get_boolean (person, "not-for-family"));

  sections = named (page, "form-sections");
  type_text (sections, T ("Support network"), "Oma Riet vangt de kinderen op.");
  wait_string (case_, "support-network", "Oma Riet vangt de kinderen op.");
  type_text (sections, T ("Other information"), "Het gezin verhuist.");
  wait_string (case_, "other-information", "Het gezin verhuist.");
  gtk_switch_set_active (GTK_SWITCH (require (named (sections, "support-network-not-for-family"), match_type,
                                              GSIZE_TO_POINTER (GTK_TYPE_SWITCH))), TRUE);
  g_assert_true (mc_record_get_boolean (case_, "support-network-not-for-family"));
  scroll_to (fixture, sections);
  screenshot (fixture, "step-1-form-sections");

  {
    g_autoptr(McCase) loaded = reload (fixture);
    g_autoptr(McRecord) stored = g_list_model_get_item (mc_case_get_people (loaded), 0);

    g_assert_cmpstr (mc_record_get_string (stored, "address"), ==, "Dorpsstraat 1, Deventer");
    g_assert_cmpstr (mc_record_get_string (stored, "school"), ==, "Basisschool De Regenboog");
    g_assert_cmpint (mc_record_get_answer (stored, "gezag"), ==, MC_ANSWER_YES);
    g_assert_cmpint (mc_record_get_answer (stored, "informed"), ==, MC_ANSWER_NO);
    g_assert_cmpstr (mc_record_get_string (stored, "informed-exception"), ==, exception->id);
    g_assert_true (mc_record_get_boolean (stored, "not-for-family"));
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "support-network"), ==,
                     "Oma Riet vangt de kinderen op.");
    g_assert_true (mc_record_get_boolean (MC_RECORD (loaded), "support-network-not-for-family"));
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "other-information"), ==,
                     "Het gezin verhuist.");

    report = mc_report_new_from_case (loaded, fixture->protocol, "Eva de Wit", NULL, now, &error);
    g_assert_no_error (error);
  }
  /* In the report, and out of the family copy. */
  g_assert_cmpstr (((McReportPerson *) g_ptr_array_index (report->people, 0))->address, ==,
                   "Dorpsstraat 1, Deventer");
  g_assert_true (((McReportPerson *) g_ptr_array_index (report->people, 0))->not_for_family);
  {
    g_autoptr(McReport) family = mc_report_family_copy (report);

    g_assert_cmpuint (family->people->len, ==, 0);
    g_assert_null (family->support_network.text);
    g_assert_cmpstr (family->other_information.text, ==, "Het gezin verhuist.");
  }

  /* Every change is in the case's history. */
  history = mc_store_list_case_history (fixture->store, mc_record_get_id (case_), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      const McHistoryEntry *entry = g_ptr_array_index (history, i);

      audited |= g_strcmp0 (entry->field, "address") == 0;
    }
  g_assert_true (audited);
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* The client's own details in step 1: saved, the header follows, an
 * empty name is refused, and a date of birth that makes a recorded
 * conversation unfit for the age band says so. */
static void
test_steps_client (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(McConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) birth = g_date_new ();
  g_autofree char *typed = NULL;
  g_autofree char *birth_iso = NULL;
  g_autofree char *today = iso_today ();
  g_autofree char *age_text = NULL;
  GtkWidget *page;
  GtkWidget *client;

  open_case (fixture, 14, NULL, FALSE);
  /* A conversation with the client, which a 14-year-old's band names. */
  conversation = mc_conversation_new (mc_record_get_id (MC_RECORD (fixture->case_)));
  mc_record_set_string (MC_RECORD (conversation), "held-on", today);
  mc_record_set_string (MC_RECORD (conversation), "discussed", "De zorgen");
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (conversation), &error));
  g_assert_no_error (error);
  mc_case_add_child (fixture->case_, MC_RECORD (conversation));
  g_assert_true (mc_case_conversation_fits_band (fixture->case_, fixture->protocol, conversation));

  page = step_page (fixture, 1);
  client = named (page, "client");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (client, T ("Name")))), ==, "Sam Jansen");
  g_assert_false (gtk_widget_is_visible (named (client, "client-age-warning")));

  type_entry (client, T ("Name"), "Sam de Vries");
  type_entry (client, T ("Client number"), "C-2041");
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (fixture->case_), "client-name"), ==, "Sam de Vries");
  g_assert_nonnull (require (GTK_WIDGET (fixture->page), match_label_prefix, "Sam de Vries"));
  g_assert_false (gtk_widget_is_visible (named (client, "client-age-warning")));

  /* Five years old: the band names the parents, not the client. */
  g_date_set_time_t (birth, time (NULL));
  g_date_subtract_years (birth, 5);
  typed = g_strdup_printf ("%d-%d-%d", g_date_get_day (birth), g_date_get_month (birth), g_date_get_year (birth));
  birth_iso = mc_date_to_iso8601 (birth);
  type_entry (client, T ("Date of birth (day-month-year)"), typed);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (fixture->case_), "birth-date"), ==, birth_iso);
  g_assert_false (mc_case_conversation_fits_band (fixture->case_, fixture->protocol, conversation));
  g_assert_true (gtk_widget_is_visible (named (client, "client-age-warning")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (named (client, "client-age-warning"))), ==,
                   T ("The client's age has changed: a recorded conversation no longer fits the age. Check step 3."));
  age_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year old", "%d years old", 5), 5);
  g_assert_nonnull (require (GTK_WIDGET (fixture->page), match_label_prefix, age_text));
  scroll_to (fixture, named (page, "people"));
  screenshot (fixture, "step-1-client");
  {
    g_autoptr(McCase) loaded = reload (fixture);

    g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "client-name"), ==, "Sam de Vries");
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "client-number"), ==, "C-2041");
    g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "birth-date"), ==, birth_iso);
  }
  g_assert_cmpuint (fixture->errors, ==, 0);

  /* Back to 14: it fits again. */
  {
    g_autofree char *fourteen = iso_years_ago (14);
    GDate date;

    g_date_clear (&date, 1);
    g_assert_true (mc_date_from_iso8601 (fourteen, &date));
    g_free (typed);
    typed = g_strdup_printf ("%d-%d-%d", g_date_get_day (&date), g_date_get_month (&date), g_date_get_year (&date));
    type_entry (client, T ("Date of birth (day-month-year)"), typed);
    g_assert_false (gtk_widget_is_visible (named (client, "client-age-warning")));
  }

  /* The store refuses an empty name; the field says so. */
  type_entry (client, T ("Name"), "");
  g_assert_true (gtk_widget_has_css_class (row (client, T ("Name")), "error"));
  g_assert_cmpuint (fixture->errors, ==, 1);
  {
    g_autoptr(McCase) loaded = reload (fixture);

    g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "client-name"), ==, "Sam de Vries");
  }
}

static void
open_case_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  Fixture *fixture = user_data;

  fixture->opened_case_id = g_variant_get_int64 (parameter);
}

/* A linked case shows in the header with its number; the button asks the
 * app to open it. */
static void
test_steps_linked_case (Fixture       *fixture,
                        gconstpointer  data)
{
  static const GActionEntry actions[] = {
    { "open-case", open_case_activated_cb, "x", NULL, NULL, { 0 } },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(McCase) other = mc_case_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  GtkWidget *button;
  gint64 other_id;

  mc_record_set_string (MC_RECORD (other), "client-name", "Lotte Jansen");
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (other), &error));
  g_assert_no_error (error);
  other_id = mc_record_get_id (MC_RECORD (other));
  g_assert_nonnull (mc_record_get_string (MC_RECORD (other), "number"));

  open_case (fixture, 30, NULL, FALSE);
  g_action_map_add_action_entries (G_ACTION_MAP (group), actions, G_N_ELEMENTS (actions), fixture);
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "app", G_ACTION_GROUP (group));
  button = named (GTK_WIDGET (fixture->page), "linked-case");
  g_assert_false (gtk_widget_get_visible (button));

  mc_record_set_integer (MC_RECORD (fixture->case_), "linked-case-id", other_id);
  g_assert_true (mc_store_update_field (fixture->store, MC_RECORD (fixture->case_), "linked-case-id", &error));
  g_assert_no_error (error);

  label = g_strdup_printf (T ("Linked case: %s"), mc_record_get_string (MC_RECORD (other), "number"));
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, label);
  WAIT_UNTIL (gtk_widget_get_mapped (button) && gtk_widget_is_sensitive (button));
  mc_test_activate (button);
  WAIT_UNTIL (fixture->opened_case_id != 0);
  g_assert_cmpint (fixture->opened_case_id, ==, other_id);
  {
    g_autoptr(McCase) loaded = reload (fixture);

    g_assert_cmpint (mc_record_get_integer (MC_RECORD (loaded), "linked-case-id"), ==, other_id);
  }
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* Removed: gone from the store and from the conversation held with them. */

static void
test_steps_remove_person (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *people;
  GtkWidget *remove = NULL;
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  g_autoptr(McConversation) conversation = NULL;
  g_autoptr(McPerson) person = NULL;
  g_autoptr(GError) error = NULL;

  open_case (fixture, 30, NULL, FALSE);
  person = mc_person_new (mc_record_get_id (MC_RECORD (fixture->case_)));
  mc_record_set_string (MC_RECORD (person), "name", "Jan Visser");
  mc_record_set_string (MC_RECORD (person), "role", "mentor");
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (person), &error));
  mc_case_add_child (fixture->case_, MC_RECORD (person));
  conversation = mc_conversation_new (mc_record_get_id (MC_RECORD (fixture->case_)));
  mc_record_set_integer (MC_RECORD (conversation), "person-id", mc_record_get_id (MC_RECORD (person)));
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (conversation), &error));
  g_assert_no_error (error);
  mc_case_add_child (fixture->case_, MC_RECORD (conversation));

  /* An adult with a mentor: the mentor is named with the band's advice. */
  page = step_page (fixture, 3);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (page, T ("Hold the conversation with the client")))),
                            "Jan Visser (Mentor)"));

  page = step_page (fixture, 1);
  people = named (page, "people");
  mc_test_collect_widgets (people, widgets);
  for (guint i = 0; i < widgets->len && remove == NULL; i++)
    if (GTK_IS_BUTTON (g_ptr_array_index (widgets, i))
        && g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (widgets, i)), T ("Remove Person")) == 0)
      remove = g_ptr_array_index (widgets, i);
  g_assert_nonnull (remove);
  click (remove);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_people (fixture->case_)), ==, 0);
  g_assert_cmpint (mc_record_get_integer (MC_RECORD (conversation), "person-id"), ==, 0);
  {
    g_autoptr(McCase) loaded = reload (fixture);
    g_autoptr(McRecord) stored = g_list_model_get_item (mc_case_get_conversations (loaded), 0);

    g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_people (loaded)), ==, 0);
    g_assert_cmpint (mc_record_get_integer (stored, "person-id"), ==, 0);
  }
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* An interpretation is confirmed or refuted, on a day. */
static void
test_steps_interpretation (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *today = iso_today ();
  GtkWidget *page;
  GtkWidget *expander;
  GtkWidget *status;
  McRecord *signal;

  open_case (fixture, 14, NULL, FALSE);
  page = step_page (fixture, 1);
  click (require (page, mc_test_is_button_content_labelled, T ("_Add Signal")));
  signal = g_list_model_get_item (mc_case_get_signals (fixture->case_), 0);
  g_object_unref (signal);
  expander = require (page, match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW));
  status = row (expander, T ("Status of the interpretation"));
  g_assert_false (gtk_widget_is_visible (status));
  choose_in (row (expander, T ("Fact or interpretation")), T ("Interpretation: what I think it means"));
  g_assert_true (gtk_widget_is_visible (status));
  g_assert_true (gtk_widget_is_visible (row (expander, T ("Confirmed or refuted on (day-month-year)"))));
  g_assert_cmpstr (combo_shows (status), ==, TC ("interpretation", "Open"));
  choose_in (status, TC ("interpretation", "Confirmed"));
  g_assert_cmpstr (mc_record_get_string (signal, "status"), ==, "confirmed");
  g_assert_cmpstr (mc_record_get_string (signal, "status-on"), ==, today);
  type_entry (expander, T ("Confirmed or refuted on (day-month-year)"), "4-11-2025");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (expander)), T ("Interpretation, confirmed")));
  {
    g_autoptr(McCase) loaded = reload (fixture);
    g_autoptr(McRecord) stored = g_list_model_get_item (mc_case_get_signals (loaded), 0);

    g_assert_cmpstr (mc_record_get_string (stored, "nature"), ==, "interpretation");
    g_assert_cmpstr (mc_record_get_string (stored, "status"), ==, "confirmed");
    g_assert_cmpstr (mc_record_get_string (stored, "status-on"), ==, "2025-11-04");
  }
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* Concern in the kindcheck: a new case for the child, linked to this
 * one. */
static void
test_steps_kindcheck (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *concern;
  g_autoptr(McCase) child = NULL;
  g_autoptr(GError) error = NULL;

  open_case (fixture, 34, NULL, FALSE);
  page = step_page (fixture, 1);
  concern = named (page, "kindcheck-new-case");
  g_assert_false (gtk_widget_is_visible (concern));
  answer (row (page, mc_protocol_lookup_item (fixture->protocol, "kindcheck-concern")->label), MC_ANSWER_YES);
  g_assert_true (gtk_widget_is_visible (concern));
  click (require (concern, mc_test_is_button_with_label, T ("_New Case for This Child")));
  g_assert_nonnull (fixture->new_case_dialog);
  g_assert_true (gtk_widget_is_visible (named (GTK_WIDGET (fixture->new_case_dialog), "linked-case")));
  gtk_editable_set_text (GTK_EDITABLE (row (GTK_WIDGET (fixture->new_case_dialog), T ("Name or pseudonym"))), "Lotte Jansen");
  click (require (GTK_WIDGET (fixture->new_case_dialog), mc_test_is_button_with_label, T ("C_reate")));
  g_assert_cmpint (fixture->created_id, >, 0);
  g_assert_null (fixture->new_case_dialog);
  child = mc_store_load_case (fixture->store, fixture->created_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_record_get_integer (MC_RECORD (child), "linked-case-id"), ==,
                   mc_record_get_id (MC_RECORD (fixture->case_)));
  g_assert_cmpuint (fixture->errors, ==, 0);
}

/* The new-case dialog lists VGV once, and no retired role. */
static void
test_steps_new_case_dialog (Fixture       *fixture,
                            gconstpointer  data)
{
  McNewCaseDialog *dialog;
  GtkWidget *dropdown;
  GListModel *roles;
  const McProtocolItem *retired = mc_protocol_lookup_item (fixture->protocol, "legal-representative");

  dialog = mc_new_case_dialog_new (NULL, fixture->store, fixture->protocol);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpuint (count_rows_titled (GTK_WIDGET (dialog), "Vrouwelijke genitale verminking"), ==, 1);

  /* A 15-year-old: the advice of that age band only. */
  {
    g_autoptr(GDate) birth = g_date_new ();
    g_autofree char *human = NULL;
    g_autofree char *title = NULL;

    g_date_set_time_t (birth, time (NULL));
    g_date_subtract_years (birth, 15);
    human = mc_date_to_human (birth);
    gtk_editable_set_text (GTK_EDITABLE (row (GTK_WIDGET (dialog), T ("Date of birth (day-month-year)"))), human);
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year old", "%d years old", 15), 15);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (GTK_WIDGET (dialog), title))), ==,
                     mc_protocol_find_band (fixture->protocol, 15)->text);
  }
  g_assert_false (gtk_widget_is_visible (named (GTK_WIDGET (dialog), "linked-case")));
  click (require (GTK_WIDGET (dialog), mc_test_is_button_content_labelled, T ("_Add")));
  dropdown = mc_test_find_widget (GTK_WIDGET (dialog), match_type, GSIZE_TO_POINTER (ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (dropdown);
  roles = adw_combo_row_get_model (ADW_COMBO_ROW (dropdown));
  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (roles), i), !=, retired->label);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A closed case: what the pages added takes no input. */
static void
test_steps_closed (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const forms[] = { "form-honour-violence", NULL };
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  open_case (fixture, 30, forms, TRUE);
  page = step_page (fixture, 5);
  answer (named (page, "decision-report"), MC_ANSWER_NO);
  g_assert_true (gtk_widget_is_sensitive (require (page, match_rule_reason, "norm-unsafety-report")));
  g_assert_true (mc_store_close_case (fixture->store, fixture->case_, "worries-gone", NULL, NULL, &error));
  g_assert_no_error (error);
  /* As the window shows it again. */
  mc_case_page_set_case (fixture->page, fixture->store, fixture->protocol, fixture->case_);

  page = step_page (fixture, 5);
  g_assert_false (gtk_widget_is_sensitive (require (page, match_rule_reason, "norm-unsafety-report")));
  g_assert_false (gtk_widget_is_sensitive (require (page, mc_test_is_button_content_labelled, T ("_Add Agreement"))));
  page = step_page (fixture, 1);
  g_assert_false (gtk_widget_is_sensitive (require (named (page, "people"), mc_test_is_button_content_labelled, T ("Add _Person"))));
  g_assert_false (gtk_widget_is_sensitive (named (named (page, "special-forms"), "form-honour-violence")));
  page = step_page (fixture, 3);
  g_assert_false (gtk_widget_is_sensitive (named (page, "conversation-partner")));
}

/* Each control the pages added has a name for assistive technologies, and
 * none is a label with a mnemonic underscore. */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
      || gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      /* A mnemonic's underscore is not read out only when GTK leaves it
       * out: these have a label of their own. */
      if (gtk_button_get_use_underline (GTK_BUTTON (widget)))
        return FALSE;
      if (gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
        return TRUE;
      if (child != NULL && GTK_IS_LABEL (child))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_EDITABLE (widget) || GTK_IS_TEXT_VIEW (widget) || GTK_IS_CHECK_BUTTON (widget)
         || GTK_IS_TOGGLE_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_BUTTON (widget)
         || ADW_IS_COMBO_ROW (widget);
}

static void
test_steps_accessible (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const forms[] = { "form-honour-violence", NULL };
  const char * const roots[] = { "client", "people", "special-forms", "meldnormen", "after-report", "decision-round",
                                 "conversation-partner", "kindcheck-new-case", "start-evaluation" };
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  guint checked = 0;
  guint failed = 0;
  GtkWidget *page;

  open_case (fixture, 34, forms, TRUE);
  page = step_page (fixture, 1);
  click (require (named (page, "people"), mc_test_is_button_content_labelled, T ("Add _Person")));
  click (require (page, mc_test_is_button_content_labelled, T ("_Add Signal")));
  answer (row (page, mc_protocol_lookup_item (fixture->protocol, "kindcheck-concern")->label), MC_ANSWER_YES);
  page = step_page (fixture, 5);
  click (require (page, mc_test_is_button_content_labelled, T ("_Add Agreement")));
  answer (named (page, "decision-report"), MC_ANSWER_NO);
  step_page (fixture, 3);

  for (guint r = 0; r < G_N_ELEMENTS (roots); r++)
    {
      GtkWidget *root = named (GTK_WIDGET (fixture->page), roots[r]);

      g_ptr_array_add (widgets, root);
      mc_test_collect_widgets (root, widgets);
    }
  /* The agreements' and the signals' rows. */
  mc_test_collect_widgets (require (step_page (fixture, 5), match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW)), widgets);

  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (!is_control (widget) || !gtk_widget_get_visible (widget))
        continue;
      /* An entry row's own text is named by the binding; the row is not
       * what has the focus. */
      if (ADW_IS_ENTRY_ROW (widget))
        continue;
      checked++;
      if (!has_accessible_name (widget))
        {
          g_test_message ("no accessible name: %s %s in %s", G_OBJECT_TYPE_NAME (widget), gtk_widget_get_name (widget),
                          G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
          failed++;
        }
    }

  g_test_message ("%u controls checked", checked);
  g_assert_cmpuint (checked, >, 30);
  g_assert_cmpuint (failed, ==, 0);
}

/* Wrapping labels measured width-for-height (performance)
 *
 * GTK 4.8's GtkBoxLayout, allocating a horizontal box, asks each child for
 * its width at the box's height; a wrapping GtkLabel answers that with a
 * binary search that lays its whole text out some 20 times, at every
 * allocation. In a step page no such label may be longer than this unless
 * it is bounded (mc_label_bound()). See HACKING.md, "Performance": even
 * the short titles of rows cost, by their number, so N is 0. */
#define MAX_WRAPPED_CHARS_IN_ROW 0

static gboolean
laid_out (GtkWidget *widget,
          GtkWidget *root)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      if (!gtk_widget_get_visible (widget))
        return FALSE;
      if (widget == root)
        break;
    }
  return TRUE;
}

static GtkWidget *
horizontal_box_ancestor (GtkWidget *widget,
                         GtkWidget *root)
{
  for (GtkWidget *a = gtk_widget_get_parent (widget); a != NULL; a = gtk_widget_get_parent (a))
    {
      GtkLayoutManager *layout = gtk_widget_get_layout_manager (a);

      if (layout != NULL && GTK_IS_BOX_LAYOUT (layout)
          && gtk_orientable_get_orientation (GTK_ORIENTABLE (layout)) == GTK_ORIENTATION_HORIZONTAL)
        return a;
      if (a == root)
        break;
    }
  return NULL;
}

/* The wrapping labels under @root, laid out, longer than @max characters,
 * in a horizontal box; each is told with its length and its path. */
static guint
count_costly_labels (GtkWidget  *root,
                     const char *where,
                     guint       max)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  guint n = 0;

  mc_test_collect_widgets (root, widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);
      GtkWidget *box;
      glong length;

      if (!GTK_IS_LABEL (widget) || !gtk_label_get_wrap (GTK_LABEL (widget)) || !laid_out (widget, root)
          || mc_label_is_bounded (GTK_LABEL (widget)))
        continue;
      length = g_utf8_strlen (gtk_label_get_text (GTK_LABEL (widget)), -1);
      box = horizontal_box_ancestor (widget, root);
      if (box == NULL || length <= (glong) max)
        continue;
      n++;
      if (n <= 10)
      {
        g_autoptr(GString) path = g_string_new (NULL);

        for (GtkWidget *a = widget; a != NULL && a != root; a = gtk_widget_get_parent (a))
          g_string_prepend (path, G_OBJECT_TYPE_NAME (a)), g_string_prepend (path, a == widget ? "" : " > ");
        g_test_message ("%s: %ld characters in a horizontal %s: %s", where, length,
                        G_OBJECT_TYPE_NAME (box), path->str);
      }
    }
  return n;
}

/* Every step page, and rows added while a page is shown. Without the
 * bounding there were 78 such labels in the five pages. */
static void
test_steps_measure_cost (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const forms[] = { "form-honour-violence", NULL };
  guint total = 0;
  guint rows_before;
  GtkWidget *page;

  open_case (fixture, 34, forms, TRUE);
  for (guint step = 1; step <= 5; step++)
    {
      g_autofree char *where = g_strdup_printf ("step %u", step);
      g_autofree char *heading = g_strdup_printf (T ("Step %u · %s"), step, "");

      page = step_page (fixture, step);
      mc_test_settle ();
      total += count_costly_labels (page, where, MAX_WRAPPED_CHARS_IN_ROW);
      /* The step's heading, in a horizontal box with the guidance button
       * (the first such label in the case page: the header comes first). */
      g_assert_true (mc_label_is_bounded (GTK_LABEL (require (GTK_WIDGET (fixture->page),
                                                              match_label_prefix, heading))));
    }
  g_assert_cmpuint (total, ==, 0);

  /* A person, a signal and an agreement added on the page shown. */
  page = step_page (fixture, 1);
  rows_before = count_rows_titled (page, "");
  click (require (named (page, "people"), mc_test_is_button_content_labelled, T ("Add _Person")));
  click (require (page, mc_test_is_button_content_labelled, T ("_Add Signal")));
  mc_test_settle ();
  g_assert_cmpuint (count_rows_titled (page, ""), >, rows_before);
  g_assert_cmpuint (count_costly_labels (page, "step 1, rows added", MAX_WRAPPED_CHARS_IN_ROW), ==, 0);
  page = step_page (fixture, 5);
  rows_before = count_rows_titled (page, "");
  click (require (page, mc_test_is_button_content_labelled, T ("_Add Agreement")));
  mc_test_settle ();
  g_assert_cmpuint (count_rows_titled (page, ""), >, rows_before);
  g_assert_cmpuint (count_costly_labels (page, "step 5, rows added", MAX_WRAPPED_CHARS_IN_ROW), ==, 0);
}

/* New information after a decision without help or report: the round can
 * be weighed again, from question 1, in a round of its own. */
static void
test_steps_reweigh (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *round_2 = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *page;

  open_case (fixture, 30, NULL, FALSE);
  page = step_page (fixture, 5);
  /* No decision yet: nothing to weigh again. */
  g_assert_false (gtk_widget_is_visible (named (page, "start-reweigh")));

  answer_question (page, "question-suspicion", MC_ANSWER_NO);
  answer (named (page, "decision-report"), MC_ANSWER_NO);
  answer (named (page, "decision-help"), MC_ANSWER_NO);
  g_assert_cmpint (mc_record_get_id (MC_RECORD (mc_case_get_decision (fixture->case_))), >, 0);
  g_assert_true (gtk_widget_is_visible (named (page, "start-reweigh")));
  g_assert_false (gtk_widget_is_visible (named (page, "start-evaluation")));
  g_assert_false (gtk_widget_is_visible (named (page, "start-report-again")));

  click (named (page, "start-reweigh"));
  WAIT_UNTIL ((dialog = message_dialog ()) != NULL);
  adw_message_dialog_response (dialog, "start");
  g_assert_cmpuint (mc_case_get_current_round (fixture->case_), ==, 2);
  round_2 = g_strdup_printf (T ("Decision round %u · %s"), 2, TC ("decision round", "new weighing"));
  WAIT_UNTIL (g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (named (page, "decision-round"))),
                         round_2) == 0);
  /* From the first question, with the new round still undecided. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (answer_buttons_in (named (page, "question-suspicion")))));
  g_assert_cmpint (mc_answer_buttons_get_answer (answer_buttons_in (named (page, "question-suspicion"))), ==, MC_ANSWER_UNKNOWN);
  g_assert_false (gtk_widget_is_visible (named (page, "start-reweigh")));

  {
    g_autoptr(McCase) loaded = reload (fixture);

    g_assert_cmpstr (mc_record_get_string (MC_RECORD (mc_case_get_round_decision (loaded, 2)), "kind"), ==, "reweigh");
    g_assert_nonnull (mc_record_get_string (MC_RECORD (mc_case_get_round_decision (loaded, 1)), "sealed-at"));
  }
  g_assert_cmpuint (fixture->errors, ==, 0);
}

int
main (int argc, char *argv[])
{
  const char *language = g_getenv ("MC_TEST_LANGUAGE");

  if (language != NULL)
    {
      g_autofree char *lang = g_strdup_printf ("%s_%s.UTF-8", language, g_ascii_strup (language, -1));

      g_setenv ("LANGUAGE", language, TRUE);
      g_setenv ("LC_ALL", lang, TRUE);
      mc_i18n_init ();
    }
  else
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_setenv ("LANGUAGE", "C", TRUE);
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/steps/meldnormen", Fixture, NULL, fixture_setup, test_steps_meldnormen, fixture_teardown);
  g_test_add ("/ui/steps/reason-saved-on-lock", Fixture, NULL, fixture_setup, test_steps_reason_saved_on_lock, fixture_teardown);
  g_test_add ("/ui/steps/rounds", Fixture, NULL, fixture_setup, test_steps_rounds, fixture_teardown);
  g_test_add ("/ui/steps/reweigh", Fixture, NULL, fixture_setup, test_steps_reweigh, fixture_teardown);
  g_test_add ("/ui/steps/after-report", Fixture, NULL, fixture_setup, test_steps_after_report, fixture_teardown);
  g_test_add ("/ui/steps/agreements", Fixture, NULL, fixture_setup, test_steps_agreements, fixture_teardown);
  g_test_add ("/ui/steps/people", Fixture, NULL, fixture_setup, test_steps_people, fixture_teardown);
  g_test_add ("/ui/steps/client", Fixture, NULL, fixture_setup, test_steps_client, fixture_teardown);
  g_test_add ("/ui/steps/person-form", Fixture, NULL, fixture_setup, test_steps_person_form, fixture_teardown);
  g_test_add ("/ui/steps/linked-case", Fixture, NULL, fixture_setup, test_steps_linked_case, fixture_teardown);
  g_test_add ("/ui/steps/remove-person", Fixture, NULL, fixture_setup, test_steps_remove_person, fixture_teardown);
  g_test_add ("/ui/steps/interpretation", Fixture, NULL, fixture_setup, test_steps_interpretation, fixture_teardown);
  g_test_add ("/ui/steps/kindcheck", Fixture, NULL, fixture_setup, test_steps_kindcheck, fixture_teardown);
  g_test_add ("/ui/steps/new-case-dialog", Fixture, NULL, fixture_setup, test_steps_new_case_dialog, fixture_teardown);
  g_test_add ("/ui/steps/closed", Fixture, NULL, fixture_setup, test_steps_closed, fixture_teardown);
  g_test_add ("/ui/steps/measure-cost", Fixture, NULL, fixture_setup, test_steps_measure_cost, fixture_teardown);
  g_test_add ("/ui/steps/accessible", Fixture, NULL, fixture_setup, test_steps_accessible, fixture_teardown);

  return g_test_run ();
}
