/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <yaml.h>

#include "postings-core-i18n.h"
#include "postings-date.h"
#include "postings-error.h"
#include "postings-permalink.h"
#include "postings-repository.h"
#include "postings-slug.h"

typedef struct
{
  char     *label;
  char     *permalink;    /* NULL: Jekyll's default */
  gboolean  output;
} Collection;

struct _PostingsSiteConfig
{
  gboolean   has_file;        /* _config.yml exists */
  char      *permalink;       /* the site's style or template, NULL: "date" */
  char      *url;
  char      *baseurl;
  GPtrArray *collections;     /* Collection */
  gboolean   redirect_from;
};

static void
collection_free (Collection *collection)
{
  g_free (collection->label);
  g_free (collection->permalink);
  g_free (collection);
}

void
postings_site_config_free (PostingsSiteConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->permalink);
  g_free (config->url);
  g_free (config->baseurl);
  g_ptr_array_unref (config->collections);
  g_free (config);
}

/* Reading _config.yml ----------------------------------------------------- */

static const char *
scalar (yaml_document_t *doc,
        yaml_node_t     *node)
{
  return node != NULL && node->type == YAML_SCALAR_NODE ? (const char *) node->data.scalar.value : NULL;
}

/* The value of @key in the mapping @node, or NULL. */
static yaml_node_t *
lookup (yaml_document_t *doc,
        yaml_node_t     *node,
        const char      *key)
{
  yaml_node_t *found = NULL;

  if (node == NULL || node->type != YAML_MAPPING_NODE)
    return NULL;
  /* The last one wins, as in Jekyll. */
  for (yaml_node_pair_t *pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top; pair++)
    if (g_strcmp0 (scalar (doc, yaml_document_get_node (doc, pair->key)), key) == 0)
      found = yaml_document_get_node (doc, pair->value);
  return found;
}

static gboolean
is_true (const char *value)
{
  return value != NULL && (g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "yes") == 0
                           || g_ascii_strcasecmp (value, "on") == 0);
}

static gboolean
lists_redirect_from (yaml_document_t *doc,
                     yaml_node_t     *node)
{
  if (node == NULL || node->type != YAML_SEQUENCE_NODE)
    return FALSE;
  for (yaml_node_item_t *item = node->data.sequence.items.start; item < node->data.sequence.items.top; item++)
    if (g_strcmp0 (scalar (doc, yaml_document_get_node (doc, *item)), "jekyll-redirect-from") == 0)
      return TRUE;
  return FALSE;
}

static void
read_collections (PostingsSiteConfig *config,
                  yaml_document_t    *doc,
                  yaml_node_t        *node)
{
  if (node == NULL)
    return;

  /* `collections: [jobs]`: declared, without pages. */
  if (node->type == YAML_SEQUENCE_NODE)
    for (yaml_node_item_t *item = node->data.sequence.items.start; item < node->data.sequence.items.top; item++)
      {
        const char *label = scalar (doc, yaml_document_get_node (doc, *item));
        Collection *collection;

        if (label == NULL)
          continue;
        collection = g_new0 (Collection, 1);
        collection->label = g_strdup (label);
        g_ptr_array_add (config->collections, collection);
      }
  else if (node->type == YAML_MAPPING_NODE)
    for (yaml_node_pair_t *pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top; pair++)
      {
        const char *label = scalar (doc, yaml_document_get_node (doc, pair->key));
        yaml_node_t *metadata = yaml_document_get_node (doc, pair->value);
        Collection *collection;

        if (label == NULL)
          continue;
        collection = g_new0 (Collection, 1);
        collection->label = g_strdup (label);
        collection->output = is_true (scalar (doc, lookup (doc, metadata, "output")));
        collection->permalink = g_strdup (scalar (doc, lookup (doc, metadata, "permalink")));
        g_ptr_array_add (config->collections, collection);
      }
}

static gboolean
gemfile_uses_redirect_from (const char *gemfile)
{
  g_auto(GStrv) lines = g_strsplit (gemfile, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      while (g_ascii_isspace (*line))
        line++;
      if (g_str_has_prefix (line, "gem ") && strstr (line, "jekyll-redirect-from") != NULL)
        return TRUE;
    }
  return FALSE;
}

PostingsSiteConfig *
postings_site_config_new_from_data (const char  *config_yml,
                                    const char  *gemfile,
                                    GError     **error)
{
  g_autoptr(PostingsSiteConfig) config = g_new0 (PostingsSiteConfig, 1);

  config->collections = g_ptr_array_new_with_free_func ((GDestroyNotify) collection_free);
  config->redirect_from = gemfile != NULL && gemfile_uses_redirect_from (gemfile);

  if (config_yml != NULL)
    {
      yaml_parser_t parser;
      yaml_document_t doc;
      yaml_node_t *root;
      gboolean loaded;

      config->has_file = TRUE;
      yaml_parser_initialize (&parser);
      yaml_parser_set_input_string (&parser, (const guchar *) config_yml, strlen (config_yml));
      yaml_parser_set_encoding (&parser, YAML_UTF8_ENCODING);
      loaded = yaml_parser_load (&parser, &doc);
      if (!loaded)
        {
          g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE,
                       _("Line %zu: %s"), parser.problem_mark.line + 1,
                       parser.problem != NULL ? parser.problem : "?");
          yaml_parser_delete (&parser);
          return NULL;
        }
      yaml_parser_delete (&parser);

      root = yaml_document_get_root_node (&doc);
      config->permalink = g_strdup (scalar (&doc, lookup (&doc, root, "permalink")));
      config->url = g_strdup (scalar (&doc, lookup (&doc, root, "url")));
      config->baseurl = g_strdup (scalar (&doc, lookup (&doc, root, "baseurl")));
      read_collections (config, &doc, lookup (&doc, root, "collections"));
      if (lists_redirect_from (&doc, lookup (&doc, root, "plugins"))
          || lists_redirect_from (&doc, lookup (&doc, root, "gems")))
        config->redirect_from = TRUE;
      yaml_document_delete (&doc);
    }

  return g_steal_pointer (&config);
}

static gboolean
load_text (GFile   *file,
           char   **text,
           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize len;

  *text = NULL;
  if (g_file_load_contents (file, NULL, text, &len, NULL, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

PostingsSiteConfig *
postings_site_config_load (GFile   *root,
                           GError **error)
{
  g_autoptr(GFile) config_file = NULL;
  g_autoptr(GFile) gemfile_file = NULL;
  g_autofree char *config_yml = NULL;
  g_autofree char *gemfile = NULL;
  g_autoptr(GError) local_error = NULL;
  PostingsSiteConfig *config;

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  config_file = g_file_get_child (root, "_config.yml");
  gemfile_file = g_file_get_child (root, "Gemfile");
  if (!load_text (config_file, &config_yml, &local_error)
      || !load_text (gemfile_file, &gemfile, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  config = postings_site_config_new_from_data (config_yml, gemfile, &local_error);
  if (config == NULL)
    {
      g_autofree char *path = g_file_get_parse_name (config_file);

      /* Translators: %s is a file, then why it does not read */
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE,
                   _("Could not read %s: %s"), path, local_error->message);
    }
  return config;
}

gboolean
postings_site_config_has_redirect_from (const PostingsSiteConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  return config->redirect_from;
}

/* Addresses --------------------------------------------------------------- */

/* Jekyll's Utils.slugify: runs of other characters become one `-`;
 * "pretty" keeps a few more characters and @cased keeps the case. */
static char *
slugify (const char *text,
         gboolean    pretty)
{
  GString *slug = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      gboolean keep = g_unichar_isalpha (c) || type == G_UNICODE_DECIMAL_NUMBER
                      || type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
                      || type == G_UNICODE_ENCLOSING_MARK
                      || (pretty && c < 128 && strchr ("._~!$&'()+,;=@", (int) c) != NULL);

      if (!keep)
        {
          dash = TRUE;
          continue;
        }
      if (dash && slug->len > 0)
        g_string_append_c (slug, '-');
      dash = FALSE;
      if (pretty)
        g_string_append_unichar (slug, c);
      else
        g_string_append_unichar (slug, g_unichar_tolower (c));
    }
  return g_string_free (slug, FALSE);
}

/* Jekyll's URL.escape_path. */
static void
append_escaped (GString    *url,
                const char *value)
{
  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("-._~!$&'()*+,;=:@/", *p) != NULL)
        g_string_append_c (url, (char) *p);
      else
        g_string_append_printf (url, "%%%02X", *p);
    }
}

static const Collection *
find_collection (const PostingsSiteConfig *config,
                 const char               *label)
{
  for (guint i = 0; i < config->collections->len; i++)
    {
      const Collection *collection = g_ptr_array_index (config->collections, i);

      if (g_str_equal (collection->label, label))
        return collection;
    }
  return NULL;
}

/* The collection's URL template, as Jekyll's Collection#url_template. */
static char *
url_template (const PostingsSiteConfig *config,
              const char               *label)
{
  const Collection *collection = find_collection (config, label);
  const char *style = config->permalink != NULL ? config->permalink : "date";

  /* No _config.yml: what the site is meant to give postings. */
  if (!config->has_file)
    return g_strdup ("/:collection/:title/");
  if (collection == NULL || !collection->output)
    return NULL;
  if (collection->permalink != NULL)
    return g_strdup (collection->permalink);

  /* Utils.add_permalink_suffix */
  if (g_str_equal (style, "pretty") || g_str_has_suffix (style, "/"))
    return g_strdup ("/:collection/:path/");
  if (g_str_equal (style, "date") || g_str_equal (style, "ordinal") || g_str_equal (style, "none")
      || g_str_equal (style, "weekdate") || g_str_has_suffix (style, ":output_ext"))
    return g_strdup ("/:collection/:path:output_ext");
  return g_strdup ("/:collection/:path");
}

static const char *const month_names[] = {
  "January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December",
};
static const char *const day_names[] = {
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

/* The value of placeholder @name, or NULL when Jekyll has none by it. */
static char *
placeholder (const char *name,
             const char *collection,
             const char *stem,       /* the file name without `.md` */
             const char *slug,       /* `slug`, else the name without its date */
             const GDate *day)
{
  gboolean dated = day != NULL && g_date_valid (day);

  if (g_str_equal (name, "collection"))
    return g_strdup (collection);
  if (g_str_equal (name, "path"))
    return g_strdup (stem);
  if (g_str_equal (name, "name"))
    return slugify (stem, FALSE);
  if (g_str_equal (name, "title"))
    return slugify (slug, TRUE);
  if (g_str_equal (name, "slug"))
    return slugify (slug, FALSE);
  if (g_str_equal (name, "output_ext"))
    return g_strdup (".html");
  if (g_str_equal (name, "categories"))
    return g_strdup ("");
  if (!dated)
    {
      const char *const dated_names[] = { "year", "month", "day", "i_month", "i_day", "short_year",
                                          "y_day", "short_month", "long_month", "short_day", "long_day",
                                          "hour", "minute", "second", NULL };
      return g_strv_contains (dated_names, name) ? g_strdup ("") : NULL;
    }
  if (g_str_equal (name, "year"))
    return g_strdup_printf ("%04u", g_date_get_year (day));
  if (g_str_equal (name, "month"))
    return g_strdup_printf ("%02u", g_date_get_month (day));
  if (g_str_equal (name, "day"))
    return g_strdup_printf ("%02u", g_date_get_day (day));
  if (g_str_equal (name, "i_month"))
    return g_strdup_printf ("%u", g_date_get_month (day));
  if (g_str_equal (name, "i_day"))
    return g_strdup_printf ("%u", g_date_get_day (day));
  if (g_str_equal (name, "short_year"))
    return g_strdup_printf ("%02u", g_date_get_year (day) % 100);
  if (g_str_equal (name, "y_day"))
    return g_strdup_printf ("%03u", g_date_get_day_of_year (day));
  if (g_str_equal (name, "long_month"))
    return g_strdup (month_names[g_date_get_month (day) - 1]);
  if (g_str_equal (name, "short_month"))
    return g_strndup (month_names[g_date_get_month (day) - 1], 3);
  if (g_str_equal (name, "long_day"))
    return g_strdup (day_names[g_date_get_weekday (day) - 1]);
  if (g_str_equal (name, "short_day"))
    return g_strndup (day_names[g_date_get_weekday (day) - 1], 3);
  /* A day has no time: Jekyll's would be of the `date`. */
  if (g_str_equal (name, "hour") || g_str_equal (name, "minute") || g_str_equal (name, "second"))
    return g_strdup ("00");
  return NULL;
}

/* Jekyll's URL#generate_url_from_drop and #sanitize_url. */
static char *
expand (const char  *template,
        const char  *collection,
        const char  *stem,
        const char  *slug,
        const GDate *day)
{
  g_autoptr(GString) url = g_string_new ("/");
  g_autofree char *result = NULL;
  const char *p = template;

  while (*p != '\0')
    {
      const char *end = p + 1;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (*p != ':')
        {
          g_string_append_c (url, *p++);
          continue;
        }
      while ((*end >= 'a' && *end <= 'z') || *end == '_')
        end++;
      name = g_strndup (p + 1, end - p - 1);
      value = placeholder (name, collection, stem, slug, day);
      /* `:title_` is `:title` followed by `_`. */
      if (value == NULL && g_str_has_suffix (name, "_"))
        {
          name[strlen (name) - 1] = '\0';
          end--;
          value = placeholder (name, collection, stem, slug, day);
        }
      if (value == NULL)
        {
          /* Not a placeholder: kept as written. */
          g_string_append_len (url, p, end - p);
          p = end;
          continue;
        }
      append_escaped (url, value);
      p = end;
    }

  /* `..` → `/`, `./` dropped, `//` squeezed. */
  result = g_string_free (g_steal_pointer (&url), FALSE);
  {
    GString *clean = g_string_new (NULL);

    for (const char *q = result; *q != '\0'; q++)
      {
        if (q[0] == '.' && q[1] == '.')
          {
            g_string_append_c (clean, '/');
            q++;
          }
        else if (q[0] == '.' && q[1] == '/')
          continue;
        else if (q[0] == '/' && clean->len > 0 && clean->str[clean->len - 1] == '/')
          continue;
        else
          g_string_append_c (clean, *q);
      }
    return g_string_free (clean, FALSE);
  }
}

char *
postings_site_config_get_path (const PostingsSiteConfig *config,
                               const char               *collection,
                               const char               *basename,
                               PostingsDocument         *document)
{
  g_autofree char *template = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *slug = NULL;
  const char *slug_value;
  GDate day;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (collection != NULL, NULL);
  g_return_val_if_fail (basename != NULL, NULL);

  template = url_template (config, collection);
  if (template == NULL)
    return NULL;

  stem = g_str_has_suffix (basename, ".md") || g_str_has_suffix (basename, ".markdown")
    ? g_strndup (basename, strrchr (basename, '.') - basename) : g_strdup (basename);
  slug_value = document != NULL ? postings_document_get_string (document, "slug") : NULL;
  if (slug_value != NULL && *slug_value != '\0')
    slug = g_strdup (slug_value);
  else if (!postings_file_name_parse (stem, NULL, &slug))
    slug = g_strdup (stem);

  g_date_clear (&day, 1);
  if (document != NULL)
    postings_posting_get_date (document, basename, &day);
  else
    {
      g_autofree char *name_date = NULL;

      if (postings_file_name_parse (basename, &name_date, NULL))
        postings_date_parse (name_date, &day);
    }

  return expand (template, collection, stem, slug, &day);
}

char *
postings_site_config_get_url (const PostingsSiteConfig *config,
                              const char               *path)
{
  const char *url, *baseurl;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  url = config->url != NULL ? config->url : "";
  baseurl = config->baseurl != NULL ? config->baseurl : "";
  if (g_str_has_suffix (url, "/"))
    return g_strdup_printf ("%.*s%s%s", (int) strlen (url) - 1, url, baseurl, path);
  if (g_str_has_suffix (baseurl, "/"))
    return g_strdup_printf ("%s%.*s%s", url, (int) strlen (baseurl) - 1, baseurl, path);
  return g_strconcat (url, baseurl, path, NULL);
}

/* Renaming ---------------------------------------------------------------- */

void
postings_address_change_free (PostingsAddressChange *change)
{
  if (change == NULL)
    return;
  g_free (change->old_url);
  g_free (change->new_url);
  g_free (change->old_path);
  g_free (change);
}

PostingsAddressChange *
postings_address_change_new (GFile             *root,
                             GFile             *file,
                             const char        *new_basename,
                             PostingsDocument  *document,
                             GError           **error)
{
  g_autoptr(PostingsSiteConfig) config = NULL;
  g_autofree char *old_basename = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *new_path = NULL;
  PostingsAddressChange *change;

  g_return_val_if_fail (G_IS_FILE (root), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (new_basename != NULL, NULL);

  config = postings_site_config_load (root, error);
  if (config == NULL)
    return NULL;

  old_basename = g_file_get_basename (file);
  old_path = postings_site_config_get_path (config, "jobs", old_basename, document);
  new_path = postings_site_config_get_path (config, "jobs", new_basename, document);
  if (old_path == NULL || new_path == NULL || g_str_equal (old_path, new_path))
    return NULL;

  change = g_new0 (PostingsAddressChange, 1);
  change->old_url = postings_site_config_get_url (config, old_path);
  change->new_url = postings_site_config_get_url (config, new_path);
  change->old_path = g_steal_pointer (&old_path);
  change->can_redirect = config->redirect_from;
  return change;
}

static PostingsTrackedFunc tracked_func;

void
postings_posting_set_tracked_func (PostingsTrackedFunc func)
{
  tracked_func = func;
}

gboolean
postings_posting_is_published (GFile            *file,
                               PostingsDocument *document)
{
  g_autofree char *basename = NULL;
  GDate day, today;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), FALSE);

  /* The date first: it costs nothing, asking git may cost a process. */
  basename = g_file_get_basename (file);
  g_date_clear (&day, 1);
  if (postings_posting_get_date (document, basename, &day))
    {
      postings_date_get_today (&today);
      if (g_date_compare (&day, &today) < 0)
        return TRUE;
    }
  return tracked_func != NULL && tracked_func (file);
}

gboolean
postings_document_add_redirect_from (PostingsDocument  *document,
                                     const char        *old_path,
                                     GError           **error)
{
  const PostingsEntry *entry;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (old_path != NULL, FALSE);

  entry = postings_document_lookup (document, "redirect_from");
  if (entry == NULL || entry->kind == POSTINGS_NODE_NULL)
    return postings_document_set_value (document, "redirect_from", old_path, POSTINGS_VALUE_TEXT, error);

  if (entry->kind == POSTINGS_NODE_SEQUENCE)
    {
      for (guint i = 0; entry->items != NULL && i < entry->items->len; i++)
        if (g_strcmp0 (g_ptr_array_index (entry->items, i), old_path) == 0)
          return TRUE;
      return postings_document_list_append (document, "redirect_from", old_path, error);
    }

  if (entry->kind == POSTINGS_NODE_SCALAR)
    {
      g_autofree char *first = g_strdup (entry->value);
      const char *items[] = { first, old_path, NULL };

      if (g_strcmp0 (first, old_path) == 0)
        return TRUE;
      return postings_document_set_list (document, "redirect_from", items, error);
    }

  g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_A_LIST,
               _("The field “%s” is not a list of addresses."), "redirect_from");
  return FALSE;
}
