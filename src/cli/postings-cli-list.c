/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `postings list [--json] [--state STATE] [PATH]`: the postings of a site,
 * one per line (`DATE<TAB>STATE<TAB>PROBLEMS<TAB>PATH<TAB>TITLE`) or as a
 * JSON array, in file-name order. The site is PATH's (a site root, its
 * jobs folder, a folder or a posting inside it, or any folder of
 * postings), by default the current folder's. Read with
 * postings_site_load (). */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "postings-cli-common.h"

typedef enum
{
  FILTER_ALL,
  FILTER_STATE,
  FILTER_PROBLEMS,
} FilterKind;

typedef struct
{
  gboolean json;
  FilterKind filter;
  PostingsPostingState state;
  GFile *base;             /* what paths are shown relative to */
  const char *base_shown;  /* how it is written ("" for the current folder) */
} ListRun;

static void
print_usage_error (void)
{
  g_printerr (_("Usage: postings list [--json] [--state open|closed|expired|unreadable|problems] [PATH]\n"));
}

static void
print_help (void)
{
  printf ("%s", _("Usage: postings list [--json] [--state open|closed|expired|unreadable|problems] [PATH]\n"
                  "\n"
                  "Lists the postings of a site, one per line, in file-name order:\n"
                  "  DATE  STATE  PROBLEMS  PATH  TITLE\n"
                  "separated by tabs. DATE is the publication date (YYYY-MM-DD, “-” when\n"
                  "there is none); STATE is open, closed, expired (still open but its\n"
                  "closing date is past) or unreadable (the file or its header cannot be\n"
                  "read; the reason goes to the error output); PROBLEMS counts the errors\n"
                  "and warnings of “postings check”.\n"
                  "\n"
                  "PATH is a site repository (the folder holding content/ or _config.yml),\n"
                  "any folder or posting inside it, or any folder of postings; by default\n"
                  "the current folder. Inside a site, the postings of content/_jobs are\n"
                  "listed.\n"
                  "\n"
                  "Options:\n"
                  "  --json           print a JSON array of {path, title, date,\n"
                  "                   closing_date, open, state, errors, warnings}\n"
                  "  --state STATE    only the postings in this state: open, closed,\n"
                  "                   expired, unreadable, or problems (any error or\n"
                  "                   warning)\n"
                  "  --help           show this help\n"
                  "\n"
                  "Exit status: 0 when the site was read (whatever its postings say),\n"
                  "2 on a usage or input/output error.\n"));
}

static gboolean
parse_state (const char *value,
             ListRun    *run)
{
  static const struct { const char *name; PostingsPostingState state; } states[] = {
    { "open", POSTINGS_POSTING_OPEN },
    { "closed", POSTINGS_POSTING_CLOSED },
    { "expired", POSTINGS_POSTING_EXPIRED },
    { "unreadable", POSTINGS_POSTING_UNREADABLE },
  };

  if (g_str_equal (value, "problems"))
    {
      run->filter = FILTER_PROBLEMS;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (value, states[i].name))
      {
        run->filter = FILTER_STATE;
        run->state = states[i].state;
        return TRUE;
      }
  return FALSE;
}

static gboolean
keep (ListRun           *run,
      PostingsSiteEntry *entry)
{
  switch (run->filter)
    {
    case FILTER_STATE:
      return postings_site_entry_get_state (entry) == run->state;
    case FILTER_PROBLEMS:
      return postings_site_entry_has_problems (entry);
    case FILTER_ALL:
    default:
      return postings_site_entry_get_state (entry) != POSTINGS_POSTING_DRAFT_ONLY;
    }
}

/* The path to print: from the folder given (written as given), else from
 * the current folder, else absolute. */
static char *
shown_path (ListRun *run,
            GFile   *file)
{
  g_autofree char *relative = g_file_get_relative_path (run->base, file);

  if (relative == NULL)
    return g_file_get_path (file);
  if (run->base_shown[0] == '\0')
    return g_steal_pointer (&relative);
  return g_build_filename (run->base_shown, relative, NULL);
}

static char *
format_day (GDateTime *date)
{
  return date != NULL ? g_date_time_format (date, "%Y-%m-%d") : NULL;
}

/* A title on one line of text (a tab or a newline would break the columns). */
static char *
one_line (const char *text)
{
  char *s = g_strdup (text ? text : "");

  for (char *p = s; *p; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';
  return s;
}

static void
append_json_entry (GString           *out,
                   const char        *path,
                   PostingsSiteEntry *entry)
{
  g_autofree char *date = format_day (postings_site_entry_get_date (entry));
  g_autofree char *closing = format_day (postings_site_entry_get_closing_date (entry));
  g_autofree char *valid_path = g_utf8_make_valid (path, -1);

  g_string_append (out, "{\"path\": ");
  postings_cli_append_json_string (out, valid_path);
  g_string_append (out, ", \"title\": ");
  postings_cli_append_json_string (out, postings_site_entry_get_title (entry));
  g_string_append (out, ", \"date\": ");
  if (date != NULL)
    postings_cli_append_json_string (out, date);
  else
    g_string_append (out, "null");
  g_string_append (out, ", \"closing_date\": ");
  if (closing != NULL)
    postings_cli_append_json_string (out, closing);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ", \"open\": %s, \"state\": ",
                          postings_site_entry_get_open (entry) ? "true" : "false");
  postings_cli_append_json_string (out, postings_posting_state_to_string (postings_site_entry_get_state (entry)));
  g_string_append_printf (out, ", \"errors\": %u, \"warnings\": %u}",
                          postings_site_entry_get_n_errors (entry),
                          postings_site_entry_get_n_warnings (entry));
}

static void
print_entries (ListRun    *run,
               GListModel *entries)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_shown = 0;

  if (run->json)
    g_string_append_c (out, '[');

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(PostingsSiteEntry) entry = g_list_model_get_item (entries, i);
      g_autofree char *path = NULL;

      if (!keep (run, entry))
        continue;
      path = shown_path (run, postings_site_entry_get_file (entry));

      if (postings_site_entry_get_reason (entry) != NULL)
        g_printerr ("postings list: %s\n", postings_site_entry_get_reason (entry));

      if (run->json)
        {
          g_string_append (out, n_shown > 0 ? ",\n " : "\n ");
          append_json_entry (out, path, entry);
        }
      else
        {
          g_autofree char *date = format_day (postings_site_entry_get_date (entry));
          g_autofree char *title = one_line (postings_site_entry_get_title (entry));

          g_string_append_printf (out, "%s\t%s\t%u\t%s\t%s\n", date ? date : "-",
                                  postings_posting_state_to_string (postings_site_entry_get_state (entry)),
                                  postings_site_entry_get_n_errors (entry) + postings_site_entry_get_n_warnings (entry),
                                  path, title);
        }
      n_shown++;
    }

  if (run->json)
    g_string_append (out, n_shown > 0 ? "\n]\n" : "]\n");
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

int
postings_cli_list (int    argc,
                   char **argv)
{
  ListRun run = { 0 };
  const char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(PostingsSite) site = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder_shown = NULL;
  GFileType type;

  gboolean options_done = FALSE;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (options_done || arg[0] != '-' || arg[1] == '\0')
        {
          if (path != NULL)
            {
              g_printerr (_("postings list: give one site at a time\n"));
              print_usage_error ();
              return POSTINGS_EXIT_USAGE;
            }
          path = arg;
        }
      else if (g_str_equal (arg, "--"))
        options_done = TRUE;
      else if (g_str_equal (arg, "--json"))
        run.json = TRUE;
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_help ();
          return POSTINGS_EXIT_OK;
        }
      else if (g_str_equal (arg, "--state") || g_str_has_prefix (arg, "--state="))
        {
          const char *value = arg[7] == '=' ? arg + 8 : (i + 1 < argc ? argv[++i] : NULL);

          if (value == NULL || !parse_state (value, &run))
            {
              g_printerr (_("postings list: unknown state “%s” (open, closed, expired, unreadable or problems)\n"),
                          value ? value : "");
              print_usage_error ();
              return POSTINGS_EXIT_USAGE;
            }
        }
      else
        {
          g_printerr (_("postings list: unknown option “%s”\n"), arg);
          print_usage_error ();
          return POSTINGS_EXIT_USAGE;
        }
    }

  file = g_file_new_for_commandline_arg (path != NULL ? path : ".");
  type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL);
  if (type == G_FILE_TYPE_UNKNOWN)
    {
      g_printerr (_("postings list: %s: no such file or folder\n"), path ? path : ".");
      return POSTINGS_EXIT_USAGE;
    }
  if (type == G_FILE_TYPE_DIRECTORY)
    {
      folder = g_object_ref (file);
      folder_shown = g_strdup (path != NULL ? path : "");
    }
  else
    {
      folder = g_file_get_parent (file);
      folder_shown = g_path_get_dirname (path);
    }

  site = postings_site_new (folder, &error);
  if (site == NULL)
    {
      g_printerr ("postings list: %s\n", error->message);
      return POSTINGS_EXIT_USAGE;
    }
  if (postings_site_get_schema_error (site) != NULL)
    g_printerr ("postings list: %s\n", postings_site_get_schema_error (site)->message);
  if (!postings_site_load (site, NULL, &error))
    {
      g_printerr ("postings list: %s\n", error->message);
      return POSTINGS_EXIT_USAGE;
    }

  /* Paths from the folder given, as given; with no PATH, from the current
   * folder. */
  run.base = folder;
  run.base_shown = folder_shown;
  print_entries (&run, postings_site_get_entries (site));
  return POSTINGS_EXIT_OK;
}
