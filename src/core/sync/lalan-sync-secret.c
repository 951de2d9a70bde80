/* lalan-sync-secret.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-sync-secret.h"

#include "lalan-paths.h"
#include "lalan-sync-error.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

/* Server tokens and passwords: in the keyring through libsecret when the
 * session has a Secret Service, otherwise (a headless learning-centre box,
 * CI) in DATA_DIR/server-secret, mode 0600, in a folder only this user can
 * enter. Never in the database or GSettings, which get backed up and
 * copied around.
 *
 * Each data folder is a profile with its own server, so the secret is
 * keyed on the folder and the server's public address. */

#define SECRET_FILE_NAME "server-secret"
#define SECRET_GROUP "server"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "tw.lalan.Lalan.ServerSecret", SECRET_SCHEMA_NONE,
    {
      { "data-dir", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

/* libsecret talks to the session bus. Without one, GDBus would try to
 * start a bus of its own (dbus-launch under X11), and without a Secret
 * Service the first call waits for a timeout: both are checked first,
 * with a short timeout, so a headless machine goes straight to the file. */
static gboolean
session_bus_exists (void)
{
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *bus_socket = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    return TRUE;
  if (runtime_dir == NULL)
    return FALSE;

  bus_socket = g_build_filename (runtime_dir, "bus", NULL);
  return g_file_test (bus_socket, G_FILE_TEST_EXISTS);
}

static gboolean
name_is_available (GDBusConnection *bus,
                   const char      *method,
                   const char      *name)
{
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", method,
                                       g_str_equal (method, "NameHasOwner") ? g_variant_new ("(s)", name) : NULL,
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply == NULL)
    return FALSE;

  if (g_str_equal (method, "NameHasOwner"))
    {
      gboolean has_owner = FALSE;

      g_variant_get (reply, "(b)", &has_owner);
      return has_owner;
    }
  else
    {
      g_autofree const char **names = NULL;

      g_variant_get (reply, "(^a&s)", &names);
      return names != NULL && g_strv_contains (names, name);
    }
}

/**
 * lalan_sync_secret_keyring_available:
 *
 * Whether this session has a keyring service to keep secrets in. The
 * variable LALAN_SECRET_STORE=file makes it answer %FALSE (tests use it
 * so they never touch the person's keyring).
 *
 * Returns: %TRUE when libsecret can be used
 */
gboolean
lalan_sync_secret_keyring_available (void)
{
  g_autoptr(GDBusConnection) bus = NULL;

  if (g_strcmp0 (g_getenv ("LALAN_SECRET_STORE"), "file") == 0 || !session_bus_exists ())
    return FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return FALSE;

  return name_is_available (bus, "NameHasOwner", "org.freedesktop.secrets") ||
         name_is_available (bus, "ListActivatableNames", "org.freedesktop.secrets");
}

/**
 * lalan_sync_secret_get_file_path:
 *
 * Returns: (transfer full): the file that keeps the secret when there is
 *   no keyring
 */
char *
lalan_sync_secret_get_file_path (void)
{
  return g_build_filename (lalan_paths_get_data_dir (), SECRET_FILE_NAME, NULL);
}

static gboolean
store_in_file (const char  *server_key,
               const char  *secret,
               GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *path = lalan_sync_secret_get_file_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (!lalan_paths_ensure_data_dir (error))
    return FALSE;

  /* The folder too: a file made readable by mistake later is still out of
   * reach. */
  g_chmod (lalan_paths_get_data_dir (), 0700);

  g_key_file_set_string (key_file, SECRET_GROUP, "server", server_key);
  g_key_file_set_string (key_file, SECRET_GROUP, "secret", secret);
  contents = g_key_file_to_data (key_file, &length, NULL);

  if (!g_file_set_contents_full (path, contents, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NO_KEYRING,
                   _("The server’s password or token could not be saved: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

static char *
lookup_in_file (const char  *server_key,
                GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *path = lalan_sync_secret_get_file_path ();
  g_autofree char *stored_key = NULL;
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    return NULL;

  /* A secret others could read is no longer a secret: say so instead of
   * using it quietly. */
  if ((buf.st_mode & 0077) != 0)
    {
      g_set_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NO_KEYRING,
                   _("The file that keeps the server’s password (%s) can be read by other users. "
                     "Set the server again to make a new one."), path);
      return NULL;
    }

  if (!g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, NULL))
    {
      g_set_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NO_KEYRING,
                   _("The file that keeps the server’s password (%s) is damaged. Set the server again."),
                   path);
      return NULL;
    }

  stored_key = g_key_file_get_string (key_file, SECRET_GROUP, "server", NULL);
  if (g_strcmp0 (stored_key, server_key) != 0)
    return NULL;

  return g_key_file_get_string (key_file, SECRET_GROUP, "secret", NULL);
}

static void
clear_file (void)
{
  g_autofree char *path = lalan_sync_secret_get_file_path ();

  if (g_unlink (path) != 0 && errno != ENOENT)
    g_message ("Could not remove %s: %s", path, g_strerror (errno));
}

/**
 * lalan_sync_secret_store:
 * @server_key: the server's public address (without the secret)
 * @secret: the token or password
 * @place: (out) (optional): where it was kept
 * @error: a location for a #GError
 *
 * Keeps the secret of this data folder's server, replacing any other. May
 * block on D-Bus: never call it on the UI thread.
 *
 * Returns: %TRUE when it was kept
 */
gboolean
lalan_sync_secret_store (const char        *server_key,
                         const char        *secret,
                         LalanSecretPlace  *place,
                         GError           **error)
{
  g_autofree char *label = NULL;
  g_autoptr(GError) keyring_error = NULL;

  g_return_val_if_fail (server_key != NULL, FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  if (place != NULL)
    *place = LALAN_SECRET_PLACE_NONE;

  if (lalan_sync_secret_keyring_available ())
    {
      label = g_strdup_printf (_("Lalan: the password of %s"), server_key);
      /* One secret per data folder: the old server's goes first. */
      secret_password_clear_sync (get_schema (), NULL, NULL,
                                  "data-dir", lalan_paths_get_data_dir (),
                                  NULL);
      if (secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                                      NULL, &keyring_error,
                                      "data-dir", lalan_paths_get_data_dir (),
                                      "server", server_key,
                                      NULL))
        {
          clear_file ();
          if (place != NULL)
            *place = LALAN_SECRET_PLACE_KEYRING;
          return TRUE;
        }

      g_message ("The keyring refused the server secret (%s); keeping it in a private file",
                 keyring_error->message);
    }

  if (!store_in_file (server_key, secret, error))
    return FALSE;

  if (place != NULL)
    *place = LALAN_SECRET_PLACE_FILE;
  return TRUE;
}

/**
 * lalan_sync_secret_lookup:
 * @server_key: the server's public address
 * @place: (out) (optional): where it was found
 * @error: a location for a #GError
 *
 * Finds the secret kept for @server_key. May block on D-Bus (and the
 * keyring may ask the person to unlock it): never on the UI thread.
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL when none is
 *   kept (@error unset) or it cannot be read (@error set)
 */
char *
lalan_sync_secret_lookup (const char        *server_key,
                          LalanSecretPlace  *place,
                          GError           **error)
{
  g_autoptr(GError) keyring_error = NULL;
  char *secret;

  g_return_val_if_fail (server_key != NULL, NULL);

  if (place != NULL)
    *place = LALAN_SECRET_PLACE_NONE;

  if (lalan_sync_secret_keyring_available ())
    {
      secret = secret_password_lookup_sync (get_schema (), NULL, &keyring_error,
                                            "data-dir", lalan_paths_get_data_dir (),
                                            "server", server_key,
                                            NULL);
      if (secret != NULL)
        {
          char *copy = g_strdup (secret);

          secret_password_free (secret);
          if (place != NULL)
            *place = LALAN_SECRET_PLACE_KEYRING;
          return copy;
        }
      if (keyring_error != NULL)
        g_message ("The keyring could not be read: %s", keyring_error->message);
    }

  secret = lookup_in_file (server_key, error);
  if (secret != NULL && place != NULL)
    *place = LALAN_SECRET_PLACE_FILE;

  return secret;
}

/**
 * lalan_sync_secret_clear:
 *
 * Forgets this data folder's server secret, wherever it is kept.
 */
void
lalan_sync_secret_clear (void)
{
  if (lalan_sync_secret_keyring_available ())
    secret_password_clear_sync (get_schema (), NULL, NULL,
                                "data-dir", lalan_paths_get_data_dir (),
                                NULL);
  clear_file ();
}
