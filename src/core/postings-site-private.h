/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "postings-site.h"
#include "postings-validator.h"

G_BEGIN_DECLS

/* Shared by postings-site.c and postings-site-entry.c. */

/* Indexes the posting at @path (found by a walk; read without blocking):
 * a new entry, UNREADABLE with the reason when it cannot be read or its
 * header does not parse. Runs in any thread. */
PostingsSiteEntry *_postings_site_entry_new_indexed (const char             *path,
                                                     const char             *relative_path,
                                                     PostingsSchema         *schema,
                                                     GFile                  *root,
                                                     PostingsValidatorCache *cache);
/* What a walk skipped (a named pipe, a link to nothing, a folder already
 * read): an UNREADABLE entry with @reason. */
PostingsSiteEntry *_postings_site_entry_new_skipped (const char             *path,
                                                     const char             *relative_path,
                                                     const char             *reason);
/* A posting of the app not saved yet (DRAFT_ONLY). */
PostingsSiteEntry *_postings_site_entry_new_draft   (GFile                  *file,
                                                     const char             *relative_path,
                                                     const char             *title);

/* A posting deleted from the disk, still in the last commit (DELETED). */
PostingsSiteEntry *_postings_site_entry_new_deleted (GFile                  *file,
                                                     const char             *relative_path,
                                                     const char             *title,
                                                     GDateTime              *date);

/* The file's path: the key of the site's index. */
const char        *_postings_site_entry_get_path    (PostingsSiteEntry      *self);

/* Copies what was indexed in @from (title, dates, state, counts, …) into
 * @self and notifies the properties that changed; "modified" and
 * "git-change" are kept. */
void               _postings_site_entry_update      (PostingsSiteEntry      *self,
                                                     PostingsSiteEntry      *from);

/* The generation of the last index that saw the entry (the site's). */
guint              _postings_site_entry_get_seen    (PostingsSiteEntry      *self);
void               _postings_site_entry_set_seen    (PostingsSiteEntry      *self,
                                                     guint                   generation);

G_END_DECLS
