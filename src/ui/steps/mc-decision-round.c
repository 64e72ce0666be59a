/* mc-decision-round.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-decision-round"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-afwegingskader-view.h"
#include "mc-answer-buttons.h"
#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-a11y.h"
#include "mc-decision-round.h"
#include "mc-meldnormen.h"
#include "mc-step-rows.h"

/* The protocol's term for Veilig Thuis's first answer to a report. */
#define VT_FIRST_RESPONSE_TERM "vt-first-response"

typedef struct _NormRow NormRow;
typedef struct _Field Field;

struct _McDecisionRound
{
  AdwBin               parent_instance;

  McCaseEditor        *editor;
  McRecord            *decision;
  guint                round;
  gboolean             prefilling;
  /* Who decided came along with the first decision of this round. */
  gboolean             prefilled;
  /* The round was closed from here; the page puts the next one in its
   * place. */
  gboolean             finished;
  gboolean             disposed;
  GPtrArray           *norm_rows;   /* of NormRow, one per protocol rule */
  /* The widgets bound to a field of the decision, bound again for the
   * next case (of Field). */
  GPtrArray           *fields;
  /* The question whether to start the next round, while it is open. */
  GtkWidget           *dialog;
  GtkWidget           *afwegingskader_view;
  GtkWidget           *exception_row;
  GtkWidget           *evaluation_row;

  AdwPreferencesGroup *round_group;
  AdwPreferencesGroup *norms_group;
  AdwPreferencesGroup *decision_group;
  AdwActionRow        *report_row;
  AdwActionRow        *help_row;
  AdwEntryRow         *decided_by_name_row;
  AdwEntryRow         *decided_by_role_row;
  AdwEntryRow         *decided_on_row;
  AdwPreferencesGroup *report_group;
  AdwPreferencesGroup *next_group;
  AdwActionRow        *evaluate_row;
  GtkWidget           *evaluate_button;
  AdwActionRow        *report_again_row;
  AdwActionRow        *reweigh_row;
  GtkWidget           *reweigh_button;
  GtkWidget           *report_again_button;
};

G_DEFINE_FINAL_TYPE (McDecisionRound, mc_decision_round, ADW_TYPE_BIN)

/* One meldnorm: what it says and its state, and where the professional
 * writes why they deviate from it. */
struct _NormRow
{
  McDecisionRound      *self;
  const McProtocolRule *rule;
  GtkWidget            *state_row;
  GtkWidget            *icon;
  GtkWidget            *reason_row;
  GtkEventController   *focus;
  guint                 timeout_id;
  gboolean              syncing;
};

/* How a widget of the round is bound to its field of the decision. */
typedef enum
{
  FIELD_EDITABLE,   /* an AdwEntryRow or another GtkEditable */
  FIELD_TEXT_ROW,   /* a row of mc_case_editor_text_row_new() */
  FIELD_ANSWER,     /* a McAnswerButtons */
  FIELD_CHOICE,     /* an AdwComboRow over fixed ids and labels */
  FIELD_CHECKLIST,  /* an AdwComboRow over a protocol checklist */
} FieldKind;

struct _Field
{
  GtkWidget                 *widget;
  FieldKind                  kind;
  const char                *property;
  GPtrArray                 *ids;        /* FIELD_CHOICE */
  GPtrArray                 *labels;     /* FIELD_CHOICE */
  const McProtocolChecklist *checklist;  /* FIELD_CHECKLIST */
};

static void
field_free (gpointer data)
{
  Field *field = data;

  g_clear_pointer (&field->ids, g_ptr_array_unref);
  g_clear_pointer (&field->labels, g_ptr_array_unref);
  g_free (field);
}

static void
norm_row_free (gpointer data)
{
  NormRow *norm = data;

  g_clear_handle_id (&norm->timeout_id, g_source_remove);
  g_free (norm);
}

char *
mc_decision_round_dup_title (McRecord *decision)
{
  const char *kind;
  const char *kind_text;
  guint round;

  g_return_val_if_fail (MC_IS_RECORD (decision), NULL);

  kind = mc_record_get_string (decision, "kind");
  round = (guint) MAX (mc_record_get_integer (decision, "round"), 1);

  if (g_strcmp0 (kind, "evaluation") == 0)
    kind_text = C_("decision round", "evaluation");
  else if (g_strcmp0 (kind, "report-again") == 0)
    kind_text = C_("decision round", "new report");
  else if (g_strcmp0 (kind, "reweigh") == 0)
    kind_text = C_("decision round", "new weighing");
  else
    kind_text = C_("decision round", "first decision");

  /* Translators: the heading of a decision round, "Decision round 2 ·
   * evaluation". */
  return g_strdup_printf (_("Decision round %u · %s"), round, kind_text);
}

/* The afwegingskader reached an outcome after which the help is offered
 * and evaluated later (question 5), without Veilig Thuis. */
static gboolean
offers_help (McProtocol             *protocol,
             const McAfwegingResult *result)
{
  for (guint i = 0; result->outcome_ids != NULL && result->outcome_ids[i] != NULL; i++)
    {
      const McProtocolOutcome *outcome = mc_protocol_lookup_outcome (protocol, result->outcome_ids[i]);

      if (outcome != NULL && outcome->continue_question_id != NULL && outcome->continue_with_id == NULL)
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_text (McRecord   *record,
          const char *property)
{
  const char *value = mc_record_get_string (record, property);

  return value != NULL && *value != '\0';
}

/* The suggestions */

static char *
suggestion_text (McAnswer    suggested,
                 McAnswer    decided,
                 const char *yes,
                 const char *no)
{
  const char *suggestion;

  switch (suggested)
    {
    case MC_ANSWER_YES:
      suggestion = yes;
      break;
    case MC_ANSWER_NO:
      suggestion = no;
      break;
    case MC_ANSWER_UNKNOWN:
    default:
      return g_strdup (_("The afwegingskader does not say yet."));
    }

  if (decided != MC_ANSWER_UNKNOWN && decided != suggested)
    /* Translators: %s is what the afwegingskader suggests, for example "The
     * afwegingskader suggests: yes." */
    return g_strdup_printf (_("%s You decided otherwise: say why in the justification."), suggestion);

  return g_strdup (suggestion);
}

/* The meldnormen */

static McNormOverride *
find_override (McDecisionRound *self,
               const char      *rule_id)
{
  return mc_case_find_norm_override (mc_case_editor_get_case (self->editor), self->round, rule_id);
}

static void
report_error (McDecisionRound *self,
              const GError    *error)
{
  g_signal_emit_by_name (self->editor, "error", error->message);
}

/* An override is a record only while it has a reason: writing one stores
 * it, changing it saves it, emptying it deletes it and the rule holds
 * again. */
static void
norm_row_save (NormRow *norm)
{
  McDecisionRound *self = norm->self;
  McCase *case_ = mc_case_editor_get_case (self->editor);
  McNormOverride *override = find_override (self, norm->rule->id);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (norm->reason_row))));
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&norm->timeout_id, g_source_remove);
  if (self->finished || self->disposed)
    return;

  if (*reason != '\0' && override != NULL)
    {
      g_autofree char *stored = g_strdup (mc_record_get_string (MC_RECORD (override), "reason"));

      if (g_strcmp0 (stored, reason) == 0)
        return;
      mc_record_set_string (MC_RECORD (override), "reason", reason);
      if (!mc_case_editor_save (self->editor, MC_RECORD (override), "reason"))
        mc_record_set_string (MC_RECORD (override), "reason", stored);
    }
  else if (*reason != '\0')
    {
      g_autoptr(McNormOverride) created = mc_norm_override_new (mc_record_get_id (MC_RECORD (case_)));

      mc_record_set_integer (MC_RECORD (created), "round", self->round);
      mc_record_set_string (MC_RECORD (created), "rule-id", norm->rule->id);
      mc_record_set_string (MC_RECORD (created), "reason", reason);
      mc_case_editor_insert (self->editor, MC_RECORD (created));
    }
  else if (override != NULL)
    {
      g_autoptr(McNormOverride) removed = g_object_ref (override);

      /* Not through mc_case_editor_delete(): taking a reason back is no
       * removal to offer undoing; the audit trail keeps it. */
      if (!mc_store_delete (mc_case_editor_get_store (self->editor), MC_RECORD (removed), &error))
        {
          report_error (self, error);
          return;
        }
      mc_case_remove_child (case_, MC_RECORD (removed));
      g_signal_emit_by_name (self->editor, "saved");
    }
}

static gboolean
norm_row_timeout_cb (gpointer data)
{
  NormRow *norm = data;

  norm->timeout_id = 0;
  norm_row_save (norm);
  return G_SOURCE_REMOVE;
}

static void
on_reason_changed_cb (GtkEditable *editable,
                      NormRow     *norm)
{
  if (norm->syncing)
    return;

  g_clear_handle_id (&norm->timeout_id, g_source_remove);
  norm->timeout_id = g_timeout_add (MC_CASE_EDITOR_SAVE_DELAY_MS, norm_row_timeout_cb, norm);
}

static void
on_reason_activated_cb (AdwEntryRow *row,
                        NormRow     *norm)
{
  norm_row_save (norm);
}

static void
on_reason_focus_leave_cb (GtkEventControllerFocus *controller,
                          NormRow                 *norm)
{
  if (norm->timeout_id != 0)
    norm_row_save (norm);
}

/* The case's reason to deviate from the rule, as stored. */
static void
norm_row_show_reason (NormRow *norm)
{
  McNormOverride *override = find_override (norm->self, norm->rule->id);
  const char *reason = override != NULL ? mc_record_get_string (MC_RECORD (override), "reason") : NULL;

  g_clear_handle_id (&norm->timeout_id, g_source_remove);
  norm->syncing = TRUE;
  mc_editable_show_text (GTK_EDITABLE (norm->reason_row), reason);
  norm->syncing = FALSE;
}

static void
add_norm_row (McDecisionRound      *self,
              const McProtocolRule *rule)
{
  NormRow *norm = g_new0 (NormRow, 1);
  GtkEventController *focus;
  GtkWidget *delegate;

  norm->self = self;
  norm->rule = rule;

  norm->state_row = mc_info_row_new (rule->text, NULL);
  gtk_widget_set_name (norm->state_row, rule->id);
  norm->icon = gtk_image_new ();
  gtk_widget_set_valign (norm->icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (norm->icon, 12);
  adw_action_row_add_prefix (ADW_ACTION_ROW (norm->state_row), norm->icon);

  norm->reason_row = adw_entry_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (norm->reason_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (norm->reason_row), _("Deviate with a reason"));
  g_object_set_data (G_OBJECT (norm->reason_row), "mc-rule-id", (gpointer) rule->id);
  /* The text inside the row has the focus; it says what it is for. */
  delegate = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (norm->reason_row)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (delegate != NULL ? delegate : norm->reason_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Deviate with a reason"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, rule->text,
                                  -1);
  g_signal_connect (norm->reason_row, "changed", G_CALLBACK (on_reason_changed_cb), norm);
  g_signal_connect (norm->reason_row, "entry-activated", G_CALLBACK (on_reason_activated_cb), norm);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_reason_focus_leave_cb), norm);
  gtk_widget_add_controller (norm->reason_row, focus);
  norm->focus = focus;

  adw_preferences_group_add (self->norms_group, norm->state_row);
  adw_preferences_group_add (self->norms_group, norm->reason_row);
  g_ptr_array_add (self->norm_rows, norm);
}

static void
set_style (GtkWidget  *widget,
           const char *style)
{
  static const char * const styles[] = { "error", "warning", "dim-label", "success" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_strcmp0 (styles[i], style) != 0)
      gtk_widget_remove_css_class (widget, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

/* A rule of another step says which, so it can be found there. */
static char *
norm_subtitle (const McProtocolRule *rule,
               const char           *state)
{
  if (rule->step == 5)
    return g_strdup (state);

  /* Translators: the state of a meldnorm that belongs to another step,
   * "Step 2 · Still to do". */
  return g_strdup_printf (_("Step %u · %s"), rule->step, state);
}

static void
update_norms (McDecisionRound *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);
  g_autoptr(GPtrArray) checks = mc_case_check_meldnormen (case_, mc_case_editor_get_protocol (self->editor));
  gboolean any = FALSE;

  for (guint i = 0; i < self->norm_rows->len; i++)
    {
      NormRow *norm = g_ptr_array_index (self->norm_rows, i);
      McRuleCheck *check = NULL;
      g_autofree char *subtitle = NULL;
      gboolean shown = TRUE;
      gboolean editable = TRUE;

      for (guint j = 0; j < checks->len && check == NULL; j++)
        if (((McRuleCheck *) g_ptr_array_index (checks, j))->rule == norm->rule)
          check = g_ptr_array_index (checks, j);
      g_assert (check != NULL);

      switch (check->state)
        {
        case MC_RULE_BROKEN:
          subtitle = norm_subtitle (norm->rule, _("Not followed: follow it, or write down why you deviate"));
          gtk_image_set_from_icon_name (GTK_IMAGE (norm->icon), "dialog-error-symbolic");
          set_style (norm->icon, "error");
          set_style (norm->state_row, "error");
          gtk_accessible_update_property (GTK_ACCESSIBLE (norm->icon),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not followed"),
                                          -1);
          break;

        case MC_RULE_OVERRIDDEN:
          {
            /* Translators: a meldnorm the professional deviated from, with
             * their reason: "Deviated: <reason>". */
            g_autofree char *deviated = g_strdup_printf (_("Deviated: %s"), check->override_reason);

            subtitle = norm_subtitle (norm->rule, deviated);
            gtk_image_set_from_icon_name (GTK_IMAGE (norm->icon), "document-edit-symbolic");
            set_style (norm->icon, "warning");
            set_style (norm->state_row, NULL);
            gtk_accessible_update_property (GTK_ACCESSIBLE (norm->icon),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, _("Deviated"),
                                            -1);
          }
          break;

        case MC_RULE_PENDING:
          shown = norm->rule->blocks == MC_RULE_BLOCKS_PENDING;
          editable = FALSE;
          subtitle = norm_subtitle (norm->rule, _("Still to do"));
          gtk_image_set_from_icon_name (GTK_IMAGE (norm->icon), "radio-symbolic");
          set_style (norm->icon, "dim-label");
          set_style (norm->state_row, NULL);
          gtk_accessible_update_property (GTK_ACCESSIBLE (norm->icon),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Still to do"),
                                          -1);
          break;

        case MC_RULE_KEPT:
        case MC_RULE_NOT_APPLICABLE:
        default:
          shown = FALSE;
          break;
        }

      /* The reason field stays while someone types in it. */
      if (!shown && gtk_widget_has_focus (norm->reason_row))
        shown = TRUE;

      gtk_widget_set_visible (norm->state_row, shown);
      gtk_widget_set_visible (norm->reason_row, shown && editable);
      if (subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (norm->state_row), subtitle);
      any |= shown;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->norms_group), any);
}

/* The round as a whole */

static void
update_round (McDecisionRound *self)
{
  McCase *case_;
  McProtocol *protocol;
  g_autoptr(McAfwegingResult) result = NULL;
  McAnswer report;
  McAnswer informed;
  g_autofree char *report_text = NULL;
  g_autofree char *help_text = NULL;
  gboolean stored;
  gboolean help;
  gboolean again;
  gboolean reweigh;

  /* The decisions below belong to the round that is closed now. */
  if (self->finished)
    return;

  case_ = mc_case_editor_get_case (self->editor);
  protocol = mc_case_editor_get_protocol (self->editor);
  result = mc_case_decide (case_, protocol);
  report = mc_record_get_answer (self->decision, "report-needed");
  informed = mc_record_get_answer (self->decision, "client-informed");
  stored = mc_record_get_id (self->decision) != 0;

  report_text = suggestion_text (result->report_needed, report,
                                 _("The afwegingskader suggests: yes."),
                                 _("The afwegingskader suggests: no."));
  help_text = suggestion_text (result->help_possible,
                               mc_record_get_answer (self->decision, "help-possible"),
                               _("The afwegingskader suggests: yes."),
                               _("The afwegingskader suggests: no."));
  adw_action_row_set_subtitle (self->report_row, report_text);
  adw_action_row_set_subtitle (self->help_row, help_text);

  gtk_widget_set_visible (GTK_WIDGET (self->report_group), report == MC_ANSWER_YES);
  gtk_widget_set_visible (self->exception_row, informed == MC_ANSWER_NO);
  gtk_widget_set_visible (self->evaluation_row,
                          offers_help (protocol, result) || has_text (self->decision, "evaluation-on"));

  /* The help is evaluated in a round of its own; when the evaluation says
   * it does not work, the new report is one too. */
  help = offers_help (protocol, result) && result->report_needed != MC_ANSWER_YES;
  again = g_strcmp0 (mc_record_get_string (self->decision, "kind"), "evaluation") == 0
          && result->report_needed == MC_ANSWER_YES;
  /* Whatever was decided, new information can call for weighing again:
   * once this round has its decision. */
  reweigh = stored && (report != MC_ANSWER_UNKNOWN
                       || mc_record_get_answer (self->decision, "help-possible") != MC_ANSWER_UNKNOWN);
  gtk_widget_set_visible (GTK_WIDGET (self->evaluate_row), help);
  gtk_widget_set_visible (GTK_WIDGET (self->report_again_row), again);
  gtk_widget_set_visible (GTK_WIDGET (self->reweigh_row), reweigh);
  gtk_widget_set_sensitive (self->evaluate_button, stored);
  gtk_widget_set_sensitive (self->report_again_button, stored);
  gtk_widget_set_visible (GTK_WIDGET (self->next_group), help || again || reweigh);

  update_norms (self);
}

/* Who decided and when */

static void
set_decided_by (McDecisionRound *self,
                gboolean         save)
{
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  g_autoptr(GDate) today = g_date_new ();
  g_autofree char *iso = NULL;
  g_autofree char *human = NULL;

  self->prefilling = TRUE;
  self->prefilled = TRUE;

  if (!has_text (self->decision, "decided-by-name")
      && (name = mc_case_editor_dup_user_setting (self->editor, "user-name")) != NULL)
    {
      mc_record_set_string (self->decision, "decided-by-name", name);
      if (!save || mc_case_editor_save (self->editor, self->decision, "decided-by-name"))
        mc_editable_show_text (GTK_EDITABLE (self->decided_by_name_row), name);
    }
  if (!has_text (self->decision, "decided-by-role")
      && (role = mc_case_editor_dup_user_setting (self->editor, "user-role")) != NULL)
    {
      mc_record_set_string (self->decision, "decided-by-role", role);
      if (!save || mc_case_editor_save (self->editor, self->decision, "decided-by-role"))
        mc_editable_show_text (GTK_EDITABLE (self->decided_by_role_row), role);
    }
  if (!has_text (self->decision, "decided-on"))
    {
      g_date_set_time_t (today, time (NULL));
      iso = mc_date_to_iso8601 (today);
      human = mc_date_to_human (today);
      mc_record_set_string (self->decision, "decided-on", iso);
      if (!save || mc_case_editor_save (self->editor, self->decision, "decided-on"))
        mc_editable_show_text (GTK_EDITABLE (self->decided_on_row), human);
    }

  self->prefilling = FALSE;
}

/* The first decision of a case is stored with the first thing decided;
 * who decided and when come along, from the preferences and today's date,
 * to be corrected where they are not right. */
static void
on_decision_notify_cb (McRecord        *decision,
                       GParamSpec      *pspec,
                       McDecisionRound *self)
{
  if (self->prefilling || self->prefilled || mc_record_get_id (decision) != 0)
    return;

  set_decided_by (self, FALSE);
}

/* A later round starts stored, without who decides: they come with its
 * first decision. */
static void
on_saved_cb (McDecisionRound *self)
{
  if (!self->finished && !self->prefilling && !self->prefilled
      && mc_record_get_id (self->decision) != 0
      && (mc_record_get_answer (self->decision, "report-needed") != MC_ANSWER_UNKNOWN
          || mc_record_get_answer (self->decision, "help-possible") != MC_ANSWER_UNKNOWN)
      && !has_text (self->decision, "decided-by-name")
      && !has_text (self->decision, "decided-by-role")
      && !has_text (self->decision, "decided-on"))
    set_decided_by (self, TRUE);

  update_round (self);
}

/* The next round */

static void
on_start_round_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            McDecisionRound  *self)
{
  const char *kind = g_object_get_data (G_OBJECT (dialog), "mc-round-kind");
  g_autoptr(GError) error = NULL;
  g_autoptr(McDecisionRound) keep = NULL;

  if (g_strcmp0 (response, "start") != 0 || self->finished)
    return;

  /* What was typed last belongs to the round that closes. */
  keep = g_object_ref (self);
  mc_case_editor_flush (self->editor);
  for (guint i = 0; i < self->norm_rows->len; i++)
    {
      NormRow *norm = g_ptr_array_index (self->norm_rows, i);

      if (norm->timeout_id != 0)
        norm_row_save (norm);
    }

  if (!mc_store_start_round (mc_case_editor_get_store (self->editor),
                             mc_case_editor_get_case (self->editor), kind, &error))
    {
      report_error (self, error);
      return;
    }

  self->finished = TRUE;
  g_signal_emit_by_name (self->editor, "saved");
}

static void
confirm_start_round (McDecisionRound *self,
                     const char      *kind,
                     const char      *heading,
                     const char      *body,
                     const char      *start_label)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "start", start_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "start");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "mc-round-kind", g_strdup (kind), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_start_round_response_cb), self, 0);
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_evaluate_cb (McDecisionRound *self)
{
  g_autofree char *body = NULL;

  /* Translators: %u are the numbers of two decision rounds. */
  body = g_strdup_printf (_("Decision round %u is closed and cannot be changed after this. "
                            "You record the evaluation in decision round %u: whether the help leads to the "
                            "necessary results in time."),
                          self->round, self->round + 1);
  confirm_start_round (self, "evaluation", _("Record Evaluation?"), body, _("_Record Evaluation"));
}

static void
on_report_again_cb (McDecisionRound *self)
{
  g_autofree char *body = NULL;

  /* Translators: %u are the numbers of two decision rounds. */
  body = g_strdup_printf (_("Decision round %u is closed and cannot be changed after this. "
                          "You record the new report in decision round %u, going through the afwegingskader "
                          "again from the first question."),
                          self->round, self->round + 1);
  confirm_start_round (self, "report-again", _("Report Again?"), body, _("Report _Again"));
}

static void
on_reweigh_cb (McDecisionRound *self)
{
  g_autofree char *body = NULL;

  /* Translators: %u are the numbers of two decision rounds. */
  body = g_strdup_printf (_("Decision round %u is closed and cannot be changed after this. "
                            "You weigh again in decision round %u, going through the afwegingskader "
                            "from the first question with what you know now."),
                          self->round, self->round + 1);
  confirm_start_round (self, "reweigh", _("Weigh Again?"), body, _("_Weigh Again"));
}

/* Building */

static Field *
track_field (McDecisionRound *self,
             GtkWidget       *widget,
             FieldKind        kind,
             const char      *property)
{
  Field *field = g_new0 (Field, 1);

  field->widget = widget;
  field->kind = kind;
  field->property = property;
  g_ptr_array_add (self->fields, field);

  return field;
}

static void
bind_field (McDecisionRound *self,
            Field           *field)
{
  switch (field->kind)
    {
    case FIELD_EDITABLE:
      mc_case_editor_bind_editable (self->editor, GTK_EDITABLE (field->widget), self->decision, field->property);
      break;
    case FIELD_TEXT_ROW:
      mc_case_editor_bind_text_view (self->editor, mc_case_editor_text_row_get_text_view (field->widget),
                                     self->decision, field->property);
      break;
    case FIELD_ANSWER:
      mc_case_editor_bind_answer (self->editor, field->widget, self->decision, field->property);
      break;
    case FIELD_CHOICE:
      mc_case_editor_bind_choice (self->editor, ADW_COMBO_ROW (field->widget), self->decision, field->property,
                                  field->ids, field->labels);
      break;
    case FIELD_CHECKLIST:
      mc_case_editor_bind_checklist_choice (self->editor, ADW_COMBO_ROW (field->widget), self->decision,
                                            field->property, field->checklist, MC_AUDIENCE_ALL);
      break;
    default:
      g_assert_not_reached ();
    }
}

static GtkWidget *
entry_row (McDecisionRound *self,
           const char      *title,
           const char      *property)
{
  return track_field (self, mc_case_editor_entry_row_new (self->editor, title, self->decision, property),
                      FIELD_EDITABLE, property)->widget;
}

static GtkWidget *
text_row (McDecisionRound *self,
          const char      *title,
          const char      *property)
{
  return track_field (self, mc_case_editor_text_row_new (self->editor, title, self->decision, property),
                      FIELD_TEXT_ROW, property)->widget;
}

static GtkWidget *
answer_suffix (McDecisionRound *self,
               AdwActionRow    *row,
               const char      *label,
               const char      *property)
{
  GtkWidget *buttons = mc_answer_buttons_new (label, FALSE);

  adw_action_row_add_suffix (row, buttons);
  mc_case_editor_bind_answer (self->editor, buttons, self->decision, property);

  return track_field (self, buttons, FIELD_ANSWER, property)->widget;
}

static GtkWidget *
choice_row (McDecisionRound    *self,
            const char         *title,
            const char         *property,
            const char * const *ids,
            const char * const *labels)
{
  g_autoptr(GPtrArray) id_array = g_ptr_array_new ();
  g_autoptr(GPtrArray) label_array = g_ptr_array_new ();
  GtkWidget *row = adw_combo_row_new ();
  Field *field;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_ptr_array_add (id_array, (gpointer) ids[i]);
      g_ptr_array_add (label_array, (gpointer) labels[i]);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* The choices are sentences: they read better below the title. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  mc_case_editor_bind_choice (self->editor, ADW_COMBO_ROW (row), self->decision, property,
                              id_array, label_array);

  field = track_field (self, row, FIELD_CHOICE, property);
  field->ids = g_ptr_array_ref (id_array);
  field->labels = g_ptr_array_ref (label_array);

  return row;
}

static void
fill_report_group (McDecisionRound *self)
{
  McProtocol *protocol = mc_case_editor_get_protocol (self->editor);
  const McProtocolChecklist *exceptions = mc_protocol_get_checklist (protocol, MC_CHECKLIST_INFORMING_EXCEPTIONS);
  const McProtocolTerm *term = mc_protocol_lookup_term (protocol, VT_FIRST_RESPONSE_TERM);
  static const char * const method_ids[] = { "phone", "phone-and-form", "form", NULL };
  static const char * const response_ids[] = { "takes-on", "advice", "refers", "declines", NULL };
  const char *method_labels[] = {
    _("By phone"), _("By phone, then with the form"), _("With the form"), NULL
  };
  const char *response_labels[] = {
    _("Takes the report on"), _("Gives advice"), _("Refers on"), _("Does not take the report on"), NULL
  };
  AdwPreferencesGroup *group = self->report_group;
  GtkWidget *informed;
  GtkWidget *response;

  /* When Veilig Thuis answers belongs with what it answered. */
  if (term != NULL)
    {
      g_autofree char *description = g_strdup_printf ("%s %s", adw_preferences_group_get_description (group), term->text);

      mc_preferences_group_set_plain (group, adw_preferences_group_get_title (group), description);
    }

  adw_preferences_group_add (group, entry_row (self, _("Date of the report (day-month-year)"), "reported-on"));
  adw_preferences_group_add (group, choice_row (self, _("How you reported"), "report-method",
                                                method_ids, method_labels));
  adw_preferences_group_add (group, entry_row (self, _("Reference of Veilig Thuis"), "vt-reference"));
  adw_preferences_group_add (group, entry_row (self, _("Who at Veilig Thuis took the report"), "vt-contact"));

  informed = adw_action_row_new ();
  gtk_widget_set_name (informed, "decision-informed");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (informed), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (informed), _("The client was told about the report"));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (informed), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (informed), 0);
  if (exceptions != NULL && exceptions->note != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (informed), exceptions->note);
  answer_suffix (self, ADW_ACTION_ROW (informed), _("The client was told about the report"), "client-informed");
  adw_preferences_group_add (group, informed);
  self->exception_row = mc_case_editor_choice_row_new (self->editor, _("Why the client was not told"),
                                                       self->decision, "informed-exception",
                                                       exceptions, MC_AUDIENCE_ALL);
  track_field (self, self->exception_row, FIELD_CHECKLIST, "informed-exception")->checklist = exceptions;
  adw_preferences_group_add (group, self->exception_row);
  adw_preferences_group_add (group, text_row (self, _("How the client reacted"), "client-reaction"));

  response = choice_row (self, _("Response of Veilig Thuis"), "vt-response", response_ids, response_labels);
  adw_preferences_group_add (group, response);
  adw_preferences_group_add (group,
                             text_row (self, _("Agreements with Veilig Thuis: who tells the family, who does what"),
                                       "vt-agreements"));
  adw_preferences_group_add (group, entry_row (self, _("Date of the feedback (day-month-year)"), "feedback-on"));
  adw_preferences_group_add (group, text_row (self, _("Feedback from Veilig Thuis"), "feedback"));
}

static void
fill_round_group (McDecisionRound *self)
{
  g_autofree char *title = mc_decision_round_dup_title (self->decision);
  const char *kind = mc_record_get_string (self->decision, "kind");
  const char *description = NULL;

  if (g_strcmp0 (kind, "evaluation") == 0)
    description = _("Question 5: does the help lead to the necessary results in time? "
                    "The answers that led to the help stand as the round before gave them.");
  else if (g_strcmp0 (kind, "report-again") == 0)
    description = _("A new report to Veilig Thuis: go through the afwegingskader again and record the report.");
  else if (g_strcmp0 (kind, "reweigh") == 0)
    description = _("A new weighing: go through the afwegingskader again.");

  mc_preferences_group_set_plain (self->round_group, title, description);
}

/* The case's current decision, and what the round knows of it. */
static void
take_decision (McDecisionRound *self)
{
  McCase *case_ = mc_case_editor_get_case (self->editor);

  /* Made, unsaved, when the case has none. */
  g_set_object (&self->decision, MC_RECORD (mc_case_get_decision (case_)));
  self->round = mc_case_get_current_round (case_);
  self->prefilling = FALSE;
  self->prefilled = has_text (self->decision, "decided-by-name") || has_text (self->decision, "decided-by-role")
                    || has_text (self->decision, "decided-on");
  self->finished = FALSE;
}

/* The reasons typed and not saved yet (the editor is flushed: a lock,
 * another case or step). */
static void
save_pending_reasons (McDecisionRound *self)
{
  for (guint i = 0; i < self->norm_rows->len; i++)
    {
      NormRow *norm = g_ptr_array_index (self->norm_rows, i);

      if (norm->timeout_id != 0)
        norm_row_save (norm);
    }
}

static void
connect_case (McDecisionRound *self)
{
  g_signal_connect_object (self->editor, "saved", G_CALLBACK (on_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "flush", G_CALLBACK (save_pending_reasons), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->decision, "notify::report-needed", G_CALLBACK (update_round), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->decision, "notify::client-informed", G_CALLBACK (update_round), self, G_CONNECT_SWAPPED);
}

/* Lets go of the case before: what waits to be saved goes to it, the
 * question whether to start its next round closes, and no handler on its
 * editor or decision stays. */
static void
disconnect_case (McDecisionRound *self)
{
  save_pending_reasons (self);

  if (self->dialog != NULL)
    {
      GtkWidget *dialog = self->dialog;

      g_signal_handlers_disconnect_by_data (dialog, self);
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  g_signal_handlers_disconnect_by_data (self->editor, self);
  g_signal_handlers_disconnect_by_data (self->decision, self);
}

GtkWidget *
mc_decision_round_new (McCaseEditor *editor)
{
  McDecisionRound *self;
  McProtocol *protocol;
  const McProtocolAfwegingskader *afwegingskader;
  GPtrArray *rules;

  g_return_val_if_fail (MC_IS_CASE_EDITOR (editor), NULL);

  self = g_object_new (MC_TYPE_DECISION_ROUND, NULL);
  self->editor = g_object_ref (editor);
  protocol = mc_case_editor_get_protocol (editor);
  afwegingskader = mc_protocol_get_afwegingskader (protocol);
  take_decision (self);

  fill_round_group (self);
  self->afwegingskader_view = mc_afwegingskader_view_new (editor);
  /* The template's box is the bin's child, so it is not bound. */
  gtk_box_insert_child_after (GTK_BOX (adw_bin_get_child (ADW_BIN (self))), self->afwegingskader_view,
                              GTK_WIDGET (self->round_group));

  rules = mc_protocol_get_rules (protocol);
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      add_norm_row (self, g_ptr_array_index (rules, i));
      norm_row_show_reason (g_ptr_array_index (self->norm_rows, i));
    }

  /* Before the bindings, so the first save carries who decided. */
  g_signal_connect_object (self->decision, "notify", G_CALLBACK (on_decision_notify_cb), self, 0);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->report_row), afwegingskader->report_decision.question);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->help_row), afwegingskader->help_decision.question);
  answer_suffix (self, self->report_row, afwegingskader->report_decision.question, "report-needed");
  answer_suffix (self, self->help_row, afwegingskader->help_decision.question, "help-possible");
  adw_preferences_group_add (self->decision_group, text_row (self, _("Why you decided this"), "justification"));
  self->evaluation_row = entry_row (self, _("Evaluation date (day-month-year)"), "evaluation-on");
  gtk_widget_set_name (self->evaluation_row, "evaluation-on");
  adw_preferences_group_add (self->decision_group, self->evaluation_row);

  track_field (self, GTK_WIDGET (self->decided_by_name_row), FIELD_EDITABLE, "decided-by-name");
  track_field (self, GTK_WIDGET (self->decided_by_role_row), FIELD_EDITABLE, "decided-by-role");
  track_field (self, GTK_WIDGET (self->decided_on_row), FIELD_EDITABLE, "decided-on");
  mc_case_editor_bind_editable (editor, GTK_EDITABLE (self->decided_by_name_row), self->decision, "decided-by-name");
  mc_case_editor_bind_editable (editor, GTK_EDITABLE (self->decided_by_role_row), self->decision, "decided-by-role");
  mc_case_editor_bind_editable (editor, GTK_EDITABLE (self->decided_on_row), self->decision, "decided-on");

  fill_report_group (self);

  connect_case (self);
  update_round (self);

  return GTK_WIDGET (self);
}

/* The afwegingskader's questions, the meldnormen and the rows of the
 * decision are the protocol's and stay; the decision they are bound to,
 * the reasons to deviate, the round's title and what shows are the
 * case's. */
void
mc_decision_round_set_editor (McDecisionRound *self,
                              McCaseEditor    *editor)
{
  g_return_if_fail (MC_IS_DECISION_ROUND (self));
  g_return_if_fail (MC_IS_CASE_EDITOR (editor));

  disconnect_case (self);
  g_set_object (&self->editor, editor);
  take_decision (self);

  fill_round_group (self);
  mc_afwegingskader_view_set_editor (MC_AFWEGINGSKADER_VIEW (self->afwegingskader_view), editor);
  for (guint i = 0; i < self->norm_rows->len; i++)
    norm_row_show_reason (g_ptr_array_index (self->norm_rows, i));

  g_signal_connect_object (self->decision, "notify", G_CALLBACK (on_decision_notify_cb), self, 0);
  for (guint i = 0; i < self->fields->len; i++)
    bind_field (self, g_ptr_array_index (self->fields, i));

  connect_case (self);
  update_round (self);
}

McRecord *
mc_decision_round_get_decision (McDecisionRound *self)
{
  g_return_val_if_fail (MC_IS_DECISION_ROUND (self), NULL);

  return self->decision;
}

void
mc_decision_round_focus (McDecisionRound *self)
{
  g_return_if_fail (MC_IS_DECISION_ROUND (self));

  if (!mc_afwegingskader_view_focus_next (MC_AFWEGINGSKADER_VIEW (self->afwegingskader_view)))
    mc_focus_widget (GTK_WIDGET (self->report_row));
}

static void
mc_decision_round_dispose (GObject *object)
{
  McDecisionRound *self = MC_DECISION_ROUND (object);
  gboolean first = !self->disposed;

  /* Nothing may reach the template's widgets once they go. */
  self->disposed = TRUE;
  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);
  if (self->decision != NULL)
    g_signal_handlers_disconnect_by_data (self->decision, self);
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = NULL;
  if (self->norm_rows != NULL)
    for (guint i = 0; i < self->norm_rows->len; i++)
      {
        NormRow *norm = g_ptr_array_index (self->norm_rows, i);

        g_clear_handle_id (&norm->timeout_id, g_source_remove);
        /* A reason row can outlive this widget (the window holds on to
         * the text that has the focus, and takes the focus away when it
         * closes), but the NormRow its handlers get goes at finalize. The
         * rows are still there the first time round. */
        if (first)
          {
            g_signal_handlers_disconnect_by_data (norm->reason_row, norm);
            g_signal_handlers_disconnect_by_data (norm->focus, norm);
          }
      }
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DECISION_ROUND);

  G_OBJECT_CLASS (mc_decision_round_parent_class)->dispose (object);
}

static void
mc_decision_round_finalize (GObject *object)
{
  McDecisionRound *self = MC_DECISION_ROUND (object);

  /* Rows may still call back while the template goes. */
  g_clear_pointer (&self->norm_rows, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_object (&self->decision);
  g_clear_object (&self->editor);

  G_OBJECT_CLASS (mc_decision_round_parent_class)->finalize (object);
}

static void
mc_decision_round_class_init (McDecisionRoundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_decision_round_dispose;
  object_class->finalize = mc_decision_round_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/mc-decision-round.ui");
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, round_group);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, norms_group);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, decision_group);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, report_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, help_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, decided_by_name_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, decided_by_role_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, decided_on_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, report_group);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, next_group);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, evaluate_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, evaluate_button);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, report_again_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, reweigh_row);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, reweigh_button);
  gtk_widget_class_bind_template_child (widget_class, McDecisionRound, report_again_button);
  gtk_widget_class_bind_template_callback (widget_class, on_evaluate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_report_again_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reweigh_cb);
}

static void
mc_decision_round_init (McDecisionRound *self)
{
  self->norm_rows = g_ptr_array_new_with_free_func (norm_row_free);
  self->fields = g_ptr_array_new_with_free_func (field_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}
