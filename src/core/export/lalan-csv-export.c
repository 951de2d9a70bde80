/* lalan-csv-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* O_TMPFILE is a GNU extension. */
#define _GNU_SOURCE 1

#include "config.h"

#include "lalan-export.h"

#include "lalan-xml.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Records as a zip of CSV tables, the shape ODK Central's CSV export has,
 * so analysts' scripts read both: FORM.csv with one row per record, and
 * FORM-REPEAT.csv per repeat with PARENT_KEY and KEY
 * ("uuid:…/people/person[2]"). UTF-8 with a byte order mark, so Excel shows
 * Chinese right. Tables are written to unlinked temporary files first, so
 * an export of any size takes little memory. The app (the records of this
 * device) and lalan-inventory (the records a server received) both write
 * their exports here. */

typedef struct
{
  LalanExportTable *table;
  FILE             *file;
} TableFile;

typedef struct
{
  char             *form_id;
  LalanExportTable *schema;
  GPtrArray        *tables;    /* TableFile, depth first */
} FormTables;

struct _LalanCsvExport
{
  char      *temp_dir;
  GPtrArray *forms;            /* FormTables, in the order added */
  guint      n_rows;
};

static void
table_file_free (TableFile *tf)
{
  if (tf->file != NULL)
    fclose (tf->file);
  g_free (tf);
}

static void
form_tables_free (FormTables *ft)
{
  g_clear_pointer (&ft->tables, g_ptr_array_unref);
  lalan_export_table_free (ft->schema);
  g_free (ft->form_id);
  g_free (ft);
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
      g_set_error (error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_FAILED,
                   _("The export could not be written in %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  return file;
}

static gboolean
add_tables (FormTables        *ft,
            LalanExportTable  *table,
            const char        *dir,
            GError           **error)
{
  TableFile *tf = g_new0 (TableFile, 1);

  tf->table = table;
  g_ptr_array_add (ft->tables, tf);
  if ((tf->file = open_temporary (dir, error)) == NULL)
    return FALSE;

  fputs ("\xEF\xBB\xBF", tf->file);
  if (table->parent == NULL)
    write_field (tf->file, "SubmissionDate", TRUE);
  for (guint i = 0; i < table->columns->len; i++)
    {
      g_autofree char *title = lalan_export_column_title (g_ptr_array_index (table->columns, i));

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
    if (!add_tables (ft, g_ptr_array_index (table->children, i), dir, error))
      return FALSE;

  return TRUE;
}

static FILE *
file_for (FormTables       *ft,
          LalanExportTable *table)
{
  for (guint i = 0; i < ft->tables->len; i++)
    {
      TableFile *tf = g_ptr_array_index (ft->tables, i);

      if (tf->table == table)
        return tf->file;
    }

  g_assert_not_reached ();
  return NULL;
}

static void
write_values (FILE             *file,
              LalanExportTable *table,
              xmlNode          *context,
              gboolean          first)
{
  for (guint i = 0; i < table->columns->len; i++)
    {
      xmlNode *node = lalan_xml_find (context, g_ptr_array_index (table->columns, i));
      g_autofree char *text = lalan_xml_text (node);

      write_field (file, text, first && i == 0);
    }
}

static void
write_repeats (FormTables       *ft,
               LalanExportTable *table,
               xmlNode          *context,
               const char       *key)
{
  for (guint c = 0; c < table->children->len; c++)
    {
      LalanExportTable *child = g_ptr_array_index (table->children, c);
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();
      FILE *file = file_for (ft, child);

      lalan_xml_find_all (context, child->relative_path, entries);
      for (guint e = 0; e < entries->len; e++)
        {
          g_autofree char *child_key = g_strdup_printf ("%s/%s[%u]", key, child->relative_path, e + 1);

          write_values (file, child, g_ptr_array_index (entries, e), TRUE);
          write_field (file, key, child->columns->len == 0);
          write_field (file, child_key, FALSE);
          fputs ("\r\n", file);

          write_repeats (ft, child, g_ptr_array_index (entries, e), child_key);
        }
    }
}

static FormTables *
find_form (LalanCsvExport *self,
           const char     *form_id)
{
  for (guint i = 0; i < self->forms->len; i++)
    {
      FormTables *ft = g_ptr_array_index (self->forms, i);

      if (g_str_equal (ft->form_id, form_id))
        return ft;
    }
  return NULL;
}

static gboolean
set_archive_error (struct archive  *archive,
                   GError         **error)
{
  g_set_error (error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_FAILED,
               _("The export could not be written: %s"), archive_error_string (archive));
  return FALSE;
}

static gboolean
write_table (struct archive  *archive,
             TableFile       *tf,
             gint64           now,
             GError         **error)
{
  struct archive_entry *entry = archive_entry_new ();
  g_autofree char *name = g_strconcat (tf->table->name, ".csv", NULL);
  gboolean ok = TRUE;
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

  return ok;
}

static gboolean
write_zip (LalanCsvExport  *self,
           const char      *path,
           GError         **error)
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

  for (guint f = 0; ok && f < self->forms->len; f++)
    {
      FormTables *ft = g_ptr_array_index (self->forms, f);

      for (guint i = 0; ok && i < ft->tables->len; i++)
        ok = write_table (archive, g_ptr_array_index (ft->tables, i), now, error);
    }

  if (archive_write_close (archive) != ARCHIVE_OK && ok)
    ok = set_archive_error (archive, error);
  archive_write_free (archive);

  return ok;
}

/**
 * lalan_csv_export_new:
 * @temp_dir: where the tables are written until the zip is made (the zip's
 *   own folder is a good choice: the same disk)
 *
 * Returns: (transfer full): an empty export
 */
LalanCsvExport *
lalan_csv_export_new (const char *temp_dir)
{
  LalanCsvExport *self = g_new0 (LalanCsvExport, 1);

  g_return_val_if_fail (temp_dir != NULL, NULL);

  self->temp_dir = g_strdup (temp_dir);
  self->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) form_tables_free);
  return self;
}

/**
 * lalan_csv_export_free:
 * @self: (nullable): an export; its temporary files go with it
 */
void
lalan_csv_export_free (LalanCsvExport *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->forms, g_ptr_array_unref);
  g_free (self->temp_dir);
  g_free (self);
}

/**
 * lalan_csv_export_add_form:
 * @self: an export
 * @form_id: the form
 * @versions: (element-type GBytes): the XForm of every version of it,
 *   latest first
 * @error: a location for a #GError
 *
 * Adds the tables of a form (its root and its repeats), with their
 * headings. Adding a form twice does nothing the second time.
 *
 * Returns: %TRUE when the tables are ready for records
 */
gboolean
lalan_csv_export_add_form (LalanCsvExport  *self,
                           const char      *form_id,
                           GPtrArray       *versions,
                           GError         **error)
{
  FormTables *ft;
  LalanExportTable *schema;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (form_id != NULL, FALSE);

  if (find_form (self, form_id) != NULL)
    return TRUE;
  if ((schema = lalan_export_table_build (form_id, versions, error)) == NULL)
    return FALSE;

  ft = g_new0 (FormTables, 1);
  ft->form_id = g_strdup (form_id);
  ft->schema = schema;
  ft->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_file_free);
  g_ptr_array_add (self->forms, ft);

  return add_tables (ft, schema, self->temp_dir, error);
}

/**
 * lalan_csv_export_add_record:
 * @self: an export
 * @form_id: a form added with lalan_csv_export_add_form()
 * @record: the record
 * @error: a location for a #GError
 *
 * Writes a record's row in the form's root table and one row per repeat
 * entry. A record whose XML cannot be read is left out (it was checked
 * when it was saved or received; nothing else should stop an export).
 *
 * Returns: %TRUE unless the form was not added
 */
gboolean
lalan_csv_export_add_record (LalanCsvExport           *self,
                             const char               *form_id,
                             const LalanExportRecord  *record,
                             GError                  **error)
{
  FormTables *ft;
  TableFile *root;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *attachments = NULL;
  g_autofree char *edits = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  ft = find_form (self, form_id);
  if (ft == NULL)
    {
      g_set_error (error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_NOT_FOUND,
                   _("There is no form “%s” to export."), form_id);
      return FALSE;
    }

  if (record->xml == NULL ||
      (doc = lalan_xml_parse (record->xml, record->xml_length, NULL)) == NULL)
    return TRUE;

  root = g_ptr_array_index (ft->tables, 0);
  attachments = g_strdup_printf ("%u", record->n_attachments);
  edits = g_strdup_printf ("%u", record->n_edits);

  write_field (root->file, record->submission_date, TRUE);
  write_values (root->file, root->table, xmlDocGetRootElement (doc), FALSE);
  write_field (root->file, record->instance_id, FALSE);
  write_field (root->file, attachments, FALSE);
  write_field (root->file, edits, FALSE);
  write_field (root->file, record->version, FALSE);
  fputs ("\r\n", root->file);

  write_repeats (ft, root->table, xmlDocGetRootElement (doc), record->instance_id);
  self->n_rows++;

  return TRUE;
}

/**
 * lalan_csv_export_get_n_rows:
 * @self: an export
 *
 * Returns: how many records were written (one root row each)
 */
guint
lalan_csv_export_get_n_rows (LalanCsvExport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows;
}

/**
 * lalan_csv_export_write_zip:
 * @self: an export
 * @zip_path: the zip to write; replaced atomically, never left half-written
 * @error: a location for a #GError
 *
 * Returns: %TRUE when the zip is written
 */
gboolean
lalan_csv_export_write_zip (LalanCsvExport  *self,
                            const char      *zip_path,
                            GError         **error)
{
  g_autofree char *partial = NULL;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (zip_path != NULL, FALSE);

  partial = g_strconcat (zip_path, ".part", NULL);
  ok = write_zip (self, partial, error);
  if (ok && g_rename (partial, zip_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_FAILED,
                   _("The export could not be written to %s: %s"), zip_path, g_strerror (saved_errno));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (partial);

  return ok;
}
