/* mc-unlock-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MC_TYPE_UNLOCK_PAGE (mc_unlock_page_get_type ())

G_DECLARE_FINAL_TYPE (McUnlockPage, mc_unlock_page, MC, UNLOCK_PAGE, AdwBin)

/* The page only asks; the window opens the store. "unlock" is emitted with
 * the passphrase or recovery key and whether it is the recovery key; the
 * window answers with mc_unlock_page_set_busy() and, when it fails,
 * mc_unlock_page_show_error(). */
void mc_unlock_page_set_busy   (McUnlockPage *self,
                                gboolean      busy);
/* @wrong_key: the passphrase or recovery key typed is wrong, and its row
 * is marked as such; any other error leaves the row unmarked. */
void mc_unlock_page_show_error (McUnlockPage *self,
                                const char   *message,
                                gboolean      wrong_key);
gboolean mc_unlock_page_get_busy (McUnlockPage *self);
/* Empties the fields, for when the store locks again. */
void mc_unlock_page_reset      (McUnlockPage *self);

G_END_DECLS
