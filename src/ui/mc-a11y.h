/* mc-a11y.h: names for a screen reader, and where the focus goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The focus model (HACKING.md, "Keyboard and screen reader") in one
 * place: every page moves the focus with these, so the ring shows and the
 * field scrolls into view.
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Gives each focusable widget below @root that has no accessible name of
 * its own the one a sighted user reads: a button's label without its
 * mnemonic, an icon button's tooltip, a check's or a drop-down's row
 * title, a list's group title. Also the widgets libadwaita makes inside
 * its rows and toasts (the password row's peek button, a toast's close
 * button), which have no API for a name. Safe to run again. */
void      mc_a11y_name_tree          (GtkWidget  *root);

/* Names every window of @app as it maps and again, on idle, as the focus
 * moves (pages and rows are built late). */
void      mc_a11y_watch_application  (GtkApplication *app);

/* Sets @widget's accessible name (NULL or "" leaves it as it is). */
void      mc_a11y_set_label          (GtkWidget  *widget,
                                      const char *label);

/* Names the row of a list view that holds @child (GTK's list item
 * widget, which has no API): @label, and @description when not NULL. For
 * a factory's bind, which the naming pass does not see. */
void      mc_a11y_name_list_item     (GtkWidget  *child,
                                      const char *label,
                                      const char *description);

/* Makes a check row one stop: the row takes the focus and toggles the
 * check, which is named @label and reports its state on the row. */
void      mc_a11y_check_row          (GtkWidget  *row,
                                      GtkWidget  *check,
                                      const char *label);

/* Moves the focus to @widget (a text row gives it to its text view),
 * shows the focus ring and scrolls @widget into view once it has been
 * laid out (a row just added has no place yet). */
void      mc_focus_widget            (GtkWidget  *widget);

/* Moves the focus to the first widget in @container that takes it;
 * FALSE when there is none. */
gboolean  mc_focus_first             (GtkWidget  *container);

/* A label a screen reader reads out when it shows, for status changes
 * (wrong passphrase, saved, exported, locked). GTK 4.8 has no live
 * regions and no announcement call: an accessible of role alert that
 * appears is read by Orca. Invisible on screen (put it in an overlay);
 * one per window. */
GtkWidget *mc_a11y_announcer_new     (void);

/* Says @message through @announcer (from mc_a11y_announcer_new()): it
 * appears with the text, and goes again after a while. */
void      mc_a11y_announce           (GtkWidget  *announcer,
                                      const char *message);

/* Shows @alert (a label of role alert, an error under a field) with its
 * current text so that a screen reader reads it, again if it was shown. */
void      mc_a11y_show_alert         (GtkWidget  *alert);

G_END_DECLS
