/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-cmark.h"

/* Each allocation is preceded by its size, and aligned as malloc's are. */
#define ALIGN 16
#define HEADER ALIGN
#define CHUNK_SIZE (64 * 1024)

typedef struct Chunk Chunk;
struct Chunk
{
  Chunk *next;
  gsize  size;  /* bytes of data */
  gsize  used;
  /* data follows, ALIGN-aligned */
};

typedef struct
{
  Chunk *chunks;  /* the current one first */
  Chunk *spare;   /* CHUNK_SIZE chunks kept for the next parses */
  guint  n_spare;
  guint  n_trees; /* parsed and not freed yet */
  char  *last;    /* the last allocation, which can grow in place */
} Arena;

/* Kept between parses (512 KB): enough for a large posting's trees. */
#define MAX_SPARE 8

#define CHUNK_HEADER ((sizeof (Chunk) + ALIGN - 1) / ALIGN * ALIGN)
#define CHUNK_DATA(c) ((char *) (c) + CHUNK_HEADER)

static _Thread_local Arena *current;

static void
chunks_free (Chunk *list)
{
  while (list != NULL)
    {
      Chunk *next = list->next;

      g_free (list);
      list = next;
    }
}

static void
arena_free (gpointer data)
{
  Arena *arena = data;

  chunks_free (arena->chunks);
  chunks_free (arena->spare);
  g_free (arena);
}

/* Frees the thread's arena when the thread ends. */
static GPrivate arena_key = G_PRIVATE_INIT (arena_free);

static Arena *
get_arena (void)
{
  if (G_UNLIKELY (current == NULL))
    {
      current = g_new0 (Arena, 1);
      g_private_set (&arena_key, current);
    }
  return current;
}

static Chunk *
chunk_new (gsize size)
{
  Chunk *chunk = g_malloc (CHUNK_HEADER + size);

  chunk->next = NULL;
  chunk->size = size;
  chunk->used = 0;
  return chunk;
}

static void *
arena_alloc (gsize size)
{
  Arena *arena = current;
  gsize need = (HEADER + size + ALIGN - 1) / ALIGN * ALIGN;
  Chunk *chunk = arena->chunks;
  char *p;

  if (chunk == NULL || chunk->size - chunk->used < need)
    {
      if (need > CHUNK_SIZE / 4)
        {
          /* a large block in a chunk of its own, behind the current one */
          Chunk *own = chunk_new (need);

          own->used = need;
          if (chunk != NULL)
            {
              own->next = chunk->next;
              chunk->next = own;
            }
          else
            arena->chunks = own;
          p = CHUNK_DATA (own);
          *(gsize *) p = size;
          return p + HEADER;
        }
      if (arena->spare != NULL)
        {
          chunk = arena->spare;
          arena->spare = chunk->next;
          arena->n_spare--;
          chunk->used = 0;
        }
      else
        chunk = chunk_new (CHUNK_SIZE);
      chunk->next = arena->chunks;
      arena->chunks = chunk;
    }
  p = CHUNK_DATA (chunk) + chunk->used;
  chunk->used += need;
  *(gsize *) p = size;
  arena->last = p + HEADER;
  return p + HEADER;
}

static void *
arena_calloc (size_t n,
              size_t size)
{
  void *p;

  if (size != 0 && n > G_MAXSIZE / 2 / size)
    g_error ("postings-cmark: %" G_GSIZE_FORMAT " × %" G_GSIZE_FORMAT " bytes", (gsize) n, (gsize) size);
  p = arena_alloc (n * size);
  memset (p, 0, n * size);
  return p;
}

static void *
arena_realloc (void   *old,
               size_t  size)
{
  Arena *arena = current;
  gsize old_size;
  void *p;

  if (old == NULL)
    return arena_alloc (size);
  old_size = *(gsize *) ((char *) old - HEADER);
  if (size <= old_size)
    return old;

  /* the last allocation of the current chunk grows where it is */
  if (old == arena->last)
    {
      Chunk *chunk = arena->chunks;
      gsize start = (gsize) ((char *) old - HEADER - CHUNK_DATA (chunk));
      gsize need = (HEADER + size + ALIGN - 1) / ALIGN * ALIGN;

      if (start + need <= chunk->size)
        {
          chunk->used = start + need;
          *(gsize *) ((char *) old - HEADER) = size;
          return old;
        }
    }
  p = arena_alloc (size);
  memcpy (p, old, old_size);
  return p;
}

static void
arena_free_block (void *p)
{
  /* given back with the whole arena */
}

static cmark_mem arena_mem = { arena_calloc, arena_realloc, arena_free_block };

/* Chunks of the usual size stay for the next parses; the others go. */
static void
arena_reset (Arena *arena)
{
  while (arena->chunks != NULL)
    {
      Chunk *next = arena->chunks->next;

      if (arena->chunks->size == CHUNK_SIZE && arena->n_spare < MAX_SPARE)
        {
          arena->chunks->next = arena->spare;
          arena->spare = arena->chunks;
          arena->n_spare++;
        }
      else
        g_free (arena->chunks);
      arena->chunks = next;
    }
  arena->last = NULL;
}

/**
 * postings_cmark_parse:
 * @text: CommonMark text (need not be nul-terminated)
 * @len: its length in bytes
 * @options: cmark's options
 *
 * cmark_parse_document(), with the tree in the thread's arena.
 *
 * Returns: (transfer full): the document node; free it with
 *   postings_cmark_free()
 */
cmark_node *
postings_cmark_parse (const char *text,
                      gsize       len,
                      int         options)
{
  Arena *arena = get_arena ();
  cmark_parser *parser;
  cmark_node *root;

  arena->n_trees++;
  parser = cmark_parser_new_with_mem (options, &arena_mem);
  cmark_parser_feed (parser, text != NULL ? text : "", len);
  root = cmark_parser_finish (parser);
  cmark_parser_free (parser);
  return root;
}

/**
 * postings_cmark_free:
 * @root: (transfer full): a tree of postings_cmark_parse() on this thread
 *
 * Frees the tree; the arena is given back when it was the last one.
 */
void
postings_cmark_free (cmark_node *root)
{
  Arena *arena = current;

  if (root == NULL)
    return;
  g_return_if_fail (arena != NULL && arena->n_trees > 0);
  if (--arena->n_trees == 0)
    arena_reset (arena);
}
