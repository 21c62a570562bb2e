/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the git tests share: a site repository built from the corpus (bare,
 * served from a folder), the real git command as an independent judge, and
 * the smart-HTTP test server on 127.0.0.1 (git-http-server.py). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GIT_TEST_USER        "camille"
#define GIT_TEST_TOKEN       "ghp_TestToken0123456789abcdef"
#define GIT_TEST_WRONG_TOKEN "ghp_WrongToken000000000000000"
#define GIT_TEST_TIMEOUT_SECONDS 120

/* Three real postings, in the small site and the whole one: A and B are
 * open, C is closed. */
#define GIT_TEST_POSTING_A "content/_jobs/2022-06-28-responsable-produit-PCRS.md"
#define GIT_TEST_POSTING_B "content/_jobs/2022-06-22-envergo.recrute.une.chargee.ou.un.charge.de.deploiement.senior.md"
#define GIT_TEST_POSTING_C "content/_jobs/2022-06-16-chargee.ou.charge.de.deploiement.stage.md"

/* A throw-away world: HOME (no ~/.gitconfig), XDG folders and the folder
 * served over HTTP (ROOT/srv holds site.git). Call once in main(), before
 * g_test_run(): it also sets the environment libgit2 reads. */
void        git_test_init             (int          *argc,
                                       char       ***argv);
const char *git_test_tmp              (void);

typedef struct
{
  char *dir;       /* this test's folder, removed by git_test_site_free() */
  char *bare;      /* DIR/srv/site.git */
  char *upstream;  /* DIR/upstream: a checkout that pushes "someone else's" changes */
  char *srv;       /* DIR/srv */
} GitTestSite;

/* A bare site repository holding the corpus' 543 postings in
 * content/_jobs (one commit on main), or, with @small, A, B and C. NULL
 * (the test is skipped) when the corpus is absent. */
GitTestSite *git_test_site_new          (gboolean     small);
void         git_test_site_free         (GitTestSite *site);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GitTestSite, git_test_site_free)

/* Commits @contents as @path in the upstream checkout and pushes it to main
 * (NULL @contents deletes the file). */
void         git_test_site_push_change  (GitTestSite *site,
                                         const char  *path,
                                         const char  *contents,
                                         const char  *message);

/* The user's copy of @site (DIR/user, cloned from the bare folder), its
 * origin then set to @url, with an author (Camille Martin). */
char        *git_test_user_clone        (GitTestSite *site,
                                         const char  *url);

/* Runs `git ARGS…` in @cwd (NULL: the current folder); fails the test
 * unless it exits 0. Returns stdout. */
char        *git_test_git               (const char  *cwd,
                                         ...) G_GNUC_NULL_TERMINATED;
/* Runs `@program ARGS…` in @cwd, without a display, with the @env pairs
 * (NULL, or "NAME", "value", …, NULL) set: fails the test unless it ran
 * and exited; returns the exit status, what it wrote in @out and @err. */
int          git_test_run               (const char          *program,
                                         const char          *cwd,
                                         const char * const  *env,
                                         char               **out,
                                         char               **err,
                                         ...) G_GNUC_NULL_TERMINATED;
int          git_test_runv              (const char          *program,
                                         const char          *cwd,
                                         const char * const  *env,
                                         char               **out,
                                         char               **err,
                                         va_list              args);
/* The same, returning the exit status; stdout in @out (optional). */
int          git_test_git_status        (const char  *cwd,
                                         char       **out,
                                         ...) G_GNUC_NULL_TERMINATED;

typedef struct
{
  GSubprocess *process;
  guint        port;
  char        *root;
  char        *log;
  char        *read_only;  /* repositories nobody may push to (comma-separated) */
} GitTestServer;

/* Starts the server on @port (0: a free one) for the repositories in @root,
 * with the account GIT_TEST_USER / GIT_TEST_TOKEN, and waits until it
 * listens (it prints its port). */
GitTestServer *git_test_server_start    (const char    *root,
                                         guint          port,
                                         const char    *read_only);
void           git_test_server_stop     (GitTestServer *server);
/* Stops it and starts it again on the same port. */
void           git_test_server_restart  (GitTestServer *server);
void           git_test_server_free     (GitTestServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GitTestServer, git_test_server_free)
/* http://127.0.0.1:PORT/@repo */
char          *git_test_server_url      (GitTestServer *server,
                                         const char    *repo);
/* The server's request log ("METHOD PATH USER STATUS" lines, "LEAK …"). */
char          *git_test_server_read_log (GitTestServer *server);

/* A server on 127.0.0.1 that accepts connections and never answers
 * (stall-server.py): a host that hangs. */
typedef struct
{
  GSubprocess      *process;
  guint             port;
  GDataInputStream *lines;
  GCancellable     *cancellable;
  guint             accepted;  /* connections so far, as the main loop learnt them */
} GitTestStallServer;

GitTestStallServer *git_test_stall_server_start (void);
void                git_test_stall_server_free  (GitTestStallServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GitTestStallServer, git_test_stall_server_free)
/* http://127.0.0.1:PORT/@repo */
char               *git_test_stall_server_url   (GitTestStallServer *server,
                                                 const char         *repo);

char        *git_test_read_file         (const char  *path);
void         git_test_write_file        (const char  *path,
                                         const char  *contents);
/* Does any file below @dir (recursively) contain @needle? */
/* Replaces the first @from of @path's text by @to (one line changes). */
void         git_test_edit_file         (const char  *path,
                                         const char  *from,
                                         const char  *to);
gboolean     git_test_tree_contains     (const char  *dir,
                                         const char  *needle);

/* Runs the main loop until @cond holds; fails after GIT_TEST_TIMEOUT_SECONDS. */
gboolean     git_test_timeout_cb        (gpointer     data);
#define GIT_TEST_WAIT_FOR(cond)                                                  \
  G_STMT_START {                                                                 \
    gboolean timed_out_ = FALSE;                                                 \
    guint timeout_id_ = g_timeout_add_seconds (GIT_TEST_TIMEOUT_SECONDS,         \
                                               git_test_timeout_cb, &timed_out_); \
    while (!(cond) && !timed_out_)                                               \
      g_main_context_iteration (NULL, TRUE);                                     \
    if (!timed_out_)                                                             \
      g_source_remove (timeout_id_);                                             \
    if (!(cond))                                                                 \
      g_error ("Timed out after %d s waiting for: %s", GIT_TEST_TIMEOUT_SECONDS, #cond); \
  } G_STMT_END

G_END_DECLS
