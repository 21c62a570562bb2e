/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "postings-accessible.h"
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

/* Parsing --------------------------------------------------------------- */

static gboolean
all_digits (const char *s,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* `YYYY-MM-DD` at the start of @text: the day and what follows it. */
static gboolean
split_iso_day (const char  *text,
               int         *year,
               int         *month,
               int         *day,
               const char **rest)
{
  if (text == NULL || strlen (text) < 10 ||
      !all_digits (text, 4) || text[4] != '-' ||
      !all_digits (text + 5, 2) || text[7] != '-' ||
      !all_digits (text + 8, 2))
    return FALSE;

  *year = atoi (text);
  *month = atoi (text + 5);
  *day = atoi (text + 8);
  if (rest != NULL)
    *rest = text + 10;

  return g_date_valid_dmy (*day, *month, *year);
}

/* The part after the day of a YAML 1.1 timestamp (time and zone), or "". */
static gboolean
is_time_suffix (const char *rest)
{
  static GRegex *regex;

  if (rest[0] == '\0')
    return TRUE;

  if (g_once_init_enter (&regex))
    {
      GRegex *r = g_regex_new ("^(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?"
                               "(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$",
                               G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&regex, r);
    }

  return g_regex_match (regex, rest, 0, NULL);
}

static gboolean
parse_file_date (const char  *text,
                 int         *year,
                 int         *month,
                 int         *day,
                 const char **rest)
{
  const char *r;

  if (!split_iso_day (text, year, month, day, &r) || !is_time_suffix (r))
    return FALSE;
  if (rest != NULL)
    *rest = r;
  return TRUE;
}

/* `31/01/2026`, `31.01.2026` or `31-01-2026`, as people write dates in France. */
static gboolean
parse_french_day (const char *text,
                  int        *year,
                  int        *month,
                  int        *day)
{
  g_auto(GStrv) parts = NULL;
  char sep;

  if (strchr (text, '/'))
    sep = '/';
  else if (strchr (text, '.'))
    sep = '.';
  else
    sep = '-';

  {
    char seps[2] = { sep, '\0' };
    parts = g_strsplit (text, seps, -1);
  }

  if (g_strv_length (parts) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      gsize len = strlen (parts[i]);
      if (len == 0 || !all_digits (parts[i], len))
        return FALSE;
    }

  if (strlen (parts[0]) > 2 || strlen (parts[1]) > 2 || strlen (parts[2]) != 4)
    return FALSE;

  *day = atoi (parts[0]);
  *month = atoi (parts[1]);
  *year = atoi (parts[2]);

  return g_date_valid_dmy (*day, *month, *year);
}

char *
postings_date_with_day (const char *previous,
                        int         year,
                        int         month,
                        int         day)
{
  int py, pm, pd;
  const char *rest = "";

  if (previous == NULL || !parse_file_date (previous, &py, &pm, &pd, &rest))
    rest = "";

  return g_strdup_printf ("%04d-%02d-%02d%s", year, month, day, rest);
}

char *
postings_date_parse_typed (const char *typed,
                           const char *previous)
{
  g_autofree char *text = g_strstrip (g_strdup (typed != NULL ? typed : ""));
  int year, month, day;

  if (text[0] == '\0')
    return g_strdup ("");

  /* Already in the file's form: written as typed. */
  if (parse_file_date (text, &year, &month, &day, NULL))
    return g_steal_pointer (&text);

  /* Only a day: keep the time the value had. */
  if (parse_french_day (text, &year, &month, &day))
    return postings_date_with_day (previous, year, month, day);

  return NULL;
}

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

static void
changed_cb (PostingsDateRow *self)
{
  g_autofree char *value = NULL;

  if (self->updating)
    return;

  value = postings_date_parse_typed (gtk_editable_get_text (GTK_EDITABLE (self)), self->value);
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

  value = postings_date_with_day (self->value, year, month, day);
  g_free (self->value);
  self->value = g_strdup (value);
  set_text_quietly (self, value);

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

  if (self->value != NULL && parse_file_date (self->value, &year, &month, &day, NULL))
    date = g_date_time_new_local (year, month, day, 0, 0, 0);
  else
    date = g_date_time_new_now_local ();

  self->updating = TRUE;
  gtk_calendar_select_day (GTK_CALENDAR (self->calendar), date);
  self->updating = FALSE;
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

static void
postings_date_row_init (PostingsDateRow *self)
{
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

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), self->popover);
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_set_tooltip_text (self->button, _("Choose a Date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a Date"),
                                  -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), self->button);

  g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);
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
  set_text_quietly (self, value != NULL ? value : "");
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

  return self->calendar;
}
