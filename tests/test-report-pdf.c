/* test-report-pdf.c: the report on paper, checked with poppler's tools
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <sys/stat.h>

#include "mc-i18n.h"
#include "mc-report-renderer.h"
#include "mc-test-util.h"
#include "report-sample.h"

#define MM (72.0 / 25.4)

/* Helpers */

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = tmp_path (name);

      g_remove (path);
    }
  g_rmdir (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

static gboolean
have_poppler (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    g_test_skip ("pdftotext (poppler-utils) is not installed");
  return pdftotext != NULL;
}

static char *
write_pdf (McReport   *report,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = tmp_path (name);

  mc_report_write_pdf (report, path, &error);
  g_assert_no_error (error);
  return path;
}

static char *
pdf_text (const char *path,
          int         page)
{
  g_autofree char *first = g_strdup_printf ("%d", page);

  if (page > 0)
    {
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-f", first, "-l", first, path, "-",
                             NULL };

      return mc_test_run (argv);
    }
  else
    {
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

      return mc_test_run (argv);
    }
}

static char *
pdf_info (const char *path)
{
  const char *argv[] = { "pdfinfo", "-enc", "UTF-8", path, NULL };

  return mc_test_run (argv);
}

/* The value of one "Field:   value" line of pdfinfo. */
static char *
info_field (const char *info,
            const char *field)
{
  g_auto(GStrv) lines = g_strsplit (info, "\n", -1);
  g_autofree char *prefix = g_strconcat (field, ":", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strstrip (g_strdup (lines[i] + strlen (prefix)));
  return NULL;
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *info = pdf_info (path);
  g_autofree char *pages = info_field (info, "Pages");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages, NULL, 10);
}

static void
assert_info (const char *info,
             const char *field,
             const char *expected)
{
  g_autofree char *value = info_field (info, field);

  g_assert_cmpstr (value, ==, expected);
}

/* pdftoppm draws every page; returns how many images it made. */
static guint
render_pages (const char *path,
              const char *prefix)
{
  g_autofree char *root = tmp_path (prefix);
  const char *argv[] = { "pdftoppm", "-r", "30", "-png", path, root, NULL };
  g_autofree char *out = mc_test_run (argv);
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;
  guint count = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".png"))
      count++;
  return count;
}

/* Text positions of the headings in @text, which must rise in this order. */
static void
assert_in_order (const char         *text,
                 const char * const *items)
{
  const char *from = text;

  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *found = strstr (from, items[i]);

      if (found == NULL)
        g_error ("“%s” is missing or out of order in the PDF text", items[i]);
      from = found + strlen (items[i]);
    }
}

static const char * const english_headings[] = {
  "Reporter",
  "People involved",
  "Concerns: facts and source",
  "Weighing and decision",
  "Follow-up",
  "Signatures",
  NULL
};

/* Tests */

static void
test_full_report (void)
{
  g_autoptr(McReport) report = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autofree char *contents = NULL;
  const char * const order[] = {
    "Reporter", "Ambiq", "Joke de Boer",
    "People involved", "Sem Jansen", "C-104233", "14 March 2011", "15 years",
    "Fatima El Amrani",
    "Concerns: facts and source", "Facts", "blauwe plek", "Interpretations", "striemen lijken",
    "Child check",
    "Weighing and decision", "Consultations", "Conversations with the client", "Weighing",
    "LIRIK", "Decision round 3: new weighing", "Weighing framework",
    "Outcome of the weighing framework", "Decision", "Is reporting necessary?", "Yes",
    "Is help (also) possible?", "Justification", "Er is structurele onveiligheid",
    "Anton Smit, Taakhouder meldcode", "26 November 2026",
    "Deviations from the reporting standards",
    "Follow-up", "Report to Veilig Thuis", "VT-2026-88123", "Mirjam Sterk", "Client informed",
    "Takes the case on", "Veilig Thuis start een onderzoek",
    "Agreements", "Wekelijks contact", "Closing of the case", "Gemeld en overgedragen",
    "Earlier decision rounds", "Decision round 1: first decision",
    "Decision round 2: evaluation",
    "Signatures", "Professional", "Reporting code officer",
    NULL
  };
  gsize length;
  GStatBuf st;

  if (!have_poppler ())
    return;

  report = report_sample_full ();
  path = write_pdf (report, "full.pdf");

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  text = pdf_text (path, 0);
  assert_in_order (text, english_headings);
  assert_in_order (text, order);
  /* Facts and interpretations are labelled as such. */
  g_assert_nonnull (strstr (text, "Fact\n"));
  g_assert_nonnull (strstr (text, "Interpretation\n"));

  info = pdf_info (path);
  assert_info (info, "Title", "Reporting code decision 2026-0001");
  assert_info (info, "Author", "Joke de Boer");
  assert_info (info, "Creator", "Meldcode " VERSION);
  assert_info (info, "CreationDate", "Sat Nov 28 13:05:09 2026 UTC");
  assert_info (info, "Page size", "595.276 x 841.89 pts (A4)");

  g_assert_cmpuint (render_pages (path, "full-page"), ==, pdf_pages (path));
}

/* The text between @from and the next @to (both must be there). */
static char *
text_between (const char *text,
              const char *from,
              const char *to)
{
  const char *start = strstr (text, from);
  const char *end;

  g_assert_nonnull (start);
  end = strstr (start + strlen (from), to);
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The rounds, the meldnorm deviations and every conversation on paper. */
static void
test_rounds_report (void)
{
  g_autoptr(McReport) report = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *current = NULL;
  g_autofree char *deviations = NULL;
  g_autofree char *earlier = NULL;
  g_autofree char *conversations = NULL;

  if (!have_poppler ())
    return;

  report = report_sample_full ();
  /* And a rule broken without a reason, as an incomplete case has. */
  mc_report_round_add_norm (mc_report_get_current_round (report), "norm-unsafety-report",
                            "Bij acute of structurele onveiligheid is melden altijd noodzakelijk.",
                            NULL);
  path = write_pdf (report, "rounds.pdf");
  text = pdf_text (path, 0);
  /* pdftotext breaks lines where the page does: read it as one line. */
  flat = g_strdelimit (g_strdup (text), "\n", ' ');

  /* The reader cannot miss it: said under the title, and a section of its
   * own with the rule, the round and the reason in the professional's
   * words. */
  g_assert_cmpuint (count (flat, "Deviations from the reporting standards"), >=, 2);
  deviations = text_between (flat, "Deviations from the reporting standards Where a decision",
                             "Follow-up");
  g_assert_nonnull (strstr (deviations, "Round 3"));
  g_assert_nonnull (strstr (deviations, "Volgens het afwegingskader kunt u geen effectieve hulp"));
  g_assert_nonnull (strstr (deviations, "Reason for the deviation: Ambiq blijft Sem begeleiden op "
                                        "de dagbesteding"));
  g_assert_nonnull (strstr (deviations, "Bij acute of structurele onveiligheid"));
  g_assert_nonnull (strstr (deviations, "No reason is written down"));

  /* The current round in full: questions 4 and 5 are skipped, not open. */
  current = text_between (flat, "Decision round 3: new weighing", "Is reporting necessary?");
  g_assert_cmpuint (count (current, "Skipped: not applicable on this route"), ==, 2);
  g_assert_null (strstr (current, "Not answered"));
  g_assert_nonnull (strstr (current, "Outcome of the weighing framework"));

  /* The earlier rounds after it, in order; the evaluation shows what it
   * takes over, round 1 its open question 5. */
  earlier = text_between (flat, "Earlier decision rounds", "Signatures");
  assert_in_order (earlier, (const char *[]) { "Decision round 1: first decision",
                                               "Not answered",
                                               "14 November 2026",
                                               "Decision round 2: evaluation",
                                               "Answer from decision round 1",
                                               "Nieuw letsel op 3 november", NULL });
  g_assert_null (strstr (earlier, "Skipped"));

  /* Every conversation, with the person it was held with. */
  conversations = text_between (flat, "Conversations with the client", "Weighing");
  assert_in_order (conversations, (const char *[]) { "Not held", "Veiligheid van de professional",
                                                     "Peter Jansen, Wettelijk vertegenwoordiger",
                                                     "12 November 2026",
                                                     "Fatima El Amrani, Wettelijk vertegenwoordiger",
                                                     "Discussed: De signalen",
                                                     "Reaction: Moeder herkent", NULL });

  /* The interpretations with their status. */
  g_assert_nonnull (strstr (flat, "Confirmed on 20 November 2026"));
  g_assert_nonnull (strstr (flat, "Open: not confirmed or refuted yet"));
  /* The agreements with who, state and note; the closing. */
  g_assert_nonnull (strstr (flat, "Who: Anton Smit, Taakhouder meldcode"));
  g_assert_nonnull (strstr (flat, "Not done"));
  g_assert_nonnull (strstr (flat, "Checked on 1 December 2026"));
  assert_in_order (flat, (const char *[]) { "Closing of the case", "10 December 2026",
                                            "Gemeld en overgedragen aan Veilig Thuis",
                                            "Veilig Thuis heeft de casusregie",
                                            "Anton Smit (Taakhouder meldcode)", NULL });

  g_assert_cmpuint (render_pages (path, "rounds-page"), ==, pdf_pages (path));
}

typedef struct
{
  double x_min, y_min, x_max, y_max;
  char  *word;
} Word;

static void
word_free (Word *word)
{
  g_free (word->word);
  g_free (word);
}

/* The words of one page with their boxes, from pdftotext -bbox. */
static GPtrArray *
page_words (const char *path,
            guint       page)
{
  g_autofree char *first = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-bbox", "-f", first, "-l", first, path,
                         "-", NULL };
  g_autofree char *html = mc_test_run (argv);
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func ((GDestroyNotify) word_free);

  regex = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
                       "yMax=\"([0-9.]+)\">([^<]*)</word>", 0, 0, NULL);
  g_regex_match (regex, html, 0, &match);
  while (g_match_info_matches (match))
    {
      Word *word = g_new0 (Word, 1);
      g_autofree char *x_min = g_match_info_fetch (match, 1);
      g_autofree char *y_min = g_match_info_fetch (match, 2);
      g_autofree char *x_max = g_match_info_fetch (match, 3);
      g_autofree char *y_max = g_match_info_fetch (match, 4);

      word->x_min = g_ascii_strtod (x_min, NULL);
      word->y_min = g_ascii_strtod (y_min, NULL);
      word->x_max = g_ascii_strtod (x_max, NULL);
      word->y_max = g_ascii_strtod (y_max, NULL);
      word->word = g_match_info_fetch (match, 5);
      g_ptr_array_add (words, word);
      g_match_info_next (match, NULL);
    }

  return words;
}

static void
test_long_report_pages (void)
{
  g_autoptr(McReport) report = NULL;
  g_autofree char *path = NULL;
  g_autofree char *all = NULL;
  const guint n_words = 3000;
  guint n_pages;
  const char *from;

  if (!have_poppler ())
    return;

  report = report_sample_long (n_words);
  path = write_pdf (report, "long.pdf");
  n_pages = pdf_pages (path);
  g_assert_cmpuint (n_pages, >=, 5);

  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *text = pdf_text (path, (int) page);
      g_autofree char *footer = g_strdup_printf ("Page %u of %u", page, n_pages);
      g_autoptr(GPtrArray) words = page_words (path, page);
      guint body_words = 0;

      /* Every page has its header and its "page N of M". */
      g_assert_nonnull (strstr (text, "Ambiq"));
      g_assert_nonnull (strstr (text, "Case 2026-0001 · 28 November 2026"));
      g_assert_nonnull (strstr (text, footer));

      /* Body text stays between the header and the footer: no line runs
       * into them or off the paper. */
      for (guint i = 0; i < words->len; i++)
        {
          const Word *word = g_ptr_array_index (words, i);
          gboolean in_header = word->y_max <= 18 * MM;
          gboolean in_footer = word->y_min >= 841.89 - 17 * MM;

          g_assert_cmpfloat (word->x_min, >=, 20 * MM - 8);
          g_assert_cmpfloat (word->x_max, <=, 595.28 - 20 * MM + 1);
          if (in_header || in_footer)
            continue;
          g_assert_cmpfloat (word->y_min, >=, 26 * MM - 1);
          g_assert_cmpfloat (word->y_max, <=, 841.89 - 24 * MM + 1);
          body_words++;
        }
      g_assert_cmpuint (body_words, >, 0);
    }

  /* Every numbered word exactly once and in order: no line is lost or
   * repeated where a text continues on the next page. */
  all = pdf_text (path, 0);
  from = all;
  for (guint i = 1; i <= n_words; i++)
    {
      char word[16];
      const char *found;

      g_snprintf (word, sizeof word, "w%04u", i);
      found = strstr (from, word);
      if (found == NULL)
        g_error ("%s is missing or out of order", word);
      g_assert_null (strstr (found + 1, word));
      from = found + strlen (word);
    }

  g_assert_cmpuint (render_pages (path, "long-page"), ==, n_pages);
}

static void
test_hostile_report (void)
{
  g_autoptr(McReport) report = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  guint n_pages;

  if (!have_poppler ())
    return;

  report = report_sample_hostile ();
  path = write_pdf (report, "hostile.pdf");
  n_pages = pdf_pages (path);
  g_assert_cmpuint (n_pages, >, 1);

  /* Markup in the text is text, not markup. */
  text = pdf_text (path, 1);
  g_assert_nonnull (strstr (text, "<b>bold</b> & &amp; ]]>"));
  g_assert_nonnull (strstr (text, "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d"));

  info = pdf_info (path);
  g_assert_true (g_utf8_validate (info, -1, NULL));

  g_assert_cmpuint (render_pages (path, "hostile-page"), ==, n_pages);
}

static gboolean
memmem_found (const char *haystack,
              gsize       haystack_len,
              const char *needle,
              gsize       needle_len)
{
  return memmem (haystack, haystack_len, needle, needle_len) != NULL;
}

/* Also as UTF-16BE, the way PDF text strings may hold non-ASCII text. */
static gboolean
raw_bytes_hold (const char *data,
                gsize       size,
                const char *needle)
{
  g_autofree gunichar2 *utf16 = NULL;
  g_autofree char *be = NULL;
  glong n;

  if (memmem_found (data, size, needle, strlen (needle)))
    return TRUE;

  utf16 = g_utf8_to_utf16 (needle, -1, NULL, &n, NULL);
  be = g_malloc (n * 2);
  for (glong i = 0; i < n; i++)
    {
      be[2 * i] = (char) (utf16[i] >> 8);
      be[2 * i + 1] = (char) (utf16[i] & 0xff);
    }
  return memmem_found (data, size, be, n * 2);
}

static void
test_anonymised_report (void)
{
  g_autoptr(McReport) report = NULL;
  g_autoptr(McReport) anonymous = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plain_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *lowered = NULL;
  g_autofree char *info = NULL;
  g_autofree char *plain_info = NULL;
  g_autofree char *data = NULL;
  gsize size;

  if (!have_poppler ())
    return;

  report = report_sample_full ();
  anonymous = mc_report_anonymize (report);
  path = write_pdf (anonymous, "anonymous.pdf");
  plain_path = write_pdf (report, "plain.pdf");

  text = pdf_text (path, 0);
  lowered = g_utf8_strdown (text, -1);
  info = pdf_info (path);
  g_assert_true (g_file_get_contents (path, &data, &size, NULL));

  for (guint i = 0; report_sample_identifying[i] != NULL; i++)
    {
      const char *needle = report_sample_identifying[i];
      g_autofree char *lowered_needle = g_utf8_strdown (needle, -1);

      if (strstr (lowered, lowered_needle) != NULL)
        g_error ("The anonymised PDF shows “%s”", needle);
      if (strstr (info, needle) != NULL)
        g_error ("The anonymised PDF's metadata holds “%s”", needle);
      if (raw_bytes_hold (data, size, needle))
        g_error ("The anonymised PDF's bytes hold “%s”", needle);
    }

  g_assert_nonnull (strstr (text, "Client, 15 years"));
  g_assert_nonnull (strstr (text, "Wettelijk vertegenwoordiger 1"));
  g_assert_nonnull (strstr (text, "anonymised"));
  assert_info (info, "Author", "Ambiq");

  /* The same searches find the author in the normal report's metadata and
   * bytes, so they would find a name that got through. */
  plain_info = pdf_info (plain_path);
  g_assert_nonnull (strstr (plain_info, "Joke de Boer"));
  {
    g_autofree char *plain_data = NULL;
    gsize plain_size;

    g_assert_true (g_file_get_contents (plain_path, &plain_data, &plain_size, NULL));
    g_assert_true (raw_bytes_hold (plain_data, plain_size, "Joke de Boer"));
  }
}

/* A report with nothing in it yet still prints: every section says what is
 * not recorded. */
static void
test_empty_report (void)
{
  g_autoptr(McReport) report = mc_report_new ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (!have_poppler ())
    return;

  path = write_pdf (report, "empty.pdf");
  text = pdf_text (path, 0);
  assert_in_order (text, english_headings);
  g_assert_nonnull (strstr (text, "No facts are recorded."));
  g_assert_nonnull (strstr (text, "No conversation is recorded."));
  g_assert_nonnull (strstr (text, "Page 1 of"));
}

/* The renderer as printing uses it: its own context and page size, any
 * cairo surface. */
static void
test_renderer_api (void)
{
  g_autoptr(McReport) report = report_sample_long (1500);
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (font_map);
  g_autoptr(McReportRenderer) a4 = NULL;
  g_autoptr(McReportRenderer) letter = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("api.pdf");
  guint n_a4;
  guint n_letter;

  pango_cairo_context_set_resolution (context, 72);
  a4 = mc_report_renderer_new (report, context, MC_REPORT_A4_WIDTH, MC_REPORT_A4_HEIGHT);
  letter = mc_report_renderer_new (report, context, 612, 792);
  g_object_unref (context);

  n_a4 = mc_report_renderer_paginate (a4);
  g_assert_cmpuint (n_a4, >, 1);
  /* Paginating again changes nothing. */
  g_assert_cmpuint (mc_report_renderer_paginate (a4), ==, n_a4);
  n_letter = mc_report_renderer_paginate (letter);
  g_assert_cmpuint (n_letter, >, 1);

  for (guint page = 0; page < n_letter; page++)
    {
      cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cairo_t *cr = cairo_create (surface);
      double x, y, width, height;

      mc_report_renderer_draw_page (letter, cr, page);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_recording_surface_ink_extents (surface, &x, &y, &width, &height);
      /* Ink from the header down to the footer, within the paper. */
      g_assert_cmpfloat (y, >=, 0);
      g_assert_cmpfloat (y, <, 60);
      g_assert_cmpfloat (y + height, >, 792 - 60);
      g_assert_cmpfloat (y + height, <=, 792);
      g_assert_cmpfloat (x + width, <=, 612);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }

  /* The PDF writer has as many pages as the renderer on A4. */
  if (!have_poppler ())
    return;
  pdf = mc_report_render_pdf (report, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                      NULL));
  g_assert_cmpuint (pdf_pages (path), ==, n_a4);
}

/* Whether the Dutch catalogue of the build translates @msgid, asked in a
 * thread locale so this process stays in C. */
static gboolean
dutch_translates (const char *msgid)
{
  const char *localedir = g_getenv ("MELDCODE_LOCALEDIR");
  locale_t dutch = newlocale (LC_ALL_MASK, "nl_NL.UTF-8", (locale_t) 0);
  locale_t previous;
  gboolean translated;

  if (dutch == (locale_t) 0)
    return FALSE;

  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  previous = uselocale (dutch);
  translated = strcmp (dgettext (GETTEXT_PACKAGE, msgid), msgid) != 0;
  uselocale (previous);
  freelocale (dutch);

  return translated;
}

/* With the Dutch catalogue the headings are Veilig Thuis's own words. The
 * translations come with po/nl.po; until they are there, this is skipped. */
/* The special forms suspected, with their route's duties and whether each
 * was done, stand after the child check. */
static void
test_special_forms_report (void)
{
  g_autoptr(McReport) report = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  McReportSpecialForm *form;

  if (!have_poppler ())
    return;

  report = report_sample_full ();
  form = mc_report_add_special_form (report, "form-staff-violence", "Geweld in de zorgrelatie",
                                     "Meld uw vermoeden meteen bij uw leidinggevende.");
  mc_report_special_form_add_duty (form, "duty-care-manager", "Meld het bij uw leidinggevende.", "yes");
  mc_report_special_form_add_duty (form, "duty-care-igj", "Ambiq meldt het bij de IGJ.", NULL);
  path = write_pdf (report, "special-forms.pdf");
  text = pdf_text (path, 0);
  flat = g_strdelimit (g_strdup (text), "\n", ' ');

  assert_in_order (flat, (const char *[]) { "Child check", "Special Forms of Violence", "Geweld in de zorgrelatie",
                                            "Meld uw vermoeden meteen bij uw leidinggevende.",
                                            "Meld het bij uw leidinggevende.", "Yes",
                                            "Ambiq meldt het bij de IGJ.", "Not answered", "Consultations", NULL });
}

static void
test_dutch_headings (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(McReport) report = report_sample_full ();
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      const char * const dutch[] = {
        "Melder", "Betrokkenen", "Zorgen: feiten en bron", "Afweging en besluit", "Vervolg",
        NULL
      };

      g_autofree char *flat = NULL;
      g_autofree char *current = NULL;

      g_setenv ("LC_ALL", "nl_NL.UTF-8", TRUE);
      mc_i18n_init ();

      path = write_pdf (report, "dutch.pdf");
      text = pdf_text (path, 0);
      assert_in_order (text, dutch);
      g_assert_nonnull (strstr (text, "Pagina 1 van"));

      /* The new parts in the official terms. */
      flat = g_strdelimit (g_strdup (text), "\n", ' ');
      assert_in_order (flat, (const char *[]) { "Beslisronde 3: opnieuw wegen", "Afwegingskader",
                                                "Afwijkingen van de meldnormen", "Vervolg",
                                                "Eerdere beslisrondes",
                                                "Beslisronde 1: eerste besluit", NULL });
      current = text_between (flat, "Beslisronde 3: opnieuw wegen", "Is melden noodzakelijk?");
      g_assert_cmpuint (count (current, "Overgeslagen: niet aan de orde op deze route"), ==, 2);
      g_assert_null (strstr (current, "Niet beantwoord"));
      return;
    }

  if (!have_poppler ())
    return;
  if (!dutch_translates ("People involved"))
    {
      g_test_skip ("The report headings are not translated into Dutch yet");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("test-report-pdf-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/report/pdf/full", test_full_report);
  g_test_add_func ("/report/pdf/rounds", test_rounds_report);
  g_test_add_func ("/report/pdf/special-forms", test_special_forms_report);
  g_test_add_func ("/report/pdf/long-pages", test_long_report_pages);
  g_test_add_func ("/report/pdf/hostile", test_hostile_report);
  g_test_add_func ("/report/pdf/anonymised", test_anonymised_report);
  g_test_add_func ("/report/pdf/empty", test_empty_report);
  g_test_add_func ("/report/pdf/renderer-api", test_renderer_api);
  g_test_add_func ("/report/pdf/dutch-headings", test_dutch_headings);

  status = g_test_run ();
  remove_tmp_dir ();

  return status;
}
