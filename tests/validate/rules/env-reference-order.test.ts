/** env-reference-order: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/env-reference-order/). */
import { describe, expect, it } from 'vitest';
import { envReferenceOrder } from '../../../tools/src/validate/rules/env-reference-order.js';
import { found, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const check = (container: Body, init: Body[] = []) =>
  found(envReferenceOrder, [workload('Deployment', 'app', { initContainers: init, containers: [{ name: 'main', ...container }] })]);
const env = (name: string, value?: unknown) =>
  value === undefined ? { name, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } } : { name, value };
const AT = 'Deployment/app /spec/template/spec/containers/0';

describe('env-reference-order: env values', () => {
  it('a reference to an earlier variable expands: no finding', () => {
    expect(check({ env: [env('POD_IP'), env('ADDR', 'https://$(POD_IP):8501')] })).toEqual([]);
  });

  it('a reference to a later variable is an error naming where it is defined', () => {
    expect(check({ env: [env('ADDR', 'https://$(POD_IP):8501'), env('POD_IP')] })).toEqual([
      {
        severity: 'error',
        at: `${AT}/env/0/value`,
        message:
          'container main: env ADDR uses $(POD_IP), which is defined after it (env[1]): Kubernetes leaves it unexpanded; define POD_IP first, or write $$(POD_IP) for a literal',
      },
    ]);
  });

  it('a variable that references itself', () => {
    expect(check({ env: [env('PATH', '$(PATH):/bin')] })).toEqual([
      {
        severity: 'error',
        at: `${AT}/env/0/value`,
        message:
          'container main: env PATH uses $(PATH) in its own value: only an earlier definition expands, and there is none; write $$(PATH) for a literal',
      },
    ]);
  });

  it('an entry without a name (a schema finding of its own) keeps the indexes of the others', () => {
    // without the nameless entry's place, A would read as defined at env[0], before its own value
    expect(check({ env: [{ value: 'x' }, env('A', '$(A)')] })).toEqual([
      expect.objectContaining({ at: `${AT}/env/1/value`, message: expect.stringContaining('env A uses $(A) in its own value') }),
    ]);
    expect(check({ env: [env('B', '$(A)'), { value: 'x' }, env('A', '1')] })).toEqual([
      expect.objectContaining({ at: `${AT}/env/0/value`, message: expect.stringContaining('which is defined after it (env[2])') }),
    ]);
  });

  it('an undefined variable, unless envFrom may bring it', () => {
    expect(check({ env: [env('A', 'x-$(MISSING)')] })).toEqual([
      {
        severity: 'error',
        at: `${AT}/env/0/value`,
        message: 'container main: env A uses $(MISSING), which the container does not define: it stays the literal text',
      },
    ]);
    expect(check({ env: [env('A', 'x-$(MISSING)')], envFrom: [{ configMapRef: { name: 'more' } }] })).toEqual([]);
  });

  it('the $$( escape, an unclosed $(, a lone $ and a value that is not text are not references', () => {
    expect(check({ env: [env('A', 'cost $$(MISSING) and $5 and $(UNCLOSED'), env('B', 42), { name: 'C' }] })).toEqual([]);
  });

  it('several references in one value: each is checked, the good one passes', () => {
    expect(check({ env: [env('HOST'), env('URL', '$(HOST):$(PORT)')] }).map((finding) => finding.message)).toEqual([
      'container main: env URL uses $(PORT), which the container does not define: it stays the literal text',
    ]);
  });
});
describe('env-reference-order: command and args', () => {
  it('any variable of the container expands there, earlier or later', () => {
    expect(check({ command: ['consul', 'agent', '-advertise=$(POD_IP)'], env: [env('POD_IP')] })).toEqual([]);
  });

  it('an undefined variable in args is an error at its index, in command too', () => {
    expect(check({ command: ['run', '$(A)'], args: ['-x', '-node=$(NODE_NAME)'] })).toEqual([
      {
        severity: 'error',
        at: `${AT}/command/1`,
        message:
          "container main: command[1] uses $(A), which the container's env does not define: it stays the literal text; add A to env or write $$(A)",
      },
      {
        severity: 'error',
        at: `${AT}/args/1`,
        message:
          "container main: args[1] uses $(NODE_NAME), which the container's env does not define: it stays the literal text; add NODE_NAME to env or write $$(NODE_NAME)",
      },
    ]);
  });

  it('in a shell script a lower-case $(name) is command substitution; an upper-case one is still a variable', () => {
    const script = ['/bin/sh', '-ec', 'exec consul agent -node=$(hostname) -advertise=$(POD_IP)'];
    expect(check({ command: script }).map((finding) => finding.message)).toEqual([
      "container main: command[2] uses $(POD_IP), which the container's env does not define: it stays the literal text; add POD_IP to env or write $$(POD_IP)",
    ]);
    expect(check({ command: ['run', '$(hostname)'] }).map((finding) => finding.at)).toEqual([`${AT}/command/1`]);
  });

  it('envFrom makes command references unknowable too; non-text items are skipped', () => {
    expect(check({ command: ['run', '$(FROM_MAP)', 7], envFrom: [{ secretRef: { name: 's' } }] })).toEqual([]);
  });

  it('init containers are checked with their own env', () => {
    expect(check({}, [{ name: 'init', command: ['run', '$(X)'], env: [env('Y')] }]).map((finding) => finding.at)).toEqual([
      'Deployment/app /spec/template/spec/initContainers/0/command/1',
    ]);
  });
});

describe('env-reference-order: what is not a reference', () => {
  it('$$( is the escape, and a $ without ( is no reference', () => {
    expect(check({ env: [env('LITERAL', 'cost: $$(NOT_DEFINED) and $$$$(ALSO_NOT)')] })).toEqual([]);
    expect(check({ env: [env('HOME_DIR', '$HOME and (x)')] })).toEqual([]);
    expect(check({ args: ['echo $HOME (x)'] })).toEqual([]);
  });

  it('$$ escapes one $ only: in $$$(NAME) the reference after it stands', () => {
    expect(check({ env: [env('PRICE', '$$$(UNDEFINED_PRICE)')] }).map((finding) => finding.message)).toEqual([
      'container main: env PRICE uses $(UNDEFINED_PRICE), which the container does not define: it stays the literal text',
    ]);
  });
});

describeRuleFixtures('env-reference-order');
