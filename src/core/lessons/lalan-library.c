/* lalan-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-library.h"

#include "lalan-pack-install.h"
#include "lalan-pack-manifest.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The packs a learner can open: the bundled curriculum, read where Lalan
 * is installed (or from the source tree through LALAN_LESSONS_DIR), and
 * the packs installed into the data folder. When both have a pack with the
 * same id, the newer version wins and takes the bundled one's place, so an
 * updated curriculum pack appears where the old one was. Listing reads
 * only the manifests; lessons are read when opened. */

struct _LalanLibrary
{
  GObject     parent_instance;

  char       *bundled_dir;
  char       *installed_dir;
  GPtrArray  *packs;         /* LalanPack */
  GPtrArray  *problems;      /* sentences about packs that could not be read */
};

static void lalan_library_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LalanLibrary, lalan_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, lalan_library_list_model_init))

static GType
lalan_library_get_item_type (GListModel *model)
{
  return LALAN_TYPE_PACK;
}

static guint
lalan_library_get_n_items (GListModel *model)
{
  return LALAN_LIBRARY (model)->packs->len;
}

static gpointer
lalan_library_get_item (GListModel *model,
                        guint       position)
{
  LalanLibrary *self = LALAN_LIBRARY (model);

  if (position >= self->packs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->packs, position));
}

static void
lalan_library_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = lalan_library_get_item_type;
  iface->get_n_items = lalan_library_get_n_items;
  iface->get_item = lalan_library_get_item;
}

static void
lalan_library_finalize (GObject *object)
{
  LalanLibrary *self = (LalanLibrary *) object;

  g_clear_pointer (&self->bundled_dir, g_free);
  g_clear_pointer (&self->installed_dir, g_free);
  g_clear_pointer (&self->packs, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (lalan_library_parent_class)->finalize (object);
}

static void
lalan_library_class_init (LalanLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lalan_library_finalize;
}

static void
lalan_library_init (LalanLibrary *self)
{
  self->packs = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
}

/**
 * lalan_library_get_bundled_dir:
 *
 * Returns: (transfer full): where the bundled packs are: `LALAN_LESSONS_DIR`
 *   when set (the build tree, tests), else `PKGDATADIR/lessons`
 */
char *
lalan_library_get_bundled_dir (void)
{
  const char *env = g_getenv ("LALAN_LESSONS_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (PKGDATADIR, "lessons", NULL);
}

static int
compare_names_cb (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static GPtrArray *
list_pack_dirs (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *manifest = NULL;

      /* Staging folders and leftovers of an interrupted install start with '.'. */
      if (name[0] == '.')
        continue;
      manifest = g_build_filename (dir, name, LALAN_PACK_MANIFEST_NAME, NULL);
      if (g_file_test (manifest, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }

  g_ptr_array_sort (names, compare_names_cb);
  return names;
}

static void
load_dir (LalanLibrary    *self,
          GPtrArray       *packs,
          GHashTable      *by_id,
          const char      *dir,
          LalanPackOrigin  origin)
{
  g_autoptr(GPtrArray) names = NULL;

  if (dir == NULL)
    return;

  names = list_pack_dirs (dir);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(LalanPack) pack = lalan_pack_new_for_directory (path, origin, &error);
      LalanPack *existing;

      if (pack == NULL)
        {
          g_ptr_array_add (self->problems, g_strdup (error->message));
          continue;
        }

      existing = g_hash_table_lookup (by_id, lalan_pack_get_id (pack));
      if (existing == NULL)
        {
          g_hash_table_insert (by_id, (gpointer) lalan_pack_get_id (pack), pack);
          g_ptr_array_add (packs, g_steal_pointer (&pack));
        }
      else if (lalan_pack_version_compare (lalan_pack_get_version (pack),
                                           lalan_pack_get_version (existing)) > 0)
        {
          guint index;

          g_ptr_array_find (packs, existing, &index);
          g_hash_table_insert (by_id, (gpointer) lalan_pack_get_id (pack), pack);
          g_ptr_array_index (packs, index) = g_steal_pointer (&pack);
          g_object_unref (existing);
        }
    }
}

/**
 * lalan_library_reload:
 *
 * Reads the manifests again, after an install for instance. Packs that
 * cannot be read are left out and described by
 * lalan_library_get_problems().
 */
void
lalan_library_reload (LalanLibrary *self)
{
  g_autoptr(GPtrArray) packs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  guint old_n;

  g_return_if_fail (LALAN_IS_LIBRARY (self));

  g_ptr_array_set_size (self->problems, 0);
  load_dir (self, packs, by_id, self->bundled_dir, LALAN_PACK_BUNDLED);
  load_dir (self, packs, by_id, self->installed_dir, LALAN_PACK_INSTALLED);

  old_n = self->packs->len;
  g_ptr_array_unref (self->packs);
  self->packs = g_steal_pointer (&packs);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->packs->len);
}

/**
 * lalan_library_new_for_dirs:
 * @bundled_dir: (nullable): the folder of bundled packs
 * @installed_dir: (nullable): the folder of installed packs
 *
 * Returns: (transfer full): a loaded library
 */
LalanLibrary *
lalan_library_new_for_dirs (const char *bundled_dir,
                            const char *installed_dir)
{
  LalanLibrary *self = g_object_new (LALAN_TYPE_LIBRARY, NULL);

  self->bundled_dir = g_strdup (bundled_dir);
  self->installed_dir = g_strdup (installed_dir);
  lalan_library_reload (self);

  return self;
}

/**
 * lalan_library_new:
 *
 * Returns: (transfer full): the library of lalan_library_get_bundled_dir()
 *   and lalan_pack_get_installed_dir()
 */
LalanLibrary *
lalan_library_new (void)
{
  g_autofree char *bundled = lalan_library_get_bundled_dir ();
  g_autofree char *installed = lalan_pack_get_installed_dir ();

  return lalan_library_new_for_dirs (bundled, installed);
}

/**
 * lalan_library_lookup:
 *
 * Returns: (transfer none) (nullable): the pack with @pack_id
 */
LalanPack *
lalan_library_lookup (LalanLibrary *self,
                      const char   *pack_id)
{
  g_return_val_if_fail (LALAN_IS_LIBRARY (self), NULL);

  for (guint i = 0; i < self->packs->len; i++)
    {
      LalanPack *pack = g_ptr_array_index (self->packs, i);

      if (g_str_equal (lalan_pack_get_id (pack), pack_id))
        return pack;
    }
  return NULL;
}

/**
 * lalan_library_get_problems:
 *
 * Returns: (transfer none) (element-type utf8): one sentence per pack that
 *   could not be read at the last reload
 */
GPtrArray *
lalan_library_get_problems (LalanLibrary *self)
{
  return self->problems;
}

/**
 * lalan_library_get_n_lessons:
 *
 * Returns: the number of lessons in all packs
 */
guint
lalan_library_get_n_lessons (LalanLibrary *self)
{
  guint n = 0;

  for (guint i = 0; i < self->packs->len; i++)
    n += lalan_pack_get_n_lessons (g_ptr_array_index (self->packs, i));
  return n;
}
