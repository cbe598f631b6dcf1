import { fileURLToPath } from 'node:url';

/**
 * The tools/ folder, where the data files live (facts/, schemas/, go/, .cache/, package.json). Every
 * module finds its data from here, never relative to its own file: the CLI runs as one bundled file
 * (tools/dist/cli/main.bundle.cjs, see tools/scripts/bundle-cli.mjs) while tests and the library load
 * the modules one by one (src/model/ or dist/model/); both sit two folders below tools/.
 */
export const TOOLS_ROOT = fileURLToPath(new URL('../..', import.meta.url));
