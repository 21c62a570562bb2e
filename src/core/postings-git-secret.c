/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <libsecret/secret.h>
#include <string.h>

#include "postings-git-secret.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "org.culture.Postings.GitToken", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

static GHashTable *
attributes_for (const char *host,
                const char *username)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (char *) "host", (char *) host);
  if (username != NULL)
    g_hash_table_insert (attributes, (char *) "user", (char *) username);
  return attributes;
}

gboolean
postings_git_secret_store (const char    *host,
                           const char    *username,
                           const char    *token,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (host != NULL && username != NULL && token != NULL, FALSE);

  attributes = attributes_for (host, username);
  /* Translators: the name of the keyring entry; %s is a host name, %s a user name */
  label = g_strdup_printf (_("Postings: git token for %s (%s)"), host, username);
  return secret_password_storev_sync (get_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                                      label, token, cancellable, error);
}

/* The first item of @items with a user name and a token: unlocked items
 * only when @loaded_only (their secrets came with the search). */
static gboolean
first_token (GList         *items,
             gboolean       loaded_only,
             char         **out_username,
             char         **out_token,
             GCancellable  *cancellable)
{
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) item_attributes = secret_retrievable_get_attributes (l->data);
      g_autoptr(SecretValue) value = NULL;
      const char *user = g_hash_table_lookup (item_attributes, "user");
      const char *token;

      if (loaded_only)
        value = SECRET_IS_ITEM (l->data) && !secret_item_get_locked (l->data)
                ? secret_item_get_secret (l->data) : NULL;
      else
        value = secret_retrievable_retrieve_secret_sync (l->data, cancellable, NULL);
      token = value != NULL ? secret_value_get_text (value) : NULL;
      if (user == NULL || token == NULL)
        continue;
      if (out_username != NULL)
        *out_username = g_strdup (user);
      if (out_token != NULL)
        *out_token = g_strdup (token);
      return TRUE;
    }
  return FALSE;
}

gboolean
postings_git_secret_lookup (const char    *host,
                            const char    *username,
                            char         **out_username,
                            char         **out_token,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  GList *items;
  gboolean found;

  g_return_val_if_fail (host != NULL, FALSE);

  attributes = attributes_for (host, username);
  items = secret_password_searchv_sync (get_schema (), attributes,
                                        SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                        cancellable, error);
  found = first_token (items, FALSE, out_username, out_token, cancellable);
  g_list_free_full (items, g_object_unref);
  return found;
}

gboolean
postings_git_secret_lookup_unlocked (const char    *host,
                                     const char    *username,
                                     char         **out_username,
                                     char         **out_token,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GList *items;
  gboolean found;

  g_return_val_if_fail (host != NULL, FALSE);

  /* No SECRET_SEARCH_UNLOCK: a locked collection stays locked, nobody is
   * asked for its password; only unlocked items come with their secret. */
  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, cancellable, error);
  if (service == NULL)
    return FALSE;
  attributes = attributes_for (host, username);
  items = secret_service_search_sync (service, get_schema (), attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS,
                                      cancellable, error);
  found = first_token (items, TRUE, out_username, out_token, cancellable);
  g_list_free_full (items, g_object_unref);
  return found;
}

gboolean
postings_git_secret_clear (const char    *host,
                           const char    *username,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (host != NULL, FALSE);

  attributes = attributes_for (host, username);
  /* FALSE without an error: there was nothing to forget. */
  if (!secret_password_clearv_sync (get_schema (), attributes, cancellable, &local_error) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
