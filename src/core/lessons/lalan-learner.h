/* lalan-learner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LALAN_LEARNER_MAX_NAME 60
#define LALAN_GUEST_AVATAR "guest"

/**
 * LalanLearner:
 * @id: a UUID; events name the learner by it, so it never changes
 * @name: (nullable): the name or nickname shown, %NULL for a guest
 * @avatar: the id of a bundled avatar picture
 * @pin_hash: (nullable): the PIN as lalan_pin_hash() stores it
 * @guest: whether this is a guest not yet named
 * @created: when, in microseconds since 1970 UTC
 *
 * Someone learning on a shared computer.
 */
typedef struct
{
  char     *id;
  char     *name;
  char     *avatar;
  char     *pin_hash;
  gboolean  guest;
  gint64    created;
} LalanLearner;

#define LALAN_TYPE_LEARNER (lalan_learner_get_type ())

GType               lalan_learner_get_type       (void) G_GNUC_CONST;
LalanLearner       *lalan_learner_new            (const char          *name,
                                                  const char          *avatar,
                                                  GError             **error);
LalanLearner       *lalan_learner_new_guest      (void);
LalanLearner       *lalan_learner_copy           (const LalanLearner  *learner);
void                lalan_learner_free           (LalanLearner        *learner);
gboolean            lalan_learner_set_pin        (LalanLearner        *learner,
                                                  const char          *pin,
                                                  GError             **error);
gboolean            lalan_learner_has_pin        (const LalanLearner  *learner);
gboolean            lalan_learner_check_pin      (const LalanLearner  *learner,
                                                  const char          *pin);
gboolean            lalan_learner_convert_guest  (LalanLearner        *learner,
                                                  const char          *name,
                                                  const char          *avatar,
                                                  GError             **error);
const char         *lalan_learner_get_display_name (const LalanLearner *learner);

const char * const *lalan_avatars_list           (void);
gboolean            lalan_avatar_is_known        (const char          *avatar);
char               *lalan_avatar_get_resource    (const char          *avatar);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanLearner, lalan_learner_free)

G_END_DECLS
