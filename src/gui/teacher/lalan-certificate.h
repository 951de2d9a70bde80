/* lalan-certificate.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LalanCertificate:
 * @learner: the learner's name
 * @lesson: the lesson's title
 * @pack: (nullable): the title of the lesson's pack
 * @competences: (nullable): lines such as "4.2 Protecting personal data
 *   and privacy", %NULL-terminated
 * @mastered: whether the lesson was mastered (otherwise completed)
 * @date: the date to print
 * @centre: (nullable): the learning centre, from Preferences
 *
 * What a certificate says.
 */
typedef struct
{
  const char         *learner;
  const char         *lesson;
  const char         *pack;
  const char * const *competences;
  gboolean            mastered;
  GDateTime          *date;
  const char         *centre;
} LalanCertificate;

gboolean lalan_certificate_write_pdf (const LalanCertificate  *certificate,
                                      const char              *path,
                                      GError                 **error);

G_END_DECLS
