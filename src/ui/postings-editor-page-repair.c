/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The banner of a header that does not read offers its safe fix as a
 * button, so a broken file is never a dead end:
 *
 *   - a header error the validator knows how to fix safely (an automatic
 *     EDIT fix: quote a value, add the closing `---`…): the button applies
 *     it through the problems list's controller (one undoable edit, with
 *     its "Problem fixed" toast);
 *   - an empty file, or text without a header: "Add the Template's Header"
 *     puts the template's header above the text, which unlocks the form.
 *
 * The fix is looked for when the banner shows, not at every keystroke. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "postings-editor-page-private.h"
#include "postings-slug.h"
#include "postings-template.h"
#include "postings-validator.h"

static gboolean
wants_template (PostingsEditorPage *self)
{
  const PostingsProblem *problem = postings_document_get_problem (self->document);

  return problem != NULL && (problem->kind == POSTINGS_PROBLEM_EMPTY_FILE ||
                             problem->kind == POSTINGS_PROBLEM_NO_FRONT_MATTER);
}

/* The template's header (`---` … `---`), dated by the file's name or today. */
static char *
template_header (PostingsEditorPage *self)
{
  g_autofree char *basename = self->file != NULL ? g_file_get_basename (self->file) : NULL;
  g_autofree char *date = NULL;
  g_autoptr(PostingsDocument) template = NULL;
  g_autofree char *body = NULL;
  const char *text;
  gsize len, body_len;

  if (basename == NULL || !postings_file_name_parse (basename, &date, NULL))
    g_clear_pointer (&date, g_free);
  template = postings_document_new_from_template (NULL, date, NULL);
  if (template == NULL)
    template = postings_document_new_from_template (NULL, NULL, NULL);
  g_return_val_if_fail (template != NULL, NULL);

  text = postings_document_get_text (template, &len);
  body = postings_document_dup_body (template);
  body_len = strlen (body);
  g_return_val_if_fail (body_len <= len && memcmp (text + len - body_len, body, body_len) == 0, NULL);
  return g_strndup (text, len - body_len);
}

static void
add_template_header (PostingsEditorPage *self)
{
  g_autofree char *header = template_header (self);
  g_autofree char *text = NULL;
  const char *old;
  gsize len;

  if (header == NULL)
    return;
  old = postings_document_get_text (self->document, &len);
  /* an empty file (or only blanks) gets the header alone */
  text = strspn (old, " \t\r\n") == len ? g_strdup (header) : g_strconcat (header, old, NULL);
  postings_document_set_text (self->document, text, -1);
  _postings_editor_page_show_toast (self, _("Header added: fill in the fields"));
}

static void
repair_clicked_cb (PostingsEditorPage *self)
{
  g_autoptr(PostingsDiagnostic) repair = NULL;
  g_autoptr(GError) error = NULL;

  if (self->document == NULL)
    return;
  if (self->repair == NULL)
    {
      if (wants_template (self))
        add_template_header (self);
      return;
    }

  repair = postings_diagnostic_ref (self->repair);
  if (!postings_diagnostics_controller_fix (self->diagnostics, repair, &error))
    _postings_editor_page_show_toast (self, error->message);
}

/* The first header error with a safe fix. */
static PostingsDiagnostic *
find_repair (PostingsEditorPage *self)
{
  g_autoptr(GPtrArray) diagnostics = postings_validate (self->document, self->schema, NULL, NULL);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->severity == POSTINGS_SEVERITY_ERROR && d->fix_kind == POSTINGS_FIX_EDIT &&
          d->fix_automatic && d->fix_label != NULL)
        return postings_diagnostic_ref (d);
    }
  return NULL;
}

void
_postings_editor_page_update_repair (PostingsEditorPage *self)
{
  gboolean broken = self->document != NULL &&
                    postings_document_get_state (self->document) != POSTINGS_DOCUMENT_OK;
  const char *label = NULL;

  g_clear_pointer (&self->repair, postings_diagnostic_unref);
  if (broken)
    {
      self->repair = find_repair (self);
      if (self->repair != NULL)
        label = self->repair->fix_label;
      else if (wants_template (self))
        label = _("Add the Template’s Header");
    }

  if (self->repair_button == NULL && label != NULL)
    {
      GtkWidget *box = gtk_widget_get_parent (self->banner_button);

      self->repair_button = gtk_button_new ();
      gtk_widget_set_valign (self->repair_button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (self->repair_button, "suggested-action");
      g_signal_connect_object (self->repair_button, "clicked", G_CALLBACK (repair_clicked_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_insert_child_after (GTK_BOX (box), self->repair_button,
                                  gtk_widget_get_prev_sibling (self->banner_button));
    }
  if (self->repair_button != NULL)
    {
      GtkWidget *text = gtk_button_get_child (GTK_BUTTON (self->repair_button));

      if (text == NULL)
        {
          /* fix labels are sentences that may be long: they wrap */
          text = gtk_label_new (NULL);
          gtk_label_set_wrap (GTK_LABEL (text), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (text), 30);
          gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
          gtk_button_set_child (GTK_BUTTON (self->repair_button), text);
        }
      if (label != NULL)
        gtk_label_set_label (GTK_LABEL (text), label);
      gtk_widget_set_visible (self->repair_button, label != NULL);
    }
}

void
_postings_editor_page_dispose_repair (PostingsEditorPage *self)
{
  g_clear_pointer (&self->repair, postings_diagnostic_unref);
}

/* For tests: the banner's fix button, or NULL when none is offered. */
GtkWidget *
_postings_editor_page_get_repair_button (PostingsEditorPage *self)
{
  if (self->repair_button == NULL || !gtk_widget_get_visible (self->repair_button) ||
      !gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return self->repair_button;
}
