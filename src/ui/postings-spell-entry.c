/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "postings-core.h"
#include "postings-spell-controller.h"
#include "postings-spell-entry.h"
#include "postings-spell-menu.h"

#define DATA_KEY "postings-spell"
#define CHECK_DELAY_MS 120       /* after the last edit */

struct _PostingsSpellEntry
{
  GObject parent_instance;

  GtkText *text;                 /* weak */
  char *language;
  PostingsSpellChecker *checker;
  char *error;
  GCancellable *cancellable;     /* loading and checking */
  gboolean loading;

  guint generation;              /* bumped by every edit: older results are dropped */
  guint check_source;
  gboolean checking;
  GArray *bad;                   /* PostingsWord (bytes) of the last check of the current text */

  /* The word being typed is never underlined. */
  gboolean typing;
  int edit_cursor;               /* characters */

  /* The context menu. */
  PostingsSpellMenu menu;
  GSimpleActionGroup *actions;
  char *menu_text;               /* the text when the menu was prepared */
  int word_start;                /* characters */
  int word_end;
  char *word;
};

G_DEFINE_FINAL_TYPE (PostingsSpellEntry, postings_spell_entry, G_TYPE_OBJECT)

static void schedule_check (PostingsSpellEntry *self, guint delay_ms);

/* Underlines ----------------------------------------------------------------- */

static gboolean
is_underline_attr (PangoAttribute *attr,
                   gpointer        user_data)
{
  return attr->klass->type == PANGO_ATTR_UNDERLINE || attr->klass->type == PANGO_ATTR_UNDERLINE_COLOR;
}

/* Is the word [start, end) (bytes) the one being typed (it touches the cursor)? */
static gboolean
is_typed_word (PostingsSpellEntry *self,
               const char         *text,
               gsize               start,
               gsize               end)
{
  int at;
  gsize byte;

  if (!self->typing)
    return FALSE;
  at = gtk_editable_get_position (GTK_EDITABLE (self->text));
  byte = (gsize) (g_utf8_offset_to_pointer (text, at) - text);
  return start <= byte && byte <= end;
}

static void
apply_underlines (PostingsSpellEntry *self)
{
  PangoAttrList *current = gtk_text_get_attributes (self->text);
  g_autoptr(PangoAttrList) list = current != NULL ? pango_attr_list_copy (current) : pango_attr_list_new ();
  PangoAttrList *removed = pango_attr_list_filter (list, is_underline_attr, NULL);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->text));
  gboolean any = removed != NULL;

  g_clear_pointer (&removed, pango_attr_list_unref);
  for (guint i = 0; self->bad != NULL && i < self->bad->len; i++)
    {
      PostingsWord *w = &g_array_index (self->bad, PostingsWord, i);
      PangoAttribute *line, *color;

      if (is_typed_word (self, text, w->start, w->end))
        continue;
      line = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);
      color = pango_attr_underline_color_new (0xe0e0, 0x1b1b, 0x2424);  /* #e01b24 */
      line->start_index = color->start_index = (guint) w->start;
      line->end_index = color->end_index = (guint) w->end;
      pango_attr_list_insert (list, line);
      pango_attr_list_insert (list, color);
      any = TRUE;
    }
  if (any)
    gtk_text_set_attributes (self->text, list);
}

/* Loading the dictionary and checking ---------------------------------------- */

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PostingsSpellEntry) self = user_data;
  g_autoptr(GError) error = NULL;
  PostingsSpellChecker *checker = postings_spell_checker_get_for_language_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  self->checker = checker;
  if (checker == NULL)
    {
      self->error = g_strdup (error->message);
      return;  /* the source view says it, once */
    }
  schedule_check (self, 0);
}

static void
load_checker (PostingsSpellEntry *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->checker);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->bad, g_array_unref);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  postings_spell_checker_get_for_language_async (self->language, self->cancellable,
                                                 load_done_cb, g_object_ref (self));
}

static void
check_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PostingsSpellChecker *checker = g_object_get_data (G_OBJECT (task), "checker");
  const char *text = task_data;
  g_autoptr(GArray) words = postings_words_split (text, -1, POSTINGS_WORDS_PLAIN);

  g_task_return_pointer (task, postings_spell_checker_check_words (checker, text, words),
                         (GDestroyNotify) g_array_unref);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PostingsSpellEntry) self = user_data;
  g_autoptr(GArray) bad = g_task_propagate_pointer (G_TASK (result), NULL);

  if (bad == NULL || self->text == NULL
      || GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "generation")) != self->generation)
    return;
  self->checking = FALSE;
  g_clear_pointer (&self->bad, g_array_unref);
  self->bad = g_steal_pointer (&bad);
  apply_underlines (self);
}

static gboolean
check_now_cb (gpointer data)
{
  PostingsSpellEntry *self = data;
  g_autoptr(GTask) task = NULL;

  self->check_source = 0;
  if (self->text == NULL || self->checker == NULL)
    {
      self->checking = FALSE;
      return G_SOURCE_REMOVE;
    }
  task = g_task_new (NULL, self->cancellable, check_done_cb, g_object_ref (self));
  g_object_set_data_full (G_OBJECT (task), "checker", g_object_ref (self->checker), g_object_unref);
  g_object_set_data (G_OBJECT (task), "generation", GUINT_TO_POINTER (self->generation));
  g_task_set_task_data (task, g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text))), g_free);
  g_task_run_in_thread (task, check_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (PostingsSpellEntry *self,
                guint               delay_ms)
{
  g_clear_handle_id (&self->check_source, g_source_remove);
  if (self->text == NULL || self->checker == NULL)
    return;
  self->checking = TRUE;
  self->check_source = g_timeout_add (delay_ms, check_now_cb, self);
}

/* Edits, the cursor and the focus --------------------------------------------- */

/* Is the text the focus of its window? Unlike gtk_widget_has_focus(), this
 * stays true while the window is inactive (the user switched to another
 * window in the middle of a word). */
static gboolean
is_window_focus (PostingsSpellEntry *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->text));

  return root != NULL && gtk_root_get_focus (root) == GTK_WIDGET (self->text);
}

static void
text_changed_cb (PostingsSpellEntry *self)
{
  self->generation++;
  /* the user types; the form setting the value from the file does not */
  self->typing = is_window_focus (self);
  self->edit_cursor = gtk_editable_get_position (GTK_EDITABLE (self->text));
  /* The underlines before the edit keep their offsets; the others would
   * be wrong until the check comes back. */
  if (self->typing && self->bad != NULL)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->text));
      gsize keep = (gsize) (g_utf8_offset_to_pointer (text, MAX (0, self->edit_cursor - 1)) - text);
      guint n = 0;

      while (n < self->bad->len && g_array_index (self->bad, PostingsWord, n).end < keep)
        n++;
      g_array_set_size (self->bad, n);
    }
  else
    g_clear_pointer (&self->bad, g_array_unref);
  apply_underlines (self);
  schedule_check (self, CHECK_DELAY_MS);
}

/* Stops protecting the typed word, and underlines it if it is wrong. */
static void
stop_typing (PostingsSpellEntry *self)
{
  if (!self->typing)
    return;
  self->typing = FALSE;
  if (self->bad != NULL)
    apply_underlines (self);
}

static void
cursor_moved_cb (PostingsSpellEntry *self)
{
  const char *text, *from, *to;
  int at;

  if (!self->typing)
    return;
  /* still in the word typed (no space between it and the cursor)? */
  text = gtk_editable_get_text (GTK_EDITABLE (self->text));
  at = gtk_editable_get_position (GTK_EDITABLE (self->text));
  from = g_utf8_offset_to_pointer (text, MIN (at, self->edit_cursor));
  to = g_utf8_offset_to_pointer (text, MAX (at, self->edit_cursor));
  for (const char *p = from; p < to; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      {
        stop_typing (self);
        return;
      }
}

static void
focus_leave_cb (PostingsSpellEntry *self)
{
  /* the window lost the focus, the text did not */
  if (is_window_focus (self))
    return;
  stop_typing (self);
}

/* The context menu -------------------------------------------------------------- */

void
postings_spell_entry_prepare_menu (PostingsSpellEntry *self,
                                   int                 position)
{
  const char *text;
  gsize byte;

  g_return_if_fail (POSTINGS_IS_SPELL_ENTRY (self));

  postings_spell_menu_reset (&self->menu);
  g_clear_pointer (&self->word, g_free);
  g_clear_pointer (&self->menu_text, g_free);
  if (self->text == NULL || self->checker == NULL || self->bad == NULL)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->text));
  position = CLAMP (position, 0, (int) g_utf8_strlen (text, -1));
  byte = (gsize) (g_utf8_offset_to_pointer (text, position) - text);
  for (guint i = 0; i < self->bad->len; i++)
    {
      PostingsWord *w = &g_array_index (self->bad, PostingsWord, i);

      if (byte < w->start || byte > w->end)
        continue;
      self->menu_text = g_strdup (text);
      self->word = g_strndup (text + w->start, w->end - w->start);
      self->word_start = (int) g_utf8_pointer_to_offset (text, text + w->start);
      self->word_end = (int) g_utf8_pointer_to_offset (text, text + w->end);
      postings_spell_menu_offer (&self->menu, G_OBJECT (self), self->checker, self->word);
      return;
    }
}

GMenuModel *
postings_spell_entry_get_menu (PostingsSpellEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_ENTRY (self), NULL);
  return G_MENU_MODEL (self->menu.menu);
}

/* The character under @x, when the whole text is shown (no scrolling: a
 * GtkText keeps its layout private); otherwise the cursor. */
static int
position_at (PostingsSpellEntry *self,
             double              x)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->text));
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->text), text);
  int width, index, trailing;

  pango_layout_get_pixel_size (layout, &width, NULL);
  if (width > gtk_widget_get_width (GTK_WIDGET (self->text))
      || gtk_widget_get_direction (GTK_WIDGET (self->text)) == GTK_TEXT_DIR_RTL)
    return gtk_editable_get_position (GTK_EDITABLE (self->text));
  pango_layout_xy_to_index (layout, (int) (x * PANGO_SCALE), 0, &index, &trailing);
  return (int) g_utf8_pointer_to_offset (text, text + index) + trailing;
}

static void
click_pressed_cb (GtkGestureClick    *gesture,
                  int                 n_press,
                  double              x,
                  double              y,
                  PostingsSpellEntry *self)
{
  int start, end, at;

  if (self->text == NULL)
    return;
  at = position_at (self, x);
  /* a right click outside the selection moves the cursor there */
  if (!gtk_editable_get_selection_bounds (GTK_EDITABLE (self->text), &start, &end)
      || at < start || at > end)
    gtk_editable_set_position (GTK_EDITABLE (self->text), at);
  postings_spell_entry_prepare_menu (self, at);
}

static gboolean
menu_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  PostingsSpellEntry *self = user_data;

  postings_spell_entry_prepare_menu (self, gtk_editable_get_position (GTK_EDITABLE (self->text)));
  return FALSE;  /* the text opens its menu */
}

static void
correct_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  PostingsSpellEntry *self = user_data;
  GtkEditable *editable;
  int position;

  if (self->word == NULL || self->text == NULL)
    return;
  editable = GTK_EDITABLE (self->text);
  if (g_strcmp0 (gtk_editable_get_text (editable), self->menu_text) != 0)
    return;  /* the text changed under the menu */
  position = self->word_start;
  gtk_editable_delete_text (editable, self->word_start, self->word_end);
  gtk_editable_insert_text (editable, g_variant_get_string (parameter, NULL), -1, &position);
  gtk_editable_set_position (editable, position);
  stop_typing (self);
}

static void
add_or_ignore (PostingsSpellEntry *self,
               gboolean            add)
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
build_menu (PostingsSpellEntry *self)
{
  static const GActionEntry entries[] = {
    { "correct", correct_action, "s" },
    { "add", add_action },
    { "ignore", ignore_action },
    { "none", NULL },
  };

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "none")), FALSE);

  postings_spell_menu_init (&self->menu);
}

/* The object ------------------------------------------------------------------- */

GtkText *
postings_spell_entry_get_text (PostingsSpellEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_ENTRY (self), NULL);
  return self->text;
}

const char *
postings_spell_entry_get_language (PostingsSpellEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_ENTRY (self), NULL);
  return self->language;
}

void
postings_spell_entry_set_language (PostingsSpellEntry *self,
                                   const char         *language)
{
  g_return_if_fail (POSTINGS_IS_SPELL_ENTRY (self));

  if (language != NULL && *language == '\0')
    language = NULL;
  if (g_strcmp0 (self->language, language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (language);
  self->generation++;
  g_clear_handle_id (&self->check_source, g_source_remove);
  self->checking = FALSE;
  load_checker (self);
  if (self->text != NULL)
    apply_underlines (self);
}

const char *
postings_spell_entry_get_error (PostingsSpellEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_ENTRY (self), NULL);
  return self->error;
}

gboolean
postings_spell_entry_is_idle (PostingsSpellEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_ENTRY (self), TRUE);

  if (self->error != NULL)
    return TRUE;
  return !self->loading && self->checker != NULL && !self->checking && self->check_source == 0;
}

static void
postings_spell_entry_dispose (GObject *object)
{
  PostingsSpellEntry *self = POSTINGS_SPELL_ENTRY (object);

  g_clear_handle_id (&self->check_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->text != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->text, self);
      g_object_remove_weak_pointer (G_OBJECT (self->text), (gpointer *) &self->text);
      self->text = NULL;
    }
  G_OBJECT_CLASS (postings_spell_entry_parent_class)->dispose (object);
}

static void
postings_spell_entry_finalize (GObject *object)
{
  PostingsSpellEntry *self = POSTINGS_SPELL_ENTRY (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->checker);
  postings_spell_menu_clear (&self->menu);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->bad, g_array_unref);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->word, g_free);
  g_clear_pointer (&self->menu_text, g_free);

  G_OBJECT_CLASS (postings_spell_entry_parent_class)->finalize (object);
}

static void
postings_spell_entry_class_init (PostingsSpellEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = postings_spell_entry_dispose;
  object_class->finalize = postings_spell_entry_finalize;
}

static void
postings_spell_entry_init (PostingsSpellEntry *self)
{
  build_menu (self);
}

static void
dispose_and_unref (gpointer data)
{
  g_object_run_dispose (data);
  g_object_unref (data);
}

static GtkText *
find_text (GtkWidget *widget)
{
  while (widget != NULL && !GTK_IS_TEXT (widget) && GTK_IS_EDITABLE (widget))
    {
      GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (widget));

      widget = delegate != NULL && (gpointer) delegate != (gpointer) widget ? GTK_WIDGET (delegate) : NULL;
    }
  return widget != NULL && GTK_IS_TEXT (widget) ? GTK_TEXT (widget) : NULL;
}

static PostingsSpellEntry *
spell_entry_new (GtkText    *text,
                 const char *language)
{
  PostingsSpellEntry *self = g_object_new (POSTINGS_TYPE_SPELL_ENTRY, NULL);
  GtkEventController *focus;

  self->text = text;
  g_object_add_weak_pointer (G_OBJECT (text), (gpointer *) &self->text);
  self->language = language != NULL && *language != '\0' ? g_strdup (language) : NULL;

  g_signal_connect_swapped (text, "changed", G_CALLBACK (text_changed_cb), self);
  g_signal_connect_swapped (text, "notify::cursor-position", G_CALLBACK (cursor_moved_cb), self);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (text), focus);

  gtk_widget_insert_action_group (GTK_WIDGET (text), "spell", G_ACTION_GROUP (self->actions));
  gtk_text_set_extra_menu (text, G_MENU_MODEL (self->menu.menu));

  postings_spell_menu_watch (GTK_WIDGET (text), G_CALLBACK (click_pressed_cb), menu_key_cb, self);

  load_checker (self);
  return self;
}

void
postings_spell_attach (GtkWidget  *widget,
                       const char *language)
{
  GtkText *text;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_TEXT_VIEW (widget))
    {
      PostingsSpellController *spell = postings_spell_controller_new (GTK_TEXT_VIEW (widget));

      postings_spell_controller_set_text_kind (spell, POSTINGS_SPELL_TEXT_PLAIN);
      postings_spell_controller_set_language (spell, language);
      g_object_set_data_full (G_OBJECT (widget), DATA_KEY, spell, dispose_and_unref);
    }
  else if ((text = find_text (widget)) != NULL)
    g_object_set_data_full (G_OBJECT (text), DATA_KEY, spell_entry_new (text, language), dispose_and_unref);
  else
    g_warn_if_reached ();
}

void
postings_spell_attach_set_language (GtkWidget  *widget,
                                    const char *language)
{
  GObject *spell;
  GtkText *text;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_TEXT_VIEW (widget))
    {
      if ((spell = g_object_get_data (G_OBJECT (widget), DATA_KEY)) != NULL)
        postings_spell_controller_set_language (POSTINGS_SPELL_CONTROLLER (spell), language);
    }
  else if ((text = find_text (widget)) != NULL
           && (spell = g_object_get_data (G_OBJECT (text), DATA_KEY)) != NULL)
    postings_spell_entry_set_language (POSTINGS_SPELL_ENTRY (spell), language);
}

PostingsSpellEntry *
postings_spell_entry_get_for (GtkWidget *widget)
{
  GtkText *text;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  text = find_text (widget);
  return text != NULL ? g_object_get_data (G_OBJECT (text), DATA_KEY) : NULL;
}
