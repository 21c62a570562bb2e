/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "postings-site.h"

G_BEGIN_DECLS

#define POSTINGS_TYPE_APPLICATION (postings_application_get_type ())
G_DECLARE_FINAL_TYPE (PostingsApplication, postings_application, POSTINGS, APPLICATION, AdwApplication)

PostingsApplication *postings_application_new              (GApplicationFlags    flags);
/* Registers the resources, GtkSourceView and the style; idempotent. Called
 * by startup, and by tests that build windows without running the app. */
void                 postings_application_init_ui          (void);
/* Shows @site (the one open on the same folder, if any) in its window, else
 * in @from when it shows nothing, else in a new window, with @posting
 * (nullable) open; remembers it as the site to reopen next time. */
void                 postings_application_open_site        (PostingsApplication *self,
                                                            PostingsSite        *site,
                                                            GFile               *posting,
                                                            GtkWindow           *from);
/* Opens @file: presents the window already showing it, reuses @from when
 * it is an untouched new posting, else a new window. */
void                 postings_application_open_file        (PostingsApplication *self,
                                                            GFile               *file,
                                                            GtkWindow           *from);
/* A new window with a new posting, next to @from's repository (nullable),
 * else next to the last posting opened. */
GtkWindow           *postings_application_new_posting      (PostingsApplication *self,
                                                            GtkWindow           *from);

G_END_DECLS
