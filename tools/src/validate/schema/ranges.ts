/**
 * The API server's numeric ranges (core, apps, batch and policy validation, 1.36.3), as checks of the
 * types that hold the numbers: ports, file modes, counts and seconds that must not be negative, PDB
 * percentages. A value of the wrong type is the walk's finding, not one of these.
 */
import { isPlainObject } from '../../model/json.js';
import { invalid, required, type SchemaProblem, type TypeCheck } from './problem.js';
import { yaml11Integer } from './yaml11.js';

const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const NEGATIVE = 'must be greater than or equal to 0';
const FILE_MODE = 'must be a number between 0 and 0777 (octal), both inclusive';

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
const inPortRange = (value: number): boolean => value >= 1 && value <= 65535;

/** Fields that must not be negative (ValidateNonnegativeField). */
const nonNegative =
  (...fields: string[]): TypeCheck =>
  (object, pointer) =>
    fields
      .filter((field) => isInteger(object[field]) && object[field] < 0)
      .map((field) => invalid(`${pointer}/${field}`, object[field], NEGATIVE));

/** validateContainerPorts: containerPort 1-65535 (0 is unset: required), hostPort 1-65535 when set. */
export const containerPortRanges: TypeCheck = (port, pointer) => {
  const problems: SchemaProblem[] = [];
  if (port.containerPort === 0) problems.push(required(`${pointer}/containerPort`));
  else if (isInteger(port.containerPort) && !inPortRange(port.containerPort))
    problems.push(invalid(`${pointer}/containerPort`, port.containerPort, PORT_RANGE));
  if (isInteger(port.hostPort) && port.hostPort !== 0 && !inPortRange(port.hostPort))
    problems.push(invalid(`${pointer}/hostPort`, port.hostPort, PORT_RANGE));
  return problems;
};

/** validateServicePort: port 1-65535, targetPort a port number (0: defaults to port) or an IANA name, nodePort when set. */
export const servicePortRanges: TypeCheck = (port, pointer) => {
  const problems: SchemaProblem[] = [];
  if (isInteger(port.port) && !inPortRange(port.port)) problems.push(invalid(`${pointer}/port`, port.port, PORT_RANGE));
  if (isInteger(port.targetPort) && port.targetPort !== 0 && !inPortRange(port.targetPort))
    problems.push(invalid(`${pointer}/targetPort`, port.targetPort, PORT_RANGE));
  if (isInteger(port.nodePort) && port.nodePort !== 0 && !inPortRange(port.nodePort))
    problems.push(invalid(`${pointer}/nodePort`, port.nodePort, PORT_RANGE));
  return problems;
};

/** A file mode as kubectl reads it (YAML 1.1: a plain 0644 is octal), 0 to 0777. */
const fileMode =
  (field: string): TypeCheck =>
  (object, pointer, context) => {
    const value = object[field];
    if (!isInteger(value)) return [];
    const mode = yaml11Integer(value, () => context.scalarAt(`${pointer}/${field}`));
    return mode < 0 || mode > 0o777 ? [invalid(`${pointer}/${field}`, mode, FILE_MODE)] : [];
  };

export const defaultModeRange = fileMode('defaultMode');
export const modeRange = fileMode('mode');

/** validateProbe: seconds and thresholds not negative, terminationGracePeriodSeconds above 0. */
export const probeRanges: TypeCheck = (probe, pointer, context) => {
  const problems = nonNegative(
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  )(probe, pointer, context);
  const grace = probe.terminationGracePeriodSeconds;
  if (isInteger(grace) && grace <= 0) problems.push(invalid(`${pointer}/terminationGracePeriodSeconds`, grace, 'must be greater than 0'));
  return problems;
};

export const workloadSpecRanges = nonNegative('replicas', 'minReadySeconds', 'revisionHistoryLimit');
/** ValidateStatefulSetSpec checks no revisionHistoryLimit: a negative one is accepted (the controller keeps none). */
export const statefulSetSpecRanges = nonNegative('replicas', 'minReadySeconds');
/** validateRollingUpdateStatefulSet: partition not negative. */
export const statefulSetRollingUpdateRanges = nonNegative('partition');
/** validateCronJobSpec: the history limits (0 is valid). */
export const cronJobSpecRanges = nonNegative('successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'startingDeadlineSeconds');

/** validateTopologySpreadConstraints: maxSkew above zero (ValidatePositiveField). */
export const topologySpreadRanges: TypeCheck = (constraint, pointer) =>
  isInteger(constraint.maxSkew) && constraint.maxSkew <= 0
    ? [invalid(`${pointer}/maxSkew`, constraint.maxSkew, 'must be greater than zero')]
    : [];

/** validateLivenessProbe and validateStartupProbe: successThreshold must be 1 (unset or 0 defaults to 1). */
export const probeSuccessThreshold: TypeCheck = (container, pointer) =>
  ['livenessProbe', 'startupProbe'].flatMap((field) => {
    const probe = container[field];
    const threshold = isPlainObject(probe) ? probe.successThreshold : undefined;
    return isInteger(threshold) && threshold !== 0 && threshold !== 1
      ? [invalid(`${pointer}/${field}/successThreshold`, threshold, 'must be 1')]
      : [];
  });

/** validateIngressBackend: a service backend names its port or gives a number 1-65535, not both. */
export const ingressBackendPort: TypeCheck = (backend, pointer) => {
  const service = backend.service;
  if (!isPlainObject(service)) return [];
  const port = isPlainObject(service.port) ? service.port : {};
  const hasName = typeof port.name === 'string' && port.name !== '';
  const hasNumber = isInteger(port.number) && port.number !== 0;
  if (hasName && hasNumber) return [invalid(pointer, '', 'cannot set both port name & port number')];
  if (hasName) return [];
  if (!hasNumber) return [required(pointer, 'port name or number is required')];
  return inPortRange(port.number as number) ? [] : [invalid(`${pointer}/service/port/number`, port.number, PORT_RANGE)];
};
export const jobSpecRanges = nonNegative(
  'parallelism',
  'completions',
  'activeDeadlineSeconds',
  'backoffLimit',
  'ttlSecondsAfterFinished',
  'backoffLimitPerIndex',
);
/**
 * ValidatePodSpec: activeDeadlineSeconds from 1 to 2^31-1. (A negative terminationGracePeriodSeconds is
 * not refused: the server makes it 1.)
 */
export const podSpecRanges: TypeCheck = (spec, pointer) => {
  const value = spec.activeDeadlineSeconds;
  return isInteger(value) && (value < 1 || value > 2 ** 31 - 1)
    ? [invalid(`${pointer}/activeDeadlineSeconds`, value, 'must be between 1 and 2147483647, inclusive')]
    : [];
};

const PERCENT = /^[0-9]+%$/;

/**
 * ValidatePositiveIntOrPercent on each field (an integer >= 0, or a percent string), and IsNotMoreThan100Percent
 * on those of `capped` (a percent string of at most 100%).
 */
const intOrPercent =
  (fields: readonly string[], capped: readonly string[]): TypeCheck =>
  (object, pointer) => {
    const problems: SchemaProblem[] = [];
    for (const field of fields) {
      const value = object[field];
      const path = `${pointer}/${field}`;
      if (isInteger(value) && value < 0) problems.push(invalid(path, value, NEGATIVE));
      if (typeof value !== 'string') continue;
      if (!PERCENT.test(value))
        problems.push(
          invalid(
            path,
            value,
            "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
          ),
        );
      else if (capped.includes(field) && Number(value.slice(0, -1)) > 100)
        problems.push(invalid(path, value, 'must not be greater than 100%'));
    }
    return problems;
  };

export const disruptionBudgetRanges = intOrPercent(['minAvailable', 'maxUnavailable'], ['minAvailable', 'maxUnavailable']);
/** ValidateRollingUpdateDeployment: only maxUnavailable is capped at 100%; a maxSurge of 200% is valid. */
export const rollingUpdateRanges = intOrPercent(['maxUnavailable', 'maxSurge'], ['maxUnavailable']);

/** Quantities in a map (requests, limits) that must not be negative (ValidateResourceQuantityValue). */
export const resourceQuantityRanges: TypeCheck = (requirements, pointer) => {
  const problems: SchemaProblem[] = [];
  for (const field of ['requests', 'limits']) {
    const map = isPlainObject(requirements[field]) ? requirements[field] : {};
    for (const [name, value] of Object.entries(map)) {
      if ((typeof value === 'number' && value < 0) || (typeof value === 'string' && value.trim().startsWith('-')))
        problems.push(invalid(`${pointer}/${field}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, String(value), NEGATIVE));
    }
  }
  return problems;
};
