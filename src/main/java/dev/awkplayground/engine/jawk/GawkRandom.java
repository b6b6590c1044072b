package dev.awkplayground.engine.jawk;

/**
 * {@code rand()} and {@code srand()} giving gawk's very numbers, so that a program seeded alike prints what it prints
 * under gawk (jawk's own generator is another one, scaled differently). Written from the algorithm gawk 5.2 documents
 * in its sources: BSD's additive feedback generator {@code random()} on the trinomial x^63 + x + 1 (the state size
 * gawk asks for selects it), its 63 words of state seeded by the Park-Miller "minimal standard" step from the seed and
 * stirred by 630 draws; in front of it a Bays-Durham shuffle of 512 draws; and a {@code rand()} made of two draws,
 * 31 bits each, in [0, 1). Before any {@code srand()} the seed is 1, and {@code srand()} returns the previous seed.
 * <p>
 * The state words are C's {@code uint32_t}, held in Java {@code int}s: addition wraps the same, shifts are unsigned.
 * One instance per run.
 */
final class GawkRandom {
    private static final int DEGREE = 63;
    private static final int SEPARATION = 1;
    private static final int STIRRING_DRAWS = 10 * DEGREE;
    private static final int SHUFFLE_SIZE = 512;
    private static final double DIVISOR = 0x1p31;

    private final int[] state = new int[DEGREE];
    private int front;
    private int rear;
    private final long[] shuffle = new long[SHUFFLE_SIZE];
    private boolean shuffleFilled;
    private long lastDrawn;
    private long seed = 1;

    GawkRandom() {
        reseed(1);
    }

    /** {@code rand()}: uniformly in [0, 1), 62 bits from two draws. */
    double rand() {
        double value;
        do {
            long high = draw();
            long low = draw();
            // gawk adds and takes away 0.5 so that no bits below 2^-53 remain; the same doubles, in the same order
            value = 0.5 + ((high / DIVISOR + low) / DIVISOR);
            value -= 0.5;
        } while (value == 1.0);
        return value;
    }

    /** {@code srand(value)}: seeds with the value truncated to an integer; returns the previous seed. */
    long srand(double value) {
        return reseedReturningPrevious((long) value);
    }

    /** {@code srand()}: seeds with the time of day in seconds; returns the previous seed. */
    long srand() {
        return reseedReturningPrevious(System.currentTimeMillis() / 1000);
    }

    private long reseedReturningPrevious(long newSeed) {
        long previous = seed;
        seed = newSeed;
        // C's (unsigned int) of the seed: its low 32 bits
        reseed((int) newSeed);
        return previous;
    }

    private void reseed(int value) {
        shuffleFilled = false;
        state[0] = value;
        for (int i = 1; i < DEGREE; i++) {
            state[i] = minimalStandard(state[i - 1]);
        }
        front = SEPARATION;
        rear = 0;
        for (int i = 0; i < STIRRING_DRAWS; i++) {
            draw();
        }
    }

    /** x * 16807 mod (2^31 - 1) by Schrage's method, in 32-bit signed arithmetic as C computes it; 0 is not a seed. */
    private static int minimalStandard(int x) {
        int value = x == 0 ? 123459876 : x;
        int high = value / 127773;
        int low = value % 127773;
        value = 16807 * low - 2836 * high;
        return value < 0 ? value + 0x7fffffff : value;
    }

    /** One draw through the shuffle: the buffer is filled first after every seeding. */
    private long draw() {
        if (!shuffleFilled) {
            for (int k = 0; k < SHUFFLE_SIZE; k++) {
                shuffle[k] = feedback();
            }
            lastDrawn = feedback();
            shuffleFilled = true;
        }
        long next = feedback();
        int k = (int) (lastDrawn & (SHUFFLE_SIZE - 1));
        lastDrawn = shuffle[k];
        shuffle[k] = next;
        return lastDrawn;
    }

    /** The additive feedback step: 31 bits, the lowest (least random) bit of the sum dropped. */
    private long feedback() {
        state[front] += state[rear];
        long value = (state[front] >>> 1) & 0x7fffffff;
        if (++front >= DEGREE) {
            front = 0;
            ++rear;
        } else if (++rear >= DEGREE) {
            rear = 0;
        }
        return value;
    }
}
