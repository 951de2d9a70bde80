/* lalan-openrosa.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The XML of OpenRosa 1.0: form lists, server answers, and the few things
 * sync reads from forms and instances. Everything here comes from outside
 * and is parsed without network access, DTDs or entities, within size
 * limits. */

#define LALAN_OPENROSA_MAX_ANSWER_BYTES (1024 * 1024)
#define LALAN_OPENROSA_MAX_FORM_BYTES   (16 * 1024 * 1024)

/**
 * LalanOpenRosaForm:
 * @form_id: the form's id
 * @name: (nullable): its title
 * @version: (nullable): its version
 * @hash: (nullable): its hash, as the server gives it ("md5:...")
 * @download_url: where to download it
 *
 * One entry of a server's form list.
 */
typedef struct
{
  char *form_id;
  char *name;
  char *version;
  char *hash;
  char *download_url;
} LalanOpenRosaForm;

void       lalan_openrosa_form_free            (LalanOpenRosaForm  *form);

GPtrArray *lalan_openrosa_parse_form_list      (const char         *data,
                                                gsize               length,
                                                GError            **error);
gboolean   lalan_openrosa_parse_answer         (const char         *data,
                                                gsize               length,
                                                char              **message);
char      *lalan_openrosa_clean_message        (const char         *message);
gboolean   lalan_openrosa_read_instance_meta   (const char         *xml,
                                                char              **form_id,
                                                char              **version,
                                                char              **instance_id,
                                                char              **deprecated_id);
char      *lalan_openrosa_ensure_deprecated_id (const char         *xml,
                                                const char         *deprecated_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanOpenRosaForm, lalan_openrosa_form_free)

G_END_DECLS
