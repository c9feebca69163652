import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { lwcPlatformConfig } from './scripts/salesforce/lwc/platform-config.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'connector/dist/',
      'coverage/',
      'test-results/',
      '.wordpress/',
      '.sfdx/',
      '.sf/',
      'bench/results/',
      'force-app/**/staticresources/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Lightning web components and the admin preview's browser modules run in the browser;
    // their jest tests get jest's globals.
    files: ['force-app/**/lwc/**/*.js', 'test/admin-preview/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Salesforce's LWC platform lint (@salesforce/eslint-config-lwc recommended, @lwc/eslint-plugin-lwc).
  ...lwcPlatformConfig(),
  {
    files: ['force-app/**/__tests__/**/*.js', 'force-app/test/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.jest } },
    // jest.mock factories are hoisted above imports, so they (and fixtures) use require().
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
