/* mc-reopen-case-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-reopen-case-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-dates.h"
#include "mc-reopen-case-dialog.h"
#include "mc-text-field.h"

struct _McReopenCaseDialog
{
  AdwWindow             parent_instance;

  McStore              *store;
  McCase               *case_;

  GtkButton            *reopen_button;
  AdwPreferencesGroup  *note_group;
  McTextField          *note_field;
  GtkLabel             *hint_label;
};

G_DEFINE_FINAL_TYPE (McReopenCaseDialog, mc_reopen_case_dialog, ADW_TYPE_WINDOW)

enum {
  REOPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_note (McReopenCaseDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (mc_text_field_get_text_view (self->note_field));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
update_validation (McReopenCaseDialog *self)
{
  g_autofree char *note = dup_note (self);

  gtk_label_set_label (self->hint_label,
                       *note == '\0' ? _("Write down why you reopen the case.") : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->reopen_button), *note != '\0');
}

static void
on_reopen_cb (McReopenCaseDialog *self)
{
  g_autofree char *note = dup_note (self);
  g_autoptr(GError) error = NULL;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->reopen_button)))
    return;

  if (!mc_store_reopen_case (self->store, self->case_, note, &error))
    {
      gtk_label_set_label (self->hint_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
      return;
    }

  g_signal_emit (self, signals[REOPENED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_cancel_cb (McReopenCaseDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

/* "Closed on 3 December 2026: <reason>." */
static char *
closing_text (McProtocol *protocol,
              McCase     *case_)
{
  const char *closed_at = mc_record_get_string (MC_RECORD (case_), "closed-at");
  const char *reason_id = mc_record_get_string (MC_RECORD (case_), "close-reason");
  const McProtocolItem *reason = reason_id != NULL ? mc_protocol_lookup_close_reason (protocol, reason_id) : NULL;
  const char *reason_text = reason != NULL ? reason->label : reason_id;
  g_autofree char *date_text = NULL;
  GDate date;

  g_date_clear (&date, 1);
  if (closed_at != NULL && mc_date_from_iso8601 (closed_at, &date))
    date_text = mc_format_date (&date);

  if (date_text != NULL && reason_text != NULL)
    /* Translators: "Closed on 3 December 2026: <the reason, as the protocol says it>." */
    return g_strdup_printf (_("This case was closed on %s: %s."), date_text, reason_text);
  if (date_text != NULL)
    return g_strdup_printf (_("This case was closed on %s."), date_text);
  return g_strdup (_("This case is closed."));
}

McReopenCaseDialog *
mc_reopen_case_dialog_new (GtkWindow  *parent,
                           McStore    *store,
                           McProtocol *protocol,
                           McCase     *case_)
{
  McReopenCaseDialog *self;
  g_autofree char *closing = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (MC_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (MC_IS_CASE (case_), NULL);

  self = g_object_new (MC_TYPE_REOPEN_CASE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->case_ = g_object_ref (case_);

  closing = closing_text (protocol, case_);
  /* Translators: %s says when and why the case was closed. */
  description = g_strdup_printf (_("%s Reopened, it can be changed again. The history keeps how it was closed and why it was reopened."),
                                 closing);
  /* The description is markup; the reason is protocol text. */
  {
    g_autofree char *escaped = g_markup_escape_text (description, -1);

    adw_preferences_group_set_description (self->note_group, escaped);
  }

  update_validation (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (mc_text_field_get_text_view (self->note_field)));

  return self;
}

static void
mc_reopen_case_dialog_dispose (GObject *object)
{
  McReopenCaseDialog *self = MC_REOPEN_CASE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->case_);

  G_OBJECT_CLASS (mc_reopen_case_dialog_parent_class)->dispose (object);
}

static void
mc_reopen_case_dialog_class_init (McReopenCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_reopen_case_dialog_dispose;

  /**
   * McReopenCaseDialog::reopened:
   *
   * The case was reopened; the McCase given holds what was stored.
   */
  signals[REOPENED] =
    g_signal_new ("reopened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_TEXT_FIELD);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-reopen-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McReopenCaseDialog, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, McReopenCaseDialog, note_group);
  gtk_widget_class_bind_template_child (widget_class, McReopenCaseDialog, note_field);
  gtk_widget_class_bind_template_child (widget_class, McReopenCaseDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, on_reopen_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_reopen_case_dialog_init (McReopenCaseDialog *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (mc_text_field_get_text_view (self->note_field));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (update_validation), self, G_CONNECT_SWAPPED);
}
