/* lalan-lesson-json-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* JSON files of a pack are small; anything bigger is not a manifest. */
#define LALAN_PACK_MAX_JSON_SIZE (4 * 1024 * 1024)
#define LALAN_PACK_MAX_PATH_LENGTH 512

JsonNode   *lalan_json_parse_data       (const char   *data,
                                         gsize         length,
                                         const char   *display,
                                         GError      **error);
JsonNode   *lalan_json_parse_file       (const char   *path,
                                         const char   *display,
                                         GError      **error);
gboolean    lalan_json_get_string       (JsonObject   *object,
                                         const char   *member,
                                         gboolean      required,
                                         const char   *display,
                                         const char   *where,
                                         const char  **out,
                                         GError      **error);
gboolean    lalan_json_get_int          (JsonObject   *object,
                                         const char   *member,
                                         gboolean      required,
                                         const char   *display,
                                         const char   *where,
                                         gint64       *out,
                                         GError      **error);
gboolean    lalan_json_get_bool         (JsonObject   *object,
                                         const char   *member,
                                         const char   *display,
                                         const char   *where,
                                         gboolean     *out,
                                         GError      **error);
JsonArray  *lalan_json_get_array        (JsonObject   *object,
                                         const char   *member,
                                         gboolean      required,
                                         const char   *display,
                                         const char   *where,
                                         GError      **error);
JsonObject *lalan_json_get_object       (JsonObject   *object,
                                         const char   *member,
                                         gboolean      required,
                                         const char   *display,
                                         const char   *where,
                                         GError      **error);
gboolean    lalan_json_get_localized    (JsonObject   *object,
                                         const char   *member,
                                         gboolean      required,
                                         const char   *display,
                                         const char   *where,
                                         GHashTable  **out,
                                         GError      **error);
char      **lalan_json_get_strv         (JsonObject   *object,
                                         const char   *member,
                                         gboolean      required,
                                         const char   *display,
                                         const char   *where,
                                         GError      **error);
gboolean    lalan_is_language_code      (const char   *code);
gboolean    lalan_is_plain_id           (const char   *id);
gboolean    lalan_pack_path_check       (const char   *relative,
                                         const char   *display,
                                         GError      **error);
char       *lalan_pack_path_resolve     (const char   *base_dir,
                                         const char   *reference,
                                         const char   *display,
                                         GError      **error);

G_END_DECLS
