/* test-server-lessons-gui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Get Lessons From the Server" through its widgets, against
 * lalan-inventory --lessons-dir on 127.0.0.1: the catalogue listed with
 * what is installed, a pack downloaded and checked, and the sentence when
 * no server is set up.
 */

#include "config.h"

#include "lalan-inventory-test.h"
#include "lalan-library.h"
#include "lalan-store.h"
#include "lalan-sync-test.h"
#include "lalan-test.h"
#include "lessons-fixture.h"

#include "learn/lalan-server-lessons-dialog.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

static LalanInventoryTestServer *server;
static char *pack_sha256;

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static const char *
visible_page (LalanServerLessonsDialog *dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (find_widget (GTK_WIDGET (dialog), GTK_TYPE_STACK)));
}

static GtkWidget *
first_row (LalanServerLessonsDialog *dialog)
{
  GtkWidget *stack = find_widget (GTK_WIDGET (dialog), GTK_TYPE_STACK);
  GtkWidget *list = find_widget (gtk_stack_get_child_by_name (GTK_STACK (stack), "list"), GTK_TYPE_LIST_BOX);

  return GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
}

static void
on_downloaded_cb (LalanServerLessonsDialog  *dialog,
                  const char                *path,
                  char                     **out)
{
  *out = g_strdup (path);
}

static void
test_no_server (void)
{
  g_autoptr(LalanStore) store = lalan_store_open (NULL, NULL);
  LalanServerLessonsDialog *dialog = lalan_server_lessons_dialog_new (NULL, store, NULL);
  AdwStatusPage *page;

  gtk_window_present (GTK_WINDOW (dialog));
  lalan_test_wait_until (g_strcmp0 (visible_page (dialog), "error") == 0);
  page = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (GTK_STACK (find_widget (GTK_WIDGET (dialog), GTK_TYPE_STACK)), "error"));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "No server is set up"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_download (void)
{
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanLibrary) library = NULL;
  g_autofree char *url = lalan_sync_test_token_url (server->base_url, server->token);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  LalanServerLessonsDialog *dialog;
  GtkWidget *row, *button;
  gsize length;

  g_assert_cmpint (lalan_test_run_cli (NULL, NULL, "server", "set", url, NULL), ==, 0);
  store = lalan_store_open (NULL, NULL);
  library = lalan_library_new ();

  dialog = lalan_server_lessons_dialog_new (NULL, store, library);
  g_signal_connect (dialog, "downloaded", G_CALLBACK (on_downloaded_cb), &path);
  gtk_window_present (GTK_WINDOW (dialog));
  lalan_test_wait_until (g_strcmp0 (visible_page (dialog), "list") == 0);

  row = first_row (dialog);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "<b>Served</b> lessons");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Not installed"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Version 2.0"));

  /* Titles from a server are text, never markup. */
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));

  button = find_widget (row, GTK_TYPE_BUTTON);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate (button);

  lalan_test_wait_until (path != NULL);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (sha, ==, pack_sha256);
  g_assert_true (g_str_has_prefix (path, lalan_test_get_data_dir ()));
  g_unlink (path);
}

static void
test_installed_shown (void)
{
  g_autoptr(LalanStore) store = NULL;
  g_autoptr(LalanLibrary) library = NULL;
  LalanServerLessonsDialog *dialog;
  GtkWidget *row, *button;

  g_assert_cmpint (lalan_test_run_cli (NULL, NULL, "pack", "install", "--from-server", "test.served", NULL), ==, 0);
  store = lalan_store_open (NULL, NULL);
  library = lalan_library_new ();

  dialog = lalan_server_lessons_dialog_new (NULL, store, library);
  gtk_window_present (GTK_WINDOW (dialog));
  lalan_test_wait_until (g_strcmp0 (visible_page (dialog), "list") == 0);

  row = first_row (dialog);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Installed"));
  button = find_widget (row, GTK_TYPE_BUTTON);
  g_assert_false (gtk_widget_get_sensitive (button));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int    argc,
      char **argv)
{
  const char *lessons[] = { "hello", NULL };
  g_autofree char *tmp = NULL;
  g_autofree char *served = NULL;
  g_autofree char *source = NULL;
  g_autofree char *file = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  int status;

  lalan_sync_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  /* A pack whose title would be bold if it were read as markup. */
  tmp = lalan_test_make_tmp_dir ("server-lessons");
  served = g_build_filename (tmp, "served", NULL);
  g_assert_cmpint (g_mkdir (served, 0700), ==, 0);
  source = fixture_write_pack (tmp, "test.served", "2.0", lessons);
  manifest = g_build_filename (source, "pack.json", NULL);
  g_assert_true (g_file_get_contents (manifest, &contents, NULL, NULL));
  {
    g_autoptr(GString) edited = g_string_new (contents);

    g_assert_cmpuint (g_string_replace (edited, "\"title\": {\"zh_TW\": \"測試\", \"en\": \"Test\"}",
                                        "\"title\": {\"zh_TW\": \"<b>Served</b> lessons\", \"en\": \"<b>Served</b> lessons\"}", 1), ==, 1);
    g_assert_true (g_file_set_contents (manifest, edited->str, -1, NULL));
  }
  g_clear_pointer (&contents, g_free);
  file = g_build_filename (served, "served.lalanpack", NULL);
  g_assert_cmpint (lalan_test_run_cli (NULL, NULL, "pack", "build", source, "--to", file, NULL), ==, 0);
  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  pack_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);

  server = lalan_inventory_test_server_new ();
  lalan_inventory_test_server_start (server, "--lessons-dir", served, NULL);

  g_test_add_func ("/server-lessons/no-server", test_no_server);
  g_test_add_func ("/server-lessons/download", test_download);
  g_test_add_func ("/server-lessons/installed-shown", test_installed_shown);

  status = g_test_run ();

  lalan_inventory_test_server_free (server);
  lalan_test_remove_tree (tmp);
  g_free (pack_sha256);

  return status;
}
