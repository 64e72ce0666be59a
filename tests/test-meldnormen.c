/* test-meldnormen.c: the meldnormen, scenario by scenario
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each scenario is a row: the facts of a case (each made by a small
 * builder), the protocol it is held against, and what must come out: the
 * state of each rule, the state of each step, the rule texts a step lists
 * as missing and the urgent actions. Every case is made through McStore
 * and checked twice in the core, as built and as loaded again; then the
 * store is closed and meldcode-cli (MC_CLI, set by meson) must say the
 * same in list and show.
 */

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <stdarg.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "mc-completeness.h"
#include "mc-dates.h"
#include "mc-meldnormen.h"
#include "mc-report-builder.h"
#include "mc-report-xml.h"
#include "mc-store.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define OVERRIDE_REASON "Overleg met Veilig Thuis: de ouders werken mee, melden schaadt nu meer dan het helpt."
#define EXTRA_RULE "extra-rule.xml"

/* The rules of the built-in protocol, and the one the extra-rule fixture
 * adds. */
#define R_UNSAFETY_QUESTION "norm-unsafety-question"
#define R_UNSAFETY_REPORT   "norm-unsafety-report"
#define R_REPORT_YES        "norm-outcome-report-yes"
#define R_REPORT_NO         "norm-outcome-report-no"
#define R_HELP_YES          "norm-outcome-help-yes"
#define R_HELP_NO           "norm-outcome-help-no"
#define R_HONOUR            "norm-honour-violence-consult"
#define R_MARRIAGE          "norm-forced-marriage-consult"
#define R_FGM               "norm-fgm-consult"
#define R_DISCLOSURE        "norm-disclosure-report"
#define R_KINDCHECK         "norm-kindcheck-concern"

/* A rule the protocol does not have. */
#define RULE_ABSENT (-1)

typedef struct _Build Build;
typedef void (*BuildFunc) (Build *build);

typedef struct
{
  const char *rule_id;
  int         state;          /* McRuleState, or RULE_ABSENT */
} RuleExpect;

typedef struct
{
  const char *id;
  const char *protocol;       /* NULL: the built-in one; else a fixture */
  /* After the base case (steps 1 to 4 done for a client of 10), in order. */
  BuildFunc   build[8];
  /* For the builders: the afwegingskader answers in question order ('y',
   * 'n', '-' unanswered), the decision ('y', 'n', 0 not decided) and the
   * rules to override, space-separated. */
  const char *answers;
  char        report;
  char        help;
  const char *overrides;

  /* Every rule not named here must be NOT_APPLICABLE. */
  RuleExpect  rules[6];
  /* Steps 1 to 5: D done, P in progress, A needs attention, N not started. */
  const char *steps;
  /* The step whose missing list holds the texts of these rules. */
  guint       missing_step;
  const char *missing[3];
  /* The urgent actions, space-separated. */
  const char *urgent;
  /* More to check on the case, or NULL. */
  void      (*extra) (McCase *kase, McProtocol *protocol);
} Scenario;

struct _Build
{
  const Scenario *row;
  McStore        *store;
  McCase         *kase;
  char           *today;
};

static char *tmp_dir;
static char *store_dir;
static McStore *store;
static gboolean store_created;
static McProtocol *builtin;
static McProtocol *extra_rule;
/* The case of each scenario, once built. */
static gint64 *case_ids;

/* The store */

static McStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;

  if (store != NULL)
    return store;
  if (!store_created)
    store = mc_store_create (store_dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  else
    store = mc_store_open (store_dir, PASSPHRASE, &error);
  g_assert_no_error (error);
  store_created = TRUE;
  mc_store_set_actor (store, "Eva de Wit", "Begeleider", NULL);
  return store;
}

static void
close_store (void)
{
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
}

static McProtocol *
protocol_of (const Scenario *row)
{
  return row->protocol == NULL ? builtin : extra_rule;
}

/* Records go into the store and into the case, as the case page does it. */
static void
add (Build    *build,
     McRecord *record)
{
  g_autoptr(GError) error = NULL;

  mc_record_set_case_id (record, mc_record_get_id (MC_RECORD (build->kase)));
  g_assert_true (mc_store_insert (build->store, record, &error));
  g_assert_no_error (error);
  mc_case_add_child (build->kase, record);
}

/* The weighing or the current decision, which the case holds already:
 * inserted the first time, then field by field. */
static void
save (Build    *build,
      McRecord *record)
{
  g_autoptr(GError) error = NULL;
  const McField *fields;
  guint n_fields;

  if (mc_record_get_id (record) == 0)
    {
      g_assert_true (mc_store_insert (build->store, record, &error));
      g_assert_no_error (error);
      return;
    }

  fields = mc_record_class_get_fields (MC_RECORD_GET_CLASS (record), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      if (fields[i].flags & (MC_FIELD_FLAG_FIXED | MC_FIELD_FLAG_CREATED | MC_FIELD_FLAG_UPDATED))
        continue;
      g_assert_true (mc_store_update_field (build->store, record, fields[i].name, &error));
      g_assert_no_error (error);
    }
}

static void
save_singletons (Build *build)
{
  save (build, MC_RECORD (mc_case_get_weighing (build->kase)));
  if (mc_record_get_id (MC_RECORD (mc_case_get_decision (build->kase))) != 0
      || build->row->report != 0)
    save (build, MC_RECORD (mc_case_get_decision (build->kase)));
}

/* The builders: one fact each */

/* A client of 10, steps 1 to 4 as the protocol asks for them: a signal
 * with who saw it, a consultation with a colleague and the advice, the
 * conversation with a parent with gezag today, and no acute or structural
 * unsafety. */
static void
base_case (Build *build)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) birth = g_date_new ();
  g_autofree char *birth_date = NULL;
  g_autoptr(McSignal) signal = mc_signal_new (0);
  g_autoptr(McConsultation) consultation = mc_consultation_new (0);
  g_autoptr(McPerson) parent = mc_person_new (0);
  g_autoptr(McConversation) conversation = mc_conversation_new (0);
  McWeighing *weighing;

  g_date_set_time_t (birth, time (NULL));
  build->today = mc_date_to_iso8601 (birth);
  g_date_subtract_years (birth, 10);
  birth_date = mc_date_to_iso8601 (birth);

  mc_record_set_string (MC_RECORD (build->kase), "client-name", build->row->id);
  mc_record_set_string (MC_RECORD (build->kase), "birth-date", birth_date);
  g_assert_true (mc_store_insert (build->store, MC_RECORD (build->kase), &error));
  g_assert_no_error (error);

  mc_record_set_string (MC_RECORD (signal), "observed-on", build->today);
  mc_record_set_string (MC_RECORD (signal), "description", "Blauwe plekken op beide armen");
  mc_record_set_string (MC_RECORD (signal), "nature", "fact");
  mc_record_set_string (MC_RECORD (signal), "observer", "Eva de Wit, begeleider");
  add (build, MC_RECORD (signal));

  mc_record_set_string (MC_RECORD (consultation), "consulted-on", build->today);
  mc_record_set_string (MC_RECORD (consultation), "role", "consult-colleague");
  mc_record_set_string (MC_RECORD (consultation), "advice", "Bespreek de zorgen met de ouders.");
  add (build, MC_RECORD (consultation));

  mc_record_set_string (MC_RECORD (parent), "role", "parent-with-gezag");
  mc_record_set_string (MC_RECORD (parent), "name", "Moeder");
  add (build, MC_RECORD (parent));
  mc_record_set_string (MC_RECORD (conversation), "held-on", build->today);
  mc_record_set_integer (MC_RECORD (conversation), "person-id", mc_record_get_id (MC_RECORD (parent)));
  mc_record_set_string (MC_RECORD (conversation), "discussed", "De blauwe plekken");
  mc_record_set_string (MC_RECORD (conversation), "reaction", "Schrok, en vertelt over spanningen thuis");
  add (build, MC_RECORD (conversation));

  weighing = mc_case_get_weighing (build->kase);
  mc_record_set_answer (MC_RECORD (weighing), "acute", MC_ANSWER_NO);
  mc_record_set_answer (MC_RECORD (weighing), "structural", MC_ANSWER_NO);
  save (build, MC_RECORD (weighing));
}

static void
acute (Build *build)
{
  mc_record_set_answer (MC_RECORD (mc_case_get_weighing (build->kase)), "acute", MC_ANSWER_YES);
  save (build, MC_RECORD (mc_case_get_weighing (build->kase)));
}

static void
structural (Build *build)
{
  mc_record_set_answer (MC_RECORD (mc_case_get_weighing (build->kase)), "structural", MC_ANSWER_YES);
  save (build, MC_RECORD (mc_case_get_weighing (build->kase)));
}

/* The afwegingskader answers of the row, in the current round. */
static void
answer (Build *build)
{
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol_of (build->row));

  g_assert_cmpuint (strlen (build->row->answers), <=, kader->questions->len);
  for (guint i = 0; build->row->answers[i] != '\0'; i++)
    {
      const McProtocolQuestion *question = g_ptr_array_index (kader->questions, i);
      g_autoptr(McAfwegingAnswer) record = NULL;

      if (build->row->answers[i] == '-')
        continue;
      record = mc_afweging_answer_new (0);
      mc_record_set_string (MC_RECORD (record), "question-id", question->id);
      mc_record_set_answer (MC_RECORD (record), "answer",
                            build->row->answers[i] == 'y' ? MC_ANSWER_YES : MC_ANSWER_NO);
      add (build, MC_RECORD (record));
    }
}

static McAnswer
answer_of (char c)
{
  return c == 'y' ? MC_ANSWER_YES : c == 'n' ? MC_ANSWER_NO : MC_ANSWER_UNKNOWN;
}

/* The decision of the row in the current round, with all that step 5
 * asks around it: reasons, who and when, the report's details and the
 * evaluation date. */
static void
decide (Build *build)
{
  McRecord *decision = MC_RECORD (mc_case_get_decision (build->kase));

  g_assert_cmpint (build->row->report, !=, 0);
  mc_record_set_answer (decision, "report-needed", answer_of (build->row->report));
  mc_record_set_answer (decision, "help-possible", answer_of (build->row->help));
  mc_record_set_string (decision, "justification", "Afgewogen met het afwegingskader.");
  mc_record_set_string (decision, "decided-by-name", "A. de Vries");
  mc_record_set_string (decision, "decided-by-role", "Gedragswetenschapper");
  mc_record_set_string (decision, "decided-on", build->today);
  mc_record_set_string (decision, "evaluation-on", "2099-01-15");
  if (build->row->report == 'y')
    {
      mc_record_set_string (decision, "reported-on", build->today);
      mc_record_set_string (decision, "vt-reference", "VT-2026-0042");
      mc_record_set_answer (decision, "client-informed", MC_ANSWER_NO);
      mc_record_set_string (decision, "informed-exception", "inform-exception-client-safety");
    }
  save (build, decision);
}

static void
add_form (Build      *build,
          const char *form_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) forms = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  const char * const *old = mc_record_get_lines (MC_RECORD (build->kase), "suspected-forms");

  if (old != NULL)
    g_strv_builder_addv (forms, (const char **) old);
  g_strv_builder_add (forms, form_id);
  lines = g_strv_builder_end (forms);
  mc_record_set_lines (MC_RECORD (build->kase), "suspected-forms", (const char * const *) lines);
  g_assert_true (mc_store_update_field (build->store, MC_RECORD (build->kase), "suspected-forms", &error));
  g_assert_no_error (error);
}

static void
form_honour (Build *build)
{
  add_form (build, "form-honour-violence");
}

static void
form_marriage (Build *build)
{
  add_form (build, "form-forced-marriage");
}

static void
form_fgm (Build *build)
{
  add_form (build, "form-fgm");
}

static void
form_disclosure (Build *build)
{
  add_form (build, "form-disclosure");
}

static void
form_recent_sexual_violence (Build *build)
{
  add_form (build, "form-recent-sexual-violence");
}

static void
consult (Build      *build,
         const char *role,
         const char *advice)
{
  g_autoptr(McConsultation) consultation = mc_consultation_new (0);

  mc_record_set_string (MC_RECORD (consultation), "consulted-on", build->today);
  mc_record_set_string (MC_RECORD (consultation), "role", role);
  mc_record_set_string (MC_RECORD (consultation), "advice", advice);
  add (build, MC_RECORD (consultation));
}

/* Veilig Thuis consulted, with its advice: complete. */
static void
vt_consulted (Build *build)
{
  consult (build, "consult-veilig-thuis", "Niet met de familie bespreken; wij nemen contact op.");
}

/* Veilig Thuis called, but no advice recorded: it does not count. */
static void
vt_called (Build *build)
{
  consult (build, "consult-veilig-thuis", NULL);
}

static void
officer_consulted (Build *build)
{
  consult (build, "consult-meldcode-officer", "Doorloop de meldcode ook voor de kinderen.");
}

static void
kindcheck_concern (Build *build)
{
  g_autoptr(McChecklistAnswer) answer = mc_checklist_answer_new (0);

  mc_record_set_string (MC_RECORD (answer), "item-id", "kindcheck-concern");
  mc_record_set_string (MC_RECORD (answer), "value", "yes");
  add (build, MC_RECORD (answer));
}

static void
override_with (Build      *build,
               const char *reason)
{
  g_auto(GStrv) rules = g_strsplit (build->row->overrides, " ", -1);

  for (guint i = 0; rules[i] != NULL; i++)
    {
      g_autoptr(McNormOverride) override = mc_norm_override_new (0);

      mc_record_set_string (MC_RECORD (override), "rule-id", rules[i]);
      mc_record_set_string (MC_RECORD (override), "reason", reason);
      add (build, MC_RECORD (override));
    }
}

/* The row's rules overridden in the current round, with a reason. */
static void
override (Build *build)
{
  override_with (build, OVERRIDE_REASON);
}

/* The same without a reason: the store refuses an empty one; one of
 * spaces it stores, and it is no reason either. */
static void
override_blank (Build *build)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McNormOverride) empty = mc_norm_override_new (mc_record_get_id (MC_RECORD (build->kase)));

  mc_record_set_string (MC_RECORD (empty), "rule-id", build->row->overrides);
  mc_record_set_string (MC_RECORD (empty), "reason", "");
  g_assert_false (mc_store_insert (build->store, MC_RECORD (empty), &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  override_with (build, "  \t ");
}

/* The current round sealed and a re-weighing started: what follows is
 * round 2. */
static void
reweigh (Build *build)
{
  g_autoptr(GError) error = NULL;

  save_singletons (build);
  g_assert_true (mc_store_start_round (build->store, build->kase, "reweigh", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_case_get_current_round (build->kase), ==, 2);
}

/* Checks */

static void
overridden_in_round_1_only (McCase     *kase,
                            McProtocol *protocol)
{
  g_assert_cmpuint (mc_case_get_current_round (kase), ==, 2);
  g_assert_nonnull (mc_case_find_norm_override (kase, 1, R_UNSAFETY_REPORT));
  g_assert_nonnull (mc_case_find_norm_override (kase, 1, R_REPORT_YES));
  g_assert_null (mc_case_find_norm_override (kase, 2, R_UNSAFETY_REPORT));
  g_assert_null (mc_case_find_norm_override (kase, 2, R_REPORT_YES));
  /* Round 1 keeps its decision. */
  g_assert_nonnull (mc_record_get_string (MC_RECORD (mc_case_get_round_decision (kase, 1)), "sealed-at"));
  g_assert_cmpint (mc_record_get_answer (MC_RECORD (mc_case_get_round_decision (kase, 1)), "report-needed"), ==,
                   MC_ANSWER_NO);
}

static void
overridden_in_both_rounds (McCase     *kase,
                           McProtocol *protocol)
{
  g_assert_nonnull (mc_case_find_norm_override (kase, 1, R_UNSAFETY_REPORT));
  g_assert_nonnull (mc_case_find_norm_override (kase, 2, R_UNSAFETY_REPORT));
}

/* The scenarios. The base case has steps 1 to 4 done, so the step a
 * scenario is about is where the case stands. */

#define NA MC_RULE_NOT_APPLICABLE
#define KEPT MC_RULE_KEPT
#define PENDING MC_RULE_PENDING
#define BROKEN MC_RULE_BROKEN
#define OVERRIDDEN MC_RULE_OVERRIDDEN

static const Scenario scenarios[] = {
  /* Meldnorm 1: acute unsafety makes question 2 yes and a report
   * necessary; pending while unknown, kept when yes, broken when no. And
   * the urgent action shows for acute danger, and only for it. */
  { "acute-q2-unanswered", NULL, { acute, answer }, "y", 0, 0, NULL,
    { { R_UNSAFETY_QUESTION, PENDING }, { R_UNSAFETY_REPORT, PENDING } },
    "DDDDP", 5, { NULL }, "action-acute" },
  { "acute-q2-no", NULL, { acute, answer }, "yn", 0, 0, NULL,
    { { R_UNSAFETY_QUESTION, BROKEN }, { R_UNSAFETY_REPORT, PENDING } },
    "DDDDA", 5, { R_UNSAFETY_QUESTION }, "action-acute" },
  { "acute-q2-yes-reported", NULL, { acute, answer, decide }, "yyyn", 'y', 'n', NULL,
    { { R_UNSAFETY_QUESTION, KEPT }, { R_UNSAFETY_REPORT, KEPT }, { R_REPORT_YES, KEPT }, { R_HELP_NO, KEPT } },
    "DDDDD", 5, { NULL }, "action-acute" },
  { "acute-not-reported", NULL, { acute, answer, decide }, "yyyn", 'n', 'n', NULL,
    { { R_UNSAFETY_QUESTION, KEPT }, { R_UNSAFETY_REPORT, BROKEN }, { R_REPORT_YES, BROKEN }, { R_HELP_NO, KEPT } },
    "DDDDA", 5, { R_UNSAFETY_REPORT, R_REPORT_YES }, "action-acute" },
  /* An override of a rule that is kept changes nothing. */
  { "acute-reported-override-kept-rule", NULL, { acute, answer, decide, override }, "yyyn", 'y', 'n',
    R_UNSAFETY_REPORT,
    { { R_UNSAFETY_QUESTION, KEPT }, { R_UNSAFETY_REPORT, KEPT }, { R_REPORT_YES, KEPT }, { R_HELP_NO, KEPT } },
    "DDDDD", 5, { NULL }, "action-acute" },

  /* Structural unsafety likewise, without the urgent action. */
  { "structural-q2-unanswered", NULL, { structural, answer }, "y", 0, 0, NULL,
    { { R_UNSAFETY_QUESTION, PENDING }, { R_UNSAFETY_REPORT, PENDING } },
    "DDDDP", 5, { NULL }, "" },
  { "structural-q2-no", NULL, { structural, answer }, "yn", 0, 0, NULL,
    { { R_UNSAFETY_QUESTION, BROKEN }, { R_UNSAFETY_REPORT, PENDING } },
    "DDDDA", 5, { R_UNSAFETY_QUESTION }, "" },
  { "structural-q2-yes-reported", NULL, { structural, answer, decide }, "yyn", 'y', 'n', NULL,
    { { R_UNSAFETY_QUESTION, KEPT }, { R_UNSAFETY_REPORT, KEPT }, { R_REPORT_YES, KEPT }, { R_HELP_NO, KEPT } },
    "DDDDD", 5, { NULL }, "" },
  { "structural-not-reported", NULL, { structural, answer, decide }, "yyn", 'n', 'n', NULL,
    { { R_UNSAFETY_QUESTION, KEPT }, { R_UNSAFETY_REPORT, BROKEN }, { R_REPORT_YES, BROKEN }, { R_HELP_NO, KEPT } },
    "DDDDA", 5, { R_UNSAFETY_REPORT, R_REPORT_YES }, "" },

  /* The bug report: acute and structural unsafety, question 2 answered
   * no, help offered and no report decided. The afwegingskader agrees
   * with the decision, meldnorm 1 does not: step 5 needs attention and is
   * never done. */
  { "acute-structural-q2-no-no-report", NULL, { acute, structural, answer, decide }, "ynyy", 'n', 'y', NULL,
    { { R_UNSAFETY_QUESTION, BROKEN }, { R_UNSAFETY_REPORT, BROKEN }, { R_REPORT_NO, KEPT }, { R_HELP_YES, KEPT } },
    "DDDDA", 5, { R_UNSAFETY_QUESTION, R_UNSAFETY_REPORT }, "action-acute" },

  /* A decision against the afwegingskader's outcome: broken; overridden
   * with a written reason (the step is not held); an empty reason is no
   * reason. */
  { "outcome-report-decided-no", NULL, { answer, decide }, "ynn", 'n', 'n', NULL,
    { { R_REPORT_YES, BROKEN }, { R_HELP_NO, KEPT } },
    "DDDDA", 5, { R_REPORT_YES }, "" },
  { "outcome-report-decided-no-overridden", NULL, { answer, decide, override }, "ynn", 'n', 'n', R_REPORT_YES,
    { { R_REPORT_YES, OVERRIDDEN }, { R_HELP_NO, KEPT } },
    "DDDDD", 5, { NULL }, "" },
  { "outcome-report-decided-no-blank-reason", NULL, { answer, decide, override_blank }, "ynn", 'n', 'n',
    R_REPORT_YES,
    { { R_REPORT_YES, BROKEN }, { R_HELP_NO, KEPT } },
    "DDDDA", 5, { R_REPORT_YES }, "" },
  { "outcome-no-report-decided-report", NULL, { answer, decide }, "ynyy", 'y', 'y', NULL,
    { { R_REPORT_NO, BROKEN }, { R_HELP_YES, KEPT } },
    "DDDDA", 5, { R_REPORT_NO }, "" },
  { "outcome-no-report-decided-report-overridden", NULL, { answer, decide, override }, "ynyy", 'y', 'y',
    R_REPORT_NO,
    { { R_REPORT_NO, OVERRIDDEN }, { R_HELP_YES, KEPT } },
    "DDDDD", 5, { NULL }, "" },
  { "outcome-help-decided-no-help", NULL, { answer, decide }, "ynyy", 'n', 'n', NULL,
    { { R_REPORT_NO, KEPT }, { R_HELP_YES, BROKEN } },
    "DDDDA", 5, { R_HELP_YES }, "" },
  { "outcome-help-decided-no-help-overridden", NULL, { answer, decide, override }, "ynyy", 'n', 'n', R_HELP_YES,
    { { R_REPORT_NO, KEPT }, { R_HELP_YES, OVERRIDDEN } },
    "DDDDD", 5, { NULL }, "" },
  { "outcome-no-help-decided-help", NULL, { answer, decide }, "ynn", 'y', 'y', NULL,
    { { R_REPORT_YES, KEPT }, { R_HELP_NO, BROKEN } },
    "DDDDA", 5, { R_HELP_NO }, "" },
  { "outcome-no-help-decided-help-blank-reason", NULL, { answer, decide, override_blank }, "ynn", 'y', 'y',
    R_HELP_NO,
    { { R_REPORT_YES, KEPT }, { R_HELP_NO, BROKEN } },
    "DDDDA", 5, { R_HELP_NO }, "" },

  /* The special forms that need Veilig Thuis keep step 2 open until a
   * complete consultation with it is recorded; one without the advice
   * does not count. */
  { "honour-violence-no-vt", NULL, { form_honour }, "", 0, 0, NULL,
    { { R_HONOUR, PENDING } }, "DPDDN", 2, { R_HONOUR }, "" },
  { "honour-violence-vt-without-advice", NULL, { form_honour, vt_called }, "", 0, 0, NULL,
    { { R_HONOUR, PENDING } }, "DPDDN", 2, { R_HONOUR }, "" },
  { "honour-violence-vt-consulted", NULL, { form_honour, vt_consulted }, "", 0, 0, NULL,
    { { R_HONOUR, KEPT } }, "DDDDN", 2, { NULL }, "" },
  { "forced-marriage-no-vt", NULL, { form_marriage }, "", 0, 0, NULL,
    { { R_MARRIAGE, PENDING } }, "DPDDN", 2, { R_MARRIAGE }, "" },
  { "forced-marriage-vt-without-advice", NULL, { form_marriage, vt_called }, "", 0, 0, NULL,
    { { R_MARRIAGE, PENDING } }, "DPDDN", 2, { R_MARRIAGE }, "" },
  { "forced-marriage-vt-consulted", NULL, { form_marriage, vt_consulted }, "", 0, 0, NULL,
    { { R_MARRIAGE, KEPT } }, "DDDDN", 2, { NULL }, "" },
  { "fgm-no-vt", NULL, { form_fgm }, "", 0, 0, NULL,
    { { R_FGM, PENDING } }, "DPDDN", 2, { R_FGM }, "" },
  { "fgm-vt-without-advice", NULL, { form_fgm, vt_called }, "", 0, 0, NULL,
    { { R_FGM, PENDING } }, "DPDDN", 2, { R_FGM }, "" },
  { "fgm-vt-consulted", NULL, { form_fgm, vt_consulted }, "", 0, 0, NULL,
    { { R_FGM, KEPT } }, "DDDDN", 2, { NULL }, "" },
  /* Decided before Veilig Thuis was consulted: step 2 needs attention. */
  { "fgm-no-vt-decided", NULL, { form_fgm, decide }, "", 'y', 'n', NULL,
    { { R_FGM, PENDING } }, "DADDP", 2, { R_FGM }, "" },
  /* A colleague's advice does not stand for Veilig Thuis. */
  { "two-forms-one-vt", NULL, { form_honour, form_marriage, vt_consulted }, "", 0, 0, NULL,
    { { R_HONOUR, KEPT }, { R_MARRIAGE, KEPT } }, "DDDDN", 2, { NULL }, "" },

  /* A disclosure by the victim: report. */
  { "disclosure-not-reported", NULL, { form_disclosure, answer, decide }, "ynyy", 'n', 'y', NULL,
    { { R_DISCLOSURE, BROKEN }, { R_REPORT_NO, KEPT }, { R_HELP_YES, KEPT } },
    "DDDDA", 5, { R_DISCLOSURE }, "" },
  { "disclosure-reported", NULL, { form_disclosure, answer, decide }, "ynn", 'y', 'n', NULL,
    { { R_DISCLOSURE, KEPT }, { R_REPORT_YES, KEPT }, { R_HELP_NO, KEPT } },
    "DDDDD", 5, { NULL }, "" },
  /* Another urgent action, and not the acute one. */
  { "recent-sexual-violence", NULL, { form_recent_sexual_violence }, "", 0, 0, NULL,
    { { NULL } }, "DDDDN", 5, { NULL }, "action-recent-sexual-violence" },

  /* A second organisation's protocol adds a rule, with no change to the
   * code: concern about the client's children keeps step 2 open until the
   * taakhouder meldcode was consulted. The built-in protocol has no such
   * rule. */
  { "extra-rule-kindcheck-concern", EXTRA_RULE, { kindcheck_concern }, "", 0, 0, NULL,
    { { R_KINDCHECK, PENDING } }, "DPDDN", 2, { R_KINDCHECK }, "" },
  { "extra-rule-kindcheck-concern-officer", EXTRA_RULE, { kindcheck_concern, officer_consulted }, "", 0, 0, NULL,
    { { R_KINDCHECK, KEPT } }, "DDDDN", 2, { NULL }, "" },
  { "extra-rule-acute-q2-no", EXTRA_RULE, { acute, answer }, "yn", 0, 0, NULL,
    { { R_UNSAFETY_QUESTION, BROKEN }, { R_UNSAFETY_REPORT, PENDING }, { R_KINDCHECK, NA } },
    "DDDDA", 5, { R_UNSAFETY_QUESTION }, "action-acute" },
  { "builtin-kindcheck-concern", NULL, { kindcheck_concern }, "", 0, 0, NULL,
    { { R_KINDCHECK, RULE_ABSENT } }, "DDDDN", 2, { NULL }, "" },

  /* Rules and overrides belong to a round: an override given in round 1
   * does not cover round 2. */
  { "override-round-1-not-round-2", NULL,
    { acute, answer, decide, override, reweigh, answer, decide }, "yyyn", 'n', 'n',
    R_UNSAFETY_REPORT " " R_REPORT_YES,
    { { R_UNSAFETY_QUESTION, KEPT }, { R_UNSAFETY_REPORT, BROKEN }, { R_REPORT_YES, BROKEN }, { R_HELP_NO, KEPT } },
    "DDDDA", 5, { R_UNSAFETY_REPORT, R_REPORT_YES }, "action-acute", overridden_in_round_1_only },
  { "override-round-1-and-round-2", NULL,
    { acute, answer, decide, override, reweigh, answer, decide, override }, "yyyn", 'n', 'n',
    R_UNSAFETY_REPORT " " R_REPORT_YES,
    { { R_UNSAFETY_QUESTION, KEPT }, { R_UNSAFETY_REPORT, OVERRIDDEN }, { R_REPORT_YES, OVERRIDDEN },
      { R_HELP_NO, KEPT } },
    "DDDDD", 5, { NULL }, "action-acute", overridden_in_both_rounds },
};

#undef NA
#undef KEPT
#undef PENDING
#undef BROKEN
#undef OVERRIDDEN

static const char *
rule_state_name (int state)
{
  switch (state)
    {
    case MC_RULE_NOT_APPLICABLE:
      return "not-applicable";
    case MC_RULE_KEPT:
      return "kept";
    case MC_RULE_PENDING:
      return "pending";
    case MC_RULE_BROKEN:
      return "broken";
    case MC_RULE_OVERRIDDEN:
      return "overridden";
    case RULE_ABSENT:
      return "absent";
    default:
      g_assert_not_reached ();
    }
}

static char
step_letter (McStepState state)
{
  switch (state)
    {
    case MC_STEP_NOT_STARTED:
      return 'N';
    case MC_STEP_IN_PROGRESS:
      return 'P';
    case MC_STEP_DONE:
      return 'D';
    case MC_STEP_NEEDS_ATTENTION:
      return 'A';
    default:
      g_assert_not_reached ();
    }
}

static const char *
step_state_text (char letter)
{
  switch (letter)
    {
    case 'N':
      return "not started";
    case 'P':
      return "in progress";
    case 'D':
      return "done";
    case 'A':
      return "needs attention";
    default:
      g_assert_not_reached ();
    }
}

/* Where a list shows the case: the first step that is not done (5 when
 * all are), and whether one needs attention. */
static guint
listed_step (const Scenario *row)
{
  const char *first = strpbrk (row->steps, "NPA");

  return first != NULL ? (guint) (first - row->steps) + 1 : 5;
}

static gboolean
listed_attention (const Scenario *row)
{
  return strchr (row->steps, 'A') != NULL;
}

static int
expected_state (const Scenario *row,
                const char     *rule_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (row->rules) && row->rules[i].rule_id != NULL; i++)
    if (strcmp (row->rules[i].rule_id, rule_id) == 0)
      return row->rules[i].state;
  return MC_RULE_NOT_APPLICABLE;
}

static gboolean
list_holds (GPtrArray  *texts,
            const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (strcmp (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the rule holds its step: it is listed there as missing. */
static gboolean
holds_its_step (const McRuleCheck *check)
{
  return check->state == MC_RULE_BROKEN
         || (check->state == MC_RULE_PENDING && check->rule->blocks == MC_RULE_BLOCKS_PENDING);
}

/* The case held against the row's expectations, in the core. */
static void
check_case (const Scenario *row,
            McCase         *kase,
            const char     *how)
{
  McProtocol *protocol = protocol_of (row);
  g_autoptr(GPtrArray) checks = mc_case_check_meldnormen (kase, protocol);
  g_autoptr(GPtrArray) statuses = mc_case_check_steps (kase, protocol);
  g_autoptr(GPtrArray) actions = mc_case_get_urgent_actions (kase, protocol);
  g_autoptr(GString) steps = g_string_new (NULL);
  g_autoptr(GPtrArray) action_ids = g_ptr_array_new ();
  g_autofree char *urgent = NULL;
  McStepStatus *missing_status;
  gboolean attention = !listed_attention (row);

  g_test_message ("%s: %s", row->id, how);
  g_assert_cmpuint (checks->len, ==, mc_protocol_get_rules (protocol)->len);
  for (guint i = 0; i < checks->len; i++)
    {
      const McRuleCheck *check = g_ptr_array_index (checks, i);
      g_autofree char *got = g_strdup_printf ("%s: %s", check->rule->id, rule_state_name (check->state));
      g_autofree char *want = g_strdup_printf ("%s: %s", check->rule->id,
                                               rule_state_name (expected_state (row, check->rule->id)));
      McStepStatus *status = g_ptr_array_index (statuses, check->rule->step - 1);

      g_assert_cmpstr (got, ==, want);
      if (check->state == MC_RULE_OVERRIDDEN)
        g_assert_cmpstr (check->override_reason, ==, OVERRIDE_REASON);
      else
        g_assert_null (check->override_reason);
      /* A step lists a rule exactly when the rule holds it. */
      g_assert_cmpint (list_holds (status->missing, check->rule->text), ==, holds_its_step (check));
    }
  /* Every rule the row names is one the protocol has, or must not have. */
  for (guint i = 0; i < G_N_ELEMENTS (row->rules) && row->rules[i].rule_id != NULL; i++)
    {
      if (row->rules[i].state == RULE_ABSENT)
        g_assert_null (mc_protocol_lookup_rule (protocol, row->rules[i].rule_id));
      else
        g_assert_nonnull (mc_protocol_lookup_rule (protocol, row->rules[i].rule_id));
    }

  for (guint i = 0; i < statuses->len; i++)
    g_string_append_c (steps, step_letter (((McStepStatus *) g_ptr_array_index (statuses, i))->state));
  for (guint i = 0; i < statuses->len; i++)
    {
      McStepStatus *status = g_ptr_array_index (statuses, i);

      for (guint m = 0; m < status->missing->len; m++)
        g_test_message ("%s: step %u missing: %s", row->id, status->number,
                        (char *) g_ptr_array_index (status->missing, m));
    }
  g_assert_cmpstr (steps->str, ==, row->steps);
  /* Done is done: nothing missing. Nothing else is "Afgerond". */
  for (guint i = 0; i < statuses->len; i++)
    {
      McStepStatus *status = g_ptr_array_index (statuses, i);

      g_assert_cmpint (status->state == MC_STEP_DONE, ==, status->missing->len == 0);
    }

  missing_status = g_ptr_array_index (statuses, row->missing_step - 1);
  for (guint i = 0; i < G_N_ELEMENTS (row->missing) && row->missing[i] != NULL; i++)
    {
      const McProtocolRule *rule = mc_protocol_lookup_rule (protocol, row->missing[i]);

      g_assert_nonnull (rule);
      g_assert_cmpuint (rule->step, ==, row->missing_step);
      g_assert_true (list_holds (missing_status->missing, rule->text));
    }

  for (guint i = 0; i < actions->len; i++)
    g_ptr_array_add (action_ids, (gpointer) ((McProtocolUrgentAction *) g_ptr_array_index (actions, i))->id);
  g_ptr_array_add (action_ids, NULL);
  urgent = g_strjoinv (" ", (char **) action_ids->pdata);
  g_assert_cmpstr (urgent, ==, row->urgent);

  /* What the case list shows. */
  g_assert_cmpuint (mc_case_get_progress (kase, protocol, &attention), ==, listed_step (row));
  g_assert_cmpint (attention, ==, listed_attention (row));

  if (row->extra != NULL)
    row->extra (kase, protocol);
}

/* The report: the meldnormen of the current round */

static const McReportNorm *
report_norm (const McReportRound *round,
             const char          *rule_id)
{
  for (guint i = 0; i < round->norms->len; i++)
    {
      const McReportNorm *norm = g_ptr_array_index (round->norms, i);

      if (g_strcmp0 (norm->rule_id, rule_id) == 0)
        return norm;
    }
  return NULL;
}

/* The string value of @expression on the written report, "" when it
 * selects nothing. */
static char *
xpath_string (xmlXPathContextPtr  context,
              const char         *expression)
{
  xmlXPathObjectPtr result = xmlXPathEvalExpression ((const xmlChar *) expression, context);
  char *value;

  g_assert_nonnull (result);
  g_assert_cmpint (result->type, ==, XPATH_STRING);
  value = g_strdup ((const char *) result->stringval);
  xmlXPathFreeObject (result);
  return value;
}

static double
xpath_number (xmlXPathContextPtr  context,
              const char         *expression)
{
  xmlXPathObjectPtr result = xmlXPathEvalExpression ((const xmlChar *) expression, context);
  double value;

  g_assert_nonnull (result);
  g_assert_cmpint (result->type, ==, XPATH_NUMBER);
  value = result->floatval;
  xmlXPathFreeObject (result);
  return value;
}

/* The decision report of the stored case: the current round lists every
 * rule the row expects overridden (with the rule's words and the exact
 * reason) and broken (without a reason), and nothing else; kept, pending
 * and not-applicable rules are no deviation. The same in the model and in
 * the XML written from it. */
static void
check_report (const Scenario *row,
              McCase         *kase)
{
  McProtocol *protocol = protocol_of (row);
  GPtrArray *rules = mc_protocol_get_rules (protocol);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(McReport) report = NULL;
  g_autoptr(GBytes) xml = NULL;
  const McReportRound *round;
  xmlDocPtr doc;
  xmlXPathContextPtr context;
  const char *data;
  gsize size;
  guint n_deviations = 0;

  report = mc_report_new_from_case (kase, protocol, "Eva de Wit", "Begeleider", now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->rounds->len, ==, mc_case_get_current_round (kase));
  round = g_ptr_array_index (report->rounds, report->rounds->len - 1);
  g_test_message ("%s: the report, round %u: %u deviations", row->id, round->number, round->norms->len);

  xml = mc_report_to_xml (report, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (xml, &size);
  doc = xmlReadMemory (data, (int) size, row->id, "UTF-8", XML_PARSE_NONET);
  g_assert_nonnull (doc);
  context = xmlXPathNewContext (doc);
  g_assert_nonnull (context);
  g_assert_cmpint (xmlXPathRegisterNs (context, (const xmlChar *) "r",
                                       (const xmlChar *) MC_REPORT_XML_NAMESPACE), ==, 0);
  /* One round element per round of the model, the current one last. */
  g_assert_cmpfloat (xpath_number (context, "count(/r:*/r:rounds/r:round)"), ==, report->rounds->len);

  for (guint i = 0; i < rules->len; i++)
    {
      const McProtocolRule *rule = g_ptr_array_index (rules, i);
      int state = expected_state (row, rule->id);
      const McReportNorm *norm = report_norm (round, rule->id);
      g_autofree char *in_xml = g_strdup_printf ("/r:*/r:rounds/r:round[last()]/r:meldnormen/r:*[@rule='%s']",
                                                 rule->id);
      g_autofree char *count = g_strdup_printf ("count(%s)", in_xml);
      g_autofree char *element = g_strdup_printf ("local-name(%s)", in_xml);
      g_autofree char *text = g_strdup_printf ("string(%s/r:text)", in_xml);
      g_autofree char *reason = g_strdup_printf ("string(%s/r:reason)", in_xml);
      g_autofree char *n_reasons = g_strdup_printf ("count(%s/r:reason)", in_xml);
      g_autofree char *got_element = NULL;
      g_autofree char *got_text = NULL;
      g_autofree char *got_reason = NULL;

      switch (state)
        {
        case MC_RULE_OVERRIDDEN:
          g_assert_nonnull (norm);
          g_assert_cmpstr (norm->text, ==, rule->text);
          g_assert_cmpstr (norm->reason, ==, OVERRIDE_REASON);
          g_assert_cmpfloat (xpath_number (context, count), ==, 1);
          got_element = xpath_string (context, element);
          got_text = xpath_string (context, text);
          got_reason = xpath_string (context, reason);
          g_assert_cmpstr (got_element, ==, "overridden");
          g_assert_cmpstr (got_text, ==, rule->text);
          g_assert_cmpstr (got_reason, ==, OVERRIDE_REASON);
          n_deviations++;
          break;
        case MC_RULE_BROKEN:
          g_assert_nonnull (norm);
          g_assert_cmpstr (norm->text, ==, rule->text);
          g_assert_null (norm->reason);
          g_assert_cmpfloat (xpath_number (context, count), ==, 1);
          got_element = xpath_string (context, element);
          got_text = xpath_string (context, text);
          g_assert_cmpstr (got_element, ==, "broken");
          g_assert_cmpstr (got_text, ==, rule->text);
          g_assert_cmpfloat (xpath_number (context, n_reasons), ==, 0);
          n_deviations++;
          break;
        default:
          /* Kept, pending, not applicable: no deviation, even when an
           * override of it is stored. */
          g_assert_null (norm);
          g_assert_cmpfloat (xpath_number (context, count), ==, 0);
          break;
        }
    }
  /* Nothing but those: no rule the protocol does not have either. */
  g_assert_cmpuint (round->norms->len, ==, n_deviations);
  g_assert_cmpfloat (xpath_number (context, "count(/r:*/r:rounds/r:round[last()]/r:meldnormen/r:*)"), ==,
                     n_deviations);
  /* A blank reason is no reason: the report never states it. */
  g_assert_cmpfloat (xpath_number (context, "count(//r:meldnormen/r:overridden[normalize-space(r:reason)=''])"),
                     ==, 0);

  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
}

/* Builds the scenario's case in the store, once. */
static gint64
build_scenario (guint index)
{
  const Scenario *row = &scenarios[index];
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) kase = NULL;
  g_autoptr(McCase) loaded = NULL;
  Build build = { row, NULL, NULL, NULL };

  if (case_ids[index] != 0)
    return case_ids[index];

  kase = mc_case_new ();
  build.store = open_store ();
  build.kase = kase;
  base_case (&build);
  for (guint i = 0; i < G_N_ELEMENTS (row->build) && row->build[i] != NULL; i++)
    row->build[i] (&build);
  save_singletons (&build);
  case_ids[index] = mc_record_get_id (MC_RECORD (kase));

  check_case (row, kase, "as built");
  loaded = mc_store_load_case (build.store, case_ids[index], &error);
  g_assert_no_error (error);
  check_case (row, loaded, "as stored");
  check_report (row, loaded);

  g_free (build.today);
  return case_ids[index];
}

static void
test_scenario (gconstpointer data)
{
  build_scenario (GPOINTER_TO_UINT (data));
}

/* meldcode-cli */

static const char *
cli_path (void)
{
  const char *path = g_getenv ("MC_CLI");

  if (path != NULL && *path != '\0')
    return path;
  g_test_skip ("MC_CLI is not set: run this test through meson test");
  return NULL;
}

/* A difference in what meldcode-cli says fails the test and goes on, so
 * the log lists every one. */
static void G_GNUC_PRINTF (1, 2)
cli_fail (const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("FAIL: %s", message);
  g_test_fail_printf ("%s", message);
}

/* Runs meldcode-cli on the store with the passphrase on standard input;
 * what it printed, or NULL when it failed (the test is failed then). */
static char *
run_cli (const char *protocol_fixture,
         ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *command = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup (g_getenv ("MC_CLI")));
  g_ptr_array_add (argv, g_strdup ("--store"));
  g_ptr_array_add (argv, g_strdup (store_dir));
  if (protocol_fixture != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--protocol"));
      g_ptr_array_add (argv, g_test_build_filename (G_TEST_DIST, "fixtures", "protocol", protocol_fixture, NULL));
    }
  va_start (args, protocol_fixture);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  command = g_strjoinv (" ", (char **) argv->pdata);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The messages as written, in English. */
  g_subprocess_launcher_setenv (launcher, "LANG", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_unsetenv (launcher, "LC_ALL");
  g_subprocess_launcher_unsetenv (launcher, "LC_MESSAGES");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, PASSPHRASE "\n", NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      cli_fail ("%s: exit status %d: %s", command,
                          g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1,
                          err);
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* Fails the test (and goes on) when @haystack lacks @needle, or has it
 * when @present is FALSE. */
static void
expect_text (const char     *command,
             const Scenario *row,
             const char     *haystack,
             const char     *needle,
             gboolean        present)
{
  if ((strstr (haystack, needle) != NULL) != present)
    cli_fail ("%s %s: %s “%s”", command, row->id, present ? "lacks" : "must not say", needle);
}

/* Every case of a protocol's scenarios built, and the store closed for
 * meldcode-cli. */
static void
build_all (const char *protocol_fixture)
{
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    if (g_strcmp0 (scenarios[i].protocol, protocol_fixture) == 0)
      build_scenario (i);
  close_store ();
}

static char **
tsv_fields (const char *line)
{
  return g_strsplit (line, "\t", -1);
}

/* list --format tsv: the step column is the step where the case stands. */
static void
test_cli_list_tsv (gconstpointer data)
{
  const char *protocol_fixture = data;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  int id_column = -1;
  int step_column = -1;

  if (cli_path () == NULL)
    return;
  build_all (protocol_fixture);
  if ((out = run_cli (protocol_fixture, "list", "--status", "all", "--format", "tsv", NULL)) == NULL)
    return;

  lines = g_strsplit (out, "\n", -1);
  header = tsv_fields (lines[0]);
  /* The columns README.md documents, in its order; new ones may follow. */
  g_assert_true (g_str_has_prefix (lines[0], "id\tnumber\tclient\tstatus\tstep\tupdated\toutcome"));
  for (guint c = 0; header[c] != NULL; c++)
    {
      if (strcmp (header[c], "id") == 0)
        id_column = c;
      else if (strcmp (header[c], "step") == 0)
        step_column = c;
    }

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      const Scenario *row = &scenarios[i];
      g_autofree char *id = NULL;
      g_autofree char *step = NULL;
      gboolean found = FALSE;

      if (g_strcmp0 (row->protocol, protocol_fixture) != 0)
        continue;
      id = g_strdup_printf ("%" G_GINT64_FORMAT, case_ids[i]);
      step = g_strdup_printf ("%u", listed_step (row));
      for (guint l = 1; lines[l] != NULL && !found; l++)
        {
          g_auto(GStrv) fields = tsv_fields (lines[l]);

          if (g_strv_length (fields) <= (guint) MAX (id_column, step_column) || strcmp (fields[id_column], id) != 0)
            continue;
          found = TRUE;
          if (strcmp (fields[step_column], step) != 0)
            cli_fail ("list --format tsv %s: step “%s”, expected “%s”", row->id, fields[step_column], step);
        }
      if (!found)
        cli_fail ("list --format tsv: no row for %s (id %s)", row->id, id);
    }
}

/* list: the step, marked "needs attention" when a step needs it. */
static void
test_cli_list_text (gconstpointer data)
{
  const char *protocol_fixture = data;
  g_autofree char *out = NULL;
  g_autofree char *attention_out = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) attention_lines = NULL;

  if (cli_path () == NULL)
    return;
  build_all (protocol_fixture);
  if ((out = run_cli (protocol_fixture, "list", "--status", "all", NULL)) == NULL)
    return;
  lines = g_strsplit (out, "\n", -1);
  /* --status attention lists exactly the cases that need attention. */
  if ((attention_out = run_cli (protocol_fixture, "list", "--status", "attention", "--format", "tsv", NULL)) == NULL)
    return;
  attention_lines = g_strsplit (attention_out, "\n", -1);

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      const Scenario *row = &scenarios[i];
      g_autofree char *prefix = NULL;
      g_autofree char *tsv_prefix = NULL;
      g_autofree char *marked = NULL;
      gboolean found = FALSE;
      gboolean listed = FALSE;

      if (g_strcmp0 (row->protocol, protocol_fixture) != 0)
        continue;
      prefix = g_strdup_printf ("%" G_GINT64_FORMAT " ", case_ids[i]);
      tsv_prefix = g_strdup_printf ("%" G_GINT64_FORMAT "\t", case_ids[i]);
      marked = g_strdup_printf ("%u, needs attention", listed_step (row));
      for (guint l = 1; lines[l] != NULL; l++)
        {
          if (!g_str_has_prefix (lines[l], prefix))
            continue;
          found = TRUE;
          if (listed_attention (row))
            expect_text ("list", row, lines[l], marked, TRUE);
          else
            expect_text ("list", row, lines[l], "needs attention", FALSE);
        }
      if (!found)
        cli_fail ("list: no row for %s", row->id);
      for (guint l = 1; attention_lines[l] != NULL; l++)
        listed |= g_str_has_prefix (attention_lines[l], tsv_prefix);
      if (listed != listed_attention (row))
        cli_fail ("list --status attention: %s %s", row->id,
                            listed ? "listed, but needs no attention" : "needs attention, but is not listed");
    }
}

/* show ID: each step's state, and the words of every rule that holds a
 * step or was set aside with a reason; none of a rule that is kept. */
static void
test_cli_show (gconstpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  const Scenario *row = &scenarios[index];
  McProtocol *protocol = protocol_of (row);
  GPtrArray *steps = mc_protocol_get_steps (protocol);
  GPtrArray *rules = mc_protocol_get_rules (protocol);
  GPtrArray *actions = mc_protocol_get_urgent_actions (protocol);
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;

  if (cli_path () == NULL)
    return;
  build_scenario (index);
  close_store ();
  id = g_strdup_printf ("%" G_GINT64_FORMAT, case_ids[index]);
  if ((out = run_cli (row->protocol, "show", id, NULL)) == NULL)
    return;

  for (guint i = 0; i < steps->len; i++)
    {
      const McProtocolStep *step = g_ptr_array_index (steps, i);
      g_autofree char *line = g_strdup_printf ("Step %u: %s (%s)", step->number, step->title,
                                               step_state_text (row->steps[step->number - 1]));

      expect_text ("show", row, out, line, TRUE);
    }

  for (guint i = 0; i < rules->len; i++)
    {
      const McProtocolRule *rule = g_ptr_array_index (rules, i);
      int state = expected_state (row, rule->id);

      switch (state)
        {
        case MC_RULE_BROKEN:
          expect_text ("show", row, out, rule->text, TRUE);
          break;
        case MC_RULE_PENDING:
          expect_text ("show", row, out, rule->text, rule->blocks == MC_RULE_BLOCKS_PENDING);
          break;
        case MC_RULE_OVERRIDDEN:
          /* Set aside, with the reason. */
          expect_text ("show", row, out, rule->text, TRUE);
          expect_text ("show", row, out, OVERRIDE_REASON, TRUE);
          break;
        default:
          expect_text ("show", row, out, rule->text, FALSE);
          break;
        }
    }

  /* What must happen now. */
  for (guint i = 0; i < actions->len; i++)
    {
      const McProtocolUrgentAction *action = g_ptr_array_index (actions, i);
      g_auto(GStrv) expected = g_strsplit (row->urgent, " ", -1);

      expect_text ("show", row, out, action->text, g_strv_contains ((const char * const *) expected, action->id));
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *extra_path = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  builtin = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  extra_path = g_test_build_filename (G_TEST_DIST, "fixtures", "protocol", EXTRA_RULE, NULL);
  extra_rule = mc_protocol_new_from_path (extra_path, &error);
  g_assert_no_error (error);
  /* The fixture is the built-in protocol and one rule more. */
  g_assert_cmpuint (mc_protocol_get_rules (extra_rule)->len, ==, mc_protocol_get_rules (builtin)->len + 1);

  tmp_dir = g_dir_make_tmp ("meldcode-meldnormen-XXXXXX", &error);
  g_assert_no_error (error);
  store_dir = g_build_filename (tmp_dir, "store", NULL);
  case_ids = g_new0 (gint64, G_N_ELEMENTS (scenarios));

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/meldnormen/scenario/%s", scenarios[i].id);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_scenario);
    }
  g_test_add_data_func ("/meldnormen/cli/list-tsv/built-in", NULL, test_cli_list_tsv);
  g_test_add_data_func ("/meldnormen/cli/list-tsv/extra-rule", EXTRA_RULE, test_cli_list_tsv);
  g_test_add_data_func ("/meldnormen/cli/list/built-in", NULL, test_cli_list_text);
  g_test_add_data_func ("/meldnormen/cli/list/extra-rule", EXTRA_RULE, test_cli_list_text);
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/meldnormen/cli/show/%s", scenarios[i].id);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_cli_show);
    }

  status = g_test_run ();

  close_store ();
  mc_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (store_dir);
  g_free (case_ids);
  g_clear_object (&builtin);
  g_clear_object (&extra_rule);
  return status;
}
