/**
 * actionlint (github.com/rhysd/actionlint), the workflow linter `npm run lint` runs on .github/workflows:
 * tools/go/actionlint/go.mod pins it (its own module: its golang.org/x/sys is newer than kustomize's, and
 * it needs Go 1.25). `buildActionlint` builds it into tools/go/bin with its own stamp (`buildGoModule`,
 * as kustomize and kubeconform are built), from the Go module proxy; nothing downloads a release binary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGoModule, GO_BIN_DIR, GO_MODULE_DIR, goToolPath, type GoModuleResult, type GoToolsOptions } from './go-tools.js';

const ACTIONLINT_MODULE_DIR = join(GO_MODULE_DIR, 'actionlint');
const MODULE = 'github.com/rhysd/actionlint';
const STAMP = 'actionlint.json';

/** The actionlint version tools/go/actionlint/go.mod pins (`v1.7.12`). */
function actionlintPin(goMod: string): string {
  const match = new RegExp(`^\\s*(?:require\\s+)?${MODULE.replace(/[.]/g, '\\.')}\\s+(v\\S+)`, 'm').exec(goMod);
  if (!match) throw new Error(`tools/go/actionlint/go.mod does not require ${MODULE}`);
  return match[1]!;
}

export function actionlintBinary(binDir: string = GO_BIN_DIR): string {
  return goToolPath('actionlint', binDir);
}

/** Build actionlint unless its stamp says it is up to date. Never throws for a missing or failing Go. */
export async function buildActionlint(options: GoToolsOptions = {}): Promise<GoModuleResult<'actionlint'>> {
  const moduleDir = options.moduleDir ?? ACTIONLINT_MODULE_DIR;
  const version = actionlintPin(readFileSync(join(moduleDir, 'go.mod'), 'utf8'));
  return buildGoModule(
    {
      moduleDir,
      binDir: options.binDir ?? GO_BIN_DIR,
      stamp: STAMP,
      binaries: { actionlint: { package: `${MODULE}/cmd/actionlint`, version } },
    },
    options,
  );
}
