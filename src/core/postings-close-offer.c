/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-close-offer.h"
#include "postings-core-i18n.h"
#include "postings-document.h"
#include "postings-error.h"
#include "postings-file.h"

/* How many lines differ between @a and @b; -1 when their line counts do. */
static int
changed_lines (GBytes *a,
               GBytes *b)
{
  gsize la, lb;
  const char *pa = g_bytes_get_data (a, &la), *pb = g_bytes_get_data (b, &lb);
  const char *ea = pa + la, *eb = pb + lb;
  int changed = 0;

  while (pa < ea || pb < eb)
    {
      const char *na = memchr (pa, '\n', ea - pa), *nb = memchr (pb, '\n', eb - pb);
      gsize line_a = (na != NULL ? na + 1 : ea) - pa, line_b = (nb != NULL ? nb + 1 : eb) - pb;

      if (pa >= ea || pb >= eb)
        return -1;
      if (line_a != line_b || memcmp (pa, pb, line_a) != 0)
        changed++;
      pa += line_a;
      pb += line_b;
    }
  return changed;
}

/* Through the one save path (postings-file.h): locked, atomic, and
 * refused when the file is no longer @expected. */
static gboolean
write_if_unchanged (GFile         *file,
                    GBytes        *bytes,
                    GBytes        *expected,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (postings_file_replace (file, bytes, expected, POSTINGS_FILE_NONE, cancellable, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                 _("“%s” was changed by another program meanwhile: nothing was written"),
                 g_file_peek_path (file));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
postings_close_offer_in_file (GFile         *file,
                              GBytes       **original,
                              GBytes       **closed,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean open = TRUE;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  before = postings_file_read (file, cancellable, error);
  if (before == NULL)
    return FALSE;
  document = postings_document_new_from_bytes (before);

  if (postings_document_get_state (document) != POSTINGS_DOCUMENT_OK
      || !postings_document_set_value (document, "open", "false", POSTINGS_VALUE_BOOLEAN, &local_error))
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                   _("“%s” cannot be closed: %s"), g_file_peek_path (file),
                   local_error != NULL ? local_error->message : _("its header cannot be read"));
      return FALSE;
    }

  after = postings_document_serialize (document);
  /* What the site will read: closed, and one line changed. */
  {
    g_autoptr(PostingsDocument) check = postings_document_new_from_bytes (after);

    if (!postings_document_get_boolean (check, "open", &open) || open || changed_lines (before, after) != 1)
      {
        g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT,
                     _("“%s” cannot be closed with one change: its header sets “open” more than once. "
                       "Edit it by hand."), g_file_peek_path (file));
        return FALSE;
      }
  }

  if (!write_if_unchanged (file, after, before, cancellable, error))
    return FALSE;

  if (original != NULL)
    *original = g_steal_pointer (&before);
  if (closed != NULL)
    *closed = g_steal_pointer (&after);
  return TRUE;
}

gboolean
postings_close_offer_undo (GFile         *file,
                           GBytes        *original,
                           GBytes        *closed,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GBytes) now = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (original != NULL && closed != NULL, FALSE);

  now = postings_file_read (file, cancellable, error);
  if (now == NULL)
    return FALSE;
  if (!g_bytes_equal (now, closed))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                   _("“%s” was changed since it was closed: it is left as it is"), g_file_peek_path (file));
      return FALSE;
    }
  return write_if_unchanged (file, original, closed, cancellable, error);
}
