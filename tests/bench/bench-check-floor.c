/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The floor for `postings check`: a program that only reads each posting of
 * the folders it is given and runs libyaml's event parser over its front
 * matter (the bytes between the first `---` line and the next `---` line),
 * nothing else. `bench-check.py` times it beside `postings check`.
 *
 * Usage: bench-check-floor DIR...   prints the number of files and events. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static unsigned long n_files, n_events;

static void
parse_front_matter (const char *data,
                    size_t      len)
{
  const char *start, *end;
  yaml_parser_t parser;
  yaml_event_t event;

  if (len < 4 || strncmp (data, "---", 3) != 0)
    return;
  start = memchr (data, '\n', len);
  if (start == NULL)
    return;
  start++;
  for (end = start; end < data + len; end++)
    {
      if (end[0] == '-' && end + 3 <= data + len && strncmp (end, "---", 3) == 0 &&
          (end == start || end[-1] == '\n'))
        break;
    }

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const unsigned char *) start, end - start);
  for (;;)
    {
      if (!yaml_parser_parse (&parser, &event))
        break;
      n_events++;
      if (event.type == YAML_STREAM_END_EVENT)
        {
          yaml_event_delete (&event);
          break;
        }
      yaml_event_delete (&event);
    }
  yaml_parser_delete (&parser);
}

static void
read_folder (const char *path)
{
  DIR *dir = opendir (path);
  struct dirent *entry;

  if (dir == NULL)
    {
      perror (path);
      exit (2);
    }
  while ((entry = readdir (dir)) != NULL)
    {
      char file_path[4096];
      FILE *file;
      char *data;
      long len;

      if (entry->d_name[0] == '.')
        continue;
      snprintf (file_path, sizeof file_path, "%s/%s", path, entry->d_name);
      file = fopen (file_path, "rb");
      if (file == NULL)
        continue;
      if (fseek (file, 0, SEEK_END) != 0 || (len = ftell (file)) < 0)
        {
          fclose (file);
          continue;
        }
      rewind (file);
      data = malloc (len + 1);
      if (fread (data, 1, len, file) == (size_t) len)
        {
          n_files++;
          parse_front_matter (data, len);
        }
      free (data);
      fclose (file);
    }
  closedir (dir);
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    read_folder (argv[i]);
  printf ("%lu files, %lu events\n", n_files, n_events);
  return 0;
}
