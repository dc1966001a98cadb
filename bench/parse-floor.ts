// The floor of the validate benchmark: read every manifest under a folder and parse it with kubeforge's
// fast YAML reader, on one thread, and nothing else.
import { findManifestFiles, readInputs } from '../lib/validate/files';
import { readFast } from '../lib/validate/yaml';

const { files } = findManifestFiles(process.argv.slice(2));
let documents = 0;
for (const input of readInputs(files).inputs) documents += readFast(input.text)?.length ?? 0;
process.stdout.write(`${documents} documents\n`);
