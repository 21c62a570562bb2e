/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "postings-accessible.h"
#include "postings-application.h"
#include "postings-git.h"
#include "postings-permalink.h"
#include "postings-repository.h"
#include "postings-settings.h"
#include "postings-site.h"
#include "postings-source-view.h"
#include "postings-timing.h"
#include "postings-window.h"

/* From the GResource compiled with --manual-register (src/ui/meson.build). */
void postings_register_resource (void);

struct _PostingsApplication
{
  AdwApplication parent_instance;

  GFile      *last_root;  /* the repository of the last posting opened */
  GSettings  *settings;   /* NULL when the schema is not installed */
  GHashTable *sites;      /* URI of a jobs folder → the PostingsSite open on it */
};

G_DEFINE_FINAL_TYPE (PostingsApplication, postings_application, ADW_TYPE_APPLICATION)

void
postings_application_init_ui (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      const char * const languages[] = { "markdown", "yaml", NULL };

      postings_register_resource ();
      /* A renamed posting is published when git tracks it. */
      postings_posting_set_tracked_func (postings_git_is_tracked);
      gtk_source_init ();
      postings_source_view_preload_languages (languages);
      g_once_init_leave (&initialized, 1);
    }
}

static PostingsWindow *
find_window_for_site (PostingsApplication *self,
                      PostingsSite        *site)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (POSTINGS_IS_WINDOW (l->data) && postings_window_get_site (l->data) == site)
      return l->data;
  return NULL;
}

static PostingsWindow *
new_window (PostingsApplication *self)
{
  PostingsWindow *window = postings_window_new (GTK_APPLICATION (self));

  postings_timing_mark ("window built");
  return window;
}

/* The site open on @site's jobs folder, if any, else @site itself. */
static PostingsSite *
share_site (PostingsApplication *self,
            PostingsSite        *site)
{
  g_autofree char *uri = g_file_get_uri (postings_site_get_jobs_dir (site));
  PostingsSite *open = g_hash_table_lookup (self->sites, uri);

  if (open != NULL)
    return g_object_ref (open);
  g_hash_table_insert (self->sites, g_steal_pointer (&uri), g_object_ref (site));
  return g_object_ref (site);
}

/* Sites no window shows any more are closed. */
static void
window_removed_cb (PostingsApplication *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sites);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (find_window_for_site (self, value) == NULL)
      g_hash_table_iter_remove (&iter);
}

void
postings_application_open_site (PostingsApplication *self,
                                PostingsSite        *site,
                                GFile               *posting,
                                GtkWindow           *from)
{
  g_autoptr(PostingsSite) shared = NULL;
  PostingsWindow *window;
  GFile *where;

  g_return_if_fail (POSTINGS_IS_APPLICATION (self));
  g_return_if_fail (POSTINGS_IS_SITE (site));

  shared = share_site (self, site);
  window = find_window_for_site (self, shared);
  if (window == NULL)
    {
      /* The start page, or an untouched new posting, gives its place. */
      if (POSTINGS_IS_WINDOW (from) && postings_window_get_site (POSTINGS_WINDOW (from)) == NULL
          && postings_window_is_pristine (POSTINGS_WINDOW (from)))
        window = POSTINGS_WINDOW (from);
      else
        window = new_window (self);
      postings_window_set_site (window, shared);
    }

  /* Reopened at the next start, offered on the start page. */
  where = postings_site_get_root (shared) != NULL ? postings_site_get_root (shared)
                                                  : postings_site_get_jobs_dir (shared);
  postings_settings_remember_site (self->settings, where);
  if (postings_site_get_root (shared) != NULL)
    g_set_object (&self->last_root, postings_site_get_root (shared));

  if (posting != NULL)
    postings_window_open (window, posting);
  gtk_window_present (GTK_WINDOW (window));
}

static PostingsWindow *
find_window_for_file (PostingsApplication *self,
                      GFile               *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (POSTINGS_IS_WINDOW (l->data) && postings_window_find_page (l->data, file) != NULL)
        return l->data;
    }
  return NULL;
}

void
postings_application_open_file (PostingsApplication *self,
                                GFile               *file,
                                GtkWindow           *from)
{
  PostingsWindow *window;
  g_autoptr(GFile) root = NULL;

  g_return_if_fail (POSTINGS_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));

  /* New postings go to the repository of the last one opened. */
  root = postings_repository_find_root (file);
  if (root != NULL)
    g_set_object (&self->last_root, root);

  window = find_window_for_file (self, file);
  if (window == NULL)
    {
      if (POSTINGS_IS_WINDOW (from) && postings_window_is_pristine (POSTINGS_WINDOW (from)))
        window = POSTINGS_WINDOW (from);
      else
        window = new_window (self);
      postings_window_open (window, file);
    }
  gtk_window_present (GTK_WINDOW (window));
}

GtkWindow *
postings_application_new_posting (PostingsApplication *self,
                                  GtkWindow           *from)
{
  PostingsWindow *window;
  GFile *root = NULL;

  g_return_val_if_fail (POSTINGS_IS_APPLICATION (self), NULL);

  /* A new posting goes next to the one it was created from, else next to
   * the last one opened. */
  if (POSTINGS_IS_WINDOW (from))
    root = postings_window_get_repository_root (POSTINGS_WINDOW (from));
  if (root == NULL)
    root = self->last_root;

  window = new_window (self);
  postings_window_new_posting (window, root);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  PostingsApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Each window asks about its unsaved changes; the application ends when
   * the last one has closed. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  PostingsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Postings contributors"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Postings"),
                        "developer-name", "Ministère de la Culture",
                        "version", PACKAGE_VERSION,
                        "comments", _("Write the job postings of a beta.gouv.fr incubator site: "
                                      "fill in the fields, write the offer, see the published page, "
                                      "and save a file the site publishes as is."),
                        "website", "https://github.com/betagouv/postings",
                        "issue-url", "https://github.com/betagouv/postings/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* app.new-posting('URI'): a new posting in a window of its own, going to
 * the repository at URI ('' : where the last posting opened is). */
static void
new_posting_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  PostingsApplication *self = user_data;
  const char *uri = g_variant_get_string (param, NULL);
  g_autoptr(GFile) root = *uri != '\0' ? g_file_new_for_uri (uri) : NULL;

  if (root != NULL)
    g_set_object (&self->last_root, root);
  postings_application_new_posting (self, NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
  { .name = "new-posting", .activate = new_posting_action, .parameter_type = "s" },
};

static void
postings_application_startup (GApplication *application)
{
  PostingsApplication *self = POSTINGS_APPLICATION (application);
  const char *quit_accels[] = { "<Control>q", NULL };

  postings_application_init_ui ();

  G_APPLICATION_CLASS (postings_application_parent_class)->startup (application);
  postings_accessible_watch_windows ();

  self->settings = postings_settings_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_window_set_default_icon_name (APP_ID);

  postings_timing_mark ("GTK and libadwaita ready");
}

/* A folder opens as a site; a posting inside a site opens its site with
 * the posting shown; any other file opens on its own. */
static void
open_one (PostingsApplication *self,
          GFile               *file,
          GtkWindow           *from)
{
  g_autoptr(PostingsSite) site = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    {
      site = postings_site_new (file, &error);
      if (site == NULL)
        {
          /* A folder that cannot be opened: said plainly, nothing else shown. */
          PostingsWindow *window = POSTINGS_IS_WINDOW (from) ? POSTINGS_WINDOW (from) : new_window (self);

          postings_window_show_message (window, error->message);
          gtk_window_present (GTK_WINDOW (window));
          return;
        }
      postings_application_open_site (self, site, NULL, from);
      return;
    }

  site = postings_site_new_for_posting (file);
  if (site != NULL)
    postings_application_open_site (self, site, file, from);
  else
    postings_application_open_file (self, file, from);
}

static void
postings_application_activate (GApplication *application)
{
  PostingsApplication *self = POSTINGS_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *last = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  /* `postings` alone: the site of last time, else the start page. */
  last = self->settings != NULL ? g_settings_get_string (self->settings, "last-site") : NULL;
  if (last != NULL && *last != '\0')
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (last);

      if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
        {
          open_one (self, folder, NULL);
          return;
        }
    }

  /* The start page; a new posting a crash left unsaved comes back. */
  window = GTK_WINDOW (new_window (self));
  postings_window_offer_drafts (POSTINGS_WINDOW (window));
  gtk_window_present (window);
}

static void
postings_application_open (GApplication  *application,
                           GFile        **files,
                           int            n_files,
                           const char    *hint)
{
  PostingsApplication *self = POSTINGS_APPLICATION (application);

  /* The first file may take the place of the start page or an untouched
   * new posting. */
  for (int i = 0; i < n_files; i++)
    open_one (self, files[i], gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
postings_application_finalize (GObject *object)
{
  PostingsApplication *self = POSTINGS_APPLICATION (object);

  g_clear_object (&self->last_root);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->sites, g_hash_table_unref);

  G_OBJECT_CLASS (postings_application_parent_class)->finalize (object);
}

static void
postings_application_class_init (PostingsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = postings_application_finalize;

  app_class->startup = postings_application_startup;
  app_class->activate = postings_application_activate;
  app_class->open = postings_application_open;
}

static void
postings_application_init (PostingsApplication *self)
{
  self->sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_signal_connect (self, "window-removed", G_CALLBACK (window_removed_cb), NULL);
}

PostingsApplication *
postings_application_new (GApplicationFlags flags)
{
  return g_object_new (POSTINGS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/culture/Postings",
                       NULL);
}
