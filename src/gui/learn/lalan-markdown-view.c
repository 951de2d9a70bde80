/* lalan-markdown-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-markdown-view.h"

#include "lalan-lesson-picture.h"
#include "lalan-markdown.h"

/* A lesson page: the blocks lalan_markdown_parse() makes (md4c underneath)
 * as GTK widgets. Text is in labels sized in em, so it follows the app's
 * text-size setting; pictures scale with the window. Labels are not
 * selectable: a keyboard user's Tab goes from control to control, not
 * through every paragraph. */

#define PICTURE_MAX_WIDTH 720

struct _LalanMarkdownView
{
  GtkWidget     parent_instance;

  /* owned */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (LalanMarkdownView, lalan_markdown_view, GTK_TYPE_WIDGET)

/**
 * lalan_markdown_spans_to_markup:
 * @spans: (element-type LalanMdSpan): runs of text
 *
 * Returns: (transfer full): Pango markup for the runs
 */
char *
lalan_markdown_spans_to_markup (GPtrArray *spans)
{
  GString *markup = g_string_new (NULL);

  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      const LalanMdSpan *span = g_ptr_array_index (spans, i);
      g_autofree char *escaped = g_markup_escape_text (span->text, -1);

      if (span->flags & LALAN_MD_SPAN_STRONG)
        g_string_append (markup, "<b>");
      if (span->flags & LALAN_MD_SPAN_EMPHASIS)
        g_string_append (markup, "<i>");
      if (span->flags & LALAN_MD_SPAN_CODE)
        g_string_append (markup, "<tt>");
      if (span->flags & LALAN_MD_SPAN_LINK)
        g_string_append (markup, "<u>");

      g_string_append (markup, escaped);

      if (span->flags & LALAN_MD_SPAN_LINK)
        g_string_append (markup, "</u>");
      if (span->flags & LALAN_MD_SPAN_CODE)
        g_string_append (markup, "</tt>");
      if (span->flags & LALAN_MD_SPAN_EMPHASIS)
        g_string_append (markup, "</i>");
      if (span->flags & LALAN_MD_SPAN_STRONG)
        g_string_append (markup, "</b>");
    }

  return g_string_free (markup, FALSE);
}

static GtkWidget *
make_text_label (const LalanMdBlock *block,
                 GtkAccessibleRole   role)
{
  g_autofree char *markup = lalan_markdown_spans_to_markup (block->spans);
  GtkWidget *label;

  label = g_object_new (GTK_TYPE_LABEL,
                        "accessible-role", role,
                        "use-markup", TRUE,
                        "label", markup,
                        "wrap", TRUE,
                        "xalign", 0.0f,
                        "halign", GTK_ALIGN_FILL,
                        NULL);
  return label;
}

static GtkWidget *
make_heading (const LalanMdBlock *block)
{
  static const char *classes[] = { "title-1", "title-2", "title-3", "title-4" };
  GtkWidget *label = make_text_label (block, GTK_ACCESSIBLE_ROLE_HEADING);
  int level = CLAMP (block->level, 1, 4);

  gtk_widget_add_css_class (label, classes[level - 1]);
  gtk_widget_add_css_class (label, "lalan-page-heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, level,
                                  -1);
  return label;
}

static GtkWidget *
make_list_item (const LalanMdBlock *block)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *marker_text = NULL;
  GtkWidget *marker;
  GtkWidget *text;

  if (block->ordered)
    marker_text = g_strdup_printf ("%d.", block->number);
  else
    marker_text = g_strdup (block->level > 1 ? "◦" : "•");

  marker = gtk_label_new (marker_text);
  gtk_label_set_xalign (GTK_LABEL (marker), 1.0f);
  gtk_label_set_yalign (GTK_LABEL (marker), 0.0f);
  gtk_widget_add_css_class (marker, "lalan-list-marker");
  gtk_widget_add_css_class (marker, "lalan-page-text");
  gtk_widget_set_valign (marker, GTK_ALIGN_START);

  text = make_text_label (block, GTK_ACCESSIBLE_ROLE_LABEL);
  gtk_widget_add_css_class (text, "lalan-page-text");
  gtk_widget_set_hexpand (text, TRUE);

  gtk_box_append (GTK_BOX (box), marker);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_margin_start (box, 12 + 28 * (MAX (block->level, 1) - 1));
  gtk_widget_add_css_class (box, "lalan-list-item");

  return box;
}

static GtkWidget *
make_block (LalanMarkdownView  *self,
            const LalanMdBlock *block)
{
  GtkWidget *widget = NULL;

  switch (block->type)
    {
    case LALAN_MD_HEADING:
      widget = make_heading (block);
      break;

    case LALAN_MD_PARAGRAPH:
      widget = make_text_label (block, GTK_ACCESSIBLE_ROLE_LABEL);
      gtk_widget_add_css_class (widget, "lalan-page-text");
      break;

    case LALAN_MD_LIST_ITEM:
      widget = make_list_item (block);
      break;

    case LALAN_MD_IMAGE:
      widget = lalan_lesson_picture_new (block->path, block->alt, PICTURE_MAX_WIDTH, self->cancellable);
      break;

    case LALAN_MD_RULE:
      widget = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  if (block->quote)
    gtk_widget_add_css_class (widget, "lalan-quote");

  return widget;
}

static void
remove_children (LalanMarkdownView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

static void
lalan_markdown_view_dispose (GObject *object)
{
  LalanMarkdownView *self = (LalanMarkdownView *) object;

  g_cancellable_cancel (self->cancellable);
  remove_children (self);

  G_OBJECT_CLASS (lalan_markdown_view_parent_class)->dispose (object);
}

static void
lalan_markdown_view_finalize (GObject *object)
{
  LalanMarkdownView *self = (LalanMarkdownView *) object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lalan_markdown_view_parent_class)->finalize (object);
}

static void
lalan_markdown_view_class_init (LalanMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_markdown_view_dispose;
  object_class->finalize = lalan_markdown_view_finalize;

  gtk_widget_class_set_css_name (widget_class, "lalan-page");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lalan_markdown_view_init (LalanMarkdownView *self)
{
  GtkLayoutManager *layout = gtk_box_layout_new (GTK_ORIENTATION_VERTICAL);

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 18);
  gtk_widget_set_layout_manager (GTK_WIDGET (self), layout);
  self->cancellable = g_cancellable_new ();
}

/**
 * lalan_markdown_view_new:
 *
 * Returns: (transfer floating): an empty page
 */
GtkWidget *
lalan_markdown_view_new (void)
{
  return g_object_new (LALAN_TYPE_MARKDOWN_VIEW, NULL);
}

/**
 * lalan_markdown_view_set_blocks:
 * @blocks: (element-type LalanMdBlock): the page, from lalan_markdown_parse()
 *
 * Shows the blocks in place of what was shown.
 */
void
lalan_markdown_view_set_blocks (LalanMarkdownView *self,
                                GPtrArray         *blocks)
{
  GtkWidget *list = NULL;

  g_return_if_fail (LALAN_IS_MARKDOWN_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  remove_children (self);

  for (guint i = 0; blocks != NULL && i < blocks->len; i++)
    {
      const LalanMdBlock *block = g_ptr_array_index (blocks, i);
      GtkWidget *widget = make_block (self, block);

      if (widget == NULL)
        continue;

      /* The items of a list sit closer together than paragraphs. */
      if (block->type == LALAN_MD_LIST_ITEM)
        {
          if (list == NULL)
            {
              list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
              gtk_widget_set_parent (list, GTK_WIDGET (self));
            }
          gtk_box_append (GTK_BOX (list), widget);
          continue;
        }

      list = NULL;
      gtk_widget_set_parent (widget, GTK_WIDGET (self));
    }
}
