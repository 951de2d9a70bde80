/* lalan-form-view-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-form-view.h"

#include "lalan-draft-saver.h"
#include "lalan-form-control.h"

G_BEGIN_DECLS

struct _LalanFormView
{
  GtkWidget          parent_instance;

  /* template children */
  GtkLabel          *title_label;
  GtkLabel          *status_label;
  GtkDropDown       *language_drop_down;
  GtkToggleButton   *sections_button;
  GtkMenuButton     *menu_button;
  GtkProgressBar    *progress_bar;
  GtkRevealer       *banner;
  GtkLabel          *banner_label;
  GtkButton         *banner_button;
  AdwFlap           *flap;
  GtkListBox        *sections_list;
  GtkStack          *content_stack;
  GtkScrolledWindow *page_scroller;
  GtkBox            *page_box;
  GtkLabel          *problems_title;
  GtkListBox        *problems_list;
  GtkLabel          *page_label;
  GtkButton         *previous_button;
  GtkButton         *next_button;
  GtkButton         *finish_button;
  GtkSpinner        *spinner;

  /* owned */
  LalanStore        *store;
  LalanFormSession  *session;
  LalanDraftSaver   *saver;
  LalanRecord       *record;
  LalanFormControl  *page;
  GPtrArray         *questions;      /* LalanQuestionWidget on the page, borrowed */
  GPtrArray         *violations;     /* LalanFormViolation, the last check */
  GCancellable      *cancellable;
  GStrv              languages;
  char              *focus_path;

  gulong             changed_handler;
  guint              refresh_idle;
  gboolean           read_only;
  gboolean           show_problems;
  gboolean           accepts_measurement;
  gboolean           disposed;
  gboolean           syncing_language;
};

/* lalan-form-view-page.c */
GPtrArray *lalan_form_view_list_pages     (LalanFormView    *self,
                                           gboolean          relevant_only);
gboolean   lalan_form_view_page_relevant  (LalanFormControl *page);
char      *lalan_form_view_page_title     (LalanFormControl *page);
void       lalan_form_view_render_page    (LalanFormView    *self);
void       lalan_form_view_update_sections (LalanFormView   *self);
void       lalan_form_view_next_question  (LalanFormView    *self,
                                           GtkWidget        *from);

/* lalan-form-view.c */
void       lalan_form_view_show_page      (LalanFormView    *self,
                                           LalanFormControl *page,
                                           gboolean          focus);
void       lalan_form_view_show_message   (LalanFormView    *self,
                                           const char       *message);

G_END_DECLS
