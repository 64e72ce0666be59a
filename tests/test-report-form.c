/* test-report-form.c: what Veilig Thuis's form asks (issue 15) in the
 * report, through the XML, the store and the PDF, and the family copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

#include "mc-history.h"
#include "mc-report-builder.h"
#include "mc-report-export.h"
#include "mc-report-import.h"
#include "mc-report-renderer.h"
#include "mc-report-xml.h"
#include "mc-store.h"
#include "mc-test-util.h"
#include "report-sample.h"

#define PASSPHRASE "Correct-Horse-Battery-42"

static char *tmp_dir;

/* Helpers */

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
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

/* libxml2 against the schema file in the source tree, apart from the copy
 * compiled into the core. */
static void
assert_valid (GBytes *bytes)
{
  g_autofree char *xsd = g_test_build_filename (G_TEST_DIST, "..", "data", "report",
                                                "meldcode-report-2.xsd", NULL);
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

static double
xpath_number (GBytes     *bytes,
              const char *expression)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  xmlDocPtr doc = xmlReadMemory (data, (int) size, NULL, NULL, XML_PARSE_NONET);
  xmlXPathContextPtr context;
  xmlXPathObjectPtr result;
  double value;

  g_assert_nonnull (doc);
  context = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (context, BAD_CAST "r", BAD_CAST MC_REPORT_XML_NAMESPACE);
  result = xmlXPathEvalExpression (BAD_CAST expression, context);
  g_assert_nonnull (result);
  value = xmlXPathCastToNumber (result);
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
  return value;
}

static gboolean
have_poppler (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    g_test_skip ("pdftotext (poppler-utils) is not installed");
  return pdftotext != NULL;
}

/* The PDF as pdftotext reads it, on one line. */
static char *
pdf_text (McReport   *report,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path (name);
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  char *text;

  g_assert_true (mc_report_write_pdf (report, path, &error));
  g_assert_no_error (error);
  text = mc_test_run (argv);
  g_assert_nonnull (text);
  return g_strdelimit (text, "\n", ' ');
}

static void
assert_in_order (const char         *text,
                 const char * const *needles)
{
  const char *at = text;

  for (guint i = 0; needles[i] != NULL; i++)
    {
      const char *found = strstr (at, needles[i]);

      if (found == NULL)
        g_error ("“%s” is missing or out of order in: %s", needles[i], text);
      at = found + strlen (needles[i]);
    }
}

/* The full sample with every field of Veilig Thuis's form filled in. The
 * sample has three people: two legal representatives and a child. */
static McReport *
form_sample (void)
{
  McReport *report = report_sample_full ();

  mc_report_set_author_contact (report, "06-12345678", "j.deboer@ambiq.example");
  mc_report_set_person_details (report, 0, "Dorpsstraat 1, 7400 AA Deventer",
                                MC_REPORT_ANSWER_YES, NULL);
  mc_report_set_person_informed (report, 0, MC_REPORT_ANSWER_YES, "2026-11-27",
                                 "Moeder was boos maar begreep het.", NULL, NULL);
  mc_report_set_person_details (report, 1, "Kerkweg 9, 7411 BB Deventer",
                                MC_REPORT_ANSWER_NO, NULL);
  mc_report_set_person_informed (report, 1, MC_REPORT_ANSWER_NO, NULL, NULL,
                                 "inform-exception-client-safety",
                                 "De veiligheid van de cliënt komt in gevaar");
  mc_report_set_person_details (report, 2, NULL, MC_REPORT_ANSWER_UNANSWERED,
                               "Basisschool De Regenboog");
  mc_report_set_section (report, MC_REPORT_SECTION_SUPPORT_NETWORK,
                         "Oma Riet (moederskant) vangt de kinderen op.", FALSE);
  mc_report_set_section (report, MC_REPORT_SECTION_OTHER_INFORMATION,
                         "Het gezin verhuist in januari.", FALSE);
  return report;
}

/* Adds the parts a family copy must leave out, each with a marker. */
static void
mark_secrets (McReport *report)
{
  guint person;

  mc_report_add_person (report, "other", "Anders", "MARKER-PERSON Buurvrouw", NULL,
                        MC_REPORT_AGE_UNKNOWN, "Buurvrouw die het meldde");
  person = report->people->len - 1;
  mc_report_set_person_details (report, person, "MARKER-ADDRESS Achterom 3",
                                MC_REPORT_ANSWER_NO, NULL);
  mc_report_mark_not_for_family (report, MC_REPORT_PART_PERSON, person);
  /* A conversation with a hidden person would name them. */
  mc_report_add_conversation_held (report, (int) person, "2026-11-20", NULL,
                                   "MARKER-WITH-HIDDEN wat zij zag", NULL);
  mc_report_add_conversation_held (report, MC_REPORT_NO_PERSON, "2026-11-21", "Huisarts",
                                   "MARKER-CONVERSATION vertrouwelijk", NULL);
  mc_report_mark_not_for_family (report, MC_REPORT_PART_CONVERSATION,
                                 report->conversations->len - 1);
  mc_report_add_signal (report, "2026-11-19", NULL, NULL, MC_REPORT_NATURE_FACT, "Buurvrouw",
                        "Buurvrouw", "MARKER-SIGNAL geschreeuw 's nachts",
                        MC_REPORT_SIGNAL_STATUS_NONE, NULL);
  mc_report_mark_not_for_family (report, MC_REPORT_PART_SIGNAL, report->signals->len - 1);
  mc_report_set_section (report, MC_REPORT_SECTION_SUPPORT_NETWORK,
                         "MARKER-NETWORK de buurvrouw let op.", TRUE);
}

/* Tests */

static void
test_round_trip (void)
{
  g_autoptr(McReport) report = form_sample ();
  g_autoptr(McReport) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  const McReportPerson *person;

  mc_report_mark_not_for_family (report, MC_REPORT_PART_SIGNAL, 1);
  mc_report_mark_not_for_family (report, MC_REPORT_PART_CONVERSATION, 0);
  mc_report_set_section (report, MC_REPORT_SECTION_OTHER_INFORMATION,
                         "Het gezin verhuist in januari.", TRUE);
  bytes = to_xml (report);
  assert_valid (bytes);

  read = mc_report_read_xml_bytes (bytes, "form.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->author_phone, ==, "06-12345678");
  g_assert_cmpstr (read->author_email, ==, "j.deboer@ambiq.example");
  person = g_ptr_array_index (read->people, 0);
  g_assert_cmpstr (person->address, ==, "Dorpsstraat 1, 7400 AA Deventer");
  g_assert_cmpint (person->gezag, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpint (person->informed, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpstr (person->informed_on, ==, "2026-11-27");
  g_assert_cmpstr (person->informed_reaction, ==, "Moeder was boos maar begreep het.");
  g_assert_null (person->informed_exception);
  g_assert_false (person->not_for_family);
  person = g_ptr_array_index (read->people, 1);
  g_assert_cmpint (person->gezag, ==, MC_REPORT_ANSWER_NO);
  g_assert_cmpint (person->informed, ==, MC_REPORT_ANSWER_NO);
  g_assert_cmpstr (person->informed_exception, ==, "inform-exception-client-safety");
  g_assert_cmpstr (person->informed_exception_label, ==, "De veiligheid van de cliënt komt in gevaar");
  person = g_ptr_array_index (read->people, 2);
  g_assert_cmpstr (person->school, ==, "Basisschool De Regenboog");
  g_assert_cmpint (person->gezag, ==, MC_REPORT_ANSWER_UNANSWERED);
  g_assert_cmpint (person->informed, ==, MC_REPORT_ANSWER_UNANSWERED);
  g_assert_cmpstr (read->support_network.text, ==, "Oma Riet (moederskant) vangt de kinderen op.");
  g_assert_false (read->support_network.not_for_family);
  g_assert_cmpstr (read->other_information.text, ==, "Het gezin verhuist in januari.");
  g_assert_true (read->other_information.not_for_family);
  g_assert_true (((McReportSignal *) g_ptr_array_index (read->signals, 1))->not_for_family);
  g_assert_false (((McReportSignal *) g_ptr_array_index (read->signals, 0))->not_for_family);
  g_assert_true (((McReportConversation *) g_ptr_array_index (read->conversations, 0))->not_for_family);
  g_assert_false (read->family_copy);

  /* Written again: the same bytes. */
  again = to_xml (read);
  g_assert_true (g_bytes_equal (bytes, again));
}

/* The reports that exist (the schema-2 and version-1 fixtures) read as
 * before, with nothing of the new parts. */
static void
test_old_fixtures_read (void)
{
  const char * const names[] = { "valid.xml", "valid-v1.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "report", names[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(McReport) report = mc_report_read_xml (path, &error);
      g_autoptr(GBytes) bytes = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (report);
      g_assert_cmpuint (report->people->len, >, 0);
      g_assert_null (report->author_phone);
      g_assert_null (report->support_network.text);
      g_assert_null (report->other_information.text);
      g_assert_false (report->family_copy);
      g_assert_false (mc_report_has_not_for_family (report));
      for (guint j = 0; j < report->people->len; j++)
        {
          const McReportPerson *person = g_ptr_array_index (report->people, j);

          g_assert_null (person->address);
          g_assert_cmpint (person->gezag, ==, MC_REPORT_ANSWER_UNANSWERED);
          g_assert_cmpint (person->informed, ==, MC_REPORT_ANSWER_UNANSWERED);
        }
      /* And is written as version 2 that validates. */
      bytes = to_xml (report);
      assert_valid (bytes);
    }
}

/* The report 0.2.0 exported (tests/fixtures/store-0.2.0/README.md) reads
 * with Veilig Thuis's form whole, and is written again as it was. */
static void
test_release_fixture_0_2_0 (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "report", "valid-0.2.0.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = mc_report_read_xml (path, &error);
  g_autoptr(McReport) family = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  guint n_addresses = 0;

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpstr (report->author_name, ==, "Joke de Boer");
  g_assert_cmpstr (report->author_phone, ==, "06-12345678");
  g_assert_cmpstr (report->author_email, ==, "j.deboer@ambiq.example");
  g_assert_nonnull (report->support_network.text);
  g_assert_nonnull (report->other_information.text);
  for (guint i = 0; i < report->people->len; i++)
    {
      const McReportPerson *person = g_ptr_array_index (report->people, i);

      if (person->address != NULL)
        n_addresses++;
    }
  g_assert_cmpuint (n_addresses, >, 0);
  g_assert_true (mc_report_has_not_for_family (report));
  family = mc_report_family_copy (report);
  g_assert_false (mc_report_has_not_for_family (family));

  /* Written again: the same document, but for the moment it was made. */
  bytes = to_xml (report);
  assert_valid (bytes);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), contents, length);
}

static void
test_family_copy (void)
{
  g_autoptr(McReport) report = form_sample ();
  g_autoptr(McReport) family = NULL;
  g_autoptr(McReport) read = NULL;
  g_autoptr(GBytes) full_xml = NULL;
  g_autoptr(GBytes) family_xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *full_text = NULL;
  g_autofree char *family_text = NULL;
  guint people;
  guint conversations;

  mark_secrets (report);
  g_assert_true (mc_report_has_not_for_family (report));
  people = report->people->len;
  conversations = report->conversations->len;

  full_xml = to_xml (report);
  assert_valid (full_xml);
  full_text = bytes_to_string (full_xml);
  g_assert_nonnull (strstr (full_text, "MARKER-NETWORK"));
  g_assert_cmpfloat (xpath_number (full_xml, "count(//*[@notForFamily='true'])"), ==, 4);

  family = mc_report_family_copy (report);
  g_assert_true (family->family_copy);
  g_assert_false (mc_report_has_not_for_family (family));
  /* The original is untouched. */
  g_assert_cmpuint (report->people->len, ==, people);
  g_assert_cmpuint (report->conversations->len, ==, conversations);

  g_assert_cmpuint (family->people->len, ==, people - 1);
  /* The marked conversation and the one with the hidden person. */
  g_assert_cmpuint (family->conversations->len, ==, conversations - 2);
  for (guint i = 0; i < family->conversations->len; i++)
    {
      const McReportConversation *conversation = g_ptr_array_index (family->conversations, i);

      g_assert_cmpint (conversation->person, <, (int) family->people->len);
    }
  /* The sample's held conversation still names the first legal
   * representative. */
  g_assert_cmpint (((McReportConversation *) g_ptr_array_index (family->conversations, 1))->person, ==, 0);

  family_xml = to_xml (family);
  assert_valid (family_xml);
  family_text = bytes_to_string (family_xml);
  g_assert_null (strstr (family_text, "MARKER-"));
  g_assert_cmpfloat (xpath_number (family_xml, "count(//*[@notForFamily])"), ==, 0);
  g_assert_cmpfloat (xpath_number (family_xml, "count(/r:report[@familyCopy='true'])"), ==, 1);
  g_assert_cmpfloat (xpath_number (family_xml, "count(//r:supportNetwork)"), ==, 0);
  g_assert_cmpfloat (xpath_number (family_xml, "count(//r:otherInformation)"), ==, 1);
  g_assert_cmpfloat (xpath_number (family_xml, "count(//r:person)"), ==, people - 1);
  /* The rest is there. */
  g_assert_nonnull (strstr (family_text, "Het gezin verhuist in januari."));
  g_assert_nonnull (strstr (family_text, "Dorpsstraat 1"));

  /* A family copy reads back as one. */
  read = mc_report_read_xml_bytes (family_xml, "family.xml", &error);
  g_assert_no_error (error);
  g_assert_true (read->family_copy);

  if (!have_poppler ())
    return;
  {
    g_autofree char *full_pdf = pdf_text (report, "full.pdf");
    g_autofree char *family_pdf = pdf_text (family, "family.pdf");

    g_assert_nonnull (strstr (full_pdf, "MARKER-SIGNAL"));
    g_assert_nonnull (strstr (full_pdf, "MARKER-CONVERSATION"));
    g_assert_nonnull (strstr (full_pdf, "MARKER-ADDRESS"));
    g_assert_nonnull (strstr (full_pdf, "MARKER-NETWORK"));
    g_assert_nonnull (strstr (full_pdf, "Not for the family"));
    g_assert_null (strstr (family_pdf, "MARKER-"));
    g_assert_null (strstr (family_pdf, "Not for the family"));
    g_assert_nonnull (strstr (family_pdf, "Family copy"));
    g_assert_nonnull (strstr (family_pdf, "Het gezin verhuist in januari."));
  }
}

/* The PDF follows Veilig Thuis's form: melder, betrokkenen, melding,
 * ondersteunend netwerk, overige informatie, melding afronden; the
 * decision after. */
static void
test_pdf_order (void)
{
  g_autoptr(McReport) report = form_sample ();
  g_autofree char *text = NULL;

  if (!have_poppler ())
    return;
  text = pdf_text (report, "order.pdf");
  assert_in_order (text, (const char *[]) {
                     "Reporter", "06-12345678", "j.deboer@ambiq.example",
                     "People involved", "Has parental authority", "Dorpsstraat 1",
                     "Has no parental authority", "Basisschool De Regenboog",
                     "Concerns: facts and source",
                     "Support network", "Oma Riet (moederskant)",
                     "Other information", "Het gezin verhuist in januari.",
                     "Completing the report", "Informed of the report",
                     "Moeder was boos maar begreep het.", "Not informed of the report",
                     "De veiligheid van de cliënt komt in gevaar",
                     "Weighing and decision", NULL });
}

/* Every new field through the store: a case from the report, imported,
 * loaded and made into a report again carries them all (store schema 7,
 * the builder both ways). */
static void
test_store_round_trip (void)
{
  g_autofree char *dir = tmp_path ("store");
  g_autoptr(McReport) report = form_sample ();
  g_autoptr(McReport) again = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 28, 10, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  const McReportPerson *person;
  gint64 id = 0;

  mc_report_mark_not_for_family (report, MC_REPORT_PART_PERSON, 2);
  mc_report_mark_not_for_family (report, MC_REPORT_PART_SIGNAL, 0);
  mc_report_mark_not_for_family (report, MC_REPORT_PART_CONVERSATION, 1);
  mc_report_set_section (report, MC_REPORT_SECTION_SUPPORT_NETWORK,
                         "Oma Riet (moederskant) vangt de kinderen op.", TRUE);

  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  case_ = mc_case_new_from_report (report, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_import_case (store, case_, FALSE, &id, &error));
  g_assert_no_error (error);
  loaded = mc_store_load_case (store, id, &error);
  g_assert_no_error (error);

  again = mc_report_new_from_case (loaded, protocol, "Joke de Boer", NULL, now, &error);
  g_assert_no_error (error);
  person = g_ptr_array_index (again->people, 0);
  g_assert_cmpstr (person->address, ==, "Dorpsstraat 1, 7400 AA Deventer");
  g_assert_cmpint (person->gezag, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpint (person->informed, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpstr (person->informed_on, ==, "2026-11-27");
  g_assert_cmpstr (person->informed_reaction, ==, "Moeder was boos maar begreep het.");
  person = g_ptr_array_index (again->people, 1);
  g_assert_cmpint (person->gezag, ==, MC_REPORT_ANSWER_NO);
  g_assert_cmpint (person->informed, ==, MC_REPORT_ANSWER_NO);
  g_assert_cmpstr (person->informed_exception, ==, "inform-exception-client-safety");
  /* The label is the protocol's, as of the export. */
  g_assert_nonnull (person->informed_exception_label);
  person = g_ptr_array_index (again->people, 2);
  g_assert_cmpstr (person->school, ==, "Basisschool De Regenboog");
  g_assert_true (person->not_for_family);
  g_assert_true (((McReportSignal *) g_ptr_array_index (again->signals, 0))->not_for_family);
  g_assert_false (((McReportSignal *) g_ptr_array_index (again->signals, 1))->not_for_family);
  g_assert_true (((McReportConversation *) g_ptr_array_index (again->conversations, 1))->not_for_family);
  g_assert_false (((McReportConversation *) g_ptr_array_index (again->conversations, 0))->not_for_family);
  g_assert_cmpstr (again->support_network.text, ==, "Oma Riet (moederskant) vangt de kinderen op.");
  g_assert_true (again->support_network.not_for_family);
  g_assert_cmpstr (again->other_information.text, ==, "Het gezin verhuist in januari.");
  g_assert_false (again->other_information.not_for_family);

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
}

/* Markup, format strings, bidi overrides, broken UTF-8 in every new field:
 * escaped in the XML, the same after reading, and the PDF renders it. */
static void
test_hostile_text (void)
{
  g_autoptr(McReport) report = form_sample ();
  g_autoptr(McReport) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hostile = g_strconcat (report_sample_hostile_text,
                                          " %s%n%x \xe2\x80\xae\xe2\x80\x8f override", NULL);

  mc_report_set_author_contact (report, "<b>06</b> %s", "\xe2\x80\xae" "moc.elpmaxe@a");
  for (guint i = 0; i < report->people->len; i++)
    {
      mc_report_set_person_details (report, i, hostile, MC_REPORT_ANSWER_YES, hostile);
      mc_report_set_person_informed (report, i, MC_REPORT_ANSWER_NO, NULL, hostile,
                                     "inform-exception-<x>", hostile);
    }
  mc_report_set_section (report, MC_REPORT_SECTION_SUPPORT_NETWORK, hostile, TRUE);
  mc_report_set_section (report, MC_REPORT_SECTION_OTHER_INFORMATION, hostile, FALSE);

  bytes = to_xml (report);
  assert_valid (bytes);
  text = bytes_to_string (bytes);
  g_assert_null (strstr (text, "<b>"));
  g_assert_nonnull (strstr (text, "&lt;b&gt;06&lt;/b&gt; %s"));

  read = mc_report_read_xml_bytes (bytes, "hostile.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->support_network.text, ==, report->support_network.text);
  g_assert_cmpstr (((McReportPerson *) g_ptr_array_index (read->people, 0))->address, ==,
                   ((McReportPerson *) g_ptr_array_index (report->people, 0))->address);
  again = to_xml (read);
  g_assert_true (g_bytes_equal (bytes, again));

  if (have_poppler ())
    {
      g_autofree char *pdf = pdf_text (report, "hostile.pdf");

      g_assert_nonnull (strstr (pdf, "<b>06</b> %s"));
    }
}

/* The anonymised copy drops what places a person (their address and
 * school) and puts a placeholder where free text repeats it. */
static void
test_anonymised (void)
{
  g_autoptr(McReport) report = form_sample ();
  g_autoptr(McReport) anonymous = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  mc_report_set_section (report, MC_REPORT_SECTION_OTHER_INFORMATION,
                         "Na school (Basisschool De Regenboog) gaat Noor naar Dorpsstraat 1, 7400 AA Deventer.",
                         FALSE);
  anonymous = mc_report_anonymize (report);
  bytes = to_xml (anonymous);
  assert_valid (bytes);
  text = bytes_to_string (bytes);
  g_assert_null (strstr (text, "Dorpsstraat"));
  g_assert_null (strstr (text, "Regenboog"));
  g_assert_null (strstr (text, "Fatima"));
  g_assert_nonnull (strstr (text, "[address]"));
  g_assert_nonnull (strstr (text, "[school]"));
  /* The professional's own contact details stay. */
  g_assert_nonnull (strstr (text, "06-12345678"));
}

/* Each new field has its limit: the writer refuses longer text and names
 * the field, and so does the reader of a file that the schema still takes
 * (its maxLength is twice the limit, for anonymised copies). */
static void
test_limits (void)
{
  g_autoptr(McReport) report = form_sample ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *long_line = g_strnfill (MC_LIMIT_LINE_CHARS + 1, 'a');
  g_autofree char *too_long = NULL;
  g_autofree char *long_text = g_strnfill (MC_LIMIT_TEXT_CHARS + 1, 'b');
  g_autofree char *long_name = g_strnfill (MC_LIMIT_NAME_CHARS + 1, 'c');
  g_autoptr(McReport) read = NULL;
  GString *edited;

  mc_report_set_person_details (report, 0, long_line, MC_REPORT_ANSWER_YES, NULL);
  g_assert_null (mc_report_to_xml (report, &error));
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "people/person[1]/address"));
  g_clear_error (&error);

  mc_report_set_person_details (report, 0, NULL, MC_REPORT_ANSWER_YES, NULL);
  mc_report_set_section (report, MC_REPORT_SECTION_OTHER_INFORMATION, long_text, FALSE);
  g_assert_null (mc_report_to_xml (report, &error));
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "otherInformation"));
  g_clear_error (&error);

  mc_report_set_section (report, MC_REPORT_SECTION_OTHER_INFORMATION, NULL, FALSE);
  mc_report_set_author_contact (report, long_name, NULL);
  g_assert_null (mc_report_to_xml (report, &error));
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "reporter/phone"));
  g_clear_error (&error);

  /* At import: a school over the limit, which the schema still takes. */
  mc_report_set_author_contact (report, NULL, NULL);
  mc_report_set_person_details (report, 2, NULL, MC_REPORT_ANSWER_UNANSWERED, "SCHOOL-PLACE");
  bytes = to_xml (report);
  xml = bytes_to_string (bytes);
  too_long = g_strnfill (MC_LIMIT_LINE_CHARS + 10, 'd');
  edited = g_string_new (xml);
  g_assert_cmpuint (g_string_replace (edited, "SCHOOL-PLACE", too_long, 1), ==, 1);
  {
    g_autoptr(GBytes) hostile = g_bytes_new_take (edited->str, edited->len);

    g_string_free (edited, FALSE);
    read = mc_report_read_xml_bytes (hostile, "long.xml", &error);
  }
  g_assert_null (read);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "people/person[3]/school"));
}

/* Inzage for each requester, against a fixture case with third-party
 * information: a person marked "not for the family" (Peter), a child
 * without gezag (Noor), signals told by others, a marked support network.
 * The copy keeps the client and the parent with gezag, leaves out the rest
 * with a note of what and why, carries the access log, and its export is
 * audited as a disclosure. */
static void
test_inzage (void)
{
  const char * const requesters[] = { "client", "parent", "young-person" };
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "report",
                                                    "valid-inzage-case.xml", NULL);
  g_autofree char *dir = tmp_path ("inzage-store");
  g_autofree char *recovery_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) source = NULL;
  g_autoptr(McCase) case_ = NULL;
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(GPtrArray) history = NULL;
  guint disclosures = 0;
  gint64 id = 0;

  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  source = mc_report_read_xml (fixture, &error);
  g_assert_no_error (error);
  case_ = mc_case_new_from_report (source, &error);
  g_assert_no_error (error);
  store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_import_case (store, case_, FALSE, &id, &error));
  g_assert_no_error (error);
  loaded = mc_store_load_case (store, id, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (requesters); i++)
    {
      g_autoptr(McReport) copy = NULL;
      g_autoptr(McReport) read = NULL;
      g_autoptr(GBytes) xml = NULL;
      g_autofree char *text = NULL;
      g_autofree char *expression = NULL;
      g_autofree char *name = g_strdup_printf ("inzage-%s.xml", requesters[i]);
      g_autofree char *path = tmp_path (name);
      McReportRequester requester;

      g_assert_true (mc_report_requester_from_id (requesters[i], &requester));
      copy = mc_report_new_inzage (store, loaded, protocol, "Joke de Boer", "Begeleider",
                                   requester, &error);
      g_assert_no_error (error);
      xml = to_xml (copy);
      assert_valid (xml);
      text = bytes_to_string (xml);

      expression = g_strdup_printf ("count(/r:report/r:inzage[@requester='%s'])", requesters[i]);
      g_assert_cmpfloat (xpath_number (xml, expression), ==, 1);
      /* Only the parent with gezag stays of the people involved. */
      g_assert_cmpfloat (xpath_number (xml, "count(//r:people/r:person)"), ==, 1);
      g_assert_cmpfloat (xpath_number (xml, "count(//r:person[r:name='Fatima El Amrani'])"), ==, 1);
      g_assert_cmpfloat (xpath_number (xml, "count(//r:person[r:name='Noor Jansen'])"), ==, 0);
      g_assert_null (strstr (text, "Peter Jansen, Wettelijk"));
      g_assert_null (strstr (text, "Verborgen Laan"));
      g_assert_null (strstr (text, "GEHEIM-NETWERK"));
      g_assert_cmpfloat (xpath_number (xml, "count(//*[@notForFamily])"), ==, 0);
      /* Who told a signal, when it was someone else, is not there. */
      g_assert_cmpfloat (xpath_number (xml, "count(//r:signal/r:source[.='Ahmed Bakker'])"), ==, 0);
      g_assert_cmpfloat (xpath_number (xml, "count(//r:signal/r:source)"), >, 0);
      /* Each kind of part left out, with why. */
      g_assert_cmpfloat (xpath_number (xml, "count(//r:inzage/r:leftOut[r:why])"), >=, 3);
      /* The access log: the import, with who did it. */
      g_assert_cmpfloat (xpath_number (xml, "count(//r:accessLog/r:access[@action='import'])"), ==, 1);
      g_assert_cmpfloat (xpath_number (xml, "count(//r:accessLog/r:access[@action='create'])"), >, 10);

      read = mc_report_read_xml_bytes (xml, "inzage.xml", &error);
      g_assert_no_error (error);
      g_assert_cmpint (read->inzage.requester, ==, requester);
      g_assert_cmpuint (read->inzage.access_log->len, ==, copy->inzage.access_log->len);
      /* A copy with parts left out never becomes a case again. */
      g_assert_null (mc_case_new_from_report (read, &error));
      g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
      g_clear_error (&error);

      g_assert_true (mc_report_export (store, copy, id, "xml", path, &error));
      g_assert_no_error (error);

      if (i == 0 && have_poppler ())
        {
          g_autofree char *pdf = pdf_text (copy, "inzage.pdf");

          assert_in_order (pdf, (const char *[]) { "Copy of the file for the client",
                                                   "Left out of this copy", "Why:",
                                                   "Reporter", "People involved", "Fatima El Amrani",
                                                   "Access log", "Imported", NULL });
          g_assert_null (strstr (pdf, "Verborgen Laan"));
          g_assert_null (strstr (pdf, "GEHEIM-NETWERK"));
          g_assert_null (strstr (pdf, "Ahmed Bakker ·"));
        }
    }

  /* Each export is a disclosure to its requester in the case's history. */
  history = mc_store_list_case_history (store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      const McHistoryEntry *entry = g_ptr_array_index (history, i);

      if (entry->event == MC_AUDIT_EVENT_EXPORT && entry->new_value != NULL
          && strstr (entry->new_value, " disclosure-") != NULL)
        disclosures++;
    }
  g_assert_cmpuint (disclosures, ==, G_N_ELEMENTS (requesters));

  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
}

/* A young person sees their own file from 12; from 16 a parent's copy
 * says that the young person decides. */
static void
test_inzage_ages (void)
{
  g_autoptr(McReport) report = form_sample ();
  g_autoptr(McReport) young = NULL;
  g_autoptr(McReport) parent = NULL;
  g_autoptr(GError) error = NULL;
  gboolean notice = FALSE;

  mc_report_set_client (report, "Sem Jansen", NULL, NULL, 11);
  g_assert_null (mc_report_inzage_copy (report, MC_REPORT_REQUESTER_YOUNG_PERSON, &error));
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
  g_clear_error (&error);

  mc_report_set_client (report, "Sem Jansen", NULL, NULL, 16);
  young = mc_report_inzage_copy (report, MC_REPORT_REQUESTER_YOUNG_PERSON, &error);
  g_assert_no_error (error);
  parent = mc_report_inzage_copy (report, MC_REPORT_REQUESTER_PARENT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < parent->inzage.left_out->len; i++)
    notice |= strstr (((McReportLeftOut *) g_ptr_array_index (parent->inzage.left_out, i))->why,
                      "From 16") != NULL;
  g_assert_true (notice);
  /* A family copy does not become a case either. */
  {
    g_autoptr(McReport) family = mc_report_family_copy (report);

    g_assert_null (mc_case_new_from_report (family, &error));
    g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("test-report-form-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/report/form/round-trip", test_round_trip);
  g_test_add_func ("/report/form/old-fixtures-read", test_old_fixtures_read);
  g_test_add_func ("/report/form/release-fixture-0.2.0", test_release_fixture_0_2_0);
  g_test_add_func ("/report/form/family-copy", test_family_copy);
  g_test_add_func ("/report/form/pdf-order", test_pdf_order);
  g_test_add_func ("/report/form/store-round-trip", test_store_round_trip);
  g_test_add_func ("/report/form/hostile", test_hostile_text);
  g_test_add_func ("/report/form/limits", test_limits);
  g_test_add_func ("/report/form/anonymised", test_anonymised);
  g_test_add_func ("/report/inzage/requesters", test_inzage);
  g_test_add_func ("/report/inzage/ages", test_inzage_ages);

  status = g_test_run ();
  mc_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
