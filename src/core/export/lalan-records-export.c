/* lalan-records-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-records-export.h"

#include <glib/gi18n-lib.h>

/* The records of this device as the same CSV zip the inventory server
 * exports, so a centre without a network can still hand its results to an
 * analyst on a USB stick. Synchronous: run it on the store's worker
 * (lalan_store_run_async()) or from the CLI. */

#define PAGE_SIZE 200

typedef struct
{
  LalanStore     *store;
  LalanCsvExport *export;
  GPtrArray      *forms;        /* LalanFormInfo, every version */
  guint           n_exported;
} Exporter;

static gboolean
add_form (Exporter    *exporter,
          const char  *form_id,
          GError     **error)
{
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  /* Every version this device has, latest first, so records started with
   * an older one find their columns too. */
  for (guint i = 0; i < exporter->forms->len; i++)
    {
      LalanFormInfo *info = g_ptr_array_index (exporter->forms, i);
      char *xml;

      if (!g_str_equal (info->form_id, form_id))
        continue;
      xml = lalan_store_get_form_xml (exporter->store, form_id, info->version, error);
      if (xml == NULL)
        return FALSE;
      g_ptr_array_add (versions, g_bytes_new_take (xml, strlen (xml)));
    }

  return lalan_csv_export_add_form (exporter->export, form_id, versions, error);
}

static char *
format_date (gint64 time)
{
  g_autoptr(GDateTime) date_time = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autofree char *seconds = NULL;

  if (date_time == NULL)
    return NULL;
  seconds = g_date_time_format (date_time, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, (int) ((time / 1000) % 1000));
}

static gboolean
export_record (Exporter     *exporter,
               const char   *instance_id,
               GError      **error)
{
  g_autoptr(LalanRecord) record = lalan_store_get_record (exporter->store, instance_id, error);
  g_autofree char *date = NULL;
  LalanExportRecord row = { 0 };
  gint64 when;

  if (record == NULL || !add_form (exporter, lalan_record_get_form_id (record), error))
    return FALSE;

  when = lalan_record_get_finalized_at (record);
  if (when == 0)
    when = lalan_record_get_updated_at (record);
  date = format_date (when);

  row.submission_date = date;
  row.instance_id = lalan_record_get_instance_id (record);
  row.n_attachments = lalan_record_get_n_attachments (record);
  row.n_edits = lalan_record_get_deprecated_id (record) != NULL ? 1 : 0;
  row.version = lalan_record_get_form_version (record);
  row.xml = lalan_record_get_instance_xml (record);
  row.xml_length = row.xml != NULL ? strlen (row.xml) : 0;

  if (!lalan_csv_export_add_record (exporter->export, lalan_record_get_form_id (record), &row, error))
    return FALSE;
  exporter->n_exported++;
  return TRUE;
}

/**
 * lalan_records_export:
 * @store: the store
 * @form_id: (nullable): only records of this form (its tables are written
 *   even when it has none)
 * @states: only records in these states (#LalanRecordState bits, 0 for all)
 * @instance_ids: (nullable) (array zero-terminated=1): only these records,
 *   in this order; @form_id and @states are then ignored
 * @zip_path: the zip to write, replaced atomically
 * @n_exported: (out) (optional): how many records were written
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Writes records to a zip of CSV tables: one per form root and one per
 * repeat, with parent keys, UTF-8 with a byte order mark.
 *
 * Returns: %TRUE when the zip is written
 */
gboolean
lalan_records_export (LalanStore          *store,
                      const char          *form_id,
                      guint                states,
                      const char * const  *instance_ids,
                      const char          *zip_path,
                      guint               *n_exported,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(LalanCsvExport) export = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  g_autofree char *dir = NULL;
  Exporter exporter = { 0 };

  g_return_val_if_fail (LALAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (zip_path != NULL, FALSE);

  if (n_exported != NULL)
    *n_exported = 0;

  forms = lalan_store_list_forms (store, FALSE, error);
  if (forms == NULL)
    return FALSE;

  dir = g_path_get_dirname (zip_path);
  export = lalan_csv_export_new (dir);
  exporter.store = store;
  exporter.export = export;
  exporter.forms = forms;

  if (instance_ids != NULL)
    {
      for (guint i = 0; instance_ids[i] != NULL; i++)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !export_record (&exporter, instance_ids[i], error))
            return FALSE;
        }
    }
  else
    {
      if (form_id != NULL && !add_form (&exporter, form_id, error))
        return FALSE;

      /* Oldest first: a page at a time, so 100,000 records never sit in
       * memory together. The listing is newest first; it is read whole
       * before the ids are used, as an export should not follow records
       * that change while it runs. */
      {
        g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

        for (guint offset = 0; ; offset += PAGE_SIZE)
          {
            g_autoptr(GPtrArray) page = lalan_store_list_records (store, states, form_id, NULL,
                                                                  offset, PAGE_SIZE, error);

            if (page == NULL)
              return FALSE;
            for (guint i = 0; i < page->len; i++)
              g_ptr_array_add (ids, g_strdup (lalan_record_get_instance_id (g_ptr_array_index (page, i))));
            if (page->len < PAGE_SIZE)
              break;
          }

        for (guint i = ids->len; i > 0; i--)
          {
            if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
                !export_record (&exporter, g_ptr_array_index (ids, i - 1), error))
              return FALSE;
          }
      }
    }

  if (exporter.n_exported == 0 && form_id == NULL && instance_ids == NULL)
    {
      g_set_error_literal (error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_NOT_FOUND,
                           _("There are no records to export."));
      return FALSE;
    }

  if (!lalan_csv_export_write_zip (export, zip_path, error))
    return FALSE;

  if (n_exported != NULL)
    *n_exported = exporter.n_exported;
  return TRUE;
}
