/* mc-test-ui.h: what the UI tests and benchmarks need
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Spins the main loop until @done holds; a test that hangs fails instead. */
#define WAIT_UNTIL(done) WAIT_UNTIL_FOR (done, 20)

/* The same, for up to @seconds: for a key derivation at the app's own
 * cost, which takes seconds alone and half a minute on a loaded machine. */
#define WAIT_UNTIL_FOR(done, seconds)                                   \
  G_STMT_START {                                                        \
    gint64 deadline_ = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    while (!(done))                                                     \
      {                                                                 \
        g_assert_cmpint (g_get_monotonic_time (), <, deadline_);        \
        g_main_context_iteration (NULL, FALSE);                         \
        g_usleep (1000);                                                \
      }                                                                 \
  } G_STMT_END

typedef gboolean (*McTestMatchFunc) (GtkWidget     *widget,
                                     gconstpointer  data);

/* The first widget in @root's tree (@root included) that @match accepts,
 * depth first. */
GtkWidget *mc_test_find_widget     (GtkWidget       *root,
                                    McTestMatchFunc  match,
                                    gconstpointer    data);

/* As mc_test_find_widget(), among the mapped widgets only (what a person
 * sees). */
GtkWidget *mc_test_find_mapped     (GtkWidget       *root,
                                    McTestMatchFunc  match,
                                    gconstpointer    data);

/* Every widget below @root (not @root), depth first, appended to @out. */
void       mc_test_collect_widgets (GtkWidget       *root,
                                    GPtrArray       *out);

/* The first mapped toplevel window of @type, or NULL. */
GtkWindow *mc_test_find_toplevel   (GType            type);

/* Matchers for the two above. @label: a button's label, the label of its
 * AdwButtonContent, or a label in its box (beside a spinner). */
gboolean   mc_test_is_button_labelled (GtkWidget     *widget,
                                       gconstpointer  label);
/* @title: an AdwPreferencesRow's title. */
gboolean   mc_test_is_row_titled      (GtkWidget     *widget,
                                       gconstpointer  title);
/* Narrower: a button whose own label is @label; a button whose
 * AdwButtonContent says @label; a widget named @name
 * (gtk_widget_set_name()); a label whose text is @text. */
gboolean   mc_test_is_button_with_label        (GtkWidget     *widget,
                                                gconstpointer  label);
gboolean   mc_test_is_button_content_labelled  (GtkWidget     *widget,
                                                gconstpointer  label);
gboolean   mc_test_is_named                    (GtkWidget     *widget,
                                                gconstpointer  name);
gboolean   mc_test_is_label_with_text          (GtkWidget     *widget,
                                                gconstpointer  text);
/* A button, or a menu button, with the tooltip @tooltip. */
gboolean   mc_test_is_button_with_tooltip      (GtkWidget     *widget,
                                                gconstpointer  tooltip);
gboolean   mc_test_is_menu_button_with_tooltip (GtkWidget     *widget,
                                                gconstpointer  tooltip);

/* The first widget of @type in @widget's tree, depth first; the lists
 * inside drop-downs are not searched. */
GtkWidget *mc_test_find_descendant (GtkWidget *widget,
                                    GType      type);

/* Activates @widget as a person does, with Enter or Space on it (or a
 * click): the test fails unless it and every widget above it can be used
 * there and then: visible, mapped, sensitive, targetable, not transparent
 * and with a size. A button says "clicked" when its activation ends, a
 * moment later: this waits for it, so the caller sees what it did. An
 * AdwEntryRow is activated through its text, as Enter in it does. */
void       mc_test_activate        (GtkWidget *widget);

/* Lets the main loop lay out, run transitions and draw for a moment. */
void       mc_test_settle          (void);

/* Activates @action on @parent and returns the window it opens over
 * @parent (a dialog of the app's own, a message dialog or a file chooser),
 * mapped and settled; the test fails when none opens. */
GtkWindow *mc_test_open_dialog     (GtkWindow  *parent,
                                    const char *action);

/* Closes @dialog as Escape does (a message dialog answers its close
 * response, so the action that opened it ends; a file chooser is
 * cancelled) and waits until it is gone. */
void       mc_test_close_dialog    (GtkWindow  *dialog);

/* Renders @widget (a window or a popover) as its native's renderer would
 * and writes it to @path as PNG; fails on a file that is not there or a
 * picture that is blank. */
void       mc_test_screenshot      (GtkWidget  *widget,
                                    const char *path);

G_END_DECLS
