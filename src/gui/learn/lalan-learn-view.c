/* lalan-learn-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-learn-view.h"

#include "lalan-application.h"
#include "lalan-learn-context.h"
#include "lalan-learner-dialog.h"
#include "lalan-learner-picker.h"
#include "lalan-learners.h"
#include "lalan-lesson-picture.h"
#include "lalan-lesson-player.h"
#include "lalan-library-view.h"
#include "lalan-pack-importer.h"
#include "lalan-server-lessons-dialog.h"
#include "lalan-pin-page.h"
#include "lalan-window.h"
#include "teacher/lalan-teacher-window.h"

#include <glib/gi18n.h>
#include <string.h>

/* The Learn area on a shared computer: "Who is learning?", a PIN when
 * the learner has one, the library, the lesson player. After the idle
 * time set in Preferences, "Is this still you?" comes before anything
 * else, so the next person does not carry on in someone else's name. */

#define IDLE_CHECK_SECONDS 10

struct _LalanLearnView
{
  GtkWidget           parent_instance;

  /* template children */
  GtkStack           *stack;
  LalanLearnerPicker *picker;
  LalanPinPage       *pin_page;
  AdwStatusPage      *still_page;
  GtkWidget          *still_yes_button;
  GtkWidget          *learner_bar;
  GtkWidget          *avatar_slot;
  GtkLabel           *learner_name_label;
  GtkWidget          *save_guest_button;
  LalanLibraryView   *library_view;
  LalanLessonPlayer  *player;

  /* owned */
  LalanLearnContext  *context;
  LalanLearner       *pin_learner;     /* who the PIN page asks for */
  LalanPackImporter  *importer;
  GSettings          *settings;
  GCancellable       *cancellable;
  char               *resume_page;     /* where "Yes, it's me" goes back to */

  /* borrowed */
  LalanApplication   *application;

  gint64              last_activity;
  guint               idle_source;
  gboolean            pin_resumes;
};

G_DEFINE_FINAL_TYPE (LalanLearnView, lalan_learn_view, GTK_TYPE_WIDGET)

static void
add_toast (LalanLearnView *self,
           const char     *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (LALAN_IS_WINDOW (root))
    lalan_window_add_toast (LALAN_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static void
show_page (LalanLearnView *self,
           const char     *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
}

/* Learners */

/* At start the keyboard is nowhere yet: put it on the first picture,
 * whichever comes last, the learners or the window on screen. */
static void
focus_picker_if_idle (LalanLearnView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "who") != 0 ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    lalan_learner_picker_focus (self->picker);
}

static gpointer
list_learners_job (LalanStore    *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return lalan_store_list_learners (store, FALSE, error);
}

static void
list_learners_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LalanLearnView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) learners = NULL;

  learners = lalan_store_run_finish (LALAN_STORE (object), result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      add_toast (self, error->message);
    }

  lalan_learner_picker_set_learners (self->picker, learners);

  /* The learners arrive a moment after the window: the keyboard moves
   * from where it waited (Add a Learner) to the first of them. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "who") == 0 &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    lalan_learner_picker_focus (self->picker);
}

static void
reload_learners (LalanLearnView *self)
{
  LalanStore *store = lalan_learn_context_get_store (self->context);

  if (store == NULL)
    return;

  lalan_learner_picker_set_loading (self->picker, TRUE);
  lalan_store_run_async (store, list_learners_job, NULL, NULL,
                         (GDestroyNotify) g_ptr_array_unref,
                         self->cancellable, list_learners_cb, self);
}

static void
update_learner_bar (LalanLearnView *self)
{
  const LalanLearner *learner = lalan_learn_context_get_learner (self->context);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->avatar_slot)) != NULL)
    gtk_box_remove (GTK_BOX (self->avatar_slot), child);

  if (learner == NULL)
    return;

  gtk_box_append (GTK_BOX (self->avatar_slot), lalan_avatar_picture_new (learner->avatar_id, 40));
  gtk_label_set_text (self->learner_name_label, lalan_learner_get_display_name (learner));
  gtk_widget_set_visible (self->save_guest_button, learner->is_guest);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "learn.save-guest", learner->is_guest);
}

static void
start_learning (LalanLearnView     *self,
                const LalanLearner *learner)
{
  lalan_learn_context_set_learner (self->context, learner);
  update_learner_bar (self);
  self->last_activity = g_get_monotonic_time ();
  show_page (self, "library");
  lalan_library_view_show_packs (self->library_view);
}

static void
ask_pin (LalanLearnView     *self,
         const LalanLearner *learner,
         gboolean            resumes)
{
  g_autofree char *title = NULL;

  g_clear_pointer (&self->pin_learner, lalan_learner_free);
  self->pin_learner = lalan_learner_copy (learner);
  self->pin_resumes = resumes;

  /* Translators: %s is a learner's name */
  title = g_strdup_printf (_("Enter Your PIN, %s"), lalan_learner_get_display_name (learner));
  show_page (self, "pin");
  lalan_pin_page_reset (self->pin_page, title, NULL, learner->avatar_id);
}

static void
on_learner_chosen_cb (LalanLearnView     *self,
                      const LalanLearner *learner)
{
  if (learner->pin_hash != NULL)
    ask_pin (self, learner, FALSE);
  else
    start_learning (self, learner);
}

typedef struct
{
  LalanLearner *learner;
  char         *pin;
} PinCheck;

static void
pin_check_free (PinCheck *check)
{
  lalan_learner_free (check->learner);
  memset (check->pin, 0, strlen (check->pin));
  g_free (check->pin);
  g_free (check);
}

static void
check_pin_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PinCheck *check = task_data;

  g_task_return_boolean (task, lalan_learner_check_pin (check->learner, check->pin));
}

static void
check_pin_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LalanLearnView *self = LALAN_LEARN_VIEW (object);
  PinCheck *check = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (error == NULL)
        lalan_pin_page_show_error (self->pin_page, _("That PIN is not right. Try again."));
      return;
    }

  if (self->pin_resumes)
    {
      self->last_activity = g_get_monotonic_time ();
      show_page (self, self->resume_page != NULL ? self->resume_page : "library");
    }
  else
    {
      start_learning (self, check->learner);
    }
}

static void
on_pin_submitted_cb (LalanLearnView *self,
                     const char     *pin)
{
  g_autoptr(GTask) task = NULL;
  PinCheck *check;

  if (self->pin_learner == NULL)
    return;

  check = g_new0 (PinCheck, 1);
  check->learner = lalan_learner_copy (self->pin_learner);
  check->pin = g_strdup (pin);

  lalan_pin_page_set_busy (self->pin_page, TRUE);
  task = g_task_new (self, self->cancellable, check_pin_cb, NULL);
  g_task_set_source_tag (task, on_pin_submitted_cb);
  g_task_set_task_data (task, check, (GDestroyNotify) pin_check_free);
  g_task_run_in_thread (task, check_pin_thread);
}

static void
on_pin_cancelled_cb (LalanLearnView *self)
{
  if (self->pin_resumes)
    show_page (self, "still");
  else
    lalan_learn_view_switch_learner (self);
}

/* Lessons */

static void
on_lesson_activated_cb (LalanLearnView *self,
                        LalanLesson    *lesson)
{
  lalan_lesson_player_open (self->player, lesson, -1);
  show_page (self, "player");
}

static void
on_player_closed_cb (LalanLearnView *self)
{
  LalanLesson *lesson = lalan_lesson_player_get_lesson (self->player);

  show_page (self, "library");
  if (lesson != NULL)
    {
      lalan_library_view_show_pack (self->library_view, lalan_lesson_get_pack_id (lesson));
      lalan_library_view_focus_lesson (self->library_view, lesson);
    }
}

/* Idle */

static gboolean
on_event_cb (GtkEventControllerLegacy *controller,
             GdkEvent                 *event,
             LalanLearnView           *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
      self->last_activity = g_get_monotonic_time ();
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static gboolean
check_idle_cb (gpointer user_data)
{
  LalanLearnView *self = user_data;
  int minutes = g_settings_get_int (self->settings, "idle-minutes");

  if (minutes > 0 &&
      g_get_monotonic_time () - self->last_activity > (gint64) minutes * 60 * G_USEC_PER_SEC)
    lalan_learn_view_ask_still_here (self);

  return G_SOURCE_CONTINUE;
}

/* Store and application */

static void
on_store_changed_cb (LalanLearnView *self)
{
  LalanStore *store = self->application ? lalan_application_get_store (self->application) : NULL;

  if (store == lalan_learn_context_get_store (self->context))
    return;

  lalan_learn_context_set_store (self->context, store);
  if (store != NULL)
    {
      lalan_learn_context_reload_library (self->context);
      reload_learners (self);
    }
}

static void
on_application_changed_cb (LalanLearnView *self,
                           GParamSpec     *pspec,
                           GtkWindow      *window)
{
  GtkApplication *application = gtk_window_get_application (window);

  if (!LALAN_IS_APPLICATION (application) || LALAN_APPLICATION (application) == self->application)
    return;

  self->application = LALAN_APPLICATION (application);
  g_signal_connect_object (application, "notify::store",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  on_store_changed_cb (self);
}

static void
on_context_problem_cb (LalanLearnView *self,
                       const char     *message)
{
  add_toast (self, message);
}

static void
on_import_finished_cb (LalanLearnView *self,
                       gboolean        installed,
                       const char     *message)
{
  if (installed && message != NULL)
    add_toast (self, message);
}

/* Actions */

static void
on_learner_saved_cb (LalanLearnView     *self,
                     const LalanLearner *learner)
{
  reload_learners (self);
  start_learning (self, learner);
}

static void
add_learner_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  lalan_learn_view_add_learner (LALAN_LEARN_VIEW (widget));
}

static gpointer
create_guest_job (LalanStore    *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return lalan_learners_create_guest (store, error);
}

static void
create_guest_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LalanLearnView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanLearner) guest = NULL;

  guest = lalan_store_run_finish (LALAN_STORE (object), result, &error);
  if (guest == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_toast (self, error->message);
      return;
    }

  start_learning (self, guest);
}

static void
guest_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LalanLearnView *self = LALAN_LEARN_VIEW (widget);
  LalanStore *store = lalan_learn_context_get_store (self->context);

  if (store == NULL)
    return;

  lalan_store_run_async (store, create_guest_job, NULL, NULL,
                         (GDestroyNotify) lalan_learner_free,
                         self->cancellable, create_guest_cb, self);
}

static void
save_guest_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LalanLearnView *self = LALAN_LEARN_VIEW (widget);
  const LalanLearner *learner = lalan_learn_context_get_learner (self->context);
  LalanStore *store = lalan_learn_context_get_store (self->context);
  LalanLearnerDialog *dialog;

  if (learner == NULL || !learner->is_guest || store == NULL)
    return;

  dialog = lalan_learner_dialog_new (store, learner);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_learner_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
switch_learner_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  lalan_learn_view_switch_learner (LALAN_LEARN_VIEW (widget));
}

static void
still_yes_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LalanLearnView *self = LALAN_LEARN_VIEW (widget);
  const LalanLearner *learner = lalan_learn_context_get_learner (self->context);

  if (learner == NULL)
    {
      lalan_learn_view_switch_learner (self);
      return;
    }

  if (learner->pin_hash != NULL)
    {
      ask_pin (self, learner, TRUE);
      return;
    }

  self->last_activity = g_get_monotonic_time ();
  show_page (self, self->resume_page != NULL ? self->resume_page : "library");
}

static LalanPackImporter *
ensure_importer (LalanLearnView *self)
{
  if (self->importer == NULL)
    {
      self->importer = lalan_pack_importer_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                self->context);
      g_signal_connect_object (self->importer, "finished",
                               G_CALLBACK (on_import_finished_cb), self, G_CONNECT_SWAPPED);
    }

  return self->importer;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LalanLearnView *self = LALAN_LEARN_VIEW (widget);

  lalan_pack_importer_choose (ensure_importer (self), g_str_equal (action_name, "learn.import-folder"));
}

static void
on_server_pack_downloaded_cb (LalanLearnView *self,
                              const char     *path)
{
  lalan_pack_importer_import_download (ensure_importer (self), path);
}

static void
import_server_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LalanLearnView *self = LALAN_LEARN_VIEW (widget);
  LalanServerLessonsDialog *dialog;

  dialog = lalan_server_lessons_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                            lalan_learn_context_get_store (self->context),
                                            lalan_learn_context_get_library (self->context));
  g_signal_connect_object (dialog, "downloaded", G_CALLBACK (on_server_pack_downloaded_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
teacher_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LalanLearnView *self = LALAN_LEARN_VIEW (widget);
  GtkWindow *window;

  window = lalan_teacher_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->context);
  gtk_window_present (window);
}

/* Overrides */

static void
lalan_learn_view_root (GtkWidget *widget)
{
  LalanLearnView *self = LALAN_LEARN_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (lalan_learn_view_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      /* GtkWindow:application is set after the window's template is
       * built, so the view follows it and then the store. */
      g_signal_connect_object (root, "notify::application",
                               G_CALLBACK (on_application_changed_cb), self, G_CONNECT_SWAPPED);
      on_application_changed_cb (self, NULL, GTK_WINDOW (root));
    }
}

static void
lalan_learn_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lalan_learn_view_parent_class)->map (widget);

  focus_picker_if_idle (LALAN_LEARN_VIEW (widget));
}

static void
lalan_learn_view_dispose (GObject *object)
{
  LalanLearnView *self = (LalanLearnView *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->importer);

  gtk_widget_dispose_template (GTK_WIDGET (object), LALAN_TYPE_LEARN_VIEW);

  G_OBJECT_CLASS (lalan_learn_view_parent_class)->dispose (object);
}

static void
lalan_learn_view_finalize (GObject *object)
{
  LalanLearnView *self = (LalanLearnView *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->pin_learner, lalan_learner_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->resume_page, g_free);

  G_OBJECT_CLASS (lalan_learn_view_parent_class)->finalize (object);
}

static void
lalan_learn_view_class_init (LalanLearnViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_learn_view_dispose;
  object_class->finalize = lalan_learn_view_finalize;

  widget_class->root = lalan_learn_view_root;
  widget_class->map = lalan_learn_view_map;

  g_type_ensure (LALAN_TYPE_LEARNER_PICKER);
  g_type_ensure (LALAN_TYPE_PIN_PAGE);
  g_type_ensure (LALAN_TYPE_LIBRARY_VIEW);
  g_type_ensure (LALAN_TYPE_LESSON_PLAYER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-learn-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanLearnView, stack);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnView, picker);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnView, pin_page);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnView, still_page);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnView, still_yes_button);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnView, learner_bar);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnView, avatar_slot);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnView, learner_name_label);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnView, save_guest_button);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnView, library_view);
  gtk_widget_class_bind_template_child (widget_class, LalanLearnView, player);
  gtk_widget_class_bind_template_callback (widget_class, on_learner_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_submitted_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_cancelled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_lesson_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_player_closed_cb);

  gtk_widget_class_install_action (widget_class, "learn.add-learner", NULL, add_learner_action);
  gtk_widget_class_install_action (widget_class, "learn.guest", NULL, guest_action);
  gtk_widget_class_install_action (widget_class, "learn.save-guest", NULL, save_guest_action);
  gtk_widget_class_install_action (widget_class, "learn.switch-learner", NULL, switch_learner_action);
  gtk_widget_class_install_action (widget_class, "learn.still-yes", NULL, still_yes_action);
  gtk_widget_class_install_action (widget_class, "learn.import-file", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "learn.import-folder", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "learn.import-server", NULL, import_server_action);
  gtk_widget_class_install_action (widget_class, "learn.teacher", NULL, teacher_action);
}

static void
lalan_learn_view_init (LalanLearnView *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APPLICATION_ID);
  self->context = lalan_learn_context_new ();
  g_signal_connect_swapped (self->context, "problem", G_CALLBACK (on_context_problem_cb), self);

  lalan_library_view_set_context (self->library_view, self->context);
  lalan_lesson_player_set_context (self->player, self->context);
  lalan_learner_picker_set_loading (self->picker, TRUE);

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (on_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->last_activity = g_get_monotonic_time ();
  self->idle_source = g_timeout_add_seconds (IDLE_CHECK_SECONDS, check_idle_cb, self);

  show_page (self, "who");
}

/**
 * lalan_learn_view_get_context:
 *
 * Returns: (transfer none): what the Learn area's pages share
 */
LalanLearnContext *
lalan_learn_view_get_context (LalanLearnView *self)
{
  g_return_val_if_fail (LALAN_IS_LEARN_VIEW (self), NULL);

  return self->context;
}

/**
 * lalan_learn_view_get_page:
 *
 * Returns: the page shown: "who", "pin", "still", "library" or "player"
 */
const char *
lalan_learn_view_get_page (LalanLearnView *self)
{
  g_return_val_if_fail (LALAN_IS_LEARN_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * lalan_learn_view_add_learner:
 *
 * Opens the dialog to add a learner; they start learning once saved.
 */
void
lalan_learn_view_add_learner (LalanLearnView *self)
{
  LalanStore *store;
  LalanLearnerDialog *dialog;

  g_return_if_fail (LALAN_IS_LEARN_VIEW (self));

  store = lalan_learn_context_get_store (self->context);
  if (store == NULL)
    return;

  dialog = lalan_learner_dialog_new (store, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_learner_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * lalan_learn_view_switch_learner:
 *
 * Back to "Who is learning?", with nobody's lessons open.
 */
void
lalan_learn_view_switch_learner (LalanLearnView *self)
{
  g_return_if_fail (LALAN_IS_LEARN_VIEW (self));

  lalan_learn_context_set_learner (self->context, NULL);
  g_clear_pointer (&self->pin_learner, lalan_learner_free);
  g_clear_pointer (&self->resume_page, g_free);
  reload_learners (self);
  show_page (self, "who");
  lalan_learner_picker_focus (self->picker);
}

/**
 * lalan_learn_view_ask_still_here:
 *
 * Asks "Is this still you?" now, as the idle timer does, when a learner
 * is learning.
 */
void
lalan_learn_view_ask_still_here (LalanLearnView *self)
{
  const LalanLearner *learner;
  const char *page;
  g_autofree char *title = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *resource = NULL;

  g_return_if_fail (LALAN_IS_LEARN_VIEW (self));

  learner = lalan_learn_context_get_learner (self->context);
  page = gtk_stack_get_visible_child_name (self->stack);
  if (learner == NULL || (g_strcmp0 (page, "library") != 0 && g_strcmp0 (page, "player") != 0))
    return;

  g_free (self->resume_page);
  self->resume_page = g_strdup (page);

  if (learner->is_guest)
    title = g_strdup (_("Are You Still Learning Here?"));
  else
    /* Translators: asked after a while without use; %s is the learner's name */
    title = g_strdup_printf (_("Is This Still You, %s?"), lalan_learner_get_display_name (learner));

  resource = lalan_avatar_get_resource (learner->avatar_id);
  texture = gdk_texture_new_from_resource (resource);
  adw_status_page_set_paintable (self->still_page, GDK_PAINTABLE (texture));
  adw_status_page_set_title (self->still_page, title);
  show_page (self, "still");
  gtk_widget_grab_focus (self->still_yes_button);
}

/**
 * lalan_learn_view_get_importer:
 *
 * Returns: (transfer none): the importer of lesson packs
 */
LalanPackImporter *
lalan_learn_view_get_importer (LalanLearnView *self)
{
  g_return_val_if_fail (LALAN_IS_LEARN_VIEW (self), NULL);

  return ensure_importer (self);
}
