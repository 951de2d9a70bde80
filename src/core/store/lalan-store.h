/* lalan-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-record.h"
#include "lalan-store-types.h"

G_BEGIN_DECLS

/* LalanStore: the one SQLite database of Lalan (lalan.db in the data folder).
 *
 * One connection, owned by a worker thread. Every function below is
 * synchronous (it hands its work to the worker and waits), so the CLI, the
 * tests and other workers call them directly; the GUI uses the _async
 * variants, or lalan_store_run_async() to run several synchronous calls on
 * the worker in one go. Called from inside a function given to
 * lalan_store_run_async(), the synchronous functions run at once.
 *
 * Times are microseconds since the Unix epoch (g_get_real_time()); 0 means
 * "not set". Errors are in the LALAN_STORE_ERROR domain with a translated
 * sentence a person can read. */

#define LALAN_STORE_ERROR (lalan_store_error_quark ())

/**
 * LalanStoreError:
 * @LALAN_STORE_ERROR_FAILED: anything not listed below
 * @LALAN_STORE_ERROR_NOT_FOUND: no such record, form, learner...
 * @LALAN_STORE_ERROR_WRONG_STATE: the record's life cycle does not allow it
 *   (saving a finalized record as a draft, deleting a sent record...)
 * @LALAN_STORE_ERROR_CONFLICT: a form id and version already registered with
 *   a different XML; a record id already used by another form
 * @LALAN_STORE_ERROR_INVALID: an argument the store cannot accept
 * @LALAN_STORE_ERROR_DISK_FULL: the disk is full; nothing was written
 * @LALAN_STORE_ERROR_READ_ONLY: the database or its folder cannot be written
 * @LALAN_STORE_ERROR_IO: the disk failed to read or write
 * @LALAN_STORE_ERROR_BUSY: another program kept the database locked too long
 * @LALAN_STORE_ERROR_CORRUPT: the database is damaged
 * @LALAN_STORE_ERROR_TOO_NEW: the database was made by a newer Lalan
 * @LALAN_STORE_ERROR_NOT_A_DATABASE: a file given to restore is not a Lalan
 *   database
 * @LALAN_STORE_ERROR_CLOSED: the store was closed
 *
 * Why a store operation failed.
 */
typedef enum
{
  LALAN_STORE_ERROR_FAILED,
  LALAN_STORE_ERROR_NOT_FOUND,
  LALAN_STORE_ERROR_WRONG_STATE,
  LALAN_STORE_ERROR_CONFLICT,
  LALAN_STORE_ERROR_INVALID,
  LALAN_STORE_ERROR_DISK_FULL,
  LALAN_STORE_ERROR_READ_ONLY,
  LALAN_STORE_ERROR_IO,
  LALAN_STORE_ERROR_BUSY,
  LALAN_STORE_ERROR_CORRUPT,
  LALAN_STORE_ERROR_TOO_NEW,
  LALAN_STORE_ERROR_NOT_A_DATABASE,
  LALAN_STORE_ERROR_CLOSED,
} LalanStoreError;

GQuark lalan_store_error_quark (void);

#define LALAN_TYPE_STORE (lalan_store_get_type ())

G_DECLARE_FINAL_TYPE (LalanStore, lalan_store, LALAN, STORE, GObject)

/**
 * LalanStoreFunc:
 * @store: the store
 * @data: the data given to lalan_store_run_async()
 * @cancellable: (nullable): the cancellable given to lalan_store_run_async()
 * @error: a location for a #GError
 *
 * Work to run on the store's worker thread. It may call any synchronous
 * lalan_store_*() function. Success is an unset @error, whatever it returns.
 *
 * Returns: (nullable) (transfer full): the result, freed with the
 *   result_free given to lalan_store_run_async() if nobody takes it
 */
typedef gpointer (*LalanStoreFunc) (LalanStore    *store,
                                    gpointer       data,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* Opening and the store itself */
LalanStore  *lalan_store_open                    (const char           *path,
                                                  GError              **error);
LalanStore  *lalan_store_get_default             (GError              **error);
void         lalan_store_set_default             (LalanStore           *store);
void         lalan_store_close                   (LalanStore           *self);
const char  *lalan_store_get_path                (LalanStore           *self);
const char  *lalan_store_get_device_id           (LalanStore           *self);
int          lalan_store_get_schema_version      (LalanStore           *self);
char        *lalan_store_dup_recovery_notice     (LalanStore           *self);
gboolean     lalan_store_dismiss_recovery_notice (LalanStore           *self,
                                                  GError              **error);

void         lalan_store_run_async               (LalanStore           *self,
                                                  LalanStoreFunc        func,
                                                  gpointer              data,
                                                  GDestroyNotify        data_free,
                                                  GDestroyNotify        result_free,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gpointer     lalan_store_run_finish              (LalanStore           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Small values of the app's state (last server contact, teacher PIN hash) */
char        *lalan_store_get_value               (LalanStore           *self,
                                                  const char           *key,
                                                  GError              **error);
gboolean     lalan_store_set_value               (LalanStore           *self,
                                                  const char           *key,
                                                  const char           *value,
                                                  GError              **error);

/* Forms */
gboolean     lalan_store_register_form           (LalanStore           *self,
                                                  const char           *form_id,
                                                  const char           *version,
                                                  const char           *hash,
                                                  const char           *xml,
                                                  const char           *source,
                                                  GError              **error);
char        *lalan_store_get_form_xml            (LalanStore           *self,
                                                  const char           *form_id,
                                                  const char           *version,
                                                  GError              **error);
GPtrArray   *lalan_store_list_forms              (LalanStore           *self,
                                                  gboolean              latest_only,
                                                  GError              **error);

/* Records: the life cycle */
LalanRecord *lalan_store_save_draft              (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *form_id,
                                                  const char           *form_version,
                                                  const char           *instance_xml,
                                                  const char           *summary,
                                                  const char           *resume_position,
                                                  GError              **error);
LalanRecord *lalan_store_create_edit             (LalanStore           *self,
                                                  const char           *sent_instance_id,
                                                  const char           *new_instance_id,
                                                  GError              **error);
LalanRecord *lalan_store_finalize_record         (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *instance_xml,
                                                  const char           *summary,
                                                  GError              **error);
LalanRecord *lalan_store_reopen_record           (LalanStore           *self,
                                                  const char           *instance_id,
                                                  GError              **error);
gboolean     lalan_store_delete_draft            (LalanStore           *self,
                                                  const char           *instance_id,
                                                  GError              **error);
gboolean     lalan_store_mark_sent               (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *server_response,
                                                  GError              **error);
gboolean     lalan_store_mark_needs_review       (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *code,
                                                  const char           *message,
                                                  GError              **error);
gboolean     lalan_store_record_send_failure     (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *code,
                                                  const char           *message,
                                                  gint64                next_attempt_at,
                                                  GError              **error);
gboolean     lalan_store_requeue_record          (LalanStore           *self,
                                                  const char           *instance_id,
                                                  GError              **error);
gboolean     lalan_store_import_record           (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *form_id,
                                                  const char           *form_version,
                                                  const char           *instance_xml,
                                                  const char           *summary,
                                                  const char           *deprecated_id,
                                                  gint64                finalized_at,
                                                  GPtrArray            *attachments,
                                                  gboolean             *imported,
                                                  GError              **error);
gboolean     lalan_store_prune_sent_records      (LalanStore           *self,
                                                  guint                 older_than_days,
                                                  guint                *n_pruned,
                                                  GError              **error);

/* Records: reading */
LalanRecord *lalan_store_get_record              (LalanStore           *self,
                                                  const char           *instance_id,
                                                  GError              **error);
GPtrArray   *lalan_store_list_due_records        (LalanStore           *self,
                                                  gint64                now,
                                                  guint                 limit,
                                                  GError              **error);
gboolean     lalan_store_get_next_attempt_time   (LalanStore           *self,
                                                  gint64               *next_attempt_at,
                                                  GError              **error);
GPtrArray   *lalan_store_list_records            (LalanStore           *self,
                                                  guint                 states,
                                                  const char           *form_id,
                                                  const char           *search,
                                                  guint                 offset,
                                                  guint                 limit,
                                                  GError              **error);
guint        lalan_store_count_records           (LalanStore           *self,
                                                  guint                 states,
                                                  const char           *form_id,
                                                  const char           *search,
                                                  GError              **error);
gboolean     lalan_store_count_records_by_state  (LalanStore           *self,
                                                  LalanRecordCounts    *counts,
                                                  GError              **error);

/* Attachments */
gboolean         lalan_store_add_attachment      (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *name,
                                                  const char           *media_type,
                                                  GBytes               *data,
                                                  GError              **error);
gboolean         lalan_store_add_attachment_file (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *name,
                                                  const char           *media_type,
                                                  const char           *path,
                                                  GError              **error);
gboolean         lalan_store_remove_attachment   (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *name,
                                                  GError              **error);
GPtrArray       *lalan_store_list_attachments    (LalanStore           *self,
                                                  const char           *instance_id,
                                                  GError              **error);
LalanAttachment *lalan_store_get_attachment      (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *name,
                                                  GError              **error);

/* Learners */
LalanLearner *lalan_store_create_learner         (LalanStore           *self,
                                                  const char           *display_name,
                                                  const char           *avatar_id,
                                                  const char           *pin_hash,
                                                  const char           *pin_salt,
                                                  gboolean              is_guest,
                                                  GError              **error);
gboolean      lalan_store_update_learner         (LalanStore           *self,
                                                  const LalanLearner   *learner,
                                                  GError              **error);
LalanLearner *lalan_store_convert_guest          (LalanStore           *self,
                                                  const char           *guest_id,
                                                  const char           *display_name,
                                                  const char           *avatar_id,
                                                  const char           *pin_hash,
                                                  const char           *pin_salt,
                                                  GError              **error);
LalanLearner *lalan_store_get_learner            (LalanStore           *self,
                                                  const char           *learner_id,
                                                  GError              **error);
GPtrArray    *lalan_store_list_learners          (LalanStore           *self,
                                                  gboolean              include_guests,
                                                  GError              **error);
GPtrArray    *lalan_store_list_archived_learners (LalanStore           *self,
                                                  GError              **error);
gboolean      lalan_store_set_learner_archived   (LalanStore           *self,
                                                  const char           *learner_id,
                                                  gboolean              archived,
                                                  GError              **error);

/* Learning events: append-only */
gboolean      lalan_store_append_learning_events (LalanStore           *self,
                                                  GPtrArray            *events,
                                                  guint                *n_added,
                                                  GError              **error);
GPtrArray    *lalan_store_list_learning_events   (LalanStore           *self,
                                                  const char           *learner_id,
                                                  const char           *pack_id,
                                                  const char           *lesson_id,
                                                  gint64                since,
                                                  gint64                until,
                                                  GError              **error);

/* Installed lesson packs */
gboolean         lalan_store_save_lesson_pack    (LalanStore           *self,
                                                  const LalanLessonPack *pack,
                                                  GError              **error);
LalanLessonPack *lalan_store_get_lesson_pack     (LalanStore           *self,
                                                  const char           *pack_id,
                                                  GError              **error);
GPtrArray       *lalan_store_list_lesson_packs   (LalanStore           *self,
                                                  GError              **error);
gboolean         lalan_store_remove_lesson_pack  (LalanStore           *self,
                                                  const char           *pack_id,
                                                  GError              **error);

/* Connectivity measurements */
char             *lalan_store_add_measurement    (LalanStore             *self,
                                                  const LalanMeasurement *measurement,
                                                  GError                **error);
gboolean          lalan_store_link_measurement   (LalanStore             *self,
                                                  const char             *measurement_id,
                                                  const char             *instance_id,
                                                  GError                **error);
LalanMeasurement *lalan_store_get_measurement    (LalanStore             *self,
                                                  const char             *measurement_id,
                                                  GError                **error);
GPtrArray        *lalan_store_list_measurements  (LalanStore             *self,
                                                  gint64                  since,
                                                  guint                   limit,
                                                  GError                **error);

/* Safety: checks, backups, restore */
gboolean     lalan_store_check                   (LalanStore           *self,
                                                  gboolean              full,
                                                  char               ***problems,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
gboolean     lalan_store_backup                  (LalanStore           *self,
                                                  const char           *destination,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
char        *lalan_store_backup_daily            (LalanStore           *self,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
char        *lalan_store_get_backup_dir          (LalanStore           *self);
gboolean     lalan_store_restore                 (LalanStore           *self,
                                                  const char           *source,
                                                  char                **kept_path,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

/* Asynchronous variants for the GUI */
void         lalan_store_save_draft_async        (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *form_id,
                                                  const char           *form_version,
                                                  const char           *instance_xml,
                                                  const char           *summary,
                                                  const char           *resume_position,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
LalanRecord *lalan_store_save_draft_finish       (LalanStore           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void         lalan_store_finalize_record_async   (LalanStore           *self,
                                                  const char           *instance_id,
                                                  const char           *instance_xml,
                                                  const char           *summary,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
LalanRecord *lalan_store_finalize_record_finish  (LalanStore           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void         lalan_store_reopen_record_async     (LalanStore           *self,
                                                  const char           *instance_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
LalanRecord *lalan_store_reopen_record_finish    (LalanStore           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void         lalan_store_delete_draft_async      (LalanStore           *self,
                                                  const char           *instance_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean     lalan_store_delete_draft_finish     (LalanStore           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void         lalan_store_get_record_async        (LalanStore           *self,
                                                  const char           *instance_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
LalanRecord *lalan_store_get_record_finish       (LalanStore           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void         lalan_store_list_records_async      (LalanStore           *self,
                                                  guint                 states,
                                                  const char           *form_id,
                                                  const char           *search,
                                                  guint                 offset,
                                                  guint                 limit,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray   *lalan_store_list_records_finish     (LalanStore           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void         lalan_store_count_records_by_state_async  (LalanStore          *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean     lalan_store_count_records_by_state_finish (LalanStore          *self,
                                                        GAsyncResult        *result,
                                                        LalanRecordCounts   *counts,
                                                        GError             **error);
void         lalan_store_list_forms_async        (LalanStore           *self,
                                                  gboolean              latest_only,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray   *lalan_store_list_forms_finish       (LalanStore           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void         lalan_store_append_learning_events_async  (LalanStore          *self,
                                                        GPtrArray           *events,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean     lalan_store_append_learning_events_finish (LalanStore          *self,
                                                        GAsyncResult        *result,
                                                        guint               *n_added,
                                                        GError             **error);
void         lalan_store_backup_daily_async      (LalanStore           *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char        *lalan_store_backup_daily_finish     (LalanStore           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
