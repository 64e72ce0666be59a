/* mc-step-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-step-page"

#include "config.h"

#include "mc-step-page.h"

G_DEFINE_INTERFACE (McStepPage, mc_step_page, GTK_TYPE_WIDGET)

static void
mc_step_page_default_init (McStepPageInterface *iface)
{
}

void
mc_step_page_set_editor (McStepPage   *self,
                         McCaseEditor *editor)
{
  g_return_if_fail (MC_IS_STEP_PAGE (self));
  g_return_if_fail (MC_IS_CASE_EDITOR (editor));

  MC_STEP_PAGE_GET_IFACE (self)->set_editor (self, editor);
}
