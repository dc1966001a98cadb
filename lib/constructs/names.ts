// Syntax checks of names, labels and ports as the API server applies them; each returns what is wrong or undefined.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** How an object's name is checked: most kinds take a DNS subdomain, a few a label, RBAC kinds a path segment. */
export type NameRule = 'dns-subdomain' | 'dns-label' | 'dns-1035-label' | 'path-segment';

export function nameProblem(name: string, rule: NameRule, maxLength?: number): string | undefined {
  switch (rule) {
    case 'dns-label':
      return dnsLabelProblem(name, maxLength);
    case 'dns-1035-label':
      if (name.length > (maxLength ?? 63)) return `"${name}" is longer than ${maxLength ?? 63} characters`;
      if (!DNS_1035_LABEL.test(name)) {
        return `"${name}" is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter)`;
      }
      return undefined;
    case 'dns-subdomain':
      return dnsSubdomainProblem(name, maxLength);
    case 'path-segment':
      if (name === '' || name === '.' || name === '..' || /[/%]/.test(name)) return `"${name}" may not be empty, "." or "..", or contain "/" or "%"`;
      return undefined;
  }
}

export function dnsLabelProblem(name: string, maxLength = 63): string | undefined {
  if (name.length > maxLength) return `"${name}" is longer than ${maxLength} characters`;
  if (!DNS_LABEL.test(name)) return `"${name}" is not a DNS-1123 label (lowercase letters, digits and "-", alphanumeric at both ends)`;
  return undefined;
}

export function dnsSubdomainProblem(name: string, maxLength = 253): string | undefined {
  if (name.length > maxLength) return `"${name}" is longer than ${maxLength} characters`;
  if (!DNS_SUBDOMAIN.test(name)) {
    return `"${name}" is not a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", alphanumeric at both ends)`;
  }
  return undefined;
}

export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && dnsSubdomainProblem(prefix)) return `label key "${key}" has a prefix that is not a DNS subdomain`;
  if (name.length > 63 || !LABEL_NAME.test(name)) {
    return `label key "${key}" must be at most 63 characters of letters, digits, "-", "_" and ".", alphanumeric at both ends (after an optional "prefix/")`;
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value)) {
    return `label value "${value}" must be at most 63 characters of letters, digits, "-", "_" and ".", alphanumeric at both ends`;
  }
  return undefined;
}

/** Problems of a label map, one message per bad key or value. */
export function labelProblems(labels: { readonly [key: string]: string } | undefined): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) problems.push(keyProblem);
    const valueProblem = labelValueProblem(value);
    if (valueProblem) problems.push(valueProblem);
  }
  return problems;
}

/** A port name (IANA service name): up to 15 lowercase letters, digits and "-", with at least one letter. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return `port name "${name}" must be 1-15 lowercase letters, digits and single "-", with at least one letter`;
  }
  return undefined;
}

export function portNumberProblem(port: number): string | undefined {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `port ${port} is outside 1-65535`;
  return undefined;
}

/** Code-point order: deterministic on every machine, unlike localeCompare. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
