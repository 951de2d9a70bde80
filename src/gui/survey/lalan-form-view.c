/* lalan-form-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-form-view-private.h"

#include "lalan-bundled-forms.h"
#include "lalan-form-markdown.h"
#include "lalan-measure-survey.h"
#include "lalan-survey-a11y.h"

#include <glib/gi18n.h>
#include <string.h>

/**
 * LalanFormView:
 *
 * Filling one record: a page at a time (a field-list group, a question,
 * an entry of a repeat), a progress bar, Back and Next, a list of the
 * sections to jump to, the form's languages, and Finish, which checks
 * every answer and lists what still needs attention. Every change is in
 * the draft within a second (#LalanDraftSaver) and on every page change;
 * a record that is finalized, sent or refused by the server is shown
 * read-only, with a way to reopen it when that is allowed.
 */

G_DEFINE_FINAL_TYPE (LalanFormView, lalan_form_view, GTK_TYPE_WIDGET)

enum {
  CLOSED,
  RECORD_FINALIZED,
  RECORD_DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_ACCEPTS_MEASUREMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_state (LalanFormView *self);

/* Languages -------------------------------------------------------------- */

/* Each language by its own name, so a person finds theirs whatever the
 * interface language is. */
static const char *
language_name (const char *code)
{
  static const struct { const char *code; const char *name; } names[] = {
    { "zh-TW", "中文（台灣）" }, { "zh-Hant", "中文（繁體）" }, { "zh", "中文" },
    { "en", "English" }, { "ami", "Pangcah" }, { "tay", "Tayal" }, { "pwn", "Vinuculjan" },
    { "bnn", "Bunun" }, { "trv", "Truku" }, { "tao", "Ciciping no Tao" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (names[i].code, code) == 0)
      return names[i].name;
  return code;
}

/* The form's language closest to the interface's: zh_TW finds zh-TW,
 * en_US finds en. */
static const char *
preferred_language (LalanForm *form)
{
  const char * const *languages = lalan_form_get_languages (form);
  const char * const *wanted = g_get_language_names ();

  for (guint w = 0; wanted[w] != NULL; w++)
    {
      g_autofree char *code = g_strdup (wanted[w]);
      char *dot = strchr (code, '.');

      if (dot != NULL)
        *dot = '\0';
      g_strdelimit (code, "_", '-');
      if (g_str_equal (code, "C") || g_str_equal (code, "POSIX"))
        continue;
      for (guint i = 0; languages[i] != NULL; i++)
        if (g_ascii_strcasecmp (languages[i], code) == 0)
          return languages[i];
    }
  return NULL;
}

static void
fill_languages (LalanFormView *self)
{
  LalanForm *form = lalan_form_session_get_form (self->session);
  const char * const *languages = lalan_form_get_languages (form);
  const char *current = lalan_form_session_get_language (self->session);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_clear_pointer (&self->languages, g_strfreev);
  self->languages = g_strdupv ((char **) languages);
  for (guint i = 0; languages[i] != NULL; i++)
    {
      gtk_string_list_append (names, language_name (languages[i]));
      if (g_strcmp0 (languages[i], current) == 0)
        selected = i;
    }

  self->syncing_language = TRUE;
  gtk_drop_down_set_model (self->language_drop_down, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->language_drop_down, selected);
  self->syncing_language = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->language_drop_down), g_strv_length (self->languages) > 1);
}

static void
on_language_selected_cb (LalanFormView *self)
{
  guint selected = gtk_drop_down_get_selected (self->language_drop_down);
  g_autoptr(GError) error = NULL;

  if (self->syncing_language || self->session == NULL || self->languages == NULL ||
      selected >= g_strv_length (self->languages))
    return;
  if (!lalan_form_session_set_language (self->session, self->languages[selected], &error))
    {
      lalan_form_view_show_message (self, error->message);
      return;
    }
  /* Choice buttons carry the labels they were made with. */
  lalan_form_view_render_page (self);
  lalan_form_view_update_sections (self);
  update_state (self);
}

/* State of the view ------------------------------------------------------ */

static guint
page_index (GPtrArray        *pages,
            LalanFormControl *page)
{
  for (guint i = 0; i < pages->len; i++)
    if (g_ptr_array_index (pages, i) == page)
      return i;
  return G_MAXUINT;
}

static void
update_status (LalanFormView *self)
{
  g_autofree char *text = NULL;

  if (self->read_only)
    text = g_strdup (self->record ? lalan_record_state_get_label (lalan_record_get_state (self->record)) : "");
  else if (self->saver == NULL)
    text = g_strdup ("");
  else if (lalan_draft_saver_get_error (self->saver) != NULL)
    /* Translators: %s says why, such as "The disk is full." */
    text = g_strdup_printf (_("Not saved yet, trying again: %s"), lalan_draft_saver_get_error (self->saver)->message);
  else if (lalan_draft_saver_get_pending (self->saver))
    text = g_strdup (_("Saving…"));
  else if (lalan_draft_saver_get_saved_at (self->saver) > 0)
    {
      g_autoptr(GDateTime) saved = g_date_time_new_from_unix_local (lalan_draft_saver_get_saved_at (self->saver) / G_USEC_PER_SEC);
      g_autofree char *time = g_date_time_format (saved, "%H:%M:%S");

      /* Translators: %s is a time of day */
      text = g_strdup_printf (_("Draft saved at %s"), time);
    }
  else
    text = g_strdup (_("Not started: nothing saved yet"));

  gtk_label_set_text (self->status_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_label), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
update_state (LalanFormView *self)
{
  g_autoptr(GPtrArray) pages = lalan_form_view_list_pages (self, TRUE);
  guint index = page_index (pages, self->page);
  guint n = pages->len;
  gboolean last = index != G_MAXUINT && index + 1 >= n;
  g_autofree char *label = NULL;
  const char *name = self->session ? lalan_form_session_get_instance_name (self->session) : NULL;
  const char *form_id = self->session ? lalan_form_get_id (lalan_form_session_get_form (self->session)) : NULL;
  const char *title = lalan_bundled_forms_get_title (form_id);

  if (title == NULL && self->session != NULL)
    title = lalan_form_get_title (lalan_form_session_get_form (self->session));
  if (name != NULL && *name != '\0')
    {
      g_autofree char *full = g_strdup_printf ("%s · %s", title, name);

      gtk_label_set_text (self->title_label, full);
    }
  else
    gtk_label_set_text (self->title_label, title != NULL ? title : "");

  if (index != G_MAXUINT && n > 0)
    {
      /* Translators: the page shown and how many there are */
      label = g_strdup_printf (_("Page %u of %u"), index + 1, n);
      gtk_progress_bar_set_fraction (self->progress_bar, (double) (index + 1) / n);
    }
  else
    label = g_strdup ("");
  gtk_label_set_text (self->page_label, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, label, -1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.previous-page", index != G_MAXUINT && index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.next-page", index != G_MAXUINT && !last);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.finish", !self->read_only && self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.delete", !self->read_only && self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.reopen",
                                 self->read_only && self->record != NULL &&
                                 (lalan_record_get_state (self->record) == LALAN_RECORD_STATE_FINALIZED ||
                                  lalan_record_get_state (self->record) == LALAN_RECORD_STATE_NEEDS_REVIEW));
  gtk_widget_set_visible (GTK_WIDGET (self->finish_button), last && !self->read_only);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), !last);
  update_status (self);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  LalanFormView *self = user_data;
  g_autoptr(GPtrArray) all = NULL;

  self->refresh_idle = 0;
  if (self->session == NULL)
    return G_SOURCE_REMOVE;

  /* The page shown may be gone (its entry removed). */
  all = lalan_form_view_list_pages (self, FALSE);
  if (self->page != NULL && page_index (all, self->page) == G_MAXUINT)
    {
      g_autoptr(GPtrArray) pages = lalan_form_view_list_pages (self, TRUE);

      lalan_form_view_show_page (self, pages->len > 0 ? g_ptr_array_index (pages, 0) : NULL, FALSE);
      return G_SOURCE_REMOVE;
    }
  lalan_form_view_update_sections (self);
  update_state (self);
  return G_SOURCE_REMOVE;
}

static void
on_session_changed_cb (LalanFormView *self,
                       GPtrArray     *changes)
{
  /* Relevance and entries change the pages: count them once the answer
   * has settled, not on every keystroke's idle. */
  for (guint i = 0; i < changes->len; i++)
    {
      LalanFormChange *change = g_ptr_array_index (changes, i);

      if (change->flags & (LALAN_FORM_CHANGE_RELEVANT | LALAN_FORM_CHANGE_STRUCTURE | LALAN_FORM_CHANGE_VALUE))
        {
          if (self->refresh_idle == 0)
            self->refresh_idle = g_idle_add (refresh_idle_cb, self);
          return;
        }
    }
}

static void
on_saver_notify_cb (LalanFormView *self)
{
  update_status (self);
}

/**
 * lalan_form_view_show_message:
 * @message: a sentence
 *
 * Tells the person something briefly (through the window's toasts).
 */
void
lalan_form_view_show_message (LalanFormView *self,
                              const char    *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

/* Whether the Connectivity area may hand a test to the record shown: a
 * draft of a form with a connection measurement group. */
static void
update_accepts_measurement (LalanFormView *self)
{
  gboolean accepts = self->session != NULL && !self->read_only &&
                     lalan_form_session_lookup_control (self->session, LALAN_MEASUREMENT_SURVEY_GROUP "/down_mbps") != NULL;

  if (accepts == self->accepts_measurement)
    return;
  self->accepts_measurement = accepts;
  /* Not while going away: the window listening may be going too. */
  if (!self->disposed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTS_MEASUREMENT]);
}

/* Navigation ------------------------------------------------------------- */

static void
focus_first_question (LalanFormView *self)
{
  for (guint i = 0; i < self->questions->len; i++)
    {
      LalanQuestionWidget *q = g_ptr_array_index (self->questions, i);

      if (self->focus_path != NULL &&
          g_strcmp0 (lalan_form_control_get_path (lalan_question_widget_get_control (q)), self->focus_path) != 0)
        continue;
      if (lalan_question_widget_takes_input (q) && lalan_question_widget_grab_input_focus (q))
        return;
    }
  /* Nothing to answer here (a note): Next takes the keyboard. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->next_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
  else if (gtk_widget_get_visible (GTK_WIDGET (self->finish_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->finish_button));
}

/**
 * lalan_form_view_show_page:
 * @page: (nullable): the page to show
 * @focus: whether the keyboard goes to its first question
 *
 * Shows a page and writes the draft with it as the place to resume.
 */
void
lalan_form_view_show_page (LalanFormView    *self,
                           LalanFormControl *page,
                           gboolean          focus)
{
  g_autoptr(GPtrArray) pages = NULL;
  guint index;

  if (page != NULL)
    g_object_ref (page);
  g_clear_object (&self->page);
  self->page = page;

  pages = lalan_form_view_list_pages (self, TRUE);
  index = page_index (pages, page);

  if (self->saver != NULL && page != NULL)
    lalan_draft_saver_set_position (self->saver, lalan_form_control_get_path (page),
                                    index != G_MAXUINT && pages->len > 0 ? index * 100 / pages->len : 0);

  gtk_stack_set_visible_child_name (self->content_stack, "page");
  lalan_form_view_render_page (self);
  lalan_form_view_update_sections (self);
  update_state (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->page_scroller), 0);

  if (focus && !self->read_only)
    focus_first_question (self);
  g_clear_pointer (&self->focus_path, g_free);

  /* On a narrow window the sections cover the page: a jump closes them. */
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

static LalanFormControl *
neighbour (LalanFormView *self,
           int            step)
{
  g_autoptr(GPtrArray) all = lalan_form_view_list_pages (self, FALSE);
  guint index = page_index (all, self->page);

  if (index == G_MAXUINT)
    return NULL;
  for (int i = (int) index + step; i >= 0 && i < (int) all->len; i += step)
    {
      LalanFormControl *page = g_ptr_array_index (all, i);

      if (lalan_form_view_page_relevant (page))
        return page;
    }
  return NULL;
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LalanFormView *self = LALAN_FORM_VIEW (widget);
  LalanFormControl *next;

  if (g_str_equal (gtk_stack_get_visible_child_name (self->content_stack), "problems"))
    {
      lalan_form_view_show_page (self, self->page, TRUE);
      return;
    }
  /* Leaving a page shows its broken rules on the way. */
  for (guint i = 0; i < self->questions->len; i++)
    lalan_question_widget_set_show_problems (g_ptr_array_index (self->questions, i), self->show_problems);
  next = neighbour (self, 1);
  if (next != NULL)
    lalan_form_view_show_page (self, next, TRUE);
}

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LalanFormView *self = LALAN_FORM_VIEW (widget);
  LalanFormControl *previous;

  if (g_str_equal (gtk_stack_get_visible_child_name (self->content_stack), "problems"))
    {
      lalan_form_view_show_page (self, self->page, TRUE);
      return;
    }
  previous = neighbour (self, -1);
  if (previous != NULL)
    lalan_form_view_show_page (self, previous, TRUE);
}

static void
on_section_activated_cb (LalanFormView *self,
                         GtkListBoxRow *row)
{
  LalanFormControl *page = g_object_get_data (G_OBJECT (row), "lalan-page");

  if (page != NULL && page != self->page)
    lalan_form_view_show_page (self, page, TRUE);
  else
    lalan_form_view_show_page (self, self->page, TRUE);
}

static void
toggle_sections_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LalanFormView *self = LALAN_FORM_VIEW (widget);
  gboolean reveal = !adw_flap_get_reveal_flap (self->flap);

  adw_flap_set_reveal_flap (self->flap, reveal);
  if (reveal)
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sections_list);

      if (row != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LalanFormView *self = LALAN_FORM_VIEW (widget);

  lalan_form_view_close (self);
  g_signal_emit (self, signals[CLOSED], 0);
}

/* Finishing -------------------------------------------------------------- */

static void
on_problem_activated_cb (LalanFormView *self,
                         GtkListBoxRow *row)
{
  lalan_form_view_activate_problem (self, gtk_list_box_row_get_index (row));
}

static void
show_problems (LalanFormView *self)
{
  GtkWidget *row;
  g_autofree char *title = NULL;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, row);

  for (guint i = 0; i < self->violations->len; i++)
    {
      LalanFormViolation *violation = g_ptr_array_index (self->violations, i);
      LalanFormControl *control = lalan_form_session_lookup_control (self->session, violation->path);
      LalanFormControl *page = lalan_form_session_find_page (self->session, violation->position);
      g_autofree char *question = control ? lalan_form_markdown_to_plain (lalan_form_control_get_label (control)) : NULL;
      g_autofree char *where = page ? lalan_form_view_page_title (page) : NULL;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     question != NULL && *question != '\0' ? question : violation->path);
      if (where != NULL && question != NULL && !g_str_equal (where, question))
        {
          /* Translators: a rule's message, then the section it is in */
          g_autofree char *subtitle = g_strdup_printf (_("%s — in “%s”"), violation->message, where);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), violation->message);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->problems_list, row);
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u answer needs attention before this record can be finished",
                                        "%u answers need attention before this record can be finished",
                                        self->violations->len),
                           self->violations->len);
  gtk_label_set_text (self->problems_title, title);
  gtk_stack_set_visible_child_name (self->content_stack, "problems");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.next-page", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.previous-page", TRUE);

  row = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list));
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

static void
finalize_record_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LalanFormView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecord) record = NULL;
  g_autofree char *instance_id = NULL;

  record = lalan_store_finalize_record_finish (LALAN_STORE (object), result, &error);
  if (record == NULL)
    {
      /* The answers are still in the session and the draft. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          lalan_form_view_show_message (self, error->message);
          if (self->session != NULL && self->store != NULL)
            {
              g_clear_object (&self->saver);
              self->saver = lalan_draft_saver_new (self->store, self->session, TRUE);
              g_signal_connect_object (self->saver, "notify", G_CALLBACK (on_saver_notify_cb), self, G_CONNECT_SWAPPED);
            }
          gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
        }
      return;
    }

  instance_id = g_strdup (lalan_record_get_instance_id (record));
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  lalan_form_view_close (self);
  g_signal_emit (self, signals[RECORD_FINALIZED], 0, instance_id);
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LalanFormView *self = LALAN_FORM_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autofree char *text = NULL;

  if (self->read_only || self->session == NULL)
    return;

  /* The draft first: finalizing turns the stored draft into the record. */
  lalan_draft_saver_save (self->saver);

  g_clear_pointer (&self->violations, g_ptr_array_unref);
  if (!lalan_form_session_finalize (self->session, &error))
    {
      self->violations = lalan_form_session_get_violations (self->session);
      self->show_problems = TRUE;
      if (self->violations->len > 0)
        {
          show_problems (self);
          return;
        }
      lalan_form_view_show_message (self, error->message);
      return;
    }

  xml = lalan_form_session_serialize (self->session, LALAN_FORM_SERIALIZE_SUBMISSION);
  text = g_strndup (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  lalan_draft_saver_stop (self->saver);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  lalan_store_finalize_record_async (self->store,
                                     lalan_form_session_get_instance_id (self->session),
                                     text,
                                     lalan_form_session_get_instance_name (self->session),
                                     NULL, finalize_record_cb, g_object_ref (self));
}

/* Deleting and reopening ------------------------------------------------- */

static void
delete_draft_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LalanFormView) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Never saved at all is deleted too. */
  if (!lalan_store_delete_draft_finish (LALAN_STORE (object), result, &error) &&
      !g_error_matches (error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND))
    {
      lalan_form_view_show_message (self, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  lalan_form_view_close (self);
  g_signal_emit (self, signals[RECORD_DELETED], 0);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    LalanFormView    *self)
{
  if (!g_str_equal (response, "delete") || self->session == NULL)
    return;

  lalan_draft_saver_stop (self->saver);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  lalan_store_delete_draft_async (self->store, lalan_form_session_get_instance_id (self->session),
                                  NULL, delete_draft_cb, g_object_ref (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LalanFormView *self = LALAN_FORM_VIEW (widget);
  const char *name = lalan_form_session_get_instance_name (self->session);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (name != NULL && *name != '\0')
    /* Translators: %s names the record, such as "尖石鄉 玉峰村 2026-11-29" */
    body = g_strdup_printf (_("Every answer of “%s” will be deleted from this computer. This cannot be undone."), name);
  else
    body = g_strdup (_("Every answer of this record will be deleted from this computer. This cannot be undone."));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Delete This Draft?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_banner (LalanFormView *self)
{
  LalanRecordState state = self->record ? lalan_record_get_state (self->record) : LALAN_RECORD_STATE_DRAFT;
  g_autofree char *text = NULL;
  const char *button = NULL;

  if (!self->read_only)
    {
      gtk_revealer_set_reveal_child (self->banner, FALSE);
      return;
    }

  switch ((int) state)
    {
    case LALAN_RECORD_STATE_FINALIZED:
      text = g_strdup (_("This record is finished and waits to be sent. Reopen it to change an answer."));
      button = _("_Reopen for Changes");
      break;

    case LALAN_RECORD_STATE_NEEDS_REVIEW:
      /* Translators: %s is the server's reason, as a sentence */
      text = g_strdup_printf (_("The needs inventory did not accept this record: %s Reopen it to correct it."),
                              lalan_record_get_last_error_message (self->record)
                                ? lalan_record_get_last_error_message (self->record) : "");
      button = _("_Reopen to Correct");
      break;

    default:
      {
        g_autoptr(GDateTime) sent = g_date_time_new_from_unix_local (lalan_record_get_sent_at (self->record) / G_USEC_PER_SEC);
        g_autofree char *when = g_date_time_format (sent, "%Y-%m-%d %H:%M");

        /* Translators: %s is a date and time */
        text = g_strdup_printf (_("This record was sent on %s. It can be read here but no longer changed."), when);
      }
      break;
    }

  gtk_label_set_text (self->banner_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), button != NULL);
  if (button != NULL)
    {
      gtk_button_set_label (self->banner_button, button);
      lalan_survey_name_button (GTK_WIDGET (self->banner_button), NULL);
    }
  gtk_revealer_set_reveal_child (self->banner, TRUE);
}

static void
reopen_record_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LalanFormView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanRecord) record = NULL;

  record = lalan_store_reopen_record_finish (LALAN_STORE (object), result, &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (record == NULL)
    {
      lalan_form_view_show_message (self, error->message);
      return;
    }
  if (self->session == NULL)
    return;

  g_set_object (&self->record, record);
  self->read_only = FALSE;
  g_clear_object (&self->saver);
  self->saver = lalan_draft_saver_new (self->store, self->session, TRUE);
  g_signal_connect_object (self->saver, "notify", G_CALLBACK (on_saver_notify_cb), self, G_CONNECT_SWAPPED);
  update_banner (self);
  update_accepts_measurement (self);
  lalan_form_view_show_page (self, self->page, TRUE);
  lalan_form_view_show_message (self, _("The record is a draft again. Finish it once more to send it."));
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LalanFormView *self = LALAN_FORM_VIEW (widget);

  if (self->record == NULL || self->session == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  lalan_store_reopen_record_async (self->store, lalan_record_get_instance_id (self->record),
                                   NULL, reopen_record_cb, g_object_ref (self));
}

static void
on_banner_button_clicked_cb (LalanFormView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "form.reopen", NULL);
}

/* The connectivity test's result --------------------------------------- */

typedef struct
{
  char *measurement_id;
  char *instance_id;
} Link;

static void
link_free (Link *link)
{
  g_free (link->measurement_id);
  g_free (link->instance_id);
  g_free (link);
}

static gpointer
link_in_worker (LalanStore    *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Link *link = data;

  lalan_store_link_measurement (store, link->measurement_id, link->instance_id, error);
  return NULL;
}

static void
link_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The answers are in the record either way; the link only helps the
   * server join the test's details. */
  lalan_store_run_finish (LALAN_STORE (object), result, &error);
  if (error != NULL)
    g_message ("The connectivity test was not linked to the record: %s", error->message);
}

static gpointer
measurement_in_worker (LalanStore    *store,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  const char *id = data;
  g_autoptr(GPtrArray) list = NULL;

  if (id != NULL)
    return lalan_store_get_measurement (store, id, error);
  list = lalan_store_list_measurements (store, 0, 1, error);
  if (list == NULL || list->len == 0)
    return NULL;
  return lalan_measurement_copy (g_ptr_array_index (list, 0));
}

/* The measurement group shown, or the form's, to put a test in. */
static char *
measurement_group (LalanFormView *self)
{
  if (self->page != NULL && g_str_has_suffix (lalan_form_control_get_path (self->page), "/measurement"))
    return g_strdup (lalan_form_control_get_path (self->page));
  if (lalan_form_session_get_value (self->session, LALAN_MEASUREMENT_SURVEY_GROUP "/down_mbps") != NULL)
    return g_strdup (LALAN_MEASUREMENT_SURVEY_GROUP);
  return NULL;
}

static void
measurement_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LalanFormView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanMeasurement) measurement = lalan_store_run_finish (LALAN_STORE (object), result, &error);
  g_autofree char *group = NULL;

  if (self->session == NULL || self->read_only)
    return;
  if (measurement == NULL)
    {
      lalan_form_view_show_message (self, error != NULL ? error->message
                                    : _("No connectivity test has been run on this computer yet. Run one in the Connectivity area first."));
      return;
    }
  group = measurement_group (self);
  if (group == NULL)
    {
      lalan_form_view_show_message (self, _("This form has no place for a connectivity test."));
      return;
    }
  if (!lalan_measurement_fill_survey (measurement, self->session, group, &error))
    {
      lalan_form_view_show_message (self, error->message);
      return;
    }

  /* The test knows which record used it; the write of the draft is
   * queued before the link, so the record exists by then. */
  lalan_draft_saver_save (self->saver);
  {
    Link *link = g_new0 (Link, 1);

    link->measurement_id = g_strdup (measurement->id);
    link->instance_id = g_strdup (lalan_form_session_get_instance_id (self->session));
    lalan_store_run_async (self->store, link_in_worker, link, (GDestroyNotify) link_free,
                           NULL, NULL, link_cb, NULL);
  }
  lalan_form_view_go_to (self, group);
  lalan_form_view_show_message (self, _("The connectivity test is filled in."));
}

static void
use_measurement_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  lalan_form_view_use_measurement (LALAN_FORM_VIEW (widget), NULL);
}

/* GObject ---------------------------------------------------------------- */

static void
lalan_form_view_dispose (GObject *object)
{
  LalanFormView *self = LALAN_FORM_VIEW (object);
  GtkWidget *child;

  /* A window closed mid-record: what was typed is written. */
  self->disposed = TRUE;
  lalan_form_view_close (self);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_FORM_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lalan_form_view_parent_class)->dispose (object);
}

static void
lalan_form_view_finalize (GObject *object)
{
  LalanFormView *self = LALAN_FORM_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->questions, g_ptr_array_unref);

  G_OBJECT_CLASS (lalan_form_view_parent_class)->finalize (object);
}

static void
lalan_form_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LalanFormView *self = LALAN_FORM_VIEW (object);

  switch (prop_id)
    {
    case PROP_ACCEPTS_MEASUREMENT:
      g_value_set_boolean (value, self->accepts_measurement);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_form_view_class_init (LalanFormViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_form_view_dispose;
  object_class->finalize = lalan_form_view_finalize;
  object_class->get_property = lalan_form_view_get_property;

  /**
   * LalanFormView:accepts-measurement:
   *
   * Whether a draft with a connection measurement group is shown, so
   * that a connectivity test can be put in it.
   */
  properties[PROP_ACCEPTS_MEASUREMENT] =
    g_param_spec_boolean ("accepts-measurement", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LalanFormView::closed:
   *
   * The person went back to the records (the draft is kept).
   */
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LalanFormView::record-finalized:
   * @instance_id: the record
   *
   * The record passed every check and is queued for sending.
   */
  signals[RECORD_FINALIZED] = g_signal_new ("record-finalized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * LalanFormView::record-deleted:
   *
   * The draft was deleted, as the person confirmed.
   */
  signals[RECORD_DELETED] = g_signal_new ("record-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-form-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, title_label);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, status_label);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, language_drop_down);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, sections_button);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, banner);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, banner_label);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, banner_button);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, flap);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, sections_list);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, page_scroller);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, page_box);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, problems_title);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, problems_list);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, page_label);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, next_button);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, finish_button);
  gtk_widget_class_bind_template_child (widget_class, LalanFormView, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_section_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "form.next-page", NULL, next_page_action);
  gtk_widget_class_install_action (widget_class, "form.previous-page", NULL, previous_page_action);
  gtk_widget_class_install_action (widget_class, "form.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "form.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "form.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "form.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "form.toggle-sections", NULL, toggle_sections_action);
  gtk_widget_class_install_action (widget_class, "form.use-measurement", NULL, use_measurement_action);
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  key,
              GdkModifierType        modifiers,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                                          gtk_named_action_new (action)));
}

static void
lalan_form_view_init (LalanFormView *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->questions = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  /* Captured before the focused widget sees them: a scrolled window or a
   * spin button would take Ctrl+Page Up and Down for themselves. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Page_Down, GDK_CONTROL_MASK, "form.next-page");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Page_Up, GDK_CONTROL_MASK, "form.previous-page");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Return, GDK_CONTROL_MASK, "form.finish");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_F9, 0, "form.toggle-sections");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Left, GDK_ALT_MASK, "form.close");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  lalan_survey_name_button (GTK_WIDGET (self->previous_button), NULL);
  lalan_survey_name_button (GTK_WIDGET (self->next_button), NULL);
  lalan_survey_name_button (GTK_WIDGET (self->finish_button), NULL);

  /* The keyboard lands on the drop-down's button: it carries the name. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->language_drop_down));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Language of the questions"), -1);

  g_object_bind_property (self->sections_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->language_drop_down, "notify::selected",
                            G_CALLBACK (on_language_selected_cb), self);
}

/**
 * lalan_form_view_new:
 *
 * Returns: (transfer floating): an empty form view
 */
GtkWidget *
lalan_form_view_new (void)
{
  return g_object_new (LALAN_TYPE_FORM_VIEW, NULL);
}

/**
 * lalan_form_view_open:
 * @self: a form view
 * @store: where the record is kept
 * @session: the record, ready to fill or read
 * @record: (nullable): the stored record, %NULL for a new one
 *
 * Shows a record: a draft (or a new record) to fill, resumed on the page
 * where it was left; a finalized, sent or refused record read-only.
 */
void
lalan_form_view_open (LalanFormView    *self,
                      LalanStore       *store,
                      LalanFormSession *session,
                      LalanRecord      *record)
{
  g_autoptr(GPtrArray) pages = NULL;
  LalanFormControl *page = NULL;
  const char *position;
  const char *language;

  g_return_if_fail (LALAN_IS_FORM_VIEW (self));
  g_return_if_fail (LALAN_IS_STORE (store));
  g_return_if_fail (LALAN_IS_FORM_SESSION (session));

  lalan_form_view_close (self);

  g_set_object (&self->store, store);
  g_set_object (&self->session, session);
  g_set_object (&self->record, record);
  self->read_only = record != NULL && lalan_record_get_state (record) != LALAN_RECORD_STATE_DRAFT;
  self->show_problems = FALSE;

  /* Questions in the person's language when the form has it. */
  language = preferred_language (lalan_form_session_get_form (session));
  if (language != NULL && g_strcmp0 (language, lalan_form_session_get_language (session)) != 0)
    lalan_form_session_set_language (session, language, NULL);
  fill_languages (self);

  if (!self->read_only)
    {
      self->saver = lalan_draft_saver_new (store, session, record != NULL);
      g_signal_connect_object (self->saver, "notify", G_CALLBACK (on_saver_notify_cb), self, G_CONNECT_SWAPPED);
    }
  self->changed_handler = g_signal_connect_swapped (session, "changed", G_CALLBACK (on_session_changed_cb), self);

  /* Resume where the person was. */
  pages = lalan_form_view_list_pages (self, FALSE);
  position = record != NULL ? lalan_record_get_resume_position (record) : NULL;
  for (guint i = 0; position != NULL && i < pages->len; i++)
    if (g_str_equal (lalan_form_control_get_path (g_ptr_array_index (pages, i)), position))
      page = g_ptr_array_index (pages, i);
  if (page == NULL || !lalan_form_view_page_relevant (page))
    {
      g_autoptr(GPtrArray) relevant = lalan_form_view_list_pages (self, TRUE);

      page = relevant->len > 0 ? g_ptr_array_index (relevant, 0) : NULL;
    }

  update_banner (self);
  update_accepts_measurement (self);
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), TRUE);
  lalan_form_view_show_page (self, page, TRUE);
}

/**
 * lalan_form_view_close:
 * @self: a form view
 *
 * Writes what is not written yet and lets the record go.
 */
void
lalan_form_view_close (LalanFormView *self)
{
  g_return_if_fail (LALAN_IS_FORM_VIEW (self));

  if (self->saver != NULL)
    {
      lalan_draft_saver_flush (self->saver);
      g_signal_handlers_disconnect_by_data (self->saver, self);
      g_clear_object (&self->saver);
    }
  if (self->session != NULL && self->changed_handler != 0)
    g_clear_signal_handler (&self->changed_handler, self->session);
  g_clear_handle_id (&self->refresh_idle, g_source_remove);

  if (self->page_box != NULL)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->page_box))) != NULL)
        gtk_box_remove (self->page_box, child);
    }
  if (self->questions != NULL)
    g_ptr_array_set_size (self->questions, 0);
  g_clear_object (&self->page);
  g_clear_object (&self->session);
  g_clear_object (&self->record);
  g_clear_object (&self->store);
  g_clear_pointer (&self->violations, g_ptr_array_unref);
  g_clear_pointer (&self->languages, g_strfreev);
  g_clear_pointer (&self->focus_path, g_free);
  update_accepts_measurement (self);
}

/**
 * lalan_form_view_get_session:
 * @self: a form view
 *
 * Returns: (transfer none) (nullable): the record shown
 */
LalanFormSession *
lalan_form_view_get_session (LalanFormView *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_VIEW (self), NULL);
  return self->session;
}

/**
 * lalan_form_view_get_read_only:
 * @self: a form view
 *
 * Returns: whether the record is shown without letting it change
 */
gboolean
lalan_form_view_get_read_only (LalanFormView *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_VIEW (self), FALSE);
  return self->read_only;
}

/**
 * lalan_form_view_get_position:
 * @self: a form view
 *
 * Returns: (nullable): the position of the page shown
 */
const char *
lalan_form_view_get_position (LalanFormView *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_VIEW (self), NULL);
  return self->page != NULL ? lalan_form_control_get_path (self->page) : NULL;
}

/**
 * lalan_form_view_go_to:
 * @self: a form view
 * @position: a page's position
 *
 * Returns: whether that page exists and is shown now
 */
gboolean
lalan_form_view_go_to (LalanFormView *self,
                       const char    *position)
{
  g_autoptr(GPtrArray) pages = NULL;

  g_return_val_if_fail (LALAN_IS_FORM_VIEW (self), FALSE);

  pages = lalan_form_view_list_pages (self, TRUE);
  for (guint i = 0; i < pages->len; i++)
    if (g_strcmp0 (lalan_form_control_get_path (g_ptr_array_index (pages, i)), position) == 0)
      {
        lalan_form_view_show_page (self, g_ptr_array_index (pages, i), TRUE);
        return TRUE;
      }
  return FALSE;
}

/**
 * lalan_form_view_find_question:
 * @self: a form view
 * @path: a question's instance path
 *
 * Returns: (transfer none) (nullable): its widget, when it is on the page
 *   shown
 */
LalanQuestionWidget *
lalan_form_view_find_question (LalanFormView *self,
                               const char    *path)
{
  g_return_val_if_fail (LALAN_IS_FORM_VIEW (self), NULL);

  for (guint i = 0; i < self->questions->len; i++)
    {
      LalanQuestionWidget *q = g_ptr_array_index (self->questions, i);

      if (g_strcmp0 (lalan_form_control_get_path (lalan_question_widget_get_control (q)), path) == 0)
        return q;
    }
  return NULL;
}

/**
 * lalan_form_view_get_n_problems:
 * @self: a form view
 *
 * Returns: how many answers the last Finish found wanting
 */
guint
lalan_form_view_get_n_problems (LalanFormView *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_VIEW (self), 0);
  return self->violations != NULL ? self->violations->len : 0;
}

/**
 * lalan_form_view_activate_problem:
 * @self: a form view
 * @index: a problem of the list Finish showed
 *
 * Goes to the problem's question, its message shown, the keyboard on it.
 *
 * Returns: whether the question was found
 */
gboolean
lalan_form_view_activate_problem (LalanFormView *self,
                                  guint          index)
{
  LalanFormViolation *violation;
  LalanFormControl *page;

  g_return_val_if_fail (LALAN_IS_FORM_VIEW (self), FALSE);

  if (self->violations == NULL || index >= self->violations->len)
    return FALSE;
  violation = g_ptr_array_index (self->violations, index);
  page = lalan_form_session_find_page (self->session, violation->position);
  if (page == NULL)
    return FALSE;

  g_free (self->focus_path);
  self->focus_path = g_strdup (violation->path);
  lalan_form_view_show_page (self, page, TRUE);
  return lalan_form_view_find_question (self, violation->path) != NULL;
}

/**
 * lalan_form_view_use_measurement:
 * @self: a form view
 * @measurement_id: (nullable): a stored connectivity test, or %NULL for
 *   the latest
 *
 * Answers the record's connection measurement group with a test run by
 * the Connectivity area, and shows that page.
 *
 * Returns: whether a record that can take it is open
 */
gboolean
lalan_form_view_use_measurement (LalanFormView *self,
                                 const char    *measurement_id)
{
  g_return_val_if_fail (LALAN_IS_FORM_VIEW (self), FALSE);

  if (self->store == NULL || self->session == NULL || self->read_only)
    return FALSE;
  lalan_store_run_async (self->store, measurement_in_worker, g_strdup (measurement_id), g_free,
                         (GDestroyNotify) lalan_measurement_free, self->cancellable,
                         measurement_cb, g_object_ref (self));
  return TRUE;
}

/**
 * lalan_form_view_get_accepts_measurement:
 * @self: a form view
 *
 * Returns: whether a connectivity test can be put in the record shown
 */
gboolean
lalan_form_view_get_accepts_measurement (LalanFormView *self)
{
  g_return_val_if_fail (LALAN_IS_FORM_VIEW (self), FALSE);

  return self->accepts_measurement;
}
