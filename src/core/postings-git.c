/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PostingsGitRepository: the object the UI and the command line hold, the
 * operations' common machinery (threads, throttled progress, credentials,
 * error messages) and the credential requests. */
#include "postings-core-i18n.h"

#include <string.h>

#include "postings-git-private.h"
#include "postings-git-secret.h"
#include "postings-git-stream.h"
#include "postings-schema.h"

#define PROGRESS_INTERVAL_USEC (G_USEC_PER_SEC / 10)
#define MAX_TRIES 2
#define MAX_SERVER_MESSAGES 8192

G_DEFINE_QUARK (postings-git-error-quark, postings_git_error)

struct _PostingsGitRepository
{
  GObject   parent_instance;

  GFile    *folder;
  gboolean  use_keyring;
  gboolean  quiet;
};

G_DEFINE_FINAL_TYPE (PostingsGitRepository, postings_git_repository, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FOLDER,
  N_PROPS
};

enum
{
  SIGNAL_PROGRESS,
  SIGNAL_CREDENTIALS_NEEDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Credential requests. */

struct _PostingsGitCredentialRequest
{
  gatomicrefcount  ref_count;
  char            *host;
  char            *url;
  char            *username;
  gboolean         retry;
  char            *fingerprint;     /* a host key question */

  GMutex           lock;
  GCond            cond;
  gboolean         answered;
  gboolean         unhandled;       /* nobody asked the user */
  char            *answer_username;
  char            *answer_token;
  gboolean         answer_remember;
  gboolean         answer_trust;
};

G_DEFINE_BOXED_TYPE (PostingsGitCredentialRequest, postings_git_credential_request,
                     postings_git_credential_request_ref, postings_git_credential_request_unref)

static PostingsGitCredentialRequest *
credential_request_new (const char *host,
                        const char *url,
                        const char *username,
                        gboolean    retry)
{
  PostingsGitCredentialRequest *request = g_new0 (PostingsGitCredentialRequest, 1);

  g_atomic_ref_count_init (&request->ref_count);
  request->host = g_strdup (host);
  request->url = g_strdup (url);
  request->username = g_strdup (username);
  request->retry = retry;
  g_mutex_init (&request->lock);
  g_cond_init (&request->cond);
  return request;
}

PostingsGitCredentialRequest *
postings_git_credential_request_ref (PostingsGitCredentialRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_atomic_ref_count_inc (&request->ref_count);
  return request;
}

void
postings_git_credential_request_unref (PostingsGitCredentialRequest *request)
{
  g_return_if_fail (request != NULL);

  if (!g_atomic_ref_count_dec (&request->ref_count))
    return;

  g_free (request->host);
  g_free (request->url);
  g_free (request->username);
  g_free (request->fingerprint);
  g_free (request->answer_username);
  if (request->answer_token != NULL)
    memset (request->answer_token, 0, strlen (request->answer_token));
  g_free (request->answer_token);
  g_mutex_clear (&request->lock);
  g_cond_clear (&request->cond);
  g_free (request);
}

const char *
postings_git_credential_request_get_host (PostingsGitCredentialRequest *request)
{
  return request->host;
}

const char *
postings_git_credential_request_get_url (PostingsGitCredentialRequest *request)
{
  return request->url;
}

const char *
postings_git_credential_request_get_username (PostingsGitCredentialRequest *request)
{
  return request->username;
}

gboolean
postings_git_credential_request_is_retry (PostingsGitCredentialRequest *request)
{
  return request->retry;
}

static void
credential_request_answer (PostingsGitCredentialRequest *request,
                           const char                   *username,
                           const char                   *token,
                           gboolean                      remember)
{
  g_mutex_lock (&request->lock);
  if (!request->answered)
    {
      request->answered = TRUE;
      request->answer_username = g_strdup (username);
      request->answer_token = g_strdup (token);
      request->answer_remember = remember;
    }
  g_cond_broadcast (&request->cond);
  g_mutex_unlock (&request->lock);
}

void
postings_git_credential_request_reply (PostingsGitCredentialRequest *request,
                                       const char                   *username,
                                       const char                   *token,
                                       gboolean                      remember)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (username != NULL && token != NULL);

  credential_request_answer (request, username, token, remember);
}

void
postings_git_credential_request_cancel (PostingsGitCredentialRequest *request)
{
  g_return_if_fail (request != NULL);

  credential_request_answer (request, NULL, NULL, FALSE);
}

const char *
postings_git_credential_request_get_host_key_fingerprint (PostingsGitCredentialRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  return request->fingerprint;
}

void
postings_git_credential_request_trust_host (PostingsGitCredentialRequest *request)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->fingerprint != NULL);

  g_mutex_lock (&request->lock);
  if (!request->answered)
    {
      request->answered = TRUE;
      request->answer_trust = TRUE;
    }
  g_cond_broadcast (&request->cond);
  g_mutex_unlock (&request->lock);
}

/* Progress. */

double
postings_git_progress_get_fraction (const PostingsGitProgress *progress)
{
  g_return_val_if_fail (progress != NULL, -1);

  switch (progress->stage)
    {
    case POSTINGS_GIT_STAGE_RECEIVING:
      if (progress->total_objects > 0)
        return (double) progress->received_objects / progress->total_objects;
      break;
    case POSTINGS_GIT_STAGE_RESOLVING:
      if (progress->total_deltas > 0)
        return (double) progress->indexed_deltas / progress->total_deltas;
      break;
    case POSTINGS_GIT_STAGE_CHECKING_OUT:
      if (progress->total_files > 0)
        return (double) progress->done_files / progress->total_files;
      break;
    case POSTINGS_GIT_STAGE_PUSHING:
      if (progress->push_total > 0)
        return (double) progress->push_current / progress->push_total;
      break;
    case POSTINGS_GIT_STAGE_CONNECTING:
    case POSTINGS_GIT_STAGE_VERIFYING:
    default:
      break;
    }
  return -1;
}

char *
postings_git_progress_describe (const PostingsGitProgress *progress)
{
  g_autofree char *size = NULL;

  g_return_val_if_fail (progress != NULL, NULL);

  switch (progress->stage)
    {
    case POSTINGS_GIT_STAGE_CONNECTING:
      return g_strdup (_("Connecting to the server…"));
    case POSTINGS_GIT_STAGE_RECEIVING:
      size = g_format_size (progress->received_bytes);
      if (progress->total_objects == 0)
        /* Translators: %s is a size such as "3.4 MB" */
        return g_strdup_printf (_("Receiving: %s"), size);
      /* Translators: objects are the pieces a git repository is made of; %s is a size such as "3.4 MB" */
      return g_strdup_printf (_("Received %u of %u objects (%s)"),
                              progress->received_objects, progress->total_objects, size);
    case POSTINGS_GIT_STAGE_RESOLVING:
      return g_strdup_printf (_("Unpacking: %u of %u"),
                              progress->indexed_deltas, progress->total_deltas);
    case POSTINGS_GIT_STAGE_CHECKING_OUT:
      return g_strdup_printf (_("Writing files: %u of %u"),
                              progress->done_files, progress->total_files);
    case POSTINGS_GIT_STAGE_PUSHING:
      size = g_format_size (progress->push_bytes);
      return g_strdup_printf (_("Sending: %u of %u objects (%s)"),
                              progress->push_current, progress->push_total, size);
    case POSTINGS_GIT_STAGE_VERIFYING:
      return g_strdup (_("Checking that the server has the change…"));
    default:
      return g_strdup ("");
    }
}

/* Operations. */

static gsize git_initialized;

void
_postings_git_init (void)
{
  if (g_once_init_enter (&git_initialized))
    {
      git_libgit2_init ();
      /* Never wait forever for a silent server. */
      _postings_git_stream_init ();
      g_once_init_leave (&git_initialized, 1);
    }
}

static void
credential_free (PostingsGitCredential *credential)
{
  if (credential == NULL)
    return;
  g_free (credential->username);
  if (credential->token != NULL)
    memset (credential->token, 0, strlen (credential->token));
  g_free (credential->token);
  g_free (credential);
}

static PostingsGitCredential *
credential_new (CredentialSource  source,
                const char       *username,
                const char       *token)
{
  PostingsGitCredential *credential = g_new0 (PostingsGitCredential, 1);

  credential->source = source;
  credential->username = g_strdup (username);
  credential->token = g_strdup (token);
  return credential;
}

PostingsGitOp *
_postings_git_op_new (PostingsGitRepository *owner,
                      gboolean               async,
                      GCancellable          *cancellable)
{
  PostingsGitOp *op = g_new0 (PostingsGitOp, 1);

  _postings_git_init ();

  g_atomic_ref_count_init (&op->ref_count);
  op->owner = g_object_ref (owner);
  op->folder = g_file_get_path (owner->folder);
  op->use_keyring = owner->use_keyring;
  op->quiet = owner->quiet;
  op->async = async;
  op->context = g_main_context_ref_thread_default ();
  op->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  g_mutex_init (&op->lock);
  op->server_messages = g_string_new (NULL);
  op->refused_refs = g_ptr_array_new_with_free_func (g_free);
  return op;
}

PostingsGitOp *
_postings_git_op_ref (PostingsGitOp *op)
{
  g_atomic_ref_count_inc (&op->ref_count);
  return op;
}

void
_postings_git_op_unref (PostingsGitOp *op)
{
  if (!g_atomic_ref_count_dec (&op->ref_count))
    return;

  if (op->emit_source != NULL)
    {
      g_source_destroy (op->emit_source);
      g_source_unref (op->emit_source);
    }
  g_object_unref (op->owner);
  g_free (op->folder);
  g_main_context_unref (op->context);
  g_object_unref (op->cancellable);
  g_free (op->url);
  g_free (op->host);
  g_free (op->url_username);
  if (op->url_password != NULL)
    memset (op->url_password, 0, strlen (op->url_password));
  g_free (op->url_password);
  credential_free (op->current);
  g_free (op->refused_keyring_user);
  g_free (op->host_key_fingerprint);
  g_mutex_clear (&op->lock);
  g_string_free (op->server_messages, TRUE);
  g_ptr_array_unref (op->refused_refs);
  g_free (op);
}

void
_postings_git_op_begin_remote (PostingsGitOp *op,
                               const char    *url)
{
  g_autofree char *stripped = postings_git_url_strip_credentials (url, NULL, NULL);

  g_free (op->url);
  op->url = g_steal_pointer (&stripped);
  g_free (op->host);
  op->host = _postings_git_url_host (op->url);
  op->connection_calls = 0;
  op->ssh_tries = 0;
  _postings_git_stream_clear_failure ();
  op->host_key_state = POSTINGS_GIT_HOST_KEY_KNOWN;
  g_string_truncate (op->server_messages, 0);
  g_ptr_array_set_size (op->refused_refs, 0);
}

gboolean
_postings_git_op_check_cancelled (PostingsGitOp  *op,
                                  GError        **error)
{
  return g_cancellable_set_error_if_cancelled (op->cancellable, error);
}

/* Progress: the latest state is kept, and sent to the caller's main context
 * at most every 100 ms (the plain functions drop what comes sooner). */

static gboolean
emit_progress_cb (gpointer data)
{
  PostingsGitOp *op = data;
  PostingsGitProgress progress;

  g_mutex_lock (&op->lock);
  progress = op->progress;
  g_clear_pointer (&op->emit_source, g_source_unref);
  op->last_emit = g_get_monotonic_time ();
  g_mutex_unlock (&op->lock);

  g_signal_emit (op->owner, signals[SIGNAL_PROGRESS], 0, &progress);
  return G_SOURCE_REMOVE;
}

void
_postings_git_op_progress (PostingsGitOp             *op,
                           const PostingsGitProgress *progress)
{
  gint64 now = g_get_monotonic_time ();

  if (!op->async)
    {
      if (op->last_emit == 0 || now - op->last_emit >= PROGRESS_INTERVAL_USEC ||
          progress->stage != op->progress.stage)
        {
          op->progress = *progress;
          op->last_emit = now;
          g_signal_emit (op->owner, signals[SIGNAL_PROGRESS], 0, progress);
        }
      return;
    }

  g_mutex_lock (&op->lock);
  op->progress = *progress;
  if (op->emit_source == NULL && !op->finished)
    {
      gint64 wait = op->last_emit + PROGRESS_INTERVAL_USEC - now;

      op->emit_source = g_timeout_source_new (wait > 0 ? (guint) (wait / 1000) + 1 : 0);
      g_source_set_callback (op->emit_source, emit_progress_cb, _postings_git_op_ref (op),
                             (GDestroyNotify) _postings_git_op_unref);
      g_source_set_static_name (op->emit_source, "[postings] git progress");
      g_source_attach (op->emit_source, op->context);
    }
  g_mutex_unlock (&op->lock);
}

void
_postings_git_op_stage (PostingsGitOp    *op,
                        PostingsGitStage  stage)
{
  PostingsGitProgress progress = { 0, };

  progress.stage = stage;
  _postings_git_op_progress (op, &progress);
}

void
_postings_git_checkout_progress_cb (const char *path,
                                    size_t      completed_steps,
                                    size_t      total_steps,
                                    void       *payload)
{
  PostingsGitProgress progress = { 0, };

  progress.stage = POSTINGS_GIT_STAGE_CHECKING_OUT;
  progress.done_files = completed_steps;
  progress.total_files = total_steps;
  _postings_git_op_progress (payload, &progress);
}

int
_postings_git_compare_strings (gconstpointer a,
                               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Credentials. */

static PostingsGitCredential *
lookup_keyring (PostingsGitOp *op,
                const char    *username)
{
  g_autofree char *found_user = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  if (!op->use_keyring || op->host == NULL)
    return NULL;
  if (!(op->quiet ? postings_git_secret_lookup_unlocked : postings_git_secret_lookup)
        (op->host, username, &found_user, &token, NULL, &error))
    {
      if (error != NULL)
        g_debug ("No keyring for the git token of %s: %s", op->host, error->message);
      return NULL;
    }
  return credential_new (CREDENTIAL_FROM_KEYRING, found_user, token);
}

typedef struct
{
  PostingsGitOp                *op;
  PostingsGitCredentialRequest *request;
} AskData;

static gboolean
emit_credentials_needed_cb (gpointer data)
{
  AskData *ask = data;
  gboolean handled = FALSE;

  g_signal_emit (ask->op->owner, signals[SIGNAL_CREDENTIALS_NEEDED], 0, ask->request, &handled);
  if (!handled)
    {
      ask->request->unhandled = TRUE;
      postings_git_credential_request_cancel (ask->request);
    }
  return G_SOURCE_REMOVE;
}

static void
ask_data_free (gpointer data)
{
  AskData *ask = data;

  _postings_git_op_unref (ask->op);
  postings_git_credential_request_unref (ask->request);
  g_free (ask);
}

static void
wake_request_cb (GCancellable *cancellable,
                 gpointer      data)
{
  PostingsGitCredentialRequest *request = data;

  g_mutex_lock (&request->lock);
  g_cond_broadcast (&request->cond);
  g_mutex_unlock (&request->lock);
}

/* Hands @request to "credentials-needed" and waits for the answer (async
 * operations only: the worker thread blocks, the main loop runs). Returns
 * with @request's lock held. */
static void
ask (PostingsGitOp                *op,
     PostingsGitCredentialRequest *request)
{
  AskData *ask;
  gulong handler;

  ask = g_new0 (AskData, 1);
  ask->op = _postings_git_op_ref (op);
  ask->request = postings_git_credential_request_ref (request);
  g_main_context_invoke_full (op->context, G_PRIORITY_DEFAULT, emit_credentials_needed_cb,
                              ask, ask_data_free);

  handler = g_cancellable_connect (op->cancellable, G_CALLBACK (wake_request_cb),
                                   postings_git_credential_request_ref (request),
                                   (GDestroyNotify) postings_git_credential_request_unref);
  g_mutex_lock (&request->lock);
  while (!request->answered && !g_cancellable_is_cancelled (op->cancellable))
    g_cond_wait (&request->cond, &request->lock);
  g_cancellable_disconnect (op->cancellable, handler);
}

/* Asks the user for a user name and a token. */
static PostingsGitCredential *
ask_user (PostingsGitOp *op,
          const char    *username,
          gboolean       retry)
{
  g_autoptr(PostingsGitCredentialRequest) request = NULL;
  PostingsGitCredential *credential = NULL;

  if (!op->async || op->quiet)
    return NULL;

  request = credential_request_new (op->host, op->url, username, retry);
  ask (op, request);
  if (request->answered && request->answer_token != NULL && request->answer_username != NULL)
    {
      credential = credential_new (CREDENTIAL_FROM_USER, request->answer_username,
                                   request->answer_token);
      credential->remember = request->answer_remember;
    }
  else if (request->answered && !request->unhandled)
    op->cancelled = TRUE;  /* the user closed the question */
  g_mutex_unlock (&request->lock);

  return credential;
}

/* Asks the user whether to trust an SSH server never met. */
static gboolean
ask_trust_host (PostingsGitOp *op,
                const char    *fingerprint)
{
  g_autoptr(PostingsGitCredentialRequest) request = NULL;
  gboolean trusted;

  if (!op->async || op->quiet)
    return FALSE;

  request = credential_request_new (op->host, op->url, NULL, FALSE);
  request->fingerprint = g_strdup (fingerprint);
  ask (op, request);
  trusted = request->answered && request->answer_trust;
  if (request->answered && !request->answer_trust && !request->unhandled)
    op->cancelled = TRUE;  /* the user did not trust it */
  g_mutex_unlock (&request->lock);
  return trusted;
}

/* The port of an SSH address (22 unless ssh://host:PORT/). */
static guint
ssh_port (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || strstr (url, "://") == NULL)
    return 22;
  uri = g_uri_parse (url, G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL || g_uri_get_port (uri) <= 0)
    return 22;
  return (guint) g_uri_get_port (uri);
}

/* SSH: the server's key must be the one known_hosts holds, or one the user
 * trusts now; a changed key is refused. TLS certificates: libgit2's own
 * check. */
static int
certificate_check_cb (git_cert   *cert,
                      int         valid,
                      const char *host,
                      void       *payload)
{
  PostingsGitOp *op = payload;
  const git_cert_hostkey *hostkey = (const git_cert_hostkey *) cert;
  const guint8 *key;
  gsize key_len;
  guint port;
  g_autoptr(GError) error = NULL;

  if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
    return GIT_PASSTHROUGH;
  if (!(hostkey->type & GIT_CERT_SSH_RAW) || hostkey->hostkey == NULL)
    return GIT_PASSTHROUGH;  /* libgit2 checked known_hosts itself */

  key = (const guint8 *) hostkey->hostkey;
  key_len = hostkey->hostkey_len;
  port = ssh_port (op->url);
  g_clear_pointer (&op->host_key_fingerprint, g_free);
  op->host_key_state = _postings_git_host_key_check (host, port, key, key_len);
  if (op->host_key_state == POSTINGS_GIT_HOST_KEY_KNOWN)
    return 0;

  op->host_key_fingerprint = _postings_git_host_key_fingerprint (key, key_len);
  if (op->host_key_state == POSTINGS_GIT_HOST_KEY_UNKNOWN &&
      ask_trust_host (op, op->host_key_fingerprint))
    {
      if (!_postings_git_host_key_trust (host, port, key, key_len, &error))
        g_warning ("%s", error->message);  /* trusted for this time */
      op->host_key_state = POSTINGS_GIT_HOST_KEY_KNOWN;
      return 0;
    }
  return GIT_EUSER;
}

/* The next credentials to try: from the clone address, the environment,
 * the keyring, then the user. A source is tried once (the user may be asked
 * again). */
static PostingsGitCredential *
next_credential (PostingsGitOp *op,
                 const char    *username_from_url,
                 gboolean       retry)
{
  const char *env_token = g_getenv ("POSTINGS_GIT_TOKEN");
  PostingsGitCredential *credential;
  const char *hint;

  if (!(op->sources_used & (1 << CREDENTIAL_FROM_URL)) && op->url_password != NULL)
    {
      op->sources_used |= 1 << CREDENTIAL_FROM_URL;
      return credential_new (CREDENTIAL_FROM_URL, op->url_username, op->url_password);
    }

  if (!(op->sources_used & (1 << CREDENTIAL_FROM_ENV)) && env_token != NULL && *env_token != '\0')
    {
      const char *env_user = g_getenv ("POSTINGS_GIT_USERNAME");

      op->sources_used |= 1 << CREDENTIAL_FROM_ENV;
      if (env_user == NULL || *env_user == '\0')
        env_user = username_from_url != NULL ? username_from_url : "postings";
      return credential_new (CREDENTIAL_FROM_ENV, env_user, env_token);
    }

  if (!(op->sources_used & (1 << CREDENTIAL_FROM_KEYRING)))
    {
      op->sources_used |= 1 << CREDENTIAL_FROM_KEYRING;
      credential = lookup_keyring (op, username_from_url);
      if (credential != NULL)
        return credential;
    }

  hint = username_from_url;
  if (hint == NULL && op->current != NULL)
    hint = op->current->username;
  if (hint == NULL)
    hint = op->refused_keyring_user;
  return ask_user (op, hint, retry);
}

static int
credentials_cb (git_credential **out,
                const char      *url,
                const char      *username_from_url,
                unsigned int     allowed_types,
                void            *payload)
{
  PostingsGitOp *op = payload;
  PostingsGitCredential *next;

  if (g_cancellable_is_cancelled (op->cancellable))
    {
      op->cancelled = TRUE;
      return GIT_EUSER;
    }

  op->connection_calls++;

  if (allowed_types & GIT_CREDENTIAL_SSH_KEY)
    {
      const char *agent = g_getenv ("SSH_AUTH_SOCK");

      if (agent == NULL || *agent == '\0')
        {
          op->no_ssh_agent = TRUE;
          return GIT_EUSER;
        }
      if (++op->ssh_tries > MAX_TRIES)
        {
          op->ssh_key_refused = TRUE;
          return GIT_EUSER;
        }
      return git_credential_ssh_key_from_agent (out, username_from_url ? username_from_url : "git");
    }
  if ((allowed_types & GIT_CREDENTIAL_USERNAME) && !(allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
    return git_credential_username_new (out, username_from_url ? username_from_url : "git");
  if (!(allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
    {
      op->no_credentials = TRUE;
      return GIT_EUSER;
    }

  /* The first call of a new connection gets the credentials that worked (or
   * are being tried); any further call means the server refused them. */
  if (op->connection_calls > 1 || op->current == NULL)
    {
      gboolean retry = op->current != NULL;

      if (op->current != NULL && op->current->source == CREDENTIAL_FROM_KEYRING)
        {
          g_free (op->refused_keyring_user);
          op->refused_keyring_user = g_strdup (op->current->username);
        }
      if (op->tries >= MAX_TRIES)
        {
          op->auth_failed = TRUE;
          return GIT_EUSER;
        }
      next = next_credential (op, username_from_url, retry);
      if (next == NULL)
        {
          if (op->cancelled || g_cancellable_is_cancelled (op->cancellable))
            op->cancelled = TRUE;
          else if (retry)
            op->auth_failed = TRUE;
          else
            op->no_credentials = TRUE;
          return GIT_EUSER;
        }
      credential_free (op->current);
      op->current = next;
      op->tries++;
    }

  return git_credential_userpass_plaintext_new (out, op->current->username, op->current->token);
}

void
_postings_git_op_succeeded (PostingsGitOp *op)
{
  g_autoptr(GError) error = NULL;

  if (op->current == NULL || !op->use_keyring || op->quiet || op->host == NULL)
    return;

  if (op->current->source == CREDENTIAL_FROM_USER && op->current->remember)
    {
      if (!postings_git_secret_store (op->host, op->current->username, op->current->token,
                                      NULL, &error))
        g_warning ("Could not keep the token for %s in the keyring: %s", op->host, error->message);
      op->current->remember = FALSE;
    }
  if (op->refused_keyring_user != NULL &&
      g_strcmp0 (op->refused_keyring_user, op->current->username) != 0)
    {
      postings_git_secret_clear (op->host, op->refused_keyring_user, NULL, NULL);
      g_clear_pointer (&op->refused_keyring_user, g_free);
    }
}

/* Transfer callbacks. */

static int
transfer_progress_cb (const git_indexer_progress *stats,
                      void                       *payload)
{
  PostingsGitOp *op = payload;
  PostingsGitProgress progress = { 0, };

  if (g_cancellable_is_cancelled (op->cancellable))
    {
      op->cancelled = TRUE;
      return GIT_EUSER;
    }

  progress.stage = (stats->received_objects == stats->total_objects && stats->total_deltas > 0)
                   ? POSTINGS_GIT_STAGE_RESOLVING : POSTINGS_GIT_STAGE_RECEIVING;
  progress.total_objects = stats->total_objects;
  progress.received_objects = stats->received_objects;
  progress.indexed_objects = stats->indexed_objects;
  progress.total_deltas = stats->total_deltas;
  progress.indexed_deltas = stats->indexed_deltas;
  progress.received_bytes = stats->received_bytes;
  _postings_git_op_progress (op, &progress);
  return 0;
}

static int
push_progress_cb (unsigned int current,
                  unsigned int total,
                  size_t       bytes,
                  void        *payload)
{
  PostingsGitOp *op = payload;
  PostingsGitProgress progress = { 0, };

  if (g_cancellable_is_cancelled (op->cancellable))
    {
      op->cancelled = TRUE;
      return GIT_EUSER;
    }

  progress.stage = POSTINGS_GIT_STAGE_PUSHING;
  progress.push_current = current;
  progress.push_total = total;
  progress.push_bytes = bytes;
  _postings_git_op_progress (op, &progress);
  return 0;
}

static int
sideband_cb (const char *str,
             int         len,
             void       *payload)
{
  PostingsGitOp *op = payload;

  if (len > 0 && op->server_messages->len < MAX_SERVER_MESSAGES)
    g_string_append_len (op->server_messages, str, MIN ((gsize) len, MAX_SERVER_MESSAGES));
  return g_cancellable_is_cancelled (op->cancellable) ? GIT_EUSER : 0;
}

static int
push_update_reference_cb (const char *refname,
                          const char *status,
                          void       *payload)
{
  PostingsGitOp *op = payload;

  if (status != NULL)
    g_ptr_array_add (op->refused_refs, g_strdup_printf ("%s\t%s", refname, status));
  return 0;
}

void
_postings_git_op_init_callbacks (PostingsGitOp        *op,
                                 git_remote_callbacks *callbacks)
{
  git_remote_init_callbacks (callbacks, GIT_REMOTE_CALLBACKS_VERSION);
  callbacks->credentials = credentials_cb;
  callbacks->certificate_check = certificate_check_cb;
  callbacks->transfer_progress = transfer_progress_cb;
  callbacks->push_transfer_progress = push_progress_cb;
  callbacks->sideband_progress = sideband_cb;
  callbacks->push_update_reference = push_update_reference_cb;
  callbacks->payload = op;
}

/* Errors. */

gboolean
_postings_git_check (int          code,
                     GError     **error,
                     const char  *message)
{
  const git_error *last;

  if (code >= 0)
    return TRUE;

  last = git_error_last ();
  g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FAILED, "%s (%s)", message,
               last != NULL && last->message != NULL ? last->message : "libgit2");
  return FALSE;
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

char *
_postings_git_op_server_said (PostingsGitOp *op)
{
  g_autoptr(GString) said = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit_set (op->server_messages->str, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "remote:"))
        line = g_strstrip (lines[i] + strlen ("remote:"));
      if (*line == '\0' || !g_utf8_validate (line, -1, NULL))
        continue;
      if (said->len > 0)
        g_string_append_c (said, ' ');
      g_string_append (said, line);
    }
  return g_string_free (g_steal_pointer (&said), FALSE);
}

void
_postings_git_op_set_error (PostingsGitOp  *op,
                            int             code,
                            GError        **error)
{
  const git_error *last = git_error_last ();
  const char *message = last != NULL ? last->message : NULL;
  const char *host = op->host != NULL ? op->host : (op->url != NULL ? op->url : "?");
  g_autofree char *said = NULL;

  if (op->cancelled || g_cancellable_is_cancelled (op->cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
      return;
    }
  if (_postings_git_stream_timed_out ())
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_TIMEOUT,
                   _("%s did not answer in time. Try again in a moment."), host);
      return;
    }
  if (op->host_key_state == POSTINGS_GIT_HOST_KEY_CHANGED)
    {
      g_autofree char *file = _postings_git_host_key_file ();

      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_HOST_KEY_CHANGED,
                   _("Warning: the server %s does not show the key this computer knows for it "
                     "(it now shows %s). Someone may be trying to pass for it, so nothing was "
                     "sent. Ask the site’s team whether the server changed; only then remove "
                     "its old key from %s."), host, op->host_key_fingerprint, file);
      return;
    }
  if (op->host_key_state == POSTINGS_GIT_HOST_KEY_UNKNOWN)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_HOST_KEY_UNKNOWN,
                   _("This computer has never connected to the server %s, so it cannot tell "
                     "whether it is the real one. Its key fingerprint is %s: if the site’s team "
                     "confirms it, trust it when the Postings window asks, or connect to it "
                     "once with ssh and answer “yes”; then try again."),
                   host, op->host_key_fingerprint);
      return;
    }
  if (op->no_ssh_agent || contains (message, "connecting with agent"))
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH,
                   _("%s signs you in with an SSH key, and no SSH agent is running to give it. "
                     "Open your session’s key manager, or run “ssh-add” in a terminal, then try "
                     "again (or use the site’s HTTPS address instead)."), host);
      return;
    }
  if (op->ssh_key_refused ||
      (op->ssh_tries > 0 && (contains (message, "agent") || contains (message, "authenticat"))))
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH,
                   _("%s did not accept the SSH keys your SSH agent holds. Add the right key "
                     "with “ssh-add” (or give your public key to the site’s team), then try "
                     "again."), host);
      return;
    }
  if (op->auth_failed)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH,
                   _("%s did not accept the user name and token. Check them (a token can expire "
                     "or lack the right to write), then try again."), host);
      return;
    }
  if (op->no_credentials)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH,
                   _("%s asks who you are: give a user name and a token (from the command line: "
                     "set POSTINGS_GIT_USERNAME and POSTINGS_GIT_TOKEN)."), host);
      return;
    }

  if (contains (message, "status code: 403") || contains (message, "Permission denied") ||
      contains (message, "denied to") || contains (message, "not allowed"))
    {
      said = _postings_git_op_server_said (op);
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NO_RIGHTS,
                   _("You are not allowed to publish to %s%s%s. Ask the site’s team for access, "
                     "or publish from your own copy of the site (a fork)."),
                   host, *said ? ": " : "", said);
      return;
    }
  if (contains (message, "status code: 401") || contains (message, "authentication") ||
      contains (message, "Authentication") || contains (message, "authenticate"))
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_AUTH,
                   _("%s did not accept the user name and token. Check them (a token can expire "
                     "or lack the right to write), then try again."), host);
      return;
    }
  if (contains (message, "status code: 404") || contains (message, "could not find repository") ||
      contains (message, "failed to resolve path") || contains (message, "not found") ||
      contains (message, "does not appear to be a git repository"))
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NOT_FOUND,
                   _("There is no site repository at %s: check the address."),
                   op->url != NULL ? op->url : host);
      return;
    }
  if (contains (message, "failed to resolve address") || contains (message, "Could not resolve") ||
      contains (message, "Name or service not known") || contains (message, "nodename nor servname"))
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_HOST_UNKNOWN,
                   _("The server “%s” is unknown. Check the address, and that this computer is "
                     "connected to the internet."), host);
      return;
    }
  if (contains (message, "timed out") || contains (message, "timeout")
#if LIBGIT2_VER_MAJOR > 1 || (LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR >= 7)
      || code == GIT_TIMEOUT
#endif
      )
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_TIMEOUT,
                   _("%s did not answer in time. Try again in a moment."), host);
      return;
    }
  if (contains (message, "certificate") || (last != NULL && last->klass == GIT_ERROR_SSL) ||
      code == GIT_ECERTIFICATE)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_CERTIFICATE,
                   _("The identity of %s could not be checked (its certificate is not valid), "
                     "so nothing was sent."), host);
      return;
    }
  if (contains (message, "failed to connect") || contains (message, "Connection refused") ||
      contains (message, "unreachable") || contains (message, "No route to host") ||
      contains (message, "failed to send request") || contains (message, "Connection reset") ||
      contains (message, "early EOF") || contains (message, "unexpected EOF") ||
      contains (message, "connection closed") || contains (message, "SSL error") ||
      (last != NULL && (last->klass == GIT_ERROR_NET || last->klass == GIT_ERROR_OS)))
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NETWORK,
                   _("Could not reach %s. Check that this computer is connected to the internet, "
                     "then try again."), host);
      return;
    }

  g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FAILED,
               _("Talking to %s failed: %s"), host, message != NULL ? message : "libgit2");
}

/* Repositories and remotes. */

git_repository *
_postings_git_open (const char  *folder,
                    GError     **error)
{
  git_repository *repo = NULL;

  _postings_git_init ();

  if (git_repository_open_ext (&repo, folder, 0, NULL) == GIT_EOWNER)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NOT_A_REPOSITORY,
                   _("The git repository of %s belongs to another user of this computer, so it "
                     "is not used (git’s safe.directory setting can allow it)."), folder);
      return NULL;
    }
  if (repo == NULL)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NOT_A_REPOSITORY,
                   _("%s is not in a git repository: get the site with “Get a Site” (or git "
                     "clone) first."), folder);
      return NULL;
    }
  if (git_repository_is_bare (repo))
    {
      git_repository_free (repo);
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NOT_A_REPOSITORY,
                   _("%s is a bare git repository, with no files to edit."), folder);
      return NULL;
    }
  return repo;
}

char *
_postings_git_workdir (git_repository *repo)
{
  const char *workdir = git_repository_workdir (repo);
  gsize len = strlen (workdir);

  while (len > 1 && workdir[len - 1] == '/')
    len--;
  return g_strndup (workdir, len);
}

char *
_postings_git_relative_path (git_repository  *repo,
                             GFile           *file,
                             GError         **error)
{
  g_autofree char *workdir = _postings_git_workdir (repo);
  g_autofree char *real_workdir = realpath (workdir, NULL);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *parent_path = NULL;
  g_autofree char *real_parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *full = NULL;
  gsize len;

  if (path == NULL || real_workdir == NULL)
    goto outside;

  /* The file may be deleted: resolve its folder. */
  parent_path = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  real_parent = realpath (parent_path, NULL);
  if (real_parent == NULL)
    goto outside;
  full = g_build_filename (real_parent, base, NULL);
  len = strlen (real_workdir);
  if (strncmp (full, real_workdir, len) != 0 || full[len] != '/' || full[len + 1] == '\0')
    goto outside;
  if (g_str_equal (full + len + 1, ".git") || g_str_has_prefix (full + len + 1, ".git/"))
    goto outside;
  return g_strdup (full + len + 1);

outside:
  g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FAILED,
               _("%s is not a file of the site in %s."), path ? path : "?", workdir);
  return NULL;
}

static gboolean
remote_exists (git_repository *repo,
               const char     *name)
{
  git_remote *remote = NULL;

  if (git_remote_lookup (&remote, repo, name) < 0)
    return FALSE;
  git_remote_free (remote);
  return TRUE;
}

static git_remote *
lookup_remote (git_repository  *repo,
               const char      *name,
               GError         **error)
{
  git_remote *remote = NULL;

  if (name == NULL)
    {
      git_strarray names = { 0, };

      if (git_remote_list (&names, repo) == 0 && names.count == 1)
        git_remote_lookup (&remote, repo, names.strings[0]);
      git_strarray_dispose (&names);
    }
  else
    git_remote_lookup (&remote, repo, name);

  if (remote == NULL)
    g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NO_REMOTE,
                 _("This copy of the site does not say where the site is (it has no git remote "
                   "“origin”): get the site again with “Get a Site”."));
  return remote;
}

git_remote *
_postings_git_lookup_base_remote (git_repository  *repo,
                                  GError         **error)
{
  if (remote_exists (repo, "upstream"))
    return lookup_remote (repo, "upstream", error);
  if (remote_exists (repo, "origin"))
    return lookup_remote (repo, "origin", error);
  return lookup_remote (repo, NULL, error);
}

git_remote *
_postings_git_lookup_push_remote (git_repository  *repo,
                                  GError         **error)
{
  if (remote_exists (repo, "origin"))
    return lookup_remote (repo, "origin", error);
  return lookup_remote (repo, NULL, error);
}

char *
_postings_git_configured_url (git_repository *repo,
                              git_remote     *remote)
{
  g_autofree char *key = g_strdup_printf ("remote.%s.url", git_remote_name (remote));
  git_config *config = NULL;
  git_buf buf = GIT_BUF_INIT;
  char *url = NULL;

  if (git_repository_config_snapshot (&config, repo) == 0 &&
      git_config_get_string_buf (&buf, config, key) == 0)
    url = g_strdup (buf.ptr);
  git_buf_dispose (&buf);
  git_config_free (config);

  if (url == NULL && git_remote_url (remote) != NULL)
    url = g_strdup (git_remote_url (remote));
  return url;
}

static gboolean
connect_remote (PostingsGitOp  *op,
                git_remote     *remote,
                git_direction   direction,
                GError        **error)
{
  git_remote_callbacks callbacks;
  int code;

  _postings_git_op_begin_remote (op, direction == GIT_DIRECTION_PUSH && git_remote_pushurl (remote)
                                     ? git_remote_pushurl (remote) : git_remote_url (remote));
  _postings_git_op_init_callbacks (op, &callbacks);
  _postings_git_op_stage (op, POSTINGS_GIT_STAGE_CONNECTING);
  code = git_remote_connect (remote, direction, &callbacks, NULL, NULL);
  if (code < 0)
    {
      _postings_git_op_set_error (op, code, error);
      return FALSE;
    }
  return TRUE;
}

char *
_postings_git_remote_default_branch (PostingsGitOp  *op,
                                     git_remote     *remote,
                                     GError        **error)
{
  git_buf buf = GIT_BUF_INIT;
  char *branch = NULL;

  if (!connect_remote (op, remote, GIT_DIRECTION_FETCH, error))
    return NULL;

  if (git_remote_default_branch (&buf, remote) == 0 && g_str_has_prefix (buf.ptr, "refs/heads/"))
    branch = g_strdup (buf.ptr + strlen ("refs/heads/"));
  git_buf_dispose (&buf);
  git_remote_disconnect (remote);

  if (branch == NULL)
    g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FAILED,
                 _("The site at %s has no default branch yet (is it empty?)."), op->url);
  return branch;
}

gboolean
_postings_git_fetch_branch (PostingsGitOp   *op,
                            git_repository  *repo,
                            git_remote      *remote,
                            const char      *branch,
                            git_oid         *out,
                            GError         **error)
{
  g_autofree char *refspec = g_strdup_printf ("+refs/heads/%s:refs/remotes/%s/%s", branch,
                                              git_remote_name (remote), branch);
  g_autofree char *tracking = g_strdup_printf ("refs/remotes/%s/%s", git_remote_name (remote), branch);
  char *refspecs[] = { refspec };
  git_strarray specs = { refspecs, 1 };
  git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
  int code;

  _postings_git_op_begin_remote (op, git_remote_url (remote));
  _postings_git_op_init_callbacks (op, &options.callbacks);
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  _postings_git_op_stage (op, POSTINGS_GIT_STAGE_CONNECTING);
  code = git_remote_fetch (remote, &specs, &options, "postings: fetch");
  if (code < 0)
    {
      _postings_git_op_set_error (op, code, error);
      return FALSE;
    }

  if (git_reference_name_to_id (out, repo, tracking) < 0)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FAILED,
                   _("The site at %s has no branch “%s”."), op->url, branch);
      return FALSE;
    }
  return TRUE;
}

GHashTable *
_postings_git_remote_heads (PostingsGitOp  *op,
                            git_remote     *remote,
                            GError        **error)
{
  g_autoptr(GHashTable) heads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const git_remote_head **list = NULL;
  size_t n = 0;

  if (!connect_remote (op, remote, GIT_DIRECTION_FETCH, error))
    return NULL;

  if (git_remote_ls (&list, &n, remote) < 0)
    {
      _postings_git_op_set_error (op, -1, error);
      git_remote_disconnect (remote);
      return NULL;
    }
  for (size_t i = 0; i < n; i++)
    if (g_str_has_prefix (list[i]->name, "refs/heads/"))
      {
        char hex[GIT_OID_HEXSZ + 1];

        git_oid_tostr (hex, sizeof hex, &list[i]->oid);
        g_hash_table_insert (heads, g_strdup (list[i]->name), g_strdup (hex));
      }
  git_remote_disconnect (remote);
  return g_steal_pointer (&heads);
}

/* PostingsGitRepository. */

static void
postings_git_repository_finalize (GObject *object)
{
  PostingsGitRepository *self = POSTINGS_GIT_REPOSITORY (object);

  g_clear_object (&self->folder);

  G_OBJECT_CLASS (postings_git_repository_parent_class)->finalize (object);
}

static void
postings_git_repository_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  PostingsGitRepository *self = POSTINGS_GIT_REPOSITORY (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_git_repository_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  PostingsGitRepository *self = POSTINGS_GIT_REPOSITORY (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      self->folder = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
postings_git_repository_class_init (PostingsGitRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = postings_git_repository_finalize;
  object_class->get_property = postings_git_repository_get_property;
  object_class->set_property = postings_git_repository_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_CREDENTIALS_NEEDED] =
    g_signal_new ("credentials-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 1,
                  POSTINGS_TYPE_GIT_CREDENTIAL_REQUEST);
}

static void
postings_git_repository_init (PostingsGitRepository *self)
{
  self->use_keyring = TRUE;
}

PostingsGitRepository *
postings_git_repository_new (GFile *folder)
{
  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  return g_object_new (POSTINGS_TYPE_GIT_REPOSITORY, "folder", folder, NULL);
}

GFile *
postings_git_repository_get_folder (PostingsGitRepository *self)
{
  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), NULL);

  return self->folder;
}

void
postings_git_repository_set_use_keyring (PostingsGitRepository *self,
                                         gboolean               use_keyring)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));

  self->use_keyring = !!use_keyring;
}

void
postings_git_repository_set_quiet (PostingsGitRepository *self,
                                   gboolean               quiet)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));

  self->quiet = !!quiet;
}

/* Running the operations: in the calling thread, or in a GTask worker. */

typedef gpointer (*OpFunc) (PostingsGitOp *op, gpointer data, GError **error);

typedef struct
{
  PostingsGitOp  *op;
  OpFunc          func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} OpTaskData;

static void
op_task_data_free (gpointer data)
{
  OpTaskData *td = data;

  if (td->data_free != NULL)
    td->data_free (td->data);
  _postings_git_op_unref (td->op);
  g_free (td);
}

static void
op_finish (PostingsGitOp *op)
{
  g_mutex_lock (&op->lock);
  op->finished = TRUE;
  if (op->emit_source != NULL)
    {
      g_source_destroy (op->emit_source);
      g_clear_pointer (&op->emit_source, g_source_unref);
    }
  g_mutex_unlock (&op->lock);
}

static void
op_task_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  OpTaskData *td = task_data;
  GError *error = NULL;
  gpointer result;

  _postings_git_stream_set_cancellable (td->op->cancellable);
  result = td->func (td->op, td->data, &error);
  _postings_git_stream_set_cancellable (NULL);
  op_finish (td->op);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, td->result_free);
}

static void
run_async (PostingsGitRepository *self,
           OpFunc                 func,
           gpointer               data,
           GDestroyNotify         data_free,
           GDestroyNotify         result_free,
           gpointer               source_tag,
           GCancellable          *cancellable,
           GAsyncReadyCallback    callback,
           gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  OpTaskData *td = g_new0 (OpTaskData, 1);

  td->op = _postings_git_op_new (self, TRUE, cancellable);
  td->func = func;
  td->data = data;
  td->data_free = data_free;
  td->result_free = result_free;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, td, op_task_data_free);
  g_task_run_in_thread (task, op_task_thread);
}

static gpointer
run_sync (PostingsGitRepository  *self,
          OpFunc                  func,
          gpointer                data,
          GCancellable           *cancellable,
          GError                **error)
{
  g_autoptr(PostingsGitOp) op = _postings_git_op_new (self, FALSE, cancellable);
  gpointer result;

  _postings_git_stream_set_cancellable (op->cancellable);
  result = func (op, data, error);
  _postings_git_stream_set_cancellable (NULL);
  op_finish (op);
  return result;
}

static gpointer
finish (PostingsGitRepository  *self,
        GAsyncResult           *result,
        gpointer                source_tag,
        GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
postings_git_repository_clone (PostingsGitRepository  *self,
                               const char             *url,
                               GCancellable           *cancellable,
                               GError                **error)
{
  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  return run_sync (self, _postings_git_clone_run, (gpointer) url, cancellable, error) != NULL;
}

void
postings_git_repository_clone_async (PostingsGitRepository *self,
                                     const char            *url,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));
  g_return_if_fail (url != NULL);

  run_async (self, _postings_git_clone_run, g_strdup (url), g_free, NULL,
             postings_git_repository_clone_async, cancellable, callback, user_data);
}

gboolean
postings_git_repository_clone_finish (PostingsGitRepository  *self,
                                      GAsyncResult           *result,
                                      GError                **error)
{
  return finish (self, result, postings_git_repository_clone_async, error) != NULL;
}

GPtrArray *
postings_git_repository_get_changes (PostingsGitRepository  *self,
                                     GCancellable           *cancellable,
                                     GError                **error)
{
  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), NULL);

  return run_sync (self, _postings_git_changes_run, NULL, cancellable, error);
}

void
postings_git_repository_get_changes_async (PostingsGitRepository *self,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));

  run_async (self, _postings_git_changes_run, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
             postings_git_repository_get_changes_async, cancellable, callback, user_data);
}

GPtrArray *
postings_git_repository_get_changes_finish (PostingsGitRepository  *self,
                                            GAsyncResult           *result,
                                            GError                **error)
{
  return finish (self, result, postings_git_repository_get_changes_async, error);
}

static void
publish_args_free (gpointer data)
{
  PostingsGitPublishArgs *args = data;

  g_ptr_array_unref (args->paths);
  g_free (args->message);
  g_free (args->branch);
  g_free (args);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsGitPublishArgs, publish_args_free)

/* The files' paths (the worker makes them relative to the working copy). */
static PostingsGitPublishArgs *
publish_args_new (GPtrArray               *files,
                  const char              *message,
                  const char              *branch,
                  PostingsGitPublishMode   mode)
{
  PostingsGitPublishArgs *args = g_new0 (PostingsGitPublishArgs, 1);

  args->paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (args->paths, g_file_get_path (g_ptr_array_index (files, i)));
  args->message = g_strdup (message);
  args->branch = g_strdup (branch);
  args->mode = mode;
  return args;
}

PostingsGitPublishResult *
postings_git_repository_publish (PostingsGitRepository   *self,
                                 GPtrArray               *files,
                                 const char              *message,
                                 const char              *branch,
                                 PostingsGitPublishMode   mode,
                                 GCancellable            *cancellable,
                                 GError                 **error)
{
  g_autoptr(PostingsGitPublishArgs) args = NULL;

  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), NULL);
  g_return_val_if_fail (files != NULL, NULL);

  args = publish_args_new (files, message, branch, mode);
  return run_sync (self, _postings_git_publish_run, args, cancellable, error);
}

void
postings_git_repository_publish_async (PostingsGitRepository   *self,
                                       GPtrArray               *files,
                                       const char              *message,
                                       const char              *branch,
                                       PostingsGitPublishMode   mode,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));
  g_return_if_fail (files != NULL);

  run_async (self, _postings_git_publish_run,
             publish_args_new (files, message, branch, mode), publish_args_free,
             (GDestroyNotify) postings_git_publish_result_free,
             postings_git_repository_publish_async, cancellable, callback, user_data);
}

PostingsGitPublishResult *
postings_git_repository_publish_finish (PostingsGitRepository  *self,
                                        GAsyncResult           *result,
                                        GError                **error)
{
  return finish (self, result, postings_git_repository_publish_async, error);
}

PostingsGitUpdateResult *
postings_git_repository_update (PostingsGitRepository  *self,
                                GCancellable           *cancellable,
                                GError                **error)
{
  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), NULL);

  return run_sync (self, _postings_git_update_run, NULL, cancellable, error);
}

void
postings_git_repository_update_async (PostingsGitRepository *self,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));

  run_async (self, _postings_git_update_run, NULL, NULL,
             (GDestroyNotify) postings_git_update_result_free,
             postings_git_repository_update_async, cancellable, callback, user_data);
}

PostingsGitUpdateResult *
postings_git_repository_update_finish (PostingsGitRepository  *self,
                                       GAsyncResult           *result,
                                       GError                **error)
{
  return finish (self, result, postings_git_repository_update_async, error);
}

gboolean
postings_git_repository_check_updates (PostingsGitRepository  *self,
                                       guint                  *n_commits,
                                       GCancellable           *cancellable,
                                       GError                **error)
{
  g_autofree guint *count = NULL;

  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), FALSE);

  count = run_sync (self, _postings_git_check_updates_run, NULL, cancellable, error);
  if (n_commits != NULL)
    *n_commits = count != NULL ? *count : 0;
  return count != NULL;
}

void
postings_git_repository_check_updates_async (PostingsGitRepository *self,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));

  run_async (self, _postings_git_check_updates_run, NULL, NULL, g_free,
             postings_git_repository_check_updates_async, cancellable, callback, user_data);
}

gboolean
postings_git_repository_check_updates_finish (PostingsGitRepository  *self,
                                              GAsyncResult           *result,
                                              guint                  *n_commits,
                                              GError                **error)
{
  g_autofree guint *count = finish (self, result, postings_git_repository_check_updates_async, error);

  if (n_commits != NULL)
    *n_commits = count != NULL ? *count : 0;
  return count != NULL;
}

/* Author and fork (quick local changes to .git/config, in the calling thread). */

gboolean
postings_git_repository_get_author (PostingsGitRepository  *self,
                                    char                  **name,
                                    char                  **email)
{
  g_autofree char *path = NULL;
  git_repository *repo = NULL;
  git_signature *signature = NULL;
  gboolean found;

  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), FALSE);

  _postings_git_init ();
  path = g_file_get_path (self->folder);
  if (git_repository_open_ext (&repo, path, 0, NULL) < 0)
    return FALSE;
  found = git_signature_default (&signature, repo) == 0;
  if (found)
    {
      if (name != NULL)
        *name = g_strdup (signature->name);
      if (email != NULL)
        *email = g_strdup (signature->email);
    }
  git_signature_free (signature);
  git_repository_free (repo);
  return found;
}

gboolean
postings_git_repository_set_author (PostingsGitRepository  *self,
                                    const char             *name,
                                    const char             *email,
                                    GError                **error)
{
  g_autofree char *path = NULL;
  g_autofree char *trimmed = NULL;
  git_repository *repo;
  git_config *config = NULL;
  git_config *local = NULL;
  gboolean ok;

  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (name != NULL && email != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0' || strchr (email, '@') == NULL ||
      strpbrk (name, "<>\n") != NULL || strpbrk (email, "<> \n") != NULL)
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_NO_AUTHOR,
                   _("Give a name and an e-mail address such as camille@example.fr."));
      return FALSE;
    }

  path = g_file_get_path (self->folder);
  repo = _postings_git_open (path, error);
  if (repo == NULL)
    return FALSE;

  ok = _postings_git_check (git_repository_config (&config, repo), error,
                            _("Could not read the repository’s settings")) &&
       _postings_git_check (git_config_open_level (&local, config, GIT_CONFIG_LEVEL_LOCAL), error,
                            _("Could not read the repository’s settings")) &&
       _postings_git_check (git_config_set_string (local, "user.name", name), error,
                            _("Could not save the author’s name")) &&
       _postings_git_check (git_config_set_string (local, "user.email", email), error,
                            _("Could not save the author’s e-mail address"));

  git_config_free (local);
  git_config_free (config);
  git_repository_free (repo);
  return ok;
}

gboolean
postings_git_repository_use_fork (PostingsGitRepository  *self,
                                  const char             *fork_url,
                                  GError                **error)
{
  g_autofree char *path = NULL;
  g_autofree char *clean_url = NULL;
  g_autofree char *trimmed = NULL;
  git_repository *repo;
  git_remote *remote = NULL;
  git_strarray problems = { 0, };
  gboolean ok = TRUE;

  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (fork_url != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (fork_url));
  clean_url = postings_git_url_strip_credentials (trimmed, NULL, NULL);
  if (*clean_url == '\0')
    {
      g_set_error (error, POSTINGS_GIT_ERROR, POSTINGS_GIT_ERROR_FAILED,
                   _("Give the address of your copy of the site, such as "
                     "https://github.com/you/site."));
      return FALSE;
    }

  path = g_file_get_path (self->folder);
  repo = _postings_git_open (path, error);
  if (repo == NULL)
    return FALSE;

  if (!remote_exists (repo, "upstream"))
    {
      ok = _postings_git_check (git_remote_rename (&problems, repo, "origin", "upstream"), error,
                                _("Could not keep the site’s address as “upstream”"));
      git_strarray_dispose (&problems);
    }
  if (ok && remote_exists (repo, "origin"))
    ok = _postings_git_check (git_remote_set_url (repo, "origin", clean_url), error,
                              _("Could not set the address of your copy"));
  else if (ok)
    {
      ok = _postings_git_check (git_remote_create (&remote, repo, "origin", clean_url), error,
                                _("Could not add the address of your copy"));
      git_remote_free (remote);
    }

  git_repository_free (repo);
  return ok;
}

gboolean
postings_git_repository_publishes_directly (PostingsGitRepository *self)
{
  g_autoptr(PostingsSchema) schema = NULL;

  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), FALSE);

  schema = postings_schema_load_for_file (self->folder, NULL, NULL);
  return schema != NULL && postings_schema_get_publish_direct (schema);
}

/* What a Publish dialog needs, and its settings, in a worker. */

typedef struct
{
  char *name;
  char *email;
  char *fork_url;
} ConfigureArgs;

static void
configure_args_free (gpointer data)
{
  ConfigureArgs *args = data;

  g_free (args->name);
  g_free (args->email);
  g_free (args->fork_url);
  g_free (args);
}

static gpointer
configure_run (PostingsGitOp  *op,
               gpointer        data,
               GError        **error)
{
  ConfigureArgs *args = data;

  if (args->name != NULL &&
      !postings_git_repository_set_author (op->owner, args->name, args->email, error))
    return NULL;
  if (args->fork_url != NULL &&
      !postings_git_repository_use_fork (op->owner, args->fork_url, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

void
postings_git_repository_configure_async (PostingsGitRepository *self,
                                         const char            *author_name,
                                         const char            *author_email,
                                         const char            *fork_url,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data)
{
  ConfigureArgs *args;

  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));
  g_return_if_fail ((author_name == NULL) == (author_email == NULL));

  args = g_new0 (ConfigureArgs, 1);
  args->name = g_strdup (author_name);
  args->email = g_strdup (author_email);
  args->fork_url = g_strdup (fork_url);
  run_async (self, configure_run, args, configure_args_free, NULL,
             postings_git_repository_configure_async, cancellable, callback, user_data);
}

gboolean
postings_git_repository_configure_finish (PostingsGitRepository  *self,
                                          GAsyncResult           *result,
                                          GError                **error)
{
  return finish (self, result, postings_git_repository_configure_async, error) != NULL;
}

GBytes *
postings_git_repository_read_site_version (PostingsGitRepository  *self,
                                           GFile                  *file,
                                           GCancellable           *cancellable,
                                           GError                **error)
{
  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return run_sync (self, _postings_git_site_version_run, file, cancellable, error);
}

void
postings_git_repository_read_site_version_async (PostingsGitRepository *self,
                                                 GFile                 *file,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));
  g_return_if_fail (G_IS_FILE (file));

  run_async (self, _postings_git_site_version_run, g_object_ref (file), g_object_unref,
             (GDestroyNotify) g_bytes_unref, postings_git_repository_read_site_version_async,
             cancellable, callback, user_data);
}

GBytes *
postings_git_repository_read_site_version_finish (PostingsGitRepository  *self,
                                                  GAsyncResult           *result,
                                                  GError                **error)
{
  return finish (self, result, postings_git_repository_read_site_version_async, error);
}

gboolean
postings_git_repository_restore_deleted (PostingsGitRepository  *self,
                                         GFile                  *file,
                                         GCancellable           *cancellable,
                                         GError                **error)
{
  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return run_sync (self, _postings_git_restore_run, file, cancellable, error) != NULL;
}

void
postings_git_repository_restore_deleted_async (PostingsGitRepository *self,
                                               GFile                 *file,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));
  g_return_if_fail (G_IS_FILE (file));

  run_async (self, _postings_git_restore_run, g_object_ref (file), g_object_unref, NULL,
             postings_git_repository_restore_deleted_async, cancellable, callback, user_data);
}

gboolean
postings_git_repository_restore_deleted_finish (PostingsGitRepository  *self,
                                                GAsyncResult           *result,
                                                GError                **error)
{
  return finish (self, result, postings_git_repository_restore_deleted_async, error) != NULL;
}

GDateTime *
postings_git_repository_get_last_change (PostingsGitRepository  *self,
                                         GFile                  *file,
                                         GCancellable           *cancellable,
                                         GError                **error)
{
  g_return_val_if_fail (POSTINGS_IS_GIT_REPOSITORY (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return run_sync (self, _postings_git_last_change_run, file, cancellable, error);
}

void
postings_git_repository_get_last_change_async (PostingsGitRepository *self,
                                               GFile                 *file,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));
  g_return_if_fail (G_IS_FILE (file));

  run_async (self, _postings_git_last_change_run, g_object_ref (file), g_object_unref,
             (GDestroyNotify) g_date_time_unref, postings_git_repository_get_last_change_async,
             cancellable, callback, user_data);
}

GDateTime *
postings_git_repository_get_last_change_finish (PostingsGitRepository  *self,
                                                GAsyncResult           *result,
                                                GError                **error)
{
  return finish (self, result, postings_git_repository_get_last_change_async, error);
}

static gpointer
describe_run (PostingsGitOp  *op,
              gpointer        data,
              GError        **error)
{
  PostingsGitSiteInfo *info;
  git_repository *repo = _postings_git_open (op->folder, error);
  git_remote *base = NULL;
  git_remote *push = NULL;

  if (repo == NULL)
    return NULL;

  info = g_new0 (PostingsGitSiteInfo, 1);
  postings_git_repository_get_author (op->owner, &info->author_name, &info->author_email);
  info->direct = postings_git_repository_publishes_directly (op->owner);
  base = _postings_git_lookup_base_remote (repo, NULL);
  push = _postings_git_lookup_push_remote (repo, NULL);
  if (base != NULL)
    info->site_url = _postings_git_configured_url (repo, base);
  if (push != NULL)
    info->push_url = _postings_git_configured_url (repo, push);
  git_remote_free (base);
  git_remote_free (push);
  git_repository_free (repo);
  return info;
}

void
postings_git_repository_describe_async (PostingsGitRepository *self,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  g_return_if_fail (POSTINGS_IS_GIT_REPOSITORY (self));

  run_async (self, describe_run, NULL, NULL, (GDestroyNotify) postings_git_site_info_free,
             postings_git_repository_describe_async, cancellable, callback, user_data);
}

PostingsGitSiteInfo *
postings_git_repository_describe_finish (PostingsGitRepository  *self,
                                         GAsyncResult           *result,
                                         GError                **error)
{
  return finish (self, result, postings_git_repository_describe_async, error);
}

/* Results. */

void
postings_git_site_info_free (PostingsGitSiteInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->author_name);
  g_free (info->author_email);
  g_free (info->site_url);
  g_free (info->push_url);
  g_free (info);
}

void
postings_git_file_change_free (PostingsGitFileChange *change)
{
  if (change == NULL)
    return;
  g_free (change->path);
  g_clear_object (&change->file);
  g_free (change->title);
  g_clear_pointer (&change->date, g_date_time_unref);
  g_free (change);
}

void
postings_git_publish_result_free (PostingsGitPublishResult *result)
{
  if (result == NULL)
    return;
  g_free (result->branch);
  g_free (result->local_branch);
  g_free (result->base_branch);
  g_free (result->remote_name);
  g_free (result->remote_url);
  g_free (result->commit_id);
  g_free (result->pull_request_url);
  g_free (result);
}

void
postings_git_update_result_free (PostingsGitUpdateResult *result)
{
  if (result == NULL)
    return;
  g_strfreev (result->updated);
  g_strfreev (result->kept);
  g_free (result->old_id);
  g_free (result->new_id);
  g_free (result);
}
