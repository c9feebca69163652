/**
 * Builds the admin app for a real browser: the package's Lightning web components with
 * lightning-base-components and SLDS, every `@salesforce/apex/WPSyncAdminController.*` and
 * `@salesforce/apex/WPSyncAdminApiAccessController.*` import
 * resolved to the preview's adapter (apex/controller.js) that calls the org emulator.
 * Recipe: ../shared/reference/toolchain.md ("Real-browser LWC").
 *
 *   npx tsx test/admin-preview/build.ts [outDir]
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import lwc from '@lwc/rollup-plugin';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup, type Plugin } from 'rollup';

const thisFile = fileURLToPath(import.meta.url);
const here = dirname(thisFile);
const repoRoot = resolve(here, '../..');
export const LWC_DIR = join(repoRoot, 'force-app/main/default/lwc');
export const DEFAULT_OUT_DIR = join(repoRoot, 'test-results/admin-preview');
/** The Apex controllers whose `@salesforce/apex/<Class>.<method>` imports apex/controller.js stands in for. */
const APEX_PREFIXES = [
  '@salesforce/apex/WPSyncAdminController.',
  '@salesforce/apex/WPSyncAdminApiAccessController.',
];
const VIRTUAL_APEX = '\0wpsync-apex:';

/** Platform modules the components import, resolved to the preview's stand-ins (absolute paths). */
const PLATFORM_MODULES: Record<string, string> = {
  '@salesforce/apex': join(here, 'apex/index.js'),
  '@salesforce/customPermission/WP_Sync_Admin': join(here, 'platform/customPermission.js'),
  'lightning/empApi': join(here, 'platform/empApi.js'),
};

function platformModules(): Plugin {
  const controller = join(here, 'apex/controller.js');
  return {
    name: 'wpsync-admin-preview-platform',
    resolveId(source) {
      const prefix = APEX_PREFIXES.find((candidate) => source.startsWith(candidate));
      if (prefix !== undefined) return VIRTUAL_APEX + source.slice(prefix.length);
      return PLATFORM_MODULES[source] ?? null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL_APEX)) return null;
      const method = id.slice(VIRTUAL_APEX.length);
      return `export { ${method} as default } from ${JSON.stringify(controller)};`;
    },
  };
}

/** What the recipe's replace step does: LWC's SSR switch off, NODE_ENV set for the browser. */
const VERSION_CLASS = join(here, '../../force-app/main/default/classes/WPSyncVersion.cls');

/** WPSyncVersion.CURRENT, read from the Apex class the real getPackageVersion returns. */
function packageVersion(): string {
  const apex = readFileSync(VERSION_CLASS, 'utf8');
  const version = /CURRENT\s*=\s*'([^']+)'/.exec(apex)?.[1];
  if (!version) throw new Error('WPSyncVersion.cls has no CURRENT version');
  return version;
}

function buildConstants(): Plugin {
  const constants: [string, string][] = [
    ['import.meta.env.SSR', 'false'],
    ['process.env.NODE_ENV', JSON.stringify('development')],
    ['import.meta.env.SFWP_PACKAGE_VERSION', JSON.stringify(packageVersion())],
  ];
  return {
    name: 'wpsync-admin-preview-constants',
    transform(code) {
      if (!constants.some(([name]) => code.includes(name))) return null;
      let result = code;
      for (const [name, value] of constants) result = result.split(name).join(value);
      return { code: result, map: null };
    },
  };
}

/** `c/<name>` for every component folder, as absolute alias records. */
function componentAliases(): { name: string; path: string }[] {
  return readdirSync(LWC_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({
      name: `c/${entry.name}`,
      path: join(LWC_DIR, entry.name, `${entry.name}.js`),
    }));
}

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const changed = entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, changed);
  }
  return newest;
}

/** Whether `outDir` holds a bundle built after the last change to the components or the preview. */
export function isPreviewFresh(outDir = DEFAULT_OUT_DIR): boolean {
  const bundle = join(outDir, 'bundle.js');
  if (!existsSync(bundle)) return false;
  const sources = [LWC_DIR, join(here, 'app'), join(here, 'apex'), join(here, 'platform')];
  return (
    statSync(bundle).mtimeMs >
    Math.max(
      ...sources.map(newestChange),
      statSync(thisFile).mtimeMs,
      statSync(VERSION_CLASS).mtimeMs,
    )
  );
}

export interface BuildResult {
  outDir: string;
  durationMs: number;
}

export async function buildAdminPreview(outDir = DEFAULT_OUT_DIR): Promise<BuildResult> {
  const started = Date.now();
  mkdirSync(outDir, { recursive: true });
  const bundle = await rollup({
    input: join(here, 'app/main.js'),
    plugins: [
      platformModules(),
      buildConstants(),
      lwc({
        enableDynamicComponents: true,
        // lightning-combobox and other form controls call attachInternals, which synthetic shadow
        // only supports with this switch.
        enableSyntheticElementInternals: true,
        modules: [...componentAliases(), { npm: 'lightning-base-components' }],
      }),
      nodeResolve(),
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      // lightning-base-components' own templates trip a few LWC 9 lint warnings; ours must not.
      if (warning.id?.includes(`${sep}lightning-base-components${sep}`)) return;
      warn(warning);
    },
  });
  await bundle.write({
    file: join(outDir, 'bundle.js'),
    format: 'iife',
    inlineDynamicImports: true,
  });
  await bundle.close();
  copyFileSync(join(here, 'app/index.html'), join(outDir, 'index.html'));
  return { outDir, durationMs: Date.now() - started };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await buildAdminPreview(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(
    `admin preview built in ${result.outDir} (${(result.durationMs / 1000).toFixed(1)} s)`,
  );
}
