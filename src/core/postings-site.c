/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <errno.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "postings-error.h"
#include "postings-repository.h"
#include "postings-site.h"
#include "postings-site-private.h"
#include "postings-walk.h"

/* How the index reaches the model: the worker sends entries in batches,
 * the first as soon as FIRST_BATCH are read (the first rows show at once),
 * then every BATCH entries or BATCH_INTERVAL, whichever comes first, so
 * that the main loop gets few, short updates. */
#define FIRST_BATCH     50
#define BATCH           1000
#define BATCH_INTERVAL  (100 * G_TIME_SPAN_MILLISECOND)

/* Monitor events for a file are gathered for this long, then the file is
 * read once. */
#define COALESCE_MS     200

struct _PostingsSite
{
  GObject parent_instance;

  GFile *root;           /* folder holding content/ or _config.yml, or NULL */
  GFile *jobs_dir;
  char *jobs_path;
  GFile *startups_dir;   /* or NULL */
  GFile *validate_root;  /* what the validator's reference rules read from */
  PostingsSchema *schema;
  GError *schema_error;
  char *title;

  GListStore *entries;
  GHashTable *by_path;   /* path → PostingsSiteEntry (a ref) */

  /* Indexing */
  guint generation;
  gboolean loading;
  GCancellable *load_cancellable;
  GMainContext *context;
  GMutex lock;
  GPtrArray *incoming;   /* Batch *, under lock */
  GSource *drain_source; /* under lock */

  /* Monitoring */
  GFileMonitor *monitor;
  GHashTable *pending;   /* path → GFile, waiting for COALESCE_MS */
  guint coalesce_id;
  gboolean refreshing;
};

G_DEFINE_FINAL_TYPE (PostingsSite, postings_site, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum
{
  SIGNAL_FILE_CHANGED,
  SIGNAL_FILE_DELETED,
  SIGNAL_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  guint generation;
  GPtrArray *entries;  /* PostingsSiteEntry, in the model's order */
} Batch;

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_ptr_array_unref (batch->entries);
  g_free (batch);
}

static void
postings_site_dispose (GObject *object)
{
  PostingsSite *self = POSTINGS_SITE (object);

  g_cancellable_cancel (self->load_cancellable);
  if (self->monitor != NULL)
    {
      g_file_monitor_cancel (self->monitor);
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_clear_object (&self->monitor);
    }
  if (self->coalesce_id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, self->coalesce_id);

      if (source != NULL)
        g_source_destroy (source);
      self->coalesce_id = 0;
    }

  G_OBJECT_CLASS (postings_site_parent_class)->dispose (object);
}

static void
postings_site_finalize (GObject *object)
{
  PostingsSite *self = POSTINGS_SITE (object);

  g_clear_object (&self->root);
  g_clear_object (&self->jobs_dir);
  g_free (self->jobs_path);
  g_clear_object (&self->startups_dir);
  g_clear_object (&self->validate_root);
  g_clear_object (&self->schema);
  g_clear_error (&self->schema_error);
  g_free (self->title);
  g_clear_object (&self->entries);
  g_clear_pointer (&self->by_path, g_hash_table_unref);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->incoming, g_ptr_array_unref);
  if (self->drain_source != NULL)
    {
      g_source_destroy (self->drain_source);
      g_source_unref (self->drain_source);
    }
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (postings_site_parent_class)->finalize (object);
}

static void
postings_site_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PostingsSite *self = POSTINGS_SITE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_site_class_init (PostingsSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = postings_site_dispose;
  object_class->finalize = postings_site_finalize;
  object_class->get_property = postings_site_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                   G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FILE_CHANGED] = g_signal_new ("file-changed", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, G_TYPE_FILE);
  signals[SIGNAL_FILE_DELETED] = g_signal_new ("file-deleted", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, G_TYPE_FILE);
  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
}

static void
postings_site_init (PostingsSite *self)
{
  self->entries = g_list_store_new (POSTINGS_TYPE_SITE_ENTRY);
  self->by_path = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->incoming = g_ptr_array_new_with_free_func (batch_free);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_mutex_init (&self->lock);
}

/* ------------------------------------------------------------------ */
/* Creating                                                            */

static gboolean
is_directory (GFile *file)
{
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;
}

PostingsSite *
postings_site_new (GFile   *folder,
                   GError **error)
{
  g_autoptr(PostingsSite) self = NULL;
  g_autoptr(GFile) jobs = NULL;
  g_autoptr(GFile) startups = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_directory (folder))
    {
      g_autofree char *name = g_file_get_parse_name (folder);
      GFileType type = g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL);

      if (type == G_FILE_TYPE_UNKNOWN)
        g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND,
                     _("Could not open the folder “%s”: it does not exist."), name);
      else
        g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND,
                     _("Could not open “%s” as a site: it is not a folder."), name);
      return NULL;
    }

  self = g_object_new (POSTINGS_TYPE_SITE, NULL);
  self->root = postings_repository_find_root (folder);
  self->schema = postings_schema_load_for_file (folder, &self->validate_root, &self->schema_error);
  if (self->schema == NULL)
    {
      self->schema = g_object_ref (postings_schema_get_default ());
      self->validate_root = self->root != NULL ? g_object_ref (self->root) : NULL;
    }

  if (self->root != NULL)
    {
      jobs = g_file_resolve_relative_path (self->root, postings_schema_get_folder (self->schema));
      startups = postings_repository_get_startups_dir (self->root);
      if (is_directory (startups))
        self->startups_dir = g_steal_pointer (&startups);
    }
  if (jobs != NULL && is_directory (jobs))
    self->jobs_dir = g_steal_pointer (&jobs);
  else
    self->jobs_dir = g_object_ref (folder);

  self->jobs_path = g_file_get_path (self->jobs_dir);
  if (self->jobs_path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (folder);

      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND,
                   _("Could not open “%s” as a site: it is not a local folder."), name);
      return NULL;
    }
  {
    g_autofree char *name = g_file_get_basename (self->root != NULL ? self->root : folder);
    self->title = g_utf8_make_valid (name, -1);
  }

  return g_steal_pointer (&self);
}

PostingsSite *
postings_site_new_for_posting (GFile *file)
{
  g_autoptr(GFile) root = NULL;
  g_autoptr(GFile) folder = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  root = postings_repository_find_root (file);
  if (root == NULL)
    return NULL;
  folder = g_file_get_parent (file);
  return postings_site_new (folder != NULL ? folder : root, NULL);
}

/* ------------------------------------------------------------------ */
/* Getters                                                             */

GFile *
postings_site_get_root (PostingsSite *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE (self), NULL);
  return self->root;
}

GFile *
postings_site_get_jobs_dir (PostingsSite *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE (self), NULL);
  return self->jobs_dir;
}

GFile *
postings_site_get_startups_dir (PostingsSite *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE (self), NULL);
  return self->startups_dir;
}

PostingsSchema *
postings_site_get_schema (PostingsSite *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE (self), NULL);
  return self->schema;
}

const GError *
postings_site_get_schema_error (PostingsSite *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE (self), NULL);
  return self->schema_error;
}

const char *
postings_site_get_title (PostingsSite *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE (self), NULL);
  return self->title;
}

GListModel *
postings_site_get_entries (PostingsSite *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE (self), NULL);
  return G_LIST_MODEL (self->entries);
}

PostingsSiteEntry *
postings_site_lookup (PostingsSite *self,
                      GFile        *file)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (POSTINGS_IS_SITE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  return path != NULL ? g_hash_table_lookup (self->by_path, path) : NULL;
}

gboolean
postings_site_is_loading (PostingsSite *self)
{
  g_return_val_if_fail (POSTINGS_IS_SITE (self), FALSE);
  return self->loading;
}

/* ------------------------------------------------------------------ */
/* The model                                                           */

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (postings_site_entry_get_relative_path ((PostingsSiteEntry *) a),
                 postings_site_entry_get_relative_path ((PostingsSiteEntry *) b));
}

static void
insert_entry (PostingsSite      *self,
              PostingsSiteEntry *entry)
{
  g_hash_table_insert (self->by_path, (gpointer) _postings_site_entry_get_path (entry), g_object_ref (entry));
  g_list_store_insert_sorted (self->entries, entry, compare_entries, NULL);
}

static gboolean
find_position (PostingsSite      *self,
               PostingsSiteEntry *entry,
               guint             *position)
{
  /* The store is sorted: a binary search by relative path. */
  guint lo = 0, hi = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(PostingsSiteEntry) item = g_list_model_get_item (G_LIST_MODEL (self->entries), mid);
      int c = compare_entries (item, entry, NULL);

      if (c == 0)
        {
          if (item != entry)
            break;
          *position = mid;
          return TRUE;
        }
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return g_list_store_find (self->entries, entry, position);
}

static void
remove_entry (PostingsSite      *self,
              PostingsSiteEntry *entry)
{
  guint position;

  if (find_position (self, entry, &position))
    g_list_store_remove (self->entries, position);
  g_hash_table_remove (self->by_path, _postings_site_entry_get_path (entry));
}

/* Puts what an index read into the model: an entry already there is
 * updated in place (the UI keeps its row), a new one is inserted at its
 * place; a run of new entries that sort after the last one (the first
 * index) is appended at once, with one "items-changed". */
static void
apply_entries (PostingsSite *self,
               GPtrArray    *fresh,
               guint         generation)
{
  GListModel *model = G_LIST_MODEL (self->entries);
  g_autoptr(GPtrArray) run = g_ptr_array_new ();

  for (guint i = 0; i < fresh->len; i++)
    {
      PostingsSiteEntry *entry = g_ptr_array_index (fresh, i);
      PostingsSiteEntry *existing = g_hash_table_lookup (self->by_path, _postings_site_entry_get_path (entry));
      g_autoptr(PostingsSiteEntry) last = NULL;
      guint n;

      if (existing != NULL)
        {
          _postings_site_entry_update (existing, entry);
          _postings_site_entry_set_seen (existing, generation);
          continue;
        }

      _postings_site_entry_set_seen (entry, generation);
      n = g_list_model_get_n_items (model);
      if (run->len > 0)
        last = g_object_ref (g_ptr_array_index (run, run->len - 1));
      else if (n > 0)
        last = g_list_model_get_item (model, n - 1);

      if (last == NULL || compare_entries (last, entry, NULL) < 0)
        {
          g_hash_table_insert (self->by_path, (gpointer) _postings_site_entry_get_path (entry),
                               g_object_ref (entry));
          g_ptr_array_add (run, entry);
          continue;
        }

      g_list_store_splice (self->entries, n, 0, run->pdata, run->len);
      g_ptr_array_set_size (run, 0);
      insert_entry (self, entry);
    }

  g_list_store_splice (self->entries, g_list_model_get_n_items (model), 0, run->pdata, run->len);
}

/* Drafts not saved yet and postings deleted but still committed have no
 * file: no index removes them. */
static gboolean
is_on_disk (PostingsSiteEntry *entry)
{
  PostingsPostingState state = postings_site_entry_get_state (entry);

  return state != POSTINGS_POSTING_DRAFT_ONLY && state != POSTINGS_POSTING_DELETED;
}

/* After a full index: what it did not see is gone. */
static void
sweep_entries (PostingsSite *self,
               guint         generation)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(PostingsSiteEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i - 1);

      if (_postings_site_entry_get_seen (entry) == generation || !is_on_disk (entry))
        continue;
      g_list_store_remove (self->entries, i - 1);
      g_hash_table_remove (self->by_path, _postings_site_entry_get_path (entry));
      g_ptr_array_add (gone, g_steal_pointer (&entry));
    }

  for (guint i = gone->len; i > 0; i--)
    g_signal_emit (self, signals[SIGNAL_FILE_DELETED], 0,
                   postings_site_entry_get_file (g_ptr_array_index (gone, i - 1)));
}

/* ------------------------------------------------------------------ */
/* Indexing                                                            */

/* One thing the walk found, to index. */
typedef struct
{
  PostingsWalkKind kind;
  char *path;
  char *relative_path;
  char *reason;
} Found;

static void
found_clear (gpointer data)
{
  Found *f = data;

  g_free (f->path);
  g_free (f->relative_path);
  g_free (f->reason);
}

/* A full index. The walk lists the postings first (names only: a few
 * milliseconds for 10,000), then workers (one per processor) read and
 * validate them, each taking the next file; the thread that runs the job
 * sends the entries done so far, in order, in batches. */
typedef struct
{
  PostingsSite *site;       /* a ref */
  guint generation;
  gboolean in_thread;       /* batches go through site->incoming */
  char *jobs_path;
  PostingsSchema *schema;
  GFile *validate_root;
  GCancellable *cancellable;  /* the caller's, besides the site's own */
  GCancellable *internal;

  GArray *found;              /* Found */
  PostingsSiteEntry **done;   /* one per found, set (atomically) by the workers */
  gint next;                  /* the next found to take (atomic) */
  guint n_taken;              /* done[0 .. n_taken) are in batches already */

  GPtrArray *batch;
  guint n_sent;
  gint64 last_sent;
} IndexJob;

static void
index_job_free (gpointer data)
{
  IndexJob *job = data;

  g_object_unref (job->site);
  g_free (job->jobs_path);
  g_object_unref (job->schema);
  g_clear_object (&job->validate_root);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->internal);
  if (job->done != NULL)
    for (guint i = job->n_taken; i < job->found->len; i++)
      g_clear_object (&job->done[i]);
  g_free (job->done);
  g_clear_pointer (&job->found, g_array_unref);
  g_clear_pointer (&job->batch, g_ptr_array_unref);
  g_free (job);
}

static IndexJob *
index_job_new (PostingsSite *self,
               gboolean      in_thread,
               GCancellable *internal,
               GCancellable *cancellable)
{
  IndexJob *job = g_new0 (IndexJob, 1);

  job->site = g_object_ref (self);
  job->generation = self->generation;
  job->in_thread = in_thread;
  job->jobs_path = g_strdup (self->jobs_path);
  job->schema = g_object_ref (self->schema);
  job->validate_root = self->validate_root ? g_object_ref (self->validate_root) : NULL;
  job->internal = g_object_ref (internal);
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  job->found = g_array_new (FALSE, TRUE, sizeof (Found));
  g_array_set_clear_func (job->found, found_clear);
  job->batch = g_ptr_array_new_with_free_func (g_object_unref);
  return job;
}

static gboolean
index_job_cancelled (IndexJob *job)
{
  return g_cancellable_is_cancelled (job->internal) || g_cancellable_is_cancelled (job->cancellable);
}

/* Main thread: the batches the worker sent. */
static void
drain_incoming (PostingsSite *self)
{
  g_autoptr(GPtrArray) batches = NULL;

  g_mutex_lock (&self->lock);
  batches = g_steal_pointer (&self->incoming);
  self->incoming = g_ptr_array_new_with_free_func (batch_free);
  if (self->drain_source != NULL)
    {
      g_source_destroy (self->drain_source);
      g_clear_pointer (&self->drain_source, g_source_unref);
    }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < batches->len; i++)
    {
      Batch *batch = g_ptr_array_index (batches, i);

      if (batch->generation == self->generation)
        apply_entries (self, batch->entries, batch->generation);
    }
}

static gboolean
drain_cb (gpointer user_data)
{
  g_autoptr(PostingsSite) self = g_object_ref (POSTINGS_SITE (user_data));

  drain_incoming (self);
  return G_SOURCE_REMOVE;
}

static void
send_batch (IndexJob *job,
            gboolean  last)
{
  guint n = job->batch->len;
  gint64 now;

  if (n == 0)
    return;
  now = g_get_monotonic_time ();
  if (!last &&
      !(job->n_sent == 0 && n >= FIRST_BATCH) &&
      !(job->n_sent > 0 && (n >= BATCH || now - job->last_sent >= BATCH_INTERVAL)))
    return;

  job->n_sent++;
  job->last_sent = now;

  if (!job->in_thread)
    {
      apply_entries (job->site, job->batch, job->generation);
      g_ptr_array_set_size (job->batch, 0);
      return;
    }

  {
    PostingsSite *self = job->site;
    Batch *batch = g_new0 (Batch, 1);

    batch->generation = job->generation;
    batch->entries = g_steal_pointer (&job->batch);
    job->batch = g_ptr_array_new_with_free_func (g_object_unref);

    g_mutex_lock (&self->lock);
    g_ptr_array_add (self->incoming, batch);
    if (self->drain_source == NULL)
      {
        self->drain_source = g_idle_source_new ();
        g_source_set_priority (self->drain_source, G_PRIORITY_DEFAULT);
        g_source_set_callback (self->drain_source, drain_cb, g_object_ref (self), g_object_unref);
        g_source_set_static_name (self->drain_source, "[postings] site index batch");
        g_source_attach (self->drain_source, self->context);
      }
    g_mutex_unlock (&self->lock);
  }
}

static gboolean
found_cb (const PostingsWalkItem *item,
          gpointer                user_data)
{
  IndexJob *job = user_data;
  Found f = { item->kind, g_strdup (item->path), g_strdup (item->relative_path), g_strdup (item->reason) };

  g_array_append_val (job->found, f);
  return !index_job_cancelled (job);
}

/* Takes the next file and indexes it; FALSE when none is left. Any thread. */
static gboolean
index_next (IndexJob               *job,
            PostingsValidatorCache *cache)
{
  guint i = (guint) g_atomic_int_add (&job->next, 1);
  const Found *f;
  PostingsSiteEntry *entry;

  if (i >= job->found->len || index_job_cancelled (job))
    return FALSE;
  f = &g_array_index (job->found, Found, i);
  if (f->kind == POSTINGS_WALK_POSTING)
    entry = _postings_site_entry_new_indexed (f->path, f->relative_path, job->schema, job->validate_root, cache);
  else
    entry = _postings_site_entry_new_skipped (f->path, f->relative_path, f->reason);
  g_atomic_pointer_set (&job->done[i], entry);
  return TRUE;
}

/* While the window loads a site, the threads that index it yield to its
 * main thread (Linux: the nice value is per thread), so that it keeps
 * drawing while every processor indexes. Returns the previous value. */
#define BACKGROUND_NICE 5

static int
lower_thread_priority (gboolean background)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int old;

  if (!background)
    return 0;
  errno = 0;
  old = getpriority (PRIO_PROCESS, (id_t) tid);
  if (errno == 0 && old < BACKGROUND_NICE)
    setpriority (PRIO_PROCESS, (id_t) tid, BACKGROUND_NICE);
  return errno == 0 ? old : 0;
#else
  return 0;
#endif
}

static void
restore_thread_priority (gboolean background,
                         int      old)
{
#ifdef __linux__
  if (background)
    setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), old);
#endif
}

static gpointer
index_worker (gpointer data)
{
  IndexJob *job = data;
  g_autoptr(PostingsValidatorCache) cache = postings_validator_cache_new ();

  lower_thread_priority (job->in_thread);
  while (index_next (job, cache))
    ;
  return NULL;
}

/* The entries done, from the first not sent yet up to the first not done. */
static void
take_done (IndexJob *job,
           gboolean  last)
{
  while (job->n_taken < job->found->len)
    {
      PostingsSiteEntry *entry = g_atomic_pointer_get (&job->done[job->n_taken]);

      if (entry == NULL)
        break;
      g_ptr_array_add (job->batch, entry);
      job->done[job->n_taken++] = NULL;
    }
  send_batch (job, last);
}

static gboolean
index_run (IndexJob  *job,
           GError   **error)
{
  g_autoptr(GFile) folder = g_file_new_for_path (job->jobs_path);
  g_autoptr(PostingsValidatorCache) cache = postings_validator_cache_new ();
  g_autoptr(GPtrArray) workers = g_ptr_array_new ();
  guint n_workers;
  int old_priority;

  if (!postings_walk_folder (folder, job->jobs_path, job->internal, found_cb, job, error) ||
      g_cancellable_set_error_if_cancelled (job->cancellable, error))
    return FALSE;

  job->done = g_new0 (PostingsSiteEntry *, job->found->len + 1);
  n_workers = CLAMP (g_get_num_processors (), 1, 8);
  n_workers = MIN (n_workers, job->found->len / 64 + 1);
  for (guint i = 1; i < n_workers; i++)
    g_ptr_array_add (workers, g_thread_new ("postings-index", index_worker, job));

  /* This thread indexes too, and sends what is done after each file. */
  old_priority = lower_thread_priority (job->in_thread);
  while (index_next (job, cache))
    take_done (job, FALSE);
  restore_thread_priority (job->in_thread, old_priority);
  for (guint i = 0; i < workers->len; i++)
    {
      g_thread_join (g_ptr_array_index (workers, i));
      take_done (job, FALSE);
    }

  if (g_cancellable_set_error_if_cancelled (job->internal, error) ||
      g_cancellable_set_error_if_cancelled (job->cancellable, error))
    return FALSE;
  take_done (job, TRUE);
  return TRUE;
}

static void
index_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (!index_run (task_data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_loading (PostingsSite *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The end of a full index (main thread), for the load that is current. */
static void
finish_index (PostingsSite *self,
              guint         generation)
{
  if (generation != self->generation)
    return;
  sweep_entries (self, generation);
  set_loading (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static GCancellable *
start_generation (PostingsSite *self)
{
  g_autoptr(GCancellable) internal = g_cancellable_new ();

  g_cancellable_cancel (self->load_cancellable);
  g_set_object (&self->load_cancellable, internal);
  self->generation++;
  set_loading (self, TRUE);

  return g_steal_pointer (&internal);
}

static void monitor_changed_cb (GFileMonitor      *monitor,
                                GFile             *file,
                                GFile             *other_file,
                                GFileMonitorEvent  event,
                                gpointer           user_data);

static void
start_monitor (PostingsSite *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    return;
  self->monitor = g_file_monitor_directory (self->jobs_dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("not watching %s: %s", self->jobs_path, error->message);
      return;
    }
  g_file_monitor_set_rate_limit (self->monitor, COALESCE_MS);
  g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
}

static void
index_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  PostingsSite *self = g_task_get_source_object (outer);
  IndexJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  drain_incoming (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->generation == self->generation)
        set_loading (self, FALSE);
      g_task_return_error (outer, error);
      return;
    }
  finish_index (self, job->generation);
  g_task_return_boolean (outer, TRUE);
}

void
postings_site_load_async (PostingsSite        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GCancellable) internal = NULL;
  GTask *outer;
  GTask *inner;

  g_return_if_fail (POSTINGS_IS_SITE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, postings_site_load_async);

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  internal = start_generation (self);
  start_monitor (self);

  inner = g_task_new (self, internal, index_done_cb, outer);
  g_task_set_source_tag (inner, postings_site_load_async);
  g_task_set_task_data (inner, index_job_new (self, TRUE, internal, cancellable), index_job_free);
  g_task_run_in_thread (inner, index_thread);
  g_object_unref (inner);
}

gboolean
postings_site_load_finish (PostingsSite  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (POSTINGS_IS_SITE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
postings_site_load (PostingsSite  *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GCancellable) internal = NULL;
  IndexJob *job;
  gboolean ok;

  g_return_val_if_fail (POSTINGS_IS_SITE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  internal = start_generation (self);
  job = index_job_new (self, FALSE, internal, cancellable);
  ok = index_run (job, error);
  if (ok)
    finish_index (self, job->generation);
  else if (job->generation == self->generation)
    set_loading (self, FALSE);
  index_job_free (job);
  return ok;
}

/* ------------------------------------------------------------------ */
/* One file                                                            */

/* What the index says of one path now: a new entry, or NULL when the path
 * is no posting (any more). Any thread. */
static PostingsSiteEntry *
index_path (const char             *jobs_path,
            const char             *path,
            PostingsSchema         *schema,
            GFile                  *validate_root,
            PostingsValidatorCache *cache)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *dir_name = g_path_get_basename (dir);
  g_autofree char *reason = NULL;
  const char *relative;
  PostingsWalkKind kind;

  if (!g_str_has_prefix (path, jobs_path) || path[strlen (jobs_path)] != '/')
    return NULL;
  relative = path + strlen (jobs_path) + 1;

  if (!postings_walk_classify_path (path, path, g_str_equal (dir_name, "_jobs"), &kind, &reason))
    return NULL;
  if (kind == POSTINGS_WALK_SKIPPED)
    return _postings_site_entry_new_skipped (path, relative, reason);
  return _postings_site_entry_new_indexed (path, relative, schema, validate_root, cache);
}

/* Applies what index_path() found for @path. */
static void
apply_path (PostingsSite      *self,
            const char        *path,
            GFile             *file,
            PostingsSiteEntry *fresh,
            gboolean           emit)
{
  PostingsSiteEntry *existing = g_hash_table_lookup (self->by_path, path);

  if (fresh == NULL)
    {
      g_autoptr(PostingsSiteEntry) gone = existing ? g_object_ref (existing) : NULL;

      if (gone == NULL || !is_on_disk (gone))
        return;
      remove_entry (self, gone);
      if (emit)
        g_signal_emit (self, signals[SIGNAL_FILE_DELETED], 0, postings_site_entry_get_file (gone));
      return;
    }

  if (existing != NULL)
    {
      _postings_site_entry_update (existing, fresh);
      _postings_site_entry_set_seen (existing, self->generation);
    }
  else
    {
      _postings_site_entry_set_seen (fresh, self->generation);
      insert_entry (self, fresh);
    }
  if (emit)
    g_signal_emit (self, signals[SIGNAL_FILE_CHANGED], 0, file);
}

void
postings_site_refresh_file (PostingsSite *self,
                            GFile        *file)
{
  g_autofree char *path = NULL;
  g_autoptr(PostingsSiteEntry) fresh = NULL;

  g_return_if_fail (POSTINGS_IS_SITE (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    return;
  fresh = index_path (self->jobs_path, path, self->schema, self->validate_root, NULL);
  apply_path (self, path, file, fresh, FALSE);
}

static char *
relative_to_jobs (PostingsSite *self,
                  GFile        *file)
{
  char *relative = g_file_get_relative_path (self->jobs_dir, file);

  return relative != NULL ? relative : g_file_get_basename (file);
}

/* An entry in @state (a draft, a deleted posting) for @file, unless the
 * site has one for it already (returned then). */
static PostingsSiteEntry *
add_without_file (PostingsSite         *self,
                  GFile                *file,
                  const char           *title,
                  GDateTime            *date,
                  PostingsPostingState  state)
{
  g_autofree char *relative = NULL;
  g_autoptr(PostingsSiteEntry) entry = NULL;
  PostingsSiteEntry *existing = postings_site_lookup (self, file);

  if (existing != NULL)
    return existing;
  relative = relative_to_jobs (self, file);
  entry = state == POSTINGS_POSTING_DELETED
    ? _postings_site_entry_new_deleted (file, relative, title, date)
    : _postings_site_entry_new_draft (file, relative, title);
  insert_entry (self, entry);
  return entry;
}

PostingsSiteEntry *
postings_site_add_draft (PostingsSite *self,
                         GFile        *file,
                         const char   *title)
{
  g_return_val_if_fail (POSTINGS_IS_SITE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return add_without_file (self, file, title, NULL, POSTINGS_POSTING_DRAFT_ONLY);
}

/* Removes @entry if it is in @state (a draft, a deleted posting). */
static void
remove_without_file (PostingsSite         *self,
                     PostingsSiteEntry    *entry,
                     PostingsPostingState  state)
{
  if (postings_site_entry_get_state (entry) != state ||
      g_hash_table_lookup (self->by_path, _postings_site_entry_get_path (entry)) != entry)
    return;
  remove_entry (self, entry);
}

void
postings_site_remove_draft (PostingsSite      *self,
                            PostingsSiteEntry *entry)
{
  g_return_if_fail (POSTINGS_IS_SITE (self));
  g_return_if_fail (POSTINGS_IS_SITE_ENTRY (entry));

  remove_without_file (self, entry, POSTINGS_POSTING_DRAFT_ONLY);
}

PostingsSiteEntry *
postings_site_add_deleted (PostingsSite *self,
                           GFile        *file,
                           const char   *title,
                           GDateTime    *date)
{
  g_return_val_if_fail (POSTINGS_IS_SITE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return add_without_file (self, file, title, date, POSTINGS_POSTING_DELETED);
}

void
postings_site_remove_deleted (PostingsSite      *self,
                              PostingsSiteEntry *entry)
{
  g_return_if_fail (POSTINGS_IS_SITE (self));
  g_return_if_fail (POSTINGS_IS_SITE_ENTRY (entry));

  remove_without_file (self, entry, POSTINGS_POSTING_DELETED);
}

/* ------------------------------------------------------------------ */
/* Monitoring                                                          */

typedef struct
{
  char *path;
  GFile *file;
  PostingsSiteEntry *entry;  /* NULL: gone */
} Refreshed;

static void
refreshed_clear (gpointer data)
{
  Refreshed *r = data;

  g_free (r->path);
  g_clear_object (&r->file);
  g_clear_object (&r->entry);
}

typedef struct
{
  char *jobs_path;
  PostingsSchema *schema;
  GFile *validate_root;
  GArray *files;  /* Refreshed */
} RefreshJob;

static void
refresh_job_free (gpointer data)
{
  RefreshJob *job = data;

  g_free (job->jobs_path);
  g_object_unref (job->schema);
  g_clear_object (&job->validate_root);
  g_array_unref (job->files);
  g_free (job);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RefreshJob *job = task_data;
  g_autoptr(PostingsValidatorCache) cache = postings_validator_cache_new ();

  for (guint i = 0; i < job->files->len; i++)
    {
      Refreshed *r = &g_array_index (job->files, Refreshed, i);

      r->entry = index_path (job->jobs_path, r->path, job->schema, job->validate_root, cache);
    }
  g_task_return_boolean (task, TRUE);
}

static void schedule_refresh (PostingsSite *self);

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PostingsSite *self = POSTINGS_SITE (object);
  RefreshJob *job = g_task_get_task_data (G_TASK (result));

  self->refreshing = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  for (guint i = 0; i < job->files->len; i++)
    {
      Refreshed *r = &g_array_index (job->files, Refreshed, i);
      apply_path (self, r->path, r->file, r->entry, TRUE);
    }
  if (g_hash_table_size (self->pending) > 0)
    schedule_refresh (self);
}

static gboolean
coalesce_cb (gpointer user_data)
{
  PostingsSite *self = user_data;
  g_autoptr(GTask) task = NULL;
  RefreshJob *job;
  GHashTableIter iter;
  gpointer key, value;

  self->coalesce_id = 0;
  if (self->refreshing)
    return G_SOURCE_REMOVE;  /* refresh_done_cb () schedules the next round */

  job = g_new0 (RefreshJob, 1);
  job->jobs_path = g_strdup (self->jobs_path);
  job->schema = g_object_ref (self->schema);
  job->validate_root = self->validate_root ? g_object_ref (self->validate_root) : NULL;
  job->files = g_array_new (FALSE, TRUE, sizeof (Refreshed));
  g_array_set_clear_func (job->files, refreshed_clear);

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Refreshed r = { g_strdup (key), g_object_ref (value), NULL };
      g_array_append_val (job->files, r);
    }
  g_hash_table_remove_all (self->pending);

  self->refreshing = TRUE;
  task = g_task_new (self, self->load_cancellable, refresh_done_cb, NULL);
  g_task_set_source_tag (task, coalesce_cb);
  g_task_set_task_data (task, job, refresh_job_free);
  g_task_run_in_thread (task, refresh_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (PostingsSite *self)
{
  g_autoptr(GSource) source = NULL;

  if (self->coalesce_id != 0)
    return;
  source = g_timeout_source_new (COALESCE_MS);
  g_source_set_callback (source, coalesce_cb, self, NULL);
  g_source_set_static_name (source, "[postings] site monitor");
  self->coalesce_id = g_source_attach (source, self->context);
}

static void
queue_file (PostingsSite *self,
            GFile        *file)
{
  g_autofree char *path = NULL;

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    return;
  g_hash_table_replace (self->pending, g_steal_pointer (&path), g_object_ref (file));
  schedule_refresh (self);
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  PostingsSite *self = user_data;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      queue_file (self, file);
      break;

    case G_FILE_MONITOR_EVENT_RENAMED:
      queue_file (self, file);
      queue_file (self, other_file);
      break;

    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}
