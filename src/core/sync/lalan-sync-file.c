/* lalan-sync-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-sync-file.h"

#include "lalan-openrosa.h"
#include "lalan-sync-error.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* Sync files: records carried on a USB stick from a village without a
 * network to a computer that has one.
 *
 * A .lalansync file is a zip:
 *
 *   manifest.json                 what the file holds, with the SHA-256
 *                                 and size of every other file
 *   forms/N.xml                   the form versions the records use
 *   records/N/instance.xml        each record's instance XML
 *   records/N/files/NAME          its attachments
 *
 * Import is all or nothing for a damaged file: every entry is read and
 * hashed first, and only a file whose every entry matches its manifest,
 * with nothing extra or missing, and whose records' XML says what the
 * manifest says, is imported. The exporting computer marks nothing as
 * sent: only a server's acknowledgement does that, so the same record may
 * travel by file and by network and still reach the server once (the
 * server recognises its instance id). */

#define MANIFEST_NAME "manifest.json"
#define FORMAT_NAME "lalan-sync"
#define FORMAT_VERSION 1
#define MAX_ENTRIES 200000
#define MAX_ENTRY_BYTES ((gint64) 256 * 1024 * 1024)
#define MAX_TOTAL_BYTES ((gint64) 8 * 1024 * 1024 * 1024)
#define MAX_MANIFEST_BYTES (64 * 1024 * 1024)


static void
set_bad_file (GError     **error,
              const char  *path,
              const char  *reason)
{
  g_autofree char *name = g_path_get_basename (path);

  /* Translators: the first %s is a file name, the second a sentence saying what is wrong. */
  g_set_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_BAD_FILE,
               _("The sync file %s was not imported, and nothing from it was added: %s"), name, reason);
}

/* Export ------------------------------------------------------------------ */

typedef struct
{
  struct archive *archive;
  const char     *path;
} Writer;

static gboolean
write_entry (Writer      *writer,
             const char  *name,
             const void  *data,
             gsize        length,
             GError     **error)
{
  struct archive_entry *entry = archive_entry_new ();
  gboolean ok;

  archive_entry_set_pathname_utf8 (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) length);
  archive_entry_set_mtime (entry, g_get_real_time () / G_USEC_PER_SEC, 0);

  ok = archive_write_header (writer->archive, entry) == ARCHIVE_OK &&
       (length == 0 || archive_write_data (writer->archive, data, length) == (la_ssize_t) length);
  archive_entry_free (entry);

  if (!ok)
    g_set_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_FAILED,
                 _("The sync file %s could not be written: %s"), writer->path,
                 archive_error_string (writer->archive));

  return ok;
}

static void
add_file_to_manifest (JsonBuilder *builder,
                      const char  *role,
                      const char  *path,
                      const void  *data,
                      gsize        length)
{
  g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) length);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static gboolean
export_record (LalanStore    *store,
               Writer        *writer,
               JsonBuilder   *builder,
               LalanRecord   *listed,
               guint          index,
               GHashTable    *form_versions,
               GError       **error)
{
  g_autoptr(LalanRecord) record = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autofree char *instance_path = NULL;
  const char *xml;

  record = lalan_store_get_record (store, lalan_record_get_instance_id (listed), error);
  if (record == NULL)
    return FALSE;
  if (lalan_record_get_state (record) != LALAN_RECORD_STATE_FINALIZED)
    return TRUE;

  attachments = lalan_store_list_attachments (store, lalan_record_get_instance_id (record), error);
  if (attachments == NULL)
    return FALSE;

  xml = lalan_record_get_instance_xml (record);
  instance_path = g_strdup_printf ("records/%u/instance.xml", index);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "instance_id");
  json_builder_add_string_value (builder, lalan_record_get_instance_id (record));
  json_builder_set_member_name (builder, "form_id");
  json_builder_add_string_value (builder, lalan_record_get_form_id (record));
  json_builder_set_member_name (builder, "form_version");
  json_builder_add_string_value (builder, lalan_record_get_form_version (record));
  add_optional_string (builder, "summary", lalan_record_get_summary (record));
  add_optional_string (builder, "deprecated_id", lalan_record_get_deprecated_id (record));
  json_builder_set_member_name (builder, "finalized_at");
  json_builder_add_int_value (builder, lalan_record_get_finalized_at (record));
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);

  if (!write_entry (writer, instance_path, xml, strlen (xml), error))
    return FALSE;
  add_file_to_manifest (builder, "instance", instance_path, xml, strlen (xml));
  json_builder_end_object (builder);

  for (guint i = 0; i < attachments->len; i++)
    {
      LalanAttachment *info = g_ptr_array_index (attachments, i);
      g_autoptr(LalanAttachment) attachment = NULL;
      g_autofree char *file_path = g_strdup_printf ("records/%u/files/%u", index, i);
      gsize length;
      const void *data;

      attachment = lalan_store_get_attachment (store, info->instance_id, info->name, error);
      if (attachment == NULL)
        return FALSE;

      data = g_bytes_get_data (attachment->data, &length);
      if (!write_entry (writer, file_path, data, length, error))
        return FALSE;

      add_file_to_manifest (builder, "attachment", file_path, data, length);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, attachment->name);
      add_optional_string (builder, "media_type", attachment->media_type);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  g_hash_table_add (form_versions,
                    g_strconcat (lalan_record_get_form_id (record), "\n", lalan_record_get_form_version (record), NULL));

  return TRUE;
}

static gboolean
export_forms (LalanStore   *store,
              Writer       *writer,
              JsonBuilder  *builder,
              GHashTable   *form_versions,
              GError      **error)
{
  GHashTableIter iter;
  gpointer key;
  guint index = 0;

  g_hash_table_iter_init (&iter, form_versions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\n", 2);
      g_autofree char *xml = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) local_error = NULL;

      /* A form this computer never registered (a record made by the CLI
       * in a test) travels without it: the server needs only the record. */
      xml = lalan_store_get_form_xml (store, parts[0], parts[1], &local_error);
      if (xml == NULL)
        {
          if (g_error_matches (local_error, LALAN_STORE_ERROR, LALAN_STORE_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      path = g_strdup_printf ("forms/%u.xml", index++);
      if (!write_entry (writer, path, xml, strlen (xml), error))
        return FALSE;
      add_file_to_manifest (builder, "form", path, xml, strlen (xml));
      json_builder_set_member_name (builder, "form_id");
      json_builder_add_string_value (builder, parts[0]);
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, parts[1]);
      json_builder_end_object (builder);
    }

  return TRUE;
}

/**
 * lalan_sync_file_export:
 * @store: the store
 * @path: the file to write (its parent folder must exist)
 * @n_records: (out) (optional): how many records it holds
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Writes every finalized, unsent record with its attachments and forms
 * into a sync file. The file appears whole or not at all (written beside
 * it, then renamed). No record changes state. Blocks.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_sync_file_export (LalanStore    *store,
                        const char    *path,
                        guint         *n_records,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) form_versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  g_autofree char *manifest = NULL;
  g_autofree char *temp_path = g_strconcat (path, ".part", NULL);
  Writer writer = { NULL, path };
  gsize manifest_length;
  gboolean ok = FALSE;
  guint count = 0;

  g_return_val_if_fail (LALAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  records = lalan_store_list_records (store, LALAN_RECORD_STATE_FINALIZED, NULL, NULL, 0, 0, error);
  if (records == NULL)
    return FALSE;

  writer.archive = archive_write_new ();
  archive_write_set_format_zip (writer.archive);
  if (archive_write_open_filename (writer.archive, temp_path) != ARCHIVE_OK)
    {
      g_set_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_FAILED,
                   _("The sync file %s could not be written: %s"), path, archive_error_string (writer.archive));
      archive_write_free (writer.archive);
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "device_id");
  json_builder_add_string_value (builder, lalan_store_get_device_id (store));
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);

  /* Oldest first, so an original comes before its edit here too. */
  for (guint i = records->len; i > 0; i--)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !export_record (store, &writer, builder, g_ptr_array_index (records, i - 1), count, form_versions, error))
        goto out;
      count++;
    }

  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "forms");
  json_builder_begin_array (builder);
  if (!export_forms (store, &writer, builder, form_versions, error))
    goto out;
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  manifest = json_generator_to_data (generator, &manifest_length);
  if (!write_entry (&writer, MANIFEST_NAME, manifest, manifest_length, error))
    goto out;

  if (archive_write_close (writer.archive) != ARCHIVE_OK)
    {
      g_set_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_FAILED,
                   _("The sync file %s could not be written: %s"), path, archive_error_string (writer.archive));
      goto out;
    }

  if (g_rename (temp_path, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LALAN_SYNC_ERROR, LALAN_SYNC_ERROR_FAILED,
                   _("The sync file %s could not be written: %s"), path, g_strerror (saved_errno));
      goto out;
    }

  if (n_records != NULL)
    *n_records = count;
  ok = TRUE;

out:
  archive_write_free (writer.archive);
  if (!ok)
    g_unlink (temp_path);

  return ok;
}

/* Import ------------------------------------------------------------------ */

typedef struct
{
  char    *sha256;
  gint64   size;
  GBytes  *data;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->sha256);
  g_clear_pointer (&entry->data, g_bytes_unref);
  g_free (entry);
}

static gboolean
path_is_safe (const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (name == NULL || *name == '\0' || name[0] == '/' || strchr (name, '\\') != NULL ||
      !g_utf8_validate (name, -1, NULL) || strlen (name) > 255)
    return FALSE;

  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      return FALSE;

  return TRUE;
}

/* Reads every entry: the manifest is kept, the others are hashed (and
 * kept when @keep_data). Anything strange refuses the whole file. */
static GHashTable *
read_entries (const char    *path,
              gboolean       keep_data,
              GBytes       **manifest,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
  struct archive *archive = archive_read_new ();
  struct archive_entry *header;
  gint64 total = 0;
  gboolean ok = FALSE;
  int rc;

  *manifest = NULL;
  archive_read_support_format_zip (archive);
  archive_read_support_filter_none (archive);

  if (archive_read_open_filename (archive, path, 64 * 1024) != ARCHIVE_OK)
    {
      set_bad_file (error, path, _("it cannot be opened as a sync file."));
      goto out;
    }

  while ((rc = archive_read_next_header (archive, &header)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname_utf8 (header);
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      g_autoptr(GByteArray) data = NULL;
      gboolean is_manifest;
      gint64 size = 0;
      guint8 buffer[65536];
      la_ssize_t n;
      Entry *entry;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      if (archive_entry_filetype (header) == AE_IFDIR)
        continue;

      if (archive_entry_filetype (header) != AE_IFREG || archive_entry_hardlink (header) != NULL ||
          !path_is_safe (name))
        {
          set_bad_file (error, path, _("it holds an entry that is not a plain file with a plain name."));
          goto out;
        }

      if (g_hash_table_size (entries) >= MAX_ENTRIES || g_hash_table_contains (entries, name))
        {
          set_bad_file (error, path, _("it holds too many entries, or the same entry twice."));
          goto out;
        }

      is_manifest = g_str_equal (name, MANIFEST_NAME);
      if (is_manifest && *manifest != NULL)
        {
          set_bad_file (error, path, _("it holds two manifests."));
          goto out;
        }
      if (is_manifest || keep_data)
        data = g_byte_array_new ();

      /* The sizes in the zip's headers may lie; only bytes actually read
       * count against the limits. */
      while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
        {
          size += n;
          total += n;
          if (size > (is_manifest ? MAX_MANIFEST_BYTES : MAX_ENTRY_BYTES) || total > MAX_TOTAL_BYTES)
            {
              set_bad_file (error, path, _("it is larger than any real sync file."));
              goto out;
            }
          g_checksum_update (checksum, buffer, n);
          if (data != NULL)
            g_byte_array_append (data, buffer, n);
        }
      if (n < 0)
        {
          set_bad_file (error, path, _("it is damaged (it may have been cut short while copying)."));
          goto out;
        }

      if (is_manifest)
        {
          *manifest = g_byte_array_free_to_bytes (g_steal_pointer (&data));
          continue;
        }

      entry = g_new0 (Entry, 1);
      entry->sha256 = g_strdup (g_checksum_get_string (checksum));
      entry->size = size;
      if (data != NULL)
        entry->data = g_byte_array_free_to_bytes (g_steal_pointer (&data));
      g_hash_table_insert (entries, g_strdup (name), entry);
    }

  if (rc != ARCHIVE_EOF)
    {
      set_bad_file (error, path, _("it is damaged (it may have been cut short while copying)."));
      goto out;
    }

  if (*manifest == NULL)
    {
      set_bad_file (error, path, _("it has no manifest, so it is not a Lalan sync file."));
      goto out;
    }

  ok = TRUE;

out:
  archive_read_free (archive);
  if (!ok)
    {
      g_clear_pointer (manifest, g_bytes_unref);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *member,
         gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_int (node);
  return TRUE;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

/* Checks one file of the manifest against the zip: present, the same
 * size and SHA-256, listed once. */
static gboolean
check_file (JsonObject  *file,
            GHashTable  *entries,
            GHashTable  *claimed,
            const char  *role)
{
  const char *file_path = get_string (file, "path");
  const char *sha256 = get_string (file, "sha256");
  gint64 size;
  Entry *entry;

  if (file_path == NULL || sha256 == NULL || !get_int (file, "size", &size) ||
      g_strcmp0 (get_string (file, "role"), role) != 0)
    return FALSE;

  entry = g_hash_table_lookup (entries, file_path);
  if (entry == NULL || entry->size != size || g_ascii_strcasecmp (entry->sha256, sha256) != 0)
    return FALSE;

  return g_hash_table_add (claimed, (gpointer) file_path);
}

static gboolean
check_record (JsonObject *record,
              GHashTable *entries,
              GHashTable *claimed,
              GHashTable *instance_ids)
{
  const char *instance_id = get_string (record, "instance_id");
  JsonArray *files = get_array (record, "files");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 finalized_at;
  gboolean has_instance = FALSE;

  if (instance_id == NULL || get_string (record, "form_id") == NULL ||
      get_string (record, "form_version") == NULL || files == NULL ||
      !get_int (record, "finalized_at", &finalized_at) ||
      !g_hash_table_add (instance_ids, (gpointer) instance_id))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);
      const char *role = file != NULL ? get_string (file, "role") : NULL;

      if (role == NULL || !check_file (file, entries, claimed, role))
        return FALSE;

      if (g_str_equal (role, "instance"))
        {
          Entry *entry = g_hash_table_lookup (entries, get_string (file, "path"));
          g_autofree char *xml_instance_id = NULL;
          g_autofree char *xml_form_id = NULL;
          g_autofree char *text = NULL;

          if (has_instance)
            return FALSE;
          has_instance = TRUE;

          /* The record's own XML must name the same record and form as
           * the manifest: a swapped file cannot pass as another record. */
          if (entry->data != NULL)
            {
              text = g_strndup (g_bytes_get_data (entry->data, NULL), g_bytes_get_size (entry->data));
              if (strlen (text) != g_bytes_get_size (entry->data) || !g_utf8_validate (text, -1, NULL) ||
                  !lalan_openrosa_read_instance_meta (text, &xml_form_id, NULL, &xml_instance_id, NULL) ||
                  g_strcmp0 (xml_instance_id, instance_id) != 0 ||
                  g_strcmp0 (xml_form_id, get_string (record, "form_id")) != 0)
                return FALSE;
            }
        }
      else if (g_str_equal (role, "attachment"))
        {
          const char *name = get_string (file, "name");

          if (name == NULL || !path_is_safe (name) || strchr (name, '/') != NULL ||
              !g_hash_table_add (names, (gpointer) name))
            return FALSE;
        }
      else
        return FALSE;
    }

  return has_instance;
}

/* Everything in the manifest is in the zip, and everything in the zip is
 * in the manifest. */
static JsonNode *
check_manifest (const char  *path,
                GBytes      *manifest,
                GHashTable  *entries,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) claimed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) instance_ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *root;
  JsonArray *records;
  JsonArray *forms;
  gint64 version;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (manifest, NULL), g_bytes_get_size (manifest), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      set_bad_file (error, path, _("its manifest cannot be read."));
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (get_string (root, "format"), FORMAT_NAME) != 0 || !get_int (root, "version", &version))
    {
      set_bad_file (error, path, _("it is not a Lalan sync file."));
      return NULL;
    }
  if (version > FORMAT_VERSION)
    {
      set_bad_file (error, path, _("it was made by a newer Lalan; update Lalan on this computer first."));
      return NULL;
    }

  records = get_array (root, "records");
  forms = get_array (root, "forms");
  if (records == NULL || forms == NULL)
    {
      set_bad_file (error, path, _("its manifest cannot be read."));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if (record == NULL || !check_record (record, entries, claimed, instance_ids))
        {
          set_bad_file (error, path, _("a record in it was changed or damaged after the file was made."));
          return NULL;
        }
    }

  for (guint i = 0; i < json_array_get_length (forms); i++)
    {
      JsonObject *form = json_array_get_object_element (forms, i);

      if (form == NULL || get_string (form, "form_id") == NULL || get_string (form, "version") == NULL ||
          !check_file (form, entries, claimed, "form"))
        {
          set_bad_file (error, path, _("a form in it was changed or damaged after the file was made."));
          return NULL;
        }
    }

  if (g_hash_table_size (claimed) != g_hash_table_size (entries))
    {
      set_bad_file (error, path, _("it holds files its manifest does not list."));
      return NULL;
    }

  return json_node_copy (json_parser_get_root (parser));
}

static GBytes *
entry_data (GHashTable *entries,
            JsonObject *file)
{
  Entry *entry = g_hash_table_lookup (entries, get_string (file, "path"));

  return entry != NULL && entry->data != NULL ? g_bytes_ref (entry->data) : NULL;
}

static char *
bytes_to_string (GBytes *bytes)
{
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/**
 * lalan_sync_file_import:
 * @store: the store
 * @path: a sync file
 * @result: (out caller-allocates) (optional): what was imported
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError
 *
 * Adds the records of a sync file to the outbox, skipping those whose
 * instance id this computer already has, and registers the forms they use.
 * A damaged, changed or strange file is refused whole with a sentence
 * (%LALAN_SYNC_ERROR_BAD_FILE) before anything is added. Blocks.
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_sync_file_import (LalanStore           *store,
                        const char           *path,
                        LalanSyncFileImport  *result,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(GBytes) manifest = NULL;
  g_autoptr(JsonNode) root = NULL;
  LalanSyncFileImport local_result = { 0, };
  JsonArray *records;
  JsonArray *forms;

  g_return_val_if_fail (LALAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);

  /* All in memory, checked whole, before the first record is added: a
   * file that changes while it is read cannot slip anything in. */
  entries = read_entries (path, TRUE, &manifest, cancellable, error);
  if (entries == NULL)
    return FALSE;

  root = check_manifest (path, manifest, entries, error);
  if (root == NULL)
    return FALSE;

  forms = get_array (json_node_get_object (root), "forms");
  for (guint i = 0; i < json_array_get_length (forms); i++)
    {
      JsonObject *form = json_array_get_object_element (forms, i);
      g_autoptr(GBytes) data = entry_data (entries, form);
      g_autofree char *xml = bytes_to_string (data);
      g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, data);
      g_autofree char *hash = g_strconcat ("md5:", md5, NULL);
      g_autofree char *existing = NULL;
      g_autoptr(GError) local_error = NULL;

      existing = lalan_store_get_form_xml (store, get_string (form, "form_id"), get_string (form, "version"), NULL);
      if (existing != NULL)
        continue;

      /* A form that clashes with one here is not needed to send the
       * records: it is left out, the records still come in. */
      if (lalan_store_register_form (store, get_string (form, "form_id"), get_string (form, "version"),
                                     hash, xml, "sync-file", &local_error))
        result->n_forms++;
      else
        g_message ("A form of the sync file was not kept: %s", local_error->message);
    }

  records = get_array (json_node_get_object (root), "records");
  result->n_records = json_array_get_length (records);
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      JsonArray *files = get_array (record, "files");
      g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_attachment_free);
      g_autofree char *xml = NULL;
      gboolean imported = FALSE;
      gint64 finalized_at = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      for (guint f = 0; f < json_array_get_length (files); f++)
        {
          JsonObject *file = json_array_get_object_element (files, f);
          g_autoptr(GBytes) data = entry_data (entries, file);

          if (g_str_equal (get_string (file, "role"), "instance"))
            xml = bytes_to_string (data);
          else
            g_ptr_array_add (attachments, lalan_attachment_new (get_string (file, "name"),
                                                                get_string (file, "media_type"), data));
        }

      get_int (record, "finalized_at", &finalized_at);
      if (!lalan_store_import_record (store,
                                      get_string (record, "instance_id"),
                                      get_string (record, "form_id"),
                                      get_string (record, "form_version"),
                                      xml,
                                      get_string (record, "summary"),
                                      get_string (record, "deprecated_id"),
                                      finalized_at,
                                      attachments,
                                      &imported,
                                      error))
        return FALSE;

      if (imported)
        result->n_imported++;
      else
        result->n_skipped++;
    }

  return TRUE;
}
