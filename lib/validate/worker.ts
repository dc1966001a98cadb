// Worker thread of `kubeforge validate`: reads and checks its share of the files and posts the results back
// (objects already replaced by their projections for the cross-resource rules).
import { parentPort, workerData } from 'node:worker_threads';
import { Validator, type PendingResult } from './engine';
import { RuleSession, projectForRules } from './rules';
import type { PreciseReads } from './files';
import { checkInput, openInput, type WorkerReply, type WorkerRequest } from './run';

const request = workerData as WorkerRequest;
const validator = new Validator(request.options);
validator.crds.addSchemas(request.crdSchemas);
const session = request.rules === undefined ? undefined : new RuleSession(request.rules, { kubernetesVersion: validator.version });
const results: PendingResult[][] = [];
const precise: (PreciseReads | undefined)[] = [];
let silenced = 0;
for (const file of request.files) {
  const checked = checkInput(validator, openInput(file), session, session === undefined ? undefined : projectForRules, request.keepObjects);
  results.push(checked.results);
  precise.push(checked.precise);
  silenced += checked.silenced;
}
parentPort!.postMessage({ results, precise, silenced } satisfies WorkerReply);
