/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "postings-cli-common.h"

/* Corrections cost tens of milliseconds a word (hunspell, whose time
 * limits count the process's processor time: no threads) and a whole site
 * has over a thousand distinct unknown words, most of them its jargon. */
#define DEFAULT_MAX_SUGGESTIONS 50

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
  GHashTable *unknown;     /* unknown word → UnknownWord: one lookup per distinct word */
  guint max_suggestions;   /* distinct words that get corrections; G_MAXUINT: all */
  guint n_errors;
  guint n_files;
  gboolean io_error;
  GArray *reports;
  PostingsSchema *schema;  /* for the current PATH argument */
  GFile *root;             /* its repository root, or NULL */
  PostingsValidatorCache *cache;  /* what the files of the run share (the main thread's) */
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

  if (root == NULL)
    return;
  change = postings_address_change_new (root, file, new_name, doc, NULL);
  /* Published last: for a posting dated later, it asks git. */
  if (change == NULL || !postings_posting_is_published (file, doc))
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

  diagnostics = postings_validate_cached (doc, run->schema, run->root, basename, run->cache);
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

typedef struct
{
  const char *word;        /* the key */
  guint count;             /* reports of it */
  guint order;             /* found in that order */
  char *message;
} UnknownWord;

static void
unknown_word_free (gpointer data)
{
  UnknownWord *u = data;

  g_free (u->message);
  g_free (u);
}

/* Rarest first (typos are rare, a site's jargon is not), then as found. */
static int
compare_unknown (gconstpointer a, gconstpointer b)
{
  const UnknownWord *ua = *(UnknownWord * const *) a, *ub = *(UnknownWord * const *) b;

  if (ua->count != ub->count)
    return ua->count < ub->count ? -1 : 1;
  return ua->order < ub->order ? -1 : ua->order > ub->order;
}

/* The messages of the unknown words, with the dictionary's first
 * corrections (most of the time of a whole site's check): asked once per
 * distinct word, at the end, for the run->max_suggestions rarest words.
 * The spelling reports hold their word as message until then. */
static void
resolve_spelling (CheckRun *run)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, run->unknown);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_unknown);

  for (guint i = 0; i < sorted->len; i++)
    {
      UnknownWord *u = g_ptr_array_index (sorted, i);
      g_auto(GStrv) list = NULL;

      if (i < run->max_suggestions)
        list = postings_spell_checker_suggest (run->speller, u->word, -1, 3);
      if (list != NULL && list[0] != NULL)
        {
          g_autofree char *joined = g_strjoinv (", ", list);
          u->message = g_strdup_printf (_("“%s” is not in the dictionary. Did you mean: %s?"), u->word, joined);
        }
      else
        u->message = g_strdup_printf (_("“%s” is not in the dictionary."), u->word);
    }

  for (guint i = 0; i < run->reports->len; i++)
    {
      Report *r = &g_array_index (run->reports, Report, i);

      if (g_strcmp0 (r->rule, "spelling") == 0)
        {
          UnknownWord *u = g_hash_table_lookup (run->unknown, r->message);

          g_free (r->message);
          r->message = g_strdup (u->message);
        }
    }
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
      UnknownWord *u;

      for (; pos < w->start; pos++)
        if (text[pos] == '\n')
          {
            line++;
            line_start = pos + 1;
          }
      add_report (run, path, line, (guint) g_utf8_strlen (text + line_start, (gssize) (w->start - line_start)) + 1,
                  "suggestion", g_strdup (word), "spelling", FALSE);
      u = g_hash_table_lookup (run->unknown, word);
      if (u == NULL)
        {
          u = g_new0 (UnknownWord, 1);
          u->word = g_strdup (word);
          u->order = g_hash_table_size (run->unknown);
          g_hash_table_insert (run->unknown, (char *) u->word, u);
        }
      u->count++;
    }
  if (run->reports->len > first_report)
    qsort (&g_array_index (run->reports, Report, first_report), run->reports->len - first_report,
           sizeof (Report), compare_reports);
}

/* The file as a document, in the order of the schema's keys. */
static PostingsDocument *
read_document (CheckRun  *run,
               GFile     *file,
               GError   **error)
{
  g_autoptr(GBytes) bytes = postings_file_read (file, NULL, error);
  PostingsDocument *doc;

  if (bytes == NULL)
    return NULL;
  doc = postings_document_new_from_bytes (bytes);
  postings_document_set_key_order (doc, postings_schema_get_key_order (run->schema));
  return doc;
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
  else if ((doc = read_document (run, file, &error)) == NULL)
    file_error (run, error);
  if (doc == NULL)
    return;
  run->n_files++;

  basename = g_file_get_basename (file);
  diagnostics = postings_validate_cached (doc, run->schema, run->root, basename, run->cache);
  add_diagnostics (run, new_display ? new_display : display, diagnostics);
  if (run->speller != NULL)
    add_spelling (run, new_display ? new_display : display, doc, first_report);
}

/* A folder checked on several threads: the walk lists its entries, the
 * threads read and validate the postings (nothing else: the validator
 * shares only the schema, which does not change), then the results are
 * reported in the walk's order, as a check on one thread reports them. */
typedef struct
{
  char       *path;         /* NULL: an entry that was skipped */
  char       *display;
  char       *reason;       /* skipped: why */
  GPtrArray  *diagnostics;  /* NULL when the file could not be read */
  GError     *error;
} FolderEntry;

typedef struct
{
  CheckRun *run;
  GArray   *entries;  /* FolderEntry */
  gint      next;     /* the next entry to check */
} FolderCheck;

static void
folder_entry_clear (gpointer data)
{
  FolderEntry *e = data;

  g_free (e->path);
  g_free (e->display);
  g_free (e->reason);
  g_clear_pointer (&e->diagnostics, g_ptr_array_unref);
  g_clear_error (&e->error);
}

static gboolean
list_walk_cb (const PostingsWalkItem *item,
              gpointer                user_data)
{
  FolderCheck *check = user_data;
  FolderEntry e = { 0 };

  e.display = g_strdup (item->display);
  if (item->kind == POSTINGS_WALK_POSTING)
    e.path = g_strdup (item->path);
  else
    e.reason = g_strdup (item->reason);
  g_array_append_val (check->entries, e);
  return TRUE;
}

/* The report shows whether a problem is fixed by --fix, which applies the
 * automatic fixes only: the fixes only offered in the window are not
 * worked out. */
static PostingsValidatorCache *
new_cache (void)
{
  PostingsValidatorCache *cache = postings_validator_cache_new ();

  postings_validator_cache_set_offered_fixes (cache, FALSE);
  return cache;
}

static gpointer
check_entries_thread (gpointer data)
{
  FolderCheck *check = data;
  PostingsValidatorCache *cache = new_cache ();
  guint i;

  while ((i = (guint) g_atomic_int_add (&check->next, 1)) < check->entries->len)
    {
      FolderEntry *e = &g_array_index (check->entries, FolderEntry, i);
      g_autoptr(GFile) file = NULL;
      g_autoptr(PostingsDocument) doc = NULL;
      g_autofree char *basename = NULL;

      if (e->path == NULL)
        continue;
      file = g_file_new_for_path (e->path);
      doc = read_document (check->run, file, &e->error);
      if (doc == NULL)
        continue;
      basename = g_file_get_basename (file);
      e->diagnostics = postings_validate_cached (doc, check->run->schema, check->run->root, basename, cache);
    }
  postings_validator_cache_free (cache);
  return NULL;
}

/* Threads for @n_entries files: one more than the processors, at most 8
 * (POSTINGS_CHECK_THREADS, when set, says how many: 1 for none). The one
 * more keeps the processors busy while a thread waits for the kernel
 * (a page fault, a file read): on 2 processors, the corpus's 543
 * postings are checked in 17 ms with 3 threads, 19.5 ms with 2. */
static guint
count_threads (guint n_entries)
{
  const char *env = g_getenv ("POSTINGS_CHECK_THREADS");
  guint n = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : MIN (g_get_num_processors () + 1, 8);

  /* a thread for fewer than 16 files costs more than it saves */
  return CLAMP (MIN (n, n_entries / 16), 1, 64);
}

static void
check_entries (CheckRun *run,
               GArray   *entries)
{
  FolderCheck check = { run, entries, 0 };
  guint n_threads = count_threads (entries->len);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  for (guint i = 1; i < n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("check", check_entries_thread, &check));
  check_entries_thread (&check);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  for (guint i = 0; i < entries->len; i++)
    {
      FolderEntry *e = &g_array_index (entries, FolderEntry, i);

      if (e->path == NULL)
        add_report (run, e->display, 1, 1, "warning", g_steal_pointer (&e->reason), "skipped-entry", FALSE);
      else if (e->diagnostics == NULL)
        file_error (run, e->error);
      else
        {
          run->n_files++;
          add_diagnostics (run, e->display, e->diagnostics);
        }
    }
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
 * nothing, a link back to a folder already read) is a warning. Without
 * --fix and --spelling (which change files, and use a dictionary that is
 * not thread-safe), the files are checked on several threads. */
static void
check_folder (CheckRun   *run,
              GFile      *folder,
              const char *display)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) entries = NULL;
  FolderCheck listing = { run, NULL, 0 };
  gboolean walked;

  if (run->fix || run->speller != NULL)
    {
      if (!postings_walk_folder (folder, display, NULL, check_walk_cb, run, &error))
        io_error (run, display, error);
      return;
    }

  entries = g_array_new (FALSE, TRUE, sizeof (FolderEntry));
  g_array_set_clear_func (entries, folder_entry_clear);
  listing.entries = entries;
  walked = postings_walk_folder (folder, display, NULL, list_walk_cb, &listing, &error);
  check_entries (run, entries);
  if (!walked)
    io_error (run, display, error);
}

static void
append_uint (GString *out,
             guint    n)
{
  char digits[16];
  gsize i = sizeof digits;

  do
    digits[--i] = (char) ('0' + n % 10);
  while ((n /= 10) > 0);
  g_string_append_len (out, digits + i, (gssize) (sizeof digits - i));
}

static void
print_reports (CheckRun *run)
{
  /* about the size of a report */
  g_autoptr(GString) out = g_string_sized_new (256 * (gsize) run->reports->len + 16);

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
      /* "%s:%u:%u: %s: %s [%s]\n", without printf (thousands of lines on
       * a large site) */
      for (guint i = 0; i < run->reports->len; i++)
        {
          Report *r = &g_array_index (run->reports, Report, i);

          g_string_append (out, r->path);
          g_string_append_c (out, ':');
          append_uint (out, r->line);
          g_string_append_c (out, ':');
          append_uint (out, r->column);
          g_string_append (out, ": ");
          g_string_append (out, r->severity);
          g_string_append (out, ": ");
          g_string_append (out, r->message);
          g_string_append (out, " [");
          g_string_append (out, r->rule);
          g_string_append (out, "]\n");
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
                  "  --suggestions=N  with --spelling: corrections for at most N distinct\n"
                  "           unknown words, the rarest first (default 50; 0: none;\n"
                  "           “all”: every word, slow on a whole site); implies --spelling\n"
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
  CheckRun run = { .max_suggestions = DEFAULT_MAX_SUGGESTIONS };
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
      else if (g_str_has_prefix (argv[i], "--suggestions="))
        {
          const char *value = argv[i] + strlen ("--suggestions=");
          guint64 n;

          if (g_str_equal (value, "all"))
            run.max_suggestions = G_MAXUINT;
          else if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT - 1, &n, NULL))
            run.max_suggestions = (guint) n;
          else
            {
              g_printerr (_("postings check: --suggestions takes a number or “all”, not “%s”\n"), value);
              return POSTINGS_EXIT_USAGE;
            }
          run.spelling = TRUE;
        }
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
      run.unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unknown_word_free);
    }

  run.cache = new_cache ();
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

  if (run.speller != NULL)
    resolve_spelling (&run);
  print_reports (&run);
  status = run.io_error ? POSTINGS_EXIT_USAGE : run.n_errors > 0 ? POSTINGS_EXIT_ERRORS : POSTINGS_EXIT_OK;
  g_array_unref (run.reports);
  g_clear_object (&run.schema);
  g_clear_object (&run.root);
  g_clear_object (&run.speller);
  g_clear_pointer (&run.unknown, g_hash_table_unref);
  postings_validator_cache_free (run.cache);
  return status;
}
