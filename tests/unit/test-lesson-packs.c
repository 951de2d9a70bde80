/* test-lesson-packs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-test.h"
#include "lessons-fixture.h"

#include "lalan-lesson-error.h"
#include "lalan-library.h"
#include "lalan-markdown.h"
#include "lalan-pack-build.h"
#include "lalan-pack-check.h"
#include "lalan-pack-install.h"
#include "lalan-progress.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* ---- building zips by hand, hostile ones included ---------------------- */

typedef enum { ENTRY_FILE, ENTRY_SYMLINK, ENTRY_DIR } EntryType;

typedef struct
{
  char      *name;
  GBytes    *data;
  EntryType  type;
  char      *target;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_clear_pointer (&entry->data, g_bytes_unref);
  g_free (entry->target);
  g_free (entry);
}

static void
add_entry (GPtrArray  *entries,
           const char *name,
           const void *data,
           gsize       size)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->name = g_strdup (name);
  entry->data = g_bytes_new (data, size);
  g_ptr_array_add (entries, entry);
}

static void
add_text (GPtrArray  *entries,
          const char *name,
          const char *text)
{
  add_entry (entries, name, text, strlen (text));
}

static Entry *
find_entry (GPtrArray  *entries,
            const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->name, name))
        return entry;
    }
  g_assert_not_reached ();
}

/* The files of the fixture pack with one lesson, "hello". */
static GPtrArray *
base_entries (void)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GString) lesson = g_string_new (fixture_lesson_json);

  g_string_replace (lesson, "@TITLE@", "Greeting", 1);
  add_text (entries, "hello/lesson.json", lesson->str);
  add_text (entries, "hello/intro.en.md", fixture_page_en);
  add_text (entries, "hello/intro.zh_TW.md", fixture_page_zh);
  add_text (entries, "hello/pictures/phone.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");

  return entries;
}

/* A manifest declaring every plain file of @entries as it is now. */
static char *
manifest_for (GPtrArray  *entries,
              const char *version)
{
  g_autoptr(GString) files = g_string_new ("{");

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      g_autofree char *sha = NULL;

      if (entry->type != ENTRY_FILE)
        continue;
      sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, entry->data);
      g_string_append_printf (files, "%s\"%s\": {\"sha256\": \"%s\", \"size\": %" G_GSIZE_FORMAT "}",
                              files->len > 1 ? ", " : "", entry->name, sha, g_bytes_get_size (entry->data));
    }
  g_string_append (files, "}");

  return fixture_manifest ("test.hostile", version, "[\"hello\"]", files->str);
}

static void
write_zip (const char *path,
           const char *manifest,
           GPtrArray  *entries)
{
  struct archive *archive = archive_write_new ();

  archive_write_set_format_zip (archive);
  g_assert_cmpint (archive_write_open_filename (archive, path), ==, ARCHIVE_OK);

  for (int i = manifest ? -1 : 0; i < (int) entries->len; i++)
    {
      struct archive_entry *ae = archive_entry_new ();
      const char *name = i < 0 ? "pack.json" : ((Entry *) g_ptr_array_index (entries, i))->name;
      Entry *entry = i < 0 ? NULL : g_ptr_array_index (entries, i);
      gconstpointer data = entry ? (entry->data ? g_bytes_get_data (entry->data, NULL) : NULL) : manifest;
      gsize size = entry ? (entry->data ? g_bytes_get_size (entry->data) : 0) : strlen (manifest);

      archive_entry_set_pathname (ae, name);
      archive_entry_set_perm (ae, 0644);
      if (entry != NULL && entry->type == ENTRY_SYMLINK)
        {
          archive_entry_set_filetype (ae, AE_IFLNK);
          archive_entry_set_symlink (ae, entry->target);
          size = 0;
        }
      else if (entry != NULL && entry->type == ENTRY_DIR)
        {
          archive_entry_set_filetype (ae, AE_IFDIR);
          size = 0;
        }
      else
        archive_entry_set_filetype (ae, AE_IFREG);
      archive_entry_set_size (ae, (la_int64_t) size);

      g_assert_cmpint (archive_write_header (archive, ae), ==, ARCHIVE_OK);
      if (size > 0)
        g_assert_cmpint (archive_write_data (archive, data, size), ==, (la_ssize_t) size);
      archive_entry_free (ae);
    }

  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_write_free (archive);
}

/* Rewrites the Unix mode a zip's central directory gives @name, as a
 * hostile tool could (libarchive will not write a device into a zip). */
static void
patch_zip_mode (const char *path,
                const char *name,
                guint32     mode)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  gboolean patched = FALSE;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i + 46 < length; i++)
    {
      guint16 name_length;

      if (memcmp (data + i, "PK\x01\x02", 4) != 0)
        continue;
      name_length = (guchar) data[i + 28] | ((guchar) data[i + 29] << 8);
      if (name_length == strlen (name) && memcmp (data + i + 46, name, name_length) == 0)
        {
          guint32 attributes = mode << 16;

          data[i + 5] = 3;   /* made by Unix, so the mode is read */
          data[i + 38] = attributes & 0xff;
          data[i + 39] = (attributes >> 8) & 0xff;
          data[i + 40] = (attributes >> 16) & 0xff;
          data[i + 41] = (attributes >> 24) & 0xff;
          patched = TRUE;
        }
    }
  g_assert_true (patched);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

static guint
count_dir_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (handle != NULL && g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

/* The refusal every hostile pack must get: the error, and nothing at all
 * left in the packs folder, not even a staging folder. */
static void
assert_refused (const char            *source,
                const LalanPackLimits *limits,
                int                    code)
{
  g_autofree char *packs = lalan_test_make_tmp_dir ("packs");
  g_autoptr(LalanPackInstall) install = NULL;
  g_autoptr(GError) error = NULL;

  install = lalan_pack_install_prepare (source, packs, limits, LALAN_PACK_INSTALL_DEFAULT, NULL, &error);
  g_assert_null (install);
  g_assert_error (error, LALAN_LESSON_ERROR, code);
  g_assert_nonnull (error->message);
  g_test_message ("refused as expected: %s", error->message);
  g_assert_cmpuint (count_dir_entries (packs), ==, 0);

  lalan_test_remove_tree (packs);
}

/* ---- tests -------------------------------------------------------------- */

static void
test_good_zip_installs (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("zip");
  g_autofree char *zip = g_build_filename (tmp, "good.lalanpack", NULL);
  g_autofree char *packs = g_build_filename (tmp, "packs", NULL);
  g_autoptr(GPtrArray) entries = base_entries ();
  g_autofree char *manifest = manifest_for (entries, "1.0");
  g_autoptr(LalanPackInstall) install = NULL;
  g_autoptr(GError) error = NULL;

  /* The control for every hostile case below: the same zip, untouched. */
  write_zip (zip, manifest, entries);
  install = lalan_pack_install_prepare (zip, packs, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lalan_pack_install_commit (install, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (lalan_pack_install_get_installed_dir (install), G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_dir_entries (packs), ==, 1);

  lalan_test_remove_tree (tmp);
}

static void
test_hostile_paths (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("zip");
  g_autofree char *dotdot = g_build_filename (tmp, "dotdot.lalanpack", NULL);
  g_autofree char *absolute = g_build_filename (tmp, "absolute.lalanpack", NULL);
  g_autofree char *escape_target = g_build_filename (tmp, "evil.txt", NULL);
  g_autoptr(GPtrArray) entries = base_entries ();
  g_autofree char *manifest = manifest_for (entries, "1.0");

  add_text (entries, "hello/../../evil.txt", "gotcha");
  write_zip (dotdot, manifest, entries);
  assert_refused (dotdot, NULL, LALAN_LESSON_ERROR_UNSAFE_PATH);

  g_ptr_array_set_size (entries, entries->len - 1);
  add_text (entries, escape_target, "gotcha");
  write_zip (absolute, manifest, entries);
  assert_refused (absolute, NULL, LALAN_LESSON_ERROR_UNSAFE_PATH);

  g_assert_false (g_file_test (escape_target, G_FILE_TEST_EXISTS));
  lalan_test_remove_tree (tmp);
}

static void
test_hostile_links (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("zip");
  g_autofree char *symlink_zip = g_build_filename (tmp, "symlink.lalanpack", NULL);
  g_autofree char *device_zip = g_build_filename (tmp, "device.lalanpack", NULL);
  g_autoptr(GPtrArray) entries = base_entries ();
  g_autofree char *manifest = manifest_for (entries, "1.0");
  Entry *link = g_new0 (Entry, 1);

  link->name = g_strdup ("hello/pictures/passwd.svg");
  link->type = ENTRY_SYMLINK;
  link->target = g_strdup ("/etc/passwd");
  g_ptr_array_add (entries, link);
  write_zip (symlink_zip, manifest, entries);
  assert_refused (symlink_zip, NULL, LALAN_LESSON_ERROR_LINK);

  /* A character device, declared and hashed like a plain file. */
  g_ptr_array_set_size (entries, entries->len - 1);
  add_text (entries, "hello/console", "x");
  g_free (manifest);
  manifest = manifest_for (entries, "1.0");
  write_zip (device_zip, manifest, entries);
  patch_zip_mode (device_zip, "hello/console", 0020644);
  assert_refused (device_zip, NULL, LALAN_LESSON_ERROR_LINK);

  lalan_test_remove_tree (tmp);
}

static void
test_hostile_folder_links (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("folder");
  const char *lessons[] = { "hello", NULL };
  g_autofree char *pack = fixture_write_pack (tmp, "test.folder", "1.0", lessons);
  g_autofree char *picture = g_build_filename (pack, "hello", "pictures", "phone.svg", NULL);
  g_autofree char *hard = g_build_filename (pack, "hello", "pictures", "hard.svg", NULL);
  g_autofree char *soft = g_build_filename (pack, "hello", "pictures", "soft.svg", NULL);
  g_autofree char *fifo = g_build_filename (pack, "hello", "fifo", NULL);

  g_assert_cmpint (link (picture, hard), ==, 0);
  assert_refused (pack, NULL, LALAN_LESSON_ERROR_LINK);
  g_unlink (hard);

  g_assert_cmpint (symlink ("/etc/passwd", soft), ==, 0);
  assert_refused (pack, NULL, LALAN_LESSON_ERROR_LINK);
  g_unlink (soft);

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  assert_refused (pack, NULL, LALAN_LESSON_ERROR_LINK);
  g_unlink (fifo);

  lalan_test_remove_tree (tmp);
}

static void
test_hostile_sizes (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("zip");
  g_autofree char *bigger = g_build_filename (tmp, "bigger.lalanpack", NULL);
  g_autofree char *bomb = g_build_filename (tmp, "bomb.lalanpack", NULL);
  g_autofree char *total = g_build_filename (tmp, "total.lalanpack", NULL);
  g_autoptr(GPtrArray) entries = base_entries ();
  g_autofree char *manifest = manifest_for (entries, "1.0");
  g_autofree char *zeros = g_malloc0 (64 * 1024 * 1024);
  g_autofree char *noise = g_malloc (3 * 1024 * 1024);
  LalanPackLimits limits;
  Entry *picture;
  GStatBuf st;

  /* A file bigger than the manifest says. */
  picture = find_entry (entries, "hello/pictures/phone.svg");
  g_bytes_unref (picture->data);
  picture->data = g_bytes_new (zeros, 100000);
  write_zip (bigger, manifest, entries);
  assert_refused (bigger, NULL, LALAN_LESSON_ERROR_TOO_BIG);

  /* 64 MB of zeros, honestly declared: a thousandfold expansion. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = base_entries ();
  add_entry (entries, "hello/zeros.bin", zeros, 64 * 1024 * 1024);
  g_free (manifest);
  manifest = manifest_for (entries, "1.0");
  write_zip (bomb, manifest, entries);
  g_assert_cmpint (g_stat (bomb, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 1024 * 1024);
  assert_refused (bomb, NULL, LALAN_LESSON_ERROR_BOMB);

  /* Over the total limit (lowered for the test), checked before unpacking. */
  for (gsize i = 0; i < 3 * 1024 * 1024; i++)
    noise[i] = (char) g_random_int ();
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = base_entries ();
  add_entry (entries, "hello/noise.bin", noise, 3 * 1024 * 1024);
  g_free (manifest);
  manifest = manifest_for (entries, "1.0");
  write_zip (total, manifest, entries);
  lalan_pack_limits_init (&limits);
  limits.max_total_size = 2 * 1024 * 1024;
  assert_refused (total, &limits, LALAN_LESSON_ERROR_TOO_BIG);

  lalan_test_remove_tree (tmp);
}

static void
test_hostile_content (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("zip");
  g_autofree char *zip = g_build_filename (tmp, "bad.lalanpack", NULL);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *manifest = NULL;
  g_autoptr(GString) lesson = NULL;
  Entry *entry;
  char *bytes;
  gsize size;

  /* Wrong hash: one byte changed, same size. */
  entries = base_entries ();
  manifest = manifest_for (entries, "1.0");
  entry = find_entry (entries, "hello/intro.en.md");
  bytes = g_bytes_unref_to_data (entry->data, &size);
  bytes[0] = '!';
  entry->data = g_bytes_new_take (bytes, size);
  write_zip (zip, manifest, entries);
  assert_refused (zip, NULL, LALAN_LESSON_ERROR_HASH);

  /* Malformed JSON, honestly hashed. */
  entry = find_entry (entries, "hello/lesson.json");
  g_bytes_unref (entry->data);
  entry->data = g_bytes_new_static ("{ \"title\": ", 11);
  entry = find_entry (entries, "hello/intro.en.md");
  g_bytes_unref (entry->data);
  entry->data = g_bytes_new_static (fixture_page_en, strlen (fixture_page_en));
  g_free (manifest);
  manifest = manifest_for (entries, "1.0");
  write_zip (zip, manifest, entries);
  assert_refused (zip, NULL, LALAN_LESSON_ERROR_INVALID);

  /* A step type this version does not know. */
  lesson = g_string_new (fixture_lesson_json);
  g_string_replace (lesson, "@TITLE@", "Greeting", 1);
  g_string_replace (lesson, "\"type\": \"practice\"", "\"type\": \"hologram\"", 1);
  entry = find_entry (entries, "hello/lesson.json");
  g_bytes_unref (entry->data);
  entry->data = g_bytes_new (lesson->str, lesson->len);
  g_free (manifest);
  manifest = manifest_for (entries, "1.0");
  write_zip (zip, manifest, entries);
  assert_refused (zip, NULL, LALAN_LESSON_ERROR_UNKNOWN_STEP);

  /* A competence code DigComp does not have. */
  g_string_replace (lesson, "\"type\": \"hologram\"", "\"type\": \"practice\"", 1);
  g_string_replace (lesson, "\"competence\": \"0.1\"", "\"competence\": \"9.9\"", 1);
  g_bytes_unref (entry->data);
  entry->data = g_bytes_new (lesson->str, lesson->len);
  g_free (manifest);
  manifest = manifest_for (entries, "1.0");
  write_zip (zip, manifest, entries);
  assert_refused (zip, NULL, LALAN_LESSON_ERROR_BAD_COMPETENCE);

  /* A file the manifest does not list. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = base_entries ();
  g_free (manifest);
  manifest = manifest_for (entries, "1.0");
  add_text (entries, "hello/extra.txt", "extra");
  write_zip (zip, manifest, entries);
  assert_refused (zip, NULL, LALAN_LESSON_ERROR_INVALID);

  /* A listed file that is missing. */
  g_ptr_array_remove_index (entries, entries->len - 1);
  g_ptr_array_remove_index (entries, 0);
  write_zip (zip, manifest, entries);
  assert_refused (zip, NULL, LALAN_LESSON_ERROR_MISSING_FILE);

  /* The manifest not first. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = base_entries ();
  g_free (manifest);
  manifest = manifest_for (entries, "1.0");
  add_text (entries, "pack.json", manifest);
  write_zip (zip, NULL, entries);
  assert_refused (zip, NULL, LALAN_LESSON_ERROR_INVALID);

  /* Not a zip at all. */
  fixture_write_file (tmp, "bad.lalanpack", "this is not a zip file");
  assert_refused (zip, NULL, LALAN_LESSON_ERROR_INVALID);

  lalan_test_remove_tree (tmp);
}

static void
test_check_messages (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("check");
  const char *lessons[] = { "hello", NULL };
  g_autofree char *pack = fixture_write_pack (tmp, "test.check", "1.0", lessons);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) lesson = NULL;
  g_autofree char *md = NULL;

  g_assert_true (lalan_pack_check_directory (pack, LALAN_PACK_CHECK_VERIFY_HASHES, warnings, &error));
  g_assert_no_error (error);
  /* No file list yet: a warning, not an error. */
  g_assert_cmpuint (warnings->len, ==, 1);

  /* A page showing a picture that is not there names the page and the picture. */
  md = g_build_filename (pack, "hello", "intro.en.md", NULL);
  fixture_write_file (pack, "hello/intro.en.md", "![x](pictures/missing.svg)\n");
  g_assert_false (lalan_pack_check_directory (pack, 0, NULL, &error));
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE);
  g_assert_nonnull (strstr (error->message, "hello/intro.en.md"));
  g_assert_nonnull (strstr (error->message, "pictures/missing.svg"));
  g_clear_error (&error);

  fixture_write_file (pack, "hello/intro.en.md", "![x](../../../etc/passwd)\n");
  g_assert_false (lalan_pack_check_directory (pack, 0, NULL, &error));
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE);
  g_clear_error (&error);
  fixture_write_file (pack, "hello/intro.en.md", fixture_page_en);

  /* A mistake in a step is told with the file and the step. */
  lesson = g_string_new (fixture_lesson_json);
  g_string_replace (lesson, "@TITLE@", "Greeting", 1);
  g_string_replace (lesson, "\"correct\": true, ", "", 1);
  fixture_write_file (pack, "hello/lesson.json", lesson->str);
  g_assert_false (lalan_pack_check_directory (pack, 0, NULL, &error));
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "hello/lesson.json"));
  g_assert_nonnull (strstr (error->message, "q1"));
  g_clear_error (&error);

  lalan_test_remove_tree (tmp);
}

static void
test_build_and_check (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("build");
  const char *lessons[] = { "hello", "bye", NULL };
  g_autofree char *pack = fixture_write_pack (tmp, "test.build", "1.0", lessons);
  g_autofree char *file = g_build_filename (tmp, "test.lalanpack", NULL);
  g_autofree char *file2 = g_build_filename (tmp, "again.lalanpack", NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;
  gsize la, lb;

  g_assert_true (lalan_pack_build (pack, file, TRUE, warnings, &error));
  g_assert_no_error (error);
  g_assert_true (lalan_pack_check_path (file, warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  /* The folder now has the file list, so its check verifies every hash. */
  g_assert_true (lalan_pack_check_path (pack, warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);

  /* Building twice gives the same bytes. */
  g_assert_true (lalan_pack_build (pack, file2, FALSE, NULL, &error));
  g_file_get_contents (file, &a, &la, NULL);
  g_file_get_contents (file2, &b, &lb, NULL);
  g_assert_cmpmem (a, la, b, lb);

  /* Edited after building: the check says the hash differs. */
  fixture_write_file (pack, "bye/intro.en.md", "# Changed after building!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n");
  g_assert_false (lalan_pack_check_path (pack, NULL, &error));
  g_assert_nonnull (strstr (error->message, "bye/intro.en.md"));

  lalan_test_remove_tree (tmp);
}

static LalanLearningEvent *
event_at (const char                *kind,
          const char                *pack_id,
          const char                *lesson_id,
          const char                *step,
          const char                *item,
          LalanLearningEventCorrect  correct,
          gint64                     time)
{
  LalanLearningEvent *event = lalan_learning_log_new_event (kind, "learner-1", pack_id, lesson_id,
                                                            step, item, NULL, correct);

  event->time = time;
  return event;
}

static void
add_full_lesson_events (GPtrArray  *events,
                        const char *pack_id,
                        const char *lesson_id)
{
  const char *steps[] = { "intro", "q1", "sms", "form", "do" };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_ptr_array_add (events, event_at (LALAN_EVENT_STEP_SEEN, pack_id, lesson_id, steps[i], NULL,
                                       LALAN_LEARNING_EVENT_NOT_SCORED, 1000 + i));
  g_ptr_array_add (events, event_at (LALAN_EVENT_ANSWERED, pack_id, lesson_id, "q1", "q1", LALAN_LEARNING_EVENT_RIGHT, 2000));
  g_ptr_array_add (events, event_at (LALAN_EVENT_ANSWERED, pack_id, lesson_id, "sms", "link", LALAN_LEARNING_EVENT_RIGHT, 2001));
  g_ptr_array_add (events, event_at (LALAN_EVENT_ANSWERED, pack_id, lesson_id, "sms", "time", LALAN_LEARNING_EVENT_RIGHT, 2002));
  g_ptr_array_add (events, event_at (LALAN_EVENT_ANSWERED, pack_id, lesson_id, "form", "password", LALAN_LEARNING_EVENT_RIGHT, 2003));
}

static void
assert_lesson_mastered (LalanPack   *pack,
                        const char  *lesson_id,
                        GPtrArray   *events,
                        gboolean     mastered)
{
  g_autoptr(LalanProgress) progress = lalan_progress_new ();
  g_autoptr(LalanLesson) lesson = NULL;
  g_autoptr(GError) error = NULL;
  LalanLessonProgress figures;

  lesson = lalan_pack_load_lesson (pack, lesson_id, &error);
  g_assert_no_error (error);
  lalan_progress_add_all (progress, events);
  lalan_progress_get_lesson (progress, "learner-1", lesson, LALAN_MASTERY_DEFAULT_THRESHOLD, &figures);
  g_assert_cmpint (figures.completed, ==, mastered);
  g_assert_cmpint (figures.mastered, ==, mastered);
}

static void
test_install_update_keeps_progress (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("update");
  g_autofree char *v1_parent = g_build_filename (tmp, "v1", NULL);
  g_autofree char *v2_parent = g_build_filename (tmp, "v2", NULL);
  g_autofree char *packs = g_build_filename (tmp, "packs", NULL);
  g_autofree char *v1_file = g_build_filename (tmp, "v1.lalanpack", NULL);
  g_autofree char *v2_file = g_build_filename (tmp, "v2.lalanpack", NULL);
  const char *v1_lessons[] = { "alpha", "beta", "gamma", NULL };
  const char *v2_lessons[] = { "alpha", "beta", "delta", NULL };
  g_autofree char *v1 = fixture_write_pack (v1_parent, "test.update", "1.0", v1_lessons);
  g_autofree char *v2 = fixture_write_pack (v2_parent, "test.update", "1.1", v2_lessons);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  g_autoptr(LalanPackInstall) install = NULL;
  g_autoptr(LalanLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  const char *const added[] = { "delta", NULL };
  const char *const removed[] = { "gamma", NULL };
  const char *const changed[] = { "beta", NULL };
  const char *const unchanged[] = { "alpha", NULL };
  LalanPack *pack;

  fixture_write_lesson (v2, "beta", "Greeting, revised");
  g_assert_true (lalan_pack_build (v1, v1_file, FALSE, NULL, &error));
  g_assert_true (lalan_pack_build (v2, v2_file, FALSE, NULL, &error));
  g_assert_no_error (error);

  install = lalan_pack_install_prepare (v1_file, packs, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (lalan_pack_install_is_update (install));
  g_assert_true (lalan_pack_install_commit (install, &error));
  g_clear_object (&install);

  library = lalan_library_new_for_dirs (NULL, packs);
  pack = lalan_library_lookup (library, "test.update");
  g_assert_nonnull (pack);
  g_assert_cmpstr (lalan_pack_get_version (pack), ==, "1.0");

  add_full_lesson_events (events, "test.update", "alpha");
  add_full_lesson_events (events, "test.update", "beta");
  assert_lesson_mastered (pack, "alpha", events, TRUE);

  /* The update says what it changes before anything is replaced. */
  install = lalan_pack_install_prepare (v2_file, packs, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lalan_pack_install_is_update (install));
  g_assert_cmpstr (lalan_pack_install_get_old_version (install), ==, "1.0");
  g_assert_cmpstrv (lalan_pack_install_get_added (install), added);
  g_assert_cmpstrv (lalan_pack_install_get_removed (install), removed);
  g_assert_cmpstrv (lalan_pack_install_get_changed (install), changed);
  g_assert_cmpstrv (lalan_pack_install_get_unchanged (install), unchanged);
  lalan_library_reload (library);
  g_assert_cmpstr (lalan_pack_get_version (lalan_library_lookup (library, "test.update")), ==, "1.0");

  g_assert_true (lalan_pack_install_commit (install, &error));
  g_assert_no_error (error);
  g_clear_object (&install);
  g_assert_cmpuint (count_dir_entries (packs), ==, 1);

  lalan_library_reload (library);
  pack = lalan_library_lookup (library, "test.update");
  g_assert_cmpstr (lalan_pack_get_version (pack), ==, "1.1");
  g_assert_cmpuint (lalan_pack_get_n_lessons (pack), ==, 3);
  /* The same events: progress kept on lessons that still exist. */
  assert_lesson_mastered (pack, "alpha", events, TRUE);
  assert_lesson_mastered (pack, "beta", events, TRUE);
  assert_lesson_mastered (pack, "delta", events, FALSE);

  /* Going back is refused and leaves the newer version in place. */
  install = lalan_pack_install_prepare (v1_file, packs, NULL, 0, NULL, &error);
  g_assert_null (install);
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_OLDER);
  g_clear_error (&error);
  lalan_library_reload (library);
  g_assert_cmpstr (lalan_pack_get_version (lalan_library_lookup (library, "test.update")), ==, "1.1");
  g_assert_cmpuint (count_dir_entries (packs), ==, 1);

  /* The same version again only with --reinstall. */
  install = lalan_pack_install_prepare (v2, packs, NULL, 0, NULL, &error);
  g_assert_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_OLDER);
  g_clear_error (&error);
  install = lalan_pack_install_prepare (v2, packs, NULL, LALAN_PACK_INSTALL_REINSTALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lalan_pack_install_commit (install, &error));

  lalan_test_remove_tree (tmp);
}

static void
test_library_bundled_and_installed (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("library");
  g_autofree char *bundled = g_build_filename (tmp, "bundled", NULL);
  g_autofree char *installed = g_build_filename (tmp, "installed", NULL);
  const char *lessons[] = { "hello", NULL };
  g_autofree char *b = fixture_write_pack (bundled, "a.first", "1.0", lessons);
  g_autofree char *c = fixture_write_pack (bundled, "b.second", "1.0", lessons);
  g_autofree char *d = fixture_write_pack (installed, "b.second", "2.0", lessons);
  g_autofree char *e = fixture_write_pack (installed, "c.third", "1.0", lessons);
  g_autofree char *broken = g_build_filename (installed, "broken", NULL);
  g_autoptr(LalanLibrary) library = NULL;
  g_autoptr(LalanPack) second = NULL;

  fixture_write_file (broken, "pack.json", "{ nope");
  library = lalan_library_new_for_dirs (bundled, installed);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 3);
  second = g_list_model_get_item (G_LIST_MODEL (library), 1);
  /* The newer installed version takes the bundled one's place. */
  g_assert_cmpstr (lalan_pack_get_id (second), ==, "b.second");
  g_assert_cmpstr (lalan_pack_get_version (second), ==, "2.0");
  g_assert_cmpint (lalan_pack_get_origin (second), ==, LALAN_PACK_INSTALLED);
  g_assert_cmpuint (lalan_library_get_problems (library)->len, ==, 1);
  g_assert_cmpuint (lalan_library_get_n_lessons (library), ==, 3);

  lalan_test_remove_tree (tmp);
}

static void
test_page_blocks_and_fallback (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("page");
  const char *lessons[] = { "hello", NULL };
  g_autofree char *dir = fixture_write_pack (tmp, "test.page", "1.0", lessons);
  g_autoptr(LalanPack) pack = lalan_pack_new_for_directory (dir, LALAN_PACK_BUNDLED, NULL);
  g_autoptr(LalanLesson) lesson = lalan_pack_load_lesson (pack, "hello", NULL);
  const LalanLessonStep *step = lalan_lesson_get_step (lesson, 0);
  g_autoptr(GPtrArray) blocks = NULL;
  g_autofree char *found = NULL;
  g_autofree char *found_ami = NULL;
  g_autofree char *expected_path = g_build_filename (dir, "hello", "pictures", "phone.svg", NULL);
  g_autofree char *text = NULL;
  LalanMdBlock *block;
  LalanMdSpan *span;

  blocks = lalan_lesson_get_page_blocks (lesson, step, "en", &found, NULL);
  g_assert_cmpstr (found, ==, "en");
  g_assert_cmpuint (blocks->len, ==, 6);

  block = g_ptr_array_index (blocks, 0);
  g_assert_cmpint (block->type, ==, LALAN_MD_HEADING);
  g_assert_cmpint (block->level, ==, 1);

  block = g_ptr_array_index (blocks, 1);
  g_assert_cmpint (block->type, ==, LALAN_MD_PARAGRAPH);
  text = lalan_markdown_block_get_text (block);
  g_assert_cmpstr (text, ==, "Some soft and strong words, and a link.");
  span = g_ptr_array_index (block->spans, 1);
  g_assert_cmpstr (span->text, ==, "soft");
  g_assert_cmpint (span->flags, ==, LALAN_MD_SPAN_EMPHASIS);
  span = g_ptr_array_index (block->spans, 3);
  g_assert_cmpint (span->flags, ==, LALAN_MD_SPAN_STRONG);
  span = g_ptr_array_index (block->spans, 5);
  g_assert_cmpint (span->flags, ==, LALAN_MD_SPAN_LINK);
  g_assert_cmpstr (span->href, ==, "https://example.org");

  block = g_ptr_array_index (blocks, 2);
  g_assert_cmpint (block->type, ==, LALAN_MD_IMAGE);
  g_assert_cmpstr (block->alt, ==, "A phone");
  g_assert_cmpstr (block->path, ==, expected_path);

  block = g_ptr_array_index (blocks, 4);
  g_assert_cmpint (block->type, ==, LALAN_MD_LIST_ITEM);
  g_assert_true (block->ordered);
  g_assert_cmpint (block->number, ==, 2);
  block = g_ptr_array_index (blocks, 5);
  g_assert_false (block->ordered);

  /* Amis is not there: zh_TW first, as LESSONS.md says. */
  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = lalan_lesson_get_page_blocks (lesson, step, "ami", &found_ami, NULL);
  g_assert_cmpstr (found_ami, ==, "zh_TW");
  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpstr (lalan_lesson_get_title (lesson, "ami"), ==, "打招呼");
  g_assert_cmpstr (lalan_lesson_get_title (lesson, "en"), ==, "Greeting");

  lalan_test_remove_tree (tmp);
}

static void
test_cli_pack (void)
{
  g_autofree char *tmp = lalan_test_make_tmp_dir ("cli");
  const char *lessons[] = { "hello", NULL };
  g_autofree char *dir = fixture_write_pack (tmp, "test.cli", "1.0", lessons);
  g_autofree char *file = g_build_filename (tmp, "cli.lalanpack", NULL);
  g_autofree char *data = g_build_filename (tmp, "data", NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *out3 = NULL, *err3 = NULL;

  g_assert_cmpint (lalan_test_run_cli (NULL, NULL, "pack", "build", dir, "--to", file, NULL), ==, 0);
  g_assert_cmpint (lalan_test_run_cli (NULL, NULL, "pack", "check", file, NULL), ==, 0);
  g_assert_cmpint (lalan_test_run_cli (&out, NULL, "--data-dir", data, "pack", "install", file, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "test.cli"));
  g_assert_cmpint (lalan_test_run_cli (&out2, NULL, "--data-dir", data, "pack", "list", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "\"id\":\"test.cli\""));
  g_assert_nonnull (strstr (out2, "\"origin\":\"installed\""));

  fixture_write_file (dir, "hello/lesson.json", "{ broken");
  g_assert_cmpint (lalan_test_run_cli (&out3, &err3, "pack", "check", dir, NULL), ==, 2);
  g_assert_nonnull (strstr (err3, "hello/lesson.json"));

  lalan_test_remove_tree (tmp);
}

static void
test_bundled_packs_check (void)
{
  const char *lessons_dir = lalan_test_source_path ("data/lessons");
  g_autoptr(GDir) dir = g_dir_open (lessons_dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (lessons_dir, name, NULL);
      g_autofree char *out = NULL, *err = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_DIR) || name[0] == '.')
        continue;
      /* Through the CLI, as a teacher would; no warning either (both
       * languages complete, the file list up to date). */
      g_assert_cmpint (lalan_test_run_cli (&out, &err, "pack", "check", path, NULL), ==, 0);
      g_assert_cmpstr (err, ==, "");
      n++;
    }
  g_assert_cmpuint (n, ==, 4);
}

static void
test_bundled_curriculum (void)
{
  g_autoptr(LalanLibrary) library = lalan_library_new_for_dirs (lalan_test_source_path ("data/lessons"), NULL);
  gboolean screens[4] = { FALSE };
  gboolean mentions_165 = FALSE;
  guint n_items = 0;

  /* The ten lessons of LESSONS.md, in order, every graded item tagged. */
  g_assert_cmpuint (lalan_library_get_n_lessons (library), ==, 10);
  g_assert_cmpuint (lalan_library_get_problems (library)->len, ==, 0);

  for (guint p = 0; p < g_list_model_get_n_items (G_LIST_MODEL (library)); p++)
    {
      g_autoptr(LalanPack) pack = g_list_model_get_item (G_LIST_MODEL (library), p);

      g_assert_cmpstr (lalan_pack_manifest_get_license (lalan_pack_get_manifest (pack)), ==, "CC-BY-4.0");
      for (guint l = 0; l < lalan_pack_get_n_lessons (pack); l++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(LalanLesson) lesson = lalan_pack_load_lesson (pack, lalan_pack_get_lesson_id (pack, l), &error);

          g_assert_no_error (error);
          n_items += lalan_lesson_get_n_items (lesson);
          for (guint s = 0; s < lalan_lesson_get_n_steps (lesson); s++)
            {
              const LalanLessonStep *step = lalan_lesson_get_step (lesson, s);

              if (step->type == LALAN_STEP_SCENARIO)
                screens[step->screen] = TRUE;
              if (step->type == LALAN_STEP_PAGE && g_str_equal (lalan_lesson_get_id (lesson), "scams"))
                {
                  g_autofree char *zh = lalan_lesson_read_page (lesson, step, "zh_TW", NULL, NULL);
                  g_autofree char *en = lalan_lesson_read_page (lesson, step, "en", NULL, NULL);

                  mentions_165 |= strstr (zh, "165") != NULL && strstr (en, "165") != NULL;
                }
            }
        }
    }

  g_assert_true (screens[LALAN_SCENARIO_SMS]);
  g_assert_true (screens[LALAN_SCENARIO_LINE]);
  g_assert_true (screens[LALAN_SCENARIO_WEB]);
  g_assert_true (mentions_165);
  g_assert_cmpuint (n_items, >=, 40);
}

int
main (int   argc,
      char *argv[])
{
  lalan_test_init (&argc, &argv);

  g_test_add_func ("/packs/good-zip-installs", test_good_zip_installs);
  g_test_add_func ("/packs/hostile/paths", test_hostile_paths);
  g_test_add_func ("/packs/hostile/links", test_hostile_links);
  g_test_add_func ("/packs/hostile/folder-links", test_hostile_folder_links);
  g_test_add_func ("/packs/hostile/sizes", test_hostile_sizes);
  g_test_add_func ("/packs/hostile/content", test_hostile_content);
  g_test_add_func ("/packs/check-messages", test_check_messages);
  g_test_add_func ("/packs/build-and-check", test_build_and_check);
  g_test_add_func ("/packs/install-update-keeps-progress", test_install_update_keeps_progress);
  g_test_add_func ("/packs/library", test_library_bundled_and_installed);
  g_test_add_func ("/packs/page-blocks", test_page_blocks_and_fallback);
  g_test_add_func ("/packs/cli", test_cli_pack);
  g_test_add_func ("/packs/bundled-check", test_bundled_packs_check);
  g_test_add_func ("/packs/bundled-curriculum", test_bundled_curriculum);

  return g_test_run ();
}
