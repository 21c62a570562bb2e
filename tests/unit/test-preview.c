/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-cmark.h"
#include "postings-core.h"
#include "postings-utf8.h"

/* Helpers ---------------------------------------------------------------- */

static PostingsPreviewModel *
model_new (const char *markdown)
{
  return postings_preview_model_new_from_markdown (markdown, strlen (markdown), 1);
}

static const PostingsPreviewBlock *
block_at (PostingsPreviewModel *model,
          guint                 index)
{
  g_assert_cmpuint (index, <, postings_preview_model_get_n_blocks (model));
  return postings_preview_model_get_block (model, index);
}

static char *
block_text (PostingsPreviewModel *model,
            guint                 index)
{
  return postings_preview_block_dup_text (block_at (model, index));
}

static const PostingsPreviewRun *
run_at (PostingsPreviewModel *model,
        guint                 block,
        guint                 run)
{
  const PostingsPreviewBlock *b = block_at (model, block);

  g_assert_cmpuint (run, <, b->n_runs);
  return postings_preview_block_get_run (b, run);
}

static guint
count_kind (PostingsPreviewModel     *model,
            PostingsPreviewBlockKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < postings_preview_model_get_n_blocks (model); i++)
    if (block_at (model, i)->kind == kind)
      n++;

  return n;
}

static PostingsDocument *
document_new (const char *text)
{
  return postings_document_new_from_data (text, -1);
}

/* Blocks ----------------------------------------------------------------- */

static void
test_heading (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("# Le contexte\n\n### Le *produit*\n\nL'équipe\n--------\n\n####### pas un titre\n");
  g_autofree char *t0 = NULL;
  g_autofree char *t2 = NULL;

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 4);

  g_assert_cmpint (block_at (model, 0)->kind, ==, POSTINGS_PREVIEW_BLOCK_HEADING);
  g_assert_cmpuint (block_at (model, 0)->level, ==, 1);
  t0 = block_text (model, 0);
  g_assert_cmpstr (t0, ==, "Le contexte");
  g_assert_cmpuint (block_at (model, 0)->start_line, ==, 1);
  g_assert_cmpuint (block_at (model, 0)->end_line, ==, 1);

  g_assert_cmpint (block_at (model, 1)->kind, ==, POSTINGS_PREVIEW_BLOCK_HEADING);
  g_assert_cmpuint (block_at (model, 1)->level, ==, 3);
  g_assert_cmpuint (block_at (model, 1)->n_runs, ==, 2);
  g_assert_cmpstr (run_at (model, 1, 1)->text, ==, "produit");
  g_assert_true (run_at (model, 1, 1)->style & POSTINGS_PREVIEW_STYLE_EMPHASIS);

  /* Setext heading: two lines, not the blank one after (cmark counts it). */
  g_assert_cmpint (block_at (model, 2)->kind, ==, POSTINGS_PREVIEW_BLOCK_HEADING);
  g_assert_cmpuint (block_at (model, 2)->level, ==, 2);
  t2 = block_text (model, 2);
  g_assert_cmpstr (t2, ==, "L\u2019équipe");  /* smart apostrophe, as kramdown prints it */
  g_assert_cmpuint (block_at (model, 2)->start_line, ==, 5);
  g_assert_cmpuint (block_at (model, 2)->end_line, ==, 6);

  /* Seven hashes is a paragraph. */
  g_assert_cmpint (block_at (model, 3)->kind, ==, POSTINGS_PREVIEW_BLOCK_PARAGRAPH);
  g_assert_cmpuint (block_at (model, 3)->level, ==, 0);
}

static void
test_paragraph_breaks (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("une ligne\nla suivante\\\naprès un saut  \nfin\n\nautre paragraphe\n");
  g_autofree char *t0 = NULL;

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 2);
  g_assert_cmpint (block_at (model, 0)->kind, ==, POSTINGS_PREVIEW_BLOCK_PARAGRAPH);
  /* Soft break → space, hard breaks (backslash, two spaces) → newline;
   * all plain text is one run. */
  g_assert_cmpuint (block_at (model, 0)->n_runs, ==, 1);
  t0 = block_text (model, 0);
  g_assert_cmpstr (t0, ==, "une ligne la suivante\naprès un saut\nfin");
  g_assert_cmpuint (block_at (model, 0)->start_line, ==, 1);
  g_assert_cmpuint (block_at (model, 0)->end_line, ==, 4);
  g_assert_cmpuint (block_at (model, 1)->start_line, ==, 6);
}

static void
test_emphasis (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("a *em* __strong__ ***both*** _x **in** y_\n");
  const PostingsPreviewBlock *b;

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 1);
  b = block_at (model, 0);
  g_assert_cmpuint (b->n_runs, ==, 10);

  g_assert_cmpstr (b->runs[0].text, ==, "a ");
  g_assert_cmpint (b->runs[0].style, ==, POSTINGS_PREVIEW_STYLE_NONE);
  g_assert_cmpstr (b->runs[1].text, ==, "em");
  g_assert_cmpint (b->runs[1].style, ==, POSTINGS_PREVIEW_STYLE_EMPHASIS);
  g_assert_cmpstr (b->runs[3].text, ==, "strong");
  g_assert_cmpint (b->runs[3].style, ==, POSTINGS_PREVIEW_STYLE_STRONG);
  g_assert_cmpstr (b->runs[5].text, ==, "both");
  g_assert_cmpint (b->runs[5].style, ==, POSTINGS_PREVIEW_STYLE_EMPHASIS | POSTINGS_PREVIEW_STYLE_STRONG);
  g_assert_cmpstr (b->runs[7].text, ==, "x ");
  g_assert_cmpint (b->runs[7].style, ==, POSTINGS_PREVIEW_STYLE_EMPHASIS);
  g_assert_cmpstr (b->runs[8].text, ==, "in");
  g_assert_cmpint (b->runs[8].style, ==, POSTINGS_PREVIEW_STYLE_EMPHASIS | POSTINGS_PREVIEW_STYLE_STRONG);
  g_assert_cmpstr (b->runs[9].text, ==, " y");
  g_assert_cmpint (b->runs[9].style, ==, POSTINGS_PREVIEW_STYLE_EMPHASIS);
}

static void
test_code (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("Lancez `make  check` ici.\n\n```sh\nmeson setup _build\nninja -C _build\n```\n\n    indenté\n\n");
  const PostingsPreviewBlock *code;

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 3);
  g_assert_cmpstr (run_at (model, 0, 1)->text, ==, "make  check");
  g_assert_cmpint (run_at (model, 0, 1)->style, ==, POSTINGS_PREVIEW_STYLE_CODE);

  code = block_at (model, 1);
  g_assert_cmpint (code->kind, ==, POSTINGS_PREVIEW_BLOCK_CODE);
  g_assert_cmpstr (code->info, ==, "sh");
  g_assert_cmpuint (code->n_runs, ==, 1);
  g_assert_cmpstr (code->runs[0].text, ==, "meson setup _build\nninja -C _build");
  g_assert_cmpint (code->runs[0].style, ==, POSTINGS_PREVIEW_STYLE_CODE);
  g_assert_cmpuint (code->start_line, ==, 3);
  g_assert_cmpuint (code->end_line, ==, 6);

  code = block_at (model, 2);
  g_assert_cmpint (code->kind, ==, POSTINGS_PREVIEW_BLOCK_CODE);
  g_assert_null (code->info);
  g_assert_cmpstr (code->runs[0].text, ==, "indenté");
  g_assert_cmpuint (code->start_line, ==, 8);
  g_assert_cmpuint (code->end_line, ==, 8);
}

static void
test_link (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("Voir [la **page**](https://beta.gouv.fr/approche \"titre\") "
               "ou <mailto:contact@beta.gouv.fr> et [réf][1].\n\n"
               "[1]: http://example.org/r%C3%A9f\n");
  const PostingsPreviewBlock *b;

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 1);
  b = block_at (model, 0);
  g_assert_cmpuint (b->n_runs, ==, 8);

  g_assert_cmpstr (b->runs[0].text, ==, "Voir ");
  g_assert_null (b->runs[0].url);
  g_assert_cmpstr (b->runs[1].text, ==, "la ");
  g_assert_cmpint (b->runs[1].style, ==, POSTINGS_PREVIEW_STYLE_LINK);
  g_assert_cmpstr (b->runs[1].url, ==, "https://beta.gouv.fr/approche");
  g_assert_cmpstr (b->runs[2].text, ==, "page");
  g_assert_cmpint (b->runs[2].style, ==, POSTINGS_PREVIEW_STYLE_LINK | POSTINGS_PREVIEW_STYLE_STRONG);
  g_assert_cmpstr (b->runs[2].url, ==, "https://beta.gouv.fr/approche");
  g_assert_cmpstr (b->runs[4].text, ==, "mailto:contact@beta.gouv.fr");
  g_assert_cmpstr (b->runs[4].url, ==, "mailto:contact@beta.gouv.fr");
  g_assert_cmpstr (b->runs[6].text, ==, "réf");
  g_assert_cmpstr (b->runs[6].url, ==, "http://example.org/r%C3%A9f");
  g_assert_true (postings_preview_link_is_safe (b->runs[6].url));
  /* The trailing "." is plain text again. */
  g_assert_cmpstr (b->runs[7].text, ==, ".");
  g_assert_cmpint (b->runs[7].style, ==, POSTINGS_PREVIEW_STYLE_NONE);
  g_assert_null (b->runs[7].url);
}

static void
test_link_adjacent (void)
{
  /* Two links side by side stay two runs (different targets). */
  g_autoptr(PostingsPreviewModel) model = model_new ("[a](https://a.fr)[b](https://b.fr)\n");

  g_assert_cmpuint (block_at (model, 0)->n_runs, ==, 2);
  g_assert_cmpstr (run_at (model, 0, 0)->url, ==, "https://a.fr");
  g_assert_cmpstr (run_at (model, 0, 1)->url, ==, "https://b.fr");
}

static void
test_image_alt (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("Logo ![la *Marianne*](img/marianne.png) puis ![](vide.png)![b](b.png)\n\n"
               "[![badge](badge.svg)](https://ci.example.org)\n");
  const PostingsPreviewBlock *b;

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 2);
  b = block_at (model, 0);
  g_assert_cmpuint (b->n_runs, ==, 5);
  /* The alt text, flattened: no emphasis inside an image. */
  g_assert_cmpstr (b->runs[1].text, ==, "la Marianne");
  g_assert_cmpint (b->runs[1].style, ==, POSTINGS_PREVIEW_STYLE_IMAGE);
  g_assert_null (b->runs[1].url);
  g_assert_cmpstr (b->runs[2].text, ==, " puis ");
  /* Each image is its own run, even without alt text. */
  g_assert_cmpstr (b->runs[3].text, ==, "");
  g_assert_cmpint (b->runs[3].style, ==, POSTINGS_PREVIEW_STYLE_IMAGE);
  g_assert_cmpstr (b->runs[4].text, ==, "b");
  g_assert_cmpint (b->runs[4].style, ==, POSTINGS_PREVIEW_STYLE_IMAGE);

  /* An image inside a link: alt text, both flags, the link's target. */
  b = block_at (model, 1);
  g_assert_cmpuint (b->n_runs, ==, 1);
  g_assert_cmpstr (b->runs[0].text, ==, "badge");
  g_assert_cmpint (b->runs[0].style, ==, POSTINGS_PREVIEW_STYLE_IMAGE | POSTINGS_PREVIEW_STYLE_LINK);
  g_assert_cmpstr (b->runs[0].url, ==, "https://ci.example.org");
}

static void
test_html_as_text (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("Texte<br/>suite <span style=\"x\">ici</span>\n\n"
               "<div align=\"center\">\n<script>alert(1)</script>\n</div>\n\n"
               "<!--StartFragment-->\n");
  const PostingsPreviewBlock *b;

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 3);
  /* Inline, the site breaks the line at <br/> and only styles with <span>. */
  b = block_at (model, 0);
  g_assert_cmpint (b->kind, ==, POSTINGS_PREVIEW_BLOCK_PARAGRAPH);
  g_assert_cmpuint (b->n_runs, ==, 1);
  g_assert_cmpstr (b->runs[0].text, ==, "Texte\nsuite ici");
  g_assert_cmpint (b->runs[0].style, ==, POSTINGS_PREVIEW_STYLE_NONE);

  /* An HTML block is one run of its text, never interpreted. */
  b = block_at (model, 1);
  g_assert_cmpint (b->kind, ==, POSTINGS_PREVIEW_BLOCK_HTML);
  g_assert_cmpuint (b->n_runs, ==, 1);
  g_assert_cmpstr (b->runs[0].text, ==, "<div align=\"center\">\n<script>alert(1)</script>\n</div>");
  g_assert_cmpint (b->runs[0].style, ==, POSTINGS_PREVIEW_STYLE_HTML);
  g_assert_cmpuint (b->start_line, ==, 3);
  g_assert_cmpuint (b->end_line, ==, 5);

  b = block_at (model, 2);
  g_assert_cmpint (b->kind, ==, POSTINGS_PREVIEW_BLOCK_HTML);
  g_assert_cmpstr (b->runs[0].text, ==, "<!--StartFragment-->");
}

static void
test_thematic_break (void)
{
  g_autoptr(PostingsPreviewModel) model = model_new ("avant\n\n---\n\naprès\n\n* * *\n");

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 4);
  g_assert_cmpint (block_at (model, 1)->kind, ==, POSTINGS_PREVIEW_BLOCK_THEMATIC_BREAK);
  g_assert_cmpuint (block_at (model, 1)->n_runs, ==, 0);
  g_assert_cmpuint (block_at (model, 1)->start_line, ==, 3);
  g_assert_cmpuint (block_at (model, 1)->end_line, ==, 3);
  g_assert_cmpint (block_at (model, 3)->kind, ==, POSTINGS_PREVIEW_BLOCK_THEMATIC_BREAK);
}

static void
test_quote (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("> cité\n> encore\n>\n> > imbriqué\n\n> ## Titre cité\n> - point\n");
  g_autofree char *t0 = NULL;

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 4);

  g_assert_cmpint (block_at (model, 0)->kind, ==, POSTINGS_PREVIEW_BLOCK_QUOTE);
  g_assert_cmpuint (block_at (model, 0)->depth, ==, 1);
  g_assert_cmpuint (block_at (model, 0)->quote_depth, ==, 1);
  t0 = block_text (model, 0);
  g_assert_cmpstr (t0, ==, "cité encore");
  g_assert_cmpuint (block_at (model, 0)->start_line, ==, 1);
  g_assert_cmpuint (block_at (model, 0)->end_line, ==, 2);

  g_assert_cmpint (block_at (model, 1)->kind, ==, POSTINGS_PREVIEW_BLOCK_QUOTE);
  g_assert_cmpuint (block_at (model, 1)->depth, ==, 2);
  g_assert_cmpuint (block_at (model, 1)->quote_depth, ==, 2);

  /* A heading in a quote stays a heading, with the quote's depth. */
  g_assert_cmpint (block_at (model, 2)->kind, ==, POSTINGS_PREVIEW_BLOCK_HEADING);
  g_assert_cmpuint (block_at (model, 2)->quote_depth, ==, 1);

  g_assert_cmpint (block_at (model, 3)->kind, ==, POSTINGS_PREVIEW_BLOCK_BULLET_ITEM);
  g_assert_cmpuint (block_at (model, 3)->depth, ==, 2);
  g_assert_cmpuint (block_at (model, 3)->list_depth, ==, 1);
  g_assert_cmpuint (block_at (model, 3)->quote_depth, ==, 1);
}

static void
test_list_bullet (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("- un\n- deux\n  suite\n\n  second paragraphe\n- trois\n");
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 4);
  g_assert_cmpint (block_at (model, 0)->kind, ==, POSTINGS_PREVIEW_BLOCK_BULLET_ITEM);
  g_assert_cmpuint (block_at (model, 0)->depth, ==, 1);
  g_assert_cmpuint (block_at (model, 0)->number, ==, 0);

  g_assert_cmpint (block_at (model, 1)->kind, ==, POSTINGS_PREVIEW_BLOCK_BULLET_ITEM);
  t1 = block_text (model, 1);
  g_assert_cmpstr (t1, ==, "deux suite");
  g_assert_cmpuint (block_at (model, 1)->start_line, ==, 2);
  g_assert_cmpuint (block_at (model, 1)->end_line, ==, 3);

  /* The item's next paragraph: no bullet, same indentation. */
  g_assert_cmpint (block_at (model, 2)->kind, ==, POSTINGS_PREVIEW_BLOCK_PARAGRAPH);
  g_assert_cmpuint (block_at (model, 2)->depth, ==, 1);
  t2 = block_text (model, 2);
  g_assert_cmpstr (t2, ==, "second paragraphe");

  g_assert_cmpint (block_at (model, 3)->kind, ==, POSTINGS_PREVIEW_BLOCK_BULLET_ITEM);
}

static void
test_list_ordered (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("3. trois\n4. quatre\n9. neuf ?\n\ntexte\n\n1) un\n");

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 5);
  /* kramdown numbers every list from 1, whatever its first number. */
  g_assert_cmpint (block_at (model, 0)->kind, ==, POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM);
  g_assert_cmpuint (block_at (model, 0)->number, ==, 1);
  g_assert_cmpuint (block_at (model, 1)->number, ==, 2);
  g_assert_cmpuint (block_at (model, 2)->number, ==, 3);
  g_assert_cmpint (block_at (model, 3)->kind, ==, POSTINGS_PREVIEW_BLOCK_PARAGRAPH);
  /* `1)` is no list marker for kramdown: the text shows as written. */
  g_assert_cmpint (block_at (model, 4)->kind, ==, POSTINGS_PREVIEW_BLOCK_PARAGRAPH);
  g_assert_cmpstr (run_at (model, 4, 0)->text, ==, "1) un");
}

static void
test_list_nested (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("- haut\n  - milieu\n    1. bas\n    2. bas deux\n  - milieu deux\n- haut deux\n");
  static const struct { PostingsPreviewBlockKind kind; guint depth; guint number; const char *text; } expected[] = {
    { POSTINGS_PREVIEW_BLOCK_BULLET_ITEM, 1, 0, "haut" },
    { POSTINGS_PREVIEW_BLOCK_BULLET_ITEM, 2, 0, "milieu" },
    { POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM, 3, 1, "bas" },
    { POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM, 3, 2, "bas deux" },
    { POSTINGS_PREVIEW_BLOCK_BULLET_ITEM, 2, 0, "milieu deux" },
    { POSTINGS_PREVIEW_BLOCK_BULLET_ITEM, 1, 0, "haut deux" },
  };

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const PostingsPreviewBlock *b = block_at (model, i);
      g_autofree char *text = postings_preview_block_dup_text (b);

      g_assert_cmpint (b->kind, ==, expected[i].kind);
      g_assert_cmpuint (b->depth, ==, expected[i].depth);
      g_assert_cmpuint (b->list_depth, ==, expected[i].depth);
      g_assert_cmpuint (b->quote_depth, ==, 0);
      g_assert_cmpuint (b->number, ==, expected[i].number);
      g_assert_cmpstr (text, ==, expected[i].text);
      g_assert_cmpuint (b->start_line, ==, i + 1);
    }
}

static void
test_list_empty_item (void)
{
  /* An empty item, and an item whose first content is a list, still show
   * their bullet. */
  g_autoptr(PostingsPreviewModel) model = model_new ("- \n- - dedans\n- ```\n  code\n  ```\n");

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 5);
  g_assert_cmpint (block_at (model, 0)->kind, ==, POSTINGS_PREVIEW_BLOCK_BULLET_ITEM);
  g_assert_cmpuint (block_at (model, 0)->n_runs, ==, 0);
  g_assert_cmpint (block_at (model, 1)->kind, ==, POSTINGS_PREVIEW_BLOCK_BULLET_ITEM);
  g_assert_cmpuint (block_at (model, 1)->n_runs, ==, 0);
  g_assert_cmpuint (block_at (model, 1)->depth, ==, 1);
  g_assert_cmpint (block_at (model, 2)->kind, ==, POSTINGS_PREVIEW_BLOCK_BULLET_ITEM);
  g_assert_cmpuint (block_at (model, 2)->depth, ==, 2);
  g_assert_cmpint (block_at (model, 3)->kind, ==, POSTINGS_PREVIEW_BLOCK_BULLET_ITEM);
  g_assert_cmpint (block_at (model, 4)->kind, ==, POSTINGS_PREVIEW_BLOCK_CODE);
  g_assert_cmpuint (block_at (model, 4)->depth, ==, 1);
}

/* The excerpt mark -------------------------------------------------------- */

static void
test_more_marker (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("Accroche de l'offre.\n<!--more-->\n\n## Le contexte\n");
  const PostingsPreviewBlock *mark;

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 3);
  g_assert_cmpint (block_at (model, 0)->kind, ==, POSTINGS_PREVIEW_BLOCK_PARAGRAPH);
  g_assert_cmpuint (block_at (model, 0)->end_line, ==, 1);
  mark = block_at (model, 1);
  g_assert_cmpint (mark->kind, ==, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK);
  g_assert_cmpuint (mark->n_runs, ==, 0);
  g_assert_cmpuint (mark->start_line, ==, 2);
  g_assert_cmpuint (mark->end_line, ==, 2);
  g_assert_cmpint (block_at (model, 2)->kind, ==, POSTINGS_PREVIEW_BLOCK_HEADING);
}

static void
test_more_marker_whitespace (void)
{
  /* Blanks around the comment are tolerated; a different comment is not
   * the separator (Jekyll looks for the exact text). */
  g_autoptr(PostingsPreviewModel) model =
    model_new ("intro\n\n   <!--more-->   \n\nsuite\n\n<!-- more -->\n");

  g_assert_cmpuint (count_kind (model, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK), ==, 1);
  g_assert_cmpint (block_at (model, 1)->kind, ==, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK);
  g_assert_cmpuint (block_at (model, 1)->start_line, ==, 3);
  g_assert_cmpint (block_at (model, 3)->kind, ==, POSTINGS_PREVIEW_BLOCK_HTML);
  g_assert_cmpuint (count_kind (model, POSTINGS_PREVIEW_BLOCK_HTML), ==, 1);
}

static void
test_more_marker_inline (void)
{
  /* Inline, the separator splits the paragraph around the mark. */
  g_autoptr(PostingsPreviewModel) model =
    model_new ("Début de **l'offre** <!--more--> et la suite.\n\n- item <!--more-->\n");
  g_autofree char *t0 = NULL;
  g_autofree char *t2 = NULL;

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 5);
  g_assert_cmpint (block_at (model, 0)->kind, ==, POSTINGS_PREVIEW_BLOCK_PARAGRAPH);
  t0 = block_text (model, 0);
  g_assert_cmpstr (t0, ==, "Début de l\u2019offre");
  g_assert_cmpint (block_at (model, 1)->kind, ==, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK);
  g_assert_cmpint (block_at (model, 2)->kind, ==, POSTINGS_PREVIEW_BLOCK_PARAGRAPH);
  t2 = block_text (model, 2);
  g_assert_cmpstr (t2, ==, "et la suite.");
  /* The item keeps its bullet and text, the empty rest is dropped. */
  g_assert_cmpint (block_at (model, 3)->kind, ==, POSTINGS_PREVIEW_BLOCK_BULLET_ITEM);
  g_assert_cmpint (block_at (model, 4)->kind, ==, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK);
  g_assert_cmpuint (block_at (model, 4)->depth, ==, 1);
}

static void
test_more_marker_in_html (void)
{
  /* Inside a larger HTML block the block is cut around the mark. */
  g_autoptr(PostingsPreviewModel) model = model_new ("<div>\navant\n<!--more-->\naprès\n</div>\n");

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 3);
  g_assert_cmpint (block_at (model, 0)->kind, ==, POSTINGS_PREVIEW_BLOCK_HTML);
  g_assert_cmpstr (run_at (model, 0, 0)->text, ==, "<div>\navant");
  g_assert_cmpuint (block_at (model, 0)->start_line, ==, 1);
  g_assert_cmpuint (block_at (model, 0)->end_line, ==, 2);
  g_assert_cmpint (block_at (model, 1)->kind, ==, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK);
  g_assert_cmpuint (block_at (model, 1)->start_line, ==, 3);
  g_assert_cmpstr (run_at (model, 2, 0)->text, ==, "après\n</div>");
  g_assert_cmpuint (block_at (model, 2)->start_line, ==, 4);
  g_assert_cmpuint (block_at (model, 2)->end_line, ==, 5);
}

static void
test_more_marker_in_code (void)
{
  /* In code it is code, shown as written. */
  g_autoptr(PostingsPreviewModel) model = model_new ("`<!--more-->`\n\n```\n<!--more-->\n```\n");

  g_assert_cmpuint (count_kind (model, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK), ==, 0);
  g_assert_cmpstr (run_at (model, 0, 0)->text, ==, "<!--more-->");
  g_assert_cmpstr (run_at (model, 1, 0)->text, ==, "<!--more-->");
}

/* Lines, whole-model behaviour ------------------------------------------ */

static void
test_lines_offset (void)
{
  const char *body = "# Titre\n\ntexte\nsuite\n\n- a\n";
  g_autoptr(PostingsPreviewModel) model =
    postings_preview_model_new_from_markdown (body, strlen (body), 6);

  g_assert_cmpuint (postings_preview_model_get_first_line (model), ==, 6);
  g_assert_cmpuint (block_at (model, 0)->start_line, ==, 6);
  g_assert_cmpuint (block_at (model, 1)->start_line, ==, 8);
  g_assert_cmpuint (block_at (model, 1)->end_line, ==, 9);
  g_assert_cmpuint (block_at (model, 2)->start_line, ==, 11);

  g_assert_cmpint (postings_preview_model_find_block_at_line (model, 1), ==, 0);
  g_assert_cmpint (postings_preview_model_find_block_at_line (model, 6), ==, 0);
  g_assert_cmpint (postings_preview_model_find_block_at_line (model, 7), ==, 0);  /* blank line */
  g_assert_cmpint (postings_preview_model_find_block_at_line (model, 8), ==, 1);
  g_assert_cmpint (postings_preview_model_find_block_at_line (model, 9), ==, 1);
  g_assert_cmpint (postings_preview_model_find_block_at_line (model, 11), ==, 2);
  g_assert_cmpint (postings_preview_model_find_block_at_line (model, 500), ==, 2);
}

static void
test_lines_crlf (void)
{
  const char *body = "a\r\nb\r\n\r\n***\r\n\r\n<!--more-->\r\n\r\nc\r\n";
  g_autoptr(PostingsPreviewModel) model = model_new (body);
  g_autofree char *t0 = block_text (model, 0);

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 4);
  g_assert_cmpstr (t0, ==, "a b");
  g_assert_cmpuint (block_at (model, 1)->start_line, ==, 4);
  g_assert_cmpuint (block_at (model, 1)->end_line, ==, 4);
  g_assert_cmpint (block_at (model, 2)->kind, ==, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK);
  g_assert_cmpuint (block_at (model, 2)->start_line, ==, 6);
  g_assert_cmpuint (block_at (model, 3)->start_line, ==, 8);
}

static void
test_empty (void)
{
  g_autoptr(PostingsPreviewModel) model = postings_preview_model_new_from_markdown (NULL, 0, 0);
  g_autoptr(PostingsPreviewModel) blank = model_new ("\n\n   \n");

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 0);
  g_assert_cmpuint (postings_preview_model_get_first_line (model), ==, 1);
  g_assert_cmpint (postings_preview_model_find_block_at_line (model, 1), ==, -1);
  g_assert_cmpuint (postings_preview_model_get_n_blocks (blank), ==, 0);
}

static void
test_invalid_utf8 (void)
{
  /* Latin-1 bytes: replaced, so the UI only ever gets valid UTF-8. */
  const char body[] = "caf\xe9 *cr\xe8me*\n\n<p>\xff</p>\n";
  g_autoptr(PostingsPreviewModel) model =
    postings_preview_model_new_from_markdown (body, sizeof body - 1, 1);

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 2);
  for (guint i = 0; i < postings_preview_model_get_n_blocks (model); i++)
    for (guint j = 0; j < block_at (model, i)->n_runs; j++)
      g_assert_true (g_utf8_validate (run_at (model, i, j)->text, -1, NULL));
  g_assert_cmpstr (run_at (model, 0, 0)->text, ==, "caf\xef\xbf\xbd ");
}

static void
test_diff (void)
{
  g_autoptr(PostingsPreviewModel) a = model_new ("# T\n\nun\n\ndeux\n\ntrois\n");
  g_autoptr(PostingsPreviewModel) same = model_new ("# T\n\nun\n\ndeux\n\ntrois\n");
  g_autoptr(PostingsPreviewModel) edited = model_new ("# T\n\nun\n\ndeux *!*\n\ntrois\n");
  g_autoptr(PostingsPreviewModel) inserted = model_new ("# T\n\nun\n\nnouveau\n\ndeux\n\ntrois\n");
  g_autoptr(PostingsPreviewModel) shifted = model_new ("\n\n# T\n\nun\n\ndeux\n\ntrois\n");
  g_autoptr(PostingsPreviewModel) removed = model_new ("# T\n\nun\n\ntrois\n");
  g_autoptr(PostingsPreviewModel) empty = model_new ("");
  PostingsPreviewChange change;

  g_assert_false (postings_preview_model_diff (a, same, &change));
  g_assert_cmpuint (change.first, ==, 0);
  g_assert_cmpuint (change.old_end, ==, 0);
  g_assert_cmpuint (change.new_end, ==, 0);

  g_assert_true (postings_preview_model_diff (a, edited, &change));
  g_assert_cmpuint (change.first, ==, 2);
  g_assert_cmpuint (change.old_end, ==, 3);
  g_assert_cmpuint (change.new_end, ==, 3);

  g_assert_true (postings_preview_model_diff (a, inserted, &change));
  g_assert_cmpuint (change.first, ==, 2);
  g_assert_cmpuint (change.old_end, ==, 2);
  g_assert_cmpuint (change.new_end, ==, 3);

  g_assert_true (postings_preview_model_diff (a, removed, &change));
  g_assert_cmpuint (change.first, ==, 2);
  g_assert_cmpuint (change.old_end, ==, 3);
  g_assert_cmpuint (change.new_end, ==, 2);

  /* Only lines moved: nothing to redraw. */
  g_assert_false (postings_preview_model_diff (a, shifted, &change));

  g_assert_true (postings_preview_model_diff (NULL, a, &change));
  g_assert_cmpuint (change.first, ==, 0);
  g_assert_cmpuint (change.old_end, ==, 0);
  g_assert_cmpuint (change.new_end, ==, 4);

  g_assert_true (postings_preview_model_diff (a, empty, &change));
  g_assert_cmpuint (change.first, ==, 0);
  g_assert_cmpuint (change.old_end, ==, 4);
  g_assert_cmpuint (change.new_end, ==, 0);
  g_assert_false (postings_preview_model_diff (NULL, empty, &change));
}

static void
test_diff_style_and_url (void)
{
  g_autoptr(PostingsPreviewModel) a = model_new ("[lien](https://a.fr)\n");
  g_autoptr(PostingsPreviewModel) b = model_new ("[lien](https://b.fr)\n");
  g_autoptr(PostingsPreviewModel) c = model_new ("*lien*\n");
  g_autoptr(PostingsPreviewModel) d = model_new ("1. x\n2. x\n");

  g_assert_false (postings_preview_block_equal (block_at (a, 0), block_at (b, 0)));
  g_assert_false (postings_preview_block_equal (block_at (a, 0), block_at (c, 0)));
  /* Same text, not the same number. */
  g_assert_false (postings_preview_block_equal (block_at (d, 0), block_at (d, 1)));
  g_assert_true (postings_preview_block_equal (block_at (a, 0), block_at (a, 0)));
}

static void
test_golden (void)
{
  const char *md_path = g_test_get_filename (G_TEST_DIST, "data", "preview", "constructs.md", NULL);
  const char *expected_path = g_test_get_filename (G_TEST_DIST, "data", "preview", "constructs.expected", NULL);
  g_autofree char *markdown = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *dump = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autoptr(PostingsPreviewModel) model = NULL;

  g_file_get_contents (md_path, &markdown, &len, &error);
  g_assert_no_error (error);
  g_file_get_contents (expected_path, &expected, NULL, &error);
  g_assert_no_error (error);

  model = postings_preview_model_new_from_markdown (markdown, len, 1);
  dump = postings_preview_model_to_string (model);
  g_assert_cmpstr (dump, ==, expected);
}

static void
test_document (void)
{
  g_autoptr(PostingsDocument) doc =
    document_new ("---\nroles: dev\nopen: true\n---\nIntro\n\n<!--more-->\n\n## La mission\n");
  g_autoptr(PostingsPreviewModel) model = postings_preview_model_new_from_document (doc);

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 3);
  /* Lines are the file's: the body starts on line 5. */
  g_assert_cmpuint (block_at (model, 0)->start_line, ==, 5);
  g_assert_cmpint (block_at (model, 1)->kind, ==, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK);
  g_assert_cmpuint (block_at (model, 1)->start_line, ==, 7);
  g_assert_cmpuint (block_at (model, 2)->start_line, ==, 9);
  g_assert_cmpint (postings_preview_model_find_block_at_line (model, 9), ==, 2);
}

/* Page header ------------------------------------------------------------ */

static void
test_header_open (void)
{
  g_autoptr(PostingsDocument) doc =
    document_new ("---\nroles: un·e développeur·se\nopen: true\ndate: 2021-06-09\n---\nx\n");
  g_autoptr(PostingsPreviewHeader) header = postings_preview_header_new (doc, NULL);
  g_autoptr(PostingsDocument) nodate = document_new ("---\nroles: dev\nopen: true\n---\n");
  g_autoptr(PostingsPreviewHeader) header2 = postings_preview_header_new (nodate, NULL);

  g_assert_cmpstr (header->title, ==, "un·e développeur·se");
  g_assert_true (header->open);
  g_assert_cmpstr (header->date, ==, "09/06/2021");
  g_assert_cmpstr (header->status_text, ==, "Poste ouvert le 09/06/2021");
  g_assert_false (header->is_friend);
  g_assert_null (header->friend_text);
  g_assert_false (header->junior);
  g_assert_null (header->junior_text);
  g_assert_cmpuint (g_strv_length (header->techno), ==, 0);
  g_assert_null (header->techno_label);

  g_assert_null (header2->date);
  g_assert_cmpstr (header2->status_text, ==, "Poste ouvert");
}

static void
test_header_filled (void)
{
  g_autoptr(PostingsDocument) doc =
    document_new ("---\nroles: dev\nopen: false # à basculer\ndate: 2021-11-24T11:04:26.278Z\n---\n");
  g_autoptr(PostingsPreviewHeader) header = postings_preview_header_new (doc, NULL);
  g_autoptr(PostingsDocument) nodate = document_new ("---\nroles: dev\nopen: false\n---\n");
  g_autoptr(PostingsPreviewHeader) header2 = postings_preview_header_new (nodate, NULL);
  g_autoptr(PostingsDocument) noopen = document_new ("---\nroles: dev\n---\n");
  g_autoptr(PostingsPreviewHeader) header3 = postings_preview_header_new (noopen, NULL);

  g_assert_false (header->open);
  g_assert_cmpstr (header->date, ==, "24/11/2021");
  /* The site's own sentence for a filled position, with the date. */
  g_assert_cmpstr (header->status_text, ==, "Ce poste a été pourvu depuis son ouverture le 24/11/2021");
  g_assert_cmpstr (header2->status_text, ==, "Ce poste a été pourvu");
  /* No `open`: Liquid's `if` is false. */
  g_assert_false (header3->open);
  g_assert_cmpstr (header3->status_text, ==, "Ce poste a été pourvu");
}

static void
test_header_open_truthiness (void)
{
  /* The site tests `open` with Liquid: a quoted "false" is a non-empty
   * string, hence true; null is false. */
  g_autoptr(PostingsDocument) quoted = document_new ("---\nopen: 'false'\n---\n");
  g_autoptr(PostingsPreviewHeader) h1 = postings_preview_header_new (quoted, NULL);
  g_autoptr(PostingsDocument) null = document_new ("---\nopen:\n---\n");
  g_autoptr(PostingsPreviewHeader) h2 = postings_preview_header_new (null, NULL);
  g_autoptr(PostingsDocument) tilde = document_new ("---\nopen: ~\n---\n");
  g_autoptr(PostingsPreviewHeader) h3 = postings_preview_header_new (tilde, NULL);

  g_assert_true (h1->open);
  g_assert_false (h2->open);
  g_assert_false (h3->open);
  g_assert_null (h1->title);
}

static void
test_header_dates (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "2021-06-09", "09/06/2021" },
    { "2021-11-24T11:04:26.278Z", "24/11/2021" },
    { "2022-03-01T9:05:00.000Z", "01/03/2022" },
    { "2022-03-01T10:05:00", "01/03/2022" },
    { "2022-03-01 23:30:00 -02:00", "02/03/2022" },  /* shown in UTC, as the site is built */
    { "2022-03-01T00:30:00+02:00", "28/02/2022" },
    { "  2020-01-31  ", "31/01/2020" },
    { "2021-02-30", NULL },
    { "juin 2021", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = postings_preview_format_date (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
  g_assert_null (postings_preview_format_date (NULL));
}

static void
test_header_file_name_date (void)
{
  g_autoptr(PostingsDocument) doc = document_new ("---\nroles: dev\nopen: true\n---\n");
  g_autoptr(PostingsPreviewHeader) header =
    postings_preview_header_new (doc, "/repo/content/_jobs/2019-01-29-developpeu-r-se-mrs.md");
  g_autoptr(PostingsPreviewHeader) undated = postings_preview_header_new (doc, "brouillon.md");
  g_autoptr(PostingsDocument) dated = document_new ("---\nopen: true\ndate: 2020-05-04\n---\n");
  g_autoptr(PostingsPreviewHeader) front = postings_preview_header_new (dated, "2019-01-29-x.md");

  /* Jekyll takes the date from the file name when the front matter has none. */
  g_assert_cmpstr (header->status_text, ==, "Poste ouvert le 29/01/2019");
  g_assert_cmpstr (undated->status_text, ==, "Poste ouvert");
  /* … but `date` wins. */
  g_assert_cmpstr (front->status_text, ==, "Poste ouvert le 04/05/2020");
}

static void
test_header_friend (void)
{
  g_autoptr(PostingsDocument) doc =
    document_new ("---\nroles: un CTO\nopen: false\ntype: 'friend'\nfriend: 'FUN Mooc'\n"
                  "externalURL: 'https://www.fun-mooc.fr/news/fun-recrute-son-cto/'\n---\n");
  g_autoptr(PostingsPreviewHeader) header = postings_preview_header_new (doc, NULL);
  g_autoptr(PostingsDocument) typo =
    document_new ("---\ntype: friend\nfriend: OpenFisca\nexternalUrl: https://openfisca.org\n---\n");
  g_autoptr(PostingsPreviewHeader) header2 = postings_preview_header_new (typo, NULL);
  g_autoptr(PostingsDocument) other = document_new ("---\ntype: startup\nfriend: X\n---\n");
  g_autoptr(PostingsPreviewHeader) header3 = postings_preview_header_new (other, NULL);

  g_assert_true (header->is_friend);
  g_assert_cmpstr (header->friend_name, ==, "FUN Mooc");
  g_assert_cmpstr (header->friend_url, ==, "https://www.fun-mooc.fr/news/fun-recrute-son-cto/");
  g_assert_cmpstr (header->friend_text, ==, "Une offre à pourvoir chez nos camarades");
  g_assert_cmpstr (header->friend_link_text, ==, "Voir l'offre sur le site de FUN Mooc");
  g_assert_true (postings_preview_link_is_safe (header->friend_url));

  /* The site reads `externalURL` only: with the typo the link has no target. */
  g_assert_true (header2->is_friend);
  g_assert_cmpstr (header2->friend_name, ==, "OpenFisca");
  g_assert_null (header2->friend_url);

  g_assert_false (header3->is_friend);
  g_assert_null (header3->friend_text);
}

static void
test_header_junior (void)
{
  g_autoptr(PostingsDocument) doc = document_new ("---\nopen: true\njunior: true # S'il est possible\n---\n");
  g_autoptr(PostingsPreviewHeader) header = postings_preview_header_new (doc, NULL);
  g_autoptr(PostingsDocument) no = document_new ("---\nopen: true\njunior: false\n---\n");
  g_autoptr(PostingsPreviewHeader) header2 = postings_preview_header_new (no, NULL);

  g_assert_true (header->junior);
  g_assert_cmpstr (header->junior_text, ==,
                   "Bienvenue aux juniors sur ce poste ! L'équipe assurera votre formation.");
  g_assert_false (header2->junior);
  g_assert_null (header2->junior_text);
}

static void
test_header_techno (void)
{
  g_autoptr(PostingsDocument) list =
    document_new ("---\ntechno:\n  - Python\n  - Django\n  - ' PostgreSQL '\n---\n");
  g_autoptr(PostingsPreviewHeader) h1 = postings_preview_header_new (list, NULL);
  g_autoptr(PostingsDocument) string = document_new ("---\ntechno: Python, JavaScript et PostGIS,\n---\n");
  g_autoptr(PostingsPreviewHeader) h2 = postings_preview_header_new (string, NULL);
  g_autoptr(PostingsDocument) flow = document_new ("---\ntechno: [Ruby, Rails]\n---\n");
  g_autoptr(PostingsPreviewHeader) h3 = postings_preview_header_new (flow, NULL);
  g_autoptr(PostingsDocument) empty = document_new ("---\ntechno:  \nopen: false\n---\n");
  g_autoptr(PostingsPreviewHeader) h4 = postings_preview_header_new (empty, NULL);
  const char * const expected1[] = { "Python", "Django", "PostgreSQL", NULL };
  const char * const expected2[] = { "Python", "JavaScript et PostGIS", NULL };
  const char * const expected3[] = { "Ruby", "Rails", NULL };

  g_assert_cmpstrv (h1->techno, expected1);
  g_assert_cmpstr (h1->techno_label, ==, "Choix technologiques :");
  g_assert_cmpstrv (h2->techno, expected2);
  g_assert_cmpstrv (h3->techno, expected3);
  g_assert_cmpuint (g_strv_length (h4->techno), ==, 0);
  g_assert_null (h4->techno_label);
}

static void
test_header_equal (void)
{
  g_autoptr(PostingsDocument) doc = document_new ("---\nroles: a\nopen: true\ntechno: [x]\n---\n");
  g_autoptr(PostingsPreviewHeader) h1 = postings_preview_header_new (doc, NULL);
  g_autoptr(PostingsPreviewHeader) h2 = postings_preview_header_new (doc, NULL);
  g_autoptr(PostingsPreviewHeader) h3 = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (postings_preview_header_equal (h1, h2));
  postings_document_set_value (doc, "open", "false", POSTINGS_VALUE_BOOLEAN, &error);
  g_assert_no_error (error);
  h3 = postings_preview_header_new (doc, NULL);
  g_assert_false (postings_preview_header_equal (h1, h3));
  g_assert_cmpstr (h3->status_text, ==, "Ce poste a été pourvu");
}

/* Links ------------------------------------------------------------------ */

static void
test_link_safe (void)
{
  static const struct { const char *uri; gboolean safe; } cases[] = {
    { "https://beta.gouv.fr/recrutement", TRUE },
    { "http://example.org", TRUE },
    { "HTTPS://EXAMPLE.ORG/x", TRUE },
    { "  https://example.org  ", TRUE },
    { "\thttp://example.org\n", TRUE },
    { "mailto:contact@beta.gouv.fr", TRUE },
    { "MailTo:someone@example.org?subject=Candidature", TRUE },
    { "javascript:alert(1)", FALSE },
    { " JavaScript:alert(1)", FALSE },
    { "file:///etc/passwd", FALSE },
    { "data:text/html,<script>", FALSE },
    { "ftp://example.org", FALSE },
    { "smb://server/share", FALSE },
    { "httpx://example.org", FALSE },
    { "https:", FALSE },
    { "https:///path", FALSE },
    { "mailto:", FALSE },
    { "/relative/path", FALSE },
    { "#anchor", FALSE },
    { "example.org", FALSE },
    { "https://exa mple.org", FALSE },
    { "https://example.org/\x01", FALSE },
    { "", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (postings_preview_link_is_safe (cases[i].uri) != cases[i].safe)
        g_error ("postings_preview_link_is_safe (\"%s\") should be %s",
                 cases[i].uri, cases[i].safe ? "TRUE" : "FALSE");
    }
}

/* Corpus ----------------------------------------------------------------- */

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

/* A header that does not read claims no status: never "Ce poste a été
 * pourvu" for a file that says `open: true`; once it reads, it shows. */
static void
test_header_broken (void)
{
  const char *broken = "---\nroles: Dev : senior\nopen: true\n---\nTexte.\n";
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (broken, -1);
  g_autoptr(PostingsPreviewHeader) header = postings_preview_header_new (doc, "2024-03-15-dev.md");
  g_autoptr(PostingsPreviewHeader) fixed = NULL;

  g_assert_cmpint (postings_document_get_state (doc), !=, POSTINGS_DOCUMENT_OK);
  g_assert_null (header->status_text);
  g_assert_false (header->open);

  postings_document_set_text (doc, "---\nroles: 'Dev : senior'\nopen: true\n---\nTexte.\n", -1);
  fixed = postings_preview_header_new (doc, "2024-03-15-dev.md");
  g_assert_cmpstr (fixed->status_text, ==, "Poste ouvert le 15/03/2024");
}

/* The same on the real broken files of the corpus. */
static void
test_header_broken_corpus (void)
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0, n_open = 0;

  if (corpus == NULL || !g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or absent");
      return;
    }
  folder = g_build_filename (corpus, "broken", NULL);
  dir = g_dir_open (folder, 0, NULL);
  if (dir == NULL)
    {
      g_test_skip ("no broken folder in the corpus");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(PostingsDocument) doc = NULL;
      g_autoptr(PostingsPreviewHeader) header = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &text, &len, NULL));
      doc = postings_document_new_from_data (text, (gssize) len);
      if (postings_document_get_state (doc) == POSTINGS_DOCUMENT_OK)
        continue;
      header = postings_preview_header_new (doc, name);
      if (header->status_text != NULL)
        g_error ("%s: the header does not read, but the preview says “%s”", name, header->status_text);
      n_files++;
      if (strstr (text, "\nopen: true") != NULL)
        n_open++;
    }

  g_test_message ("%u broken files, %u of them with open: true", n_files, n_open);
  g_assert_cmpuint (n_files, >, 0);
  g_assert_cmpuint (n_open, >, 0);
}

static void
test_corpus (void)
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  g_autofree char *jobs = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_files = 0, n_marks = 0, n_blocks = 0;

  if (corpus == NULL || !g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("POSTINGS_CORPUS_DIR is not set or absent");
      return;
    }

  jobs = g_build_filename (corpus, "jobs", NULL);
  dir = g_dir_open (jobs, 0, &error);
  if (dir == NULL)
    {
      g_test_skip ("no jobs folder in the corpus");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (jobs, name, NULL);
      g_autofree char *text = NULL;
      g_autofree char *body = NULL;
      g_autoptr(PostingsDocument) doc = NULL;
      g_autoptr(PostingsPreviewModel) model = NULL;
      g_autoptr(PostingsPreviewHeader) header = NULL;
      gsize len;
      guint marks, expected_marks, last_start = 0, n_lines;

      g_file_get_contents (path, &text, &len, &error);
      g_assert_no_error (error);
      n_lines = count_occurrences (text, "\n") + 1;

      doc = postings_document_new_from_data (text, len);
      body = postings_document_dup_body (doc);
      model = postings_preview_model_new_from_document (doc);
      header = postings_preview_header_new (doc, name);
      g_assert_nonnull (header->status_text);

      marks = 0;
      for (guint i = 0; i < postings_preview_model_get_n_blocks (model); i++)
        {
          const PostingsPreviewBlock *b = block_at (model, i);

          if (b->kind == POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK)
            marks++;

          /* Lines are in the file, in order, start ≤ end. */
          g_assert_cmpuint (b->start_line, >=, postings_document_get_body_line (doc));
          g_assert_cmpuint (b->start_line, <=, b->end_line);
          g_assert_cmpuint (b->end_line, <=, n_lines);
          g_assert_cmpuint (b->start_line, >=, last_start);
          last_start = b->start_line;

          for (guint j = 0; j < b->n_runs; j++)
            {
              g_assert_true (g_utf8_validate (b->runs[j].text, -1, NULL));
              g_assert_true ((b->runs[j].url != NULL) == !!(b->runs[j].style & POSTINGS_PREVIEW_STYLE_LINK));
            }
        }

      /* Every separator in the body is one excerpt mark (none of the
       * corpus's separators sits inside code). */
      expected_marks = count_occurrences (body, "<!--more-->");
      if (marks != expected_marks)
        g_error ("%s: %u <!--more--> in the body but %u excerpt marks", name, expected_marks, marks);

      n_files++;
      n_marks += marks;
      n_blocks += postings_preview_model_get_n_blocks (model);
    }

  g_test_message ("%u files, %u blocks, %u excerpt marks", n_files, n_blocks, n_marks);
  g_assert_cmpuint (n_files, >, 0);
  g_assert_cmpuint (n_marks, >, 0);
}

/* The site's Markdown --------------------------------------------------- */

/* The outline of @model, one block a line. */
static char *
model_outline (PostingsPreviewModel *model)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < postings_preview_model_get_n_blocks (model); i++)
    {
      g_autofree char *outline = postings_preview_block_dup_outline (block_at (model, i));

      g_string_append_printf (str, "%s\n", outline);
    }

  return g_string_free (str, FALSE);
}

/* Each case of tests/data/preview/site (see its README.txt) has the block
 * structure the real kramdown gave it; all but a few are cases where plain
 * CommonMark reads them otherwise. */
static void
test_site_fixtures (void)
{
  static const char * const agreeing[] = {
    /* where CommonMark agrees, in the outline at least (kept to show that
     * kramdown does too) */
    "br-inline.md", "code-in-item.md", "heading-no-space.md",
    "heading-without-blank.md", "html-span.md", "lazy-item.md", "list-after-paragraph.md",
    "list-loose.md", "markers-mixed.md", "more-after-paragraph.md", "table-no-blank.md",
    "task-list.md", NULL,
  };
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "preview", "site", NULL);
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint differing = 0;
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_strdup (name));
  g_assert_cmpuint (names->len, >=, 30);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *outline_path = g_strconcat (path, ".outline", NULL);
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *site = NULL;
      g_autofree char *plain = NULL;
      g_autoptr(PostingsPreviewModel) site_model = NULL;
      g_autoptr(PostingsPreviewModel) plain_model = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &text, &len, NULL));
      g_assert_true (g_file_get_contents (outline_path, &expected, NULL, NULL));
      site_model = postings_preview_model_new_with_dialect (text, len, 1, POSTINGS_PREVIEW_DIALECT_SITE);
      plain_model = postings_preview_model_new_with_dialect (text, len, 1, POSTINGS_PREVIEW_DIALECT_COMMONMARK);
      site = model_outline (site_model);
      plain = model_outline (plain_model);

      g_test_message ("%s:\n%s", file, site);
      g_assert_cmpstr (site, ==, expected);
      if (!g_strv_contains (agreeing, file))
        {
          g_assert_cmpstr (plain, !=, expected);
          differing++;
        }
      else
        {
          g_assert_cmpstr (plain, ==, expected);
        }
    }

  g_test_message ("%u cases, %u where CommonMark differs", names->len, differing);
}

/* The parts of the inline text the site reads its own way. */
static void
test_site_inline (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("un<br>deux <span style=\"x\">trois</span> <b>gras</b> <i>penché</i> "
               "<a href=\"https://beta.gouv.fr\">lien</a>\n\n"
               "- [ ] à faire\n- [x] fait\n\n"
               "ligne  \ncassée\\\nencore\n\n"
               "[réf]\n\n[réf]: https://example.org \"Titre\"\n");
  const PostingsPreviewBlock *b = block_at (model, 0);
  g_autofree char *t2 = block_text (model, 2);
  g_autofree char *t3 = block_text (model, 3);

  g_assert_cmpuint (b->n_runs, ==, 6);
  g_assert_cmpstr (b->runs[0].text, ==, "un\ndeux trois ");
  g_assert_cmpstr (b->runs[1].text, ==, "gras");
  g_assert_cmpint (b->runs[1].style, ==, POSTINGS_PREVIEW_STYLE_STRONG);
  g_assert_cmpstr (b->runs[3].text, ==, "penché");
  g_assert_cmpint (b->runs[3].style, ==, POSTINGS_PREVIEW_STYLE_EMPHASIS);
  g_assert_cmpstr (b->runs[5].text, ==, "lien");
  g_assert_cmpint (b->runs[5].style, ==, POSTINGS_PREVIEW_STYLE_LINK);
  g_assert_cmpstr (b->runs[5].url, ==, "https://beta.gouv.fr");

  /* GFM task lists show their box. */
  g_assert_cmpint (block_at (model, 1)->kind, ==, POSTINGS_PREVIEW_BLOCK_BULLET_ITEM);
  g_assert_true (g_str_has_prefix (block_at (model, 1)->runs[0].text, "\u2610 "));
  g_assert_true (g_str_has_prefix (t2, "\u2611 fait"));

  /* kramdown's line breaks: two spaces, a backslash. */
  g_assert_cmpstr (t3, ==, "ligne\ncassée\nencore");

  /* Reference links that kramdown defined resolve. */
  g_assert_cmpstr (run_at (model, 4, 0)->url, ==, "https://example.org");
}

/* A table: its cells' runs, alignments and head. */
static void
test_site_table (void)
{
  g_autoptr(PostingsPreviewModel) model =
    model_new ("Avant\n\n| Poste | *Lieu* | Salaire |\n|:--|:-:|--:|\n| Dev | Paris | 3 000 € |\n| Data | | `code` |\n\nAprès\n");
  const PostingsPreviewBlock *b = block_at (model, 1);
  const PostingsPreviewTable *t = b->table;
  g_autoptr(PostingsPreviewModel) again = NULL;

  g_assert_cmpint (b->kind, ==, POSTINGS_PREVIEW_BLOCK_TABLE);
  g_assert_nonnull (t);
  g_assert_cmpuint (b->start_line, ==, 3);
  g_assert_cmpuint (b->end_line, ==, 6);
  g_assert_cmpuint (t->n_columns, ==, 3);
  g_assert_cmpuint (t->n_rows, ==, 3);
  g_assert_cmpuint (t->n_header_rows, ==, 1);
  g_assert_cmpint (t->alignments[0], ==, POSTINGS_PREVIEW_ALIGN_LEFT);
  g_assert_cmpint (t->alignments[1], ==, POSTINGS_PREVIEW_ALIGN_CENTER);
  g_assert_cmpint (t->alignments[2], ==, POSTINGS_PREVIEW_ALIGN_RIGHT);

  /* cell (0, 1) is "*Lieu*": one emphasis run */
  g_assert_cmpuint (t->cell_starts[2] - t->cell_starts[1], ==, 1);
  g_assert_cmpstr (b->runs[t->cell_starts[1]].text, ==, "Lieu");
  g_assert_cmpint (b->runs[t->cell_starts[1]].style, ==, POSTINGS_PREVIEW_STYLE_EMPHASIS);
  /* the empty cell (2, 1) has no run, (2, 2) is code */
  g_assert_cmpuint (t->cell_starts[8], ==, t->cell_starts[7]);
  g_assert_cmpstr (b->runs[t->cell_starts[8]].text, ==, "code");
  g_assert_cmpuint (t->cell_starts[9], ==, b->n_runs);

  /* Equal tables are equal blocks, another cell is not. */
  again = model_new ("Avant\n\n| Poste | *Lieu* | Salaire |\n|:--|:-:|--:|\n| Dev | Paris | 3 000 € |\n| Data | | `code` |\n\nAprès\n");
  g_assert_true (postings_preview_block_equal (b, block_at (again, 1)));
  g_clear_pointer (&again, postings_preview_model_free);
  again = model_new ("Avant\n\n| Poste | *Lieu* | Salaire |\n|:--|:-:|--:|\n| Dev | Paris | 3 000 € |\n| Data | | code |\n\nAprès\n");
  g_assert_false (postings_preview_block_equal (b, block_at (again, 1)));
}

/* Lines of the blocks around an excerpt mark in a paragraph, for the
 * source view's sync. */
static void
test_site_more_lines (void)
{
  g_autoptr(PostingsPreviewModel) model = model_new ("Accroche\nsuite\n<!--more-->\nencore\n\n## Titre\n");

  g_assert_cmpuint (postings_preview_model_get_n_blocks (model), ==, 4);
  g_assert_cmpuint (block_at (model, 0)->start_line, ==, 1);
  g_assert_cmpuint (block_at (model, 0)->end_line, ==, 2);
  g_assert_cmpint (block_at (model, 1)->kind, ==, POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK);
  g_assert_cmpuint (block_at (model, 1)->start_line, ==, 3);
  g_assert_cmpuint (block_at (model, 2)->start_line, ==, 4);
  g_assert_cmpuint (block_at (model, 2)->end_line, ==, 4);
  g_assert_cmpuint (block_at (model, 3)->start_line, ==, 6);
}

/* Inputs that could make a parser recurse without end or go quadratic:
 * each is read (quickly: the test has its usual timeout), never crashes. */
static void
test_site_pathological (void)
{
  static const char * const units[] = {
    ">", "> ", "- ", "1. ", "  - ", "<div>", "</div>", "`", "```\n", "| a ", "\t", "[x]: y\n",
    "*", "_", "<!--", "-->", "\\\n", "  \n", ":\n: ", "<p>", "{:", "$$", "#",
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    for (guint shape = 0; shape < 2; shape++)
      {
        g_autoptr(GString) text = g_string_new (NULL);
        g_autoptr(PostingsPreviewModel) model = NULL;

        /* 20 000 times the unit on one line, or each on its own line */
        for (guint n = 0; n < 20000; n++)
          {
            g_string_append (text, units[i]);
            if (shape == 1)
              g_string_append_c (text, '\n');
          }
        g_string_append (text, "fin\n");
        model = postings_preview_model_new_from_markdown (text->str, text->len, 1);
        g_assert_cmpuint (postings_preview_model_get_n_blocks (model), >=, 1);
      }
}

/* The arena's trees are cmark's own: the same nodes, positions and text,
 * with trees parsed while others are alive, freed in any order, and
 * texts larger than a chunk (a 300 KB line, 20,000 paragraphs). */
static void
assert_same_tree (cmark_node *expected,
                  cmark_node *actual)
{
  cmark_iter *ie = cmark_iter_new (expected);
  cmark_iter *ia = cmark_iter_new (actual);
  cmark_event_type ee, ea;
  guint n = 0;

  do
    {
      cmark_node *ne, *na;

      ee = cmark_iter_next (ie);
      ea = cmark_iter_next (ia);
      g_assert_cmpint (ee, ==, ea);
      if (ee == CMARK_EVENT_DONE)
        break;
      ne = cmark_iter_get_node (ie);
      na = cmark_iter_get_node (ia);
      g_assert_cmpint (cmark_node_get_type (ne), ==, cmark_node_get_type (na));
      g_assert_cmpint (cmark_node_get_start_line (ne), ==, cmark_node_get_start_line (na));
      g_assert_cmpint (cmark_node_get_start_column (ne), ==, cmark_node_get_start_column (na));
      g_assert_cmpint (cmark_node_get_end_line (ne), ==, cmark_node_get_end_line (na));
      g_assert_cmpstr (cmark_node_get_literal (ne), ==, cmark_node_get_literal (na));
      g_assert_cmpstr (cmark_node_get_url (ne), ==, cmark_node_get_url (na));
      n++;
    }
  while (TRUE);
  g_assert_cmpuint (n, >, 1);
  cmark_iter_free (ie);
  cmark_iter_free (ia);
}

static void
assert_arena_parse (const char *text,
                    gsize       len,
                    int         options)
{
  cmark_node *expected = cmark_parse_document (text, len, options);
  cmark_node *actual = postings_cmark_parse (text, len, options);

  assert_same_tree (expected, actual);
  postings_cmark_free (actual);
  cmark_node_free (expected);
}

static void
test_cmark_arena (void)
{
  static const char sample[] =
    "## Mission\n\nUn *texte* avec un [lien](https://example.org) et `du code`.\n\n"
    "- un\n- deux\n  - trois\n\n> citation\n\n```\ncode\n```\n\n<!--more-->\n";
  g_autoptr(GString) big = g_string_new ("![image](data:image/png;base64,");
  g_autoptr(GString) many = g_string_new (NULL);
  cmark_node *a, *b, *c;

  assert_arena_parse (sample, strlen (sample), CMARK_OPT_DEFAULT);
  assert_arena_parse (sample, strlen (sample), CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8);

  for (guint i = 0; i < 300 * 1024 / 4; i++)
    g_string_append (big, "iVBO");
  g_string_append (big, ")\n\nfin\n");
  assert_arena_parse (big->str, big->len, CMARK_OPT_DEFAULT);

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (many, "Paragraphe %u, *court*.\n\n", i);
  assert_arena_parse (many->str, many->len, CMARK_OPT_DEFAULT);

  /* trees alive together, freed out of order, then the arena reused */
  a = postings_cmark_parse (sample, strlen (sample), CMARK_OPT_DEFAULT);
  b = postings_cmark_parse (big->str, big->len, CMARK_OPT_DEFAULT);
  postings_cmark_free (a);
  c = postings_cmark_parse (many->str, many->len, CMARK_OPT_DEFAULT);
  {
    cmark_node *expected = cmark_parse_document (big->str, big->len, CMARK_OPT_DEFAULT);

    assert_same_tree (expected, b);
    cmark_node_free (expected);
  }
  postings_cmark_free (b);
  postings_cmark_free (c);
  assert_arena_parse (sample, strlen (sample), CMARK_OPT_DEFAULT);
}

/* postings_preview_block_outline_equal() is the comparison of the
 * outlines, for every pair of blocks of both readings of a text with
 * each kind of block. */
static void
test_outline_equal (void)
{
  static const char text[] =
    "# Un\n\n## Deux\n\n## Trois\n\nTexte  \nà la ligne\\\nencore.\n\n> Citation\n\n"
    "Texte\n\n- un\n- deux\n  - trois\n\n1. un\n2. deux\n\n3. trois\n\n1) un\n\n"
    "```\ncode\n```\n\n---\n\n<div>html</div>\n\n<!--more-->\n\n"
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n| a | b | c |\n|---|:-:|---|\n| 1 | 2 | 3 |\n\n"
    "a | b\n\n- un\n\n  deux\n";
  g_autoptr(PostingsPreviewModel) site =
    postings_preview_model_new_with_dialect (text, strlen (text), 1, POSTINGS_PREVIEW_DIALECT_SITE);
  g_autoptr(PostingsPreviewModel) plain =
    postings_preview_model_new_with_dialect (text, strlen (text), 1, POSTINGS_PREVIEW_DIALECT_COMMONMARK);
  PostingsPreviewModel *models[] = { site, plain };
  guint n_equal = 0, n_pairs = 0;

  for (guint ma = 0; ma < 2; ma++)
    for (guint mb = 0; mb < 2; mb++)
      for (guint i = 0; i < postings_preview_model_get_n_blocks (models[ma]); i++)
        for (guint j = 0; j < postings_preview_model_get_n_blocks (models[mb]); j++)
          {
            const PostingsPreviewBlock *a = postings_preview_model_get_block (models[ma], i);
            const PostingsPreviewBlock *b = postings_preview_model_get_block (models[mb], j);
            g_autofree char *oa = postings_preview_block_dup_outline (a);
            g_autofree char *ob = postings_preview_block_dup_outline (b);

            g_assert_cmpint (postings_preview_block_outline_equal (a, b), ==, g_str_equal (oa, ob));
            n_equal += g_str_equal (oa, ob);
            n_pairs++;
          }
  /* both answers occur, beyond each block with itself */
  g_assert_cmpuint (n_pairs, >, 400);
  g_assert_cmpuint (n_equal, >, postings_preview_model_get_n_blocks (site) + postings_preview_model_get_n_blocks (plain));
  g_assert_cmpuint (n_equal, <, n_pairs / 2);
}

/* The outline models (postings_preview_model_new_outline(), what `check`
 * compares the two readings with) against the full ones ------------------ */

/* Every field the comparison of the two readings reads. */
static void
assert_same_structure (PostingsPreviewModel   *full,
                       PostingsPreviewModel   *outline,
                       PostingsPreviewDialect  dialect,
                       const char             *what)
{
  guint n = postings_preview_model_get_n_blocks (full);

  if (n != postings_preview_model_get_n_blocks (outline))
    g_error ("%s: %u blocks, the outline model %u", what, n,
             postings_preview_model_get_n_blocks (outline));
  for (guint i = 0; i < n; i++)
    {
      const PostingsPreviewBlock *a = postings_preview_model_get_block (full, i);
      const PostingsPreviewBlock *b = postings_preview_model_get_block (outline, i);
      g_autofree char *oa = postings_preview_block_dup_outline (a);
      g_autofree char *ob = postings_preview_block_dup_outline (b);

      if (!postings_preview_block_outline_equal (a, b) || g_strcmp0 (oa, ob) != 0 ||
          a->kind != b->kind || a->level != b->level || a->number != b->number ||
          a->loose != b->loose || a->depth != b->depth || a->list_depth != b->list_depth ||
          a->quote_depth != b->quote_depth || a->start_line != b->start_line ||
          a->end_line != b->end_line || (a->table == NULL) != (b->table == NULL) ||
          (dialect == POSTINGS_PREVIEW_DIALECT_COMMONMARK && a->kind == POSTINGS_PREVIEW_BLOCK_HEADING &&
           (a->n_runs == 0) != (b->n_runs == 0)))
        g_error ("%s: block %u is %s (lines %u-%u), in the outline model %s (lines %u-%u)",
                 what, i, oa, a->start_line, a->end_line, ob, b->start_line, b->end_line);
      if (a->table != NULL &&
          (a->table->n_rows != b->table->n_rows || a->table->n_columns != b->table->n_columns ||
           a->table->n_header_rows != b->table->n_header_rows))
        g_error ("%s: block %u, the table differs in the outline model", what, i);
    }
}

static guint
count_runs (PostingsPreviewModel *model)
{
  guint n = 0;

  for (guint i = 0; i < postings_preview_model_get_n_blocks (model); i++)
    n += postings_preview_model_get_block (model, i)->n_runs;

  return n;
}

/* Both dialects, and CommonMark from the validator's tree; adds the runs
 * of the full and of the outline models to @runs. */
static void
check_outline_models (const char *text,
                      gsize       len,
                      const char *what,
                      guint       runs[2])
{
  static const PostingsPreviewDialect dialects[] = {
    POSTINGS_PREVIEW_DIALECT_SITE, POSTINGS_PREVIEW_DIALECT_COMMONMARK,
  };
  cmark_node *tree = postings_cmark_parse (text, len, CMARK_OPT_DEFAULT);
  g_autoptr(PostingsPreviewModel) from_tree = postings_preview_model_new_from_cmark (tree, text, len, 3);
  g_autoptr(PostingsPreviewModel) outline_tree =
    postings_preview_model_new_outline (text, len, 3, POSTINGS_PREVIEW_DIALECT_COMMONMARK, tree, FALSE);

  assert_same_structure (from_tree, outline_tree, POSTINGS_PREVIEW_DIALECT_COMMONMARK, what);
  postings_cmark_free (tree);
  for (guint d = 0; d < G_N_ELEMENTS (dialects); d++)
    {
      g_autoptr(PostingsPreviewModel) full = postings_preview_model_new_with_dialect (text, len, 3, dialects[d]);
      g_autoptr(PostingsPreviewModel) outline =
        postings_preview_model_new_outline (text, len, 3, dialects[d], NULL, FALSE);

      assert_same_structure (full, outline, dialects[d], what);
      /* What `check` builds once the validator found the text valid. */
      if (postings_utf8_validate_len (text, len, NULL))
        {
          g_autoptr(PostingsPreviewModel) outline_valid =
            postings_preview_model_new_outline (text, len, 3, dialects[d], NULL, TRUE);

          assert_same_structure (full, outline_valid, dialects[d], what);
        }
      runs[0] += count_runs (full);
      runs[1] += count_runs (outline);
    }
}

/* The files of @dir, whole and their bodies. */
static void
check_outline_folder (const char *dir,
                      guint      *n_files,
                      guint       runs[2])
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(PostingsDocument) doc = NULL;
      g_autofree char *body = NULL;
      gsize len;

      if (g_str_has_suffix (name, ".outline") || g_str_equal (name, "README.txt"))
        continue;
      g_assert_true (g_file_get_contents (path, &text, &len, NULL));
      check_outline_models (text, len, path, runs);
      doc = postings_document_new_from_data (text, (gssize) len);
      body = postings_document_dup_body (doc);
      check_outline_models (body, strlen (body), path, runs);
      (*n_files)++;
    }
}

/* Every input whose inlines can change a block's outline: hard breaks
 * (spaces, backslashes), `<br>`, excerpt marks, line ends from entities,
 * the break placeholder's character (U+E000) written in the text, inside
 * and outside code spans, links, images, headings, items, quotes,
 * definitions and table cells; then the site cases, the fuzz seeds and
 * the corpus. */
static void
test_outline_model (void)
{
  static const char * const cases[] = {
    "a&#10;b\n", "a&#xA;b\n", "a&NewLine;b\n", "# a&#10;b\n", "a &amp; b\n",
    "a  \nb\n", "a\\\nb\n", "a\\\\\nb\n", "a\\\n", "a  \n", "`a  \nb`\n", "![a  \nb](x)\n",
    "[a  \nb](x)\n", "*a  \nb*\n", "a<br>b\n", "a <br/> b\n", "<b>a</b>  \nb\n",
    "# <!-- c -->\n", "# <span></span>\n", "#\n", "# \\\n", "# a  \n", "## `x`\n",
    "a <!--more--> b\n", "<!--more--> b\n", "a\n<!--more-->\n", "a <!--more-->\n",
    "- a  \n  b\n- c<br>d\n- <!--more-->\n", "1. a\\\n   b\n2) c\n", "> a  \n> b\n> c<br>\n",
    "Term  \nnext\n: def  \n  more\n: x<br>y\n",
    "| a<br>b | c |\n|---|---|\n| d&#10; | e  |\n| <!--more--> | f |\n",
    "a | b\n--|--\nc<br> | d\n", "<a href=\"x\">a  \nb</a>\n", "a `b  \nc` d  \ne\n",
    "[x]: <y>\n\n[x]  \n[x]\n", "a\\\\\\\nb\n", "a\t \nb\n", "a \\\nb\n",
    "* a\n\n  b  \n  c\n\n* d\n", "{::comment}\nx\n{:/comment}\n\na  \nb\n",
    "$$\na  \nb\n$$\n\nc&#10;\n", "Setext  \nheading\n===\n", "a\r\nb  \r\nc\r\n",
    "a \xee\x80\x80 b\n", "- a\xee\x80\x80\n",
  };
  g_autofree char *site_cases = g_test_build_filename (G_TEST_DIST, "data", "preview", "site", NULL);
  g_autofree char *seeds = g_test_build_filename (G_TEST_DIST, "fuzz", "seeds", NULL);
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  guint runs[2] = { 0, 0 };
  guint n_files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_outline_models (cases[i], strlen (cases[i]), cases[i], runs);
  check_outline_folder (site_cases, &n_files, runs);
  check_outline_folder (seeds, &n_files, runs);
  if (corpus != NULL && *corpus != '\0' && g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *jobs = g_build_filename (corpus, "jobs", NULL);
      g_autofree char *broken = g_build_filename (corpus, "broken", NULL);

      check_outline_folder (jobs, &n_files, runs);
      check_outline_folder (broken, &n_files, runs);
    }
  g_test_message ("%u cases and %u files: the same blocks; %u runs in the full models, %u in "
                  "the outline models", (guint) G_N_ELEMENTS (cases), n_files, runs[0], runs[1]);
  /* The outline models do leave work out. */
  g_assert_cmpuint (runs[1], <, runs[0]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preview/heading", test_heading);
  g_test_add_func ("/preview/cmark-arena", test_cmark_arena);
  g_test_add_func ("/preview/outline-equal", test_outline_equal);
  g_test_add_func ("/preview/paragraph/breaks", test_paragraph_breaks);
  g_test_add_func ("/preview/emphasis", test_emphasis);
  g_test_add_func ("/preview/code", test_code);
  g_test_add_func ("/preview/link", test_link);
  g_test_add_func ("/preview/link/adjacent", test_link_adjacent);
  g_test_add_func ("/preview/link/safe", test_link_safe);
  g_test_add_func ("/preview/image-alt", test_image_alt);
  g_test_add_func ("/preview/html-as-text", test_html_as_text);
  g_test_add_func ("/preview/thematic-break", test_thematic_break);
  g_test_add_func ("/preview/quote", test_quote);
  g_test_add_func ("/preview/list/bullet", test_list_bullet);
  g_test_add_func ("/preview/list/ordered", test_list_ordered);
  g_test_add_func ("/preview/list/nested", test_list_nested);
  g_test_add_func ("/preview/list/empty-item", test_list_empty_item);
  g_test_add_func ("/preview/more-marker", test_more_marker);
  g_test_add_func ("/preview/more-marker/whitespace", test_more_marker_whitespace);
  g_test_add_func ("/preview/more-marker/inline", test_more_marker_inline);
  g_test_add_func ("/preview/more-marker/in-html", test_more_marker_in_html);
  g_test_add_func ("/preview/more-marker/in-code", test_more_marker_in_code);
  g_test_add_func ("/preview/lines/offset", test_lines_offset);
  g_test_add_func ("/preview/lines/crlf", test_lines_crlf);
  g_test_add_func ("/preview/empty", test_empty);
  g_test_add_func ("/preview/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/preview/diff", test_diff);
  g_test_add_func ("/preview/diff/style-and-url", test_diff_style_and_url);
  g_test_add_func ("/preview/golden", test_golden);
  g_test_add_func ("/preview/document", test_document);
  g_test_add_func ("/preview/header/open", test_header_open);
  g_test_add_func ("/preview/header/filled", test_header_filled);
  g_test_add_func ("/preview/header/open-truthiness", test_header_open_truthiness);
  g_test_add_func ("/preview/header/dates", test_header_dates);
  g_test_add_func ("/preview/header/file-name-date", test_header_file_name_date);
  g_test_add_func ("/preview/header/friend", test_header_friend);
  g_test_add_func ("/preview/header/junior", test_header_junior);
  g_test_add_func ("/preview/header/techno", test_header_techno);
  g_test_add_func ("/preview/header/equal", test_header_equal);
  g_test_add_func ("/preview/header/broken", test_header_broken);
  g_test_add_func ("/preview/header/broken-corpus", test_header_broken_corpus);
  g_test_add_func ("/preview/corpus", test_corpus);
  g_test_add_func ("/preview/site/fixtures", test_site_fixtures);
  g_test_add_func ("/preview/site/inline", test_site_inline);
  g_test_add_func ("/preview/site/table", test_site_table);
  g_test_add_func ("/preview/site/more-lines", test_site_more_lines);
  g_test_add_func ("/preview/site/pathological", test_site_pathological);
  g_test_add_func ("/preview/outline-model/same-blocks", test_outline_model);

  return g_test_run ();
}
