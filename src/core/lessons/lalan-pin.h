/* lalan-pin.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LALAN_PIN_LENGTH 4
#define LALAN_PIN_DEFAULT_ITERATIONS 120000

gboolean  lalan_pin_is_valid  (const char  *pin);
char     *lalan_pin_hash      (const char  *pin,
                               GError     **error);
char     *lalan_pin_hash_full (const char  *pin,
                               guint        iterations,
                               GError     **error);
gboolean  lalan_pin_verify    (const char  *pin,
                               const char  *stored);

G_END_DECLS
