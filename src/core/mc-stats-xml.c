/* mc-stats-xml.c: writing and reading the figures file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-stats-xml"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <string.h>

#include "mc-stats-xml.h"
#include "mc-xml-guard.h"

#define SCHEMA_RESOURCE "/nl/ambiq/Meldcode/core/stats/meldcode-stats-1.xsd"
#define NAMESPACE_PREFIX "urn:nl.ambiq.meldcode:stats:"

static void
ignore_structured_error (void        *user_data,
                         xmlErrorPtr  error)
{
}

static xmlSchemaPtr
get_schema (void)
{
  static gsize initialized = 0;
  static xmlSchemaPtr schema = NULL;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      xmlSchemaParserCtxtPtr parser;
      const char *data;
      gsize size;

      bytes = g_resources_lookup_data (SCHEMA_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        g_error ("The figures schema is missing from the resources: %s", error->message);
      data = g_bytes_get_data (bytes, &size);
      parser = xmlSchemaNewMemParserCtxt (data, (int) size);
      xmlSchemaSetParserStructuredErrors (parser, ignore_structured_error, NULL);
      schema = xmlSchemaParse (parser);
      xmlSchemaFreeParserCtxt (parser);
      if (schema == NULL)
        g_error ("The figures schema does not compile");
      g_once_init_leave (&initialized, 1);
    }
  return schema;
}

/* Writing */

static void
append_outcomes (GString     *xml,
                 const guint *counts)
{
  for (guint o = 0; o < MC_STATS_N_OUTCOMES; o++)
    g_string_append_printf (xml, " %s=\"%u\"", mc_stats_outcome_id (o), counts[o]);
}

static void
append_forms (GString    *xml,
              const char *element,
              GPtrArray  *forms)
{
  g_string_append_printf (xml, "  <%s>\n", element);
  for (guint i = 0; i < forms->len; i++)
    {
      McStatsCount *count = g_ptr_array_index (forms, i);
      g_autofree char *id = g_markup_escape_text (count->id, -1);

      g_string_append_printf (xml, "    <form id=\"%s\" cases=\"%u\"/>\n", id, count->count);
    }
  g_string_append_printf (xml, "  </%s>\n", element);
}

GBytes *
mc_stats_to_xml (const McStats  *stats,
                 GError        **error)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_autofree char *from = mc_stats_month_to_string (stats->from_month);
  g_autofree char *to = mc_stats_month_to_string (stats->to_month);
  g_autofree char *protocol_id = g_markup_escape_text (stats->protocol_id, -1);
  g_autofree char *revision = g_markup_escape_text (stats->protocol_revision, -1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(McStats) check = NULL;
  static const char * const step_names[] = { "1", "2", "3", "4", "5" };

  g_return_val_if_fail (stats != NULL, NULL);

  g_string_append_printf (xml, "<meldcijfers xmlns=\"%s\" version=\"%d\">\n",
                          MC_STATS_NAMESPACE, MC_STATS_FORMAT_VERSION);
  g_string_append_printf (xml, "  <period from=\"%s\" to=\"%s\"/>\n", from, to);
  g_string_append_printf (xml, "  <protocol id=\"%s\" revision=\"%s\"/>\n", protocol_id, revision);
  g_string_append (xml, "  <stores>\n");
  for (guint i = 0; i < stats->store_ids->len; i++)
    {
      g_autofree char *id = g_markup_escape_text (g_ptr_array_index (stats->store_ids, i), -1);

      g_string_append_printf (xml, "    <store id=\"%s\"/>\n", id);
    }
  g_string_append (xml, "  </stores>\n");
  g_string_append_printf (xml, "  <cases started=\"%u\" closed=\"%u\" in-period=\"%u\"/>\n",
                          stats->cases_started, stats->cases_closed, stats->cases_in_period);
  g_string_append_printf (xml, "  <age minors=\"%u\" adults=\"%u\" unknown=\"%u\"/>\n",
                          stats->minors, stats->adults, stats->age_unknown);
  g_string_append (xml, "  <steps>\n");
  for (guint s = 0; s < MC_STATS_N_STEPS; s++)
    g_string_append_printf (xml, "    <step number=\"%s\" reached=\"%u\"/>\n",
                            step_names[s], stats->steps_reached[s]);
  g_string_append (xml, "  </steps>\n  <outcomes>\n");
  for (guint q = 0; q < MC_STATS_N_QUARTERS; q++)
    {
      g_string_append_printf (xml, "    <quarter number=\"%u\"", q + 1);
      append_outcomes (xml, stats->outcomes_by_quarter[q]);
      g_string_append (xml, "/>\n");
    }
  for (guint k = 0; k < MC_STATS_N_ROUND_KINDS; k++)
    {
      g_string_append_printf (xml, "    <round kind=\"%s\"", mc_stats_round_kind_id (k));
      append_outcomes (xml, stats->outcomes_by_round[k]);
      g_string_append (xml, "/>\n");
    }
  g_string_append (xml, "  </outcomes>\n");
  g_string_append_printf (xml, "  <veilig-thuis reports=\"%u\" consultations=\"%u\"/>\n",
                          stats->vt_reports, stats->vt_consultations);
  g_string_append (xml, "  <decision-days>\n");
  for (guint d = 0; d <= MC_STATS_MAX_DAYS; d++)
    if (stats->decision_days[d] > 0)
      g_string_append_printf (xml, "    <days value=\"%u\" decisions=\"%u\"/>\n", d, stats->decision_days[d]);
  g_string_append (xml, "  </decision-days>\n");
  g_string_append_printf (xml, "  <follow-up overdue=\"%u\"/>\n", stats->overdue_follow_up);
  append_forms (xml, "forms", stats->forms);
  append_forms (xml, "special-forms", stats->special_forms);
  g_string_append (xml, "</meldcijfers>\n");

  bytes = g_string_free_to_bytes (g_steal_pointer (&xml));
  /* Nothing leaves that would not read back. */
  if ((check = mc_stats_read_bytes (bytes, "meldcijfers", error)) == NULL)
    return NULL;
  return g_steal_pointer (&bytes);
}

gboolean
mc_stats_write_file (const McStats  *stats,
                     const char     *path,
                     GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (stats != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((bytes = mc_stats_to_xml (stats, error)) == NULL)
    return FALSE;

  /* As the report exports are written: a temporary file, fsync, rename. */
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents_full (path, data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_IO,
                   _("Cannot write “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Reading */



static gboolean
is_element (xmlNodePtr  node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

/* The schema has checked the attribute's type. */
static guint
count_attribute (xmlNodePtr  node,
                 const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  guint64 number = 0;

  if (value != NULL)
    g_ascii_string_to_unsigned ((const char *) value, 10, 0, G_MAXUINT, &number, NULL);
  xmlFree (value);
  return (guint) number;
}

static char *
string_attribute (xmlNodePtr  node,
                  const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = g_strdup (value != NULL ? (const char *) value : "");

  xmlFree (value);
  return copy;
}

static void
read_outcomes (xmlNodePtr  node,
               guint      *counts)
{
  for (guint o = 0; o < MC_STATS_N_OUTCOMES; o++)
    counts[o] = count_attribute (node, mc_stats_outcome_id (o));
}

static gboolean
read_forms (xmlNodePtr   node,
            GPtrArray   *forms)
{
  for (xmlNodePtr form = node->children; form != NULL; form = form->next)
    {
      g_autofree char *id = NULL;

      if (!is_element (form, "form"))
        continue;
      id = string_attribute (form, "id");
      for (guint i = 0; i < forms->len; i++)
        if (strcmp (((McStatsCount *) g_ptr_array_index (forms, i))->id, id) == 0)
          return FALSE;
      mc_stats_add_form (forms, id, count_attribute (form, "cases"));
    }
  return TRUE;
}

/* What the schema cannot say: each of them once, the period in order. */
static gboolean
read_document (xmlNodePtr  root,
               McStats    *stats)
{
  gboolean steps[MC_STATS_N_STEPS] = { FALSE };
  gboolean quarters[MC_STATS_N_QUARTERS] = { FALSE };
  gboolean rounds[MC_STATS_N_ROUND_KINDS] = { FALSE };
  g_autoptr(GHashTable) stores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (xmlNodePtr node = root->children; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (is_element (node, "period"))
        {
          g_autofree char *from = string_attribute (node, "from");
          g_autofree char *to = string_attribute (node, "to");

          if (!mc_stats_month_from_string (from, &stats->from_month)
              || !mc_stats_month_from_string (to, &stats->to_month)
              || stats->to_month < stats->from_month)
            return FALSE;
        }
      else if (is_element (node, "protocol"))
        {
          g_free (stats->protocol_id);
          g_free (stats->protocol_revision);
          stats->protocol_id = string_attribute (node, "id");
          stats->protocol_revision = string_attribute (node, "revision");
        }
      else if (is_element (node, "stores"))
        {
          for (xmlNodePtr store = node->children; store != NULL; store = store->next)
            if (is_element (store, "store"))
              {
                char *id = string_attribute (store, "id");

                if (!g_hash_table_add (stores, id))
                  return FALSE;
                g_ptr_array_add (stats->store_ids, g_strdup (id));
              }
        }
      else if (is_element (node, "cases"))
        {
          stats->cases_started = count_attribute (node, "started");
          stats->cases_closed = count_attribute (node, "closed");
          stats->cases_in_period = count_attribute (node, "in-period");
        }
      else if (is_element (node, "age"))
        {
          stats->minors = count_attribute (node, "minors");
          stats->adults = count_attribute (node, "adults");
          stats->age_unknown = count_attribute (node, "unknown");
        }
      else if (is_element (node, "steps"))
        {
          for (xmlNodePtr step = node->children; step != NULL; step = step->next)
            if (is_element (step, "step"))
              {
                guint number = count_attribute (step, "number");

                if (number < 1 || number > MC_STATS_N_STEPS || steps[number - 1])
                  return FALSE;
                steps[number - 1] = TRUE;
                stats->steps_reached[number - 1] = count_attribute (step, "reached");
              }
        }
      else if (is_element (node, "outcomes"))
        {
          for (xmlNodePtr child = node->children; child != NULL; child = child->next)
            if (is_element (child, "quarter"))
              {
                guint number = count_attribute (child, "number");

                if (number < 1 || number > MC_STATS_N_QUARTERS || quarters[number - 1])
                  return FALSE;
                quarters[number - 1] = TRUE;
                read_outcomes (child, stats->outcomes_by_quarter[number - 1]);
              }
            else if (is_element (child, "round"))
              {
                g_autofree char *kind = string_attribute (child, "kind");
                guint k;

                for (k = 0; k < MC_STATS_N_ROUND_KINDS; k++)
                  if (strcmp (kind, mc_stats_round_kind_id (k)) == 0)
                    break;
                if (k == MC_STATS_N_ROUND_KINDS || rounds[k])
                  return FALSE;
                rounds[k] = TRUE;
                read_outcomes (child, stats->outcomes_by_round[k]);
              }
        }
      else if (is_element (node, "veilig-thuis"))
        {
          stats->vt_reports = count_attribute (node, "reports");
          stats->vt_consultations = count_attribute (node, "consultations");
        }
      else if (is_element (node, "decision-days"))
        {
          for (xmlNodePtr days = node->children; days != NULL; days = days->next)
            if (is_element (days, "days"))
              {
                guint value = count_attribute (days, "value");

                if (value > MC_STATS_MAX_DAYS || stats->decision_days[value] != 0)
                  return FALSE;
                stats->decision_days[value] = count_attribute (days, "decisions");
              }
        }
      else if (is_element (node, "follow-up"))
        stats->overdue_follow_up = count_attribute (node, "overdue");
      else if (is_element (node, "forms"))
        {
          if (!read_forms (node, stats->forms))
            return FALSE;
        }
      else if (is_element (node, "special-forms"))
        {
          if (!read_forms (node, stats->special_forms))
            return FALSE;
        }
    }

  return TRUE;
}

McStats *
mc_stats_read_bytes (GBytes      *bytes,
                     const char  *display_name,
                     GError     **error)
{
  g_autoptr(McStats) stats = NULL;
  xmlParserCtxtPtr parser;
  xmlDocPtr doc = NULL;
  xmlNodePtr root;
  xmlSchemaValidCtxtPtr validator;
  McXmlDoctypeStop guard = { FALSE, 0 };
  gboolean well_formed = FALSE;
  const char *data;
  const char *ns;
  gsize size;
  int valid;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size > MC_STATS_XML_MAX_SIZE)
    {
      g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_TOO_LARGE,
                   _("“%s” is too large for a figures file (more than %u MiB)."),
                   display_name, MC_STATS_XML_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  get_schema ();

  /* As the report reader does (mc-report-xml.c): a context of its own, so
   * the DOCTYPE hook stays in place for the whole parse; never
   * XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR or
   * XML_PARSE_XINCLUDE. */
  parser = xmlCreateMemoryParserCtxt (data, (int) size);
  if (parser != NULL)
    {
      parser->_private = &guard;
      mc_xml_guard_install (parser);
      xmlCtxtUseOptions (parser, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                                 | XML_PARSE_NOCDATA);
      xmlParseDocument (parser);
      doc = parser->myDoc;
      parser->myDoc = NULL;
      well_formed = doc != NULL && parser->wellFormed;
      xmlFreeParserCtxt (parser);
    }

  if (guard.saw_doctype)
    {
      g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_FORBIDDEN_DTD,
                   _("“%s” has a document type declaration on line %d. Figures files never "
                     "have one, so the file was not read."),
                   display_name, guard.doctype_line);
      xmlFreeDoc (doc);
      return NULL;
    }
  if (!well_formed)
    {
      g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_INVALID,
                   _("“%s” is not a readable XML file."), display_name);
      xmlFreeDoc (doc);
      return NULL;
    }

  root = xmlDocGetRootElement (doc);
  ns = root->ns != NULL ? (const char *) root->ns->href : NULL;
  if (ns != NULL && g_str_has_prefix (ns, NAMESPACE_PREFIX) && strcmp (ns, MC_STATS_NAMESPACE) != 0)
    {
      g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_NEWER,
                   _("“%s” is a figures file of a newer Meldcode. Update Meldcode to read it."),
                   display_name);
      xmlFreeDoc (doc);
      return NULL;
    }
  if (g_strcmp0 (ns, MC_STATS_NAMESPACE) != 0 || strcmp ((const char *) root->name, "meldcijfers") != 0)
    {
      g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_INVALID,
                   _("“%s” is not a Meldcode figures file."), display_name);
      xmlFreeDoc (doc);
      return NULL;
    }

  validator = xmlSchemaNewValidCtxt (get_schema ());
  xmlSchemaSetValidStructuredErrors (validator, ignore_structured_error, NULL);
  valid = xmlSchemaValidateDoc (validator, doc);
  xmlSchemaFreeValidCtxt (validator);

  stats = mc_stats_new (0, 0, NULL, NULL);
  if (valid != 0 || !read_document (root, stats))
    {
      g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_INVALID,
                   _("“%s” is not a valid Meldcode figures file."), display_name);
      xmlFreeDoc (doc);
      return NULL;
    }

  xmlFreeDoc (doc);
  return g_steal_pointer (&stats);
}

McStats *
mc_stats_read_file (const char  *path,
                    GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  GStatBuf info;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  /* The size first: a huge file is not read into memory. */
  if (g_stat (path, &info) == 0 && info.st_size > MC_STATS_XML_MAX_SIZE)
    {
      g_set_error (error, MC_STATS_ERROR, MC_STATS_ERROR_TOO_LARGE,
                   _("“%s” is too large for a figures file (more than %u MiB)."),
                   display, MC_STATS_XML_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return mc_stats_read_bytes (bytes, display, error);
}
