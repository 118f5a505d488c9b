/*
 * The cost of reaching the kernel from C, for SyscallFloorBenchmark's Java side: one system
 * call that does (almost) nothing, getppid(2), in a loop.
 *
 * Modes: "asm" issues an inline "syscall" instruction (no call, no ret: the floor); "libc"
 * calls libc's getppid() (a call into a shared library and a ret after the system call, the
 * path a liburing call or an FFM downcall also takes).
 *
 * Usage: syscall_floor asm|libc WARMUP_SECONDS MEASURE_SECONDS
 * Prints one line: "mode=M calls=N seconds=S ns_per_op=X".
 *
 * Build: gcc -O2 -o syscall_floor syscall_floor.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long inline_getppid(void)
{
#if defined(__x86_64__)
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"((long) SYS_getppid) : "rcx", "r11", "memory");
	return ret;
#else
	return syscall(SYS_getppid);
#endif
}

/* Runs calls for about SECONDS; returns the count, *elapsed the time they took. */
static long run(int asm_mode, double seconds, double *elapsed)
{
	volatile long sink = 0;
	long calls = 0;
	double start = now(), end = start + seconds, t = start;
	while (t < end) {
		for (int i = 0; i < 1024; i++) {
			sink += asm_mode ? inline_getppid() : getppid();
		}
		calls += 1024;
		t = now();
	}
	*elapsed = t - start;
	return calls;
}

int main(int argc, char **argv)
{
	if (argc != 4 || (strcmp(argv[1], "asm") && strcmp(argv[1], "libc"))) {
		fprintf(stderr, "usage: %s asm|libc WARMUP_SECONDS MEASURE_SECONDS\n", argv[0]);
		return 2;
	}
	int asm_mode = !strcmp(argv[1], "asm");
	double elapsed;
	run(asm_mode, atof(argv[2]), &elapsed);
	long calls = run(asm_mode, atof(argv[3]), &elapsed);
	printf("mode=%s calls=%ld seconds=%.3f ns_per_op=%.1f\n", argv[1], calls, elapsed, elapsed * 1e9 / calls);
	return 0;
}
