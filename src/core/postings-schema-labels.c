/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The labels and hints of the built-in field schema (data/schemas/jobs.yml),
 * marked for translation: xgettext does not read the YAML file. Keep in step
 * with jobs.yml (tests/unit/test-schema.c fails when a label or hint of
 * jobs.yml is missing here, or when a string here is no longer used). */
#include "postings-core-i18n.h"

#include "postings-schema-private.h"

const char * const _postings_schema_builtin_strings[] = {
  /* TRANSLATORS: label of the “roles” field of a job posting */
  N_("Job title"),
  /* TRANSLATORS: hint of the “roles” field of a job posting */
  N_("The position as it appears in the list of offers and as the page title."),
  /* TRANSLATORS: label of the “title” field of a job posting */
  N_("Headline"),
  /* TRANSLATORS: hint of the “title” field of a job posting */
  N_("An optional catchphrase, such as \"The Culture incubator is hiring\"."),
  /* TRANSLATORS: label of the “open” field of a job posting */
  N_("Open position"),
  /* TRANSLATORS: hint of the “open” field of a job posting */
  N_("Turn off once the position has been filled: the offer stays online, marked as filled."),
  /* TRANSLATORS: label of the “junior” field of a job posting */
  N_("Open to junior profiles"),
  /* TRANSLATORS: hint of the “junior” field of a job posting */
  N_("Turn on when people with little experience can apply."),
  /* TRANSLATORS: label of the “date” field of a job posting */
  N_("Publication date"),
  /* TRANSLATORS: hint of the “date” field of a job posting */
  N_("The day the offer is published; it also starts the file name."),
  /* TRANSLATORS: label of the “depublication_date” field of a job posting */
  N_("Unpublication date"),
  /* TRANSLATORS: hint of the “depublication_date” field of a job posting */
  N_("The day after which the offer no longer needs to be shown."),
  /* TRANSLATORS: label of the “startup” field of a job posting */
  N_("Product"),
  /* TRANSLATORS: hint of the “startup” field of a job posting */
  N_("Identifier of the product (start-up) hiring, as in content/_startups."),
  /* TRANSLATORS: label of the “contacts” field of a job posting */
  N_("Contact person"),
  /* TRANSLATORS: hint of the “contacts” field of a job posting */
  N_("Identifier of the community member to contact, as in content/_authors."),
  /* TRANSLATORS: label of the “domaines” field of a job posting */
  N_("Fields of work"),
  /* TRANSLATORS: hint of the “domaines” field of a job posting */
  N_("One or more fields the position belongs to."),
  /* TRANSLATORS: label of the “techno” field of a job posting */
  N_("Technologies"),
  /* TRANSLATORS: hint of the “techno” field of a job posting */
  N_("The languages and tools of the technical stack, one per item."),
  /* TRANSLATORS: label of the “type” field of a job posting */
  N_("Offer type"),
  /* TRANSLATORS: hint of the “type” field of a job posting */
  N_("An offer published on behalf of a partner organisation shows its name and links to its own page."),
  /* TRANSLATORS: label of the “friend” choice of the “type” field of a job posting */
  N_("Offer of a partner organisation"),
  /* TRANSLATORS: label of the “friend” field of a job posting */
  N_("Partner organisation"),
  /* TRANSLATORS: hint of the “friend” field of a job posting */
  N_("The name of the partner organisation publishing the offer."),
  /* TRANSLATORS: label of the “externalURL” field of a job posting */
  N_("External offer link"),
  /* TRANSLATORS: hint of the “externalURL” field of a job posting */
  N_("The address of the full offer on the partner's website."),
  /* TRANSLATORS: label of the “contrat” field of a job posting */
  N_("Contract"),
  /* TRANSLATORS: hint of the “contrat” field of a job posting */
  N_("The kind of contract, such as freelance, fixed-term or internship."),
  /* TRANSLATORS: label of the “equipe” field of a job posting */
  N_("Team"),
  /* TRANSLATORS: hint of the “equipe” field of a job posting */
  N_("The team or incubator the person will join."),
  /* TRANSLATORS: label of the “contact” field of a job posting */
  N_("Contact email"),
  /* TRANSLATORS: hint of the “contact” field of a job posting */
  N_("The address where candidates can write."),
  /* TRANSLATORS: label of the “poste_ouvert” field of a job posting */
  N_("Opening date"),
  /* TRANSLATORS: hint of the “poste_ouvert” field of a job posting */
  N_("The day the position opens."),
  /* TRANSLATORS: label of the “poste_ferme” field of a job posting */
  N_("Closing date"),
  /* TRANSLATORS: hint of the “poste_ferme” field of a job posting */
  N_("The last day to apply."),
  /* TRANSLATORS: label of the “poste_pourvu” field of a job posting */
  N_("Position filled"),
  /* TRANSLATORS: hint of the “poste_pourvu” field of a job posting */
  N_("Turn on once someone has been hired."),
  /* TRANSLATORS: label of the “status” field of a job posting */
  N_("Status"),
  /* TRANSLATORS: hint of the “status” field of a job posting */
  N_("The state of the offer in the incubator's own tracking, such as \"open\"."),
  /* TRANSLATORS: label of the “redirect_from” field of a job posting */
  N_("Former addresses"),
  /* TRANSLATORS: hint of the “redirect_from” field of a job posting */
  N_("Old page addresses that should lead to this offer, one per item."),
  NULL
};
