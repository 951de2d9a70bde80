/* lalan-store-attachments.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Files that belong to a record (photos, signatures). They live in the
 * database, in the same transactions as their record, so a record and its
 * files are never half saved, backed up apart, or lost apart. */

#include "config.h"

#include "lalan-store-records-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* A record's attachments together stay well below what SQLite and an
 * OpenRosa server accept; a bigger file is a mistake to stop early. */
#define MAX_ATTACHMENT_SIZE (64 * 1024 * 1024)

typedef struct
{
  const char *instance_id;
  const char *name;
  const char *media_type;
  GBytes     *data;
  const char *path;
} AttachmentArgs;

static gboolean
check_name (const char  *name,
            GError     **error)
{
  /* The name becomes a file name in a submission and in sync files. */
  if (*name == '\0' || strchr (name, '/') != NULL || strchr (name, '\\') != NULL ||
      g_str_equal (name, ".") || g_str_equal (name, "..") ||
      !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_INVALID,
                   _("“%s” cannot be the name of an attached file."), name);
      return FALSE;
    }

  return TRUE;
}

gboolean
lalan_store_insert_attachment (LalanStore  *self,
                               gint64       record_row,
                               const char  *name,
                               const char  *media_type,
                               GBytes      *data,
                               GError     **error)
{
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autofree char *sha256 = NULL;
  gsize size;
  gconstpointer bytes = g_bytes_get_data (data, &size);

  if (!check_name (name, error))
    return FALSE;

  if (size > MAX_ATTACHMENT_SIZE)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_INVALID,
                   _("The file “%s” is too large to attach (more than 64 MB)."), name);
      return FALSE;
    }

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);

  stmt = lalan_store_prepare (self,
                              "INSERT INTO attachments (record_id, name, media_type, size, sha256, data, added_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                              " ON CONFLICT (record_id, name) DO UPDATE SET media_type = excluded.media_type,"
                              " size = excluded.size, sha256 = excluded.sha256, data = excluded.data,"
                              " added_at = excluded.added_at",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, record_row);
  lalan_store_bind_text (stmt, 2, name);
  lalan_store_bind_text (stmt, 3, media_type != NULL ? media_type : "application/octet-stream");
  sqlite3_bind_int64 (stmt, 4, (gint64) size);
  lalan_store_bind_text (stmt, 5, sha256);
  sqlite3_bind_blob64 (stmt, 6, size > 0 ? bytes : "", size, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());

  return lalan_store_step_done (self, stmt, error);
}

/* The row of a draft, or why attachments cannot change now. */
static gboolean
find_draft_row (LalanStore  *self,
                const char  *instance_id,
                gint64      *row,
                GError     **error)
{
  g_autoptr(LalanStoreStmt) stmt = lalan_store_prepare (self, "SELECT id, state FROM records WHERE instance_id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  lalan_store_bind_text (stmt, 1, instance_id);
  rc = lalan_store_step (self, stmt, error);
  if (rc < 0)
    return FALSE;

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("There is no record %s."), instance_id);
      return FALSE;
    }

  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "draft") != 0)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE,
                   _("Files can be attached to or removed from a draft only; reopen the record first."));
      return FALSE;
    }

  *row = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gpointer
add_attachment_in_worker (LalanStore    *self,
                          gpointer       data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  AttachmentArgs *args = data;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(LalanStoreStmt) touch = NULL;
  gint64 row;

  if (args->path != NULL)
    {
      g_autoptr(GMappedFile) file = NULL;
      g_autoptr(GError) local_error = NULL;

      file = g_mapped_file_new (args->path, FALSE, &local_error);
      if (file == NULL)
        {
          g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_IO,
                       _("Lalan could not read the file %s: %s"),
                       args->path, local_error->message);
          return NULL;
        }
      contents = g_mapped_file_get_bytes (file);
    }
  else
    contents = g_bytes_ref (args->data);

  if (!lalan_store_begin (self, error))
    return NULL;

  if (!find_draft_row (self, args->instance_id, &row, error) ||
      !lalan_store_insert_attachment (self, row, args->name, args->media_type, contents, error))
    goto failed;

  touch = lalan_store_prepare (self, "UPDATE records SET updated_at = max (?2, updated_at) WHERE id = ?1", error);
  if (touch == NULL)
    goto failed;
  sqlite3_bind_int64 (touch, 1, row);
  sqlite3_bind_int64 (touch, 2, g_get_real_time ());
  if (!lalan_store_step_done (self, touch, error))
    goto failed;
  g_clear_pointer (&touch, lalan_store_stmt_release);

  if (!lalan_store_commit (self, error))
    return NULL;

  lalan_store_emit_records_changed (self, args->instance_id);
  return GINT_TO_POINTER (TRUE);

failed:
  g_clear_pointer (&touch, lalan_store_stmt_release);
  lalan_store_rollback (self);
  return NULL;
}

static gpointer
remove_attachment_in_worker (LalanStore    *self,
                             gpointer       data,
                             GCancellable  *cancellable,
                             GError       **error)
{
  AttachmentArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  gint64 row;
  gboolean removed;

  if (!lalan_store_begin (self, error))
    return NULL;

  if (!find_draft_row (self, args->instance_id, &row, error))
    goto failed;

  stmt = lalan_store_prepare (self, "DELETE FROM attachments WHERE record_id = ?1 AND name = ?2", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, row);
  lalan_store_bind_text (stmt, 2, args->name);
  if (!lalan_store_step_done (self, stmt, error))
    goto failed;
  removed = sqlite3_changes (self->db) > 0;
  g_clear_pointer (&stmt, lalan_store_stmt_release);

  if (!removed)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("The record has no attached file “%s”."), args->name);
      goto failed;
    }

  if (!lalan_store_commit (self, error))
    return NULL;

  lalan_store_emit_records_changed (self, args->instance_id);
  return GINT_TO_POINTER (TRUE);

failed:
  g_clear_pointer (&stmt, lalan_store_stmt_release);
  lalan_store_rollback (self);
  return NULL;
}

static gpointer
list_attachments_in_worker (LalanStore    *self,
                            gpointer       data,
                            GCancellable  *cancellable,
                            GError       **error)
{
  AttachmentArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_attachment_free);
  gboolean with_data = args->name != NULL;
  int rc;

  if (with_data)
    stmt = lalan_store_prepare (self,
                                "SELECT a.name, a.media_type, a.size, a.sha256, a.added_at, a.data"
                                " FROM attachments a JOIN records r ON a.record_id = r.id"
                                " WHERE r.instance_id = ?1 AND a.name = ?2",
                                error);
  else
    stmt = lalan_store_prepare (self,
                                "SELECT a.name, a.media_type, a.size, a.sha256, a.added_at"
                                " FROM attachments a JOIN records r ON a.record_id = r.id"
                                " WHERE r.instance_id = ?1 ORDER BY a.name",
                                error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, args->instance_id);
  if (with_data)
    lalan_store_bind_text (stmt, 2, args->name);

  while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      LalanAttachment *attachment = g_new0 (LalanAttachment, 1);

      attachment->instance_id = g_strdup (args->instance_id);
      attachment->name = lalan_store_column_dup (stmt, 0);
      attachment->media_type = lalan_store_column_dup (stmt, 1);
      attachment->size = sqlite3_column_int64 (stmt, 2);
      attachment->sha256 = lalan_store_column_dup (stmt, 3);
      attachment->added_at = lalan_store_column_time (stmt, 4);
      if (with_data)
        attachment->data = g_bytes_new (sqlite3_column_blob (stmt, 5), sqlite3_column_bytes (stmt, 5));
      g_ptr_array_add (attachments, attachment);
    }

  if (rc < 0)
    return NULL;

  return g_steal_pointer (&attachments);
}

/**
 * lalan_store_add_attachment:
 * @self: a store
 * @instance_id: a draft
 * @name: the file's name in the submission, without folders; an existing
 *   attachment of that name is replaced
 * @media_type: (nullable): its media type ("image/jpeg")
 * @data: its content
 * @error: a location for a #GError
 *
 * Attaches a file to a draft, durably.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_add_attachment (LalanStore  *self,
                            const char  *instance_id,
                            const char  *name,
                            const char  *media_type,
                            GBytes      *data,
                            GError     **error)
{
  AttachmentArgs args = { instance_id, name, media_type, data, NULL };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (instance_id != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  return lalan_store_call (self, add_attachment_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_add_attachment_file:
 * @self: a store
 * @instance_id: a draft
 * @name: the file's name in the submission
 * @media_type: (nullable): its media type
 * @path: the file to read (on the worker thread)
 * @error: a location for a #GError
 *
 * Like lalan_store_add_attachment(), reading the content from @path.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_add_attachment_file (LalanStore  *self,
                                 const char  *instance_id,
                                 const char  *name,
                                 const char  *media_type,
                                 const char  *path,
                                 GError     **error)
{
  AttachmentArgs args = { instance_id, name, media_type, NULL, path };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (instance_id != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return lalan_store_call (self, add_attachment_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_remove_attachment:
 * @self: a store
 * @instance_id: a draft
 * @name: the attachment's name
 * @error: a location for a #GError
 *
 * Returns: %TRUE when it was removed
 */
gboolean
lalan_store_remove_attachment (LalanStore  *self,
                               const char  *instance_id,
                               const char  *name,
                               GError     **error)
{
  AttachmentArgs args = { instance_id, name, NULL, NULL, NULL };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (instance_id != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return lalan_store_call (self, remove_attachment_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_list_attachments:
 * @self: a store
 * @instance_id: a record
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type LalanAttachment): the record's
 *   attachments by name, without their data (empty for an unknown record),
 *   or %NULL with @error set
 */
GPtrArray *
lalan_store_list_attachments (LalanStore  *self,
                              const char  *instance_id,
                              GError     **error)
{
  AttachmentArgs args = { instance_id, NULL, NULL, NULL, NULL };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (instance_id != NULL, NULL);

  return lalan_store_call (self, list_attachments_in_worker, &args,
                           (GDestroyNotify) g_ptr_array_unref, NULL, error);
}

/**
 * lalan_store_get_attachment:
 * @self: a store
 * @instance_id: a record
 * @name: an attachment's name
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the attachment with its data, or %NULL with
 *   @error set
 */
LalanAttachment *
lalan_store_get_attachment (LalanStore  *self,
                            const char  *instance_id,
                            const char  *name,
                            GError     **error)
{
  AttachmentArgs args = { instance_id, name, NULL, NULL, NULL };
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (instance_id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  found = lalan_store_call (self, list_attachments_in_worker, &args,
                            (GDestroyNotify) g_ptr_array_unref, NULL, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                   _("The record has no attached file “%s”."), name);
      return NULL;
    }

  return g_ptr_array_steal_index (found, 0);
}
