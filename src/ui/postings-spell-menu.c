/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "postings-spell-menu.h"

#define N_CORRECTIONS 5

static void
suggest_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PostingsSpellChecker *checker = g_object_get_data (G_OBJECT (task), "checker");

  g_task_return_pointer (task, postings_spell_checker_suggest (checker, task_data, -1, N_CORRECTIONS),
                         (GDestroyNotify) g_strfreev);
}

typedef struct
{
  GObject           *owner;
  PostingsSpellMenu *menu;
  guint              request;
} Offer;

static void
show_corrections (GMenu              *section,
                  const char * const *corrections)
{
  g_menu_remove_all (section);
  for (guint i = 0; corrections != NULL && corrections[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (corrections[i], NULL);

      g_menu_item_set_action_and_target_value (item, "spell.correct", g_variant_new_string (corrections[i]));
      g_menu_append_item (section, item);
    }
  if (corrections == NULL || corrections[0] == NULL)
    g_menu_append (section, _("No Corrections"), "spell.none");
}

static void
suggest_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Offer *offer = user_data;
  g_auto(GStrv) corrections = g_task_propagate_pointer (G_TASK (result), NULL);

  if (offer->request == offer->menu->request)
    show_corrections (offer->menu->corrections, (const char * const *) corrections);
  g_object_unref (offer->owner);
  g_free (offer);
}

void
postings_spell_menu_init (PostingsSpellMenu *self)
{
  self->menu = g_menu_new ();
  self->corrections = g_menu_new ();
  self->word_actions = g_menu_new ();
  self->request = 0;
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (self->corrections));
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (self->word_actions));
}

void
postings_spell_menu_clear (PostingsSpellMenu *self)
{
  g_clear_object (&self->menu);
  g_clear_object (&self->corrections);
  g_clear_object (&self->word_actions);
}

void
postings_spell_menu_reset (PostingsSpellMenu *self)
{
  self->request++;
  g_menu_remove_all (self->corrections);
  g_menu_remove_all (self->word_actions);
}

void
postings_spell_menu_offer (PostingsSpellMenu    *self,
                           GObject              *owner,
                           PostingsSpellChecker *checker,
                           const char           *word)
{
  g_autoptr(GTask) task = NULL;
  Offer *offer = g_new0 (Offer, 1);

  g_menu_remove_all (self->corrections);
  g_menu_remove_all (self->word_actions);
  g_menu_append (self->corrections, _("Looking for Corrections…"), "spell.none");
  g_menu_append (self->word_actions, _("_Add to Dictionary"), "spell.add");
  g_menu_append (self->word_actions, _("_Ignore"), "spell.ignore");

  offer->owner = g_object_ref (owner);
  offer->menu = self;
  offer->request = self->request;
  task = g_task_new (NULL, NULL, suggest_done_cb, offer);
  g_object_set_data_full (G_OBJECT (task), "checker", g_object_ref (checker), g_object_unref);
  g_task_set_task_data (task, g_strdup (word), g_free);
  g_task_run_in_thread (task, suggest_thread);
}

void
postings_spell_menu_watch (GtkWidget       *widget,
                           GCallback        pressed,
                           GtkShortcutFunc  menu_key,
                           gpointer         user_data)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", pressed, user_data);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_Menu, 0)),
                                                          gtk_callback_action_new (menu_key, user_data, NULL)));
  gtk_widget_add_controller (widget, keys);
}
