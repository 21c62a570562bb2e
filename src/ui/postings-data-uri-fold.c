/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-data-uri.h"
#include "postings-data-uri-fold.h"

/* Space around the marker's text, in pixels. */
#define MARKER_PADDING 6
#define MARKER_SCALE   0.85

typedef struct
{
  GtkTextMark *start;     /* right gravity: stays on the URI's first character */
  GtkTextMark *end;       /* left gravity: text typed after the URI stays out */
  char        *label;
  GtkTextTag  *marker;    /* the first character's tag (its width) */
  gboolean     expanded;
} Fold;

struct _PostingsDataUriFold
{
  GObject        parent_instance;

  GtkTextView   *view;          /* weak */
  GtkTextBuffer *buffer;
  GtkTextTag    *hidden;
  GHashTable    *marker_tags;   /* letter spacing → GtkTextTag */
  GPtrArray     *folds;         /* Fold *, in text order */
  GtkTextMark   *dirty_start;   /* the changed part not looked at yet, or NULL */
  GtkTextMark   *dirty_end;
  guint          idle_id;
  gboolean       all_expanded;
};

G_DEFINE_FINAL_TYPE (PostingsDataUriFold, postings_data_uri_fold, G_TYPE_OBJECT)

static void
fold_free (gpointer data)
{
  Fold *fold = data;
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (fold->start);

  if (buffer != NULL)
    {
      gtk_text_buffer_delete_mark (buffer, fold->start);
      gtk_text_buffer_delete_mark (buffer, fold->end);
    }
  g_object_unref (fold->start);
  g_object_unref (fold->end);
  g_free (fold->label);
  g_free (fold);
}

static void
fold_get_bounds (PostingsDataUriFold *self,
                 Fold                *fold,
                 GtkTextIter         *start,
                 GtkTextIter         *end)
{
  gtk_text_buffer_get_iter_at_mark (self->buffer, start, fold->start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, end, fold->end);
}

/* Tags -------------------------------------------------------------------- */

static int
text_width (PostingsDataUriFold *self,
            const char          *text,
            double               scale)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->view), text);
  PangoAttrList *attrs = pango_attr_list_new ();
  int width;

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_size (layout, &width, NULL);

  return width;
}

/* A transparent first character, widened by letter spacing to hold the
 * marker drawn over it. Tags of the same width are shared. */
static GtkTextTag *
get_marker_tag (PostingsDataUriFold *self,
                const char          *label,
                const char          *first_char)
{
  int spacing = text_width (self, label, MARKER_SCALE) + 2 * MARKER_PADDING * PANGO_SCALE -
                text_width (self, first_char, 1.0);
  GtkTextTag *tag = g_hash_table_lookup (self->marker_tags, GINT_TO_POINTER (spacing));

  if (tag == NULL)
    {
      /* Not 0: Pango reads a zero alpha as "not set", that is opaque. */
      GdkRGBA transparent = { 0, 0, 0, 0.002 };

      tag = gtk_text_buffer_create_tag (self->buffer, NULL,
                                        "letter-spacing", MAX (spacing, 0),
                                        "foreground-rgba", &transparent,
                                        NULL);
      g_hash_table_insert (self->marker_tags, GINT_TO_POINTER (spacing), tag);
    }

  gtk_text_tag_set_priority (tag, gtk_text_tag_table_get_size (gtk_text_buffer_get_tag_table (self->buffer)) - 1);
  return tag;
}

/* The markers stay above the syntax highlighting, whose tags are made
 * later, as it goes: their transparent colour wins. */
static void
tag_added_cb (GtkTextTagTable     *table,
              GtkTextTag          *added,
              PostingsDataUriFold *self)
{
  GHashTableIter iter;
  gpointer tag;

  g_hash_table_iter_init (&iter, self->marker_tags);
  while (g_hash_table_iter_next (&iter, NULL, &tag))
    if (tag != added)
      gtk_text_tag_set_priority (tag, gtk_text_tag_table_get_size (table) - 1);
}

static void
apply_fold (PostingsDataUriFold *self,
            Fold                *fold)
{
  GtkTextIter start, second, end;

  fold_get_bounds (self, fold, &start, &end);
  second = start;
  gtk_text_iter_forward_char (&second);
  gtk_text_buffer_apply_tag (self->buffer, fold->marker, &start, &second);
  gtk_text_buffer_apply_tag (self->buffer, self->hidden, &second, &end);
}

static void
remove_fold_tags (PostingsDataUriFold *self,
                  const GtkTextIter   *start,
                  const GtkTextIter   *end)
{
  GHashTableIter iter;
  gpointer tag;

  gtk_text_buffer_remove_tag (self->buffer, self->hidden, start, end);
  g_hash_table_iter_init (&iter, self->marker_tags);
  while (g_hash_table_iter_next (&iter, NULL, &tag))
    gtk_text_buffer_remove_tag (self->buffer, tag, start, end);
}

static void
set_expanded (PostingsDataUriFold *self,
              Fold                *fold,
              gboolean             expanded)
{
  GtkTextIter start, end, cursor;

  if (fold->expanded == expanded)
    return;

  fold->expanded = expanded;
  fold_get_bounds (self, fold, &start, &end);
  if (expanded)
    {
      remove_fold_tags (self, &start, &end);
      return;
    }

  apply_fold (self, fold);
  /* The cursor must not stay in hidden text. */
  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  if (gtk_text_iter_compare (&cursor, &start) > 0 && gtk_text_iter_compare (&cursor, &end) < 0)
    gtk_text_buffer_place_cursor (self->buffer, &start);
}

/* Scanning ---------------------------------------------------------------- */

static int
compare_folds (gconstpointer a,
               gconstpointer b)
{
  const Fold *fa = *(const Fold * const *) a;
  const Fold *fb = *(const Fold * const *) b;
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (fa->start);
  GtkTextIter ia, ib;

  gtk_text_buffer_get_iter_at_mark (buffer, &ia, fa->start);
  gtk_text_buffer_get_iter_at_mark (buffer, &ib, fb->start);
  return gtk_text_iter_compare (&ia, &ib);
}

/* Finds the URIs of the lines from @first to @last again. */
static void
rescan (PostingsDataUriFold *self,
        const GtkTextIter   *first,
        const GtkTextIter   *last)
{
  g_autoptr(GHashTable) expanded = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) uris = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start = *first, end = *last;
  int start_offset, end_offset;
  const char *counted;
  int counted_chars;

  gtk_text_iter_set_line_offset (&start, 0);
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  start_offset = gtk_text_iter_get_offset (&start);
  end_offset = gtk_text_iter_get_offset (&end);

  /* Forget the URIs there, remembering which were shown in full. */
  for (guint i = self->folds->len; i > 0; i--)
    {
      Fold *fold = g_ptr_array_index (self->folds, i - 1);
      GtkTextIter fold_start;
      int offset;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &fold_start, fold->start);
      offset = gtk_text_iter_get_offset (&fold_start);
      if (offset < start_offset || offset > end_offset)
        continue;
      if (fold->expanded)
        g_hash_table_add (expanded, GINT_TO_POINTER (offset));
      g_ptr_array_remove_index (self->folds, i - 1);
    }
  remove_fold_tags (self, &start, &end);

  text = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
  uris = postings_data_uri_find_all (text, strlen (text), POSTINGS_DATA_URI_FOLD_MIN_LENGTH);

  counted = text;
  counted_chars = start_offset;
  for (guint i = 0; i < uris->len; i++)
    {
      const PostingsDataUri *uri = &g_array_index (uris, PostingsDataUri, i);
      Fold *fold = g_new0 (Fold, 1);
      GtkTextIter uri_start, uri_end;
      char first_char[2] = { text[uri->start], '\0' };

      counted_chars += g_utf8_strlen (counted, text + uri->start - counted);
      counted = text + uri->start;

      /* A URI is ASCII: as many characters as bytes. */
      gtk_text_buffer_get_iter_at_offset (self->buffer, &uri_start, counted_chars);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &uri_end, counted_chars + (int) (uri->end - uri->start));
      fold->start = g_object_ref (gtk_text_buffer_create_mark (self->buffer, NULL, &uri_start, FALSE));
      fold->end = g_object_ref (gtk_text_buffer_create_mark (self->buffer, NULL, &uri_end, TRUE));
      fold->label = postings_data_uri_describe (uri);
      fold->marker = get_marker_tag (self, fold->label, first_char);
      fold->expanded = self->all_expanded || g_hash_table_contains (expanded, GINT_TO_POINTER (counted_chars));
      if (!fold->expanded)
        apply_fold (self, fold);
      g_ptr_array_add (self->folds, fold);
    }

  g_ptr_array_sort (self->folds, compare_folds);
}

void
postings_data_uri_fold_flush (PostingsDataUriFold *self)
{
  GtkTextIter start, end;

  g_return_if_fail (POSTINGS_IS_DATA_URI_FOLD (self));

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->dirty_start == NULL)
    return;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->dirty_start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->dirty_end);
  gtk_text_buffer_delete_mark (self->buffer, self->dirty_start);
  gtk_text_buffer_delete_mark (self->buffer, self->dirty_end);
  self->dirty_start = self->dirty_end = NULL;

  rescan (self, &start, &end);
  if (self->view != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

static gboolean
idle_cb (gpointer data)
{
  PostingsDataUriFold *self = data;

  self->idle_id = 0;
  postings_data_uri_fold_flush (self);
  return G_SOURCE_REMOVE;
}

static void
mark_dirty (PostingsDataUriFold *self,
            const GtkTextIter   *start,
            const GtkTextIter   *end)
{
  if (self->dirty_start == NULL)
    {
      self->dirty_start = gtk_text_buffer_create_mark (self->buffer, NULL, start, TRUE);
      self->dirty_end = gtk_text_buffer_create_mark (self->buffer, NULL, end, FALSE);
    }
  else
    {
      GtkTextIter dirty_start, dirty_end;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &dirty_start, self->dirty_start);
      gtk_text_buffer_get_iter_at_mark (self->buffer, &dirty_end, self->dirty_end);
      if (gtk_text_iter_compare (start, &dirty_start) < 0)
        gtk_text_buffer_move_mark (self->buffer, self->dirty_start, start);
      if (gtk_text_iter_compare (end, &dirty_end) > 0)
        gtk_text_buffer_move_mark (self->buffer, self->dirty_end, end);
    }

  /* Before the next frame is drawn: no flash of unfolded text. */
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, idle_cb, self, NULL);
}

static void
insert_text_cb (GtkTextBuffer       *buffer,
                GtkTextIter         *location,
                const char          *text,
                int                  len,
                PostingsDataUriFold *self)
{
  GtkTextIter start = *location;

  /* After the insertion, @location is at its end. */
  gtk_text_iter_backward_chars (&start, g_utf8_strlen (text, len));
  mark_dirty (self, &start, location);
}

static void
delete_range_cb (GtkTextBuffer       *buffer,
                 GtkTextIter         *start,
                 GtkTextIter         *end,
                 PostingsDataUriFold *self)
{
  mark_dirty (self, start, start);
}

/* The cursor in a folded URI. Right after its marker (where moving the
 * cursor by one position leaves it, the start of the hidden text), it goes
 * to the URI's end, the same place on screen, so that typing goes after
 * the URI. Anywhere else inside (a search match, an undo), the URI is
 * shown. */
static void
mark_set_cb (GtkTextBuffer       *buffer,
             const GtkTextIter   *location,
             GtkTextMark         *mark,
             PostingsDataUriFold *self)
{
  if (mark != gtk_text_buffer_get_insert (buffer) || !gtk_text_iter_has_tag (location, self->hidden))
    return;

  for (guint i = 0; i < self->folds->len; i++)
    {
      Fold *fold = g_ptr_array_index (self->folds, i);
      GtkTextIter start, end, bound;

      fold_get_bounds (self, fold, &start, &end);
      if (fold->expanded || !gtk_text_iter_in_range (location, &start, &end))
        continue;

      if (gtk_text_iter_get_offset (location) != gtk_text_iter_get_offset (&start) + 1)
        {
          set_expanded (self, fold, TRUE);
          return;
        }

      /* A selection being made keeps its other end. */
      gtk_text_buffer_get_iter_at_mark (buffer, &bound, gtk_text_buffer_get_selection_bound (buffer));
      if (gtk_text_iter_equal (&bound, location))
        gtk_text_buffer_place_cursor (buffer, &end);
      else
        gtk_text_buffer_move_mark (buffer, mark, &end);
      return;
    }
}

/* Drawing ----------------------------------------------------------------- */

static gboolean
get_marker_area (PostingsDataUriFold *self,
                 Fold                *fold,
                 GdkRectangle        *area)
{
  GtkTextIter start;

  if (fold->expanded || self->view == NULL)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, fold->start);
  gtk_text_view_get_iter_location (self->view, &start, area);
  return TRUE;
}

void
postings_data_uri_fold_snapshot (PostingsDataUriFold *self,
                                 GtkTextViewLayer     layer,
                                 GtkSnapshot         *snapshot)
{
  GtkWidget *widget;
  GdkRectangle visible;
  GdkRGBA color;

  g_return_if_fail (POSTINGS_IS_DATA_URI_FOLD (self));

  if (layer != GTK_TEXT_VIEW_LAYER_ABOVE_TEXT || self->view == NULL || self->folds->len == 0)
    return;

  widget = GTK_WIDGET (self->view);
  gtk_text_view_get_visible_rect (self->view, &visible);
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
G_GNUC_END_IGNORE_DEPRECATIONS

  for (guint i = 0; i < self->folds->len; i++)
    {
      Fold *fold = g_ptr_array_index (self->folds, i);
      g_autoptr(PangoLayout) layout = NULL;
      PangoAttrList *attrs;
      GdkRectangle area;
      GskRoundedRect chip;
      GdkRGBA fill = color, ink = color;
      int text_height;

      if (!get_marker_area (self, fold, &area) ||
          area.y + area.height < visible.y || area.y > visible.y + visible.height)
        continue;

      fill.alpha = 0.12;
      ink.alpha = 0.75;
      gsk_rounded_rect_init_from_rect (&chip, &GRAPHENE_RECT_INIT (area.x + 1, area.y + 1,
                                                                   MAX (area.width - 2, 1),
                                                                   MAX (area.height - 2, 1)), 4);
      gtk_snapshot_push_rounded_clip (snapshot, &chip);
      gtk_snapshot_append_color (snapshot, &fill, &chip.bounds);
      gtk_snapshot_pop (snapshot);

      layout = gtk_widget_create_pango_layout (widget, fold->label);
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_scale_new (MARKER_SCALE));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_get_pixel_size (layout, NULL, &text_height);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (area.x + MARKER_PADDING,
                                                             area.y + (area.height - text_height) / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &ink);
      gtk_snapshot_restore (snapshot);
    }
}

/* Input ------------------------------------------------------------------- */

gboolean
postings_data_uri_fold_delete (PostingsDataUriFold *self,
                               GtkDeleteType        type,
                               int                  count)
{
  GtkTextIter cursor, other, start, end, sel_start, sel_end;
  gboolean extended = FALSE;

  g_return_val_if_fail (POSTINGS_IS_DATA_URI_FOLD (self), FALSE);

  if (self->view == NULL || count == 0 ||
      gtk_text_buffer_get_selection_bounds (self->buffer, &sel_start, &sel_end))
    return FALSE;

  postings_data_uri_fold_flush (self);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  other = cursor;
  if (type == GTK_DELETE_CHARS)
    {
      if (count > 0)
        gtk_text_iter_forward_cursor_positions (&other, count);
      else
        gtk_text_iter_backward_cursor_positions (&other, -count);
    }
  else if (type == GTK_DELETE_WORD_ENDS)
    {
      if (count > 0)
        gtk_text_iter_forward_word_ends (&other, count);
      else
        gtk_text_iter_backward_word_starts (&other, -count);
    }
  else
    return FALSE;

  start = cursor;
  end = other;
  gtk_text_iter_order (&start, &end);

  /* A deletion that would cut a folded URI takes all of it. */
  for (guint i = 0; i < self->folds->len; i++)
    {
      Fold *fold = g_ptr_array_index (self->folds, i);
      GtkTextIter fold_start, fold_end;

      if (fold->expanded)
        continue;
      fold_get_bounds (self, fold, &fold_start, &fold_end);
      if (gtk_text_iter_compare (&start, &fold_end) < 0 && gtk_text_iter_compare (&end, &fold_start) > 0 &&
          (gtk_text_iter_compare (&start, &fold_start) > 0 || gtk_text_iter_compare (&end, &fold_end) < 0))
        {
          if (gtk_text_iter_compare (&fold_start, &start) < 0)
            start = fold_start;
          if (gtk_text_iter_compare (&fold_end, &end) > 0)
            end = fold_end;
          extended = TRUE;
        }
    }

  if (!extended)
    return FALSE;

  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_delete_interactive (self->buffer, &start, &end, gtk_text_view_get_editable (self->view));
  gtk_text_buffer_end_user_action (self->buffer);
  gtk_text_view_scroll_mark_onscreen (self->view, gtk_text_buffer_get_insert (self->buffer));
  return TRUE;
}

gboolean
postings_data_uri_fold_toggle_at_cursor (PostingsDataUriFold *self)
{
  GtkTextIter cursor;

  g_return_val_if_fail (POSTINGS_IS_DATA_URI_FOLD (self), FALSE);

  postings_data_uri_fold_flush (self);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));

  for (guint i = 0; i < self->folds->len; i++)
    {
      Fold *fold = g_ptr_array_index (self->folds, i);
      GtkTextIter start, end;

      fold_get_bounds (self, fold, &start, &end);
      if (gtk_text_iter_compare (&cursor, &start) >= 0 && gtk_text_iter_compare (&cursor, &end) <= 0)
        {
          set_expanded (self, fold, !fold->expanded);
          if (fold->expanded)
            gtk_text_buffer_place_cursor (self->buffer, &start);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
toggle_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  return postings_data_uri_fold_toggle_at_cursor (POSTINGS_DATA_URI_FOLD (user_data));
}

/* A click on a marker shows its URI. */
static void
pressed_cb (GtkGestureClick     *gesture,
            int                  n_press,
            double               x,
            double               y,
            PostingsDataUriFold *self)
{
  int bx, by;

  if (self->view == NULL)
    return;

  gtk_text_view_window_to_buffer_coords (self->view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  for (guint i = 0; i < self->folds->len; i++)
    {
      Fold *fold = g_ptr_array_index (self->folds, i);
      GdkRectangle area;
      GtkTextIter start, end;

      if (!get_marker_area (self, fold, &area) ||
          bx < area.x || bx >= area.x + area.width || by < area.y || by >= area.y + area.height)
        continue;

      fold_get_bounds (self, fold, &start, &end);
      set_expanded (self, fold, TRUE);
      gtk_text_buffer_place_cursor (self->buffer, &start);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }
}

/* Reading ----------------------------------------------------------------- */

guint
postings_data_uri_fold_get_n_uris (PostingsDataUriFold *self)
{
  g_return_val_if_fail (POSTINGS_IS_DATA_URI_FOLD (self), 0);

  return self->folds->len;
}

gboolean
postings_data_uri_fold_get_uri (PostingsDataUriFold  *self,
                                guint                 index,
                                GtkTextIter          *start,
                                GtkTextIter          *end,
                                const char          **label,
                                gboolean             *folded)
{
  Fold *fold;
  GtkTextIter s, e;

  g_return_val_if_fail (POSTINGS_IS_DATA_URI_FOLD (self), FALSE);

  if (index >= self->folds->len)
    return FALSE;

  fold = g_ptr_array_index (self->folds, index);
  fold_get_bounds (self, fold, &s, &e);
  if (start != NULL)
    *start = s;
  if (end != NULL)
    *end = e;
  if (label != NULL)
    *label = fold->label;
  if (folded != NULL)
    *folded = !fold->expanded;
  return TRUE;
}

gboolean
postings_data_uri_fold_get_marker_area (PostingsDataUriFold *self,
                                        guint                index,
                                        GdkRectangle        *area)
{
  g_return_val_if_fail (POSTINGS_IS_DATA_URI_FOLD (self), FALSE);

  return index < self->folds->len &&
         get_marker_area (self, g_ptr_array_index (self->folds, index), area);
}

void
postings_data_uri_fold_set_all_expanded (PostingsDataUriFold *self,
                                         gboolean             expanded)
{
  g_return_if_fail (POSTINGS_IS_DATA_URI_FOLD (self));

  postings_data_uri_fold_flush (self);
  self->all_expanded = expanded;
  for (guint i = 0; i < self->folds->len; i++)
    set_expanded (self, g_ptr_array_index (self->folds, i), expanded);
}

/* Life -------------------------------------------------------------------- */

static void
postings_data_uri_fold_dispose (GObject *object)
{
  PostingsDataUriFold *self = POSTINGS_DATA_URI_FOLD (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->buffer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->buffer, self);
      g_signal_handlers_disconnect_by_data (gtk_text_buffer_get_tag_table (self->buffer), self);
    }
  if (self->dirty_start != NULL)
    {
      gtk_text_buffer_delete_mark (self->buffer, self->dirty_start);
      gtk_text_buffer_delete_mark (self->buffer, self->dirty_end);
      self->dirty_start = self->dirty_end = NULL;
    }
  g_clear_pointer (&self->folds, g_ptr_array_unref);
  g_clear_pointer (&self->marker_tags, g_hash_table_unref);
  g_clear_object (&self->buffer);
  g_clear_weak_pointer (&self->view);

  G_OBJECT_CLASS (postings_data_uri_fold_parent_class)->dispose (object);
}

static void
postings_data_uri_fold_class_init (PostingsDataUriFoldClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = postings_data_uri_fold_dispose;
}

static void
postings_data_uri_fold_init (PostingsDataUriFold *self)
{
  self->folds = g_ptr_array_new_with_free_func (fold_free);
  self->marker_tags = g_hash_table_new (NULL, NULL);
}

PostingsDataUriFold *
postings_data_uri_fold_new (GtkTextView *view)
{
  PostingsDataUriFold *self;
  GtkEventController *shortcuts;
  GtkGesture *click;
  GtkTextIter start, end;

  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);

  self = g_object_new (POSTINGS_TYPE_DATA_URI_FOLD, NULL);
  g_set_weak_pointer (&self->view, view);
  self->buffer = g_object_ref (gtk_text_view_get_buffer (view));
  self->hidden = gtk_text_buffer_create_tag (self->buffer, NULL, "invisible", TRUE, NULL);

  g_signal_connect_after (self->buffer, "insert-text", G_CALLBACK (insert_text_cb), self);
  g_signal_connect_after (self->buffer, "delete-range", G_CALLBACK (delete_range_cb), self);
  g_signal_connect (self->buffer, "mark-set", G_CALLBACK (mark_set_cb), self);
  g_signal_connect (gtk_text_buffer_get_tag_table (self->buffer), "tag-added", G_CALLBACK (tag_added_cb), self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_e, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (toggle_shortcut_cb, g_object_ref (self),
                                                                                   g_object_unref)));
  gtk_widget_add_controller (GTK_WIDGET (view), shortcuts);

  /* Whatever the buffer holds already. */
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  mark_dirty (self, &start, &end);

  return self;
}
