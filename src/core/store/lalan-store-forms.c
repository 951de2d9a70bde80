/* lalan-store-forms.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Form definitions. Every version is kept for as long as the database
 * lives: a draft stays on the version it was started with, and a record is
 * sent with the version it was filled in. */

#include "config.h"

#include "lalan-store-private.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  const char *form_id;
  const char *version;
  const char *hash;
  const char *xml;
  const char *source;
  gboolean    latest_only;
} FormArgs;

static void
form_args_free (FormArgs *args)
{
  g_free ((char *) args->form_id);
  g_free (args);
}

static gpointer
register_form_in_worker (LalanStore    *self,
                         gpointer       data,
                         GCancellable  *cancellable,
                         GError       **error)
{
  FormArgs *args = data;
  g_autoptr(LalanStoreStmt) find = NULL;
  g_autoptr(LalanStoreStmt) insert = NULL;
  int rc;

  if (!lalan_store_begin (self, error))
    return NULL;

  find = lalan_store_prepare (self, "SELECT xml FROM forms WHERE form_id = ?1 AND version = ?2", error);
  if (find == NULL)
    goto failed;
  lalan_store_bind_text (find, 1, args->form_id);
  lalan_store_bind_text (find, 2, args->version);
  rc = lalan_store_step (self, find, error);
  if (rc < 0)
    goto failed;

  if (rc == SQLITE_ROW)
    {
      /* Registering the same definition again is how the app says "make
       * sure it is there" at every start; a different one under the same
       * version would change what existing records mean. */
      gboolean same = g_strcmp0 ((const char *) sqlite3_column_text (find, 0), args->xml) == 0;

      g_clear_pointer (&find, lalan_store_stmt_release);
      if (!same)
        {
          g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CONFLICT,
                       _("The form “%s” version %s is already saved with different contents. "
                         "A changed form needs a new version."),
                       args->form_id, args->version);
          goto failed;
        }
      return lalan_store_commit (self, error) ? GINT_TO_POINTER (TRUE) : NULL;
    }
  g_clear_pointer (&find, lalan_store_stmt_release);

  insert = lalan_store_prepare (self,
                                "INSERT INTO forms (form_id, version, hash, xml, source, first_seen)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                error);
  if (insert == NULL)
    goto failed;
  lalan_store_bind_text (insert, 1, args->form_id);
  lalan_store_bind_text (insert, 2, args->version);
  lalan_store_bind_text (insert, 3, args->hash != NULL ? args->hash : "");
  lalan_store_bind_text (insert, 4, args->xml);
  lalan_store_bind_text (insert, 5, args->source != NULL ? args->source : "");
  sqlite3_bind_int64 (insert, 6, g_get_real_time ());
  if (!lalan_store_step_done (self, insert, error))
    goto failed;
  g_clear_pointer (&insert, lalan_store_stmt_release);

  return lalan_store_commit (self, error) ? GINT_TO_POINTER (TRUE) : NULL;

failed:
  g_clear_pointer (&find, lalan_store_stmt_release);
  g_clear_pointer (&insert, lalan_store_stmt_release);
  lalan_store_rollback (self);
  return NULL;
}

static gpointer
get_form_xml_in_worker (LalanStore    *self,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  FormArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  int rc;

  if (args->version != NULL)
    stmt = lalan_store_prepare (self, "SELECT xml FROM forms WHERE form_id = ?1 AND version = ?2", error);
  else
    stmt = lalan_store_prepare (self, "SELECT xml FROM forms WHERE form_id = ?1 ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;

  lalan_store_bind_text (stmt, 1, args->form_id);
  if (args->version != NULL)
    lalan_store_bind_text (stmt, 2, args->version);

  rc = lalan_store_step (self, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      if (args->version != NULL)
        g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                     _("The form “%s” version %s is not on this computer."),
                     args->form_id, args->version);
      else
        g_set_error (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND,
                     _("The form “%s” is not on this computer."), args->form_id);
      return NULL;
    }

  return lalan_store_column_dup (stmt, 0);
}

static gpointer
list_forms_in_worker (LalanStore    *self,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  FormArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) forms = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_form_info_free);
  int rc;

  /* The latest version of a form is the one registered last. */
  stmt = lalan_store_prepare (self,
                              "SELECT f.form_id, f.version, f.hash, f.source, f.first_seen,"
                              " f.id = (SELECT max (id) FROM forms g WHERE g.form_id = f.form_id),"
                              " (SELECT count(*) FROM records r"
                              "   WHERE r.form_id = f.form_id AND r.form_version = f.version)"
                              " FROM forms f ORDER BY f.form_id, f.id DESC",
                              error);
  if (stmt == NULL)
    return NULL;

  while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      LalanFormInfo *info;

      if (args->latest_only && sqlite3_column_int (stmt, 5) == 0)
        continue;

      info = g_new0 (LalanFormInfo, 1);
      info->form_id = lalan_store_column_dup (stmt, 0);
      info->version = lalan_store_column_dup (stmt, 1);
      info->hash = lalan_store_column_dup (stmt, 2);
      info->source = lalan_store_column_dup (stmt, 3);
      info->first_seen = lalan_store_column_time (stmt, 4);
      info->is_latest = sqlite3_column_int (stmt, 5) != 0;
      info->n_records = (guint) sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (forms, info);
    }

  if (rc < 0)
    return NULL;

  return g_steal_pointer (&forms);
}

/**
 * lalan_store_register_form:
 * @self: a store
 * @form_id: the form's id
 * @version: its version ("" when the form has none)
 * @hash: (nullable): its hash as the server or the bundle gives it
 *   ("md5:...")
 * @xml: the XForm
 * @source: (nullable): where it came from ("bundled", a server URL...)
 * @error: a location for a #GError
 *
 * Saves a form definition. Registering the same id, version and XML again
 * does nothing and succeeds (call it at every start for bundled forms); a
 * different XML under an id and version already saved fails with
 * %LALAN_STORE_ERROR_CONFLICT. Versions are never removed.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_register_form (LalanStore  *self,
                           const char  *form_id,
                           const char  *version,
                           const char  *hash,
                           const char  *xml,
                           const char  *source,
                           GError     **error)
{
  FormArgs args = { form_id, version, hash, xml, source, FALSE };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (form_id != NULL && *form_id != '\0', FALSE);
  g_return_val_if_fail (version != NULL, FALSE);
  g_return_val_if_fail (xml != NULL, FALSE);

  return lalan_store_call (self, register_form_in_worker, &args, NULL, NULL, error) != NULL;
}

/**
 * lalan_store_get_form_xml:
 * @self: a store
 * @form_id: a form id
 * @version: (nullable): a version, or %NULL for the latest
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the XForm, or %NULL with @error set
 *   (%LALAN_STORE_ERROR_NOT_FOUND when it is not registered)
 */
char *
lalan_store_get_form_xml (LalanStore  *self,
                          const char  *form_id,
                          const char  *version,
                          GError     **error)
{
  FormArgs args = { .form_id = form_id, .version = version };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);
  g_return_val_if_fail (form_id != NULL, NULL);

  return lalan_store_call (self, get_form_xml_in_worker, &args, g_free, NULL, error);
}

/**
 * lalan_store_list_forms:
 * @self: a store
 * @latest_only: list only the latest version of each form
 * @error: a location for a #GError
 *
 * The registered forms, by form id, newest version first. The latest
 * version of a form is the one registered last.
 *
 * Returns: (transfer full) (element-type LalanFormInfo): the forms, or
 *   %NULL with @error set
 */
GPtrArray *
lalan_store_list_forms (LalanStore  *self,
                        gboolean     latest_only,
                        GError     **error)
{
  FormArgs args = { .latest_only = latest_only };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return lalan_store_call (self, list_forms_in_worker, &args,
                           (GDestroyNotify) g_ptr_array_unref, NULL, error);
}

static gpointer
list_forms_job (LalanStore    *self,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return list_forms_in_worker (self, data, cancellable, error);
}

/**
 * lalan_store_list_forms_async:
 * @self: a store
 * @latest_only: list only the latest version of each form
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * lalan_store_list_forms() on the worker.
 */
void
lalan_store_list_forms_async (LalanStore          *self,
                              gboolean             latest_only,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  FormArgs *args = g_new0 (FormArgs, 1);

  args->latest_only = latest_only;
  lalan_store_run_async (self, list_forms_job, args, (GDestroyNotify) form_args_free,
                         (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * lalan_store_list_forms_finish:
 * @self: a store
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type LalanFormInfo): the forms, or
 *   %NULL with @error set
 */
GPtrArray *
lalan_store_list_forms_finish (LalanStore    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return lalan_store_run_finish (self, result, error);
}
