/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SSH host keys: is the server the one this computer knows? The
 * known_hosts files are read as OpenSSH writes them (plain and hashed host
 * names, `[host]:port`, patterns, @revoked), so that a key trusted with ssh
 * is trusted here and the other way round. */
#include "postings-core-i18n.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "postings-git-private.h"

/* Where a trusted key goes: ~/.ssh/known_hosts, or inside Flatpak (no
 * access to ~/.ssh) the app's own file. */
static char *
writable_known_hosts (void)
{
  if (_postings_git_in_flatpak ())
    return g_build_filename (g_get_user_data_dir (), "postings", "known_hosts", NULL);
  return g_build_filename (g_get_home_dir (), ".ssh", "known_hosts", NULL);
}

/* What is read: the user's, the system's and the app's own. */
static GPtrArray *
known_hosts_files (void)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (files, g_build_filename (g_get_home_dir (), ".ssh", "known_hosts", NULL));
  g_ptr_array_add (files, g_strdup ("/etc/ssh/ssh_known_hosts"));
  g_ptr_array_add (files, g_build_filename (g_get_user_data_dir (), "postings", "known_hosts",
                                            NULL));
  return files;
}

/* The name known_hosts files use for @host on @port. */
static char *
lookup_name (const char *host,
             guint       port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  if (port == 22)
    return g_steal_pointer (&lower);
  return g_strdup_printf ("[%s]:%u", lower, port);
}

/* |1|SALT|HASH: HMAC-SHA1 of the name, keyed by the salt. */
static gboolean
hashed_name_matches (const char *field,
                     const char *name)
{
  g_auto(GStrv) parts = g_strsplit (field + 3, "|", 2);
  g_autofree guchar *salt = NULL;
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[20];
  gsize salt_len, digest_len = sizeof digest;
  g_autofree char *encoded = NULL;

  if (parts[0] == NULL || parts[1] == NULL)
    return FALSE;
  salt = g_base64_decode (parts[0], &salt_len);
  if (salt_len == 0)
    return FALSE;
  hmac = g_hmac_new (G_CHECKSUM_SHA1, salt, salt_len);
  g_hmac_update (hmac, (const guchar *) name, strlen (name));
  g_hmac_get_digest (hmac, digest, &digest_len);
  encoded = g_base64_encode (digest, digest_len);
  return g_str_equal (encoded, parts[1]);
}

/* A comma-separated list of patterns (`*`, `?`, `!negated`). */
static gboolean
patterns_match (const char *field,
                const char *name)
{
  g_auto(GStrv) patterns = NULL;
  gboolean matched = FALSE;

  if (g_str_has_prefix (field, "|1|"))
    return hashed_name_matches (field, name);

  patterns = g_strsplit (field, ",", -1);
  for (guint i = 0; patterns[i] != NULL; i++)
    {
      g_autofree char *pattern = g_ascii_strdown (patterns[i], -1);
      gboolean negated = pattern[0] == '!';

      if (g_pattern_match_simple (pattern + (negated ? 1 : 0), name))
        {
          if (negated)
            return FALSE;
          matched = TRUE;
        }
    }
  return matched;
}

typedef struct
{
  gboolean known;
  gboolean other_key;  /* the host is known with another key */
  gboolean revoked;
} Findings;

static void
check_file (const char   *path,
            const char   *name,
            const guint8 *key,
            gsize         key_len,
            Findings     *found)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree guchar *line_key = NULL;
      gsize line_key_len = 0;
      guint first = 0, n;
      gboolean revoked = FALSE;

      fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      /* Drop the empty fields of repeated blanks. */
      for (guint from = 0, to = 0; ; from++)
        {
          if (fields[from] != NULL && fields[from][0] == '\0')
            {
              g_free (fields[from]);
              continue;
            }
          fields[to++] = fields[from];
          if (fields[from] == NULL)
            break;
        }
      n = g_strv_length (fields);
      if (n == 0 || fields[0][0] == '#')
        continue;
      if (fields[0][0] == '@')
        {
          if (!g_str_equal (fields[0], "@revoked"))
            continue;  /* @cert-authority: certificates are not used */
          revoked = TRUE;
          first = 1;
        }
      if (n < first + 3 || !patterns_match (fields[first], name))
        continue;

      line_key = g_base64_decode (fields[first + 2], &line_key_len);
      if (line_key_len == key_len && memcmp (line_key, key, key_len) == 0)
        {
          if (revoked)
            found->revoked = TRUE;
          else
            found->known = TRUE;
        }
      else if (!revoked)
        found->other_key = TRUE;
    }
}

PostingsGitHostKeyState
_postings_git_host_key_check (const char   *host,
                              guint         port,
                              const guint8 *key,
                              gsize         key_len)
{
  g_autoptr(GPtrArray) files = known_hosts_files ();
  g_autofree char *name = lookup_name (host, port);
  Findings found = { FALSE, };

  for (guint i = 0; i < files->len; i++)
    check_file (g_ptr_array_index (files, i), name, key, key_len, &found);

  if (found.revoked)
    return POSTINGS_GIT_HOST_KEY_CHANGED;
  if (found.known)
    return POSTINGS_GIT_HOST_KEY_KNOWN;
  /* Known with other keys only: a changed key, refused like ssh does. */
  if (found.other_key)
    return POSTINGS_GIT_HOST_KEY_CHANGED;
  return POSTINGS_GIT_HOST_KEY_UNKNOWN;
}

char *
_postings_git_host_key_fingerprint (const guint8 *key,
                                    gsize         key_len)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autofree char *encoded = NULL;
  gsize len;

  g_checksum_update (checksum, key, key_len);
  g_checksum_get_digest (checksum, digest, &digest_len);
  encoded = g_base64_encode (digest, digest_len);
  len = strlen (encoded);
  while (len > 0 && encoded[len - 1] == '=')
    encoded[--len] = '\0';
  return g_strconcat ("SHA256:", encoded, NULL);
}

/* The key type written at the start of the key itself ("ssh-ed25519"). */
static char *
key_type (const guint8 *key,
          gsize         key_len)
{
  guint32 len;

  if (key_len < 4)
    return NULL;
  len = ((guint32) key[0] << 24) | ((guint32) key[1] << 16) | ((guint32) key[2] << 8) | key[3];
  if (len == 0 || len > 64 || len > key_len - 4)
    return NULL;
  for (guint32 i = 0; i < len; i++)
    if (!g_ascii_isgraph (key[4 + i]))
      return NULL;
  return g_strndup ((const char *) key + 4, len);
}

gboolean
_postings_git_host_key_trust (const char    *host,
                              guint          port,
                              const guint8  *key,
                              gsize          key_len,
                              GError       **error)
{
  g_autofree char *path = writable_known_hosts ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *type = key_type (key, key_len);
  g_autofree char *name = lookup_name (host, port);
  g_autofree char *encoded = g_base64_encode (key, key_len);
  g_autofree char *existing = NULL;
  g_autofree char *line = NULL;
  gsize existing_len = 0;
  gboolean created;
  FILE *file;
  int saved_errno;

  if (type == NULL)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FAILED,
                   _("The key of %s could not be read, so it was not trusted."), host);
      return FALSE;
    }
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), folder, g_strerror (saved_errno));
      return FALSE;
    }

  /* Appended on a line of its own, as ssh does. */
  created = !g_file_get_contents (path, &existing, &existing_len, NULL);
  line = g_strdup_printf ("%s%s %s %s\n",
                          existing_len > 0 && existing[existing_len - 1] != '\n' ? "\n" : "",
                          name, type, encoded);
  file = g_fopen (path, "a");
  if (file != NULL)
    {
      gboolean written = fputs (line, file) != EOF;

      saved_errno = errno;
      if (fclose (file) != 0 && written)
        {
          written = FALSE;
          saved_errno = errno;
        }
      if (written)
        {
          if (created)
            g_chmod (path, 0600);
          return TRUE;
        }
    }
  else
    saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write the server’s key to %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

char *
_postings_git_host_key_file (void)
{
  return writable_known_hosts ();
}
