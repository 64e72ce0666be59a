/* test-afwegingskader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mc-afwegingskader.h"

/* The expected outcomes, written down from the afwegingskader itself (the
 * domain reference), not computed. A row's answers hold one character per
 * question in document order: y, n, ? (not answered) or * (any of the
 * three: the question is not on the path). Every combination of answers
 * must match exactly one row. */
typedef struct
{
  const char *answers;
  char        report;       /* y, n, or - when not decided */
  char        help;
  guint       next;         /* number of the next question, 0 when complete */
  char        end;          /* - open, x closed without action, m with monitoring */
  gboolean    with_vt;      /* the rest is weighed with Veilig Thuis */
  const char *path;         /* numbers of the questions answered, in order */
  const char *outcomes;     /* ids, separated by spaces */
} Row;

#define NO_SUSPICION        "outcome-no-suspicion"
#define REPORT_UNSAFETY     "outcome-report-unsafety"
#define REPORT_NO_HELP      "outcome-report-no-help"
#define REPORT_REFUSED      "outcome-report-help-refused"
#define OFFER_HELP          "outcome-offer-help"
#define CLOSE_MONITORING    "outcome-close-monitoring"
#define REPORT_INSUFFICIENT "outcome-report-insufficient"

/* Ambiq: 1 suspicion, 2 acute/structural unsafety, 3 help possible,
 * 4 help accepted, 5 help has results in time. */
static const Row ambiq_rows[] = {
  { "?****", '-', '-', 1, '-', FALSE, "", "" },
  { "n****", 'n', '-', 0, 'x', FALSE, "1", NO_SUSPICION },
  { "y?***", '-', '-', 2, '-', FALSE, "1", "" },
  /* Unsafety: report, and weigh help together with Veilig Thuis. */
  { "yy?**", 'y', '-', 3, '-', TRUE, "12", REPORT_UNSAFETY },
  { "yyn**", 'y', 'n', 0, '-', TRUE, "123", REPORT_UNSAFETY " " REPORT_NO_HELP },
  { "yyy?*", 'y', '-', 4, '-', TRUE, "123", REPORT_UNSAFETY },
  { "yyyn*", 'y', 'n', 0, '-', TRUE, "1234", REPORT_UNSAFETY " " REPORT_REFUSED },
  { "yyyy?", 'y', 'y', 5, '-', TRUE, "1234", REPORT_UNSAFETY " " OFFER_HELP },
  { "yyyyy", 'y', 'y', 0, 'm', TRUE, "12345", REPORT_UNSAFETY " " OFFER_HELP " " CLOSE_MONITORING },
  { "yyyyn", 'y', 'y', 0, '-', TRUE, "12345", REPORT_UNSAFETY " " OFFER_HELP " " REPORT_INSUFFICIENT },
  /* No unsafety: help first, report when help is impossible or fails. */
  { "yn?**", '-', '-', 3, '-', FALSE, "12", "" },
  { "ynn**", 'y', 'n', 0, '-', FALSE, "123", REPORT_NO_HELP },
  { "yny?*", '-', '-', 4, '-', FALSE, "123", "" },
  { "ynyn*", 'y', 'n', 0, '-', FALSE, "1234", REPORT_REFUSED },
  { "ynyy?", 'n', 'y', 5, '-', FALSE, "1234", OFFER_HELP },
  { "ynyyy", 'n', 'y', 0, 'm', FALSE, "12345", OFFER_HELP " " CLOSE_MONITORING },
  { "ynyyn", 'y', 'y', 0, '-', FALSE, "12345", OFFER_HELP " " REPORT_INSUFFICIENT },
};

#define GEEN_VERMOEDEN   "uitkomst-geen-vermoeden"
#define BIJZONDERE_VORM  "uitkomst-bijzondere-vorm"
#define ONVEILIG         "uitkomst-onveilig"
#define GEEN_HULP        "uitkomst-geen-hulp"
#define GEEN_MEDEWERKING "uitkomst-geen-medewerking"
#define HULP             "uitkomst-hulp"
#define MONITOREN        "uitkomst-monitoren"
#define OPNIEUW_MELDEN   "uitkomst-opnieuw-melden"

/* Kinderopvang: 1 suspicion, 2 special form (the extra question: yes skips
 * question 3), 3 unsafety, 4 help possible, 5 parents cooperate,
 * 6 child safe in time. */
static const Row kinderopvang_rows[] = {
  { "?*****", '-', '-', 1, '-', FALSE, "", "" },
  { "n*****", 'n', '-', 0, 'x', FALSE, "1", GEEN_VERMOEDEN },
  { "y?****", '-', '-', 2, '-', FALSE, "1", "" },
  { "yy*?**", 'y', '-', 4, '-', TRUE, "12", BIJZONDERE_VORM },
  { "yy*n**", 'y', 'n', 0, '-', TRUE, "124", BIJZONDERE_VORM " " GEEN_HULP },
  { "yy*y?*", 'y', '-', 5, '-', TRUE, "124", BIJZONDERE_VORM },
  { "yy*yn*", 'y', 'n', 0, '-', TRUE, "1245", BIJZONDERE_VORM " " GEEN_MEDEWERKING },
  { "yy*yy?", 'y', 'y', 6, '-', TRUE, "1245", BIJZONDERE_VORM " " HULP },
  { "yy*yyy", 'y', 'y', 0, 'm', TRUE, "12456", BIJZONDERE_VORM " " HULP " " MONITOREN },
  { "yy*yyn", 'y', 'y', 0, '-', TRUE, "12456", BIJZONDERE_VORM " " HULP " " OPNIEUW_MELDEN },
  { "yn?***", '-', '-', 3, '-', FALSE, "12", "" },
  { "yny?**", 'y', '-', 4, '-', TRUE, "123", ONVEILIG },
  { "ynyn**", 'y', 'n', 0, '-', TRUE, "1234", ONVEILIG " " GEEN_HULP },
  { "ynyy?*", 'y', '-', 5, '-', TRUE, "1234", ONVEILIG },
  { "ynyyn*", 'y', 'n', 0, '-', TRUE, "12345", ONVEILIG " " GEEN_MEDEWERKING },
  { "ynyyy?", 'y', 'y', 6, '-', TRUE, "12345", ONVEILIG " " HULP },
  { "ynyyyy", 'y', 'y', 0, 'm', TRUE, "123456", ONVEILIG " " HULP " " MONITOREN },
  { "ynyyyn", 'y', 'y', 0, '-', TRUE, "123456", ONVEILIG " " HULP " " OPNIEUW_MELDEN },
  { "ynn?**", '-', '-', 4, '-', FALSE, "123", "" },
  { "ynnn**", 'y', 'n', 0, '-', FALSE, "1234", GEEN_HULP },
  { "ynny?*", '-', '-', 5, '-', FALSE, "1234", "" },
  { "ynnyn*", 'y', 'n', 0, '-', FALSE, "12345", GEEN_MEDEWERKING },
  { "ynnyy?", 'n', 'y', 6, '-', FALSE, "12345", HULP },
  { "ynnyyy", 'n', 'y', 0, 'm', FALSE, "123456", HULP " " MONITOREN },
  { "ynnyyn", 'y', 'y', 0, '-', FALSE, "123456", HULP " " OPNIEUW_MELDEN },
};

static McProtocol *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  McProtocol *protocol = mc_protocol_new_default (&error);

  g_assert_no_error (error);

  return protocol;
}

static McProtocol *
load_kinderopvang (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "protocol", "kinderopvang.xml", NULL);
  McProtocol *protocol = mc_protocol_new_from_path (path, &error);

  g_assert_no_error (error);

  return protocol;
}

static const char *
question_id (McProtocol *protocol,
             guint       number)
{
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol);

  g_assert_cmpuint (number, >=, 1);
  g_assert_cmpuint (number, <=, kader->questions->len);

  return ((McProtocolQuestion *) g_ptr_array_index (kader->questions, number - 1))->id;
}

static McAnswer
tri (char c)
{
  switch (c)
    {
    case 'y':
      return MC_ANSWER_YES;
    case 'n':
      return MC_ANSWER_NO;
    case '-':
      return MC_ANSWER_UNKNOWN;
    default:
      g_assert_not_reached ();
    }
}

/* Answers as the store hands them over: only what was answered, plus,
 * to be ignored, an answer to an id the protocol does not have. */
static GHashTable *
answers_table (McProtocol *protocol,
               const char *answers)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; answers[i] != '\0'; i++)
    {
      const char *id = question_id (protocol, i + 1);

      if (answers[i] == 'y')
        g_hash_table_insert (table, (gpointer) id, GINT_TO_POINTER (MC_ANSWER_YES));
      else if (answers[i] == 'n')
        g_hash_table_insert (table, (gpointer) id, GINT_TO_POINTER (MC_ANSWER_NO));
      else if (i % 2 == 0)
        /* Stored as "not answered" rather than left out: the same. */
        g_hash_table_insert (table, (gpointer) id, GINT_TO_POINTER (MC_ANSWER_UNKNOWN));
    }
  g_hash_table_insert (table, (gpointer) "question-that-is-not-there", GINT_TO_POINTER (MC_ANSWER_YES));

  return table;
}

static gboolean
row_matches (const Row  *row,
             const char *answers)
{
  g_assert_cmpuint (strlen (row->answers), ==, strlen (answers));

  for (guint i = 0; answers[i] != '\0'; i++)
    if (row->answers[i] != '*' && row->answers[i] != answers[i])
      return FALSE;

  return TRUE;
}

static void
assert_result (McProtocol             *protocol,
               const McAfwegingResult *result,
               const Row              *row,
               const char             *together_with)
{
  g_auto(GStrv) outcomes = NULL;
  g_autoptr(GString) reason = g_string_new (NULL);
  guint n_outcomes = 0;

  g_assert_cmpint (result->report_needed, ==, tri (row->report));
  g_assert_cmpint (result->help_possible, ==, tri (row->help));
  if (row->next == 0)
    g_assert_null (result->next_question_id);
  else
    g_assert_cmpstr (result->next_question_id, ==, question_id (protocol, row->next));
  g_assert_cmpint (result->closed, ==, row->end != '-');
  g_assert_cmpint (result->monitoring, ==, row->end == 'm');
  g_assert_cmpstr (result->together_with_id, ==, row->with_vt ? together_with : NULL);

  g_assert_cmpuint (g_strv_length (result->path), ==, strlen (row->path));
  for (guint i = 0; row->path[i] != '\0'; i++)
    g_assert_cmpstr (result->path[i], ==, question_id (protocol, row->path[i] - '0'));

  outcomes = g_strsplit (row->outcomes, " ", -1);
  for (guint i = 0; outcomes[i] != NULL; i++)
    {
      const McProtocolOutcome *outcome;

      if (outcomes[i][0] == '\0')
        continue;
      g_assert_cmpstr (result->outcome_ids[n_outcomes], ==, outcomes[i]);
      outcome = mc_protocol_lookup_outcome (protocol, outcomes[i]);
      g_assert_nonnull (outcome);
      if (reason->len > 0)
        g_string_append (reason, "\n\n");
      g_string_append (reason, outcome->reason);
      n_outcomes++;
    }
  g_assert_cmpuint (g_strv_length (result->outcome_ids), ==, n_outcomes);

  /* The reason is the protocol's own words, in the order reached. */
  if (n_outcomes == 0)
    g_assert_null (result->reason);
  else
    g_assert_cmpstr (result->reason, ==, reason->str);
}

static void
check_every_combination (McProtocol *protocol,
                         const Row  *rows,
                         guint       n_rows,
                         const char *together_with)
{
  static const char symbols[] = { 'y', 'n', '?' };
  guint n_questions = mc_protocol_get_afwegingskader (protocol)->questions->len;
  guint combinations = 1;
  g_autofree guint *used = g_new0 (guint, n_rows);

  for (guint i = 0; i < n_questions; i++)
    combinations *= G_N_ELEMENTS (symbols);

  for (guint combination = 0; combination < combinations; combination++)
    {
      g_autofree char *answers = g_new0 (char, n_questions + 1);
      g_autoptr(GHashTable) table = NULL;
      g_autoptr(McAfwegingResult) result = NULL;
      const Row *row = NULL;

      for (guint i = 0, rest = combination; i < n_questions; i++, rest /= G_N_ELEMENTS (symbols))
        answers[i] = symbols[rest % G_N_ELEMENTS (symbols)];

      for (guint r = 0; r < n_rows; r++)
        if (row_matches (&rows[r], answers))
          {
            /* The table has no overlaps. */
            g_assert_null (row);
            row = &rows[r];
            used[r]++;
          }
      if (row == NULL)
        g_error ("No row in the table for the answers %s", answers);

      table = answers_table (protocol, answers);
      result = mc_afwegingskader_decide_table (protocol, table);
      g_test_message ("%s: row %s", answers, row->answers);
      assert_result (protocol, result, row, together_with);
    }

  /* And no row that never applies. */
  for (guint r = 0; r < n_rows; r++)
    g_assert_cmpuint (used[r], >, 0);
}

static void
test_every_combination (void)
{
  g_autoptr(McProtocol) protocol = load_default ();

  g_assert_cmpuint (mc_protocol_get_afwegingskader (protocol)->questions->len, ==, 5);
  check_every_combination (protocol, ambiq_rows, G_N_ELEMENTS (ambiq_rows), "veilig-thuis");
}

static void
test_second_protocol_every_combination (void)
{
  g_autoptr(McProtocol) protocol = load_kinderopvang ();

  g_assert_cmpuint (mc_protocol_get_afwegingskader (protocol)->questions->len, ==, 6);
  check_every_combination (protocol, kinderopvang_rows, G_N_ELEMENTS (kinderopvang_rows), "vt");
}

static McAfwegingResult *
decide (McProtocol *protocol,
        const char *answers)
{
  g_autoptr(GHashTable) table = answers_table (protocol, answers);

  return mc_afwegingskader_decide_table (protocol, table);
}

static void
test_no_suspicion_closes (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  g_autoptr(McAfwegingResult) result = decide (protocol, "n????");

  g_assert_true (result->closed);
  g_assert_false (result->monitoring);
  g_assert_cmpint (result->report_needed, ==, MC_ANSWER_NO);
  g_assert_null (result->next_question_id);
  g_assert_nonnull (strstr (result->reason, "dossier"));
}

static void
test_unsafety_reports_with_veilig_thuis (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  g_autoptr(McAfwegingResult) pending = decide (protocol, "yy???");
  g_autoptr(McAfwegingResult) weighed = decide (protocol, "yyyyy");

  g_assert_cmpint (pending->report_needed, ==, MC_ANSWER_YES);
  g_assert_cmpint (pending->help_possible, ==, MC_ANSWER_UNKNOWN);
  g_assert_cmpstr (pending->together_with_id, ==, "veilig-thuis");
  g_assert_cmpstr (pending->next_question_id, ==, "question-help-possible");
  g_assert_false (pending->closed);
  g_assert_nonnull (strstr (pending->reason, "samen met Veilig Thuis"));

  /* Help that works later does not undo the report. */
  g_assert_cmpint (weighed->report_needed, ==, MC_ANSWER_YES);
  g_assert_cmpint (weighed->help_possible, ==, MC_ANSWER_YES);
  g_assert_true (weighed->monitoring);
}

static void
test_no_help_reports (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  g_autoptr(McAfwegingResult) impossible = decide (protocol, "ynn??");
  g_autoptr(McAfwegingResult) refused = decide (protocol, "ynyn?");

  g_assert_cmpint (impossible->report_needed, ==, MC_ANSWER_YES);
  g_assert_cmpint (impossible->help_possible, ==, MC_ANSWER_NO);
  g_assert_null (impossible->next_question_id);
  g_assert_cmpint (refused->report_needed, ==, MC_ANSWER_YES);
  g_assert_cmpint (refused->help_possible, ==, MC_ANSWER_NO);
  g_assert_null (refused->next_question_id);
}

static void
test_help_without_results_reports_again (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  g_autoptr(McAfwegingResult) helping = decide (protocol, "ynyy?");
  g_autoptr(McAfwegingResult) failed = decide (protocol, "ynyyn");
  g_autoptr(McAfwegingResult) worked = decide (protocol, "ynyyy");

  g_assert_cmpint (helping->report_needed, ==, MC_ANSWER_NO);
  g_assert_cmpint (helping->help_possible, ==, MC_ANSWER_YES);
  g_assert_cmpstr (helping->next_question_id, ==, "question-help-results");

  g_assert_cmpint (failed->report_needed, ==, MC_ANSWER_YES);
  g_assert_false (failed->closed);
  g_assert_nonnull (strstr (failed->reason, "(opnieuw) melden"));

  g_assert_cmpint (worked->report_needed, ==, MC_ANSWER_NO);
  g_assert_true (worked->closed);
  g_assert_true (worked->monitoring);
}

static void
test_unanswered_gives_next (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(McAfwegingResult) result = mc_afwegingskader_decide_table (protocol, none);

  g_assert_cmpstr (result->next_question_id, ==, "question-suspicion");
  g_assert_cmpint (result->report_needed, ==, MC_ANSWER_UNKNOWN);
  g_assert_cmpint (result->help_possible, ==, MC_ANSWER_UNKNOWN);
  g_assert_cmpuint (g_strv_length (result->path), ==, 0);
  g_assert_cmpuint (g_strv_length (result->outcome_ids), ==, 0);
  g_assert_null (result->reason);
  g_assert_null (result->together_with_id);
}

static void
test_off_path_answers_ignored (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  g_autoptr(McAfwegingResult) alone = decide (protocol, "n????");
  g_autoptr(McAfwegingResult) noisy = decide (protocol, "nyyyn");
  g_autoptr(McAfwegingResult) skipped = decide (protocol, "ynnyy");
  g_autoptr(McAfwegingResult) skipped_alone = decide (protocol, "ynn??");

  g_assert_cmpint (noisy->report_needed, ==, alone->report_needed);
  g_assert_cmpint (noisy->help_possible, ==, alone->help_possible);
  g_assert_true (noisy->closed);
  g_assert_cmpstrv (noisy->path, alone->path);
  g_assert_cmpstrv (noisy->outcome_ids, alone->outcome_ids);
  g_assert_cmpstr (noisy->reason, ==, alone->reason);

  g_assert_cmpint (skipped->report_needed, ==, skipped_alone->report_needed);
  g_assert_cmpint (skipped->help_possible, ==, skipped_alone->help_possible);
  g_assert_cmpstrv (skipped->path, skipped_alone->path);
}

typedef struct
{
  GPtrArray *asked;
  McAnswer   answer;
} Lookups;

static McAnswer
record_lookup (const char *id,
               gpointer    user_data)
{
  Lookups *lookups = user_data;

  g_ptr_array_add (lookups->asked, g_strdup (id));

  return lookups->answer;
}

static void
test_lookup_only_on_path (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_free);
  Lookups lookups = { asked, MC_ANSWER_NO };
  g_autoptr(McAfwegingResult) result = NULL;

  /* All "no": question 1 closes; nothing else is asked. */
  result = mc_afwegingskader_decide (protocol, record_lookup, &lookups);
  g_assert_cmpuint (asked->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (asked, 0), ==, "question-suspicion");
  g_assert_true (result->closed);
  g_clear_pointer (&result, mc_afweging_result_free);

  /* All "yes": every question, each once, in the flow's order. */
  g_ptr_array_set_size (asked, 0);
  lookups.answer = MC_ANSWER_YES;
  result = mc_afwegingskader_decide (protocol, record_lookup, &lookups);
  g_assert_cmpuint (asked->len, ==, 5);
  for (guint i = 0; i < asked->len; i++)
    g_assert_cmpstr (g_ptr_array_index (asked, i), ==, question_id (protocol, i + 1));
  g_assert_true (result->monitoring);
  g_clear_pointer (&result, mc_afweging_result_free);

  /* A value that is no answer counts as not answered. */
  g_ptr_array_set_size (asked, 0);
  lookups.answer = (McAnswer) 42;
  result = mc_afwegingskader_decide (protocol, record_lookup, &lookups);
  g_assert_cmpstr (result->next_question_id, ==, "question-suspicion");
  g_assert_cmpuint (g_strv_length (result->path), ==, 0);
}

static void
test_extra_question_skips (void)
{
  g_autoptr(McProtocol) protocol = load_kinderopvang ();
  g_autoptr(McAfwegingResult) special = decide (protocol, "yy????");
  g_autoptr(McAfwegingResult) ordinary = decide (protocol, "yn????");

  /* A special form reports at once and goes on at help, past the unsafety
   * question; without one, unsafety is asked as usual. */
  g_assert_cmpint (special->report_needed, ==, MC_ANSWER_YES);
  g_assert_cmpstr (special->next_question_id, ==, "vraag-hulp");
  g_assert_cmpstr (special->together_with_id, ==, "vt");
  g_assert_cmpstr (ordinary->next_question_id, ==, "vraag-onveilig");
  g_assert_cmpint (ordinary->report_needed, ==, MC_ANSWER_UNKNOWN);
}

/* The combination rules of mc-afwegingskader.h on a made-up afwegingskader
 * whose outcomes overrule each other, which the real ones never do. */
static const char combination_kader[] =
  "<afwegingskader id=\"kader\">\n"
  "  <title>Regels</title>\n"
  "  <decisions>\n"
  "    <report-decision id=\"d-report\"><question>Melden?</question></report-decision>\n"
  "    <help-decision id=\"d-help\"><question>Hulp?</question></help-decision>\n"
  "  </decisions>\n"
  "  <question id=\"a\"><text>A?</text>\n"
  "    <yes><conclude outcome=\"help-yes\"/></yes><no><conclude outcome=\"report-yes\"/></no></question>\n"
  "  <question id=\"b\"><text>B?</text>\n"
  "    <yes><conclude outcome=\"help-no\"/></yes><no><conclude outcome=\"report-no\"/></no></question>\n"
  "  <outcome id=\"help-yes\" help=\"yes\"><title>1</title><reason>Hulp ja.</reason>\n"
  "    <continue question=\"b\"/></outcome>\n"
  "  <outcome id=\"report-yes\" report=\"yes\"><title>2</title><reason>Melden ja.</reason>\n"
  "    <continue question=\"b\" with=\"veilig-thuis\"/></outcome>\n"
  "  <outcome id=\"help-no\" report=\"no\" help=\"no\" close=\"with-monitoring\"><title>3</title>\n"
  "    <reason>Hulp nee.</reason></outcome>\n"
  "  <outcome id=\"report-no\" report=\"no\"><title>4</title><reason>Melden nee.</reason></outcome>\n"
  "</afwegingskader>";

static McProtocol *
load_combination_protocol (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "protocol", "minimal.xml", NULL);
  g_autofree char *minimal = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  McProtocol *protocol;
  const char *start, *end;

  g_file_get_contents (path, &minimal, NULL, &error);
  g_assert_no_error (error);
  start = strstr (minimal, "<afwegingskader");
  end = strstr (minimal, "</afwegingskader>");
  g_assert_nonnull (start);
  g_assert_nonnull (end);

  text = g_string_new_len (minimal, start - minimal);
  g_string_append (text, combination_kader);
  g_string_append (text, end + strlen ("</afwegingskader>"));
  bytes = g_bytes_new (text->str, text->len);
  protocol = mc_protocol_new_from_bytes (bytes, "combination.xml", &error);
  g_assert_no_error (error);

  return protocol;
}

static void
test_combination_rules (void)
{
  g_autoptr(McProtocol) protocol = load_combination_protocol ();
  g_autoptr(McAfwegingResult) help_overruled = decide (protocol, "yy");
  g_autoptr(McAfwegingResult) report_stands = decide (protocol, "nn");
  g_autoptr(McAfwegingResult) report_then_close = decide (protocol, "ny");
  g_autoptr(McAfwegingResult) help_then_no_report = decide (protocol, "yn");

  /* help: the latest outcome that names it counts. */
  g_assert_cmpint (help_overruled->help_possible, ==, MC_ANSWER_NO);
  g_assert_cmpint (help_overruled->report_needed, ==, MC_ANSWER_NO);
  g_assert_true (help_overruled->monitoring);
  g_assert_cmpstr (help_overruled->reason, ==, "Hulp ja.\n\nHulp nee.");

  /* report: once yes, a later no does not withdraw it. */
  g_assert_cmpint (report_stands->report_needed, ==, MC_ANSWER_YES);
  g_assert_cmpint (report_stands->help_possible, ==, MC_ANSWER_UNKNOWN);
  g_assert_false (report_stands->closed);
  g_assert_cmpstr (report_stands->together_with_id, ==, "veilig-thuis");

  /* The contact stays for the rest of the walk. */
  g_assert_cmpint (report_then_close->report_needed, ==, MC_ANSWER_YES);
  g_assert_cmpint (report_then_close->help_possible, ==, MC_ANSWER_NO);
  g_assert_true (report_then_close->closed);
  g_assert_cmpstr (report_then_close->together_with_id, ==, "veilig-thuis");

  g_assert_cmpint (help_then_no_report->report_needed, ==, MC_ANSWER_NO);
  g_assert_cmpint (help_then_no_report->help_possible, ==, MC_ANSWER_YES);
  g_assert_null (help_then_no_report->together_with_id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/afwegingskader/every-combination", test_every_combination);
  g_test_add_func ("/afwegingskader/no-suspicion-closes", test_no_suspicion_closes);
  g_test_add_func ("/afwegingskader/unsafety-reports-with-veilig-thuis", test_unsafety_reports_with_veilig_thuis);
  g_test_add_func ("/afwegingskader/no-help-reports", test_no_help_reports);
  g_test_add_func ("/afwegingskader/help-without-results-reports-again", test_help_without_results_reports_again);
  g_test_add_func ("/afwegingskader/unanswered-gives-next", test_unanswered_gives_next);
  g_test_add_func ("/afwegingskader/off-path-answers-ignored", test_off_path_answers_ignored);
  g_test_add_func ("/afwegingskader/lookup-only-on-path", test_lookup_only_on_path);
  g_test_add_func ("/afwegingskader/combination-rules", test_combination_rules);
  g_test_add_func ("/afwegingskader/second-protocol/every-combination", test_second_protocol_every_combination);
  g_test_add_func ("/afwegingskader/second-protocol/extra-question", test_extra_question_skips);

  return g_test_run ();
}
