/*
 * A ticker: one background thread that runs a round of work at once, then
 * again every period, sooner when poked, until it is stopped. The server's
 * workers (the planner, the notifier, the offerer, the exchange's sender)
 * are each a ticker and their round.
 */
#ifndef RANDA_UTIL_TICKER_H
#define RANDA_UTIL_TICKER_H

struct ticker;

/*
 * One round of work on arg, run by ticker t. It answers 1 when there is more
 * to do at once (the next round starts without waiting), else 0. A long
 * round asks ticker_stopping(t) now and then and returns early when true.
 */
typedef int ticker_round(struct ticker *t, void *arg);

/*
 * Starts the thread: round(arg) now, then after each round that answers 0
 * the thread waits period_s seconds (at least 1) or until poked or stopped.
 * Answers 0 and sets *out, or -1 when no thread could be made.
 */
int ticker_start(int period_s, ticker_round *round, void *arg,
                 struct ticker **out);

/* Runs the next round as soon as the current one (if any) ends. A poke
 * during a round is kept, not lost. NULL does nothing. */
void ticker_poke(struct ticker *t);

/* Whether the ticker was told to stop: for a round to end early. */
int ticker_stopping(struct ticker *t);

/* Tells the thread to stop after its round and does not wait: for an owner
 * that must cancel a round after the stop is visible to it. NULL does
 * nothing. */
void ticker_halt(struct ticker *t);

/* Halts, waits for the round in progress to end, and frees t. NULL does
 * nothing. */
void ticker_stop(struct ticker *t);

#endif
