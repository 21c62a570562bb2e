/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "postings-cli-common.h"

typedef enum { OP_SET, OP_APPEND, OP_REMOVE, OP_UNSET } OpKind;

typedef struct
{
  OpKind kind;
  char *key;
  char *value;
} Op;

static void
op_clear (gpointer data)
{
  Op *op = data;
  g_free (op->key);
  g_free (op->value);
}

static gboolean
parse_op (const char *arg, Op *op)
{
  const char *eq = strchr (arg, '=');

  if (eq == NULL || eq == arg)
    return FALSE;
  op->value = g_strdup (eq + 1);
  if (eq[-1] == '+' && eq - 1 > arg)
    {
      op->kind = OP_APPEND;
      op->key = g_strndup (arg, eq - 1 - arg);
    }
  else if (eq[-1] == '-' && eq - 1 > arg)
    {
      op->kind = OP_REMOVE;
      op->key = g_strndup (arg, eq - 1 - arg);
    }
  else
    {
      op->kind = OP_SET;
      op->key = g_strndup (arg, eq - arg);
    }
  return TRUE;
}

static gboolean
is_edited (GArray *ops, const char *key, gboolean with_value)
{
  for (guint i = 0; key != NULL && i < ops->len; i++)
    {
      Op *op = &g_array_index (ops, Op, i);

      if (g_str_equal (op->key, key) && (!with_value || op->kind != OP_UNSET))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_error (GPtrArray *diagnostics, const PostingsDiagnostic *d)
{
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const PostingsDiagnostic *o = g_ptr_array_index (diagnostics, i);

      if (o->severity == POSTINGS_SEVERITY_ERROR && g_str_equal (o->rule, d->rule) &&
          g_strcmp0 (o->key, d->key) == 0 && g_strcmp0 (o->message, d->message) == 0)
        return TRUE;
    }
  return FALSE;
}

/* `set` agrees with `check`: the edited text is validated as `check` would
 * validate the file. An error on an edited field (or on a field compared
 * with it, such as dates in order) that the file did not have refuses the
 * edits: FALSE. A field the schema does not know gets `check`'s warning
 * and its suggestion, and is written all the same (unknown keys are
 * legitimate). Both are printed in `check`'s format on stderr. */
static gboolean
check_edits (const char       *path,
             GFile            *file,
             PostingsSchema   *schema,
             const char       *original,
             gsize             original_len,
             PostingsDocument *edited,
             GArray           *ops)
{
  g_autoptr(PostingsDocument) before = postings_document_new_from_data (original, (gssize) original_len);
  g_autoptr(GFile) root = postings_repository_find_root (file);
  g_autofree char *basename = g_file_get_basename (file);
  g_autoptr(GPtrArray) old_diagnostics = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  gboolean refused = FALSE;

  if (ops->len == 0)
    return TRUE;
  /* the root `check` uses: the repository, else the schema's folder */
  if (root == NULL && postings_schema_get_file (schema) != NULL)
    root = g_file_get_parent (postings_schema_get_file (schema));
  old_diagnostics = postings_validate (before, schema, root, basename);
  diagnostics = postings_validate (edited, schema, root, basename);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);
      const PostingsEntry *related = NULL;
      gboolean report;

      for (guint j = 0; d->related_line != 0 && j < postings_document_get_n_entries (edited); j++)
        if (postings_document_get_entry (edited, j)->line == d->related_line)
          related = postings_document_get_entry (edited, j);

      if (d->severity == POSTINGS_SEVERITY_ERROR)
        report = (is_edited (ops, d->key, FALSE) || (related != NULL && is_edited (ops, related->key, FALSE))) &&
                 !has_error (old_diagnostics, d);
      else
        report = g_str_equal (d->rule, "unknown-key") && is_edited (ops, d->key, TRUE);
      if (!report)
        continue;
      /* The severity word is part of the machine-readable format: never translated. */
      g_printerr ("%s:%u:%u: %s: %s [%s]\n", path, d->line, d->column,
                  postings_severity_to_string (d->severity), d->message, d->rule);
      refused |= d->severity == POSTINGS_SEVERITY_ERROR;
    }
  if (refused)
    g_printerr (_("postings set: %s was not changed.\n"), path);
  return !refused;
}

typedef struct
{
  const char *path;
  GFile *file;
  GArray *ops;             /* Op */
  PostingsSchema *schema;
  gboolean reported;       /* the refusal was printed (check's lines) */
} SetRun;

/* Applies the edits to @doc, which is the file as it is now (under the
 * save lock with --in-place): an edit that no longer applies fails, and
 * so does one that brings an error `check` would report. */
static gboolean
apply_ops (PostingsDocument  *doc,
           gpointer           user_data,
           GError           **error)
{
  SetRun *run = user_data;
  gsize len;
  const char *text = postings_document_get_text (doc, &len);
  g_autofree char *original = g_memdup2 (text, len + 1);

  postings_document_set_key_order (doc, postings_schema_get_key_order (run->schema));
  if (run->ops->len > 0 && postings_document_get_state (doc) != POSTINGS_DOCUMENT_OK)
    {
      g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE,
                           postings_document_get_problem (doc)->message);
      return FALSE;
    }

  for (guint i = 0; i < run->ops->len; i++)
    {
      Op *op = &g_array_index (run->ops, Op, i);
      const PostingsField *field = postings_schema_lookup (run->schema, op->key);
      PostingsValueKind kind = field ? postings_field_value_kind (field) : POSTINGS_VALUE_TEXT;
      gboolean ok = FALSE;

      switch (op->kind)
        {
        case OP_SET:
          ok = postings_document_set_value (doc, op->key, op->value, kind, error);
          break;
        case OP_APPEND:
          ok = postings_document_list_append (doc, op->key, op->value, error);
          break;
        case OP_REMOVE:
          ok = postings_document_list_remove (doc, op->key, op->value, error);
          break;
        case OP_UNSET:
          ok = postings_document_remove_key (doc, op->key, error);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }

  if (!check_edits (run->path, run->file, run->schema, original, len, doc, run->ops))
    {
      run->reported = TRUE;
      g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT, "refused");
      return FALSE;
    }
  return TRUE;
}

/* Status 1 for an edit refused (the file is left untouched), 2 for an
 * input/output error (whose message names the path). */
static int
report_error (SetRun           *run,
              PostingsDocument *doc,
              const GError     *error)
{
  if (run->reported)
    return POSTINGS_EXIT_ERRORS;
  if (g_error_matches (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE) && doc != NULL &&
      postings_document_get_problem (doc) != NULL)
    {
      const PostingsProblem *problem = postings_document_get_problem (doc);

      /* The severity word is part of the machine-readable format: never translated. */
      g_printerr ("%s:%u:%u: error: %s\n", run->path, problem->line, problem->column, problem->message);
      return POSTINGS_EXIT_ERRORS;
    }
  if (error->domain == POSTINGS_ERROR)
    {
      g_printerr ("%s: %s\n", run->path, error->message);
      return POSTINGS_EXIT_ERRORS;
    }
  g_printerr ("postings set: %s\n", error->message);
  return POSTINGS_EXIT_USAGE;
}

int
postings_cli_set (int    argc,
                  char **argv)
{
  gboolean in_place = FALSE;
  const char *path = NULL;
  g_autoptr(GArray) ops = g_array_new (FALSE, TRUE, sizeof (Op));
  g_autoptr(GFile) file = NULL;
  g_autoptr(PostingsDocument) doc = NULL;
  g_autoptr(PostingsSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  SetRun run = { 0 };

  g_array_set_clear_func (ops, op_clear);

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      Op op = { 0 };

      if (g_str_equal (arg, "--in-place") || g_str_equal (arg, "-i"))
        in_place = TRUE;
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          printf ("%s", _("Usage: postings set [--in-place] FILE [KEY=VALUE | KEY+=ITEM | KEY-=ITEM | --unset KEY]...\n"
                          "Changes only the named fields; every other byte of FILE is kept.\n"
                          "Without --in-place the result is printed on standard output.\n"));
          return POSTINGS_EXIT_OK;
        }
      else if (g_str_equal (arg, "--unset"))
        {
          if (i + 1 >= argc)
            {
              g_printerr (_("postings set: --unset needs a KEY\n"));
              return POSTINGS_EXIT_USAGE;
            }
          op.kind = OP_UNSET;
          op.key = g_strdup (argv[++i]);
          g_array_append_val (ops, op);
        }
      else if (g_str_has_prefix (arg, "--unset="))
        {
          op.kind = OP_UNSET;
          op.key = g_strdup (arg + strlen ("--unset="));
          g_array_append_val (ops, op);
        }
      else if (path == NULL && !g_str_has_prefix (arg, "-"))
        path = arg;
      else if (arg[0] != '-' && parse_op (arg, &op))
        g_array_append_val (ops, op);
      else
        {
          g_printerr (_("postings set: unexpected argument “%s”\n"), arg);
          return POSTINGS_EXIT_USAGE;
        }
    }

  if (path == NULL)
    {
      g_printerr (_("Usage: postings set [--in-place] FILE [KEY=VALUE | KEY+=ITEM | KEY-=ITEM | --unset KEY]...\n"));
      return POSTINGS_EXIT_USAGE;
    }

  file = g_file_new_for_commandline_arg (path);
  schema = postings_cli_load_schema (file);
  run.path = path;
  run.file = file;
  run.ops = ops;
  run.schema = schema;

  if (in_place)
    {
      /* Locked read-modify-write, saved atomically (postings-file.h). */
      if (!postings_file_edit (file, apply_ops, &run, &doc, NULL, &error))
        return report_error (&run, doc, error);
    }
  else
    {
      g_autoptr(GBytes) bytes = postings_file_read (file, NULL, &error);
      gsize out_len;
      const char *out;

      if (bytes == NULL)
        return report_error (&run, NULL, error);
      doc = postings_document_new_from_bytes (bytes);
      if (!apply_ops (doc, &run, &error))
        return report_error (&run, doc, error);
      out = postings_document_get_text (doc, &out_len);
      if (fwrite (out, 1, out_len, stdout) != out_len || fflush (stdout) != 0)
        return POSTINGS_EXIT_USAGE;
    }

  return POSTINGS_EXIT_OK;
}
