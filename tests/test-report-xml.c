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
assert_valid_against (GBytes     *bytes,
                      const char *schema_name)
{
  g_autofree char *xsd = g_test_build_filename (G_TEST_DIST, "..", "data", "report",
                                                schema_name, NULL);
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
assert_valid_against_xsd (GBytes *bytes)
{
  assert_valid_against (bytes, "meldcode-report-2.xsd");
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
  g_assert_nonnull (strstr (text, "<report xmlns=\"urn:nl.ambiq.meldcode:report:2\" version=\"2\" "
                                  "anonymous=\"false\">"));
  g_assert_nonnull (strstr (text, "<created>2026-11-28T13:05:09Z</created>"));
  g_assert_nonnull (strstr (text, "<birthDate>2011-03-14</birthDate>"));
  g_assert_nonnull (strstr (text, "<reportNeeded>yes</reportNeeded>"));
  g_assert_nonnull (strstr (text, "<acute>no</acute>"));
  g_assert_nonnull (strstr (text, "<answer>unanswered</answer>"));
  g_assert_nonnull (strstr (text, "<round number=\"3\" kind=\"reweigh\">"));
  g_assert_nonnull (strstr (text, "<question id=\"q4\" skipped=\"true\">"));
  g_assert_nonnull (strstr (text, "<question id=\"q1\" fromRound=\"1\">"));
  g_assert_nonnull (strstr (text, "<overridden rule=\"norm-outcome-help-no\">"));
  g_assert_nonnull (strstr (text, "<conversation person=\"person-2\">"));
  g_assert_nonnull (strstr (text, "<status on=\"2026-11-20\">confirmed</status>"));
  g_assert_nonnull (strstr (text, "<agreement state=\"not-done\">"));
  g_assert_nonnull (strstr (text, "<reason id=\"reported-handed-on\">"));
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
  const McReportRound *round;

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
  g_assert_cmpuint (read->conversations->len, ==, 2);
  g_assert_cmpint (((McReportConversation *) g_ptr_array_index (read->conversations, 1))->state, ==,
                   MC_REPORT_CONVERSATION_HELD);
  g_assert_cmpint (read->weighing.structural, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpuint (read->rounds->len, ==, 3);
  round = mc_report_get_current_round (read);
  g_assert_cmpuint (round->questions->len, ==, 5);
  g_assert_cmpint (round->decision.report_needed, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpstr (round->decision.decided_on, ==, "2026-11-26");
  g_assert_cmpstr (round->veilig_thuis.reference, ==, "VT-2026-88123");
  g_assert_cmpuint (read->agreements->len, ==, 3);
  g_assert_cmpint (((McReportAgreement *) g_ptr_array_index (read->agreements, 1))->state, ==,
                   MC_REPORT_AGREEMENT_DONE);
  g_assert_cmpint (((McReportAgreement *) g_ptr_array_index (read->agreements, 2))->state, ==,
                   MC_REPORT_AGREEMENT_NOT_DONE);
  g_assert_cmpstr (read->closing.reason, ==, "reported-handed-on");

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
  const McReportConversation *conversation;

  mc_report_add_conversation_not_held (report, MC_REPORT_NO_PERSON, "safety-client",
                                       "Veiligheid van de cliënt",
                                       "Vader dreigde bij een eerder gesprek.");
  mc_report_round_set_veilig_thuis (mc_report_get_current_round (report), "2026-11-27", NULL,
                                    MC_REPORT_ANSWER_NO, "safety-client",
                                    "Veiligheid van de cliënt", NULL);
  bytes = to_xml (report);
  assert_valid_against_xsd (bytes);

  read = mc_report_read_xml_bytes (bytes, "report.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->conversations->len, ==, 3);
  conversation = g_ptr_array_index (read->conversations, 2);
  g_assert_cmpint (conversation->state, ==, MC_REPORT_CONVERSATION_NOT_HELD);
  g_assert_cmpstr (conversation->reason, ==, "safety-client");
  g_assert_cmpint (conversation->person, ==, MC_REPORT_NO_PERSON);
  g_assert_null (conversation->held_on);
  g_assert_cmpstr (mc_report_get_current_round (read)->veilig_thuis.exception_label, ==,
                   "Veiligheid van de cliënt");
  again = to_xml (read);
  assert_bytes_equal (bytes, again);
}

/* Every field of two reports, so a round trip is checked field by field
 * and not only through the writer. */
static void
assert_same_report (const McReport *a,
                    const McReport *b)
{
  g_assert_cmpstr (a->case_number, ==, b->case_number);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpint (a->anonymous, ==, b->anonymous);
  g_assert_true (g_date_time_equal (a->created_at, b->created_at));
  g_assert_cmpstr (a->client.name, ==, b->client.name);
  g_assert_cmpuint (a->people->len, ==, b->people->len);
  for (guint i = 0; i < a->people->len; i++)
    {
      const McReportPerson *x = g_ptr_array_index (a->people, i);
      const McReportPerson *y = g_ptr_array_index (b->people, i);

      g_assert_cmpstr (x->role, ==, y->role);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->birth_date, ==, y->birth_date);
    }

  g_assert_cmpuint (a->signals->len, ==, b->signals->len);
  for (guint i = 0; i < a->signals->len; i++)
    {
      const McReportSignal *x = g_ptr_array_index (a->signals, i);
      const McReportSignal *y = g_ptr_array_index (b->signals, i);

      g_assert_cmpint (x->nature, ==, y->nature);
      g_assert_cmpstr (x->description, ==, y->description);
      g_assert_cmpint (x->status, ==, y->status);
      g_assert_cmpstr (x->status_on, ==, y->status_on);
    }

  g_assert_cmpuint (a->conversations->len, ==, b->conversations->len);
  for (guint i = 0; i < a->conversations->len; i++)
    {
      const McReportConversation *x = g_ptr_array_index (a->conversations, i);
      const McReportConversation *y = g_ptr_array_index (b->conversations, i);

      g_assert_cmpint (x->state, ==, y->state);
      g_assert_cmpint (x->person, ==, y->person);
      g_assert_cmpstr (x->held_on, ==, y->held_on);
      g_assert_cmpstr (x->with_whom, ==, y->with_whom);
      g_assert_cmpstr (x->discussed, ==, y->discussed);
      g_assert_cmpstr (x->reaction, ==, y->reaction);
      g_assert_cmpstr (x->reason, ==, y->reason);
      g_assert_cmpstr (x->reason_label, ==, y->reason_label);
      g_assert_cmpstr (x->explanation, ==, y->explanation);
    }

  g_assert_cmpuint (a->rounds->len, ==, b->rounds->len);
  for (guint r = 0; r < a->rounds->len; r++)
    {
      const McReportRound *x = g_ptr_array_index (a->rounds, r);
      const McReportRound *y = g_ptr_array_index (b->rounds, r);

      g_assert_cmpuint (x->number, ==, y->number);
      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpuint (x->questions->len, ==, y->questions->len);
      for (guint i = 0; i < x->questions->len; i++)
        {
          const McReportQuestion *p = g_ptr_array_index (x->questions, i);
          const McReportQuestion *q = g_ptr_array_index (y->questions, i);

          g_assert_cmpstr (p->id, ==, q->id);
          g_assert_cmpstr (p->text, ==, q->text);
          g_assert_cmpint (p->answer, ==, q->answer);
          g_assert_cmpstr (p->note, ==, q->note);
          g_assert_cmpint (p->skipped, ==, q->skipped);
          g_assert_cmpuint (p->from_round, ==, q->from_round);
        }
      g_assert_cmpint (x->outcome.report_needed, ==, y->outcome.report_needed);
      g_assert_cmpint (x->outcome.help_possible, ==, y->outcome.help_possible);
      g_assert_cmpstr (x->outcome.reason, ==, y->outcome.reason);
      g_assert_cmpuint (x->norms->len, ==, y->norms->len);
      for (guint i = 0; i < x->norms->len; i++)
        {
          const McReportNorm *p = g_ptr_array_index (x->norms, i);
          const McReportNorm *q = g_ptr_array_index (y->norms, i);

          g_assert_cmpstr (p->rule_id, ==, q->rule_id);
          g_assert_cmpstr (p->text, ==, q->text);
          g_assert_cmpstr (p->reason, ==, q->reason);
        }
      g_assert_cmpint (x->decision.report_needed, ==, y->decision.report_needed);
      g_assert_cmpint (x->decision.help_possible, ==, y->decision.help_possible);
      g_assert_cmpstr (x->decision.justification, ==, y->decision.justification);
      g_assert_cmpstr (x->decision.decided_by_name, ==, y->decision.decided_by_name);
      g_assert_cmpstr (x->decision.decided_by_role, ==, y->decision.decided_by_role);
      g_assert_cmpstr (x->decision.decided_on, ==, y->decision.decided_on);
      g_assert_cmpstr (x->decision.evaluation_on, ==, y->decision.evaluation_on);
      g_assert_cmpstr (x->veilig_thuis.reported_on, ==, y->veilig_thuis.reported_on);
      g_assert_cmpint (x->veilig_thuis.method, ==, y->veilig_thuis.method);
      g_assert_cmpstr (x->veilig_thuis.reference, ==, y->veilig_thuis.reference);
      g_assert_cmpstr (x->veilig_thuis.contact, ==, y->veilig_thuis.contact);
      g_assert_cmpint (x->veilig_thuis.client_informed, ==, y->veilig_thuis.client_informed);
      g_assert_cmpstr (x->veilig_thuis.exception, ==, y->veilig_thuis.exception);
      g_assert_cmpstr (x->veilig_thuis.client_reaction, ==, y->veilig_thuis.client_reaction);
      g_assert_cmpint (x->veilig_thuis.response, ==, y->veilig_thuis.response);
      g_assert_cmpstr (x->veilig_thuis.agreements, ==, y->veilig_thuis.agreements);
      g_assert_cmpstr (x->veilig_thuis.feedback_on, ==, y->veilig_thuis.feedback_on);
      g_assert_cmpstr (x->veilig_thuis.feedback, ==, y->veilig_thuis.feedback);
    }

  g_assert_cmpuint (a->agreements->len, ==, b->agreements->len);
  for (guint i = 0; i < a->agreements->len; i++)
    {
      const McReportAgreement *x = g_ptr_array_index (a->agreements, i);
      const McReportAgreement *y = g_ptr_array_index (b->agreements, i);

      g_assert_cmpstr (x->description, ==, y->description);
      g_assert_cmpstr (x->due_on, ==, y->due_on);
      g_assert_cmpint (x->state, ==, y->state);
      g_assert_cmpstr (x->owner_name, ==, y->owner_name);
      g_assert_cmpstr (x->owner_role, ==, y->owner_role);
      g_assert_cmpstr (x->state_note, ==, y->state_note);
      g_assert_cmpstr (x->checked_on, ==, y->checked_on);
    }

  g_assert_cmpstr (a->closing.closed_on, ==, b->closing.closed_on);
  g_assert_cmpstr (a->closing.reason, ==, b->closing.reason);
  g_assert_cmpstr (a->closing.reason_label, ==, b->closing.reason_label);
  g_assert_cmpstr (a->closing.note, ==, b->closing.note);
  g_assert_cmpstr (a->closing.closed_by, ==, b->closing.closed_by);
}

/* Three rounds, a meldnorm overridden and one broken, two conversations
 * (one with a person of the case), an interpretation with its status, the
 * closing and agreements: written, read back, compared. */
static void
test_rounds_round_trip (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(McReport) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  const McReportRound *round;
  const McReportNorm *norm;
  const McReportSignal *signal;
  const McReportConversation *conversation;

  mc_report_round_add_norm (mc_report_get_current_round (report), "norm-unsafety-question",
                            "Beantwoord vraag 2 met ja.", NULL);
  bytes = to_xml (report);
  assert_valid_against_xsd (bytes);
  read = mc_report_read_xml_bytes (bytes, "rounds.xml", &error);
  g_assert_no_error (error);
  assert_same_report (report, read);

  g_assert_cmpuint (read->rounds->len, ==, 3);
  round = g_ptr_array_index (read->rounds, 1);
  g_assert_cmpint (round->kind, ==, MC_REPORT_ROUND_EVALUATION);
  g_assert_cmpuint (((McReportQuestion *) g_ptr_array_index (round->questions, 0))->from_round, ==, 1);
  round = mc_report_get_current_round (read);
  g_assert_cmpuint (round->number, ==, 3);
  g_assert_cmpint (round->kind, ==, MC_REPORT_ROUND_REWEIGH);
  g_assert_true (((McReportQuestion *) g_ptr_array_index (round->questions, 3))->skipped);
  g_assert_cmpint (round->outcome.help_possible, ==, MC_REPORT_ANSWER_NO);
  g_assert_cmpuint (round->norms->len, ==, 2);
  norm = g_ptr_array_index (round->norms, 0);
  g_assert_cmpstr (norm->rule_id, ==, "norm-outcome-help-no");
  g_assert_nonnull (strstr (norm->reason, "meldnorm 3"));
  norm = g_ptr_array_index (round->norms, 1);
  g_assert_null (norm->reason);
  g_assert_cmpint (round->veilig_thuis.method, ==, MC_REPORT_METHOD_PHONE_AND_FORM);
  g_assert_cmpint (round->veilig_thuis.response, ==, MC_REPORT_VT_RESPONSE_TAKES_ON);
  g_assert_cmpstr (round->veilig_thuis.contact, ==, "Mirjam Sterk");
  g_assert_cmpstr (round->veilig_thuis.feedback_on, ==, "2026-12-03");
  g_assert_true (mc_report_has_norm_deviations (read));

  signal = g_ptr_array_index (read->signals, 2);
  g_assert_cmpint (signal->status, ==, MC_REPORT_SIGNAL_STATUS_CONFIRMED);
  g_assert_cmpstr (signal->status_on, ==, "2026-11-20");
  conversation = g_ptr_array_index (read->conversations, 0);
  g_assert_cmpint (conversation->state, ==, MC_REPORT_CONVERSATION_NOT_HELD);
  g_assert_cmpint (conversation->person, ==, 1);
  conversation = g_ptr_array_index (read->conversations, 1);
  g_assert_cmpint (conversation->person, ==, 0);
  g_assert_cmpint (read->status, ==, MC_REPORT_STATUS_CLOSED);
  g_assert_cmpstr (read->closing.closed_on, ==, "2026-12-10");
  g_assert_cmpstr (read->closing.reason_label, ==, "Gemeld en overgedragen aan Veilig Thuis");

  again = to_xml (read);
  assert_bytes_equal (bytes, again);
}

/* A report of format version 1 reads into the same model: one round of
 * kind "first", no outcome, no deviations, its one conversation, agreements
 * done or open; and it is written again as version 2. */
static void
test_version_1_reads (void)
{
  g_autofree char *path = fixture_path ("valid-v1.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = mc_report_read_xml (path, &error);
  g_autoptr(McReport) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) rewritten = NULL;
  g_autofree char *contents = NULL;
  const McReportRound *round;
  const McReportConversation *conversation;
  const McReportQuestion *question;
  gsize length;

  g_assert_no_error (error);
  g_assert_cmpstr (report->client.name, ==, "Sem Jansen");
  g_assert_cmpuint (report->rounds->len, ==, 1);
  round = mc_report_get_current_round (report);
  g_assert_cmpuint (round->number, ==, 1);
  g_assert_cmpint (round->kind, ==, MC_REPORT_ROUND_FIRST);
  g_assert_cmpuint (round->questions->len, ==, 5);
  question = g_ptr_array_index (round->questions, 2);
  g_assert_cmpint (question->answer, ==, MC_REPORT_ANSWER_UNANSWERED);
  g_assert_false (question->skipped);
  g_assert_cmpuint (question->from_round, ==, 0);
  g_assert_cmpint (round->outcome.report_needed, ==, MC_REPORT_ANSWER_UNANSWERED);
  g_assert_null (round->outcome.reason);
  g_assert_cmpuint (round->norms->len, ==, 0);
  g_assert_false (mc_report_has_norm_deviations (report));
  g_assert_cmpint (round->decision.report_needed, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpstr (round->decision.decided_by_name, ==, "Anton Smit");
  g_assert_null (round->decision.evaluation_on);
  g_assert_cmpstr (round->veilig_thuis.reference, ==, "VT-2026-88123");
  g_assert_cmpint (round->veilig_thuis.method, ==, MC_REPORT_METHOD_NONE);
  g_assert_cmpint (round->veilig_thuis.response, ==, MC_REPORT_VT_RESPONSE_NONE);
  g_assert_null (round->veilig_thuis.contact);

  g_assert_cmpuint (report->conversations->len, ==, 1);
  conversation = g_ptr_array_index (report->conversations, 0);
  g_assert_cmpint (conversation->state, ==, MC_REPORT_CONVERSATION_HELD);
  g_assert_cmpint (conversation->person, ==, MC_REPORT_NO_PERSON);
  g_assert_cmpstr (conversation->held_on, ==, "2026-11-12");
  g_assert_cmpint (((McReportSignal *) g_ptr_array_index (report->signals, 2))->status, ==,
                   MC_REPORT_SIGNAL_STATUS_NONE);
  g_assert_cmpuint (report->agreements->len, ==, 3);
  g_assert_cmpint (((McReportAgreement *) g_ptr_array_index (report->agreements, 0))->state, ==,
                   MC_REPORT_AGREEMENT_OPEN);
  g_assert_cmpint (((McReportAgreement *) g_ptr_array_index (report->agreements, 2))->state, ==,
                   MC_REPORT_AGREEMENT_DONE);
  g_assert_null (((McReportAgreement *) g_ptr_array_index (report->agreements, 2))->owner_name);
  g_assert_null (report->closing.reason);

  /* Still valid against its own schema, as written by 0.1. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  {
    g_autoptr(GBytes) original = g_bytes_new (contents, length);

    assert_valid_against (original, "meldcode-report.xsd");
  }

  bytes = to_xml (report);
  assert_valid_against_xsd (bytes);
  again = mc_report_read_xml_bytes (bytes, "again.xml", &error);
  g_assert_no_error (error);
  assert_same_report (report, again);
  rewritten = to_xml (again);
  assert_bytes_equal (bytes, rewritten);
}

/* @text with the first @from replaced by @to, read as a report. */
static McReport *
read_edited (const char  *text,
             const char  *from,
             const char  *to,
             GError     **error)
{
  const char *at = strstr (text, from);
  g_autoptr(GString) edited = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_nonnull (at);
  g_string_append_len (edited, text, at - text);
  g_string_append (edited, to);
  g_string_append (edited, at + strlen (from));
  bytes = g_bytes_new (edited->str, edited->len);
  return mc_report_read_xml_bytes (bytes, "edited.xml", error);
}

static void
test_rounds_refused (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autoptr(GBytes) bytes = to_xml (report);
  g_autofree char *text = bytes_to_string (bytes);
  static const struct {
    const char *from;
    const char *to;
  } edits[] = {
    /* Rounds out of order. */
    { "<round number=\"2\"", "<round number=\"4\"" },
    /* Two rounds with one number. */
    { "<round number=\"3\"", "<round number=\"2\"" },
    /* A later round that says it is the first decision. */
    { "kind=\"evaluation\"", "kind=\"first\"" },
    /* A conversation with a person the report does not have. */
    { "person=\"person-2\"", "person=\"person-9\"" },
    /* An answer from a round that is not before it. */
    { "fromRound=\"1\"", "fromRound=\"2\"" },
    /* A kind, a method and a state the format does not know. */
    { "kind=\"reweigh\"", "kind=\"again\"" },
    { "<method>phone-and-form</method>", "<method>fax</method>" },
    { "state=\"not-done\"", "state=\"later\"" },
    /* An override without its reason. */
    { "<reason>Ambiq blijft", "<note>Ambiq blijft" },
    /* A date that does not exist, in an attribute. */
    { "<status on=\"2026-11-20\">", "<status on=\"2026-11-31\">" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McReport) read = NULL;
      g_autofree char *to = g_strdup (edits[i].to);

      /* Keep the document well-formed where an element is renamed. */
      if (g_str_has_prefix (edits[i].to, "<note>"))
        {
          g_autofree char *closing = NULL;
          const char *start = strstr (text, edits[i].from);
          const char *end = strstr (start, "</reason>");
          g_autofree char *inner = g_strndup (start + strlen ("<reason>"),
                                              end - start - strlen ("<reason>"));

          closing = g_strdup_printf ("<reason>%s</reason>", inner);
          read = read_edited (text, closing, "", &error);
        }
      else
        read = read_edited (text, edits[i].from, to, &error);
      g_test_message ("%s → %s: %s", edits[i].from, edits[i].to,
                      error != NULL ? error->message : "(read)");
      g_assert_null (read);
      g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "line"));
    }
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
  g_assert_cmpuint (read->conversations->len, ==, 0);
  g_assert_cmpuint (read->rounds->len, ==, 1);
  g_assert_cmpint (mc_report_get_current_round (read)->kind, ==, MC_REPORT_ROUND_FIRST);
  g_assert_null (read->closing.reason);
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

  /* A name is one line: line ends and tabs become spaces (mc-text.h). */
  mc_report_set_client (report, "one\r\ntwo\rthree\tfour\xef\xbf\xbe", NULL, NULL, 3);
  g_assert_cmpstr (report->client.name, ==, "one two three four");
  /* A free text keeps them, with one kind of line end. */
  mc_report_set_weighing (report, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_NO, NULL, NULL,
                          "one\r\ntwo\rthree\tfour\xef\xbf\xbe");
  g_assert_cmpstr (report->weighing.notes, ==, "one\ntwo\nthree\tfour");

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
  /* A name is one line (mc-text.h); a free text keeps its lines. */
  g_assert_nonnull (strstr (read->client.name, "tab here next line"));
  g_assert_nonnull (strstr (read->weighing.notes, "tab\there\nnext\nline"));
  g_assert_cmpstr (read->client.name, ==, report->client.name);
  g_assert_cmpstr (read->case_number, ==, report->case_number);
  g_assert_cmpstr (read->protocol_id, ==, report->protocol_id);
  signal = g_ptr_array_index (read->signals, 1);
  assert_clean (signal->description);
  g_assert_cmpint (g_utf8_strlen (signal->description, -1), ==, 100000);
  g_assert_cmpint (g_utf8_strlen (mc_report_get_current_round (read)->decision.justification, -1),
                   ==, 100000);
  g_assert_cmpstr (mc_report_get_current_round (read)->decision.justification, ==,
                   mc_report_get_current_round (report)->decision.justification);
  g_assert_cmpstr (read->closing.closed_by, ==, report->closing.closed_by);

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
  for (guint i = 0; i < anonymous->rounds->len; i++)
    {
      const McReportRound *round = g_ptr_array_index (anonymous->rounds, i);

      g_assert_null (round->veilig_thuis.reference);
      g_assert_null (round->veilig_thuis.contact);
    }
  for (guint i = 0; i < anonymous->agreements->len; i++)
    g_assert_null (((McReportAgreement *) g_ptr_array_index (anonymous->agreements, i))->owner_name);
  g_assert_cmpstr (((McReportAgreement *) g_ptr_array_index (anonymous->agreements, 0))->owner_role,
                   ==, "Persoonlijk begeleider");
  g_assert_null (anonymous->closing.closed_by);
  g_assert_cmpstr (anonymous->closing.reason, ==, "reported-handed-on");
  /* The conversation still points at its person, who is now a role. */
  g_assert_cmpint (((McReportConversation *) g_ptr_array_index (anonymous->conversations, 1))->person,
                   ==, 0);
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
  g_assert_cmpstr (mc_report_get_current_round (anonymous)->decision.decided_by_name, ==,
                   "Anton Smit");

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
                        "Berg zei niets.", MC_REPORT_SIGNAL_STATUS_NONE, NULL);
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

/* A print queue shows a job's title to everyone on the print server: the
 * case number is in it, the client's name and number are not. */
static void
test_print_title (void)
{
  g_autoptr(McReport) report = report_sample_full ();
  g_autofree char *title = mc_report_print_title (report);
  g_autofree char *bare = NULL;
  g_autofree char *odd = NULL;

  g_assert_cmpstr (title, ==, "Meldcode case 2026-0001");
  g_assert_nonnull (report->client.name);
  g_assert_null (strstr (title, report->client.name));
  if (report->client.number != NULL)
    g_assert_null (strstr (title, report->client.number));

  mc_report_set_case (report, "2026\n0001\tx", MC_REPORT_STATUS_OPEN);
  odd = mc_report_print_title (report);
  g_assert_cmpstr (odd, ==, "Meldcode case 2026 0001 x");

  mc_report_set_case (report, "", MC_REPORT_STATUS_OPEN);
  bare = mc_report_print_title (report);
  g_assert_cmpstr (bare, ==, "Meldcode case");
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
  g_test_add_func ("/report/xml/rounds-round-trip", test_rounds_round_trip);
  g_test_add_func ("/report/xml/version-1-reads", test_version_1_reads);
  g_test_add_func ("/report/xml/rounds-refused", test_rounds_refused);
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
  g_test_add_func ("/report/print-title", test_print_title);

  return g_test_run ();
}
