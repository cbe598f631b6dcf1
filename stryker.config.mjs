// @ts-check
/**
 * `npm run mutate`: StrykerJS mutation testing of every folder of tools/src (and its root files), with the
 * tests of vitest.mutate.config.ts. Not part of `npm test`. Incremental: the results of the last run are kept in
 * reports/stryker-incremental.json, and only mutants in changed code or under changed tests run again.
 * One folder or file at a time: `npm run mutate -- --mutate 'tools/src/validate/rules/quorum-*.ts'` (a glob;
 * several are comma-separated) narrows a run; a whole run takes hours on 2 cores, so run one folder at a time.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  mutate: ['tools/src/**/*.ts'],
  coverageAnalysis: 'perTest',
  // Static mutants (a rule's id, summary, reason, fix and default severity: values computed when a module loads)
  // would each run every test of vitest.mutate.config.ts: 6 of security.ts's 59 mutants took 93% of its run.
  // Those texts are pinned by the README rule table test (tests/docs/readme.test.ts). Set false to run them.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // One test process: the machine is shared, and each process loads the whole vitest stack.
  concurrency: 1,
  // The initial test run took 2 to 3.5 minutes on 2 shared cores and failed once at Stryker's default limit of 5.
  dryRunTimeoutMinutes: 15,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // The sandbox needs the sources, the tests and their fixtures, not the build outputs or the Go tools, except the
  // pinned kubeconform and its stamp (14 MB): tests/validate/schema/kubeconform.test.ts runs it in process.
  ignorePatterns: [
    '/tools/dist',
    '/tools/go/bin/*',
    '!/tools/go/bin/kubeconform',
    '!/tools/go/bin/go-tools.json',
    '/tools/.cache',
    '/.nx',
    '/reports',
    '/coverage',
    '/overlays',
    '/base',
    '/argocd',
  ],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
export default config;
