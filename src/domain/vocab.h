/*
 * The closed vocabularies of the data model (provider kinds, booking states,
 * ...) as C enums with the names the database and the API use. The schema's
 * CHECK constraints list the same names.
 */
#ifndef RANDA_DOMAIN_VOCAB_H
#define RANDA_DOMAIN_VOCAB_H

enum regulation { REGULATION_2008, REGULATION_2015, REGULATION_2021 };

enum provider_kind { PROVIDER_PUBLIC, PROVIDER_PRIVATE };

enum specialty_kind { SPECIALTY_BAS, SPECIALTY_GREN, SPECIALTY_TILLAGG };

enum unit_kind {
    UNIT_PRIMARY_CARE,    /* vårdcentral */
    UNIT_HOSPITAL_CLINIC, /* a hospital's clinic */
    UNIT_PRIVATE_CLINIC,  /* a private specialist clinic */
    UNIT_TRAINING_NODE,   /* utbildningsnod */
};

enum trainee_status {
    TRAINEE_ACTIVE,
    TRAINEE_ON_LEAVE,
    TRAINEE_COMPLETED,
    TRAINEE_LEFT,
};

enum leave_kind {
    LEAVE_PARENTAL,
    LEAVE_SICK,
    LEAVE_OF_ABSENCE,
    LEAVE_OTHER,
};

enum need_status { NEED_OPEN, NEED_BOOKED, NEED_DONE, NEED_WAIVED };

enum booking_status {
    BOOKING_REQUESTED,
    BOOKING_CONFIRMED,
    BOOKING_DECLINED,
    BOOKING_CANCELLED,
    BOOKING_COMPLETED,
};

enum cancel_reason {
    CANCEL_NONE, /* not cancelled */
    CANCEL_SICK_LEAVE,
    CANCEL_PARENTAL_LEAVE,
    CANCEL_CHANGED_PLAN,
    CANCEL_OTHER,
};

/* The education plan (issue 12). */
enum goal_group { GOAL_BT, GOAL_A, GOAL_B, GOAL_C };
enum confidence {
    CONFIDENCE_VERIFIED,
    CONFIDENCE_SECONDARY,
    CONFIDENCE_UNCERTAIN
};
/* A goal on a trainee's checklist. */
enum goal_status {
    GOAL_PLANNED,
    GOAL_IN_PROGRESS,
    GOAL_MET,
    GOAL_CERTIFIED, /* a handledare signed it off */
};
/* Activities as the certificates know them. */
enum activity_kind {
    ACTIVITY_CLINICAL, /* klinisk tjänstgöring under handledning */
    ACTIVITY_AUSKULTATION,
    ACTIVITY_COURSE,
    ACTIVITY_SEMINAR,
    ACTIVITY_SIMULATION,
    ACTIVITY_WRITTEN_WORK, /* skriftligt arbete enligt vetenskapliga principer
                            */
    ACTIVITY_QUALITY_WORK, /* kvalitets- och utvecklingsarbete */
};
enum activity_status { ACTIVITY_PLANNED, ACTIVITY_IN_PROGRESS, ACTIVITY_DONE };
enum edu_status { EDU_DRAFT, EDU_APPROVED, EDU_SUPERSEDED };
/* The plan's options: ledarskaps-ST, forsknings-ST. */
enum edu_track { EDU_TRACK_NONE, EDU_TRACK_LEADERSHIP, EDU_TRACK_RESEARCH };

/* One vocabulary: its names, indexed by enum value. */
struct vocab {
    const char *what; /* for messages: "booking status" */
    const char *const *names;
    int count;
};

extern const struct vocab vocab_regulation;
extern const struct vocab vocab_provider_kind;
extern const struct vocab vocab_specialty_kind;
extern const struct vocab vocab_unit_kind;
extern const struct vocab vocab_trainee_status;
extern const struct vocab vocab_leave_kind;
extern const struct vocab vocab_need_status;
extern const struct vocab vocab_booking_status;
extern const struct vocab vocab_cancel_reason;
extern const struct vocab vocab_goal_group;
extern const struct vocab vocab_confidence;
extern const struct vocab vocab_goal_status;
extern const struct vocab vocab_activity_kind;
extern const struct vocab vocab_activity_status;
extern const struct vocab vocab_edu_status;
extern const struct vocab vocab_edu_track;

/* The name of value in v, or NULL if value is out of range. */
const char *vocab_name(const struct vocab *v, int value);

/* Parses a name of v into *out; returns 0 or ERR_INVAL. */
int vocab_parse(const struct vocab *v, const char *name, int *out);

#endif
