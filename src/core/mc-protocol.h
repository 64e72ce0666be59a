/* mc-protocol.h: an organisation's meldcode, loaded from data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The meldcode differs per organisation (its texts, its contacts) and the
 * afwegingskader per professional group (the wording and order of its
 * questions), so both are an XML document in the namespace
 * urn:nl.ambiq.meldcode:protocol:2, described by
 * data/protocol/meldcode-protocol-2.xsd. The built-in document is Ambiq's;
 * an organisation can load its own file instead.
 *
 * Files of version 1 (urn:nl.ambiq.meldcode:protocol:1,
 * meldcode-protocol.xsd) still load. What version 2 added they take from
 * the built-in protocol: its meldnormen (only the rules and urgent actions
 * whose facts name ids the file has; the contacts those name are borrowed
 * too, for mc_protocol_lookup_contact only), its close reasons and its
 * terms. Their conversation-rule stands for two age bands, and their
 * special forms have no duties.
 *
 * Loading is strict, since the file may come from anywhere: at most
 * MC_PROTOCOL_MAX_SIZE bytes; no DOCTYPE at all (so no entities, no DTD, no
 * external loads) and no network; valid against the schema; unique ids;
 * every reference resolved; every afwegingskader question and outcome
 * reachable from the first question, without loops. Anything else is
 * refused with a message that names the file, the line and the problem.
 *
 * A loaded McProtocol never changes. The items it hands out (steps,
 * checklists, questions, …) are plain structs owned by it: valid for as
 * long as the protocol lives, never to be modified or freed. Texts have
 * their whitespace collapsed; paragraphs are separated by "\n\n".
 */

#pragma once

#include <glib-object.h>

#include "mc-retention.h"

G_BEGIN_DECLS

/* A yes/no answer that may not be given yet. The case model stores it as
 * 1 / 0 / NULL; the afwegingskader reads and decides with it. */
typedef enum
{
  MC_ANSWER_UNKNOWN,
  MC_ANSWER_YES,
  MC_ANSWER_NO,
} McAnswer;

#define MC_PROTOCOL_ERROR (mc_protocol_error_quark ())

typedef enum
{
  MC_PROTOCOL_ERROR_IO,                 /* cannot read the file */
  MC_PROTOCOL_ERROR_TOO_LARGE,          /* over MC_PROTOCOL_MAX_SIZE; not parsed */
  MC_PROTOCOL_ERROR_NOT_XML,            /* not well-formed XML */
  MC_PROTOCOL_ERROR_FORBIDDEN_DTD,      /* has a DOCTYPE (entities, DTD) */
  MC_PROTOCOL_ERROR_INVALID,            /* does not follow the schema */
  MC_PROTOCOL_ERROR_DUPLICATE_ID,
  MC_PROTOCOL_ERROR_DANGLING_REFERENCE, /* names an id that is not there */
  MC_PROTOCOL_ERROR_UNREACHABLE,        /* a question or outcome never reached */
  MC_PROTOCOL_ERROR_CYCLE,              /* the afwegingskader goes round */
} McProtocolError;

GQuark mc_protocol_error_quark (void);

/* Real protocols are some tens of kilobytes. */
#define MC_PROTOCOL_MAX_SIZE (4 * 1024 * 1024)

typedef struct
{
  const char *id;
  const char *name;
  const char *phone;
  const char *description;              /* or NULL */
} McProtocolContact;

typedef struct
{
  const char              *id;
  const char              *name;
  /* Whom a professional asks about this meldcode. */
  const McProtocolContact *questions_contact;
} McProtocolOrganisation;

/* What a step needs before it counts as done; the case model checks each
 * kind, the text says it in the professional's words. */
typedef enum
{
  MC_REQUIREMENT_SIGNALS,                        /* at least min signals */
  MC_REQUIREMENT_KINDCHECK_DONE,
  MC_REQUIREMENT_CONSULTATIONS,                  /* at least min consultations */
  MC_REQUIREMENT_CONVERSATION_OR_REASON,
  MC_REQUIREMENT_WEIGHING_ACUTE,
  MC_REQUIREMENT_WEIGHING_STRUCTURAL,
  MC_REQUIREMENT_AFWEGINGSKADER_COMPLETE,        /* no question pending */
  MC_REQUIREMENT_DECISION_REPORT,
  MC_REQUIREMENT_DECISION_HELP,
  MC_REQUIREMENT_DECISION_JUSTIFICATION,
  MC_REQUIREMENT_DECIDED_BY,
  MC_REQUIREMENT_REPORT_DETAILS_WHEN_REPORTED,
  MC_REQUIREMENT_CLIENT_INFORMED_WHEN_REPORTED,
  MC_REQUIREMENT_FOLLOW_UP_WHEN_MONITORING,
} McRequirementKind;

typedef struct
{
  const char        *id;
  McRequirementKind  kind;
  guint              min;               /* 1 unless the protocol says more */
  const char        *ref;               /* a protocol id it is about, or NULL */
  const char        *text;
} McProtocolRequirement;

typedef struct
{
  const char *id;
  guint       number;                   /* 1 to 5 */
  const char *title;
  const char *purpose;
  const char *guidance;
  GPtrArray  *requirements;             /* of McProtocolRequirement */
} McProtocolStep;

typedef enum
{
  MC_CHECKLIST_SIGNAL_CATEGORIES,
  MC_CHECKLIST_KINDCHECK,
  MC_CHECKLIST_CONSULTATION_ROLES,
  MC_CHECKLIST_CONVERSATION_SKIP_REASONS,
  MC_CHECKLIST_INFORMING_EXCEPTIONS,    /* "open melden, tenzij" */
  MC_CHECKLIST_PERSON_ROLES,
  /* Why a case was closed; always has an item "other". Its ids are its
   * own: see mc_protocol_lookup_close_reason(). */
  MC_CHECKLIST_CLOSE_REASONS,
} McChecklistKind;

typedef enum
{
  MC_AUDIENCE_ALL,
  MC_AUDIENCE_CHILDREN,
  MC_AUDIENCE_ADULTS,
} McAudience;

/* The answer a checklist item takes when it is a question (the kindcheck). */
typedef enum
{
  MC_ITEM_ANSWER_NONE,
  MC_ITEM_ANSWER_YES_NO,
  MC_ITEM_ANSWER_NUMBER,
  MC_ITEM_ANSWER_TEXT,
} McItemAnswer;

typedef struct
{
  const char   *id;
  const char   *label;
  const char   *help;                   /* or NULL */
  McAudience    audience;
  McItemAnswer  answer;
  /* Not offered for new input; still labels what old cases recorded. */
  gboolean      retired;
  /* A person role whose holder decides for the client (gezag, voogdij,
   * mentorschap, curatele, bewind). */
  gboolean      legal_representative;
} McProtocolItem;

typedef struct
{
  const char      *id;
  McChecklistKind  kind;
  const char      *title;
  const char      *note;                /* or NULL */
  GPtrArray       *items;               /* of McProtocolItem, in order */
} McProtocolChecklist;

/* Step 3 as version 1 said it: under the age of majority the conversation
 * is with the people in under_age_role_id (the legal representatives), from
 * it on with the client. For a version-2 protocol it is made from the
 * bands: under_age_role_id is the first person role that is a legal
 * representative (else the first partner of the youngest band that is not
 * the client), and each text is those of the bands below, or from, the age
 * of majority, as paragraphs. mc_protocol_find_band() says more. */
typedef struct
{
  const char *id;
  guint       age_of_majority;
  const char *under_age_role_id;
  const char *under_age_text;
  const char *of_age_text;
} McProtocolConversationRule;

/* Whose consent care needs within an age band (WGBO, Jeugdwet). */
typedef enum
{
  MC_CONSENT_PARENTS,                   /* the parents with gezag or the voogd */
  MC_CONSENT_CHILD_AND_PARENTS,         /* the child and the parents, both */
  MC_CONSENT_YOUNG_PERSON,              /* the young person; parents involved */
  MC_CONSENT_CLIENT,
} McConsent;

/* With whom step 3 is held for a client aged from … to. The roles are
 * person role ids; "client" in partner_roles is the client. Representatives
 * are named when the case has a person in that role. */
typedef struct
{
  const char *id;
  guint       from;
  guint       to;                       /* G_MAXUINT: no upper bound */
  McConsent   consent;
  GStrv       partner_roles;            /* at least one */
  /* Of each partner role, at the same index: the id of a reason why a
   * conversation did not take place which, recorded for a conversation
   * with that partner, stands for it ("unless that harms the young
   * person"); "" for a partner without one. */
  GStrv       partner_unless;
  GStrv       representative_roles;     /* may be empty, never NULL */
  const char *text;
} McProtocolBand;

typedef enum
{
  MC_CONVERSATION_PARTNER_UNKNOWN,      /* no (valid) date of birth */
  MC_CONVERSATION_PARTNER_CLIENT,
  MC_CONVERSATION_PARTNER_LEGAL_REPRESENTATIVES,
} McConversationPartner;

typedef struct
{
  const char *id;
  const char *term;
  const char *text;
} McProtocolDefinition;

typedef struct
{
  const char *id;
  const char *question;                 /* "Is melden noodzakelijk?" */
  const char *help;                     /* or NULL */
} McProtocolDecision;

/* One answer of a question leads either to the next question or to an
 * outcome: exactly one of the two is set. */
typedef struct
{
  const char *question_id;
  const char *outcome_id;
} McProtocolBranch;

typedef struct
{
  const char       *id;
  guint             number;             /* 1-based, in document order */
  const char       *text;
  const char       *help;               /* or NULL */
  McProtocolBranch  yes;
  McProtocolBranch  no;
} McProtocolQuestion;

typedef enum
{
  MC_OUTCOME_CLOSE_NONE,
  MC_OUTCOME_CLOSE_WITHOUT_ACTION,
  MC_OUTCOME_CLOSE_WITH_MONITORING,
} McOutcomeClose;

/* Where answers lead. report and help are MC_ANSWER_UNKNOWN when the
 * outcome does not decide them; see mc-afwegingskader.h for how the
 * outcomes on one path combine. An outcome that closes never continues. */
typedef struct
{
  const char     *id;
  const char     *title;
  const char     *reason;               /* for the decision report */
  McAnswer        report;
  McAnswer        help;
  McOutcomeClose  close;
  const char     *continue_question_id; /* or NULL: the weighing ends here */
  const char     *continue_with_id;     /* contact to go on with, or NULL */
} McProtocolOutcome;

typedef struct
{
  const char         *id;
  const char         *title;
  const char         *introduction;     /* or NULL */
  GPtrArray          *definitions;      /* of McProtocolDefinition */
  McProtocolDecision  report_decision;
  McProtocolDecision  help_decision;
  GPtrArray          *questions;        /* of McProtocolQuestion; [0] starts */
  GPtrArray          *outcomes;         /* of McProtocolOutcome */
} McProtocolAfwegingskader;

typedef enum
{
  MC_FORM_ADVICE_CONSULT_VEILIG_THUIS,
  MC_FORM_ADVICE_ACT_AT_ONCE,
  MC_FORM_ADVICE_REPORT,
  MC_FORM_ADVICE_FOLLOW_MELDCODE,
  MC_FORM_ADVICE_OTHER_ROUTE,           /* not the meldcode, e.g. staff violence */
} McFormAdvice;

typedef enum
{
  MC_FORM_URGENCY_REGULAR,
  MC_FORM_URGENCY_URGENT,               /* the steps go faster */
  MC_FORM_URGENCY_IMMEDIATE,            /* act now, within the hour */
} McFormUrgency;

/* What the organisation or the professional must do besides the meldcode,
 * such as a report to an inspectorate. */
typedef struct
{
  const char *id;
  const char *contact_id;               /* or NULL */
  const char *text;
} McProtocolDuty;

typedef struct
{
  const char    *id;
  const char    *name;
  const char    *description;           /* or NULL */
  McFormAdvice   advice;
  McFormUrgency  urgency;
  const char    *contact_id;            /* or NULL */
  const char    *advice_text;
  GPtrArray     *duties;                /* of McProtocolDuty; may be empty */
} McProtocolSpecialForm;

/* A fact of a case, named as the meldnormen name it (weighing.acute,
 * question.<id>, outcome.report, decision.help, special-form.<id>,
 * consultation.<role-id>, checklist.<item-id>, client.minor), with the
 * answer it has or must have: MC_ANSWER_YES or MC_ANSWER_NO. The loader
 * made sure every id in a ref exists. */
typedef struct
{
  const char *ref;
  McAnswer    is;
} McProtocolFact;

typedef enum
{
  MC_RULE_BLOCKS_BROKEN,                /* only a broken rule holds its step */
  MC_RULE_BLOCKS_PENDING,               /* so does one still waiting for a fact */
} McRuleBlocks;

/* A meldnorm. It applies when its when-facts hold (all of them, or any with
 * when_any); it is broken when it applies and a required fact is known and
 * differs, pending when one is still unknown. The id is stored with the
 * overrides a professional writes, so it stays. */
typedef struct
{
  const char   *id;
  guint         step;                   /* 1..5: the step it belongs to and holds back */
  McRuleBlocks  blocks;
  gboolean      when_any;               /* match="any" */
  GPtrArray    *when;                   /* of McProtocolFact; empty: always applies */
  GPtrArray    *require;                /* of McProtocolFact; at least one */
  const char   *text;
} McProtocolRule;

/* Shown at once while its facts hold, with the contacts to call. */
typedef struct
{
  const char *id;
  gboolean    when_any;
  GPtrArray  *when;                     /* of McProtocolFact; at least one */
  GStrv       contact_ids;              /* ids in <contacts>; "112" may be a contact too; may be empty */
  const char *text;
} McProtocolUrgentAction;

/* A period the protocol names, in working days, with its words. */
typedef struct
{
  const char *id;
  guint       working_days;
  const char *text;
} McProtocolTerm;

#define MC_TYPE_PROTOCOL (mc_protocol_get_type ())

G_DECLARE_FINAL_TYPE (McProtocol, mc_protocol, MC, PROTOCOL, GObject)

/* The built-in protocol, from the core's resources. */
McProtocol                       *mc_protocol_new_default              (GError         **error);
/* An organisation's own file (the protocol-file setting). */
McProtocol                       *mc_protocol_new_from_path            (const char      *path,
                                                                        GError         **error);
/* @name only labels the messages (a file name, a URI). */
McProtocol                       *mc_protocol_new_from_bytes           (GBytes          *bytes,
                                                                        const char      *name,
                                                                        GError         **error);

/* 1 or 2: the version of the file's format. */
guint                             mc_protocol_get_schema_version       (McProtocol      *self);
/* Where it was loaded from: a path, a resource URI or the name given. */
const char                       *mc_protocol_get_location             (McProtocol      *self);
/* SHA-256 (hex) of what the protocol was read from: two protocols with
 * the same checksum give every case the same steps and dates. */
const char                       *mc_protocol_get_checksum             (McProtocol      *self);
const char                       *mc_protocol_get_id                   (McProtocol      *self);
/* The edition of the organisation's text, or NULL. */
const char                       *mc_protocol_get_revision             (McProtocol      *self);
const char                       *mc_protocol_get_language             (McProtocol      *self);
const char                       *mc_protocol_get_title                (McProtocol      *self);
/* Paragraphs, or NULL. */
const char                       *mc_protocol_get_introduction         (McProtocol      *self);

const McProtocolOrganisation     *mc_protocol_get_organisation         (McProtocol      *self);
/* The contacts shown in the application, of McProtocolContact. */
GPtrArray                        *mc_protocol_get_contacts             (McProtocol      *self);
/* Also finds the organisation's questions contact. */
const McProtocolContact          *mc_protocol_lookup_contact           (McProtocol      *self,
                                                                        const char      *id);

/* The five steps, of McProtocolStep. */
GPtrArray                        *mc_protocol_get_steps                (McProtocol      *self);

const McProtocolChecklist        *mc_protocol_get_checklist            (McProtocol      *self,
                                                                        McChecklistKind  kind);
/* An item of any checklist but the close reasons. */
const McProtocolItem             *mc_protocol_lookup_item              (McProtocol      *self,
                                                                        const char      *id);
/* A close reason: its ids are unique only within its own list ("other"
 * is also a person role). */
const McProtocolItem             *mc_protocol_lookup_close_reason      (McProtocol      *self,
                                                                        const char      *id);

const McProtocolConversationRule *mc_protocol_get_conversation_rule    (McProtocol      *self);
/* With whom the step-3 conversation is held, by the client's age on
 * @conversation_date; UNKNOWN without a valid @birth_date or when the
 * conversation would be before the birth. */
McConversationPartner             mc_protocol_get_conversation_partner (McProtocol      *self,
                                                                        const GDate     *birth_date,
                                                                        const GDate     *conversation_date);
/* Of McProtocolBand, by age: from 0 up, without gaps, the last open-ended. */
GPtrArray                        *mc_protocol_get_conversation_bands   (McProtocol      *self);
/* The band of a client aged @age on the day of the conversation; NULL for
 * an age below 0 (no date of birth). */
const McProtocolBand             *mc_protocol_find_band                (McProtocol      *self,
                                                                        int              age);

const McProtocolAfwegingskader   *mc_protocol_get_afwegingskader       (McProtocol      *self);
const McProtocolQuestion         *mc_protocol_lookup_question          (McProtocol      *self,
                                                                        const char      *id);
const McProtocolOutcome          *mc_protocol_lookup_outcome           (McProtocol      *self,
                                                                        const char      *id);

/* Of McProtocolSpecialForm. */
GPtrArray                        *mc_protocol_get_special_forms        (McProtocol      *self);
const McProtocolSpecialForm      *mc_protocol_lookup_special_form      (McProtocol      *self,
                                                                        const char      *id);

/* The meldnormen: of McProtocolRule, in document order. */
GPtrArray                        *mc_protocol_get_rules                (McProtocol      *self);
const McProtocolRule             *mc_protocol_lookup_rule              (McProtocol      *self,
                                                                        const char      *id);
/* Of McProtocolUrgentAction, in document order. */
GPtrArray                        *mc_protocol_get_urgent_actions       (McProtocol      *self);

/* The term's working days, or -1 when the protocol has no such term. */
gint                              mc_protocol_get_term_working_days    (McProtocol      *self,
                                                                        const char      *term_id);
/* Or NULL. */
const McProtocolTerm             *mc_protocol_lookup_term              (McProtocol      *self,
                                                                        const char      *term_id);

/* How long a closed case is kept: the <retention> element, or 20 years
 * from the closing date (see mc-retention.h). */
void                              mc_protocol_get_retention            (McProtocol        *self,
                                                                        McRetentionPolicy *policy);

G_END_DECLS
