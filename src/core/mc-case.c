/* mc-case.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-case"

#include "config.h"

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
  { "number",          "number",          MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE },
  { "client-name",     "client_name",     MC_FIELD_TEXT,      MC_FIELD_FLAG_REQUIRED },
  { "client-number",   "client_number",   MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE },
  { "birth-date",      "birth_date",      MC_FIELD_DATE,      MC_FIELD_FLAG_NONE },
  { "status",          "status",          MC_FIELD_TEXT,      MC_FIELD_FLAG_NONE },
  { "suspected-forms", "suspected_forms", MC_FIELD_LINES,     MC_FIELD_FLAG_NONE },
  { "created-at",      "created_at",      MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_CREATED },
  { "updated-at",      "updated_at",      MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_UPDATED },
  { "closed-at",       "closed_at",       MC_FIELD_TIMESTAMP, MC_FIELD_FLAG_NONE },
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

/* The record of a one-per-case type, made and added when there is none. */
static gpointer
get_single (McCase *self,
            guint   index)
{
  GListModel *model = G_LIST_MODEL (self->children[index]);
  g_autoptr(McRecord) record = NULL;

  if (g_list_model_get_n_items (model) > 0)
    {
      record = g_list_model_get_item (model, 0);
      /* The list holds a reference for the life of the case. */
      return record;
    }

  record = g_object_new (g_list_model_get_item_type (model),
                         "case-id", mc_record_get_id (MC_RECORD (self)),
                         NULL);
  g_list_store_append (self->children[index], record);
  return record;
}

McWeighing *
mc_case_get_weighing (McCase *self)
{
  g_return_val_if_fail (MC_IS_CASE (self), NULL);

  return get_single (self, CHILD_WEIGHING);
}

McDecision *
mc_case_get_decision (McCase *self)
{
  g_return_val_if_fail (MC_IS_CASE (self), NULL);

  return get_single (self, CHILD_DECISION);
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

McAfwegingAnswer *
mc_case_find_afweging_answer (McCase     *self,
                              const char *question_id)
{
  g_return_val_if_fail (MC_IS_CASE (self), NULL);
  g_return_val_if_fail (question_id != NULL, NULL);

  return (McAfwegingAnswer *) find_by_key (self, CHILD_AFWEGING_ANSWERS, "question-id", question_id);
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
  /* A case has one weighing and one decision: a new one replaces it. */
  if ((index == CHILD_WEIGHING || index == CHILD_DECISION)
      && g_list_model_get_n_items (G_LIST_MODEL (self->children[index])) > 0)
    g_list_store_splice (self->children[index], 0, 1, (gpointer *) &record, 1);
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
