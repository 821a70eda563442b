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

/* The name of value in v, or NULL if value is out of range. */
const char *vocab_name(const struct vocab *v, int value);

/* Parses a name of v into *out; returns 0 or ERR_INVAL. */
int vocab_parse(const struct vocab *v, const char *name, int *out);

#endif
