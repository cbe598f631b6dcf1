/**
 * Every committed secret value in a render, with where it sits (the sightings the plaintext-secret rule reports):
 * Secret data, container env values, command and args (scripts included), annotations, ConfigMap data and
 * binaryData, and the JSON and HCL config (heredocs included) inside them.
 */
import type { ParsedResource } from '../../parse/resource.js';
import { credentialsInText, type TextCredential } from './secret-text.js';
import { asArray, asObject, get, podSpecOf } from '../../model/k8s-objects.js';
import { jsonText, pointerSegment } from '../../model/json.js';
import { shellCommands } from '../../parse/shell-words.js';
import { credentialsInWords } from '../../model/secret-shapes.js';

/** A flagged value and where it sits; `value` is for tests and callers that must hide it, never for messages. */
export interface SecretSighting {
  resource: ParsedResource;
  path: string;
  embeddedLine?: number;
  message: string;
  value?: string;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

const at = (hit: TextCredential): string => (hit.path ? ` sets ${hit.path} to` : ' holds');

/** `text` is the value at `path`: a line inside it counts from its key's line only when it spans lines (a block scalar). */
function sighting(resource: ParsedResource, path: string, message: string, hit: TextCredential, text: string): SecretSighting {
  const embedded = hit.line !== undefined && hit.line > 0 && text.includes('\n');
  return { resource, path, message, value: hit.value, ...(embedded ? { embeddedLine: hit.line } : {}) };
}

function annotationSightings(resource: ParsedResource, annotations: unknown, pointer: string): SecretSighting[] {
  return Object.entries(asObject(annotations) ?? {}).flatMap(([key, value]) =>
    typeof value !== 'string'
      ? []
      : credentialsInText(value, key.slice(key.lastIndexOf('/') + 1)).map((hit) =>
          sighting(
            resource,
            `${pointer}/${pointerSegment(key)}`,
            `annotation ${key}${at(hit)} ${hit.what}: annotations are stored in git and shown by kubectl`,
            hit,
            value,
          ),
        ),
  );
}

/** Words of command and args (each item split as sh would), remembering which item each came from. */
function wordsOf(container: Record<string, unknown>): { words: string[]; origin: { field: string; index: number }[] } {
  const words: string[] = [];
  const origin: { field: string; index: number }[] = [];
  for (const field of ['command', 'args']) {
    asArray(container[field]).forEach((item, index) => {
      const text = String(item);
      const split = text.includes(' ') || text.includes('\n') ? shellCommands(text).flatMap((command) => command.words) : [text];
      for (const word of split) {
        words.push(word);
        origin.push({ field, index });
      }
    });
  }
  return { words, origin };
}

function containerSightings(resource: ParsedResource): SecretSighting[] {
  const pod = podSpecOf(resource);
  if (!pod) return [];
  const found: SecretSighting[] = [];
  for (const list of CONTAINER_LISTS) {
    asArray(pod.spec[list]).forEach((entry, position) => {
      const container = asObject(entry);
      if (!container) return;
      const pointer = `${pod.pointer}/${list}/${position}`;
      const label = `container ${String(container.name)}`;
      asArray(container.env).forEach((variable, index) => {
        const name = get(variable, 'name');
        const value = get(variable, 'value');
        if (typeof name !== 'string' || typeof value !== 'string') return;
        for (const hit of credentialsInText(value, name)) {
          found.push(
            sighting(
              resource,
              `${pointer}/env/${index}/value`,
              `${label} sets env ${name} to ${hit.what}${hit.path ? ` (at ${hit.path})` : ''}: read it from a Secret with valueFrom.secretKeyRef`,
              hit,
              value,
            ),
          );
        }
      });
      const { words, origin } = wordsOf(container);
      for (const hit of credentialsInWords(words)) {
        const from = origin[hit.index] ?? { field: 'args', index: 0 };
        const item = jsonText(asArray(container[from.field])[from.index] ?? '');
        const line = item.slice(0, Math.max(0, item.indexOf(hit.value))).split('\n').length;
        found.push({
          resource,
          path: `${pointer}/${from.field}/${from.index}`,
          message: `${label} passes ${hit.what} on its ${from.field}${hit.name ? ` (${hit.name})` : ''}: the command line is in git and in every process listing; pass it from a Secret through an env var or a file`,
          value: hit.value,
          ...(item.includes('\n') ? { embeddedLine: line } : {}),
        });
      }
    });
  }
  return found;
}

function configMapSightings(configMap: ParsedResource): SecretSighting[] {
  const found: SecretSighting[] = [];
  for (const [key, text] of Object.entries(asObject(get(configMap.object, 'data')) ?? {})) {
    if (typeof text !== 'string') continue;
    for (const hit of credentialsInText(text, key)) {
      found.push(
        sighting(
          configMap,
          `/data/${pointerSegment(key)}`,
          `ConfigMap key ${key}${at(hit)} ${hit.what}: keep it in a Secret referenced by name`,
          hit,
          text,
        ),
      );
    }
  }
  for (const [key, encoded] of Object.entries(asObject(get(configMap.object, 'binaryData')) ?? {})) {
    if (typeof encoded !== 'string') continue;
    const path = `/binaryData/${pointerSegment(key)}`;
    const raw = Buffer.from(encoded, 'base64');
    // The bytes themselves: a raw 16/24/32-byte key is base64 of that size; text (PEM, config) is scanned as text.
    const text = raw.includes(0) ? '' : raw.toString('utf8');
    const hit = [...credentialsInText(encoded, key), ...(text.includes('\uFFFD') ? [] : credentialsInText(text, key))][0];
    // The encoded form is what git and every output hold: that is the value to redact.
    if (hit)
      found.push(
        sighting(
          configMap,
          path,
          `ConfigMap binaryData ${key}${at(hit)} ${hit.what}: keep it in a Secret referenced by name`,
          { ...hit, value: encoded },
          encoded,
        ),
      );
  }
  return found;
}

/**
 * Every committed secret value in a render, with where it sits. Pure.
 */
export function secretSightings(resources: readonly ParsedResource[]): SecretSighting[] {
  const found: SecretSighting[] = [];
  for (const resource of resources) {
    if (resource.ref.kind === 'Secret') {
      for (const field of ['data', 'stringData']) {
        const values = asObject(get(resource.object, field));
        if (values && Object.keys(values).length > 0) {
          found.push({
            resource,
            path: `/${field}`,
            message: `Secret ${resource.ref.name} commits ${Object.keys(values).length} value(s) in ${field}: reference it by name instead`,
          });
        }
      }
    }
    found.push(...annotationSightings(resource, get(resource.object, 'metadata', 'annotations'), '/metadata/annotations'));
    const pod = podSpecOf(resource);
    if (pod && pod.pointer !== '/spec') {
      const template = pod.pointer.replace(/\/spec$/, '');
      found.push(
        ...annotationSightings(
          resource,
          get(resource.object, ...template.split('/').filter(Boolean), 'metadata', 'annotations'),
          `${template}/metadata/annotations`,
        ),
      );
    }
    found.push(...containerSightings(resource));
    if (resource.ref.kind === 'ConfigMap') found.push(...configMapSightings(resource));
  }
  return found;
}
