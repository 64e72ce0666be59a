/* mc-case-summary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-case-summary"

#include "config.h"

#include <string.h>

#include "mc-case-summary.h"

struct _McCaseSummary
{
  GObject   parent_instance;

  gint64    id;
  char     *number;
  char     *client_name;
  char     *client_number;
  char     *status;
  char     *updated_at;
  gboolean  follow_up_due;
  char     *outcome;
  char     *outcome_code;
  guint     step;
  gboolean  needs_attention;
  char     *next_due;
  char     *closed_at;
  char     *close_reason;
};

G_DEFINE_FINAL_TYPE (McCaseSummary, mc_case_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_CLIENT_NAME,
  PROP_CLIENT_NUMBER,
  PROP_STATUS,
  PROP_UPDATED_AT,
  PROP_FOLLOW_UP_DUE,
  PROP_OUTCOME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mc_case_summary_finalize (GObject *object)
{
  McCaseSummary *self = MC_CASE_SUMMARY (object);

  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->client_name, g_free);
  g_clear_pointer (&self->client_number, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->outcome, g_free);
  g_clear_pointer (&self->outcome_code, g_free);
  g_clear_pointer (&self->next_due, g_free);
  g_clear_pointer (&self->closed_at, g_free);
  g_clear_pointer (&self->close_reason, g_free);

  G_OBJECT_CLASS (mc_case_summary_parent_class)->finalize (object);
}

static void
mc_case_summary_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McCaseSummary *self = MC_CASE_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;

    case PROP_CLIENT_NAME:
      g_value_set_string (value, self->client_name);
      break;

    case PROP_CLIENT_NUMBER:
      g_value_set_string (value, self->client_number);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    case PROP_FOLLOW_UP_DUE:
      g_value_set_boolean (value, self->follow_up_due);
      break;

    case PROP_OUTCOME:
      g_value_set_string (value, self->outcome);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_case_summary_class_init (McCaseSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = mc_case_summary_finalize;
  object_class->get_property = mc_case_summary_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_CLIENT_NAME] = g_param_spec_string ("client-name", NULL, NULL, NULL, flags);
  properties[PROP_CLIENT_NUMBER] = g_param_spec_string ("client-number", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_string ("updated-at", NULL, NULL, NULL, flags);
  properties[PROP_FOLLOW_UP_DUE] = g_param_spec_boolean ("follow-up-due", NULL, NULL, FALSE, flags);
  properties[PROP_OUTCOME] = g_param_spec_string ("outcome", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The lazy list's summary of a position now stands for what is there
   * after a reload (mc_case_summary_swap()). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_case_summary_init (McCaseSummary *self)
{
}

McCaseSummary *
mc_case_summary_new (const McCaseSummaryFields *fields)
{
  McCaseSummary *self;

  g_return_val_if_fail (fields != NULL, NULL);

  /* Filled directly rather than through construct properties: the list of
   * all cases makes thousands of these at once. */
  self = g_object_new (MC_TYPE_CASE_SUMMARY, NULL);
  self->id = fields->id;
  self->number = g_strdup (fields->number);
  self->client_name = g_strdup (fields->client_name);
  self->client_number = g_strdup (fields->client_number);
  self->status = g_strdup (fields->status);
  self->updated_at = g_strdup (fields->updated_at);
  self->follow_up_due = !!fields->follow_up_due;
  self->outcome = g_strdup (fields->outcome);
  self->outcome_code = g_strdup (fields->outcome_code != NULL ? fields->outcome_code : "");
  self->step = fields->step;
  self->needs_attention = !!fields->needs_attention;
  self->next_due = g_strdup (fields->next_due);
  self->closed_at = g_strdup (fields->closed_at);
  self->close_reason = g_strdup (fields->close_reason);

  return self;
}

void
mc_case_summary_swap (McCaseSummary *self,
                      McCaseSummary *other)
{
  const gsize offset = G_STRUCT_OFFSET (McCaseSummary, id);
  guint8 fields[sizeof (McCaseSummary) - G_STRUCT_OFFSET (McCaseSummary, id)];

  g_return_if_fail (MC_IS_CASE_SUMMARY (self));
  g_return_if_fail (MC_IS_CASE_SUMMARY (other));

  memcpy (fields, (guint8 *) self + offset, sizeof fields);
  memcpy ((guint8 *) self + offset, (guint8 *) other + offset, sizeof fields);
  memcpy ((guint8 *) other + offset, fields, sizeof fields);
  g_signal_emit (self, signals[CHANGED], 0);
}

gint64
mc_case_summary_get_id (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), 0);

  return self->id;
}

const char *
mc_case_summary_get_number (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), NULL);

  return self->number;
}

const char *
mc_case_summary_get_client_name (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), NULL);

  return self->client_name;
}

const char *
mc_case_summary_get_client_number (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), NULL);

  return self->client_number;
}

const char *
mc_case_summary_get_status (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), NULL);

  return self->status;
}

const char *
mc_case_summary_get_updated_at (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), NULL);

  return self->updated_at;
}

gboolean
mc_case_summary_get_follow_up_due (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), FALSE);

  return self->follow_up_due;
}

const char *
mc_case_summary_get_outcome (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), NULL);

  return self->outcome;
}

const char *
mc_case_summary_get_outcome_code (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), NULL);

  return self->outcome_code;
}

guint
mc_case_summary_get_step (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), 0);

  return self->step;
}

gboolean
mc_case_summary_get_needs_attention (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), FALSE);

  return self->needs_attention;
}

const char *
mc_case_summary_get_next_due (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), NULL);

  return self->next_due;
}

const char *
mc_case_summary_get_closed_at (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), NULL);

  return self->closed_at;
}

const char *
mc_case_summary_get_close_reason (McCaseSummary *self)
{
  g_return_val_if_fail (MC_IS_CASE_SUMMARY (self), NULL);

  return self->close_reason;
}
