/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postings-core.h"

/* A 1×1 PNG (red), as word processors paste them. */
#define PNG_1X1_BASE64 \
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="

static GBytes *
png_bytes (void)
{
  gsize len;
  guchar *data = g_base64_decode (PNG_1X1_BASE64, &len);

  return g_bytes_new_take (data, len);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("postings-images-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
write_file (const char *path,
            const char *data,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", path);

  g_assert_true (g_str_has_prefix (path, g_get_tmp_dir ()));
  g_assert_cmpint (system (command), ==, 0);
}

/* A site: ROOT/content/_jobs/2024-01-02-dev.md and ROOT/img/logo.png. */
typedef struct
{
  char  *dir;
  GFile *root;
  GFile *posting;
} Site;

static void
site_setup (Site          *site,
            gconstpointer  data)
{
  g_autoptr(GBytes) png = png_bytes ();
  g_autofree char *posting = NULL;
  g_autofree char *logo = NULL;
  g_autofree char *local = NULL;
  gsize len;
  const char *bytes = g_bytes_get_data (png, &len);

  site->dir = make_temp_dir ();
  posting = g_build_filename (site->dir, "site", "content", "_jobs", "2024-01-02-dev.md", NULL);
  logo = g_build_filename (site->dir, "site", "img", "logo.png", NULL);
  local = g_build_filename (site->dir, "site", "content", "_jobs", "schema.png", NULL);
  write_file (posting, "---\nroles: Dev\nopen: true\n---\nBonjour\n", -1);
  write_file (logo, bytes, len);
  write_file (local, bytes, len);

  site->posting = g_file_new_for_path (posting);
  site->root = postings_repository_find_root (site->posting);
  g_assert_nonnull (site->root);
}

static void
site_teardown (Site          *site,
               gconstpointer  data)
{
  remove_tree (site->dir);
  g_free (site->dir);
  g_clear_object (&site->root);
  g_clear_object (&site->posting);
}

/* Data URIs -------------------------------------------------------------- */

static void
test_data_uri_find_in_markdown (void)
{
  const char *text =
    "Intro\n"
    "![](data:image/png;base64," PNG_1X1_BASE64 ")\n"
    "<img src=\"data:image/svg+xml;utf8,%3Csvg%3E%3C/svg%3E\" alt='x'>\n"
    "les data: ne sont pas une adresse, metadata:image/png;base64,AAAA non plus\n"
    "DATA:image/JPEG;name=a.jpg;BASE64,/9j/4AAQ\n";
  g_autoptr(GArray) uris = postings_data_uri_find_all (text, strlen (text), 0);
  const PostingsDataUri *png, *svg, *jpeg;
  const char *png_start = strstr (text, "data:image/png");

  g_assert_cmpuint (uris->len, ==, 3);
  png = &g_array_index (uris, PostingsDataUri, 0);
  svg = &g_array_index (uris, PostingsDataUri, 1);
  jpeg = &g_array_index (uris, PostingsDataUri, 2);

  /* Exact byte ranges: from `data:` to before the `)` or the quote. */
  g_assert_cmpuint (png->start, ==, png_start - text);
  g_assert_cmpuint (png->end, ==, strchr (png_start, ')') - text);
  g_assert_cmpuint (png->payload, ==, strchr (png_start, ',') + 1 - text);
  g_assert_cmpstr (png->mime, ==, "image/png");
  g_assert_true (png->base64);
  g_assert_cmpuint (png->decoded_size, ==, 70);

  g_assert_cmpstr (svg->mime, ==, "image/svg+xml");
  g_assert_false (svg->base64);
  g_assert_cmpuint (svg->decoded_size, ==, strlen ("<svg></svg>"));
  g_assert_cmpint (text[svg->end], ==, '"');

  /* Scheme and media type without case; parameters before ;base64. */
  g_assert_cmpstr (jpeg->mime, ==, "image/jpeg");
  g_assert_true (jpeg->base64);
  g_assert_cmpuint (jpeg->decoded_size, ==, 6);

  /* A minimum length leaves the short ones. */
  g_clear_pointer (&uris, g_array_unref);
  uris = postings_data_uri_find_all (text, strlen (text), 64);
  g_assert_cmpuint (uris->len, ==, 1);
  g_assert_cmpuint (g_array_index (uris, PostingsDataUri, 0).start, ==, png_start - text);
}

static void
test_data_uri_not_uris (void)
{
  static const char * const texts[] = {
    "data:",
    "data:image/png;base64",          /* no comma */
    "data:image png,abc",             /* blank in the media type */
    "data:image/;base64,AAAA",        /* no subtype */
    "data:text/plain;base64",         /* still no comma */
    "(data:)",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GArray) uris = postings_data_uri_find_all (texts[i], strlen (texts[i]), 0);

      g_assert_cmpuint (uris->len, ==, 0);
    }
}

static void
test_data_uri_decode (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = png_bytes ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *text_mime = NULL;
  const char *uri = "data:image/png;base64," PNG_1X1_BASE64;
  const char *escaped = "data:,caf%C3%A9%20cr%C3%A8me";

  bytes = postings_data_uri_decode (uri, strlen (uri), &mime, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mime, ==, "image/png");
  g_assert_true (g_bytes_equal (bytes, expected));

  text = postings_data_uri_decode (escaped, strlen (escaped), &text_mime, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text_mime, ==, "text/plain");
  g_assert_cmpmem (g_bytes_get_data (text, NULL), g_bytes_get_size (text), "café crème", strlen ("café crème"));
}

static void
test_data_uri_decode_errors (void)
{
  static const char * const bad[] = {
    "data:image/png;base64,iVBO=Rw0",  /* `=` inside */
    "data:image/png;base64,iVBOR%ZZ",  /* bad escape */
    "data:image/png;base64,iVBOR w0",  /* more after the URI */
    "https://example.org/a.png",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = postings_data_uri_decode (bad[i], strlen (bad[i]), NULL, &error);

      g_assert_null (bytes);
      g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);
    }
}

static void
test_data_uri_describe (void)
{
  PostingsDataUri uri = { 0, };
  g_autofree char *png = NULL;
  g_autofree char *big = NULL;
  g_autofree char *data = NULL;
  g_autofree char *small = NULL;
  g_autofree char *bytes = NULL;

  uri.mime = (char *) "image/png";
  uri.decoded_size = 24 * 1000 + 300;
  png = postings_data_uri_describe (&uri);
  g_assert_cmpstr (png, ==, "image PNG · 24 KB");

  uri.mime = (char *) "image/jpeg";
  uri.decoded_size = 1234567;
  big = postings_data_uri_describe (&uri);
  g_assert_cmpstr (big, ==, "image JPEG · 1.2 MB");

  uri.mime = (char *) "text/plain";
  uri.decoded_size = 8400;
  data = postings_data_uri_describe (&uri);
  g_assert_cmpstr (data, ==, "data · 8.4 KB");

  small = postings_format_size (1);
  g_assert_cmpstr (small, ==, "1 byte");
  bytes = postings_format_size (999);
  g_assert_cmpstr (bytes, ==, "999 bytes");
}

static void
test_data_uri_mime_extensions (void)
{
  g_assert_cmpstr (postings_image_mime_to_extension ("image/png"), ==, "png");
  g_assert_cmpstr (postings_image_mime_to_extension ("image/JPEG"), ==, "jpg");
  g_assert_cmpstr (postings_image_mime_to_extension ("image/jpg"), ==, "jpg");
  g_assert_cmpstr (postings_image_mime_to_extension ("image/svg+xml"), ==, "svg");
  g_assert_cmpstr (postings_image_mime_to_extension ("image/webp"), ==, "webp");
  g_assert_null (postings_image_mime_to_extension ("image/tiff"));
  g_assert_null (postings_image_mime_to_extension ("text/html"));

  g_assert_cmpstr (postings_image_mime_from_file_name ("Photo.JPEG"), ==, "image/jpeg");
  g_assert_cmpstr (postings_image_mime_from_file_name ("a/b/logo.svg"), ==, "image/svg+xml");
  g_assert_null (postings_image_mime_from_file_name ("notes.txt"));
  g_assert_null (postings_image_mime_from_file_name ("a.png/readme"));
}

/* Counting --------------------------------------------------------------- */

static void
test_count_skips_data_uris (void)
{
  g_autoptr(GString) text = g_string_new ("Bonjour l’équipe, chargé·e de mission\n![logo](data:image/png;base64,");
  guint words, characters, plain_words, plain_characters;

  /* 277 KB of base64, as in the largest pasted posting */
  for (guint i = 0; i < 277 * 1024 / 4; i++)
    g_string_append (text, "iVBO");
  g_string_append (text, ")\nFin.\n");

  postings_count_words_and_characters (text->str, text->len, &words, &characters);
  postings_count_words_and_characters ("Bonjour l’équipe, chargé·e de mission\n![logo]()\nFin.\n", -1,
                                       &plain_words, &plain_characters);

  /* Bonjour, l’équipe, chargé·e, de, mission, logo, Fin */
  g_assert_cmpuint (words, ==, 7);
  g_assert_cmpuint (words, ==, plain_words);
  g_assert_cmpuint (characters, ==, plain_characters);
}

static void
test_count_invalid_utf8 (void)
{
  guint words, characters;

  postings_count_words_and_characters ("ab\xff" "cd", -1, &words, &characters);
  g_assert_cmpuint (words, ==, 2);
  g_assert_cmpuint (characters, ==, 5);
}

/* Image addresses -------------------------------------------------------- */

static void
test_image_classify (void)
{
  static const struct { const char *src; PostingsImageSourceKind kind; } cases[] = {
    { "", POSTINGS_IMAGE_SOURCE_NONE },
    { "  ", POSTINGS_IMAGE_SOURCE_NONE },
    { "data:image/png;base64,AAAA", POSTINGS_IMAGE_SOURCE_DATA },
    { "/img/jobs/a.png", POSTINGS_IMAGE_SOURCE_SITE },
    { "img/a.png", POSTINGS_IMAGE_SOURCE_RELATIVE },
    { "../img/a.png", POSTINGS_IMAGE_SOURCE_RELATIVE },
    { "https://beta.gouv.fr/img/a.png", POSTINGS_IMAGE_SOURCE_REMOTE },
    { "HTTP://example.org/a.png", POSTINGS_IMAGE_SOURCE_REMOTE },
    { "//cdn.example.org/a.png", POSTINGS_IMAGE_SOURCE_REMOTE },
    { "file:///etc/passwd", POSTINGS_IMAGE_SOURCE_OTHER },
    { "javascript:alert(1)", POSTINGS_IMAGE_SOURCE_OTHER },
    { "\\\\server\\share\\a.png", POSTINGS_IMAGE_SOURCE_OTHER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (postings_image_source_classify (cases[i].src), ==, cases[i].kind);
}

static void
test_image_host (void)
{
  g_autofree char *a = postings_image_source_dup_host ("https://Beta.Gouv.fr/img/a.png?x=1");
  g_autofree char *b = postings_image_source_dup_host ("//user:pw@cdn.example.org:8080/a.png");
  g_autofree char *c = postings_image_source_dup_host ("/img/a.png");

  g_assert_cmpstr (a, ==, "beta.gouv.fr");
  g_assert_cmpstr (b, ==, "cdn.example.org:8080");
  g_assert_null (c);
}

static void
test_image_resolve_inside (Site          *site,
                           gconstpointer  data)
{
  static const char * const inside[] = {
    "/img/logo.png",
    "/img/./logo.png?version=2#top",
    "/img/%6Cogo.png",
    "../../img/logo.png",
    "schema.png",
    "./schema.png",
    "../_jobs/schema.png",
  };
  g_autofree char *root_path = g_file_get_path (site->root);

  for (guint i = 0; i < G_N_ELEMENTS (inside); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = postings_image_resolve (inside[i], site->posting, site->root, &error);
      g_autofree char *path = NULL;
      g_autofree char *real_root = realpath (root_path, NULL);

      g_assert_no_error (error);
      path = g_file_get_path (file);
      g_assert_true (g_str_has_prefix (path, real_root));
      g_assert_true (g_str_has_suffix (path, ".png"));
    }
}

static void
test_image_resolve_escapes (Site          *site,
                            gconstpointer  data)
{
  g_autofree char *outside = g_build_filename (site->dir, "secret.png", NULL);
  g_autofree char *link = g_build_filename (site->dir, "site", "img", "link.png", NULL);
  g_autofree char *dir_link = g_build_filename (site->dir, "site", "img", "out", NULL);
  g_autofree char *escaped = g_strdup_printf ("/img/..%%2F..%%2Fsecret.png");
  static const char * const refused[] = {
    "/../secret.png",
    "/img/../../secret.png",
    "../../../secret.png",
    "/img/link.png",          /* a symbolic link to a file outside */
    "/img/out/secret.png",    /* through a linked folder */
    "/",
    "../../..",
  };

  write_file (outside, "secret", -1);
  g_assert_cmpint (symlink (outside, link), ==, 0);
  g_assert_cmpint (symlink (site->dir, dir_link), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = postings_image_resolve (refused[i], site->posting, site->root, &error);

      g_assert_null (file);
      g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, refused[i]));
    }

  /* An escaped `/` is not a way around it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GFile) file = postings_image_resolve (escaped, site->posting, site->root, &error);

    g_assert_null (file);
    g_assert_nonnull (error);
  }
}

static void
test_image_resolve_errors (Site          *site,
                           gconstpointer  data)
{
  g_autoptr(GError) missing = NULL;
  g_autoptr(GError) no_root = NULL;
  g_autoptr(GError) remote = NULL;
  g_autoptr(GError) folder = NULL;
  g_autoptr(GFile) a = postings_image_resolve ("/img/missing.png", site->posting, site->root, &missing);
  g_autoptr(GFile) b = postings_image_resolve ("/img/logo.png", NULL, NULL, &no_root);
  g_autoptr(GFile) c = postings_image_resolve ("https://example.org/a.png", site->posting, site->root, &remote);
  g_autoptr(GFile) d = postings_image_resolve ("/img", site->posting, site->root, &folder);

  g_assert_null (a);
  g_assert_error (missing, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (missing->message, "/img/missing.png"));
  g_assert_null (b);
  g_assert_error (no_root, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);
  g_assert_null (c);
  g_assert_error (remote, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);
  g_assert_null (d);
  g_assert_error (folder, POSTINGS_ERROR, POSTINGS_ERROR_NOT_FOUND);
}

/* Without a site, a relative image may only be beside the posting. */
static void
test_image_resolve_without_site (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *posting_path = g_build_filename (dir, "a", "post.md", NULL);
  g_autofree char *image_path = g_build_filename (dir, "a", "img.png", NULL);
  g_autofree char *above_path = g_build_filename (dir, "above.png", NULL);
  g_autoptr(GFile) posting = g_file_new_for_path (posting_path);
  g_autoptr(GFile) found = NULL;
  g_autoptr(GFile) above = NULL;
  g_autoptr(GError) error = NULL;

  write_file (posting_path, "---\nroles: a\n---\n", -1);
  write_file (image_path, "x", -1);
  write_file (above_path, "x", -1);

  found = postings_image_resolve ("img.png", posting, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);

  above = postings_image_resolve ("../above.png", posting, NULL, &error);
  g_assert_null (above);
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);

  remove_tree (dir);
}

static void
test_image_load (Site          *site,
                 gconstpointer  data)
{
  g_autoptr(GBytes) expected = png_bytes ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) from_file = NULL;
  g_autoptr(GBytes) from_data = NULL;
  g_autoptr(GBytes) remote = NULL;
  g_autofree char *file_mime = NULL;
  g_autofree char *data_mime = NULL;

  from_file = postings_image_load ("/img/logo.png", site->posting, site->root, &file_mime, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (from_file, expected));
  g_assert_cmpstr (file_mime, ==, "image/png");

  from_data = postings_image_load (" data:image/png;base64," PNG_1X1_BASE64 " ", NULL, NULL,
                                   &data_mime, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (from_data, expected));
  g_assert_cmpstr (data_mime, ==, "image/png");

  remote = postings_image_load ("https://example.org/a.png", site->posting, site->root, NULL, NULL, &error);
  g_assert_null (remote);
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);
}

/* Adding images to the site ---------------------------------------------- */

static void
test_image_add_unique_names (Site          *site,
                             gconstpointer  data)
{
  g_autoptr(GBytes) png = png_bytes ();
  g_autofree char *first_path = NULL;
  g_autofree char *second_path = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = NULL;
      g_autofree char *site_path = NULL;
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (postings_image_add_to_site (png, "image/png", site->root, "img/jobs",
                                                 "Capture d’écran 2024.PNG", &file, &site_path, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (site_path, ==, i == 0 ? "/img/jobs/capture-d-ecran-2024.png"
                                             : "/img/jobs/capture-d-ecran-2024-2.png");
      g_assert_true (g_file_load_contents (file, NULL, &contents, &len, NULL, &error));
      g_assert_cmpmem (contents, len, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
      if (i == 0)
        first_path = g_file_get_path (file);
      else
        second_path = g_file_get_path (file);
    }

  /* The first file was not replaced. */
  g_assert_cmpstr (first_path, !=, second_path);
  g_assert_true (g_file_test (first_path, G_FILE_TEST_IS_REGULAR));
}

static void
test_image_add_refused (Site          *site,
                        gconstpointer  data)
{
  g_autoptr(GBytes) png = png_bytes ();
  g_autofree char *out_link = g_build_filename (site->dir, "site", "img", "away", NULL);
  g_autofree char *outside = g_build_filename (site->dir, "elsewhere", NULL);
  static const char * const bad_folders[] = { "../img", "/img", "img/../../x", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_folders); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (postings_image_add_to_site (png, "image/png", site->root, bad_folders[i],
                                                  "a.png", NULL, NULL, &error));
      g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (postings_image_add_to_site (png, "text/html", site->root, "img/jobs",
                                                "a.html", NULL, NULL, &error));
    g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);
  }

  /* An images folder that is a link out of the site. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (g_mkdir_with_parents (outside, 0755), ==, 0);
    g_assert_cmpint (symlink (outside, out_link), ==, 0);
    g_assert_false (postings_image_add_to_site (png, "image/png", site->root, "img/away",
                                                "a.png", NULL, NULL, &error));
    g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);
  }
  {
    GDir *dir = g_dir_open (outside, 0, NULL);

    g_assert_nonnull (dir);
    g_assert_null (g_dir_read_name (dir));
    g_dir_close (dir);
  }
}

static void
test_image_copy_into_site (Site          *site,
                           gconstpointer  data)
{
  g_autofree char *source = g_build_filename (site->dir, "Logo équipe.png", NULL);
  g_autofree char *text = g_build_filename (site->dir, "notes.png", NULL);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GFile) text_file = g_file_new_for_path (text);
  g_autoptr(GBytes) png = png_bytes ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autofree char *site_path = NULL;
  g_autofree char *expected = NULL;

  write_file (source, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  write_file (text, "not an image at all, only text", -1);

  g_assert_true (postings_image_copy_into_site (source_file, site->root, NULL, &copy, &site_path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (site_path, ==, "/img/jobs/logo-equipe.png");
  expected = g_build_filename (g_file_peek_path (site->root), "img", "jobs", "logo-equipe.png", NULL);
  g_assert_cmpstr (g_file_peek_path (copy), ==, expected);

  /* A text file named .png is not copied. */
  g_assert_false (postings_image_copy_into_site (text_file, site->root, NULL, NULL, NULL, &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "notes.png"));
}

static void
test_image_markdown (void)
{
  g_autofree char *plain = postings_image_markdown ("Logo de l’équipe", "/img/jobs/logo.png");
  g_autofree char *tricky = postings_image_markdown ("a [b] \\c\nd", "/img/my image (1).png");

  g_assert_cmpstr (plain, ==, "![Logo de l’équipe](/img/jobs/logo.png)");
  g_assert_cmpstr (tricky, ==, "![a \\[b\\] \\\\c d](</img/my image (1).png>)");
}

static void
test_schema_images_folder (void)
{
  g_autoptr(GError) error = NULL;
  const char *yaml = "images: assets/offres\nfields:\n  - key: roles\n";
  const char *bad = "images: ../outside\nfields:\n  - key: roles\n";
  g_autoptr(PostingsSchema) schema = postings_schema_new_from_data (yaml, strlen (yaml), &error);
  g_autoptr(PostingsSchema) refused = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (postings_schema_get_images_folder (schema), ==, "assets/offres");
  g_assert_cmpstr (postings_schema_get_images_folder (postings_schema_get_default ()), ==, "img/jobs");

  refused = postings_schema_new_from_data (bad, strlen (bad), &error);
  g_assert_null (refused);
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "images"));
}

/* Preview model ---------------------------------------------------------- */

static void
test_preview_image_src (void)
{
  const char *md = "Logo ![Logo **équipe**](/img/logo.png \"titre\") et [![](data:image/png;base64,"
                   PNG_1X1_BASE64 ")](https://beta.gouv.fr)\n";
  g_autoptr(PostingsPreviewModel) model = postings_preview_model_new_from_markdown (md, strlen (md), 1);
  const PostingsPreviewBlock *block = postings_preview_model_get_block (model, 0);
  const PostingsPreviewRun *images[2] = { NULL, NULL };
  guint n = 0;
  PostingsPreviewChange change;

  for (guint i = 0; i < block->n_runs; i++)
    {
      if (block->runs[i].style & POSTINGS_PREVIEW_STYLE_IMAGE)
        images[n++] = &block->runs[i];
      else
        g_assert_null (block->runs[i].src);
    }

  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (images[0]->text, ==, "Logo équipe");
  g_assert_cmpstr (images[0]->src, ==, "/img/logo.png");
  g_assert_cmpstr (images[1]->text, ==, "");
  g_assert_cmpstr (images[1]->src, ==, "data:image/png;base64," PNG_1X1_BASE64);
  g_assert_cmpstr (images[1]->url, ==, "https://beta.gouv.fr");

  /* Another image address is another look. */
  {
    const char *a = "![x](/img/a.png)\n";
    const char *b = "![x](/img/b.png)\n";
    g_autoptr(PostingsPreviewModel) ma = postings_preview_model_new_from_markdown (a, strlen (a), 1);
    g_autoptr(PostingsPreviewModel) mb = postings_preview_model_new_from_markdown (b, strlen (b), 1);

    g_assert_true (postings_preview_model_diff (ma, mb, &change));
    g_assert_cmpuint (change.first, ==, 0);
    g_assert_cmpuint (change.new_end, ==, 1);
  }
}

/* The embedded-image rule and its fix ------------------------------------ */

#define EMBEDDED_POSTING \
  "---\nroles: Dev\nopen: true\ndate: 2024-01-02\n---\nIntro.\n\n<!--more-->\n\n" \
  "![Schéma](data:image/png;base64," PNG_1X1_BASE64 ")\n\nFin.\n"

static PostingsDiagnostic *
find_embedded (GPtrArray *diagnostics)
{
  for (guint i = 0; i < diagnostics->len; i++)
    {
      PostingsDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (g_str_equal (d->rule, "embedded-image"))
        return d;
    }
  return NULL;
}

static void
test_embedded_image_fix (Site          *site,
                         gconstpointer  data)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (EMBEDDED_POSTING, -1);
  g_autoptr(GPtrArray) diagnostics = postings_validate (doc, NULL, site->root, "2024-01-02-dev.md");
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GBytes) png = png_bytes ();
  g_autoptr(GError) error = NULL;
  g_autofree char *image_path = g_build_filename (g_file_peek_path (site->root), "img", "jobs",
                                                  "2024-01-02-dev.png", NULL);
  g_autofree char *contents = NULL;
  PostingsDiagnostic *d = find_embedded (diagnostics);
  const char *text;
  gsize len;

  g_assert_nonnull (d);
  g_assert_cmpint (d->severity, ==, POSTINGS_SEVERITY_SUGGESTION);
  g_assert_cmpuint (d->line, ==, 10);
  g_assert_cmpuint (d->column, ==, 11);
  g_assert_nonnull (strstr (d->message, "(70 bytes)"));
  g_assert_nonnull (strstr (d->message, "img/jobs"));
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_EDIT);
  g_assert_false (d->fix_automatic);
  g_assert_true (d->fix_writes_file);
  g_assert_nonnull (strstr (d->fix_label, "img/jobs"));

  g_assert_true (postings_diagnostic_apply_fix (d, doc, &error));
  g_assert_no_error (error);

  /* The file holds the image's bytes, the text links it, nothing else moved. */
  g_assert_true (g_file_get_contents (image_path, &contents, &len, &error));
  g_assert_cmpmem (contents, len, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  text = postings_document_get_text (doc, &len);
  g_assert_cmpstr (text, ==, "---\nroles: Dev\nopen: true\ndate: 2024-01-02\n---\nIntro.\n\n<!--more-->\n\n"
                             "![Schéma](/img/jobs/2024-01-02-dev.png)\n\nFin.\n");

  after = postings_validate (doc, NULL, site->root, "2024-01-02-dev.md");
  g_assert_null (find_embedded (after));
}

/* A second fix never replaces the first file. */
static void
test_embedded_image_fix_unique (Site          *site,
                                gconstpointer  data)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PostingsDocument) doc = postings_document_new_from_data (EMBEDDED_POSTING, -1);
      g_autoptr(GPtrArray) diagnostics = postings_validate (doc, NULL, site->root, "2024-01-02-dev.md");
      g_autoptr(GError) error = NULL;

      g_assert_true (postings_diagnostic_apply_fix (find_embedded (diagnostics), doc, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (postings_document_get_text (doc, NULL),
                                i == 0 ? "(/img/jobs/2024-01-02-dev.png)" : "(/img/jobs/2024-01-02-dev-2.png)"));
    }
}

/* Outside a site: the suggestion, no fix; `fix_all` (check --fix) never
 * writes image files. */
static void
test_embedded_image_not_automatic (Site          *site,
                                   gconstpointer  data)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (EMBEDDED_POSTING, -1);
  g_autoptr(GPtrArray) no_site = postings_validate (doc, NULL, NULL, "2024-01-02-dev.md");
  g_autoptr(GPtrArray) applied = NULL;
  g_autofree char *images_dir = g_build_filename (g_file_peek_path (site->root), "img", "jobs", NULL);
  PostingsDiagnostic *d = find_embedded (no_site);

  g_assert_nonnull (d);
  g_assert_cmpint (d->fix_kind, ==, POSTINGS_FIX_NONE);

  applied = postings_validator_fix_all (doc, NULL, site->root, "2024-01-02-dev.md", 0);
  g_assert_cmpuint (applied->len, ==, 0);
  g_assert_cmpstr (postings_document_get_text (doc, NULL), ==, EMBEDDED_POSTING);
  g_assert_false (g_file_test (images_dir, G_FILE_TEST_EXISTS));
}

static void
test_embedded_image_stale (Site          *site,
                           gconstpointer  data)
{
  g_autoptr(PostingsDocument) doc = postings_document_new_from_data (EMBEDDED_POSTING, -1);
  g_autoptr(GPtrArray) diagnostics = postings_validate (doc, NULL, site->root, "2024-01-02-dev.md");
  g_autoptr(GError) error = NULL;
  g_autofree char *images_dir = g_build_filename (g_file_peek_path (site->root), "img", "jobs", NULL);

  postings_document_set_body (doc, "Autre texte\n");
  g_assert_false (postings_diagnostic_apply_fix (find_embedded (diagnostics), doc, &error));
  g_assert_error (error, POSTINGS_ERROR, POSTINGS_ERROR_INVALID_EDIT);
  g_assert_false (g_file_test (images_dir, G_FILE_TEST_EXISTS));
}

/* The real posting with a pasted image: fixed inside a copy of a site,
 * only its image line changes. */
static void
test_embedded_image_corpus (Site          *site,
                            gconstpointer  data)
{
  const char *corpus = g_getenv ("POSTINGS_CORPUS_DIR");
  const char *name = "2021-09-22-dev.full-stack.senior.md";
  g_autofree char *path = corpus != NULL ? g_build_filename (corpus, "jobs", name, NULL) : NULL;
  g_autofree char *original = NULL;
  g_autoptr(PostingsDocument) doc = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  PostingsDiagnostic *d;
  guint changed = 0;
  gsize len;

  if (path == NULL || !g_file_get_contents (path, &original, &len, NULL))
    {
      g_test_skip ("the corpus (../shared/corpus) is absent");
      return;
    }

  doc = postings_document_new_from_data (original, (gssize) len);
  diagnostics = postings_validate (doc, NULL, site->root, name);
  d = find_embedded (diagnostics);
  g_assert_nonnull (d);
  g_assert_cmpuint (d->line, ==, 9);
  g_assert_nonnull (strstr (d->message, "(8.4 KB)"));

  g_assert_true (postings_diagnostic_apply_fix (d, doc, &error));
  g_assert_no_error (error);

  before = g_strsplit (original, "\n", -1);
  after = g_strsplit (postings_document_get_text (doc, NULL), "\n", -1);
  g_assert_cmpuint (g_strv_length (before), ==, g_strv_length (after));
  for (guint i = 0; before[i] != NULL; i++)
    if (!g_str_equal (before[i], after[i]))
      {
        changed++;
        g_assert_cmpuint (i, ==, 8);
        g_assert_cmpstr (after[i], ==, "![](/img/jobs/2021-09-22-dev-full-stack-senior.png)");
      }
  g_assert_cmpuint (changed, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data-uri/find/markdown-and-html", test_data_uri_find_in_markdown);
  g_test_add_func ("/data-uri/find/not-uris", test_data_uri_not_uris);
  g_test_add_func ("/data-uri/decode/base64-and-escapes", test_data_uri_decode);
  g_test_add_func ("/data-uri/decode/errors", test_data_uri_decode_errors);
  g_test_add_func ("/data-uri/describe", test_data_uri_describe);
  g_test_add_func ("/data-uri/mime-extensions", test_data_uri_mime_extensions);
  g_test_add_func ("/count/skips-data-uris", test_count_skips_data_uris);
  g_test_add_func ("/count/invalid-utf8", test_count_invalid_utf8);
  g_test_add_func ("/image/classify", test_image_classify);
  g_test_add_func ("/image/host", test_image_host);
  g_test_add ("/image/resolve/inside", Site, NULL, site_setup, test_image_resolve_inside, site_teardown);
  g_test_add ("/image/resolve/escapes", Site, NULL, site_setup, test_image_resolve_escapes, site_teardown);
  g_test_add ("/image/resolve/errors", Site, NULL, site_setup, test_image_resolve_errors, site_teardown);
  g_test_add_func ("/image/resolve/without-site", test_image_resolve_without_site);
  g_test_add ("/image/load", Site, NULL, site_setup, test_image_load, site_teardown);
  g_test_add ("/image/add/unique-names", Site, NULL, site_setup, test_image_add_unique_names, site_teardown);
  g_test_add ("/image/add/refused", Site, NULL, site_setup, test_image_add_refused, site_teardown);
  g_test_add ("/image/copy-into-site", Site, NULL, site_setup, test_image_copy_into_site, site_teardown);
  g_test_add_func ("/image/markdown", test_image_markdown);
  g_test_add_func ("/schema/images-folder", test_schema_images_folder);
  g_test_add_func ("/preview/image-src", test_preview_image_src);
  g_test_add ("/validator/embedded-image/fix", Site, NULL, site_setup, test_embedded_image_fix, site_teardown);
  g_test_add ("/validator/embedded-image/unique", Site, NULL, site_setup, test_embedded_image_fix_unique, site_teardown);
  g_test_add ("/validator/embedded-image/not-automatic", Site, NULL, site_setup, test_embedded_image_not_automatic, site_teardown);
  g_test_add ("/validator/embedded-image/stale", Site, NULL, site_setup, test_embedded_image_stale, site_teardown);
  g_test_add ("/validator/embedded-image/corpus", Site, NULL, site_setup, test_embedded_image_corpus, site_teardown);

  return g_test_run ();
}
