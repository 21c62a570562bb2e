/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The GTK-free core: this header must never pull in GTK. */
#ifdef GTK_MAJOR_VERSION
# error "postings-core must not depend on GTK"
#endif

#include "postings-error.h"
#include "postings-document.h"
#include "postings-preview.h"
