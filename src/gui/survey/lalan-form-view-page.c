/* lalan-form-view-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-view-private.h"

#include "lalan-form-markdown.h"
#include "lalan-survey-a11y.h"

#include <glib/gi18n.h>

/* What a page of a record shows, and the list of pages. The engine's pages
 * are a question outside field-list groups, a field-list group, or an
 * instance of a field-list repeat; after the instances of a repeat the
 * person can add comes one more page, the repeat itself, where another
 * entry is added (or the first, when there is none yet). */

static void
collect_pages (LalanFormControl *control,
               gboolean          relevant_only,
               GPtrArray        *pages)
{
  GListModel *children;
  guint n;

  if (relevant_only && !lalan_form_control_get_relevant (control) &&
      lalan_form_control_get_kind (control) != LALAN_FORM_CONTROL_BODY)
    return;
  if (lalan_form_control_is_page (control))
    {
      g_ptr_array_add (pages, g_object_ref (control));
      return;
    }

  children = lalan_form_control_get_children (control);
  n = g_list_model_get_n_items (children);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanFormControl) child = g_list_model_get_item (children, i);

      collect_pages (child, relevant_only, pages);
    }

  if (lalan_form_control_get_kind (control) == LALAN_FORM_CONTROL_REPEAT &&
      lalan_form_control_can_add (control))
    g_ptr_array_add (pages, g_object_ref (control));
}

/**
 * lalan_form_view_list_pages:
 * @relevant_only: leave out the pages not shown now
 *
 * Returns: (transfer container) (element-type LalanFormControl): the pages
 */
GPtrArray *
lalan_form_view_list_pages (LalanFormView *self,
                            gboolean       relevant_only)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->session != NULL)
    collect_pages (lalan_form_session_get_body (self->session), relevant_only, pages);
  return pages;
}

gboolean
lalan_form_view_page_relevant (LalanFormControl *page)
{
  for (LalanFormControl *c = page; c != NULL; c = lalan_form_control_get_parent (c))
    if (!lalan_form_control_get_relevant (c))
      return FALSE;
  return TRUE;
}

static char *
plain_label (LalanFormControl *control)
{
  const char *label = lalan_form_control_get_label (control);

  if (label == NULL || *label == '\0')
    return NULL;
  return lalan_form_markdown_to_plain (label);
}

static guint
instance_number (LalanFormControl *instance,
                 guint            *n_instances)
{
  LalanFormControl *repeat = lalan_form_control_get_parent (instance);
  GListModel *children = lalan_form_control_get_children (repeat);
  guint n = g_list_model_get_n_items (children);
  guint number = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanFormControl) child = g_list_model_get_item (children, i);

      if (child == instance)
        number = i + 1;
    }
  if (n_instances != NULL)
    *n_instances = n;
  return number;
}

/* The usual <group ref="/x/r"><label/><repeat nodeset="/x/r">: the
 * group around a repeat carries its label, and is no section of its own
 * (its path is the repeat's with a "#"). */
static LalanFormControl *
repeat_wrapper (LalanFormControl *repeat)
{
  LalanFormControl *parent = lalan_form_control_get_parent (repeat);

  if (parent != NULL && lalan_form_control_get_kind (parent) == LALAN_FORM_CONTROL_GROUP &&
      g_str_has_prefix (lalan_form_control_get_path (parent), lalan_form_control_get_path (repeat)))
    return parent;
  return NULL;
}

static char *
repeat_name (LalanFormControl *repeat)
{
  char *label = plain_label (repeat);
  LalanFormControl *wrapper;

  if (label == NULL && (wrapper = repeat_wrapper (repeat)) != NULL)
    label = plain_label (wrapper);
  return label;
}

/* The label of the nearest group around @control that has one, passing
 * over the wrappers of repeats. */
static char *
section_label (LalanFormControl *control)
{
  for (LalanFormControl *c = lalan_form_control_get_parent (control); c != NULL; c = lalan_form_control_get_parent (c))
    {
      g_autofree char *label = NULL;

      if (lalan_form_control_get_kind (c) == LALAN_FORM_CONTROL_REPEAT ||
          lalan_form_control_get_kind (c) == LALAN_FORM_CONTROL_REPEAT_INSTANCE)
        continue;
      if (lalan_form_control_get_kind (c) == LALAN_FORM_CONTROL_GROUP)
        {
          GListModel *children = lalan_form_control_get_children (c);
          g_autoptr(LalanFormControl) first = g_list_model_get_n_items (children) > 0
                                              ? g_list_model_get_item (children, 0) : NULL;

          if (first != NULL && lalan_form_control_get_kind (first) == LALAN_FORM_CONTROL_REPEAT &&
              repeat_wrapper (first) == c)
            continue;
        }
      label = plain_label (c);
      if (label != NULL)
        return g_steal_pointer (&label);
    }
  return NULL;
}

/**
 * lalan_form_view_page_title:
 * @page: a page
 *
 * Returns: (transfer full): the page's name in the sections list and as
 *   its heading
 */
char *
lalan_form_view_page_title (LalanFormControl *page)
{
  LalanFormControlKind kind = lalan_form_control_get_kind (page);
  g_autofree char *label = plain_label (page);
  g_autofree char *section = NULL;

  switch ((int) kind)
    {
    case LALAN_FORM_CONTROL_REPEAT_INSTANCE:
      {
        guint number = instance_number (page, NULL);

        if (label == NULL)
          label = repeat_name (lalan_form_control_get_parent (page));
        /* Translators: an entry of a repeated group, such as "Member 2" */
        return g_strdup_printf (_("%s %u"), label != NULL ? label : _("Entry"), number);
      }

    case LALAN_FORM_CONTROL_REPEAT:
      section = section_label (page);
      if (section != NULL)
        return g_steal_pointer (&section);
      g_free (label);
      label = repeat_name (page);
      return label != NULL ? g_steal_pointer (&label) : g_strdup (_("More Entries"));

    case LALAN_FORM_CONTROL_GROUP:
      if (label != NULL)
        return g_steal_pointer (&label);
      section = section_label (page);
      return section != NULL ? g_steal_pointer (&section) : g_strdup (_("Questions"));

    default:
      /* A question on a page of its own: named by itself. */
      return label != NULL ? g_steal_pointer (&label) : g_strdup (_("Question"));
    }
}

/* Widgets ---------------------------------------------------------------- */

static void
on_question_activated_cb (LalanFormView *self,
                          GtkWidget     *question)
{
  lalan_form_view_next_question (self, question);
}

/**
 * lalan_form_view_next_question:
 * @from: the question Enter was pressed in
 *
 * Enter goes on: to the next question of the page that takes an answer,
 * or to the next page.
 */
void
lalan_form_view_next_question (LalanFormView *self,
                               GtkWidget     *from)
{
  gboolean after = FALSE;

  for (guint i = 0; i < self->questions->len; i++)
    {
      LalanQuestionWidget *q = g_ptr_array_index (self->questions, i);

      if (after && lalan_question_widget_takes_input (q) && lalan_question_widget_grab_input_focus (q))
        return;
      if (GTK_WIDGET (q) == from)
        after = TRUE;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "form.next-page", NULL);
}

static GtkWidget *
heading (const char *text,
         const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, g_str_equal (css_class, "title-2") ? 2 : 3,
                                  -1);
  return label;
}

static void
add_question (LalanFormView    *self,
              GtkBox           *box,
              LalanFormControl *control)
{
  GtkWidget *question = lalan_question_widget_new (control, self->read_only);

  lalan_question_widget_set_show_problems (LALAN_QUESTION_WIDGET (question), self->show_problems);
  g_signal_connect_object (question, "activated", G_CALLBACK (on_question_activated_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_append (box, question);
  g_ptr_array_add (self->questions, question);
}

static void
on_group_relevant_cb (GtkWidget        *box,
                      GParamSpec       *pspec,
                      LalanFormControl *group)
{
  gtk_widget_set_visible (box, lalan_form_control_get_relevant (group));
}

static void
add_children (LalanFormView    *self,
              GtkBox           *box,
              LalanFormControl *container)
{
  GListModel *children = lalan_form_control_get_children (container);
  guint n = g_list_model_get_n_items (children);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanFormControl) child = g_list_model_get_item (children, i);
      LalanFormControlKind kind = lalan_form_control_get_kind (child);

      if (kind == LALAN_FORM_CONTROL_GROUP)
        {
          GtkWidget *group_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
          g_autofree char *label = plain_label (child);

          if (label != NULL)
            gtk_box_append (GTK_BOX (group_box), heading (label, "heading"));
          add_children (self, GTK_BOX (group_box), child);
          gtk_widget_set_visible (group_box, lalan_form_control_get_relevant (child));
          g_signal_connect_object (child, "notify::relevant", G_CALLBACK (on_group_relevant_cb),
                                   group_box, G_CONNECT_SWAPPED);
          gtk_box_append (box, group_box);
        }
      else if (kind == LALAN_FORM_CONTROL_REPEAT || kind == LALAN_FORM_CONTROL_REPEAT_INSTANCE)
        {
          /* A repeat inside a field-list page: each entry in turn. */
          add_children (self, box, child);
        }
      else
        add_question (self, box, child);
    }
}

static void
on_add_entry_clicked_cb (LalanFormView *self,
                         GtkButton     *button)
{
  LalanFormControl *repeat = g_object_get_data (G_OBJECT (button), "lalan-repeat");
  g_autoptr(GError) error = NULL;
  LalanFormControl *instance;

  instance = lalan_form_control_add_instance (repeat, &error);
  if (instance == NULL)
    {
      lalan_form_view_show_message (self, error->message);
      return;
    }
  /* The new entry's first page. */
  {
    g_autoptr(GPtrArray) pages = lalan_form_view_list_pages (self, TRUE);

    for (guint i = 0; i < pages->len; i++)
      {
        LalanFormControl *page = g_ptr_array_index (pages, i);

        for (LalanFormControl *c = page; c != NULL; c = lalan_form_control_get_parent (c))
          if (c == instance)
            {
              lalan_form_view_show_page (self, page, TRUE);
              return;
            }
      }
  }
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    LalanFormView    *self)
{
  LalanFormControl *instance = g_object_get_data (G_OBJECT (dialog), "lalan-instance");
  LalanFormControl *repeat;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  LalanFormControl *previous = NULL;

  if (!g_str_equal (response, "remove") || self->session == NULL)
    return;

  /* Where to go afterwards: the page before the removed entry's. */
  before = lalan_form_view_list_pages (self, TRUE);
  for (guint i = 0; i < before->len; i++)
    {
      LalanFormControl *page = g_ptr_array_index (before, i);
      gboolean inside = FALSE;

      for (LalanFormControl *c = page; c != NULL; c = lalan_form_control_get_parent (c))
        inside |= c == instance;
      if (inside)
        break;
      previous = page;
    }
  repeat = lalan_form_control_get_parent (instance);
  g_object_ref (repeat);
  if (previous != NULL)
    g_object_ref (previous);

  if (!lalan_form_control_remove (instance, &error))
    lalan_form_view_show_message (self, error->message);
  else
    {
      /* The next entry now stands where this one was; with none, the
       * page where another is added. */
      g_autoptr(GPtrArray) pages = lalan_form_view_list_pages (self, TRUE);
      LalanFormControl *target = NULL;
      gboolean seen = previous == NULL;

      for (guint i = 0; i < pages->len && target == NULL; i++)
        {
          LalanFormControl *page = g_ptr_array_index (pages, i);

          if (seen)
            target = page;
          seen |= page == previous;
        }
      lalan_form_view_show_page (self, target != NULL ? target : repeat, TRUE);
    }

  g_object_unref (repeat);
  if (previous != NULL)
    g_object_unref (previous);
}

static void
on_remove_entry_clicked_cb (LalanFormView *self,
                            GtkButton     *button)
{
  LalanFormControl *instance = g_object_get_data (G_OBJECT (button), "lalan-instance");
  g_autofree char *title = lalan_form_view_page_title (instance);
  g_autofree char *heading_text = NULL;
  GtkWidget *dialog;

  /* Translators: %s is an entry such as "Member 2" */
  heading_text = g_strdup_printf (_("Remove %s?"), title);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   heading_text,
                                   _("Every answer given for this entry will be removed."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "lalan-instance", g_object_ref (instance), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
add_entry_button (LalanFormControl *repeat,
                  LalanFormView    *self)
{
  g_autofree char *label = repeat_name (repeat);
  g_autofree char *name = NULL;
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add Another"));

  /* Translators: the accessible name of the button that adds an entry
   * to a repeated group; %s is the group's label, such as "Member" */
  name = g_strdup_printf (_("Add another: %s"), label != NULL ? label : _("Entry"));
  lalan_survey_name_button (button, name);
  gtk_widget_set_tooltip_text (button, name);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "pill");
  g_object_set_data_full (G_OBJECT (button), "lalan-repeat", g_object_ref (repeat), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_add_entry_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (button, !self->read_only);
  return button;
}

static void
on_entry_link_clicked_cb (LalanFormView *self,
                          GtkButton     *button)
{
  lalan_form_view_show_page (self, g_object_get_data (G_OBJECT (button), "lalan-page"), TRUE);
}

/* The page after a repeat's entries: how many there are, a way to each,
 * and a button for one more. */
static void
render_repeat_page (LalanFormView    *self,
                    LalanFormControl *repeat)
{
  GListModel *instances = lalan_form_control_get_children (repeat);
  guint n = g_list_model_get_n_items (instances);
  g_autofree char *count = NULL;
  GtkWidget *status;
  GtkWidget *list = gtk_list_box_new ();

  if (n == 0)
    count = g_strdup (_("No entries yet."));
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry so far.", "%u entries so far.", n), n);
  status = gtk_label_new (count);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_box_append (self->page_box, status);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanFormControl) instance = g_list_model_get_item (instances, i);
      g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
      g_autofree char *title = lalan_form_view_page_title (instance);
      GtkWidget *row;

      collect_pages (instance, TRUE, pages);
      if (pages->len == 0)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "lalan-page", g_object_ref (g_ptr_array_index (pages, 0)), g_object_unref);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_entry_link_clicked_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  if (gtk_widget_get_first_child (list) != NULL)
    gtk_box_append (self->page_box, list);

  gtk_box_append (self->page_box, add_entry_button (repeat, self));
}

static void
on_use_measurement_clicked_cb (LalanFormView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "form.use-measurement", NULL);
}

/* The connection measurement group can take the built-in test's result. */
static void
add_measurement_helper (LalanFormView    *self,
                        LalanFormControl *group)
{
  const char *path = lalan_form_control_get_path (group);
  GtkWidget *box;
  GtkWidget *use;
  GtkWidget *run;

  if (self->read_only || !g_str_has_suffix (path, "/measurement"))
    return;

  /* One above the other: side by side they made a narrow window wider
   * than the screen of a small laptop. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_halign (box, GTK_ALIGN_START);
  use = gtk_button_new_with_mnemonic (_("_Use the Latest Connectivity Test"));
  gtk_widget_add_css_class (use, "pill");
  lalan_survey_name_button (use, NULL);
  g_signal_connect_object (use, "clicked", G_CALLBACK (on_use_measurement_clicked_cb), self, G_CONNECT_SWAPPED);
  run = gtk_button_new_with_mnemonic (_("_Run a Test…"));
  gtk_widget_add_css_class (run, "flat");
  lalan_survey_name_button (run, NULL);
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (run), "win.show-area::measure");
  gtk_box_append (GTK_BOX (box), use);
  gtk_box_append (GTK_BOX (box), run);
  gtk_box_append (self->page_box, box);
}

/**
 * lalan_form_view_render_page:
 *
 * Builds the widgets of the current page.
 */
void
lalan_form_view_render_page (LalanFormView *self)
{
  LalanFormControl *page = self->page;
  LalanFormControlKind kind;
  GtkWidget *child;
  g_autofree char *title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->page_box))) != NULL)
    gtk_box_remove (self->page_box, child);
  g_ptr_array_set_size (self->questions, 0);

  if (page == NULL)
    return;

  kind = lalan_form_control_get_kind (page);
  title = lalan_form_view_page_title (page);

  if (kind == LALAN_FORM_CONTROL_REPEAT_INSTANCE)
    {
      LalanFormControl *repeat = lalan_form_control_get_parent (page);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autofree char *section = section_label (repeat);
      g_autofree char *count = NULL;
      guint n = 0;
      guint number = instance_number (page, &n);

      if (section != NULL)
        gtk_box_append (self->page_box, heading (section, "title-2"));
      /* Translators: "Member 2 (2 of 3)": an entry, its place and how many */
      count = g_strdup_printf (_("%s (%u of %u)"), title, number, n);
      child = heading (count, "heading");
      gtk_widget_set_hexpand (child, TRUE);
      gtk_box_append (GTK_BOX (row), child);
      if (lalan_form_control_can_remove (page) && !self->read_only)
        {
          GtkWidget *remove = gtk_button_new_with_mnemonic (_("Re_move"));
          g_autofree char *name = g_strdup_printf (_("Remove %s"), title);

          lalan_survey_name_button (remove, name);
          gtk_widget_add_css_class (remove, "destructive-action");
          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (remove), "lalan-instance", g_object_ref (page), g_object_unref);
          g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_entry_clicked_cb), self, G_CONNECT_SWAPPED);
          gtk_box_append (GTK_BOX (row), remove);
        }
      gtk_box_append (self->page_box, row);
      add_children (self, self->page_box, page);
      if (lalan_form_control_can_add (repeat))
        gtk_box_append (self->page_box, add_entry_button (repeat, self));
    }
  else if (kind == LALAN_FORM_CONTROL_REPEAT)
    {
      gtk_box_append (self->page_box, heading (title, "title-2"));
      render_repeat_page (self, page);
    }
  else if (kind == LALAN_FORM_CONTROL_GROUP)
    {
      gtk_box_append (self->page_box, heading (title, "title-2"));
      add_measurement_helper (self, page);
      add_children (self, self->page_box, page);
    }
  else
    {
      g_autofree char *section = section_label (page);

      if (section != NULL)
        gtk_box_append (self->page_box, heading (section, "title-2"));
      add_question (self, self->page_box, page);
    }
}

/* Sections --------------------------------------------------------------- */

/**
 * lalan_form_view_update_sections:
 *
 * The list of pages shown now, the current one selected.
 */
void
lalan_form_view_update_sections (LalanFormView *self)
{
  g_autoptr(GPtrArray) pages = lalan_form_view_list_pages (self, TRUE);
  GtkWidget *row;
  GtkListBoxRow *current = NULL;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->sections_list))) != NULL)
    gtk_list_box_remove (self->sections_list, row);

  for (guint i = 0; i < pages->len; i++)
    {
      LalanFormControl *page = g_ptr_array_index (pages, i);
      g_autofree char *title = NULL;
      GtkWidget *label;

      if (!lalan_form_view_page_relevant (page))
        continue;
      title = lalan_form_view_page_title (page);
      label = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      if (lalan_form_control_get_kind (page) == LALAN_FORM_CONTROL_REPEAT_INSTANCE)
        gtk_widget_set_margin_start (label, 12);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "lalan-page", g_object_ref (page), g_object_unref);
      gtk_list_box_append (self->sections_list, row);
      if (page == self->page)
        current = GTK_LIST_BOX_ROW (row);
    }
  gtk_list_box_select_row (self->sections_list, current);
}
