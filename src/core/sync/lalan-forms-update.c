/* lalan-forms-update.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-forms-update.h"

#include "lalan-form.h"
#include "lalan-sync-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Forms from the server: the list, then each form whose version this
 * computer does not have yet. Every version is kept (the store never drops
 * one), so records and drafts keep the version they were made with; the
 * survey shows that a newer one exists. A server that changed a form
 * without a new version is not followed: the copy here is kept. */

/**
 * lalan_forms_update_init:
 * @update: (out caller-allocates): an update to fill
 */
void
lalan_forms_update_init (LalanFormsUpdate *update)
{
  memset (update, 0, sizeof *update);
  update->new_forms = g_ptr_array_new_with_free_func (g_free);
  update->problems = g_ptr_array_new_with_free_func (g_free);
}

/**
 * lalan_forms_update_clear:
 * @update: an update
 */
void
lalan_forms_update_clear (LalanFormsUpdate *update)
{
  g_clear_pointer (&update->new_forms, g_ptr_array_unref);
  g_clear_pointer (&update->problems, g_ptr_array_unref);
}

static char *
make_key (const char *form_id,
          const char *version)
{
  return g_strconcat (form_id, "\n", version != NULL ? version : "", NULL);
}

static gboolean
same_hash (const char *a,
           const char *b)
{
  return a != NULL && b != NULL && g_ascii_strcasecmp (a, b) == 0;
}

static void
add_problem (LalanFormsUpdate *update,
             char             *sentence)
{
  g_ptr_array_add (update->problems, sentence);
}

/* Downloads one form and keeps it. Problems with this form only are
 * added to @update; FALSE with @error set stops the whole update. */
static gboolean
fetch_form (LalanStore               *store,
            LalanOpenRosaClient      *client,
            const char               *source,
            const LalanOpenRosaForm  *entry,
            LalanFormsUpdate         *update,
            GCancellable             *cancellable,
            GError                  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(LalanForm) form = NULL;
  g_autofree char *md5 = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *form_id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *text = NULL;
  const char *label = entry->name != NULL ? entry->name : entry->form_id;

  xml = lalan_openrosa_client_download (client, entry->download_url, cancellable, &local_error);
  if (xml == NULL)
    {
      if (!g_error_matches (local_error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_BAD_FORM))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      add_problem (update, g_strdup_printf (_("“%s”: %s"), label, local_error->message));
      return TRUE;
    }

  md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, xml);
  hash = g_strconcat ("md5:", md5, NULL);
  if (entry->hash != NULL && !same_hash (hash, entry->hash))
    {
      add_problem (update, g_strdup_printf (_("The form “%s” arrived damaged; it will be downloaded again next time."),
                                            label));
      return TRUE;
    }

  /* The forms engine reads it as it will when the form is filled: a form
   * it cannot fill is not kept, with its reason. */
  form = lalan_form_new_from_bytes (xml, &local_error);
  if (form == NULL)
    {
      add_problem (update, g_strdup_printf (_("“%s”: %s"), label, local_error->message));
      return TRUE;
    }
  form_id = g_strdup (lalan_form_get_id (form));
  version = g_strdup (lalan_form_get_version (form) != NULL ? lalan_form_get_version (form) : "");

  if (!g_str_equal (form_id, entry->form_id) ||
      (entry->version != NULL && !g_str_equal (version, entry->version)))
    {
      add_problem (update, g_strdup_printf (_("The form “%s” the server sent is not the one its list names; "
                                              "it was not kept."), label));
      return TRUE;
    }

  text = g_strndup (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  if (!g_utf8_validate (text, -1, NULL) || strlen (text) != g_bytes_get_size (xml))
    {
      add_problem (update, g_strdup_printf (_("The form “%s” is not valid text; it was not kept."), label));
      return TRUE;
    }

  if (!lalan_store_register_form (store, form_id, version, hash, text, source, &local_error))
    {
      if (g_error_matches (local_error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_CONFLICT))
        {
          add_problem (update, g_strdup_printf (_("The server changed the form “%s” without giving it a new version; "
                                                  "the copy already on this computer is kept."), label));
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  update->n_new++;
  g_ptr_array_add (update->new_forms, g_strdup_printf ("%s %s", form_id, version));

  return TRUE;
}

/**
 * lalan_forms_update_run:
 * @store: the store
 * @client: a client for the server
 * @source: the server's public address, kept with each form
 * @update: (inout): an update from lalan_forms_update_init(), filled in
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Fetches the form list and downloads each form version this computer
 * does not have, or whose hash differs from the one it has. Blocks.
 *
 * Returns: %TRUE when the list was read (some forms may still be in
 *   @update's problems)
 */
gboolean
lalan_forms_update_run (LalanStore           *store,
                        LalanOpenRosaClient  *client,
                        const char           *source,
                        LalanFormsUpdate     *update,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GHashTable) known_hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (LALAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (LALAN_IS_OPENROSA_CLIENT (client), FALSE);
  g_return_val_if_fail (update != NULL && update->problems != NULL, FALSE);

  listed = lalan_openrosa_client_get_form_list (client, cancellable, error);
  if (listed == NULL)
    return FALSE;
  update->n_listed = listed->len;

  known = lalan_store_list_forms (store, FALSE, error);
  if (known == NULL)
    return FALSE;
  for (guint i = 0; i < known->len; i++)
    {
      LalanFormInfo *info = g_ptr_array_index (known, i);

      g_hash_table_insert (known_hashes, make_key (info->form_id, info->version), info->hash);
    }

  for (guint i = 0; i < listed->len; i++)
    {
      LalanOpenRosaForm *entry = g_ptr_array_index (listed, i);
      g_autofree char *key = make_key (entry->form_id, entry->version);
      const char *known_hash;

      if (g_hash_table_lookup_extended (known_hashes, key, NULL, (gpointer *) &known_hash))
        {
          g_autofree char *xml = NULL;
          g_autofree char *md5 = NULL;
          g_autofree char *hash = NULL;

          if (entry->hash == NULL || same_hash (known_hash, entry->hash))
            continue;

          /* Kept under another kind of hash (a bundled form): the same
           * bytes need no download. */
          xml = lalan_store_get_form_xml (store, entry->form_id, entry->version != NULL ? entry->version : "", NULL);
          if (xml != NULL)
            {
              md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, xml, -1);
              hash = g_strconcat ("md5:", md5, NULL);
              if (same_hash (hash, entry->hash))
                continue;
            }
        }

      if (!fetch_form (store, client, source, entry, update, cancellable, error))
        return FALSE;
    }

  return TRUE;
}
