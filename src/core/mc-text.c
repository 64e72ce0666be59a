/* mc-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-text"

#include "config.h"

#include <string.h>

#include "mc-text.h"

guint
mc_limit_for_kind (McTextKind kind)
{
  switch (kind)
    {
    case MC_TEXT_KIND_NAME:
      return MC_LIMIT_NAME_CHARS;
    case MC_TEXT_KIND_LINE:
      return MC_LIMIT_LINE_CHARS;
    case MC_TEXT_KIND_TEXT:
    default:
      return MC_LIMIT_TEXT_CHARS;
    }
}

static gboolean
is_one_line (McTextKind kind)
{
  return kind != MC_TEXT_KIND_TEXT;
}

static gboolean
is_noncharacter (gunichar c)
{
  return (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
}

static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

static gboolean
is_removed (gunichar c)
{
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
         || (c >= 0x7f && c <= 0x9f)
         || is_noncharacter (c)
         || is_bidi_control (c);
}

static gboolean
is_line_end (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

/* Plain ASCII needs no normalisation: the common case stays one scan. */
static gboolean
is_plain_ascii (const char *text,
                McTextKind  kind)
{
  gboolean one_line = is_one_line (kind);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p >= 0x7f)
        return FALSE;
      if (*p < 0x20 && (one_line || (*p != '\t' && *p != '\n')))
        return FALSE;
    }
  return TRUE;
}

char *
mc_text_sanitize (const char *text,
                  McTextKind  kind)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  gboolean one_line = is_one_line (kind);
  GString *out;

  if (text == NULL)
    return NULL;
  if (is_plain_ascii (text, kind))
    return g_strdup (text);

  if (!g_utf8_validate (text, -1, NULL))
    {
      valid = g_utf8_make_valid (text, -1);
      text = valid;
    }
  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_assert (nfc != NULL);

  out = g_string_sized_new (strlen (nfc));
  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_line_end (c))
        {
          /* "\r\n" is one line end. */
          if (c == '\r' && p[1] == '\n')
            continue;
          g_string_append_c (out, one_line ? ' ' : '\n');
          continue;
        }
      if (c == '\t' && one_line)
        {
          g_string_append_c (out, ' ');
          continue;
        }
      if (is_removed (c))
        continue;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

gboolean
mc_text_is_clean (const char *text,
                  McTextKind  kind)
{
  g_autofree char *clean = NULL;

  if (text == NULL || is_plain_ascii (text, kind))
    return TRUE;
  clean = mc_text_sanitize (text, kind);
  return strcmp (clean, text) == 0;
}

gsize
mc_text_length (const char *text)
{
  return text != NULL ? (gsize) g_utf8_strlen (text, -1) : 0;
}

gboolean
mc_text_fits (const char *text,
              McTextKind  kind)
{
  guint limit = mc_limit_for_kind (kind);

  if (text == NULL)
    return TRUE;
  /* A character is at least one byte: most texts need no count. */
  if (strlen (text) <= limit)
    return TRUE;
  return mc_text_length (text) <= limit;
}
