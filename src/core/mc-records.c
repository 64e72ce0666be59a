/* mc-records.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-records"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-records.h"

/* Each type is only its field table: the properties, the storage and the
 * persistence all come from McRecord and the store. */

/* A record type of nothing but its field table: the instance, the GType,
 * the class that installs @fields as stored in @table, and
 * type_name_new (case_id). */
#define MC_DEFINE_RECORD_TYPE(TypeName, type_name, TYPE, table, fields)       \
  struct _##TypeName                                                          \
  {                                                                           \
    McRecord parent_instance;                                                 \
  };                                                                          \
                                                                              \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, MC_TYPE_RECORD)                   \
                                                                              \
  static void                                                                 \
  type_name##_class_init (TypeName##Class *klass)                             \
  {                                                                           \
    mc_record_class_install_fields (MC_RECORD_CLASS (klass), table,           \
                                    fields, G_N_ELEMENTS (fields));           \
  }                                                                           \
                                                                              \
  static void                                                                 \
  type_name##_init (TypeName *self)                                           \
  {                                                                           \
  }                                                                           \
                                                                              \
  TypeName *                                                                  \
  type_name##_new (gint64 case_id)                                            \
  {                                                                           \
    return g_object_new (TYPE, "case-id", case_id, NULL);                     \
  }

static const McField person_fields[] = {
  { "role",       "role",       MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Role") },
  { "name",       "name",       MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Name") },
  { "birth-date", "birth_date", MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date of birth") },
  { "relation",   "relation",   MC_FIELD_TEXT,      MC_FIELD_FLAG_LINE, N_("Relation") },
  { "notes",      "notes",      MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Notes") },
  { "address",            "address",            MC_FIELD_TEXT,    MC_FIELD_FLAG_LINE, N_("Address") },
  { "gezag",              "gezag",              MC_FIELD_ANSWER,  MC_FIELD_FLAG_NONE, N_("Has parental authority (gezag)") },
  { "school",             "school",             MC_FIELD_TEXT,    MC_FIELD_FLAG_LINE, N_("School, day care or day activity") },
  { "informed",           "informed",           MC_FIELD_ANSWER,  MC_FIELD_FLAG_NONE, N_("Informed of the report") },
  { "informed-on",        "informed_on",        MC_FIELD_DATE,    MC_FIELD_FLAG_NONE, N_("Informed on") },
  { "informed-reaction",  "informed_reaction",  MC_FIELD_TEXT,    MC_FIELD_FLAG_NONE, N_("Their reaction") },
  { "informed-exception", "informed_exception", MC_FIELD_TEXT,    MC_FIELD_FLAG_NAME, N_("Not informed, because") },
  { "not-for-family",     "not_for_family",     MC_FIELD_BOOLEAN, MC_FIELD_FLAG_NONE, N_("Not for the family") },
};

MC_DEFINE_RECORD_TYPE (McPerson, mc_person, MC_TYPE_PERSON, "people", person_fields)

static const McField signal_fields[] = {
  { "observed-on", "observed_on", MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date") },
  { "description", "description", MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("What was seen or heard") },
  { "nature",      "nature",      MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Fact or interpretation") },
  { "observer",    "observer",    MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Seen or heard by") },
  { "source",      "source",      MC_FIELD_TEXT,      MC_FIELD_FLAG_LINE, N_("Told by") },
  { "category",    "category",    MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Kind of signal") },
  { "created-at",  "created_at",  MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_CREATED },
  { "status",      "status",      MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Confirmed or refuted") },
  { "status-on",   "status_on",   MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date confirmed or refuted") },
  { "not-for-family", "not_for_family", MC_FIELD_BOOLEAN, MC_FIELD_FLAG_NONE, N_("Not for the family") },
};

MC_DEFINE_RECORD_TYPE (McSignal, mc_signal, MC_TYPE_SIGNAL, "signals", signal_fields)

static const McField checklist_answer_fields[] = {
  { "item-id",    "item_id",    MC_FIELD_TEXT,      MC_FIELD_FLAG_REQUIRED | MC_FIELD_FLAG_NAME },
  { "value",      "value",      MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Answer") },
  { "updated-at", "updated_at", MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_UPDATED },
};

MC_DEFINE_RECORD_TYPE (McChecklistAnswer, mc_checklist_answer, MC_TYPE_CHECKLIST_ANSWER, "checklist_answers", checklist_answer_fields)

static const McField consultation_fields[] = {
  { "consulted-on", "consulted_on", MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date") },
  { "role",         "role",         MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("With whom") },
  { "consultee",    "consultee",    MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Name") },
  { "anonymous",    "anonymous",    MC_FIELD_BOOLEAN,   MC_FIELD_FLAG_NONE, N_("Discussed anonymously") },
  { "advice",       "advice",       MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Advice") },
};

MC_DEFINE_RECORD_TYPE (McConsultation, mc_consultation, MC_TYPE_CONSULTATION, "consultations", consultation_fields)

static const McField conversation_fields[] = {
  { "held-on",              "held_on",              MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date") },
  { "with-whom",            "with_whom",            MC_FIELD_TEXT,      MC_FIELD_FLAG_LINE, N_("With whom") },
  { "discussed",            "discussed",            MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("What was discussed") },
  { "reaction",             "reaction",             MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Reaction") },
  { "not-held-reason",      "not_held_reason",      MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Why not") },
  { "not-held-explanation", "not_held_explanation", MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Explain why the conversation was not responsible in this case") },
  { "person-id",            "person_id",            MC_FIELD_INTEGER,   MC_FIELD_FLAG_NONE },
  { "not-for-family",       "not_for_family",       MC_FIELD_BOOLEAN,   MC_FIELD_FLAG_NONE, N_("Not for the family") },
};

MC_DEFINE_RECORD_TYPE (McConversation, mc_conversation, MC_TYPE_CONVERSATION, "conversations", conversation_fields)

static const McField weighing_fields[] = {
  { "acute",             "acute",             MC_FIELD_ANSWER,    MC_FIELD_FLAG_NONE, N_("Acute unsafety") },
  { "structural",        "structural",        MC_FIELD_ANSWER,    MC_FIELD_FLAG_NONE, N_("Structural unsafety") },
  { "instrument",        "instrument",        MC_FIELD_TEXT,      MC_FIELD_FLAG_LINE, N_("Instrument") },
  { "instrument-result", "instrument_result", MC_FIELD_TEXT,      MC_FIELD_FLAG_LINE, N_("Result of the instrument") },
  { "notes",             "notes",             MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Notes on the weighing") },
  { "updated-at",        "updated_at",        MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_UPDATED },
};

MC_DEFINE_RECORD_TYPE (McWeighing, mc_weighing, MC_TYPE_WEIGHING, "weighings", weighing_fields)

static const McField afweging_answer_fields[] = {
  { "round",       "round",       MC_FIELD_INTEGER,   MC_FIELD_FLAG_FIXED },
  { "question-id", "question_id", MC_FIELD_TEXT,      MC_FIELD_FLAG_REQUIRED | MC_FIELD_FLAG_NAME },
  { "answer",      "answer",      MC_FIELD_ANSWER,    MC_FIELD_FLAG_NONE, N_("Answer") },
  { "note",        "note",        MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Note") },
  { "updated-at",  "updated_at",  MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_UPDATED },
};

MC_DEFINE_RECORD_TYPE (McAfwegingAnswer, mc_afweging_answer, MC_TYPE_AFWEGING_ANSWER, "afweging_answers", afweging_answer_fields)

McAfwegingAnswer *
mc_afweging_answer_new_for_round (gint64 case_id,
                                  guint  round)
{
  g_return_val_if_fail (round >= 1, NULL);

  return g_object_new (MC_TYPE_AFWEGING_ANSWER, "case-id", case_id, "round", (gint64) round, NULL);
}

static const McField decision_fields[] = {
  { "round",              "round",              MC_FIELD_INTEGER,   MC_FIELD_FLAG_FIXED },
  { "kind",               "kind",               MC_FIELD_TEXT,      MC_FIELD_FLAG_FIXED | MC_FIELD_FLAG_NAME },
  { "report-needed",      "report_needed",      MC_FIELD_ANSWER,    MC_FIELD_FLAG_NONE, N_("Reporting necessary") },
  { "help-possible",      "help_possible",      MC_FIELD_ANSWER,    MC_FIELD_FLAG_NONE, N_("Help possible") },
  { "justification",      "justification",      MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Why you decided this") },
  { "decided-by-name",    "decided_by_name",    MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Decided by") },
  { "decided-by-role",    "decided_by_role",    MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Role of who decided") },
  { "decided-on",         "decided_on",         MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date of the decision") },
  { "reported-on",        "reported_on",        MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date of the report") },
  { "vt-reference",       "vt_reference",       MC_FIELD_TEXT,      MC_FIELD_FLAG_LINE, N_("Reference of Veilig Thuis") },
  { "client-informed",    "client_informed",    MC_FIELD_ANSWER,    MC_FIELD_FLAG_NONE, N_("The client was told about the report") },
  { "informed-exception", "informed_exception", MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Why the client was not told") },
  { "client-reaction",    "client_reaction",    MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("How the client reacted") },
  { "evaluation-on",      "evaluation_on",      MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date of the evaluation") },
  { "report-method",      "report_method",      MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("How the report was made") },
  { "vt-contact",         "vt_contact",         MC_FIELD_TEXT,      MC_FIELD_FLAG_LINE, N_("Who at Veilig Thuis took the report") },
  { "vt-response",        "vt_response",        MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("What Veilig Thuis does") },
  { "vt-agreements",      "vt_agreements",      MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Agreements with Veilig Thuis") },
  { "feedback-on",        "feedback_on",        MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date of the feedback") },
  { "feedback",           "feedback",           MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Feedback from Veilig Thuis") },
  /* Set by mc_store_start_round() only. */
  { "sealed-at",          "sealed_at",          MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_FIXED },
  { "updated-at",         "updated_at",         MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_UPDATED },
};

MC_DEFINE_RECORD_TYPE (McDecision, mc_decision, MC_TYPE_DECISION, "decisions", decision_fields)

struct _McFollowUp
{
  McRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (McFollowUp, mc_follow_up, MC_TYPE_RECORD)

static const McField follow_up_fields[] = {
  { "description", "description", MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("What was agreed, and who does it") },
  { "due-on",      "due_on",      MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Due date") },
  { "done",        "done",        MC_FIELD_BOOLEAN,   MC_FIELD_FLAG_NONE, N_("Done") },
  { "created-at",  "created_at",  MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_CREATED },
  { "owner-name",  "owner_name",  MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Who does it") },
  { "owner-role",  "owner_role",  MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Role of who does it") },
  { "state",       "state",       MC_FIELD_TEXT,      MC_FIELD_FLAG_REQUIRED | MC_FIELD_FLAG_NAME, N_("State") },
  { "state-note",  "state_note",  MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Note on the state") },
  { "checked-on",  "checked_on",  MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date checked") },
};

/* "done" came first and stays for what reads it (the case list, 0.1
 * reports); "state" says more. Whichever is set, the other follows: done is
 * state "done", and undoing "done" makes an agreement open again. */
static void
mc_follow_up_notify (GObject    *object,
                     GParamSpec *pspec)
{
  McRecord *record = MC_RECORD (object);
  const char *state = mc_record_get_string (record, "state");
  gboolean done = mc_record_get_boolean (record, "done");

  if (g_strcmp0 (pspec->name, "state") == 0)
    mc_record_set_boolean (record, "done", g_strcmp0 (state, "done") == 0);
  else if (g_strcmp0 (pspec->name, "done") == 0)
    {
      if (done)
        mc_record_set_string (record, "state", "done");
      else if (g_strcmp0 (state, "done") == 0)
        mc_record_set_string (record, "state", "open");
    }

  if (G_OBJECT_CLASS (mc_follow_up_parent_class)->notify != NULL)
    G_OBJECT_CLASS (mc_follow_up_parent_class)->notify (object, pspec);
}

static void
mc_follow_up_class_init (McFollowUpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  mc_record_class_install_fields (MC_RECORD_CLASS (klass), "follow_ups",
                                  follow_up_fields, G_N_ELEMENTS (follow_up_fields));
  object_class->notify = mc_follow_up_notify;
}

static void
mc_follow_up_init (McFollowUp *self)
{
  mc_record_set_string (MC_RECORD (self), "state", "open");
}

McFollowUp *
mc_follow_up_new (gint64 case_id)
{
  return g_object_new (MC_TYPE_FOLLOW_UP, "case-id", case_id, NULL);
}

static const McField norm_override_fields[] = {
  { "round",      "round",      MC_FIELD_INTEGER,   MC_FIELD_FLAG_FIXED },
  { "rule-id",    "rule_id",    MC_FIELD_TEXT,      MC_FIELD_FLAG_REQUIRED | MC_FIELD_FLAG_NAME },
  { "reason",     "reason",     MC_FIELD_TEXT,      MC_FIELD_FLAG_REQUIRED, N_("Why the meldnorm does not apply") },
  { "created-at", "created_at", MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_CREATED },
};

MC_DEFINE_RECORD_TYPE (McNormOverride, mc_norm_override, MC_TYPE_NORM_OVERRIDE, "norm_overrides", norm_override_fields)
