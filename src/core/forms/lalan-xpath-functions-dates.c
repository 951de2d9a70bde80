/* lalan-xpath-functions-dates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-xpath-functions-private.h"

/* Dates and times: today(), now(), format-date() and the conversions. */

/* Dates and times */

static GDateTime *
object_to_local (xmlXPathObjectPtr object)
{
  g_autofree char *text = NULL;
  LxDateTime dt;
  double days;

  if (object->type == XPATH_NUMBER)
    return lx_days_to_local (object->floatval);

  text = lx_object_to_string (object);
  if (lx_parse_date (text, &dt) || lx_parse_date_time (text, &dt))
    return lx_date_time_to_local (&dt);
  days = lx_xpath_number (text);
  if (!isnan (days))
    return lx_days_to_local (days);
  return NULL;
}

void
fn_today (xmlXPathParserContextPtr ctxt,
          int                      nargs)
{
  g_autoptr(GDateTime) now = NULL;
  POP_ARGS (ctxt, nargs, args);

  now = lalan_form_session_now (session_of (ctxt));
  push_take_string (ctxt, lx_format_date (now));
}

void
fn_now (xmlXPathParserContextPtr ctxt,
        int                      nargs)
{
  g_autoptr(GDateTime) now = NULL;
  POP_ARGS (ctxt, nargs, args);

  now = lalan_form_session_now (session_of (ctxt));
  push_take_string (ctxt, lx_format_date_time (now));
}

static void
format_date_common (xmlXPathParserContextPtr ctxt,
                    int                      nargs,
                    gboolean                 with_time)
{
  g_autoptr(GDateTime) value = NULL;
  g_autofree char *pattern = NULL;
  POP_ARGS (ctxt, nargs, args);

  value = object_to_local (args.v[0]);
  pattern = lx_object_to_string (args.v[1]);
  push_take_string (ctxt, value ? lx_format_pattern (value, pattern, with_time) : g_strdup (""));
}

void
fn_format_date (xmlXPathParserContextPtr ctxt,
                int                      nargs)
{
  format_date_common (ctxt, nargs, TRUE);
}

void
fn_format_date_time (xmlXPathParserContextPtr ctxt,
                     int                      nargs)
{
  format_date_common (ctxt, nargs, TRUE);
}

void
fn_date (xmlXPathParserContextPtr ctxt,
         int                      nargs)
{
  g_autofree char *text = NULL;
  LxDateTime dt;
  double days;
  POP_ARGS (ctxt, nargs, args);

  if (args.v[0]->type == XPATH_NUMBER)
    days = args.v[0]->floatval;
  else
    {
      text = lx_object_to_string (args.v[0]);
      if (lx_parse_date (text, &dt))
        {
          push_take_string (ctxt, g_strdup_printf ("%04d-%02d-%02d", dt.year, dt.month, dt.day));
          return;
        }
      if (lx_parse_date_time (text, &dt))
        {
          g_autoptr(GDateTime) local = lx_date_time_to_local (&dt);

          push_take_string (ctxt, local ? lx_format_date (local) : g_strdup (""));
          return;
        }
      days = lx_xpath_number (text);
    }

  if (!isfinite (days) || fabs (days) > 2932896)
    push_string (ctxt, "");
  else
    {
      int y, m, d;

      lx_civil_from_days ((gint64) floor (days), &y, &m, &d);
      push_take_string (ctxt, g_strdup_printf ("%04d-%02d-%02d", y, m, d));
    }
}

void
fn_date_time (xmlXPathParserContextPtr ctxt,
              int                      nargs)
{
  g_autoptr(GDateTime) value = NULL;
  POP_ARGS (ctxt, nargs, args);

  value = object_to_local (args.v[0]);
  push_take_string (ctxt, value ? lx_format_date_time (value) : g_strdup (""));
}

void
fn_decimal_date_time (xmlXPathParserContextPtr ctxt,
                      int                      nargs)
{
  g_autofree char *text = NULL;
  LxDateTime dt;
  POP_ARGS (ctxt, nargs, args);

  if (args.v[0]->type == XPATH_NUMBER)
    {
      push_number (ctxt, args.v[0]->floatval);
      return;
    }
  text = lx_object_to_string (args.v[0]);
  if (lx_parse_date (text, &dt) || lx_parse_date_time (text, &dt))
    push_number (ctxt, lx_date_time_to_days (&dt));
  else
    push_number (ctxt, lx_xpath_number (text));
}

void
fn_decimal_time (xmlXPathParserContextPtr ctxt,
                 int                      nargs)
{
  g_autofree char *text = NULL;
  LxDateTime dt;
  POP_ARGS (ctxt, nargs, args);

  text = lx_object_to_string (args.v[0]);
  if (lx_parse_time (text, &dt))
    {
      double seconds = dt.hour * 3600.0 + dt.minute * 60.0 + dt.second;

      if (dt.has_offset)
        {
          /* That moment on today's date, seen from the local time zone. */
          g_autoptr(GDateTime) now = lalan_form_session_now (session_of (ctxt));
          gint64 day = lx_days_from_civil (g_date_time_get_year (now),
                                           g_date_time_get_month (now),
                                           g_date_time_get_day_of_month (now));
          double utc = (double) day * 86400.0 + seconds - dt.offset_minutes * 60.0;
          g_autoptr(GDateTime) local = lx_days_to_local (utc / 86400.0);

          seconds = g_date_time_get_hour (local) * 3600.0 + g_date_time_get_minute (local) * 60.0 +
                    g_date_time_get_seconds (local);
        }
      push_number (ctxt, seconds / 86400.0);
    }
  else if (lx_parse_date_time (text, &dt))
    {
      g_autoptr(GDateTime) local = lx_date_time_to_local (&dt);

      push_number (ctxt, local ? (g_date_time_get_hour (local) * 3600.0 +
                                  g_date_time_get_minute (local) * 60.0 +
                                  g_date_time_get_seconds (local)) / 86400.0 : NAN);
    }
  else
    push_number (ctxt, NAN);
}
