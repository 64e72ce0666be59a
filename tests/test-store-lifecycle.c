/* test-store-lifecycle.c: closing and reopening a case, decision rounds,
 * and schema version 4 on a store made by 0.1.0
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "mc-report-builder.h"
#include "mc-report-xml.h"
#include "mc-store.h"
#include "mc-store-private.h"
#include "mc-store-schema.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"

typedef struct
{
  char    *tmp;
  McStore *store;
  guint    n_changed;
} Fixture;

static void
on_changed (McStore *store,
            gint64   case_id,
            Fixture *fixture)
{
  fixture->n_changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *recovery_key = NULL;

  fixture->tmp = g_dir_make_tmp ("meldcode-lifecycle-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (fixture->tmp, "store", NULL);
  fixture->store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
  mc_store_set_actor (fixture->store, "Eva de Wit", "Begeleider", NULL);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->store != NULL)
    {
      g_assert_true (mc_store_close (fixture->store, &error));
      g_assert_no_error (error);
      g_clear_object (&fixture->store);
    }
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
}

/* Helpers */

static McCase *
insert_case (Fixture    *fixture,
             const char *client_name)
{
  g_autoptr(GError) error = NULL;
  McCase *kase = mc_case_new ();

  mc_record_set_string (MC_RECORD (kase), "client-name", client_name);
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  return kase;
}

/* A record of @type for @kase, with its required fields set. */
static McRecord *
new_child (McCase *kase,
           GType   type,
           guint   serial)
{
  McRecord *record = g_object_new (type, "case-id", mc_record_get_id (MC_RECORD (kase)), NULL);
  g_autofree char *key = g_strdup_printf ("key-%u", serial);

  if (MC_IS_CHECKLIST_ANSWER (record))
    mc_record_set_string (record, "item-id", key);
  else if (MC_IS_AFWEGING_ANSWER (record))
    mc_record_set_string (record, "question-id", key);
  else if (MC_IS_NORM_OVERRIDE (record))
    {
      mc_record_set_string (record, "rule-id", key);
      mc_record_set_string (record, "reason", "Veilig Thuis is al betrokken.");
    }
  return record;
}

/* Stores @record and adds it to @kase, as the case page does. */
static void
add (Fixture  *fixture,
     McCase   *kase,
     McRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_insert (fixture->store, record, &error));
  g_assert_no_error (error);
  mc_case_add_child (kase, record);
}

static void
set_text (Fixture    *fixture,
          McRecord   *record,
          const char *property,
          const char *value)
{
  g_autoptr(GError) error = NULL;

  mc_record_set_string (record, property, value);
  g_assert_true (mc_store_update_field (fixture->store, record, property, &error));
  g_assert_no_error (error);
}

static void
set_answer (Fixture    *fixture,
            McRecord   *record,
            const char *property,
            McAnswer    value)
{
  g_autoptr(GError) error = NULL;

  mc_record_set_answer (record, property, value);
  g_assert_true (mc_store_update_field (fixture->store, record, property, &error));
  g_assert_no_error (error);
}

/* A case with what the steps up to @last_step record. */
static McCase *
insert_case_up_to (Fixture *fixture,
                   guint    last_step)
{
  g_autofree char *name = g_strdup_printf ("Cliënt tot stap %u", last_step);
  McCase *kase = insert_case (fixture, name);
  g_autoptr(McRecord) person = new_child (kase, MC_TYPE_PERSON, 0);

  mc_record_set_string (person, "name", "Rick Smits");
  mc_record_set_string (person, "role", "parent-with-gezag");
  add (fixture, kase, person);
  {
    g_autoptr(McRecord) signal = new_child (kase, MC_TYPE_SIGNAL, 0);
    g_autoptr(McRecord) check = new_child (kase, MC_TYPE_CHECKLIST_ANSWER, 1);

    mc_record_set_string (signal, "description", "Blauwe plek op de arm.");
    mc_record_set_string (signal, "nature", "interpretation");
    mc_record_set_string (signal, "status", "open");
    add (fixture, kase, signal);
    mc_record_set_string (check, "value", "yes");
    add (fixture, kase, check);
  }
  if (last_step >= 2)
    {
      g_autoptr(McRecord) consultation = new_child (kase, MC_TYPE_CONSULTATION, 0);

      mc_record_set_string (consultation, "advice", "Gesprek voeren.");
      add (fixture, kase, consultation);
    }
  if (last_step >= 3)
    {
      g_autoptr(McRecord) conversation = new_child (kase, MC_TYPE_CONVERSATION, 0);

      mc_record_set_string (conversation, "held-on", "2026-10-22");
      mc_record_set_integer (conversation, "person-id", mc_record_get_id (person));
      add (fixture, kase, conversation);
    }
  if (last_step >= 4)
    set_answer (fixture, MC_RECORD (mc_case_get_weighing (kase)), "acute", MC_ANSWER_NO);
  if (last_step >= 5)
    {
      g_autoptr(McRecord) answer = new_child (kase, MC_TYPE_AFWEGING_ANSWER, 1);
      g_autoptr(McRecord) norm_override = new_child (kase, MC_TYPE_NORM_OVERRIDE, 1);
      g_autoptr(McRecord) follow_up = new_child (kase, MC_TYPE_FOLLOW_UP, 0);

      mc_record_set_answer (answer, "answer", MC_ANSWER_YES);
      add (fixture, kase, answer);
      set_answer (fixture, MC_RECORD (mc_case_get_decision (kase)), "report-needed", MC_ANSWER_NO);
      add (fixture, kase, norm_override);
      mc_record_set_string (follow_up, "description", "Evaluatie met het wijkteam.");
      add (fixture, kase, follow_up);
    }

  return kase;
}

/* How many rows @sql gives (SQLite 3.15 has no pragma functions to count
 * with). */
static gint64
count_result_rows (sqlite3    *db,
                   const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    n++;
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return n;
}

static guint
count_listed (Fixture      *fixture,
              McCaseFilter  filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cases = mc_store_list_cases (fixture->store, filter, NULL, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (cases);
}

/* The case as stored, every record serialized: to see that nothing
 * changed. */
static char *
dump_case (Fixture *fixture,
           gint64   case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCase) kase = mc_store_load_case (fixture->store, case_id, &error);
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);
  GString *out = g_string_new (NULL);
  g_autofree char *own = NULL;

  g_assert_no_error (error);
  own = mc_record_serialize (MC_RECORD (kase));
  g_string_append (out, own);
  for (guint t = 0; t < n_types; t++)
    {
      GListModel *children = mc_case_get_children (kase, types[t]);

      for (guint i = 0; i < g_list_model_get_n_items (children); i++)
        {
          g_autoptr(McRecord) child = g_list_model_get_item (children, i);
          g_autofree char *text = mc_record_serialize (child);

          g_string_append_printf (out, "%s\n%s", G_OBJECT_TYPE_NAME (child), text);
        }
    }

  return g_string_free (out, FALSE);
}

static gint64
audit_rows (Fixture *fixture)
{
  return mc_test_raw_int (mc_store_get_connection (fixture->store), "SELECT count(*) FROM audit_log");
}

static void
assert_read_only (GError     *error,
                  const char *message)
{
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_READ_ONLY);
  g_assert_cmpstr (error->message, ==, message);
}

#define CASE_CLOSED "This case is closed. Reopen it to change it."
#define ROUND_SEALED "This decision round is closed. Earlier rounds cannot be changed."

/* Every change to a closed case is refused, and leaves it as it was. */
static void
assert_case_refuses_changes (Fixture *fixture,
                             McCase  *kase)
{
  gint64 case_id = mc_record_get_id (MC_RECORD (kase));
  g_autofree char *before = dump_case (fixture, case_id);
  g_autofree char *after = NULL;
  gint64 n_audit = audit_rows (fixture);
  guint n_changed = fixture->n_changed;
  guint n_types;
  const GType *types = mc_case_get_child_types (&n_types);
  guint n_tried = 0;

  for (guint t = 0; t < n_types; t++)
    {
      GListModel *children = mc_case_get_children (kase, types[t]);
      g_autoptr(McRecord) added = new_child (kase, types[t], 99);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s of a closed case", g_type_name (types[t]));
      g_assert_false (mc_store_insert (fixture->store, added, &error));
      assert_read_only (error, CASE_CLOSED);
      g_clear_error (&error);
      g_assert_cmpint (mc_record_get_id (added), ==, 0);

      for (guint i = 0; i < g_list_model_get_n_items (children); i++)
        {
          g_autoptr(McRecord) child = g_list_model_get_item (children, i);
          McRecordClass *klass = MC_RECORD_GET_CLASS (child);
          guint n_fields;
          const McField *fields = mc_record_class_get_fields (klass, &n_fields);

          if (mc_record_get_id (child) == 0)
            continue;
          for (guint f = 0; f < n_fields; f++)
            {
              if (fields[f].flags & (MC_FIELD_FLAG_CREATED | MC_FIELD_FLAG_UPDATED | MC_FIELD_FLAG_FIXED))
                continue;
              switch (fields[f].kind)
                {
                case MC_FIELD_TEXT:
                  mc_record_set_string (child, fields[f].name,
                                        strcmp (fields[f].name, "state") == 0 ? "not-done" : "veranderd");
                  break;
                case MC_FIELD_DATE:
                  mc_record_set_string (child, fields[f].name, "2027-01-01");
                  break;
                case MC_FIELD_BOOLEAN:
                  mc_record_set_boolean (child, fields[f].name, !mc_record_get_boolean (child, fields[f].name));
                  break;
                case MC_FIELD_ANSWER:
                  mc_record_set_answer (child, fields[f].name, MC_ANSWER_YES);
                  break;
                case MC_FIELD_LINES:
                case MC_FIELD_INTEGER:
                case MC_FIELD_TIMESTAMP:
                default:
                  continue;
                }
              g_assert_false (mc_store_update_field (fixture->store, child, fields[f].name, &error));
              assert_read_only (error, CASE_CLOSED);
              g_clear_error (&error);
            }

          g_assert_false (mc_store_delete (fixture->store, child, &error));
          assert_read_only (error, CASE_CLOSED);
          g_clear_error (&error);
          n_tried++;
        }
    }
  g_assert_cmpuint (n_tried, >, 0);

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *name = g_strdup (mc_record_get_string (MC_RECORD (kase), "client-name"));

    mc_record_set_string (MC_RECORD (kase), "client-name", "Andere naam");
    g_assert_false (mc_store_update_field (fixture->store, MC_RECORD (kase), "client-name", &error));
    assert_read_only (error, CASE_CLOSED);
    mc_record_set_string (MC_RECORD (kase), "client-name", name);
  }

  after = dump_case (fixture, case_id);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (audit_rows (fixture), ==, n_audit);
  g_assert_cmpuint (fixture->n_changed, ==, n_changed);
}

/* The newest history entries of @event, newest first. */
static GPtrArray *
entries_of (Fixture      *fixture,
            McCase       *kase,
            McAuditEvent  event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = mc_store_list_case_history (fixture->store, mc_record_get_id (MC_RECORD (kase)),
                                                         &error);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_history_entry_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      McHistoryEntry *entry = g_ptr_array_index (all, i);

      if (entry->event == event)
        g_ptr_array_add (found, mc_history_entry_ref (entry));
    }
  return found;
}

static char *
describe_newest (Fixture      *fixture,
                 McCase       *kase,
                 McAuditEvent  event,
                 McProtocol   *protocol)
{
  g_autoptr(GPtrArray) entries = entries_of (fixture, kase, event);

  g_assert_cmpuint (entries->len, >, 0);
  return mc_history_entry_describe_with_protocol (g_ptr_array_index (entries, 0), protocol);
}

/* Tests */

/* A case can be closed at any step, and reopened, and closed again; while
 * closed it does not change. */
static void
test_close_at_each_step (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(GError) error = NULL;
  const McProtocolItem *reason;

  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  reason = mc_protocol_lookup_close_reason (protocol, "worries-gone");
  g_assert_nonnull (reason);

  for (guint step = 1; step <= 5; step++)
    {
      g_autoptr(McCase) kase = insert_case_up_to (fixture, step);
      g_autoptr(McCase) loaded = NULL;
      g_autoptr(McRecord) again = NULL;
      g_autoptr(GPtrArray) closes = NULL;
      g_autoptr(GPtrArray) reopens = NULL;
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;
      gint64 case_id = mc_record_get_id (MC_RECORD (kase));
      guint n_changed;

      g_test_message ("Closed after step %u", step);
      n_changed = fixture->n_changed;
      g_assert_true (mc_store_close_case (fixture->store, kase, "worries-gone", NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (fixture->n_changed, ==, n_changed + 1);
      g_assert_true (mc_case_is_closed (kase));
      g_assert_cmpstr (mc_record_get_string (MC_RECORD (kase), "close-reason"), ==, "worries-gone");
      g_assert_null (mc_record_get_string (MC_RECORD (kase), "close-note"));
      g_assert_cmpstr (mc_record_get_string (MC_RECORD (kase), "closed-by"), ==, "Eva de Wit (Begeleider)");
      g_assert_nonnull (mc_record_get_string (MC_RECORD (kase), "closed-at"));

      loaded = mc_store_load_case (fixture->store, case_id, &error);
      g_assert_no_error (error);
      g_assert_true (mc_case_is_closed (loaded));
      g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "closed-at"), ==,
                       mc_record_get_string (MC_RECORD (kase), "closed-at"));
      g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "closed-by"), ==, "Eva de Wit (Begeleider)");

      assert_case_refuses_changes (fixture, kase);

      /* Reopened, with a note, it takes changes again. */
      g_assert_true (mc_store_reopen_case (fixture->store, kase, "Nieuwe signalen van school.", &error));
      g_assert_no_error (error);
      g_assert_false (mc_case_is_closed (kase));
      g_assert_null (mc_record_get_string (MC_RECORD (kase), "closed-at"));
      g_assert_null (mc_record_get_string (MC_RECORD (kase), "close-reason"));
      g_assert_null (mc_record_get_string (MC_RECORD (kase), "closed-by"));
      g_clear_object (&loaded);
      loaded = mc_store_load_case (fixture->store, case_id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (mc_record_get_string (MC_RECORD (loaded), "status"), ==, "open");
      g_assert_null (mc_record_get_string (MC_RECORD (loaded), "close-reason"));
      again = new_child (kase, MC_TYPE_SIGNAL, 0);
      mc_record_set_string (again, "description", "Weer een blauwe plek.");
      add (fixture, kase, again);

      /* And closes again, for another reason. */
      g_assert_true (mc_store_close_case (fixture->store, kase, "other", "Verhuisd naar het buitenland.", NULL,
                                          &error));
      g_assert_no_error (error);
      assert_case_refuses_changes (fixture, kase);

      /* The trail holds each, with its reason or note. */
      closes = entries_of (fixture, kase, MC_AUDIT_EVENT_CLOSE);
      reopens = entries_of (fixture, kase, MC_AUDIT_EVENT_REOPEN);
      g_assert_cmpuint (closes->len, ==, 2);
      g_assert_cmpuint (reopens->len, ==, 1);
      text = mc_history_entry_describe (g_ptr_array_index (closes, 1));
      g_assert_cmpstr (text, ==, "Case closed: worries-gone");
      g_free (text);
      text = mc_history_entry_describe_with_protocol (g_ptr_array_index (closes, 1), protocol);
      expected = g_strdup_printf ("Case closed: %s", reason->label);
      g_assert_cmpstr (text, ==, expected);
      g_free (text);
      text = mc_history_entry_describe_with_protocol (g_ptr_array_index (closes, 0), protocol);
      g_free (expected);
      expected = g_strdup_printf ("Case closed: %s (Verhuisd naar het buitenland.)",
                                  mc_protocol_lookup_close_reason (protocol, "other")->label);
      g_assert_cmpstr (text, ==, expected);
      g_free (text);
      text = mc_history_entry_describe (g_ptr_array_index (reopens, 0));
      g_assert_cmpstr (text, ==, "Case reopened: Nieuwe signalen van school.");
      g_free (text);
      /* The reopening keeps how the case had been closed. */
      text = mc_history_entry_dup_details (g_ptr_array_index (reopens, 0), protocol);
      g_assert_nonnull (strstr (text, reason->label));
      g_assert_nonnull (strstr (text, "Eva de Wit (Begeleider)"));
      g_assert_cmpstr (((McHistoryEntry *) g_ptr_array_index (closes, 0))->user_name, ==, "Eva de Wit");
    }

  g_assert_true (mc_store_verify_audit (fixture->store, NULL, &error));
  g_assert_no_error (error);
}

static void
test_close_rules (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case_up_to (fixture, 5);
  g_autoptr(McCase) other = insert_case_up_to (fixture, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) closed = NULL;
  GDate on;
  gint64 n_audit = audit_rows (fixture);

  /* A reason, and for "other" a note, or nothing happens. */
  g_assert_false (mc_store_close_case (fixture->store, kase, NULL, "x", NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_store_close_case (fixture->store, kase, " ", "x", NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_store_close_case (fixture->store, kase, "other", NULL, NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_store_close_case (fixture->store, kase, "other", " \n", NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_store_reopen_case (fixture->store, kase, "Open al", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_case_is_closed (kase));
  g_assert_cmpint (audit_rows (fixture), ==, n_audit);

  /* The status and the closing fields change only by closing. */
  mc_record_set_string (MC_RECORD (kase), "status", "closed");
  g_assert_false (mc_store_update_field (fixture->store, MC_RECORD (kase), "status", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  mc_record_set_string (MC_RECORD (kase), "status", "open");

  g_date_clear (&on, 1);
  g_date_set_dmy (&on, 1, G_DATE_DECEMBER, 2026);
  g_assert_true (mc_store_close_case (fixture->store, kase, "help-monitoring", "  Wijkteam volgt.  ", &on,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (kase), "closed-at"), ==, "2026-12-01");
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (kase), "close-note"), ==, "Wijkteam volgt.");

  /* Closed once; reopened only with a note. */
  g_assert_false (mc_store_close_case (fixture->store, kase, "worries-gone", NULL, NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_store_reopen_case (fixture->store, kase, NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_store_reopen_case (fixture->store, kase, "", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (mc_case_is_closed (kase));

  /* The list knows; a round cannot start in a closed case. */
  closed = mc_store_list_cases (fixture->store, MC_CASE_FILTER_CLOSED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (closed), ==, 1);
  g_assert_false (mc_store_start_round (fixture->store, kase, "evaluation", &error));
  assert_read_only (error, CASE_CLOSED);
  g_clear_error (&error);

  /* Deleting the whole case is not a change to it: a closed case goes
   * when its retention ends. */
  g_assert_true (mc_store_delete (fixture->store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  g_assert_null (mc_store_load_case (fixture->store, mc_record_get_id (MC_RECORD (kase)), &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (mc_store_verify_audit (fixture->store, NULL, &error));
  g_assert_no_error (error);
}

/* An import writes a closed case whole, in one batch; after it, the case
 * is closed like any other. */
static void
test_import_closed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(McCase) kase = mc_case_new ();
  g_autoptr(McRecord) signal = NULL;
  g_autoptr(McRecord) late = NULL;
  g_autoptr(GError) error = NULL;

  mc_record_set_string (MC_RECORD (kase), "client-name", "Uit een export");
  mc_record_set_string (MC_RECORD (kase), "status", "closed");
  g_assert_true (mc_store_begin_batch (fixture->store, &error));
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  signal = new_child (kase, MC_TYPE_SIGNAL, 0);
  mc_record_set_string (signal, "description", "Meegekomen met de casus.");
  add (fixture, kase, signal);
  g_assert_true (mc_store_commit_batch (fixture->store, &error));
  g_assert_no_error (error);

  late = new_child (kase, MC_TYPE_SIGNAL, 0);
  g_assert_false (mc_store_insert (fixture->store, late, &error));
  assert_read_only (error, CASE_CLOSED);
  g_clear_error (&error);

  /* Nor in a later batch. */
  g_assert_true (mc_store_begin_batch (fixture->store, &error));
  g_assert_false (mc_store_insert (fixture->store, late, &error));
  assert_read_only (error, CASE_CLOSED);
  g_clear_error (&error);
  mc_store_rollback_batch (fixture->store);
}

static void
assert_raw_refused (sqlite3    *db,
                    const char *sql)
{
  char *message = NULL;

  g_test_message ("%s", sql);
  /* The store's connection has extended result codes on. */
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, &message), ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpstr (message, ==, "sealed");
  sqlite3_free (message);
}

static void
test_rounds (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case_up_to (fixture, 4);
  g_autoptr(McCase) undecided = insert_case_up_to (fixture, 4);
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(McRecord) q1 = NULL;
  g_autoptr(McRecord) q5 = NULL;
  g_autoptr(McRecord) old_round = NULL;
  g_autoptr(McRecord) later_round = NULL;
  g_autoptr(McRecord) norm_override = NULL;
  g_autoptr(McRecord) first_decision = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GError) error = NULL;
  McRecord *decision;
  McRecord *second;
  gint64 case_id = mc_record_get_id (MC_RECORD (kase));
  g_autofree char *sql = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  sqlite3 *db = mc_store_get_connection (fixture->store);
  guint n_changed;

  /* Round 1, as every case before rounds had. */
  g_assert_cmpuint (mc_case_get_current_round (kase), ==, 1);
  g_assert_null (mc_case_get_round_decision (kase, 1));
  q1 = MC_RECORD (mc_afweging_answer_new (case_id));
  mc_record_set_string (q1, "question-id", "question-suspicion");
  mc_record_set_answer (q1, "answer", MC_ANSWER_YES);
  add (fixture, kase, q1);
  g_assert_cmpint (mc_record_get_integer (q1, "round"), ==, 1);
  g_assert_true (mc_case_find_afweging_answer (kase, "question-suspicion") == MC_AFWEGING_ANSWER (q1));
  decision = MC_RECORD (mc_case_get_decision (kase));
  g_assert_cmpint (mc_record_get_integer (decision, "round"), ==, 1);
  set_answer (fixture, decision, "help-possible", MC_ANSWER_YES);
  set_text (fixture, decision, "evaluation-on", "2027-01-15");
  g_assert_cmpstr (mc_record_get_string (decision, "kind"), ==, "first");
  g_assert_true (mc_case_get_round_decision (kase, 1) == MC_DECISION (decision));
  first_decision = g_object_ref (decision);

  /* What a round is, and that it needs a decision to follow. */
  g_assert_false (mc_store_start_round (fixture->store, kase, "later", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_store_start_round (fixture->store, undecided, "evaluation", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (mc_test_raw_int (db, "SELECT count(*) FROM decisions WHERE sealed_at IS NOT NULL"), ==, 0);

  /* Round 2: an evaluation. */
  n_changed = fixture->n_changed;
  g_assert_true (mc_store_start_round (fixture->store, kase, "evaluation", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_changed, ==, n_changed + 1);
  g_assert_cmpuint (mc_case_get_current_round (kase), ==, 2);
  g_assert_nonnull (mc_record_get_string (first_decision, "sealed-at"));
  second = MC_RECORD (mc_case_get_decision (kase));
  g_assert_true (second != first_decision);
  g_assert_cmpint (mc_record_get_id (second), >, 0);
  g_assert_cmpint (mc_record_get_integer (second, "round"), ==, 2);
  g_assert_cmpstr (mc_record_get_string (second, "kind"), ==, "evaluation");
  g_assert_null (mc_record_get_string (second, "sealed-at"));
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_decisions (kase)), ==, 2);
  g_assert_true (mc_case_get_round_decision (kase, 1) == MC_DECISION (first_decision));
  g_assert_true (mc_case_get_round_decision (kase, 2) == MC_DECISION (second));
  /* The current round has no answers yet; round 1 keeps its own. */
  g_assert_null (mc_case_find_afweging_answer (kase, "question-suspicion"));
  g_assert_true (mc_case_find_round_afweging_answer (kase, 1, "question-suspicion") == MC_AFWEGING_ANSWER (q1));

  /* Round 1 is sealed: the store refuses, and nothing changes. */
  before = dump_case (fixture, case_id);
  set_answer (fixture, second, "report-needed", MC_ANSWER_YES);
  mc_record_set_answer (first_decision, "report-needed", MC_ANSWER_YES);
  g_assert_false (mc_store_update_field (fixture->store, first_decision, "report-needed", &error));
  assert_read_only (error, ROUND_SEALED);
  g_clear_error (&error);
  mc_record_set_answer (first_decision, "report-needed", MC_ANSWER_UNKNOWN);
  mc_record_set_answer (q1, "answer", MC_ANSWER_NO);
  g_assert_false (mc_store_update_field (fixture->store, q1, "answer", &error));
  assert_read_only (error, ROUND_SEALED);
  g_clear_error (&error);
  mc_record_set_answer (q1, "answer", MC_ANSWER_YES);
  g_assert_false (mc_store_delete (fixture->store, q1, &error));
  assert_read_only (error, ROUND_SEALED);
  g_clear_error (&error);
  g_assert_false (mc_store_delete (fixture->store, first_decision, &error));
  assert_read_only (error, ROUND_SEALED);
  g_clear_error (&error);
  old_round = MC_RECORD (mc_afweging_answer_new_for_round (case_id, 1));
  mc_record_set_string (old_round, "question-id", "question-unsafety");
  g_assert_false (mc_store_insert (fixture->store, old_round, &error));
  assert_read_only (error, ROUND_SEALED);
  g_clear_error (&error);
  later_round = MC_RECORD (mc_afweging_answer_new_for_round (case_id, 3));
  mc_record_set_string (later_round, "question-id", "question-unsafety");
  g_assert_false (mc_store_insert (fixture->store, later_round, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* A round is never given by hand. */
  g_assert_false (mc_store_update_field (fixture->store, second, "round", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  after = dump_case (fixture, case_id);
  /* Only round 2's decision changed. */
  {
    g_autoptr(McCase) now = mc_store_load_case (fixture->store, case_id, &error);
    McRecord *stored_first;

    g_assert_no_error (error);
    stored_first = MC_RECORD (mc_case_get_round_decision (now, 1));
    g_assert_cmpint (mc_record_get_answer (stored_first, "report-needed"), ==, MC_ANSWER_UNKNOWN);
    g_assert_cmpint (mc_record_get_answer (stored_first, "help-possible"), ==, MC_ANSWER_YES);
    g_assert_cmpint (mc_record_get_answer (MC_RECORD (mc_case_get_decision (now)), "report-needed"), ==,
                     MC_ANSWER_YES);
    g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_afweging_answers (now)), ==, 1);
  }
  g_assert_cmpstr (after, !=, before);

  /* And so do the triggers, whoever writes. */
  sql = g_strdup_printf ("UPDATE decisions SET justification = 'x' WHERE case_id = %" G_GINT64_FORMAT
                         " AND round = 1", case_id);
  assert_raw_refused (db, sql);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE afweging_answers SET answer = 0 WHERE case_id = %" G_GINT64_FORMAT
                         " AND round = 1", case_id);
  assert_raw_refused (db, sql);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE afweging_answers SET round = 2 WHERE case_id = %" G_GINT64_FORMAT
                         " AND round = 1", case_id);
  assert_raw_refused (db, sql);
  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM afweging_answers WHERE case_id = %" G_GINT64_FORMAT, case_id);
  assert_raw_refused (db, sql);
  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM decisions WHERE case_id = %" G_GINT64_FORMAT " AND round = 1", case_id);
  assert_raw_refused (db, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO afweging_answers (case_id, round, question_id, updated_at)"
                         " VALUES (%" G_GINT64_FORMAT ", 1, 'question-new', '2026-12-01T10:00:00Z')", case_id);
  assert_raw_refused (db, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO norm_overrides (case_id, round, rule_id, reason, created_at)"
                         " VALUES (%" G_GINT64_FORMAT ", 1, 'norm', 'reden', '2026-12-01T10:00:00Z')", case_id);
  assert_raw_refused (db, sql);
  g_free (sql);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM decisions WHERE round = 1 AND justification = 'x'"), ==, 0);

  /* Round 2 takes answers and overrides, which get its number. */
  q5 = MC_RECORD (mc_afweging_answer_new (case_id));
  mc_record_set_string (q5, "question-id", "question-help-results");
  mc_record_set_answer (q5, "answer", MC_ANSWER_NO);
  g_assert_true (mc_store_insert (fixture->store, q5, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_record_get_integer (q5, "round"), ==, 2);
  mc_case_add_child (kase, q5);
  g_assert_true (mc_case_find_afweging_answer (kase, "question-help-results") == MC_AFWEGING_ANSWER (q5));
  set_text (fixture, q5, "note", "De situatie is niet veilig genoeg.");
  norm_override = MC_RECORD (mc_norm_override_new (case_id));
  mc_record_set_string (norm_override, "rule-id", "norm-acute-report");
  mc_record_set_string (norm_override, "reason", "Veilig Thuis is al betrokken.");
  mc_case_add_child (kase, norm_override);
  g_assert_cmpint (mc_record_get_integer (norm_override, "round"), ==, 2);
  g_assert_true (mc_store_insert (fixture->store, norm_override, &error));
  g_assert_no_error (error);
  g_assert_true (mc_case_find_norm_override (kase, 2, "norm-acute-report") == MC_NORM_OVERRIDE (norm_override));
  g_assert_null (mc_case_find_norm_override (kase, 1, "norm-acute-report"));
  set_text (fixture, norm_override, "reason", "Veilig Thuis heeft de zorg overgenomen.");
  /* An override needs its reason. */
  mc_record_set_string (norm_override, "reason", "");
  g_assert_false (mc_store_update_field (fixture->store, norm_override, "reason", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  mc_record_set_string (norm_override, "reason", "Veilig Thuis heeft de zorg overgenomen.");
  /* A round that was started stays. */
  g_assert_false (mc_store_delete (fixture->store, second, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Round 3 after a report again; round 2 is sealed now. */
  g_assert_true (mc_store_start_round (fixture->store, kase, "report-again", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_case_get_current_round (kase), ==, 3);
  g_assert_false (mc_store_update_field (fixture->store, norm_override, "reason", &error));
  assert_read_only (error, ROUND_SEALED);
  g_clear_error (&error);
  mc_record_set_string (q5, "note", "Anders");
  g_assert_false (mc_store_update_field (fixture->store, q5, "note", &error));
  assert_read_only (error, ROUND_SEALED);
  g_clear_error (&error);

  /* What is stored reads back the same. */
  loaded = mc_store_load_case (fixture->store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_case_get_current_round (loaded), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_decisions (loaded)), ==, 3);
  for (guint round = 1; round <= 3; round++)
    {
      g_autoptr(McRecord) item = g_list_model_get_item (mc_case_get_decisions (loaded), round - 1);

      g_assert_cmpint (mc_record_get_integer (item, "round"), ==, round);
      g_assert_true (mc_case_get_round_decision (loaded, round) == MC_DECISION (item));
      if (round < 3)
        g_assert_nonnull (mc_record_get_string (item, "sealed-at"));
      else
        g_assert_null (mc_record_get_string (item, "sealed-at"));
    }
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (mc_case_get_round_decision (loaded, 3)), "kind"), ==,
                   "report-again");
  g_assert_nonnull (mc_case_find_round_afweging_answer (loaded, 2, "question-help-results"));
  g_assert_null (mc_case_find_afweging_answer (loaded, "question-help-results"));
  g_assert_nonnull (mc_case_find_norm_override (loaded, 2, "norm-acute-report"));
  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_norm_overrides (loaded)), ==, 1);

  /* The case list shows the case once, with the outcome of round 3 (none
   * decided yet). */
  listed = mc_store_list_cases (fixture->store, MC_CASE_FILTER_ALL, "stap 4", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 2);
  set_answer (fixture, MC_RECORD (mc_case_get_decision (kase)), "report-needed", MC_ANSWER_YES);
  set_text (fixture, MC_RECORD (mc_case_get_decision (kase)), "decided-on", "2027-02-01");
  g_clear_object (&listed);
  listed = mc_store_list_cases (fixture->store, MC_CASE_FILTER_ALL, "stap 4", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (listed); i++)
    {
      g_autoptr(McCaseSummary) summary = g_list_model_get_item (listed, i);

      if (mc_case_summary_get_id (summary) == case_id)
        g_assert_cmpstr (mc_case_summary_get_outcome (summary), ==, "Report to Veilig Thuis");
    }

  /* The history says the rounds in words. */
  text = describe_newest (fixture, kase, MC_AUDIT_EVENT_CREATE, NULL);
  g_assert_cmpstr (text, ==, "Decision round 3 started (new report)");
  {
    g_autoptr(GPtrArray) all = mc_store_list_case_history (fixture->store, case_id, &error);
    gboolean started = FALSE;
    gboolean sealed = FALSE;
    gboolean round_2_change = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < all->len; i++)
      {
        g_autofree char *line = mc_history_entry_describe (g_ptr_array_index (all, i));

        started |= g_strcmp0 (line, "Decision round 2 started (evaluation)") == 0;
        sealed |= g_strcmp0 (line, "Decision round 1 closed") == 0;
        round_2_change |= g_strcmp0 (line, "Changed “Reporting necessary” of the decision: unknown → yes (round 2)") == 0;
      }
    g_assert_true (started);
    g_assert_true (sealed);
    g_assert_true (round_2_change);
  }

  /* Deleting the case removes its sealed rounds too. */
  g_assert_true (mc_store_delete (fixture->store, MC_RECORD (kase), &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT count(*) FROM decisions WHERE case_id = %" G_GINT64_FORMAT, case_id);
  g_assert_cmpint (mc_test_raw_int (db, sql), ==, 0);
  g_assert_cmpint (count_result_rows (db, "PRAGMA foreign_key_check"), ==, 0);
  g_assert_true (mc_store_verify_audit (fixture->store, NULL, &error));
  g_assert_no_error (error);
}

/* "done" and "state" of an agreement are one fact. */
static void
test_follow_up_state (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case (fixture, "Afspraken");
  g_autoptr(McRecord) follow_up = NULL;
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  sqlite3 *db = mc_store_get_connection (fixture->store);

  follow_up = MC_RECORD (mc_follow_up_new (mc_record_get_id (MC_RECORD (kase))));
  g_assert_cmpstr (mc_record_get_string (follow_up, "state"), ==, "open");
  g_assert_false (mc_record_get_boolean (follow_up, "done"));
  mc_record_set_string (follow_up, "due-on", "2020-01-01");
  mc_record_set_string (follow_up, "owner-name", "Joke de Boer");
  add (fixture, kase, follow_up);
  g_assert_cmpuint (count_listed (fixture, MC_CASE_FILTER_FOLLOW_UP_DUE), ==, 1);

  set_text (fixture, follow_up, "state", "done");
  g_assert_true (mc_record_get_boolean (follow_up, "done"));
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM follow_ups WHERE done = 1 AND state = 'done'"), ==, 1);
  text = describe_newest (fixture, kase, MC_AUDIT_EVENT_CHANGE, NULL);
  g_assert_cmpstr (text, ==, "Changed “State” of follow-up agreement 1: open → done");
  changes = entries_of (fixture, kase, MC_AUDIT_EVENT_CHANGE);
  g_assert_cmpuint (changes->len, ==, 1);

  /* The other way, as 0.1 saved it. */
  mc_record_set_boolean (follow_up, "done", FALSE);
  g_assert_cmpstr (mc_record_get_string (follow_up, "state"), ==, "open");
  g_assert_true (mc_store_update_field (fixture->store, follow_up, "done", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM follow_ups WHERE done = 0 AND state = 'open'"), ==, 1);

  set_text (fixture, follow_up, "state", "not-done");
  g_assert_false (mc_record_get_boolean (follow_up, "done"));
  set_text (fixture, follow_up, "state-note", "Het wijkteam had geen tijd.");
  set_text (fixture, follow_up, "checked-on", "2020-01-02");
  /* Looked at: no longer due. */
  g_assert_cmpuint (count_listed (fixture, MC_CASE_FILTER_FOLLOW_UP_DUE), ==, 0);

  loaded = mc_store_load_case (fixture->store, mc_record_get_id (MC_RECORD (kase)), &error);
  g_assert_no_error (error);
  {
    g_autoptr(McRecord) stored = g_list_model_get_item (mc_case_get_follow_ups (loaded), 0);

    g_assert_cmpstr (mc_record_get_string (stored, "state"), ==, "not-done");
    g_assert_false (mc_record_get_boolean (stored, "done"));
    g_assert_cmpstr (mc_record_get_string (stored, "owner-name"), ==, "Joke de Boer");
    g_assert_cmpstr (mc_record_get_string (stored, "state-note"), ==, "Het wijkteam had geen tijd.");
  }

  /* A state the store does not know is refused. */
  mc_record_set_string (follow_up, "state", "misschien");
  g_assert_false (mc_store_update_field (fixture->store, follow_up, "state", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
}

/* A conversation names the person it was held with; removing the person
 * leaves the conversation. */
static void
test_conversation_person (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(McCase) kase = insert_case_up_to (fixture, 3);
  g_autoptr(McCase) loaded = NULL;
  g_autoptr(McRecord) person = g_list_model_get_item (mc_case_get_people (kase), 0);
  g_autoptr(McRecord) conversation = NULL;
  g_autoptr(GError) error = NULL;
  gint64 case_id = mc_record_get_id (MC_RECORD (kase));

  loaded = mc_store_load_case (fixture->store, case_id, &error);
  g_assert_no_error (error);
  conversation = g_list_model_get_item (mc_case_get_conversations (loaded), 0);
  g_assert_cmpint (mc_record_get_integer (conversation, "person-id"), ==, mc_record_get_id (person));

  g_assert_true (mc_store_delete (fixture->store, person, &error));
  g_assert_no_error (error);
  g_clear_object (&loaded);
  g_clear_object (&conversation);
  loaded = mc_store_load_case (fixture->store, case_id, &error);
  g_assert_no_error (error);
  conversation = g_list_model_get_item (mc_case_get_conversations (loaded), 0);
  g_assert_cmpint (mc_record_get_integer (conversation, "person-id"), ==, 0);
  g_assert_cmpstr (mc_record_get_string (conversation, "held-on"), ==, "2026-10-22");
}

/* Schema version 4 on a real store made by 0.1.0 (schema version 3). */

static char *
readme_value (const char *readme,
              const char *label)
{
  g_autofree char *prefix = g_strdup_printf ("- %s: `", label);
  const char *start = strstr (readme, prefix);
  const char *end;

  g_assert_nonnull (start);
  start += strlen (prefix);
  end = strchr (start, '`');
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (from, &contents, &size, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents_full (to, contents, size, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
}

/* Every field of @expected and @actual but those the store sets (checked on
 * their own). */
static void
assert_same_fields (McRecord *expected,
                    McRecord *actual)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (expected);
  guint n_fields;
  const McField *fields = mc_record_class_get_fields (klass, &n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      if (fields[i].flags & (MC_FIELD_FLAG_CREATED | MC_FIELD_FLAG_UPDATED | MC_FIELD_FLAG_FIXED))
        continue;
      a = mc_record_dup_field_text (expected, &fields[i]);
      b = mc_record_dup_field_text (actual, &fields[i]);
      g_test_message ("%s.%s", mc_record_class_get_table (klass), fields[i].column);
      g_assert_cmpstr (a, ==, b);
    }
}

static void
test_migration_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "store-0.1.0", NULL);
  g_autofree char *report_path = g_test_build_filename (G_TEST_DIST, "fixtures", "cli", "anja-de-vries.xml", NULL);
  g_autofree char *readme_path = g_build_filename (fixture, "README.md", NULL);
  g_autofree char *readme = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("meldcode-lifecycle-v3-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "store", NULL);
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCase) kase = NULL;
  g_autoptr(McCase) expected = NULL;
  g_autoptr(McReport) report = NULL;
  g_autoptr(McRecord) decision = NULL;
  GListModel *answers;
  GListModel *follow_ups;
  sqlite3 *db;
  gint64 bad_row = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, &error));
  g_assert_no_error (error);
  passphrase = readme_value (readme, "passphrase");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "cases.db" : "key";
      g_autofree char *from = g_build_filename (fixture, "store", name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);

      copy_file (from, to);
    }

  store = mc_store_open (dir, passphrase, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  db = mc_store_get_connection (store);
  g_assert_cmpint (mc_test_raw_int (db, "PRAGMA user_version"), ==, MC_STORE_SCHEMA_VERSION);
  /* 5 (the cases' states) is tested on this fixture in test-store-state,
   * 6 (retention) in test-retention. */
  g_assert_cmpint (MC_STORE_SCHEMA_VERSION, >=, 4);
  /* Nothing referred to the tables built again, and nothing was lost. */
  g_assert_cmpint (count_result_rows (db, "PRAGMA foreign_key_check"), ==, 0);
  g_assert_true (mc_store_integrity_check (store, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_verify_audit (store, &bad_row, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad_row, ==, 0);

  /* Case 1 was imported from this report: what the store holds is still
   * what it says, as round 1. */
  report = mc_report_read_xml (report_path, &error);
  g_assert_no_error (error);
  expected = mc_case_new_from_report (report, &error);
  g_assert_no_error (error);
  kase = mc_store_load_case (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (kase), "client-name"), ==, "Anja de Vries");
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (kase), "status"), ==, "open");
  g_assert_null (mc_record_get_string (MC_RECORD (kase), "close-reason"));
  g_assert_cmpint (mc_record_get_integer (MC_RECORD (kase), "linked-case-id"), ==, 0);

  g_assert_cmpuint (g_list_model_get_n_items (mc_case_get_decisions (kase)), ==, 1);
  g_assert_cmpuint (mc_case_get_current_round (kase), ==, 1);
  decision = g_list_model_get_item (mc_case_get_decisions (kase), 0);
  g_assert_true (mc_case_get_decision (kase) == MC_DECISION (decision));
  g_assert_cmpint (mc_record_get_integer (decision, "round"), ==, 1);
  g_assert_cmpstr (mc_record_get_string (decision, "kind"), ==, "first");
  g_assert_null (mc_record_get_string (decision, "sealed-at"));
  g_assert_cmpint (mc_record_get_answer (decision, "report-needed"), ==, MC_ANSWER_NO);
  g_assert_cmpint (mc_record_get_answer (decision, "help-possible"), ==, MC_ANSWER_YES);
  g_assert_cmpstr (mc_record_get_string (decision, "decided-by-name"), ==, "Marieke Bos");
  g_assert_cmpstr (mc_record_get_string (decision, "decided-on"), ==, "2026-11-20");
  assert_same_fields (MC_RECORD (mc_case_get_decision (expected)), decision);

  answers = mc_case_get_afweging_answers (kase);
  g_assert_cmpuint (g_list_model_get_n_items (answers), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (answers), ==,
                    g_list_model_get_n_items (mc_case_get_afweging_answers (expected)));
  for (guint i = 0; i < g_list_model_get_n_items (answers); i++)
    {
      g_autoptr(McRecord) answer = g_list_model_get_item (answers, i);
      const char *question_id = mc_record_get_string (answer, "question-id");

      g_assert_cmpint (mc_record_get_integer (answer, "round"), ==, 1);
      g_assert_true (mc_case_find_afweging_answer (kase, question_id) == MC_AFWEGING_ANSWER (answer));
      assert_same_fields (MC_RECORD (mc_case_find_afweging_answer (expected, question_id)), answer);
    }
  g_assert_cmpstr (mc_record_get_string (MC_RECORD (mc_case_find_afweging_answer (kase, "question-unsafety")),
                                         "note"), ==, "Volgens de weging en Veilig Thuis niet acuut.");

  follow_ups = mc_case_get_follow_ups (kase);
  g_assert_cmpuint (g_list_model_get_n_items (follow_ups), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (follow_ups); i++)
    {
      g_autoptr(McRecord) follow_up = g_list_model_get_item (follow_ups, i);
      g_autoptr(McRecord) from_report = g_list_model_get_item (mc_case_get_follow_ups (expected), i);

      g_assert_cmpstr (mc_record_get_string (follow_up, "state"), ==, "open");
      g_assert_false (mc_record_get_boolean (follow_up, "done"));
      assert_same_fields (from_report, follow_up);
    }
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM follow_ups WHERE state <> CASE done WHEN 1 THEN 'done'"
                                        " ELSE 'open' END"), ==, 0);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM decisions WHERE round <> 1 OR kind <> 'first'"
                                        " OR sealed_at IS NOT NULL"), ==, 0);
  g_assert_cmpint (mc_test_raw_int (db, "SELECT count(*) FROM afweging_answers WHERE round <> 1"), ==, 0);

  /* The history of 0.1.0 rows still reads, and the new store works. */
  {
    g_autoptr(GPtrArray) entries = mc_store_list_case_history (store, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, >, 0);
    for (guint i = 0; i < entries->len; i++)
      {
        McHistoryEntry *entry = g_ptr_array_index (entries, i);
        g_autofree char *line = mc_history_entry_describe (entry);

        g_assert_nonnull (line);
        g_assert_null (strstr (line, "round"));
        if (g_strcmp0 (entry->entity, "decisions") == 0 || g_strcmp0 (entry->entity, "afweging_answers") == 0)
          g_assert_cmpuint (entry->round, ==, 1);
      }
  }
  g_assert_true (mc_store_start_round (store, kase, "evaluation", &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close_case (store, kase, "help-monitoring", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_verify_audit (store, &bad_row, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_close (store, &error));
  g_assert_no_error (error);

  mc_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/lifecycle/close-at-each-step", test_close_at_each_step);
  ADD ("/lifecycle/close-rules", test_close_rules);
  ADD ("/lifecycle/import-closed", test_import_closed);
  ADD ("/lifecycle/rounds", test_rounds);
  ADD ("/lifecycle/follow-up-state", test_follow_up_state);
  ADD ("/lifecycle/conversation-person", test_conversation_person);
#undef ADD
  g_test_add_func ("/lifecycle/migration-fixture", test_migration_fixture);

  return g_test_run ();
}
