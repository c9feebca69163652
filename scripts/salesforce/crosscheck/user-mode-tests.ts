import path from 'node:path';
import type { ProjectModel } from '../metadata/project-model.js';
import { children, text } from '../metadata/xml.js';
import type { GateIssue } from '../types.js';
import {
  apexCalls,
  apexMethods,
  closingBrace,
  maskApex,
  type ApexCall,
  type ApexMethod,
} from './apex-source.js';

interface Unit {
  className: string;
  file: string;
  source: string;
  masked: string;
  methods: ApexMethod[];
}

const USER_MODE = /\bUSER_MODE\b|\bas\s+user\b/i;
const HELPER_DEPTH = 4;

const lineOf = (source: string, offset: number): number =>
  source.slice(0, offset).split('\n').length;

/** Package permission sets by name, with the objects each lets its holder read. */
function readablePermissionSets(model: ProjectModel): Map<string, Set<string>> {
  const sets = new Map<string, Set<string>>();
  for (const document of model.documents.filter((doc) => doc.rootName === 'PermissionSet')) {
    const name = path.basename(document.file).replace(/\.permissionset-meta\.xml$/, '');
    const readable = new Set<string>();
    for (const permission of children(document.root, 'objectPermissions')) {
      if (text(permission, 'allowRead') === 'true')
        readable.add((text(permission, 'object') ?? '').toLowerCase());
    }
    sets.set(name, readable);
  }
  return sets;
}

class CallGraph {
  private readonly byKey = new Map<string, ApexMethod[]>();
  private readonly byName = new Map<string, ApexMethod[]>();
  private readonly reached = new Map<ApexMethod, Set<ApexMethod>>();
  readonly classNames: Set<string>;

  constructor(private readonly units: Map<string, Unit>) {
    this.classNames = new Set(units.keys());
    for (const unit of units.values()) {
      for (const method of unit.methods) {
        const add = (map: Map<string, ApexMethod[]>, key: string): void => {
          map.set(key, [...(map.get(key) ?? []), method]);
        };
        add(this.byKey, `${method.className}#${method.name}`.toLowerCase());
        add(this.byName, method.name.toLowerCase());
      }
    }
  }

  unitOf(method: ApexMethod): Unit {
    const unit = this.units.get(method.className);
    if (unit === undefined) throw new Error(`no class ${method.className}`);
    return unit;
  }

  resolve(call: ApexCall, fromClass: string): ApexMethod[] {
    if (call.className !== undefined)
      return this.byKey.get(`${call.className}#${call.name}`.toLowerCase()) ?? [];
    if (!call.instance) return this.byKey.get(`${fromClass}#${call.name}`.toLowerCase()) ?? [];
    return this.byName.get(call.name.toLowerCase()) ?? [];
  }

  callsIn(method: ApexMethod): ApexCall[] {
    return apexCalls(this.unitOf(method).masked, method.bodyStart, method.bodyEnd, this.classNames);
  }

  /** The USER_MODE methods a method reaches through its calls (itself included). */
  userModeReachedBy(method: ApexMethod, visiting = new Set<ApexMethod>()): Set<ApexMethod> {
    const known = this.reached.get(method);
    if (known !== undefined) return known;
    if (visiting.has(method)) return new Set();
    visiting.add(method);
    const unit = this.unitOf(method);
    const found = new Set<ApexMethod>();
    if (!method.isTest && USER_MODE.test(unit.masked.slice(method.bodyStart, method.bodyEnd)))
      found.add(method);
    for (const call of this.callsIn(method)) {
      for (const target of this.resolve(call, method.className)) {
        if (target === method) continue;
        for (const userMode of this.userModeReachedBy(target, visiting)) found.add(userMode);
      }
    }
    visiting.delete(method);
    this.reached.set(method, found);
    return found;
  }
}

/** `System.runAs(user) { … }` blocks of a method: the user expression and the block's range. */
function runAsBlocks(
  unit: Unit,
  method: ApexMethod,
): { user: string; start: number; end: number }[] {
  const body = unit.masked.slice(method.bodyStart, method.bodyEnd);
  const blocks: { user: string; start: number; end: number }[] = [];
  for (const match of body.matchAll(/\bSystem\s*\.\s*runAs\s*\(/gi)) {
    const open = method.bodyStart + match.index + match[0].length - 1;
    let depth = 0;
    let close = open;
    for (; close < unit.masked.length; close += 1) {
      if (unit.masked[close] === '(') depth += 1;
      else if (unit.masked[close] === ')' && --depth === 0) break;
    }
    const brace = unit.masked.indexOf('{', close);
    blocks.push({
      user: unit.source.slice(open + 1, close).trim(),
      start: brace,
      end: closingBrace(unit.masked, brace),
    });
  }
  return blocks;
}

/** Permission sets a user expression is assigned, following variables and helper methods that insert a PermissionSetAssignment. */
function heldPermissionSets(
  graph: CallGraph,
  unit: Unit,
  method: ApexMethod,
  expression: string,
  names: Set<string>,
  depth = 0,
): Set<string> {
  const held = new Set<string>();
  if (depth > HELPER_DEPTH) return held;
  const literals = (value: string): string[] =>
    [...value.matchAll(/'(\w+)'/g)].flatMap(([, name]) =>
      name !== undefined && names.has(name) ? [name] : [],
    );
  const variable = /^(\w+)$/.exec(expression)?.[1];
  if (variable !== undefined) {
    const scope = unit.source.slice(0, method.bodyEnd);
    const assignments = [...scope.matchAll(new RegExp(`\\b${variable}\\s*=\\s*([^;]+);`, 'g'))];
    const last = assignments.at(-1)?.[1];
    return last === undefined
      ? held
      : heldPermissionSets(graph, unit, method, last.trim(), names, depth + 1);
  }
  const call = /^(?:(\w+)\s*\.\s*)?(\w+)\s*\(([\s\S]*)\)$/.exec(expression);
  if (call === null) return held;
  const [, qualifier, name = '', args = ''] = call;
  const targets = graph.resolve(
    {
      ...(qualifier === undefined ? {} : { className: qualifier }),
      name,
      instance: false,
      offset: 0,
    },
    method.className,
  );
  for (const target of targets) {
    const helper = graph.unitOf(target);
    const body = helper.source.slice(target.bodyStart, target.bodyEnd);
    const assigns = (candidate: ApexMethod, level: number): boolean => {
      const code = graph.unitOf(candidate).masked.slice(candidate.bodyStart, candidate.bodyEnd);
      if (/\bPermissionSetAssignment\b/.test(code)) return true;
      return (
        level < HELPER_DEPTH &&
        graph
          .callsIn(candidate)
          .some((inner) =>
            graph
              .resolve(inner, candidate.className)
              .some((next) => next !== candidate && assigns(next, level + 1)),
          )
      );
    };
    if (!assigns(target, 0)) continue;
    for (const literal of [...literals(args), ...literals(body)]) held.add(literal);
  }
  return held;
}

/**
 * Every Apex test that reaches USER_MODE code (`WITH USER_MODE`, `AccessLevel.USER_MODE`, `… as user`) does so
 * inside `System.runAs(user)`, with a user assigned a package permission set that lets it read the objects
 * that code queries. Under RunLocalTests the deploying admin's own access would hide a missing grant. A test
 * that runs such code without the permission set on purpose says so in its name (…Negative).
 */
export function checkUserModeTests(model: ProjectModel): GateIssue[] {
  const units = new Map<string, Unit>();
  for (const [file, source] of model.classes) {
    const className = path.basename(file, '.cls');
    const masked = maskApex(source);
    units.set(className, {
      className,
      file,
      source,
      masked,
      methods: apexMethods(className, file, masked),
    });
  }
  const graph = new CallGraph(units);
  const permissionSets = readablePermissionSets(model);
  const names = new Set(permissionSets.keys());
  const issues: GateIssue[] = [];
  for (const unit of units.values()) {
    for (const test of unit.methods.filter((method) => method.isTest)) {
      const blocks = runAsBlocks(unit, test);
      for (const call of graph.callsIn(test)) {
        const reached = new Set(
          graph
            .resolve(call, unit.className)
            .flatMap((target) => [...graph.userModeReachedBy(target)]),
        );
        if (reached.size === 0) continue;
        const where = {
          file: unit.file,
          line: lineOf(unit.source, call.offset),
          rule: 'user-mode-test',
        };
        const via = [...reached].map((method) => `${method.className}.${method.name}`).join(', ');
        const block = blocks.find(
          (candidate) => call.offset > candidate.start && call.offset < candidate.end,
        );
        if (block === undefined) {
          issues.push({
            ...where,
            message: `${unit.className}.${test.name} calls ${call.name}, which reaches USER_MODE code (${via}), outside System.runAs`,
          });
          continue;
        }
        const queried = new Set(
          [...reached].flatMap((method) =>
            [
              ...graph
                .unitOf(method)
                .source.slice(method.bodyStart, method.bodyEnd)
                .matchAll(/\bFROM\s+(\w+)/gi),
            ].map((match) => (match[1] ?? '').toLowerCase()),
          ),
        );
        const held = heldPermissionSets(graph, unit, test, block.user, names);
        const sufficient = [...held].some((name) =>
          [...queried].every((object) => permissionSets.get(name)?.has(object) === true),
        );
        if (!sufficient && !/negative/i.test(test.name)) {
          issues.push({
            ...where,
            message: `${unit.className}.${test.name} runs ${call.name} (USER_MODE in ${via}) as ${block.user}, which holds ${held.size === 0 ? 'no package permission set' : [...held].join(', ')}; it needs one that reads ${[...queried].join(', ') || 'what that code queries'}`,
          });
        }
      }
    }
  }
  return issues;
}
