/* mc-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mc-record"

#include "config.h"

#include <string.h>

#include "mc-record.h"
#include "mc-text.h"

G_DEFINE_ENUM_TYPE (McAnswer, mc_answer,
                    G_DEFINE_ENUM_VALUE (MC_ANSWER_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (MC_ANSWER_YES, "yes"),
                    G_DEFINE_ENUM_VALUE (MC_ANSWER_NO, "no"))

typedef struct
{
  gint64  id;
  gint64  case_id;
  /* One per field of the final class, allocated on first use: the base
   * class's instance init runs before the subclass's class is in place. */
  GValue *values;
} McRecordPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (McRecord, mc_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
field_value_type (McFieldKind kind)
{
  switch (kind)
    {
    case MC_FIELD_TEXT:
    case MC_FIELD_DATE:
    case MC_FIELD_TIMESTAMP:
      return G_TYPE_STRING;
    case MC_FIELD_BOOLEAN:
      return G_TYPE_BOOLEAN;
    case MC_FIELD_ANSWER:
      return MC_TYPE_ANSWER;
    case MC_FIELD_LINES:
      return G_TYPE_STRV;
    case MC_FIELD_INTEGER:
      return G_TYPE_INT64;
    default:
      g_assert_not_reached ();
    }
}

static GValue *
get_values (McRecord *self)
{
  McRecordPrivate *priv = mc_record_get_instance_private (self);
  McRecordClass *klass = MC_RECORD_GET_CLASS (self);

  g_assert (klass->fields != NULL);

  if (priv->values == NULL)
    {
      priv->values = g_new0 (GValue, klass->n_fields);
      for (guint i = 0; i < klass->n_fields; i++)
        g_value_init (&priv->values[i], field_value_type (klass->fields[i].kind));
    }

  return priv->values;
}

static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  GType type = G_VALUE_TYPE (a);

  if (type == G_TYPE_STRING)
    return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
  if (type == G_TYPE_BOOLEAN)
    return g_value_get_boolean (a) == g_value_get_boolean (b);
  if (type == MC_TYPE_ANSWER)
    return g_value_get_enum (a) == g_value_get_enum (b);
  if (type == G_TYPE_INT64)
    return g_value_get_int64 (a) == g_value_get_int64 (b);
  if (type == G_TYPE_STRV)
    {
      const char * const *sa = g_value_get_boxed (a);
      const char * const *sb = g_value_get_boxed (b);

      if (sa == NULL || sb == NULL)
        return sa == sb;
      return g_strv_equal (sa, sb);
    }

  g_assert_not_reached ();
}

McTextKind
mc_field_get_text_kind (const McField *field)
{
  g_return_val_if_fail (field != NULL, MC_TEXT_KIND_TEXT);

  if ((field->flags & MC_FIELD_FLAG_NAME) != 0
      || field->kind == MC_FIELD_DATE || field->kind == MC_FIELD_TIMESTAMP)
    return MC_TEXT_KIND_NAME;
  if ((field->flags & MC_FIELD_FLAG_LINE) != 0 || field->kind == MC_FIELD_LINES)
    return MC_TEXT_KIND_LINE;
  return MC_TEXT_KIND_TEXT;
}

/* Every text a record holds passes mc_text_sanitize() (mc-text.h): what is
 * set, and what a load reads from a store written before it existed. */
static char **
sanitize_lines (const char * const *lines)
{
  char **clean;
  guint n;

  if (lines == NULL)
    return NULL;
  n = g_strv_length ((char **) lines);
  clean = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    clean[i] = mc_text_sanitize (lines[i], MC_TEXT_KIND_LINE);
  return clean;
}

/* Sets field @index, normalizing an empty list to NULL (what a load gives
 * back), and notifies when the value changed. */
static void
set_field_value (McRecord     *self,
                 guint         index,
                 const GValue *value)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (self);
  GValue *slot = &get_values (self)[index];
  g_auto(GValue) no_lines = G_VALUE_INIT;
  g_auto(GValue) clean = G_VALUE_INIT;
  McTextKind kind = mc_field_get_text_kind (&klass->fields[index]);

  if (G_VALUE_HOLDS_STRING (value) && !mc_text_is_clean (g_value_get_string (value), kind))
    {
      g_value_init (&clean, G_TYPE_STRING);
      g_value_take_string (&clean, mc_text_sanitize (g_value_get_string (value), kind));
      value = &clean;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_STRV))
    {
      g_value_init (&clean, G_TYPE_STRV);
      g_value_take_boxed (&clean, sanitize_lines (g_value_get_boxed (value)));
      value = &clean;
    }

  if (G_VALUE_HOLDS (value, G_TYPE_STRV))
    {
      const char * const *strv = g_value_get_boxed (value);

      if (strv != NULL && strv[0] == NULL)
        {
          g_value_init (&no_lines, G_TYPE_STRV);
          value = &no_lines;
        }
    }

  if (values_equal (slot, value))
    return;
  /* Not g_value_copy(): it would keep the pointer of a static string. */
  if (G_VALUE_HOLDS_STRING (value))
    g_value_set_string (slot, g_value_get_string (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_STRV))
    g_value_set_boxed (slot, g_value_get_boxed (value));
  else
    g_value_copy (value, slot);

  g_object_notify_by_pspec (G_OBJECT (self),
                            g_object_class_find_property (G_OBJECT_CLASS (klass),
                                                          klass->fields[index].name));
}

static void
mc_record_field_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McRecord *self = MC_RECORD (object);

  g_assert (prop_id >= 1 && prop_id <= MC_RECORD_GET_CLASS (self)->n_fields);
  g_value_copy (&get_values (self)[prop_id - 1], value);
}

static void
mc_record_field_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  McRecord *self = MC_RECORD (object);

  g_assert (prop_id >= 1 && prop_id <= MC_RECORD_GET_CLASS (self)->n_fields);
  set_field_value (self, prop_id - 1, value);
}

static void
mc_record_finalize (GObject *object)
{
  McRecord *self = MC_RECORD (object);
  McRecordPrivate *priv = mc_record_get_instance_private (self);

  if (priv->values != NULL)
    {
      for (guint i = 0; i < MC_RECORD_GET_CLASS (self)->n_fields; i++)
        g_value_unset (&priv->values[i]);
      g_free (priv->values);
    }

  G_OBJECT_CLASS (mc_record_parent_class)->finalize (object);
}

static void
mc_record_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  McRecord *self = MC_RECORD (object);
  McRecordPrivate *priv = mc_record_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, priv->id);
      break;

    case PROP_CASE_ID:
      g_value_set_int64 (value, priv->case_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_record_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  McRecord *self = MC_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID:
      mc_record_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_CASE_ID:
      mc_record_set_case_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_record_class_init (McRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_record_finalize;
  object_class->get_property = mc_record_get_property;
  object_class->set_property = mc_record_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CASE_ID] =
    g_param_spec_int64 ("case-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_record_init (McRecord *self)
{
}

void
mc_record_class_install_fields (McRecordClass *klass,
                                const char    *table,
                                const McField *fields,
                                guint          n_fields)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  g_return_if_fail (MC_IS_RECORD_CLASS (klass));
  g_return_if_fail (table != NULL);
  g_return_if_fail (fields != NULL && n_fields > 0);
  /* Fields belong to the final class; a second level would need the
   * values split per level. */
  g_return_if_fail (klass->fields == NULL);

  klass->table = table;
  klass->fields = fields;
  klass->n_fields = n_fields;

  object_class->get_property = mc_record_field_get_property;
  object_class->set_property = mc_record_field_set_property;

  for (guint i = 0; i < n_fields; i++)
    {
      const McField *field = &fields[i];
      GParamSpec *pspec;

      switch (field->kind)
        {
        case MC_FIELD_TEXT:
        case MC_FIELD_DATE:
        case MC_FIELD_TIMESTAMP:
          pspec = g_param_spec_string (field->name, NULL, NULL, NULL, flags);
          break;

        case MC_FIELD_BOOLEAN:
          pspec = g_param_spec_boolean (field->name, NULL, NULL, FALSE, flags);
          break;

        case MC_FIELD_ANSWER:
          pspec = g_param_spec_enum (field->name, NULL, NULL,
                                     MC_TYPE_ANSWER, MC_ANSWER_UNKNOWN, flags);
          break;

        case MC_FIELD_LINES:
          pspec = g_param_spec_boxed (field->name, NULL, NULL, G_TYPE_STRV, flags);
          break;

        case MC_FIELD_INTEGER:
          pspec = g_param_spec_int64 (field->name, NULL, NULL, 0, G_MAXINT64, 0, flags);
          break;

        default:
          g_assert_not_reached ();
        }

      g_object_class_install_property (object_class, i + 1, pspec);
    }
}

const char *
mc_record_class_get_table (McRecordClass *klass)
{
  g_return_val_if_fail (MC_IS_RECORD_CLASS (klass), NULL);

  return klass->table;
}

const McField *
mc_record_class_get_fields (McRecordClass *klass,
                            guint         *n_fields)
{
  g_return_val_if_fail (MC_IS_RECORD_CLASS (klass), NULL);
  g_return_val_if_fail (n_fields != NULL, NULL);

  *n_fields = klass->n_fields;
  return klass->fields;
}

const McField *
mc_record_class_find_field (McRecordClass *klass,
                            const char    *name)
{
  g_return_val_if_fail (MC_IS_RECORD_CLASS (klass), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < klass->n_fields; i++)
    if (strcmp (klass->fields[i].name, name) == 0)
      return &klass->fields[i];

  return NULL;
}

const McField *
mc_record_class_find_column (McRecordClass *klass,
                             const char    *column)
{
  g_return_val_if_fail (MC_IS_RECORD_CLASS (klass), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  for (guint i = 0; i < klass->n_fields; i++)
    if (strcmp (klass->fields[i].column, column) == 0)
      return &klass->fields[i];

  return NULL;
}

gint64
mc_record_get_id (McRecord *self)
{
  McRecordPrivate *priv = mc_record_get_instance_private (self);

  g_return_val_if_fail (MC_IS_RECORD (self), 0);

  return priv->id;
}

void
mc_record_set_id (McRecord *self,
                  gint64    id)
{
  McRecordPrivate *priv = mc_record_get_instance_private (self);

  g_return_if_fail (MC_IS_RECORD (self));
  g_return_if_fail (id >= 0);

  if (priv->id == id)
    return;
  priv->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
mc_record_get_case_id (McRecord *self)
{
  McRecordPrivate *priv = mc_record_get_instance_private (self);

  g_return_val_if_fail (MC_IS_RECORD (self), 0);

  return priv->case_id;
}

void
mc_record_set_case_id (McRecord *self,
                       gint64    case_id)
{
  McRecordPrivate *priv = mc_record_get_instance_private (self);

  g_return_if_fail (MC_IS_RECORD (self));
  g_return_if_fail (case_id >= 0);

  if (priv->case_id == case_id)
    return;
  priv->case_id = case_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE_ID]);
}

/* The index of field @name, checked to be of @type. */
static gint
lookup_field (McRecord   *self,
              const char *name,
              GType       type)
{
  McRecordClass *klass = MC_RECORD_GET_CLASS (self);
  const McField *field = mc_record_class_find_field (klass, name);

  if (field == NULL)
    {
      g_critical ("%s has no field “%s”", G_OBJECT_TYPE_NAME (self), name);
      return -1;
    }
  if (field_value_type (field->kind) != type)
    {
      g_critical ("Field “%s” of %s is not a %s", name, G_OBJECT_TYPE_NAME (self), g_type_name (type));
      return -1;
    }

  return field - klass->fields;
}

const char *
mc_record_get_string (McRecord   *self,
                      const char *name)
{
  gint index;

  g_return_val_if_fail (MC_IS_RECORD (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if ((index = lookup_field (self, name, G_TYPE_STRING)) < 0)
    return NULL;
  return g_value_get_string (&get_values (self)[index]);
}

void
mc_record_set_string (McRecord   *self,
                      const char *name,
                      const char *value)
{
  g_auto(GValue) gvalue = G_VALUE_INIT;
  gint index;

  g_return_if_fail (MC_IS_RECORD (self));
  g_return_if_fail (name != NULL);

  if ((index = lookup_field (self, name, G_TYPE_STRING)) < 0)
    return;
  g_value_init (&gvalue, G_TYPE_STRING);
  g_value_set_string (&gvalue, value);
  set_field_value (self, index, &gvalue);
}

gboolean
mc_record_get_boolean (McRecord   *self,
                       const char *name)
{
  gint index;

  g_return_val_if_fail (MC_IS_RECORD (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if ((index = lookup_field (self, name, G_TYPE_BOOLEAN)) < 0)
    return FALSE;
  return g_value_get_boolean (&get_values (self)[index]);
}

void
mc_record_set_boolean (McRecord   *self,
                       const char *name,
                       gboolean    value)
{
  g_auto(GValue) gvalue = G_VALUE_INIT;
  gint index;

  g_return_if_fail (MC_IS_RECORD (self));
  g_return_if_fail (name != NULL);

  if ((index = lookup_field (self, name, G_TYPE_BOOLEAN)) < 0)
    return;
  g_value_init (&gvalue, G_TYPE_BOOLEAN);
  g_value_set_boolean (&gvalue, !!value);
  set_field_value (self, index, &gvalue);
}

McAnswer
mc_record_get_answer (McRecord   *self,
                      const char *name)
{
  gint index;

  g_return_val_if_fail (MC_IS_RECORD (self), MC_ANSWER_UNKNOWN);
  g_return_val_if_fail (name != NULL, MC_ANSWER_UNKNOWN);

  if ((index = lookup_field (self, name, MC_TYPE_ANSWER)) < 0)
    return MC_ANSWER_UNKNOWN;
  return g_value_get_enum (&get_values (self)[index]);
}

void
mc_record_set_answer (McRecord   *self,
                      const char *name,
                      McAnswer    value)
{
  g_auto(GValue) gvalue = G_VALUE_INIT;
  gint index;

  g_return_if_fail (MC_IS_RECORD (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value == MC_ANSWER_UNKNOWN || value == MC_ANSWER_YES || value == MC_ANSWER_NO);

  if ((index = lookup_field (self, name, MC_TYPE_ANSWER)) < 0)
    return;
  g_value_init (&gvalue, MC_TYPE_ANSWER);
  g_value_set_enum (&gvalue, value);
  set_field_value (self, index, &gvalue);
}

gint64
mc_record_get_integer (McRecord   *self,
                       const char *name)
{
  gint index;

  g_return_val_if_fail (MC_IS_RECORD (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  if ((index = lookup_field (self, name, G_TYPE_INT64)) < 0)
    return 0;
  return g_value_get_int64 (&get_values (self)[index]);
}

void
mc_record_set_integer (McRecord   *self,
                       const char *name,
                       gint64      value)
{
  g_auto(GValue) gvalue = G_VALUE_INIT;
  gint index;

  g_return_if_fail (MC_IS_RECORD (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value >= 0);

  if ((index = lookup_field (self, name, G_TYPE_INT64)) < 0)
    return;
  g_value_init (&gvalue, G_TYPE_INT64);
  g_value_set_int64 (&gvalue, value);
  set_field_value (self, index, &gvalue);
}

const char * const *
mc_record_get_lines (McRecord   *self,
                     const char *name)
{
  gint index;

  g_return_val_if_fail (MC_IS_RECORD (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if ((index = lookup_field (self, name, G_TYPE_STRV)) < 0)
    return NULL;
  return g_value_get_boxed (&get_values (self)[index]);
}

void
mc_record_set_lines (McRecord           *self,
                     const char         *name,
                     const char * const *value)
{
  g_auto(GValue) gvalue = G_VALUE_INIT;
  gint index;

  g_return_if_fail (MC_IS_RECORD (self));
  g_return_if_fail (name != NULL);

  if ((index = lookup_field (self, name, G_TYPE_STRV)) < 0)
    return;
  /* Stored one per line. */
  for (guint i = 0; value != NULL && value[i] != NULL; i++)
    g_return_if_fail (strchr (value[i], '\n') == NULL);
  g_value_init (&gvalue, G_TYPE_STRV);
  g_value_set_boxed (&gvalue, value);
  set_field_value (self, index, &gvalue);
}

char *
mc_record_dup_field_text (McRecord      *self,
                          const McField *field)
{
  McRecordClass *klass;
  const GValue *value;

  g_return_val_if_fail (MC_IS_RECORD (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  klass = MC_RECORD_GET_CLASS (self);
  g_return_val_if_fail (field >= klass->fields && field < klass->fields + klass->n_fields, NULL);

  value = &get_values (self)[field - klass->fields];

  switch (field->kind)
    {
    case MC_FIELD_TEXT:
    case MC_FIELD_DATE:
    case MC_FIELD_TIMESTAMP:
      return g_value_dup_string (value);

    case MC_FIELD_BOOLEAN:
      return g_strdup (g_value_get_boolean (value) ? "1" : "0");

    case MC_FIELD_ANSWER:
      switch ((McAnswer) g_value_get_enum (value))
        {
        case MC_ANSWER_YES:
          return g_strdup ("1");
        case MC_ANSWER_NO:
          return g_strdup ("0");
        case MC_ANSWER_UNKNOWN:
          return NULL;
        default:
          g_assert_not_reached ();
        }

    case MC_FIELD_LINES:
      {
        const char * const *lines = g_value_get_boxed (value);

        return lines != NULL ? g_strjoinv ("\n", (char **) lines) : NULL;
      }

    case MC_FIELD_INTEGER:
      {
        gint64 number = g_value_get_int64 (value);

        return number != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, number) : NULL;
      }

    default:
      g_assert_not_reached ();
    }
}

void
mc_record_set_field_text (McRecord      *self,
                          const McField *field,
                          const char    *text)
{
  McRecordClass *klass;
  g_auto(GValue) value = G_VALUE_INIT;

  g_return_if_fail (MC_IS_RECORD (self));
  g_return_if_fail (field != NULL);

  klass = MC_RECORD_GET_CLASS (self);
  g_return_if_fail (field >= klass->fields && field < klass->fields + klass->n_fields);

  g_value_init (&value, field_value_type (field->kind));

  switch (field->kind)
    {
    case MC_FIELD_TEXT:
    case MC_FIELD_DATE:
    case MC_FIELD_TIMESTAMP:
      g_value_set_string (&value, text);
      break;

    case MC_FIELD_BOOLEAN:
      g_value_set_boolean (&value, g_strcmp0 (text, "1") == 0);
      break;

    case MC_FIELD_ANSWER:
      if (text == NULL)
        g_value_set_enum (&value, MC_ANSWER_UNKNOWN);
      else
        g_value_set_enum (&value, g_strcmp0 (text, "1") == 0 ? MC_ANSWER_YES : MC_ANSWER_NO);
      break;

    case MC_FIELD_LINES:
      if (text != NULL)
        g_value_take_boxed (&value, g_strsplit (text, "\n", -1));
      break;

    case MC_FIELD_INTEGER:
      {
        guint64 number = 0;

        /* What does not read as a count (a hand-edited file) reads as none,
         * as an unknown answer does. */
        if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &number, NULL))
          number = 0;
        g_value_set_int64 (&value, (gint64) number);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  set_field_value (self, field - klass->fields, &value);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

char *
mc_record_serialize (McRecord *self)
{
  McRecordClass *klass;
  GString *out;

  g_return_val_if_fail (MC_IS_RECORD (self), NULL);

  klass = MC_RECORD_GET_CLASS (self);
  out = g_string_new (NULL);
  g_string_append_printf (out, "id=%" G_GINT64_FORMAT "\ncase_id=%" G_GINT64_FORMAT "\n",
                          mc_record_get_id (self), mc_record_get_case_id (self));

  for (guint i = 0; i < klass->n_fields; i++)
    {
      g_autofree char *text = mc_record_dup_field_text (self, &klass->fields[i]);

      if (text == NULL)
        continue;
      g_string_append (out, klass->fields[i].column);
      g_string_append_c (out, '=');
      append_escaped (out, text);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}
