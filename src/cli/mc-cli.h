/* mc-cli.h: what the commands of meldcode-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "mc-cli-profile.h"
#include "mc-protocol.h"
#include "mc-report.h"
#include "mc-store.h"

G_BEGIN_DECLS

/* The exit statuses, documented in docs/meldcode-cli.md; scripts rely on
 * them, so they never change meaning. */
typedef enum
{
  MC_CLI_EXIT_OK            = 0,
  MC_CLI_EXIT_USAGE         = 1,  /* wrong arguments, weak or mismatched passphrase, would overwrite */
  MC_CLI_EXIT_WRONG_SECRET  = 2,  /* wrong passphrase or recovery key */
  MC_CLI_EXIT_NOT_FOUND     = 3,  /* no such case, store or file */
  MC_CLI_EXIT_INVALID_INPUT = 4,  /* a report, backup or protocol file that cannot be used; a store
                                   * this version cannot use but that is not damaged (other cipher
                                   * settings, or one it could not bring up to date) */
  MC_CLI_EXIT_CORRUPT       = 5,  /* damaged store, or verification failed */
  MC_CLI_EXIT_IO            = 6,  /* cannot read or write */
} McCliExit;

#define MC_CLI_ERROR (mc_cli_error_quark ())

/* The CLI's own errors carry the exit status as their code. */
typedef McCliExit McCliError;

GQuark      mc_cli_error_quark        (void);

/* The one place that turns an error of any module into an exit status. */
McCliExit   mc_cli_exit_status        (const GError  *error);
/* "meldcode-cli: <message>" on one line on stderr; returns the exit
 * status for @error. */
McCliExit   mc_cli_report_error       (const GError  *error);
/* Data for scripts and people: UTF-8 on stdout as it is. */
/* --format: text (also when not given), tsv, or csv where @allow_csv. */
typedef enum
{
  MC_CLI_FORMAT_TEXT,
  MC_CLI_FORMAT_TSV,
  MC_CLI_FORMAT_CSV,
} McCliFormat;

/* FALSE, with a usage error that names what is allowed, for anything
 * else. */
gboolean    mc_cli_parse_format       (const char    *format,
                                       gboolean       allow_csv,
                                       McCliFormat   *out,
                                       GError       **error);

void        mc_cli_print              (const char    *format,
                                       ...) G_GNUC_PRINTF (1, 2);

/* Appends @value (may be NULL) to a line of tab-separated values: a tab,
 * line end, carriage return or backslash in it as \t, \n, \r or \\. */
void        mc_cli_append_tsv         (GString       *line,
                                       const char    *value);
/* A text table on stdout: @header, then @rows (of GStrv, as many cells as
 * the header), each column as wide as its widest cell. Tabs and line ends
 * in a cell become spaces, so a row stays one line. */
void        mc_cli_print_table        (const char * const *header,
                                       GPtrArray     *rows);

/* The parts of that table, for one too long to keep as strings (list at
 * 100,000 cases): it is gone over twice, for the widths and to print.
 * A cell as the table prints it, and its width in characters: sanitised
 * (a text that needs it once per @cleaned, from
 * mc_cli_table_cells_new(), which holds the result) or @cell itself. */
GHashTable *mc_cli_table_cells_new    (void);
const char *mc_cli_table_cell         (GHashTable    *cleaned,
                                       const char    *cell,
                                       guint         *length);
/* Appends one line of the table to @line: each cell but the last padded
 * to its column's width and two spaces, the line end. */
void        mc_cli_append_table_line  (GString       *line,
                                       const char * const *cells,
                                       const guint   *lengths,
                                       const guint   *widths,
                                       guint          n_columns);
/* Writes @out to stdout when it holds @at_least bytes (0: whatever it
 * holds), and empties it: output in large pieces, not a write per line. */
void        mc_cli_write_out          (GString       *out,
                                       gsize          at_least);

/* Secrets live in locked memory and are wiped when freed. */
typedef char McCliSecret;

/* Reads one secret: from the terminal without echo when stdin is one
 * (twice when @confirm, which must match), otherwise the next line of
 * stdin. @prompt is shown on the terminal only. */
McCliSecret *mc_cli_read_secret       (const char    *prompt,
                                       const char    *confirm_prompt,
                                       GError       **error);
void         mc_cli_secret_free       (McCliSecret   *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCliSecret, mc_cli_secret_free)

/* The global options and what every command reads from them. */
typedef struct
{
  char *store_dir;       /* --store, or NULL for the default */
  char *protocol_path;   /* --protocol, or NULL for the built-in protocol */
  McCliProfile *profile; /* read once, by mc_cli_context_get_profile() */
} McCliContext;

/* The user as the app's preferences (or the account) name them. */
const McCliProfile *mc_cli_context_get_profile (McCliContext *context);

const char  *mc_cli_context_get_store_dir (McCliContext  *context);
McProtocol  *mc_cli_context_load_protocol (McCliContext  *context,
                                           GError       **error);
/* Reads the passphrase (or with @recovery_key the recovery key), opens the
 * store and names the user in its audit trail. MC_CLI_EXIT_NOT_FOUND
 * before asking anything when there is no store. */
McStore     *mc_cli_context_open_store    (McCliContext  *context,
                                           gboolean       recovery_key,
                                           GError       **error);
/* What the store has to tell since it was opened (a mode made private, a
 * database older than its key file), as warnings on stderr. The open above
 * prints them already. */
void         mc_cli_print_notices         (McStore       *store);
/* Closes @store (the lock goes into the audit trail). When @status is OK
 * a failure to close becomes the status; otherwise @status is kept. */
McCliExit    mc_cli_close_store           (McStore       *store,
                                           McCliExit      status);

/* The path given with --protocol anywhere in @argv (the options of a
 * command are parsed after its help is made), else the one given before
 * the command; NULL for the built-in protocol. */
const char  *mc_cli_context_peek_protocol (McCliContext  *context,
                                           int            argc,
                                           char         **argv);

/* The report's author and function: @author and @role as given, else from
 * the app's preferences or the account's full name (mc-cli-profile.c).
 * Fails (exit 1) when no name is known: a login name signs no report. */
gboolean     mc_cli_resolve_author        (McCliContext  *context,
                                           char         **author,
                                           char         **role,
                                           GError       **error);

/* The organisation, phone and e-mail of the preferences on @report; @phone
 * and @email as given win over them. */
void         mc_cli_sign_report           (McCliContext  *context,
                                           McReport      *report,
                                           const char    *phone,
                                           const char    *email);

/* A case by its ID, or by its number ("2026-0001") when that is not a
 * number and only one case has it. */
McCase      *mc_cli_load_case             (McStore       *store,
                                           const char    *id_or_number,
                                           GError       **error);

/* Parses the options of one command; a usage error when parsing fails or
 * the number of arguments left (after the command name) is not between
 * @min_args and @max_args. --help prints the help and exits 0. */
gboolean     mc_cli_parse_options         (McCliContext  *context,
                                           const char    *command,
                                           const char    *parameters,
                                           const char    *summary,
                                           const GOptionEntry *entries,
                                           int           *argc,
                                           char        ***argv,
                                           int            min_args,
                                           int            max_args,
                                           GError       **error);

/* When a closed case may be destroyed under the organisation's retention
 * period (the store's, else @protocol's: mc_store_get_retention_policy()),
 * as a person reads it ("3 December 2046"); NULL for an open case. */
char        *mc_cli_describe_destroy_on   (McStore       *store,
                                           McProtocol    *protocol,
                                           McCase        *case_);

/* The commands: argv[0] is the command name. */
typedef int (*McCliCommandFunc) (McCliContext  *context,
                                 int            argc,
                                 char         **argv);

int mc_cli_command_init           (McCliContext *context, int argc, char **argv);
int mc_cli_command_list           (McCliContext *context, int argc, char **argv);
int mc_cli_command_show           (McCliContext *context, int argc, char **argv);
int mc_cli_command_export         (McCliContext *context, int argc, char **argv);
int mc_cli_command_inzage         (McCliContext *context, int argc, char **argv);
int mc_cli_command_import         (McCliContext *context, int argc, char **argv);
int mc_cli_command_backup         (McCliContext *context, int argc, char **argv);
int mc_cli_command_restore        (McCliContext *context, int argc, char **argv);
int mc_cli_command_verify         (McCliContext *context, int argc, char **argv);
int mc_cli_command_passwd         (McCliContext *context, int argc, char **argv);
int mc_cli_command_check_protocol (McCliContext *context, int argc, char **argv);
int mc_cli_command_close          (McCliContext *context, int argc, char **argv);
int mc_cli_command_reopen         (McCliContext *context, int argc, char **argv);
int mc_cli_command_due            (McCliContext *context, int argc, char **argv);
int mc_cli_command_stats          (McCliContext *context, int argc, char **argv);
int mc_cli_command_stats_combine  (McCliContext *context, int argc, char **argv);
int mc_cli_command_retention      (McCliContext *context, int argc, char **argv);
int mc_cli_command_destroy        (McCliContext *context, int argc, char **argv);
int mc_cli_command_audit          (McCliContext *context, int argc, char **argv);
int mc_cli_command_transfer       (McCliContext *context, int argc, char **argv);
int mc_cli_command_receive        (McCliContext *context, int argc, char **argv);
int mc_cli_command_fingerprint    (McCliContext *context, int argc, char **argv);

G_END_DECLS
