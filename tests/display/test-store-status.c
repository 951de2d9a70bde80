/* test-store-status.c — what a person sees when the database cannot be
 * opened, or was found damaged and moved aside.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-application.h"
#include "lalan-paths.h"
#include "lalan-test.h"
#include "lalan-window.h"

#include <adwaita.h>
#include <string.h>

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
  g_assert_true (done (data));
}

static gboolean
store_settled (gpointer data)
{
  LalanApplication *app = data;

  return lalan_application_get_store (app) != NULL ||
         lalan_application_get_store_error (app) != NULL;
}

static GtkWidget *
find_child_of_type (GtkWidget *root,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return find_message_dialog () != NULL;
}

static LalanApplication *
start_app (void)
{
  LalanApplication *app = lalan_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  return app;
}

static void
test_cannot_open (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("store-status");
  g_autofree char *file = g_build_filename (tmp, "not-a-folder", NULL);
  g_autofree char *bad_dir = g_build_filename (file, "data", NULL);
  g_autofree char *good_dir = g_build_filename (tmp, "data", NULL);
  LalanApplication *app;
  LalanWindow *window;
  GtkRevealer *banner;

  /* The data folder cannot be made: a file is in the way. */
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  lalan_paths_set_data_dir_override (bad_dir);

  app = start_app ();
  window = lalan_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (store_settled, app);
  g_assert_null (lalan_application_get_store (app));

  banner = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (window), LALAN_TYPE_WINDOW, "store_banner"));
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  {
    GtkLabel *label = GTK_LABEL (find_child_of_type (GTK_WIDGET (banner), GTK_TYPE_LABEL));

    /* A sentence, naming the folder, with no SQL or errno in it. */
    g_assert_nonnull (strstr (gtk_label_get_text (label), "nothing can be saved"));
    g_assert_nonnull (strstr (gtk_label_get_text (label), bad_dir));
  }

  /* Once the problem is solved, "Try Again" opens the store. */
  lalan_paths_set_data_dir_override (good_dir);
  g_signal_emit_by_name (find_child_of_type (GTK_WIDGET (banner), GTK_TYPE_BUTTON), "clicked");
  iterate_until (store_settled, app);
  if (lalan_application_get_store_error (app) != NULL)
    g_test_message ("%s", lalan_application_get_store_error (app)->message);
  g_assert_nonnull (lalan_application_get_store (app));
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  g_object_unref (app);
  lalan_paths_set_data_dir_override (lalan_test_get_data_dir ());
  lalan_test_remove_tree (tmp);
}

static void
test_damaged_database (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("store-status");
  g_autofree char *db = g_build_filename (tmp, "lalan.db", NULL);
  g_autofree char *garbage = g_strnfill (8192, 'Z');
  g_autoptr(GDir) dir = NULL;
  LalanApplication *app;
  LalanWindow *window;
  AdwMessageDialog *dialog;
  gboolean kept = FALSE;
  const char *name;

  g_assert_true (g_file_set_contents (db, garbage, -1, NULL));
  lalan_paths_set_data_dir_override (tmp);

  app = start_app ();
  window = lalan_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (store_settled, app);
  g_assert_nonnull (lalan_application_get_store (app));

  /* The person is told, in a sentence, where the damaged file went. */
  iterate_until (dialog_shown, NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (lalan_application_get_recovery_notice (app));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), tmp));

  adw_message_dialog_response (dialog, "ok");
  g_assert_null (lalan_application_get_recovery_notice (app));

  /* The damaged file was kept, not deleted. */
  dir = g_dir_open (tmp, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp, name, NULL);
      g_autofree char *contents = NULL;

      if (g_str_has_prefix (name, "lalan.db.") &&
          g_file_get_contents (path, &contents, NULL, NULL) &&
          g_str_equal (contents, garbage))
        kept = TRUE;
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  g_object_unref (app);
  lalan_paths_set_data_dir_override (lalan_test_get_data_dir ());

  if (!kept)
    {
      g_autofree char *listing = NULL;

      g_spawn_command_line_sync ("ls -la", &listing, NULL, NULL, NULL);
      g_test_message ("%s", listing);
    }
  g_assert_true (kept);
  lalan_test_remove_tree (tmp);
}

static void
test_in_subprocess (void)
{
  g_autofree char *path = g_strconcat (g_test_get_path (), "/subprocess", NULL);

  g_test_trap_subprocess (path, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  /* Each in a process of its own: one application, one store per process. */
  g_test_add_func ("/store-status/cannot-open", test_in_subprocess);
  g_test_add_func ("/store-status/cannot-open/subprocess", test_cannot_open);
  g_test_add_func ("/store-status/damaged", test_in_subprocess);
  g_test_add_func ("/store-status/damaged/subprocess", test_damaged_database);

  return g_test_run ();
}
