/* lalan-store-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Plain data the store hands out and takes in. Every struct is a boxed type
 * with public fields: strings are owned by the struct (g_strdup them in,
 * they are g_free'd by the _free function). Times are microseconds since
 * the Unix epoch (g_get_real_time()), 0 meaning "not set". */

/**
 * LalanFormInfo:
 * @form_id: the XForm's id
 * @version: its version string
 * @hash: the hash given when it was registered (such as "md5:...")
 * @source: where it came from ("bundled", a server URL, a file...)
 * @first_seen: when this version was first registered
 * @is_latest: whether this is the most recently registered version of @form_id
 * @n_records: how many records use this version
 *
 * One registered version of a form; the XML itself comes from
 * lalan_store_get_form_xml().
 */
typedef struct
{
  char     *form_id;
  char     *version;
  char     *hash;
  char     *source;
  gint64    first_seen;
  gboolean  is_latest;
  guint     n_records;
} LalanFormInfo;

/**
 * LalanAttachment:
 * @instance_id: the record it belongs to
 * @name: its file name in the submission (unique within the record)
 * @media_type: such as "image/jpeg"
 * @size: its size in bytes
 * @sha256: the SHA-256 of its content, in hex
 * @added_at: when it was added
 * @data: (nullable): its content; %NULL in listings, filled by
 *   lalan_store_get_attachment() and given to lalan_store_import_record()
 *
 * A file that belongs to a record (a photo, a signature).
 */
typedef struct
{
  char   *instance_id;
  char   *name;
  char   *media_type;
  gint64  size;
  char   *sha256;
  gint64  added_at;
  GBytes *data;
} LalanAttachment;

/**
 * LalanLearner:
 * @id: a UUID chosen by the store
 * @display_name: the name or nickname shown on the avatar button
 * @avatar_id: which of the bundled pictures
 * @pin_hash: (nullable): the PIN's salted hash, as the lessons module made it
 * @pin_salt: (nullable): its salt
 * @is_guest: a guest, who may later become a learner with the same id
 * @created_at: when the learner was created
 * @updated_at: when it was last changed
 * @archived_at: when the learner was archived (hidden from the list of
 *   learners, with all their progress kept), or 0
 *
 * A person who learns on this computer.
 */
typedef struct
{
  char     *id;
  char     *display_name;
  char     *avatar_id;
  char     *pin_hash;
  char     *pin_salt;
  gboolean  is_guest;
  gint64    created_at;
  gint64    updated_at;
  gint64    archived_at;
} LalanLearner;

/**
 * LalanLearningEventCorrect:
 * @LALAN_LEARNING_EVENT_NOT_SCORED: the event has no right or wrong
 * @LALAN_LEARNING_EVENT_WRONG: the answer was wrong
 * @LALAN_LEARNING_EVENT_RIGHT: the answer was right
 */
typedef enum
{
  LALAN_LEARNING_EVENT_NOT_SCORED = -1,
  LALAN_LEARNING_EVENT_WRONG = 0,
  LALAN_LEARNING_EVENT_RIGHT = 1,
} LalanLearningEventCorrect;

/**
 * LalanLearningEvent:
 * @uuid: (nullable): the event's UUID; the store makes one when %NULL
 * @device_id: (nullable): the device that recorded it; this device when %NULL
 * @learner_id: the learner
 * @pack_id: the lesson pack
 * @lesson_id: the lesson
 * @step_id: (nullable): the step (page, question) within the lesson
 * @item_id: (nullable): the item (question, checklist entry) within the step
 * @kind: what happened ("lesson-started", "answered", "lesson-completed"...;
 *   the lessons module owns the vocabulary)
 * @answer: (nullable): the answer given, as text
 * @correct: whether @answer was right
 * @time: when it happened; now when 0
 * @details: (nullable): anything else, as a JSON text
 *
 * One thing a learner did. Events are only ever appended.
 */
typedef struct
{
  char                      *uuid;
  char                      *device_id;
  char                      *learner_id;
  char                      *pack_id;
  char                      *lesson_id;
  char                      *step_id;
  char                      *item_id;
  char                      *kind;
  char                      *answer;
  LalanLearningEventCorrect  correct;
  gint64                     time;
  char                      *details;
} LalanLearningEvent;

/**
 * LalanLessonPack:
 * @id: the pack's id
 * @version: its version
 * @title: its title in the pack's own language
 * @path: where it is unpacked
 * @manifest_json: its manifest, as JSON text
 * @installed_at: when it was installed
 *
 * An installed lesson pack.
 */
typedef struct
{
  char   *id;
  char   *version;
  char   *title;
  char   *path;
  char   *manifest_json;
  gint64  installed_at;
} LalanLessonPack;

/**
 * LalanMeasurement:
 * @id: (nullable): a UUID; the store makes one when %NULL
 * @taken_at: when the test ran; now when 0
 * @server_url: (nullable): the server it measured against
 * @download_mbps: download rate, NAN when not measured
 * @upload_mbps: upload rate, NAN when not measured
 * @latency_ms: unloaded latency, NAN when not measured
 * @jitter_ms: jitter, NAN when not measured
 * @dns_ms: DNS resolution time, NAN when not measured
 * @captive_portal: whether a captive portal was detected
 * @bytes_used: bytes the test transferred
 * @details_json: (nullable): every other figure, as JSON text
 * @record_instance_id: (nullable): the record the result was saved into
 *
 * One connectivity test.
 */
typedef struct
{
  char     *id;
  gint64    taken_at;
  char     *server_url;
  double    download_mbps;
  double    upload_mbps;
  double    latency_ms;
  double    jitter_ms;
  double    dns_ms;
  gboolean  captive_portal;
  gint64    bytes_used;
  char     *details_json;
  char     *record_instance_id;
} LalanMeasurement;

/**
 * LalanRecordCounts:
 * @draft: drafts
 * @finalized: finalized, waiting to be sent
 * @sent: sent
 * @needs_review: refused by the server, waiting for a person
 * @total: all records
 *
 * How many records are in each state.
 */
typedef struct
{
  guint draft;
  guint finalized;
  guint sent;
  guint needs_review;
  guint total;
} LalanRecordCounts;

#define LALAN_TYPE_FORM_INFO       (lalan_form_info_get_type ())
#define LALAN_TYPE_ATTACHMENT      (lalan_attachment_get_type ())
#define LALAN_TYPE_LEARNER         (lalan_learner_get_type ())
#define LALAN_TYPE_LEARNING_EVENT  (lalan_learning_event_get_type ())
#define LALAN_TYPE_LESSON_PACK     (lalan_lesson_pack_get_type ())
#define LALAN_TYPE_MEASUREMENT     (lalan_measurement_get_type ())
#define LALAN_TYPE_RECORD_COUNTS   (lalan_record_counts_get_type ())

GType               lalan_form_info_get_type      (void) G_GNUC_CONST;
LalanFormInfo      *lalan_form_info_copy          (const LalanFormInfo      *info);
void                lalan_form_info_free          (LalanFormInfo            *info);

GType               lalan_attachment_get_type     (void) G_GNUC_CONST;
LalanAttachment    *lalan_attachment_new          (const char               *name,
                                                   const char               *media_type,
                                                   GBytes                   *data);
LalanAttachment    *lalan_attachment_copy         (const LalanAttachment    *attachment);
void                lalan_attachment_free         (LalanAttachment          *attachment);

GType               lalan_learner_get_type        (void) G_GNUC_CONST;
LalanLearner       *lalan_learner_new             (void);
LalanLearner       *lalan_learner_copy            (const LalanLearner       *learner);
void                lalan_learner_free            (LalanLearner             *learner);

GType               lalan_learning_event_get_type (void) G_GNUC_CONST;
LalanLearningEvent *lalan_learning_event_new      (void);
LalanLearningEvent *lalan_learning_event_copy     (const LalanLearningEvent *event);
void                lalan_learning_event_free     (LalanLearningEvent       *event);

GType               lalan_lesson_pack_get_type    (void) G_GNUC_CONST;
LalanLessonPack    *lalan_lesson_pack_new         (void);
LalanLessonPack    *lalan_lesson_pack_copy        (const LalanLessonPack    *pack);
void                lalan_lesson_pack_free        (LalanLessonPack          *pack);

GType               lalan_measurement_get_type    (void) G_GNUC_CONST;
LalanMeasurement   *lalan_measurement_new         (void);
LalanMeasurement   *lalan_measurement_copy        (const LalanMeasurement   *measurement);
void                lalan_measurement_free        (LalanMeasurement         *measurement);

GType               lalan_record_counts_get_type  (void) G_GNUC_CONST;
LalanRecordCounts  *lalan_record_counts_copy      (const LalanRecordCounts  *counts);
void                lalan_record_counts_free      (LalanRecordCounts        *counts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanFormInfo, lalan_form_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanAttachment, lalan_attachment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanLearner, lalan_learner_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanLearningEvent, lalan_learning_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanLessonPack, lalan_lesson_pack_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanMeasurement, lalan_measurement_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanRecordCounts, lalan_record_counts_free)

G_END_DECLS
