/**
 * Property tests run on a fixed seed, so a run of the suite is repeatable and CI fails only on a change, not on a
 * new draw; `FC_SEED=<n> npm test` (or `FC_SEED=random`) explores other inputs, as `npm run fuzz` does at scale.
 * A counterexample found that way becomes a regression test.
 */
import fc from 'fast-check';

const chosen = process.env.FC_SEED ?? '2019';
if (chosen !== 'random') fc.configureGlobal({ seed: Number(chosen) });
