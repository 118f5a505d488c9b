/*
 * NOP submit + reap with liburing: the C reference for uring4j's NopBenchmark.
 *
 * Each round queues BATCH NOPs, hands them to the kernel and waits for all of them with one
 * io_uring_submit_and_wait(), then reaps the BATCH completions and advances the CQ once.
 * MODE "like" (the default) sets up the ring like uring4j's tuned ring as far as this liburing
 * allows: SINGLE_ISSUER | DEFER_TASKRUN | TASKRUN_FLAG | SUBMIT_ALL, ring fd registered
 * (io_uring_register_ring_fd). NO_SQARRAY (uring4j's fifth default flag) is left out: the liburing
 * shipped by Debian 12 (2.3) predates it and always writes the SQ index array, which the kernel
 * does not map with that flag (native/nop_raw.c has it). MODE "default" takes liburing's own
 * defaults: no setup flags, ring fd not registered.
 *
 * Usage: nop_bench BATCH WARMUP_SECONDS MEASURE_SECONDS [like|default]
 * Prints one line: "batch=B ops=N seconds=S ns_per_op=X setup_flags=0x... mode=M".
 *
 * Build: gcc -O2 -o nop_bench nop_bench.c -luring
 */
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ENTRIES 256

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One round: BATCH NOPs in, BATCH completions out. Returns a checksum of the CQEs. */
static uint64_t round_trip(struct io_uring *ring, unsigned batch)
{
	struct io_uring_cqe *cqe;
	unsigned head, seen = 0;
	uint64_t sum = 0;
	int ret;

	for (unsigned i = 0; i < batch; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
		io_uring_prep_nop(sqe);
		sqe->user_data = i;
	}
	ret = io_uring_submit_and_wait(ring, batch);
	if (ret != (int)batch) {
		fprintf(stderr, "nop_bench: submit_and_wait returned %d (%s), expected %u\n",
			ret, ret < 0 ? strerror(-ret) : "short", batch);
		exit(1);
	}
	io_uring_for_each_cqe(ring, head, cqe) {
		sum += (uint64_t)cqe->res + cqe->user_data;
		seen++;
	}
	if (seen != batch) {
		fprintf(stderr, "nop_bench: reaped %u of %u NOPs\n", seen, batch);
		exit(1);
	}
	io_uring_cq_advance(ring, seen);
	return sum;
}

/* Runs rounds for SECONDS and returns how many rounds were done; the clock is read every 64 rounds. */
static uint64_t run_for(struct io_uring *ring, unsigned batch, double seconds, uint64_t *sum,
			uint64_t *elapsed)
{
	uint64_t start = now_ns(), limit = (uint64_t)(seconds * 1e9), rounds = 0, t;

	do {
		for (int i = 0; i < 64; i++)
			*sum += round_trip(ring, batch);
		rounds += 64;
		t = now_ns() - start;
	} while (t < limit);
	*elapsed = t;
	return rounds;
}

int main(int argc, char **argv)
{
	struct io_uring_params p;
	struct io_uring ring;
	uint64_t sum = 0, elapsed, rounds;
	unsigned batch;
	int ret;

	int like = argc < 5 || strcmp(argv[4], "default") != 0;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: %s BATCH WARMUP_SECONDS MEASURE_SECONDS [like|default]\n", argv[0]);
		return 2;
	}
	batch = (unsigned)atoi(argv[1]);
	if (batch < 1 || batch > ENTRIES) {
		fprintf(stderr, "nop_bench: BATCH must be 1..%d\n", ENTRIES);
		return 2;
	}
	memset(&p, 0, sizeof(p));
	if (like)
		p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG
			| IORING_SETUP_SUBMIT_ALL;
	ret = io_uring_queue_init_params(ENTRIES, &ring, &p);
	if (ret < 0) {
		fprintf(stderr, "nop_bench: io_uring_queue_init_params: %s\n", strerror(-ret));
		return 1;
	}
	if (like && (ret = io_uring_register_ring_fd(&ring)) != 1) {
		fprintf(stderr, "nop_bench: io_uring_register_ring_fd: %s\n", strerror(-ret));
		return 1;
	}
	run_for(&ring, batch, atof(argv[2]), &sum, &elapsed);
	rounds = run_for(&ring, batch, atof(argv[3]), &sum, &elapsed);
	printf("batch=%u ops=%llu seconds=%.3f ns_per_op=%.2f setup_flags=0x%x mode=%s checksum=%llu\n", batch,
	       (unsigned long long)(rounds * batch), elapsed / 1e9, (double)elapsed / (double)(rounds * batch),
	       p.flags, like ? "like" : "default", (unsigned long long)sum);
	io_uring_queue_exit(&ring);
	return 0;
}
