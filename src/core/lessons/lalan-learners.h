/* lalan-learners.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lalan-store.h"

G_BEGIN_DECLS

#define LALAN_LEARNER_MAX_NAME 60
#define LALAN_GUEST_AVATAR "guest"

char               *lalan_learner_clean_name       (const char          *name,
                                                    GError             **error);
gboolean            lalan_learner_check_pin        (const LalanLearner  *learner,
                                                    const char          *pin);
const char         *lalan_learner_get_display_name (const LalanLearner  *learner);

LalanLearner       *lalan_learners_create          (LalanStore          *store,
                                                    const char          *name,
                                                    const char          *avatar,
                                                    const char          *pin,
                                                    GError             **error);
LalanLearner       *lalan_learners_create_guest    (LalanStore          *store,
                                                    GError             **error);
LalanLearner       *lalan_learners_convert_guest   (LalanStore          *store,
                                                    const char          *guest_id,
                                                    const char          *name,
                                                    const char          *avatar,
                                                    const char          *pin,
                                                    GError             **error);
gboolean            lalan_learners_set_pin         (LalanStore          *store,
                                                    LalanLearner        *learner,
                                                    const char          *pin,
                                                    GError             **error);

const char * const *lalan_avatars_list             (void);
gboolean            lalan_avatar_is_known          (const char          *avatar);
char               *lalan_avatar_get_resource      (const char          *avatar);

G_END_DECLS
