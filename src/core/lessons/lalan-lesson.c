/* lalan-lesson.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-lesson.h"

#include "lalan-digcomp.h"
#include "lalan-lesson-error.h"
#include "lalan-lesson-json-private.h"
#include "lalan-pack-manifest.h"
#include "lalan-text.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

struct _LalanLesson
{
  gatomicrefcount   ref_count;

  char             *pack_root;
  char             *pack_id;
  char             *id;
  char             *dir;
  char            **languages;
  GHashTable       *titles;
  GHashTable       *summaries;
  gint64            minutes;
  GPtrArray        *steps;        /* LalanLessonStep */
};

G_DEFINE_BOXED_TYPE (LalanLesson, lalan_lesson, lalan_lesson_ref, lalan_lesson_unref)

/* What the parser needs at hand for messages and paths. */
typedef struct
{
  LalanLesson *lesson;
  const char  *display;     /* "scams/lesson.json" */
  char        *where;       /* "step 3 (“sms”)" */
} ParseContext;

static const char *step_type_names[] = { "page", "quiz", "scenario", "practice" };
static const char *screen_names[] = { "sms", "line", "web", "form" };
static const char *element_names[] = {
  "message", "heading", "text", "notice", "price", "link", "button", "image", "field",
};

static void
table_unref0 (GHashTable *table)
{
  if (table != NULL)
    g_hash_table_unref (table);
}

static void
lesson_item_free (LalanLessonItem *item)
{
  g_free (item->id);
  g_free (item->competence);
  g_strfreev (item->accept);
  table_unref0 (item->why);
  g_free (item);
}

static void
quiz_choice_free (LalanQuizChoice *choice)
{
  g_free (choice->id);
  table_unref0 (choice->text);
  table_unref0 (choice->feedback);
  g_free (choice->picture);
  g_free (choice);
}

static void
scenario_part_free (LalanScenarioPart *part)
{
  table_unref0 (part->text);
  g_free (part->item);
  g_free (part);
}

static void
scenario_element_free (LalanScenarioElement *element)
{
  g_free (element->from);
  g_free (element->time);
  table_unref0 (element->text);
  g_clear_pointer (&element->parts, g_ptr_array_unref);
  g_free (element->item);
  g_free (element->picture);
  table_unref0 (element->placeholder);
  g_free (element);
}

static void
practice_task_free (LalanPracticeTask *task)
{
  g_free (task->id);
  table_unref0 (task->text);
  g_free (task);
}

static void
lesson_step_free (LalanLessonStep *step)
{
  g_free (step->id);
  table_unref0 (step->title);
  table_unref0 (step->pages);
  table_unref0 (step->narration);
  table_unref0 (step->question);
  g_free (step->picture);
  g_clear_pointer (&step->choices, g_ptr_array_unref);
  table_unref0 (step->prompt);
  table_unref0 (step->header_title);
  table_unref0 (step->header_subtitle);
  g_clear_pointer (&step->elements, g_ptr_array_unref);
  g_clear_pointer (&step->items, g_ptr_array_unref);
  g_clear_pointer (&step->tasks, g_ptr_array_unref);
  g_free (step);
}

static int
lookup_name (const char  *name,
             const char **names,
             guint        n_names)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (name, names[i]))
        return (int) i;
    }
  return -1;
}

static gboolean
set_error_if_not_plain (const ParseContext  *ctx,
                        const char          *what,
                        const char          *id,
                        GError             **error)
{
  if (lalan_is_plain_id (id))
    return TRUE;

  /* Translators: the second %s is "step id", "item id"... */
  g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
               _("%s: in %s, the %s “%s” may hold only lower-case letters, digits, “-”, “_” and “.”."),
               ctx->display, ctx->where, what, id);
  return FALSE;
}

/* A regular file of the pack, never a link, a folder or a device. */
static gboolean
is_plain_file (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0 && S_ISREG (st.st_mode);
}

static char *
resolve_file (const ParseContext  *ctx,
              const char          *reference,
              GError             **error)
{
  g_autofree char *relative = NULL;
  g_autofree char *path = NULL;

  relative = lalan_pack_path_resolve (ctx->lesson->id, reference, ctx->display, error);
  if (relative == NULL)
    return NULL;

  path = g_build_filename (ctx->lesson->pack_root, relative, NULL);
  if (!is_plain_file (path))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                   _("%s: %s names the file “%s”, which is not in the pack."),
                   ctx->display, ctx->where, reference);
      return NULL;
    }

  return g_steal_pointer (&path);
}

static gboolean
parse_competence (const ParseContext  *ctx,
                  JsonObject          *object,
                  const char          *where,
                  char               **competence,
                  int                 *level,
                  GError             **error)
{
  const char *code = NULL;
  gint64 value = 0;

  if (!lalan_json_get_string (object, "competence", FALSE, ctx->display, where, &code, error) ||
      !lalan_json_get_int (object, "level", FALSE, ctx->display, where, &value, error))
    return FALSE;

  if (code != NULL)
    {
      if (!lalan_digcomp_is_valid_code (code))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_COMPETENCE,
                       _("%s: in %s, “%s” is not a DigComp 2.2 competence code (such as 1.2 or 4.2, or 0.1, 0.2, 6.1, 6.2 from UNESCO’s framework)."),
                       ctx->display, where, code);
          return FALSE;
        }
      g_free (*competence);
      *competence = g_strdup (code);
    }

  if (json_object_has_member (object, "level"))
    {
      if (!lalan_digcomp_is_valid_level (value))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_COMPETENCE,
                       _("%s: in %s, the level %lld must be between 1 and 8."),
                       ctx->display, where, (long long) value);
          return FALSE;
        }
      *level = (int) value;
    }

  return TRUE;
}

static gboolean
require_competence (const ParseContext  *ctx,
                    const char          *where,
                    const char          *competence,
                    int                  level,
                    GError             **error)
{
  if (competence == NULL || level == 0)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_BAD_COMPETENCE,
                   _("%s: %s needs a DigComp “competence” code and a “level” from 1 to 8."),
                   ctx->display, where);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_page (ParseContext     *ctx,
            JsonObject       *object,
            LalanLessonStep  *step,
            GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *narration;
  JsonObjectIter iter;
  const char *lang;
  JsonNode *node;

  step->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; ctx->lesson->languages[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s.md", step->id, ctx->lesson->languages[i]);
      g_autofree char *path = g_build_filename (ctx->lesson->dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_LINK,
                       _("%s/%s is a link; a pack may hold only plain files."),
                       ctx->lesson->id, name);
          return FALSE;
        }
      if (is_plain_file (path))
        g_hash_table_insert (step->pages, g_strdup (ctx->lesson->languages[i]),
                             g_steal_pointer (&path));
    }

  if (g_hash_table_size (step->pages) == 0)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                   _("%s: %s is a page, but its text %s/%s.%s.md is missing."),
                   ctx->display, ctx->where, ctx->lesson->id, step->id, ctx->lesson->languages[0]);
      return FALSE;
    }

  narration = lalan_json_get_object (object, "narration", FALSE, ctx->display, ctx->where, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (narration == NULL)
    return TRUE;

  step->narration = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, narration);
  while (json_object_iter_next (&iter, &lang, &node))
    {
      char *path;

      if (!lalan_is_language_code (lang) || !JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: in %s, “narration” must map a language code to a sound file."),
                       ctx->display, ctx->where);
          return FALSE;
        }
      path = resolve_file (ctx, json_node_get_string (node), error);
      if (path == NULL)
        return FALSE;
      g_hash_table_insert (step->narration, g_strdup (lang), path);
    }

  return TRUE;
}

static gboolean
parse_quiz (ParseContext     *ctx,
            JsonObject       *object,
            LalanLessonStep  *step,
            GError          **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  LalanLessonItem *item;
  const char *picture = NULL;
  JsonArray *choices;
  guint n_correct = 0;

  if (!lalan_json_get_localized (object, "question", TRUE, ctx->display, ctx->where, &step->question, error) ||
      !lalan_json_get_bool (object, "multiple", ctx->display, ctx->where, &step->multiple, error) ||
      !lalan_json_get_string (object, "picture", FALSE, ctx->display, ctx->where, &picture, error))
    return FALSE;

  if (picture != NULL && (step->picture = resolve_file (ctx, picture, error)) == NULL)
    return FALSE;

  item = g_new0 (LalanLessonItem, 1);
  item->id = g_strdup (step->id);
  item->kind = LALAN_ITEM_QUIZ;
  g_ptr_array_add (step->items, item);
  if (!parse_competence (ctx, object, ctx->where, &item->competence, &item->level, error) ||
      !require_competence (ctx, ctx->where, item->competence, item->level, error) ||
      !lalan_json_get_localized (object, "explanation", FALSE, ctx->display, ctx->where, &item->why, error))
    return FALSE;

  choices = lalan_json_get_array (object, "choices", TRUE, ctx->display, ctx->where, error);
  if (choices == NULL)
    return FALSE;
  if (json_array_get_length (choices) < 2)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: %s needs at least two “choices”."), ctx->display, ctx->where);
      return FALSE;
    }

  step->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) quiz_choice_free);
  for (guint i = 0; i < json_array_get_length (choices); i++)
    {
      JsonNode *node = json_array_get_element (choices, i);
      g_autofree char *where = g_strdup_printf (_("choice %u of %s"), i + 1, ctx->where);
      LalanQuizChoice *choice;
      JsonObject *choice_object;
      const char *id = NULL, *choice_picture = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: %s must be an object in braces { }."), ctx->display, where);
          return FALSE;
        }
      choice_object = json_node_get_object (node);
      choice = g_new0 (LalanQuizChoice, 1);
      g_ptr_array_add (step->choices, choice);

      if (!lalan_json_get_string (choice_object, "id", TRUE, ctx->display, where, &id, error) ||
          !set_error_if_not_plain (ctx, _("choice id"), id, error) ||
          !lalan_json_get_localized (choice_object, "text", TRUE, ctx->display, where, &choice->text, error) ||
          !lalan_json_get_bool (choice_object, "correct", ctx->display, where, &choice->correct, error) ||
          !lalan_json_get_localized (choice_object, "feedback", TRUE, ctx->display, where, &choice->feedback, error) ||
          !lalan_json_get_string (choice_object, "picture", FALSE, ctx->display, where, &choice_picture, error))
        return FALSE;

      choice->id = g_strdup (id);
      if (!g_hash_table_add (ids, choice->id))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: in %s, the choice “%s” appears twice."), ctx->display, ctx->where, id);
          return FALSE;
        }
      if (choice_picture != NULL && (choice->picture = resolve_file (ctx, choice_picture, error)) == NULL)
        return FALSE;
      if (choice->correct)
        n_correct++;
    }

  if (n_correct == 0 || (!step->multiple && n_correct != 1))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   step->multiple ?
                   _("%s: %s needs at least one choice marked “correct”.") :
                   _("%s: %s needs exactly one choice marked “correct”, or “multiple”: true."),
                   ctx->display, ctx->where);
      return FALSE;
    }

  return TRUE;
}

static LalanLessonItem *
find_item (GPtrArray  *items,
           const char *id)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      LalanLessonItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->id, id))
        return item;
    }
  return NULL;
}

static gboolean
parse_scenario_items (ParseContext     *ctx,
                      JsonObject       *object,
                      LalanLessonStep  *step,
                      const char       *competence,
                      int               level,
                      GError          **error)
{
  JsonArray *items = lalan_json_get_array (object, "items", TRUE, ctx->display, ctx->where, error);

  if (items == NULL)
    return FALSE;
  if (json_array_get_length (items) == 0)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: %s needs at least one item to tap or fill."), ctx->display, ctx->where);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autofree char *where = g_strdup_printf (_("item %u of %s"), i + 1, ctx->where);
      const char *id = NULL, *kind = "spot", *expect = "text";
      JsonObject *item_object;
      LalanLessonItem *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: %s must be an object in braces { }."), ctx->display, where);
          return FALSE;
        }
      item_object = json_node_get_object (node);
      if (!lalan_json_get_string (item_object, "id", TRUE, ctx->display, where, &id, error) ||
          !set_error_if_not_plain (ctx, _("item id"), id, error) ||
          !lalan_json_get_string (item_object, "kind", FALSE, ctx->display, where, &kind, error))
        return FALSE;
      if (kind == NULL)
        kind = "spot";

      if (find_item (step->items, id) != NULL)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: in %s, the item “%s” appears twice."), ctx->display, ctx->where, id);
          return FALSE;
        }

      item = g_new0 (LalanLessonItem, 1);
      item->id = g_strdup (id);
      item->competence = g_strdup (competence);
      item->level = level;
      g_ptr_array_add (step->items, item);

      if (g_str_equal (kind, "spot"))
        {
          item->kind = LALAN_ITEM_SPOT;
          if (!lalan_json_get_bool (item_object, "suspicious", ctx->display, where, &item->suspicious, error))
            return FALSE;
        }
      else if (g_str_equal (kind, "field"))
        {
          item->kind = LALAN_ITEM_FIELD;
          if (!lalan_json_get_string (item_object, "expect", FALSE, ctx->display, where, &expect, error))
            return FALSE;
          if (expect == NULL || g_str_equal (expect, "text"))
            item->expect = LALAN_FIELD_EXPECT_TEXT;
          else if (g_str_equal (expect, "any"))
            item->expect = LALAN_FIELD_EXPECT_ANY;
          else if (g_str_equal (expect, "empty"))
            item->expect = LALAN_FIELD_EXPECT_EMPTY;
          else
            {
              g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                           _("%s: in %s, “expect” must be “text”, “any” or “empty”."),
                           ctx->display, where);
              return FALSE;
            }
          item->accept = lalan_json_get_strv (item_object, "accept",
                                              item->expect == LALAN_FIELD_EXPECT_TEXT,
                                              ctx->display, where, error);
          if (item->expect == LALAN_FIELD_EXPECT_TEXT &&
              (item->accept == NULL || item->accept[0] == NULL))
            {
              if (item->accept != NULL)
                g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                             _("%s: %s needs “accept”."), ctx->display, where);
              return FALSE;
            }
        }
      else
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: in %s, “kind” must be “spot” or “field”."), ctx->display, where);
          return FALSE;
        }

      if (!parse_competence (ctx, item_object, where, &item->competence, &item->level, error) ||
          !require_competence (ctx, where, item->competence, item->level, error) ||
          !lalan_json_get_localized (item_object, "why", TRUE, ctx->display, where, &item->why, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_item_reference (ParseContext     *ctx,
                      LalanLessonStep  *step,
                      const char       *where,
                      const char       *id,
                      gboolean          field,
                      GHashTable       *used,
                      GError          **error)
{
  LalanLessonItem *item = find_item (step->items, id);

  if (item == NULL || (item->kind == LALAN_ITEM_FIELD) != field)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   field ?
                   _("%s: %s names “%s”, which is not a field item of the step.") :
                   _("%s: %s names “%s”, which is not a spot item of the step."),
                   ctx->display, where, id);
      return FALSE;
    }

  g_hash_table_add (used, item->id);
  return TRUE;
}

static gboolean
parse_scenario_elements (ParseContext     *ctx,
                         JsonObject       *object,
                         LalanLessonStep  *step,
                         GError          **error)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *elements = lalan_json_get_array (object, "elements", TRUE, ctx->display, ctx->where, error);

  if (elements == NULL)
    return FALSE;

  step->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) scenario_element_free);
  for (guint i = 0; i < json_array_get_length (elements); i++)
    {
      JsonNode *node = json_array_get_element (elements, i);
      g_autofree char *where = g_strdup_printf (_("element %u of %s"), i + 1, ctx->where);
      const char *kind = NULL, *from = NULL, *time = NULL, *item = NULL, *picture = NULL;
      LalanScenarioElement *element;
      JsonObject *element_object;
      JsonArray *parts;
      g_autoptr(GError) local_error = NULL;
      int kind_index;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: %s must be an object in braces { }."), ctx->display, where);
          return FALSE;
        }
      element_object = json_node_get_object (node);
      if (!lalan_json_get_string (element_object, "kind", TRUE, ctx->display, where, &kind, error))
        return FALSE;
      kind_index = lookup_name (kind, element_names, G_N_ELEMENTS (element_names));
      if (kind_index < 0)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: %s has the kind “%s”; it must be one of message, heading, text, notice, price, link, button, image, field."),
                       ctx->display, where, kind);
          return FALSE;
        }

      element = g_new0 (LalanScenarioElement, 1);
      element->kind = kind_index;
      g_ptr_array_add (step->elements, element);

      if (!lalan_json_get_string (element_object, "from", FALSE, ctx->display, where, &from, error) ||
          !lalan_json_get_string (element_object, "time", FALSE, ctx->display, where, &time, error) ||
          !lalan_json_get_string (element_object, "item", FALSE, ctx->display, where, &item, error) ||
          !lalan_json_get_string (element_object, "picture", FALSE, ctx->display, where, &picture, error) ||
          !lalan_json_get_localized (element_object, "text", FALSE, ctx->display, where, &element->text, error) ||
          !lalan_json_get_localized (element_object, "placeholder", FALSE, ctx->display, where, &element->placeholder, error))
        return FALSE;

      if (from != NULL && !g_str_equal (from, "them") && !g_str_equal (from, "me"))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: in %s, “from” must be “them” or “me”."), ctx->display, where);
          return FALSE;
        }
      element->from = g_strdup (element->kind == LALAN_ELEMENT_MESSAGE ? (from ? from : "them") : from);
      element->time = g_strdup (time);

      if (item != NULL)
        {
          if (!check_item_reference (ctx, step, where, item, element->kind == LALAN_ELEMENT_FIELD, used, error))
            return FALSE;
          element->item = g_strdup (item);
        }
      else if (element->kind == LALAN_ELEMENT_FIELD)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: %s is a field and needs the “item” it fills."), ctx->display, where);
          return FALSE;
        }

      if (element->kind == LALAN_ELEMENT_IMAGE)
        {
          if (picture == NULL)
            {
              g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                           _("%s: %s needs “%s”."), ctx->display, where, "picture");
              return FALSE;
            }
          if ((element->picture = resolve_file (ctx, picture, error)) == NULL)
            return FALSE;
        }

      parts = lalan_json_get_array (element_object, "parts", FALSE, ctx->display, where, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (parts != NULL)
        {
          if (element->text != NULL || element->kind == LALAN_ELEMENT_FIELD ||
              element->kind == LALAN_ELEMENT_IMAGE || item != NULL)
            {
              g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                           _("%s: %s has “parts”, so it cannot also have “text” or “item”, nor be a field or an image."),
                           ctx->display, where);
              return FALSE;
            }
          element->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) scenario_part_free);
          for (guint p = 0; p < json_array_get_length (parts); p++)
            {
              JsonNode *part_node = json_array_get_element (parts, p);
              g_autofree char *part_where = g_strdup_printf (_("part %u of %s"), p + 1, where);
              LalanScenarioPart *part;
              const char *part_item = NULL;

              if (!JSON_NODE_HOLDS_OBJECT (part_node))
                {
                  g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                               _("%s: %s must be an object in braces { }."), ctx->display, part_where);
                  return FALSE;
                }
              part = g_new0 (LalanScenarioPart, 1);
              g_ptr_array_add (element->parts, part);
              if (!lalan_json_get_localized (json_node_get_object (part_node), "text", TRUE,
                                             ctx->display, part_where, &part->text, error) ||
                  !lalan_json_get_string (json_node_get_object (part_node), "item", FALSE,
                                          ctx->display, part_where, &part_item, error))
                return FALSE;
              if (part_item != NULL)
                {
                  if (!check_item_reference (ctx, step, part_where, part_item, FALSE, used, error))
                    return FALSE;
                  part->item = g_strdup (part_item);
                }
            }
        }
      else if (element->text == NULL && element->kind != LALAN_ELEMENT_IMAGE)
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: %s needs “text” or “parts”."), ctx->display, where);
          return FALSE;
        }
    }

  for (guint i = 0; i < step->items->len; i++)
    {
      LalanLessonItem *scenario_item = g_ptr_array_index (step->items, i);

      if (!g_hash_table_contains (used, scenario_item->id))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: in %s, the item “%s” is never shown on the screen."),
                       ctx->display, ctx->where, scenario_item->id);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_scenario (ParseContext     *ctx,
                JsonObject       *object,
                LalanLessonStep  *step,
                GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *competence = NULL;
  const char *screen = NULL;
  JsonObject *header;
  int level = 0;
  int screen_index;

  if (!lalan_json_get_string (object, "screen", TRUE, ctx->display, ctx->where, &screen, error))
    return FALSE;
  screen_index = lookup_name (screen, screen_names, G_N_ELEMENTS (screen_names));
  if (screen_index < 0)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: %s has the screen “%s”; it must be sms, line, web or form."),
                   ctx->display, ctx->where, screen);
      return FALSE;
    }
  step->screen = screen_index;

  if (!lalan_json_get_localized (object, "prompt", TRUE, ctx->display, ctx->where, &step->prompt, error) ||
      !parse_competence (ctx, object, ctx->where, &competence, &level, error))
    return FALSE;

  header = lalan_json_get_object (object, "header", FALSE, ctx->display, ctx->where, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (header != NULL &&
      (!lalan_json_get_localized (header, "title", FALSE, ctx->display, ctx->where, &step->header_title, error) ||
       !lalan_json_get_localized (header, "subtitle", FALSE, ctx->display, ctx->where, &step->header_subtitle, error)))
    return FALSE;

  return parse_scenario_items (ctx, object, step, competence, level, error) &&
         parse_scenario_elements (ctx, object, step, error);
}

static gboolean
parse_practice (ParseContext     *ctx,
                JsonObject       *object,
                LalanLessonStep  *step,
                GError          **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *tasks;

  if (!lalan_json_get_localized (object, "prompt", FALSE, ctx->display, ctx->where, &step->prompt, error))
    return FALSE;

  tasks = lalan_json_get_array (object, "tasks", TRUE, ctx->display, ctx->where, error);
  if (tasks == NULL)
    return FALSE;
  if (json_array_get_length (tasks) == 0)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: %s needs at least one task."), ctx->display, ctx->where);
      return FALSE;
    }

  step->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) practice_task_free);
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonNode *node = json_array_get_element (tasks, i);
      g_autofree char *where = g_strdup_printf (_("task %u of %s"), i + 1, ctx->where);
      LalanPracticeTask *task;
      const char *id = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: %s must be an object in braces { }."), ctx->display, where);
          return FALSE;
        }
      task = g_new0 (LalanPracticeTask, 1);
      g_ptr_array_add (step->tasks, task);
      if (!lalan_json_get_string (json_node_get_object (node), "id", TRUE, ctx->display, where, &id, error) ||
          !set_error_if_not_plain (ctx, _("task id"), id, error) ||
          !lalan_json_get_localized (json_node_get_object (node), "text", TRUE, ctx->display, where, &task->text, error))
        return FALSE;
      task->id = g_strdup (id);
      if (!g_hash_table_add (ids, task->id))
        {
          g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                       _("%s: in %s, the task “%s” appears twice."), ctx->display, ctx->where, id);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_step (ParseContext  *ctx,
            JsonNode      *node,
            guint          index,
            GHashTable    *ids,
            GError       **error)
{
  LalanLessonStep *step;
  JsonObject *object;
  const char *type = NULL, *id = NULL;
  int type_index;

  g_free (ctx->where);
  ctx->where = g_strdup_printf (_("step %u"), index + 1);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: %s must be an object in braces { }."), ctx->display, ctx->where);
      return FALSE;
    }
  object = json_node_get_object (node);

  if (!lalan_json_get_string (object, "id", TRUE, ctx->display, ctx->where, &id, error) ||
      !set_error_if_not_plain (ctx, _("step id"), id, error))
    return FALSE;

  g_free (ctx->where);
  ctx->where = g_strdup_printf (_("step %u (“%s”)"), index + 1, id);

  if (g_hash_table_contains (ids, id))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: the step id “%s” is used twice."), ctx->display, id);
      return FALSE;
    }

  if (!lalan_json_get_string (object, "type", TRUE, ctx->display, ctx->where, &type, error))
    return FALSE;
  type_index = lookup_name (type, step_type_names, G_N_ELEMENTS (step_type_names));
  if (type_index < 0)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_UNKNOWN_STEP,
                   _("%s: %s has the type “%s”, which this version of Lalan does not know (it knows page, quiz, scenario and practice)."),
                   ctx->display, ctx->where, type);
      return FALSE;
    }

  step = g_new0 (LalanLessonStep, 1);
  step->type = type_index;
  step->id = g_strdup (id);
  step->items = g_ptr_array_new_with_free_func ((GDestroyNotify) lesson_item_free);
  g_ptr_array_add (ctx->lesson->steps, step);
  g_hash_table_add (ids, step->id);

  if (!lalan_json_get_localized (object, "title", FALSE, ctx->display, ctx->where, &step->title, error))
    return FALSE;

  switch (step->type)
    {
    case LALAN_STEP_PAGE:
      return parse_page (ctx, object, step, error);
    case LALAN_STEP_QUIZ:
      return parse_quiz (ctx, object, step, error);
    case LALAN_STEP_SCENARIO:
      return parse_scenario (ctx, object, step, error);
    case LALAN_STEP_PRACTICE:
      return parse_practice (ctx, object, step, error);
    default:
      g_assert_not_reached ();
    }
}

/**
 * lalan_lesson_new_from_dir:
 * @pack_root: the folder of the pack
 * @pack_id: the pack's id, which events name lessons with
 * @lesson_id: the lesson's id, also its folder's name
 * @languages: the pack's languages, in the pack's order
 * @error: a location for a #GError
 *
 * Loads and validates `lesson.json`. Every file a step names must exist.
 * Markdown pictures are checked by lalan_pack_check_directory(), not here,
 * so opening a lesson stays quick.
 *
 * Returns: (transfer full) (nullable): the lesson
 */
LalanLesson *
lalan_lesson_new_from_dir (const char          *pack_root,
                           const char          *pack_id,
                           const char          *lesson_id,
                           const char * const  *languages,
                           GError             **error)
{
  g_autoptr(LalanLesson) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *display = NULL;
  g_autofree char *path = NULL;
  ParseContext ctx = { 0 };
  const char *id = NULL;
  JsonObject *object;
  JsonArray *steps;
  gboolean ok = FALSE;

  g_return_val_if_fail (pack_root != NULL, NULL);
  g_return_val_if_fail (lesson_id != NULL, NULL);
  g_return_val_if_fail (languages != NULL && languages[0] != NULL, NULL);

  display = g_strconcat (lesson_id, "/", LALAN_LESSON_FILE_NAME, NULL);
  self = g_new0 (LalanLesson, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->pack_root = g_strdup (pack_root);
  self->pack_id = g_strdup (pack_id);
  self->id = g_strdup (lesson_id);
  self->dir = g_build_filename (pack_root, lesson_id, NULL);
  self->languages = g_strdupv ((char **) languages);
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) lesson_step_free);

  if (g_file_test (self->dir, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_LINK,
                   _("The lesson folder %s is a link; a pack may hold only plain files."), lesson_id);
      return NULL;
    }

  path = g_build_filename (self->dir, LALAN_LESSON_FILE_NAME, NULL);
  root = lalan_json_parse_file (path, display, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object (root);

  ctx.lesson = self;
  ctx.display = display;
  ctx.where = g_strdup (_("the lesson"));

  if (!lalan_json_get_string (object, "id", FALSE, display, ctx.where, &id, error) ||
      !lalan_json_get_localized (object, "title", TRUE, display, ctx.where, &self->titles, error) ||
      !lalan_json_get_localized (object, "summary", FALSE, display, ctx.where, &self->summaries, error) ||
      !lalan_json_get_int (object, "minutes", FALSE, display, ctx.where, &self->minutes, error))
    goto out;

  if (id != NULL && !g_str_equal (id, lesson_id))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: the lesson calls itself “%s”, but its folder and the manifest call it “%s”."),
                   display, id, lesson_id);
      goto out;
    }

  steps = lalan_json_get_array (object, "steps", TRUE, display, ctx.where, error);
  if (steps == NULL)
    goto out;
  if (json_array_get_length (steps) == 0)
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("%s: the lesson needs at least one step."), display);
      goto out;
    }

  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      if (!parse_step (&ctx, json_array_get_element (steps, i), i, ids, error))
        goto out;
    }

  ok = TRUE;

out:
  g_free (ctx.where);
  return ok ? g_steal_pointer (&self) : NULL;
}

LalanLesson *
lalan_lesson_ref (LalanLesson *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lalan_lesson_unref (LalanLesson *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->pack_root);
  g_free (self->pack_id);
  g_free (self->id);
  g_free (self->dir);
  g_strfreev (self->languages);
  table_unref0 (self->titles);
  table_unref0 (self->summaries);
  g_ptr_array_unref (self->steps);
  g_free (self);
}

const char *
lalan_lesson_get_id (LalanLesson *self)
{
  return self->id;
}

const char *
lalan_lesson_get_pack_id (LalanLesson *self)
{
  return self->pack_id;
}

/**
 * lalan_lesson_get_dir:
 *
 * Returns: (transfer none): the absolute path of the lesson's folder
 */
const char *
lalan_lesson_get_dir (LalanLesson *self)
{
  return self->dir;
}

const char *
lalan_lesson_get_title (LalanLesson *self,
                        const char  *language)
{
  return lalan_text_lookup_localized (self->titles, language, NULL);
}

const char *
lalan_lesson_get_summary (LalanLesson *self,
                          const char  *language)
{
  return lalan_text_lookup_localized (self->summaries, language, NULL);
}

/**
 * lalan_lesson_get_minutes:
 *
 * Returns: the author's estimate of the time the lesson takes, 0 if unknown
 */
int
lalan_lesson_get_minutes (LalanLesson *self)
{
  return (int) self->minutes;
}

guint
lalan_lesson_get_n_steps (LalanLesson *self)
{
  return self->steps->len;
}

/**
 * lalan_lesson_get_step:
 *
 * Returns: (transfer none): the step at @index
 */
const LalanLessonStep *
lalan_lesson_get_step (LalanLesson *self,
                       guint        index)
{
  g_return_val_if_fail (index < self->steps->len, NULL);
  return g_ptr_array_index (self->steps, index);
}

/**
 * lalan_lesson_find_step:
 * @index: (out) (optional): the step's position
 *
 * Returns: (transfer none) (nullable): the step with @step_id
 */
const LalanLessonStep *
lalan_lesson_find_step (LalanLesson *self,
                        const char  *step_id,
                        guint       *index)
{
  for (guint i = 0; i < self->steps->len; i++)
    {
      const LalanLessonStep *step = g_ptr_array_index (self->steps, i);

      if (g_str_equal (step->id, step_id))
        {
          if (index != NULL)
            *index = i;
          return step;
        }
    }
  return NULL;
}

/**
 * lalan_lesson_step_find_item:
 *
 * Returns: (transfer none) (nullable): the item with @item_id
 */
const LalanLessonItem *
lalan_lesson_step_find_item (const LalanLessonStep *step,
                             const char            *item_id)
{
  return find_item (step->items, item_id);
}

/**
 * lalan_lesson_get_n_items:
 *
 * Returns: how many graded items the lesson has
 */
guint
lalan_lesson_get_n_items (LalanLesson *self)
{
  guint n = 0;

  for (guint i = 0; i < self->steps->len; i++)
    n += ((LalanLessonStep *) g_ptr_array_index (self->steps, i))->items->len;

  return n;
}

static int
compare_codes_cb (gconstpointer a,
                  gconstpointer b)
{
  return lalan_digcomp_compare_codes (*(const char **) a, *(const char **) b);
}

/**
 * lalan_lesson_list_competences:
 *
 * Returns: (transfer full): the competence codes the lesson's items carry,
 *   each once, in DigComp order
 */
char **
lalan_lesson_list_competences (LalanLesson *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; i < self->steps->len; i++)
    {
      LalanLessonStep *step = g_ptr_array_index (self->steps, i);

      for (guint j = 0; j < step->items->len; j++)
        {
          LalanLessonItem *item = g_ptr_array_index (step->items, j);

          if (g_hash_table_add (seen, item->competence))
            g_ptr_array_add (codes, g_strdup (item->competence));
        }
    }

  g_ptr_array_sort (codes, compare_codes_cb);
  g_ptr_array_add (codes, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&codes), FALSE);
}

/**
 * lalan_lesson_get_page_path:
 * @language: (nullable): the language wanted
 *
 * Returns: (transfer none) (nullable): the Markdown file of a page step in
 *   @language, falling back zh_TW → en → another language of the pack
 */
const char *
lalan_lesson_get_page_path (LalanLesson           *self,
                            const LalanLessonStep *step,
                            const char            *language)
{
  g_return_val_if_fail (step->type == LALAN_STEP_PAGE, NULL);
  return lalan_text_lookup_localized (step->pages, language, NULL);
}

/**
 * lalan_lesson_read_page:
 * @language: (nullable): the language wanted
 * @out_language: (out) (optional) (transfer full): the language of the text
 *
 * Returns: (transfer full) (nullable): the Markdown text of a page step
 */
char *
lalan_lesson_read_page (LalanLesson            *self,
                        const LalanLessonStep  *step,
                        const char             *language,
                        char                  **out_language,
                        GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *found = NULL;
  const char *path;
  char *text = NULL;
  gsize length;

  g_return_val_if_fail (step->type == LALAN_STEP_PAGE, NULL);

  path = lalan_text_lookup_localized (step->pages, language, &found);
  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_MISSING_FILE,
                   _("The page %s of the lesson %s cannot be read: %s"),
                   step->id, self->id, local_error->message);
      return NULL;
    }
  if (!g_utf8_validate (text, length, NULL))
    {
      g_free (text);
      g_set_error (error, LALAN_LESSON_ERROR, LALAN_LESSON_ERROR_INVALID,
                   _("The page %s of the lesson %s is not UTF-8 text."), step->id, self->id);
      return NULL;
    }

  if (out_language != NULL)
    *out_language = g_strdup (found);

  return text;
}

/**
 * lalan_lesson_get_narration:
 * @language: (nullable): the language wanted
 *
 * Narration is never taken from another language: a recording in Chinese
 * under Amis text would mislead.
 *
 * Returns: (transfer none) (nullable): the recording for exactly @language
 */
const char *
lalan_lesson_get_narration (LalanLesson           *self,
                            const LalanLessonStep *step,
                            const char            *language)
{
  if (step->narration == NULL || language == NULL)
    return NULL;
  return g_hash_table_lookup (step->narration, language);
}

/**
 * lalan_lesson_resolve_picture:
 * @reference: a path as written in the page, relative to the lesson folder
 *
 * Returns: (transfer full) (nullable): the absolute path of a picture the
 *   page names, or %NULL when it is outside the pack or missing
 */
char *
lalan_lesson_resolve_picture (LalanLesson            *self,
                              const LalanLessonStep  *step,
                              const char             *reference,
                              GError                **error)
{
  ParseContext ctx = { self, NULL, NULL };
  g_autofree char *display = g_strdup_printf ("%s/%s", self->id, step->id);
  char *path;

  ctx.display = display;
  ctx.where = g_strdup (_("the page"));
  path = resolve_file (&ctx, reference, error);
  g_free (ctx.where);

  return path;
}

static int
compare_strings_cb (gconstpointer a,
                    gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/**
 * lalan_lesson_quiz_answer:
 * @chosen: the ids of the chosen choices
 *
 * Returns: (transfer full): the answer as events record it: the ids in
 *   code order, joined by ","
 */
char *
lalan_lesson_quiz_answer (const char * const *chosen)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; chosen != NULL && chosen[i] != NULL; i++)
    g_ptr_array_add (ids, (char *) chosen[i]);
  g_ptr_array_sort (ids, compare_strings_cb);
  g_ptr_array_add (ids, NULL);

  return g_strjoinv (",", (char **) ids->pdata);
}

/**
 * lalan_lesson_grade_quiz:
 * @step: a quiz step
 * @chosen: the ids of the chosen choices
 *
 * Returns: %TRUE when exactly the right choices are chosen
 */
gboolean
lalan_lesson_grade_quiz (const LalanLessonStep *step,
                         const char * const    *chosen)
{
  g_return_val_if_fail (step->type == LALAN_STEP_QUIZ, FALSE);

  for (guint i = 0; i < step->choices->len; i++)
    {
      LalanQuizChoice *choice = g_ptr_array_index (step->choices, i);
      gboolean picked = chosen != NULL && g_strv_contains (chosen, choice->id);

      if (picked != choice->correct)
        return FALSE;
    }

  for (guint i = 0; chosen != NULL && chosen[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < step->choices->len && !known; j++)
        known = g_str_equal (((LalanQuizChoice *) g_ptr_array_index (step->choices, j))->id, chosen[i]);
      if (!known)
        return FALSE;
    }

  return TRUE;
}

/**
 * lalan_lesson_grade_spot:
 * @item: a spot item
 * @tapped: whether the learner tapped it
 *
 * Returns: %TRUE when the learner tapped a suspicious spot, or left a
 *   harmless one alone
 */
gboolean
lalan_lesson_grade_spot (const LalanLessonItem *item,
                         gboolean               tapped)
{
  g_return_val_if_fail (item->kind == LALAN_ITEM_SPOT, FALSE);
  return tapped == item->suspicious;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }
  return TRUE;
}

/**
 * lalan_lesson_grade_field:
 * @item: a field item
 * @answer: (nullable): what the learner typed
 *
 * Returns: %TRUE when @answer is what the field expects
 */
gboolean
lalan_lesson_grade_field (const LalanLessonItem *item,
                          const char            *answer)
{
  g_return_val_if_fail (item->kind == LALAN_ITEM_FIELD, FALSE);

  switch (item->expect)
    {
    case LALAN_FIELD_EXPECT_EMPTY:
      return is_blank (answer);
    case LALAN_FIELD_EXPECT_ANY:
      return !is_blank (answer);
    case LALAN_FIELD_EXPECT_TEXT:
      for (guint i = 0; item->accept[i] != NULL; i++)
        {
          if (lalan_text_answer_equal (answer, item->accept[i]))
            return TRUE;
        }
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

/**
 * lalan_lesson_field_answer:
 * @item: a field item
 * @answer: (nullable): what the learner typed
 *
 * What an event records for a field. A field that should stay empty (a
 * fake form asking for a bank password) or accepts anything may have
 * received something real, so only "filled" or "empty" is kept.
 *
 * Returns: (transfer full): the answer to record
 */
char *
lalan_lesson_field_answer (const LalanLessonItem *item,
                           const char            *answer)
{
  if (item->expect != LALAN_FIELD_EXPECT_TEXT)
    return g_strdup (is_blank (answer) ? "empty" : "filled");
  return lalan_text_answer_key (answer != NULL ? answer : "");
}

/**
 * lalan_step_type_to_string:
 *
 * Returns: (transfer none): "page", "quiz", "scenario" or "practice"
 */
const char *
lalan_step_type_to_string (LalanStepType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (step_type_names), NULL);
  return step_type_names[type];
}
