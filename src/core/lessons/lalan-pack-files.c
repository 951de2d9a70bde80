/* lalan-pack-files.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-pack-files-private.h"

#include "lalan-lesson-error.h"
#include "lalan-lesson-json-private.h"
#include "lalan-pack-manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <nettle/sha2.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Files a computer adds by itself when a pack is copied: macOS's ._ files
 * and .DS_Store on a USB stick, __MACOSX in a zip, .git in a teacher's
 * working folder. They are not part of the pack and are skipped. */
gboolean
lalan_pack_path_is_ignored (const char *relative)
{
  g_auto(GStrv) parts = g_strsplit (relative, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if ((parts[i][0] == '.' && !g_str_equal (parts[i], "..") && !g_str_equal (parts[i], ".")) ||
          g_str_equal (parts[i], "__MACOSX"))
        return TRUE;
    }
  return FALSE;
}

void
lalan_sha256_digest_to_hex (const guint8 *digest,
                            char         *hex)
{
  static const char digits[] = "0123456789abcdef";

  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[2 * SHA256_DIGEST_SIZE] = '\0';
}

static gboolean
walk (const char  *root,
      const char  *relative,
      guint        depth,
      guint        max_files,
      GPtrArray   *files,
      GError     **error)
{
  g_autofree char *path = relative[0] ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  if (depth > LALAN_PACK_MAX_DEPTH)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_UNSAFE_PATH,
                   _("The folder %s is nested too deeply for a lesson pack."), relative);
      return FALSE;
    }

  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                   _("The folder %s cannot be read: %s"), path, local_error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_rel = relative[0] ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);
      g_autofree char *child = g_build_filename (root, child_rel, NULL);
      GStatBuf st;

      if (lalan_pack_path_is_ignored (child_rel))
        continue;

      if (g_lstat (child, &st) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                       _("%s cannot be read: %s"), child_rel, g_strerror (saved_errno));
          return FALSE;
        }

      if (!lalan_pack_path_check (child_rel, child_rel, error))
        return FALSE;

      if (S_ISDIR (st.st_mode))
        {
          if (!walk (root, child_rel, depth + 1, max_files, files, error))
            return FALSE;
        }
      else if (S_ISREG (st.st_mode) && st.st_nlink == 1)
        {
          if (files->len >= max_files)
            {
              g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_TOO_BIG,
                           _("The pack holds more than %u files."), max_files);
              return FALSE;
            }
          g_ptr_array_add (files, lalan_pack_file_new (child_rel, NULL, (guint64) st.st_size));
        }
      else if (S_ISREG (st.st_mode))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_LINK,
                       _("%s is a hard link to another file; a pack may hold only plain files."),
                       child_rel);
          return FALSE;
        }
      else
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_LINK,
                       S_ISLNK (st.st_mode) ?
                       _("%s is a link; a pack may hold only plain files.") :
                       _("%s is a device or another special file; a pack may hold only plain files."),
                       child_rel);
          return FALSE;
        }
    }

  return TRUE;
}

static int
compare_files_cb (gconstpointer a,
                  gconstpointer b)
{
  const LalanPackFile *fa = *(const LalanPackFile **) a;
  const LalanPackFile *fb = *(const LalanPackFile **) b;

  return strcmp (fa->path, fb->path);
}

/**
 * lalan_pack_walk_directory:
 * @root: a pack folder
 * @max_files: the most files accepted
 *
 * Lists the plain files under @root (sizes set, hashes not), refusing
 * links, hard links, devices and unsafe names. Links are never followed.
 *
 * Returns: (transfer full) (element-type LalanPackFile): the files in path
 *   order, or %NULL with @error set
 */
GPtrArray *
lalan_pack_walk_directory (const char  *root,
                           guint        max_files,
                           GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_pack_file_free);

  if (!walk (root, "", 0, max_files, files, error))
    return NULL;

  g_ptr_array_sort (files, compare_files_cb);
  return g_steal_pointer (&files);
}

/**
 * lalan_pack_hash_file:
 * @hex: (out caller-allocates): 65 bytes for the hex digest
 * @size: (out) (optional): the size read
 */
gboolean
lalan_pack_hash_file (const char  *path,
                      const char  *display,
                      char        *hex,
                      guint64     *size,
                      GError     **error)
{
  g_autofree guint8 *buffer = g_malloc (LALAN_PACK_IO_BUFFER);
  struct sha256_ctx ctx;
  guint8 digest[SHA256_DIGEST_SIZE];
  guint64 total = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                   _("%s cannot be read: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }

  sha256_init (&ctx);
  for (;;)
    {
      ssize_t n = read (fd, buffer, LALAN_PACK_IO_BUFFER);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                       _("%s cannot be read: %s"), display, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      sha256_update (&ctx, (size_t) n, buffer);
      total += (guint64) n;
    }
  close (fd);

  sha256_digest (&ctx, SHA256_DIGEST_SIZE, digest);
  lalan_sha256_digest_to_hex (digest, hex);
  if (size != NULL)
    *size = total;

  return TRUE;
}

/**
 * lalan_pack_remove_tree:
 *
 * Removes a folder and everything in it, never following a link.
 */
void
lalan_pack_remove_tree (const char *path)
{
  GStatBuf st;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_lstat (path, &st) != 0)
    return;

  if (!S_ISDIR (st.st_mode))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      lalan_pack_remove_tree (child);
    }

  g_rmdir (path);
}
