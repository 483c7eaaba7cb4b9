// typescript-eslint type-checked rules; CI runs with --max-warnings 0.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/harness/node_modules/**', 'test/.cache/**', 'test/.run/**', 'test/screenshots/**', '**/*.mjs', '**/*.js', '**/*.cjs', 'test/fixtures/**', 'bench/.data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'no-restricted-properties': ['error', { object: 'child_process', property: 'exec', message: 'No shell: use the ProcessRunner.' }],
      'no-restricted-syntax': ['error', {
        selector: "Property[key.name='shell'][value.value=true]",
        message: 'We never run a shell (shell: true is forbidden).',
      }],
    },
  },
);
