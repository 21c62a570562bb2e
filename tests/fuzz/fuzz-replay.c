/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replays the fuzz target over the real postings, the broken ones, the
 * seeds in tests/fuzz/seeds and deterministic mutations of all of them
 * (bytes flipped, lines cut, doubled or swapped, truncations). */
#include "config.h"

#include <string.h>

#include "postings-core.h"
#include "fuzz-document.h"

#define MUTATIONS_PER_FILE 24

static const char *tokens[] = { "---\n", ":", ": ", "'", "\"", "[", "]", "{", "- ", "\n", "\r\n", "#", "\t",
                                "&a", "*a", "|\n", ">\n", "\xEF\xBB\xBF", "\xC3", "é", "...\n", "  " };

static GByteArray *
mutate (const guint8 *data, gsize len, GRand *rand)
{
  GByteArray *out = g_byte_array_sized_new ((guint) len + 16);
  guint kind = (guint) g_rand_int_range (rand, 0, 5);
  gsize at = len ? (gsize) g_rand_int_range (rand, 0, (gint32) len) : 0;
  gsize span = (gsize) g_rand_int_range (rand, 1, 80);
  gsize n = MIN (len - at, span);
  const char *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];

  g_byte_array_append (out, data, (guint) at);
  switch (kind)
    {
    case 0: /* flip a byte */
      g_byte_array_append (out, data + at, (guint) (len - at));
      if (len)
        out->data[at] ^= (guint8) g_rand_int_range (rand, 1, 256);
      break;
    case 1: /* truncate */
      break;
    case 2: /* insert a YAML-significant token */
      g_byte_array_append (out, (const guint8 *) token, (guint) strlen (token));
      g_byte_array_append (out, data + at, (guint) (len - at));
      break;
    case 3: /* delete a span */
      g_byte_array_append (out, data + at + n, (guint) (len - at - n));
      break;
    default: /* duplicate a span */
      g_byte_array_append (out, data + at, (guint) n);
      g_byte_array_append (out, data + at, (guint) (len - at));
      break;
    }
  return out;
}

static guint
replay_dir (const char *path, GRand *rand)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint runs = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *data = NULL;
      gsize len;

      if (!g_file_get_contents (file, &data, &len, NULL))
        continue;
      postings_fuzz_one ((const guint8 *) data, len);
      runs++;
      for (guint m = 0; m < MUTATIONS_PER_FILE; m++)
        {
          g_autoptr(GByteArray) mutated = mutate ((const guint8 *) data, len, rand);
          postings_fuzz_one (mutated->data, mutated->len);
          runs++;
        }
    }
  return runs;
}

static void
test_replay (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  g_autofree char *seeds = g_test_build_filename (G_TEST_DIST, "fuzz", "seeds", NULL);
  guint runs = replay_dir (seeds, rand);

  g_assert_cmpuint (runs, >, 0);
  if (corpus != NULL && g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *jobs = g_build_filename (corpus, "jobs", NULL);
      g_autofree char *broken = g_build_filename (corpus, "broken", NULL);
      runs += replay_dir (jobs, rand);
      runs += replay_dir (broken, rand);
    }
  g_test_message ("%u inputs replayed without a crash or a lost byte", runs);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fuzz/replay", test_replay);
  return g_test_run ();
}
