/* test-history.c: a case's audit trail read back and said in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-history.h"
#include "mc-report-import.h"
#include "mc-store.h"
#include "mc-test-util.h"

#define PASSPHRASE "Correct-Horse-Battery-42"
#define HOSTILE "<b>&\""

typedef struct
{
  char    *tmp;
  McStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *recovery_key = NULL;

  fixture->tmp = g_dir_make_tmp ("meldcode-history-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (fixture->tmp, "store", NULL);
  fixture->store = mc_store_create (dir, PASSPHRASE, MC_KDF_COST_TEST, &recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
  mc_store_set_actor (fixture->store, "Eva de Wit", "Begeleider", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_close (fixture->store, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  mc_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
}

static McCase *
insert_case (Fixture    *fixture,
             const char *client_name)
{
  g_autoptr(GError) error = NULL;
  McCase *case_ = mc_case_new ();

  mc_record_set_string (MC_RECORD (case_), "client-name", client_name);
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (case_), &error));
  g_assert_no_error (error);
  return case_;
}

static McRecord *
insert_signal (Fixture    *fixture,
               McCase     *case_,
               const char *description)
{
  g_autoptr(GError) error = NULL;
  McRecord *signal = MC_RECORD (mc_signal_new (mc_record_get_id (MC_RECORD (case_))));

  mc_record_set_string (signal, "description", description);
  g_assert_true (mc_store_insert (fixture->store, signal, &error));
  g_assert_no_error (error);
  return signal;
}

static void
set_string (Fixture    *fixture,
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

static void
delete_record (Fixture  *fixture,
               McRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_delete (fixture->store, record, &error));
  g_assert_no_error (error);
}

static GPtrArray *
history (Fixture *fixture,
         McCase  *case_)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = mc_store_list_case_history (fixture->store, mc_record_get_id (MC_RECORD (case_)), &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

/* Oldest first, as the rows were written. */
static McHistoryEntry *
nth_oldest (GPtrArray *entries,
            guint      n)
{
  g_assert_cmpuint (n, <, entries->len);
  return g_ptr_array_index (entries, entries->len - 1 - n);
}

static void
assert_describes (McHistoryEntry *entry,
                  const char     *expected)
{
  g_autofree char *text = mc_history_entry_describe (entry);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_details (McHistoryEntry *entry,
                const char     *expected)
{
  g_autofree char *details = mc_history_entry_dup_details (entry, NULL);

  g_assert_cmpstr (details, ==, expected);
}

static void
test_history_case (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(McCase) case_ = insert_case (fixture, "Sam Jansen");
  g_autoptr(McCase) other = insert_case (fixture, "Iemand Anders");
  g_autoptr(McRecord) other_signal = insert_signal (fixture, other, "Niet van deze casus");
  g_autoptr(McRecord) first = NULL;
  g_autoptr(McRecord) second = NULL;
  g_autoptr(McRecord) third = NULL;
  g_autoptr(McWeighing) weighing = mc_weighing_new (mc_record_get_id (MC_RECORD (case_)));
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) other_entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *long_shown = NULL;
  g_autofree char *long_details = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actor = NULL;
  gint64 second_id;

  while (long_text->len < 200)
    g_string_append (long_text, "Blauwe plekken op beide bovenarmen. ");
  g_string_append (long_text, "\nTweede regel.");

  first = insert_signal (fixture, case_, "Blauwe plekken");
  set_string (fixture, first, "description", HOSTILE);
  set_string (fixture, first, "observed-on", "2025-11-03");
  second = insert_signal (fixture, case_, "Tweede");
  second_id = mc_record_get_id (second);
  delete_record (fixture, second);
  /* The database gives the removed signal's id again: still a new signal. */
  third = insert_signal (fixture, case_, NULL);
  g_assert_cmpint (mc_record_get_id (third), ==, second_id);
  set_string (fixture, third, "description", "Derde");
  /* The weighing is stored with its first answer. */
  set_answer (fixture, MC_RECORD (weighing), "acute", MC_ANSWER_YES);
  set_answer (fixture, MC_RECORD (weighing), "acute", MC_ANSWER_NO);
  set_string (fixture, first, "description", long_text->str);
  g_assert_true (mc_store_log_export (fixture->store, mc_record_get_id (MC_RECORD (case_)), "pdf", FALSE,
                                      "/tmp/verslag.pdf", &error));
  g_assert_no_error (error);
  mc_store_set_actor (fixture->store, "Jan Smit", "Taakhouder meldcode", "Eva de Wit");
  g_assert_true (mc_store_log_event (fixture->store, MC_AUDIT_EVENT_PRINT, mc_record_get_id (MC_RECORD (case_)),
                                     NULL, &error));
  g_assert_no_error (error);

  entries = history (fixture, case_);
  g_assert_cmpuint (entries->len, ==, 13);

  /* Newest first. */
  for (guint i = 1; i < entries->len; i++)
    {
      McHistoryEntry *newer = g_ptr_array_index (entries, i - 1);
      McHistoryEntry *older = g_ptr_array_index (entries, i);

      g_assert_cmpint (newer->id, >, older->id);
      g_assert_nonnull (older->at);
      g_assert_cmpint (g_date_time_compare (newer->at, older->at), >=, 0);
    }

  /* What was stored, row by row. */
  g_assert_cmpint (nth_oldest (entries, 0)->event, ==, MC_AUDIT_EVENT_CREATE);
  g_assert_cmpstr (nth_oldest (entries, 0)->entity, ==, "cases");
  g_assert_cmpint (nth_oldest (entries, 0)->entity_id, ==, mc_record_get_id (MC_RECORD (case_)));
  g_assert_cmpint (nth_oldest (entries, 2)->event, ==, MC_AUDIT_EVENT_CHANGE);
  g_assert_cmpstr (nth_oldest (entries, 2)->entity, ==, "signals");
  g_assert_cmpstr (nth_oldest (entries, 2)->field, ==, "description");
  g_assert_cmpstr (nth_oldest (entries, 2)->old_value, ==, "Blauwe plekken");
  g_assert_cmpstr (nth_oldest (entries, 2)->new_value, ==, HOSTILE);
  g_assert_cmpstr (nth_oldest (entries, 3)->field, ==, "observed_on");
  g_assert_cmpint (nth_oldest (entries, 5)->event, ==, MC_AUDIT_EVENT_DELETE);
  g_assert_cmpuint (nth_oldest (entries, 1)->entity_number, ==, 1);
  g_assert_cmpuint (nth_oldest (entries, 4)->entity_number, ==, 2);
  g_assert_cmpuint (nth_oldest (entries, 5)->entity_number, ==, 2);
  g_assert_cmpuint (nth_oldest (entries, 6)->entity_number, ==, 3);
  g_assert_cmpuint (nth_oldest (entries, 7)->entity_number, ==, 3);
  g_assert_cmpint (nth_oldest (entries, 11)->event, ==, MC_AUDIT_EVENT_EXPORT);
  g_assert_null (nth_oldest (entries, 11)->entity);
  g_assert_cmpuint (nth_oldest (entries, 11)->entity_number, ==, 0);
  g_assert_cmpint (nth_oldest (entries, 12)->event, ==, MC_AUDIT_EVENT_PRINT);
  for (guint i = 0; i < 12; i++)
    {
      g_assert_cmpstr (nth_oldest (entries, i)->user_name, ==, "Eva de Wit");
      g_assert_cmpstr (nth_oldest (entries, i)->user_role, ==, "Begeleider");
      g_assert_null (nth_oldest (entries, i)->on_behalf_of);
    }
  g_assert_cmpstr (nth_oldest (entries, 12)->user_name, ==, "Jan Smit");
  g_assert_cmpstr (nth_oldest (entries, 12)->on_behalf_of, ==, "Eva de Wit");

  /* In words. */
  assert_describes (nth_oldest (entries, 0), "Created the case");
  assert_describes (nth_oldest (entries, 1), "Added a signal");
  assert_describes (nth_oldest (entries, 2),
                    "Changed “What was seen or heard” of signal 1: Blauwe plekken → " HOSTILE);
  assert_describes (nth_oldest (entries, 3), "Changed “Date” of signal 1: 3 November 2025");
  assert_describes (nth_oldest (entries, 4), "Added a signal");
  assert_describes (nth_oldest (entries, 5), "Removed a signal");
  assert_describes (nth_oldest (entries, 6), "Added a signal");
  assert_describes (nth_oldest (entries, 7), "Changed “What was seen or heard” of signal 3: Derde");
  assert_describes (nth_oldest (entries, 8), "Changed “Acute unsafety” of the weighing: yes");
  assert_describes (nth_oldest (entries, 9), "Changed “Acute unsafety” of the weighing: yes → no");
  assert_describes (nth_oldest (entries, 11), "Exported the report (PDF)");
  assert_describes (nth_oldest (entries, 12), "Printed the report");

  /* A long text is cut in the line; the details carry it whole. */
  long_shown = mc_history_entry_describe (nth_oldest (entries, 10));
  g_assert_true (g_str_has_prefix (long_shown, "Changed “What was seen or heard” of signal 1: " HOSTILE " → Blauwe"));
  g_assert_true (g_str_has_suffix (long_shown, "…"));
  g_assert_cmpuint (g_utf8_strlen (long_shown, -1), <, 160);
  g_assert_null (strchr (long_shown, '\n'));
  long_details = mc_history_entry_dup_details (nth_oldest (entries, 10), NULL);
  expected = g_strdup_printf ("Before: " HOSTILE "\nAfter: %s", long_text->str);
  g_assert_cmpstr (long_details, ==, expected);

  /* What an added or removed record held, and where an export went. */
  assert_details (nth_oldest (entries, 1), "What was seen or heard: Blauwe plekken");
  assert_details (nth_oldest (entries, 5), "What was seen or heard: Tweede");
  assert_details (nth_oldest (entries, 6), NULL);
  assert_details (nth_oldest (entries, 2), NULL);
  assert_details (nth_oldest (entries, 11), "Written to /tmp/verslag.pdf");
  assert_details (nth_oldest (entries, 12), NULL);

  actor = mc_history_entry_dup_actor (nth_oldest (entries, 0));
  g_assert_cmpstr (actor, ==, "Eva de Wit (Begeleider)");
  g_clear_pointer (&actor, g_free);
  actor = mc_history_entry_dup_actor (nth_oldest (entries, 12));
  g_assert_cmpstr (actor, ==, "Jan Smit (Taakhouder meldcode), on behalf of Eva de Wit");

  /* Nothing of the other case, which has its own. */
  for (guint i = 0; i < entries->len; i++)
    {
      McHistoryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *details = mc_history_entry_dup_details (entry, NULL);

      g_assert_false (g_strcmp0 (entry->entity, "signals") == 0
                      && entry->entity_id == mc_record_get_id (other_signal));
      g_assert_true (details == NULL || strstr (details, "Niet van deze casus") == NULL);
    }
  other_entries = history (fixture, other);
  g_assert_cmpuint (other_entries->len, ==, 2);
  assert_describes (nth_oldest (other_entries, 0), "Created the case");
  assert_describes (nth_oldest (other_entries, 1), "Added a signal");
  assert_details (nth_oldest (other_entries, 1), "What was seen or heard: Niet van deze casus");
}

/* A case id the database gives again after a removal does not bring the
 * removed case's rows along. */
static void
test_history_reused_case_id (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(McCase) kept G_GNUC_UNUSED = insert_case (fixture, "Blijft");
  g_autoptr(McCase) removed = insert_case (fixture, "Verwijderd");
  g_autoptr(McRecord) signal G_GNUC_UNUSED = insert_signal (fixture, removed, "Van de verwijderde casus");
  g_autoptr(McCase) reused = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;
  gint64 removed_id = mc_record_get_id (MC_RECORD (removed));

  delete_record (fixture, MC_RECORD (removed));
  g_assert_null (mc_store_list_case_history (fixture->store, removed_id, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reused = insert_case (fixture, "Nieuw");
  g_assert_cmpint (mc_record_get_id (MC_RECORD (reused)), ==, removed_id);
  entries = history (fixture, reused);
  g_assert_cmpuint (entries->len, ==, 1);
  assert_describes (g_ptr_array_index (entries, 0), "Created the case");
  details = g_strdup_printf ("Case number: %s\nName or pseudonym: Nieuw\nStatus: open",
                             mc_record_get_string (MC_RECORD (reused), "number"));
  assert_details (g_ptr_array_index (entries, 0), details);
}

static void
test_history_details_order (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(McCase) case_ = insert_case (fixture, "Sam Jansen");
  g_autoptr(McRecord) consultation = MC_RECORD (mc_consultation_new (mc_record_get_id (MC_RECORD (case_))));
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  mc_record_set_string (consultation, "advice", "Melden bij Veilig Thuis");
  mc_record_set_string (consultation, "consultee", "Dr. Bakker");
  mc_record_set_string (consultation, "role", "Huisarts");
  mc_record_set_string (consultation, "consulted-on", "2025-11-03");
  g_assert_true (mc_store_insert (fixture->store, consultation, &error));
  g_assert_no_error (error);
  delete_record (fixture, consultation);

  /* Each field by the label of the record's field table, in the table's
   * order (not the order set); a field the forms do not show (the time
   * the record was made) is left out, and so is a mark not set. */
  entries = history (fixture, case_);
  g_assert_cmpuint (entries->len, ==, 3);
  assert_describes (nth_oldest (entries, 1), "Added a consultation");
  assert_details (nth_oldest (entries, 1),
                  "Date: 3 November 2025\nWith whom: Huisarts\nName: Dr. Bakker\n"
                  "Discussed anonymously: no\nAdvice: Melden bij Veilig Thuis");
  assert_details (nth_oldest (entries, 2),
                  "Date: 3 November 2025\nWith whom: Huisarts\nName: Dr. Bakker\n"
                  "Discussed anonymously: no\nAdvice: Melden bij Veilig Thuis");
}

static void
test_history_closed (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(McCase) case_ = insert_case (fixture, "Sam Jansen");
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_close (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_null (mc_store_list_case_history (fixture->store, mc_record_get_id (MC_RECORD (case_)), &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_LOCKED);
}

/* With the protocol, ids read as the labels the forms show. */
static void
test_history_protocol (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(McCase) case_ = insert_case (fixture, "Sam Jansen");
  g_autoptr(McRecord) signal = insert_signal (fixture, case_, NULL);
  g_autoptr(McRecord) answer = NULL;
  g_autoptr(McRecord) afweging = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const McProtocolChecklist *kindcheck;
  const McProtocolChecklist *categories;
  const McProtocolItem *item;
  const McProtocolItem *category;
  const McProtocolQuestion *question;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  protocol = mc_protocol_new_default (&error);
  g_assert_no_error (error);
  kindcheck = mc_protocol_get_checklist (protocol, MC_CHECKLIST_KINDCHECK);
  categories = mc_protocol_get_checklist (protocol, MC_CHECKLIST_SIGNAL_CATEGORIES);
  g_assert_nonnull (kindcheck);
  g_assert_nonnull (categories);
  item = g_ptr_array_index (kindcheck->items, 0);
  category = g_ptr_array_index (categories->items, 0);
  question = g_ptr_array_index (mc_protocol_get_afwegingskader (protocol)->questions, 0);

  set_string (fixture, signal, "category", category->id);
  set_string (fixture, signal, "nature", "fact");

  answer = MC_RECORD (mc_checklist_answer_new (mc_record_get_id (MC_RECORD (case_))));
  mc_record_set_string (answer, "item-id", item->id);
  set_string (fixture, answer, "value", "yes");
  set_string (fixture, answer, "value", "no");

  afweging = MC_RECORD (mc_afweging_answer_new (mc_record_get_id (MC_RECORD (case_))));
  mc_record_set_string (afweging, "question-id", question->id);
  set_answer (fixture, afweging, "answer", MC_ANSWER_YES);

  entries = history (fixture, case_);
  g_assert_cmpuint (entries->len, ==, 7);

  text = mc_history_entry_describe (nth_oldest (entries, 2));
  expected = g_strdup_printf ("Changed “Kind of signal” of signal 1: %s", category->id);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  text = mc_history_entry_describe_with_protocol (nth_oldest (entries, 2), protocol);
  expected = g_strdup_printf ("Changed “Kind of signal” of signal 1: %s", category->label);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  assert_describes (nth_oldest (entries, 3), "Changed “Fact or interpretation” of signal 1: Fact");

  /* The kindcheck's first answer is the answer's record being stored. */
  g_assert_cmpint (nth_oldest (entries, 4)->event, ==, MC_AUDIT_EVENT_CREATE);
  g_assert_cmpstr (nth_oldest (entries, 4)->subject, ==, item->id);
  g_assert_cmpstr (nth_oldest (entries, 5)->subject, ==, item->id);
  assert_describes (nth_oldest (entries, 4), "Answered a kindcheck question: yes");
  assert_describes (nth_oldest (entries, 5), "Changed an answer of the kindcheck: yes → no");
  text = mc_history_entry_describe_with_protocol (nth_oldest (entries, 5), protocol);
  g_assert_true (g_str_has_prefix (text, "Changed the answer to “"));
  g_assert_true (g_str_has_suffix (text, "”: yes → no"));
  g_clear_pointer (&text, g_free);

  assert_describes (nth_oldest (entries, 6), "Answered a question of the afwegingskader: yes");
  text = mc_history_entry_describe_with_protocol (nth_oldest (entries, 6), protocol);
  g_assert_true (g_str_has_prefix (text, "Answered “"));
  g_assert_true (g_str_has_suffix (text, "”: yes"));
}

/* Rows built by hand: the saves of one edit as one entry. */
static void
add_change (McHistoryBuilder *builder,
            gint64            id,
            const char       *at,
            const char       *field,
            const char       *old_value,
            const char       *new_value)
{
  mc_history_builder_add_row (builder, id, at, "change", "signals", 7, field, old_value, new_value,
                              "Eva de Wit", "Begeleider", NULL);
}

static void
test_history_merge (void)
{
  McHistoryBuilder *builder = mc_history_builder_new ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  McHistoryEntry *entry;

  mc_history_builder_add_row (builder, 1, "2026-11-28T13:00:00Z", "create", "signals", 7, NULL, NULL,
                              "id=7\ncase_id=1\n", "Eva de Wit", "Begeleider", NULL);
  add_change (builder, 2, "2026-11-28T13:00:05Z", "description", NULL, "Blauwe");
  add_change (builder, 3, "2026-11-28T13:00:07Z", "description", "Blauwe", "Blauwe plekken");
  add_change (builder, 4, "2026-11-28T13:00:09Z", "description", "Blauwe plekken", "Blauwe plekken op");
  /* Another field between: a new edit. */
  add_change (builder, 5, "2026-11-28T13:00:10Z", "observer", NULL, "Eva");
  add_change (builder, 6, "2026-11-28T13:00:12Z", "description", "Blauwe plekken op", "Blauwe plekken op de arm");
  /* Long after: a new edit. */
  add_change (builder, 7, "2026-11-28T15:00:00Z", "description", "Blauwe plekken op de arm", "Op de arm");
  /* By someone else: a new edit. */
  mc_history_builder_add_row (builder, 8, "2026-11-28T15:00:01Z", "change", "signals", 7, "description",
                              "Op de arm", "Op de armen", "Jan Smit", "Taakhouder meldcode", NULL);
  /* An event this version does not know is left out. */
  mc_history_builder_add_row (builder, 9, "2026-11-28T15:00:02Z", "teleport", NULL, 0, NULL, NULL, NULL,
                              "Eva de Wit", NULL, NULL);
  entries = mc_history_builder_finish (builder);
  g_assert_cmpuint (entries->len, ==, 8);

  merged = mc_history_merge_edits (entries, 5 * G_TIME_SPAN_MINUTE);
  g_assert_cmpuint (merged->len, ==, 6);
  g_assert_true (g_ptr_array_index (merged, 0) == g_ptr_array_index (entries, 0));

  entry = g_ptr_array_index (merged, 4);
  g_assert_cmpint (entry->id, ==, 4);
  g_assert_null (entry->old_value);
  g_assert_cmpstr (entry->new_value, ==, "Blauwe plekken op");
  g_assert_nonnull (entry->at);
  g_assert_cmpint (g_date_time_get_second (entry->at), ==, 9);
  assert_describes (entry, "Changed “What was seen or heard” of signal 1: Blauwe plekken op");
  assert_describes (g_ptr_array_index (merged, 3), "Changed “Seen or heard by” of signal 1: Eva");
  assert_describes (g_ptr_array_index (merged, 2),
                    "Changed “What was seen or heard” of signal 1: Blauwe plekken op → Blauwe plekken op de arm");
  assert_describes (g_ptr_array_index (merged, 1),
                    "Changed “What was seen or heard” of signal 1: Blauwe plekken op de arm → Op de arm");
  assert_describes (g_ptr_array_index (merged, 0),
                    "Changed “What was seen or heard” of signal 1: Op de arm → Op de armen");
  assert_describes (g_ptr_array_index (merged, 5), "Added a signal");

  /* Nothing merges without a window. */
  g_clear_pointer (&merged, g_ptr_array_unref);
  merged = mc_history_merge_edits (entries, 0);
  g_assert_cmpuint (merged->len, ==, entries->len);
}

/* Edits that change nothing (issue 17: "…begreep het. → …begreep het."):
 * a run typed and taken back, a save of the same text, empty to unset,
 * are left out; a run that ends elsewhere stays. */
static void
test_history_merge_no_change (void)
{
  McHistoryBuilder *builder = mc_history_builder_new ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) merged = NULL;

  add_change (builder, 1, "2026-11-28T13:00:00Z", "description", "Zij begreep het.", "Zij begreep het. ");
  add_change (builder, 2, "2026-11-28T13:00:02Z", "description", "Zij begreep het. ", "Zij begreep het. D");
  add_change (builder, 3, "2026-11-28T13:00:04Z", "description", "Zij begreep het. D", "Zij begreep het.");
  add_change (builder, 4, "2026-11-28T14:00:00Z", "observer", "Eva", "Eva");
  add_change (builder, 5, "2026-11-28T15:00:00Z", "observer", NULL, "");
  add_change (builder, 6, "2026-11-28T16:00:00Z", "observer", "Eva", "Jan");
  add_change (builder, 7, "2026-11-28T16:00:01Z", "observer", "Jan", "Eva");
  add_change (builder, 8, "2026-11-28T16:00:02Z", "observer", "Eva", "Eva de Wit");
  entries = mc_history_builder_finish (builder);
  g_assert_cmpuint (entries->len, ==, 8);

  merged = mc_history_merge_edits (entries, 5 * G_TIME_SPAN_MINUTE);
  g_assert_cmpuint (merged->len, ==, 1);
  assert_describes (g_ptr_array_index (merged, 0), "Changed “Seen or heard by” of signal 1: Eva → Eva de Wit");

  /* Without a window only the single changes that change nothing go. */
  g_clear_pointer (&merged, g_ptr_array_unref);
  merged = mc_history_merge_edits (entries, 0);
  g_assert_cmpuint (merged->len, ==, 6);
}

/* Opening a case is a row of its history; one person opening it again and
 * again reads as the last opening, someone else's opening stays apart. */
static void
test_history_view (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(McCase) case_ = mc_case_new ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  mc_record_set_string (MC_RECORD (case_), "client-name", "Sem Jansen");
  g_assert_true (mc_store_insert (fixture->store, MC_RECORD (case_), &error));
  g_assert_no_error (error);
  id = mc_record_get_id (MC_RECORD (case_));

  mc_store_set_actor (fixture->store, "Eva de Wit", "Begeleider", NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (mc_store_log_event (fixture->store, MC_AUDIT_EVENT_VIEW, id, NULL, &error));
      g_assert_no_error (error);
    }
  mc_store_set_actor (fixture->store, "Jan Smit", "Taakhouder meldcode", NULL);
  g_assert_true (mc_store_log_event (fixture->store, MC_AUDIT_EVENT_VIEW, id, NULL, &error));

  entries = history (fixture, case_);
  g_assert_cmpuint (entries->len, ==, 5);
  g_assert_cmpint (nth_oldest (entries, 1)->event, ==, MC_AUDIT_EVENT_VIEW);
  assert_describes (nth_oldest (entries, 1), "Opened the case");
  g_assert_null (mc_history_entry_dup_details (nth_oldest (entries, 1), NULL));

  merged = mc_history_merge_edits (entries, 5 * G_TIME_SPAN_MINUTE);
  g_assert_cmpuint (merged->len, ==, 3);
  g_assert_cmpstr (((McHistoryEntry *) g_ptr_array_index (merged, 0))->user_name, ==, "Jan Smit");
  g_assert_cmpstr (((McHistoryEntry *) g_ptr_array_index (merged, 1))->user_name, ==, "Eva de Wit");
  /* The last of the three openings. */
  g_assert_cmpint (((McHistoryEntry *) g_ptr_array_index (merged, 1))->id, ==,
                   ((McHistoryEntry *) g_ptr_array_index (entries, 1))->id);
  g_assert_cmpint (((McHistoryEntry *) g_ptr_array_index (merged, 2))->event, ==, MC_AUDIT_EVENT_CREATE);
}

/* Every kind of row says something, and nothing reads as markup. */
static void
test_history_words (void)
{
  McHistoryBuilder *builder = mc_history_builder_new ();
  g_autoptr(GPtrArray) entries = NULL;
  static const char * const expected[] = {
    "Exported the anonymised report (XML)",
    "Imported the case",
    ("Changed “Name or pseudonym” of the case: Sam → " HOSTILE),
    "Changed “Discussed anonymously” of consultation 1: no → yes",
    "Changed “Due date” of follow-up agreement 1: 1 December 2026",
    "Changed “Reporting necessary” of the decision: unknown → yes",
    "Recorded the decision",
    "Changed a field of signal 1",
    "Added a follow-up agreement",
    "Added a consultation",
  };

  mc_history_builder_add_row (builder, 1, "2026-11-28T13:00:00Z", "create", "consultations", 3, NULL, NULL,
                              "id=3\ncase_id=1\nanonymous=0\n", "Eva", NULL, NULL);
  mc_history_builder_add_row (builder, 2, "2026-11-28T13:00:00Z", "create", "follow_ups", 4, NULL, NULL,
                              "id=4\ncase_id=1\ndone=0\n", "Eva", NULL, NULL);
  mc_history_builder_add_row (builder, 3, "2026-11-28T13:00:00Z", "change", "signals", 5, "created_at",
                              NULL, "x", "Eva", NULL, NULL);
  mc_history_builder_add_row (builder, 4, "2026-11-28T13:00:00Z", "create", "decisions", 6, NULL, NULL,
                              "id=6\ncase_id=1\nreport_needed=1\nhelp_possible=0\n", "Eva", NULL, NULL);
  mc_history_builder_add_row (builder, 5, "2026-11-28T13:00:00Z", "change", "decisions", 6, "report_needed",
                              NULL, "1", "Eva", NULL, NULL);
  mc_history_builder_add_row (builder, 6, "2026-11-28T13:00:00Z", "change", "follow_ups", 4, "due_on",
                              NULL, "2026-12-01", "Eva", NULL, NULL);
  mc_history_builder_add_row (builder, 7, "2026-11-28T13:00:00Z", "change", "consultations", 3, "anonymous",
                              "0", "1", "Eva", NULL, NULL);
  mc_history_builder_add_row (builder, 8, "2026-11-28T13:00:00Z", "change", "cases", 1, "client_name",
                              "Sam", HOSTILE, "Eva", NULL, NULL);
  mc_history_builder_add_row (builder, 9, "2026-11-28T13:00:00Z", "import", NULL, 0, NULL, NULL,
                              "2026-0001", "Eva", NULL, NULL);
  mc_history_builder_add_row (builder, 10, "2026-11-28T13:00:00Z", "export", NULL, 0, NULL, NULL,
                              "xml anonymous /tmp/a b.xml", "Eva", NULL, NULL);
  entries = mc_history_builder_finish (builder);

  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < entries->len; i++)
    assert_describes (g_ptr_array_index (entries, i), expected[i]);

  assert_details (g_ptr_array_index (entries, 0), "Written to /tmp/a b.xml");
  assert_details (g_ptr_array_index (entries, 6), "Reporting necessary: yes\nHelp possible: no");
  assert_details (g_ptr_array_index (entries, 9), "Discussed anonymously: no");
  {
    g_autofree char *actor = mc_history_entry_dup_actor (g_ptr_array_index (entries, 0));

    g_assert_cmpstr (actor, ==, "Eva");
  }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/history/case", Fixture, NULL, fixture_set_up, test_history_case, fixture_tear_down);
  g_test_add ("/history/reused-case-id", Fixture, NULL, fixture_set_up, test_history_reused_case_id,
              fixture_tear_down);
  g_test_add ("/history/details-order", Fixture, NULL, fixture_set_up, test_history_details_order,
              fixture_tear_down);
  g_test_add ("/history/view", Fixture, NULL, fixture_set_up, test_history_view, fixture_tear_down);
  g_test_add ("/history/closed", Fixture, NULL, fixture_set_up, test_history_closed, fixture_tear_down);
  g_test_add ("/history/protocol", Fixture, NULL, fixture_set_up, test_history_protocol, fixture_tear_down);
  g_test_add_func ("/history/merge", test_history_merge);
  g_test_add_func ("/history/merge-no-change", test_history_merge_no_change);
  g_test_add_func ("/history/words", test_history_words);

  return g_test_run ();
}
