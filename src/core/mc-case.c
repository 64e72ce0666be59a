/* mc-case.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-case"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-case.h"

enum {
  CHILD_PEOPLE,
  CHILD_SIGNALS,
  CHILD_CHECKLIST_ANSWERS,
  CHILD_CONSULTATIONS,
  CHILD_CONVERSATIONS,
  CHILD_WEIGHING,
  CHILD_AFWEGING_ANSWERS,
  CHILD_DECISION,
  CHILD_NORM_OVERRIDES,
  CHILD_FOLLOW_UPS,
  N_CHILDREN
};

struct _McCase
{
  McRecord    parent_instance;

  GListStore *children[N_CHILDREN];
};

G_DEFINE_FINAL_TYPE (McCase, mc_case, MC_TYPE_RECORD)

static const McField case_fields[] = {
  { "number",          "number",          MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Case number") },
  { "client-name",     "client_name",     MC_FIELD_TEXT,      MC_FIELD_FLAG_REQUIRED | MC_FIELD_FLAG_NAME, N_("Name or pseudonym") },
  { "client-number",   "client_number",   MC_FIELD_TEXT,      MC_FIELD_FLAG_NAME, N_("Client number") },
  { "birth-date",      "birth_date",      MC_FIELD_DATE,      MC_FIELD_FLAG_NONE, N_("Date of birth") },
  /* The status and how the case was closed change only through
   * mc_store_close_case() and mc_store_reopen_case(). */
  { "status",          "status",          MC_FIELD_TEXT,      MC_FIELD_FLAG_FIXED | MC_FIELD_FLAG_NAME, N_("Status") },
  { "suspected-forms", "suspected_forms", MC_FIELD_LINES,     MC_FIELD_FLAG_NONE, N_("Forms of violence suspected") },
  { "created-at",      "created_at",      MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_CREATED },
  { "updated-at",      "updated_at",      MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_UPDATED },
  { "closed-at",       "closed_at",       MC_FIELD_DATE,      MC_FIELD_FLAG_FIXED, N_("Closed on") },
  { "close-reason",    "close_reason",    MC_FIELD_TEXT,      MC_FIELD_FLAG_FIXED | MC_FIELD_FLAG_NAME, N_("Why the case was closed") },
  { "close-note",      "close_note",      MC_FIELD_TEXT,      MC_FIELD_FLAG_FIXED, N_("Note on closing") },
  { "closed-by",       "closed_by",       MC_FIELD_TEXT,      MC_FIELD_FLAG_FIXED | MC_FIELD_FLAG_NAME, N_("Closed by") },
  { "linked-case-id",  "linked_case_id",  MC_FIELD_INTEGER,   MC_FIELD_FLAG_NONE },
  /* Veilig Thuis's form: ondersteunend netwerk, overige informatie, each
   * with its "niet voor de familie" mark (store schema 9). */
  { "support-network",                  "support_network",                  MC_FIELD_TEXT,    MC_FIELD_FLAG_NONE, N_("Support network") },
  { "support-network-not-for-family",   "support_network_not_for_family",   MC_FIELD_BOOLEAN, MC_FIELD_FLAG_NONE, N_("Support network not for the family") },
  { "other-information",                "other_information",                MC_FIELD_TEXT,    MC_FIELD_FLAG_NONE, N_("Other information") },
  { "other-information-not-for-family", "other_information_not_for_family", MC_FIELD_BOOLEAN, MC_FIELD_FLAG_NONE, N_("Other information not for the family") },
};

const GType *
mc_case_get_child_types (guint *n_types)
{
  static GType types[N_CHILDREN];
  static gsize initialized;

  g_return_val_if_fail (n_types != NULL, NULL);

  if (g_once_init_enter (&initialized))
    {
      types[CHILD_PEOPLE] = MC_TYPE_PERSON;
      types[CHILD_SIGNALS] = MC_TYPE_SIGNAL;
      types[CHILD_CHECKLIST_ANSWERS] = MC_TYPE_CHECKLIST_ANSWER;
      types[CHILD_CONSULTATIONS] = MC_TYPE_CONSULTATION;
      types[CHILD_CONVERSATIONS] = MC_TYPE_CONVERSATION;
      types[CHILD_WEIGHING] = MC_TYPE_WEIGHING;
      types[CHILD_AFWEGING_ANSWERS] = MC_TYPE_AFWEGING_ANSWER;
      types[CHILD_DECISION] = MC_TYPE_DECISION;
      types[CHILD_NORM_OVERRIDES] = MC_TYPE_NORM_OVERRIDE;
      types[CHILD_FOLLOW_UPS] = MC_TYPE_FOLLOW_UP;
      g_once_init_leave (&initialized, 1);
    }

  *n_types = N_CHILDREN;
  return types;
}

static int
child_index (GType record_type)
{
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);

  for (guint i = 0; i < n_types; i++)
    if (types[i] == record_type)
      return i;

  return -1;
}

static void
mc_case_dispose (GObject *object)
{
  McCase *self = MC_CASE (object);

  for (guint i = 0; i < N_CHILDREN; i++)
    g_clear_object (&self->children[i]);

  G_OBJECT_CLASS (mc_case_parent_class)->dispose (object);
}

static void
mc_case_class_init (McCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  mc_record_class_install_fields (MC_RECORD_CLASS (klass), "cases",
                                  case_fields, G_N_ELEMENTS (case_fields));
  object_class->dispose = mc_case_dispose;
}

static void
mc_case_init (McCase *self)
{
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);

  for (guint i = 0; i < n_types; i++)
    self->children[i] = g_list_store_new (types[i]);
}

McCase *
mc_case_new (void)
{
  return g_object_new (MC_TYPE_CASE, NULL);
}

GListModel *
mc_case_get_children (McCase *self,
                      GType   record_type)
{
  int index;

  g_return_val_if_fail (MC_IS_CASE (self), NULL);

  index = child_index (record_type);
  g_return_val_if_fail (index >= 0, NULL);

  return G_LIST_MODEL (self->children[index]);
}

GListModel *
mc_case_get_people (McCase *self)
{
  return mc_case_get_children (self, MC_TYPE_PERSON);
}

GListModel *
mc_case_get_signals (McCase *self)
{
  return mc_case_get_children (self, MC_TYPE_SIGNAL);
}

GListModel *
mc_case_get_checklist_answers (McCase *self)
{
  return mc_case_get_children (self, MC_TYPE_CHECKLIST_ANSWER);
}

GListModel *
mc_case_get_consultations (McCase *self)
{
  return mc_case_get_children (self, MC_TYPE_CONSULTATION);
}

GListModel *
mc_case_get_conversations (McCase *self)
{
  return mc_case_get_children (self, MC_TYPE_CONVERSATION);
}

GListModel *
mc_case_get_afweging_answers (McCase *self)
{
  return mc_case_get_children (self, MC_TYPE_AFWEGING_ANSWER);
}

GListModel *
mc_case_get_follow_ups (McCase *self)
{
  return mc_case_get_children (self, MC_TYPE_FOLLOW_UP);
}

GListModel *
mc_case_get_decisions (McCase *self)
{
  return mc_case_get_children (self, MC_TYPE_DECISION);
}

GListModel *
mc_case_get_norm_overrides (McCase *self)
{
  return mc_case_get_children (self, MC_TYPE_NORM_OVERRIDE);
}

gboolean
mc_case_is_closed (McCase *self)
{
  g_return_val_if_fail (MC_IS_CASE (self), FALSE);

  return g_strcmp0 (mc_record_get_string (MC_RECORD (self), "status"), "closed") == 0;
}

/* The item of @model at @position; the list holds a reference for the life
 * of the case (or until the record is removed), so it is returned
 * borrowed. */
static gpointer
borrow_item (GListModel *model,
             guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  return item;
}

static guint
record_round (gpointer record)
{
  return (guint) CLAMP (mc_record_get_integer (record, "round"), 0, G_MAXUINT);
}

guint
mc_case_get_current_round (McCase *self)
{
  GListModel *decisions;
  guint n_items;

  g_return_val_if_fail (MC_IS_CASE (self), 1);

  /* Kept in order of their round (see mc_case_add_child()). */
  decisions = G_LIST_MODEL (self->children[CHILD_DECISION]);
  n_items = g_list_model_get_n_items (decisions);
  if (n_items == 0)
    return 1;
  return MAX (record_round (borrow_item (decisions, n_items - 1)), 1);
}

McDecision *
mc_case_get_round_decision (McCase *self,
                            guint   round)
{
  GListModel *decisions;
  guint n_items;

  g_return_val_if_fail (MC_IS_CASE (self), NULL);
  g_return_val_if_fail (round >= 1, NULL);

  decisions = G_LIST_MODEL (self->children[CHILD_DECISION]);
  n_items = g_list_model_get_n_items (decisions);
  for (guint i = 0; i < n_items; i++)
    {
      McDecision *decision = borrow_item (decisions, i);

      if (record_round (decision) == round)
        return decision;
    }

  return NULL;
}

McWeighing *
mc_case_get_weighing (McCase *self)
{
  GListModel *model;
  g_autoptr(McWeighing) weighing = NULL;

  g_return_val_if_fail (MC_IS_CASE (self), NULL);

  model = G_LIST_MODEL (self->children[CHILD_WEIGHING]);
  if (g_list_model_get_n_items (model) > 0)
    return borrow_item (model, 0);

  weighing = mc_weighing_new (mc_record_get_id (MC_RECORD (self)));
  g_list_store_append (self->children[CHILD_WEIGHING], weighing);
  return weighing;
}

McDecision *
mc_case_get_decision (McCase *self)
{
  guint round;
  McDecision *current;
  g_autoptr(McDecision) decision = NULL;

  g_return_val_if_fail (MC_IS_CASE (self), NULL);

  round = mc_case_get_current_round (self);
  if ((current = mc_case_get_round_decision (self, round)) != NULL)
    return current;

  /* A round after the first starts with its decision row
   * (mc_store_start_round()), so this is round 1 without a decision yet. */
  decision = mc_decision_new (mc_record_get_id (MC_RECORD (self)));
  mc_record_set_integer (MC_RECORD (decision), "round", round);
  mc_case_add_child (self, MC_RECORD (decision));
  return decision;
}

static McRecord *
find_by_key (McCase     *self,
             guint       index,
             const char *field,
             const char *key)
{
  GListModel *model = G_LIST_MODEL (self->children[index]);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(McRecord) record = g_list_model_get_item (model, i);

      if (g_strcmp0 (mc_record_get_string (record, field), key) == 0)
        return record;
    }

  return NULL;
}

McChecklistAnswer *
mc_case_find_checklist_answer (McCase     *self,
                               const char *item_id)
{
  g_return_val_if_fail (MC_IS_CASE (self), NULL);
  g_return_val_if_fail (item_id != NULL, NULL);

  return (McChecklistAnswer *) find_by_key (self, CHILD_CHECKLIST_ANSWERS, "item-id", item_id);
}

/* The record of a round-scoped list with @field = @key in @round. */
static McRecord *
find_in_round (McCase     *self,
               guint       index,
               guint       round,
               const char *field,
               const char *key)
{
  GListModel *model = G_LIST_MODEL (self->children[index]);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      McRecord *record = borrow_item (model, i);

      if (record_round (record) == round && g_strcmp0 (mc_record_get_string (record, field), key) == 0)
        return record;
    }

  return NULL;
}

McAfwegingAnswer *
mc_case_find_round_afweging_answer (McCase     *self,
                                    guint       round,
                                    const char *question_id)
{
  g_return_val_if_fail (MC_IS_CASE (self), NULL);
  g_return_val_if_fail (round >= 1, NULL);
  g_return_val_if_fail (question_id != NULL, NULL);

  return (McAfwegingAnswer *) find_in_round (self, CHILD_AFWEGING_ANSWERS, round, "question-id", question_id);
}

McAfwegingAnswer *
mc_case_find_afweging_answer (McCase     *self,
                              const char *question_id)
{
  g_return_val_if_fail (MC_IS_CASE (self), NULL);
  g_return_val_if_fail (question_id != NULL, NULL);

  return mc_case_find_round_afweging_answer (self, mc_case_get_current_round (self), question_id);
}

McNormOverride *
mc_case_find_norm_override (McCase     *self,
                            guint       round,
                            const char *rule_id)
{
  g_return_val_if_fail (MC_IS_CASE (self), NULL);
  g_return_val_if_fail (round >= 1, NULL);
  g_return_val_if_fail (rule_id != NULL, NULL);

  return (McNormOverride *) find_in_round (self, CHILD_NORM_OVERRIDES, round, "rule-id", rule_id);
}

/* One decision per round, in the order of the rounds: a decision replaces
 * the one of its round. */
static void
add_decision (McCase   *self,
              McRecord *decision)
{
  GListModel *decisions = G_LIST_MODEL (self->children[CHILD_DECISION]);
  guint round = record_round (decision);
  guint n_items = g_list_model_get_n_items (decisions);
  guint position = n_items;

  for (guint i = 0; i < n_items; i++)
    {
      guint other = record_round (borrow_item (decisions, i));

      if (other == round)
        {
          g_list_store_splice (self->children[CHILD_DECISION], i, 1, (gpointer *) &decision, 1);
          return;
        }
      if (other > round)
        {
          position = i;
          break;
        }
    }

  g_list_store_insert (self->children[CHILD_DECISION], position, decision);
}

void
mc_case_add_child (McCase   *self,
                   McRecord *record)
{
  int index;

  g_return_if_fail (MC_IS_CASE (self));
  g_return_if_fail (MC_IS_RECORD (record));

  index = child_index (G_OBJECT_TYPE (record));
  g_return_if_fail (index >= 0);

  mc_record_set_case_id (record, mc_record_get_id (MC_RECORD (self)));

  /* What belongs to a round and does not say which belongs to the
   * current one, as the store would make it. */
  if ((index == CHILD_DECISION || index == CHILD_AFWEGING_ANSWERS || index == CHILD_NORM_OVERRIDES)
      && record_round (record) == 0)
    mc_record_set_integer (record, "round", mc_case_get_current_round (self));

  /* A case has one weighing: a new one replaces it. */
  if (index == CHILD_WEIGHING && g_list_model_get_n_items (G_LIST_MODEL (self->children[index])) > 0)
    g_list_store_splice (self->children[index], 0, 1, (gpointer *) &record, 1);
  else if (index == CHILD_DECISION)
    add_decision (self, record);
  else
    g_list_store_append (self->children[index], record);
}

gboolean
mc_case_remove_child (McCase   *self,
                      McRecord *record)
{
  guint position;
  int index;

  g_return_val_if_fail (MC_IS_CASE (self), FALSE);
  g_return_val_if_fail (MC_IS_RECORD (record), FALSE);

  index = child_index (G_OBJECT_TYPE (record));
  g_return_val_if_fail (index >= 0, FALSE);

  if (!g_list_store_find (self->children[index], record, &position))
    return FALSE;
  g_list_store_remove (self->children[index], position);
  return TRUE;
}
