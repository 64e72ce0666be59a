/* test-ui-keyboard.c: a case from the first start on, by keyboard alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the application under Xvfb and drives it with key events only:
 * XTest presses keys on the X server, which sends them to the window that
 * has the input focus, and GDK and GTK handle them as they handle a
 * person's (input methods, key bindings, shortcuts, focus chain). Nothing
 * is clicked, activated or focused by the test itself.
 *
 * On the way it asserts the focus model (HACKING.md, "Keyboard and screen
 * reader"): where the focus is after each action (first start, recovery
 * key, new case, a step opened with Alt+1…5, a row added, a delete and
 * its undo, locking), that it is never on the header bar, that Shift+Tab
 * leaves every text view it meets, and it counts the Tab stops of each
 * step (printed: "tab stops: step N: M in the step, T in the window").
 */

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>

#include "mc-afwegingskader-view.h"
#include "mc-answer-buttons.h"
#include "mc-application.h"
#include "mc-case-page.h"
#include "mc-consultations-page.h"
#include "mc-conversation-page.h"
#include "mc-decision-page.h"
#include "mc-new-case-dialog.h"
#include "mc-setup-page.h"
#include "mc-signals-page.h"
#include "mc-text-field.h"
#include "mc-unlock-page.h"
#include "mc-weighing-page.h"
#include "mc-window.h"
#include "mc-test-ui.h"
#include "mc-test-util.h"

#define PASSPHRASE "Zonnige dinsdag in Hoogeveen"
/* More Tab presses than any window has stops: a cycle that does not come
 * round is a trap. */
#define MAX_TABS 400

typedef struct
{
  /* Every key pressed, and the Tabs among them. */
  guint          n_presses;
  guint          n_tabs;
  gint64         last_press;
  McApplication *app;
  McWindow      *window;
  char          *store_dir;
  guint          keys_released;
  gboolean       ran;
} Run;

static Run *the_run;

/* Keys */

static Display *
x_display (void)
{
  return gdk_x11_display_get_xdisplay (gdk_display_get_default ());
}

static void
on_key_released_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    Run                   *run)
{
  run->keys_released++;
}

/* Hears every key release that reaches @window, in the capture phase,
 * before any widget: the test waits for each key to have been handled. */
static void
listen (GtkWindow *window)
{
  GtkEventController *keys;

  if (g_object_get_data (G_OBJECT (window), "test-listening") != NULL)
    return;
  g_object_set_data (G_OBJECT (window), "test-listening", GINT_TO_POINTER (TRUE));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-released", G_CALLBACK (on_key_released_cb), the_run);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
}

/* Every window, as it comes: a key pressed in one may be released in
 * the dialog it opened. */
static void
on_toplevels_changed_cb (GListModel *toplevels,
                         guint       position,
                         guint       removed,
                         guint       added,
                         gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      listen (window);
    }
}

/* Gives @window the X input focus, as a window manager would when it is
 * presented (Xvfb has none), and waits until GTK knows. */
static void
x_focus (GtkWindow *window)
{
  GdkSurface *surface;

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  listen (window);
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  XSetInputFocus (x_display (), gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XSync (x_display (), False);
  WAIT_UNTIL (gtk_window_is_active (window));
}

static gboolean
window_alive (GWeakRef *ref)
{
  g_autoptr(GtkWindow) window = g_weak_ref_get (ref);

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static GtkWindow *active_window (void);

/* What a window manager does when a dialog goes: the focus back to the
 * window that stays (the newest mapped one). */
static void
give_back_focus (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *last = NULL;

  if (active_window () != NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_mapped (GTK_WIDGET (window)))
        last = window;
    }
  if (last != NULL)
    x_focus (last);
}

static void
x_key (KeySym  keysym,
       Bool    down)
{
  KeyCode code = XKeysymToKeycode (x_display (), keysym);

  g_assert_cmpuint (code, !=, 0);
  XTestFakeKeyEvent (x_display (), code, down, CurrentTime);
}

/* Presses and releases @keysym with @modifiers held, and waits until the
 * application has handled it and gone idle. */
static void
press (KeySym          keysym,
       GdkModifierType modifiers)
{
  guint before = the_run->keys_released;
  GtkWindow *target = active_window ();
  GWeakRef target_ref;
  gint64 settle_until;

  g_assert_nonnull (target);
  g_weak_ref_init (&target_ref, target);
  the_run->n_presses++;
  if (keysym == XK_Tab)
    the_run->n_tabs++;
  the_run->last_press = g_get_monotonic_time ();

  if (modifiers & GDK_CONTROL_MASK)
    x_key (XK_Control_L, True);
  if (modifiers & GDK_ALT_MASK)
    x_key (XK_Alt_L, True);
  if (modifiers & GDK_SHIFT_MASK)
    x_key (XK_Shift_L, True);
  x_key (keysym, True);
  x_key (keysym, False);
  if (modifiers & GDK_SHIFT_MASK)
    x_key (XK_Shift_L, False);
  if (modifiers & GDK_ALT_MASK)
    x_key (XK_Alt_L, False);
  if (modifiers & GDK_CONTROL_MASK)
    x_key (XK_Control_L, False);
  XSync (x_display (), False);

  /* The key's own release, or the window it went to went with the press
   * (Enter in a dialog). */
  WAIT_UNTIL (the_run->keys_released > before || !window_alive (&target_ref));
  g_weak_ref_clear (&target_ref);
  settle_until = g_get_monotonic_time () + 5 * 1000;
  while (g_get_monotonic_time () < settle_until || g_main_context_pending (NULL))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  give_back_focus ();
}

/* Types @text (ASCII) key by key, with Shift where the keymap needs it. */
static void
type (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      KeySym keysym = gdk_unicode_to_keyval ((guint32) (guchar) *p);
      KeyCode code = XKeysymToKeycode (x_display (), keysym);
      gboolean shifted;

      g_assert_cmpuint (code, !=, 0);
      shifted = XkbKeycodeToKeysym (x_display (), code, 0, 0) != keysym;
      press (keysym, shifted ? GDK_SHIFT_MASK : 0);
    }
}

/* Where the focus is */

static GtkWindow *
active_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_is_active (window))
        return window;
    }
  return NULL;
}

static GtkWidget *
focus (void)
{
  GtkWindow *window = active_window ();

  g_assert_nonnull (window);
  return gtk_root_get_focus (GTK_ROOT (window));
}

static const char *
describe (GtkWidget *widget)
{
  static char text[256];
  GtkWidget *row;

  if (widget == NULL)
    return "nothing";
  row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);
  g_snprintf (text, sizeof text, "%s%s%s%s", G_OBJECT_TYPE_NAME (widget),
              row != NULL ? " in “" : "",
              row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : "",
              row != NULL ? "”" : "");
  return text;
}

/* The focus model's first rule: the focus is somewhere, with its ring
 * once a key has been pressed or the application moved it, and never on a
 * header bar. */
static gboolean ring_expected;

static void
assert_focus_ok (const char *after)
{
  GtkWidget *widget = focus ();

  if (widget == NULL)
    g_error ("After %s the focus is lost", after);
  if (gtk_widget_get_ancestor (widget, ADW_TYPE_HEADER_BAR) != NULL
      || gtk_widget_get_ancestor (widget, GTK_TYPE_HEADER_BAR) != NULL)
    g_error ("After %s the focus is on the header bar: %s", after, describe (widget));
  /* GTK hides the ring 3 s after the last key press (gtkwindow.c,
   * VISIBLE_FOCUS_DURATION): on a busy machine the check can come later. */
  if (ring_expected && !gtk_window_get_focus_visible (active_window ())
      && g_get_monotonic_time () - the_run->last_press < 5 * G_USEC_PER_SEC / 2)
    g_error ("After %s the focus on %s shows no ring", after, describe (widget));
}

static gboolean
in_row_titled (GtkWidget  *widget,
               const char *title)
{
  GtkWidget *row = widget != NULL ? gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW) : NULL;

  return row != NULL && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0;
}

static void
assert_focus_in_row (const char *after,
                     const char *title)
{
  assert_focus_ok (after);
  if (!in_row_titled (focus (), title))
    g_error ("After %s the focus is on %s, not in “%s”", after, describe (focus ()), title);
}

static gboolean
is_button_labelled (GtkWidget  *widget,
                    const char *label)
{
  GtkWidget *child;

  if (widget == NULL || !GTK_IS_BUTTON (widget))
    return FALSE;
  if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return TRUE;
  child = gtk_button_get_child (GTK_BUTTON (widget));
  return ADW_IS_BUTTON_CONTENT (child)
         && g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)), label) == 0;
}

static gboolean
has_tooltip (GtkWidget  *widget,
             const char *tooltip)
{
  return widget != NULL && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

typedef gboolean (*FocusMatch) (GtkWidget  *widget,
                                const char *text);

/* Tabs on until the focus is on what @match accepts: the way a person
 * gets to a control. Returns the presses it took. */
static guint
tab_to (FocusMatch  match,
        const char *text)
{
  for (guint presses = 0; presses < MAX_TABS; presses++)
    {
      if (match (focus (), text))
        return presses;
      press (XK_Tab, 0);
    }
  g_error ("Tab never reaches “%s”; the focus is on %s", text, describe (focus ()));
}

/* The case's step pages */

static McCasePage *
case_page (void)
{
  GtkWidget *page = mc_test_find_descendant (GTK_WIDGET (the_run->window), MC_TYPE_CASE_PAGE);

  g_assert_nonnull (page);
  return MC_CASE_PAGE (page);
}

static GType
step_type (guint step)
{
  switch (step)
    {
    case 1: return MC_TYPE_SIGNALS_PAGE;
    case 2: return MC_TYPE_CONSULTATIONS_PAGE;
    case 3: return MC_TYPE_CONVERSATION_PAGE;
    case 4: return MC_TYPE_WEIGHING_PAGE;
    case 5: return MC_TYPE_DECISION_PAGE;
    default: g_assert_not_reached ();
    }
}

static gboolean
in_step (GtkWidget *widget,
         guint      step)
{
  return widget != NULL && gtk_widget_get_ancestor (widget, step_type (step)) != NULL;
}

static gboolean
is_text_view (GtkWidget  *widget,
              const char *unused)
{
  return GTK_IS_TEXT_VIEW (widget);
}

/* Tabs once round the whole window from where the focus is, counting the
 * stops inside step @step and in all; at every text view met, Shift+Tab
 * must leave it and Tab come back. */
static void
count_stops (guint  step,
             guint *in_page,
             guint *in_window)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GtkWidget *start = focus ();
  guint presses;

  *in_page = 0;
  *in_window = 0;
  for (presses = 0; presses < MAX_TABS; presses++)
    {
      GtkWidget *widget;

      press (XK_Tab, 0);
      widget = focus ();
      g_assert_nonnull (widget);
      if (widget == start || !g_hash_table_add (seen, widget))
        break;
      (*in_window)++;
      if (in_step (widget, step))
        {
          (*in_page)++;
          g_test_message ("step %u stop %u: %s", step, *in_page, describe (widget));
        }

      if (GTK_IS_TEXT_VIEW (widget))
        {
          press (XK_Tab, GDK_SHIFT_MASK);
          if (focus () == widget)
            g_error ("Shift+Tab does not leave the text view %s in step %u", describe (widget), step);
          press (XK_Tab, 0);
          g_assert_true (focus () == widget);
        }
    }
  g_assert_cmpuint (presses, <, MAX_TABS);
}

/* The screens */

static void
first_start (Run *run)
{
  GtkWidget *window = GTK_WIDGET (run->window);
  GtkWidget *check;

  /* Dialogs and pages focus their first field. */
  assert_focus_in_row ("the first start", _("New Passphrase"));
  ring_expected = TRUE;
  type (PASSPHRASE);
  tab_to ((FocusMatch) in_row_titled, _("Repeat Passphrase"));
  type (PASSPHRASE);
  press (XK_Return, 0);
  WAIT_UNTIL_FOR ((check = mc_test_find_descendant (window, GTK_TYPE_CHECK_BUTTON)) != NULL
                  && gtk_widget_get_mapped (check), 120);
  mc_test_settle ();

  /* The recovery key: the check that it was kept, its ring showing. */
  assert_focus_ok ("the recovery key shows");
  g_assert_true (focus () == check);
  press (XK_space, 0);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  tab_to (is_button_labelled, _("C_ontinue"));
  press (XK_Return, 0);
  WAIT_UNTIL_FOR (mc_window_get_store (run->window) != NULL, 120);
  mc_test_settle ();
  g_test_message ("first start done");
}

static void
new_case (Run *run)
{
  GtkWindow *dialog;

  press (XK_n, GDK_CONTROL_MASK);
  WAIT_UNTIL ((dialog = active_window ()) != NULL && MC_IS_NEW_CASE_DIALOG (dialog));
  x_focus (dialog);
  mc_test_settle ();

  /* The name, with "Aanmaken" as the default: Enter creates. */
  assert_focus_in_row ("the new-case dialog opens", _("Name or pseudonym"));
  g_assert_true (is_button_labelled (gtk_window_get_default_widget (dialog), _("C_reate")));
  type ("Sem Jansen");
  press (XK_Return, 0);
  WAIT_UNTIL (active_window () == GTK_WINDOW (run->window));
  mc_test_settle ();

  /* Into the case's first step, never onto the header bar's lock. */
  assert_focus_ok ("a case is created");
  g_assert_cmpuint (mc_case_page_get_step (case_page ()), ==, 1);
  if (!in_step (focus (), 1))
    g_error ("After a case is created the focus is on %s, not in step 1", describe (focus ()));
}

static guint
n_rows_with_tooltip (GtkWidget  *root,
                     const char *tooltip)
{
  guint n = (gtk_widget_get_mapped (root) && has_tooltip (root, tooltip)) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += n_rows_with_tooltip (child, tooltip);
  return n;
}

static void
signals (Run *run)
{
  GtkWidget *page = GTK_WIDGET (case_page ());
  GtkWidget *added;

  /* A row added: its first field, in view. */
  tab_to (is_button_labelled, _("_Add Signal"));
  press (XK_Return, 0);
  added = focus ();
  assert_focus_ok ("a signal is added");
  g_assert_true (GTK_IS_TEXT_VIEW (added));
  g_assert_true (in_step (added, 1));
  type ("Blauwe plek.");
  /* Shift+Tab leaves it and Tab comes back. */
  press (XK_Tab, GDK_SHIFT_MASK);
  if (focus () == added)
    g_error ("Shift+Tab does not leave the new signal's text");
  assert_focus_ok ("Shift+Tab in a text view");
  press (XK_Tab, 0);
  g_assert_true (focus () == added);

  /* A second signal: its field, not the first one's. */
  tab_to (is_button_labelled, _("_Add Signal"));
  press (XK_Return, 0);
  g_assert_true (GTK_IS_TEXT_VIEW (focus ()));
  g_assert_false (focus () == added);
  type ("Geschreeuw.");
  g_assert_cmpuint (n_rows_with_tooltip (page, _("Remove Signal")), ==, 2);

  /* Removing one: on to the row that took its place; Ctrl+Z brings it
   * back, with the focus in it. */
  tab_to (has_tooltip, _("Remove Signal"));
  press (XK_Return, 0);
  WAIT_UNTIL (n_rows_with_tooltip (page, _("Remove Signal")) == 1);
  assert_focus_ok ("a signal is removed");
  g_assert_true (in_step (focus (), 1));
  press (XK_z, GDK_CONTROL_MASK);
  WAIT_UNTIL (n_rows_with_tooltip (page, _("Remove Signal")) == 2);
  mc_test_settle ();
  assert_focus_ok ("the removal is undone");
  g_assert_true (in_step (focus (), 1));
}

static void
steps (Run *run)
{
  static const KeySym digits[] = { XK_1, XK_2, XK_3, XK_4, XK_5 };
  /* The stops of each step of this case (two signals), as issue 17 left
   * them: 41, 6, 9, 11, 22 before the yes/no rows and the report's boxes
   * stopped taking the focus (36 and 9 in steps 1 and 3 then). Then
   * fields of Veilig Thuis's form came (issue 15), one stop each: in step
   * 1 the support network and other information and their two "niet voor
   * de familie" marks, in step 3 the conversation's mark. Fewer is better;
   * more fails. */
  static const guint most_stops[] = { 40, 6, 10, 9, 16 };

  for (guint step = 1; step <= 5; step++)
    {
      g_autofree char *after = g_strdup_printf ("Alt+%u", step);
      guint in_page, in_window;

      /* From the page of another step, and from inside this one. */
      press (digits[step - 1], GDK_ALT_MASK);
      mc_test_settle ();
      g_assert_cmpuint (mc_case_page_get_step (case_page ()), ==, step);
      assert_focus_ok (after);
      if (!in_step (focus (), step))
        g_error ("After %s the focus is on %s, not in step %u", after, describe (focus ()), step);
      press (digits[step - 1], GDK_ALT_MASK);
      g_assert_true (in_step (focus (), step));

      count_stops (step, &in_page, &in_window);
      g_test_message ("tab stops: step %u: %u in the step, %u in the window", step, in_page, in_window);
      g_print ("# tab stops: step %u: %u in the step, %u in the window\n", step, in_page, in_window);
      g_assert_cmpuint (in_page, <=, most_stops[step - 1]);
    }
}

/* Tabs on until the focus is on an answer button labelled @answer of the
 * question in the row titled @row_title (NULL: the first question of the
 * afwegingskader not answered yet). */
static guint
tab_to_answer (const char *row_title,
               const char *answer)
{
  for (guint presses = 0; presses < MAX_TABS; presses++)
    {
      GtkWidget *widget = focus ();
      GtkWidget *buttons = widget != NULL ? gtk_widget_get_ancestor (widget, MC_TYPE_ANSWER_BUTTONS) : NULL;

      if (buttons != NULL && is_button_labelled (widget, answer)
          && (row_title != NULL ? in_row_titled (widget, row_title)
              : (gtk_widget_get_ancestor (widget, MC_TYPE_AFWEGINGSKADER_VIEW) != NULL
                 && mc_answer_buttons_get_answer (MC_ANSWER_BUTTONS (buttons)) == MC_ANSWER_UNKNOWN)))
        return presses;
      press (XK_Tab, 0);
    }
  g_error ("Tab never reaches the answer “%s” of “%s”", answer, row_title != NULL ? row_title : "the next question");
}

/* A question of the afwegingskader shown and not answered yet. */
static gboolean
has_open_question (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return FALSE;
  if (MC_IS_ANSWER_BUTTONS (root))
    return gtk_widget_get_ancestor (root, MC_TYPE_AFWEGINGSKADER_VIEW) != NULL
           && mc_answer_buttons_get_answer (MC_ANSWER_BUTTONS (root)) == MC_ANSWER_UNKNOWN;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_open_question (child))
      return TRUE;
  return FALSE;
}

static gboolean
in_step_now (GtkWidget  *widget,
             const char *unused)
{
  return in_step (widget, mc_case_page_get_step (case_page ()));
}

/* Alt+@step, with the focus in the step's page after it. */
static void
open_step (guint step)
{
  static const KeySym digits[] = { XK_1, XK_2, XK_3, XK_4, XK_5 };
  g_autofree char *after = g_strdup_printf ("Alt+%u", step);

  press (digits[step - 1], GDK_ALT_MASK);
  mc_test_settle ();
  g_assert_cmpuint (mc_case_page_get_step (case_page ()), ==, step);
  assert_focus_ok (after);
  if (!in_step_now (focus (), NULL))
    g_error ("After %s the focus is on %s, not in step %u", after, describe (focus ()), step);
}

/* Types @text into the field of the row titled @title, reached by Tab. */
static void
fill_row (const char *title,
          const char *text)
{
  tab_to ((FocusMatch) in_row_titled, title);
  type (text);
  assert_focus_in_row (title, title);
}

/* Steps 2 to 5 filled in, by keyboard: a consultation, the conversation,
 * the weighing and the decision. */
static void
fill_steps (Run *run)
{
  GtkWidget *widget;

  /* Step 2: a consultation, added; the focus in its first field. */
  open_step (2);
  tab_to (is_button_labelled, _("_Add Consultation"));
  press (XK_Return, 0);
  mc_test_settle ();
  assert_focus_ok ("a consultation is added");
  if (!in_step (focus (), 2) || gtk_widget_get_ancestor (focus (), ADW_TYPE_EXPANDER_ROW) == NULL)
    g_error ("After a consultation is added the focus is on %s, not in its row", describe (focus ()));
  fill_row (_("Name (optional)"), "Jan de Boer");
  fill_row (_("Advice"), "Gesprek met moeder.");

  /* Step 3: the conversation. */
  open_step (3);
  fill_row (_("What was discussed"), "De signalen.");
  fill_row (_("Reaction"), "Moeder schrok.");

  /* Step 4: the weighing, with the answer buttons. */
  open_step (4);
  tab_to_answer (_("Acute unsafety"), C_("answer", "No"));
  press (XK_space, 0);
  widget = gtk_widget_get_ancestor (focus (), MC_TYPE_ANSWER_BUTTONS);
  g_assert_cmpint (mc_answer_buttons_get_answer (MC_ANSWER_BUTTONS (widget)), ==, MC_ANSWER_NO);
  assert_focus_ok ("an answer");
  tab_to_answer (_("Structural unsafety"), C_("answer", "Yes"));
  press (XK_space, 0);
  widget = gtk_widget_get_ancestor (focus (), MC_TYPE_ANSWER_BUTTONS);
  g_assert_cmpint (mc_answer_buttons_get_answer (MC_ANSWER_BUTTONS (widget)), ==, MC_ANSWER_YES);

  /* Step 5: the afwegingskader, each question that comes answered "yes",
   * then why. */
  open_step (5);
  for (guint answered = 0; has_open_question (GTK_WIDGET (case_page ())); answered++)
    {
      g_assert_cmpuint (answered, <, 5);
      tab_to_answer (NULL, C_("answer", "Yes"));
      press (XK_space, 0);
      mc_test_settle ();
      assert_focus_ok ("a question of the afwegingskader is answered");
      g_assert_true (in_step (focus (), 5));
    }
  fill_row (_("Why you decided this"), "Structurele onveiligheid.");
  g_test_message ("steps 2 to 5 filled in");
}

/* The decision report as PDF, from step 5's button: the file chooser by
 * keyboard, with the path typed into its name field. */
static void
export_pdf (Run *run)
{
  /* In the build tree: typed into /tmp, with hundreds of entries, the
   * chooser's completion takes minutes per key. */
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "keyboard-pdf-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  GtkWindow *chooser;
  gsize length = 0;

  g_assert_nonnull (g_mkdtemp (dir));
  path = g_build_filename (dir, "besluit.pdf", NULL);

  tab_to (is_button_labelled, _("Export as P_DF…"));
  press (XK_Return, 0);
  WAIT_UNTIL ((chooser = active_window ()) != NULL && GTK_IS_FILE_CHOOSER_DIALOG (chooser)
              && gtk_widget_get_mapped (GTK_WIDGET (chooser)));
  x_focus (chooser);
  mc_test_settle ();

  /* A file chooser for saving opens in its name field. */
  assert_focus_ok ("the file chooser opens");
  if (!GTK_IS_TEXT (focus ()))
    g_error ("The file chooser opens with the focus on %s, not in the name field", describe (focus ()));
  press (XK_a, GDK_CONTROL_MASK);
  type (path);
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  press (XK_Return, 0);
  /* The chooser goes when GTK has checked the name; the window manager's
   * part, the focus back, follows. */
  WAIT_UNTIL (chooser == NULL || !gtk_widget_get_mapped (GTK_WIDGET (chooser)));
  if (chooser != NULL)
    g_object_remove_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  give_back_focus ();
  WAIT_UNTIL (active_window () == GTK_WINDOW (run->window));
  WAIT_UNTIL_FOR (g_file_test (path, G_FILE_TEST_EXISTS), 60);
  mc_test_settle ();

  /* Back where it was, the report written. The ring comes with the next
   * key: GTK 4.8 gives the window its focus back without one, and this
   * the application does not move (known, HACKING.md). */
  ring_expected = FALSE;
  assert_focus_ok ("the PDF is exported");
  ring_expected = TRUE;
  if (!is_button_labelled (focus (), _("Export as P_DF…")))
    g_error ("After the export the focus is on %s, not on the export button", describe (focus ()));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_test_message ("exported %s (%" G_GSIZE_FORMAT " bytes) by keyboard", path, length);

  mc_test_remove_tree (dir);
}

static void
lock_and_unlock (Run *run)
{
  GtkWidget *window = GTK_WIDGET (run->window);

  press (XK_1, GDK_ALT_MASK);
  press (XK_l, GDK_CONTROL_MASK);
  WAIT_UNTIL (mc_window_get_store (run->window) == NULL);
  mc_test_settle ();

  /* The passphrase, and nothing of the case: no toast, no title. */
  assert_focus_in_row ("locking", _("Passphrase"));
  g_assert_null (mc_test_find_widget (window, (McTestMatchFunc) is_text_view, NULL));
  {
    GtkWidget *toast = mc_test_find_descendant (window, g_type_from_name ("AdwToastWidget"));

    g_assert_true (toast == NULL || !gtk_widget_get_mapped (toast));
  }
  g_assert_null (mc_test_find_widget (window, (McTestMatchFunc) is_button_labelled, "Sem Jansen"));

  type ("niet de goede");
  press (XK_Return, 0);
  WAIT_UNTIL_FOR (!mc_unlock_page_get_busy (MC_UNLOCK_PAGE (mc_test_find_descendant (window, MC_TYPE_UNLOCK_PAGE))),
                  120);
  mc_test_settle ();
  assert_focus_in_row ("a wrong passphrase", _("Passphrase"));
  press (XK_a, GDK_CONTROL_MASK);
  type (PASSPHRASE);
  press (XK_Return, 0);
  WAIT_UNTIL_FOR (mc_window_get_store (run->window) != NULL, 120);
  mc_test_settle ();
  /* The case opens again, at its step's first field. */
  assert_focus_ok ("unlocking");
  if (!in_step (focus (), mc_case_page_get_step (case_page ())))
    g_error ("After unlocking the focus is on %s, not in the case's step", describe (focus ()));
}

static void
on_activate (GApplication *app,
             Run          *run)
{
  run->window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (MC_IS_WINDOW (run->window));
  g_signal_connect (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (on_toplevels_changed_cb), NULL);
  on_toplevels_changed_cb (gtk_window_get_toplevels (), 0, 0,
                           g_list_model_get_n_items (gtk_window_get_toplevels ()), NULL);
  x_focus (GTK_WINDOW (run->window));
  mc_test_settle ();

  first_start (run);
  new_case (run);
  signals (run);
  steps (run);
  fill_steps (run);
  export_pdf (run);
  lock_and_unlock (run);
  g_print ("# key presses for the whole case: %u, %u of them Tab\n", run->n_presses, run->n_tabs);
  g_test_message ("key presses for the whole case: %u, %u of them Tab", run->n_presses, run->n_tabs);

  g_signal_handlers_disconnect_by_func (gtk_window_get_toplevels (), on_toplevels_changed_cb, NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  run->ran = TRUE;
}

static void
test_keyboard_case (void)
{
  g_autoptr(McApplication) app = NULL;
  GSettings *settings;
  Run run = { 0 };

  the_run = &run;
  run.store_dir = g_build_filename (g_get_tmp_dir (), "meldcode-test-keyboard-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (run.store_dir));
  g_assert_no_errno (g_rmdir (run.store_dir));

  app = mc_application_new ();
  run.app = app;
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  settings = mc_application_get_settings (app);
  g_settings_set_string (settings, "last-store-path", run.store_dir);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  g_settings_set_string (settings, "user-name", "Eva de Wit");
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &run);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (run.ran);

  mc_test_remove_tree (run.store_dir);
  g_free (run.store_dir);
  the_run = NULL;
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/keyboard/case", test_keyboard_case);

  return g_test_run ();
}
