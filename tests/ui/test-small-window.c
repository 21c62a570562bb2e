/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A window as small as GNOME's small screens (360 px wide): one pane at a
 * time with a view switcher, nothing cut in the form, a readable title.
 * Files as a desktop user expects them: Open Recent, a posting dropped on
 * the window. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "postings-editor-page-private.h"
#include "postings-recent.h"
#include "ui-test-util.h"

#define SIGNALCONSO "2023-01-10-dev-fullstack-signalconso.md"
#define DESIGNER "2021-06-15-designer.ux.ui.md"

static PostingsApplication *app;
static char *tmp_dir;
static char *data_home;

static char *
test_folder (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

static gboolean
shows_only (PostingsEditorPage *page,
            GtkWidget          *pane)
{
  GtkWidget *panes[] = { GTK_WIDGET (page->form), page->editor_box, GTK_WIDGET (page->preview) };

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    if (gtk_widget_get_mapped (panes[i]) != (panes[i] == pane))
      return FALSE;
  /* … across the page (a pane with nothing shown takes no room). */
  return gtk_widget_get_width (pane) >= gtk_widget_get_width (GTK_WIDGET (page)) - 2;
}

static GtkWidget *
find_switcher_button (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_TOGGLE_BUTTON (widget))
    {
      GtkWidget *found = NULL;

      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL && found == NULL; c = gtk_widget_get_next_sibling (c))
        for (GtkWidget *d = c; d != NULL && found == NULL; d = gtk_widget_get_first_child (d))
          for (GtkWidget *e = d; e != NULL && found == NULL; e = gtk_widget_get_next_sibling (e))
            if (GTK_IS_LABEL (e) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (e)), label) == 0)
              found = widget;
      if (found != NULL)
        return found;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_switcher_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Does @label or one of its parents up to @top say the whole text? */
static gboolean
has_tooltip (GtkWidget *label,
             GtkWidget *top)
{
  for (GtkWidget *w = label; w != NULL && w != top; w = gtk_widget_get_parent (w))
    if (gtk_widget_get_has_tooltip (w))
      return TRUE;
  return FALSE;
}

/* The labels of @widget shown cut: wider than their allocation (one line)
 * or ellipsized without a tooltip. */
static void
collect_cut_labels (GtkWidget *widget,
                    GtkWidget *top,
                    GString   *cut)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      GtkLabel *label = GTK_LABEL (widget);
      PangoLayout *layout = gtk_label_get_layout (label);
      int allocated = gtk_widget_get_width (widget);
      int text_width = 0;

      pango_layout_get_pixel_size (layout, &text_width, NULL);
      GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);
      const char *where = row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : "";

      if (pango_layout_is_ellipsized (layout) && !has_tooltip (widget, top))
        g_string_append_printf (cut, "“%s” (%s) ellipsized without a tooltip; ", gtk_label_get_text (label), where);
      else if (!pango_layout_is_ellipsized (layout) && text_width > allocated + 1)
        g_string_append_printf (cut, "“%s” (%s) %d px in %d px; ", gtk_label_get_text (label), where,
                                text_width, allocated);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cut_labels (child, top, cut);
}

static gboolean
switcher_shown (PostingsEditorPage *page)
{
  return adw_view_switcher_bar_get_reveal (page->view_switcher_bar)
      && gtk_widget_get_mapped (GTK_WIDGET (page->view_switcher_bar))
      && gtk_widget_get_height (GTK_WIDGET (page->view_switcher_bar)) > 0;
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* Lets @n frames be laid out and drawn. */
static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);

  WAIT_FOR (frames >= n);
  gtk_widget_remove_tick_callback (widget, id);
}

static void
set_small (PostingsWindow *window)
{
  /* Once the window has its first size. */
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (window)) > 0);
  ui_test_resize (window, 360, 640);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (window)) <= 360
            && _postings_editor_page_is_small (PAGE (window))
            && switcher_shown (PAGE (window)));
}

static void
test_small_layout (void)
{
  g_autofree char *folder = test_folder ("layout");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", SIGNALCONSO, folder);
  PostingsWindow *window;
  PostingsEditorPage *page;
  GtkWidget *bar, *button;
  int wide_min, wide_content_min;

  if (path == NULL)
    return;

  window = ui_test_open_window (app, path);
  page = PAGE (window);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (page)) >= POSTINGS_EDITOR_PAGE_NARROW_WIDTH);
  bar = GTK_WIDGET (page->view_switcher_bar);
  /* Wide: side by side, no switcher. */
  g_assert_false (switcher_shown (page));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page->form)));
  g_assert_true (gtk_widget_get_mapped (page->editor_box));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->preview_button)));
  wide_min = min_width (GTK_WIDGET (window));
  wide_content_min = min_width (gtk_window_get_child (GTK_WINDOW (window)));

  set_small (window);
  /* The window's own measure adds its client-side decoration's margins
   * (drawn outside its width); its content is what must fit in 360 px. */
  g_test_message ("minimum width: window %d px (content %d px) wide, window %d px (content %d px) small",
                  wide_min, wide_content_min, min_width (GTK_WIDGET (window)),
                  min_width (gtk_window_get_child (GTK_WINDOW (window))));
  g_assert_cmpint (min_width (gtk_window_get_child (GTK_WINDOW (window))), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page)), <=, 360);
  /* The switcher replaces the preview's toggle; the form comes first. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page->preview_button)));
  WAIT_FOR (shows_only (page, GTK_WIDGET (page->form)));

  /* Each of its buttons shows its pane, and that one only. */
  button = find_switcher_button (bar, _("Source"));
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  WAIT_FOR (shows_only (page, page->editor_box));
  g_assert_false (postings_editor_page_get_preview_visible (page));

  button = find_switcher_button (bar, _("Preview"));
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  WAIT_FOR (shows_only (page, GTK_WIDGET (page->preview)));
  g_assert_true (postings_editor_page_get_preview_visible (page));

  /* Find brings the text back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  WAIT_FOR (shows_only (page, page->editor_box));
  /* Ctrl+Shift+P shows the preview. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-preview", NULL);
  WAIT_FOR (shows_only (page, GTK_WIDGET (page->preview)));

  button = find_switcher_button (bar, _("Form"));
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  WAIT_FOR (shows_only (page, GTK_WIDGET (page->form)));

  /* The title: the job's title and its folder, cut short but whole in
   * the tooltip. */
  g_assert_cmpstr (adw_window_title_get_title (page->window_title), ==,
                   "une développeuse ou un développeur web full-stack");
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (page->window_title)));
  g_assert_true (g_str_has_suffix (gtk_widget_get_tooltip_text (GTK_WIDGET (page->window_title)), SIGNALCONSO));

  /* Wide again: side by side, the preview as the wide window had it. */
  ui_test_resize (window, 1200, 700);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (page)) >= POSTINGS_EDITOR_PAGE_NARROW_WIDTH
            && !_postings_editor_page_is_small (page)
            && gtk_widget_get_mapped (GTK_WIDGET (page->form))
            && gtk_widget_get_mapped (page->editor_box)
            && gtk_widget_get_mapped (GTK_WIDGET (page->preview)));
  g_assert_false (switcher_shown (page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->preview_button)));

  ui_test_destroy_window (window);
}

/* At 360 px, nothing in the form is cut without a way to read it. */
static void
test_small_form (void)
{
  const char *names[] = { SIGNALCONSO, DESIGNER, "2022-06-28-responsable-produit-PCRS.md" };
  g_autofree char *folder = test_folder ("form");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = ui_test_copy_corpus_file ("jobs", names[i], folder);
      g_autoptr(GString) cut = g_string_new (NULL);
      PostingsWindow *window;
      GtkWidget *form;

      if (path == NULL)
        return;
      window = ui_test_open_window (app, path);
      set_small (window);
      form = GTK_WIDGET (_postings_editor_page_get_form (PAGE (window)));
      WAIT_FOR (shows_only (PAGE (window), form));
      /* A frame drawn at the new size. */
      WAIT_FOR (gtk_widget_get_width (form) <= 360);
      wait_frames (form, 2);
      /* Whatever the posting, the window fits in 360 px. */
      if (min_width (gtk_window_get_child (GTK_WINDOW (window))) > 360)
        g_string_append_printf (cut, "the window needs %d px; ", min_width (gtk_window_get_child (GTK_WINDOW (window))));
      collect_cut_labels (form, form, cut);
      if (cut->len > 0)
        g_error ("%s: %s", names[i], cut->str);
      ui_test_destroy_window (window);
    }
}

/* Files ------------------------------------------------------------------ */

/* The window showing @file, if any. */
static PostingsWindow *
window_showing (GFile *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (POSTINGS_IS_WINDOW (l->data) && PAGE (l->data) != NULL
        && postings_editor_page_get_file (PAGE (l->data)) != NULL
        && g_file_equal (postings_editor_page_get_file (PAGE (l->data)), file)
        && postings_editor_page_get_document (PAGE (l->data)) != NULL)
      return l->data;
  return NULL;
}

static void
close_all_windows (void)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    ui_test_destroy_window (windows->data);
}

static GtkWidget *
find_group (GtkWidget  *widget,
            const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (widget)
      && g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_group (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first list of @widget with rows. */
static GtkWidget *
find_list_box (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget) && gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), 0) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_box (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The item of the Open Recent menu for @uri, or -1. */
static int
menu_position (const char *uri)
{
  GMenuModel *menu = postings_recent_get_menu ();

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);

      if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), uri))
        return i;
    }
  return -1;
}

static gboolean
has_recent_submenu (GMenuModel *menu)
{
  g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);

  for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
    {
      g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (section, i, G_MENU_LINK_SUBMENU);

      if (submenu == postings_recent_get_menu ())
        return TRUE;
    }
  return FALSE;
}

static gboolean
file_contains (const char *path,
               const char *text)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, text) != NULL;
}

/* Whether @manager lists @uri. Not gtk_recent_manager_has_item(): before
 * anything is added to a list not yet on the disk (this test run alone),
 * the manager has no list and has_item() is critical. */
static gboolean
has_recent (GtkRecentManager *manager,
            const char       *uri)
{
  GtkRecentInfo *info = gtk_recent_manager_lookup_item (manager, uri, NULL);

  if (info == NULL)
    return FALSE;
  gtk_recent_info_unref (info);
  return TRUE;
}

/* Opened and saved postings are recent files (in the test's own
 * recently-used.xbel), in the menus and on the start page. */
static void
test_recent (void)
{
  g_autofree char *folder = test_folder ("recent");
  g_autofree char *first = ui_test_copy_corpus_file ("jobs", SIGNALCONSO, folder);
  g_autofree char *second = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autoptr(GFile) first_file = NULL;
  g_autoptr(GFile) second_file = NULL;
  g_autofree char *first_uri = NULL;
  g_autofree char *second_uri = NULL;
  g_autofree char *xbel = NULL;
  g_autoptr(GError) error = NULL;
  PostingsWindow *window;
  GtkRecentInfo *info;
  GtkWidget *group, *list;

  if (first == NULL || second == NULL)
    return;

  /* Never the user's own list. */
  g_object_get (manager, "filename", &xbel, NULL);
  g_assert_true (g_str_has_prefix (xbel, g_get_tmp_dir ()));

  first_file = g_file_new_for_path (first);
  second_file = g_file_new_for_path (second);
  first_uri = g_file_get_uri (first_file);
  second_uri = g_file_get_uri (second_file);
  /* What the tests before opened goes. */
  gtk_recent_manager_purge_items (manager, &error);
  g_assert_no_error (error);
  g_assert_false (has_recent (manager, first_uri));

  window = ui_test_open_window (app, first);
  WAIT_FOR (has_recent (manager, first_uri));
  info = gtk_recent_manager_lookup_item (manager, first_uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_recent_info_get_mime_type (info), ==, "text/markdown");
  g_assert_cmpstr (gtk_recent_info_get_display_name (info), ==, "une développeuse ou un développeur web full-stack");
  g_assert_true (gtk_recent_info_has_group (info, POSTINGS_RECENT_GROUP));
  g_assert_true (gtk_recent_info_has_application (info, g_get_application_name ()));
  gtk_recent_info_unref (info);
  /* Written to the file a moment later. */
  WAIT_FOR (file_contains (xbel, first_uri));

  /* The page's menu has Open Recent, which lists it. */
  g_assert_true (has_recent_submenu (gtk_menu_button_get_menu_model (PAGE (window)->primary_menu_button)));
  g_assert_cmpint (menu_position (first_uri), ==, 0);
  {
    g_autofree char *label = NULL;

    g_assert_true (g_menu_model_get_item_attribute (postings_recent_get_menu (), 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
    g_assert_cmpstr (label, ==, "une développeuse ou un développeur web full-stack");
  }

  /* Saved: recent again, first. */
  postings_window_open (window, second_file);
  WAIT_FOR (window_showing (second_file) == window);
  WAIT_FOR (menu_position (second_uri) == 0 && menu_position (first_uri) == 1);
  {
    guint saves = _postings_editor_page_get_n_saves (PAGE (window));

    postings_window_open (window, first_file);
    WAIT_FOR (window_showing (first_file) == window);
    gtk_editable_set_text (GTK_EDITABLE (ui_test_form_row (window, "roles")), "une développeuse web");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
    WAIT_FOR (_postings_editor_page_get_n_saves (PAGE (window)) > saves);
  }
  WAIT_FOR (menu_position (first_uri) == 0 && menu_position (second_uri) == 1);
  /* … under its new title. */
  {
    g_autofree char *label = NULL;

    g_assert_true (g_menu_model_get_item_attribute (postings_recent_get_menu (), 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
    g_assert_cmpstr (label, ==, "une développeuse web");
  }
  close_all_windows ();

  /* The start page lists them, most recent first; a row opens its
   * posting. */
  window = postings_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (has_recent_submenu (gtk_menu_button_get_menu_model (window->start_menu_button)));
  group = find_group (GTK_WIDGET (window), "Recent Postings");
  g_assert_nonnull (group);
  WAIT_FOR (gtk_widget_get_mapped (group));
  list = find_list_box (group);
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 2));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0))),
                   ==, "une développeuse web");
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  WAIT_FOR (window_showing (second_file) != NULL);

  /* The menu's item opens its posting. */
  gtk_widget_activate_action_variant (GTK_WIDGET (window_showing (second_file)), "win.open-recent",
                                      g_variant_new_string (first_uri));
  WAIT_FOR (window_showing (first_file) != NULL);

  /* A posting gone from the disk is not offered. */
  g_assert_cmpint (g_unlink (second), ==, 0);
  close_all_windows ();
  window = postings_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  group = find_group (GTK_WIDGET (window), "Recent Postings");
  WAIT_FOR ((list = find_list_box (group)) != NULL);
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  close_all_windows ();
}

/* A posting dropped on the window opens. */
static void
test_drop_posting (void)
{
  g_autofree char *folder = test_folder ("drop");
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", DESIGNER, folder);
  g_autoptr(GFile) file = NULL;
  GtkDropTarget *target;
  PostingsWindow *window;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  if (path == NULL)
    return;

  window = postings_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  target = ui_test_find_drop_target (window);
  g_assert_true (g_type_is_a (GDK_TYPE_FILE_LIST, gtk_drop_target_get_gtypes (target, NULL)[0]));

  file = g_file_new_for_path (path);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, g_slist_prepend (NULL, g_object_ref (file)));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);

  WAIT_FOR (window_showing (file) != NULL);
  {
    g_autofree char *text = ui_test_read_file (path, NULL);
    g_autoptr(GBytes) shown = postings_document_serialize (postings_editor_page_get_document (PAGE (window_showing (file))));

    g_autofree char *shown_text = g_strndup (g_bytes_get_data (shown, NULL), g_bytes_get_size (shown));

    g_assert_cmpstr (shown_text, ==, text);
  }
  close_all_windows ();
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static PostingsDiagnostic *
find_rename (PostingsWindow *window)
{
  GPtrArray *diagnostics = postings_diagnostics_controller_get_diagnostics (_postings_editor_page_get_diagnostics (PAGE (window)));

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->fix_kind == POSTINGS_FIX_RENAME_FILE)
        return d;
    }
  return NULL;
}

/* Renaming a published posting says that its web address changes, and
 * can keep the old one with `redirect_from` (one line added). */
static void
test_rename_address (void)
{
  g_autofree char *root = test_folder ("rename-site");
  g_autofree char *jobs = g_build_filename (root, "content", "_jobs", NULL);
  g_autofree char *config = g_build_filename (root, "_config.yml", NULL);
  g_autofree char *path = g_build_filename (jobs, "2022-06-28-Designer UX.md", NULL);
  g_autofree char *new_path = NULL;
  g_autofree char *after = NULL;
  const char *text = "---\nroles: Designer produit\ndate: 2022-06-28\nopen: true\n---\nTexte\n";
  const char *redirect = "redirect_from: /recrutement/2022/06/28/Designer-UX.html\n";
  g_autoptr(GError) error = NULL;
  PostingsDiagnosticsController *controller;
  PostingsDiagnostic *d;
  AdwMessageDialog *dialog;
  PostingsWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (jobs, 0700), ==, 0);
  g_assert_true (g_file_set_contents (config,
                                      "url: https://example.org\n"
                                      "collections:\n"
                                      "  jobs:\n"
                                      "    output: true\n"
                                      "    permalink: /recrutement/:year/:month/:day/:title.html\n"
                                      "plugins:\n"
                                      "  - jekyll-redirect-from\n", -1, NULL));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  window = ui_test_open_window (app, path);
  controller = _postings_editor_page_get_diagnostics (PAGE (window));
  WAIT_FOR (find_rename (window) != NULL);
  d = find_rename (window);
  new_path = g_build_filename (jobs, d->fix_file_name, NULL);

  /* Asked first; Cancel leaves it as it was. */
  g_assert_true (postings_diagnostics_controller_fix (controller, d, &error));
  g_assert_no_error (error);
  WAIT_FOR (find_message_dialog () != NULL);
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Posting’s Web Address Will Change");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "https://example.org/recrutement/2022/06/28/Designer-UX.html"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "https://example.org/recrutement/2022/06/28/designer.produit.html"));
  g_assert_true (adw_message_dialog_has_response (dialog, "keep"));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Escape: its close response. */
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (find_message_dialog () == NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));

  /* Keep the Old Address: renamed, with one line more. */
  d = find_rename (window);
  g_assert_true (postings_diagnostics_controller_fix (controller, d, &error));
  WAIT_FOR (find_message_dialog () != NULL);
  dialog = find_message_dialog ();
  adw_message_dialog_response (dialog, "keep");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_FOR (g_file_test (new_path, G_FILE_TEST_EXISTS)
            && g_str_equal (g_file_peek_path (postings_editor_page_get_file (PAGE (window))), new_path)
            && !_postings_editor_page_is_busy (PAGE (window)));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  after = ui_test_read_file (new_path, NULL);
  {
    const char *line = strstr (after, redirect);
    g_autofree char *without = NULL;

    g_assert_nonnull (line);
    without = g_strdup_printf ("%.*s%s", (int) (line - after), after, line + strlen (redirect));
    g_assert_cmpstr (without, ==, text);
  }
  g_assert_false (postings_window_get_modified (window));

  ui_test_destroy_window (window);
}

/* In a site, at 360 px: the list and the posting take turns, and the
 * posting's header (with its way back to the list) still fits, with
 * GNOME's title buttons (close only). */
static void
test_small_site (void)
{
  g_autofree char *root = test_folder ("site");
  g_autofree char *jobs = g_build_filename (root, "content", "_jobs", NULL);
  g_autofree char *path = ui_test_copy_corpus_file ("jobs", SIGNALCONSO, jobs);
  g_autofree char *layout = NULL;
  g_autoptr(GFile) file = NULL;
  PostingsWindow *window = NULL;

  if (path == NULL)
    return;

  g_object_get (gtk_settings_get_default (), "gtk-decoration-layout", &layout, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  file = g_file_new_for_path (path);
  /* As `postings FILE` does: its site's window, showing it. */
  system (g_strdup_printf ("cp /work/wt/shared/corpus/jobs/* '%s'/", jobs));
  g_application_open (G_APPLICATION (app), &file, 1, "");
  WAIT_FOR ((window = window_showing (file)) != NULL && postings_window_get_site (window) != NULL
            && !postings_site_is_loading (postings_window_get_site (window))
            && !_postings_editor_page_is_busy (PAGE (window)));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));

  set_small (window);
  WAIT_FOR (adw_leaflet_get_folded (window->leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (window->leaflet), ==, "content");
  g_assert_true (gtk_widget_get_visible (PAGE (window)->back_button));
  g_test_message ("minimum width in a site: window %d px (content %d px)", min_width (GTK_WIDGET (window)),
                  min_width (gtk_window_get_child (GTK_WINDOW (window))));
  g_assert_cmpint (min_width (gtk_window_get_child (GTK_WINDOW (window))), <=, 360);
  /* The header names the site. */
  g_assert_cmpstr (adw_window_title_get_subtitle (PAGE (window)->window_title), ==,
                   postings_site_get_title (postings_window_get_site (window)));

  close_all_windows ();
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", layout, NULL);
}

static PostingsDiagnostic *
find_rule (PostingsWindow *window,
           const char     *rule)
{
  GPtrArray *diagnostics = postings_diagnostics_controller_get_diagnostics (_postings_editor_page_get_diagnostics (PAGE (window)));

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (g_strcmp0 (d->rule, rule) == 0)
        return d;
    }
  return NULL;
}

static gboolean
focus_in (PostingsWindow *window,
          GtkWidget      *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Going to a problem in a small window shows the pane that has it. */
static void
test_small_go_to (void)
{
  g_autofree char *folder = test_folder ("go-to");
  g_autofree char *path = g_build_filename (folder, "2022-06-28-dev.md", NULL);
  PostingsDiagnosticsController *controller;
  PostingsEditorPage *page;
  PostingsWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "---\nroles: Dev\ndate: 2022-06-28\nopen: \"true\"\n---\n"
                                            "Intro.\n\n<!--more-->\n\n# Titre\n\nTexte.\n", -1, NULL));
  window = ui_test_open_window (app, path);
  page = PAGE (window);
  controller = _postings_editor_page_get_diagnostics (page);
  set_small (window);
  WAIT_FOR (find_rule (window, "heading-level-1") != NULL && find_rule (window, "quoted-boolean") != NULL);

  /* A line of the text, from the preview: the text, its cursor there. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-preview", NULL);
  WAIT_FOR (shows_only (page, GTK_WIDGET (page->preview)));
  postings_diagnostics_controller_go_to (controller, find_rule (window, "heading-level-1"));
  WAIT_FOR (shows_only (page, page->editor_box));
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (page->source_view));
    GtkTextIter iter;

    gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
    g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, 4);
  }

  /* A field: the form, its row focused. */
  postings_diagnostics_controller_go_to (controller, find_rule (window, "quoted-boolean"));
  WAIT_FOR (shows_only (page, GTK_WIDGET (page->form)));
  WAIT_FOR (focus_in (window, ui_test_form_row (window, "open")));

  ui_test_destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  /* The recent files go to a recently-used.xbel of the test's: set before
   * GLib reads it. */
  data_home = g_dir_make_tmp ("postings-recent-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  if (!ui_test_init (&argc, &argv, &app, &tmp_dir))
    return 0;

  g_test_add_func ("/ui/small-window/layout", test_small_layout);
  g_test_add_func ("/ui/small-window/form", test_small_form);
  g_test_add_func ("/ui/small-window/site", test_small_site);
  /* Run again in French (test small-window-fr): only the widths. */
  if (g_strcmp0 (g_getenv ("LANGUAGE"), "fr") == 0)
    return ui_test_run (app, tmp_dir);
  g_test_add_func ("/ui/small-window/go-to", test_small_go_to);
  g_test_add_func ("/ui/files/recent", test_recent);
  g_test_add_func ("/ui/files/drop-posting", test_drop_posting);
  g_test_add_func ("/ui/files/rename-address", test_rename_address);

  return ui_test_run (app, tmp_dir);
}
