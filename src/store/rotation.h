/*
 * The documentation of a rotation (a booking): its introduction, the
 * supervision meetings and assessments during it, the handledare's
 * assessment of each of its goals after it (which moves the trainee's
 * checklist on), and the trainee's feedback on the receiving unit, on the
 * form the region keeps. Conventions of writes as in store/people.h: each
 * is one transaction with its audit rows; who did something is kept as a
 * user and a name (struct edu_by).
 */
#ifndef RANDA_STORE_ROTATION_H
#define RANDA_STORE_ROTATION_H

#include "store/edu.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

#define STORE_DOC_TEXT_MAX 4001
#define STORE_FORM_MAX     20001

/* ---- the kinds of assessment the region uses ---- */

struct assessment_kind {
    int64_t id;
    char code[33];
    char name_sv[101];
    char name_en[101];
    int active;
};

/* Every kind, active first, then by id. */
int store_assessment_kinds(struct store *s,
                           int (*each)(const struct assessment_kind *, void *),
                           void *arg, struct err_info *ei);
/* A new kind (active); ERR_CONFLICT (code) when the code is taken. */
int store_assessment_kind_insert(struct store *s, struct assessment_kind *k,
                                 struct err_info *ei);
/*
 * Renames kind k->id (name_sv, name_en) and takes it out of use
 * (active 0) or back (1); its code stays, and assessments keep it.
 * ERR_NOTFOUND (id) when there is no such kind.
 */
int store_assessment_kind_update(struct store *s,
                                 const struct assessment_kind *k,
                                 struct err_info *ei);

/* ---- during the rotation ---- */

struct rotation_intro {
    int64_t booking_id;
    char held_on[STORE_DATE_MAX]; /* "" when none is recorded */
    char note[2001];
};
int store_rotation_intro_get(struct store *s, int64_t booking_id,
                             struct rotation_intro *out, struct err_info *ei);
int store_rotation_intro_set(struct store *s, const struct rotation_intro *in,
                             struct err_info *ei);

struct supervision_meeting {
    int64_t id;
    int64_t booking_id;
    char held_on[STORE_DATE_MAX];
    struct edu_by by;
    char notes[STORE_DOC_TEXT_MAX];
    char actions[2001];
};
int store_meeting_insert(struct store *s, struct supervision_meeting *m,
                         struct err_info *ei);
int store_meeting_delete(struct store *s, int64_t id, struct err_info *ei);
/* booking_id's meetings by day. */
int store_meeting_list(struct store *s, int64_t booking_id,
                       int (*each)(const struct supervision_meeting *, void *),
                       void *arg, struct err_info *ei);

struct assessment {
    int64_t id;
    int64_t booking_id;
    int64_t kind_id;
    char held_on[STORE_DATE_MAX];
    struct edu_by by;
    char note[STORE_DOC_TEXT_MAX];
    int ngoals; /* the goals it touched: on the trainee's checklist */
    int64_t goal_ids[STORE_LIST_MAX];
};
/* ERR_INVAL (kind_id) for a kind that is unknown or out of use. */
int store_assessment_insert(struct store *s, struct assessment *a,
                            struct err_info *ei);
int store_assessment_delete(struct store *s, int64_t id, struct err_info *ei);
int store_assessment_list(struct store *s, int64_t booking_id,
                          int (*each)(const struct assessment *, void *),
                          void *arg, struct err_info *ei);

/* ---- after it ---- */

enum rotation_result_kind { RESULT_MET, RESULT_PARTLY, RESULT_NOT_YET };
extern const struct vocab vocab_rotation_result;

struct rotation_result {
    int64_t booking_id;
    int64_t goal_id;
    enum rotation_result_kind result;
    char comment[2001];
    struct edu_by by;
    char at[STORE_TIME_MAX];
};

/*
 * The handledare's assessment of goal r->goal_id after rotation
 * r->booking_id (a goal on the trainee's checklist: ERR_INVAL naming
 * goal_id otherwise; a declined or cancelled booking is ERR_CONFLICT).
 * It moves the checklist on in the same transaction: met makes the goal
 * met, partly and not yet make a planned one in progress; a goal met or
 * certified already stays so.
 */
int store_rotation_result_set(struct store *s, struct rotation_result *r,
                              struct err_info *ei);
int store_rotation_results(struct store *s, int64_t booking_id,
                           int (*each)(const struct rotation_result *, void *),
                           void *arg, struct err_info *ei);

/* ---- the feedback form and the feedback ---- */

struct feedback_form {
    int64_t id; /* 0: the region has none of its own yet */
    int64_t region_id;
    int version;
    char questions[STORE_FORM_MAX]; /* JSON */
    char created_at[STORE_TIME_MAX];
};
/* The region's current form; until it keeps one of its own, the form
 * Randa offers (id 0, version 0). */
int store_feedback_form_get(struct store *s, int64_t region_id,
                            struct feedback_form *out, struct err_info *ei);
/* Writes questions (JSON, checked by the caller) as the next version. */
int store_feedback_form_set(struct store *s, struct feedback_form *f,
                            struct err_info *ei);

struct feedback {
    int64_t booking_id;
    int64_t form_id;
    char answers[STORE_FORM_MAX]; /* JSON */
    char submitted_at[STORE_TIME_MAX];
};
/* booking_id's feedback; submitted_at "" when none was given. */
int store_feedback_get(struct store *s, int64_t booking_id,
                       struct feedback *out, struct err_info *ei);
/*
 * The trainee's feedback on rotation f->booking_id on form f->form_id
 * (answers checked against it by the caller). ERR_CONFLICT when it was
 * given already: a rotation has one feedback.
 */
int store_feedback_submit(struct store *s, struct feedback *f,
                          struct err_info *ei);

/* A feedback with the rotation it is on. */
struct feedback_item {
    struct feedback feedback;
    int64_t unit_id;
    char unit_name[STORE_NAME_MAX];
    int start_week, end_week; /* end exclusive */
    int form_version;
};
/*
 * The feedback on the units in the store's scope (by the receiving unit,
 * not the trainee: the unit's people read what trainees said of it), of
 * unit_id (0: any), newest first. Names no trainee.
 */
int store_feedback_list(struct store *s, int64_t unit_id,
                        int (*each)(const struct feedback_item *, void *),
                        void *arg, struct err_info *ei);

/* ---- what is missing ---- */

/* A rotation that ended and lacks its feedback or its assessment. */
struct rotation_gap {
    int64_t booking_id;
    int64_t trainee_id;
    char trainee_name[STORE_NAME_MAX];
    int64_t unit_id;
    char unit_name[STORE_NAME_MAX];
    int end_week;   /* exclusive */
    int feedback;   /* 1: no feedback yet */
    int assessment; /* 1: no goal assessed yet */
};
/*
 * The rotations in the store's scope that ended before week before (a
 * booking confirmed or completed, ended at least then) and lack their
 * feedback or their handledare's assessment, by end.
 */
int store_rotation_gaps(struct store *s, int before,
                        int (*each)(const struct rotation_gap *, void *),
                        void *arg, struct err_info *ei);

#endif
