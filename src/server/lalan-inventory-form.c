/* lalan-inventory-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-form.h"

#include "lalan-inventory-error.h"
#include "lalan-inventory-xml.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* What the server needs from an XForm: its id, version and title for the
 * form list, and the shape of its primary instance for exports. The forms
 * engine in src/core/forms evaluates forms; the server never does. */

void
lalan_inventory_form_info_clear (LalanInventoryFormInfo *info)
{
  g_clear_pointer (&info->xml_form_id, g_free);
  g_clear_pointer (&info->version, g_free);
  g_clear_pointer (&info->title, g_free);
}

static xmlNode *
find_primary_instance (xmlNode *root,
                       xmlNode **head_out)
{
  xmlNode *head = lalan_inventory_xml_child (root, "head");
  xmlNode *model = lalan_inventory_xml_child (head, "model");

  if (head_out != NULL)
    *head_out = head;
  if (model == NULL)
    return NULL;

  /* The primary instance is the first <instance> without an id. */
  for (xmlNode *child = model->children; child != NULL; child = child->next)
    {
      g_autofree char *id = NULL;

      if (child->type != XML_ELEMENT_NODE || !g_str_equal ((const char *) child->name, "instance"))
        continue;
      id = lalan_inventory_xml_attribute (child, "id");
      if (id != NULL)
        continue;

      for (xmlNode *data = child->children; data != NULL; data = data->next)
        if (data->type == XML_ELEMENT_NODE)
          return data;
      return NULL;
    }

  return NULL;
}

/**
 * lalan_inventory_form_read_info:
 * @xml: an XForm
 * @info: (out caller-allocates): its id, version and title
 * @error: a location for a #GError
 *
 * Returns: %TRUE when @xml is an XForm with an id
 */
gboolean
lalan_inventory_form_read_info (GBytes                  *xml,
                                LalanInventoryFormInfo  *info,
                                GError                 **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *head;
  xmlNode *data;
  gsize size;
  const char *bytes = g_bytes_get_data (xml, &size);

  memset (info, 0, sizeof *info);

  if (size > LALAN_INVENTORY_MAX_FORM_SIZE)
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_TOO_LARGE,
                   _("The form is larger than %d MB."), LALAN_INVENTORY_MAX_FORM_SIZE / (1024 * 1024));
      return FALSE;
    }

  if ((doc = lalan_inventory_xml_parse (bytes, size, error)) == NULL)
    return FALSE;

  data = find_primary_instance (xmlDocGetRootElement (doc), &head);
  if (data == NULL)
    {
      g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                           _("This is not an XForm: it has no primary instance in its model."));
      return FALSE;
    }

  info->xml_form_id = lalan_inventory_xml_attribute (data, "id");
  if (info->xml_form_id == NULL || *info->xml_form_id == '\0' ||
      strlen (info->xml_form_id) > 200 || strpbrk (info->xml_form_id, "/\\") != NULL)
    {
      lalan_inventory_form_info_clear (info);
      g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                           _("The form's primary instance has no usable id attribute."));
      return FALSE;
    }

  info->version = lalan_inventory_xml_attribute (data, "version");
  if (info->version == NULL)
    info->version = g_strdup ("");

  info->title = lalan_inventory_xml_text (lalan_inventory_xml_child (head, "title"));
  if (info->title == NULL)
    info->title = g_strdup (info->xml_form_id);

  return TRUE;
}

/* Schema ------------------------------------------------------------------ */

void
lalan_inventory_table_free (LalanInventoryTable *table)
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

static LalanInventoryTable *
table_new (const char          *name,
           const char          *path,
           LalanInventoryTable *parent)
{
  LalanInventoryTable *table = g_new0 (LalanInventoryTable, 1);

  table->name = g_strdup (name);
  table->path = g_strdup (path);
  table->columns = g_ptr_array_new_with_free_func (g_free);
  table->children = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_inventory_table_free);
  table->parent = parent;
  if (parent != NULL)
    table->relative_path = g_strdup (path + strlen (parent->path) + 1);

  return table;
}

static void
add_column (LalanInventoryTable *table,
            const char          *column)
{
  for (guint i = 0; i < table->columns->len; i++)
    if (g_str_equal (g_ptr_array_index (table->columns, i), column))
      return;

  g_ptr_array_add (table->columns, g_strdup (column));
}

static LalanInventoryTable *
get_child_table (LalanInventoryTable *table,
                 const char          *path,
                 const char          *xml_form_id)
{
  g_autofree char *name = NULL;

  for (guint i = 0; i < table->children->len; i++)
    {
      LalanInventoryTable *child = g_ptr_array_index (table->children, i);

      if (g_str_equal (child->path, path))
        return child;
    }

  /* Central names a repeat's table after the form and the repeat. */
  name = g_strdup_printf ("%s-%s", xml_form_id, strrchr (path, '/') + 1);
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
          char *nodeset = lalan_inventory_xml_attribute (child, "nodeset");

          if (nodeset != NULL)
            g_hash_table_add (repeats, g_strstrip (nodeset));
        }

      collect_repeats (child, repeats);
    }
}

static void
walk_instance (xmlNode             *node,
               const char          *path,
               const char          *prefix,
               LalanInventoryTable *table,
               GHashTable          *repeats,
               const char          *xml_form_id)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *child_path = NULL;
      g_autofree char *template = NULL;
      gboolean has_elements = FALSE;

      if (child->type != XML_ELEMENT_NODE)
        continue;

      child_path = g_strconcat (path, "/", (const char *) child->name, NULL);
      template = lalan_inventory_xml_attribute (child, "template");

      for (xmlNode *c = child->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
          has_elements = TRUE;

      if (template != NULL || g_hash_table_contains (repeats, child_path))
        {
          LalanInventoryTable *repeat = get_child_table (table, child_path, xml_form_id);

          walk_instance (child, child_path, "", repeat, repeats, xml_form_id);
        }
      else if (has_elements)
        {
          g_autofree char *group_prefix = g_strconcat (prefix, (const char *) child->name, "/", NULL);

          walk_instance (child, child_path, group_prefix, table, repeats, xml_form_id);
        }
      else
        {
          g_autofree char *column = g_strconcat (prefix, (const char *) child->name, NULL);

          add_column (table, column);
        }
    }
}

/**
 * lalan_inventory_form_build_schema:
 * @xml_form_id: the form id
 * @versions: (element-type GBytes): the XForm of every version, latest first
 * @error: a location for a #GError
 *
 * Makes the tables of an export: the root and one per repeat, with the
 * columns of the latest version first and then any that only older
 * versions had, so every stored record finds its fields.
 *
 * Returns: (transfer full) (nullable): the root table
 */
LalanInventoryTable *
lalan_inventory_form_build_schema (const char  *xml_form_id,
                                   GPtrArray   *versions,
                                   GError     **error)
{
  g_autoptr(LalanInventoryTable) root = NULL;

  for (guint i = 0; i < versions->len; i++)
    {
      GBytes *xml = g_ptr_array_index (versions, i);
      g_autoptr(xmlDoc) doc = NULL;
      g_autoptr(GHashTable) repeats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree char *root_path = NULL;
      xmlNode *data;
      gsize size;
      const char *bytes = g_bytes_get_data (xml, &size);

      if ((doc = lalan_inventory_xml_parse (bytes, size, error)) == NULL)
        return NULL;

      data = find_primary_instance (xmlDocGetRootElement (doc), NULL);
      if (data == NULL)
        continue;

      collect_repeats (xmlDocGetRootElement (doc), repeats);
      root_path = g_strconcat ("/", (const char *) data->name, NULL);
      if (root == NULL)
        root = table_new (xml_form_id, root_path, NULL);

      walk_instance (data, root->path, "", root, repeats, xml_form_id);
    }

  if (root == NULL)
    {
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_NOT_FOUND,
                   _("The form “%s” is not on this server."), xml_form_id);
      return NULL;
    }

  return g_steal_pointer (&root);
}

/**
 * lalan_inventory_table_column_title:
 * @column: a column path such as "place/town"
 *
 * Returns: (transfer full): its heading as Central writes it, "place-town"
 */
char *
lalan_inventory_table_column_title (const char *column)
{
  char *title = g_strdup (column);

  g_strdelimit (title, "/", '-');
  return title;
}
