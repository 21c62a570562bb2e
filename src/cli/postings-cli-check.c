/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "postings-core.h"
#include "postings-cli.h"
#include "postings-cli-private.h"

/* One reported problem. Output lines are `PATH:LINE:COL: SEVERITY: MESSAGE [rule]`. */
typedef struct
{
  char *path;
  guint line;
  guint column;
  const char *severity;
  char *message;
  const char *rule;
} Report;

typedef struct
{
  gboolean json;
  guint n_errors;
  guint n_files;
  gboolean io_error;
  GArray *reports;
} CheckRun;

static void
report_clear (gpointer data)
{
  Report *r = data;
  g_free (r->path);
  g_free (r->message);
}

static void
add_report (CheckRun   *run,
            const char *path,
            guint       line,
            guint       column,
            const char *severity,
            char       *message,
            const char *rule)
{
  Report r = { g_strdup (path), line, column, severity, message, rule };

  if (g_str_equal (severity, "error"))
    run->n_errors++;
  g_array_append_val (run->reports, r);
}

static const char *
rule_for_problem (PostingsProblemKind kind)
{
  switch (kind)
    {
    case POSTINGS_PROBLEM_EMPTY_FILE: return "empty-file";
    case POSTINGS_PROBLEM_LEADING_BLANK: return "blank-before-front-matter";
    case POSTINGS_PROBLEM_TEXT_BEFORE: return "text-before-front-matter";
    case POSTINGS_PROBLEM_MISSING_OPENING: return "missing-opening-delimiter";
    case POSTINGS_PROBLEM_BAD_OPENING: return "bad-opening-delimiter";
    case POSTINGS_PROBLEM_MISSING_CLOSING: return "missing-closing-delimiter";
    case POSTINGS_PROBLEM_NO_FRONT_MATTER: return "no-front-matter";
    case POSTINGS_PROBLEM_YAML: return "front-matter-unreadable";
    case POSTINGS_PROBLEM_NOT_A_MAPPING: return "front-matter-not-a-mapping";
    case POSTINGS_PROBLEM_NONE:
    default:
      return "front-matter";
    }
}

static void
check_document (CheckRun         *run,
                const char       *path,
                PostingsDocument *doc)
{
  const PostingsProblem *problem = postings_document_get_problem (doc);

  if (problem != NULL)
    {
      add_report (run, path, problem->line, problem->column, "error",
                  g_strdup (problem->message), rule_for_problem (problem->kind));
      return;
    }

  for (guint i = 0; i < postings_document_get_n_entries (doc); i++)
    {
      const PostingsEntry *e = postings_document_get_entry (doc, i);

      if (e->shadowed_by_line != 0)
        add_report (run, path, e->line, e->column, "error",
                    g_strdup_printf (_("The field “%s” appears twice, on lines %u and %u; the site only uses the value on line %u. Delete the line you do not want."),
                                     e->key, e->line, e->shadowed_by_line, e->shadowed_by_line),
                    "duplicate-key");
    }
}

static void
check_file (CheckRun   *run,
            GFile      *file,
            const char *display)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsDocument) doc = postings_document_new_for_file (file, NULL, &error);

  if (doc == NULL)
    {
      g_printerr ("postings check: %s: %s\n", display, error->message);
      run->io_error = TRUE;
      return;
    }
  run->n_files++;
  check_document (run, display, doc);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every `*.md` below a folder, and extension-less files in a `_jobs` folder
 * (the site ignores them: the checker says so). Sorted for stable output. */
static void
check_folder (CheckRun   *run,
              GFile      *folder,
              const char *display)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *basename = g_file_get_basename (folder);
  gboolean jobs_folder = g_strcmp0 (basename, "_jobs") == 0;
  GFileInfo *info;

  enumerator = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (enumerator == NULL)
    {
      g_printerr ("postings check: %s: %s\n", display, error->message);
      run->io_error = TRUE;
      return;
    }

  while ((info = g_file_enumerator_next_file (enumerator, NULL, &error)) != NULL)
    {
      const char *name = g_file_info_get_name (info);
      GFileType type = g_file_info_get_file_type (info);

      if (name[0] == '.' || g_str_equal (name, "_site") || g_str_equal (name, "node_modules"))
        ;
      else if (type == G_FILE_TYPE_DIRECTORY)
        g_ptr_array_add (names, g_strconcat (name, "/", NULL));
      else if (type == G_FILE_TYPE_REGULAR &&
               (g_str_has_suffix (name, ".md") || (jobs_folder && strchr (name, '.') == NULL)))
        g_ptr_array_add (names, g_strdup (name));
      g_object_unref (info);
    }
  if (error != NULL)
    {
      g_printerr ("postings check: %s: %s\n", display, error->message);
      run->io_error = TRUE;
    }

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gsize len = strlen (name);
      gboolean is_dir = name[len - 1] == '/';
      g_autofree char *child_name = g_strndup (name, is_dir ? len - 1 : len);
      g_autoptr(GFile) child = g_file_get_child (folder, child_name);
      g_autofree char *child_display = g_build_filename (display, child_name, NULL);

      if (is_dir)
        check_folder (run, child, child_display);
      else
        {
          check_file (run, child, child_display);
          if (jobs_folder && strchr (child_name, '.') == NULL)
            add_report (run, child_display, 1, 1, "error",
                        g_strdup (_("The file name does not end with “.md”: the site will not publish this posting. Rename it with “.md” at the end.")),
                        "file-name-extension");
        }
    }
}

static void
append_json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = (guchar) *p;
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
print_reports (CheckRun *run)
{
  if (run->json)
    {
      g_autoptr(GString) out = g_string_new ("[");

      for (guint i = 0; i < run->reports->len; i++)
        {
          Report *r = &g_array_index (run->reports, Report, i);
          g_string_append (out, i ? ",\n " : "\n ");
          g_string_append (out, "{\"path\": ");
          append_json_string (out, r->path);
          g_string_append_printf (out, ", \"line\": %u, \"column\": %u, \"severity\": ", r->line, r->column);
          append_json_string (out, r->severity);
          g_string_append (out, ", \"rule\": ");
          append_json_string (out, r->rule);
          g_string_append (out, ", \"message\": ");
          append_json_string (out, r->message);
          g_string_append_c (out, '}');
        }
      g_string_append (out, run->reports->len ? "\n]\n" : "]\n");
      fputs (out->str, stdout);
      return;
    }

  for (guint i = 0; i < run->reports->len; i++)
    {
      Report *r = &g_array_index (run->reports, Report, i);
      printf ("%s:%u:%u: %s: %s [%s]\n", r->path, r->line, r->column, r->severity, r->message, r->rule);
    }
}

int
postings_cli_check (int    argc,
                    char **argv)
{
  CheckRun run = { 0 };
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  int status;

  run.reports = g_array_new (FALSE, TRUE, sizeof (Report));
  g_array_set_clear_func (run.reports, report_clear);

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        run.json = TRUE;
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          printf ("%s", _("Usage: postings check [--json] PATH...\n"
                          "Checks postings (files, or folders searched for *.md) and prints\n"
                          "PATH:LINE:COL: SEVERITY: MESSAGE [rule] for each problem.\n"
                          "Exit status: 0 no error, 1 errors found, 2 usage or I/O error.\n"));
          g_array_unref (run.reports);
          return POSTINGS_EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--"))
        {
          for (i++; i < argc; i++)
            g_ptr_array_add (paths, argv[i]);
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          g_printerr (_("postings check: unknown option “%s”\n"), argv[i]);
          g_array_unref (run.reports);
          return POSTINGS_EXIT_USAGE;
        }
      else
        g_ptr_array_add (paths, argv[i]);
    }

  if (paths->len == 0)
    {
      g_printerr (_("Usage: postings check [--json] PATH...\n"));
      g_array_unref (run.reports);
      return POSTINGS_EXIT_USAGE;
    }

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      GFileType type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL);

      if (type == G_FILE_TYPE_DIRECTORY)
        check_folder (&run, file, path);
      else if (type == G_FILE_TYPE_UNKNOWN)
        {
          g_printerr (_("postings check: %s: no such file or folder\n"), path);
          run.io_error = TRUE;
        }
      else
        check_file (&run, file, path);
    }

  print_reports (&run);
  status = run.io_error ? POSTINGS_EXIT_USAGE : run.n_errors > 0 ? POSTINGS_EXIT_ERRORS : POSTINGS_EXIT_OK;
  g_array_unref (run.reports);
  return status;
}
