/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-image-paintable.h"

struct _PostingsImagePaintable
{
  GObject     parent_instance;

  GdkTexture *texture;
  int         max_width;
  int         scale;
};

static void paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PostingsImagePaintable, postings_image_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, paintable_iface_init))

static int
natural_width (PostingsImagePaintable *self)
{
  return MAX (1, gdk_texture_get_width (self->texture) / MAX (self->scale, 1));
}

static int
get_intrinsic_width (GdkPaintable *paintable)
{
  PostingsImagePaintable *self = POSTINGS_IMAGE_PAINTABLE (paintable);

  return MIN (natural_width (self), MAX (self->max_width, 1));
}

static int
get_intrinsic_height (GdkPaintable *paintable)
{
  PostingsImagePaintable *self = POSTINGS_IMAGE_PAINTABLE (paintable);
  double ratio = (double) gdk_texture_get_height (self->texture) / gdk_texture_get_width (self->texture);

  return MAX (1, (int) (get_intrinsic_width (paintable) * ratio + 0.5));
}

static void
snapshot (GdkPaintable *paintable,
          GdkSnapshot  *snapshot,
          double        width,
          double        height)
{
  PostingsImagePaintable *self = POSTINGS_IMAGE_PAINTABLE (paintable);

  gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintableFlags
get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_CONTENTS;
}

static void
paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = snapshot;
  iface->get_flags = get_flags;
  iface->get_intrinsic_width = get_intrinsic_width;
  iface->get_intrinsic_height = get_intrinsic_height;
}

static void
postings_image_paintable_finalize (GObject *object)
{
  PostingsImagePaintable *self = POSTINGS_IMAGE_PAINTABLE (object);

  g_clear_object (&self->texture);

  G_OBJECT_CLASS (postings_image_paintable_parent_class)->finalize (object);
}

static void
postings_image_paintable_class_init (PostingsImagePaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = postings_image_paintable_finalize;
}

static void
postings_image_paintable_init (PostingsImagePaintable *self)
{
}

PostingsImagePaintable *
postings_image_paintable_new (GdkTexture *texture,
                              int         max_width,
                              int         scale)
{
  PostingsImagePaintable *self;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);

  self = g_object_new (POSTINGS_TYPE_IMAGE_PAINTABLE, NULL);
  self->texture = g_object_ref (texture);
  self->max_width = max_width;
  self->scale = MAX (scale, 1);

  return self;
}

void
postings_image_paintable_set_max_width (PostingsImagePaintable *self,
                                        int                     max_width)
{
  g_return_if_fail (POSTINGS_IS_IMAGE_PAINTABLE (self));

  if (self->max_width == max_width)
    return;

  self->max_width = max_width;
  gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
}

GdkTexture *
postings_image_paintable_get_texture (PostingsImagePaintable *self)
{
  g_return_val_if_fail (POSTINGS_IS_IMAGE_PAINTABLE (self), NULL);

  return self->texture;
}
