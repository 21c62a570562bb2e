/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One input through everything the command line and the window do with a
 * file: load, explain, validate, read every value, edit, serialise. Built as a
 * libFuzzer target with -Dfuzzing=true (clang), and replayed by the
 * `fuzz-replay` test over the corpus and mutations of it. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "postings-core.h"
#include "fuzz-document.h"

int
postings_fuzz_one (const uint8_t *data,
                   size_t         size)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data ((const char *) data, (gssize) size);
  g_autoptr(GBytes) bytes = postings_document_serialize (doc);
  const PostingsProblem *problem = postings_document_get_problem (doc);
  g_autofree char *body = postings_document_dup_body (doc);
  g_autofree char *fm = postings_document_dup_front_matter (doc);

  g_autoptr(GPtrArray) diagnostics = postings_validate (doc, NULL, NULL, "2024-01-01-fuzz.md");

  /* Nothing is lost: the bytes come back as they were. */
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, size);
  /* Every diagnostic is located and explained, on a line of the file. */
  for (guint i = 0; i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);

      g_assert_cmpuint (d->line, >=, 1);
      g_assert_cmpuint (d->column, >=, 1);
      g_assert_cmpuint (d->span.end, <=, size);
      g_assert_true (g_utf8_validate (d->message, -1, NULL));
    }
  if (postings_document_get_state (doc) != POSTINGS_DOCUMENT_OK)
    {
      g_assert_nonnull (problem);
      g_assert_cmpuint (problem->line, >=, 1);
      g_assert_nonnull (problem->message);
      return 0;
    }

  for (guint i = 0; i < postings_document_get_n_entries (doc) && i < 8; i++)
    {
      const PostingsEntry *e = postings_document_get_entry (doc, i);
      g_autofree char *key = g_strdup (e->key);
      g_auto(GStrv) list = postings_document_dup_list (doc, key);
      gboolean b;
      gsize text_len;

      postings_document_get_text (doc, &text_len);

      g_assert_cmpuint (e->entry_span.start, <=, e->entry_span.end);
      g_assert_cmpuint (e->value_span.end, <=, text_len);
      postings_document_get_boolean (doc, key, &b);
      /* Edits either apply or are refused; never crash. */
      postings_document_set_value (doc, key, "Valeur : l'été #1", POSTINGS_VALUE_TEXT, NULL);
      postings_document_list_append (doc, key, "- item", NULL);
      if (i == 0)
        postings_document_remove_key (doc, key, NULL);
    }
  postings_document_set_value (doc, "open", "true", POSTINGS_VALUE_BOOLEAN, NULL);
  postings_document_set_value (doc, "date", "2026-01-31", POSTINGS_VALUE_DATE, NULL);
  postings_document_set_body (doc, "Corps\n");
  return 0;
}

#ifdef POSTINGS_LIBFUZZER
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return postings_fuzz_one (data, size);
}
#endif
