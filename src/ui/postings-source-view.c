/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "postings-data-uri.h"
#include "postings-image-insert.h"
#include "postings-source-view.h"
#include "postings-word-count.h"

struct _PostingsSourceView
{
  GtkSourceView parent_instance;
  char *language_id;
  PostingsDataUriFold *fold;  /* pasted images (data: URIs) shown folded */
  GFile *file;                /* the posting, for dropped images (nullable) */
  PostingsSpellController *spell;

  PostingsHtmlImageFunc paste_image_func;
  gpointer paste_image_data;
  GDestroyNotify paste_image_destroy;
  gboolean paste_plain;           /* Ctrl+Shift+V */
  GCancellable *paste_cancellable;
};

G_DEFINE_FINAL_TYPE (PostingsSourceView, postings_source_view, GTK_SOURCE_TYPE_VIEW)

enum {
  PROP_0,
  PROP_LANGUAGE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Languages ---------------------------------------------------------------
 *
 * GtkSourceView parses a language's definition (markdown.lang brings
 * html.lang, which brings JavaScript and CSS: about 60 ms of CPU) the first
 * time a buffer uses it, and keeps it while a buffer does. A thread started
 * before GTK's own set-up parses them into buffers of its own, which keep
 * them for the process; the main thread waits for it before its first use
 * of GtkSourceView's languages (in practice it has long finished). */

static GThread *preload_thread;
static GPtrArray *preload_buffers;  /* GtkSourceBuffer, one per language */

static gpointer
preload_languages_thread (gpointer data)
{
  g_auto(GStrv) ids = data;
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  GPtrArray *buffers = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      GtkSourceLanguage *language = gtk_source_language_manager_get_language (manager, ids[i]);

      if (language != NULL)
        g_ptr_array_add (buffers, gtk_source_buffer_new_with_language (language));
    }
  return buffers;
}

void
postings_source_view_preload_languages (const char * const *language_ids)
{
  g_return_if_fail (language_ids != NULL);

  if (preload_thread != NULL || preload_buffers != NULL)
    return;

  /* Buffers take the default style scheme: loaded here, so that the
   * thread only reads the scheme manager. */
  gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (), "classic");
  preload_thread = g_thread_new ("postings-languages", preload_languages_thread,
                                 g_strdupv ((char **) language_ids));
}

static void
wait_for_languages (void)
{
  if (preload_thread != NULL)
    preload_buffers = g_thread_join (g_steal_pointer (&preload_thread));
}

static GtkTextBuffer *
get_buffer (PostingsSourceView *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
}

static void
update_style_scheme (PostingsSourceView *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (style_manager);
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "classic-dark" : "classic");
  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (get_buffer (self)), scheme);
}

static void
style_manager_dark_cb (PostingsSourceView *self)
{
  update_style_scheme (self);
}

const char *
postings_source_view_get_language_id (PostingsSourceView *self)
{
  g_return_val_if_fail (POSTINGS_IS_SOURCE_VIEW (self), NULL);
  return self->language_id;
}

void
postings_source_view_set_language_id (PostingsSourceView *self,
                                      const char         *language_id)
{
  GtkSourceLanguage *language = NULL;
  gboolean yaml;

  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW (self));

  if (g_strcmp0 (self->language_id, language_id) == 0)
    return;
  g_free (self->language_id);
  self->language_id = g_strdup (language_id);

  wait_for_languages ();
  if (language_id != NULL)
    language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                         language_id);
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (get_buffer (self)), language);

  /* Tabs break YAML; two spaces is the house indentation of front matter. */
  yaml = g_strcmp0 (language_id, "yaml") == 0;
  gtk_source_view_set_insert_spaces_instead_of_tabs (GTK_SOURCE_VIEW (self), yaml);
  gtk_source_view_set_tab_width (GTK_SOURCE_VIEW (self), yaml ? 2 : 4);
  postings_spell_controller_set_text_kind (self->spell, yaml ? POSTINGS_SPELL_TEXT_FRONT_MATTER
                                                             : POSTINGS_SPELL_TEXT_MARKDOWN);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE_ID]);
}

GtkWidget *
postings_source_view_new (const char *language_id)
{
  return g_object_new (POSTINGS_TYPE_SOURCE_VIEW, "language-id", language_id, NULL);
}

char *
postings_source_view_dup_text (PostingsSourceView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

PostingsSpellController *
postings_source_view_get_spell_controller (PostingsSourceView *self)
{
  g_return_val_if_fail (POSTINGS_IS_SOURCE_VIEW (self), NULL);
  return self->spell;
}

void
postings_source_view_set_paste_image_func (PostingsSourceView    *self,
                                           PostingsHtmlImageFunc  func,
                                           gpointer               user_data,
                                           GDestroyNotify         destroy)
{
  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW (self));

  if (self->paste_image_destroy != NULL)
    self->paste_image_destroy (self->paste_image_data);
  self->paste_image_func = func;
  self->paste_image_data = user_data;
  self->paste_image_destroy = destroy;
}

void
postings_source_view_insert_pasted (PostingsSourceView *self,
                                    const char         *markdown)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, line_start, line_end;
  g_autoptr(GString) text = NULL;

  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW (self));
  g_return_if_fail (markdown != NULL);

  if (*markdown == '\0')
    return;
  buffer = get_buffer (self);
  text = g_string_new (markdown);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (GTK_TEXT_VIEW (self)));
  gtk_text_buffer_get_iter_at_mark (buffer, &start, gtk_text_buffer_get_insert (buffer));
  if (postings_html_markdown_is_blocks (markdown))
    {
      /* blocks go on lines of their own, a blank line apart from the text around */
      line_start = start;
      gtk_text_iter_set_line_offset (&line_start, 0);
      line_end = start;
      if (!gtk_text_iter_ends_line (&line_end))
        gtk_text_iter_forward_to_line_end (&line_end);
      if (!gtk_text_iter_equal (&line_start, &start))
        g_string_prepend (text, "\n\n");
      if (!gtk_text_iter_equal (&line_end, &start))
        g_string_append (text, "\n\n");
    }
  gtk_text_buffer_insert_interactive (buffer, &start, text->str, (int) text->len,
                                      gtk_text_view_get_editable (GTK_TEXT_VIEW (self)));
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer));
}

static void
paste_html_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PostingsSourceView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *html = NULL;
  g_autofree char *markdown = NULL;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error == NULL)
    bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (source));
  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    {
      html = postings_html_from_clipboard (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      markdown = postings_html_to_markdown (html, -1, self->paste_image_func, self->paste_image_data);
    }
  if (markdown != NULL && *markdown != '\0')
    postings_source_view_insert_pasted (self, markdown);
  else
    {
      /* nothing usable in the HTML: its plain text, as GTK would paste it */
      if (error != NULL)
        g_debug ("pasting HTML: %s", error->message);
      self->paste_plain = TRUE;
      g_signal_emit_by_name (self, "paste-clipboard");
    }
}

static void
paste_html_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PostingsSourceView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, &error);
  g_autoptr(GOutputStream) memory = NULL;

  if (stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("pasting HTML: %s", error->message);
      self->paste_plain = TRUE;
      g_signal_emit_by_name (self, "paste-clipboard");
      return;
    }
  memory = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (memory, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, self->paste_cancellable,
                                paste_html_done_cb, g_object_ref (self));
}

/* Ctrl+V: HTML becomes Markdown (in the body; the header editor pastes
 * text). Anything else, and Ctrl+Shift+V, is GTK's own paste. */
static void
paste_clipboard_cb (PostingsSourceView *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);
  static const char *mime_types[] = { "text/html", NULL };

  if (self->paste_plain)
    {
      self->paste_plain = FALSE;
      return;
    }
  if (g_strcmp0 (self->language_id, "yaml") == 0
      || !gdk_content_formats_contain_mime_type (formats, "text/html"))
    return;

  g_signal_stop_emission_by_name (self, "paste-clipboard");
  g_cancellable_cancel (self->paste_cancellable);
  g_clear_object (&self->paste_cancellable);
  self->paste_cancellable = g_cancellable_new ();
  gdk_clipboard_read_async (clipboard, mime_types, G_PRIORITY_DEFAULT, self->paste_cancellable,
                            paste_html_read_cb, g_object_ref (self));
}

static void
paste_plain_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PostingsSourceView *self = POSTINGS_SOURCE_VIEW (widget);

  self->paste_plain = TRUE;
  g_signal_emit_by_name (self, "paste-clipboard");
}

/* Replaces only the part that differs, so that the cursor, the scroll
 * position and marks outside the change stay where they are. */
void
postings_source_view_replace_text (PostingsSourceView *self,
                                   const char         *text,
                                   gboolean            undoable)
{
  GtkTextBuffer *buffer;
  g_autofree char *old = NULL;
  gsize old_len, new_len, prefix = 0, suffix = 0;
  GtkTextIter start, end;
  glong start_offset, end_offset;

  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW (self));

  if (text == NULL)
    text = "";

  buffer = get_buffer (self);
  old = postings_source_view_dup_text (self);
  old_len = strlen (old);
  new_len = strlen (text);

  if (old_len == new_len && memcmp (old, text, old_len) == 0)
    return;

  while (prefix < old_len && prefix < new_len && old[prefix] == text[prefix])
    prefix++;
  while (prefix > 0 && (old[prefix] & 0xC0) == 0x80)
    prefix--;
  while (suffix < old_len - prefix && suffix < new_len - prefix
         && old[old_len - 1 - suffix] == text[new_len - 1 - suffix])
    suffix++;
  while (suffix > 0 && (old[old_len - suffix] & 0xC0) == 0x80)
    suffix--;

  start_offset = g_utf8_strlen (old, prefix);
  end_offset = start_offset + g_utf8_strlen (old + prefix, old_len - suffix - prefix);

  if (undoable)
    gtk_text_buffer_begin_user_action (buffer);
  else
    gtk_text_buffer_begin_irreversible_action (buffer);

  gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, end_offset);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text + prefix, new_len - suffix - prefix);

  if (undoable)
    gtk_text_buffer_end_user_action (buffer);
  else
    gtk_text_buffer_end_irreversible_action (buffer);

  if (!undoable)
    {
      /* Another file: start at the top. */
      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_place_cursor (buffer, &start);
    }
}

static void
select_offsets (GtkTextBuffer *buffer,
                int            start_offset,
                int            end_offset)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, end_offset);
  gtk_text_buffer_select_range (buffer, &start, &end);
}

static gboolean
text_between_is (GtkTextBuffer     *buffer,
                 const GtkTextIter *start,
                 const GtkTextIter *end,
                 const char        *expected)
{
  g_autofree char *text = gtk_text_buffer_get_text (buffer, start, end, TRUE);
  return g_strcmp0 (text, expected) == 0;
}

/* Wraps the selection (or the word under the cursor) in @marker, or
 * removes the markers when it is already wrapped. */
void
postings_source_view_toggle_emphasis (PostingsSourceView *self,
                                      const char         *marker)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end, before, after;
  int marker_chars, s, e;

  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW (self));
  g_return_if_fail (marker != NULL && *marker != '\0');

  buffer = get_buffer (self);
  marker_chars = g_utf8_strlen (marker, -1);

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      if (gtk_text_iter_inside_word (&start) && !gtk_text_iter_starts_word (&start))
        {
          if (!gtk_text_iter_ends_word (&end))
            gtk_text_iter_forward_word_end (&end);
          gtk_text_iter_backward_word_start (&start);
        }
      else if (gtk_text_iter_starts_word (&start))
        gtk_text_iter_forward_word_end (&end);
    }

  s = gtk_text_iter_get_offset (&start);
  e = gtk_text_iter_get_offset (&end);

  gtk_text_buffer_begin_user_action (buffer);

  if (s == e)
    {
      /* Nothing to wrap: insert a pair and type between them. */
      g_autofree char *pair = g_strconcat (marker, marker, NULL);
      gtk_text_buffer_insert (buffer, &start, pair, -1);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, s + marker_chars);
      gtk_text_buffer_place_cursor (buffer, &start);
    }
  else
    {
      g_autofree char *text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      gsize len = strlen (text), mlen = strlen (marker);

      before = start;
      after = end;
      gtk_text_iter_backward_chars (&before, marker_chars);
      gtk_text_iter_forward_chars (&after, marker_chars);

      if (len >= 2 * mlen && g_str_has_prefix (text, marker) && g_str_has_suffix (text, marker))
        {
          /* The selection includes the markers: drop them. */
          gtk_text_buffer_get_iter_at_offset (buffer, &end, e - marker_chars);
          gtk_text_buffer_get_iter_at_offset (buffer, &after, e);
          gtk_text_buffer_delete (buffer, &end, &after);
          gtk_text_buffer_get_iter_at_offset (buffer, &start, s);
          gtk_text_buffer_get_iter_at_offset (buffer, &before, s + marker_chars);
          gtk_text_buffer_delete (buffer, &start, &before);
          select_offsets (buffer, s, e - 2 * marker_chars);
        }
      else if (gtk_text_iter_get_offset (&before) == s - marker_chars
               && text_between_is (buffer, &before, &start, marker)
               && text_between_is (buffer, &end, &after, marker))
        {
          /* The markers are just outside the selection: drop them. */
          gtk_text_buffer_delete (buffer, &end, &after);
          gtk_text_buffer_get_iter_at_offset (buffer, &before, s - marker_chars);
          gtk_text_buffer_get_iter_at_offset (buffer, &start, s);
          gtk_text_buffer_delete (buffer, &before, &start);
          select_offsets (buffer, s - marker_chars, e - marker_chars);
        }
      else
        {
          gtk_text_buffer_insert (buffer, &end, marker, -1);
          gtk_text_buffer_get_iter_at_offset (buffer, &start, s);
          gtk_text_buffer_insert (buffer, &start, marker, -1);
          select_offsets (buffer, s + marker_chars, e + marker_chars);
        }
    }

  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer));
}

static gboolean
looks_like_url (const char *text)
{
  return g_str_has_prefix (text, "http://")
      || g_str_has_prefix (text, "https://")
      || g_str_has_prefix (text, "mailto:");
}

/* `[text](url)`: the selection becomes the text (or the URL when it is
 * one), and what is left to type is selected. */
void
postings_source_view_insert_link (PostingsSourceView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *link = NULL;
  int s;

  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW (self));

  buffer = get_buffer (self);
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  s = gtk_text_iter_get_offset (&start);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);

  if (*text != '\0' && looks_like_url (text) && strchr (text, '\n') == NULL)
    {
      link = g_strdup_printf ("[](%s)", text);
      gtk_text_buffer_insert (buffer, &start, link, -1);
      select_offsets (buffer, s + 1, s + 1);
    }
  else
    {
      int text_chars = g_utf8_strlen (text, -1);

      link = g_strdup_printf ("[%s](https://)", text);
      gtk_text_buffer_insert (buffer, &start, link, -1);
      if (text_chars == 0)
        select_offsets (buffer, s + 1, s + 1);
      else
        select_offsets (buffer, s + text_chars + 3, s + text_chars + 3 + (int) strlen ("https://"));
    }

  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer));
}

/* Makes the cursor's line a heading of @level (1–6), or a plain paragraph
 * for 0 or when it already has that level. */
void
postings_source_view_set_heading (PostingsSourceView *self,
                                  guint               level)
{
  GtkTextBuffer *buffer;
  GtkTextIter line_start, iter;
  guint existing = 0;

  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW (self));
  g_return_if_fail (level <= 6);

  buffer = get_buffer (self);
  gtk_text_buffer_get_iter_at_mark (buffer, &line_start, gtk_text_buffer_get_insert (buffer));
  gtk_text_iter_set_line_offset (&line_start, 0);

  iter = line_start;
  while (gtk_text_iter_get_char (&iter) == '#' && existing < 7)
    {
      existing++;
      gtk_text_iter_forward_char (&iter);
    }
  if (existing > 6
      || (existing > 0 && !gtk_text_iter_ends_line (&iter)
          && gtk_text_iter_get_char (&iter) != ' ' && gtk_text_iter_get_char (&iter) != '\t'))
    existing = 0; /* `#hashtag` or `#######`: not a heading */

  gtk_text_buffer_begin_user_action (buffer);

  if (existing > 0)
    {
      iter = line_start;
      gtk_text_iter_forward_chars (&iter, existing);
      while (gtk_text_iter_get_char (&iter) == ' ' || gtk_text_iter_get_char (&iter) == '\t')
        gtk_text_iter_forward_char (&iter);
      gtk_text_buffer_delete (buffer, &line_start, &iter);
    }

  if (level > 0 && level != existing)
    {
      char prefix[8];

      memset (prefix, '#', level);
      prefix[level] = ' ';
      prefix[level + 1] = '\0';
      gtk_text_buffer_insert (buffer, &line_start, prefix, -1);
    }

  gtk_text_buffer_end_user_action (buffer);
}

/* Pasted images (`data:` URIs) count for nothing: see core. */
void
postings_count_words (const char *text,
                      guint      *words,
                      guint      *characters)
{
  postings_count_words_and_characters (text, -1, words, characters);
}

static void
postings_source_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PostingsSourceView *self = POSTINGS_SOURCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE_ID:
      g_value_set_string (value, self->language_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_source_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PostingsSourceView *self = POSTINGS_SOURCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE_ID:
      postings_source_view_set_language_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_source_view_finalize (GObject *object)
{
  PostingsSourceView *self = POSTINGS_SOURCE_VIEW (object);

  g_clear_pointer (&self->language_id, g_free);
  g_clear_object (&self->fold);
  g_clear_object (&self->file);
  postings_source_view_set_paste_image_func (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (postings_source_view_parent_class)->finalize (object);
}

/* Folded data: URIs ----------------------------------------------------- */

static void
postings_source_view_snapshot_layer (GtkTextView      *view,
                                     GtkTextViewLayer  layer,
                                     GtkSnapshot      *snapshot)
{
  GtkTextViewClass *parent = GTK_TEXT_VIEW_CLASS (postings_source_view_parent_class);

  if (parent->snapshot_layer != NULL)
    parent->snapshot_layer (view, layer, snapshot);
  postings_data_uri_fold_snapshot (POSTINGS_SOURCE_VIEW (view)->fold, layer, snapshot);
}

static void
postings_source_view_backspace (GtkTextView *view)
{
  if (!postings_data_uri_fold_delete (POSTINGS_SOURCE_VIEW (view)->fold, GTK_DELETE_CHARS, -1))
    GTK_TEXT_VIEW_CLASS (postings_source_view_parent_class)->backspace (view);
}

static void
postings_source_view_delete_from_cursor (GtkTextView   *view,
                                         GtkDeleteType  type,
                                         int            count)
{
  if (!postings_data_uri_fold_delete (POSTINGS_SOURCE_VIEW (view)->fold, type, count))
    GTK_TEXT_VIEW_CLASS (postings_source_view_parent_class)->delete_from_cursor (view, type, count);
}

/* Dropped image files ----------------------------------------------------- */

void
postings_source_view_set_file (PostingsSourceView *self,
                               GFile              *file)
{
  g_return_if_fail (POSTINGS_IS_SOURCE_VIEW (self));

  g_set_object (&self->file, file);
}

GFile *
postings_source_view_get_file (PostingsSourceView *self)
{
  g_return_val_if_fail (POSTINGS_IS_SOURCE_VIEW (self), NULL);

  return self->file;
}

/* Image files dropped on the text are copied into the site and linked
 * where they are dropped; other files are left to the text view. */
static gboolean
drop_cb (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         PostingsSourceView *self)
{
  GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
  gboolean inserted = FALSE;
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by);

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *name = g_file_get_basename (l->data);

      if (postings_image_mime_from_file_name (name) == NULL)
        continue;
      postings_image_insert_file (GTK_TEXT_VIEW (self), l->data, self->file, &iter);
      inserted = TRUE;
    }
  g_slist_free (files);

  return inserted;
}

static char *
paste_image_cb (const char *src,
                const char *alt,
                gpointer    user_data)
{
  PostingsSourceView *self = user_data;

  return postings_image_insert_pasted (src, alt, self->file);
}

PostingsDataUriFold *
postings_source_view_get_data_uri_fold (PostingsSourceView *self)
{
  g_return_val_if_fail (POSTINGS_IS_SOURCE_VIEW (self), NULL);

  return self->fold;
}

static void
postings_source_view_dispose (GObject *object)
{
  PostingsSourceView *self = POSTINGS_SOURCE_VIEW (object);

  g_cancellable_cancel (self->paste_cancellable);
  g_clear_object (&self->paste_cancellable);
  if (self->spell != NULL)
    g_object_run_dispose (G_OBJECT (self->spell));
  g_clear_object (&self->spell);

  G_OBJECT_CLASS (postings_source_view_parent_class)->dispose (object);
}

static void
postings_source_view_class_init (PostingsSourceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_source_view_dispose;
  object_class->finalize = postings_source_view_finalize;
  object_class->get_property = postings_source_view_get_property;
  object_class->set_property = postings_source_view_set_property;
  GTK_TEXT_VIEW_CLASS (klass)->snapshot_layer = postings_source_view_snapshot_layer;
  GTK_TEXT_VIEW_CLASS (klass)->backspace = postings_source_view_backspace;
  GTK_TEXT_VIEW_CLASS (klass)->delete_from_cursor = postings_source_view_delete_from_cursor;

  properties[PROP_LANGUAGE_ID] =
    g_param_spec_string ("language-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "source.paste-plain", NULL, paste_plain_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "source.paste-plain", NULL);
}

static void
postings_source_view_init (PostingsSourceView *self)
{
  GtkSourceBuffer *buffer;
  GtkDropTarget *drop;

  /* GtkSourceView creates its GtkSourceBuffer itself. */
  wait_for_languages ();
  buffer = GTK_SOURCE_BUFFER (get_buffer (self));

  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self), 12);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self), 12);
  gtk_source_view_set_auto_indent (GTK_SOURCE_VIEW (self), TRUE);
  gtk_source_view_set_smart_home_end (GTK_SOURCE_VIEW (self), GTK_SOURCE_SMART_HOME_END_BEFORE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "postings-source-view");

  self->spell = postings_spell_controller_new (GTK_TEXT_VIEW (self));
  g_signal_connect (self, "paste-clipboard", G_CALLBACK (paste_clipboard_cb), NULL);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_manager_dark_cb), self, G_CONNECT_SWAPPED);
  update_style_scheme (self);

  self->fold = postings_data_uri_fold_new (GTK_TEXT_VIEW (self));
  /* Pasted HTML's embedded images go to files of the posting's site. */
  postings_source_view_set_paste_image_func (self, paste_image_cb, self, NULL);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drop), GTK_PHASE_CAPTURE);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
