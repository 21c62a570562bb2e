/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* One save on a simulated failing file system (tests/fuzz/fuzz-save.c). */
extern unsigned int postings_fuzz_save_n_failed;  /* saves that reported a failure */

int postings_fuzz_save_one (const uint8_t *data,
                            size_t         size);
