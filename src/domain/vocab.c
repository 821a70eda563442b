/* Name tables of the data model's vocabularies. */
#include "domain/vocab.h"

#include "util/err.h"

#include <string.h>

#define VOCAB(id, what, ...)                                                   \
    static const char *const id##_names[] = {__VA_ARGS__};                     \
    const struct vocab id = {what, id##_names,                                 \
                             (int)(sizeof(id##_names) / sizeof(char *))}

VOCAB(vocab_regulation, "regulation", "2008", "2015", "2021");
VOCAB(vocab_provider_kind, "provider kind", "public", "private");
VOCAB(vocab_specialty_kind, "specialty kind", "bas", "gren", "tillagg");
VOCAB(vocab_unit_kind, "unit kind", "primary_care", "hospital_clinic",
      "private_clinic", "training_node");
VOCAB(vocab_trainee_status, "trainee status", "active", "on_leave", "completed",
      "left");
VOCAB(vocab_leave_kind, "leave kind", "parental", "sick", "leave_of_absence",
      "other");
VOCAB(vocab_need_status, "need status", "open", "booked", "done", "waived");
VOCAB(vocab_booking_status, "booking status", "requested", "confirmed",
      "declined", "cancelled", "completed");
VOCAB(vocab_cancel_reason, "cancel reason", "", "sick_leave", "parental_leave",
      "changed_plan", "other");
VOCAB(vocab_goal_group, "goal group", "bt", "a", "b", "c");
VOCAB(vocab_confidence, "confidence", "verified", "secondary", "uncertain");
VOCAB(vocab_goal_status, "goal status", "planned", "in_progress", "met",
      "certified");
VOCAB(vocab_activity_kind, "activity kind", "clinical", "auskultation",
      "course", "seminar", "simulation", "written_work", "quality_work");
VOCAB(vocab_activity_status, "activity status", "planned", "in_progress",
      "done");
VOCAB(vocab_edu_status, "education plan status", "draft", "approved",
      "superseded");
VOCAB(vocab_edu_track, "education plan track", "none", "leadership",
      "research");

const char *vocab_name(const struct vocab *v, int value)
{
    if (value < 0 || value >= v->count)
        return NULL;
    return v->names[value];
}

int vocab_parse(const struct vocab *v, const char *name, int *out)
{
    for (int i = 0; i < v->count; i++) {
        if (v->names[i][0] != '\0' && strcmp(v->names[i], name) == 0) {
            *out = i;
            return 0;
        }
    }
    return ERR_INVAL;
}
