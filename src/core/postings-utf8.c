/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "postings-utf8.h"

#define HIGH_BITS G_GUINT64_CONSTANT (0x8080808080808080)
#define LOW_BITS  G_GUINT64_CONSTANT (0x0101010101010101)

/* Whether the eight bytes are ASCII and none is NUL. */
static inline gboolean
word_is_plain_ascii (guint64 word)
{
  return ((word | ((word - LOW_BITS) & ~word)) & HIGH_BITS) == 0;
}

static inline gboolean
byte_is_plain_ascii (guchar c)
{
  return c != 0 && c < 0x80;
}

gboolean
postings_utf8_validate_len (const char  *text,
                            gsize        len,
                            const char **end)
{
  gsize i = 0;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);

  while (i < len)
    {
      gsize start;
      const char *bad;
      gboolean two_bytes;

      /* ASCII, eight bytes at a time, then byte by byte. */
      for (; i + 8 <= len; i += 8)
        {
          guint64 word;

          memcpy (&word, text + i, sizeof word);
          if (!word_is_plain_ascii (word))
            break;
        }
      while (i < len && byte_is_plain_ascii ((guchar) text[i]))
        i++;
      if (i == len)
        break;

      /* A stretch of other bytes, up to the next ASCII one. Two-byte
       * characters (é, à, ç…: lead C2–DF, then 80–BF) and three-byte ones
       * (’, the narrow no-break space…: lead E0–EF, then two 80–BF, not
       * overlong nor a surrogate) are checked here; anything else goes to
       * GLib. */
      start = i;
      two_bytes = TRUE;
      while (i < len && !byte_is_plain_ascii ((guchar) text[i]))
        {
          guchar c = (guchar) text[i];

          if (two_bytes && c >= 0xc2 && c <= 0xdf && i + 1 < len &&
              ((guchar) text[i + 1] & 0xc0) == 0x80)
            {
              i += 2;
              continue;
            }
          if (two_bytes && c >= 0xe0 && c <= 0xef && i + 2 < len &&
              ((guchar) text[i + 1] & 0xc0) == 0x80 && ((guchar) text[i + 2] & 0xc0) == 0x80 &&
              (c != 0xe0 || (guchar) text[i + 1] >= 0xa0) && (c != 0xed || (guchar) text[i + 1] < 0xa0))
            {
              i += 3;
              continue;
            }
          two_bytes = FALSE;
          i++;
        }
      if (!two_bytes && !g_utf8_validate_len (text + start, i - start, &bad))
        {
          if (end != NULL)
            *end = bad;
          return FALSE;
        }
    }

  if (end != NULL)
    *end = text + len;
  return TRUE;
}
