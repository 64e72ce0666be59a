/* mc-cli-secret.c: passphrases and recovery keys from the terminal or stdin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Never from the command line or the environment, where other programs of
 * the same user (ps, /proc) and shell histories see them.
 */

#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <sodium.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "mc-cli.h"

/* Far above any passphrase a person types; the rest of a longer line is
 * refused rather than cut off, which would change the secret silently. */
#define SECRET_MAX 1024

static struct termios saved_termios;
static volatile sig_atomic_t echo_off;

/* A signal while the echo is off must not leave the terminal silent. */
static void
restore_terminal_and_die (int signum)
{
  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

void
mc_cli_secret_free (McCliSecret *secret)
{
  /* sodium_free() wipes the memory before it gives it back. */
  if (secret != NULL)
    sodium_free (secret);
}

static McCliSecret *
secret_new (void)
{
  McCliSecret *secret = sodium_malloc (SECRET_MAX + 1);

  if (secret == NULL)
    g_error ("Out of locked memory for a passphrase");
  secret[0] = '\0';
  return secret;
}

/* One line of stdin, byte by byte: stdio would keep a copy in its buffer,
 * and the next secret must start where this line ends. */
static gboolean
read_line (McCliSecret  *secret,
           gboolean     *got_any,
           GError      **error)
{
  gsize len = 0;
  gboolean too_long = FALSE;
  gboolean has_nul = FALSE;

  *got_any = FALSE;
  for (;;)
    {
      char c;
      ssize_t n = read (STDIN_FILENO, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_IO,
                       _("Cannot read the passphrase: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      *got_any = TRUE;
      if (c == '\n')
        break;
      /* Kept, it would end the C string early and cut the secret short
       * without a word. */
      if (c == '\0')
        has_nul = TRUE;
      if (len >= SECRET_MAX)
        too_long = TRUE;
      else
        secret[len++] = c;
    }

  if (len > 0 && secret[len - 1] == '\r')
    len--;
  secret[len] = '\0';
  if (too_long)
    {
      sodium_memzero (secret, SECRET_MAX + 1);
      g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                   _("The passphrase is longer than %d bytes."), SECRET_MAX);
      return FALSE;
    }
  if (has_nul)
    {
      sodium_memzero (secret, SECRET_MAX + 1);
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("The passphrase contains a NUL byte, which no passphrase can hold."));
      return FALSE;
    }
  /* Every passphrase is UTF-8 text (and normalized as such): bytes in
   * another character set cannot be one, and would reach the key
   * derivation as something else than what was typed. */
  if (!g_utf8_validate (secret, len, NULL))
    {
      sodium_memzero (secret, SECRET_MAX + 1);
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                           _("The passphrase is not valid UTF-8 text. Type it in a terminal that uses UTF-8."));
      return FALSE;
    }

  return TRUE;
}

static McCliSecret *
read_from_terminal (const char  *prompt,
                    GError     **error)
{
  g_autoptr(McCliSecret) secret = secret_new ();
  struct sigaction action = { 0 };
  struct sigaction old_int, old_term, old_hup, old_quit;
  struct termios quiet;
  gboolean got_any = FALSE;
  gboolean ok;

  if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MC_CLI_ERROR, MC_CLI_EXIT_IO,
                   _("Cannot read the passphrase: %s"), g_strerror (saved_errno));
      return NULL;
    }

  action.sa_handler = restore_terminal_and_die;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &old_int);
  sigaction (SIGTERM, &action, &old_term);
  sigaction (SIGHUP, &action, &old_hup);
  sigaction (SIGQUIT, &action, &old_quit);

  quiet = saved_termios;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  quiet.c_lflag |= ICANON;
  fputs (prompt, stderr);
  fflush (stderr);
  echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;

  ok = read_line (secret, &got_any, error);

  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  echo_off = FALSE;
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);
  sigaction (SIGHUP, &old_hup, NULL);
  sigaction (SIGQUIT, &old_quit, NULL);
  /* The Enter key was not echoed either. */
  fputc ('\n', stderr);

  return ok ? g_steal_pointer (&secret) : NULL;
}

McCliSecret *
mc_cli_read_secret (const char  *prompt,
                    const char  *confirm_prompt,
                    GError     **error)
{
  g_autoptr(McCliSecret) secret = NULL;
  g_autoptr(McCliSecret) again = NULL;
  gboolean got_any = FALSE;

  g_return_val_if_fail (prompt != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!isatty (STDIN_FILENO))
    {
      secret = secret_new ();
      if (!read_line (secret, &got_any, error))
        return NULL;
      if (!got_any)
        {
          g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                               _("Standard input ended before the passphrase: give each passphrase or key on a line of its own."));
          return NULL;
        }
    }
  else if ((secret = read_from_terminal (prompt, error)) == NULL)
    return NULL;

  if (secret[0] == '\0')
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE, _("The passphrase is empty."));
      return NULL;
    }

  if (confirm_prompt != NULL && isatty (STDIN_FILENO))
    {
      if ((again = read_from_terminal (confirm_prompt, error)) == NULL)
        return NULL;
      if (strcmp (secret, again) != 0)
        {
          g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_EXIT_USAGE,
                               _("The passphrases do not match."));
          return NULL;
        }
    }

  return g_steal_pointer (&secret);
}
