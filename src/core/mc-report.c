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

G_DEFINE_QUARK (mc-report-error-quark, mc_report_error)
G_DEFINE_BOXED_TYPE (McReport, mc_report, mc_report_ref, mc_report_unref)

/* Text hygiene */

static gboolean
is_forbidden_char (gunichar c)
{
  /* XML 1.0 cannot hold C0 controls other than tab and newline, nor U+FFFE
   * and U+FFFF; C1 controls and DEL are allowed there but are never text a
   * person meant to write. */
  return (c < 0x20 && c != '\t' && c != '\n')
         || (c >= 0x7f && c <= 0x9f)
         || c == 0xfffe || c == 0xffff;
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x7f || (*p < 0x20 && *p != '\t' && *p != '\n'))
      return FALSE;
  return TRUE;
}

/* Every string enters the model through here. */
static char *
clean_text (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  if (is_plain_ascii (text))
    return g_strdup (text);

  if (!g_utf8_validate (text, -1, NULL))
    {
      valid = g_utf8_make_valid (text, -1);
      text = valid;
    }
  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_assert (nfc != NULL);

  out = g_string_sized_new (strlen (nfc));
  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* "\r\n" and a lone "\r" are line ends; XML readers turn them into
       * "\n" anyway, so the model holds only "\n". */
      if (c == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
          continue;
        }
      if (is_forbidden_char (c))
        continue;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

/* Optional fields hold NULL rather than "", so a report reads back the same. */
static char *
clean_optional (const char *text)
{
  char *clean = clean_text (text);

  if (clean != NULL && *clean == '\0')
    g_clear_pointer (&clean, g_free);
  return clean;
}

static void
set_text (char       **field,
          const char  *text)
{
  char *clean = clean_optional (text);

  g_free (*field);
  *field = clean;
}

/* Required fields keep "": the schema refuses it when the report is written,
 * which names what is missing instead of silently dropping it. */
static void
set_required_text (char       **field,
                   const char  *text)
{
  char *clean = clean_text (text);

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

/* Items */

static void
person_free (McReportPerson *person)
{
  g_free (person->role);
  g_free (person->role_label);
  g_free (person->name);
  g_free (person->birth_date);
  g_free (person->relation);
  g_free (person);
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
  g_free (signal);
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
question_free (McReportQuestion *question)
{
  g_free (question->id);
  g_free (question->text);
  g_free (question->note);
  g_free (question);
}

static void
agreement_free (McReportAgreement *agreement)
{
  g_free (agreement->description);
  g_free (agreement->due_on);
  g_free (agreement);
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
  self->consultations = g_ptr_array_new_with_free_func ((GDestroyNotify) consultation_free);
  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);
  self->agreements = g_ptr_array_new_with_free_func ((GDestroyNotify) agreement_free);

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

static void
clear_conversation (McReport *self)
{
  self->conversation.state = MC_REPORT_CONVERSATION_NONE;
  g_clear_pointer (&self->conversation.held_on, g_free);
  g_clear_pointer (&self->conversation.with_whom, g_free);
  g_clear_pointer (&self->conversation.discussed, g_free);
  g_clear_pointer (&self->conversation.reaction, g_free);
  g_clear_pointer (&self->conversation.reason, g_free);
  g_clear_pointer (&self->conversation.reason_label, g_free);
  g_clear_pointer (&self->conversation.explanation, g_free);
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
  g_free (self->client.name);
  g_free (self->client.number);
  g_free (self->client.birth_date);
  g_ptr_array_unref (self->people);
  g_ptr_array_unref (self->signals);
  g_ptr_array_unref (self->kindcheck);
  g_ptr_array_unref (self->consultations);
  clear_conversation (self);
  g_free (self->weighing.instrument);
  g_free (self->weighing.instrument_result);
  g_free (self->weighing.notes);
  g_ptr_array_unref (self->questions);
  g_free (self->decision.justification);
  g_free (self->decision.decided_by_name);
  g_free (self->decision.decided_by_role);
  g_free (self->decision.decided_on);
  g_free (self->veilig_thuis.reported_on);
  g_free (self->veilig_thuis.reference);
  g_free (self->veilig_thuis.exception);
  g_free (self->veilig_thuis.exception_label);
  g_free (self->veilig_thuis.client_reaction);
  g_ptr_array_unref (self->agreements);
  g_free (self);
}

void
mc_report_set_case (McReport       *self,
                    const char     *number,
                    McReportStatus  status)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (status == MC_REPORT_STATUS_OPEN || status == MC_REPORT_STATUS_CLOSED);

  set_required_text (&self->case_number, number);
  self->status = status;
}

void
mc_report_set_protocol (McReport   *self,
                        const char *id,
                        const char *version)
{
  g_return_if_fail (self != NULL);

  set_required_text (&self->protocol_id, id);
  set_required_text (&self->protocol_version, version);
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

  set_required_text (&self->organisation, organisation);
  set_required_text (&self->author_name, name);
  set_text (&self->author_role, role);
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

  set_required_text (&self->client.name, name);
  set_text (&self->client.number, number);
  set_text (&self->client.birth_date, birth_date);
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
  set_required_text (&person->role, role);
  set_text (&person->role_label, role_label);
  set_text (&person->name, name);
  set_text (&person->birth_date, birth_date);
  person->age = age;
  set_text (&person->relation, relation);
  g_ptr_array_add (self->people, person);
}

void
mc_report_add_signal (McReport       *self,
                      const char     *observed_on,
                      const char     *category,
                      const char     *category_label,
                      McReportNature  nature,
                      const char     *observer,
                      const char     *source,
                      const char     *description)
{
  McReportSignal *signal;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_date_or_null (observed_on));
  g_return_if_fail (nature == MC_REPORT_NATURE_FACT || nature == MC_REPORT_NATURE_INTERPRETATION);

  signal = g_new0 (McReportSignal, 1);
  set_text (&signal->observed_on, observed_on);
  set_text (&signal->category, category);
  /* A label only means something beside its id. */
  if (signal->category != NULL)
    set_text (&signal->category_label, category_label);
  signal->nature = nature;
  set_text (&signal->observer, observer);
  set_text (&signal->source, source);
  set_text (&signal->description, description);
  g_ptr_array_add (self->signals, signal);
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
  set_required_text (&check->id, id);
  set_text (&check->question, question);
  set_text (&check->answer, answer);
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
  set_text (&consultation->consulted_on, consulted_on);
  set_required_text (&consultation->role, role);
  set_text (&consultation->role_label, role_label);
  set_text (&consultation->consultee, consultee);
  consultation->anonymous = !!anonymous;
  set_text (&consultation->advice, advice);
  g_ptr_array_add (self->consultations, consultation);
}

void
mc_report_set_conversation_held (McReport   *self,
                                 const char *held_on,
                                 const char *with_whom,
                                 const char *discussed,
                                 const char *reaction)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (is_date_or_null (held_on));

  clear_conversation (self);
  self->conversation.state = MC_REPORT_CONVERSATION_HELD;
  set_text (&self->conversation.held_on, held_on);
  set_text (&self->conversation.with_whom, with_whom);
  set_text (&self->conversation.discussed, discussed);
  set_text (&self->conversation.reaction, reaction);
}

void
mc_report_set_conversation_not_held (McReport   *self,
                                     const char *reason,
                                     const char *reason_label,
                                     const char *explanation)
{
  g_return_if_fail (self != NULL);

  clear_conversation (self);
  self->conversation.state = MC_REPORT_CONVERSATION_NOT_HELD;
  set_required_text (&self->conversation.reason, reason);
  set_text (&self->conversation.reason_label, reason_label);
  set_text (&self->conversation.explanation, explanation);
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
  set_text (&self->weighing.instrument, instrument);
  set_text (&self->weighing.instrument_result, instrument_result);
  set_text (&self->weighing.notes, notes);
}

void
mc_report_add_question (McReport       *self,
                        const char     *id,
                        const char     *text,
                        McReportAnswer  answer,
                        const char     *note)
{
  McReportQuestion *question;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_answer (answer));

  question = g_new0 (McReportQuestion, 1);
  set_required_text (&question->id, id);
  set_text (&question->text, text);
  question->answer = answer;
  set_text (&question->note, note);
  g_ptr_array_add (self->questions, question);
}

void
mc_report_set_decision (McReport       *self,
                        McReportAnswer  report_needed,
                        McReportAnswer  help_possible,
                        const char     *justification,
                        const char     *decided_by_name,
                        const char     *decided_by_role,
                        const char     *decided_on)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (is_answer (report_needed) && is_answer (help_possible));
  g_return_if_fail (is_date_or_null (decided_on));

  self->decision.report_needed = report_needed;
  self->decision.help_possible = help_possible;
  set_text (&self->decision.justification, justification);
  set_text (&self->decision.decided_by_name, decided_by_name);
  /* A role without a name says nothing about who decided. */
  set_text (&self->decision.decided_by_role,
            self->decision.decided_by_name != NULL ? decided_by_role : NULL);
  set_text (&self->decision.decided_on, decided_on);
}

void
mc_report_set_veilig_thuis (McReport       *self,
                            const char     *reported_on,
                            const char     *reference,
                            McReportAnswer  client_informed,
                            const char     *exception,
                            const char     *exception_label,
                            const char     *client_reaction)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (is_date_or_null (reported_on));
  g_return_if_fail (is_answer (client_informed));

  set_text (&self->veilig_thuis.reported_on, reported_on);
  set_text (&self->veilig_thuis.reference, reference);
  self->veilig_thuis.client_informed = client_informed;
  set_text (&self->veilig_thuis.exception, exception);
  set_text (&self->veilig_thuis.exception_label,
            self->veilig_thuis.exception != NULL ? exception_label : NULL);
  set_text (&self->veilig_thuis.client_reaction, client_reaction);
}

void
mc_report_add_agreement (McReport   *self,
                         const char *description,
                         const char *due_on,
                         gboolean    done)
{
  McReportAgreement *agreement;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_date_or_null (due_on));

  agreement = g_new0 (McReportAgreement, 1);
  set_text (&agreement->description, description);
  set_text (&agreement->due_on, due_on);
  agreement->done = !!done;
  g_ptr_array_add (self->agreements, agreement);
}

/* Copying: the fields are clean already, so they are copied as they are. */

static McReport *
report_copy (const McReport *report)
{
  McReport *copy = mc_report_new ();

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

  copy->conversation.state = report->conversation.state;
  copy->conversation.held_on = g_strdup (report->conversation.held_on);
  copy->conversation.with_whom = g_strdup (report->conversation.with_whom);
  copy->conversation.discussed = g_strdup (report->conversation.discussed);
  copy->conversation.reaction = g_strdup (report->conversation.reaction);
  copy->conversation.reason = g_strdup (report->conversation.reason);
  copy->conversation.reason_label = g_strdup (report->conversation.reason_label);
  copy->conversation.explanation = g_strdup (report->conversation.explanation);

  copy->weighing.acute = report->weighing.acute;
  copy->weighing.structural = report->weighing.structural;
  copy->weighing.instrument = g_strdup (report->weighing.instrument);
  copy->weighing.instrument_result = g_strdup (report->weighing.instrument_result);
  copy->weighing.notes = g_strdup (report->weighing.notes);

  for (guint i = 0; i < report->questions->len; i++)
    {
      const McReportQuestion *q = g_ptr_array_index (report->questions, i);
      McReportQuestion *c = g_new0 (McReportQuestion, 1);

      c->id = g_strdup (q->id);
      c->text = g_strdup (q->text);
      c->answer = q->answer;
      c->note = g_strdup (q->note);
      g_ptr_array_add (copy->questions, c);
    }

  copy->decision.report_needed = report->decision.report_needed;
  copy->decision.help_possible = report->decision.help_possible;
  copy->decision.justification = g_strdup (report->decision.justification);
  copy->decision.decided_by_name = g_strdup (report->decision.decided_by_name);
  copy->decision.decided_by_role = g_strdup (report->decision.decided_by_role);
  copy->decision.decided_on = g_strdup (report->decision.decided_on);

  copy->veilig_thuis.reported_on = g_strdup (report->veilig_thuis.reported_on);
  copy->veilig_thuis.reference = g_strdup (report->veilig_thuis.reference);
  copy->veilig_thuis.client_informed = report->veilig_thuis.client_informed;
  copy->veilig_thuis.exception = g_strdup (report->veilig_thuis.exception);
  copy->veilig_thuis.exception_label = g_strdup (report->veilig_thuis.exception_label);
  copy->veilig_thuis.client_reaction = g_strdup (report->veilig_thuis.client_reaction);

  for (guint i = 0; i < report->agreements->len; i++)
    {
      const McReportAgreement *a = g_ptr_array_index (report->agreements, i);
      McReportAgreement *c = g_new0 (McReportAgreement, 1);

      c->description = g_strdup (a->description);
      c->due_on = g_strdup (a->due_on);
      c->done = a->done;
      g_ptr_array_add (copy->agreements, c);
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
  Scrubber scrubber;

  g_return_val_if_fail (report != NULL, NULL);

  copy = report_copy (report);
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
  scrubber_add (&scrubber, report->veilig_thuis.reference, reference_text);
  scrubber_add_birth_date (&scrubber, report->client.birth_date);
  for (guint i = 0; i < report->people->len; i++)
    {
      McReportPerson *original = g_ptr_array_index (report->people, i);
      McReportPerson *person = g_ptr_array_index (copy->people, i);

      scrubber_add_birth_date (&scrubber, original->birth_date);
      g_clear_pointer (&person->birth_date, g_free);
    }
  g_clear_pointer (&copy->veilig_thuis.reference, g_free);

  g_ptr_array_sort (scrubber.needles, compare_needles);

  scrub (&scrubber, &copy->case_number);
  for (guint i = 0; i < copy->people->len; i++)
    {
      McReportPerson *person = g_ptr_array_index (copy->people, i);

      scrub (&scrubber, &person->relation);
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
  scrub (&scrubber, &copy->conversation.with_whom);
  scrub (&scrubber, &copy->conversation.discussed);
  scrub (&scrubber, &copy->conversation.reaction);
  scrub (&scrubber, &copy->conversation.explanation);
  scrub (&scrubber, &copy->weighing.instrument);
  scrub (&scrubber, &copy->weighing.instrument_result);
  scrub (&scrubber, &copy->weighing.notes);
  for (guint i = 0; i < copy->questions->len; i++)
    {
      McReportQuestion *question = g_ptr_array_index (copy->questions, i);

      scrub (&scrubber, &question->note);
    }
  scrub (&scrubber, &copy->decision.justification);
  scrub (&scrubber, &copy->veilig_thuis.client_reaction);
  for (guint i = 0; i < copy->agreements->len; i++)
    {
      McReportAgreement *agreement = g_ptr_array_index (copy->agreements, i);

      scrub (&scrubber, &agreement->description);
    }

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

  if (report->anonymous)
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
