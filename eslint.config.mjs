// ESLint (flat config): JavaScript's and typescript-eslint's recommended rules on every source, script and
// test. Syntax-only rules (no type information) so that `npm test` stays fast on small machines; the type
// checker itself runs as `tsc --noEmit` in scripts/test.sh. Layering is checked by dependency-cruiser
// (.dependency-cruiser.cjs), not here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'release/**', '.cache/**', 'build/**', 'models/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names are deliberately unused (callback arity, destructuring to drop a key).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  { files: ['src/renderer/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['test/**/*.ts'], languageOptions: { globals: { ...globals.jest, ...globals.node } } },
  { files: ['bin/**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
