/* lalan-certificate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-certificate.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

/* A certificate a learner takes home: one A4 page in landscape, drawn
 * with cairo and Pango (so Chinese and Formosan names print as typed),
 * with a woven band top and bottom. Safe to call from a worker thread:
 * it uses its own surface and Pango context. */

#define PAGE_WIDTH  841.89   /* A4 landscape, in points */
#define PAGE_HEIGHT 595.28
#define MARGIN      36.0

static const double ink[] = { 0.11, 0.25, 0.30 };
static const double accent[] = { 0.75, 0.22, 0.17 };
static const double gold[] = { 0.85, 0.62, 0.18 };

static void
draw_band (cairo_t *cr,
           double   y,
           double   height)
{
  double x0 = MARGIN + 14, x1 = PAGE_WIDTH - MARGIN - 14;
  double size = height;

  /* Diamonds in a row, the motif of many Atayal and Truku weavings. */
  for (double x = x0; x + size <= x1; x += size)
    {
      cairo_move_to (cr, x + size / 2, y);
      cairo_line_to (cr, x + size, y + height / 2);
      cairo_line_to (cr, x + size / 2, y + height);
      cairo_line_to (cr, x, y + height / 2);
      cairo_close_path (cr);
      if (((int) ((x - x0) / size)) % 2 == 0)
        cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
      else
        cairo_set_source_rgb (cr, gold[0], gold[1], gold[2]);
      cairo_fill (cr);
    }
}

static double
draw_text (cairo_t              *cr,
           const char           *text,
           const char           *font,
           double                y,
           const double         *colour,
           PangoAlignment        alignment)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);
  int width, height;

  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, (int) ((PAGE_WIDTH - 2 * MARGIN - 80) * PANGO_SCALE));
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &width, &height);

  cairo_set_source_rgb (cr, colour[0], colour[1], colour[2]);
  cairo_move_to (cr, MARGIN + 40, y);
  pango_cairo_show_layout (cr, layout);

  return y + (double) height / PANGO_SCALE;
}

static void
draw_footer (cairo_t    *cr,
             const char *left,
             const char *right)
{
  double y = PAGE_HEIGHT - MARGIN - 78;

  if (left != NULL)
    draw_text (cr, left, "Sans 12", y, ink, PANGO_ALIGN_LEFT);
  if (right != NULL)
    draw_text (cr, right, "Sans 12", y, ink, PANGO_ALIGN_RIGHT);
}

/**
 * lalan_certificate_write_pdf:
 * @certificate: what to print
 * @path: the PDF file to write
 * @error: a location for a #GError
 *
 * Returns: %TRUE when the PDF was written
 */
gboolean
lalan_certificate_write_pdf (const LalanCertificate  *certificate,
                             const char              *path,
                             GError                 **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autofree char *date = NULL;
  g_autofree char *date_line = NULL;
  g_autofree char *centre_line = NULL;
  g_autofree char *title = NULL;
  double y;

  g_return_val_if_fail (certificate != NULL && certificate->learner != NULL && certificate->lesson != NULL, FALSE);
  g_return_val_if_fail (certificate->date != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  title = g_strdup_printf ("%s — %s", certificate->learner, certificate->lesson);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Lalan");
  cr = cairo_create (surface);

  /* Frame */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, ink[0], ink[1], ink[2]);
  cairo_set_line_width (cr, 3);
  cairo_rectangle (cr, MARGIN, MARGIN, PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, MARGIN + 7, MARGIN + 7, PAGE_WIDTH - 2 * MARGIN - 14, PAGE_HEIGHT - 2 * MARGIN - 14);
  cairo_stroke (cr);
  draw_band (cr, MARGIN + 14, 16);
  draw_band (cr, PAGE_HEIGHT - MARGIN - 30, 16);

  /* Text */
  y = MARGIN + 52;
  y = draw_text (cr, _("Certificate"), "Serif Bold 34", y, ink, PANGO_ALIGN_CENTER);
  y = draw_text (cr, _("This certifies that"), "Sans 14", y + 14, ink, PANGO_ALIGN_CENTER);
  y = draw_text (cr, certificate->learner, "Sans Bold 30", y + 8, accent, PANGO_ALIGN_CENTER);
  y = draw_text (cr,
                 certificate->mastered ? _("has mastered the lesson") : _("has completed the lesson"),
                 "Sans 14", y + 8, ink, PANGO_ALIGN_CENTER);
  y = draw_text (cr, certificate->lesson, "Sans Bold 22", y + 6, ink, PANGO_ALIGN_CENTER);
  if (certificate->pack != NULL)
    y = draw_text (cr, certificate->pack, "Sans 12", y + 2, ink, PANGO_ALIGN_CENTER);

  if (certificate->competences != NULL && certificate->competences[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv ("\n", (char **) certificate->competences);

      y = draw_text (cr, _("Digital competences (DigComp 2.2):"), "Sans Bold 11", y + 16, ink, PANGO_ALIGN_CENTER);
      draw_text (cr, joined, "Sans 11", y + 2, ink, PANGO_ALIGN_CENTER);
    }

  date = g_date_time_format (certificate->date, "%Y-%m-%d");
  /* Translators: on a certificate; %s is a date such as 2026-11-28 */
  date_line = g_strdup_printf (_("Date: %s"), date);
  if (certificate->centre != NULL && *certificate->centre != '\0')
    /* Translators: on a certificate; %s is the learning centre's name */
    centre_line = g_strdup_printf (_("Learning centre: %s"), certificate->centre);
  draw_footer (cr, date_line, centre_line);

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s is a file name */
                   _("The certificate could not be written to %s. Choose another folder, such as your Documents."),
                   path);
      return FALSE;
    }

  return TRUE;
}
