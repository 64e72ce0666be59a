/* mc-text-field.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-text-field"

#include "config.h"

#include "mc-limits.h"
#include "mc-text-field.h"

struct _McTextField
{
  GtkWidget    parent_instance;

  GtkLabel      *title_label;
  GtkTextView   *text_view;
  GtkTextBuffer *buffer;         /* the one watched for the limit */
  guint          user_action;    /* depth of the buffer's user actions */
};

G_DEFINE_FINAL_TYPE (McTextField, mc_text_field, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
mc_text_field_new (const char *title)
{
  return g_object_new (MC_TYPE_TEXT_FIELD, "title", title, NULL);
}

const char *
mc_text_field_get_title (McTextField *self)
{
  g_return_val_if_fail (MC_IS_TEXT_FIELD (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
mc_text_field_set_title (McTextField *self,
                         const char  *title)
{
  g_return_if_fail (MC_IS_TEXT_FIELD (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->title_label)) == 0)
    return;

  gtk_label_set_label (self->title_label, title != NULL ? title : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

GtkTextView *
mc_text_field_get_text_view (McTextField *self)
{
  g_return_val_if_fail (MC_IS_TEXT_FIELD (self), NULL);

  return self->text_view;
}

/* A free text takes at most MC_LIMIT_TEXT_CHARS (mc-limits.h), the limit
 * the store holds it to. What the user types or pastes beyond it is
 * refused whole, with the error bell: never cut without a word. Text the
 * program sets (a record being shown) always goes in. */
static void
on_insert_text_cb (GtkTextBuffer *buffer,
                   GtkTextIter   *location,
                   const char    *text,
                   int            length,
                   McTextField   *self)
{
  glong adding;

  if (self->user_action == 0)
    return;
  adding = g_utf8_strlen (text, length);
  if (gtk_text_buffer_get_char_count (buffer) + adding <= MC_LIMIT_TEXT_CHARS)
    return;

  g_signal_stop_emission_by_name (buffer, "insert-text");
  gtk_widget_error_bell (GTK_WIDGET (self->text_view));
}

static void
on_begin_user_action_cb (GtkTextBuffer *buffer,
                         McTextField   *self)
{
  self->user_action++;
}

static void
on_end_user_action_cb (GtkTextBuffer *buffer,
                       McTextField   *self)
{
  if (self->user_action > 0)
    self->user_action--;
}

static void
watch_buffer (McTextField *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  if (buffer == self->buffer)
    return;
  if (self->buffer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->buffer, self);
      g_clear_object (&self->buffer);
    }
  self->user_action = 0;
  self->buffer = g_object_ref (buffer);
  g_signal_connect (buffer, "insert-text", G_CALLBACK (on_insert_text_cb), self);
  g_signal_connect (buffer, "begin-user-action", G_CALLBACK (on_begin_user_action_cb), self);
  g_signal_connect (buffer, "end-user-action", G_CALLBACK (on_end_user_action_cb), self);
}

static void
on_buffer_changed_cb (GtkTextView *text_view,
                      GParamSpec  *pspec,
                      McTextField *self)
{
  watch_buffer (self);
}

/* Tab and Shift+Tab leave the text: these fields never hold a tab, and
 * a text view left alone keeps Shift+Tab (and lets the input method see
 * Tab first). Ctrl+Tab still does what GTK does. */
/* The stop before @from in the window's Tab order, round to the last
 * from the first: the Tab order read forwards from the start. */
static GtkWidget *
previous_stop (GtkRoot   *root,
               GtkWidget *from)
{
  g_autoptr(GPtrArray) stops = g_ptr_array_new ();
  guint index;

  gtk_root_set_focus (root, NULL);
  while (stops->len < 2000 && gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD))
    {
      GtkWidget *focus = gtk_root_get_focus (root);

      if (focus == NULL || g_ptr_array_find (stops, focus, NULL))
        break;
      g_ptr_array_add (stops, focus);
    }
  if (stops->len == 0 || !g_ptr_array_find (stops, from, &index))
    return from;
  return g_ptr_array_index (stops, (index + stops->len - 1) % stops->len);
}

/* As the window's own Tab binding does: on from the focus, and round to
 * the start when the end is reached. Backwards, GTK 4.8 can leave the
 * focus where it was and say it moved: a list box row that takes no focus
 * (a text row) gives the focus to itself when its child lets go, which
 * it cannot take. Then the stop before is looked up in the Tab order. */
static void
move_focus (GtkRoot          *root,
            GtkWidget        *from,
            GtkDirectionType  direction)
{
  if (!gtk_widget_child_focus (GTK_WIDGET (root), direction))
    {
      gtk_root_set_focus (root, NULL);
      gtk_widget_child_focus (GTK_WIDGET (root), direction);
    }
  if (direction == GTK_DIR_TAB_BACKWARD && gtk_root_get_focus (root) == from)
    gtk_widget_grab_focus (previous_stop (root, from));
}

static gboolean
on_text_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        McTextField           *self)
{
  GtkWidget *text_view = GTK_WIDGET (self->text_view);
  GtkDirectionType direction;
  GtkRoot *root;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  direction = (state & GDK_SHIFT_MASK) != 0 || keyval == GDK_KEY_ISO_Left_Tab
              ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  root = gtk_widget_get_root (text_view);
  if (root == NULL)
    return FALSE;
  move_focus (root, text_view, direction);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
  return TRUE;
}

static gboolean
mc_text_field_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (MC_TEXT_FIELD (widget)->text_view));
}

static void
mc_text_field_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  McTextField *self = MC_TEXT_FIELD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, mc_text_field_get_title (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_text_field_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  McTextField *self = MC_TEXT_FIELD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      mc_text_field_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_text_field_dispose (GObject *object)
{
  GtkWidget *child;

  McTextField *self = MC_TEXT_FIELD (object);

  if (self->buffer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->buffer, self);
      g_clear_object (&self->buffer);
    }
  if (self->text_view != NULL)
    g_signal_handlers_disconnect_by_data (self->text_view, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_TEXT_FIELD);
  /* The template's unnamed widgets are children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_text_field_parent_class)->dispose (object);
}

static void
mc_text_field_class_init (McTextFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mc_text_field_get_property;
  object_class->set_property = mc_text_field_set_property;
  object_class->dispose = mc_text_field_dispose;
  widget_class->grab_focus = mc_text_field_grab_focus;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-text-field.ui");
  gtk_widget_class_bind_template_child (widget_class, McTextField, title_label);
  gtk_widget_class_bind_template_child (widget_class, McTextField, text_view);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
mc_text_field_init (McTextField *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  watch_buffer (self);
  g_signal_connect (self->text_view, "notify::buffer", G_CALLBACK (on_buffer_changed_cb), self);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_text_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);
  }
}
