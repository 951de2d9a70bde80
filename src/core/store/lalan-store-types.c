/* lalan-store-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-store-types.h"

#include <math.h>

G_DEFINE_BOXED_TYPE (LalanFormInfo, lalan_form_info, lalan_form_info_copy, lalan_form_info_free)
G_DEFINE_BOXED_TYPE (LalanAttachment, lalan_attachment, lalan_attachment_copy, lalan_attachment_free)
G_DEFINE_BOXED_TYPE (LalanLearner, lalan_learner, lalan_learner_copy, lalan_learner_free)
G_DEFINE_BOXED_TYPE (LalanLearningEvent, lalan_learning_event, lalan_learning_event_copy, lalan_learning_event_free)
G_DEFINE_BOXED_TYPE (LalanLessonPack, lalan_lesson_pack, lalan_lesson_pack_copy, lalan_lesson_pack_free)
G_DEFINE_BOXED_TYPE (LalanMeasurement, lalan_measurement, lalan_measurement_copy, lalan_measurement_free)
G_DEFINE_BOXED_TYPE (LalanRecordCounts, lalan_record_counts, lalan_record_counts_copy, lalan_record_counts_free)

/**
 * lalan_form_info_copy:
 * @info: a form info
 *
 * Returns: (transfer full): a copy
 */
LalanFormInfo *
lalan_form_info_copy (const LalanFormInfo *info)
{
  LalanFormInfo *copy = g_memdup2 (info, sizeof *info);

  copy->form_id = g_strdup (info->form_id);
  copy->version = g_strdup (info->version);
  copy->hash = g_strdup (info->hash);
  copy->source = g_strdup (info->source);

  return copy;
}

/**
 * lalan_form_info_free:
 * @info: (nullable): a form info
 */
void
lalan_form_info_free (LalanFormInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->form_id);
  g_free (info->version);
  g_free (info->hash);
  g_free (info->source);
  g_free (info);
}

/**
 * lalan_attachment_new:
 * @name: the file's name in the submission
 * @media_type: (nullable): its media type
 * @data: its content
 *
 * An attachment to give to lalan_store_import_record().
 *
 * Returns: (transfer full): the attachment
 */
LalanAttachment *
lalan_attachment_new (const char *name,
                      const char *media_type,
                      GBytes     *data)
{
  LalanAttachment *attachment = g_new0 (LalanAttachment, 1);

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  attachment->name = g_strdup (name);
  attachment->media_type = g_strdup (media_type);
  attachment->data = g_bytes_ref (data);
  attachment->size = g_bytes_get_size (data);
  attachment->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);

  return attachment;
}

/**
 * lalan_attachment_copy:
 * @attachment: an attachment
 *
 * Returns: (transfer full): a copy
 */
LalanAttachment *
lalan_attachment_copy (const LalanAttachment *attachment)
{
  LalanAttachment *copy = g_memdup2 (attachment, sizeof *attachment);

  copy->instance_id = g_strdup (attachment->instance_id);
  copy->name = g_strdup (attachment->name);
  copy->media_type = g_strdup (attachment->media_type);
  copy->sha256 = g_strdup (attachment->sha256);
  copy->data = attachment->data != NULL ? g_bytes_ref (attachment->data) : NULL;

  return copy;
}

/**
 * lalan_attachment_free:
 * @attachment: (nullable): an attachment
 */
void
lalan_attachment_free (LalanAttachment *attachment)
{
  if (attachment == NULL)
    return;

  g_free (attachment->instance_id);
  g_free (attachment->name);
  g_free (attachment->media_type);
  g_free (attachment->sha256);
  g_clear_pointer (&attachment->data, g_bytes_unref);
  g_free (attachment);
}

/**
 * lalan_learner_new:
 *
 * Returns: (transfer full): an empty learner
 */
LalanLearner *
lalan_learner_new (void)
{
  return g_new0 (LalanLearner, 1);
}

/**
 * lalan_learner_copy:
 * @learner: a learner
 *
 * Returns: (transfer full): a copy
 */
LalanLearner *
lalan_learner_copy (const LalanLearner *learner)
{
  LalanLearner *copy = g_memdup2 (learner, sizeof *learner);

  copy->id = g_strdup (learner->id);
  copy->display_name = g_strdup (learner->display_name);
  copy->avatar_id = g_strdup (learner->avatar_id);
  copy->pin_hash = g_strdup (learner->pin_hash);
  copy->pin_salt = g_strdup (learner->pin_salt);

  return copy;
}

/**
 * lalan_learner_free:
 * @learner: (nullable): a learner
 */
void
lalan_learner_free (LalanLearner *learner)
{
  if (learner == NULL)
    return;

  g_free (learner->id);
  g_free (learner->display_name);
  g_free (learner->avatar_id);
  g_free (learner->pin_hash);
  g_free (learner->pin_salt);
  g_free (learner);
}

/**
 * lalan_learning_event_new:
 *
 * Returns: (transfer full): an empty event, not scored, to fill in
 */
LalanLearningEvent *
lalan_learning_event_new (void)
{
  LalanLearningEvent *event = g_new0 (LalanLearningEvent, 1);

  event->correct = LALAN_LEARNING_EVENT_NOT_SCORED;

  return event;
}

/**
 * lalan_learning_event_copy:
 * @event: an event
 *
 * Returns: (transfer full): a copy
 */
LalanLearningEvent *
lalan_learning_event_copy (const LalanLearningEvent *event)
{
  LalanLearningEvent *copy = g_memdup2 (event, sizeof *event);

  copy->uuid = g_strdup (event->uuid);
  copy->device_id = g_strdup (event->device_id);
  copy->learner_id = g_strdup (event->learner_id);
  copy->pack_id = g_strdup (event->pack_id);
  copy->lesson_id = g_strdup (event->lesson_id);
  copy->step_id = g_strdup (event->step_id);
  copy->item_id = g_strdup (event->item_id);
  copy->kind = g_strdup (event->kind);
  copy->answer = g_strdup (event->answer);
  copy->details = g_strdup (event->details);

  return copy;
}

/**
 * lalan_learning_event_free:
 * @event: (nullable): an event
 */
void
lalan_learning_event_free (LalanLearningEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->uuid);
  g_free (event->device_id);
  g_free (event->learner_id);
  g_free (event->pack_id);
  g_free (event->lesson_id);
  g_free (event->step_id);
  g_free (event->item_id);
  g_free (event->kind);
  g_free (event->answer);
  g_free (event->details);
  g_free (event);
}

/**
 * lalan_lesson_pack_new:
 *
 * Returns: (transfer full): an empty pack record
 */
LalanLessonPack *
lalan_lesson_pack_new (void)
{
  return g_new0 (LalanLessonPack, 1);
}

/**
 * lalan_lesson_pack_copy:
 * @pack: a pack
 *
 * Returns: (transfer full): a copy
 */
LalanLessonPack *
lalan_lesson_pack_copy (const LalanLessonPack *pack)
{
  LalanLessonPack *copy = g_memdup2 (pack, sizeof *pack);

  copy->id = g_strdup (pack->id);
  copy->version = g_strdup (pack->version);
  copy->title = g_strdup (pack->title);
  copy->path = g_strdup (pack->path);
  copy->manifest_json = g_strdup (pack->manifest_json);

  return copy;
}

/**
 * lalan_lesson_pack_free:
 * @pack: (nullable): a pack
 */
void
lalan_lesson_pack_free (LalanLessonPack *pack)
{
  if (pack == NULL)
    return;

  g_free (pack->id);
  g_free (pack->version);
  g_free (pack->title);
  g_free (pack->path);
  g_free (pack->manifest_json);
  g_free (pack);
}

/**
 * lalan_measurement_new:
 *
 * Returns: (transfer full): a measurement with every figure "not
 *   measured" (NAN)
 */
LalanMeasurement *
lalan_measurement_new (void)
{
  LalanMeasurement *measurement = g_new0 (LalanMeasurement, 1);

  measurement->download_mbps = NAN;
  measurement->upload_mbps = NAN;
  measurement->latency_ms = NAN;
  measurement->jitter_ms = NAN;
  measurement->dns_ms = NAN;

  return measurement;
}

/**
 * lalan_measurement_copy:
 * @measurement: a measurement
 *
 * Returns: (transfer full): a copy
 */
LalanMeasurement *
lalan_measurement_copy (const LalanMeasurement *measurement)
{
  LalanMeasurement *copy = g_memdup2 (measurement, sizeof *measurement);

  copy->id = g_strdup (measurement->id);
  copy->server_url = g_strdup (measurement->server_url);
  copy->details_json = g_strdup (measurement->details_json);
  copy->record_instance_id = g_strdup (measurement->record_instance_id);

  return copy;
}

/**
 * lalan_measurement_free:
 * @measurement: (nullable): a measurement
 */
void
lalan_measurement_free (LalanMeasurement *measurement)
{
  if (measurement == NULL)
    return;

  g_free (measurement->id);
  g_free (measurement->server_url);
  g_free (measurement->details_json);
  g_free (measurement->record_instance_id);
  g_free (measurement);
}

/**
 * lalan_record_counts_copy:
 * @counts: counts
 *
 * Returns: (transfer full): a copy
 */
LalanRecordCounts *
lalan_record_counts_copy (const LalanRecordCounts *counts)
{
  return g_memdup2 (counts, sizeof *counts);
}

/**
 * lalan_record_counts_free:
 * @counts: (nullable): counts
 */
void
lalan_record_counts_free (LalanRecordCounts *counts)
{
  g_free (counts);
}
