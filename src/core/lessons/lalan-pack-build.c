/* lalan-pack-build.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-pack-build.h"

#include "lalan-lesson-error.h"
#include "lalan-pack-check.h"
#include "lalan-pack-files-private.h"
#include "lalan-pack-manifest.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* Every entry gets the same time so that building the same folder twice
 * gives the same bytes (2020-01-01, within the range zip can store). */
#define BUILD_MTIME 1577836800

/* Already compressed: deflating them again costs time and saves nothing. */
static gboolean
is_compressed_already (const char *path)
{
  static const char *suffixes[] = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ogg", ".oga", ".opus", ".mp3",
    ".m4a", ".mp4", ".webm", ".zip", ".gz", ".xz", ".zst", ".woff2", ".lalanpack",
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      if (g_str_has_suffix (lower, suffixes[i]))
        return TRUE;
    }
  return FALSE;
}

static void
set_write_error (GError         **error,
                 struct archive  *archive,
                 const char      *file)
{
  g_debug ("libarchive: %s", archive_error_string (archive));
  g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
               _("The pack file %s cannot be written."), file);
}

static gboolean
add_entry (struct archive  *archive,
           const char      *name,
           const char      *path,
           const char      *data,
           guint64          size,
           const char      *to_file,
           GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  struct archive_entry *entry = archive_entry_new ();
  gboolean ok = FALSE;
  int fd = -1;

  if (is_compressed_already (name))
    archive_write_zip_set_compression_store (archive);
  else
    archive_write_zip_set_compression_deflate (archive);

  archive_entry_update_pathname_utf8 (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) size);
  archive_entry_set_mtime (entry, BUILD_MTIME, 0);

  if (archive_write_header (archive, entry) != ARCHIVE_OK)
    {
      set_write_error (error, archive, to_file);
      goto out;
    }

  if (data != NULL)
    {
      if (archive_write_data (archive, data, size) < 0)
        {
          set_write_error (error, archive, to_file);
          goto out;
        }
    }
  else
    {
      g_autofree char *buffer = g_malloc (LALAN_PACK_IO_BUFFER);
      guint64 total = 0;

      fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
      if (fd < 0)
        {
          int saved_errno = errno;

          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                       _("%s cannot be read: %s"), name, g_strerror (saved_errno));
          goto out;
        }
      for (;;)
        {
          ssize_t n = read (fd, buffer, LALAN_PACK_IO_BUFFER);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            break;
          total += (guint64) n;
          if (total > size || archive_write_data (archive, buffer, (size_t) n) < 0)
            break;
        }
      if (total != size)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
                       _("%s changed while the pack was being built."), name);
          goto out;
        }
    }

  if (archive_write_finish_entry (archive) != ARCHIVE_OK)
    {
      set_write_error (error, archive, to_file);
      goto out;
    }

  ok = TRUE;

out:
  if (fd >= 0)
    close (fd);
  archive_entry_free (entry);
  return ok;
}

static gboolean
write_archive (const char  *dir,
               const char  *to_file,
               const char  *manifest_text,
               gsize        manifest_length,
               GPtrArray   *files,
               GError     **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.part-%08x", to_file, g_random_int ());
  struct archive *archive = archive_write_new ();
  gboolean ok = FALSE;

  archive_write_set_format_zip (archive);
  if (archive_write_open_filename (archive, tmp) != ARCHIVE_OK)
    {
      set_write_error (error, archive, to_file);
      goto out;
    }

  if (!add_entry (archive, LALAN_PACK_MANIFEST_NAME, NULL, manifest_text, manifest_length, to_file, error))
    goto out;

  for (guint i = 0; i < files->len; i++)
    {
      LalanPackFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (dir, file->path, NULL);

      if (!add_entry (archive, file->path, path, NULL, file->size, to_file, error))
        goto out;
    }

  if (archive_write_close (archive) != ARCHIVE_OK)
    {
      set_write_error (error, archive, to_file);
      goto out;
    }

  if (g_rename (tmp, to_file) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
                   _("The pack file %s cannot be written: %s"), to_file, g_strerror (saved_errno));
      goto out;
    }

  ok = TRUE;

out:
  archive_write_free (archive);
  if (!ok)
    g_unlink (tmp);
  return ok;
}

/**
 * lalan_pack_build:
 * @dir: a pack folder
 * @to_file: (nullable): the `.lalanpack` to write
 * @write_manifest: whether to write the file list back into @dir's pack.json
 * @warnings: (nullable) (element-type utf8): where to add warnings
 * @error: a location for a #GError
 *
 * Checks the folder, hashes every file, writes the manifest with the file
 * list (SHA-256 and size of each file) and, with @to_file, a zip with the
 * manifest first, then checks the written file as installing would.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_pack_build (const char  *dir,
                  const char  *to_file,
                  gboolean     write_manifest,
                  GPtrArray   *warnings,
                  GError     **error)
{
  g_autoptr(LalanPackManifest) manifest = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) content = g_ptr_array_new ();
  g_autoptr(GHashTable) table = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (dir != NULL, FALSE);

  if (!lalan_pack_check_directory (dir, LALAN_PACK_CHECK_IGNORE_FILES, warnings, error))
    return FALSE;

  files = lalan_pack_walk_directory (dir, G_MAXUINT, error);
  if (files == NULL)
    return FALSE;

  table = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < files->len; i++)
    {
      LalanPackFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = NULL;
      char hex[LALAN_SHA256_HEX_LENGTH + 1];

      if (g_str_equal (file->path, LALAN_PACK_MANIFEST_NAME))
        continue;
      path = g_build_filename (dir, file->path, NULL);
      if (!lalan_pack_hash_file (path, file->path, hex, &file->size, error))
        return FALSE;
      g_free (file->sha256);
      file->sha256 = g_strdup (hex);
      g_hash_table_insert (table, file->path, file);
      g_ptr_array_add (content, file);
    }

  manifest_path = g_build_filename (dir, LALAN_PACK_MANIFEST_NAME, NULL);
  manifest = lalan_pack_manifest_new_from_file (manifest_path, LALAN_PACK_MANIFEST_NAME, error);
  if (manifest == NULL)
    return FALSE;
  text = lalan_pack_manifest_to_data (manifest, table, &length);

  if (write_manifest)
    {
      g_autoptr(GError) local_error = NULL;

      if (!g_file_set_contents (manifest_path, text, length, &local_error))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
                       _("%s cannot be written: %s"), manifest_path, local_error->message);
          return FALSE;
        }
    }

  if (to_file == NULL)
    return TRUE;

  if (!write_archive (dir, to_file, text, length, content, error))
    return FALSE;

  /* What was written is checked the way an install would check it. */
  return lalan_pack_check_path (to_file, NULL, error);
}
