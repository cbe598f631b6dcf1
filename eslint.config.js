// ESLint (flat config): the recommended JavaScript rules and typescript-eslint's type-checked presets over the tools
// and the tests (types come from the nearest tsconfig through the project service). Formatting is Prettier's job
// (.prettierrc.json); no rule here is about layout.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      'tools/dist/',
      'tools/go/',
      'tests/fixtures/',
      'reports/',
      'coverage/',
      '.nx/',
      '.stryker-tmp/',
      'base/',
      'overlays/',
      'argocd/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_`-prefixed names are deliberately unused (a callback's position, a destructured rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JavaScript (scripts, bin, bench, configs) has no types to check: the untyped rules only.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests edit rendered manifests in place, deep paths into plain JSON (`spec.template.spec.containers[0]`):
    // typing every fixture edit would add casts, not safety. Production code stays without `any`.
    // The no-unsafe-* rules are off there for the same reason: they flag every read of such an `any` edit.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
