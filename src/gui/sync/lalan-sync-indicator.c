/* lalan-sync-indicator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-sync-indicator.h"

#include <glib/gi18n.h>

/* The outbox at a glance, in the header: how many records wait, that
 * they are being sent, or that something needs the person (then in the
 * warning colour). Hidden when nothing waits and all is well. It opens
 * the Sync page. */

struct _LalanSyncIndicator
{
  GtkButton           parent_instance;

  /* template children */
  GtkStack           *icon_stack;
  GtkSpinner         *spinner;
  GtkLabel           *label;

  /* owned */
  LalanSyncScheduler *scheduler;
  gulong              notify_handler;
};

G_DEFINE_FINAL_TYPE (LalanSyncIndicator, lalan_sync_indicator, GTK_TYPE_BUTTON)

enum {
  PROP_0,
  PROP_SCHEDULER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (LalanSyncIndicator *self)
{
  LalanSyncState state = LALAN_SYNC_STATE_IDLE;
  const char *problem = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  const char *icon = "waiting";
  guint n_waiting = 0, n_review = 0;
  gboolean visible = TRUE;

  if (self->scheduler != NULL)
    {
      state = lalan_sync_scheduler_get_state (self->scheduler);
      problem = lalan_sync_scheduler_get_problem (self->scheduler);
      n_waiting = lalan_sync_scheduler_get_n_waiting (self->scheduler);
      n_review = lalan_sync_scheduler_get_n_review (self->scheduler);
    }

  switch (state)
    {
    case LALAN_SYNC_STATE_SENDING:
      icon = "sending";
      text = g_strdup (_("Sending…"));
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sending %u record to the server.",
                                              "Sending %u records to the server.", n_waiting), n_waiting);
      break;

    case LALAN_SYNC_STATE_PAUSED:
      icon = "problem";
      text = g_strdup (_("Not sending"));
      tooltip = g_strdup (problem);
      break;

    case LALAN_SYNC_STATE_WAITING:
    case LALAN_SYNC_STATE_IDLE:
    default:
      if (n_review > 0)
        {
          g_autofree char *waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u waiting", "%u waiting",
                                                                   n_waiting), n_waiting);
          g_autofree char *review = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u needs review",
                                                                  "%u need review", n_review), n_review);

          icon = "problem";
          /* Translators: "3 waiting, 1 needs review" */
          text = n_waiting > 0 ? g_strdup_printf (_("%s, %s"), waiting, review) : g_strdup (review);
          tooltip = g_strdup (_("The server refused some records. Open to see why."));
        }
      else if (n_waiting > 0)
        {
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u waiting", "%u waiting", n_waiting), n_waiting);
          tooltip = g_strdup (problem != NULL ? problem
                              : g_dngettext (GETTEXT_PACKAGE, "This record waits to be sent.",
                                             "These records wait to be sent.", n_waiting));
        }
      else
        visible = FALSE;
      break;
    }

  gtk_stack_set_visible_child_name (self->icon_stack, icon);
  gtk_spinner_set_spinning (self->spinner, state == LALAN_SYNC_STATE_SENDING);
  gtk_label_set_text (self->label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text != NULL ? text : _("Sending records"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip != NULL ? tooltip : "",
                                  -1);

  if (g_str_equal (icon, "problem"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");

  gtk_widget_set_visible (GTK_WIDGET (self), visible);
}

static void
on_scheduler_notify_cb (LalanSyncIndicator *self)
{
  update (self);
}

static void
lalan_sync_indicator_dispose (GObject *object)
{
  LalanSyncIndicator *self = LALAN_SYNC_INDICATOR (object);

  lalan_sync_indicator_set_scheduler (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LALAN_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (lalan_sync_indicator_parent_class)->dispose (object);
}

static void
lalan_sync_indicator_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LalanSyncIndicator *self = LALAN_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_sync_indicator_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LalanSyncIndicator *self = LALAN_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      lalan_sync_indicator_set_scheduler (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lalan_sync_indicator_class_init (LalanSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lalan_sync_indicator_dispose;
  object_class->get_property = lalan_sync_indicator_get_property;
  object_class->set_property = lalan_sync_indicator_set_property;

  /**
   * LalanSyncIndicator:scheduler:
   *
   * The scheduler shown, or %NULL before the store is open.
   */
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, LALAN_TYPE_SYNC_SCHEDULER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/tw/lalan/Lalan/ui/lalan-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, LalanSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, LalanSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, LalanSyncIndicator, label);
}

static void
lalan_sync_indicator_init (LalanSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

LalanSyncScheduler *
lalan_sync_indicator_get_scheduler (LalanSyncIndicator *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_INDICATOR (self), NULL);
  return self->scheduler;
}

/**
 * lalan_sync_indicator_set_scheduler:
 * @self: an indicator
 * @scheduler: (nullable): the scheduler to show
 */
void
lalan_sync_indicator_set_scheduler (LalanSyncIndicator *self,
                                    LalanSyncScheduler *scheduler)
{
  g_return_if_fail (LALAN_IS_SYNC_INDICATOR (self));

  if (self->scheduler == scheduler)
    return;

  if (self->scheduler != NULL)
    g_clear_signal_handler (&self->notify_handler, self->scheduler);
  g_set_object (&self->scheduler, scheduler);
  if (scheduler != NULL)
    self->notify_handler = g_signal_connect_swapped (scheduler, "notify",
                                                     G_CALLBACK (on_scheduler_notify_cb), self);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULER]);
}

/**
 * lalan_sync_indicator_get_text:
 * @self: an indicator
 *
 * Returns: what the indicator says, for tests
 */
const char *
lalan_sync_indicator_get_text (LalanSyncIndicator *self)
{
  g_return_val_if_fail (LALAN_IS_SYNC_INDICATOR (self), NULL);
  return gtk_label_get_text (self->label);
}
