/*
 * NOP submit + reap without liburing: the floor for uring4j's NopBenchmark.
 *
 * The ring is set up with exactly uring4j's default flags, SINGLE_ISSUER | DEFER_TASKRUN |
 * TASKRUN_FLAG | NO_SQARRAY | SUBMIT_ALL, and its fd is registered (REGISTER_RING_FDS) so that
 * io_uring_enter names it by index, as uring4j's registerRingFd() option does. Each round does
 * what uring4j's round does: clear and fill BATCH 64-byte SQEs, publish the SQ tail once, one
 * io_uring_enter(to_submit=BATCH, min_complete=0, GETEVENTS) that submits and runs the completion
 * work (a second, waiting enter only if fewer than BATCH completions are ready), then read the
 * BATCH CQEs and publish the CQ head once. Nothing else: no library, no checks beyond the result.
 *
 * System calls go through an inline "syscall" instruction on x86-64 (as liburing does), or through
 * libc's syscall(2) with the last argument "libc" (the path uring4j's FFM downcall takes).
 *
 * Usage: nop_raw BATCH WARMUP_SECONDS MEASURE_SECONDS [asm|libc]
 * Prints one line: "batch=B ops=N seconds=S ns_per_op=X setup_flags=0x... syscall=asm|libc".
 *
 * Build: gcc -O2 -o nop_raw nop_raw.c
 */
#include <errno.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ENTRIES 256
/* Newer than the uapi headers of some distributions (Debian 12 ships 6.1's). */
#define SETUP_NO_SQARRAY (1U << 16)

struct ring {
	unsigned *sq_tail, *cq_head, *cq_tail;
	unsigned sq_mask, cq_mask, sq_local_tail, cq_local_head;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	int enter_fd;
	unsigned enter_flags;
};

static int use_libc;

static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
#if defined(__x86_64__)
	if (!use_libc) {
		long ret;
		register long r10 __asm__("r10") = d;
		register long r8 __asm__("r8") = e;
		register long r9 __asm__("r9") = f;
		__asm__ volatile("syscall"
				 : "=a"(ret)
				 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
				 : "rcx", "r11", "memory");
		return ret; /* -errno on failure */
	}
#endif
	long r = syscall(nr, a, b, c, d, e, f);
	return r == -1 ? -errno : r;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what, long r)
{
	fprintf(stderr, "nop_raw: %s failed: %ld\n", what, r);
	exit(1);
}

static void ring_open(struct ring *r, struct io_uring_params *p)
{
	memset(p, 0, sizeof(*p));
	p->flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG
		| SETUP_NO_SQARRAY | IORING_SETUP_SUBMIT_ALL;
	long fd = sys6(__NR_io_uring_setup, ENTRIES, (long)p, 0, 0, 0, 0);
	if (fd < 0)
		die("io_uring_setup", fd);
	/* SINGLE_MMAP (every kernel this targets): the SQ and CQ rings share one mapping. */
	size_t sq_len = p->sq_off.array ? p->sq_off.array : p->cq_off.cqes;
	size_t cq_len = p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe);
	size_t len = sq_len > cq_len ? sq_len : cq_len;
	char *rings = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, (int)fd,
			   IORING_OFF_SQ_RING);
	if (rings == MAP_FAILED)
		die("mmap rings", -1);
	r->sqes = mmap(NULL, p->sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, (int)fd, IORING_OFF_SQES);
	if (r->sqes == MAP_FAILED)
		die("mmap sqes", -1);
	r->sq_tail = (unsigned *)(rings + p->sq_off.tail);
	r->sq_mask = *(unsigned *)(rings + p->sq_off.ring_mask);
	r->cq_head = (unsigned *)(rings + p->cq_off.head);
	r->cq_tail = (unsigned *)(rings + p->cq_off.tail);
	r->cq_mask = *(unsigned *)(rings + p->cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(rings + p->cq_off.cqes);
	r->sq_local_tail = *r->sq_tail;
	r->cq_local_head = *r->cq_head;

	struct io_uring_rsrc_update up = { .offset = -1U, .data = (uint64_t)fd };
	long n = sys6(__NR_io_uring_register, fd, IORING_REGISTER_RING_FDS, (long)&up, 1, 0, 0);
	if (n != 1)
		die("REGISTER_RING_FDS", n);
	r->enter_fd = (int)up.offset;
	r->enter_flags = IORING_ENTER_REGISTERED_RING;
}

static uint64_t round_trip(struct ring *r, unsigned batch)
{
	unsigned tail = r->sq_local_tail, head = r->cq_local_head, ready;
	uint64_t sum = 0;
	long ret;

	for (unsigned i = 0; i < batch; i++) {
		struct io_uring_sqe *sqe = &r->sqes[(tail + i) & r->sq_mask];
		memset(sqe, 0, sizeof(*sqe));
		sqe->opcode = IORING_OP_NOP;
		sqe->user_data = i;
	}
	tail += batch;
	__atomic_store_n(r->sq_tail, tail, __ATOMIC_RELEASE);
	r->sq_local_tail = tail;
	ret = sys6(__NR_io_uring_enter, r->enter_fd, batch, 0, IORING_ENTER_GETEVENTS | r->enter_flags, 0, 0);
	if (ret != (long)batch)
		die("io_uring_enter (submit)", ret);
	ready = __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE) - head;
	if (ready < batch) {
		ret = sys6(__NR_io_uring_enter, r->enter_fd, 0, batch, IORING_ENTER_GETEVENTS | r->enter_flags, 0, 0);
		if (ret < 0)
			die("io_uring_enter (wait)", ret);
		ready = __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE) - head;
	}
	if (ready != batch)
		die("reap (completions ready)", ready);
	for (unsigned i = 0; i < batch; i++) {
		struct io_uring_cqe *cqe = &r->cqes[(head + i) & r->cq_mask];
		sum += (uint64_t)cqe->res + cqe->user_data;
	}
	head += batch;
	__atomic_store_n(r->cq_head, head, __ATOMIC_RELEASE);
	r->cq_local_head = head;
	return sum;
}

/* Runs rounds for SECONDS and returns how many were done; the clock is read every 64 rounds. */
static uint64_t run_for(struct ring *r, unsigned batch, double seconds, uint64_t *sum, uint64_t *elapsed)
{
	uint64_t start = now_ns(), limit = (uint64_t)(seconds * 1e9), rounds = 0, t;

	do {
		for (int i = 0; i < 64; i++)
			*sum += round_trip(r, batch);
		rounds += 64;
		t = now_ns() - start;
	} while (t < limit);
	*elapsed = t;
	return rounds;
}

int main(int argc, char **argv)
{
	struct io_uring_params p;
	struct ring r;
	uint64_t sum = 0, elapsed, rounds;
	unsigned batch;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: %s BATCH WARMUP_SECONDS MEASURE_SECONDS [asm|libc]\n", argv[0]);
		return 2;
	}
	batch = (unsigned)atoi(argv[1]);
	if (batch < 1 || batch > ENTRIES) {
		fprintf(stderr, "nop_raw: BATCH must be 1..%d\n", ENTRIES);
		return 2;
	}
#if defined(__x86_64__)
	use_libc = argc == 5 && strcmp(argv[4], "libc") == 0;
#else
	use_libc = 1;
#endif
	ring_open(&r, &p);
	run_for(&r, batch, atof(argv[2]), &sum, &elapsed);
	rounds = run_for(&r, batch, atof(argv[3]), &sum, &elapsed);
	printf("batch=%u ops=%llu seconds=%.3f ns_per_op=%.2f setup_flags=0x%x syscall=%s checksum=%llu\n", batch,
	       (unsigned long long)(rounds * batch), elapsed / 1e9, (double)elapsed / (double)(rounds * batch),
	       p.flags, use_libc ? "libc" : "asm", (unsigned long long)sum);
	return 0;
}
