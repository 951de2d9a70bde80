/* lalan-form-markdown.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-markdown.h"

#include <string.h>

/* The Markdown subset ODK renders in labels and hints
 * (docs.getodk.org/form-styling): *emphasis* and _emphasis_, **strong**
 * and __strong__, [links](https://...), # headings, and backslash escapes.
 * Everything else is text, line breaks kept. Written for Pango, so a GTK
 * label shows a form as Collect would; a marker without its partner on the
 * same line stays a plain character, so a label never fails to show. */

typedef enum
{
  OUT_PANGO,
  OUT_PLAIN,
} OutputKind;

static gboolean
is_word_char (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  return g_unichar_isalnum (c);
}

/* Where the closing @marker of a run that starts at @start is, on the
 * same line, or NULL. Underscores only open and close at word edges, so
 * snake_case_names stay as they are. */
static const char *
find_closer (const char *start,
             const char *line_end,
             const char *marker,
             gboolean    underscore)
{
  gsize n = strlen (marker);

  if (start >= line_end || g_ascii_isspace (*start))
    return NULL;

  for (const char *p = start; p + n <= line_end; p++)
    {
      if (*p == '\\' && p + 1 < line_end)
        {
          p++;
          continue;
        }
      if (strncmp (p, marker, n) != 0)
        continue;
      if (p == start || g_ascii_isspace (p[-1]))
        continue;
      /* In "***", "**" closes with the last two. */
      if (n == 2 && p + n < line_end && p[n] == marker[0])
        continue;
      /* "**" is not the end of a "*" run. */
      if (n == 1 && p + 1 < line_end && p[1] == marker[0])
        {
          p++;
          continue;
        }
      if (underscore && p + n < line_end && is_word_char (p + n))
        continue;
      return p;
    }
  return NULL;
}

static void append_inline (GString    *out,
                           const char *start,
                           const char *end,
                           OutputKind  kind);

static void
append_text (GString    *out,
             const char *start,
             gsize       length,
             OutputKind  kind)
{
  if (kind == OUT_PLAIN)
    {
      g_string_append_len (out, start, length);
      return;
    }
  {
    g_autofree char *escaped = g_markup_escape_text (start, length);

    g_string_append (out, escaped);
  }
}

static gboolean
append_link (GString     *out,
             const char  *p,
             const char  *end,
             OutputKind   kind,
             const char **after)
{
  const char *close_text;
  const char *close_url;

  /* [text](url) on one line. */
  close_text = memchr (p, ']', end - p);
  if (close_text == NULL || close_text + 1 >= end || close_text[1] != '(')
    return FALSE;
  close_url = memchr (close_text + 2, ')', end - close_text - 2);
  if (close_url == NULL || close_url == close_text + 2)
    return FALSE;

  if (kind == OUT_PANGO)
    {
      g_autofree char *url = g_markup_escape_text (close_text + 2, close_url - close_text - 2);

      g_string_append_printf (out, "<a href=\"%s\">", url);
      append_inline (out, p + 1, close_text, kind);
      g_string_append (out, "</a>");
    }
  else
    append_inline (out, p + 1, close_text, kind);

  *after = close_url + 1;
  return TRUE;
}

static void
append_inline (GString    *out,
               const char *start,
               const char *end,
               OutputKind  kind)
{
  const char *p = start;
  const char *plain = start;

  while (p < end)
    {
      const char *marker = NULL;
      const char *tag = NULL;

      if (*p == '\\' && p + 1 < end && strchr ("\\`*_{}[]()#+-.!", p[1]) != NULL)
        {
          append_text (out, plain, p - plain, kind);
          append_text (out, p + 1, 1, kind);
          p += 2;
          plain = p;
          continue;
        }

      if (*p == '[')
        {
          const char *after;

          append_text (out, plain, p - plain, kind);
          if (append_link (out, p, end, kind, &after))
            {
              p = plain = after;
              continue;
            }
          plain = p;
        }

      if (strncmp (p, "**", 2) == 0 || strncmp (p, "__", 2) == 0)
        marker = p[0] == '*' ? "**" : "__", tag = "b";
      else if (*p == '*' || *p == '_')
        marker = p[0] == '*' ? "*" : "_", tag = "i";

      if (marker != NULL)
        {
          gsize n = strlen (marker);
          gboolean underscore = marker[0] == '_';
          const char *closer = NULL;

          if (!underscore || p == start || !is_word_char (g_utf8_prev_char (p)))
            closer = find_closer (p + n, end, marker, underscore);

          if (closer != NULL)
            {
              append_text (out, plain, p - plain, kind);
              if (kind == OUT_PANGO)
                g_string_append_printf (out, "<%s>", tag);
              append_inline (out, p + n, closer, kind);
              if (kind == OUT_PANGO)
                g_string_append_printf (out, "</%s>", tag);
              p = plain = closer + n;
              continue;
            }
          p += n;
          continue;
        }

      p = g_utf8_next_char (p);
    }

  append_text (out, plain, end - plain, kind);
}

static char *
convert (const char *text,
         OutputKind  kind)
{
  GString *out = g_string_new (NULL);
  const char *line = text;

  if (text == NULL)
    return g_string_free (out, FALSE);

  while (*line != '\0')
    {
      const char *newline = strchr (line, '\n');
      const char *end = newline != NULL ? newline : line + strlen (line);
      guint level = 0;

      while (line + level < end && line[level] == '#' && level < 7)
        level++;

      if (level >= 1 && level <= 6 && line + level < end && line[level] == ' ')
        {
          /* Headings as ODK shows them: larger and bold, by level. */
          static const char * const sizes[] = { "xx-large", "x-large", "large", "medium", "medium", "medium" };
          const char *content = line + level + 1;

          if (kind == OUT_PANGO)
            g_string_append_printf (out, "<span size=\"%s\" weight=\"bold\">", sizes[level - 1]);
          append_inline (out, content, end, kind);
          if (kind == OUT_PANGO)
            g_string_append (out, "</span>");
        }
      else
        append_inline (out, line, end, kind);

      if (newline == NULL)
        break;
      g_string_append_c (out, '\n');
      line = newline + 1;
    }

  return g_string_free (out, FALSE);
}

/**
 * lalan_form_markdown_to_pango:
 * @text: (nullable): a label or hint as the form writes it
 *
 * Returns: (transfer full): Pango markup for a #GtkLabel
 */
char *
lalan_form_markdown_to_pango (const char *text)
{
  return convert (text, OUT_PANGO);
}

/**
 * lalan_form_markdown_to_plain:
 * @text: (nullable): a label or hint as the form writes it
 *
 * Returns: (transfer full): the text without its markers, for accessible
 *   names and lists
 */
char *
lalan_form_markdown_to_plain (const char *text)
{
  return convert (text, OUT_PLAIN);
}
