// A person typing, for the typist tests (unit and real-server): seeded, so a failing run can
// be replayed from its seed.

/** mulberry32: a small seeded PRNG returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The gap before a typist's next key: 50-150 ms, always shorter than the keystroke guard. */
export const typistGap = (random: () => number): number => 50 + Math.floor(random() * 101);
