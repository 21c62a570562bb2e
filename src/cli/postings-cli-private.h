/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-core.h"
#include "postings-schema.h"

G_BEGIN_DECLS

/* The schema for a posting: its repository's `.postings.yml`, else the
 * built-in one (a broken `.postings.yml` is reported on stderr). */
PostingsSchema *_postings_cli_load_schema (GFile *file);

G_END_DECLS
