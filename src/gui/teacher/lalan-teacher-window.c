/* lalan-teacher-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-teacher-window.h"

#include "lalan-certificate.h"
#include "lalan-digcomp.h"
#include "lalan-learners.h"
#include "lalan-learning-report.h"
#include "lalan-lesson-picture.h"
#include "lalan-pin-page.h"
#include "lalan-teacher-pin.h"

#include "lalan-focus.h"

#include <glib/gi18n.h>
#include <string.h>

/* The teacher's view, behind the teacher PIN: each learner's progress per
 * lesson and per competence, the questions most learners get wrong, a
 * CSV of everything and a certificate per learner and lesson.
 *
 * Every figure is computed from the event log by the lessons core, the
 * same way the learner's own screens compute them; the log and the
 * learners are read on a worker thread. */

struct _LalanTeacherWindow
{
  AdwWindow             parent_instance;

  /* template children */
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *switcher_bar;
  GtkWidget            *export_button;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  LalanPinPage         *pin_page;
  AdwLeaflet           *leaflet;
  GtkListBox           *learner_list;
  GtkBox               *detail_box;
  GtkListBox           *questions_list;
  GtkWidget            *no_questions_label;

  /* owned */
  LalanLearnContext    *context;
  GPtrArray            *learners;      /* LalanLearner */
  GPtrArray            *lessons;       /* LalanLesson */
  LalanProgress        *progress;
  GSettings            *settings;
  GCancellable         *cancellable;
  GtkNativeDialog      *chooser;

  gboolean              unlocked;
};

G_DEFINE_FINAL_TYPE (LalanTeacherWindow, lalan_teacher_window, ADW_TYPE_WINDOW)

enum {
  READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void gather (LalanTeacherWindow *self);

static const char *
language (LalanTeacherWindow *self)
{
  return lalan_learn_context_get_language (self->context);
}

static void
add_toast (LalanTeacherWindow *self,
           const char         *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
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

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

static const char *
pack_title (LalanTeacherWindow *self,
            LalanLesson        *lesson)
{
  LalanLibrary *library = lalan_learn_context_get_library (self->context);
  LalanPack *pack = library ? lalan_library_lookup (library, lalan_lesson_get_pack_id (lesson)) : NULL;

  return pack != NULL ? lalan_pack_get_title (pack, language (self)) : lalan_lesson_get_pack_id (lesson);
}

static char *
format_score (guint right,
              guint total)
{
  /* Translators: a score, e.g. "3 of 4 right (75%)" */
  return g_strdup_printf (_("%u of %u right (%d%%)"), right, total,
                          total > 0 ? (int) ((double) right * 100 / total + 0.5) : 0);
}

/* Certificates */

typedef struct
{
  char   *path;
  char   *learner;
  char   *lesson;
  char   *pack;
  char  **competences;
  gboolean mastered;
  char   *centre;
} CertificateData;

static void
certificate_data_free (CertificateData *data)
{
  g_free (data->path);
  g_free (data->learner);
  g_free (data->lesson);
  g_free (data->pack);
  g_strfreev (data->competences);
  g_free (data->centre);
  g_free (data);
}

static void
certificate_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  CertificateData *data = task_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  LalanCertificate certificate = {
    .learner = data->learner,
    .lesson = data->lesson,
    .pack = data->pack,
    .competences = (const char * const *) data->competences,
    .mastered = data->mastered,
    .date = now,
    .centre = data->centre,
  };

  if (!lalan_certificate_write_pdf (&certificate, data->path, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
certificate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LalanTeacherWindow *self = LALAN_TEACHER_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_toast (self, error->message);
      return;
    }

  add_toast (self, _("The certificate is saved. Open it to print it."));
}

static const LalanLearner *
find_learner (LalanTeacherWindow *self,
              const char         *learner_id)
{
  for (guint i = 0; self->learners != NULL && i < self->learners->len; i++)
    {
      const LalanLearner *learner = g_ptr_array_index (self->learners, i);

      if (g_str_equal (learner->id, learner_id))
        return learner;
    }
  return NULL;
}

/**
 * lalan_teacher_window_write_certificate_async:
 * @learner_id: a learner
 * @lesson: a lesson they completed
 * @path: the PDF to write
 *
 * Writes a learner's certificate for a lesson, on a worker thread.
 */
void
lalan_teacher_window_write_certificate_async (LalanTeacherWindow  *self,
                                              const char          *learner_id,
                                              LalanLesson         *lesson,
                                              const char          *path,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  const LalanLearner *learner;
  g_autoptr(GTask) task = NULL;
  g_auto(GStrv) codes = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  LalanLessonProgress progress;
  CertificateData *data;

  g_return_if_fail (LALAN_IS_TEACHER_WINDOW (self));
  g_return_if_fail (self->progress != NULL);

  task = g_task_new (self, self->cancellable, callback ? callback : certificate_cb, user_data);
  g_task_set_source_tag (task, lalan_teacher_window_write_certificate_async);

  learner = find_learner (self, learner_id);
  if (learner == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This learner is no longer on this computer."));
      return;
    }

  codes = lalan_lesson_list_competences (lesson);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    g_ptr_array_add (lines, g_strdup_printf ("%s %s", codes[i], lalan_digcomp_get_title (codes[i])));
  g_ptr_array_add (lines, NULL);

  lalan_progress_get_lesson (self->progress, learner_id, lesson, LALAN_MASTERY_DEFAULT_THRESHOLD, &progress);

  data = g_new0 (CertificateData, 1);
  data->path = g_strdup (path);
  data->learner = g_strdup (lalan_learner_get_display_name (learner));
  data->lesson = g_strdup (lalan_lesson_get_title (lesson, language (self)));
  data->pack = g_strdup (pack_title (self, lesson));
  data->competences = (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
  data->mastered = progress.mastered;
  data->centre = g_settings_get_string (self->settings, "centre-name");

  g_task_set_task_data (task, data, (GDestroyNotify) certificate_data_free);
  g_task_run_in_thread (task, certificate_thread);
}

gboolean
lalan_teacher_window_write_certificate_finish (LalanTeacherWindow  *self,
                                               GAsyncResult        *result,
                                               GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
safe_file_name (const char *text)
{
  g_autofree char *name = g_strdup (text);

  /* Keep the name readable (Chinese stays) but without folder separators
   * or characters Windows refuses on a USB stick. */
  for (char *p = name; *p != '\0'; p++)
    {
      if (strchr ("/\\:*?\"<>|", *p) != NULL)
        *p = '-';
    }
  return g_steal_pointer (&name);
}

static void
on_certificate_chosen_cb (GtkNativeDialog    *chooser,
                          int                 response,
                          LalanTeacherWindow *self)
{
  g_autoptr(GFile) file = NULL;
  LalanLesson *lesson = g_object_get_data (G_OBJECT (chooser), "lesson");
  const char *learner_id = g_object_get_data (G_OBJECT (chooser), "learner-id");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL && g_file_peek_path (file) != NULL)
    lalan_teacher_window_write_certificate_async (self, learner_id, lesson, g_file_peek_path (file), NULL, NULL);

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
on_certificate_clicked_cb (GtkButton          *button,
                           LalanTeacherWindow *self)
{
  LalanLesson *lesson = g_object_get_data (G_OBJECT (button), "lesson");
  const char *learner_id = g_object_get_data (G_OBJECT (button), "learner-id");
  const LalanLearner *learner = find_learner (self, learner_id);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *safe = NULL;

  if (learner == NULL || self->chooser != NULL)
    return;

  /* Translators: the file name offered for a certificate: learner, lesson */
  name = g_strdup_printf (_("Certificate - %s - %s.pdf"), lalan_learner_get_display_name (learner),
                          lalan_lesson_get_title (lesson, language (self)));
  safe = safe_file_name (name);

  chooser = gtk_file_chooser_native_new (_("Save the Certificate"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), safe);
  g_object_set_data_full (G_OBJECT (chooser), "lesson", lalan_lesson_ref (lesson), (GDestroyNotify) lalan_lesson_unref);
  g_object_set_data_full (G_OBJECT (chooser), "learner-id", g_strdup (learner_id), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (on_certificate_chosen_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* One learner */

static GtkWidget *
make_lesson_row (LalanTeacherWindow        *self,
                 const LalanLearner        *learner,
                 LalanLesson               *lesson,
                 const LalanLessonProgress *progress)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *status = make_label (lalan_lesson_status_to_string (lalan_lesson_progress_get_status (progress)),
                                  "lalan-lesson-status");
  g_autofree char *steps_text = NULL;
  g_autofree char *score_text = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *score;
  GtkWidget *button;

  gtk_box_append (GTK_BOX (texts), make_label (lalan_lesson_get_title (lesson, language (self)), "lalan-row-title"));
  gtk_box_append (GTK_BOX (texts), make_label (pack_title (self, lesson), "dim-label"));
  gtk_box_append (GTK_BOX (texts), status);

  /* Translators: how far a learner went in a lesson */
  steps_text = g_strdup_printf (_("Steps seen: %u of %u"), progress->n_steps_seen, progress->n_steps);
  gtk_box_append (GTK_BOX (texts), make_label (steps_text, NULL));
  if (progress->n_items > 0)
    score_text = format_score (progress->n_items_right, progress->n_items);
  else
    score_text = g_strdup (_("No questions"));
  score = make_label (score_text, NULL);
  gtk_box_append (GTK_BOX (texts), score);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), texts);

  button = lalan_button_new_with_mnemonic (_("_Certificate…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, progress->completed);
  gtk_widget_set_tooltip_text (button, progress->completed ? _("Save a certificate to print")
                                                           : _("Available once the lesson is completed"));
  g_object_set_data_full (G_OBJECT (button), "lesson", lalan_lesson_ref (lesson), (GDestroyNotify) lalan_lesson_unref);
  g_object_set_data_full (G_OBJECT (button), "learner-id", g_strdup (learner->id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_certificate_clicked_cb), self);
  /* Translators: said by screen readers after "Certificate…"; %s is a lesson */
  accessible = g_strdup_printf (_("Certificate for %s"), lalan_lesson_get_title (lesson, language (self)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accessible, -1);
  gtk_box_append (GTK_BOX (box), button);

  gtk_widget_add_css_class (box, "lalan-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "lesson-id", g_strdup (lalan_lesson_get_id (lesson)), g_free);
  g_object_set_data (G_OBJECT (row), "status-label", status);
  g_object_set_data (G_OBJECT (row), "score-label", score);
  g_object_set_data (G_OBJECT (row), "certificate-button", button);

  return row;
}

static GtkWidget *
make_competence_row (const LalanCompetenceProgress *competence)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *title = g_strdup_printf ("%s %s", competence->code, lalan_digcomp_get_title (competence->code));
  g_autofree char *score_text = NULL;
  const char *status_text;
  GtkWidget *score;
  GtkWidget *status;

  if (competence->mastered)
    status_text = C_("competence status", "Mastered");
  else if (competence->n_answered > 0)
    status_text = C_("competence status", "Not yet");
  else
    status_text = C_("competence status", "Not started");

  if (competence->n_answered > 0)
    score_text = format_score (competence->n_right, competence->n_items);
  else
    /* Translators: a competence no question of which was answered yet */
    score_text = g_strdup_printf (ngettext ("%u question, none answered yet",
                                            "%u questions, none answered yet",
                                            competence->n_items),
                                  competence->n_items);

  gtk_box_append (GTK_BOX (box), make_label (title, "lalan-row-title"));
  status = make_label (status_text, "lalan-lesson-status");
  gtk_box_append (GTK_BOX (box), status);
  score = make_label (score_text, NULL);
  gtk_box_append (GTK_BOX (box), score);
  if (competence->max_level > 0)
    {
      g_autofree char *level = NULL;

      /* Translators: DigComp proficiency level, 1 to 8 */
      level = g_strdup_printf (_("Highest level answered right: %d"), competence->max_level);
      gtk_box_append (GTK_BOX (box), make_label (level, "dim-label"));
    }

  gtk_widget_add_css_class (box, "lalan-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "code", g_strdup (competence->code), g_free);
  g_object_set_data (G_OBJECT (row), "status-label", status);
  g_object_set_data (G_OBJECT (row), "score-label", score);

  return row;
}

static GtkWidget *
make_list (const char *name)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return list;
}

static GtkWidget *
make_heading (const char *text)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "label", text,
                                   "xalign", 0.0f,
                                   "wrap", TRUE,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                                   NULL);

  gtk_widget_add_css_class (label, "title-4");
  return label;
}

static void
show_learner (LalanTeacherWindow *self,
              const LalanLearner *learner)
{
  g_autoptr(GPtrArray) competences = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *lessons_list;
  GtkWidget *competences_list;
  guint n_started = 0, n_completed = 0, n_mastered = 0, n_not_started = 0;

  remove_children (GTK_WIDGET (self->detail_box));
  if (learner == NULL)
    return;

  gtk_box_append (self->detail_box,
                  g_object_new (GTK_TYPE_LABEL,
                                "label", lalan_learner_get_display_name (learner),
                                "xalign", 0.0f,
                                "wrap", TRUE,
                                "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                                "css-classes", (const char *[]) { "title-1", NULL },
                                NULL));

  lessons_list = make_list (_("Lessons"));
  g_object_set_data (G_OBJECT (self->detail_box), "lessons-list", lessons_list);
  for (guint i = 0; i < self->lessons->len; i++)
    {
      LalanLesson *lesson = g_ptr_array_index (self->lessons, i);
      LalanLessonProgress progress;

      lalan_progress_get_lesson (self->progress, learner->id, lesson, LALAN_MASTERY_DEFAULT_THRESHOLD, &progress);
      if (!progress.started)
        {
          n_not_started++;
          continue;
        }

      n_started++;
      if (progress.completed)
        n_completed++;
      if (progress.mastered)
        n_mastered++;
      gtk_list_box_append (GTK_LIST_BOX (lessons_list), make_lesson_row (self, learner, lesson, &progress));
    }

  /* Translators: a learner's summary in the teacher's view */
  summary = g_strdup_printf (_("Started %u lessons, completed %u, mastered %u. Not started yet: %u."),
                             n_started, n_completed, n_mastered, n_not_started);
  gtk_box_append (self->detail_box, make_label (summary, "lalan-page-text"));
  g_object_set_data_full (G_OBJECT (self->detail_box), "summary", g_strdup (summary), g_free);

  gtk_box_append (self->detail_box, make_heading (_("Lessons")));
  if (n_started > 0)
    gtk_box_append (self->detail_box, lessons_list);
  else
    {
      gtk_box_append (self->detail_box, make_label (_("No lesson started yet."), "dim-label"));
      g_object_ref_sink (lessons_list);
      g_object_set_data_full (G_OBJECT (self->detail_box), "lessons-list", lessons_list, g_object_unref);
    }

  gtk_box_append (self->detail_box, make_heading (_("Competences")));
  competences_list = make_list (_("Competences"));
  competences = lalan_progress_get_competences (self->progress, learner->id, self->lessons,
                                                LALAN_MASTERY_DEFAULT_THRESHOLD);
  for (guint i = 0; i < competences->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (competences_list), make_competence_row (g_ptr_array_index (competences, i)));
  gtk_box_append (self->detail_box, competences_list);
  g_object_set_data (G_OBJECT (self->detail_box), "competences-list", competences_list);
}

static void
on_learner_selected_cb (LalanTeacherWindow *self,
                        GtkListBoxRow      *row)
{
  const char *learner_id = row ? g_object_get_data (G_OBJECT (row), "learner-id") : NULL;

  /* The list unselects its rows as the window is disposed. */
  if (self->detail_box == NULL)
    return;

  show_learner (self, learner_id ? find_learner (self, learner_id) : NULL);
}

static void
on_learner_activated_cb (LalanTeacherWindow *self,
                         GtkListBoxRow      *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_leaflet_back_clicked_cb (LalanTeacherWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Hard questions */

static LalanLesson *
find_lesson (LalanTeacherWindow *self,
             const char         *pack_id,
             const char         *lesson_id)
{
  for (guint i = 0; i < self->lessons->len; i++)
    {
      LalanLesson *lesson = g_ptr_array_index (self->lessons, i);

      if (g_str_equal (lalan_lesson_get_pack_id (lesson), pack_id) &&
          g_str_equal (lalan_lesson_get_id (lesson), lesson_id))
        return lesson;
    }
  return NULL;
}

static void
fill_questions (LalanTeacherWindow *self)
{
  g_autoptr(GPtrArray) items = lalan_progress_get_hardest_items (self->progress, self->lessons, 1, 20);

  remove_children (GTK_WIDGET (self->questions_list));

  for (guint i = 0; i < items->len; i++)
    {
      const LalanItemStats *stats = g_ptr_array_index (items, i);
      LalanLesson *lesson = find_lesson (self, stats->pack_id, stats->lesson_id);
      g_autofree char *question = NULL;
      g_autofree char *figures = NULL;
      g_autofree char *still = NULL;
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *figures_label;

      if (lesson == NULL)
        continue;

      question = lalan_lesson_describe_item (lesson, stats->step_id, stats->item_id, language (self));
      /* Translators: e.g. "5 of 8 learners were wrong at the first try (63%)" */
      figures = g_strdup_printf (ngettext ("%u of %u learner was wrong at the first try (%d%%)",
                                           "%u of %u learners were wrong at the first try (%d%%)",
                                           stats->n_learners),
                                 stats->n_wrong_first, stats->n_learners,
                                 (int) (stats->wrong_ratio * 100 + 0.5));
      /* Translators: of the learners wrong at first, how many still are */
      still = g_strdup_printf (_("Still wrong at the last try: %u"), stats->n_wrong_last);

      gtk_box_append (GTK_BOX (box), make_label (question, "lalan-row-title"));
      gtk_box_append (GTK_BOX (box), make_label (lalan_lesson_get_title (lesson, language (self)), "dim-label"));
      figures_label = make_label (figures, NULL);
      gtk_box_append (GTK_BOX (box), figures_label);
      gtk_box_append (GTK_BOX (box), make_label (still, NULL));
      gtk_widget_add_css_class (box, "lalan-row");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      g_object_set_data_full (G_OBJECT (row), "item-id", g_strdup (stats->item_id), g_free);
      g_object_set_data (G_OBJECT (row), "figures-label", figures_label);
      gtk_list_box_append (self->questions_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->questions_list), items->len > 0);
  gtk_widget_set_visible (self->no_questions_label, items->len == 0);
}

/* Gathering the figures */

typedef struct
{
  GPtrArray     *learners;
  LalanProgress *progress;
} Gathered;

static void
gathered_free (Gathered *gathered)
{
  g_clear_pointer (&gathered->learners, g_ptr_array_unref);
  g_clear_pointer (&gathered->progress, lalan_progress_unref);
  g_free (gathered);
}

static void
gather_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LalanStore *store = task_data;
  g_autoptr(GError) error = NULL;
  Gathered *gathered = g_new0 (Gathered, 1);

  gathered->learners = lalan_store_list_learners (store, TRUE, &error);
  if (gathered->learners != NULL)
    gathered->progress = lalan_progress_new_from_store (store, NULL, &error);

  if (error != NULL)
    {
      gathered_free (gathered);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, gathered, (GDestroyNotify) gathered_free);
}

static void
fill_learners (LalanTeacherWindow *self)
{
  remove_children (GTK_WIDGET (self->learner_list));

  for (guint i = 0; i < self->learners->len; i++)
    {
      const LalanLearner *learner = g_ptr_array_index (self->learners, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autofree char *name = NULL;

      if (learner->is_guest)
        {
          g_autoptr(GDateTime) created = g_date_time_new_from_unix_local (learner->created_at / G_USEC_PER_SEC);
          g_autofree char *date = created ? g_date_time_format (created, "%Y-%m-%d %H:%M") : g_strdup ("");

          /* Translators: a guest in the teacher's list, with when they came */
          name = g_strdup_printf (_("Guest, %s"), date);
        }
      else
        {
          name = g_strdup (lalan_learner_get_display_name (learner));
        }

      gtk_box_append (GTK_BOX (box), lalan_avatar_picture_new (learner->avatar_id, 32));
      gtk_box_append (GTK_BOX (box), make_label (name, NULL));
      gtk_widget_add_css_class (box, "lalan-teacher-learner");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data_full (G_OBJECT (row), "learner-id", g_strdup (learner->id), g_free);
      gtk_list_box_append (self->learner_list, row);
    }
}

static void
gather_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LalanTeacherWindow *self = LALAN_TEACHER_WINDOW (object);
  g_autoptr(GError) error = NULL;
  Gathered *gathered;

  gathered = g_task_propagate_pointer (G_TASK (result), &error);
  if (gathered == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          add_toast (self, error->message);
          gtk_stack_set_visible_child_name (self->stack, "locked");
        }
      return;
    }

  g_clear_pointer (&self->learners, g_ptr_array_unref);
  g_clear_pointer (&self->progress, lalan_progress_unref);
  self->learners = g_steal_pointer (&gathered->learners);
  self->progress = g_steal_pointer (&gathered->progress);
  gathered_free (gathered);

  g_clear_pointer (&self->lessons, g_ptr_array_unref);
  self->lessons = lalan_learn_context_dup_all_lessons (self->context);

  fill_learners (self);
  fill_questions (self);
  if (self->learners->len > 0)
    gtk_list_box_select_row (self->learner_list, gtk_list_box_get_row_at_index (self->learner_list, 0));
  else
    gtk_box_append (self->detail_box, make_label (_("Nobody has learned on this computer yet."), "lalan-page-text"));

  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "report");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);
  gtk_widget_set_visible (self->switcher_bar, TRUE);
  gtk_widget_set_visible (self->export_button, TRUE);
  g_signal_emit (self, signals[READY], 0);
}

static void
on_lessons_loaded_cb (LalanTeacherWindow *self)
{
  if (lalan_learn_context_all_lessons_loaded (self->context))
    {
      g_signal_handlers_disconnect_by_func (self->context, on_lessons_loaded_cb, self);
      gather (self);
    }
}

static void
on_library_changed_cb (LalanTeacherWindow *self)
{
  if (lalan_learn_context_get_library (self->context) != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->context, on_library_changed_cb, self);
      gather (self);
    }
}

static void
gather (LalanTeacherWindow *self)
{
  g_autoptr(GTask) task = NULL;
  LalanStore *store = lalan_learn_context_get_store (self->context);

  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_set_spinning (self->spinner, TRUE);

  /* Every lesson is needed: per-competence figures count the items of
   * lessons nobody has opened too. */
  if (lalan_learn_context_get_library (self->context) == NULL)
    {
      g_signal_connect_swapped (self->context, "notify::library", G_CALLBACK (on_library_changed_cb), self);
      if (store != NULL)
        lalan_learn_context_reload_library (self->context);
      return;
    }
  if (!lalan_learn_context_all_lessons_loaded (self->context))
    {
      g_signal_connect_swapped (self->context, "lessons-loaded", G_CALLBACK (on_lessons_loaded_cb), self);
      lalan_learn_context_load_lessons (self->context, NULL);
      return;
    }

  task = g_task_new (self, self->cancellable, gather_cb, NULL);
  g_task_set_source_tag (task, gather);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, gather_thread);
}

/* The PIN */

static void
check_pin_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LalanStore *store = g_object_get_data (G_OBJECT (task), "store");
  g_autoptr(GError) error = NULL;

  if (!lalan_teacher_pin_check (store, task_data, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
check_pin_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LalanTeacherWindow *self = LALAN_TEACHER_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lalan_pin_page_show_error (self->pin_page, error->message);
      return;
    }

  self->unlocked = TRUE;
  gather (self);
}

static void
on_pin_submitted_cb (LalanTeacherWindow *self,
                     const char         *pin)
{
  g_autoptr(GTask) task = NULL;
  LalanStore *store = lalan_learn_context_get_store (self->context);

  if (store == NULL)
    {
      lalan_pin_page_show_error (self->pin_page, _("Lalan’s data is not open yet. Try again in a moment."));
      return;
    }

  lalan_pin_page_set_busy (self->pin_page, TRUE);
  task = g_task_new (self, self->cancellable, check_pin_cb, NULL);
  g_task_set_source_tag (task, on_pin_submitted_cb);
  g_task_set_task_data (task, g_strdup (pin), g_free);
  g_object_set_data_full (G_OBJECT (task), "store", g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, check_pin_thread);
}

static void
on_pin_cancelled_cb (LalanTeacherWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
is_set_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LalanTeacherWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean is_set = FALSE;

  if (!lalan_teacher_pin_is_set_finish (result, &is_set, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      add_toast (self, error->message);
    }

  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (is_set)
    {
      gtk_stack_set_visible_child_name (self->stack, "locked");
      lalan_pin_page_reset (self->pin_page, _("Teacher’s View"),
                            _("Enter the teacher PIN to see every learner’s progress."), NULL);
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "no-pin");
    }
}

/* Export */

static void
export_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autoptr(GError) human = NULL;
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 /* Translators: %s is a file name */
                                 _("The spreadsheet could not be saved as %s. Choose another folder."),
                                 name);
    }
  else
    g_task_return_boolean (task, TRUE);

  g_object_unref (task);
}

/**
 * lalan_teacher_window_export_csv_async:
 * @file: where to write the CSV
 *
 * Writes every learner's progress to @file (UTF-8 with a byte order mark).
 */
void
lalan_teacher_window_export_csv_async (LalanTeacherWindow  *self,
                                       GFile               *file,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GHashTable) pack_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GBytes) bytes = NULL;
  GTask *task;

  g_return_if_fail (LALAN_IS_TEACHER_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, lalan_teacher_window_export_csv_async);

  if (self->progress == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("Enter the teacher PIN first."));
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < self->lessons->len; i++)
    {
      LalanLesson *lesson = g_ptr_array_index (self->lessons, i);

      g_hash_table_replace (pack_titles, g_strdup (lalan_lesson_get_pack_id (lesson)),
                            g_strdup (pack_title (self, lesson)));
    }

  bytes = lalan_learning_report_to_csv (self->progress, self->learners, self->lessons, pack_titles,
                                        language (self), LALAN_MASTERY_DEFAULT_THRESHOLD);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, export_written_cb, task);
}

gboolean
lalan_teacher_window_export_csv_finish (LalanTeacherWindow  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LalanTeacherWindow *self = LALAN_TEACHER_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!lalan_teacher_window_export_csv_finish (self, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_toast (self, error->message);
      return;
    }

  add_toast (self, _("The spreadsheet is saved. It opens in Excel or LibreOffice."));
}

static void
on_export_chosen_cb (GtkNativeDialog    *chooser,
                     int                 response,
                     LalanTeacherWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    lalan_teacher_window_export_csv_async (self, file, export_done_cb, NULL);

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LalanTeacherWindow *self = LALAN_TEACHER_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (!self->unlocked || self->chooser != NULL)
    return;

  /* Translators: the file name offered for the progress spreadsheet */
  name = g_strdup_printf (_("Learning progress %s.csv"), date);
  chooser = gtk_file_chooser_native_new (_("Save the Progress Spreadsheet"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* Overrides */

static void
lalan_teacher_window_dispose (GObject *object)
{
  LalanTeacherWindow *self = (LalanTeacherWindow *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_TEACHER_WINDOW);

  G_OBJECT_CLASS (lalan_teacher_window_parent_class)->dispose (object);
}

static void
lalan_teacher_window_finalize (GObject *object)
{
  LalanTeacherWindow *self = (LalanTeacherWindow *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->learners, g_ptr_array_unref);
  g_clear_pointer (&self->lessons, g_ptr_array_unref);
  g_clear_pointer (&self->progress, lalan_progress_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lalan_teacher_window_parent_class)->finalize (object);
}

static void
lalan_teacher_window_class_init (LalanTeacherWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_teacher_window_dispose;
  object_class->finalize = lalan_teacher_window_finalize;

  /**
   * LalanTeacherWindow::ready:
   *
   * The PIN was right and the figures are shown.
   */
  signals[READY] =
    g_signal_new ("ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (LALAN_TYPE_PIN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-teacher-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, pin_page);
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, learner_list);
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, detail_box);
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, questions_list);
  gtk_widget_class_bind_template_child (widget_class, LalanTeacherWindow, no_questions_label);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_submitted_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_cancelled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_learner_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_learner_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "teacher.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lalan_teacher_window_init (LalanTeacherWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APPLICATION_ID);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
}

/**
 * lalan_teacher_window_new:
 * @parent: (nullable): the main window
 * @context: the Learn area's context (store and library)
 *
 * Returns: (transfer full): the teacher's view, asking for the teacher PIN
 */
GtkWindow *
lalan_teacher_window_new (GtkWindow         *parent,
                          LalanLearnContext *context)
{
  LalanTeacherWindow *self;
  LalanStore *store;

  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (context), NULL);

  self = g_object_new (LALAN_TYPE_TEACHER_WINDOW,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->context = g_object_ref (context);

  store = lalan_learn_context_get_store (context);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  if (store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-pin");
      return GTK_WINDOW (self);
    }

  lalan_teacher_pin_is_set_async (store, self->cancellable, is_set_cb, g_object_ref (self));

  return GTK_WINDOW (self);
}
