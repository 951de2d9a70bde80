/* lalan-record-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-record-row.h"

#include "lalan-draft-saver.h"

#include <glib/gi18n.h>

/**
 * LalanRecordRow:
 *
 * One record in the Survey area's list: an icon for its state, its name
 * (town, village, date), what form it is, when it last changed and how far
 * a draft is, and for a record with a problem the reason in a sentence.
 * Rows are recycled by the list view: lalan_record_row_bind() fills one
 * for the record scrolled into it.
 */

struct _LalanRecordRow
{
  GtkWidget    parent_instance;

  GtkWidget   *check;
  GtkWidget   *icon;
  GtkWidget   *title;
  GtkWidget   *subtitle;
  GtkWidget   *reason;
  GtkWidget   *progress;

  LalanRecord *record;
};

G_DEFINE_FINAL_TYPE (LalanRecordRow, lalan_record_row, GTK_TYPE_WIDGET)

static const struct
{
  LalanRecordState  state;
  const char       *icon;
  const char       *css;
} state_looks[] = {
  { LALAN_RECORD_STATE_DRAFT, "document-edit-symbolic", "draft" },
  { LALAN_RECORD_STATE_FINALIZED, "mail-send-symbolic", "finalized" },
  { LALAN_RECORD_STATE_SENT, "emblem-ok-symbolic", "sent" },
  { LALAN_RECORD_STATE_NEEDS_REVIEW, "dialog-warning-symbolic", "needs-review" },
};

static char *
format_time (gint64 time)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (time == 0)
    return g_strdup ("");
  when = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    {
      g_autofree char *clock = g_date_time_format (when, "%H:%M");

      /* Translators: a time earlier today */
      return g_strdup_printf (_("today %s"), clock);
    }
  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

static void
lalan_record_row_dispose (GObject *object)
{
  LalanRecordRow *self = LALAN_RECORD_ROW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (lalan_record_row_parent_class)->dispose (object);
}

static void
lalan_record_row_class_init (LalanRecordRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_record_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lalan-record-row");
}

static GtkWidget *
make_label (const char *css_class,
            gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
lalan_record_row_init (LalanRecordRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);

  self->check = gtk_check_button_new ();
  gtk_widget_set_valign (self->check, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->check, FALSE);
  gtk_widget_set_parent (self->check, GTK_WIDGET (self));

  self->icon = gtk_image_new ();
  gtk_widget_set_valign (self->icon, GTK_ALIGN_CENTER);
  gtk_image_set_icon_size (GTK_IMAGE (self->icon), GTK_ICON_SIZE_LARGE);
  gtk_widget_add_css_class (self->icon, "lalan-record-state");
  gtk_widget_set_parent (self->icon, GTK_WIDGET (self));

  self->title = make_label ("heading", FALSE);
  self->subtitle = make_label ("dim-label", FALSE);
  self->reason = make_label ("lalan-record-reason", TRUE);
  gtk_widget_add_css_class (self->subtitle, "caption");
  gtk_box_append (GTK_BOX (texts), self->title);
  gtk_box_append (GTK_BOX (texts), self->subtitle);
  gtk_box_append (GTK_BOX (texts), self->reason);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (texts, GTK_WIDGET (self));

  self->progress = gtk_level_bar_new_for_interval (0, 100);
  gtk_widget_set_valign (self->progress, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (self->progress, 48, -1);
  gtk_widget_add_css_class (self->progress, "lalan-record-progress");
  gtk_widget_set_parent (self->progress, GTK_WIDGET (self));
}

/**
 * lalan_record_row_new:
 *
 * Returns: (transfer floating): an empty row
 */
GtkWidget *
lalan_record_row_new (void)
{
  return g_object_new (LALAN_TYPE_RECORD_ROW, NULL);
}

/**
 * lalan_record_row_bind:
 * @self: a row
 * @record: (nullable): the record to show
 * @form_title: the name of its form, in the interface language
 */
void
lalan_record_row_bind (LalanRecordRow *self,
                       LalanRecord    *record,
                       const char     *form_title)
{
  LalanRecordState state;
  g_autofree char *name = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  const char *reason = NULL;
  int percent = -1;

  g_return_if_fail (LALAN_IS_RECORD_ROW (self));

  g_set_object (&self->record, record);
  if (record == NULL)
    return;

  state = lalan_record_get_state (record);
  name = lalan_draft_summary_parse (lalan_record_get_summary (record), &percent);
  if (*name == '\0')
    {
      g_free (name);
      name = g_strdup (_("No place given yet"));
    }
  gtk_label_set_text (GTK_LABEL (self->title), name);

  for (guint i = 0; i < G_N_ELEMENTS (state_looks); i++)
    {
      if (state_looks[i].state == state)
        {
          gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), state_looks[i].icon);
          gtk_widget_add_css_class (self->icon, state_looks[i].css);
        }
      else
        gtk_widget_remove_css_class (self->icon, state_looks[i].css);
    }
  /* No tooltip on the icon: setting one on each of the 200 rows GTK 4.8
   * makes for a list took a fifth of the list's first paint with 10,000
   * records. The state is in the subtitle and the accessible name. */

  when = format_time (lalan_record_get_updated_at (record));
  if (state == LALAN_RECORD_STATE_DRAFT && percent >= 0)
    /* Translators: form name · when it changed · how far the draft is */
    subtitle = g_strdup_printf (_("%s · %s · %d%% done"), form_title, when, percent);
  else
    /* Translators: form name · state · when it changed */
    subtitle = g_strdup_printf (_("%s · %s · %s"), form_title, lalan_record_state_get_label (state), when);
  gtk_label_set_text (GTK_LABEL (self->subtitle), subtitle);

  gtk_widget_set_visible (self->progress, state == LALAN_RECORD_STATE_DRAFT && percent >= 0);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (self->progress), MAX (percent, 0));

  /* A problem, in a sentence: refused by the server, or not sent yet
   * because the last try failed. */
  if (state == LALAN_RECORD_STATE_NEEDS_REVIEW || state == LALAN_RECORD_STATE_FINALIZED)
    reason = lalan_record_get_last_error_message (record);
  if (reason != NULL && *reason != '\0')
    {
      g_autofree char *text = state == LALAN_RECORD_STATE_NEEDS_REVIEW
        ? g_strdup_printf (_("Needs correcting: %s"), reason)
        : g_strdup_printf (_("Not sent yet: %s"), reason);

      gtk_label_set_text (GTK_LABEL (self->reason), text);
      gtk_widget_set_visible (self->reason, TRUE);
    }
  else
    gtk_widget_set_visible (self->reason, FALSE);
  if (state == LALAN_RECORD_STATE_NEEDS_REVIEW)
    gtk_widget_add_css_class (self->reason, "error");
  else
    gtk_widget_remove_css_class (self->reason, "error");

  accessible = g_strdup_printf ("%s, %s, %s", name, lalan_record_state_get_label (state), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/**
 * lalan_record_row_get_record:
 * @self: a row
 *
 * Returns: (transfer none) (nullable): the record shown
 */
LalanRecord *
lalan_record_row_get_record (LalanRecordRow *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD_ROW (self), NULL);
  return self->record;
}

/**
 * lalan_record_row_get_check:
 * @self: a row
 *
 * Returns: (transfer none): the check button of the selection mode
 */
GtkCheckButton *
lalan_record_row_get_check (LalanRecordRow *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD_ROW (self), NULL);
  return GTK_CHECK_BUTTON (self->check);
}

/**
 * lalan_record_row_set_selection_mode:
 * @self: a row
 * @selection_mode: whether rows are being chosen (for an export)
 * @selected: whether this one is chosen
 */
void
lalan_record_row_set_selection_mode (LalanRecordRow *self,
                                     gboolean        selection_mode,
                                     gboolean        selected)
{
  g_return_if_fail (LALAN_IS_RECORD_ROW (self));
  gtk_widget_set_visible (self->check, selection_mode);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->check), selected);
}

/**
 * lalan_record_row_get_reason:
 * @self: a row
 *
 * Returns: (nullable): the problem shown under the record
 */
const char *
lalan_record_row_get_reason (LalanRecordRow *self)
{
  g_return_val_if_fail (LALAN_IS_RECORD_ROW (self), NULL);
  return gtk_widget_get_visible (self->reason) ? gtk_label_get_text (GTK_LABEL (self->reason)) : NULL;
}
