/* lalan-survey-a11y.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-survey-a11y.h"

/* GTK 4.8 names a button with a label twice over for assistive
 * technology ("_Next Next": its label property and the label it is
 * labelled by, read one after the other). The Survey area's tests find
 * every control by its name, and so does a screen reader user: one
 * name, as shown. */

static const char *
find_label_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *text = find_label_text (child);

      if (text != NULL && *text != '\0')
        return text;
    }
  return NULL;
}

/**
 * lalan_survey_name_button:
 * @button: a button
 * @name: (nullable): its accessible name, or %NULL for the text it shows
 *
 * Gives a button one accessible name.
 */
void
lalan_survey_name_button (GtkWidget  *button,
                          const char *name)
{
  const char *text = name != NULL ? name : find_label_text (button);

  if (text == NULL)
    return;
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}
