/* mc-retention.h: how long a closed case is kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The WGBO and the Jeugdwet keep a dossier 20 years. The period is data:
 * the protocol's <retention> element (years, and whether it counts from
 * the closing date or, for a client who was a minor, from the 18th
 * birthday when that is later), 20 years from the closing date without
 * one. Only a closed case has a destruction date.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_RETENTION_DEFAULT_YEARS 20
#define MC_RETENTION_MAJORITY_AGE 18
/* The longest period the preferences take: a life and then some. */
#define MC_RETENTION_MAX_YEARS 115

typedef enum
{
  MC_RETENTION_FROM_CLOSING,
  /* From the later of the closing date and the 18th birthday. */
  MC_RETENTION_FROM_MAJORITY,
} McRetentionStart;

typedef struct
{
  guint             years;
  McRetentionStart  start;
} McRetentionPolicy;

/* 20 years from the closing date. */
void      mc_retention_policy_init_default (McRetentionPolicy        *policy);

/* The first day on which the case may be destroyed ("YYYY-MM-DD"): the
 * day the period has run, counted from @closed_on (a date or a timestamp
 * "YYYY-MM-DD…") or, by @policy, from the 18th birthday of @birth_date
 * (may be NULL or unknown) when that is later. A period that starts on 29
 * February runs to 1 March in a year without one: never a day early.
 * NULL when @closed_on is NULL or not a date (an open case). */
char     *mc_retention_destroy_on          (const McRetentionPolicy  *policy,
                                            const char               *closed_on,
                                            const char               *birth_date);

/* "20 closing" or "20 majority": the policy as the store's settings and
 * its audit trail keep it. */
char     *mc_retention_policy_to_string    (const McRetentionPolicy  *policy);
/* The reverse; FALSE for text that is not such a policy (years out of
 * 1…MC_RETENTION_MAX_YEARS included). */
gboolean  mc_retention_policy_parse        (const char               *text,
                                            McRetentionPolicy        *policy);

/* Whether @destroy_on (as above) is on or before @today ("YYYY-MM-DD";
 * NULL: today, local time). FALSE for NULL. */
gboolean  mc_retention_is_due              (const char               *destroy_on,
                                            const char               *today);

G_END_DECLS
