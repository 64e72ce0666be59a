/* mc-report-sections.c: what the report says, section by section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sections follow Veilig Thuis's form (melder, betrokkenen, melding,
 * ondersteunend netwerk, overige informatie, melding afronden), then the
 * weighing and decision, the follow-up and the earlier rounds. Each is
 * made of the renderer's blocks (mc-report-renderer-private.h).
 */

#define G_LOG_DOMAIN "mc-report"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-dates.h"
#include "mc-report-renderer-private.h"

/* Formatting */

/* A label, else its id; "" when a caller left both out (the XML writer
 * refuses such a report, the printout still works). */
static const char *
label_or_id (const char *label,
             const char *id)
{
  return label != NULL ? label : id != NULL ? id : "";
}

static char *
date_text (const char *iso)
{
  GDate date;

  g_date_clear (&date, 1);
  if (iso == NULL || !mc_date_from_iso8601 (iso, &date))
    return NULL;
  return mc_format_date (&date);
}

static const char *
answer_text (McReportAnswer answer)
{
  switch (answer)
    {
    case MC_REPORT_ANSWER_YES:
      return C_("answer", "Yes");
    case MC_REPORT_ANSWER_NO:
      return C_("answer", "No");
    case MC_REPORT_ANSWER_UNANSWERED:
    default:
      return C_("answer", "Not answered");
    }
}

static char *
age_text (int age)
{
  if (age < 0)
    return NULL;
  return g_strdup_printf (ngettext ("%d year", "%d years", age), age);
}

/* "3 March 1985 (41 years)", or whichever half is known. */
static char *
birth_text (const char *birth_date,
            int         age)
{
  g_autofree char *date = date_text (birth_date);
  g_autofree char *years = age_text (age);

  if (date != NULL && years != NULL)
    /* Translators: a date of birth with the age at the decision. */
    return g_strdup_printf (_("%s (%s)"), date, years);
  if (date != NULL)
    return g_steal_pointer (&date);
  return g_steal_pointer (&years);
}

static void
append_escaped (GString    *markup,
                const char *text)
{
  g_autofree char *bounded = mc_report_bounded_paragraphs (text);
  g_autofree char *escaped = g_markup_escape_text (bounded, -1);

  g_string_append (markup, escaped);
}

/* A line of grey detail under an item. */
static void
append_meta (GString    *markup,
             const char *text)
{
  g_string_append (markup, "\n<span size=\"90%\" foreground=\"#5c6166\">");
  append_escaped (markup, text);
  g_string_append (markup, "</span>");
}

/* Sections, in the order of Veilig Thuis's forms */

static void
build_reporter (McReportRenderer *self)
{
  McReport *report = self->report;
  g_autofree char *author = NULL;

  /* Translators: section heading; Dutch "Melder", as Veilig Thuis says. */
  mc_report_renderer_add_heading (self, _("Reporter"));
  mc_report_renderer_add_row (self, _("Organisation"), report->organisation);
  if (report->author_role != NULL)
    /* Translators: a name with a role, "J. de Boer, begeleider". */
    author = g_strdup_printf (_("%s, %s"), report->author_name, report->author_role);
  else
    author = g_strdup (report->author_name);
  mc_report_renderer_add_row (self, _("Author"), author);
  /* Translators: the reporter's phone number, as Veilig Thuis's form asks it. */
  mc_report_renderer_add_row (self, _("Phone"), report->author_phone);
  mc_report_renderer_add_row (self, _("E-mail"), report->author_email);
}

/* Under a part that the family does not see: Veilig Thuis shares its file
 * with parents and with children from 12. */
static void
append_not_for_family (GString  *markup,
                       gboolean  not_for_family)
{
  if (!not_for_family)
    return;
  g_string_append (markup, "\n<b>");
  /* Translators: a mark on a part of the report; Dutch "Niet voor de
   * familie". */
  append_escaped (markup, _("Not for the family"));
  g_string_append (markup, "</b>");
}

static const char *
gezag_text (McReportAnswer gezag)
{
  switch (gezag)
    {
    case MC_REPORT_ANSWER_YES:
      /* Translators: Dutch "Heeft gezag". */
      return _("Has parental authority");
    case MC_REPORT_ANSWER_NO:
      /* Translators: Dutch "Heeft geen gezag". */
      return _("Has no parental authority");
    case MC_REPORT_ANSWER_UNANSWERED:
    default:
      return NULL;
    }
}

static void
build_people (McReportRenderer *self)
{
  McReport *report = self->report;
  g_autofree char *birth = NULL;

  /* Translators: section heading; Dutch "Betrokkenen". */
  mc_report_renderer_add_heading (self, _("People involved"));
  mc_report_renderer_add_subheading (self, _("Client"));
  mc_report_renderer_add_row (self, _("Name"), report->client.name);
  mc_report_renderer_add_row (self, _("Client number"), report->client.number);
  birth = date_text (report->client.birth_date);
  mc_report_renderer_add_row (self, _("Date of birth"), birth);
  {
    g_autofree char *age = age_text (report->client.age);

    mc_report_renderer_add_row (self, _("Age at the decision"), age);
  }

  mc_report_renderer_add_subheading (self, _("Others involved"));
  if (report->people->len == 0)
    mc_report_renderer_add_note (self, _("No other people are recorded."));
  for (guint i = 0; i < report->people->len; i++)
    {
      const McReportPerson *person = g_ptr_array_index (report->people, i);
      g_autoptr(GString) markup = g_string_new ("<b>");
      g_autofree char *person_birth = birth_text (person->birth_date, person->age);

      append_escaped (markup, person->name != NULL ? person->name : _("Name unknown"));
      g_string_append (markup, "</b>");
      if (person_birth != NULL)
        {
          g_autofree char *born = NULL;

          if (person->birth_date != NULL)
            /* Translators: under a person's name, "Born: 2 June 1985 (41 years)". */
            born = g_strdup_printf (_("Born: %s"), person_birth);
          else
            /* Translators: under a person's name when only the age is known
             * (an anonymised report), "Age: 41 years". */
            born = g_strdup_printf (_("Age: %s"), person_birth);
          append_meta (markup, born);
        }
      if (person->relation != NULL)
        {
          g_string_append_c (markup, '\n');
          append_escaped (markup, person->relation);
        }
      if (gezag_text (person->gezag) != NULL)
        {
          g_string_append_c (markup, '\n');
          append_escaped (markup, gezag_text (person->gezag));
        }
      if (person->address != NULL)
        {
          /* Translators: under a person's name. */
          g_autofree char *address = g_strdup_printf (_("Address: %s"), person->address);

          g_string_append_c (markup, '\n');
          append_escaped (markup, address);
        }
      if (person->school != NULL)
        {
          /* Translators: under a person's name; Dutch "School, kinderopvang
           * of dagbesteding: %s". */
          g_autofree char *school = g_strdup_printf (_("School, day care or day activity: %s"),
                                                     person->school);

          g_string_append_c (markup, '\n');
          append_escaped (markup, school);
        }
      append_not_for_family (markup, person->not_for_family);
      mc_report_block_finish (mc_report_renderer_add_row_full (self,
                                                               label_or_id (person->role_label, person->role),
                                                               markup->str, TRUE, STYLE_BODY));
    }
}

/* "Takes the case on" from "takes the case on": a value that starts a
 * row. */
static char *
capitalised (const char *text)
{
  gunichar first = g_utf8_get_char (text);
  char buffer[8];
  int n = g_unichar_to_utf8 (g_unichar_totitle (first), buffer);

  return g_strdup_printf ("%.*s%s", n, buffer, g_utf8_next_char (text));
}

static const char *
round_kind_text (McReportRoundKind kind)
{
  switch (kind)
    {
    case MC_REPORT_ROUND_EVALUATION:
      return C_("decision round", "evaluation");
    case MC_REPORT_ROUND_REPORT_AGAIN:
      return C_("decision round", "new report");
    case MC_REPORT_ROUND_REWEIGH:
      return C_("decision round", "new weighing");
    case MC_REPORT_ROUND_FIRST:
    default:
      /* Translators: the kind of the first decision round, as in
       * "Decision round 1: first decision". */
      return C_("decision round", "first decision");
    }
}

static char *
round_title (const McReportRound *round)
{
  /* Translators: a subheading, "Decision round 2: evaluation"; Dutch
   * "Beslisronde 2: evaluatie". */
  return g_strdup_printf (_("Decision round %u: %s"), round->number, round_kind_text (round->kind));
}

static const char *
method_text (McReportMethod method)
{
  switch (method)
    {
    case MC_REPORT_METHOD_PHONE:
      return C_("report method", "by phone");
    case MC_REPORT_METHOD_PHONE_AND_FORM:
      return C_("report method", "by phone and with the form");
    case MC_REPORT_METHOD_FORM:
      return C_("report method", "with the form");
    case MC_REPORT_METHOD_NONE:
    default:
      return NULL;
    }
}

static const char *
response_text (McReportVtResponse response)
{
  switch (response)
    {
    case MC_REPORT_VT_RESPONSE_TAKES_ON:
      return C_("vt response", "takes the case on");
    case MC_REPORT_VT_RESPONSE_ADVICE:
      return C_("vt response", "gives advice");
    case MC_REPORT_VT_RESPONSE_REFERS:
      return C_("vt response", "refers to other help");
    case MC_REPORT_VT_RESPONSE_DECLINES:
      return C_("vt response", "does not take the case on");
    case MC_REPORT_VT_RESPONSE_NONE:
    default:
      return NULL;
    }
}

/* "Confirmed on 3 December 2026": where an interpretation stands. */
static char *
signal_status_text (const McReportSignal *signal)
{
  g_autofree char *date = date_text (signal->status_on);

  switch (signal->status)
    {
    case MC_REPORT_SIGNAL_STATUS_OPEN:
      /* Translators: an interpretation that is neither confirmed nor refuted yet. */
      return g_strdup (_("Open: not confirmed or refuted yet"));
    case MC_REPORT_SIGNAL_STATUS_CONFIRMED:
      /* Translators: an interpretation, "Confirmed on 3 December 2026". */
      return date != NULL ? g_strdup_printf (_("Confirmed on %s"), date) : g_strdup (_("Confirmed"));
    case MC_REPORT_SIGNAL_STATUS_REFUTED:
      /* Translators: an interpretation, "Refuted on 3 December 2026". */
      return date != NULL ? g_strdup_printf (_("Refuted on %s"), date) : g_strdup (_("Refuted"));
    case MC_REPORT_SIGNAL_STATUS_NONE:
    default:
      return NULL;
    }
}

static void
build_signal (McReportRenderer     *self,
              const McReportSignal *signal,
              guint                 group)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GString) side = g_string_new (NULL);
  g_autofree char *date = date_text (signal->observed_on);
  g_autofree char *status = signal_status_text (signal);
  gboolean interpretation = signal->nature == MC_REPORT_NATURE_INTERPRETATION;
  Block *block;

  g_string_append (side, date != NULL ? date : _("Date unknown"));
  g_string_append_c (side, '\n');
  g_string_append (side, interpretation ? _("Interpretation") : _("Fact"));

  if (signal->category != NULL)
    {
      g_string_append (markup, "<b>");
      append_escaped (markup, label_or_id (signal->category_label, signal->category));
      g_string_append (markup, "</b>\n");
    }
  if (interpretation)
    g_string_append (markup, "<i>");
  append_escaped (markup, signal->description != NULL ? signal->description : "");
  if (interpretation)
    g_string_append (markup, "</i>");

  {
    g_autofree char *observer = NULL;
    g_autofree char *source = NULL;
    g_autofree char *line = NULL;

    /* Translators: who saw or heard a signal. */
    observer = g_strdup_printf (_("Observed by: %s"),
                                signal->observer != NULL ? signal->observer : _("unknown"));
    /* Translators: where a signal comes from; "own observation" when the
     * observer saw or heard it personally. */
    source = g_strdup_printf (_("Source: %s"),
                              signal->source != NULL ? signal->source : _("own observation"));
    /* Translators: two details on one line, "Observed by: … · Source: …". */
    line = g_strdup_printf (_("%s · %s"), observer, source);
    append_meta (markup, line);
  }
  if (status != NULL)
    {
      g_string_append (markup, "\n<b>");
      append_escaped (markup, status);
      g_string_append (markup, "</b>");
    }
  append_not_for_family (markup, signal->not_for_family);

  block = mc_report_renderer_add_row_full (self, side->str, markup->str, TRUE, STYLE_BODY);
  block->space_before = 10;
  if (interpretation)
    {
      block->decoration = DECORATION_BAR;
      block->group = group;
    }
  mc_report_block_finish (block);
}

/* The special forms suspected: the protocol's advice, and the duties of
 * their own route with whether each was done. Nothing when none is. */
static void
build_special_forms (McReportRenderer *self)
{
  McReport *report = self->report;

  if (report->special_forms->len == 0)
    return;

  /* Translators: forms such as honour-related violence or violence in
   * the care relationship; Dutch "Bijzondere vormen van geweld". */
  mc_report_renderer_add_subheading (self, _("Special Forms of Violence"));
  for (guint i = 0; i < report->special_forms->len; i++)
    {
      const McReportSpecialForm *form = g_ptr_array_index (report->special_forms, i);
      g_autofree char *name = g_markup_escape_text (form->name, -1);
      g_autofree char *markup = g_strdup_printf ("<b>%s</b>", name);

      Block *heading = mc_report_renderer_add_block (self, STYLE_BODY, 0, self->content_width, 6,
                                                     markup, TRUE);

      heading->keep_with_next = TRUE;
      mc_report_block_finish (heading);
      if (form->advice != NULL)
        mc_report_renderer_add_note (self, form->advice);
      for (guint j = 0; j < form->duties->len; j++)
        {
          const McReportDuty *duty = g_ptr_array_index (form->duties, j);
          const char *done = g_strcmp0 (duty->done, "yes") == 0 ? answer_text (MC_REPORT_ANSWER_YES)
                             : g_strcmp0 (duty->done, "no") == 0 ? answer_text (MC_REPORT_ANSWER_NO)
                             : answer_text (MC_REPORT_ANSWER_UNANSWERED);
          Block *block = mc_report_renderer_add_block (self, STYLE_BODY, 0,
                                                       self->content_width - ANSWER_WIDTH - COLUMN_GAP, 4,
                                                       duty->text, FALSE);

          block->side = mc_report_renderer_new_layout (self, STYLE_ANSWER, ANSWER_WIDTH, done, FALSE);
          block->side_style = STYLE_ANSWER;
          block->side_x = self->content_width - ANSWER_WIDTH;
          mc_report_block_finish (block);
        }
    }
}

static void
build_concerns (McReportRenderer *self)
{
  McReport *report = self->report;
  guint n_facts = 0;
  guint n_interpretations = 0;

  for (guint i = 0; i < report->signals->len; i++)
    {
      const McReportSignal *signal = g_ptr_array_index (report->signals, i);

      if (signal->nature == MC_REPORT_NATURE_INTERPRETATION)
        n_interpretations++;
      else
        n_facts++;
    }

  /* Translators: section heading; Dutch "Zorgen: feiten en bron". */
  mc_report_renderer_add_heading (self, _("Concerns: facts and source"));

  /* Facts and interpretations apart, as recording well asks. */
  mc_report_renderer_add_subheading (self, _("Facts"));
  if (n_facts == 0)
    mc_report_renderer_add_note (self, _("No facts are recorded."));
  for (guint i = 0; i < report->signals->len; i++)
    {
      const McReportSignal *signal = g_ptr_array_index (report->signals, i);

      if (signal->nature == MC_REPORT_NATURE_FACT)
        build_signal (self, signal, 0);
    }

  mc_report_renderer_add_subheading (self, _("Interpretations"));
  if (n_interpretations == 0)
    mc_report_renderer_add_note (self, _("No interpretations are recorded."));
  else
    mc_report_renderer_add_note (self, _("What the observers conclude or suspect, apart from "
                                         "what they saw or heard."));
  for (guint i = 0; i < report->signals->len; i++)
    {
      const McReportSignal *signal = g_ptr_array_index (report->signals, i);

      if (signal->nature == MC_REPORT_NATURE_INTERPRETATION)
        build_signal (self, signal, ++self->next_group);
    }

  /* Translators: the check for children of an adult client; Dutch
   * "Kindcheck". */
  mc_report_renderer_add_subheading (self, _("Child check"));
  if (report->kindcheck->len == 0)
    mc_report_renderer_add_note (self, _("No child check is recorded."));
  for (guint i = 0; i < report->kindcheck->len; i++)
    {
      const McReportCheck *check = g_ptr_array_index (report->kindcheck, i);
      const char *answer = check->answer;
      Block *block;

      if (g_strcmp0 (answer, "yes") == 0)
        answer = answer_text (MC_REPORT_ANSWER_YES);
      else if (g_strcmp0 (answer, "no") == 0)
        answer = answer_text (MC_REPORT_ANSWER_NO);
      else if (answer == NULL)
        answer = answer_text (MC_REPORT_ANSWER_UNANSWERED);

      /* A short answer stands beside the question; a free-text one can be
       * long and flows under it. */
      if (g_utf8_strlen (answer, -1) <= 24)
        {
          block = mc_report_renderer_add_block (self, STYLE_BODY, 0,
                                                self->content_width - ANSWER_WIDTH - COLUMN_GAP, 6,
                                                label_or_id (check->question, check->id), FALSE);
          block->side = mc_report_renderer_new_layout (self, STYLE_ANSWER, ANSWER_WIDTH, answer, FALSE);
          block->side_style = STYLE_ANSWER;
          block->side_x = self->content_width - ANSWER_WIDTH;
        }
      else
        {
          Block *question = mc_report_renderer_add_block (self, STYLE_BODY, 0, self->content_width, 6,
                                                          label_or_id (check->question, check->id),
                                                          FALSE);

          mc_report_block_finish (question);
          block = mc_report_renderer_add_row_full (self, _("Answer"), answer, FALSE, STYLE_BODY);
          block->space_before = 2;
        }
      mc_report_block_finish (block);
    }

  build_special_forms (self);
}

static void
build_consultations (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: step 2, consulting a colleague or Veilig Thuis. */
  mc_report_renderer_add_subheading (self, _("Consultations"));
  if (report->consultations->len == 0)
    mc_report_renderer_add_note (self, _("No consultations are recorded."));
  for (guint i = 0; i < report->consultations->len; i++)
    {
      const McReportConsultation *consultation = g_ptr_array_index (report->consultations, i);
      g_autoptr(GString) markup = g_string_new ("<b>");
      g_autofree char *date = date_text (consultation->consulted_on);
      Block *block;

      append_escaped (markup, label_or_id (consultation->role_label, consultation->role));
      g_string_append (markup, "</b>");
      if (consultation->consultee != NULL)
        {
          g_string_append (markup, ", ");
          append_escaped (markup, consultation->consultee);
        }
      if (consultation->anonymous)
        append_meta (markup, _("The case was discussed without naming the client."));
      g_string_append_c (markup, '\n');
      append_escaped (markup, consultation->advice != NULL ? consultation->advice
                                                           : _("No advice recorded."));

      block = mc_report_renderer_add_row_full (self, date != NULL ? date : _("Date unknown"),
                                               markup->str, TRUE, STYLE_BODY);
      block->space_before = 8;
      mc_report_block_finish (block);
    }
}

/* "Fatima El Amrani, Wettelijk vertegenwoordiger", the person of the case
 * a conversation was held with; NULL when it names none. */
static char *
conversation_person (McReport                   *report,
                     const McReportConversation *conversation)
{
  const McReportPerson *person;
  const char *role;

  if (conversation->person < 0 || (guint) conversation->person >= report->people->len)
    return NULL;
  person = g_ptr_array_index (report->people, conversation->person);
  role = label_or_id (person->role_label, person->role);
  /* Anonymised, the name is the role already ("Wettelijk vertegenwoordiger 2"). */
  if (person->name == NULL || report->anonymous)
    return g_strdup (person->name != NULL ? person->name : role);
  return g_strdup_printf (_("%s, %s"), person->name, role);
}

static void
build_conversations (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: step 3; every conversation, or why it did not take place. */
  mc_report_renderer_add_subheading (self, _("Conversations with the client"));
  if (report->conversations->len == 0)
    mc_report_renderer_add_note (self, _("No conversation is recorded."));
  for (guint i = 0; i < report->conversations->len; i++)
    {
      const McReportConversation *conversation = g_ptr_array_index (report->conversations, i);
      g_autofree char *person = conversation_person (report, conversation);
      g_autofree char *date = date_text (conversation->held_on);
      g_autoptr(GString) markup = g_string_new ("<b>");
      const char *side;
      Block *block;

      if (conversation->state == MC_REPORT_CONVERSATION_NOT_HELD)
        {
          /* Translators: beside a conversation that did not take place. */
          side = _("Not held");
          append_escaped (markup, label_or_id (conversation->reason_label, conversation->reason));
          g_string_append (markup, "</b>");
          if (person != NULL)
            {
              g_autofree char *with = g_strdup_printf (_("With: %s"), person);

              append_meta (markup, with);
            }
          if (conversation->explanation != NULL)
            {
              g_string_append_c (markup, '\n');
              append_escaped (markup, conversation->explanation);
            }
        }
      else
        {
          side = date != NULL ? date : _("Date unknown");
          /* Whom it was held with: the person of the case, and in words. */
          if (person != NULL && conversation->with_whom != NULL)
            {
              append_escaped (markup, person);
              g_string_append (markup, "</b>\n");
              append_escaped (markup, conversation->with_whom);
            }
          else
            {
              append_escaped (markup, person != NULL ? person
                                      : conversation->with_whom != NULL ? conversation->with_whom
                                      /* Translators: a conversation that does not say with whom. */
                                      : _("With whom is not recorded"));
              g_string_append (markup, "</b>");
            }
          if (conversation->discussed != NULL)
            {
              g_autofree char *discussed = g_strdup_printf (_("Discussed: %s"), conversation->discussed);

              g_string_append_c (markup, '\n');
              append_escaped (markup, discussed);
            }
          if (conversation->reaction != NULL)
            {
              g_autofree char *reaction = g_strdup_printf (_("Reaction: %s"), conversation->reaction);

              g_string_append_c (markup, '\n');
              append_escaped (markup, reaction);
            }
        }
      append_not_for_family (markup, conversation->not_for_family);

      block = mc_report_renderer_add_row_full (self, side, markup->str, TRUE, STYLE_BODY);
      block->space_before = 8;
      mc_report_block_finish (block);
    }
}

/* Ondersteunend netwerk, overige informatie: free text sections of
 * Veilig Thuis's form. */
static void
build_section (McReportRenderer          *self,
               const char                *heading,
               const McReportSectionText *section)
{
  g_autoptr(GString) markup = g_string_new (NULL);

  mc_report_renderer_add_heading (self, heading);
  if (section->text == NULL)
    {
      /* Translators: under a section of the report that holds nothing. */
      mc_report_renderer_add_note (self, _("Nothing is recorded."));
      return;
    }
  append_escaped (markup, section->text);
  append_not_for_family (markup, section->not_for_family);
  mc_report_block_finish (mc_report_renderer_add_block (self, STYLE_BODY, 0, self->content_width, 4,
                                                        markup->str, TRUE));
}

/* Melding afronden: open melden, person by person: who was told of the
 * report and how they reacted, or which exception applied. */
static void
build_completion (McReportRenderer *self)
{
  McReport *report = self->report;
  gboolean any = FALSE;

  /* Translators: section heading; Dutch "Melding afronden", as Veilig
   * Thuis's form says. */
  mc_report_renderer_add_heading (self, _("Completing the report"));
  /* Translators: subheading; Dutch "Open melden". */
  mc_report_renderer_add_subheading (self, _("Informing the people involved"));
  for (guint i = 0; i < report->people->len; i++)
    {
      const McReportPerson *person = g_ptr_array_index (report->people, i);
      g_autoptr(GString) markup = g_string_new ("<b>");
      g_autofree char *date = date_text (person->informed_on);
      const char *who;

      if (person->informed == MC_REPORT_ANSWER_UNANSWERED && person->informed_exception == NULL
          && person->informed_reaction == NULL)
        continue;
      any = TRUE;
      if (person->informed == MC_REPORT_ANSWER_YES)
        append_escaped (markup, date != NULL
                                ? date
                                /* Translators: open melden: the person was told of the report. */
                                : _("Informed of the report"));
      else if (person->informed == MC_REPORT_ANSWER_NO)
        /* Translators: open melden: the person was not told of the report. */
        append_escaped (markup, _("Not informed of the report"));
      else
        append_escaped (markup, answer_text (person->informed));
      g_string_append (markup, "</b>");
      if (person->informed == MC_REPORT_ANSWER_YES && date != NULL)
        append_meta (markup, _("Informed of the report"));
      if (person->informed_exception != NULL)
        {
          /* Translators: the "open melden, tenzij" exception that applied. */
          g_autofree char *because = g_strdup_printf (_("Exception: %s"),
                                                      label_or_id (person->informed_exception_label,
                                                                   person->informed_exception));

          g_string_append_c (markup, '\n');
          append_escaped (markup, because);
        }
      if (person->informed_reaction != NULL)
        {
          g_autofree char *reaction = g_strdup_printf (_("Reaction: %s"), person->informed_reaction);

          g_string_append_c (markup, '\n');
          append_escaped (markup, reaction);
        }
      who = person->name != NULL ? person->name : label_or_id (person->role_label, person->role);
      mc_report_block_finish (mc_report_renderer_add_row_full (self, who, markup->str, TRUE,
                                                               STYLE_BODY));
    }
  if (!any)
    /* Translators: no person has an open melden record. */
    mc_report_renderer_add_note (self, _("Whom the report was told to is not recorded per person."));
}

/* Inzage: what this copy leaves out and why, where the reader starts. */
static void
build_left_out (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: section heading of a copy for the client; Dutch "Niet in
   * dit afschrift". */
  mc_report_renderer_add_heading (self, _("Left out of this copy"));
  if (report->inzage.left_out->len == 0)
    mc_report_renderer_add_note (self, _("Nothing is left out."));
  for (guint i = 0; i < report->inzage.left_out->len; i++)
    {
      const McReportLeftOut *left_out = g_ptr_array_index (report->inzage.left_out, i);
      g_autoptr(GString) markup = g_string_new ("<b>");

      append_escaped (markup, left_out->what != NULL ? left_out->what : "");
      g_string_append (markup, "</b>");
      if (left_out->why != NULL)
        {
          /* Translators: why a part is left out of a copy for the client. */
          g_autofree char *why = g_strdup_printf (_("Why: %s"), left_out->why);

          g_string_append_c (markup, '\n');
          append_escaped (markup, why);
        }
      mc_report_block_finish (mc_report_renderer_add_block (self, STYLE_BODY, 0, self->content_width,
                                                            4, markup->str, TRUE));
    }
}

static const char *
access_action_text (const char *action)
{
  static const struct { const char *id; const char *text; } actions[] = {
    /* Translators: actions in the access log of a copy for the client. */
    { "view", N_("Opened") },
    { "create", N_("Added") },
    { "change", N_("Changed") },
    { "delete", N_("Removed") },
    { "export", N_("Exported") },
    { "print", N_("Printed") },
    { "import", N_("Imported") },
    { "close", N_("Closed") },
    { "reopen", N_("Reopened") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (action, actions[i].id) == 0)
      return _(actions[i].text);
  return action != NULL ? action : "";
}

/* The case's access log (NEN 7513): who did what, and when. */
static void
build_access_log (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: section heading; Dutch "Wie heeft het dossier ingezien". */
  mc_report_renderer_add_heading (self, _("Access log"));
  mc_report_renderer_add_note (self,
                               _("Who opened, changed, exported or printed this case, and when."));
  for (guint i = 0; i < report->inzage.access_log->len; i++)
    {
      const McReportAccess *access = g_ptr_array_index (report->inzage.access_log, i);
      g_autoptr(GDateTime) at = access->at != NULL ? g_date_time_new_from_iso8601 (access->at, NULL) : NULL;
      g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
      g_autofree char *when = local != NULL ? g_date_time_format (local, "%d-%m-%Y %H:%M")
                                            : g_strdup (access->at);
      g_autoptr(GString) markup = g_string_new (NULL);

      append_escaped (markup, access_action_text (access->action));
      g_string_append (markup, " · ");
      if (access->role != NULL)
        {
          g_autofree char *who = g_strdup_printf (_("%s, %s"),
                                                  access->user != NULL ? access->user : "",
                                                  access->role);

          append_escaped (markup, who);
        }
      else
        append_escaped (markup, access->user != NULL ? access->user : "");
      if (access->subject != NULL)
        append_meta (markup, access->subject);
      mc_report_block_finish (mc_report_renderer_add_row_full (self, when, markup->str, TRUE,
                                                               STYLE_BODY));
    }
}

static void
build_weighing (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: step 4, weighing the violence. */
  mc_report_renderer_add_subheading (self, _("Weighing"));
  mc_report_renderer_add_row (self, _("Acute unsafety"), answer_text (report->weighing.acute));
  mc_report_renderer_add_row (self, _("Structural unsafety"),
                              answer_text (report->weighing.structural));
  mc_report_renderer_add_row (self, _("Risk instrument"), report->weighing.instrument);
  mc_report_renderer_add_row (self, _("Outcome"), report->weighing.instrument_result);
  mc_report_renderer_add_row (self, _("Notes"), report->weighing.notes);
}

static void
build_questions (McReportRenderer    *self,
                 const McReportRound *round)
{
  if (round->questions->len == 0)
    mc_report_renderer_add_note (self, _("No questions are answered."));
  for (guint i = 0; i < round->questions->len; i++)
    {
      const McReportQuestion *question = g_ptr_array_index (round->questions, i);
      g_autoptr(GString) markup = g_string_new (NULL);
      double width = self->content_width - ANSWER_WIDTH - COLUMN_GAP;
      const char *answer;
      Block *block;

      g_string_append_printf (markup, "%u. ", i + 1);
      if (question->skipped)
        {
          /* Not a question left open: the route went elsewhere. */
          g_string_append (markup, "<span foreground=\"#5c6166\">");
          append_escaped (markup, label_or_id (question->text, question->id));
          g_string_append (markup, "</span>");
          /* Translators: beside an afwegingskader question the answers
           * before it lead past; Dutch "Overgeslagen: niet aan de orde op
           * deze route". */
          append_meta (markup, _("Skipped: not applicable on this route"));
          answer = "—";
        }
      else
        {
          append_escaped (markup, label_or_id (question->text, question->id));
          if (question->from_round > 0)
            {
              /* Translators: an evaluation round takes the answers that
               * led to the help from an earlier round. */
              g_autofree char *from = g_strdup_printf (_("Answer from decision round %u"),
                                                       question->from_round);

              append_meta (markup, from);
            }
          answer = answer_text (question->answer);
        }
      if (question->note != NULL)
        append_meta (markup, question->note);

      block = mc_report_renderer_add_block (self, STYLE_BODY, 0, width, 6, markup->str, TRUE);
      block->side = mc_report_renderer_new_layout (self, STYLE_ANSWER, ANSWER_WIDTH, answer, FALSE);
      block->side_style = question->skipped ? STYLE_LABEL : STYLE_ANSWER;
      block->side_x = self->content_width - ANSWER_WIDTH;
      mc_report_block_finish (block);
    }
}

static void
build_outcome (McReportRenderer    *self,
               const McReportRound *round)
{
  /* Translators: what the afwegingskader gives for the answers. */
  mc_report_renderer_add_subheading (self, _("Outcome of the weighing framework"));
  if (round->outcome.report_needed == MC_REPORT_ANSWER_UNANSWERED
      && round->outcome.help_possible == MC_REPORT_ANSWER_UNANSWERED
      && round->outcome.reason == NULL)
    {
      mc_report_renderer_add_note (self, _("The weighing framework gives no outcome yet."));
      return;
    }
  mc_report_renderer_add_row (self, _("Reporting necessary"),
                              answer_text (round->outcome.report_needed));
  mc_report_renderer_add_row (self, _("Help possible"), answer_text (round->outcome.help_possible));
  mc_report_renderer_add_row (self, _("Reason"), round->outcome.reason);
}

/* The two decisions with who took them and when; @shaded for the one the
 * report is about. */
static void
build_decision_rows (McReportRenderer    *self,
                     const McReportRound *round,
                     gboolean             shaded)
{
  guint group = ++self->next_group;
  g_autofree char *decided_by = NULL;
  g_autofree char *decided_on = date_text (round->decision.decided_on);
  g_autofree char *evaluation_on = date_text (round->decision.evaluation_on);
  struct {
    const char *label;
    const char *value;
    Style       style;
  } rows[] = {
    /* Translators: the first decision of step 5. */
    { _("Is reporting necessary?"), answer_text (round->decision.report_needed), STYLE_ANSWER },
    /* Translators: the second decision of step 5. */
    { _("Is help (also) possible?"), answer_text (round->decision.help_possible), STYLE_ANSWER },
    { _("Justification"), round->decision.justification, STYLE_BODY },
    { _("Decided by"), NULL, STYLE_BODY },
    { _("Date of the decision"), decided_on, STYLE_BODY },
    /* Translators: the date on which the help is evaluated (question 5). */
    { _("Evaluation of the help"), evaluation_on, STYLE_BODY },
  };
  gboolean first = TRUE;

  if (round->decision.decided_by_role != NULL)
    decided_by = g_strdup_printf (_("%s, %s"), round->decision.decided_by_name,
                                  round->decision.decided_by_role);
  else
    decided_by = g_strdup (round->decision.decided_by_name);
  rows[3].value = decided_by;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      Block *block;

      if (rows[i].value == NULL)
        continue;
      block = mc_report_renderer_add_row_full (self, rows[i].label, rows[i].value, FALSE,
                                               rows[i].style);
      if (shaded)
        {
          block->decoration = DECORATION_SHADE;
          block->group = group;
          /* Room for the box above its first row. */
          if (first)
            block->space_before = 8 + SHADE_PADDING;
        }
      first = FALSE;
      mc_report_block_finish (block);
    }
}

/* The report to Veilig Thuis and what followed it; @empty_note when
 * nothing is recorded (NULL: say nothing). */
static void
build_after_report (McReportRenderer    *self,
                    const McReportRound *round,
                    const char          *empty_note)
{
  g_autofree char *reported_on = date_text (round->veilig_thuis.reported_on);
  g_autofree char *feedback_on = date_text (round->veilig_thuis.feedback_on);
  g_autofree char *method = NULL;
  g_autofree char *response = NULL;

  if (method_text (round->veilig_thuis.method) != NULL)
    method = capitalised (method_text (round->veilig_thuis.method));
  if (response_text (round->veilig_thuis.response) != NULL)
    response = capitalised (response_text (round->veilig_thuis.response));

  if (reported_on == NULL && round->veilig_thuis.reference == NULL && method == NULL)
    {
      if (empty_note == NULL)
        return;
      mc_report_renderer_add_row (self, _("Reported"), empty_note);
    }
  mc_report_renderer_add_row (self, _("Reported on"), reported_on);
  /* Translators: how the report reached Veilig Thuis. */
  mc_report_renderer_add_row (self, _("How"), method);
  mc_report_renderer_add_row (self, _("Reference"), round->veilig_thuis.reference);
  /* Translators: who at Veilig Thuis took the report. */
  mc_report_renderer_add_row (self, _("Taken by"), round->veilig_thuis.contact);
  if (reported_on != NULL || round->veilig_thuis.client_informed != MC_REPORT_ANSWER_UNANSWERED
      || empty_note != NULL)
    mc_report_renderer_add_row (self, _("Client informed"),
                                answer_text (round->veilig_thuis.client_informed));
  mc_report_renderer_add_row (self, _("Not informed, because"),
                              round->veilig_thuis.exception_label != NULL
                              ? round->veilig_thuis.exception_label
                              : round->veilig_thuis.exception);
  mc_report_renderer_add_row (self, _("Reaction of the client"), round->veilig_thuis.client_reaction);
  /* Translators: what Veilig Thuis does with the report. */
  mc_report_renderer_add_row (self, _("Veilig Thuis"), response);
  mc_report_renderer_add_row (self, _("Agreements with Veilig Thuis"), round->veilig_thuis.agreements);
  /* Translators: the date of Veilig Thuis's feedback ("terugkoppeling"). */
  mc_report_renderer_add_row (self, _("Feedback on"), feedback_on);
  mc_report_renderer_add_row (self, _("Feedback"), round->veilig_thuis.feedback);
}

static void
build_current_round (McReportRenderer *self)
{
  const McReportRound *round = mc_report_get_current_round (self->report);
  g_autofree char *title = round_title (round);

  mc_report_renderer_add_subheading (self, title);
  if (self->report->rounds->len > 1)
    mc_report_renderer_add_note (self, _("The current decision round; the earlier ones follow "
                                         "after the follow-up."));

  /* Translators: the five weighing questions of step 5; Dutch
   * "Afwegingskader". */
  mc_report_renderer_add_subheading (self, _("Weighing framework"));
  build_questions (self, round);
  build_outcome (self, round);

  mc_report_renderer_add_subheading (self, _("Decision"));
  build_decision_rows (self, round, TRUE);
}

/* Every rule a round deviates from, where no reader can miss it. */
static void
build_deviations (McReportRenderer *self)
{
  McReport *report = self->report;

  if (!mc_report_has_norm_deviations (report))
    return;

  /* Translators: section heading; Dutch "Afwijkingen van de meldnormen". */
  mc_report_renderer_add_heading (self, _("Deviations from the reporting standards"));
  mc_report_renderer_add_note (self, _("Where a decision does not follow a reporting standard "
                                       "(meldnorm) of the protocol: the rule, and the "
                                       "professional's written reason in their own words."));
  for (guint r = report->rounds->len; r > 0; r--)
    {
      const McReportRound *round = g_ptr_array_index (report->rounds, r - 1);

      for (guint i = 0; i < round->norms->len; i++)
        {
          const McReportNorm *norm = g_ptr_array_index (round->norms, i);
          g_autoptr(GString) markup = g_string_new ("<b>");
          /* Translators: beside a meldnorm deviation, the decision round it
           * belongs to, "Round 2". */
          g_autofree char *side = g_strdup_printf (_("Round %u"), round->number);
          Block *block;

          append_escaped (markup, norm->text != NULL ? norm->text : norm->rule_id);
          g_string_append (markup, "</b>\n");
          if (norm->reason != NULL)
            {
              /* Translators: the professional's written reason for deviating
               * from a meldnorm. */
              g_autofree char *reason = g_strdup_printf (_("Reason for the deviation: %s"),
                                                         norm->reason);

              append_escaped (markup, reason);
            }
          else
            {
              g_string_append (markup, "<i>");
              append_escaped (markup, _("No reason is written down: the decision breaks this "
                                        "reporting standard, and the case is not complete."));
              g_string_append (markup, "</i>");
            }

          block = mc_report_renderer_add_row_full (self, side, markup->str, TRUE, STYLE_BODY);
          block->space_before = 10;
          block->decoration = DECORATION_ALERT;
          block->group = ++self->next_group;
          mc_report_block_finish (block);
        }
    }
}

static char *
agreement_state_text (const McReportAgreement *agreement)
{
  switch (agreement->state)
    {
    case MC_REPORT_AGREEMENT_DONE:
      return g_strdup (_("Done"));
    case MC_REPORT_AGREEMENT_NOT_DONE:
      /* Translators: a follow-up agreement that was not carried out. */
      return g_strdup (_("Not done"));
    case MC_REPORT_AGREEMENT_OPEN:
    default:
      return g_strdup (_("Open"));
    }
}

static void
build_agreements (McReportRenderer *self)
{
  McReport *report = self->report;

  /* Translators: Dutch "Vervolgafspraken". */
  mc_report_renderer_add_subheading (self, _("Agreements"));
  if (report->agreements->len == 0)
    mc_report_renderer_add_note (self, _("No agreements are recorded."));
  for (guint i = 0; i < report->agreements->len; i++)
    {
      const McReportAgreement *agreement = g_ptr_array_index (report->agreements, i);
      g_autofree char *due = date_text (agreement->due_on);
      g_autofree char *checked = date_text (agreement->checked_on);
      g_autofree char *state = agreement_state_text (agreement);
      g_autofree char *side = NULL;
      g_autoptr(GString) markup = g_string_new (NULL);
      Block *block;

      append_escaped (markup, agreement->description != NULL ? agreement->description : "");
      if (agreement->owner_name != NULL || agreement->owner_role != NULL)
        {
          g_autofree char *owner = NULL;
          g_autofree char *line = NULL;

          if (agreement->owner_name != NULL && agreement->owner_role != NULL)
            owner = g_strdup_printf (_("%s, %s"), agreement->owner_name, agreement->owner_role);
          else
            owner = g_strdup (agreement->owner_name != NULL ? agreement->owner_name
                                                            : agreement->owner_role);
          /* Translators: who carries out a follow-up agreement. */
          line = g_strdup_printf (_("Who: %s"), owner);
          append_meta (markup, line);
        }
      if (agreement->state_note != NULL)
        append_meta (markup, agreement->state_note);
      if (checked != NULL)
        {
          /* Translators: when the state of an agreement was last checked. */
          g_autofree char *line = g_strdup_printf (_("Checked on %s"), checked);

          append_meta (markup, line);
        }

      /* Translators: an agreement's due date and whether it is done,
       * "12 December 2026 · Open". */
      side = g_strdup_printf (_("%s · %s"), due != NULL ? due : _("No date"), state);
      block = mc_report_renderer_add_row_full (self, side, markup->str, TRUE, STYLE_BODY);
      block->space_before = 8;
      mc_report_block_finish (block);
    }
}

static void
build_closing (McReportRenderer *self)
{
  McReport *report = self->report;
  g_autofree char *closed_on = date_text (report->closing.closed_on);

  if (report->status != MC_REPORT_STATUS_CLOSED && report->closing.closed_on == NULL
      && report->closing.reason == NULL && report->closing.note == NULL
      && report->closing.closed_by == NULL)
    return;

  /* Translators: Dutch "Afsluiting van de casus". */
  mc_report_renderer_add_subheading (self, _("Closing of the case"));
  if (closed_on == NULL && report->closing.reason == NULL && report->closing.note == NULL
      && report->closing.closed_by == NULL)
    {
      mc_report_renderer_add_note (self, _("The case is closed; how is not recorded."));
      return;
    }
  mc_report_renderer_add_row (self, _("Closed on"), closed_on);
  mc_report_renderer_add_row (self, _("Reason"),
                              report->closing.reason != NULL
                              ? label_or_id (report->closing.reason_label, report->closing.reason)
                              : NULL);
  mc_report_renderer_add_row (self, _("Note"), report->closing.note);
  mc_report_renderer_add_row (self, _("Closed by"), report->closing.closed_by);
}

static void
build_follow_up (McReportRenderer *self)
{
  const McReportRound *round = mc_report_get_current_round (self->report);

  /* Translators: section heading; Dutch "Vervolg". */
  mc_report_renderer_add_heading (self, _("Follow-up"));
  mc_report_renderer_add_subheading (self, _("Report to Veilig Thuis"));
  build_after_report (self, round, _("No report to Veilig Thuis is recorded."));
  build_agreements (self);
  build_closing (self);
}

/* The rounds before the current one, in order, each in full but for the
 * meldnorm deviations (shown above with their round). */
static void
build_earlier_rounds (McReportRenderer *self)
{
  McReport *report = self->report;

  if (report->rounds->len < 2)
    return;

  /* Translators: section heading; Dutch "Eerdere beslisrondes". */
  mc_report_renderer_add_heading (self, _("Earlier decision rounds"));
  for (guint r = 0; r + 1 < report->rounds->len; r++)
    {
      const McReportRound *round = g_ptr_array_index (report->rounds, r);
      g_autofree char *title = round_title (round);

      mc_report_renderer_add_subheading (self, title);
      build_questions (self, round);
      if (round->outcome.reason != NULL)
        mc_report_renderer_add_row (self, _("Outcome"), round->outcome.reason);
      build_decision_rows (self, round, FALSE);
      build_after_report (self, round, NULL);
      if (round->norms->len > 0)
        mc_report_renderer_add_note (self, _("This round deviates from a reporting standard: see "
                                             "“Deviations from the reporting standards”."));
    }
}

static PangoLayout *
signature_layout (McReportRenderer *self,
                  Style             style,
                  const char       *text)
{
  double width = (self->content_width - SIGNATURE_GAP) / 2;

  return mc_report_renderer_new_layout (self, style, width, text, FALSE);
}


static void
build_signatures (McReportRenderer *self)
{
  McReport *report = self->report;
  Block *block;

  /* Translators: section heading; Dutch "Ondertekening". */
  mc_report_renderer_add_heading (self, _("Signatures"));

  block = g_new0 (Block, 1);
  block->kind = BLOCK_SIGNATURES;
  block->space_before = 12;
  for (guint c = 0; c < 2; c++)
    {
      block->columns[c][0] = signature_layout (self, STYLE_SUBHEADING,
                                               c == 0 ? _("Professional")
                                               /* Translators: Dutch "Taakhouder meldcode". */
                                                      : _("Reporting code officer"));
      block->columns[c][1] = signature_layout (self, STYLE_LABEL, _("Name"));
      block->columns[c][2] = signature_layout (self, STYLE_LABEL, _("Role"));
      block->columns[c][3] = signature_layout (self, STYLE_LABEL, _("Date"));
      block->columns[c][4] = signature_layout (self, STYLE_LABEL, _("Signature"));
    }
  if (report->author_name != NULL)
    block->values[0][0] = signature_layout (self, STYLE_BODY, report->author_name);
  if (report->author_role != NULL)
    block->values[0][1] = signature_layout (self, STYLE_BODY, report->author_role);

  block->height = 18;
  for (guint i = 0; i < G_N_ELEMENTS (mc_report_signature_field_height); i++)
    block->height += mc_report_signature_field_height[i];
  g_ptr_array_add (self->blocks, block);
}

/* Half the width of the page, on one line whatever the text holds: the
 * header must stay above its rule. */
static PangoLayout *
new_header_layout (McReportRenderer *self,
                   const char       *text)
{
  g_autofree char *line = g_strdelimit (g_strdup (text), "\t\n", ' ');
  double width = self->content_width / 2 - COLUMN_GAP / 2;
  PangoLayout *layout = mc_report_renderer_new_layout (self, STYLE_PAGE, width, line, FALSE);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

void
mc_report_renderer_build (McReportRenderer *self)
{
  McReport *report = self->report;
  g_autofree char *created = mc_format_date_time (report->created_at);
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *header_date = NULL;
  g_autoptr(GDateTime) local = g_date_time_to_local (report->created_at);
  GDate created_date;
  g_autofree char *header = NULL;

  g_date_clear (&created_date, 1);
  g_date_set_dmy (&created_date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  header_date = mc_format_date (&created_date);

  /* Translators: "Case 2026-0001". */
  g_string_append_printf (meta, _("Case %s"), report->case_number != NULL ? report->case_number : "");
  g_string_append (meta, " · ");
  g_string_append (meta, report->status == MC_REPORT_STATUS_CLOSED ? C_("case", "Closed")
                                                                  : C_("case", "Open"));
  g_string_append (meta, " · ");
  /* Translators: the protocol the case follows, with its version. */
  g_string_append_printf (meta, _("Protocol %s, version %s"),
                          report->protocol_id != NULL ? report->protocol_id : "",
                          report->protocol_version != NULL ? report->protocol_version : "");
  g_string_append_c (meta, '\n');
  /* Translators: when the report was made. */
  g_string_append_printf (meta, _("Made on %s"), created);
  if (report->anonymous)
    {
      g_string_append_c (meta, '\n');
      g_string_append (meta, _("Anonymised: names, the client number, dates of birth and the "
                               "Veilig Thuis reference are left out."));
    }
  if (report->inzage.requester != MC_REPORT_REQUESTER_NONE)
    {
      g_string_append_c (meta, '\n');
      switch (report->inzage.requester)
        {
        case MC_REPORT_REQUESTER_PARENT:
          /* Translators: under the title of a copy for inzage (AVG art. 15). */
          g_string_append (meta, _("Copy of the file for a parent with gezag"));
          break;
        case MC_REPORT_REQUESTER_YOUNG_PERSON:
          g_string_append (meta, _("Copy of the file for the young person"));
          break;
        case MC_REPORT_REQUESTER_CLIENT:
        case MC_REPORT_REQUESTER_NONE:
        default:
          g_string_append (meta, _("Copy of the file for the client"));
          break;
        }
    }
  if (report->family_copy)
    {
      g_string_append_c (meta, '\n');
      /* Translators: under the title of a family copy. */
      g_string_append (meta, _("Family copy: the parts marked “not for the family” are left out."));
    }
  if (report->rounds->len > 1)
    {
      g_string_append_c (meta, '\n');
      /* Translators: under the title; %u is the number of the current round. */
      g_string_append_printf (meta, _("This report is about decision round %u; the earlier rounds "
                                      "are listed at the end."),
                              report->rounds->len);
    }

  mc_report_renderer_add_title (self,
                                /* Translators: the title of the decision report; Dutch
                                 * "Besluit meldcode huiselijk geweld en kindermishandeling". */
                                _("Reporting code decision on domestic violence and child abuse"),
                                meta->str);
  if (mc_report_has_norm_deviations (report))
    {
      const char *alert = _("This decision deviates from the reporting standards (meldnormen): "
                            "see “Deviations from the reporting standards”.");
      Block *block = mc_report_renderer_add_block (self, STYLE_ANSWER, 0, self->content_width, 10,
                                                   alert, FALSE);

      block->decoration = DECORATION_ALERT;
      block->group = ++self->next_group;
      mc_report_block_finish (block);
    }

  /* Veilig Thuis's form, in its order, so that whoever reads the report
   * out on the phone finds each answer where Veilig Thuis asks it. */
  if (report->inzage.requester != MC_REPORT_REQUESTER_NONE)
    build_left_out (self);
  build_reporter (self);
  build_people (self);
  build_concerns (self);
  /* Translators: section heading; Dutch "Ondersteunend netwerk". */
  build_section (self, _("Support network"), &report->support_network);
  /* Translators: section heading; Dutch "Overige informatie". */
  build_section (self, _("Other information"), &report->other_information);
  build_completion (self);

  /* Translators: section heading; Dutch "Afweging en besluit". */
  mc_report_renderer_add_heading (self, _("Weighing and decision"));
  build_consultations (self);
  build_conversations (self);
  build_weighing (self);
  build_current_round (self);
  build_deviations (self);

  build_follow_up (self);
  build_earlier_rounds (self);
  if (report->inzage.requester != MC_REPORT_REQUESTER_NONE)
    build_access_log (self);
  else
    build_signatures (self);

  self->header_left = new_header_layout (self, report->organisation != NULL ? report->organisation
                                                                          : "");
  if (report->anonymous)
    /* Translators: page header, "Case 2026-0001 · anonymised · 28 November 2026". */
    header = g_strdup_printf (_("Case %s · anonymised · %s"),
                              report->case_number != NULL ? report->case_number : "", header_date);
  else
    /* Translators: page header, "Case 2026-0001 · 28 November 2026". */
    header = g_strdup_printf (_("Case %s · %s"),
                              report->case_number != NULL ? report->case_number : "", header_date);
  self->header_right = new_header_layout (self, header);
  pango_layout_set_alignment (self->header_right, PANGO_ALIGN_RIGHT);
  /* Translators: page footer: the report holds confidential data. */
  self->footer_left = mc_report_renderer_new_layout (self, STYLE_PAGE, self->content_width / 2,
                                                     _("Confidential"), FALSE);
  /* Translators: beside the rest of a text that started on an earlier page. */
  self->continued = mc_report_renderer_new_layout (self, STYLE_NOTE, LABEL_WIDTH, _("(continued)"),
                                                   FALSE);
}
