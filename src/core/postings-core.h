/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The GTK-free core. Its meson target has no GTK include path, so
 * `#include <gtk/gtk.h>` in src/core fails to build; this catches GTK
 * reaching core sources another way. */
#if defined(POSTINGS_CORE_COMPILATION) && defined(GTK_MAJOR_VERSION)
# error "postings-core must not depend on GTK"
#endif

#include "postings-error.h"
#include "postings-document.h"
#include "postings-kramdown.h"
#include "postings-preview.h"
#include "postings-repository.h"
#include "postings-schema.h"
#include "postings-site-markdown.h"
#include "postings-slug.h"
#include "postings-template.h"
#include "postings-validator.h"
