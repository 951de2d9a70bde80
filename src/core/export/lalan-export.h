/* lalan-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LALAN_EXPORT_ERROR (lalan_export_error_quark ())

/**
 * LalanExportError:
 * @LALAN_EXPORT_ERROR_FAILED: the export could not be written
 * @LALAN_EXPORT_ERROR_INVALID: a form or an instance is not well-formed XML
 * @LALAN_EXPORT_ERROR_NOT_FOUND: no such form
 *
 * Why an export failed; the message is a translated sentence.
 */
typedef enum
{
  LALAN_EXPORT_ERROR_FAILED,
  LALAN_EXPORT_ERROR_INVALID,
  LALAN_EXPORT_ERROR_NOT_FOUND,
} LalanExportError;

GQuark lalan_export_error_quark (void);

/**
 * LalanExportTable:
 * @name: the CSV file's name without `.csv`: the form id for the root,
 *   `FORM-REPEAT` for a repeat (as ODK Central names them)
 * @path: the absolute instance path of the table's element
 * @relative_path: the path below the parent table's element (repeats)
 * @columns: (element-type utf8): paths relative to the table's element,
 *   such as "place/town"
 * @children: (element-type LalanExportTable): the repeats inside
 * @parent: (nullable): the enclosing table
 *
 * One table of an export: a form's root, or one repeat.
 */
typedef struct _LalanExportTable LalanExportTable;
struct _LalanExportTable
{
  char             *name;
  char             *path;
  char             *relative_path;
  GPtrArray        *columns;
  GPtrArray        *children;
  LalanExportTable *parent;
};

LalanExportTable *lalan_export_table_build   (const char       *form_id,
                                              GPtrArray        *versions,
                                              GError          **error);
void              lalan_export_table_free    (LalanExportTable *table);
char             *lalan_export_column_title  (const char       *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanExportTable, lalan_export_table_free)

/**
 * LalanExportRecord:
 * @submission_date: when the record was received (a server) or completed
 *   (a device), ISO 8601
 * @instance_id: its `meta/instanceID`, the KEY of its rows
 * @n_attachments: how many files it has
 * @n_edits: how many times it was edited after it was sent
 * @version: the form version it was filled in
 * @xml: its instance XML
 * @xml_length: the length of @xml
 *
 * One record to add to an export.
 */
typedef struct
{
  const char *submission_date;
  const char *instance_id;
  guint       n_attachments;
  guint       n_edits;
  const char *version;
  const char *xml;
  gsize       xml_length;
} LalanExportRecord;

typedef struct _LalanCsvExport LalanCsvExport;

LalanCsvExport *lalan_csv_export_new        (const char               *temp_dir);
gboolean        lalan_csv_export_add_form   (LalanCsvExport           *self,
                                             const char               *form_id,
                                             GPtrArray                *versions,
                                             GError                  **error);
gboolean        lalan_csv_export_add_record (LalanCsvExport           *self,
                                             const char               *form_id,
                                             const LalanExportRecord  *record,
                                             GError                  **error);
guint           lalan_csv_export_get_n_rows (LalanCsvExport           *self);
gboolean        lalan_csv_export_write_zip  (LalanCsvExport           *self,
                                             const char               *zip_path,
                                             GError                  **error);
void            lalan_csv_export_free       (LalanCsvExport           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanCsvExport, lalan_csv_export_free)

G_END_DECLS
