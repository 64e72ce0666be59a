/* report-sample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case is invented; its texts are Dutch because the reports are.
 */

#include "config.h"

#include <string.h>

#include "report-sample.h"

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
      "geen letselduiding." },
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
      "Noor (7) maakt mogelijk dezelfde situatie thuis mee; zij is niet door ons gezien." },
    { "2026-11-10", "emotional-abuse", "Psychische mishandeling", MC_REPORT_NATURE_FACT,
      "Joke de Boer", "Fatima El Amrani",
      "Moeder belde en zei dat zij \"het niet meer aankan\" en dat vader dreigt Sem mee te "
      "nemen. Sem (geboren 14-03-2011) staat bij de school ingeschreven als 2011-03-14." },
  };

  add_common (report);

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    mc_report_add_signal (report, signals[i].date, signals[i].category, signals[i].label,
                          signals[i].nature, signals[i].observer, signals[i].source,
                          signals[i].description);

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

  mc_report_set_conversation_held (report, "2026-11-12",
                                   "Fatima El Amrani en Peter Jansen (wettelijk vertegenwoordigers)",
                                   "De signalen, onze zorgen over Sem en Noor, en dat wij "
                                   "overwegen een melding te doen.",
                                   "Moeder herkent de zorgen en wil hulp. Vader ontkent en werd "
                                   "boos; hij noemde de begeleiders \"bemoeials\".");

  mc_report_set_weighing (report, MC_REPORT_ANSWER_NO, MC_REPORT_ANSWER_YES, "LIRIK",
                          "Hoog risico op herhaling van fysiek geweld.",
                          "Herhaald letsel over zes weken; dreiging door vader.");

  mc_report_add_question (report, "q1",
                          "Heb ik op basis van de stappen 1 tot en met 3 een vermoeden van "
                          "(dreiging van) huiselijk geweld en/of kindermishandeling?",
                          MC_REPORT_ANSWER_YES, NULL);
  mc_report_add_question (report, "q2",
                          "Schat ik op basis van de stappen 1 tot en met 3 in dat er sprake is "
                          "van acute onveiligheid en/of structurele onveiligheid?",
                          MC_REPORT_ANSWER_YES, "Structureel: herhaald letsel, dreiging.");
  mc_report_add_question (report, "q3",
                          "Ben ik in staat effectieve hulp te bieden of te organiseren om de "
                          "dreiging af te wenden?", MC_REPORT_ANSWER_UNANSWERED,
                          "Samen met Veilig Thuis te beantwoorden.");
  mc_report_add_question (report, "q4",
                          "Aanvaarden de betrokkenen de hulp en zijn zij bereid zich in te "
                          "zetten?", MC_REPORT_ANSWER_UNANSWERED, NULL);
  mc_report_add_question (report, "q5",
                          "Leidt de hulp binnen de gewenste termijn tot de noodzakelijke "
                          "resultaten ten aanzien van de veiligheid en/of het welzijn van alle "
                          "betrokkenen?", MC_REPORT_ANSWER_UNANSWERED, NULL);

  mc_report_set_decision (report, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_YES,
                          "Er is structurele onveiligheid: herhaald letsel bij Sem, dreigende "
                          "uitspraken van Peter Jansen en zorgen over Noor. Melden is daarom "
                          "noodzakelijk. Ambiq blijft Sem begeleiden en zet in overleg met "
                          "Veilig Thuis extra ondersteuning voor moeder in.",
                          "Anton Smit", "Taakhouder meldcode", "2026-11-26");

  mc_report_set_veilig_thuis (report, "2026-11-27", "VT-2026-88123", MC_REPORT_ANSWER_YES, NULL,
                              NULL, "Moeder was opgelucht. Vader was niet bereikbaar.");

  mc_report_add_agreement (report, "Wekelijks contact met moeder over de situatie thuis.",
                           "2026-12-04", FALSE);
  mc_report_add_agreement (report, "Terugkoppeling van Veilig Thuis opvragen.", "2026-12-11",
                           FALSE);
  mc_report_add_agreement (report, "Dossier bijwerken na het gesprek.", "2026-11-28", TRUE);

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
                        MC_REPORT_NATURE_FACT, "Joke de Boer", NULL, words->str);
  mc_report_add_signal (report, "2026-11-21", "neglect", "Lichamelijke verwaarlozing",
                        MC_REPORT_NATURE_INTERPRETATION, "Joke de Boer", NULL, prose->str);
  mc_report_set_decision (report, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_NO, prose->str,
                          "Anton Smit", "Taakhouder meldcode", "2026-11-26");

  return report;
}

McReport *
report_sample_hostile (void)
{
  McReport *report = mc_report_new ();
  const char *h = report_sample_hostile_text;
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
  mc_report_add_signal (report, "2026-10-02", h, h, MC_REPORT_NATURE_FACT, h, h, h);
  mc_report_add_signal (report, "2026-10-03", h, h, MC_REPORT_NATURE_INTERPRETATION, h, h,
                        huge->str);
  mc_report_add_check (report, h, h, h);
  mc_report_add_consultation (report, "2026-10-10", h, h, h, TRUE, h);
  mc_report_set_conversation_not_held (report, h, h, h);
  mc_report_set_weighing (report, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_NO, h, h, h);
  mc_report_add_question (report, h, h, MC_REPORT_ANSWER_NO, h);
  mc_report_set_decision (report, MC_REPORT_ANSWER_YES, MC_REPORT_ANSWER_UNANSWERED,
                          huge->str, h, h, "2026-11-26");
  mc_report_set_veilig_thuis (report, "2026-11-27", h, MC_REPORT_ANSWER_NO, h, h, h);
  mc_report_add_agreement (report, h, "2026-12-04", TRUE);

  return report;
}
