// Worker thread of `kubeforge validate`: validates its share of the files, posts the results back, and then
// answers where nodes of its files were written (for findings the rules add later), until told to stop.
import { parentPort, workerData } from 'node:worker_threads';
import { Validator } from './engine';
import { checkText, locatorFor, type Locator } from './files';
import type { LocateRequest, WorkerReply, WorkerRequest } from './run';

const request = workerData as WorkerRequest;
const validator = new Validator(request.options);
validator.crds.addSchemas(request.crdSchemas);
const locators: (Locator | undefined)[] = [];
const results = request.inputs.map((input, index) => {
  const checked = checkText(validator, input, request.keepObjects);
  locators[index] = checked.locator;
  return checked.results;
});
parentPort!.postMessage({ results } satisfies WorkerReply);
parentPort!.on('message', (requests: LocateRequest[] | 'done') => {
  if (requests === 'done') {
    parentPort!.close();
    return;
  }
  const positions = requests.map(({ input, document, segments }) => {
    locators[input] ??= locatorFor(request.inputs[input].text);
    return locators[input]!.at(document, segments) ?? null;
  });
  parentPort!.postMessage({ positions } satisfies WorkerReply);
});
