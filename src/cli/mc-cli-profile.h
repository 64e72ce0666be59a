/* mc-cli-profile.h: who uses meldcode-cli, as the app knows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The professional's details that sign a report: the app's preferences
 * (its first start asks for the name and function), else the account's
 * full name. Every member may be NULL; none is ever empty. */
typedef struct
{
  char *name;
  char *role;
  char *organisation;
  char *phone;
  char *email;
} McCliProfile;

McCliProfile *mc_cli_profile_load      (void);
void          mc_cli_profile_free      (McCliProfile       *profile);

/* Who the audit trail names: "Name (login)", or the login name when no
 * name is known. */
char         *mc_cli_profile_dup_actor (const McCliProfile *profile);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCliProfile, mc_cli_profile_free)

G_END_DECLS
