/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-accessible.h"

void
postings_accessible_fix_mnemonic_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root))
      && gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    {
      /* The label child still names it (labelled-by). */
      gtk_accessible_reset_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
  else if (GTK_IS_BUTTON (root))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (root));

      /* A label child of its own with a mnemonic (GtkStackSwitcher's
       * pages): named by the text shown. */
      if (GTK_IS_LABEL (child) && gtk_label_get_use_underline (GTK_LABEL (child)))
        gtk_accessible_update_property (GTK_ACCESSIBLE (root),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (GTK_LABEL (child)),
                                        -1);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    postings_accessible_fix_mnemonic_names (child);
}

static void
collect_buttons (GtkWidget *widget,
                 GPtrArray *buttons)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        g_ptr_array_add (buttons, child);
      else
        collect_buttons (child, buttons);
    }
}

void
postings_accessible_name_calendar (GtkCalendar *calendar)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  const char *names[] = {
    N_("Previous Month"), N_("Next Month"), N_("Previous Year"), N_("Next Year"),
  };

  g_return_if_fail (GTK_IS_CALENDAR (calendar));

  /* GTK 4.8's header: ‹ month ›  ‹ year ›. Another layout: left alone. */
  collect_buttons (GTK_WIDGET (calendar), buttons);
  if (buttons->len != G_N_ELEMENTS (names))
    return;
  for (guint i = 0; i < buttons->len; i++)
    gtk_accessible_update_property (GTK_ACCESSIBLE (g_ptr_array_index (buttons, i)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _(names[i]),
                                    -1);
}

void
postings_accessible_status_page (GtkWidget *status_page)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (status_page));

  child = gtk_widget_get_first_child (status_page);
  if (GTK_IS_SCROLLED_WINDOW (child))
    gtk_widget_set_focusable (child, FALSE);
}

static gboolean
window_mapped_cb (GSignalInvocationHint *hint,
                  guint                  n_values,
                  const GValue          *values,
                  gpointer               user_data)
{
  GObject *object = g_value_get_object (&values[0]);

  if (GTK_IS_WINDOW (object))
    postings_accessible_fix_mnemonic_names (GTK_WIDGET (object));
  return TRUE;
}

void
postings_accessible_watch_windows (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      /* The signal exists once the class does; it stays for the process. */
      g_type_class_ref (GTK_TYPE_WINDOW);
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  window_mapped_cb, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
