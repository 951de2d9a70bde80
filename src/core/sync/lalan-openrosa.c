/* lalan-openrosa.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-openrosa.h"

#include "lalan-sync-error.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#define XFORMS_LIST_NS "http://openrosa.org/xforms/xformsList"
#define MAX_MESSAGE_CHARS 400

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

void
lalan_openrosa_form_free (LalanOpenRosaForm *form)
{
  if (form == NULL)
    return;

  g_free (form->form_id);
  g_free (form->name);
  g_free (form->version);
  g_free (form->hash);
  g_free (form->download_url);
  g_free (form);
}

/* No network, no DTD (an answer with one is refused: entities are how XML
 * bombs work, and OpenRosa never needs them), libxml2's depth limit. */
static xmlDoc *
parse_untrusted (const char *data,
                 gsize       length,
                 gsize       max_length)
{
  xmlDoc *doc;

  if (data == NULL || length == 0 || length > max_length || length > G_MAXINT)
    return NULL;

  doc = xmlReadMemory (data, (int) length, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    return NULL;

  if (doc->intSubset != NULL || doc->extSubset != NULL || xmlDocGetRootElement (doc) == NULL)
    {
      xmlFreeDoc (doc);
      return NULL;
    }

  return doc;
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         g_str_equal ((const char *) node->name, name);
}

static xmlNode *
find_child (xmlNode    *parent,
            const char *name)
{
  for (xmlNode *child = parent != NULL ? parent->children : NULL; child != NULL; child = child->next)
    if (is_element (child, name))
      return child;

  return NULL;
}

static char *
child_text (xmlNode    *parent,
            const char *name)
{
  xmlNode *child = find_child (parent, name);
  xmlChar *content;
  char *text;

  if (child == NULL)
    return NULL;

  content = xmlNodeGetContent (child);
  text = g_strstrip (g_strdup ((const char *) content));
  xmlFree (content);

  if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
    g_clear_pointer (&text, g_free);

  return text;
}

static char *
get_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strdup ((const char *) value);
  xmlFree (value);

  return copy;
}

/**
 * lalan_openrosa_parse_form_list:
 * @data: the body of a formList answer
 * @length: its length
 * @error: a location for a #GError
 *
 * Reads an OpenRosa form list. Anything else is
 * %LALAN_SYNC_ERROR_NOT_OPENROSA.
 *
 * Returns: (transfer full) (element-type LalanOpenRosaForm): the forms
 */
GPtrArray *
lalan_openrosa_parse_form_list (const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_autoptr(xmlDoc) doc = parse_untrusted (data, length, LALAN_OPENROSA_MAX_ANSWER_BYTES);
  g_autoptr(GPtrArray) forms = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_openrosa_form_free);
  xmlNode *root;

  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (!is_element (root, "xforms"))
    {
      g_set_error_literal (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_NOT_OPENROSA,
                           _("Something answered at this address, but not as an OpenRosa server "
                             "(such as ODK Central or KoboToolbox) does."));
      return NULL;
    }

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      g_autoptr(LalanOpenRosaForm) form = NULL;

      if (!is_element (node, "xform"))
        continue;

      form = g_new0 (LalanOpenRosaForm, 1);
      form->form_id = child_text (node, "formID");
      form->name = child_text (node, "name");
      form->version = child_text (node, "version");
      form->hash = child_text (node, "hash");
      form->download_url = child_text (node, "downloadUrl");

      /* An entry Lalan cannot download is skipped, not fatal: the other
       * forms are still good. */
      if (form->form_id == NULL || form->download_url == NULL)
        continue;

      g_ptr_array_add (forms, g_steal_pointer (&form));
    }

  return g_steal_pointer (&forms);
}

/**
 * lalan_openrosa_clean_message:
 * @message: (nullable): a message from a server
 *
 * Makes a server's sentence fit to show: valid UTF-8, no control
 * characters or markup, spaces collapsed, not too long.
 *
 * Returns: (transfer full) (nullable): the cleaned message, or %NULL when
 *   nothing is left
 */
char *
lalan_openrosa_clean_message (const char *message)
{
  g_autofree char *valid = NULL;
  GString *clean;
  gboolean space = FALSE;
  guint n_chars = 0;

  if (message == NULL)
    return NULL;

  valid = g_utf8_make_valid (message, -1);
  clean = g_string_new (NULL);

  for (const char *p = valid; *p != '\0' && n_chars < MAX_MESSAGE_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = clean->len > 0;
          continue;
        }
      if (c == '<' || c == '>')
        continue;
      if (space)
        g_string_append_c (clean, ' ');
      space = FALSE;
      g_string_append_unichar (clean, c);
      n_chars++;
    }

  if (*valid != '\0' && n_chars >= MAX_MESSAGE_CHARS)
    g_string_append (clean, "…");

  if (clean->len == 0)
    {
      g_string_free (clean, TRUE);
      return NULL;
    }

  return g_string_free (clean, FALSE);
}

/**
 * lalan_openrosa_parse_answer:
 * @data: the body of an answer
 * @length: its length
 * @message: (out) (optional) (nullable): the server's message, cleaned
 *
 * Whether a body is an OpenRosaResponse: the only proof that the server
 * itself, and not a login page in between, answered a submission.
 *
 * Returns: %TRUE for an OpenRosaResponse
 */
gboolean
lalan_openrosa_parse_answer (const char  *data,
                             gsize        length,
                             char       **message)
{
  g_autoptr(xmlDoc) doc = parse_untrusted (data, length, LALAN_OPENROSA_MAX_ANSWER_BYTES);
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;

  if (message != NULL)
    *message = NULL;

  if (!is_element (root, "OpenRosaResponse"))
    return FALSE;

  if (message != NULL)
    {
      g_autofree char *text = child_text (root, "message");

      *message = lalan_openrosa_clean_message (text);
    }

  return TRUE;
}

static xmlNode *
find_meta (xmlNode *root)
{
  return find_child (root, "meta");
}

/**
 * lalan_openrosa_read_instance_meta:
 * @xml: a record's instance XML
 * @form_id: (out) (optional): the form's id (the root's id attribute)
 * @version: (out) (optional): the form's version
 * @instance_id: (out) (optional): meta/instanceID
 * @deprecated_id: (out) (optional): meta/deprecatedID
 *
 * Reads what identifies a record. Each output is %NULL when missing.
 *
 * Returns: %TRUE when @xml parses
 */
gboolean
lalan_openrosa_read_instance_meta (const char  *xml,
                                   char       **form_id,
                                   char       **version,
                                   char       **instance_id,
                                   char       **deprecated_id)
{
  g_autoptr(xmlDoc) doc = parse_untrusted (xml, xml != NULL ? strlen (xml) : 0, LALAN_OPENROSA_MAX_FORM_BYTES);
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  xmlNode *meta = root != NULL ? find_meta (root) : NULL;

  if (form_id != NULL)
    *form_id = root != NULL ? get_attribute (root, "id") : NULL;
  if (version != NULL)
    *version = root != NULL ? get_attribute (root, "version") : NULL;
  if (instance_id != NULL)
    *instance_id = child_text (meta, "instanceID");
  if (deprecated_id != NULL)
    *deprecated_id = child_text (meta, "deprecatedID");

  return root != NULL;
}

/**
 * lalan_openrosa_ensure_deprecated_id:
 * @xml: an edit's instance XML
 * @deprecated_id: the instance id it replaces
 *
 * The forms engine writes meta/deprecatedID into an edit; a record that
 * came without it (an import from an older Lalan) gets it here, the same
 * way each time, so a resend carries identical bytes.
 *
 * Returns: (transfer full) (nullable): the XML to send, or %NULL when
 *   @xml already says so (or cannot be read)
 */
char *
lalan_openrosa_ensure_deprecated_id (const char *xml,
                                     const char *deprecated_id)
{
  g_autoptr(xmlDoc) doc = parse_untrusted (xml, strlen (xml), LALAN_OPENROSA_MAX_FORM_BYTES);
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  xmlNode *meta;
  xmlNode *node;
  xmlChar *out = NULL;
  int out_length = 0;
  char *result;

  if (root == NULL)
    return NULL;

  meta = find_meta (root);
  if (meta == NULL)
    meta = xmlNewChild (root, root->ns, (const xmlChar *) "meta", NULL);

  node = find_child (meta, "deprecatedID");
  if (node != NULL)
    {
      g_autofree char *current = child_text (meta, "deprecatedID");

      if (g_strcmp0 (current, deprecated_id) == 0)
        return NULL;
      xmlNodeSetContent (node, NULL);
      xmlNodeAddContent (node, (const xmlChar *) deprecated_id);
    }
  else
    xmlNewTextChild (meta, meta->ns, (const xmlChar *) "deprecatedID", (const xmlChar *) deprecated_id);

  xmlDocDumpMemoryEnc (doc, &out, &out_length, "UTF-8");
  result = g_strndup ((const char *) out, out_length);
  xmlFree (out);

  return result;
}
