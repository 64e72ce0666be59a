/* mc-report-inzage.c: the case as its client or a parent may see it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parents and children from 12 may ask to see their file (AVG art. 15,
 * WGBO); from 16 the young person decides. What they get is the whole case
 * without what would harm someone or is about someone else: the parts
 * marked "niet voor de familie" and the information about third parties,
 * each kind with a visible note of what was left out and why, and the
 * case's access log, which NEN 7513 requires to be readable for the
 * client.
 */

#define G_LOG_DOMAIN "mc-report"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-report.h"
#include "mc-text.h"

static const char * const requester_ids[] = {
  [MC_REPORT_REQUESTER_NONE] = NULL,
  [MC_REPORT_REQUESTER_CLIENT] = "client",
  [MC_REPORT_REQUESTER_PARENT] = "parent",
  [MC_REPORT_REQUESTER_YOUNG_PERSON] = "young-person",
};

/* The youngest client who may ask for their own file. */
#define INZAGE_OWN_AGE 12
/* From this age the young person decides about their file. */
#define INZAGE_DECIDES_AGE 16

const char *
mc_report_requester_to_id (McReportRequester requester)
{
  g_return_val_if_fail (requester <= MC_REPORT_REQUESTER_YOUNG_PERSON, NULL);

  return requester_ids[requester];
}

gboolean
mc_report_requester_from_id (const char        *id,
                             McReportRequester *requester)
{
  g_return_val_if_fail (requester != NULL, FALSE);

  for (guint i = MC_REPORT_REQUESTER_CLIENT; i < G_N_ELEMENTS (requester_ids); i++)
    if (g_strcmp0 (id, requester_ids[i]) == 0)
      {
        *requester = (McReportRequester) i;
        return TRUE;
      }
  return FALSE;
}

static char *
clean (const char *text,
       McTextKind  kind)
{
  char *cleaned = mc_text_sanitize (text, kind);

  if (cleaned != NULL && *cleaned == '\0')
    g_clear_pointer (&cleaned, g_free);
  return cleaned;
}

void
mc_report_add_access (McReport   *self,
                      const char *at,
                      const char *user,
                      const char *role,
                      const char *action,
                      const char *subject)
{
  McReportAccess *access;

  g_return_if_fail (self != NULL);
  g_return_if_fail (at != NULL);

  access = g_new0 (McReportAccess, 1);
  access->at = clean (at, MC_TEXT_KIND_NAME);
  access->user = clean (user, MC_TEXT_KIND_NAME);
  access->role = clean (role, MC_TEXT_KIND_NAME);
  access->action = clean (action, MC_TEXT_KIND_NAME);
  access->subject = clean (subject, MC_TEXT_KIND_LINE);
  g_ptr_array_add (self->inzage.access_log, access);
}

void
mc_report_add_left_out (McReport   *self,
                        const char *what,
                        const char *why)
{
  McReportLeftOut *left_out;

  g_return_if_fail (self != NULL);

  left_out = g_new0 (McReportLeftOut, 1);
  left_out->what = clean (what, MC_TEXT_KIND_TEXT);
  left_out->why = clean (why, MC_TEXT_KIND_TEXT);
  g_ptr_array_add (self->inzage.left_out, left_out);
}

static guint
count_marked (const McReport *report)
{
  guint n = 0;

  for (guint i = 0; i < report->people->len; i++)
    n += ((McReportPerson *) g_ptr_array_index (report->people, i))->not_for_family;
  for (guint i = 0; i < report->signals->len; i++)
    n += ((McReportSignal *) g_ptr_array_index (report->signals, i))->not_for_family;
  for (guint i = 0; i < report->conversations->len; i++)
    n += ((McReportConversation *) g_ptr_array_index (report->conversations, i))->not_for_family;
  n += report->support_network.not_for_family + report->other_information.not_for_family;
  return n;
}

/* A person involved is a third party when they have no gezag: a parent
 * with gezag is part of the client's case; a neighbour, a new partner or a
 * grandparent is not, and what the file says about them is theirs. */
static gboolean
is_third_party (const McReportPerson *person)
{
  return person->gezag != MC_REPORT_ANSWER_YES;
}

McReport *
mc_report_inzage_copy (const McReport     *report,
                       McReportRequester   requester,
                       GError            **error)
{
  g_autoptr(McReport) copy = NULL;
  g_autofree int *new_index = NULL;
  guint marked;
  guint people_out = 0;
  guint conversations_out = 0;
  guint sources_out = 0;
  int kept = 0;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (requester >= MC_REPORT_REQUESTER_CLIENT
                        && requester <= MC_REPORT_REQUESTER_YOUNG_PERSON, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (report->anonymous)
    {
      g_set_error_literal (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                           _("An anonymised report is no copy of a client’s file."));
      return NULL;
    }
  if (requester == MC_REPORT_REQUESTER_YOUNG_PERSON
      && (report->client.age == MC_REPORT_AGE_UNKNOWN || report->client.age < INZAGE_OWN_AGE))
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                   _("A young person may see their own file from %d; the client’s age is not known "
                     "to be %d or more. Make the copy for a parent with gezag."),
                   INZAGE_OWN_AGE, INZAGE_OWN_AGE);
      return NULL;
    }

  marked = count_marked (report);
  copy = mc_report_family_copy (report);
  copy->family_copy = FALSE;
  copy->inzage.requester = requester;
  g_ptr_array_set_size (copy->inzage.left_out, 0);
  g_ptr_array_set_size (copy->inzage.access_log, 0);

  /* Third parties, and the conversations held with them. */
  new_index = g_new (int, MAX (copy->people->len, 1));
  for (guint i = 0; i < copy->people->len; i++)
    {
      const McReportPerson *person = g_ptr_array_index (copy->people, i);

      new_index[i] = is_third_party (person) ? MC_REPORT_NO_PERSON : kept++;
    }
  for (guint i = copy->conversations->len; i > 0; i--)
    {
      McReportConversation *conversation = g_ptr_array_index (copy->conversations, i - 1);

      if (conversation->person >= 0 && new_index[conversation->person] == MC_REPORT_NO_PERSON)
        {
          g_ptr_array_remove_index (copy->conversations, i - 1);
          conversations_out++;
        }
      else if (conversation->person >= 0)
        conversation->person = new_index[conversation->person];
    }
  for (guint i = copy->people->len; i > 0; i--)
    if (is_third_party (g_ptr_array_index (copy->people, i - 1)))
      {
        g_ptr_array_remove_index (copy->people, i - 1);
        people_out++;
      }

  /* Who told it, when someone else did: the informant is a third party. */
  for (guint i = 0; i < copy->signals->len; i++)
    {
      McReportSignal *signal = g_ptr_array_index (copy->signals, i);

      if (signal->source != NULL)
        {
          g_free (signal->source);
          /* Translators: in a copy for the client, where a signal said
           * who told it. */
          signal->source = g_strdup (_("[a third party: left out]"));
          sources_out++;
        }
    }

  if (marked > 0)
    {
      g_autofree char *what = g_strdup_printf (ngettext ("%u part marked “not for the family”",
                                                         "%u parts marked “not for the family”",
                                                         marked), marked);

      mc_report_add_left_out (copy, what,
                              _("The professional marked them: sharing them could harm the client "
                                "or someone else (AVG art. 15(4) and art. 23)."));
    }
  if (people_out > 0)
    {
      g_autofree char *what = g_strdup_printf (ngettext ("%u person involved without gezag",
                                                         "%u people involved without gezag",
                                                         people_out), people_out);

      mc_report_add_left_out (copy, what,
                              _("What the file says about other people is theirs, not the requester’s "
                                "(AVG art. 15(4))."));
    }
  if (conversations_out > 0)
    {
      g_autofree char *what = g_strdup_printf (ngettext ("%u conversation held with a person left out",
                                                         "%u conversations held with a person left out",
                                                         conversations_out), conversations_out);

      mc_report_add_left_out (copy, what,
                              _("It would name the person left out (AVG art. 15(4))."));
    }
  if (sources_out > 0)
    {
      g_autofree char *what = g_strdup_printf (ngettext ("Who told %u signal",
                                                         "Who told %u signals", sources_out),
                                               sources_out);

      mc_report_add_left_out (copy, what,
                              _("The informant is a third party and is protected (AVG art. 15(4))."));
    }
  if (requester == MC_REPORT_REQUESTER_PARENT && report->client.age >= INZAGE_DECIDES_AGE)
    mc_report_add_left_out (copy, _("Nothing more, but: the client is 16 or older"),
                            _("From 16 the young person decides about their file: give this copy to "
                              "a parent only with the client’s consent."));

  return g_steal_pointer (&copy);
}
