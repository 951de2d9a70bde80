/* lalan-lesson-catalog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lalan-sync-server.h"

G_BEGIN_DECLS

/* A catalogue is a short list; anything larger is not one. */
#define LALAN_LESSON_CATALOG_MAX_BYTES (1024 * 1024)

/**
 * LalanCatalogEntry:
 * @id: the pack id
 * @version: the pack version
 * @title: the title in the person's language (or the best other one)
 * @languages: (nullable): the languages the pack is written in
 * @url: the absolute address of the pack file on the server
 * @file: the plain file name of the pack
 * @size: the size of the pack file in bytes
 * @sha256: the SHA-256 of the pack file, lower-case hex
 *
 * One lesson pack a server offers, checked.
 */
typedef struct
{
  char    *id;
  char    *version;
  char    *title;
  char   **languages;
  char    *url;
  char    *file;
  guint64  size;
  char    *sha256;
} LalanCatalogEntry;

void       lalan_catalog_entry_free         (LalanCatalogEntry       *entry);

GPtrArray *lalan_lesson_catalog_parse       (const char              *data,
                                             gsize                    length,
                                             const char              *catalog_url,
                                             const char              *language,
                                             guint                   *n_refused,
                                             GError                 **error);
GPtrArray *lalan_lesson_catalog_fetch       (LalanSyncServer         *server,
                                             guint                   *n_refused,
                                             GCancellable            *cancellable,
                                             GError                 **error);
char      *lalan_lesson_catalog_download    (LalanSyncServer         *server,
                                             const LalanCatalogEntry *entry,
                                             GCancellable            *cancellable,
                                             GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanCatalogEntry, lalan_catalog_entry_free)

G_END_DECLS
