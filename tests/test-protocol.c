/* test-protocol.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>
#include <unistd.h>

#include "mc-protocol.h"

#define NS "urn:nl.ambiq.meldcode:protocol:1"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "protocol", name, NULL);
}

static char *
default_source_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "protocol", "ambiq.xml", NULL);
}

static McProtocol *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  McProtocol *protocol = mc_protocol_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (protocol);

  return protocol;
}

static void
assert_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), >, 0);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  /* Whitespace was collapsed. */
  g_assert_null (strstr (text, "  "));
  g_assert_false (g_ascii_isspace (text[0]));
}

static void
test_default_loads (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  g_autoptr(McProtocol) from_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = default_source_path ();
  const McProtocolAfwegingskader *a, *b;

  g_assert_cmpstr (mc_protocol_get_id (protocol), ==, "ambiq");
  g_assert_cmpstr (mc_protocol_get_language (protocol), ==, "nl");
  g_assert_cmpstr (mc_protocol_get_title (protocol), ==, "Meldcode huiselijk geweld en kindermishandeling");
  g_assert_true (g_str_has_prefix (mc_protocol_get_location (protocol), "resource:///"));
  assert_text (mc_protocol_get_introduction (protocol));
  g_assert_nonnull (strstr (mc_protocol_get_introduction (protocol), "\n\n"));

  /* The built-in protocol is the file in data/, not a stale copy. */
  from_file = mc_protocol_new_from_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_protocol_get_location (from_file), ==, path);
  a = mc_protocol_get_afwegingskader (protocol);
  b = mc_protocol_get_afwegingskader (from_file);
  g_assert_cmpuint (a->questions->len, ==, b->questions->len);
  for (guint i = 0; i < a->questions->len; i++)
    {
      const McProtocolQuestion *qa = g_ptr_array_index (a->questions, i);
      const McProtocolQuestion *qb = g_ptr_array_index (b->questions, i);

      g_assert_cmpstr (qa->id, ==, qb->id);
      g_assert_cmpstr (qa->text, ==, qb->text);
    }
}

static void
test_default_organisation (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  const McProtocolOrganisation *organisation = mc_protocol_get_organisation (protocol);
  GPtrArray *contacts = mc_protocol_get_contacts (protocol);
  const McProtocolContact *contact;
  g_autofree char *who = NULL;

  g_assert_cmpstr (organisation->name, ==, "Ambiq");
  g_assert_cmpstr (organisation->questions_contact->phone, ==, "088 777 6000");
  who = g_utf8_strdown (organisation->questions_contact->name, -1);
  g_assert_nonnull (strstr (who, "gedragswetenschapper"));
  g_assert_nonnull (strstr (who, "taakhouder meldcode"));
  assert_text (organisation->questions_contact->description);
  g_assert_true (mc_protocol_lookup_contact (protocol, organisation->questions_contact->id)
                 == organisation->questions_contact);

  g_assert_cmpuint (contacts->len, ==, 2);
  contact = mc_protocol_lookup_contact (protocol, "veilig-thuis");
  g_assert_nonnull (contact);
  g_assert_cmpstr (contact->name, ==, "Veilig Thuis");
  g_assert_cmpstr (contact->phone, ==, "0800-2000");
  contact = mc_protocol_lookup_contact (protocol, "centrum-seksueel-geweld");
  g_assert_nonnull (contact);
  g_assert_cmpstr (contact->name, ==, "Centrum Seksueel Geweld");
  g_assert_cmpstr (contact->phone, ==, "0800-0188");
  g_assert_null (mc_protocol_lookup_contact (protocol, "politie"));
}

static void
test_default_steps (void)
{
  /* Which completeness rules each step carries: every kind exactly once. */
  static const McRequirementKind expected[5][8] = {
    { MC_REQUIREMENT_SIGNALS, MC_REQUIREMENT_KINDCHECK_DONE },
    { MC_REQUIREMENT_CONSULTATIONS },
    { MC_REQUIREMENT_CONVERSATION_OR_REASON },
    { MC_REQUIREMENT_WEIGHING_ACUTE, MC_REQUIREMENT_WEIGHING_STRUCTURAL },
    { MC_REQUIREMENT_AFWEGINGSKADER_COMPLETE, MC_REQUIREMENT_DECISION_REPORT,
      MC_REQUIREMENT_DECISION_HELP, MC_REQUIREMENT_DECISION_JUSTIFICATION,
      MC_REQUIREMENT_DECIDED_BY, MC_REQUIREMENT_REPORT_DETAILS_WHEN_REPORTED,
      MC_REQUIREMENT_CLIENT_INFORMED_WHEN_REPORTED, MC_REQUIREMENT_FOLLOW_UP_WHEN_MONITORING },
  };
  static const guint n_expected[5] = { 2, 1, 1, 2, 8 };
  static const char * const titles[5] = {
    "Signalen in kaart brengen",
    "Collegiale consultatie en zo nodig Veilig Thuis raadplegen",
    "Gesprek met de cliënt",
    "Wegen van het geweld",
    "Beslissen: melden en/of hulp bieden of organiseren",
  };
  g_autoptr(McProtocol) protocol = load_default ();
  GPtrArray *steps = mc_protocol_get_steps (protocol);

  g_assert_cmpuint (steps->len, ==, 5);
  for (guint i = 0; i < steps->len; i++)
    {
      const McProtocolStep *step = g_ptr_array_index (steps, i);

      g_assert_cmpuint (step->number, ==, i + 1);
      g_assert_cmpstr (step->title, ==, titles[i]);
      assert_text (step->purpose);
      assert_text (step->guidance);
      /* Short paragraphs, not one block. */
      g_assert_nonnull (strstr (step->guidance, "\n\n"));
      g_assert_cmpuint (step->requirements->len, ==, n_expected[i]);
      for (guint j = 0; j < step->requirements->len; j++)
        {
          const McProtocolRequirement *requirement = g_ptr_array_index (step->requirements, j);

          g_assert_cmpint (requirement->kind, ==, expected[i][j]);
          g_assert_cmpuint (requirement->min, ==, 1);
          assert_text (requirement->text);
        }
    }

  /* A reference on a requirement names the checklist it is about. */
  {
    const McProtocolStep *first = g_ptr_array_index (steps, 0);
    const McProtocolRequirement *kindcheck = g_ptr_array_index (first->requirements, 1);

    g_assert_cmpstr (kindcheck->ref, ==,
                     mc_protocol_get_checklist (protocol, MC_CHECKLIST_KINDCHECK)->id);
  }
}

static void
test_default_checklists (void)
{
  static const char * const person_roles[] = { "legal-representative", "household-member", "child", "other" };
  g_autoptr(McProtocol) protocol = load_default ();
  const McProtocolChecklist *checklist;
  guint children = 0, adults = 0;

  for (McChecklistKind kind = MC_CHECKLIST_SIGNAL_CATEGORIES; kind <= MC_CHECKLIST_PERSON_ROLES; kind++)
    {
      checklist = mc_protocol_get_checklist (protocol, kind);
      g_assert_nonnull (checklist);
      g_assert_cmpint (checklist->kind, ==, kind);
      assert_text (checklist->title);
      g_assert_cmpuint (checklist->items->len, >, 0);
      for (guint i = 0; i < checklist->items->len; i++)
        {
          const McProtocolItem *item = g_ptr_array_index (checklist->items, i);

          assert_text (item->label);
          g_assert_true (mc_protocol_lookup_item (protocol, item->id) == item);
          if (kind == MC_CHECKLIST_KINDCHECK)
            g_assert_cmpint (item->answer, !=, MC_ITEM_ANSWER_NONE);
          else
            g_assert_cmpint (item->answer, ==, MC_ITEM_ANSWER_NONE);
        }
    }

  checklist = mc_protocol_get_checklist (protocol, MC_CHECKLIST_SIGNAL_CATEGORIES);
  for (guint i = 0; i < checklist->items->len; i++)
    {
      const McProtocolItem *item = g_ptr_array_index (checklist->items, i);

      children += item->audience == MC_AUDIENCE_CHILDREN;
      adults += item->audience == MC_AUDIENCE_ADULTS;
    }
  g_assert_cmpuint (children, ==, 7);
  g_assert_cmpuint (adults, ==, 6);
  g_assert_nonnull (strstr (checklist->note, "verstandelijke beperking"));
  g_assert_cmpint (mc_protocol_lookup_item (protocol, "signal-child-fgm")->audience, ==, MC_AUDIENCE_CHILDREN);
  g_assert_cmpint (mc_protocol_lookup_item (protocol, "signal-adult-financial")->audience, ==, MC_AUDIENCE_ADULTS);

  checklist = mc_protocol_get_checklist (protocol, MC_CHECKLIST_KINDCHECK);
  g_assert_cmpint (mc_protocol_lookup_item (protocol, "kindcheck-number")->answer, ==, MC_ITEM_ANSWER_NUMBER);
  g_assert_cmpint (mc_protocol_lookup_item (protocol, "kindcheck-ages")->answer, ==, MC_ITEM_ANSWER_TEXT);
  g_assert_cmpint (mc_protocol_lookup_item (protocol, "kindcheck-concern")->answer, ==, MC_ITEM_ANSWER_YES_NO);
  assert_text (checklist->note);

  g_assert_cmpuint (mc_protocol_get_checklist (protocol, MC_CHECKLIST_CONVERSATION_SKIP_REASONS)->items->len, ==, 4);
  g_assert_cmpuint (mc_protocol_get_checklist (protocol, MC_CHECKLIST_INFORMING_EXCEPTIONS)->items->len, ==, 3);
  g_assert_nonnull (mc_protocol_lookup_item (protocol, "consult-veilig-thuis"));

  /* The case model stores these ids as they are. */
  checklist = mc_protocol_get_checklist (protocol, MC_CHECKLIST_PERSON_ROLES);
  g_assert_cmpuint (checklist->items->len, ==, G_N_ELEMENTS (person_roles));
  for (guint i = 0; i < G_N_ELEMENTS (person_roles); i++)
    g_assert_cmpstr (((McProtocolItem *) g_ptr_array_index (checklist->items, i))->id, ==, person_roles[i]);

  g_assert_null (mc_protocol_lookup_item (protocol, "no-such-item"));
}

static void
test_default_conversation_rule (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  const McProtocolConversationRule *rule = mc_protocol_get_conversation_rule (protocol);
  g_autoptr(GDate) birth = g_date_new_dmy (28, G_DATE_NOVEMBER, 2008);
  g_autoptr(GDate) day_before = g_date_new_dmy (27, G_DATE_NOVEMBER, 2026);
  g_autoptr(GDate) birthday = g_date_new_dmy (28, G_DATE_NOVEMBER, 2026);
  g_autoptr(GDate) before_birth = g_date_new_dmy (1, G_DATE_JANUARY, 2008);
  GDate invalid;

  g_assert_cmpuint (rule->age_of_majority, ==, 18);
  g_assert_cmpstr (rule->under_age_role_id, ==, "legal-representative");
  assert_text (rule->under_age_text);
  assert_text (rule->of_age_text);

  /* The eighteenth birthday itself decides, on the day of the
   * conversation. */
  g_assert_cmpint (mc_protocol_get_conversation_partner (protocol, birth, day_before), ==,
                   MC_CONVERSATION_PARTNER_LEGAL_REPRESENTATIVES);
  g_assert_cmpint (mc_protocol_get_conversation_partner (protocol, birth, birthday), ==,
                   MC_CONVERSATION_PARTNER_CLIENT);
  g_assert_cmpint (mc_protocol_get_conversation_partner (protocol, NULL, birthday), ==,
                   MC_CONVERSATION_PARTNER_UNKNOWN);
  g_assert_cmpint (mc_protocol_get_conversation_partner (protocol, birth, before_birth), ==,
                   MC_CONVERSATION_PARTNER_UNKNOWN);
  g_date_clear (&invalid, 1);
  g_assert_cmpint (mc_protocol_get_conversation_partner (protocol, &invalid, birthday), ==,
                   MC_CONVERSATION_PARTNER_UNKNOWN);
}

static void
test_default_afwegingskader (void)
{
  static const char * const questions[] = {
    "question-suspicion", "question-unsafety", "question-help-possible",
    "question-help-accepted", "question-help-results",
  };
  g_autoptr(McProtocol) protocol = load_default ();
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol);

  assert_text (kader->title);
  g_assert_cmpstr (kader->report_decision.question, ==, "Is melden noodzakelijk?");
  g_assert_cmpstr (kader->help_decision.question, ==, "Is hulpverlening (ook) mogelijk?");
  g_assert_cmpuint (kader->definitions->len, ==, 2);
  g_assert_cmpstr (((McProtocolDefinition *) g_ptr_array_index (kader->definitions, 0))->term, ==, "Acute onveiligheid");
  g_assert_cmpstr (((McProtocolDefinition *) g_ptr_array_index (kader->definitions, 1))->term, ==, "Structurele onveiligheid");

  g_assert_cmpuint (kader->questions->len, ==, G_N_ELEMENTS (questions));
  for (guint i = 0; i < kader->questions->len; i++)
    {
      const McProtocolQuestion *question = g_ptr_array_index (kader->questions, i);

      g_assert_cmpstr (question->id, ==, questions[i]);
      g_assert_cmpuint (question->number, ==, i + 1);
      assert_text (question->text);
      g_assert_true (g_str_has_suffix (question->text, "?"));
      g_assert_true (mc_protocol_lookup_question (protocol, question->id) == question);
      /* Exactly one target per answer. */
      g_assert_true ((question->yes.question_id == NULL) != (question->yes.outcome_id == NULL));
      g_assert_true ((question->no.question_id == NULL) != (question->no.outcome_id == NULL));
    }

  for (guint i = 0; i < kader->outcomes->len; i++)
    {
      const McProtocolOutcome *outcome = g_ptr_array_index (kader->outcomes, i);

      assert_text (outcome->title);
      assert_text (outcome->reason);
      g_assert_true (outcome->close == MC_OUTCOME_CLOSE_NONE || outcome->continue_question_id == NULL);
    }
}

static void
test_default_special_forms (void)
{
  static const struct
  {
    const char    *id;
    McFormAdvice   advice;
    McFormUrgency  urgency;
    const char    *contact;
  } expected[] = {
    { "form-honour-violence", MC_FORM_ADVICE_CONSULT_VEILIG_THUIS, MC_FORM_URGENCY_URGENT, "veilig-thuis" },
    { "form-forced-marriage", MC_FORM_ADVICE_CONSULT_VEILIG_THUIS, MC_FORM_URGENCY_URGENT, "veilig-thuis" },
    { "form-fgm", MC_FORM_ADVICE_ACT_AT_ONCE, MC_FORM_URGENCY_IMMEDIATE, "veilig-thuis" },
    { "form-recent-sexual-violence", MC_FORM_ADVICE_ACT_AT_ONCE, MC_FORM_URGENCY_IMMEDIATE, "centrum-seksueel-geweld" },
    { "form-disclosure", MC_FORM_ADVICE_REPORT, MC_FORM_URGENCY_URGENT, "veilig-thuis" },
    { "form-elder-abuse", MC_FORM_ADVICE_FOLLOW_MELDCODE, MC_FORM_URGENCY_REGULAR, "veilig-thuis" },
    { "form-staff-violence", MC_FORM_ADVICE_OTHER_ROUTE, MC_FORM_URGENCY_URGENT, NULL },
  };
  g_autoptr(McProtocol) protocol = load_default ();
  GPtrArray *forms = mc_protocol_get_special_forms (protocol);

  g_assert_cmpuint (forms->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const McProtocolSpecialForm *form = g_ptr_array_index (forms, i);

      g_test_message ("special form %s", expected[i].id);
      g_assert_cmpstr (form->id, ==, expected[i].id);
      g_assert_true (mc_protocol_lookup_special_form (protocol, form->id) == form);
      g_assert_cmpint (form->advice, ==, expected[i].advice);
      g_assert_cmpint (form->urgency, ==, expected[i].urgency);
      g_assert_cmpstr (form->contact_id, ==, expected[i].contact);
      if (form->contact_id != NULL)
        g_assert_nonnull (mc_protocol_lookup_contact (protocol, form->contact_id));
      assert_text (form->name);
      assert_text (form->advice_text);
    }
  g_assert_nonnull (strstr (mc_protocol_lookup_special_form (protocol, "form-recent-sexual-violence")->name, "zeven dagen"));
}

/* The checks below read data/protocol/ambiq.xml with libxml2 directly, so
 * they do not lean on the loader they are meant to back up. */

static xmlDocPtr
read_default_source (xmlXPathContextPtr *out_xpath)
{
  g_autofree char *path = default_source_path ();
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET);

  g_assert_nonnull (doc);
  *out_xpath = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (*out_xpath, (const xmlChar *) "p", (const xmlChar *) NS);

  return doc;
}

static GPtrArray *
xpath_values (xmlXPathContextPtr  xpath,
              const char         *expression)
{
  xmlXPathObjectPtr result = xmlXPathEvalExpression ((const xmlChar *) expression, xpath);
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (result);
  for (int i = 0; result->nodesetval != NULL && i < result->nodesetval->nodeNr; i++)
    {
      xmlChar *value = xmlNodeGetContent (result->nodesetval->nodeTab[i]);

      g_ptr_array_add (values, g_strstrip (g_strdup ((const char *) value)));
      xmlFree (value);
    }
  xmlXPathFreeObject (result);

  return values;
}

static GHashTable *
xpath_set (xmlXPathContextPtr  xpath,
           const char         *expression)
{
  g_autoptr(GPtrArray) values = xpath_values (xpath, expression);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < values->len; i++)
    g_hash_table_add (set, g_strdup (g_ptr_array_index (values, i)));

  return set;
}

static void
test_default_ids_unique (void)
{
  xmlXPathContextPtr xpath = NULL;
  xmlDocPtr doc = read_default_source (&xpath);
  g_autoptr(GPtrArray) ids = xpath_values (xpath, "//@id");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (ids->len, >, 80);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      g_test_message ("id %s", id);
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
    }

  xmlXPathFreeContext (xpath);
  xmlFreeDoc (doc);
}

static void
test_default_references_resolve (void)
{
  static const struct
  {
    const char *references;
    const char *targets;
  } checks[] = {
    { "//p:goto/@question | //p:continue/@question", "//p:afwegingskader/p:question/@id" },
    { "//p:conclude/@outcome", "//p:afwegingskader/p:outcome/@id" },
    { "//p:continue/@with | //p:special-form/@contact", "//p:contact/@id | //p:questions-contact/@id" },
    { "//p:under-age/@role", "//p:person-roles/p:item/@id" },
    { "//p:requires/@ref", "//@id" },
  };
  xmlXPathContextPtr xpath = NULL;
  xmlDocPtr doc = read_default_source (&xpath);
  guint total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(GPtrArray) references = xpath_values (xpath, checks[i].references);
      g_autoptr(GHashTable) targets = xpath_set (xpath, checks[i].targets);

      g_assert_cmpuint (references->len, >, 0);
      for (guint j = 0; j < references->len; j++)
        {
          g_test_message ("%s: %s", checks[i].references, (char *) g_ptr_array_index (references, j));
          g_assert_true (g_hash_table_contains (targets, g_ptr_array_index (references, j)));
        }
      total += references->len;
    }
  /* 10 branches, 2 continues with a question, one with a contact, 6 forms
   * with a contact, the role, 2 requirement refs. */
  g_assert_cmpuint (total, ==, 10 + 2 + 1 + 6 + 1 + 2);

  xmlXPathFreeContext (xpath);
  xmlFreeDoc (doc);
}

/* Breadth first over the loaded structs: which questions and outcomes the
 * first question leads to. */
static void
reach (McProtocol *protocol,
       GHashTable *questions,
       GHashTable *outcomes)
{
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol);
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, g_ptr_array_index (kader->questions, 0));
  while (!g_queue_is_empty (queue))
    {
      const McProtocolQuestion *question = g_queue_pop_head (queue);
      const McProtocolBranch *branches[] = { &question->yes, &question->no };

      if (!g_hash_table_add (questions, (gpointer) question->id))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (branches); i++)
        {
          const char *next = branches[i]->question_id;

          if (branches[i]->outcome_id != NULL)
            {
              const McProtocolOutcome *outcome = mc_protocol_lookup_outcome (protocol, branches[i]->outcome_id);

              g_assert_nonnull (outcome);
              g_hash_table_add (outcomes, (gpointer) outcome->id);
              next = outcome->continue_question_id;
            }
          if (next != NULL)
            {
              g_assert_nonnull (mc_protocol_lookup_question (protocol, next));
              g_queue_push_tail (queue, (gpointer) mc_protocol_lookup_question (protocol, next));
            }
        }
    }
}

static void
test_default_questions_reachable (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  const McProtocolAfwegingskader *kader = mc_protocol_get_afwegingskader (protocol);
  g_autoptr(GHashTable) questions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) outcomes = g_hash_table_new (g_str_hash, g_str_equal);

  reach (protocol, questions, outcomes);
  g_assert_cmpuint (g_hash_table_size (questions), ==, kader->questions->len);
  g_assert_cmpuint (g_hash_table_size (outcomes), ==, kader->outcomes->len);
  for (guint i = 0; i < kader->questions->len; i++)
    g_assert_true (g_hash_table_contains (questions, ((McProtocolQuestion *) g_ptr_array_index (kader->questions, i))->id));
}

static void
test_second_protocol (void)
{
  g_autofree char *path = fixture_path ("kinderopvang.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = mc_protocol_new_from_path (path, &error);
  g_autoptr(McProtocol) ambiq = load_default ();
  g_autoptr(GHashTable) questions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) outcomes = g_hash_table_new (g_str_hash, g_str_equal);
  const McProtocolAfwegingskader *kader;
  const McProtocolQuestion *first, *ambiq_first;
  const McProtocolStep *step;
  const McProtocolRequirement *requirement;

  g_assert_no_error (error);
  g_assert_nonnull (protocol);
  g_assert_cmpstr (mc_protocol_get_id (protocol), ==, "kinderopvang-de-notenboom");
  g_assert_cmpstr (mc_protocol_get_revision (protocol), ==, "2023-09");
  g_assert_null (mc_protocol_get_introduction (protocol));
  g_assert_cmpstr (mc_protocol_get_organisation (protocol)->name, ==, "Kinderopvang De Notenboom");

  kader = mc_protocol_get_afwegingskader (protocol);
  g_assert_cmpuint (kader->questions->len, ==, 6);
  first = g_ptr_array_index (kader->questions, 0);
  ambiq_first = g_ptr_array_index (mc_protocol_get_afwegingskader (ambiq)->questions, 0);
  g_assert_cmpstr (first->text, !=, ambiq_first->text);
  g_assert_nonnull (strstr (first->text, "stappen 1 tot en met 4"));
  g_assert_cmpstr (((McProtocolQuestion *) g_ptr_array_index (kader->questions, 1))->id, ==, "vraag-bijzondere-vorm");
  g_assert_cmpstr (kader->report_decision.question, ==, "Moet ik melden?");

  reach (protocol, questions, outcomes);
  g_assert_cmpuint (g_hash_table_size (questions), ==, 6);
  g_assert_cmpuint (g_hash_table_size (outcomes), ==, kader->outcomes->len);

  step = g_ptr_array_index (mc_protocol_get_steps (protocol), 0);
  requirement = g_ptr_array_index (step->requirements, 0);
  g_assert_cmpint (requirement->kind, ==, MC_REQUIREMENT_SIGNALS);
  g_assert_cmpuint (requirement->min, ==, 2);
  step = g_ptr_array_index (mc_protocol_get_steps (protocol), 1);
  requirement = g_ptr_array_index (step->requirements, 0);
  g_assert_cmpstr (requirement->ref, ==, "rol-aandachtsfunctionaris");

  g_assert_cmpstr (mc_protocol_get_conversation_rule (protocol)->under_age_role_id, ==, "ouder");
  g_assert_cmpuint (mc_protocol_get_contacts (protocol)->len, ==, 2);
}

static void
assert_refused (const char      *path,
                McProtocolError  code,
                long             line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autofree char *basename = g_path_get_basename (path);

  protocol = mc_protocol_new_from_path (path, &error);
  g_assert_null (protocol);
  g_assert_error (error, MC_PROTOCOL_ERROR, (int) code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, basename));
  if (line > 0)
    {
      g_autofree char *where = g_strdup_printf ("line %ld:", line);

      g_assert_nonnull (strstr (error->message, where));
    }
}

static void
test_malformed (void)
{
  static const struct
  {
    const char      *file;
    McProtocolError  code;
    long             line;
  } cases[] = {
    { "not-xml.xml", MC_PROTOCOL_ERROR_NOT_XML, 1 },
    { "truncated.xml", MC_PROTOCOL_ERROR_NOT_XML, 61 },
    { "bad-utf8.xml", MC_PROTOCOL_ERROR_NOT_XML, 5 },
    { "wrong-namespace.xml", MC_PROTOCOL_ERROR_INVALID, 4 },
    { "missing-element.xml", MC_PROTOCOL_ERROR_INVALID, 56 },
    { "xinclude.xml", MC_PROTOCOL_ERROR_INVALID, 5 },
    { "closing-continues.xml", MC_PROTOCOL_ERROR_INVALID, 97 },
    { "duplicate-id.xml", MC_PROTOCOL_ERROR_DUPLICATE_ID, 62 },
    { "dangling-branch.xml", MC_PROTOCOL_ERROR_DANGLING_REFERENCE, 89 },
    { "dangling-contact.xml", MC_PROTOCOL_ERROR_DANGLING_REFERENCE, 104 },
    { "unreachable-question.xml", MC_PROTOCOL_ERROR_UNREACHABLE, 97 },
    { "cycle.xml", MC_PROTOCOL_ERROR_CYCLE, 92 },
    { "billion-laughs.xml", MC_PROTOCOL_ERROR_FORBIDDEN_DTD, 5 },
    { "external-entity-file.xml", MC_PROTOCOL_ERROR_FORBIDDEN_DTD, 4 },
    { "external-entity-http.xml", MC_PROTOCOL_ERROR_FORBIDDEN_DTD, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture_path (cases[i].file);

      g_test_message ("refusing %s", cases[i].file);
      assert_refused (path, cases[i].code, cases[i].line);
    }
}

static void
test_minimal_loads (void)
{
  g_autofree char *path = fixture_path ("minimal.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = mc_protocol_new_from_path (path, &error);
  const McProtocolStep *step;

  /* The malformed fixtures differ from it in one thing each. */
  g_assert_no_error (error);
  g_assert_nonnull (protocol);
  g_assert_null (mc_protocol_get_revision (protocol));
  g_assert_cmpuint (mc_protocol_get_conversation_rule (protocol)->age_of_majority, ==, 16);
  step = g_ptr_array_index (mc_protocol_get_steps (protocol), 1);
  g_assert_cmpuint (((McProtocolRequirement *) g_ptr_array_index (step->requirements, 0))->min, ==, 2);
  g_assert_null (mc_protocol_get_organisation (protocol)->questions_contact->description);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("mc-protocol-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
test_too_large (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "fifty-megabytes.xml", NULL);
  const char *start = "<?xml version=\"1.0\"?>\n<protocol xmlns=\"" NS "\">";
  GStatBuf info;
  int fd;

  /* Sparse: 50 MB on paper, nothing on disk. Not XML past its start, so
   * refusing it as too large shows the size was checked before parsing. */
  write_file (path, start, -1);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 50 * 1024 * 1024), ==, 0);
  g_assert_true (g_close (fd, NULL));
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_size, ==, 50 * 1024 * 1024);

  assert_refused (path, MC_PROTOCOL_ERROR_TOO_LARGE, 0);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_too_large_stream (void)
{
  /* A device says nothing about its size: reading must stop by itself. */
  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/zero");
      return;
    }

  assert_refused ("/dev/zero", MC_PROTOCOL_ERROR_TOO_LARGE, 0);
}

static void
test_size_limit (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *source = default_source_path ();
  g_autofree char *at_limit = g_build_filename (dir, "at-limit.xml", NULL);
  g_autofree char *over_limit = g_build_filename (dir, "over-limit.xml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) padded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);

  /* Whitespace after the root element is allowed: the real protocol,
   * padded to exactly the limit, still loads; one byte more does not. */
  padded = g_string_new_len (contents, length);
  while (padded->len < MC_PROTOCOL_MAX_SIZE)
    g_string_append_c (padded, '\n');
  write_file (at_limit, padded->str, padded->len);
  protocol = mc_protocol_new_from_path (at_limit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (protocol);

  g_string_append_c (padded, '\n');
  write_file (over_limit, padded->str, padded->len);
  assert_refused (over_limit, MC_PROTOCOL_ERROR_TOO_LARGE, 0);

  bytes = g_bytes_new (padded->str, padded->len);
  g_clear_object (&protocol);
  protocol = mc_protocol_new_from_bytes (bytes, "over-limit-in-memory.xml", &error);
  g_assert_error (error, MC_PROTOCOL_ERROR, MC_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "over-limit-in-memory.xml"));
  g_assert_null (protocol);

  g_assert_cmpint (g_remove (at_limit), ==, 0);
  g_assert_cmpint (g_remove (over_limit), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A listening socket on the loopback: any attempt to fetch from it leaves
 * a pending connection, which shows as readable. */
static void
test_no_network (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *minimal_path = fixture_path ("minimal.xml");
  g_autofree char *minimal = NULL;
  g_autofree char *with_dtd = NULL;
  g_autofree char *with_schema_location = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(GString) located = NULL;
  guint16 port;

  server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (server, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (server, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (server, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  with_dtd = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                              "<!DOCTYPE protocol SYSTEM \"http://127.0.0.1:%u/protocol.dtd\" [\n"
                              "  <!ENTITY remote SYSTEM \"http://127.0.0.1:%u/remote.xml\">\n"
                              "]>\n"
                              "<protocol xmlns=\"" NS "\"><title>&remote;</title></protocol>\n",
                              port, port);
  bytes = g_bytes_new (with_dtd, strlen (with_dtd));
  protocol = mc_protocol_new_from_bytes (bytes, "remote-dtd.xml", &error);
  g_assert_null (protocol);
  g_assert_error (error, MC_PROTOCOL_ERROR, MC_PROTOCOL_ERROR_FORBIDDEN_DTD);
  g_assert_nonnull (strstr (error->message, "remote-dtd.xml, line 2:"));
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* A schema location is only a hint; the built-in schema is the one that
   * counts, and the hint is not followed. */
  g_file_get_contents (minimal_path, &minimal, NULL, &error);
  g_assert_no_error (error);
  located = g_string_new (minimal);
  with_schema_location = g_strdup_printf ("xmlns=\"" NS "\" "
                                          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                                          "xsi:schemaLocation=\"" NS " http://127.0.0.1:%u/protocol.xsd\"",
                                          port);
  g_assert_cmpuint (g_string_replace (located, "xmlns=\"" NS "\"", with_schema_location, 1), ==, 1);
  bytes = g_bytes_new (located->str, located->len);
  protocol = mc_protocol_new_from_bytes (bytes, "schema-location.xml", &error);
  g_assert_no_error (error);
  g_assert_nonnull (protocol);

  g_assert_cmpint (g_socket_condition_check (server, G_IO_IN), ==, 0);
}

static void
test_io_errors (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.xml", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.xml", NULL);

  assert_refused (missing, MC_PROTOCOL_ERROR_IO, 0);
  assert_refused (dir, MC_PROTOCOL_ERROR_IO, 0);

  write_file (empty, "", 0);
  assert_refused (empty, MC_PROTOCOL_ERROR_NOT_XML, 1);

  g_assert_cmpint (g_remove (empty), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_whitespace_in_ids (void)
{
  g_autofree char *path = fixture_path ("minimal.xml");
  g_autofree char *contents = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  /* The schema collapses whitespace in tokens; so does the loader, so
   * " signal " and "signal" are the same id, and a duplicate. */
  text = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (text, "<item id=\"colleague\">", "<item id=\" signal \">", 1), ==, 1);
  bytes = g_bytes_new (text->str, text->len);
  protocol = mc_protocol_new_from_bytes (bytes, "spaced.xml", &error);
  g_assert_null (protocol);
  g_assert_error (error, MC_PROTOCOL_ERROR, MC_PROTOCOL_ERROR_DUPLICATE_ID);
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* And a reference with spaces still finds its target. */
  g_string_assign (text, contents);
  g_assert_cmpuint (g_string_replace (text, "<goto question=\"q2\"/>", "<goto question=\"  q2 \"/>", 1), ==, 1);
  bytes = g_bytes_new (text->str, text->len);
  protocol = mc_protocol_new_from_bytes (bytes, "spaced.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((McProtocolQuestion *) g_ptr_array_index (mc_protocol_get_afwegingskader (protocol)->questions, 0))->yes.question_id, ==, "q2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/default/loads", test_default_loads);
  g_test_add_func ("/protocol/default/organisation", test_default_organisation);
  g_test_add_func ("/protocol/default/steps", test_default_steps);
  g_test_add_func ("/protocol/default/checklists", test_default_checklists);
  g_test_add_func ("/protocol/default/conversation-rule", test_default_conversation_rule);
  g_test_add_func ("/protocol/default/afwegingskader", test_default_afwegingskader);
  g_test_add_func ("/protocol/default/special-forms", test_default_special_forms);
  g_test_add_func ("/protocol/default/ids-unique", test_default_ids_unique);
  g_test_add_func ("/protocol/default/references-resolve", test_default_references_resolve);
  g_test_add_func ("/protocol/default/questions-reachable", test_default_questions_reachable);
  g_test_add_func ("/protocol/second-protocol", test_second_protocol);
  g_test_add_func ("/protocol/minimal", test_minimal_loads);
  g_test_add_func ("/protocol/malformed", test_malformed);
  g_test_add_func ("/protocol/too-large", test_too_large);
  g_test_add_func ("/protocol/too-large-stream", test_too_large_stream);
  g_test_add_func ("/protocol/size-limit", test_size_limit);
  g_test_add_func ("/protocol/no-network", test_no_network);
  g_test_add_func ("/protocol/io-errors", test_io_errors);
  g_test_add_func ("/protocol/whitespace-in-ids", test_whitespace_in_ids);

  return g_test_run ();
}
