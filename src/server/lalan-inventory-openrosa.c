/* lalan-inventory-openrosa.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-server-private.h"

#include "lalan-inventory-error.h"
#include "lalan-inventory-facts.h"
#include "lalan-inventory-instance.h"
#include "lalan-inventory-multipart.h"
#include "lalan-inventory-xml.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The OpenRosa side, as ODK Central answers it: the form list, the forms,
 * and submissions with Central's rules for resends and edits. */

#define XML_SUBMISSION_FILE "xml_submission_file"
#define MAX_PARTS 256

void
lalan_inventory_handle_form_list (LalanInventoryRequest *req,
                                  SoupServerMessage     *msg,
                                  GHashTable            *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = lalan_inventory_db_list_forms (req->server->db, req->project_id, &error);
  g_autofree char *base = NULL;
  const char *only = query != NULL ? g_hash_table_lookup (query, "formID") : NULL;
  GString *xml;

  if (forms == NULL)
    {
      lalan_inventory_respond_error (req, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }

  base = lalan_inventory_request_base_url (req, msg);
  xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">\n");

  for (guint i = 0; i < forms->len; i++)
    {
      LalanInventoryFormRow *row = g_ptr_array_index (forms, i);
      g_autofree char *id = g_markup_escape_text (row->xml_form_id, -1);
      g_autofree char *name = g_markup_escape_text (row->title, -1);
      g_autofree char *version = g_markup_escape_text (row->version, -1);
      g_autofree char *url_id = g_uri_escape_string (row->xml_form_id, NULL, FALSE);
      g_autofree char *url = NULL;
      g_autofree char *escaped_url = NULL;

      if (only != NULL && !g_str_equal (only, row->xml_form_id))
        continue;

      url = g_strdup_printf ("%s/forms/%s.xml", base, url_id);
      escaped_url = g_markup_escape_text (url, -1);
      g_string_append_printf (xml,
                              "  <xform>\n"
                              "    <formID>%s</formID>\n"
                              "    <name>%s</name>\n"
                              "    <version>%s</version>\n"
                              "    <hash>md5:%s</hash>\n"
                              "    <downloadUrl>%s</downloadUrl>\n"
                              "  </xform>\n",
                              id, name, version, row->md5, escaped_url);
    }
  g_string_append (xml, "</xforms>\n");

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/xml; charset=utf-8", SOUP_MEMORY_TAKE,
                                    xml->str, xml->len);
  g_string_free (xml, FALSE);
}

void
lalan_inventory_handle_form_xml (LalanInventoryRequest *req,
                                 SoupServerMessage     *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) xml = lalan_inventory_db_get_form_xml (req->server->db, req->project_id,
                                                           req->name, &error);

  if (xml == NULL)
    {
      lalan_inventory_respond_error (req, msg,
                                     g_error_matches (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_NOT_FOUND) ?
                                     SOUP_STATUS_NOT_FOUND : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                     error->message);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/xml; charset=utf-8", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
}

/* Submission -------------------------------------------------------------- */

typedef struct
{
  SoupServerMessage      *msg;
  LalanInventoryLanguage  language;
} Pending;

static char *
describe_outcome (LalanInventorySubmission *submission,
                  LalanInventoryOutcome     outcome,
                  const char               *detail)
{
  switch (outcome)
    {
    case LALAN_INVENTORY_OUTCOME_CREATED:
    case LALAN_INVENTORY_OUTCOME_EDITED:
      return g_strdup (_("The record was received in full."));
    case LALAN_INVENTORY_OUTCOME_DUPLICATE:
      return g_strdup (_("This record had already been received; the server keeps one copy."));
    case LALAN_INVENTORY_OUTCOME_FORM_NOT_FOUND:
      return g_strdup_printf (_("The form “%s” is not on this server."), submission->xml_form_id);
    case LALAN_INVENTORY_OUTCOME_VERSION_NOT_FOUND:
      return g_strdup_printf (_("Version “%s” of the form “%s” is not on this server."),
                              submission->version, submission->xml_form_id);
    case LALAN_INVENTORY_OUTCOME_DEPRECATED_NOT_FOUND:
      return g_strdup_printf (_("This edit replaces the record %s, which is not on this server."),
                              submission->deprecated_id);
    case LALAN_INVENTORY_OUTCOME_DEPRECATED_NOT_CURRENT:
      return g_strdup_printf (_("This edit was made on a copy of the record (%s) that another edit has replaced since. "
                                "Get the newest version and make the change again."),
                              submission->deprecated_id);
    case LALAN_INVENTORY_OUTCOME_INSTANCE_NOT_CURRENT:
      return g_strdup_printf (_("The record %s has been replaced by an edit and cannot be sent again."),
                              submission->instance_id);
    case LALAN_INVENTORY_OUTCOME_XML_CONFLICT:
      return g_strdup_printf (_("Another record with the same instanceID (%s) is already on this server."),
                              submission->instance_id);
    case LALAN_INVENTORY_OUTCOME_ATTACHMENT_CONFLICT:
      return g_strdup_printf (_("The file “%s” was already received for this record with different content."),
                              detail != NULL ? detail : "");
    case LALAN_INVENTORY_OUTCOME_FAILED:
    default:
      return g_strdup (_("The server could not store the record. It was not saved; try again later."));
    }
}

static void
stored_cb (LalanInventorySubmission *submission,
           LalanInventoryOutcome     outcome,
           const char               *detail,
           const GError             *error,
           gpointer                  user_data)
{
  Pending *pending = user_data;
  g_autofree char *message = NULL;
  locale_t previous;

  if (error != NULL)
    g_message ("A submission could not be stored: %s", error->message);

  previous = lalan_inventory_i18n_push (pending->language);
  message = describe_outcome (submission, outcome, detail);
  lalan_inventory_i18n_pop (previous);

  lalan_inventory_respond_openrosa (pending->msg, lalan_inventory_outcome_get_status (outcome),
                                    !lalan_inventory_outcome_is_stored (outcome), message);
  soup_server_message_unpause (pending->msg);

  g_object_unref (pending->msg);
  g_free (pending);
}

/* Turns the parts of a request into a submission; sets @status and
 * @error on refusal. */
static LalanInventorySubmission *
read_submission (LalanInventoryRequest  *req,
                 GPtrArray              *parts,
                 guint                  *status,
                 GError                **error)
{
  g_autoptr(LalanInventorySubmission) submission = lalan_inventory_submission_new ();
  g_auto(LalanInventoryInstanceMeta) meta = { 0, };
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  LalanInventoryPart *xml_part = NULL;
  gsize xml_size;
  const char *xml_data;

  *status = SOUP_STATUS_BAD_REQUEST;

  for (guint i = 0; i < parts->len; i++)
    {
      LalanInventoryPart *part = g_ptr_array_index (parts, i);
      const char *name;

      if (g_str_equal (part->field_name, XML_SUBMISSION_FILE))
        {
          if (xml_part != NULL)
            {
              g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                                   _("The upload has more than one xml_submission_file part."));
              return NULL;
            }
          xml_part = part;
          continue;
        }

      /* Collect marks a partial upload with "*isIncomplete*"; such fields
       * are not files. */
      if (part->field_name[0] == '*' && part->filename == NULL)
        continue;

      name = part->filename != NULL ? part->filename : part->field_name;
      if (!lalan_inventory_attachment_name_ok (name))
        {
          g_autofree char *shown = g_utf8_make_valid (name, -1);

          g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                       _("The attached file name “%s” is not allowed: it must be a plain file name, "
                         "without folders, “..”, or special characters."), shown);
          return NULL;
        }
      if (!g_hash_table_add (names, (gpointer) name))
        {
          g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                       _("The file “%s” is attached twice."), name);
          return NULL;
        }

      g_ptr_array_add (submission->attachments,
                       lalan_inventory_attachment_new (name, part->content_type, part->body));
    }

  if (xml_part == NULL)
    {
      g_set_error_literal (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_INVALID,
                           _("The upload has no xml_submission_file part, so there is no record in it."));
      return NULL;
    }

  xml_data = g_bytes_get_data (xml_part->body, &xml_size);
  if (xml_size > LALAN_INVENTORY_MAX_INSTANCE_SIZE)
    {
      *status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
      g_set_error (error, LALAN_INVENTORY_ERROR, LALAN_INVENTORY_ERROR_TOO_LARGE,
                   _("The record's XML is larger than %d MB."), LALAN_INVENTORY_MAX_INSTANCE_SIZE / (1024 * 1024));
      return NULL;
    }

  if ((doc = lalan_inventory_xml_parse (xml_data, xml_size, error)) == NULL ||
      !lalan_inventory_instance_read_meta (doc, &meta, error))
    return NULL;

  submission->project_id = req->project_id;
  submission->token_id = req->token_id;
  submission->xml_form_id = g_steal_pointer (&meta.xml_form_id);
  submission->version = g_steal_pointer (&meta.version);
  submission->instance_id = g_steal_pointer (&meta.instance_id);
  submission->deprecated_id = g_steal_pointer (&meta.deprecated_id);
  submission->xml = g_bytes_ref (xml_part->body);
  submission->xml_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, xml_part->body);
  submission->facts = lalan_inventory_facts_extract (submission->xml_form_id, doc);

  return g_steal_pointer (&submission);
}

void
lalan_inventory_handle_submission (LalanInventoryRequest *req,
                                   SoupServerMessage     *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GHashTable) params = NULL;
  LalanInventorySubmission *submission;
  Pending *pending;
  guint status = SOUP_STATUS_BAD_REQUEST;

  if (req->spool == NULL)
    {
      lalan_inventory_respond_error (req, msg, SOUP_STATUS_BAD_REQUEST,
                                     _("A record must be sent as multipart/form-data with an xml_submission_file part."));
      return;
    }

  if (req->spool_error != NULL)
    {
      g_message ("%s", req->spool_error->message);
      lalan_inventory_respond_error (req, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                     _("The server could not store the record. It was not saved; try again later."));
      return;
    }

  if ((body = lalan_inventory_spool_finish (req->spool, &error)) == NULL)
    {
      g_message ("%s", error->message);
      lalan_inventory_respond_error (req, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                     _("The server could not store the record. It was not saved; try again later."));
      return;
    }
  g_clear_pointer (&req->spool, lalan_inventory_spool_free);

  soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), &params);
  parts = lalan_inventory_multipart_parse (body,
                                           params != NULL ? g_hash_table_lookup (params, "boundary") : NULL,
                                           MAX_PARTS, &error);
  if (parts == NULL ||
      (submission = read_submission (req, parts, &status, &error)) == NULL)
    {
      lalan_inventory_respond_error (req, msg, status, error->message);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->msg = g_object_ref (msg);
  pending->language = req->language;
  soup_server_message_pause (msg);
  lalan_inventory_writer_submit (req->server->writer, submission, stored_cb, pending);
}
