/* mc-report-form.c: what Veilig Thuis's form asks beyond the decision, and
 * the family copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Veilig Thuis's form has the sections melder, betrokkenen, melding,
 * ondersteunend netwerk, overige informatie and melding afronden. This file
 * holds the parts of the report model that serve it (the reporter's phone
 * and e-mail, each person's address, gezag, school and "open melden", the
 * two sections of free text) and the "niet voor de familie" marks with the
 * family copy that leaves the marked parts out: Veilig Thuis shares its
 * file with parents and with children from 12.
 */

#define G_LOG_DOMAIN "mc-report"

#include "config.h"

#include "mc-dates.h"
#include "mc-report.h"
#include "mc-text.h"

/* As mc-report.c: sanitised at the border, "" is NULL. */
static void
set_text (char       **field,
          const char  *text,
          McTextKind   kind)
{
  char *clean = mc_text_sanitize (text, kind);

  if (clean != NULL && *clean == '\0')
    g_clear_pointer (&clean, g_free);
  g_free (*field);
  *field = clean;
}

static gboolean
is_answer (McReportAnswer answer)
{
  return answer >= MC_REPORT_ANSWER_UNANSWERED && answer <= MC_REPORT_ANSWER_NO;
}

static gboolean
is_date_or_null (const char *text)
{
  GDate date;

  g_date_clear (&date, 1);
  return text == NULL || mc_date_from_iso8601 (text, &date);
}

void
mc_report_set_author_contact (McReport   *self,
                              const char *phone,
                              const char *email)
{
  g_return_if_fail (self != NULL);

  set_text (&self->author_phone, phone, MC_TEXT_KIND_NAME);
  set_text (&self->author_email, email, MC_TEXT_KIND_NAME);
}

void
mc_report_set_person_details (McReport       *self,
                              guint           index,
                              const char     *address,
                              McReportAnswer  gezag,
                              const char     *school)
{
  McReportPerson *person;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->people->len);
  g_return_if_fail (is_answer (gezag));

  person = g_ptr_array_index (self->people, index);
  set_text (&person->address, address, MC_TEXT_KIND_LINE);
  person->gezag = gezag;
  set_text (&person->school, school, MC_TEXT_KIND_LINE);
}

void
mc_report_set_person_informed (McReport       *self,
                               guint           index,
                               McReportAnswer  informed,
                               const char     *informed_on,
                               const char     *reaction,
                               const char     *exception,
                               const char     *exception_label)
{
  McReportPerson *person;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->people->len);
  g_return_if_fail (is_answer (informed));
  g_return_if_fail (is_date_or_null (informed_on));

  person = g_ptr_array_index (self->people, index);
  person->informed = informed;
  set_text (&person->informed_on, informed_on, MC_TEXT_KIND_NAME);
  set_text (&person->informed_reaction, reaction, MC_TEXT_KIND_TEXT);
  set_text (&person->informed_exception, exception, MC_TEXT_KIND_NAME);
  /* A label only means something beside its id. */
  if (person->informed_exception != NULL)
    set_text (&person->informed_exception_label, exception_label, MC_TEXT_KIND_LINE);
  else
    g_clear_pointer (&person->informed_exception_label, g_free);
}

void
mc_report_set_section (McReport        *self,
                       McReportSection  section,
                       const char      *text,
                       gboolean         not_for_family)
{
  McReportSectionText *target;

  g_return_if_fail (self != NULL);
  g_return_if_fail (section == MC_REPORT_SECTION_SUPPORT_NETWORK
                    || section == MC_REPORT_SECTION_OTHER_INFORMATION);

  target = section == MC_REPORT_SECTION_SUPPORT_NETWORK
           ? &self->support_network : &self->other_information;
  set_text (&target->text, text, MC_TEXT_KIND_TEXT);
  target->not_for_family = not_for_family;
}

void
mc_report_mark_not_for_family (McReport     *self,
                               McReportPart  part,
                               guint         index)
{
  g_return_if_fail (self != NULL);

  switch (part)
    {
    case MC_REPORT_PART_PERSON:
      g_return_if_fail (index < self->people->len);
      ((McReportPerson *) g_ptr_array_index (self->people, index))->not_for_family = TRUE;
      break;
    case MC_REPORT_PART_SIGNAL:
      g_return_if_fail (index < self->signals->len);
      ((McReportSignal *) g_ptr_array_index (self->signals, index))->not_for_family = TRUE;
      break;
    case MC_REPORT_PART_CONVERSATION:
      g_return_if_fail (index < self->conversations->len);
      ((McReportConversation *) g_ptr_array_index (self->conversations, index))->not_for_family = TRUE;
      break;
    default:
      g_return_if_reached ();
    }
}

gboolean
mc_report_has_not_for_family (const McReport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->support_network.not_for_family || self->other_information.not_for_family)
    return TRUE;
  for (guint i = 0; i < self->people->len; i++)
    if (((McReportPerson *) g_ptr_array_index (self->people, i))->not_for_family)
      return TRUE;
  for (guint i = 0; i < self->signals->len; i++)
    if (((McReportSignal *) g_ptr_array_index (self->signals, i))->not_for_family)
      return TRUE;
  for (guint i = 0; i < self->conversations->len; i++)
    if (((McReportConversation *) g_ptr_array_index (self->conversations, i))->not_for_family)
      return TRUE;
  return FALSE;
}

static void
clear_section (McReportSectionText *section)
{
  if (section->not_for_family)
    {
      g_clear_pointer (&section->text, g_free);
      section->not_for_family = FALSE;
    }
}

McReport *
mc_report_family_copy (const McReport *report)
{
  g_autoptr(McReport) copy = NULL;
  g_autofree int *new_index = NULL;
  int kept = 0;

  g_return_val_if_fail (report != NULL, NULL);

  copy = mc_report_copy (report);
  copy->family_copy = TRUE;

  /* People first: a conversation with a person who is left out would name
   * them again, so it goes too; the others point at the new places. */
  new_index = g_new (int, MAX (copy->people->len, 1));
  for (guint i = 0; i < copy->people->len; i++)
    {
      const McReportPerson *person = g_ptr_array_index (copy->people, i);

      new_index[i] = person->not_for_family ? MC_REPORT_NO_PERSON : kept++;
    }
  for (guint i = copy->conversations->len; i > 0; i--)
    {
      McReportConversation *conversation = g_ptr_array_index (copy->conversations, i - 1);
      gboolean with_hidden = conversation->person >= 0
                             && new_index[conversation->person] == MC_REPORT_NO_PERSON;

      if (conversation->not_for_family || with_hidden)
        g_ptr_array_remove_index (copy->conversations, i - 1);
      else if (conversation->person >= 0)
        conversation->person = new_index[conversation->person];
    }
  for (guint i = copy->people->len; i > 0; i--)
    if (((McReportPerson *) g_ptr_array_index (copy->people, i - 1))->not_for_family)
      g_ptr_array_remove_index (copy->people, i - 1);
  for (guint i = copy->signals->len; i > 0; i--)
    if (((McReportSignal *) g_ptr_array_index (copy->signals, i - 1))->not_for_family)
      g_ptr_array_remove_index (copy->signals, i - 1);

  clear_section (&copy->support_network);
  clear_section (&copy->other_information);

  return g_steal_pointer (&copy);
}
