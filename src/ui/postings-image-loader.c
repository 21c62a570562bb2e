/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-image.h"
#include "postings-image-loader.h"

/* Images kept decoded; the least recently used go first. */
#define MAX_ENTRIES 64
/* No decoded image is larger than this many pixels (a pasted photograph
 * of 6000×4000 is scaled down). */
#define MAX_PIXELS (4096 * 4096)
/* A failed image is tried again after this long (the file may have been
 * added meanwhile). */
#define RETRY_USEC (3 * G_USEC_PER_SEC)

typedef struct
{
  GdkTexture *texture;
  int         texture_width;  /* the width asked when it was decoded; G_MAXINT: full size */
  int         loading_width;  /* a decode running for this width, else 0 */
  char       *error;
  gint64      failed_at;
  gint64      last_used;
} Entry;

struct _PostingsImageLoader
{
  GObject     parent_instance;

  GHashTable *entries;  /* key → Entry */
  guint       n_pending;
};

G_DEFINE_FINAL_TYPE (PostingsImageLoader, postings_image_loader, G_TYPE_OBJECT)

enum {
  IMAGE_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->texture);
  g_free (entry->error);
  g_free (entry);
}

/* Decoding (any thread) ---------------------------------------------------- */

typedef struct
{
  int max_width;
} SizeRequest;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  SizeRequest     *request)
{
  double scale = 1.0;

  if (width <= 0 || height <= 0)
    return;

  if (request->max_width > 0 && width > request->max_width)
    scale = (double) request->max_width / width;
  while ((double) width * scale * height * scale > MAX_PIXELS)
    scale *= 0.9;

  if (scale < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale)), MAX (1, (int) (height * scale)));
}

GdkPixbuf *
postings_image_loader_decode (const char    *src,
                              GFile         *posting,
                              GFile         *root,
                              int            max_width_px,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autofree char *mime = NULL;
  g_autoptr(GError) local_error = NULL;
  SizeRequest request = { max_width_px };
  GdkPixbuf *pixbuf;

  bytes = postings_image_load (src, posting, root, &mime, cancellable, error);
  if (bytes == NULL)
    return NULL;

  if (mime != NULL)
    loader = gdk_pixbuf_loader_new_with_mime_type (mime, NULL);
  if (loader == NULL)
    loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &request);

  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, &local_error) ||
      !gdk_pixbuf_loader_close (loader, &local_error))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The image cannot be read: %s"), local_error->message);
      return NULL;
    }

  /* An animated GIF shows its first frame. */
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The image cannot be read."));
      return NULL;
    }

  return g_object_ref (pixbuf);
}

typedef struct
{
  char  *key;
  char  *src;
  GFile *posting;
  GFile *root;
  int    width;
} Job;

static void
job_free (Job *job)
{
  g_free (job->key);
  g_free (job->src);
  g_clear_object (&job->posting);
  g_clear_object (&job->root);
  g_free (job);
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  GdkPixbuf *pixbuf = postings_image_loader_decode (job->src, job->posting, job->root,
                                                    job->width, cancellable, &error);

  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

/* The cache (main thread) -------------------------------------------------- */

static void
evict (PostingsImageLoader *self)
{
  while (g_hash_table_size (self->entries) > MAX_ENTRIES)
    {
      GHashTableIter iter;
      gpointer key, value;
      gpointer oldest = NULL;
      gint64 oldest_time = G_MAXINT64;

      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Entry *entry = value;

          if (entry->loading_width == 0 && entry->last_used < oldest_time)
            {
              oldest = key;
              oldest_time = entry->last_used;
            }
        }
      if (oldest == NULL)
        return;
      g_hash_table_remove (self->entries, oldest);
    }
}

static void
decode_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PostingsImageLoader *self = POSTINGS_IMAGE_LOADER (object);
  GTask *task = G_TASK (result);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = g_task_propagate_pointer (task, &error);
  Entry *entry = g_hash_table_lookup (self->entries, job->key);

  self->n_pending--;
  if (entry == NULL)
    return;

  entry->loading_width = 0;
  if (pixbuf != NULL)
    {
      g_set_object (&entry->texture, NULL);
      entry->texture = gdk_texture_new_for_pixbuf (pixbuf);
      /* Not scaled down: as sharp as it gets, whatever width is asked later. */
      entry->texture_width = gdk_pixbuf_get_width (pixbuf) < job->width ? G_MAXINT : job->width;
      g_clear_pointer (&entry->error, g_free);
    }
  else if (entry->texture == NULL)
    {
      g_free (entry->error);
      entry->error = g_strdup (error->message);
      entry->failed_at = g_get_monotonic_time ();
    }

  evict (self);
  g_signal_emit (self, signals[IMAGE_READY], 0, job->src);
}

/* The same address means the same image only from the same folder. */
static char *
make_key (const char *src,
          GFile      *posting,
          GFile      *root)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);

  g_checksum_update (checksum, (const guchar *) src, -1);
  if (postings_image_source_classify (src) != POSTINGS_IMAGE_SOURCE_DATA)
    {
      g_autoptr(GFile) folder = posting != NULL ? g_file_get_parent (posting) : NULL;
      const char *folder_path = folder != NULL ? g_file_peek_path (folder) : NULL;
      const char *root_path = root != NULL ? g_file_peek_path (root) : NULL;

      g_checksum_update (checksum, (const guchar *) "\n", 1);
      g_checksum_update (checksum, (const guchar *) (folder_path ? folder_path : ""), -1);
      g_checksum_update (checksum, (const guchar *) "\n", 1);
      g_checksum_update (checksum, (const guchar *) (root_path ? root_path : ""), -1);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

GdkTexture *
postings_image_loader_lookup (PostingsImageLoader  *self,
                              const char           *src,
                              GFile                *posting,
                              GFile                *root,
                              int                   width_px,
                              const char          **error_message)
{
  g_autofree char *key = NULL;
  Entry *entry;

  g_return_val_if_fail (POSTINGS_IS_IMAGE_LOADER (self), NULL);
  g_return_val_if_fail (src != NULL, NULL);

  if (error_message != NULL)
    *error_message = NULL;

  key = make_key (src, posting, root);
  entry = g_hash_table_lookup (self->entries, key);
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      g_hash_table_insert (self->entries, g_strdup (key), entry);
    }
  entry->last_used = g_get_monotonic_time ();

  if (entry->error != NULL && entry->last_used - entry->failed_at > RETRY_USEC)
    g_clear_pointer (&entry->error, g_free);
  if (entry->error != NULL)
    {
      if (error_message != NULL)
        *error_message = entry->error;
      return NULL;
    }

  if ((entry->texture == NULL || entry->texture_width < width_px) && entry->loading_width < width_px)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, decode_done_cb, NULL);
      Job *job = g_new0 (Job, 1);

      job->key = g_steal_pointer (&key);
      job->src = g_strdup (src);
      job->posting = posting != NULL ? g_object_ref (posting) : NULL;
      job->root = root != NULL ? g_object_ref (root) : NULL;
      job->width = width_px;
      entry->loading_width = width_px;
      self->n_pending++;

      g_task_set_task_data (task, job, (GDestroyNotify) job_free);
      g_task_set_source_tag (task, postings_image_loader_lookup);
      g_task_run_in_thread (task, decode_thread);
    }

  return entry->texture != NULL ? g_object_ref (entry->texture) : NULL;
}

guint
postings_image_loader_get_n_pending (PostingsImageLoader *self)
{
  g_return_val_if_fail (POSTINGS_IS_IMAGE_LOADER (self), 0);

  return self->n_pending;
}

static void
postings_image_loader_finalize (GObject *object)
{
  PostingsImageLoader *self = POSTINGS_IMAGE_LOADER (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (postings_image_loader_parent_class)->finalize (object);
}

static void
postings_image_loader_class_init (PostingsImageLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = postings_image_loader_finalize;

  /**
   * PostingsImageLoader::image-ready:
   * @src: the image's address, as given to postings_image_loader_lookup()
   *
   * A decode ended: look the image up again.
   */
  signals[IMAGE_READY] =
    g_signal_new ("image-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
postings_image_loader_init (PostingsImageLoader *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
}

PostingsImageLoader *
postings_image_loader_get_default (void)
{
  static PostingsImageLoader *loader;

  if (loader == NULL)
    loader = g_object_new (POSTINGS_TYPE_IMAGE_LOADER, NULL);

  return loader;
}
