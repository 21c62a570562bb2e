/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-settings.h"

#define MAX_RECENT_SITES 10

GSettings *
postings_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  static gboolean said;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      if (!said)
        g_message ("The settings schema %s is not installed: window size, panes and recent sites "
                   "are not remembered", APP_ID);
      said = TRUE;
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

void
postings_settings_remember_site (GSettings *settings,
                                 GFile     *folder)
{
  g_autofree char *uri = NULL;
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_return_if_fail (G_IS_FILE (folder));

  if (settings == NULL)
    return;

  uri = g_file_get_uri (folder);
  recent = g_settings_get_strv (settings, "recent-sites");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, uri);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_SITES; i++)
    if (g_strcmp0 (recent[i], uri) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);

  g_settings_set_strv (settings, "recent-sites", (const char * const *) updated);
  g_settings_set_string (settings, "last-site", uri);
}

char *
postings_settings_dup_site_language (GSettings *settings,
                                     GFile     *root)
{
  g_autoptr(GVariant) map = NULL;
  g_autofree char *uri = NULL;
  char *language = NULL;

  g_return_val_if_fail (root == NULL || G_IS_FILE (root), NULL);

  if (settings == NULL || root == NULL)
    return NULL;
  uri = g_file_get_uri (root);
  map = g_settings_get_value (settings, "site-spelling-languages");
  if (!g_variant_lookup (map, uri, "s", &language) || *language == '\0')
    g_clear_pointer (&language, g_free);
  return language;
}

void
postings_settings_set_site_language (GSettings  *settings,
                                     GFile      *root,
                                     const char *language)
{
  g_autoptr(GVariant) map = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *current = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;

  g_return_if_fail (root == NULL || G_IS_FILE (root));

  if (language != NULL && *language == '\0')
    language = NULL;
  current = postings_settings_dup_site_language (settings, root);
  if (settings == NULL || root == NULL || g_strcmp0 (current, language) == 0)
    return;

  uri = g_file_get_uri (root);
  map = g_settings_get_value (settings, "site-spelling-languages");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, uri))
      g_variant_builder_add (&builder, "{ss}", key, value);
  if (language != NULL)
    g_variant_builder_add (&builder, "{ss}", uri, language);
  g_settings_set_value (settings, "site-spelling-languages", g_variant_builder_end (&builder));
}
