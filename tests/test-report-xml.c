/* test-report-xml.c: the report model, its XML and the anonymised variant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <string.h>
#include <sys/stat.h>

#include "mc-report-xml.h"
#include "report-sample.h"

/* Helpers */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-report-xml-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "report", name, NULL);
}

static GBytes *
to_xml (const McReport *report)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = mc_report_to_xml (report, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data, size);
}

/* Validation with libxml2 directly against the schema file in the source
 * tree, independent of the copy compiled into the core. */
static void
assert_valid_against_xsd (GBytes *bytes)
{
  g_autofree char *xsd = g_test_build_filename (G_TEST_DIST, "..", "data", "report",
                                                "meldcode-report.xsd", NULL);
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt (xsd);
  xmlSchemaPtr schema = xmlSchemaParse (parser);
  xmlSchemaValidCtxtPtr context;
  xmlDocPtr doc;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_nonnull (schema);
  doc = xmlReadMemory (data, (int) size, NULL, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  context = xmlSchemaNewValidCtxt (schema);
  g_assert_cmpint (xmlSchemaValidateDoc (context, doc), ==, 0);

  xmlSchemaFreeValidCtxt (context);
  xmlFreeDoc (doc);
  xmlSchemaFree (schema);
  xmlSchemaFreeParserCtxt (parser);
}

static void
assert_bytes_equal (GBytes *a,
                    GBytes *b)
{
  if (!g_bytes_equal (a, b))
    {
      g_autofree char *sa = bytes_to_string (a);
      g_autofree char *sb = bytes_to_string (b);

      g_assert_cmpstr (sa, ==, sb);
    }
}

/* Clean text holds valid UTF-8 and no character XML 1.0 cannot hold. */
static void
assert_clean (const char *text)
{
  if (text == NULL)
    return;
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_true (c == '\t' || c == '\n' || c >= 0x20);
      g_assert_false (c >= 0x7f && c <= 0x9f);
    }
}

/* Writing */

static void
test_full_validates (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(GBytes) bytes = to_xml (report);
  g_autofree char *text = bytes_to_string (bytes);

  assert_valid_against_xsd (bytes);
  g_assert_true (g_str_has_prefix (text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  g_assert_nonnull (strstr (text, "<report xmlns=\"urn:nl.ambiq.meldcode:report:1\" version=\"1\" "
                                  "anonymous=\"false\">"));
  g_assert_nonnull (strstr (text, "<created>2026-11-28T13:05:09Z</created>"));
  g_assert_nonnull (strstr (text, "<birthDate>2011-03-14</birthDate>"));
  g_assert_nonnull (strstr (text, "<reportNeeded>yes</reportNeeded>"));
  g_assert_nonnull (strstr (text, "<acute>no</acute>"));
  g_assert_nonnull (strstr (text, "<answer>unanswered</answer>"));
}

/* The committed fixture is what the writer makes of the sample: a change in
 * the format shows up here, and in the fixture's diff. */
static void
test_fixture_is_current (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(GBytes) bytes = to_xml (report);
  g_autofree char *path = fixture_path ("valid.xml");
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GBytes) fixture = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  fixture = g_bytes_new_take (g_steal_pointer (&contents), length);
  assert_bytes_equal (bytes, fixture);
}

static void
test_round_trip (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "report.xml", NULL);
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(McReport) read = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  GStatBuf st;
  const McReportSignal *signal;
  const McReportConsultation *consultation;

  g_assert_true (mc_report_write_xml (report, path, &error));
  g_assert_no_error (error);
  /* An export is plaintext: only its owner may read it. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  read = mc_report_read_xml (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);

  g_assert_cmpstr (read->case_number, ==, "2026-0001");
  g_assert_false (read->anonymous);
  g_assert_cmpstr (read->client.name, ==, "Sem Jansen");
  g_assert_cmpint (read->client.age, ==, 15);
  g_assert_cmpuint (read->people->len, ==, 3);
  g_assert_cmpuint (read->signals->len, ==, 10);
  signal = g_ptr_array_index (read->signals, 2);
  g_assert_cmpint (signal->nature, ==, MC_REPORT_NATURE_INTERPRETATION);
  g_assert_null (signal->source);
  g_assert_cmpuint (read->consultations->len, ==, 3);
  consultation = g_ptr_array_index (read->consultations, 2);
  g_assert_true (consultation->anonymous);
  g_assert_null (consultation->consultee);
  g_assert_cmpint (read->conversation.state, ==, MC_REPORT_CONVERSATION_HELD);
  g_assert_cmpint (read->weighing.structural, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpuint (read->questions->len, ==, 5);
  g_assert_cmpint (read->decision.report_needed, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpstr (read->decision.decided_on, ==, "2026-11-26");
  g_assert_cmpstr (read->veilig_thuis.reference, ==, "VT-2026-88123");
  g_assert_cmpuint (read->agreements->len, ==, 3);
  g_assert_true (((McReportAgreement *) g_ptr_array_index (read->agreements, 2))->done);

  /* Export, read, export again: the same bytes. */
  again = to_xml (read);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  {
    g_autoptr(GBytes) written = g_bytes_new (contents, length);

    assert_bytes_equal (written, again);
  }

  remove_tmp_dir (dir);
}

static void
test_conversation_not_held (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(McReport) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;

  mc_report_set_conversation_not_held (report, "safety-client", "Veiligheid van de cliënt",
                                       "Vader dreigde bij een eerder gesprek.");
  mc_report_set_veilig_thuis (report, "2026-11-27", NULL, MC_REPORT_ANSWER_NO, "safety-client",
                              "Veiligheid van de cliënt", NULL);
  bytes = to_xml (report);
  assert_valid_against_xsd (bytes);

  read = mc_report_read_xml_bytes (bytes, "report.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->conversation.state, ==, MC_REPORT_CONVERSATION_NOT_HELD);
  g_assert_cmpstr (read->conversation.reason, ==, "safety-client");
  g_assert_null (read->conversation.held_on);
  g_assert_cmpstr (read->veilig_thuis.exception_label, ==, "Veiligheid van de cliënt");
  again = to_xml (read);
  assert_bytes_equal (bytes, again);
}

static void
test_minimal_report (void)
{
  g_autoptr(McReport) report = mc_report_new ();
  g_autoptr(McReport) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;

  mc_report_set_case (report, "2026-0002", MC_REPORT_STATUS_OPEN);
  mc_report_set_protocol (report, "ambiq", "1");
  mc_report_set_author (report, "Ambiq", "J. de Boer", NULL);
  mc_report_set_client (report, "Cliënt A", NULL, NULL, MC_REPORT_AGE_UNKNOWN);

  bytes = to_xml (report);
  assert_valid_against_xsd (bytes);
  read = mc_report_read_xml_bytes (bytes, "minimal.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->conversation.state, ==, MC_REPORT_CONVERSATION_NONE);
  g_assert_cmpint (read->client.age, ==, MC_REPORT_AGE_UNKNOWN);
  g_assert_null (read->client.birth_date);
  again = to_xml (read);
  assert_bytes_equal (bytes, again);
}

static void
test_incomplete_refused (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "report.xml", NULL);
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(GError) error = NULL;

  mc_report_set_client (report, "", NULL, NULL, 15);

  g_assert_null (mc_report_to_xml (report, &error));
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "client/name"));
  g_clear_error (&error);

  /* Nothing is written at all, not even a temporary file. */
  g_assert_false (mc_report_write_xml (report, path, &error));
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A directory that does not exist: an IO error, with the file's name. */
  mc_report_set_client (report, "Sem Jansen", NULL, NULL, 15);
  {
    g_autofree char *missing = g_build_filename (dir, "no-such-dir", "report.xml", NULL);

    g_assert_false (mc_report_write_xml (report, missing, &error));
    g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "report.xml"));
  }

  remove_tmp_dir (dir);
}

/* A caller that leaves required ids out gets a report that cannot be
 * written (the schema names what is missing), and no crash on the way. */
static void
test_missing_ids (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(McReport) anonymous = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  mc_report_add_person (report, NULL, NULL, "Eva Jansen", NULL, MC_REPORT_AGE_UNKNOWN, NULL);
  mc_report_add_consultation (report, NULL, NULL, NULL, "Bob", FALSE, NULL);
  anonymous = mc_report_anonymize (report);
  g_assert_cmpstr (((McReportPerson *) g_ptr_array_index (anonymous->people, 3))->name, ==,
                   "Person 1");
  g_assert_cmpstr (((McReportConsultation *) g_ptr_array_index (anonymous->consultations, 3))->consultee,
                   ==, "Person 1");

  bytes = mc_report_to_xml (report, &error);
  g_assert_null (bytes);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "people/person/role"));
}

/* Text hygiene */

static void
test_text_cleaned_at_setter (void)
{
  g_autoptr(McReport) report = mc_report_new ();

  mc_report_set_author (report, "Amb\xffiq", "a\x01" "b\x1f" "c\x7f" "d\xc2\x85" "e", "");
  g_assert_cmpstr (report->organisation, ==, "Amb\xef\xbf\xbdiq");
  g_assert_cmpstr (report->author_name, ==, "abcde");
  /* An empty optional text is no text. */
  g_assert_null (report->author_role);

  mc_report_set_client (report, "one\r\ntwo\rthree\tfour\xef\xbf\xbe", NULL, NULL, 3);
  g_assert_cmpstr (report->client.name, ==, "one\ntwo\nthree\tfour");

  /* Decomposed é becomes the composed form, so names match however typed. */
  mc_report_set_case (report, "e\xcc\x81", MC_REPORT_STATUS_OPEN);
  g_assert_cmpstr (report->case_number, ==, "\xc3\xa9");
}

static void
test_hostile_text (void)
{
  g_autoptr(McReport) report = report_sample_hostile ();
  g_autoptr(McReport) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const McReportSignal *signal;
  gsize size;
  const guchar *data;

  bytes = to_xml (report);
  assert_valid_against_xsd (bytes);
  text = bytes_to_string (bytes);
  data = g_bytes_get_data (bytes, &size);

  /* Invalid UTF-8 was repaired at the setter and never written out. */
  g_assert_true (g_utf8_validate (text, size, NULL));
  for (gsize i = 0; i < size; i++)
    g_assert_true (data[i] == '\t' || data[i] == '\n' || data[i] >= 0x20);
  g_assert_null (strstr (text, "\xc2\x85"));
  g_assert_nonnull (strstr (text, "&lt;b&gt;bold&lt;/b&gt; &amp; &amp;amp; ]]&gt;"));
  g_assert_null (strstr (text, "<b>"));
  g_assert_null (strstr (text, "]]>"));

  read = mc_report_read_xml_bytes (bytes, "hostile.xml", &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);

  assert_clean (read->client.name);
  g_assert_nonnull (strstr (read->client.name, "<b>bold</b> & &amp; ]]> \"double\" 'single'"));
  g_assert_nonnull (strstr (read->client.name, "\xef\xbf\xbd bad"));
  g_assert_nonnull (strstr (read->client.name, "\xf0\x9f\x98\x80"));
  g_assert_nonnull (strstr (read->client.name, "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7"));
  g_assert_nonnull (strstr (read->client.name, "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d"));
  g_assert_nonnull (strstr (read->client.name, "tab\there\nnext\nline"));
  g_assert_cmpstr (read->client.name, ==, report->client.name);
  g_assert_cmpstr (read->case_number, ==, report->case_number);
  g_assert_cmpstr (read->protocol_id, ==, report->protocol_id);
  signal = g_ptr_array_index (read->signals, 1);
  assert_clean (signal->description);
  g_assert_cmpint (g_utf8_strlen (signal->description, -1), ==, 100000);
  g_assert_cmpint (g_utf8_strlen (read->decision.justification, -1), ==, 100000);
  g_assert_cmpstr (read->decision.justification, ==, report->decision.justification);

  again = to_xml (read);
  assert_bytes_equal (bytes, again);
}

/* Reading what is not a good report */

static void
assert_refused (const char   *name,
                McReportError code)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = mc_report_read_xml (path, &error);

  g_test_message ("%s: %s", name, error != NULL ? error->message : "(read)");
  g_assert_null (report);
  g_assert_error (error, MC_REPORT_ERROR, (int) code);
  /* The message names the file and, where there is one, the line. */
  g_assert_nonnull (strstr (error->message, name));
  if (code != MC_REPORT_ERROR_TOO_LARGE && code != MC_REPORT_ERROR_IO)
    g_assert_nonnull (strstr (error->message, "line"));
}

static void
test_valid_fixture_reads (void)
{
  g_autofree char *path = fixture_path ("valid.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = mc_report_read_xml (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (report->client.name, ==, "Sem Jansen");
}

static void
test_malformed_refused (void)
{
  assert_refused ("not-xml.xml", MC_REPORT_ERROR_NOT_XML);
  assert_refused ("undeclared-entity.xml", MC_REPORT_ERROR_NOT_XML);
  assert_refused ("wrong-namespace.xml", MC_REPORT_ERROR_WRONG_NAMESPACE);
  assert_refused ("wrong-version.xml", MC_REPORT_ERROR_UNSUPPORTED_VERSION);
  assert_refused ("newer-namespace.xml", MC_REPORT_ERROR_UNSUPPORTED_VERSION);
  assert_refused ("missing-element.xml", MC_REPORT_ERROR_INVALID);
  assert_refused ("invalid-date.xml", MC_REPORT_ERROR_INVALID);
  assert_refused ("billion-laughs.xml", MC_REPORT_ERROR_FORBIDDEN_DTD);
  assert_refused ("external-entity.xml", MC_REPORT_ERROR_FORBIDDEN_DTD);
}

static void
test_missing_element_message (void)
{
  g_autofree char *path = fixture_path ("missing-element.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = mc_report_read_xml (path, &error);

  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
  /* The client's name is missing: the parser stops at what comes
   * instead, the client number on line 14. */
  g_assert_nonnull (strstr (error->message, "at “clientNumber” on line 14"));
}

/* Valid by the schema, but the client's name holds only characters the
 * model removes: refused, since it could not be written out again. */
static void
test_unusable_text_refused (void)
{
  g_autofree char *path = fixture_path ("unusable-text.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = mc_report_read_xml (path, &error);

  g_assert_null (report);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "unusable-text.xml"));
  g_assert_nonnull (strstr (error->message, "client/name"));
}

static void
test_doctype_refused_even_when_harmless (void)
{
  static const char text[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE report>\n"
    "<report xmlns=\"urn:nl.ambiq.meldcode:report:1\" version=\"1\" anonymous=\"false\"/>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = mc_report_read_xml_bytes (bytes, "plain.xml", &error);

  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_FORBIDDEN_DTD);
  g_assert_nonnull (strstr (error->message, "line 2"));
}

static void
test_empty_and_binary_refused (void)
{
  static const guchar binary[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0 };
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) png = g_bytes_new_static (binary, sizeof binary);
  g_autoptr(GError) error = NULL;
  McReport *report;

  report = mc_report_read_xml_bytes (empty, "empty.xml", &error);
  g_assert_null (report);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_NOT_XML);
  g_clear_error (&error);

  report = mc_report_read_xml_bytes (png, "picture.png", &error);
  g_assert_null (report);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_NOT_XML);
  g_assert_nonnull (strstr (error->message, "picture.png"));
}

static void
test_too_large_refused (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "huge.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = NULL;
  gsize size = MC_REPORT_XML_MAX_SIZE + 1;
  g_autofree char *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;

  memset (data, ' ', size);
  g_assert_true (g_file_set_contents (path, data, size, NULL));

  report = mc_report_read_xml (path, &error);
  g_assert_null (report);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge.xml"));
  g_clear_error (&error);

  bytes = g_bytes_new_take (g_steal_pointer (&data), size);
  report = mc_report_read_xml_bytes (bytes, "huge.xml", &error);
  g_assert_null (report);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE);

  remove_tmp_dir (dir);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = mc_report_read_xml ("/nonexistent/dir/report.xml", &error);

  g_assert_null (report);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "report.xml"));
}

/* The anonymised variant */

static void
test_anonymize (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(McReport) anonymous = mc_report_anonymize (report);
  g_autoptr(McReport) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *lowered = NULL;
  const McReportPerson *person;

  g_assert_true (anonymous->anonymous);
  g_assert_cmpstr (anonymous->client.name, ==, "Client, 15 years");
  g_assert_null (anonymous->client.number);
  g_assert_null (anonymous->client.birth_date);
  g_assert_cmpint (anonymous->client.age, ==, 15);
  g_assert_null (anonymous->veilig_thuis.reference);
  person = g_ptr_array_index (anonymous->people, 0);
  g_assert_cmpstr (person->name, ==, "Wettelijk vertegenwoordiger 1");
  g_assert_null (person->birth_date);
  g_assert_cmpint (person->age, ==, 41);
  person = g_ptr_array_index (anonymous->people, 1);
  g_assert_cmpstr (person->name, ==, "Wettelijk vertegenwoordiger 2");
  person = g_ptr_array_index (anonymous->people, 2);
  g_assert_cmpstr (person->name, ==, "Kind 1");
  g_assert_cmpstr (((McReportConsultation *) g_ptr_array_index (anonymous->consultations, 1))->consultee,
                   ==, "Gedragswetenschapper 1");

  /* The professionals stay: they are the ones who consult. */
  g_assert_cmpstr (anonymous->author_name, ==, "Joke de Boer");
  g_assert_cmpstr (anonymous->decision.decided_by_name, ==, "Anton Smit");

  /* The original is untouched. */
  g_assert_cmpstr (report->client.name, ==, "Sem Jansen");
  g_assert_false (report->anonymous);

  bytes = to_xml (anonymous);
  assert_valid_against_xsd (bytes);
  text = bytes_to_string (bytes);
  lowered = g_utf8_strdown (text, -1);
  for (guint i = 0; report_sample_identifying[i] != NULL; i++)
    {
      g_autofree char *needle = g_utf8_strdown (report_sample_identifying[i], -1);

      if (strstr (lowered, needle) != NULL)
        g_error ("The anonymised XML holds “%s”", report_sample_identifying[i]);
    }
  g_assert_nonnull (strstr (text, "anonymous=\"true\""));
  g_assert_nonnull (strstr (text, "Mevrouw [Wettelijk vertegenwoordiger 1] deed"));
  g_assert_nonnull (strstr (text, "papa ([Wettelijk vertegenwoordiger 2])"));
  g_assert_nonnull (strstr (text, "(geboren [date of birth])"));
  g_assert_nonnull (strstr (text, "(cliëntnummer [client number] op"));
  g_assert_nonnull (strstr (text, "Twee: [Client] (15) en [Kind 1] (7)."));

  read = mc_report_read_xml_bytes (bytes, "anonymous.xml", &error);
  g_assert_no_error (error);
  g_assert_true (read->anonymous);
  again = to_xml (read);
  assert_bytes_equal (bytes, again);
}

static void
test_anonymize_matching (void)
{
  g_autoptr(McReport) report = mc_report_new ();
  g_autoptr(McReport) anonymous = NULL;
  const McReportSignal *signal;

  mc_report_set_client (report, "Sem van der Berg", NULL, NULL, MC_REPORT_AGE_UNKNOWN);
  mc_report_add_person (report, "other", NULL, "Ingrid Berg-Öztürk", NULL, 30, NULL);
  mc_report_add_signal (report, NULL, NULL, NULL, MC_REPORT_NATURE_FACT, NULL, NULL,
                        "SEM en sem; het Semester van Van der Berg. ÖZTÜRK belde; Ingrid ook. "
                        "Berg zei niets.");
  anonymous = mc_report_anonymize (report);
  signal = g_ptr_array_index (anonymous->signals, 0);

  g_assert_cmpstr (anonymous->client.name, ==, "Client");
  g_assert_cmpstr (((McReportPerson *) g_ptr_array_index (anonymous->people, 0))->name, ==,
                   "other 1");
  /* Case-insensitive, whole words, the particle goes with the surname,
   * and "Berg" that both carry becomes a neutral "[name]". */
  g_assert_cmpstr (signal->description, ==,
                   "[Client] en [Client]; het Semester van [Client]. [other 1] belde; [other 1] "
                   "ook. [name] zei niets.");
}

static void
test_suggest_filename (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(McReport) anonymous = mc_report_anonymize (report);
  g_autofree char *pdf = mc_report_suggest_filename (report, "pdf");
  g_autofree char *xml = mc_report_suggest_filename (anonymous, "xml");
  g_autofree char *odd = NULL;

  g_assert_cmpstr (pdf, ==, "meldcode-decision-2026-0001-2026-11-28.pdf");
  g_assert_cmpstr (xml, ==, "meldcode-decision-anonymised-2026-0001-2026-11-28.xml");

  mc_report_set_case (report, "../2026/0001 x", MC_REPORT_STATUS_OPEN);
  odd = mc_report_suggest_filename (report, "pdf");
  g_assert_null (strchr (odd, '/'));
  g_assert_null (strchr (odd, ' '));
}

int
main (int   argc,
      char *argv[])
{
  /* The file names carry the local date of a UTC time. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/xml/full-validates", test_full_validates);
  g_test_add_func ("/report/xml/fixture-is-current", test_fixture_is_current);
  g_test_add_func ("/report/xml/round-trip", test_round_trip);
  g_test_add_func ("/report/xml/conversation-not-held", test_conversation_not_held);
  g_test_add_func ("/report/xml/minimal", test_minimal_report);
  g_test_add_func ("/report/xml/incomplete-refused", test_incomplete_refused);
  g_test_add_func ("/report/xml/missing-ids", test_missing_ids);
  g_test_add_func ("/report/text/cleaned-at-setter", test_text_cleaned_at_setter);
  g_test_add_func ("/report/text/hostile", test_hostile_text);
  g_test_add_func ("/report/read/valid-fixture", test_valid_fixture_reads);
  g_test_add_func ("/report/read/malformed-refused", test_malformed_refused);
  g_test_add_func ("/report/read/missing-element-message", test_missing_element_message);
  g_test_add_func ("/report/read/unusable-text", test_unusable_text_refused);
  g_test_add_func ("/report/read/doctype-refused", test_doctype_refused_even_when_harmless);
  g_test_add_func ("/report/read/empty-and-binary", test_empty_and_binary_refused);
  g_test_add_func ("/report/read/too-large", test_too_large_refused);
  g_test_add_func ("/report/read/missing-file", test_missing_file);
  g_test_add_func ("/report/anonymize/full", test_anonymize);
  g_test_add_func ("/report/anonymize/matching", test_anonymize_matching);
  g_test_add_func ("/report/filename", test_suggest_filename);

  return g_test_run ();
}
