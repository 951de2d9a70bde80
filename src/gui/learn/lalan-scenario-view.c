/* lalan-scenario-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-scenario-view.h"

#include "lalan-learning-log.h"
#include "lalan-lesson-picture.h"
#include "lalan-text.h"

#include "lalan-focus.h"

#include <glib/gi18n.h>

/* A safe simulation: a phone's text messages, a LINE chat, a web page or
 * a form, drawn with ordinary widgets and CSS (style.css, .lalan-phone).
 * Whatever the pack marks as an item can be tapped — it is a toggle
 * button, so it is reached with Tab and pressed with Space like any
 * control, and a screen reader says whether it is marked. Fields are
 * entries. Done grades every item at once and tells why for each. */

#define PHONE_WIDTH 440

struct _LalanScenarioView
{
  GtkWidget              parent_instance;

  /* borrowed; owned by the lesson */
  const LalanLessonStep *step;

  /* owned */
  LalanLearnContext     *context;
  LalanLesson           *lesson;
  GHashTable            *spots;       /* item id → GPtrArray of GtkToggleButton */
  GHashTable            *fields;      /* item id → GtkEntry */
  GHashTable            *item_texts;  /* item id → the words it is about */
  GCancellable          *cancellable;

  /* children */
  GtkWidget             *box;
  GtkWidget             *done_button;
  GtkWidget             *retry_button;
  GtkWidget             *results_box;

  gboolean               syncing;
  gboolean               answered;
};

G_DEFINE_FINAL_TYPE (LalanScenarioView, lalan_scenario_view, GTK_TYPE_WIDGET)

enum {
  ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
localized (LalanScenarioView *self,
           GHashTable        *texts)
{
  return lalan_text_lookup_localized (texts, lalan_learn_context_get_language (self->context), NULL);
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
on_spot_toggled_cb (GtkToggleButton   *button,
                    LalanScenarioView *self)
{
  const char *item = g_object_get_data (G_OBJECT (button), "item");
  GPtrArray *buttons = g_hash_table_lookup (self->spots, item);
  gboolean active = gtk_toggle_button_get_active (button);

  /* An item drawn in two places is one thing: marking one marks both. */
  if (self->syncing)
    return;
  self->syncing = TRUE;
  for (guint i = 0; i < buttons->len; i++)
    gtk_toggle_button_set_active (g_ptr_array_index (buttons, i), active);
  self->syncing = FALSE;
}

static GtkWidget *
wrap_in_spot (LalanScenarioView *self,
              GtkWidget         *content,
              const char        *item,
              const char        *text)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *mark = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GPtrArray *buttons;

  gtk_widget_set_hexpand (content, TRUE);
  gtk_box_append (GTK_BOX (box), content);
  gtk_widget_add_css_class (mark, "lalan-spot-mark");
  gtk_widget_set_valign (mark, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "lalan-spot");
  g_object_set_data_full (G_OBJECT (button), "item", g_strdup (item), g_free);
  g_signal_connect (button, "toggled", G_CALLBACK (on_spot_toggled_cb), self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Press to mark as suspicious"),
                                  -1);

  buttons = g_hash_table_lookup (self->spots, item);
  if (buttons == NULL)
    {
      buttons = g_ptr_array_new ();
      g_hash_table_insert (self->spots, g_strdup (item), buttons);
    }
  g_ptr_array_add (buttons, button);
  if (!g_hash_table_contains (self->item_texts, item))
    g_hash_table_insert (self->item_texts, g_strdup (item), g_strdup (text));

  return button;
}

static const char *element_classes[] = {
  [LALAN_ELEMENT_MESSAGE] = "lalan-mock-message",
  [LALAN_ELEMENT_HEADING] = "lalan-mock-heading",
  [LALAN_ELEMENT_TEXT] = "lalan-mock-text",
  [LALAN_ELEMENT_NOTICE] = "lalan-mock-notice",
  [LALAN_ELEMENT_PRICE] = "lalan-mock-price",
  [LALAN_ELEMENT_LINK] = "lalan-mock-link",
  [LALAN_ELEMENT_BUTTON] = "lalan-mock-button",
  [LALAN_ELEMENT_IMAGE] = "lalan-mock-image",
  [LALAN_ELEMENT_FIELD] = "lalan-mock-field",
};

static GtkWidget *
make_field (LalanScenarioView          *self,
            const LalanScenarioElement *element)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char *text = localized (self, element->text);
  const char *placeholder = localized (self, element->placeholder);
  GtkWidget *label = make_label (text, "lalan-mock-field-label");
  GtkWidget *entry = gtk_entry_new ();

  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);

  if (element->item != NULL)
    {
      g_hash_table_replace (self->fields, g_strdup (element->item), entry);
      g_hash_table_replace (self->item_texts, g_strdup (element->item), g_strdup (text));
    }

  return box;
}

static GtkWidget *
make_parts (LalanScenarioView          *self,
            const LalanScenarioElement *element)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  /* Runs of text that can be tapped on their own are drawn one under
   * the other: a label cannot hold a button in the middle of a line. */
  for (guint i = 0; i < element->parts->len; i++)
    {
      const LalanScenarioPart *part = g_ptr_array_index (element->parts, i);
      const char *text = localized (self, part->text);
      GtkWidget *label = make_label (text, "lalan-mock-part");

      if (part->item != NULL)
        gtk_box_append (GTK_BOX (box), wrap_in_spot (self, label, part->item, text));
      else
        gtk_box_append (GTK_BOX (box), label);
    }

  return box;
}

static GtkWidget *
make_element (LalanScenarioView          *self,
              const LalanScenarioElement *element)
{
  const char *text = localized (self, element->text);
  GtkWidget *content;
  GtkWidget *widget;

  if (element->kind == LALAN_ELEMENT_FIELD)
    {
      widget = make_field (self, element);
      gtk_widget_add_css_class (widget, element_classes[element->kind]);
      return widget;
    }

  if (element->parts != NULL)
    content = make_parts (self, element);
  else if (element->kind == LALAN_ELEMENT_IMAGE)
    content = lalan_lesson_picture_new (element->picture, text, PHONE_WIDTH - 48, self->cancellable);
  else
    content = make_label (text, NULL);

  gtk_widget_add_css_class (content, element_classes[element->kind]);
  if (element->kind == LALAN_ELEMENT_BUTTON)
    {
      gtk_widget_set_halign (content, GTK_ALIGN_CENTER);
      if (GTK_IS_LABEL (content))
        gtk_label_set_xalign (GTK_LABEL (content), 0.5f);
    }

  widget = content;
  if (element->item != NULL)
    widget = wrap_in_spot (self, content, element->item, text != NULL ? text : "");

  if (element->kind == LALAN_ELEMENT_MESSAGE)
    {
      GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gboolean mine = g_strcmp0 (element->from, "me") == 0;

      gtk_widget_add_css_class (widget, "lalan-bubble");
      gtk_widget_add_css_class (widget, mine ? "mine" : "theirs");
      gtk_box_append (GTK_BOX (column), widget);
      if (element->time != NULL)
        {
          GtkWidget *time = make_label (element->time, "lalan-mock-time");

          gtk_label_set_xalign (GTK_LABEL (time), mine ? 1.0f : 0.0f);
          gtk_box_append (GTK_BOX (column), time);
        }
      gtk_widget_set_halign (column, mine ? GTK_ALIGN_END : GTK_ALIGN_START);
      gtk_widget_set_margin_start (column, mine ? 48 : 0);
      gtk_widget_set_margin_end (column, mine ? 0 : 48);
      widget = column;
    }

  return widget;
}

static GtkWidget *
make_header (LalanScenarioView *self)
{
  const char *title = localized (self, self->step->header_title);
  const char *subtitle = localized (self, self->step->header_subtitle);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon = NULL;

  gtk_widget_add_css_class (header, "lalan-phone-header");

  switch (self->step->screen)
    {
    case LALAN_SCENARIO_SMS:
    case LALAN_SCENARIO_LINE:
      icon = gtk_image_new_from_icon_name ("go-previous-symbolic");
      if (title != NULL)
        gtk_box_append (GTK_BOX (texts), make_label (title, "lalan-phone-title"));
      if (subtitle != NULL)
        gtk_box_append (GTK_BOX (texts), make_label (subtitle, "lalan-phone-subtitle"));
      break;

    case LALAN_SCENARIO_WEB:
    case LALAN_SCENARIO_FORM:
      /* A browser shows the address, which is what to look at. */
      icon = gtk_image_new_from_icon_name ("channel-secure-symbolic");
      gtk_box_append (GTK_BOX (texts),
                      make_label (subtitle != NULL ? subtitle : title, "lalan-phone-address"));
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (header), icon);
  gtk_box_append (GTK_BOX (header), texts);

  return header;
}

static const char *
screen_name (LalanScenarioScreen screen)
{
  switch (screen)
    {
    case LALAN_SCENARIO_SMS:
      return _("A phone’s text messages");
    case LALAN_SCENARIO_LINE:
      return _("A LINE chat");
    case LALAN_SCENARIO_WEB:
      return _("A web page");
    case LALAN_SCENARIO_FORM:
      return _("A form on a web page");
    default:
      g_return_val_if_reached (NULL);
    }
}

static GtkWidget *
make_phone (LalanScenarioView *self)
{
  static const char *screen_classes[] = { "sms", "line", "web", "form" };
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *phone = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  const char *title = localized (self, self->step->header_title);

  gtk_widget_add_css_class (phone, "lalan-phone");
  gtk_widget_add_css_class (phone, screen_classes[self->step->screen]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (phone),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, screen_name (self->step->screen),
                                  -1);

  gtk_box_append (GTK_BOX (phone), make_header (self));

  if ((self->step->screen == LALAN_SCENARIO_WEB || self->step->screen == LALAN_SCENARIO_FORM) &&
      title != NULL && self->step->header_subtitle != NULL)
    gtk_box_append (GTK_BOX (body), make_label (title, "lalan-mock-site"));

  gtk_widget_add_css_class (body, "lalan-phone-body");
  for (guint i = 0; i < self->step->elements->len; i++)
    gtk_box_append (GTK_BOX (body), make_element (self, g_ptr_array_index (self->step->elements, i)));
  gtk_box_append (GTK_BOX (phone), body);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), PHONE_WIDTH);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), PHONE_WIDTH);
  adw_clamp_set_child (ADW_CLAMP (clamp), phone);
  gtk_widget_set_halign (clamp, GTK_ALIGN_CENTER);

  return clamp;
}

static gboolean
spot_is_marked (LalanScenarioView *self,
                const char        *item)
{
  GPtrArray *buttons = g_hash_table_lookup (self->spots, item);

  return buttons != NULL && buttons->len > 0 &&
         gtk_toggle_button_get_active (g_ptr_array_index (buttons, 0));
}

static void
clear_results (LalanScenarioView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->results_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->results_box), child);
  gtk_widget_set_visible (self->results_box, FALSE);
}

static void
set_interactive (LalanScenarioView *self,
                 gboolean           interactive)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->spots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *buttons = value;

      for (guint i = 0; i < buttons->len; i++)
        {
          GtkWidget *button = g_ptr_array_index (buttons, i);

          gtk_widget_set_sensitive (button, interactive);
          if (interactive)
            {
              gtk_widget_remove_css_class (button, "lalan-spot-right");
              gtk_widget_remove_css_class (button, "lalan-spot-wrong");
            }
        }
    }

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    gtk_editable_set_editable (GTK_EDITABLE (value), interactive);
}

static void
add_result (LalanScenarioView *self,
            gboolean           right,
            const char        *what,
            const char        *why,
            GString           *spoken)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (right ? "emblem-ok-symbolic" : "window-close-symbolic");
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_image_set_icon_size (GTK_IMAGE (icon), GTK_ICON_SIZE_LARGE);
  gtk_widget_add_css_class (icon, right ? "success" : "error");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, right ? _("Right") : _("Not right"),
                                  -1);
  gtk_box_append (GTK_BOX (texts), make_label (what, "lalan-feedback-choice"));
  if (why != NULL)
    gtk_box_append (GTK_BOX (texts), make_label (why, "lalan-page-text"));
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (self->results_box), row);

  g_string_append_printf (spoken, " %s %s %s", right ? _("Right:") : _("Not right:"), what, why ? why : "");
}

static void
on_done_clicked_cb (LalanScenarioView *self)
{
  g_autoptr(GString) spoken = g_string_new (NULL);
  g_autofree char *title_text = NULL;
  GtkWidget *title;
  guint n_right = 0;

  clear_results (self);
  title = make_label ("", "lalan-feedback-title");
  gtk_box_append (GTK_BOX (self->results_box), title);

  for (guint i = 0; i < self->step->items->len; i++)
    {
      const LalanLessonItem *item = g_ptr_array_index (self->step->items, i);
      const char *text = g_hash_table_lookup (self->item_texts, item->id);
      const char *why = localized (self, item->why);
      g_autofree char *answer = NULL;
      g_autofree char *what = NULL;
      gboolean right;

      if (item->kind == LALAN_ITEM_FIELD)
        {
          GtkEditable *entry = g_hash_table_lookup (self->fields, item->id);
          const char *typed = entry != NULL ? gtk_editable_get_text (entry) : "";

          right = lalan_lesson_grade_field (item, typed);
          answer = lalan_lesson_field_answer (item, typed);
          if (g_str_equal (answer, "empty") || *typed == '\0')
            what = g_strdup_printf (_("You left “%s” empty."), text);
          else
            what = g_strdup_printf (_("You filled in “%s”."), text);
        }
      else
        {
          GPtrArray *buttons = g_hash_table_lookup (self->spots, item->id);
          gboolean tapped = spot_is_marked (self, item->id);

          right = lalan_lesson_grade_spot (item, tapped);
          answer = g_strdup (tapped ? "tapped" : "left");
          if (tapped)
            what = g_strdup_printf (_("You marked “%s” as suspicious."), text);
          else
            what = g_strdup_printf (_("You left “%s” alone."), text);

          for (guint b = 0; buttons != NULL && b < buttons->len; b++)
            gtk_widget_add_css_class (g_ptr_array_index (buttons, b),
                                      right ? "lalan-spot-right" : "lalan-spot-wrong");
        }

      lalan_learn_context_record (self->context, self->lesson, LALAN_EVENT_ANSWERED,
                                  self->step->id, item->id, answer,
                                  right ? LALAN_LEARNING_EVENT_RIGHT : LALAN_LEARNING_EVENT_WRONG);
      if (right)
        n_right++;
      add_result (self, right, what, why, spoken);
    }

  /* Translators: after a simulated screen, e.g. "You got 3 of 4 right." */
  title_text = g_strdup_printf (ngettext ("You got %u of %u right.", "You got %u of %u right.",
                                          self->step->items->len),
                                n_right, self->step->items->len);
  gtk_label_set_text (GTK_LABEL (title), title_text);
  g_string_prepend (spoken, title_text);

  set_interactive (self, FALSE);
  gtk_widget_set_visible (self->results_box, TRUE);
  gtk_widget_set_visible (self->done_button, FALSE);
  gtk_widget_set_visible (self->retry_button, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->retry_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spoken->str,
                                  -1);
  gtk_widget_grab_focus (self->retry_button);

  self->answered = TRUE;
  g_object_set_data (G_OBJECT (self), "feedback", self->results_box);
  g_signal_emit (self, signals[ANSWERED], 0, n_right == self->step->items->len);
}

static void
on_retry_clicked_cb (LalanScenarioView *self)
{
  GHashTableIter iter;
  gpointer value;

  clear_results (self);
  set_interactive (self, TRUE);

  self->syncing = TRUE;
  g_hash_table_iter_init (&iter, self->spots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *buttons = value;

      for (guint i = 0; i < buttons->len; i++)
        gtk_toggle_button_set_active (g_ptr_array_index (buttons, i), FALSE);
    }
  self->syncing = FALSE;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    gtk_editable_set_text (GTK_EDITABLE (value), "");

  gtk_widget_set_visible (self->retry_button, FALSE);
  gtk_widget_set_visible (self->done_button, TRUE);
  gtk_widget_grab_focus (self->done_button);
}

static void
build (LalanScenarioView *self)
{
  const char *prompt = localized (self, self->step->prompt);

  if (prompt != NULL)
    gtk_box_append (GTK_BOX (self->box), make_label (prompt, "lalan-question"));

  gtk_box_append (GTK_BOX (self->box), make_phone (self));

  self->done_button = lalan_button_new_with_mnemonic (_("_Done"));
  gtk_widget_set_halign (self->done_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->done_button, "suggested-action");
  gtk_widget_add_css_class (self->done_button, "pill");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->done_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Check what you marked and filled in"),
                                  -1);
  g_signal_connect_swapped (self->done_button, "clicked", G_CALLBACK (on_done_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->done_button);

  self->results_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (self->results_box, "lalan-feedback");
  gtk_widget_set_visible (self->results_box, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->results_box);

  self->retry_button = lalan_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_halign (self->retry_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->retry_button, "pill");
  gtk_widget_set_visible (self->retry_button, FALSE);
  g_signal_connect_swapped (self->retry_button, "clicked", G_CALLBACK (on_retry_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->retry_button);
}

static void
lalan_scenario_view_dispose (GObject *object)
{
  LalanScenarioView *self = (LalanScenarioView *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (lalan_scenario_view_parent_class)->dispose (object);
}

static void
lalan_scenario_view_finalize (GObject *object)
{
  LalanScenarioView *self = (LalanScenarioView *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->lesson, lalan_lesson_unref);
  g_clear_pointer (&self->spots, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->item_texts, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lalan_scenario_view_parent_class)->finalize (object);
}

static void
lalan_scenario_view_class_init (LalanScenarioViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_scenario_view_dispose;
  object_class->finalize = lalan_scenario_view_finalize;

  /**
   * LalanScenarioView::answered:
   * @all_right: whether every item was right
   */
  signals[ANSWERED] =
    g_signal_new ("answered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lalan-scenario");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lalan_scenario_view_init (LalanScenarioView *self)
{
  self->spots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->item_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

/**
 * lalan_scenario_view_new:
 * @context: the learner's context, where answers are recorded
 * @lesson: the lesson
 * @step: a scenario step of @lesson
 *
 * Returns: (transfer floating): the simulation
 */
GtkWidget *
lalan_scenario_view_new (LalanLearnContext     *context,
                         LalanLesson           *lesson,
                         const LalanLessonStep *step)
{
  LalanScenarioView *self;

  g_return_val_if_fail (LALAN_IS_LEARN_CONTEXT (context), NULL);
  g_return_val_if_fail (step != NULL && step->type == LALAN_STEP_SCENARIO, NULL);

  self = g_object_new (LALAN_TYPE_SCENARIO_VIEW, NULL);
  self->context = g_object_ref (context);
  self->lesson = lalan_lesson_ref (lesson);
  self->step = step;
  build (self);

  return GTK_WIDGET (self);
}

/**
 * lalan_scenario_view_get_answered:
 *
 * Returns: whether the learner pressed Done since the screen was shown
 */
gboolean
lalan_scenario_view_get_answered (LalanScenarioView *self)
{
  g_return_val_if_fail (LALAN_IS_SCENARIO_VIEW (self), FALSE);

  return self->answered;
}
