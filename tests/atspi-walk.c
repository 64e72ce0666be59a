/* atspi-walk.c: what a screen reader is told about an application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * atspi-walk PID: finds the application with that process id on the
 * accessibility bus (AT-SPI) and prints every visible accessible of its
 * windows, one per line:
 *
 *   DEPTH <TAB> ROLE <TAB> F|- (focusable) <TAB> NAME <TAB> DESCRIPTION
 *
 * in the order of the tree. Tabs and newlines in names are printed as
 * spaces. It asks over D-Bus what Orca asks (GetChildren, GetState,
 * GetRole and the Name property), a whole level of the tree at a time:
 * one blocking call per accessible and property takes minutes on a big
 * window, and GTK 4.8's cache (GetItems) holds only what was asked before.
 * It is a separate program because the application answers on its main
 * loop, which a blocking client in the same process would stall. Exit
 * status 3 when the application is not on the bus (yet).
 */

#include "config.h"

#include <atspi/atspi.h>
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct _Node Node;
struct _Node
{
  char      *path;
  guint      depth;
  char      *name;
  char      *description;
  guint      role;
  gboolean   visible;
  gboolean   focusable;
  gboolean   gone;
  GPtrArray *children;
};

typedef struct
{
  GDBusConnection *bus;
  const char      *bus_name;
  guint            pending;
  GPtrArray       *next_level;
  GError          *error;
} Walk;

typedef struct
{
  Walk *walk;
  Node *node;
} Call;

static void
node_free (gpointer data)
{
  Node *node = data;

  g_free (node->path);
  g_free (node->name);
  g_free (node->description);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

static Node *
node_new (const char *path,
          guint       depth)
{
  Node *node = g_new0 (Node, 1);

  node->path = g_strdup (path);
  node->depth = depth;
  node->children = g_ptr_array_new_with_free_func (node_free);
  return node;
}

static char *
one_line (const char *text)
{
  char *copy = g_strdup (text != NULL ? text : "");

  g_strdelimit (copy, "\t\n\r", ' ');
  return copy;
}

static gboolean
has_state (GVariant       *states,
           AtspiStateType  state)
{
  gsize n = 0;
  const guint32 *words = g_variant_get_fixed_array (states, &n, sizeof (guint32));

  return (guint) state / 32 < n && (words[state / 32] & (1u << (state % 32))) != 0;
}

static void
on_reply_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Call *call = user_data;
  GError *error = NULL;
  GVariant *reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  Node *node = call->node;
  const char *type = reply != NULL ? g_variant_get_type_string (reply) : "";

  if (reply == NULL && (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD)
                        || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT)))
    {
      /* Gone while the tree was read (a toast that went): left out. */
      node->gone = TRUE;
      g_error_free (error);
    }
  else if (reply == NULL)
    {
      if (call->walk->error == NULL)
        call->walk->error = error;
      else
        g_error_free (error);
    }
  else if (g_str_equal (type, "(a{sv})"))
    {
      g_autoptr(GVariant) properties = g_variant_get_child_value (reply, 0);

      g_variant_lookup (properties, "Name", "s", &node->name);
      g_variant_lookup (properties, "Description", "s", &node->description);
    }
  else if (g_str_equal (type, "(au)"))
    {
      g_autoptr(GVariant) states = g_variant_get_child_value (reply, 0);

      node->visible = has_state (states, ATSPI_STATE_VISIBLE);
      node->focusable = has_state (states, ATSPI_STATE_FOCUSABLE);
    }
  else if (g_str_equal (type, "(u)"))
    g_variant_get (reply, "(u)", &node->role);
  else if (g_str_equal (type, "(a(so))"))
    {
      g_autoptr(GVariantIter) children = NULL;
      const char *path;

      g_variant_get (reply, "(a(so))", &children);
      while (g_variant_iter_next (children, "(&s&o)", NULL, &path))
        {
          Node *child = node_new (path, node->depth + 1);

          g_ptr_array_add (node->children, child);
          g_ptr_array_add (call->walk->next_level, child);
        }
    }
  g_clear_pointer (&reply, g_variant_unref);
  call->walk->pending--;
  g_free (call);
}

static void
ask (Walk       *walk,
     Node       *node,
     const char *interface,
     const char *method,
     GVariant   *parameters,
     const char *reply_type)
{
  Call *call = g_new0 (Call, 1);

  call->walk = walk;
  call->node = node;
  walk->pending++;
  g_dbus_connection_call (walk->bus, walk->bus_name, node->path, interface, method, parameters,
                          G_VARIANT_TYPE (reply_type), G_DBUS_CALL_FLAGS_NONE, 30000, NULL,
                          on_reply_cb, call);
}

/* Breadth first, each level's questions all sent at once: the
 * application answers them in a row, with no round trip between them. */
static gboolean
walk_tree (Walk  *walk,
           Node  *root)
{
  g_autoptr(GPtrArray) level = g_ptr_array_new ();

  g_ptr_array_add (level, root);
  while (level->len > 0)
    {
      walk->next_level = g_ptr_array_new ();
      for (guint i = 0; i < level->len; i++)
        {
          Node *node = g_ptr_array_index (level, i);

          ask (walk, node, "org.freedesktop.DBus.Properties", "GetAll",
               g_variant_new ("(s)", "org.a11y.atspi.Accessible"), "(a{sv})");
          ask (walk, node, "org.a11y.atspi.Accessible", "GetState", NULL, "(au)");
          ask (walk, node, "org.a11y.atspi.Accessible", "GetRole", NULL, "(u)");
          ask (walk, node, "org.a11y.atspi.Accessible", "GetChildren", NULL, "(a(so))");
        }
      while (walk->pending > 0)
        g_main_context_iteration (NULL, TRUE);
      if (walk->error != NULL)
        return FALSE;

      if (g_getenv ("MC_ATSPI_WALK_DEBUG") != NULL)
        for (guint i = 0; i < level->len; i++)
          {
            Node *node = g_ptr_array_index (level, i);

            fprintf (stderr, "%s %u %s vis=%d children=%u\n", node->path, node->role, node->name,
                     node->visible, node->children->len);
          }
      g_ptr_array_set_size (level, 0);
      for (guint i = 0; i < walk->next_level->len; i++)
        {
          Node *child = g_ptr_array_index (walk->next_level, i);

          g_ptr_array_add (level, child);
        }
      g_ptr_array_unref (walk->next_level);
      walk->next_level = NULL;
      /* The states arrive with the children, so a hidden subtree is still
       * read, and left out when printed. */
    }
  return TRUE;
}

static void
print_node (Node *node,
            gboolean is_root)
{
  if ((!node->visible || node->gone) && !is_root)
    return;

  if (!is_root)
    {
      g_autofree char *role = atspi_role_get_name (node->role);
      g_autofree char *name = one_line (node->name);
      g_autofree char *description = one_line (node->description);

      printf ("%u\t%s\t%s\t%s\t%s\n", node->depth - 1, role != NULL ? role : "",
              node->focusable ? "F" : "-", name, description);
    }
  for (guint i = 0; i < node->children->len; i++)
    print_node (g_ptr_array_index (node->children, i), FALSE);
}

static char *
find_bus_name (guint pid)
{
  AtspiAccessible *desktop = atspi_get_desktop (0);
  int n_apps = atspi_accessible_get_child_count (desktop, NULL);
  char *bus_name = NULL;

  for (int i = 0; i < n_apps && bus_name == NULL; i++)
    {
      AtspiAccessible *app = atspi_accessible_get_child_at_index (desktop, i, NULL);

      if (app != NULL && atspi_accessible_get_process_id (app, NULL) == pid)
        bus_name = g_strdup (app->parent.app->bus_name);
      g_clear_object (&app);
    }
  g_object_unref (desktop);

  return bus_name;
}

static GDBusConnection *
connect_a11y_bus (GError **error)
{
  g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  g_autoptr(GVariant) reply = NULL;
  const char *address;

  if (session == NULL)
    return NULL;
  reply = g_dbus_connection_call_sync (session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                       "GetAddress", NULL, G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, error);
  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "(&s)", &address);

  return g_dbus_connection_new_for_address_sync (address,
                                                 G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                 | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                 NULL, NULL, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree char *bus_name = NULL;
  Node *root;
  Walk walk = { 0 };
  guint pid;

  /* libatspi warns about other applications on the bus (a portal
   * without a cache); the tests' G_DEBUG=fatal-warnings is not for it. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK);

  if (argc != 2)
    {
      fprintf (stderr, "usage: atspi-walk PID\n");
      return 1;
    }
  pid = (guint) strtoul (argv[1], NULL, 10);

  if (atspi_init () < 0)
    {
      fprintf (stderr, "atspi-walk: no accessibility bus\n");
      return 3;
    }
  atspi_set_timeout (10000, 20000);
  bus_name = find_bus_name (pid);
  if (bus_name == NULL)
    {
      fprintf (stderr, "atspi-walk: no application with process id %u on the bus\n", pid);
      return 3;
    }

  bus = connect_a11y_bus (&error);
  if (bus == NULL)
    {
      fprintf (stderr, "atspi-walk: %s\n", error->message);
      return 4;
    }
  walk.bus = bus;
  walk.bus_name = bus_name;
  root = node_new ("/org/a11y/atspi/accessible/root", 0);
  if (!walk_tree (&walk, root))
    {
      fprintf (stderr, "atspi-walk: %s\n", walk.error->message);
      return 4;
    }
  print_node (root, TRUE);
  fflush (stdout);
  node_free (root);

  return 0;
}
