/* mc-test-util.h: what several test programs need
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @path and everything below it; a read-only folder left by a test
 * is made writable first, a symbolic link is removed, not followed. */
void  mc_test_remove_tree (const char *path);

/* Runs a program found in PATH (poppler's tools, say) and returns what it
 * printed; the test fails when it cannot run or fails. */
char *mc_test_run         (const char * const *argv);

G_END_DECLS
