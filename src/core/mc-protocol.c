/* mc-protocol.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-protocol"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <string.h>

#include "mc-dates.h"
#include "mc-protocol.h"
#include "mc-xml-guard.h"

#define PROTOCOL_NS_1 "urn:nl.ambiq.meldcode:protocol:1"
#define PROTOCOL_NS_2 "urn:nl.ambiq.meldcode:protocol:2"
#define RESOURCE_DIR "/nl/ambiq/Meldcode/core/protocol/"
#define SCHEMA_1_RESOURCE RESOURCE_DIR "meldcode-protocol.xsd"
#define SCHEMA_2_RESOURCE RESOURCE_DIR "meldcode-protocol-2.xsd"
#define DEFAULT_RESOURCE RESOURCE_DIR "ambiq.xml"
#define LATEST_VERSION 2

/* What partner/@role says for the client, who is no person role. */
#define CLIENT_ROLE "client"

/* Large enough that reading stays cheap, small enough for the heap. */
#define READ_CHUNK (64 * 1024)

/* The checklist elements, in the order of McChecklistKind and of the
 * schema. */
static const char * const checklist_elements[] = {
  "signal-categories",
  "kindcheck",
  "consultation-roles",
  "conversation-skip-reasons",
  "informing-exceptions",
  "person-roles",
  "close-reasons",
};

static const char * const requirement_kinds[] = {
  "signals",
  "kindcheck-done",
  "consultations",
  "conversation-or-reason",
  "weighing-acute",
  "weighing-structural",
  "afwegingskader-complete",
  "decision-report",
  "decision-help",
  "decision-justification",
  "decided-by",
  "report-details-when-reported",
  "client-informed-when-reported",
  "follow-up-when-monitoring",
};

static const char * const audiences[] = { "all", "children", "adults" };
static const char * const item_answers[] = { "none", "yes-no", "number", "text" };
static const char * const closes[] = { "", "without-action", "with-monitoring" };
static const char * const form_advices[] = {
  "consult-veilig-thuis", "act-at-once", "report", "follow-meldcode", "other-route",
};
static const char * const form_urgencies[] = { "regular", "urgent", "immediate" };
static const char * const consents[] = { "parents", "child-and-parents", "young-person", "client" };
static const char * const rule_blocks[] = { "broken", "pending" };

/* The facts a meldnorm can name that are not about an id. */
static const char * const fixed_facts[] = {
  "weighing.acute",
  "weighing.structural",
  "outcome.report",
  "outcome.help",
  "decision.report",
  "decision.help",
  "client.minor",
};

G_STATIC_ASSERT (G_N_ELEMENTS (checklist_elements) == MC_CHECKLIST_CLOSE_REASONS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (requirement_kinds) == MC_REQUIREMENT_FOLLOW_UP_WHEN_MONITORING + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (audiences) == MC_AUDIENCE_ADULTS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (item_answers) == MC_ITEM_ANSWER_TEXT + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (closes) == MC_OUTCOME_CLOSE_WITH_MONITORING + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (form_advices) == MC_FORM_ADVICE_OTHER_ROUTE + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (form_urgencies) == MC_FORM_URGENCY_IMMEDIATE + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (consents) == MC_CONSENT_CLIENT + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (rule_blocks) == MC_RULE_BLOCKS_PENDING + 1);

struct _McProtocol
{
  GObject parent_instance;

  /* Every text of the protocol; the item structs point into it. */
  GStringChunk *strings;
  /* SHA-256 of the file (and of the built-in protocol a version-1 file
   * takes its defaults from), hex. */
  char         *checksum;

  guint       schema_version;
  const char *location;
  const char *id;
  const char *revision;
  const char *language;
  const char *title;
  const char *introduction;

  McProtocolContact           questions_contact;
  McProtocolOrganisation      organisation;
  GPtrArray                  *contacts;
  GPtrArray                  *steps;
  McProtocolChecklist        *checklists[G_N_ELEMENTS (checklist_elements)];
  McProtocolConversationRule  conversation_rule;
  GPtrArray                  *bands;
  McProtocolAfwegingskader    afwegingskader;
  GPtrArray                  *special_forms;
  GPtrArray                  *rules;
  GPtrArray                  *urgent_actions;
  GPtrArray                  *terms;
  McRetentionPolicy           retention;
  /* Contacts a version-1 file lacks that the built-in urgent actions name:
   * found by lookup, not listed with the organisation's own. */
  GPtrArray                  *borrowed_contacts;

  /* id → item, for the lookups; keys point into strings. */
  GHashTable *contact_by_id;
  GHashTable *item_by_id;
  GHashTable *close_reason_by_id;
  GHashTable *question_by_id;
  GHashTable *outcome_by_id;
  GHashTable *special_form_by_id;
  GHashTable *rule_by_id;
  GHashTable *term_by_id;
};

G_DEFINE_FINAL_TYPE (McProtocol, mc_protocol, G_TYPE_OBJECT)

G_DEFINE_QUARK (mc-protocol-error-quark, mc_protocol_error)

/* Loading state: the document being read and what is known about it. */
typedef struct
{
  McProtocol *self;
  const char *name;
  /* id → xmlNode: the element that carries the id. */
  GHashTable *nodes;
} Loader;

static void
step_free (gpointer data)
{
  McProtocolStep *step = data;

  g_ptr_array_unref (step->requirements);
  g_free (step);
}

static void
checklist_free (McProtocolChecklist *checklist)
{
  g_ptr_array_unref (checklist->items);
  g_free (checklist);
}

static void
special_form_free (gpointer data)
{
  McProtocolSpecialForm *form = data;

  g_ptr_array_unref (form->duties);
  g_free (form);
}

/* The vectors below hold strings of the protocol's chunk: only the vector
 * is theirs. */

static void
band_free (gpointer data)
{
  McProtocolBand *band = data;

  g_free (band->partner_roles);
  g_free (band->partner_unless);
  g_free (band->representative_roles);
  g_free (band);
}

static void
rule_free (gpointer data)
{
  McProtocolRule *rule = data;

  g_ptr_array_unref (rule->when);
  g_ptr_array_unref (rule->require);
  g_free (rule);
}

static void
urgent_action_free (gpointer data)
{
  McProtocolUrgentAction *action = data;

  g_ptr_array_unref (action->when);
  g_free (action->contact_ids);
  g_free (action);
}

static void
mc_protocol_finalize (GObject *object)
{
  McProtocol *self = (McProtocol *) object;

  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->checklists); i++)
    g_clear_pointer (&self->checklists[i], checklist_free);
  g_clear_pointer (&self->afwegingskader.definitions, g_ptr_array_unref);
  g_clear_pointer (&self->afwegingskader.questions, g_ptr_array_unref);
  g_clear_pointer (&self->afwegingskader.outcomes, g_ptr_array_unref);
  g_clear_pointer (&self->bands, g_ptr_array_unref);
  g_clear_pointer (&self->special_forms, g_ptr_array_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->urgent_actions, g_ptr_array_unref);
  g_clear_pointer (&self->terms, g_ptr_array_unref);
  g_clear_pointer (&self->borrowed_contacts, g_ptr_array_unref);
  g_clear_pointer (&self->contact_by_id, g_hash_table_unref);
  g_clear_pointer (&self->item_by_id, g_hash_table_unref);
  g_clear_pointer (&self->close_reason_by_id, g_hash_table_unref);
  g_clear_pointer (&self->question_by_id, g_hash_table_unref);
  g_clear_pointer (&self->outcome_by_id, g_hash_table_unref);
  g_clear_pointer (&self->special_form_by_id, g_hash_table_unref);
  g_clear_pointer (&self->rule_by_id, g_hash_table_unref);
  g_clear_pointer (&self->term_by_id, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->checksum, g_free);

  G_OBJECT_CLASS (mc_protocol_parent_class)->finalize (object);
}

static void
mc_protocol_class_init (McProtocolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_protocol_finalize;
}

static void
mc_protocol_init (McProtocol *self)
{
  self->strings = g_string_chunk_new (4096);
  self->contacts = g_ptr_array_new_with_free_func (g_free);
  self->steps = g_ptr_array_new_with_free_func (step_free);
  self->afwegingskader.definitions = g_ptr_array_new_with_free_func (g_free);
  self->afwegingskader.questions = g_ptr_array_new_with_free_func (g_free);
  self->afwegingskader.outcomes = g_ptr_array_new_with_free_func (g_free);
  self->bands = g_ptr_array_new_with_free_func (band_free);
  self->special_forms = g_ptr_array_new_with_free_func (special_form_free);
  self->rules = g_ptr_array_new_with_free_func (rule_free);
  self->urgent_actions = g_ptr_array_new_with_free_func (urgent_action_free);
  self->terms = g_ptr_array_new_with_free_func (g_free);
  mc_retention_policy_init_default (&self->retention);
  self->borrowed_contacts = g_ptr_array_new_with_free_func (g_free);
  self->contact_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->item_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->close_reason_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->question_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->outcome_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->special_form_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->rule_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->term_by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Errors */

G_GNUC_PRINTF (5, 6)
static void
set_error_at (GError     **error,
              McProtocolError code,
              const char  *name,
              long         line,
              const char  *format,
              ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: where a protocol file goes wrong: the file name, the line
   * number and the problem, e.g. "ambiq.xml, line 12: …". */
  g_set_error (error, MC_PROTOCOL_ERROR, code, _("%s, line %ld: %s"),
               name, MAX (line, 1), problem);
}

static void
set_too_large_error (GError     **error,
                     const char  *name)
{
  g_set_error (error, MC_PROTOCOL_ERROR, MC_PROTOCOL_ERROR_TOO_LARGE,
               _("The protocol file “%s” is larger than %d MiB"),
               name, MC_PROTOCOL_MAX_SIZE / (1024 * 1024));
}

/* libxml2's own words on one line, minus the namespace it puts before
 * every element name, which says nothing to a reader. */
static char *
clean_libxml_message (const char *message)
{
  g_autoptr(GString) text = g_string_new (message != NULL ? message : "");

  g_string_replace (text, "{" PROTOCOL_NS_1 "}", "", 0);
  g_string_replace (text, "{" PROTOCOL_NS_2 "}", "", 0);
  g_strdelimit (text->str, "\n", ' ');
  while (text->len > 0 && g_ascii_isspace (text->str[text->len - 1]))
    g_string_truncate (text, text->len - 1);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The first error wins: later ones tend to follow from it. */
typedef struct
{
  McXmlDoctypeStop doctype;  /* first: mc_xml_guard_install() */
  gboolean  failed;
  int       line;
  char     *message;
} ErrorCollector;

static void
collect_error (void        *user_data,
               xmlErrorPtr  xml_error)
{
  ErrorCollector *collector = user_data;

  if (collector->failed || xml_error == NULL || xml_error->level < XML_ERR_ERROR)
    return;

  collector->failed = TRUE;
  collector->line = xml_error->line;
  collector->message = clean_libxml_message (xml_error->message);
}

static void
on_parser_error (void        *ctx,
                 xmlErrorPtr  xml_error)
{
  xmlParserCtxtPtr ctxt = ctx;

  collect_error (ctxt->_private, xml_error);
}


/* Reading */

static xmlSchemaPtr
compile_schema (const char *resource)
{
  g_autoptr(GBytes) xsd = NULL;
  g_autoptr(GError) error = NULL;
  xmlSchemaParserCtxtPtr parser;
  xmlSchemaPtr schema;
  ErrorCollector collector = { 0 };
  gsize size;
  const char *data;

  xmlInitParser ();

  /* The schema is part of the program: without it nothing can be
   * trusted, so this is a broken build, not a user's problem. */
  xsd = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (xsd == NULL)
    g_error ("The protocol schema %s is missing from the resources: %s", resource, error->message);

  data = g_bytes_get_data (xsd, &size);
  parser = xmlSchemaNewMemParserCtxt (data, (int) size);
  xmlSchemaSetParserStructuredErrors (parser, collect_error, &collector);
  schema = xmlSchemaParse (parser);
  xmlSchemaFreeParserCtxt (parser);
  if (schema == NULL)
    g_error ("The protocol schema %s does not compile, line %d: %s",
             resource, collector.line, collector.message);
  g_free (collector.message);

  return schema;
}

/* Each version keeps its own schema, so a file of version 1 is held to
 * exactly what version 1 allowed. */
static xmlSchemaPtr
protocol_schema (guint version)
{
  static gsize initialized_1 = 0, initialized_2 = 0;
  static xmlSchemaPtr schema_1 = NULL, schema_2 = NULL;

  if (version == 1)
    {
      if (g_once_init_enter (&initialized_1))
        {
          schema_1 = compile_schema (SCHEMA_1_RESOURCE);
          g_once_init_leave (&initialized_1, 1);
        }
      return schema_1;
    }

  if (g_once_init_enter (&initialized_2))
    {
      schema_2 = compile_schema (SCHEMA_2_RESOURCE);
      g_once_init_leave (&initialized_2, 1);
    }
  return schema_2;
}

/* By the namespace, which is what the schema checks; an unknown one is
 * held to the latest schema, whose refusal says what is expected. */
static guint
document_version (xmlDocPtr doc)
{
  xmlNodePtr root = xmlDocGetRootElement (doc);

  if (root != NULL && root->ns != NULL && root->ns->href != NULL
      && g_strcmp0 ((const char *) root->ns->href, PROTOCOL_NS_1) == 0)
    return 1;

  return LATEST_VERSION;
}

static GBytes *
read_bounded (const char  *path,
              const char  *name,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autoptr(GError) local_error = NULL;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, MC_PROTOCOL_ERROR, MC_PROTOCOL_ERROR_IO,
                   _("Cannot read the protocol file “%s”: %s"), name, local_error->message);
      return NULL;
    }

  /* A regular file says its size: refuse a large one unread. */
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL
      && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE)
      && g_file_info_get_size (info) > MC_PROTOCOL_MAX_SIZE)
    goto too_large;

  /* Devices and pipes do not, and files can grow: stop reading past the
   * limit either way. */
  buffer = g_byte_array_new ();
  for (;;)
    {
      g_autoptr(GBytes) chunk = NULL;

      chunk = g_input_stream_read_bytes (G_INPUT_STREAM (stream), READ_CHUNK, NULL, &local_error);
      if (chunk == NULL)
        {
          g_set_error (error, MC_PROTOCOL_ERROR, MC_PROTOCOL_ERROR_IO,
                       _("Cannot read the protocol file “%s”: %s"), name, local_error->message);
          return NULL;
        }
      if (g_bytes_get_size (chunk) == 0)
        break;
      g_byte_array_append (buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      if (buffer->len > MC_PROTOCOL_MAX_SIZE)
        goto too_large;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));

too_large:
  set_too_large_error (error, name);
  return NULL;
}

static xmlDocPtr
parse_document (GBytes      *bytes,
                const char  *name,
                GError     **error)
{
  ErrorCollector collector = { 0 };
  xmlStructuredErrorFunc saved_handler;
  void *saved_context;
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size > MC_PROTOCOL_MAX_SIZE)
    {
      set_too_large_error (error, name);
      return NULL;
    }

  /* libxml2 refuses to make a parser for nothing. */
  if (size == 0)
    {
      set_error_at (error, MC_PROTOCOL_ERROR_NOT_XML, name, 1, _("the file is empty"));
      return NULL;
    }

  xmlInitParser ();
  ctxt = xmlCreateMemoryParserCtxt (data, (int) size);
  if (ctxt == NULL)
    g_error ("Out of memory creating an XML parser");

  ctxt->_private = &collector;
  mc_xml_guard_install (ctxt);
  ctxt->sax->serror = on_parser_error;
  /* Never XML_PARSE_NOENT or XML_PARSE_DTDLOAD: no external entity or DTD
   * is read, even past the DOCTYPE stop (test-xml-options). Internal
   * entities in attribute values libxml2 expands whatever the options:
   * only the stop refuses those. */
  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
  ctxt->linenumbers = 1;

  /* Encoding errors are raised outside the parser context, through the
   * per-thread handler: collect them too, rather than print them. */
  saved_handler = xmlStructuredError;
  saved_context = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc (&collector, collect_error);
  xmlParseDocument (ctxt);
  xmlSetStructuredErrorFunc (saved_context, saved_handler);

  doc = ctxt->myDoc;
  ctxt->myDoc = NULL;

  if (collector.doctype.saw_doctype)
    {
      set_error_at (error, MC_PROTOCOL_ERROR_FORBIDDEN_DTD, name, collector.doctype.doctype_line,
                    _("a protocol may not contain a document type declaration or entities"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (!ctxt->wellFormed || doc == NULL)
    {
      set_error_at (error, MC_PROTOCOL_ERROR_NOT_XML, name, collector.line,
                    _("this is not an XML document: %s"),
                    collector.message != NULL ? collector.message : "");
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  xmlFreeParserCtxt (ctxt);
  g_free (collector.message);

  return doc;
}

static gboolean
validate_document (xmlDocPtr    doc,
                   guint        version,
                   const char  *name,
                   GError     **error)
{
  ErrorCollector collector = { 0 };
  xmlSchemaValidCtxtPtr validator;
  int status;

  validator = xmlSchemaNewValidCtxt (protocol_schema (version));
  xmlSchemaSetValidStructuredErrors (validator, collect_error, &collector);
  status = xmlSchemaValidateDoc (validator, doc);
  xmlSchemaFreeValidCtxt (validator);

  if (status != 0)
    set_error_at (error, MC_PROTOCOL_ERROR_INVALID, name, collector.line,
                  _("the protocol does not follow its schema: %s"),
                  collector.message != NULL ? collector.message : "");

  g_free (collector.message);

  return status == 0;
}

/* The tree: after validation its shape is known, so the walkers below only
 * pick out what the schema promised is there. */

static gboolean
is_element (xmlNodePtr  node,
            const char *name)
{
  return node != NULL
         && node->type == XML_ELEMENT_NODE
         && g_strcmp0 ((const char *) node->name, name) == 0;
}

static xmlNodePtr
child_element (xmlNodePtr  parent,
               const char *name)
{
  for (xmlNodePtr child = parent->children; child != NULL; child = child->next)
    if (is_element (child, name))
      return child;

  return NULL;
}

static long
node_line (xmlNodePtr node)
{
  return xmlGetLineNo (node);
}

/* xs:token collapses whitespace when it validates but libxml2 keeps the
 * text as written: collapse it the same way here. */
static const char *
intern_collapsed (McProtocol *self,
                  const char *text)
{
  g_autoptr(GString) out = NULL;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_chunk_insert_const (self->strings, out->str);
}

static const char *
text_of (McProtocol *self,
         xmlNodePtr  node)
{
  xmlChar *content;
  const char *text;

  if (node == NULL)
    return NULL;

  content = xmlNodeGetContent (node);
  text = intern_collapsed (self, (const char *) content);
  xmlFree (content);

  return text;
}

static const char *
child_text (McProtocol *self,
            xmlNodePtr  parent,
            const char *name)
{
  return text_of (self, child_element (parent, name));
}

static const char *
attribute (McProtocol *self,
           xmlNodePtr  node,
           const char *name)
{
  xmlChar *value;
  const char *text;

  value = xmlGetNoNsProp (node, (const xmlChar *) name);
  if (value == NULL)
    return NULL;

  text = intern_collapsed (self, (const char *) value);
  xmlFree (value);

  return text;
}

/* The index of @value in @names; the schema allows only those, and an
 * absent attribute is the first. */
static guint
enum_attribute (McProtocol        *self,
                xmlNodePtr         node,
                const char        *name,
                const char * const *names,
                guint              n_names)
{
  const char *value = attribute (self, node, name);

  if (value == NULL)
    return 0;

  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (value, names[i]))
      return i;

  g_assert_not_reached ();
}

static McAnswer
yes_no_attribute (McProtocol *self,
                  xmlNodePtr  node,
                  const char *name)
{
  const char *value = attribute (self, node, name);

  if (value == NULL)
    return MC_ANSWER_UNKNOWN;

  return g_str_equal (value, "yes") ? MC_ANSWER_YES : MC_ANSWER_NO;
}

static guint
uint_attribute (McProtocol *self,
                xmlNodePtr  node,
                const char *name,
                guint       fallback)
{
  const char *value = attribute (self, node, name);
  guint64 number;

  if (value == NULL)
    return fallback;

  /* xs:positiveInteger has no upper bound; a count beyond guint means
   * "more than any case will have". */
  number = g_ascii_strtoull (value, NULL, 10);

  return (guint) MIN (number, G_MAXUINT);
}

static const char *
paragraphs (McProtocol *self,
            xmlNodePtr  node)
{
  g_autoptr(GString) text = NULL;

  if (node == NULL)
    return NULL;

  text = g_string_new (NULL);
  for (xmlNodePtr p = node->children; p != NULL; p = p->next)
    {
      if (!is_element (p, "p"))
        continue;
      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, text_of (self, p));
    }

  return g_string_chunk_insert_const (self->strings, text->str);
}

/* Ids and references */

static gboolean
check_id_unique (Loader      *loader,
                 GHashTable  *nodes,
                 xmlNodePtr   node,
                 const char  *id,
                 GError     **error)
{
  xmlNodePtr first = g_hash_table_lookup (nodes, id);

  if (first != NULL)
    {
      set_error_at (error, MC_PROTOCOL_ERROR_DUPLICATE_ID, loader->name, node_line (node),
                    _("the id “%s” is already used on line %ld"), id, node_line (first));
      return FALSE;
    }
  g_hash_table_insert (nodes, (gpointer) id, node);

  return TRUE;
}

/* A close reason is never a fact and never referred to, and "other" is a
 * person role as well as a close reason: its items only need ids unique
 * among themselves. */
static gboolean
collect_close_reason_ids (Loader     *loader,
                          xmlNodePtr  close_reasons,
                          GError    **error)
{
  g_autoptr(GHashTable) nodes = g_hash_table_new (g_str_hash, g_str_equal);

  for (xmlNodePtr item = close_reasons->children; item != NULL; item = item->next)
    {
      if (!is_element (item, "item"))
        continue;
      if (!check_id_unique (loader, nodes, item, attribute (loader->self, item, "id"), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
collect_ids (Loader     *loader,
             xmlNodePtr  node,
             GError    **error)
{
  for (xmlNodePtr child = node; child != NULL; child = child->next)
    {
      const char *id;

      if (child->type != XML_ELEMENT_NODE)
        continue;

      id = attribute (loader->self, child, "id");
      if (id != NULL && !check_id_unique (loader, loader->nodes, child, id, error))
        return FALSE;

      if (is_element (child, "close-reasons"))
        {
          if (!collect_close_reason_ids (loader, child, error))
            return FALSE;
        }
      else if (!collect_ids (loader, child->children, error))
        return FALSE;
    }

  return TRUE;
}

typedef enum
{
  TARGET_QUESTION,
  TARGET_OUTCOME,
  TARGET_CONTACT,
  TARGET_PERSON_ROLE,
  TARGET_PARTNER,               /* a person role, or the client */
  TARGET_SKIP_REASON,           /* a reason a conversation did not take place */
  TARGET_ANY,
} Target;

static const struct
{
  const char *element;
  const char *attribute;
  Target      target;
} references[] = {
  { "goto", "question", TARGET_QUESTION },
  { "conclude", "outcome", TARGET_OUTCOME },
  { "continue", "question", TARGET_QUESTION },
  { "continue", "with", TARGET_CONTACT },
  { "special-form", "contact", TARGET_CONTACT },
  { "duty", "contact", TARGET_CONTACT },
  { "under-age", "role", TARGET_PERSON_ROLE },
  { "partner", "role", TARGET_PARTNER },
  { "partner", "unless", TARGET_SKIP_REASON },
  { "representative", "role", TARGET_PERSON_ROLE },
  { "requires", "ref", TARGET_ANY },
};

static gboolean
target_matches (Target     target,
                xmlNodePtr node)
{
  switch (target)
    {
    case TARGET_QUESTION:
      return is_element (node, "question") && is_element (node->parent, "afwegingskader");
    case TARGET_OUTCOME:
      return is_element (node, "outcome");
    case TARGET_CONTACT:
      return is_element (node, "contact") || is_element (node, "questions-contact");
    case TARGET_PERSON_ROLE:
    case TARGET_PARTNER:
      return is_element (node, "item") && is_element (node->parent, "person-roles");
    case TARGET_SKIP_REASON:
      return is_element (node, "item") && is_element (node->parent, "conversation-skip-reasons");
    case TARGET_ANY:
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static void
set_dangling_error (Loader      *loader,
                    xmlNodePtr   node,
                    Target       target,
                    const char  *value,
                    GError     **error)
{
  long line = node_line (node);

  switch (target)
    {
    case TARGET_QUESTION:
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, line,
                    _("“%s” is not the id of a question"), value);
      break;
    case TARGET_OUTCOME:
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, line,
                    _("“%s” is not the id of an outcome"), value);
      break;
    case TARGET_CONTACT:
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, line,
                    _("“%s” is not the id of a contact"), value);
      break;
    case TARGET_PERSON_ROLE:
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, line,
                    _("“%s” is not the id of a person role"), value);
      break;
    case TARGET_PARTNER:
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, line,
                    _("“%s” is neither “client” nor the id of a person role"), value);
      break;
    case TARGET_SKIP_REASON:
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, line,
                    _("“%s” is not the id of a reason why a conversation did not take place"), value);
      break;
    case TARGET_ANY:
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, line,
                    _("“%s” is not an id in this protocol"), value);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_references (Loader     *loader,
                  xmlNodePtr  node,
                  GError    **error)
{
  for (xmlNodePtr child = node; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (references); i++)
        {
          const char *value;
          xmlNodePtr target;

          if (!is_element (child, references[i].element))
            continue;
          value = attribute (loader->self, child, references[i].attribute);
          if (value == NULL)
            continue;
          if (references[i].target == TARGET_PARTNER && g_str_equal (value, CLIENT_ROLE))
            continue;

          target = g_hash_table_lookup (loader->nodes, value);
          if (target == NULL || !target_matches (references[i].target, target))
            {
              set_dangling_error (loader, child, references[i].target, value, error);
              return FALSE;
            }
        }

      if (!check_references (loader, child->children, error))
        return FALSE;
    }

  return TRUE;
}

/* Building the model */

static void
read_contact (McProtocol        *self,
              xmlNodePtr         node,
              McProtocolContact *contact)
{
  contact->id = attribute (self, node, "id");
  contact->name = child_text (self, node, "name");
  contact->phone = child_text (self, node, "phone");
  contact->description = child_text (self, node, "description");
  g_hash_table_insert (self->contact_by_id, (gpointer) contact->id, contact);
}

static void
read_organisation (McProtocol *self,
                   xmlNodePtr  root)
{
  xmlNodePtr node = child_element (root, "organisation");

  self->organisation.id = attribute (self, node, "id");
  self->organisation.name = child_text (self, node, "name");
  read_contact (self, child_element (node, "questions-contact"), &self->questions_contact);
  self->organisation.questions_contact = &self->questions_contact;

  for (xmlNodePtr child = child_element (root, "contacts")->children; child != NULL; child = child->next)
    {
      McProtocolContact *contact;

      if (!is_element (child, "contact"))
        continue;
      contact = g_new0 (McProtocolContact, 1);
      read_contact (self, child, contact);
      g_ptr_array_add (self->contacts, contact);
    }
}

static void
read_steps (McProtocol *self,
            xmlNodePtr  root)
{
  for (xmlNodePtr node = child_element (root, "steps")->children; node != NULL; node = node->next)
    {
      McProtocolStep *step;

      if (!is_element (node, "step"))
        continue;

      step = g_new0 (McProtocolStep, 1);
      step->id = attribute (self, node, "id");
      step->number = self->steps->len + 1;
      step->title = child_text (self, node, "title");
      step->purpose = child_text (self, node, "purpose");
      step->guidance = paragraphs (self, child_element (node, "guidance"));
      step->requirements = g_ptr_array_new_with_free_func (g_free);

      for (xmlNodePtr child = child_element (node, "completion")->children; child != NULL; child = child->next)
        {
          McProtocolRequirement *requirement;

          if (!is_element (child, "requires"))
            continue;
          requirement = g_new0 (McProtocolRequirement, 1);
          requirement->id = attribute (self, child, "id");
          requirement->kind = enum_attribute (self, child, "kind", requirement_kinds,
                                              G_N_ELEMENTS (requirement_kinds));
          requirement->min = uint_attribute (self, child, "min", 1);
          requirement->ref = attribute (self, child, "ref");
          requirement->text = text_of (self, child);
          g_ptr_array_add (step->requirements, requirement);
        }

      g_ptr_array_add (self->steps, step);
    }
}

static McProtocolChecklist *
read_checklist (McProtocol      *self,
                xmlNodePtr       node,
                McChecklistKind  kind,
                GHashTable      *item_by_id)
{
  McProtocolChecklist *checklist = g_new0 (McProtocolChecklist, 1);

  checklist->id = attribute (self, node, "id");
  checklist->kind = kind;
  checklist->title = child_text (self, node, "title");
  checklist->note = child_text (self, node, "note");
  checklist->items = g_ptr_array_new_with_free_func (g_free);

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      McProtocolItem *item;

      if (!is_element (child, "item"))
        continue;
      item = g_new0 (McProtocolItem, 1);
      item->id = attribute (self, child, "id");
      item->label = child_text (self, child, "label");
      item->help = child_text (self, child, "help");
      item->audience = enum_attribute (self, child, "audience", audiences, G_N_ELEMENTS (audiences));
      item->answer = enum_attribute (self, child, "answer", item_answers, G_N_ELEMENTS (item_answers));
      item->retired = yes_no_attribute (self, child, "retired") == MC_ANSWER_YES;
      item->legal_representative = yes_no_attribute (self, child, "legal-representative") == MC_ANSWER_YES;
      g_ptr_array_add (checklist->items, item);
      g_hash_table_insert (item_by_id, (gpointer) item->id, item);
    }

  return checklist;
}

/* All but the close reasons, which version 1 does not have. */
static void
read_checklists (McProtocol *self,
                 xmlNodePtr  root)
{
  xmlNodePtr checklists = child_element (root, "checklists");

  for (guint kind = 0; kind < MC_CHECKLIST_CLOSE_REASONS; kind++)
    self->checklists[kind] = read_checklist (self, child_element (checklists, checklist_elements[kind]),
                                             kind, self->item_by_id);
}

/* From @root, which is the file's own (version 2) or the built-in one. */
static void
read_close_reasons (McProtocol *self,
                    xmlNodePtr  root)
{
  xmlNodePtr node = child_element (child_element (root, "checklists"),
                                   checklist_elements[MC_CHECKLIST_CLOSE_REASONS]);

  self->checklists[MC_CHECKLIST_CLOSE_REASONS] = read_checklist (self, node, MC_CHECKLIST_CLOSE_REASONS,
                                                                 self->close_reason_by_id);
}

/* Closing a case for a reason the list does not name must stay possible:
 * "other" is that reason, with a note. */
static gboolean
check_close_reasons (Loader      *loader,
                     xmlNodePtr   root,
                     GError     **error)
{
  xmlNodePtr node = child_element (child_element (root, "checklists"),
                                   checklist_elements[MC_CHECKLIST_CLOSE_REASONS]);

  if (g_hash_table_contains (loader->self->close_reason_by_id, "other"))
    return TRUE;

  set_error_at (error, MC_PROTOCOL_ERROR_INVALID, loader->name, node_line (node),
                _("the close reasons need an item “other”, for a reason the list does not name"));
  return FALSE;
}

/* A vector of @strings, which belong to the protocol's chunk. */
static GStrv
borrowed_strv (GPtrArray *strings)
{
  GStrv strv = g_new0 (char *, strings->len + 1);

  for (guint i = 0; i < strings->len; i++)
    strv[i] = g_ptr_array_index (strings, i);

  return strv;
}

static GStrv
role_attributes (McProtocol *self,
                 xmlNodePtr  node,
                 const char *element)
{
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (is_element (child, element))
      g_ptr_array_add (roles, (gpointer) attribute (self, child, "role"));

  return borrowed_strv (roles);
}

/* The "unless" of each partner, in the order of role_attributes(): the
 * empty string for a partner without one. */
static GStrv
partner_unless_attributes (McProtocol *self,
                           xmlNodePtr  node)
{
  g_autoptr(GPtrArray) reasons = g_ptr_array_new ();

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (is_element (child, "partner"))
      {
        const char *unless = attribute (self, child, "unless");

        g_ptr_array_add (reasons, (gpointer) (unless != NULL ? unless : ""));
      }

  return borrowed_strv (reasons);
}

static const char *
intern_joined (McProtocol *self,
               GString    *text)
{
  return text->len > 0 ? g_string_chunk_insert_const (self->strings, text->str) : NULL;
}

/* Version 1: one age divides the conversation partners. Two bands say the
 * same, so that callers of the bands need not know the version. */
static void
read_conversation_rule (McProtocol *self,
                        xmlNodePtr  root)
{
  McProtocolConversationRule *rule = &self->conversation_rule;
  xmlNodePtr node = child_element (root, "conversation-rule");
  xmlNodePtr under_age = child_element (node, "under-age");
  McProtocolBand *band;
  g_autofree char *under_age_id = NULL;
  g_autofree char *of_age_id = NULL;
  const char *client[] = { CLIENT_ROLE, NULL };

  rule->id = attribute (self, node, "id");
  rule->age_of_majority = uint_attribute (self, node, "age-of-majority", 18);
  rule->under_age_role_id = attribute (self, under_age, "role");
  rule->under_age_text = text_of (self, under_age);
  rule->of_age_text = child_text (self, node, "of-age");

  under_age_id = g_strconcat (rule->id, "-under-age", NULL);
  of_age_id = g_strconcat (rule->id, "-of-age", NULL);

  /* The schema keeps the age of majority at 1 or more. */
  band = g_new0 (McProtocolBand, 1);
  band->id = g_string_chunk_insert_const (self->strings, under_age_id);
  band->from = 0;
  band->to = rule->age_of_majority - 1;
  band->consent = MC_CONSENT_PARENTS;
  band->partner_roles = g_new0 (char *, 2);
  band->partner_roles[0] = (char *) rule->under_age_role_id;
  band->partner_unless = g_new0 (char *, 2);
  band->partner_unless[0] = (char *) "";
  band->representative_roles = g_new0 (char *, 1);
  band->text = rule->under_age_text;
  g_ptr_array_add (self->bands, band);

  band = g_new0 (McProtocolBand, 1);
  band->id = g_string_chunk_insert_const (self->strings, of_age_id);
  band->from = rule->age_of_majority;
  band->to = G_MAXUINT;
  band->consent = MC_CONSENT_CLIENT;
  band->partner_roles = g_new0 (char *, 2);
  band->partner_roles[0] = (char *) g_string_chunk_insert_const (self->strings, client[0]);
  band->partner_unless = g_new0 (char *, 2);
  band->partner_unless[0] = (char *) "";
  band->representative_roles = g_new0 (char *, 1);
  band->text = rule->of_age_text;
  g_ptr_array_add (self->bands, band);
}

typedef struct
{
  McProtocolBand *band;
  xmlNodePtr      node;
} BandNode;

static int
compare_band_nodes (gconstpointer a,
                    gconstpointer b)
{
  const McProtocolBand *x = ((const BandNode *) a)->band;
  const McProtocolBand *y = ((const BandNode *) b)->band;

  if (x->from != y->from)
    return x->from < y->from ? -1 : 1;
  if (x->to != y->to)
    return x->to < y->to ? -1 : 1;
  return 0;
}

static void
set_gap_error (Loader      *loader,
               xmlNodePtr   node,
               guint        first,
               guint        last,
               GError     **error)
{
  if (first == last)
    set_error_at (error, MC_PROTOCOL_ERROR_INVALID, loader->name, node_line (node),
                  _("the age of %u is in no conversation band"), first);
  else
    set_error_at (error, MC_PROTOCOL_ERROR_INVALID, loader->name, node_line (node),
                  _("the ages %u to %u are in no conversation band"), first, last);
}

/* Every age must find exactly one band, or step 3 would have no answer (or
 * two) for some client. */
static gboolean
check_bands (Loader      *loader,
             GArray      *bands,
             guint        age_of_majority,
             xmlNodePtr   node,
             GError     **error)
{
  gboolean majority_starts_band = FALSE;

  for (guint i = 0; i < bands->len; i++)
    {
      const BandNode *current = &g_array_index (bands, BandNode, i);
      const McProtocolBand *band = current->band;

      if (band->to < band->from)
        {
          set_error_at (error, MC_PROTOCOL_ERROR_INVALID, loader->name, node_line (current->node),
                        _("the conversation band “%s” ends at %u, before it begins at %u"),
                        band->id, band->to, band->from);
          return FALSE;
        }

      if (i == 0 && band->from > 0)
        {
          set_gap_error (loader, current->node, 0, band->from - 1, error);
          return FALSE;
        }

      if (i > 0)
        {
          const BandNode *previous = &g_array_index (bands, BandNode, i - 1);

          if (previous->band->to == G_MAXUINT || band->from <= previous->band->to)
            {
              set_error_at (error, MC_PROTOCOL_ERROR_INVALID, loader->name, node_line (current->node),
                            _("the conversation bands “%s” and “%s” both cover the age of %u"),
                            previous->band->id, band->id, band->from);
              return FALSE;
            }
          if (band->from > previous->band->to + 1)
            {
              set_gap_error (loader, current->node, previous->band->to + 1, band->from - 1, error);
              return FALSE;
            }
        }

      majority_starts_band |= band->from == age_of_majority;
    }

  {
    const BandNode *last = &g_array_index (bands, BandNode, bands->len - 1);

    if (last->band->to != G_MAXUINT)
      {
        set_error_at (error, MC_PROTOCOL_ERROR_INVALID, loader->name, node_line (last->node),
                      _("the ages from %u on are in no conversation band; leave “to” off the oldest band"),
                      last->band->to + 1);
        return FALSE;
      }
  }

  /* The bands and the single age of the version-1 callers must agree on
   * who is a minor. */
  if (!majority_starts_band)
    {
      set_error_at (error, MC_PROTOCOL_ERROR_INVALID, loader->name, node_line (node),
                    _("no conversation band begins at the age of majority, %u"), age_of_majority);
      return FALSE;
    }

  return TRUE;
}

/* Version 1 callers know one role and two texts: see
 * McProtocolConversationRule. */
static void
derive_conversation_rule (McProtocol *self)
{
  McProtocolConversationRule *rule = &self->conversation_rule;
  const McProtocolChecklist *roles = self->checklists[MC_CHECKLIST_PERSON_ROLES];
  g_autoptr(GString) under_age = g_string_new (NULL);
  g_autoptr(GString) of_age = g_string_new (NULL);

  for (guint i = 0; i < roles->items->len && rule->under_age_role_id == NULL; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (roles->items, i);

      if (item->legal_representative)
        rule->under_age_role_id = item->id;
    }

  for (guint i = 0; i < self->bands->len; i++)
    {
      const McProtocolBand *band = g_ptr_array_index (self->bands, i);
      GString *text = band->from < rule->age_of_majority ? under_age : of_age;

      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, band->text);

      for (guint j = 0; band->partner_roles[j] != NULL && rule->under_age_role_id == NULL; j++)
        if (band->from < rule->age_of_majority && !g_str_equal (band->partner_roles[j], CLIENT_ROLE))
          rule->under_age_role_id = band->partner_roles[j];
    }

  rule->under_age_text = intern_joined (self, under_age);
  rule->of_age_text = intern_joined (self, of_age);
}

static gboolean
read_conversation_bands (Loader      *loader,
                         xmlNodePtr   root,
                         GError     **error)
{
  McProtocol *self = loader->self;
  xmlNodePtr node = child_element (root, "conversation-bands");
  g_autoptr(GArray) bands = g_array_new (FALSE, FALSE, sizeof (BandNode));
  gboolean ok;

  self->conversation_rule.id = attribute (self, node, "id");
  self->conversation_rule.age_of_majority = uint_attribute (self, node, "age-of-majority", 18);

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      BandNode entry;

      if (!is_element (child, "band"))
        continue;

      entry.node = child;
      entry.band = g_new0 (McProtocolBand, 1);
      entry.band->id = attribute (self, child, "id");
      entry.band->from = uint_attribute (self, child, "from", 0);
      entry.band->to = uint_attribute (self, child, "to", G_MAXUINT);
      entry.band->consent = enum_attribute (self, child, "consent", consents, G_N_ELEMENTS (consents));
      entry.band->partner_roles = role_attributes (self, child, "partner");
      entry.band->partner_unless = partner_unless_attributes (self, child);
      entry.band->representative_roles = role_attributes (self, child, "representative");
      entry.band->text = child_text (self, child, "text");
      g_array_append_val (bands, entry);
    }

  g_array_sort (bands, compare_band_nodes);
  ok = check_bands (loader, bands, self->conversation_rule.age_of_majority, node, error);

  for (guint i = 0; i < bands->len; i++)
    {
      McProtocolBand *band = g_array_index (bands, BandNode, i).band;

      if (ok)
        g_ptr_array_add (self->bands, band);
      else
        band_free (band);
    }

  if (ok)
    derive_conversation_rule (self);

  return ok;
}

static void
read_decision (McProtocol         *self,
               xmlNodePtr          node,
               McProtocolDecision *decision)
{
  decision->id = attribute (self, node, "id");
  decision->question = child_text (self, node, "question");
  decision->help = child_text (self, node, "help");
}

static void
read_branch (McProtocol       *self,
             xmlNodePtr        node,
             McProtocolBranch *branch)
{
  xmlNodePtr go = child_element (node, "goto");

  if (go != NULL)
    branch->question_id = attribute (self, go, "question");
  else
    branch->outcome_id = attribute (self, child_element (node, "conclude"), "outcome");
}

static void
read_afwegingskader (McProtocol *self,
                     xmlNodePtr  root)
{
  McProtocolAfwegingskader *kader = &self->afwegingskader;
  xmlNodePtr node = child_element (root, "afwegingskader");
  xmlNodePtr decisions = child_element (node, "decisions");

  kader->id = attribute (self, node, "id");
  kader->title = child_text (self, node, "title");
  kader->introduction = paragraphs (self, child_element (node, "introduction"));
  read_decision (self, child_element (decisions, "report-decision"), &kader->report_decision);
  read_decision (self, child_element (decisions, "help-decision"), &kader->help_decision);

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "definition"))
        {
          McProtocolDefinition *definition = g_new0 (McProtocolDefinition, 1);

          definition->id = attribute (self, child, "id");
          definition->term = attribute (self, child, "term");
          definition->text = text_of (self, child);
          g_ptr_array_add (kader->definitions, definition);
        }
      else if (is_element (child, "question"))
        {
          McProtocolQuestion *question = g_new0 (McProtocolQuestion, 1);

          question->id = attribute (self, child, "id");
          question->number = kader->questions->len + 1;
          question->text = child_text (self, child, "text");
          question->help = child_text (self, child, "help");
          read_branch (self, child_element (child, "yes"), &question->yes);
          read_branch (self, child_element (child, "no"), &question->no);
          g_ptr_array_add (kader->questions, question);
          g_hash_table_insert (self->question_by_id, (gpointer) question->id, question);
        }
      else if (is_element (child, "outcome"))
        {
          McProtocolOutcome *outcome = g_new0 (McProtocolOutcome, 1);
          xmlNodePtr next = child_element (child, "continue");

          outcome->id = attribute (self, child, "id");
          outcome->title = child_text (self, child, "title");
          outcome->reason = child_text (self, child, "reason");
          outcome->report = yes_no_attribute (self, child, "report");
          outcome->help = yes_no_attribute (self, child, "help");
          outcome->close = enum_attribute (self, child, "close", closes, G_N_ELEMENTS (closes));
          if (next != NULL)
            {
              outcome->continue_question_id = attribute (self, next, "question");
              outcome->continue_with_id = attribute (self, next, "with");
            }
          g_ptr_array_add (kader->outcomes, outcome);
          g_hash_table_insert (self->outcome_by_id, (gpointer) outcome->id, outcome);
        }
    }
}

static void
read_special_forms (McProtocol *self,
                    xmlNodePtr  root)
{
  for (xmlNodePtr node = child_element (root, "special-forms")->children; node != NULL; node = node->next)
    {
      McProtocolSpecialForm *form;

      if (!is_element (node, "special-form"))
        continue;

      form = g_new0 (McProtocolSpecialForm, 1);
      form->id = attribute (self, node, "id");
      form->name = child_text (self, node, "name");
      form->description = child_text (self, node, "description");
      form->advice = enum_attribute (self, node, "advice", form_advices, G_N_ELEMENTS (form_advices));
      form->urgency = enum_attribute (self, node, "urgency", form_urgencies, G_N_ELEMENTS (form_urgencies));
      form->contact_id = attribute (self, node, "contact");
      form->advice_text = child_text (self, node, "advice");
      form->duties = g_ptr_array_new_with_free_func (g_free);
      for (xmlNodePtr child = node->children; child != NULL; child = child->next)
        {
          McProtocolDuty *duty;

          if (!is_element (child, "duty"))
            continue;
          duty = g_new0 (McProtocolDuty, 1);
          duty->id = attribute (self, child, "id");
          duty->contact_id = attribute (self, child, "contact");
          duty->text = text_of (self, child);
          g_ptr_array_add (form->duties, duty);
        }
      g_ptr_array_add (self->special_forms, form);
      g_hash_table_insert (self->special_form_by_id, (gpointer) form->id, form);
    }
}

/* The meldnormen */

/* Whether @ref names a fact the application knows, with ids this
 * document has; @node only places the message. */
static gboolean
check_fact (Loader      *loader,
            xmlNodePtr   node,
            const char  *ref,
            GError     **error)
{
  const char *dot = strchr (ref, '.');
  const char *id;
  xmlNodePtr target;

  for (guint i = 0; i < G_N_ELEMENTS (fixed_facts); i++)
    if (g_str_equal (ref, fixed_facts[i]))
      return TRUE;

  /* The schema promised "kind.id"; the kinds with a fixed name only were
   * matched above. */
  id = dot != NULL ? dot + 1 : "";
  target = g_hash_table_lookup (loader->nodes, id);

  if (g_str_has_prefix (ref, "question."))
    {
      if (target != NULL && target_matches (TARGET_QUESTION, target))
        return TRUE;
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, node_line (node),
                    _("the fact “%s” names no question of the afwegingskader"), ref);
    }
  else if (g_str_has_prefix (ref, "special-form."))
    {
      if (is_element (target, "special-form"))
        return TRUE;
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, node_line (node),
                    _("the fact “%s” names no special form"), ref);
    }
  else if (g_str_has_prefix (ref, "consultation."))
    {
      if (is_element (target, "item") && is_element (target->parent, "consultation-roles"))
        return TRUE;
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, node_line (node),
                    _("the fact “%s” names no consultation role"), ref);
    }
  else if (g_str_has_prefix (ref, "checklist."))
    {
      /* A fact is yes or no: a count or a text cannot be one. */
      if (is_element (target, "item")
          && enum_attribute (loader->self, target, "answer", item_answers,
                             G_N_ELEMENTS (item_answers)) == MC_ITEM_ANSWER_YES_NO)
        return TRUE;
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, node_line (node),
                    _("the fact “%s” names no checklist item with a yes or no answer"), ref);
    }
  else
    {
      set_error_at (error, MC_PROTOCOL_ERROR_DANGLING_REFERENCE, loader->name, node_line (node),
                    _("“%s” is not a fact Meldcode knows"), ref);
    }

  return FALSE;
}

/* The facts in @parent (a when or a require), or NULL with @error set. */
static GPtrArray *
read_facts (Loader      *loader,
            xmlNodePtr   parent,
            GError     **error)
{
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);

  for (xmlNodePtr child = parent != NULL ? parent->children : NULL; child != NULL; child = child->next)
    {
      McProtocolFact *fact;
      const char *ref;

      if (!is_element (child, "fact"))
        continue;

      ref = attribute (loader->self, child, "ref");
      if (!check_fact (loader, child, ref, error))
        return NULL;

      fact = g_new0 (McProtocolFact, 1);
      fact->ref = ref;
      fact->is = yes_no_attribute (loader->self, child, "is");
      g_ptr_array_add (facts, fact);
    }

  return g_steal_pointer (&facts);
}

static gboolean
match_any (McProtocol *self,
           xmlNodePtr  when)
{
  const char *match = when != NULL ? attribute (self, when, "match") : NULL;

  return g_strcmp0 (match, "any") == 0;
}

/* The contact of the built-in protocol with @id, or NULL. */
static xmlNodePtr
find_contact (xmlNodePtr  root,
              const char *id)
{
  for (xmlNodePtr child = child_element (root, "contacts")->children; child != NULL; child = child->next)
    {
      xmlChar *value;
      gboolean found;

      if (!is_element (child, "contact"))
        continue;
      value = xmlGetNoNsProp (child, (const xmlChar *) "id");
      found = value != NULL && g_strcmp0 ((const char *) value, id) == 0;
      xmlFree (value);
      if (found)
        return child;
    }

  return NULL;
}

/* The contacts an urgent action names. From the built-in protocol
 * (@defaults_root set), a contact the file lacks is borrowed from there:
 * the emergency number is the same for every organisation. */
static GStrv
read_action_contacts (Loader      *loader,
                      xmlNodePtr   node,
                      xmlNodePtr   defaults_root,
                      GError     **error)
{
  McProtocol *self = loader->self;
  const char *value = attribute (self, node, "contacts");
  g_auto(GStrv) ids = g_strsplit (value != NULL ? value : "", " ", -1);
  g_autoptr(GPtrArray) contacts = g_ptr_array_new ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      xmlNodePtr target;

      if (ids[i][0] == '\0')
        continue;

      target = g_hash_table_lookup (loader->nodes, ids[i]);
      if (target == NULL || !target_matches (TARGET_CONTACT, target))
        {
          xmlNodePtr borrowed = defaults_root != NULL ? find_contact (defaults_root, ids[i]) : NULL;

          if (borrowed == NULL)
            {
              set_dangling_error (loader, node, TARGET_CONTACT, ids[i], error);
              return NULL;
            }
          if (!g_hash_table_contains (self->contact_by_id, ids[i]))
            {
              McProtocolContact *contact = g_new0 (McProtocolContact, 1);

              read_contact (self, borrowed, contact);
              g_ptr_array_add (self->borrowed_contacts, contact);
            }
        }

      g_ptr_array_add (contacts, (gpointer) g_string_chunk_insert_const (self->strings, ids[i]));
    }

  return borrowed_strv (contacts);
}

/* The meldnormen of @node, checked against the document @loader reads.
 * With @defaults_root the node is the built-in protocol's, lent to a
 * version-1 file: a rule or action that names what the file does not have
 * is left out rather than refused, since the file never asked for it. */
static gboolean
read_meldnormen (Loader      *loader,
                 xmlNodePtr   node,
                 xmlNodePtr   defaults_root,
                 GError     **error)
{
  McProtocol *self = loader->self;
  gboolean lenient = defaults_root != NULL;

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      g_autoptr(GError) local_error = NULL;
      xmlNodePtr when = child_element (child, "when");

      if (is_element (child, "rule"))
        {
          g_autoptr(GPtrArray) when_facts = NULL;
          g_autoptr(GPtrArray) require_facts = NULL;
          McProtocolRule *rule;

          if ((when_facts = read_facts (loader, when, &local_error)) == NULL
              || (require_facts = read_facts (loader, child_element (child, "require"), &local_error)) == NULL)
            {
              if (lenient)
                continue;
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }

          rule = g_new0 (McProtocolRule, 1);
          rule->id = attribute (self, child, "id");
          rule->step = uint_attribute (self, child, "step", 5);
          rule->blocks = enum_attribute (self, child, "blocks", rule_blocks, G_N_ELEMENTS (rule_blocks));
          rule->when_any = match_any (self, when);
          rule->when = g_steal_pointer (&when_facts);
          rule->require = g_steal_pointer (&require_facts);
          rule->text = child_text (self, child, "text");
          g_ptr_array_add (self->rules, rule);
          g_hash_table_insert (self->rule_by_id, (gpointer) rule->id, rule);
        }
      else if (is_element (child, "urgent-action"))
        {
          g_autoptr(GPtrArray) when_facts = NULL;
          g_autofree char **contact_ids = NULL;
          McProtocolUrgentAction *action;

          if ((when_facts = read_facts (loader, when, &local_error)) == NULL
              || (contact_ids = read_action_contacts (loader, child, defaults_root, &local_error)) == NULL)
            {
              if (lenient)
                continue;
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }

          action = g_new0 (McProtocolUrgentAction, 1);
          action->id = attribute (self, child, "id");
          action->when_any = match_any (self, when);
          action->when = g_steal_pointer (&when_facts);
          /* Only the vector is ours: g_free, not g_strfreev. */
          action->contact_ids = g_steal_pointer (&contact_ids);
          action->text = child_text (self, child, "text");
          g_ptr_array_add (self->urgent_actions, action);
        }
    }

  return TRUE;
}

static void
read_terms (McProtocol *self,
            xmlNodePtr  root)
{
  for (xmlNodePtr child = child_element (root, "terms")->children; child != NULL; child = child->next)
    {
      McProtocolTerm *term;

      if (!is_element (child, "term"))
        continue;
      term = g_new0 (McProtocolTerm, 1);
      term->id = attribute (self, child, "id");
      term->working_days = uint_attribute (self, child, "working-days", 1);
      term->text = text_of (self, child);
      g_ptr_array_add (self->terms, term);
      g_hash_table_insert (self->term_by_id, (gpointer) term->id, term);
    }
}

/* Optional; the default stands without it. */
static void
read_retention (McProtocol *self,
                xmlNodePtr  root)
{
  static const char * const starts[] = { "closing", "majority" };
  xmlNodePtr node = child_element (root, "retention");

  if (node == NULL)
    return;
  self->retention.years = uint_attribute (self, node, "years", MC_RETENTION_DEFAULT_YEARS);
  self->retention.start = enum_attribute (self, node, "count-from", starts, G_N_ELEMENTS (starts)) == 1
                          ? MC_RETENTION_FROM_MAJORITY : MC_RETENTION_FROM_CLOSING;
}

/* The afwegingskader as a graph */

typedef enum
{
  VISIT_NONE,
  VISIT_OPEN,
  VISIT_DONE,
} Visit;

static gboolean visit_question (Loader                   *loader,
                                const McProtocolQuestion *question,
                                GHashTable               *visits,
                                GHashTable               *outcomes_reached,
                                GError                  **error);

static gboolean
follow_branch (Loader                   *loader,
               const McProtocolQuestion *from,
               const McProtocolBranch   *branch,
               GHashTable               *visits,
               GHashTable               *outcomes_reached,
               GError                  **error)
{
  McProtocol *self = loader->self;
  const char *next_id = branch->question_id;
  const McProtocolQuestion *next;

  if (branch->outcome_id != NULL)
    {
      const McProtocolOutcome *outcome = g_hash_table_lookup (self->outcome_by_id, branch->outcome_id);

      g_hash_table_add (outcomes_reached, (gpointer) outcome->id);
      next_id = outcome->continue_question_id;
    }
  if (next_id == NULL)
    return TRUE;

  next = g_hash_table_lookup (self->question_by_id, next_id);
  switch (GPOINTER_TO_INT (g_hash_table_lookup (visits, next->id)))
    {
    case VISIT_OPEN:
      set_error_at (error, MC_PROTOCOL_ERROR_CYCLE, loader->name,
                    node_line (g_hash_table_lookup (loader->nodes, from->id)),
                    _("an answer to question “%s” leads back to question “%s”"),
                    from->id, next->id);
      return FALSE;
    case VISIT_DONE:
      return TRUE;
    case VISIT_NONE:
      return visit_question (loader, next, visits, outcomes_reached, error);
    default:
      g_assert_not_reached ();
    }
}

/* Depth first; the schema allows at most 50 questions, so the recursion
 * stays shallow. */
static gboolean
visit_question (Loader                   *loader,
                const McProtocolQuestion *question,
                GHashTable               *visits,
                GHashTable               *outcomes_reached,
                GError                  **error)
{
  g_hash_table_insert (visits, (gpointer) question->id, GINT_TO_POINTER (VISIT_OPEN));
  if (!follow_branch (loader, question, &question->yes, visits, outcomes_reached, error)
      || !follow_branch (loader, question, &question->no, visits, outcomes_reached, error))
    return FALSE;
  g_hash_table_insert (visits, (gpointer) question->id, GINT_TO_POINTER (VISIT_DONE));

  return TRUE;
}

static gboolean
check_afwegingskader (Loader  *loader,
                      GError **error)
{
  const McProtocolAfwegingskader *kader = &loader->self->afwegingskader;
  g_autoptr(GHashTable) visits = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) outcomes_reached = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < kader->outcomes->len; i++)
    {
      const McProtocolOutcome *outcome = g_ptr_array_index (kader->outcomes, i);

      if (outcome->close != MC_OUTCOME_CLOSE_NONE && outcome->continue_question_id != NULL)
        {
          set_error_at (error, MC_PROTOCOL_ERROR_INVALID, loader->name,
                        node_line (g_hash_table_lookup (loader->nodes, outcome->id)),
                        _("outcome “%s” closes the case, so it cannot continue with a question"),
                        outcome->id);
          return FALSE;
        }
    }

  if (!visit_question (loader, g_ptr_array_index (kader->questions, 0), visits, outcomes_reached, error))
    return FALSE;

  for (guint i = 0; i < kader->questions->len; i++)
    {
      const McProtocolQuestion *question = g_ptr_array_index (kader->questions, i);

      if (!g_hash_table_contains (visits, question->id))
        {
          set_error_at (error, MC_PROTOCOL_ERROR_UNREACHABLE, loader->name,
                        node_line (g_hash_table_lookup (loader->nodes, question->id)),
                        _("no answer leads to question “%s”"), question->id);
          return FALSE;
        }
    }

  for (guint i = 0; i < kader->outcomes->len; i++)
    {
      const McProtocolOutcome *outcome = g_ptr_array_index (kader->outcomes, i);

      if (!g_hash_table_contains (outcomes_reached, outcome->id))
        {
          set_error_at (error, MC_PROTOCOL_ERROR_UNREACHABLE, loader->name,
                        node_line (g_hash_table_lookup (loader->nodes, outcome->id)),
                        _("no answer leads to outcome “%s”"), outcome->id);
          return FALSE;
        }
    }

  return TRUE;
}

/* The built-in protocol as a document, for what version-1 files lack. It
 * is part of the program, like the schemas: read once, kept, and if it
 * does not load the build is broken. */
static xmlNodePtr
defaults_root (void)
{
  static gsize initialized = 0;
  static xmlDocPtr doc = NULL;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      bytes = g_resources_lookup_data (DEFAULT_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        g_error ("The built-in protocol is missing from the resources: %s", error->message);
      doc = parse_document (bytes, DEFAULT_RESOURCE, &error);
      if (doc == NULL
          || document_version (doc) != LATEST_VERSION
          || !validate_document (doc, LATEST_VERSION, DEFAULT_RESOURCE, &error))
        g_error ("The built-in protocol does not load: %s",
                 error != NULL ? error->message : "not the latest version");

      g_once_init_leave (&initialized, 1);
    }

  return xmlDocGetRootElement (doc);
}

/* What version 1 did not have, from the built-in protocol. */
static gboolean
read_defaults (Loader  *loader,
               GError **error)
{
  xmlNodePtr root = defaults_root ();

  read_close_reasons (loader->self, root);
  read_terms (loader->self, root);

  return read_meldnormen (loader, child_element (root, "meldnormen"), root, error);
}

/* What the protocol's answers depend on: the file, and for a version-1
 * file the built-in protocol it takes its defaults from. */
static char *
compute_checksum (GBytes *bytes,
                  guint   version)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize size = 0;
  const guchar *data = g_bytes_get_data (bytes, &size);

  g_checksum_update (checksum, data, size);
  if (version == 1)
    {
      g_autoptr(GBytes) defaults = g_resources_lookup_data (DEFAULT_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

      if (defaults != NULL)
        {
          data = g_bytes_get_data (defaults, &size);
          g_checksum_update (checksum, data, size);
        }
    }

  return g_strdup (g_checksum_get_string (checksum));
}

static McProtocol *
load (GBytes      *bytes,
      const char  *name,
      GError     **error)
{
  g_autoptr(McProtocol) self = NULL;
  g_autoptr(GHashTable) nodes = NULL;
  xmlDocPtr doc;
  xmlNodePtr root;
  Loader loader;
  guint version;
  gboolean ok;

  doc = parse_document (bytes, name, error);
  if (doc == NULL)
    return NULL;

  version = document_version (doc);
  if (!validate_document (doc, version, name, error))
    {
      xmlFreeDoc (doc);
      return NULL;
    }

  self = g_object_new (MC_TYPE_PROTOCOL, NULL);
  nodes = g_hash_table_new (g_str_hash, g_str_equal);
  loader = (Loader) { .self = self, .name = name, .nodes = nodes };
  root = xmlDocGetRootElement (doc);

  ok = collect_ids (&loader, root, error) && check_references (&loader, root, error);
  if (ok)
    {
      self->schema_version = version;
      self->location = g_string_chunk_insert (self->strings, name);
      self->id = attribute (self, root, "id");
      self->revision = attribute (self, root, "revision");
      self->language = attribute (self, root, "lang");
      self->title = child_text (self, root, "title");
      self->introduction = paragraphs (self, child_element (root, "introduction"));
      read_organisation (self, root);
      read_steps (self, root);
      read_checklists (self, root);
      read_afwegingskader (self, root);
      read_special_forms (self, root);

      if (version == 1)
        {
          read_conversation_rule (self, root);
          ok = read_defaults (&loader, error);
        }
      else
        {
          read_close_reasons (self, root);
          read_terms (self, root);
          read_retention (self, root);
          ok = check_close_reasons (&loader, root, error)
               && read_conversation_bands (&loader, root, error)
               && read_meldnormen (&loader, child_element (root, "meldnormen"), NULL, error);
        }

      ok = ok && check_afwegingskader (&loader, error);
    }

  xmlFreeDoc (doc);
  if (ok)
    self->checksum = compute_checksum (bytes, version);

  return ok ? g_steal_pointer (&self) : NULL;
}

McProtocol *
mc_protocol_new_from_bytes (GBytes      *bytes,
                            const char  *name,
                            GError     **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load (bytes, name, error);
}

McProtocol *
mc_protocol_new_from_path (const char  *path,
                           GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  bytes = read_bounded (path, name, error);
  if (bytes == NULL)
    return NULL;

  return load (bytes, name, error);
}

McProtocol *
mc_protocol_new_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data (DEFAULT_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, MC_PROTOCOL_ERROR, MC_PROTOCOL_ERROR_IO,
                   _("Cannot read the built-in protocol: %s"), local_error->message);
      return NULL;
    }

  return load (bytes, "resource://" DEFAULT_RESOURCE, error);
}

guint
mc_protocol_get_schema_version (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), 0);

  return self->schema_version;
}

const char *
mc_protocol_get_location (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->location;
}

const char *
mc_protocol_get_checksum (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->checksum;
}

const char *
mc_protocol_get_id (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->id;
}

const char *
mc_protocol_get_revision (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->revision;
}

const char *
mc_protocol_get_language (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->language;
}

const char *
mc_protocol_get_title (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->title;
}

const char *
mc_protocol_get_introduction (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->introduction;
}

const McProtocolOrganisation *
mc_protocol_get_organisation (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return &self->organisation;
}

GPtrArray *
mc_protocol_get_contacts (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->contacts;
}

const McProtocolContact *
mc_protocol_lookup_contact (McProtocol *self,
                            const char *id)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->contact_by_id, id);
}

GPtrArray *
mc_protocol_get_steps (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->steps;
}

const McProtocolChecklist *
mc_protocol_get_checklist (McProtocol      *self,
                           McChecklistKind  kind)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (self->checklists), NULL);

  return self->checklists[kind];
}

const McProtocolItem *
mc_protocol_lookup_item (McProtocol *self,
                         const char *id)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->item_by_id, id);
}

const McProtocolItem *
mc_protocol_lookup_close_reason (McProtocol *self,
                                 const char *id)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->close_reason_by_id, id);
}

const McProtocolConversationRule *
mc_protocol_get_conversation_rule (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return &self->conversation_rule;
}

McConversationPartner
mc_protocol_get_conversation_partner (McProtocol  *self,
                                      const GDate *birth_date,
                                      const GDate *conversation_date)
{
  int age;

  g_return_val_if_fail (MC_IS_PROTOCOL (self), MC_CONVERSATION_PARTNER_UNKNOWN);
  g_return_val_if_fail (conversation_date != NULL && g_date_valid (conversation_date),
                        MC_CONVERSATION_PARTNER_UNKNOWN);

  if (birth_date == NULL || !g_date_valid (birth_date))
    return MC_CONVERSATION_PARTNER_UNKNOWN;

  age = mc_age_on (birth_date, conversation_date);
  if (age < 0)
    return MC_CONVERSATION_PARTNER_UNKNOWN;

  return (guint) age < self->conversation_rule.age_of_majority
         ? MC_CONVERSATION_PARTNER_LEGAL_REPRESENTATIVES
         : MC_CONVERSATION_PARTNER_CLIENT;
}

GPtrArray *
mc_protocol_get_conversation_bands (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->bands;
}

const McProtocolBand *
mc_protocol_find_band (McProtocol *self,
                       int         age)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  if (age < 0)
    return NULL;

  for (guint i = 0; i < self->bands->len; i++)
    {
      const McProtocolBand *band = g_ptr_array_index (self->bands, i);

      if ((guint) age >= band->from && (guint) age <= band->to)
        return band;
    }

  /* The loader made the bands cover every age. */
  g_assert_not_reached ();
}

const McProtocolAfwegingskader *
mc_protocol_get_afwegingskader (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return &self->afwegingskader;
}

const McProtocolQuestion *
mc_protocol_lookup_question (McProtocol *self,
                             const char *id)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->question_by_id, id);
}

const McProtocolOutcome *
mc_protocol_lookup_outcome (McProtocol *self,
                            const char *id)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->outcome_by_id, id);
}

GPtrArray *
mc_protocol_get_special_forms (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->special_forms;
}

const McProtocolSpecialForm *
mc_protocol_lookup_special_form (McProtocol *self,
                                 const char *id)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->special_form_by_id, id);
}

GPtrArray *
mc_protocol_get_rules (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->rules;
}

const McProtocolRule *
mc_protocol_lookup_rule (McProtocol *self,
                         const char *id)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->rule_by_id, id);
}

GPtrArray *
mc_protocol_get_urgent_actions (McProtocol *self)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);

  return self->urgent_actions;
}

const McProtocolTerm *
mc_protocol_lookup_term (McProtocol *self,
                         const char *term_id)
{
  g_return_val_if_fail (MC_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (term_id != NULL, NULL);

  return g_hash_table_lookup (self->term_by_id, term_id);
}

gint
mc_protocol_get_term_working_days (McProtocol *self,
                                   const char *term_id)
{
  const McProtocolTerm *term;

  g_return_val_if_fail (MC_IS_PROTOCOL (self), -1);
  g_return_val_if_fail (term_id != NULL, -1);

  term = g_hash_table_lookup (self->term_by_id, term_id);

  /* The schema keeps a term within a year. */
  return term != NULL ? (gint) term->working_days : -1;
}

void
mc_protocol_get_retention (McProtocol        *self,
                           McRetentionPolicy *policy)
{
  g_return_if_fail (MC_IS_PROTOCOL (self));
  g_return_if_fail (policy != NULL);

  *policy = self->retention;
}
