/**
 * The Metadata API zip an admin deploys with Workbench: `npm run package:mdapi` must carry every
 * component of force-app and a package.xml naming each, whatever is added to force-app later. The
 * expected components are read from the force-app tree (minus .forceignore), their types from
 * Salesforce's own metadata registry (source-deploy-retrieve's suffix and folder names).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMdapiZip, type BuiltMdapiZip } from '../../scripts/package/mdapi.js';
import { REPOSITORY_DIR } from '../../scripts/package/plugin-zip.js';

const run = promisify(execFile);
const REGISTRY_FILE = join(
  REPOSITORY_DIR,
  'node_modules/@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json',
);

interface MetadataType {
  name: string;
  directoryName: string;
  suffix?: string;
}

interface Registry {
  types: Record<string, MetadataType>;
}

interface Component {
  type: string;
  member: string;
  /** The entry (or the start of the entries) it becomes in the zip. */
  entry: string;
  source: string;
}

/** .forceignore's glob lines as regular expressions over project-relative paths. */
async function forceIgnored(): Promise<RegExp[]> {
  const lines = (await readFile(join(REPOSITORY_DIR, '.forceignore'), 'utf8')).split('\n');
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((glob) => {
      const pattern = glob
        .split('**/')
        .map((part) =>
          part
            .split('**')
            .map((piece) => piece.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
            .join('.*'),
        )
        .join('(?:.*/)?');
      return new RegExp(`^${pattern}$`);
    });
}

/** The type with this file suffix; when several share it, the one named by a folder of the path. */
function typeOf(registry: Registry, suffix: string, parts: string[]): MetadataType | undefined {
  const candidates = Object.values(registry.types).filter((type) => type.suffix === suffix);
  return candidates.length === 1
    ? candidates[0]
    : candidates.find((type) => parts.includes(type.directoryName));
}

/** Every component of force-app, from its files. */
async function expectedComponents(registry: Registry): Promise<Component[]> {
  const ignored = await forceIgnored();
  const root = join(REPOSITORY_DIR, 'force-app');
  const files = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(REPOSITORY_DIR, join(entry.parentPath, entry.name)).split(sep).join('/'),
    )
    .filter((file) => !ignored.some((pattern) => pattern.test(file)));
  const components = new Map<string, Component>();
  for (const file of files) {
    const parts = file.split('/');
    const lwcAt = parts.indexOf('lwc');
    if (lwcAt >= 0 && parts.length > lwcAt + 2) {
      const bundle = parts[lwcAt + 1] ?? '';
      const entry = `lwc/${bundle}/${parts.slice(lwcAt + 2).join('/')}`;
      components.set(`LightningComponentBundle:${bundle}`, {
        type: 'LightningComponentBundle',
        member: bundle,
        entry: `lwc/${bundle}/`,
        source: file,
      });
      components.set(`file:${entry}`, { type: '', member: '', entry, source: file });
      continue;
    }
    const meta = /^(.+)\.([A-Za-z]+)-meta\.xml$/.exec(basename(file));
    if (meta === null) continue;
    const [, member = '', suffix = ''] = meta;
    if (suffix === 'field' && parts.at(-2) === 'fields') {
      const object = parts.at(-3) ?? '';
      components.set(`CustomField:${object}.${member}`, {
        type: 'CustomField',
        member: `${object}.${member}`,
        entry: `objects/${object}.object`,
        source: file,
      });
      continue;
    }
    const type = typeOf(registry, suffix, parts);
    if (type === undefined) throw new Error(`${file}: no metadata type has suffix ${suffix}`);
    components.set(`${type.name}:${member}`, {
      type: type.name,
      member,
      entry: `${type.directoryName}/${member}.${suffix}`,
      source: file,
    });
  }
  return [...components.values()];
}

async function entries(zip: string): Promise<string[]> {
  const { stdout } = await run('unzip', ['-Z1', zip], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\n').filter(Boolean);
}

async function member(zip: string, path: string): Promise<string> {
  const { stdout } = await run('unzip', ['-p', zip, path], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** package.xml as type name → members. */
function manifestTypes(xml: string): Map<string, Set<string>> {
  const parsed = new XMLParser({ isArray: (name) => name === 'types' || name === 'members' }).parse(
    xml,
  ) as { Package: { types: { name: string; members: string[] }[] } };
  return new Map(parsed.Package.types.map((type) => [type.name, new Set(type.members)]));
}

let workDir: string;
let built: BuiltMdapiZip;
let names: string[];
let expected: Component[];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'sfwp-mdapi-zip-test-'));
  built = await buildMdapiZip(join(workDir, 'dist'));
  names = await entries(built.file);
  const registry = JSON.parse(await readFile(REGISTRY_FILE, 'utf8')) as Registry;
  expected = await expectedComponents(registry);
}, 120_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('the Metadata API zip (npm run package:mdapi)', () => {
  it('is named after the release version', async () => {
    const manifest = JSON.parse(await readFile(join(REPOSITORY_DIR, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(built.version).toBe(manifest.version);
    expect(built.file).toBe(join(workDir, 'dist', `sfwp-${manifest.version}-mdapi.zip`));
  });

  it('holds every file of every component of force-app', () => {
    const components = expected.filter((component) => component.type !== '');
    // Classes, triggers, objects, fields, mappings, LWC, the External Client App…: a real package.
    expect(components.length).toBeGreaterThan(100);
    const missing = expected
      .filter((component) =>
        component.entry.endsWith('/')
          ? !names.some((name) => name.startsWith(component.entry))
          : !names.includes(component.entry),
      )
      .map((component) => `${component.source} → ${component.entry}`);
    expect(missing).toEqual([]);
  });

  it('has a package.xml at its root that names each component under its type', async () => {
    expect(names).toContain('package.xml');
    const types = manifestTypes(await member(built.file, 'package.xml'));
    const unlisted = expected
      .filter((component) => component.type !== '')
      .filter((component) => !types.get(component.type)?.has(component.member))
      .map((component) => `${component.type}:${component.member}`);
    expect(unlisted).toEqual([]);
    for (const type of ['ExternalClientApplication', 'ExtlClntAppOauthSettings']) {
      expect(types.get(type)?.has('sfwp_connector') || types.get(type)?.size).toBeTruthy();
    }
    expect(types.get('ExtlClntAppOauthConfigurablePolicies')?.size).toBe(1);
  });

  it('keeps the fields inside their objects and leaves out what .forceignore excludes', async () => {
    const contact = await member(built.file, 'objects/Contact.object');
    const fields = expected.filter(
      (component) => component.type === 'CustomField' && component.member.startsWith('Contact.'),
    );
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) {
      expect(contact).toContain(`<fullName>${field.member.slice('Contact.'.length)}</fullName>`);
    }
    expect(names.filter((name) => /__tests__|jest-mocks|jest-setup/.test(name))).toEqual([]);
  });

  it('carries no OAuth secret, certificate or org-specific value of the External Client App', async () => {
    const appFiles = names.filter((name) => /^(externalClientApps|extlClntApp)/.test(name));
    expect(appFiles.filter((name) => !name.endsWith('/'))).toHaveLength(3);
    expect(appFiles.some((name) => name.startsWith('extlClntAppGlobalOauthSets'))).toBe(false);
    for (const name of appFiles.filter((entry) => !entry.endsWith('/'))) {
      expect(await member(built.file, name)).not.toMatch(
        /<(consumerKey|consumerSecret|certificate|oauthLink|clientCredentialsFlowUser)>/,
      );
    }
  });
});
