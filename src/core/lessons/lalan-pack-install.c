/* lalan-pack-install.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* renameat2() and syncfs() */
#define _GNU_SOURCE 1

#include "config.h"

#include "lalan-pack-install.h"

#include "lalan-lesson-error.h"
#include "lalan-lesson-json-private.h"
#include "lalan-pack-check.h"
#include "lalan-pack-files-private.h"
#include "lalan-paths.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Installing never touches the installed pack until everything is known to
 * be good: the pack is unpacked into a staging folder next to the installed
 * packs (same file system, so the final rename is atomic), every byte is
 * hashed as it is written and every limit is checked before a block is
 * written, the result is checked like `pack check`, and only then does
 * commit() swap it into place. A refused pack leaves nothing behind. */

struct _LalanPackInstall
{
  GObject             parent_instance;

  char               *packs_dir;
  char               *staging;
  char               *installed_dir;
  LalanPackManifest  *manifest;
  LalanPackManifest  *old_manifest;
  GPtrArray          *added;
  GPtrArray          *removed;
  GPtrArray          *changed;
  GPtrArray          *unchanged;
  GPtrArray          *warnings;
  guint64             size;
};

G_DEFINE_FINAL_TYPE (LalanPackInstall, lalan_pack_install, G_TYPE_OBJECT)

#define STAGING_PREFIX ".staging-"
#define STALE_STAGING_AGE (G_TIME_SPAN_DAY)
#define CANCEL_CHECK_BYTES (8 * 1024 * 1024)
#define RATIO_SLACK (1024 * 1024)

typedef struct
{
  const LalanPackLimits *limits;
  GCancellable          *cancellable;
  guint64                source_size;    /* for the ratio; 0 for a folder */
  guint64                total_written;
  guint64                next_cancel_check;
  const char            *source_name;
  guint8                *buffer;
} Extract;

typedef struct
{
  int                fd;
  struct sha256_ctx  sha256;
  guint64            written;
  guint64            declared;
  const char        *name;
} Sink;

void
lalan_pack_limits_init (LalanPackLimits *limits)
{
  limits->max_total_size = LALAN_PACK_DEFAULT_MAX_TOTAL_SIZE;
  limits->max_ratio = LALAN_PACK_DEFAULT_MAX_RATIO;
  limits->max_files = LALAN_PACK_DEFAULT_MAX_FILES;
}

/**
 * lalan_pack_get_installed_dir:
 *
 * Returns: (transfer full): the folder packs are installed into,
 *   `packs/` in the data folder
 */
char *
lalan_pack_get_installed_dir (void)
{
  return g_build_filename (lalan_paths_get_data_dir (), "packs", NULL);
}

static void
set_disk_error (GError     **error,
                int          saved_errno,
                const char  *name)
{
  g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
               _("%s cannot be written to the data folder: %s"), name, g_strerror (saved_errno));
}

static gboolean
ensure_parent_dirs (const char  *staging,
                    const char  *relative,
                    GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (relative);
  g_autofree char *path = NULL;

  if (g_str_equal (parent, "."))
    return TRUE;

  path = g_build_filename (staging, parent, NULL);
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      set_disk_error (error, errno, relative);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sink_open (Sink        *sink,
           const char  *staging,
           const char  *relative,
           guint64      declared,
           GError     **error)
{
  g_autofree char *path = g_build_filename (staging, relative, NULL);

  memset (sink, 0, sizeof *sink);
  sink->fd = -1;
  sink->name = relative;
  sink->declared = declared;
  sha256_init (&sink->sha256);

  if (!ensure_parent_dirs (staging, relative, error))
    return FALSE;

  /* O_EXCL: a second entry with the same name is refused, not merged. */
  sink->fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (sink->fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == EEXIST)
        g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                     _("The pack holds %s twice."), relative);
      else
        set_disk_error (error, saved_errno, relative);
      return FALSE;
    }

  return TRUE;
}

static gboolean
sink_write (Sink          *sink,
            Extract       *ex,
            const guint8  *data,
            gsize          length,
            GError       **error)
{
  if (sink->written + length > sink->declared)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_TOO_BIG,
                   _("%s is bigger than the manifest declares (%llu bytes)."),
                   sink->name, (unsigned long long) sink->declared);
      return FALSE;
    }
  if (ex->total_written + length > ex->limits->max_total_size)
    {
      g_autofree char *limit = g_format_size (ex->limits->max_total_size);

      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_TOO_BIG,
                   _("The pack unpacks to more than %s, the most Lalan accepts."), limit);
      return FALSE;
    }
  if (ex->source_size > 0 &&
      ex->total_written + length > MAX (ex->limits->max_ratio * ex->source_size, RATIO_SLACK))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BOMB,
                   _("%s unpacks to more than %llu times its own size, which no real lesson does; it may be a “zip bomb” meant to fill the disk."),
                   ex->source_name, (unsigned long long) ex->limits->max_ratio);
      return FALSE;
    }

  sha256_update (&sink->sha256, length, data);

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_disk_error (error, errno, sink->name);
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
      sink->written += (guint64) n;
      ex->total_written += (guint64) n;
    }

  if (ex->total_written >= ex->next_cancel_check)
    {
      ex->next_cancel_check = ex->total_written + CANCEL_CHECK_BYTES;
      if (g_cancellable_set_error_if_cancelled (ex->cancellable, error))
        return FALSE;
    }

  return TRUE;
}

/* Returns the hex digest in @hex, and checks it when @expected is given. */
static gboolean
sink_close (Sink        *sink,
            const char  *expected,
            char        *hex,
            GError     **error)
{
  guint8 digest[SHA256_DIGEST_SIZE];

  if (sink->fd >= 0 && close (sink->fd) != 0)
    {
      sink->fd = -1;
      set_disk_error (error, errno, sink->name);
      return FALSE;
    }
  sink->fd = -1;

  sha256_digest (&sink->sha256, SHA256_DIGEST_SIZE, digest);
  lalan_sha256_digest_to_hex (digest, hex);

  if (expected != NULL && sink->written != sink->declared)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_HASH,
                   _("%s has %llu bytes, but the manifest says %llu; the pack is damaged."),
                   sink->name, (unsigned long long) sink->written, (unsigned long long) sink->declared);
      return FALSE;
    }
  if (expected != NULL && strcmp (hex, expected) != 0)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_HASH,
                   _("%s is not the file the manifest lists: its SHA-256 differs. The pack was changed or damaged."),
                   sink->name);
      return FALSE;
    }

  return TRUE;
}

static void
sink_abort (Sink *sink)
{
  if (sink->fd >= 0)
    close (sink->fd);
  sink->fd = -1;
}

static gboolean
check_declared_totals (LalanPackManifest      *manifest,
                       const LalanPackLimits  *limits,
                       GError                **error)
{
  GHashTable *files = lalan_pack_manifest_get_files (manifest);

  if (lalan_pack_manifest_get_total_size (manifest) > limits->max_total_size)
    {
      g_autofree char *declared = g_format_size (lalan_pack_manifest_get_total_size (manifest));
      g_autofree char *limit = g_format_size (limits->max_total_size);

      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_TOO_BIG,
                   _("The pack declares %s of files, more than the %s Lalan accepts."),
                   declared, limit);
      return FALSE;
    }
  if (files != NULL && g_hash_table_size (files) > limits->max_files)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_TOO_BIG,
                   _("The pack holds more than %u files."), limits->max_files);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_all_present (LalanPackManifest  *manifest,
                   GHashTable         *seen,
                   GError            **error)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, lalan_pack_manifest_get_files (manifest));
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (seen, key))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                       _("%s is listed in the manifest but missing from the pack."), (const char *) key);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_small_file (const char   *staging,
                  const char   *relative,
                  const char   *data,
                  gsize         length,
                  GError      **error)
{
  g_autofree char *path = g_build_filename (staging, relative, NULL);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_NONE, 0644, &local_error))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_FAILED,
                   _("%s cannot be written to the data folder: %s"), relative, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
set_damaged (GError         **error,
             struct archive  *archive,
             const char      *source_name)
{
  /* libarchive's own words are for developers; the person gets a sentence. */
  g_debug ("libarchive: %s", archive_error_string (archive));
  g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
               _("%s is damaged or is not a lesson pack (.lalanpack)."), source_name);
}

static gboolean
check_entry_type (struct archive_entry  *entry,
                  const char            *name,
                  GError               **error)
{
  mode_t type = archive_entry_filetype (entry);

  if (archive_entry_hardlink (entry) != NULL)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_LINK,
                   _("%s is a hard link to another file; a pack may hold only plain files."), name);
      return FALSE;
    }
  if (archive_entry_symlink (entry) != NULL || type == AE_IFLNK)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_LINK,
                   _("%s is a link; a pack may hold only plain files."), name);
      return FALSE;
    }
  if (type != AE_IFREG && type != AE_IFDIR)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_LINK,
                   _("%s is a device or another special file; a pack may hold only plain files."), name);
      return FALSE;
    }
  return TRUE;
}

static const char *
entry_name (struct archive_entry *entry)
{
  const char *name = archive_entry_pathname_utf8 (entry);

  return name != NULL ? name : archive_entry_pathname (entry);
}

static GBytes *
read_manifest_entry (struct archive  *archive,
                     const char      *source_name,
                     GError         **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  char buffer[16384];

  for (;;)
    {
      la_ssize_t n = archive_read_data (archive, buffer, sizeof buffer);

      if (n < 0)
        {
          set_damaged (error, archive, source_name);
          return NULL;
        }
      if (n == 0)
        break;
      if (data->len + (gsize) n > LALAN_PACK_MAX_JSON_SIZE)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_TOO_BIG,
                       _("%s is too large for a lesson file."), LALAN_PACK_MANIFEST_NAME);
          return NULL;
        }
      g_byte_array_append (data, (const guint8 *) buffer, (guint) n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static gboolean
extract_entry (struct archive       *archive,
               Extract              *ex,
               const char           *staging,
               const char           *name,
               const LalanPackFile  *declared,
               GError              **error)
{
  Sink sink;
  char hex[LALAN_SHA256_HEX_LENGTH + 1];

  if (!sink_open (&sink, staging, name, declared->size, error))
    return FALSE;

  for (;;)
    {
      const void *block;
      size_t size;
      la_int64_t offset;
      int r = archive_read_data_block (archive, &block, &size, &offset);

      if (r == ARCHIVE_EOF)
        break;
      if (r < ARCHIVE_WARN)
        {
          sink_abort (&sink);
          set_damaged (error, archive, ex->source_name);
          return FALSE;
        }
      if ((guint64) offset != sink.written)
        {
          sink_abort (&sink);
          set_damaged (error, archive, ex->source_name);
          return FALSE;
        }
      if (!sink_write (&sink, ex, block, size, error))
        {
          sink_abort (&sink);
          return FALSE;
        }
    }

  return sink_close (&sink, declared->sha256, hex, error);
}

static LalanPackManifest *
extract_archive (const char   *source,
                 const char   *staging,
                 Extract      *ex,
                 GError      **error)
{
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  g_autoptr(LalanPackManifest) manifest = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GBytes) manifest_data = NULL;
  const char *name;
  gboolean ok = FALSE;
  int r;

  archive_read_support_format_zip (archive);
  if (archive_read_open_filename (archive, source, LALAN_PACK_IO_BUFFER) != ARCHIVE_OK)
    {
      set_damaged (error, archive, ex->source_name);
      goto out;
    }

  /* pack.json comes first, as `pack build` writes it, so every later entry
   * is checked against the declared size and hash while it streams. */
  r = archive_read_next_header (archive, &entry);
  if (r < ARCHIVE_WARN)
    {
      set_damaged (error, archive, ex->source_name);
      goto out;
    }
  name = entry_name (entry);
  if (r == ARCHIVE_EOF || name == NULL || !g_str_equal (name, LALAN_PACK_MANIFEST_NAME) ||
      archive_entry_filetype (entry) != AE_IFREG || archive_entry_hardlink (entry) != NULL)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s does not begin with its manifest pack.json; build packs with “lalan-cli pack build”."),
                   ex->source_name);
      goto out;
    }

  manifest_data = read_manifest_entry (archive, ex->source_name, error);
  if (manifest_data == NULL)
    goto out;
  manifest = lalan_pack_manifest_new_from_data (g_bytes_get_data (manifest_data, NULL),
                                                g_bytes_get_size (manifest_data),
                                                LALAN_PACK_MANIFEST_NAME, error);
  if (manifest == NULL)
    goto out;
  if (!lalan_pack_manifest_has_files (manifest))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("The manifest of %s does not list its files with their SHA-256; build packs with “lalan-cli pack build”."),
                   ex->source_name);
      goto out;
    }
  if (!check_declared_totals (manifest, ex->limits, error) ||
      !write_small_file (staging, LALAN_PACK_MANIFEST_NAME, g_bytes_get_data (manifest_data, NULL),
                         g_bytes_get_size (manifest_data), error))
    goto out;

  for (;;)
    {
      const LalanPackFile *declared;
      g_autofree char *relative = NULL;

      r = archive_read_next_header (archive, &entry);
      if (r == ARCHIVE_EOF)
        break;
      if (r < ARCHIVE_WARN)
        {
          set_damaged (error, archive, ex->source_name);
          goto out;
        }

      name = entry_name (entry);
      if (name == NULL)
        {
          set_damaged (error, archive, ex->source_name);
          goto out;
        }
      if (!check_entry_type (entry, name, error) ||
          !lalan_pack_path_check (name, ex->source_name, error))
        goto out;

      relative = g_strdup (name);
      if (g_str_has_suffix (relative, "/"))
        relative[strlen (relative) - 1] = '\0';

      if (lalan_pack_path_is_ignored (relative))
        continue;

      if (archive_entry_filetype (entry) == AE_IFDIR)
        {
          g_autofree char *path = g_build_filename (staging, relative, NULL);

          if (g_mkdir_with_parents (path, 0755) != 0)
            {
              set_disk_error (error, errno, relative);
              goto out;
            }
          continue;
        }

      declared = lalan_pack_manifest_get_file (manifest, relative);
      if (declared == NULL)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s holds the file %s, which its manifest does not list."),
                       ex->source_name, relative);
          goto out;
        }
      if (!g_hash_table_add (seen, g_strdup (relative)))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("The pack holds %s twice."), relative);
          goto out;
        }
      if (archive_entry_size_is_set (entry) && (guint64) archive_entry_size (entry) > declared->size)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_TOO_BIG,
                       _("%s is bigger than the manifest declares (%llu bytes)."),
                       relative, (unsigned long long) declared->size);
          goto out;
        }

      if (!extract_entry (archive, ex, staging, relative, declared, error))
        goto out;
    }

  if (!check_all_present (manifest, seen, error))
    goto out;

  ok = TRUE;

out:
  archive_read_free (archive);
  return ok ? g_steal_pointer (&manifest) : NULL;
}

static gboolean
copy_file (Extract     *ex,
           const char  *source,
           const char  *staging,
           const char  *relative,
           guint64      declared_size,
           const char  *expected,
           char        *hex,
           GError     **error)
{
  g_autofree char *path = g_build_filename (source, relative, NULL);
  Sink sink;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                   _("%s cannot be read: %s"), relative, g_strerror (saved_errno));
      return FALSE;
    }

  if (!sink_open (&sink, staging, relative, declared_size, error))
    {
      close (fd);
      return FALSE;
    }

  for (;;)
    {
      ssize_t n = read (fd, ex->buffer, LALAN_PACK_IO_BUFFER);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                       _("%s cannot be read: %s"), relative, g_strerror (saved_errno));
          goto fail;
        }
      if (n == 0)
        break;
      if (!sink_write (&sink, ex, ex->buffer, (gsize) n, error))
        goto fail;
    }

  close (fd);
  return sink_close (&sink, expected, hex, error);

fail:
  close (fd);
  sink_abort (&sink);
  return FALSE;
}

static LalanPackManifest *
copy_directory (const char   *source,
                const char   *staging,
                Extract      *ex,
                GError      **error)
{
  g_autoptr(LalanPackManifest) manifest = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) computed = NULL;
  g_autofree char *manifest_path = g_build_filename (source, LALAN_PACK_MANIFEST_NAME, NULL);
  g_autofree char *manifest_text = NULL;
  gsize manifest_length = 0;
  gboolean has_files;
  guint64 total = 0;

  files = lalan_pack_walk_directory (source, ex->limits->max_files, error);
  if (files == NULL)
    return NULL;

  manifest = lalan_pack_manifest_new_from_file (manifest_path, LALAN_PACK_MANIFEST_NAME, error);
  if (manifest == NULL || !check_declared_totals (manifest, ex->limits, error))
    return NULL;

  has_files = lalan_pack_manifest_has_files (manifest);
  if (!has_files)
    computed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) lalan_pack_file_free);

  for (guint i = 0; i < files->len; i++)
    {
      LalanPackFile *file = g_ptr_array_index (files, i);
      const LalanPackFile *declared = NULL;
      char hex[LALAN_SHA256_HEX_LENGTH + 1];

      if (g_str_equal (file->path, LALAN_PACK_MANIFEST_NAME))
        continue;

      total += file->size;
      if (has_files)
        {
          declared = lalan_pack_manifest_get_file (manifest, file->path);
          if (declared == NULL)
            {
              g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                           _("%s holds the file %s, which its manifest does not list."),
                           ex->source_name, file->path);
              return NULL;
            }
          if (file->size > declared->size)
            {
              g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_TOO_BIG,
                           _("%s is bigger than the manifest declares (%llu bytes)."),
                           file->path, (unsigned long long) declared->size);
              return NULL;
            }
          g_hash_table_add (seen, declared->path);
        }
      else if (total > ex->limits->max_total_size)
        {
          g_autofree char *limit = g_format_size (ex->limits->max_total_size);

          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_TOO_BIG,
                       _("The pack unpacks to more than %s, the most Lalan accepts."), limit);
          return NULL;
        }

      if (!copy_file (ex, source, staging, file->path,
                      declared ? declared->size : file->size,
                      declared ? declared->sha256 : NULL, hex, error))
        return NULL;

      if (!has_files)
        {
          LalanPackFile *entry = lalan_pack_file_new (file->path, hex, file->size);

          g_hash_table_replace (computed, entry->path, entry);
        }
    }

  if (has_files)
    {
      if (!check_all_present (manifest, seen, error))
        return NULL;
      if (!g_file_get_contents (manifest_path, &manifest_text, &manifest_length, NULL))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                       _("%s cannot be read."), LALAN_PACK_MANIFEST_NAME);
          return NULL;
        }
    }
  else
    {
      manifest_text = lalan_pack_manifest_to_data (manifest, computed, &manifest_length);
      g_clear_pointer (&manifest, lalan_pack_manifest_unref);
      manifest = lalan_pack_manifest_new_from_data (manifest_text, manifest_length,
                                                    LALAN_PACK_MANIFEST_NAME, error);
      if (manifest == NULL)
        return NULL;
    }

  if (!write_small_file (staging, LALAN_PACK_MANIFEST_NAME, manifest_text, manifest_length, error))
    return NULL;

  return g_steal_pointer (&manifest);
}

static void
remove_stale_staging (const char *packs_dir)
{
  g_autoptr(GDir) dir = g_dir_open (packs_dir, 0, NULL);
  gint64 now = g_get_real_time ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, STAGING_PREFIX) && !g_str_has_prefix (name, ".old-"))
        continue;
      path = g_build_filename (packs_dir, name, NULL);
      /* Another process may be installing right now: only old leftovers of
       * an interrupted install are removed. */
      if (g_lstat (path, &st) == 0 && now - (gint64) st.st_mtime * G_USEC_PER_SEC > STALE_STAGING_AGE)
        lalan_pack_remove_tree (path);
    }
}

/* Files of one lesson: path → sha256, from a manifest's file list. */
static GHashTable *
lesson_files (LalanPackManifest *manifest,
              const char        *lesson_id)
{
  GHashTable *result = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *prefix = g_strconcat (lesson_id, "/", NULL);
  GHashTable *files = lalan_pack_manifest_get_files (manifest);
  GHashTableIter iter;
  gpointer key, value;

  if (files == NULL)
    return result;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_str_has_prefix (key, prefix))
        g_hash_table_insert (result, key, ((LalanPackFile *) value)->sha256);
    }
  return result;
}

static gboolean
same_files (GHashTable *a,
            GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (b, key);

      if (other == NULL || strcmp (other, value) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
compute_changes (LalanPackInstall *self)
{
  const char * const *new_lessons = lalan_pack_manifest_get_lessons (self->manifest);
  const char * const *old_lessons;

  if (self->old_manifest == NULL)
    {
      for (guint i = 0; new_lessons[i] != NULL; i++)
        g_ptr_array_insert (self->added, self->added->len - 1, g_strdup (new_lessons[i]));
      return;
    }

  old_lessons = lalan_pack_manifest_get_lessons (self->old_manifest);
  for (guint i = 0; new_lessons[i] != NULL; i++)
    {
      g_autoptr(GHashTable) new_files = NULL;
      g_autoptr(GHashTable) old_files = NULL;

      if (!g_strv_contains (old_lessons, new_lessons[i]))
        {
          g_ptr_array_insert (self->added, self->added->len - 1, g_strdup (new_lessons[i]));
          continue;
        }

      new_files = lesson_files (self->manifest, new_lessons[i]);
      old_files = lesson_files (self->old_manifest, new_lessons[i]);
      if (same_files (new_files, old_files))
        g_ptr_array_insert (self->unchanged, self->unchanged->len - 1, g_strdup (new_lessons[i]));
      else
        g_ptr_array_insert (self->changed, self->changed->len - 1, g_strdup (new_lessons[i]));
    }

  for (guint i = 0; old_lessons[i] != NULL; i++)
    {
      if (!g_strv_contains (new_lessons, old_lessons[i]))
        g_ptr_array_insert (self->removed, self->removed->len - 1, g_strdup (old_lessons[i]));
    }
}

static gboolean
compare_with_installed (LalanPackInstall       *self,
                        LalanPackInstallFlags   flags,
                        GError                **error)
{
  g_autofree char *installed = g_build_filename (self->packs_dir, lalan_pack_manifest_get_id (self->manifest), NULL);
  g_autofree char *manifest_path = g_build_filename (installed, LALAN_PACK_MANIFEST_NAME, NULL);
  int order;

  if (g_file_test (manifest_path, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GError) local_error = NULL;

      self->old_manifest = lalan_pack_manifest_new_from_file (manifest_path, manifest_path, &local_error);
      /* A damaged installed copy is simply replaced. */
      if (self->old_manifest == NULL)
        g_debug ("Installed pack unreadable, replacing it: %s", local_error->message);
    }

  if (self->old_manifest != NULL)
    {
      order = lalan_pack_version_compare (lalan_pack_manifest_get_version (self->manifest),
                                          lalan_pack_manifest_get_version (self->old_manifest));
      if (order < 0 || (order == 0 && !(flags & LALAN_PACK_INSTALL_REINSTALL)))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_OLDER,
                       order < 0 ?
                       _("The pack %s %s is older than the version %s already installed.") :
                       _("The pack %s %s is already installed (version %s)."),
                       lalan_pack_manifest_get_id (self->manifest),
                       lalan_pack_manifest_get_version (self->manifest),
                       lalan_pack_manifest_get_version (self->old_manifest));
          return FALSE;
        }
    }

  compute_changes (self);
  return TRUE;
}

/**
 * lalan_pack_install_prepare:
 * @source: a pack folder or a `.lalanpack` file
 * @packs_dir: (nullable): where packs are installed; %NULL for
 *   lalan_pack_get_installed_dir()
 * @limits: (nullable): the limits, %NULL for the defaults
 * @flags: whether the same version may be installed again
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Unpacks and checks the pack in a staging folder and works out what an
 * update would change. Nothing installed is touched: call
 * lalan_pack_install_commit() to install, or drop the object to forget it.
 * Blocks; see lalan_pack_install_prepare_async().
 *
 * Returns: (transfer full) (nullable): the prepared install
 */
LalanPackInstall *
lalan_pack_install_prepare (const char             *source,
                            const char             *packs_dir,
                            const LalanPackLimits  *limits,
                            LalanPackInstallFlags   flags,
                            GCancellable           *cancellable,
                            GError                **error)
{
  g_autoptr(LalanPackInstall) self = NULL;
  g_autofree char *template = NULL;
  g_autofree char *source_name = NULL;
  LalanPackLimits default_limits;
  Extract ex = { 0 };
  GStatBuf st;

  g_return_val_if_fail (source != NULL, NULL);

  if (limits == NULL)
    {
      lalan_pack_limits_init (&default_limits);
      limits = &default_limits;
    }

  self = g_object_new (LALAN_TYPE_PACK_INSTALL, NULL);
  self->packs_dir = packs_dir ? g_strdup (packs_dir) : lalan_pack_get_installed_dir ();
  source_name = g_path_get_basename (source);

  if (g_stat (source, &st) != 0)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_NOT_FOUND,
                   _("%s does not exist."), source);
      return NULL;
    }

  if (g_mkdir_with_parents (self->packs_dir, 0700) != 0)
    {
      set_disk_error (error, errno, self->packs_dir);
      return NULL;
    }
  remove_stale_staging (self->packs_dir);

  template = g_build_filename (self->packs_dir, STAGING_PREFIX "XXXXXX", NULL);
  if (g_mkdtemp_full (template, 0755) == NULL)
    {
      set_disk_error (error, errno, self->packs_dir);
      return NULL;
    }
  self->staging = g_steal_pointer (&template);

  ex.limits = limits;
  ex.cancellable = cancellable;
  ex.source_name = source_name;
  ex.next_cancel_check = CANCEL_CHECK_BYTES;
  ex.buffer = g_malloc (LALAN_PACK_IO_BUFFER);

  if (S_ISDIR (st.st_mode))
    self->manifest = copy_directory (source, self->staging, &ex, error);
  else
    {
      ex.source_size = (guint64) st.st_size;
      self->manifest = extract_archive (source, self->staging, &ex, error);
    }
  g_free (ex.buffer);

  if (self->manifest == NULL)
    return NULL;
  self->size = ex.total_written;

  /* The same checks as `pack check`, on what was actually written. */
  if (!lalan_pack_check_directory (self->staging, LALAN_PACK_CHECK_DEFAULT, self->warnings, error))
    return NULL;

  if (!compare_with_installed (self, flags, error))
    return NULL;

  return g_steal_pointer (&self);
}

typedef struct
{
  char                  *source;
  char                  *packs_dir;
  LalanPackInstallFlags  flags;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_free (data->source);
  g_free (data->packs_dir);
  g_free (data);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  GError *error = NULL;
  LalanPackInstall *install;

  install = lalan_pack_install_prepare (data->source, data->packs_dir, NULL, data->flags,
                                        cancellable, &error);
  if (install == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, install, g_object_unref);
}

/**
 * lalan_pack_install_prepare_async:
 *
 * lalan_pack_install_prepare() on a worker thread, with default limits.
 */
void
lalan_pack_install_prepare_async (const char             *source,
                                  const char             *packs_dir,
                                  LalanPackInstallFlags   flags,
                                  GCancellable           *cancellable,
                                  GAsyncReadyCallback     callback,
                                  gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  PrepareData *data;

  g_return_if_fail (source != NULL);

  data = g_new0 (PrepareData, 1);
  data->source = g_strdup (source);
  data->packs_dir = packs_dir ? g_strdup (packs_dir) : lalan_pack_get_installed_dir ();
  data->flags = flags;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lalan_pack_install_prepare_async);
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);
  g_task_run_in_thread (task, prepare_thread);
}

/**
 * lalan_pack_install_prepare_finish:
 *
 * Returns: (transfer full) (nullable): the prepared install
 */
LalanPackInstall *
lalan_pack_install_prepare_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
sync_tree (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int result;

  if (fd < 0)
    {
      set_disk_error (error, errno, path);
      return FALSE;
    }
  /* One syncfs() writes every unpacked file before the rename makes them
   * visible, so a power cut never leaves an installed pack of empty files. */
  result = syncfs (fd);
  close (fd);
  if (result != 0)
    {
      set_disk_error (error, errno, path);
      return FALSE;
    }
  return TRUE;
}

/**
 * lalan_pack_install_commit:
 * @self: a prepared install
 * @error: a location for a #GError
 *
 * Puts the prepared pack in place, atomically: the old version is replaced
 * in one rename exchange, never left half-replaced. Progress is kept in
 * the events, which name lessons by id, so lessons that still exist keep
 * their progress.
 *
 * Returns: %TRUE when the pack is installed
 */
gboolean
lalan_pack_install_commit (LalanPackInstall  *self,
                           GError           **error)
{
  g_autofree char *dest = NULL;

  g_return_val_if_fail (LALAN_IS_PACK_INSTALL (self), FALSE);
  g_return_val_if_fail (self->staging != NULL, FALSE);

  if (!sync_tree (self->staging, error))
    return FALSE;

  dest = g_build_filename (self->packs_dir, lalan_pack_manifest_get_id (self->manifest), NULL);

  if (renameat2 (AT_FDCWD, self->staging, AT_FDCWD, dest, RENAME_NOREPLACE) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EEXIST || saved_errno == ENOTEMPTY)
        {
          if (renameat2 (AT_FDCWD, self->staging, AT_FDCWD, dest, RENAME_EXCHANGE) != 0)
            {
              set_disk_error (error, errno, dest);
              return FALSE;
            }
          /* The staging path now holds the old version. */
          lalan_pack_remove_tree (self->staging);
        }
      else if (saved_errno == EINVAL || saved_errno == ENOSYS)
        {
          /* A file system without renameat2 flags: plain rename when free. */
          if (g_file_test (dest, G_FILE_TEST_EXISTS))
            {
              g_autofree char *aside = g_strdup_printf ("%s/.old-%s-%08x", self->packs_dir,
                                                        lalan_pack_manifest_get_id (self->manifest),
                                                        g_random_int ());

              if (g_rename (dest, aside) != 0)
                {
                  set_disk_error (error, errno, dest);
                  return FALSE;
                }
              if (g_rename (self->staging, dest) != 0)
                {
                  saved_errno = errno;
                  g_rename (aside, dest);
                  set_disk_error (error, saved_errno, dest);
                  return FALSE;
                }
              lalan_pack_remove_tree (aside);
            }
          else if (g_rename (self->staging, dest) != 0)
            {
              set_disk_error (error, errno, dest);
              return FALSE;
            }
        }
      else
        {
          set_disk_error (error, saved_errno, dest);
          return FALSE;
        }
    }

  g_clear_pointer (&self->staging, g_free);
  self->installed_dir = g_steal_pointer (&dest);

  return TRUE;
}

/**
 * lalan_pack_install_discard:
 *
 * Removes the staging folder; also done when the object is finalized.
 */
void
lalan_pack_install_discard (LalanPackInstall *self)
{
  g_return_if_fail (LALAN_IS_PACK_INSTALL (self));

  if (self->staging != NULL)
    lalan_pack_remove_tree (self->staging);
  g_clear_pointer (&self->staging, g_free);
}

static void
lalan_pack_install_finalize (GObject *object)
{
  LalanPackInstall *self = (LalanPackInstall *) object;

  lalan_pack_install_discard (self);
  g_clear_pointer (&self->packs_dir, g_free);
  g_clear_pointer (&self->installed_dir, g_free);
  g_clear_pointer (&self->manifest, lalan_pack_manifest_unref);
  g_clear_pointer (&self->old_manifest, lalan_pack_manifest_unref);
  g_clear_pointer (&self->added, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_ptr_array_unref);
  g_clear_pointer (&self->changed, g_ptr_array_unref);
  g_clear_pointer (&self->unchanged, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (lalan_pack_install_parent_class)->finalize (object);
}

static void
lalan_pack_install_class_init (LalanPackInstallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lalan_pack_install_finalize;
}

static GPtrArray *
new_strv_array (void)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, NULL);
  return array;
}

static void
lalan_pack_install_init (LalanPackInstall *self)
{
  /* Kept NULL-terminated so they read as string vectors. */
  self->added = new_strv_array ();
  self->removed = new_strv_array ();
  self->changed = new_strv_array ();
  self->unchanged = new_strv_array ();
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

/**
 * lalan_pack_install_get_manifest:
 *
 * Returns: (transfer none): the manifest of the pack being installed
 */
LalanPackManifest *
lalan_pack_install_get_manifest (LalanPackInstall *self)
{
  return self->manifest;
}

const char *
lalan_pack_install_get_id (LalanPackInstall *self)
{
  return lalan_pack_manifest_get_id (self->manifest);
}

const char *
lalan_pack_install_get_version (LalanPackInstall *self)
{
  return lalan_pack_manifest_get_version (self->manifest);
}

/**
 * lalan_pack_install_get_old_version:
 *
 * Returns: (nullable): the version installed now, %NULL for a new pack
 */
const char *
lalan_pack_install_get_old_version (LalanPackInstall *self)
{
  return self->old_manifest ? lalan_pack_manifest_get_version (self->old_manifest) : NULL;
}

gboolean
lalan_pack_install_is_update (LalanPackInstall *self)
{
  return self->old_manifest != NULL;
}

/**
 * lalan_pack_install_get_added:
 *
 * Returns: (transfer none): ids of lessons the installed version lacks
 *   (every lesson, for a new pack)
 */
const char * const *
lalan_pack_install_get_added (LalanPackInstall *self)
{
  return (const char * const *) self->added->pdata;
}

/**
 * lalan_pack_install_get_removed:
 *
 * Returns: (transfer none): ids of lessons the update drops
 */
const char * const *
lalan_pack_install_get_removed (LalanPackInstall *self)
{
  return (const char * const *) self->removed->pdata;
}

/**
 * lalan_pack_install_get_changed:
 *
 * Returns: (transfer none): ids of lessons whose files differ
 */
const char * const *
lalan_pack_install_get_changed (LalanPackInstall *self)
{
  return (const char * const *) self->changed->pdata;
}

const char * const *
lalan_pack_install_get_unchanged (LalanPackInstall *self)
{
  return (const char * const *) self->unchanged->pdata;
}

/**
 * lalan_pack_install_get_warnings:
 *
 * Returns: (transfer none) (element-type utf8): sentences about things
 *   that work but could be better (missing translations)
 */
GPtrArray *
lalan_pack_install_get_warnings (LalanPackInstall *self)
{
  return self->warnings;
}

/**
 * lalan_pack_install_get_size:
 *
 * Returns: the bytes unpacked
 */
guint64
lalan_pack_install_get_size (LalanPackInstall *self)
{
  return self->size;
}

/**
 * lalan_pack_install_get_staging_dir:
 *
 * Where the prepared pack is unpacked and checked, so its lessons can be
 * read (their titles shown) before deciding to install. Removed by
 * commit() and discard().
 *
 * Returns: (nullable): the staging folder, or %NULL after commit or discard
 */
const char *
lalan_pack_install_get_staging_dir (LalanPackInstall *self)
{
  g_return_val_if_fail (LALAN_IS_PACK_INSTALL (self), NULL);
  return self->staging;
}

/**
 * lalan_pack_install_get_installed_dir:
 *
 * Returns: (nullable): where the pack now is, after a commit
 */
const char *
lalan_pack_install_get_installed_dir (LalanPackInstall *self)
{
  return self->installed_dir;
}

/**
 * lalan_pack_install_save_to_store:
 * @self: a committed install
 * @store: the store
 * @error: a location for a #GError
 *
 * Records the installed pack (id, version, title, folder, manifest) in the
 * store, after lalan_pack_install_commit().
 *
 * Returns: %TRUE when recorded
 */
gboolean
lalan_pack_install_save_to_store (LalanPackInstall  *self,
                                  LalanStore        *store,
                                  GError           **error)
{
  g_autoptr(LalanLessonPack) pack = lalan_lesson_pack_new ();
  g_autofree char *manifest_path = NULL;

  g_return_val_if_fail (LALAN_IS_PACK_INSTALL (self), FALSE);
  g_return_val_if_fail (self->installed_dir != NULL, FALSE);

  manifest_path = g_build_filename (self->installed_dir, LALAN_PACK_MANIFEST_NAME, NULL);
  pack->id = g_strdup (lalan_pack_manifest_get_id (self->manifest));
  pack->version = g_strdup (lalan_pack_manifest_get_version (self->manifest));
  pack->title = g_strdup (lalan_pack_manifest_get_title (self->manifest, NULL));
  pack->path = g_strdup (self->installed_dir);
  pack->installed_at = g_get_real_time ();
  if (!g_file_get_contents (manifest_path, &pack->manifest_json, NULL, NULL))
    pack->manifest_json = g_strdup ("{}");

  return lalan_store_save_lesson_pack (store, pack, error);
}
