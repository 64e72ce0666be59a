/* mc-step-page.h: a step page that can be kept for the next case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening another case gives the step pages already built the new case's
 * McCaseEditor instead of building them again: their static texts (help,
 * questions, group descriptions) keep their widgets and their text
 * layouts, and nothing is torn down. See HACKING.md, "Performance".
 *
 * The contract of mc_step_page_set_editor():
 * - afterwards the page shows exactly what a page made new for @editor
 *   would show: every value, list, row, visibility and sensitivity;
 * - every change made in it is saved through @editor, to its case;
 * - it holds nothing of the case before: no reference to its editor, its
 *   case or its records, and no handler connected to them;
 * - @editor has the same protocol as the editor before (McCasePage builds
 *   the pages again when the protocol changes).
 * Before calling it the caller flushes the editor before
 * (mc_case_editor_flush()), so no typed text is waiting.
 */

#pragma once

#include <adwaita.h>

#include "mc-case-editor.h"

G_BEGIN_DECLS

#define MC_TYPE_STEP_PAGE (mc_step_page_get_type ())

G_DECLARE_INTERFACE (McStepPage, mc_step_page, MC, STEP_PAGE, GtkWidget)

struct _McStepPageInterface
{
  GTypeInterface parent_iface;

  void (*set_editor) (McStepPage   *self,
                      McCaseEditor *editor);
};

void mc_step_page_set_editor (McStepPage   *self,
                              McCaseEditor *editor);

G_END_DECLS
