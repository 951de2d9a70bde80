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

/**
 * lalan_button_new_with_mnemonic:
 * @text: the label, with an underscore before the mnemonic
 *
 * A button whose accessible name is its label, said once.
 *
 * GTK 4.8's gtk_button_new_with_mnemonic() gives the button both a label
 * property (underscore included) and a relation to its label, and AT-SPI
 * reads the two one after the other: "_Done Done". A label child with
 * the button as its mnemonic widget gives only the relation.
 *
 * Returns: (transfer floating): the button
 */
GtkWidget *
lalan_button_new_with_mnemonic (const char *text)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), button);
  gtk_button_set_child (GTK_BUTTON (button), label);
  return button;
}
