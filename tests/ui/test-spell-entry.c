/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Spelling of the form's prose rows (job title, headline) in a real
 * window with the real French dictionary: unknown words underlined in the
 * row's GtkText (its PangoAttrList), never the word being typed, the
 * context menu's corrections; and the spelling language a site keeps
 * (GSETTINGS_BACKEND=memory: the settings live as long as the program). */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "postings-core.h"
#include "postings-form.h"
#include "postings-spell-entry.h"
#include "ui-test-util.h"

static char *tmp_dir;
static PostingsApplication *app;

typedef struct
{
  PostingsDocument *document;
  PostingsForm *form;
  GtkWidget *window;
} Fixture;

static void
fixture_init (Fixture    *f,
              const char *text)
{
  f->document = postings_document_new_from_data (text, -1);
  f->form = POSTINGS_FORM (postings_form_new ());
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 800);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->form));
  postings_form_set_schema (f->form, postings_schema_get_default ());
  postings_form_set_document (f->form, f->document);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_FOR (gtk_widget_get_mapped (f->window));
}

static void
fixture_clear (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->document);
}

/* The spelling of the row of @key, or NULL (the test skipped) without a
 * French dictionary. */
static PostingsSpellEntry *
spell_of (Fixture    *f,
          const char *key)
{
  GtkWidget *row = postings_form_get_row (f->form, key);
  PostingsSpellEntry *spell;

  g_assert_nonnull (row);
  spell = postings_spell_entry_get_for (row);
  g_assert_nonnull (spell);
  WAIT_FOR (postings_spell_entry_is_idle (spell));
  if (postings_spell_entry_get_error (spell) != NULL)
    {
      g_test_skip ("no French dictionary: install hunspell-fr");
      return NULL;
    }
  return spell;
}

/* The words of the row's text that carry an error underline, joined by "|". */
static char *
underlined (PostingsSpellEntry *spell)
{
  GtkText *text = postings_spell_entry_get_text (spell);
  const char *str = gtk_editable_get_text (GTK_EDITABLE (text));
  PangoAttrList *attrs = gtk_text_get_attributes (text);
  g_autoptr(GString) out = g_string_new (NULL);
  GSList *list;

  if (attrs == NULL)
    return g_strdup ("");
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_UNDERLINE
          && ((PangoAttrInt *) attr)->value == PANGO_UNDERLINE_ERROR)
        {
          g_assert_cmpuint (attr->end_index, <=, strlen (str));
          if (out->len > 0)
            g_string_append_c (out, '|');
          g_string_append_len (out, str + attr->start_index, attr->end_index - attr->start_index);
        }
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
value_of (Fixture    *f,
          const char *key)
{
  return postings_document_get_string (f->document, key);
}

static void
test_rows_underlined (void)
{
  Fixture f = { 0 };
  PostingsSpellEntry *title, *roles;
  g_autofree char *title_words = NULL;
  g_autofree char *roles_words = NULL;

  fixture_init (&f, "---\n"
                    "title: Un dévelopeur motivé pour l’équipe\n"
                    "roles: Chargé·e de mision\n"
                    "friend: Zorglub Mobilikk\n"
                    "contact: zorglubx@example.fr\n"
                    "externalURL: https://zorglubx.example.fr/offre\n"
                    "---\n"
                    "Corps.\n");
  if ((title = spell_of (&f, "title")) == NULL || (roles = spell_of (&f, "roles")) == NULL)
    {
      fixture_clear (&f);
      return;
    }
  title_words = underlined (title);
  roles_words = underlined (roles);
  g_assert_cmpstr (title_words, ==, "dévelopeur");
  g_assert_cmpstr (roles_words, ==, "mision");

  /* names, e-mail addresses and URLs are not prose */
  g_assert_null (postings_spell_entry_get_for (postings_form_get_row (f.form, "friend")));
  g_assert_null (postings_spell_entry_get_for (postings_form_get_row (f.form, "contact")));
  g_assert_null (postings_spell_entry_get_for (postings_form_get_row (f.form, "externalURL")));

  /* the file changes: the underlines follow */
  g_assert_true (postings_document_set_value (f.document, "title", "Une recrutemment rapide", POSTINGS_VALUE_TEXT, NULL));
  WAIT_FOR (postings_spell_entry_is_idle (title)
            && g_str_equal (gtk_editable_get_text (GTK_EDITABLE (postings_spell_entry_get_text (title))),
                            "Une recrutemment rapide"));
  g_clear_pointer (&title_words, g_free);
  title_words = underlined (title);
  g_assert_cmpstr (title_words, ==, "recrutemment");

  fixture_clear (&f);
}

/* Types @chars at the cursor, one character at a time, as keys do. */
static void
type_text (GtkText    *text,
           const char *chars)
{
  for (const char *p = chars; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = gtk_editable_get_position (GTK_EDITABLE (text));

      gtk_editable_insert_text (GTK_EDITABLE (text), p, (int) (g_utf8_next_char (p) - p), &position);
      gtk_editable_set_position (GTK_EDITABLE (text), position);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static void
test_typed_word_left_alone (void)
{
  Fixture f = { 0 };
  PostingsSpellEntry *spell;
  GtkText *text;
  g_autofree char *words = NULL;

  fixture_init (&f, "---\ntitle: Un poste\n---\nCorps.\n");
  if ((spell = spell_of (&f, "title")) == NULL)
    {
      fixture_clear (&f);
      return;
    }
  text = postings_spell_entry_get_text (spell);
  gtk_widget_grab_focus (GTK_WIDGET (text));
  WAIT_FOR (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (text))) == GTK_WIDGET (text));

  /* typing a wrong word at the end: not underlined while the cursor is on it */
  gtk_editable_set_position (GTK_EDITABLE (text), -1);
  type_text (text, " zorglubx");
  WAIT_FOR (postings_spell_entry_is_idle (spell));
  words = underlined (spell);
  g_assert_cmpstr (words, ==, "");

  /* a space after it: the word is done, and wrong */
  type_text (text, " ");
  WAIT_FOR (postings_spell_entry_is_idle (spell));
  g_clear_pointer (&words, g_free);
  words = underlined (spell);
  g_assert_cmpstr (words, ==, "zorglubx");

  fixture_clear (&f);
}

static guint
n_items (GMenuModel *menu, guint section)
{
  GMenuModel *link = g_menu_model_get_item_link (menu, (int) section, G_MENU_LINK_SECTION);
  guint n = (guint) g_menu_model_get_n_items (link);

  g_object_unref (link);
  return n;
}

/* The corrections came (the first one is no longer "Looking for…"). */
static gboolean
corrections_ready (GMenuModel *menu)
{
  g_autoptr(GMenuModel) corrections = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_autofree char *label = NULL;

  if (g_menu_model_get_n_items (corrections) == 0)
    return FALSE;
  g_menu_model_get_item_attribute (corrections, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label);
  return !g_str_has_prefix (label, "Looking");
}

static void
test_menu_corrects (void)
{
  Fixture f = { 0 };
  PostingsSpellEntry *spell;
  GMenuModel *menu;
  GtkText *text;
  g_autofree char *words = NULL;

  fixture_init (&f, "---\ntitle: Un dévelopeur motivé\nroles: Chargé·e de Zorglubie\n---\nCorps.\n");
  if ((spell = spell_of (&f, "title")) == NULL)
    {
      fixture_clear (&f);
      return;
    }
  text = postings_spell_entry_get_text (spell);
  menu = postings_spell_entry_get_menu (spell);

  /* the row's own context menu holds the spelling menu */
  g_assert_true (gtk_text_get_extra_menu (text) == menu);

  /* on a right word: nothing to offer */
  postings_spell_entry_prepare_menu (spell, 1);
  g_assert_cmpuint (n_items (menu, 0), ==, 0);
  g_assert_cmpuint (n_items (menu, 1), ==, 0);

  /* on the wrong one: corrections (computed now), Add, Ignore */
  postings_spell_entry_prepare_menu (spell, 5);
  g_assert_cmpuint (n_items (menu, 1), ==, 2);
  WAIT_FOR (corrections_ready (menu));
  gtk_widget_activate_action (GTK_WIDGET (text), "spell.correct", "s", "développeur");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (text)), ==, "Un développeur motivé");
  WAIT_FOR (postings_spell_entry_is_idle (spell));
  words = underlined (spell);
  g_assert_cmpstr (words, ==, "");
  /* the correction is an edit of the file, as typing is */
  WAIT_FOR (g_strcmp0 (value_of (&f, "title"), "Un développeur motivé") == 0);

  /* Ignore: no longer underlined, in this row or another */
  spell = spell_of (&f, "roles");
  g_clear_pointer (&words, g_free);
  words = underlined (spell);
  g_assert_cmpstr (words, ==, "Zorglubie");
  postings_spell_entry_prepare_menu (spell, 13);
  gtk_widget_activate_action (GTK_WIDGET (postings_spell_entry_get_text (spell)), "spell.ignore", NULL);
  WAIT_FOR (postings_spell_entry_is_idle (spell));
  g_clear_pointer (&words, g_free);
  words = underlined (spell);
  g_assert_cmpstr (words, ==, "");

  fixture_clear (&f);
}

/* TMP/NAME/content/_jobs/2024-01-15-poste.md: a site with one posting. */
static char *
make_site (const char *name)
{
  g_autofree char *jobs = g_build_filename (tmp_dir, name, "content", "_jobs", NULL);
  char *path = g_build_filename (jobs, "2024-01-15-poste.md", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (jobs, 0700), ==, 0);
  g_file_set_contents (path, "---\ntitle: Un dévelopeur motivé\nroles: Chargé·e de mission\n---\nCorps.\n", -1, &error);
  g_assert_no_error (error);
  return path;
}

static const char *
title_language (PostingsWindow *window)
{
  return postings_spell_entry_get_language (postings_spell_entry_get_for (ui_test_form_row (window, "title")));
}

static void
test_language_per_site (void)
{
  g_autofree char *first = make_site ("site-a");
  g_autofree char *second = make_site ("site-b");
  g_auto(GStrv) languages = postings_spell_list_languages ();
  PostingsWindow *window;
  PostingsSpellController *body;

  if (!g_strv_contains ((const char * const *) languages, "fr_BE"))
    {
      g_test_skip ("no Belgian French dictionary (hunspell-fr)");
      return;
    }

  /* a site opened for the first time: French, everywhere */
  window = ui_test_open_window (app, first);
  body = postings_source_view_get_spell_controller (_postings_editor_page_get_source_view (PAGE (window)));
  g_assert_null (postings_spell_controller_get_language (body));
  g_assert_null (title_language (window));

  /* the user picks another language in the text's context menu */
  gtk_widget_activate_action (GTK_WIDGET (_postings_editor_page_get_source_view (PAGE (window))),
                              "spell.language", "s", "fr_BE");
  g_assert_cmpstr (postings_spell_controller_get_language (body), ==, "fr_BE");
  /* the form's rows follow */
  g_assert_cmpstr (title_language (window), ==, "fr_BE");
  ui_test_destroy_window (window);

  /* reopened: the site kept it */
  window = ui_test_open_window (app, first);
  body = postings_source_view_get_spell_controller (_postings_editor_page_get_source_view (PAGE (window)));
  g_assert_cmpstr (postings_spell_controller_get_language (body), ==, "fr_BE");
  g_assert_cmpstr (title_language (window), ==, "fr_BE");
  ui_test_destroy_window (window);

  /* another site: its own (French) */
  window = ui_test_open_window (app, second);
  body = postings_source_view_get_spell_controller (_postings_editor_page_get_source_view (PAGE (window)));
  g_assert_null (postings_spell_controller_get_language (body));
  g_assert_null (title_language (window));
  ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!ui_test_init (&argc, &argv, &app, &tmp_dir))
    return 0;

  g_test_add_func ("/spell-entry/form/underlined", test_rows_underlined);
  g_test_add_func ("/spell-entry/form/typed-word", test_typed_word_left_alone);
  g_test_add_func ("/spell-entry/form/menu", test_menu_corrects);
  g_test_add_func ("/spell-entry/site-language", test_language_per_site);

  return ui_test_run (app, tmp_dir);
}
