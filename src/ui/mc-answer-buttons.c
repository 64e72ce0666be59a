/* mc-answer-buttons.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-answer-buttons"

#include "config.h"

#include <adwaita.h>

#include "mc-answer-buttons.h"

struct _McAnswerButtons
{
  GtkWidget        parent_instance;

  McAnswer         answer;
  gboolean         updating;

  GtkToggleButton *yes_button;
  GtkToggleButton *no_button;
  GtkToggleButton *unknown_button;
};

G_DEFINE_FINAL_TYPE (McAnswerButtons, mc_answer_buttons, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ANSWER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sync_buttons (McAnswerButtons *self)
{
  self->updating = TRUE;
  gtk_toggle_button_set_active (self->yes_button, self->answer == MC_ANSWER_YES);
  gtk_toggle_button_set_active (self->no_button, self->answer == MC_ANSWER_NO);
  gtk_toggle_button_set_active (self->unknown_button, self->answer == MC_ANSWER_UNKNOWN);
  self->updating = FALSE;
}

static void
on_toggled_cb (McAnswerButtons *self,
               GtkToggleButton *button)
{
  McAnswer answer;

  if (self->updating)
    return;

  if (!gtk_toggle_button_get_active (button))
    answer = MC_ANSWER_UNKNOWN;
  else if (button == self->yes_button)
    answer = MC_ANSWER_YES;
  else if (button == self->no_button)
    answer = MC_ANSWER_NO;
  else
    answer = MC_ANSWER_UNKNOWN;

  mc_answer_buttons_set_answer (self, answer);
  /* Unknown stays pressed while it is the answer. */
  sync_buttons (self);
}

GtkWidget *
mc_answer_buttons_new (const char *label,
                       gboolean    show_unknown)
{
  McAnswerButtons *self = g_object_new (MC_TYPE_ANSWER_BUTTONS, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->unknown_button), show_unknown);
  sync_buttons (self);
  if (label != NULL)
    {
      GtkWidget *buttons[] = { GTK_WIDGET (self->yes_button), GTK_WIDGET (self->no_button),
                               GTK_WIDGET (self->unknown_button) };

      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      /* The row is no stop of its own (below): each answer says its
       * question. */
      for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
        gtk_accessible_update_property (GTK_ACCESSIBLE (buttons[i]),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label,
                                        -1);
    }

  return GTK_WIDGET (self);
}

McAnswer
mc_answer_buttons_get_answer (McAnswerButtons *self)
{
  g_return_val_if_fail (MC_IS_ANSWER_BUTTONS (self), MC_ANSWER_UNKNOWN);

  return self->answer;
}

void
mc_answer_buttons_set_answer (McAnswerButtons *self,
                              McAnswer         answer)
{
  g_return_if_fail (MC_IS_ANSWER_BUTTONS (self));

  if (self->answer == answer)
    return;

  self->answer = answer;
  sync_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWER]);
}

GtkWidget *
mc_answer_buttons_get_button (McAnswerButtons *self,
                              McAnswer         answer)
{
  g_return_val_if_fail (MC_IS_ANSWER_BUTTONS (self), NULL);

  switch (answer)
    {
    case MC_ANSWER_YES:
      return GTK_WIDGET (self->yes_button);
    case MC_ANSWER_NO:
      return GTK_WIDGET (self->no_button);
    case MC_ANSWER_UNKNOWN:
      return GTK_WIDGET (self->unknown_button);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
mc_answer_buttons_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  McAnswerButtons *self = MC_ANSWER_BUTTONS (object);

  switch (prop_id)
    {
    case PROP_ANSWER:
      g_value_set_enum (value, self->answer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_answer_buttons_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  McAnswerButtons *self = MC_ANSWER_BUTTONS (object);

  switch (prop_id)
    {
    case PROP_ANSWER:
      mc_answer_buttons_set_answer (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_answer_buttons_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_ANSWER_BUTTONS);

  G_OBJECT_CLASS (mc_answer_buttons_parent_class)->dispose (object);
}

static void
mc_answer_buttons_class_init (McAnswerButtonsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mc_answer_buttons_get_property;
  object_class->set_property = mc_answer_buttons_set_property;
  object_class->dispose = mc_answer_buttons_dispose;

  properties[PROP_ANSWER] =
    g_param_spec_enum ("answer", NULL, NULL,
                       MC_TYPE_ANSWER, MC_ANSWER_UNKNOWN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-answer-buttons.ui");
  gtk_widget_class_bind_template_child (widget_class, McAnswerButtons, yes_button);
  gtk_widget_class_bind_template_child (widget_class, McAnswerButtons, no_button);
  gtk_widget_class_bind_template_child (widget_class, McAnswerButtons, unknown_button);
  gtk_widget_class_bind_template_callback (widget_class, on_toggled_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "box");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* A question's row is read by its buttons: one Tab stop fewer a question
 * (the row did nothing the buttons do not). */
static void
on_realize_cb (McAnswerButtons *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_ACTION_ROW);

  if (row != NULL && adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) == NULL)
    gtk_widget_set_focusable (row, FALSE);
}

static void
mc_answer_buttons_init (McAnswerButtons *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "realize", G_CALLBACK (on_realize_cb), NULL);
}
