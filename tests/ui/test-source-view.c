/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The source view's writing aids in a real window: French spelling
 * (underlines, the context menu's corrections, typing, add and ignore,
 * the language) and pasting HTML as Markdown from the real clipboard. */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "postings-source-view.h"
#include "ui-test-util.h"

typedef struct
{
  GtkWindow *window;
  PostingsSourceView *view;
  GtkTextBuffer *buffer;
  PostingsSpellController *spell;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  f->window = GTK_WINDOW (gtk_window_new ());
  f->view = POSTINGS_SOURCE_VIEW (postings_source_view_new ("markdown"));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (f->view));
  gtk_window_set_child (f->window, scrolled);
  gtk_window_set_default_size (f->window, 700, 500);
  gtk_window_present (f->window);
  f->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));
  f->spell = postings_source_view_get_spell_controller (f->view);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Loads @text as a file is loaded and waits for the whole check. FALSE
 * (and the test skipped) without a French dictionary. */
static gboolean
load_and_check (Fixture *f, const char *text)
{
  postings_source_view_replace_text (f->view, text, FALSE);
  WAIT_FOR (postings_spell_controller_is_idle (f->spell));
  if (postings_spell_controller_get_error (f->spell) != NULL)
    {
      g_test_skip ("no French dictionary: install hunspell-fr");
      return FALSE;
    }
  return TRUE;
}

static gboolean
word_underlined (Fixture *f, const char *word)
{
  g_autofree char *text = postings_source_view_dup_text (f->view);
  const char *at = strstr (text, word);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (f->buffer), "postings-misspelled");
  GtkTextIter iter;
  glong offset, n;

  g_assert_nonnull (at);
  if (tag == NULL)
    return FALSE;
  offset = g_utf8_pointer_to_offset (text, at);
  n = g_utf8_strlen (word, -1);
  for (glong i = 0; i < n; i++)
    {
      gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, (int) (offset + i));
      if (!gtk_text_iter_has_tag (&iter, tag))
        return FALSE;
    }
  return TRUE;
}

static void
iter_in_word (Fixture *f, const char *word, GtkTextIter *iter)
{
  g_autofree char *text = postings_source_view_dup_text (f->view);
  const char *at = strstr (text, word);

  g_assert_nonnull (at);
  gtk_text_buffer_get_iter_at_offset (f->buffer, iter, (int) g_utf8_pointer_to_offset (text, at) + 1);
}

/* Does @model (or a section or submenu of it) hold an item labelled @label? */
static gboolean
menu_has_label (GMenuModel *model, const char *label)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *item_label = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;
      const char *name;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &item_label)
          && g_strcmp0 (item_label, label) == 0)
        return TRUE;
      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_get_next (links, &name, &link))
        {
          gboolean found = menu_has_label (link, label);
          g_object_unref (link);
          if (found)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_underline_and_correct (Fixture *f, gconstpointer data)
{
  GtkTextIter iter;
  GMenuModel *menu = postings_spell_controller_get_menu (f->spell);
  g_autofree char *text = NULL;

  if (!load_and_check (f, "Nous cherchons un dévelopeur et un·e chargé·e de mission pour l’équipe.\n\n"
                          "Voir `codee` et https://exemple.fr/motdurl ou [le site](https://exemple.fr/cheminn).\n"))
    return;

  g_assert_true (word_underlined (f, "dévelopeur"));
  g_assert_false (word_underlined (f, "chargé·e"));
  g_assert_false (word_underlined (f, "l’équipe"));
  g_assert_false (word_underlined (f, "codee"));
  g_assert_false (word_underlined (f, "motdurl"));
  g_assert_false (word_underlined (f, "cheminn"));
  /* the view's context menu holds the spelling menu */
  g_assert_true (gtk_text_view_get_extra_menu (GTK_TEXT_VIEW (f->view)) == menu);

  /* a right click on the word: corrections, computed in the background */
  iter_in_word (f, "dévelopeur", &iter);
  postings_spell_controller_prepare_menu (f->spell, &iter);
  g_assert_true (menu_has_label (menu, "Add to Dictionary") || menu_has_label (menu, "_Add to Dictionary"));
  WAIT_FOR (menu_has_label (menu, "développeur"));
  g_assert_true (menu_has_label (menu, "French (France)"));

  gtk_widget_activate_action (GTK_WIDGET (f->view), "spell.correct", "s", "développeur");
  text = postings_source_view_dup_text (f->view);
  g_assert_true (g_str_has_prefix (text, "Nous cherchons un développeur et"));
  WAIT_FOR (postings_spell_controller_is_idle (f->spell));
  g_assert_false (word_underlined (f, "développeur"));

  /* a correct word offers no correction */
  iter_in_word (f, "mission", &iter);
  postings_spell_controller_prepare_menu (f->spell, &iter);
  g_assert_false (menu_has_label (menu, "_Add to Dictionary"));
}

static void
type_text (Fixture *f, const char *text)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (f->buffer, &end);
  gtk_text_buffer_place_cursor (f->buffer, &end);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      /* as GtkTextView types: one user action per key */
      gtk_text_buffer_begin_user_action (f->buffer);
      gtk_text_buffer_insert_interactive_at_cursor (f->buffer, p, (int) (g_utf8_next_char (p) - p), TRUE);
      gtk_text_buffer_end_user_action (f->buffer);
    }
}

static void
test_not_while_typing (Fixture *f, gconstpointer data)
{
  GtkTextIter start;

  if (!load_and_check (f, "Un texte juste.\n\n"))
    return;

  type_text (f, "Un motinconnu");
  WAIT_FOR (postings_spell_controller_is_idle (f->spell));
  /* the cursor touches it: it is being typed */
  g_assert_false (word_underlined (f, "motinconnu"));

  /* a space ends it */
  type_text (f, " ");
  WAIT_FOR (postings_spell_controller_is_idle (f->spell));
  g_assert_true (word_underlined (f, "motinconnu"));

  /* and so does moving away */
  type_text (f, "autreinconnu");
  WAIT_FOR (postings_spell_controller_is_idle (f->spell));
  g_assert_false (word_underlined (f, "autreinconnu"));
  gtk_text_buffer_get_start_iter (f->buffer, &start);
  gtk_text_buffer_place_cursor (f->buffer, &start);
  WAIT_FOR (postings_spell_controller_is_idle (f->spell) && word_underlined (f, "autreinconnu"));
}

static void
test_add_and_ignore (Fixture *f, gconstpointer data)
{
  GtkTextIter iter;

  if (!load_and_check (f, "Le produit Zorglub et la plateforme Mobilikk.\n"))
    return;
  g_assert_true (word_underlined (f, "Zorglub"));
  g_assert_true (word_underlined (f, "Mobilikk"));

  iter_in_word (f, "Zorglub", &iter);
  postings_spell_controller_prepare_menu (f->spell, &iter);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "spell.ignore", NULL);
  WAIT_FOR (postings_spell_controller_is_idle (f->spell) && !word_underlined (f, "Zorglub"));

  /* XDG_CONFIG_HOME is a throw-away folder (main) */
  iter_in_word (f, "Mobilikk", &iter);
  postings_spell_controller_prepare_menu (f->spell, &iter);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "spell.add", NULL);
  WAIT_FOR (postings_spell_controller_is_idle (f->spell) && !word_underlined (f, "Mobilikk"));
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_language (Fixture *f, gconstpointer data)
{
  guint notified = 0;

  if (!load_and_check (f, "Un dévelopeur.\n"))
    return;
  g_assert_true (word_underlined (f, "dévelopeur"));
  g_signal_connect_swapped (f->spell, "notify::language", G_CALLBACK (count_cb), &notified);

  /* a language without a dictionary: said, nothing underlined, no other one used */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "spell.language", "s", "xx_YY");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (postings_spell_controller_get_language (f->spell), ==, "xx_YY");
  WAIT_FOR (postings_spell_controller_get_error (f->spell) != NULL);
  g_assert_false (word_underlined (f, "dévelopeur"));

  postings_spell_controller_set_language (f->spell, "fr_FR");
  WAIT_FOR (postings_spell_controller_is_idle (f->spell) && postings_spell_controller_get_error (f->spell) == NULL
            && word_underlined (f, "dévelopeur"));

  /* switched off from the menu: no underline */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "spell.enabled", NULL);
  g_assert_false (postings_spell_controller_get_enabled (f->spell));
  g_assert_false (word_underlined (f, "dévelopeur"));
}

/* Pasting --------------------------------------------------------------------- */

static void
set_clipboard (Fixture *f, const char *html, gsize len, const char *plain)
{
  g_autoptr(GBytes) bytes = g_bytes_new (html, len);
  GdkContentProvider *providers[2];
  g_autoptr(GdkContentProvider) union_provider = NULL;

  providers[0] = gdk_content_provider_new_for_bytes ("text/html", bytes);
  providers[1] = gdk_content_provider_new_typed (G_TYPE_STRING, plain);
  union_provider = gdk_content_provider_new_union (providers, 2);
  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (f->view)), union_provider);
}

static char *
fixture_file (const char *name, gsize *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "html", name, NULL);
  return ui_test_read_file (path, len);
}

static gboolean
text_is (Fixture *f, const char *expected)
{
  g_autofree char *text = postings_source_view_dup_text (f->view);
  return g_strcmp0 (text, expected) == 0;
}

static void
test_paste_word_html (Fixture *f, gconstpointer data)
{
  gsize len;
  g_autofree char *html = fixture_file ("word-windows-clipboard.html", &len);
  g_autofree char *expected = fixture_file ("word-windows-clipboard.md", NULL);
  g_autofree char *text = NULL;

  g_strchomp (expected);
  set_clipboard (f, html, len, "le texte brut");
  g_signal_emit_by_name (f->view, "paste-clipboard");
  WAIT_FOR (!text_is (f, ""));
  text = postings_source_view_dup_text (f->view);
  g_assert_cmpstr (text, ==, expected);

  /* one undo step */
  g_assert_true (gtk_text_buffer_get_can_undo (f->buffer));
  gtk_text_buffer_undo (f->buffer);
  g_assert_true (text_is (f, ""));
}

static void
test_paste_inline_html (Fixture *f, gconstpointer data)
{
  const char *html = "<html><body><!--StartFragment-->du <b>gras</b> et un <a href=\"https://beta.gouv.fr\">lien</a><!--EndFragment--></body></html>";
  GtkTextIter iter;

  postings_source_view_replace_text (f->view, "Avant  après.", FALSE);
  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, 6);
  gtk_text_buffer_place_cursor (f->buffer, &iter);
  set_clipboard (f, html, strlen (html), "du gras et un lien");
  g_signal_emit_by_name (f->view, "paste-clipboard");
  WAIT_FOR (!text_is (f, "Avant  après."));
  g_assert_true (text_is (f, "Avant du **gras** et un [lien](https://beta.gouv.fr) après."));

  /* blocks pasted in the middle of a line go on lines of their own */
  html = "<h2>Titre</h2><p>Texte</p>";
  postings_source_view_replace_text (f->view, "Avant après.", FALSE);
  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, 6);
  gtk_text_buffer_place_cursor (f->buffer, &iter);
  set_clipboard (f, html, strlen (html), "Titre Texte");
  g_signal_emit_by_name (f->view, "paste-clipboard");
  WAIT_FOR (!text_is (f, "Avant après."));
  g_assert_true (text_is (f, "Avant \n\n## Titre\n\nTexte\n\naprès."));
}

static void
test_paste_plain (Fixture *f, gconstpointer data)
{
  const char *html = "<p>du <b>gras</b></p>";

  set_clipboard (f, html, strlen (html), "du gras");
  gtk_widget_activate_action (GTK_WIDGET (f->view), "source.paste-plain", NULL);
  WAIT_FOR (!text_is (f, ""));
  g_assert_true (text_is (f, "du gras"));

  /* the header editor pastes text too */
  postings_source_view_set_language_id (f->view, "yaml");
  postings_source_view_replace_text (f->view, "", FALSE);
  g_signal_emit_by_name (f->view, "paste-clipboard");
  WAIT_FOR (!text_is (f, ""));
  g_assert_true (text_is (f, "du gras"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("postings-source-view-XXXXXX", NULL);
  g_autofree char *command = NULL;
  gboolean tap = FALSE;
  int status;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--tap"))
      tap = TRUE;

  /* enchant's personal dictionary goes there */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      if (tap)
        {
          g_print ("1..0 # SKIP no display\n");
          return 0;
        }
      return 77;
    }
  adw_init ();
  gtk_source_init ();

  g_test_add ("/source-view/spelling/underline-and-correct", Fixture, NULL,
              fixture_set_up, test_underline_and_correct, fixture_tear_down);
  g_test_add ("/source-view/spelling/not-while-typing", Fixture, NULL,
              fixture_set_up, test_not_while_typing, fixture_tear_down);
  g_test_add ("/source-view/spelling/add-and-ignore", Fixture, NULL,
              fixture_set_up, test_add_and_ignore, fixture_tear_down);
  g_test_add ("/source-view/spelling/language", Fixture, NULL,
              fixture_set_up, test_language, fixture_tear_down);
  g_test_add ("/source-view/paste/word-html", Fixture, NULL,
              fixture_set_up, test_paste_word_html, fixture_tear_down);
  g_test_add ("/source-view/paste/inline-and-blocks", Fixture, NULL,
              fixture_set_up, test_paste_inline_html, fixture_tear_down);
  g_test_add ("/source-view/paste/plain", Fixture, NULL,
              fixture_set_up, test_paste_plain, fixture_tear_down);

  status = g_test_run ();
  command = g_strdup_printf ("rm -rf '%s'", config);
  if (system (command) != 0)
    g_printerr ("could not remove %s\n", config);
  return status;
}
