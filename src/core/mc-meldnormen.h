/* mc-meldnormen.h: the protocol's rules held against a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rule (a meldnorm) links answers across steps: acute unsafety in step 4
 * makes question 2 yes and a report necessary, a decision that differs
 * from the afwegingskader needs a written reason, a special form keeps step
 * 2 open until Veilig Thuis was consulted. The rules are protocol data;
 * this file only knows the facts they speak of (see McProtocolFact).
 */

#pragma once

#include "mc-case.h"
#include "mc-protocol.h"

G_BEGIN_DECLS

typedef enum
{
  MC_RULE_NOT_APPLICABLE,   /* its when-facts do not hold */
  MC_RULE_KEPT,
  MC_RULE_PENDING,          /* applies; a required fact is still unknown */
  MC_RULE_BROKEN,           /* applies; a required fact differs */
  MC_RULE_OVERRIDDEN,       /* broken, with the professional's written reason */
} McRuleState;

typedef struct
{
  const McProtocolRule *rule;
  McRuleState           state;
  /* The written reason when OVERRIDDEN, else NULL. */
  char                 *override_reason;
} McRuleCheck;

void         mc_rule_check_free            (McRuleCheck *check);

/* The value of one fact of @case_ in its current decision round:
 * MC_ANSWER_UNKNOWN while it is not known. */
McAnswer     mc_case_get_fact              (McCase      *case_,
                                            McProtocol  *protocol,
                                            const char  *ref);

/* Every rule of @protocol held against @case_, in protocol order, of
 * McRuleCheck. */
GPtrArray   *mc_case_check_meldnormen      (McCase      *case_,
                                            McProtocol  *protocol);

/* The urgent actions whose facts hold now, of const McProtocolUrgentAction
 * (owned by the protocol). */
GPtrArray   *mc_case_get_urgent_actions    (McCase      *case_,
                                            McProtocol  *protocol);

/* Whether a consultation record holds what the protocol asks of one: with
 * whom (a role or a name) and the advice. Shared with completeness. */
gboolean     mc_consultation_is_complete   (McConsultation *consultation);

G_END_DECLS
