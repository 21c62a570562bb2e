/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "postings-cli-common.h"

/* `postings check [--json] [--fix] [--spelling] PATH...`: the validator
 * over files and folders; --spelling adds the unknown words (rule
 * `spelling`, as suggestions). Output lines are `PATH:LINE:COL: SEVERITY: MESSAGE [rule]`
 * (the format editors and CI systems annotate), sorted by file then line;
 * with --fix, each applied fix is reported first as
 * `PATH:LINE:COL: fixed: WHAT WAS DONE [rule]`. */

typedef struct
{
  char *path;
  guint line;
  guint column;
  const char *severity;  /* "error", "warning", "suggestion" or "fixed" */
  char *message;
  const char *rule;
  gboolean fixable;
  guint order;           /* position when added: ties keep it */
} Report;

typedef struct
{
  gboolean json;
  gboolean fix;
  gboolean spelling;
  PostingsSpellChecker *speller;
  GHashTable *suggestions; /* word → message: one lookup per distinct word */
  guint n_errors;
  guint n_files;
  gboolean io_error;
  GArray *reports;
  PostingsSchema *schema;  /* for the current PATH argument */
  GFile *root;             /* its repository root, or NULL */
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
            const char *rule,
            gboolean    fixable)
{
  Report r = { g_strdup (path), line, column, severity, message, rule, fixable, run->reports->len };

  if (g_str_equal (severity, "error"))
    run->n_errors++;
  g_array_append_val (run->reports, r);
}

static void
add_diagnostics (CheckRun   *run,
                 const char *path,
                 GPtrArray  *diagnostics)
{
  for (guint i = 0; i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);

      add_report (run, path, d->line, d->column, postings_severity_to_string (d->severity),
                  g_strdup (d->message), d->rule, d->fix_kind != POSTINGS_FIX_NONE && d->fix_automatic);
    }
}

static void
io_error (CheckRun   *run,
          const char *display,
          GError     *error)
{
  g_printerr ("postings check: %s: %s\n", display, error->message);
  run->io_error = TRUE;
}

/* An error whose message names the path itself (postings-file.h). */
static void
file_error (CheckRun *run,
            GError   *error)
{
  g_printerr ("postings check: %s\n", error->message);
  run->io_error = TRUE;
}

typedef struct
{
  CheckRun *run;
  const char *basename;
  GPtrArray *applied;
} FixData;

static gboolean
fix_cb (PostingsDocument  *doc,
        gpointer           user_data,
        GError           **error)
{
  FixData *data = user_data;

  postings_document_set_key_order (doc, postings_schema_get_key_order (data->run->schema));
  data->applied = postings_validator_fix_all (doc, data->run->schema, data->run->root, data->basename, 0);
  return TRUE;
}

/* A published posting renamed gets another web address: said on stderr
 * (with redirect_from when the site can keep the old one). */
static void
warn_address_change (GFile            *file,
                     const char       *display,
                     const char       *new_name,
                     PostingsDocument *doc)
{
  g_autoptr(GFile) root = postings_repository_find_root (file);
  g_autoptr(PostingsAddressChange) change = NULL;

  if (root == NULL || !postings_posting_is_published (file, doc))
    return;
  change = postings_address_change_new (root, file, new_name, doc, NULL);
  if (change == NULL)
    return;
  g_printerr (_("postings check: %s: its web address changes from %s to %s\n"),
              display, change->old_url, change->new_url);
  if (change->can_redirect)
    g_printerr (_("postings check: %s: to keep the old address, add it to “redirect_from” in its header: %s\n"),
                display, change->old_path);
}

/* --fix: the fixes are applied to the file as it is on disk, under the
 * save lock, and saved atomically (postings_file_edit()); then the file is
 * renamed if its name is wrong. Returns the document as the file now is
 * (NULL when it cannot be read) and, in *new_display, the name it has
 * now when it was renamed. When the fixed text cannot be written, what is
 * reported is what is still wrong in the file on disk. */
static PostingsDocument *
fix_file (CheckRun    *run,
          GFile      **file,
          const char  *display,
          char       **new_display)
{
  g_autofree char *basename = g_file_get_basename (*file);
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsDocument) doc = NULL;
  FixData data = { run, basename, NULL };
  gboolean written = FALSE;
  gboolean saved;

  saved = postings_file_edit (*file, fix_cb, &data, &doc, &written, &error);
  if (!saved)
    file_error (run, error);
  g_clear_error (&error);
  if (written)
    for (guint i = 0; i < data.applied->len; i++)
      {
        PostingsDiagnostic *d = g_ptr_array_index (data.applied, i);
        add_report (run, display, d->line, d->column, "fixed", g_strdup (d->fix_label), d->rule, FALSE);
      }
  g_clear_pointer (&data.applied, g_ptr_array_unref);
  /* not written: the file keeps its name too */
  if (!saved)
    return g_steal_pointer (&doc);

  diagnostics = postings_validate (doc, run->schema, run->root, basename);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);
      g_autoptr(GFile) renamed = NULL;

      if (d->fix_kind != POSTINGS_FIX_RENAME_FILE)
        continue;
      warn_address_change (*file, display, d->fix_file_name, doc);
      if (!postings_validator_rename_file (*file, d->fix_file_name, &renamed, &error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            g_printerr (_("postings check: %s: not renamed to “%s”: a file with that name already exists\n"),
                        display, d->fix_file_name);
          else
            io_error (run, display, error);
          break;
        }
      {
        g_autofree char *dir = g_path_get_dirname (display);

        *new_display = g_str_equal (dir, ".") && !g_str_has_prefix (display, "./")
          ? g_strdup (d->fix_file_name) : g_build_filename (dir, d->fix_file_name, NULL);
        add_report (run, *new_display, 1, 1, "fixed", g_strdup (d->fix_label), d->rule, FALSE);
        g_set_object (file, renamed);
      }
      break;
    }
  return g_steal_pointer (&doc);
}

/* The message for an unknown word, with the dictionary's first corrections. */
static const char *
spelling_message (CheckRun   *run,
                  const char *word)
{
  char *message = g_hash_table_lookup (run->suggestions, word);

  if (message == NULL)
    {
      g_auto(GStrv) corrections = postings_spell_checker_suggest (run->speller, word, -1, 3);

      if (corrections[0] != NULL)
        {
          g_autofree char *list = g_strjoinv (", ", corrections);
          message = g_strdup_printf (_("“%s” is not in the dictionary. Did you mean: %s?"), word, list);
        }
      else
        message = g_strdup_printf (_("“%s” is not in the dictionary."), word);
      g_hash_table_insert (run->suggestions, g_strdup (word), message);
    }
  return message;
}

static int
compare_reports (gconstpointer a, gconstpointer b)
{
  const Report *ra = a, *rb = b;

  if (ra->line != rb->line)
    return ra->line < rb->line ? -1 : 1;
  if (ra->column != rb->column)
    return ra->column < rb->column ? -1 : 1;
  return ra->order < rb->order ? -1 : ra->order > rb->order;
}

/* --spelling: the unknown words of the prose (values of the prose keys and
 * the body), merged with the file's other reports by line. */
static void
add_spelling (CheckRun         *run,
              const char       *path,
              PostingsDocument *doc,
              guint             first_report)
{
  g_auto(GStrv) keys = postings_words_prose_keys (run->schema);
  g_autoptr(GArray) words = postings_words_split_document (doc, (const char * const *) keys);
  const char *text = postings_document_get_text (doc, NULL);
  g_autoptr(GArray) unknown = postings_spell_checker_check_words (run->speller, text, words);
  gsize pos = 0, line_start = 0;
  guint line = 1;

  for (guint i = 0; i < unknown->len; i++)
    {
      PostingsWord *w = &g_array_index (unknown, PostingsWord, i);
      g_autofree char *word = g_strndup (text + w->start, w->end - w->start);

      for (; pos < w->start; pos++)
        if (text[pos] == '\n')
          {
            line++;
            line_start = pos + 1;
          }
      add_report (run, path, line, (guint) g_utf8_strlen (text + line_start, (gssize) (w->start - line_start)) + 1,
                  "suggestion", g_strdup (spelling_message (run, word)), "spelling", FALSE);
    }
  if (run->reports->len > first_report)
    qsort (&g_array_index (run->reports, Report, first_report), run->reports->len - first_report,
           sizeof (Report), compare_reports);
}

static void
check_file (CheckRun   *run,
            GFile      *file_in,
            const char *display)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_object_ref (file_in);
  g_autoptr(PostingsDocument) doc = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autofree char *new_display = NULL;
  g_autofree char *basename = NULL;
  guint first_report = run->reports->len;

  if (run->fix)
    doc = fix_file (run, &file, display, &new_display);
  else
    {
      g_autoptr(GBytes) bytes = postings_file_read (file, NULL, &error);

      if (bytes == NULL)
        file_error (run, error);
      else
        {
          doc = postings_document_new_from_bytes (bytes);
          postings_document_set_key_order (doc, postings_schema_get_key_order (run->schema));
        }
    }
  if (doc == NULL)
    return;
  run->n_files++;

  basename = g_file_get_basename (file);
  diagnostics = postings_validate (doc, run->schema, run->root, basename);
  add_diagnostics (run, new_display ? new_display : display, diagnostics);
  if (run->speller != NULL)
    add_spelling (run, new_display ? new_display : display, doc, first_report);
}

static gboolean
check_walk_cb (const PostingsWalkItem *item,
               gpointer                user_data)
{
  CheckRun *run = user_data;

  if (item->kind == POSTINGS_WALK_POSTING)
    {
      g_autoptr(GFile) file = g_file_new_for_path (item->path);
      check_file (run, file, item->display);
    }
  else
    add_report (run, item->display, 1, 1, "warning", g_strdup (item->reason), "skipped-entry", FALSE);
  return TRUE;
}

/* The postings below a folder (postings_walk_is_posting_name ()), in a
 * stable order; what cannot be read there (a named pipe, a link to
 * nothing, a link back to a folder already read) is a warning. */
static void
check_folder (CheckRun   *run,
              GFile      *folder,
              const char *display)
{
  g_autoptr(GError) error = NULL;

  if (!postings_walk_folder (folder, display, NULL, check_walk_cb, run, &error))
    io_error (run, display, error);
}

static void
print_reports (CheckRun *run)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (run->json)
    {
      g_string_append_c (out, '[');
      for (guint i = 0; i < run->reports->len; i++)
        {
          Report *r = &g_array_index (run->reports, Report, i);
          g_autofree char *path = g_utf8_make_valid (r->path, -1);

          g_string_append (out, i ? ",\n " : "\n ");
          g_string_append (out, "{\"path\": ");
          postings_cli_append_json_string (out, path);
          g_string_append_printf (out, ", \"line\": %u, \"column\": %u, \"severity\": ", r->line, r->column);
          postings_cli_append_json_string (out, r->severity);
          g_string_append (out, ", \"rule\": ");
          postings_cli_append_json_string (out, r->rule);
          g_string_append (out, ", \"message\": ");
          postings_cli_append_json_string (out, r->message);
          g_string_append_printf (out, ", \"fixable\": %s}", r->fixable ? "true" : "false");
        }
      g_string_append (out, run->reports->len ? "\n]\n" : "]\n");
    }
  else
    {
      for (guint i = 0; i < run->reports->len; i++)
        {
          Report *r = &g_array_index (run->reports, Report, i);
          g_string_append_printf (out, "%s:%u:%u: %s: %s [%s]\n",
                                  r->path, r->line, r->column, r->severity, r->message, r->rule);
        }
    }
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

static void
print_help (void)
{
  guint n_rules;
  const PostingsRuleInfo *rules = postings_validator_get_rules (&n_rules);

  printf ("%s", _("Usage: postings check [--json] [--fix] PATH...\n"
                  "\n"
                  "Checks job postings and prints one line per problem:\n"
                  "  PATH:LINE:COL: SEVERITY: MESSAGE [RULE]\n"
                  "sorted by file then line. SEVERITY is error, warning or suggestion.\n"
                  "\n"
                  "PATH is a posting, a folder (every *.md below it, and files without an\n"
                  "extension in a _jobs folder or named like a posting), or a site\n"
                  "repository (the folder holding content/): then the postings of\n"
                  "content/_jobs are checked. The repository is also found from any file\n"
                  "or folder inside it; when it is known, the products named by “startup”\n"
                  "must exist in content/_startups. A .postings.yml at the repository root\n"
                  "replaces the built-in field list.\n"
                  "\n"
                  "Options:\n"
                  "  --json   print a JSON array of {path, line, column, severity, rule,\n"
                  "           message, fixable} instead of lines (fixable: --fix\n"
                  "           repairs it)\n"
                  "  --fix    apply the safe fixes in place (each file is rewritten\n"
                  "           atomically, and only if it did not change meanwhile; a file\n"
                  "           whose name is wrong is renamed, never over another file),\n"
                  "           print one line per fix “PATH:LINE:COL: fixed: WHAT [RULE]”\n"
                  "           (severity “fixed” in JSON), then what remains\n"
                  "  --spelling  also report the words the French dictionary does not\n"
                  "           know (rule “spelling”, severity suggestion, with the first\n"
                  "           corrections), in the body and the prose fields (roles,\n"
                  "           title, contrat); needs the French dictionary (hunspell-fr)\n"
                  "  --help   show this help\n"
                  "\n"
                  "Exit status: 0 when no error remains (warnings and suggestions do not\n"
                  "count), 1 when errors remain, 2 on a usage or input/output error.\n"
                  "It needs no display: use it in the site's continuous integration.\n"
                  "\n"
                  "Rules (* = a fix exists for some cases):\n"));
  for (guint i = 0; i < n_rules; i++)
    printf ("  %-28s %-10s %s\n", rules[i].id, postings_severity_to_string (rules[i].severity),
            rules[i].fixable ? "*" : "");
}

/* What one PATH argument is checked with: its repository and schema. */
static void
prepare_argument (CheckRun   *run,
                  GFile      *file,
                  const char *display)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&run->schema);
  g_clear_object (&run->root);
  run->schema = postings_schema_load_for_file (file, &run->root, &error);
  if (run->schema == NULL)
    {
      io_error (run, display, error);
      run->schema = g_object_ref (postings_schema_get_default ());
      run->root = postings_repository_find_root (file);
    }
}

int
postings_cli_check (int    argc,
                    char **argv)
{
  CheckRun run = { 0 };
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  int status;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        run.json = TRUE;
      else if (g_str_equal (argv[i], "--fix"))
        run.fix = TRUE;
      else if (g_str_equal (argv[i], "--spelling"))
        run.spelling = TRUE;
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_help ();
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
          g_printerr (_("Usage: postings check [--json] [--fix] PATH...\n"));
          return POSTINGS_EXIT_USAGE;
        }
      else
        g_ptr_array_add (paths, argv[i]);
    }

  if (paths->len == 0)
    {
      g_printerr (_("Usage: postings check [--json] [--fix] PATH...\n"));
      return POSTINGS_EXIT_USAGE;
    }

  if (run.spelling)
    {
      g_autoptr(GError) error = NULL;

      run.speller = postings_spell_checker_get_for_language (NULL, &error);
      if (run.speller == NULL)
        {
          g_printerr ("postings check: %s\n", error->message);
          return POSTINGS_EXIT_USAGE;
        }
      run.suggestions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }

  run.reports = g_array_new (FALSE, TRUE, sizeof (Report));
  g_array_set_clear_func (run.reports, report_clear);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      GFileType type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL);

      if (type == G_FILE_TYPE_UNKNOWN)
        {
          g_printerr (_("postings check: %s: no such file or folder\n"), path);
          run.io_error = TRUE;
          continue;
        }

      prepare_argument (&run, file, path);

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          /* a repository root: its postings folder (content/_jobs) */
          g_autoptr(GFile) jobs = g_file_resolve_relative_path (file, postings_schema_get_folder (run.schema));

          g_autoptr(GFile) content = g_file_get_child (file, "content");
          gboolean is_root = run.root != NULL && g_file_equal (run.root, file);

          if (is_root && g_file_query_file_type (jobs, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
            {
              g_autofree char *jobs_display = g_build_filename (path, postings_schema_get_folder (run.schema), NULL);
              check_folder (&run, jobs, jobs_display);
            }
          else if (is_root && g_file_query_file_type (content, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
            {
              g_printerr (_("postings check: %s: this repository has no folder “%s”\n"),
                          path, postings_schema_get_folder (run.schema));
              run.io_error = TRUE;
            }
          else
            check_folder (&run, file, path);
        }
      else
        check_file (&run, file, path);
    }

  print_reports (&run);
  status = run.io_error ? POSTINGS_EXIT_USAGE : run.n_errors > 0 ? POSTINGS_EXIT_ERRORS : POSTINGS_EXIT_OK;
  g_array_unref (run.reports);
  g_clear_object (&run.schema);
  g_clear_object (&run.root);
  g_clear_object (&run.speller);
  g_clear_pointer (&run.suggestions, g_hash_table_unref);
  return status;
}
