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

/* The fixtures of version 1, and the built-in protocol (version 2). */
#define NS "urn:nl.ambiq.meldcode:protocol:1"
#define NS_2 "urn:nl.ambiq.meldcode:protocol:2"

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
load_fixture (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  McProtocol *protocol = mc_protocol_new_from_path (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (protocol);

  return protocol;
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
  g_assert_cmpuint (mc_protocol_get_schema_version (protocol), ==, 2);
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

  g_assert_cmpuint (contacts->len, ==, 5);
  contact = mc_protocol_lookup_contact (protocol, "veilig-thuis");
  g_assert_nonnull (contact);
  g_assert_cmpstr (contact->name, ==, "Veilig Thuis");
  g_assert_cmpstr (contact->phone, ==, "0800-2000");
  contact = mc_protocol_lookup_contact (protocol, "centrum-seksueel-geweld");
  g_assert_nonnull (contact);
  g_assert_cmpstr (contact->name, ==, "Centrum Seksueel Geweld");
  g_assert_cmpstr (contact->phone, ==, "0800-0188");
  contact = mc_protocol_lookup_contact (protocol, "emergency");
  g_assert_nonnull (contact);
  g_assert_cmpstr (contact->name, ==, "Alarmnummer");
  g_assert_cmpstr (contact->phone, ==, "112");
  contact = mc_protocol_lookup_contact (protocol, "igj");
  g_assert_nonnull (contact);
  g_assert_cmpstr (contact->name, ==, "Inspectie Gezondheidszorg en Jeugd");
  g_assert_cmpstr (contact->phone, ==, "088-1205000");
  contact = mc_protocol_lookup_contact (protocol, "vertrouwensinspecteur");
  g_assert_nonnull (contact);
  g_assert_cmpstr (contact->phone, ==, "0900-1113111");
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
  static const char * const person_roles[] = {
    "legal-representative", "parent-with-gezag", "parent-without-gezag", "voogd", "mentor", "curator",
    "bewindvoerder", "carer", "household-member", "child", "other",
  };
  /* Who may decide for the client; the verzorger may not. */
  static const char * const legal_representatives[] = {
    "legal-representative", "parent-with-gezag", "voogd", "mentor", "curator", "bewindvoerder",
  };
  static const char * const close_reasons[] = {
    "worries-gone", "handed-over", "reported-handed-on", "help-monitoring", "client-left", "other",
  };
  g_autoptr(McProtocol) protocol = load_default ();
  const McProtocolChecklist *checklist;
  guint children = 0, adults = 0;

  for (McChecklistKind kind = MC_CHECKLIST_SIGNAL_CATEGORIES; kind <= MC_CHECKLIST_CLOSE_REASONS; kind++)
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
          if (kind == MC_CHECKLIST_CLOSE_REASONS)
            g_assert_true (mc_protocol_lookup_close_reason (protocol, item->id) == item);
          else
            g_assert_true (mc_protocol_lookup_item (protocol, item->id) == item);
          /* Only the 0.1 role is retired. */
          g_assert_cmpint (item->retired, ==, g_str_equal (item->id, "legal-representative"));
          if (kind != MC_CHECKLIST_PERSON_ROLES)
            g_assert_false (item->legal_representative);
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
  /* The trigger, and an intellectual disability counts. */
  g_assert_nonnull (strstr (checklist->note, "verstandelijke beperking"));
  g_assert_true (((McProtocolItem *) g_ptr_array_index (checklist->items, 0)) == mc_protocol_lookup_item (protocol, "kindcheck-trigger"));
  g_assert_nonnull (strstr (mc_protocol_lookup_item (protocol, "kindcheck-trigger")->help, "verstandelijke beperking"));
  /* Which children, who cares for them, where they are during the day: in
   * words, so a case whose kindcheck was complete in 0.1 stays complete. */
  g_assert_cmpint (mc_protocol_lookup_item (protocol, "kindcheck-trigger")->answer, ==, MC_ITEM_ANSWER_TEXT);
  g_assert_cmpint (mc_protocol_lookup_item (protocol, "kindcheck-which-children")->answer, ==, MC_ITEM_ANSWER_TEXT);
  g_assert_cmpint (mc_protocol_lookup_item (protocol, "kindcheck-carers")->answer, ==, MC_ITEM_ANSWER_TEXT);
  g_assert_cmpint (mc_protocol_lookup_item (protocol, "kindcheck-daytime")->answer, ==, MC_ITEM_ANSWER_TEXT);
  g_assert_nonnull (strstr (mc_protocol_lookup_item (protocol, "kindcheck-carers")->label, "zorgt"));
  g_assert_nonnull (strstr (mc_protocol_lookup_item (protocol, "kindcheck-daytime")->label, "overdag"));

  g_assert_cmpuint (mc_protocol_get_checklist (protocol, MC_CHECKLIST_CONVERSATION_SKIP_REASONS)->items->len, ==, 5);
  g_assert_cmpuint (mc_protocol_get_checklist (protocol, MC_CHECKLIST_INFORMING_EXCEPTIONS)->items->len, ==, 3);
  g_assert_nonnull (mc_protocol_lookup_item (protocol, "consult-veilig-thuis"));

  /* The case model stores these ids as they are. */
  checklist = mc_protocol_get_checklist (protocol, MC_CHECKLIST_PERSON_ROLES);
  g_assert_cmpuint (checklist->items->len, ==, G_N_ELEMENTS (person_roles));
  for (guint i = 0; i < G_N_ELEMENTS (person_roles); i++)
    {
      const McProtocolItem *item = g_ptr_array_index (checklist->items, i);

      g_assert_cmpstr (item->id, ==, person_roles[i]);
      g_assert_cmpint (item->legal_representative, ==, g_strv_contains (legal_representatives, item->id));
    }
  g_assert_cmpstr (mc_protocol_lookup_item (protocol, "legal-representative")->label, ==, "Wettelijk vertegenwoordiger");
  g_assert_cmpstr (mc_protocol_lookup_item (protocol, "parent-with-gezag")->label, ==, "Ouder met gezag");
  g_assert_cmpstr (mc_protocol_lookup_item (protocol, "carer")->label, ==, "Verzorger");
  g_assert_nonnull (strstr (mc_protocol_lookup_item (protocol, "carer")->help, "geen wettelijk vertegenwoordiger"));
  g_assert_cmpint (mc_protocol_lookup_item (protocol, "mentor")->audience, ==, MC_AUDIENCE_ADULTS);

  /* "other" is a person role and a close reason: each lookup finds its
   * own. */
  checklist = mc_protocol_get_checklist (protocol, MC_CHECKLIST_CLOSE_REASONS);
  g_assert_cmpuint (checklist->items->len, ==, G_N_ELEMENTS (close_reasons));
  for (guint i = 0; i < G_N_ELEMENTS (close_reasons); i++)
    g_assert_cmpstr (((McProtocolItem *) g_ptr_array_index (checklist->items, i))->id, ==, close_reasons[i]);
  g_assert_true (mc_protocol_lookup_item (protocol, "other")
                 == g_ptr_array_index (mc_protocol_get_checklist (protocol, MC_CHECKLIST_PERSON_ROLES)->items,
                                       G_N_ELEMENTS (person_roles) - 1));
  g_assert_true (mc_protocol_lookup_close_reason (protocol, "other") == g_ptr_array_index (checklist->items, 5));
  g_assert_cmpstr (mc_protocol_lookup_close_reason (protocol, "other")->label, ==, "Andere reden");
  g_assert_null (mc_protocol_lookup_item (protocol, "worries-gone"));
  g_assert_null (mc_protocol_lookup_close_reason (protocol, "parent-with-gezag"));

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

  /* Made from the bands for the callers of version 1: the first legal
   * representative role, and each text of the bands on its side of 18. */
  g_assert_cmpuint (rule->age_of_majority, ==, 18);
  g_assert_cmpstr (rule->under_age_role_id, ==, "legal-representative");
  assert_text (rule->under_age_text);
  assert_text (rule->of_age_text);
  g_assert_true (g_str_has_prefix (rule->under_age_text, mc_protocol_find_band (protocol, 0)->text));
  g_assert_nonnull (strstr (rule->under_age_text, mc_protocol_find_band (protocol, 13)->text));
  g_assert_true (g_str_has_suffix (rule->under_age_text, mc_protocol_find_band (protocol, 17)->text));
  g_assert_cmpstr (rule->of_age_text, ==, mc_protocol_find_band (protocol, 18)->text);

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
  static const char * const wording[] = {
    "Heb ik op basis van de stappen 1 tot en met 4 van de meldcode een vermoeden van (dreiging van) "
    "huiselijk geweld en/of kindermishandeling?",
    "Schat ik in dat er sprake is van acute en/of structurele onveiligheid?",
    "Ben ik in staat om effectieve hulp te bieden of te organiseren om de (risico's op) huiselijk "
    "geweld en/of kindermishandeling af te wenden?",
    "Aanvaarden de betrokkenen de hulp zoals hiervoor bedoeld en zijn zij bereid zich in te zetten?",
    "Leidt de hulp binnen de gewenste termijn tot de noodzakelijke resultaten ten aanzien van de "
    "veiligheid en/of het welzijn (herstel) van alle betrokkenen?",
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
      /* The official wording (NJi), word for word. */
      g_assert_cmpstr (question->text, ==, wording[i]);
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
  g_assert_cmpstr (mc_protocol_lookup_outcome (protocol, "outcome-close-monitoring")->title, ==,
                   "Afsluiten met afspraken over het volgen van de (on)veiligheid");
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
    { "form-client-sexual-behaviour", MC_FORM_ADVICE_OTHER_ROUTE, MC_FORM_URGENCY_URGENT, NULL },
    { "form-education-staff-offence", MC_FORM_ADVICE_OTHER_ROUTE, MC_FORM_URGENCY_URGENT, "vertrouwensinspecteur" },
    { "form-human-trafficking", MC_FORM_ADVICE_CONSULT_VEILIG_THUIS, MC_FORM_URGENCY_URGENT, "veilig-thuis" },
    { "form-abandonment", MC_FORM_ADVICE_CONSULT_VEILIG_THUIS, MC_FORM_URGENCY_URGENT, "veilig-thuis" },
    { "form-falsification", MC_FORM_ADVICE_CONSULT_VEILIG_THUIS, MC_FORM_URGENCY_REGULAR, "veilig-thuis" },
  };
  /* Which forms bring duties besides the meldcode, and to whom. */
  static const struct
  {
    const char *form;
    const char *duty;
    const char *contact;
  } duties[] = {
    { "form-staff-violence", "duty-care-manager", NULL },
    { "form-staff-violence", "duty-care-igj", "igj" },
    { "form-client-sexual-behaviour", "duty-client-manager", NULL },
    { "form-client-sexual-behaviour", "duty-client-igj", "igj" },
    { "form-education-staff-offence", "duty-education-board", NULL },
    { "form-education-staff-offence", "duty-education-inspector", "vertrouwensinspecteur" },
    { "form-education-staff-offence", "duty-education-police", NULL },
  };
  g_autoptr(McProtocol) protocol = load_default ();
  GPtrArray *forms = mc_protocol_get_special_forms (protocol);
  guint n_duties = 0, fgm = 0;

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
      g_assert_nonnull (form->duties);
      for (guint j = 0; j < form->duties->len; j++)
        {
          const McProtocolDuty *duty = g_ptr_array_index (form->duties, j);

          g_assert_cmpuint (n_duties, <, G_N_ELEMENTS (duties));
          g_assert_cmpstr (form->id, ==, duties[n_duties].form);
          g_assert_cmpstr (duty->id, ==, duties[n_duties].duty);
          g_assert_cmpstr (duty->contact_id, ==, duties[n_duties].contact);
          if (duty->contact_id != NULL)
            g_assert_nonnull (mc_protocol_lookup_contact (protocol, duty->contact_id));
          assert_text (duty->text);
          n_duties++;
        }
      /* The new-case dialog lists the special forms apart from the signal
       * categories; among the forms, VGV is there once. */
      if (strstr (form->name, "genitale verminking") != NULL)
        fgm++;
    }
  g_assert_cmpuint (n_duties, ==, G_N_ELEMENTS (duties));
  g_assert_cmpuint (fgm, ==, 1);
  g_assert_nonnull (strstr (mc_protocol_lookup_special_form (protocol, "form-recent-sexual-violence")->name, "zeven dagen"));
  /* Violence in the care relationship: the manager and the IGJ, without
   * delay. */
  g_assert_nonnull (strstr (mc_protocol_lookup_special_form (protocol, "form-staff-violence")->description, "vrijwilliger"));
  g_assert_nonnull (strstr (mc_protocol_lookup_special_form (protocol, "form-staff-violence")->advice_text, "zonder uitstel"));
  g_assert_nonnull (strstr (mc_protocol_lookup_special_form (protocol, "form-human-trafficking")->name, "loverboy"));
  g_assert_nonnull (strstr (mc_protocol_lookup_special_form (protocol, "form-falsification")->description,
                            "Pediatric Condition Falsification"));
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
  xmlXPathRegisterNs (*out_xpath, (const xmlChar *) "p", (const xmlChar *) NS_2);

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
  /* The close reasons' ids are their own ("other" is also a role). */
  g_autoptr(GPtrArray) ids = xpath_values (xpath, "//@id[not(../parent::p:close-reasons)]");
  g_autoptr(GPtrArray) reasons = xpath_values (xpath, "//p:close-reasons/p:item/@id");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_reasons = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (ids->len, >, 130);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      g_test_message ("id %s", id);
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
    }
  g_assert_cmpuint (reasons->len, ==, 6);
  for (guint i = 0; i < reasons->len; i++)
    g_assert_true (g_hash_table_add (seen_reasons, g_ptr_array_index (reasons, i)));

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
    { "//p:continue/@with | //p:special-form/@contact | //p:duty/@contact",
      "//p:contact/@id | //p:questions-contact/@id" },
    { "//p:partner/@role[. != 'client'] | //p:representative/@role", "//p:person-roles/p:item/@id" },
    { "//p:requires/@ref", "//@id" },
    { "//p:partner/@unless", "//p:conversation-skip-reasons/p:item/@id" },
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
  /* 10 branches, 2 continues with a question, one with a contact, 10 forms
   * and 3 duties with a contact, 6 partner roles besides the client (three
   * bands: under 12, 12 to 15, 16 and 17) and 3 representatives, 2
   * requirement refs, and the 2 partners of 16 and 17 with an exception. */
  g_assert_cmpuint (total, ==, 10 + 2 + 1 + 10 + 3 + 6 + 3 + 2 + 2);

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

/* Rules and facts said as text, so a table can hold them. */
static char *
facts_to_string (GPtrArray *facts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < facts->len; i++)
    {
      const McProtocolFact *fact = g_ptr_array_index (facts, i);

      g_assert_true (fact->is == MC_ANSWER_YES || fact->is == MC_ANSWER_NO);
      g_string_append_printf (text, "%s%s=%s", i > 0 ? " " : "", fact->ref,
                              fact->is == MC_ANSWER_YES ? "yes" : "no");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The built-in rules that name no id of Ambiq's own, so every version-1
 * file gets them. */
static const char * const generic_rules[] = {
  "norm-unsafety-report", "norm-outcome-report-yes", "norm-outcome-report-no",
  "norm-outcome-help-yes", "norm-outcome-help-no",
};

static void
assert_rule_ids (McProtocol         *protocol,
                 const char * const *ids,
                 guint               n_ids)
{
  GPtrArray *rules = mc_protocol_get_rules (protocol);

  g_assert_cmpuint (rules->len, ==, n_ids);
  for (guint i = 0; i < n_ids; i++)
    {
      const McProtocolRule *rule = g_ptr_array_index (rules, i);

      g_assert_cmpstr (rule->id, ==, ids[i]);
      g_assert_true (mc_protocol_lookup_rule (protocol, rule->id) == rule);
    }
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

  /* Version 1: the meldnormen that need no id of Ambiq's, the close reasons
   * and the terms of the built-in protocol. */
  g_assert_cmpuint (mc_protocol_get_schema_version (protocol), ==, 1);
  assert_rule_ids (protocol, generic_rules, G_N_ELEMENTS (generic_rules));
  g_assert_cmpuint (mc_protocol_get_urgent_actions (protocol)->len, ==, 1);
  /* Its own Veilig Thuis is "vt": the built-in one is borrowed, to call. */
  g_assert_cmpstr (mc_protocol_lookup_contact (protocol, "veilig-thuis")->phone, ==, "0800-2000");
  g_assert_cmpstr (mc_protocol_lookup_contact (protocol, "emergency")->phone, ==, "112");
  g_assert_cmpuint (mc_protocol_get_checklist (protocol, MC_CHECKLIST_CLOSE_REASONS)->items->len, ==, 6);
  g_assert_cmpint (mc_protocol_get_term_working_days (protocol, "vt-first-response"), ==, 5);
  g_assert_cmpstr (mc_protocol_find_band (protocol, 17)->partner_roles[0], ==, "ouder");
  g_assert_cmpstr (mc_protocol_find_band (protocol, 18)->partner_roles[0], ==, "client");
}

static const struct
{
  const char   *id;
  guint         step;
  McRuleBlocks  blocks;
  gboolean      when_any;
  const char   *when;
  const char   *require;
} ambiq_rules[] = {
  { "norm-unsafety-question", 5, MC_RULE_BLOCKS_BROKEN, TRUE,
    "weighing.acute=yes weighing.structural=yes", "question.question-unsafety=yes" },
  { "norm-unsafety-report", 5, MC_RULE_BLOCKS_BROKEN, TRUE,
    "weighing.acute=yes weighing.structural=yes", "decision.report=yes" },
  { "norm-outcome-report-yes", 5, MC_RULE_BLOCKS_BROKEN, FALSE, "outcome.report=yes", "decision.report=yes" },
  { "norm-outcome-report-no", 5, MC_RULE_BLOCKS_BROKEN, FALSE, "outcome.report=no", "decision.report=no" },
  { "norm-outcome-help-yes", 5, MC_RULE_BLOCKS_BROKEN, FALSE, "outcome.help=yes", "decision.help=yes" },
  { "norm-outcome-help-no", 5, MC_RULE_BLOCKS_BROKEN, FALSE, "outcome.help=no", "decision.help=no" },
  { "norm-honour-violence-consult", 2, MC_RULE_BLOCKS_PENDING, FALSE,
    "special-form.form-honour-violence=yes", "consultation.consult-veilig-thuis=yes" },
  { "norm-forced-marriage-consult", 2, MC_RULE_BLOCKS_PENDING, FALSE,
    "special-form.form-forced-marriage=yes", "consultation.consult-veilig-thuis=yes" },
  { "norm-fgm-consult", 2, MC_RULE_BLOCKS_PENDING, FALSE,
    "special-form.form-fgm=yes", "consultation.consult-veilig-thuis=yes" },
  { "norm-disclosure-report", 5, MC_RULE_BLOCKS_BROKEN, FALSE,
    "special-form.form-disclosure=yes", "decision.report=yes" },
};

static void
assert_ambiq_rules (McProtocol *protocol,
                    guint       n_more)
{
  GPtrArray *rules = mc_protocol_get_rules (protocol);

  g_assert_cmpuint (rules->len, ==, G_N_ELEMENTS (ambiq_rules) + n_more);
  for (guint i = 0; i < G_N_ELEMENTS (ambiq_rules); i++)
    {
      const McProtocolRule *rule = g_ptr_array_index (rules, i);
      g_autofree char *when = facts_to_string (rule->when);
      g_autofree char *require = facts_to_string (rule->require);

      g_test_message ("rule %s", ambiq_rules[i].id);
      g_assert_cmpstr (rule->id, ==, ambiq_rules[i].id);
      g_assert_true (mc_protocol_lookup_rule (protocol, rule->id) == rule);
      g_assert_cmpuint (rule->step, ==, ambiq_rules[i].step);
      g_assert_cmpint (rule->blocks, ==, ambiq_rules[i].blocks);
      g_assert_cmpint (rule->when_any, ==, ambiq_rules[i].when_any);
      g_assert_cmpstr (when, ==, ambiq_rules[i].when);
      g_assert_cmpstr (require, ==, ambiq_rules[i].require);
      assert_text (rule->text);
    }
}

static void
test_default_rules (void)
{
  g_autoptr(McProtocol) protocol = load_default ();

  assert_ambiq_rules (protocol, 0);

  /* The texts name the norm in the professional's words. */
  g_assert_nonnull (strstr (mc_protocol_lookup_rule (protocol, "norm-unsafety-report")->text, "meldnorm 1"));
  for (guint i = 2; i < 6; i++)
    g_assert_nonnull (strstr (((McProtocolRule *) g_ptr_array_index (mc_protocol_get_rules (protocol), i))->text,
                              "schriftelijk vast waarom"));
  g_assert_null (mc_protocol_lookup_rule (protocol, "no-such-rule"));
}

static void
test_default_facts_resolve (void)
{
  /* What each kind of fact names, read from the file without the loader. */
  static const struct
  {
    const char *prefix;
    const char *targets;
  } kinds[] = {
    { "question.", "//p:afwegingskader/p:question/@id" },
    { "special-form.", "//p:special-form/@id" },
    { "consultation.", "//p:consultation-roles/p:item/@id" },
    { "checklist.", "//p:item[@answer = 'yes-no']/@id" },
  };
  static const char * const fixed[] = {
    "weighing.acute", "weighing.structural", "outcome.report", "outcome.help",
    "decision.report", "decision.help", "client.minor",
  };
  xmlXPathContextPtr xpath = NULL;
  xmlDocPtr doc = read_default_source (&xpath);
  g_autoptr(GPtrArray) refs = xpath_values (xpath, "//p:fact/@ref");

  g_assert_cmpuint (refs->len, >, 20);
  for (guint i = 0; i < refs->len; i++)
    {
      const char *ref = g_ptr_array_index (refs, i);
      gboolean known = g_strv_contains (fixed, ref);

      g_test_message ("fact %s", ref);
      for (guint j = 0; j < G_N_ELEMENTS (kinds) && !known; j++)
        if (g_str_has_prefix (ref, kinds[j].prefix))
          {
            g_autoptr(GHashTable) targets = xpath_set (xpath, kinds[j].targets);

            known = g_hash_table_contains (targets, ref + strlen (kinds[j].prefix));
          }
      g_assert_true (known);
    }

  xmlXPathFreeContext (xpath);
  xmlFreeDoc (doc);
}

static void
test_default_urgent_actions (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  GPtrArray *actions = mc_protocol_get_urgent_actions (protocol);
  const McProtocolUrgentAction *acute;
  g_autofree char *when = NULL;

  g_assert_cmpuint (actions->len, ==, 2);
  acute = g_ptr_array_index (actions, 0);
  g_assert_cmpstr (acute->id, ==, "action-acute");
  g_assert_false (acute->when_any);
  when = facts_to_string (acute->when);
  g_assert_cmpstr (when, ==, "weighing.acute=yes");
  g_assert_cmpuint (g_strv_length (acute->contact_ids), ==, 2);
  g_assert_cmpstr (acute->contact_ids[0], ==, "veilig-thuis");
  g_assert_cmpstr (acute->contact_ids[1], ==, "emergency");
  g_assert_nonnull (strstr (acute->text, "0800-2000"));
  g_assert_nonnull (strstr (acute->text, "112"));

  for (guint i = 0; i < actions->len; i++)
    {
      const McProtocolUrgentAction *action = g_ptr_array_index (actions, i);

      assert_text (action->text);
      g_assert_cmpuint (action->when->len, >, 0);
      for (guint j = 0; action->contact_ids[j] != NULL; j++)
        g_assert_nonnull (mc_protocol_lookup_contact (protocol, action->contact_ids[j]));
    }
}

static void
test_default_bands (void)
{
  static const struct
  {
    int         age;
    const char *band;
  } ages[] = {
    { 0, "band-under-12" }, { 11, "band-under-12" }, { 12, "band-12-15" }, { 15, "band-12-15" },
    { 16, "band-16-17" }, { 17, "band-16-17" }, { 18, "band-adult" }, { 99, "band-adult" },
    { G_MAXINT, "band-adult" }, { -1, NULL }, { G_MININT, NULL },
  };
  static const char * const under_12[] = { "parent-with-gezag", "voogd", NULL };
  static const char * const with_client[] = { "client", "parent-with-gezag", "voogd", NULL };
  static const char * const adult[] = { "client", NULL };
  static const char * const young_person_unless[] = { "", "skip-harms-young-person", "skip-harms-young-person", NULL };
  static const char * const representatives[] = { "mentor", "curator", "bewindvoerder", NULL };
  g_autoptr(McProtocol) protocol = load_default ();
  GPtrArray *bands = mc_protocol_get_conversation_bands (protocol);
  const McProtocolBand *band;

  for (guint i = 0; i < G_N_ELEMENTS (ages); i++)
    {
      band = mc_protocol_find_band (protocol, ages[i].age);
      g_test_message ("age %d", ages[i].age);
      if (ages[i].band == NULL)
        g_assert_null (band);
      else
        g_assert_cmpstr (band->id, ==, ages[i].band);
    }

  /* By age, from 0, each after the other, the last without end. */
  g_assert_cmpuint (bands->len, ==, 4);
  for (guint i = 0; i < bands->len; i++)
    {
      band = g_ptr_array_index (bands, i);
      g_assert_cmpuint (band->from, ==, i == 0 ? 0 : ((McProtocolBand *) g_ptr_array_index (bands, i - 1))->to + 1);
      assert_text (band->text);
      g_assert_nonnull (band->representative_roles);
      for (guint j = 0; band->partner_roles[j] != NULL; j++)
        g_assert_true (g_str_equal (band->partner_roles[j], "client")
                       || mc_protocol_lookup_item (protocol, band->partner_roles[j]) != NULL);
    }

  band = g_ptr_array_index (bands, 0);
  g_assert_cmpuint (band->to, ==, 11);
  g_assert_cmpint (band->consent, ==, MC_CONSENT_PARENTS);
  g_assert_true (g_strv_equal ((const char * const *) band->partner_roles, under_12));
  g_assert_cmpuint (g_strv_length (band->representative_roles), ==, 0);
  g_assert_nonnull (strstr (band->text, "ouders met gezag of met de voogd"));
  band = g_ptr_array_index (bands, 1);
  g_assert_cmpuint (band->to, ==, 15);
  g_assert_cmpint (band->consent, ==, MC_CONSENT_CHILD_AND_PARENTS);
  g_assert_true (g_strv_equal ((const char * const *) band->partner_roles, with_client));
  band = g_ptr_array_index (bands, 2);
  g_assert_cmpuint (band->to, ==, 17);
  g_assert_cmpint (band->consent, ==, MC_CONSENT_YOUNG_PERSON);
  /* The young person decides; the parents are involved unless that harms
   * the young person, a reason that stands for them only. */
  g_assert_true (g_strv_equal ((const char * const *) band->partner_roles, with_client));
  g_assert_true (g_strv_equal ((const char * const *) band->partner_unless, young_person_unless));
  g_assert_nonnull (strstr (band->text, "tenzij"));
  band = g_ptr_array_index (bands, 3);
  g_assert_cmpuint (band->from, ==, 18);
  g_assert_cmpuint (band->to, ==, G_MAXUINT);
  g_assert_cmpint (band->consent, ==, MC_CONSENT_CLIENT);
  g_assert_true (g_strv_equal ((const char * const *) band->partner_roles, adult));
  g_assert_true (g_strv_equal ((const char * const *) band->representative_roles, representatives));
}

static void
test_default_terms (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  const McProtocolTerm *term = mc_protocol_lookup_term (protocol, "vt-first-response");

  g_assert_cmpint (mc_protocol_get_term_working_days (protocol, "vt-first-response"), ==, 5);
  g_assert_cmpint (mc_protocol_get_term_working_days (protocol, "no-such-term"), ==, -1);
  g_assert_nonnull (term);
  g_assert_cmpuint (term->working_days, ==, 5);
  assert_text (term->text);
  g_assert_null (mc_protocol_lookup_term (protocol, "no-such-term"));
}

/* Wording the second review asked for. */
static void
test_default_wording (void)
{
  g_autoptr(McProtocol) protocol = load_default ();
  const McProtocolStep *conversation = g_ptr_array_index (mc_protocol_get_steps (protocol), 2);
  const McProtocolStep *decision = g_ptr_array_index (mc_protocol_get_steps (protocol), 4);
  g_autofree char *path = default_source_path ();
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &source, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (source, "verzorgers of voogd"));
  g_assert_null (strstr (source, "verzorgers of een voogd"));
  g_assert_nonnull (strstr (conversation->guidance, "ouders met gezag of de voogd"));
  /* "Open melden, tenzij" says which exceptions it means. */
  g_assert_nonnull (strstr (decision->guidance, "open melden, tenzij"));
  g_assert_nonnull (strstr (decision->guidance, "twee uitzonderingen"));
  g_assert_nonnull (strstr (decision->guidance, "uit beeld raakt"));
  /* One form of address: "u", never "je" or "we". */
  g_assert_null (strstr (source, " je "));
  g_assert_null (strstr (source, " we "));
  g_assert_null (strstr (source, "We "));
}

static void
test_extra_rule (void)
{
  g_autoptr(McProtocol) protocol = load_fixture ("extra-rule.xml");
  GPtrArray *rules = mc_protocol_get_rules (protocol);
  const McProtocolRule *rule;
  g_autofree char *when = NULL;
  g_autofree char *require = NULL;

  g_assert_cmpstr (mc_protocol_get_organisation (protocol)->name, ==, "Zorggroep De Linde");
  assert_ambiq_rules (protocol, 1);
  rule = g_ptr_array_index (rules, rules->len - 1);
  g_assert_cmpstr (rule->id, ==, "norm-kindcheck-concern");
  g_assert_cmpuint (rule->step, ==, 2);
  g_assert_cmpint (rule->blocks, ==, MC_RULE_BLOCKS_PENDING);
  when = facts_to_string (rule->when);
  require = facts_to_string (rule->require);
  g_assert_cmpstr (when, ==, "checklist.kindcheck-concern=yes");
  g_assert_cmpstr (require, ==, "consultation.consult-meldcode-officer=yes");
  assert_text (rule->text);
}

static void
test_v2_minimal (void)
{
  g_autoptr(McProtocol) protocol = load_fixture ("v2-minimal.xml");
  const McProtocolSpecialForm *form = mc_protocol_lookup_special_form (protocol, "form");
  const McProtocolDuty *duty;
  const McProtocolRule *rule;
  const McProtocolConversationRule *conversation = mc_protocol_get_conversation_rule (protocol);
  const McProtocolUrgentAction *action;
  g_autofree char *when = NULL;

  g_assert_cmpuint (mc_protocol_get_schema_version (protocol), ==, 2);

  /* Its own parts, none of the built-in ones. */
  g_assert_cmpuint (mc_protocol_get_rules (protocol)->len, ==, 3);
  rule = mc_protocol_lookup_rule (protocol, "norm-form");
  g_assert_true (rule->when_any);
  g_assert_cmpint (rule->blocks, ==, MC_RULE_BLOCKS_PENDING);
  when = facts_to_string (rule->when);
  g_assert_cmpstr (when, ==, "special-form.form=yes checklist.kc=yes");
  rule = mc_protocol_lookup_rule (protocol, "norm-always");
  g_assert_cmpuint (rule->step, ==, 1);
  g_assert_cmpuint (rule->when->len, ==, 0);
  g_assert_cmpuint (mc_protocol_get_urgent_actions (protocol)->len, ==, 1);
  action = g_ptr_array_index (mc_protocol_get_urgent_actions (protocol), 0);
  g_assert_cmpuint (g_strv_length (action->contact_ids), ==, 1);
  g_assert_null (mc_protocol_lookup_contact (protocol, "emergency"));
  g_assert_cmpint (mc_protocol_get_term_working_days (protocol, "term"), ==, 10);
  g_assert_cmpint (mc_protocol_get_term_working_days (protocol, "vt-first-response"), ==, -1);
  g_assert_cmpuint (mc_protocol_get_checklist (protocol, MC_CHECKLIST_CLOSE_REASONS)->items->len, ==, 2);
  g_assert_cmpstr (mc_protocol_lookup_close_reason (protocol, "other")->label, ==, "Anders");
  g_assert_cmpstr (mc_protocol_lookup_item (protocol, "other")->label, ==, "Andere betrokkene");

  g_assert_cmpuint (form->duties->len, ==, 1);
  duty = g_ptr_array_index (form->duties, 0);
  g_assert_cmpstr (duty->id, ==, "duty");
  g_assert_cmpstr (duty->contact_id, ==, "inspectie");
  g_assert_cmpstr (duty->text, ==, "Meld bij de inspectie.");

  g_assert_true (mc_protocol_lookup_item (protocol, "old-role")->retired);
  g_assert_false (mc_protocol_lookup_item (protocol, "old-role")->legal_representative);
  g_assert_true (mc_protocol_lookup_item (protocol, "parent")->legal_representative);

  /* The old rule, from the bands. */
  g_assert_cmpuint (conversation->age_of_majority, ==, 16);
  g_assert_cmpstr (conversation->id, ==, "bands");
  g_assert_cmpstr (conversation->under_age_role_id, ==, "parent");
  g_assert_cmpstr (conversation->under_age_text, ==, "Jonger dan 16.");
  g_assert_cmpstr (conversation->of_age_text, ==, "16 of ouder.");
  g_assert_cmpstr (mc_protocol_find_band (protocol, 15)->id, ==, "band-young");
  g_assert_cmpstr (mc_protocol_find_band (protocol, 16)->id, ==, "band-old");
}

/* Version 1 files: the built-in parts, as far as their ids allow. */
static void
test_v1_defaults (void)
{
  g_autoptr(McProtocol) minimal = load_fixture ("minimal.xml");
  g_autoptr(McProtocol) old_ambiq = load_fixture ("ambiq-v1.xml");
  g_autoptr(McProtocol) ambiq = load_default ();
  GPtrArray *bands = mc_protocol_get_conversation_bands (minimal);
  const McProtocolBand *band;
  const McProtocolUrgentAction *action;

  g_assert_cmpuint (mc_protocol_get_schema_version (minimal), ==, 1);
  assert_rule_ids (minimal, generic_rules, G_N_ELEMENTS (generic_rules));
  for (guint i = 0; i < G_N_ELEMENTS (generic_rules); i++)
    {
      const McProtocolRule *own = mc_protocol_lookup_rule (minimal, generic_rules[i]);
      const McProtocolRule *builtin = mc_protocol_lookup_rule (ambiq, generic_rules[i]);
      g_autofree char *own_when = facts_to_string (own->when);
      g_autofree char *builtin_when = facts_to_string (builtin->when);

      g_assert_cmpstr (own->text, ==, builtin->text);
      g_assert_cmpstr (own_when, ==, builtin_when);
      g_assert_cmpuint (own->step, ==, builtin->step);
    }

  /* Acute danger is the same everywhere: 112 is borrowed, for the action
   * only, not listed as the organisation's. */
  g_assert_cmpuint (mc_protocol_get_urgent_actions (minimal)->len, ==, 1);
  action = g_ptr_array_index (mc_protocol_get_urgent_actions (minimal), 0);
  g_assert_cmpstr (action->id, ==, "action-acute");
  g_assert_cmpstr (mc_protocol_lookup_contact (minimal, "emergency")->phone, ==, "112");
  g_assert_cmpuint (mc_protocol_get_contacts (minimal)->len, ==, 1);

  g_assert_cmpuint (mc_protocol_get_checklist (minimal, MC_CHECKLIST_CLOSE_REASONS)->items->len, ==, 6);
  g_assert_nonnull (mc_protocol_lookup_close_reason (minimal, "other"));
  g_assert_cmpint (mc_protocol_get_term_working_days (minimal, "vt-first-response"), ==, 5);

  /* Two bands from the conversation rule (16 here). */
  g_assert_cmpuint (bands->len, ==, 2);
  band = g_ptr_array_index (bands, 0);
  g_assert_cmpstr (band->id, ==, "rule-under-age");
  g_assert_cmpuint (band->from, ==, 0);
  g_assert_cmpuint (band->to, ==, 15);
  g_assert_cmpint (band->consent, ==, MC_CONSENT_PARENTS);
  g_assert_cmpstr (band->partner_roles[0], ==, "legal-representative");
  g_assert_null (band->partner_roles[1]);
  g_assert_null (band->representative_roles[0]);
  g_assert_cmpstr (band->text, ==, "Jonger dan 16.");
  band = g_ptr_array_index (bands, 1);
  g_assert_cmpstr (band->id, ==, "rule-of-age");
  g_assert_cmpuint (band->from, ==, 16);
  g_assert_cmpuint (band->to, ==, G_MAXUINT);
  g_assert_cmpint (band->consent, ==, MC_CONSENT_CLIENT);
  g_assert_cmpstr (band->partner_roles[0], ==, "client");
  g_assert_cmpstr (band->text, ==, "16 of ouder.");
  g_assert_true (mc_protocol_find_band (minimal, 0) == g_ptr_array_index (bands, 0));
  g_assert_true (mc_protocol_find_band (minimal, 15) == g_ptr_array_index (bands, 0));
  g_assert_true (mc_protocol_find_band (minimal, 16) == g_ptr_array_index (bands, 1));
  g_assert_null (mc_protocol_find_band (minimal, -1));
  g_assert_cmpuint (mc_protocol_lookup_special_form (minimal, "form")->duties->len, ==, 0);
  g_assert_false (mc_protocol_lookup_item (minimal, "legal-representative")->retired);

  /* Ambiq's own 0.1 file has every id the built-in rules name. */
  assert_ambiq_rules (old_ambiq, 0);
  g_assert_cmpuint (mc_protocol_get_urgent_actions (old_ambiq)->len, ==, 2);
  g_assert_cmpuint (mc_protocol_get_contacts (old_ambiq)->len, ==, 2);
  g_assert_nonnull (mc_protocol_lookup_contact (old_ambiq, "emergency"));
}

/* v2-minimal.xml with @old replaced by @new. */
static McProtocol *
load_variant (const char  *old,
              const char  *new,
              GError     **error)
{
  g_autofree char *path = fixture_path ("v2-minimal.xml");
  g_autofree char *contents = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_file_get_contents (path, &contents, NULL, &local_error);
  g_assert_no_error (local_error);
  text = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (text, old, new, 1), ==, 1);
  bytes = g_bytes_new (text->str, text->len);

  return mc_protocol_new_from_bytes (bytes, "variant.xml", error);
}

static void
test_v2_variants (void)
{
  static const struct
  {
    const char      *old;
    const char      *new;
    McProtocolError  code;
    const char      *message;
  } cases[] = {
    /* Bands */
    { "<band id=\"band-young\" to=\"15\"", "<band id=\"band-young\" to=\"16\"",
      MC_PROTOCOL_ERROR_INVALID, "“band-young” and “band-old” both cover the age of 16" },
    { "<band id=\"band-old\" from=\"16\"", "<band id=\"band-old\" from=\"16\" to=\"99\"",
      MC_PROTOCOL_ERROR_INVALID, "from 100 on" },
    { "<band id=\"band-young\" to=\"15\"", "<band id=\"band-young\" from=\"1\" to=\"15\"",
      MC_PROTOCOL_ERROR_INVALID, "the age of 0 is in no conversation band" },
    { "<band id=\"band-young\" to=\"15\"", "<band id=\"band-young\" from=\"2\" to=\"15\"",
      MC_PROTOCOL_ERROR_INVALID, "the ages 0 to 1 are in no conversation band" },
    { "<band id=\"band-young\" to=\"15\"", "<band id=\"band-young\" from=\"10\" to=\"5\"",
      MC_PROTOCOL_ERROR_INVALID, "ends at 5, before it begins at 10" },
    { "age-of-majority=\"16\"", "age-of-majority=\"18\"",
      MC_PROTOCOL_ERROR_INVALID, "age of majority, 18" },
    { "<partner role=\"parent\"/>", "<partner role=\"parents\"/>",
      MC_PROTOCOL_ERROR_DANGLING_REFERENCE, "“parents”" },
    { "<partner role=\"client\"/>", "<partner role=\"client\"/><representative role=\"client\"/>",
      MC_PROTOCOL_ERROR_DANGLING_REFERENCE, "“client” is not the id of a person role" },
    { "<partner role=\"parent\"/>", "<partner role=\"parent\" unless=\"harms\"/>",
      MC_PROTOCOL_ERROR_DANGLING_REFERENCE, "“harms” is not the id of a reason why a conversation did not take place" },
    /* Contacts */
    { "contact=\"inspectie\">Meld", "contact=\"igj\">Meld",
      MC_PROTOCOL_ERROR_DANGLING_REFERENCE, "“igj” is not the id of a contact" },
    { "contacts=\"veilig-thuis\"", "contacts=\"veilig-thuis emergency\"",
      MC_PROTOCOL_ERROR_DANGLING_REFERENCE, "“emergency” is not the id of a contact" },
    /* Facts */
    { "ref=\"weighing.acute\"", "ref=\"weighing.chronic\"",
      MC_PROTOCOL_ERROR_DANGLING_REFERENCE, "weighing.chronic" },
    { "ref=\"checklist.kc\"", "ref=\"checklist.kc-who\"",
      MC_PROTOCOL_ERROR_DANGLING_REFERENCE, "checklist.kc-who" },
    { "ref=\"checklist.kc\"", "ref=\"checklist.done\"",
      MC_PROTOCOL_ERROR_DANGLING_REFERENCE, "checklist.done" },
    { "ref=\"consultation.colleague\"", "ref=\"consultation.parent\"",
      MC_PROTOCOL_ERROR_DANGLING_REFERENCE, "consultation.parent" },
    { "ref=\"special-form.form\"", "ref=\"special-form.q1\"",
      MC_PROTOCOL_ERROR_DANGLING_REFERENCE, "special-form.q1" },
    { "ref=\"question.q2\"", "ref=\"question.o-report\"",
      MC_PROTOCOL_ERROR_DANGLING_REFERENCE, "question.o-report" },
    { "ref=\"question.q2\"", "ref=\"answer.q2\"", MC_PROTOCOL_ERROR_INVALID, "answer.q2" },
    /* Close reasons: unique among themselves */
    { "<item id=\"done\"><label>Klaar</label></item>", "<item id=\"other\"><label>Klaar</label></item>",
      MC_PROTOCOL_ERROR_DUPLICATE_ID, "“other” is already used" },
    /* The schema of version 2 */
    { "version=\"2\"", "version=\"1\"", MC_PROTOCOL_ERROR_INVALID, "version" },
    { "<rule id=\"norm\" step=\"5\">", "<rule id=\"norm\" step=\"6\">", MC_PROTOCOL_ERROR_INVALID, "step" },
    { "<item id=\"colleague\">", "<item id=\"colleague\" legal-representative=\"yes\">",
      MC_PROTOCOL_ERROR_INVALID, "legal-representative" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McProtocol) protocol = NULL;

      g_test_message ("variant %s → %s", cases[i].old, cases[i].new);
      protocol = load_variant (cases[i].old, cases[i].new, &error);
      g_assert_null (protocol);
      g_assert_error (error, MC_PROTOCOL_ERROR, (int) cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "variant.xml, line "));
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }

  /* A close reason may share an id with anything outside its list. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McProtocol) protocol = load_variant ("<item id=\"done\">", "<item id=\"signal\">", &error);

    g_assert_no_error (error);
    g_assert_nonnull (mc_protocol_lookup_close_reason (protocol, "signal"));
  }
}

/* A file of version 1 is held to version 1. */
static void
test_v1_stays_v1 (void)
{
  g_autofree char *path = fixture_path ("minimal.xml");
  g_autofree char *contents = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McProtocol) protocol = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  text = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (text, "  </special-forms>\n", "  </special-forms>\n  <terms/>\n", 1), ==, 1);
  bytes = g_bytes_new (text->str, text->len);
  protocol = mc_protocol_new_from_bytes (bytes, "v1-with-terms.xml", &error);
  g_assert_null (protocol);
  g_assert_error (error, MC_PROTOCOL_ERROR, MC_PROTOCOL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "terms"));
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
    { "v2-dangling-fact.xml", MC_PROTOCOL_ERROR_DANGLING_REFERENCE, 138 },
    { "v2-band-gap.xml", MC_PROTOCOL_ERROR_INVALID, 94 },
    { "v2-close-reasons-without-other.xml", MC_PROTOCOL_ERROR_INVALID, 83 },
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
  g_test_add_func ("/protocol/default/rules", test_default_rules);
  g_test_add_func ("/protocol/default/facts-resolve", test_default_facts_resolve);
  g_test_add_func ("/protocol/default/urgent-actions", test_default_urgent_actions);
  g_test_add_func ("/protocol/default/bands", test_default_bands);
  g_test_add_func ("/protocol/default/terms", test_default_terms);
  g_test_add_func ("/protocol/default/wording", test_default_wording);
  g_test_add_func ("/protocol/default/ids-unique", test_default_ids_unique);
  g_test_add_func ("/protocol/default/references-resolve", test_default_references_resolve);
  g_test_add_func ("/protocol/default/questions-reachable", test_default_questions_reachable);
  g_test_add_func ("/protocol/second-protocol", test_second_protocol);
  g_test_add_func ("/protocol/extra-rule", test_extra_rule);
  g_test_add_func ("/protocol/v2/minimal", test_v2_minimal);
  g_test_add_func ("/protocol/v2/variants", test_v2_variants);
  g_test_add_func ("/protocol/v1/defaults", test_v1_defaults);
  g_test_add_func ("/protocol/v1/stays-v1", test_v1_stays_v1);
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
