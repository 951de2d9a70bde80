/* lalan-inventory-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-export.h"

#include "lalan-inventory-error.h"
#include "lalan-inventory-form.h"
#include "lalan-inventory-xml.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A form's records as a zip of CSV tables, the shape ODK Central's CSV
 * export has, so analysts' scripts read both: FORM.csv with one row per
 * current record, and FORM-REPEAT.csv per repeat with PARENT_KEY and KEY
 * ("uuid:…/people/person[2]"). Columns come from the published form
 * versions; UTF-8 with a byte order mark, so Excel shows Chinese right.
 * Tables are written to unlinked temporary files first, so an export of
 * any size takes little memory. */

typedef struct
{
  LalanInventoryTable *table;
  FILE                *file;
} TableFile;

typedef struct
{
  GPtrArray *tables;    /* TableFile, depth first */
  GError    *error;
} Export;

static void
table_file_free (TableFile *tf)
{
  if (tf->file != NULL)
    fclose (tf->file);
  g_free (tf);
}

static void
write_field (FILE       *file,
             const char *text,
             gboolean    first)
{
  if (!first)
    fputc (',', file);
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      fputs (text, file);
      return;
    }

  fputc ('"', file);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        fputc ('"', file);
      fputc (*p, file);
    }
  fputc ('"', file);
}

static FILE *
open_temporary (const char  *dir,
                GError     **error)
{
  int fd = open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  FILE *file;

  if (fd < 0)
    {
      g_autofree char *path = g_build_filename (dir, ".export-XXXXXX", NULL);

      fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
      if (fd >= 0)
        g_unlink (path);
    }

  if (fd < 0 || (file = fdopen (fd, "w+")) == NULL)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_FAILED,
                   _("The export could not be written in %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  return file;
}

static gboolean
add_tables (Export               *export,
            LalanInventoryTable  *table,
            const char           *dir,
            GError              **error)
{
  TableFile *tf = g_new0 (TableFile, 1);

  tf->table = table;
  g_ptr_array_add (export->tables, tf);
  if ((tf->file = open_temporary (dir, error)) == NULL)
    return FALSE;

  fputs ("\xEF\xBB\xBF", tf->file);
  if (table->parent == NULL)
    write_field (tf->file, "SubmissionDate", TRUE);
  for (guint i = 0; i < table->columns->len; i++)
    {
      g_autofree char *title = lalan_inventory_table_column_title (g_ptr_array_index (table->columns, i));

      write_field (tf->file, title, table->parent != NULL && i == 0);
    }
  if (table->parent == NULL)
    {
      write_field (tf->file, "KEY", FALSE);
      write_field (tf->file, "AttachmentsPresent", FALSE);
      write_field (tf->file, "Edits", FALSE);
      write_field (tf->file, "FormVersion", FALSE);
    }
  else
    {
      write_field (tf->file, "PARENT_KEY", table->columns->len == 0);
      write_field (tf->file, "KEY", FALSE);
    }
  fputs ("\r\n", tf->file);

  for (guint i = 0; i < table->children->len; i++)
    if (!add_tables (export, g_ptr_array_index (table->children, i), dir, error))
      return FALSE;

  return TRUE;
}

static FILE *
file_for (Export              *export,
          LalanInventoryTable *table)
{
  for (guint i = 0; i < export->tables->len; i++)
    {
      TableFile *tf = g_ptr_array_index (export->tables, i);

      if (tf->table == table)
        return tf->file;
    }

  g_assert_not_reached ();
  return NULL;
}

static void
write_values (FILE                *file,
              LalanInventoryTable *table,
              xmlNode             *context,
              gboolean             first)
{
  for (guint i = 0; i < table->columns->len; i++)
    {
      xmlNode *node = lalan_inventory_xml_find (context, g_ptr_array_index (table->columns, i));
      g_autofree char *text = lalan_inventory_xml_text (node);

      write_field (file, text, first && i == 0);
    }
}

static void
write_repeats (Export              *export,
               LalanInventoryTable *table,
               xmlNode             *context,
               const char          *key)
{
  for (guint c = 0; c < table->children->len; c++)
    {
      LalanInventoryTable *child = g_ptr_array_index (table->children, c);
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();
      FILE *file = file_for (export, child);

      lalan_inventory_xml_find_all (context, child->relative_path, entries);
      for (guint e = 0; e < entries->len; e++)
        {
          g_autofree char *child_key = g_strdup_printf ("%s/%s[%u]", key, child->relative_path, e + 1);

          write_values (file, child, g_ptr_array_index (entries, e), TRUE);
          write_field (file, key, child->columns->len == 0);
          write_field (file, child_key, FALSE);
          fputs ("\r\n", file);

          write_repeats (export, child, g_ptr_array_index (entries, e), child_key);
        }
    }
}

static gboolean
write_record_cb (const LalanInventoryStoredSubmission  *stored,
                 gpointer                               user_data,
                 GError                               **error)
{
  Export *export = user_data;
  TableFile *root = g_ptr_array_index (export->tables, 0);
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *attachments = g_strdup_printf ("%u", stored->n_attachments);
  g_autofree char *edits = g_strdup_printf ("%u", stored->n_versions - 1);
  gsize size;
  const char *xml = g_bytes_get_data (stored->xml, &size);

  /* Every stored instance was parsed with the same rules when it came. */
  if ((doc = lalan_inventory_xml_parse (xml, size, NULL)) == NULL)
    return TRUE;

  write_field (root->file, stored->received_at, TRUE);
  write_values (root->file, root->table, xmlDocGetRootElement (doc), FALSE);
  write_field (root->file, stored->instance_id, FALSE);
  write_field (root->file, attachments, FALSE);
  write_field (root->file, edits, FALSE);
  write_field (root->file, stored->version, FALSE);
  fputs ("\r\n", root->file);

  write_repeats (export, root->table, xmlDocGetRootElement (doc), stored->instance_id);

  return TRUE;
}

static gboolean
set_archive_error (struct archive  *archive,
                   GError         **error)
{
  g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_FAILED,
               _("The export could not be written: %s"), archive_error_string (archive));
  return FALSE;
}

static gboolean
write_zip (Export      *export,
           const char  *path,
           GError     **error)
{
  struct archive *archive = archive_write_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean ok = TRUE;

  archive_write_set_format_zip (archive);
  archive_write_set_options (archive, "zip:compression=deflate");
  if (archive_write_open_filename (archive, path) != ARCHIVE_OK)
    {
      set_archive_error (archive, error);
      archive_write_free (archive);
      return FALSE;
    }

  for (guint i = 0; ok && i < export->tables->len; i++)
    {
      TableFile *tf = g_ptr_array_index (export->tables, i);
      struct archive_entry *entry = archive_entry_new ();
      g_autofree char *name = g_strconcat (tf->table->name, ".csv", NULL);
      char buffer[65536];
      long size;
      size_t n;

      fflush (tf->file);
      size = ftell (tf->file);
      rewind (tf->file);

      archive_entry_set_pathname_utf8 (entry, name);
      archive_entry_set_size (entry, size);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_mtime (entry, now, 0);

      if (archive_write_header (archive, entry) != ARCHIVE_OK)
        ok = set_archive_error (archive, error);
      while (ok && (n = fread (buffer, 1, sizeof buffer, tf->file)) > 0)
        if (archive_write_data (archive, buffer, n) < 0)
          ok = set_archive_error (archive, error);
      archive_entry_free (entry);
    }

  if (archive_write_close (archive) != ARCHIVE_OK && ok)
    ok = set_archive_error (archive, error);
  archive_write_free (archive);

  return ok;
}

/**
 * lalan_inventory_export_form:
 * @db: a database connection of the calling thread
 * @project_id: the project
 * @xml_form_id: the form
 * @zip_path: the zip to write; replaced atomically
 * @error: a location for a #GError
 *
 * Returns: %TRUE when the zip is written
 */
gboolean
lalan_inventory_export_form (LalanInventoryDb  *db,
                             gint64             project_id,
                             const char        *xml_form_id,
                             const char        *zip_path,
                             GError           **error)
{
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(LalanInventoryTable) schema = NULL;
  g_autofree char *dir = g_path_get_dirname (zip_path);
  g_autofree char *partial = g_strconcat (zip_path, ".part", NULL);
  Export export = { NULL, NULL };
  gboolean ok;

  versions = lalan_inventory_db_get_form_versions (db, project_id, xml_form_id, error);
  if (versions == NULL)
    return FALSE;
  if ((schema = lalan_inventory_form_build_schema (xml_form_id, versions, error)) == NULL)
    return FALSE;

  export.tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_file_free);
  ok = add_tables (&export, schema, dir, error) &&
       lalan_inventory_db_foreach_submission (db, project_id, xml_form_id, TRUE,
                                              write_record_cb, &export, error) &&
       write_zip (&export, partial, error);
  g_ptr_array_unref (export.tables);

  if (ok && g_rename (partial, zip_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_FAILED,
                   _("The export could not be written to %s: %s"), zip_path, g_strerror (saved_errno));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (partial);

  return ok;
}
