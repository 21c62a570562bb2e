/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A libgit2 socket stream on GIO, for libgit2 < 1.7: it never waits forever
 * for a silent server, and the operation's Cancel interrupts it (libgit2
 * 1.5 only looks at Cancel in its callbacks, which do not run while it
 * waits in recv()). */
#include "postings-git-stream.h"

#include <git2.h>
#include <git2/sys/stream.h>
#include <sys/socket.h>

#if LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR < 7
# define USE_GIO_STREAM 1
#endif

#define CONNECT_TIMEOUT_MS 30000
#define IO_TIMEOUT_MS      120000

static guint connect_timeout_ms = CONNECT_TIMEOUT_MS;
static guint io_timeout_ms = IO_TIMEOUT_MS;

/* What this thread's operation gave: its cancellable, and whether a stream
 * timed out. Every operation runs in its own thread (postings-git.c). */
typedef struct
{
  GCancellable *cancellable;
  gboolean      timed_out;
} StreamContext;

static void
stream_context_free (gpointer data)
{
  StreamContext *context = data;

  g_clear_object (&context->cancellable);
  g_free (context);
}

static GPrivate stream_context = G_PRIVATE_INIT (stream_context_free);

static StreamContext *
get_context (void)
{
  StreamContext *context = g_private_get (&stream_context);

  if (context == NULL)
    {
      context = g_new0 (StreamContext, 1);
      g_private_set (&stream_context, context);
    }
  return context;
}

void
_postings_git_stream_set_cancellable (GCancellable *cancellable)
{
  StreamContext *context = get_context ();

  g_set_object (&context->cancellable, cancellable);
  context->timed_out = FALSE;
}

void
_postings_git_stream_clear_failure (void)
{
  get_context ()->timed_out = FALSE;
}

gboolean
_postings_git_stream_timed_out (void)
{
  return get_context ()->timed_out;
}

/* The stream.
 *
 * libgit2 1.5's SSH transport (src/libgit2/transports/ssh.c,
 * _git_ssh_session_create()) casts the standard stream to its private
 * git_socket_stream and hands the socket to libssh2_session_handshake().
 * In libgit2 1.5.1 (src/libgit2/streams/socket.h) that struct is
 *
 *   typedef struct {
 *     git_stream parent;
 *     char *host;
 *     char *port;
 *     GIT_SOCKET s;        (an int on Linux)
 *   } git_socket_stream;
 *
 * so this stream begins with the same four fields, `fd` being the
 * GSocket's descriptor. libssh2 then reads and writes the descriptor
 * itself (it puts it in non-blocking mode anyway, as GSocket does), so an
 * SSH transfer is not covered by the timeouts below, only its connection;
 * Cancel still stops it, by shutting the socket down (libssh2 then reads
 * the end of the connection). libgit2 1.7 changed the struct; this stream
 * is not used there. */
typedef struct
{
  git_stream         parent;
  char              *host;
  char              *port;
  int                fd;

  GSocketConnection *connection;
  GSocket           *socket;
  GCancellable      *cancellable;
  gulong             cancelled_id;
} PostingsGitStream;

/* Sets libgit2's error from GIO's; -1. */
static int
stream_fail (PostingsGitStream *self,
             const char        *what,
             const GError      *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      get_context ()->timed_out = TRUE;
      git_error_set (GIT_ERROR_NET, "%s %s: timed out", what, self->host);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    git_error_set (GIT_ERROR_NET, "%s %s: cancelled", what, self->host);
  else if (error->domain == G_RESOLVER_ERROR)
    git_error_set (GIT_ERROR_NET, "failed to resolve address for %s: %s", self->host,
                   error->message);
  else
    git_error_set (GIT_ERROR_OS, "%s %s: %s", what, self->host, error->message);
  return -1;
}

/* In the thread that cancels: whoever waits on the socket (us or libssh2)
 * sees the connection end. */
static void
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  PostingsGitStream *self = data;

  shutdown (self->fd, SHUT_RDWR);
}

static int
stream_connect (git_stream *stream)
{
  PostingsGitStream *self = (PostingsGitStream *) stream;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GError) error = NULL;
  guint64 port = 0;

  if (!g_ascii_string_to_unsigned (self->port, 10, 1, G_MAXUINT16, &port, NULL))
    {
      git_error_set (GIT_ERROR_NET, "failed to connect to %s: invalid port “%s”", self->host,
                     self->port);
      return -1;
    }

  address = g_network_address_new (self->host, (guint16) port);
  /* libgit2 talks to proxies itself, as its own stream does. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, (connect_timeout_ms + 999) / 1000);
  self->connection = g_socket_client_connect (client, address, self->cancellable, &error);
  if (self->connection == NULL)
    return stream_fail (self, "failed to connect to", error);

  self->socket = g_object_ref (g_socket_connection_get_socket (self->connection));
  /* Waits are ours (below), in milliseconds. */
  g_socket_set_timeout (self->socket, 0);
  g_socket_set_blocking (self->socket, FALSE);
  self->fd = g_socket_get_fd (self->socket);
  if (self->cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (self->cancellable, G_CALLBACK (cancelled_cb),
                                                self, NULL);
  return 0;
}

/* Before the socket is closed (waits for a running cancelled_cb()). */
static void
stream_disconnect_cancel (PostingsGitStream *self)
{
  if (self->cancelled_id != 0)
    g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  self->cancelled_id = 0;
}

/* Receives into, or sends, @data: what the socket takes or gives at once,
 * waiting for it at most io_timeout_ms. */
static ssize_t
stream_transfer (PostingsGitStream *self,
                 gboolean           sending,
                 void              *data,
                 size_t             len)
{
  const char *what = sending ? "error sending data to" : "error receiving data from";

  if (self->socket == NULL)
    {
      git_error_set (GIT_ERROR_NET, "%s %s: not connected", what, self->host);
      return -1;
    }

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = sending ? g_socket_send (self->socket, data, len, self->cancellable, &error)
                         : g_socket_receive (self->socket, data, len, self->cancellable, &error);

      if (n >= 0)
        return n;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return stream_fail (self, what, error);
      g_clear_error (&error);
      if (!g_socket_condition_timed_wait (self->socket, sending ? G_IO_OUT : G_IO_IN,
                                          (gint64) io_timeout_ms * 1000, self->cancellable,
                                          &error))
        return stream_fail (self, what, error);
    }
}

static ssize_t
stream_read (git_stream *stream,
             void       *data,
             size_t      len)
{
  return stream_transfer ((PostingsGitStream *) stream, FALSE, data, len);
}

static ssize_t
stream_write (git_stream *stream,
              const char *data,
              size_t      len,
              int         flags)
{
  return stream_transfer ((PostingsGitStream *) stream, TRUE, (void *) data, len);
}

static int
stream_close (git_stream *stream)
{
  PostingsGitStream *self = (PostingsGitStream *) stream;
  g_autoptr(GError) error = NULL;
  gboolean closed = TRUE;

  stream_disconnect_cancel (self);
  if (self->connection != NULL)
    closed = g_io_stream_close (G_IO_STREAM (self->connection), NULL, &error);
  g_clear_object (&self->socket);
  g_clear_object (&self->connection);
  self->fd = -1;
  if (!closed)
    return stream_fail (self, "error closing the connection to", error);
  return 0;
}

static void
stream_free (git_stream *stream)
{
  PostingsGitStream *self = (PostingsGitStream *) stream;

  stream_disconnect_cancel (self);
  g_clear_object (&self->socket);
  g_clear_object (&self->connection);
  g_clear_object (&self->cancellable);
  g_free (self->host);
  g_free (self->port);
  g_free (self);
}

static int
stream_new (git_stream **out,
            const char  *host,
            const char  *port)
{
  PostingsGitStream *self = g_new0 (PostingsGitStream, 1);
  StreamContext *context = get_context ();

  self->parent.version = GIT_STREAM_VERSION;
  self->parent.encrypted = 0;
  self->parent.proxy_support = 0;  /* as libgit2's own socket stream */
  self->parent.connect = stream_connect;
  self->parent.read = stream_read;
  self->parent.write = stream_write;
  self->parent.close = stream_close;
  self->parent.free = stream_free;
  self->host = g_strdup (host);
  self->port = g_strdup (port != NULL ? port : "");
  self->fd = -1;
  if (context->cancellable != NULL)
    self->cancellable = g_object_ref (context->cancellable);

  *out = &self->parent;
  return 0;
}

void
_postings_git_stream_init (void)
{
  const char *env = g_getenv ("POSTINGS_GIT_TIMEOUT_MS");
  guint64 ms = 0;
#ifdef USE_GIO_STREAM
  static git_stream_registration registration = {
    .version = GIT_STREAM_VERSION,
    .init = stream_new,
    .wrap = NULL,
  };
#endif

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, G_MAXINT32 / 1000, &ms, NULL))
    connect_timeout_ms = io_timeout_ms = (guint) ms;

#ifdef USE_GIO_STREAM
  if (git_stream_register (GIT_STREAM_STANDARD, &registration) < 0)
    g_warning ("Could not set up the network timeouts of git: %s",
               git_error_last () != NULL ? git_error_last ()->message : "libgit2");
#else
  /* libgit2 1.7+ has its own. */
  git_libgit2_opts (GIT_OPT_SET_SERVER_CONNECT_TIMEOUT, (int) connect_timeout_ms);
  git_libgit2_opts (GIT_OPT_SET_SERVER_TIMEOUT, (int) io_timeout_ms);
  (void) stream_new;
#endif
}
