/* lalan-learning-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-learning-report.h"

#include "lalan-digcomp.h"
#include "lalan-learners.h"
#include "lalan-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* What the teacher's view shows and exports, computed from the events
 * like everything else about progress. */

/**
 * lalan_lesson_progress_get_status:
 * @progress: figures from lalan_progress_get_lesson()
 *
 * Returns: the one word for them
 */
LalanLessonStatus
lalan_lesson_progress_get_status (const LalanLessonProgress *progress)
{
  g_return_val_if_fail (progress != NULL, LALAN_LESSON_STATUS_NOT_STARTED);

  if (progress->mastered)
    return LALAN_LESSON_STATUS_MASTERED;
  if (progress->completed)
    return LALAN_LESSON_STATUS_COMPLETED;
  if (progress->started)
    return LALAN_LESSON_STATUS_STARTED;
  return LALAN_LESSON_STATUS_NOT_STARTED;
}

/**
 * lalan_lesson_status_to_string:
 *
 * Returns: (transfer none): the status, translated
 */
const char *
lalan_lesson_status_to_string (LalanLessonStatus status)
{
  switch (status)
    {
    case LALAN_LESSON_STATUS_NOT_STARTED:
      return C_("lesson status", "Not started");
    case LALAN_LESSON_STATUS_STARTED:
      return C_("lesson status", "Started");
    case LALAN_LESSON_STATUS_COMPLETED:
      return C_("lesson status", "Completed");
    case LALAN_LESSON_STATUS_MASTERED:
      return C_("lesson status", "Mastered");
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
element_text_for_item (const LalanLessonStep *step,
                       const char            *item_id,
                       const char            *language)
{
  for (guint e = 0; step->elements != NULL && e < step->elements->len; e++)
    {
      const LalanScenarioElement *element = g_ptr_array_index (step->elements, e);

      if (g_strcmp0 (element->item, item_id) == 0 && element->text != NULL)
        return lalan_text_lookup_localized (element->text, language, NULL);

      for (guint p = 0; element->parts != NULL && p < element->parts->len; p++)
        {
          const LalanScenarioPart *part = g_ptr_array_index (element->parts, p);

          if (g_strcmp0 (part->item, item_id) == 0)
            return lalan_text_lookup_localized (part->text, language, NULL);
        }
    }

  return NULL;
}

/**
 * lalan_lesson_describe_item:
 * @lesson: a lesson
 * @step_id: one of its steps
 * @item_id: an item of the step
 * @language: the language wanted
 *
 * A short text a teacher recognises an item by: a quiz's question, or the
 * title of a scenario and the words of the spot or field.
 *
 * Returns: (transfer full): the text
 */
char *
lalan_lesson_describe_item (LalanLesson *lesson,
                            const char  *step_id,
                            const char  *item_id,
                            const char  *language)
{
  const LalanLessonStep *step;
  const char *title;
  const char *text;

  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (step_id != NULL && item_id != NULL, NULL);

  step = lalan_lesson_find_step (lesson, step_id, NULL);
  if (step == NULL)
    return g_strdup (item_id);

  if (step->type == LALAN_STEP_QUIZ)
    return g_strdup (lalan_text_lookup_localized (step->question, language, NULL));

  title = lalan_text_lookup_localized (step->title, language, NULL);
  if (title == NULL)
    title = lalan_text_lookup_localized (step->prompt, language, NULL);
  text = element_text_for_item (step, item_id, language);
  if (text == NULL)
    text = item_id;

  if (title == NULL)
    return g_strdup (text);
  /* Translators: a question in a report: the title of a simulated screen,
   * then the words on it the question is about. */
  return g_strdup_printf (_("%s: “%s”"), title, text);
}

/* A field as RFC 4180 writes it. A learner's name is typed by anyone, so
 * a leading = + - @ is neutralised: spreadsheets would run it as a
 * formula. */
static void
append_field (GString    *csv,
              const char *value,
              gboolean    is_first)
{
  if (!is_first)
    g_string_append_c (csv, ',');
  if (value == NULL)
    return;

  if (value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL)
    {
      g_string_append (csv, "\"'");
    }
  else if (strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (csv, '"');
    }
  else
    {
      g_string_append (csv, value);
      return;
    }

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static void
append_row (GString     *csv,
            const char **fields,
            guint        n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    append_field (csv, fields[i], i == 0);
  g_string_append (csv, "\r\n");
}

static char *
format_time (gint64 time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time <= 0)
    return NULL;
  utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
format_percent (double score)
{
  return g_strdup_printf ("%d", (int) (score * 100 + 0.5));
}

/**
 * lalan_learning_report_to_csv:
 * @progress: the events of every learner
 * @learners: (element-type LalanLearner): the learners to report on
 * @lessons: (element-type LalanLesson): the lessons, in teaching order
 * @pack_titles: (nullable) (element-type utf8 utf8): pack id → title
 * @language: the language of lesson titles
 * @threshold: the share of items to get right for mastery
 *
 * A spreadsheet of every learner's progress: one row per learner and
 * lesson, then one per learner and competence. UTF-8 with a byte order
 * mark and CRLF line ends, so Excel opens Chinese names correctly.
 *
 * Returns: (transfer full): the CSV file's bytes
 */
GBytes *
lalan_learning_report_to_csv (LalanProgress *progress,
                              GPtrArray     *learners,
                              GPtrArray     *lessons,
                              GHashTable    *pack_titles,
                              const char    *language,
                              double         threshold)
{
  GString *csv = g_string_new ("\xEF\xBB\xBF");
  const char *header[] = {
    C_("report column", "Learner"),
    C_("report column", "Kind"),
    C_("report column", "Pack"),
    C_("report column", "Lesson or competence"),
    C_("report column", "Code"),
    C_("report column", "Status"),
    C_("report column", "Steps seen"),
    C_("report column", "Steps"),
    C_("report column", "Right"),
    C_("report column", "Questions"),
    C_("report column", "Score (%)"),
    C_("report column", "Last activity"),
  };

  g_return_val_if_fail (progress != NULL, NULL);
  g_return_val_if_fail (learners != NULL && lessons != NULL, NULL);

  append_row (csv, header, G_N_ELEMENTS (header));

  for (guint l = 0; l < learners->len; l++)
    {
      const LalanLearner *learner = g_ptr_array_index (learners, l);
      const char *name = lalan_learner_get_display_name (learner);
      g_autoptr(GPtrArray) competences = NULL;

      for (guint i = 0; i < lessons->len; i++)
        {
          LalanLesson *lesson = g_ptr_array_index (lessons, i);
          const char *pack_id = lalan_lesson_get_pack_id (lesson);
          LalanLessonProgress figures;
          g_autofree char *seen = NULL, *steps = NULL, *right = NULL, *items = NULL;
          g_autofree char *score = NULL, *last = NULL;

          lalan_progress_get_lesson (progress, learner->id, lesson, threshold, &figures);
          seen = g_strdup_printf ("%u", figures.n_steps_seen);
          steps = g_strdup_printf ("%u", figures.n_steps);
          right = g_strdup_printf ("%u", figures.n_items_right);
          items = g_strdup_printf ("%u", figures.n_items);
          score = figures.n_items > 0 ? format_percent (figures.score) : NULL;
          last = format_time (figures.last_time);

          {
            const char *row[] = {
              name,
              C_("report kind", "Lesson"),
              pack_titles ? g_hash_table_lookup (pack_titles, pack_id) : pack_id,
              lalan_lesson_get_title (lesson, language),
              lalan_lesson_get_id (lesson),
              lalan_lesson_status_to_string (lalan_lesson_progress_get_status (&figures)),
              seen, steps, right, items, score, last,
            };

            append_row (csv, row, G_N_ELEMENTS (row));
          }
        }

      competences = lalan_progress_get_competences (progress, learner->id, lessons, threshold);
      for (guint c = 0; c < competences->len; c++)
        {
          const LalanCompetenceProgress *competence = g_ptr_array_index (competences, c);
          g_autofree char *right = g_strdup_printf ("%u", competence->n_right);
          g_autofree char *items = g_strdup_printf ("%u", competence->n_items);
          g_autofree char *score = format_percent (competence->score);
          const char *status;
          const char *row[12];

          if (competence->mastered)
            status = C_("competence status", "Mastered");
          else if (competence->n_answered > 0)
            status = C_("competence status", "Not yet");
          else
            status = C_("competence status", "Not started");

          row[0] = name;
          row[1] = C_("report kind", "Competence");
          row[2] = NULL;
          row[3] = lalan_digcomp_get_title (competence->code);
          row[4] = competence->code;
          row[5] = status;
          row[6] = NULL;
          row[7] = NULL;
          row[8] = right;
          row[9] = items;
          row[10] = score;
          row[11] = NULL;
          append_row (csv, row, G_N_ELEMENTS (row));
        }
    }

  return g_string_free_to_bytes (csv);
}
