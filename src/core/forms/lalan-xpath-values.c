/* lalan-xpath-values.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-xpath-values-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Numbers */

static void
expand_exponent (GString    *out,
                 const char *repr)
{
  /* repr is "[-]d[.ddd]e[+-]N": write it out as plain decimal digits. */
  const char *e = strchr (repr, 'e');
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean negative = FALSE;
  int exponent;
  int point;
  const char *p = repr;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (; p < e; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  exponent = atoi (e + 1);
  /* The mantissa has one digit before the point. */
  point = 1 + exponent;

  if (negative)
    g_string_append_c (out, '-');
  if (point <= 0)
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -point; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits->str);
    }
  else if ((gsize) point >= digits->len)
    {
      g_string_append (out, digits->str);
      for (gsize i = digits->len; i < (gsize) point; i++)
        g_string_append_c (out, '0');
    }
  else
    {
      g_string_append_len (out, digits->str, point);
      g_string_append_c (out, '.');
      g_string_append (out, digits->str + point);
    }
}

/**
 * lx_format_number:
 * @value: a number
 *
 * XPath 1.0 string(): NaN, Infinity, -Infinity, integers without a point,
 * otherwise the shortest decimal that reads back as the same double, never
 * with an exponent.
 *
 * Returns: (transfer full): the text
 */
char *
lx_format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  GString *out;

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "Infinity" : "-Infinity");
  if (value == 0)
    return g_strdup ("0");
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%.0f", value);

  /* The shortest round-tripping precision. */
  for (int precision = 1; precision <= 17; precision++)
    {
      snprintf (buffer, sizeof buffer, "%.*e", precision - 1, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  out = g_string_new (NULL);
  expand_exponent (out, buffer);

  /* Trailing zeros after the point carry nothing. */
  if (strchr (out->str, '.') != NULL)
    {
      while (out->len > 0 && out->str[out->len - 1] == '0')
        g_string_truncate (out, out->len - 1);
      if (out->len > 0 && out->str[out->len - 1] == '.')
        g_string_truncate (out, out->len - 1);
    }
  return g_string_free (out, FALSE);
}

static const char *
skip_xml_blanks (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

/* XPath Number: '-'? (Digits ('.' Digits?)? | '.' Digits), with blanks around. */
static gboolean
scan_xpath_number (const char  *text,
                   const char **start,
                   const char **end)
{
  const char *p = skip_xml_blanks (text);
  gboolean digits = FALSE;

  *start = p;
  if (*p == '-')
    p++;
  while (g_ascii_isdigit (*p))
    {
      p++;
      digits = TRUE;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          p++;
          digits = TRUE;
        }
    }
  if (!digits)
    return FALSE;
  *end = p;
  return *skip_xml_blanks (p) == '\0';
}

/**
 * lx_xpath_number:
 * @text: a string
 *
 * Returns: the number XPath 1.0 number() makes of @text: NaN unless it is
 *   a plain decimal
 */
double
lx_xpath_number (const char *text)
{
  const char *start, *end;
  g_autofree char *copy = NULL;

  if (text == NULL || !scan_xpath_number (text, &start, &end))
    return NAN;
  copy = g_strndup (start, end - start);
  return g_ascii_strtod (copy, NULL);
}

/**
 * lx_string_to_number:
 * @text: a string
 *
 * ODK's number(): a plain decimal, or a date or dateTime as days since
 * 1970-01-01 UTC; NaN otherwise, and for the empty string.
 *
 * Returns: the number
 */
double
lx_string_to_number (const char *text)
{
  double value = lx_xpath_number (text);
  LxDateTime dt;

  if (!isnan (value) || text == NULL)
    return value;

  text = skip_xml_blanks (text);
  if ((g_ascii_isdigit (text[0]) && strchr (text, '-') != NULL) &&
      (lx_parse_date (text, &dt) || lx_parse_date_time (text, &dt)))
    return lx_date_time_to_days (&dt);

  return NAN;
}

gboolean
lx_is_integer_text (const char *text)
{
  const char *p = text;

  if (*p == '-' || *p == '+')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return *p == '\0';
}

gboolean
lx_is_decimal_text (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (*p == '-' || *p == '+')
    p++;
  while (g_ascii_isdigit (*p))
    {
      p++;
      digits = TRUE;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          p++;
          digits = TRUE;
        }
    }
  return digits && *p == '\0';
}

/* Dates: proleptic Gregorian days from 1970-01-01 (H. Hinnant's algorithm). */

gint64
lx_days_from_civil (int year,
                    int month,
                    int day)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

void
lx_civil_from_days (gint64  days,
                    int    *year,
                    int    *month,
                    int    *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 y = yoe + era * 400;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp + (mp < 10 ? 3 : -9);

  *year = (int) (y + (m <= 2));
  *month = (int) m;
  *day = (int) d;
}

static int
read_digits (const char **p,
             int          count)
{
  int value = 0;

  for (int i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit ((*p)[0]))
        return -1;
      value = value * 10 + ((*p)[0] - '0');
      (*p)++;
    }
  return value;
}

static gboolean
parse_date_part (const char **p,
                 LxDateTime  *out)
{
  int year = read_digits (p, 4);
  int month, day;

  if (year < 1 || **p != '-')
    return FALSE;
  (*p)++;
  month = read_digits (p, 2);
  if (month < 1 || month > 12 || **p != '-')
    return FALSE;
  (*p)++;
  day = read_digits (p, 2);
  if (day < 1 || day > g_date_get_days_in_month (month, year))
    return FALSE;

  out->year = year;
  out->month = month;
  out->day = day;
  out->has_date = TRUE;
  return TRUE;
}

static gboolean
parse_time_part (const char **p,
                 LxDateTime  *out)
{
  int hour = read_digits (p, 2);
  int minute;
  double second = 0;

  if (hour < 0 || hour > 23 || **p != ':')
    return FALSE;
  (*p)++;
  minute = read_digits (p, 2);
  if (minute < 0 || minute > 59)
    return FALSE;
  if (**p == ':')
    {
      int whole;

      (*p)++;
      whole = read_digits (p, 2);
      if (whole < 0 || whole > 59)
        return FALSE;
      second = whole;
      if (**p == '.')
        {
          double scale = 0.1;

          (*p)++;
          if (!g_ascii_isdigit (**p))
            return FALSE;
          while (g_ascii_isdigit (**p))
            {
              second += ((**p) - '0') * scale;
              scale /= 10;
              (*p)++;
            }
        }
    }

  out->hour = hour;
  out->minute = minute;
  out->second = second;
  out->has_time = TRUE;

  if (**p == 'Z')
    {
      (*p)++;
      out->has_offset = TRUE;
      out->offset_minutes = 0;
    }
  else if (**p == '+' || **p == '-')
    {
      int sign = **p == '-' ? -1 : 1;
      int oh, om = 0;

      (*p)++;
      oh = read_digits (p, 2);
      if (oh < 0 || oh > 14)
        return FALSE;
      if (**p == ':')
        (*p)++;
      if (g_ascii_isdigit (**p))
        {
          om = read_digits (p, 2);
          if (om < 0 || om > 59)
            return FALSE;
        }
      out->has_offset = TRUE;
      out->offset_minutes = sign * (oh * 60 + om);
    }
  return TRUE;
}

static gboolean
at_end (const char *p)
{
  return *skip_xml_blanks (p) == '\0';
}

gboolean
lx_parse_date (const char *text,
               LxDateTime *out)
{
  const char *p = skip_xml_blanks (text);

  memset (out, 0, sizeof *out);
  return parse_date_part (&p, out) && at_end (p);
}

gboolean
lx_parse_time (const char *text,
               LxDateTime *out)
{
  const char *p = skip_xml_blanks (text);

  memset (out, 0, sizeof *out);
  return parse_time_part (&p, out) && at_end (p);
}

gboolean
lx_parse_date_time (const char *text,
                    LxDateTime *out)
{
  const char *p = skip_xml_blanks (text);

  memset (out, 0, sizeof *out);
  if (!parse_date_part (&p, out) || *p != 'T')
    return FALSE;
  p++;
  return parse_time_part (&p, out) && at_end (p);
}

/**
 * lx_parse_date_or_time:
 *
 * A date, a dateTime or a time, whichever @text is.
 */
gboolean
lx_parse_date_or_time (const char *text,
                       LxDateTime *out)
{
  return lx_parse_date (text, out) || lx_parse_date_time (text, out) ||
         lx_parse_time (text, out);
}

/**
 * lx_date_time_to_days:
 *
 * A date counts whole days; a dateTime is an instant, in the local time
 * zone when it has no offset.
 */
double
lx_date_time_to_days (const LxDateTime *value)
{
  gint64 days;

  if (!value->has_date)
    return NAN;
  days = lx_days_from_civil (value->year, value->month, value->day);
  if (!value->has_time)
    return (double) days;

  if (value->has_offset)
    {
      double seconds = (double) days * 86400.0 + value->hour * 3600.0 +
                       value->minute * 60.0 + value->second -
                       value->offset_minutes * 60.0;

      return seconds / 86400.0;
    }
  else
    {
      g_autoptr(GDateTime) local = lx_date_time_to_local (value);

      if (local == NULL)
        return NAN;
      return ((double) g_date_time_to_unix (local) +
              g_date_time_get_microsecond (local) / 1e6) / 86400.0;
    }
}

/**
 * lx_date_time_to_local:
 *
 * Returns: (transfer full) (nullable): the value as a local date and time;
 *   a date alone is local midnight
 */
GDateTime *
lx_date_time_to_local (const LxDateTime *value)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  if (!value->has_date)
    return NULL;
  if (!value->has_time)
    return g_date_time_new (local, value->year, value->month, value->day, 0, 0, 0);
  if (!value->has_offset)
    return g_date_time_new (local, value->year, value->month, value->day,
                            value->hour, value->minute, value->second);
  else
    {
      double seconds = (double) lx_days_from_civil (value->year, value->month, value->day) * 86400.0 +
                       value->hour * 3600.0 + value->minute * 60.0 + value->second -
                       value->offset_minutes * 60.0;

      return lx_days_to_local (seconds / 86400.0);
    }
}

/**
 * lx_days_to_local:
 * @days: days since 1970-01-01T00:00Z
 *
 * Returns: (transfer full) (nullable): that instant in the local time zone
 */
GDateTime *
lx_days_to_local (double days)
{
  double seconds = days * 86400.0;
  double whole;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) precise = NULL;

  if (!isfinite (seconds) || fabs (seconds) > 253402300799.0)
    return NULL;
  whole = floor (seconds);
  utc = g_date_time_new_from_unix_utc ((gint64) whole);
  if (utc == NULL)
    return NULL;
  /* Whole milliseconds: what dateTime values carry. */
  precise = g_date_time_add (utc, (GTimeSpan) llround ((seconds - whole) * 1000.0) * 1000);
  return g_date_time_to_local (precise);
}

char *
lx_format_date (GDateTime *value)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (value),
                          g_date_time_get_month (value),
                          g_date_time_get_day_of_month (value));
}

static void
append_offset (GString   *out,
               GDateTime *value)
{
  GTimeSpan offset = g_date_time_get_utc_offset (value) / G_TIME_SPAN_MINUTE;
  char sign = offset < 0 ? '-' : '+';

  offset = ABS (offset);
  g_string_append_printf (out, "%c%02d:%02d", sign, (int) (offset / 60), (int) (offset % 60));
}

/**
 * lx_format_time:
 *
 * Returns: (transfer full): `10:20:30.000+08:00`, as ODK time values are
 */
char *
lx_format_time (GDateTime *value)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%02d:%02d:%02d.%03d",
                          g_date_time_get_hour (value),
                          g_date_time_get_minute (value),
                          g_date_time_get_second (value),
                          g_date_time_get_microsecond (value) / 1000);
  append_offset (out, value);
  return g_string_free (out, FALSE);
}

/**
 * lx_format_date_time:
 *
 * Returns: (transfer full): `2024-05-01T10:20:30.123+08:00`: ODK dateTime
 *   values keep their offset
 */
char *
lx_format_date_time (GDateTime *value)
{
  g_autofree char *date = lx_format_date (value);
  g_autofree char *time = lx_format_time (value);

  return g_strdup_printf ("%sT%s", date, time);
}

static const char *const short_months[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static const char *const short_days[] = {
  "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};

/**
 * lx_format_pattern:
 * @value: a local date and time
 * @pattern: the format-date() pattern
 * @with_time: whether %H, %h, %M, %S and %3 are allowed (format-date-time)
 *
 * Returns: (transfer full): the formatted text
 */
char *
lx_format_pattern (GDateTime  *value,
                   const char *pattern,
                   gboolean    with_time)
{
  GString *out = g_string_new (NULL);

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case '%':
          g_string_append_c (out, '%');
          break;
        case 'Y':
          g_string_append_printf (out, "%04d", g_date_time_get_year (value));
          break;
        case 'y':
          g_string_append_printf (out, "%02d", g_date_time_get_year (value) % 100);
          break;
        case 'm':
          g_string_append_printf (out, "%02d", g_date_time_get_month (value));
          break;
        case 'n':
          g_string_append_printf (out, "%d", g_date_time_get_month (value));
          break;
        case 'b':
          g_string_append (out, short_months[g_date_time_get_month (value) - 1]);
          break;
        case 'd':
          g_string_append_printf (out, "%02d", g_date_time_get_day_of_month (value));
          break;
        case 'e':
          g_string_append_printf (out, "%d", g_date_time_get_day_of_month (value));
          break;
        case 'a':
          g_string_append (out, short_days[g_date_time_get_day_of_week (value) - 1]);
          break;
        case 'H':
          if (with_time)
            g_string_append_printf (out, "%02d", g_date_time_get_hour (value));
          break;
        case 'h':
          if (with_time)
            g_string_append_printf (out, "%d", g_date_time_get_hour (value));
          break;
        case 'M':
          if (with_time)
            g_string_append_printf (out, "%02d", g_date_time_get_minute (value));
          break;
        case 'S':
          if (with_time)
            g_string_append_printf (out, "%02d", g_date_time_get_second (value));
          break;
        case '3':
          if (with_time)
            g_string_append_printf (out, "%03d", g_date_time_get_microsecond (value) / 1000);
          break;
        default:
          /* An unknown escape is kept as written. */
          g_string_append_c (out, '%');
          g_string_append_c (out, *p);
          break;
        }
    }
  return g_string_free (out, FALSE);
}
