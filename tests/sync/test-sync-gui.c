/* test-sync-gui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync GUI as a person meets it: the indicator in the header, the
 * Sync page with every unsent record in plain words and its buttons, and
 * Preferences → Server testing and saving a lalan-inventory started on
 * 127.0.0.1, after which the waiting records go.
 */

#include "config.h"

#include "lalan-application.h"
#include "lalan-inventory-test.h"
#include "lalan-preferences-window.h"
#include "lalan-sync-test.h"
#include "lalan-test.h"
#include "lalan-window.h"
#include "sync/lalan-server-page.h"
#include "sync/lalan-sync-dialog.h"
#include "sync/lalan-sync-indicator.h"

#include <adwaita.h>
#include <string.h>

static LalanApplication *app;
static LalanWindow *window;

typedef gboolean (*DoneFunc) (gpointer data);

static void
iterate_until (DoneFunc    done,
               gpointer    data,
               const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static gboolean
scheduler_settled (gpointer data)
{
  LalanSyncScheduler *scheduler = lalan_application_get_sync_scheduler (app);

  return scheduler != NULL && lalan_sync_scheduler_get_state (scheduler) != LALAN_SYNC_STATE_SENDING &&
         lalan_sync_scheduler_get_n_waiting (scheduler) + lalan_sync_scheduler_get_n_review (scheduler) > 0 &&
         lalan_sync_scheduler_get_problem (scheduler) != NULL;
}

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (found);
  return found;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }

  return NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;

  return n;
}

static AdwActionRow *
find_row (GtkListBox *list,
          const char *title)
{
  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (ADW_IS_ACTION_ROW (row) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
        return ADW_ACTION_ROW (row);
    }

  return NULL;
}

static gboolean
rows_are (gpointer data)
{
  GtkListBox *list = data;

  g_main_context_iteration (NULL, FALSE);
  return count_rows (list) == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list), "expected"));
}

static gboolean
state_is_review_gone (gpointer data)
{
  return lalan_sync_scheduler_get_n_review (lalan_application_get_sync_scheduler (app)) == 0;
}

static void
fill_store (void)
{
  g_autoptr(LalanStore) store = lalan_sync_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = lalan_sync_test_minimal_xml ("lalan_household", lalan_sync_test_household_version (), "uuid:refused", NULL, "r");

  g_free (lalan_sync_test_add_household (store, 1, "uuid:first-household"));
  g_free (lalan_sync_test_add_household (store, 2, "uuid:second-household"));
  lalan_sync_test_add_record (store, "uuid:refused", "lalan_household", lalan_sync_test_household_version (), xml);
  g_assert_true (lalan_store_mark_needs_review (store, "uuid:refused", "http-404",
                                                "This form or this version of it is not on the server.", &error));
  g_assert_no_error (error);
  lalan_store_close (store);
}

/* No server yet: the header says sending waits for a person, and the
 * Sync page lists every record in plain words. */
static void
test_indicator_and_page (void)
{
  LalanSyncIndicator *indicator = child (window, LALAN_TYPE_WINDOW, "sync_indicator");
  LalanSyncScheduler *scheduler;
  LalanSyncDialog *dialog;
  GtkListBox *list;
  AdwActionRow *refused;
  AdwActionRow *waiting;

  iterate_until (scheduler_settled, NULL, "the scheduler's first run");
  scheduler = lalan_application_get_sync_scheduler (app);
  g_assert_cmpint (lalan_sync_scheduler_get_state (scheduler), ==, LALAN_SYNC_STATE_PAUSED);
  g_assert_nonnull (strstr (lalan_sync_scheduler_get_problem (scheduler), "No server is set up"));

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (indicator)));
  g_assert_cmpstr (lalan_sync_indicator_get_text (indicator), ==, "Not sending");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (indicator)), "No server is set up"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sync", NULL);
  dialog = LALAN_SYNC_DIALOG (find_toplevel (LALAN_TYPE_SYNC_DIALOG));
  g_assert_nonnull (dialog);

  list = child (dialog, LALAN_TYPE_SYNC_DIALOG, "records_list");
  g_object_set_data (G_OBJECT (list), "expected", GUINT_TO_POINTER (3));
  iterate_until (rows_are, list, "three rows");

  refused = find_row (list, "lalan_household refused");
  waiting = find_row (list, "lalan_household first-household");
  g_assert_nonnull (refused);
  g_assert_nonnull (waiting);
  g_assert_cmpstr (adw_action_row_get_subtitle (refused), ==,
                   "Needs review. This form or this version of it is not on the server.");
  g_assert_cmpstr (adw_action_row_get_subtitle (waiting), ==, "Waiting to be sent.");

  g_assert_cmpstr (adw_preferences_row_get_title (child (dialog, LALAN_TYPE_SYNC_DIALOG, "status_row")), ==,
                   "Sending is paused");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, LALAN_TYPE_SYNC_DIALOG, "contact_row")), ==, "Never");

  /* "Try again now" on the refused record puts it back in the queue. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sync.retry", "s", "uuid:refused");
  iterate_until (state_is_review_gone, NULL, "the record back in the queue");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
page_idle (gpointer data)
{
  return !lalan_server_page_get_busy (data);
}

static gboolean
all_sent (gpointer data)
{
  LalanSyncScheduler *scheduler = lalan_application_get_sync_scheduler (app);

  return lalan_sync_scheduler_get_state (scheduler) == LALAN_SYNC_STATE_IDLE &&
         lalan_sync_scheduler_get_n_waiting (scheduler) == 0;
}

static void
click (gpointer    widget,
       GType       type,
       const char *name)
{
  g_signal_emit_by_name (child (widget, type, name), "clicked");
}

/* Preferences → Server: a sentence for a wrong address, a test that says
 * what it found, a save that makes the waiting records go. */
static void
test_server_page (void)
{
  g_autoptr(LalanInventoryTestServer) server = lalan_inventory_test_server_new ();
  g_autofree char *url = NULL;
  g_autofree char *wrong = NULL;
  LalanPreferencesWindow *preferences;
  LalanServerPage *page;
  LalanSyncIndicator *indicator = child (window, LALAN_TYPE_WINDOW, "sync_indicator");

  lalan_inventory_test_server_start (server, NULL);
  url = lalan_sync_test_token_url (server->base_url, server->token);
  wrong = lalan_sync_test_token_url (server->base_url, "000000000000000000000000000000000000000000000000");

  preferences = lalan_preferences_window_new (app);
  gtk_window_present (GTK_WINDOW (preferences));
  page = child (preferences, LALAN_TYPE_PREFERENCES_WINDOW, "server_page");
  iterate_until (page_idle, page, "the page to load");

  gtk_editable_set_text (child (page, LALAN_TYPE_SERVER_PAGE, "url_row"), "http://inventory.example.org/v1/key/a/projects/1");
  click (page, LALAN_TYPE_SERVER_PAGE, "save_button");
  iterate_until (page_idle, page, "the save");
  g_assert_nonnull (strstr (lalan_server_page_get_message (page), "https://"));

  gtk_editable_set_text (child (page, LALAN_TYPE_SERVER_PAGE, "url_row"), wrong);
  click (page, LALAN_TYPE_SERVER_PAGE, "test_button");
  iterate_until (page_idle, page, "the test");
  g_assert_nonnull (strstr (lalan_server_page_get_message (page), "refused the token"));

  gtk_editable_set_text (child (page, LALAN_TYPE_SERVER_PAGE, "url_row"), url);
  click (page, LALAN_TYPE_SERVER_PAGE, "test_button");
  iterate_until (page_idle, page, "the test");
  g_assert_nonnull (strstr (lalan_server_page_get_message (page), "It offers 4 forms"));
  g_assert_nonnull (strstr (lalan_server_page_get_message (page), "Choose Save"));

  click (page, LALAN_TYPE_SERVER_PAGE, "save_button");
  iterate_until (page_idle, page, "the save");
  g_assert_true (g_str_has_prefix (lalan_server_page_get_message (page), "Saved."));
  /* The token is never shown again. */
  g_assert_null (strstr (gtk_editable_get_text (child (page, LALAN_TYPE_SERVER_PAGE, "url_row")), server->token));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, LALAN_TYPE_SERVER_PAGE, "secret_label")),
                            "no keyring service"));

  /* Saving made the scheduler send: every record reaches the server. */
  iterate_until (all_sent, NULL, "the records sent");
  g_assert_cmpuint (lalan_inventory_test_count_records (server->data_dir, "lalan_household", NULL), ==, 3);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator)));

  /* Testing the saved server, as shown, uses its kept token. */
  click (page, LALAN_TYPE_SERVER_PAGE, "test_button");
  iterate_until (page_idle, page, "the test");
  g_assert_nonnull (strstr (lalan_server_page_get_message (page), "It offers 4 forms"));
  g_assert_null (strstr (lalan_server_page_get_message (page), "Choose Save"));

  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  lalan_sync_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  fill_store ();
  app = lalan_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = lalan_window_new (app);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/sync/gui/indicator-and-page", test_indicator_and_page);
  g_test_add_func ("/sync/gui/server-page", test_server_page);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return status;
}
