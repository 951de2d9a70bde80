/* lalan-markdown.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lalan-lesson.h"

G_BEGIN_DECLS

/**
 * LalanMdBlockType:
 * @LALAN_MD_PARAGRAPH: a paragraph (or a code block, as one code span)
 * @LALAN_MD_HEADING: a heading; @level is 1 to 6
 * @LALAN_MD_LIST_ITEM: a list item; @level is its depth from 1
 * @LALAN_MD_IMAGE: a picture on its own line
 * @LALAN_MD_RULE: a horizontal rule
 *
 * The few kinds of block a lesson page is made of.
 */
typedef enum
{
  LALAN_MD_PARAGRAPH,
  LALAN_MD_HEADING,
  LALAN_MD_LIST_ITEM,
  LALAN_MD_IMAGE,
  LALAN_MD_RULE,
} LalanMdBlockType;

typedef enum
{
  LALAN_MD_SPAN_PLAIN    = 0,
  LALAN_MD_SPAN_EMPHASIS = 1 << 0,
  LALAN_MD_SPAN_STRONG   = 1 << 1,
  LALAN_MD_SPAN_CODE     = 1 << 2,
  LALAN_MD_SPAN_LINK     = 1 << 3,
} LalanMdSpanFlags;

/**
 * LalanMdSpan:
 * @text: the text of a run with the same style
 * @flags: its style
 * @href: (nullable): the link target, for a link
 */
typedef struct
{
  char             *text;
  LalanMdSpanFlags  flags;
  char             *href;
} LalanMdSpan;

/**
 * LalanMdBlock:
 * @type: the kind of block
 * @level: heading level, or list depth (1 for a top list)
 * @ordered: for a list item, whether the list is numbered
 * @number: for an item of a numbered list, its number
 * @quote: whether the block is inside a block quote
 * @spans: (element-type LalanMdSpan): the text runs
 * @src: (nullable): for an image, the path as the page writes it
 * @path: (nullable): for an image, the absolute path of the file, or %NULL
 *   when it is missing or outside the pack
 * @alt: (nullable): for an image, the text describing it
 */
typedef struct
{
  LalanMdBlockType  type;
  int               level;
  gboolean          ordered;
  int               number;
  gboolean          quote;
  GPtrArray        *spans;
  char             *src;
  char             *path;
  char             *alt;
} LalanMdBlock;

/**
 * LalanMdResolveFunc:
 * @src: an image reference as written
 * @user_data: the data given with the function
 *
 * Returns: (transfer full) (nullable): the absolute path, or %NULL
 */
typedef char *(*LalanMdResolveFunc) (const char *src,
                                     gpointer    user_data);

GPtrArray *lalan_markdown_parse            (const char             *text,
                                            gsize                   length,
                                            LalanMdResolveFunc      resolve,
                                            gpointer                user_data);
GPtrArray *lalan_lesson_get_page_blocks    (LalanLesson            *lesson,
                                            const LalanLessonStep  *step,
                                            const char             *language,
                                            char                  **out_language,
                                            GError                **error);
char      *lalan_markdown_block_get_text   (const LalanMdBlock     *block);

G_END_DECLS
