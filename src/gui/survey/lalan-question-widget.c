/* lalan-question-widget.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-question-widget.h"

#include "lalan-form-choice.h"
#include "lalan-form-markdown.h"
#include "lalan-survey-a11y.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

/**
 * LalanQuestionWidget:
 *
 * One question of a page: its label (with the Markdown emphasis ODK
 * renders), a hint, a widget that fits its type, and the message of a
 * rule it breaks. The widget follows its #LalanFormControl (answers,
 * relevance, choices, language) and writes every change to it at once,
 * so the draft saver sees each keystroke. A rule's message appears as
 * soon as the person leaves the question; a missing answer is only
 * pointed out when asked (finishing, or a problem chosen from the list).
 */

/* Up to this many choices are shown as a list of buttons; more become a
 * searchable drop-down. */
#define MAX_CHOICE_BUTTONS 12

struct _LalanQuestionWidget
{
  GtkWidget         parent_instance;

  /* children */
  GtkWidget        *label;
  GtkWidget        *hint;
  GtkWidget        *input_box;
  GtkWidget        *message;

  /* the input, inside input_box; borrowed */
  GtkWidget        *input;
  GtkWidget        *focus_target;
  GtkWidget        *clear_button;
  GPtrArray        *choice_buttons;     /* GtkCheckButton, borrowed */
  GtkWidget        *geo_entries[4];
  GtkWidget        *calendar;
  GtkWidget        *calendar_button;

  /* owned */
  LalanFormControl *control;
  char             *local_problem;      /* an entry the engine refused */

  gboolean          read_only;
  gboolean          touched;
  gboolean          show_problems;
  gboolean          syncing;
  gboolean          spin_empty;
  gboolean          choices_changing;
};

G_DEFINE_FINAL_TYPE (LalanQuestionWidget, lalan_question_widget, GTK_TYPE_WIDGET)

enum {
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Inside the engine's notifications (a control's state, its choices),
 * widgets being shown, rebuilt or relabelled emit their own signals.
 * Those are never the person's answers, and the engine must not be asked
 * to change anything while it is still telling what changed. */
static guint in_engine_notification;

static void rebuild_input (LalanQuestionWidget *self);
static void update_message (LalanQuestionWidget *self);

/* Helpers --------------------------------------------------------------- */

static gboolean
is_select (LalanFormControlKind kind)
{
  return kind == LALAN_FORM_CONTROL_SELECT_ONE || kind == LALAN_FORM_CONTROL_SELECT_MANY;
}

static char *
plain_label (LalanQuestionWidget *self)
{
  return lalan_form_markdown_to_plain (lalan_form_control_get_label (self->control));
}

static void
label_input (LalanQuestionWidget *self,
             GtkWidget           *widget,
             const char          *suffix)
{
  g_autofree char *label = plain_label (self);
  g_autofree char *name = suffix ? g_strdup_printf ("%s: %s", label, suffix) : g_strdup (label);
  const char *hint = lalan_form_control_get_hint (self->control);
  g_autofree char *plain_hint = hint ? lalan_form_markdown_to_plain (hint) : NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, lalan_form_control_get_required (self->control),
                                  -1);
  if (plain_hint != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, plain_hint,
                                    -1);
}

/* Writes an answer; a refusal (text that is not a number...) stays on
 * the question as its message until the text is fixed. */
static void
commit (LalanQuestionWidget *self,
        const char          *value,
        const char          *refusal)
{
  g_autoptr(GError) error = NULL;

  if (self->syncing || self->read_only || self->choices_changing || in_engine_notification > 0)
    return;

  g_clear_pointer (&self->local_problem, g_free);
  if (refusal != NULL)
    self->local_problem = g_strdup (refusal);
  else if (g_strcmp0 (value, lalan_form_control_get_value (self->control)) != 0 &&
           !lalan_form_control_set_value (self->control, value, &error))
    self->local_problem = g_strdup (error->message);

  update_message (self);
}

static void
on_activate_cb (LalanQuestionWidget *self)
{
  self->touched = TRUE;
  update_message (self);
  g_signal_emit (self, signals[ACTIVATED], 0);
}

/* Text, numbers with decimals ------------------------------------------- */

static void
on_entry_changed_cb (LalanQuestionWidget *self,
                     GtkEditable         *editable)
{
  const char *text = gtk_editable_get_text (editable);

  if (lalan_form_control_get_data_type (self->control) == LALAN_FORM_TYPE_DECIMAL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (text));
      char *end = NULL;

      if (*trimmed != '\0')
        {
          g_ascii_strtod (trimmed, &end);
          if (end == trimmed || *end != '\0')
            {
              commit (self, NULL, _("Enter a number, such as 12.5."));
              return;
            }
        }
      commit (self, trimmed, NULL);
      return;
    }
  commit (self, text, NULL);
}

static void
on_text_buffer_changed_cb (LalanQuestionWidget *self,
                           GtkTextBuffer       *buffer)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  commit (self, text, NULL);
}

static GtkWidget *
make_entry (LalanQuestionWidget *self,
            GtkInputPurpose      purpose,
            const char          *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_input_purpose (GTK_ENTRY (entry), purpose);
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_widget_set_hexpand (entry, TRUE);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (on_activate_cb), self);
  return entry;
}

/* Whole numbers: a spin button that can also be empty ------------------- */

/* An empty box is "no answer", not zero. GTK shows the spin button's
 * number whenever it updates (realized, focus left, arrows): while the
 * answer is empty the output handler keeps the box empty, until an arrow
 * or a typed number gives it a value. */
static int
on_spin_input_cb (LalanQuestionWidget *self,
                  double              *new_value,
                  GtkSpinButton       *spin)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));
  char *end = NULL;
  gint64 value;

  if (*text == '\0')
    {
      self->spin_empty = TRUE;
      *new_value = gtk_spin_button_get_value (spin);
      return TRUE;
    }
  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0')
    return GTK_INPUT_ERROR;
  self->spin_empty = FALSE;
  *new_value = (double) value;
  return TRUE;
}

static gboolean
on_spin_output_cb (LalanQuestionWidget *self,
                   GtkSpinButton       *spin)
{
  if (!self->spin_empty)
    return FALSE;
  if (*gtk_editable_get_text (GTK_EDITABLE (spin)) != '\0')
    {
      gboolean syncing = self->syncing;

      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (spin), "");
      self->syncing = syncing;
    }
  return TRUE;
}

static void
on_spin_value_changed_cb (LalanQuestionWidget *self,
                          GtkSpinButton       *spin)
{
  g_autofree char *text = NULL;

  /* An arrow pressed on an empty box: from now on it has a number. */
  if (self->syncing || !self->spin_empty)
    return;
  self->spin_empty = FALSE;
  text = g_strdup_printf ("%.0f", gtk_spin_button_get_value (spin));
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
}

static void
on_spin_text_changed_cb (LalanQuestionWidget *self,
                         GtkEditable         *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  char *end = NULL;

  if (self->syncing || in_engine_notification > 0)
    return;
  if (*text != '\0')
    {
      g_ascii_strtoll (text, &end, 10);
      if (end == text || *end != '\0')
        {
          commit (self, NULL, _("Enter a whole number, such as 3."));
          return;
        }
    }
  self->spin_empty = *text == '\0';
  commit (self, text, NULL);
}

static GtkWidget *
make_spin (LalanQuestionWidget *self)
{
  GtkAdjustment *adjustment = gtk_adjustment_new (0, 0, 1e9, 1, 10, 0);
  GtkWidget *spin = gtk_spin_button_new (adjustment, 1, 0);

  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), FALSE);
  gtk_widget_set_halign (spin, GTK_ALIGN_START);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 8);
  g_signal_connect_swapped (spin, "input", G_CALLBACK (on_spin_input_cb), self);
  g_signal_connect_swapped (spin, "output", G_CALLBACK (on_spin_output_cb), self);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (on_spin_value_changed_cb), self);
  g_signal_connect_swapped (spin, "changed", G_CALLBACK (on_spin_text_changed_cb), self);
  /* GTK 4.8's spin button has no activate signal; its text has. */
  g_signal_connect_swapped (gtk_editable_get_delegate (GTK_EDITABLE (spin)), "activate",
                            G_CALLBACK (on_activate_cb), self);
  return spin;
}

/* Dates and times -------------------------------------------------------- */

static gboolean
parse_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  GDate date;

  if (sscanf (text, "%4d-%2d-%2d", year, month, day) != 3 || strlen (text) != 10)
    return FALSE;
  g_date_clear (&date, 1);
  return g_date_valid_dmy (*day, *month, *year);
}

static void
on_date_changed_cb (LalanQuestionWidget *self,
                    GtkEditable         *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  int y, m, d;

  if (*text != '\0' && !parse_date (text, &y, &m, &d))
    {
      commit (self, NULL, _("Enter a date as year-month-day, such as 2026-03-15."));
      return;
    }
  commit (self, text, NULL);
}

static void
on_calendar_day_selected_cb (LalanQuestionWidget *self,
                             GtkCalendar         *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  if (self->syncing)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->input), text);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->calendar_button));
  gtk_widget_grab_focus (self->input);
}

static void
on_calendar_shown_cb (LalanQuestionWidget *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->input));
  int y, m, d;

  /* Open on the date in the box, or today. */
  self->syncing = TRUE;
  if (parse_date (text, &y, &m, &d))
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (y, m, d, 0, 0, 0);

      gtk_calendar_select_day (GTK_CALENDAR (self->calendar), date);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      gtk_calendar_select_day (GTK_CALENDAR (self->calendar), now);
    }
  self->syncing = FALSE;
}

static char *
date_time_to_display (const char *value)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (value == NULL || *value == '\0')
    return g_strdup ("");
  parsed = g_date_time_new_from_iso8601 (value, NULL);
  if (parsed == NULL)
    return g_strdup (value);
  local = g_date_time_to_local (parsed);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
display_to_date_time (const char *text)
{
  int y, mo, d, h, mi;
  g_autoptr(GDateTime) local = NULL;

  if (sscanf (text, "%4d-%2d-%2d %2d:%2d", &y, &mo, &d, &h, &mi) != 5 ||
      h > 23 || mi > 59 ||
      (local = g_date_time_new_local (y, mo, d, h, mi, 0)) == NULL)
    return NULL;
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S.000%:z");
}

static void
on_date_time_changed_cb (LalanQuestionWidget *self,
                         GtkEditable         *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  g_autofree char *value = NULL;

  if (*text == '\0')
    {
      commit (self, "", NULL);
      return;
    }
  value = display_to_date_time (text);
  if (value == NULL)
    {
      commit (self, NULL, _("Enter a date and time as year-month-day hour:minute, such as 2026-03-15 14:30."));
      return;
    }
  commit (self, value, NULL);
}

static void
on_now_clicked_cb (LalanQuestionWidget *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format (now, "%Y-%m-%d %H:%M");

  gtk_editable_set_text (GTK_EDITABLE (self->input), text);
}

static void
on_time_changed_cb (LalanQuestionWidget *self,
                    GtkEditable         *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *offset = g_date_time_format (now, "%:z");
  g_autofree char *value = NULL;
  int h, m;

  if (*text == '\0')
    {
      commit (self, "", NULL);
      return;
    }
  if (sscanf (text, "%2d:%2d", &h, &m) != 2 || strlen (text) != 5 || h > 23 || m > 59)
    {
      commit (self, NULL, _("Enter a time as hour:minute, such as 14:30."));
      return;
    }
  value = g_strdup_printf ("%02d:%02d:00.000%s", h, m, offset);
  commit (self, value, NULL);
}

/* Locations, typed in ---------------------------------------------------- */

static void
on_geo_changed_cb (LalanQuestionWidget *self)
{
  const char *parts[4];
  g_autofree char *value = NULL;

  for (guint i = 0; i < 4; i++)
    parts[i] = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->geo_entries[i]))));

  for (guint i = 0; i < 4; i++)
    {
      char *end = NULL;

      if (*parts[i] == '\0')
        continue;
      g_ascii_strtod (parts[i], &end);
      if (end == parts[i] || *end != '\0')
        {
          commit (self, NULL, _("Enter numbers, such as 23.975 and 121.606."));
          goto out;
        }
    }

  if (*parts[0] == '\0' && *parts[1] == '\0')
    value = g_strdup ("");
  else if (*parts[0] == '\0' || *parts[1] == '\0')
    {
      commit (self, NULL, _("Enter both the latitude and the longitude."));
      goto out;
    }
  else if (*parts[2] == '\0' && *parts[3] == '\0')
    value = g_strdup_printf ("%s %s", parts[0], parts[1]);
  else
    value = g_strdup_printf ("%s %s %s %s", parts[0], parts[1],
                             *parts[2] ? parts[2] : "0", *parts[3] ? parts[3] : "0");
  commit (self, value, NULL);

out:
  for (guint i = 0; i < 4; i++)
    g_free ((char *) parts[i]);
}

static GtkWidget *
make_geopoint (LalanQuestionWidget *self)
{
  static const char *names[] = {
    N_("Latitude"), N_("Longitude"), N_("Altitude (metres)"), N_("Accuracy (metres)"),
  };
  static const char *placeholders[] = { "23.975", "121.606", "", "" };
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  for (guint i = 0; i < 4; i++)
    {
      GtkWidget *name = gtk_label_new (_(names[i]));
      GtkWidget *entry = make_entry (self, GTK_INPUT_PURPOSE_NUMBER, placeholders[i][0] ? placeholders[i] : NULL);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_mnemonic_widget (GTK_LABEL (name), entry);
      gtk_grid_attach (GTK_GRID (grid), name, 0, i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), entry, 1, i, 1, 1);
      label_input (self, entry, _(names[i]));
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_geo_changed_cb), self);
      self->geo_entries[i] = entry;
    }
  /* Accuracy is how far off the reading may be: say so where it is typed. */
  {
    GtkWidget *note = gtk_label_new (_("Accuracy: how many metres the position may be off, as the GPS or map showed it."));

    gtk_label_set_wrap (GTK_LABEL (note), TRUE);
    gtk_label_set_xalign (GTK_LABEL (note), 0);
    gtk_widget_add_css_class (note, "dim-label");
    gtk_widget_add_css_class (note, "caption");
    gtk_grid_attach (GTK_GRID (grid), note, 0, 4, 2, 1);
  }
  self->focus_target = self->geo_entries[0];
  return grid;
}

/* Choices ---------------------------------------------------------------- */

static gboolean
value_has (const char *list,
           const char *value)
{
  g_auto(GStrv) parts = g_strsplit_set (list ? list : "", " ", -1);

  return g_strv_contains ((const char * const *) parts, value);
}

static void
on_choice_toggled_cb (LalanQuestionWidget *self,
                      GtkCheckButton      *button)
{
  gboolean many = lalan_form_control_get_kind (self->control) == LALAN_FORM_CONTROL_SELECT_MANY;
  g_autoptr(GString) value = g_string_new (NULL);

  if (self->syncing)
    return;
  self->touched = TRUE;

  if (!many && !gtk_check_button_get_active (button))
    return;   /* the other button of the group reports the new answer */

  for (guint i = 0; i < self->choice_buttons->len; i++)
    {
      GtkCheckButton *b = g_ptr_array_index (self->choice_buttons, i);

      if (gtk_check_button_get_active (b))
        {
          if (value->len > 0)
            g_string_append_c (value, ' ');
          g_string_append (value, g_object_get_data (G_OBJECT (b), "lalan-value"));
        }
    }
  commit (self, value->str, NULL);
}

static void
on_clear_clicked_cb (LalanQuestionWidget *self)
{
  self->touched = TRUE;
  commit (self, "", NULL);
}

static GtkWidget *
make_choice_buttons (LalanQuestionWidget *self,
                     GListModel          *choices,
                     gboolean             many)
{
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "orientation", GTK_ORIENTATION_VERTICAL,
                                 "spacing", 2,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                 NULL);
  GtkCheckButton *group = NULL;
  guint n = g_list_model_get_n_items (choices);

  gtk_widget_add_css_class (box, "lalan-choices");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LalanFormChoice) choice = g_list_model_get_item (choices, i);
      /* A radio button for screen readers too (GTK 4.8 keeps the check
       * box role when a button joins a group). */
      GtkWidget *button = g_object_new (GTK_TYPE_CHECK_BUTTON,
                                        "label", lalan_form_choice_get_label (choice),
                                        "accessible-role", many ? GTK_ACCESSIBLE_ROLE_CHECKBOX
                                                                : GTK_ACCESSIBLE_ROLE_RADIO,
                                        NULL);

      /* Long choices wrap rather than widen a narrow window (the skills
       * list in English made a 400 px window 480 px wide). */
      for (GtkWidget *part = gtk_widget_get_first_child (button); part; part = gtk_widget_get_next_sibling (part))
        if (GTK_IS_LABEL (part))
          {
            gtk_label_set_wrap (GTK_LABEL (part), TRUE);
            gtk_label_set_wrap_mode (GTK_LABEL (part), PANGO_WRAP_WORD_CHAR);
            gtk_label_set_xalign (GTK_LABEL (part), 0);
          }
      g_object_set_data_full (G_OBJECT (button), "lalan-value",
                              g_strdup (lalan_form_choice_get_value (choice)), g_free);
      if (!many)
        {
          if (group == NULL)
            group = GTK_CHECK_BUTTON (button);
          else
            gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
        }
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (on_choice_toggled_cb), self);
      gtk_box_append (GTK_BOX (box), button);
      g_ptr_array_add (self->choice_buttons, button);
      if (self->focus_target == NULL)
        self->focus_target = button;
    }

  if (!many)
    {
      /* A radio list cannot be emptied by clicking again. */
      self->clear_button = gtk_button_new_with_mnemonic (_("C_lear Answer"));
      gtk_widget_add_css_class (self->clear_button, "flat");
      gtk_widget_set_halign (self->clear_button, GTK_ALIGN_START);
      lalan_survey_name_button (self->clear_button, NULL);
      g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (on_clear_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), self->clear_button);
    }

  label_input (self, box, NULL);
  return box;
}

static void
on_drop_down_selected_cb (LalanQuestionWidget *self,
                          GParamSpec          *pspec,
                          GtkDropDown         *drop_down)
{
  LalanFormChoice *choice = gtk_drop_down_get_selected_item (drop_down);

  if (self->syncing)
    return;
  self->touched = TRUE;
  commit (self, choice != NULL ? lalan_form_choice_get_value (choice) : "", NULL);
}

static GtkWidget *
make_drop_down (LalanQuestionWidget *self,
                GListModel          *choices)
{
  GtkExpression *expression = gtk_property_expression_new (LALAN_TYPE_FORM_CHOICE, NULL, "label");
  GtkWidget *drop_down = gtk_drop_down_new (g_object_ref (choices), expression);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  /* Typing part of a name finds it among hundreds (542 villages). */
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop_down), TRUE);
  gtk_widget_set_hexpand (drop_down, TRUE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (drop_down, "notify::selected", G_CALLBACK (on_drop_down_selected_cb), self);
  label_input (self, drop_down, NULL);
  /* The keyboard lands on the drop-down's button: it carries the name. */
  for (GtkWidget *child = gtk_widget_get_first_child (drop_down); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      label_input (self, child, NULL);
  gtk_box_append (GTK_BOX (box), drop_down);

  self->clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_tooltip_text (self->clear_button, _("Clear Answer"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->clear_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Clear Answer"), -1);
  gtk_widget_set_valign (self->clear_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->clear_button, "flat");
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (on_clear_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->clear_button);

  self->focus_target = drop_down;
  self->input = drop_down;
  return box;
}

/* Acknowledgements ------------------------------------------------------- */

static void
on_trigger_toggled_cb (LalanQuestionWidget *self,
                       GtkCheckButton      *button)
{
  self->touched = TRUE;
  commit (self, gtk_check_button_get_active (button) ? "OK" : "", NULL);
}

/* Building and following the control ----------------------------------- */

static gboolean
wants_drop_down (LalanFormControl *control,
                 guint             n_choices)
{
  return n_choices > MAX_CHOICE_BUTTONS ||
         lalan_form_control_has_appearance (control, "minimal") ||
         lalan_form_control_has_appearance (control, "autocomplete") ||
         lalan_form_control_has_appearance (control, "search");
}

static void
sync_input (LalanQuestionWidget *self)
{
  const char *value = lalan_form_control_get_value (self->control);
  LalanFormControlKind kind = lalan_form_control_get_kind (self->control);
  LalanFormDataType type = lalan_form_control_get_data_type (self->control);

  if (value == NULL)
    value = "";

  /* While the text is refused, the box keeps what the person typed. */
  if (self->local_problem != NULL)
    return;

  self->syncing = TRUE;

  if (self->choice_buttons->len > 0)
    {
      for (guint i = 0; i < self->choice_buttons->len; i++)
        {
          GtkCheckButton *b = g_ptr_array_index (self->choice_buttons, i);
          const char *v = g_object_get_data (G_OBJECT (b), "lalan-value");

          gtk_check_button_set_active (b, kind == LALAN_FORM_CONTROL_SELECT_MANY ? value_has (value, v)
                                                                                 : g_str_equal (value, v));
        }
    }
  else if (GTK_IS_DROP_DOWN (self->input))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (self->input));
      guint n = g_list_model_get_n_items (model);
      guint selected = GTK_INVALID_LIST_POSITION;

      for (guint i = 0; i < n && *value != '\0'; i++)
        {
          g_autoptr(LalanFormChoice) choice = g_list_model_get_item (model, i);

          if (g_str_equal (lalan_form_choice_get_value (choice), value))
            selected = i;
        }
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->input), selected);
    }
  else if (kind == LALAN_FORM_CONTROL_TRIGGER)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->input), *value != '\0');
  else if (type == LALAN_FORM_TYPE_GEOPOINT)
    {
      g_auto(GStrv) parts = g_strsplit (value, " ", 4);
      const char *shown[4] = { "", "", "", "" };

      for (guint i = 0; parts[i] != NULL && i < 4; i++)
        shown[i] = parts[i];
      for (guint i = 0; i < 4; i++)
        if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->geo_entries[i])), shown[i]))
          gtk_editable_set_text (GTK_EDITABLE (self->geo_entries[i]), shown[i]);
    }
  else if (GTK_IS_SPIN_BUTTON (self->input))
    {
      self->spin_empty = *value == '\0';
      if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->input)), value))
        {
          if (*value == '\0')
            gtk_editable_set_text (GTK_EDITABLE (self->input), "");
          else
            gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->input), g_ascii_strtod (value, NULL));
        }
    }
  else if (GTK_IS_TEXT_VIEW (self->input))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->input));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (!g_str_equal (text, value))
        gtk_text_buffer_set_text (buffer, value, -1);
    }
  else if (GTK_IS_EDITABLE (self->input))
    {
      g_autofree char *shown = type == LALAN_FORM_TYPE_DATE_TIME ? date_time_to_display (value)
                             : type == LALAN_FORM_TYPE_TIME ? g_strndup (value, 5)
                             : g_strdup (value);

      if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->input)), shown))
        gtk_editable_set_text (GTK_EDITABLE (self->input), shown);
    }

  if (self->clear_button != NULL)
    gtk_widget_set_visible (self->clear_button, *value != '\0' && !self->read_only);

  self->syncing = FALSE;
}

static void
rebuild_input (LalanQuestionWidget *self)
{
  LalanFormControlKind kind = lalan_form_control_get_kind (self->control);
  LalanFormDataType type = lalan_form_control_get_data_type (self->control);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->input_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->input_box), child);
  g_ptr_array_set_size (self->choice_buttons, 0);
  self->input = self->focus_target = self->clear_button = NULL;
  self->calendar = self->calendar_button = NULL;
  memset (self->geo_entries, 0, sizeof self->geo_entries);

  if (lalan_form_control_is_note (self->control))
    return;

  if (is_select (kind))
    {
      GListModel *choices = lalan_form_control_get_choices (self->control);
      guint n = choices ? g_list_model_get_n_items (choices) : 0;

      if (choices == NULL)
        return;
      if (kind == LALAN_FORM_CONTROL_SELECT_ONE && wants_drop_down (self->control, n))
        child = make_drop_down (self, choices);
      else
        child = self->input = make_choice_buttons (self, choices, kind == LALAN_FORM_CONTROL_SELECT_MANY);
    }
  else if (kind == LALAN_FORM_CONTROL_TRIGGER)
    {
      child = self->input = self->focus_target = gtk_check_button_new_with_label (_("OK"));
      g_signal_connect_swapped (child, "toggled", G_CALLBACK (on_trigger_toggled_cb), self);
      label_input (self, child, NULL);
    }
  else if (kind == LALAN_FORM_CONTROL_UPLOAD)
    {
      child = gtk_label_new (_("Files cannot be attached on this computer."));
      gtk_widget_add_css_class (child, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (child), 0);
    }
  else if (type == LALAN_FORM_TYPE_INT)
    {
      child = self->input = self->focus_target = make_spin (self);
      label_input (self, child, NULL);
    }
  else if (type == LALAN_FORM_TYPE_GEOPOINT)
    child = make_geopoint (self);
  else if (type == LALAN_FORM_TYPE_DATE)
    {
      GtkWidget *popover = gtk_popover_new ();

      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      self->input = self->focus_target = make_entry (self, GTK_INPUT_PURPOSE_DIGITS, _("YYYY-MM-DD"));
      g_signal_connect_swapped (self->input, "changed", G_CALLBACK (on_date_changed_cb), self);
      label_input (self, self->input, NULL);
      self->calendar = gtk_calendar_new ();
      g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (on_calendar_day_selected_cb), self);
      gtk_popover_set_child (GTK_POPOVER (popover), self->calendar);
      g_signal_connect_swapped (popover, "show", G_CALLBACK (on_calendar_shown_cb), self);
      self->calendar_button = gtk_menu_button_new ();
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->calendar_button), "x-office-calendar-symbolic");
      gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->calendar_button), popover);
      gtk_widget_set_tooltip_text (self->calendar_button, _("Choose a Date"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a Date"), -1);
      gtk_box_append (GTK_BOX (child), self->input);
      gtk_box_append (GTK_BOX (child), self->calendar_button);
    }
  else if (type == LALAN_FORM_TYPE_DATE_TIME)
    {
      GtkWidget *now = gtk_button_new_with_mnemonic (_("_Now"));

      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      self->input = self->focus_target = make_entry (self, GTK_INPUT_PURPOSE_FREE_FORM, _("YYYY-MM-DD HH:MM"));
      g_signal_connect_swapped (self->input, "changed", G_CALLBACK (on_date_time_changed_cb), self);
      label_input (self, self->input, NULL);
      g_signal_connect_swapped (now, "clicked", G_CALLBACK (on_now_clicked_cb), self);
      lalan_survey_name_button (now, NULL);
      gtk_box_append (GTK_BOX (child), self->input);
      gtk_box_append (GTK_BOX (child), now);
    }
  else if (type == LALAN_FORM_TYPE_TIME)
    {
      child = self->input = self->focus_target = make_entry (self, GTK_INPUT_PURPOSE_FREE_FORM, _("HH:MM"));
      g_signal_connect_swapped (child, "changed", G_CALLBACK (on_time_changed_cb), self);
      label_input (self, child, NULL);
    }
  else if (lalan_form_control_has_appearance (self->control, "multiline"))
    {
      GtkWidget *view = gtk_text_view_new ();

      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
      gtk_widget_set_size_request (view, -1, 96);
      gtk_widget_add_css_class (view, "lalan-multiline");
      g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                                G_CALLBACK (on_text_buffer_changed_cb), self);
      child = gtk_frame_new (NULL);
      gtk_frame_set_child (GTK_FRAME (child), view);
      self->input = self->focus_target = view;
      label_input (self, view, NULL);
    }
  else
    {
      child = self->input = self->focus_target =
        make_entry (self, type == LALAN_FORM_TYPE_DECIMAL ? GTK_INPUT_PURPOSE_NUMBER : GTK_INPUT_PURPOSE_FREE_FORM, NULL);
      g_signal_connect_swapped (child, "changed", G_CALLBACK (on_entry_changed_cb), self);
      label_input (self, child, NULL);
    }

  gtk_box_append (GTK_BOX (self->input_box), child);
  sync_input (self);
  gtk_widget_set_sensitive (self->input_box, !self->read_only && !lalan_form_control_get_read_only (self->control));
}

static void
update_texts (LalanQuestionWidget *self)
{
  const char *label = lalan_form_control_get_label (self->control);
  const char *hint = lalan_form_control_get_hint (self->control);
  g_autofree char *markup = lalan_form_markdown_to_pango (label);

  /* Required questions carry a mark a sighted person sees; the input
   * tells a screen reader through its required property. */
  if (lalan_form_control_get_required (self->control) && !self->read_only)
    {
      g_autofree char *marked = g_strdup_printf ("%s <span foreground=\"#c01c28\" weight=\"bold\">*</span>", markup);

      gtk_label_set_markup (GTK_LABEL (self->label), marked);
    }
  else
    gtk_label_set_markup (GTK_LABEL (self->label), markup);
  gtk_widget_set_visible (self->label, label != NULL && *label != '\0');

  if (hint != NULL && *hint != '\0')
    {
      g_autofree char *hint_markup = lalan_form_markdown_to_pango (hint);

      gtk_label_set_markup (GTK_LABEL (self->hint), hint_markup);
    }
  gtk_widget_set_visible (self->hint, hint != NULL && *hint != '\0');
}

static void
update_message (LalanQuestionWidget *self)
{
  const char *violation = lalan_form_control_get_violation (self->control);
  const char *value = lalan_form_control_get_value (self->control);
  const char *text = NULL;

  /* A rule broken by an answer shows once the person has left the
   * question; a missing answer only when they ask what is missing. */
  if (self->local_problem != NULL && (self->touched || self->show_problems))
    text = self->local_problem;
  else if (violation != NULL && lalan_form_control_get_relevant (self->control))
    {
      gboolean missing = value == NULL || *value == '\0';

      if ((missing && self->show_problems) || (!missing && (self->touched || self->show_problems)))
        text = violation;
    }

  if (text != NULL)
    gtk_label_set_text (GTK_LABEL (self->message), text);
  gtk_widget_set_visible (self->message, text != NULL);

  if (self->input != NULL)
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->input),
                                   GTK_ACCESSIBLE_STATE_INVALID,
                                   text != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
      if (text != NULL)
        gtk_widget_add_css_class (self->input, "error");
      else
        gtk_widget_remove_css_class (self->input, "error");
    }
}

static void
on_control_notify_cb (LalanQuestionWidget *self,
                      GParamSpec          *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  in_engine_notification++;
  if (g_str_equal (name, "value"))
    {
      sync_input (self);
      update_message (self);
    }
  else if (g_str_equal (name, "label") || g_str_equal (name, "hint") || g_str_equal (name, "required"))
    {
      update_texts (self);
      if (self->input != NULL)
        label_input (self, self->input, NULL);
    }
  else if (g_str_equal (name, "relevant"))
    gtk_widget_set_visible (GTK_WIDGET (self), lalan_form_control_get_relevant (self->control));
  else if (g_str_equal (name, "read-only"))
    gtk_widget_set_sensitive (self->input_box, !self->read_only && !lalan_form_control_get_read_only (self->control));
  else if (g_str_equal (name, "violation") || g_str_equal (name, "valid"))
    update_message (self);
  in_engine_notification--;
}

static void
on_choices_changed_cb (LalanQuestionWidget *self)
{
  gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (self)) ||
                       (self->focus_target != NULL && gtk_widget_has_focus (self->focus_target));

  /* The engine is still evaluating the answer that filtered the choices:
   * what the drop-down does with its selection now (it runs its own
   * handler after this one) is not the person's doing. */
  self->choices_changing = TRUE;
  if (GTK_IS_DROP_DOWN (self->input))
    return;
  in_engine_notification++;
  rebuild_input (self);
  in_engine_notification--;
  if (had_focus)
    lalan_question_widget_grab_input_focus (self);
}

static void
on_choices_changed_after_cb (LalanQuestionWidget *self)
{
  self->choices_changing = FALSE;
  if (GTK_IS_DROP_DOWN (self->input))
    sync_input (self);
}

static void
on_focus_leave_cb (LalanQuestionWidget *self)
{
  self->touched = TRUE;
  /* A spin button keeps typed text until it is "updated". */
  if (GTK_IS_SPIN_BUTTON (self->input))
    gtk_spin_button_update (GTK_SPIN_BUTTON (self->input));
  update_message (self);
}

static void
lalan_question_widget_dispose (GObject *object)
{
  LalanQuestionWidget *self = LALAN_QUESTION_WIDGET (object);
  GtkWidget *child;

  if (self->control != NULL)
    {
      GListModel *choices = lalan_form_control_get_choices (self->control);

      g_signal_handlers_disconnect_by_data (self->control, self);
      if (choices != NULL)
        g_signal_handlers_disconnect_by_data (choices, self);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lalan_question_widget_parent_class)->dispose (object);
}

static void
lalan_question_widget_finalize (GObject *object)
{
  LalanQuestionWidget *self = LALAN_QUESTION_WIDGET (object);

  g_clear_object (&self->control);
  g_clear_pointer (&self->local_problem, g_free);
  g_clear_pointer (&self->choice_buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (lalan_question_widget_parent_class)->finalize (object);
}

static void
lalan_question_widget_class_init (LalanQuestionWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_question_widget_dispose;
  object_class->finalize = lalan_question_widget_finalize;

  /**
   * LalanQuestionWidget::activated:
   *
   * Enter was pressed in the question: the page moves on.
   */
  signals[ACTIVATED] =
    g_signal_new ("activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lalan-question");
}

static void
lalan_question_widget_init (LalanQuestionWidget *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  self->choice_buttons = g_ptr_array_new ();

  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_widget_add_css_class (self->label, "lalan-question-label");
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));

  self->hint = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->hint), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->hint), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->hint), 0);
  gtk_widget_add_css_class (self->hint, "dim-label");
  gtk_widget_set_parent (self->hint, GTK_WIDGET (self));

  self->input_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->input_box, GTK_WIDGET (self));

  self->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->message), 0);
  gtk_widget_add_css_class (self->message, "lalan-question-message");
  gtk_widget_set_visible (self->message, FALSE);
  gtk_widget_set_parent (self->message, GTK_WIDGET (self));

  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

/**
 * lalan_question_widget_new:
 * @control: a question, or a note
 * @read_only: show the answer without letting it change (a record sent)
 *
 * Returns: (transfer floating): the widget
 */
GtkWidget *
lalan_question_widget_new (LalanFormControl *control,
                           gboolean          read_only)
{
  LalanQuestionWidget *self;
  GListModel *choices;

  g_return_val_if_fail (LALAN_IS_FORM_CONTROL (control), NULL);

  self = g_object_new (LALAN_TYPE_QUESTION_WIDGET, NULL);
  self->control = g_object_ref (control);
  self->read_only = read_only;

  if (lalan_form_control_is_note (control))
    gtk_widget_add_css_class (GTK_WIDGET (self), "note");

  /* Connected before the input is made: a drop-down's own handler of
   * its model must run after this one. */
  choices = lalan_form_control_get_choices (control);
  if (choices != NULL)
    {
      g_signal_connect_swapped (choices, "items-changed", G_CALLBACK (on_choices_changed_cb), self);
      g_signal_connect_object (choices, "items-changed", G_CALLBACK (on_choices_changed_after_cb),
                               self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }

  update_texts (self);
  rebuild_input (self);
  update_message (self);
  gtk_widget_set_visible (GTK_WIDGET (self), lalan_form_control_get_relevant (control));

  g_signal_connect_swapped (control, "notify", G_CALLBACK (on_control_notify_cb), self);

  return GTK_WIDGET (self);
}

/**
 * lalan_question_widget_get_control:
 * @self: a question widget
 *
 * Returns: (transfer none): its control
 */
LalanFormControl *
lalan_question_widget_get_control (LalanQuestionWidget *self)
{
  g_return_val_if_fail (LALAN_IS_QUESTION_WIDGET (self), NULL);
  return self->control;
}

/**
 * lalan_question_widget_get_input:
 * @self: a question widget
 *
 * Returns: (transfer none) (nullable): the widget the answer is given in
 */
GtkWidget *
lalan_question_widget_get_input (LalanQuestionWidget *self)
{
  g_return_val_if_fail (LALAN_IS_QUESTION_WIDGET (self), NULL);
  return self->input;
}

/**
 * lalan_question_widget_takes_input:
 * @self: a question widget
 *
 * Returns: whether the question can be answered now (not a note, not
 *   hidden, not read-only)
 */
gboolean
lalan_question_widget_takes_input (LalanQuestionWidget *self)
{
  g_return_val_if_fail (LALAN_IS_QUESTION_WIDGET (self), FALSE);
  return self->focus_target != NULL && !self->read_only &&
         gtk_widget_get_visible (GTK_WIDGET (self)) &&
         !lalan_form_control_get_read_only (self->control);
}

/**
 * lalan_question_widget_grab_input_focus:
 * @self: a question widget
 *
 * Returns: whether the keyboard focus went to the question
 */
gboolean
lalan_question_widget_grab_input_focus (LalanQuestionWidget *self)
{
  g_return_val_if_fail (LALAN_IS_QUESTION_WIDGET (self), FALSE);

  if (self->focus_target == NULL)
    return FALSE;
  /* In a radio list, the chosen answer takes the focus. */
  for (guint i = 0; i < self->choice_buttons->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->choice_buttons, i)))
      return gtk_widget_grab_focus (g_ptr_array_index (self->choice_buttons, i));
  return gtk_widget_grab_focus (self->focus_target);
}

/**
 * lalan_question_widget_set_show_problems:
 * @self: a question widget
 * @show: whether to point out a missing answer too
 */
void
lalan_question_widget_set_show_problems (LalanQuestionWidget *self,
                                         gboolean             show)
{
  g_return_if_fail (LALAN_IS_QUESTION_WIDGET (self));
  self->show_problems = show;
  update_message (self);
}

/**
 * lalan_question_widget_get_message:
 * @self: a question widget
 *
 * Returns: (nullable): the message shown beside the question now
 */
const char *
lalan_question_widget_get_message (LalanQuestionWidget *self)
{
  g_return_val_if_fail (LALAN_IS_QUESTION_WIDGET (self), NULL);
  if (!gtk_widget_get_visible (self->message))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->message));
}
