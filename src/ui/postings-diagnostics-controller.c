/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "postings-address-dialog.h"
#include "postings-diagnostics-button.h"
#include "postings-diagnostics-controller.h"
#include "postings-file.h"
#include "postings-repository.h"
#include "postings-validator-job.h"

/*
 * Validation as the user types. Every change of the document (re)starts a
 * short timer; when it fires the validator runs: on the main thread for a
 * posting of up to 32 KB (well under a millisecond), in a worker on a
 * snapshot of the text for a larger one (tens of milliseconds for 300 KB),
 * whose result is shown only if the text did not change meanwhile (else the
 * next check, already set off by that change, replaces it). The result is
 * shown:
 *
 *   - in the form: the row of the diagnostic's key gets the error or
 *     warning style and the message under it (postings_form_set_diagnostics);
 *   - in the Markdown view (and the raw front-matter view): a wavy
 *     underline over the diagnostic's bytes, the message as tooltip;
 *   - in the header bar: the number of problems and the list of all of
 *     them, each moving to its field or line, fixable ones with "Fix".
 */

typedef struct
{
  GtkTextView        *view;
  GtkTextMark        *start;
  GtkTextMark        *end;
  PostingsDiagnostic *diagnostic;
} Underline;

struct _PostingsDiagnosticsController
{
  GObject             parent_instance;

  /* Unowned: the page owns them and us. */
  PostingsForm              *form;
  PostingsDiagnosticsButton *button;
  PostingsSourceView        *front_matter_view;
  PostingsSourceView        *source_view;
  AdwToastOverlay           *toasts;

  GFile              *file;           /* NULL: never saved */
  GFile              *repository_root;
  PostingsSchema     *schema;

  PostingsDocument   *document;
  GPtrArray          *diagnostics;    /* of the document at check_revision */
  guint               check_revision;
  guint               timeout_id;
  GCancellable       *job_cancellable;  /* a check in a worker, in flight */
  guint               job_revision;     /* … of the document at this revision */
  gint64              job_start;
  guint               n_jobs;           /* for tests */
  gint64              first_change;   /* monotonic µs of the first unchecked change, 0: none */

  GArray             *underlines;     /* Underline */

  GBytes             *undo_text;      /* the text before the last edit fix */
  guint               undo_revision;  /* the revision that fix made */
  GFile              *undo_file;      /* the file as the last rename named it */
  char               *undo_name;      /* … and its name before */
  AdwToast           *undo_toast;

  GFile              *root_file;      /* the file root was found for */
  GFile              *root;

  char               *last_toast;     /* for tests */
  guint               n_checks;
  double              last_check_ms;
  double              last_validate_ms;
};

G_DEFINE_FINAL_TYPE (PostingsDiagnosticsController, postings_diagnostics_controller, G_TYPE_OBJECT)

enum {
  SIGNAL_SHOW_EDITOR,
  SIGNAL_EDIT_FRONT_MATTER,
  SIGNAL_IS_BUSY,
  SIGNAL_OPEN_FILE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_busy (PostingsDiagnosticsController *self)
{
  gboolean busy = FALSE;

  g_signal_emit (self, signals[SIGNAL_IS_BUSY], 0, &busy);
  return busy;
}

static const char *tag_names[] = {
  [POSTINGS_SEVERITY_ERROR] = "postings-diagnostic-error",
  [POSTINGS_SEVERITY_WARNING] = "postings-diagnostic-warning",
  [POSTINGS_SEVERITY_SUGGESTION] = "postings-diagnostic-suggestion",
};

/* Underlines --------------------------------------------------------------- */

static GtkTextTag *
ensure_tag (GtkTextBuffer    *buffer,
            PostingsSeverity  severity)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, tag_names[severity]);
  static const char *colors[] = {
    [POSTINGS_SEVERITY_ERROR] = "#e01b24",
    [POSTINGS_SEVERITY_WARNING] = "#e5a50a",
    [POSTINGS_SEVERITY_SUGGESTION] = "#3584e4",
  };
  GdkRGBA rgba;

  if (tag != NULL)
    return tag;

  gdk_rgba_parse (&rgba, colors[severity]);
  tag = gtk_text_buffer_create_tag (buffer, tag_names[severity],
                                    "underline", PANGO_UNDERLINE_ERROR,
                                    "underline-rgba", &rgba,
                                    NULL);
  /* Above the syntax highlighting. */
  gtk_text_tag_set_priority (tag, gtk_text_tag_table_get_size (table) - 1);
  return tag;
}

static void
underline_clear (Underline *u)
{
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (u->start);

  if (buffer != NULL)
    {
      gtk_text_buffer_delete_mark (buffer, u->start);
      gtk_text_buffer_delete_mark (buffer, u->end);
    }
  g_clear_object (&u->start);
  g_clear_object (&u->end);
  g_clear_pointer (&u->diagnostic, postings_diagnostic_unref);
}

typedef struct
{
  int                 start;   /* character offsets in the view's buffer */
  int                 end;
  PostingsDiagnostic *diagnostic;
} Wanted;

static void
underline_range (const Underline *u,
                 GtkTextIter     *start,
                 GtkTextIter     *end)
{
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (u->start);

  gtk_text_buffer_get_iter_at_mark (buffer, start, u->start);
  gtk_text_buffer_get_iter_at_mark (buffer, end, u->end);
}

/* Gives @view the underlines of @wanted. Only the ones that differ from
 * what it shows are touched: retagging text makes GtkTextView lay it out
 * again, which for a line of hundreds of kilobytes costs a long stall. */
static void
set_underlines (PostingsDiagnosticsController *self,
                GtkTextView                   *view,
                GArray                        *wanted)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (int) * 2);
  g_autofree gboolean *kept = g_new0 (gboolean, wanted->len + 1);

  for (guint i = self->underlines->len; i > 0; i--)
    {
      Underline *u = &g_array_index (self->underlines, Underline, i - 1);
      GtkTextIter start, end;
      gboolean found = FALSE;

      if (u->view != view)
        continue;
      underline_range (u, &start, &end);
      for (guint j = 0; j < wanted->len && !found; j++)
        {
          Wanted *w = &g_array_index (wanted, Wanted, j);

          if (!kept[j] && w->start == gtk_text_iter_get_offset (&start) && w->end == gtk_text_iter_get_offset (&end)
              && w->diagnostic->severity == u->diagnostic->severity)
            {
              kept[j] = found = TRUE;
              postings_diagnostic_ref (w->diagnostic);
              postings_diagnostic_unref (u->diagnostic);
              u->diagnostic = w->diagnostic;
            }
        }
      if (found)
        continue;

      {
        int range[2] = { gtk_text_iter_get_offset (&start), gtk_text_iter_get_offset (&end) };

        gtk_text_buffer_remove_tag (buffer, ensure_tag (buffer, u->diagnostic->severity), &start, &end);
        g_array_append_val (removed, range);
        g_array_remove_index (self->underlines, i - 1);
      }
    }

  for (guint j = 0; j < wanted->len; j++)
    {
      Wanted *w = &g_array_index (wanted, Wanted, j);
      GtkTextIter start, end;
      gboolean reapply = FALSE;
      Underline u;

      /* A kept underline that overlapped a removed one lost its tag there. */
      for (guint r = 0; r < removed->len && kept[j] && !reapply; r++)
        {
          const int *range = &g_array_index (removed, int, 2 * r);

          reapply = range[0] < w->end && w->start < range[1];
        }
      gtk_text_buffer_get_iter_at_offset (buffer, &start, w->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, w->end);
      if (!kept[j] || reapply)
        gtk_text_buffer_apply_tag (buffer, ensure_tag (buffer, w->diagnostic->severity), &start, &end);
      if (kept[j])
        continue;

      u.view = view;
      u.start = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE));
      u.end = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE));
      u.diagnostic = postings_diagnostic_ref (w->diagnostic);
      g_array_append_val (self->underlines, u);
    }
}

/* Byte → character offsets in a text, for positions mostly in increasing
 * order (the diagnostics are sorted): each one counts on from the last. */
typedef struct
{
  gsize byte;
  glong offset;
} OffsetCursor;

static int
char_offset (const char   *text,
             gsize         byte,
             OffsetCursor *cursor)
{
  if (byte < cursor->byte)
    cursor->byte = cursor->offset = 0;
  cursor->offset += g_utf8_pointer_to_offset (text + cursor->byte, text + byte);
  cursor->byte = byte;
  return (int) cursor->offset;
}

/* Underlines the diagnostics whose bytes fall in the part of the document
 * the view shows (@region), when the view shows exactly that text. */
static void
underline_view (PostingsDiagnosticsController *self,
                GtkTextView                   *view,
                gboolean                       has_region,
                PostingsSpan                   region)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (Wanted));
  g_autofree char *shown = NULL;
  OffsetCursor cursor = { 0, 0 };
  const char *text = NULL;
  gsize len = 0;
  GtkTextIter start, end;

  if (has_region && self->document != NULL && self->diagnostics != NULL)
    text = postings_document_get_text (self->document, &len);
  if (text == NULL || region.end > len || region.start > region.end)
    {
      set_underlines (self, view, wanted);
      return;
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  if (strlen (shown) != region.end - region.start
      || memcmp (shown, text + region.start, region.end - region.start) != 0)
    {
      set_underlines (self, view, wanted);
      return;
    }

  for (guint i = 0; i < self->diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (self->diagnostics, i);
      gsize from, to;
      Wanted w;

      /* A missing marker is not about the line it points at. */
      if (g_strcmp0 (d->rule, "missing-excerpt") == 0)
        continue;
      if (d->span.end <= d->span.start || d->span.start < region.start || d->span.start >= region.end)
        continue;

      from = d->span.start - region.start;
      to = MIN (d->span.end, region.end) - region.start;
      if (!g_utf8_validate (shown + from, to - from, NULL))
        continue;

      w.start = char_offset (shown, from, &cursor);
      w.end = char_offset (shown, to, &cursor);
      w.diagnostic = d;
      g_array_append_val (wanted, w);
    }
  set_underlines (self, view, wanted);
}

char *
postings_diagnostics_controller_dup_message_at (PostingsDiagnosticsController *self,
                                                GtkTextView                   *view,
                                                const GtkTextIter             *iter)
{
  GString *message = NULL;

  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self), NULL);

  for (guint i = 0; i < self->underlines->len; i++)
    {
      Underline *u = &g_array_index (self->underlines, Underline, i);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      GtkTextIter start, end;

      if (u->view != view)
        continue;
      gtk_text_buffer_get_iter_at_mark (buffer, &start, u->start);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, u->end);
      if (!gtk_text_iter_in_range (iter, &start, &end))
        continue;

      if (message == NULL)
        message = g_string_new (u->diagnostic->message);
      else
        g_string_append_printf (message, "\n\n%s", u->diagnostic->message);
    }

  return message != NULL ? g_string_free (message, FALSE) : NULL;
}

static gboolean
query_tooltip_cb (GtkWidget                     *widget,
                  int                            x,
                  int                            y,
                  gboolean                       keyboard_mode,
                  GtkTooltip                    *tooltip,
                  PostingsDiagnosticsController *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *message = NULL;
  GtkTextIter iter;
  int bx, by;

  if (keyboard_mode)
    gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  else
    {
      gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
        return FALSE;
    }

  message = postings_diagnostics_controller_dup_message_at (self, view, &iter);
  if (message == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, message);
  return TRUE;
}

/* Checking ----------------------------------------------------------------- */

static GFile *
get_root (PostingsDiagnosticsController *self)
{
  GFile *file = self->file;

  /* A saved posting: its own repository, if any. A new one: where it goes. */
  if (file == NULL)
    return self->repository_root;

  if (self->root_file == NULL || !g_file_equal (self->root_file, file))
    {
      g_set_object (&self->root_file, file);
      g_clear_object (&self->root);
      self->root = postings_repository_find_root (file);
    }
  return self->root;
}

static void
show (PostingsDiagnosticsController *self)
{
  PostingsSpan region = { 0, 0 };
  gboolean has_front_matter = FALSE;

  postings_form_set_diagnostics (self->form, self->diagnostics);
  postings_diagnostics_button_set_diagnostics (self->button, self->diagnostics);

  if (self->document != NULL)
    {
      has_front_matter = postings_document_get_front_matter_span (self->document, &region);
      underline_view (self, GTK_TEXT_VIEW (self->front_matter_view), has_front_matter, region);
      underline_view (self, GTK_TEXT_VIEW (self->source_view), TRUE,
                      postings_document_get_body_span (self->document));
    }
  else
    {
      underline_view (self, GTK_TEXT_VIEW (self->front_matter_view), FALSE, region);
      underline_view (self, GTK_TEXT_VIEW (self->source_view), FALSE, region);
    }
}

static void
cancel_job (PostingsDiagnosticsController *self)
{
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
}

/* Shows self->diagnostics, validated from @start to @validated (µs). */
static void
checked (PostingsDiagnosticsController *self,
         gint64                         start,
         gint64                         validated)
{
  show (self);

  self->n_checks++;
  self->last_validate_ms = (validated - start) / 1000.0;
  self->last_check_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_debug ("Checked the posting: %u diagnostics, validation %.3f ms, shown in %.3f ms",
           self->diagnostics != NULL ? self->diagnostics->len : 0,
           self->last_validate_ms, self->last_check_ms);
}

void
postings_diagnostics_controller_update (PostingsDiagnosticsController *self,
                                        gboolean                       force)
{
  g_autofree char *file_name = NULL;
  gint64 start, validated;

  g_return_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self));

  if (!force && self->timeout_id == 0)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  cancel_job (self);
  self->first_change = 0;

  start = g_get_monotonic_time ();

  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  if (self->document != NULL)
    {
      if (self->file != NULL)
        file_name = g_file_get_basename (self->file);
      self->diagnostics = postings_validate (self->document, self->schema,
                                             get_root (self), file_name);
      self->check_revision = postings_document_get_revision (self->document);
    }
  validated = g_get_monotonic_time ();

  checked (self, start, validated);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) diagnostics = postings_validate_finish (result, &error);
  PostingsDiagnosticsController *self;
  gint64 validated = g_get_monotonic_time ();

  /* Cancelled: a check on the main thread, another document, or the
   * controller went away (it is not held: the widgets it points to go with
   * the page). */
  if (diagnostics == NULL)
    return;

  self = user_data;
  g_clear_object (&self->job_cancellable);
  /* The text changed meanwhile: that change set off the next check. */
  if (self->document == NULL || postings_document_get_revision (self->document) != self->job_revision)
    return;

  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  self->diagnostics = g_steal_pointer (&diagnostics);
  self->check_revision = self->job_revision;
  checked (self, self->job_start, validated);
}

static gboolean
check_timeout_cb (gpointer data)
{
  PostingsDiagnosticsController *self = data;
  g_autofree char *file_name = NULL;
  g_autoptr(GBytes) snapshot = NULL;
  const char *text;
  gsize len = 0;

  self->timeout_id = 0;
  text = self->document != NULL ? postings_document_get_text (self->document, &len) : NULL;
  if (text == NULL || len <= POSTINGS_DIAGNOSTICS_SYNC_LIMIT)
    {
      postings_diagnostics_controller_update (self, TRUE);
      return G_SOURCE_REMOVE;
    }

  cancel_job (self);
  self->first_change = 0;
  if (self->file != NULL)
    file_name = g_file_get_basename (self->file);
  snapshot = g_bytes_new (text, len);
  self->job_cancellable = g_cancellable_new ();
  self->job_revision = postings_document_get_revision (self->document);
  self->job_start = g_get_monotonic_time ();
  self->n_jobs++;
  postings_validate_async (snapshot, self->schema, get_root (self), file_name,
                           self->job_cancellable, job_done_cb, self);
  return G_SOURCE_REMOVE;
}

static void
document_changed_cb (PostingsDiagnosticsController *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->first_change == 0)
    self->first_change = now;

  /* Wait for a pause in typing, but not forever. */
  if (self->timeout_id != 0
      && now - self->first_change >= (gint64) POSTINGS_DIAGNOSTICS_MAX_DELAY_MS * 1000)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  /* A header being typed does not parse until its line is finished: give
   * it the time the page's banner gives it. */
  self->timeout_id = g_timeout_add (postings_document_get_state (self->document) == POSTINGS_DOCUMENT_BROKEN
                                    ? POSTINGS_DIAGNOSTICS_BROKEN_DELAY_MS : POSTINGS_DIAGNOSTICS_DELAY_MS,
                                    check_timeout_cb, self);
}

void
postings_diagnostics_controller_set_document (PostingsDiagnosticsController *self,
                                              PostingsDocument              *document)
{
  g_return_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self));
  g_return_if_fail (document == NULL || POSTINGS_IS_DOCUMENT (document));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  cancel_job (self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);

  /* An edit cannot be undone in another document; a rename reloads the
   * posting under its new name and stays undoable. */
  if (self->undo_text != NULL)
    {
      g_clear_pointer (&self->undo_text, g_bytes_unref);
      if (self->undo_toast != NULL)
        adw_toast_dismiss (self->undo_toast);
    }

  postings_diagnostics_controller_update (self, TRUE);
}

/* Going to a problem ------------------------------------------------------- */

static guint
line_of (const char *text,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      line++;
  return line;
}

/* Puts the cursor of @view at the diagnostic: its bytes when they are in
 * @region (the part of the document the view shows), else its line and
 * column counted from @region's first line. */
static void
place_cursor (PostingsDiagnosticsController *self,
              GtkTextView                   *view,
              PostingsSpan                   region,
              PostingsDiagnostic            *d)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  const char *text = postings_document_get_text (self->document, NULL);
  GtkTextIter iter;

  if (postings_document_get_revision (self->document) == self->check_revision
      && d->span.end > d->span.start
      && d->span.start >= region.start && d->span.start < region.end
      && g_utf8_validate (text + region.start, d->span.start - region.start, NULL))
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                          g_utf8_pointer_to_offset (text + region.start,
                                                                    text + d->span.start));
    }
  else
    {
      guint first = line_of (text, region.start);
      guint line = d->line > first ? d->line - first : 0;

      gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, line, d->column > 0 ? d->column - 1 : 0);
    }

  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (buffer), 0.1, FALSE, 0, 0);
}

void
postings_diagnostics_controller_go_to (PostingsDiagnosticsController *self,
                                       PostingsDiagnostic            *diagnostic)
{
  PostingsSpan body, front_matter;
  gboolean in_body;

  g_return_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self));
  g_return_if_fail (diagnostic != NULL);

  if (self->document == NULL)
    return;

  /* A narrow page showing only the preview: back to the editor. */
  g_signal_emit (self, signals[SIGNAL_SHOW_EDITOR], 0);

  /* A field: its row, when the form can edit it. */
  if (diagnostic->key != NULL
      && postings_document_get_state (self->document) == POSTINGS_DOCUMENT_OK
      && postings_form_focus_key (self->form, diagnostic->key))
    return;

  body = postings_document_get_body_span (self->document);
  if (diagnostic->span.end > diagnostic->span.start
      && postings_document_get_revision (self->document) == self->check_revision)
    in_body = diagnostic->span.start >= body.start;
  else
    in_body = diagnostic->line >= postings_document_get_body_line (self->document);

  if (!in_body && postings_document_get_front_matter_span (self->document, &front_matter))
    {
      /* Shows the raw front matter (with its faulty line, if broken). */
      g_signal_emit (self, signals[SIGNAL_EDIT_FRONT_MATTER], 0);
      place_cursor (self, GTK_TEXT_VIEW (self->front_matter_view), front_matter, diagnostic);
    }
  else
    place_cursor (self, GTK_TEXT_VIEW (self->source_view), body, diagnostic);
}

/* Fixing ------------------------------------------------------------------- */

static gboolean
same_problem (PostingsDiagnostic *a,
              PostingsDiagnostic *b)
{
  return g_strcmp0 (a->rule, b->rule) == 0
      && g_strcmp0 (a->key, b->key) == 0
      && a->line == b->line
      && a->fix_kind == b->fix_kind
      && g_strcmp0 (a->fix_label, b->fix_label) == 0;
}

static void
undo_toast_dismissed_cb (PostingsDiagnosticsController *self,
                         AdwToast                      *toast)
{
  if (self->undo_toast == toast)
    g_clear_object (&self->undo_toast);
}

static void
undo_clicked_cb (PostingsDiagnosticsController *self)
{
  postings_diagnostics_controller_undo_fix (self);
}

static void
add_toast (PostingsDiagnosticsController *self,
           AdwToast                      *toast)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
show_toast (PostingsDiagnosticsController *self,
            const char                    *title)
{
  add_toast (self, adw_toast_new (title));
}

static void
offer_undo (PostingsDiagnosticsController *self,
            const char                    *title)
{
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
  self->undo_toast = adw_toast_new (title);
  adw_toast_set_button_label (self->undo_toast, _("_Undo"));
  adw_toast_set_priority (self->undo_toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (self->undo_toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->undo_toast, "dismissed", G_CALLBACK (undo_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  add_toast (self, g_object_ref (self->undo_toast));
}

static void
forget_undo (PostingsDiagnosticsController *self)
{
  g_clear_pointer (&self->undo_text, g_bytes_unref);
  g_clear_object (&self->undo_file);
  g_clear_pointer (&self->undo_name, g_free);
}

/* Renames the posting's file and shows it under its new name. Only a
 * posting saved as it is: the page's file is what is renamed. */
static gboolean
rename_now (PostingsDiagnosticsController *self,
            PostingsDiagnostic            *diagnostic,
            GError                       **error)
{
  g_autoptr(GFile) renamed = NULL;
  g_autofree char *title = NULL;
  g_autofree char *old_name = NULL;

  if (self->file == NULL || diagnostic->fix_file_name == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The posting is named when it is first saved."));
      return FALSE;
    }
  if (is_busy (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("Save the posting first, then rename its file."));
      return FALSE;
    }

  old_name = g_file_get_basename (self->file);
  if (!postings_validator_rename_file (self->file, diagnostic->fix_file_name, &renamed, error))
    return FALSE;

  forget_undo (self);
  self->undo_file = g_object_ref (renamed);
  self->undo_name = g_steal_pointer (&old_name);

  /* The same text, under its new name (file rules, title, drafts). */
  g_signal_emit (self, signals[SIGNAL_OPEN_FILE], 0, renamed);

  /* Translators: %s is the new file name */
  title = g_strdup_printf (_("File renamed to “%s”"), diagnostic->fix_file_name);
  offer_undo (self, title);
  return TRUE;
}

/* A published posting's web address changes with its name: asked first
 * (postings-address-dialog.h). */
typedef struct
{
  PostingsDiagnosticsController *self;
  PostingsDiagnostic            *diagnostic;
  GFile                         *file;
  char                          *old_path;
} RenameQuestion;

static void
rename_question_free (gpointer data)
{
  RenameQuestion *question = data;

  g_object_unref (question->self);
  postings_diagnostic_unref (question->diagnostic);
  g_object_unref (question->file);
  g_free (question->old_path);
  g_free (question);
}

static gboolean
add_redirect_cb (PostingsDocument  *document,
                 gpointer           user_data,
                 GError           **error)
{
  return postings_document_add_redirect_from (document, user_data, error);
}

static void
rename_answer_cb (const char *response,
                  gpointer    user_data)
{
  RenameQuestion *question = user_data;
  PostingsDiagnosticsController *self = question->self;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "cancel") || self->file == NULL || !g_file_equal (self->file, question->file))
    return;
  /* The old address, in the file as it is on disk, then the new name. */
  if (g_str_equal (response, "keep")
      && !postings_file_edit (question->file, add_redirect_cb, question->old_path, NULL, NULL, &error))
    {
      show_toast (self, error->message);
      return;
    }
  if (!rename_now (self, question->diagnostic, &error))
    show_toast (self, error->message);
}

static gboolean
rename_file (PostingsDiagnosticsController *self,
             PostingsDiagnostic            *diagnostic,
             GError                       **error)
{
  g_autoptr(GFile) root = NULL;
  g_autoptr(PostingsAddressChange) change = NULL;
  g_autoptr(GError) config_error = NULL;
  RenameQuestion *question;

  if (self->file == NULL || diagnostic->fix_file_name == NULL || self->document == NULL
      || !postings_posting_is_published (self->file, self->document)
      || (root = postings_repository_find_root (self->file)) == NULL)
    return rename_now (self, diagnostic, error);

  change = postings_address_change_new (root, self->file, diagnostic->fix_file_name, self->document, &config_error);
  /* A _config.yml that does not read: no address to say. */
  if (config_error != NULL)
    g_debug ("%s", config_error->message);
  if (change == NULL)
    return rename_now (self, diagnostic, error);

  question = g_new0 (RenameQuestion, 1);
  question->self = g_object_ref (self);
  question->diagnostic = postings_diagnostic_ref (diagnostic);
  question->file = g_object_ref (self->file);
  question->old_path = g_strdup (change->old_path);
  postings_address_dialog_ask (GTK_WIDGET (self->toasts), change, rename_answer_cb, question, rename_question_free);
  return TRUE;
}

gboolean
postings_diagnostics_controller_fix (PostingsDiagnosticsController *self,
                                     PostingsDiagnostic            *diagnostic,
                                     GError                       **error)
{
  g_autoptr(PostingsDiagnostic) current = NULL;
  g_autoptr(GBytes) before = NULL;

  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (diagnostic != NULL, FALSE);

  if (self->document == NULL || diagnostic->fix_kind == POSTINGS_FIX_NONE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("This problem cannot be fixed automatically."));
      return FALSE;
    }

  /* The list may be a moment behind the text: find the same problem in a
   * fresh check. */
  current = postings_diagnostic_ref (diagnostic);
  if (self->diagnostics == NULL
      || postings_document_get_revision (self->document) != self->check_revision
      || !g_ptr_array_find (self->diagnostics, diagnostic, NULL))
    {
      if (self->diagnostics == NULL
          || postings_document_get_revision (self->document) != self->check_revision)
        postings_diagnostics_controller_update (self, TRUE);
      g_clear_pointer (&current, postings_diagnostic_unref);
      for (guint i = 0; self->diagnostics != NULL && i < self->diagnostics->len; i++)
        if (same_problem (g_ptr_array_index (self->diagnostics, i), diagnostic))
          {
            current = postings_diagnostic_ref (g_ptr_array_index (self->diagnostics, i));
            break;
          }
      if (current == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("This problem is no longer in the posting."));
          return FALSE;
        }
    }

  if (current->fix_kind == POSTINGS_FIX_RENAME_FILE)
    return rename_file (self, current, error);

  before = postings_document_serialize (self->document);
  if (!postings_diagnostic_apply_fix (current, self->document, error))
    return FALSE;

  forget_undo (self);
  self->undo_text = g_steal_pointer (&before);
  self->undo_revision = postings_document_get_revision (self->document);

  postings_diagnostics_controller_update (self, TRUE);
  offer_undo (self, _("Problem fixed"));
  return TRUE;
}

static gboolean
undo_rename (PostingsDiagnosticsController *self)
{
  g_autoptr(GFile) file = g_steal_pointer (&self->undo_file);
  g_autofree char *name = g_steal_pointer (&self->undo_name);
  g_autoptr(GFile) renamed = NULL;
  g_autoptr(GError) error = NULL;

  if (self->file == NULL || !g_file_equal (self->file, file) || is_busy (self))
    {
      show_toast (self, _("The renaming cannot be undone: the posting was changed since."));
      return FALSE;
    }

  if (!postings_validator_rename_file (file, name, &renamed, &error))
    {
      /* Translators: %s says why */
      g_autofree char *title = g_strdup_printf (_("The renaming cannot be undone: %s"), error->message);
      show_toast (self, title);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNAL_OPEN_FILE], 0, renamed);
  return TRUE;
}

gboolean
postings_diagnostics_controller_undo_fix (PostingsDiagnosticsController *self)
{
  g_autoptr(GBytes) text = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self), FALSE);

  if (self->undo_file != NULL)
    return undo_rename (self);

  if (self->undo_text == NULL || self->document == NULL)
    return FALSE;

  text = g_steal_pointer (&self->undo_text);
  if (postings_document_get_revision (self->document) != self->undo_revision)
    {
      show_toast (self, _("The fix cannot be undone: the posting was changed since."));
      return FALSE;
    }

  data = g_bytes_get_data (text, &len);
  postings_document_set_text (self->document, data, len);
  postings_diagnostics_controller_update (self, TRUE);
  return TRUE;
}

static void
fix_requested_cb (PostingsDiagnosticsController *self,
                  PostingsDiagnostic            *diagnostic)
{
  g_autoptr(GError) error = NULL;

  if (!postings_diagnostics_controller_fix (self, diagnostic, &error))
    {
      /* Translators: %s says why a problem could not be fixed */
      g_autofree char *title = g_strdup_printf (_("Could not fix the problem: %s"), error->message);
      show_toast (self, title);
    }
}

static void
diagnostic_activated_cb (PostingsDiagnosticsController *self,
                         PostingsDiagnostic            *diagnostic)
{
  postings_diagnostics_controller_go_to (self, diagnostic);
}

/* Saving ------------------------------------------------------------------- */

static void
show_list_clicked_cb (PostingsDiagnosticsController *self)
{
  postings_diagnostics_button_popup (self->button);
}

void
postings_diagnostics_controller_saved (PostingsDiagnosticsController *self)
{
  g_autofree char *title = NULL;
  AdwToast *toast;
  guint errors;

  g_return_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self));

  postings_diagnostics_controller_update (self, FALSE);
  if (self->diagnostics == NULL)
    return;

  /* Work in progress may be saved; say what is left to do. */
  errors = postings_validator_count (self->diagnostics, POSTINGS_SEVERITY_ERROR);
  if (errors == 0)
    return;

  title = g_strdup_printf (ngettext ("Saved, %u error remains", "Saved, %u errors remain", errors), errors);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Show"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (show_list_clicked_cb), self, G_CONNECT_SWAPPED);
  add_toast (self, toast);
}

/* Accessors ---------------------------------------------------------------- */

GPtrArray *
postings_diagnostics_controller_get_diagnostics (PostingsDiagnosticsController *self)
{
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self), NULL);
  return self->diagnostics;
}

gboolean
postings_diagnostics_controller_is_pending (PostingsDiagnosticsController *self)
{
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self), FALSE);
  return self->timeout_id != 0 || self->job_cancellable != NULL;
}

guint
postings_diagnostics_controller_get_n_checks (PostingsDiagnosticsController *self)
{
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self), 0);
  return self->n_checks;
}

double
postings_diagnostics_controller_get_last_check_ms (PostingsDiagnosticsController *self,
                                                   double                        *validate_ms)
{
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self), 0);
  if (validate_ms != NULL)
    *validate_ms = self->last_validate_ms;
  return self->last_check_ms;
}

const char *
postings_diagnostics_controller_get_last_toast (PostingsDiagnosticsController *self)
{
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self), NULL);
  return self->last_toast;
}

/* GObject ------------------------------------------------------------------ */

static void
postings_diagnostics_controller_dispose (GObject *object)
{
  PostingsDiagnosticsController *self = POSTINGS_DIAGNOSTICS_CONTROLLER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  cancel_job (self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  if (self->underlines != NULL)
    g_array_set_size (self->underlines, 0);
  if (self->undo_toast != NULL)
    g_signal_handlers_disconnect_by_data (self->undo_toast, self);
  g_clear_object (&self->undo_toast);

  G_OBJECT_CLASS (postings_diagnostics_controller_parent_class)->dispose (object);
}

static void
postings_diagnostics_controller_finalize (GObject *object)
{
  PostingsDiagnosticsController *self = POSTINGS_DIAGNOSTICS_CONTROLLER (object);

  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->underlines, g_array_unref);
  forget_undo (self);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_object (&self->root_file);
  g_clear_object (&self->root);
  g_clear_object (&self->file);
  g_clear_object (&self->repository_root);
  g_clear_object (&self->schema);

  G_OBJECT_CLASS (postings_diagnostics_controller_parent_class)->finalize (object);
}

static void
postings_diagnostics_controller_class_init (PostingsDiagnosticsControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = postings_diagnostics_controller_dispose;
  object_class->finalize = postings_diagnostics_controller_finalize;

  signals[SIGNAL_SHOW_EDITOR] =
    g_signal_new ("show-editor", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EDIT_FRONT_MATTER] =
    g_signal_new ("edit-front-matter", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_IS_BUSY] =
    g_signal_new ("is-busy", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 0);
  signals[SIGNAL_OPEN_FILE] =
    g_signal_new ("open-file", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
}

static void
postings_diagnostics_controller_init (PostingsDiagnosticsController *self)
{
  self->underlines = g_array_new (FALSE, TRUE, sizeof (Underline));
  g_array_set_clear_func (self->underlines, (GDestroyNotify) underline_clear);
}

void
postings_diagnostics_controller_set_context (PostingsDiagnosticsController *self,
                                             GFile                         *file,
                                             GFile                         *repository_root,
                                             PostingsSchema                *schema)
{
  g_return_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self));

  g_set_object (&self->file, file);
  g_set_object (&self->repository_root, repository_root);
  g_set_object (&self->schema, schema);
}

PostingsDiagnosticsController *
postings_diagnostics_controller_new (PostingsForm              *form,
                                     PostingsDiagnosticsButton *button,
                                     PostingsSourceView        *front_matter_view,
                                     PostingsSourceView        *source_view,
                                     AdwToastOverlay           *toasts)
{
  PostingsDiagnosticsController *self;

  g_return_val_if_fail (POSTINGS_IS_FORM (form), NULL);
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_BUTTON (button), NULL);
  g_return_val_if_fail (POSTINGS_IS_SOURCE_VIEW (front_matter_view), NULL);
  g_return_val_if_fail (POSTINGS_IS_SOURCE_VIEW (source_view), NULL);
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (toasts), NULL);

  self = g_object_new (POSTINGS_TYPE_DIAGNOSTICS_CONTROLLER, NULL);
  self->form = form;
  self->button = button;
  self->front_matter_view = front_matter_view;
  self->source_view = source_view;
  self->toasts = toasts;

  g_signal_connect_object (button, "diagnostic-activated",
                           G_CALLBACK (diagnostic_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (button, "fix-requested",
                           G_CALLBACK (fix_requested_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_set_has_tooltip (GTK_WIDGET (source_view), TRUE);
  g_signal_connect_object (source_view, "query-tooltip",
                           G_CALLBACK (query_tooltip_cb), self, 0);
  gtk_widget_set_has_tooltip (GTK_WIDGET (front_matter_view), TRUE);
  g_signal_connect_object (front_matter_view, "query-tooltip",
                           G_CALLBACK (query_tooltip_cb), self, 0);

  return self;
}

guint
postings_diagnostics_controller_get_n_worker_checks (PostingsDiagnosticsController *self)
{
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_CONTROLLER (self), 0);
  return self->n_jobs;
}
