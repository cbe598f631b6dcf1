/**
 * The API server's name and key formats, ported from k8s.io/apimachinery v0.36.3
 * (pkg/api/validate/content, pkg/util/validation): each returns the server's own messages, none when valid.
 * Lengths are bytes, as Go's len() counts them.
 */

const bytes = (value: string): number => Buffer.byteLength(value, 'utf8');

const maxLength = (length: number): string => `must be no more than ${length} characters`;

function regexError(message: string, format: string, ...examples: string[]): string {
  // Go's RegexError: "'a', " then " or " before each further example (two spaces, as the server prints it).
  const shown = examples.map((example) => `'${example}', `).join(' or ');
  return `${message} (e.g. ${shown}regex used for validation is '${format}')`;
}

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const LABEL_KEY = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${LABEL_KEY})?`;
const CONFIG_MAP_KEY = '[-._a-zA-Z0-9]+';

const anchored = (format: string): RegExp => new RegExp(`^${format}$`);
const DNS1123_LABEL_PATTERN = anchored(DNS1123_LABEL);
const DNS1123_SUBDOMAIN_PATTERN = anchored(DNS1123_SUBDOMAIN);
const LABEL_KEY_PATTERN = anchored(LABEL_KEY);
const LABEL_VALUE_PATTERN = anchored(LABEL_VALUE);
const CONFIG_MAP_KEY_PATTERN = anchored(CONFIG_MAP_KEY);

/** content.IsDNS1123Label: container, port-less volume, namespace, StatefulSet and (1.36) Service names. */
export function dns1123Label(value: string): string[] {
  const errors: string[] = [];
  if (bytes(value) > 63) errors.push(maxLength(63));
  if (!DNS1123_LABEL_PATTERN.test(value))
    errors.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL,
        'my-name',
        '123-abc',
      ),
    );
  return errors;
}

/** content.IsDNS1123Subdomain: most object names. */
export function dns1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (bytes(value) > 253) errors.push(maxLength(253));
  if (!DNS1123_SUBDOMAIN_PATTERN.test(value))
    errors.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  return errors;
}

const WILDCARD_DNS1123_SUBDOMAIN = `\\*\\.${DNS1123_SUBDOMAIN}`;
const WILDCARD_DNS1123_SUBDOMAIN_PATTERN = anchored(WILDCARD_DNS1123_SUBDOMAIN);

/** validation.IsWildcardDNS1123Subdomain: an Ingress host with a `*` (only as the whole first label). */
export function wildcardDns1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (bytes(value) > 253) errors.push(maxLength(253));
  if (!WILDCARD_DNS1123_SUBDOMAIN_PATTERN.test(value))
    errors.push(
      regexError(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
        WILDCARD_DNS1123_SUBDOMAIN,
        '*.example.com',
      ),
    );
  return errors;
}

/** content.IsPathSegmentName: RBAC role and binding names. */
function pathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  return ['/', '%'].filter((illegal) => value.includes(illegal)).map((illegal) => `may not contain '${illegal}'`);
}

const LABEL_KEY_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** content.IsLabelKey (IsQualifiedName): label keys, annotation keys (lower-cased first), finalizers. */
export function qualifiedName(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2)
    return [
      `a valid label key ${regexError(LABEL_KEY_MESSAGE, LABEL_KEY, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  const name = parts.at(-1)!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') errors.push('prefix part must be non-empty');
    else errors.push(...dns1123Subdomain(prefix).map((message) => `prefix part ${message}`));
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (bytes(name) > 63) errors.push(`name part ${maxLength(63)}`);
  if (!LABEL_KEY_PATTERN.test(name)) errors.push(`name part ${regexError(LABEL_KEY_MESSAGE, LABEL_KEY, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

/** content.IsLabelValue. */
export function labelValue(value: string): string[] {
  const errors: string[] = [];
  if (bytes(value) > 63) errors.push(maxLength(63));
  if (!LABEL_VALUE_PATTERN.test(value))
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  return errors;
}

/** validation.IsValidPortName (IANA service name): container and Service port names. */
export function portName(value: string): string[] {
  const errors: string[] = [];
  if (bytes(value) > 15) errors.push(maxLength(15));
  if (!/^[-a-z0-9]+$/.test(value)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(value)) errors.push('must contain at least one letter (a-z)');
  if (value.includes('--')) errors.push('must not contain consecutive hyphens');
  if (value.startsWith('-') || value.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}

/**
 * validation.IsRelaxedEnvVarName: what 1.36 enforces (RelaxedEnvironmentVariableValidation is GA and
 * locked on since 1.34), printable ASCII other than '='. The empty name is a Required error elsewhere.
 */
export function environmentVariableName(value: string): string[] {
  return [...value].some((character) => character < ' ' || character > '~' || character === '=')
    ? ["a valid environment variable name must consist only of printable ASCII characters other than '='"]
    : [];
}

/** validation.IsConfigMapKey: ConfigMap data and binaryData keys, Secret data keys. */
export function configMapKey(value: string): string[] {
  const errors: string[] = [];
  if (bytes(value) > 253) errors.push(maxLength(253));
  if (!CONFIG_MAP_KEY_PATTERN.test(value))
    errors.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_MAP_KEY,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  if (value === '.') errors.push("must not be '.'");
  else if (value === '..') errors.push("must not be '..'");
  else if (value.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}

/** How metadata.name is checked, per kind (the nameFn each kind's ValidateObjectMeta call passes). */
export type NameFormat = (value: string) => string[];

/**
 * Built-in kinds by name format, from pkg/apis/<group>/validation (1.36.3). A kind not listed is not
 * checked (its format was not ported); a custom resource's name is a DNS-1123 subdomain (apiextensions).
 */
export const NAME_FORMATS: Readonly<Record<string, NameFormat>> = {
  'v1/Namespace': dns1123Label,
  // RelaxedServiceNameValidation (beta, on by default in 1.36): a DNS-1123 label, no longer DNS-1035.
  'v1/Service': dns1123Label,
  'apps/v1/StatefulSet': dns1123Label,
  'rbac.authorization.k8s.io/v1/Role': pathSegmentName,
  'rbac.authorization.k8s.io/v1/ClusterRole': pathSegmentName,
  'rbac.authorization.k8s.io/v1/RoleBinding': pathSegmentName,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': pathSegmentName,
  ...Object.fromEntries(
    [
      'v1/ConfigMap',
      'v1/Secret',
      'v1/ServiceAccount',
      'v1/Pod',
      'v1/PersistentVolumeClaim',
      'v1/PersistentVolume',
      'v1/Endpoints',
      'v1/LimitRange',
      'v1/ResourceQuota',
      'apps/v1/Deployment',
      'apps/v1/DaemonSet',
      'apps/v1/ReplicaSet',
      'apps/v1/ControllerRevision',
      'batch/v1/Job',
      'batch/v1/CronJob',
      'networking.k8s.io/v1/Ingress',
      'networking.k8s.io/v1/IngressClass',
      'storage.k8s.io/v1/StorageClass',
      'scheduling.k8s.io/v1/PriorityClass',
      'coordination.k8s.io/v1/Lease',
      'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration',
      'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration',
      'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy',
      'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding',
    ].map((kind) => [kind, dns1123Subdomain]),
  ),
};
