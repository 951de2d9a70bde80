/* lalan-xpath-values-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* XPath values as ODK XForms defines them: numbers print without an
 * exponent, and date and dateTime strings count as days since 1970-01-01
 * wherever a number is expected. */

typedef struct
{
  int      year, month, day;       /* 0 when there is no date part */
  int      hour, minute;
  double   second;
  gboolean has_date;
  gboolean has_time;
  gboolean has_offset;
  int      offset_minutes;         /* east of UTC */
} LxDateTime;

char      *lx_format_number        (double            value);
double     lx_xpath_number         (const char       *text);
double     lx_string_to_number     (const char       *text);
gboolean   lx_is_integer_text      (const char       *text);
gboolean   lx_is_decimal_text      (const char       *text);

gboolean   lx_parse_date           (const char       *text,
                                    LxDateTime       *out);
gboolean   lx_parse_time           (const char       *text,
                                    LxDateTime       *out);
gboolean   lx_parse_date_time      (const char       *text,
                                    LxDateTime       *out);
gboolean   lx_parse_date_or_time   (const char       *text,
                                    LxDateTime       *out);

gint64     lx_days_from_civil      (int               year,
                                    int               month,
                                    int               day);
void       lx_civil_from_days      (gint64            days,
                                    int              *year,
                                    int              *month,
                                    int              *day);

double     lx_date_time_to_days    (const LxDateTime *value);
GDateTime *lx_date_time_to_local   (const LxDateTime *value);
GDateTime *lx_days_to_local        (double            days);

char      *lx_format_date          (GDateTime        *value);
char      *lx_format_date_time     (GDateTime        *value);
char      *lx_format_time          (GDateTime        *value);
char      *lx_format_pattern       (GDateTime        *value,
                                    const char       *pattern,
                                    gboolean          with_time);

G_END_DECLS
