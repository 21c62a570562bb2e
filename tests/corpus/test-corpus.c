/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real postings of ../shared/corpus: every promise checked on every file. */
#include "config.h"

#include <string.h>

#include "postings-core.h"
#include "corpus-util.h"

/* The files of corpus/@sub as full paths, in name order. */
static GPtrArray *
list_files (const char *sub)
{
  g_autoptr(GPtrArray) names = corpus_util_list_names (sub);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (files, g_build_filename (corpus_util_dir (), sub, names->pdata[i], NULL));
  return files;
}

/* Splits keeping line endings. */
static GPtrArray *
split_lines (const char *text, gsize len)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n')
      {
        g_ptr_array_add (lines, g_strndup (text + start, i + 1 - start));
        start = i + 1;
      }
  if (start < len)
    g_ptr_array_add (lines, g_strndup (text + start, len - start));
  return lines;
}

/* How many lines were removed and added between a and b (one hunk). */
static void
line_diff (const char *a, gsize a_len, const char *b, gsize b_len,
           guint *removed, guint *added, char **new_line)
{
  g_autoptr(GPtrArray) la = split_lines (a, a_len);
  g_autoptr(GPtrArray) lb = split_lines (b, b_len);
  guint prefix = 0, suffix = 0;

  while (prefix < la->len && prefix < lb->len &&
         g_str_equal (la->pdata[prefix], lb->pdata[prefix]))
    prefix++;
  while (suffix < la->len - prefix && suffix < lb->len - prefix &&
         g_str_equal (la->pdata[la->len - 1 - suffix], lb->pdata[lb->len - 1 - suffix]))
    suffix++;
  *removed = la->len - prefix - suffix;
  *added = lb->len - prefix - suffix;
  if (new_line)
    *new_line = *added > 0 ? g_strdup (lb->pdata[prefix]) : NULL;
}

typedef struct
{
  guint files;
  guint identical;
  guint edits;
  guint one_line;
} Tally;

/* Applies one edit to a fresh document and checks the diff and the value. */
static void
check_edit (Tally            *tally,
            const char       *path,
            const char       *data,
            gsize             len,
            const char       *what,
            gboolean        (*edit) (PostingsDocument *, gconstpointer, GError **),
            gconstpointer     edit_data,
            gboolean        (*verify) (PostingsDocument *, gconstpointer),
            guint             expect_removed,
            guint             expect_added)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (data, (gssize) len);
  g_autoptr(PostingsDocument) reread = NULL;
  g_autoptr(GError) error = NULL;
  const char *out;
  gsize out_len;
  guint removed, added;
  g_autofree char *new_line = NULL;

  if (!edit (doc, edit_data, &error))
    g_error ("%s: %s refused: %s", path, what, error->message);
  out = postings_document_get_text (doc, &out_len);
  line_diff (data, len, out, out_len, &removed, &added, &new_line);
  tally->edits++;
  if (removed != expect_removed || added != expect_added)
    g_error ("%s: %s changed -%u +%u lines, expected -%u +%u:\n%s", path, what,
             removed, added, expect_removed, expect_added, out);
  /* Read back from the bytes, as the site would. */
  reread = postings_document_new_from_data (out, (gssize) out_len);
  g_assert_cmpint (postings_document_get_state (reread), ==, POSTINGS_DOCUMENT_OK);
  if (!verify (reread, edit_data))
    g_error ("%s: %s does not read back as intended; new line: %s", path, what, new_line);
  tally->one_line++;
}

/* --- the edits --------------------------------------------------------- */

static gboolean
toggle_open (PostingsDocument *doc, gconstpointer data, GError **error)
{
  gboolean open = FALSE;
  postings_document_get_boolean (doc, "open", &open);
  *(gboolean *) data = !open;
  return postings_document_set_value (doc, "open", !open ? "true" : "false", POSTINGS_VALUE_BOOLEAN, error);
}

static gboolean
verify_open (PostingsDocument *doc, gconstpointer data)
{
  gboolean open;
  return postings_document_get_boolean (doc, "open", &open) && open == *(const gboolean *) data;
}

#define TRICKY_ROLES "Chargé·e de mission : l'accueil des usagers"

static gboolean
set_roles (PostingsDocument *doc, gconstpointer data, GError **error)
{
  return postings_document_set_value (doc, "roles", TRICKY_ROLES, POSTINGS_VALUE_TEXT, error);
}

static gboolean
verify_string (PostingsDocument *doc, gconstpointer data)
{
  const char * const *kv = data;
  const PostingsEntry *e = postings_document_lookup (doc, kv[0]);
  return e && e->kind == POSTINGS_NODE_SCALAR && g_strcmp0 (e->value, kv[1]) == 0 &&
         (e->style != POSTINGS_STYLE_PLAIN || postings_yaml_plain_is_text (e->value) || g_str_equal (kv[0], "date"));
}

static gboolean
set_string (PostingsDocument *doc, gconstpointer data, GError **error)
{
  const char * const *kv = data;
  return postings_document_set_value (doc, kv[0], kv[1],
                                      g_str_equal (kv[0], "date") ? POSTINGS_VALUE_DATE : POSTINGS_VALUE_TEXT,
                                      error);
}

static gboolean
append_item (PostingsDocument *doc, gconstpointer data, GError **error)
{
  const char * const *kv = data;
  return postings_document_list_append (doc, kv[0], kv[1], error);
}

static gboolean
verify_appended (PostingsDocument *doc, gconstpointer data)
{
  const char * const *kv = data;
  g_auto(GStrv) items = postings_document_dup_list (doc, kv[0]);
  guint n = items ? g_strv_length (items) : 0;
  return n > 0 && g_str_equal (items[n - 1], kv[1]) && (guint) atoi (kv[2]) + 1 == n;
}

static guint
entry_lines (const char *data, const PostingsEntry *e)
{
  guint n = 0;

  for (gsize i = e->entry_span.start; i < e->entry_span.end; i++)
    if (data[i] == '\n')
      n++;
  return n;
}

static void
test_jobs (void)
{
  g_autoptr(GPtrArray) files = NULL;
  Tally tally = { 0 };
  guint n_folded = 0;
  guint n_open = 0, n_date_set = 0, n_date_added = 0, n_added = 0, n_appended = 0;

  if (corpus_util_dir () == NULL)
    {
      g_test_skip ("corpus not found (../shared/corpus)");
      return;
    }
  files = list_files ("jobs");

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *data = NULL;
      gsize len;
      g_autoptr(PostingsDocument) doc = NULL;
      g_autoptr(GBytes) bytes = NULL;
      const PostingsEntry *e;
      gboolean open_value;
      static const char *missing_candidates[] = { "depublication_date", "status", "contrat", "equipe", "junior", NULL };

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      doc = postings_document_new_from_data (data, (gssize) len);
      tally.files++;

      /* 1. no-op round trip */
      bytes = postings_document_serialize (doc);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, len);
      tally.identical++;
      g_assert_cmpint (postings_document_get_state (doc), ==, POSTINGS_DOCUMENT_OK);

      /* 2. toggle open */
      if (postings_document_get_boolean (doc, "open", &open_value))
        {
          check_edit (&tally, path, data, len, "toggle open", toggle_open, &open_value, verify_open, 1, 1);
          n_open++;
        }

      /* 3. roles with ": " and an apostrophe */
      e = postings_document_lookup (doc, "roles");
      {
        const char *kv[] = { "roles", TRICKY_ROLES };
        guint old_lines = e ? entry_lines (data, e) : 0;

        /* A value the former CMS folded over several lines becomes one line. */
        if (old_lines > 1)
          n_folded++;
        check_edit (&tally, path, data, len, "set roles", set_roles, kv, verify_string, old_lines, 1);
      }

      /* 4. date */
      {
        const char *kv[] = { "date", "2026-01-31" };
        gboolean present = postings_document_lookup (doc, "date") != NULL;
        if (!present || g_strcmp0 (postings_document_get_string (doc, "date"), "2026-01-31") != 0)
          {
            check_edit (&tally, path, data, len, "set date", set_string, kv, verify_string, present ? 1 : 0, 1);
            if (present)
              n_date_set++;
            else
              n_date_added++;
          }
      }

      /* 5. a key that is missing */
      for (guint k = 0; missing_candidates[k]; k++)
        if (postings_document_lookup (doc, missing_candidates[k]) == NULL)
          {
            const char *kv[] = { missing_candidates[k], "Valeur : ajoutée l'été" };
            check_edit (&tally, path, data, len, "add key", set_string, kv, verify_string, 0, 1);
            n_added++;
            break;
          }

      /* 6. an item appended to techno or domaines where they are lists */
      for (guint k = 0; k < 2; k++)
        {
          const char *key = k == 0 ? "techno" : "domaines";
          const PostingsEntry *list = postings_document_lookup (doc, key);
          g_autofree char *count = NULL;

          if (list == NULL || list->kind != POSTINGS_NODE_SEQUENCE)
            continue;
          count = g_strdup_printf ("%u", list->items->len);
          {
            const char *kv[] = { key, k == 0 ? "C# : .NET" : "Data", count };
            gboolean block = list->style == POSTINGS_STYLE_BLOCK;
            check_edit (&tally, path, data, len, "append item", append_item, kv, verify_appended,
                        block ? 0 : 1, 1);
            n_appended++;
          }
        }
    }

  g_test_message ("jobs: %u/%u no-op identical; %u/%u edits changed exactly the expected lines "
                  "(open toggled %u, roles %u of which %u were folded over several lines, "
                  "date set %u / added %u, key added %u, list items appended %u)",
                  tally.identical, tally.files, tally.one_line, tally.edits,
                  n_open, tally.files, n_folded, n_date_set, n_date_added, n_added, n_appended);
  g_assert_cmpuint (tally.identical, ==, tally.files);
  g_assert_cmpuint (tally.one_line, ==, tally.edits);
}

static void
test_broken (void)
{
  g_autoptr(GPtrArray) files = NULL;
  guint located = 0;

  if (corpus_util_dir () == NULL)
    {
      g_test_skip ("corpus not found (../shared/corpus)");
      return;
    }
  files = list_files ("broken");

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *data = NULL;
      gsize len;
      g_autoptr(PostingsDocument) doc = NULL;
      g_autoptr(GBytes) bytes = NULL;
      const PostingsProblem *problem;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      doc = postings_document_new_from_data (data, (gssize) len);
      bytes = postings_document_serialize (doc);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, len);

      g_assert_cmpint (postings_document_get_state (doc), !=, POSTINGS_DOCUMENT_OK);
      problem = postings_document_get_problem (doc);
      g_assert_nonnull (problem);
      g_assert_cmpuint (problem->line, >=, 1);
      g_assert_cmpuint (problem->column, >=, 1);
      g_assert_nonnull (problem->message);
      g_test_message ("%s:%u:%u: %s", strrchr (path, '/') + 1, problem->line, problem->column, problem->message);
      located++;
    }
  g_test_message ("broken: %u/%u located and byte-identical", located, files->len);
  g_assert_cmpuint (located, ==, files->len);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/corpus/jobs/round-trip-and-edits", test_jobs);
  g_test_add_func ("/corpus/broken/located", test_broken);
  return g_test_run ();
}
