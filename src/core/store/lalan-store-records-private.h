/* lalan-store-records-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lalan-store-private.h"

G_BEGIN_DECLS

/* The arguments of every record function, so that the synchronous call
 * (borrowed strings, on the stack) and the asynchronous one (a copy made
 * by lalan_record_args_copy(), freed on the worker) share one worker
 * function. */
typedef struct
{
  const char        *instance_id;
  const char        *new_instance_id;
  const char        *form_id;
  const char        *form_version;
  const char        *instance_xml;
  const char        *summary;
  const char        *resume_position;
  const char        *deprecated_id;
  const char        *code;
  const char        *message;
  const char        *server_response;
  const char        *search;
  GPtrArray         *attachments;
  gint64             time;
  guint              states;
  guint              offset;
  guint              limit;

  /* results */
  gboolean           imported;
  guint              count;
  LalanRecordCounts  counts;
} RecordArgs;

typedef enum
{
  OP_SAVE_DRAFT,
  OP_FINALIZE,
  OP_REOPEN,
  OP_DELETE_DRAFT,
  OP_MARK_SENT,
  OP_MARK_NEEDS_REVIEW,
  OP_SEND_FAILURE,
  OP_REQUEUE,
  OP_CREATE_EDIT,
} RecordOp;

typedef void (*BindFunc) (sqlite3_stmt *stmt, const RecordArgs *args, gint64 now);

RecordArgs *lalan_record_args_copy (const RecordArgs *args);
void        lalan_record_args_free (RecordArgs       *args);

gpointer lalan_store_save_draft_in_worker      (LalanStore    *self,
                                                gpointer       data,
                                                GCancellable  *cancellable,
                                                GError       **error);
gpointer lalan_store_finalize_record_in_worker (LalanStore    *self,
                                                gpointer       data,
                                                GCancellable  *cancellable,
                                                GError       **error);
gpointer lalan_store_reopen_record_in_worker   (LalanStore    *self,
                                                gpointer       data,
                                                GCancellable  *cancellable,
                                                GError       **error);
gpointer lalan_store_delete_draft_in_worker    (LalanStore    *self,
                                                gpointer       data,
                                                GCancellable  *cancellable,
                                                GError       **error);
gpointer lalan_store_get_record_in_worker      (LalanStore    *self,
                                                gpointer       data,
                                                GCancellable  *cancellable,
                                                GError       **error);
gpointer lalan_store_list_records_in_worker    (LalanStore    *self,
                                                gpointer       data,
                                                GCancellable  *cancellable,
                                                GError       **error);
gpointer lalan_store_count_records_in_worker   (LalanStore    *self,
                                                gpointer       data,
                                                GCancellable  *cancellable,
                                                GError       **error);
gpointer lalan_store_count_by_state_in_worker  (LalanStore    *self,
                                                gpointer       data,
                                                GCancellable  *cancellable,
                                                GError       **error);

/* Shared by the life-cycle functions (lalan-store-records.c) */
LalanRecord *lalan_store_fetch_record        (LalanStore        *self,
                                              const char        *instance_id,
                                              gboolean           with_xml,
                                              GError           **error);
void         lalan_store_explain_refusal     (LalanStore        *self,
                                              RecordOp           op,
                                              const char        *instance_id,
                                              GError           **error);
gboolean     lalan_store_change_record       (LalanStore        *self,
                                              RecordOp           op,
                                              const char        *sql,
                                              BindFunc           bind,
                                              const RecordArgs  *args,
                                              gboolean          *changed,
                                              GError           **error);
LalanRecord *lalan_store_finish_change       (LalanStore        *self,
                                              RecordOp           op,
                                              const RecordArgs  *args,
                                              gboolean           ok,
                                              gboolean           changed,
                                              GError           **error);
gboolean     lalan_store_record_exists       (LalanStore        *self,
                                              const char        *instance_id,
                                              gboolean          *exists,
                                              GError           **error);
void         lalan_store_bind_now_at_2       (sqlite3_stmt      *stmt,
                                              const RecordArgs  *args,
                                              gint64             now);

/* lalan-store-attachments.c */
gboolean lalan_store_insert_attachment         (LalanStore    *self,
                                                gint64         record_row,
                                                const char    *name,
                                                const char    *media_type,
                                                GBytes        *data,
                                                GError       **error);

G_END_DECLS
