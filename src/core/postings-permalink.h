/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-document.h"

G_BEGIN_DECLS

/*
 * A posting's web address, as Jekyll makes it from the site's
 * `_config.yml`: the collection's `permalink` (`/recrutement/:year/:month/
 * :day/:title.html`), else Jekyll's default for a collection
 * (`/:collection/:path` followed by `/` or `.html` as the site's
 * `permalink` style says). Renaming a posting's file changes its address
 * when the template uses the file's name (`:title`, `:slug`, `:name`,
 * `:path`); a site with the jekyll-redirect-from plugin can keep the old
 * address working with `redirect_from:` in the posting's header.
 */

typedef struct _PostingsSiteConfig PostingsSiteConfig;

/* ROOT/_config.yml (and ROOT/Gemfile for the plugin). A site without
 * `_config.yml` has Jekyll's defaults: that is no error. FALSE (with
 * @error naming the file) when the file cannot be read or is not YAML. */
PostingsSiteConfig *postings_site_config_load          (GFile                    *root,
                                                        GError                  **error);
/* From texts: @config_yml (nullable: no file) and @gemfile (nullable). */
PostingsSiteConfig *postings_site_config_new_from_data (const char               *config_yml,
                                                        const char               *gemfile,
                                                        GError                  **error);
void                postings_site_config_free          (PostingsSiteConfig       *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsSiteConfig, postings_site_config_free)

/* Does the site build with jekyll-redirect-from (`plugins:` or `gems:` of
 * `_config.yml`, or the Gemfile)? */
gboolean            postings_site_config_has_redirect_from (const PostingsSiteConfig *config);

/* The address path (`/recrutement/2022/06/28/designer.html`) of the page
 * of the posting @basename (`2022-06-28-designer.md`) of @collection
 * (`jobs`), with the `slug` and `date` of @document (nullable) as Jekyll
 * uses them. NULL when the collection writes no pages (`output: false`, or
 * not a collection of the site's). */
char               *postings_site_config_get_path      (const PostingsSiteConfig *config,
                                                        const char               *collection,
                                                        const char               *basename,
                                                        PostingsDocument         *document);
/* @path under the site's `url` and `baseurl` (`https://beta.gouv.fr/…`),
 * or under `baseurl` alone when the site has no `url`. */
char               *postings_site_config_get_url       (const PostingsSiteConfig *config,
                                                        const char               *path);

/* What renaming a posting does to its address. */
typedef struct
{
  char     *old_url;        /* as postings_site_config_get_url() */
  char     *new_url;
  char     *old_path;       /* what `redirect_from` takes */
  gboolean  can_redirect;   /* the site uses jekyll-redirect-from */
} PostingsAddressChange;

void                   postings_address_change_free    (PostingsAddressChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsAddressChange, postings_address_change_free)

/* Renaming @file (a posting of the jobs collection of the site at @root)
 * to @new_basename: NULL when its address stays the same, or when the
 * site gives it no page (or its _config.yml does not read: *@error). */
PostingsAddressChange *postings_address_change_new     (GFile                 *root,
                                                        GFile                 *file,
                                                        const char            *new_basename,
                                                        PostingsDocument      *document,
                                                        GError               **error);

/* Is @file published: dated (`date`, else its file name) before today, or
 * tracked by the site's git repository (in its index) as the function set
 * with postings_posting_set_tracked_func() says? */
gboolean               postings_posting_is_published   (GFile                 *file,
                                                        PostingsDocument      *document);

/* Whether git tracks @file. The core has no git (the `postings` program
 * does not load libgit2): the window sets postings_git_is_tracked(),
 * `postings` a function that asks `postings-git`. Unset, only the date
 * says whether a posting is published. */
typedef gboolean (*PostingsTrackedFunc) (GFile *file);

void                   postings_posting_set_tracked_func (PostingsTrackedFunc func);

/* Adds @old_path to the `redirect_from` of @document's header: a new
 * `redirect_from: PATH` line, or one more item of its list (a single
 * address becomes a list of two). Nothing when it is there already. */
gboolean               postings_document_add_redirect_from (PostingsDocument  *document,
                                                            const char        *old_path,
                                                            GError           **error);

G_END_DECLS
