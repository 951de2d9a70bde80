/* lalan-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-record.h"

#include "lalan-store-private.h"

#include <glib/gi18n-lib.h>

/**
 * LalanRecord:
 *
 * A survey record as the store had it when it was read: an immutable
 * snapshot (save, finalize... return a new one). A GObject so that it can
 * live in a #GListModel and be bound to widgets.
 *
 * Records from lists (lalan_store_list_records(), #LalanRecordList) carry
 * no instance XML, to stay small; lalan_store_get_record() and the life
 * cycle functions return records with it.
 */
struct _LalanRecord
{
  GObject           parent_instance;

  char             *instance_id;
  char             *form_id;
  char             *form_version;
  LalanRecordState  state;
  char             *instance_xml;
  char             *summary;
  char             *resume_position;
  char             *deprecated_id;
  gint64            created_at;
  gint64            updated_at;
  gint64            finalized_at;
  gint64            sent_at;
  guint             attempts;
  gint64            next_attempt_at;
  char             *last_error_code;
  char             *last_error_message;
  char             *server_response;
  guint             n_attachments;
};

G_DEFINE_FINAL_TYPE (LalanRecord, lalan_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INSTANCE_ID,
  PROP_FORM_ID,
  PROP_FORM_VERSION,
  PROP_STATE,
  PROP_SUMMARY,
  PROP_RESUME_POSITION,
  PROP_DEPRECATED_ID,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_FINALIZED_AT,
  PROP_SENT_AT,
  PROP_ATTEMPTS,
  PROP_NEXT_ATTEMPT_AT,
  PROP_LAST_ERROR_CODE,
  PROP_LAST_ERROR_MESSAGE,
  PROP_N_ATTACHMENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GEnumValue state_values[] = {
  { LALAN_RECORD_STATE_DRAFT, "LALAN_RECORD_STATE_DRAFT", "draft" },
  { LALAN_RECORD_STATE_FINALIZED, "LALAN_RECORD_STATE_FINALIZED", "finalized" },
  { LALAN_RECORD_STATE_SENT, "LALAN_RECORD_STATE_SENT", "sent" },
  { LALAN_RECORD_STATE_NEEDS_REVIEW, "LALAN_RECORD_STATE_NEEDS_REVIEW", "needs-review" },
  { 0, NULL, NULL }
};

GType
lalan_record_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("LalanRecordState", state_values));

  return type;
}

/**
 * lalan_record_state_to_string:
 * @state: a state
 *
 * Returns: (transfer none): the state's name as stored and as shown in
 *   JSON: "draft", "finalized", "sent" or "needs-review"
 */
const char *
lalan_record_state_to_string (LalanRecordState state)
{
  for (guint i = 0; state_values[i].value_nick != NULL; i++)
    {
      if (state_values[i].value == (int) state)
        return state_values[i].value_nick;
    }

  g_return_val_if_reached (NULL);
}

/**
 * lalan_record_state_from_string:
 * @string: a state's name, as lalan_record_state_to_string() gives
 * @state: (out): the state
 *
 * Returns: %TRUE when @string names a state
 */
gboolean
lalan_record_state_from_string (const char       *string,
                                LalanRecordState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = 0; string != NULL && state_values[i].value_nick != NULL; i++)
    {
      if (g_str_equal (state_values[i].value_nick, string))
        {
          *state = state_values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * lalan_record_state_get_label:
 * @state: a state
 *
 * Returns: (transfer none): the state in words for a person, translated
 */
const char *
lalan_record_state_get_label (LalanRecordState state)
{
  switch (state)
    {
    case LALAN_RECORD_STATE_DRAFT:
      return _("Draft");
    case LALAN_RECORD_STATE_FINALIZED:
      return _("Waiting to be sent");
    case LALAN_RECORD_STATE_SENT:
      return _("Sent");
    case LALAN_RECORD_STATE_NEEDS_REVIEW:
      return _("Needs review");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
lalan_record_finalize (GObject *object)
{
  LalanRecord *self = LALAN_RECORD (object);

  g_free (self->instance_id);
  g_free (self->form_id);
  g_free (self->form_version);
  g_free (self->instance_xml);
  g_free (self->summary);
  g_free (self->resume_position);
  g_free (self->deprecated_id);
  g_free (self->last_error_code);
  g_free (self->last_error_message);
  g_free (self->server_response);

  G_OBJECT_CLASS (lalan_record_parent_class)->finalize (object);
}

static void
lalan_record_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LalanRecord *self = LALAN_RECORD (object);

  switch (prop_id)
    {
    case PROP_INSTANCE_ID:
      g_value_set_string (value, self->instance_id);
      break;
    case PROP_FORM_ID:
      g_value_set_string (value, self->form_id);
      break;
    case PROP_FORM_VERSION:
      g_value_set_string (value, self->form_version);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_RESUME_POSITION:
      g_value_set_string (value, self->resume_position);
      break;
    case PROP_DEPRECATED_ID:
      g_value_set_string (value, self->deprecated_id);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    case PROP_FINALIZED_AT:
      g_value_set_int64 (value, self->finalized_at);
      break;
    case PROP_SENT_AT:
      g_value_set_int64 (value, self->sent_at);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_NEXT_ATTEMPT_AT:
      g_value_set_int64 (value, self->next_attempt_at);
      break;
    case PROP_LAST_ERROR_CODE:
      g_value_set_string (value, self->last_error_code);
      break;
    case PROP_LAST_ERROR_MESSAGE:
      g_value_set_string (value, self->last_error_message);
      break;
    case PROP_N_ATTACHMENTS:
      g_value_set_uint (value, self->n_attachments);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
time_property (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
lalan_record_class_init (LalanRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lalan_record_finalize;
  object_class->get_property = lalan_record_get_property;

  /* Read-only: a record changes only through the store's life cycle
   * functions, which hand out a new snapshot. */
  properties[PROP_INSTANCE_ID] = string_property ("instance-id");
  properties[PROP_FORM_ID] = string_property ("form-id");
  properties[PROP_FORM_VERSION] = string_property ("form-version");
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       LALAN_TYPE_RECORD_STATE, LALAN_RECORD_STATE_DRAFT,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] = string_property ("summary");
  properties[PROP_RESUME_POSITION] = string_property ("resume-position");
  properties[PROP_DEPRECATED_ID] = string_property ("deprecated-id");
  properties[PROP_CREATED_AT] = time_property ("created-at");
  properties[PROP_UPDATED_AT] = time_property ("updated-at");
  properties[PROP_FINALIZED_AT] = time_property ("finalized-at");
  properties[PROP_SENT_AT] = time_property ("sent-at");
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_ATTEMPT_AT] = time_property ("next-attempt-at");
  properties[PROP_LAST_ERROR_CODE] = string_property ("last-error-code");
  properties[PROP_LAST_ERROR_MESSAGE] = string_property ("last-error-message");
  properties[PROP_N_ATTACHMENTS] =
    g_param_spec_uint ("n-attachments", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lalan_record_init (LalanRecord *self)
{
}

/* Builds a record from a row of LALAN_RECORD_COLUMNS, followed by
 * instance_xml when @with_xml. */
LalanRecord *
lalan_record_new_from_row (sqlite3_stmt *stmt,
                           gboolean      with_xml)
{
  LalanRecord *self = g_object_new (LALAN_TYPE_RECORD, NULL);
  const char *state = (const char *) sqlite3_column_text (stmt, 3);

  self->instance_id = lalan_store_column_dup (stmt, 0);
  self->form_id = lalan_store_column_dup (stmt, 1);
  self->form_version = lalan_store_column_dup (stmt, 2);
  if (!lalan_record_state_from_string (state, &self->state))
    self->state = LALAN_RECORD_STATE_NEEDS_REVIEW;
  self->summary = lalan_store_column_dup (stmt, 4);
  self->resume_position = lalan_store_column_dup (stmt, 5);
  self->deprecated_id = lalan_store_column_dup (stmt, 6);
  self->created_at = lalan_store_column_time (stmt, 7);
  self->updated_at = lalan_store_column_time (stmt, 8);
  self->finalized_at = lalan_store_column_time (stmt, 9);
  self->sent_at = lalan_store_column_time (stmt, 10);
  self->attempts = (guint) sqlite3_column_int64 (stmt, 11);
  self->next_attempt_at = lalan_store_column_time (stmt, 12);
  self->last_error_code = lalan_store_column_dup (stmt, 13);
  self->last_error_message = lalan_store_column_dup (stmt, 14);
  self->server_response = lalan_store_column_dup (stmt, 15);
  self->n_attachments = (guint) sqlite3_column_int64 (stmt, 16);
  if (with_xml)
    self->instance_xml = lalan_store_column_dup (stmt, LALAN_RECORD_N_COLUMNS);

  return self;
}

/**
 * lalan_record_get_instance_id:
 * @self: a record
 *
 * Returns: (transfer none): the instance id ("uuid:..."), unique
 */
const char *
lalan_record_get_instance_id (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), NULL);
  return self->instance_id;
}

/**
 * lalan_record_get_form_id:
 * @self: a record
 *
 * Returns: (transfer none): the id of the form it was filled with
 */
const char *
lalan_record_get_form_id (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), NULL);
  return self->form_id;
}

/**
 * lalan_record_get_form_version:
 * @self: a record
 *
 * Returns: (transfer none): the version of that form
 */
const char *
lalan_record_get_form_version (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), NULL);
  return self->form_version;
}

/**
 * lalan_record_get_state:
 * @self: a record
 *
 * Returns: where the record is in its life cycle
 */
LalanRecordState
lalan_record_get_state (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), 0);
  return self->state;
}

/**
 * lalan_record_get_instance_xml:
 * @self: a record
 *
 * Returns: (transfer none) (nullable): the instance XML; %NULL for records
 *   that come from a list
 */
const char *
lalan_record_get_instance_xml (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), NULL);
  return self->instance_xml;
}

/**
 * lalan_record_get_summary:
 * @self: a record
 *
 * Returns: (transfer none): the short text shown in lists (may be empty)
 */
const char *
lalan_record_get_summary (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), NULL);
  return self->summary;
}

/**
 * lalan_record_get_resume_position:
 * @self: a record
 *
 * Returns: (transfer none) (nullable): where the person left the draft, as
 *   the forms engine wrote it
 */
const char *
lalan_record_get_resume_position (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), NULL);
  return self->resume_position;
}

/**
 * lalan_record_get_deprecated_id:
 * @self: a record
 *
 * Returns: (transfer none) (nullable): for an edit of a sent record, the
 *   instance id of the record it replaces
 */
const char *
lalan_record_get_deprecated_id (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), NULL);
  return self->deprecated_id;
}

/**
 * lalan_record_get_created_at:
 * @self: a record
 *
 * Returns: when it was first saved, in microseconds since the epoch
 */
gint64
lalan_record_get_created_at (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), 0);
  return self->created_at;
}

/**
 * lalan_record_get_updated_at:
 * @self: a record
 *
 * When the person last changed it: saved, finalized, reopened, attached
 * a file. What sync does (sent, needs review, a failed attempt) shows in
 * the state, sent time and last error instead, so lists ordered by this
 * keep their order while records are being sent.
 *
 * Returns: the time, in microseconds since the epoch
 */
gint64
lalan_record_get_updated_at (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), 0);
  return self->updated_at;
}

/**
 * lalan_record_get_finalized_at:
 * @self: a record
 *
 * Returns: when it was finalized, or 0
 */
gint64
lalan_record_get_finalized_at (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), 0);
  return self->finalized_at;
}

/**
 * lalan_record_get_sent_at:
 * @self: a record
 *
 * Returns: when the server acknowledged it, or 0
 */
gint64
lalan_record_get_sent_at (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), 0);
  return self->sent_at;
}

/**
 * lalan_record_get_attempts:
 * @self: a record
 *
 * Returns: how many times sending it failed since it was finalized
 */
guint
lalan_record_get_attempts (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), 0);
  return self->attempts;
}

/**
 * lalan_record_get_next_attempt_at:
 * @self: a record
 *
 * Returns: when sync should next try to send it, or 0 when it is not
 *   waiting to be sent
 */
gint64
lalan_record_get_next_attempt_at (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), 0);
  return self->next_attempt_at;
}

/**
 * lalan_record_get_last_error_code:
 * @self: a record
 *
 * Returns: (transfer none) (nullable): the code sync gave the last failure
 *   (for programs: "http-409", "network"...)
 */
const char *
lalan_record_get_last_error_code (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), NULL);
  return self->last_error_code;
}

/**
 * lalan_record_get_last_error_message:
 * @self: a record
 *
 * Returns: (transfer none) (nullable): the last failure as a sentence for a
 *   person
 */
const char *
lalan_record_get_last_error_message (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), NULL);
  return self->last_error_message;
}

/**
 * lalan_record_get_server_response:
 * @self: a record
 *
 * Returns: (transfer none) (nullable): what the server answered when it
 *   accepted the record (its OpenRosa response)
 */
const char *
lalan_record_get_server_response (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), NULL);
  return self->server_response;
}

/**
 * lalan_record_get_n_attachments:
 * @self: a record
 *
 * Returns: how many attachments the record has
 */
guint
lalan_record_get_n_attachments (LalanRecord *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD (self), 0);
  return self->n_attachments;
}
