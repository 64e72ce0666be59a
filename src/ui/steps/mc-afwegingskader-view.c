/* mc-afwegingskader-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-afwegingskader-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-afwegingskader-view.h"
#include "mc-answer-buttons.h"
#include "mc-completeness.h"

struct _McAfwegingskaderView
{
  AdwBin               parent_instance;

  McCaseEditor        *editor;
  /* The question rows in protocol order, named by question id. */
  GPtrArray           *question_rows;
  gboolean             refreshing;
  AdwExpanderRow      *definitions_row;

  AdwPreferencesGroup *questions_group;
  GtkListBox          *questions_list;
  GtkLabel            *report_label;
  GtkLabel            *help_label;
  AdwActionRow        *together_row;
  GtkListBox          *outcomes_list;
};

G_DEFINE_FINAL_TYPE (McAfwegingskaderView, mc_afwegingskader_view, ADW_TYPE_BIN)

static const char *
answer_text (McAnswer    answer,
             const char *yes,
             const char *no)
{
  switch (answer)
    {
    case MC_ANSWER_YES:
      return yes;
    case MC_ANSWER_NO:
      return no;
    case MC_ANSWER_UNKNOWN:
    default:
      return _("Not decided yet");
    }
}

/* The earlier round whose answer to @question_id the current round takes
 * over (an evaluation round), 0 when it takes none. */
static guint
earlier_answer_round (McCase     *case_,
                      McProtocol *protocol,
                      const char *question_id)
{
  guint round = mc_case_get_current_round (case_);

  if (round <= 1 || mc_case_lookup_question (case_, protocol, question_id) == MC_ANSWER_UNKNOWN)
    return 0;

  for (guint earlier = round - 1; earlier >= 1; earlier--)
    if (mc_case_find_round_afweging_answer (case_, earlier, question_id) != NULL)
      return earlier;

  return 0;
}

static void
refresh (McAfwegingskaderView *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  g_autoptr(McAfwegingResult) result = mc_case_decide (case_, protocol);
  GtkWidget *child;

  self->refreshing = TRUE;
  for (guint i = 0; i < self->question_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->question_rows, i);
      McAnswerButtons *buttons = g_object_get_data (G_OBJECT (row), "mc-buttons");
      const char *help = g_object_get_data (G_OBJECT (row), "mc-help");
      const char *id = gtk_widget_get_name (row);
      McAfwegingAnswer *answer = mc_case_find_afweging_answer (case_, id);
      gboolean reached = g_strcmp0 (result->next_question_id, id) == 0
                         || (result->path != NULL && g_strv_contains ((const char * const *) result->path, id));
      guint from_round = answer == NULL ? earlier_answer_round (case_, protocol, id) : 0;
      McAnswer value = MC_ANSWER_UNKNOWN;

      if (answer != NULL)
        value = mc_record_get_answer (MC_RECORD (answer), "answer");
      else if (from_round != 0)
        value = mc_case_lookup_question (case_, protocol, id);

      gtk_widget_set_visible (row, reached);
      mc_answer_buttons_set_answer (buttons, value);
      /* An evaluation asks only whether the help works; the answers that
       * led to the help stand as an earlier round gave them. */
      gtk_widget_set_sensitive (GTK_WIDGET (buttons), from_round == 0);
      if (from_round != 0)
        {
          /* Translators: under an afwegingskader question that an
           * evaluation round takes over from an earlier round. */
          g_autofree char *subtitle = g_strdup_printf (_("Answer from decision round %u"), from_round);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), help != NULL ? help : "");
    }
  self->refreshing = FALSE;

  gtk_label_set_label (self->report_label,
                       answer_text (result->report_needed, _("Necessary"), _("Not necessary")));
  gtk_label_set_label (self->help_label,
                       answer_text (result->help_possible, _("Possible"), _("Not possible")));

  if (result->together_with_id != NULL)
    {
      const McProtocolContact *contact = mc_protocol_lookup_contact (protocol, result->together_with_id);
      g_autofree char *title = NULL;

      /* Translators: %s is a contact such as Veilig Thuis. */
      title = g_strdup_printf (_("Answer the remaining questions together with %s"),
                               contact != NULL ? contact->name : result->together_with_id);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->together_row), title);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->together_row), result->together_with_id != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->outcomes_list))) != NULL)
    gtk_list_box_remove (self->outcomes_list, child);
  for (guint i = 0; result->outcome_ids != NULL && result->outcome_ids[i] != NULL; i++)
    {
      const McProtocolOutcome *outcome = mc_protocol_lookup_outcome (protocol, result->outcome_ids[i]);
      GtkWidget *row;

      if (outcome == NULL)
        continue;

      row = adw_action_row_new ();
      gtk_widget_set_name (row, outcome->id);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), outcome->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), outcome->reason);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_append (self->outcomes_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->outcomes_list),
                          result->outcome_ids != NULL && result->outcome_ids[0] != NULL);
}

static void
on_answer_cb (McAnswerButtons      *buttons,
              GParamSpec           *pspec,
              McAfwegingskaderView *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  const char *id = g_object_get_data (G_OBJECT (buttons), "mc-question-id");
  McAnswer answer = mc_answer_buttons_get_answer (buttons);
  McAfwegingAnswer *stored = mc_case_find_afweging_answer (case_, id);
  g_autoptr(McRecord) record = NULL;
  McAnswer old;

  if (self->refreshing)
    return;

  if (stored != NULL)
    record = g_object_ref (MC_RECORD (stored));
  else
    {
      /* Stored, and added to the case, with its first answer. */
      record = MC_RECORD (mc_afweging_answer_new (mc_record_get_id (MC_RECORD (case_))));
      mc_record_set_string (record, "question-id", id);
    }

  old = mc_record_get_answer (record, "answer");
  if (old == answer)
    return;

  mc_record_set_answer (record, "answer", answer);
  if (!mc_case_editor_save (self->editor, record, "answer"))
    {
      mc_record_set_answer (record, "answer", old);
      refresh (self);
    }
}

static void
add_question (McAfwegingskaderView     *self,
              const McProtocolQuestion *question)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *buttons = mc_answer_buttons_new (question->text, FALSE);
  g_autofree char *number = g_strdup_printf ("%u", question->number);
  GtkWidget *number_label = gtk_label_new (number);

  gtk_widget_set_name (row, question->id);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), question->text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (question->help != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), question->help);
      /* The protocol outlives the view. */
      g_object_set_data (G_OBJECT (row), "mc-help", (gpointer) question->help);
    }

  gtk_widget_add_css_class (number_label, "title-4");
  gtk_widget_set_size_request (number_label, 24, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), number_label);

  g_object_set_data_full (G_OBJECT (buttons), "mc-question-id", g_strdup (question->id), g_free);
  g_signal_connect (buttons, "notify::answer", G_CALLBACK (on_answer_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
  g_object_set_data (G_OBJECT (row), "mc-buttons", buttons);

  gtk_list_box_append (self->questions_list, row);
  g_ptr_array_add (self->question_rows, row);
}

static void
add_definitions (McAfwegingskaderView           *self,
                 const McProtocolAfwegingskader *afwegingskader)
{
  GtkWidget *expander;

  if (afwegingskader->definitions->len == 0)
    return;

  expander = mc_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Definitions"));
  adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (expander), "help-about-symbolic");

  for (guint i = 0; i < afwegingskader->definitions->len; i++)
    {
      const McProtocolDefinition *definition = g_ptr_array_index (afwegingskader->definitions, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), definition->term);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), definition->text);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }

  gtk_list_box_append (self->questions_list, expander);
  self->definitions_row = ADW_EXPANDER_ROW (expander);
}

GtkWidget *
mc_afwegingskader_view_new (McCaseEditor *editor)
{
  McAfwegingskaderView *self;
  const McProtocolAfwegingskader *afwegingskader;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (editor), NULL);

  self = g_object_new (MC_TYPE_AFWEGINGSKADER_VIEW, NULL);
  afwegingskader = mc_protocol_get_afwegingskader (mc_case_editor_get_protocol (editor));

  mc_preferences_group_set_plain (self->questions_group, afwegingskader->title,
                                  afwegingskader->introduction);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->questions_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, afwegingskader->title,
                                  -1);
  for (guint i = 0; i < afwegingskader->questions->len; i++)
    add_question (self, g_ptr_array_index (afwegingskader->questions, i));
  add_definitions (self, afwegingskader);

  mc_afwegingskader_view_set_editor (self, editor);

  return GTK_WIDGET (self);
}

/* The questions, their help and the definitions are the protocol's and
 * stay; the answers, which questions show and the outcomes are the
 * case's. */
void
mc_afwegingskader_view_set_editor (McAfwegingskaderView *self,
                                   McCaseEditor         *editor)
{
  g_return_if_fail (MC_IS_AFWEGINGSKADER_VIEW (self));
  g_return_if_fail (MC_IS_CASE_EDITOR (editor));

  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);
  g_set_object (&self->editor, editor);
  g_signal_connect_object (editor, "saved", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);

  /* As a view made new shows it. */
  if (self->definitions_row != NULL)
    adw_expander_row_set_expanded (self->definitions_row, FALSE);
  refresh (self);
}

gboolean
mc_afwegingskader_view_focus_next (McAfwegingskaderView *self)
{
  g_autoptr(McAfwegingResult) result = NULL;

  g_return_val_if_fail (MC_IS_AFWEGINGSKADER_VIEW (self), FALSE);

  result = mc_case_decide (mc_case_editor_get_case (self->editor),
                           mc_case_editor_get_protocol (self->editor));
  for (guint i = 0; result->next_question_id != NULL && i < self->question_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->question_rows, i);
      McAnswerButtons *buttons = g_object_get_data (G_OBJECT (row), "mc-buttons");

      if (g_strcmp0 (gtk_widget_get_name (row), result->next_question_id) == 0)
        return gtk_widget_grab_focus (mc_answer_buttons_get_button (buttons, MC_ANSWER_YES));
    }

  return FALSE;
}

static void
mc_afwegingskader_view_dispose (GObject *object)
{
  McAfwegingskaderView *self = MC_AFWEGINGSKADER_VIEW (object);

  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_AFWEGINGSKADER_VIEW);
  g_clear_pointer (&self->question_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_afwegingskader_view_parent_class)->dispose (object);
}

static void
mc_afwegingskader_view_finalize (GObject *object)
{
  McAfwegingskaderView *self = MC_AFWEGINGSKADER_VIEW (object);

  g_clear_object (&self->editor);

  G_OBJECT_CLASS (mc_afwegingskader_view_parent_class)->finalize (object);
}

static void
mc_afwegingskader_view_class_init (McAfwegingskaderViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_afwegingskader_view_dispose;
  object_class->finalize = mc_afwegingskader_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-afwegingskader-view.ui");
  gtk_widget_class_bind_template_child (widget_class, McAfwegingskaderView, questions_group);
  gtk_widget_class_bind_template_child (widget_class, McAfwegingskaderView, questions_list);
  gtk_widget_class_bind_template_child (widget_class, McAfwegingskaderView, report_label);
  gtk_widget_class_bind_template_child (widget_class, McAfwegingskaderView, help_label);
  gtk_widget_class_bind_template_child (widget_class, McAfwegingskaderView, together_row);
  gtk_widget_class_bind_template_child (widget_class, McAfwegingskaderView, outcomes_list);
}

static void
mc_afwegingskader_view_init (McAfwegingskaderView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->question_rows = g_ptr_array_new ();
}
