/* mc-report-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-report-actions"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mc-report-actions.h"
#include "mc-report-builder.h"
#include "mc-report-export.h"
#include "mc-report-import.h"
#include "mc-report-renderer.h"
#include "mc-report-xml.h"

typedef struct
{
  McStore          *store;
  McReport         *report;
  McReportRenderer *renderer;
  McReportFormat    format;
  gint64            case_id;
  McReportDoneFunc  done;
  gpointer          user_data;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->report, mc_report_unref);
  g_clear_object (&data->renderer);
  g_free (data);
}

static void
finish (ActionData *data,
        const char *message,
        gint64      case_id)
{
  if (data->done != NULL)
    data->done (message, case_id, data->user_data);
  action_data_free (data);
}

/* The report as the professional in the preferences signs it: the melder
 * of Veilig Thuis's form, with their organisation, phone and e-mail. */
static McReport *
build_report (McProtocol       *protocol,
              McCase           *case_,
              McReportVariant   variant,
              GError          **error)
{
  g_autoptr(GSettings) settings = g_settings_new ("nl.ambiq.Meldcode");
  g_autofree char *name = g_strstrip (g_settings_get_string (settings, "user-name"));
  g_autofree char *role = g_strstrip (g_settings_get_string (settings, "user-role"));
  g_autofree char *organisation = g_strstrip (g_settings_get_string (settings, "user-organisation"));
  g_autofree char *phone = g_settings_get_string (settings, "user-phone");
  g_autofree char *email = g_settings_get_string (settings, "user-email");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  McReport *report;
  McReport *copy = NULL;

  /* A report says who made it; the login name ("root") says nothing. */
  if (*name == '\0')
    {
      g_set_error_literal (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                           _("Enter your name and function in the preferences first: "
                             "the report names its reporter."));
      return NULL;
    }

  report = mc_report_new_from_case (case_, protocol, name, role, now, error);
  if (report == NULL)
    return NULL;
  if (*organisation != '\0')
    mc_report_set_author (report, organisation, report->author_name, report->author_role);
  mc_report_set_author_contact (report, phone, email);

  if (variant == MC_REPORT_VARIANT_ANONYMOUS)
    copy = mc_report_anonymize (report);
  else if (variant == MC_REPORT_VARIANT_FAMILY)
    copy = mc_report_family_copy (report);
  if (copy != NULL)
    {
      mc_report_unref (report);
      report = copy;
    }

  return report;
}

static const char *
export_title (McReportVariant variant)
{
  switch (variant)
    {
    case MC_REPORT_VARIANT_ANONYMOUS:
      return _("Export Anonymous Report");
    case MC_REPORT_VARIANT_FAMILY:
      /* Translators: the title of the file chooser; Dutch "Exemplaar voor
       * de familie exporteren". */
      return _("Export Family Copy");
    case MC_REPORT_VARIANT_FULL:
    default:
      return _("Export Report");
    }
}

/* A file chooser adds what it returns to the desktop's recently used
 * files (recently-used.xbel, through GtkRecentManager), so the name of a
 * client's report would show in every other program's "Recent". GTK 4.8
 * has no per-chooser switch; the application's own setting stops the
 * recent manager from recording anything. A portal's chooser (Flatpak)
 * runs outside the app and is not covered by this. */
static void
forget_recent_files (void)
{
  GtkSettings *settings = gtk_settings_get_default ();

  if (settings != NULL)
    g_object_set (settings, "gtk-recent-files-enabled", FALSE, NULL);
}

static void
export_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  ActionData *data = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = g_file_get_path (file);
    }
  g_object_unref (dialog);

  if (path == NULL)
    {
      finish (data, NULL, 0);
      return;
    }

  /* The export leaves the encrypted store: the audit log says where to, and
   * an export it cannot record is not made. Written atomically, never over
   * a store's files. */
  if (!mc_report_export (data->store, data->report, data->case_id,
                         data->format == MC_REPORT_FORMAT_PDF ? "pdf" : "xml", path, &error))
    {
      finish (data, error->message, 0);
      return;
    }

  /* Translators: %s is the file the report was saved to. */
  message = g_strdup_printf (_("Report saved as %s"), path);
  finish (data, message, 0);
}

/* Asks where to save @data's report, then exports it there. */
static void
choose_file (GtkWindow  *parent,
             ActionData *data,
             const char *title)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  McReportFormat format = data->format;

  name = mc_report_suggest_filename (data->report, format == MC_REPORT_FORMAT_PDF ? "pdf" : "xml");
  forget_recent_files ();
  chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (format == MC_REPORT_FORMAT_PDF)
    {
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Report files (XML)"));
      gtk_file_filter_add_suffix (filter, "xml");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
mc_report_action_export (GtkWindow        *parent,
                         McStore          *store,
                         McProtocol       *protocol,
                         McCase           *case_,
                         McReportFormat    format,
                         McReportVariant   variant,
                         McReportDoneFunc  done,
                         gpointer          user_data)
{
  g_autoptr(GError) error = NULL;
  ActionData *data;

  g_return_if_fail (MC_IS_STORE (store));
  g_return_if_fail (MC_IS_CASE (case_));

  data = g_new0 (ActionData, 1);
  data->store = g_object_ref (store);
  data->format = format;
  data->case_id = mc_record_get_id (MC_RECORD (case_));
  data->done = done;
  data->user_data = user_data;
  data->report = build_report (protocol, case_, variant, &error);
  if (data->report == NULL)
    {
      finish (data, error->message, 0);
      return;
    }

  choose_file (parent, data, export_title (variant));
}

void
mc_report_action_inzage (GtkWindow          *parent,
                         McStore            *store,
                         McProtocol         *protocol,
                         McCase             *case_,
                         McReportRequester   requester,
                         McReportDoneFunc    done,
                         gpointer            user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("nl.ambiq.Meldcode");
  g_autofree char *name = g_strstrip (g_settings_get_string (settings, "user-name"));
  g_autofree char *role = g_strstrip (g_settings_get_string (settings, "user-role"));
  g_autoptr(GError) error = NULL;
  ActionData *data;

  g_return_if_fail (MC_IS_STORE (store));
  g_return_if_fail (MC_IS_CASE (case_));

  data = g_new0 (ActionData, 1);
  data->store = g_object_ref (store);
  data->format = MC_REPORT_FORMAT_PDF;
  data->case_id = mc_record_get_id (MC_RECORD (case_));
  data->done = done;
  data->user_data = user_data;
  if (*name == '\0')
    {
      finish (data, _("Enter your name and function in the preferences first: "
                      "the report names its reporter."), 0);
      return;
    }
  data->report = mc_report_new_inzage (store, case_, protocol, name, *role != '\0' ? role : NULL,
                                       requester, &error);
  if (data->report == NULL)
    {
      finish (data, error->message, 0);
      return;
    }

  /* Translators: the title of the file chooser; Dutch "Afschrift voor
   * inzage opslaan". */
  choose_file (parent, data, _("Save Copy for Inzage"));
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                ActionData        *data)
{
  PangoContext *pango = gtk_print_context_create_pango_context (context);

  data->renderer = mc_report_renderer_new (data->report, pango,
                                           gtk_print_context_get_width (context),
                                           gtk_print_context_get_height (context));
  g_object_unref (pango);
  gtk_print_operation_set_n_pages (operation, (int) mc_report_renderer_paginate (data->renderer));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              ActionData        *data)
{
  mc_report_renderer_draw_page (data->renderer, gtk_print_context_get_cairo_context (context),
                                (guint) page_nr);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               ActionData              *data)
{
  g_autoptr(GError) error = NULL;

  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_ERROR:
      gtk_print_operation_get_error (operation, &error);
      finish (data, error != NULL ? error->message : _("The report could not be printed."), 0);
      break;

    case GTK_PRINT_OPERATION_RESULT_APPLY:
      if (!mc_store_log_event (data->store, MC_AUDIT_EVENT_PRINT, data->case_id, NULL, &error))
        finish (data, error->message, 0);
      else
        finish (data, _("The report was sent to the printer."), 0);
      break;

    case GTK_PRINT_OPERATION_RESULT_CANCEL:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      finish (data, NULL, 0);
      break;
    }
}

static void
run_print (GtkWindow        *parent,
           McStore          *store,
           McProtocol       *protocol,
           McCase           *case_,
           const char       *export_path,
           McReportDoneFunc  done,
           gpointer          user_data)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GError) error = NULL;
  g_autofree char *job = NULL;
  ActionData *data;

  g_return_if_fail (MC_IS_STORE (store));
  g_return_if_fail (MC_IS_CASE (case_));

  data = g_new0 (ActionData, 1);
  data->store = g_object_ref (store);
  data->case_id = mc_record_get_id (MC_RECORD (case_));
  data->done = done;
  data->user_data = user_data;
  data->report = build_report (protocol, case_, MC_REPORT_VARIANT_FULL, &error);
  if (data->report == NULL)
    {
      finish (data, error->message, 0);
      return;
    }

  operation = gtk_print_operation_new ();
  gtk_page_setup_set_paper_size_and_default_margins (page_setup, a4);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  /* The renderer keeps its own margins, as in the PDF. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* Print queues show the title to others: the case number, not the
   * client (mc_report_print_title()). */
  job = mc_report_print_title (data->report);
  gtk_print_operation_set_job_name (operation, job);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), data);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), data);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), data);
  gtk_print_operation_set_allow_async (operation, TRUE);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);

  if (gtk_print_operation_run (operation,
                               export_path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                   : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               parent, &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    finish (data, error->message, 0);
}

void
mc_report_action_print (GtkWindow        *parent,
                        McStore          *store,
                        McProtocol       *protocol,
                        McCase           *case_,
                        McReportDoneFunc  done,
                        gpointer          user_data)
{
  run_print (parent, store, protocol, case_, NULL, done, user_data);
}

void
mc_report_action_print_to_file (GtkWindow        *parent,
                                McStore          *store,
                                McProtocol       *protocol,
                                McCase           *case_,
                                const char       *path,
                                McReportDoneFunc  done,
                                gpointer          user_data)
{
  g_return_if_fail (path != NULL);

  run_print (parent, store, protocol, case_, path, done, user_data);
}

typedef struct
{
  McStore          *store;
  McCase           *case_;
  McReportDoneFunc  done;
  gpointer          user_data;
} ImportData;

static void
import_data_finish (ImportData *data,
                    const char *message,
                    gint64      case_id)
{
  if (data->done != NULL)
    data->done (message, case_id, data->user_data);
  g_clear_object (&data->store);
  g_clear_object (&data->case_);
  g_free (data);
}

static void
import_case (ImportData *data,
             gboolean    allow_duplicate,
             GtkWindow  *parent);

static void
duplicate_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       ImportData       *data)
{
  if (g_strcmp0 (response, "import") == 0)
    import_case (data, TRUE, gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  else
    import_data_finish (data, NULL, 0);
}

static void
import_case (ImportData *data,
             gboolean    allow_duplicate,
             GtkWindow  *parent)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (mc_store_import_case (data->store, data->case_, allow_duplicate, &id, &error))
    {
      import_data_finish (data, _("The case was imported."), id);
      return;
    }

  if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS) && !allow_duplicate)
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Import This Case Again?"), error->message));
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "import", _("_Import as a Second Case"),
                                        NULL);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (duplicate_response_cb), data);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  import_data_finish (data, error->message, 0);
}

static void
import_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  ImportData *data = user_data;
  GtkWindow *parent = gtk_native_dialog_get_transient_for (dialog);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = g_file_get_path (file);
    }
  g_object_unref (dialog);

  if (path == NULL)
    {
      import_data_finish (data, NULL, 0);
      return;
    }

  /* Validated against the report schema; nothing is stored before that. */
  if ((report = mc_report_read_xml (path, &error)) == NULL
      || (data->case_ = mc_case_new_from_report (report, &error)) == NULL)
    {
      import_data_finish (data, error->message, 0);
      return;
    }

  import_case (data, FALSE, parent);
}

void
mc_report_action_import (GtkWindow        *parent,
                         McStore          *store,
                         McReportDoneFunc  done,
                         gpointer          user_data)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  ImportData *data;

  g_return_if_fail (MC_IS_STORE (store));

  data = g_new0 (ImportData, 1);
  data->store = g_object_ref (store);
  data->done = done;
  data->user_data = user_data;

  forget_recent_files ();
  chooser = gtk_file_chooser_native_new (_("Import a Case"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Report files (XML)"));
  gtk_file_filter_add_suffix (filter, "xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (import_chosen_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
