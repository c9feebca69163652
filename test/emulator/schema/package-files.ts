import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The metadata files of a source-format package, found anywhere under its root. */
export interface PackageFiles {
  objectFiles: string[];
  fieldFiles: string[];
  customMetadataRecordFiles: string[];
  permissionSetFiles: string[];
}

function walk(directory: string, found: string[]): void {
  for (const entry of readdirSync(directory)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) walk(path, found);
    else found.push(path);
  }
}

export function findPackageFiles(root: string): PackageFiles {
  const files: string[] = [];
  try {
    walk(root, files);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return {
        objectFiles: [],
        fieldFiles: [],
        customMetadataRecordFiles: [],
        permissionSetFiles: [],
      };
    }
    throw error;
  }
  files.sort();
  return {
    objectFiles: files.filter((file) => file.endsWith('.object-meta.xml')),
    fieldFiles: files.filter(
      (file) => file.endsWith('.field-meta.xml') && basename(dirname(file)) === 'fields',
    ),
    customMetadataRecordFiles: files.filter((file) => file.endsWith('.md-meta.xml')),
    permissionSetFiles: files.filter((file) => file.endsWith('.permissionset-meta.xml')),
  };
}

/** `objects/Contact/fields/WP_Id__c.field-meta.xml` → `Contact`. */
export function objectNameOfFieldFile(fieldFile: string): string {
  return basename(dirname(dirname(fieldFile)));
}

export function apiNameOfFile(file: string, suffix: string): string {
  return basename(file).slice(0, -suffix.length);
}
