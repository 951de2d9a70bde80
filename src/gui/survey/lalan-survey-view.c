/* lalan-survey-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-survey-view.h"

#include "lalan-application.h"
#include "lalan-bundled-forms.h"
#include "lalan-form-view.h"
#include "lalan-record-list.h"
#include "lalan-record-row.h"
#include "lalan-records-export.h"
#include "lalan-survey-a11y.h"

#include <glib/gi18n.h>

/**
 * LalanSurveyView:
 *
 * The Survey area: the forms a volunteer can start, and the records of
 * this computer — drafts, finished ones waiting to be sent, sent ones and
 * ones the server refused — filtered by state and searched by village or
 * name, in a list that reads the store a page at a time (10,000 records
 * open as fast as 10). A record opens in the #LalanFormView on the same
 * spot; records can be exported to a zip of CSV tables for a spreadsheet.
 */

struct _LalanSurveyView
{
  GtkWidget             parent_instance;

  /* template children */
  GtkStack             *stack;
  GtkMenuButton        *new_button;
  GtkPopover           *new_popover;
  GtkListBox           *new_list;
  GtkListBox           *start_list;
  GtkLabel             *counts_label;
  GtkToggleButton      *select_button;
  GtkButton            *export_button;
  GtkButton            *export_selected_button;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *state_drop_down;
  GtkRevealer          *selection_bar;
  GtkLabel             *selection_label;
  GtkStack             *list_stack;
  GtkListView          *records_view;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *waiting_page;
  LalanFormView        *form_view;

  /* owned */
  LalanStore           *store;
  LalanRecordList      *records;
  GtkStringList        *state_names;
  GHashTable           *forms;          /* "id\nversion" → LalanForm */
  GHashTable           *latest;         /* form id → latest version */
  GHashTable           *selected;       /* instance ids */
  GPtrArray            *rows;           /* LalanRecordRow alive, borrowed */
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  GStrv                 export_ids;

  gulong                records_changed_handler;
  gboolean              opening;
  gboolean              syncing_states;
};

G_DEFINE_FINAL_TYPE (LalanSurveyView, lalan_survey_view, GTK_TYPE_WIDGET)

enum {
  RECORD_OPENED,
  EXPORT_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The filter's choices, in the order of the drop-down. */
static const LalanRecordState filter_states[] = {
  0,
  LALAN_RECORD_STATE_DRAFT,
  LALAN_RECORD_STATE_FINALIZED,
  LALAN_RECORD_STATE_SENT,
  LALAN_RECORD_STATE_NEEDS_REVIEW,
};

static const char *
filter_name (guint index)
{
  switch (index)
    {
    case 0: return _("All Records");
    case 1: return _("Drafts");
    case 2: return _("Ready to Send");
    case 3: return _("Sent");
    default: return _("Needs Review");
    }
}

static const char *
form_title (const char *form_id)
{
  const char *title = lalan_bundled_forms_get_title (form_id);

  return title != NULL ? title : form_id;
}

static void
show_toast (LalanSurveyView *self,
            const char      *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

/* The list -------------------------------------------------------------- */

static void
update_list_page (LalanSurveyView *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean filtered = gtk_drop_down_get_selected (self->state_drop_down) != 0 || *search != '\0';
  const char *page;

  if (self->records == NULL)
    page = "waiting";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->records)) > 0)
    page = "list";
  else if (lalan_record_list_get_loading (self->records))
    return;
  else
    page = filtered ? "no-match" : "empty";
  gtk_stack_set_visible_child_name (self->list_stack, page);
}

static void
update_selection (LalanSurveyView *self)
{
  guint n = g_hash_table_size (self->selected);
  g_autofree char *text = NULL;
  gboolean mode = gtk_toggle_button_get_active (self->select_button);

  if (n == 0)
    text = g_strdup (_("Choose the records to export."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record chosen", "%u records chosen", n), n);
  gtk_label_set_text (self->selection_label, text);
  gtk_revealer_set_reveal_child (self->selection_bar, mode);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "survey.export-selected", mode && n > 0);

  for (guint i = 0; i < self->rows->len; i++)
    {
      LalanRecordRow *row = g_ptr_array_index (self->rows, i);
      LalanRecord *record = lalan_record_row_get_record (row);

      lalan_record_row_set_selection_mode (row, mode, record != NULL &&
                                           g_hash_table_contains (self->selected, lalan_record_get_instance_id (record)));
    }
}

static void
on_row_check_toggled_cb (LalanSurveyView *self,
                         GParamSpec      *pspec,
                         GtkCheckButton  *check)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), LALAN_TYPE_RECORD_ROW);
  LalanRecord *record = lalan_record_row_get_record (LALAN_RECORD_ROW (row));
  const char *id;
  gboolean active = gtk_check_button_get_active (check);

  if (record == NULL)
    return;
  id = lalan_record_get_instance_id (record);
  if (active == g_hash_table_contains (self->selected, id))
    return;
  if (active)
    g_hash_table_add (self->selected, g_strdup (id));
  else
    g_hash_table_remove (self->selected, id);
  update_selection (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              LalanSurveyView          *self)
{
  GtkWidget *row = lalan_record_row_new ();

  g_signal_connect_object (lalan_record_row_get_check (LALAN_RECORD_ROW (row)), "notify::active",
                           G_CALLBACK (on_row_check_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_list_item_set_child (item, row);
  g_ptr_array_add (self->rows, row);
}

static void
teardown_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 LalanSurveyView          *self)
{
  g_ptr_array_remove (self->rows, gtk_list_item_get_child (item));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             LalanSurveyView          *self)
{
  LalanRecordRow *row = LALAN_RECORD_ROW (gtk_list_item_get_child (item));
  LalanRecord *record = gtk_list_item_get_item (item);

  lalan_record_row_bind (row, record, record ? form_title (lalan_record_get_form_id (record)) : "");
  lalan_record_row_set_selection_mode (row, gtk_toggle_button_get_active (self->select_button),
                                       record != NULL &&
                                       g_hash_table_contains (self->selected, lalan_record_get_instance_id (record)));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               LalanSurveyView          *self)
{
  lalan_record_row_bind (LALAN_RECORD_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

static void
apply_filter (LalanSurveyView *self)
{
  guint selected = gtk_drop_down_get_selected (self->state_drop_down);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (search));

  if (self->records == NULL || self->syncing_states)
    return;
  lalan_record_list_set_filter (self->records,
                                selected < G_N_ELEMENTS (filter_states) ? filter_states[selected] : 0,
                                NULL, *trimmed != '\0' ? trimmed : NULL);
}

static void
on_search_changed_cb (LalanSurveyView *self)
{
  apply_filter (self);
}

static void
counts_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LalanSurveyView *self = user_data;
  g_autoptr(GError) error = NULL;
  LalanRecordCounts counts = { 0 };
  guint numbers[5];
  guint selected;
  g_autofree char *total = NULL;

  if (!lalan_store_count_records_by_state_finish (LALAN_STORE (object), result, &counts, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("The records could not be counted: %s", error->message);
      return;
    }

  numbers[0] = counts.total;
  numbers[1] = counts.draft;
  numbers[2] = counts.finalized;
  numbers[3] = counts.sent;
  numbers[4] = counts.needs_review;

  /* Relabel without losing what is chosen. */
  selected = gtk_drop_down_get_selected (self->state_drop_down);
  self->syncing_states = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      /* Translators: a record state and how many records are in it */
      g_autofree char *name = g_strdup_printf (_("%s (%u)"), filter_name (i), numbers[i]);
      const char *add[] = { name, NULL };

      gtk_string_list_splice (self->state_names, i, 1, add);
    }
  gtk_drop_down_set_selected (self->state_drop_down, selected);
  self->syncing_states = FALSE;

  if (counts.needs_review > 0)
    total = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record needs correcting", "%u records need correcting",
                                          counts.needs_review), counts.needs_review);
  else if (counts.finalized > 0)
    total = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record waits to be sent", "%u records wait to be sent",
                                          counts.finalized), counts.finalized);
  else
    total = g_strdup ("");
  gtk_label_set_text (self->counts_label, total);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "survey.export-all", counts.total > 0);
}

static void
update_counts (LalanSurveyView *self)
{
  if (self->store != NULL)
    lalan_store_count_records_by_state_async (self->store, self->cancellable, counts_cb, self);
}

static void
on_records_changed_cb (LalanSurveyView *self)
{
  /* While a record is filled, every answer changes it: count once the
   * list is in sight again. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "home") == 0)
    update_counts (self);
}

static void
on_state_selected_cb (LalanSurveyView *self)
{
  apply_filter (self);
}

/* Forms to start -------------------------------------------------------- */

static GtkWidget *
make_form_row (LalanFormInfo *info)
{
  GtkWidget *row = adw_action_row_new ();
  const char *description = lalan_bundled_forms_get_description (info->form_id);
  g_autofree char *subtitle = NULL;

  /* Translators: a form's description, then its version */
  subtitle = description != NULL ? g_strdup_printf (_("%s Version %s."), description, info->version)
                                 : g_strdup_printf (_("Version %s."), info->version);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), form_title (info->form_id));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "lalan-form-id", g_strdup (info->form_id), g_free);
  return row;
}

static int
form_order (gconstpointer a,
            gconstpointer b)
{
  const LalanFormInfo *x = *(LalanFormInfo * const *) a;
  const LalanFormInfo *y = *(LalanFormInfo * const *) b;
  const char * const *ids = lalan_bundled_forms_get_ids ();
  guint rx = G_MAXUINT, ry = G_MAXUINT;

  /* The shipped forms first, in the order volunteers need them. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (g_str_equal (ids[i], x->form_id))
        rx = i;
      if (g_str_equal (ids[i], y->form_id))
        ry = i;
    }
  if (rx != ry)
    return rx < ry ? -1 : 1;
  return g_strcmp0 (x->form_id, y->form_id);
}

static void
forms_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  LalanSurveyView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = lalan_store_list_forms_finish (LALAN_STORE (object), result, &error);
  GtkWidget *row;

  if (forms == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  g_ptr_array_sort (forms, form_order);
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->new_list))) != NULL)
    gtk_list_box_remove (self->new_list, row);
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->start_list))) != NULL)
    gtk_list_box_remove (self->start_list, row);

  for (guint i = 0; i < forms->len; i++)
    {
      LalanFormInfo *info = g_ptr_array_index (forms, i);

      g_hash_table_replace (self->latest, g_strdup (info->form_id), g_strdup (info->version));
      gtk_list_box_append (self->new_list, make_form_row (info));
      gtk_list_box_append (self->start_list, make_form_row (info));
    }
}

/* Opening a record ------------------------------------------------------ */

typedef struct
{
  char *instance_id;
  char *form_id;
  char *version;
} LoadRequest;

typedef struct
{
  LalanRecord *record;
  char        *form_id;
  char        *version;
  char        *form_xml;
} Loaded;

static void
load_request_free (LoadRequest *request)
{
  g_free (request->instance_id);
  g_free (request->form_id);
  g_free (request->version);
  g_free (request);
}

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->record);
  g_free (loaded->form_id);
  g_free (loaded->version);
  g_free (loaded->form_xml);
  g_free (loaded);
}

static char *
form_key (const char *form_id,
          const char *version)
{
  return g_strconcat (form_id, "\n", version, NULL);
}

static gpointer
load_in_worker (LalanStore    *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  LoadRequest *request = data;
  Loaded *loaded = g_new0 (Loaded, 1);

  if (request->instance_id != NULL)
    {
      loaded->record = lalan_store_get_record (store, request->instance_id, error);
      if (loaded->record == NULL)
        goto failed;
      loaded->form_id = g_strdup (lalan_record_get_form_id (loaded->record));
      loaded->version = g_strdup (lalan_record_get_form_version (loaded->record));
    }
  else
    {
      loaded->form_id = g_strdup (request->form_id);
      loaded->version = g_strdup (request->version);
    }

  loaded->form_xml = lalan_store_get_form_xml (store, loaded->form_id, loaded->version, error);
  if (loaded->form_xml == NULL)
    goto failed;
  return loaded;

failed:
  loaded_free (loaded);
  return NULL;
}

static void
parse_form_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *xml = task_data;
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  LalanForm *form = lalan_form_new_from_bytes (bytes, &error);

  if (form == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, form, g_object_unref);
}

static void
open_failed (LalanSurveyView *self,
             const GError    *error)
{
  self->opening = FALSE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, error->message);
}

/* With the form in hand: a session for the record, and the form view. */
static void
show_record (LalanSurveyView *self,
             LalanForm       *form,
             LalanRecord     *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanFormSession) session = NULL;
  g_autofree char *device_id = g_strconcat ("lalan:", lalan_store_get_device_id (self->store), NULL);
  LalanFormSessionOptions options = { .device_id = device_id };

  if (record != NULL)
    {
      const char *xml = lalan_record_get_instance_xml (record);
      g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));

      session = lalan_form_session_new_from_instance (form, bytes, LALAN_FORM_RESTORE_DRAFT, &options, &error);
    }
  else
    session = lalan_form_session_new (form, &options, &error);

  self->opening = FALSE;
  if (session == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  gtk_toggle_button_set_active (self->select_button, FALSE);
  lalan_form_view_open (self->form_view, self->store, session, record);
  gtk_stack_set_visible_child_name (self->stack, "form");
  g_signal_emit (self, signals[RECORD_OPENED], 0);
}

typedef struct
{
  LalanSurveyView *self;
  LalanRecord     *record;
  char            *key;
} Parsing;

static void
parsing_free (Parsing *parsing)
{
  g_clear_object (&parsing->self);
  g_clear_object (&parsing->record);
  g_free (parsing->key);
  g_free (parsing);
}

static void
parse_form_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Parsing *parsing = user_data;
  LalanSurveyView *self = parsing->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanForm) form = g_task_propagate_pointer (G_TASK (result), &error);

  if (form == NULL)
    open_failed (self, error);
  else if (self->store != NULL)
    {
      /* Forms never change under an id and version: keep the parsed one. */
      g_hash_table_replace (self->forms, g_strdup (parsing->key), g_object_ref (form));
      show_record (self, form, parsing->record);
    }
  parsing_free (parsing);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LalanSurveyView) self = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = lalan_store_run_finish (LALAN_STORE (object), result, &error);
  g_autofree char *key = NULL;
  LalanForm *form;

  if (loaded == NULL)
    {
      open_failed (self, error);
      return;
    }

  key = form_key (loaded->form_id, loaded->version);
  form = g_hash_table_lookup (self->forms, key);
  if (form != NULL)
    show_record (self, form, loaded->record);
  else
    {
      Parsing *parsing = g_new0 (Parsing, 1);
      g_autoptr(GTask) task = NULL;

      parsing->self = g_object_ref (self);
      parsing->record = loaded->record ? g_object_ref (loaded->record) : NULL;
      parsing->key = g_steal_pointer (&key);
      task = g_task_new (NULL, self->cancellable, parse_form_cb, parsing);
      g_task_set_task_data (task, g_steal_pointer (&loaded->form_xml), g_free);
      g_task_run_in_thread (task, parse_form_thread);
    }
  loaded_free (loaded);
}

static void
load (LalanSurveyView *self,
      const char      *instance_id,
      const char      *form_id)
{
  LoadRequest *request;

  if (self->store == NULL || self->opening)
    return;

  /* A new record of a form already parsed opens at once. */
  if (instance_id == NULL)
    {
      const char *version = g_hash_table_lookup (self->latest, form_id);
      g_autofree char *key = version ? form_key (form_id, version) : NULL;
      LalanForm *form = key ? g_hash_table_lookup (self->forms, key) : NULL;

      if (form != NULL)
        {
          self->opening = TRUE;
          show_record (self, form, NULL);
          return;
        }
    }

  self->opening = TRUE;
  request = g_new0 (LoadRequest, 1);
  request->instance_id = g_strdup (instance_id);
  request->form_id = g_strdup (form_id);
  request->version = g_strdup (form_id ? g_hash_table_lookup (self->latest, form_id) : NULL);
  lalan_store_run_async (self->store, load_in_worker, request, (GDestroyNotify) load_request_free,
                         (GDestroyNotify) loaded_free, self->cancellable, loaded_cb, g_object_ref (self));
}

static void
on_form_row_activated_cb (LalanSurveyView *self,
                          GtkListBoxRow   *row)
{
  const char *form_id = g_object_get_data (G_OBJECT (row), "lalan-form-id");

  gtk_popover_popdown (self->new_popover);
  if (form_id != NULL)
    lalan_survey_view_start_record (self, form_id);
}

static void
on_record_activated_cb (LalanSurveyView *self,
                        guint            position)
{
  g_autoptr(LalanRecord) record = g_list_model_get_item (G_LIST_MODEL (self->records), position);
  const char *id;

  if (record == NULL)
    return;
  id = lalan_record_get_instance_id (record);

  /* Choosing records for an export: a click chooses. */
  if (gtk_toggle_button_get_active (self->select_button))
    {
      if (!g_hash_table_remove (self->selected, id))
        g_hash_table_add (self->selected, g_strdup (id));
      update_selection (self);
      return;
    }
  lalan_survey_view_open_record (self, id);
}

static void
back_home (LalanSurveyView *self)
{
  gtk_stack_set_visible_child_name (self->stack, "home");
  update_counts (self);
}

static void
on_form_closed_cb (LalanSurveyView *self)
{
  back_home (self);
}

static void
on_record_finalized_cb (LalanSurveyView *self,
                        const char      *instance_id)
{
  back_home (self);
  show_toast (self, _("Finished. The record will be sent when there is a network."));
}

static void
on_record_deleted_cb (LalanSurveyView *self)
{
  back_home (self);
  show_toast (self, _("The draft was deleted."));
}

/* Export ------------------------------------------------------------------ */

typedef struct
{
  GStrv  ids;
  char  *path;
  guint  n;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_strfreev (job->ids);
  g_free (job->path);
  g_free (job);
}

static gpointer
export_in_worker (LalanStore    *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ExportJob *job = data;

  if (!lalan_records_export (store, NULL, 0, (const char * const *) job->ids, job->path,
                             &job->n, cancellable, error))
    return NULL;
  return GUINT_TO_POINTER (job->n + 1);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LalanSurveyView) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer n = lalan_store_run_finish (LALAN_STORE (object), result, &error);
  g_autofree char *message = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
  if (n == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      g_signal_emit (self, signals[EXPORT_FINISHED], 0, error);
      return;
    }

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record exported.", "%u records exported.",
                                          GPOINTER_TO_UINT (n) - 1),
                             GPOINTER_TO_UINT (n) - 1);
  show_toast (self, message);
  gtk_toggle_button_set_active (self->select_button, FALSE);
  g_signal_emit (self, signals[EXPORT_FINISHED], 0, NULL);
}

static void
on_chooser_response_cb (LalanSurveyView      *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) ids = g_steal_pointer (&self->export_ids);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }
  g_clear_object (&self->chooser);
  if (path == NULL)
    return;

  if (!g_str_has_suffix (path, ".zip"))
    {
      char *with_suffix = g_strconcat (path, ".zip", NULL);

      g_free (path);
      path = with_suffix;
    }
  lalan_survey_view_export (self, (const char * const *) ids, path);
}

static void
choose_export_file (LalanSurveyView *self,
                    GStrv            ids)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("lalan-records-%s.zip", date);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  g_strfreev (self->export_ids);
  self->export_ids = ids;

  /* GTK 4.8 has no GtkFileDialog; the native chooser also works in the
   * Flatpak sandbox through the portal. */
  self->chooser = gtk_file_chooser_native_new (_("Export Records"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (filter, _("Zip of CSV tables"));
  gtk_file_filter_add_pattern (filter, "*.zip");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  choose_export_file (LALAN_SURVEY_VIEW (widget), NULL);
}

static void
export_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LalanSurveyView *self = LALAN_SURVEY_VIEW (widget);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  if (ids->len == 0)
    return;
  g_ptr_array_add (ids, NULL);
  choose_export_file (self, (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE));
}

static void
on_select_toggled_cb (LalanSurveyView *self)
{
  if (!gtk_toggle_button_get_active (self->select_button))
    g_hash_table_remove_all (self->selected);
  update_selection (self);
}

/* Keyboard ---------------------------------------------------------------- */

static gboolean
on_home (LalanSurveyView *self)
{
  return gtk_widget_get_mapped (GTK_WIDGET (self)) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "home") == 0;
}

static gboolean
new_record_shortcut_cb (GtkWidget *widget,
                        GVariant  *args,
                        gpointer   user_data)
{
  LalanSurveyView *self = LALAN_SURVEY_VIEW (widget);

  if (!on_home (self) || self->store == NULL)
    return FALSE;
  gtk_menu_button_popup (self->new_button);
  return TRUE;
}

static gboolean
search_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  LalanSurveyView *self = LALAN_SURVEY_VIEW (widget);

  if (!on_home (self))
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

/* Following the application's store -------------------------------------- */

static void
on_application_store_cb (LalanSurveyView  *self,
                         GParamSpec       *pspec,
                         LalanApplication *application)
{
  LalanStore *store = lalan_application_get_store (application);

  if (store != NULL)
    lalan_survey_view_set_store (self, store);
}

static void
on_window_application_cb (LalanSurveyView *self,
                          GParamSpec      *pspec,
                          GtkWindow       *window)
{
  GtkApplication *application = gtk_window_get_application (window);

  if (!LALAN_IS_APPLICATION (application) || self->store != NULL)
    return;
  g_signal_connect_object (application, "notify::store", G_CALLBACK (on_application_store_cb),
                           self, G_CONNECT_SWAPPED);
  on_application_store_cb (self, NULL, LALAN_APPLICATION (application));
}

static void
lalan_survey_view_root (GtkWidget *widget)
{
  LalanSurveyView *self = LALAN_SURVEY_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (lalan_survey_view_parent_class)->root (widget);

  /* The window gets its application after it is built. */
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root) && self->store == NULL)
    {
      g_signal_connect_object (root, "notify::application", G_CALLBACK (on_window_application_cb),
                               self, G_CONNECT_SWAPPED);
      on_window_application_cb (self, NULL, GTK_WINDOW (root));
    }
}

static void
lalan_survey_view_dispose (GObject *object)
{
  LalanSurveyView *self = LALAN_SURVEY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->store != NULL)
    g_clear_signal_handler (&self->records_changed_handler, self->store);
  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_SURVEY_VIEW);
  g_clear_object (&self->records);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (lalan_survey_view_parent_class)->dispose (object);
}

static void
lalan_survey_view_finalize (GObject *object)
{
  LalanSurveyView *self = LALAN_SURVEY_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->state_names);
  g_clear_pointer (&self->forms, g_hash_table_unref);
  g_clear_pointer (&self->latest, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->export_ids, g_strfreev);

  G_OBJECT_CLASS (lalan_survey_view_parent_class)->finalize (object);
}

static void
lalan_survey_view_class_init (LalanSurveyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_survey_view_dispose;
  object_class->finalize = lalan_survey_view_finalize;
  widget_class->root = lalan_survey_view_root;

  /**
   * LalanSurveyView::record-opened:
   *
   * A record is shown in the form view, ready to fill or read.
   */
  signals[RECORD_OPENED] = g_signal_new ("record-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LalanSurveyView::export-finished:
   * @error: (nullable): why it failed
   *
   * An export is written, or failed.
   */
  signals[EXPORT_FINISHED] = g_signal_new ("export-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (LALAN_TYPE_FORM_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-survey-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, stack);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, new_button);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, new_popover);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, new_list);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, start_list);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, counts_label);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, select_button);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, export_button);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, export_selected_button);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, state_drop_down);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, selection_label);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, records_view);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, waiting_page);
  gtk_widget_class_bind_template_child (widget_class, LalanSurveyView, form_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_record_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_record_finalized_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_record_deleted_cb);

  gtk_widget_class_install_action (widget_class, "survey.export-all", NULL, export_all_action);
  gtk_widget_class_install_action (widget_class, "survey.export-selected", NULL, export_selected_action);
}

static void
lalan_survey_view_init (LalanSurveyView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_ptr_array_new ();

  self->state_names = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (filter_states); i++)
    gtk_string_list_append (self->state_names, filter_name (i));
  gtk_drop_down_set_model (self->state_drop_down, G_LIST_MODEL (self->state_names));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->state_drop_down));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Show records in a state"), -1);
  g_signal_connect_swapped (self->state_drop_down, "notify::selected", G_CALLBACK (on_state_selected_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_row_cb), self);
  gtk_list_view_set_factory (self->records_view, factory);
  g_object_unref (factory);

  g_signal_connect_swapped (self->select_button, "toggled", G_CALLBACK (on_select_toggled_cb), self);
  lalan_survey_name_button (GTK_WIDGET (self->export_selected_button), NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "survey.export-all", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "survey.export-selected", FALSE);

  /* Window-wide, but only while the records are on screen. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_n, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (new_record_shortcut_cb, NULL, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (search_shortcut_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->list_stack, "waiting");
  update_selection (self);
}

/**
 * lalan_survey_view_set_store:
 * @self: the Survey area
 * @store: the database, once it is open
 *
 * Lists the forms and records of @store. Called by itself when the
 * application has opened its store; tests call it directly.
 */
void
lalan_survey_view_set_store (LalanSurveyView *self,
                             LalanStore      *store)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (LALAN_IS_SURVEY_VIEW (self));
  g_return_if_fail (LALAN_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_clear_signal_handler (&self->records_changed_handler, self->store);
  g_set_object (&self->store, store);

  g_clear_object (&self->records);
  self->records = lalan_record_list_new (store, 0, NULL, NULL);
  g_signal_connect_object (self->records, "items-changed", G_CALLBACK (update_list_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->records, "notify::loading", G_CALLBACK (update_list_page), self, G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->records)));
  gtk_list_view_set_model (self->records_view, GTK_SELECTION_MODEL (selection));
  apply_filter (self);

  self->records_changed_handler = g_signal_connect_swapped (store, "records-changed",
                                                            G_CALLBACK (on_records_changed_cb), self);
  lalan_store_list_forms_async (store, TRUE, self->cancellable, forms_cb, self);
  update_counts (self);
  update_list_page (self);
}

/**
 * lalan_survey_view_get_form_view:
 * @self: the Survey area
 *
 * Returns: (transfer none): where records are filled
 */
LalanFormView *
lalan_survey_view_get_form_view (LalanSurveyView *self)
{
  g_return_val_if_fail (LALAN_IS_SURVEY_VIEW (self), NULL);
  return self->form_view;
}

/**
 * lalan_survey_view_get_records:
 * @self: the Survey area
 *
 * Returns: (transfer none) (nullable): the records listed
 */
GListModel *
lalan_survey_view_get_records (LalanSurveyView *self)
{
  g_return_val_if_fail (LALAN_IS_SURVEY_VIEW (self), NULL);
  return self->records ? G_LIST_MODEL (self->records) : NULL;
}

/**
 * lalan_survey_view_start_record:
 * @self: the Survey area
 * @form_id: a registered form
 *
 * Starts a new record of the latest version of @form_id.
 */
void
lalan_survey_view_start_record (LalanSurveyView *self,
                                const char      *form_id)
{
  g_return_if_fail (LALAN_IS_SURVEY_VIEW (self));
  g_return_if_fail (form_id != NULL);
  load (self, NULL, form_id);
}

/**
 * lalan_survey_view_open_record:
 * @self: the Survey area
 * @instance_id: a stored record
 *
 * Opens a record: a draft to go on with, anything else to read.
 */
void
lalan_survey_view_open_record (LalanSurveyView *self,
                               const char      *instance_id)
{
  g_return_if_fail (LALAN_IS_SURVEY_VIEW (self));
  g_return_if_fail (instance_id != NULL);
  load (self, instance_id, NULL);
}

/**
 * lalan_survey_view_export:
 * @self: the Survey area
 * @instance_ids: (nullable) (array zero-terminated=1): the records, or
 *   %NULL for all
 * @path: the zip to write
 *
 * Exports on the store's worker; #LalanSurveyView::export-finished tells
 * when it is done.
 */
void
lalan_survey_view_export (LalanSurveyView    *self,
                          const char * const *instance_ids,
                          const char         *path)
{
  ExportJob *job;

  g_return_if_fail (LALAN_IS_SURVEY_VIEW (self));
  g_return_if_fail (path != NULL);

  if (self->store == NULL)
    return;
  job = g_new0 (ExportJob, 1);
  job->ids = g_strdupv ((char **) instance_ids);
  job->path = g_strdup (path);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
  show_toast (self, _("Exporting…"));
  lalan_store_run_async (self->store, export_in_worker, job, (GDestroyNotify) export_job_free,
                         NULL, self->cancellable, export_cb, g_object_ref (self));
}

/**
 * lalan_survey_view_use_measurement:
 * @self: the Survey area
 * @measurement_id: (nullable): a stored connectivity test, %NULL for the
 *   latest
 *
 * "Use in survey" from the Connectivity area: the test answers the
 * measurement group of the record being filled.
 *
 * Returns: whether a record could take it
 */
gboolean
lalan_survey_view_use_measurement (LalanSurveyView *self,
                                   const char      *measurement_id)
{
  g_return_val_if_fail (LALAN_IS_SURVEY_VIEW (self), FALSE);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0 &&
      lalan_form_view_use_measurement (self->form_view, measurement_id))
    return TRUE;
  show_toast (self, _("Open a household or community record that is not finished, then use the test in it."));
  return FALSE;
}
