/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the in-process window tests share: waiting on the main loop for a
 * condition (never sleeping), corpus files, and opening a real window. */
#pragma once

#include "postings-application.h"
#include "postings-window-private.h"

G_BEGIN_DECLS

#define WAIT_TIMEOUT_SECONDS 20

/* The page a window shows. */
#define PAGE(window) postings_window_get_visible_page (window)

gboolean        ui_test_timeout_cb          (gpointer             data);

/* Runs the main loop until @cond holds; fails the test after
 * WAIT_TIMEOUT_SECONDS. */
#define WAIT_FOR(cond)                                                        \
  G_STMT_START {                                                              \
    gboolean timed_out_ = FALSE;                                              \
    guint timeout_id_ = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS,          \
                                               ui_test_timeout_cb, &timed_out_); \
    while (!(cond) && !timed_out_)                                            \
      g_main_context_iteration (NULL, TRUE);                                  \
    if (!timed_out_)                                                          \
      g_source_remove (timeout_id_);                                          \
    if (!(cond))                                                              \
      g_error ("Timed out after %d s waiting for: %s", WAIT_TIMEOUT_SECONDS, #cond); \
  } G_STMT_END

/* What a window test program does first: g_test_init(), a display (else
 * it prints TAP's SKIP and returns FALSE: return 0 then), drafts and state
 * in a new temporary folder (*@tmp_dir), and a registered application kept
 * alive (*@app). */
gboolean        ui_test_init                (int                 *argc,
                                             char              ***argv,
                                             PostingsApplication **app,
                                             char               **tmp_dir);
/* g_test_run(), then the application and the temporary folder go. */
int             ui_test_run                 (PostingsApplication *app,
                                             char                *tmp_dir);

/* $POSTINGS_CORPUS_DIR/@folder/@name, or NULL when the corpus is absent. */
char           *ui_test_corpus_path         (const char          *folder,
                                             const char          *name);
/* A fresh copy of $POSTINGS_CORPUS_DIR/@corpus_folder/@name in @folder
 * (created); NULL (the test skipped) when the corpus is absent. */
char           *ui_test_copy_corpus_file    (const char          *corpus_folder,
                                             const char          *name,
                                             const char          *folder);
char           *ui_test_read_file           (const char          *path,
                                             gsize               *len);
/* Lines of @a and @b that differ; -1 when the line counts differ. */
int             ui_test_count_changed_lines (const char          *a,
                                             const char          *b);
/* A real window showing @path, loaded and mapped. */
PostingsWindow *ui_test_open_window         (PostingsApplication *app,
                                             const char          *path);
/* Asks for a new size for @window, once the display has answered what it
 * asked before (see the WAIT_FOR after it for the size it gets). */
void            ui_test_resize              (PostingsWindow      *window,
                                             int                  width,
                                             int                  height);
void            ui_test_destroy_window      (PostingsWindow      *window);
/* The form row of @key of the page @window shows. */
/* The first widget of @type in @widget's tree (@widget included), or NULL. */
GtkWidget      *ui_test_find_descendant     (GtkWidget           *widget,
                                             GType                type);
/* Saves the posting shown and waits for the save to finish, without a dialog. */
void            ui_test_save_and_wait       (PostingsWindow      *window);
GtkWidget      *ui_test_form_row            (PostingsWindow      *window,
                                             const char          *key);
/* The window's drop target (files and folders dropped on it). */
GtkDropTarget  *ui_test_find_drop_target    (PostingsWindow      *window);

G_END_DECLS
