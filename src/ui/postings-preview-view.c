/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "postings-image.h"
#include "postings-image-loader.h"
#include "postings-image-paintable.h"
#include "postings-preview.h"
#include "postings-preview-job.h"
#include "postings-preview-view-private.h"
#include "postings-repository.h"

/*
 * The preview is drawn into one read-only GtkTextBuffer:
 *
 *   [header: roles, open/closed banner, partner banner, junior, techno]
 *   <header_end mark>
 *   [block 0]\n [block 1]\n …
 *
 * Every body block is one or more buffer lines ending with "\n"; a mark
 * (right gravity) sits at the start of each block, so the blocks a model
 * diff reports as changed are deleted and redrawn in place while the rest of
 * the buffer is left alone.
 *
 * Changes of the document are coalesced: "changed" only marks the preview
 * dirty and asks for a frame tick; the redraw happens once in that tick.
 * A small body is parsed right there. A large one is parsed in a worker
 * (postings_preview_model_new_async()) from a snapshot of the text, one job
 * at a time: a result is applied, in a tick, only when no change came after
 * its snapshot; a stale one is dropped and the latest text is parsed next.
 * Applying a model redraws only the blocks that differ from the drawn ones.
 */

/* Bodies up to this size are parsed on the main thread (well under a
 * millisecond); larger ones in a worker. */
#define SYNC_PARSE_LIMIT (32 * 1024)

#define BASE_MARGIN   24
#define LIST_INDENT   28
#define QUOTE_INDENT  20
#define BULLET_WIDTH  24
#define URL_KEY       "postings-url"

struct _PostingsPreviewView
{
  GtkWidget              parent_instance;

  GtkWidget             *scrolled;
  GtkWidget             *text_view;
  GtkTextBuffer         *buffer;

  PostingsDocument      *document;
  char                  *file_name;
  GFile                 *file;         /* the posting, for its images (nullable) */
  GFile                 *root;         /* its site root (nullable) */
  GPtrArray             *images;       /* PostingsImagePaintable * drawn, a ref each */
  int                    image_width;  /* the width images are fitted to */
  guint                  image_resize_id;

  PostingsPreviewModel  *model;        /* what the buffer shows */
  PostingsPreviewHeader *header;
  GPtrArray             *block_marks;  /* GtkTextMark *, one per model block */
  GtkTextMark           *header_end;
  GHashTable            *link_tags;    /* url → GtkTextTag (owned by the tag table) */

  guint                  scroll_line;  /* a file line to show after the redraw, or 0 */
  int                    text_width;   /* the text view's width the tables were sized for */
  guint                  tick_id;
  guint                  redraw_count;

  /* The worker (large bodies) */
  gsize                  sync_limit;         /* bodies up to this are parsed at once */
  guint                  generation;         /* bumped by every change to show */
  GCancellable          *job_cancellable;    /* the job in flight, or NULL */
  guint                  job_generation;     /* … the generation it parses */
  PostingsPreviewModel  *ready_model;        /* a result waiting for the next tick */
  guint                  ready_generation;
  guint                  n_jobs;             /* for tests */
  guint                  n_dropped;
  guint                  dirty : 1;
  guint                  tables_dirty : 1;
  guint                  drawn : 1;
  guint                  over_link : 1;
};

G_DEFINE_FINAL_TYPE (PostingsPreviewView, postings_preview_view, GTK_TYPE_WIDGET)

enum {
  ACTIVATE_LINK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_redraw (PostingsPreviewView *self);
static void schedule_tick   (PostingsPreviewView *self);
static gboolean parse_now   (PostingsPreviewView *self);
static void start_job       (PostingsPreviewView *self);
static void open_link       (PostingsPreviewView *self,
                             const char          *url);

/* Tags ------------------------------------------------------------------ */

static GtkTextTag *
get_tag (PostingsPreviewView *self,
         const char          *name)
{
  return gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (self->buffer), name);
}

static void
update_link_colors (PostingsPreviewView *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (style);
  const char *color = dark ? "#78aeed" : "#1c5fb8";
  GtkTextTag *link = get_tag (self, "link");

  g_object_set (link, "foreground", color, NULL);
}

static void
dark_changed_cb (PostingsPreviewView *self)
{
  update_link_colors (self);
}

static void
create_tags (PostingsPreviewView *self)
{
  static const double heading_scale[] = { 1.9, 1.55, 1.3, 1.15, 1.05, 1.0 };
  GdkRGBA dim = { 0.5, 0.5, 0.5, 1.0 };
  GdkRGBA code_bg = { 0.5, 0.5, 0.5, 0.14 };
  GdkRGBA open_bg = { 0.18, 0.76, 0.49, 0.22 };
  GdkRGBA closed_bg = { 0.5, 0.5, 0.5, 0.18 };
  GdkRGBA friend_bg = { 0.21, 0.52, 0.89, 0.15 };
  GdkRGBA junior_bg = { 0.96, 0.76, 0.07, 0.30 };
  GdkRGBA chip_bg = { 0.5, 0.5, 0.5, 0.20 };

  for (guint i = 0; i < G_N_ELEMENTS (heading_scale); i++)
    {
      g_autofree char *name = g_strdup_printf ("h%u", i + 1);

      gtk_text_buffer_create_tag (self->buffer, name,
                                  "scale", heading_scale[i],
                                  "weight", PANGO_WEIGHT_BOLD,
                                  "pixels-above-lines", i < 2 ? 18 : 12,
                                  "pixels-below-lines", 6,
                                  NULL);
    }

  gtk_text_buffer_create_tag (self->buffer, "paragraph",
                              "pixels-below-lines", 10,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "item",
                              "pixels-below-lines", 4,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "emphasis",
                              "style", PANGO_STYLE_ITALIC,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "strong",
                              "weight", PANGO_WEIGHT_BOLD,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "code",
                              "family", "monospace",
                              "background-rgba", &code_bg,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "code-block",
                              "family", "monospace",
                              "paragraph-background-rgba", &code_bg,
                              "wrap-mode", GTK_WRAP_CHAR,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "code-block-end",
                              "pixels-below-lines", 10,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "link",
                              "underline", PANGO_UNDERLINE_SINGLE,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "image",
                              "style", PANGO_STYLE_ITALIC,
                              "foreground-rgba", &dim,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "html",
                              "family", "monospace",
                              "foreground-rgba", &dim,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "quote",
                              "style", PANGO_STYLE_ITALIC,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "rule",
                              "justification", GTK_JUSTIFY_CENTER,
                              "foreground-rgba", &dim,
                              "pixels-above-lines", 6,
                              "pixels-below-lines", 12,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "table",
                              "pixels-above-lines", 4,
                              "pixels-below-lines", 12,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "excerpt",
                              "justification", GTK_JUSTIFY_CENTER,
                              "foreground-rgba", &dim,
                              "scale", PANGO_SCALE_SMALL,
                              "style", PANGO_STYLE_ITALIC,
                              "pixels-above-lines", 4,
                              "pixels-below-lines", 14,
                              NULL);

  /* The page header. */
  gtk_text_buffer_create_tag (self->buffer, "title",
                              "scale", 2.1,
                              "weight", PANGO_WEIGHT_BOLD,
                              "pixels-above-lines", 12,
                              "pixels-below-lines", 10,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "title-missing",
                              "foreground-rgba", &dim,
                              "style", PANGO_STYLE_ITALIC,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "status-open",
                              "paragraph-background-rgba", &open_bg,
                              "weight", PANGO_WEIGHT_SEMIBOLD,
                              "pixels-above-lines", 6,
                              "pixels-below-lines", 6,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "status-closed",
                              "paragraph-background-rgba", &closed_bg,
                              "weight", PANGO_WEIGHT_SEMIBOLD,
                              "pixels-above-lines", 6,
                              "pixels-below-lines", 6,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "friend",
                              "paragraph-background-rgba", &friend_bg,
                              "pixels-above-lines", 4,
                              "pixels-below-lines", 4,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "junior",
                              "paragraph-background-rgba", &junior_bg,
                              "pixels-above-lines", 4,
                              "pixels-below-lines", 4,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "techno-label",
                              "weight", PANGO_WEIGHT_SEMIBOLD,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "techno",
                              "background-rgba", &chip_bg,
                              "family", "monospace",
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "techno-line",
                              "pixels-above-lines", 8,
                              NULL);
  gtk_text_buffer_create_tag (self->buffer, "header-end",
                              "pixels-below-lines", 12,
                              NULL);

  update_link_colors (self);
}

/* A margin tag for a nesting level; @hanging leaves room for a bullet. */
static GtkTextTag *
get_indent_tag (PostingsPreviewView *self,
                guint                list_depth,
                guint                quote_depth,
                gboolean             hanging)
{
  g_autofree char *name = g_strdup_printf ("indent-%u-%u-%d", list_depth, quote_depth, hanging);
  GtkTextTag *tag = get_tag (self, name);

  if (tag == NULL)
    {
      int margin = BASE_MARGIN + LIST_INDENT * (int) list_depth + QUOTE_INDENT * (int) quote_depth;

      tag = gtk_text_buffer_create_tag (self->buffer, name,
                                        "left-margin", margin,
                                        NULL);
      if (hanging)
        {
          /* The bullet hangs left of the item's text; a tab stop lines the
           * first line's text up with its wrapped lines. */
          PangoTabArray *tabs = pango_tab_array_new_with_positions (1, TRUE, PANGO_TAB_LEFT, BULLET_WIDTH);

          g_object_set (tag,
                        "indent", -BULLET_WIDTH,
                        "tabs", tabs,
                        NULL);
          pango_tab_array_free (tabs);
        }

      if (quote_depth > 0)
        {
          GdkRGBA quote_fg = { 0.45, 0.45, 0.45, 1.0 };
          g_object_set (tag, "foreground-rgba", &quote_fg, NULL);
        }
    }

  return tag;
}

static GtkTextTag *
get_link_tag (PostingsPreviewView *self,
              const char          *url)
{
  GtkTextTag *tag = g_hash_table_lookup (self->link_tags, url);

  if (tag == NULL)
    {
      tag = gtk_text_buffer_create_tag (self->buffer, NULL, NULL);
      g_object_set_data_full (G_OBJECT (tag), URL_KEY, g_strdup (url), g_free);
      g_hash_table_insert (self->link_tags, g_strdup (url), tag);
    }

  return tag;
}

static void
collect_urls (const PostingsPreviewModel *model,
              GHashTable                 *urls)
{
  guint n_blocks = model ? postings_preview_model_get_n_blocks (model) : 0;

  for (guint i = 0; i < n_blocks; i++)
    {
      const PostingsPreviewBlock *block = postings_preview_model_get_block (model, i);

      for (guint j = 0; j < block->n_runs; j++)
        if (block->runs[j].url != NULL)
          g_hash_table_add (urls, (gpointer) block->runs[j].url);
    }
}

/* Link tags are one per distinct URL; drop those nothing shows any more
 * (typing a URL would otherwise leave one tag per keystroke behind). */
static void
prune_link_tags (PostingsPreviewView *self)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (self->buffer);
  GHashTableIter iter;
  gpointer key, value;

  collect_urls (self->model, used);
  if (self->header != NULL && self->header->is_friend && self->header->friend_url != NULL)
    g_hash_table_add (used, self->header->friend_url);

  g_hash_table_iter_init (&iter, self->link_tags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (used, key))
        {
          gtk_text_tag_table_remove (table, GTK_TEXT_TAG (value));
          g_hash_table_iter_remove (&iter);
        }
    }
}

/* Drawing --------------------------------------------------------------- */

typedef struct
{
  GString *text;
  GArray  *spans;  /* Span */
  GArray  *images; /* PainterImage: paintables in place of U+FFFC */
} Painter;

typedef struct
{
  gsize         offset;
  GdkPaintable *paintable;
} PainterImage;

typedef struct
{
  gsize       start;  /* char offsets relative to the painter's start */
  gsize       end;
  GtkTextTag *tag;
} Span;

static void
painter_init (Painter *p)
{
  p->text = g_string_new (NULL);
  p->spans = g_array_new (FALSE, FALSE, sizeof (Span));
  p->images = g_array_new (FALSE, FALSE, sizeof (PainterImage));
}

static void
painter_clear (Painter *p)
{
  g_string_free (p->text, TRUE);
  g_array_unref (p->spans);
  for (guint i = 0; i < p->images->len; i++)
    g_object_unref (g_array_index (p->images, PainterImage, i).paintable);
  g_array_unref (p->images);
}

static gsize
painter_offset (Painter *p)
{
  return g_utf8_strlen (p->text->str, p->text->len);
}

static void
painter_tag (Painter    *p,
             gsize       start,
             gsize       end,
             GtkTextTag *tag)
{
  Span span = { start, end, tag };

  if (tag != NULL && end > start)
    g_array_append_val (p->spans, span);
}

/* The offset where the last line (ending with the final "\n") starts:
 * paragraph properties (spacing…) come from a line's first character. */
static gsize
painter_last_line_start (Painter *p)
{
  const char *str = p->text->str;
  gsize len = p->text->len;
  gssize i = (gssize) len - 2;

  while (i >= 0 && str[i] != '\n')
    i--;

  return g_utf8_strlen (str, i + 1);
}

/* Appends @text, tagged with the NULL-terminated tags. */
static void
painter_append (Painter    *p,
                const char *text,
                ...)
{
  gsize start = painter_offset (p);
  gsize end;
  GtkTextTag *tag;
  va_list args;

  g_string_append (p->text, text);
  end = start + g_utf8_strlen (text, -1);

  va_start (args, text);
  while ((tag = va_arg (args, GtkTextTag *)) != NULL)
    painter_tag (p, start, end, tag);
  va_end (args);
}

static void
painter_insert_images (Painter       *p,
                       GtkTextBuffer *buffer,
                       int            base)
{
  for (guint i = 0; i < p->images->len; i++)
    {
      const PainterImage *image = &g_array_index (p->images, PainterImage, i);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_offset (buffer, &start, base + (int) image->offset);
      end = start;
      gtk_text_iter_forward_char (&end);
      gtk_text_buffer_delete (buffer, &start, &end);
      gtk_text_buffer_insert_paintable (buffer, &start, image->paintable);
    }
}

/* Inserts the painted text at @iter (which is moved past it) and applies
 * its tags. */
static void
painter_flush (Painter       *p,
               GtkTextBuffer *buffer,
               GtkTextIter   *iter)
{
  int base = gtk_text_iter_get_offset (iter);

  gtk_text_buffer_insert (buffer, iter, p->text->str, p->text->len);
  /* Before the tags: the paintables take the place of their U+FFFC. */
  painter_insert_images (p, buffer, base);

  for (guint i = 0; i < p->spans->len; i++)
    {
      const Span *span = &g_array_index (p->spans, Span, i);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_offset (buffer, &start, base + span->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, base + span->end);
      gtk_text_buffer_apply_tag (buffer, span->tag, &start, &end);
    }

  gtk_text_buffer_get_iter_at_offset (buffer, iter, base + (int) painter_offset (p));
}

/* Images ------------------------------------------------------------------ */

#define OBJECT_REPLACEMENT "\xef\xbf\xbc"
#define IMAGE_INDENT_KEY   "postings-indent"

/* The width, in device pixels, images are decoded at: in steps, so that
 * resizing the preview does not decode them again at each pixel. */
static int
image_decode_width (PostingsPreviewView *self)
{
  int px = self->image_width * gtk_widget_get_scale_factor (GTK_WIDGET (self));

  return CLAMP ((px + 255) / 256 * 256, 256, 4096);
}

static int
block_indent (const PostingsPreviewBlock *block)
{
  return LIST_INDENT * (int) block->list_depth + QUOTE_INDENT * (int) block->quote_depth;
}

/* What an image run shows: the image itself (a paintable in place of a
 * U+FFFC of the painter's text), or a text saying what is there instead.
 * Remote images are never fetched. */
static char *
paint_image (PostingsPreviewView        *self,
             Painter                    *p,
             const PostingsPreviewBlock *block,
             const PostingsPreviewRun   *run)
{
  const char *alt = run->text;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *host = NULL;
  const char *error = NULL;

  switch (postings_image_source_classify (run->src))
    {
    case POSTINGS_IMAGE_SOURCE_DATA:
    case POSTINGS_IMAGE_SOURCE_SITE:
    case POSTINGS_IMAGE_SOURCE_RELATIVE:
      texture = postings_image_loader_lookup (postings_image_loader_get_default (), run->src,
                                              self->file, self->root, image_decode_width (self), &error);
      if (texture != NULL)
        {
          PainterImage image;
          PostingsImagePaintable *paintable;
          int indent = block_indent (block);

          paintable = postings_image_paintable_new (texture, MAX (self->image_width - indent, 32),
                                                    gtk_widget_get_scale_factor (GTK_WIDGET (self)));
          g_object_set_data (G_OBJECT (paintable), IMAGE_INDENT_KEY, GINT_TO_POINTER (indent));
          g_ptr_array_add (self->images, g_object_ref (paintable));
          image.offset = painter_offset (p);
          image.paintable = GDK_PAINTABLE (paintable);
          g_array_append_val (p->images, image);
          return g_strdup (OBJECT_REPLACEMENT);
        }
      if (error != NULL)
        /* Translators: %s says why (the file is missing, outside the site…) */
        return g_strdup_printf (_("(image not shown: %s)"), error);
      /* Decoding: the description until the image is there. */
      break;

    case POSTINGS_IMAGE_SOURCE_REMOTE:
      host = postings_image_source_dup_host (run->src);
      if (alt[0] != '\0')
        /* Translators: an image of another site, never loaded; %s: its description, %s: the site */
        return g_strdup_printf (_("%s (image from %s, not loaded)"), alt, host != NULL ? host : "?");
      /* Translators: an image of another site, never loaded; %s: the site */
      return g_strdup_printf (_("(image from %s, not loaded)"), host != NULL ? host : "?");

    case POSTINGS_IMAGE_SOURCE_NONE:
    case POSTINGS_IMAGE_SOURCE_OTHER:
    default:
      break;
    }

  return g_strdup (alt[0] != '\0' ? alt : _("(image)"));
}

static gboolean
block_shows_image (const PostingsPreviewBlock *block,
                   const char                 *src)
{
  for (guint i = 0; i < block->n_runs; i++)
    if (block->runs[i].src != NULL && (src == NULL || strcmp (block->runs[i].src, src) == 0))
      return TRUE;
  return FALSE;
}

static void redraw_blocks (PostingsPreviewView        *self,
                           const PostingsPreviewModel *model,
                           guint                       first,
                           guint                       old_end,
                           guint                       new_end);

/* Draws again the blocks showing the image @src (every image when NULL). */
static void
redraw_image_blocks (PostingsPreviewView *self,
                     const char          *src)
{
  if (self->model == NULL || !self->drawn)
    return;

  for (guint i = 0; i < postings_preview_model_get_n_blocks (self->model) && i < self->block_marks->len; i++)
    if (block_shows_image (postings_preview_model_get_block (self->model, i), src))
      redraw_blocks (self, self->model, i, i + 1, i + 1);
}

/* The paintables no longer in the buffer (only our reference left). */
static void
prune_images (PostingsPreviewView *self)
{
  for (guint i = self->images->len; i > 0; i--)
    if (G_OBJECT (g_ptr_array_index (self->images, i - 1))->ref_count == 1)
      g_ptr_array_remove_index_fast (self->images, i - 1);
}

static void
image_ready_cb (PostingsImageLoader *loader,
                const char          *src,
                PostingsPreviewView *self)
{
  redraw_image_blocks (self, src);
  prune_images (self);
}

static gboolean
image_resize_cb (gpointer data)
{
  PostingsPreviewView *self = data;
  int width = gtk_widget_get_width (self->text_view) - 2 * BASE_MARGIN;
  int old_decode_width = image_decode_width (self);

  self->image_resize_id = 0;
  if (width < 32 || width == self->image_width)
    return G_SOURCE_REMOVE;

  self->image_width = width;
  prune_images (self);
  for (guint i = 0; i < self->images->len; i++)
    {
      PostingsImagePaintable *paintable = g_ptr_array_index (self->images, i);
      int indent = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (paintable), IMAGE_INDENT_KEY));

      postings_image_paintable_set_max_width (paintable, MAX (width - indent, 32));
    }

  /* Wider than decoded: decode them again, sharper. */
  if (image_decode_width (self) > old_decode_width)
    redraw_image_blocks (self, NULL);

  return G_SOURCE_REMOVE;
}

/* The text view's width changed (its horizontal adjustment follows it). */
static void
text_view_resized_cb (PostingsPreviewView *self)
{
  /* Not during the allocation: resizing the images lays the text out again. */
  if (self->image_resize_id == 0 &&
      gtk_widget_get_width (self->text_view) - 2 * BASE_MARGIN != self->image_width)
    self->image_resize_id = g_idle_add (image_resize_cb, self);
}

static void
paint_runs (PostingsPreviewView        *self,
            Painter                    *p,
            const PostingsPreviewBlock *block)
{
  for (guint i = 0; i < block->n_runs; i++)
    {
      const PostingsPreviewRun *run = &block->runs[i];
      const char *text = run->text;
      gsize start = painter_offset (p);
      gsize end;

      g_autofree char *image = NULL;

      if ((run->style & POSTINGS_PREVIEW_STYLE_IMAGE) != 0)
        text = image = paint_image (self, p, block, run);

      g_string_append (p->text, text);
      end = painter_offset (p);

      if (run->style & POSTINGS_PREVIEW_STYLE_EMPHASIS)
        painter_tag (p, start, end, get_tag (self, "emphasis"));
      if (run->style & POSTINGS_PREVIEW_STYLE_STRONG)
        painter_tag (p, start, end, get_tag (self, "strong"));
      if (run->style & POSTINGS_PREVIEW_STYLE_CODE && block->kind != POSTINGS_PREVIEW_BLOCK_CODE)
        painter_tag (p, start, end, get_tag (self, "code"));
      if (run->style & POSTINGS_PREVIEW_STYLE_IMAGE)
        painter_tag (p, start, end, get_tag (self, "image"));
      if (run->style & POSTINGS_PREVIEW_STYLE_HTML)
        painter_tag (p, start, end, get_tag (self, "html"));
      if ((run->style & POSTINGS_PREVIEW_STYLE_LINK) && run->url != NULL)
        {
          painter_tag (p, start, end, get_tag (self, "link"));
          painter_tag (p, start, end, get_link_tag (self, run->url));
        }
    }
}

static const char *
bullet_for_depth (guint list_depth)
{
  static const char *bullets[] = { "•", "◦", "▪" };

  return bullets[(list_depth > 0 ? list_depth - 1 : 0) % G_N_ELEMENTS (bullets)];
}

static void
paint_block (PostingsPreviewView        *self,
             Painter                    *p,
             const PostingsPreviewBlock *block)
{
  gsize start = painter_offset (p);
  GtkTextTag *block_tag = NULL;
  GtkTextTag *indent;
  gboolean hanging = FALSE;
  guint list_depth = block->list_depth;

  switch (block->kind)
    {
    case POSTINGS_PREVIEW_BLOCK_HEADING:
      {
        g_autofree char *name = g_strdup_printf ("h%u", CLAMP (block->level, 1, 6));
        block_tag = get_tag (self, name);
        paint_runs (self, p, block);
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_PARAGRAPH:
      /* In an item too, a paragraph is spaced as one (the site's <p>). */
      block_tag = get_tag (self, "paragraph");
      paint_runs (self, p, block);
      break;

    case POSTINGS_PREVIEW_BLOCK_QUOTE:
      block_tag = get_tag (self, "paragraph");
      paint_runs (self, p, block);
      painter_tag (p, start, painter_offset (p), get_tag (self, "quote"));
      break;

    case POSTINGS_PREVIEW_BLOCK_BULLET_ITEM:
    case POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM:
      {
        g_autofree char *marker = NULL;

        if (block->kind == POSTINGS_PREVIEW_BLOCK_BULLET_ITEM)
          marker = g_strdup_printf ("%s\t", bullet_for_depth (list_depth));
        else
          marker = g_strdup_printf ("%u.\t", block->number);

        hanging = TRUE;
        /* A loose list's items are paragraphs, a tight list's lines. */
        block_tag = get_tag (self, block->loose ? "paragraph" : "item");
        painter_append (p, marker, NULL);
        paint_runs (self, p, block);
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_CODE:
      {
        gsize len;

        block_tag = get_tag (self, "code-block");
        paint_runs (self, p, block);
        /* The block ends with our own newline, not the code's. */
        len = p->text->len;
        if (len > 0 && p->text->str[len - 1] == '\n')
          g_string_truncate (p->text, len - 1);
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_HTML:
      {
        gsize len;

        block_tag = get_tag (self, "paragraph");
        paint_runs (self, p, block);
        len = p->text->len;
        while (len > 0 && p->text->str[len - 1] == '\n')
          len--;
        g_string_truncate (p->text, len);
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_THEMATIC_BREAK:
      block_tag = get_tag (self, "rule");
      painter_append (p, "――――――――――――――――", NULL);
      break;

    case POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK:
      {
        /* Translators: shown in the preview where the `<!--more-->` mark
         * ends the excerpt printed on the list of offers. */
        g_autofree char *mark = g_strdup_printf ("—— %s ——", _("excerpt ends here"));

        block_tag = get_tag (self, "excerpt");
        painter_append (p, mark, NULL);
      }
      break;

    default:
      block_tag = get_tag (self, "paragraph");
      paint_runs (self, p, block);
      break;
    }

  g_string_append_c (p->text, '\n');

  indent = get_indent_tag (self, list_depth, block->quote_depth, hanging);
  painter_tag (p, start, painter_offset (p), indent);
  painter_tag (p, start, painter_offset (p), block_tag);

  if (block->kind == POSTINGS_PREVIEW_BLOCK_CODE)
    {
      /* Space after the block on its last line only. */
      painter_tag (p, painter_last_line_start (p), painter_offset (p), get_tag (self, "code-block-end"));
    }
}

/* Tables ----------------------------------------------------------------
 *
 * A table is a GtkGrid of labels anchored in the text, on a line of its
 * own. A text view lays an anchored widget out at its minimum size, so each
 * grid asks for the width it can have (up to the text's width, within its
 * margins): long cells wrap, short tables stay narrow.
 */

#define TABLE_DEPTH_KEY "postings-table-depth"

/* Pango markup of runs [@from, @to) of @block. */
static char *
runs_to_markup (const PostingsPreviewBlock *block,
                guint                       from,
                guint                       to)
{
  GString *markup = g_string_new (NULL);

  for (guint i = from; i < to && i < block->n_runs; i++)
    {
      const PostingsPreviewRun *run = &block->runs[i];
      const char *text = run->text;
      g_autofree char *escaped = NULL;
      GString *close = g_string_new (NULL);

      if ((run->style & POSTINGS_PREVIEW_STYLE_IMAGE) != 0 && text[0] == '\0')
        text = _("(image)");
      escaped = g_markup_escape_text (text, -1);

      if ((run->style & POSTINGS_PREVIEW_STYLE_LINK) && run->url != NULL)
        {
          g_autofree char *url = g_markup_escape_text (run->url, -1);

          g_string_append_printf (markup, "<a href=\"%s\">", url);
          g_string_prepend (close, "</a>");
        }
      if (run->style & POSTINGS_PREVIEW_STYLE_STRONG)
        {
          g_string_append (markup, "<b>");
          g_string_prepend (close, "</b>");
        }
      if (run->style & (POSTINGS_PREVIEW_STYLE_EMPHASIS | POSTINGS_PREVIEW_STYLE_IMAGE))
        {
          g_string_append (markup, "<i>");
          g_string_prepend (close, "</i>");
        }
      if (run->style & (POSTINGS_PREVIEW_STYLE_CODE | POSTINGS_PREVIEW_STYLE_HTML))
        {
          g_string_append (markup, "<tt>");
          g_string_prepend (close, "</tt>");
        }
      g_string_append (markup, escaped);
      g_string_append (markup, close->str);
      g_string_free (close, TRUE);
    }

  return g_string_free (markup, FALSE);
}

static gboolean
table_link_cb (GtkLabel            *label,
               const char          *uri,
               PostingsPreviewView *self)
{
  open_link (self, uri);
  return TRUE;  /* never GTK's own handler: only safe links open */
}

/* The tables' lines, loaded once per display. */
static void
ensure_table_style (GtkWidget *widget)
{
  static const char css[] =
    "postings-preview-view grid.preview-table {"
    "  border: 1px solid alpha(currentColor, 0.25);"
    "  border-radius: 6px;"
    "}"
    "postings-preview-view grid.preview-table > label {"
    "  padding: 5px 10px;"
    "  border-bottom: 1px solid alpha(currentColor, 0.15);"
    "}"
    "postings-preview-view grid.preview-table > label.last-row {"
    "  border-bottom: none;"
    "}"
    "postings-preview-view grid.preview-table > label.header {"
    "  font-weight: bold;"
    "  background-color: alpha(currentColor, 0.06);"
    "}";
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "postings-table-style") != NULL)
    return;

  provider = gtk_css_provider_new ();
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_css_provider_load_from_string (provider, css);
#else
  gtk_css_provider_load_from_data (provider, css, -1);
#endif
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "postings-table-style",
                          g_object_ref (provider), g_object_unref);
}

static GtkWidget *
table_widget_new (PostingsPreviewView        *self,
                  const PostingsPreviewBlock *block)
{
  const PostingsPreviewTable *table = block->table;
  GtkWidget *grid = gtk_grid_new ();

  ensure_table_style (GTK_WIDGET (self));
  gtk_widget_add_css_class (grid, "preview-table");
  gtk_widget_set_halign (grid, GTK_ALIGN_START);
  g_object_set_data (G_OBJECT (grid), TABLE_DEPTH_KEY,
                     GUINT_TO_POINTER (LIST_INDENT * block->list_depth + QUOTE_INDENT * block->quote_depth));

  for (guint r = 0; r < table->n_rows; r++)
    for (guint c = 0; c < table->n_columns; c++)
      {
        guint cell = r * table->n_columns + c;
        g_autofree char *markup = runs_to_markup (block, table->cell_starts[cell], table->cell_starts[cell + 1]);
        GtkWidget *label = gtk_label_new (NULL);
        float xalign = table->alignments[c] == POSTINGS_PREVIEW_ALIGN_CENTER ? 0.5f :
                       table->alignments[c] == POSTINGS_PREVIEW_ALIGN_RIGHT ? 1.0f : 0.0f;

        gtk_label_set_markup (GTK_LABEL (label), markup);
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
        gtk_label_set_xalign (GTK_LABEL (label), xalign);
        gtk_label_set_yalign (GTK_LABEL (label), 0.0f);
        gtk_widget_set_valign (label, GTK_ALIGN_FILL);
        gtk_widget_add_css_class (label, r < table->n_header_rows ? "header" : "cell");
        if (r == table->n_rows - 1)
          gtk_widget_add_css_class (label, "last-row");
        g_signal_connect_object (label, "activate-link", G_CALLBACK (table_link_cb), self, 0);
        gtk_grid_attach (GTK_GRID (grid), label, (int) c, (int) r, 1, 1);
      }

  return grid;
}

/* The width @grid may take: its natural width, at most the text's. */
static void
size_table (PostingsPreviewView *self,
            GtkWidget           *grid)
{
  int indent = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (grid), TABLE_DEPTH_KEY));
  int available = self->text_width - 2 * BASE_MARGIN - indent;
  int natural = 0;

  if (self->text_width <= 0 || available <= 0)
    return;

  gtk_widget_set_size_request (grid, -1, -1);
  gtk_widget_measure (grid, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  gtk_widget_set_size_request (grid, MIN (natural, available), -1);
}

static void
size_tables_below (PostingsPreviewView *self,
                   GtkWidget           *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_GRID (child) && gtk_widget_has_css_class (child, "preview-table"))
        size_table (self, child);
      else
        size_tables_below (self, child);
    }
}

/* A table block: its grid on a line of its own, at @iter (moved past it). */
static void
insert_table (PostingsPreviewView        *self,
              GtkTextIter                *iter,
              const PostingsPreviewBlock *block)
{
  int offset = gtk_text_iter_get_offset (iter);
  GtkTextChildAnchor *anchor = gtk_text_buffer_create_child_anchor (self->buffer, iter);
  GtkWidget *grid = table_widget_new (self, block);
  GtkTextIter start;

  gtk_text_buffer_insert (self->buffer, iter, "\n", 1);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, offset);
  gtk_text_buffer_apply_tag (self->buffer, get_tag (self, "table"), &start, iter);
  gtk_text_buffer_apply_tag (self->buffer,
                             get_indent_tag (self, block->list_depth, block->quote_depth, FALSE),
                             &start, iter);

  gtk_text_view_add_child_at_anchor (GTK_TEXT_VIEW (self->text_view), grid, anchor);
  size_table (self, grid);
}

static void
paint_header (PostingsPreviewView         *self,
              Painter                     *p,
              const PostingsPreviewHeader *header)
{
  gsize start;

  if (header->title != NULL && header->title[0] != '\0')
    {
      painter_append (p, header->title, get_tag (self, "title"), NULL);
    }
  else
    {
      /* Translators: the preview's page title when `roles` is empty. */
      painter_append (p, _("No job title"), get_tag (self, "title"),
                      get_tag (self, "title-missing"), NULL);
    }
  painter_append (p, "\n", get_tag (self, "title"), NULL);

  if (header->status_text != NULL)
    {
      g_autofree char *line = g_strdup_printf ("  %s\n", header->status_text);

      painter_append (p, line,
                      get_tag (self, header->open ? "status-open" : "status-closed"), NULL);
    }

  if (header->is_friend)
    {
      start = painter_offset (p);
      if (header->friend_text != NULL)
        {
          painter_append (p, "  ", NULL);
          painter_append (p, header->friend_text, get_tag (self, "strong"), NULL);
          painter_append (p, "\n", NULL);
        }
      if (header->friend_link_text != NULL)
        {
          painter_append (p, "  ", NULL);
          if (header->friend_url != NULL && header->friend_url[0] != '\0')
            painter_append (p, header->friend_link_text,
                            get_tag (self, "link"),
                            get_link_tag (self, header->friend_url), NULL);
          else
            painter_append (p, header->friend_link_text, NULL);
          painter_append (p, "\n", NULL);
        }
      painter_tag (p, start, painter_offset (p), get_tag (self, "friend"));
    }

  if (header->junior && header->junior_text != NULL)
    {
      g_autofree char *line = g_strdup_printf ("  %s\n", header->junior_text);

      painter_append (p, line, get_tag (self, "junior"), NULL);
    }

  if (header->techno != NULL && header->techno[0] != NULL)
    {
      start = painter_offset (p);
      if (header->techno_label != NULL)
        {
          painter_append (p, header->techno_label, get_tag (self, "techno-label"), NULL);
          painter_append (p, " ", NULL);
        }
      for (guint i = 0; header->techno[i] != NULL; i++)
        {
          g_autofree char *chip = g_strdup_printf (" %s ", header->techno[i]);

          if (i > 0)
            painter_append (p, " ", NULL);
          painter_append (p, chip, get_tag (self, "techno"), NULL);
        }
      painter_append (p, "\n", NULL);
      painter_tag (p, start, painter_offset (p), get_tag (self, "techno-line"));
    }

  /* The header's last line gets the space before the body. */
  painter_tag (p, painter_last_line_start (p), painter_offset (p), get_tag (self, "header-end"));
  painter_tag (p, 0, painter_offset (p), get_indent_tag (self, 0, 0, FALSE));
}

static void
redraw_header (PostingsPreviewView *self)
{
  GtkTextIter start, end;
  Painter p;

  gtk_text_buffer_get_start_iter (self->buffer, &start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->header_end);
  gtk_text_buffer_delete (self->buffer, &start, &end);

  /* The first block's mark has right gravity: the header goes before it.
   * header_end has left gravity (so blocks drawn at the end of an empty
   * body go after it) and is moved past the new header. */
  painter_init (&p);
  paint_header (self, &p, self->header);
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  painter_flush (&p, self->buffer, &start);
  painter_clear (&p);
  gtk_text_buffer_move_mark (self->buffer, self->header_end, &start);
}

static void
get_block_start (PostingsPreviewView *self,
                 guint                index,
                 GtkTextIter         *iter)
{
  if (index < self->block_marks->len)
    gtk_text_buffer_get_iter_at_mark (self->buffer, iter, g_ptr_array_index (self->block_marks, index));
  else
    gtk_text_buffer_get_end_iter (self->buffer, iter);
}

static void
delete_mark (gpointer data)
{
  GtkTextMark *mark = data;
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (mark);

  if (buffer != NULL)
    gtk_text_buffer_delete_mark (buffer, mark);
  g_object_unref (mark);
}

/* Replaces old blocks [first, old_end) with the new model's [first, new_end). */
static void
redraw_blocks (PostingsPreviewView        *self,
               const PostingsPreviewModel *model,
               guint                       first,
               guint                       old_end,
               guint                       new_end)
{
  GtkTextIter start, end;
  g_autoptr(GPtrArray) marks = g_ptr_array_new ();
  int offset;

  get_block_start (self, first, &start);
  get_block_start (self, old_end, &end);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  if (old_end > first)
    g_ptr_array_remove_range (self->block_marks, first, old_end - first);

  get_block_start (self, first, &start);
  for (guint i = first; i < new_end; i++)
    {
      const PostingsPreviewBlock *block = postings_preview_model_get_block (model, i);
      GtkTextIter block_start;
      GtkTextMark *mark;
      Painter p;

      offset = gtk_text_iter_get_offset (&start);
      if (block->kind == POSTINGS_PREVIEW_BLOCK_TABLE && block->table != NULL)
        {
          insert_table (self, &start, block);
        }
      else
        {
          painter_init (&p);
          paint_block (self, &p, block);
          painter_flush (&p, self->buffer, &start);
          painter_clear (&p);
        }

      gtk_text_buffer_get_iter_at_offset (self->buffer, &block_start, offset);
      mark = gtk_text_buffer_create_mark (self->buffer, NULL, &block_start, FALSE);
      g_ptr_array_add (marks, g_object_ref (mark));
    }

  for (guint i = 0; i < marks->len; i++)
    g_ptr_array_insert (self->block_marks, first + i, g_ptr_array_index (marks, i));
}

/* Shows the document: @parsed (nullable, taken) is its body's model, made
 * by the worker; NULL: parsed here. */
static void
redraw (PostingsPreviewView  *self,
        PostingsPreviewModel *parsed)
{
  g_autoptr(PostingsPreviewModel) model = parsed;
  g_autoptr(PostingsPreviewHeader) header = NULL;
  PostingsPreviewChange change = { 0, 0, 0 };
  gboolean body_changed;
  gboolean header_changed;

  self->dirty = FALSE;
  self->redraw_count++;

  if (self->document != NULL)
    {
      if (model == NULL)
        model = postings_preview_model_new_from_document (self->document);
      header = postings_preview_header_new (self->document, self->file_name);
    }
  else
    {
      g_clear_pointer (&model, postings_preview_model_free);
      model = postings_preview_model_new_from_markdown ("", 0, 1);
      header = g_new0 (PostingsPreviewHeader, 1);
      header->techno = g_new0 (char *, 1);
    }

  header_changed = !self->drawn || self->header == NULL ||
                   !postings_preview_header_equal (self->header, header);
  body_changed = postings_preview_model_diff (self->drawn ? self->model : NULL, model, &change);
  if (!self->drawn)
    {
      /* Another document: everything goes. */
      change.first = 0;
      change.old_end = self->block_marks->len;
      change.new_end = postings_preview_model_get_n_blocks (model);
      body_changed = TRUE;
    }

  if (!header_changed && !body_changed)
    {
      /* Same look: keep the new model for its source lines. */
      g_clear_pointer (&self->model, postings_preview_model_free);
      self->model = g_steal_pointer (&model);
      return;
    }

  g_clear_pointer (&self->header, postings_preview_header_free);
  self->header = g_steal_pointer (&header);

  if (header_changed)
    redraw_header (self);

  if (body_changed)
    redraw_blocks (self, model, change.first, change.old_end, change.new_end);

  g_clear_pointer (&self->model, postings_preview_model_free);
  self->model = g_steal_pointer (&model);
  self->drawn = TRUE;

  prune_link_tags (self);
  prune_images (self);
}

static void
scroll_to_block_at_line (PostingsPreviewView *self,
                         guint                line)
{
  gint index;

  if (self->model == NULL)
    return;

  index = postings_preview_model_find_block_at_line (self->model, line);
  if (index < 0 || (guint) index >= self->block_marks->len)
    return;

  /* The least scrolling that shows the block (nothing when it is visible). */
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->text_view),
                                g_ptr_array_index (self->block_marks, index),
                                0.1, FALSE, 0, 0);
}

/* The worker ----------------------------------------------------------- */

/* A new document, or a small body: parsed in this tick. */
static gboolean
parse_now (PostingsPreviewView *self)
{
  PostingsSpan span;

  if (!self->drawn || self->document == NULL)
    return TRUE;
  span = postings_document_get_body_span (self->document);
  return span.end - span.start <= self->sync_limit;
}

static void
cancel_job (PostingsPreviewView *self)
{
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  self->job_generation = 0;
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PostingsPreviewView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsPreviewModel) model = postings_preview_model_new_finish (result, &error);
  guint generation = self->job_generation;

  if (model == NULL)
    return;  /* cancelled: another job or none took its place */

  g_clear_object (&self->job_cancellable);
  self->job_generation = 0;
  if (generation != self->generation)
    {
      /* The text changed meanwhile: parse the latest one instead. */
      self->n_dropped++;
      schedule_tick (self);
      return;
    }

  g_clear_pointer (&self->ready_model, postings_preview_model_free);
  self->ready_model = g_steal_pointer (&model);
  self->ready_generation = generation;
  schedule_tick (self);
}

/* Parses a snapshot of the body in a worker, unless a job is in flight:
 * its end starts the next one. */
static void
start_job (PostingsPreviewView *self)
{
  g_autoptr(GBytes) body = NULL;
  PostingsSpan span;
  const char *text;
  gsize len;

  if (self->job_cancellable != NULL)
    return;

  text = postings_document_get_text (self->document, &len);
  span = postings_document_get_body_span (self->document);
  if (text == NULL || span.start > span.end || span.end > len)
    body = g_bytes_new_static ("", 0);
  else
    body = g_bytes_new (text + span.start, span.end - span.start);

  self->job_cancellable = g_cancellable_new ();
  self->job_generation = self->generation;
  self->n_jobs++;
  postings_preview_model_new_async (body, postings_document_get_body_line (self->document),
                                    self->job_cancellable, job_done_cb, g_object_ref (self));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  PostingsPreviewView *self = POSTINGS_PREVIEW_VIEW (widget);

  self->tick_id = 0;
  if (self->ready_model != NULL && self->ready_generation == self->generation)
    redraw (self, g_steal_pointer (&self->ready_model));
  else if (self->dirty && parse_now (self))
    redraw (self, NULL);
  else if (self->dirty)
    start_job (self);

  if (self->tables_dirty)
    {
      self->tables_dirty = FALSE;
      size_tables_below (self, self->text_view);
    }

  if (self->scroll_line != 0)
    {
      scroll_to_block_at_line (self, self->scroll_line);
      self->scroll_line = 0;
    }

  return G_SOURCE_REMOVE;
}

static void
schedule_tick (PostingsPreviewView *self)
{
  if (self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static void
schedule_redraw (PostingsPreviewView *self)
{
  self->dirty = TRUE;
  self->generation++;
  g_clear_pointer (&self->ready_model, postings_preview_model_free);

  /* A large body: parsing starts now, so that its result can be ready
   * for the frame that shows the keystroke, or the one after. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !parse_now (self))
    start_job (self);

  /* An unmapped preview (hidden behind its toggle) redraws when shown. */
  schedule_tick (self);
}

static void
document_changed_cb (PostingsPreviewView *self)
{
  schedule_redraw (self);
}

/* Links ----------------------------------------------------------------- */

static const char *
get_url_at_iter (const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *url = g_object_get_data (G_OBJECT (l->data), URL_KEY);

      if (url != NULL)
        return url;
    }

  return NULL;
}

static const char *
get_url_at (PostingsPreviewView *self,
            double               x,
            double               y)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text_view);
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
    return NULL;

  return get_url_at_iter (&iter);
}

static gboolean
postings_preview_view_real_activate_link (PostingsPreviewView *self,
                                          const char          *url)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (url);
    gtk_uri_launcher_launch (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                             NULL, NULL, NULL);
  }
#else
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
#endif

  return TRUE;
}

static void
open_link (PostingsPreviewView *self,
           const char          *url)
{
  g_autofree char *stripped = g_strstrip (g_strdup (url));
  gboolean handled = FALSE;

  /* Only http, https and mailto: never a file, a script or anything else. */
  if (!postings_preview_link_is_safe (stripped))
    {
      g_debug ("Not opening unsafe link “%s”", url);
      return;
    }

  g_signal_emit (self, signals[ACTIVATE_LINK], 0, stripped, &handled);
}

static void
click_released_cb (GtkGestureClick     *gesture,
                   int                  n_press,
                   double               x,
                   double               y,
                   PostingsPreviewView *self)
{
  GtkTextIter sel_start, sel_end;
  const char *url;

  if (n_press != 1 ||
      gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) != GDK_BUTTON_PRIMARY)
    return;

  /* A drag that selected text is not a click on a link. */
  if (gtk_text_buffer_get_selection_bounds (self->buffer, &sel_start, &sel_end))
    return;

  url = get_url_at (self, x, y);
  if (url != NULL)
    open_link (self, url);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           PostingsPreviewView      *self)
{
  gboolean over_link = get_url_at (self, x, y) != NULL;

  if (over_link == self->over_link)
    return;

  self->over_link = over_link;
  gtk_widget_set_cursor_from_name (self->text_view, over_link ? "pointer" : NULL);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          PostingsPreviewView      *self)
{
  if (self->over_link)
    {
      self->over_link = FALSE;
      gtk_widget_set_cursor_from_name (self->text_view, NULL);
    }
}

/* GObject --------------------------------------------------------------- */

static void
postings_preview_view_map (GtkWidget *widget)
{
  PostingsPreviewView *self = POSTINGS_PREVIEW_VIEW (widget);

  GTK_WIDGET_CLASS (postings_preview_view_parent_class)->map (widget);

  if (self->dirty || self->scroll_line != 0)
    schedule_tick (self);
}

static void
postings_preview_view_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  PostingsPreviewView *self = POSTINGS_PREVIEW_VIEW (widget);

  gtk_widget_measure (self->scrolled, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* As a bin, and the tables learn the text's width. */
static void
postings_preview_view_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  PostingsPreviewView *self = POSTINGS_PREVIEW_VIEW (widget);
  int text_width;

  gtk_widget_allocate (self->scrolled, width, height, baseline, NULL);

  /* The tables follow the text's width, after this allocation. */
  text_width = gtk_widget_get_width (self->text_view);
  if (text_width != self->text_width)
    {
      self->text_width = text_width;
      self->tables_dirty = TRUE;
      schedule_tick (self);
    }
}

static void
postings_preview_view_unmap (GtkWidget *widget)
{
  PostingsPreviewView *self = POSTINGS_PREVIEW_VIEW (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }

  GTK_WIDGET_CLASS (postings_preview_view_parent_class)->unmap (widget);
}

static void
postings_preview_view_dispose (GObject *object)
{
  PostingsPreviewView *self = POSTINGS_PREVIEW_VIEW (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_handle_id (&self->image_resize_id, g_source_remove);
  cancel_job (self);
  g_clear_pointer (&self->ready_model, postings_preview_model_free);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);

  g_clear_pointer (&self->block_marks, g_ptr_array_unref);
  g_clear_pointer (&self->header_end, g_object_unref);
  g_clear_pointer (&self->link_tags, g_hash_table_unref);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  self->text_view = NULL;
  g_clear_object (&self->buffer);

  g_clear_pointer (&self->model, postings_preview_model_free);
  g_clear_pointer (&self->header, postings_preview_header_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_object (&self->file);
  g_clear_object (&self->root);
  g_clear_pointer (&self->images, g_ptr_array_unref);

  G_OBJECT_CLASS (postings_preview_view_parent_class)->dispose (object);
}

static void
postings_preview_view_class_init (PostingsPreviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_preview_view_dispose;
  widget_class->map = postings_preview_view_map;
  widget_class->unmap = postings_preview_view_unmap;
  widget_class->measure = postings_preview_view_measure;
  widget_class->size_allocate = postings_preview_view_size_allocate;

  /**
   * PostingsPreviewView::activate-link:
   * @url: a link the user clicked, already checked to be http, https or mailto
   *
   * Emitted when a safe link is clicked; the default handler opens it in the
   * browser. Return TRUE from a handler to stop that.
   */
  signals[ACTIVATE_LINK] =
    g_signal_new_class_handler ("activate-link",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (postings_preview_view_real_activate_link),
                                g_signal_accumulator_true_handled, NULL,
                                NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "postings-preview-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
postings_preview_view_init (PostingsPreviewView *self)
{
  GtkEventController *motion;
  GtkGesture *click;
  GtkTextIter end;

  self->block_marks = g_ptr_array_new_with_free_func (delete_mark);
  self->images = g_ptr_array_new_with_free_func (g_object_unref);
  self->image_width = 600;
  self->link_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->buffer = gtk_text_buffer_new (NULL);
  gtk_text_buffer_set_enable_undo (self->buffer, FALSE);
  create_tags (self);

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  self->header_end = g_object_ref (gtk_text_buffer_create_mark (self->buffer, "header-end", &end, TRUE));

  self->text_view = gtk_text_view_new_with_buffer (self->buffer);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->text_view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (self->text_view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->text_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->text_view), BASE_MARGIN);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->text_view), BASE_MARGIN);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->text_view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->text_view), 24);
  gtk_text_view_set_pixels_inside_wrap (GTK_TEXT_VIEW (self->text_view), 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview"),
                                  GTK_ACCESSIBLE_PROPERTY_READ_ONLY, TRUE,
                                  -1);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (self->text_view, GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (self->text_view, motion);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->text_view);
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->text_view)), "changed",
                           G_CALLBACK (text_view_resized_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (postings_image_loader_get_default (), "image-ready",
                           G_CALLBACK (image_ready_cb), self, 0);

  self->sync_limit = SYNC_PARSE_LIMIT;

  /* Draw the empty page now, so the view is never blank. */
  redraw (self, NULL);
  self->redraw_count = 0;
}

GtkWidget *
postings_preview_view_new (void)
{
  return g_object_new (POSTINGS_TYPE_PREVIEW_VIEW, NULL);
}

void
postings_preview_view_set_document (PostingsPreviewView *self,
                                    PostingsDocument    *document)
{
  g_return_if_fail (POSTINGS_IS_PREVIEW_VIEW (self));
  g_return_if_fail (document == NULL || POSTINGS_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);

  g_set_object (&self->document, document);

  if (document != NULL)
    g_signal_connect_object (document, "changed",
                             G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);

  /* A new document: start from the top, draw everything. */
  cancel_job (self);
  self->drawn = FALSE;
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view)), 0);
  schedule_redraw (self);
}

/**
 * postings_preview_view_set_file_name:
 * @file_name: (nullable): the posting's base name
 *
 * When the front matter has no `date`, the site takes the date from the
 * file name (`YYYY-MM-DD-…`); the header does the same with this.
 */
void
postings_preview_view_set_file_name (PostingsPreviewView *self,
                                     const char          *file_name)
{
  g_return_if_fail (POSTINGS_IS_PREVIEW_VIEW (self));

  if (g_strcmp0 (self->file_name, file_name) == 0)
    return;

  g_free (self->file_name);
  self->file_name = g_strdup (file_name);
  schedule_redraw (self);
}

/**
 * postings_preview_view_set_file:
 * @file: (nullable): the posting's file
 *
 * Where the posting is: images given relative to it or from its site's
 * root (`/img/…`) are read from there, never from outside the site. Also
 * sets the file name (postings_preview_view_set_file_name()).
 */
void
postings_preview_view_set_file (PostingsPreviewView *self,
                                GFile               *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (POSTINGS_IS_PREVIEW_VIEW (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (file != NULL && self->file != NULL && g_file_equal (file, self->file))
    return;

  g_set_object (&self->file, file);
  g_clear_object (&self->root);
  if (file != NULL)
    {
      self->root = postings_repository_find_root (file);
      name = g_file_get_basename (file);
    }
  postings_preview_view_set_file_name (self, name);
  redraw_image_blocks (self, NULL);
}

char *
postings_preview_view_dup_header_text (PostingsPreviewView *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (POSTINGS_IS_PREVIEW_VIEW (self), NULL);

  gtk_text_buffer_get_start_iter (self->buffer, &start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->header_end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
}

char *
postings_preview_view_dup_text (PostingsPreviewView *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (POSTINGS_IS_PREVIEW_VIEW (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
}

guint
postings_preview_view_get_redraw_count (PostingsPreviewView *self)
{
  g_return_val_if_fail (POSTINGS_IS_PREVIEW_VIEW (self), 0);

  return self->redraw_count;
}

void
postings_preview_view_flush (PostingsPreviewView *self)
{
  g_return_if_fail (POSTINGS_IS_PREVIEW_VIEW (self));

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }

  if (self->ready_model != NULL && self->ready_generation == self->generation)
    redraw (self, g_steal_pointer (&self->ready_model));
  else if (self->dirty)
    {
      cancel_job (self);
      redraw (self, NULL);
    }

  if (self->scroll_line != 0)
    {
      scroll_to_block_at_line (self, self->scroll_line);
      self->scroll_line = 0;
    }
}

const char *
_postings_preview_view_click_at_offset (PostingsPreviewView *self,
                                        int                  offset)
{
  GtkTextIter iter;
  const char *url;

  g_return_val_if_fail (POSTINGS_IS_PREVIEW_VIEW (self), NULL);

  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, offset);
  url = get_url_at_iter (&iter);
  if (url != NULL)
    open_link (self, url);

  return url;
}

/**
 * postings_preview_view_scroll_to_line:
 * @line: a 1-based line of the file (where the source view's cursor is)
 *
 * Scrolls, as little as needed, to show the block drawn from @line, after
 * the pending redraw if there is one.
 */
void
postings_preview_view_scroll_to_line (PostingsPreviewView *self,
                                      guint                line)
{
  g_return_if_fail (POSTINGS_IS_PREVIEW_VIEW (self));

  if (line == 0)
    return;

  self->scroll_line = line;
  schedule_tick (self);
}

/* The paintable of the @index-th image shown, or NULL; @bounds (optional)
 * receives where it is drawn, in the view's coordinates. */
GdkPaintable *
_postings_preview_view_get_image (PostingsPreviewView *self,
                                  guint                index,
                                  graphene_rect_t     *bounds)
{
  GtkTextView *view;
  GtkTextIter iter;
  guint n = 0;

  g_return_val_if_fail (POSTINGS_IS_PREVIEW_VIEW (self), NULL);

  view = GTK_TEXT_VIEW (self->text_view);
  gtk_text_buffer_get_start_iter (self->buffer, &iter);
  do
    {
      GdkPaintable *paintable = gtk_text_iter_get_paintable (&iter);

      if (paintable != NULL && n++ == index)
        {
          if (bounds != NULL)
            {
              GdkRectangle rect;
              graphene_point_t point;
              int x, y;

              gtk_text_view_get_iter_location (view, &iter, &rect);
              gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &x, &y);
              if (!gtk_widget_compute_point (self->text_view, GTK_WIDGET (self),
                                             &GRAPHENE_POINT_INIT (x, y), &point))
                point = GRAPHENE_POINT_INIT (x, y);
              graphene_rect_init (bounds, point.x, point.y,
                                  gdk_paintable_get_intrinsic_width (paintable),
                                  gdk_paintable_get_intrinsic_height (paintable));
            }
          return paintable;
        }
    }
  while (gtk_text_iter_forward_char (&iter));

  return NULL;
}

void
_postings_preview_view_set_sync_limit (PostingsPreviewView *self,
                                       gsize                bytes)
{
  g_return_if_fail (POSTINGS_IS_PREVIEW_VIEW (self));

  self->sync_limit = bytes;
}

guint
_postings_preview_view_get_n_jobs (PostingsPreviewView *self,
                                   guint               *n_dropped)
{
  g_return_val_if_fail (POSTINGS_IS_PREVIEW_VIEW (self), 0);

  if (n_dropped != NULL)
    *n_dropped = self->n_dropped;
  return self->n_jobs;
}
