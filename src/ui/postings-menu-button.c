/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "postings-menu-button.h"

#define MENU_KEY "postings-menu-on-demand"

/* Called each time the button opens: the menu is set the first time. */
static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  GMenuModel *model = g_object_get_data (G_OBJECT (button), MENU_KEY);

  if (model != NULL && gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, model);
}

void
postings_menu_button_set_menu_on_demand (GtkMenuButton *button,
                                         GMenuModel    *model)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (model));

  g_object_set_data_full (G_OBJECT (button), MENU_KEY, g_object_ref (model), g_object_unref);
  gtk_menu_button_set_create_popup_func (button, create_popup_cb, NULL, NULL);
}
