/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "postings-date-row.h"
#include "postings-form.h"
#include "postings-schema.h"
#include "postings-spell-entry.h"
#include "postings-validator.h"
#include "postings-words.h"

/*
 * The form is generated from the schema:
 *
 *   "Posting" group       one row per scalar field (text, long text, switch,
 *                         date, choice), in schema order
 *   one group per list    (multi-choice chips, editable lists) with the
 *                         field's label and hint as title and description
 *   "Other Fields" group  the file's keys the schema does not know, as text
 *
 * Each key has a Field: the widgets editing it, in a GtkListBox the form
 * manages itself (rows are inserted where they belong, so rows that stay
 * keep their focus and cursor when the document changes). Every edit goes
 * through the document's lossless editing; refused edits show their message
 * under the row and keep what the user typed.
 *
 * Refreshing from the document compares each key's value with the one last
 * seen, and only touches widgets whose value really changed in the file;
 * the field being edited is never written back while the user types.
 */

typedef enum
{
  ROW_ENTRY,       /* AdwEntryRow */
  ROW_LONG_TEXT,   /* GtkTextView */
  ROW_SWITCH,      /* AdwActionRow + GtkSwitch */
  ROW_DATE,        /* PostingsDateRow */
  ROW_COMBO,       /* AdwComboRow */
  ROW_CHIPS,       /* GtkFlowBox of toggle buttons */
  ROW_LIST,        /* item rows with remove buttons + an entry row to add */
  ROW_READONLY,    /* a value the form cannot edit (a nested mapping…) */
} RowKind;

typedef struct _Field Field;

struct _Field
{
  PostingsForm        *form;        /* unowned */
  char                *key;
  const PostingsField *field;       /* NULL: not in the schema */
  const PostingsField *intended;    /* others: the field a misspelt key stands for */
  RowKind              kind;
  PostingsValueKind    value_kind;

  GtkWidget           *group;       /* list fields: their own group */
  GtkWidget           *listbox;     /* where the rows live */

  GtkWidget           *row;         /* the main row (ref held) */
  GtkWidget           *editor;      /* GtkSwitch, GtkTextView, GtkFlowBox */
  GtkWidget           *header_row;  /* ROW_LIST outside its own group (ref held) */
  GPtrArray           *item_rows;   /* ROW_LIST: rows (refs) */
  GtkWidget           *add_row;     /* ROW_LIST: entry row (ref held) */
  GtkWidget           *message_row; /* under the row (ref held) */
  GtkWidget           *message_label;
  GtkStringList       *choices;     /* ROW_COMBO */

  char                *doc_value;   /* the value last seen in the document */
  gboolean             seen;        /* doc_value is valid */
  char                *error;       /* a refused edit's message */
  char                *note;        /* a lasting remark (typo, kept as text…) */
  GPtrArray           *connected;   /* objects with handlers for this field */
  guint                clear_idle;    /* a pending clear of a key the file had */
  gboolean             clear_on_leave;
};

struct _PostingsForm
{
  GtkWidget         parent_instance;

  GtkWidget        *scrolled;
  GtkWidget        *box;
  GtkWidget        *main_group;
  GtkWidget        *main_list;
  GtkWidget        *others_group;
  GtkWidget        *others_list;

  PostingsDocument *document;
  PostingsSchema   *schema;

  GHashTable       *fields;        /* key → Field */
  GPtrArray        *schema_fields; /* Field *, schema order */
  GPtrArray        *other_fields;  /* Field *, file order */
  GHashTable       *original_keys; /* keys the file had (not added by the form) */
  char             *synced_front_matter;

  Field            *editing;       /* the field an edit of ours comes from */
  GHashTable       *diagnostics;   /* key → PostingsDiagnostic shown under its row */
  guint             updating;      /* > 0 while widgets are set from the document */
  char             *spell_language; /* the prose rows' spelling (NULL: French) */
};

G_DEFINE_FINAL_TYPE (PostingsForm, postings_form, GTK_TYPE_WIDGET)

static void sync_from_document (PostingsForm *self,
                                gboolean      external);
static void build_field_widgets (Field *fr);

/* Helpers --------------------------------------------------------------- */

static PostingsSchema *
get_schema (PostingsForm *self)
{
  return self->schema != NULL ? self->schema : postings_schema_get_default ();
}

static const PostingsEntry *
lookup_entry (PostingsForm *self,
              const char   *key)
{
  if (self->document == NULL)
    return NULL;
  return postings_document_lookup (self->document, key);
}

/* A printable summary of an entry, to notice when it changed. */
static char *
describe_entry (PostingsForm        *self,
                const PostingsEntry *entry)
{
  GString *str;

  if (entry == NULL)
    return NULL;

  str = g_string_new (NULL);
  switch (entry->kind)
    {
    case POSTINGS_NODE_NULL:
      g_string_append (str, "n:");
      break;

    case POSTINGS_NODE_SCALAR:
      g_string_append (str, "s:");
      g_string_append (str, entry->value != NULL ? entry->value : "");
      break;

    case POSTINGS_NODE_SEQUENCE:
      g_string_append (str, "l:");
      for (guint i = 0; entry->items != NULL && i < entry->items->len; i++)
        {
          const char *item = g_ptr_array_index (entry->items, i);
          g_string_append (str, item != NULL ? item : "\x02");
          g_string_append_c (str, '\x1f');
        }
      break;

    case POSTINGS_NODE_MAPPING:
    default:
      {
        gsize len;
        const char *text = postings_document_get_text (self->document, &len);

        g_string_append (str, "m:");
        if (entry->value_span.end <= len)
          g_string_append_len (str, text + entry->value_span.start,
                               entry->value_span.end - entry->value_span.start);
      }
      break;
    }

  return g_string_free (str, FALSE);
}

static void
set_use_plain_text (GtkWidget *row)
{
  /* Titles and subtitles come from the file: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
}

static gboolean
widget_has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus;

  if (root == NULL)
    return FALSE;

  focus = gtk_root_get_focus (root);
  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Sets an editable's text keeping the cursor where it was. */
static void
set_editable_text (GtkEditable *editable,
                   const char  *text)
{
  int position;
  int length;

  if (g_strcmp0 (gtk_editable_get_text (editable), text) == 0)
    return;

  position = gtk_editable_get_position (editable);
  gtk_editable_set_text (editable, text);
  length = g_utf8_strlen (text, -1);
  gtk_editable_set_position (editable, MIN (position, length));
}

static char *
join_items (const PostingsEntry *entry)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; entry->items != NULL && i < entry->items->len; i++)
    {
      const char *item = g_ptr_array_index (entry->items, i);

      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, item != NULL ? item : "…");
    }

  return g_string_free (str, FALSE);
}

static gboolean
entry_has_item (const PostingsEntry *entry,
                const char          *item)
{
  if (entry == NULL || entry->kind != POSTINGS_NODE_SEQUENCE || entry->items == NULL)
    return FALSE;

  for (guint i = 0; i < entry->items->len; i++)
    if (g_strcmp0 (g_ptr_array_index (entry->items, i), item) == 0)
      return TRUE;

  return FALSE;
}

/* Connects a handler of the field, disconnected when the field's widgets
 * are dropped: a widget that outlives its field (a row leaving its list,
 * losing focus on the way) never calls back into freed memory. */
static void
connect_field (Field      *fr,
               gpointer    instance,
               const char *signal,
               GCallback   callback)
{
  g_signal_connect (instance, signal, callback, fr);
  g_ptr_array_add (fr->connected, g_object_ref (instance));
}

/* Forgets one object's handlers (a list item or a chip going away). */
static void
disconnect_object (Field    *fr,
                   gpointer  instance)
{
  g_signal_handlers_disconnect_by_data (instance, fr);
  g_ptr_array_remove (fr->connected, instance);
}

static void
disconnect_field (Field *fr)
{
  for (guint i = 0; i < fr->connected->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (fr->connected, i), fr);
  g_ptr_array_set_size (fr->connected, 0);
}

/* Messages under a row -------------------------------------------------- */

static void
update_message (Field *fr)
{
  /* A refused edit first, then the validator's diagnostic, then a note. */
  PostingsDiagnostic *diagnostic = fr->form->diagnostics != NULL
    ? g_hash_table_lookup (fr->form->diagnostics, fr->key) : NULL;
  const char *text = fr->error != NULL ? fr->error
                   : diagnostic != NULL ? diagnostic->message : fr->note;
  gboolean is_error = fr->error != NULL
                   || (diagnostic != NULL && diagnostic->severity == POSTINGS_SEVERITY_ERROR);
  gboolean is_warning = !is_error && diagnostic != NULL
                     && diagnostic->severity == POSTINGS_SEVERITY_WARNING;
  GtkWidget *target = fr->kind == ROW_LIST ? fr->add_row : fr->row;

  if (fr->message_row == NULL)
    return;

  gtk_label_set_text (GTK_LABEL (fr->message_label), text != NULL ? text : "");
  gtk_widget_set_visible (fr->message_row, text != NULL);

  if (is_error)
    gtk_widget_add_css_class (fr->message_label, "error");
  else
    gtk_widget_remove_css_class (fr->message_label, "error");
  if (is_warning)
    gtk_widget_add_css_class (fr->message_label, "warning");
  else
    gtk_widget_remove_css_class (fr->message_label, "warning");
  if (is_error || is_warning)
    gtk_widget_remove_css_class (fr->message_label, "dim-label");
  else
    gtk_widget_add_css_class (fr->message_label, "dim-label");

  if (target != NULL)
    {
      if (is_error)
        gtk_widget_add_css_class (target, "error");
      else
        gtk_widget_remove_css_class (target, "error");
      if (is_warning)
        gtk_widget_add_css_class (target, "warning");
      else
        gtk_widget_remove_css_class (target, "warning");

      if (text != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (target),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                        -1);
      else if (fr->field != NULL && fr->field->hint != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (target),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, fr->field->hint,
                                        -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (target),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

      gtk_accessible_update_state (GTK_ACCESSIBLE (target),
                                   GTK_ACCESSIBLE_STATE_INVALID,
                                   is_error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }
}

static void
set_error (Field      *fr,
           const char *message)
{
  if (g_strcmp0 (fr->error, message) == 0)
    return;

  g_free (fr->error);
  fr->error = g_strdup (message);
  update_message (fr);
}

static void
set_note (Field      *fr,
          const char *note)
{
  if (g_strcmp0 (fr->note, note) == 0)
    return;

  g_free (fr->note);
  fr->note = g_strdup (note);
  update_message (fr);
}

/* Edits ----------------------------------------------------------------- */

static gboolean
was_in_file (PostingsForm *self,
             const char   *key)
{
  return g_hash_table_contains (self->original_keys, key);
}

static gboolean
edit_begin (Field *fr)
{
  PostingsForm *self = fr->form;

  if (self->updating > 0 || self->document == NULL)
    return FALSE;

  /* No edit while the front matter does not parse: the raw editor is the
   * place to fix it, and the window makes the form insensitive. */
  if (postings_document_get_state (self->document) == POSTINGS_DOCUMENT_BROKEN)
    return FALSE;

  self->editing = fr;
  return TRUE;
}

static void
edit_end (Field  *fr,
          GError *error)
{
  fr->form->editing = NULL;
  set_error (fr, error != NULL ? error->message : NULL);
}

/* Writes a scalar the user typed ("" clears). */
static void
apply_scalar (Field      *fr,
              const char *text)
{
  PostingsForm *self = fr->form;
  const PostingsEntry *entry;
  g_autoptr(GError) error = NULL;

  if (!edit_begin (fr))
    return;

  entry = postings_document_lookup (self->document, fr->key);

  if (text[0] == '\0')
    {
      if (entry == NULL)
        ; /* an empty field creates no key */
      else if (!was_in_file (self, fr->key))
        postings_document_remove_key (self->document, fr->key, &error);
      else if (entry->kind == POSTINGS_NODE_NULL)
        ; /* already empty */
      else if (!(entry->kind == POSTINGS_NODE_SCALAR && g_strcmp0 (entry->value, "") == 0))
        postings_document_set_value (self->document, fr->key, "", POSTINGS_VALUE_TEXT, &error);
    }
  else if (entry == NULL || entry->kind != POSTINGS_NODE_SCALAR ||
           g_strcmp0 (entry->value, text) != 0)
    {
      postings_document_set_value (self->document, fr->key, text, fr->value_kind, &error);
    }

  edit_end (fr, error);
}

static void
cancel_pending_clear (Field *fr)
{
  g_clear_handle_id (&fr->clear_idle, g_source_remove);
  fr->clear_on_leave = FALSE;
}

static char *
dup_field_text (Field *fr)
{
  if (fr->kind == ROW_LONG_TEXT)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (fr->editor));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }

  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (fr->row)));
}

static void
apply_pending_clear (Field *fr)
{
  g_autofree char *text = dup_field_text (fr);

  cancel_pending_clear (fr);
  if (text[0] == '\0')
    apply_scalar (fr, "");
}

static gboolean
clear_idle_cb (gpointer data)
{
  Field *fr = data;

  fr->clear_idle = 0;
  apply_pending_clear (fr);

  return G_SOURCE_REMOVE;
}

/* Applies text typed in an entry or a long-text row. Emptying a key the file
 * has with a value is applied once the user leaves the row (or at once,
 * after this round of events, when it was not typed): someone who clears a
 * field to type another value keeps the value's style (no `''` in between,
 * whose quotes the new value would keep). */
static void
apply_text (Field      *fr,
            const char *text)
{
  const PostingsEntry *entry;

  if (fr->form->updating > 0)
    return;

  cancel_pending_clear (fr);

  entry = lookup_entry (fr->form, fr->key);
  if (text[0] == '\0' && entry != NULL && entry->kind == POSTINGS_NODE_SCALAR &&
      g_strcmp0 (entry->value, "") != 0 && was_in_file (fr->form, fr->key))
    {
      if (widget_has_focus_within (fr->row))
        fr->clear_on_leave = TRUE;
      else
        fr->clear_idle = g_idle_add (clear_idle_cb, fr);
      return;
    }

  apply_scalar (fr, text);
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                Field                   *fr)
{
  if (fr->clear_on_leave)
    apply_pending_clear (fr);
}

static void
entry_activated_cb (AdwEntryRow *row,
                    Field       *fr)
{
  if (fr->clear_on_leave)
    apply_pending_clear (fr);
}

static void
entry_changed_cb (GtkEditable *editable,
                  Field       *fr)
{
  apply_text (fr, gtk_editable_get_text (editable));
}

static void
text_buffer_changed_cb (GtkTextBuffer *buffer,
                        Field         *fr)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (fr->form->updating > 0)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  apply_text (fr, text);
}

static void
date_edited_cb (PostingsDateRow *row,
                const char      *value,
                Field           *fr)
{
  if (fr->form->updating > 0)
    return;

  /* Not a date yet, or emptied: the file keeps its date (an empty `date:`
   * stops the site from building). Only a date the form added goes away. */
  if (value == NULL ||
      (value[0] == '\0' && lookup_entry (fr->form, fr->key) != NULL &&
       was_in_file (fr->form, fr->key)))
    {
      if (lookup_entry (fr->form, fr->key) != NULL)
        set_error (fr, _("Type a date such as 2026-01-31 or 31/01/2026, or pick one from the calendar. "
                         "Until then the file keeps its date."));
      else
        set_error (fr, _("Type a date such as 2026-01-31 or 31/01/2026, or pick one from the calendar."));
      return;
    }

  apply_scalar (fr, value);
}

static void
switch_active_cb (GtkSwitch  *sw,
                  GParamSpec *pspec,
                  Field      *fr)
{
  PostingsForm *self = fr->form;
  const PostingsEntry *entry;
  gboolean active = gtk_switch_get_active (sw);
  g_autoptr(GError) error = NULL;

  if (!edit_begin (fr))
    return;

  entry = postings_document_lookup (self->document, fr->key);

  if (!active && entry != NULL && !was_in_file (self, fr->key) && !fr->field->required)
    postings_document_remove_key (self->document, fr->key, &error);
  else if (active || entry != NULL || fr->field->required)
    postings_document_set_value (self->document, fr->key, active ? "true" : "false",
                                 POSTINGS_VALUE_BOOLEAN, &error);

  edit_end (fr, error);

  if (error != NULL)
    {
      /* Show what the file really says. */
      gboolean value = FALSE;

      self->updating++;
      postings_document_get_boolean (self->document, fr->key, &value);
      gtk_switch_set_active (sw, value);
      self->updating--;
    }
}

static void
combo_selected_cb (AdwComboRow *row,
                   GParamSpec  *pspec,
                   Field       *fr)
{
  PostingsForm *self = fr->form;
  guint selected = adw_combo_row_get_selected (row);
  const PostingsEntry *entry;
  g_autoptr(GError) error = NULL;

  if (selected == GTK_INVALID_LIST_POSITION || !edit_begin (fr))
    return;

  entry = postings_document_lookup (self->document, fr->key);

  if (selected == 0)
    {
      /* "None": the site reads a missing key as no choice. */
      if (entry != NULL)
        postings_document_remove_key (self->document, fr->key, &error);
    }
  else
    {
      guint n_choices = fr->field->choices != NULL ? g_strv_length (fr->field->choices) : 0;
      /* a choice by its index; past them, a value of the file offered as it is */
      const char *value = selected <= n_choices
        ? fr->field->choices[selected - 1]
        : gtk_string_list_get_string (fr->choices, selected);

      if (entry == NULL || entry->kind != POSTINGS_NODE_SCALAR || g_strcmp0 (entry->value, value) != 0)
        postings_document_set_value (self->document, fr->key, value, fr->value_kind, &error);
    }

  edit_end (fr, error);
}

static void
list_add (Field      *fr,
          const char *item)
{
  PostingsForm *self = fr->form;
  const PostingsEntry *entry;
  g_autoptr(GError) error = NULL;

  if (!edit_begin (fr))
    return;

  entry = postings_document_lookup (self->document, fr->key);

  if (entry == NULL || entry->kind != POSTINGS_NODE_SEQUENCE)
    {
      const char *items[] = { item, NULL };
      postings_document_set_list (self->document, fr->key, items, &error);
    }
  else
    {
      postings_document_list_append (self->document, fr->key, item, &error);
    }

  edit_end (fr, error);
}

static void
list_remove (Field      *fr,
             const char *item)
{
  PostingsForm *self = fr->form;
  const PostingsEntry *entry;
  g_autoptr(GError) error = NULL;

  if (!edit_begin (fr))
    return;

  entry = postings_document_lookup (self->document, fr->key);

  if (entry != NULL && entry->kind == POSTINGS_NODE_SEQUENCE &&
      entry->items != NULL && entry->items->len == 1 &&
      !was_in_file (self, fr->key))
    postings_document_remove_key (self->document, fr->key, &error);
  else if (entry_has_item (entry, item))
    postings_document_list_remove (self->document, fr->key, item, &error);

  edit_end (fr, error);
}

static void
chip_toggled_cb (GtkToggleButton *button,
                 Field           *fr)
{
  const char *choice = g_object_get_data (G_OBJECT (button), "postings-choice");

  if (fr->form->updating > 0)
    return;

  if (gtk_toggle_button_get_active (button))
    list_add (fr, choice);
  else
    list_remove (fr, choice);
}

static void
remove_item_clicked_cb (GtkButton *button,
                        Field     *fr)
{
  g_autofree char *item = g_strdup (g_object_get_data (G_OBJECT (button), "postings-item"));
  gboolean had_focus = widget_has_focus_within (GTK_WIDGET (button));

  list_remove (fr, item);

  /* The row is gone: keep the keyboard in the list. */
  if (had_focus && fr->add_row != NULL)
    gtk_widget_grab_focus (fr->add_row);
}

static void
add_item_cb (AdwEntryRow *row,
             Field       *fr)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (text[0] == '\0')
    return;

  list_add (fr, text);

  if (fr->error == NULL)
    {
      fr->form->updating++;
      gtk_editable_set_text (GTK_EDITABLE (row), "");
      fr->form->updating--;
    }
}

/* Building rows --------------------------------------------------------- */

static const char *
field_label (Field *fr)
{
  return fr->field != NULL ? fr->field->label : fr->key;
}

static GtkWidget *
new_message_row (Field *fr)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  /* The list box moves the keyboard focus to every sensitive row, and Tab
   * leaves the list at a row that takes none: insensitive, the message
   * (also the field's accessible description) lets Tab and the arrows go
   * on to the next field. style.css keeps it from looking disabled. */
  gtk_widget_set_sensitive (row, FALSE);
  gtk_widget_add_css_class (row, "postings-form-message");

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_set_visible (row, FALSE);

  fr->message_label = label;
  return g_object_ref_sink (row);
}

static void
mark_required (Field     *fr,
               GtkWidget *row)
{
  GtkWidget *label;

  if (fr->field == NULL || !fr->field->required)
    return;

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE,
                                  -1);

  /* Translators: a tag beside a field the site needs. */
  label = gtk_label_new (_("Required"));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);

  if (ADW_IS_ENTRY_ROW (row))
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), label);
  else if (ADW_IS_ACTION_ROW (row))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
}

static void
set_hint (Field     *fr,
          GtkWidget *row)
{
  const char *hint = fr->field != NULL ? fr->field->hint : NULL;

  if (hint == NULL)
    return;

  if (ADW_IS_ACTION_ROW (row) && fr->group == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hint);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  else
    {
      gtk_widget_set_tooltip_text (row, hint);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint,
                                  -1);
}

static void
watch_focus_leave (Field     *fr,
                   GtkWidget *row)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  connect_field (fr, focus, "leave", G_CALLBACK (focus_leave_cb));
  gtk_widget_add_controller (row, focus);
}

static GtkWidget *
build_entry_row (Field *fr)
{
  GtkWidget *row = adw_entry_row_new ();

  set_use_plain_text (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (fr));

  if (fr->field != NULL)
    {
      switch (fr->field->kind)
        {
        case POSTINGS_FIELD_EMAIL:
          adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);
          break;
        case POSTINGS_FIELD_URL:
          adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_URL);
          break;
        default:
          break;
        }
    }

  mark_required (fr, row);
  set_hint (fr, row);
  connect_field (fr, row, "changed", G_CALLBACK (entry_changed_cb));
  connect_field (fr, row, "entry-activated", G_CALLBACK (entry_activated_cb));
  watch_focus_leave (fr, row);

  return row;
}

static GtkWidget *
build_date_row (Field *fr)
{
  GtkWidget *row = postings_date_row_new ();

  set_use_plain_text (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (fr));
  mark_required (fr, row);
  set_hint (fr, row);
  connect_field (fr, row, "date-edited", G_CALLBACK (date_edited_cb));

  return row;
}

static GtkWidget *
build_long_text_row (Field *fr)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (field_label (fr));
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 12);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_box_append (GTK_BOX (box), title);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_set_size_request (view, -1, 72);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, field_label (fr),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);
  if (fr->field != NULL && fr->field->hint != NULL)
    {
      gtk_widget_set_tooltip_text (view, fr->field->hint);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, fr->field->hint,
                                      -1);
    }
  if (fr->field != NULL && fr->field->required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                    GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE,
                                    -1);

  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  connect_field (fr, gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed", G_CALLBACK (text_buffer_changed_cb));
  watch_focus_leave (fr, row);

  fr->editor = view;
  return row;
}

static GtkWidget *
build_switch_row (Field *fr)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  set_use_plain_text (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (fr));
  mark_required (fr, row);
  set_hint (fr, row);

  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  /* Named by the row's title: the row labels its activatable widget (a
   * label of its own would be read twice, "Open position Open position"). */
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  connect_field (fr, sw, "notify::active", G_CALLBACK (switch_active_cb));

  fr->editor = sw;
  return row;
}

static GtkWidget *
build_combo_row (Field *fr)
{
  GtkWidget *row = adw_combo_row_new ();

  set_use_plain_text (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (fr));
  mark_required (fr, row);
  set_hint (fr, row);

  fr->choices = gtk_string_list_new (NULL);
  /* Translators: the choice of a list of values meaning "no value". */
  gtk_string_list_append (fr->choices, _("None"));
  /* the choices' labels: what the user reads ("Offer of a partner
   * organisation", not `friend`); the file keeps the value */
  for (guint i = 0; fr->field->choices != NULL && fr->field->choices[i] != NULL; i++)
    gtk_string_list_append (fr->choices, fr->field->choice_labels[i]);

  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (fr->choices));
  /* The choice under the field's name, whole (it wraps): beside it, a
   * long one is cut in a narrow form. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
  connect_field (fr, row, "notify::selected", G_CALLBACK (combo_selected_cb));

  return row;
}

static GtkWidget *
new_chip (Field      *fr,
          const char *choice)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (choice);

  g_object_set_data_full (G_OBJECT (button), "postings-choice", g_strdup (choice), g_free);
  gtk_widget_add_css_class (button, "postings-chip");
  connect_field (fr, button, "toggled", G_CALLBACK (chip_toggled_cb));

  return button;
}

/* The chip is the Tab stop, not the flow box child around it (which has
 * no name of its own). */
static void
append_chip (GtkFlowBox *flow,
             GtkWidget  *chip)
{
  gtk_flow_box_append (flow, chip);
  gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
}

static GtkWidget *
build_chips_row (Field *fr)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *flow = gtk_flow_box_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, field_label (fr),
                                  -1);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), FALSE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 12);
  gtk_widget_set_margin_start (flow, 12);
  gtk_widget_set_margin_end (flow, 12);
  gtk_widget_set_margin_top (flow, 12);
  gtk_widget_set_margin_bottom (flow, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (flow),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, field_label (fr),
                                  -1);
  if (fr->field != NULL && fr->field->required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (flow),
                                    GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE,
                                    -1);

  for (guint i = 0; fr->field->choices != NULL && fr->field->choices[i] != NULL; i++)
    append_chip (GTK_FLOW_BOX (flow), new_chip (fr, fr->field->choices[i]));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), flow);
  fr->editor = flow;

  return row;
}

static GtkWidget *
build_readonly_row (Field *fr)
{
  GtkWidget *row = adw_action_row_new ();

  set_use_plain_text (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (fr));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  mark_required (fr, row);

  return row;
}

static GtkWidget *
build_list_rows (Field *fr)
{
  GtkWidget *add_row = adw_entry_row_new ();
  g_autofree char *title = NULL;

  fr->item_rows = g_ptr_array_new_with_free_func (g_object_unref);

  /* A list among the other fields has no group of its own: a row names it. */
  if (fr->group == NULL)
    {
      fr->header_row = adw_action_row_new ();
      set_use_plain_text (fr->header_row);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->header_row), field_label (fr));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (fr->header_row), FALSE);
      g_object_ref_sink (fr->header_row);
    }

  set_use_plain_text (add_row);
  /* Translators: the entry that adds an item to a list field, %s is its name. */
  title = g_strdup_printf (_("Add to %s"), field_label (fr));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add_row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (add_row), TRUE);
  if (fr->field != NULL && fr->field->hint != NULL)
    gtk_widget_set_tooltip_text (add_row, fr->field->hint);
  connect_field (fr, add_row, "apply", G_CALLBACK (add_item_cb));
  connect_field (fr, add_row, "entry-activated", G_CALLBACK (add_item_cb));

  fr->add_row = g_object_ref_sink (add_row);

  /* The row get_row() returns: the group, or the header row. */
  return fr->group != NULL ? fr->group : fr->header_row;
}

static GtkWidget *
new_item_row (Field      *fr,
              const char *item)
{
  GtkWidget *row = adw_action_row_new ();

  set_use_plain_text (row);

  if (item != NULL)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      /* Translators: the button removing an item of a list; %s is the item. */
      g_autofree char *label = g_strdup_printf (_("Remove “%s”"), item);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "postings-item", g_strdup (item), g_free);
      connect_field (fr, button, "clicked", G_CALLBACK (remove_item_clicked_cb));
      g_object_set_data (G_OBJECT (row), "postings-button", button);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nested value"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Edit it in the header source."));
    }

  return g_object_ref_sink (row);
}

static void
clear_field_widgets (Field *fr)
{
  cancel_pending_clear (fr);
  disconnect_field (fr);
  g_clear_pointer (&fr->item_rows, g_ptr_array_unref);
  g_clear_object (&fr->add_row);
  g_clear_object (&fr->header_row);
  g_clear_object (&fr->row);
  g_clear_object (&fr->message_row);
  g_clear_object (&fr->choices);
  fr->editor = NULL;
  fr->message_label = NULL;
  fr->seen = FALSE;
  g_clear_pointer (&fr->doc_value, g_free);
  g_clear_pointer (&fr->error, g_free);
  g_clear_pointer (&fr->note, g_free);
}

static void
build_field_widgets (Field *fr)
{
  GtkWidget *row = NULL;

  switch (fr->kind)
    {
    case ROW_ENTRY:     row = build_entry_row (fr); break;
    case ROW_LONG_TEXT: row = build_long_text_row (fr); break;
    case ROW_SWITCH:    row = build_switch_row (fr); break;
    case ROW_DATE:      row = build_date_row (fr); break;
    case ROW_COMBO:     row = build_combo_row (fr); break;
    case ROW_CHIPS:     row = build_chips_row (fr); break;
    case ROW_LIST:      row = build_list_rows (fr); break;
    case ROW_READONLY:  row = build_readonly_row (fr); break;
    default:            g_assert_not_reached ();
    }

  if (fr->kind == ROW_LIST)
    fr->row = g_object_ref (row);
  else
    fr->row = g_object_ref_sink (row);

  fr->message_row = new_message_row (fr);

  /* the prose rows are spell-checked, as `postings check --spelling` does */
  if (fr->kind == ROW_ENTRY || fr->kind == ROW_LONG_TEXT)
    {
      g_auto(GStrv) prose = postings_words_prose_keys (get_schema (fr->form));

      if (g_strv_contains ((const char * const *) prose, fr->key))
        postings_spell_attach (fr->editor != NULL ? fr->editor : fr->row, fr->form->spell_language);
    }
}

/* Which widget shows this key's current value. */
static RowKind
desired_kind (const PostingsField *field,
              const PostingsEntry *entry)
{
  PostingsNodeKind node = entry != NULL ? entry->kind : POSTINGS_NODE_NULL;

  if (node == POSTINGS_NODE_MAPPING)
    return ROW_READONLY;

  if (field == NULL)
    return node == POSTINGS_NODE_SEQUENCE ? ROW_LIST : ROW_ENTRY;

  switch (field->kind)
    {
    case POSTINGS_FIELD_MULTI_CHOICE:
    case POSTINGS_FIELD_LIST:
      /* A list written as one text (`techno: Python, Django`) stays text. */
      if (node == POSTINGS_NODE_SCALAR)
        return ROW_ENTRY;
      return field->kind == POSTINGS_FIELD_LIST ? ROW_LIST : ROW_CHIPS;

    default:
      break;
    }

  if (node == POSTINGS_NODE_SEQUENCE)
    return ROW_READONLY;

  switch (field->kind)
    {
    case POSTINGS_FIELD_LONG_TEXT: return ROW_LONG_TEXT;
    case POSTINGS_FIELD_BOOLEAN:   return ROW_SWITCH;
    case POSTINGS_FIELD_DATE:      return ROW_DATE;
    case POSTINGS_FIELD_CHOICE:    return ROW_COMBO;
    default:                       return ROW_ENTRY;
    }
}

/* The widgets a field shows, in order, in its list box. */
static void
collect_rows (Field     *fr,
              GPtrArray *rows)
{
  if (fr->kind == ROW_LIST)
    {
      if (fr->header_row != NULL)
        g_ptr_array_add (rows, fr->header_row);
      for (guint i = 0; i < fr->item_rows->len; i++)
        g_ptr_array_add (rows, g_ptr_array_index (fr->item_rows, i));
      g_ptr_array_add (rows, fr->add_row);
    }
  else
    {
      g_ptr_array_add (rows, fr->row);
    }

  if (fr->message_row != NULL)
    g_ptr_array_add (rows, fr->message_row);
}

/* Makes @listbox hold exactly @rows, in order, moving as little as possible
 * (a row that stays is never removed, so it keeps focus and cursor). */
static void
reconcile_listbox (GtkListBox *listbox,
                   GPtrArray  *rows)
{
  GtkListBoxRow *extra;
  guint i;

  for (i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if ((GtkWidget *) gtk_list_box_get_row_at_index (listbox, i) == row)
        continue;

      if (gtk_widget_get_parent (row) == GTK_WIDGET (listbox))
        gtk_list_box_remove (listbox, row);
      else if (gtk_widget_get_parent (row) != NULL)
        gtk_list_box_remove (GTK_LIST_BOX (gtk_widget_get_parent (row)), row);

      gtk_list_box_insert (listbox, row, i);
    }

  while ((extra = gtk_list_box_get_row_at_index (listbox, i)) != NULL)
    gtk_list_box_remove (listbox, GTK_WIDGET (extra));
}

static GtkWidget *
new_boxed_list (void)
{
  GtkWidget *listbox = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (listbox), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (listbox, "boxed-list");

  return listbox;
}

static void
field_free (gpointer data)
{
  Field *fr = data;

  clear_field_widgets (fr);
  g_ptr_array_unref (fr->connected);
  g_free (fr->key);
  g_free (fr);
}

static Field *
field_new (PostingsForm        *self,
           const char          *key,
           const PostingsField *field)
{
  Field *fr = g_new0 (Field, 1);

  fr->form = self;
  fr->connected = g_ptr_array_new_with_free_func (g_object_unref);
  fr->key = g_strdup (key);
  fr->field = field;
  fr->value_kind = field != NULL ? postings_field_value_kind (field) : POSTINGS_VALUE_TEXT;

  return fr;
}

/* Refreshing from the document ----------------------------------------- */

static void
update_notes (PostingsForm        *self,
              Field               *fr,
              const PostingsEntry *entry)
{
  g_autofree char *note = NULL;

  if (fr->intended != NULL)
    {
      /* Translators: a key of the file that looks like a typo; the first %s
       * is the key the schema knows, the second its label. */
      note = g_strdup_printf (_("Probably a misspelling of “%s” (%s). It is kept as written."),
                              fr->intended->key, fr->intended->label);
    }
  else if (fr->field != NULL && postings_field_is_list (fr->field) &&
           fr->kind == ROW_ENTRY && entry != NULL && entry->kind == POSTINGS_NODE_SCALAR)
    {
      note = g_strdup (_("Written as one text in the file, not as a list. It is kept that way."));
    }
  else if (fr->kind == ROW_READONLY)
    {
      note = g_strdup (_("This value has several parts: edit it in the header source."));
    }
  else if (fr->kind == ROW_SWITCH && entry != NULL)
    {
      gboolean value;

      if (!postings_document_get_boolean (self->document, fr->key, &value))
        {
          if (entry->kind == POSTINGS_NODE_SCALAR && entry->value != NULL)
            /* Translators: %s is the value written in the file. */
            note = g_strdup_printf (_("The file says “%s”, which is neither true nor false. "
                                      "Turning the switch writes true or false."),
                                    entry->value);
          else
            note = g_strdup (_("The file has no value here. Turning the switch writes true or false."));
        }
    }
  else if (fr->kind == ROW_COMBO && entry != NULL && entry->kind == POSTINGS_NODE_SCALAR &&
           entry->value != NULL && !postings_field_accepts_choice (fr->field, entry->value))
    {
      /* Translators: %s is the value written in the file. */
      note = g_strdup_printf (_("“%s” is not one of the usual choices. It is kept as written."),
                              entry->value);
    }

  /* A shadowed duplicate is worth saying in addition to the rest. */
  if (note == NULL && entry != NULL)
    {
      guint count = 0;

      for (guint i = 0; i < postings_document_get_n_entries (self->document); i++)
        if (g_strcmp0 (postings_document_get_entry (self->document, i)->key, fr->key) == 0)
          count++;

      if (count > 1)
        /* Translators: the first %u is how many times a key is written,
         * the second the line of the one the site uses. */
        note = g_strdup_printf (ngettext ("This key is written %u time in the file: the site uses the last one, line %u.",
                                          "This key is written %u times in the file: the site uses the last one, line %u.",
                                          count),
                                count, entry->line);
    }

  set_note (fr, note);
}

static void
update_chips (Field               *fr,
              const PostingsEntry *entry)
{
  GtkFlowBox *flow = GTK_FLOW_BOX (fr->editor);
  GtkWidget *child;
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  /* Extra chips for values the file has that are not choices; drop extras
   * the file no longer has. */
  child = gtk_widget_get_first_child (GTK_WIDGET (flow));
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *choice = g_object_get_data (G_OBJECT (button), "postings-choice");

      if (!postings_field_accepts_choice (fr->field, choice) && !entry_has_item (entry, choice))
        {
          disconnect_object (fr, button);
          gtk_flow_box_remove (flow, child);
        }
      else
        g_hash_table_add (shown, (gpointer) choice);

      child = next;
    }

  for (guint i = 0; entry != NULL && entry->kind == POSTINGS_NODE_SEQUENCE &&
                    entry->items != NULL && i < entry->items->len; i++)
    {
      const char *item = g_ptr_array_index (entry->items, i);

      if (item != NULL && !g_hash_table_contains (shown, item))
        {
          GtkWidget *chip = new_chip (fr, item);

          append_chip (flow, chip);
          g_hash_table_add (shown, (gpointer) g_object_get_data (G_OBJECT (chip), "postings-choice"));
        }
    }

  for (child = gtk_widget_get_first_child (GTK_WIDGET (flow));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *choice = g_object_get_data (G_OBJECT (button), "postings-choice");

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), entry_has_item (entry, choice));
    }
}

static void
update_list_items (Field               *fr,
                   const PostingsEntry *entry)
{
  for (guint i = 0; i < fr->item_rows->len; i++)
    {
      GObject *button = g_object_get_data (g_ptr_array_index (fr->item_rows, i), "postings-button");

      if (button != NULL)
        disconnect_object (fr, button);
    }
  g_ptr_array_set_size (fr->item_rows, 0);

  for (guint i = 0; entry != NULL && entry->kind == POSTINGS_NODE_SEQUENCE &&
                    entry->items != NULL && i < entry->items->len; i++)
    g_ptr_array_add (fr->item_rows, new_item_row (fr, g_ptr_array_index (entry->items, i)));

  if (fr->header_row != NULL)
    {
      g_autofree char *summary = entry != NULL && entry->kind == POSTINGS_NODE_SEQUENCE
                                 ? join_items (entry) : NULL;
      adw_action_row_set_subtitle (ADW_ACTION_ROW (fr->header_row), summary);
    }
}

static void
update_combo (Field               *fr,
              const PostingsEntry *entry)
{
  const char *value = entry != NULL && entry->kind == POSTINGS_NODE_SCALAR ? entry->value : NULL;
  guint n_fixed = 1 + (fr->field->choices != NULL ? g_strv_length (fr->field->choices) : 0);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fr->choices));
  guint selected = 0;

  /* A value that is not a choice is offered as it is, not lost. */
  if (n > n_fixed)
    gtk_string_list_splice (fr->choices, n_fixed, n - n_fixed, NULL);

  if (value != NULL && value[0] != '\0')
    {
      for (guint i = 1; i < n_fixed; i++)
        if (g_strcmp0 (fr->field->choices[i - 1], value) == 0)
          selected = i;

      if (selected == 0)
        {
          gtk_string_list_append (fr->choices, value);
          selected = n_fixed;
        }
    }

  adw_combo_row_set_selected (ADW_COMBO_ROW (fr->row), selected);
}

/* Shows the entry's value in the field's widgets. */
static void
update_field_value (PostingsForm        *self,
                    Field               *fr,
                    const PostingsEntry *entry)
{
  const char *scalar = entry != NULL && entry->kind == POSTINGS_NODE_SCALAR && entry->value != NULL
                       ? entry->value : "";

  self->updating++;

  switch (fr->kind)
    {
    case ROW_ENTRY:
      set_editable_text (GTK_EDITABLE (fr->row), scalar);
      break;

    case ROW_DATE:
      {
        GtkEditable *editable = GTK_EDITABLE (fr->row);
        int position = gtk_editable_get_position (editable);

        postings_date_row_set_value (POSTINGS_DATE_ROW (fr->row), scalar[0] ? scalar : NULL);
        gtk_editable_set_position (editable, MIN (position, (int) g_utf8_strlen (scalar, -1)));
      }
      break;

    case ROW_LONG_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (fr->editor));
        GtkTextIter start, end, cursor;
        g_autofree char *current = NULL;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        current = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
        if (g_strcmp0 (current, scalar) != 0)
          {
            int offset;

            gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
            offset = gtk_text_iter_get_offset (&cursor);
            gtk_text_buffer_set_text (buffer, scalar, -1);
            gtk_text_buffer_get_iter_at_offset (buffer, &cursor, offset);
            gtk_text_buffer_place_cursor (buffer, &cursor);
          }
      }
      break;

    case ROW_SWITCH:
      {
        gboolean value = FALSE;

        if (entry != NULL)
          postings_document_get_boolean (self->document, fr->key, &value);
        gtk_switch_set_active (GTK_SWITCH (fr->editor), value);
      }
      break;

    case ROW_COMBO:
      update_combo (fr, entry);
      break;

    case ROW_CHIPS:
      update_chips (fr, entry);
      break;

    case ROW_LIST:
      update_list_items (fr, entry);
      break;

    case ROW_READONLY:
      {
        g_autofree char *text = NULL;

        if (entry != NULL && entry->kind == POSTINGS_NODE_SEQUENCE)
          text = join_items (entry);
        else if (entry != NULL)
          {
            gsize len;
            const char *doc = postings_document_get_text (self->document, &len);
            text = g_strndup (doc + entry->value_span.start,
                              entry->value_span.end - entry->value_span.start);
          }
        adw_action_row_set_subtitle (ADW_ACTION_ROW (fr->row), text);
      }
      break;

    default:
      break;
    }

  self->updating--;
}

static void
refresh_field (PostingsForm *self,
               Field        *fr)
{
  const PostingsEntry *entry = lookup_entry (self, fr->key);
  g_autofree char *value = describe_entry (self, entry);
  RowKind kind = desired_kind (fr->field, entry);

  if (kind != fr->kind || fr->row == NULL)
    {
      /* The value changed shape (a list became text…): new widgets. */
      clear_field_widgets (fr);
      fr->kind = kind;
      build_field_widgets (fr);
    }

  if (!fr->seen || g_strcmp0 (value, fr->doc_value) != 0)
    {
      /* The field the user is typing in is not written back (the document
       * may hold a normalised form of what they typed); a refused edit keeps
       * the user's text until the file itself changes. */
      gboolean typed = fr->kind == ROW_ENTRY || fr->kind == ROW_DATE || fr->kind == ROW_LONG_TEXT;

      if (fr != self->editing || !typed || !fr->seen)
        {
          cancel_pending_clear (fr);
          update_field_value (self, fr, entry);
          if (fr != self->editing)
            set_error (fr, NULL);
        }

      g_free (fr->doc_value);
      fr->doc_value = g_steal_pointer (&value);
      fr->seen = TRUE;
    }

  update_notes (self, fr, entry);
}

static GtkWidget *
new_group (const char *title,
           const char *description,
           GtkWidget **listbox)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

  *listbox = new_boxed_list ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), *listbox);

  return group;
}

static void
clear_all (PostingsForm *self)
{
  GtkWidget *child;

  self->editing = NULL;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);

  g_ptr_array_set_size (self->schema_fields, 0);
  g_ptr_array_set_size (self->other_fields, 0);
  g_hash_table_remove_all (self->fields);
  g_clear_pointer (&self->synced_front_matter, g_free);

  self->main_group = self->main_list = NULL;
  self->others_group = self->others_list = NULL;
}

/* Creates the groups and a field for every schema key. */
static void
build_schema_fields (PostingsForm *self)
{
  PostingsSchema *schema = get_schema (self);
  guint n_fields = postings_schema_get_n_fields (schema);
  GPtrArray *list_groups = g_ptr_array_new ();

  clear_all (self);

  /* Translators: the title of the group of the posting's main fields. */
  self->main_group = new_group (_("Posting"), NULL, &self->main_list);
  gtk_box_append (GTK_BOX (self->box), self->main_group);

  for (guint i = 0; i < n_fields; i++)
    {
      const PostingsField *field = postings_schema_get_field (schema, i);
      Field *fr;

      if (g_hash_table_contains (self->fields, field->key))
        continue;

      fr = field_new (self, field->key, field);
      fr->kind = (RowKind) -1;

      if (postings_field_is_list (field))
        {
          g_autofree char *title = NULL;

          /* Translators: the title of a list field the site needs; %s is its label. */
          title = field->required ? g_strdup_printf (_("%s (required)"), field->label)
                                  : g_strdup (field->label);
          fr->group = new_group (title, field->hint, &fr->listbox);
          gtk_accessible_update_property (GTK_ACCESSIBLE (fr->listbox),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, field->label,
                                          -1);
          g_ptr_array_add (list_groups, fr->group);
        }
      else
        {
          fr->listbox = self->main_list;
        }

      g_ptr_array_add (self->schema_fields, fr);
      g_hash_table_insert (self->fields, fr->key, fr);
    }

  for (guint i = 0; i < list_groups->len; i++)
    gtk_box_append (GTK_BOX (self->box), g_ptr_array_index (list_groups, i));
  g_ptr_array_unref (list_groups);

  self->others_group = new_group (_("Other Fields"),
                                  _("Keys of the file that the form does not know. They are kept as written."),
                                  &self->others_list);
  gtk_widget_set_visible (self->others_group, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->others_group);
}

static void
remember_original_keys (PostingsForm *self,
                        gboolean      external)
{
  guint n;

  if (self->document == NULL)
    return;

  /* Keys that appear through another editor (the raw front matter) are the
   * user's own too: clearing them in the form keeps them. */
  if (!external)
    return;

  n = postings_document_get_n_entries (self->document);
  for (guint i = 0; i < n; i++)
    {
      const PostingsEntry *entry = postings_document_get_entry (self->document, i);

      if (!g_hash_table_contains (self->original_keys, entry->key))
        g_hash_table_add (self->original_keys, g_strdup (entry->key));
    }
}

static void
sync_from_document (PostingsForm *self,
                    gboolean      external)
{
  PostingsSchema *schema = get_schema (self);
  g_autoptr(GPtrArray) main_rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) other_rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autofree char *front_matter = NULL;
  guint n_entries = 0;

  if (self->main_group == NULL)
    build_schema_fields (self);

  if (self->document != NULL)
    {
      /* A broken front matter has no values: keep showing the last good ones. */
      if (postings_document_get_state (self->document) == POSTINGS_DOCUMENT_BROKEN &&
          self->synced_front_matter != NULL)
        return;

      /* Typing in the body does not concern the form. */
      front_matter = postings_document_dup_front_matter (self->document);
      if (front_matter == NULL)
        front_matter = g_strdup ("");
      if (self->synced_front_matter != NULL &&
          g_strcmp0 (front_matter, self->synced_front_matter) == 0)
        return;

      if (postings_document_get_state (self->document) != POSTINGS_DOCUMENT_BROKEN)
        n_entries = postings_document_get_n_entries (self->document);
    }

  remember_original_keys (self, external);

  for (guint i = 0; i < self->schema_fields->len; i++)
    refresh_field (self, g_ptr_array_index (self->schema_fields, i));

  /* The keys the schema does not have, in file order. */
  for (guint i = 0; i < n_entries; i++)
    {
      const PostingsEntry *entry = postings_document_get_entry (self->document, i);
      Field *fr;

      if (postings_schema_lookup (schema, entry->key) != NULL)
        continue;

      fr = g_hash_table_lookup (self->fields, entry->key);
      if (fr != NULL && fr->field == NULL)
        {
          if (!g_ptr_array_find (others, fr, NULL))
            g_ptr_array_add (others, fr);
          continue;
        }

      fr = field_new (self, entry->key, NULL);
      fr->kind = (RowKind) -1;
      fr->listbox = self->others_list;
      fr->intended = postings_schema_lookup_alias (schema, entry->key);

      /* Unknown keys keep their type: `12` or `true` stays what it is. */
      if (entry->kind == POSTINGS_NODE_SCALAR && entry->style == POSTINGS_STYLE_PLAIN &&
          entry->value != NULL && !postings_yaml_plain_is_text (entry->value))
        fr->value_kind = POSTINGS_VALUE_AUTO;

      g_hash_table_insert (self->fields, fr->key, fr);
      g_ptr_array_add (others, fr);
    }

  /* Other keys the file no longer has go away (but not the one being
   * edited: clearing it may have removed its key). */
  for (guint i = 0; i < self->other_fields->len; i++)
    {
      Field *fr = g_ptr_array_index (self->other_fields, i);

      if (g_ptr_array_find (others, fr, NULL))
        continue;

      if (fr == self->editing)
        {
          g_ptr_array_insert (others, MIN (i, others->len), fr);
          continue;
        }

      g_hash_table_remove (self->fields, fr->key);
    }

  g_ptr_array_set_size (self->other_fields, 0);
  for (guint i = 0; i < others->len; i++)
    {
      Field *fr = g_ptr_array_index (others, i);

      g_ptr_array_add (self->other_fields, fr);
      refresh_field (self, fr);
    }

  /* Put every row where it belongs. */
  for (guint i = 0; i < self->schema_fields->len; i++)
    {
      Field *fr = g_ptr_array_index (self->schema_fields, i);

      if (fr->group != NULL)
        {
          g_autoptr(GPtrArray) rows = g_ptr_array_new ();

          collect_rows (fr, rows);
          reconcile_listbox (GTK_LIST_BOX (fr->listbox), rows);
        }
      else
        {
          collect_rows (fr, main_rows);
        }
    }
  reconcile_listbox (GTK_LIST_BOX (self->main_list), main_rows);

  for (guint i = 0; i < self->other_fields->len; i++)
    collect_rows (g_ptr_array_index (self->other_fields, i), other_rows);
  reconcile_listbox (GTK_LIST_BOX (self->others_list), other_rows);
  gtk_widget_set_visible (self->others_group, self->other_fields->len > 0);

  g_free (self->synced_front_matter);
  self->synced_front_matter = g_steal_pointer (&front_matter);
  if (self->synced_front_matter == NULL)
    self->synced_front_matter = g_strdup ("");
}

static void
forget_values (PostingsForm *self)
{
  self->editing = NULL;
  g_clear_pointer (&self->synced_front_matter, g_free);

  for (guint i = 0; i < self->schema_fields->len; i++)
    {
      Field *fr = g_ptr_array_index (self->schema_fields, i);

      cancel_pending_clear (fr);
      fr->seen = FALSE;
      set_error (fr, NULL);
    }

  /* Their rows leave the list at the next sync. */
  for (guint i = 0; i < self->other_fields->len; i++)
    g_hash_table_remove (self->fields, ((Field *) g_ptr_array_index (self->other_fields, i))->key);
  g_ptr_array_set_size (self->other_fields, 0);
}

static void
document_changed_cb (PostingsForm *self)
{
  sync_from_document (self, self->editing == NULL);
}

/* GObject --------------------------------------------------------------- */

static void
postings_form_dispose (GObject *object)
{
  PostingsForm *self = POSTINGS_FORM (object);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);

  if (self->fields != NULL)
    clear_all (self);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_pointer (&self->schema_fields, g_ptr_array_unref);
  g_clear_pointer (&self->other_fields, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->diagnostics, g_hash_table_unref);
  g_clear_pointer (&self->original_keys, g_hash_table_unref);
  g_clear_pointer (&self->synced_front_matter, g_free);
  g_clear_pointer (&self->spell_language, g_free);
  g_clear_object (&self->schema);

  G_OBJECT_CLASS (postings_form_parent_class)->dispose (object);
}

static void
postings_form_class_init (PostingsFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_form_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "postings-form");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  g_type_ensure (POSTINGS_TYPE_DATE_ROW);
}

static void
postings_form_init (PostingsForm *self)
{
  GtkWidget *clamp;

  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, field_free);
  self->schema_fields = g_ptr_array_new ();
  self->other_fields = g_ptr_array_new ();
  self->original_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->diagnostics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) postings_diagnostic_unref);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (self->box, 18);
  gtk_widget_set_margin_bottom (self->box, 24);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->box);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), clamp);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Header Fields"),
                                  -1);
}

GtkWidget *
postings_form_new (void)
{
  return g_object_new (POSTINGS_TYPE_FORM, NULL);
}

void
postings_form_set_document (PostingsForm     *self,
                            PostingsDocument *document)
{
  g_return_if_fail (POSTINGS_IS_FORM (self));
  g_return_if_fail (document == NULL || POSTINGS_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);

  g_set_object (&self->document, document);
  g_hash_table_remove_all (self->original_keys);

  if (document != NULL)
    {
      postings_document_set_key_order (document, postings_schema_get_key_order (get_schema (self)));
      g_signal_connect_object (document, "changed",
                               G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);
    }

  /* The schema's rows stay (opening is quicker), their values are the new
   * document's; nothing else of the previous document stays. */
  if (self->main_group == NULL)
    build_schema_fields (self);
  else
    forget_values (self);
  sync_from_document (self, TRUE);
}

void
postings_form_set_schema (PostingsForm   *self,
                          PostingsSchema *schema)
{
  g_return_if_fail (POSTINGS_IS_FORM (self));
  g_return_if_fail (schema == NULL || POSTINGS_IS_SCHEMA (schema));

  if (self->schema == schema)
    return;

  g_set_object (&self->schema, schema);

  if (self->document != NULL)
    postings_document_set_key_order (self->document, postings_schema_get_key_order (get_schema (self)));

  build_schema_fields (self);
  sync_from_document (self, FALSE);
}

GtkWidget *
postings_form_get_row (PostingsForm *self,
                       const char   *key)
{
  Field *fr;

  g_return_val_if_fail (POSTINGS_IS_FORM (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (self->main_group == NULL)
    sync_from_document (self, FALSE);

  fr = g_hash_table_lookup (self->fields, key);
  return fr != NULL ? fr->row : NULL;
}

void
postings_form_set_diagnostics (PostingsForm *self,
                               GPtrArray    *diagnostics)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (POSTINGS_IS_FORM (self));

  g_hash_table_remove_all (self->diagnostics);
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);
      PostingsDiagnostic *shown;

      if (d->key == NULL)
        continue;
      /* One message per row: the most severe, the first of equals. */
      shown = g_hash_table_lookup (self->diagnostics, d->key);
      if (shown == NULL || d->severity < shown->severity)
        g_hash_table_replace (self->diagnostics, g_strdup (d->key), postings_diagnostic_ref (d));
    }

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    update_message (value);
}

gboolean
postings_form_focus_key (PostingsForm *self,
                         const char   *key)
{
  GtkWidget *row;

  g_return_val_if_fail (POSTINGS_IS_FORM (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  row = postings_form_get_row (self, key);
  if (row == NULL || !gtk_widget_is_visible (row) || !gtk_widget_is_sensitive (row))
    return FALSE;

  /* The scrolled window's viewport follows the focus. */
  return gtk_widget_grab_focus (row) || gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
}

void
postings_form_set_spell_language (PostingsForm *self,
                                  const char   *language)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (POSTINGS_IS_FORM (self));

  g_free (self->spell_language);
  self->spell_language = g_strdup (language);
  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Field *fr = value;

      if (fr->row != NULL)
        postings_spell_attach_set_language (fr->editor != NULL ? fr->editor : fr->row, language);
    }
}
