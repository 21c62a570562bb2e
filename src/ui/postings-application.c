/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "postings-application.h"
#include "postings-repository.h"
#include "postings-timing.h"
#include "postings-window.h"

/* From the GResource compiled with --manual-register (src/ui/meson.build). */
void postings_register_resource (void);

struct _PostingsApplication
{
  AdwApplication parent_instance;

  GFile *last_root;  /* the repository of the last posting opened */
};

G_DEFINE_FINAL_TYPE (PostingsApplication, postings_application, ADW_TYPE_APPLICATION)

void
postings_application_init_ui (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      postings_register_resource ();
      gtk_source_init ();
      g_once_init_leave (&initialized, 1);
    }
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
        {
          window = postings_window_new (GTK_APPLICATION (self));
          postings_timing_mark ("window built");
        }
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

  window = postings_window_new (GTK_APPLICATION (self));
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

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_window_set_default_icon_name (APP_ID);

  postings_timing_mark ("GTK and libadwaita ready");
}

static void
postings_application_activate (GApplication *application)
{
  PostingsApplication *self = POSTINGS_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* `postings` alone: a new posting (or the window already open). */
  if (window != NULL)
    gtk_window_present (window);
  else
    postings_application_new_posting (self, NULL);
}

static void
postings_application_open (GApplication  *application,
                           GFile        **files,
                           int            n_files,
                           const char    *hint)
{
  PostingsApplication *self = POSTINGS_APPLICATION (application);

  /* The first file may take the place of an untouched new posting. */
  for (int i = 0; i < n_files; i++)
    postings_application_open_file (self, files[i],
                                    gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
postings_application_finalize (GObject *object)
{
  PostingsApplication *self = POSTINGS_APPLICATION (object);

  g_clear_object (&self->last_root);

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
