/* lalan-form.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-form-types.h"
#include "lalan-form-enums.h"

G_BEGIN_DECLS

/* Limits for files from outside: a form, or a saved instance. */
#define LALAN_FORM_MAX_BYTES   (64 * 1024 * 1024)
#define LALAN_FORM_MAX_DEPTH   64
#define LALAN_FORM_MAX_ELEMENTS 2000000

#define LALAN_TYPE_FORM (lalan_form_get_type ())

G_DECLARE_FINAL_TYPE (LalanForm, lalan_form, LALAN, FORM, GObject)

LalanForm          *lalan_form_new_from_bytes       (GBytes      *xml,
                                                     GError     **error);
LalanForm          *lalan_form_new_from_file        (const char  *path,
                                                     GError     **error);
LalanForm          *lalan_form_load                 (GBytes      *xml,
                                                     GPtrArray  **problems,
                                                     GError     **error);

const char         *lalan_form_get_id               (LalanForm   *self);
const char         *lalan_form_get_version          (LalanForm   *self);
const char         *lalan_form_get_title            (LalanForm   *self);
const char         *lalan_form_get_hash             (LalanForm   *self);
GBytes             *lalan_form_get_xml              (LalanForm   *self);
const char * const *lalan_form_get_languages        (LalanForm   *self);
const char         *lalan_form_get_default_language (LalanForm   *self);
guint               lalan_form_get_n_questions      (LalanForm   *self);
guint               lalan_form_get_n_groups         (LalanForm   *self);
guint               lalan_form_get_n_repeats        (LalanForm   *self);

G_END_DECLS
