/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

int postings_fuzz_one (const uint8_t *data,
                       size_t         size);
