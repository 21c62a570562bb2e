/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "postings-recent.h"

static GMenu *recent_menu;   /* postings_recent_get_menu() */

static void update_menu (void);

typedef struct
{
  char *uri;
  char *title;
  char *site;
} Recent;

/* The group's name, at an address whose low byte is not 0: GTK 4 (4.8 at
 * least) tests the first byte of the *pointer* data->groups[0] instead of
 * the name's first character, and drops every group when it is 0, so that
 * whether a posting is in Open Recent hung on where the linker put the
 * string. */
static const char *
group_name (void)
{
  static const char names[] = POSTINGS_RECENT_GROUP "\0" POSTINGS_RECENT_GROUP;

  return ((guintptr) names & 0xff) != 0 ? names : names + sizeof POSTINGS_RECENT_GROUP;
}

static gboolean
add_idle_cb (gpointer data)
{
  Recent *recent = data;
  const char *groups[] = { group_name (), NULL };
  const char *app_name = g_get_application_name ();
  GtkRecentData item = { 0 };

  item.display_name = recent->title;
  item.description = recent->site;
  item.mime_type = (char *) "text/markdown";
  item.app_name = (char *) (app_name != NULL ? app_name : "Postings");
  item.app_exec = (char *) "postings %u";
  item.groups = (char **) groups;
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), recent->uri, &item);
  /* The manager says "changed" a moment later; the menu follows now. */
  update_menu ();
  return G_SOURCE_REMOVE;
}

static void
recent_free (gpointer data)
{
  Recent *recent = data;

  g_free (recent->uri);
  g_free (recent->title);
  g_free (recent->site);
  g_free (recent);
}

void
postings_recent_add (GFile      *file,
                     const char *title,
                     const char *site)
{
  Recent *recent;

  g_return_if_fail (G_IS_FILE (file));

  recent = g_new0 (Recent, 1);
  recent->uri = g_file_get_uri (file);
  recent->title = title != NULL && *title != '\0' ? g_strdup (title) : g_file_get_basename (file);
  recent->site = g_strdup (site != NULL ? site : "");
  /* Reading and writing recently-used.xbel waits until the posting is drawn. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, add_idle_cb, recent, recent_free);
}

static int
compare_modified (gconstpointer a,
                  gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (info_b), gtk_recent_info_get_modified (info_a));
}

GPtrArray *
postings_recent_list (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_group (info, POSTINGS_RECENT_GROUP)
          && g_strcmp0 (gtk_recent_info_get_mime_type (info), "text/markdown") == 0
          && g_str_has_suffix (gtk_recent_info_get_uri (info), ".md")
          && gtk_recent_info_exists (info))
        g_ptr_array_add (list, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  g_ptr_array_sort (list, compare_modified);
  if (list->len > POSTINGS_RECENT_MAX)
    g_ptr_array_set_size (list, POSTINGS_RECENT_MAX);
  return list;
}

char *
postings_recent_dup_label (GtkRecentInfo *info)
{
  const char *title = gtk_recent_info_get_display_name (info);
  const char *site = gtk_recent_info_get_description (info);

  if (site == NULL || *site == '\0')
    return g_strdup (title);
  /* Translators: a recent posting in a menu: its title, then its site */
  return g_strdup_printf (_("%s — %s"), title, site);
}

static void
update_menu (void)
{
  g_autoptr(GPtrArray) list = NULL;

  if (recent_menu == NULL)
    return;

  list = postings_recent_list ();
  g_menu_remove_all (recent_menu);
  for (guint i = 0; i < list->len; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (list, i);
      g_autofree char *label = postings_recent_dup_label (info);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (gtk_recent_info_get_uri (info)));
      g_menu_append_item (recent_menu, item);
    }
  /* An item without an action is shown greyed. */
  if (list->len == 0)
    g_menu_append (recent_menu, _("No Recent Postings"), NULL);
}

static gboolean
fill_menu_idle_cb (gpointer data)
{
  update_menu ();
  g_signal_connect (gtk_recent_manager_get_default (), "changed", G_CALLBACK (update_menu), NULL);
  return G_SOURCE_REMOVE;
}

GMenuModel *
postings_recent_get_menu (void)
{
  if (recent_menu == NULL)
    {
      recent_menu = g_menu_new ();
      /* Reading recently-used.xbel waits until the window is drawn. */
      g_idle_add (fill_menu_idle_cb, NULL);
    }
  return G_MENU_MODEL (recent_menu);
}

void
postings_recent_add_submenu (GMenuModel *menu)
{
  g_autoptr(GMenuModel) section = NULL;
  int position;

  g_return_if_fail (G_IS_MENU (menu));

  section = g_menu_model_get_n_items (menu) > 0
    ? g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION) : NULL;
  if (section == NULL || !G_IS_MENU (section))
    return;

  position = g_menu_model_get_n_items (section);
  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autofree char *action = NULL;

      if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action)
          && g_str_equal (action, "win.open"))
        {
          position = i + 1;
          break;
        }
    }
  g_menu_insert_submenu (G_MENU (section), position, _("Open _Recent"), postings_recent_get_menu ());
}

/* The start page's list --------------------------------------------------- */

static void
row_activated_cb (GtkListBox    *list,
                  GtkListBoxRow *row)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "uri");

  if (uri != NULL)
    gtk_widget_activate_action (GTK_WIDGET (row), "win.open-recent", "s", uri);
}

static void
update_group (GtkWidget *group)
{
  GtkListBox *list = g_object_get_data (G_OBJECT (group), "list");
  g_autoptr(GPtrArray) recent = postings_recent_list ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  for (guint i = 0; i < recent->len; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (recent, i);
      const char *site = gtk_recent_info_get_description (info);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *tooltip = NULL;
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
      if (site != NULL && *site != '\0')
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), site);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      tooltip = g_file_get_parse_name (file);
      gtk_widget_set_tooltip_text (row, tooltip);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "uri", g_strdup (gtk_recent_info_get_uri (info)), g_free);
      gtk_list_box_append (list, row);
    }
  gtk_widget_set_visible (group, recent->len > 0);
}

static gboolean
update_group_idle_cb (gpointer data)
{
  GtkWidget *group = data;

  g_object_set_data (G_OBJECT (group), "update-id", NULL);
  update_group (group);
  return G_SOURCE_REMOVE;
}

/* The menu changes item by item: the list follows once it is done. */
static void
menu_changed_cb (GtkWidget *group)
{
  guint id;

  if (g_object_get_data (G_OBJECT (group), "update-id") != NULL)
    return;
  id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, update_group_idle_cb, g_object_ref (group), g_object_unref);
  g_object_set_data (G_OBJECT (group), "update-id", GUINT_TO_POINTER (id));
}

GtkWidget *
postings_recent_group_new (void)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = gtk_list_box_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Recent Postings"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recent Postings"), -1);
  g_signal_connect (list, "row-activated", G_CALLBACK (row_activated_cb), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  g_object_set_data (G_OBJECT (group), "list", list);

  /* The menu is rebuilt whenever the recent files change. */
  g_signal_connect_object (postings_recent_get_menu (), "items-changed", G_CALLBACK (menu_changed_cb), group,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_visible (group, FALSE);
  menu_changed_cb (group);
  return group;
}
