/* lalan-draft-saver.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-draft-saver.h"

#include <string.h>

/**
 * LalanDraftSaver:
 *
 * Keeps a record's draft in the store as it is being filled: every answer
 * (and every repeat added or removed) is written within
 * %LALAN_DRAFT_SAVER_DELAY_MS, every page change at once, and
 * lalan_draft_saver_flush() writes whatever is left (a window closing).
 * The writes go to the store's worker; they are queued in order, so the
 * last one always wins and the UI never waits for the disk. A failed
 * write is retried and reported, never dropped silently.
 */

#define RETRY_DELAY_MS 2000

struct _LalanDraftSaver
{
  GObject           parent_instance;

  /* owned */
  LalanStore       *store;
  LalanFormSession *session;
  char             *position;
  GError           *error;

  guint             timeout_id;
  gulong            changed_handler;
  int               percent;
  guint             n_in_flight;
  gint64            saved_at;
  gboolean          dirty;
  gboolean          has_record;
  gboolean          stopped;
};

G_DEFINE_FINAL_TYPE (LalanDraftSaver, lalan_draft_saver, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PENDING,
  PROP_SAVED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void save_now (LalanDraftSaver *self);

static void
notify_pending (LalanDraftSaver *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
save_draft_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LalanDraftSaver) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecord) record = NULL;

  record = lalan_store_save_draft_finish (LALAN_STORE (object), result, &error);
  self->n_in_flight--;

  if (record == NULL)
    {
      /* Nothing is lost yet: the answers are in the session. Try again
       * in a moment and say so, unless the record left the draft state
       * (finalized or deleted on purpose). */
      if (g_error_matches (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_WRONG_STATE) || self->stopped)
        {
          notify_pending (self);
          return;
        }
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      self->dirty = TRUE;
      if (self->timeout_id == 0)
        self->timeout_id = g_timeout_add_once (RETRY_DELAY_MS, (GSourceOnceFunc) save_now, self);
      g_signal_emit (self, signals[SAVE_FAILED], 0, error);
      notify_pending (self);
      return;
    }

  g_clear_error (&self->error);
  self->saved_at = lalan_record_get_updated_at (record);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED_AT]);
  notify_pending (self);
}

static void
save_now (LalanDraftSaver *self)
{
  LalanForm *form = lalan_form_session_get_form (self->session);
  g_autoptr(GBytes) xml = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  int progress;

  self->timeout_id = 0;
  if (self->stopped || !self->dirty)
    return;

  xml = lalan_form_session_serialize (self->session, LALAN_FORM_SERIALIZE_DRAFT);
  text = g_strndup (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  /* The list shows how much is answered; the page's place in the form
   * only when no question applies yet. */
  progress = lalan_form_session_get_progress (self->session);
  summary = lalan_draft_summary_format (lalan_form_session_get_instance_name (self->session),
                                        progress >= 0 ? progress : self->percent);

  self->dirty = FALSE;
  self->has_record = TRUE;
  self->n_in_flight++;

  /* No cancellable: a write that was asked for is always finished, even
   * when the window that asked is gone. */
  lalan_store_save_draft_async (self->store,
                                lalan_form_session_get_instance_id (self->session),
                                lalan_form_get_id (form),
                                lalan_form_get_version (form),
                                text, summary, self->position,
                                NULL, save_draft_cb, g_object_ref (self));
  notify_pending (self);
}

static void
schedule (LalanDraftSaver *self)
{
  if (self->stopped)
    return;
  self->dirty = TRUE;
  if (self->timeout_id == 0)
    self->timeout_id = g_timeout_add_once (LALAN_DRAFT_SAVER_DELAY_MS, (GSourceOnceFunc) save_now, self);
  notify_pending (self);
}

static void
on_session_changed_cb (LalanDraftSaver *self,
                       GPtrArray       *changes)
{
  for (guint i = 0; i < changes->len; i++)
    {
      LalanFormChange *change = g_ptr_array_index (changes, i);

      /* A language switch changes texts only: nothing to keep. */
      if (change->flags & (LALAN_FORM_CHANGE_VALUE | LALAN_FORM_CHANGE_STRUCTURE))
        {
          schedule (self);
          return;
        }
    }
}

static void
lalan_draft_saver_dispose (GObject *object)
{
  LalanDraftSaver *self = LALAN_DRAFT_SAVER (object);

  /* Only reached once no write is in flight (each holds a reference). */
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_handler, self->session);

  G_OBJECT_CLASS (lalan_draft_saver_parent_class)->dispose (object);
}

static void
lalan_draft_saver_finalize (GObject *object)
{
  LalanDraftSaver *self = LALAN_DRAFT_SAVER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_pointer (&self->position, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (lalan_draft_saver_parent_class)->finalize (object);
}

static void
lalan_draft_saver_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LalanDraftSaver *self = LALAN_DRAFT_SAVER (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, lalan_draft_saver_get_pending (self));
      break;

    case PROP_SAVED_AT:
      g_value_set_int64 (value, self->saved_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_draft_saver_class_init (LalanDraftSaverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lalan_draft_saver_dispose;
  object_class->finalize = lalan_draft_saver_finalize;
  object_class->get_property = lalan_draft_saver_get_property;

  /**
   * LalanDraftSaver:pending:
   *
   * Whether some answers are not on disk yet (waiting or being written).
   */
  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LalanDraftSaver:saved-at:
   *
   * When the draft was last written, in microseconds since the epoch.
   */
  properties[PROP_SAVED_AT] =
    g_param_spec_int64 ("saved-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LalanDraftSaver::save-failed:
   * @self: the saver
   * @error: why, as a sentence a person can read
   *
   * A write failed; it is tried again in a moment.
   */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
lalan_draft_saver_init (LalanDraftSaver *self)
{
  self->percent = -1;
}

/**
 * lalan_draft_saver_new:
 * @store: where the draft is kept
 * @session: the record being filled
 * @saved_before: whether the store has this draft already (a draft
 *   reopened); a new record is written at its first answer
 *
 * Returns: (transfer full): a saver following @session
 */
LalanDraftSaver *
lalan_draft_saver_new (LalanStore       *store,
                       LalanFormSession *session,
                       gboolean          saved_before)
{
  LalanDraftSaver *self;

  g_return_val_if_fail (LALAN_IS_STORE (store), NULL);
  g_return_val_if_fail (LALAN_IS_FORM_SESSION (session), NULL);

  self = g_object_new (LALAN_TYPE_DRAFT_SAVER, NULL);
  self->store = g_object_ref (store);
  self->session = g_object_ref (session);
  self->has_record = saved_before;
  self->changed_handler = g_signal_connect_swapped (session, "changed",
                                                    G_CALLBACK (on_session_changed_cb), self);
  return self;
}

/**
 * lalan_draft_saver_get_session:
 * @self: a saver
 *
 * Returns: (transfer none): the record being filled
 */
LalanFormSession *
lalan_draft_saver_get_session (LalanDraftSaver *self)
{
  g_return_val_if_fail (LALAN_IS_DRAFT_SAVER (self), NULL);
  return self->session;
}

/**
 * lalan_draft_saver_set_position:
 * @self: a saver
 * @position: (nullable): the page shown, to resume there
 * @percent: how far through the form that page is, 0 to 100; the list
 *   shows it only while no question applies (otherwise the share answered)
 *
 * The person moved to another page: the draft is written now, with where
 * to resume (once the record exists: turning pages of an untouched form
 * leaves no draft behind).
 */
void
lalan_draft_saver_set_position (LalanDraftSaver *self,
                                const char      *position,
                                guint            percent)
{
  g_return_if_fail (LALAN_IS_DRAFT_SAVER (self));

  if (g_strcmp0 (self->position, position) == 0 && self->percent == (int) percent)
    return;
  g_free (self->position);
  self->position = g_strdup (position);
  self->percent = MIN (percent, 100);

  if (self->has_record || self->dirty)
    {
      self->dirty = TRUE;
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      save_now (self);
    }
}

/**
 * lalan_draft_saver_flush:
 * @self: a saver
 *
 * Writes now whatever is not written yet. The write finishes even if the
 * caller goes away.
 */
void
lalan_draft_saver_flush (LalanDraftSaver *self)
{
  g_return_if_fail (LALAN_IS_DRAFT_SAVER (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  save_now (self);
}

/**
 * lalan_draft_saver_save:
 * @self: a saver
 *
 * Writes the draft now, changed or not: a record about to be finalized
 * must exist as a draft first.
 */
void
lalan_draft_saver_save (LalanDraftSaver *self)
{
  g_return_if_fail (LALAN_IS_DRAFT_SAVER (self));

  if (self->stopped)
    return;
  self->dirty = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  save_now (self);
}

/**
 * lalan_draft_saver_stop:
 * @self: a saver
 *
 * No more writes: the record is being finalized or deleted. Call
 * lalan_draft_saver_flush() first to keep the last answers.
 */
void
lalan_draft_saver_stop (LalanDraftSaver *self)
{
  g_return_if_fail (LALAN_IS_DRAFT_SAVER (self));

  self->stopped = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_handler, self->session);
  notify_pending (self);
}

/**
 * lalan_draft_saver_get_pending:
 * @self: a saver
 *
 * Returns: whether some answers are not on disk yet
 */
gboolean
lalan_draft_saver_get_pending (LalanDraftSaver *self)
{
  g_return_val_if_fail (LALAN_IS_DRAFT_SAVER (self), FALSE);
  return (self->dirty && !self->stopped) || self->n_in_flight > 0;
}

/**
 * lalan_draft_saver_get_saved_at:
 * @self: a saver
 *
 * Returns: when the draft was last written, or 0
 */
gint64
lalan_draft_saver_get_saved_at (LalanDraftSaver *self)
{
  g_return_val_if_fail (LALAN_IS_DRAFT_SAVER (self), 0);
  return self->saved_at;
}

/**
 * lalan_draft_saver_get_error:
 * @self: a saver
 *
 * Returns: (nullable): why the last write failed, until one succeeds
 */
const GError *
lalan_draft_saver_get_error (LalanDraftSaver *self)
{
  g_return_val_if_fail (LALAN_IS_DRAFT_SAVER (self), NULL);
  return self->error;
}

#define PROGRESS_SEPARATOR " \xC2\xB7 "

/**
 * lalan_draft_summary_format:
 * @name: (nullable): the record's instance name
 * @percent: how far the draft is, or -1 to leave it out
 *
 * A draft's line in the records list: its name and how far it is, such as
 * "尖石鄉 玉峰村 2026-11-29 · 40%". Language-neutral, so it reads the same
 * whatever the interface language is later.
 *
 * Returns: (transfer full): the summary to store
 */
char *
lalan_draft_summary_format (const char *name,
                            int         percent)
{
  if (percent < 0)
    return g_strdup (name != NULL ? name : "");
  return g_strdup_printf ("%s" PROGRESS_SEPARATOR "%d%%", name != NULL ? name : "", MIN (percent, 100));
}

/**
 * lalan_draft_summary_parse:
 * @summary: (nullable): a stored summary
 * @percent: (out) (optional): the progress it holds, or -1
 *
 * Returns: (transfer full): the name part of a summary made by
 *   lalan_draft_summary_format()
 */
char *
lalan_draft_summary_parse (const char *summary,
                           int        *percent)
{
  const char *separator;

  if (percent != NULL)
    *percent = -1;
  if (summary == NULL)
    return g_strdup ("");

  separator = g_strrstr (summary, PROGRESS_SEPARATOR);
  if (separator != NULL)
    {
      const char *number = separator + strlen (PROGRESS_SEPARATOR);
      char *end = NULL;
      guint64 value;

      if (g_ascii_isdigit (*number) &&
          (value = g_ascii_strtoull (number, &end, 10)) <= 100 &&
          g_str_equal (end, "%"))
        {
          if (percent != NULL)
            *percent = (int) value;
          return g_strndup (summary, separator - summary);
        }
    }
  return g_strdup (summary);
}
