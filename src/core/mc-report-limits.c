/* mc-report-limits.c: a report held against the limits of mc-limits.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-report"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-report.h"
#include "mc-text.h"

typedef struct
{
  guint     factor;      /* MC_LIMIT_ANONYMISED_FACTOR for an anonymised copy */
  gsize     total;       /* characters so far */
  char     *path;        /* the first field over its limit, as an XML path */
  gsize     length;
  guint     limit;
} Check;

/* The fields are named by their place in the report's XML, which is what a
 * reader of the refused file can look up. */
static void
check_field (Check      *check,
             const char *text,
             McTextKind  kind,
             const char *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
check_field (Check      *check,
             const char *text,
             McTextKind  kind,
             const char *format,
             ...)
{
  gsize length;
  va_list args;

  if (text == NULL)
    return;
  length = mc_text_length (text);
  check->total += length;
  if (check->path != NULL || length <= mc_limit_for_kind (kind) * check->factor)
    return;

  va_start (args, format);
  check->path = g_strdup_vprintf (format, args);
  va_end (args);
  check->length = length;
  check->limit = mc_limit_for_kind (kind) * check->factor;
}

static gboolean
check_count (guint        count,
             guint        limit,
             const char  *path,
             GError     **error)
{
  g_autofree char *count_text = NULL;
  g_autofree char *limit_text = NULL;

  if (count <= limit)
    return TRUE;

  count_text = g_strdup_printf ("%'u", count);
  limit_text = g_strdup_printf ("%'u", limit);
  g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE,
               /* Translators: the first %s is a part of a report as in
                * "signals/signal"; then two numbers. */
               _("The report has “%s” %s times; Meldcode takes at most %s."),
               path, count_text, limit_text);
  return FALSE;
}

static void
check_round (Check               *check,
             const McReportRound *round,
             guint                r)
{
  for (guint i = 0; i < round->questions->len; i++)
    {
      const McReportQuestion *q = g_ptr_array_index (round->questions, i);

      check_field (check, q->id, MC_TEXT_KIND_NAME, "rounds/round[%u]/afwegingskader/question[%u]/@id", r, i + 1);
      check_field (check, q->text, MC_TEXT_KIND_TEXT, "rounds/round[%u]/afwegingskader/question[%u]/text", r, i + 1);
      check_field (check, q->note, MC_TEXT_KIND_TEXT, "rounds/round[%u]/afwegingskader/question[%u]/note", r, i + 1);
    }
  check_field (check, round->outcome.reason, MC_TEXT_KIND_TEXT, "rounds/round[%u]/outcome/reason", r);
  for (guint i = 0; i < round->norms->len; i++)
    {
      const McReportNorm *n = g_ptr_array_index (round->norms, i);

      check_field (check, n->rule_id, MC_TEXT_KIND_NAME, "rounds/round[%u]/meldnormen/*[%u]/@rule", r, i + 1);
      check_field (check, n->text, MC_TEXT_KIND_TEXT, "rounds/round[%u]/meldnormen/*[%u]/text", r, i + 1);
      check_field (check, n->reason, MC_TEXT_KIND_TEXT, "rounds/round[%u]/meldnormen/*[%u]/reason", r, i + 1);
    }
  check_field (check, round->decision.justification, MC_TEXT_KIND_TEXT, "rounds/round[%u]/decision/justification", r);
  check_field (check, round->decision.decided_by_name, MC_TEXT_KIND_NAME, "rounds/round[%u]/decision/decidedBy/name", r);
  check_field (check, round->decision.decided_by_role, MC_TEXT_KIND_NAME, "rounds/round[%u]/decision/decidedBy/role", r);
  check_field (check, round->veilig_thuis.reference, MC_TEXT_KIND_LINE, "rounds/round[%u]/veiligThuis/reference", r);
  check_field (check, round->veilig_thuis.contact, MC_TEXT_KIND_LINE, "rounds/round[%u]/veiligThuis/contact", r);
  check_field (check, round->veilig_thuis.exception, MC_TEXT_KIND_NAME, "rounds/round[%u]/veiligThuis/exception/@id", r);
  check_field (check, round->veilig_thuis.exception_label, MC_TEXT_KIND_LINE, "rounds/round[%u]/veiligThuis/exception", r);
  check_field (check, round->veilig_thuis.client_reaction, MC_TEXT_KIND_TEXT, "rounds/round[%u]/veiligThuis/clientReaction", r);
  check_field (check, round->veilig_thuis.agreements, MC_TEXT_KIND_TEXT, "rounds/round[%u]/veiligThuis/agreements", r);
  check_field (check, round->veilig_thuis.feedback, MC_TEXT_KIND_TEXT, "rounds/round[%u]/veiligThuis/feedback", r);
}

gboolean
mc_report_check_limits (const McReport  *self,
                        GError         **error)
{
  Check check = { 0 };
  guint factor;
  g_autofree char *total_text = NULL;
  g_autofree char *limit_text = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  factor = self->anonymous ? MC_LIMIT_ANONYMISED_FACTOR : 1;
  check.factor = factor;

  if (!check_count (self->people->len, MC_LIMIT_PEOPLE, "people/person", error)
      || !check_count (self->signals->len, MC_LIMIT_SIGNALS, "signals/signal", error)
      || !check_count (self->kindcheck->len, MC_LIMIT_CHECKS, "kindcheck/item", error)
      || !check_count (self->special_forms->len, MC_LIMIT_SPECIAL_FORMS, "specialForms/form", error)
      || !check_count (self->consultations->len, MC_LIMIT_CONSULTATIONS, "consultations/consultation", error)
      || !check_count (self->conversations->len, MC_LIMIT_CONVERSATIONS, "conversations/conversation", error)
      || !check_count (self->agreements->len, MC_LIMIT_AGREEMENTS, "agreements/agreement", error)
      || !check_count (self->rounds->len, MC_LIMIT_ROUNDS, "rounds/round", error)
      || !check_count (self->inzage.access_log->len, MC_LIMIT_ACCESS_ROWS, "inzage/accessLog/access", error)
      || !check_count (self->inzage.left_out->len, MC_LIMIT_LEFT_OUT, "inzage/leftOut", error))
    return FALSE;
  for (guint r = 0; r < self->rounds->len; r++)
    {
      const McReportRound *round = g_ptr_array_index (self->rounds, r);

      if (!check_count (round->questions->len, MC_LIMIT_QUESTIONS, "rounds/round/afwegingskader/question", error)
          || !check_count (round->norms->len, MC_LIMIT_NORMS, "rounds/round/meldnormen/*", error))
        return FALSE;
    }

  check_field (&check, self->case_number, MC_TEXT_KIND_NAME, "case/@number");
  check_field (&check, self->protocol_id, MC_TEXT_KIND_NAME, "protocol/@id");
  check_field (&check, self->protocol_version, MC_TEXT_KIND_NAME, "protocol/@version");
  check_field (&check, self->organisation, MC_TEXT_KIND_LINE, "reporter/organisation");
  check_field (&check, self->author_name, MC_TEXT_KIND_NAME, "reporter/author/name");
  check_field (&check, self->author_role, MC_TEXT_KIND_NAME, "reporter/author/role");
  check_field (&check, self->author_phone, MC_TEXT_KIND_NAME, "reporter/phone");
  check_field (&check, self->author_email, MC_TEXT_KIND_NAME, "reporter/email");
  check_field (&check, self->support_network.text, MC_TEXT_KIND_TEXT, "supportNetwork");
  check_field (&check, self->other_information.text, MC_TEXT_KIND_TEXT, "otherInformation");
  check_field (&check, self->client.name, MC_TEXT_KIND_NAME, "client/name");
  check_field (&check, self->client.number, MC_TEXT_KIND_NAME, "client/clientNumber");

  for (guint i = 0; i < self->people->len; i++)
    {
      const McReportPerson *p = g_ptr_array_index (self->people, i);

      check_field (&check, p->role, MC_TEXT_KIND_NAME, "people/person[%u]/role/@id", i + 1);
      check_field (&check, p->role_label, MC_TEXT_KIND_LINE, "people/person[%u]/role", i + 1);
      check_field (&check, p->name, MC_TEXT_KIND_NAME, "people/person[%u]/name", i + 1);
      check_field (&check, p->relation, MC_TEXT_KIND_LINE, "people/person[%u]/relation", i + 1);
      check_field (&check, p->address, MC_TEXT_KIND_LINE, "people/person[%u]/address", i + 1);
      check_field (&check, p->school, MC_TEXT_KIND_LINE, "people/person[%u]/school", i + 1);
      check_field (&check, p->informed_reaction, MC_TEXT_KIND_TEXT,
                   "people/person[%u]/openMelden/reaction", i + 1);
      check_field (&check, p->informed_exception, MC_TEXT_KIND_NAME,
                   "people/person[%u]/openMelden/exception/@id", i + 1);
      check_field (&check, p->informed_exception_label, MC_TEXT_KIND_LINE,
                   "people/person[%u]/openMelden/exception", i + 1);
    }
  for (guint i = 0; i < self->signals->len; i++)
    {
      const McReportSignal *s = g_ptr_array_index (self->signals, i);

      check_field (&check, s->category, MC_TEXT_KIND_NAME, "signals/signal[%u]/category/@id", i + 1);
      check_field (&check, s->category_label, MC_TEXT_KIND_LINE, "signals/signal[%u]/category", i + 1);
      check_field (&check, s->observer, MC_TEXT_KIND_NAME, "signals/signal[%u]/observer", i + 1);
      check_field (&check, s->source, MC_TEXT_KIND_LINE, "signals/signal[%u]/source", i + 1);
      check_field (&check, s->description, MC_TEXT_KIND_TEXT, "signals/signal[%u]/description", i + 1);
    }
  for (guint i = 0; i < self->special_forms->len; i++)
    {
      const McReportSpecialForm *f = g_ptr_array_index (self->special_forms, i);

      if (!check_count (f->duties->len, MC_LIMIT_DUTIES, "specialForms/form/duty", error))
        return FALSE;
      check_field (&check, f->id, MC_TEXT_KIND_NAME, "specialForms/form[%u]/@id", i + 1);
      check_field (&check, f->name, MC_TEXT_KIND_LINE, "specialForms/form[%u]/name", i + 1);
      check_field (&check, f->advice, MC_TEXT_KIND_TEXT, "specialForms/form[%u]/advice", i + 1);
      for (guint j = 0; j < f->duties->len; j++)
        {
          const McReportDuty *d = g_ptr_array_index (f->duties, j);

          check_field (&check, d->id, MC_TEXT_KIND_NAME, "specialForms/form[%u]/duty[%u]/@id", i + 1, j + 1);
          check_field (&check, d->text, MC_TEXT_KIND_TEXT, "specialForms/form[%u]/duty[%u]", i + 1, j + 1);
        }
    }

  for (guint i = 0; i < self->kindcheck->len; i++)
    {
      const McReportCheck *c = g_ptr_array_index (self->kindcheck, i);

      check_field (&check, c->id, MC_TEXT_KIND_NAME, "kindcheck/item[%u]/@id", i + 1);
      check_field (&check, c->question, MC_TEXT_KIND_TEXT, "kindcheck/item[%u]/question", i + 1);
      check_field (&check, c->answer, MC_TEXT_KIND_TEXT, "kindcheck/item[%u]/answer", i + 1);
    }
  for (guint i = 0; i < self->consultations->len; i++)
    {
      const McReportConsultation *c = g_ptr_array_index (self->consultations, i);

      check_field (&check, c->role, MC_TEXT_KIND_NAME, "consultations/consultation[%u]/role/@id", i + 1);
      check_field (&check, c->role_label, MC_TEXT_KIND_LINE, "consultations/consultation[%u]/role", i + 1);
      check_field (&check, c->consultee, MC_TEXT_KIND_NAME, "consultations/consultation[%u]/consultee", i + 1);
      check_field (&check, c->advice, MC_TEXT_KIND_TEXT, "consultations/consultation[%u]/advice", i + 1);
    }
  for (guint i = 0; i < self->conversations->len; i++)
    {
      const McReportConversation *c = g_ptr_array_index (self->conversations, i);

      check_field (&check, c->with_whom, MC_TEXT_KIND_LINE, "conversations/conversation[%u]/held/withWhom", i + 1);
      check_field (&check, c->discussed, MC_TEXT_KIND_TEXT, "conversations/conversation[%u]/held/discussed", i + 1);
      check_field (&check, c->reaction, MC_TEXT_KIND_TEXT, "conversations/conversation[%u]/held/reaction", i + 1);
      check_field (&check, c->reason, MC_TEXT_KIND_NAME, "conversations/conversation[%u]/notHeld/reason/@id", i + 1);
      check_field (&check, c->reason_label, MC_TEXT_KIND_LINE, "conversations/conversation[%u]/notHeld/reason", i + 1);
      check_field (&check, c->explanation, MC_TEXT_KIND_TEXT, "conversations/conversation[%u]/notHeld/explanation", i + 1);
    }
  check_field (&check, self->weighing.instrument, MC_TEXT_KIND_LINE, "weighing/instrument");
  check_field (&check, self->weighing.instrument_result, MC_TEXT_KIND_LINE, "weighing/instrumentResult");
  check_field (&check, self->weighing.notes, MC_TEXT_KIND_TEXT, "weighing/notes");
  for (guint r = 0; r < self->rounds->len; r++)
    check_round (&check, g_ptr_array_index (self->rounds, r), r + 1);
  for (guint i = 0; i < self->agreements->len; i++)
    {
      const McReportAgreement *a = g_ptr_array_index (self->agreements, i);

      check_field (&check, a->description, MC_TEXT_KIND_TEXT, "agreements/agreement[%u]/description", i + 1);
      check_field (&check, a->owner_name, MC_TEXT_KIND_NAME, "agreements/agreement[%u]/ownerName", i + 1);
      check_field (&check, a->owner_role, MC_TEXT_KIND_NAME, "agreements/agreement[%u]/ownerRole", i + 1);
      check_field (&check, a->state_note, MC_TEXT_KIND_TEXT, "agreements/agreement[%u]/stateNote", i + 1);
    }
  check_field (&check, self->closing.reason, MC_TEXT_KIND_NAME, "closing/reason/@id");
  check_field (&check, self->closing.reason_label, MC_TEXT_KIND_LINE, "closing/reason");
  check_field (&check, self->closing.note, MC_TEXT_KIND_TEXT, "closing/note");
  check_field (&check, self->closing.closed_by, MC_TEXT_KIND_NAME, "closing/closedBy");

  /* The access log: each field held to its kind, none to the total. */
  {
    gsize total = check.total;

    for (guint i = 0; i < self->inzage.left_out->len; i++)
      {
        const McReportLeftOut *l = g_ptr_array_index (self->inzage.left_out, i);

        check_field (&check, l->what, MC_TEXT_KIND_TEXT, "inzage/leftOut[%u]/what", i + 1);
        check_field (&check, l->why, MC_TEXT_KIND_TEXT, "inzage/leftOut[%u]/why", i + 1);
      }
    for (guint i = 0; i < self->inzage.access_log->len; i++)
      {
        const McReportAccess *a = g_ptr_array_index (self->inzage.access_log, i);

        check_field (&check, a->at, MC_TEXT_KIND_NAME, "inzage/accessLog/access[%u]/@at", i + 1);
        check_field (&check, a->user, MC_TEXT_KIND_NAME, "inzage/accessLog/access[%u]/@user", i + 1);
        check_field (&check, a->role, MC_TEXT_KIND_NAME, "inzage/accessLog/access[%u]/@role", i + 1);
        check_field (&check, a->action, MC_TEXT_KIND_NAME, "inzage/accessLog/access[%u]/@action", i + 1);
        check_field (&check, a->subject, MC_TEXT_KIND_LINE, "inzage/accessLog/access[%u]/@subject", i + 1);
      }
    check.total = total;
  }

  if (check.path != NULL)
    {
      g_autofree char *path = g_steal_pointer (&check.path);
      g_autofree char *length_text = g_strdup_printf ("%'" G_GSIZE_FORMAT, check.length);

      limit_text = g_strdup_printf ("%'u", check.limit);
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE,
                   /* Translators: the first %s is a part of a report as in
                    * "client/name"; then two numbers. */
                   _("“%s” holds %s characters; Meldcode takes at most %s there."),
                   path, length_text, limit_text);
      return FALSE;
    }

  if (check.total > (gsize) MC_LIMIT_REPORT_CHARS * factor)
    {
      total_text = g_strdup_printf ("%'" G_GSIZE_FORMAT, check.total);
      limit_text = g_strdup_printf ("%'u", (guint) MC_LIMIT_REPORT_CHARS * factor);
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE,
                   _("The report holds %s characters of text; Meldcode takes at most %s in one report."),
                   total_text, limit_text);
      return FALSE;
    }

  return TRUE;
}
