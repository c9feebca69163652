import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GateIssue } from '../types.js';
import type { ProjectModel } from './project-model.js';

const VERSION_CLASS = 'WPSyncVersion.cls';
const CURRENT_CONSTANT = /static\s+final\s+String\s+CURRENT\s*=\s*'([^']*)'/i;

interface PackageDirectory {
  package?: string;
  versionNumber?: string;
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

/** major.minor.patch of an unlocked package versionNumber such as 0.1.0.NEXT. */
function withoutBuildNumber(versionNumber: string): string {
  return versionNumber.split('.').slice(0, 3).join('.');
}

/**
 * One version everywhere: the Apex constant the admin app shows (WPSyncVersion.CURRENT), every packaged
 * directory's versionNumber in sfdx-project.json and, when the project has one, package.json's version
 * (the connector and the WordPress plugin take theirs from it).
 */
export async function checkPackageVersion(model: ProjectModel): Promise<GateIssue[]> {
  const classFile = [...model.classes.keys()].find((file) => path.basename(file) === VERSION_CLASS);
  if (classFile === undefined) return [];
  const current = CURRENT_CONSTANT.exec(model.classes.get(classFile) ?? '')?.[1];
  if (current === undefined) {
    return [{ file: classFile, rule: 'package-version', message: 'no CURRENT constant' }];
  }
  const issues: GateIssue[] = [];
  const project = await readJson<{ packageDirectories?: PackageDirectory[] }>(
    path.join(model.projectDir, 'sfdx-project.json'),
  );
  for (const directory of project.packageDirectories ?? []) {
    if (directory.package === undefined || directory.versionNumber === undefined) continue;
    if (withoutBuildNumber(directory.versionNumber) !== current) {
      issues.push({
        file: 'sfdx-project.json',
        rule: 'package-version',
        message: `package ${directory.package} versionNumber ${directory.versionNumber} differs from WPSyncVersion.CURRENT ${current}`,
      });
    }
  }
  const manifestFile = path.join(model.projectDir, 'package.json');
  if (existsSync(manifestFile)) {
    const { version } = await readJson<{ version?: string }>(manifestFile);
    if (version !== current) {
      issues.push({
        file: 'package.json',
        rule: 'package-version',
        message: `version ${String(version)} differs from WPSyncVersion.CURRENT ${current}`,
      });
    }
  }
  return issues;
}
