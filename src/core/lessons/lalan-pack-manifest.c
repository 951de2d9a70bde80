/* lalan-pack-manifest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-pack-manifest.h"

#include "lalan-lesson-error.h"
#include "lalan-lesson-json-private.h"
#include "lalan-text.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

struct _LalanPackManifest
{
  gatomicrefcount  ref_count;

  JsonNode        *root;          /* kept to write it back with new hashes */
  char            *id;
  char            *version;
  GHashTable      *titles;
  GHashTable      *descriptions;
  char           **languages;
  char            *license;
  char           **authors;
  char           **lessons;
  GHashTable      *files;         /* path → LalanPackFile, or NULL */
  guint64          total_size;
};

G_DEFINE_BOXED_TYPE (LalanPackManifest, lalan_pack_manifest,
                     lalan_pack_manifest_ref, lalan_pack_manifest_unref)

LalanPackFile *
lalan_pack_file_new (const char *path,
                     const char *sha256,
                     guint64     size)
{
  LalanPackFile *file = g_new0 (LalanPackFile, 1);

  file->path = g_strdup (path);
  file->sha256 = g_strdup (sha256);
  file->size = size;

  return file;
}

void
lalan_pack_file_free (LalanPackFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->sha256);
  g_free (file);
}

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != LALAN_SHA256_HEX_LENGTH)
    return FALSE;
  for (guint i = 0; i < LALAN_SHA256_HEX_LENGTH; i++)
    {
      if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
        return FALSE;
    }
  return TRUE;
}

/**
 * lalan_pack_version_is_valid:
 * @version: a version such as "1.2.0"
 *
 * Returns: %TRUE for one to four whole numbers separated by dots
 */
gboolean
lalan_pack_version_is_valid (const char *version)
{
  guint parts = 0;
  const char *p = version;

  if (version == NULL || *version == '\0' || strlen (version) > 40)
    return FALSE;

  while (*p != '\0')
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      parts++;
      if (*p == '.')
        {
          p++;
          if (*p == '\0')
            return FALSE;
        }
      else if (*p != '\0')
        return FALSE;
    }

  return parts >= 1 && parts <= 4;
}

/**
 * lalan_pack_version_compare:
 * @a: a valid version
 * @b: a valid version
 *
 * Compares part by part as numbers; a missing part counts as 0, so "1.2"
 * equals "1.2.0".
 *
 * Returns: <0, 0 or >0
 */
int
lalan_pack_version_compare (const char *a,
                            const char *b)
{
  const char *pa = a, *pb = b;

  while (*pa != '\0' || *pb != '\0')
    {
      char *end;
      guint64 na = 0, nb = 0;

      if (*pa != '\0')
        {
          na = g_ascii_strtoull (pa, &end, 10);
          pa = *end == '.' ? end + 1 : end;
        }
      if (*pb != '\0')
        {
          nb = g_ascii_strtoull (pb, &end, 10);
          pb = *end == '.' ? end + 1 : end;
        }
      if (na != nb)
        return na < nb ? -1 : 1;
    }

  return 0;
}

static gboolean
parse_files (LalanPackManifest  *self,
             JsonObject         *files,
             const char         *display,
             GError            **error)
{
  JsonObjectIter iter;
  const char *path;
  JsonNode *node;

  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) lalan_pack_file_free);

  json_object_iter_init (&iter, files);
  while (json_object_iter_next (&iter, &path, &node))
    {
      g_autofree char *where = g_strdup_printf (_("the file entry “%s”"), path);
      const char *sha256 = NULL;
      gint64 size = -1;
      JsonObject *entry;
      LalanPackFile *file;

      if (!lalan_pack_path_check (path, display, error))
        return FALSE;
      if (g_str_equal (path, LALAN_PACK_MANIFEST_NAME) || g_str_has_suffix (path, "/"))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: %s cannot be listed among the files."), display, where);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: %s must be an object with “sha256” and “size”."), display, where);
          return FALSE;
        }
      entry = json_node_get_object (node);
      if (!lalan_json_get_string (entry, "sha256", TRUE, display, where, &sha256, error) ||
          !lalan_json_get_int (entry, "size", TRUE, display, where, &size, error))
        return FALSE;
      if (!is_sha256_hex (sha256))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: in %s, “sha256” must be 64 lower-case hexadecimal digits."),
                       display, where);
          return FALSE;
        }
      if (size < 0)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: in %s, “size” cannot be negative."), display, where);
          return FALSE;
        }

      file = lalan_pack_file_new (path, sha256, (guint64) size);
      g_hash_table_replace (self->files, file->path, file);
      self->total_size += (guint64) size;
    }

  return TRUE;
}

static gboolean
check_languages (LalanPackManifest  *self,
                 const char         *display,
                 GError            **error)
{
  if (self->languages[0] == NULL)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: the pack must list at least one language in “languages”."), display);
      return FALSE;
    }

  for (guint i = 0; self->languages[i] != NULL; i++)
    {
      if (!lalan_is_language_code (self->languages[i]))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: “%s” is not a language code such as zh_TW, en or ami."),
                       display, self->languages[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_lessons (LalanPackManifest  *self,
               const char         *display,
               GError            **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (self->lessons[0] == NULL)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: the pack must list at least one lesson in “lessons”."), display);
      return FALSE;
    }

  for (guint i = 0; self->lessons[i] != NULL; i++)
    {
      if (!lalan_is_plain_id (self->lessons[i]))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: the lesson id “%s” may hold only lower-case letters, digits, “-”, “_” and “.”."),
                       display, self->lessons[i]);
          return FALSE;
        }
      if (!g_hash_table_add (seen, self->lessons[i]))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: the lesson “%s” is listed twice."), display, self->lessons[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * lalan_pack_manifest_new_from_data:
 * @data: the content of `pack.json`
 * @length: its length
 * @display: how to name the file in messages
 * @error: a location for a #GError
 *
 * Parses and validates a manifest (its own fields; the lessons are checked
 * separately).
 *
 * Returns: (transfer full) (nullable): the manifest
 */
LalanPackManifest *
lalan_pack_manifest_new_from_data (const char  *data,
                                   gsize        length,
                                   const char  *display,
                                   GError     **error)
{
  g_autoptr(LalanPackManifest) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *where = _("the manifest");
  const char *id = NULL, *version = NULL, *license = NULL;
  gint64 format = LALAN_PACK_FORMAT_VERSION;
  JsonObject *object, *files;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  root = lalan_json_parse_data (data, length, display, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object (root);

  self = g_new0 (LalanPackManifest, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->root = json_node_ref (root);

  if (!lalan_json_get_int (object, "format", FALSE, display, where, &format, error))
    return NULL;
  if (format != LALAN_PACK_FORMAT_VERSION)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s is written in pack format %d, which this version of Lalan does not read; it reads format %d."),
                   display, (int) format, LALAN_PACK_FORMAT_VERSION);
      return NULL;
    }

  if (!lalan_json_get_string (object, "id", TRUE, display, where, &id, error) ||
      !lalan_json_get_string (object, "version", TRUE, display, where, &version, error) ||
      !lalan_json_get_string (object, "license", TRUE, display, where, &license, error) ||
      !lalan_json_get_localized (object, "title", TRUE, display, where, &self->titles, error) ||
      !lalan_json_get_localized (object, "description", FALSE, display, where, &self->descriptions, error))
    return NULL;

  if (!lalan_is_plain_id (id))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: the pack id “%s” may hold only lower-case letters, digits, “-”, “_” and “.”."),
                   display, id);
      return NULL;
    }
  if (!lalan_pack_version_is_valid (version))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: the version “%s” must be numbers separated by dots, such as 1.0.2."),
                   display, version);
      return NULL;
    }

  self->id = g_strdup (id);
  self->version = g_strdup (version);
  self->license = g_strdup (license);

  self->languages = lalan_json_get_strv (object, "languages", TRUE, display, where, error);
  if (self->languages == NULL || !check_languages (self, display, error))
    return NULL;

  self->authors = lalan_json_get_strv (object, "authors", TRUE, display, where, error);
  if (self->authors == NULL)
    return NULL;
  if (self->authors[0] == NULL)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: the pack must name at least one author in “authors”."), display);
      return NULL;
    }

  self->lessons = lalan_json_get_strv (object, "lessons", TRUE, display, where, error);
  if (self->lessons == NULL || !check_lessons (self, display, error))
    return NULL;

  files = lalan_json_get_object (object, "files", FALSE, display, where, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (files != NULL && !parse_files (self, files, display, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * lalan_pack_manifest_new_from_file:
 * @path: the path of a `pack.json`
 * @display: how to name the file in messages
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the manifest
 */
LalanPackManifest *
lalan_pack_manifest_new_from_file (const char  *path,
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
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                   _("%s cannot be read: %s"), display, local_error->message);
      return NULL;
    }

  return lalan_pack_manifest_new_from_data (g_mapped_file_get_contents (mapped),
                                            g_mapped_file_get_length (mapped),
                                            display, error);
}

LalanPackManifest *
lalan_pack_manifest_ref (LalanPackManifest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lalan_pack_manifest_unref (LalanPackManifest *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->root, json_node_unref);
  g_free (self->id);
  g_free (self->version);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_pointer (&self->descriptions, g_hash_table_unref);
  g_strfreev (self->languages);
  g_free (self->license);
  g_strfreev (self->authors);
  g_strfreev (self->lessons);
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_free (self);
}

const char *
lalan_pack_manifest_get_id (LalanPackManifest *self)
{
  return self->id;
}

const char *
lalan_pack_manifest_get_version (LalanPackManifest *self)
{
  return self->version;
}

/**
 * lalan_pack_manifest_get_title:
 * @self: a manifest
 * @language: (nullable): the language wanted
 *
 * Returns: (transfer none): the title, falling back zh_TW → en
 */
const char *
lalan_pack_manifest_get_title (LalanPackManifest *self,
                               const char        *language)
{
  return lalan_text_lookup_localized (self->titles, language, NULL);
}

/**
 * lalan_pack_manifest_get_description:
 * @self: a manifest
 * @language: (nullable): the language wanted
 *
 * Returns: (transfer none) (nullable): the description, with fallback
 */
const char *
lalan_pack_manifest_get_description (LalanPackManifest *self,
                                     const char        *language)
{
  return lalan_text_lookup_localized (self->descriptions, language, NULL);
}

/**
 * lalan_pack_manifest_get_titles:
 *
 * Returns: (transfer none): language → title
 */
GHashTable *
lalan_pack_manifest_get_titles (LalanPackManifest *self)
{
  return self->titles;
}

const char * const *
lalan_pack_manifest_get_languages (LalanPackManifest *self)
{
  return (const char * const *) self->languages;
}

const char *
lalan_pack_manifest_get_license (LalanPackManifest *self)
{
  return self->license;
}

const char * const *
lalan_pack_manifest_get_authors (LalanPackManifest *self)
{
  return (const char * const *) self->authors;
}

/**
 * lalan_pack_manifest_get_lessons:
 *
 * Returns: (transfer none): the lesson ids in teaching order
 */
const char * const *
lalan_pack_manifest_get_lessons (LalanPackManifest *self)
{
  return (const char * const *) self->lessons;
}

/**
 * lalan_pack_manifest_has_files:
 *
 * Returns: %TRUE when the manifest lists its files with hashes, as every
 *   built `.lalanpack` does; a folder being written by hand may not yet
 */
gboolean
lalan_pack_manifest_has_files (LalanPackManifest *self)
{
  return self->files != NULL;
}

/**
 * lalan_pack_manifest_get_file:
 *
 * Returns: (transfer none) (nullable): the declared file at @path
 */
const LalanPackFile *
lalan_pack_manifest_get_file (LalanPackManifest *self,
                              const char        *path)
{
  return self->files != NULL ? g_hash_table_lookup (self->files, path) : NULL;
}

/**
 * lalan_pack_manifest_get_files:
 *
 * Returns: (transfer none) (nullable): path → #LalanPackFile
 */
GHashTable *
lalan_pack_manifest_get_files (LalanPackManifest *self)
{
  return self->files;
}

guint64
lalan_pack_manifest_get_total_size (LalanPackManifest *self)
{
  return self->total_size;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/**
 * lalan_pack_manifest_to_data:
 * @self: a manifest
 * @files: path → #LalanPackFile, the table to write as "files"
 * @length: (out) (optional): the length of the text
 *
 * Writes the manifest back as it was read, with "files" replaced by @files
 * in path order, so that `pack build` gives the same bytes every time.
 *
 * Returns: (transfer full): the JSON text
 */
char *
lalan_pack_manifest_to_data (LalanPackManifest *self,
                             GHashTable        *files,
                             gsize             *length)
{
  g_autoptr(JsonNode) root = json_node_copy (self->root);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  JsonObject *object = json_node_get_object (root);
  JsonObject *table = json_object_new ();
  GHashTableIter iter;
  gpointer key;
  GString *text;
  g_autofree char *data = NULL;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (paths, key);
  g_ptr_array_sort (paths, compare_paths);
  for (guint i = 0; i < paths->len; i++)
    {
      const LalanPackFile *file = g_hash_table_lookup (files, paths->pdata[i]);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "sha256", file->sha256);
      json_object_set_int_member (entry, "size", (gint64) file->size);
      json_object_set_object_member (table, file->path, entry);
    }

  if (!json_object_has_member (object, "format"))
    json_object_set_int_member (object, "format", LALAN_PACK_FORMAT_VERSION);
  json_object_remove_member (object, "files");
  json_object_set_object_member (object, "files", table);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  data = json_generator_to_data (generator, NULL);

  text = g_string_new (data);
  g_string_append_c (text, '\n');
  if (length != NULL)
    *length = text->len;

  return g_string_free (text, FALSE);
}
