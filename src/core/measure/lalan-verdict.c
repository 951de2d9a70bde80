/* lalan-verdict.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lalan-verdict.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* What each activity needs, from the apps' own published requirements,
 * rounded up so a "yes" holds on an ordinary day:
 * - LINE text, stickers and photos work on a slow 3G link; a voice message
 *   is a few hundred kbit/s for a moment.
 * - A LINE voice call uses about 100 kbit/s each way; above ~300 ms one way
 *   or with much jitter people talk over each other (ITU-T G.114 puts the
 *   limit for good conversation at 150 ms one way, 300 ms round trip).
 * - A one-to-one video call: Zoom asks 1.2 Mbit/s up and down for 720p,
 *   LINE and Meet about the same.
 * - An online class is a group call with shared slides: Google Meet asks
 *   3.2 Mbit/s down and 1.5 up for a group in HD; latency matters as in
 *   a call.
 * - HD video: YouTube recommends 5 Mbit/s for 1080p.
 * - Several people at once: the old FCC broadband benchmark, 25 down and
 *   3 up, is what a household or a classroom of a few devices needs.
 * A connection "struggles" when it reaches at least 60 % of a rate need
 * and at most 1.5 times a latency or jitter limit. */
static const LalanActivityNeeds needs[LALAN_N_ACTIVITIES] = {
  [LALAN_ACTIVITY_MESSAGES]     = { 0.25, 0.1, 1000, 0 },
  [LALAN_ACTIVITY_VOICE_CALL]   = { 0.25, 0.1, 300, 50 },
  [LALAN_ACTIVITY_VIDEO_CALL]   = { 1.5, 1.5, 200, 40 },
  [LALAN_ACTIVITY_ONLINE_CLASS] = { 3.2, 1.5, 150, 30 },
  [LALAN_ACTIVITY_HD_VIDEO]     = { 5.0, 1.5, 150, 30 },
  [LALAN_ACTIVITY_SHARED]       = { 25.0, 3.0, 100, 30 },
};

#define STRUGGLE_RATE 0.6
#define STRUGGLE_DELAY 1.5

static const char *ids[LALAN_N_ACTIVITIES] = {
  "messages", "voice_call", "video_call", "online_class", "hd_video", "shared",
};

static const char *names[LALAN_N_ACTIVITIES] = {
  N_("LINE messages and photos"),
  N_("Voice calls"),
  N_("Video calls"),
  N_("Online classes"),
  N_("HD video"),
  N_("Several people at once"),
};

/* One whole sentence per rung, so translators never assemble fragments. */
static const char *headlines[LALAN_N_ACTIVITIES] = {
  N_("Enough for LINE messages and photos, but calls will break up."),
  N_("Enough for messages and voice calls, but video calls will break up."),
  N_("Enough for a video call, but an online class may break up."),
  N_("Enough for an online class or a video call."),
  N_("Enough for online classes and HD video."),
  N_("Enough for several people at once: classes, calls and video."),
};

/* Rates: more is better. */
static LalanVerdictLevel
judge_rate (double measured,
            double needed)
{
  if (needed <= 0)
    return LALAN_VERDICT_ENOUGH;
  if (!isfinite (measured))
    return LALAN_VERDICT_UNKNOWN;
  if (measured >= needed)
    return LALAN_VERDICT_ENOUGH;
  if (measured >= needed * STRUGGLE_RATE)
    return LALAN_VERDICT_STRUGGLES;
  return LALAN_VERDICT_NOT_ENOUGH;
}

/* Delays: less is better. */
static LalanVerdictLevel
judge_delay (double measured,
             double limit)
{
  if (limit <= 0)
    return LALAN_VERDICT_ENOUGH;
  if (!isfinite (measured))
    return LALAN_VERDICT_UNKNOWN;
  if (measured <= limit)
    return LALAN_VERDICT_ENOUGH;
  if (measured <= limit * STRUGGLE_DELAY)
    return LALAN_VERDICT_STRUGGLES;
  return LALAN_VERDICT_NOT_ENOUGH;
}

/* The worst of two; a known failure outweighs an unknown. */
static LalanVerdictLevel
worst (LalanVerdictLevel a,
       LalanVerdictLevel b)
{
  if (a == LALAN_VERDICT_NOT_ENOUGH || b == LALAN_VERDICT_NOT_ENOUGH)
    return LALAN_VERDICT_NOT_ENOUGH;
  if (a == LALAN_VERDICT_UNKNOWN || b == LALAN_VERDICT_UNKNOWN)
    return LALAN_VERDICT_UNKNOWN;
  return MIN (a, b);
}

/**
 * lalan_activity_get_needs:
 * @activity: an activity
 *
 * Returns: (transfer none): what it needs to work well
 */
const LalanActivityNeeds *
lalan_activity_get_needs (LalanActivity activity)
{
  g_return_val_if_fail (activity < LALAN_N_ACTIVITIES, NULL);

  return &needs[activity];
}

/**
 * lalan_activity_get_id:
 * @activity: an activity
 *
 * Returns: a stable name, such as "video_call"
 */
const char *
lalan_activity_get_id (LalanActivity activity)
{
  g_return_val_if_fail (activity < LALAN_N_ACTIVITIES, NULL);

  return ids[activity];
}

/**
 * lalan_activity_get_name:
 * @activity: an activity
 *
 * Returns: its translated name, such as "Video calls"
 */
const char *
lalan_activity_get_name (LalanActivity activity)
{
  g_return_val_if_fail (activity < LALAN_N_ACTIVITIES, NULL);

  return _(names[activity]);
}

/**
 * lalan_verdict_for_activity:
 * @activity: an activity
 * @down_mbps: measured download, or NAN
 * @up_mbps: measured upload, or NAN
 * @latency_ms: measured round trip, or NAN
 * @jitter_ms: measured jitter, or NAN
 *
 * Returns: whether the connection is good enough for @activity
 */
LalanVerdictLevel
lalan_verdict_for_activity (LalanActivity activity,
                            double        down_mbps,
                            double        up_mbps,
                            double        latency_ms,
                            double        jitter_ms)
{
  const LalanActivityNeeds *need;
  LalanVerdictLevel level;

  g_return_val_if_fail (activity < LALAN_N_ACTIVITIES, LALAN_VERDICT_UNKNOWN);

  need = &needs[activity];
  level = judge_rate (down_mbps, need->down_mbps);
  level = worst (level, judge_rate (up_mbps, need->up_mbps));
  level = worst (level, judge_delay (latency_ms, need->latency_ms));
  level = worst (level, judge_delay (jitter_ms, need->jitter_ms));

  return level;
}

/**
 * lalan_verdict_best_activity:
 * @down_mbps: measured download, or NAN
 * @up_mbps: measured upload, or NAN
 * @latency_ms: measured round trip, or NAN
 * @jitter_ms: measured jitter, or NAN
 *
 * Climbs the activities from the least demanding and stops at the first
 * that is not fully %LALAN_VERDICT_ENOUGH.
 *
 * Returns: the most demanding #LalanActivity the connection is enough for,
 *   or -1 when it is not enough even for messages (or nothing was measured)
 */
int
lalan_verdict_best_activity (double down_mbps,
                             double up_mbps,
                             double latency_ms,
                             double jitter_ms)
{
  int best = -1;

  for (int i = 0; i < LALAN_N_ACTIVITIES; i++)
    {
      if (lalan_verdict_for_activity (i, down_mbps, up_mbps, latency_ms, jitter_ms) != LALAN_VERDICT_ENOUGH)
        break;
      best = i;
    }

  return best;
}

/**
 * lalan_verdict_headline:
 * @best_activity: from lalan_verdict_best_activity()
 *
 * Returns: one translated sentence saying what the connection is enough
 *   for
 */
const char *
lalan_verdict_headline (int best_activity)
{
  if (best_activity < 0 || best_activity >= LALAN_N_ACTIVITIES)
    return _("Too slow even for LINE messages: pages and photos will take a long time.");

  return _(headlines[best_activity]);
}

/**
 * lalan_verdict_level_describe:
 * @level: a level
 *
 * Returns: a short translated word for it ("Works well", "Breaks up"...)
 */
const char *
lalan_verdict_level_describe (LalanVerdictLevel level)
{
  switch (level)
    {
    case LALAN_VERDICT_ENOUGH:
      return _("Works well");
    case LALAN_VERDICT_STRUGGLES:
      return _("May break up");
    case LALAN_VERDICT_NOT_ENOUGH:
      return _("Too slow");
    case LALAN_VERDICT_UNKNOWN:
    default:
      return _("Not measured");
    }
}
