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

struct _McPerson
{
  McRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (McPerson, mc_person, MC_TYPE_RECORD)

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

static void
mc_person_class_init (McPersonClass *klass)
{
  mc_record_class_install_fields (MC_RECORD_CLASS (klass), "people",
                                  person_fields, G_N_ELEMENTS (person_fields));
}

static void
mc_person_init (McPerson *self)
{
}

McPerson *
mc_person_new (gint64 case_id)
{
  return g_object_new (MC_TYPE_PERSON, "case-id", case_id, NULL);
}

struct _McSignal
{
  McRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (McSignal, mc_signal, MC_TYPE_RECORD)

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

static void
mc_signal_class_init (McSignalClass *klass)
{
  mc_record_class_install_fields (MC_RECORD_CLASS (klass), "signals",
                                  signal_fields, G_N_ELEMENTS (signal_fields));
}

static void
mc_signal_init (McSignal *self)
{
}

McSignal *
mc_signal_new (gint64 case_id)
{
  return g_object_new (MC_TYPE_SIGNAL, "case-id", case_id, NULL);
}

struct _McChecklistAnswer
{
  McRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (McChecklistAnswer, mc_checklist_answer, MC_TYPE_RECORD)

static const McField checklist_answer_fields[] = {
  { "item-id",    "item_id",    MC_FIELD_TEXT,      MC_FIELD_FLAG_REQUIRED | MC_FIELD_FLAG_NAME },
  { "value",      "value",      MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Answer") },
  { "updated-at", "updated_at", MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_UPDATED },
};

static void
mc_checklist_answer_class_init (McChecklistAnswerClass *klass)
{
  mc_record_class_install_fields (MC_RECORD_CLASS (klass), "checklist_answers",
                                  checklist_answer_fields, G_N_ELEMENTS (checklist_answer_fields));
}

static void
mc_checklist_answer_init (McChecklistAnswer *self)
{
}

McChecklistAnswer *
mc_checklist_answer_new (gint64 case_id)
{
  return g_object_new (MC_TYPE_CHECKLIST_ANSWER, "case-id", case_id, NULL);
}

struct _McConsultation
{
  McRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (McConsultation, mc_consultation, MC_TYPE_RECORD)

static const McField consultation_fields[] = {
  { "consulted-on", "consulted_on", MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date") },
  { "role",         "role",         MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("With whom") },
  { "consultee",    "consultee",    MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Name") },
  { "anonymous",    "anonymous",    MC_FIELD_BOOLEAN,   MC_FIELD_FLAG_NONE, N_("Discussed anonymously") },
  { "advice",       "advice",       MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Advice") },
};

static void
mc_consultation_class_init (McConsultationClass *klass)
{
  mc_record_class_install_fields (MC_RECORD_CLASS (klass), "consultations",
                                  consultation_fields, G_N_ELEMENTS (consultation_fields));
}

static void
mc_consultation_init (McConsultation *self)
{
}

McConsultation *
mc_consultation_new (gint64 case_id)
{
  return g_object_new (MC_TYPE_CONSULTATION, "case-id", case_id, NULL);
}

struct _McConversation
{
  McRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (McConversation, mc_conversation, MC_TYPE_RECORD)

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

static void
mc_conversation_class_init (McConversationClass *klass)
{
  mc_record_class_install_fields (MC_RECORD_CLASS (klass), "conversations",
                                  conversation_fields, G_N_ELEMENTS (conversation_fields));
}

static void
mc_conversation_init (McConversation *self)
{
}

McConversation *
mc_conversation_new (gint64 case_id)
{
  return g_object_new (MC_TYPE_CONVERSATION, "case-id", case_id, NULL);
}

struct _McWeighing
{
  McRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (McWeighing, mc_weighing, MC_TYPE_RECORD)

static const McField weighing_fields[] = {
  { "acute",             "acute",             MC_FIELD_ANSWER,    MC_FIELD_FLAG_NONE, N_("Acute unsafety") },
  { "structural",        "structural",        MC_FIELD_ANSWER,    MC_FIELD_FLAG_NONE, N_("Structural unsafety") },
  { "instrument",        "instrument",        MC_FIELD_TEXT,      MC_FIELD_FLAG_LINE, N_("Instrument") },
  { "instrument-result", "instrument_result", MC_FIELD_TEXT,      MC_FIELD_FLAG_LINE, N_("Result of the instrument") },
  { "notes",             "notes",             MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Notes on the weighing") },
  { "updated-at",        "updated_at",        MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_UPDATED },
};

static void
mc_weighing_class_init (McWeighingClass *klass)
{
  mc_record_class_install_fields (MC_RECORD_CLASS (klass), "weighings",
                                  weighing_fields, G_N_ELEMENTS (weighing_fields));
}

static void
mc_weighing_init (McWeighing *self)
{
}

McWeighing *
mc_weighing_new (gint64 case_id)
{
  return g_object_new (MC_TYPE_WEIGHING, "case-id", case_id, NULL);
}

struct _McAfwegingAnswer
{
  McRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (McAfwegingAnswer, mc_afweging_answer, MC_TYPE_RECORD)

static const McField afweging_answer_fields[] = {
  { "round",       "round",       MC_FIELD_INTEGER,   MC_FIELD_FLAG_FIXED },
  { "question-id", "question_id", MC_FIELD_TEXT,      MC_FIELD_FLAG_REQUIRED | MC_FIELD_FLAG_NAME },
  { "answer",      "answer",      MC_FIELD_ANSWER,    MC_FIELD_FLAG_NONE, N_("Answer") },
  { "note",        "note",        MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE, N_("Note") },
  { "updated-at",  "updated_at",  MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_UPDATED },
};

static void
mc_afweging_answer_class_init (McAfwegingAnswerClass *klass)
{
  mc_record_class_install_fields (MC_RECORD_CLASS (klass), "afweging_answers",
                                  afweging_answer_fields, G_N_ELEMENTS (afweging_answer_fields));
}

static void
mc_afweging_answer_init (McAfwegingAnswer *self)
{
}

McAfwegingAnswer *
mc_afweging_answer_new (gint64 case_id)
{
  return g_object_new (MC_TYPE_AFWEGING_ANSWER, "case-id", case_id, NULL);
}

McAfwegingAnswer *
mc_afweging_answer_new_for_round (gint64 case_id,
                                  guint  round)
{
  g_return_val_if_fail (round >= 1, NULL);

  return g_object_new (MC_TYPE_AFWEGING_ANSWER, "case-id", case_id, "round", (gint64) round, NULL);
}

struct _McDecision
{
  McRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (McDecision, mc_decision, MC_TYPE_RECORD)

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

static void
mc_decision_class_init (McDecisionClass *klass)
{
  mc_record_class_install_fields (MC_RECORD_CLASS (klass), "decisions",
                                  decision_fields, G_N_ELEMENTS (decision_fields));
}

static void
mc_decision_init (McDecision *self)
{
}

McDecision *
mc_decision_new (gint64 case_id)
{
  return g_object_new (MC_TYPE_DECISION, "case-id", case_id, NULL);
}

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

struct _McNormOverride
{
  McRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (McNormOverride, mc_norm_override, MC_TYPE_RECORD)

static const McField norm_override_fields[] = {
  { "round",      "round",      MC_FIELD_INTEGER,   MC_FIELD_FLAG_FIXED },
  { "rule-id",    "rule_id",    MC_FIELD_TEXT,      MC_FIELD_FLAG_REQUIRED | MC_FIELD_FLAG_NAME },
  { "reason",     "reason",     MC_FIELD_TEXT,      MC_FIELD_FLAG_REQUIRED, N_("Why the meldnorm does not apply") },
  { "created-at", "created_at", MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_CREATED },
};

static void
mc_norm_override_class_init (McNormOverrideClass *klass)
{
  mc_record_class_install_fields (MC_RECORD_CLASS (klass), "norm_overrides",
                                  norm_override_fields, G_N_ELEMENTS (norm_override_fields));
}

static void
mc_norm_override_init (McNormOverride *self)
{
}

McNormOverride *
mc_norm_override_new (gint64 case_id)
{
  return g_object_new (MC_TYPE_NORM_OVERRIDE, "case-id", case_id, NULL);
}
