/* lalan-verdict.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LalanActivity:
 * @LALAN_ACTIVITY_MESSAGES: LINE messages, photos and voice messages
 * @LALAN_ACTIVITY_VOICE_CALL: a LINE voice call
 * @LALAN_ACTIVITY_VIDEO_CALL: a one-to-one video call
 * @LALAN_ACTIVITY_ONLINE_CLASS: an online class (a group video call, with
 *   the camera on)
 * @LALAN_ACTIVITY_HD_VIDEO: HD video such as YouTube at 1080p
 * @LALAN_ACTIVITY_SHARED: several people at once (a family, a classroom):
 *   calls, classes and video together
 * @LALAN_N_ACTIVITIES: how many there are
 *
 * What people do online, from the least demanding to the most. Each needs
 * what the one before needs, and more.
 */
typedef enum
{
  LALAN_ACTIVITY_MESSAGES,
  LALAN_ACTIVITY_VOICE_CALL,
  LALAN_ACTIVITY_VIDEO_CALL,
  LALAN_ACTIVITY_ONLINE_CLASS,
  LALAN_ACTIVITY_HD_VIDEO,
  LALAN_ACTIVITY_SHARED,
  LALAN_N_ACTIVITIES
} LalanActivity;

/**
 * LalanVerdictLevel:
 * @LALAN_VERDICT_UNKNOWN: not enough was measured to say
 * @LALAN_VERDICT_NOT_ENOUGH: the connection is too slow or too late for it
 * @LALAN_VERDICT_STRUGGLES: it works, but breaks up at times
 * @LALAN_VERDICT_ENOUGH: it works well
 */
typedef enum
{
  LALAN_VERDICT_UNKNOWN,
  LALAN_VERDICT_NOT_ENOUGH,
  LALAN_VERDICT_STRUGGLES,
  LALAN_VERDICT_ENOUGH,
} LalanVerdictLevel;

/**
 * LalanActivityNeeds:
 * @down_mbps: download needed
 * @up_mbps: upload needed
 * @latency_ms: the longest round trip that still works well (0: any)
 * @jitter_ms: the most jitter that still works well (0: any)
 *
 * What an activity needs to work well.
 */
typedef struct
{
  double down_mbps;
  double up_mbps;
  double latency_ms;
  double jitter_ms;
} LalanActivityNeeds;

const LalanActivityNeeds *lalan_activity_get_needs     (LalanActivity activity);
const char               *lalan_activity_get_id        (LalanActivity activity);
const char               *lalan_activity_get_name      (LalanActivity activity);

LalanVerdictLevel         lalan_verdict_for_activity   (LalanActivity activity,
                                                        double        down_mbps,
                                                        double        up_mbps,
                                                        double        latency_ms,
                                                        double        jitter_ms);
int                       lalan_verdict_best_activity  (double        down_mbps,
                                                        double        up_mbps,
                                                        double        latency_ms,
                                                        double        jitter_ms);
const char               *lalan_verdict_headline       (int           best_activity);
const char               *lalan_verdict_level_describe (LalanVerdictLevel level);

G_END_DECLS
