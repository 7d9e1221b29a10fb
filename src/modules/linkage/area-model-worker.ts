/** Worker-thread entry: fits an area's model off the main thread (see stored-model.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { fitAreaModel } from './area-model.ts';
import type { MatchablePerson } from './people.ts';

const input = workerData as { people: MatchablePerson[]; options: { reviewThreshold: number; referenceDate: string } };
const fit = fitAreaModel(input.people, { reviewThreshold: input.options.reviewThreshold, referenceDate: new Date(input.options.referenceDate) });
parentPort?.postMessage(fit);
