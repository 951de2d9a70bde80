/* lalan-forms-update.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-openrosa-client.h"
#include "lalan-store.h"

G_BEGIN_DECLS

/**
 * LalanFormsUpdate:
 * @n_listed: forms on the server's list
 * @n_new: form versions downloaded and kept
 * @new_forms: (element-type utf8): "FORM_ID VERSION" of each
 * @problems: (element-type utf8): a sentence for each form that could not
 *   be kept
 *
 * What a forms update did.
 */
typedef struct
{
  guint      n_listed;
  guint      n_new;
  GPtrArray *new_forms;
  GPtrArray *problems;
} LalanFormsUpdate;

void     lalan_forms_update_init  (LalanFormsUpdate     *update);
void     lalan_forms_update_clear (LalanFormsUpdate     *update);
gboolean lalan_forms_update_run   (LalanStore           *store,
                                   LalanOpenRosaClient  *client,
                                   const char           *source,
                                   LalanFormsUpdate     *update,
                                   GCancellable         *cancellable,
                                   GError              **error);

G_END_DECLS
