/* mc-report-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-report-import"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-dates.h"
#include "mc-report-builder.h"
#include "mc-report-import.h"

/* Names as people compare them: case and the way accents are encoded do
 * not make another client. */
static char *
name_key (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  g_autofree char *normal = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (normal != NULL ? normal : stripped, -1);
}

static gboolean
find_same_case (McStore     *store,
                const char  *number,
                const char  *client_name,
                gboolean    *found,
                GError     **error)
{
  g_autoptr(GListModel) cases = NULL;
  g_autofree char *key = NULL;

  *found = FALSE;
  if (number == NULL || *number == '\0' || client_name == NULL)
    return TRUE;

  if ((cases = mc_store_list_cases (store, MC_CASE_FILTER_ALL, number, error)) == NULL)
    return FALSE;

  key = name_key (client_name);
  for (guint i = 0; i < g_list_model_get_n_items (cases) && !*found; i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (cases, i);
      g_autofree char *other = name_key (mc_case_summary_get_client_name (summary));

      *found = g_strcmp0 (mc_case_summary_get_number (summary), number) == 0
               && g_strcmp0 (other, key) == 0;
    }

  return TRUE;
}

/* What an import changes on @case_, to put back when it fails: the store
 * numbers a case, starts rounds with decisions of its own, closes a case. */
typedef struct
{
  GPtrArray *decisions;       /* the case's own McDecision, one per round */
  char      *number;
  char      *status;
  char      *closed_at;
  char      *close_reason;
  char      *close_note;
  char      *closed_by;
} Snapshot;

static void
snapshot_take (Snapshot *snapshot,
               McCase   *case_)
{
  GListModel *decisions = mc_case_get_decisions (case_);
  McRecord *record = MC_RECORD (case_);

  snapshot->decisions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (decisions); i++)
    g_ptr_array_add (snapshot->decisions, g_list_model_get_item (decisions, i));
  snapshot->number = g_strdup (mc_record_get_string (record, "number"));
  snapshot->status = g_strdup (mc_record_get_string (record, "status"));
  snapshot->closed_at = g_strdup (mc_record_get_string (record, "closed-at"));
  snapshot->close_reason = g_strdup (mc_record_get_string (record, "close-reason"));
  snapshot->close_note = g_strdup (mc_record_get_string (record, "close-note"));
  snapshot->closed_by = g_strdup (mc_record_get_string (record, "closed-by"));
}

static void
snapshot_clear (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->decisions, g_ptr_array_unref);
  g_clear_pointer (&snapshot->number, g_free);
  g_clear_pointer (&snapshot->status, g_free);
  g_clear_pointer (&snapshot->closed_at, g_free);
  g_clear_pointer (&snapshot->close_reason, g_free);
  g_clear_pointer (&snapshot->close_note, g_free);
  g_clear_pointer (&snapshot->closed_by, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Snapshot, snapshot_clear)

static void
set_closing (McCase     *case_,
             const char *status,
             const char *closed_at,
             const char *close_reason,
             const char *close_note,
             const char *closed_by)
{
  McRecord *record = MC_RECORD (case_);

  mc_record_set_string (record, "status", status);
  mc_record_set_string (record, "closed-at", closed_at);
  mc_record_set_string (record, "close-reason", close_reason);
  mc_record_set_string (record, "close-note", close_note);
  mc_record_set_string (record, "closed-by", closed_by);
}

/* @case_ as it was before a failed import: no ids, its own decisions and
 * closing, the number it came with. */
static void
restore (McCase         *case_,
         const Snapshot *snapshot)
{
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      GListModel *children = mc_case_get_children (case_, types[t]);

      for (guint i = 0; i < g_list_model_get_n_items (children); i++)
        {
          g_autoptr(McRecord) child = g_list_model_get_item (children, i);

          mc_record_set_id (child, 0);
          mc_record_set_case_id (child, 0);
          if (g_object_get_data (G_OBJECT (child), MC_REPORT_CONVERSATION_PERSON_KEY) != NULL)
            mc_record_set_integer (child, "person-id", 0);
        }
    }
  mc_record_set_id (MC_RECORD (case_), 0);
  mc_record_set_case_id (MC_RECORD (case_), 0);

  for (guint i = 0; i < snapshot->decisions->len; i++)
    {
      McRecord *decision = g_ptr_array_index (snapshot->decisions, i);

      mc_record_set_id (decision, 0);
      mc_record_set_string (decision, "sealed-at", NULL);
      /* Replaces one the store started in its place. */
      mc_case_add_child (case_, decision);
    }

  mc_record_set_string (MC_RECORD (case_), "number", snapshot->number);
  set_closing (case_, snapshot->status, snapshot->closed_at, snapshot->close_reason,
               snapshot->close_note, snapshot->closed_by);
}

static guint
record_round (McRecord *record)
{
  return (guint) MAX (mc_record_get_integer (record, "round"), 0);
}

static McRecord *
snapshot_decision (const Snapshot *snapshot,
                   guint           round)
{
  for (guint i = 0; i < snapshot->decisions->len; i++)
    {
      McRecord *decision = g_ptr_array_index (snapshot->decisions, i);

      if (record_round (decision) == round)
        return decision;
    }
  return NULL;
}

/* The rounds to store: every round a decision, answer or override of the
 * case names. */
static guint
count_rounds (McCase         *case_,
              const Snapshot *snapshot)
{
  const GType types[] = { MC_TYPE_AFWEGING_ANSWER, MC_TYPE_NORM_OVERRIDE };
  guint n_rounds = 1;

  for (guint i = 0; i < snapshot->decisions->len; i++)
    n_rounds = MAX (n_rounds, record_round (g_ptr_array_index (snapshot->decisions, i)));
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      GListModel *children = mc_case_get_children (case_, types[t]);

      for (guint i = 0; i < g_list_model_get_n_items (children); i++)
        {
          g_autoptr(McRecord) child = g_list_model_get_item (children, i);

          n_rounds = MAX (n_rounds, record_round (child));
        }
    }

  return n_rounds;
}

static gboolean
is_round_type (GType type)
{
  return type == MC_TYPE_DECISION || type == MC_TYPE_AFWEGING_ANSWER || type == MC_TYPE_NORM_OVERRIDE;
}

/* The round's answers and overrides; without a round, the last. */
static gboolean
insert_round_children (McStore  *store,
                       McCase   *case_,
                       guint     round,
                       guint     n_rounds,
                       GError  **error)
{
  const GType types[] = { MC_TYPE_AFWEGING_ANSWER, MC_TYPE_NORM_OVERRIDE };
  gint64 case_id = mc_record_get_id (MC_RECORD (case_));

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      GListModel *children = mc_case_get_children (case_, types[t]);

      for (guint i = 0; i < g_list_model_get_n_items (children); i++)
        {
          g_autoptr(McRecord) child = g_list_model_get_item (children, i);
          guint child_round = record_round (child);

          if (child_round != round && !(child_round == 0 && round == n_rounds))
            continue;
          mc_record_set_case_id (child, case_id);
          if (!mc_store_insert (store, child, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* A later round is started as the store starts one (sealing the round
 * before it), and its decision is then filled in field by field. */
static gboolean
start_round (McStore   *store,
             McCase    *case_,
             guint      round,
             McRecord  *decision,
             GError   **error)
{
  McRecord *started;
  const McField *fields;
  guint n_fields;

  if (!mc_store_start_round (store, case_,
                             decision != NULL ? mc_record_get_string (decision, "kind") : NULL,
                             error))
    return FALSE;
  if (decision == NULL)
    return TRUE;

  started = MC_RECORD (mc_case_get_round_decision (case_, round));
  g_assert (started != NULL);
  fields = mc_record_class_get_fields (MC_RECORD_GET_CLASS (decision), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *text = NULL;

      if (fields[i].flags & (MC_FIELD_FLAG_FIXED | MC_FIELD_FLAG_CREATED | MC_FIELD_FLAG_UPDATED))
        continue;
      if ((text = mc_record_dup_field_text (decision, &fields[i])) == NULL)
        continue;
      mc_record_set_field_text (started, &fields[i], text);
      if (!mc_store_update_field (store, started, fields[i].name, error))
        return FALSE;
    }

  return TRUE;
}

/* Inside the batch. With @open_first, the case is stored open and closed
 * at the end (see mc_store_import_case()). *@closed_refused says that the
 * store would not start a round of the case because it is closed. */
typedef struct
{
  const char   *detail;
  McImportFunc  inside;
  gpointer      user_data;
} ImportExtra;

static gboolean
insert_all (McStore            *store,
            McCase             *case_,
            const Snapshot     *snapshot,
            const ImportExtra  *extra,
            gboolean            open_first,
            gboolean           *closed_refused,
            GError            **error)
{
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);
  gboolean closed = g_strcmp0 (snapshot->status, "closed") == 0;
  guint n_rounds = count_rounds (case_, snapshot);
  gint64 case_id;

  *closed_refused = FALSE;
  if (open_first)
    set_closing (case_, "open", NULL, NULL, NULL, NULL);
  if (!mc_store_insert (store, MC_RECORD (case_), error))
    return FALSE;
  case_id = mc_record_get_id (MC_RECORD (case_));

  for (guint t = 0; t < n_types; t++)
    {
      GListModel *children = mc_case_get_children (case_, types[t]);

      if (is_round_type (types[t]))
        continue;
      for (guint i = 0; i < g_list_model_get_n_items (children); i++)
        {
          g_autoptr(McRecord) child = g_list_model_get_item (children, i);
          McRecord *person = g_object_get_data (G_OBJECT (child), MC_REPORT_CONVERSATION_PERSON_KEY);

          /* People come before conversations. */
          if (person != NULL)
            mc_record_set_integer (child, "person-id", mc_record_get_id (person));
          mc_record_set_case_id (child, case_id);
          if (!mc_store_insert (store, child, error))
            return FALSE;
        }
    }

  /* In order: a round is sealed when the next starts, and a sealed round
   * takes nothing more. */
  for (guint round = 1; round <= n_rounds; round++)
    {
      McRecord *decision = snapshot_decision (snapshot, round);

      if (round == 1 && decision != NULL)
        {
          mc_record_set_case_id (decision, case_id);
          if (!mc_store_insert (store, decision, error))
            return FALSE;
        }
      else if (round > 1 && !start_round (store, case_, round, decision, error))
        {
          *closed_refused = closed && !open_first
                            && g_error_matches (*error, MC_STORE_ERROR, MC_STORE_ERROR_READ_ONLY);
          return FALSE;
        }
      if (!insert_round_children (store, case_, round, n_rounds, error))
        return FALSE;
    }

  if (open_first && closed)
    {
      GDate on;

      g_date_clear (&on, 1);
      if (!mc_store_close_case (store, case_, snapshot->close_reason, snapshot->close_note,
                                mc_date_from_iso8601 (snapshot->closed_at, &on) ? &on : NULL,
                                error))
        return FALSE;
    }

  if (extra->inside != NULL && !extra->inside (store, case_id, extra->user_data, error))
    return FALSE;

  return mc_store_log_event (store, MC_AUDIT_EVENT_IMPORT, case_id,
                             extra->detail != NULL ? extra->detail
                                                   : mc_record_get_string (MC_RECORD (case_), "number"),
                             error);
}

static gboolean
import_batch (McStore            *store,
              McCase             *case_,
              const Snapshot     *snapshot,
              const ImportExtra  *extra,
              gboolean            open_first,
              gboolean           *closed_refused,
              GError            **error)
{
  *closed_refused = FALSE;
  if (!mc_store_begin_batch (store, error))
    return FALSE;
  if (!insert_all (store, case_, snapshot, extra, open_first, closed_refused, error))
    {
      mc_store_rollback_batch (store);
      restore (case_, snapshot);
      return FALSE;
    }
  if (!mc_store_commit_batch (store, error))
    {
      restore (case_, snapshot);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_store_import_case (McStore   *store,
                      McCase    *case_,
                      gboolean   allow_duplicate,
                      gint64    *out_id,
                      GError   **error)
{
  return mc_store_import_case_full (store, case_, allow_duplicate, NULL, NULL, NULL, out_id, error);
}

gboolean
mc_store_import_case_full (McStore       *store,
                           McCase        *case_,
                           gboolean       allow_duplicate,
                           const char    *detail,
                           McImportFunc   inside,
                           gpointer       user_data,
                           gint64        *out_id,
                           GError       **error)
{
  const ImportExtra extra = { detail, inside, user_data };
  g_auto(Snapshot) snapshot = { NULL, };
  g_autoptr(GError) local_error = NULL;
  const char *number;
  const char *client_name;
  gboolean found = FALSE;
  gboolean closed_refused = FALSE;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (MC_IS_CASE (case_), FALSE);
  g_return_val_if_fail (mc_record_get_id (MC_RECORD (case_)) == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  number = mc_record_get_string (MC_RECORD (case_), "number");
  client_name = mc_record_get_string (MC_RECORD (case_), "client-name");

  if (!allow_duplicate)
    {
      if (!find_same_case (store, number, client_name, &found, error))
        return FALSE;
      if (found)
        {
          /* Translators: the first %s is a case number, the second the
           * client's name. */
          g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS,
                       _("Case %s of %s is already in the store; importing it again makes a second copy."),
                       number, client_name);
          return FALSE;
        }
    }

  snapshot_take (&snapshot, case_);
  if (!import_batch (store, case_, &snapshot, &extra, FALSE, &closed_refused, &local_error))
    {
      /* A store that starts no round in a closed case, even one the batch
       * itself inserts: the case goes in open and is closed at the end, so
       * who closed it is whoever imports it. */
      if (!closed_refused)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
      if (!import_batch (store, case_, &snapshot, &extra, TRUE, &closed_refused, error))
        return FALSE;
    }

  if (out_id != NULL)
    *out_id = mc_record_get_id (MC_RECORD (case_));
  return TRUE;
}

gboolean
mc_store_log_export_variant (McStore     *store,
                             gint64       case_id,
                             const char  *format,
                             const char  *variant,
                             const char  *path,
                             GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Not translated: the trail reads the same whoever looks at it. */
  absolute = g_canonicalize_filename (path, NULL);
  if (variant != NULL)
    detail = g_strdup_printf ("%s %s %s", format, variant, absolute);
  else
    detail = g_strdup_printf ("%s %s", format, absolute);

  return mc_store_log_event (store, MC_AUDIT_EVENT_EXPORT, case_id, detail, error);
}

gboolean
mc_store_log_export (McStore     *store,
                     gint64       case_id,
                     const char  *format,
                     gboolean     anonymous,
                     const char  *path,
                     GError     **error)
{
  return mc_store_log_export_variant (store, case_id, format, anonymous ? "anonymous" : NULL,
                                      path, error);
}
