package io.uring4j.bench.file;

/**
 * Uniformly random block-aligned offsets (xorshift64*), without allocation. One instance per
 * thread; seeds differ per thread so threads do not read in lockstep.
 */
final class RandomBlocks {
    private final long blocks;
    private final long blockSize;
    private long state;

    RandomBlocks(long blocks, int blockSize, long seed) {
        this.blocks = blocks;
        this.blockSize = blockSize;
        this.state = seed == 0 ? 0x9E37_79B9_7F4A_7C15L : seed;
    }

    long nextOffset() {
        long x = state;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        state = x;
        return Long.remainderUnsigned(x * 0x2545_F491_4F6C_DD1DL, blocks) * blockSize;
    }
}
