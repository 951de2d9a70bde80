/* lalan-lesson-catalog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-lesson-catalog.h"

#include "lalan-lesson-error.h"
#include "lalan-lesson-json-private.h"
#include "lalan-openrosa-client.h"
#include "lalan-pack-install.h"
#include "lalan-pack-manifest.h"
#include "lalan-sync-error.h"
#include "lalan-paths.h"
#include "lalan-text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Lesson packs from the server: `…/lessons/catalog.json` lists them, with
 * the size and SHA-256 of each file (docs/inventory.md, "Lessons
 * catalogue"). The catalogue and the packs are hostile until checked:
 * the catalogue is parsed within a size limit and every entry is checked
 * on its own, so one bad entry hides only itself; a pack is written to a
 * private file while it is hashed, and kept only when its size and hash
 * are the ones announced. Installing it is then the same as installing
 * from a USB stick (lalan-pack-install.c), with every check that has. */

#define CATALOG_FORMAT 1

/**
 * lalan_catalog_entry_free:
 * @entry: (nullable): an entry
 *
 * Frees @entry.
 */
void
lalan_catalog_entry_free (LalanCatalogEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_free (entry->version);
  g_free (entry->title);
  g_strfreev (entry->languages);
  g_free (entry->url);
  g_free (entry->file);
  g_free (entry->sha256);
  g_free (entry);
}

static gboolean
is_sha256_hex (const char *text)
{
  if (strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/* A file next to the catalogue: one plain name, nothing that climbs out
 * of the folder or points to another server. */
static gboolean
is_plain_file_name (const char *name)
{
  return name[0] != '\0' && name[0] != '.' && strlen (name) <= 255 &&
         strpbrk (name, "/\\:?#%") == NULL && g_utf8_validate (name, -1, NULL) &&
         g_str_has_suffix (name, ".lalanpack");
}

/* One entry, checked; NULL when anything in it is wrong. */
static LalanCatalogEntry *
parse_entry (JsonNode   *node,
             const char *catalog_url,
             const char *language)
{
  g_autoptr(LalanCatalogEntry) entry = NULL;
  g_autoptr(GHashTable) titles = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) file_uri = NULL;
  JsonObject *object;
  const char *id, *version, *url, *sha256;
  const char *display = _("The server’s list of lessons");
  gint64 size;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  if (!lalan_json_get_string (object, "id", TRUE, display, "packs", &id, NULL) ||
      !lalan_json_get_string (object, "version", TRUE, display, "packs", &version, NULL) ||
      !lalan_json_get_string (object, "url", TRUE, display, "packs", &url, NULL) ||
      !lalan_json_get_string (object, "sha256", TRUE, display, "packs", &sha256, NULL) ||
      !lalan_json_get_int (object, "size", TRUE, display, "packs", &size, NULL))
    return NULL;

  if (!lalan_is_plain_id (id) || !lalan_pack_version_is_valid (version) ||
      !is_plain_file_name (url) || !is_sha256_hex (sha256) ||
      size <= 0 || (guint64) size > LALAN_PACK_DEFAULT_MAX_TOTAL_SIZE)
    return NULL;

  base = g_uri_parse (catalog_url, G_URI_FLAGS_ENCODED, NULL);
  if (base == NULL)
    return NULL;
  file_uri = g_uri_parse_relative (base, url, G_URI_FLAGS_ENCODED, NULL);
  if (file_uri == NULL)
    return NULL;

  entry = g_new0 (LalanCatalogEntry, 1);
  entry->id = g_strdup (id);
  entry->version = g_strdup (version);
  entry->file = g_strdup (url);
  entry->url = g_uri_to_string (file_uri);
  entry->size = (guint64) size;
  entry->sha256 = g_strdup (sha256);

  /* The title may be one text or one per language; a pack without a
   * usable title is still offered, under its id. */
  if (json_object_has_member (object, "title") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "title")))
    entry->title = g_strdup (json_object_get_string_member_with_default (object, "title", NULL));
  else if (lalan_json_get_localized (object, "title", FALSE, display, "packs", &titles, NULL) && titles != NULL)
    entry->title = g_strdup (lalan_text_lookup_localized (titles, language, NULL));
  if (entry->title == NULL || entry->title[0] == '\0' || !g_utf8_validate (entry->title, -1, NULL))
    {
      g_free (entry->title);
      entry->title = g_strdup (id);
    }

  entry->languages = lalan_json_get_strv (object, "languages", FALSE, display, "packs", NULL);

  return g_steal_pointer (&entry);
}

/**
 * lalan_lesson_catalog_parse:
 * @data: the catalogue as the server sent it
 * @length: its length
 * @catalog_url: the address it came from, to resolve each pack's address
 * @language: the language to choose titles in
 * @n_refused: (out) (optional): how many entries were left out because
 *   something in them was wrong
 * @error: a location for a #GError
 *
 * Reads a catalogue. An entry with a wrong id, version, address, size or
 * hash is left out and counted; a catalogue that is not one at all is an
 * error with a sentence.
 *
 * Returns: (transfer container) (element-type LalanCatalogEntry): the
 *   packs offered, in the catalogue's order
 */
GPtrArray *
lalan_lesson_catalog_parse (const char  *data,
                            gsize        length,
                            const char  *catalog_url,
                            const char  *language,
                            guint       *n_refused,
                            GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *packs;
  gint64 format = 0;
  guint refused = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (catalog_url != NULL, NULL);

  if (length > LALAN_LESSON_CATALOG_MAX_BYTES)
    {
      g_set_error_literal (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_TOO_BIG,
                           _("The server’s list of lessons is far larger than a real one; it was not read."));
      return NULL;
    }

  root = lalan_json_parse_data (data, length, "catalog.json", NULL);
  if (root == NULL ||
      !lalan_json_get_int (json_node_get_object (root), "format", TRUE, "catalog.json", "", &format, NULL) ||
      (object = json_node_get_object (root), packs = lalan_json_get_array (object, "packs", TRUE, "catalog.json", "", NULL)) == NULL)
    {
      g_set_error_literal (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                           _("The server answered with something that is not a list of lessons."));
      return NULL;
    }
  if (format != CATALOG_FORMAT)
    {
      g_set_error_literal (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                           _("The server’s list of lessons is in a newer format than this version of Lalan reads. Update Lalan."));
      return NULL;
    }

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_catalog_entry_free);
  for (guint i = 0; i < json_array_get_length (packs); i++)
    {
      LalanCatalogEntry *entry = parse_entry (json_array_get_element (packs, i), catalog_url, language);
      gboolean repeated = FALSE;

      /* One entry per pack: a second one with the same id is a mistake. */
      for (guint j = 0; entry != NULL && j < entries->len; j++)
        repeated |= g_str_equal (((LalanCatalogEntry *) g_ptr_array_index (entries, j))->id, entry->id);

      if (entry == NULL || repeated)
        {
          lalan_catalog_entry_free (entry);
          refused++;
          continue;
        }
      g_ptr_array_add (entries, entry);
    }

  if (n_refused != NULL)
    *n_refused = refused;

  return g_steal_pointer (&entries);
}

/* Downloads left by a power cut or a killed app between downloading and
 * unpacking: a day old is never one still in use. */
static void
remove_stale_downloads (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && now - st.st_mtime > 24 * 60 * 60)
        g_unlink (path);
    }
}

/* A private file in the data folder for a download, so that an unfinished
 * or refused download never looks like a pack anywhere. */
static int
open_download_file (const char  *name,
                    char       **path,
                    GError     **error)
{
  g_autofree char *dir = g_build_filename (lalan_paths_get_data_dir (), "downloads", NULL);
  g_autofree char *template = NULL;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
                   _("The download could not be saved: %s"), g_strerror (saved));
      return -1;
    }

  remove_stale_downloads (dir);

  template = g_build_filename (dir, name, NULL);
  fd = g_mkstemp_full (template, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
                   _("The download could not be saved: %s"), g_strerror (saved));
      return -1;
    }

  *path = g_steal_pointer (&template);
  return fd;
}

/**
 * lalan_lesson_catalog_fetch:
 * @server: the configured server
 * @n_refused: (out) (optional): how many entries were left out
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Downloads and reads the server's catalogue of lesson packs. Blocks: call
 * it from a worker thread.
 *
 * Returns: (transfer container) (element-type LalanCatalogEntry): the
 *   packs offered
 */
GPtrArray *
lalan_lesson_catalog_fetch (LalanSyncServer  *server,
                            guint            *n_refused,
                            GCancellable     *cancellable,
                            GError          **error)
{
  g_autoptr(LalanOpenRosaClient) client = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  gboolean downloaded;
  int fd;

  g_return_val_if_fail (server != NULL, NULL);

  url = lalan_sync_server_build_url (server, "lessons/catalog.json");
  fd = open_download_file ("catalog-XXXXXX.json", &path, error);
  if (fd < 0)
    return NULL;

  client = lalan_openrosa_client_new (server, NULL);
  downloaded = lalan_openrosa_client_download_to_fd (client, url, fd, LALAN_LESSON_CATALOG_MAX_BYTES,
                                                     NULL, NULL, cancellable, &local_error);
  close (fd);
  if (downloaded)
    downloaded = g_file_get_contents (path, &data, &length, &local_error);
  g_unlink (path);

  if (!downloaded)
    {
      /* A server without lessons (ODK Central, an inventory started
       * without --lessons-dir) is not a problem, just an empty shelf. */
      if (g_error_matches (local_error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_FOUND))
        g_set_error_literal (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_NOT_FOUND,
                             _("This server offers no lessons."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return lalan_lesson_catalog_parse (data, length, url, lalan_text_get_user_language (), n_refused, error);
}

static gboolean
check_free_space (const char    *dir,
                  guint64        needed,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                                            cancellable, NULL);

  /* The pack is downloaded, then unpacked: room for both. */
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) &&
      g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) < needed * 2)
    {
      g_autofree char *size = g_format_size (needed * 2);

      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
                   _("The disk is too full for this pack: it needs %s free. Remove files you no longer need and try again."),
                   size);
      return FALSE;
    }

  return TRUE;
}

/**
 * lalan_lesson_catalog_download:
 * @server: the configured server
 * @entry: a pack of its catalogue
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Downloads the pack @entry names into a private file of the data folder
 * and checks its size and SHA-256 against the catalogue. The caller
 * installs it (lalan_pack_install_prepare()) and removes the file. Blocks:
 * call it from a worker thread.
 *
 * Returns: (transfer full): the path of the checked download
 */
char *
lalan_lesson_catalog_download (LalanSyncServer          *server,
                               const LalanCatalogEntry  *entry,
                               GCancellable             *cancellable,
                               GError                  **error)
{
  g_autoptr(LalanOpenRosaClient) client = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sha256 = NULL;
  guint64 n_bytes = 0;
  gboolean downloaded;
  int fd;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  if (!lalan_paths_ensure_data_dir (error) ||
      !check_free_space (lalan_paths_get_data_dir (), entry->size, cancellable, error))
    return NULL;

  name = g_strdup_printf ("%s-XXXXXX.lalanpack", entry->id);
  fd = open_download_file (name, &path, error);
  if (fd < 0)
    return NULL;

  client = lalan_openrosa_client_new (server, NULL);
  downloaded = lalan_openrosa_client_download_to_fd (client, entry->url, fd, entry->size,
                                                     &sha256, &n_bytes, cancellable, error);
  /* What is installed from it must be on the disk, not in a cache. */
  if (downloaded && fsync (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
                   _("The download could not be saved: %s"), g_strerror (saved));
      downloaded = FALSE;
    }
  close (fd);

  if (downloaded && (n_bytes != entry->size || !g_str_equal (sha256, entry->sha256)))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_HASH,
                   _("The pack “%s” arrived different from what the server announced (damaged on the way, or changed). Nothing was installed; try again."),
                   entry->title);
      downloaded = FALSE;
    }

  if (!downloaded)
    {
      g_unlink (path);
      return NULL;
    }

  return g_steal_pointer (&path);
}
