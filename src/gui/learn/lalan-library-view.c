/* lalan-library-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-library-view.h"

#include "lalan-learners.h"
#include "lalan-learning-report.h"

#include <glib/gi18n.h>

/* The lesson library: packs, then a pack's lessons, each with where the
 * learner is (not started, started, completed, mastered), and the lesson
 * to continue on top.
 *
 * The pack list is bound to the library's GListModel; it needs only the
 * manifests, read off the UI thread by the context. A pack's lessons are
 * read when it is opened, and all of them in the background for the
 * figures on the pack rows, which fill in when they arrive. A large
 * library (50 packs, 500 lessons) so costs one row per pack to open. */

typedef struct
{
  GtkWidget *row;
  GtkWidget *progress_label;
  GtkWidget *progress_bar;
} PackRow;

typedef struct
{
  LalanLesson *lesson;
  GtkWidget   *row;
  GtkWidget   *status_icon;
  GtkWidget   *status_label;
  int          number;
} LessonRow;

struct _LalanLibraryView
{
  GtkWidget          parent_instance;

  /* template children */
  GtkStack          *stack;
  GtkLabel          *greeting_label;
  GtkWidget         *continue_box;
  GtkListBox        *continue_list;
  GtkListBox        *pack_list;
  GtkLabel          *library_problems_label;
  GtkScrolledWindow *lessons_scroller;
  GtkWidget         *packs_button;
  GtkLabel          *pack_title_label;
  GtkLabel          *pack_description_label;
  GtkSpinner        *lessons_spinner;
  GtkListBox        *lesson_list;
  GtkLabel          *lesson_problems_label;

  /* owned */
  LalanLearnContext *context;
  GHashTable        *pack_rows;     /* pack id → PackRow */
  GPtrArray         *lesson_rows;   /* LessonRow */
  char              *pack_id;       /* the pack shown, or NULL */
  LalanLesson       *continue_lesson;

  guint              load_source;
};

G_DEFINE_FINAL_TYPE (LalanLibraryView, lalan_library_view, GTK_TYPE_WIDGET)

enum {
  LESSON_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lesson_row_free (LessonRow *row)
{
  lalan_lesson_unref (row->lesson);
  g_free (row);
}

static const char *
language (LalanLibraryView *self)
{
  return lalan_learn_context_get_language (self->context);
}

static GtkWidget *
make_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static const char *
status_icon_name (LalanLessonStatus status)
{
  switch (status)
    {
    case LALAN_LESSON_STATUS_NOT_STARTED:
      return "media-playback-start-symbolic";
    case LALAN_LESSON_STATUS_STARTED:
      return "document-edit-symbolic";
    case LALAN_LESSON_STATUS_COMPLETED:
      return "emblem-ok-symbolic";
    case LALAN_LESSON_STATUS_MASTERED:
      return "starred-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *status_classes[] = {
  "not-started", "started", "completed", "mastered",
};

/* Packs */

static void
update_pack_row (LalanLibraryView *self,
                 LalanPack        *pack)
{
  PackRow *row = g_hash_table_lookup (self->pack_rows, lalan_pack_get_id (pack));
  GPtrArray *lessons = lalan_learn_context_get_lessons (self->context, lalan_pack_get_id (pack));
  guint n = lalan_pack_get_n_lessons (pack);
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  guint n_completed = 0;

  if (row == NULL)
    return;

  if (lessons != NULL)
    {
      n = lessons->len;
      for (guint i = 0; i < lessons->len; i++)
        {
          LalanLessonProgress progress;

          lalan_learn_context_get_lesson_progress (self->context, g_ptr_array_index (lessons, i), &progress);
          if (progress.completed)
            n_completed++;
        }
      /* Translators: on a lesson pack, e.g. "2 of 10 lessons completed" */
      text = g_strdup_printf (ngettext ("%u of %u lesson completed", "%u of %u lessons completed", n),
                              n_completed, n);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (row->progress_bar), n > 0 ? (double) n_completed / n : 0);
      gtk_widget_set_visible (row->progress_bar, TRUE);
    }
  else
    {
      text = g_strdup_printf (ngettext ("%u lesson", "%u lessons", n), n);
    }

  gtk_label_set_text (GTK_LABEL (row->progress_label), text);

  accessible = g_strdup_printf ("%s. %s", lalan_pack_get_title (pack, language (self)), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static GtkWidget *
create_pack_row_cb (gpointer item,
                    gpointer user_data)
{
  LalanLibraryView *self = user_data;
  LalanPack *pack = item;
  const char *description = lalan_pack_get_description (pack, language (self));
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  PackRow *pack_row = g_new0 (PackRow, 1);

  gtk_box_append (GTK_BOX (texts), make_label (lalan_pack_get_title (pack, language (self)), "lalan-row-title"));
  if (description != NULL)
    gtk_box_append (GTK_BOX (texts), make_label (description, "lalan-row-text"));

  pack_row->row = row;
  pack_row->progress_label = make_label (NULL, "dim-label");
  pack_row->progress_bar = gtk_level_bar_new ();
  gtk_widget_set_visible (pack_row->progress_bar, FALSE);
  gtk_widget_add_css_class (pack_row->progress_bar, "lalan-pack-progress");
  gtk_accessible_update_property (GTK_ACCESSIBLE (pack_row->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Lessons completed"),
                                  -1);
  gtk_box_append (GTK_BOX (texts), pack_row->progress_label);
  gtk_box_append (GTK_BOX (texts), pack_row->progress_bar);

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (arrow, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), arrow);
  gtk_widget_add_css_class (box, "lalan-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "pack-id", g_strdup (lalan_pack_get_id (pack)), g_free);

  g_hash_table_replace (self->pack_rows, g_strdup (lalan_pack_get_id (pack)), pack_row);
  update_pack_row (self, pack);

  return row;
}

static void
update_all_pack_rows (LalanLibraryView *self)
{
  LalanLibrary *library = lalan_learn_context_get_library (self->context);
  guint n = library != NULL ? g_list_model_get_n_items (G_LIST_MODEL (library)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanPack) pack = g_list_model_get_item (G_LIST_MODEL (library), i);

      update_pack_row (self, pack);
    }
}

/* Lessons */

static void
update_lesson_row (LalanLibraryView *self,
                   LessonRow        *row)
{
  const char *title = lalan_lesson_get_title (row->lesson, language (self));
  LalanLessonProgress progress;
  LalanLessonStatus status;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  lalan_learn_context_get_lesson_progress (self->context, row->lesson, &progress);
  status = lalan_lesson_progress_get_status (&progress);

  if (status == LALAN_LESSON_STATUS_STARTED)
    /* Translators: a lesson begun, e.g. "Started: step 3 of 8" */
    text = g_strdup_printf (_("Started: step %d of %u"), progress.resume_step + 1, progress.n_steps);
  else
    text = g_strdup (lalan_lesson_status_to_string (status));

  gtk_label_set_text (GTK_LABEL (row->status_label), text);
  gtk_image_set_from_icon_name (GTK_IMAGE (row->status_icon), status_icon_name (status));
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (row->row, status_classes[i]);
  gtk_widget_add_css_class (row->row, status_classes[status]);

  /* Translators: a lesson as a screen reader says it: number, title, status */
  accessible = g_strdup_printf (_("%d. %s. %s"), row->number, title, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static LessonRow *
make_lesson_row (LalanLibraryView *self,
                 LalanLesson      *lesson,
                 int               number)
{
  const char *summary = lalan_lesson_get_summary (lesson, language (self));
  int minutes = lalan_lesson_get_minutes (lesson);
  LessonRow *row = g_new0 (LessonRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *meta = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *number_text = g_strdup_printf ("%d", number);
  GtkWidget *badge = gtk_label_new (number_text);

  row->lesson = lalan_lesson_ref (lesson);
  row->number = number;
  row->row = gtk_list_box_row_new ();
  row->status_icon = gtk_image_new ();
  row->status_label = make_label (NULL, "lalan-lesson-status");

  gtk_widget_add_css_class (badge, "lalan-lesson-number");
  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), badge);

  gtk_box_append (GTK_BOX (texts), make_label (lalan_lesson_get_title (lesson, language (self)), "lalan-row-title"));
  if (summary != NULL)
    gtk_box_append (GTK_BOX (texts), make_label (summary, "lalan-row-text"));

  /* The status is a few words beside its icon; a wrapping label in a
   * horizontal box measures inconsistently in GTK 4.8, so it does not
   * wrap, and the duration goes on a line of its own. */
  gtk_label_set_wrap (GTK_LABEL (row->status_label), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->status_icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (meta), row->status_icon);
  gtk_box_append (GTK_BOX (meta), row->status_label);
  gtk_box_append (GTK_BOX (texts), meta);
  if (minutes > 0)
    {
      g_autofree char *time = NULL;

      /* Translators: how long a lesson takes */
      time = g_strdup_printf (ngettext ("About %d minute", "About %d minutes", minutes), minutes);
      gtk_box_append (GTK_BOX (texts), make_label (time, "dim-label"));
    }

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_widget_add_css_class (box, "lalan-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);
  if (summary != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row->row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                    -1);

  update_lesson_row (self, row);
  return row;
}

static void
remove_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
fill_lessons (LalanLibraryView *self)
{
  GPtrArray *lessons = lalan_learn_context_get_lessons (self->context, self->pack_id);
  GPtrArray *problems = lalan_learn_context_get_lesson_problems (self->context, self->pack_id);

  remove_rows (self->lesson_list);
  g_ptr_array_set_size (self->lesson_rows, 0);

  gtk_spinner_set_spinning (self->lessons_spinner, lessons == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->lessons_spinner), lessons == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->lesson_list), lessons != NULL && lessons->len > 0);

  for (guint i = 0; lessons != NULL && i < lessons->len; i++)
    {
      LessonRow *row = make_lesson_row (self, g_ptr_array_index (lessons, i), (int) i + 1);

      g_ptr_array_add (self->lesson_rows, row);
      gtk_list_box_append (self->lesson_list, row->row);
    }

  if (problems != NULL && problems->len > 0)
    {
      g_autofree char *joined = NULL;
      g_autofree char *text = NULL;

      g_ptr_array_add (problems, NULL);
      joined = g_strjoinv ("\n", (char **) problems->pdata);
      g_ptr_array_remove_index (problems, problems->len - 1);
      text = g_strdup_printf ("%s\n%s", _("Some lessons of this pack could not be read:"), joined);
      gtk_label_set_text (self->lesson_problems_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->lesson_problems_label), problems != NULL && problems->len > 0);
}

/* Continue where you left off */

static void
update_continue (LalanLibraryView *self)
{
  g_autoptr(GPtrArray) lessons = lalan_learn_context_dup_all_lessons (self->context);
  LalanLesson *best = NULL;
  gint64 best_time = 0;

  for (guint i = 0; i < lessons->len; i++)
    {
      LalanLesson *lesson = g_ptr_array_index (lessons, i);
      LalanLessonProgress progress;

      lalan_learn_context_get_lesson_progress (self->context, lesson, &progress);
      if (progress.started && !progress.completed && progress.last_time > best_time)
        {
          best = lesson;
          best_time = progress.last_time;
        }
    }

  if (best == self->continue_lesson && best != NULL)
    {
      LessonRow *row = g_object_get_data (G_OBJECT (gtk_widget_get_first_child (GTK_WIDGET (self->continue_list))), "lesson-row");

      if (row != NULL)
        update_lesson_row (self, row);
      return;
    }

  remove_rows (self->continue_list);
  g_clear_pointer (&self->continue_lesson, lalan_lesson_unref);
  gtk_widget_set_visible (self->continue_box, best != NULL);
  if (best == NULL)
    return;

  {
    LalanPack *pack = lalan_library_lookup (lalan_learn_context_get_library (self->context),
                                            lalan_lesson_get_pack_id (best));
    GPtrArray *pack_lessons = lalan_learn_context_get_lessons (self->context, lalan_lesson_get_pack_id (best));
    guint index = 0;
    LessonRow *row;

    if (pack_lessons != NULL)
      g_ptr_array_find (pack_lessons, best, &index);
    row = make_lesson_row (self, best, (int) index + 1);
    if (pack != NULL)
      gtk_widget_set_tooltip_text (row->row, lalan_pack_get_title (pack, language (self)));
    g_object_set_data_full (G_OBJECT (row->row), "lesson-row", row, (GDestroyNotify) lesson_row_free);
    gtk_list_box_append (self->continue_list, row->row);
    self->continue_lesson = lalan_lesson_ref (best);
  }
}

/* Callbacks */

static void
on_pack_row_activated_cb (LalanLibraryView *self,
                          GtkListBoxRow    *row)
{
  const char *pack_id = g_object_get_data (G_OBJECT (row), "pack-id");

  if (pack_id != NULL)
    lalan_library_view_show_pack (self, pack_id);
}

static void
on_lesson_row_activated_cb (LalanLibraryView *self,
                            GtkListBoxRow    *row)
{
  for (guint i = 0; i < self->lesson_rows->len; i++)
    {
      LessonRow *lesson_row = g_ptr_array_index (self->lesson_rows, i);

      if (lesson_row->row == GTK_WIDGET (row))
        {
          g_signal_emit (self, signals[LESSON_ACTIVATED], 0, lesson_row->lesson);
          return;
        }
    }
}

static void
on_continue_row_activated_cb (LalanLibraryView *self,
                              GtkListBoxRow    *row)
{
  if (self->continue_lesson != NULL)
    g_signal_emit (self, signals[LESSON_ACTIVATED], 0, self->continue_lesson);
}

static void
update_greeting (LalanLibraryView *self)
{
  const LalanLearner *learner = lalan_learn_context_get_learner (self->context);
  g_autofree char *text = NULL;

  if (learner == NULL || learner->is_guest)
    text = g_strdup (_("Choose a Lesson"));
  else
    /* Translators: the greeting above the lessons; %s is the learner's name */
    text = g_strdup_printf (_("Choose a Lesson, %s"), lalan_learner_get_display_name (learner));
  gtk_label_set_text (self->greeting_label, text);
}

static gboolean
load_all_lessons_cb (gpointer user_data)
{
  LalanLibraryView *self = user_data;

  self->load_source = 0;
  lalan_learn_context_load_lessons (self->context, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_library_changed_cb (LalanLibraryView *self)
{
  LalanLibrary *library = lalan_learn_context_get_library (self->context);
  GPtrArray *problems;

  g_hash_table_remove_all (self->pack_rows);
  g_ptr_array_set_size (self->lesson_rows, 0);
  g_clear_pointer (&self->continue_lesson, lalan_lesson_unref);
  remove_rows (self->continue_list);
  gtk_widget_set_visible (self->continue_box, FALSE);

  if (library == NULL)
    {
      gtk_list_box_bind_model (self->pack_list, NULL, NULL, NULL, NULL);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  gtk_list_box_bind_model (self->pack_list, G_LIST_MODEL (library), create_pack_row_cb, self, NULL);

  problems = lalan_library_get_problems (library);
  if (problems != NULL && problems->len > 0)
    {
      g_autofree char *joined = NULL;
      g_autofree char *text = NULL;

      g_ptr_array_add (problems, NULL);
      joined = g_strjoinv ("\n", (char **) problems->pdata);
      g_ptr_array_remove_index (problems, problems->len - 1);
      text = g_strdup_printf ("%s\n%s", _("Some lesson packs could not be read:"), joined);
      gtk_label_set_text (self->library_problems_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->library_problems_label), problems != NULL && problems->len > 0);

  if (g_list_model_get_n_items (G_LIST_MODEL (library)) == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (self->pack_id != NULL && lalan_library_lookup (library, self->pack_id) != NULL)
    lalan_library_view_show_pack (self, self->pack_id);
  else
    lalan_library_view_show_packs (self);

  /* The figures on the pack rows and the lesson to continue need every
   * lesson: read them once the list is on screen, behind it. */
  g_clear_handle_id (&self->load_source, g_source_remove);
  self->load_source = g_idle_add_full (G_PRIORITY_LOW, load_all_lessons_cb, self, NULL);
}

static void
on_lessons_loaded_cb (LalanLibraryView *self,
                      const char       *pack_id)
{
  LalanLibrary *library = lalan_learn_context_get_library (self->context);
  LalanPack *pack = library != NULL ? lalan_library_lookup (library, pack_id) : NULL;

  if (pack != NULL)
    update_pack_row (self, pack);
  if (g_strcmp0 (pack_id, self->pack_id) == 0)
    fill_lessons (self);
  update_continue (self);
}

static void
on_progress_changed_cb (LalanLibraryView *self)
{
  for (guint i = 0; i < self->lesson_rows->len; i++)
    update_lesson_row (self, g_ptr_array_index (self->lesson_rows, i));
  update_all_pack_rows (self);
  update_continue (self);
  update_greeting (self);
}

static void
show_packs_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  lalan_library_view_show_packs (LALAN_LIBRARY_VIEW (widget));
}

static void
lalan_library_view_dispose (GObject *object)
{
  LalanLibraryView *self = (LalanLibraryView *) object;

  g_clear_handle_id (&self->load_source, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  if (self->pack_list != NULL)
    gtk_list_box_bind_model (self->pack_list, NULL, NULL, NULL, NULL);
  g_clear_pointer (&self->lesson_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_LIBRARY_VIEW);

  G_OBJECT_CLASS (lalan_library_view_parent_class)->dispose (object);
}

static void
lalan_library_view_finalize (GObject *object)
{
  LalanLibraryView *self = (LalanLibraryView *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->pack_rows, g_hash_table_unref);
  g_clear_pointer (&self->pack_id, g_free);
  g_clear_pointer (&self->continue_lesson, lalan_lesson_unref);

  G_OBJECT_CLASS (lalan_library_view_parent_class)->finalize (object);
}

static void
lalan_library_view_class_init (LalanLibraryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_library_view_dispose;
  object_class->finalize = lalan_library_view_finalize;

  /**
   * LalanLibraryView::lesson-activated:
   * @lesson: the lesson chosen
   */
  signals[LESSON_ACTIVATED] =
    g_signal_new ("lesson-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LALAN_TYPE_LESSON);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-library-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, stack);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, greeting_label);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, continue_box);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, continue_list);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, pack_list);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, library_problems_label);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, lessons_scroller);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, packs_button);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, pack_title_label);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, pack_description_label);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, lessons_spinner);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, lesson_list);
  gtk_widget_class_bind_template_child (widget_class, LalanLibraryView, lesson_problems_label);
  gtk_widget_class_bind_template_callback (widget_class, on_pack_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_lesson_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_continue_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "library.show-packs", NULL, show_packs_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "library.show-packs", NULL);
}

static void
lalan_library_view_init (LalanLibraryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->pack_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->lesson_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) lesson_row_free);
}

/**
 * lalan_library_view_set_context:
 * @context: the learner's context
 */
void
lalan_library_view_set_context (LalanLibraryView  *self,
                                LalanLearnContext *context)
{
  g_return_if_fail (LALAN_IS_LIBRARY_VIEW (self));
  g_return_if_fail (LALAN_IS_LEARN_CONTEXT (context));

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);

  g_signal_connect_swapped (context, "notify::library", G_CALLBACK (on_library_changed_cb), self);
  g_signal_connect_swapped (context, "lessons-loaded", G_CALLBACK (on_lessons_loaded_cb), self);
  g_signal_connect_swapped (context, "progress-changed", G_CALLBACK (on_progress_changed_cb), self);

  on_library_changed_cb (self);
  update_greeting (self);
}

/**
 * lalan_library_view_show_packs:
 *
 * Shows the list of packs.
 */
void
lalan_library_view_show_packs (LalanLibraryView *self)
{
  LalanLibrary *library;
  g_autofree char *previous = NULL;

  g_return_if_fail (LALAN_IS_LIBRARY_VIEW (self));

  library = self->context ? lalan_learn_context_get_library (self->context) : NULL;
  if (library == NULL || g_list_model_get_n_items (G_LIST_MODEL (library)) == 0)
    return;

  previous = g_steal_pointer (&self->pack_id);
  gtk_stack_set_visible_child_name (self->stack, "packs");

  /* The keyboard moves only when the library is on screen; when it is
   * read behind "Who is learning?", the focus stays there. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  /* Back on the list, the keyboard is where it was: on the pack left;
   * else on the lesson to continue, or the first pack. */
  if (previous == NULL)
    {
      GtkWidget *first = gtk_widget_get_visible (self->continue_box)
                         ? gtk_widget_get_first_child (GTK_WIDGET (self->continue_list))
                         : gtk_widget_get_first_child (GTK_WIDGET (self->pack_list));

      if (first != NULL)
        gtk_widget_grab_focus (first);
    }
  else
    {
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->pack_list));
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        {
          if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "pack-id"), previous) == 0)
            {
              gtk_widget_grab_focus (row);
              break;
            }
        }
    }
}

/**
 * lalan_library_view_show_pack:
 * @pack_id: a pack of the library
 *
 * Shows the pack's lessons, reading them first if needed.
 */
void
lalan_library_view_show_pack (LalanLibraryView *self,
                              const char       *pack_id)
{
  LalanPack *pack;
  const char *description;

  g_return_if_fail (LALAN_IS_LIBRARY_VIEW (self));
  g_return_if_fail (pack_id != NULL);

  pack = lalan_library_lookup (lalan_learn_context_get_library (self->context), pack_id);
  if (pack == NULL)
    return;

  if (g_strcmp0 (self->pack_id, pack_id) != 0)
    {
      g_free (self->pack_id);
      self->pack_id = g_strdup (pack_id);
    }

  gtk_label_set_text (self->pack_title_label, lalan_pack_get_title (pack, language (self)));
  description = lalan_pack_get_description (pack, language (self));
  gtk_label_set_text (self->pack_description_label, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pack_description_label), description != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->lesson_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, lalan_pack_get_title (pack, language (self)),
                                  -1);

  fill_lessons (self);
  if (lalan_learn_context_get_lessons (self->context, pack_id) == NULL)
    lalan_learn_context_load_lessons (self->context, pack_id);

  gtk_stack_set_visible_child_name (self->stack, "lessons");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->lessons_scroller), 0);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (self->packs_button);
}

/**
 * lalan_library_view_get_pack_id:
 *
 * Returns: (nullable): the pack whose lessons are shown
 */
const char *
lalan_library_view_get_pack_id (LalanLibraryView *self)
{
  g_return_val_if_fail (LALAN_IS_LIBRARY_VIEW (self), NULL);

  return self->pack_id;
}

/**
 * lalan_library_view_focus_lesson:
 * @lesson: a lesson of the pack shown
 *
 * Puts the keyboard focus on the lesson's row, as when coming back from it.
 */
void
lalan_library_view_focus_lesson (LalanLibraryView *self,
                                 LalanLesson      *lesson)
{
  g_return_if_fail (LALAN_IS_LIBRARY_VIEW (self));

  for (guint i = 0; i < self->lesson_rows->len; i++)
    {
      LessonRow *row = g_ptr_array_index (self->lesson_rows, i);

      if (row->lesson == lesson)
        {
          gtk_widget_grab_focus (row->row);
          return;
        }
    }
}
