/*
 * The certificates (intyg) Socialstyrelsen's forms ask for, as rules with
 * no I/O: which certificates there are, how the API names them, their
 * titles per the trainee's regulation, and who signs each
 * (../shared/data/domain-sweden.md §1.5, reference-data.json
 * "utbildningsaktivitet_types").
 *
 *   rotation-ID  "Intyg om genomförd utbildningsaktivitet och uppfyllda
 *                kompetenskrav", klinisk tjänstgöring under handledning:
 *                one per rotation (booking ID);
 *   activity-ID  the same form for an activity of the plan: clinical
 *                service outside a booked rotation, auskultation, a course,
 *                written work on scientific principles, quality and
 *                development work (seminars and simulation have no form);
 *   bt           the BT certificate of HSLF-FS 2021:8 (its BT goals);
 *   summary      the summary of the whole ST: every goal, how each was
 *                met, the rotations and activities.
 *
 * The trainee's handledare signs every certificate; the studierektor of the
 * home unit co-signs the BT certificate and the summary, which speak for
 * the whole programme rather than one activity.
 */
#ifndef RANDA_DOMAIN_CERT_H
#define RANDA_DOMAIN_CERT_H

#include "domain/vocab.h"

#include <stdint.h>

enum cert_kind { CERT_ROTATION, CERT_ACTIVITY, CERT_BT, CERT_SUMMARY };
/* "rotation", "activity", "bt", "summary". */
extern const struct vocab vocab_cert_kind;

/* Who signs: the handledare, the studierektor. */
enum cert_signer { CERT_SIGNER_SUPERVISOR, CERT_SIGNER_DIRECTOR };
#define CERT_SIGNER_COUNT 2
/* "supervisor", "director": the roles' names (policy.h). */
extern const struct vocab vocab_cert_signer;

/* A certificate's name: its kind and, for a rotation or an activity, the
 * booking's or activity's id (0 otherwise). */
struct cert_key {
    enum cert_kind kind;
    int64_t id;
};

/* Text of a certificate's name with its NUL ("activity-9223372036854775807").
 */
#define CERT_KEY_MAX 41

/*
 * Parses "rotation-12", "activity-7", "bt" or "summary" into *out: 0, or -1
 * for anything else (ids are positive decimals without leading zeros).
 */
int cert_key_parse(const char *s, struct cert_key *out);
/* Writes k's name into out (CERT_KEY_MAX bytes). */
void cert_key_format(const struct cert_key *k, char *out);

/* Whether an activity of kind k has a certificate of its own. */
int cert_activity_has_form(enum activity_kind k);

/* The signers a certificate of kind k asks for, as bits 1 << enum
 * cert_signer. */
unsigned cert_signers(enum cert_kind k);

/* The form's title: "Intyg om genomförd utbildningsaktivitet och uppfyllda
 * kompetenskrav", "Intyg om godkänd bastjänstgöring (BT)", ... */
const char *cert_form_title(enum cert_kind k);

/*
 * What the form is about, its subtitle: the activity's kind as the forms
 * name it ("Klinisk tjänstgöring under handledning", "Kurs", ...; a
 * rotation is clinical service); "" for the BT certificate and the summary.
 */
const char *cert_form_subtitle(enum cert_kind k, enum activity_kind a);

/* The Swedish name of an activity kind and of a goal's state, as the
 * certificates print them ("Kurs", "uppfyllt"). */
const char *cert_activity_name(enum activity_kind a);
const char *cert_goal_status_name(enum goal_status s);

/* Whether a goal in state s counts as met on a certificate (met or
 * certified). */
int cert_goal_met(enum goal_status s);

#endif
