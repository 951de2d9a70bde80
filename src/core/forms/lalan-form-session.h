/* lalan-form-session.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-form.h"

G_BEGIN_DECLS

typedef struct _LalanFormControl LalanFormControl;

/**
 * LalanFormSessionOptions:
 * @device_id: the value of the `deviceid` preload (never blank in a record)
 * @username: the `username` preload
 * @email: the `email` preload
 * @phone_number: the `phonenumber` preload
 * @language: the itext language to start in, or %NULL for the default
 * @now: a fixed clock for today(), now() and timestamps, or %NULL
 * @seed: a seed for random() and uuid(), or 0 for unpredictable values
 *
 * What a session needs from its surroundings. Zero-filled means defaults.
 */
typedef struct
{
  const char *device_id;
  const char *username;
  const char *email;
  const char *phone_number;
  const char *language;
  GDateTime  *now;
  guint32     seed;
} LalanFormSessionOptions;

#define LALAN_TYPE_FORM_SESSION (lalan_form_session_get_type ())

G_DECLARE_FINAL_TYPE (LalanFormSession, lalan_form_session, LALAN, FORM_SESSION, GObject)

LalanFormSession *lalan_form_session_new                (LalanForm                     *form,
                                                         const LalanFormSessionOptions *options,
                                                         GError                       **error);
LalanFormSession *lalan_form_session_new_from_instance  (LalanForm                     *form,
                                                         GBytes                        *instance_xml,
                                                         LalanFormRestoreMode           mode,
                                                         const LalanFormSessionOptions *options,
                                                         GError                       **error);

LalanForm        *lalan_form_session_get_form           (LalanFormSession *self);
const char       *lalan_form_session_get_instance_id    (LalanFormSession *self);
const char       *lalan_form_session_get_deprecated_id  (LalanFormSession *self);
const char       *lalan_form_session_get_instance_name  (LalanFormSession *self);

const char       *lalan_form_session_get_language       (LalanFormSession *self);
gboolean          lalan_form_session_set_language       (LalanFormSession *self,
                                                         const char       *language,
                                                         GError          **error);

const char       *lalan_form_session_get_value          (LalanFormSession *self,
                                                         const char       *path);
gboolean          lalan_form_session_set_value          (LalanFormSession *self,
                                                         const char       *path,
                                                         const char       *value,
                                                         GError          **error);
gboolean          lalan_form_session_is_relevant        (LalanFormSession *self,
                                                         const char       *path);

char             *lalan_form_session_add_repeat         (LalanFormSession *self,
                                                         const char       *path,
                                                         GError          **error);
gboolean          lalan_form_session_remove_repeat      (LalanFormSession *self,
                                                         const char       *path,
                                                         GError          **error);
guint             lalan_form_session_get_repeat_count   (LalanFormSession *self,
                                                         const char       *path);

LalanFormControl *lalan_form_session_get_body           (LalanFormSession *self);
LalanFormControl *lalan_form_session_lookup_control     (LalanFormSession *self,
                                                         const char       *path);
GPtrArray        *lalan_form_session_list_pages         (LalanFormSession *self,
                                                         gboolean          relevant_only);
int               lalan_form_session_get_progress       (LalanFormSession *self);
LalanFormControl *lalan_form_session_find_page          (LalanFormSession *self,
                                                         const char       *position);
LalanFormControl *lalan_form_session_get_next_page      (LalanFormSession *self,
                                                         const char       *position);
LalanFormControl *lalan_form_session_get_previous_page  (LalanFormSession *self,
                                                         const char       *position);

GPtrArray        *lalan_form_session_get_violations     (LalanFormSession *self);
GPtrArray        *lalan_form_session_get_page_violations (LalanFormSession *self,
                                                         const char       *position);
gboolean          lalan_form_session_finalize           (LalanFormSession *self,
                                                         GError          **error);
gboolean          lalan_form_session_is_finalized       (LalanFormSession *self);

GBytes           *lalan_form_session_serialize          (LalanFormSession      *self,
                                                         LalanFormSerializeMode mode);
char             *lalan_form_session_evaluate           (LalanFormSession *self,
                                                         const char       *expression,
                                                         const char       *context_path,
                                                         GError          **error);
const GPtrArray  *lalan_form_session_get_errors         (LalanFormSession *self);

G_END_DECLS
