/* mc-history.h: a case's audit trail, read back and said in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * mc_store_list_case_history() reads the audit rows of one case into
 * McHistoryEntry values; the functions here say each in words for the
 * person who made the changes, in the words the forms use: "Changed “What
 * was seen or heard” of signal 2: … → …", "Exported the report (PDF)".
 *
 * Records are numbered per case and type in the order they were added, so
 * "signal 2" stays the second signal recorded, also after the first is
 * removed. The entries are immutable and reference counted.
 */

#pragma once

#include <glib-object.h>

#include "mc-audit.h"
#include "mc-protocol.h"

G_BEGIN_DECLS

typedef struct
{
  gint64        id;              /* of the audit row */
  GDateTime    *at;              /* when, UTC; NULL when the row's time does not read */
  McAuditEvent  event;
  char         *entity;          /* the table: "signals", "cases"; NULL for export, print, import */
  gint64        entity_id;       /* 0: none */
  guint         entity_number;   /* 1, 2, …: the record among the case's records of its
                                  * table, in the order they were added; 0: none */
  char         *subject;         /* the protocol item or question an answer is about (the rule of a
                                  * meldnorm override), else NULL */
  char         *field;           /* the column of a change, else NULL */
  char         *old_value;       /* as stored, see mc_record_dup_field_text() */
  char         *new_value;       /* as stored; for a created record its content, see
                                  * mc_record_serialize(), as the old value of a removed one;
                                  * for an export "<format>[ anonymous] <path>" */
  char         *user_name;
  char         *user_role;
  char         *on_behalf_of;
  guint         round;           /* the decision round of a decision, an afwegingskader answer or a
                                  * meldnorm override (1 for rows from before rounds); 0: none */
} McHistoryEntry;

#define MC_TYPE_HISTORY_ENTRY (mc_history_entry_get_type ())
GType           mc_history_entry_get_type      (void);

McHistoryEntry *mc_history_entry_ref           (McHistoryEntry       *entry);
void            mc_history_entry_unref         (McHistoryEntry       *entry);

/* What happened, as one line: "Added a signal", "Changed “Date” of
 * consultation 1: 3 november 2025 → 4 november 2025". Values are shown in
 * words (yes/no/unknown, dates as people read them), long texts cut at
 * about 80 characters. Plain text, never markup. */
char           *mc_history_entry_describe      (const McHistoryEntry *entry);
/* The same, with the labels of @protocol's items and questions in place
 * of their ids (a kind of signal, with whom a consultation was, the
 * kindcheck question answered); @protocol may be NULL. */
char           *mc_history_entry_describe_with_protocol
                                               (const McHistoryEntry *entry,
                                                McProtocol           *protocol);
/* What the line leaves out, or NULL: the full old and new text where the
 * line cut them short, what an added or removed record held ("Label:
 * value" lines), the file an export wrote. */
char           *mc_history_entry_dup_details   (const McHistoryEntry *entry,
                                                McProtocol           *protocol);
/* Who: "Eva de Wit (Begeleider)", and "on behalf of …" when set. */
char           *mc_history_entry_dup_actor     (const McHistoryEntry *entry);

/* Runs of changes to one field of one record by one person, each within
 * @window of the one before and with nothing else between, as one entry
 * from the first old value to the last new one: saving as one types makes
 * many rows of one edit. Likewise one person opening the case again and
 * again, as the last opening. A change, or a run of them, that ends where
 * it began (typed and taken back) is left out. @entries is newest first,
 * as the store lists them; the result is too, and shares the entries
 * that stay alone. */
GPtrArray      *mc_history_merge_edits         (GPtrArray            *entries,
                                                GTimeSpan             window);

/* For the store: turns a case's audit rows, given oldest first, into
 * entries (numbering the records as it goes), newest first. */
typedef struct _McHistoryBuilder McHistoryBuilder;

McHistoryBuilder *mc_history_builder_new       (void);
void              mc_history_builder_add_row   (McHistoryBuilder     *self,
                                                gint64                id,
                                                const char           *at,
                                                const char           *event,
                                                const char           *entity,
                                                gint64                entity_id,
                                                const char           *field,
                                                const char           *old_value,
                                                const char           *new_value,
                                                const char           *user_name,
                                                const char           *user_role,
                                                const char           *on_behalf_of);
/* Frees @self; the array holds McHistoryEntry and frees them with it. */
GPtrArray        *mc_history_builder_finish    (McHistoryBuilder     *self);
void              mc_history_builder_free      (McHistoryBuilder     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McHistoryEntry, mc_history_entry_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McHistoryBuilder, mc_history_builder_free)

G_END_DECLS
