/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "postings-diagnostics-button.h"

struct _PostingsDiagnosticsButton
{
  GtkWidget   parent_instance;

  GtkWidget  *menu_button;
  GtkWidget  *icon;
  GtkWidget  *label;
  GtkWidget  *popover;
  GtkWidget  *stack;
  GtkWidget  *scrolled;
  GtkWidget  *clamp;
  GtkWidget  *list;
  GtkWidget  *empty_label;

  GPtrArray  *rows;        /* GtkWidget * (AdwActionRow), item order */
  GPtrArray  *fix_buttons; /* GtkWidget * or NULL, item order */
};

G_DEFINE_FINAL_TYPE (PostingsDiagnosticsButton, postings_diagnostics_button, GTK_TYPE_WIDGET)

enum {
  SIGNAL_DIAGNOSTIC_ACTIVATED,
  SIGNAL_FIX_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
severity_icon_name (PostingsSeverity severity)
{
  switch (severity)
    {
    case POSTINGS_SEVERITY_ERROR:   return "dialog-error-symbolic";
    case POSTINGS_SEVERITY_WARNING: return "dialog-warning-symbolic";
    default:                        return "dialog-information-symbolic";
    }
}

static const char *
severity_label (PostingsSeverity severity)
{
  switch (severity)
    {
    /* Translators: the kind of a problem, in the list of problems */
    case POSTINGS_SEVERITY_ERROR:   return C_("severity", "Error");
    case POSTINGS_SEVERITY_WARNING: return C_("severity", "Warning");
    default:                        return C_("severity", "Suggestion");
    }
}

static void
row_activated_cb (PostingsDiagnosticsButton *self,
                  GtkListBoxRow             *row)
{
  PostingsDiagnostic *diagnostic = g_object_get_data (G_OBJECT (row), "postings-diagnostic");

  if (diagnostic == NULL)
    return;

  /* Keep the diagnostic alive while the list is rebuilt by the handler. */
  postings_diagnostic_ref (diagnostic);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_signal_emit (self, signals[SIGNAL_DIAGNOSTIC_ACTIVATED], 0, diagnostic);
  postings_diagnostic_unref (diagnostic);
}

/* The popover fits its content, up to most of the window: its height
 * scrolls beyond three quarters of the window's, and its messages wrap at
 * about 50 characters, or at the window's width when it is narrower. */
static void
popover_show_cb (PostingsDiagnosticsButton *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int window_width = root != NULL ? gtk_widget_get_width (GTK_WIDGET (root)) : 0;
  int window_height = root != NULL ? gtk_widget_get_height (GTK_WIDGET (root)) : 0;
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int char_width = PANGO_PIXELS (pango_font_metrics_get_approximate_char_width (metrics));
  int width = 50 * MAX (char_width, 6) + 80;   /* icon, margins and a Fix button */

  pango_font_metrics_unref (metrics);

  if (window_width > 0)
    width = MIN (width, window_width - 40);
  width = MAX (width, 240);
  adw_clamp_set_maximum_size (ADW_CLAMP (self->clamp), width);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (self->clamp), width);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scrolled),
                                              window_height > 0 ? MAX (window_height * 3 / 4 - 60, 160) : 480);
}

static void
fix_clicked_cb (PostingsDiagnosticsButton *self,
                GtkButton                 *button)
{
  PostingsDiagnostic *diagnostic = g_object_get_data (G_OBJECT (button), "postings-diagnostic");

  if (diagnostic == NULL)
    return;

  postings_diagnostic_ref (diagnostic);
  g_signal_emit (self, signals[SIGNAL_FIX_REQUESTED], 0, diagnostic);
  postings_diagnostic_unref (diagnostic);
}

static void
set_item_diagnostic (GtkWidget          *widget,
                     PostingsDiagnostic *diagnostic)
{
  g_object_set_data_full (G_OBJECT (widget), "postings-diagnostic",
                          postings_diagnostic_ref (diagnostic),
                          (GDestroyNotify) postings_diagnostic_unref);
}

static GtkWidget *
new_row (PostingsDiagnosticsButton *self,
         PostingsDiagnostic        *diagnostic,
         GtkWidget                **out_fix_button)
{
  GtkWidget *row = adw_action_row_new ();
  /* The subtitle names the severity for screen readers. */
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", severity_icon_name (diagnostic->severity),
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);
  g_autofree char *subtitle = NULL;
  GtkWidget *fix_button = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), diagnostic->message);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);

  if (diagnostic->line > 0)
    /* Translators: under a problem in the list: its kind, then its line */
    subtitle = g_strdup_printf (_("%s · Line %u"), severity_label (diagnostic->severity), diagnostic->line);
  else
    subtitle = g_strdup (severity_label (diagnostic->severity));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  switch (diagnostic->severity)
    {
    case POSTINGS_SEVERITY_ERROR:   gtk_widget_add_css_class (icon, "error"); break;
    case POSTINGS_SEVERITY_WARNING: gtk_widget_add_css_class (icon, "warning"); break;
    default:                        gtk_widget_add_css_class (icon, "accent"); break;
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (diagnostic->fix_kind != POSTINGS_FIX_NONE)
    {
      const char *what = diagnostic->fix_label != NULL ? diagnostic->fix_label : _("Fix this problem");

      fix_button = gtk_button_new_with_mnemonic (diagnostic->fix_kind == POSTINGS_FIX_RENAME_FILE
                                                 ? _("_Rename") : _("_Fix"));
      gtk_widget_set_valign (fix_button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (fix_button, what);
      gtk_accessible_update_property (GTK_ACCESSIBLE (fix_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, what,
                                      -1);
      set_item_diagnostic (fix_button, diagnostic);
      g_signal_connect_object (fix_button, "clicked", G_CALLBACK (fix_clicked_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), fix_button);
    }

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  set_item_diagnostic (row, diagnostic);

  *out_fix_button = fix_button;
  return row;
}

/* Would the item of @a read as that of @b? */
static gboolean
same_item (PostingsDiagnostic *a,
           PostingsDiagnostic *b)
{
  return a->severity == b->severity
      && a->line == b->line
      && a->fix_kind == b->fix_kind
      && g_strcmp0 (a->rule, b->rule) == 0
      && g_strcmp0 (a->message, b->message) == 0
      && g_strcmp0 (a->fix_label, b->fix_label) == 0;
}

/* The same items as shown: the rows stay (and the keyboard focus with
 * them), they only carry the new diagnostics, for fixes. */
static gboolean
refresh_items (PostingsDiagnosticsButton *self,
               GPtrArray                 *diagnostics)
{
  guint n = diagnostics != NULL ? diagnostics->len : 0;

  if (n != self->rows->len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      PostingsDiagnostic *shown = g_object_get_data (g_ptr_array_index (self->rows, i), "postings-diagnostic");

      if (!same_item (shown, g_ptr_array_index (diagnostics, i)))
        return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *fix_button = g_ptr_array_index (self->fix_buttons, i);

      set_item_diagnostic (g_ptr_array_index (self->rows, i), g_ptr_array_index (diagnostics, i));
      if (fix_button != NULL)
        set_item_diagnostic (fix_button, g_ptr_array_index (diagnostics, i));
    }
  return TRUE;
}

static char *
count_text (guint errors,
            guint warnings,
            guint suggestions)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (errors > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u error", "%u errors", errors), errors));
  if (warnings > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u warning", "%u warnings", warnings), warnings));
  if (suggestions > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u suggestion", "%u suggestions", suggestions),
                                             suggestions));
  if (parts->len == 0)
    return g_strdup (_("No problems found"));

  g_ptr_array_add (parts, NULL);
  /* Translators: separates "2 errors", "1 warning", "3 suggestions" */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

void
postings_diagnostics_button_set_diagnostics (PostingsDiagnosticsButton *self,
                                             GPtrArray                 *diagnostics)
{
  guint errors = 0, warnings = 0, suggestions = 0;
  g_autofree char *label = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *accessible = NULL;
  const char *icon_name;
  GtkWidget *child;

  g_return_if_fail (POSTINGS_IS_DIAGNOSTICS_BUTTON (self));

  if (refresh_items (self, diagnostics))
    return;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->fix_buttons, 0);

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      PostingsDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);
      GtkWidget *fix_button = NULL;
      GtkWidget *row = new_row (self, diagnostic, &fix_button);

      gtk_list_box_append (GTK_LIST_BOX (self->list), row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->fix_buttons, fix_button);

      switch (diagnostic->severity)
        {
        case POSTINGS_SEVERITY_ERROR:   errors++; break;
        case POSTINGS_SEVERITY_WARNING: warnings++; break;
        default:                        suggestions++; break;
        }
    }

  gtk_stack_set_visible_child (GTK_STACK (self->stack),
                               self->rows->len > 0 ? self->scrolled : self->empty_label);

  if (errors + warnings > 0)
    label = g_strdup_printf (ngettext ("%u problem", "%u problems", errors + warnings), errors + warnings);
  else if (suggestions > 0)
    label = g_strdup_printf (ngettext ("%u suggestion", "%u suggestions", suggestions), suggestions);
  else
    label = g_strdup (_("No problems"));
  gtk_label_set_label (GTK_LABEL (self->label), label);

  icon_name = errors > 0 ? "dialog-error-symbolic"
            : warnings > 0 ? "dialog-warning-symbolic"
            : suggestions > 0 ? "dialog-information-symbolic"
            : "emblem-ok-symbolic";
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon_name);

  if (errors > 0)
    gtk_widget_add_css_class (self->menu_button, "error");
  else
    gtk_widget_remove_css_class (self->menu_button, "error");
  if (errors == 0 && warnings > 0)
    gtk_widget_add_css_class (self->menu_button, "warning");
  else
    gtk_widget_remove_css_class (self->menu_button, "warning");

  summary = count_text (errors, warnings, suggestions);
  gtk_widget_set_tooltip_text (self->menu_button, summary);
  /* Translators: the accessible name of the header-bar button, with the
   * counts ("2 errors, 1 warning") or "No problems found" */
  accessible = g_strdup_printf (_("Problems: %s"), summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

void
postings_diagnostics_button_popup (PostingsDiagnosticsButton *self)
{
  g_return_if_fail (POSTINGS_IS_DIAGNOSTICS_BUTTON (self));
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->menu_button));
}

void
postings_diagnostics_button_popdown (PostingsDiagnosticsButton *self)
{
  g_return_if_fail (POSTINGS_IS_DIAGNOSTICS_BUTTON (self));
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

const char *
postings_diagnostics_button_get_label (PostingsDiagnosticsButton *self)
{
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_BUTTON (self), NULL);
  return gtk_label_get_label (GTK_LABEL (self->label));
}

guint
postings_diagnostics_button_get_n_items (PostingsDiagnosticsButton *self)
{
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_BUTTON (self), 0);
  return self->rows->len;
}

GtkWidget *
postings_diagnostics_button_get_row (PostingsDiagnosticsButton *self,
                                     guint                      position)
{
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_BUTTON (self), NULL);
  return position < self->rows->len ? g_ptr_array_index (self->rows, position) : NULL;
}

GtkWidget *
postings_diagnostics_button_get_fix_button (PostingsDiagnosticsButton *self,
                                            guint                      position)
{
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_BUTTON (self), NULL);
  return position < self->fix_buttons->len ? g_ptr_array_index (self->fix_buttons, position) : NULL;
}

GtkPopover *
postings_diagnostics_button_get_popover (PostingsDiagnosticsButton *self)
{
  g_return_val_if_fail (POSTINGS_IS_DIAGNOSTICS_BUTTON (self), NULL);
  return GTK_POPOVER (self->popover);
}

static void
postings_diagnostics_button_dispose (GObject *object)
{
  PostingsDiagnosticsButton *self = POSTINGS_DIAGNOSTICS_BUTTON (object);

  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->fix_buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (postings_diagnostics_button_parent_class)->dispose (object);
}

static void
postings_diagnostics_button_class_init (PostingsDiagnosticsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = postings_diagnostics_button_dispose;

  signals[SIGNAL_DIAGNOSTIC_ACTIVATED] =
    g_signal_new ("diagnostic-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  POSTINGS_TYPE_DIAGNOSTIC | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_FIX_REQUESTED] =
    g_signal_new ("fix-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  POSTINGS_TYPE_DIAGNOSTIC | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "postings-diagnostics-button");
}

static void
postings_diagnostics_button_init (PostingsDiagnosticsButton *self)
{
  GtkWidget *box, *content, *heading, *scrolled;

  self->rows = g_ptr_array_new ();
  self->fix_buttons = g_ptr_array_new ();

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  /* The label and the accessible name say it all. */
  self->icon = g_object_new (GTK_TYPE_IMAGE,
                             "icon-name", "emblem-ok-symbolic",
                             "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                             NULL);
  self->label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->label, "numeric");
  gtk_box_append (GTK_BOX (box), self->icon);
  gtk_box_append (GTK_BOX (box), self->label);

  /* The list */
  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problems in this posting"),
                                  -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);

  scrolled = self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 480);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);

  self->empty_label = gtk_label_new (_("No problems found. The posting can be published as it is."));
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_widget_set_margin_top (self->empty_label, 12);
  gtk_widget_set_margin_bottom (self->empty_label, 12);

  self->stack = gtk_stack_new ();
  gtk_stack_set_vhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_stack_set_hhomogeneous (GTK_STACK (self->stack), TRUE);
  gtk_stack_add_child (GTK_STACK (self->stack), scrolled);
  gtk_stack_add_child (GTK_STACK (self->stack), self->empty_label);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->empty_label);

  heading = gtk_label_new (_("Problems"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (content, 6);
  gtk_widget_set_margin_bottom (content, 6);
  gtk_widget_set_margin_start (content, 6);
  gtk_widget_set_margin_end (content, 6);
  gtk_box_append (GTK_BOX (content), heading);
  gtk_box_append (GTK_BOX (content), self->stack);

  self->clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (self->clamp), 480);
  adw_clamp_set_child (ADW_CLAMP (self->clamp), content);

  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), self->clamp);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (popover_show_cb), self, G_CONNECT_SWAPPED);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->menu_button), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), self->popover);
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));

  postings_diagnostics_button_set_diagnostics (self, NULL);
}

GtkWidget *
postings_diagnostics_button_new (void)
{
  return g_object_new (POSTINGS_TYPE_DIAGNOSTICS_BUTTON, NULL);
}
