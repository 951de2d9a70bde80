/* lalan-lesson-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-lesson-json-private.h"

#include "lalan-lesson-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Every message names the file (its path inside the pack) and the place in
 * it, so a teacher who wrote the pack by hand knows what to fix. @where is
 * a translated phrase such as "step 3 (sms)" or "the manifest". */

JsonNode *
lalan_json_parse_data (const char  *data,
                       gsize        length,
                       const char  *display,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length > LALAN_PACK_MAX_JSON_SIZE)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_TOO_BIG,
                   _("%s is too large for a lesson file."), display);
      return NULL;
    }

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s is not valid JSON: the text is not UTF-8."), display);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s is not valid JSON: %s"), display, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s must hold one JSON object, in braces { }."), display);
      return NULL;
    }

  return json_node_ref (root);
}

JsonNode *
lalan_json_parse_file (const char  *path,
                       const char  *display,
                       GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_LINK,
                   _("%s is a link; a pack may hold only plain files."), display);
      return NULL;
    }

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                     _("%s is missing."), display);
      else
        g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                     _("%s cannot be read: %s"), display, local_error->message);
      return NULL;
    }

  return lalan_json_parse_data (g_mapped_file_get_contents (mapped),
                                g_mapped_file_get_length (mapped),
                                display, error);
}

static void
set_missing (GError     **error,
             const char  *display,
             const char  *where,
             const char  *member)
{
  g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
               _("%s: %s needs “%s”."), display, where, member);
}

static void
set_wrong_type (GError     **error,
                const char  *display,
                const char  *where,
                const char  *member,
                const char  *what)
{
  /* Translators: the last %s is "text", "a number", "a list"... */
  g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
               _("%s: in %s, “%s” must be %s."), display, where, member, what);
}

gboolean
lalan_json_get_string (JsonObject   *object,
                       const char   *member,
                       gboolean      required,
                       const char   *display,
                       const char   *where,
                       const char  **out,
                       GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        set_missing (error, display, where, member);
      return !required;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_wrong_type (error, display, where, member, _("text in quotes"));
      return FALSE;
    }

  *out = json_node_get_string (node);
  if (required && **out == '\0')
    {
      set_missing (error, display, where, member);
      return FALSE;
    }

  return TRUE;
}

gboolean
lalan_json_get_int (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    const char  *display,
                    const char  *where,
                    gint64      *out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        set_missing (error, display, where, member);
      return !required;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_wrong_type (error, display, where, member, _("a whole number"));
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
lalan_json_get_bool (JsonObject  *object,
                     const char  *member,
                     const char  *display,
                     const char  *where,
                     gboolean    *out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      set_wrong_type (error, display, where, member, _("true or false"));
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

JsonArray *
lalan_json_get_array (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      const char  *display,
                      const char  *where,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        set_missing (error, display, where, member);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_wrong_type (error, display, where, member, _("a list in brackets [ ]"));
      return NULL;
    }

  return json_node_get_array (node);
}

JsonObject *
lalan_json_get_object (JsonObject  *object,
                       const char  *member,
                       gboolean     required,
                       const char  *display,
                       const char  *where,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        set_missing (error, display, where, member);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_wrong_type (error, display, where, member, _("an object in braces { }"));
      return NULL;
    }

  return json_node_get_object (node);
}

/* Text in several languages: { "zh_TW": "...", "en": "..." }. */
gboolean
lalan_json_get_localized (JsonObject   *object,
                          const char   *member,
                          gboolean      required,
                          const char   *display,
                          const char   *where,
                          GHashTable  **out,
                          GError      **error)
{
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *texts;
  JsonObjectIter iter;
  const char *lang;
  JsonNode *value;

  *out = NULL;
  texts = lalan_json_get_object (object, member, required, display, where, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (texts == NULL)
    return !required;

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, texts);
  while (json_object_iter_next (&iter, &lang, &value))
    {
      if (!lalan_is_language_code (lang))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: in %s, “%s” is not a language code such as zh_TW, en or ami."),
                       display, where, lang);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        {
          set_wrong_type (error, display, where, member, _("text in quotes for each language"));
          return FALSE;
        }
      g_hash_table_insert (table, g_strdup (lang), g_strdup (json_node_get_string (value)));
    }

  if (required && g_hash_table_size (table) == 0)
    {
      set_missing (error, display, where, member);
      return FALSE;
    }

  *out = g_steal_pointer (&table);
  return TRUE;
}

char **
lalan_json_get_strv (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     const char  *display,
                     const char  *where,
                     GError     **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;

  array = lalan_json_get_array (object, member, required, display, where, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          set_wrong_type (error, display, where, member, _("a list of texts in quotes"));
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  return g_strv_builder_end (builder);
}

/* zh_TW, en, ami, tay, pwn, zh_Hant... The ISO 639 code, an optional region
 * or script after an underscore. */
gboolean
lalan_is_language_code (const char *code)
{
  gsize i = 0;

  while (g_ascii_islower (code[i]))
    i++;
  if (i < 2 || i > 3)
    return FALSE;
  if (code[i] == '\0')
    return TRUE;
  if (code[i] != '_')
    return FALSE;
  i++;
  for (gsize start = i; ; i++)
    {
      if (code[i] == '\0')
        return i - start >= 2 && i - start <= 4;
      if (!g_ascii_isalnum (code[i]))
        return FALSE;
    }
}

/* Pack, lesson, step and item ids: lower-case letters, digits, '-', '_'
 * and '.', starting with a letter or digit; they become folder names. */
gboolean
lalan_is_plain_id (const char *id)
{
  gsize len = id ? strlen (id) : 0;

  if (len == 0 || len > 128 || !(g_ascii_islower (id[0]) || g_ascii_isdigit (id[0])))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = id[i];

      if (!(g_ascii_islower (c) || g_ascii_isdigit (c) || c == '-' || c == '_' || c == '.'))
        return FALSE;
    }

  return strstr (id, "..") == NULL;
}

/**
 * lalan_pack_path_check:
 * @relative: a path inside a pack, '/' separated
 *
 * Refuses what could point outside the pack or mean something else on
 * another system: absolute paths, `..` or `.` parts, empty parts, '\\',
 * drive letters, control characters, invalid UTF-8.
 */
gboolean
lalan_pack_path_check (const char  *relative,
                       const char  *display,
                       GError     **error)
{
  g_auto(GStrv) parts = NULL;
  gsize len = strlen (relative);

  if (len == 0 || len > LALAN_PACK_MAX_PATH_LENGTH || !g_utf8_validate (relative, len, NULL))
    goto unsafe;

  if (relative[0] == '/' || strchr (relative, '\\') != NULL || strchr (relative, ':') != NULL)
    goto unsafe;

  for (gsize i = 0; i < len; i++)
    {
      if ((guchar) relative[i] < 0x20 || relative[i] == 0x7f)
        goto unsafe;
    }

  parts = g_strsplit (relative, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      /* A trailing '/' (a folder entry) leaves one empty last part. */
      if (parts[i][0] == '\0' && parts[i + 1] == NULL && i > 0)
        continue;
      if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
        goto unsafe;
    }

  return TRUE;

unsafe:
  g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_UNSAFE_PATH,
               _("%s names the path “%s”, which is not a plain path inside the pack."),
               display, relative);
  return FALSE;
}

/**
 * lalan_pack_path_resolve:
 * @base_dir: the pack-relative folder the reference is written in ("" at the top)
 * @reference: a relative reference such as "pictures/phone.svg" or "../shared/a.svg"
 *
 * Resolves @reference against @base_dir, allowing ".." only while it stays
 * inside the pack.
 *
 * Returns: (transfer full): the pack-relative path, or %NULL with @error set
 */
char *
lalan_pack_path_resolve (const char  *base_dir,
                         const char  *reference,
                         const char  *display,
                         GError     **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) base_parts = NULL;
  g_auto(GStrv) ref_parts = NULL;
  g_autofree char *joined = NULL;

  if (reference[0] == '\0' || reference[0] == '/' || strchr (reference, '\\') != NULL ||
      strchr (reference, ':') != NULL || !g_utf8_validate (reference, -1, NULL) ||
      strlen (reference) > LALAN_PACK_MAX_PATH_LENGTH)
    goto unsafe;

  base_parts = g_strsplit (base_dir, "/", -1);
  for (guint i = 0; base_parts[i] != NULL; i++)
    {
      if (base_parts[i][0] != '\0')
        g_ptr_array_add (stack, g_strdup (base_parts[i]));
    }

  ref_parts = g_strsplit (reference, "/", -1);
  for (guint i = 0; ref_parts[i] != NULL; i++)
    {
      if (ref_parts[i][0] == '\0' || g_str_equal (ref_parts[i], "."))
        continue;
      if (g_str_equal (ref_parts[i], ".."))
        {
          if (stack->len == 0)
            goto unsafe;
          g_ptr_array_remove_index (stack, stack->len - 1);
          continue;
        }
      g_ptr_array_add (stack, g_strdup (ref_parts[i]));
    }

  if (stack->len == 0)
    goto unsafe;

  g_ptr_array_add (stack, NULL);
  joined = g_strjoinv ("/", (char **) stack->pdata);
  if (!lalan_pack_path_check (joined, display, error))
    return NULL;

  return g_steal_pointer (&joined);

unsafe:
  g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_UNSAFE_PATH,
               _("%s names the path “%s”, which is not a plain path inside the pack."),
               display, reference);
  return NULL;
}
