/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "postings-format.h"
#include "postings-menu-button.h"
#include "postings-sidebar.h"

/* The list is the site's entries, sorted, then filtered (so a search
 * keystroke filters rows already in order and never sorts again):
 *
 *   site entries → GtkSortListModel → GtkFilterListModel → GtkSingleSelection → GtkListView
 */

struct _PostingsSidebar
{
  GtkWidget             parent_instance;

  /* Template children */
  GtkSearchEntry       *search_entry;
  GtkMenuButton        *sort_button;
  GMenuModel           *sort_menu;
  GtkGrid              *filter_grid;
  GtkStack             *list_stack;
  GtkListView          *list_view;
  GtkLabel             *empty_label;

  GtkToggleButton      *filter_buttons[POSTINGS_SIDEBAR_N_FILTERS];
  GtkLabel             *filter_labels[POSTINGS_SIDEBAR_N_FILTERS];

  PostingsSite         *site;
  GtkSortListModel     *sorted;
  GtkFilterListModel   *filtered;
  GtkSingleSelection   *selection;
  GtkCustomSorter      *sorter;
  GtkCustomFilter      *filter;
  GHashTable           *title_keys;      /* entry → collation key of its title */

  PostingsSidebarFilter state_filter;
  char                 *query;           /* folded; "" shows everything */
  char                 *sort;            /* "date" or "title" */
  guint                 counts[POSTINGS_SIDEBAR_N_FILTERS];
  guint                 counts_idle_id;
  guint                 scroll_idle_id;
  gboolean              setting_text;
};

G_DEFINE_FINAL_TYPE (PostingsSidebar, postings_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_POSTING_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
filter_name (PostingsSidebarFilter filter)
{
  switch (filter)
    {
    case POSTINGS_SIDEBAR_FILTER_ALL:
      return C_("postings filter", "All");
    case POSTINGS_SIDEBAR_FILTER_OPEN:
      return C_("postings filter", "Open");
    case POSTINGS_SIDEBAR_FILTER_CLOSED:
      return C_("postings filter", "Closed");
    case POSTINGS_SIDEBAR_FILTER_EXPIRED:
      return C_("postings filter", "Expired");
    case POSTINGS_SIDEBAR_FILTER_CHANGED:
      return C_("postings filter", "Changed");
    case POSTINGS_SIDEBAR_FILTER_PROBLEMS:
    case POSTINGS_SIDEBAR_N_FILTERS:
    default:
      return C_("postings filter", "To Fix");
    }
}

static gboolean
entry_in_filter (PostingsSiteEntry     *entry,
                 PostingsSidebarFilter  filter)
{
  switch (filter)
    {
    case POSTINGS_SIDEBAR_FILTER_OPEN:
      return postings_site_entry_get_state (entry) == POSTINGS_POSTING_OPEN;
    case POSTINGS_SIDEBAR_FILTER_CLOSED:
      return postings_site_entry_get_state (entry) == POSTINGS_POSTING_CLOSED;
    case POSTINGS_SIDEBAR_FILTER_EXPIRED:
      return postings_site_entry_get_state (entry) == POSTINGS_POSTING_EXPIRED;
    case POSTINGS_SIDEBAR_FILTER_PROBLEMS:
      return postings_site_entry_has_problems (entry);
    case POSTINGS_SIDEBAR_FILTER_CHANGED:
      return postings_site_entry_get_git_change (entry) != POSTINGS_GIT_UNCHANGED;
    case POSTINGS_SIDEBAR_FILTER_ALL:
    case POSTINGS_SIDEBAR_N_FILTERS:
    default:
      /* A posting deleted here (still on the site) is only a change. */
      return postings_site_entry_get_state (entry) != POSTINGS_POSTING_DELETED;
    }
}

/* Rows ---------------------------------------------------------------------- */

#define POSTINGS_TYPE_SIDEBAR_ROW (postings_sidebar_row_get_type ())
G_DECLARE_FINAL_TYPE (PostingsSidebarRow, postings_sidebar_row, POSTINGS, SIDEBAR_ROW, GtkWidget)

struct _PostingsSidebarRow
{
  GtkWidget          parent_instance;

  GtkLabel          *title;
  GtkLabel          *date;
  GtkLabel          *badge;
  GtkLabel          *git_mark;
  GtkWidget         *problems;
  GtkImage          *problems_icon;
  GtkLabel          *problems_label;
  GtkLabel          *dot;

  PostingsSiteEntry *entry;
  GtkListItem       *item;            /* unowned: it owns us */
};

G_DEFINE_FINAL_TYPE (PostingsSidebarRow, postings_sidebar_row, GTK_TYPE_WIDGET)

static const char *
state_label (PostingsPostingState state)
{
  switch (state)
    {
    case POSTINGS_POSTING_OPEN:
      return C_("posting state", "Open");
    case POSTINGS_POSTING_CLOSED:
      return C_("posting state", "Closed");
    case POSTINGS_POSTING_EXPIRED:
      return C_("posting state", "Expired");
    case POSTINGS_POSTING_UNREADABLE:
      return C_("posting state", "Unreadable");
    case POSTINGS_POSTING_DELETED:
      return NULL;  /* the git mark says it */
    case POSTINGS_POSTING_DRAFT_ONLY:
    default:
      return C_("posting state", "Not Saved");
    }
}

/* What git says of the posting, in words (not only a colour), and what
 * that means for the site. */
static const char *
git_mark_label (PostingsGitChange change)
{
  switch (change)
    {
    case POSTINGS_GIT_NEW:
      return C_("change", "New");
    case POSTINGS_GIT_MODIFIED:
      return C_("change", "Modified");
    case POSTINGS_GIT_DELETED:
      return C_("change", "Deleted");
    case POSTINGS_GIT_UNCHANGED:
    default:
      return NULL;
    }
}

static const char *
git_mark_tooltip (PostingsGitChange change)
{
  switch (change)
    {
    case POSTINGS_GIT_NEW:
      return _("New posting, not on the site yet: publish it");
    case POSTINGS_GIT_MODIFIED:
      return _("Changed here, not on the site yet: publish it");
    case POSTINGS_GIT_DELETED:
      return _("Deleted here, still on the site: publish to remove it");
    case POSTINGS_GIT_UNCHANGED:
    default:
      return NULL;
    }
}

static void
row_update (PostingsSidebarRow *self)
{
  PostingsSiteEntry *entry = self->entry;
  g_autofree char *date = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *tooltip = NULL;
  PostingsPostingState state;
  guint errors, warnings;
  static const char *state_classes[] = { "open", "closed", "expired", "unreadable", "draft" };

  if (entry == NULL)
    return;

  state = postings_site_entry_get_state (entry);
  gtk_label_set_label (self->title, postings_site_entry_get_title (entry));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title),
                               state == POSTINGS_POSTING_UNREADABLE
                               ? postings_site_entry_get_reason (entry)
                               : postings_site_entry_get_basename (entry));

  date = postings_format_date (postings_site_entry_get_date (entry));
  gtk_label_set_label (self->date, date != NULL ? date : "");

  gtk_label_set_label (self->badge, state_label (state) != NULL ? state_label (state) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->badge), state_label (state) != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge), state_classes[i]);
  if ((guint) state < G_N_ELEMENTS (state_classes))
    gtk_widget_add_css_class (GTK_WIDGET (self->badge), state_classes[state]);

  errors = postings_site_entry_get_n_errors (entry);
  warnings = postings_site_entry_get_n_warnings (entry);
  gtk_widget_set_visible (self->problems, errors + warnings > 0);
  if (errors + warnings > 0)
    {
      problems = g_strdup_printf ("%u", errors + warnings);
      gtk_label_set_label (self->problems_label, problems);
      gtk_image_set_from_icon_name (self->problems_icon,
                                    errors > 0 ? "dialog-error-symbolic" : "dialog-warning-symbolic");
      if (errors > 0)
        gtk_widget_add_css_class (self->problems, "error");
      else
        gtk_widget_remove_css_class (self->problems, "error");
      {
        g_autofree char *e = g_strdup_printf (g_dngettext (NULL, "%u error", "%u errors", errors), errors);
        g_autofree char *w = g_strdup_printf (g_dngettext (NULL, "%u warning", "%u warnings", warnings), warnings);

        /* Translators: the tooltip of a posting's problem count: "1 error, 2 warnings" */
        tooltip = g_strdup_printf (_("%s, %s"), e, w);
      }
      gtk_widget_set_tooltip_text (self->problems, tooltip);
    }

  {
    PostingsGitChange change = postings_site_entry_get_git_change (entry);
    static const char *change_classes[] = { NULL, "new", "modified", "deleted" };
    const char *mark = git_mark_label (change);

    gtk_widget_set_visible (GTK_WIDGET (self->git_mark), mark != NULL);
    gtk_label_set_label (self->git_mark, mark != NULL ? mark : "");
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->git_mark), git_mark_tooltip (change));
    for (guint i = 1; i < G_N_ELEMENTS (change_classes); i++)
      if ((guint) change == i)
        gtk_widget_add_css_class (GTK_WIDGET (self->git_mark), change_classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->git_mark), change_classes[i]);
  }

  gtk_widget_set_visible (GTK_WIDGET (self->dot), postings_site_entry_get_modified (entry));
}

static void
row_set_entry (PostingsSidebarRow *self,
               PostingsSiteEntry  *entry)
{
  if (self->entry == entry)
    return;

  if (self->entry != NULL)
    g_signal_handlers_disconnect_by_data (self->entry, self);
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    g_signal_connect_object (entry, "notify", G_CALLBACK (row_update), self, G_CONNECT_SWAPPED);
  row_update (self);
}

static void
row_clicked_cb (GtkGestureClick    *gesture,
                int                 n_press,
                double              x,
                double              y,
                PostingsSidebarRow *self)
{
  GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_LIST_VIEW);

  /* One click opens (the list's own activation wants two). */
  if (n_press == 1 && list != NULL && self->item != NULL)
    gtk_widget_activate_action (list, "list.activate-item", "u", gtk_list_item_get_position (self->item));
}

static void
postings_sidebar_row_dispose (GObject *object)
{
  PostingsSidebarRow *self = POSTINGS_SIDEBAR_ROW (object);
  GtkWidget *child;

  row_set_entry (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (postings_sidebar_row_parent_class)->dispose (object);
}

static void
postings_sidebar_row_class_init (PostingsSidebarRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = postings_sidebar_row_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "postings-sidebar-row");
}

static GtkLabel *
row_label (GtkWidget  *parent,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (parent), label);
  return GTK_LABEL (label);
}

static void
postings_sidebar_row_init (PostingsSidebarRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (widget)),
                                  GTK_ORIENTATION_HORIZONTAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)), 6);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_parent (text, widget);

  self->title = row_label (text, "postings-row-title");
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (self->title, 2);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_label_set_wrap_mode (self->title, PANGO_WRAP_WORD_CHAR);

  gtk_box_append (GTK_BOX (text), line);
  self->date = row_label (line, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->date), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->date), "numeric");
  gtk_widget_set_hexpand (GTK_WIDGET (self->date), TRUE);
  self->git_mark = row_label (line, "postings-git-mark");
  gtk_widget_set_visible (GTK_WIDGET (self->git_mark), FALSE);
  self->badge = row_label (line, "postings-badge");

  self->problems = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_add_css_class (self->problems, "postings-row-problems");
  gtk_widget_set_valign (self->problems, GTK_ALIGN_CENTER);
  self->problems_icon = GTK_IMAGE (gtk_image_new ());
  gtk_box_append (GTK_BOX (self->problems), GTK_WIDGET (self->problems_icon));
  self->problems_label = row_label (self->problems, "caption");
  gtk_widget_set_parent (self->problems, widget);

  self->dot = GTK_LABEL (gtk_label_new ("•"));
  gtk_widget_add_css_class (GTK_WIDGET (self->dot), "postings-modified-dot");
  gtk_widget_set_valign (GTK_WIDGET (self->dot), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->dot), _("Unsaved changes"));
  gtk_widget_set_parent (GTK_WIDGET (self->dot), widget);

  g_signal_connect (click, "released", G_CALLBACK (row_clicked_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              PostingsSidebar          *self)
{
  PostingsSidebarRow *row = g_object_new (POSTINGS_TYPE_SIDEBAR_ROW, NULL);

  row->item = item;
  gtk_list_item_set_child (item, GTK_WIDGET (row));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             PostingsSidebar          *self)
{
  PostingsSidebarRow *row = POSTINGS_SIDEBAR_ROW (gtk_list_item_get_child (item));
  GtkWidget *list_row = gtk_widget_get_parent (GTK_WIDGET (row));

  row_set_entry (row, POSTINGS_SITE_ENTRY (gtk_list_item_get_item (item)));
  /* The list's row (what has the focus) is named by what it shows, read
   * as a screen reader user hears it: title, date, git's mark, state,
   * problems. */
  if (list_row != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (list_row),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    row->title, row->date, row->git_mark, row->badge, row->problems_label, NULL,
                                    -1);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               PostingsSidebar          *self)
{
  row_set_entry (POSTINGS_SIDEBAR_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Sorting and filtering ----------------------------------------------------- */

static const char *
title_key (PostingsSidebar   *self,
           PostingsSiteEntry *entry)
{
  char *key = g_hash_table_lookup (self->title_keys, entry);

  if (key == NULL)
    {
      g_autofree char *folded = g_utf8_casefold (postings_site_entry_get_title (entry), -1);

      key = g_utf8_collate_key (folded, -1);
      g_hash_table_insert (self->title_keys, entry, key);
    }
  return key;
}

static int
compare_entries_cb (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  PostingsSidebar *self = user_data;
  PostingsSiteEntry *ea = POSTINGS_SITE_ENTRY ((gpointer) a);
  PostingsSiteEntry *eb = POSTINGS_SITE_ENTRY ((gpointer) b);
  int result;

  if (g_strcmp0 (self->sort, "title") == 0)
    result = strcmp (title_key (self, ea), title_key (self, eb));
  else
    {
      GDateTime *da = postings_site_entry_get_date (ea);
      GDateTime *db = postings_site_entry_get_date (eb);

      /* Newest first; postings without a date last. */
      if (da != NULL && db != NULL)
        result = g_date_time_compare (db, da);
      else
        result = (da == NULL) - (db == NULL);
      if (result == 0)
        result = -g_strcmp0 (postings_site_entry_get_relative_path (ea),
                             postings_site_entry_get_relative_path (eb));
    }
  if (result == 0)
    result = g_strcmp0 (postings_site_entry_get_relative_path (ea),
                        postings_site_entry_get_relative_path (eb));
  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static gboolean
filter_entry_cb (gpointer item,
                 gpointer user_data)
{
  PostingsSidebar *self = user_data;
  PostingsSiteEntry *entry = item;

  return entry_in_filter (entry, self->state_filter)
      && postings_site_entry_matches (entry, self->query);
}

static void
update_empty (PostingsSidebar *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;

  if (self->site != NULL && postings_site_is_loading (self->site))
    gtk_label_set_label (self->empty_label, _("Reading the postings…"));
  else if (self->site != NULL && g_list_model_get_n_items (postings_site_get_entries (self->site)) == 0)
    gtk_label_set_label (self->empty_label, _("No postings in this folder"));
  else
    gtk_label_set_label (self->empty_label, _("No posting matches"));
  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

static void
update_filter_labels (PostingsSidebar *self)
{
  for (guint f = 0; f < POSTINGS_SIDEBAR_N_FILTERS; f++)
    {
      g_autofree char *markup = g_markup_printf_escaped ("%s <span alpha=\"60%%\">%u</span>",
                                                          filter_name (f), self->counts[f]);
      g_autofree char *name = g_strdup_printf ("%s %u", filter_name (f), self->counts[f]);

      gtk_label_set_markup (self->filter_labels[f], markup);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_buttons[f]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
}

static void
count_now (PostingsSidebar *self)
{
  GListModel *entries = self->site != NULL ? postings_site_get_entries (self->site) : NULL;
  guint n = entries != NULL ? g_list_model_get_n_items (entries) : 0;

  g_clear_handle_id (&self->counts_idle_id, g_source_remove);
  memset (self->counts, 0, sizeof self->counts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PostingsSiteEntry) entry = g_list_model_get_item (entries, i);

      for (guint f = 0; f < POSTINGS_SIDEBAR_N_FILTERS; f++)
        if (entry_in_filter (entry, f))
          self->counts[f]++;
    }
  update_filter_labels (self);
  update_empty (self);
}

static gboolean
count_idle_cb (gpointer data)
{
  PostingsSidebar *self = data;

  self->counts_idle_id = 0;
  count_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_count (PostingsSidebar *self)
{
  if (self->counts_idle_id == 0)
    self->counts_idle_id = g_idle_add (count_idle_cb, self);
}

void
postings_sidebar_invalidate (PostingsSidebar *self)
{
  g_return_if_fail (POSTINGS_IS_SIDEBAR (self));

  g_hash_table_remove_all (self->title_keys);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  count_now (self);
}

static void
site_file_changed_cb (PostingsSidebar *self)
{
  /* A posting changed on disk: it may belong to other filters now. */
  g_hash_table_remove_all (self->title_keys);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  schedule_count (self);
}

static void
entries_changed_cb (PostingsSidebar *self,
                    guint            position,
                    guint            removed,
                    guint            added)
{
  if (removed > 0)
    g_hash_table_remove_all (self->title_keys);
  schedule_count (self);
}

/* The list shows the row selected, else its top. Never at once: the list
 * must have been laid out (GTK 4.8 loses its rows otherwise). */
static gboolean
scroll_idle_cb (gpointer data)
{
  PostingsSidebar *self = data;
  guint selected = gtk_single_selection_get_selected (self->selection);

  self->scroll_idle_id = 0;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                selected != GTK_INVALID_LIST_POSITION ? selected : 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_scroll (PostingsSidebar *self)
{
  if (self->scroll_idle_id == 0)
    /* Right after the next frame is laid out (GDK_PRIORITY_REDRAW is HIGH_IDLE + 20). */
    self->scroll_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, scroll_idle_cb, self, NULL);
}

static void
filtered_changed_cb (PostingsSidebar *self)
{
  update_empty (self);

  /* While the site is read, rows sorted in above the first one shown would
   * push the list down (it keeps its first row in place): it stays at the
   * top until the user picks a row. */
  if (self->site != NULL && postings_site_is_loading (self->site))
    schedule_scroll (self);
}

/* Search and keys ------------------------------------------------------------ */

void
postings_sidebar_set_search_text (PostingsSidebar *self,
                                  const char      *text)
{
  g_autofree char *folded = NULL;
  GtkFilterChange change;

  g_return_if_fail (POSTINGS_IS_SIDEBAR (self));

  folded = postings_site_fold_for_search (text != NULL ? text : "");
  g_strstrip (folded);
  if (g_strcmp0 (folded, self->query) == 0)
    return;

  /* Typing one more letter only hides rows; erasing one only shows more. */
  if (g_str_has_prefix (folded, self->query) && !strchr (folded + strlen (self->query), ' '))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (g_str_has_prefix (self->query, folded) && !strchr (self->query + strlen (folded), ' '))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->query);
  self->query = g_steal_pointer (&folded);
  gtk_filter_changed (GTK_FILTER (self->filter), change);

  /* (Replacing the entry's text empties it first: not a search.) */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    {
      self->setting_text = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
      self->setting_text = FALSE;
    }
}

static void
search_changed_cb (PostingsSidebar *self)
{
  if (!self->setting_text)
    postings_sidebar_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
activate_position (PostingsSidebar *self,
                   guint            position)
{
  g_autoptr(PostingsSiteEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (entry == NULL)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[SIGNAL_POSTING_ACTIVATED], 0, entry);
}

static void
search_activate_cb (PostingsSidebar *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  /* Enter in the search opens the row selected, else the first. */
  activate_position (self, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
}

static void
list_activate_cb (PostingsSidebar *self,
                  guint            position)
{
  activate_position (self, position);
}

static gboolean
search_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       PostingsSidebar       *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint selected;

  /* Down from the search goes into the list. */
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || n == 0)
    return FALSE;

  selected = gtk_single_selection_get_selected (self->selection);
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  gtk_single_selection_set_selected (self->selection, selected);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", selected);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  return TRUE;
}

gboolean
postings_sidebar_is_settled (PostingsSidebar *self)
{
  g_return_val_if_fail (POSTINGS_IS_SIDEBAR (self), TRUE);
  return self->scroll_idle_id == 0 && self->counts_idle_id == 0;
}

void
postings_sidebar_focus_search (PostingsSidebar *self)
{
  g_return_if_fail (POSTINGS_IS_SIDEBAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* Public API ----------------------------------------------------------------- */

GtkWidget *
postings_sidebar_new (void)
{
  return g_object_new (POSTINGS_TYPE_SIDEBAR, NULL);
}

static void
site_loading_cb (PostingsSidebar *self)
{
  /* Read: the counts are the site's. */
  if (self->site != NULL && !postings_site_is_loading (self->site))
    count_now (self);
  update_empty (self);
  if (self->site != NULL && !postings_site_is_loading (self->site))
    schedule_scroll (self);
}

void
postings_sidebar_set_site (PostingsSidebar *self,
                           PostingsSite    *site)
{
  GListModel *entries;

  g_return_if_fail (POSTINGS_IS_SIDEBAR (self));
  g_return_if_fail (site == NULL || POSTINGS_IS_SITE (site));

  if (self->site == site)
    return;

  if (self->site != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->site, self);
      g_signal_handlers_disconnect_by_data (postings_site_get_entries (self->site), self);
    }
  g_set_object (&self->site, site);
  g_hash_table_remove_all (self->title_keys);

  entries = site != NULL ? postings_site_get_entries (site) : NULL;
  gtk_sort_list_model_set_model (self->sorted, entries);
  if (site != NULL)
    {
      g_signal_connect_object (entries, "items-changed", G_CALLBACK (entries_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (site, "file-changed", G_CALLBACK (site_file_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (site, "notify::loading", G_CALLBACK (site_loading_cb), self, G_CONNECT_SWAPPED);
    }
  count_now (self);
}

PostingsSite *
postings_sidebar_get_site (PostingsSidebar *self)
{
  g_return_val_if_fail (POSTINGS_IS_SIDEBAR (self), NULL);
  return self->site;
}

GListModel *
postings_sidebar_get_model (PostingsSidebar *self)
{
  g_return_val_if_fail (POSTINGS_IS_SIDEBAR (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

void
postings_sidebar_set_filter (PostingsSidebar       *self,
                             PostingsSidebarFilter  filter)
{
  g_return_if_fail (POSTINGS_IS_SIDEBAR (self));
  g_return_if_fail (filter < POSTINGS_SIDEBAR_N_FILTERS);

  if (!gtk_toggle_button_get_active (self->filter_buttons[filter]))
    gtk_toggle_button_set_active (self->filter_buttons[filter], TRUE);
  if (self->state_filter == filter)
    return;
  self->state_filter = filter;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

PostingsSidebarFilter
postings_sidebar_get_filter (PostingsSidebar *self)
{
  g_return_val_if_fail (POSTINGS_IS_SIDEBAR (self), POSTINGS_SIDEBAR_FILTER_ALL);
  return self->state_filter;
}

guint
postings_sidebar_get_count (PostingsSidebar       *self,
                            PostingsSidebarFilter  filter)
{
  g_return_val_if_fail (POSTINGS_IS_SIDEBAR (self), 0);
  g_return_val_if_fail (filter < POSTINGS_SIDEBAR_N_FILTERS, 0);

  if (self->counts_idle_id != 0)
    count_now (self);
  return self->counts[filter];
}

void
postings_sidebar_set_sort (PostingsSidebar *self,
                           const char      *sort)
{
  g_return_if_fail (POSTINGS_IS_SIDEBAR (self));

  if (g_strcmp0 (sort, "title") != 0)
    sort = "date";
  if (g_strcmp0 (self->sort, sort) == 0)
    return;
  g_free (self->sort);
  self->sort = g_strdup (sort);
  gtk_menu_button_set_icon_name (self->sort_button, g_str_equal (sort, "title")
                                 ? "view-sort-ascending-symbolic" : "view-sort-descending-symbolic");
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

void
postings_sidebar_select_file (PostingsSidebar *self,
                              GFile           *file)
{
  GListModel *model;
  guint n;

  g_return_if_fail (POSTINGS_IS_SIDEBAR (self));

  model = G_LIST_MODEL (self->filtered);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; file != NULL && i < n; i++)
    {
      g_autoptr(PostingsSiteEntry) entry = g_list_model_get_item (model, i);

      if (g_file_equal (postings_site_entry_get_file (entry), file))
        {
          gtk_single_selection_set_selected (self->selection, i);
          schedule_scroll (self);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/* GObject ---------------------------------------------------------------------- */

static void
filter_toggled_cb (GtkToggleButton *button,
                   PostingsSidebar *self)
{
  if (gtk_toggle_button_get_active (button))
    postings_sidebar_set_filter (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "filter")));
}

static void
build_filters (PostingsSidebar *self)
{
  for (guint f = 0; f < POSTINGS_SIDEBAR_N_FILTERS; f++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "postings-filter");
      if (f > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->filter_buttons[0]);
      g_object_set_data (G_OBJECT (button), "filter", GUINT_TO_POINTER (f));
      g_signal_connect (button, "toggled", G_CALLBACK (filter_toggled_cb), self);
      gtk_grid_attach (self->filter_grid, button, f % 3, f / 3, 1, 1);

      self->filter_buttons[f] = GTK_TOGGLE_BUTTON (button);
      self->filter_labels[f] = GTK_LABEL (label);
    }
  gtk_toggle_button_set_active (self->filter_buttons[POSTINGS_SIDEBAR_FILTER_ALL], TRUE);
}

static void
postings_sidebar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PostingsSidebar *self = POSTINGS_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SORT:
      g_value_set_string (value, self->sort);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_sidebar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PostingsSidebar *self = POSTINGS_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SORT:
      postings_sidebar_set_sort (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_sidebar_dispose (GObject *object)
{
  PostingsSidebar *self = POSTINGS_SIDEBAR (object);
  GtkWidget *child;

  g_clear_handle_id (&self->counts_idle_id, g_source_remove);
  g_clear_handle_id (&self->scroll_idle_id, g_source_remove);
  postings_sidebar_set_site (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), POSTINGS_TYPE_SIDEBAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->sorter);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (postings_sidebar_parent_class)->dispose (object);
}

static void
postings_sidebar_finalize (GObject *object)
{
  PostingsSidebar *self = POSTINGS_SIDEBAR (object);

  g_clear_pointer (&self->title_keys, g_hash_table_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->sort, g_free);

  G_OBJECT_CLASS (postings_sidebar_parent_class)->finalize (object);
}

static void
postings_sidebar_class_init (PostingsSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_sidebar_dispose;
  object_class->finalize = postings_sidebar_finalize;
  object_class->get_property = postings_sidebar_get_property;
  object_class->set_property = postings_sidebar_set_property;

  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL, "date",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_POSTING_ACTIVATED] =
    g_signal_new ("posting-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, POSTINGS_TYPE_SITE_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/culture/Postings/ui/postings-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, PostingsSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PostingsSidebar, sort_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsSidebar, sort_menu);
  gtk_widget_class_bind_template_child (widget_class, PostingsSidebar, filter_grid);
  gtk_widget_class_bind_template_child (widget_class, PostingsSidebar, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PostingsSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, PostingsSidebar, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_property_action (widget_class, "sidebar.sort", "sort");
  gtk_widget_class_set_css_name (widget_class, "postings-sidebar");
}

static void
postings_sidebar_init (PostingsSidebar *self)
{
  GtkListItemFactory *factory;
  GtkEventController *keys;

  self->query = g_strdup ("");
  self->sort = g_strdup ("date");
  self->title_keys = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Built when first opened. */
  postings_menu_button_set_menu_on_demand (self->sort_button, self->sort_menu);
  build_filters (self);

  self->sorter = gtk_custom_sorter_new (compare_entries_cb, self, NULL);
  self->filter = gtk_custom_filter_new (filter_entry_cb, self, NULL);
  self->sorted = gtk_sort_list_model_new (NULL, g_object_ref (GTK_SORTER (self->sorter)));
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sorted)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (filtered_changed_cb), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  count_now (self);
}
