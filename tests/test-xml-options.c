/* test-xml-options.c: the XML readers' libxml2 options, on their own
 *
 * The protocol, report and figures readers stop at any DOCTYPE, so the hostile
 * fixtures of test-protocol and test-report-xml never reach the parser's
 * options. Here that first line is switched off (mc-xml-guard.h) and the
 * same attacks run into a document that is valid in every other way: an
 * external entity to a local file, a DTD from a file or the network, an
 * external parameter entity, and the billion laughs. None may bring in
 * what is not in the bytes: no marker from outside appears in what was
 * read or in an error, and nothing connects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-protocol.h"
#include "mc-report-xml.h"
#include "mc-stats-xml.h"
#include "mc-test-util.h"
#include "mc-xml-guard.h"
#include "report-sample.h"

/* What the files outside the document hold; it must never be read in. */
#define FILE_MARKER "Xxe-Marker-From-A-Local-File"
#define DTD_MARKER "Dtd-Marker-From-An-External-Subset"
/* What the entities of the document itself hold. */
#define LAUGH "Lol"

typedef struct
{
  char          *tmp;
  char          *marker_file;      /* holds FILE_MARKER */
  char          *marker_dtd;       /* declares the entity "xxe" as DTD_MARKER */
  GSocket       *server;           /* listens; must never be connected to */
  guint16        port;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  fixture->tmp = g_dir_make_tmp ("test-xml-options-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->marker_file = g_build_filename (fixture->tmp, "marker.txt", NULL);
  fixture->marker_dtd = g_build_filename (fixture->tmp, "marker.dtd", NULL);
  g_assert_true (g_file_set_contents (fixture->marker_file, FILE_MARKER, -1, NULL));
  g_assert_true (g_file_set_contents (fixture->marker_dtd,
                                      "<!ENTITY xxe \"" DTD_MARKER "\">\n", -1, NULL));

  fixture->server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (fixture->server, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (fixture->server, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (fixture->server, &error);
  g_assert_no_error (error);
  fixture->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  mc_xml_guard_set_stops_at_doctype (FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  mc_xml_guard_set_stops_at_doctype (TRUE);
  /* Nothing tried to fetch a DTD or an entity over the network. */
  g_assert_cmpint (g_socket_condition_check (fixture->server, G_IO_IN), ==, 0);
  g_object_unref (fixture->server);
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
  g_free (fixture->marker_file);
  g_free (fixture->marker_dtd);
}

typedef struct
{
  const char *name;
  char       *doctype;   /* goes after the XML declaration */
  char       *content;   /* replaces one text of the document */
  gboolean    text_only; /* see test_attribute_blowup() */
} Attack;

/* The attacks, as DOCTYPE and the text that refers to it. */
static GPtrArray *
attacks (Fixture *fixture)
{
  g_autofree char *file_uri = g_filename_to_uri (fixture->marker_file, NULL, NULL);
  g_autofree char *dtd_uri = g_filename_to_uri (fixture->marker_dtd, NULL, NULL);
  GPtrArray *list = g_ptr_array_new ();
  Attack *attack;

#define ADD_ATTACK(name_, content_, ...)                 \
  attack = g_new0 (Attack, 1);                            \
  attack->name = name_;                                   \
  attack->doctype = g_strdup_printf (__VA_ARGS__);        \
  attack->content = content_;                             \
  g_ptr_array_add (list, attack)

  ADD_ATTACK ("external entity, local file", g_strdup ("&xxe;"),
              "<!DOCTYPE root [\n  <!ENTITY xxe SYSTEM \"%s\">\n]>\n", file_uri);
  ADD_ATTACK ("external entity, plain path", g_strdup ("&xxe;"),
              "<!DOCTYPE root [\n  <!ENTITY xxe SYSTEM \"%s\">\n]>\n", fixture->marker_file);
  ADD_ATTACK ("external DTD, local file", g_strdup ("&xxe;"),
              "<!DOCTYPE root SYSTEM \"%s\">\n", dtd_uri);
  ADD_ATTACK ("external parameter entity", g_strdup ("&xxe;"),
              "<!DOCTYPE root [\n  <!ENTITY %% dtd SYSTEM \"%s\">\n  %%dtd;\n]>\n", dtd_uri);
  ADD_ATTACK ("external entity and DTD over the network", g_strdup ("&xxe;"),
              "<!DOCTYPE root SYSTEM \"http://127.0.0.1:%u/root.dtd\" [\n"
              "  <!ENTITY xxe SYSTEM \"http://127.0.0.1:%u/entity.txt\">\n]>\n",
              fixture->port, fixture->port);
  ADD_ATTACK ("billion laughs", g_strdup ("&lol9;"),
              "<!DOCTYPE root [\n"
              "  <!ENTITY lol \"" LAUGH "\">\n"
              "  <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
              "  <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
              "  <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
              "  <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
              "  <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
              "  <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
              "  <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
              "  <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
              "  <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
              "]>\n");
#undef ADD_ATTACK

  return list;
}

/* No nesting, which libxml2 counts as a loop, but one long entity many
 * times: 1,000 references to 10,000 bytes make 10 MB from 15 kB. */
static Attack *
quadratic_blowup (void)
{
  g_autoptr(GString) laughs = g_string_new (NULL);
  g_autoptr(GString) references = g_string_new (NULL);
  Attack *attack = g_new0 (Attack, 1);

  while (laughs->len < 10000)
    g_string_append (laughs, LAUGH);
  for (guint i = 0; i < 1000; i++)
    g_string_append (references, "&big;");
  attack->name = "quadratic blowup";
  attack->doctype = g_strdup_printf ("<!DOCTYPE root [\n  <!ENTITY big \"%s\">\n]>\n", laughs->str);
  attack->content = g_string_free (g_steal_pointer (&references), FALSE);
  attack->text_only = TRUE;
  return attack;
}

static void
attack_free (gpointer data)
{
  Attack *attack = data;

  g_free (attack->doctype);
  g_free (attack->content);
  g_free (attack);
}

/* Where an attack's content goes: into an element's text, and into an
 * attribute, whose entity references the parser always replaces. */
typedef struct
{
  const char *target;
  const char *before;        /* the content goes between these two */
  const char *after;
  gboolean    attribute;
} Place;

/* Two each: the text first, the attribute second. */
static const Place report_places[] = {
  { "<name>Sem Jansen</name>", "<name>", "</name>" },
  { "<case number=\"2026-0001\"", "<case number=\"", "\"", TRUE },
};

static const Place stats_places[] = {
  { "revision=\"2019\"", "revision=\"", "\"", TRUE },
  { "id=\"ambiq\"", "id=\"", "\"", TRUE },
};

static const Place protocol_places[] = {
  { "<title>Minimaal protocol</title>", "<title>", "</title>" },
  { "id=\"minimal\"", "id=\"", "\"", TRUE },
};

/* @document with @attack's DOCTYPE after its XML declaration, the root's
 * name in it, and @place's target replaced by the attack's content. */
static GBytes *
with_attack (const char   *document,
             const char   *root,
             const Place  *place,
             const Attack *attack)
{
  g_autoptr(GString) text = g_string_new (document);
  g_autoptr(GString) doctype = g_string_new (attack->doctype);
  g_autofree char *replacement = g_strconcat (place->before, attack->content, place->after, NULL);
  const char *end_of_declaration;

  g_string_replace (doctype, "DOCTYPE root", root, 1);
  g_assert_true (g_str_has_prefix (text->str, "<?xml "));
  end_of_declaration = strstr (text->str, "?>");
  g_assert_nonnull (end_of_declaration);
  g_string_insert (text, end_of_declaration + 2 - text->str + 1, doctype->str);
  g_assert_cmpuint (g_string_replace (text, place->target, replacement, 1), ==, 1);

  return g_string_free_to_bytes (g_steal_pointer (&text));
}

static void
assert_no_marker (const char *text,
                  const char *attack)
{
  if (text == NULL)
    return;
  if (strstr (text, FILE_MARKER) != NULL || strstr (text, DTD_MARKER) != NULL)
    g_error ("%s: read in what is outside the document: %.200s", attack, text);
  /* The laughs, expanded: a thousand of them at the very least. */
  if (strstr (text, LAUGH LAUGH LAUGH LAUGH LAUGH LAUGH LAUGH LAUGH LAUGH LAUGH) != NULL
      && strlen (text) > 100 * 1000)
    g_error ("%s: expanded entities to %" G_GSIZE_FORMAT " bytes", attack, strlen (text));
}

/* Reports */

static char *
sample_report_xml (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mc_report_to_xml (report, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* What a report read back says, all of it. */
static char *
report_text (McReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mc_report_to_xml (report, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* The check itself sees a marker that gets in: the same document with the
 * marker written into it reads, and holds it. */
static void
test_report_control (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *document = sample_report_xml ();
  g_autoptr(GString) text = g_string_new (document);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = NULL;
  g_autofree char *read_back = NULL;

  g_assert_cmpuint (g_string_replace (text, "<name>Sem Jansen</name>", "<name>" FILE_MARKER "</name>", 1), ==, 1);
  bytes = g_bytes_new (text->str, text->len);
  report = mc_report_read_xml_bytes (bytes, "control.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->client.name, ==, FILE_MARKER);
  read_back = report_text (report);
  g_assert_nonnull (strstr (read_back, FILE_MARKER));
}

static void
test_report_attacks (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *document = sample_report_xml ();
  g_autoptr(GPtrArray) list = attacks (fixture);

  g_ptr_array_set_free_func (list, attack_free);
  g_ptr_array_add (list, quadratic_blowup ());
  for (guint i = 0; i < list->len * G_N_ELEMENTS (report_places); i++)
    {
      const Attack *attack = g_ptr_array_index (list, i / G_N_ELEMENTS (report_places));
      const Place *place = &report_places[i % G_N_ELEMENTS (report_places)];
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *what = g_strdup_printf ("%s in %s", attack->name, place->target);
      g_autoptr(GError) error = NULL;
      g_autoptr(McReport) report = NULL;

      if (attack->text_only && place->attribute)
        continue;
      bytes = with_attack (document, "DOCTYPE report", place, attack);
      report = mc_report_read_xml_bytes (bytes, "attack.xml", &error);
      if (report == NULL)
        {
          g_assert_nonnull (error);
          g_test_message ("%s: refused: %s", what, error->message);
          assert_no_marker (error->message, what);
        }
      else
        {
          g_autofree char *read_back = report_text (report);

          g_assert_no_error (error);
          g_test_message ("%s: read", what);
          assert_no_marker (read_back, what);
        }
    }
}

/* Protocols */

static char *
minimal_protocol (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "protocol", "minimal.xml", NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_protocol_control (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *document = minimal_protocol ();
  g_autoptr(GString) text = g_string_new (document);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;

  g_assert_cmpuint (g_string_replace (text, "Minimaal protocol", FILE_MARKER, 1), ==, 1);
  bytes = g_bytes_new (text->str, text->len);
  protocol = mc_protocol_new_from_bytes (bytes, "control.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_protocol_get_title (protocol), ==, FILE_MARKER);
}

static void
test_protocol_attacks (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *document = minimal_protocol ();
  g_autoptr(GPtrArray) list = attacks (fixture);

  g_ptr_array_set_free_func (list, attack_free);
  g_ptr_array_add (list, quadratic_blowup ());
  for (guint i = 0; i < list->len * G_N_ELEMENTS (protocol_places); i++)
    {
      const Attack *attack = g_ptr_array_index (list, i / G_N_ELEMENTS (protocol_places));
      const Place *place = &protocol_places[i % G_N_ELEMENTS (protocol_places)];
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *what = g_strdup_printf ("%s in %s", attack->name, place->target);
      g_autoptr(GError) error = NULL;
      g_autoptr(McProtocol) protocol = NULL;

      if (attack->text_only && place->attribute)
        continue;
      bytes = with_attack (document, "DOCTYPE protocol", place, attack);
      protocol = mc_protocol_new_from_bytes (bytes, "attack.xml", &error);
      if (protocol == NULL)
        {
          g_assert_nonnull (error);
          g_test_message ("%s: refused: %s", what, error->message);
          assert_no_marker (error->message, what);
        }
      else
        {
          g_assert_no_error (error);
          g_test_message ("%s: read", what);
          assert_no_marker (mc_protocol_get_title (protocol), what);
          assert_no_marker (mc_protocol_get_id (protocol), what);
        }
    }
}

/* The one attack the options cannot stop: libxml2 (2.9.14) replaces
 * entity references in attribute values whatever the options say, and its
 * loop check sees no nesting here, so the quadratic blowup in an attribute
 * expands (15 kB to 10 MB) once the DOCTYPE stop is off. Only that stop
 * holds against it (test_first_line). Kept as a known gap, so it shows in
 * every run and turns into a pass once the readers refuse it on their own. */
static void
test_attribute_blowup (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *report_document = sample_report_xml ();
  g_autofree char *protocol_document = minimal_protocol ();
  Attack *attack = quadratic_blowup ();
  g_autoptr(GBytes) report_bytes = with_attack (report_document, "DOCTYPE report", &report_places[1], attack);
  g_autoptr(GBytes) protocol_bytes = with_attack (protocol_document, "DOCTYPE protocol",
                                                  &protocol_places[1], attack);
  g_autoptr(McReport) report = mc_report_read_xml_bytes (report_bytes, "attack.xml", NULL);
  g_autoptr(McProtocol) protocol = mc_protocol_new_from_bytes (protocol_bytes, "attack.xml", NULL);
  gsize report_number = report != NULL ? strlen (report->case_number) : 0;
  gsize protocol_id = protocol != NULL ? strlen (mc_protocol_get_id (protocol)) : 0;

  attack_free (attack);
  g_test_message ("Expanded in an attribute: report %" G_GSIZE_FORMAT " bytes, protocol %" G_GSIZE_FORMAT " bytes",
                  report_number, protocol_id);
  if (report_number > 100 * 1000 || protocol_id > 100 * 1000)
    g_test_incomplete ("libxml2 expands internal entities in attribute values whatever the options; "
                       "only the DOCTYPE stop refuses a quadratic blowup there");
}

/* Figures files */

static char *
sample_stats (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "stats", "figures-1.meldcijfers", NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* A figures file holds only ids, months and counts, so whatever an entity
 * brings in fails the schema: what matters is that nothing from outside
 * is read in, and that no error repeats it. */
static void
test_stats_attacks (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *document = sample_stats ();
  g_autoptr(GPtrArray) list = attacks (fixture);

  g_ptr_array_set_free_func (list, attack_free);
  for (guint i = 0; i < list->len * G_N_ELEMENTS (stats_places); i++)
    {
      const Attack *attack = g_ptr_array_index (list, i / G_N_ELEMENTS (stats_places));
      const Place *place = &stats_places[i % G_N_ELEMENTS (stats_places)];
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *what = g_strdup_printf ("%s in %s", attack->name, place->target);
      g_autoptr(GError) error = NULL;
      g_autoptr(McStats) stats = NULL;

      bytes = with_attack (document, "DOCTYPE meldcijfers", place, attack);
      stats = mc_stats_read_bytes (bytes, "attack.meldcijfers", &error);
      if (stats == NULL)
        {
          g_assert_nonnull (error);
          g_assert_false (g_error_matches (error, MC_STATS_ERROR, MC_STATS_ERROR_FORBIDDEN_DTD));
          g_test_message ("%s: refused: %s", what, error->message);
          assert_no_marker (error->message, what);
        }
      else
        {
          g_assert_no_error (error);
          g_test_message ("%s: read", what);
          assert_no_marker (stats->protocol_id, what);
          assert_no_marker (stats->protocol_revision, what);
        }
    }
}

/* With the first line in place, the same documents stop at the DOCTYPE:
 * the switch is the only difference. */
static void
test_first_line (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *report_document = sample_report_xml ();
  g_autofree char *protocol_document = minimal_protocol ();
  g_autofree char *stats_document = sample_stats ();
  g_autoptr(GPtrArray) list = attacks (fixture);

  g_ptr_array_set_free_func (list, attack_free);
  g_ptr_array_add (list, quadratic_blowup ());
  mc_xml_guard_set_stops_at_doctype (TRUE);
  for (guint i = 0; i < list->len * 2; i++)
    {
      const Attack *attack = g_ptr_array_index (list, i / 2);
      g_autoptr(GBytes) report_bytes = with_attack (report_document, "DOCTYPE report",
                                                    &report_places[i % 2], attack);
      g_autoptr(GBytes) protocol_bytes = with_attack (protocol_document, "DOCTYPE protocol",
                                                      &protocol_places[i % 2], attack);
      g_autoptr(GError) error = NULL;
      g_autoptr(McReport) report = NULL;
      g_autoptr(GBytes) stats_bytes = with_attack (stats_document, "DOCTYPE meldcijfers",
                                                   &stats_places[i % 2], attack);
      g_autoptr(McProtocol) protocol = NULL;
      g_autoptr(McStats) stats = NULL;

      stats = mc_stats_read_bytes (stats_bytes, "attack.meldcijfers", &error);
      g_assert_error (error, MC_STATS_ERROR, MC_STATS_ERROR_FORBIDDEN_DTD);
      g_assert_null (stats);
      g_clear_error (&error);
      report = mc_report_read_xml_bytes (report_bytes, "attack.xml", &error);
      g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_FORBIDDEN_DTD);
      g_assert_null (report);
      g_clear_error (&error);
      protocol = mc_protocol_new_from_bytes (protocol_bytes, "attack.xml", &error);
      g_assert_error (error, MC_PROTOCOL_ERROR, MC_PROTOCOL_ERROR_FORBIDDEN_DTD);
      g_assert_null (protocol);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/xml-options/report/control", test_report_control);
  ADD ("/xml-options/report/attacks", test_report_attacks);
  ADD ("/xml-options/protocol/control", test_protocol_control);
  ADD ("/xml-options/protocol/attacks", test_protocol_attacks);
  ADD ("/xml-options/stats/attacks", test_stats_attacks);
  ADD ("/xml-options/attribute-blowup", test_attribute_blowup);
  ADD ("/xml-options/first-line", test_first_line);

#undef ADD

  return g_test_run ();
}
