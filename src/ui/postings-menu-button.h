/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Gives @button the menu @model, built when the button first opens it:
 * gtk_menu_button_set_menu_model() builds the whole popover at once, which
 * start-up does not need for a menu nobody has opened yet. Until then
 * gtk_menu_button_get_menu_model() returns NULL. */
void postings_menu_button_set_menu_on_demand (GtkMenuButton *button,
                                              GMenuModel    *model);

G_END_DECLS
