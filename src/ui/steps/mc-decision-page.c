/* mc-decision-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-decision-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-afwegingskader.h"
#include "mc-dates.h"
#include "mc-decision-page.h"
#include "mc-decision-round.h"
#include "mc-row-title.h"
#include "mc-step-page.h"
#include "mc-step-rows.h"

struct _McDecisionPage
{
  AdwBin               parent_instance;

  McCaseEditor        *editor;
  GListModel          *decisions;
  /* The McDecisionRound of the case's current round. */
  GtkWidget           *round;
  guint                rebuild_source;

  AdwPreferencesGroup *earlier_group;
  GtkListBox          *earlier_list;
  AdwBin              *round_bin;
  GtkListBox          *follow_ups_list;
  GtkFlowBox           *report_box;
};

static void mc_decision_page_step_page_init (McStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McDecisionPage, mc_decision_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_STEP_PAGE, mc_decision_page_step_page_init))

/* Earlier rounds */

typedef struct
{
  McCase     *case_;
  McProtocol *protocol;
  guint       round;
} RoundLookup;

static gboolean
is_continue_question (McProtocol *protocol,
                      const char *question_id)
{
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol);

  for (guint i = 0; i < kader->outcomes->len; i++)
    {
      const McProtocolOutcome *outcome = g_ptr_array_index (kader->outcomes, i);

      if (g_strcmp0 (outcome->continue_question_id, question_id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* An answer as @round had it: an evaluation round takes the answers that
 * led to the help from the rounds before it (as mc_case_lookup_question()
 * does for the current round). */
static McAnswer
lookup_in_round (const char *question_id,
                 gpointer    user_data)
{
  RoundLookup *lookup = user_data;
  McAfwegingAnswer *answer;
  McDecision *decision;

  answer = mc_case_find_round_afweging_answer (lookup->case_, lookup->round, question_id);
  if (answer != NULL)
    return mc_record_get_answer (MC_RECORD (answer), "answer");

  decision = mc_case_get_round_decision (lookup->case_, lookup->round);
  if (decision == NULL || g_strcmp0 (mc_record_get_string (MC_RECORD (decision), "kind"), "evaluation") != 0
      || is_continue_question (lookup->protocol, question_id))
    return MC_ANSWER_UNKNOWN;

  for (guint earlier = lookup->round - 1; earlier >= 1; earlier--)
    if ((answer = mc_case_find_round_afweging_answer (lookup->case_, earlier, question_id)) != NULL)
      return mc_record_get_answer (MC_RECORD (answer), "answer");

  return MC_ANSWER_UNKNOWN;
}

static void
add_summary_row (AdwExpanderRow *expander,
                 const char     *title,
                 const char     *subtitle)
{
  if (subtitle == NULL || *subtitle == '\0')
    return;

  adw_expander_row_add_row (expander, mc_info_row_new (title, subtitle));
}

static char *
outcome_text (McProtocol             *protocol,
              const McAfwegingResult *result)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  for (guint i = 0; result->outcome_ids != NULL && result->outcome_ids[i] != NULL; i++)
    {
      const McProtocolOutcome *outcome = mc_protocol_lookup_outcome (protocol, result->outcome_ids[i]);

      if (outcome != NULL)
        g_ptr_array_add (titles, (gpointer) outcome->title);
    }

  if (titles->len == 0)
    return g_strdup (_("Not reached"));

  g_ptr_array_add (titles, NULL);
  return g_strjoinv ("; ", (char **) titles->pdata);
}

static char *
answers_text (McProtocol  *protocol,
              RoundLookup *lookup)
{
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < kader->questions->len; i++)
    {
      const McProtocolQuestion *question = g_ptr_array_index (kader->questions, i);
      McAnswer answer = lookup_in_round (question->id, lookup);

      if (answer != MC_ANSWER_UNKNOWN)
        /* Translators: an afwegingskader question's number and its answer,
         * "2: No". */
        g_ptr_array_add (parts, g_strdup_printf (_("%u: %s"), question->number, mc_answer_to_label (answer)));
    }

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static char *
decided_by_text (McRecord *decision)
{
  const char *name = mc_record_get_string (decision, "decided-by-name");
  const char *role = mc_record_get_string (decision, "decided-by-role");
  g_autofree char *on = mc_record_dup_date_text (decision, "decided-on");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *who = NULL;

  if (name != NULL && role != NULL)
    /* Translators: who took a decision, "Eva de Wit, Begeleider". */
    who = g_strdup_printf (_("%s, %s"), name, role);
  else if (name != NULL || role != NULL)
    who = g_strdup (name != NULL ? name : role);

  if (who != NULL)
    g_ptr_array_add (parts, who);
  if (on != NULL)
    g_ptr_array_add (parts, on);
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

static char *
timestamp_text (const char *timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (timestamp == NULL || (utc = g_date_time_new_from_iso8601 (timestamp, NULL)) == NULL)
    return NULL;

  local = g_date_time_to_local (utc);
  return mc_format_date_time (local);
}

static GtkWidget *
earlier_round_row (McDecisionPage *self,
                   McRecord       *decision)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol);
  RoundLookup lookup = { case_, protocol, (guint) MAX (mc_record_get_integer (decision, "round"), 1) };
  g_autoptr(McAfwegingResult) result = mc_afwegingskader_decide (protocol, lookup_in_round, &lookup);
  McAnswer report = mc_record_get_answer (decision, "report-needed");
  McAnswer help = mc_record_get_answer (decision, "help-possible");
  GListModel *overrides = mc_case_get_norm_overrides (case_);
  GtkWidget *expander = mc_expander_row_new ();
  g_autofree char *title = mc_decision_round_dup_title (decision);
  g_autofree char *subtitle = NULL;
  g_autofree char *outcome = outcome_text (protocol, result);
  g_autofree char *answers = answers_text (protocol, &lookup);
  g_autofree char *decided_by = decided_by_text (decision);
  g_autofree char *evaluation_on = mc_record_dup_date_text (decision, "evaluation-on");
  g_autofree char *sealed = timestamp_text (mc_record_get_string (decision, "sealed-at"));
  g_autofree char *name = g_strdup_printf ("round-%u", lookup.round);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  gtk_widget_set_name (expander, name);
  /* Translators: what an earlier decision round decided, "Reporting: Yes ·
   * Help: No". */
  subtitle = g_strdup_printf (_("Reporting: %s · Help: %s"), mc_answer_to_label (report), mc_answer_to_label (help));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (expander), "changes-prevent-symbolic");

  add_summary_row (ADW_EXPANDER_ROW (expander), _("Outcome of the afwegingskader"), outcome);
  add_summary_row (ADW_EXPANDER_ROW (expander), _("Answers"), answers);
  add_summary_row (ADW_EXPANDER_ROW (expander), kader->report_decision.question, mc_answer_to_label (report));
  add_summary_row (ADW_EXPANDER_ROW (expander), kader->help_decision.question, mc_answer_to_label (help));
  add_summary_row (ADW_EXPANDER_ROW (expander), _("Why"), mc_record_get_string (decision, "justification"));
  add_summary_row (ADW_EXPANDER_ROW (expander), _("Decided by"), decided_by);
  add_summary_row (ADW_EXPANDER_ROW (expander), _("Evaluation date"), evaluation_on);

  if (report == MC_ANSWER_YES)
    {
      g_autofree char *reported_on = mc_record_dup_date_text (decision, "reported-on");
      const char *reference = mc_record_get_string (decision, "vt-reference");
      g_autofree char *reported = NULL;

      if (reported_on != NULL && reference != NULL)
        /* Translators: when a report was made and Veilig Thuis's reference,
         * "12 November 2025 · reference VT-2025-0815". */
        reported = g_strdup_printf (_("%s · reference %s"), reported_on, reference);
      else
        reported = g_strdup (reported_on != NULL ? reported_on : reference);
      add_summary_row (ADW_EXPANDER_ROW (expander), _("Reported to Veilig Thuis"), reported);
    }

  for (guint i = 0; i < g_list_model_get_n_items (overrides); i++)
    {
      g_autoptr(McRecord) override = g_list_model_get_item (overrides, i);
      const McProtocolRule *rule;
      g_autofree char *deviated = NULL;

      if ((guint) mc_record_get_integer (override, "round") != lookup.round)
        continue;
      rule = mc_protocol_lookup_rule (protocol, mc_record_get_string (override, "rule-id"));
      deviated = g_strdup_printf (_("Deviated: %s"), mc_record_get_string (override, "reason"));
      add_summary_row (ADW_EXPANDER_ROW (expander),
                       rule != NULL ? rule->text : mc_record_get_string (override, "rule-id"), deviated);
    }

  add_summary_row (ADW_EXPANDER_ROW (expander), _("Closed"), sealed);

  return expander;
}

static void
fill_earlier_rounds (McDecisionPage *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  GListModel *decisions = mc_case_get_decisions (case_);
  guint current = mc_case_get_current_round (case_);
  GtkWidget *child;
  gboolean any = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->earlier_list))) != NULL)
    gtk_list_box_remove (self->earlier_list, child);

  for (guint i = 0; i < g_list_model_get_n_items (decisions); i++)
    {
      g_autoptr(McRecord) decision = g_list_model_get_item (decisions, i);

      if ((guint) mc_record_get_integer (decision, "round") >= current)
        continue;
      gtk_list_box_append (self->earlier_list, earlier_round_row (self, decision));
      any = TRUE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->earlier_group), any);
}

/* The current round, made anew when the case moves to the next one. */
static void
show_rounds (McDecisionPage *self,
             gboolean        focus)
{
  McDecision *current = mc_case_get_decision (mc_case_editor_get_case (self->editor));

  if (self->round == NULL
      || mc_decision_round_get_decision (MC_DECISION_ROUND (self->round)) != MC_RECORD (current))
    {
      self->round = mc_decision_round_new (self->editor);
      adw_bin_set_child (self->round_bin, self->round);
      fill_earlier_rounds (self);
      if (focus)
        mc_decision_round_focus (MC_DECISION_ROUND (self->round));
    }
}

static gboolean
rebuild_cb (gpointer user_data)
{
  McDecisionPage *self = user_data;

  self->rebuild_source = 0;
  show_rounds (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_decisions_changed_cb (GListModel     *decisions,
                         guint           position,
                         guint           removed,
                         guint           added,
                         McDecisionPage *self)
{
  /* Not within the change: the round that started it may still be on
   * the stack. */
  if (self->rebuild_source == 0)
    self->rebuild_source = g_idle_add (rebuild_cb, self);
}

/* The follow-up agreements */

static const char * const state_ids[] = { "open", "done", "not-done", NULL };

static const char *
state_label (const char *state)
{
  if (g_strcmp0 (state, "done") == 0)
    return C_("agreement", "done");
  if (g_strcmp0 (state, "not-done") == 0)
    return C_("agreement", "not done");
  return C_("agreement", "open");
}

static void
update_follow_up_row (AdwExpanderRow *row,
                      McRecord       *follow_up)
{
  const char *description = mc_record_get_string (follow_up, "description");
  const char *owner = mc_record_get_string (follow_up, "owner-name");
  const char *state = mc_record_get_string (follow_up, "state");
  g_autofree char *due_on = mc_record_dup_date_text (follow_up, "due-on");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subtitle = NULL;
  GtkWidget *note_row = g_object_get_data (G_OBJECT (row), "mc-state-note");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 description != NULL ? description : _("New agreement"));

  if (owner != NULL && *owner != '\0')
    g_ptr_array_add (parts, g_strdup (owner));
  if (due_on != NULL)
    /* Translators: the due date of a follow-up agreement. */
    g_ptr_array_add (parts, g_strdup_printf (_("Due %s"), due_on));
  else
    g_ptr_array_add (parts, g_strdup (_("No due date")));
  if (g_strcmp0 (state, "open") != 0 && state != NULL)
    g_ptr_array_add (parts, g_strdup (state_label (state)));
  g_ptr_array_add (parts, NULL);
  subtitle = g_strjoinv (" · ", (char **) parts->pdata);
  adw_expander_row_set_subtitle (row, subtitle);

  if (note_row != NULL)
    gtk_widget_set_visible (note_row, g_strcmp0 (state, "open") != 0 && state != NULL);
}

static void
on_follow_up_notify_cb (McRecord       *follow_up,
                        GParamSpec     *pspec,
                        AdwExpanderRow *row)
{
  update_follow_up_row (row, follow_up);
}

/* Done or not done is known on a day: that day comes along, to be
 * corrected. */
static void
on_follow_up_state_cb (McRecord       *follow_up,
                       GParamSpec     *pspec,
                       AdwExpanderRow *row)
{
  McCaseEditor *editor = g_object_get_data (G_OBJECT (row), "mc-editor");
  const char *state = mc_record_get_string (follow_up, "state");

  if (state != NULL && g_strcmp0 (state, "open") != 0 && mc_record_get_id (follow_up) != 0)
    mc_fill_date_today (editor, follow_up, "checked-on", g_object_get_data (G_OBJECT (row), "mc-checked-on"));
}

/* The state chosen in the row's drop-down ticks or clears the check. */
static void
on_follow_up_done_cb (McRecord       *follow_up,
                      GParamSpec     *pspec,
                      GtkCheckButton *done)
{
  gtk_check_button_set_active (done, mc_record_get_boolean (follow_up, "done"));
}

static GtkWidget *
create_follow_up_row (gpointer item,
                      gpointer user_data)
{
  McDecisionPage *self = user_data;
  McRecord *follow_up = item;
  GtkWidget *row = mc_expander_row_new ();
  GtkWidget *done = gtk_check_button_new ();
  GtkWidget *description;
  GtkWidget *note;
  GtkWidget *checked_on;
  const char *state_labels[] = {
    C_("agreement state", "Open"), C_("agreement state", "Done"), C_("agreement state", "Not done"), NULL
  };

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "mc-editor", self->editor);

  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (done, _("Done"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (done),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Agreement done"),
                                  -1);
  mc_case_editor_bind_active (self->editor, done, follow_up, "done");
  g_signal_connect_object (follow_up, "notify::done", G_CALLBACK (on_follow_up_done_cb), done, 0);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), done);
  /* (After the check button: the title follows it, as it would.) */
  mc_row_title_take_over (ADW_EXPANDER_ROW (row));
  mc_case_editor_add_remove_button (self->editor, ADW_EXPANDER_ROW (row), follow_up,
                                    _("Remove Agreement"));

  description = mc_case_editor_entry_row_new (self->editor, _("What was agreed, and who does it"),
                                              follow_up, "description");
  g_object_set_data (G_OBJECT (row), "mc-first-field", description);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), description);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor, _("Who does it (name)"),
                                                          follow_up, "owner-name"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor, _("Their role or function"),
                                                          follow_up, "owner-role"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_case_editor_entry_row_new (self->editor, _("Due date (day-month-year)"),
                                                          follow_up, "due-on"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            mc_fixed_choice_row_new (self->editor, _("State of the agreement"), follow_up, "state",
                                                     state_ids, state_labels));
  note = mc_case_editor_entry_row_new (self->editor, _("Note on the state"), follow_up, "state-note");
  g_object_set_data (G_OBJECT (row), "mc-state-note", note);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), note);
  checked_on = mc_case_editor_entry_row_new (self->editor, _("Checked on (day-month-year)"),
                                             follow_up, "checked-on");
  g_object_set_data (G_OBJECT (row), "mc-checked-on", checked_on);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), checked_on);

  update_follow_up_row (ADW_EXPANDER_ROW (row), follow_up);
  g_signal_connect_object (follow_up, "notify", G_CALLBACK (on_follow_up_notify_cb), row, 0);
  g_signal_connect_object (follow_up, "notify::state", G_CALLBACK (on_follow_up_state_cb), row, 0);

  return row;
}

static void
on_add_follow_up_cb (McDecisionPage *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  g_autoptr(McFollowUp) follow_up = mc_follow_up_new (mc_record_get_id (MC_RECORD (case_)));
  GtkListBoxRow *row;
  guint n_items;

  if (!mc_case_editor_insert (self->editor, MC_RECORD (follow_up)))
    return;

  n_items = g_list_model_get_n_items (mc_case_get_follow_ups (case_));
  row = gtk_list_box_get_row_at_index (self->follow_ups_list, n_items - 1);
  if (row == NULL)
    return;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  mc_focus_field (g_object_get_data (G_OBJECT (row), "mc-first-field"));
}

/* The groups, the placeholder and the current round's widgets are the
 * protocol's and stay (the round is given the new case); the earlier
 * rounds and the follow-up agreements are the case's, made anew. */
static void
mc_decision_page_set_editor (McStepPage   *page,
                             McCaseEditor *editor)
{
  McDecisionPage *self = MC_DECISION_PAGE (page);
  McCase *case_ = mc_case_editor_get_case (editor);

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  if (self->decisions != NULL)
    g_signal_handlers_disconnect_by_data (self->decisions, self);
  g_clear_object (&self->decisions);
  g_set_object (&self->editor, editor);

  /* Before watching the decisions: a case without one gets it now. */
  if (self->round == NULL)
    show_rounds (self, FALSE);
  else
    {
      mc_decision_round_set_editor (MC_DECISION_ROUND (self->round), editor);
      fill_earlier_rounds (self);
    }
  self->decisions = g_object_ref (mc_case_get_decisions (case_));
  g_signal_connect_object (self->decisions, "items-changed", G_CALLBACK (on_decisions_changed_cb), self, 0);

  gtk_list_box_bind_model (self->follow_ups_list, mc_case_get_follow_ups (case_),
                           create_follow_up_row, self, NULL);
}

static void
mc_decision_page_step_page_init (McStepPageInterface *iface)
{
  iface->set_editor = mc_decision_page_set_editor;
}

GtkWidget *
mc_decision_page_new (McCaseEditor *editor)
{
  McDecisionPage *self;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (editor), NULL);

  self = g_object_new (MC_TYPE_DECISION_PAGE, NULL);
  gtk_list_box_set_placeholder (self->follow_ups_list,
                                mc_list_placeholder_new (_("No agreements yet.")));
  mc_decision_page_set_editor (MC_STEP_PAGE (self), editor);

  return GTK_WIDGET (self);
}

static void
mc_decision_page_dispose (GObject *object)
{
  McDecisionPage *self = MC_DECISION_PAGE (object);

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  if (self->decisions != NULL)
    g_signal_handlers_disconnect_by_data (self->decisions, self);
  g_clear_object (&self->decisions);
  if (self->follow_ups_list != NULL)
    gtk_list_box_bind_model (self->follow_ups_list, NULL, NULL, NULL, NULL);
  self->round = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DECISION_PAGE);

  G_OBJECT_CLASS (mc_decision_page_parent_class)->dispose (object);
}

static void
mc_decision_page_finalize (GObject *object)
{
  McDecisionPage *self = MC_DECISION_PAGE (object);

  /* Rows may still call back while the template goes. */
  g_clear_object (&self->editor);

  G_OBJECT_CLASS (mc_decision_page_parent_class)->finalize (object);
}

static void
mc_decision_page_class_init (McDecisionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_decision_page_dispose;
  object_class->finalize = mc_decision_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-decision-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, report_box);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, earlier_group);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, earlier_list);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, round_bin);
  gtk_widget_class_bind_template_child (widget_class, McDecisionPage, follow_ups_list);
  gtk_widget_class_bind_template_callback (widget_class, on_add_follow_up_cb);
}

static void
mc_decision_page_init (McDecisionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The buttons are the stops, not the boxes GTK puts them in. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->report_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}
