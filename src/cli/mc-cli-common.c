/* mc-cli-common.c: errors, output, options and the store for every command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mc-case-file.h"
#include "mc-cli.h"
#include "mc-key-file.h"
#include "mc-output-file.h"
#include "mc-report.h"
#include "mc-text.h"

G_DEFINE_QUARK (mc-cli-error-quark, mc_cli_error)

/* Errors and exit statuses */

static McCliExit
store_error_status (McStoreError code)
{
  switch (code)
    {
    case MC_STORE_ERROR_WRONG_PASSPHRASE:
    case MC_STORE_ERROR_WRONG_RECOVERY_KEY:
      return MC_CLI_EXIT_WRONG_SECRET;
    case MC_STORE_ERROR_NOT_A_STORE:
    case MC_STORE_ERROR_NOT_FOUND:
      return MC_CLI_EXIT_NOT_FOUND;
    case MC_STORE_ERROR_CORRUPT:
    case MC_STORE_ERROR_NEWER_SCHEMA:
      return MC_CLI_EXIT_CORRUPT;
    case MC_STORE_ERROR_EXISTS:
    case MC_STORE_ERROR_WEAK_PASSPHRASE:
    case MC_STORE_ERROR_READ_ONLY:
      return MC_CLI_EXIT_USAGE;
    case MC_STORE_ERROR_INVALID:
    /* Text from a file that exceeds a limit; the command's own arguments
     * are checked before the store is asked (exit 1). */
    case MC_STORE_ERROR_TOO_LONG:
    /* Not damage: a file that this Meldcode cannot use as it is. */
    case MC_STORE_ERROR_FOREIGN_FORMAT:
    /* Not damage either: an older store this version could not bring up
     * to date (nothing was changed; the earlier version still opens it). */
    case MC_STORE_ERROR_NOT_MIGRATED:
      return MC_CLI_EXIT_INVALID_INPUT;
    case MC_STORE_ERROR_LOCKED:
    case MC_STORE_ERROR_IO:
    default:
      return MC_CLI_EXIT_IO;
    }
}

static McCliExit
key_file_error_status (McKeyFileError code)
{
  switch (code)
    {
    case MC_KEY_FILE_ERROR_WRONG_PASSPHRASE:
    case MC_KEY_FILE_ERROR_WRONG_RECOVERY_KEY:
      return MC_CLI_EXIT_WRONG_SECRET;
    case MC_KEY_FILE_ERROR_INVALID:
    case MC_KEY_FILE_ERROR_NEWER:
      return MC_CLI_EXIT_CORRUPT;
    case MC_KEY_FILE_ERROR_WEAK:
      return MC_CLI_EXIT_USAGE;
    case MC_KEY_FILE_ERROR_BUSY:
    case MC_KEY_FILE_ERROR_IO:
    default:
      return MC_CLI_EXIT_IO;
    }
}

static McCliExit
report_error_status (McReportError code)
{
  switch (code)
    {
    case MC_REPORT_ERROR_NOT_XML:
    case MC_REPORT_ERROR_WRONG_NAMESPACE:
    case MC_REPORT_ERROR_UNSUPPORTED_VERSION:
    case MC_REPORT_ERROR_INVALID:
    case MC_REPORT_ERROR_TOO_LARGE:
    case MC_REPORT_ERROR_FORBIDDEN_DTD:
      return MC_CLI_EXIT_INVALID_INPUT;
    case MC_REPORT_ERROR_IO:
    default:
      return MC_CLI_EXIT_IO;
    }
}

/* A wrong passphrase or key is 2, as for a store; a case file that was
 * changed or cut short is damage (5), as a damaged backup is; another kind
 * of file is 4. */
static McCliExit
case_file_error_status (McCaseFileError code)
{
  switch (code)
    {
    case MC_CASE_FILE_ERROR_WRONG_PASSPHRASE:
    case MC_CASE_FILE_ERROR_WRONG_KEY:
      return MC_CLI_EXIT_WRONG_SECRET;
    case MC_CASE_FILE_ERROR_DAMAGED:
    case MC_CASE_FILE_ERROR_NEWER:
      return MC_CLI_EXIT_CORRUPT;
    case MC_CASE_FILE_ERROR_BAD_FINGERPRINT:
    case MC_CASE_FILE_ERROR_WEAK:
      return MC_CLI_EXIT_USAGE;
    case MC_CASE_FILE_ERROR_INVALID:
    default:
      return MC_CLI_EXIT_INVALID_INPUT;
    }
}

static McCliExit
protocol_error_status (McProtocolError code)
{
  switch (code)
    {
    case MC_PROTOCOL_ERROR_TOO_LARGE:
    case MC_PROTOCOL_ERROR_NOT_XML:
    case MC_PROTOCOL_ERROR_FORBIDDEN_DTD:
    case MC_PROTOCOL_ERROR_INVALID:
    case MC_PROTOCOL_ERROR_DUPLICATE_ID:
    case MC_PROTOCOL_ERROR_DANGLING_REFERENCE:
    case MC_PROTOCOL_ERROR_UNREACHABLE:
    case MC_PROTOCOL_ERROR_CYCLE:
      return MC_CLI_EXIT_INVALID_INPUT;
    case MC_PROTOCOL_ERROR_IO:
    default:
      return MC_CLI_EXIT_IO;
    }
}

McCliExit
mc_cli_exit_status (const GError *error)
{
  g_return_val_if_fail (error != NULL, MC_CLI_EXIT_IO);

  if (error->domain == MC_CLI_ERROR)
    return (McCliExit) error->code;
  if (error->domain == MC_STORE_ERROR)
    return store_error_status ((McStoreError) error->code);
  if (error->domain == MC_KEY_FILE_ERROR)
    return key_file_error_status ((McKeyFileError) error->code);
  if (error->domain == MC_REPORT_ERROR)
    return report_error_status ((McReportError) error->code);
  if (error->domain == MC_CASE_FILE_ERROR)
    return case_file_error_status ((McCaseFileError) error->code);
  if (error->domain == MC_PROTOCOL_ERROR)
    return protocol_error_status ((McProtocolError) error->code);
  if (error->domain == MC_OUTPUT_FILE_ERROR)
    return error->code == MC_OUTPUT_FILE_ERROR_REFUSED ? MC_CLI_EXIT_USAGE : MC_CLI_EXIT_IO;
  if (error->domain == G_OPTION_ERROR)
    return MC_CLI_EXIT_USAGE;
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return MC_CLI_EXIT_NOT_FOUND;

  return MC_CLI_EXIT_IO;
}

McCliExit
mc_cli_report_error (const GError *error)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (error != NULL, MC_CLI_EXIT_IO);

  /* One line, so a log or a script sees the whole message. */
  message = g_strdelimit (g_strdup (error->message), "\r\n", ' ');
  g_printerr ("meldcode-cli: %s\n", message);

  return mc_cli_exit_status (error);
}

void
mc_cli_print (const char *format,
              ...)
{
  g_autofree char *text = NULL;
  g_autofree char *clean = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  /* The output border (mc-text.h): a name from an older store, or text a
   * store never sanitised, can hold no terminal escape, bidi override or
   * other control that would change what the terminal shows. */
  clean = mc_text_sanitize (text, MC_TEXT_KIND_TEXT);

  /* Not g_print(): that converts to the locale's character set, and a
   * script under LANG=C would get client names with question marks. */
  fputs (clean, stdout);
}

void
mc_cli_append_tsv (GString    *line,
                   const char *value)
{
  g_return_if_fail (line != NULL);

  for (const char *p = value != NULL ? value : ""; *p != '\0';)
    {
      /* The runs between the characters to escape in one go. */
      gsize plain = strcspn (p, "\\\t\n\r");

      g_string_append_len (line, p, (gssize) plain);
      p += plain;
      switch (*p)
        {
        case '\\':
          g_string_append (line, "\\\\");
          break;
        case '\t':
          g_string_append (line, "\\t");
          break;
        case '\n':
          g_string_append (line, "\\n");
          break;
        case '\r':
          g_string_append (line, "\\r");
          break;
        case '\0':
        default:
          continue;
        }
      p++;
    }
}

void
mc_cli_append_table_line (GString            *line,
                          const char * const *cells,
                          const guint        *lengths,
                          const guint        *widths,
                          guint               n_columns)
{
  gsize start = line->len;

  /* The cells are sanitised already, and the line is those cells and
   * spaces (NFC and free of controls as they are), so it goes out as it
   * is. */
  for (guint c = 0; c < n_columns; c++)
    {
      g_string_append (line, cells[c]);
      if (c + 1 < n_columns)
        for (glong pad = (glong) widths[c] - lengths[c] + 2; pad > 0; pad--)
          g_string_append_c (line, ' ');
    }
  while (line->len > start && line->str[line->len - 1] == ' ')
    g_string_truncate (line, line->len - 1);
  g_string_append_c (line, '\n');
}

void
mc_cli_write_out (GString *out,
                  gsize    at_least)
{
  g_return_if_fail (out != NULL);

  if (out->len == 0 || out->len < at_least)
    return;
  fwrite (out->str, 1, out->len, stdout);
  g_string_truncate (out, 0);
}

typedef struct
{
  char  *text;
  guint  length;
} CleanCell;

static void
clean_cell_free (gpointer data)
{
  CleanCell *cell = data;

  g_free (cell->text);
  g_free (cell);
}

GHashTable *
mc_cli_table_cells_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, clean_cell_free);
}

/* Printable ASCII is what mc_text_sanitize() gives back as it is. */
static gboolean
is_printable_ascii (const char *text,
                    guint      *length)
{
  const guchar *p;

  for (p = (const guchar *) text; *p != '\0'; p++)
    if (*p < 0x20 || *p >= 0x7f)
      return FALSE;
  *length = (guint) (p - (const guchar *) text);
  return TRUE;
}

/* One line per row, whatever a name holds: each cell is one line, and
 * sanitised before its width is counted. */
const char *
mc_cli_table_cell (GHashTable *cleaned,
                   const char *cell,
                   guint      *length)
{
  CleanCell *known;

  g_return_val_if_fail (cleaned != NULL, NULL);
  g_return_val_if_fail (length != NULL, NULL);

  if (cell == NULL)
    cell = "";
  if (is_printable_ascii (cell, length))
    return cell;
  if ((known = g_hash_table_lookup (cleaned, cell)) == NULL)
    {
      known = g_new (CleanCell, 1);
      known->text = mc_text_sanitize (cell, MC_TEXT_KIND_LINE);
      known->length = (guint) g_utf8_strlen (known->text, -1);
      g_hash_table_insert (cleaned, g_strdup (cell), known);
    }
  *length = known->length;
  return known->text;
}

void
mc_cli_print_table (const char * const *header,
                    GPtrArray          *rows)
{
  g_autoptr(GHashTable) cleaned = mc_cli_table_cells_new ();
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree const char **cells = NULL;
  g_autofree guint *lengths = NULL;
  g_autofree guint *widths = NULL;
  guint n_columns;

  g_return_if_fail (header != NULL);
  g_return_if_fail (rows != NULL);

  n_columns = g_strv_length ((char **) header);
  cells = g_new (const char *, n_columns);
  lengths = g_new (guint, n_columns);
  widths = g_new0 (guint, n_columns);

  /* The widths, then the lines (the header first): each cell is cleaned
   * once, the second time it is found in @cleaned. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i <= rows->len; i++)
      {
        const char * const *row = i == 0 ? header : g_ptr_array_index (rows, i - 1);

        g_assert (g_strv_length ((char **) row) == n_columns);
        for (guint c = 0; c < n_columns; c++)
          {
            cells[c] = mc_cli_table_cell (cleaned, row[c], &lengths[c]);
            widths[c] = MAX (widths[c], lengths[c]);
          }
        if (pass == 1)
          {
            g_string_truncate (line, 0);
            mc_cli_append_table_line (line, cells, lengths, widths, n_columns);
            fwrite (line->str, 1, line->len, stdout);
          }
      }
}

/* The context */

const char *
mc_cli_context_get_store_dir (McCliContext *context)
{
  g_return_val_if_fail (context != NULL, NULL);

  if (context->store_dir == NULL)
    context->store_dir = mc_store_get_default_dir ();
  return context->store_dir;
}

McProtocol *
mc_cli_context_load_protocol (McCliContext  *context,
                              GError       **error)
{
  g_return_val_if_fail (context != NULL, NULL);

  if (context->protocol_path != NULL)
    return mc_protocol_new_from_path (context->protocol_path, error);
  return mc_protocol_new_default (error);
}

const char *
mc_cli_context_peek_protocol (McCliContext  *context,
                              int            argc,
                              char         **argv)
{
  const char *path;

  g_return_val_if_fail (context != NULL, NULL);

  path = context->protocol_path;
  for (int i = 1; i < argc && argv[i] != NULL; i++)
    {
      if (g_strcmp0 (argv[i], "--") == 0)
        break;
      if (g_strcmp0 (argv[i], "--protocol") == 0 && i + 1 < argc)
        path = argv[++i];
      else if (g_str_has_prefix (argv[i], "--protocol="))
        path = argv[i] + strlen ("--protocol=");
    }

  return path;
}

const McCliProfile *
mc_cli_context_get_profile (McCliContext *context)
{
  if (context->profile == NULL)
    context->profile = mc_cli_profile_load ();
  return context->profile;
}

gboolean
mc_cli_resolve_author (McCliContext  *context,
                       char         **author,
                       char         **role,
                       GError       **error)
{
  const McCliProfile *profile;

  if (*author != NULL && **author != '\0' && *role != NULL)
    return TRUE;
  profile = mc_cli_context_get_profile (context);
  if (*author == NULL || **author == '\0')
    {
      /* A report says who made it; the login name ("root") says nothing. */
      if (profile->name == NULL)
        {
          g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                               _("The report must name who made it. Give your name with "
                                 "--author, or enter it in the app’s preferences."));
          return FALSE;
        }
      g_free (*author);
      *author = g_strdup (profile->name);
    }
  if (*role == NULL)
    *role = g_strdup (profile->role);
  return TRUE;
}

void
mc_cli_sign_report (McCliContext *context,
                    McReport     *report,
                    const char   *phone,
                    const char   *email)
{
  const McCliProfile *profile = mc_cli_context_get_profile (context);

  if (profile->organisation != NULL)
    mc_report_set_author (report, profile->organisation, report->author_name, report->author_role);
  mc_report_set_author_contact (report, phone != NULL ? phone : profile->phone,
                                email != NULL ? email : profile->email);
}

McStore *
mc_cli_context_open_store (McCliContext  *context,
                           gboolean       recovery_key,
                           GError       **error)
{
  const char *dir = mc_cli_context_get_store_dir (context);
  g_autoptr(McCliSecret) secret = NULL;
  g_autofree char *user = NULL;
  McStore *store;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* What a crash left (a restore cut short, an export's temporary file)
   * is dealt with before the store is looked for. */
  mc_store_recover (dir);
  if (!mc_store_exists (dir))
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_NOT_FOUND,
                   _("There is no case store in “%s”: make one with “meldcode-cli init”, "
                     "or name another folder with --store."), dir);
      return NULL;
    }

  secret = mc_cli_read_secret (recovery_key ? _("Recovery key: ") : _("Passphrase: "), NULL, error);
  if (secret == NULL)
    return NULL;

  if (recovery_key)
    store = mc_store_open_with_recovery_key (dir, secret, error);
  else
    store = mc_store_open (dir, secret, error);
  if (store == NULL)
    return NULL;

  user = mc_cli_profile_dup_actor (mc_cli_context_get_profile (context));
  mc_store_set_actor (store, user, "meldcode-cli", NULL);
  mc_cli_print_notices (store);
  return store;
}

void
mc_cli_print_notices (McStore *store)
{
  g_auto(GStrv) notices = mc_store_take_notices (store);

  for (guint i = 0; notices[i] != NULL; i++)
    {
      g_autofree char *line = g_strdelimit (g_strdup (notices[i]), "\r\n", ' ');

      /* Translators: a warning on stderr that does not stop the command. */
      g_printerr (_("Warning: %s"), line);
      g_printerr ("\n");
    }
}

McCliExit
mc_cli_close_store (McStore   *store,
                    McCliExit  status)
{
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return status;

  if (!mc_store_close (store, &error) && status == MC_CLI_EXIT_OK)
    status = mc_cli_report_error (error);
  g_object_unref (store);

  return status;
}

McCase *
mc_cli_load_case (McStore     *store,
                  const char  *id_or_number,
                  GError     **error)
{
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GError) local_error = NULL;
  McCase *case_;
  guint64 id = 0;
  gint64 found = 0;
  guint n_found = 0;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (id_or_number != NULL, NULL);

  if (!g_ascii_string_to_unsigned (id_or_number, 10, 1, G_MAXINT64, &id, NULL))
    {
      if ((cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, id_or_number, error)) == NULL)
        return NULL;
      for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
        {
          g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, i);

          if (g_strcmp0 (mc_case_summary_get_number (summary), id_or_number) == 0)
            {
              found = mc_case_summary_get_id (summary);
              n_found++;
            }
        }
      if (n_found > 1)
        {
          g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                       _("More than one case has the number %s: give the ID instead "
                         "(“meldcode-cli list” shows it)."), id_or_number);
          return NULL;
        }
      id = (guint64) found;
    }

  if (id == 0 || (case_ = mc_store_load_case (store, (gint64) id, &local_error)) == NULL)
    {
      if (local_error == NULL || g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_NOT_FOUND,
                     _("There is no case “%s” in the store."), id_or_number);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return case_;
}

/* Options */

static gboolean
check_argument (const char  *name,
                const char  *value,
                guint        limit,
                GError     **error)
{
  gsize length;

  if (value == NULL || strlen (value) <= limit)
    return TRUE;
  length = g_utf8_validate (value, -1, NULL) ? mc_text_length (value) : strlen (value);
  if (length <= limit)
    return TRUE;

  g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
               /* Translators: %s is an argument or option such as "search",
                * %u the most characters it takes. */
               _("“%s” is too long: it takes at most %u characters."), name, limit);
  return FALSE;
}

gboolean
mc_cli_parse_options (McCliContext        *context,
                      const char          *command,
                      const char          *parameters,
                      const char          *summary,
                      const GOptionEntry  *entries,
                      int                 *argc,
                      char              ***argv,
                      int                  min_args,
                      int                  max_args,
                      GError             **error)
{
  g_autofree char *store_dir = NULL;
  g_autofree char *protocol_path = NULL;
  /* Also after the command, where people tend to put them. */
  const GOptionEntry global_entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_dir,
      N_("The folder of the case store"), N_("DIR") },
    { "protocol", 0, 0, G_OPTION_ARG_FILENAME, &protocol_path,
      N_("The organisation’s protocol file instead of the built-in one"), N_("FILE") },
    { NULL }
  };
  const GOptionEntry no_entries[] = { { NULL } };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autofree char *prgname = g_strdup_printf ("meldcode-cli %s", command);
  GOptionGroup *global;
  int n_args;
  gboolean ok;

  option_context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (option_context, GETTEXT_PACKAGE);
  g_option_context_set_summary (option_context, summary);
  g_option_context_add_main_entries (option_context, entries != NULL ? entries : no_entries,
                                     GETTEXT_PACKAGE);
  global = g_option_group_new ("global", N_("Options of every command:"),
                               N_("Show the options of every command"), NULL, NULL);
  g_option_group_set_translation_domain (global, GETTEXT_PACKAGE);
  g_option_group_add_entries (global, global_entries);
  g_option_context_add_group (option_context, global);

  /* "Usage: meldcode-cli list [OPTION…]" in --help. */
  g_set_prgname (prgname);
  ok = g_option_context_parse (option_context, argc, argv, error);
  g_set_prgname ("meldcode-cli");
  if (!ok)
    return FALSE;

  if (store_dir != NULL)
    {
      g_free (context->store_dir);
      context->store_dir = g_steal_pointer (&store_dir);
    }
  if (protocol_path != NULL)
    {
      g_free (context->protocol_path);
      context->protocol_path = g_steal_pointer (&protocol_path);
    }

  n_args = *argc - 1;
  if (n_args < min_args || n_args > max_args)
    {
      if (n_args < min_args)
        /* Translators: both %s are the command, e.g. "show". */
        g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                     _("“%s” needs more arguments: see “meldcode-cli %s --help”."), command, command);
      else
        g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                     _("“%s” takes fewer arguments: see “meldcode-cli %s --help”."), command, command);
      return FALSE;
    }

  /* The limits of mc-limits.h hold for the command line too, and wrong use
   * is said before the passphrase is asked. */
  if (g_strcmp0 (parameters, N_("ID")) == 0 && n_args >= 1
      && !check_argument ("ID", (*argv)[1], MC_LIMIT_SEARCH_CHARS, error))
    return FALSE;
  for (const GOptionEntry *entry = entries; entry != NULL && entry->long_name != NULL; entry++)
    {
      guint limit;

      if (entry->arg != G_OPTION_ARG_STRING)
        continue;
      if (g_strcmp0 (entry->long_name, "note") == 0)
        limit = MC_LIMIT_TEXT_CHARS;
      else if (g_strcmp0 (entry->long_name, "search") == 0)
        limit = MC_LIMIT_SEARCH_CHARS;
      else
        limit = MC_LIMIT_NAME_CHARS;
      if (!check_argument (entry->long_name, *(char **) entry->arg_data, limit, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
mc_cli_parse_format (const char   *format,
                     gboolean      allow_csv,
                     McCliFormat  *out,
                     GError      **error)
{
  if (format == NULL || strcmp (format, "text") == 0)
    *out = MC_CLI_FORMAT_TEXT;
  else if (strcmp (format, "tsv") == 0)
    *out = MC_CLI_FORMAT_TSV;
  else if (allow_csv && strcmp (format, "csv") == 0)
    *out = MC_CLI_FORMAT_CSV;
  else
    {
      if (allow_csv)
        g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE, _("--format is text, tsv or csv, not “%s”."), format);
      else
        g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE, _("--format is text or tsv, not “%s”."), format);
      return FALSE;
    }
  return TRUE;
}
