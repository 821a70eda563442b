/*
 * Swaps of places between regions (issue 17): cycle packing as in kidney
 * exchange. Each region offers seats ("I give X") and wants seats ("I need
 * Y"); an offer of one region can fill a want of another when both are of
 * the same specialty and the offer's rotation is at least as long. A swap
 * is a cycle of 2 or 3 distinct regions, each giving one seat to the next.
 * swap_find() chooses the set of cycles that exchanges the most weeks with
 * no offer's or want's seats used more than it has, exactly (branch and
 * bound over every 2- and 3-cycle; the problems are small).
 */
#ifndef RANDA_EXCHANGE_SWAP_H
#define RANDA_EXCHANGE_SWAP_H

/* An offer or a want: its region (any small number), the specialty as a
 * number (the caller maps its codes), the weeks and the seats. */
struct swap_item {
    int region;
    int specialty;
    int weeks;
    int seats;
};

/* One seat of offers[offer] going to the region of wants[want]. */
struct swap_leg {
    int offer, want;
};

/* A cycle: n legs (2 or 3), leg i's receiver the giver of leg i+1; weeks
 * is the sum of the wants' weeks. */
struct swap_cycle {
    int n;
    struct swap_leg legs[3];
    int weeks;
};

/* Cycles considered at most, and search nodes at most (then *optimal is
 * 0 and the best found is returned). */
#define SWAP_CYCLES_MAX 5000
#define SWAP_NODES_MAX  2000000L

/*
 * Finds the packing of 2- and 3-cycles that maximises the weeks exchanged.
 * *out gets a new array of *nout cycles (free() it; NULL when none),
 * largest first; *optimal is 1 when the search proved it best. Returns 0,
 * or ERR_INVAL for a negative count.
 */
int swap_find(const struct swap_item *offers, int noffers,
              const struct swap_item *wants, int nwants,
              struct swap_cycle **out, int *nout, int *optimal);

#endif
