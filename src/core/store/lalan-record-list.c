/* lalan-record-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-record-list.h"

#include "lalan-store-private.h"

/**
 * LalanRecordList:
 *
 * A #GListModel of #LalanRecord for the survey's record list: the store's
 * records for a filter (states, form, search text), most recently changed
 * first, loaded lazily a page of %LALAN_RECORD_LIST_PAGE_SIZE at a time.
 *
 * The count and the first page load asynchronously (the model is empty
 * until then; #LalanRecordList:loading tells). Another page loads when an
 * item in it is first asked for: a synchronous indexed query of well under
 * a millisecond. The list follows the store's #LalanStore::records-changed
 * by reloading the pages seen so far: when the number of rows is the same
 * (sync marking records sent) only the rows that changed are signalled, so
 * a view keeps its scroll position and selection; when rows came or went,
 * the model is reset.
 */

/* Pages kept in memory: enough for any window; far ones are dropped. */
#define MAX_CACHED_PAGES 32

/* Bursts of changes (a sync sending many records) reload once. */
#define RELOAD_DELAY_MS 150

struct _LalanRecordList
{
  GObject       parent_instance;

  /* owned */
  LalanStore   *store;
  char         *form_id;
  char         *search;
  GHashTable   *pages;
  GCancellable *cancellable;

  guint         states;
  guint         n_items;
  guint         generation;
  guint         reload_source;
  gulong        changed_handler;
  gboolean      loading;
  gboolean      loaded_once;
  gboolean      constructed;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LalanRecordList, lalan_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_STATES,
  PROP_FORM_ID,
  PROP_SEARCH,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  guint   states;
  char   *form_id;
  char   *search;
  guint   generation;
  GArray *pages;
} ReloadJob;

typedef struct
{
  guint       generation;
  guint       count;
  GHashTable *pages;
} ReloadResult;

static void
reload_job_free (ReloadJob *job)
{
  g_free (job->form_id);
  g_free (job->search);
  g_clear_pointer (&job->pages, g_array_unref);
  g_free (job);
}

static void
reload_result_free (ReloadResult *result)
{
  g_clear_pointer (&result->pages, g_hash_table_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReloadResult, reload_result_free)

static GHashTable *
new_page_table (void)
{
  return g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

static gpointer
reload_in_worker (LalanStore    *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ReloadJob *job = data;
  g_autoptr(ReloadResult) result = g_new0 (ReloadResult, 1);
  g_autoptr(GError) local_error = NULL;

  /* All in one visit to the worker, so the count and the pages agree
   * unless another process writes in between. */
  result->generation = job->generation;
  result->pages = new_page_table ();
  result->count = lalan_store_count_records (store, job->states, job->form_id, job->search, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* The pages the view has seen are read again, so that a change shows
   * as a change of those rows rather than a reset of the whole list. */
  for (guint i = 0; i < job->pages->len; i++)
    {
      guint page = g_array_index (job->pages, guint, i);
      GPtrArray *records;

      if (page * LALAN_RECORD_LIST_PAGE_SIZE >= MAX (result->count, 1))
        continue;

      records = lalan_store_list_records (store, job->states, job->form_id, job->search,
                                          page * LALAN_RECORD_LIST_PAGE_SIZE,
                                          LALAN_RECORD_LIST_PAGE_SIZE, error);
      if (records == NULL)
        return NULL;
      g_hash_table_insert (result->pages, GUINT_TO_POINTER (page), records);
    }

  return g_steal_pointer (&result);
}

static void
set_loading (LalanRecordList *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Whether a row shows the same thing as before. */
static gboolean
same_record (LalanRecord *a,
             LalanRecord *b)
{
  return g_strcmp0 (lalan_record_get_instance_id (a), lalan_record_get_instance_id (b)) == 0 &&
         lalan_record_get_state (a) == lalan_record_get_state (b) &&
         lalan_record_get_updated_at (a) == lalan_record_get_updated_at (b) &&
         lalan_record_get_sent_at (a) == lalan_record_get_sent_at (b) &&
         lalan_record_get_attempts (a) == lalan_record_get_attempts (b) &&
         lalan_record_get_next_attempt_at (a) == lalan_record_get_next_attempt_at (b) &&
         lalan_record_get_n_attachments (a) == lalan_record_get_n_attachments (b) &&
         g_strcmp0 (lalan_record_get_summary (a), lalan_record_get_summary (b)) == 0 &&
         g_strcmp0 (lalan_record_get_last_error_message (a), lalan_record_get_last_error_message (b)) == 0;
}

/* The range of rows, among the reloaded pages, that differ from what the
 * cache held; FALSE when none does. */
static gboolean
find_changed_range (GHashTable *old_pages,
                    GHashTable *new_pages,
                    guint      *first,
                    guint      *last)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean changed = FALSE;

  *first = G_MAXUINT;
  *last = 0;

  g_hash_table_iter_init (&iter, new_pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint page = GPOINTER_TO_UINT (key);
      GPtrArray *fresh = value;
      GPtrArray *cached = g_hash_table_lookup (old_pages, key);
      guint base = page * LALAN_RECORD_LIST_PAGE_SIZE;

      for (guint i = 0; i < fresh->len; i++)
        {
          if (cached != NULL && i < cached->len &&
              same_record (g_ptr_array_index (cached, i), g_ptr_array_index (fresh, i)))
            continue;

          changed = TRUE;
          *first = MIN (*first, base + i);
          *last = MAX (*last, base + i);
        }
    }

  return changed;
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LalanRecordList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ReloadResult) reloaded = NULL;
  g_autoptr(GHashTable) old_pages = NULL;
  guint old_n_items;
  guint first, last;

  reloaded = lalan_store_run_finish (LALAN_STORE (object), result, &error);
  if (reloaded == NULL)
    {
      /* Cancelled means a newer reload replaced this one. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Could not load the records: %s", error->message);
          set_loading (self, FALSE);
        }
      return;
    }

  if (reloaded->generation != self->generation)
    return;

  old_pages = g_steal_pointer (&self->pages);
  self->pages = g_steal_pointer (&reloaded->pages);
  old_n_items = self->n_items;
  self->n_items = reloaded->count;

  if (old_n_items != self->n_items || !self->loaded_once)
    {
      /* Rows came or went: without knowing where, the list starts over. */
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
      if (old_n_items != self->n_items)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  else if (find_changed_range (old_pages, self->pages, &first, &last))
    {
      /* The same rows, some changed (sync sending records): only those,
       * so the view keeps its place and selection. */
      g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1, last - first + 1);
    }

  self->loaded_once = TRUE;
  set_loading (self, FALSE);
}

/**
 * lalan_record_list_reload:
 * @self: a record list
 *
 * Counts the records again and reloads the pages seen so far,
 * asynchronously. Done by itself when the filter or the store's records
 * change.
 */
void
lalan_record_list_reload (LalanRecordList *self)
{
  ReloadJob *job;
  GHashTableIter iter;
  gpointer key;
  guint first_page = 0;

  g_return_if_fail (LALAN_IS_RECORD_LIST (self));

  g_clear_handle_id (&self->reload_source, g_source_remove);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (ReloadJob, 1);
  job->states = self->states;
  job->form_id = g_strdup (self->form_id);
  job->search = g_strdup (self->search);
  job->generation = ++self->generation;
  job->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (job->pages, first_page);
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint page = GPOINTER_TO_UINT (key);

      if (page != 0)
        g_array_append_val (job->pages, page);
    }

  set_loading (self, TRUE);

  lalan_store_run_async (self->store, reload_in_worker, job, (GDestroyNotify) reload_job_free,
                         (GDestroyNotify) reload_result_free, self->cancellable,
                         reload_cb, g_object_ref (self));
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  LalanRecordList *self = user_data;

  self->reload_source = 0;
  lalan_record_list_reload (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reload (LalanRecordList *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

static void
on_records_changed_cb (LalanRecordList *self,
                       const char      *instance_id,
                       LalanStore      *store)
{
  schedule_reload (self);
}

static void
evict_far_pages (LalanRecordList *self,
                 guint            near_page)
{
  while (g_hash_table_size (self->pages) > MAX_CACHED_PAGES)
    {
      GHashTableIter iter;
      gpointer key;
      guint farthest = near_page;
      guint farthest_distance = 0;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint page = GPOINTER_TO_UINT (key);
          guint distance = page > near_page ? page - near_page : near_page - page;

          if (distance > farthest_distance)
            {
              farthest = page;
              farthest_distance = distance;
            }
        }

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (farthest));
    }
}

static GType
lalan_record_list_get_item_type (GListModel *model)
{
  return LALAN_TYPE_RECORD;
}

static guint
lalan_record_list_get_n_items (GListModel *model)
{
  return LALAN_RECORD_LIST (model)->n_items;
}

static gpointer
lalan_record_list_get_item (GListModel *model,
                            guint       position)
{
  LalanRecordList *self = LALAN_RECORD_LIST (model);
  guint page = position / LALAN_RECORD_LIST_PAGE_SIZE;
  guint index = position % LALAN_RECORD_LIST_PAGE_SIZE;
  GPtrArray *records;

  if (position >= self->n_items)
    return NULL;

  records = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (records == NULL)
    {
      g_autoptr(GError) error = NULL;

      records = lalan_store_list_records (self->store, self->states, self->form_id, self->search,
                                          page * LALAN_RECORD_LIST_PAGE_SIZE,
                                          LALAN_RECORD_LIST_PAGE_SIZE, &error);
      if (records == NULL)
        {
          g_debug ("Could not load a page of records: %s", error->message);
          records = g_ptr_array_new_with_free_func (g_object_unref);
        }
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), records);
      evict_far_pages (self, page);
    }

  if (index < records->len)
    return g_object_ref (g_ptr_array_index (records, index));

  /* The records changed since they were counted (another process wrote):
   * an empty record stands in until the reload catches up, since a model
   * must not return NULL below its length. */
  schedule_reload (self);
  return g_object_new (LALAN_TYPE_RECORD, NULL);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = lalan_record_list_get_item_type;
  iface->get_n_items = lalan_record_list_get_n_items;
  iface->get_item = lalan_record_list_get_item;
}

static void
lalan_record_list_constructed (GObject *object)
{
  LalanRecordList *self = LALAN_RECORD_LIST (object);

  G_OBJECT_CLASS (lalan_record_list_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  self->constructed = TRUE;

  self->changed_handler = g_signal_connect_object (self->store, "records-changed",
                                                   G_CALLBACK (on_records_changed_cb),
                                                   self, G_CONNECT_SWAPPED);
  lalan_record_list_reload (self);
}

static void
lalan_record_list_dispose (GObject *object)
{
  LalanRecordList *self = LALAN_RECORD_LIST (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL && self->changed_handler != 0)
    g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (lalan_record_list_parent_class)->dispose (object);
}

static void
lalan_record_list_finalize (GObject *object)
{
  LalanRecordList *self = LALAN_RECORD_LIST (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_free (self->form_id);
  g_free (self->search);

  G_OBJECT_CLASS (lalan_record_list_parent_class)->finalize (object);
}

static void
lalan_record_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LalanRecordList *self = LALAN_RECORD_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_STATES:
      g_value_set_uint (value, self->states);
      break;
    case PROP_FORM_ID:
      g_value_set_string (value, self->form_id);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_record_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LalanRecordList *self = LALAN_RECORD_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_STATES:
      if (!self->constructed)
        self->states = g_value_get_uint (value);
      else
        lalan_record_list_set_filter (self, g_value_get_uint (value), self->form_id, self->search);
      break;
    case PROP_FORM_ID:
      if (!self->constructed)
        self->form_id = g_value_dup_string (value);
      else
        lalan_record_list_set_filter (self, self->states, g_value_get_string (value), self->search);
      break;
    case PROP_SEARCH:
      if (!self->constructed)
        self->search = g_value_dup_string (value);
      else
        lalan_record_list_set_filter (self, self->states, self->form_id, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_record_list_class_init (LalanRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lalan_record_list_constructed;
  object_class->dispose = lalan_record_list_dispose;
  object_class->finalize = lalan_record_list_finalize;
  object_class->get_property = lalan_record_list_get_property;
  object_class->set_property = lalan_record_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LALAN_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATES] =
    g_param_spec_uint ("states", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FORM_ID] =
    g_param_spec_string ("form-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lalan_record_list_init (LalanRecordList *self)
{
  self->pages = new_page_table ();
}

/**
 * lalan_record_list_new:
 * @store: a store
 * @states: OR-ed #LalanRecordState values, or %LALAN_RECORD_STATE_ALL
 * @form_id: (nullable): only this form's records
 * @search: (nullable): only records whose summary contains this text
 *
 * Returns: (transfer full): a new list, which starts loading at once
 */
LalanRecordList *
lalan_record_list_new (LalanStore *store,
                       guint       states,
                       const char *form_id,
                       const char *search)
{
  g_return_val_if_fail (LALAN_IS_STORE (store), NULL);

  return g_object_new (LALAN_TYPE_RECORD_LIST,
                       "store", store,
                       "states", states,
                       "form-id", form_id,
                       "search", search,
                       NULL);
}

/**
 * lalan_record_list_get_store:
 * @self: a record list
 *
 * Returns: (transfer none): its store
 */
LalanStore *
lalan_record_list_get_store (LalanRecordList *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD_LIST (self), NULL);

  return self->store;
}

/**
 * lalan_record_list_set_filter:
 * @self: a record list
 * @states: OR-ed #LalanRecordState values, or %LALAN_RECORD_STATE_ALL
 * @form_id: (nullable): only this form's records
 * @search: (nullable): only records whose summary contains this text
 *
 * Changes what the list shows, and reloads it when that changed.
 */
void
lalan_record_list_set_filter (LalanRecordList *self,
                              guint            states,
                              const char      *form_id,
                              const char      *search)
{
  gboolean changed = FALSE;

  g_return_if_fail (LALAN_IS_RECORD_LIST (self));

  if (search != NULL && *search == '\0')
    search = NULL;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->states != states)
    {
      self->states = states;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATES]);
      changed = TRUE;
    }

  if (g_strcmp0 (self->form_id, form_id) != 0)
    {
      g_free (self->form_id);
      self->form_id = g_strdup (form_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM_ID]);
      changed = TRUE;
    }

  if (g_strcmp0 (self->search, search) != 0)
    {
      g_free (self->search);
      self->search = g_strdup (search);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
      changed = TRUE;
    }

  if (changed)
    {
      /* Other rows altogether: the list starts over. */
      g_hash_table_remove_all (self->pages);
      self->loaded_once = FALSE;
      lalan_record_list_reload (self);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * lalan_record_list_get_states:
 * @self: a record list
 *
 * Returns: the states it lists (0 for all)
 */
guint
lalan_record_list_get_states (LalanRecordList *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD_LIST (self), 0);

  return self->states;
}

/**
 * lalan_record_list_get_form_id:
 * @self: a record list
 *
 * Returns: (transfer none) (nullable): the form it lists, or %NULL for all
 */
const char *
lalan_record_list_get_form_id (LalanRecordList *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD_LIST (self), NULL);

  return self->form_id;
}

/**
 * lalan_record_list_get_search:
 * @self: a record list
 *
 * Returns: (transfer none) (nullable): the search text, or %NULL
 */
const char *
lalan_record_list_get_search (LalanRecordList *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD_LIST (self), NULL);

  return self->search;
}

/**
 * lalan_record_list_get_loading:
 * @self: a record list
 *
 * Returns: whether a reload is under way
 */
gboolean
lalan_record_list_get_loading (LalanRecordList *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD_LIST (self), FALSE);

  return self->loading;
}
