/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "postings-accessible.h"
#include "postings-menu-button.h"
#include "postings-recent.h"
#include "postings-drafts.h"
#include "postings-file-chooser.h"
#include "postings-repository.h"
#include "postings-settings.h"
#include "postings-timing.h"
#include "postings-window-private.h"

/* The window only arranges: the site's list (a PostingsSidebar) in a
 * leaflet beside the content, which is the start page (nothing open), a
 * status page (a site with no posting open: reading, empty, or choose one)
 * or the pages, one PostingsEditorPage per open posting in a stack, the one
 * shown receiving the window's actions. */

G_DEFINE_FINAL_TYPE (PostingsWindow, postings_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_PREVIEW,
  PROP_PREVIEW_VISIBLE,
  PROP_SHOW_FRONT_MATTER_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Pages ------------------------------------------------------------------ */

PostingsEditorPage *
postings_window_get_visible_page (PostingsWindow *self)
{
  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), NULL);
  return self->visible_page;
}

static GPtrArray *
list_pages (PostingsWindow *self)
{
  GPtrArray *pages = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->pages)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (POSTINGS_IS_EDITOR_PAGE (child))
      g_ptr_array_add (pages, child);
  return pages;
}

PostingsEditorPage *
postings_window_find_page (PostingsWindow *self,
                           GFile          *file)
{
  g_autoptr(GPtrArray) pages = NULL;

  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  pages = list_pages (self);
  for (guint i = 0; i < pages->len; i++)
    {
      GFile *page_file = postings_editor_page_get_file (pages->pdata[i]);

      if (page_file != NULL && g_file_equal (page_file, file))
        return pages->pdata[i];
    }
  return NULL;
}

gboolean
postings_window_get_modified (PostingsWindow *self)
{
  g_autoptr(GPtrArray) pages = NULL;

  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), FALSE);

  pages = list_pages (self);
  for (guint i = 0; i < pages->len; i++)
    if (postings_editor_page_get_modified (pages->pdata[i]))
      return TRUE;
  return FALSE;
}

gboolean
postings_window_is_pristine (PostingsWindow *self)
{
  g_autoptr(GPtrArray) pages = NULL;

  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), FALSE);

  if (self->site != NULL)
    return FALSE;
  pages = list_pages (self);
  return pages->len == 0
      || (pages->len == 1 && postings_editor_page_is_pristine (pages->pdata[0]));
}

GFile *
postings_window_get_repository_root (PostingsWindow *self)
{
  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), NULL);

  if (self->visible_page == NULL)
    return NULL;
  return postings_editor_page_get_repository_root (self->visible_page);
}

/* What the content shows, and who answers F10. */
static void
update_content (PostingsWindow *self)
{
  g_autoptr(GPtrArray) pages = list_pages (self);
  const char *name;

  if (pages->len > 0)
    name = "pages";
  else if (self->site != NULL)
    {
      GListModel *entries = postings_site_get_entries (self->site);
      gboolean empty = g_list_model_get_n_items (entries) == 0;

      name = "status";
      gtk_widget_set_visible (self->status_new_button, FALSE);
      if (postings_site_is_loading (self->site) && empty)
        {
          adw_status_page_set_icon_name (self->status_page, "folder-open-symbolic");
          adw_status_page_set_title (self->status_page, _("Reading the Postings…"));
          adw_status_page_set_description (self->status_page, NULL);
        }
      else if (empty)
        {
          g_autofree char *folder = g_file_get_parse_name (postings_site_get_jobs_dir (self->site));
          g_autofree char *description =
            g_strdup_printf (_("There is no posting in “%s” yet. A new posting is saved there."), folder);

          adw_status_page_set_icon_name (self->status_page, "folder-symbolic");
          adw_status_page_set_title (self->status_page, _("No Postings in This Folder"));
          adw_status_page_set_description (self->status_page, description);
          gtk_widget_set_visible (self->status_new_button, TRUE);
        }
      else
        {
          adw_status_page_set_icon_name (self->status_page, "document-open-symbolic");
          adw_status_page_set_title (self->status_page, _("Choose a Posting"));
          adw_status_page_set_description (self->status_page,
                                           _("Pick a posting in the list to edit it, or write a new one."));
          gtk_widget_set_visible (self->status_new_button, TRUE);
        }
    }
  else
    name = "start";

  gtk_stack_set_visible_child_name (self->content, name);
  gtk_menu_button_set_primary (self->start_menu_button, g_str_equal (name, "start"));
  if (self->visible_page != NULL)
    postings_editor_page_set_primary (self->visible_page, g_str_equal (name, "pages"));
}

static void
update_title (PostingsWindow *self)
{
  const char *title = self->visible_page != NULL
                    ? postings_editor_page_get_title (self->visible_page)
                    : NULL;

  gtk_window_set_title (GTK_WINDOW (self), title != NULL ? title : _("Postings"));
}

static void
page_actions_changed_cb (PostingsWindow     *self,
                         PostingsEditorPage *page)
{
  if (page == self->visible_page)
    _postings_window_update_actions (self);
}

static void
page_title_changed_cb (PostingsWindow     *self,
                       GParamSpec         *pspec,
                       PostingsEditorPage *page)
{
  if (page == self->visible_page)
    update_title (self);
}

static void
page_preview_visible_cb (PostingsWindow     *self,
                         GParamSpec         *pspec,
                         PostingsEditorPage *page)
{
  if (page == self->visible_page)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_VISIBLE]);
}

static void close_after_saves (PostingsWindow *self);
static GPtrArray *list_modified_pages (PostingsWindow *self);

static void
page_save_finished_cb (PostingsWindow     *self,
                       gboolean            saved,
                       PostingsEditorPage *page)
{
  /* A saved posting may move to another filter (or appear), and git sees
   * it changed. */
  if (saved)
    {
      postings_sidebar_invalidate (self->sidebar);
      _postings_window_git_refresh (self);
    }
  if (!self->closing)
    return;
  if (!saved)
    self->closing = FALSE;
  else
    close_after_saves (self);
}

static void
visible_child_cb (PostingsWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->pages);
  PostingsEditorPage *page = POSTINGS_IS_EDITOR_PAGE (child) ? POSTINGS_EDITOR_PAGE (child) : NULL;

  if (page == self->visible_page)
    return;

  /* Only the page shown answers F10. */
  if (self->visible_page != NULL)
    postings_editor_page_set_primary (self->visible_page, FALSE);
  self->visible_page = page;
  if (page != NULL)
    {
      postings_editor_page_set_primary (page, TRUE);
      g_queue_remove (&self->recent_pages, page);
      g_queue_push_head (&self->recent_pages, page);
      postings_sidebar_select_file (self->sidebar, postings_editor_page_get_file (page));
    }

  update_title (self);
  _postings_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_VISIBLE]);
}

static gboolean
show_back (PostingsWindow *self)
{
  return self->site != NULL && adw_leaflet_get_folded (self->leaflet);
}

static void
folded_cb (PostingsWindow *self)
{
  g_autoptr(GPtrArray) pages = list_pages (self);

  for (guint i = 0; i < pages->len; i++)
    postings_editor_page_set_show_back (pages->pdata[i], show_back (self));
  gtk_widget_set_visible (self->status_back_button, show_back (self));
  /* Folded, the list's header bar is the window's too. */
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (gtk_widget_get_first_child (self->sidebar_box)),
                                             adw_leaflet_get_folded (self->leaflet));
}

static void
page_file_changed_cb (PostingsWindow     *self,
                      GParamSpec         *pspec,
                      PostingsEditorPage *page)
{
  if (page == self->visible_page)
    postings_sidebar_select_file (self->sidebar, postings_editor_page_get_file (page));
}

/* GTK 4.8 leaves its tooltip on a popover that loses its surface (taken
 * out of the window, or the window closed, while something still holds
 * it): when the tooltip's delay ends, it asks where the pointer is on no
 * surface, a critical. The display's pending tooltip goes, as GTK drops it
 * itself when tooltip browsing ends; the next pointer motion makes another. */
static void
forget_tooltip (GtkWidget *widget)
{
  GQuark quark = g_quark_try_string ("gdk-display-current-tooltip");

  if (quark != 0)
    g_object_set_qdata (G_OBJECT (gtk_widget_get_display (widget)), quark, NULL);
}

static void
remove_page (PostingsWindow     *self,
             PostingsEditorPage *page)
{
  g_queue_remove (&self->recent_pages, page);
  if (self->visible_page == page)
    self->visible_page = NULL;
  postings_editor_page_closed (page);
  forget_tooltip (GTK_WIDGET (self));
  gtk_stack_remove (self->pages, GTK_WIDGET (page));
}

/* Postings opened to be read and left as they were go when there are many:
 * they are loaded again when chosen. Pages with changes always stay. */
static void
prune_pages (PostingsWindow *self)
{
  guint idle = 0;

  for (GList *l = self->recent_pages.head; l != NULL;)
    {
      PostingsEditorPage *page = l->data;

      l = l->next;
      if (page == self->visible_page || !postings_editor_page_is_disposable (page))
        continue;
      if (++idle > POSTINGS_WINDOW_MAX_IDLE_PAGES)
        remove_page (self, page);
    }
}

static PostingsEditorPage *
add_page (PostingsWindow *self)
{
  PostingsEditorPage *page = postings_editor_page_new ();

  prune_pages (self);
  postings_editor_page_set_site (page, self->site);
  postings_editor_page_set_show_back (page, show_back (self));

  /* The window's preferences are every page's. */
  g_object_bind_property (self, "show-preview", page, "show-preview",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "show-front-matter-source", page, "show-front-matter-source",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_object (page, "actions-changed", G_CALLBACK (page_actions_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::title", G_CALLBACK (page_title_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::preview-visible", G_CALLBACK (page_preview_visible_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "save-finished", G_CALLBACK (page_save_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::file", G_CALLBACK (page_file_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_stack_add_child (self->pages, GTK_WIDGET (page));
  g_queue_push_tail (&self->recent_pages, page);
  update_content (self);
  return page;
}

static void
show_page (PostingsWindow     *self,
           PostingsEditorPage *page)
{
  gtk_stack_set_visible_child (self->pages, GTK_WIDGET (page));
  visible_child_cb (self);
  /* Folded: the posting in place of the list. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

void
postings_window_open (PostingsWindow *self,
                      GFile          *file)
{
  PostingsEditorPage *page;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  page = postings_window_find_page (self, file);
  if (page == NULL)
    {
      /* An untouched new posting gives its place. */
      page = self->visible_page;
      if (page == NULL || !postings_editor_page_is_pristine (page))
        page = add_page (self);
      postings_editor_page_load (page, file);
    }
  show_page (self, page);
}

void
postings_window_new_posting (PostingsWindow *self,
                             GFile          *repository_root)
{
  PostingsEditorPage *page;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));

  page = self->visible_page;
  if (page == NULL || !postings_editor_page_is_pristine (page))
    page = add_page (self);
  show_page (self, page);
  postings_editor_page_new_posting (page, repository_root);
}

void
_postings_window_new_posting_here (PostingsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GFile *root = postings_window_get_repository_root (self);
  g_autofree char *uri = root != NULL ? g_file_get_uri (root) : g_strdup ("");

  /* A site's window holds many postings: one more page, in the site. */
  if (self->site != NULL || self->visible_page == NULL)
    {
      PostingsEditorPage *page = add_page (self);

      show_page (self, page);
      postings_editor_page_new_posting (page, self->site != NULL ? postings_site_get_root (self->site) : NULL);
      return;
    }

  if (postings_window_is_pristine (self) && self->visible_page != NULL)
    {
      /* Already a blank new posting: nothing to keep, stay here. */
      gtk_window_present (GTK_WINDOW (self));
      return;
    }

  /* The application decides where it goes (a window of its own). */
  if (app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "new-posting"))
    g_action_group_activate_action (G_ACTION_GROUP (app), "new-posting", g_variant_new_string (uri));
  else
    postings_window_new_posting (self, root);
}

/* The site ---------------------------------------------------------------- */

PostingsSite *
postings_window_get_site (PostingsWindow *self)
{
  g_return_val_if_fail (POSTINGS_IS_WINDOW (self), NULL);
  return self->site;
}

static void
site_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!postings_site_load_finish (POSTINGS_SITE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  postings_timing_mark ("site indexed");
  update_content (self);
  postings_window_offer_drafts (self);
}

static void
site_changed_cb (PostingsWindow *self)
{
  update_content (self);
}

static void
site_loading_cb (PostingsWindow *self)
{
  update_content (self);
  /* The row of the posting shown exists now. */
  if (self->visible_page != NULL && !postings_site_is_loading (self->site))
    postings_sidebar_select_file (self->sidebar, postings_editor_page_get_file (self->visible_page));
}

/* The site watches its postings for every page. */
static void
site_file_changed_cb (PostingsWindow *self,
                      GFile          *file)
{
  PostingsEditorPage *page = postings_window_find_page (self, file);

  if (page != NULL)
    postings_editor_page_file_changed_on_disk (page);
}

static void
site_file_deleted_cb (PostingsWindow *self,
                      GFile          *file)
{
  PostingsEditorPage *page = postings_window_find_page (self, file);

  if (page != NULL)
    postings_editor_page_file_deleted_on_disk (page);
  update_content (self);
}

void
postings_window_set_site (PostingsWindow *self,
                          PostingsSite   *site)
{
  g_autoptr(GPtrArray) pages = NULL;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));
  g_return_if_fail (site == NULL || POSTINGS_IS_SITE (site));

  if (self->site == site)
    return;

  if (self->site != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->site, self);
      g_signal_handlers_disconnect_by_data (postings_site_get_entries (self->site), self);
    }
  g_set_object (&self->site, site);

  postings_sidebar_set_site (self->sidebar, site);
  gtk_widget_set_visible (self->sidebar_box, site != NULL);
  gtk_widget_set_visible (self->sidebar_separator, site != NULL);
  pages = list_pages (self);
  for (guint i = 0; i < pages->len; i++)
    postings_editor_page_set_site (pages->pdata[i], site);
  folded_cb (self);

  if (site != NULL)
    {
      g_autoptr(GFile) parent = NULL;
      GFile *where = postings_site_get_root (site) != NULL ? postings_site_get_root (site)
                                                          : postings_site_get_jobs_dir (site);
      g_autofree char *subtitle = (parent = g_file_get_parent (where)) != NULL
                                  ? g_file_get_parse_name (parent) : NULL;

      adw_window_title_set_title (self->site_title, postings_site_get_title (site));
      adw_window_title_set_subtitle (self->site_title, subtitle);
      g_signal_connect_object (site, "notify::loading", G_CALLBACK (site_loading_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (site, "file-changed", G_CALLBACK (site_file_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (site, "file-deleted", G_CALLBACK (site_file_deleted_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (postings_site_get_entries (site), "items-changed",
                               G_CALLBACK (site_changed_cb), self, G_CONNECT_SWAPPED);
      if (g_list_model_get_n_items (postings_site_get_entries (site)) == 0 && !postings_site_is_loading (site))
        postings_site_load_async (site, self->cancellable, site_loaded_cb, g_object_ref (self));
    }
  _postings_window_git_set_site (self);
  update_content (self);
  _postings_window_update_actions (self);
}

void
postings_window_show_message (PostingsWindow *self,
                              const char     *message)
{
  g_return_if_fail (POSTINGS_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
postings_window_offer_drafts (PostingsWindow *self)
{
  g_autoptr(GPtrArray) drafts = NULL;
  PostingsEditorPage *shown = self->visible_page;
  GFile *jobs;
  guint n = 0;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));

  drafts = postings_drafts_list (NULL);
  jobs = self->site != NULL ? postings_site_get_jobs_dir (self->site) : NULL;
  for (guint i = 0; i < drafts->len; i++)
    {
      PostingsDraft *draft = g_ptr_array_index (drafts, i);
      GFile *file = postings_draft_get_file (draft);

      if (_postings_editor_page_draft_is_claimed (postings_draft_get_location (draft)))
        continue;
      /* The site's postings, and new postings (in a site, or at start). */
      if (file != NULL && (jobs == NULL || !g_file_has_prefix (file, jobs)))
        continue;
      if (file != NULL)
        postings_window_open (self, file);
      else
        {
          PostingsEditorPage *page = add_page (self);

          show_page (self, page);
          postings_editor_page_new_posting (page, self->site != NULL ? postings_site_get_root (self->site) : NULL);
        }
      if (shown == NULL)
        shown = self->visible_page;
      n++;
      /* Without a list to go from one to the other, one at a time. */
      if (self->site == NULL)
        break;
    }

  /* The first one stays in front; the others wait in the list. */
  if (shown != NULL && shown != self->visible_page)
    show_page (self, shown);
  if (n > 1)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "Unsaved changes of %u posting were found",
                                                            "Unsaved changes of %u postings were found", n), n);
      postings_window_show_message (self, text);
    }
}

static void
close_expired_changed_cb (PostingsWindow *self)
{
  postings_sidebar_invalidate (self->sidebar);
  update_content (self);
}

void
_postings_window_close_expired (PostingsWindow *self)
{
  g_autoptr(GPtrArray) modified = NULL;
  g_autoptr(GPtrArray) unsaved = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->site == NULL)
    return;

  /* Postings with unsaved changes are the user's to close. */
  modified = list_modified_pages (self);
  for (guint i = 0; i < modified->len; i++)
    if (postings_editor_page_get_file (modified->pdata[i]) != NULL)
      g_ptr_array_add (unsaved, g_object_ref (postings_editor_page_get_file (modified->pdata[i])));

  if (self->close_expired != NULL)
    g_signal_handlers_disconnect_by_data (self->close_expired, self);
  g_clear_object (&self->close_expired);
  self->close_expired = postings_close_expired_new (self->site, unsaved);
  g_signal_connect_object (self->close_expired, "files-changed", G_CALLBACK (close_expired_changed_cb),
                           self, G_CONNECT_SWAPPED);
  postings_close_expired_run (self->close_expired, GTK_WINDOW (self), self->toast_overlay);
}

void
_postings_window_show_sidebar (PostingsWindow *self)
{
  if (self->site != NULL)
    adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

void
_postings_window_search_postings (PostingsWindow *self)
{
  if (self->site == NULL)
    return;
  _postings_window_show_sidebar (self);
  postings_sidebar_focus_search (self->sidebar);
}

static void
posting_activated_cb (PostingsWindow    *self,
                      PostingsSiteEntry *entry)
{
  if (postings_site_entry_get_state (entry) == POSTINGS_POSTING_DELETED)
    _postings_window_git_show_deleted (self, entry);
  else
    postings_window_open (self, postings_site_entry_get_file (entry));
}

/* Recent sites ------------------------------------------------------------ */

void
postings_window_update_recent (PostingsWindow *self)
{
  g_auto(GStrv) uris = NULL;
  GtkWidget *child;
  guint shown = 0;

  g_return_if_fail (POSTINGS_IS_WINDOW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  uris = self->settings != NULL ? g_settings_get_strv (self->settings, "recent-sites") : NULL;
  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (uris[i]);
      g_autoptr(GFile) parent = g_file_get_parent (folder);
      g_autofree char *name = g_file_get_basename (folder);
      g_autofree char *where = parent != NULL ? g_file_get_parse_name (parent) : NULL;
      GtkWidget *row;

      /* A site moved or deleted since is not offered. */
      if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "folder", g_steal_pointer (&folder), g_object_unref);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), shown > 0);
}

static void
open_in_application (PostingsWindow *self,
                     GFile         **files,
                     int             n_files)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  /* The application finds the window that shows it, or uses this one. */
  if (app != NULL)
    g_application_open (app, files, n_files, "");
  else
    for (int i = 0; i < n_files; i++)
      postings_window_open (self, files[i]);
}

static void
recent_activated_cb (PostingsWindow *self,
                     GtkListBoxRow  *row)
{
  GFile *folder = g_object_get_data (G_OBJECT (row), "folder");

  if (folder != NULL)
    open_in_application (self, &folder, 1);
}

static void
open_site_chooser_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(GFile) folder = postings_file_chooser_finish (result);

  if (folder != NULL)
    open_in_application (self, &folder, 1);
}

void
_postings_window_open_site_dialog (PostingsWindow *self)
{
  g_autoptr(GFile) parent = NULL;
  GFile *root = self->site != NULL ? postings_site_get_root (self->site) : NULL;

  /* Beside the site shown: sites are often kept side by side. */
  if (root != NULL)
    parent = g_file_get_parent (root);
  postings_file_chooser_select_folder (GTK_WINDOW (self), parent, self->cancellable,
                                       open_site_chooser_cb, g_object_ref (self));
}

/* Dropping a folder or a posting on the window opens it. */
static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         PostingsWindow *self)
{
  GSList *list;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  list = g_value_get_boxed (value);
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;

  open_in_application (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

/* Open Recent (postings-recent.h): the posting in its site's window. */
static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  open_in_application (POSTINGS_WINDOW (widget), &file, 1);
}

/* Opening ---------------------------------------------------------------- */

static void
open_chooser_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PostingsWindow) self = user_data;
  g_autoptr(GFile) file = postings_file_chooser_finish (result);

  if (file != NULL)
    open_in_application (self, &file, 1);
}

void
_postings_window_open_dialog (PostingsWindow *self)
{
  g_autoptr(GFile) folder = NULL;
  GFile *file = self->visible_page != NULL ? postings_editor_page_get_file (self->visible_page) : NULL;
  GFile *root = postings_window_get_repository_root (self);

  if (file != NULL)
    folder = g_file_get_parent (file);
  else if (self->site != NULL)
    folder = g_object_ref (postings_site_get_jobs_dir (self->site));
  else if (root != NULL)
    folder = postings_repository_get_jobs_dir (root);

  postings_file_chooser_open (GTK_WINDOW (self), folder, self->cancellable, open_chooser_cb, g_object_ref (self));
}

/* Start-up timing and the ready notification ----------------------------- */

static void
after_paint_cb (GdkFrameClock  *clock,
                PostingsWindow *self)
{
  if (self->reported_ready || self->visible_page == NULL
      || !postings_editor_page_is_ready_to_show (self->visible_page)
      || (self->site != NULL && (postings_site_is_loading (self->site)
                                 || !postings_sidebar_is_settled (self->sidebar))))
    {
      self->frames_with_document = 0;
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
      return;
    }
  /* Two frames painted with the posting, its preview and the whole list
   * (scrolled to its row after the first). Only a frame is asked for: what
   * changed is drawn again, nothing more (a redraw of the whole window
   * would add work no user sees). */
  if (++self->frames_with_document < 2)
    {
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
      return;
    }

  self->reported_ready = TRUE;
  g_signal_handler_disconnect (clock, self->after_paint_id);
  self->after_paint_id = 0;
  postings_timing_report_ready ();
}

static void
postings_window_map (GtkWidget *widget)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (postings_window_parent_class)->map (widget);

  if (self->reported_ready || self->after_paint_id != 0 || !postings_timing_wanted ())
    return;

  clock = gtk_widget_get_frame_clock (widget);
  if (clock != NULL)
    self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
}

static void
postings_window_unmap (GtkWidget *widget)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (self->after_paint_id != 0 && clock != NULL)
    g_signal_handler_disconnect (clock, self->after_paint_id);
  self->after_paint_id = 0;

  GTK_WIDGET_CLASS (postings_window_parent_class)->unmap (widget);
}

static void
postings_window_unrealize (GtkWidget *widget)
{
  forget_tooltip (widget);
  GTK_WIDGET_CLASS (postings_window_parent_class)->unrealize (widget);
}

/* The leaflet folds below POSTINGS_WINDOW_FOLD_WIDTH, a rule of the window's
 * width. Left to itself, it folds where its children's minimum widths stop
 * fitting, and a page's minimum changes with its layout: a small page needs
 * less than a wide one, so between about 565 and 640 px the list and a
 * small page fitted side by side, and whether the window folded depended on
 * the order of allocations. Its own rule still folds it wherever the
 * minimum widths do not fit. */
static void
postings_window_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  PostingsWindow *self = POSTINGS_WINDOW (widget);
  gboolean can_unfold = width >= POSTINGS_WINDOW_FOLD_WIDTH;

  /* Before the leaflet is allocated, below. */
  if (adw_leaflet_get_can_unfold (self->leaflet) != can_unfold)
    adw_leaflet_set_can_unfold (self->leaflet, can_unfold);
  GTK_WIDGET_CLASS (postings_window_parent_class)->size_allocate (widget, width, height, baseline);
}

/* Closing ---------------------------------------------------------------- */

/* Answered or gone: that question is over (another may have been asked). */
static void
dialog_gone_cb (GtkWidget      *dialog,
                PostingsWindow *self)
{
  if (self->dialog == ADW_MESSAGE_DIALOG (dialog))
    self->dialog = NULL;
}

static void
dialog_answered_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PostingsWindow   *self)
{
  dialog_gone_cb (GTK_WIDGET (dialog), self);
}

static gboolean
close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
close_soon (PostingsWindow *self)
{
  self->close_confirmed = TRUE;
  /* Not from within a dialog's own signal: the dialog is still using its
   * parent. */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

static GPtrArray *
list_modified_pages (PostingsWindow *self)
{
  g_autoptr(GPtrArray) pages = list_pages (self);
  GPtrArray *modified = g_ptr_array_new ();

  for (guint i = 0; i < pages->len; i++)
    if (postings_editor_page_get_modified (pages->pdata[i]))
      g_ptr_array_add (modified, pages->pdata[i]);
  return modified;
}

/* After "Save": closes once every page is saved. */
static void
close_after_saves (PostingsWindow *self)
{
  g_autoptr(GPtrArray) pages = list_pages (self);

  for (guint i = 0; i < pages->len; i++)
    if (postings_editor_page_is_saving (pages->pdata[i])
        || postings_editor_page_get_modified (pages->pdata[i]))
      return;

  self->closing = FALSE;
  close_soon (self);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   PostingsWindow   *self)
{
  g_autoptr(GPtrArray) modified = list_modified_pages (self);

  if (g_strcmp0 (response, "discard") == 0)
    {
      for (guint i = 0; i < modified->len; i++)
        postings_editor_page_discard_changes (modified->pdata[i]);
      close_soon (self);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->closing = TRUE;
      for (guint i = 0; i < modified->len; i++)
        postings_editor_page_save (modified->pdata[i]);
    }
}

static gboolean
postings_window_close_request (GtkWindow *window)
{
  PostingsWindow *self = POSTINGS_WINDOW (window);
  g_autoptr(GPtrArray) modified = list_modified_pages (self);
  g_autoptr(GPtrArray) pages = NULL;

  if (!self->close_confirmed && modified->len > 0)
    {
      g_autofree char *body = NULL;
      AdwMessageDialog *dialog;

      if (self->dialog != NULL)
        {
          gtk_window_present (GTK_WINDOW (self->dialog));
          return TRUE;
        }

      if (modified->len == 1)
        {
          g_autofree char *name = postings_editor_page_dup_name (modified->pdata[0]);

          /* The page that has the changes is the one to look at. */
          show_page (self, modified->pdata[0]);
          body = g_strdup_printf (_("“%s” has changes that are not saved. "
                                    "If you discard them, they are lost."), name);
          dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body));
        }
      else
        {
          GtkWidget *list = gtk_list_box_new ();

          /* Every posting with changes, by name. */
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
          gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Postings with unsaved changes"), -1);
          for (guint i = 0; i < modified->len; i++)
            {
              GtkWidget *row = adw_action_row_new ();
              GFile *file = postings_editor_page_get_file (modified->pdata[i]);
              g_autofree char *folder = NULL;
              g_autoptr(GFile) parent = file != NULL ? g_file_get_parent (file) : NULL;
              g_autofree char *name = postings_editor_page_dup_name (modified->pdata[i]);

              adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
              if (parent != NULL && (folder = g_file_get_parse_name (parent)) != NULL)
                adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
              gtk_list_box_append (GTK_LIST_BOX (list), row);
            }

          body = g_strdup_printf (g_dngettext (NULL, "%u posting has changes that are not saved. "
                                               "If you discard them, they are lost.",
                                               "%u postings have changes that are not saved. "
                                               "If you discard them, they are lost.", modified->len),
                                  modified->len);
          dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body));
          adw_message_dialog_set_extra_child (dialog, list);
        }
      self->dialog = dialog;
      g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_answered_cb), self, 0);
      g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_gone_cb), self, 0);
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "discard", modified->len == 1 ? _("_Discard") : _("_Discard All"),
                                        "save", modified->len == 1 ? _("_Save") : _("_Save All"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "save");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  pages = list_pages (self);
  for (guint i = 0; i < pages->len; i++)
    postings_editor_page_closed (pages->pdata[i]);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (postings_window_parent_class)->close_request (window);
}

AdwMessageDialog *
_postings_window_get_dialog (PostingsWindow *self)
{
  return self->dialog;
}

const char *
_postings_window_get_content_name (PostingsWindow *self)
{
  return gtk_stack_get_visible_child_name (self->content);
}

PostingsSidebar *
_postings_window_get_sidebar (PostingsWindow *self)
{
  return self->sidebar;
}

guint
_postings_window_get_n_pages (PostingsWindow *self)
{
  g_autoptr(GPtrArray) pages = list_pages (self);
  return pages->len;
}

GPtrArray *
_postings_window_list_modified_pages (PostingsWindow *self)
{
  return list_modified_pages (self);
}

/* GObject ---------------------------------------------------------------- */

static void
bind_settings (PostingsWindow *self)
{
  /* Read once, then write back: two windows do not resize each other. */
  const GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES;

  self->settings = postings_settings_new ();
  if (self->settings == NULL)
    return;

  g_settings_bind (self->settings, "window-width", self, "default-width", flags);
  g_settings_bind (self->settings, "window-height", self, "default-height", flags);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", flags);
  g_settings_bind (self->settings, "show-preview", self, "show-preview", flags);
  g_settings_bind (self->settings, "show-front-matter-source", self, "show-front-matter-source", flags);
  g_settings_bind (self->settings, "sidebar-sort", self->sidebar, "sort", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::recent-sites", G_CALLBACK (postings_window_update_recent),
                           self, G_CONNECT_SWAPPED);
}

static void
postings_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      g_value_set_boolean (value, self->show_preview);
      break;
    case PROP_PREVIEW_VISIBLE:
      g_value_set_boolean (value, self->visible_page != NULL
                                  ? postings_editor_page_get_preview_visible (self->visible_page)
                                  : self->show_preview);
      break;
    case PROP_SHOW_FRONT_MATTER_SOURCE:
      g_value_set_boolean (value, self->show_front_matter_source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);
  gboolean b;

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      b = g_value_get_boolean (value);
      if (self->show_preview != b)
        {
          self->show_preview = b;
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_PREVIEW_VISIBLE:
      if (self->visible_page != NULL)
        postings_editor_page_set_preview_visible (self->visible_page, g_value_get_boolean (value));
      break;
    case PROP_SHOW_FRONT_MATTER_SOURCE:
      b = g_value_get_boolean (value);
      if (self->show_front_matter_source != b)
        {
          self->show_front_matter_source = b;
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_window_dispose (GObject *object)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  self->visible_page = NULL;
  g_queue_clear (&self->recent_pages);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  _postings_window_git_dispose (self);
  if (self->site != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->site, self);
      g_signal_handlers_disconnect_by_data (postings_site_get_entries (self->site), self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), POSTINGS_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->site);
  g_clear_object (&self->close_expired);

  G_OBJECT_CLASS (postings_window_parent_class)->dispose (object);
}

static void
postings_window_finalize (GObject *object)
{
  PostingsWindow *self = POSTINGS_WINDOW (object);

  g_clear_object (&self->cancellable);
  _postings_window_git_finalize (self);

  G_OBJECT_CLASS (postings_window_parent_class)->finalize (object);
}

static void
postings_window_class_init (PostingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = postings_window_dispose;
  object_class->finalize = postings_window_finalize;
  object_class->get_property = postings_window_get_property;
  object_class->set_property = postings_window_set_property;

  widget_class->map = postings_window_map;
  widget_class->unmap = postings_window_unmap;
  widget_class->size_allocate = postings_window_size_allocate;
  widget_class->unrealize = postings_window_unrealize;

  window_class->close_request = postings_window_close_request;

  properties[PROP_SHOW_PREVIEW] =
    g_param_spec_boolean ("show-preview", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW_VISIBLE] =
    g_param_spec_boolean ("preview-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_FRONT_MATTER_SOURCE] =
    g_param_spec_boolean ("show-front-matter-source", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (POSTINGS_TYPE_EDITOR_PAGE);
  g_type_ensure (POSTINGS_TYPE_SIDEBAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/culture/Postings/ui/postings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, site_title);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, content);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, start_menu_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, site_menu_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, status_back_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, status_new_button);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, PostingsWindow, update_button);
  gtk_widget_class_bind_template_callback (widget_class, visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, posting_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);

  _postings_window_class_init_actions (klass);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
}

static void
postings_window_init (PostingsWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->show_preview = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  postings_accessible_status_page (GTK_WIDGET (self->status_page));

  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
  /* Open Recent: in the site's menu, and its postings on the start page. */
  postings_recent_add_submenu (gtk_menu_button_get_menu_model (self->start_menu_button));
  /* The same menu in the site's header bar, built when first opened. */
  postings_menu_button_set_menu_on_demand (self->site_menu_button,
                                           gtk_menu_button_get_menu_model (self->start_menu_button));
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->recent_group))),
                              postings_recent_group_new (), GTK_WIDGET (self->recent_group));

  bind_settings (self);
  postings_window_update_recent (self);
  update_content (self);
  update_title (self);
  _postings_window_update_actions (self);
}

PostingsWindow *
postings_window_new (GtkApplication *application)
{
  return g_object_new (POSTINGS_TYPE_WINDOW, "application", application, NULL);
}
