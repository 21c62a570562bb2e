/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "postings-core.h"
#include "postings-spell-controller-private.h"
#include "postings-spell-menu.h"

#define TAG_NAME "postings-misspelled"
#define CHECK_DELAY_MS 120       /* after the last edit */
#define WORDS_PER_BATCH 1500     /* results sent back to the main loop at a time */

struct _PostingsSpellController
{
  GObject parent_instance;

  GtkTextView *view;             /* weak */
  GtkTextBuffer *buffer;         /* ref */
  char *language;
  gboolean enabled;
  PostingsSpellTextKind kind;

  PostingsSpellChecker *checker;
  char *error;
  GCancellable *load_cancellable;

  guint generation;              /* bumped by every edit: older results are dropped */
  guint check_source;
  GCancellable *check_cancellable;
  gboolean checking;
  gint batches_pending;          /* atomic: sent by the worker, applied here */
  guint user_action;             /* depth of the buffer's user actions */

  /* The word being typed is never underlined. */
  gboolean typing;
  int edit_cursor;

  /* The context menu. */
  PostingsSpellMenu menu;
  GMenu *languages;
  GSimpleActionGroup *actions;
  GtkTextMark *word_start;
  GtkTextMark *word_end;
  char *word;

  gint64 longest_step;           /* µs, for the benchmark */
};

G_DEFINE_FINAL_TYPE (PostingsSpellController, postings_spell_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LANGUAGE,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_check (PostingsSpellController *self, guint delay_ms);

static GtkTextTag *
get_tag (PostingsSpellController *self)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (self->buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, TAG_NAME);
  GdkRGBA red;

  if (tag != NULL)
    return tag;
  gdk_rgba_parse (&red, "#e01b24");
  tag = gtk_text_buffer_create_tag (self->buffer, TAG_NAME,
                                    "underline", PANGO_UNDERLINE_ERROR,
                                    "underline-rgba", &red,
                                    NULL);
  gtk_text_tag_set_priority (tag, gtk_text_tag_table_get_size (table) - 1);
  return tag;
}

static void
clear_underlines (PostingsSpellController *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, get_tag (self), &start, &end);
}

/* Loading the dictionary ------------------------------------------------- */

/* Says once per process that there is no French dictionary. */
static void
tell_missing_dictionary (PostingsSpellController *self)
{
  static gboolean told;
  GtkWidget *overlay;

  if (told || self->view == NULL)
    return;
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self->view), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;
  told = TRUE;
  {
    AdwToast *toast = adw_toast_new (self->error);
    adw_toast_set_timeout (toast, 0);
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  }
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PostingsSpellController) self = user_data;
  g_autoptr(GError) error = NULL;
  PostingsSpellChecker *checker = postings_spell_checker_get_for_language_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->checker);
  g_clear_pointer (&self->error, g_free);
  self->checker = checker;
  if (checker == NULL)
    {
      self->error = g_strdup (error->message);
      g_debug ("spelling: %s", error->message);
      if (self->view != NULL && gtk_widget_get_root (GTK_WIDGET (self->view)) != NULL)
        tell_missing_dictionary (self);
      return;
    }
  schedule_check (self, 0);
}

static void
load_checker (PostingsSpellController *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->checker);
  self->load_cancellable = g_cancellable_new ();
  postings_spell_checker_get_for_language_async (self->language, self->load_cancellable,
                                                 load_done_cb, g_object_ref (self));
}

/* Checking in the background --------------------------------------------- */

typedef struct
{
  PostingsSpellChecker *checker;
  char *text;
  PostingsSpellTextKind kind;
  int visible_start;             /* characters */
  int visible_end;
  guint generation;
  PostingsSpellController *self; /* ref, only touched on the main thread */
} CheckJob;

typedef struct
{
  PostingsSpellController *self; /* ref */
  guint generation;
  int from;                      /* the characters this batch covers */
  int to;
  GArray *bad;                   /* int pairs: misspelt [start, end) */
  gboolean last;
} Batch;

static void
check_job_free (CheckJob *job)
{
  g_clear_object (&job->checker);
  g_free (job->text);
  g_clear_object (&job->self);
  g_free (job);
}

static void
batch_free (Batch *batch)
{
  g_clear_object (&batch->self);
  g_array_unref (batch->bad);
  g_free (batch);
}

/* Is [start, end) the word being typed (it touches the cursor)? */
static gboolean
is_typed_word (PostingsSpellController *self, int start, int end)
{
  GtkTextIter cursor;
  int at;

  if (!self->typing)
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  at = gtk_text_iter_get_offset (&cursor);
  return start <= at && at <= end;
}

static void
note_step (PostingsSpellController *self, gint64 since)
{
  self->longest_step = MAX (self->longest_step, g_get_monotonic_time () - since);
}

gint64
_postings_spell_controller_take_longest_step (PostingsSpellController *self)
{
  gint64 longest = self->longest_step;

  self->longest_step = 0;
  return longest;
}

static gboolean
apply_batch_cb (gpointer data)
{
  Batch *batch = data;
  PostingsSpellController *self = batch->self;
  GtkTextTag *tag;
  GtkTextIter start, end;
  gint64 since = g_get_monotonic_time ();

  g_atomic_int_dec_and_test (&self->batches_pending);
  if (self->view == NULL || batch->generation != self->generation || !self->enabled)
    return G_SOURCE_REMOVE;

  tag = get_tag (self);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, batch->from);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &end, batch->to);
  gtk_text_buffer_remove_tag (self->buffer, tag, &start, &end);
  for (guint i = 0; i + 1 < batch->bad->len; i += 2)
    {
      int s = g_array_index (batch->bad, int, i), e = g_array_index (batch->bad, int, i + 1);

      if (is_typed_word (self, s, e))
        continue;
      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, s);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, e);
      gtk_text_buffer_apply_tag (self->buffer, tag, &start, &end);
    }
  if (batch->last)
    self->checking = FALSE;
  note_step (self, since);
  return G_SOURCE_REMOVE;
}

static void
send_batch (CheckJob *job, int from, int to, GArray *bad, gboolean last)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->self = g_object_ref (job->self);
  batch->generation = job->generation;
  batch->from = from;
  batch->to = to;
  batch->bad = g_array_ref (bad);
  batch->last = last;
  g_atomic_int_inc (&job->self->batches_pending);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_batch_cb, batch, (GDestroyNotify) batch_free);
}

typedef struct
{
  int start;   /* characters */
  int end;
  gsize byte_start;
  gsize byte_end;
} CharWord;

/* Checks @words[first, last) and sends the misspelt ones, covering the
 * characters [from, to). */
static void
check_range (CheckJob *job, GArray *words, guint first, guint last, int from, int to,
             gboolean final, GCancellable *cancellable)
{
  g_autoptr(GArray) bad = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = first; i < last; i++)
    {
      CharWord *w = &g_array_index (words, CharWord, i);

      if ((i - first) % 256 == 0 && g_cancellable_is_cancelled (cancellable))
        return;
      if (!postings_spell_checker_check_word (job->checker, job->text + w->byte_start,
                                              (gssize) (w->byte_end - w->byte_start)))
        {
          g_array_append_val (bad, w->start);
          g_array_append_val (bad, w->end);
        }
    }
  send_batch (job, from, to, bad, final);
}

static void
check_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckJob *job = task_data;
  gsize len = strlen (job->text);
  g_autoptr(GArray) found = NULL;
  g_autoptr(GArray) words = g_array_new (FALSE, FALSE, sizeof (CharWord));
  gsize byte = 0;
  int chars = 0, total;
  guint first_visible, end_visible;
  int visible_from, visible_to;

  if (job->kind == POSTINGS_SPELL_TEXT_FRONT_MATTER)
    found = postings_words_split_front_matter (job->text, (gssize) len, NULL);
  else
    found = postings_words_split (job->text, (gssize) len,
                                  job->kind == POSTINGS_SPELL_TEXT_MARKDOWN ? POSTINGS_WORDS_MARKDOWN
                                                                           : POSTINGS_WORDS_PLAIN);

  /* byte offsets → characters, in one pass */
  for (guint i = 0; i < found->len; i++)
    {
      PostingsWord *w = &g_array_index (found, PostingsWord, i);
      CharWord cw;

      chars += (int) g_utf8_strlen (job->text + byte, (gssize) (w->start - byte));
      cw.start = chars;
      chars += (int) g_utf8_strlen (job->text + w->start, (gssize) (w->end - w->start));
      cw.end = chars;
      cw.byte_start = w->start;
      cw.byte_end = w->end;
      byte = w->end;
      g_array_append_val (words, cw);
    }
  total = chars + (int) g_utf8_strlen (job->text + byte, (gssize) (len - byte));

  /* the visible words first (the cursor is in them when it is on screen) */
  for (first_visible = 0; first_visible < words->len; first_visible++)
    if (g_array_index (words, CharWord, first_visible).end >= job->visible_start)
      break;
  for (end_visible = first_visible; end_visible < words->len; end_visible++)
    if (g_array_index (words, CharWord, end_visible).start > job->visible_end)
      break;
  visible_from = first_visible < words->len ? MIN (job->visible_start, g_array_index (words, CharWord, first_visible).start)
                                            : job->visible_start;
  visible_to = end_visible > first_visible ? MAX (job->visible_end, g_array_index (words, CharWord, end_visible - 1).end)
                                           : job->visible_end;
  visible_from = CLAMP (visible_from, 0, total);
  visible_to = CLAMP (visible_to, visible_from, total);
  check_range (job, words, first_visible, end_visible, visible_from, visible_to,
               first_visible == 0 && end_visible == words->len && visible_from == 0 && visible_to == total,
               cancellable);
  if (first_visible == 0 && end_visible == words->len && visible_from == 0 && visible_to == total)
    return;

  /* then what follows, then what precedes, in batches */
  for (guint i = end_visible; i < words->len; i += WORDS_PER_BATCH)
    {
      guint stop = MIN (i + WORDS_PER_BATCH, words->len);
      int from = i == end_visible ? visible_to : g_array_index (words, CharWord, i).start;
      int to = stop == words->len ? total : g_array_index (words, CharWord, stop).start;

      if (g_cancellable_is_cancelled (cancellable))
        return;
      check_range (job, words, i, stop, from, MAX (from, to), FALSE, cancellable);
    }
  if (end_visible == words->len && visible_to < total)
    check_range (job, words, 0, 0, visible_to, total, FALSE, cancellable);
  if (first_visible > 0 || visible_from > 0)
    for (guint i = 0;; i += WORDS_PER_BATCH)
      {
        guint stop = MIN (i + WORDS_PER_BATCH, first_visible);
        int from = i == 0 ? 0 : g_array_index (words, CharWord, i).start;
        int to = stop == first_visible ? visible_from : g_array_index (words, CharWord, stop).start;

        if (g_cancellable_is_cancelled (cancellable))
          return;
        check_range (job, words, i, stop, from, MAX (from, to), FALSE, cancellable);
        if (stop == first_visible)
          break;
      }
  /* an empty batch marks the end */
  {
    g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (int));
    send_batch (job, 0, 0, none, TRUE);
  }
}

static void
visible_offsets (PostingsSpellController *self, int *start, int *end)
{
  GdkRectangle rect;
  GtkTextIter iter;

  gtk_text_view_get_visible_rect (self->view, &rect);
  gtk_text_view_get_iter_at_location (self->view, &iter, rect.x, rect.y);
  *start = gtk_text_iter_get_offset (&iter);
  gtk_text_view_get_iter_at_location (self->view, &iter, rect.x + rect.width, rect.y + rect.height);
  gtk_text_iter_forward_to_line_end (&iter);
  *end = gtk_text_iter_get_offset (&iter);
  if (*end <= *start)
    {
      /* not laid out yet: the cursor's surroundings */
      gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
      *start = MAX (0, gtk_text_iter_get_offset (&iter) - 2000);
      *end = gtk_text_iter_get_offset (&iter) + 2000;
    }
}

static gboolean
check_now_cb (gpointer data)
{
  PostingsSpellController *self = data;
  g_autoptr(GTask) task = NULL;
  CheckJob *job;
  GtkTextIter start, end;
  gint64 since = g_get_monotonic_time ();

  self->check_source = 0;
  if (self->view == NULL || self->checker == NULL || !self->enabled)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();

  job = g_new0 (CheckJob, 1);
  job->checker = g_object_ref (self->checker);
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  /* a slice keeps one character per embedded object: offsets stay right */
  job->text = gtk_text_buffer_get_slice (self->buffer, &start, &end, TRUE);
  job->kind = self->kind;
  job->generation = self->generation;
  job->self = g_object_ref (self);
  visible_offsets (self, &job->visible_start, &job->visible_end);

  self->checking = TRUE;
  task = g_task_new (NULL, self->check_cancellable, NULL, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) check_job_free);
  g_task_run_in_thread (task, check_thread);
  note_step (self, since);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (PostingsSpellController *self, guint delay_ms)
{
  g_clear_handle_id (&self->check_source, g_source_remove);
  if (!self->enabled || self->view == NULL)
    return;
  self->checking = TRUE;
  self->check_source = g_timeout_add (delay_ms, check_now_cb, self);
}

/* Edits and the cursor ----------------------------------------------------- */

static void
buffer_changed_cb (PostingsSpellController *self)
{
  GtkTextIter cursor;

  self->generation++;
  /* typing and other edits of the user; loading a file is not one */
  self->typing = self->user_action > 0;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  self->edit_cursor = gtk_text_iter_get_offset (&cursor);
  schedule_check (self, CHECK_DELAY_MS);
}

static void
begin_user_action_cb (PostingsSpellController *self)
{
  self->user_action++;
}

static void
end_user_action_cb (PostingsSpellController *self)
{
  if (self->user_action > 0)
    self->user_action--;
}

static void
cursor_moved_cb (PostingsSpellController *self)
{
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  if (!self->typing || gtk_text_iter_get_offset (&cursor) == self->edit_cursor)
    return;
  /* moved away from what was typed: underline it now if it is wrong */
  self->typing = FALSE;
  self->generation++;
  schedule_check (self, 0);
}

/* The context menu ---------------------------------------------------------- */

static void
rebuild_languages (PostingsSpellController *self)
{
  g_auto(GStrv) languages = postings_spell_list_languages ();

  g_menu_remove_all (self->languages);
  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *label = postings_spell_describe_language (languages[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "spell.language", g_variant_new_string (languages[i]));
      g_menu_append_item (self->languages, item);
    }
}

/* The misspelt word at @iter, or FALSE. */
static gboolean
misspelt_word_at (PostingsSpellController *self, const GtkTextIter *iter,
                  GtkTextIter *start, GtkTextIter *end)
{
  GtkTextTag *tag = get_tag (self);

  *start = *iter;
  *end = *iter;
  if (!gtk_text_iter_has_tag (start, tag))
    {
      /* just after the word (the cursor at its end) */
      if (gtk_text_iter_is_start (start) || !gtk_text_iter_backward_char (start) || !gtk_text_iter_has_tag (start, tag))
        return FALSE;
      *end = *start;
    }
  if (!gtk_text_iter_starts_tag (start, tag))
    gtk_text_iter_backward_to_tag_toggle (start, tag);
  gtk_text_iter_forward_to_tag_toggle (end, tag);
  return gtk_text_iter_compare (start, end) < 0;
}

void
postings_spell_controller_prepare_menu (PostingsSpellController *self,
                                        const GtkTextIter       *iter)
{
  GtkTextIter start, end;

  g_return_if_fail (POSTINGS_IS_SPELL_CONTROLLER (self));
  g_return_if_fail (iter != NULL);

  postings_spell_menu_reset (&self->menu);
  g_clear_pointer (&self->word, g_free);
  rebuild_languages (self);

  if (self->checker == NULL || !self->enabled || !misspelt_word_at (self, iter, &start, &end))
    return;

  self->word = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
  gtk_text_buffer_move_mark (self->buffer, self->word_start, &start);
  gtk_text_buffer_move_mark (self->buffer, self->word_end, &end);
  postings_spell_menu_offer (&self->menu, G_OBJECT (self), self->checker, self->word);
}

GMenuModel *
postings_spell_controller_get_menu (PostingsSpellController *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_CONTROLLER (self), NULL);
  return G_MENU_MODEL (self->menu.menu);
}

static void
click_pressed_cb (GtkGestureClick         *gesture,
                  int                      n_press,
                  double                   x,
                  double                   y,
                  PostingsSpellController *self)
{
  GtkTextIter iter, sel_start, sel_end;
  int bx, by;

  if (self->view == NULL)
    return;
  gtk_text_view_window_to_buffer_coords (self->view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  gtk_text_view_get_iter_at_location (self->view, &iter, bx, by);
  /* a right click outside the selection moves the cursor there, as in every editor */
  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &sel_start, &sel_end)
      || !gtk_text_iter_in_range (&iter, &sel_start, &sel_end))
    gtk_text_buffer_place_cursor (self->buffer, &iter);
  postings_spell_controller_prepare_menu (self, &iter);
}

static gboolean
menu_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  PostingsSpellController *self = user_data;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  postings_spell_controller_prepare_menu (self, &iter);
  return FALSE;  /* the view opens its menu */
}

static void
correct_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  PostingsSpellController *self = user_data;
  GtkTextIter start, end;
  g_autofree char *current = NULL;

  if (self->word == NULL)
    return;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->word_start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->word_end);
  current = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
  if (g_strcmp0 (current, self->word) != 0)
    return;  /* the text changed under the menu */

  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_insert (self->buffer, &start, g_variant_get_string (parameter, NULL), -1);
  gtk_text_buffer_end_user_action (self->buffer);
  self->typing = FALSE;
}

static void
add_or_ignore (PostingsSpellController *self, gboolean add)
{
  if (self->word == NULL || self->checker == NULL)
    return;
  if (add)
    postings_spell_checker_add_word (self->checker, self->word, -1);
  else
    postings_spell_checker_ignore_word (self->checker, self->word, -1);
  self->generation++;
  schedule_check (self, 0);
}

static void
add_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  add_or_ignore (user_data, TRUE);
}

static void
ignore_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  add_or_ignore (user_data, FALSE);
}

static void
language_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  postings_spell_controller_set_language (user_data, g_variant_get_string (parameter, NULL));
}

static void
enabled_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  PostingsSpellController *self = user_data;

  postings_spell_controller_set_enabled (self, !self->enabled);
}

static void
update_action_states (PostingsSpellController *self)
{
  GAction *language = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "language");
  GAction *enabled = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "enabled");
  const char *current = self->checker != NULL ? postings_spell_checker_get_language (self->checker)
                                              : self->language != NULL ? self->language : POSTINGS_SPELL_DEFAULT_LANGUAGE;

  g_simple_action_set_state (G_SIMPLE_ACTION (language), g_variant_new_string (current));
  g_simple_action_set_state (G_SIMPLE_ACTION (enabled), g_variant_new_boolean (self->enabled));
}

static void
build_menu (PostingsSpellController *self)
{
  static const GActionEntry entries[] = {
    { "correct", correct_action, "s" },
    { "add", add_action },
    { "ignore", ignore_action },
    { "language", language_action, "s", "'fr_FR'" },
    { "enabled", enabled_action, NULL, "true" },
    { "none", NULL },
  };
  g_autoptr(GMenu) spelling = g_menu_new ();
  g_autoptr(GMenuItem) languages = NULL;

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "none")), FALSE);

  postings_spell_menu_init (&self->menu);
  self->languages = g_menu_new ();
  g_menu_append (spelling, _("Check _Spelling"), "spell.enabled");
  languages = g_menu_item_new_submenu (_("_Language"), G_MENU_MODEL (self->languages));
  g_menu_append_item (spelling, languages);
  g_menu_append_section (self->menu.menu, NULL, G_MENU_MODEL (spelling));
}

/* Properties ------------------------------------------------------------------ */

const char *
postings_spell_controller_get_language (PostingsSpellController *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_CONTROLLER (self), NULL);
  return self->language;
}

void
postings_spell_controller_set_language (PostingsSpellController *self,
                                        const char              *language)
{
  g_return_if_fail (POSTINGS_IS_SPELL_CONTROLLER (self));

  if (language != NULL && *language == '\0')
    language = NULL;
  if (g_strcmp0 (self->language, language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (language);
  self->generation++;
  clear_underlines (self);
  load_checker (self);
  update_action_states (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

gboolean
postings_spell_controller_get_enabled (PostingsSpellController *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_CONTROLLER (self), FALSE);
  return self->enabled;
}

void
postings_spell_controller_set_enabled (PostingsSpellController *self,
                                       gboolean                 enabled)
{
  g_return_if_fail (POSTINGS_IS_SPELL_CONTROLLER (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  self->generation++;
  if (enabled)
    schedule_check (self, 0);
  else
    {
      g_clear_handle_id (&self->check_source, g_source_remove);
      g_cancellable_cancel (self->check_cancellable);
      self->checking = FALSE;
      clear_underlines (self);
    }
  update_action_states (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

PostingsSpellTextKind
postings_spell_controller_get_text_kind (PostingsSpellController *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_CONTROLLER (self), POSTINGS_SPELL_TEXT_MARKDOWN);
  return self->kind;
}

void
postings_spell_controller_set_text_kind (PostingsSpellController *self,
                                         PostingsSpellTextKind    kind)
{
  g_return_if_fail (POSTINGS_IS_SPELL_CONTROLLER (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  self->generation++;
  schedule_check (self, 0);
}

const char *
postings_spell_controller_get_error (PostingsSpellController *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_CONTROLLER (self), NULL);
  return self->error;
}

gboolean
postings_spell_controller_is_idle (PostingsSpellController *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_CONTROLLER (self), TRUE);

  if (self->error != NULL || !self->enabled)
    return TRUE;
  return self->checker != NULL && !self->checking && self->check_source == 0
         && g_atomic_int_get (&self->batches_pending) == 0;
}

static void
view_root_cb (PostingsSpellController *self)
{
  if (self->error != NULL && self->view != NULL && gtk_widget_get_root (GTK_WIDGET (self->view)) != NULL)
    tell_missing_dictionary (self);
}

static void
postings_spell_controller_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  PostingsSpellController *self = POSTINGS_SPELL_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_spell_controller_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  PostingsSpellController *self = POSTINGS_SPELL_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      postings_spell_controller_set_language (self, g_value_get_string (value));
      break;
    case PROP_ENABLED:
      postings_spell_controller_set_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_spell_controller_dispose (GObject *object)
{
  PostingsSpellController *self = POSTINGS_SPELL_CONTROLLER (object);

  g_clear_handle_id (&self->check_source, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  g_cancellable_cancel (self->load_cancellable);
  if (self->view != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
      self->view = NULL;
    }
  if (self->buffer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->buffer, self);
      g_clear_object (&self->buffer);
    }
  G_OBJECT_CLASS (postings_spell_controller_parent_class)->dispose (object);
}

static void
postings_spell_controller_finalize (GObject *object)
{
  PostingsSpellController *self = POSTINGS_SPELL_CONTROLLER (object);

  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->checker);
  postings_spell_menu_clear (&self->menu);
  g_clear_object (&self->languages);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->word, g_free);

  G_OBJECT_CLASS (postings_spell_controller_parent_class)->finalize (object);
}

static void
postings_spell_controller_class_init (PostingsSpellControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = postings_spell_controller_dispose;
  object_class->finalize = postings_spell_controller_finalize;
  object_class->get_property = postings_spell_controller_get_property;
  object_class->set_property = postings_spell_controller_set_property;

  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
postings_spell_controller_init (PostingsSpellController *self)
{
  self->enabled = TRUE;
  self->kind = POSTINGS_SPELL_TEXT_MARKDOWN;
  build_menu (self);
}

PostingsSpellController *
postings_spell_controller_new (GtkTextView *view)
{
  PostingsSpellController *self;
  GtkTextIter start;

  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);

  self = g_object_new (POSTINGS_TYPE_SPELL_CONTROLLER, NULL);
  self->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);
  self->buffer = g_object_ref (gtk_text_view_get_buffer (view));
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  self->word_start = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  self->word_end = gtk_text_buffer_create_mark (self->buffer, NULL, &start, FALSE);

  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  g_signal_connect_swapped (self->buffer, "begin-user-action", G_CALLBACK (begin_user_action_cb), self);
  g_signal_connect_swapped (self->buffer, "end-user-action", G_CALLBACK (end_user_action_cb), self);
  g_signal_connect_swapped (self->buffer, "notify::cursor-position", G_CALLBACK (cursor_moved_cb), self);
  g_signal_connect_object (view, "notify::root", G_CALLBACK (view_root_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_insert_action_group (GTK_WIDGET (view), "spell", G_ACTION_GROUP (self->actions));
  gtk_text_view_set_extra_menu (view, G_MENU_MODEL (self->menu.menu));

  postings_spell_menu_watch (GTK_WIDGET (view), G_CALLBACK (click_pressed_cb), menu_key_cb, self);

  load_checker (self);
  update_action_states (self);
  return self;
}
