/* SPDX-License-Identifier: GPL-3.0-or-later */
/* postings new [--dir DIR] --roles TEXT [--date YYYY-MM-DD] [--name FILE] [KEY=VALUE]…
 *
 * Creates a posting from the French template, named by the site's rule
 * (YYYY-MM-DD-slug.md), in DIR: by default the repository's postings folder
 * when run inside a site repository, else the current folder. Never
 * replaces a file and never writes outside DIR. Prints the path created. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "postings-cli-common.h"

#define MAX_SUFFIX 1000

typedef struct
{
  char                *key;
  const PostingsField *field;  /* NULL for a key the schema does not know */
  GPtrArray           *values; /* char *: one, or the items of a list */
} Assignment;

static void
assignment_free (Assignment *assignment)
{
  g_free (assignment->key);
  g_ptr_array_unref (assignment->values);
  g_free (assignment);
}

G_GNUC_PRINTF (1, 2)
static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("postings new: %s\n", message);
  g_printerr (_("Run “postings new --help” to see how to use it.\n"));
  return POSTINGS_EXIT_USAGE;
}

/* Keys written plain on one line and read back the same. */
static gboolean
key_is_valid (const char *key)
{
  if (key[0] == '\0' || !(g_ascii_isalnum (key[0]) || key[0] == '_'))
    return FALSE;

  for (const char *p = key; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '-'))
      return FALSE;

  return TRUE;
}

static gboolean
normalize_boolean (const char  *value,
                   const char **out)
{
  static const char * const yes[] = { "true", "yes", "on", "oui", "vrai", NULL };
  static const char * const no[] = { "false", "no", "off", "non", "faux", NULL };

  for (guint i = 0; yes[i]; i++)
    if (g_ascii_strcasecmp (value, yes[i]) == 0)
      {
        *out = "true";
        return TRUE;
      }

  for (guint i = 0; no[i]; i++)
    if (g_ascii_strcasecmp (value, no[i]) == 0)
      {
        *out = "false";
        return TRUE;
      }

  return FALSE;
}

static gboolean
date_or_timestamp_is_valid (const char *value)
{
  g_autoptr(GDateTime) dt = NULL;

  if (postings_date_is_valid (value))
    return TRUE;

  /* A timestamp as the site's former CMS wrote them: 2022-07-08T08:20:03.110Z */
  if (strlen (value) > 10 && value[10] == 'T')
    {
      g_autofree char *day = g_strndup (value, 10);

      dt = g_date_time_new_from_iso8601 (value, NULL);
      return dt != NULL && postings_date_is_valid (day);
    }

  return FALSE;
}

/* Command-line text as UTF-8: as given when it is valid UTF-8 (whatever
 * the locale says), else converted from the locale's character set. */
static gboolean
to_utf8 (char **text)
{
  char *converted;

  if (*text == NULL || g_utf8_validate (*text, -1, NULL))
    return TRUE;

  converted = g_locale_to_utf8 (*text, -1, NULL, NULL, NULL);
  if (converted == NULL)
    return FALSE;

  g_free (*text);
  *text = converted;
  return TRUE;
}

static char *
join_choices (const PostingsField *field)
{
  return g_strjoinv (", ", field->choices);
}

/* Reads one KEY=VALUE argument into @assignments. Returns an exit status
 * other than OK on a usage error (already reported). */
static int
add_assignment (PostingsSchema  *schema,
                const char      *arg,
                GPtrArray       *assignments,
                GHashTable      *by_key,
                char           **roles,
                char           **date)
{
  g_autofree char *text = g_strdup (arg);
  g_autofree char *key = NULL;
  const char *eq;
  const char *value;
  const PostingsField *field;
  Assignment *assignment;

  if (!to_utf8 (&text))
    return usage_error (_("“%s” is not valid text (UTF-8)."), arg);

  eq = strchr (text, '=');
  if (eq == NULL || eq == text)
    return usage_error (_("“%s” is not of the form KEY=VALUE."), text);

  key = g_strndup (text, eq - text);
  value = eq + 1;

  if (!key_is_valid (key))
    return usage_error (_("“%s” cannot be used as a key: use letters, digits, “_” and “-”."), key);

  field = postings_schema_lookup (schema, key);
  if (field == NULL)
    {
      field = postings_schema_lookup_alias (schema, key);
      if (field != NULL)
        {
          g_printerr (_("postings new: “%s” looks like a misspelling of “%s”: writing “%s”.\n"),
                      key, field->key, field->key);
          g_free (key);
          key = g_strdup (field->key);
        }
    }

  if (value[0] == '\0')
    return usage_error (_("“%s=” needs a value after “=”."), key);

  /* --roles and --date may also be written roles=… and date=… */
  if (g_str_equal (key, "roles") || g_str_equal (key, "date"))
    {
      char **target = g_str_equal (key, "roles") ? roles : date;

      if (*target != NULL && !g_str_equal (*target, value))
        return usage_error (_("“%s” is given twice with different values."), key);
      g_free (*target);
      *target = g_strdup (value);
      return POSTINGS_EXIT_OK;
    }

  if (field != NULL)
    {
      switch (field->kind)
        {
        case POSTINGS_FIELD_BOOLEAN:
          if (!normalize_boolean (value, &value))
            return usage_error (_("“%s” takes true or false, not “%s”."), key, value);
          break;

        case POSTINGS_FIELD_DATE:
          if (!date_or_timestamp_is_valid (value))
            return usage_error (_("“%s” takes a date written YYYY-MM-DD, not “%s”."), key, value);
          break;

        case POSTINGS_FIELD_CHOICE:
        case POSTINGS_FIELD_MULTI_CHOICE:
          if (!postings_field_accepts_choice (field, value))
            {
              g_autofree char *choices = join_choices (field);

              return usage_error (_("“%s” is not a possible value of “%s” (choose from: %s)."),
                                  value, key, choices);
            }
          break;

        case POSTINGS_FIELD_TEXT:
        case POSTINGS_FIELD_LONG_TEXT:
        case POSTINGS_FIELD_EMAIL:
        case POSTINGS_FIELD_URL:
        case POSTINGS_FIELD_LIST:
        case POSTINGS_FIELD_REFERENCE:
        default:
          break;
        }
    }

  assignment = g_hash_table_lookup (by_key, key);
  if (assignment != NULL)
    {
      if (field == NULL || !postings_field_is_list (field))
        return usage_error (_("“%s” is given twice (only list fields take several values)."), key);
      g_ptr_array_add (assignment->values, g_strdup (value));
      return POSTINGS_EXIT_OK;
    }

  assignment = g_new0 (Assignment, 1);
  assignment->key = g_steal_pointer (&key);
  assignment->field = field;
  assignment->values = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (assignment->values, g_strdup (value));
  g_ptr_array_add (assignments, assignment);
  g_hash_table_insert (by_key, assignment->key, assignment);

  return POSTINGS_EXIT_OK;
}

static gboolean
apply_assignment (PostingsDocument  *document,
                  Assignment        *assignment,
                  GError           **error)
{
  const PostingsField *field = assignment->field;

  if (field != NULL && postings_field_is_list (field))
    {
      g_ptr_array_add (assignment->values, NULL);
      return postings_document_set_list (document, assignment->key,
                                         (const char * const *) assignment->values->pdata,
                                         error);
    }

  return postings_document_set_value (document, assignment->key,
                                      g_ptr_array_index (assignment->values, 0),
                                      field ? postings_field_value_kind (field) : POSTINGS_VALUE_AUTO,
                                      error);
}

static gboolean
name_is_taken (GFile      *dir,
               const char *name)
{
  g_autoptr(GFile) file = g_file_get_child (dir, name);

  /* A dangling symbolic link takes the name too. */
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL) != G_FILE_TYPE_UNKNOWN;
}

/* The path to show for @file: as the user named the folder, else relative
 * to the current folder when inside it, else absolute. */
static char *
display_path (const char *dir_arg,
              GFile      *cwd,
              GFile      *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  char *relative;

  if (dir_arg != NULL)
    return g_build_filename (dir_arg, basename, NULL);

  relative = g_file_get_relative_path (cwd, file);
  if (relative != NULL)
    return relative;

  return g_file_get_parse_name (file);
}

int
postings_cli_new (int    argc,
                  char **argv)
{
  g_autofree char *dir_arg = NULL;
  g_autofree char *roles = NULL;
  g_autofree char *date = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) cwd = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) root = NULL;
  g_autoptr(GFile) created = NULL;
  g_autoptr(PostingsSchema) schema = NULL;
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GHashTable) by_key = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *cwd_path = NULL;
  g_autofree char *path = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir_arg,
      N_("Folder to create the posting in (default: the site repository’s postings folder, else the current folder)"),
      N_("DIR") },
    /* FILENAME: the bytes as given. STRING would convert from the locale's
     * character set and refuse any accent under the C locale of CI jobs;
     * text is checked (and converted if need be) by to_utf8() instead. */
    { "roles", 'r', 0, G_OPTION_ARG_FILENAME, &roles,
      N_("The job title (required); it also names the file"), N_("TEXT") },
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date,
      N_("Publication date (default: today)"), N_("YYYY-MM-DD") },
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &name,
      N_("File name to use instead of the one made from the date and the job title"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (_("[KEY=VALUE…] — create a job posting from the template"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("The file is named YYYY-MM-DD-title.md after the date and the job title, "
      "and is never replaced if it exists. KEY=VALUE sets other fields "
      "(for example open=false or techno=Python); repeat a list field "
      "(techno, domaines) to give several items. The path of the new file is "
      "printed on success.\n\n"
      "Exit status: 0 created, 1 the file already exists, 2 wrong usage or "
      "the file could not be written."));

  /* Parse a copy: GOption removes what it reads. */
  args = g_new0 (char *, MAX (argc, 1) + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  /* What --help shows as the program's name, when none is set yet. */
  g_free (args[0]);
  args[0] = g_strdup ("postings new");

  if (!g_option_context_parse_strv (context, &args, &error))
    return usage_error ("%s", error->message);

  assignments = g_ptr_array_new_with_free_func ((GDestroyNotify) assignment_free);
  by_key = g_hash_table_new (g_str_hash, g_str_equal);

  /* Where to write: --dir, the repository's postings folder, or here. */
  cwd_path = g_get_current_dir ();
  cwd = g_file_new_for_path (cwd_path);

  if (dir_arg != NULL)
    {
      dir = g_file_new_for_commandline_arg (dir_arg);
      if (g_file_query_file_type (dir, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
        return usage_error (_("The folder “%s” does not exist."), dir_arg);
    }

  schema = postings_schema_load_for_file (dir ? dir : cwd, &root, &error);
  if (schema == NULL)
    {
      g_printerr ("postings new: %s\n", error->message);
      return POSTINGS_EXIT_USAGE;
    }

  if (dir == NULL)
    {
      if (root != NULL)
        {
          dir = g_file_resolve_relative_path (root, postings_schema_get_folder (schema));
          if (!g_file_make_directory_with_parents (dir, NULL, &error) &&
              !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            {
              g_printerr ("postings new: %s\n", error->message);
              return POSTINGS_EXIT_USAGE;
            }
          g_clear_error (&error);
        }
      else
        dir = g_object_ref (cwd);
    }

  /* KEY=VALUE arguments (args[0] is the subcommand's name). */
  for (guint i = 1; args[i] != NULL; i++)
    {
      status = add_assignment (schema, args[i], assignments, by_key, &roles, &date);
      if (status != POSTINGS_EXIT_OK)
        return status;
    }

  if (roles == NULL)
    return usage_error (_("Give the job title with --roles, for example --roles \"Chargé·e de déploiement\"."));

  if (!to_utf8 (&roles) || !to_utf8 (&date))
    return usage_error (_("The job title or the date is not valid text (UTF-8)."));

  g_strstrip (roles);
  if (roles[0] == '\0')
    return usage_error (_("The job title given with --roles is empty."));

  if (date != NULL && !postings_date_is_valid (date))
    return usage_error (_("“%s” is not a date: write it as YYYY-MM-DD, for example 2026-03-01."), date);

  if (name != NULL)
    {
      if (strchr (name, '/') != NULL || name[0] == '.' || !g_str_has_suffix (name, ".md") ||
          !g_utf8_validate (name, -1, NULL))
        return usage_error (_("--name takes a file name ending in .md, without a folder: “%s” is not one."),
                            name);
    }

  document = postings_document_new_from_template (roles, date, &error);
  if (document == NULL)
    return usage_error ("%s", error->message);

  postings_document_set_key_order (document, postings_schema_get_key_order (schema));

  for (guint i = 0; i < assignments->len; i++)
    if (!apply_assignment (document, g_ptr_array_index (assignments, i), &error))
      {
        g_printerr ("postings new: %s\n", error->message);
        return POSTINGS_EXIT_USAGE;
      }

  if (name == NULL)
    {
      const char *day = postings_document_get_string (document, "date");

      name = postings_file_name_for (roles, day);
      g_assert (name != NULL);
    }

  bytes = postings_document_serialize (document);

  if (!postings_repository_create_file (dir, name,
                                        g_bytes_get_data (bytes, NULL),
                                        g_bytes_get_size (bytes),
                                        &created, &error))
    {
      if (g_error_matches (error, POSTINGS_ERROR, POSTINGS_ERROR_EXISTS))
        {
          g_autoptr(GFile) existing = g_file_get_child (dir, name);
          g_autofree char *shown = display_path (dir_arg, cwd, existing);
          g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".md"));
          g_autofree char *suggestion = NULL;

          for (guint n = 2; n < MAX_SUFFIX && suggestion == NULL; n++)
            {
              g_autofree char *candidate = g_strdup_printf ("%s-%u.md", stem, n);

              if (!name_is_taken (dir, candidate))
                suggestion = g_steal_pointer (&candidate);
            }

          g_printerr (_("postings new: %s already exists; nothing was written.\n"), shown);
          if (suggestion != NULL)
            g_printerr (_("To create another posting with this title and date, add --name %s\n"),
                        suggestion);
          return POSTINGS_EXIT_ERRORS;
        }

      g_printerr ("postings new: %s\n", error->message);
      return POSTINGS_EXIT_USAGE;
    }

  path = display_path (dir_arg, cwd, created);
  g_print ("%s\n", path);

  return POSTINGS_EXIT_OK;
}
