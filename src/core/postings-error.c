/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-error.h"

G_DEFINE_QUARK (postings-error-quark, postings_error)
