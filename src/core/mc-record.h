/* mc-record.h: the base of every stored record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record type declares its table and its fields once, as a McField table
 * given to mc_record_class_install_fields() in its class_init. That table
 * makes the GObject properties (so the UI binds them and generic code can
 * introspect them) and tells the store which column each property lives
 * in, so the store inserts, updates, loads and deletes every type with the
 * same code.
 */

#pragma once

#include <glib-object.h>

/* McAnswer, the tri-state answer: stored as 1 (yes), 0 (no), NULL (unknown). */
#include "mc-protocol.h"
#include "mc-limits.h"

G_BEGIN_DECLS

#define MC_TYPE_ANSWER (mc_answer_get_type ())
GType mc_answer_get_type (void);

typedef enum
{
  MC_FIELD_TEXT,         /* gchararray, TEXT or NULL */
  MC_FIELD_DATE,         /* gchararray "YYYY-MM-DD", TEXT or NULL */
  MC_FIELD_TIMESTAMP,    /* gchararray, UTC ISO 8601 */
  MC_FIELD_BOOLEAN,      /* gboolean, INTEGER 0 or 1 */
  MC_FIELD_ANSWER,       /* McAnswer, INTEGER 1, 0 or NULL */
  MC_FIELD_LINES,        /* GStrv, TEXT with one item per line, or NULL;
                          * items hold no newline */
  MC_FIELD_INTEGER,      /* gint64 >= 0, INTEGER or NULL; 0 is stored as NULL
                          * (what the fields hold, ids and round numbers,
                          * start at 1, so 0 can mean "none" or "not set") */
} McFieldKind;

typedef enum
{
  MC_FIELD_FLAG_NONE     = 0,
  MC_FIELD_FLAG_REQUIRED = 1 << 0,  /* neither NULL nor empty */
  MC_FIELD_FLAG_CREATED  = 1 << 1,  /* set by the store when inserted */
  MC_FIELD_FLAG_UPDATED  = 1 << 2,  /* set by the store on insert and change */
  /* Given when the record is inserted, then changed only by the store's own
   * operations (closing a case, starting a decision round):
   * mc_store_update_field() refuses it. */
  MC_FIELD_FLAG_FIXED    = 1 << 3,
  /* A one-line text (mc-limits.h): a name, id or role of at most
   * MC_LIMIT_NAME_CHARS, or another line of at most MC_LIMIT_LINE_CHARS.
   * Without either, a text field is free text (MC_LIMIT_TEXT_CHARS). */
  MC_FIELD_FLAG_NAME     = 1 << 4,
  MC_FIELD_FLAG_LINE     = 1 << 5,
} McFieldFlags;

typedef struct
{
  const char   *name;     /* property name, "client-name" */
  const char   *column;   /* column name, "client_name" */
  McFieldKind   kind;
  McFieldFlags  flags;
  /* The label the forms give the field, marked with N_() and translated
   * where it is shown (the history of a case), without the hint on how to
   * type it ("(day-month-year)"); NULL for a field the forms do not show. */
  const char   *label;
} McField;

#define MC_TYPE_RECORD (mc_record_get_type ())
G_DECLARE_DERIVABLE_TYPE (McRecord, mc_record, MC, RECORD, GObject)

struct _McRecordClass
{
  GObjectClass parent_class;

  /*< private >*/
  const char    *table;
  const McField *fields;
  guint          n_fields;
  gpointer       padding[8];
};

/* What a text field holds, so how it is sanitised and how long it may be:
 * dates, timestamps and the items of a list are one line. */
McTextKind     mc_field_get_text_kind         (const McField  *field);

/* For a subclass's class_init. @fields must stay valid (a static table);
 * @table is also the entity name in the audit log. */
void           mc_record_class_install_fields (McRecordClass  *klass,
                                               const char     *table,
                                               const McField  *fields,
                                               guint           n_fields);
const char    *mc_record_class_get_table      (McRecordClass  *klass);
const McField *mc_record_class_get_fields     (McRecordClass  *klass,
                                               guint          *n_fields);
/* NULL when the class has no such field. */
const McField *mc_record_class_find_field     (McRecordClass  *klass,
                                               const char     *name);
/* The same by column name ("client_name"); NULL when there is none. */
const McField *mc_record_class_find_column    (McRecordClass  *klass,
                                               const char     *column);

/* 0 until the record is stored. */
gint64       mc_record_get_id        (McRecord           *self);
void         mc_record_set_id        (McRecord           *self,
                                      gint64              id);
/* The case a record belongs to; a McCase's own id. */
gint64       mc_record_get_case_id   (McRecord           *self);
void         mc_record_set_case_id   (McRecord           *self,
                                      gint64              case_id);

/* Typed access to a field by property name, without a GValue; what the
 * getters return is valid until the field changes. */
const char  *mc_record_get_string    (McRecord           *self,
                                      const char         *name);
void         mc_record_set_string    (McRecord           *self,
                                      const char         *name,
                                      const char         *value);
gboolean     mc_record_get_boolean   (McRecord           *self,
                                      const char         *name);
void         mc_record_set_boolean   (McRecord           *self,
                                      const char         *name,
                                      gboolean            value);
McAnswer     mc_record_get_answer    (McRecord           *self,
                                      const char         *name);
void         mc_record_set_answer    (McRecord           *self,
                                      const char         *name,
                                      McAnswer            value);
gint64       mc_record_get_integer   (McRecord           *self,
                                      const char         *name);
void         mc_record_set_integer   (McRecord           *self,
                                      const char         *name,
                                      gint64              value);
const char * const *
             mc_record_get_lines     (McRecord           *self,
                                      const char         *name);
void         mc_record_set_lines     (McRecord           *self,
                                      const char         *name,
                                      const char * const *value);

/* The field as stored: text, "1"/"0" for booleans and answers, lines joined
 * with "\n", integers in decimal; NULL for NULL (and for the integer 0).
 * For the audit log and for comparing. */
char        *mc_record_dup_field_text (McRecord          *self,
                                       const McField     *field);
/* The inverse of mc_record_dup_field_text(): sets @field from its stored
 * text (what a load or an import reads). */
void         mc_record_set_field_text (McRecord          *self,
                                       const McField     *field,
                                       const char        *text);
/* Every field that is set, one "column=value" line each, with backslash,
 * newline and carriage return escaped: what the audit log keeps of a
 * created or deleted record. */
char        *mc_record_serialize      (McRecord          *self);

G_END_DECLS
