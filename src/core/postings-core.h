/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The GTK-free core. Its meson target has no GTK include path, so
 * `#include <gtk/gtk.h>` in src/core fails to build; this catches GTK
 * reaching core sources another way. */
#if defined(POSTINGS_CORE_COMPILATION) && defined(GTK_MAJOR_VERSION)
# error "postings-core must not depend on GTK"
#endif

#include "postings-error.h"
#include "postings-data-uri.h"
#include "postings-date.h"
#include "postings-document.h"
#include "postings-export.h"
#include "postings-file.h"
#include "postings-html.h"
#include "postings-image.h"
#include "postings-close-offer.h"
#include "postings-date.h"
#include "postings-document.h"
#include "postings-drafts.h"
#include "postings-format.h"
#include "postings-kramdown.h"
#include "postings-permalink.h"
#include "postings-preview.h"
#include "postings-preview-job.h"
#include "postings-repository.h"
#include "postings-schema.h"
#include "postings-site-markdown.h"
#include "postings-site.h"
#include "postings-slug.h"
#include "postings-spell.h"
#include "postings-template.h"
#include "postings-validator.h"
#include "postings-validator-job.h"
#include "postings-word-count.h"
#include "postings-words.h"
#include "postings-walk.h"
