/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "postings-export.h"
#include "postings-image.h"
#include "postings-image-loader.h"
#include "postings-preview.h"
#include "postings-print.h"
#include "postings-repository.h"

/* Sizes in points (the operation's unit). */
#define BODY_FONT      "Sans 10"
#define MONO_FAMILY    "Monospace"
#define PAGE_HEADER    30.0  /* the band with the title and the dates */
#define PAGE_FOOTER    24.0  /* the band with the page number */
#define LIST_INDENT    16.0
#define QUOTE_INDENT   14.0
#define BULLET_WIDTH   12.0
#define BANNER_PADDING 3.0
/* Image pixels at 96 per inch. */
#define POINTS_PER_PIXEL 0.75

typedef enum
{
  ITEM_TEXT,
  ITEM_IMAGE,
  ITEM_RULE,
} ItemKind;

/* One thing drawn: a paragraph (that may be split between pages), an
 * image or a rule. */
typedef struct
{
  ItemKind     kind;
  PangoLayout *layout;
  GdkPixbuf   *pixbuf;
  double       indent;
  double       width;          /* images */
  double       height;         /* images and rules */
  double       space_before;
  double       space_after;
  gboolean     keep_with_next; /* headings */
  GdkRGBA      background;     /* banners; alpha 0: none */
} Item;

/* The part of an item on a page: its lines from @from to @to. */
typedef struct
{
  guint  item;
  double y;
  double from;
  double to;
} Piece;

typedef struct
{
  PostingsPreviewModel  *model;
  PostingsPreviewHeader *header;
  GFile                 *file;
  GFile                 *root;
  char                  *page_title;
  char                  *page_dates;
  GPtrArray             *items;    /* Item * */
  GPtrArray             *pages;    /* GArray of Piece, one per page */
  double                 width;    /* the content's, in points */
  double                 height;
} PrintJob;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->layout);
  g_clear_object (&item->pixbuf);
  g_free (item);
}

static void
print_job_free (PrintJob *job)
{
  g_clear_pointer (&job->model, postings_preview_model_free);
  g_clear_pointer (&job->header, postings_preview_header_free);
  g_clear_object (&job->file);
  g_clear_object (&job->root);
  g_free (job->page_title);
  g_free (job->page_dates);
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_clear_pointer (&job->pages, g_ptr_array_unref);
  g_free (job);
}

static PrintJob *
print_job_new (PostingsDocument *document,
               GFile            *file)
{
  PrintJob *job = g_new0 (PrintJob, 1);
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;

  job->model = postings_preview_model_new_from_document (document);
  job->header = postings_preview_header_new (document, name);
  job->file = file != NULL ? g_object_ref (file) : NULL;
  job->root = file != NULL ? postings_repository_find_root (file) : NULL;
  job->page_title = g_strdup (job->header->title != NULL ? job->header->title : _("No job title"));
  job->page_dates = g_strdup (job->header->status_text);
  job->items = g_ptr_array_new_with_free_func (item_free);
  job->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  return job;
}

/* Text with styles ------------------------------------------------------- */

typedef struct
{
  GString       *text;
  PangoAttrList *attrs;
} Styled;

static void
styled_init (Styled *s)
{
  s->text = g_string_new (NULL);
  s->attrs = pango_attr_list_new ();
}

static void
styled_clear (Styled *s)
{
  g_string_free (s->text, TRUE);
  pango_attr_list_unref (s->attrs);
}

static void
styled_attr (Styled         *s,
             guint           start,
             PangoAttribute *attr)
{
  attr->start_index = start;
  attr->end_index = s->text->len;
  pango_attr_list_insert (s->attrs, attr);
}

static void
add_item (PrintJob *job,
          Item     *item)
{
  g_ptr_array_add (job->items, item);
}

static Item *
text_item (PrintJob        *job,
           GtkPrintContext *context,
           Styled          *s,
           double           indent,
           double           hanging)
{
  Item *item = g_new0 (Item, 1);
  PangoFontDescription *font = pango_font_description_from_string (BODY_FONT);

  item->kind = ITEM_TEXT;
  item->indent = indent;
  item->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_font_description (item->layout, font);
  pango_font_description_free (font);
  pango_layout_set_wrap (item->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (item->layout, (int) ((job->width - indent) * PANGO_SCALE));
  pango_layout_set_text (item->layout, s->text->str, (int) s->text->len);
  pango_layout_set_attributes (item->layout, s->attrs);
  /* The first line (its bullet) starts @hanging left of the others. */
  if (hanging > 0)
    pango_layout_set_indent (item->layout, (int) (-hanging * PANGO_SCALE));
  add_item (job, item);
  return item;
}

/* The width of @text in the body font, in points. */
static double
text_width (GtkPrintContext *context,
            const char      *text)
{
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *font = pango_font_description_from_string (BODY_FONT);
  int width;

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &width, NULL);
  return width / (double) PANGO_SCALE;
}

static void
add_image_item (PrintJob  *job,
                GdkPixbuf *pixbuf,
                double     indent)
{
  Item *item = g_new0 (Item, 1);
  double width = gdk_pixbuf_get_width (pixbuf) * POINTS_PER_PIXEL;
  double height = gdk_pixbuf_get_height (pixbuf) * POINTS_PER_PIXEL;
  double scale = MIN (1.0, MIN ((job->width - indent) / width, job->height * 0.9 / height));

  item->kind = ITEM_IMAGE;
  item->pixbuf = g_object_ref (pixbuf);
  item->indent = indent;
  item->width = width * scale;
  item->height = height * scale;
  item->space_before = 4;
  item->space_after = 6;
  add_item (job, item);
}

/* An image of the posting: read from its data URI or the site (never from
 * elsewhere) at up to twice the page's width in pixels; NULL when it is
 * not shown, with *placeholder saying what is there. */
static GdkPixbuf *
load_image (PrintJob                 *job,
            const PostingsPreviewRun *run,
            char                    **placeholder)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  GdkPixbuf *pixbuf = NULL;

  switch (postings_image_source_classify (run->src))
    {
    case POSTINGS_IMAGE_SOURCE_DATA:
    case POSTINGS_IMAGE_SOURCE_SITE:
    case POSTINGS_IMAGE_SOURCE_RELATIVE:
      pixbuf = postings_image_loader_decode (run->src, job->file, job->root,
                                             (int) (2 * job->width / POINTS_PER_PIXEL), NULL, &error);
      break;
    case POSTINGS_IMAGE_SOURCE_REMOTE:
      host = postings_image_source_dup_host (run->src);
      break;
    default:
      break;
    }

  if (pixbuf == NULL)
    {
      /* Translators: an image not printed; %s is its description */
      g_autofree char *described = run->text[0] != '\0' ? g_strdup_printf (_("[Image: %s]"), run->text)
                                                          : g_strdup (_("[Image]"));

      *placeholder = host != NULL ? g_strdup_printf ("%s (%s)", described, host) : g_steal_pointer (&described);
    }

  return pixbuf;
}

/* The runs of a block into @s; its images (drawn after the text) into @images. */
static void
append_runs (PrintJob                   *job,
             Styled                     *s,
             const PostingsPreviewBlock *block,
             GPtrArray                  *images)
{
  for (guint i = 0; i < block->n_runs; i++)
    {
      const PostingsPreviewRun *run = &block->runs[i];
      guint start = s->text->len;

      if (run->style & POSTINGS_PREVIEW_STYLE_HTML)
        {
          /* As the export: raw HTML is not printed, its line breaks are. */
          g_autofree char *text = postings_export_html_to_text (run->text);

          if (strchr (text, '\n') != NULL)
            g_string_append_c (s->text, '\n');
          continue;
        }

      if (run->style & POSTINGS_PREVIEW_STYLE_IMAGE)
        {
          g_autofree char *placeholder = NULL;
          GdkPixbuf *pixbuf = load_image (job, run, &placeholder);

          if (pixbuf != NULL)
            {
              g_ptr_array_add (images, pixbuf);
              continue;
            }
          g_string_append (s->text, placeholder);
          styled_attr (s, start, pango_attr_style_new (PANGO_STYLE_ITALIC));
          styled_attr (s, start, pango_attr_foreground_new (0x7000, 0x7000, 0x7000));
          continue;
        }

      g_string_append (s->text, run->text);
      if (run->style & POSTINGS_PREVIEW_STYLE_STRONG)
        styled_attr (s, start, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      if (run->style & POSTINGS_PREVIEW_STYLE_EMPHASIS)
        styled_attr (s, start, pango_attr_style_new (PANGO_STYLE_ITALIC));
      if (run->style & POSTINGS_PREVIEW_STYLE_CODE)
        styled_attr (s, start, pango_attr_family_new (MONO_FAMILY));
      if ((run->style & POSTINGS_PREVIEW_STYLE_LINK) && postings_preview_link_is_safe (run->url))
        {
          styled_attr (s, start, pango_attr_foreground_new (0x1c1c, 0x5f5f, 0xb8b8));
          styled_attr (s, start, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE));
        }
    }
}

static void
add_block (PrintJob                   *job,
           GtkPrintContext            *context,
           const PostingsPreviewBlock *block)
{
  static const double heading_scale[] = { 1.7, 1.45, 1.25, 1.1, 1.0, 1.0 };
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_object_unref);
  double indent = LIST_INDENT * (block->list_depth > 0 ? block->list_depth - 1 : 0) +
                  QUOTE_INDENT * block->quote_depth;
  double hanging = 0;
  Styled s;
  Item *item = NULL;

  styled_init (&s);

  switch (block->kind)
    {
    case POSTINGS_PREVIEW_BLOCK_HEADING:
      append_runs (job, &s, block, images);
      styled_attr (&s, 0, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      styled_attr (&s, 0, pango_attr_scale_new (heading_scale[CLAMP (block->level, 1, 6) - 1]));
      item = text_item (job, context, &s, indent, 0);
      item->space_before = block->level <= 2 ? 14 : 10;
      item->space_after = 4;
      item->keep_with_next = TRUE;
      break;

    case POSTINGS_PREVIEW_BLOCK_BULLET_ITEM:
    case POSTINGS_PREVIEW_BLOCK_ORDERED_ITEM:
      {
        g_autofree char *marker = block->kind == POSTINGS_PREVIEW_BLOCK_BULLET_ITEM
          ? g_strdup (block->list_depth % 2 == 1 ? "•  " : "◦  ")
          : g_strdup_printf ("%u.  ", block->number);

        g_string_append (s.text, marker);
        append_runs (job, &s, block, images);
        hanging = text_width (context, marker);
        item = text_item (job, context, &s, indent + MAX (hanging, BULLET_WIDTH), hanging);
        item->space_after = 2;
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_QUOTE:
      append_runs (job, &s, block, images);
      styled_attr (&s, 0, pango_attr_style_new (PANGO_STYLE_ITALIC));
      styled_attr (&s, 0, pango_attr_foreground_new (0x5000, 0x5000, 0x5000));
      item = text_item (job, context, &s, indent, 0);
      item->space_after = 6;
      break;

    case POSTINGS_PREVIEW_BLOCK_CODE:
      for (guint i = 0; i < block->n_runs; i++)
        g_string_append (s.text, block->runs[i].text);
      styled_attr (&s, 0, pango_attr_family_new (MONO_FAMILY));
      styled_attr (&s, 0, pango_attr_scale_new (0.9));
      item = text_item (job, context, &s, indent + 2 * BANNER_PADDING, 0);
      item->background = (GdkRGBA) { 0.5, 0.5, 0.5, 0.14 };
      item->space_after = 6;
      break;

    case POSTINGS_PREVIEW_BLOCK_THEMATIC_BREAK:
      item = g_new0 (Item, 1);
      item->kind = ITEM_RULE;
      item->height = 12;
      add_item (job, item);
      break;

    case POSTINGS_PREVIEW_BLOCK_HTML:
      {
        g_autofree char *html = postings_preview_block_dup_text (block);
        g_autofree char *text = postings_export_html_to_text (html);

        g_strstrip (text);
        if (*text != '\0')
          {
            g_string_append (s.text, text);
            item = text_item (job, context, &s, indent, 0);
            item->space_after = 6;
          }
      }
      break;

    case POSTINGS_PREVIEW_BLOCK_EXCERPT_MARK:
      break;

    case POSTINGS_PREVIEW_BLOCK_TABLE:
      /* A row a line, its cells at equal tab stops, the head in bold. */
      for (guint r = 0; r < block->table->n_rows; r++)
        {
          const PostingsPreviewTable *table = block->table;
          double column = (job->width - indent) / MAX (table->n_columns, 1);
          PangoTabArray *tabs = pango_tab_array_new (MAX ((int) table->n_columns - 1, 1), TRUE);
          Styled row;

          styled_init (&row);
          for (guint c = 0; c < table->n_columns; c++)
            {
              guint i = r * table->n_columns + c;
              PostingsPreviewBlock cell = *block;

              cell.runs = block->runs + table->cell_starts[i];
              cell.n_runs = table->cell_starts[i + 1] - table->cell_starts[i];
              if (c > 0)
                {
                  g_string_append_c (row.text, '\t');
                  pango_tab_array_set_tab (tabs, (int) c - 1, PANGO_TAB_LEFT, (int) (c * column));
                }
              append_runs (job, &row, &cell, images);
            }
          if (r < table->n_header_rows)
            styled_attr (&row, 0, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          item = text_item (job, context, &row, indent, 0);
          pango_layout_set_tabs (item->layout, tabs);
          pango_tab_array_free (tabs);
          item->space_after = r + 1 == table->n_rows ? 6 : 2;
          styled_clear (&row);
        }
      item = NULL;
      break;

    case POSTINGS_PREVIEW_BLOCK_PARAGRAPH:
    default:
      append_runs (job, &s, block, images);
      if (block->list_depth > 0)
        indent += LIST_INDENT;
      /* A paragraph of images only: just the images. */
      if (s.text->len > 0 || images->len == 0)
        {
          item = text_item (job, context, &s, indent, 0);
          item->space_before = block->list_depth > 0 ? 0 : 4;
          item->space_after = block->list_depth > 0 ? 2 : 6;
        }
      break;
    }

  for (guint i = 0; i < images->len; i++)
    add_image_item (job, g_ptr_array_index (images, i), indent);

  styled_clear (&s);
}

/* The page header the site shows, at the top of the first page. */
static void
add_header (PrintJob        *job,
            GtkPrintContext *context)
{
  const PostingsPreviewHeader *header = job->header;
  Styled s;
  Item *item;

  styled_init (&s);
  g_string_append (s.text, job->page_title);
  styled_attr (&s, 0, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  styled_attr (&s, 0, pango_attr_scale_new (2.0));
  item = text_item (job, context, &s, 0, 0);
  item->space_after = 8;
  styled_clear (&s);

#define BANNER(text_, r, g, b, a, bold)                                        \
  G_STMT_START {                                                              \
    styled_init (&s);                                                         \
    g_string_append (s.text, (text_));                                        \
    if (bold)                                                                 \
      styled_attr (&s, 0, pango_attr_weight_new (PANGO_WEIGHT_SEMIBOLD));     \
    item = text_item (job, context, &s, BANNER_PADDING * 2, 0);               \
    item->background = (GdkRGBA) { r, g, b, a };                              \
    item->space_after = 6;                                                    \
    styled_clear (&s);                                                        \
  } G_STMT_END

  if (header->status_text != NULL)
    {
      if (header->open)
        BANNER (header->status_text, 0.18, 0.76, 0.49, 0.22, TRUE);
      else
        BANNER (header->status_text, 0.5, 0.5, 0.5, 0.18, TRUE);
    }
  if (header->is_friend)
    {
      g_autofree char *friend = header->friend_url != NULL && postings_preview_link_is_safe (header->friend_url)
        ? g_strdup_printf ("%s\n%s : %s", header->friend_text, header->friend_link_text, header->friend_url)
        : g_strdup_printf ("%s\n%s", header->friend_text, header->friend_link_text);

      BANNER (friend, 0.21, 0.52, 0.89, 0.15, FALSE);
    }
  if (header->junior && header->junior_text != NULL)
    BANNER (header->junior_text, 0.96, 0.76, 0.07, 0.30, FALSE);
#undef BANNER

  if (header->techno[0] != NULL)
    {
      g_autofree char *tags = g_strjoinv (" · ", header->techno);

      styled_init (&s);
      g_string_append (s.text, header->techno_label);
      styled_attr (&s, 0, pango_attr_weight_new (PANGO_WEIGHT_SEMIBOLD));
      g_string_append_printf (s.text, " %s", tags);
      item = text_item (job, context, &s, 0, 0);
      item->space_after = 6;
      styled_clear (&s);
    }

  /* The space before the body. */
  item->space_after = 14;
}

/* Pagination -------------------------------------------------------------- */

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return height / (double) PANGO_SCALE;
}

static GArray *
new_page (PrintJob *job)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Piece));

  g_ptr_array_add (job->pages, page);
  return page;
}

static void
paginate (PrintJob *job)
{
  GArray *page = new_page (job);
  double y = 0;

  for (guint i = 0; i < job->items->len; i++)
    {
      Item *item = g_ptr_array_index (job->items, i);
      double before = y > 0 ? item->space_before : 0;
      double padding = item->background.alpha > 0 ? 2 * BANNER_PADDING : 0;
      double height = item->kind == ITEM_TEXT ? layout_height (item->layout) + padding : item->height;
      Piece piece = { i, 0, 0, height };

      /* A heading with less than three lines after it goes to the next page. */
      if (item->keep_with_next && y > 0 && y + before + height + 3 * 14 > job->height)
        {
          page = new_page (job);
          y = before = 0;
        }

      if (y + before + height <= job->height || item->kind != ITEM_TEXT ||
          (padding > 0 && height <= job->height))
        {
          if (y > 0 && y + before + height > job->height)
            {
              page = new_page (job);
              y = before = 0;
            }
          piece.y = y + before;
          g_array_append_val (page, piece);
          y += before + height + item->space_after;
          continue;
        }

      /* A paragraph split between pages, at line boundaries. */
      {
        PangoLayoutIter *iter = pango_layout_get_iter (item->layout);
        double from = 0;

        y += before;
        do
          {
            int line_top, line_bottom;
            double top, bottom;

            pango_layout_iter_get_line_yrange (iter, &line_top, &line_bottom);
            top = line_top / (double) PANGO_SCALE;
            bottom = line_bottom / (double) PANGO_SCALE;
            if (y + bottom - from > job->height && (top > from || y > 0))
              {
                /* The lines so far on this page, the rest on the next. */
                if (top > from)
                  {
                    piece.y = y;
                    piece.from = from;
                    piece.to = top;
                    g_array_append_val (page, piece);
                  }
                page = new_page (job);
                y = 0;
                from = top;
              }
          }
        while (pango_layout_iter_next_line (iter));
        pango_layout_iter_free (iter);

        piece.y = y;
        piece.from = from;
        piece.to = height;
        g_array_append_val (page, piece);
        y += height - from + item->space_after;
      }
    }
}

/* GtkPrintOperation ------------------------------------------------------- */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  g_ptr_array_set_size (job->items, 0);
  g_ptr_array_set_size (job->pages, 0);
  job->width = gtk_print_context_get_width (context);
  job->height = gtk_print_context_get_height (context) - PAGE_HEADER - PAGE_FOOTER;

  add_header (job, context);
  for (guint i = 0; i < postings_preview_model_get_n_blocks (job->model); i++)
    add_block (job, context, postings_preview_model_get_block (job->model, i));
  paginate (job);

  gtk_print_operation_set_n_pages (operation, (int) job->pages->len);
}

/* @text at (@x, @y), @align 0 left, 0.5 centred, 1 right of @x. */
static void
draw_small_text (GtkPrintContext *context,
                 const char      *text,
                 double           x,
                 double           y,
                 double           width,
                 double           align)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");
  int text_width;

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_size (layout, &text_width, NULL);

  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_move_to (cr, x - align * text_width / PANGO_SCALE, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  GArray *page = g_ptr_array_index (job->pages, page_nr);
  double full_height = gtk_print_context_get_height (context);
  /* Translators: the page number at the bottom of a printed posting */
  g_autofree char *number = g_strdup_printf (_("Page %d of %d"), page_nr + 1, (int) job->pages->len);

  /* The title and the dates at the top, the page number at the bottom. */
  draw_small_text (context, job->page_title, 0, 0, job->width * 0.6, 0);
  if (job->page_dates != NULL)
    draw_small_text (context, job->page_dates, job->width, 0, job->width * 0.38, 1);
  cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, PAGE_HEADER - 10);
  cairo_line_to (cr, job->width, PAGE_HEADER - 10);
  cairo_stroke (cr);
  draw_small_text (context, number, job->width / 2, full_height - PAGE_FOOTER + 10, job->width, 0.5);

  for (guint i = 0; i < page->len; i++)
    {
      const Piece *piece = &g_array_index (page, Piece, i);
      Item *item = g_ptr_array_index (job->items, piece->item);
      double y = PAGE_HEADER + piece->y;

      cairo_save (cr);
      switch (item->kind)
        {
        case ITEM_TEXT:
          if (item->background.alpha > 0)
            {
              gdk_cairo_set_source_rgba (cr, &item->background);
              cairo_rectangle (cr, item->indent - 2 * BANNER_PADDING, y, job->width - item->indent + 2 * BANNER_PADDING,
                               piece->to - piece->from);
              cairo_fill (cr);
              y += BANNER_PADDING;
            }
          cairo_rectangle (cr, 0, y, job->width, piece->to - piece->from);
          cairo_clip (cr);
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
          cairo_move_to (cr, item->indent, y - piece->from);
          pango_cairo_show_layout (cr, item->layout);
          break;

        case ITEM_IMAGE:
          cairo_translate (cr, item->indent, y);
          cairo_scale (cr, item->width / gdk_pixbuf_get_width (item->pixbuf),
                       item->height / gdk_pixbuf_get_height (item->pixbuf));
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
          gdk_cairo_set_source_pixbuf (cr, item->pixbuf, 0, 0);
G_GNUC_END_IGNORE_DEPRECATIONS
          cairo_paint (cr);
          break;

        case ITEM_RULE:
          cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
          cairo_set_line_width (cr, 0.75);
          cairo_move_to (cr, job->width * 0.3, y + item->height / 2);
          cairo_line_to (cr, job->width * 0.7, y + item->height / 2);
          cairo_stroke (cr);
          break;

        default:
          break;
        }
      cairo_restore (cr);
    }
}

static GtkPrintOperation *
new_operation (PostingsDocument *document,
               GFile            *file)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  GtkPaperSize *a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PrintJob *job = print_job_new (document, file);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_paper_size_free (a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job->page_title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  g_object_set_data_full (G_OBJECT (operation), "postings-print-job", job, (GDestroyNotify) print_job_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);

  return operation;
}

static void
show_error (GtkWindow  *parent,
            const char *heading,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               GtkWindow               *parent)
{
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;
  gtk_print_operation_get_error (operation, &error);
  show_error (parent, _("The posting was not printed"), error != NULL ? error->message : "");
}

void
postings_print_run (GtkWindow        *parent,
                    PostingsDocument *document,
                    GFile            *file)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (POSTINGS_IS_DOCUMENT (document));

  operation = new_operation (document, file);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), parent);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (parent, _("The posting was not printed"), error->message);
}

gboolean
postings_print_write_pdf (GtkWindow         *parent,
                          PostingsDocument  *document,
                          GFile             *file,
                          const char        *pdf_path,
                          int               *n_pages,
                          GError           **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  PrintJob *job;

  g_return_val_if_fail (POSTINGS_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (pdf_path != NULL, FALSE);

  operation = new_operation (document, file);
  gtk_print_operation_set_export_filename (operation, pdf_path);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    return FALSE;

  job = g_object_get_data (G_OBJECT (operation), "postings-print-job");
  if (n_pages != NULL)
    *n_pages = (int) job->pages->len;
  return TRUE;
}

/* Export as PDF… ------------------------------------------------------------ */

typedef struct
{
  GtkWindow        *parent;
  PostingsDocument *document;
  GFile            *file;
} PdfExport;

static void
pdf_export_free (PdfExport *export)
{
  g_clear_object (&export->parent);
  g_object_unref (export->document);
  g_clear_object (&export->file);
  g_free (export);
}

static void
write_pdf_to (PdfExport *export,
              GFile     *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pdf != NULL ? g_file_get_path (pdf) : NULL;

  if (path == NULL)
    return;
  if (!postings_print_write_pdf (export->parent, export->document, export->file, path, NULL, &error))
    show_error (export->parent, _("The PDF was not written"), error->message);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PdfExport *export = user_data;
  g_autoptr(GFile) pdf = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);

  write_pdf_to (export, pdf);
  pdf_export_free (export);
}
#else
static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    PdfExport       *export)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) pdf = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      write_pdf_to (export, pdf);
    }
  pdf_export_free (export);
  g_object_unref (native);
}
#endif

void
postings_print_export_pdf (GtkWindow        *parent,
                           PostingsDocument *document,
                           GFile            *file)
{
  PdfExport *export;
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = NULL;

  g_return_if_fail (POSTINGS_IS_DOCUMENT (document));

  export = g_new0 (PdfExport, 1);
  export->parent = parent != NULL ? g_object_ref (parent) : NULL;
  export->document = g_object_ref (document);
  export->file = file != NULL ? g_object_ref (file) : NULL;

  /* `2024-01-15-dev.md` → `2024-01-15-dev.pdf`, beside it. */
  if (file != NULL)
    {
      g_autofree char *base = g_file_get_basename (file);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      name = g_strconcat (base, ".pdf", NULL);
      folder = g_file_get_parent (file);
    }
  else
    /* Translators: the file name proposed for a PDF of a new posting */
    name = g_strdup (_("posting.pdf"));

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, _("Export as PDF"));
    gtk_file_dialog_set_initial_name (dialog, name);
    if (folder != NULL)
      gtk_file_dialog_set_initial_folder (dialog, folder);
    gtk_file_dialog_save (dialog, parent, NULL, save_done_cb, export);
  }
#else
  {
    GtkFileChooserNative *native = gtk_file_chooser_native_new (_("Export as PDF"), parent,
                                                                GTK_FILE_CHOOSER_ACTION_SAVE,
                                                                _("_Export"), NULL);

    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
    if (folder != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    g_signal_connect (native, "response", G_CALLBACK (native_response_cb), export);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

/* Copy as Formatted Text ------------------------------------------------------ */

typedef struct
{
  char  *text;     /* the posting's bytes, copied for the worker */
  gsize  len;
  GFile *file;
  char  *html;     /* results */
  char  *plain;
} Copy;

static void
copy_free (Copy *copy)
{
  g_free (copy->text);
  g_clear_object (&copy->file);
  g_free (copy->html);
  g_free (copy->plain);
  g_free (copy);
}

static void
copy_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Copy *copy = task_data;
  g_autoptr(PostingsDocument) document = postings_document_new_from_data (copy->text, (gssize) copy->len);
  g_autoptr(GFile) root = copy->file != NULL ? postings_repository_find_root (copy->file) : NULL;

  copy->html = postings_export_html (document, copy->file, root, POSTINGS_EXPORT_HTML_FRAGMENT);
  copy->plain = postings_export_text (document, copy->file);
  g_task_return_boolean (task, TRUE);
}

static void
copy_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GtkWidget *widget = GTK_WIDGET (object);
  Copy *copy = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) html = g_bytes_new (copy->html, strlen (copy->html));
  g_autoptr(GBytes) plain = g_bytes_new (copy->plain, strlen (copy->plain));
  GdkContentProvider *providers[3];
  g_autoptr(GdkContentProvider) provider = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  providers[0] = gdk_content_provider_new_for_bytes ("text/html", html);
  providers[1] = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", plain);
  providers[2] = gdk_content_provider_new_typed (G_TYPE_STRING, copy->plain);
  provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
}

void
postings_print_copy_formatted (GtkWidget        *widget,
                               PostingsDocument *document,
                               GFile            *file)
{
  g_autoptr(GTask) task = NULL;
  Copy *copy;
  const char *text;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (POSTINGS_IS_DOCUMENT (document));

  copy = g_new0 (Copy, 1);
  text = postings_document_get_text (document, &copy->len);
  copy->text = g_memdup2 (text != NULL ? text : "", copy->len + 1);
  copy->file = file != NULL ? g_object_ref (file) : NULL;

  task = g_task_new (widget, NULL, copy_done_cb, NULL);
  g_task_set_source_tag (task, postings_print_copy_formatted);
  g_task_set_task_data (task, copy, (GDestroyNotify) copy_free);
  g_task_run_in_thread (task, copy_thread);
}
