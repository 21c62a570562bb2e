/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replays the fuzz targets: the document one over the real postings, the
 * broken ones, the seeds in tests/fuzz/seeds and deterministic mutations
 * of all of them (bytes flipped, lines cut, doubled or swapped,
 * truncations); the save one over tests/fuzz/seeds-save (every input a
 * libFuzzer run found worth keeping) and a sweep that fails each system
 * call of each kind of save in turn. */
#include "config.h"

#include <string.h>

#include "postings-core.h"
#include "fuzz-document.h"
#include "fuzz-save.h"

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

typedef int (*FuzzTarget) (const uint8_t *data, size_t size);

static guint
replay_dir (const char *path, GRand *rand, FuzzTarget target, guint mutations)
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
      target ((const guint8 *) data, len);
      runs++;
      for (guint m = 0; m < mutations; m++)
        {
          g_autoptr(GByteArray) mutated = mutate ((const guint8 *) data, len, rand);
          target (mutated->data, mutated->len);
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
  guint runs = replay_dir (seeds, rand, postings_fuzz_one, MUTATIONS_PER_FILE);

  g_assert_cmpuint (runs, >, 0);
  if (corpus != NULL && g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *jobs = g_build_filename (corpus, "jobs", NULL);
      g_autofree char *broken = g_build_filename (corpus, "broken", NULL);
      runs += replay_dir (jobs, rand, postings_fuzz_one, MUTATIONS_PER_FILE);
      runs += replay_dir (broken, rand, postings_fuzz_one, MUTATIONS_PER_FILE);
    }
  g_test_message ("%u inputs replayed without a crash or a lost byte", runs);
}

/* Every call of every kind of save fails in turn (and reads and writes are
 * cut short in turn), with a real posting and its edited version. */
static void
test_replay_save (void)
{
  static const char original[] = "---\nroles: Dev\nopen: true\n---\nTexte.\n";
  static const char edited[] = "---\nroles: Dev\nopen: false\n---\nTexte de l'offre.\n";
  static const guint8 failures[] = { 0, 1, 0x80 };  /* EIO, ENOSPC, a short read or write */
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261201);
  g_autofree char *seeds = g_test_build_filename (G_TEST_DIST, "fuzz", "seeds-save", NULL);
  guint runs = replay_dir (seeds, rand, postings_fuzz_save_one, 4);

  g_assert_cmpuint (runs, >, 0);
  for (guint kind = 0; kind < 16; kind++)
    for (guint call = 0; call <= 24; call++)  /* a save makes at most 20 calls */
      for (guint f = 0; f < G_N_ELEMENTS (failures); f++)
        {
          g_autoptr(GByteArray) input = g_byte_array_new ();
          guint8 head[5] = { (guint8) kind, (guint8) call, failures[f], sizeof original - 1, 0 };

          g_byte_array_append (input, head, sizeof head);
          g_byte_array_append (input, (const guint8 *) original, sizeof original - 1);
          g_byte_array_append (input, (const guint8 *) edited, sizeof edited - 1);
          postings_fuzz_save_one (input->data, input->len);
          runs++;
        }
  g_test_message ("%u saves on a failing file system, %u failed: the original always survived",
                  runs, postings_fuzz_save_n_failed);
  /* the failures reached the save (through the ops table) */
  g_assert_cmpuint (postings_fuzz_save_n_failed, >, runs / 2);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fuzz/replay", test_replay);
  g_test_add_func ("/fuzz/replay-save", test_replay_save);
  return g_test_run ();
}
