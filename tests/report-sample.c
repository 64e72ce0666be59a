/* report-sample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case is invented; its texts are Dutch because the reports are.
 */

#include "config.h"

#include <string.h>

#include "report-sample.h"
#include "mc-limits.h"

const char * const report_sample_identifying[] = {
  "Sem Jansen",
  "Sem",
  "Jansen",
  "Fatima El Amrani",
  "Fatima",
  "Amrani",
  "Peter",
  "Noor",
  "Karin Visser",
  "Visser",
  "C-104233",
  "2011-03-14",
  "14-03-2011",
  "1985-06-02",
  "VT-2026-88123",
  "Mirjam Sterk",
  NULL
};

const char report_sample_hostile_text[] =
  "<b>bold</b> & &amp; ]]> \"double\" 'single' <!-- c --> <?pi?> "
  "\x01\x02\x1b\x7f ctrl \xff\xfe bad \xc3 half "
  "emoji \xf0\x9f\x98\x80\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9 "
  "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
  "tab\there\r\nnext\rline";

static GDateTime *
created_at (void)
{
  return g_date_time_new_utc (2026, 11, 28, 13, 5, 9);
}

static void
add_common (McReport *report)
{
  g_autoptr(GDateTime) created = created_at ();

  mc_report_set_case (report, "2026-0001", MC_REPORT_STATUS_OPEN);
  mc_report_set_protocol (report, "ambiq", "2026.1");
  mc_report_set_created_at (report, created);
  mc_report_set_author (report, "Ambiq", "Joke de Boer", "Persoonlijk begeleider");
  mc_report_set_client (report, "Sem Jansen", "C-104233", "2011-03-14", 15);

  mc_report_add_person (report, "legal-representative", "Wettelijk vertegenwoordiger",
                        "Fatima El Amrani", "1985-06-02", 41,
                        "Moeder van Sem; woont met Sem en Noor op hetzelfde adres.");
  mc_report_add_person (report, "legal-representative", "Wettelijk vertegenwoordiger",
                        "Peter Jansen", "1980-01-20", 46,
                        "Vader van Sem; woont sinds 2024 apart, heeft gezag.");
  mc_report_add_person (report, "child", "Kind", "Noor Jansen", "2019-09-09", 7,
                        "Zusje van Sem.");
}

McReport *
report_sample_full (void)
{
  McReport *report = mc_report_new ();
  static const struct {
    const char     *date;
    const char     *category;
    const char     *label;
    McReportNature  nature;
    const char     *observer;
    const char     *source;
    const char     *description;
    McReportSignalStatus status;
    const char     *status_on;
  } signals[] = {
    { "2026-10-02", "physical-abuse", "Lichamelijke mishandeling", MC_REPORT_NATURE_FACT,
      "Joke de Boer", NULL,
      "Sem had bij aankomst op de dagbesteding een blauwe plek van ongeveer 4 cm op de "
      "linker bovenarm. Op de vraag wat er gebeurd was, zei Sem: \"gevallen\"." },
    { "2026-10-09", "physical-abuse", "Lichamelijke mishandeling", MC_REPORT_NATURE_FACT,
      "Joke de Boer", NULL,
      "Twee rode striemen op de rug van Sem, gezien bij het omkleden voor het zwemmen." },
    { "2026-10-09", "physical-abuse", "Lichamelijke mishandeling", MC_REPORT_NATURE_INTERPRETATION,
      "Joke de Boer", NULL,
      "De striemen lijken te passen bij slaan met een riem of snoer. Dit is een vermoeden, "
      "geen letselduiding.", MC_REPORT_SIGNAL_STATUS_CONFIRMED, "2026-11-20" },
    { "2026-10-14", "witnessing-violence", "Getuige van huiselijk geweld", MC_REPORT_NATURE_FACT,
      "Ahmed Bakker (chauffeur)", "Ahmed Bakker",
      "De chauffeur hoorde bij het ophalen geschreeuw in de woning en een man die riep "
      "\"ik sla je kapot\". Mevrouw El Amrani deed daarna met een rood gezicht open." },
    { "2026-10-20", "emotional-abuse", "Psychische mishandeling", MC_REPORT_NATURE_FACT,
      "Joke de Boer", "Sem",
      "Sem vertelde dat papa (Peter) zegt dat hij \"dom en lastig\" is en dat hij beter in "
      "een tehuis kan wonen." },
    { "2026-10-20", "emotional-abuse", "Psychische mishandeling", MC_REPORT_NATURE_INTERPRETATION,
      "Joke de Boer", NULL,
      "Sem lijkt zich steeds meer terug te trekken; hij maakt minder contact met "
      "groepsgenoten dan voor de zomer." },
    { "2026-10-27", "neglect", "Lichamelijke verwaarlozing", MC_REPORT_NATURE_FACT,
      "Karin Visser", NULL,
      "Sem kwam drie dagen achter elkaar in dezelfde kleding en zonder lunch. Zijn "
      "medicatie (cliëntnummer C-104233 op het etiket) was op 25 oktober op." },
    { "2026-11-03", "physical-abuse", "Lichamelijke mishandeling", MC_REPORT_NATURE_FACT,
      "Karin Visser", NULL,
      "Een verbonden pols. Sem zei dat hij \"van de trap was geduwd\" en wilde niet zeggen "
      "door wie." },
    { "2026-11-03", "witnessing-violence", "Getuige van huiselijk geweld",
      MC_REPORT_NATURE_INTERPRETATION, "Karin Visser", NULL,
      "Noor (7) maakt mogelijk dezelfde situatie thuis mee; zij is niet door ons gezien.",
      MC_REPORT_SIGNAL_STATUS_OPEN, NULL },
    { "2026-11-10", "emotional-abuse", "Psychische mishandeling", MC_REPORT_NATURE_FACT,
      "Joke de Boer", "Fatima El Amrani",
      "Moeder belde en zei dat zij \"het niet meer aankan\" en dat vader dreigt Sem mee te "
      "nemen. Sem (geboren 14-03-2011) staat bij de school ingeschreven als 2011-03-14." },
  };

  static const char * const questions[] = {
    "Heb ik op basis van de stappen 1 tot en met 3 een vermoeden van (dreiging van) huiselijk "
    "geweld en/of kindermishandeling?",
    "Schat ik op basis van de stappen 1 tot en met 3 in dat er sprake is van acute onveiligheid "
    "en/of structurele onveiligheid?",
    "Ben ik in staat effectieve hulp te bieden of te organiseren om de dreiging af te wenden?",
    "Aanvaarden de betrokkenen de hulp en zijn zij bereid zich in te zetten?",
    "Leidt de hulp binnen de gewenste termijn tot de noodzakelijke resultaten ten aanzien van de "
    "veiligheid en/of het welzijn van alle betrokkenen?",
  };
  McReportRound *round;

  add_common (report);
  mc_report_set_case (report, "2026-0001", MC_REPORT_STATUS_CLOSED);

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    mc_report_add_signal (report, signals[i].date, signals[i].category, signals[i].label,
                          signals[i].nature, signals[i].observer, signals[i].source,
                          signals[i].description, signals[i].status, signals[i].status_on);

  mc_report_add_check (report, "children-in-household",
                       "Wonen er minderjarige kinderen in het huishouden?", "yes");
  mc_report_add_check (report, "children-ages", "Hoeveel kinderen, en hoe oud?",
                       "Twee: Sem (15) en Noor (7).");

  mc_report_add_consultation (report, "2026-10-10", "colleague", "Collega",
                              "Karin Visser", FALSE,
                              "Signalen blijven vastleggen; gedragswetenschapper erbij halen.");
  mc_report_add_consultation (report, "2026-10-21", "behavioural-scientist",
                              "Gedragswetenschapper", "Dr. M. Kramer", FALSE,
                              "Gedrag van Sem is niet te verklaren uit zijn beperking alleen. "
                              "Veilig Thuis anoniem raadplegen.");
  mc_report_add_consultation (report, "2026-11-04", "veilig-thuis", "Veilig Thuis", NULL, TRUE,
                              "Anoniem besproken: er is sprake van structurele onveiligheid; "
                              "melden wordt geadviseerd.");

  mc_report_add_conversation_not_held (report, 1, "safety-professional",
                                       "Veiligheid van de professional",
                                       "Vader dreigde bij het ophalen; eerst overleg met de "
                                       "gedragswetenschapper.");
  mc_report_add_conversation_held (report, 0, "2026-11-12",
                                   "Fatima El Amrani en Peter Jansen (wettelijk vertegenwoordigers)",
                                   "De signalen, onze zorgen over Sem en Noor, en dat wij "
                                   "overwegen een melding te doen.",
                                   "Moeder herkent de zorgen en wil hulp. Vader ontkent en werd "
                                   "boos; hij noemde de begeleiders \"bemoeials\".");

  mc_report_set_weighing (report, MC_REPORT_ANSWER_NO, MC_REPORT_ANSWER_YES, "LIRIK",
                          "Hoog risico op herhaling van fysiek geweld.",
                          "Herhaald letsel over zes weken; dreiging door vader.");

  /* Round 1: help offered and accepted, to be evaluated. */
  round = mc_report_get_current_round (report);
  mc_report_round_add_question (round, "q1", questions[0], MC_REPORT_ANSWER_YES, NULL, FALSE, 0);
  mc_report_round_add_question (round, "q2", questions[1], MC_REPORT_ANSWER_NO,
                                "Nog geen herhaald letsel gezien.", FALSE, 0);
  mc_report_round_add_question (round, "q3", questions[2], MC_REPORT_ANSWER_YES, NULL, FALSE, 0);
  mc_report_round_add_question (round, "q4", questions[3], MC_REPORT_ANSWER_YES,
                                "Moeder wil opvoedondersteuning.", FALSE, 0);
  mc_report_round_add_question (round, "q5", questions[4], MC_REPORT_ANSWER_UNANSWERED, NULL,
                                FALSE, 0);
  mc_report_round_set_outcome (round, MC_REPORT_ANSWER_NO, MC_REPORT_ANSWER_YES,
                               "De betrokkenen aanvaarden de hulp. Op een afgesproken moment wordt "
                               "beoordeeld of de hulp op tijd resultaat heeft.");
  mc_report_round_set_decision (round, MC_REPORT_ANSWER_NO, MC_REPORT_ANSWER_YES,
                                "Moeder aanvaardt opvoedondersteuning; wij bieden hulp en "
                                "evalueren over drie weken.",
                                "Anton Smit", "Taakhouder meldcode", "2026-10-24", "2026-11-14");

  /* Round 2: the evaluation; the help does not stop the violence. */
  round = mc_report_add_round (report, MC_REPORT_ROUND_EVALUATION);
  mc_report_round_add_question (round, "q1", questions[0], MC_REPORT_ANSWER_YES, NULL, FALSE, 1);
  mc_report_round_add_question (round, "q2", questions[1], MC_REPORT_ANSWER_NO,
                                "Nog geen herhaald letsel gezien.", FALSE, 1);
  mc_report_round_add_question (round, "q3", questions[2], MC_REPORT_ANSWER_YES, NULL, FALSE, 0);
  mc_report_round_add_question (round, "q4", questions[3], MC_REPORT_ANSWER_YES,
                                "Moeder wil opvoedondersteuning.", FALSE, 1);
  mc_report_round_add_question (round, "q5", questions[4], MC_REPORT_ANSWER_NO,
                                "Nieuw letsel op 3 november; de hulp stopt het geweld niet.", FALSE, 0);
  mc_report_round_set_outcome (round, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_YES,
                               "De hulp leidt niet binnen de gewenste termijn tot de nodige "
                               "resultaten. Daarom is (opnieuw) melden noodzakelijk.");
  mc_report_round_set_decision (round, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_YES,
                                "De hulp heeft niet het nodige resultaat; melden.",
                                "Anton Smit", "Taakhouder meldcode", "2026-11-14", NULL);

  /* Round 3, the current one: weighed again after the new signals. */
  round = mc_report_add_round (report, MC_REPORT_ROUND_REWEIGH);
  mc_report_round_add_question (round, "q1", questions[0], MC_REPORT_ANSWER_YES, NULL, FALSE, 0);
  mc_report_round_add_question (round, "q2", questions[1], MC_REPORT_ANSWER_YES,
                                "Structureel: herhaald letsel, dreiging.", FALSE, 0);
  mc_report_round_add_question (round, "q3", questions[2], MC_REPORT_ANSWER_NO,
                                "Samen met Veilig Thuis beantwoord.", FALSE, 0);
  mc_report_round_add_question (round, "q4", questions[3], MC_REPORT_ANSWER_UNANSWERED, NULL,
                                TRUE, 0);
  mc_report_round_add_question (round, "q5", questions[4], MC_REPORT_ANSWER_UNANSWERED, NULL,
                                TRUE, 0);
  mc_report_round_set_outcome (round, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_NO,
                               "Er is sprake van acute en/of structurele onveiligheid. Daarom is "
                               "melden bij Veilig Thuis noodzakelijk.");
  mc_report_round_add_norm (round, "norm-outcome-help-no",
                            "Volgens het afwegingskader kunt u geen effectieve hulp bieden of "
                            "organiseren, maar u besluit dat hulpverlening wel mogelijk is. Leg "
                            "schriftelijk vast waarom u afwijkt.",
                            "Ambiq blijft Sem begeleiden op de dagbesteding; die begeleiding stopt "
                            "niet door de melding, in overleg met Veilig Thuis (meldnorm 3).");
  mc_report_round_set_decision (round, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_YES,
                                "Er is structurele onveiligheid: herhaald letsel bij Sem, dreigende "
                                "uitspraken van Peter Jansen en zorgen over Noor. Melden is daarom "
                                "noodzakelijk. Ambiq blijft Sem begeleiden en zet in overleg met "
                                "Veilig Thuis extra ondersteuning voor moeder in.",
                                "Anton Smit", "Taakhouder meldcode", "2026-11-26", NULL);
  mc_report_round_set_veilig_thuis (round, "2026-11-27", "VT-2026-88123", MC_REPORT_ANSWER_YES,
                                    NULL, NULL, "Moeder was opgelucht. Vader was niet bereikbaar.");
  mc_report_round_set_after_report (round, MC_REPORT_METHOD_PHONE_AND_FORM, "Mirjam Sterk",
                                    MC_REPORT_VT_RESPONSE_TAKES_ON,
                                    "Veilig Thuis belt moeder binnen vijf werkdagen; Ambiq blijft "
                                    "Sem begeleiden en meldt nieuwe signalen direct.",
                                    "2026-12-03",
                                    "Veilig Thuis start een onderzoek en heeft de casusregie.");

  mc_report_add_agreement (report, "Wekelijks contact met moeder over de situatie thuis.",
                           "2026-12-04", MC_REPORT_AGREEMENT_OPEN, "Joke de Boer",
                           "Persoonlijk begeleider", NULL, NULL);
  mc_report_add_agreement (report, "Terugkoppeling van Veilig Thuis opvragen.", "2026-12-11",
                           MC_REPORT_AGREEMENT_DONE, "Anton Smit", "Taakhouder meldcode",
                           "Terugkoppeling op 3 december ontvangen.", "2026-12-03");
  mc_report_add_agreement (report, "Dossier bijwerken na het gesprek.", "2026-11-28",
                           MC_REPORT_AGREEMENT_NOT_DONE, NULL, "Persoonlijk begeleider",
                           "Niet gelukt door ziekte; verschoven naar het volgende overleg.",
                           "2026-12-01");

  mc_report_set_closing (report, "2026-12-10", "reported-handed-on",
                         "Gemeld en overgedragen aan Veilig Thuis",
                         "Veilig Thuis heeft de casusregie; Ambiq blijft Sem begeleiden.",
                         "Anton Smit (Taakhouder meldcode)");

  return report;
}

McReport *
report_sample_long (guint n_words)
{
  McReport *report = report_sample_full ();
  g_autoptr(GString) words = g_string_new (NULL);
  g_autoptr(GString) prose = g_string_new (NULL);

  for (guint i = 1; i <= n_words; i++)
    g_string_append_printf (words, "%sw%04u", i > 1 ? " " : "", i);
  for (guint i = 0; i < 40; i++)
    g_string_append (prose, "De begeleider beschrijft wat zij zag en hoorde, met datum en tijd, "
                            "en houdt feiten en interpretaties uit elkaar. ");

  mc_report_add_signal (report, "2026-11-20", "neglect", "Lichamelijke verwaarlozing",
                        MC_REPORT_NATURE_FACT, "Joke de Boer", NULL, words->str,
                        MC_REPORT_SIGNAL_STATUS_NONE, NULL);
  mc_report_add_signal (report, "2026-11-21", "neglect", "Lichamelijke verwaarlozing",
                        MC_REPORT_NATURE_INTERPRETATION, "Joke de Boer", NULL, prose->str,
                        MC_REPORT_SIGNAL_STATUS_REFUTED, "2026-11-30");
  mc_report_round_set_decision (mc_report_get_current_round (report), MC_REPORT_ANSWER_YES,
                                MC_REPORT_ANSWER_NO, prose->str, "Anton Smit",
                                "Taakhouder meldcode", "2026-11-26", NULL);

  return report;
}

McReport *
report_sample_hostile (void)
{
  McReport *report = mc_report_new ();
  const char *h = report_sample_hostile_text;
  McReportRound *round;
  g_autoptr(GString) huge = g_string_new (NULL);

  /* 100,000 characters of mixed scripts with the hostile text inside. */
  while (g_utf8_strlen (huge->str, -1) < 100000 - 40)
    g_string_append (huge, "Lange tekst \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xf0\x9f\x98\x80 & <x> ");
  g_string_append (huge, "<![CDATA[ ]]> end");
  while (g_utf8_strlen (huge->str, -1) < 100000)
    g_string_append_c (huge, '.');

  mc_report_set_case (report, h, MC_REPORT_STATUS_CLOSED);
  mc_report_set_protocol (report, h, h);
  mc_report_set_author (report, h, h, h);
  mc_report_set_client (report, h, h, "2011-03-14", 15);
  mc_report_add_person (report, h, h, h, "1985-06-02", 41, h);
  mc_report_add_signal (report, "2026-10-02", h, h, MC_REPORT_NATURE_FACT, h, h, h,
                        MC_REPORT_SIGNAL_STATUS_NONE, NULL);
  mc_report_add_signal (report, "2026-10-03", h, h, MC_REPORT_NATURE_INTERPRETATION, h, h,
                        huge->str, MC_REPORT_SIGNAL_STATUS_REFUTED, "2026-10-04");
  mc_report_add_check (report, h, h, h);
  mc_report_add_consultation (report, "2026-10-10", h, h, h, TRUE, h);
  mc_report_add_conversation_not_held (report, 0, h, h, h);
  mc_report_add_conversation_held (report, 0, "2026-10-11", h, h, h);
  mc_report_set_weighing (report, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_NO, h, h, h);

  round = mc_report_get_current_round (report);
  mc_report_round_add_question (round, h, h, MC_REPORT_ANSWER_NO, h, FALSE, 0);
  mc_report_round_set_outcome (round, MC_REPORT_ANSWER_NO, MC_REPORT_ANSWER_YES, h);
  mc_report_round_add_norm (round, h, h, h);
  mc_report_round_set_decision (round, MC_REPORT_ANSWER_NO, MC_REPORT_ANSWER_YES, h, h, h,
                                "2026-10-20", "2026-11-01");
  mc_report_round_set_after_report (round, MC_REPORT_METHOD_FORM, h, MC_REPORT_VT_RESPONSE_REFERS,
                                    h, "2026-10-25", h);

  round = mc_report_add_round (report, MC_REPORT_ROUND_REPORT_AGAIN);
  mc_report_round_add_question (round, h, h, MC_REPORT_ANSWER_NO, h, FALSE, 1);
  mc_report_round_add_question (round, "q2", h, MC_REPORT_ANSWER_UNANSWERED, h, TRUE, 0);
  mc_report_round_set_outcome (round, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_UNANSWERED, h);
  mc_report_round_add_norm (round, h, h, NULL);
  mc_report_round_set_decision (round, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_UNANSWERED,
                                huge->str, h, h, "2026-11-26", NULL);
  mc_report_round_set_veilig_thuis (round, "2026-11-27", h, MC_REPORT_ANSWER_NO, h, h, h);
  mc_report_round_set_after_report (round, MC_REPORT_METHOD_PHONE, h, MC_REPORT_VT_RESPONSE_DECLINES,
                                    h, "2026-12-01", h);
  mc_report_add_agreement (report, h, "2026-12-04", MC_REPORT_AGREEMENT_DONE, h, h, h,
                           "2026-12-05");
  mc_report_set_closing (report, "2026-12-10", h, h, h, h);

  return report;
}

/* @n characters of @unit repeated (cut at a character boundary). */
static char *
repeat_to (const char *unit,
           guint       n)
{
  GString *text = g_string_new (NULL);
  glong unit_length = g_utf8_strlen (unit, -1);
  glong length = 0;

  while (length + unit_length <= (glong) n)
    {
      g_string_append (text, unit);
      length += unit_length;
    }
  for (const char *p = unit; length < (glong) n; p = g_utf8_next_char (p), length++)
    g_string_append_len (text, p, g_utf8_next_char (p) - p);
  return g_string_free (text, FALSE);
}

McReport *
report_sample_bounded (void)
{
  McReport *report = report_sample_full ();
  g_autofree char *words = repeat_to ("Sem vertelt over thuis en kijkt weg. ", MC_LIMIT_TEXT_CHARS);
  g_autofree char *no_spaces = repeat_to ("abcdefghijklmnopqrstuvwxyz0123456789", MC_LIMIT_TEXT_CHARS);
  g_autofree char *rtl = repeat_to ("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 ",
                                    MC_LIMIT_TEXT_CHARS);
  /* x with an acute and a dot below: no precomposed form, so NFC keeps
   * three characters a cluster. */
  g_autofree char *combining = repeat_to ("x\xcc\x81\xcc\xa3", MC_LIMIT_TEXT_CHARS);
  g_autofree char *lines = repeat_to ("Regel\n", MC_LIMIT_TEXT_CHARS);

  mc_report_add_signal (report, "2026-10-20", NULL, NULL, MC_REPORT_NATURE_FACT, "Joke de Boer",
                        NULL, words, MC_REPORT_SIGNAL_STATUS_NONE, NULL);
  mc_report_add_signal (report, "2026-10-21", NULL, NULL, MC_REPORT_NATURE_FACT, "Joke de Boer",
                        NULL, no_spaces, MC_REPORT_SIGNAL_STATUS_NONE, NULL);
  mc_report_add_signal (report, "2026-10-22", NULL, NULL, MC_REPORT_NATURE_INTERPRETATION,
                        "Joke de Boer", NULL, rtl, MC_REPORT_SIGNAL_STATUS_OPEN, NULL);
  mc_report_add_signal (report, "2026-10-23", NULL, NULL, MC_REPORT_NATURE_FACT, "Joke de Boer",
                        NULL, combining, MC_REPORT_SIGNAL_STATUS_NONE, NULL);
  mc_report_set_weighing (report, report->weighing.acute, report->weighing.structural,
                          report->weighing.instrument, report->weighing.instrument_result, lines);
  return report;
}
