// Worker thread of `kubeforge validate`: validates its share of the files and posts the results back.
import { parentPort, workerData } from 'node:worker_threads';
import { Validator } from './engine';
import { checkText } from './files';
import type { WorkerReply, WorkerRequest } from './run';

const request = workerData as WorkerRequest;
const validator = new Validator(request.options);
validator.crds.addSchemas(request.crdSchemas);
const checked = request.inputs.map((input) => checkText(validator, input, request.keepObjects));
parentPort!.postMessage({ results: checked.map((entry) => entry.results), simple: checked.map((entry) => entry.simple) } satisfies WorkerReply);
