/* mc-report.h: the step-5 decision report as one document model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report is a self-contained description of a case at its decision: who
 * reports, the people involved, the signals, the steps taken, every
 * decision round (the current one is the decision the report is about),
 * the meldnormen the decisions deviate from, what followed the report, the
 * agreements and how the case was closed. The XML writer, the PDF writer and printing all read this one
 * model (mc-report-xml.h, mc-report-renderer.h), so they cannot disagree.
 *
 * The fields are public for reading and must not be written directly: the
 * setters and adders below clean every string at the boundary (invalid
 * UTF-8 repaired, control characters that XML 1.0 cannot hold removed,
 * line ends made "\n", NFC) and turn an empty optional string into NULL.
 * Dates are "YYYY-MM-DD" strings; ids come from the organisation's
 * protocol, with the protocol's label beside them.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MC_REPORT_ERROR (mc_report_error_quark ())

typedef enum
{
  MC_REPORT_ERROR_NOT_XML,             /* not well-formed XML, or not readable as text */
  MC_REPORT_ERROR_WRONG_NAMESPACE,     /* XML, but not a Meldcode report */
  MC_REPORT_ERROR_UNSUPPORTED_VERSION, /* a report format this version cannot read */
  MC_REPORT_ERROR_INVALID,             /* does not match the report schema */
  MC_REPORT_ERROR_TOO_LARGE,           /* larger than MC_REPORT_MAX_SIZE */
  MC_REPORT_ERROR_FORBIDDEN_DTD,       /* has a DOCTYPE (entities are never expanded) */
  MC_REPORT_ERROR_IO,                  /* cannot read or write the file, or render */
} McReportError;

GQuark mc_report_error_quark (void);

/* Same order as the store's McAnswer (unknown, yes, no), so mapping is a cast. */
typedef enum
{
  MC_REPORT_ANSWER_UNANSWERED,
  MC_REPORT_ANSWER_YES,
  MC_REPORT_ANSWER_NO,
} McReportAnswer;

typedef enum
{
  MC_REPORT_STATUS_OPEN,
  MC_REPORT_STATUS_CLOSED,
} McReportStatus;

typedef enum
{
  MC_REPORT_NATURE_FACT,
  MC_REPORT_NATURE_INTERPRETATION,
} McReportNature;

typedef enum
{
  MC_REPORT_CONVERSATION_HELD,
  MC_REPORT_CONVERSATION_NOT_HELD,
} McReportConversationState;

/* Where an interpretation stands: "open", "confirmed", "refuted". */
typedef enum
{
  MC_REPORT_SIGNAL_STATUS_NONE,        /* not recorded (a fact has none) */
  MC_REPORT_SIGNAL_STATUS_OPEN,
  MC_REPORT_SIGNAL_STATUS_CONFIRMED,
  MC_REPORT_SIGNAL_STATUS_REFUTED,
} McReportSignalStatus;

/* Why a decision round started: "first", "evaluation", "report-again",
 * "reweigh". */
typedef enum
{
  MC_REPORT_ROUND_FIRST,
  MC_REPORT_ROUND_EVALUATION,          /* of the help, after question 4 = yes */
  MC_REPORT_ROUND_REPORT_AGAIN,
  MC_REPORT_ROUND_REWEIGH,
} McReportRoundKind;

/* How the report reached Veilig Thuis: "phone", "phone-and-form", "form". */
typedef enum
{
  MC_REPORT_METHOD_NONE,
  MC_REPORT_METHOD_PHONE,
  MC_REPORT_METHOD_PHONE_AND_FORM,
  MC_REPORT_METHOD_FORM,
} McReportMethod;

/* What Veilig Thuis did with it: "takes-on", "advice", "refers",
 * "declines". */
typedef enum
{
  MC_REPORT_VT_RESPONSE_NONE,
  MC_REPORT_VT_RESPONSE_TAKES_ON,
  MC_REPORT_VT_RESPONSE_ADVICE,
  MC_REPORT_VT_RESPONSE_REFERS,
  MC_REPORT_VT_RESPONSE_DECLINES,
} McReportVtResponse;

/* A follow-up agreement: "open", "done", "not-done". */
typedef enum
{
  MC_REPORT_AGREEMENT_OPEN,
  MC_REPORT_AGREEMENT_DONE,
  MC_REPORT_AGREEMENT_NOT_DONE,
} McReportAgreementState;

/* An age that is not known. */
#define MC_REPORT_AGE_UNKNOWN (-1)

/* No person of the report (an index into McReport.people otherwise). */
#define MC_REPORT_NO_PERSON (-1)

typedef struct
{
  char *role;                          /* protocol id, e.g. "legal-representative" */
  char *role_label;
  char *name;
  char *birth_date;
  int   age;                           /* at the decision, or MC_REPORT_AGE_UNKNOWN */
  char *relation;
  /* Version 2 from 0.2.0 on (mc_report_set_person_details()). */
  char           *address;
  McReportAnswer  gezag;               /* has parental authority */
  char           *school;              /* school, day care or day activity */
  /* Open melden per person (mc_report_set_person_informed()): told of the
   * report or not, when, how they reacted, or which exception applied. */
  McReportAnswer  informed;
  char           *informed_on;
  char           *informed_reaction;
  char           *informed_exception;  /* protocol "open melden, tenzij" id */
  char           *informed_exception_label;
  gboolean        not_for_family;
} McReportPerson;

typedef struct
{
  char                 *observed_on;
  char                 *category;      /* protocol id */
  char                 *category_label;
  McReportNature        nature;
  char                 *observer;
  char                 *source;        /* NULL: the observer's own observation */
  char                 *description;
  McReportSignalStatus  status;
  char                 *status_on;     /* when it was confirmed or refuted */
  gboolean              not_for_family;
} McReportSignal;

typedef struct
{
  char *id;
  char *question;
  char *answer;                        /* "yes", "no" or free text */
} McReportCheck;

/* A duty of a special form besides the meldcode (the IGJ, the board and
 * the vertrouwensinspecteur), in the protocol's words, and whether it was
 * done. */
typedef struct
{
  char *id;                            /* protocol id */
  char *text;
  char *done;                          /* "yes", "no" or NULL: not answered */
} McReportDuty;

/* A special form of violence suspected in the case, with the protocol's
 * advice for it and its duties. */
typedef struct
{
  char      *id;                       /* protocol id */
  char      *name;
  char      *advice;                   /* or NULL */
  GPtrArray *duties;                   /* McReportDuty */
} McReportSpecialForm;

typedef struct
{
  char     *consulted_on;
  char     *role;
  char     *role_label;
  char     *consultee;
  gboolean  anonymous;
  char     *advice;
} McReportConsultation;

typedef struct
{
  McReportConversationState state;
  int   person;                        /* index into people, or MC_REPORT_NO_PERSON */
  char *held_on;
  char *with_whom;
  char *discussed;
  char *reaction;
  char *reason;                        /* protocol id, when not held */
  char *reason_label;
  char *explanation;
  gboolean not_for_family;
} McReportConversation;

typedef struct
{
  char           *id;
  char           *text;
  McReportAnswer  answer;
  char           *note;
  /* The route of the afwegingskader does not reach it (an answer it holds
   * does not count); otherwise an unanswered question is still open. */
  gboolean        skipped;
  /* The answer stands as decision round @from_round gave it (an evaluation
   * weighs only the question it asks anew); 0: this round's own. */
  guint           from_round;
} McReportQuestion;

/* A meldnorm that the decision of a round does not keep. */
typedef struct
{
  char *rule_id;                       /* protocol id */
  char *text;                          /* the rule in the protocol's words */
  char *reason;                        /* the professional's; NULL: broken without one */
} McReportNorm;

typedef struct
{
  char                   *description;
  char                   *due_on;
  McReportAgreementState  state;
  char                   *owner_name;
  char                   *owner_role;
  char                   *state_note;
  char                   *checked_on;
} McReportAgreement;

/* One pass through the afwegingskader with its decision. */
typedef struct
{
  guint              number;           /* 1, 2, …: its place in McReport.rounds */
  McReportRoundKind  kind;
  GPtrArray         *questions;        /* McReportQuestion, the afwegingskader */

  /* What the afwegingskader gives for the answers. */
  struct {
    McReportAnswer report_needed;
    McReportAnswer help_possible;
    char *reason;
  } outcome;

  GPtrArray         *norms;            /* McReportNorm: overridden or broken */

  struct {
    McReportAnswer report_needed;
    McReportAnswer help_possible;
    char *justification;
    char *decided_by_name;
    char *decided_by_role;
    char *decided_on;
    char *evaluation_on;               /* when the help is evaluated */
  } decision;

  /* The report and what followed it ("na de melding"). */
  struct {
    char               *reported_on;
    McReportMethod      method;
    char               *reference;
    char               *contact;       /* who at Veilig Thuis took it */
    McReportAnswer      client_informed;
    char               *exception;     /* "open melden, tenzij" exception id */
    char               *exception_label;
    char               *client_reaction;
    McReportVtResponse  response;
    char               *agreements;    /* made with Veilig Thuis */
    char               *feedback_on;
    char               *feedback;
  } veilig_thuis;
} McReportRound;

/* Who asked to see the case (inzage, AVG art. 15). */
typedef enum
{
  MC_REPORT_REQUESTER_NONE,            /* not an inzage copy */
  MC_REPORT_REQUESTER_CLIENT,
  MC_REPORT_REQUESTER_PARENT,          /* a parent with gezag */
  MC_REPORT_REQUESTER_YOUNG_PERSON,    /* the client, 12 or older */
} McReportRequester;

/* What an inzage copy leaves out, and why, in words. */
typedef struct
{
  char *what;
  char *why;
} McReportLeftOut;

/* One row of the case's access log (NEN 7513), without values. */
typedef struct
{
  char *at;                            /* UTC "YYYY-MM-DDThh:mm:ssZ" */
  char *user;
  char *role;                          /* or NULL */
  char *action;                        /* "view", "change", "export", … */
  char *subject;                       /* "signals.description", … or NULL */
} McReportAccess;

/* A section of free text that may be marked "niet voor de familie". */
typedef struct
{
  char     *text;                      /* or NULL */
  gboolean  not_for_family;
} McReportSectionText;

typedef enum
{
  MC_REPORT_SECTION_SUPPORT_NETWORK,   /* ondersteunend netwerk */
  MC_REPORT_SECTION_OTHER_INFORMATION, /* overige informatie */
} McReportSection;

/* The parts of a report a "niet voor de familie" mark can be put on, one
 * by one (the sections carry theirs with mc_report_set_section()). */
typedef enum
{
  MC_REPORT_PART_PERSON,
  MC_REPORT_PART_SIGNAL,
  MC_REPORT_PART_CONVERSATION,
} McReportPart;

typedef struct _McReport McReport;

struct _McReport
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public, read-only >*/
  char           *case_number;
  McReportStatus  status;
  gboolean        anonymous;           /* made by mc_report_anonymize() */
  char           *protocol_id;
  char           *protocol_version;
  GDateTime      *created_at;          /* UTC */

  char *organisation;
  char *author_name;
  char *author_role;
  char *author_phone;                  /* mc_report_set_author_contact() */
  char *author_email;

  /* A family copy (mc_report_family_copy()): the parts marked "niet voor
   * de familie" are left out. */
  gboolean family_copy;

  struct {
    char *name;                        /* name or pseudonym */
    char *number;
    char *birth_date;
    int   age;                         /* at the decision */
  } client;

  GPtrArray *people;                   /* McReportPerson */
  GPtrArray *signals;                  /* McReportSignal */
  GPtrArray *kindcheck;                /* McReportCheck */
  GPtrArray *special_forms;            /* McReportSpecialForm; empty in version 1 */
  GPtrArray *consultations;            /* McReportConsultation */
  GPtrArray *conversations;            /* McReportConversation, in order */

  struct {
    McReportAnswer acute;
    McReportAnswer structural;
    char *instrument;
    char *instrument_result;
    char *notes;
  } weighing;

  /* McReportRound, in order; never empty. The last is the current round,
   * the decision the report is about. */
  GPtrArray *rounds;

  GPtrArray *agreements;               /* McReportAgreement */

  /* The sections of Veilig Thuis's form that are free text:
   * ondersteunend netwerk and overige informatie (mc_report_set_section()). */
  McReportSectionText support_network;
  McReportSectionText other_information;

  /* An inzage copy (mc_report_inzage_copy()): for whom, what was left out
   * and why, and the case's access log. requester NONE otherwise. */
  struct {
    McReportRequester  requester;
    GPtrArray         *left_out;       /* McReportLeftOut */
    GPtrArray         *access_log;     /* McReportAccess */
  } inzage;

  /* How the case was closed; all NULL while it is open (and in reports of
   * format version 1). */
  struct {
    char *closed_on;
    char *reason;                      /* protocol close-reason id */
    char *reason_label;
    char *note;
    char *closed_by;                   /* name and role */
  } closing;
};

#define MC_TYPE_REPORT (mc_report_get_type ())

GType      mc_report_get_type                (void) G_GNUC_CONST;

/* An empty open report created now, with one decision round (the first);
 * fill it with the calls below. */
McReport  *mc_report_new                     (void);
McReport  *mc_report_ref                     (McReport        *self);
void       mc_report_unref                   (McReport        *self);

void       mc_report_set_case                (McReport        *self,
                                              const char      *number,
                                              McReportStatus   status);
void       mc_report_set_protocol            (McReport        *self,
                                              const char      *id,
                                              const char      *version);
/* Any time zone; stored as UTC to the second. */
void       mc_report_set_created_at          (McReport        *self,
                                              GDateTime       *created_at);
void       mc_report_set_author              (McReport        *self,
                                              const char      *organisation,
                                              const char      *name,
                                              const char      *role);
/* @age: at the decision (mc_age_on()), or MC_REPORT_AGE_UNKNOWN. */
void       mc_report_set_client              (McReport        *self,
                                              const char      *name,
                                              const char      *number,
                                              const char      *birth_date,
                                              int              age);
void       mc_report_add_person              (McReport        *self,
                                              const char      *role,
                                              const char      *role_label,
                                              const char      *name,
                                              const char      *birth_date,
                                              int              age,
                                              const char      *relation);
/* @status_on: the date of a confirmed or refuted interpretation. */
void       mc_report_add_signal              (McReport        *self,
                                              const char      *observed_on,
                                              const char      *category,
                                              const char      *category_label,
                                              McReportNature   nature,
                                              const char      *observer,
                                              const char      *source,
                                              const char      *description,
                                              McReportSignalStatus status,
                                              const char      *status_on);
void       mc_report_add_check               (McReport        *self,
                                              const char      *id,
                                              const char      *question,
                                              const char      *answer);
McReportSpecialForm *
           mc_report_add_special_form        (McReport        *self,
                                              const char      *id,
                                              const char      *name,
                                              const char      *advice);
void       mc_report_special_form_add_duty   (McReportSpecialForm *form,
                                              const char      *id,
                                              const char      *text,
                                              const char      *done);
void       mc_report_add_consultation        (McReport        *self,
                                              const char      *consulted_on,
                                              const char      *role,
                                              const char      *role_label,
                                              const char      *consultee,
                                              gboolean         anonymous,
                                              const char      *advice);
/* @person: the index in people of whom it was held with, or
 * MC_REPORT_NO_PERSON; @with_whom says it in words (as well). */
void       mc_report_add_conversation_held   (McReport        *self,
                                              int              person,
                                              const char      *held_on,
                                              const char      *with_whom,
                                              const char      *discussed,
                                              const char      *reaction);
void       mc_report_add_conversation_not_held (McReport      *self,
                                              int              person,
                                              const char      *reason,
                                              const char      *reason_label,
                                              const char      *explanation);
void       mc_report_set_weighing            (McReport        *self,
                                              McReportAnswer   acute,
                                              McReportAnswer   structural,
                                              const char      *instrument,
                                              const char      *instrument_result,
                                              const char      *notes);
void       mc_report_add_agreement           (McReport        *self,
                                              const char      *description,
                                              const char      *due_on,
                                              McReportAgreementState state,
                                              const char      *owner_name,
                                              const char      *owner_role,
                                              const char      *state_note,
                                              const char      *checked_on);
/* @reason: a protocol close-reason id, with its label. */
void       mc_report_set_closing             (McReport        *self,
                                              const char      *closed_on,
                                              const char      *reason,
                                              const char      *reason_label,
                                              const char      *note,
                                              const char      *closed_by);

/* Veilig Thuis's form (mc-report-form.c) */

/* The reporter's phone and e-mail (from the preferences). */
void       mc_report_set_author_contact      (McReport        *self,
                                              const char      *phone,
                                              const char      *email);
/* Of the person at @index in people: the address, gezag and the school,
 * day care or day activity. */
void       mc_report_set_person_details      (McReport        *self,
                                              guint            index,
                                              const char      *address,
                                              McReportAnswer   gezag,
                                              const char      *school);
/* Open melden for the person at @index: @informed yes with when and how
 * they reacted, or no with the protocol's @exception (an id, with its
 * label) that applied. */
void       mc_report_set_person_informed     (McReport        *self,
                                              guint            index,
                                              McReportAnswer   informed,
                                              const char      *informed_on,
                                              const char      *reaction,
                                              const char      *exception,
                                              const char      *exception_label);
void       mc_report_set_section             (McReport        *self,
                                              McReportSection  section,
                                              const char      *text,
                                              gboolean         not_for_family);
/* Marks the @index-th person, signal or conversation "niet voor de
 * familie". */
void       mc_report_mark_not_for_family     (McReport        *self,
                                              McReportPart     part,
                                              guint            index);
/* Whether any part of the report is marked "niet voor de familie". */
gboolean   mc_report_has_not_for_family      (const McReport  *self);
/* A copy for the family (Veilig Thuis shares its file with parents and
 * with children from 12): every part marked "niet voor de familie" is
 * absent: those people (and the conversations held with them), signals,
 * conversations and sections. The copy says it is a family copy. */
McReport  *mc_report_family_copy             (const McReport  *report);
/* A deep copy. */
McReport  *mc_report_copy                    (const McReport  *report);

/* Inzage (mc-report-inzage.c) */

/* The ids of the requesters as the XML and the command line write them:
 * "client", "parent", "young-person". */
const char *mc_report_requester_to_id        (McReportRequester       requester);
gboolean    mc_report_requester_from_id      (const char             *id,
                                              McReportRequester      *requester);
/* A row of the access log to an inzage copy, oldest first. */
void       mc_report_add_access              (McReport        *self,
                                              const char      *at,
                                              const char      *user,
                                              const char      *role,
                                              const char      *action,
                                              const char      *subject);
void       mc_report_add_left_out            (McReport        *self,
                                              const char      *what,
                                              const char      *why);
/* The case as the client, a parent with gezag or the young person may see
 * it (AVG art. 15): the family copy, and then information about third
 * parties left out: the people involved without gezag with the
 * conversations held with them, and who told a signal when it was someone
 * else. Each kind of part left out gets a visible note with the reason.
 * A young person must be 12 or older (MC_REPORT_ERROR_INVALID otherwise).
 * Add the access log with mc_report_add_access(). */
McReport  *mc_report_inzage_copy             (const McReport  *report,
                                              McReportRequester requester,
                                              GError         **error);

/* Decision rounds: the last one is the current round. The rounds belong
 * to the report. */
McReportRound *mc_report_get_current_round   (const McReport  *self);
/* The next round, of @kind; it becomes the current one. */
McReportRound *mc_report_add_round           (McReport        *self,
                                              McReportRoundKind kind);
void       mc_report_round_set_kind          (McReportRound   *round,
                                              McReportRoundKind kind);
/* @from_round: 0, or the earlier round whose answer stands (see
 * McReportQuestion). */
void       mc_report_round_add_question      (McReportRound   *round,
                                              const char      *id,
                                              const char      *text,
                                              McReportAnswer   answer,
                                              const char      *note,
                                              gboolean         skipped,
                                              guint            from_round);
void       mc_report_round_set_outcome       (McReportRound   *round,
                                              McReportAnswer   report_needed,
                                              McReportAnswer   help_possible,
                                              const char      *reason);
/* A meldnorm the decision does not keep: overridden with the
 * professional's @reason, or broken (@reason NULL). */
void       mc_report_round_add_norm          (McReportRound   *round,
                                              const char      *rule_id,
                                              const char      *text,
                                              const char      *reason);
void       mc_report_round_set_decision      (McReportRound   *round,
                                              McReportAnswer   report_needed,
                                              McReportAnswer   help_possible,
                                              const char      *justification,
                                              const char      *decided_by_name,
                                              const char      *decided_by_role,
                                              const char      *decided_on,
                                              const char      *evaluation_on);
void       mc_report_round_set_veilig_thuis  (McReportRound   *round,
                                              const char      *reported_on,
                                              const char      *reference,
                                              McReportAnswer   client_informed,
                                              const char      *exception,
                                              const char      *exception_label,
                                              const char      *client_reaction);
/* What followed the report: how it was made, who at Veilig Thuis took it,
 * what Veilig Thuis does, the agreements with it and its feedback. */
void       mc_report_round_set_after_report  (McReportRound   *round,
                                              McReportMethod   method,
                                              const char      *contact,
                                              McReportVtResponse response,
                                              const char      *agreements,
                                              const char      *feedback_on,
                                              const char      *feedback);

/* FALSE with MC_REPORT_ERROR_TOO_LARGE when a field is longer than its
 * kind allows or the report holds more items or text than mc-limits.h
 * takes; the message names the first such field by its XML path. */
gboolean   mc_report_check_limits            (const McReport  *self,
                                              GError         **error);

/* Whether any round overrode a meldnorm, or the current one breaks one. */
gboolean   mc_report_has_norm_deviations     (const McReport  *self);

/* The ids of the enumerations as the case model and the XML write them;
 * the _from_ functions return FALSE for an id they do not know (and NULL,
 * which is "none" where there is a none, or the first value). */
const char *mc_report_round_kind_to_id       (McReportRoundKind       kind);
gboolean    mc_report_round_kind_from_id     (const char             *id,
                                              McReportRoundKind      *kind);
const char *mc_report_method_to_id           (McReportMethod          method);
gboolean    mc_report_method_from_id         (const char             *id,
                                              McReportMethod         *method);
const char *mc_report_vt_response_to_id      (McReportVtResponse      response);
gboolean    mc_report_vt_response_from_id    (const char             *id,
                                              McReportVtResponse     *response);
const char *mc_report_signal_status_to_id    (McReportSignalStatus    status);
gboolean    mc_report_signal_status_from_id  (const char             *id,
                                              McReportSignalStatus   *status);
const char *mc_report_agreement_state_to_id  (McReportAgreementState  state);
gboolean    mc_report_agreement_state_from_id (const char            *id,
                                              McReportAgreementState *state);

/* A copy to consult Veilig Thuis or a colleague without identifying the
 * client. The client becomes "Client, 15 years", each person their role
 * with a number per role ("Legal representative 1"), each named consultee
 * their role; dates of birth, the client number, the Veilig Thuis
 * references and contacts, the owners' names of the agreements and who
 * closed the case are dropped (ages stay; a conversation still points at
 * its person, now named by role). In every free text, each known name,
 * and each part of it that is not a particle such as "van" or "de", is
 * replaced by "[role]" case-insensitively and as a whole word, as are the
 * client number, the references and the dates of birth in common
 * notations. The organisation, the author and who decided stay: they are
 * the professionals who consult, not the people the case is about. */
McReport  *mc_report_anonymize               (const McReport  *report);

/* "meldcode-decision-2026-0001-2026-11-28.pdf" in English; translated, e.g.
 * "besluit-meldcode-2026-0001-2026-11-28.pdf". The date is the report's
 * creation date; an anonymised report says so in the name. @extension is
 * without the dot. */
char      *mc_report_suggest_filename        (const McReport  *report,
                                              const char      *extension);

/* The title of the report's print job, "Meldcode case 2026-0001" in
 * English ("Meldcode casus 2026-0001" in Dutch). A print queue shows its
 * jobs' titles to everyone who uses the print server, so the title names
 * the case number and nothing else of the case: never the client. */
char      *mc_report_print_title             (const McReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReport, mc_report_unref)

G_END_DECLS
