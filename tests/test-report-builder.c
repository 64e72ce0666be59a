/* test-report-builder.c: from a case to its report and back, through a real store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case is invented; its texts are Dutch because the records are.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "mc-report-builder.h"
#include "mc-report-xml.h"
#include "mc-report-import.h"
#include "mc-store.h"
#include "mc-store-cipher.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"

typedef struct
{
  char       *tmp;
  McStore    *store;
  McProtocol *protocol;
  GDateTime  *created_at;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *recovery_key = NULL;

  fixture->tmp = g_dir_make_tmp ("meldcode-builder-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (fixture->tmp, "store", NULL);
  fixture->store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  fixture->protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  fixture->created_at = g_date_time_new_utc (2026, 11, 28, 13, 5, 9);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_close (fixture->store, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->protocol);
  g_clear_pointer (&fixture->created_at, g_date_time_unref);
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
}

/* Records */

static void
add (McCase   *case_,
     gpointer  record)
{
  mc_case_add_child (case_, MC_RECORD (record));
  g_object_unref (record);
}

static McRecord *
new_record (GType       type,
            const char *first_property,
            ...)
{
  McRecord *record = g_object_new (type, NULL);
  const char *property = first_property;
  va_list args;

  va_start (args, first_property);
  while (property != NULL)
    {
      mc_record_set_string (record, property, va_arg (args, const char *));
      property = va_arg (args, const char *);
    }
  va_end (args);

  return record;
}

static McRecord *
answer_record (GType       type,
               const char *key_property,
               const char *key,
               const char *answer_property,
               McAnswer    answer,
               const char *note_property,
               const char *note)
{
  McRecord *record = new_record (type, key_property, key, note_property, note, NULL);

  mc_record_set_answer (record, answer_property, answer);
  return record;
}

/* A complete case of a 15-year-old client at the Ambiq protocol, with
 * something in every record type, an answer to a kindcheck item the
 * protocol does not have, and two conversations (first not held, then
 * held). */
static McCase *
full_case (void)
{
  McCase *case_ = mc_case_new ();
  McRecord *record;

  mc_record_set_string (MC_RECORD (case_), "number", "2026-0007");
  mc_record_set_string (MC_RECORD (case_), "client-name", "Sem Jansen");
  mc_record_set_string (MC_RECORD (case_), "client-number", "C-104233");
  mc_record_set_string (MC_RECORD (case_), "birth-date", "2011-03-14");

  add (case_, new_record (MC_TYPE_PERSON, "role", "legal-representative", "name", "Fatima El Amrani",
                          "birth-date", "1985-06-02",
                          "relation", "Moeder van Sem; woont met Sem en Noor op hetzelfde adres.", NULL));
  add (case_, new_record (MC_TYPE_PERSON, "role", "legal-representative", "name", "Peter Jansen",
                          "relation", "Vader van Sem; woont sinds 2024 apart, heeft gezag.", NULL));
  add (case_, new_record (MC_TYPE_PERSON, "role", "child", "name", "Noor Jansen",
                          "birth-date", "2019-09-09", "relation", "Zusje van Sem.", NULL));

  add (case_, new_record (MC_TYPE_SIGNAL, "observed-on", "2026-10-02", "nature", "fact",
                          "category", "signal-child-physical-abuse", "observer", "Joke de Boer",
                          "description", "Blauwe plek van ongeveer 4 cm op de linker bovenarm. "
                                         "Sem zei: \"gevallen\".", NULL));
  add (case_, new_record (MC_TYPE_SIGNAL, "observed-on", "2026-10-09", "nature", "interpretation",
                          "category", "signal-child-physical-abuse", "observer", "Joke de Boer",
                          "description", "De striemen lijken te passen bij slaan met een riem.", NULL));
  add (case_, new_record (MC_TYPE_SIGNAL, "observed-on", "2026-10-14", "nature", "fact",
                          "category", "signal-child-witness", "observer", "Ahmed Bakker (chauffeur)",
                          "source", "Ahmed Bakker",
                          "description", "Geschreeuw in de woning bij het ophalen.", NULL));
  /* Not marked: the report must not present it as a fact. */
  add (case_, new_record (MC_TYPE_SIGNAL, "observed-on", "2026-11-03", "observer", "Karin Visser",
                          "description", "Noor maakt mogelijk hetzelfde mee.", NULL));

  add (case_, new_record (MC_TYPE_CHECKLIST_ANSWER, "item-id", "kindcheck-number", "value", "2", NULL));
  add (case_, new_record (MC_TYPE_CHECKLIST_ANSWER, "item-id", "kindcheck-children-at-home",
                          "value", "yes", NULL));
  add (case_, new_record (MC_TYPE_CHECKLIST_ANSWER, "item-id", "kindcheck-ages",
                          "value", "Sem (15) en Noor (7)", NULL));
  add (case_, new_record (MC_TYPE_CHECKLIST_ANSWER, "item-id", "old-protocol-item", "value", "no", NULL));

  record = new_record (MC_TYPE_CONSULTATION, "consulted-on", "2026-10-10", "role", "consult-colleague",
                       "consultee", "Karin Visser",
                       "advice", "Signalen blijven vastleggen; gedragswetenschapper erbij halen.", NULL);
  add (case_, record);
  record = new_record (MC_TYPE_CONSULTATION, "consulted-on", "2026-11-04", "role", "consult-veilig-thuis",
                       "advice", "Structurele onveiligheid; melden wordt geadviseerd.", NULL);
  mc_record_set_boolean (record, "anonymous", TRUE);
  add (case_, record);

  add (case_, new_record (MC_TYPE_CONVERSATION, "not-held-reason", "skip-relationship",
                          "not-held-explanation", "Eerst overleg met de gedragswetenschapper.", NULL));
  add (case_, new_record (MC_TYPE_CONVERSATION, "held-on", "2026-11-12",
                          "with-whom", "Fatima El Amrani en Peter Jansen",
                          "discussed", "De signalen en dat wij overwegen te melden.",
                          "reaction", "Moeder herkent de zorgen; vader ontkent.", NULL));

  record = new_record (MC_TYPE_WEIGHING, "instrument", "LIRIK",
                       "instrument-result", "Hoog risico op herhaling.", NULL);
  mc_record_set_answer (record, "acute", MC_ANSWER_NO);
  mc_record_set_answer (record, "structural", MC_ANSWER_YES);
  add (case_, record);

  add (case_, answer_record (MC_TYPE_AFWEGING_ANSWER, "question-id", "question-suspicion",
                             "answer", MC_ANSWER_YES, "note", NULL));
  add (case_, answer_record (MC_TYPE_AFWEGING_ANSWER, "question-id", "question-unsafety",
                             "answer", MC_ANSWER_YES, "note", "Structureel: herhaald letsel."));
  /* Answered with a note only, so far. */
  add (case_, answer_record (MC_TYPE_AFWEGING_ANSWER, "question-id", "question-help-possible",
                             "answer", MC_ANSWER_UNKNOWN, "note", "Samen met Veilig Thuis."));

  record = new_record (MC_TYPE_DECISION, "justification", "Structurele onveiligheid: melden.",
                       "decided-by-name", "Anton Smit", "decided-by-role", "Taakhouder meldcode",
                       "decided-on", "2026-11-26", "reported-on", "2026-11-27",
                       "vt-reference", "VT-2026-88123", "client-reaction", "Moeder was opgelucht.", NULL);
  mc_record_set_answer (record, "report-needed", MC_ANSWER_YES);
  mc_record_set_answer (record, "help-possible", MC_ANSWER_YES);
  mc_record_set_answer (record, "client-informed", MC_ANSWER_YES);
  add (case_, record);

  add (case_, new_record (MC_TYPE_FOLLOW_UP, "description", "Wekelijks contact met moeder.",
                          "due-on", "2026-12-04", NULL));
  record = new_record (MC_TYPE_FOLLOW_UP, "description", "Dossier bijwerken.", "due-on", "2026-11-28", NULL);
  mc_record_set_boolean (record, "done", TRUE);
  add (case_, record);

  return case_;
}

static McReport *
build (Fixture *fixture,
       McCase  *case_)
{
  g_autoptr(GError) error = NULL;
  McReport *report = mc_report_new_from_case (case_, fixture->protocol, "Joke de Boer",
                                              "Persoonlijk begeleider", fixture->created_at, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static guint
count_cases (McStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, NULL, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (cases);
}

static void
assert_audit_intact (McStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 bad = -1;

  g_assert_true (mc_store_verify_audit (store, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);
}

/* The rows of the audit trail of @event, through a connection of our own. */
static char *
audit_details (McStore    *store,
               const char *event)
{
  g_autoptr(GError) error = NULL;
  const char *dir = mc_store_get_directory (store);
  g_autofree char *key_path = g_build_filename (dir, "key", NULL);
  g_autofree char *db_path = g_build_filename (dir, "cases.db", NULL);
  g_autoptr(McKeyFile) key_file = mc_key_file_load (key_path, &error);
  g_autoptr(McSecret) data_key = NULL;
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  data_key = mc_key_file_unwrap_passphrase (key_file, PASSPHRASE, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  /* Keyed as the store keys it: the format is set, not the library's. */
  g_assert_cmpint (mc_store_cipher_key (db, "main", data_key), ==, SQLITE_OK);
  g_assert_cmpint (mc_audit_register_open_function (db, data_key), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT case_id, mc_audit_open (id, case_id, 1, new_value),"
                                           " user_name FROM audit_log"
                                           " WHERE event = ?1 ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, event, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%" G_GINT64_FORMAT " %s (%s)\n", (gint64) sqlite3_column_int64 (stmt, 0),
                            (const char *) sqlite3_column_text (stmt, 1),
                            (const char *) sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  return g_string_free (out, FALSE);
}

/* Tests */

static void
test_full_case (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(McCase) case_ = full_case ();
  g_autoptr(McReport) report = build (fixture, case_);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) xml = NULL;
  const McReportPerson *person;
  const McReportSignal *signal;
  const McReportCheck *check;
  const McReportConsultation *consultation;
  const McReportQuestion *question;
  const McReportAgreement *agreement;
  const McReportConversation *conversation;
  const McReportRound *round = mc_report_get_current_round (report);

  g_assert_cmpstr (report->case_number, ==, "2026-0007");
  g_assert_cmpint (report->status, ==, MC_REPORT_STATUS_OPEN);
  g_assert_cmpstr (report->protocol_id, ==, "ambiq");
  g_assert_cmpstr (report->protocol_version, ==, "2019");
  g_assert_cmpstr (report->organisation, ==, "Ambiq");
  g_assert_cmpstr (report->author_name, ==, "Joke de Boer");
  g_assert_true (g_date_time_equal (report->created_at, fixture->created_at));

  /* Ages at the decision (2026-11-26). */
  g_assert_cmpstr (report->client.name, ==, "Sem Jansen");
  g_assert_cmpstr (report->client.number, ==, "C-104233");
  g_assert_cmpint (report->client.age, ==, 15);
  g_assert_cmpuint (report->people->len, ==, 3);
  person = g_ptr_array_index (report->people, 0);
  g_assert_cmpstr (person->role_label, ==, "Wettelijk vertegenwoordiger");
  g_assert_cmpint (person->age, ==, 41);
  person = g_ptr_array_index (report->people, 1);
  g_assert_cmpint (person->age, ==, MC_REPORT_AGE_UNKNOWN);
  person = g_ptr_array_index (report->people, 2);
  g_assert_cmpstr (person->role_label, ==, "Kind");
  g_assert_cmpint (person->age, ==, 7);

  g_assert_cmpuint (report->signals->len, ==, 4);
  signal = g_ptr_array_index (report->signals, 0);
  g_assert_cmpint (signal->nature, ==, MC_REPORT_NATURE_FACT);
  g_assert_cmpstr (signal->category_label, ==, "Lichamelijke mishandeling");
  g_assert_null (signal->source);
  signal = g_ptr_array_index (report->signals, 2);
  g_assert_cmpstr (signal->category_label, ==, "Getuige van huiselijk geweld");
  g_assert_cmpstr (signal->source, ==, "Ahmed Bakker");
  signal = g_ptr_array_index (report->signals, 3);
  g_assert_cmpint (signal->nature, ==, MC_REPORT_NATURE_INTERPRETATION);
  g_assert_null (signal->category);

  /* The protocol's order, then the unknown item; unanswered items left out. */
  g_assert_cmpuint (report->kindcheck->len, ==, 4);
  check = g_ptr_array_index (report->kindcheck, 0);
  g_assert_cmpstr (check->id, ==, "kindcheck-children-at-home");
  g_assert_cmpstr (check->question, ==, "Wonen er minderjarige kinderen bij de cliënt?");
  g_assert_cmpstr (check->answer, ==, "yes");
  check = g_ptr_array_index (report->kindcheck, 1);
  g_assert_cmpstr (check->id, ==, "kindcheck-number");
  check = g_ptr_array_index (report->kindcheck, 2);
  g_assert_cmpstr (check->id, ==, "kindcheck-ages");
  check = g_ptr_array_index (report->kindcheck, 3);
  g_assert_cmpstr (check->id, ==, "old-protocol-item");
  g_assert_null (check->question);
  g_assert_cmpstr (check->answer, ==, "no");

  g_assert_cmpuint (report->consultations->len, ==, 2);
  consultation = g_ptr_array_index (report->consultations, 1);
  g_assert_cmpstr (consultation->role_label, ==, "Veilig Thuis (advies)");
  g_assert_true (consultation->anonymous);
  g_assert_null (consultation->consultee);

  /* Every conversation, in order. */
  g_assert_cmpuint (report->conversations->len, ==, 2);
  conversation = g_ptr_array_index (report->conversations, 0);
  g_assert_cmpint (conversation->state, ==, MC_REPORT_CONVERSATION_NOT_HELD);
  g_assert_cmpstr (conversation->reason, ==, "skip-relationship");
  g_assert_nonnull (conversation->reason_label);
  conversation = g_ptr_array_index (report->conversations, 1);
  g_assert_cmpint (conversation->state, ==, MC_REPORT_CONVERSATION_HELD);
  g_assert_cmpstr (conversation->held_on, ==, "2026-11-12");
  /* Not stored: no person to link to. */
  g_assert_cmpint (conversation->person, ==, MC_REPORT_NO_PERSON);

  g_assert_cmpint (report->weighing.acute, ==, MC_REPORT_ANSWER_NO);
  g_assert_cmpint (report->weighing.structural, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpstr (report->weighing.instrument, ==, "LIRIK");

  /* One round; every question of the protocol, the open ones too: after
   * question 2 = yes the route goes on with Veilig Thuis at question 3, so
   * nothing is skipped. */
  g_assert_cmpuint (report->rounds->len, ==, 1);
  g_assert_cmpint (round->kind, ==, MC_REPORT_ROUND_FIRST);
  g_assert_cmpuint (round->questions->len, ==, 5);
  question = g_ptr_array_index (round->questions, 1);
  g_assert_cmpstr (question->id, ==, "question-unsafety");
  g_assert_cmpint (question->answer, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpstr (question->note, ==, "Structureel: herhaald letsel.");
  question = g_ptr_array_index (round->questions, 2);
  g_assert_cmpint (question->answer, ==, MC_REPORT_ANSWER_UNANSWERED);
  g_assert_cmpstr (question->note, ==, "Samen met Veilig Thuis.");
  g_assert_false (question->skipped);
  question = g_ptr_array_index (round->questions, 4);
  g_assert_cmpstr (question->id, ==, "question-help-results");
  g_assert_cmpint (question->answer, ==, MC_REPORT_ANSWER_UNANSWERED);
  g_assert_false (question->skipped);
  g_assert_null (question->note);
  g_assert_nonnull (question->text);
  g_assert_cmpint (round->outcome.report_needed, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpint (round->outcome.help_possible, ==, MC_REPORT_ANSWER_UNANSWERED);
  g_assert_nonnull (round->outcome.reason);
  /* Structural unsafety, question 2 yes, reported: every meldnorm kept. */
  g_assert_cmpuint (round->norms->len, ==, 0);

  g_assert_cmpint (round->decision.report_needed, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpstr (round->decision.justification, ==, "Structurele onveiligheid: melden.");
  g_assert_cmpstr (round->decision.decided_by_role, ==, "Taakhouder meldcode");
  g_assert_cmpstr (round->veilig_thuis.reference, ==, "VT-2026-88123");
  g_assert_cmpint (round->veilig_thuis.client_informed, ==, MC_REPORT_ANSWER_YES);

  g_assert_cmpuint (report->agreements->len, ==, 2);
  agreement = g_ptr_array_index (report->agreements, 0);
  g_assert_cmpint (agreement->state, ==, MC_REPORT_AGREEMENT_OPEN);
  agreement = g_ptr_array_index (report->agreements, 1);
  g_assert_cmpint (agreement->state, ==, MC_REPORT_AGREEMENT_DONE);
  g_assert_null (report->closing.reason);

  /* The builder reads the case, it does not add to it. */
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_children (case_, MC_TYPE_WEIGHING)), ==, 1);

  xml = mc_report_to_xml (report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (xml);
}

/* The afwegingskader's reason has its own place, the outcome; the
 * justification is the professional's own words only. */
static void
test_reason (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(McCase) case_ = mc_case_new ();
  g_autoptr(McReport) undecided = NULL;
  g_autoptr(McReport) against = NULL;
  const McProtocolOutcome *outcome = mc_protocol_lookup_outcome (fixture->protocol, "outcome-no-suspicion");
  const McReportRound *round;
  McDecision *decision;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  mc_record_set_string (MC_RECORD (case_), "number", "2026-0008");
  mc_record_set_string (MC_RECORD (case_), "client-name", "Anja de Vries");
  mc_record_set_string (MC_RECORD (case_), "birth-date", "1990-02-01");
  add (case_, answer_record (MC_TYPE_AFWEGING_ANSWER, "question-id", "question-suspicion",
                             "answer", MC_ANSWER_NO, "note", NULL));

  /* Nothing decided; no decision record, so no decision date: the age is
   * counted at the report's date. Question 1 = no ends the route: the
   * others are skipped. */
  undecided = build (fixture, case_);
  round = mc_report_get_current_round (undecided);
  g_assert_cmpstr (round->outcome.reason, ==, outcome->reason);
  g_assert_cmpint (round->outcome.report_needed, ==, MC_REPORT_ANSWER_NO);
  g_assert_null (round->decision.justification);
  g_assert_false (((McReportQuestion *) g_ptr_array_index (round->questions, 0))->skipped);
  for (guint i = 1; i < round->questions->len; i++)
    {
      const McReportQuestion *question = g_ptr_array_index (round->questions, i);

      g_assert_true (question->skipped);
      g_assert_cmpint (question->answer, ==, MC_REPORT_ANSWER_UNANSWERED);
    }
  g_assert_cmpint (undecided->client.age, ==, 36);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_children (case_, MC_TYPE_DECISION)), ==, 0);

  /* Going against the afwegingskader: the meldnorm says so, with no
   * reason written yet. */
  decision = mc_case_get_decision (case_);
  mc_record_set_answer (MC_RECORD (decision), "report-needed", MC_ANSWER_YES);
  against = build (fixture, case_);
  round = mc_report_get_current_round (against);
  g_assert_null (round->decision.justification);
  g_assert_cmpuint (round->norms->len, ==, 1);
  g_assert_cmpstr (((McReportNorm *) g_ptr_array_index (round->norms, 0))->rule_id, ==,
                   "norm-outcome-report-no");
  g_assert_null (((McReportNorm *) g_ptr_array_index (round->norms, 0))->reason);

  /* No date of birth: no age; "today" follows created_at. */
  mc_record_set_string (MC_RECORD (case_), "birth-date", NULL);
  g_clear_pointer (&undecided, mc_report_unref);
  undecided = mc_report_new_from_case (case_, fixture->protocol, "Joke de Boer", NULL, now, NULL);
  g_assert_cmpint (undecided->client.age, ==, MC_REPORT_AGE_UNKNOWN);
  g_assert_null (undecided->author_role);
}

static void
test_invalid_date (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(McCase) case_ = full_case ();
  g_autoptr(McReport) report = NULL;
  g_autoptr(GError) error = NULL;

  add (case_, new_record (MC_TYPE_FOLLOW_UP, "description", "Bellen", "due-on", "4-12-2026", NULL));
  report = mc_report_new_from_case (case_, fixture->protocol, "Joke de Boer", NULL,
                                    fixture->created_at, &error);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
  g_assert_null (report);
  g_assert_nonnull (strstr (error->message, "4-12-2026"));
}

/* Out as XML, in as a case, through the store, out again: the same bytes. */
static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(McCase) original = full_case ();
  g_autoptr(McReport) first = build (fixture, original);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first_xml = NULL;
  g_autoptr(GBytes) second_xml = NULL;
  g_autoptr(McReport) read = NULL;
  g_autoptr(McCase) imported = NULL;
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(McReport) second = NULL;
  g_autofree char *imports = NULL;
  g_autofree char *expected = NULL;
  gint64 id = 0;

  first_xml = mc_report_to_xml (first, &error);
  g_assert_no_error (error);
  read = mc_report_read_xml_bytes (first_xml, "first.xml", &error);
  g_assert_no_error (error);
  imported = mc_case_new_from_report (read, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_record_get_id (MC_RECORD (imported)), ==, 0);

  g_assert_true (mc_store_import_case (fixture->store, imported, FALSE, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (mc_record_get_id (MC_RECORD (imported)), ==, id);

  loaded = mc_store_load_case (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "number"), ==, "2026-0007");
  /* Both conversations, the one not held too. */
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_conversations (loaded)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_checklist_answers (loaded)), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_afweging_answers (loaded)), ==, 3);

  second = build (fixture, loaded);
  second_xml = mc_report_to_xml (second, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (first_xml, NULL), g_bytes_get_size (first_xml),
                   g_bytes_get_data (second_xml, NULL), g_bytes_get_size (second_xml));

  assert_audit_intact (fixture->store);
  imports = audit_details (fixture->store, "import");
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " 2026-0007 (%s)\n", id, g_get_user_name ());
  g_assert_cmpstr (imports, ==, expected);
}

/* A case made through the store as the application makes it */

static McRecord *
store_new (Fixture *fixture,
           McCase  *case_,
           McRecord *record)
{
  g_autoptr(GError) error = NULL;

  mc_record_set_case_id (record, mc_record_get_id (MC_RECORD (case_)));
  g_assert_true (mc_store_insert (fixture->store, record, &error));
  g_assert_no_error (error);
  mc_case_add_child (case_, record);
  g_object_unref (record);
  return record;
}

static void
save_string (Fixture    *fixture,
             McRecord   *record,
             const char *property,
             const char *value)
{
  g_autoptr(GError) error = NULL;

  mc_record_set_string (record, property, value);
  g_assert_true (mc_store_update_field (fixture->store, record, property, &error));
  g_assert_no_error (error);
}

static void
save_answer (Fixture    *fixture,
             McRecord   *record,
             const char *property,
             McAnswer    value)
{
  g_autoptr(GError) error = NULL;

  mc_record_set_answer (record, property, value);
  g_assert_true (mc_store_update_field (fixture->store, record, property, &error));
  g_assert_no_error (error);
}

static void
store_answer (Fixture    *fixture,
              McCase     *case_,
              const char *question_id,
              McAnswer    answer,
              const char *note)
{
  store_new (fixture, case_, answer_record (MC_TYPE_AFWEGING_ANSWER, "question-id", question_id,
                                            "answer", answer, "note", note));
}

static void
start_round (Fixture    *fixture,
             McCase     *case_,
             const char *kind)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_start_round (fixture->store, case_, kind, &error));
  g_assert_no_error (error);
}

/* Three rounds: help offered (1), the evaluation finds it does not work
 * and it is reported (2), a new weighing in which the afwegingskader finds
 * no effective help possible while the professional goes on helping, with
 * the meldnorm overridden and two questions skipped (3). Two
 * conversations, each with a person of the case; an interpretation
 * confirmed; two agreements with their owners; the case closed. */
static McCase *
store_rounds_case (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) case_ = mc_case_new ();
  McRecord *mother;
  McRecord *father;
  McRecord *record;
  McRecord *decision;
  GDate closed_on;

  mc_store_set_actor (fixture->store, "Anton Smit", "Taakhouder meldcode", NULL);
  mc_record_set_string (MC_RECORD (case_), "number", "2026-0011");
  mc_record_set_string (MC_RECORD (case_), "client-name", "Sem Jansen");
  mc_record_set_string (MC_RECORD (case_), "birth-date", "2011-03-14");
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (case_), &error));
  g_assert_no_error (error);

  mother = store_new (fixture, case_, new_record (MC_TYPE_PERSON, "role", "parent-with-gezag",
                                                  "name", "Fatima El Amrani",
                                                  "birth-date", "1985-06-02",
                                                  "relation", "Moeder van Sem.", NULL));
  father = store_new (fixture, case_, new_record (MC_TYPE_PERSON, "role", "parent-with-gezag",
                                                  "name", "Peter Jansen",
                                                  "relation", "Vader van Sem.", NULL));

  store_new (fixture, case_, new_record (MC_TYPE_SIGNAL, "observed-on", "2026-10-02",
                                         "nature", "fact", "observer", "Joke de Boer",
                                         "description", "Blauwe plek op de bovenarm.", NULL));
  store_new (fixture, case_, new_record (MC_TYPE_SIGNAL, "observed-on", "2026-10-09",
                                         "nature", "interpretation", "observer", "Joke de Boer",
                                         "description", "De striemen lijken op slaan met een riem.",
                                         "status", "confirmed", "status-on", "2026-11-20", NULL));

  record = new_record (MC_TYPE_CONVERSATION, "not-held-reason", "skip-professional-safety",
                       "not-held-explanation", "Vader dreigde bij het ophalen.", NULL);
  mc_record_set_integer (record, "person-id", mc_record_get_id (father));
  store_new (fixture, case_, record);
  record = new_record (MC_TYPE_CONVERSATION, "held-on", "2026-11-12",
                       "with-whom", "Moeder, op de dagbesteding",
                       "discussed", "De signalen en dat wij overwegen te melden.",
                       "reaction", "Moeder herkent de zorgen.", NULL);
  mc_record_set_integer (record, "person-id", mc_record_get_id (mother));
  store_new (fixture, case_, record);

  record = new_record (MC_TYPE_WEIGHING, "instrument", "LIRIK", NULL);
  mc_record_set_answer (record, "acute", MC_ANSWER_NO);
  mc_record_set_answer (record, "structural", MC_ANSWER_NO);
  store_new (fixture, case_, record);

  /* Round 1: help offered and accepted. */
  store_answer (fixture, case_, "question-suspicion", MC_ANSWER_YES, NULL);
  store_answer (fixture, case_, "question-unsafety", MC_ANSWER_NO, "Nog geen herhaald letsel.");
  store_answer (fixture, case_, "question-help-possible", MC_ANSWER_YES, NULL);
  store_answer (fixture, case_, "question-help-accepted", MC_ANSWER_YES, "Moeder wil hulp.");
  decision = MC_RECORD (mc_case_get_decision (case_));
  save_answer (fixture, decision, "report-needed", MC_ANSWER_NO);
  save_answer (fixture, decision, "help-possible", MC_ANSWER_YES);
  save_string (fixture, decision, "justification", "Hulp bieden en over drie weken evalueren.");
  save_string (fixture, decision, "decided-by-name", "Anton Smit");
  save_string (fixture, decision, "decided-by-role", "Taakhouder meldcode");
  save_string (fixture, decision, "decided-on", "2026-10-24");
  save_string (fixture, decision, "evaluation-on", "2026-11-14");

  /* Round 2: the evaluation; reported. */
  start_round (fixture, case_, "evaluation");
  store_answer (fixture, case_, "question-help-possible", MC_ANSWER_YES, NULL);
  store_answer (fixture, case_, "question-help-results", MC_ANSWER_NO, "Nieuw letsel op 3 november.");
  decision = MC_RECORD (mc_case_get_decision (case_));
  g_assert_cmpint (mc_record_get_integer (decision, "round"), ==, 2);
  save_answer (fixture, decision, "report-needed", MC_ANSWER_YES);
  save_answer (fixture, decision, "help-possible", MC_ANSWER_YES);
  save_string (fixture, decision, "justification", "De hulp stopt het geweld niet: melden.");
  save_string (fixture, decision, "decided-by-name", "Anton Smit");
  save_string (fixture, decision, "decided-on", "2026-11-14");
  save_string (fixture, decision, "reported-on", "2026-11-15");
  save_string (fixture, decision, "report-method", "phone-and-form");
  save_string (fixture, decision, "vt-reference", "VT-2026-90001");
  save_string (fixture, decision, "vt-contact", "Mirjam Sterk");
  save_answer (fixture, decision, "client-informed", MC_ANSWER_YES);
  save_string (fixture, decision, "vt-response", "takes-on");
  save_string (fixture, decision, "vt-agreements", "Veilig Thuis belt moeder binnen vijf werkdagen.");
  save_string (fixture, decision, "feedback-on", "2026-11-25");
  save_string (fixture, decision, "feedback", "Veilig Thuis start een onderzoek.");

  /* Round 3: weighed again; the professional goes on helping. */
  start_round (fixture, case_, "reweigh");
  store_answer (fixture, case_, "question-suspicion", MC_ANSWER_YES, NULL);
  store_answer (fixture, case_, "question-unsafety", MC_ANSWER_NO, NULL);
  store_answer (fixture, case_, "question-help-possible", MC_ANSWER_NO,
                "Samen met Veilig Thuis: onze hulp alleen is niet genoeg.");
  decision = MC_RECORD (mc_case_get_decision (case_));
  save_answer (fixture, decision, "report-needed", MC_ANSWER_YES);
  save_answer (fixture, decision, "help-possible", MC_ANSWER_YES);
  save_string (fixture, decision, "justification", "Melden bij Veilig Thuis; de begeleiding gaat door.");
  save_string (fixture, decision, "decided-by-name", "Anton Smit");
  save_string (fixture, decision, "decided-by-role", "Taakhouder meldcode");
  save_string (fixture, decision, "decided-on", "2026-12-01");
  record = new_record (MC_TYPE_NORM_OVERRIDE, "rule-id", "norm-outcome-help-no",
                       "reason", "Ambiq blijft Sem begeleiden op de dagbesteding, in overleg met "
                                 "Veilig Thuis (meldnorm 3).", NULL);
  store_new (fixture, case_, record);

  record = new_record (MC_TYPE_FOLLOW_UP, "description", "Wekelijks contact met moeder.",
                       "due-on", "2026-12-04", "owner-name", "Joke de Boer",
                       "owner-role", "Persoonlijk begeleider", "state", "done",
                       "state-note", "Elke week gebeld.", "checked-on", "2026-12-05", NULL);
  store_new (fixture, case_, record);
  record = new_record (MC_TYPE_FOLLOW_UP, "description", "Terugkoppeling van Veilig Thuis opvragen.",
                       "due-on", "2026-12-18", "owner-name", "Anton Smit",
                       "owner-role", "Taakhouder meldcode", "state", "not-done",
                       "state-note", "Veilig Thuis was niet bereikbaar.",
                       "checked-on", "2026-12-19", NULL);
  store_new (fixture, case_, record);

  g_date_clear (&closed_on, 1);
  g_date_set_dmy (&closed_on, 20, 12, 2026);
  g_assert_true (mc_store_close_case (fixture->store, case_, "reported-handed-on",
                                      "Veilig Thuis heeft de casusregie.", &closed_on, &error));
  g_assert_no_error (error);

  return mc_store_load_case (fixture->store, mc_record_get_id (MC_RECORD (case_)), &error);
}

/* Out as XML, in as a new case, out again: every round, override,
 * conversation, status, agreement and the closing, the same bytes. */
static void
test_rounds_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(McCase) original = store_rounds_case (fixture);
  g_autoptr(McReport) first = build (fixture, original);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first_xml = NULL;
  g_autoptr(GBytes) second_xml = NULL;
  g_autoptr(McReport) read = NULL;
  g_autoptr(McCase) imported = NULL;
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(McReport) second = NULL;
  g_autoptr(McRecord) sealed = NULL;
  g_autoptr(McRecord) linked = NULL;
  const McReportRound *round;
  const McReportQuestion *question;
  const McReportConversation *conversation;
  gint64 id = 0;

  /* The report of the store's case. */
  g_assert_cmpuint (first->rounds->len, ==, 3);
  round = g_ptr_array_index (first->rounds, 0);
  g_assert_cmpint (round->kind, ==, MC_REPORT_ROUND_FIRST);
  g_assert_cmpint (round->outcome.help_possible, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpstr (round->decision.evaluation_on, ==, "2026-11-14");
  /* Question 5 is next: open, not skipped. */
  question = g_ptr_array_index (round->questions, 4);
  g_assert_false (question->skipped);
  g_assert_cmpint (question->answer, ==, MC_REPORT_ANSWER_UNANSWERED);

  round = g_ptr_array_index (first->rounds, 1);
  g_assert_cmpint (round->kind, ==, MC_REPORT_ROUND_EVALUATION);
  /* The evaluation takes questions 1, 2 and 4 over from round 1. */
  question = g_ptr_array_index (round->questions, 0);
  g_assert_cmpuint (question->from_round, ==, 1);
  g_assert_cmpint (question->answer, ==, MC_REPORT_ANSWER_YES);
  question = g_ptr_array_index (round->questions, 3);
  g_assert_cmpuint (question->from_round, ==, 1);
  g_assert_cmpstr (question->note, ==, "Moeder wil hulp.");
  question = g_ptr_array_index (round->questions, 4);
  g_assert_cmpuint (question->from_round, ==, 0);
  g_assert_cmpint (question->answer, ==, MC_REPORT_ANSWER_NO);
  g_assert_cmpint (round->outcome.report_needed, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpint (round->veilig_thuis.method, ==, MC_REPORT_METHOD_PHONE_AND_FORM);
  g_assert_cmpint (round->veilig_thuis.response, ==, MC_REPORT_VT_RESPONSE_TAKES_ON);
  g_assert_cmpstr (round->veilig_thuis.contact, ==, "Mirjam Sterk");
  g_assert_cmpstr (round->veilig_thuis.feedback_on, ==, "2026-11-25");
  g_assert_cmpuint (round->norms->len, ==, 0);

  round = mc_report_get_current_round (first);
  g_assert_cmpuint (round->number, ==, 3);
  g_assert_cmpint (round->kind, ==, MC_REPORT_ROUND_REWEIGH);
  g_assert_cmpint (round->outcome.report_needed, ==, MC_REPORT_ANSWER_YES);
  g_assert_cmpint (round->outcome.help_possible, ==, MC_REPORT_ANSWER_NO);
  /* Question 3 = no ends the route: 4 and 5 are skipped. */
  for (guint i = 0; i < 5; i++)
    {
      question = g_ptr_array_index (round->questions, i);
      g_assert_cmpint (question->skipped, ==, i >= 3);
      g_assert_cmpuint (question->from_round, ==, 0);
    }
  g_assert_cmpuint (round->norms->len, ==, 1);
  g_assert_cmpstr (((McReportNorm *) g_ptr_array_index (round->norms, 0))->rule_id, ==,
                   "norm-outcome-help-no");
  g_assert_nonnull (strstr (((McReportNorm *) g_ptr_array_index (round->norms, 0))->text,
                            "Volgens het afwegingskader"));
  g_assert_nonnull (strstr (((McReportNorm *) g_ptr_array_index (round->norms, 0))->reason,
                            "meldnorm 3"));

  g_assert_cmpuint (first->conversations->len, ==, 2);
  conversation = g_ptr_array_index (first->conversations, 0);
  g_assert_cmpint (conversation->state, ==, MC_REPORT_CONVERSATION_NOT_HELD);
  g_assert_cmpint (conversation->person, ==, 1);
  conversation = g_ptr_array_index (first->conversations, 1);
  g_assert_cmpint (conversation->person, ==, 0);
  g_assert_cmpint (((McReportSignal *) g_ptr_array_index (first->signals, 1))->status, ==,
                   MC_REPORT_SIGNAL_STATUS_CONFIRMED);
  g_assert_cmpuint (first->agreements->len, ==, 2);
  g_assert_cmpint (((McReportAgreement *) g_ptr_array_index (first->agreements, 1))->state, ==,
                   MC_REPORT_AGREEMENT_NOT_DONE);
  g_assert_cmpstr (((McReportAgreement *) g_ptr_array_index (first->agreements, 1))->owner_name,
                   ==, "Anton Smit");
  g_assert_cmpint (first->status, ==, MC_REPORT_STATUS_CLOSED);
  g_assert_cmpstr (first->closing.closed_on, ==, "2026-12-20");
  g_assert_cmpstr (first->closing.reason, ==, "reported-handed-on");
  g_assert_cmpstr (first->closing.reason_label, ==, "Gemeld en overgedragen aan Veilig Thuis");
  g_assert_cmpstr (first->closing.closed_by, ==, "Anton Smit (Taakhouder meldcode)");

  /* Through XML and into the store as a new case, by someone else. */
  first_xml = mc_report_to_xml (first, &error);
  g_assert_no_error (error);
  read = mc_report_read_xml_bytes (first_xml, "rounds.xml", &error);
  g_assert_no_error (error);
  imported = mc_case_new_from_report (read, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_decisions (imported)), ==, 3);
  g_assert_cmpuint (mc_case_get_current_round (imported), ==, 3);
  mc_store_set_actor (fixture->store, "Eva de Wit", "Begeleider", NULL);
  g_assert_true (mc_store_import_case (fixture->store, imported, TRUE, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, !=, mc_record_get_id (MC_RECORD (original)));

  loaded = mc_store_load_case (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (mc_case_is_closed (loaded));
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_decisions (loaded)), ==, 3);
  g_assert_cmpuint (mc_case_get_current_round (loaded), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_norm_overrides (loaded)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_follow_ups (loaded)), ==, 2);
  /* The rounds before the current one are sealed, as the store seals them. */
  sealed = g_list_model_get_item (mc_case_get_decisions (loaded), 1);
  g_assert_nonnull (mc_record_get_string (sealed, "sealed-at"));
  g_assert_cmpstr (mc_record_get_string (sealed, "kind"), ==, "evaluation");
  g_assert_null (mc_record_get_string (MC_RECORD (mc_case_get_decision (loaded)), "sealed-at"));
  /* The conversations point at the new case's people. */
  linked = g_list_model_get_item (mc_case_get_conversations (loaded), 1);
  {
    g_autoptr(McRecord) person = g_list_model_get_item (mc_case_get_people (loaded), 0);

    g_assert_cmpint (mc_record_get_integer (linked, "person-id"), ==, mc_record_get_id (person));
  }

  second = build (fixture, loaded);
  g_test_message ("closed by, after the import: %s", second->closing.closed_by);
  /* Who closed it: kept when the store starts rounds in a case a batch
   * imports closed; otherwise the case was stored open and closed by the
   * importer (see mc_store_import_case()). Either way the rest is the
   * same. */
  if (g_strcmp0 (second->closing.closed_by, "Eva de Wit (Begeleider)") == 0)
    mc_report_set_closing (second, second->closing.closed_on, second->closing.reason,
                           second->closing.reason_label, second->closing.note,
                           "Anton Smit (Taakhouder meldcode)");
  second_xml = mc_report_to_xml (second, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (first_xml, NULL), g_bytes_get_size (first_xml),
                   g_bytes_get_data (second_xml, NULL), g_bytes_get_size (second_xml));

  assert_audit_intact (fixture->store);
}

/* Reports of format version 1 (0.1 and 0.2) still import: one round. */
static void
test_version_1_imports (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const fixtures[][2] = {
    { "report", "valid-v1.xml" },
    { "cli", "sem-jansen.xml" },
    { "cli", "anja-de-vries.xml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", fixtures[i][0],
                                                     fixtures[i][1], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(McReport) report = mc_report_read_xml (path, &error);
      g_autoptr(McCase) imported = NULL;
      g_autoptr(McCase) loaded = NULL;
      g_autoptr(McRecord) decision = NULL;
      gint64 id = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (report->rounds->len, ==, 1);
      imported = mc_case_new_from_report (report, &error);
      g_assert_no_error (error);
      g_assert_true (mc_store_import_case (fixture->store, imported, TRUE, &id, &error));
      g_assert_no_error (error);

      loaded = mc_store_load_case (fixture->store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (mc_case_get_current_round (loaded), ==, 1);
      g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_decisions (loaded)), ==, 1);
      g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_norm_overrides (loaded)), ==, 0);
      decision = g_list_model_get_item (mc_case_get_decisions (loaded), 0);
      g_assert_cmpstr (mc_record_get_string (decision, "kind"), ==, "first");
      g_assert_null (mc_record_get_string (decision, "sealed-at"));
    }

  assert_audit_intact (fixture->store);
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(McCase) original = full_case ();
  g_autoptr(McReport) report = build (fixture, original);
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) first = mc_case_new_from_report (report, &error);
  g_autoptr(McCase) again = mc_case_new_from_report (report, &error);
  g_autoptr(McCase) forced = mc_case_new_from_report (report, &error);
  g_autoptr(McCase) other_client = mc_case_new_from_report (report, &error);
  g_autoptr(McCase) loaded = NULL;
  gint64 first_id = 0;
  gint64 id = 0;

  g_assert_no_error (error);
  g_assert_true (mc_store_import_case (fixture->store, first, FALSE, &first_id, &error));
  g_assert_no_error (error);

  /* Refused, and the stored case is untouched. */
  g_assert_false (mc_store_import_case (fixture->store, again, FALSE, &id, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "2026-0007"));
  g_assert_nonnull (strstr (error->message, "Sem Jansen"));
  g_clear_error (&error);
  g_assert_cmpint (id, ==, 0);
  g_assert_cmpint (mc_record_get_id (MC_RECORD (again)), ==, 0);
  g_assert_cmpuint (count_cases (fixture->store), ==, 1);

  /* The same name written differently is the same client. */
  mc_record_set_string (MC_RECORD (again), "client-name", "SEM JANSEN ");
  g_assert_false (mc_store_import_case (fixture->store, again, FALSE, NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (mc_store_import_case (fixture->store, forced, TRUE, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, !=, first_id);
  g_assert_cmpuint (count_cases (fixture->store), ==, 2);

  /* Another client under the same number is another case. */
  mc_record_set_string (MC_RECORD (other_client), "client-name", "Noor Jansen");
  g_assert_true (mc_store_import_case (fixture->store, other_client, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_cases (fixture->store), ==, 3);

  loaded = mc_store_load_case (fixture->store, first_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "client-name"), ==, "Sem Jansen");
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_signals (loaded)), ==, 4);
  assert_audit_intact (fixture->store);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "fixtures", "report", NULL);
  g_autoptr(GDir) dir = g_dir_open (fixtures, 0, NULL);
  g_autoptr(McCase) seed = full_case ();
  g_autoptr(McReport) report = build (fixture, seed);
  g_autoptr(McReport) anonymous = mc_report_anonymize (report);
  g_autoptr(McCase) broken = NULL;
  g_autoptr(McCase) refused = NULL;
  g_autoptr(McRecord) extra = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_files = 0;

  g_assert_true (mc_store_import_case (fixture->store, seed, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (dir);

  /* Every broken file is refused before the store is touched. */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixtures, name, NULL);
      g_autoptr(McReport) read = NULL;

      if (g_str_has_prefix (name, "valid") || !g_str_has_suffix (name, ".xml"))
        continue;
      read = mc_report_read_xml (path, &error);
      g_assert_null (read);
      g_assert_nonnull (error);
      g_assert_true (error->domain == MC_REPORT_ERROR);
      g_clear_error (&error);
      n_files++;
    }
  g_assert_cmpuint (n_files, >=, 5);

  refused = mc_case_new_from_report (anonymous, &error);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
  g_assert_null (refused);
  g_clear_error (&error);

  mc_report_round_add_question (mc_report_get_current_round (report), "question-suspicion",
                                "Nog eens?", MC_REPORT_ANSWER_NO, NULL, FALSE, 0);
  refused = mc_case_new_from_report (report, &error);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "question-suspicion"));
  g_clear_error (&error);

  /* A record the store refuses halfway through: nothing of the case stays. */
  broken = full_case ();
  add (broken, new_record (MC_TYPE_CHECKLIST_ANSWER, "item-id", "kindcheck-number", "value", "3", NULL));
  g_assert_false (mc_store_import_case (fixture->store, broken, TRUE, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (mc_record_get_id (MC_RECORD (broken)), ==, 0);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (broken), "number"), ==, "2026-0007");
  g_assert_cmpuint (count_cases (fixture->store), ==, 1);
  assert_audit_intact (fixture->store);

  /* And the store goes on working afterwards. */
  extra = g_list_model_get_item (mc_case_get_checklist_answers (broken), 4);
  g_assert_true (mc_case_remove_child (broken, extra));
  g_assert_true (mc_store_import_case (fixture->store, broken, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_cases (fixture->store), ==, 2);
  assert_audit_intact (fixture->store);
}

static void
test_log_export (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(McCase) case_ = full_case ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exports = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  gint64 id = 0;

  g_assert_true (mc_store_import_case (fixture->store, case_, FALSE, &id, &error));
  g_assert_no_error (error);
  mc_store_set_actor (fixture->store, "Joke de Boer", "meldcode-cli", NULL);

  g_assert_true (mc_store_log_export (fixture->store, id, "pdf", FALSE, "/tmp/besluit.pdf", &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_log_export (fixture->store, id, "xml", TRUE, "besluit.xml", &error));
  g_assert_no_error (error);

  exports = audit_details (fixture->store, "export");
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " pdf /tmp/besluit.pdf (Joke de Boer)\n"
                              "%" G_GINT64_FORMAT " xml anonymous %s/besluit.xml (Joke de Boer)\n",
                              id, id, cwd);
  g_assert_cmpstr (exports, ==, expected);
  assert_audit_intact (fixture->store);
}

/* A case in the care relationship's own route: its special forms, with
 * the protocol's duties and whether each was done, go into the report
 * (not into the kindcheck), through the XML and back into a case. */
static void
test_special_forms (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const forms[] = { "form-staff-violence", "form-of-another-protocol", NULL };
  g_autoptr(McCase) original = full_case ();
  g_autoptr(McReport) report = NULL;
  g_autoptr(McReport) read = NULL;
  g_autoptr(McCase) imported = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GError) error = NULL;
  const McReportSpecialForm *form;
  const McReportDuty *duty;
  McChecklistAnswer *answer;

  mc_record_set_lines (MC_RECORD (original), "suspected-forms", forms);
  add (original, new_record (MC_TYPE_CHECKLIST_ANSWER, "item-id", "duty-care-manager", "value", "yes", NULL));
  add (original, new_record (MC_TYPE_CHECKLIST_ANSWER, "item-id", "duty-care-igj", "value", "no", NULL));
  report = build (fixture, original);

  g_assert_cmpuint (report->special_forms->len, ==, 2);
  form = g_ptr_array_index (report->special_forms, 0);
  g_assert_cmpstr (form->id, ==, "form-staff-violence");
  g_assert_cmpstr (form->name, ==, "Geweld in de zorgrelatie");
  g_assert_true (g_str_has_prefix (form->advice, "Dit gaat niet alleen via de meldcode."));
  g_assert_cmpuint (form->duties->len, ==, 2);
  duty = g_ptr_array_index (form->duties, 0);
  g_assert_cmpstr (duty->id, ==, "duty-care-manager");
  g_assert_true (g_str_has_prefix (duty->text, "Meld het vermoeden meteen bij uw leidinggevende"));
  g_assert_cmpstr (duty->done, ==, "yes");
  duty = g_ptr_array_index (form->duties, 1);
  g_assert_cmpstr (duty->id, ==, "duty-care-igj");
  g_assert_cmpstr (duty->done, ==, "no");
  /* Another protocol's form is kept by its id, without duties. */
  form = g_ptr_array_index (report->special_forms, 1);
  g_assert_cmpstr (form->name, ==, "form-of-another-protocol");
  g_assert_null (form->advice);
  g_assert_cmpuint (form->duties->len, ==, 0);
  /* The duties are not kindcheck items. */
  for (guint i = 0; i < report->kindcheck->len; i++)
    g_assert_false (g_str_has_prefix (((McReportCheck *) g_ptr_array_index (report->kindcheck, i))->id, "duty-"));

  xml = mc_report_to_xml (report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml),
                                  "<duty id=\"duty-care-igj\" done=\"no\">"));
  read = mc_report_read_xml_bytes (xml, "special-forms.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->special_forms->len, ==, 2);
  duty = g_ptr_array_index (((McReportSpecialForm *) g_ptr_array_index (read->special_forms, 0))->duties, 0);
  g_assert_cmpstr (duty->done, ==, "yes");

  imported = mc_case_new_from_report (read, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal (mc_record_get_lines (MC_RECORD (imported), "suspected-forms"), forms));
  answer = mc_case_find_checklist_answer (imported, "duty-care-igj");
  g_assert_nonnull (answer);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (answer), "value"), ==, "no");
  g_assert_true (mc_store_import_case (fixture->store, imported, FALSE, NULL, &error));
  g_assert_no_error (error);

  /* A duty answered in a form and as a kindcheck item too is refused. */
  mc_report_add_check (read, "duty-care-manager", "?", "yes");
  g_clear_object (&imported);
  imported = mc_case_new_from_report (read, &error);
  g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_INVALID);
  g_assert_null (imported);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/report-builder/full-case", test_full_case);
  ADD ("/report-builder/reason", test_reason);
  ADD ("/report-builder/invalid-date", test_invalid_date);
  ADD ("/report-builder/round-trip", test_round_trip);
  ADD ("/report-builder/rounds-round-trip", test_rounds_round_trip);
  ADD ("/report-builder/special-forms", test_special_forms);
  ADD ("/report-builder/version-1-imports", test_version_1_imports);
  ADD ("/report-builder/import-duplicate", test_duplicate);
  ADD ("/report-builder/import-malformed", test_malformed);
  ADD ("/report-builder/log-export", test_log_export);

  return g_test_run ();
}
