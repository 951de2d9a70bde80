/* lalan-about.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-about.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

/* libadwaita 1.2 cannot build an about window from AppStream data (that came
 * in 1.4), so we read the metainfo ourselves: one source for the store, the
 * software centre and this dialog. The metainfo is ours, compiled into the
 * binary, and parsed without network access all the same. */

static gboolean
node_is (xmlNode    *node,
         const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrcmp (node->name, BAD_CAST name) == 0;
}

/* Ranks a node's xml:lang against the interface languages: 0 is the best,
 * G_MAXINT means not wanted. Untranslated nodes rank just after every
 * language the person asked for. */
static int
language_rank (xmlNode *node)
{
  const char * const *names = g_get_language_names ();
  g_autofree char *lang = (char *) xmlNodeGetLang (node);
  int n;

  for (n = 0; names[n] != NULL; n++)
    {
      g_autofree char *tag = NULL;

      if (g_str_equal (names[n], "C"))
        break;

      tag = g_strdelimit (g_strdup (names[n]), "_", '-');
      if (lang != NULL && g_ascii_strcasecmp (lang, tag) == 0)
        return n;
    }

  return lang == NULL ? n : G_MAXINT;
}

static char *
dup_localized_child (xmlNode    *parent,
                     const char *name)
{
  xmlNode *best = NULL;
  int best_rank = G_MAXINT;

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      int rank;

      if (!node_is (child, name))
        continue;

      rank = language_rank (child);
      if (rank < best_rank)
        {
          best = child;
          best_rank = rank;
        }
    }

  if (best == NULL)
    return NULL;

  return (char *) xmlNodeGetContent (best);
}

static xmlNode *
find_child (xmlNode    *parent,
            const char *name,
            const char *type)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      g_autofree char *child_type = NULL;

      if (!node_is (child, name))
        continue;
      if (type == NULL)
        return child;

      child_type = (char *) xmlGetProp (child, BAD_CAST "type");
      if (g_strcmp0 (child_type, type) == 0)
        return child;
    }

  return NULL;
}

static char *
dup_content (xmlNode *node)
{
  return node ? (char *) xmlNodeGetContent (node) : NULL;
}

/* The best language's rank among the children of @parent named @name. */
static int
best_rank_of (xmlNode    *parent,
              const char *name)
{
  int best_rank = G_MAXINT;

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (node_is (child, name))
      best_rank = MIN (best_rank, language_rank (child));

  return best_rank;
}

static void
append_element (GString    *notes,
                const char *tag,
                xmlNode    *node)
{
  g_autofree char *text = (char *) xmlNodeGetContent (node);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (notes, "<%s>%s</%s>", tag, escaped, tag);
}

/* Release notes keep AppStream's description markup, which AdwAboutWindow
 * renders (paragraphs and lists); only the best language is kept. */
static char *
dup_release_notes (xmlNode *release)
{
  xmlNode *description = find_child (release, "description", NULL);
  g_autoptr(GString) notes = g_string_new (NULL);
  int best_rank;

  if (description == NULL)
    return NULL;

  best_rank = best_rank_of (description, "p");

  for (xmlNode *child = description->children; child != NULL; child = child->next)
    {
      if (node_is (child, "p") && language_rank (child) == best_rank)
        append_element (notes, "p", child);
      else if (node_is (child, "ul") || node_is (child, "ol"))
        {
          const char *list = node_is (child, "ul") ? "ul" : "ol";
          int item_rank = best_rank_of (child, "li");

          g_string_append_printf (notes, "<%s>", list);
          for (xmlNode *item = child->children; item != NULL; item = item->next)
            if (node_is (item, "li") && language_rank (item) == item_rank)
              append_element (notes, "li", item);
          g_string_append_printf (notes, "</%s>", list);
        }
    }

  return g_string_free (g_steal_pointer (&notes), notes->len == 0);
}

/**
 * lalan_about_window_new_from_metainfo:
 * @resource_path: the metainfo file in the application's resources
 *
 * Returns: (transfer full): an about window filled from the metainfo
 */
GtkWidget *
lalan_about_window_new_from_metainfo (const char *resource_path)
{
  g_autoptr(GBytes) bytes = NULL;
  AdwAboutWindow *about;
  xmlDoc *doc;
  xmlNode *root;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  adw_about_window_set_application_icon (about, APPLICATION_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);

  bytes = g_resources_lookup_data (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_return_val_if_fail (bytes != NULL, GTK_WIDGET (about));

  doc = xmlReadMemory (g_bytes_get_data (bytes, NULL),
                       (int) g_bytes_get_size (bytes),
                       resource_path, "UTF-8",
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      return GTK_WIDGET (about);
    }

  {
    g_autofree char *name = dup_localized_child (root, "name");
    g_autofree char *summary = dup_localized_child (root, "summary");
    g_autofree char *developer = dup_localized_child (root, "developer_name");
    g_autofree char *license = dup_content (find_child (root, "project_license", NULL));
    g_autofree char *homepage = dup_content (find_child (root, "url", "homepage"));
    g_autofree char *bugtracker = dup_content (find_child (root, "url", "bugtracker"));
    xmlNode *releases = find_child (root, "releases", NULL);
    xmlNode *release = releases ? find_child (releases, "release", NULL) : NULL;

    if (name != NULL)
      adw_about_window_set_application_name (about, name);
    if (summary != NULL)
      adw_about_window_set_comments (about, summary);
    if (developer != NULL)
      adw_about_window_set_developer_name (about, developer);
    if (g_strcmp0 (license, "GPL-3.0-or-later") == 0)
      adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
    if (homepage != NULL)
      adw_about_window_set_website (about, homepage);
    if (bugtracker != NULL)
      adw_about_window_set_issue_url (about, bugtracker);

    if (release != NULL)
      {
        g_autofree char *version = (char *) xmlGetProp (release, BAD_CAST "version");
        g_autofree char *notes = dup_release_notes (release);

        if (version != NULL && notes != NULL)
          {
            adw_about_window_set_release_notes_version (about, version);
            adw_about_window_set_release_notes (about, notes);
          }
      }
  }

  xmlFreeDoc (doc);

  return GTK_WIDGET (about);
}
