/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Remote addresses, pull-request pages, branch names, clone folders: pure
 * functions, no libgit2. */
#include "postings-core-i18n.h"

#include <string.h>

#include "postings-git-private.h"

#define MAX_BRANCH_STEM 80

static gboolean
is_http (const char *url)
{
  return g_ascii_strncasecmp (url, "https://", 8) == 0 || g_ascii_strncasecmp (url, "http://", 7) == 0;
}

char *
postings_git_url_strip_credentials (const char  *url,
                                    char       **username,
                                    char       **password)
{
  g_autofree char *userinfo = NULL;
  const char *authority, *end, *at = NULL;
  char *colon;

  g_return_val_if_fail (url != NULL, NULL);

  if (username != NULL)
    *username = NULL;
  if (password != NULL)
    *password = NULL;

  /* Only web addresses: `git@host:…` and `ssh://git@…` name the SSH user. */
  if (!is_http (url))
    return g_strdup (url);

  authority = strstr (url, "://") + 3;
  end = authority + strcspn (authority, "/?#");
  for (const char *p = authority; p < end; p++)
    if (*p == '@')
      at = p;
  if (at == NULL)
    return g_strdup (url);

  userinfo = g_strndup (authority, at - authority);
  colon = strchr (userinfo, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      if (password != NULL)
        *password = g_uri_unescape_string (colon + 1, NULL);
    }
  if (username != NULL && *userinfo != '\0')
    *username = g_uri_unescape_string (userinfo, NULL);

  return g_strdup_printf ("%.*s%s", (int) (authority - url), url, at + 1);
}

/* Splits @url into host (with port for web addresses), path (no leading or
 * trailing `/`) and scheme kind. FALSE for local paths and file:// */
static gboolean
split_url (const char  *url,
           char       **host,
           char       **path,
           gboolean    *web)
{
  g_autofree char *clean = postings_git_url_strip_credentials (url, NULL, NULL);
  const char *rest, *slash, *at;
  char *colon;
  g_autofree char *authority = NULL;

  *web = FALSE;
  rest = strstr (clean, "://");
  if (rest != NULL)
    {
      g_autofree char *scheme = g_ascii_strdown (clean, rest - clean);

      if (!g_str_equal (scheme, "https") && !g_str_equal (scheme, "http") &&
          !g_str_equal (scheme, "ssh") && !g_str_equal (scheme, "git") &&
          !g_str_equal (scheme, "git+ssh"))
        return FALSE;
      *web = g_str_has_prefix (scheme, "http");
      rest += 3;
      slash = strchr (rest, '/');
      if (slash == NULL)
        return FALSE;
      authority = g_strndup (rest, slash - rest);
      at = strrchr (authority, '@');
      *host = g_strdup (at != NULL ? at + 1 : authority);
      if (!*web && (colon = strchr (*host, ':')) != NULL)
        *colon = '\0';
      *path = g_strdup (slash + 1);
    }
  else
    {
      /* scp-like: [user@]host:path, a colon before any slash. */
      colon = strchr (clean, ':');
      slash = strchr (clean, '/');
      if (colon == NULL || (slash != NULL && slash < colon) || colon == clean)
        return FALSE;
      authority = g_strndup (clean, colon - clean);
      at = strrchr (authority, '@');
      *host = g_strdup (at != NULL ? at + 1 : authority);
      *path = g_strdup (colon + 1);
    }

  g_strdelimit (*path, "?#", '\0');
  {
    gsize len = strlen (*path);

    while (len > 0 && (*path)[len - 1] == '/')
      (*path)[--len] = '\0';
    if (g_str_has_suffix (*path, ".git"))
      (*path)[len - 4] = '\0';
    while ((*path)[0] == '/')
      memmove (*path, *path + 1, strlen (*path));
  }

  if (**host == '\0' || **path == '\0')
    {
      g_clear_pointer (host, g_free);
      g_clear_pointer (path, g_free);
      return FALSE;
    }
  {
    char *lower = g_ascii_strdown (*host, -1);

    g_free (*host);
    *host = lower;
  }
  return TRUE;
}

gboolean
postings_git_parse_remote_url (const char  *url,
                               char       **host,
                               char       **owner,
                               char       **name)
{
  g_autofree char *h = NULL;
  g_autofree char *path = NULL;
  const char *last;
  gboolean web;

  g_return_val_if_fail (url != NULL, FALSE);

  if (!split_url (url, &h, &path, &web))
    return FALSE;
  last = strrchr (path, '/');
  if (last == NULL || last == path || last[1] == '\0')
    return FALSE;

  if (host != NULL)
    *host = g_steal_pointer (&h);
  if (owner != NULL)
    *owner = g_strndup (path, last - path);
  if (name != NULL)
    *name = g_strdup (last + 1);
  return TRUE;
}

char *
_postings_git_url_host (const char *url)
{
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  gboolean web;

  if (url == NULL || !split_url (url, &host, &path, &web))
    return NULL;
  return g_steal_pointer (&host);
}

typedef enum
{
  HOST_OTHER,
  HOST_GITHUB,
  HOST_GITLAB,
} HostKind;

static HostKind
host_kind (const char *host)
{
  if (g_str_equal (host, "github.com") || g_str_equal (host, "www.github.com"))
    return HOST_GITHUB;
  if (g_str_equal (host, "gitlab.com") || g_str_has_prefix (host, "gitlab."))
    return HOST_GITLAB;
  return HOST_OTHER;
}

static char *
escape (const char *text)
{
  return g_uri_escape_string (text != NULL ? text : "", NULL, FALSE);
}

static char *
web_base (const char *url,
          const char *host,
          const char *owner,
          const char *name)
{
  g_autofree char *clean = postings_git_url_strip_credentials (url, NULL, NULL);
  const char *scheme = g_ascii_strncasecmp (clean, "http://", 7) == 0 ? "http" : "https";
  g_autofree char *web_host = g_strdup (host);

  if (g_str_equal (web_host, "www.github.com"))
    {
      g_free (web_host);
      web_host = g_strdup ("github.com");
    }
  return g_strdup_printf ("%s://%s/%s/%s", scheme, web_host, owner, name);
}

char *
postings_git_pull_request_url (const char *base_url,
                               const char *head_url,
                               const char *base_branch,
                               const char *branch,
                               const char *title,
                               const char *body)
{
  g_autofree char *host = NULL, *owner = NULL, *name = NULL;
  g_autofree char *head_host = NULL, *head_owner = NULL, *head_name = NULL;
  g_autofree char *base = NULL;
  g_autofree char *e_base = NULL, *e_branch = NULL, *e_title = NULL, *e_body = NULL;
  gboolean fork;

  g_return_val_if_fail (base_url != NULL && base_branch != NULL && branch != NULL, NULL);

  if (!postings_git_parse_remote_url (base_url, &host, &owner, &name))
    return NULL;

  fork = head_url != NULL &&
         postings_git_parse_remote_url (head_url, &head_host, &head_owner, &head_name) &&
         (!g_str_equal (head_owner, owner) || !g_str_equal (head_name, name));
  if (fork && !g_str_equal (head_host, host))
    return NULL;

  e_title = escape (title);
  e_body = escape (body);

  switch (host_kind (host))
    {
    case HOST_GITHUB:
      /* Branch names keep their `/` in the page's path. */
      e_base = g_uri_escape_string (base_branch, "/", FALSE);
      e_branch = g_uri_escape_string (branch, "/", FALSE);
      base = web_base (base_url, host, owner, name);
      if (fork)
        {
          g_autofree char *e_owner = escape (head_owner);

          if (g_str_equal (head_name, name))
            return g_strdup_printf ("%s/compare/%s...%s:%s?quick_pull=1&title=%s&body=%s",
                                    base, e_base, e_owner, e_branch, e_title, e_body);
          else
            {
              g_autofree char *e_name = escape (head_name);

              return g_strdup_printf ("%s/compare/%s...%s:%s:%s?quick_pull=1&title=%s&body=%s",
                                      base, e_base, e_owner, e_name, e_branch, e_title, e_body);
            }
        }
      return g_strdup_printf ("%s/compare/%s...%s?quick_pull=1&title=%s&body=%s",
                              base, e_base, e_branch, e_title, e_body);

    case HOST_GITLAB:
      /* A fork's merge request starts from the fork; GitLab targets its
       * upstream project. */
      base = fork ? web_base (head_url, head_host, head_owner, head_name)
                  : web_base (base_url, host, owner, name);
      e_base = escape (base_branch);
      e_branch = escape (branch);
      return g_strdup_printf ("%s/-/merge_requests/new?merge_request[source_branch]=%s"
                              "&merge_request[target_branch]=%s&merge_request[title]=%s"
                              "&merge_request[description]=%s",
                              base, e_branch, e_base, e_title, e_body);

    case HOST_OTHER:
    default:
      return NULL;
    }
}

char *
postings_git_fork_page_url (const char *site_url)
{
  g_autofree char *host = NULL, *owner = NULL, *name = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (site_url != NULL, NULL);

  if (!postings_git_parse_remote_url (site_url, &host, &owner, &name))
    return NULL;
  switch (host_kind (host))
    {
    case HOST_GITHUB:
      base = web_base (site_url, host, owner, name);
      return g_strconcat (base, "/fork", NULL);
    case HOST_GITLAB:
      base = web_base (site_url, host, owner, name);
      return g_strconcat (base, "/-/forks/new", NULL);
    case HOST_OTHER:
    default:
      return NULL;
    }
}

/* A branch name component from a file name: ASCII letters, digits, `.`,
 * `_` and `-` (any other run of bytes becomes one `-`); no `..`, no leading
 * `.` or `-`, no trailing `.`, `-` or `.lock`. */
static char *
sanitize_stem (const char *stem)
{
  GString *out = g_string_new (NULL);

  for (const char *p = stem; *p != '\0' && out->len < MAX_BRANCH_STEM; p++)
    {
      char c = *p;
      char last = out->len > 0 ? out->str[out->len - 1] : '\0';

      if (!g_ascii_isalnum (c) && c != '.' && c != '_' && c != '-')
        c = '-';
      if ((c == '-' || c == '.') && (last == c || out->len == 0))
        continue;
      g_string_append_c (out, c);
    }

  for (;;)
    {
      if (out->len > 0 && (out->str[out->len - 1] == '.' || out->str[out->len - 1] == '-'))
        g_string_truncate (out, out->len - 1);
      else if (g_str_has_suffix (out->str, ".lock"))
        g_string_truncate (out, out->len - strlen (".lock"));
      else
        break;
    }
  if (out->len == 0)
    g_string_assign (out, "posting");
  return g_string_free (out, FALSE);
}

char *
postings_git_branch_name_for_paths (const char * const *paths)
{
  g_autofree char *base = NULL;
  g_autofree char *stem = NULL;
  guint n;

  g_return_val_if_fail (paths != NULL && paths[0] != NULL, NULL);

  n = g_strv_length ((char **) paths);
  base = g_path_get_basename (paths[0]);
  if (g_str_has_suffix (base, ".md"))
    base[strlen (base) - 3] = '\0';
  stem = sanitize_stem (base);

  if (n == 1)
    return g_strdup_printf ("postings/%s", stem);
  return g_strdup_printf ("postings/%s-and-%u-more", stem, n - 1);
}

gboolean
postings_git_url_is_ssh (const char *url)
{
  const char *scheme_end, *colon, *slash;

  g_return_val_if_fail (url != NULL, FALSE);

  while (g_ascii_isspace (*url))
    url++;
  scheme_end = strstr (url, "://");
  if (scheme_end != NULL)
    {
      g_autofree char *scheme = g_ascii_strdown (url, scheme_end - url);

      return g_str_equal (scheme, "ssh") || g_str_equal (scheme, "git+ssh") ||
             g_str_equal (scheme, "ssh+git");
    }
  /* scp-like [user@]host:path; "C:/site" is a Windows-style local path. */
  colon = strchr (url, ':');
  slash = strchr (url, '/');
  return colon != NULL && colon - url > 1 && (slash == NULL || colon < slash);
}

gboolean
postings_git_ssh_agent_available (void)
{
  const char *socket = g_getenv ("SSH_AUTH_SOCK");

  return socket != NULL && *socket != '\0';
}

gboolean
_postings_git_in_flatpak (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

GFile *
postings_git_default_clone_folder (const char *url)
{
  g_autofree char *host = NULL, *owner = NULL, *name = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *parent = NULL;
  const char *documents;

  g_return_val_if_fail (url != NULL, NULL);

  if (!postings_git_parse_remote_url (url, &host, &owner, &name))
    {
      /* A local path or file:// address: its last component. */
      gsize len;

      clean = g_strdup (url);
      len = strlen (clean);
      while (len > 1 && clean[len - 1] == '/')
        clean[--len] = '\0';
      name = g_path_get_basename (clean);
      if (g_str_has_suffix (name, ".git"))
        name[strlen (name) - 4] = '\0';
    }
  if (name == NULL || *name == '\0' || g_str_equal (name, "/") || g_str_equal (name, "."))
    {
      g_free (name);
      name = g_strdup ("site");
    }

  if (_postings_git_in_flatpak ())
    parent = g_build_filename (g_get_user_data_dir (), "Postings", NULL);
  else
    {
      documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
      if (documents != NULL)
        parent = g_build_filename (documents, "Postings", NULL);
      else
        parent = g_build_filename (g_get_home_dir (), "Documents", "Postings", NULL);
    }
  return g_file_new_build_filename (parent, name, NULL);
}
