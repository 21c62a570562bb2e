/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include "postings-accessible.h"
#include "postings-date.h"
#include "postings-date-row.h"

struct _PostingsDateRow
{
  AdwEntryRow  parent_instance;

  GtkWidget   *button;
  GtkWidget   *popover;
  GtkWidget   *calendar;
  char        *value;
  guint        updating : 1;
};

G_DEFINE_FINAL_TYPE (PostingsDateRow, postings_date_row, ADW_TYPE_ENTRY_ROW)

enum {
  DATE_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Widget ---------------------------------------------------------------- */

static void
set_text_quietly (PostingsDateRow *self,
                  const char      *text)
{
  const char *current = gtk_editable_get_text (GTK_EDITABLE (self));

  if (g_strcmp0 (current, text) == 0)
    return;

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), text);
  self->updating = FALSE;
}

/* The value as people read it ("June 28, 2022 at 09:27"); the file's text
 * when it is not a date. */
static void
show_value (PostingsDateRow *self)
{
  g_autofree char *shown = postings_date_format_display (self->value, NULL);
  g_autofree char *tooltip = NULL;

  set_text_quietly (self, shown != NULL ? shown : self->value != NULL ? self->value : "");
  if (shown != NULL)
    /* Translators: the tooltip of a date field: the date as the file
     * writes it (`2022-06-28T07:27:43.367Z`). */
    tooltip = g_strdup_printf (_("%s\nIn the file: %s"), shown, self->value);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

static void
changed_cb (PostingsDateRow *self)
{
  g_autofree char *value = NULL;

  if (self->updating)
    return;

  value = postings_date_parse_display (gtk_editable_get_text (GTK_EDITABLE (self)), self->value, NULL);
  if (value != NULL && value[0] != '\0')
    {
      g_free (self->value);
      self->value = g_strdup (value);
    }

  g_signal_emit (self, signals[DATE_EDITED], 0, value);
}

void
postings_date_row_select_day (PostingsDateRow *self,
                              int              year,
                              int              month,
                              int              day)
{
  g_autofree char *value = NULL;

  g_return_if_fail (POSTINGS_IS_DATE_ROW (self));
  g_return_if_fail (g_date_valid_dmy (day, month, year));

  value = postings_date_with_display_day (self->value, NULL, year, month, day);
  g_free (self->value);
  self->value = g_strdup (value);
  show_value (self);

  g_signal_emit (self, signals[DATE_EDITED], 0, value);
}

static void
day_selected_cb (PostingsDateRow *self)
{
  g_autoptr(GDateTime) date = NULL;

  if (self->updating)
    return;

  date = gtk_calendar_get_date (GTK_CALENDAR (self->calendar));
  postings_date_row_select_day (self,
                                g_date_time_get_year (date),
                                g_date_time_get_month (date),
                                g_date_time_get_day_of_month (date));
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
popover_show_cb (PostingsDateRow *self)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, day;

  if (postings_date_get_display_day (self->value, NULL, &year, &month, &day))
    date = g_date_time_new_local (year, month, day, 0, 0, 0);
  else
    date = g_date_time_new_now_local ();

  self->updating = TRUE;
  gtk_calendar_select_day (GTK_CALENDAR (self->calendar), date);
  self->updating = FALSE;
}

/* Leaving the row shows what was typed (`29/06/2022`) as people read it. */
static void
focus_leave_cb (PostingsDateRow *self)
{
  g_autofree char *typed = postings_date_parse_display (gtk_editable_get_text (GTK_EDITABLE (self)),
                                                        self->value, NULL);

  if (typed != NULL && g_strcmp0 (typed, self->value) == 0)
    show_value (self);
}

static void
postings_date_row_dispose (GObject *object)
{
  PostingsDateRow *self = POSTINGS_DATE_ROW (object);

  g_clear_pointer (&self->value, g_free);

  G_OBJECT_CLASS (postings_date_row_parent_class)->dispose (object);
}

static void
postings_date_row_class_init (PostingsDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = postings_date_row_dispose;

  signals[DATE_EDITED] =
    g_signal_new ("date-edited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

/* The calendar is built when its button is first used: a GtkCalendar
 * costs more to build than the rest of the row, and most date rows of a
 * form are never opened. */
static void
ensure_popover (PostingsDateRow *self)
{
  if (self->popover != NULL)
    return;

  self->calendar = gtk_calendar_new ();
  postings_accessible_name_calendar (GTK_CALENDAR (self->calendar));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Calendar"),
                                  -1);
  g_signal_connect_object (self->calendar, "day-selected",
                           G_CALLBACK (day_selected_cb), self, G_CONNECT_SWAPPED);

  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), self->calendar);
  g_signal_connect_object (self->popover, "show",
                           G_CALLBACK (popover_show_cb), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), self->popover);
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  ensure_popover (POSTINGS_DATE_ROW (user_data));
}

static void
postings_date_row_init (PostingsDateRow *self)
{
  GtkEventController *focus;

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->button), "x-office-calendar-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->button), create_popup_cb, self, NULL);
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_set_tooltip_text (self->button, _("Choose a Date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a Date"),
                                  -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), self->button);

  g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

GtkWidget *
postings_date_row_new (void)
{
  return g_object_new (POSTINGS_TYPE_DATE_ROW, NULL);
}

void
postings_date_row_set_value (PostingsDateRow *self,
                             const char      *value)
{
  g_return_if_fail (POSTINGS_IS_DATE_ROW (self));

  if (self->value != value)
    {
      g_free (self->value);
      self->value = g_strdup (value);
    }
  show_value (self);
}

const char *
postings_date_row_get_value (PostingsDateRow *self)
{
  g_return_val_if_fail (POSTINGS_IS_DATE_ROW (self), NULL);

  return self->value;
}

GtkWidget *
postings_date_row_get_calendar (PostingsDateRow *self)
{
  g_return_val_if_fail (POSTINGS_IS_DATE_ROW (self), NULL);

  ensure_popover (self);
  return self->calendar;
}
