/* lalan-pack-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-pack-check.h"

#include "lalan-lesson-error.h"
#include "lalan-markdown.h"
#include "lalan-pack-files-private.h"
#include "lalan-pack-install.h"
#include "lalan-pack-manifest.h"
#include "lalan-pack.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

static void
add_warning (GPtrArray  *warnings,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (GPtrArray  *warnings,
             const char *format,
             ...)
{
  va_list args;

  if (warnings == NULL)
    return;

  va_start (args, format);
  g_ptr_array_add (warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
check_files_table (const char          *dir,
                   LalanPackManifest   *manifest,
                   GPtrArray           *files,
                   LalanPackCheckFlags  flags,
                   GError             **error)
{
  GHashTable *declared = lalan_pack_manifest_get_files (manifest);
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < files->len; i++)
    {
      LalanPackFile *file = g_ptr_array_index (files, i);
      const LalanPackFile *entry;

      if (g_str_equal (file->path, LALAN_PACK_MANIFEST_NAME))
        continue;
      g_hash_table_add (present, file->path);

      entry = g_hash_table_lookup (declared, file->path);
      if (entry == NULL)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s is in the pack folder but not in the manifest’s list of files; run “lalan-cli pack build” to update the list."),
                       file->path);
          return FALSE;
        }
      if (file->size != entry->size)
        {
          g_set_error (error, LALAN_LESSON_ERROR,
                       file->size > entry->size ? LALAN_LESSON_ERROR_TOO_BIG : LALAN_LESSON_ERROR_HASH,
                       _("%s has %llu bytes, but the manifest says %llu."),
                       file->path, (unsigned long long) file->size, (unsigned long long) entry->size);
          return FALSE;
        }
      if (flags & LALAN_PACK_CHECK_VERIFY_HASHES)
        {
          g_autofree char *path = g_build_filename (dir, file->path, NULL);
          char hex[LALAN_SHA256_HEX_LENGTH + 1];

          if (!lalan_pack_hash_file (path, file->path, hex, NULL, error))
            return FALSE;
          if (strcmp (hex, entry->sha256) != 0)
            {
              g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_HASH,
                           _("%s is not the file the manifest lists: its SHA-256 differs. It was changed or damaged."),
                           file->path);
              return FALSE;
            }
        }
    }

  g_hash_table_iter_init (&iter, declared);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const LalanPackFile *entry = value;

      if (!g_hash_table_contains (present, entry->path))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                       _("%s is listed in the manifest but missing from the pack."), entry->path);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_page_pictures (LalanLesson            *lesson,
                     const LalanLessonStep  *step,
                     GError                **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, step->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GPtrArray) blocks = NULL;
      g_autofree char *display = g_strdup_printf ("%s/%s.%s.md", lalan_lesson_get_id (lesson),
                                                  step->id, (const char *) key);

      blocks = lalan_lesson_get_page_blocks (lesson, step, key, NULL, error);
      if (blocks == NULL)
        return FALSE;

      for (guint i = 0; i < blocks->len; i++)
        {
          LalanMdBlock *block = g_ptr_array_index (blocks, i);

          if (block->type == LALAN_MD_IMAGE && block->path == NULL)
            {
              g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                           _("%s shows the picture “%s”, which is not a file in the pack."),
                           display, block->src);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static void
check_translations (LalanPackManifest     *manifest,
                    LalanLesson           *lesson,
                    const LalanLessonStep *step,
                    GPtrArray             *warnings)
{
  const char * const *languages = lalan_pack_manifest_get_languages (manifest);

  if (step->type != LALAN_STEP_PAGE)
    return;

  for (guint i = 0; languages[i] != NULL; i++)
    {
      if (!g_hash_table_contains (step->pages, languages[i]))
        add_warning (warnings, _("%s/%s.%s.md is missing: learners reading %s will see the page in another language."),
                     lalan_lesson_get_id (lesson), step->id, languages[i], languages[i]);
    }
}

/**
 * lalan_pack_check_directory:
 * @dir: a pack folder
 * @flags: what to check
 * @warnings: (nullable) (element-type utf8): where to add sentences about
 *   things that work but should be fixed (a missing translation)
 * @error: a location for a #GError
 *
 * Checks a pack folder as a teacher wrote it or as it was installed: the
 * manifest, no links or unsafe names, the file list with sizes (and hashes
 * with %LALAN_PACK_CHECK_VERIFY_HASHES), every lesson and every picture
 * its pages show.
 *
 * Returns: %TRUE when the pack can be used
 */
gboolean
lalan_pack_check_directory (const char           *dir,
                            LalanPackCheckFlags   flags,
                            GPtrArray            *warnings,
                            GError              **error)
{
  g_autoptr(LalanPack) pack = NULL;
  g_autoptr(GPtrArray) files = NULL;
  LalanPackManifest *manifest;
  const char * const *lessons;

  g_return_val_if_fail (dir != NULL, FALSE);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_NOT_FOUND,
                   _("%s is not a folder."), dir);
      return FALSE;
    }

  files = lalan_pack_walk_directory (dir, G_MAXUINT, error);
  if (files == NULL)
    return FALSE;

  pack = lalan_pack_new_for_directory (dir, LALAN_PACK_INSTALLED, error);
  if (pack == NULL)
    return FALSE;
  manifest = lalan_pack_get_manifest (pack);

  if (!(flags & LALAN_PACK_CHECK_IGNORE_FILES))
    {
      if (lalan_pack_manifest_has_files (manifest))
        {
          if (!check_files_table (dir, manifest, files, flags, error))
            return FALSE;
        }
      else
        add_warning (warnings, _("The manifest does not list the files with their SHA-256 yet; “lalan-cli pack build” adds the list."));
    }

  lessons = lalan_pack_manifest_get_lessons (manifest);
  for (guint i = 0; lessons[i] != NULL; i++)
    {
      g_autoptr(LalanLesson) lesson = lalan_pack_load_lesson (pack, lessons[i], error);

      if (lesson == NULL)
        return FALSE;

      for (guint s = 0; s < lalan_lesson_get_n_steps (lesson); s++)
        {
          const LalanLessonStep *step = lalan_lesson_get_step (lesson, s);

          if (step->type == LALAN_STEP_PAGE && !check_page_pictures (lesson, step, error))
            return FALSE;
          check_translations (manifest, lesson, step, warnings);
        }
    }

  return TRUE;
}

/**
 * lalan_pack_check_path:
 * @path: a pack folder or a `.lalanpack` file
 * @warnings: (nullable) (element-type utf8): see lalan_pack_check_directory()
 * @error: a location for a #GError
 *
 * Checks everything installing would check, hashes included, and installs
 * nothing: a file is unpacked into a temporary folder that is removed.
 *
 * Returns: %TRUE when the pack could be installed
 */
gboolean
lalan_pack_check_path (const char  *path,
                       GPtrArray   *warnings,
                       GError     **error)
{
  g_autoptr(LalanPackInstall) install = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *tmp = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return lalan_pack_check_directory (path, LALAN_PACK_CHECK_VERIFY_HASHES, warnings, error);

  tmp = g_dir_make_tmp ("lalan-check-XXXXXX", &local_error);
  if (tmp == NULL)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
                   _("No temporary folder can be made to check the pack: %s"), local_error->message);
      return FALSE;
    }

  install = lalan_pack_install_prepare (path, tmp, NULL, LALAN_PACK_INSTALL_REINSTALL, NULL, error);
  if (install != NULL)
    {
      GPtrArray *install_warnings = lalan_pack_install_get_warnings (install);

      for (guint i = 0; warnings != NULL && i < install_warnings->len; i++)
        g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (install_warnings, i)));
      lalan_pack_install_discard (install);
    }
  lalan_pack_remove_tree (tmp);

  return install != NULL;
}
