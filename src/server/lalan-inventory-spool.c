/* lalan-inventory-spool.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-spool.h"

#include "lalan-inventory-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* A request body kept in memory while it is small, and in an unlinked
 * temporary file once it is not, so fifty phones sending photos at once
 * cost disk, not memory. The file is mapped for parsing: its pages belong
 * to the page cache and can be dropped under pressure. */
struct _LalanInventorySpool
{
  char       *tmp_dir;
  gsize       memory_limit;
  GByteArray *memory;
  int         fd;
  gsize       size;
};

LalanInventorySpool *
lalan_inventory_spool_new (const char *tmp_dir,
                           gsize       memory_limit)
{
  LalanInventorySpool *spool = g_new0 (LalanInventorySpool, 1);

  spool->tmp_dir = g_strdup (tmp_dir);
  spool->memory_limit = memory_limit;
  spool->memory = g_byte_array_new ();
  spool->fd = -1;

  return spool;
}

void
lalan_inventory_spool_free (LalanInventorySpool *spool)
{
  if (spool == NULL)
    return;

  if (spool->fd >= 0)
    close (spool->fd);
  g_clear_pointer (&spool->memory, g_byte_array_unref);
  g_free (spool->tmp_dir);
  g_free (spool);
}

static gboolean
set_io_error (GError     **error,
              int          saved_errno)
{
  g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_FAILED,
               _("The server could not keep the upload on its disk: %s"),
               g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int          fd,
           const void  *data,
           gsize        length,
           GError     **error)
{
  const guint8 *p = data;

  while (length > 0)
    {
      gssize n = write (fd, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return set_io_error (error, errno);
      p += n;
      length -= n;
    }

  return TRUE;
}

static gboolean
move_to_file (LalanInventorySpool  *spool,
              GError              **error)
{
  spool->fd = open (spool->tmp_dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (spool->fd < 0)
    {
      /* Filesystems without O_TMPFILE: a named file, unlinked at once. */
      g_autofree char *path = g_build_filename (spool->tmp_dir, "upload-XXXXXX", NULL);

      spool->fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
      if (spool->fd < 0)
        return set_io_error (error, errno);
      g_unlink (path);
    }

  if (!write_all (spool->fd, spool->memory->data, spool->memory->len, error))
    return FALSE;

  g_byte_array_set_size (spool->memory, 0);
  return TRUE;
}

gboolean
lalan_inventory_spool_append (LalanInventorySpool  *spool,
                              const void           *data,
                              gsize                 length,
                              GError              **error)
{
  spool->size += length;

  if (spool->fd < 0 && spool->memory->len + length <= spool->memory_limit)
    {
      g_byte_array_append (spool->memory, data, length);
      return TRUE;
    }

  if (spool->fd < 0 && !move_to_file (spool, error))
    return FALSE;

  return write_all (spool->fd, data, length, error);
}

gsize
lalan_inventory_spool_get_size (LalanInventorySpool *spool)
{
  return spool->size;
}

/**
 * lalan_inventory_spool_finish:
 * @spool: a spool
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the whole body, in memory or mapped
 *   from the file; the spool is empty afterwards
 */
GBytes *
lalan_inventory_spool_finish (LalanInventorySpool  *spool,
                              GError              **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;

  if (spool->fd < 0)
    {
      GBytes *bytes = g_byte_array_free_to_bytes (g_steal_pointer (&spool->memory));

      spool->memory = g_byte_array_new ();
      return bytes;
    }

  mapped = g_mapped_file_new_from_fd (spool->fd, FALSE, &local_error);
  close (spool->fd);
  spool->fd = -1;

  if (mapped == NULL)
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_FAILED,
                   _("The server could not read back the upload: %s"), local_error->message);
      return NULL;
    }

  return g_mapped_file_get_bytes (mapped);
}
