/* lalan-markdown.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-markdown.h"

#include <md4c.h>
#include <string.h>

/* md4c walks the Markdown and calls back; we flatten what it reports into
 * the few blocks a lesson page needs, so the GUI turns each into one
 * widget and never sees md4c. Raw HTML is shown as text (MD_FLAG_NOHTML):
 * a page is content, not code. */

typedef struct
{
  GPtrArray          *blocks;
  LalanMdBlock       *current;
  GArray             *lists;        /* ListState */
  int                 quote_depth;
  LalanMdSpanFlags    flags;
  char               *href;
  LalanMdBlock       *image;        /* collecting alt text */
  int                 image_depth;
  LalanMdBlockType    resume_type;  /* after an inline picture */
  int                 resume_level;
  LalanMdResolveFunc  resolve;
  gpointer            user_data;
} Builder;

typedef struct
{
  gboolean ordered;
  int      next_number;
} ListState;

static void
span_free (LalanMdSpan *span)
{
  g_free (span->text);
  g_free (span->href);
  g_free (span);
}

static void
block_free (LalanMdBlock *block)
{
  g_clear_pointer (&block->spans, g_ptr_array_unref);
  g_free (block->src);
  g_free (block->path);
  g_free (block->alt);
  g_free (block);
}

static LalanMdBlock *
start_block (Builder          *builder,
             LalanMdBlockType  type,
             int               level)
{
  LalanMdBlock *block = g_new0 (LalanMdBlock, 1);

  block->type = type;
  block->level = level;
  block->quote = builder->quote_depth > 0;
  block->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) span_free);
  g_ptr_array_add (builder->blocks, block);
  builder->current = block;

  return block;
}

static gboolean
block_is_blank (LalanMdBlock *block)
{
  for (guint i = 0; i < block->spans->len; i++)
    {
      LalanMdSpan *span = g_ptr_array_index (block->spans, i);

      for (const char *p = span->text; *p != '\0'; p = g_utf8_next_char (p))
        {
          if (!g_unichar_isspace (g_utf8_get_char (p)))
            return FALSE;
        }
    }
  return TRUE;
}

/* A paragraph that held only a picture leaves an empty block behind. */
static void
end_block (Builder *builder)
{
  LalanMdBlock *block = builder->current;

  builder->current = NULL;
  if (block == NULL || block->type == LALAN_MD_IMAGE || block->type == LALAN_MD_RULE)
    return;
  if (block_is_blank (block) && block->type != LALAN_MD_LIST_ITEM)
    g_ptr_array_remove (builder->blocks, block);
}

static void
append_text (Builder    *builder,
             const char *text,
             gsize       size)
{
  LalanMdSpan *last;

  if (builder->image != NULL)
    {
      char *alt = g_strdup_printf ("%s%.*s", builder->image->alt ? builder->image->alt : "",
                                   (int) size, text);

      g_free (builder->image->alt);
      builder->image->alt = alt;
      return;
    }

  if (builder->current == NULL)
    {
      LalanMdBlock *block = start_block (builder, builder->resume_type, builder->resume_level);

      if (block->type == LALAN_MD_LIST_ITEM)
        block->type = LALAN_MD_PARAGRAPH;
    }

  last = builder->current->spans->len > 0 ?
         g_ptr_array_index (builder->current->spans, builder->current->spans->len - 1) : NULL;
  if (last != NULL && last->flags == builder->flags && g_strcmp0 (last->href, builder->href) == 0)
    {
      char *joined = g_strdup_printf ("%s%.*s", last->text, (int) size, text);

      g_free (last->text);
      last->text = joined;
      return;
    }

  last = g_new0 (LalanMdSpan, 1);
  last->text = g_strndup (text, size);
  last->flags = builder->flags;
  last->href = g_strdup (builder->href);
  g_ptr_array_add (builder->current->spans, last);
}

/* md4c leaves entities to the renderer. */
static void
append_entity (Builder    *builder,
               const char *text,
               gsize       size)
{
  static const struct { const char *name; const char *text; } named[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
    { "&apos;", "'" }, { "&nbsp;", "\xc2\xa0" }, { "&copy;", "\xc2\xa9" },
  };
  g_autofree char *entity = g_strndup (text, size);
  char utf8[8];
  gunichar c = 0;

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      if (g_str_equal (entity, named[i].name))
        {
          append_text (builder, named[i].text, strlen (named[i].text));
          return;
        }
    }

  if (size > 3 && entity[1] == '#')
    {
      if (entity[2] == 'x' || entity[2] == 'X')
        c = (gunichar) g_ascii_strtoull (entity + 3, NULL, 16);
      else
        c = (gunichar) g_ascii_strtoull (entity + 2, NULL, 10);
    }

  if (c != 0 && g_unichar_validate (c))
    append_text (builder, utf8, g_unichar_to_utf8 (c, utf8));
  else
    append_text (builder, text, size);
}

static char *
attribute_to_string (const MD_ATTRIBUTE *attribute)
{
  return g_strndup (attribute->text, attribute->size);
}

static int
enter_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Builder *builder = user_data;
  ListState list = { 0 };
  LalanMdBlock *block;

  switch (type)
    {
    case MD_BLOCK_QUOTE:
      builder->quote_depth++;
      break;

    case MD_BLOCK_UL:
      list.ordered = FALSE;
      g_array_append_val (builder->lists, list);
      break;

    case MD_BLOCK_OL:
      list.ordered = TRUE;
      list.next_number = (int) ((MD_BLOCK_OL_DETAIL *) detail)->start;
      g_array_append_val (builder->lists, list);
      break;

    case MD_BLOCK_LI:
      {
        ListState *state = &g_array_index (builder->lists, ListState, builder->lists->len - 1);

        end_block (builder);
        block = start_block (builder, LALAN_MD_LIST_ITEM, (int) builder->lists->len);
        block->ordered = state->ordered;
        if (state->ordered)
          block->number = state->next_number++;
      }
      break;

    case MD_BLOCK_H:
      end_block (builder);
      start_block (builder, LALAN_MD_HEADING, (int) ((MD_BLOCK_H_DETAIL *) detail)->level);
      break;

    case MD_BLOCK_P:
      /* The first paragraph of a loose list item is the item's text. */
      if (builder->current != NULL && builder->current->type == LALAN_MD_LIST_ITEM &&
          builder->current->spans->len == 0)
        break;
      end_block (builder);
      start_block (builder, LALAN_MD_PARAGRAPH, 0);
      break;

    case MD_BLOCK_CODE:
      end_block (builder);
      start_block (builder, LALAN_MD_PARAGRAPH, 0);
      builder->flags |= LALAN_MD_SPAN_CODE;
      break;

    case MD_BLOCK_HR:
      end_block (builder);
      start_block (builder, LALAN_MD_RULE, 0);
      builder->current = NULL;
      break;

    case MD_BLOCK_DOC:
    case MD_BLOCK_HTML:
    case MD_BLOCK_TABLE:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_TR:
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
    default:
      break;
    }

  if (builder->current != NULL)
    {
      builder->resume_type = builder->current->type;
      builder->resume_level = builder->current->level;
    }

  return 0;
}

static int
leave_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Builder *builder = user_data;

  switch (type)
    {
    case MD_BLOCK_QUOTE:
      end_block (builder);
      builder->quote_depth--;
      break;

    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      end_block (builder);
      g_array_set_size (builder->lists, builder->lists->len - 1);
      break;

    case MD_BLOCK_CODE:
      builder->flags &= ~LALAN_MD_SPAN_CODE;
      end_block (builder);
      break;

    case MD_BLOCK_LI:
    case MD_BLOCK_H:
    case MD_BLOCK_P:
      end_block (builder);
      break;

    default:
      break;
    }

  builder->resume_type = LALAN_MD_PARAGRAPH;
  builder->resume_level = 0;

  return 0;
}

static int
enter_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Builder *builder = user_data;

  if (builder->image != NULL)
    {
      if (type == MD_SPAN_IMG)
        builder->image_depth++;
      return 0;
    }

  switch (type)
    {
    case MD_SPAN_EM:
      builder->flags |= LALAN_MD_SPAN_EMPHASIS;
      break;
    case MD_SPAN_STRONG:
      builder->flags |= LALAN_MD_SPAN_STRONG;
      break;
    case MD_SPAN_CODE:
      builder->flags |= LALAN_MD_SPAN_CODE;
      break;
    case MD_SPAN_A:
      builder->flags |= LALAN_MD_SPAN_LINK;
      g_free (builder->href);
      builder->href = attribute_to_string (&((MD_SPAN_A_DETAIL *) detail)->href);
      break;
    case MD_SPAN_IMG:
      {
        LalanMdBlock *block;

        if (builder->current != NULL)
          {
            builder->resume_type = builder->current->type;
            builder->resume_level = builder->current->level;
          }
        end_block (builder);
        block = start_block (builder, LALAN_MD_IMAGE, 0);
        block->src = attribute_to_string (&((MD_SPAN_IMG_DETAIL *) detail)->src);
        if (builder->resolve != NULL)
          block->path = builder->resolve (block->src, builder->user_data);
        builder->image = block;
        builder->image_depth = 1;
        builder->current = NULL;
      }
      break;
    default:
      break;
    }

  return 0;
}

static int
leave_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Builder *builder = user_data;

  if (builder->image != NULL)
    {
      if (type == MD_SPAN_IMG && --builder->image_depth == 0)
        builder->image = NULL;
      return 0;
    }

  switch (type)
    {
    case MD_SPAN_EM:
      builder->flags &= ~LALAN_MD_SPAN_EMPHASIS;
      break;
    case MD_SPAN_STRONG:
      builder->flags &= ~LALAN_MD_SPAN_STRONG;
      break;
    case MD_SPAN_CODE:
      builder->flags &= ~LALAN_MD_SPAN_CODE;
      break;
    case MD_SPAN_A:
      builder->flags &= ~LALAN_MD_SPAN_LINK;
      g_clear_pointer (&builder->href, g_free);
      break;
    default:
      break;
    }

  return 0;
}

static int
text_cb (MD_TEXTTYPE     type,
         const MD_CHAR  *text,
         MD_SIZE         size,
         void           *user_data)
{
  Builder *builder = user_data;

  switch (type)
    {
    case MD_TEXT_NULLCHAR:
      append_text (builder, "\xef\xbf\xbd", 3);
      break;
    case MD_TEXT_BR:
      append_text (builder, "\n", 1);
      break;
    case MD_TEXT_SOFTBR:
      append_text (builder, " ", 1);
      break;
    case MD_TEXT_ENTITY:
      append_entity (builder, text, size);
      break;
    case MD_TEXT_NORMAL:
    case MD_TEXT_CODE:
    case MD_TEXT_HTML:
    case MD_TEXT_LATEXMATH:
    default:
      append_text (builder, text, size);
      break;
    }

  return 0;
}

/**
 * lalan_markdown_parse:
 * @text: Markdown (CommonMark) text
 * @length: its length, or -1 if nul-terminated
 * @resolve: (nullable) (scope call): turns a picture reference into a path
 * @user_data: data for @resolve
 *
 * Returns: (transfer container) (element-type LalanMdBlock): the blocks of
 *   the page in order
 */
GPtrArray *
lalan_markdown_parse (const char         *text,
                      gsize               length,
                      LalanMdResolveFunc  resolve,
                      gpointer            user_data)
{
  MD_PARSER parser = {
    .abi_version = 0,
    .flags = MD_FLAG_NOHTML,
    .enter_block = enter_block_cb,
    .leave_block = leave_block_cb,
    .enter_span = enter_span_cb,
    .leave_span = leave_span_cb,
    .text = text_cb,
  };
  Builder builder = { 0 };

  g_return_val_if_fail (text != NULL, NULL);

  if (length == (gsize) -1)
    length = strlen (text);

  builder.blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  builder.lists = g_array_new (FALSE, TRUE, sizeof (ListState));
  builder.resume_type = LALAN_MD_PARAGRAPH;
  builder.resolve = resolve;
  builder.user_data = user_data;

  md_parse (text, (MD_SIZE) length, &parser, &builder);
  end_block (&builder);

  g_array_unref (builder.lists);
  g_free (builder.href);

  return builder.blocks;
}

typedef struct
{
  LalanLesson           *lesson;
  const LalanLessonStep *step;
} ResolveData;

static char *
resolve_picture_cb (const char *src,
                    gpointer    user_data)
{
  ResolveData *data = user_data;

  return lalan_lesson_resolve_picture (data->lesson, data->step, src, NULL);
}

/**
 * lalan_lesson_get_page_blocks:
 * @lesson: a lesson
 * @step: one of its page steps
 * @language: (nullable): the language wanted
 * @out_language: (out) (optional) (transfer full): the language found
 * @error: a location for a #GError
 *
 * Reads the page in @language (with fallback) and parses it, with the
 * pictures resolved inside the pack.
 *
 * Returns: (transfer container) (element-type LalanMdBlock) (nullable):
 *   the blocks
 */
GPtrArray *
lalan_lesson_get_page_blocks (LalanLesson            *lesson,
                              const LalanLessonStep  *step,
                              const char             *language,
                              char                  **out_language,
                              GError                **error)
{
  g_autofree char *text = NULL;
  ResolveData data = { lesson, step };

  text = lalan_lesson_read_page (lesson, step, language, out_language, error);
  if (text == NULL)
    return NULL;

  return lalan_markdown_parse (text, -1, resolve_picture_cb, &data);
}

/**
 * lalan_markdown_block_get_text:
 *
 * Returns: (transfer full): the block's text without styles
 */
char *
lalan_markdown_block_get_text (const LalanMdBlock *block)
{
  GString *text = g_string_new (NULL);

  if (block->type == LALAN_MD_IMAGE)
    return g_strdup (block->alt ? block->alt : "");

  for (guint i = 0; block->spans != NULL && i < block->spans->len; i++)
    g_string_append (text, ((LalanMdSpan *) g_ptr_array_index (block->spans, i))->text);

  return g_string_free (text, FALSE);
}
