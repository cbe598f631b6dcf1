// The api-server parity suite's verdicts (issue 20): what the recorded server said about each corpus
// manifest (tests/fixtures/api-server-parity/verdicts.json), what a schema engine says about it (on the
// CLI's `--rules none` path: parse, then the engine; rejected = any error finding), and the comparison:
// agreement, the confusion table, and the disagreements, which must each be listed with a reason in
// known-disagreements.yaml.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseRendered } from '../dist/parse/documents.js';
import { KNOWN_FILE, VERDICTS_FILE } from './parity-corpus.mjs';

/** The issue's target for the offline engine. */
export const TARGET_AGREEMENT = 0.98;
const MESSAGES_KEPT = 5;

/** The committed recording, or undefined before the first one. */
export function readVerdicts(repoRoot) {
  const path = join(repoRoot, VERDICTS_FILE);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

/** The recording as committed text: keys sorted, one manifest per entry, a final newline. */
export function verdictsText(recording) {
  const manifests = Object.fromEntries(
    Object.keys(recording.manifests)
      .sort()
      .map((id) => [id, recording.manifests[id]]),
  );
  return `${JSON.stringify({ ...recording, manifests }, null, 1)}\n`;
}

/** The committed known disagreements: per engine, `minimumAgreement` and id -> reason. */
export function readKnown(repoRoot) {
  const path = join(repoRoot, KNOWN_FILE);
  const raw = existsSync(path) ? (parse(readFileSync(path, 'utf8')) ?? {}) : {};
  const engine = (entry) => ({ minimumAgreement: entry?.minimumAgreement ?? TARGET_AGREEMENT, disagreements: entry?.disagreements ?? {} });
  return { offline: engine(raw.offline), kubeconform: engine(raw.kubeconform) };
}

/**
 * Each entry through one schema engine, as `validate -f --rules none` runs it: parsed with the project's
 * reader, then the engine over all resources of the entries that share `schemaDirs` (one kubeconform
 * process per group, not per manifest). id -> { verdict, messages }.
 */
export async function engineVerdicts(engine, entries, repoRoot) {
  const results = new Map(entries.map((entry) => [entry.id, { verdict: 'accepted', messages: [] }]));
  const reject = (id, finding) => {
    const result = results.get(id);
    if (!result)
      throw new Error(`parity: a finding of ${engine.name} names no corpus manifest (${finding.location?.file}): ${finding.message}`);
    result.verdict = 'rejected';
    result.messages.push(`${finding.rule}${finding.path ? ` at ${finding.path}` : ''}: ${finding.message}`);
  };
  const groups = new Map();
  for (const entry of entries) {
    const parsed = parseRendered({ yaml: entry.text, file: entry.id });
    for (const finding of parsed.findings) if (finding.severity === 'error') reject(entry.id, finding);
    const key = entry.schemaDirs.join('\n');
    groups.set(key, [...(groups.get(key) ?? []), ...parsed.resources]);
  }
  for (const [key, resources] of groups) {
    const schemaDirs = key === '' ? [] : key.split('\n').map((dir) => join(repoRoot, dir));
    for (const finding of await engine.validate(resources, { schemaDirs, ignoreMissingSchemas: false }))
      if (finding.severity === 'error') reject(finding.location?.file, finding);
  }
  for (const result of results.values()) result.messages = [...new Set(result.messages)].sort().slice(0, MESSAGES_KEPT);
  return results;
}

/** Server verdicts against an engine's: agreement, confusion table, and each disagreement. */
export function compareVerdicts(entries, recording, engine) {
  const table = { accepted: { accepted: 0, rejected: 0 }, rejected: { accepted: 0, rejected: 0 } };
  const disagreements = [];
  for (const entry of entries) {
    const server = recording.manifests[entry.id]?.verdict;
    const mine = engine.get(entry.id)?.verdict;
    if (!server || !mine) continue;
    table[server][mine] += 1;
    if (server !== mine) disagreements.push({ id: entry.id, server, engine: mine });
  }
  const total = table.accepted.accepted + table.accepted.rejected + table.rejected.accepted + table.rejected.rejected;
  const agreed = table.accepted.accepted + table.rejected.rejected;
  return { total, agreed, agreement: total === 0 ? 0 : agreed / total, table, disagreements };
}

export const percent = (fraction) => `${(Math.floor(fraction * 1000) / 10).toFixed(1)}%`;

/** The confusion table as Markdown: rows the server's verdict, columns the engine's. */
export function confusionMarkdown(name, comparison) {
  const { table } = comparison;
  return [
    `| ${name} | engine accepts | engine rejects |`,
    '| --- | --- | --- |',
    `| server accepts | ${table.accepted.accepted} | ${table.accepted.rejected} |`,
    `| server rejects | ${table.rejected.accepted} | ${table.rejected.rejected} |`,
  ].join('\n');
}

/** Every verdict that differs between two recordings (a Kubernetes bump, a changed corpus), one line each. */
export function verdictChanges(before, after) {
  const changes = [];
  const ids = [...new Set([...Object.keys(before?.manifests ?? {}), ...Object.keys(after.manifests)])].sort();
  for (const id of ids) {
    const old = before?.manifests?.[id];
    const now = after.manifests[id];
    if (!now) changes.push(`${id}: no longer in the corpus (was ${old.verdict})`);
    else if (!old) changes.push(`${id}: new, ${now.verdict}${now.messages[0] ? ` (${now.messages[0]})` : ''}`);
    else if (old.verdict !== now.verdict)
      changes.push(`${id}: ${old.verdict} -> ${now.verdict}${now.messages[0] ? ` (${now.messages[0]})` : ''}`);
  }
  return changes;
}

/** Disagreements that come from the recording's setup, not from the engine: why, by the server's message or the id. */
const SETUP_REASONS = [
  [
    /does not serve argoproj\.io\/v1alpha1 ApplicationSet/,
    "setup: the backend installs Argo CD's Application and AppProject CRDs only; a cluster running Argo CD's ApplicationSet controller serves ApplicationSet",
  ],
  [
    /disallowed by cluster policy/,
    'setup: the backend starts kube-apiserver without --allow-privileged; a cluster that allows privileged containers accepts this',
  ],
  [
    /^mutation\/yaml-1\.1\/.*\/bad$/,
    'setup: the backend sends JSON of the YAML parsed as YAML 1.2, so the server gets the string; kubectl and Argo CD parse YAML 1.1 and send a boolean',
  ],
  [
    /^mutation\/int64\/.*\/good$/,
    'setup: the backend sends JSON of the parsed YAML, so 2^63-1 becomes the double 2^63 and the server wraps it to -2^63; kubectl and Argo CD send the exact integer',
  ],
];
const oneLine = (text) => {
  const line = text.split('\n')[0];
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
};

/**
 * The known-disagreements entry for a new disagreement: why the engine and the server differ, from what
 * the corpus knows (a mutation's rule, a setup difference) or what the server said (first line).
 */
export function defaultReason(entry, disagreement, recording) {
  const said = recording.manifests[entry.id]?.messages?.[0] ?? '';
  const setup = SETUP_REASONS.find(([pattern]) => pattern.test(said) || pattern.test(entry.id));
  if (setup) return setup[1];
  if (disagreement.server === 'rejected')
    return `not checked by the engine: ${entry.what ?? 'what the server rejects'}${said ? ` (server: ${oneLine(said)})` : ''}`;
  return `the engine rejects what the server accepts${entry.what ? `: ${entry.what}` : ''}`;
}

/**
 * The README's figures, from the committed recording and known disagreements alone (the test holds the
 * list equal to the real disagreements, so an engine's verdict is the server's, flipped where listed).
 */
export function parityFigures(repoRoot) {
  const recording = readVerdicts(repoRoot);
  if (!recording) return undefined;
  const known = readKnown(repoRoot);
  const ids = Object.keys(recording.manifests);
  const flip = { accepted: 'rejected', rejected: 'accepted' };
  const comparison = (engine) => {
    const entries = ids.map((id) => ({ id }));
    const verdicts = new Map(
      ids.map((id) => {
        const server = recording.manifests[id].verdict;
        return [id, { verdict: id in known[engine].disagreements ? flip[server] : server }];
      }),
    );
    return compareVerdicts(entries, recording, verdicts);
  };
  return {
    server: recording.server,
    total: ids.length,
    rejected: ids.filter((id) => recording.manifests[id].verdict === 'rejected').length,
    offline: comparison('offline'),
    kubeconform: comparison('kubeconform'),
  };
}

/** The README block between `<!-- parity:start -->` and `<!-- parity:end -->`. */
export function parityMarkdown(repoRoot) {
  const figures = parityFigures(repoRoot);
  if (!figures)
    return 'No verdicts are recorded yet: `npm run parity:record` (it needs the api-server backend) writes `tests/fixtures/api-server-parity/verdicts.json`.';
  const line = (name, comparison) =>
    `${name} agrees on ${comparison.agreed} of ${comparison.total} (${percent(comparison.agreement)}, ${comparison.disagreements.length} known disagreements)`;
  return [
    `Recorded with ${figures.server}: ${figures.total} manifests, ${figures.rejected} of them rejected by the server. ` +
      `The offline engine ${line('', figures.offline).trim()}; the target is ${percent(TARGET_AGREEMENT)}. ` +
      `kubeconform ${line('', figures.kubeconform).trim()}.`,
    '',
    confusionMarkdown('offline', figures.offline),
    '',
    confusionMarkdown('kubeconform', figures.kubeconform),
  ].join('\n');
}
