/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * PostingsDataUriFold: shows each long `data:` URI of a text view folded to
 * a compact marker ("image PNG · 24 KB"). The buffer's text is never
 * changed: the URI's first character carries the marker (drawn over it,
 * its width made with letter spacing) and the rest is hidden with an
 * invisible tag, so the cursor steps over the URI as one unit, and
 * Backspace or Delete next to it removes it whole (one undo step).
 * A click on the marker, or Ctrl+E with the cursor at the URI, shows the
 * URI in full; Ctrl+E again folds it.
 *
 * Only the lines that change are looked at again (a data URI never spans
 * lines), in an idle before the next frame.
 */
#define POSTINGS_TYPE_DATA_URI_FOLD (postings_data_uri_fold_get_type ())
G_DECLARE_FINAL_TYPE (PostingsDataUriFold, postings_data_uri_fold, POSTINGS, DATA_URI_FOLD, GObject)

/* The shortest URI folded, in bytes. */
#define POSTINGS_DATA_URI_FOLD_MIN_LENGTH 64

/* Folds the URIs of @view's buffer (a weak reference to @view is kept). */
PostingsDataUriFold *postings_data_uri_fold_new              (GtkTextView         *view);

/* For the view's GtkTextViewClass vfuncs. */
void                 postings_data_uri_fold_snapshot         (PostingsDataUriFold *self,
                                                              GtkTextViewLayer     layer,
                                                              GtkSnapshot         *snapshot);
/* A deletion from the cursor that would cut a folded URI removes all of
 * it instead: returns TRUE when it did (the view must not delete). */
gboolean             postings_data_uri_fold_delete           (PostingsDataUriFold *self,
                                                              GtkDeleteType        type,
                                                              int                  count);

/* Folds or shows the URI at the cursor; FALSE when there is none. */
gboolean             postings_data_uri_fold_toggle_at_cursor (PostingsDataUriFold *self);

/* Looks at changed lines now instead of in the idle (tests, benchmarks). */
void                 postings_data_uri_fold_flush            (PostingsDataUriFold *self);
/* The URIs found (folded or shown). */
guint                postings_data_uri_fold_get_n_uris       (PostingsDataUriFold *self);
/* The @index-th URI: its range, its marker text, whether it is folded;
 * FALSE when there is no such URI. Outputs are optional. */
gboolean             postings_data_uri_fold_get_uri          (PostingsDataUriFold *self,
                                                              guint                index,
                                                              GtkTextIter         *start,
                                                              GtkTextIter         *end,
                                                              const char         **label,
                                                              gboolean            *folded);
/* The area of the @index-th folded marker, in buffer coordinates. */
gboolean             postings_data_uri_fold_get_marker_area  (PostingsDataUriFold *self,
                                                              guint                index,
                                                              GdkRectangle        *area);
/* Shows every URI in full (@expanded TRUE) or folds them all again. */
void                 postings_data_uri_fold_set_all_expanded (PostingsDataUriFold *self,
                                                              gboolean             expanded);

G_END_DECLS
