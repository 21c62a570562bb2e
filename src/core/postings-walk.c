/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "postings-slug.h"
#include "postings-walk.h"

/* Deeper than this, a folder is reported and not entered (real sites have
 * two or three levels; the visited set already stops cycles). */
#define MAX_DEPTH 64

gboolean
postings_walk_is_posting_name (const char *basename,
                               gboolean    in_jobs_folder)
{
  g_return_val_if_fail (basename != NULL, FALSE);

  if (basename[0] == '.' || basename[0] == '\0')
    return FALSE;
  if (g_str_has_suffix (basename, ".md"))
    return TRUE;
  return strchr (basename, '.') == NULL &&
         (in_jobs_folder || postings_file_name_parse (basename, NULL, NULL));
}

typedef struct
{
  dev_t dev;
  ino_t ino;
} FolderId;

static guint
folder_id_hash (gconstpointer p)
{
  const FolderId *id = p;
  guint64 ino = (guint64) id->ino;

  return (guint) (ino ^ (ino >> 32)) ^ (guint) id->dev;
}

static gboolean
folder_id_equal (gconstpointer a, gconstpointer b)
{
  const FolderId *x = a, *y = b;
  return x->dev == y->dev && x->ino == y->ino;
}

typedef struct
{
  PostingsWalkFunc func;
  gpointer user_data;
  GCancellable *cancellable;
  GHashTable *visited;  /* FolderId → display of the folder where it was read */
  gboolean stopped;
} Walk;

/* One entry of a folder, classified before the entries are sorted. */
typedef enum
{
  ENTRY_POSTING,
  ENTRY_FOLDER,
  ENTRY_SKIPPED,
} EntryKind;

typedef struct
{
  char *name;
  char *sort_key;  /* folders as "name/", so that they sort as paths do */
  EntryKind kind;
  char *reason;    /* SKIPPED */
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *e = data;
  g_free (e->name);
  g_free (e->sort_key);
  g_free (e->reason);
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Entry *) a)->sort_key, ((const Entry *) b)->sort_key);
}

static gboolean
emit (Walk             *walk,
      PostingsWalkKind  kind,
      const char       *path,
      const char       *relative,
      const char       *display,
      const char       *reason)
{
  PostingsWalkItem item = { kind, path, relative, display, reason };

  if (!walk->func (&item, walk->user_data))
    walk->stopped = TRUE;
  return !walk->stopped;
}

static char *
special_file_reason (mode_t mode, const char *display)
{
  if (S_ISFIFO (mode))
    return g_strdup_printf (_("“%s” is a named pipe (FIFO), not a file: it was not read."), display);
  if (S_ISSOCK (mode))
    return g_strdup_printf (_("“%s” is a socket, not a file: it was not read."), display);
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return g_strdup_printf (_("“%s” is a device, not a file: it was not read."), display);
  return g_strdup_printf (_("“%s” is not a regular file: it was not read."), display);
}

/* A link whose target cannot be reached. */
static char *
broken_link_reason (int dir_fd, const char *name, const char *display, int saved_errno)
{
  char target[4096];
  ssize_t n;

  if (saved_errno == ELOOP)
    return g_strdup_printf (_("“%s” is a link that leads back to itself: it was not followed."), display);
  if (saved_errno == ENOENT || saved_errno == ENOTDIR)
    {
      n = readlinkat (dir_fd, name, target, sizeof target - 1);
      if (n >= 0)
        {
          g_autofree char *shown = NULL;

          target[n] = '\0';
          shown = g_utf8_make_valid (target, -1);
          return g_strdup_printf (_("“%s” is a link to “%s”, which does not exist: it was not read."),
                                  display, shown);
        }
    }
  return g_strdup_printf (_("“%s” could not be read: %s."), display, g_strerror (saved_errno));
}

/* Sorts out one name of a folder. Returns FALSE for what is not part of
 * the walk (other files, hidden names, a file deleted meanwhile). */
static gboolean
classify (int            dir_fd,
          const char    *name,
          unsigned char  d_type,
          gboolean       in_jobs_folder,
          const char    *display,
          Entry         *out)
{
  struct stat st;
  gboolean is_link = FALSE;
  gboolean is_posting_name;

  if (name[0] == '.' || g_str_equal (name, "_site") || g_str_equal (name, "node_modules"))
    return FALSE;
  is_posting_name = postings_walk_is_posting_name (name, in_jobs_folder);

  /* A regular file's type is known without a stat on most file systems. */
  if (d_type == DT_REG)
    {
      if (!is_posting_name)
        return FALSE;
      out->kind = ENTRY_POSTING;
      return TRUE;
    }

  if (d_type == DT_LNK)
    is_link = TRUE;
  else if (d_type != DT_DIR)
    {
      if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return FALSE;
      is_link = S_ISLNK (st.st_mode);
    }

  if (is_link || d_type == DT_DIR)
    {
      if (fstatat (dir_fd, name, &st, 0) != 0)
        {
          int saved_errno = errno;

          /* A link that cannot be followed may have led to a folder of
           * postings: say so, unless its name says it is some other file. */
          if (!is_posting_name && strchr (name, '.') != NULL)
            return FALSE;
          out->kind = ENTRY_SKIPPED;
          out->reason = broken_link_reason (dir_fd, name, display, saved_errno);
          return TRUE;
        }
    }

  if (S_ISDIR (st.st_mode))
    out->kind = ENTRY_FOLDER;
  else if (S_ISREG (st.st_mode))
    {
      if (!is_posting_name)
        return FALSE;
      out->kind = ENTRY_POSTING;
    }
  else
    {
      out->kind = ENTRY_SKIPPED;
      out->reason = special_file_reason (st.st_mode, display);
    }
  return TRUE;
}

static void walk_folder (Walk       *walk,
                         int         fd,
                         const char *path,
                         const char *relative,
                         const char *display,
                         guint       depth);

static char *
join (const char *dir, const char *name)
{
  if (dir == NULL || dir[0] == '\0')
    return g_strdup (name);
  if (g_str_has_suffix (dir, "/"))
    return g_strconcat (dir, name, NULL);
  return g_strconcat (dir, "/", name, NULL);
}

/* Enters a folder, once: a folder already read (reached again through a
 * link) is reported instead. Takes @fd. */
static void
enter_folder (Walk       *walk,
              int         fd,
              const char *path,
              const char *relative,
              const char *display,
              guint       depth)
{
  struct stat st;
  FolderId id;
  const char *first;

  if (fstat (fd, &st) != 0)
    {
      g_autofree char *reason = g_strdup_printf (_("The folder “%s” could not be read: %s."), display, g_strerror (errno));
      close (fd);
      emit (walk, POSTINGS_WALK_SKIPPED, path, relative, display, reason);
      return;
    }

  id.dev = st.st_dev;
  id.ino = st.st_ino;
  first = g_hash_table_lookup (walk->visited, &id);
  if (first != NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("“%s” leads to a folder already read (“%s”): it was not read again, so that no posting is counted twice."),
                                                 display, first);
      close (fd);
      emit (walk, POSTINGS_WALK_SKIPPED, path, relative, display, reason);
      return;
    }
  if (depth > MAX_DEPTH)
    {
      g_autofree char *reason = g_strdup_printf (_("The folder “%s” is more than %u folders deep: it was not read."), display, MAX_DEPTH);
      close (fd);
      emit (walk, POSTINGS_WALK_SKIPPED, path, relative, display, reason);
      return;
    }
  g_hash_table_insert (walk->visited, g_memdup2 (&id, sizeof id), g_strdup (display));
  walk_folder (walk, fd, path, relative, display, depth);
}

/* Reads @fd's names, sorts them, and goes through them. Takes @fd. */
static void
walk_folder (Walk       *walk,
             int         fd,
             const char *path,
             const char *relative,
             const char *display,
             guint       depth)
{
  g_autofree char *basename = g_path_get_basename (path);
  gboolean in_jobs_folder = g_str_equal (basename, "_jobs");
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  int list_fd = dup (fd);
  DIR *dir = list_fd >= 0 ? fdopendir (list_fd) : NULL;
  struct dirent *de;

  g_array_set_clear_func (entries, entry_clear);

  if (dir == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("The folder “%s” could not be read: %s."), display, g_strerror (errno));

      if (list_fd >= 0)
        close (list_fd);
      close (fd);
      emit (walk, POSTINGS_WALK_SKIPPED, path, relative, display, reason);
      return;
    }

  errno = 0;
  while ((de = readdir (dir)) != NULL)
    {
      Entry e = { 0 };
      g_autofree char *child_display = NULL;

      if (g_str_equal (de->d_name, ".") || g_str_equal (de->d_name, ".."))
        continue;
      child_display = join (display, de->d_name);
      if (!classify (fd, de->d_name, de->d_type, in_jobs_folder, child_display, &e))
        {
          errno = 0;
          continue;
        }
      e.name = g_strdup (de->d_name);
      e.sort_key = e.kind == ENTRY_FOLDER ? g_strconcat (de->d_name, "/", NULL) : g_strdup (de->d_name);
      g_array_append_val (entries, e);
      errno = 0;
    }
  if (errno != 0)
    {
      g_autofree char *reason = g_strdup_printf (_("The folder “%s” could not be read to the end: %s."), display, g_strerror (errno));
      emit (walk, POSTINGS_WALK_SKIPPED, path, relative, display, reason);
    }
  closedir (dir);

  g_array_sort (entries, compare_entries);

  for (guint i = 0; i < entries->len && !walk->stopped; i++)
    {
      Entry *e = &g_array_index (entries, Entry, i);
      g_autofree char *child_path = join (path, e->name);
      g_autofree char *child_relative = join (relative, e->name);
      g_autofree char *child_display = join (display, e->name);

      if (g_cancellable_is_cancelled (walk->cancellable))
        {
          walk->stopped = TRUE;
          break;
        }

      if (e->kind == ENTRY_POSTING)
        emit (walk, POSTINGS_WALK_POSTING, child_path, child_relative, child_display, NULL);
      else if (e->kind == ENTRY_SKIPPED)
        emit (walk, POSTINGS_WALK_SKIPPED, child_path, child_relative, child_display, e->reason);
      else
        {
          int child_fd = openat (fd, e->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);

          if (child_fd < 0)
            {
              g_autofree char *reason = g_strdup_printf (_("The folder “%s” could not be read: %s."),
                                                         child_display, g_strerror (errno));
              emit (walk, POSTINGS_WALK_SKIPPED, child_path, child_relative, child_display, reason);
              continue;
            }
          enter_folder (walk, child_fd, child_path, child_relative, child_display, depth + 1);
        }
    }
  close (fd);
}

gboolean
postings_walk_folder (GFile             *folder,
                      const char        *display_root,
                      GCancellable      *cancellable,
                      PostingsWalkFunc   func,
                      gpointer           user_data,
                      GError           **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  Walk walk = { 0 };
  int fd;

  g_return_val_if_fail (G_IS_FILE (folder), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (folder);
  display = display_root != NULL ? g_strdup (display_root) : g_file_get_parse_name (folder);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Could not read the folder “%s”: it is not a local folder."), display);
      return FALSE;
    }

  fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read the folder “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }

  walk.func = func;
  walk.user_data = user_data;
  walk.cancellable = cancellable;
  walk.visited = g_hash_table_new_full (folder_id_hash, folder_id_equal, g_free, g_free);
  enter_folder (&walk, fd, path, "", display, 0);
  g_hash_table_unref (walk.visited);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

gboolean
postings_walk_classify_path (const char        *path,
                             const char        *display,
                             gboolean           in_jobs_folder,
                             PostingsWalkKind  *kind,
                             char             **reason)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  Entry e = { 0 };
  gboolean found;
  int dir_fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  dir = g_path_get_dirname (path);
  name = g_path_get_basename (path);
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
  if (dir_fd < 0)
    return FALSE;
  found = classify (dir_fd, name, DT_UNKNOWN, in_jobs_folder, display ? display : path, &e);
  close (dir_fd);

  if (!found || e.kind == ENTRY_FOLDER)
    {
      entry_clear (&e);
      return FALSE;
    }
  *kind = e.kind == ENTRY_POSTING ? POSTINGS_WALK_POSTING : POSTINGS_WALK_SKIPPED;
  if (reason != NULL)
    *reason = g_steal_pointer (&e.reason);
  entry_clear (&e);
  return TRUE;
}

/* Closes @fd (unless -1) and fails with @saved_errno. */
static gboolean
set_read_error (GError     **error,
                const char  *display,
                int          saved_errno,
                int          fd)
{
  if (fd >= 0)
    close (fd);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not read “%s”: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

gboolean
postings_walk_read_file (const char  *path,
                         const char  *display,
                         char       **contents,
                         gsize       *length,
                         GError     **error)
{
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize size, done = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (display == NULL)
    display = path;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return set_read_error (error, display, errno, -1);
  if (fstat (fd, &st) != 0)
    return set_read_error (error, display, errno, fd);
  if (!S_ISREG (st.st_mode))
    {
      g_autofree char *reason = special_file_reason (st.st_mode, display);

      close (fd);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, reason);
      return FALSE;
    }
  if (st.st_size > POSTINGS_WALK_MAX_FILE_SIZE)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s” is larger than %u MB: it is not read as a posting."),
                   display, (guint) (POSTINGS_WALK_MAX_FILE_SIZE / (1024 * 1024)));
      return FALSE;
    }

  /* The size may change while reading: read until the end, within the limit. */
  size = (gsize) st.st_size;
  buffer = g_malloc (size + 1);
  for (;;)
    {
      ssize_t n;

      if (done == size)
        {
          if (size >= POSTINGS_WALK_MAX_FILE_SIZE)
            break;
          size = MIN (size * 2 + 4096, (gsize) POSTINGS_WALK_MAX_FILE_SIZE);
          buffer = g_realloc (buffer, size + 1);
        }
      n = read (fd, buffer + done, size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_read_error (error, display, errno, fd);
      if (n == 0)
        break;
      done += (gsize) n;
    }
  close (fd);

  buffer[done] = '\0';
  *contents = g_steal_pointer (&buffer);
  if (length != NULL)
    *length = done;
  return TRUE;
}
