/* lalan-sync-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-sync-server.h"

#include "lalan-sync-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The server records are sent to. Two shapes of address cover ODK Central,
 * KoboToolbox and lalan-inventory:
 *
 *   https://HOST/v1/key/TOKEN/projects/ID   the token is the credential
 *   https://HOST/PATH  + user and password  Basic or Digest, as asked
 *
 * The address a person sees (the "public URL") never shows the token:
 * it is written with "…" in its place. The public URL, the kind and the
 * user name are kept in the database; the token or password only through
 * lalan-sync-secret. */

#define KEY_URL  "sync-server-url"
#define KEY_KIND "sync-server-kind"
#define KEY_USER "sync-server-user"
#define HIDDEN_TOKEN "…"

struct _LalanSyncServer
{
  gatomicrefcount      ref_count;
  LalanSyncServerKind  kind;
  char                *base_url;
  char                *public_url;
  char                *username;
  char                *password;
};

G_DEFINE_BOXED_TYPE (LalanSyncServer, lalan_sync_server, lalan_sync_server_ref, lalan_sync_server_unref)

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_INVALID_URL, message);
}

/* Splits "…/v1/key/TOKEN/projects/ID" into what comes before the token,
 * the token, and what follows it. */
static gboolean
split_token_path (const char  *path,
                  char       **before,
                  char       **token,
                  char       **after)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  guint n = g_strv_length (segments);
  guint64 project;

  if (n < 5 ||
      !g_str_equal (segments[n - 5], "v1") ||
      !g_str_equal (segments[n - 4], "key") ||
      !g_str_equal (segments[n - 2], "projects") ||
      segments[n - 3][0] == '\0' ||
      !g_ascii_string_to_unsigned (segments[n - 1], 10, 1, G_MAXUINT32, &project, NULL))
    return FALSE;

  {
    g_autofree char *last_two = g_strjoin ("/", segments[n - 2], segments[n - 1], NULL);

    g_free (segments[n - 2]);
    segments[n - 2] = NULL;
    *after = g_strconcat ("/", last_two, NULL);
    *token = g_strdup (segments[n - 3]);
    g_free (segments[n - 3]);
    segments[n - 3] = NULL;
    *before = g_strjoinv ("/", segments);
  }

  return TRUE;
}

static char *
strip_trailing (const char *path)
{
  g_autofree char *copy = g_strdup (path);
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';

  /* A person may paste the address of the form list or of the submission
   * point: the base is what comes before. */
  if (g_str_has_suffix (copy, "/formList"))
    copy[len - strlen ("/formList")] = '\0';
  else if (g_str_has_suffix (copy, "/submission"))
    copy[len - strlen ("/submission")] = '\0';

  return g_steal_pointer (&copy);
}

/**
 * lalan_sync_server_new:
 * @url: the address a person pasted
 * @username: (nullable): the user name, for a plain OpenRosa address
 * @password: (nullable): the password that goes with @username
 * @error: a location for a #GError
 *
 * Checks an address and makes a server of it. It must be https, but for
 * the computer itself (127.0.0.1, localhost), where plain http is allowed
 * so tests and a local lalan-inventory work. Errors are in the
 * %LALAN_SYNC_ERROR domain, %LALAN_SYNC_ERROR_INVALID_URL, with a
 * sentence saying what to change.
 *
 * Returns: (transfer full): the server, or %NULL with @error set
 */
LalanSyncServer *
lalan_sync_server_new (const char  *url,
                       const char  *username,
                       const char  *password,
                       GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(LalanSyncServer) self = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *token = NULL;
  g_autofree char *after = NULL;
  g_autofree char *origin = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url != NULL, NULL);

  trimmed = g_strstrip (g_strdup (url));
  if (*trimmed == '\0')
    {
      set_invalid (error, _("Enter the server’s address."));
      return NULL;
    }

  uri = g_uri_parse (trimmed, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      set_invalid (error, _("This is not a web address. It should look like "
                            "https://server.example/v1/key/TOKEN/projects/1."));
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      !(g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (host)))
    {
      set_invalid (error, _("The address must start with https:// so that records travel encrypted. "
                            "Plain http:// is allowed only for a server on this computer."));
      return NULL;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      set_invalid (error, _("Do not put the user name or password inside the address; "
                            "give them in their own fields."));
      return NULL;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      set_invalid (error, _("The address should end with the project, without “?” or “#” and what follows."));
      return NULL;
    }

  if ((username != NULL && *username != '\0') != (password != NULL && *password != '\0'))
    {
      set_invalid (error, _("Give both the user name and the password, or neither."));
      return NULL;
    }

  path = strip_trailing (g_uri_get_path (uri));
  origin = g_uri_join (G_URI_FLAGS_ENCODED, g_ascii_strdown (scheme, -1), NULL,
                       host, g_uri_get_port (uri), "", NULL, NULL);

  self = g_new0 (LalanSyncServer, 1);
  g_atomic_ref_count_init (&self->ref_count);

  if (split_token_path (path, &before, &token, &after))
    {
      if (username != NULL && *username != '\0')
        {
          set_invalid (error, _("This address already holds a token, so it needs no user name or password."));
          return NULL;
        }
      if (strspn (token, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!$-_.~%") != strlen (token))
        {
          set_invalid (error, _("The token in this address has characters a token cannot have; "
                                "copy the address again."));
          return NULL;
        }
      self->kind = LALAN_SYNC_SERVER_TOKEN;
      self->base_url = g_strconcat (origin, before, "/", token, after, NULL);
      self->public_url = g_strconcat (origin, before, "/" HIDDEN_TOKEN, after, NULL);
      self->password = g_steal_pointer (&token);
    }
  else
    {
      self->kind = LALAN_SYNC_SERVER_PASSWORD;
      self->base_url = g_strconcat (origin, path, NULL);
      self->public_url = g_strdup (self->base_url);
      if (username != NULL && *username != '\0')
        {
          self->username = g_strdup (username);
          self->password = g_strdup (password);
        }
    }

  return g_steal_pointer (&self);
}

/**
 * lalan_sync_server_ref:
 * @self: a server
 *
 * Returns: (transfer full): @self
 */
LalanSyncServer *
lalan_sync_server_ref (LalanSyncServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * lalan_sync_server_unref:
 * @self: (transfer full): a server
 */
void
lalan_sync_server_unref (LalanSyncServer *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->base_url);
  g_free (self->public_url);
  g_free (self->username);
  if (self->password != NULL)
    {
      memset (self->password, 0, strlen (self->password));
      g_free (self->password);
    }
  g_free (self);
}

LalanSyncServerKind
lalan_sync_server_get_kind (LalanSyncServer *self)
{
  g_return_val_if_fail (self != NULL, LALAN_SYNC_SERVER_TOKEN);
  return self->kind;
}

/**
 * lalan_sync_server_get_public_url:
 * @self: a server
 *
 * Returns: the address to show a person, with the token hidden
 */
const char *
lalan_sync_server_get_public_url (LalanSyncServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->public_url;
}

/**
 * lalan_sync_server_get_base_url:
 * @self: a server
 *
 * Returns: the address requests go to, with the token: never show it,
 *   log it or store it
 */
const char *
lalan_sync_server_get_base_url (LalanSyncServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->base_url;
}

const char *
lalan_sync_server_get_username (LalanSyncServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->username;
}

/**
 * lalan_sync_server_get_password:
 * @self: a server
 *
 * Returns: (nullable): the password, or the token of a token address
 */
const char *
lalan_sync_server_get_password (LalanSyncServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->password;
}

gboolean
lalan_sync_server_has_secret (LalanSyncServer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->password != NULL;
}

/**
 * lalan_sync_server_build_url:
 * @self: a server
 * @tail: what follows the base, such as "formList" or "submission"
 *
 * Returns: (transfer full): the full address of @tail on the server
 */
char *
lalan_sync_server_build_url (LalanSyncServer *self,
                             const char      *tail)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (tail != NULL, NULL);

  return g_strconcat (self->base_url, "/", tail, NULL);
}

/**
 * lalan_sync_server_save:
 * @self: a server
 * @store: the store of this data folder
 * @place: (out) (optional): where the token or password went
 * @error: a location for a #GError
 *
 * Makes @self the server of this data folder: its public address in the
 * database, its secret in the keyring (or the private file). Blocks: not
 * on the UI thread.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_sync_server_save (LalanSyncServer   *self,
                        LalanStore        *store,
                        LalanSecretPlace  *place,
                        GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (LALAN_IS_STORE (store), FALSE);

  if (place != NULL)
    *place = LALAN_SECRET_PLACE_NONE;

  if (self->password != NULL)
    {
      if (!lalan_sync_secret_store (self->public_url, self->password, place, error))
        return FALSE;
    }
  else
    lalan_sync_secret_clear ();

  return lalan_store_set_value (store, KEY_URL, self->public_url, error) &&
         lalan_store_set_value (store, KEY_KIND,
                                self->kind == LALAN_SYNC_SERVER_TOKEN ? "token" : "password",
                                error) &&
         lalan_store_set_value (store, KEY_USER, self->username, error);
}

/**
 * lalan_sync_server_load_public_url:
 * @store: the store of this data folder
 * @username: (out) (optional) (nullable): the user name, if any
 * @error: a location for a #GError
 *
 * The server's address as a person may see it, without reading the
 * secret (so without touching the keyring).
 *
 * Returns: (transfer full) (nullable): the address, or %NULL when none is
 *   set (@error unset) or the store failed (@error set)
 */
char *
lalan_sync_server_load_public_url (LalanStore  *store,
                                   char       **username,
                                   GError     **error)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (LALAN_IS_STORE (store), NULL);

  if (username != NULL)
    *username = NULL;

  url = lalan_store_get_value (store, KEY_URL, error);
  if (url == NULL || *url == '\0')
    return NULL;

  if (username != NULL)
    {
      *username = lalan_store_get_value (store, KEY_USER, error);
      if (*username != NULL && **username == '\0')
        g_clear_pointer (username, g_free);
    }

  return g_steal_pointer (&url);
}

/**
 * lalan_sync_server_load:
 * @store: the store of this data folder
 * @place: (out) (optional): where the secret was found
 * @error: a location for a #GError
 *
 * The server of this data folder with its secret. Blocks on the keyring:
 * not on the UI thread. %LALAN_SYNC_ERROR_NOT_CONFIGURED when none is set;
 * %LALAN_SYNC_ERROR_NO_KEYRING when its secret cannot be found.
 *
 * Returns: (transfer full): the server, or %NULL with @error set
 */
LalanSyncServer *
lalan_sync_server_load (LalanStore        *store,
                        LalanSecretPlace  *place,
                        GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *username = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *full_url = NULL;

  g_return_val_if_fail (LALAN_IS_STORE (store), NULL);

  if (place != NULL)
    *place = LALAN_SECRET_PLACE_NONE;

  url = lalan_sync_server_load_public_url (store, &username, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (url == NULL)
    {
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_CONFIGURED,
                           _("No server is set up yet. Add its address in Preferences → Server."));
      return NULL;
    }

  kind = lalan_store_get_value (store, KEY_KIND, NULL);
  if (g_strcmp0 (kind, "token") == 0 || username != NULL)
    {
      secret = lalan_sync_secret_lookup (url, place, error);
      if (secret == NULL)
        {
          if (error == NULL || *error == NULL)
            g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NO_KEYRING,
                                 _("The server’s token or password is no longer kept on this computer. "
                                   "Set the server again."));
          return NULL;
        }
    }

  if (g_strcmp0 (kind, "token") == 0)
    {
      const char *hidden = strstr (url, "/" HIDDEN_TOKEN "/");

      if (hidden == NULL)
        {
          g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_CONFIGURED,
                               _("The server’s address kept on this computer is damaged. Set the server again."));
          return NULL;
        }
      full_url = g_strdup_printf ("%.*s/%s%s", (int) (hidden - url), url, secret,
                                  hidden + strlen ("/" HIDDEN_TOKEN));
      return lalan_sync_server_new (full_url, NULL, NULL, error);
    }

  return lalan_sync_server_new (url, username, secret, error);
}

/**
 * lalan_sync_server_forget:
 * @store: the store of this data folder
 * @error: a location for a #GError
 *
 * Removes the server and its secret.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_sync_server_forget (LalanStore  *store,
                          GError     **error)
{
  g_return_val_if_fail (LALAN_IS_STORE (store), FALSE);

  lalan_sync_secret_clear ();

  return lalan_store_set_value (store, KEY_URL, NULL, error) &&
         lalan_store_set_value (store, KEY_KIND, NULL, error) &&
         lalan_store_set_value (store, KEY_USER, NULL, error);
}
