/* lalan-export-table.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-export.h"

#include "lalan-xml.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The tables of an export, from the shape of a form's primary instance:
 * one for the root, one per repeat (nested repeats nest), each with the
 * leaves below it as columns ("place/town"). Shared by the app's export
 * and the inventory server's, so both give analysts the same files. */

G_DEFINE_QUARK (lalan-export-error-quark, lalan_export_error)

/**
 * lalan_export_table_free:
 * @table: (nullable): a table and the tables inside it
 */
void
lalan_export_table_free (LalanExportTable *table)
{
  if (table == NULL)
    return;

  g_free (table->name);
  g_free (table->path);
  g_free (table->relative_path);
  g_clear_pointer (&table->columns, g_ptr_array_unref);
  g_clear_pointer (&table->children, g_ptr_array_unref);
  g_free (table);
}

static LalanExportTable *
table_new (const char       *name,
           const char       *path,
           LalanExportTable *parent)
{
  LalanExportTable *table = g_new0 (LalanExportTable, 1);

  table->name = g_strdup (name);
  table->path = g_strdup (path);
  table->columns = g_ptr_array_new_with_free_func (g_free);
  table->children = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_export_table_free);
  table->parent = parent;
  if (parent != NULL)
    table->relative_path = g_strdup (path + strlen (parent->path) + 1);

  return table;
}

static void
add_column (LalanExportTable *table,
            const char       *column)
{
  for (guint i = 0; i < table->columns->len; i++)
    if (g_str_equal (g_ptr_array_index (table->columns, i), column))
      return;

  g_ptr_array_add (table->columns, g_strdup (column));
}

static LalanExportTable *
get_child_table (LalanExportTable *table,
                 const char       *path,
                 const char       *form_id)
{
  g_autofree char *name = NULL;

  for (guint i = 0; i < table->children->len; i++)
    {
      LalanExportTable *child = g_ptr_array_index (table->children, i);

      if (g_str_equal (child->path, path))
        return child;
    }

  /* Central names a repeat's table after the form and the repeat. */
  name = g_strdup_printf ("%s-%s", form_id, strrchr (path, '/') + 1);
  g_ptr_array_add (table->children, table_new (name, path, table));

  return g_ptr_array_index (table->children, table->children->len - 1);
}

static void
collect_repeats (xmlNode    *node,
                 GHashTable *repeats)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (g_str_equal ((const char *) child->name, "repeat"))
        {
          char *nodeset = lalan_xml_attribute (child, "nodeset");

          if (nodeset != NULL)
            g_hash_table_add (repeats, g_strstrip (nodeset));
        }

      collect_repeats (child, repeats);
    }
}

static void
walk_instance (xmlNode          *node,
               const char       *path,
               const char       *prefix,
               LalanExportTable *table,
               GHashTable       *repeats,
               const char       *form_id)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *child_path = NULL;
      g_autofree char *template = NULL;
      gboolean has_elements = FALSE;

      if (child->type != XML_ELEMENT_NODE)
        continue;

      child_path = g_strconcat (path, "/", (const char *) child->name, NULL);
      template = lalan_xml_attribute (child, "template");

      for (xmlNode *c = child->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
          has_elements = TRUE;

      if (template != NULL || g_hash_table_contains (repeats, child_path))
        {
          LalanExportTable *repeat = get_child_table (table, child_path, form_id);

          walk_instance (child, child_path, "", repeat, repeats, form_id);
        }
      else if (has_elements)
        {
          g_autofree char *group_prefix = g_strconcat (prefix, (const char *) child->name, "/", NULL);

          walk_instance (child, child_path, group_prefix, table, repeats, form_id);
        }
      else
        {
          g_autofree char *column = g_strconcat (prefix, (const char *) child->name, NULL);

          add_column (table, column);
        }
    }
}

/**
 * lalan_export_table_build:
 * @form_id: the form id
 * @versions: (element-type GBytes): the XForm of every version, latest first
 * @error: a location for a #GError
 *
 * Makes the tables of an export: the root and one per repeat, with the
 * columns of the latest version first and then any that only older
 * versions had, so every stored record finds its fields.
 *
 * Returns: (transfer full) (nullable): the root table
 */
LalanExportTable *
lalan_export_table_build (const char  *form_id,
                          GPtrArray   *versions,
                          GError     **error)
{
  g_autoptr(LalanExportTable) root = NULL;

  g_return_val_if_fail (form_id != NULL, NULL);
  g_return_val_if_fail (versions != NULL, NULL);

  for (guint i = 0; i < versions->len; i++)
    {
      GBytes *xml = g_ptr_array_index (versions, i);
      g_autoptr(xmlDoc) doc = NULL;
      g_autoptr(GHashTable) repeats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree char *root_path = NULL;
      xmlNode *data;
      gsize size;
      const char *bytes = g_bytes_get_data (xml, &size);

      if ((doc = lalan_xml_parse (bytes, size, error)) == NULL)
        return NULL;

      data = lalan_xml_primary_instance (xmlDocGetRootElement (doc), NULL);
      if (data == NULL)
        continue;

      collect_repeats (xmlDocGetRootElement (doc), repeats);
      root_path = g_strconcat ("/", (const char *) data->name, NULL);
      if (root == NULL)
        root = table_new (form_id, root_path, NULL);

      walk_instance (data, root->path, "", root, repeats, form_id);
    }

  if (root == NULL)
    {
      g_set_error (error, LALAN_EXPORT_ERROR, LALAN_EXPORT_ERROR_NOT_FOUND,
                   _("There is no form “%s” to export."), form_id);
      return NULL;
    }

  return g_steal_pointer (&root);
}

/**
 * lalan_export_column_title:
 * @column: a column path such as "place/town"
 *
 * Returns: (transfer full): its heading as Central writes it, "place-town"
 */
char *
lalan_export_column_title (const char *column)
{
  char *title = g_strdup (column);

  g_strdelimit (title, "/", '-');
  return title;
}
