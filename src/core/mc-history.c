/* mc-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-history"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-case.h"
#include "mc-dates.h"
#include "mc-history.h"

/* How much of a value the one-line description shows. */
#define SHORT_VALUE_CHARS 80

/* The entry */

static void
entry_clear (gpointer data)
{
  McHistoryEntry *entry = data;

  g_clear_pointer (&entry->at, g_date_time_unref);
  g_free (entry->entity);
  g_free (entry->subject);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry->user_name);
  g_free (entry->user_role);
  g_free (entry->on_behalf_of);
}

McHistoryEntry *
mc_history_entry_ref (McHistoryEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  return g_atomic_rc_box_acquire (entry);
}

void
mc_history_entry_unref (McHistoryEntry *entry)
{
  g_return_if_fail (entry != NULL);

  g_atomic_rc_box_release_full (entry, entry_clear);
}

G_DEFINE_BOXED_TYPE (McHistoryEntry, mc_history_entry, mc_history_entry_ref, mc_history_entry_unref)

static McHistoryEntry *
entry_copy (const McHistoryEntry *entry)
{
  McHistoryEntry *copy = g_atomic_rc_box_new0 (McHistoryEntry);

  copy->id = entry->id;
  copy->at = entry->at != NULL ? g_date_time_ref (entry->at) : NULL;
  copy->event = entry->event;
  copy->entity = g_strdup (entry->entity);
  copy->entity_id = entry->entity_id;
  copy->entity_number = entry->entity_number;
  copy->subject = g_strdup (entry->subject);
  copy->field = g_strdup (entry->field);
  copy->old_value = g_strdup (entry->old_value);
  copy->new_value = g_strdup (entry->new_value);
  copy->user_name = g_strdup (entry->user_name);
  copy->user_role = g_strdup (entry->user_role);
  copy->on_behalf_of = g_strdup (entry->on_behalf_of);
  copy->round = entry->round;

  return copy;
}

/* The records and the words for their fields */

typedef enum
{
  RECORD_CASE,
  RECORD_PERSON,
  RECORD_SIGNAL,
  RECORD_CHECKLIST_ANSWER,
  RECORD_CONSULTATION,
  RECORD_CONVERSATION,
  RECORD_WEIGHING,
  RECORD_AFWEGING_ANSWER,
  RECORD_DECISION,
  RECORD_NORM_OVERRIDE,
  RECORD_FOLLOW_UP,
  RECORD_OTHER,
} RecordKind;

typedef struct
{
  const char       *table;
  RecordKind        kind;
  /* The record type: its field table gives each field's label (NULL for
   * a field the forms do not show) and how it is stored. */
  GType           (*get_type) (void);
  /* Where the one record of its kind per case (or per question) keeps
   * what it is about; NULL for records of which a case has many. */
  const char       *subject_column;
  gboolean          single;
} RecordInfo;

static const RecordInfo records[] = {
  { "cases",             RECORD_CASE,             mc_case_get_type,             NULL,          TRUE },
  { "people",            RECORD_PERSON,           mc_person_get_type,           NULL,          FALSE },
  { "signals",           RECORD_SIGNAL,           mc_signal_get_type,           NULL,          FALSE },
  { "checklist_answers", RECORD_CHECKLIST_ANSWER, mc_checklist_answer_get_type, "item_id",     TRUE },
  { "consultations",     RECORD_CONSULTATION,     mc_consultation_get_type,     NULL,          FALSE },
  { "conversations",     RECORD_CONVERSATION,     mc_conversation_get_type,     NULL,          FALSE },
  { "weighings",         RECORD_WEIGHING,         mc_weighing_get_type,         NULL,          TRUE },
  { "afweging_answers",  RECORD_AFWEGING_ANSWER,  mc_afweging_answer_get_type,  "question_id", TRUE },
  { "decisions",         RECORD_DECISION,         mc_decision_get_type,         NULL,          TRUE },
  { "norm_overrides",    RECORD_NORM_OVERRIDE,    mc_norm_override_get_type,    "rule_id",     FALSE },
  { "follow_ups",        RECORD_FOLLOW_UP,        mc_follow_up_get_type,        NULL,          FALSE },
};

static const RecordInfo other_record = { NULL, RECORD_OTHER, NULL, NULL, TRUE };

static const RecordInfo *
record_info (const char *table)
{
  for (guint i = 0; table != NULL && i < G_N_ELEMENTS (records); i++)
    if (strcmp (records[i].table, table) == 0)
      return &records[i];

  return &other_record;
}

/* The record type's fields, in the order of its table; none for a table
 * the history does not know. */
static const McField *
record_fields (const RecordInfo *info,
               guint            *n_fields)
{
  g_autoptr(GTypeClass) type_class = NULL;

  *n_fields = 0;
  if (info->get_type == NULL)
    return NULL;
  type_class = g_type_class_ref (info->get_type ());
  /* The table is static: it outlives the reference. */
  return mc_record_class_get_fields (MC_RECORD_CLASS (type_class), n_fields);
}

static const McField *
record_field (const RecordInfo *info,
              const char       *column)
{
  guint n_fields;
  const McField *fields = record_fields (info, &n_fields);

  for (guint i = 0; column != NULL && i < n_fields; i++)
    if (strcmp (fields[i].column, column) == 0)
      return &fields[i];

  return NULL;
}

/* The translated label of @column, NULL for a field the forms do not show. */
static const char *
field_label (const RecordInfo *info,
             const char       *column)
{
  const McField *field = record_field (info, column);

  return field != NULL && field->label != NULL ? _(field->label) : NULL;
}

/* How the record type stores @column; MC_FIELD_TEXT when unknown. */
static McFieldKind
field_kind (const char *table,
            const char *column)
{
  const McField *field = record_field (record_info (table), column);

  return field != NULL ? field->kind : MC_FIELD_TEXT;
}

/* Values in words */

static gboolean
is_empty (const char *value)
{
  return value == NULL || *value == '\0';
}

static const char *
answer_text (const char *value)
{
  if (g_strcmp0 (value, "1") == 0)
    return C_("answer", "yes");
  if (g_strcmp0 (value, "0") == 0)
    return C_("answer", "no");
  return C_("answer", "unknown");
}

/* The label of a protocol id: an item of any checklist, a special form. */
static const char *
protocol_label (McProtocol *protocol,
                const char *id)
{
  const McProtocolItem *item;
  const McProtocolSpecialForm *form;

  if (protocol == NULL || id == NULL)
    return NULL;
  if ((item = mc_protocol_lookup_item (protocol, id)) != NULL)
    return item->label;
  if ((form = mc_protocol_lookup_special_form (protocol, id)) != NULL)
    return form->name;
  return NULL;
}

/* A close reason has ids of its own list ("other" is a person role too). */
static const char *
close_reason_label (McProtocol *protocol,
                    const char *id)
{
  const McProtocolItem *item;

  if (protocol == NULL || id == NULL)
    return NULL;
  if ((item = mc_protocol_lookup_close_reason (protocol, id)) != NULL)
    return item->label;
  return NULL;
}

/* Columns whose text is a protocol id. */
static gboolean
column_holds_protocol_id (const RecordInfo *info,
                          const char       *column)
{
  switch (info->kind)
    {
    case RECORD_PERSON:
    case RECORD_CONSULTATION:
      return g_strcmp0 (column, "role") == 0;
    case RECORD_SIGNAL:
      return g_strcmp0 (column, "category") == 0;
    case RECORD_CONVERSATION:
      return g_strcmp0 (column, "not_held_reason") == 0;
    case RECORD_DECISION:
      return g_strcmp0 (column, "informed_exception") == 0;
    case RECORD_CASE:
    case RECORD_CHECKLIST_ANSWER:
    case RECORD_WEIGHING:
    case RECORD_AFWEGING_ANSWER:
    case RECORD_NORM_OVERRIDE:
    case RECORD_FOLLOW_UP:
    case RECORD_OTHER:
    default:
      return FALSE;
    }
}

/* The words for the values of the store's own lists; NULL for any other
 * value. */
static const char *
fixed_value_label (const RecordInfo *info,
                   const char       *column,
                   const char       *value)
{
  static const struct
  {
    RecordKind  kind;
    const char *column;
    const char *value;
    const char *context;
    const char *label;
  } labels[] = {
    { RECORD_SIGNAL,    "status",        "open",           "interpretation", NC_("interpretation", "not yet confirmed or refuted") },
    { RECORD_SIGNAL,    "status",        "confirmed",      "interpretation", NC_("interpretation", "confirmed") },
    { RECORD_SIGNAL,    "status",        "refuted",        "interpretation", NC_("interpretation", "refuted") },
    { RECORD_FOLLOW_UP, "state",         "open",           "agreement",      NC_("agreement", "open") },
    { RECORD_FOLLOW_UP, "state",         "done",           "agreement",      NC_("agreement", "done") },
    { RECORD_FOLLOW_UP, "state",         "not-done",       "agreement",      NC_("agreement", "not done") },
    { RECORD_DECISION,  "report_method", "phone",          "report method",  NC_("report method", "by phone") },
    { RECORD_DECISION,  "report_method", "phone-and-form", "report method",  NC_("report method", "by phone and with the form") },
    { RECORD_DECISION,  "report_method", "form",           "report method",  NC_("report method", "with the form") },
    { RECORD_DECISION,  "vt_response",   "takes-on",       "vt response",    NC_("vt response", "takes the case on") },
    { RECORD_DECISION,  "vt_response",   "advice",         "vt response",    NC_("vt response", "gives advice") },
    { RECORD_DECISION,  "vt_response",   "refers",         "vt response",    NC_("vt response", "refers to other help") },
    { RECORD_DECISION,  "vt_response",   "declines",       "vt response",    NC_("vt response", "does not take the case on") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (labels[i].kind == info->kind && g_strcmp0 (labels[i].column, column) == 0
        && strcmp (labels[i].value, value) == 0)
      return g_dpgettext2 (NULL, labels[i].context, labels[i].label);

  return NULL;
}

/* @value of @column in words; NULL when empty (but an unanswered question
 * reads "unknown"). */
static char *
value_in_words (const RecordInfo *info,
                const char       *table,
                const char       *column,
                const char       *value,
                McProtocol       *protocol)
{
  McFieldKind kind = field_kind (table, column);
  const char *label;

  if (kind == MC_FIELD_ANSWER)
    return g_strdup (answer_text (is_empty (value) ? NULL : value));

  if (is_empty (value))
    return NULL;

  switch (kind)
    {
    case MC_FIELD_BOOLEAN:
      return g_strdup (answer_text (value));

    case MC_FIELD_DATE:
      {
        GDate date;

        g_date_clear (&date, 1);
        if (mc_date_from_iso8601 (value, &date))
          return mc_format_date (&date);
        return g_strdup (value);
      }

    case MC_FIELD_TIMESTAMP:
      {
        g_autoptr(GDateTime) date_time = g_date_time_new_from_iso8601 (value, NULL);

        if (date_time != NULL)
          return mc_format_date_time (date_time);
        return g_strdup (value);
      }

    case MC_FIELD_LINES:
      {
        g_auto(GStrv) lines = g_strsplit (value, "\n", -1);

        for (guint i = 0; lines[i] != NULL; i++)
          if ((label = protocol_label (protocol, lines[i])) != NULL)
            {
              g_free (lines[i]);
              lines[i] = g_strdup (label);
            }
        return g_strjoinv (", ", lines);
      }

    case MC_FIELD_INTEGER:
    case MC_FIELD_TEXT:
    case MC_FIELD_ANSWER:
    default:
      break;
    }

  if (info->kind == RECORD_CASE && g_strcmp0 (column, "close_reason") == 0)
    {
      if ((label = close_reason_label (protocol, value)) != NULL)
        return g_strdup (label);
    }
  else if (column_holds_protocol_id (info, column) && (label = protocol_label (protocol, value)) != NULL)
    return g_strdup (label);

  if (info->kind == RECORD_SIGNAL && g_strcmp0 (column, "nature") == 0)
    {
      if (strcmp (value, "fact") == 0)
        return g_strdup (_("Fact"));
      if (strcmp (value, "interpretation") == 0)
        return g_strdup (_("Interpretation"));
    }
  else if (info->kind == RECORD_CASE && g_strcmp0 (column, "status") == 0)
    {
      if (strcmp (value, "open") == 0)
        return g_strdup (C_("case status", "open"));
      if (strcmp (value, "closed") == 0)
        return g_strdup (C_("case status", "closed"));
    }
  else if (info->kind == RECORD_CHECKLIST_ANSWER && g_strcmp0 (column, "value") == 0)
    {
      if (strcmp (value, "yes") == 0)
        return g_strdup (C_("answer", "yes"));
      if (strcmp (value, "no") == 0)
        return g_strdup (C_("answer", "no"));
    }
  else if ((label = fixed_value_label (info, column, value)) != NULL)
    return g_strdup (label);

  return g_strdup (value);
}

/* The first line of @text, cut at SHORT_VALUE_CHARS; *@cut says whether
 * anything was left out. */
static char *
shorten (const char *text,
         gboolean   *cut)
{
  const char *end = strchr (text, '\n');
  g_autofree char *line = end != NULL ? g_strndup (text, end - text) : g_strdup (text);

  *cut = end != NULL;
  if (g_utf8_strlen (line, -1) > SHORT_VALUE_CHARS)
    {
      g_autofree char *part = g_utf8_substring (line, 0, SHORT_VALUE_CHARS);

      *cut = TRUE;
      return g_strconcat (g_strchomp (part), "…", NULL);
    }
  if (*cut)
    return g_strconcat (line, "…", NULL);

  return g_steal_pointer (&line);
}

/* The content of a created or removed record */

static char *
unescape (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      g_string_append_c (out, *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p);
    }

  return g_string_free (out, FALSE);
}

/* "column=value" lines (see mc_record_serialize()) as column -> value. */
static GHashTable *
parse_content (const char *content)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;

  if (content == NULL)
    return values;

  lines = g_strsplit (content, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *equals = strchr (lines[i], '=');

      if (equals == NULL || equals == lines[i])
        continue;
      g_hash_table_replace (values, g_strndup (lines[i], equals - lines[i]), unescape (equals + 1));
    }

  return values;
}

/* The one field the forms show that a created record holds, or NULL when
 * it holds none or several. */
static const char *
only_field (const RecordInfo *info,
            GHashTable       *content)
{
  const char *found = NULL;
  guint n_fields;
  const McField *fields = record_fields (info, &n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      const char *value;

      if (fields[i].label == NULL)
        continue;
      value = g_hash_table_lookup (content, fields[i].column);
      if (is_empty (value))
        continue;
      if (found != NULL)
        return NULL;
      found = fields[i].column;
    }

  return found;
}

/* The sentences */

static const char *
added_text (const RecordInfo *info)
{
  switch (info->kind)
    {
    case RECORD_CASE:
      return _("Created the case");
    case RECORD_PERSON:
      return _("Added a person");
    case RECORD_SIGNAL:
      return _("Added a signal");
    case RECORD_CHECKLIST_ANSWER:
      return _("Answered a kindcheck question");
    case RECORD_CONSULTATION:
      return _("Added a consultation");
    case RECORD_CONVERSATION:
      return _("Added a conversation");
    case RECORD_WEIGHING:
      return _("Recorded the weighing");
    case RECORD_AFWEGING_ANSWER:
      return _("Answered a question of the afwegingskader");
    case RECORD_DECISION:
      return _("Recorded the decision");
    case RECORD_NORM_OVERRIDE:
      return _("Overrode a meldnorm");
    case RECORD_FOLLOW_UP:
      return _("Added a follow-up agreement");
    case RECORD_OTHER:
    default:
      return _("Added a record");
    }
}

static const char *
removed_text (const RecordInfo *info)
{
  switch (info->kind)
    {
    case RECORD_CASE:
      return _("Deleted the case");
    case RECORD_PERSON:
      return _("Removed a person");
    case RECORD_SIGNAL:
      return _("Removed a signal");
    case RECORD_CHECKLIST_ANSWER:
      return _("Removed an answer of the kindcheck");
    case RECORD_CONSULTATION:
      return _("Removed a consultation");
    case RECORD_CONVERSATION:
      return _("Removed a conversation");
    case RECORD_WEIGHING:
      return _("Removed the weighing");
    case RECORD_AFWEGING_ANSWER:
      return _("Removed an answer of the afwegingskader");
    case RECORD_DECISION:
      return _("Removed the decision");
    case RECORD_NORM_OVERRIDE:
      return _("Removed the override of a meldnorm");
    case RECORD_FOLLOW_UP:
      return _("Removed a follow-up agreement");
    case RECORD_OTHER:
    default:
      return _("Removed a record");
    }
}

/* "Changed “<label>” of signal 2"; @label NULL for a field the forms do
 * not show. */
static char *
changed_text (const RecordInfo *info,
              const char       *label,
              guint             number)
{
  if (label == NULL)
    {
      switch (info->kind)
        {
        case RECORD_CASE:
          return g_strdup (_("Changed a field of the case"));
        case RECORD_PERSON:
          return g_strdup_printf (_("Changed a field of person %u"), number);
        case RECORD_SIGNAL:
          return g_strdup_printf (_("Changed a field of signal %u"), number);
        case RECORD_CHECKLIST_ANSWER:
          return g_strdup (_("Changed an answer of the kindcheck"));
        case RECORD_CONSULTATION:
          return g_strdup_printf (_("Changed a field of consultation %u"), number);
        case RECORD_CONVERSATION:
          return g_strdup_printf (_("Changed a field of conversation %u"), number);
        case RECORD_WEIGHING:
          return g_strdup (_("Changed a field of the weighing"));
        case RECORD_AFWEGING_ANSWER:
          return g_strdup (_("Changed an answer of the afwegingskader"));
        case RECORD_DECISION:
          return g_strdup (_("Changed a field of the decision"));
        case RECORD_NORM_OVERRIDE:
          return g_strdup (_("Changed the override of a meldnorm"));
        case RECORD_FOLLOW_UP:
          return g_strdup_printf (_("Changed a field of follow-up agreement %u"), number);
        case RECORD_OTHER:
        default:
          return g_strdup (_("Changed a record"));
        }
    }

  switch (info->kind)
    {
    case RECORD_CASE:
      /* Translators: in the history of a case; %s is the label of a field
       * as the form shows it. */
      return g_strdup_printf (_("Changed “%s” of the case"), label);
    case RECORD_PERSON:
      return g_strdup_printf (_("Changed “%s” of person %u"), label, number);
    case RECORD_SIGNAL:
      /* Translators: in the history of a case; %s is the label of a field
       * as the form shows it, %u the number of the signal (signal 2 is the
       * second signal recorded in the case). The same for the other
       * records. */
      return g_strdup_printf (_("Changed “%s” of signal %u"), label, number);
    case RECORD_CONSULTATION:
      return g_strdup_printf (_("Changed “%s” of consultation %u"), label, number);
    case RECORD_CONVERSATION:
      return g_strdup_printf (_("Changed “%s” of conversation %u"), label, number);
    case RECORD_WEIGHING:
      return g_strdup_printf (_("Changed “%s” of the weighing"), label);
    case RECORD_DECISION:
      return g_strdup_printf (_("Changed “%s” of the decision"), label);
    case RECORD_NORM_OVERRIDE:
      /* Translators: in the history of a case; %s is the label of a field
       * of a meldnorm the professional overrode. */
      return g_strdup_printf (_("Changed “%s” of the override of a meldnorm"), label);
    case RECORD_FOLLOW_UP:
      return g_strdup_printf (_("Changed “%s” of follow-up agreement %u"), label, number);
    case RECORD_CHECKLIST_ANSWER:
    case RECORD_AFWEGING_ANSWER:
    case RECORD_OTHER:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* What an answer is about, shortened: the kindcheck item or the
 * afwegingskader question; NULL when @protocol does not say. */
static char *
subject_label (const RecordInfo     *info,
               const McHistoryEntry *entry,
               McProtocol           *protocol)
{
  const char *text = NULL;
  gboolean cut;

  if (protocol == NULL || entry->subject == NULL)
    return NULL;

  if (info->kind == RECORD_CHECKLIST_ANSWER)
    {
      const McProtocolItem *item = mc_protocol_lookup_item (protocol, entry->subject);

      text = item != NULL ? item->label : NULL;
    }
  else if (info->kind == RECORD_AFWEGING_ANSWER)
    {
      const McProtocolQuestion *question = mc_protocol_lookup_question (protocol, entry->subject);

      text = question != NULL ? question->text : NULL;
    }
  else if (info->kind == RECORD_NORM_OVERRIDE)
    {
      const McProtocolRule *rule = mc_protocol_lookup_rule (protocol, entry->subject);

      text = rule != NULL ? rule->text : NULL;
    }

  return text != NULL ? shorten (text, &cut) : NULL;
}

/* The sentence for an answer to a kindcheck item or an afwegingskader
 * question (@column "value" or "answer"), or its note. */
static char *
answer_sentence (const RecordInfo     *info,
                 const McHistoryEntry *entry,
                 const char           *column,
                 gboolean              added,
                 McProtocol           *protocol)
{
  g_autofree char *subject = subject_label (info, entry, protocol);
  gboolean is_note = info->kind == RECORD_AFWEGING_ANSWER && g_strcmp0 (column, "note") == 0;

  if (is_note)
    {
      if (subject != NULL)
        /* Translators: %s is a question of the afwegingskader. */
        return g_strdup_printf (_("Changed the note on “%s”"), subject);
      return g_strdup (_("Changed a note in the afwegingskader"));
    }

  if (subject != NULL)
    {
      if (added)
        /* Translators: %s is a question of the kindcheck or the afwegingskader. */
        return g_strdup_printf (_("Answered “%s”"), subject);
      /* Translators: %s is a question of the kindcheck or the afwegingskader. */
      return g_strdup_printf (_("Changed the answer to “%s”"), subject);
    }

  if (added)
    return g_strdup (added_text (info));
  return changed_text (info, NULL, 0);
}

/* "<sentence>: <old> → <new>", or with the new value only when there was
 * none before. */
static char *
with_values (const char *sentence,
             const char *old_words,
             const char *new_words,
             gboolean   *cut)
{
  g_autofree char *old_short = NULL;
  g_autofree char *new_short = NULL;
  gboolean old_cut = FALSE;
  gboolean new_cut = FALSE;

  *cut = FALSE;
  if (old_words == NULL && new_words == NULL)
    return g_strdup (sentence);

  new_short = new_words != NULL ? shorten (new_words, &new_cut) : g_strdup (_("(empty)"));
  if (old_words == NULL)
    {
      *cut = new_cut;
      /* Translators: a change in the history of a case: what changed and
       * the value it got. */
      return g_strdup_printf (_("%s: %s"), sentence, new_short);
    }

  old_short = shorten (old_words, &old_cut);
  *cut = old_cut || new_cut;
  /* Translators: a change in the history of a case: what changed, the
   * value before and the value after. */
  return g_strdup_printf (_("%s: %s → %s"), sentence, old_short, new_short);
}

/* The export's detail is "<format>[ <variant>] <path>": the variant is
 * "anonymous", "family" (the family copy) or "disclosure-<requester>" (a
 * copy of the file for inzage); the path is absolute, so it never starts
 * with one of these words. */
typedef enum
{
  EXPORT_FULL,
  EXPORT_ANONYMOUS,
  EXPORT_FAMILY,
  EXPORT_DISCLOSURE_CLIENT,
  EXPORT_DISCLOSURE_PARENT,
  EXPORT_DISCLOSURE_YOUNG_PERSON,
} ExportVariant;

static void
parse_export (const char     *detail,
              char          **format,
              ExportVariant  *variant,
              const char    **path)
{
  static const struct { const char *word; ExportVariant variant; } variants[] = {
    { "anonymous ", EXPORT_ANONYMOUS },
    { "family ", EXPORT_FAMILY },
    { "disclosure-client ", EXPORT_DISCLOSURE_CLIENT },
    { "disclosure-parent ", EXPORT_DISCLOSURE_PARENT },
    { "disclosure-young-person ", EXPORT_DISCLOSURE_YOUNG_PERSON },
  };
  const char *space;

  *format = NULL;
  *variant = EXPORT_FULL;
  *path = NULL;
  if (is_empty (detail))
    return;

  space = strchr (detail, ' ');
  *format = g_ascii_strup (detail, space != NULL ? space - detail : -1);
  if (space == NULL)
    return;

  *path = space + 1;
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    if (g_str_has_prefix (*path, variants[i].word))
      {
        *variant = variants[i].variant;
        *path += strlen (variants[i].word);
        break;
      }
}

static char *
describe_event (const McHistoryEntry *entry)
{
  g_autofree char *format = NULL;
  ExportVariant variant;
  const char *path;

  switch (entry->event)
    {
    case MC_AUDIT_EVENT_EXPORT:
      parse_export (entry->new_value, &format, &variant, &path);
      if (format == NULL)
        return g_strdup (_("Exported the report"));
      /* A case file (mc-store-transfer.h) is the whole case, not a report. */
      if (g_strcmp0 (format, "MELDCASE") == 0)
        return g_strdup (_("Handed the case over in a case file"));
      switch (variant)
        {
        case EXPORT_ANONYMOUS:
          /* Translators: %s is the file format, "PDF" or "XML". */
          return g_strdup_printf (_("Exported the anonymised report (%s)"), format);
        case EXPORT_FAMILY:
          /* Translators: %s is the file format, "PDF" or "XML". */
          return g_strdup_printf (_("Exported the family copy of the report (%s)"), format);
        case EXPORT_DISCLOSURE_CLIENT:
          /* Translators: inzage, a disclosure; %s is the file format. */
          return g_strdup_printf (_("Gave the client a copy of the file (%s)"), format);
        case EXPORT_DISCLOSURE_PARENT:
          /* Translators: inzage, a disclosure; %s is the file format. */
          return g_strdup_printf (_("Gave a parent a copy of the file (%s)"), format);
        case EXPORT_DISCLOSURE_YOUNG_PERSON:
          /* Translators: inzage, a disclosure; %s is the file format. */
          return g_strdup_printf (_("Gave the young person a copy of the file (%s)"), format);
        case EXPORT_FULL:
        default:
          /* Translators: %s is the file format, "PDF" or "XML". */
          return g_strdup_printf (_("Exported the report (%s)"), format);
        }
    case MC_AUDIT_EVENT_PRINT:
      return g_strdup (_("Printed the report"));
    case MC_AUDIT_EVENT_IMPORT:
      if (g_str_has_prefix (entry->new_value != NULL ? entry->new_value : "", "meldcase "))
        return g_strdup (_("Received the case in a case file"));
      return g_strdup (_("Imported the case"));
    case MC_AUDIT_EVENT_BACKUP:
      return g_strdup (_("Made a backup"));
    case MC_AUDIT_EVENT_RESTORE:
      return g_strdup (_("Restored a backup"));
    case MC_AUDIT_EVENT_UNLOCK:
      return g_strdup (_("Unlocked the case store"));
    case MC_AUDIT_EVENT_LOCK:
      return g_strdup (_("Locked the case store"));
    case MC_AUDIT_EVENT_VIEW:
      return g_strdup (_("Opened the case"));
    case MC_AUDIT_EVENT_DESTROY:
      return g_strdup (_("Destroyed the case"));
    case MC_AUDIT_EVENT_CREATE:
    case MC_AUDIT_EVENT_CHANGE:
    case MC_AUDIT_EVENT_DELETE:
    case MC_AUDIT_EVENT_CLOSE:
    case MC_AUDIT_EVENT_REOPEN:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A change, or a created record that holds one field (the weighing and
 * the decision are stored with their first answer), said alike. */
static char *
describe_field_change (const RecordInfo     *info,
                       const McHistoryEntry *entry,
                       const char           *column,
                       const char           *old_value,
                       const char           *new_value,
                       gboolean              added,
                       McProtocol           *protocol,
                       gboolean             *cut)
{
  g_autofree char *sentence = NULL;
  g_autofree char *old_words = NULL;
  g_autofree char *new_words = NULL;
  const char *label = field_label (info, column);

  if (info->kind == RECORD_CHECKLIST_ANSWER || info->kind == RECORD_AFWEGING_ANSWER)
    sentence = answer_sentence (info, entry, column, added, protocol);
  else if (info->kind == RECORD_OTHER)
    sentence = changed_text (info, NULL, 0);
  else
    sentence = changed_text (info, label, entry->entity_number);

  /* Values of a field the forms do not show say nothing to a reader. */
  if (label == NULL)
    {
      *cut = FALSE;
      return g_steal_pointer (&sentence);
    }

  /* A first answer has no "unknown" before it. */
  if (!added)
    old_words = value_in_words (info, entry->entity, column, old_value, protocol);
  new_words = value_in_words (info, entry->entity, column, new_value, protocol);

  return with_values (sentence, old_words, new_words, cut);
}

static const char *
round_kind_text (const char *kind)
{
  /* Translators: what a new decision round is, in "Decision round 2
   * started (evaluation)". */
  if (g_strcmp0 (kind, "evaluation") == 0)
    return C_("decision round", "evaluation");
  if (g_strcmp0 (kind, "report-again") == 0)
    return C_("decision round", "new report");
  if (g_strcmp0 (kind, "reweigh") == 0)
    return C_("decision round", "new weighing");
  return NULL;
}

/* The sentence of a decision round that started or was sealed; NULL when
 * @entry is neither. */
static char *
describe_round (const McHistoryEntry *entry)
{
  g_autoptr(GHashTable) content = NULL;
  const char *kind;

  if (g_strcmp0 (entry->entity, "decisions") != 0)
    return NULL;

  if (entry->event == MC_AUDIT_EVENT_CHANGE && g_strcmp0 (entry->field, "sealed_at") == 0
      && !is_empty (entry->new_value))
    /* Translators: in the history of a case, when the next decision round
     * starts; %u is the round that ends. */
    return g_strdup_printf (_("Decision round %u closed"), MAX (entry->round, 1));

  if (entry->event != MC_AUDIT_EVENT_CREATE || entry->round <= 1)
    return NULL;

  content = parse_content (entry->new_value);
  if ((kind = round_kind_text (g_hash_table_lookup (content, "kind"))) != NULL)
    /* Translators: in the history of a case; %u is the number of the
     * round, %s what it is ("evaluation", "new report", "new weighing"). */
    return g_strdup_printf (_("Decision round %u started (%s)"), entry->round, kind);
  /* Translators: in the history of a case; %u is the number of the round. */
  return g_strdup_printf (_("Decision round %u started"), entry->round);
}

/* "Case closed: <reason> (<note>)", "Case reopened: <note>". */
static char *
describe_closing (const McHistoryEntry *entry,
                  McProtocol           *protocol,
                  gboolean             *cut)
{
  g_autoptr(GHashTable) content = parse_content (entry->new_value);
  const char *note = g_hash_table_lookup (content, entry->event == MC_AUDIT_EVENT_CLOSE ? "close_note" : "note");
  g_autofree char *short_note = !is_empty (note) ? shorten (note, cut) : NULL;
  const char *reason;
  const char *label;

  if (entry->event == MC_AUDIT_EVENT_REOPEN)
    {
      if (short_note == NULL)
        return g_strdup (_("Case reopened"));
      /* Translators: in the history of a case; %s is why it was reopened. */
      return g_strdup_printf (_("Case reopened: %s"), short_note);
    }

  reason = g_hash_table_lookup (content, "close_reason");
  label = close_reason_label (protocol, reason);
  if (label == NULL)
    label = reason;
  if (is_empty (label))
    return g_strdup (_("Case closed"));
  if (short_note == NULL)
    /* Translators: in the history of a case; %s is the reason, as the
     * protocol's list of reasons for closing says it. */
    return g_strdup_printf (_("Case closed: %s"), label);
  /* Translators: in the history of a case; the first %s is the reason, as
   * the protocol's list of reasons for closing says it, the second the
   * note that goes with it. */
  return g_strdup_printf (_("Case closed: %s (%s)"), label, short_note);
}

static char *
describe_record (const McHistoryEntry *entry,
                 McProtocol           *protocol,
                 gboolean             *cut)
{
  const RecordInfo *info = record_info (entry->entity);
  g_autoptr(GHashTable) content = NULL;
  const char *column;

  switch (entry->event)
    {
    case MC_AUDIT_EVENT_CREATE:
      content = parse_content (entry->new_value);
      if (info->single && info->kind != RECORD_CASE
          && (column = only_field (info, content)) != NULL)
        return describe_field_change (info, entry, column, NULL, g_hash_table_lookup (content, column),
                                      TRUE, protocol, cut);
      if (info->kind == RECORD_CHECKLIST_ANSWER || info->kind == RECORD_AFWEGING_ANSWER)
        return answer_sentence (info, entry, NULL, TRUE, protocol);
      if (info->kind == RECORD_NORM_OVERRIDE)
        {
          g_autofree char *rule = subject_label (info, entry, protocol);

          if (rule != NULL)
            /* Translators: in the history of a case; %s is the text of a
             * meldnorm the professional decided does not apply. */
            return g_strdup_printf (_("Overrode the meldnorm “%s”"), rule);
        }
      return g_strdup (added_text (info));

    case MC_AUDIT_EVENT_DELETE:
      return g_strdup (removed_text (info));

    case MC_AUDIT_EVENT_CHANGE:
      return describe_field_change (info, entry, entry->field, entry->old_value, entry->new_value,
                                    FALSE, protocol, cut);

    case MC_AUDIT_EVENT_EXPORT:
    case MC_AUDIT_EVENT_PRINT:
    case MC_AUDIT_EVENT_IMPORT:
    case MC_AUDIT_EVENT_BACKUP:
    case MC_AUDIT_EVENT_RESTORE:
    case MC_AUDIT_EVENT_UNLOCK:
    case MC_AUDIT_EVENT_LOCK:
    case MC_AUDIT_EVENT_VIEW:
    case MC_AUDIT_EVENT_DESTROY:
    case MC_AUDIT_EVENT_CLOSE:
    case MC_AUDIT_EVENT_REOPEN:
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
describe (const McHistoryEntry *entry,
          McProtocol           *protocol,
          gboolean             *cut)
{
  g_autofree char *sentence = NULL;

  *cut = FALSE;

  switch (entry->event)
    {
    case MC_AUDIT_EVENT_CREATE:
    case MC_AUDIT_EVENT_DELETE:
    case MC_AUDIT_EVENT_CHANGE:
      if ((sentence = describe_round (entry)) != NULL)
        return g_steal_pointer (&sentence);
      sentence = describe_record (entry, protocol, cut);
      /* Later rounds say which: the first is all a case had before. */
      if (entry->round > 1)
        /* Translators: in the history of a case: a change to a decision,
         * an answer or an overridden meldnorm of a later decision round;
         * %s is what changed, %u the round. */
        return g_strdup_printf (_("%s (round %u)"), sentence, entry->round);
      return g_steal_pointer (&sentence);

    case MC_AUDIT_EVENT_CLOSE:
    case MC_AUDIT_EVENT_REOPEN:
      return describe_closing (entry, protocol, cut);

    case MC_AUDIT_EVENT_EXPORT:
    case MC_AUDIT_EVENT_PRINT:
    case MC_AUDIT_EVENT_IMPORT:
    case MC_AUDIT_EVENT_BACKUP:
    case MC_AUDIT_EVENT_RESTORE:
    case MC_AUDIT_EVENT_UNLOCK:
    case MC_AUDIT_EVENT_LOCK:
    case MC_AUDIT_EVENT_VIEW:
    case MC_AUDIT_EVENT_DESTROY:
    default:
      return describe_event (entry);
    }
}

char *
mc_history_entry_describe_with_protocol (const McHistoryEntry *entry,
                                         McProtocol           *protocol)
{
  gboolean cut;

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (protocol == NULL || MC_IS_PROTOCOL (protocol), NULL);

  return describe (entry, protocol, &cut);
}

char *
mc_history_entry_describe (const McHistoryEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  return mc_history_entry_describe_with_protocol (entry, NULL);
}

/* "Label: value" for each field of @content the forms show. */
static char *
content_details (const RecordInfo *info,
                 const char       *table,
                 const char       *content_text,
                 McProtocol       *protocol)
{
  g_autoptr(GHashTable) content = parse_content (content_text);
  GString *out = g_string_new (NULL);
  guint n_fields;
  const McField *fields = record_fields (info, &n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      const char *column = fields[i].column;
      g_autofree char *words = NULL;

      if (fields[i].label == NULL || !g_hash_table_contains (content, column))
        continue;
      /* A part not marked "niet voor de familie" says nothing by it. */
      if (g_str_has_suffix (column, "not_for_family")
          && g_strcmp0 (g_hash_table_lookup (content, column), "1") != 0)
        continue;
      words = value_in_words (info, table, column, g_hash_table_lookup (content, column), protocol);
      if (words == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      /* Translators: a field of a record added or removed, in the history
       * of a case: its label and its value. */
      g_string_append_printf (out, _("%s: %s"), _(fields[i].label), words);
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* The full old and new values of a change the description cut short. */
static char *
change_details (const RecordInfo     *info,
                const McHistoryEntry *entry,
                const char           *column,
                const char           *old_value,
                const char           *new_value,
                McProtocol           *protocol)
{
  g_autofree char *old_words = value_in_words (info, entry->entity, column, old_value, protocol);
  g_autofree char *new_words = value_in_words (info, entry->entity, column, new_value, protocol);

  if (old_words == NULL)
    return g_steal_pointer (&new_words);

  /* Translators: the full text before and after a change, in the history
   * of a case. */
  return g_strdup_printf (_("Before: %s\nAfter: %s"), old_words,
                          new_words != NULL ? new_words : _("(empty)"));
}

char *
mc_history_entry_dup_details (const McHistoryEntry *entry,
                              McProtocol           *protocol)
{
  const RecordInfo *info;
  g_autoptr(GHashTable) content = NULL;
  g_autofree char *format = NULL;
  const char *column;
  const char *path;
  ExportVariant variant;
  gboolean cut;
  g_autofree char *line = NULL;

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (protocol == NULL || MC_IS_PROTOCOL (protocol), NULL);

  info = record_info (entry->entity);
  line = describe (entry, protocol, &cut);

  switch (entry->event)
    {
    case MC_AUDIT_EVENT_CREATE:
      content = parse_content (entry->new_value);
      if (info->single && info->kind != RECORD_CASE
          && (column = only_field (info, content)) != NULL)
        return cut ? change_details (info, entry, column, NULL, g_hash_table_lookup (content, column),
                                     protocol)
                   : NULL;
      return content_details (info, entry->entity, entry->new_value, protocol);

    case MC_AUDIT_EVENT_DELETE:
      return content_details (info, entry->entity, entry->old_value, protocol);

    case MC_AUDIT_EVENT_CHANGE:
      if (!cut)
        return NULL;
      return change_details (info, entry, entry->field, entry->old_value, entry->new_value, protocol);

    case MC_AUDIT_EVENT_EXPORT:
      parse_export (entry->new_value, &format, &variant, &path);
      if (is_empty (path))
        return NULL;
      /* Translators: the file an export wrote, in the history of a case. */
      return g_strdup_printf (_("Written to %s"), path);

    case MC_AUDIT_EVENT_CLOSE:
      return content_details (info, entry->entity, entry->new_value, protocol);

    case MC_AUDIT_EVENT_REOPEN:
      {
        g_autofree char *was = content_details (info, entry->entity, entry->old_value, protocol);
        g_autofree char *note = NULL;

        content = parse_content (entry->new_value);
        if (cut)
          note = g_strdup (g_hash_table_lookup (content, "note"));
        if (note == NULL || was == NULL)
          return note != NULL ? g_steal_pointer (&note) : g_steal_pointer (&was);
        return g_strconcat (note, "\n", was, NULL);
      }

    case MC_AUDIT_EVENT_PRINT:
    case MC_AUDIT_EVENT_IMPORT:
    case MC_AUDIT_EVENT_BACKUP:
    case MC_AUDIT_EVENT_RESTORE:
    case MC_AUDIT_EVENT_UNLOCK:
    case MC_AUDIT_EVENT_LOCK:
    case MC_AUDIT_EVENT_VIEW:
    case MC_AUDIT_EVENT_DESTROY:
    default:
      return NULL;
    }
}

char *
mc_history_entry_dup_actor (const McHistoryEntry *entry)
{
  g_autofree char *who = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  if (is_empty (entry->user_name))
    who = g_strdup (_("Unknown user"));
  else if (is_empty (entry->user_role))
    who = g_strdup (entry->user_name);
  else
    /* Translators: who made a change: a name and a role, "Eva de Wit
     * (Begeleider)". */
    who = g_strdup_printf (_("%s (%s)"), entry->user_name, entry->user_role);

  if (is_empty (entry->on_behalf_of))
    return g_steal_pointer (&who);

  /* Translators: who made a change, and for whom. */
  return g_strdup_printf (_("%s, on behalf of %s"), who, entry->on_behalf_of);
}

/* Merging the saves of one edit */

/* Two saves of one field, or one person opening the case again: the
 * opening that counts is the last. */
static gboolean
same_edit (const McHistoryEntry *newer,
           const McHistoryEntry *older,
           GTimeSpan             window)
{
  gboolean same_field = newer->event == MC_AUDIT_EVENT_CHANGE && older->event == MC_AUDIT_EVENT_CHANGE
                        && newer->field != NULL
                        && g_strcmp0 (newer->entity, older->entity) == 0
                        && newer->entity_id == older->entity_id
                        && g_strcmp0 (newer->field, older->field) == 0;
  gboolean reopened = newer->event == MC_AUDIT_EVENT_VIEW && older->event == MC_AUDIT_EVENT_VIEW;

  return (same_field || reopened)
         && g_strcmp0 (newer->user_name, older->user_name) == 0
         && g_strcmp0 (newer->user_role, older->user_role) == 0
         && g_strcmp0 (newer->on_behalf_of, older->on_behalf_of) == 0
         && newer->at != NULL && older->at != NULL
         && g_date_time_difference (newer->at, older->at) <= window;
}

/* A change of a field, or a run of them, that ends where it began
 * ("…begreep het. → …begreep het."): text typed and taken back, or a
 * save of what was there. Empty and unset are the same to a reader. */
static gboolean
changes_nothing (const McHistoryEntry *newest,
                 const McHistoryEntry *oldest)
{
  if (newest->event != MC_AUDIT_EVENT_CHANGE || newest->field == NULL)
    return FALSE;
  if (is_empty (oldest->old_value) && is_empty (newest->new_value))
    return TRUE;
  return g_strcmp0 (oldest->old_value, newest->new_value) == 0;
}

GPtrArray *
mc_history_merge_edits (GPtrArray *entries,
                        GTimeSpan  window)
{
  GPtrArray *merged;

  g_return_val_if_fail (entries != NULL, NULL);
  g_return_val_if_fail (window >= 0, NULL);

  merged = g_ptr_array_new_full (entries->len, (GDestroyNotify) mc_history_entry_unref);

  for (guint i = 0; i < entries->len;)
    {
      McHistoryEntry *newest = g_ptr_array_index (entries, i);
      const McHistoryEntry *oldest;
      guint last = i;

      while (last + 1 < entries->len
             && same_edit (g_ptr_array_index (entries, last), g_ptr_array_index (entries, last + 1), window))
        last++;

      oldest = g_ptr_array_index (entries, last);
      if (changes_nothing (newest, oldest))
        ;
      else if (last == i)
        g_ptr_array_add (merged, mc_history_entry_ref (newest));
      else
        {
          McHistoryEntry *edit = entry_copy (newest);

          g_free (edit->old_value);
          edit->old_value = g_strdup (oldest->old_value);
          g_ptr_array_add (merged, edit);
        }

      i = last + 1;
    }

  return merged;
}

/* Building the entries from the rows */

typedef struct
{
  guint  number;
  char  *subject;
  guint  round;
} SeenRecord;

static void
seen_record_free (gpointer data)
{
  SeenRecord *seen = data;

  g_free (seen->subject);
  g_free (seen);
}

struct _McHistoryBuilder
{
  GPtrArray  *entries;      /* oldest first */
  GHashTable *records;      /* "<table> <id>" -> SeenRecord */
  GHashTable *counts;       /* table -> records of it so far */
};

McHistoryBuilder *
mc_history_builder_new (void)
{
  McHistoryBuilder *self = g_new0 (McHistoryBuilder, 1);

  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_history_entry_unref);
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, seen_record_free);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return self;
}

void
mc_history_builder_free (McHistoryBuilder *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->records, g_hash_table_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_free (self);
}

static gboolean
event_from_string (const char   *text,
                   McAuditEvent *event)
{
  for (McAuditEvent e = MC_AUDIT_EVENT_CREATE; e <= MC_AUDIT_EVENT_LAST; e++)
    if (g_strcmp0 (mc_audit_event_to_string (e), text) == 0)
      {
        *event = e;
        return TRUE;
      }

  return FALSE;
}

static gboolean
record_has_rounds (const RecordInfo *info)
{
  return info->kind == RECORD_DECISION || info->kind == RECORD_AFWEGING_ANSWER
         || info->kind == RECORD_NORM_OVERRIDE;
}

/* The store saves a follow-up's "done" and "state" together (see
 * McFollowUp), the one that was set first: the second row says nothing
 * the first did not. */
static gboolean
is_follow_up_echo (McHistoryBuilder *self,
                   gint64            id,
                   McAuditEvent      event,
                   const char       *entity,
                   gint64            entity_id,
                   const char       *field)
{
  const McHistoryEntry *before;
  const char *partner;

  if (event != MC_AUDIT_EVENT_CHANGE || g_strcmp0 (entity, "follow_ups") != 0 || self->entries->len == 0)
    return FALSE;
  if (g_strcmp0 (field, "done") == 0)
    partner = "state";
  else if (g_strcmp0 (field, "state") == 0)
    partner = "done";
  else
    return FALSE;

  before = g_ptr_array_index (self->entries, self->entries->len - 1);
  return before->id == id - 1 && before->event == MC_AUDIT_EVENT_CHANGE
         && g_strcmp0 (before->entity, entity) == 0 && before->entity_id == entity_id
         && g_strcmp0 (before->field, partner) == 0;
}

/* Each time a record is added it gets the next number of its table (an id
 * the database gives again after a removal is a new record), and what it
 * is about when it is an answer. */
static SeenRecord *
see_record (McHistoryBuilder *self,
            McAuditEvent      event,
            const char       *entity,
            gint64            entity_id,
            const char       *content)
{
  const RecordInfo *info = record_info (entity);
  g_autofree char *key = g_strdup_printf ("%s %" G_GINT64_FORMAT, entity, entity_id);
  SeenRecord *seen = g_hash_table_lookup (self->records, key);
  guint count;

  if (seen != NULL && event != MC_AUDIT_EVENT_CREATE)
    return seen;

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, entity)) + 1;
  g_hash_table_replace (self->counts, g_strdup (entity), GUINT_TO_POINTER (count));

  seen = g_new0 (SeenRecord, 1);
  seen->number = count;
  if (info->subject_column != NULL || record_has_rounds (info))
    {
      g_autoptr(GHashTable) values = parse_content (content);
      const char *round = g_hash_table_lookup (values, "round");
      guint64 number = 1;

      if (info->subject_column != NULL)
        seen->subject = g_strdup (g_hash_table_lookup (values, info->subject_column));
      /* Rows from before decision rounds name none: all was round 1. */
      if (record_has_rounds (info)
          && (round == NULL || !g_ascii_string_to_unsigned (round, 10, 1, G_MAXUINT, &number, NULL)))
        number = 1;
      seen->round = record_has_rounds (info) ? (guint) number : 0;
    }
  g_hash_table_replace (self->records, g_steal_pointer (&key), seen);

  return seen;
}

void
mc_history_builder_add_row (McHistoryBuilder *self,
                            gint64            id,
                            const char       *at,
                            const char       *event,
                            const char       *entity,
                            gint64            entity_id,
                            const char       *field,
                            const char       *old_value,
                            const char       *new_value,
                            const char       *user_name,
                            const char       *user_role,
                            const char       *on_behalf_of)
{
  McHistoryEntry *entry;
  McAuditEvent audit_event;

  g_return_if_fail (self != NULL);

  /* Only what this version writes; a store of a newer one does not open. */
  if (!event_from_string (event, &audit_event))
    {
      g_debug ("Audit row %" G_GINT64_FORMAT ": unknown event", id);
      return;
    }
  if (is_follow_up_echo (self, id, audit_event, entity, entity_id, field))
    return;

  entry = g_atomic_rc_box_new0 (McHistoryEntry);
  entry->id = id;
  entry->at = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  entry->event = audit_event;
  entry->entity = g_strdup (entity);
  entry->entity_id = entity_id;
  entry->field = g_strdup (field);
  entry->old_value = g_strdup (old_value);
  entry->new_value = g_strdup (new_value);
  entry->user_name = g_strdup (user_name);
  entry->user_role = g_strdup (user_role);
  entry->on_behalf_of = g_strdup (on_behalf_of);

  if (entity != NULL && entity_id != 0)
    {
      SeenRecord *seen = see_record (self, audit_event, entity, entity_id,
                                     audit_event == MC_AUDIT_EVENT_DELETE ? old_value : new_value);

      entry->entity_number = seen->number;
      entry->subject = g_strdup (seen->subject);
      entry->round = seen->round;
    }

  g_ptr_array_add (self->entries, entry);
}

GPtrArray *
mc_history_builder_finish (McHistoryBuilder *self)
{
  GPtrArray *entries;

  g_return_val_if_fail (self != NULL, NULL);

  entries = g_ptr_array_new_full (self->entries->len, (GDestroyNotify) mc_history_entry_unref);
  for (guint i = self->entries->len; i > 0; i--)
    g_ptr_array_add (entries, mc_history_entry_ref (g_ptr_array_index (self->entries, i - 1)));

  mc_history_builder_free (self);
  return entries;
}
