/* lalan-store-listing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reading records in bulk: the paged list for the GUI, counts, and the
 * outbox's due records. */

#include "config.h"

#include "lalan-store-records-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const struct
{
  LalanRecordState  state;
  const char       *sql;
} state_literals[] = {
  { LALAN_RECORD_STATE_DRAFT, "'draft'" },
  { LALAN_RECORD_STATE_FINALIZED, "'finalized'" },
  { LALAN_RECORD_STATE_SENT, "'sent'" },
  { LALAN_RECORD_STATE_NEEDS_REVIEW, "'needs-review'" },
};

#define ALL_STATES (LALAN_RECORD_STATE_DRAFT | LALAN_RECORD_STATE_FINALIZED | \
                    LALAN_RECORD_STATE_SENT | LALAN_RECORD_STATE_NEEDS_REVIEW)

/* The WHERE clause for a filter. The states are constants of ours written
 * into the SQL (so the planner can use the state index); the form id and
 * the search text are parameters ?1 and ?2. Each combination is one
 * cached statement. */
static void
append_filter (GString          *sql,
               const RecordArgs *args)
{
  guint states = args->states & ALL_STATES;

  g_string_append (sql, " WHERE 1");

  if (states != 0 && states != ALL_STATES)
    {
      gboolean first = TRUE;

      g_string_append (sql, " AND state IN (");
      for (guint i = 0; i < G_N_ELEMENTS (state_literals); i++)
        {
          if ((states & state_literals[i].state) == 0)
            continue;
          if (!first)
            g_string_append (sql, ", ");
          g_string_append (sql, state_literals[i].sql);
          first = FALSE;
        }
      g_string_append (sql, ")");
    }

  if (args->form_id != NULL)
    g_string_append (sql, " AND form_id = ?1");

  if (args->search != NULL && *args->search != '\0')
    g_string_append (sql, " AND summary LIKE ?2 ESCAPE '\\'");
}

static char *
make_like_pattern (const char *search)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

static void
bind_filter (sqlite3_stmt     *stmt,
             const RecordArgs *args,
             const char       *pattern)
{
  if (args->form_id != NULL)
    lalan_store_bind_text (stmt, 1, args->form_id);
  if (pattern != NULL)
    lalan_store_bind_text (stmt, 2, pattern);
}

gpointer
lalan_store_list_records_in_worker (LalanStore    *self,
                                    gpointer       data,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  RecordArgs *args = data;
  g_autoptr(GString) sql = g_string_new ("SELECT " LALAN_RECORD_COLUMNS " FROM records");
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *pattern = NULL;
  int rc;

  append_filter (sql, args);
  g_string_append (sql, " ORDER BY updated_at DESC, id DESC LIMIT ?3 OFFSET ?4");

  stmt = lalan_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  if (args->search != NULL && *args->search != '\0')
    pattern = make_like_pattern (args->search);
  bind_filter (stmt, args, pattern);
  sqlite3_bind_int64 (stmt, 3, args->limit > 0 ? (gint64) args->limit : -1);
  sqlite3_bind_int64 (stmt, 4, args->offset);

  while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (records, lalan_record_new_from_row (stmt, FALSE));

  if (rc < 0)
    return NULL;

  return g_steal_pointer (&records);
}

gpointer
lalan_store_count_records_in_worker (LalanStore    *self,
                                     gpointer       data,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  RecordArgs *args = data;
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM records");
  g_autoptr(LalanStoreStmt) stmt = NULL;
  g_autofree char *pattern = NULL;
  int rc;

  append_filter (sql, args);

  stmt = lalan_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  if (args->search != NULL && *args->search != '\0')
    pattern = make_like_pattern (args->search);
  bind_filter (stmt, args, pattern);

  rc = lalan_store_step (self, stmt, error);
  if (rc < 0)
    return NULL;

  args->count = rc == SQLITE_ROW ? (guint) sqlite3_column_int64 (stmt, 0) : 0;

  return GINT_TO_POINTER (TRUE);
}

gpointer
lalan_store_count_by_state_in_worker (LalanStore    *self,
                                      gpointer       data,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  RecordArgs *args = data;
  g_autoptr(LalanStoreStmt) stmt = NULL;
  int rc;

  memset (&args->counts, 0, sizeof args->counts);

  stmt = lalan_store_prepare (self, "SELECT state, count(*) FROM records GROUP BY state", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = lalan_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      LalanRecordState state;
      guint n = (guint) sqlite3_column_int64 (stmt, 1);

      if (!lalan_record_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state))
        continue;

      switch (state)
        {
        case LALAN_RECORD_STATE_DRAFT:
          args->counts.draft = n;
          break;
        case LALAN_RECORD_STATE_FINALIZED:
          args->counts.finalized = n;
          break;
        case LALAN_RECORD_STATE_SENT:
          args->counts.sent = n;
          break;
        case LALAN_RECORD_STATE_NEEDS_REVIEW:
          args->counts.needs_review = n;
          break;
        default:
          break;
        }
      args->counts.total += n;
    }

  if (rc < 0)
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

/**
 * lalan_store_list_records:
 * @self: a store
 * @states: the states to list, OR-ed #LalanRecordState values, or
 *   %LALAN_RECORD_STATE_ALL
 * @form_id: (nullable): only this form's records
 * @search: (nullable): only records whose summary contains this text
 * @offset: how many to skip
 * @limit: at most this many, or 0 for all
 * @error: a location for a #GError
 *
 * A page of records, most recently changed first, without their instance
 * XML. Indexed: the first page comes back in milliseconds from 100,000
 * records.
 *
 * Returns: (transfer full) (element-type LalanRecord): the records, or
 *   %NULL with @error set
 */
GPtrArray *
lalan_store_list_records (LalanStore  *self,
                          guint        states,
                          const char  *form_id,
                          const char  *search,
                          guint        offset,
                          guint        limit,
                          GError     **error)
{
  RecordArgs args = {
    .states = states,
    .form_id = form_id,
    .search = search,
    .offset = offset,
    .limit = limit,
  };

  g_return_val_if_fail (LALAN_IS_STORE (self), NULL);

  return lalan_store_call (self, lalan_store_list_records_in_worker, &args,
                           (GDestroyNotify) g_ptr_array_unref, NULL, error);
}

/**
 * lalan_store_count_records:
 * @self: a store
 * @states: OR-ed #LalanRecordState values, or %LALAN_RECORD_STATE_ALL
 * @form_id: (nullable): only this form's records
 * @search: (nullable): only records whose summary contains this text
 * @error: a location for a #GError
 *
 * Returns: how many records lalan_store_list_records() would list; 0 with
 *   @error set on failure
 */
guint
lalan_store_count_records (LalanStore  *self,
                           guint        states,
                           const char  *form_id,
                           const char  *search,
                           GError     **error)
{
  RecordArgs args = { .states = states, .form_id = form_id, .search = search };

  g_return_val_if_fail (LALAN_IS_STORE (self), 0);

  if (lalan_store_call (self, lalan_store_count_records_in_worker, &args, NULL, NULL, error) == NULL)
    return 0;

  return args.count;
}

/**
 * lalan_store_count_records_by_state:
 * @self: a store
 * @counts: (out caller-allocates): the counts
 * @error: a location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
lalan_store_count_records_by_state (LalanStore         *self,
                                    LalanRecordCounts  *counts,
                                    GError            **error)
{
  RecordArgs args = { 0 };

  g_return_val_if_fail (LALAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  if (lalan_store_call (self, lalan_store_count_by_state_in_worker, &args, NULL, NULL, error) == NULL)
    return FALSE;

  *counts = args.counts;
  return TRUE;
}
