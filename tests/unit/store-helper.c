/* store-helper.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A second process for the store's tests:
 *
 *   store-helper crash-loop DB        save and finalize records forever,
 *                                     printing each id once its commit
 *                                     returned (the test kills it)
 *   store-helper write DB PREFIX N    save and finalize N records, exit 0
 *                                     only if every one succeeded
 *   store-helper fixture DB           fill a new database with a little of
 *                                     everything, for migration fixtures
 */

#include "config.h"

#include "lalan-store.h"
#include "lalan-test-records.h"

#include <stdio.h>
#include <stdlib.h>

static int
fail (const GError *error)
{
  g_printerr ("%s\n", error->message);
  return 1;
}

static gboolean
save_and_finalize (LalanStore  *store,
                   const char  *instance_id,
                   guint        n,
                   GError     **error)
{
  g_autofree char *xml = lalan_test_make_household_xml (instance_id, n);
  g_autofree char *summary = g_strdup_printf ("Household %u", n);
  g_autoptr(LalanRecord) draft = NULL;
  g_autoptr(LalanRecord) finalized = NULL;

  draft = lalan_store_save_draft (store, instance_id, "lalan_household", "2026010101",
                                  xml, summary, "members", error);
  if (draft == NULL)
    return FALSE;

  finalized = lalan_store_finalize_record (store, instance_id, NULL, NULL, error);
  return finalized != NULL;
}

static int
crash_loop (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanStore) store = lalan_store_open (path, &error);

  if (store == NULL)
    return fail (error);

  for (guint n = 0; ; n++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *instance_id = g_strconcat ("uuid:", uuid, NULL);

      if (!save_and_finalize (store, instance_id, n, &error))
        return fail (error);

      /* Printed only now that the finalize transaction has committed. */
      printf ("%s\n", instance_id);
      fflush (stdout);
    }
}

static int
write_records (const char *path,
               const char *prefix,
               guint       count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanStore) store = lalan_store_open (path, &error);

  if (store == NULL)
    return fail (error);

  for (guint n = 0; n < count; n++)
    {
      g_autofree char *instance_id = g_strdup_printf ("uuid:%s-%05u", prefix, n);
      g_autoptr(GPtrArray) page = NULL;

      if (!save_and_finalize (store, instance_id, n, &error))
        return fail (error);

      /* Reads interleaved with the writes, as the app's list does. */
      if (n % 10 == 0)
        {
          page = lalan_store_list_records (store, 0, NULL, NULL, 0, 50, &error);
          if (page == NULL)
            return fail (error);
        }
    }

  printf ("wrote %u\n", count);
  return 0;
}

static int
make_fixture (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LalanStore) store = lalan_store_open (path, &error);
  g_autoptr(LalanLearner) learner = NULL;
  g_autoptr(LalanLearner) guest = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) lalan_learning_event_free);
  g_autoptr(LalanLessonPack) pack = lalan_lesson_pack_new ();
  g_autoptr(LalanMeasurement) measurement = lalan_measurement_new ();
  g_autoptr(GBytes) photo = g_bytes_new_static ("\xff\xd8\xff\xe0 not really a jpeg", 23);
  g_autofree char *measurement_id = NULL;
  const char *states[] = { "draft", "finalized", "sent", "needs-review" };

  if (store == NULL)
    return fail (error);

  if (!lalan_store_register_form (store, "lalan_household", "2026010101", "md5:0f1e2d",
                                  "<h:html><h:head><h:title>Household</h:title></h:head><h:body/></h:html>",
                                  "bundled", &error) ||
      !lalan_store_register_form (store, "lalan_household", "2026020101", "md5:a1b2c3",
                                  "<h:html><h:head><h:title>Household 2</h:title></h:head><h:body/></h:html>",
                                  "https://inventory.example.org", &error))
    return fail (error);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *instance_id = g_strdup_printf ("uuid:fixture-%s", states[i]);
      g_autofree char *xml = lalan_test_make_household_xml (instance_id, i);
      g_autoptr(LalanRecord) record = NULL;

      record = lalan_store_save_draft (store, instance_id, "lalan_household", "2026010101", xml,
                                       states[i], "page-2", &error);
      if (record == NULL)
        return fail (error);
      if (i == 0 && !lalan_store_add_attachment (store, instance_id, "photo.jpg", "image/jpeg", photo, &error))
        return fail (error);
      if (i == 0)
        continue;

      g_clear_object (&record);
      record = lalan_store_finalize_record (store, instance_id, NULL, NULL, &error);
      if (record == NULL)
        return fail (error);
      if ((i == 2 && !lalan_store_mark_sent (store, instance_id, "<OpenRosaResponse/>", &error)) ||
          (i == 3 && !lalan_store_mark_needs_review (store, instance_id, "http-409", "Refused.", &error)))
        return fail (error);
    }

  learner = lalan_store_create_learner (store, "Ipay", "bird", "pbkdf2:abc", "salt", FALSE, &error);
  guest = learner != NULL ? lalan_store_create_learner (store, "Guest", "fish", NULL, NULL, TRUE, &error) : NULL;
  if (guest == NULL)
    return fail (error);

  for (guint i = 0; i < 3; i++)
    {
      LalanLearningEvent *event = lalan_learning_event_new ();

      event->uuid = g_strdup_printf ("00000000-0000-4000-8000-00000000000%u", i);
      event->learner_id = g_strdup (i < 2 ? learner->id : guest->id);
      event->pack_id = g_strdup ("basics");
      event->lesson_id = g_strdup ("lesson-1");
      event->step_id = g_strdup ("quiz");
      event->item_id = g_strdup_printf ("q%u", i);
      event->kind = g_strdup ("answered");
      event->answer = g_strdup ("b");
      event->correct = i % 2 ? LALAN_LEARNING_EVENT_WRONG : LALAN_LEARNING_EVENT_RIGHT;
      event->time = 1767225600000000 + i * G_USEC_PER_SEC;
      g_ptr_array_add (events, event);
    }
  if (!lalan_store_append_learning_events (store, events, NULL, &error))
    return fail (error);

  pack->id = g_strdup ("basics");
  pack->version = g_strdup ("1.0");
  pack->title = g_strdup ("數位入門");
  pack->path = g_strdup ("/usr/share/lalan/lessons/basics");
  pack->manifest_json = g_strdup ("{\"id\": \"basics\", \"version\": \"1.0\"}");
  if (!lalan_store_save_lesson_pack (store, pack, &error))
    return fail (error);

  measurement->download_mbps = 38.2;
  measurement->upload_mbps = 11.9;
  measurement->latency_ms = 41.0;
  measurement->bytes_used = 25000000;
  measurement->server_url = g_strdup ("http://127.0.0.1:8383");
  measurement->record_instance_id = g_strdup ("uuid:fixture-sent");
  measurement_id = lalan_store_add_measurement (store, measurement, &error);
  if (measurement_id == NULL)
    return fail (error);

  if (!lalan_store_set_value (store, "sync-last-contact", "1767225600", &error))
    return fail (error);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "crash-loop"))
    return crash_loop (argv[2]);
  if (argc == 5 && g_str_equal (argv[1], "write"))
    return write_records (argv[2], argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10));
  if (argc == 3 && g_str_equal (argv[1], "fixture"))
    return make_fixture (argv[2]);

  g_printerr ("usage: store-helper crash-loop DB | write DB PREFIX N | fixture DB\n");
  return 64;
}
