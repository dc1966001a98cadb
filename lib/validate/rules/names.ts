// Name, label and annotation syntax as the API server checks it (k8s.io/apimachinery/pkg/util/validation).

import { detached } from '../result';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const LABEL_MAX = 63;
export const SUBDOMAIN_MAX = 253;
/** Total size of an object's annotation keys and values. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Entries a check remembers before it starts over; far more than the distinct labels of any real run. */
const REMEMBERED_MAX = 10_000;
/** Longer strings are rare and fail on length alone; remembering them would only hold memory. */
const REMEMBERED_LENGTH_MAX = 256;

/**
 * The check, answering repeated strings from memory: label keys, label values and namespaces repeat across the
 * objects of a run, and each regular expression would otherwise run again on every copy.
 */
function remembering(check: (value: string) => string | undefined): (value: string) => string | undefined {
  // '' stands for "no problem", which a problem message never is.
  const answers = new Map<string, string>();
  return (value) => {
    const known = answers.get(value);
    if (known !== undefined) return known === '' ? undefined : known;
    const problem = check(value);
    if (value.length > REMEMBERED_LENGTH_MAX) return problem;
    if (answers.size >= REMEMBERED_MAX) answers.clear();
    // A copy: the value may be a slice of a file's text, which the key would keep alive long after the file.
    answers.set(detached(value), problem ?? '');
    return problem;
  };
}

/** Why `value` is not a DNS-1123 label (lower-case alphanumerics and `-`, at most 63), or undefined when it is one. */
export const dns1123LabelProblem = remembering((value) => {
  if (value.length > LABEL_MAX) return `is ${value.length} characters long, the limit is ${LABEL_MAX}`;
  if (!DNS1123_LABEL.test(value)) return 'must consist of lower-case letters, digits and "-", and start and end with a letter or digit (DNS-1123 label)';
  return undefined;
});

/** Like a DNS-1123 label but starting with a letter; Service names must be DNS-1035 labels. */
export function dns1035LabelProblem(value: string): string | undefined {
  if (value.length > LABEL_MAX) return `is ${value.length} characters long, the limit is ${LABEL_MAX}`;
  return dns1035Syntax(value);
}

/** Objects of one app share their name, so the syntax of names is remembered too (lengths depend on the kind). */
const dns1035Syntax = remembering((value) =>
  DNS1035_LABEL.test(value) ? undefined : 'must consist of lower-case letters, digits and "-", start with a letter and end with a letter or digit (DNS-1035 label)',
);

export function dns1123SubdomainProblem(value: string, max = SUBDOMAIN_MAX): string | undefined {
  if (value.length > max) return `is ${value.length} characters long, the limit is ${max}`;
  return dns1123SubdomainSyntax(value);
}

const dns1123SubdomainSyntax = remembering((value) =>
  DNS1123_SUBDOMAIN.test(value) ? undefined : 'must consist of lower-case letters, digits, "-" and ".", and start and end with a letter or digit (DNS-1123 subdomain)',
);

/** Names that are used as a URL path segment only (RBAC kinds): anything but `.`, `..`, `/` and `%`. */
export function pathSegmentProblem(value: string): string | undefined {
  if (value === '.' || value === '..') return `may not be "${value}"`;
  if (value.includes('/') || value.includes('%')) return 'may not contain "/" or "%"';
  return undefined;
}

/** Label and annotation keys: `[prefix/]name`, prefix a DNS-1123 subdomain, name at most 63 characters. */
export const qualifiedNameProblem = remembering((key) => {
  const parts = key.split('/');
  if (parts.length > 2) return 'may contain at most one "/" (an optional DNS subdomain prefix and a name)';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') return 'has an empty prefix before "/"';
    const prefixProblem = dns1123SubdomainProblem(parts[0]);
    if (prefixProblem !== undefined) return `prefix "${parts[0]}" ${prefixProblem}`;
  }
  if (name === '') return 'has an empty name';
  if (name.length > LABEL_MAX) return `name part is ${name.length} characters long, the limit is ${LABEL_MAX}`;
  if (!QUALIFIED_NAME_PART.test(name)) return 'name part must consist of alphanumerics, "-", "_" and ".", and start and end with an alphanumeric';
  return undefined;
});

/** Annotation keys: the API server checks them in lower case, so upper-case prefixes are accepted. */
export const annotationKeyProblem = remembering((key) => qualifiedNameProblem(key.toLowerCase()));

export const labelValueProblem = remembering((value) => {
  if (value.length > LABEL_MAX) return `is ${value.length} characters long, the limit is ${LABEL_MAX}`;
  if (!LABEL_VALUE.test(value)) return 'must be empty or consist of alphanumerics, "-", "_" and ".", and start and end with an alphanumeric';
  return undefined;
});
