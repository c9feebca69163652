/**
 * Salesforce's LWC platform lint as flat-config blocks: `@salesforce/eslint-config-lwc`'s `recommended` (which
 * carries @lwc/eslint-plugin-lwc, @salesforce/eslint-plugin-lightning, eslint-plugin-import and
 * eslint-plugin-jest), scoped to the given LWC file patterns and overridden for jest tests the way Salesforce's own
 * project template does (@salesforce/templates, project.eslint.config.js). Used by eslint.config.js (so
 * `npm run lint` applies it) and by the `lwc-lint` gate of `npm run check:salesforce`.
 */
import lwcConfig from '@salesforce/eslint-config-lwc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Patterns of the repository's Lightning web components (relative to the repository root). */
export const LWC_FILES = ['force-app/**/lwc/**/*.js'];

/** @param {string[]} files @returns {import('eslint').Linter.Config[]} */
export function lwcPlatformConfig(files = LWC_FILES) {
  const tests = files.map((pattern) => pattern.replace(/\*\.js$/, '*.test.js'));
  return [
    ...lwcConfig.configs.recommended.map((config) => ({ ...config, files })),
    {
      files,
      // The config's parser, @babel/eslint-parser 7, crashes on ESLint 10 (`scopeManager.addGlobals is not a
      // function`) and version 8 needs Node 22; typescript-eslint's parser reads LWC's decorators into the
      // same ESTree nodes, so the rules see the same code (test/salesforce/lwc-lint.test.ts proves they fire).
      languageOptions: { parser: tseslint.parser },
    },
    {
      files: tests,
      rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' },
      languageOptions: { globals: { ...globals.node } },
    },
  ];
}
