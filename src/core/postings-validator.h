/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "postings-document.h"
#include "postings-schema.h"

G_BEGIN_DECLS

/*
 * The validator: one list of diagnostics for a posting, used live by the
 * window and by `postings check` in CI.
 *
 * Rules. The id is stable (it is printed by `postings check` and may be
 * used by scripts); "fix" says which safe repair is offered.
 *
 *  id                           severity    what                                           fix
 *  ---------------------------  ----------  ---------------------------------------------  -----------------------------
 *  empty-file                   error       the file is empty
 *  no-front-matter              error       plain text, no header at all
 *  blank-before-front-matter    error       blank lines before the opening `---`           drop the blank lines
 *  text-before-front-matter     error       text before the opening `---`                  move it into the body
 *  missing-opening-delimiter    error       fields but no opening `---`                    add `---` on line 1
 *  bad-opening-delimiter        error       `----`, ` ---` instead of `---`                write `---`
 *  missing-closing-delimiter    error       no closing `---` (or an indented one)          add / unindent it
 *  front-matter-unreadable      error       the YAML does not parse (exact place)          quote the value, add the
 *                                                                                          space after `:` (when that
 *                                                                                          makes the line read)
 *  front-matter-not-a-mapping   error       the header is not `key: value` lines
 *  duplicate-key                error       a key written twice (the site keeps the last)  delete the earlier line
 *  quoted-boolean               error       `open: "true"`: text where yes/no is expected  write `true` / `false`
 *  wrong-type                   error       a list where one value is expected, text
 *                                           where yes/no or a date is expected, …
 *  invalid-date                 error       not `YYYY-MM-DD` nor a timestamp
 *  date-order                   error       `depublication_date` before `date` (and
 *                                           `poste_ferme` before `poste_ouvert`)
 *  offer-expired                warning     `open: true` but the closing date              close the offer (`open:
 *                                           (`depublication_date`, else `poste_ferme`)     false`; offered only,
 *                                           is before today                                never by --fix)
 *  invalid-email                error       `contact` is not an email address
 *  invalid-url                  error       `externalURL` is not a web address
 *  insecure-url                 warning     `externalURL` starts with http:// not https://
 *  invalid-choice               warning     a value outside the field's choices (`domaines`)
 *  required-field               error       `roles`, `open` missing or empty; `friend`,
 *                                           `externalURL` when `type: friend`
 *  unknown-key                  warning     a key the schema does not know, with the       rename it (automatic for
 *                               /suggestion likely intended key (aliases, then edit        aliases and case; offered
 *                                           distance <= 2); suggestion when none           only for a likeness)
 *  comment-as-value             warning     `startup: #mobilic`: YAML reads an empty value
 *  unknown-reference            error       `startup` names no content/_startups/<id>.md
 *                                           (only when the repository is known)
 *  file-name-extension          error       the name does not end in `.md`                 rename the file
 *  file-name-format             warning     the name is not `YYYY-MM-DD-slug.md`           rename the file
 *  file-name-date               warning     the date in the name is not `date`             rename the file
 *  skipped-entry                warning     in a folder walked (`postings check DIR`, the
 *                                           site): a named pipe, socket or device, a link
 *                                           to nothing, a link loop or a folder already
 *                                           read; reported by the walk (postings-walk.h),
 *                                           not by postings_validate ()
 *  empty-body                   warning     nothing after the header
 *  missing-excerpt              suggestion  no `<!--more-->` excerpt marker                add it after the first
 *                                                                                          paragraph (offered only)
 *  heading-level-1              suggestion  a `# Title` in the body (the page has one)
 *  empty-link                   warning     `[text]()` or `[](address)`
 *  point-median                 suggestion  the point médian `·`: the site recommends
 *                                           « développeur ou développeuse »
 *  embedded-image               suggestion  an image pasted as a `data:` URI (its size     write it to a file of the
 *                                           in the message)                                site's images folder and
 *                                                                                          link it (inside a site;
 *                                                                                          writes a file: never
 *                                                                                          automatic)
 *  word-processor-marker        warning     `<!--StartFragment-->`, `<!--EndFragment-->`   remove it (its line when it
 *                                           left by pasting from a word processor          is alone there)
 *  site-renders-differently     suggestion  the site (kramdown) and plain Markdown show    a blank line, an indent, …
 *                                           the body differently: a title or sub-list      (offered, not automatic:
 *                                           right after a list item, ` ## `, `1)`, a `|`   postings-site-markdown.h)
 *                                           that makes a table, …
 *
 * Fixes are lossless edits of the document (through the document's edit
 * API, or for a header that does not parse a splice of the faulty lines
 * only); the caller can undo one by restoring the text it had before.
 * Renaming the file is a fix the caller applies (POSTINGS_FIX_RENAME_FILE).
 * The `embedded-image` fix is an EDIT that first writes a new image file
 * (fix_writes_file): undoing the edit leaves that file, unused.
 */

typedef enum
{
  POSTINGS_SEVERITY_ERROR,
  POSTINGS_SEVERITY_WARNING,
  POSTINGS_SEVERITY_SUGGESTION,
} PostingsSeverity;

typedef enum
{
  POSTINGS_FIX_NONE,
  POSTINGS_FIX_EDIT,         /* postings_diagnostic_apply_fix() edits the document */
  POSTINGS_FIX_RENAME_FILE,  /* rename the file to fix_file_name (postings_validator_rename_file()) */
} PostingsFixKind;

/* One diagnostic. Fields are read-only; the struct is reference counted
 * (boxed type POSTINGS_TYPE_DIAGNOSTIC). Lines and columns are 1-based and
 * count characters, as an editor shows them; lines are lines of the file
 * (body diagnostics included). */
typedef struct
{
  PostingsSeverity  severity;
  const char       *rule;          /* stable kebab-case id (table above), static */
  char             *key;           /* the front-matter key concerned, or NULL */
  guint             line;
  guint             column;
  PostingsSpan      span;          /* bytes of the document text to underline; empty when unknown */
  guint             related_line;  /* another line concerned (the later duplicate), else 0 */
  char             *message;       /* plain French (gettext): what is wrong, where, what to do */
  PostingsFixKind   fix_kind;
  char             *fix_label;     /* what the fix does, e.g. "Put the value of “title” between quotes" */
  char             *fix_file_name; /* RENAME_FILE: the new base name */
  gboolean          fix_automatic; /* applied by postings_validator_fix_all() and
                                    * `postings check --fix`; FALSE for a fix that
                                    * rests on a guess (a key renamed by
                                    * likeness): offered to the user only */
  gboolean          fix_writes_file; /* EDIT that also creates a file in the site
                                      * (`embedded-image`); never automatic */
} PostingsDiagnostic;

#define POSTINGS_TYPE_DIAGNOSTIC (postings_diagnostic_get_type ())

GType                postings_diagnostic_get_type  (void) G_GNUC_CONST;
PostingsDiagnostic  *postings_diagnostic_ref       (PostingsDiagnostic  *self);
void                 postings_diagnostic_unref     (PostingsDiagnostic  *self);

/* Applies an EDIT fix to @document, which must be the document (at the
 * same revision) the diagnostic was computed for; otherwise, or when the
 * edit would not read back as intended, returns FALSE with an error and
 * leaves the document unchanged. */
gboolean             postings_diagnostic_apply_fix (PostingsDiagnostic  *self,
                                                    PostingsDocument    *document,
                                                    GError             **error);

/* "error", "warning", "suggestion" (untranslated, as printed by the CLI). */
const char          *postings_severity_to_string   (PostingsSeverity     severity);

/* The diagnostics of @document, sorted by line then column: a new array of
 * PostingsDiagnostic (it owns them). @schema NULL uses the built-in one;
 * @root (the repository root, optional) enables the reference rules;
 * @file_name (the file's base name, optional) enables the file rules. */
GPtrArray           *postings_validate             (PostingsDocument    *document,
                                                    PostingsSchema      *schema,
                                                    GFile               *root,
                                                    const char          *file_name);

/* The same, for many postings of one site in a row: @cache keeps what the
 * reference rules read (the list of content/_startups) from one call to the
 * next. A cache belongs to one thread at a time; make a new one for each
 * pass over a site, so that files added meanwhile are seen. */
typedef struct _PostingsValidatorCache PostingsValidatorCache;

PostingsValidatorCache *postings_validator_cache_new  (void);
void                 postings_validator_cache_free (PostingsValidatorCache *cache);
/* FALSE: the diagnostics may lack the fixes that are only offered to the
 * user, never applied by postings_validator_fix_all() (the command line
 * neither shows nor applies them): making sure that an offered edit of
 * the text really helps parses the edited text again. TRUE by default. */
void                 postings_validator_cache_set_offered_fixes (PostingsValidatorCache *cache,
                                                                 gboolean                wanted);
GPtrArray           *postings_validate_cached      (PostingsDocument       *document,
                                                    PostingsSchema         *schema,
                                                    GFile                  *root,
                                                    const char             *file_name,
                                                    PostingsValidatorCache *cache);

guint                postings_validator_count      (GPtrArray           *diagnostics,
                                                    PostingsSeverity     severity);

/* Applies the automatic EDIT fixes one at a time, validating again after each, until
 * none applies (at most @max_passes, 0 for the default of 32). Returns the
 * diagnostics whose fix was applied, in order (their lines are those of
 * the text at the time). File renames are left to the caller. */
GPtrArray           *postings_validator_fix_all    (PostingsDocument    *document,
                                                    PostingsSchema      *schema,
                                                    GFile               *root,
                                                    const char          *file_name,
                                                    guint                max_passes);

/* Renames @file to @new_name in the same folder, never replacing an
 * existing file (G_IO_ERROR_EXISTS). */
gboolean             postings_validator_rename_file (GFile              *file,
                                                     const char         *new_name,
                                                     GFile             **out_file,
                                                     GError            **error);

/* The rules, for documentation and statistics. */
typedef struct
{
  const char        *id;
  PostingsSeverity   severity;   /* usual severity */
  gboolean           fixable;    /* a fix exists for some cases */
} PostingsRuleInfo;

const PostingsRuleInfo *postings_validator_get_rules (guint *n_rules);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsDiagnostic, postings_diagnostic_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PostingsValidatorCache, postings_validator_cache_free)

G_END_DECLS
