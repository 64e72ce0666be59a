/* mc-report-xml.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-report"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <string.h>

#include "mc-dates.h"
#include "mc-limits.h"
#include "mc-report-xml.h"
#include "mc-xml-guard.h"

#define SCHEMA_RESOURCE_1 "/nl/ambiq/Meldcode/core/report/meldcode-report.xsd"
#define SCHEMA_RESOURCE_2 "/nl/ambiq/Meldcode/core/report/meldcode-report-2.xsd"
#define NAMESPACE_STEM    "urn:nl.ambiq.meldcode:report:"
#define READ_CHUNK        (64 * 1024)

/* The format versions this code reads; it writes the last. */
#define FIRST_VERSION 1
#define LAST_VERSION  2

/* The schemas */

static void
ignore_structured_error (void        *user_data,
                         xmlErrorPtr  error)
{
}

static xmlSchemaPtr
compile_schema (const char *resource)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  xmlSchemaParserCtxtPtr parser;
  xmlSchemaPtr compiled;
  gsize size;
  const char *data;

  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The report schema is missing from the resources: %s", error->message);
  data = g_bytes_get_data (bytes, &size);

  parser = xmlSchemaNewMemParserCtxt (data, (int) size);
  xmlSchemaSetParserStructuredErrors (parser, ignore_structured_error, NULL);
  compiled = xmlSchemaParse (parser);
  xmlSchemaFreeParserCtxt (parser);
  if (compiled == NULL)
    g_error ("The report schema %s does not compile", resource);

  return compiled;
}

/* The schema of format @version, compiled once; a compiled schema may be
 * shared by validation contexts in any thread. */
static xmlSchemaPtr
get_schema (guint version)
{
  static xmlSchemaPtr schemas[LAST_VERSION + 1];
  static gsize initialized;

  g_assert (version >= FIRST_VERSION && version <= LAST_VERSION);

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      schemas[1] = compile_schema (SCHEMA_RESOURCE_1);
      schemas[2] = compile_schema (SCHEMA_RESOURCE_2);
      g_once_init_leave (&initialized, 1);
    }

  return schemas[version];
}

typedef struct
{
  gboolean    failed;
  int         line;
  xmlNodePtr  node;
  int         code;
  /* A text over its maxLength facet: its length and the facet's. */
  char        length[24];
  char        max_length[24];
} SchemaFailure;

static void
on_schema_error (void        *user_data,
                 xmlErrorPtr  error)
{
  SchemaFailure *failure = user_data;

  /* The first error is the cause; later ones tend to follow from it. */
  if (failure->failed)
    return;

  failure->failed = TRUE;
  failure->line = error->line;
  failure->node = error->node;
  failure->code = error->code;
  /* Numbers only: a facet error also carries the refused value. */
  if (error->code == XML_SCHEMAV_CVC_MAXLENGTH_VALID && error->str1 != NULL && error->str2 != NULL
      && strspn (error->str1, "0123456789") == strlen (error->str1)
      && strspn (error->str2, "0123456789") == strlen (error->str2))
    {
      g_strlcpy (failure->length, error->str1, sizeof failure->length);
      g_strlcpy (failure->max_length, error->str2, sizeof failure->max_length);
    }
  g_debug ("Schema: line %d: %s", error->line, error->message != NULL ? error->message : "");
}

static gboolean
validate (xmlDocPtr      doc,
          guint          version,
          SchemaFailure *failure)
{
  xmlSchemaValidCtxtPtr context = xmlSchemaNewValidCtxt (get_schema (version));
  int result;

  memset (failure, 0, sizeof *failure);
  xmlSchemaSetValidStructuredErrors (context, on_schema_error, failure);
  result = xmlSchemaValidateDoc (context, doc);
  xmlSchemaFreeValidCtxt (context);

  if (result != 0)
    failure->failed = TRUE;
  return result == 0;
}

/* "client/name": where the writer went wrong, for a message. */
static char *
node_path (xmlNodePtr node)
{
  GString *path = g_string_new (NULL);

  for (; node != NULL && node->type == XML_ELEMENT_NODE; node = node->parent)
    {
      if (node->parent == NULL || node->parent->type != XML_ELEMENT_NODE)
        break;
      if (path->len > 0)
        g_string_prepend_c (path, '/');
      g_string_prepend (path, (const char *) node->name);
    }
  if (path->len == 0)
    g_string_assign (path, "report");

  return g_string_free (path, FALSE);
}

/* Writing */

static const char *
answer_to_string (McReportAnswer answer)
{
  switch (answer)
    {
    case MC_REPORT_ANSWER_YES:
      return "yes";
    case MC_REPORT_ANSWER_NO:
      return "no";
    case MC_REPORT_ANSWER_UNANSWERED:
    default:
      return "unanswered";
    }
}

static xmlNodePtr
add_element (xmlNodePtr  parent,
             const char *name)
{
  return xmlNewChild (parent, NULL, BAD_CAST name, NULL);
}

/* xmlNewTextChild() escapes "<", "&" and the rest; NULL gives an empty
 * element, which the schema refuses where the text is required. */
static xmlNodePtr
add_text (xmlNodePtr  parent,
          const char *name,
          const char *text)
{
  return xmlNewTextChild (parent, NULL, BAD_CAST name, BAD_CAST text);
}

static void
add_optional_text (xmlNodePtr  parent,
                   const char *name,
                   const char *text)
{
  if (text != NULL)
    add_text (parent, name, text);
}

static void
add_optional_age (xmlNodePtr  parent,
                  const char *name,
                  int         age)
{
  char buffer[16];

  if (age < 0)
    return;
  g_snprintf (buffer, sizeof buffer, "%d", age);
  add_text (parent, name, buffer);
}

static void
set_attribute (xmlNodePtr  node,
               const char *name,
               const char *value)
{
  /* xmlNewProp() keeps the value as text, so "&" is never read as an
   * entity reference. */
  xmlNewProp (node, BAD_CAST name, BAD_CAST (value != NULL ? value : ""));
}

static void
add_labelled_id (xmlNodePtr  parent,
                 const char *name,
                 const char *id,
                 const char *label)
{
  xmlNodePtr node = add_text (parent, name, label);

  set_attribute (node, "id", id);
}

static void
add_professional (xmlNodePtr  parent,
                  const char *element,
                  const char *name,
                  const char *role)
{
  xmlNodePtr node = add_element (parent, element);

  add_text (node, "name", name);
  add_optional_text (node, "role", role);
}

static void
add_optional_date_attribute (xmlNodePtr  node,
                             const char *name,
                             const char *date)
{
  if (date != NULL)
    set_attribute (node, name, date);
}

/* Only a mark that is there is written: an unmarked part reads as before. */
static void
mark_not_for_family (xmlNodePtr node,
                     gboolean   not_for_family)
{
  if (not_for_family)
    set_attribute (node, "notForFamily", "true");
}

static void
add_section (xmlNodePtr                 parent,
             const char                *name,
             const McReportSectionText *section)
{
  if (section->text == NULL)
    return;
  mark_not_for_family (add_text (parent, name, section->text), section->not_for_family);
}

static char *
person_id (guint index)
{
  return g_strdup_printf ("person-%u", index + 1);
}

static void
add_round (xmlNodePtr           parent,
           const McReportRound *round)
{
  xmlNodePtr node = add_element (parent, "round");
  xmlNodePtr list;
  xmlNodePtr item;
  char number[16];

  g_snprintf (number, sizeof number, "%u", round->number);
  set_attribute (node, "number", number);
  set_attribute (node, "kind", mc_report_round_kind_to_id (round->kind));

  list = add_element (node, "afwegingskader");
  for (guint i = 0; i < round->questions->len; i++)
    {
      const McReportQuestion *question = g_ptr_array_index (round->questions, i);

      item = add_element (list, "question");
      set_attribute (item, "id", question->id);
      if (question->skipped)
        set_attribute (item, "skipped", "true");
      if (question->from_round > 0)
        {
          char from[16];

          g_snprintf (from, sizeof from, "%u", question->from_round);
          set_attribute (item, "fromRound", from);
        }
      add_text (item, "text", question->text);
      add_text (item, "answer", answer_to_string (question->answer));
      add_optional_text (item, "note", question->note);
    }

  item = add_element (node, "outcome");
  add_text (item, "reportNeeded", answer_to_string (round->outcome.report_needed));
  add_text (item, "helpPossible", answer_to_string (round->outcome.help_possible));
  add_optional_text (item, "reason", round->outcome.reason);

  list = add_element (node, "meldnormen");
  for (guint i = 0; i < round->norms->len; i++)
    {
      const McReportNorm *norm = g_ptr_array_index (round->norms, i);

      item = add_element (list, norm->reason != NULL ? "overridden" : "broken");
      set_attribute (item, "rule", norm->rule_id);
      add_optional_text (item, "text", norm->text);
      add_optional_text (item, "reason", norm->reason);
    }

  item = add_element (node, "decision");
  add_text (item, "reportNeeded", answer_to_string (round->decision.report_needed));
  add_text (item, "helpPossible", answer_to_string (round->decision.help_possible));
  add_optional_text (item, "justification", round->decision.justification);
  if (round->decision.decided_by_name != NULL)
    add_professional (item, "decidedBy", round->decision.decided_by_name,
                      round->decision.decided_by_role);
  add_optional_text (item, "decidedOn", round->decision.decided_on);
  add_optional_text (item, "evaluationOn", round->decision.evaluation_on);

  item = add_element (node, "veiligThuis");
  add_optional_text (item, "reportedOn", round->veilig_thuis.reported_on);
  add_optional_text (item, "method", mc_report_method_to_id (round->veilig_thuis.method));
  add_optional_text (item, "reference", round->veilig_thuis.reference);
  add_optional_text (item, "contact", round->veilig_thuis.contact);
  add_text (item, "clientInformed", answer_to_string (round->veilig_thuis.client_informed));
  if (round->veilig_thuis.exception != NULL)
    add_labelled_id (item, "exception", round->veilig_thuis.exception,
                     round->veilig_thuis.exception_label);
  add_optional_text (item, "clientReaction", round->veilig_thuis.client_reaction);
  add_optional_text (item, "response", mc_report_vt_response_to_id (round->veilig_thuis.response));
  add_optional_text (item, "agreements", round->veilig_thuis.agreements);
  add_optional_text (item, "feedbackOn", round->veilig_thuis.feedback_on);
  add_optional_text (item, "feedback", round->veilig_thuis.feedback);
}

static xmlDocPtr
build_document (const McReport *report)
{
  xmlDocPtr doc = xmlNewDoc (BAD_CAST "1.0");
  xmlNodePtr root;
  xmlNodePtr node;
  xmlNodePtr list;
  xmlNsPtr ns;
  g_autofree char *created = NULL;

  root = xmlNewDocNode (doc, NULL, BAD_CAST "report", NULL);
  xmlDocSetRootElement (doc, root);
  ns = xmlNewNs (root, BAD_CAST MC_REPORT_XML_NAMESPACE, NULL);
  xmlSetNs (root, ns);
  set_attribute (root, "version", MC_REPORT_XML_VERSION);
  set_attribute (root, "anonymous", report->anonymous ? "true" : "false");
  if (report->family_copy)
    set_attribute (root, "familyCopy", "true");

  node = add_element (root, "case");
  set_attribute (node, "number", report->case_number);
  set_attribute (node, "status", report->status == MC_REPORT_STATUS_CLOSED ? "closed" : "open");

  node = add_element (root, "protocol");
  set_attribute (node, "id", report->protocol_id);
  set_attribute (node, "version", report->protocol_version);

  created = g_date_time_format (report->created_at, "%Y-%m-%dT%H:%M:%SZ");
  add_text (root, "created", created);

  node = add_element (root, "reporter");
  add_text (node, "organisation", report->organisation);
  add_professional (node, "author", report->author_name, report->author_role);
  add_optional_text (node, "phone", report->author_phone);
  add_optional_text (node, "email", report->author_email);

  node = add_element (root, "client");
  add_text (node, "name", report->client.name);
  add_optional_text (node, "clientNumber", report->client.number);
  add_optional_text (node, "birthDate", report->client.birth_date);
  add_optional_age (node, "age", report->client.age);

  list = add_element (root, "people");
  for (guint i = 0; i < report->people->len; i++)
    {
      const McReportPerson *person = g_ptr_array_index (report->people, i);
      g_autofree char *id = person_id (i);

      node = add_element (list, "person");
      set_attribute (node, "id", id);
      add_labelled_id (node, "role", person->role, person->role_label);
      add_optional_text (node, "name", person->name);
      add_optional_text (node, "birthDate", person->birth_date);
      add_optional_age (node, "age", person->age);
      add_optional_text (node, "relation", person->relation);
      add_optional_text (node, "address", person->address);
      if (person->gezag != MC_REPORT_ANSWER_UNANSWERED)
        add_text (node, "gezag", answer_to_string (person->gezag));
      add_optional_text (node, "school", person->school);
      if (person->informed != MC_REPORT_ANSWER_UNANSWERED || person->informed_on != NULL
          || person->informed_reaction != NULL || person->informed_exception != NULL)
        {
          xmlNodePtr open = add_element (node, "openMelden");

          add_text (open, "informed", answer_to_string (person->informed));
          add_optional_text (open, "informedOn", person->informed_on);
          add_optional_text (open, "reaction", person->informed_reaction);
          if (person->informed_exception != NULL)
            add_labelled_id (open, "exception", person->informed_exception,
                             person->informed_exception_label);
        }
      mark_not_for_family (node, person->not_for_family);
    }

  add_section (root, "supportNetwork", &report->support_network);
  add_section (root, "otherInformation", &report->other_information);

  list = add_element (root, "signals");
  for (guint i = 0; i < report->signals->len; i++)
    {
      const McReportSignal *signal = g_ptr_array_index (report->signals, i);

      node = add_element (list, "signal");
      set_attribute (node, "nature",
                     signal->nature == MC_REPORT_NATURE_INTERPRETATION ? "interpretation" : "fact");
      mark_not_for_family (node, signal->not_for_family);
      add_optional_text (node, "date", signal->observed_on);
      if (signal->category != NULL)
        add_labelled_id (node, "category", signal->category, signal->category_label);
      add_optional_text (node, "observer", signal->observer);
      add_optional_text (node, "source", signal->source);
      add_text (node, "description", signal->description);
      if (signal->status != MC_REPORT_SIGNAL_STATUS_NONE)
        add_optional_date_attribute (add_text (node, "status",
                                               mc_report_signal_status_to_id (signal->status)),
                                     "on", signal->status_on);
    }

  list = add_element (root, "kindcheck");
  for (guint i = 0; i < report->kindcheck->len; i++)
    {
      const McReportCheck *check = g_ptr_array_index (report->kindcheck, i);

      node = add_element (list, "item");
      set_attribute (node, "id", check->id);
      add_text (node, "question", check->question);
      add_optional_text (node, "answer", check->answer);
    }

  /* The special forms suspected, with their own route's duties. */
  if (report->special_forms->len > 0)
    {
      list = add_element (root, "specialForms");
      for (guint i = 0; i < report->special_forms->len; i++)
        {
          const McReportSpecialForm *form = g_ptr_array_index (report->special_forms, i);

          node = add_element (list, "form");
          set_attribute (node, "id", form->id);
          add_text (node, "name", form->name);
          add_optional_text (node, "advice", form->advice);
          for (guint j = 0; j < form->duties->len; j++)
            {
              const McReportDuty *duty = g_ptr_array_index (form->duties, j);
              xmlNodePtr duty_node = add_text (node, "duty", duty->text);

              set_attribute (duty_node, "id", duty->id);
              if (duty->done != NULL)
                set_attribute (duty_node, "done", duty->done);
            }
        }
    }

  list = add_element (root, "consultations");
  for (guint i = 0; i < report->consultations->len; i++)
    {
      const McReportConsultation *consultation = g_ptr_array_index (report->consultations, i);

      node = add_element (list, "consultation");
      set_attribute (node, "anonymous", consultation->anonymous ? "true" : "false");
      add_optional_text (node, "date", consultation->consulted_on);
      add_labelled_id (node, "role", consultation->role, consultation->role_label);
      add_optional_text (node, "consultee", consultation->consultee);
      add_optional_text (node, "advice", consultation->advice);
    }

  list = add_element (root, "conversations");
  for (guint i = 0; i < report->conversations->len; i++)
    {
      const McReportConversation *conversation = g_ptr_array_index (report->conversations, i);
      xmlNodePtr item = add_element (list, "conversation");

      if (conversation->person >= 0)
        {
          g_autofree char *id = person_id ((guint) conversation->person);

          set_attribute (item, "person", id);
        }
      mark_not_for_family (item, conversation->not_for_family);
      if (conversation->state == MC_REPORT_CONVERSATION_NOT_HELD)
        {
          node = add_element (item, "notHeld");
          add_labelled_id (node, "reason", conversation->reason, conversation->reason_label);
          add_optional_text (node, "explanation", conversation->explanation);
        }
      else
        {
          node = add_element (item, "held");
          add_optional_text (node, "date", conversation->held_on);
          add_optional_text (node, "withWhom", conversation->with_whom);
          add_optional_text (node, "discussed", conversation->discussed);
          add_optional_text (node, "reaction", conversation->reaction);
        }
    }

  node = add_element (root, "weighing");
  add_text (node, "acute", answer_to_string (report->weighing.acute));
  add_text (node, "structural", answer_to_string (report->weighing.structural));
  add_optional_text (node, "instrument", report->weighing.instrument);
  add_optional_text (node, "instrumentResult", report->weighing.instrument_result);
  add_optional_text (node, "notes", report->weighing.notes);

  list = add_element (root, "rounds");
  for (guint i = 0; i < report->rounds->len; i++)
    add_round (list, g_ptr_array_index (report->rounds, i));

  list = add_element (root, "followUp");
  for (guint i = 0; i < report->agreements->len; i++)
    {
      const McReportAgreement *agreement = g_ptr_array_index (report->agreements, i);

      node = add_element (list, "agreement");
      set_attribute (node, "state", mc_report_agreement_state_to_id (agreement->state));
      add_text (node, "description", agreement->description);
      add_optional_text (node, "due", agreement->due_on);
      add_optional_text (node, "ownerName", agreement->owner_name);
      add_optional_text (node, "ownerRole", agreement->owner_role);
      add_optional_text (node, "stateNote", agreement->state_note);
      add_optional_text (node, "checkedOn", agreement->checked_on);
    }

  if (report->closing.closed_on != NULL || report->closing.reason != NULL
      || report->closing.note != NULL || report->closing.closed_by != NULL)
    {
      node = add_element (root, "closing");
      add_optional_text (node, "closedOn", report->closing.closed_on);
      if (report->closing.reason != NULL)
        add_labelled_id (node, "reason", report->closing.reason, report->closing.reason_label);
      add_optional_text (node, "note", report->closing.note);
      add_optional_text (node, "closedBy", report->closing.closed_by);
    }

  if (report->inzage.requester != MC_REPORT_REQUESTER_NONE)
    {
      node = add_element (root, "inzage");
      set_attribute (node, "requester", mc_report_requester_to_id (report->inzage.requester));
      for (guint i = 0; i < report->inzage.left_out->len; i++)
        {
          const McReportLeftOut *left_out = g_ptr_array_index (report->inzage.left_out, i);
          xmlNodePtr item = add_element (node, "leftOut");

          add_text (item, "what", left_out->what);
          add_text (item, "why", left_out->why);
        }
      list = add_element (node, "accessLog");
      for (guint i = 0; i < report->inzage.access_log->len; i++)
        {
          const McReportAccess *access = g_ptr_array_index (report->inzage.access_log, i);
          xmlNodePtr item = add_element (list, "access");

          set_attribute (item, "at", access->at);
          if (access->user != NULL)
            set_attribute (item, "user", access->user);
          if (access->role != NULL)
            set_attribute (item, "role", access->role);
          set_attribute (item, "action", access->action);
          if (access->subject != NULL)
            set_attribute (item, "subject", access->subject);
        }
    }

  return doc;
}

GBytes *
mc_report_to_xml (const McReport  *report,
                  GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  xmlDocPtr doc;
  xmlChar *buffer = NULL;
  int size = 0;
  SchemaFailure failure;
  GBytes *bytes;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* What is written must import again: the limits bound its size. */
  if (!mc_report_check_limits (report, &local_error))
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE,
                   _("The report cannot be written: %s"), local_error->message);
      return NULL;
    }

  doc = build_document (report);

  if (!validate (doc, LAST_VERSION, &failure))
    {
      g_autofree char *where = node_path (failure.node);

      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                   /* Translators: %s names the part of the report, as in
                    * "client/name". */
                   _("The report is incomplete: “%s” is missing or not valid."), where);
      xmlFreeDoc (doc);
      return NULL;
    }

  xmlDocDumpFormatMemoryEnc (doc, &buffer, &size, "UTF-8", 1);
  xmlFreeDoc (doc);
  if (buffer == NULL)
    g_error ("Out of memory while writing a report");

  /* The limits are chosen so that this never happens (test-limits proves
   * it); should they be wrong, no file that its own import refuses is
   * written. */
  if ((gsize) size > MC_REPORT_XML_MAX_SIZE)
    {
      xmlFree (buffer);
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE,
                   _("The report cannot be written: it would be larger than %u MiB."),
                   MC_REPORT_XML_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  bytes = g_bytes_new (buffer, size);
  xmlFree (buffer);
  return bytes;
}

gboolean
mc_report_write_xml (const McReport  *report,
                     const char      *path,
                     GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = mc_report_to_xml (report, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents_full (path, data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_IO,
                   _("Cannot write “%s”: %s"), display, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Reading */

typedef struct
{
  McXmlDoctypeStop doctype;     /* first: mc_xml_guard_install() */
  int              error_line;  /* of the first error, 0 before one */
} ParseGuard;

/* libxml2's own words are never shown: its generic handler prints an
 * excerpt of the offending line to stderr (client data, for a report), and
 * some errors (a huge text node) reach it despite XML_PARSE_NOERROR. Only
 * the line is kept. */
static void
on_parse_error (void        *user_data,
                xmlErrorPtr  xml_error)
{
  ParseGuard *guard = user_data;

  if (guard->error_line == 0 && xml_error != NULL && xml_error->level >= XML_ERR_ERROR)
    guard->error_line = xml_error->line > 0 ? xml_error->line : 1;
}

static void
on_parser_structured_error (void        *ctx,
                            xmlErrorPtr  xml_error)
{
  xmlParserCtxtPtr parser = ctx;

  on_parse_error (parser->_private, xml_error);
}


static xmlNodePtr
first_child (xmlNodePtr  node,
             const char *name)
{
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && strcmp ((const char *) child->name, name) == 0)
      return child;
  return NULL;
}

/* The text of a child element, NULL when it is absent. */
static char *
child_text (xmlNodePtr  node,
            const char *name)
{
  xmlNodePtr child = first_child (node, name);
  xmlChar *content;
  char *text;

  if (child == NULL)
    return NULL;

  content = xmlNodeGetContent (child);
  text = g_strdup ((const char *) content);
  xmlFree (content);
  return text;
}

static char *
attribute (xmlNodePtr  node,
           const char *name)
{
  xmlChar *value;
  char *text;

  if (node == NULL)
    return NULL;

  value = xmlGetNoNsProp (node, BAD_CAST name);
  text = g_strdup ((const char *) value);
  xmlFree (value);
  return text;
}

static gboolean
attribute_is_true (xmlNodePtr  node,
                   const char *name)
{
  g_autofree char *value = attribute (node, name);

  return g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "1") == 0;
}

static McReportAnswer
child_answer (xmlNodePtr  node,
              const char *name)
{
  g_autofree char *text = child_text (node, name);

  if (g_strcmp0 (text, "yes") == 0)
    return MC_REPORT_ANSWER_YES;
  if (g_strcmp0 (text, "no") == 0)
    return MC_REPORT_ANSWER_NO;
  return MC_REPORT_ANSWER_UNANSWERED;
}

static int
child_age (xmlNodePtr  node,
           const char *name)
{
  g_autofree char *text = child_text (node, name);
  gint64 age;

  /* The schema allows 0 to 150 only. */
  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, 150, &age, NULL))
    return MC_REPORT_AGE_UNKNOWN;
  return (int) age;
}

typedef struct
{
  const char *display_name;
  GError    **error;
  guint       rounds_read;
} Reader;

/* The schema checks the pattern; a date must also exist in the calendar as
 * the rest of Meldcode counts it. */
static gboolean
child_date (Reader      *reader,
            xmlNodePtr   node,
            const char  *name,
            char       **date)
{
  g_autofree char *text = child_text (node, name);
  GDate parsed;

  g_date_clear (&parsed, 1);
  if (text != NULL && !mc_date_from_iso8601 (text, &parsed))
    {
      g_set_error (reader->error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                   _("“%s” is not a valid Meldcode report: the date “%s” on line %ld does not exist."),
                   reader->display_name, text, xmlGetLineNo (first_child (node, name)));
      return FALSE;
    }

  *date = g_steal_pointer (&text);
  return TRUE;
}

/* The parts versions 1 and 2 share, from the case to the consultations
 * and the weighing. @person_ids (version 2) maps a person's id to its
 * index. */
/* A date in an attribute, as child_date() for an element. */
static gboolean
attribute_date (Reader      *reader,
                xmlNodePtr   node,
                const char  *name,
                char       **date)
{
  g_autofree char *text = attribute (node, name);
  GDate parsed;

  g_date_clear (&parsed, 1);
  if (text != NULL && !mc_date_from_iso8601 (text, &parsed))
    {
      g_set_error (reader->error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                   _("“%s” is not a valid Meldcode report: the date “%s” on line %ld does not exist."),
                   reader->display_name, text, xmlGetLineNo (node));
      return FALSE;
    }

  *date = g_steal_pointer (&text);
  return TRUE;
}

/* What version 2 adds to a person since issue 15 (absent in older files). */
static gboolean
read_person_details (Reader     *reader,
                     xmlNodePtr  node,
                     McReport   *report)
{
  g_autofree char *address = child_text (node, "address");
  g_autofree char *school = child_text (node, "school");
  guint index = report->people->len - 1;
  xmlNodePtr open = first_child (node, "openMelden");

  mc_report_set_person_details (report, index, address, child_answer (node, "gezag"), school);
  if (open != NULL)
    {
      g_autofree char *informed_on = NULL;
      g_autofree char *reaction = child_text (open, "reaction");
      g_autofree char *exception = attribute (first_child (open, "exception"), "id");
      g_autofree char *exception_label = child_text (open, "exception");

      if (!child_date (reader, open, "informedOn", &informed_on))
        return FALSE;
      mc_report_set_person_informed (report, index, child_answer (open, "informed"),
                                     informed_on, reaction, exception, exception_label);
    }
  if (attribute_is_true (node, "notForFamily"))
    mc_report_mark_not_for_family (report, MC_REPORT_PART_PERSON, index);
  return TRUE;
}

static void
read_section (xmlNodePtr       root,
              const char      *name,
              McReport        *report,
              McReportSection  section)
{
  xmlNodePtr node = first_child (root, name);
  g_autofree char *text = child_text (root, name);

  if (node != NULL)
    mc_report_set_section (report, section, text, attribute_is_true (node, "notForFamily"));
}

static gboolean
read_common (Reader      *reader,
             xmlNodePtr   root,
             McReport    *report,
             GHashTable  *person_ids)
{
  g_autofree char *case_number = NULL;
  g_autofree char *status = NULL;
  g_autofree char *protocol_id = NULL;
  g_autofree char *protocol_version = NULL;
  g_autofree char *created = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *client_name = NULL;
  g_autofree char *client_number = NULL;
  g_autofree char *client_birth = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  xmlNodePtr node;
  xmlNodePtr author;

  report->anonymous = attribute_is_true (root, "anonymous");
  report->family_copy = attribute_is_true (root, "familyCopy");

  node = first_child (root, "case");
  case_number = attribute (node, "number");
  status = attribute (node, "status");
  mc_report_set_case (report, case_number,
                      g_strcmp0 (status, "closed") == 0 ? MC_REPORT_STATUS_CLOSED
                                                        : MC_REPORT_STATUS_OPEN);

  node = first_child (root, "protocol");
  protocol_id = attribute (node, "id");
  protocol_version = attribute (node, "version");
  mc_report_set_protocol (report, protocol_id, protocol_version);

  created = child_text (root, "created");
  created_at = g_date_time_new_from_iso8601 (created, NULL);
  if (created_at == NULL)
    {
      g_set_error (reader->error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                   _("“%s” is not a valid Meldcode report: the time “%s” on line %ld does not exist."),
                   reader->display_name, created, xmlGetLineNo (first_child (root, "created")));
      return FALSE;
    }
  mc_report_set_created_at (report, created_at);

  node = first_child (root, "reporter");
  author = first_child (node, "author");
  organisation = child_text (node, "organisation");
  {
    g_autofree char *name = child_text (author, "name");
    g_autofree char *role = child_text (author, "role");

    g_autofree char *phone = child_text (node, "phone");
    g_autofree char *email = child_text (node, "email");

    mc_report_set_author (report, organisation, name, role);
    mc_report_set_author_contact (report, phone, email);
  }

  node = first_child (root, "client");
  client_name = child_text (node, "name");
  client_number = child_text (node, "clientNumber");
  if (!child_date (reader, node, "birthDate", &client_birth))
    return FALSE;
  mc_report_set_client (report, client_name, client_number, client_birth,
                        child_age (node, "age"));

  for (node = first_child (root, "people")->children; node != NULL; node = node->next)
    {
      g_autofree char *role = NULL;
      g_autofree char *role_label = NULL;
      g_autofree char *name = NULL;
      g_autofree char *birth = NULL;
      g_autofree char *relation = NULL;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      role = attribute (first_child (node, "role"), "id");
      role_label = child_text (node, "role");
      name = child_text (node, "name");
      relation = child_text (node, "relation");
      if (!child_date (reader, node, "birthDate", &birth))
        return FALSE;
      /* The schema makes the ids unique. */
      if (person_ids != NULL)
        g_hash_table_insert (person_ids, attribute (node, "id"),
                             GINT_TO_POINTER (report->people->len));
      mc_report_add_person (report, role, role_label, name, birth,
                            child_age (node, "age"), relation);
      if (!read_person_details (reader, node, report))
        return FALSE;
    }

  read_section (root, "supportNetwork", report, MC_REPORT_SECTION_SUPPORT_NETWORK);
  read_section (root, "otherInformation", report, MC_REPORT_SECTION_OTHER_INFORMATION);

  for (node = first_child (root, "signals")->children; node != NULL; node = node->next)
    {
      g_autofree char *nature = NULL;
      g_autofree char *date = NULL;
      g_autofree char *category = NULL;
      g_autofree char *category_label = NULL;
      g_autofree char *observer = NULL;
      g_autofree char *source = NULL;
      g_autofree char *description = NULL;
      g_autofree char *status_id = NULL;
      g_autofree char *status_on = NULL;
      McReportSignalStatus signal_status = MC_REPORT_SIGNAL_STATUS_NONE;
      xmlNodePtr status_node;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      nature = attribute (node, "nature");
      if (!child_date (reader, node, "date", &date))
        return FALSE;
      category = attribute (first_child (node, "category"), "id");
      category_label = child_text (node, "category");
      observer = child_text (node, "observer");
      source = child_text (node, "source");
      description = child_text (node, "description");
      if ((status_node = first_child (node, "status")) != NULL)
        {
          status_id = child_text (node, "status");
          /* The schema allows only the known ids. */
          mc_report_signal_status_from_id (status_id, &signal_status);
          if (!attribute_date (reader, status_node, "on", &status_on))
            return FALSE;
        }
      mc_report_add_signal (report, date, category, category_label,
                            g_strcmp0 (nature, "interpretation") == 0
                              ? MC_REPORT_NATURE_INTERPRETATION : MC_REPORT_NATURE_FACT,
                            observer, source, description, signal_status, status_on);
      if (attribute_is_true (node, "notForFamily"))
        mc_report_mark_not_for_family (report, MC_REPORT_PART_SIGNAL, report->signals->len - 1);
    }

  for (node = first_child (root, "kindcheck")->children; node != NULL; node = node->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *question = NULL;
      g_autofree char *answer = NULL;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      id = attribute (node, "id");
      question = child_text (node, "question");
      answer = child_text (node, "answer");
      mc_report_add_check (report, id, question, answer);
    }

  for (node = first_child (root, "consultations")->children; node != NULL; node = node->next)
    {
      g_autofree char *date = NULL;
      g_autofree char *role = NULL;
      g_autofree char *role_label = NULL;
      g_autofree char *consultee = NULL;
      g_autofree char *advice = NULL;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (!child_date (reader, node, "date", &date))
        return FALSE;
      role = attribute (first_child (node, "role"), "id");
      role_label = child_text (node, "role");
      consultee = child_text (node, "consultee");
      advice = child_text (node, "advice");
      mc_report_add_consultation (report, date, role, role_label, consultee,
                                  attribute_is_true (node, "anonymous"), advice);
    }

  node = first_child (root, "weighing");
  {
    g_autofree char *instrument = child_text (node, "instrument");
    g_autofree char *result = child_text (node, "instrumentResult");
    g_autofree char *notes = child_text (node, "notes");

    mc_report_set_weighing (report, child_answer (node, "acute"),
                            child_answer (node, "structural"), instrument, result, notes);
  }

  return TRUE;
}

/* <conversation> of version 1, <held> or <notHeld> of version 2. */
static gboolean
read_conversation (Reader     *reader,
                   xmlNodePtr  node,
                   McReport   *report,
                   int         person)
{
  xmlNodePtr held = first_child (node, "held");
  xmlNodePtr not_held = first_child (node, "notHeld");

  if (held != NULL)
    {
      g_autofree char *date = NULL;
      g_autofree char *with_whom = child_text (held, "withWhom");
      g_autofree char *discussed = child_text (held, "discussed");
      g_autofree char *reaction = child_text (held, "reaction");

      if (!child_date (reader, held, "date", &date))
        return FALSE;
      mc_report_add_conversation_held (report, person, date, with_whom, discussed, reaction);
    }
  else if (not_held != NULL)
    {
      g_autofree char *reason = attribute (first_child (not_held, "reason"), "id");
      g_autofree char *reason_label = child_text (not_held, "reason");
      g_autofree char *explanation = child_text (not_held, "explanation");

      mc_report_add_conversation_not_held (report, person, reason, reason_label, explanation);
    }

  return TRUE;
}

static void
read_questions (xmlNodePtr     list,
                McReportRound *round)
{
  for (xmlNodePtr node = list->children; node != NULL; node = node->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *text = NULL;
      g_autofree char *note = NULL;
      g_autofree char *from = NULL;
      guint64 from_round = 0;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      id = attribute (node, "id");
      text = child_text (node, "text");
      note = child_text (node, "note");
      from = attribute (node, "fromRound");
      if (from != NULL)
        g_ascii_string_to_unsigned (from, 10, 1, G_MAXUINT, &from_round, NULL);
      mc_report_round_add_question (round, id, text, child_answer (node, "answer"), note,
                                    attribute_is_true (node, "skipped"), (guint) from_round);
    }
}

/* <decision> and <veiligThuis>, the parts version 1 has too. */
static gboolean
read_decision (Reader        *reader,
               xmlNodePtr     decision,
               xmlNodePtr     veilig_thuis,
               McReportRound *round)
{
  {
    xmlNodePtr decided_by = first_child (decision, "decidedBy");
    g_autofree char *justification = child_text (decision, "justification");
    g_autofree char *name = decided_by != NULL ? child_text (decided_by, "name") : NULL;
    g_autofree char *role = decided_by != NULL ? child_text (decided_by, "role") : NULL;
    g_autofree char *decided_on = NULL;
    g_autofree char *evaluation_on = NULL;

    if (!child_date (reader, decision, "decidedOn", &decided_on)
        || !child_date (reader, decision, "evaluationOn", &evaluation_on))
      return FALSE;
    mc_report_round_set_decision (round, child_answer (decision, "reportNeeded"),
                                  child_answer (decision, "helpPossible"), justification, name,
                                  role, decided_on, evaluation_on);
  }

  {
    g_autofree char *reported_on = NULL;
    g_autofree char *reference = child_text (veilig_thuis, "reference");
    g_autofree char *exception = attribute (first_child (veilig_thuis, "exception"), "id");
    g_autofree char *exception_label = child_text (veilig_thuis, "exception");
    g_autofree char *reaction = child_text (veilig_thuis, "clientReaction");
    g_autofree char *method_id = child_text (veilig_thuis, "method");
    g_autofree char *contact = child_text (veilig_thuis, "contact");
    g_autofree char *response_id = child_text (veilig_thuis, "response");
    g_autofree char *agreements = child_text (veilig_thuis, "agreements");
    g_autofree char *feedback_on = NULL;
    g_autofree char *feedback = child_text (veilig_thuis, "feedback");
    McReportMethod method;
    McReportVtResponse response;

    if (!child_date (reader, veilig_thuis, "reportedOn", &reported_on)
        || !child_date (reader, veilig_thuis, "feedbackOn", &feedback_on))
      return FALSE;
    /* The schema allows only the known ids. */
    mc_report_method_from_id (method_id, &method);
    mc_report_vt_response_from_id (response_id, &response);
    mc_report_round_set_veilig_thuis (round, reported_on, reference,
                                      child_answer (veilig_thuis, "clientInformed"), exception,
                                      exception_label, reaction);
    mc_report_round_set_after_report (round, method, contact, response, agreements, feedback_on,
                                      feedback);
  }

  return TRUE;
}

/* Version 1: one conversation, one decision (round 1), agreements done or
 * not. */
static gboolean
read_document_1 (Reader     *reader,
                 xmlNodePtr  root,
                 McReport   *report)
{
  McReportRound *round = mc_report_get_current_round (report);
  xmlNodePtr node;

  if (!read_common (reader, root, report, NULL))
    return FALSE;

  node = first_child (root, "conversation");
  if (node != NULL && !read_conversation (reader, node, report, MC_REPORT_NO_PERSON))
    return FALSE;

  read_questions (first_child (root, "afwegingskader"), round);
  if (!read_decision (reader, first_child (root, "decision"), first_child (root, "veiligThuis"),
                      round))
    return FALSE;

  for (node = first_child (root, "followUp")->children; node != NULL; node = node->next)
    {
      g_autofree char *description = NULL;
      g_autofree char *due = NULL;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      description = child_text (node, "description");
      if (!child_date (reader, node, "due", &due))
        return FALSE;
      mc_report_add_agreement (report, description, due,
                               attribute_is_true (node, "done") ? MC_REPORT_AGREEMENT_DONE
                                                                : MC_REPORT_AGREEMENT_OPEN,
                               NULL, NULL, NULL, NULL);
    }

  return TRUE;
}

static gboolean
read_round (Reader        *reader,
            xmlNodePtr     node,
            McReport      *report)
{
  g_autofree char *number = attribute (node, "number");
  g_autofree char *kind_id = attribute (node, "kind");
  McReportRoundKind kind;
  McReportRound *round;
  xmlNodePtr child;
  guint expected = report->rounds->len;

  /* Round 1 is there from the start; the others follow it in order, and
   * only the first is a first decision. */
  if (reader->rounds_read > 0)
    expected++;
  /* The schema allows only the known ids. */
  mc_report_round_kind_from_id (kind_id, &kind);
  if (g_strcmp0 (number, "") == 0 || (guint) g_ascii_strtoull (number, NULL, 10) != expected
      || (expected > 1 && kind == MC_REPORT_ROUND_FIRST))
    {
      g_set_error (reader->error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                   /* Translators: the decision rounds must be numbered 1, 2, 3, … in
                    * the file. */
                   _("“%s” is not a valid Meldcode report: decision round %s on line %ld is "
                     "out of order."),
                   reader->display_name, number, xmlGetLineNo (node));
      return FALSE;
    }

  if (reader->rounds_read == 0)
    {
      round = mc_report_get_current_round (report);
      mc_report_round_set_kind (round, kind);
    }
  else
    round = mc_report_add_round (report, kind);
  reader->rounds_read++;

  /* An answer stands from an earlier round only. */
  for (child = first_child (node, "afwegingskader")->children; child != NULL; child = child->next)
    {
      g_autofree char *from = NULL;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      from = attribute (child, "fromRound");
      if (from != NULL && g_ascii_strtoull (from, NULL, 10) >= round->number)
        {
          g_set_error (reader->error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                       _("“%s” is not a valid Meldcode report: the answer on line %ld comes "
                         "from a decision round that is not before it."),
                       reader->display_name, xmlGetLineNo (child));
          return FALSE;
        }
    }
  read_questions (first_child (node, "afwegingskader"), round);

  child = first_child (node, "outcome");
  {
    g_autofree char *reason = child_text (child, "reason");

    mc_report_round_set_outcome (round, child_answer (child, "reportNeeded"),
                                 child_answer (child, "helpPossible"), reason);
  }

  for (child = first_child (node, "meldnormen")->children; child != NULL; child = child->next)
    {
      g_autofree char *rule = NULL;
      g_autofree char *text = NULL;
      g_autofree char *reason = NULL;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      rule = attribute (child, "rule");
      text = child_text (child, "text");
      reason = child_text (child, "reason");
      mc_report_round_add_norm (round, rule, text, reason);
    }

  return read_decision (reader, first_child (node, "decision"), first_child (node, "veiligThuis"),
                        round);
}

static gboolean
read_document_2 (Reader     *reader,
                 xmlNodePtr  root,
                 McReport   *report)
{
  g_autoptr(GHashTable) person_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  xmlNodePtr node;

  if (!read_common (reader, root, report, person_ids))
    return FALSE;

  for (node = first_child (root, "conversations")->children; node != NULL; node = node->next)
    {
      g_autofree char *person_id = NULL;
      gpointer index;
      int person = MC_REPORT_NO_PERSON;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      /* The schema makes sure it names a person of the report. */
      person_id = attribute (node, "person");
      if (person_id != NULL && g_hash_table_lookup_extended (person_ids, person_id, NULL, &index))
        person = GPOINTER_TO_INT (index);
      if (!read_conversation (reader, node, report, person))
        return FALSE;
      if (attribute_is_true (node, "notForFamily") && report->conversations->len > 0)
        mc_report_mark_not_for_family (report, MC_REPORT_PART_CONVERSATION,
                                       report->conversations->len - 1);
    }

  node = first_child (root, "specialForms");
  for (node = node != NULL ? node->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *name = NULL;
      g_autofree char *advice = NULL;
      McReportSpecialForm *form;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      id = attribute (node, "id");
      name = child_text (node, "name");
      advice = child_text (node, "advice");
      form = mc_report_add_special_form (report, id, name, advice);
      for (xmlNodePtr duty = node->children; duty != NULL; duty = duty->next)
        {
          g_autofree char *duty_id = NULL;
          g_autofree char *done = NULL;
          xmlChar *text;

          if (duty->type != XML_ELEMENT_NODE || strcmp ((const char *) duty->name, "duty") != 0)
            continue;
          duty_id = attribute (duty, "id");
          done = attribute (duty, "done");
          text = xmlNodeGetContent (duty);
          /* "unanswered" is what the schema's answers also allow. */
          mc_report_special_form_add_duty (form, duty_id, (const char *) text,
                                           g_strcmp0 (done, "yes") == 0 || g_strcmp0 (done, "no") == 0
                                           ? done : NULL);
          xmlFree (text);
        }
    }

  for (node = first_child (root, "rounds")->children; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE && !read_round (reader, node, report))
      return FALSE;

  for (node = first_child (root, "followUp")->children; node != NULL; node = node->next)
    {
      g_autofree char *state_id = NULL;
      g_autofree char *description = NULL;
      g_autofree char *due = NULL;
      g_autofree char *owner_name = NULL;
      g_autofree char *owner_role = NULL;
      g_autofree char *state_note = NULL;
      g_autofree char *checked_on = NULL;
      McReportAgreementState state;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      state_id = attribute (node, "state");
      mc_report_agreement_state_from_id (state_id, &state);
      description = child_text (node, "description");
      owner_name = child_text (node, "ownerName");
      owner_role = child_text (node, "ownerRole");
      state_note = child_text (node, "stateNote");
      if (!child_date (reader, node, "due", &due)
          || !child_date (reader, node, "checkedOn", &checked_on))
        return FALSE;
      mc_report_add_agreement (report, description, due, state, owner_name, owner_role,
                               state_note, checked_on);
    }

  node = first_child (root, "closing");
  if (node != NULL)
    {
      g_autofree char *closed_on = NULL;
      g_autofree char *reason = attribute (first_child (node, "reason"), "id");
      g_autofree char *reason_label = child_text (node, "reason");
      g_autofree char *note = child_text (node, "note");
      g_autofree char *closed_by = child_text (node, "closedBy");

      if (!child_date (reader, node, "closedOn", &closed_on))
        return FALSE;
      mc_report_set_closing (report, closed_on, reason, reason_label, note, closed_by);
    }

  node = first_child (root, "inzage");
  if (node != NULL)
    {
      g_autofree char *requester = attribute (node, "requester");
      xmlNodePtr log = first_child (node, "accessLog");

      /* The schema allows only the known ids. */
      mc_report_requester_from_id (requester, &report->inzage.requester);
      for (xmlNodePtr item = node->children; item != NULL; item = item->next)
        {
          g_autofree char *what = NULL;
          g_autofree char *why = NULL;

          if (item->type != XML_ELEMENT_NODE || strcmp ((const char *) item->name, "leftOut") != 0)
            continue;
          what = child_text (item, "what");
          why = child_text (item, "why");
          mc_report_add_left_out (report, what, why);
        }
      for (xmlNodePtr item = log != NULL ? log->children : NULL; item != NULL; item = item->next)
        {
          g_autofree char *at = NULL;
          g_autofree char *user = NULL;
          g_autofree char *role = NULL;
          g_autofree char *action = NULL;
          g_autofree char *subject = NULL;

          if (item->type != XML_ELEMENT_NODE)
            continue;
          at = attribute (item, "at");
          user = attribute (item, "user");
          role = attribute (item, "role");
          action = attribute (item, "action");
          subject = attribute (item, "subject");
          mc_report_add_access (report, at, user, role, action, subject);
        }
    }

  return TRUE;
}

/* Namespace and version first, so a newer report gets a message about its
 * version rather than about the elements this version does not know.
 * *@version is the format, 1 or 2. */
static gboolean
check_format (Reader     *reader,
              xmlNodePtr  root,
              guint      *version)
{
  const char *ns = root->ns != NULL ? (const char *) root->ns->href : NULL;
  g_autofree char *version_attribute = NULL;

  if (g_strcmp0 (ns, MC_REPORT_XML_NAMESPACE) == 0)
    *version = 2;
  else if (g_strcmp0 (ns, MC_REPORT_XML_NAMESPACE_1) == 0)
    *version = 1;
  else
    {
      if (ns != NULL && g_str_has_prefix (ns, NAMESPACE_STEM))
        g_set_error (reader->error, MC_REPORT_ERROR, MC_REPORT_ERROR_UNSUPPORTED_VERSION,
                     _("“%s” is a Meldcode report in a format this version cannot read (line %ld). "
                       "It may come from a newer version of Meldcode."),
                     reader->display_name, xmlGetLineNo (root));
      else
        g_set_error (reader->error, MC_REPORT_ERROR, MC_REPORT_ERROR_WRONG_NAMESPACE,
                     _("“%s” is not a Meldcode report (line %ld)."),
                     reader->display_name, xmlGetLineNo (root));
      return FALSE;
    }

  /* Each namespace has one version. */
  version_attribute = attribute (root, "version");
  if (version_attribute != NULL
      && g_ascii_strtoull (version_attribute, NULL, 10) != *version)
    {
      g_set_error (reader->error, MC_REPORT_ERROR, MC_REPORT_ERROR_UNSUPPORTED_VERSION,
                   _("“%s” is a Meldcode report in a format this version cannot read (line %ld). "
                     "It may come from a newer version of Meldcode."),
                   reader->display_name, xmlGetLineNo (root));
      return FALSE;
    }

  return TRUE;
}

McReport *
mc_report_read_xml_bytes (GBytes      *bytes,
                          const char  *display_name,
                          GError     **error)
{
  g_autoptr(McReport) report = NULL;
  g_autoptr(GError) limit_error = NULL;
  xmlParserCtxtPtr parser;
  xmlDocPtr doc = NULL;
  xmlNodePtr root;
  gboolean well_formed = FALSE;
  ParseGuard guard = { { FALSE, 0 }, 0 };
  xmlStructuredErrorFunc saved_handler;
  void *saved_context;
  Reader reader = { display_name, error, 0 };
  SchemaFailure failure;
  const char *data;
  gsize size;
  guint version = 0;
  int line = 1;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size > MC_REPORT_XML_MAX_SIZE)
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE,
                   _("“%s” is too large for a Meldcode report (more than %u MiB)."),
                   display_name, MC_REPORT_XML_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  get_schema (LAST_VERSION);

  /* A context of its own (not xmlCtxtReadMemory(), which resets it), so the
   * DOCTYPE hook and the guard stay in place for the whole parse. */
  parser = xmlCreateMemoryParserCtxt (data, (int) size);
  if (parser != NULL)
    {
      parser->_private = &guard;
      mc_xml_guard_install (parser);
      /* Never XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR or
       * XML_PARSE_XINCLUDE: nothing outside these bytes is read. */
      xmlCtxtUseOptions (parser, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                                 | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
      /* Every error goes to on_parse_error(): the parser's structured
       * handler, its validity channel (which some memory and size errors
       * use) cleared, and the per-thread handler for encoding errors raised
       * outside the context. */
      parser->sax->serror = on_parser_structured_error;
      parser->vctxt.error = NULL;
      parser->vctxt.warning = NULL;
      saved_handler = xmlStructuredError;
      saved_context = xmlStructuredErrorContext;
      xmlSetStructuredErrorFunc (&guard, on_parse_error);
      xmlParseDocument (parser);
      xmlSetStructuredErrorFunc (saved_context, saved_handler);
      doc = parser->myDoc;
      parser->myDoc = NULL;
      /* libxml2 reports a text node over its limit as an error but keeps
       * the document "well-formed", with the text cut: any error refuses. */
      well_formed = doc != NULL && parser->wellFormed && guard.error_line == 0;
      if (!well_formed)
        {
          xmlErrorPtr last = xmlCtxtGetLastError (parser);

          line = guard.error_line > 0 ? guard.error_line
                 : last != NULL && last->line > 0 ? last->line : 1;
        }
      xmlFreeParserCtxt (parser);
    }

  if (guard.doctype.saw_doctype)
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_FORBIDDEN_DTD,
                   _("“%s” has a document type declaration on line %d. Meldcode reports never "
                     "have one, so the file was not read."),
                   display_name, guard.doctype.doctype_line);
      xmlFreeDoc (doc);
      return NULL;
    }

  if (!well_formed)
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_NOT_XML,
                   _("“%s” is not a readable XML file: the error is on line %d."),
                   display_name, line);
      xmlFreeDoc (doc);
      return NULL;
    }

  /* Well-formed XML has a root element. */
  root = xmlDocGetRootElement (doc);
  g_assert (root != NULL);

  if (!check_format (&reader, root, &version))
    {
      xmlFreeDoc (doc);
      return NULL;
    }

  if (!validate (doc, version, &failure) && failure.max_length[0] != '\0')
    {
      g_autofree char *where = node_path (failure.node);
      guint64 max_length = g_ascii_strtoull (failure.max_length, NULL, 10);

      /* The facets allow an anonymised copy twice the limits (mc-limits.h);
       * any other report is held to the limits themselves. */
      if (!attribute_is_true (root, "anonymous"))
        g_snprintf (failure.max_length, sizeof failure.max_length, "%" G_GUINT64_FORMAT,
                    max_length / MC_LIMIT_ANONYMISED_FACTOR);
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE,
                   /* Translators: a file name, then a part of a report as
                    * in "client/name", its line, then two numbers. */
                   _("“%s” cannot be imported: “%s” on line %d holds %s characters; "
                     "Meldcode takes at most %s there."),
                   display_name, where, failure.line, failure.length, failure.max_length);
      xmlFreeDoc (doc);
      return NULL;
    }
  if (failure.failed)
    {
      const char *element = failure.node != NULL ? (const char *) failure.node->name : "report";

      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                   /* Translators: the second %s is an element name such as
                    * "client": a part is missing just before or inside it, or
                    * it holds a value that is not allowed. */
                   _("“%s” is not a valid Meldcode report: something is missing or not allowed "
                     "at “%s” on line %d."),
                   display_name, element, failure.line);
      xmlFreeDoc (doc);
      return NULL;
    }

  report = mc_report_new ();
  if (!(version == 1 ? read_document_1 (&reader, root, report)
                     : read_document_2 (&reader, root, report)))
    {
      xmlFreeDoc (doc);
      return NULL;
    }
  xmlFreeDoc (doc);

  /* Version 1 states no limits; both are held to them here. */
  if (!mc_report_check_limits (report, &limit_error))
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE,
                   /* Translators: %s is a file name, then why it is refused. */
                   _("“%s” cannot be imported: %s"), display_name, limit_error->message);
      return NULL;
    }

  /* Cleaning can empty a required text (one that held only control
   * characters): what is read must be a report that can be written again. */
  doc = build_document (report);
  if (!validate (doc, LAST_VERSION, &failure))
    {
      g_autofree char *where = node_path (failure.node);

      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID,
                   /* Translators: the second %s names a part of the report,
                    * as in "client/name". */
                   _("“%s” is not a valid Meldcode report: “%s” holds no usable text."),
                   display_name, where);
      xmlFreeDoc (doc);
      return NULL;
    }
  xmlFreeDoc (doc);

  return g_steal_pointer (&report);
}

McReport *
mc_report_read_xml (const char  *path,
                    GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_basename (path);
  file = g_file_new_for_path (path);

  stream = g_file_read (file, NULL, &local_error);
  if (stream != NULL)
    info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL,
                                           &local_error);
  if (info == NULL)
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_IO,
                   _("Cannot read “%s”: %s"), display, local_error->message);
      return NULL;
    }

  /* Refuse a large file unread; the cap below also holds for a file that
   * grows while it is read, or a pipe that has no size. */
  if (g_file_info_get_size (info) > MC_REPORT_XML_MAX_SIZE)
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE,
                   _("“%s” is too large for a Meldcode report (more than %u MiB)."),
                   display, MC_REPORT_XML_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  buffer = g_byte_array_sized_new ((guint) g_file_info_get_size (info) + 1);
  for (;;)
    {
      guint8 chunk[READ_CHUNK];
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk, NULL,
                                      &local_error);

      if (n < 0)
        {
          g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_IO,
                       _("Cannot read “%s”: %s"), display, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (buffer->len + (gsize) n > MC_REPORT_XML_MAX_SIZE)
        {
          g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE,
                       _("“%s” is too large for a Meldcode report (more than %u MiB)."),
                       display, MC_REPORT_XML_MAX_SIZE / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (buffer, chunk, (guint) n);
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return mc_report_read_xml_bytes (bytes, display, error);
}
