/**
 * The grants of the package's permission sets (`*.permissionset-meta.xml`), read the way the
 * Metadata API `PermissionSet` type declares them. Only the grants the emulator enforces or
 * derives behaviour from are kept: enabled custom metadata type accesses, custom permissions
 * and user permissions. Names compare case-insensitively, as API names do.
 */
import { readFileSync } from 'node:fs';
import { apiNameOfFile } from './package-files.js';
import { children, flag, parseMetadataXml, text, type XmlNode } from './xml.js';

export interface PermissionSetGrants {
  /** API name, from the file name (`WP_Sync_Integration_User`). */
  name: string;
  /** Custom metadata types (`WP_Object_Mapping__mdt`) with `customMetadataTypeAccesses` enabled. */
  customMetadataTypes: string[];
  /** Custom permissions (`WP_Sync_Integration`) enabled by the set. */
  customPermissions: string[];
  /** User (system) permissions (`ApiEnabled`) enabled by the set. */
  userPermissions: string[];
}

function enabledNames(node: XmlNode, element: string): string[] {
  return children(node, element)
    .filter((grant) => flag(grant, 'enabled'))
    .map((grant) => text(grant, 'name'))
    .filter((name): name is string => name !== undefined && name !== '');
}

export function parsePermissionSet(name: string, xml: string): PermissionSetGrants {
  const root = parseMetadataXml(xml, 'PermissionSet');
  return {
    name,
    customMetadataTypes: enabledNames(root, 'customMetadataTypeAccesses'),
    customPermissions: enabledNames(root, 'customPermissions'),
    userPermissions: enabledNames(root, 'userPermissions'),
  };
}

/** Every permission set of the package, by lower-cased API name. */
export function readPermissionSets(files: string[]): Map<string, PermissionSetGrants> {
  const sets = new Map<string, PermissionSetGrants>();
  for (const file of files) {
    const name = apiNameOfFile(file, '.permissionset-meta.xml');
    sets.set(name.toLowerCase(), parsePermissionSet(name, readFileSync(file, 'utf8')));
  }
  return sets;
}
