/* lalan-inventory-reports.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-server-private.h"

#include "lalan-inventory-dashboard.h"
#include "lalan-inventory-error.h"
#include "lalan-inventory-export.h"
#include "lalan-inventory-report.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

/* Reports, exports and the dashboard read every record: they run on a
 * worker thread with a connection of their own (WAL lets them read while
 * submissions are written), and the request waits, paused. */

typedef struct
{
  LalanInventoryRoute     route;
  LalanInventoryLanguage  language;
  char                   *db_path;
  char                   *tmp_dir;
  char                   *form_id;
  gint64                  project_id;
  SoupServerMessage      *msg;
  /* results */
  GBytes                 *body;
  const char             *content_type;
  char                   *filename;
  guint                   status;
  char                   *message;
} ReportTask;

static void
report_task_free (ReportTask *data)
{
  g_free (data->db_path);
  g_free (data->tmp_dir);
  g_free (data->form_id);
  g_clear_object (&data->msg);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->filename);
  g_free (data->message);
  g_free (data);
}

static guint
status_for_error (const GError *error)
{
  if (g_error_matches (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_NOT_FOUND))
    return SOUP_STATUS_NOT_FOUND;
  return SOUP_STATUS_INTERNAL_SERVER_ERROR;
}

static void
build_export (ReportTask       *data,
              LalanInventoryDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = g_strdup_printf ("export-%" G_GINT64_FORMAT "-%u.zip",
                                           g_get_real_time (), g_random_int ());

  path = g_build_filename (data->tmp_dir, name, NULL);
  if (!lalan_inventory_export_form (db, data->project_id, data->form_id, path, &error))
    {
      data->status = status_for_error (error);
      data->message = g_strdup (error->message);
      return;
    }

  /* Served from the mapping; the name goes at once, the data with the
   * last reference. */
  mapped = g_mapped_file_new (path, FALSE, &error);
  g_unlink (path);
  if (mapped == NULL)
    {
      data->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      data->message = g_strdup (error->message);
      return;
    }

  data->body = g_mapped_file_get_bytes (mapped);
  data->content_type = "application/zip";
  data->filename = g_strconcat (data->form_id, ".zip", NULL);
  data->status = SOUP_STATUS_OK;
}

static void
build_report_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ReportTask *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanInventoryDb) db = NULL;
  g_autoptr(LalanInventoryReport) report = NULL;
  locale_t previous = lalan_inventory_i18n_push (data->language);
  char *text = NULL;

  if ((db = lalan_inventory_db_open (data->db_path, &error)) == NULL)
    {
      data->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      data->message = g_strdup (error->message);
    }
  else if (data->route == LALAN_INVENTORY_ROUTE_EXPORT)
    build_export (data, db);
  else if ((report = lalan_inventory_report_build (db, data->project_id, &error)) == NULL)
    {
      data->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      data->message = g_strdup (error->message);
    }
  else
    {
      switch (data->route)
        {
        case LALAN_INVENTORY_ROUTE_REPORT_JSON:
          text = lalan_inventory_report_to_json (report);
          data->content_type = "application/json; charset=utf-8";
          break;
        case LALAN_INVENTORY_ROUTE_REPORT_CSV:
          text = lalan_inventory_report_to_csv (report);
          data->content_type = "text/csv; charset=utf-8";
          data->filename = g_strdup ("districts.csv");
          break;
        case LALAN_INVENTORY_ROUTE_DASHBOARD:
        default:
          text = lalan_inventory_dashboard_render (report, data->language);
          data->content_type = "text/html; charset=utf-8";
          break;
        }
      data->body = g_bytes_new_take (text, strlen (text));
      data->status = SOUP_STATUS_OK;
    }

  lalan_inventory_i18n_pop (previous);
  g_task_return_boolean (task, TRUE);
}

static void
report_built_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ReportTask *data = g_task_get_task_data (G_TASK (result));
  LalanInventoryRequest *req = lalan_inventory_request_get (data->msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (data->msg);

  if (data->status != SOUP_STATUS_OK)
    lalan_inventory_respond_error (req, data->msg, data->status, data->message);
  else
    {
      soup_server_message_set_status (data->msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (headers, data->content_type, NULL);
      soup_message_headers_replace (headers, "Cache-Control", "no-store");
      if (data->filename != NULL)
        {
          g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);

          g_hash_table_insert (params, (gpointer) "filename", data->filename);
          soup_message_headers_set_content_disposition (headers, "attachment", params);
        }
      soup_message_body_append_bytes (soup_server_message_get_response_body (data->msg), data->body);
    }

  soup_server_message_unpause (data->msg);
}

void
lalan_inventory_handle_report (LalanInventoryRequest *req,
                               SoupServerMessage     *msg,
                               GHashTable            *query)
{
  g_autoptr(GTask) task = NULL;
  ReportTask *data = g_new0 (ReportTask, 1);
  const char *project = query != NULL ? g_hash_table_lookup (query, "project") : NULL;
  guint64 project_id = 1;

  if (project != NULL && !g_ascii_string_to_unsigned (project, 10, 1, G_MAXINT32, &project_id, NULL))
    project_id = 0;

  data->route = req->route;
  data->language = req->language;
  data->db_path = g_strdup (req->server->db_path);
  data->tmp_dir = g_strdup (req->server->tmp_dir);
  data->form_id = g_strdup (req->name);
  data->project_id = (gint64) project_id;
  data->msg = g_object_ref (msg);

  if (!lalan_inventory_db_project_exists (req->server->db, data->project_id))
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, data->project_id);
      g_autofree char *message = g_strdup_printf (_("There is no project %s on this server."), number);

      lalan_inventory_respond_error (req, msg, SOUP_STATUS_NOT_FOUND, message);
      report_task_free (data);
      return;
    }

  task = g_task_new (NULL, NULL, report_built_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) report_task_free);
  soup_server_message_pause (msg);
  g_task_run_in_thread (task, build_report_thread);
}
