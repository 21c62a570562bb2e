/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include "postings-error.h"
#include "postings-schema-private.h"
#include "postings-slug.h"
#include "postings-template.h"

#define TEMPLATE_RESOURCE "templates/posting.md"

GBytes *
postings_template_get_bytes (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = _postings_core_lookup_resource (TEMPLATE_RESOURCE, &error);

  /* Built into the library: missing only in a broken build. */
  if (bytes == NULL)
    g_error ("The posting template is missing: %s", error->message);

  return bytes;
}

PostingsDocument *
postings_document_new_from_template (const char  *roles,
                                     const char  *date,
                                     GError     **error)
{
  g_autoptr(PostingsDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      today = g_date_time_format (now, "%Y-%m-%d");
      date = today;
    }
  else if (!postings_date_is_valid (date))
    {
      g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED,
                   _("“%s” is not a date: write it as YYYY-MM-DD, for example 2026-03-01."),
                   date);
      return NULL;
    }

  bytes = postings_template_get_bytes ();
  document = postings_document_new_from_bytes (bytes);

  if (postings_document_get_state (document) != POSTINGS_DOCUMENT_OK)
    g_error ("The posting template does not parse");

  postings_document_set_key_order (document,
                                   postings_schema_get_key_order (postings_schema_get_default ()));

  /* The template's `roles:` is empty (null), so the first value written
   * there, now or later in the form, gets no quotes unless YAML needs them. */
  if (roles != NULL &&
      !postings_document_set_value (document, "roles", roles, POSTINGS_VALUE_TEXT, error))
    return NULL;

  if (!postings_document_set_value (document, "date", date, POSTINGS_VALUE_DATE, error))
    return NULL;

  return g_steal_pointer (&document);
}
