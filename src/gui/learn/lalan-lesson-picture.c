/* lalan-lesson-picture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-lesson-picture.h"

#include "lalan-learners.h"

#include <glib/gi18n.h>
#include <libxml/xmlreader.h>

/* Pictures of lesson pages, quizzes and mock screens. They are read and
 * rasterised on a worker thread, so a page appears at once and its
 * pictures a moment later. SVG is rasterised at twice its own size: sharp
 * on a high-density screen and when the window makes it larger. The
 * picture then scales with the window, never wider than 1.5 times its own
 * size (a small icon is not blown up to fill the page) nor than the
 * caller's maximum. */

#define RASTER_SCALE 2
#define MAX_RASTER_WIDTH 2000

typedef struct
{
  GdkTexture *texture;
  int         width;
  int         height;
} LoadedPicture;

static void
loaded_picture_free (LoadedPicture *loaded)
{
  g_clear_object (&loaded->texture);
  g_free (loaded);
}

/* An SVG that gives neither a size nor a viewBox has no size at all; the
 * SVG loader of gdk-pixbuf then fails an assertion. Packs are hostile
 * until checked: read the root element's attributes, without network,
 * DTD or entity expansion, and leave such a picture out. */
static gboolean
svg_has_size (const char *path)
{
  xmlTextReaderPtr reader;
  gboolean sized = FALSE;

  reader = xmlReaderForFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (reader == NULL)
    return FALSE;

  while (xmlTextReaderRead (reader) == 1)
    {
      if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT)
        {
          xmlChar *width = xmlTextReaderGetAttribute (reader, (const xmlChar *) "width");
          xmlChar *height = xmlTextReaderGetAttribute (reader, (const xmlChar *) "height");
          xmlChar *view_box = xmlTextReaderGetAttribute (reader, (const xmlChar *) "viewBox");

          sized = (width != NULL && height != NULL) || view_box != NULL;
          xmlFree (width);
          xmlFree (height);
          xmlFree (view_box);
          break;
        }
    }

  xmlFreeTextReader (reader);
  return sized;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  LoadedPicture *loaded;
  int width = 0, height = 0;

  if (g_str_has_suffix (path, ".svg") && !svg_has_size (path))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "an SVG without a size");
      return;
    }

  if (gdk_pixbuf_get_file_info (path, &width, &height) == NULL || width <= 0 || height <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a picture");
      return;
    }

  pixbuf = gdk_pixbuf_new_from_file_at_scale (path,
                                              MIN (width * RASTER_SCALE, MAX_RASTER_WIDTH),
                                              -1, TRUE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  loaded = g_new0 (LoadedPicture, 1);
  loaded->texture = gdk_texture_new_for_pixbuf (pixbuf);
  loaded->width = width;
  loaded->height = height;
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_picture_free);
}

static void
show_alt_text (AdwClamp   *clamp,
               const char *alt)
{
  GtkWidget *label;

  if (alt == NULL || *alt == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (clamp), FALSE);
      return;
    }

  /* A picture that cannot be shown still tells what it showed. */
  label = gtk_label_new (alt);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "lalan-picture-missing");
  adw_clamp_set_child (clamp, label);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(AdwClamp) clamp = user_data;
  g_autoptr(GError) error = NULL;
  LoadedPicture *loaded;
  GtkWidget *picture;
  int max_width;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_alt_text (clamp, g_object_get_data (G_OBJECT (clamp), "alt"));
      return;
    }

  picture = adw_clamp_get_child (clamp);
  gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (loaded->texture));

  max_width = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (clamp), "max-width"));
  adw_clamp_set_maximum_size (clamp, MIN (max_width, loaded->width * 3 / 2));
  adw_clamp_set_tightening_threshold (clamp, MIN (max_width, loaded->width * 3 / 2));

  loaded_picture_free (loaded);
}

/**
 * lalan_lesson_picture_new:
 * @path: (nullable): the picture's file, or %NULL when it is missing
 * @alt: (nullable): what the picture shows, for those who cannot see it
 * @max_width: the widest the picture may grow
 * @cancellable: (nullable): cancels the loading
 *
 * Returns: (transfer floating): a widget showing the picture once loaded,
 *   or @alt when it cannot be
 */
GtkWidget *
lalan_lesson_picture_new (const char   *path,
                          const char   *alt,
                          int           max_width,
                          GCancellable *cancellable)
{
  AdwClamp *clamp = ADW_CLAMP (adw_clamp_new ());
  GtkWidget *picture = gtk_picture_new ();
  g_autoptr(GTask) task = NULL;

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  if (alt != NULL)
    gtk_picture_set_alternative_text (GTK_PICTURE (picture), alt);
  adw_clamp_set_child (clamp, picture);
  adw_clamp_set_maximum_size (clamp, max_width);
  gtk_widget_add_css_class (GTK_WIDGET (clamp), "lalan-lesson-picture");
  g_object_set_data_full (G_OBJECT (clamp), "alt", g_strdup (alt), g_free);
  g_object_set_data (G_OBJECT (clamp), "max-width", GINT_TO_POINTER (max_width));

  if (path == NULL)
    {
      show_alt_text (clamp, alt);
      return GTK_WIDGET (clamp);
    }

  task = g_task_new (NULL, cancellable, load_cb, g_object_ref (clamp));
  g_task_set_source_tag (task, lalan_lesson_picture_new);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_thread);

  return GTK_WIDGET (clamp);
}

/**
 * lalan_avatar_picture_new:
 * @avatar: (nullable): an avatar id, or %NULL for the guest's
 * @size: the size in pixels
 *
 * Returns: (transfer floating): the avatar's picture; decorative, its
 *   name is said by the button around it
 */
GtkWidget *
lalan_avatar_picture_new (const char *avatar,
                          int         size)
{
  g_autofree char *resource = lalan_avatar_get_resource (avatar != NULL ? avatar : LALAN_GUEST_AVATAR);
  GtkWidget *image = gtk_image_new_from_resource (resource);

  gtk_image_set_pixel_size (GTK_IMAGE (image), size);
  gtk_widget_add_css_class (image, "lalan-avatar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                  -1);
  return image;
}

/* The avatars' names, for screen readers and for people choosing one. */
static const struct
{
  const char *id;
  const char *name;
} avatar_names[] = {
  { "bear", NC_("avatar", "Formosan black bear") },
  { "magpie", NC_("avatar", "Taiwan blue magpie") },
  { "deer", NC_("avatar", "Sika deer") },
  { "boar", NC_("avatar", "Wild boar") },
  { "flying-fish", NC_("avatar", "Flying fish") },
  { "leopard-cat", NC_("avatar", "Leopard cat") },
  { "butterfly", NC_("avatar", "Butterfly") },
  { "turtle", NC_("avatar", "Sea turtle") },
  { "millet", NC_("avatar", "Millet") },
  { "sun", NC_("avatar", "Sun") },
  { "moon", NC_("avatar", "Moon") },
  { "mountain", NC_("avatar", "Mountain") },
  { "guest", NC_("avatar", "Guest") },
};

/**
 * lalan_avatar_get_name:
 * @avatar: an avatar id
 *
 * Returns: (transfer none): what the avatar shows, translated
 */
const char *
lalan_avatar_get_name (const char *avatar)
{
  for (guint i = 0; i < G_N_ELEMENTS (avatar_names); i++)
    {
      if (g_strcmp0 (avatar_names[i].id, avatar) == 0)
        return g_dpgettext2 (NULL, "avatar", avatar_names[i].name);
    }

  return _("Picture");
}
