/* mc-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-report"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-dates.h"
#include "mc-report.h"
#include "mc-text.h"

G_DEFINE_QUARK (mc-report-error-quark, mc_report_error)
G_DEFINE_BOXED_TYPE (McReport, mc_report, mc_report_ref, mc_report_unref)

/* Text hygiene: every string enters the model through mc_text_sanitize()
 * (mc-text.h), as the field's kind says; lengths are checked, never cut
 * (mc_report_check_limits()). */

/* Optional fields hold NULL rather than "", so a report reads back the same. */
static char *
clean_optional (const char *text,
                McTextKind  kind)
{
  char *clean = mc_text_sanitize (text, kind);

  if (clean != NULL && *clean == '\0')
    g_clear_pointer (&clean, g_free);
  return clean;
}

static void
set_text (char       **field,
          const char  *text,
          McTextKind   kind)
{
  char *clean = clean_optional (text, kind);

  g_free (*field);
  *field = clean;
}

/* Required fields keep "": the schema refuses it when the report is written,
 * which names what is missing instead of silently dropping it. */
static void
set_required_text (char       **field,
                   const char  *text,
                   McTextKind   kind)
{
  char *clean = mc_text_sanitize (text, kind);

  g_free (*field);
  *field = clean;
}

static gboolean
is_date_or_null (const char *text)
{
  GDate date;

  g_date_clear (&date, 1);
  return text == NULL || mc_date_from_iso8601 (text, &date);
}

static gboolean
is_age (int age)
{
  return age == MC_REPORT_AGE_UNKNOWN || (age >= 0 && age <= 150);
}

static gboolean
is_answer (McReportAnswer answer)
{
  return answer == MC_REPORT_ANSWER_UNANSWERED
         || answer == MC_REPORT_ANSWER_YES
         || answer == MC_REPORT_ANSWER_NO;
}

static gboolean
is_round_kind (McReportRoundKind kind)
{
  return kind >= MC_REPORT_ROUND_FIRST && kind <= MC_REPORT_ROUND_REWEIGH;
}

/* Items */

static void
person_free (McReportPerson *person)
{
  g_free (person->role);
  g_free (person->role_label);
  g_free (person->name);
  g_free (person->birth_date);
  g_free (person->relation);
  g_free (person->address);
  g_free (person->school);
  g_free (person->informed_on);
  g_free (person->informed_reaction);
  g_free (person->informed_exception);
  g_free (person->informed_exception_label);
  g_free (person);
}

static void
left_out_free (McReportLeftOut *left_out)
{
  g_free (left_out->what);
  g_free (left_out->why);
  g_free (left_out);
}

static void
access_free (McReportAccess *access)
{
  g_free (access->at);
  g_free (access->user);
  g_free (access->role);
  g_free (access->action);
  g_free (access->subject);
  g_free (access);
}

static void
signal_free (McReportSignal *signal)
{
  g_free (signal->observed_on);
  g_free (signal->category);
  g_free (signal->category_label);
  g_free (signal->observer);
  g_free (signal->source);
  g_free (signal->description);
  g_free (signal->status_on);
  g_free (signal);
}

static void
duty_free (McReportDuty *duty)
{
  g_free (duty->id);
  g_free (duty->text);
  g_free (duty->done);
  g_free (duty);
}

static void
special_form_free (McReportSpecialForm *form)
{
  g_free (form->id);
  g_free (form->name);
  g_free (form->advice);
  g_ptr_array_unref (form->duties);
  g_free (form);
}

static void
check_free (McReportCheck *check)
{
  g_free (check->id);
  g_free (check->question);
  g_free (check->answer);
  g_free (check);
}

static void
consultation_free (McReportConsultation *consultation)
{
  g_free (consultation->consulted_on);
  g_free (consultation->role);
  g_free (consultation->role_label);
  g_free (consultation->consultee);
  g_free (consultation->advice);
  g_free (consultation);
}

static void
conversation_free (McReportConversation *conversation)
{
  g_free (conversation->held_on);
  g_free (conversation->with_whom);
  g_free (conversation->discussed);
  g_free (conversation->reaction);
  g_free (conversation->reason);
  g_free (conversation->reason_label);
  g_free (conversation->explanation);
  g_free (conversation);
}

static void
question_free (McReportQuestion *question)
{
  g_free (question->id);
  g_free (question->text);
  g_free (question->note);
  g_free (question);
}

static void
norm_free (McReportNorm *norm)
{
  g_free (norm->rule_id);
  g_free (norm->text);
  g_free (norm->reason);
  g_free (norm);
}

static void
agreement_free (McReportAgreement *agreement)
{
  g_free (agreement->description);
  g_free (agreement->due_on);
  g_free (agreement->owner_name);
  g_free (agreement->owner_role);
  g_free (agreement->state_note);
  g_free (agreement->checked_on);
  g_free (agreement);
}

static McReportRound *
round_new (guint             number,
           McReportRoundKind kind)
{
  McReportRound *round = g_new0 (McReportRound, 1);

  round->number = number;
  round->kind = kind;
  round->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);
  round->norms = g_ptr_array_new_with_free_func ((GDestroyNotify) norm_free);
  return round;
}

static void
round_free (McReportRound *round)
{
  g_ptr_array_unref (round->questions);
  g_ptr_array_unref (round->norms);
  g_free (round->outcome.reason);
  g_free (round->decision.justification);
  g_free (round->decision.decided_by_name);
  g_free (round->decision.decided_by_role);
  g_free (round->decision.decided_on);
  g_free (round->decision.evaluation_on);
  g_free (round->veilig_thuis.reported_on);
  g_free (round->veilig_thuis.reference);
  g_free (round->veilig_thuis.contact);
  g_free (round->veilig_thuis.exception);
  g_free (round->veilig_thuis.exception_label);
  g_free (round->veilig_thuis.client_reaction);
  g_free (round->veilig_thuis.agreements);
  g_free (round->veilig_thuis.feedback_on);
  g_free (round->veilig_thuis.feedback);
  g_free (round);
}

static void
clear_closing (McReport *self)
{
  g_clear_pointer (&self->closing.closed_on, g_free);
  g_clear_pointer (&self->closing.reason, g_free);
  g_clear_pointer (&self->closing.reason_label, g_free);
  g_clear_pointer (&self->closing.note, g_free);
  g_clear_pointer (&self->closing.closed_by, g_free);
}

/* The report */

McReport *
mc_report_new (void)
{
  McReport *self = g_new0 (McReport, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->status = MC_REPORT_STATUS_OPEN;
  self->created_at = g_date_time_new_now_utc ();
  self->client.age = MC_REPORT_AGE_UNKNOWN;
  self->people = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  self->signals = g_ptr_array_new_with_free_func ((GDestroyNotify) signal_free);
  self->kindcheck = g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);
  self->special_forms = g_ptr_array_new_with_free_func ((GDestroyNotify) special_form_free);
  self->consultations = g_ptr_array_new_with_free_func ((GDestroyNotify) consultation_free);
  self->conversations = g_ptr_array_new_with_free_func ((GDestroyNotify) conversation_free);
  self->rounds = g_ptr_array_new_with_free_func ((GDestroyNotify) round_free);
  self->agreements = g_ptr_array_new_with_free_func ((GDestroyNotify) agreement_free);
  self->inzage.left_out = g_ptr_array_new_with_free_func ((GDestroyNotify) left_out_free);
  self->inzage.access_log = g_ptr_array_new_with_free_func ((GDestroyNotify) access_free);

  /* A case always has a current round, decided or not. */
  g_ptr_array_add (self->rounds, round_new (1, MC_REPORT_ROUND_FIRST));

  /* Whole seconds, so what is written reads back as the same value. */
  mc_report_set_created_at (self, self->created_at);

  return self;
}

McReport *
mc_report_ref (McReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mc_report_unref (McReport *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->case_number);
  g_free (self->protocol_id);
  g_free (self->protocol_version);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_free (self->organisation);
  g_free (self->author_name);
  g_free (self->author_role);
  g_free (self->author_phone);
  g_free (self->author_email);
  g_free (self->support_network.text);
  g_free (self->other_information.text);
  g_ptr_array_unref (self->inzage.left_out);
  g_ptr_array_unref (self->inzage.access_log);
  g_free (self->client.name);
  g_free (self->client.number);
  g_free (self->client.birth_date);
  g_ptr_array_unref (self->people);
  g_ptr_array_unref (self->signals);
  g_ptr_array_unref (self->kindcheck);
  g_ptr_array_unref (self->special_forms);
  g_ptr_array_unref (self->consultations);
  g_ptr_array_unref (self->conversations);
  g_free (self->weighing.instrument);
  g_free (self->weighing.instrument_result);
  g_free (self->weighing.notes);
  g_ptr_array_unref (self->rounds);
  g_ptr_array_unref (self->agreements);
  clear_closing (self);
  g_free (self);
}

void
mc_report_set_case (McReport       *self,
                    const char     *number,
                    McReportStatus  status)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (status == MC_REPORT_STATUS_OPEN || status == MC_REPORT_STATUS_CLOSED);

  set_required_text (&self->case_number, number, MC_TEXT_KIND_NAME);
  self->status = status;
}

void
mc_report_set_protocol (McReport   *self,
                        const char *id,
                        const char *version)
{
  g_return_if_fail (self != NULL);

  set_required_text (&self->protocol_id, id, MC_TEXT_KIND_NAME);
  set_required_text (&self->protocol_version, version, MC_TEXT_KIND_NAME);
}

void
mc_report_set_created_at (McReport  *self,
                          GDateTime *created_at)
{
  GDateTime *utc;

  g_return_if_fail (self != NULL);
  g_return_if_fail (created_at != NULL);

  utc = g_date_time_to_utc (created_at);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  self->created_at = g_date_time_new_utc (g_date_time_get_year (utc),
                                          g_date_time_get_month (utc),
                                          g_date_time_get_day_of_month (utc),
                                          g_date_time_get_hour (utc),
                                          g_date_time_get_minute (utc),
                                          g_date_time_get_second (utc));
  g_date_time_unref (utc);
}

void
mc_report_set_author (McReport   *self,
                      const char *organisation,
                      const char *name,
                      const char *role)
{
  g_return_if_fail (self != NULL);

  set_required_text (&self->organisation, organisation, MC_TEXT_KIND_LINE);
  set_required_text (&self->author_name, name, MC_TEXT_KIND_NAME);
  set_text (&self->author_role, role, MC_TEXT_KIND_NAME);
}

void
mc_report_set_client (McReport   *self,
                      const char *name,
                      const char *number,
                      const char *birth_date,
                      int         age)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (is_date_or_null (birth_date));
  g_return_if_fail (is_age (age));

  set_required_text (&self->client.name, name, MC_TEXT_KIND_NAME);
  set_text (&self->client.number, number, MC_TEXT_KIND_NAME);
  set_text (&self->client.birth_date, birth_date, MC_TEXT_KIND_NAME);
  self->client.age = age;
}

void
mc_report_add_person (McReport   *self,
                      const char *role,
                      const char *role_label,
                      const char *name,
                      const char *birth_date,
                      int         age,
                      const char *relation)
{
  McReportPerson *person;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_date_or_null (birth_date));
  g_return_if_fail (is_age (age));

  person = g_new0 (McReportPerson, 1);
  set_required_text (&person->role, role, MC_TEXT_KIND_NAME);
  set_text (&person->role_label, role_label, MC_TEXT_KIND_LINE);
  set_text (&person->name, name, MC_TEXT_KIND_NAME);
  set_text (&person->birth_date, birth_date, MC_TEXT_KIND_NAME);
  person->age = age;
  set_text (&person->relation, relation, MC_TEXT_KIND_LINE);
  g_ptr_array_add (self->people, person);
}

void
mc_report_add_signal (McReport             *self,
                      const char           *observed_on,
                      const char           *category,
                      const char           *category_label,
                      McReportNature        nature,
                      const char           *observer,
                      const char           *source,
                      const char           *description,
                      McReportSignalStatus  status,
                      const char           *status_on)
{
  McReportSignal *signal;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_date_or_null (observed_on));
  g_return_if_fail (nature == MC_REPORT_NATURE_FACT || nature == MC_REPORT_NATURE_INTERPRETATION);
  g_return_if_fail (status >= MC_REPORT_SIGNAL_STATUS_NONE && status <= MC_REPORT_SIGNAL_STATUS_REFUTED);
  g_return_if_fail (is_date_or_null (status_on));

  signal = g_new0 (McReportSignal, 1);
  set_text (&signal->observed_on, observed_on, MC_TEXT_KIND_NAME);
  set_text (&signal->category, category, MC_TEXT_KIND_NAME);
  /* A label only means something beside its id. */
  if (signal->category != NULL)
    set_text (&signal->category_label, category_label, MC_TEXT_KIND_LINE);
  signal->nature = nature;
  set_text (&signal->observer, observer, MC_TEXT_KIND_NAME);
  set_text (&signal->source, source, MC_TEXT_KIND_LINE);
  set_text (&signal->description, description, MC_TEXT_KIND_TEXT);
  signal->status = status;
  /* A date says when the status was given; without one it says nothing. */
  if (status != MC_REPORT_SIGNAL_STATUS_NONE)
    set_text (&signal->status_on, status_on, MC_TEXT_KIND_NAME);
  g_ptr_array_add (self->signals, signal);
}

McReportSpecialForm *
mc_report_add_special_form (McReport   *self,
                            const char *id,
                            const char *name,
                            const char *advice)
{
  McReportSpecialForm *form;

  g_return_val_if_fail (self != NULL, NULL);

  form = g_new0 (McReportSpecialForm, 1);
  set_required_text (&form->id, id, MC_TEXT_KIND_NAME);
  set_required_text (&form->name, name != NULL && *name != '\0' ? name : id, MC_TEXT_KIND_LINE);
  set_text (&form->advice, advice, MC_TEXT_KIND_TEXT);
  form->duties = g_ptr_array_new_with_free_func ((GDestroyNotify) duty_free);
  g_ptr_array_add (self->special_forms, form);
  return form;
}

void
mc_report_special_form_add_duty (McReportSpecialForm *form,
                                 const char          *id,
                                 const char          *text,
                                 const char          *done)
{
  McReportDuty *duty;

  g_return_if_fail (form != NULL);
  g_return_if_fail (done == NULL || g_str_equal (done, "yes") || g_str_equal (done, "no"));

  duty = g_new0 (McReportDuty, 1);
  set_required_text (&duty->id, id, MC_TEXT_KIND_NAME);
  set_required_text (&duty->text, text != NULL && *text != '\0' ? text : id, MC_TEXT_KIND_TEXT);
  set_text (&duty->done, done, MC_TEXT_KIND_NAME);
  g_ptr_array_add (form->duties, duty);
}

void
mc_report_add_check (McReport   *self,
                     const char *id,
                     const char *question,
                     const char *answer)
{
  McReportCheck *check;

  g_return_if_fail (self != NULL);

  check = g_new0 (McReportCheck, 1);
  set_required_text (&check->id, id, MC_TEXT_KIND_NAME);
  set_text (&check->question, question, MC_TEXT_KIND_TEXT);
  set_text (&check->answer, answer, MC_TEXT_KIND_TEXT);
  g_ptr_array_add (self->kindcheck, check);
}

void
mc_report_add_consultation (McReport   *self,
                            const char *consulted_on,
                            const char *role,
                            const char *role_label,
                            const char *consultee,
                            gboolean    anonymous,
                            const char *advice)
{
  McReportConsultation *consultation;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_date_or_null (consulted_on));

  consultation = g_new0 (McReportConsultation, 1);
  set_text (&consultation->consulted_on, consulted_on, MC_TEXT_KIND_NAME);
  set_required_text (&consultation->role, role, MC_TEXT_KIND_NAME);
  set_text (&consultation->role_label, role_label, MC_TEXT_KIND_LINE);
  set_text (&consultation->consultee, consultee, MC_TEXT_KIND_NAME);
  consultation->anonymous = !!anonymous;
  set_text (&consultation->advice, advice, MC_TEXT_KIND_TEXT);
  g_ptr_array_add (self->consultations, consultation);
}

static gboolean
is_person (McReport *self,
           int       person)
{
  return person == MC_REPORT_NO_PERSON || (person >= 0 && (guint) person < self->people->len);
}

void
mc_report_add_conversation_held (McReport   *self,
                                 int         person,
                                 const char *held_on,
                                 const char *with_whom,
                                 const char *discussed,
                                 const char *reaction)
{
  McReportConversation *conversation;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_person (self, person));
  g_return_if_fail (is_date_or_null (held_on));

  conversation = g_new0 (McReportConversation, 1);
  conversation->state = MC_REPORT_CONVERSATION_HELD;
  conversation->person = person;
  set_text (&conversation->held_on, held_on, MC_TEXT_KIND_NAME);
  set_text (&conversation->with_whom, with_whom, MC_TEXT_KIND_LINE);
  set_text (&conversation->discussed, discussed, MC_TEXT_KIND_TEXT);
  set_text (&conversation->reaction, reaction, MC_TEXT_KIND_TEXT);
  g_ptr_array_add (self->conversations, conversation);
}

void
mc_report_add_conversation_not_held (McReport   *self,
                                     int         person,
                                     const char *reason,
                                     const char *reason_label,
                                     const char *explanation)
{
  McReportConversation *conversation;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_person (self, person));

  conversation = g_new0 (McReportConversation, 1);
  conversation->state = MC_REPORT_CONVERSATION_NOT_HELD;
  conversation->person = person;
  set_required_text (&conversation->reason, reason, MC_TEXT_KIND_NAME);
  set_text (&conversation->reason_label, reason_label, MC_TEXT_KIND_LINE);
  set_text (&conversation->explanation, explanation, MC_TEXT_KIND_TEXT);
  g_ptr_array_add (self->conversations, conversation);
}

void
mc_report_set_weighing (McReport       *self,
                        McReportAnswer  acute,
                        McReportAnswer  structural,
                        const char     *instrument,
                        const char     *instrument_result,
                        const char     *notes)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (is_answer (acute) && is_answer (structural));

  self->weighing.acute = acute;
  self->weighing.structural = structural;
  set_text (&self->weighing.instrument, instrument, MC_TEXT_KIND_LINE);
  set_text (&self->weighing.instrument_result, instrument_result, MC_TEXT_KIND_LINE);
  set_text (&self->weighing.notes, notes, MC_TEXT_KIND_TEXT);
}

void
mc_report_add_agreement (McReport               *self,
                         const char             *description,
                         const char             *due_on,
                         McReportAgreementState  state,
                         const char             *owner_name,
                         const char             *owner_role,
                         const char             *state_note,
                         const char             *checked_on)
{
  McReportAgreement *agreement;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_date_or_null (due_on));
  g_return_if_fail (state >= MC_REPORT_AGREEMENT_OPEN && state <= MC_REPORT_AGREEMENT_NOT_DONE);
  g_return_if_fail (is_date_or_null (checked_on));

  agreement = g_new0 (McReportAgreement, 1);
  set_text (&agreement->description, description, MC_TEXT_KIND_TEXT);
  set_text (&agreement->due_on, due_on, MC_TEXT_KIND_NAME);
  agreement->state = state;
  set_text (&agreement->owner_name, owner_name, MC_TEXT_KIND_NAME);
  set_text (&agreement->owner_role, owner_role, MC_TEXT_KIND_NAME);
  set_text (&agreement->state_note, state_note, MC_TEXT_KIND_TEXT);
  set_text (&agreement->checked_on, checked_on, MC_TEXT_KIND_NAME);
  g_ptr_array_add (self->agreements, agreement);
}

void
mc_report_set_closing (McReport   *self,
                       const char *closed_on,
                       const char *reason,
                       const char *reason_label,
                       const char *note,
                       const char *closed_by)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (is_date_or_null (closed_on));

  /* set_text() frees what it replaces only after cleaning the new text,
   * so the fields may be passed in again. */
  set_text (&self->closing.closed_on, closed_on, MC_TEXT_KIND_NAME);
  set_text (&self->closing.reason, reason, MC_TEXT_KIND_NAME);
  set_text (&self->closing.reason_label, self->closing.reason != NULL ? reason_label : NULL, MC_TEXT_KIND_LINE);
  set_text (&self->closing.note, note, MC_TEXT_KIND_TEXT);
  set_text (&self->closing.closed_by, closed_by, MC_TEXT_KIND_NAME);
}

/* Rounds */

McReportRound *
mc_report_get_current_round (const McReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_assert (self->rounds->len > 0);

  return g_ptr_array_index (self->rounds, self->rounds->len - 1);
}

McReportRound *
mc_report_add_round (McReport          *self,
                     McReportRoundKind  kind)
{
  McReportRound *round;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (is_round_kind (kind), NULL);

  round = round_new (self->rounds->len + 1, kind);
  g_ptr_array_add (self->rounds, round);
  return round;
}

void
mc_report_round_set_kind (McReportRound     *round,
                          McReportRoundKind  kind)
{
  g_return_if_fail (round != NULL);
  g_return_if_fail (is_round_kind (kind));

  round->kind = kind;
}

void
mc_report_round_add_question (McReportRound  *round,
                              const char     *id,
                              const char     *text,
                              McReportAnswer  answer,
                              const char     *note,
                              gboolean        skipped,
                              guint           from_round)
{
  McReportQuestion *question;

  g_return_if_fail (round != NULL);
  g_return_if_fail (is_answer (answer));
  /* An answer can only stand from a round before this one. */
  g_return_if_fail (from_round < round->number);

  question = g_new0 (McReportQuestion, 1);
  set_required_text (&question->id, id, MC_TEXT_KIND_NAME);
  set_text (&question->text, text, MC_TEXT_KIND_TEXT);
  question->answer = answer;
  set_text (&question->note, note, MC_TEXT_KIND_TEXT);
  question->skipped = !!skipped;
  question->from_round = from_round;
  g_ptr_array_add (round->questions, question);
}

void
mc_report_round_set_outcome (McReportRound  *round,
                             McReportAnswer  report_needed,
                             McReportAnswer  help_possible,
                             const char     *reason)
{
  g_return_if_fail (round != NULL);
  g_return_if_fail (is_answer (report_needed) && is_answer (help_possible));

  round->outcome.report_needed = report_needed;
  round->outcome.help_possible = help_possible;
  set_text (&round->outcome.reason, reason, MC_TEXT_KIND_TEXT);
}

void
mc_report_round_add_norm (McReportRound *round,
                          const char    *rule_id,
                          const char    *text,
                          const char    *reason)
{
  McReportNorm *norm;

  g_return_if_fail (round != NULL);

  norm = g_new0 (McReportNorm, 1);
  set_required_text (&norm->rule_id, rule_id, MC_TEXT_KIND_NAME);
  set_text (&norm->text, text, MC_TEXT_KIND_TEXT);
  set_text (&norm->reason, reason, MC_TEXT_KIND_TEXT);
  g_ptr_array_add (round->norms, norm);
}

void
mc_report_round_set_decision (McReportRound  *round,
                              McReportAnswer  report_needed,
                              McReportAnswer  help_possible,
                              const char     *justification,
                              const char     *decided_by_name,
                              const char     *decided_by_role,
                              const char     *decided_on,
                              const char     *evaluation_on)
{
  g_return_if_fail (round != NULL);
  g_return_if_fail (is_answer (report_needed) && is_answer (help_possible));
  g_return_if_fail (is_date_or_null (decided_on));
  g_return_if_fail (is_date_or_null (evaluation_on));

  round->decision.report_needed = report_needed;
  round->decision.help_possible = help_possible;
  set_text (&round->decision.justification, justification, MC_TEXT_KIND_TEXT);
  set_text (&round->decision.decided_by_name, decided_by_name, MC_TEXT_KIND_NAME);
  /* A role without a name says nothing about who decided. */
  set_text (&round->decision.decided_by_role,
            round->decision.decided_by_name != NULL ? decided_by_role : NULL, MC_TEXT_KIND_NAME);
  set_text (&round->decision.decided_on, decided_on, MC_TEXT_KIND_NAME);
  set_text (&round->decision.evaluation_on, evaluation_on, MC_TEXT_KIND_NAME);
}

void
mc_report_round_set_veilig_thuis (McReportRound  *round,
                                  const char     *reported_on,
                                  const char     *reference,
                                  McReportAnswer  client_informed,
                                  const char     *exception,
                                  const char     *exception_label,
                                  const char     *client_reaction)
{
  g_return_if_fail (round != NULL);
  g_return_if_fail (is_date_or_null (reported_on));
  g_return_if_fail (is_answer (client_informed));

  set_text (&round->veilig_thuis.reported_on, reported_on, MC_TEXT_KIND_NAME);
  set_text (&round->veilig_thuis.reference, reference, MC_TEXT_KIND_LINE);
  round->veilig_thuis.client_informed = client_informed;
  set_text (&round->veilig_thuis.exception, exception, MC_TEXT_KIND_NAME);
  set_text (&round->veilig_thuis.exception_label,
            round->veilig_thuis.exception != NULL ? exception_label : NULL, MC_TEXT_KIND_LINE);
  set_text (&round->veilig_thuis.client_reaction, client_reaction, MC_TEXT_KIND_TEXT);
}

void
mc_report_round_set_after_report (McReportRound      *round,
                                  McReportMethod      method,
                                  const char         *contact,
                                  McReportVtResponse  response,
                                  const char         *agreements,
                                  const char         *feedback_on,
                                  const char         *feedback)
{
  g_return_if_fail (round != NULL);
  g_return_if_fail (method >= MC_REPORT_METHOD_NONE && method <= MC_REPORT_METHOD_FORM);
  g_return_if_fail (response >= MC_REPORT_VT_RESPONSE_NONE && response <= MC_REPORT_VT_RESPONSE_DECLINES);
  g_return_if_fail (is_date_or_null (feedback_on));

  round->veilig_thuis.method = method;
  set_text (&round->veilig_thuis.contact, contact, MC_TEXT_KIND_LINE);
  round->veilig_thuis.response = response;
  set_text (&round->veilig_thuis.agreements, agreements, MC_TEXT_KIND_TEXT);
  set_text (&round->veilig_thuis.feedback_on, feedback_on, MC_TEXT_KIND_NAME);
  set_text (&round->veilig_thuis.feedback, feedback, MC_TEXT_KIND_TEXT);
}

gboolean
mc_report_has_norm_deviations (const McReport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->rounds->len; i++)
    {
      const McReportRound *round = g_ptr_array_index (self->rounds, i);

      if (round->norms->len > 0)
        return TRUE;
    }
  return FALSE;
}

/* Enumerations: one table each, the id at the value's index. */

static const char * const round_kind_ids[] = { "first", "evaluation", "report-again", "reweigh" };
static const char * const method_ids[] = { NULL, "phone", "phone-and-form", "form" };
static const char * const vt_response_ids[] = { NULL, "takes-on", "advice", "refers", "declines" };
static const char * const signal_status_ids[] = { NULL, "open", "confirmed", "refuted" };
static const char * const agreement_state_ids[] = { "open", "done", "not-done" };

/* The index of @id in @ids; @ids[0] may be NULL, the value for none. */
static gboolean
lookup_id (const char * const *ids,
           guint               n_ids,
           const char         *id,
           int                *value)
{
  *value = 0;
  if (id == NULL)
    return ids[0] == NULL;
  for (guint i = 0; i < n_ids; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      {
        *value = (int) i;
        return TRUE;
      }
  return FALSE;
}

#define ID_OF(ids, value) \
  ((guint) (value) < G_N_ELEMENTS (ids) ? (ids)[(guint) (value)] : NULL)

const char *
mc_report_round_kind_to_id (McReportRoundKind kind)
{
  return ID_OF (round_kind_ids, kind);
}

gboolean
mc_report_round_kind_from_id (const char        *id,
                              McReportRoundKind *kind)
{
  int value;
  gboolean found = lookup_id (round_kind_ids, G_N_ELEMENTS (round_kind_ids), id, &value);

  *kind = (McReportRoundKind) value;
  return found;
}

const char *
mc_report_method_to_id (McReportMethod method)
{
  return ID_OF (method_ids, method);
}

gboolean
mc_report_method_from_id (const char     *id,
                          McReportMethod *method)
{
  int value;
  gboolean found = lookup_id (method_ids, G_N_ELEMENTS (method_ids), id, &value);

  *method = (McReportMethod) value;
  return found;
}

const char *
mc_report_vt_response_to_id (McReportVtResponse response)
{
  return ID_OF (vt_response_ids, response);
}

gboolean
mc_report_vt_response_from_id (const char         *id,
                               McReportVtResponse *response)
{
  int value;
  gboolean found = lookup_id (vt_response_ids, G_N_ELEMENTS (vt_response_ids), id, &value);

  *response = (McReportVtResponse) value;
  return found;
}

const char *
mc_report_signal_status_to_id (McReportSignalStatus status)
{
  return ID_OF (signal_status_ids, status);
}

gboolean
mc_report_signal_status_from_id (const char           *id,
                                 McReportSignalStatus *status)
{
  int value;
  gboolean found = lookup_id (signal_status_ids, G_N_ELEMENTS (signal_status_ids), id, &value);

  *status = (McReportSignalStatus) value;
  return found;
}

const char *
mc_report_agreement_state_to_id (McReportAgreementState state)
{
  return ID_OF (agreement_state_ids, state);
}

gboolean
mc_report_agreement_state_from_id (const char             *id,
                                   McReportAgreementState *state)
{
  int value;
  gboolean found = lookup_id (agreement_state_ids, G_N_ELEMENTS (agreement_state_ids), id, &value);

  *state = (McReportAgreementState) value;
  return found;
}

/* Copying: the fields are clean already, so they are copied as they are. */

static McReportRound *
round_copy (const McReportRound *round)
{
  McReportRound *copy = round_new (round->number, round->kind);

  for (guint i = 0; i < round->questions->len; i++)
    {
      const McReportQuestion *q = g_ptr_array_index (round->questions, i);
      McReportQuestion *c = g_new0 (McReportQuestion, 1);

      c->id = g_strdup (q->id);
      c->text = g_strdup (q->text);
      c->answer = q->answer;
      c->note = g_strdup (q->note);
      c->skipped = q->skipped;
      c->from_round = q->from_round;
      g_ptr_array_add (copy->questions, c);
    }

  copy->outcome.report_needed = round->outcome.report_needed;
  copy->outcome.help_possible = round->outcome.help_possible;
  copy->outcome.reason = g_strdup (round->outcome.reason);

  for (guint i = 0; i < round->norms->len; i++)
    {
      const McReportNorm *n = g_ptr_array_index (round->norms, i);
      McReportNorm *c = g_new0 (McReportNorm, 1);

      c->rule_id = g_strdup (n->rule_id);
      c->text = g_strdup (n->text);
      c->reason = g_strdup (n->reason);
      g_ptr_array_add (copy->norms, c);
    }

  copy->decision.report_needed = round->decision.report_needed;
  copy->decision.help_possible = round->decision.help_possible;
  copy->decision.justification = g_strdup (round->decision.justification);
  copy->decision.decided_by_name = g_strdup (round->decision.decided_by_name);
  copy->decision.decided_by_role = g_strdup (round->decision.decided_by_role);
  copy->decision.decided_on = g_strdup (round->decision.decided_on);
  copy->decision.evaluation_on = g_strdup (round->decision.evaluation_on);

  copy->veilig_thuis.reported_on = g_strdup (round->veilig_thuis.reported_on);
  copy->veilig_thuis.method = round->veilig_thuis.method;
  copy->veilig_thuis.reference = g_strdup (round->veilig_thuis.reference);
  copy->veilig_thuis.contact = g_strdup (round->veilig_thuis.contact);
  copy->veilig_thuis.client_informed = round->veilig_thuis.client_informed;
  copy->veilig_thuis.exception = g_strdup (round->veilig_thuis.exception);
  copy->veilig_thuis.exception_label = g_strdup (round->veilig_thuis.exception_label);
  copy->veilig_thuis.client_reaction = g_strdup (round->veilig_thuis.client_reaction);
  copy->veilig_thuis.response = round->veilig_thuis.response;
  copy->veilig_thuis.agreements = g_strdup (round->veilig_thuis.agreements);
  copy->veilig_thuis.feedback_on = g_strdup (round->veilig_thuis.feedback_on);
  copy->veilig_thuis.feedback = g_strdup (round->veilig_thuis.feedback);

  return copy;
}

McReport *
mc_report_copy (const McReport *report)
{
  McReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = mc_report_new ();

  copy->case_number = g_strdup (report->case_number);
  copy->status = report->status;
  copy->anonymous = report->anonymous;
  copy->protocol_id = g_strdup (report->protocol_id);
  copy->protocol_version = g_strdup (report->protocol_version);
  g_date_time_unref (copy->created_at);
  copy->created_at = g_date_time_ref (report->created_at);
  copy->organisation = g_strdup (report->organisation);
  copy->author_name = g_strdup (report->author_name);
  copy->author_role = g_strdup (report->author_role);
  copy->author_phone = g_strdup (report->author_phone);
  copy->author_email = g_strdup (report->author_email);
  copy->family_copy = report->family_copy;
  copy->support_network.text = g_strdup (report->support_network.text);
  copy->support_network.not_for_family = report->support_network.not_for_family;
  copy->other_information.text = g_strdup (report->other_information.text);
  copy->other_information.not_for_family = report->other_information.not_for_family;
  copy->client.name = g_strdup (report->client.name);
  copy->client.number = g_strdup (report->client.number);
  copy->client.birth_date = g_strdup (report->client.birth_date);
  copy->client.age = report->client.age;

  for (guint i = 0; i < report->people->len; i++)
    {
      const McReportPerson *p = g_ptr_array_index (report->people, i);
      McReportPerson *c = g_new0 (McReportPerson, 1);

      c->role = g_strdup (p->role);
      c->role_label = g_strdup (p->role_label);
      c->name = g_strdup (p->name);
      c->birth_date = g_strdup (p->birth_date);
      c->age = p->age;
      c->relation = g_strdup (p->relation);
      c->address = g_strdup (p->address);
      c->gezag = p->gezag;
      c->school = g_strdup (p->school);
      c->informed = p->informed;
      c->informed_on = g_strdup (p->informed_on);
      c->informed_reaction = g_strdup (p->informed_reaction);
      c->informed_exception = g_strdup (p->informed_exception);
      c->informed_exception_label = g_strdup (p->informed_exception_label);
      c->not_for_family = p->not_for_family;
      g_ptr_array_add (copy->people, c);
    }

  for (guint i = 0; i < report->signals->len; i++)
    {
      const McReportSignal *s = g_ptr_array_index (report->signals, i);
      McReportSignal *c = g_new0 (McReportSignal, 1);

      c->observed_on = g_strdup (s->observed_on);
      c->category = g_strdup (s->category);
      c->category_label = g_strdup (s->category_label);
      c->nature = s->nature;
      c->observer = g_strdup (s->observer);
      c->source = g_strdup (s->source);
      c->description = g_strdup (s->description);
      c->status = s->status;
      c->status_on = g_strdup (s->status_on);
      c->not_for_family = s->not_for_family;
      g_ptr_array_add (copy->signals, c);
    }

  for (guint i = 0; i < report->kindcheck->len; i++)
    {
      const McReportCheck *k = g_ptr_array_index (report->kindcheck, i);
      McReportCheck *c = g_new0 (McReportCheck, 1);

      c->id = g_strdup (k->id);
      c->question = g_strdup (k->question);
      c->answer = g_strdup (k->answer);
      g_ptr_array_add (copy->kindcheck, c);
    }

  for (guint i = 0; i < report->special_forms->len; i++)
    {
      const McReportSpecialForm *f = g_ptr_array_index (report->special_forms, i);
      McReportSpecialForm *c = mc_report_add_special_form (copy, f->id, f->name, f->advice);

      for (guint j = 0; j < f->duties->len; j++)
        {
          const McReportDuty *d = g_ptr_array_index (f->duties, j);

          mc_report_special_form_add_duty (c, d->id, d->text, d->done);
        }
    }

  for (guint i = 0; i < report->consultations->len; i++)
    {
      const McReportConsultation *k = g_ptr_array_index (report->consultations, i);
      McReportConsultation *c = g_new0 (McReportConsultation, 1);

      c->consulted_on = g_strdup (k->consulted_on);
      c->role = g_strdup (k->role);
      c->role_label = g_strdup (k->role_label);
      c->consultee = g_strdup (k->consultee);
      c->anonymous = k->anonymous;
      c->advice = g_strdup (k->advice);
      g_ptr_array_add (copy->consultations, c);
    }

  for (guint i = 0; i < report->conversations->len; i++)
    {
      const McReportConversation *k = g_ptr_array_index (report->conversations, i);
      McReportConversation *c = g_new0 (McReportConversation, 1);

      c->state = k->state;
      c->person = k->person;
      c->held_on = g_strdup (k->held_on);
      c->with_whom = g_strdup (k->with_whom);
      c->discussed = g_strdup (k->discussed);
      c->reaction = g_strdup (k->reaction);
      c->reason = g_strdup (k->reason);
      c->reason_label = g_strdup (k->reason_label);
      c->explanation = g_strdup (k->explanation);
      c->not_for_family = k->not_for_family;
      g_ptr_array_add (copy->conversations, c);
    }

  copy->weighing.acute = report->weighing.acute;
  copy->weighing.structural = report->weighing.structural;
  copy->weighing.instrument = g_strdup (report->weighing.instrument);
  copy->weighing.instrument_result = g_strdup (report->weighing.instrument_result);
  copy->weighing.notes = g_strdup (report->weighing.notes);

  g_ptr_array_set_size (copy->rounds, 0);
  for (guint i = 0; i < report->rounds->len; i++)
    g_ptr_array_add (copy->rounds, round_copy (g_ptr_array_index (report->rounds, i)));

  for (guint i = 0; i < report->agreements->len; i++)
    {
      const McReportAgreement *a = g_ptr_array_index (report->agreements, i);
      McReportAgreement *c = g_new0 (McReportAgreement, 1);

      c->description = g_strdup (a->description);
      c->due_on = g_strdup (a->due_on);
      c->state = a->state;
      c->owner_name = g_strdup (a->owner_name);
      c->owner_role = g_strdup (a->owner_role);
      c->state_note = g_strdup (a->state_note);
      c->checked_on = g_strdup (a->checked_on);
      g_ptr_array_add (copy->agreements, c);
    }

  copy->closing.closed_on = g_strdup (report->closing.closed_on);
  copy->closing.reason = g_strdup (report->closing.reason);
  copy->closing.reason_label = g_strdup (report->closing.reason_label);
  copy->closing.note = g_strdup (report->closing.note);
  copy->closing.closed_by = g_strdup (report->closing.closed_by);

  copy->inzage.requester = report->inzage.requester;
  for (guint i = 0; i < report->inzage.left_out->len; i++)
    {
      const McReportLeftOut *l = g_ptr_array_index (report->inzage.left_out, i);

      mc_report_add_left_out (copy, l->what, l->why);
    }
  for (guint i = 0; i < report->inzage.access_log->len; i++)
    {
      const McReportAccess *a = g_ptr_array_index (report->inzage.access_log, i);

      mc_report_add_access (copy, a->at, a->user, a->role, a->action, a->subject);
    }

  return copy;
}

/* Anonymising
 *
 * Every identifying string becomes a needle with its replacement. Free text
 * is scanned once; at each position the longest matching needle wins, so a
 * full name goes before its parts. Matching compares characters lowered one
 * by one, so positions in the folded and the original text stay the same. */

typedef struct
{
  gunichar *chars;                     /* lowered */
  glong     len;
  char     *replacement;
} Needle;

static void
needle_free (Needle *needle)
{
  g_free (needle->chars);
  g_free (needle->replacement);
  g_free (needle);
}

typedef struct
{
  GPtrArray  *needles;                 /* Needle, longest first once sorted */
  GHashTable *by_text;                 /* lowered UTF-8 -> Needle */
  char       *generic;                 /* for a part two people share */
} Scrubber;

static void
scrubber_add (Scrubber   *scrubber,
              const char *text,
              const char *replacement)
{
  g_autofree char *lowered = NULL;
  Needle *needle;

  if (text == NULL || *text == '\0')
    return;

  lowered = g_utf8_strdown (text, -1);
  needle = g_hash_table_lookup (scrubber->by_text, lowered);
  if (needle != NULL)
    {
      /* The same word for two people: "[name]" misleads no one, where
       * either role would. */
      if (g_strcmp0 (needle->replacement, replacement) != 0)
        {
          g_free (needle->replacement);
          needle->replacement = g_strdup (scrubber->generic);
        }
      return;
    }

  needle = g_new0 (Needle, 1);
  needle->chars = g_utf8_to_ucs4_fast (text, -1, &needle->len);
  for (glong i = 0; i < needle->len; i++)
    needle->chars[i] = g_unichar_tolower (needle->chars[i]);
  needle->replacement = g_strdup (replacement);
  g_ptr_array_add (scrubber->needles, needle);
  g_hash_table_insert (scrubber->by_text, g_steal_pointer (&lowered), needle);
}

static gboolean
is_name_particle (const char *lowered)
{
  /* Dutch tussenvoegsels and their kin: common words that do not identify
   * anyone alone, and that would wreck every sentence if replaced. */
  static const char * const particles[] = {
    "van", "de", "der", "den", "het", "'t", "te", "ten", "ter", "op", "in", "aan",
    "bij", "uit", "voor", "la", "le", "les", "du", "di", "da", "do", "dos", "das",
    "del", "della", "von", "vom", "zu", "el", "al", "y", "e", "en",
  };

  for (guint i = 0; i < G_N_ELEMENTS (particles); i++)
    if (strcmp (lowered, particles[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Whether a piece of a name identifies by itself: not a particle, not a
 * single letter (an initial). */
static gboolean
is_identifying_part (const char *part)
{
  g_autofree char *lowered = g_utf8_strdown (part, -1);
  glong letters = 0;

  for (const char *p = part; *p != '\0'; p = g_utf8_next_char (p))
    if (is_word_char (g_utf8_get_char (p)))
      letters++;
  return letters >= 2 && !is_name_particle (lowered);
}

/* People are named in running text by first name, surname ("El Amrani",
 * "van der Berg") or both, so every run of consecutive words of the name
 * that holds an identifying word is a needle, and so is each identifying
 * piece of a hyphenated or abbreviated word. The longest match wins, so the
 * particle before a surname goes with it. */
static void
scrubber_add_name (Scrubber   *scrubber,
                   const char *name,
                   const char *role)
{
  g_autofree char *replacement = NULL;
  g_auto(GStrv) words = NULL;
  guint n_words;

  if (name == NULL)
    return;

  replacement = g_strdup_printf ("[%s]", role);
  scrubber_add (scrubber, name, replacement);

  words = g_strsplit_set (name, " \t\n", -1);
  n_words = g_strv_length (words);
  for (guint first = 0; first < n_words; first++)
    {
      gboolean identifying = FALSE;
      g_autoptr(GString) run = g_string_new (NULL);

      for (guint last = first; last < n_words; last++)
        {
          if (*words[last] == '\0')
            break;
          if (run->len > 0)
            g_string_append_c (run, ' ');
          g_string_append (run, words[last]);
          identifying |= is_identifying_part (words[last]);
          if (identifying)
            scrubber_add (scrubber, run->str, replacement);
        }
    }

  for (guint i = 0; i < n_words; i++)
    {
      const char *start = NULL;

      for (const char *p = words[i]; ; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          gboolean in_word = c != 0 && is_word_char (c);

          if (in_word && start == NULL)
            start = p;
          else if (!in_word && start != NULL)
            {
              g_autofree char *part = g_strndup (start, p - start);

              if (is_identifying_part (part))
                scrubber_add (scrubber, part, replacement);
              start = NULL;
            }
          if (c == 0)
            break;
        }
    }
}

static void
scrubber_add_birth_date (Scrubber   *scrubber,
                         const char *birth_date)
{
  g_autofree char *replacement = NULL;
  g_autofree char *long_form = NULL;
  GDate date;
  guint d, m, y;

  g_date_clear (&date, 1);
  if (birth_date == NULL || !mc_date_from_iso8601 (birth_date, &date))
    return;

  d = g_date_get_day (&date);
  m = g_date_get_month (&date);
  y = g_date_get_year (&date);
  /* Translators: replaces a date of birth in anonymised text, in brackets. */
  replacement = g_strdup_printf ("[%s]", _("date of birth"));

  scrubber_add (scrubber, birth_date, replacement);
  for (guint i = 0; i < 3; i++)
    {
      const char sep = "-/."[i];
      g_autofree char *padded = g_strdup_printf ("%02u%c%02u%c%04u", d, sep, m, sep, y);
      g_autofree char *bare = g_strdup_printf ("%u%c%u%c%04u", d, sep, m, sep, y);

      scrubber_add (scrubber, padded, replacement);
      scrubber_add (scrubber, bare, replacement);
    }
  long_form = mc_format_date (&date);
  scrubber_add (scrubber, long_form, replacement);
}

static int
compare_needles (gconstpointer a,
                 gconstpointer b)
{
  const Needle *na = *(const Needle * const *) a;
  const Needle *nb = *(const Needle * const *) b;

  return (nb->len > na->len) - (nb->len < na->len);
}

static gboolean
needle_matches (const Needle   *needle,
                const gunichar *text,
                const gunichar *lowered,
                glong           len,
                glong           at)
{
  glong end = at + needle->len;

  if (end > len)
    return FALSE;
  if (memcmp (lowered + at, needle->chars, needle->len * sizeof (gunichar)) != 0)
    return FALSE;
  /* Whole words only: "Sem" is not replaced inside "Semester". */
  if (is_word_char (needle->chars[0]) && at > 0 && is_word_char (text[at - 1]))
    return FALSE;
  if (is_word_char (needle->chars[needle->len - 1]) && end < len && is_word_char (text[end]))
    return FALSE;
  return TRUE;
}

static void
scrub (Scrubber  *scrubber,
       char     **field)
{
  g_autofree gunichar *text = NULL;
  g_autofree gunichar *lowered = NULL;
  GString *out;
  glong len;
  glong i = 0;

  if (*field == NULL || scrubber->needles->len == 0)
    return;

  text = g_utf8_to_ucs4_fast (*field, -1, &len);
  lowered = g_new (gunichar, len + 1);
  for (glong k = 0; k < len; k++)
    lowered[k] = g_unichar_tolower (text[k]);

  out = g_string_sized_new (strlen (*field));
  while (i < len)
    {
      const Needle *match = NULL;

      for (guint n = 0; n < scrubber->needles->len && match == NULL; n++)
        {
          const Needle *needle = g_ptr_array_index (scrubber->needles, n);

          if (needle->chars[0] == lowered[i] && needle_matches (needle, text, lowered, len, i))
            match = needle;
        }

      if (match != NULL)
        {
          g_string_append (out, match->replacement);
          i += match->len;
        }
      else
        {
          g_string_append_unichar (out, text[i]);
          i++;
        }
    }

  g_free (*field);
  *field = g_string_free (out, FALSE);
}

static const char *
role_label (const char *label,
            const char *role)
{
  if (label != NULL)
    return label;
  if (role != NULL && *role != '\0')
    return role;
  /* Translators: an anonymised person whose role is not recorded. */
  return _("Person");
}

/* "Legal representative 1": the role with the next number for that role. */
static char *
numbered_role (GHashTable *counters,
               const char *label)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counters, label)) + 1;

  g_hash_table_insert (counters, g_strdup (label), GUINT_TO_POINTER (n));
  /* Translators: an anonymised person: their role and a number, as in
   * "Legal representative 1". */
  return g_strdup_printf (_("%s %u"), label, n);
}

McReport *
mc_report_anonymize (const McReport *report)
{
  g_autoptr(McReport) copy = NULL;
  g_autoptr(GHashTable) person_counters = NULL;
  g_autoptr(GHashTable) consultee_counters = NULL;
  g_autoptr(GHashTable) consultee_names = NULL;
  g_autofree char *client_role = NULL;
  g_autofree char *client_label = NULL;
  g_autofree char *number_text = NULL;
  g_autofree char *reference_text = NULL;
  g_autofree char *address_text = NULL;
  g_autofree char *school_text = NULL;
  Scrubber scrubber;

  g_return_val_if_fail (report != NULL, NULL);

  copy = mc_report_copy (report);
  copy->anonymous = TRUE;

  scrubber.needles = g_ptr_array_new_with_free_func ((GDestroyNotify) needle_free);
  scrubber.by_text = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Translators: replaces, in anonymised text, a name that more than one
   * person involved carries (a shared surname). */
  scrubber.generic = g_strdup_printf ("[%s]", _("name"));

  /* Translators: the client as anonymised free text reads it, "[Client]". */
  client_role = g_strdup (_("Client"));
  scrubber_add_name (&scrubber, report->client.name, client_role);
  if (report->client.age >= 0)
    client_label = g_strdup_printf (ngettext ("Client, %d year", "Client, %d years",
                                              report->client.age),
                                    report->client.age);
  else
    client_label = g_strdup (client_role);
  g_free (copy->client.name);
  copy->client.name = g_steal_pointer (&client_label);
  g_clear_pointer (&copy->client.birth_date, g_free);
  g_clear_pointer (&copy->client.number, g_free);

  person_counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < copy->people->len; i++)
    {
      McReportPerson *person = g_ptr_array_index (copy->people, i);
      const char *label = role_label (person->role_label, person->role);
      char *role_name = numbered_role (person_counters, label);

      scrubber_add_name (&scrubber, person->name, role_name);
      g_free (person->name);
      person->name = role_name;
    }

  /* One number per consultee, however often they were consulted. */
  consultee_counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  consultee_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < copy->consultations->len; i++)
    {
      McReportConsultation *consultation = g_ptr_array_index (copy->consultations, i);
      const char *label = role_label (consultation->role_label, consultation->role);
      g_autofree char *key = NULL;
      const char *role_name;

      if (consultation->consultee == NULL)
        continue;

      key = g_utf8_strdown (consultation->consultee, -1);
      role_name = g_hash_table_lookup (consultee_names, key);
      if (role_name == NULL)
        {
          char *numbered = numbered_role (consultee_counters, label);

          scrubber_add_name (&scrubber, consultation->consultee, numbered);
          g_hash_table_insert (consultee_names, g_steal_pointer (&key), numbered);
          role_name = numbered;
        }
      g_free (consultation->consultee);
      consultation->consultee = g_strdup (role_name);
    }

  /* Translators: replaces the client number in anonymised text, in brackets. */
  number_text = g_strdup_printf ("[%s]", _("client number"));
  scrubber_add (&scrubber, report->client.number, number_text);
  /* Translators: replaces the Veilig Thuis reference in anonymised text. */
  reference_text = g_strdup_printf ("[%s]", _("reference"));
  /* Translators: replaces an address in anonymised text, in brackets. */
  address_text = g_strdup_printf ("[%s]", _("address"));
  /* Translators: replaces the name of a school, day care or day activity
   * in anonymised text, in brackets. */
  school_text = g_strdup_printf ("[%s]", _("school"));
  for (guint i = 0; i < report->rounds->len; i++)
    {
      const McReportRound *round = g_ptr_array_index (report->rounds, i);

      scrubber_add (&scrubber, round->veilig_thuis.reference, reference_text);
    }
  scrubber_add_birth_date (&scrubber, report->client.birth_date);
  for (guint i = 0; i < report->people->len; i++)
    {
      McReportPerson *original = g_ptr_array_index (report->people, i);
      McReportPerson *person = g_ptr_array_index (copy->people, i);

      scrubber_add_birth_date (&scrubber, original->birth_date);
      g_clear_pointer (&person->birth_date, g_free);
      /* Where someone lives or goes to school identifies them. */
      scrubber_add (&scrubber, original->address, address_text);
      scrubber_add (&scrubber, original->school, school_text);
      g_clear_pointer (&person->address, g_free);
      g_clear_pointer (&person->school, g_free);
    }
  for (guint i = 0; i < copy->rounds->len; i++)
    {
      McReportRound *round = g_ptr_array_index (copy->rounds, i);

      g_clear_pointer (&round->veilig_thuis.reference, g_free);
      g_clear_pointer (&round->veilig_thuis.contact, g_free);
    }
  for (guint i = 0; i < copy->agreements->len; i++)
    {
      McReportAgreement *agreement = g_ptr_array_index (copy->agreements, i);

      g_clear_pointer (&agreement->owner_name, g_free);
    }
  g_clear_pointer (&copy->closing.closed_by, g_free);

  g_ptr_array_sort (scrubber.needles, compare_needles);

  scrub (&scrubber, &copy->case_number);
  for (guint i = 0; i < copy->people->len; i++)
    {
      McReportPerson *person = g_ptr_array_index (copy->people, i);

      scrub (&scrubber, &person->relation);
      scrub (&scrubber, &person->informed_reaction);
    }
  for (guint i = 0; i < copy->signals->len; i++)
    {
      McReportSignal *signal = g_ptr_array_index (copy->signals, i);

      scrub (&scrubber, &signal->observer);
      scrub (&scrubber, &signal->source);
      scrub (&scrubber, &signal->description);
    }
  for (guint i = 0; i < copy->kindcheck->len; i++)
    {
      McReportCheck *check = g_ptr_array_index (copy->kindcheck, i);

      scrub (&scrubber, &check->answer);
    }
  for (guint i = 0; i < copy->consultations->len; i++)
    {
      McReportConsultation *consultation = g_ptr_array_index (copy->consultations, i);

      scrub (&scrubber, &consultation->advice);
    }
  for (guint i = 0; i < copy->conversations->len; i++)
    {
      McReportConversation *conversation = g_ptr_array_index (copy->conversations, i);

      scrub (&scrubber, &conversation->with_whom);
      scrub (&scrubber, &conversation->discussed);
      scrub (&scrubber, &conversation->reaction);
      scrub (&scrubber, &conversation->explanation);
    }
  scrub (&scrubber, &copy->weighing.instrument);
  scrub (&scrubber, &copy->weighing.instrument_result);
  scrub (&scrubber, &copy->weighing.notes);
  for (guint i = 0; i < copy->rounds->len; i++)
    {
      McReportRound *round = g_ptr_array_index (copy->rounds, i);

      for (guint j = 0; j < round->questions->len; j++)
        {
          McReportQuestion *question = g_ptr_array_index (round->questions, j);

          scrub (&scrubber, &question->note);
        }
      for (guint j = 0; j < round->norms->len; j++)
        {
          McReportNorm *norm = g_ptr_array_index (round->norms, j);

          scrub (&scrubber, &norm->reason);
        }
      scrub (&scrubber, &round->decision.justification);
      scrub (&scrubber, &round->veilig_thuis.client_reaction);
      scrub (&scrubber, &round->veilig_thuis.agreements);
      scrub (&scrubber, &round->veilig_thuis.feedback);
    }
  for (guint i = 0; i < copy->agreements->len; i++)
    {
      McReportAgreement *agreement = g_ptr_array_index (copy->agreements, i);

      scrub (&scrubber, &agreement->description);
      scrub (&scrubber, &agreement->state_note);
    }
  scrub (&scrubber, &copy->closing.note);
  scrub (&scrubber, &copy->support_network.text);
  scrub (&scrubber, &copy->other_information.text);

  g_ptr_array_unref (scrubber.needles);
  g_hash_table_unref (scrubber.by_text);
  g_free (scrubber.generic);

  return g_steal_pointer (&copy);
}

char *
mc_report_suggest_filename (const McReport *report,
                            const char     *extension)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  const char *stem;
  GString *name;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  if (report->inzage.requester != MC_REPORT_REQUESTER_NONE)
    /* Translators: the start of the file name of a copy of the file for
     * inzage: lower case, hyphens, no spaces. Dutch: "inzage-meldcode". */
    stem = C_("file name", "meldcode-inzage");
  else if (report->family_copy)
    /* Translators: the start of a family copy's file name: lower case,
     * hyphens, no spaces. Dutch: "besluit-meldcode-familie". */
    stem = C_("file name", "meldcode-decision-family");
  else if (report->anonymous)
    /* Translators: the start of an anonymised report's file name: lower
     * case, hyphens, no spaces. Dutch: "besluit-meldcode-anoniem". */
    stem = C_("file name", "meldcode-decision-anonymised");
  else
    /* Translators: the start of a report's file name: lower case, hyphens,
     * no spaces. Dutch: "besluit-meldcode". */
    stem = C_("file name", "meldcode-decision");

  local = g_date_time_to_local (report->created_at);
  date = g_date_time_format (local, "%Y-%m-%d");

  name = g_string_new (stem);
  if (report->case_number != NULL && *report->case_number != '\0')
    g_string_append_printf (name, "-%s", report->case_number);
  g_string_append_printf (name, "-%s.%s", date, extension);

  /* Whatever a case number or a translation holds, the name stays one
   * plain file name on every file system. */
  for (char *p = name->str; *p != '\0'; p++)
    if (strchr ("/\\:*?\"<>| \t\n", *p) != NULL || (guchar) *p < 0x20)
      *p = '-';

  return g_string_free (name, FALSE);
}

char *
mc_report_print_title (const McReport *report)
{
  char *title;

  g_return_val_if_fail (report != NULL, NULL);

  if (report->case_number == NULL || *report->case_number == '\0')
    /* Translators: a print job's title when the case has no number yet;
     * print queues show it to everyone. Dutch: "Meldcode casus". */
    return g_strdup (_("Meldcode case"));

  /* Translators: a print job's title, shown in print queues that others
   * can see; %s is the case number, never a name. Dutch: "Meldcode
   * casus %s". */
  title = g_strdup_printf (_("Meldcode case %s"), report->case_number);
  /* One line in a queue's listing, whatever the case number holds. */
  for (char *p = title; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';

  return title;
}
