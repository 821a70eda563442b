/* The certificates' rules and names (cert.h). */
#include "domain/cert.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cert_kind_names[] = {"rotation", "activity", "bt",
                                              "summary"};
const struct vocab vocab_cert_kind = {"certificate kind", cert_kind_names, 4};

static const char *const cert_signer_names[] = {"supervisor", "director"};
const struct vocab vocab_cert_signer = {"signer role", cert_signer_names,
                                        CERT_SIGNER_COUNT};

/* Parses a positive decimal id without sign or leading zeros. */
static int cert_id_parse(const char *s, int64_t *out)
{
    if (!*s || *s == '0' || strlen(s) > 19)
        return -1;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno || v <= 0)
        return -1;
    *out = (int64_t)v;
    return 0;
}

int cert_key_parse(const char *s, struct cert_key *out)
{
    out->id = 0;
    if (strcmp(s, "bt") == 0) {
        out->kind = CERT_BT;
        return 0;
    }
    if (strcmp(s, "summary") == 0) {
        out->kind = CERT_SUMMARY;
        return 0;
    }
    if (strncmp(s, "rotation-", 9) == 0) {
        out->kind = CERT_ROTATION;
        return cert_id_parse(s + 9, &out->id);
    }
    if (strncmp(s, "activity-", 9) == 0) {
        out->kind = CERT_ACTIVITY;
        return cert_id_parse(s + 9, &out->id);
    }
    return -1;
}

void cert_key_format(const struct cert_key *k, char *out)
{
    if (k->kind == CERT_ROTATION || k->kind == CERT_ACTIVITY)
        snprintf(out, CERT_KEY_MAX, "%s-%lld", cert_kind_names[k->kind],
                 (long long)k->id);
    else
        snprintf(out, CERT_KEY_MAX, "%s", cert_kind_names[k->kind]);
}

int cert_activity_has_form(enum activity_kind k)
{
    return k == ACTIVITY_CLINICAL || k == ACTIVITY_AUSKULTATION ||
           k == ACTIVITY_COURSE || k == ACTIVITY_WRITTEN_WORK ||
           k == ACTIVITY_QUALITY_WORK;
}

unsigned cert_signers(enum cert_kind k)
{
    unsigned sup = 1u << CERT_SIGNER_SUPERVISOR;
    return k == CERT_BT || k == CERT_SUMMARY ? sup | 1u << CERT_SIGNER_DIRECTOR
                                             : sup;
}

const char *cert_form_title(enum cert_kind k)
{
    switch (k) {
    case CERT_BT:
        return "Intyg om godkänd bastjänstgöring (BT)";
    case CERT_SUMMARY:
        return "Sammanställning av specialiseringstjänstgöringen (ST)";
    default:
        return "Intyg om genomförd utbildningsaktivitet och uppfyllda "
               "kompetenskrav";
    }
}

const char *cert_activity_name(enum activity_kind a)
{
    static const char *const names[] = {
        "Klinisk tjänstgöring under handledning",
        "Auskultation",
        "Kurs",
        "Seminarium",
        "Simulering",
        "Självständigt skriftligt arbete enligt vetenskapliga principer",
        "Kvalitets- och utvecklingsarbete",
    };
    return (unsigned)a < sizeof(names) / sizeof(*names) ? names[a] : "";
}

const char *cert_form_subtitle(enum cert_kind k, enum activity_kind a)
{
    if (k == CERT_ROTATION)
        return cert_activity_name(ACTIVITY_CLINICAL);
    if (k == CERT_ACTIVITY)
        return cert_activity_name(a);
    return "";
}

const char *cert_goal_status_name(enum goal_status s)
{
    static const char *const names[] = {"planerat", "pågår", "uppfyllt",
                                        "intygat"};
    return (unsigned)s < sizeof(names) / sizeof(*names) ? names[s] : "";
}

int cert_goal_met(enum goal_status s)
{
    return s == GOAL_MET || s == GOAL_CERTIFIED;
}
