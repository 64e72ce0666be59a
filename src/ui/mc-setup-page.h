/* mc-setup-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MC_TYPE_SETUP_PAGE (mc_setup_page_get_type ())

G_DECLARE_FINAL_TYPE (McSetupPage, mc_setup_page, MC, SETUP_PAGE, AdwBin)

/* First start: explains what the app keeps, asks for a new passphrase twice
 * and emits "create" with it once it is strong enough; the window creates
 * the store and hands back the recovery key, which the page shows once.
 * "finished" follows when the user confirms they kept the key. */
void mc_setup_page_set_busy          (McSetupPage *self,
                                      gboolean     busy);
void mc_setup_page_show_error        (McSetupPage *self,
                                      const char  *message);
void mc_setup_page_show_recovery_key (McSetupPage *self,
                                      const char  *recovery_key);
void mc_setup_page_reset             (McSetupPage *self);

G_END_DECLS
