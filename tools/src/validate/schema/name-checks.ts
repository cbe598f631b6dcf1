/**
 * The API server's name, key and size checks (core, apps and apimachinery validation, 1.36.3), as checks
 * of the types that hold them: labels and annotations of every ObjectMeta (templates included), container,
 * volume, port and environment variable names, ConfigMap and Secret keys and sizes, metadata.name per kind.
 */
import { isPlainObject, pointerSegment } from '../../model/json.js';
import {
  NAME_FORMATS,
  configMapKey,
  dns1123Label,
  dns1123Subdomain,
  environmentVariableName,
  labelValue,
  portName,
  qualifiedName,
  wildcardDns1123Subdomain,
} from './names.js';
import { duplicate, invalid, invalidEach, required, type SchemaProblem, type TypeCheck } from './problem.js';

/** apimachinery TotalAnnotationSizeLimitB: keys and values together. */
const ANNOTATIONS_LIMIT = 256 * 1024;
/** core.MaxSecretSize: a ConfigMap's data and binaryData together, a Secret's data. */
const DATA_LIMIT = 1024 * 1024;

const bytes = (value: string): number => Buffer.byteLength(value, 'utf8');
const child = (pointer: string, key: string): string => `${pointer}/${pointerSegment(key)}`;

/** ValidateLabels and ValidateAnnotations, on every ObjectMeta (an object's and a template's). */
export const objectMetaChecks: TypeCheck = (meta, pointer) => {
  const problems: SchemaProblem[] = [];
  const labels = isPlainObject(meta.labels) ? meta.labels : {};
  for (const [key, value] of Object.entries(labels)) {
    problems.push(...invalidEach(`${pointer}/labels`, key, qualifiedName(key)));
    if (typeof value === 'string') problems.push(...invalidEach(child(`${pointer}/labels`, key), value, labelValue(value)));
  }
  const annotations = isPlainObject(meta.annotations) ? meta.annotations : {};
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    // The rule is a qualified name except that case does not matter (lower-cased first).
    problems.push(...invalidEach(`${pointer}/annotations`, key, qualifiedName(key.toLowerCase())));
    size += bytes(key) + (typeof value === 'string' ? bytes(value) : 0);
  }
  if (size > ANNOTATIONS_LIMIT)
    problems.push({ pointer: `${pointer}/annotations`, message: `Too long: may not be more than ${ANNOTATIONS_LIMIT} bytes` });
  return problems;
};

/** A name field that must be a DNS-1123 label (containers, volumes, Service ports). */
const labelName =
  (field: string): TypeCheck =>
  (object, pointer) =>
    typeof object[field] === 'string' && object[field] !== ''
      ? invalidEach(`${pointer}/${field}`, object[field], dns1123Label(object[field]))
      : [];

export const containerNameChecks = labelName('name');
export const volumeNameChecks = labelName('name');

/** validateContainerPorts: a port name is an IANA service name. (Its uniqueness is checked per container.) */
export const containerPortNameChecks: TypeCheck = (port, pointer) =>
  typeof port.name === 'string' && port.name !== '' ? invalidEach(`${pointer}/name`, port.name, portName(port.name)) : [];

/** ValidateEnv: a name is required, and (relaxed in 1.36) printable ASCII without '='. */
export const environmentVariableChecks: TypeCheck = (variable, pointer) => {
  if (variable.name === '') return [required(`${pointer}/name`)];
  return typeof variable.name === 'string' ? invalidEach(`${pointer}/name`, variable.name, environmentVariableName(variable.name)) : [];
};

/** validateContainerPorts: two ports of one container with one name. */
export const containerPortNamesUnique: TypeCheck = (container, pointer) => {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  (Array.isArray(container.ports) ? container.ports : []).forEach((port: unknown, index) => {
    const name = isPlainObject(port) ? port.name : undefined;
    if (typeof name !== 'string' || name === '' || portName(name).length > 0) return;
    if (seen.has(name)) problems.push(duplicate(`${pointer}/ports/${index}/name`, name));
    seen.add(name);
  });
  return problems;
};

/** ValidateServiceSpec: with more than one port each needs a name (a DNS-1123 label), unique in the Service. */
export const servicePortNameChecks: TypeCheck = (spec, pointer) => {
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  ports.forEach((port: unknown, index) => {
    if (!isPlainObject(port)) return;
    const path = `${pointer}/ports/${index}/name`;
    if (ports.length > 1 && (port.name === undefined || port.name === '')) problems.push(required(path));
    else if (typeof port.name === 'string' && port.name !== '') {
      problems.push(...invalidEach(path, port.name, dns1123Label(port.name)));
      if (seen.has(port.name)) problems.push(duplicate(path, port.name));
      seen.add(port.name);
    }
  });
  return problems;
};

/** Bytes a base64 value decodes to. */
const decodedBytes = (value: string): number => Math.floor((value.replace(/[\r\n=]/g, '').length * 3) / 4);

const mapOf = (value: unknown): Record<string, unknown> => (isPlainObject(value) ? value : {});

/** ValidateConfigMap: data and binaryData keys, a key in both, and 1 MiB in all. */
function configMapProblems(object: Record<string, unknown>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const data = mapOf(object.data);
  const binary = mapOf(object.binaryData);
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    problems.push(...invalidEach(child('/data', key), key, configMapKey(key)));
    if (key in binary) problems.push(...invalidEach(child('/data', key), key, ['duplicate of key present in binaryData']));
    if (typeof value === 'string') size += bytes(value);
  }
  for (const [key, value] of Object.entries(binary)) {
    problems.push(...invalidEach(child('/binaryData', key), key, configMapKey(key)));
    if (typeof value === 'string') size += decodedBytes(value);
  }
  if (size > DATA_LIMIT) problems.push({ pointer: '', message: `Too long: may not be more than ${DATA_LIMIT} bytes` });
  return problems;
}

/** ValidateSecret: data keys (stringData is merged into data first), and 1 MiB in all. */
function secretProblems(object: Record<string, unknown>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const sizes = new Map<string, number>();
  for (const [field, decode] of [
    ['data', decodedBytes],
    ['stringData', bytes],
  ] as const) {
    for (const [key, value] of Object.entries(mapOf(object[field]))) {
      problems.push(...invalidEach(child(`/${field}`, key), key, configMapKey(key)));
      sizes.set(key, typeof value === 'string' ? decode(value) : 0);
    }
  }
  const size = [...sizes.values()].reduce((sum, entry) => sum + entry, 0);
  if (size > DATA_LIMIT) problems.push({ pointer: '/data', message: `Too long: may not be more than ${DATA_LIMIT} bytes` });
  return problems;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/** netutils.ParseIPSloppy: an IPv4 address (leading zeros allowed) or an IPv6 one. */
const isIpAddress = (value: string): boolean =>
  IPV4.test(value) ? value.split('.').every((part) => Number(part) <= 255) : value.includes(':') && /^[0-9A-Fa-f:.]+$/.test(value);

/** validateIngressRules: a host is a DNS name, not an IP, lower-case, with `*` only as a whole first label. */
export const ingressHostChecks: TypeCheck = (rule, pointer) => {
  const host = rule.host;
  if (typeof host !== 'string' || host === '') return [];
  const problems: SchemaProblem[] = [];
  if (isIpAddress(host)) problems.push(invalid(`${pointer}/host`, host, 'must be a DNS name, not an IP address'));
  const format = host.includes('*') ? wildcardDns1123Subdomain : dns1123Subdomain;
  problems.push(...invalidEach(`${pointer}/host`, host, format(host)));
  return problems;
};

/** The checks of a whole object by "apiVersion/Kind": its name, and a ConfigMap's or Secret's keys. */
export function nameKindProblems(object: Record<string, unknown>, key: string, builtIn: boolean): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  const format = NAME_FORMATS[key] ?? (builtIn ? undefined : dns1123Subdomain);
  if (format && typeof metadata.name === 'string' && metadata.name !== '')
    problems.push(...invalidEach('/metadata/name', metadata.name, format(metadata.name)));
  if (format && typeof metadata.namespace === 'string' && metadata.namespace !== '')
    problems.push(...invalidEach('/metadata/namespace', metadata.namespace, dns1123Label(metadata.namespace)));
  if (key === 'v1/ConfigMap') problems.push(...configMapProblems(object));
  if (key === 'v1/Secret') problems.push(...secretProblems(object));
  return problems;
}
