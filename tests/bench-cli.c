/* bench-cli.c: "meldcode-cli list" itself, at 100,000 cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real command (MC_CLI) on the benchmarks' store (bench-generate.c,
 * MC_BENCH_CASES cases, 100,000 by default) with the passphrase on its
 * standard input and its output to /dev/null, and takes the child's CPU
 * time (user and system, from wait4()). The key derivation and the rest of
 * unlocking are the same for every command, so an anchor is subtracted:
 * "show" of a case that does not exist (the same protocol, the same
 * unlock, one lookup, nothing printed). What remains is what list itself
 * costs, printed as a ratio to its target: 300 ms at 100,000 cases, 100 ms
 * at 10,000 (issue 18).
 */

#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-generate.h"
#include "mc-test-util.h"

#define PASSPHRASE MC_BENCH_PASSPHRASE
#define N_RUNS 7

static double
timeval_ms (const struct timeval *tv)
{
  return tv->tv_sec * 1000.0 + tv->tv_usec / 1000.0;
}

/* The CPU time (user and system) of one run of the CLI with @args, in ms;
 * @expected_status its exit status. */
static double
run_cli (const char         *cli,
         const char         *store_dir,
         const char * const *args,
         int                 expected_status)
{
  GPtrArray *argv = g_ptr_array_new ();
  struct rusage usage;
  int input[2];
  int status = 0;
  pid_t pid;

  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "--store");
  g_ptr_array_add (argv, (char *) store_dir);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_cmpint (pipe (input), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int null_fd = open ("/dev/null", O_WRONLY);

      dup2 (input[0], STDIN_FILENO);
      dup2 (null_fd, STDOUT_FILENO);
      dup2 (null_fd, STDERR_FILENO);
      close (input[0]);
      close (input[1]);
      close (null_fd);
      execv (cli, (char **) argv->pdata);
      _exit (127);
    }
  close (input[0]);
  g_assert_cmpint (write (input[1], PASSPHRASE "\n", strlen (PASSPHRASE "\n")), ==,
                   (int) strlen (PASSPHRASE "\n"));
  close (input[1]);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_ptr_array_free (argv, TRUE);

  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, expected_status);
  return timeval_ms (&usage.ru_utime) + timeval_ms (&usage.ru_stime);
}

/* The median of N_RUNS runs; *@least the fastest (on a machine shared
 * with other work, the one least disturbed). */
static double
median_cli (const char         *cli,
            const char         *store_dir,
            const char * const *args,
            int                 expected_status,
            double             *least)
{
  double runs[N_RUNS];

  for (guint i = 0; i < N_RUNS; i++)
    runs[i] = run_cli (cli, store_dir, args, expected_status);
  *least = MIN (runs[0], runs[1]);
  for (guint i = 2; i < N_RUNS; i++)
    *least = MIN (*least, runs[i]);
  return mc_test_median (runs, N_RUNS);
}

int
main (int   argc,
      char *argv[])
{
  const char *cli = g_getenv ("MC_CLI");
  const char *n_text = g_getenv ("MC_BENCH_CASES");
  guint n_cases = n_text != NULL ? (guint) g_ascii_strtoull (n_text, NULL, 10) : 100000;
  double target = n_cases > 10000 ? 300 : 100;
  const char * const anchor_args[] = { "show", "999999999", NULL };
  const struct
  {
    const char *what;
    const char *args[5];
  } lists[] = {
    { "meldcode-cli list (text)", { "list", NULL } },
    { "meldcode-cli list --format tsv", { "list", "--format", "tsv", NULL } },
    { "meldcode-cli list --status open", { "list", "--status", "open", NULL } },
    { "meldcode-cli list --status due", { "list", "--status", "due", NULL } },
    { "meldcode-cli list --search de", { "list", "--search", "de", NULL } },
  };
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  double generate_ms;
  double anchor_ms;
  double anchor_least;

  setlocale (LC_ALL, "C.UTF-8");
  g_assert_nonnull (cli);

  tmp = mc_bench_get_store (n_cases, &generate_ms);
  dir = g_build_filename (tmp, "store", NULL);

  printf ("meldcode-cli on a case store of %u cases: CPU time of the child (user and system),\n"
          "median of %u runs, less the anchor (show of no case: protocol, key derivation, unlock)\n\n",
          n_cases, N_RUNS);

  anchor_ms = median_cli (cli, dir, anchor_args, 3, &anchor_least);
  printf ("%-46s %10.2f ms   (fastest %.2f ms)\n", "anchor: meldcode-cli show 999999999", anchor_ms,
          anchor_least);

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      double least;
      double ms = median_cli (cli, dir, lists[i].args, 0, &least) - anchor_ms;

      least -= anchor_least;
      printf ("%-46s %10.2f ms   %6.2f x target %.0f ms (fastest less fastest: %.2f x)\n",
              lists[i].what, ms, ms / target, target, least / target);
    }

  mc_test_remove_tree (tmp);
  return 0;
}
