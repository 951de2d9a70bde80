/* lalan-focus.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-focus.h"

/**
 * lalan_focus_release:
 * @widget: a widget about to be destroyed, or its window
 *
 * Takes the keyboard focus away from @widget and its children.
 *
 * GTK 4.8's GtkPasswordEntry (and libadwaita 1.2's AdwPasswordEntryRow)
 * listen to their text's focus with a pointer to themselves; when a
 * window is destroyed with the focus in one, the text loses the focus
 * after the entry is gone, and the handler runs on freed memory. Every
 * widget holding a password entry calls this before it goes.
 */
void
lalan_focus_release (GtkWidget *widget)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  if (root == NULL)
    return;

  focus = gtk_root_get_focus (root);
  if (focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
    gtk_root_set_focus (root, NULL);
}
