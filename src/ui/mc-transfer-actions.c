/* mc-transfer-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-transfer-actions"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <sodium.h>

#include "mc-a11y.h"
#include "mc-case.h"
#include "mc-output-file.h"
#include "mc-report-export.h"
#include "mc-store-transfer.h"
#include "mc-transfer-actions.h"

static void
forget_recent_files (void)
{
  GtkSettings *settings = gtk_settings_get_default ();

  /* As for every file chooser of the app (mc-report-actions.c). */
  if (settings != NULL)
    g_object_set (settings, "gtk-recent-files-enabled", FALSE, NULL);
}

static void
free_secret (char *secret)
{
  if (secret == NULL)
    return;
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

/* Sending */

typedef struct
{
  McStore          *store;
  gint64            case_id;
  char             *number;
  GtkWindow        *parent;
  GtkCheckButton   *by_passphrase;
  AdwEntryRow      *fingerprint_row;
  gboolean          to_key;
  guint8            public_key[MC_CASE_FILE_KEY_SIZE];
  char             *passphrase;
  char             *path;
  McReportDoneFunc  done;
  gpointer          user_data;
} SendData;

static void
send_finish (SendData   *data,
             const char *message)
{
  if (data->done != NULL)
    data->done (message, 0, data->user_data);
  g_clear_object (&data->store);
  g_clear_object (&data->parent);
  g_clear_pointer (&data->number, g_free);
  g_clear_pointer (&data->passphrase, free_secret);
  g_clear_pointer (&data->path, g_free);
  g_free (data);
}

static void
passphrase_shown_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     SendData         *data)
{
  send_finish (data, _("The case file was written."));
}

/* Once, after the file is written: the passphrase is in no file and no
 * log, and the dialog is the only place it is shown. */
static void
show_passphrase (SendData *data)
{
  AdwMessageDialog *dialog;
  GtkWidget *label;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (data->parent, _("Transfer Passphrase"),
                                                       _("Say this passphrase to the receiver by "
                                                         "phone, not in the message with the file. "
                                                         "It is not shown again.")));
  label = gtk_label_new (data->passphrase);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-2");
  gtk_widget_add_css_class (label, "monospace");
  mc_a11y_set_label (label, _("Transfer passphrase"));
  adw_message_dialog_set_extra_child (dialog, label);
  adw_message_dialog_add_response (dialog, "done", _("_Done"));
  adw_message_dialog_set_default_response (dialog, "done");
  adw_message_dialog_set_close_response (dialog, "done");
  g_signal_connect (dialog, "response", G_CALLBACK (passphrase_shown_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
write_sealed (SendData *data,
              GBytes   *sealed)
{
  g_autoptr(GError) error = NULL;

  if (!mc_store_is_open (data->store))
    {
      send_finish (data, _("The store was locked before the case file was written; nothing was written."));
      return;
    }
  if (!mc_store_export_bytes (data->store, sealed, data->case_id, "meldcase", FALSE, data->path, &error))
    {
      send_finish (data, error->message);
      return;
    }
  if (data->passphrase != NULL)
    show_passphrase (data);
  else
    send_finish (data, _("The case file was written; only the receiving store can open it."));
}

static void
seal_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendData *data = g_object_get_data (G_OBJECT (task), "send-data");
  GBytes *payload = task_data;
  GError *error = NULL;
  GBytes *sealed;

  /* Argon2id, about a second: not on the main loop. */
  sealed = mc_case_file_seal_with_passphrase (payload, data->passphrase, MC_KDF_COST_MODERATE, &error);
  if (sealed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sealed, (GDestroyNotify) g_bytes_unref);
}

static void
sealed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SendData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = g_task_propagate_pointer (G_TASK (result), &error);

  if (sealed == NULL)
    send_finish (data, error->message);
  else
    write_sealed (data, sealed);
}

static void
send_chosen_cb (GtkNativeDialog *dialog,
                int              response,
                gpointer         user_data)
{
  SendData *data = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GTask) task = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      data->path = g_file_get_path (file);
    }
  g_object_unref (dialog);
  if (data->path == NULL)
    {
      send_finish (data, NULL);
      return;
    }

  if (!mc_output_file_check (data->path, MC_OUTPUT_FILE_NONE, &error)
      || (payload = mc_store_build_transfer_payload (data->store, data->case_id, &error)) == NULL)
    {
      send_finish (data, error->message);
      return;
    }

  if (data->to_key)
    {
      g_autoptr(GBytes) sealed = mc_case_file_seal_to_key (payload, data->public_key, &error);

      if (sealed == NULL)
        send_finish (data, error->message);
      else
        write_sealed (data, sealed);
      return;
    }

  data->passphrase = mc_case_file_generate_passphrase ();
  task = g_task_new (NULL, NULL, sealed_cb, data);
  g_object_set_data (G_OBJECT (task), "send-data", data);
  g_task_set_task_data (task, g_bytes_ref (payload), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, seal_thread);
}

static void
choose_file (SendData *data)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  forget_recent_files ();
  /* Translators: the suggested file name of a case file; keep the
   * extension. */
  name = g_strdup_printf (_("case-%s.meldcase"), data->number);
  chooser = gtk_file_chooser_native_new (_("Save the Case File"), data->parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("Case files (.meldcase)"));
  gtk_file_filter_add_suffix (filter, "meldcase");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (send_chosen_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
seal_chosen_cb (AdwMessageDialog *dialog,
                const char       *response,
                SendData         *data)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "continue") != 0)
    {
      send_finish (data, NULL);
      return;
    }
  data->to_key = !gtk_check_button_get_active (data->by_passphrase);
  if (data->to_key
      && !mc_case_file_parse_fingerprint (gtk_editable_get_text (GTK_EDITABLE (data->fingerprint_row)),
                                          data->public_key, &error))
    {
      send_finish (data, error->message);
      return;
    }
  choose_file (data);
}

void
mc_transfer_action_send (GtkWindow        *parent,
                         McStore          *store,
                         McCase           *case_,
                         McReportDoneFunc  done,
                         gpointer          user_data)
{
  AdwMessageDialog *dialog;
  GtkWidget *box;
  GtkWidget *by_key;
  GtkWidget *list;
  SendData *data;

  g_return_if_fail (MC_IS_STORE (store));
  g_return_if_fail (MC_IS_CASE (case_));

  data = g_new0 (SendData, 1);
  data->store = g_object_ref (store);
  data->case_id = mc_record_get_id (MC_RECORD (case_));
  data->number = g_strdup (mc_record_get_string (MC_RECORD (case_), "number"));
  data->parent = parent != NULL ? g_object_ref (parent) : NULL;
  data->done = done;
  data->user_data = user_data;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Hand Over Case"),
                                                       _("The whole case, with its history, goes "
                                                         "into an encrypted case file for a "
                                                         "colleague’s Meldcode. How should it be "
                                                         "sealed?")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  data->by_passphrase = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (
    _("With a _transfer passphrase, shown once, to say by phone")));
  gtk_check_button_set_active (data->by_passphrase, TRUE);
  by_key = gtk_check_button_new_with_mnemonic (_("To the receiving store’s _fingerprint"));
  gtk_check_button_set_group (GTK_CHECK_BUTTON (by_key), data->by_passphrase);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  data->fingerprint_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (data->fingerprint_row),
                                 _("Fingerprint of the receiving store"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (data->fingerprint_row));
  g_object_bind_property (by_key, "active", list, "sensitive", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->by_passphrase));
  gtk_box_append (GTK_BOX (box), by_key);
  gtk_box_append (GTK_BOX (box), list);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "continue", _("C_hoose File…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "continue", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "continue");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (seal_chosen_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
  /* A dialog starts at its first field. */
  mc_focus_widget (GTK_WIDGET (data->by_passphrase));
}

/* Receiving */

typedef struct
{
  McStore          *store;
  GtkWindow        *parent;
  GBytes           *file;
  GBytes           *payload;
  GtkWidget        *passphrase_entry;
  McReportDoneFunc  done;
  gpointer          user_data;
} ReceiveData;

static void
receive_finish (ReceiveData *data,
                const char  *message,
                gint64       case_id)
{
  if (data->done != NULL)
    data->done (message, case_id, data->user_data);
  g_clear_object (&data->store);
  g_clear_object (&data->parent);
  g_clear_pointer (&data->file, g_bytes_unref);
  g_clear_pointer (&data->payload, g_bytes_unref);
  g_free (data);
}

static void
receive_payload (ReceiveData   *data,
                 McReceiveMode  mode);

static void
replay_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ReceiveData      *data)
{
  if (g_strcmp0 (response, "replace") == 0)
    receive_payload (data, MC_RECEIVE_REPLACE);
  else if (g_strcmp0 (response, "duplicate") == 0)
    receive_payload (data, MC_RECEIVE_DUPLICATE);
  else
    receive_finish (data, NULL, 0);
}

static void
receive_payload (ReceiveData   *data,
                 McReceiveMode  mode)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (!mc_store_is_open (data->store))
    {
      receive_finish (data, _("The store was locked; nothing was received."), 0);
      return;
    }
  if (mc_store_receive_payload (data->store, data->payload, mode, &id, NULL, &error))
    {
      receive_finish (data, mode == MC_RECEIVE_REPLACE ? _("The case was received and replaces the one that was there.")
                                                       : _("The case was received."),
                      id);
      return;
    }

  if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS) && mode == MC_RECEIVE_ASK)
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (data->parent, _("Receive This Case Again?"),
                                                           error->message));
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "duplicate", _("_Keep Both"),
                                        "replace", _("_Replace"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (replay_response_cb), data);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  receive_finish (data, error->message, 0);
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReceiveData *data = g_object_get_data (G_OBJECT (task), "receive-data");
  const char *passphrase = task_data;
  GError *error = NULL;
  GBytes *payload;

  /* Only the file and the passphrase: no store in a worker. */
  payload = mc_case_file_open_with_passphrase (data->file, passphrase, &error);
  if (payload == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, payload, (GDestroyNotify) g_bytes_unref);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ReceiveData *data = user_data;
  g_autoptr(GError) error = NULL;

  if ((data->payload = g_task_propagate_pointer (G_TASK (result), &error)) == NULL)
    receive_finish (data, error->message, 0);
  else
    receive_payload (data, MC_RECEIVE_ASK);
}

static void
passphrase_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        ReceiveData      *data)
{
  g_autoptr(GTask) task = NULL;

  if (g_strcmp0 (response, "receive") != 0)
    {
      receive_finish (data, NULL, 0);
      return;
    }
  task = g_task_new (NULL, NULL, opened_cb, data);
  g_object_set_data (G_OBJECT (task), "receive-data", data);
  g_task_set_task_data (task, g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->passphrase_entry))),
                        (GDestroyNotify) free_secret);
  gtk_editable_set_text (GTK_EDITABLE (data->passphrase_entry), "");
  g_task_run_in_thread (task, open_thread);
}

static void
ask_passphrase (ReceiveData *data)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (data->parent, _("Transfer Passphrase"),
                                                       _("This case file is sealed with a transfer "
                                                         "passphrase. Enter the one the sender "
                                                         "gave you; spaces and dashes do not "
                                                         "matter.")));
  /* A plain entry that hides what is typed: libadwaita 1.2's password row
   * and GTK 4.8's password entry both leave a caps-lock handler behind
   * when a message dialog that holds them is destroyed (a warning, then a
   * crash, in test-ui-transfer). */
  data->passphrase_entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (data->passphrase_entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (data->passphrase_entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_placeholder_text (GTK_ENTRY (data->passphrase_entry), _("Transfer passphrase"));
  /* Enter receives, as the default response. */
  gtk_entry_set_activates_default (GTK_ENTRY (data->passphrase_entry), TRUE);
  mc_a11y_set_label (data->passphrase_entry, _("Transfer passphrase"));
  adw_message_dialog_set_extra_child (dialog, data->passphrase_entry);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "receive", _("_Receive"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "receive", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "receive");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (passphrase_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
  mc_focus_widget (data->passphrase_entry);
}

static void
receive_chosen_cb (GtkNativeDialog *dialog,
                   int              response,
                   gpointer         user_data)
{
  ReceiveData *data = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *path = NULL;
  McCaseFileSeal seal_mode;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = g_file_get_path (file);
    }
  g_object_unref (dialog);
  if (path == NULL)
    {
      receive_finish (data, NULL, 0);
      return;
    }

  if ((mapped = g_mapped_file_new (path, FALSE, &error)) == NULL)
    {
      receive_finish (data, error->message, 0);
      return;
    }
  data->file = g_mapped_file_get_bytes (mapped);
  if (!mc_case_file_peek (data->file, &seal_mode, &error))
    {
      receive_finish (data, error->message, 0);
      return;
    }
  if (seal_mode == MC_CASE_FILE_SEAL_PASSPHRASE)
    {
      ask_passphrase (data);
      return;
    }
  if ((data->payload = mc_store_open_case_file (data->store, data->file, NULL, &error)) == NULL)
    {
      receive_finish (data, error->message, 0);
      return;
    }
  receive_payload (data, MC_RECEIVE_ASK);
}

void
mc_transfer_action_receive (GtkWindow        *parent,
                            McStore          *store,
                            McReportDoneFunc  done,
                            gpointer          user_data)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  ReceiveData *data;

  g_return_if_fail (MC_IS_STORE (store));

  data = g_new0 (ReceiveData, 1);
  data->store = g_object_ref (store);
  data->parent = parent != NULL ? g_object_ref (parent) : NULL;
  data->done = done;
  data->user_data = user_data;

  forget_recent_files ();
  chooser = gtk_file_chooser_native_new (_("Receive a Case"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Case files (.meldcase)"));
  gtk_file_filter_add_suffix (filter, "meldcase");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (receive_chosen_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The fingerprint */

static void
fingerprint_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         const char       *fingerprint)
{
  if (g_strcmp0 (response, "copy") == 0)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), fingerprint);
}

void
mc_transfer_action_fingerprint (GtkWindow *parent,
                                McStore   *store)
{
  AdwMessageDialog *dialog;
  GtkWidget *label;
  char *fingerprint;

  g_return_if_fail (MC_IS_STORE (store));

  fingerprint = mc_store_dup_transfer_fingerprint (store);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Fingerprint of This Store"),
                                                       _("A colleague who hands a case over to you "
                                                         "can seal it to this fingerprint: then "
                                                         "only this store opens the case file. It "
                                                         "is not secret; read it out or send it.")));
  label = gtk_label_new (fingerprint);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "monospace");
  mc_a11y_set_label (label, _("Fingerprint"));
  adw_message_dialog_set_extra_child (dialog, label);
  adw_message_dialog_add_responses (dialog,
                                    "copy", _("_Copy"),
                                    "close", _("_Close"),
                                    NULL);
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect_data (dialog, "response", G_CALLBACK (fingerprint_response_cb), fingerprint,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
