/* lalan-inventory-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-export.h"

#include "lalan-export.h"
#include "lalan-inventory-error.h"

#include <glib/gi18n-lib.h>

/* A form's records as a zip of CSV tables, the shape ODK Central's CSV
 * export has: FORM.csv with one row per current record, FORM-REPEAT.csv per
 * repeat with PARENT_KEY and KEY. The tables are written by the core
 * (lalan-export.h), which also writes the app's export of a device's
 * records, so an analyst gets the same files from both. Columns come from
 * every published version of the form. */

typedef struct
{
  LalanCsvExport *export;
  const char     *form_id;
} Export;

static gboolean
write_record_cb (const LalanInventoryStoredSubmission  *stored,
                 gpointer                               user_data,
                 GError                               **error)
{
  Export *export = user_data;
  LalanExportRecord record = { 0 };
  gsize size;

  record.submission_date = stored->received_at;
  record.instance_id = stored->instance_id;
  record.n_attachments = stored->n_attachments;
  record.n_edits = stored->n_versions - 1;
  record.version = stored->version;
  record.xml = g_bytes_get_data (stored->xml, &size);
  record.xml_length = size;

  return lalan_csv_export_add_record (export->export, export->form_id, &record, error);
}

static void
to_inventory_error (GError **error)
{
  GError *local = error != NULL ? *error : NULL;

  if (local == NULL || local->domain != LALAN_EXPORT_ERROR)
    return;
  local->domain = LALAN_INVENTORY_ERROR;
  local->code = local->code == LALAN_EXPORT_ERROR_NOT_FOUND ? LALAN_INVENTORY_ERROR_NOT_FOUND
              : local->code == LALAN_EXPORT_ERROR_INVALID ? LALAN_INVENTORY_ERROR_INVALID
              : LALAN_INVENTORY_ERROR_FAILED;
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
  g_autoptr(LalanCsvExport) csv = NULL;
  g_autofree char *dir = g_path_get_dirname (zip_path);
  Export export = { NULL, xml_form_id };
  gboolean ok;

  versions = lalan_inventory_db_get_form_versions (db, project_id, xml_form_id, error);
  if (versions == NULL)
    return FALSE;
  if (versions->len == 0)
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_NOT_FOUND,
                   _("The form “%s” is not on this server."), xml_form_id);
      return FALSE;
    }

  csv = lalan_csv_export_new (dir);
  export.export = csv;
  ok = lalan_csv_export_add_form (csv, xml_form_id, versions, error) &&
       lalan_inventory_db_foreach_submission (db, project_id, xml_form_id, TRUE,
                                              write_record_cb, &export, error) &&
       lalan_csv_export_write_zip (csv, zip_path, error);
  if (!ok)
    to_inventory_error (error);

  return ok;
}
