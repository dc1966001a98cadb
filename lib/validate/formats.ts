// String and number formats of the Kubernetes schemas, as the API server checks them.
// Imported by the precompiled validators (scripts/build-validators.ts) and by runtime compilation alike.

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const QUANTITY = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+|[KMGTPE]i|[mkMGTPE])?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE_TIME = /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)$/;

export const formats = {
  int32: { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX },
  int64: { type: 'number', validate: (value: number) => Number.isInteger(value) },
  double: { type: 'number', validate: () => true },
  byte: { type: 'string', validate: (value: string) => BASE64.test(value.replace(/\s+/g, '')) },
  'date-time': { type: 'string', validate: (value: string) => DATE_TIME.test(value) },
  quantity: { type: 'string', validate: (value: string) => QUANTITY.test(value) },
} as const;

/** What each format expects, for messages. */
export const FORMAT_EXPECTATIONS: Record<string, string> = {
  int32: 'a 32-bit integer (-2147483648 to 2147483647)',
  int64: 'an integer',
  double: 'a number',
  byte: 'base64-encoded data',
  'date-time': 'an RFC 3339 date-time such as 2024-01-31T12:00:00Z',
  quantity: 'a quantity such as 250m, 1.5, 512Mi or 2Gi',
};
