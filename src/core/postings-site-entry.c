/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <string.h>

#include "postings-date.h"
#include "postings-document.h"
#include "postings-site.h"
#include "postings-site-private.h"
#include "postings-walk.h"

G_DEFINE_ENUM_TYPE (PostingsPostingState, postings_posting_state,
                    G_DEFINE_ENUM_VALUE (POSTINGS_POSTING_OPEN, "open"),
                    G_DEFINE_ENUM_VALUE (POSTINGS_POSTING_CLOSED, "closed"),
                    G_DEFINE_ENUM_VALUE (POSTINGS_POSTING_EXPIRED, "expired"),
                    G_DEFINE_ENUM_VALUE (POSTINGS_POSTING_UNREADABLE, "unreadable"),
                    G_DEFINE_ENUM_VALUE (POSTINGS_POSTING_DRAFT_ONLY, "draft"),
                    G_DEFINE_ENUM_VALUE (POSTINGS_POSTING_DELETED, "deleted"))

G_DEFINE_ENUM_TYPE (PostingsGitChange, postings_git_change,
                    G_DEFINE_ENUM_VALUE (POSTINGS_GIT_UNCHANGED, "unchanged"),
                    G_DEFINE_ENUM_VALUE (POSTINGS_GIT_NEW, "new"),
                    G_DEFINE_ENUM_VALUE (POSTINGS_GIT_MODIFIED, "modified"),
                    G_DEFINE_ENUM_VALUE (POSTINGS_GIT_DELETED, "deleted"))

const char *
postings_posting_state_to_string (PostingsPostingState state)
{
  switch (state)
    {
    case POSTINGS_POSTING_OPEN: return "open";
    case POSTINGS_POSTING_CLOSED: return "closed";
    case POSTINGS_POSTING_EXPIRED: return "expired";
    case POSTINGS_POSTING_UNREADABLE: return "unreadable";
    case POSTINGS_POSTING_DRAFT_ONLY: return "draft";
    case POSTINGS_POSTING_DELETED: return "deleted";
    default: return "unreadable";
    }
}

struct _PostingsSiteEntry
{
  GObject parent_instance;

  GFile *file;
  char *path;
  char *relative_path;
  char *basename;

  /* What the index read (copied by _postings_site_entry_update ()) */
  char *title;
  char *startup;
  GDateTime *date;
  GDateTime *closing_date;
  gboolean open;
  PostingsPostingState state;
  char *reason;
  guint n_errors;
  guint n_warnings;
  char *search_key;

  gboolean modified;
  PostingsGitChange git_change;
  guint seen;
};

G_DEFINE_FINAL_TYPE (PostingsSiteEntry, postings_site_entry, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FILE,
  PROP_BASENAME,
  PROP_RELATIVE_PATH,
  PROP_TITLE,
  PROP_STARTUP,
  PROP_DATE,
  PROP_CLOSING_DATE,
  PROP_OPEN,
  PROP_STATE,
  PROP_REASON,
  PROP_N_ERRORS,
  PROP_N_WARNINGS,
  PROP_SEARCH_KEY,
  PROP_MODIFIED,
  PROP_GIT_CHANGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
postings_site_entry_finalize (GObject *object)
{
  PostingsSiteEntry *self = POSTINGS_SITE_ENTRY (object);

  g_clear_object (&self->file);
  g_free (self->path);
  g_free (self->relative_path);
  g_free (self->basename);
  g_free (self->title);
  g_free (self->startup);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->closing_date, g_date_time_unref);
  g_free (self->reason);
  g_free (self->search_key);

  G_OBJECT_CLASS (postings_site_entry_parent_class)->finalize (object);
}

static void
postings_site_entry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PostingsSiteEntry *self = POSTINGS_SITE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_FILE: g_value_set_object (value, self->file); break;
    case PROP_BASENAME: g_value_set_string (value, self->basename); break;
    case PROP_RELATIVE_PATH: g_value_set_string (value, self->relative_path); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_STARTUP: g_value_set_string (value, self->startup); break;
    case PROP_DATE: g_value_set_boxed (value, self->date); break;
    case PROP_CLOSING_DATE: g_value_set_boxed (value, self->closing_date); break;
    case PROP_OPEN: g_value_set_boolean (value, self->open); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_REASON: g_value_set_string (value, self->reason); break;
    case PROP_N_ERRORS: g_value_set_uint (value, self->n_errors); break;
    case PROP_N_WARNINGS: g_value_set_uint (value, self->n_warnings); break;
    case PROP_SEARCH_KEY: g_value_set_string (value, self->search_key); break;
    case PROP_MODIFIED: g_value_set_boolean (value, self->modified); break;
    case PROP_GIT_CHANGE: g_value_set_enum (value, self->git_change); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_site_entry_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PostingsSiteEntry *self = POSTINGS_SITE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_MODIFIED: postings_site_entry_set_modified (self, g_value_get_boolean (value)); break;
    case PROP_GIT_CHANGE: postings_site_entry_set_git_change (self, g_value_get_enum (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_site_entry_class_init (PostingsSiteEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = postings_site_entry_finalize;
  object_class->get_property = postings_site_entry_get_property;
  object_class->set_property = postings_site_entry_set_property;

  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_BASENAME] = g_param_spec_string ("basename", NULL, NULL, NULL, ro);
  properties[PROP_RELATIVE_PATH] = g_param_spec_string ("relative-path", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_STARTUP] = g_param_spec_string ("startup", NULL, NULL, NULL, ro);
  properties[PROP_DATE] = g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_CLOSING_DATE] = g_param_spec_boxed ("closing-date", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_OPEN] = g_param_spec_boolean ("open", NULL, NULL, FALSE, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, POSTINGS_TYPE_POSTING_STATE,
                                              POSTINGS_POSTING_CLOSED, ro);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, ro);
  properties[PROP_N_ERRORS] = g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_WARNINGS] = g_param_spec_uint ("n-warnings", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_SEARCH_KEY] = g_param_spec_string ("search-key", NULL, NULL, NULL, ro);
  properties[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE, rw);
  properties[PROP_GIT_CHANGE] = g_param_spec_enum ("git-change", NULL, NULL, POSTINGS_TYPE_GIT_CHANGE,
                                                   POSTINGS_GIT_UNCHANGED, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
postings_site_entry_init (PostingsSiteEntry *self)
{
  self->state = POSTINGS_POSTING_CLOSED;
}

/* ------------------------------------------------------------------ */
/* Search                                                              */

char *
postings_site_fold_for_search (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  folded = g_utf8_casefold (valid, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_steal_pointer (&folded);

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else if (g_unichar_ismark (c))
        ;  /* é = e + ◌́: the accent goes */
      else if (c == 0x0153)  /* œ */
        g_string_append (out, "oe");
      else if (c == 0x00E6)  /* æ */
        g_string_append (out, "ae");
      else if (c == 0x2019 || c == 0x2018 || c == 0x02BC)  /* ’ ‘ ʼ */
        g_string_append_c (out, '\'');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
make_search_key (const char *title,
                 const char *basename,
                 const char *startup)
{
  g_autofree char *joined = g_strjoin ("\n", title ? title : "", basename ? basename : "",
                                       startup ? startup : "", NULL);

  return postings_site_fold_for_search (joined);
}

static gboolean
contains (const char *haystack,
          const char *word,
          gsize       len)
{
  for (const char *p = strchr (haystack, word[0]); p != NULL; p = strchr (p + 1, word[0]))
    if (strncmp (p, word, len) == 0)
      return TRUE;
  return FALSE;
}

gboolean
postings_site_entry_matches (PostingsSiteEntry *self,
                             const char        *folded_query)
{
  const char *p;

  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), FALSE);

  if (folded_query == NULL)
    return TRUE;

  /* Every word of the query, anywhere in the key. */
  p = folded_query;
  for (;;)
    {
      const char *end;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        return TRUE;
      end = p;
      while (*end != '\0' && *end != ' ' && *end != '\t')
        end++;
      if (!contains (self->search_key, p, (gsize) (end - p)))
        return FALSE;
      p = end;
    }
}

/* ------------------------------------------------------------------ */
/* Indexing                                                            */

static PostingsSiteEntry *
entry_new (GFile      *file,
           const char *path,
           const char *relative_path)
{
  PostingsSiteEntry *self = g_object_new (POSTINGS_TYPE_SITE_ENTRY, NULL);
  g_autofree char *basename = g_path_get_basename (path);

  self->file = file != NULL ? g_object_ref (file) : g_file_new_for_path (path);
  self->path = g_strdup (path);
  self->relative_path = g_strdup (relative_path);
  self->basename = g_utf8_make_valid (basename, -1);
  return self;
}

static GDateTime *
date_time_for_day (const GDate *day)
{
  return g_date_time_new_utc (g_date_get_year (day), g_date_get_month (day), g_date_get_day (day), 0, 0, 0);
}

static char *
dup_text (PostingsDocument *doc,
          const char       *key)
{
  const char *value = postings_document_get_string (doc, key);
  g_autofree char *valid = NULL;

  if (value == NULL)
    return NULL;
  valid = g_utf8_make_valid (value, -1);
  g_strstrip (valid);
  if (valid[0] == '\0')
    return NULL;
  return g_steal_pointer (&valid);
}

PostingsSiteEntry *
_postings_site_entry_new_indexed (const char             *path,
                                  const char             *relative_path,
                                  PostingsSchema         *schema,
                                  GFile                  *root,
                                  PostingsValidatorCache *cache)
{
  PostingsSiteEntry *self = entry_new (NULL, path, relative_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PostingsDocument) doc = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  GDate day, today;

  if (!postings_walk_read_file (path, path, &contents, &len, &error))
    {
      self->state = POSTINGS_POSTING_UNREADABLE;
      self->reason = g_strdup (error->message);
      self->n_errors = 1;
      self->title = g_strdup (self->basename);
      self->search_key = make_search_key (self->title, self->basename, NULL);
      return self;
    }

  doc = postings_document_new_from_data (contents, (gssize) len);
  diagnostics = postings_validate_cached (doc, schema, root, self->basename, cache);
  self->n_errors = postings_validator_count (diagnostics, POSTINGS_SEVERITY_ERROR);
  self->n_warnings = postings_validator_count (diagnostics, POSTINGS_SEVERITY_WARNING);

  if (postings_document_get_state (doc) != POSTINGS_DOCUMENT_OK)
    {
      const PostingsProblem *problem = postings_document_get_problem (doc);

      self->state = POSTINGS_POSTING_UNREADABLE;
      if (problem != NULL && problem->message != NULL)
        self->reason = g_strdup_printf (_("The header of “%s” cannot be read: %s"), path, problem->message);
      else
        self->reason = g_strdup_printf (_("The header of “%s” cannot be read."), path);
    }
  else
    {
      gboolean open = FALSE;

      self->open = postings_document_get_boolean (doc, "open", &open) && open;
      self->title = dup_text (doc, "roles");
      self->startup = dup_text (doc, "startup");
      if (postings_posting_get_closing_date (doc, &day, NULL))
        self->closing_date = date_time_for_day (&day);

      postings_date_get_today (&today);
      if (!self->open)
        self->state = POSTINGS_POSTING_CLOSED;
      else if (self->closing_date != NULL && g_date_compare (&day, &today) < 0)
        self->state = POSTINGS_POSTING_EXPIRED;
      else
        self->state = POSTINGS_POSTING_OPEN;
    }

  if (postings_posting_get_date (doc, self->basename, &day))
    self->date = date_time_for_day (&day);
  if (self->title == NULL)
    self->title = g_strdup (self->basename);
  self->search_key = make_search_key (self->title, self->basename, self->startup);
  return self;
}

PostingsSiteEntry *
_postings_site_entry_new_skipped (const char *path,
                                  const char *relative_path,
                                  const char *reason)
{
  PostingsSiteEntry *self = entry_new (NULL, path, relative_path);

  self->state = POSTINGS_POSTING_UNREADABLE;
  self->reason = g_strdup (reason);
  self->n_warnings = 1;
  self->title = g_strdup (self->basename);
  self->search_key = make_search_key (self->title, self->basename, NULL);
  return self;
}

PostingsSiteEntry *
_postings_site_entry_new_draft (GFile      *file,
                                const char *relative_path,
                                const char *title)
{
  g_autofree char *path = g_file_get_path (file);
  PostingsSiteEntry *self = entry_new (file, path ? path : relative_path, relative_path);

  self->state = POSTINGS_POSTING_DRAFT_ONLY;
  self->title = g_strdup (title != NULL && title[0] != '\0' ? title : self->basename);
  self->modified = TRUE;
  self->search_key = make_search_key (self->title, self->basename, NULL);
  return self;
}

PostingsSiteEntry *
_postings_site_entry_new_deleted (GFile      *file,
                                  const char *relative_path,
                                  const char *title,
                                  GDateTime  *date)
{
  g_autofree char *path = g_file_get_path (file);
  PostingsSiteEntry *self = entry_new (file, path ? path : relative_path, relative_path);

  self->state = POSTINGS_POSTING_DELETED;
  self->title = g_strdup (title != NULL && title[0] != '\0' ? title : self->basename);
  self->date = date != NULL ? g_date_time_ref (date) : NULL;
  self->git_change = POSTINGS_GIT_DELETED;
  self->search_key = make_search_key (self->title, self->basename, NULL);
  return self;
}

static gboolean
date_time_equal0 (GDateTime *a, GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

static void
take_string (PostingsSiteEntry  *self,
             char              **field,
             const char         *value,
             guint               prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
take_date (PostingsSiteEntry  *self,
           GDateTime         **field,
           GDateTime          *value,
           guint               prop)
{
  if (date_time_equal0 (*field, value))
    return;
  g_clear_pointer (field, g_date_time_unref);
  *field = value ? g_date_time_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
take_uint (PostingsSiteEntry *self,
           guint             *field,
           guint              value,
           guint              prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_postings_site_entry_update (PostingsSiteEntry *self,
                             PostingsSiteEntry *from)
{
  g_return_if_fail (POSTINGS_IS_SITE_ENTRY (self));
  g_return_if_fail (POSTINGS_IS_SITE_ENTRY (from));

  g_object_freeze_notify (G_OBJECT (self));
  take_string (self, &self->title, from->title, PROP_TITLE);
  take_string (self, &self->startup, from->startup, PROP_STARTUP);
  take_date (self, &self->date, from->date, PROP_DATE);
  take_date (self, &self->closing_date, from->closing_date, PROP_CLOSING_DATE);
  if (self->open != from->open)
    {
      self->open = from->open;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
    }
  if (self->state != from->state)
    {
      self->state = from->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  take_string (self, &self->reason, from->reason, PROP_REASON);
  take_uint (self, &self->n_errors, from->n_errors, PROP_N_ERRORS);
  take_uint (self, &self->n_warnings, from->n_warnings, PROP_N_WARNINGS);
  take_string (self, &self->search_key, from->search_key, PROP_SEARCH_KEY);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
_postings_site_entry_get_path (PostingsSiteEntry *self)
{
  return self->path;
}

guint
_postings_site_entry_get_seen (PostingsSiteEntry *self)
{
  return self->seen;
}

void
_postings_site_entry_set_seen (PostingsSiteEntry *self,
                               guint              generation)
{
  self->seen = generation;
}

/* ------------------------------------------------------------------ */
/* Getters                                                             */

GFile *
postings_site_entry_get_file (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), NULL);
  return self->file;
}

const char *
postings_site_entry_get_basename (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), NULL);
  return self->basename;
}

const char *
postings_site_entry_get_relative_path (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), NULL);
  return self->relative_path;
}

const char *
postings_site_entry_get_title (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), NULL);
  return self->title;
}

const char *
postings_site_entry_get_startup (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), NULL);
  return self->startup;
}

GDateTime *
postings_site_entry_get_date (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), NULL);
  return self->date;
}

GDateTime *
postings_site_entry_get_closing_date (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), NULL);
  return self->closing_date;
}

gboolean
postings_site_entry_get_open (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), FALSE);
  return self->open;
}

PostingsPostingState
postings_site_entry_get_state (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), POSTINGS_POSTING_UNREADABLE);
  return self->state;
}

const char *
postings_site_entry_get_reason (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), NULL);
  return self->reason;
}

guint
postings_site_entry_get_n_errors (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), 0);
  return self->n_errors;
}

guint
postings_site_entry_get_n_warnings (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), 0);
  return self->n_warnings;
}

gboolean
postings_site_entry_has_problems (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), FALSE);
  return self->n_errors > 0 || self->n_warnings > 0 || self->state == POSTINGS_POSTING_UNREADABLE;
}

const char *
postings_site_entry_get_search_key (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), NULL);
  return self->search_key;
}

gboolean
postings_site_entry_get_modified (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), FALSE);
  return self->modified;
}

void
postings_site_entry_set_modified (PostingsSiteEntry *self,
                                  gboolean           modified)
{
  g_return_if_fail (POSTINGS_IS_SITE_ENTRY (self));

  modified = !!modified;
  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

PostingsGitChange
postings_site_entry_get_git_change (PostingsSiteEntry *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE_ENTRY (self), POSTINGS_GIT_UNCHANGED);
  return self->git_change;
}

void
postings_site_entry_set_git_change (PostingsSiteEntry *self,
                                    PostingsGitChange  change)
{
  g_return_if_fail (POSTINGS_IS_SITE_ENTRY (self));

  if (self->git_change == change)
    return;
  self->git_change = change;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GIT_CHANGE]);
}
