/* lalan-inventory-lessons.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-lessons.h"
#include "lalan-inventory-server-private.h"

#include "lalan-inventory-error.h"
#include "lalan-inventory-multipart.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Lesson packs served from the folder given with --lessons-dir, for the
 * app's "get lessons from the server". The catalogue is the folder's own
 * catalog.json when there is one (written by whoever curates the packs);
 * otherwise it is made from the .lalanpack files in the folder, with the
 * id, version and titles of each pack's pack.json and the size and
 * SHA-256 of the file, so the app can verify what it downloads. Pack
 * details are cached by name, size and modification time. */

#define MAX_MANIFEST_SIZE (1024 * 1024)

typedef struct
{
  gint64      size;
  gint64      mtime;
  JsonNode   *entry;
} CachedPack;

struct _LalanInventoryLessons
{
  char       *dir;
  GMutex      mutex;
  GHashTable *cache;   /* file name → CachedPack */
};

static void
cached_pack_free (CachedPack *cached)
{
  g_clear_pointer (&cached->entry, json_node_unref);
  g_free (cached);
}

LalanInventoryLessons *
lalan_inventory_lessons_new (const char *dir)
{
  LalanInventoryLessons *lessons = g_new0 (LalanInventoryLessons, 1);

  lessons->dir = g_strdup (dir);
  g_mutex_init (&lessons->mutex);
  lessons->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) cached_pack_free);

  return lessons;
}

void
lalan_inventory_lessons_free (LalanInventoryLessons *lessons)
{
  if (lessons == NULL)
    return;

  g_clear_pointer (&lessons->cache, g_hash_table_unref);
  g_mutex_clear (&lessons->mutex);
  g_free (lessons->dir);
  g_free (lessons);
}

static gboolean
set_not_found (GError     **error,
               const char  *name)
{
  g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_NOT_FOUND,
               _("There is no lesson file “%s” on this server."), name);
  return FALSE;
}

/* Opens a plain file of the lessons folder: one name, no links. */
static GMappedFile *
open_lesson_file (LalanInventoryLessons  *lessons,
                  const char             *name,
                  struct stat            *st,
                  GError                **error)
{
  g_autofree char *path = NULL;
  GMappedFile *mapped;
  int fd;

  if (lessons->dir == NULL || !lalan_inventory_attachment_name_ok (name))
    {
      set_not_found (error, name);
      return NULL;
    }

  path = g_build_filename (lessons->dir, name, NULL);
  fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, st) != 0 || !S_ISREG (st->st_mode))
    {
      if (fd >= 0)
        close (fd);
      set_not_found (error, name);
      return NULL;
    }

  mapped = g_mapped_file_new_from_fd (fd, FALSE, NULL);
  close (fd);
  if (mapped == NULL)
    set_not_found (error, name);

  return mapped;
}

/**
 * lalan_inventory_lessons_get_file:
 * @lessons: the lessons folder
 * @name: a file name in it
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the file's bytes, mapped
 */
GBytes *
lalan_inventory_lessons_get_file (LalanInventoryLessons  *lessons,
                                  const char             *name,
                                  GError                **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  struct stat st;

  if ((mapped = open_lesson_file (lessons, name, &st, error)) == NULL)
    return NULL;

  return g_mapped_file_get_bytes (mapped);
}

static JsonNode *
read_manifest (const char *path)
{
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  JsonNode *manifest = NULL;

  archive_read_support_format_zip (archive);
  if (archive_read_open_filename (archive, path, 65536) != ARCHIVE_OK)
    {
      archive_read_free (archive);
      return NULL;
    }

  while (manifest == NULL && archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    {
      const char *entry_path = archive_entry_pathname (entry);
      const char *slash = entry_path != NULL ? strchr (entry_path, '/') : NULL;
      g_autoptr(JsonParser) parser = NULL;
      g_autofree char *buffer = NULL;
      la_ssize_t n;

      /* pack.json at the top, or in the pack's one folder. */
      if (entry_path == NULL ||
          !(g_str_equal (entry_path, "pack.json") ||
            (slash != NULL && g_str_equal (slash, "/pack.json"))))
        continue;
      if (archive_entry_size (entry) > MAX_MANIFEST_SIZE)
        break;

      buffer = g_malloc (MAX_MANIFEST_SIZE + 1);
      n = archive_read_data (archive, buffer, MAX_MANIFEST_SIZE + 1);
      if (n <= 0 || n > MAX_MANIFEST_SIZE)
        break;

      parser = json_parser_new_immutable ();
      if (json_parser_load_from_data (parser, buffer, n, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        manifest = json_node_copy (json_parser_get_root (parser));
    }

  archive_read_free (archive);
  return manifest;
}

static JsonNode *
describe_pack (LalanInventoryLessons *lessons,
               const char            *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) manifest = NULL;
  g_autofree char *path = g_build_filename (lessons->dir, name, NULL);
  g_autofree char *sha256 = NULL;
  CachedPack *cached;
  struct stat st;

  if ((mapped = open_lesson_file (lessons, name, &st, &error)) == NULL)
    return NULL;

  cached = g_hash_table_lookup (lessons->cache, name);
  if (cached != NULL && cached->size == st.st_size && cached->mtime == st.st_mtime)
    return json_node_ref (cached->entry);

  bytes = g_mapped_file_get_bytes (mapped);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  manifest = read_manifest (path);

  json_builder_begin_object (builder);
  if (manifest != NULL)
    {
      JsonObject *object = json_node_get_object (manifest);
      static const char * const copied[] = { "id", "version", "title", "languages", "licence", "license" };

      for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
        if (json_object_has_member (object, copied[i]))
          {
            json_builder_set_member_name (builder, copied[i]);
            json_builder_add_value (builder, json_node_copy (json_object_get_member (object, copied[i])));
          }
    }
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, st.st_size);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_end_object (builder);

  cached = g_new0 (CachedPack, 1);
  cached->size = st.st_size;
  cached->mtime = st.st_mtime;
  cached->entry = json_builder_get_root (builder);
  g_hash_table_replace (lessons->cache, g_strdup (name), cached);

  return json_node_ref (cached->entry);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * lalan_inventory_lessons_get_catalog:
 * @lessons: the lessons folder
 * @error: a location for a #GError
 *
 * May read and hash new packs: call it from a worker thread.
 *
 * Returns: (transfer full) (nullable): catalog.json
 */
GBytes *
lalan_inventory_lessons_get_catalog (LalanInventoryLessons  *lessons,
                                     GError                **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GBytes) own = NULL;
  g_autoptr(GError) own_error = NULL;
  const char *name;
  char *json;

  if (lessons->dir == NULL)
    {
      g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_NOT_FOUND,
                           _("This server offers no lessons (it was started without --lessons-dir)."));
      return NULL;
    }

  if ((own = lalan_inventory_lessons_get_file (lessons, "catalog.json", &own_error)) != NULL)
    return g_steal_pointer (&own);

  dir = g_dir_open (lessons->dir, 0, error);
  if (dir == NULL)
    return NULL;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".lalanpack") && lalan_inventory_attachment_name_ok (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "packs");
  json_builder_begin_array (builder);

  g_mutex_lock (&lessons->mutex);
  for (guint i = 0; i < names->len; i++)
    {
      JsonNode *entry = describe_pack (lessons, g_ptr_array_index (names, i));

      if (entry != NULL)
        json_builder_add_value (builder, entry);
    }
  g_mutex_unlock (&lessons->mutex);

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  return g_bytes_new_take (json, strlen (json));
}

/* The handler ------------------------------------------------------------- */

typedef struct
{
  LalanInventoryLessons  *lessons;   /* borrowed: lives as long as the server */
  SoupServerMessage      *msg;
  LalanInventoryLanguage  language;
} CatalogTask;

static void
catalog_task_free (CatalogTask *data)
{
  g_clear_object (&data->msg);
  g_free (data);
}

static void
build_catalog_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  CatalogTask *data = task_data;
  LalanInventoryLessons *lessons = data->lessons;
  GError *error = NULL;
  GBytes *catalog;
  locale_t previous = lalan_inventory_i18n_push (data->language);

  catalog = lalan_inventory_lessons_get_catalog (lessons, &error);
  lalan_inventory_i18n_pop (previous);

  if (catalog != NULL)
    g_task_return_pointer (task, catalog, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

static void
catalog_built_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CatalogTask *data = g_task_get_task_data (G_TASK (result));
  LalanInventoryRequest *req = lalan_inventory_request_get (data->msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) catalog = g_task_propagate_pointer (G_TASK (result), &error);

  if (catalog == NULL)
    lalan_inventory_respond_error (req, data->msg, SOUP_STATUS_NOT_FOUND, error->message);
  else
    {
      soup_server_message_set_status (data->msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (data->msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (catalog, NULL), g_bytes_get_size (catalog));
    }
  soup_server_message_unpause (data->msg);
}

void
lalan_inventory_handle_lessons (LalanInventoryRequest *req,
                                SoupServerMessage     *msg)
{
  LalanInventoryLessons *lessons = req->server->lessons;

  if (g_str_equal (req->name, "catalog.json"))
    {
      /* Reading new packs takes time: not on the thread that serves. */
      g_autoptr(GTask) task = NULL;
      CatalogTask *data = g_new0 (CatalogTask, 1);

      data->lessons = lessons;
      data->msg = g_object_ref (msg);
      data->language = req->language;
      task = g_task_new (NULL, NULL, catalog_built_cb, NULL);
      g_task_set_task_data (task, data, (GDestroyNotify) catalog_task_free);
      soup_server_message_pause (msg);
      g_task_run_in_thread (task, build_catalog_thread);
      return;
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = lalan_inventory_lessons_get_file (lessons, req->name, &error);
      const char *type = g_str_has_suffix (req->name, ".json") ? "application/json" :
                         g_str_has_suffix (req->name, ".lalanpack") ? "application/zip" :
                         "application/octet-stream";

      if (bytes == NULL)
        {
          lalan_inventory_respond_error (req, msg, SOUP_STATUS_NOT_FOUND, error->message);
          return;
        }

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg), type, NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
    }
}
