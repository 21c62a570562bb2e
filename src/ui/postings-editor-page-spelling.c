/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-editor-page-private.h"
#include "postings-settings.h"
#include "postings-spell-controller.h"

/*
 * The page's spelling language: the site's. The body, the header editor
 * and the form's prose rows share it; a change from a context menu is
 * remembered for the site (setting `site-spelling-languages`, keyed by the
 * repository root) and comes back when a posting of the site opens.
 */

static void
apply_language (PostingsEditorPage *self,
                const char         *language)
{
  postings_spell_controller_set_language (postings_source_view_get_spell_controller (self->source_view), language);
  postings_spell_controller_set_language (postings_source_view_get_spell_controller (self->front_matter_view), language);
  postings_form_set_spell_language (self->form, language);
}

static void
language_changed_cb (PostingsEditorPage      *self,
                     GParamSpec              *pspec,
                     PostingsSpellController *spell)
{
  const char *language = postings_spell_controller_get_language (spell);

  postings_settings_set_site_language (self->settings, self->repository_root, language);
  apply_language (self, language);
}

void
_postings_editor_page_init_spelling (PostingsEditorPage *self)
{
  PostingsSourceView *views[] = { self->source_view, self->front_matter_view };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    g_signal_connect_object (postings_source_view_get_spell_controller (views[i]), "notify::language",
                             G_CALLBACK (language_changed_cb), self, G_CONNECT_SWAPPED);
}

void
_postings_editor_page_restore_spelling (PostingsEditorPage *self)
{
  g_autofree char *language = postings_settings_dup_site_language (self->settings, self->repository_root);

  apply_language (self, language);
}
