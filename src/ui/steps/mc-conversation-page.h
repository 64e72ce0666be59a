/* mc-conversation-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mc-case-editor.h"

G_BEGIN_DECLS

#define MC_TYPE_CONVERSATION_PAGE (mc_conversation_page_get_type ())

G_DECLARE_FINAL_TYPE (McConversationPage, mc_conversation_page, MC, CONVERSATION_PAGE, AdwBin)

/* Step 3: the conversation with the client or the legal representatives,
 * or why it did not take place. */
GtkWidget *mc_conversation_page_new (McCaseEditor *editor);

G_END_DECLS
