/* mc-report.h: the step-5 decision report as one document model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report is a self-contained description of a case at its decision: who
 * reports, the people involved, the signals, the steps taken and the
 * decision. The XML writer, the PDF writer and printing all read this one
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
  MC_REPORT_CONVERSATION_NONE,         /* nothing recorded yet */
  MC_REPORT_CONVERSATION_HELD,
  MC_REPORT_CONVERSATION_NOT_HELD,
} McReportConversationState;

/* An age that is not known. */
#define MC_REPORT_AGE_UNKNOWN (-1)

typedef struct
{
  char *role;                          /* protocol id, e.g. "legal-representative" */
  char *role_label;
  char *name;
  char *birth_date;
  int   age;                           /* at the decision, or MC_REPORT_AGE_UNKNOWN */
  char *relation;
} McReportPerson;

typedef struct
{
  char           *observed_on;
  char           *category;            /* protocol id */
  char           *category_label;
  McReportNature  nature;
  char           *observer;
  char           *source;              /* NULL: the observer's own observation */
  char           *description;
} McReportSignal;

typedef struct
{
  char *id;
  char *question;
  char *answer;                        /* "yes", "no" or free text */
} McReportCheck;

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
  char           *id;
  char           *text;
  McReportAnswer  answer;
  char           *note;
} McReportQuestion;

typedef struct
{
  char     *description;
  char     *due_on;
  gboolean  done;
} McReportAgreement;

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

  struct {
    char *name;                        /* name or pseudonym */
    char *number;
    char *birth_date;
    int   age;                         /* at the decision */
  } client;

  GPtrArray *people;                   /* McReportPerson */
  GPtrArray *signals;                  /* McReportSignal */
  GPtrArray *kindcheck;                /* McReportCheck */
  GPtrArray *consultations;            /* McReportConsultation */

  struct {
    McReportConversationState state;
    char *held_on;
    char *with_whom;
    char *discussed;
    char *reaction;
    char *reason;                      /* protocol id, when not held */
    char *reason_label;
    char *explanation;
  } conversation;

  struct {
    McReportAnswer acute;
    McReportAnswer structural;
    char *instrument;
    char *instrument_result;
    char *notes;
  } weighing;

  GPtrArray *questions;                /* McReportQuestion, the afwegingskader */

  struct {
    McReportAnswer report_needed;
    McReportAnswer help_possible;
    char *justification;
    char *decided_by_name;
    char *decided_by_role;
    char *decided_on;
  } decision;

  struct {
    char           *reported_on;
    char           *reference;
    McReportAnswer  client_informed;
    char           *exception;         /* "open melden, tenzij" exception id */
    char           *exception_label;
    char           *client_reaction;
  } veilig_thuis;

  GPtrArray *agreements;               /* McReportAgreement */
};

#define MC_TYPE_REPORT (mc_report_get_type ())

GType      mc_report_get_type                (void) G_GNUC_CONST;

/* An empty open report created now; fill it with the calls below. */
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
void       mc_report_add_signal              (McReport        *self,
                                              const char      *observed_on,
                                              const char      *category,
                                              const char      *category_label,
                                              McReportNature   nature,
                                              const char      *observer,
                                              const char      *source,
                                              const char      *description);
void       mc_report_add_check               (McReport        *self,
                                              const char      *id,
                                              const char      *question,
                                              const char      *answer);
void       mc_report_add_consultation        (McReport        *self,
                                              const char      *consulted_on,
                                              const char      *role,
                                              const char      *role_label,
                                              const char      *consultee,
                                              gboolean         anonymous,
                                              const char      *advice);
void       mc_report_set_conversation_held   (McReport        *self,
                                              const char      *held_on,
                                              const char      *with_whom,
                                              const char      *discussed,
                                              const char      *reaction);
void       mc_report_set_conversation_not_held (McReport      *self,
                                              const char      *reason,
                                              const char      *reason_label,
                                              const char      *explanation);
void       mc_report_set_weighing            (McReport        *self,
                                              McReportAnswer   acute,
                                              McReportAnswer   structural,
                                              const char      *instrument,
                                              const char      *instrument_result,
                                              const char      *notes);
void       mc_report_add_question            (McReport        *self,
                                              const char      *id,
                                              const char      *text,
                                              McReportAnswer   answer,
                                              const char      *note);
void       mc_report_set_decision            (McReport        *self,
                                              McReportAnswer   report_needed,
                                              McReportAnswer   help_possible,
                                              const char      *justification,
                                              const char      *decided_by_name,
                                              const char      *decided_by_role,
                                              const char      *decided_on);
void       mc_report_set_veilig_thuis        (McReport        *self,
                                              const char      *reported_on,
                                              const char      *reference,
                                              McReportAnswer   client_informed,
                                              const char      *exception,
                                              const char      *exception_label,
                                              const char      *client_reaction);
void       mc_report_add_agreement           (McReport        *self,
                                              const char      *description,
                                              const char      *due_on,
                                              gboolean         done);

/* A copy to consult Veilig Thuis or a colleague without identifying the
 * client. The client becomes "Client, 15 years", each person their role
 * with a number per role ("Legal representative 1"), each named consultee
 * their role; dates of birth, the client number and the Veilig Thuis
 * reference are dropped (ages stay). In every free text, each known name,
 * and each part of it that is not a particle such as "van" or "de", is
 * replaced by "[role]" case-insensitively and as a whole word, as are the
 * client number, the reference and the dates of birth in common
 * notations. The organisation, the author and who decided stay: they are
 * the professionals who consult, not the people the case is about. */
McReport  *mc_report_anonymize               (const McReport  *report);

/* "meldcode-decision-2026-0001-2026-11-28.pdf" in English; translated, e.g.
 * "besluit-meldcode-2026-0001-2026-11-28.pdf". The date is the report's
 * creation date; an anonymised report says so in the name. @extension is
 * without the dot. */
char      *mc_report_suggest_filename        (const McReport  *report,
                                              const char      *extension);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReport, mc_report_unref)

G_END_DECLS
