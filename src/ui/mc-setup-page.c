/* mc-setup-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-setup-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-key-file.h"
#include "mc-limits.h"
#include "mc-setup-page.h"

struct _McSetupPage
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  AdwEntryRow         *user_name_row;
  AdwEntryRow         *user_role_row;
  AdwPasswordEntryRow *passphrase_row;
  AdwPasswordEntryRow *confirm_row;
  GtkLevelBar         *strength_bar;
  GtkLabel            *hint_label;
  GtkLabel            *error_label;
  GtkButton           *create_button;
  GtkSpinner          *spinner;
  GtkLabel            *recovery_key_label;
  GtkCheckButton      *kept_check;
  GtkButton           *finish_button;

  GSettings           *settings;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (McSetupPage, mc_setup_page, ADW_TYPE_BIN)

enum {
  CREATE,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* TRUE when the passphrase may be used; @hint says what to do otherwise. */
static gboolean
passphrase_acceptable (McSetupPage  *self,
                       char        **hint)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_name_row))));

  if (*name == '\0')
    {
      *hint = g_strdup (_("Enter your name and function: the history of each case and every "
                          "report name you as the one who did it."));
      return FALSE;
    }
  if (*passphrase == '\0')
    {
      *hint = g_strdup (_("Choose a passphrase of at least 10 characters; a short sentence is easy to remember and hard to guess."));
      return FALSE;
    }
  if (!mc_passphrase_check (passphrase, &error))
    {
      *hint = g_strdup (error->message);
      return FALSE;
    }
  if (*confirm == '\0')
    {
      *hint = g_strdup (_("Type the passphrase again to confirm it."));
      return FALSE;
    }
  if (g_strcmp0 (passphrase, confirm) != 0)
    {
      *hint = g_strdup (_("The two passphrases are not the same."));
      return FALSE;
    }

  *hint = NULL;
  return TRUE;
}

static void
limit_row (AdwEntryRow *row)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  if (delegate != NULL && GTK_IS_TEXT (delegate))
    gtk_text_set_max_length (GTK_TEXT (delegate), MC_LIMIT_NAME_CHARS);
}

static void
update_feedback (McSetupPage *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  g_autofree char *hint = NULL;
  gboolean acceptable;
  double level = 0;

  if (*passphrase != '\0')
    {
      switch (mc_passphrase_strength (passphrase))
        {
        case MC_PASSPHRASE_STRENGTH_WEAK: level = 1; break;
        case MC_PASSPHRASE_STRENGTH_FAIR: level = 2; break;
        case MC_PASSPHRASE_STRENGTH_GOOD: level = 3; break;
        case MC_PASSPHRASE_STRENGTH_STRONG: level = 4; break;
        default: g_assert_not_reached ();
        }
    }
  gtk_level_bar_set_value (self->strength_bar, level);

  acceptable = passphrase_acceptable (self, &hint);
  gtk_label_set_label (self->hint_label, hint != NULL ? hint : _("This passphrase is good to use."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), acceptable && !self->busy);
}

static void
create_activated_cb (McSetupPage *self)
{
  g_autofree char *hint = NULL;

  if (self->busy || !passphrase_acceptable (self, &hint))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[CREATE], 0,
                 gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
}

static void
kept_toggled_cb (McSetupPage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->finish_button),
                            gtk_check_button_get_active (self->kept_check));
}

/* GTK names a label by its text, again each time it changes: an empty
 * one is a nameless stop. Named "Herstelsleutel", the key its text and
 * its description, which a screen reader reads after the name. */
static void
set_recovery_key (McSetupPage *self,
                  const char  *recovery_key)
{
  gtk_label_set_label (self->recovery_key_label, recovery_key);
  mc_a11y_set_label (GTK_WIDGET (self->recovery_key_label), _("Recovery key"));
  if (*recovery_key != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->recovery_key_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, recovery_key, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->recovery_key_label),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
finish_clicked_cb (McSetupPage *self)
{
  /* The key is shown once: gone from the screen before the cases open. */
  set_recovery_key (self, "");
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
draw_recovery_page_cb (GtkPrintOperation *operation,
                       GtkPrintContext   *context,
                       int                page_nr,
                       gpointer           user_data)
{
  McSetupPage *self = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, C_("date format", "%-d %B %Y"));
  g_autofree char *markup = NULL;

  markup = g_markup_printf_escaped ("<span size='x-large' weight='bold'>%s</span>\n\n%s\n\n"
                                    "<span font_family='monospace' size='xx-large'>%s</span>\n\n%s\n\n%s: %s",
                                    _("Meldcode Recovery Key"),
                                    _("This key opens the encrypted Meldcode store when the passphrase is forgotten. Give it to the taakhouder meldcode, who keeps it locked away. Anyone who has this key and the laptop can read the cases."),
                                    gtk_label_get_label (self->recovery_key_label),
                                    _("Keep this sheet apart from the laptop."),
                                    _("Printed on"), date);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup, -1);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);
}

static void
print_clicked_cb (McSetupPage *self)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, _("Meldcode Recovery Key"));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_recovery_page_cb), self);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    mc_setup_page_show_error (self, error->message);
}

static gboolean
mc_setup_page_grab_focus (GtkWidget *widget)
{
  McSetupPage *self = MC_SETUP_PAGE (widget);

  if (*gtk_editable_get_text (GTK_EDITABLE (self->user_name_row)) == '\0')
    return gtk_widget_grab_focus (GTK_WIDGET (self->user_name_row));
  return gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

void
mc_setup_page_set_busy (McSetupPage *self,
                        gboolean     busy)
{
  g_return_if_fail (MC_IS_SETUP_PAGE (self));

  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->passphrase_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->confirm_row), !busy);
  update_feedback (self);
}

void
mc_setup_page_show_error (McSetupPage *self,
                          const char  *message)
{
  g_return_if_fail (MC_IS_SETUP_PAGE (self));

  gtk_label_set_label (self->error_label, message);
  mc_a11y_show_alert (GTK_WIDGET (self->error_label));
}

void
mc_setup_page_show_recovery_key (McSetupPage *self,
                                 const char  *recovery_key)
{
  g_return_if_fail (MC_IS_SETUP_PAGE (self));
  g_return_if_fail (recovery_key != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  set_recovery_key (self, recovery_key);
  gtk_check_button_set_active (self->kept_check, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "recovery");
  /* With its ring: the app moved the focus, not the user. */
  mc_focus_widget (GTK_WIDGET (self->kept_check));
  /* Selectable for copying, but not shown selected: passing through the
   * label on the way to the check selected all of it. */
  gtk_label_select_region (self->recovery_key_label, 0, 0);
}

void
mc_setup_page_reset (McSetupPage *self)
{
  g_return_if_fail (MC_IS_SETUP_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  set_recovery_key (self, "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "passphrase");
  mc_setup_page_set_busy (self, FALSE);
}

static void
mc_setup_page_dispose (GObject *object)
{
  McSetupPage *self = MC_SETUP_PAGE (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mc_setup_page_parent_class)->dispose (object);
}

static void
mc_setup_page_class_init (McSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_setup_page_dispose;
  widget_class->grab_focus = mc_setup_page_grab_focus;

  /**
   * McSetupPage::create:
   * @passphrase: the new passphrase, checked and confirmed
   */
  signals[CREATE] =
    g_signal_new ("create", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, stack);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, user_name_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, user_role_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, recovery_key_label);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, kept_check);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, finish_button);
  gtk_widget_class_bind_template_callback (widget_class, update_feedback);
  gtk_widget_class_bind_template_callback (widget_class, create_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, kept_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, finish_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
}

static void
mc_setup_page_init (McSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The same settings as the preferences: what is typed here is the user
   * of the audit log from the first row on. */
  self->settings = g_settings_new ("nl.ambiq.Meldcode");
  g_settings_bind (self->settings, "user-name", self->user_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "user-role", self->user_role_row, "text", G_SETTINGS_BIND_DEFAULT);
  limit_row (self->user_name_row);
  limit_row (self->user_role_row);

  gtk_level_bar_add_offset_value (self->strength_bar, "weak", 1);
  gtk_level_bar_add_offset_value (self->strength_bar, "fair", 2);
  gtk_level_bar_add_offset_value (self->strength_bar, "good", 3);
  gtk_level_bar_add_offset_value (self->strength_bar, "strong", 4);
  update_feedback (self);
}
