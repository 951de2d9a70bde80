/* test-form-functions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ODK XForms function library: the spec's examples, empty strings,
 * NaN, dates across time zones (set in a subprocess), multibyte text.
 */

#include "config.h"

#include "lalan-test.h"

#include "lalan-form.h"
#include "lalan-form-session.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static LalanFormSession *
open_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanForm) form = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 5, 1, 10, 20, 30.5);
  LalanFormSessionOptions options = { 0 };
  LalanFormSession *session;

  form = lalan_form_new_from_file (lalan_test_source_path ("tests/forms/functions.xml"), &error);
  g_assert_no_error (error);
  options.now = now;
  options.seed = 7;
  options.device_id = "lalan:test";
  session = lalan_form_session_new (form, &options, &error);
  g_assert_no_error (error);
  return session;
}

static char *
eval_at (LalanFormSession *session,
         const char       *expression,
         const char       *context)
{
  g_autoptr(GError) error = NULL;
  char *result = lalan_form_session_evaluate (session, expression, context, &error);

  if (error != NULL)
    g_error ("%s: %s", expression, error->message);
  return result;
}

/* A wrong result fails the test but the others still run, so one run
 * shows every difference. */
#define CHECK(session, expression, expected) \
  CHECK_AT (session, NULL, expression, expected)

#define CHECK_AT(session, context, expression, expected) \
  G_STMT_START { \
    g_autofree char *_r = eval_at ((session), (expression), (context)); \
    if (g_strcmp0 (_r, (expected)) != 0) \
      { \
        g_printerr ("%s (at %s) gave “%s”, expected “%s”\n", (expression), \
                    (context) ? (context) : "/", _r, (expected)); \
        g_test_fail (); \
      } \
  } G_STMT_END

static void
test_strings (void)
{
  g_autoptr(LalanFormSession) s = open_session ();

  CHECK (s, "string(12)", "12");
  CHECK (s, "string(1 div 3)", "0.3333333333333333");
  CHECK (s, "string(/data/a)", "3");
  CHECK (s, "concat('a', 'b', 'c')", "abc");
  CHECK (s, "concat('only one')", "only one");
  /* The spec: node-sets give all their values. */
  CHECK (s, "concat(/data/items/item/v)", "123");
  CHECK (s, "concat(/data/items/item/w, '-')", "ac-");
  CHECK (s, "join(', ', /data/items/item/v)", "1, 2, 3");
  CHECK (s, "join('+', 'x', /data/a, 'y')", "x+3+y");
  CHECK (s, "join('-', /data/items/item[v = 99]/w)", "");
  CHECK (s, "substr('abcdef', 1, 3)", "bc");
  CHECK (s, "substr('abcdef', 2)", "cdef");
  CHECK (s, "substr('abcdef', -2)", "ef");
  CHECK (s, "substr('abcdef', 4, 2)", "");
  CHECK (s, "substr('中文字', 1)", "文字");
  CHECK (s, "substr('', 1)", "");
  CHECK (s, "substring('12345', 2, 3)", "234");
  CHECK (s, "substring('12345', 1.5, 2.6)", "234");
  CHECK (s, "substring('12345', 0, 3)", "12");
  CHECK (s, "substring('12345', 0 div 0, 3)", "");
  CHECK (s, "substring('12345', -42, 1 div 0)", "12345");
  CHECK (s, "substring('中文字', 2)", "文字");
  CHECK (s, "substring-before('1999/04/01', '/')", "1999");
  CHECK (s, "substring-after('1999/04/01', '/')", "04/01");
  CHECK (s, "substring-after('abc', '')", "abc");
  CHECK (s, "substring-before('abc', 'x')", "");
  CHECK (s, "translate('bar', 'abc', 'ABC')", "BAr");
  CHECK (s, "translate('--aaa--', 'abc-', 'ABC')", "AAA");
  CHECK (s, "translate('中文', '中', '英')", "英文");
  CHECK (s, "string-length('中文字')", "3");
  CHECK (s, "string-length('')", "0");
  CHECK (s, "string-length(/data/text)", "12");
  CHECK (s, "string-length(/data/empty)", "0");
  CHECK (s, "normalize-space('  a \n  b ')", "a b");
  CHECK (s, "normalize-space('')", "");
  CHECK (s, "contains('abc', 'b')", "true");
  CHECK (s, "contains('abc', '')", "true");
  CHECK (s, "starts-with('中文字', '中')", "true");
  CHECK (s, "ends-with('abc', 'bc')", "true");
  CHECK (s, "ends-with('abc', 'x')", "false");
  CHECK (s, "string-length(uuid())", "36");
  CHECK (s, "substr(uuid(), 14, 15)", "4");
  CHECK (s, "string-length(uuid(8))", "8");
  CHECK (s, "digest('abc', 'SHA-256', 'hex')",
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK (s, "digest('abc', 'MD5')", "kAFQmDzST7DWlj99KOF/cg==");
  CHECK (s, "digest('abc', 'SHA-1', 'base64')", "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
  CHECK (s, "pulldata('towns', 'name', 'code', '68000130')", "復興區");
  CHECK (s, "pulldata('towns', 'name', 'code', 'none')", "");
  CHECK (s, "base64-decode('SGVsbG8=')", "Hello");
  CHECK (s, "base64-decode('5Lit5paH')", "中文");
  CHECK (s, "version()", "2024.1");

  {
    g_autofree char *uuid = eval_at (s, "uuid()", NULL);

    g_assert_true (g_regex_match_simple ("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                                         uuid, 0, 0));
  }
}

static void
test_booleans (void)
{
  g_autoptr(LalanFormSession) s = open_session ();

  CHECK (s, "if(true(), 'a', 'b')", "a");
  CHECK (s, "if(/data/empty, 'a', 'b')", "a");  /* a node exists: XPath boolean */
  CHECK (s, "if(/data/empty != '', 'a', 'b')", "b");
  CHECK (s, "if(false(), 'a', /data/a)", "3");
  CHECK (s, "coalesce('', 'b')", "b");
  CHECK (s, "coalesce(/data/empty, /data/a)", "3");
  CHECK (s, "coalesce('', '')", "");
  CHECK (s, "boolean-from-string('true')", "true");
  CHECK (s, "boolean-from-string('1')", "true");
  CHECK (s, "boolean-from-string('yes')", "false");
  CHECK (s, "boolean-from-string('')", "false");
  CHECK (s, "boolean('')", "false");
  CHECK (s, "boolean('false')", "true");
  CHECK (s, "boolean(0)", "false");
  CHECK (s, "boolean(0 div 0)", "false");
  CHECK (s, "not(/data/items/item[v = 99])", "true");
  CHECK (s, "true() and false()", "false");
  CHECK (s, "true() or false()", "true");
  CHECK (s, "regex('abc', '^a')", "true");
  CHECK (s, "regex('abc', 'x')", "false");
  CHECK (s, "regex('0912345678', '^09[0-9]{8}$')", "true");
  CHECK (s, "regex('中文', '^.{2}$')", "true");
  CHECK (s, "regex('', '^$')", "true");
  CHECK (s, "regex('abc', '(')", "false");
  CHECK (s, "checklist(1, 2, 'a', '', 'b')", "true");
  CHECK (s, "checklist(-1, 1, 'a', 'b')", "false");
  CHECK (s, "checklist(2, -1, /data/items/item/w)", "true");
  CHECK (s, "checklist(3, -1, /data/items/item/w)", "false");
  CHECK (s, "weighted-checklist(3, 5, 'a', 2, '', 4, 'b', 1)", "true");
  CHECK (s, "weighted-checklist(-1, 2, 'a', 2, 'b', 1)", "false");
}

static void
test_numbers (void)
{
  g_autoptr(LalanFormSession) s = open_session ();

  CHECK (s, "number('  12 ')", "12");
  CHECK (s, "number('')", "NaN");
  CHECK (s, "number('1e3')", "NaN");
  CHECK (s, "number('abc')", "NaN");
  CHECK (s, "number('-.5')", "-0.5");
  CHECK (s, "number(true())", "1");
  /* The spec: dates and dateTimes are days since 1970-01-01 UTC. */
  CHECK (s, "number('2017-01-01')", "17167");
  CHECK (s, "number('1970-01-02T06:00:00Z')", "1.25");
  CHECK (s, "number(/data/d)", "17167");
  CHECK (s, "0.1 + 0.2", "0.30000000000000004");
  CHECK (s, "1 div 0", "Infinity");
  CHECK (s, "-1 div 0", "-Infinity");
  CHECK (s, "0 div 0", "NaN");
  CHECK (s, "1000000 * 1000000 * 1000000 * 1000", "1000000000000000000000");
  CHECK (s, "0.000001 div 10", "0.0000001");
  CHECK (s, "7 mod 3", "1");
  CHECK (s, "-/data/a", "-3");
  CHECK (s, "/data/a + /data/b", "7.5");
  CHECK (s, "/data/empty + 1", "NaN");
  CHECK (s, "'2017-01-02' - '2017-01-01'", "1");
  CHECK (s, "/data/d + 1", "17168");
  CHECK (s, "int(3.7)", "3");
  CHECK (s, "int(-3.7)", "-3");
  CHECK (s, "int('')", "NaN");
  CHECK (s, "int(-0.5)", "0");
  CHECK (s, "round(1.5)", "2");
  CHECK (s, "round(-1.5)", "-1");
  CHECK (s, "round(2.5)", "3");
  CHECK (s, "round(-0.2)", "0");
  CHECK (s, "round(1.005, 2)", "1.01");
  CHECK (s, "round(12.345, 1)", "12.3");
  CHECK (s, "round(-12.345, 2)", "-12.34");
  CHECK (s, "round(-12.346, 2)", "-12.35");
  CHECK (s, "round(1234.5678, -2)", "1200");
  CHECK (s, "round('', 1)", "NaN");
  CHECK (s, "round(5, 0 div 0)", "NaN");
  CHECK (s, "floor(-1.5)", "-2");
  CHECK (s, "ceiling(1.2)", "2");
  CHECK (s, "pow(2, 10)", "1024");
  CHECK (s, "pow(4, 0.5)", "2");
  CHECK (s, "log(exp(2))", "2");
  CHECK (s, "log10(1000)", "3");
  CHECK (s, "log(0)", "-Infinity");
  CHECK (s, "log(-1)", "NaN");
  CHECK (s, "abs(-1.5)", "1.5");
  CHECK (s, "abs('')", "NaN");
  CHECK (s, "sin(0)", "0");
  CHECK (s, "cos(0)", "1");
  CHECK (s, "tan(0)", "0");
  CHECK (s, "round(asin(1) * 2, 10) = round(pi(), 10)", "true");
  CHECK (s, "acos(1)", "0");
  CHECK (s, "atan(0)", "0");
  CHECK (s, "atan2(0, 1)", "0");
  CHECK (s, "sqrt(16)", "4");
  CHECK (s, "sqrt(-1)", "NaN");
  CHECK (s, "exp(0)", "1");
  CHECK (s, "exp10(2)", "100");
  CHECK (s, "pi()", "3.141592653589793");
  CHECK (s, "sum(/data/items/item/v)", "6");
  /* XPath 1.0 sum(): one value that is not a number makes it NaN. */
  CHECK (s, "sum(/data/gaps/g)", "NaN");
  CHECK (s, "sum(/data/items/item[v = 99])", "0");
  CHECK (s, "max(/data/items/item/v)", "3");
  CHECK (s, "min(/data/items/item/v)", "1");
  CHECK (s, "max(/data/items/item/v, 7)", "7");
  CHECK (s, "min(/data/items/item[v = 99])", "NaN");
  CHECK (s, "max(/data/gaps/g)", "NaN");
  CHECK (s, "random() >= 0 and random() < 1", "true");

  /* Comparisons: XPath 1.0, with date strings as numbers. */
  CHECK (s, "'2017-01-01' < '2017-01-02'", "true");
  CHECK (s, "/data/d >= '2016-12-31'", "true");
  CHECK (s, "today() > '2000-01-01'", "true");
  CHECK (s, "/data/items/item/v > 2", "true");
  CHECK (s, "/data/items/item/v > 3", "false");
  CHECK (s, "/data/empty < 1", "false");
  CHECK (s, "/data/empty > 1", "false");
  CHECK (s, "'abc' = 'abc'", "true");
  CHECK (s, "/data/a = 3", "true");
  CHECK (s, "/data/a = '3'", "true");
  CHECK (s, "/data/items/item/v = 2", "true");
}

static void
test_nodes (void)
{
  g_autoptr(LalanFormSession) s = open_session ();

  CHECK (s, "count(/data/items/item)", "3");
  CHECK (s, "count(/data/items/item[v = 99])", "0");
  CHECK (s, "count-non-empty(/data/items/item/w)", "2");
  CHECK (s, "instance('towns')/root/item[code = '65000290']/name", "烏來區");
  CHECK (s, "count(instance('letters')/root/item)", "6");
  CHECK (s, "instance('letters')/root/item[position() = 2]", "B");
  CHECK (s, "instance('letters')/root/item[last()]", "F");
  /* The spec: absolute paths in predicates over a secondary instance
   * still refer to the primary instance. */
  CHECK (s, "instance('digits')/root/item[. = /data/a]", "3");
  CHECK (s, "local-name(/data/orx:meta)", "meta");
  CHECK (s, "name(/data/orx:meta)", "orx:meta");
  CHECK (s, "local-name(/data/items/item[2])", "item");
  CHECK_AT (s, "/data/items/item[2]/v", "position(..)", "2");
  CHECK_AT (s, "/data/items/item[3]", "position()", "3");
  CHECK_AT (s, "/data/items/item[3]/v", "position(current()/..)", "3");
  /* current() is the node the expression is evaluated for. */
  CHECK_AT (s, "/data/items/item[2]/v", "instance('digits')/root/item[. = current()]", "2");
  /* Absolute paths inside a repeat instance mean that instance. */
  CHECK_AT (s, "/data/items/item[2]/w", "/data/items/item/v", "2");
  CHECK_AT (s, "/data/items/item[3]/w", "/data/items/item/v * 10", "30");
  CHECK (s, "/data/items/item/v", "1");
  CHECK (s, "indexed-repeat(/data/items/item/v, /data/items/item, 2)", "2");
  CHECK (s, "indexed-repeat(/data/items/item/w, /data/items/item, 3)", "c");
  CHECK (s, "indexed-repeat(/data/items/item/w, /data/items/item, 9)", "");
  CHECK (s, "indexed-repeat(/data/items/item/v, /data/items/item, 0)", "1");

  /* randomize(): the spec's Fisher-Yates with a Park-Miller seed; the
   * expected orders are ODK's published examples. */
  CHECK (s, "join('', randomize(instance('letters')/root/item, 42))", "AFCBDE");
  CHECK (s, "join('', randomize(instance('letters')/root/item, -42))", "EDAFBC");
  CHECK (s, "join('', randomize(instance('letters')/root/item, 1))", "BFEACD");
  CHECK (s, "join('', randomize(instance('letters')/root/item, 11111111))", "ACDBFE");
  CHECK (s, "join('', randomize(instance('digits')/root/item, 33))", "3548201697");
  CHECK (s, "join('', randomize(instance('digits')/root/item, 42))", "0591846372");
  CHECK (s, "count(randomize(instance('letters')/root/item))", "6");
}

static void
test_selects (void)
{
  g_autoptr(LalanFormSession) s = open_session ();
  g_autoptr(GError) error = NULL;

  CHECK (s, "selected('a b c', 'b')", "true");
  CHECK (s, "selected('a b c', ' b ')", "true");
  CHECK (s, "selected('ab', 'a')", "false");
  CHECK (s, "selected('', '')", "false");
  CHECK (s, "selected-at('a b c', 1)", "b");
  CHECK (s, "selected-at('a b c', 0)", "a");
  CHECK (s, "selected-at('a b c', 5)", "");
  CHECK (s, "selected-at('a b c', -1)", "");
  CHECK (s, "count-selected('a b  c')", "3");
  CHECK (s, "count-selected('')", "0");
  CHECK (s, "jr:choice-name('yes', '/data/q')", "Yes, indeed");
  CHECK (s, "jr:choice-name('no', ' /data/q ')", "No");
  CHECK (s, "jr:choice-name('maybe', '/data/q')", "");
  CHECK (s, "jr:itext('greeting')", "Hello");
  CHECK (s, "jr:itext('missing')", "");

  lalan_form_session_set_language (s, "中文", &error);
  g_assert_no_error (error);
  CHECK (s, "jr:itext('greeting')", "你好");
  CHECK (s, "jr:choice-name('yes', '/data/q')", "是的");
}

static void
test_geo (void)
{
  g_autoptr(LalanFormSession) s = open_session ();

  /* A degree of latitude on the spec's sphere: 2πR/360, R = 6378100 m. */
  CHECK (s, "round(distance('0 0; 1 0'), 2)", "111318.85");
  CHECK (s, "round(distance('0 0 10 5;0 1 10 5;1 1'), 0)", "222638");
  CHECK (s, "distance('0 0')", "0");
  CHECK (s, "distance('bad')", "NaN");
  /* A 0.01° square on the equator: about 1113.2 m a side. */
  CHECK (s, "round(area('0 0;0 0.01;0.01 0.01;0.01 0;0 0') div 1000, 0)", "1239");
  CHECK (s, "area('0 0;0 1')", "0");
}

static void
test_dates_utc (void)
{
  g_autoptr(LalanFormSession) s = open_session ();

  CHECK (s, "today()", "2024-05-01");
  CHECK (s, "now()", "2024-05-01T10:20:30.500+00:00");
  CHECK (s, "format-date('2017-05-26', '%Y/%m/%d %b %a %e %n %y')", "2017/05/26 May Fri 26 5 17");
  CHECK (s, "format-date('2017-05-06', '%e.%n')", "6.5");
  CHECK (s, "format-date('', '%Y')", "");
  CHECK (s, "format-date('garbage', '%Y')", "");
  CHECK (s, "format-date(0, '%Y-%m-%d')", "1970-01-01");
  CHECK (s, "format-date-time('2017-05-26T14:03:05.123+02:00', '%H:%M:%S.%3 %h')", "12:03:05.123 12");
  CHECK (s, "format-date-time('2017-05-26T04:03:05', '%h %%')", "4 %");
  CHECK (s, "date(0)", "1970-01-01");
  CHECK (s, "date(17167)", "2017-01-01");
  CHECK (s, "date(17167.9)", "2017-01-01");
  CHECK (s, "date(-1)", "1969-12-31");
  CHECK (s, "date('2017-01-01')", "2017-01-01");
  CHECK (s, "date('2017-01-01T23:30:00+08:00')", "2017-01-01");
  CHECK (s, "date('2017-01-01T02:00:00+08:00')", "2016-12-31");
  CHECK (s, "date('')", "");
  CHECK (s, "date('2017-02-30')", "");
  CHECK (s, "date(today())", "2024-05-01");
  CHECK (s, "date-time(0.5)", "1970-01-01T12:00:00.000+00:00");
  CHECK (s, "date-time('2017-01-01')", "2017-01-01T00:00:00.000+00:00");
  CHECK (s, "decimal-date-time('1970-01-02T06:00:00Z')", "1.25");
  CHECK (s, "decimal-date-time('1970-01-01T08:00:00+08:00')", "0");
  CHECK (s, "decimal-date-time('2017-01-01')", "17167");
  CHECK (s, "decimal-date-time('')", "NaN");
  CHECK (s, "decimal-time('12:00:00')", "0.5");
  CHECK (s, "decimal-time('18:00')", "0.75");
  CHECK (s, "decimal-time('06:00:00.000-07:00')", "0.5416666666666666");
  CHECK (s, "decimal-time('')", "NaN");
  CHECK (s, "decimal-time('25:00')", "NaN");
  CHECK (s, "today() - '2024-04-30'", "1");
  CHECK (s, "date(decimal-date-time(now()))", "2024-05-01");
}

/* Dates in other time zones: the engine must give the local date and the
 * local offset, whatever TZ the machine has. */
static void
test_dates_taipei (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(LalanFormSession) s = NULL;

      g_setenv ("TZ", "Asia/Taipei", TRUE);
      tzset ();
      s = open_session ();
      CHECK (s, "today()", "2024-05-01");
      CHECK (s, "now()", "2024-05-01T18:20:30.500+08:00");
      CHECK (s, "date('2017-01-01T23:30:00Z')", "2017-01-02");
      CHECK (s, "date('2017-01-01T02:00:00+08:00')", "2017-01-01");
      CHECK (s, "format-date-time('1970-01-01T00:00:00Z', '%H')", "08");
      CHECK (s, "decimal-date-time('2017-01-01')", "17167");
      CHECK (s, "decimal-date-time('1970-01-01T08:00:00')", "0");
      CHECK (s, "decimal-time('06:00:00.000-07:00')", "0.875");
      CHECK (s, "date-time(0)", "1970-01-01T08:00:00.000+08:00");
      CHECK (s, "format-date(0, '%Y-%m-%d %H')", "1970-01-01 08");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_dates_new_york (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(LalanFormSession) s = NULL;

      g_setenv ("TZ", "America/New_York", TRUE);
      tzset ();
      s = open_session ();
      CHECK (s, "today()", "2024-05-01");
      CHECK (s, "now()", "2024-05-01T06:20:30.500-04:00");
      CHECK (s, "date('2017-01-01T02:00:00Z')", "2016-12-31");
      CHECK (s, "date-time('2017-01-01')", "2017-01-01T00:00:00.000-05:00");
      CHECK (s, "format-date(0, '%Y-%m-%d')", "1969-12-31");
      CHECK (s, "number('2017-01-01')", "17167");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A date just before midnight UTC is already tomorrow in Taipei. */
static void
test_today_across_midnight (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LalanForm) form = NULL;
      g_autoptr(LalanFormSession) s = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 12, 31, 23, 30, 0);
      LalanFormSessionOptions options = { 0 };

      g_setenv ("TZ", "Asia/Taipei", TRUE);
      tzset ();
      form = lalan_form_new_from_file (lalan_test_source_path ("tests/forms/functions.xml"), &error);
      g_assert_no_error (error);
      options.now = now;
      s = lalan_form_session_new (form, &options, &error);
      g_assert_no_error (error);
      CHECK (s, "today()", "2025-01-01");
      CHECK (s, "format-date(today(), '%Y')", "2025");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_errors (void)
{
  g_autoptr(LalanFormSession) s = open_session ();
  g_autoptr(GError) error = NULL;
  char *result;

  result = lalan_form_session_evaluate (s, "no-such-function()", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "no-such-function"));
  g_clear_error (&error);

  result = lalan_form_session_evaluate (s, "round(1, 2, 3)", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION);
  g_clear_error (&error);

  result = lalan_form_session_evaluate (s, "/data/nope", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION);
  g_clear_error (&error);

  result = lalan_form_session_evaluate (s, "1 +", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION);
  g_clear_error (&error);

  result = lalan_form_session_evaluate (s, "/data/a/ancestor::data", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  result = lalan_form_session_evaluate (s, "$x", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  result = lalan_form_session_evaluate (s, "instance('nope')/root", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION);
  g_clear_error (&error);

  /* A type error at run time: no crash, an error, and a log line. */
  result = lalan_form_session_evaluate (s, "count('abc')", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION);
  g_assert_cmpuint (lalan_form_session_get_errors (s)->len, >, 0);
  g_clear_error (&error);

  /* Nesting that would exhaust a naive parser's stack is refused. */
  {
    GString *deep = g_string_new (NULL);

    for (int i = 0; i < 10000; i++)
      g_string_append_c (deep, '(');
    g_string_append_c (deep, '1');
    for (int i = 0; i < 10000; i++)
      g_string_append_c (deep, ')');
    result = lalan_form_session_evaluate (s, deep->str, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, LALAN_FORM_ERROR, LALAN_FORM_ERROR_EXPRESSION);
    g_clear_error (&error);
    g_string_free (deep, TRUE);
  }
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/form-functions/strings", test_strings);
  g_test_add_func ("/form-functions/booleans", test_booleans);
  g_test_add_func ("/form-functions/numbers", test_numbers);
  g_test_add_func ("/form-functions/nodes", test_nodes);
  g_test_add_func ("/form-functions/selects", test_selects);
  g_test_add_func ("/form-functions/geo", test_geo);
  g_test_add_func ("/form-functions/dates-utc", test_dates_utc);
  g_test_add_func ("/form-functions/dates-taipei", test_dates_taipei);
  g_test_add_func ("/form-functions/dates-new-york", test_dates_new_york);
  g_test_add_func ("/form-functions/today-across-midnight", test_today_across_midnight);
  g_test_add_func ("/form-functions/errors", test_errors);

  return g_test_run ();
}
