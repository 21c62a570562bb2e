/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "postings-core-i18n.h"

#include <enchant.h>
#include <string.h>

#include "postings-error.h"
#include "postings-spell-private.h"

struct _PostingsSpellChecker
{
  GObject parent_instance;

  char *language;
  GMutex lock;            /* guards dict and cache: enchant is not thread-safe */
  EnchantDict *dict;
  GHashTable *cache;      /* word → GINT_TO_POINTER (1 right, 2 unknown) */
  GHashTable *suggestions; /* misspelt part → GStrv: the dictionary's corrections */
  guint n_dict_checks;    /* calls into enchant, for the tests */
  guint n_dict_suggests;
};

G_DEFINE_FINAL_TYPE (PostingsSpellChecker, postings_spell_checker, G_TYPE_OBJECT)

/* One broker for the process; the checkers it made live as long. */
static GMutex broker_lock;
static EnchantBroker *broker;
static GHashTable *checkers;  /* language asked → PostingsSpellChecker */

static void
postings_spell_checker_finalize (GObject *object)
{
  PostingsSpellChecker *self = POSTINGS_SPELL_CHECKER (object);

  g_mutex_lock (&broker_lock);
  if (self->dict != NULL)
    enchant_broker_free_dict (broker, self->dict);
  g_mutex_unlock (&broker_lock);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->suggestions, g_hash_table_unref);
  g_clear_pointer (&self->language, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (postings_spell_checker_parent_class)->finalize (object);
}

static void
postings_spell_checker_class_init (PostingsSpellCheckerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = postings_spell_checker_finalize;
}

static void
postings_spell_checker_init (PostingsSpellChecker *self)
{
  g_mutex_init (&self->lock);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->suggestions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
}

static EnchantBroker *
get_broker (void)
{
  if (broker == NULL)
    broker = enchant_broker_init ();
  return broker;
}

PostingsSpellChecker *
postings_spell_checker_get_for_language (const char  *language,
                                         GError     **error)
{
  static const char * const french[] = { "fr_FR", "fr", NULL };
  const char * const single[] = { language, NULL };
  const char * const *tags = language != NULL ? single : french;
  const char *key = language != NULL ? language : "";
  PostingsSpellChecker *self;

  g_mutex_lock (&broker_lock);
  if (checkers == NULL)
    checkers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self = g_hash_table_lookup (checkers, key);
  if (self == NULL)
    {
      EnchantBroker *b = get_broker ();
      EnchantDict *dict = NULL;
      const char *tag = NULL;

      for (guint i = 0; tags[i] != NULL && dict == NULL; i++)
        if (b != NULL && enchant_broker_dict_exists (b, tags[i]))
          {
            tag = tags[i];
            dict = enchant_broker_request_dict (b, tag);
          }
      if (dict != NULL)
        {
          self = g_object_new (POSTINGS_TYPE_SPELL_CHECKER, NULL);
          self->dict = dict;
          self->language = g_strdup (tag);
          g_hash_table_insert (checkers, g_strdup (key), self);
        }
    }
  if (self != NULL)
    g_object_ref (self);
  g_mutex_unlock (&broker_lock);

  if (self == NULL)
    {
      if (language == NULL || g_str_has_prefix (language, "fr"))
        g_set_error_literal (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND,
                             _("No French dictionary is installed, so spelling is not checked. Install the French dictionary (package hunspell-fr)."));
      else
        g_set_error (error, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND,
                     _("No dictionary is installed for the language “%s”, so spelling is not checked."),
                     language);
    }
  return self;
}

static void
get_for_language_thread (GTask        *task,
                         gpointer      source,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  GError *error = NULL;
  PostingsSpellChecker *checker = postings_spell_checker_get_for_language (task_data, &error);

  if (checker == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, checker, g_object_unref);
}

void
postings_spell_checker_get_for_language_async (const char          *language,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, postings_spell_checker_get_for_language_async);
  g_task_set_task_data (task, g_strdup (language), g_free);
  g_task_run_in_thread (task, get_for_language_thread);
}

PostingsSpellChecker *
postings_spell_checker_get_for_language_finish (GAsyncResult  *result,
                                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
postings_spell_checker_get_language (PostingsSpellChecker *self)
{
  g_return_val_if_fail (POSTINGS_IS_SPELL_CHECKER (self), NULL);
  return self->language;
}

static gboolean
dict_check_cb (const char *form,
               gsize       len,
               gpointer    user_data)
{
  PostingsSpellChecker *self = user_data;

  self->n_dict_checks++;
  return enchant_dict_check (self->dict, form, (ssize_t) len) == 0;
}

gboolean
postings_spell_checker_check_word (PostingsSpellChecker *self,
                                   const char           *word,
                                   gssize                len)
{
  g_autofree char *key = NULL;
  gpointer known;
  gboolean right;

  g_return_val_if_fail (POSTINGS_IS_SPELL_CHECKER (self), TRUE);
  g_return_val_if_fail (word != NULL, TRUE);

  if (len < 0)
    len = (gssize) strlen (word);
  if (len == 0 || !g_utf8_validate (word, len, NULL))
    return TRUE;
  key = g_strndup (word, (gsize) len);

  g_mutex_lock (&self->lock);
  known = g_hash_table_lookup (self->cache, key);
  if (known != NULL)
    right = GPOINTER_TO_INT (known) == 1;
  else
    {
      right = postings_word_check (key, (gsize) len, dict_check_cb, self);
      g_hash_table_insert (self->cache, g_steal_pointer (&key), GINT_TO_POINTER (right ? 1 : 2));
    }
  g_mutex_unlock (&self->lock);
  return right;
}

GArray *
postings_spell_checker_check_words (PostingsSpellChecker *self,
                                    const char           *text,
                                    GArray               *words)
{
  GArray *unknown = g_array_new (FALSE, FALSE, sizeof (PostingsWord));

  g_return_val_if_fail (POSTINGS_IS_SPELL_CHECKER (self), unknown);
  g_return_val_if_fail (words != NULL, unknown);

  for (guint i = 0; i < words->len; i++)
    {
      PostingsWord *w = &g_array_index (words, PostingsWord, i);

      if (!postings_spell_checker_check_word (self, text + w->start, (gssize) (w->end - w->start)))
        g_array_append_val (unknown, *w);
    }
  return unknown;
}

/* The part of an inclusive form or elision that is wrong, so that the
 * corrections are built on it: développeu·euse → développeu, the rest
 * kept around it. */
static void
misspelt_part (PostingsSpellChecker *self,
               const char           *word,
               gsize                 len,
               gsize                *start,
               gsize                *end)
{
  *start = 0;
  *end = len;
  for (const char *p = word; p < word + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c == '\'' || c == 0x2019) && *start == 0 && p - word <= 6)
        *start = (gsize) (g_utf8_next_char (p) - word);
      else if ((c == 0xB7 || c == 0x2027 || c == 0x22C5 || c == '.' || c == '(') && p > word)
        {
          gsize at = (gsize) (p - word);

          if (at > *start && enchant_dict_check (self->dict, word + *start, (ssize_t) (at - *start)) != 0)
            *end = at;
          break;
        }
    }
  if (*start >= *end)
    *start = 0;
}

GStrv
postings_spell_checker_suggest (PostingsSpellChecker *self,
                                const char           *word,
                                gssize                len,
                                guint                 max)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *part = NULL;
  char **list;
  size_t n = 0;
  gsize start, end;
  guint count = 0;

  g_return_val_if_fail (POSTINGS_IS_SPELL_CHECKER (self), NULL);
  g_return_val_if_fail (word != NULL, NULL);

  if (len < 0)
    len = (gssize) strlen (word);
  if (len == 0 || !g_utf8_validate (word, len, NULL))
    return g_strv_builder_end (builder);

  g_mutex_lock (&self->lock);
  misspelt_part (self, word, (gsize) len, &start, &end);
  part = g_strndup (word + start, end - start);
  list = g_hash_table_lookup (self->suggestions, part);
  if (list == NULL)
    {
      /* once per misspelt part: l’Etat and d’Etat ask for “Etat” */
      char **found = enchant_dict_suggest (self->dict, part, (ssize_t) (end - start), &n);

      self->n_dict_suggests++;
      list = g_new0 (char *, n + 1);
      for (size_t i = 0; i < n; i++)
        list[i] = g_strdup (found[i]);
      if (found != NULL)
        enchant_dict_free_string_list (self->dict, found);
      g_hash_table_insert (self->suggestions, g_steal_pointer (&part), list);
    }
  n = g_strv_length (list);
  for (size_t i = 0; i < n && (max == 0 || count < max); i++)
    {
      g_autoptr(GString) full = g_string_new_len (word, (gssize) start);

      g_string_append (full, list[i]);
      g_string_append_len (full, word + end, (gssize) ((gsize) len - end));
      if (g_hash_table_contains (seen, full->str))
        continue;
      g_strv_builder_add (builder, full->str);
      g_hash_table_add (seen, g_strdup (full->str));
      count++;
    }
  g_mutex_unlock (&self->lock);
  return g_strv_builder_end (builder);
}

void
_postings_spell_checker_get_counts (PostingsSpellChecker *self,
                                    guint                *n_checks,
                                    guint                *n_suggests)
{
  g_mutex_lock (&self->lock);
  if (n_checks != NULL)
    *n_checks = self->n_dict_checks;
  if (n_suggests != NULL)
    *n_suggests = self->n_dict_suggests;
  g_mutex_unlock (&self->lock);
}

static void
forget (PostingsSpellChecker *self,
        const char           *word,
        gssize                len)
{
  g_autofree char *key = g_strndup (word, (gsize) len);

  g_hash_table_remove (self->cache, key);
}

/* Into the personal dictionary, or for this session only. */
static void
learn (PostingsSpellChecker *self,
       const char           *word,
       gssize                len,
       gboolean              personal)
{
  g_return_if_fail (POSTINGS_IS_SPELL_CHECKER (self));
  g_return_if_fail (word != NULL);

  if (len < 0)
    len = (gssize) strlen (word);
  g_mutex_lock (&self->lock);
  if (personal)
    enchant_dict_add (self->dict, word, len);
  else
    enchant_dict_add_to_session (self->dict, word, len);
  forget (self, word, len);
  g_mutex_unlock (&self->lock);
}

void
postings_spell_checker_add_word (PostingsSpellChecker *self,
                                 const char           *word,
                                 gssize                len)
{
  learn (self, word, len, TRUE);
}

void
postings_spell_checker_ignore_word (PostingsSpellChecker *self,
                                    const char           *word,
                                    gssize                len)
{
  learn (self, word, len, FALSE);
}

static void
list_dict_cb (const char * const lang_tag,
              const char * const provider_name,
              const char * const provider_desc,
              const char * const provider_file,
              void              *user_data)
{
  GPtrArray *tags = user_data;

  for (guint i = 0; i < tags->len; i++)
    if (g_str_equal (g_ptr_array_index (tags, i), lang_tag))
      return;
  g_ptr_array_add (tags, g_strdup (lang_tag));
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
postings_spell_list_languages (void)
{
  GPtrArray *tags = g_ptr_array_new ();

  g_mutex_lock (&broker_lock);
  if (get_broker () != NULL)
    enchant_broker_list_dicts (broker, list_dict_cb, tags);
  g_mutex_unlock (&broker_lock);
  g_ptr_array_sort (tags, compare_strings);
  g_ptr_array_add (tags, NULL);
  return (GStrv) g_ptr_array_free (tags, FALSE);
}

char *
postings_spell_describe_language (const char *language)
{
  static const struct { const char *code; const char *name; } languages[] = {
    { "fr", N_("French") }, { "en", N_("English") }, { "de", N_("German") },
    { "es", N_("Spanish") }, { "it", N_("Italian") }, { "pt", N_("Portuguese") },
    { "nl", N_("Dutch") }, { "br", N_("Breton") }, { "oc", N_("Occitan") },
  };
  static const struct { const char *code; const char *name; } countries[] = {
    { "FR", N_("France") }, { "BE", N_("Belgium") }, { "CA", N_("Canada") },
    { "CH", N_("Switzerland") }, { "LU", N_("Luxembourg") }, { "MC", N_("Monaco") },
    { "US", N_("United States") }, { "GB", N_("United Kingdom") }, { "DE", N_("Germany") },
    { "ES", N_("Spain") },
  };
  g_autofree char *code = NULL;
  const char *country, *language_name = NULL, *country_name = NULL;

  g_return_val_if_fail (language != NULL, NULL);

  country = strpbrk (language, "_-");
  code = g_strndup (language, country != NULL ? (gsize) (country - language) : strlen (language));
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (code, languages[i].code))
      language_name = _(languages[i].name);
  if (country != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
      if (g_str_equal (country + 1, countries[i].code))
        country_name = _(countries[i].name);

  if (language_name == NULL || (country != NULL && country_name == NULL))
    return g_strdup (language);
  if (country_name == NULL)
    return g_strdup (language_name);
  /* TRANSLATORS: a dictionary's language and country, e.g. "French (Belgium)" */
  return g_strdup_printf (_("%s (%s)"), language_name, country_name);
}
