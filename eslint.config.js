import js from '@eslint/js';
import lwcConfig from '@salesforce/eslint-config-lwc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const LWC_FILES = ['force-app/**/lwc/**/*.js'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
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
  // Salesforce's LWC platform lint: @salesforce/eslint-config-lwc's `recommended` (which carries
  // @lwc/eslint-plugin-lwc, @salesforce/eslint-plugin-lightning, eslint-plugin-import and eslint-plugin-jest),
  // scoped and overridden for tests the way Salesforce's own project template does (@salesforce/templates
  // project.eslint.config.js).
  ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: LWC_FILES })),
  {
    files: LWC_FILES,
    // The config's parser, @babel/eslint-parser 7, crashes on ESLint 10 (`scopeManager.addGlobals is not a
    // function`) and version 8 needs Node 22; typescript-eslint's parser reads LWC's decorators into the same
    // ESTree nodes, so the rules see the same code (test/salesforce/lwc-lint.test.ts proves they fire).
    languageOptions: { parser: tseslint.parser },
  },
  {
    files: ['force-app/**/lwc/**/*.test.js'],
    rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' },
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['force-app/**/__tests__/**/*.js', 'force-app/test/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.jest } },
    // jest.mock factories are hoisted above imports, so they (and fixtures) use require().
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
