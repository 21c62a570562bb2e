/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "postings-core-i18n.h"
#include "postings-drafts.h"
#include "postings-error.h"

#define MAGIC "Postings-Draft: 1\n"
#define SUFFIX ".draft"

struct _PostingsDraft
{
  GObject    parent_instance;

  GFile     *location;
  GFile     *file;           /* NULL: a new posting */
  GBytes    *text;
  GDateTime *taken;
  char      *file_etag;
  GDateTime *file_modified;
};

G_DEFINE_FINAL_TYPE (PostingsDraft, postings_draft, G_TYPE_OBJECT)

/* Folder and names ---------------------------------------------------------- */

GFile *
postings_drafts_get_dir (void)
{
  return g_file_new_build_filename (g_get_user_state_dir (), "postings", "drafts", NULL);
}

/* The part of a draft's name that says whose it is: the SHA-256 of the
 * posting's URI. */
static char *
key_for (GFile *posting)
{
  g_autofree char *uri = g_file_get_uri (posting);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);
}

/* Does @name belong to @key ("KEY.draft", "KEY~N.draft")? */
static gboolean
name_has_key (const char *name,
              const char *key)
{
  gsize len = strlen (key);

  return strncmp (name, key, len) == 0
      && (strcmp (name + len, SUFFIX) == 0 || name[len] == '~')
      && g_str_has_suffix (name, SUFFIX);
}

static gint
compare_taken (gconstpointer a,
               gconstpointer b)
{
  PostingsDraft *da = *(PostingsDraft **) a;
  PostingsDraft *db = *(PostingsDraft **) b;

  return g_date_time_compare (da->taken, db->taken);
}

typedef enum
{
  FIND_POSTING,   /* the drafts of one posting */
  FIND_NEW,       /* of new postings never saved */
  FIND_ALL,
} FindWhat;

static GPtrArray *
find_drafts (GFile    *dir,
             FindWhat  what,
             GFile    *posting);

GPtrArray *
postings_drafts_find (GFile *dir,
                      GFile *posting)
{
  g_return_val_if_fail (posting == NULL || G_IS_FILE (posting), NULL);
  return find_drafts (dir, posting != NULL ? FIND_POSTING : FIND_NEW, posting);
}

GPtrArray *
postings_drafts_list (GFile *dir)
{
  return find_drafts (dir, FIND_ALL, NULL);
}

static GPtrArray *
find_drafts (GFile    *dir,
             FindWhat  what,
             GFile    *posting)
{
  g_autoptr(GFile) default_dir = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  GPtrArray *drafts = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;

  g_return_val_if_fail (dir == NULL || G_IS_FILE (dir), drafts);

  if (dir == NULL)
    dir = default_dir = postings_drafts_get_dir ();
  key = what == FIND_POSTING ? key_for (posting) : g_strdup (what == FIND_NEW ? "new-" : "");

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  if (children == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("Could not list the drafts in %s: %s", g_file_peek_path (dir), error->message);
      return drafts;
    }

  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      const char *name = g_file_info_get_name (info);
      g_autoptr(GFile) location = NULL;
      g_autoptr(PostingsDraft) draft = NULL;
      g_autoptr(GError) load_error = NULL;

      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR || !g_str_has_suffix (name, SUFFIX))
        continue;
      if (what == FIND_POSTING ? !name_has_key (name, key) : !g_str_has_prefix (name, key))
        continue;

      location = g_file_get_child (dir, name);
      draft = postings_draft_load (location, NULL, &load_error);
      if (draft == NULL)
        {
          g_warning ("Skipped the draft %s: %s", g_file_peek_path (location), load_error->message);
          continue;
        }
      /* A name is only a hint: the header says whose draft it is. */
      if ((what == FIND_POSTING && (draft->file == NULL || !g_file_equal (draft->file, posting)))
          || (what == FIND_NEW && draft->file != NULL))
        continue;
      g_ptr_array_add (drafts, g_steal_pointer (&draft));
    }

  g_ptr_array_sort (drafts, compare_taken);
  return drafts;
}

GFile *
postings_drafts_new_location (GFile *dir,
                              GFile *posting)
{
  g_autoptr(GFile) default_dir = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (dir == NULL || G_IS_FILE (dir), NULL);

  if (dir == NULL)
    dir = default_dir = postings_drafts_get_dir ();

  if (posting == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *name = g_strconcat ("new-", uuid, SUFFIX, NULL);
      return g_file_get_child (dir, name);
    }

  key = key_for (posting);
  for (guint n = 1; ; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (key, SUFFIX, NULL)
                                     : g_strdup_printf ("%s~%u%s", key, n, SUFFIX);
      g_autoptr(GFile) location = g_file_get_child (dir, name);

      if (!g_file_query_exists (location, NULL))
        return g_steal_pointer (&location);
    }
}

/* The draft object ---------------------------------------------------------- */

PostingsDraft *
postings_draft_new (GFile      *location,
                    GFile      *posting,
                    GBytes     *text,
                    const char *file_etag,
                    GDateTime  *file_modified)
{
  PostingsDraft *self;

  g_return_val_if_fail (G_IS_FILE (location), NULL);
  g_return_val_if_fail (posting == NULL || G_IS_FILE (posting), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (POSTINGS_TYPE_DRAFT, NULL);
  self->location = g_object_ref (location);
  self->file = posting != NULL ? g_object_ref (posting) : NULL;
  self->text = g_bytes_ref (text);
  self->taken = g_date_time_new_now_utc ();
  self->file_etag = g_strdup (file_etag);
  self->file_modified = file_modified != NULL ? g_date_time_ref (file_modified) : NULL;
  return self;
}

static gboolean
valid_header_value (const char *value)
{
  return value != NULL && strchr (value, '\n') == NULL && strchr (value, '\r') == NULL;
}

static GBytes *
serialize (PostingsDraft *self)
{
  g_autoptr(GString) out = g_string_new (MAGIC);
  g_autofree char *taken = g_date_time_format_iso8601 (self->taken);
  gsize len;
  const char *data = g_bytes_get_data (self->text, &len);

  if (self->file != NULL)
    {
      g_autofree char *uri = g_file_get_uri (self->file);
      g_string_append_printf (out, "File: %s\n", uri);
    }
  g_string_append_printf (out, "Taken: %s\n", taken);
  if (valid_header_value (self->file_etag))
    g_string_append_printf (out, "File-Etag: %s\n", self->file_etag);
  if (self->file_modified != NULL)
    {
      g_autofree char *modified = g_date_time_format_iso8601 (self->file_modified);
      g_string_append_printf (out, "File-Modified: %s\n", modified);
    }
  g_string_append_c (out, '\n');
  g_string_append_len (out, data, len);
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

PostingsDraft *
postings_draft_load (GFile         *location,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(PostingsDraft) self = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *header = NULL;
  g_auto(GStrv) lines = NULL;
  const char *end;
  gsize len;

  g_return_val_if_fail (G_IS_FILE (location), NULL);

  if (!g_file_load_contents (location, cancellable, &contents, &len, NULL, error))
    return NULL;

  end = len > strlen (MAGIC) ? g_strstr_len (contents, len, "\n\n") : NULL;
  if (strncmp (contents, MAGIC, MIN (len, strlen (MAGIC))) != 0 || end == NULL)
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_PARSE,
                   _("“%s” is not a draft of Postings"), g_file_peek_path (location));
      return NULL;
    }

  self = g_object_new (POSTINGS_TYPE_DRAFT, NULL);
  self->location = g_object_ref (location);
  self->text = g_bytes_new (end + 2, len - (end + 2 - contents));

  header = g_strndup (contents, end - contents);
  lines = g_strsplit (header, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *value = strstr (lines[i], ": ");

      if (value == NULL)
        continue;
      value += 2;
      if (g_str_has_prefix (lines[i], "File: "))
        g_set_object (&self->file, g_file_new_for_uri (value));
      else if (g_str_has_prefix (lines[i], "Taken: "))
        {
          g_clear_pointer (&self->taken, g_date_time_unref);
          self->taken = g_date_time_new_from_iso8601 (value, NULL);
        }
      else if (g_str_has_prefix (lines[i], "File-Etag: "))
        {
          g_free (self->file_etag);
          self->file_etag = g_strdup (value);
        }
      else if (g_str_has_prefix (lines[i], "File-Modified: "))
        {
          g_clear_pointer (&self->file_modified, g_date_time_unref);
          self->file_modified = g_date_time_new_from_iso8601 (value, NULL);
        }
    }

  /* A draft whose date was lost still sorts, as the oldest. */
  if (self->taken == NULL)
    self->taken = g_date_time_new_from_unix_utc (0);

  return g_steal_pointer (&self);
}

gboolean
postings_draft_write (PostingsDraft  *self,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir_path = NULL;
  const char *path;
  gsize len;
  const char *data;

  g_return_val_if_fail (POSTINGS_IS_DRAFT (self), FALSE);

  path = g_file_peek_path (self->location);
  dir = g_file_get_parent (self->location);
  dir_path = dir != NULL ? g_file_get_path (dir) : NULL;
  if (path == NULL || dir_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Drafts are kept in a local folder, not in “%s”"),
                   g_file_peek_path (self->location));
      return FALSE;
    }

  if (g_mkdir_with_parents (dir_path, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the drafts folder “%s”: %s"), dir_path, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  bytes = serialize (self);
  data = g_bytes_get_data (bytes, &len);
  /* A temporary file beside the draft, fsynced, renamed over it. */
  return g_file_set_contents_full (path, data, len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

gboolean
postings_drafts_delete_location (GFile   *location,
                                 GError **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (location), FALSE);

  if (g_file_delete (location, NULL, &local_error)
      || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;

  g_set_error (error, local_error->domain, local_error->code,
               _("Could not remove the draft “%s”: %s"), g_file_peek_path (location), local_error->message);
  return FALSE;
}

gboolean
postings_draft_delete (PostingsDraft  *self,
                       GError        **error)
{
  g_return_val_if_fail (POSTINGS_IS_DRAFT (self), FALSE);
  return postings_drafts_delete_location (self->location, error);
}

PostingsDraftFileState
postings_draft_check_file (PostingsDraft  *self,
                           GDateTime     **modified_now)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const char *etag;

  g_return_val_if_fail (POSTINGS_IS_DRAFT (self), POSTINGS_DRAFT_FILE_UNCHANGED);

  if (modified_now != NULL)
    *modified_now = NULL;
  if (self->file == NULL)
    return POSTINGS_DRAFT_FILE_UNCHANGED;

  info = g_file_query_info (self->file, G_FILE_ATTRIBUTE_ETAG_VALUE "," G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (info == NULL)
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
         ? POSTINGS_DRAFT_FILE_DELETED : POSTINGS_DRAFT_FILE_CHANGED;

  if (modified_now != NULL)
    *modified_now = g_file_info_get_modification_date_time (info);

  etag = g_file_info_get_etag (info);
  if (self->file_etag != NULL && g_strcmp0 (etag, self->file_etag) == 0)
    return POSTINGS_DRAFT_FILE_UNCHANGED;
  return POSTINGS_DRAFT_FILE_CHANGED;
}

/* Accessors ------------------------------------------------------------------ */

GFile *
postings_draft_get_location (PostingsDraft *self)
{
  g_return_val_if_fail (POSTINGS_IS_DRAFT (self), NULL);
  return self->location;
}

GFile *
postings_draft_get_file (PostingsDraft *self)
{
  g_return_val_if_fail (POSTINGS_IS_DRAFT (self), NULL);
  return self->file;
}

GBytes *
postings_draft_get_text (PostingsDraft *self)
{
  g_return_val_if_fail (POSTINGS_IS_DRAFT (self), NULL);
  return self->text;
}

GDateTime *
postings_draft_get_taken (PostingsDraft *self)
{
  g_return_val_if_fail (POSTINGS_IS_DRAFT (self), NULL);
  return self->taken;
}

const char *
postings_draft_get_file_etag (PostingsDraft *self)
{
  g_return_val_if_fail (POSTINGS_IS_DRAFT (self), NULL);
  return self->file_etag;
}

GDateTime *
postings_draft_get_file_modified (PostingsDraft *self)
{
  g_return_val_if_fail (POSTINGS_IS_DRAFT (self), NULL);
  return self->file_modified;
}

/* GObject -------------------------------------------------------------------- */

static void
postings_draft_finalize (GObject *object)
{
  PostingsDraft *self = POSTINGS_DRAFT (object);

  g_clear_object (&self->location);
  g_clear_object (&self->file);
  g_clear_pointer (&self->text, g_bytes_unref);
  g_clear_pointer (&self->taken, g_date_time_unref);
  g_clear_pointer (&self->file_etag, g_free);
  g_clear_pointer (&self->file_modified, g_date_time_unref);

  G_OBJECT_CLASS (postings_draft_parent_class)->finalize (object);
}

static void
postings_draft_class_init (PostingsDraftClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = postings_draft_finalize;
}

static void
postings_draft_init (PostingsDraft *self)
{
}
