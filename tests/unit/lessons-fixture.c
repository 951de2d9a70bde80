/* lessons-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lessons-fixture.h"

#include <glib/gstdio.h>

const char *fixture_lesson_json =
  "{\n"
  "  \"title\": {\"zh_TW\": \"打招呼\", \"en\": \"@TITLE@\"},\n"
  "  \"minutes\": 10,\n"
  "  \"steps\": [\n"
  "    {\"type\": \"page\", \"id\": \"intro\"},\n"
  "    {\"type\": \"quiz\", \"id\": \"q1\", \"competence\": \"0.1\", \"level\": 1,\n"
  "     \"question\": {\"zh_TW\": \"哪一個？\", \"en\": \"Which one?\"},\n"
  "     \"choices\": [\n"
  "       {\"id\": \"a\", \"text\": {\"en\": \"A\"}, \"correct\": true, \"feedback\": {\"en\": \"Yes.\"}},\n"
  "       {\"id\": \"b\", \"text\": {\"en\": \"B\"}, \"feedback\": {\"en\": \"No.\"}}\n"
  "     ]},\n"
  "    {\"type\": \"scenario\", \"id\": \"sms\", \"screen\": \"sms\", \"competence\": \"4.2\", \"level\": 2,\n"
  "     \"prompt\": {\"en\": \"Tap what is suspicious.\"},\n"
  "     \"header\": {\"title\": {\"en\": \"+886 912 345 678\"}},\n"
  "     \"items\": [\n"
  "       {\"id\": \"link\", \"suspicious\": true, \"why\": {\"en\": \"Short links hide where they go.\"}},\n"
  "       {\"id\": \"time\", \"suspicious\": false, \"why\": {\"en\": \"The time is normal.\"}}\n"
  "     ],\n"
  "     \"elements\": [\n"
  "       {\"kind\": \"message\", \"time\": \"10:00\", \"parts\": [\n"
  "         {\"text\": {\"en\": \"Your parcel: \"}}, {\"text\": {\"en\": \"bit.ly/x\"}, \"item\": \"link\"}]},\n"
  "       {\"kind\": \"text\", \"text\": {\"en\": \"10:00\"}, \"item\": \"time\"}\n"
  "     ]},\n"
  "    {\"type\": \"scenario\", \"id\": \"form\", \"screen\": \"form\", \"competence\": \"4.2\", \"level\": 2,\n"
  "     \"prompt\": {\"en\": \"Fill in only what is safe.\"},\n"
  "     \"items\": [\n"
  "       {\"id\": \"password\", \"kind\": \"field\", \"expect\": \"empty\", \"why\": {\"en\": \"Never give a bank password.\"}}\n"
  "     ],\n"
  "     \"elements\": [\n"
  "       {\"kind\": \"field\", \"item\": \"password\", \"text\": {\"en\": \"Bank password\"}}\n"
  "     ]},\n"
  "    {\"type\": \"practice\", \"id\": \"do\", \"tasks\": [{\"id\": \"t1\", \"text\": {\"en\": \"Do it.\"}}]}\n"
  "  ]\n"
  "}\n";

const char *fixture_page_en =
  "# Hello\n\nSome *soft* and **strong** words, and a [link](https://example.org).\n\n"
  "![A phone](pictures/phone.svg)\n\n1. one\n2. two\n\n- dot\n";

const char *fixture_page_zh = "# 你好\n\n![手機](pictures/phone.svg)\n";

void
fixture_write_file (const char *dir,
                    const char *relative,
                    const char *content)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);
}

char *
fixture_manifest (const char *id,
                  const char *version,
                  const char *lessons_json,
                  const char *files_json)
{
  return g_strdup_printf ("{\n"
                          "  \"id\": \"%s\", \"version\": \"%s\",\n"
                          "  \"title\": {\"zh_TW\": \"測試\", \"en\": \"Test\"},\n"
                          "  \"languages\": [\"zh_TW\", \"en\"],\n"
                          "  \"license\": \"CC-BY-4.0\", \"authors\": [\"Test\"],\n"
                          "  \"lessons\": %s%s%s\n"
                          "}\n",
                          id, version, lessons_json,
                          files_json ? ",\n  \"files\": " : "", files_json ? files_json : "");
}

void
fixture_write_lesson (const char *pack_dir,
                      const char *lesson_id,
                      const char *title_en)
{
  g_autoptr(GString) json = g_string_new (fixture_lesson_json);
  g_autofree char *lesson = g_build_filename (pack_dir, lesson_id, NULL);

  g_string_replace (json, "@TITLE@", title_en, 1);
  fixture_write_file (lesson, "lesson.json", json->str);
  fixture_write_file (lesson, "intro.en.md", fixture_page_en);
  fixture_write_file (lesson, "intro.zh_TW.md", fixture_page_zh);
  fixture_write_file (lesson, "pictures/phone.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
}

/* A pack folder without a file list, with the lessons given. */
char *
fixture_write_pack (const char         *parent,
                    const char         *id,
                    const char         *version,
                    const char * const *lessons)
{
  g_autofree char *dir = g_build_filename (parent, id, NULL);
  g_autoptr(GString) list = g_string_new ("[");
  g_autofree char *manifest = NULL;

  for (guint i = 0; lessons[i] != NULL; i++)
    {
      g_string_append_printf (list, "%s\"%s\"", i ? ", " : "", lessons[i]);
      fixture_write_lesson (dir, lessons[i], "Greeting");
    }
  g_string_append (list, "]");

  manifest = fixture_manifest (id, version, list->str, NULL);
  fixture_write_file (dir, "pack.json", manifest);

  return g_steal_pointer (&dir);
}
