/* lalan-inventory-multipart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-multipart.h"

#include "lalan-inventory-error.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

/* A multipart body (RFC 2046, RFC 7578) read by hand rather than with
 * SoupMultipart, because a part's filename must be seen exactly as sent:
 * libsoup keeps only what follows the last "/", which would turn a path
 * traversal attempt into an innocent name instead of a refusal. Every
 * length is checked against the end of the buffer, so a truncated body is
 * an error, never a read past the end. */

#define MAX_PART_HEADERS 16384

void
lalan_inventory_part_free (LalanInventoryPart *part)
{
  if (part == NULL)
    return;

  g_free (part->field_name);
  g_free (part->filename);
  g_free (part->content_type);
  g_clear_pointer (&part->body, g_bytes_unref);
  g_free (part);
}

static gboolean
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID, message);
  return FALSE;
}

static const guint8 *
find_bytes (const guint8 *haystack,
            gsize         haystack_len,
            const char   *needle,
            gsize         needle_len)
{
  return memmem (haystack, haystack_len, needle, needle_len);
}

/* libsoup's parameter parser forgives an unclosed quote; a sender that
 * leaves one open has cut its own header, so it is refused here. */
static gboolean
quotes_balanced (const char *value)
{
  gboolean inside = FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (inside && *p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '"')
        inside = !inside;
    }

  return !inside;
}

/* Content-Disposition: form-data; name="xml_submission_file"; filename="x.xml" */
static gboolean
parse_disposition (const char          *value,
                   LalanInventoryPart  *part,
                   GError             **error)
{
  const char *semi = strchr (value, ';');
  g_autofree char *type = g_strstrip (g_strndup (value, semi ? (gsize) (semi - value) : strlen (value)));
  GHashTable *params;
  const char *name;
  const char *filename;

  if (g_ascii_strcasecmp (type, "form-data") != 0)
    return set_invalid (error, _("A part of the upload is not form data."));

  if (semi == NULL)
    return set_invalid (error, _("A part of the upload has no name."));
  if (!quotes_balanced (semi + 1))
    return set_invalid (error, _("A part of the upload has a malformed Content-Disposition header."));

  params = soup_header_parse_semi_param_list_strict (semi + 1);
  if (params == NULL)
    return set_invalid (error, _("A part of the upload has a malformed Content-Disposition header."));

  name = g_hash_table_lookup (params, "name");
  filename = g_hash_table_lookup (params, "filename");

  if (name == NULL || !g_utf8_validate (name, -1, NULL) ||
      (filename != NULL && !g_utf8_validate (filename, -1, NULL)))
    {
      soup_header_free_param_list (params);
      return set_invalid (error, _("A part of the upload has a name that is not valid UTF-8 text."));
    }

  part->field_name = g_strdup (name);
  part->filename = g_strdup (filename);
  soup_header_free_param_list (params);

  return TRUE;
}

static gboolean
parse_part_headers (const char          *block,
                    gsize                len,
                    LalanInventoryPart  *part,
                    GError             **error)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;

  if (memchr (block, '\0', len) != NULL)
    return set_invalid (error, _("A part of the upload has malformed headers."));

  copy = g_strndup (block, len);
  lines = g_strsplit (copy, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon;
      char *value;

      if (lines[i][0] == '\0')
        continue;

      colon = strchr (lines[i], ':');
      if (colon == NULL)
        return set_invalid (error, _("A part of the upload has malformed headers."));
      *colon = '\0';
      value = g_strstrip (colon + 1);

      if (g_ascii_strcasecmp (g_strstrip (lines[i]), "Content-Disposition") == 0)
        {
          if (part->field_name != NULL)
            return set_invalid (error, _("A part of the upload has malformed headers."));
          if (!parse_disposition (value, part, error))
            return FALSE;
        }
      else if (g_ascii_strcasecmp (lines[i], "Content-Type") == 0)
        {
          if (!g_utf8_validate (value, -1, NULL))
            return set_invalid (error, _("A part of the upload has malformed headers."));
          g_free (part->content_type);
          part->content_type = g_strdup (value);
        }
    }

  if (part->field_name == NULL)
    return set_invalid (error, _("A part of the upload has no name."));

  return TRUE;
}

/**
 * lalan_inventory_multipart_parse:
 * @body: the whole request body
 * @boundary: the boundary from the Content-Type header
 * @max_parts: refuse more parts than this
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type LalanInventoryPart) (nullable):
 *   the parts, or %NULL with %LALAN_INVENTORY_ERROR_INVALID when the body
 *   is malformed or truncated
 */
GPtrArray *
lalan_inventory_multipart_parse (GBytes      *body,
                                 const char  *boundary,
                                 guint        max_parts,
                                 GError     **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_inventory_part_free);
  g_autofree char *delimiter = NULL;
  gsize delimiter_len;
  gsize size;
  const guint8 *data = g_bytes_get_data (body, &size);
  const guint8 *end = data + size;
  const guint8 *p;

  g_return_val_if_fail (body != NULL, NULL);

  if (boundary == NULL || *boundary == '\0' || strlen (boundary) > 70)
    {
      set_invalid (error, _("The upload is not a valid multipart body: its boundary is missing or too long."));
      return NULL;
    }

  /* "\r\n--boundary": the CRLF belongs to the delimiter, not to the part. */
  delimiter = g_strconcat ("\r\n--", boundary, NULL);
  delimiter_len = strlen (delimiter);

  if (size >= delimiter_len - 2 && memcmp (data, delimiter + 2, delimiter_len - 2) == 0)
    p = data + delimiter_len - 2;
  else
    {
      const guint8 *first = find_bytes (data, size, delimiter, delimiter_len);

      if (first == NULL)
        {
          set_invalid (error, _("The upload is not a valid multipart body: no part was found."));
          return NULL;
        }
      p = first + delimiter_len;
    }

  for (;;)
    {
      g_autoptr(LalanInventoryPart) part = NULL;
      const guint8 *headers_end;
      const guint8 *next;

      /* After a delimiter: "--" closes the body, otherwise CRLF starts a part. */
      if (end - p >= 2 && p[0] == '-' && p[1] == '-')
        break;

      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
        {
          set_invalid (error, _("The upload is truncated or malformed."));
          return NULL;
        }
      p += 2;

      if (parts->len >= max_parts)
        {
          g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                       _("The upload has more than %u parts."), max_parts);
          return NULL;
        }

      /* A part with no headers starts with its blank line at once. */
      if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
        headers_end = p;
      else
        {
          gsize window = MIN ((gsize) (end - p), (gsize) MAX_PART_HEADERS);

          headers_end = find_bytes (p, window, "\r\n\r\n", 4);
          if (headers_end == NULL)
            {
              set_invalid (error, _("The upload is truncated or malformed."));
              return NULL;
            }
          headers_end += 2;
        }

      part = g_new0 (LalanInventoryPart, 1);
      if (!parse_part_headers ((const char *) p, headers_end - p, part, error))
        return NULL;

      p = headers_end + 2;
      next = find_bytes (p, end - p, delimiter, delimiter_len);
      if (next == NULL)
        {
          set_invalid (error, _("The upload is truncated or malformed."));
          return NULL;
        }

      part->body = g_bytes_new_from_bytes (body, p - data, next - p);
      g_ptr_array_add (parts, g_steal_pointer (&part));
      p = next + delimiter_len;
    }

  return g_steal_pointer (&parts);
}

/**
 * lalan_inventory_attachment_name_ok:
 * @name: the filename of an attached file
 *
 * An attachment keeps the name it was sent with, and that name reaches
 * exports and other people's disks, so it must be one plain file name:
 * no directories, no "..", no hidden files, no characters Windows
 * refuses, no control characters.
 *
 * Returns: %TRUE when @name may be stored
 */
gboolean
lalan_inventory_attachment_name_ok (const char *name)
{
  gsize len;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return FALSE;

  len = strlen (name);
  if (len == 0 || len > 255 || name[0] == '.' ||
      name[len - 1] == '.' || name[len - 1] == ' ')
    return FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f ||
          (c < 0x80 && strchr ("/\\:*?\"<>|", (int) c) != NULL) ||
          g_unichar_type (c) == G_UNICODE_FORMAT)
        return FALSE;
    }

  return TRUE;
}
