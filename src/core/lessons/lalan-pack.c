/* lalan-pack.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-pack.h"

#include "lalan-lesson-error.h"

#include <glib/gi18n-lib.h>

struct _LalanPack
{
  GObject             parent_instance;

  LalanPackManifest  *manifest;
  LalanPackOrigin     origin;
  char               *dir;
  GHashTable         *lessons;     /* id → LalanLesson, loaded on demand */
};

G_DEFINE_FINAL_TYPE (LalanPack, lalan_pack, G_TYPE_OBJECT)

static void
lalan_pack_finalize (GObject *object)
{
  LalanPack *self = (LalanPack *) object;

  g_clear_pointer (&self->manifest, lalan_pack_manifest_unref);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->lessons, g_hash_table_unref);

  G_OBJECT_CLASS (lalan_pack_parent_class)->finalize (object);
}

static void
lalan_pack_class_init (LalanPackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lalan_pack_finalize;
}

static void
lalan_pack_init (LalanPack *self)
{
  self->lessons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) lalan_lesson_unref);
}

/**
 * lalan_pack_new_for_directory:
 * @dir: the pack's folder
 * @origin: where it comes from
 * @error: a location for a #GError
 *
 * Reads the manifest only, so listing many packs stays fast; lessons are
 * read by lalan_pack_load_lesson().
 *
 * Returns: (transfer full) (nullable): the pack
 */
LalanPack *
lalan_pack_new_for_directory (const char       *dir,
                              LalanPackOrigin   origin,
                              GError          **error)
{
  g_autoptr(LalanPack) self = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  path = g_build_filename (dir, LALAN_PACK_MANIFEST_NAME, NULL);
  display = g_build_filename (dir, LALAN_PACK_MANIFEST_NAME, NULL);

  self = g_object_new (LALAN_TYPE_PACK, NULL);
  self->manifest = lalan_pack_manifest_new_from_file (path, display, error);
  if (self->manifest == NULL)
    return NULL;
  self->origin = origin;
  self->dir = g_strdup (dir);

  return g_steal_pointer (&self);
}

/**
 * lalan_pack_get_manifest:
 *
 * Returns: (transfer none): the manifest
 */
LalanPackManifest *
lalan_pack_get_manifest (LalanPack *self)
{
  g_return_val_if_fail (LALAN_IS_PACK (self), NULL);
  return self->manifest;
}

LalanPackOrigin
lalan_pack_get_origin (LalanPack *self)
{
  g_return_val_if_fail (LALAN_IS_PACK (self), LALAN_PACK_BUNDLED);
  return self->origin;
}

const char *
lalan_pack_get_dir (LalanPack *self)
{
  g_return_val_if_fail (LALAN_IS_PACK (self), NULL);
  return self->dir;
}

const char *
lalan_pack_get_id (LalanPack *self)
{
  g_return_val_if_fail (LALAN_IS_PACK (self), NULL);
  return lalan_pack_manifest_get_id (self->manifest);
}

const char *
lalan_pack_get_version (LalanPack *self)
{
  g_return_val_if_fail (LALAN_IS_PACK (self), NULL);
  return lalan_pack_manifest_get_version (self->manifest);
}

/**
 * lalan_pack_get_title:
 * @language: (nullable): the language wanted
 *
 * Returns: (transfer none): the title, falling back zh_TW → en
 */
const char *
lalan_pack_get_title (LalanPack  *self,
                      const char *language)
{
  g_return_val_if_fail (LALAN_IS_PACK (self), NULL);
  return lalan_pack_manifest_get_title (self->manifest, language);
}

const char *
lalan_pack_get_description (LalanPack  *self,
                            const char *language)
{
  g_return_val_if_fail (LALAN_IS_PACK (self), NULL);
  return lalan_pack_manifest_get_description (self->manifest, language);
}

guint
lalan_pack_get_n_lessons (LalanPack *self)
{
  g_return_val_if_fail (LALAN_IS_PACK (self), 0);
  return g_strv_length ((char **) lalan_pack_manifest_get_lessons (self->manifest));
}

/**
 * lalan_pack_get_lesson_id:
 *
 * Returns: (transfer none): the id of the lesson at @index, in teaching order
 */
const char *
lalan_pack_get_lesson_id (LalanPack *self,
                          guint      index)
{
  g_return_val_if_fail (LALAN_IS_PACK (self), NULL);
  g_return_val_if_fail (index < lalan_pack_get_n_lessons (self), NULL);
  return lalan_pack_manifest_get_lessons (self->manifest)[index];
}

/**
 * lalan_pack_load_lesson:
 * @self: a pack
 * @lesson_id: one of its lessons
 * @error: a location for a #GError
 *
 * Loads a lesson once and keeps it.
 *
 * Returns: (transfer full) (nullable): the lesson
 */
LalanLesson *
lalan_pack_load_lesson (LalanPack   *self,
                        const char  *lesson_id,
                        GError     **error)
{
  LalanLesson *lesson;

  g_return_val_if_fail (LALAN_IS_PACK (self), NULL);
  g_return_val_if_fail (lesson_id != NULL, NULL);

  lesson = g_hash_table_lookup (self->lessons, lesson_id);
  if (lesson != NULL)
    return lalan_lesson_ref (lesson);

  if (!g_strv_contains (lalan_pack_manifest_get_lessons (self->manifest), lesson_id))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_NOT_FOUND,
                   _("The pack %s has no lesson “%s”."), lalan_pack_get_id (self), lesson_id);
      return NULL;
    }

  lesson = lalan_lesson_new_from_dir (self->dir, lalan_pack_get_id (self), lesson_id,
                                      lalan_pack_manifest_get_languages (self->manifest),
                                      error);
  if (lesson == NULL)
    return NULL;

  g_hash_table_insert (self->lessons, g_strdup (lesson_id), lalan_lesson_ref (lesson));

  return lesson;
}
