/* mc-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mc-test-ui.h"

GtkWidget *
mc_test_find_descendant (GtkWidget *widget,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  /* A drop-down's own list is never what a test looks for. */
  if (GTK_IS_DROP_DOWN (widget))
    return NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mc_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}
