/* lalan-inventory-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-inventory-writer.h"

#include "lalan-inventory-db.h"

/* One thread writes submissions, with one connection. Requests that
 * arrive while a commit is under way are stored together in the next
 * transaction (group commit): each gets its own savepoint, so a refused
 * one never undoes the others, and one fsync covers them all. A reply is
 * sent only after COMMIT returned, so a 201 means the record is on disk.
 */

#define MAX_BATCH 128

typedef struct
{
  LalanInventorySubmission *submission;
  LalanInventoryWriterFunc  func;
  gpointer                  user_data;
  LalanInventoryOutcome     outcome;
  char                     *detail;
  GError                   *error;
} Job;

struct _LalanInventoryWriter
{
  GAsyncQueue      *queue;
  GThread          *thread;
  GMainContext     *reply_context;
  LalanInventoryDb *db;
};

/* Marks the end of the queue. */
static Job stop_job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->submission, lalan_inventory_submission_free);
  g_free (job->detail);
  g_clear_error (&job->error);
  g_free (job);
}

static gboolean
reply_cb (gpointer data)
{
  Job *job = data;

  job->func (job->submission, job->outcome, job->detail, job->error, job->user_data);

  return G_SOURCE_REMOVE;
}

static void
store_job (LalanInventoryWriter *writer,
           Job                  *job)
{
  if (!lalan_inventory_db_exec (writer->db, "SAVEPOINT submission", &job->error))
    {
      job->outcome = LALAN_INVENTORY_OUTCOME_FAILED;
      return;
    }

  job->outcome = lalan_inventory_db_store_submission (writer->db, job->submission,
                                                      &job->detail, &job->error);

  if (!lalan_inventory_outcome_is_stored (job->outcome))
    lalan_inventory_db_exec (writer->db, "ROLLBACK TO submission", NULL);
  lalan_inventory_db_exec (writer->db, "RELEASE submission", NULL);
}

/* When the transaction did not commit, nothing of the batch is stored:
 * what would have been stored fails (refusals stay what they were, since
 * they did not depend on the batch). */
static void
fail_batch (GPtrArray    *batch,
            gboolean      all,
            const GError *error)
{
  for (guint i = 0; i < batch->len; i++)
    {
      Job *job = g_ptr_array_index (batch, i);

      if (all || lalan_inventory_outcome_is_stored (job->outcome))
        {
          job->outcome = LALAN_INVENTORY_OUTCOME_FAILED;
          g_clear_error (&job->error);
          job->error = g_error_copy (error);
        }
    }
}

static void
write_batch (LalanInventoryWriter *writer,
             GPtrArray            *batch)
{
  g_autoptr(GError) error = NULL;

  if (!lalan_inventory_db_exec (writer->db, "BEGIN IMMEDIATE", &error))
    {
      fail_batch (batch, TRUE, error);
      return;
    }

  for (guint i = 0; i < batch->len; i++)
    store_job (writer, g_ptr_array_index (batch, i));

  if (!lalan_inventory_db_exec (writer->db, "COMMIT", &error))
    {
      lalan_inventory_db_exec (writer->db, "ROLLBACK", NULL);
      fail_batch (batch, FALSE, error);
    }
}

static gpointer
writer_thread (gpointer data)
{
  LalanInventoryWriter *writer = data;
  gboolean stopping = FALSE;

  while (!stopping)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();
      Job *job = g_async_queue_pop (writer->queue);

      while (job != NULL)
        {
          if (job == &stop_job)
            {
              stopping = TRUE;
              break;
            }
          g_ptr_array_add (batch, job);
          job = batch->len < MAX_BATCH ? g_async_queue_try_pop (writer->queue) : NULL;
        }

      if (batch->len > 0)
        write_batch (writer, batch);

      for (guint i = 0; i < batch->len; i++)
        g_main_context_invoke_full (writer->reply_context, G_PRIORITY_DEFAULT,
                                    reply_cb, g_ptr_array_index (batch, i),
                                    (GDestroyNotify) job_free);
    }

  return NULL;
}

/**
 * lalan_inventory_writer_new:
 * @db_path: the database file
 * @reply_context: where results are delivered
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): a running writer
 */
LalanInventoryWriter *
lalan_inventory_writer_new (const char    *db_path,
                            GMainContext  *reply_context,
                            GError       **error)
{
  LalanInventoryWriter *writer;
  LalanInventoryDb *db = lalan_inventory_db_open (db_path, error);

  if (db == NULL)
    return NULL;

  writer = g_new0 (LalanInventoryWriter, 1);
  writer->db = db;
  writer->queue = g_async_queue_new ();
  writer->reply_context = g_main_context_ref (reply_context);
  writer->thread = g_thread_new ("inventory-writer", writer_thread, writer);

  return writer;
}

/**
 * lalan_inventory_writer_submit:
 * @writer: a writer
 * @submission: (transfer full): a checked submission
 * @func: called with the outcome, in the reply context
 * @user_data: for @func
 */
void
lalan_inventory_writer_submit (LalanInventoryWriter     *writer,
                               LalanInventorySubmission *submission,
                               LalanInventoryWriterFunc  func,
                               gpointer                  user_data)
{
  Job *job = g_new0 (Job, 1);

  job->submission = submission;
  job->func = func;
  job->user_data = user_data;
  g_async_queue_push (writer->queue, job);
}

/**
 * lalan_inventory_writer_free:
 * @writer: a writer
 *
 * Stores what is queued, then stops the thread. Replies still pending in
 * the reply context are dispatched by whoever iterates it.
 */
void
lalan_inventory_writer_free (LalanInventoryWriter *writer)
{
  if (writer == NULL)
    return;

  g_async_queue_push (writer->queue, &stop_job);
  g_thread_join (writer->thread);
  g_async_queue_unref (writer->queue);
  g_main_context_unref (writer->reply_context);
  lalan_inventory_db_free (writer->db);
  g_free (writer);
}
