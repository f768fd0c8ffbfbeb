// Reading a parsed XML tree (fast-xml-parser's objects) by element path, with every
// problem reported as the path of the element that is missing or wrong: a bank's file is
// checked, never trusted, and the bookkeeper is told where it went wrong.
import { DomainError } from '../errors.js';

export type XmlValue = string | XmlNode | XmlValue[];
export interface XmlNode {
  [name: string]: XmlValue | undefined;
}

export function statementProblem(path: string, message: string): DomainError {
  return new DomainError('statement_invalid', `${path}: ${message}.`, { errors: [{ field: path, message }] });
}

export const isNode = (value: XmlValue | undefined): value is XmlNode => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The elements named `name` under `node`, as a list (one, many or none). */
export function children(node: XmlNode, name: string): XmlValue[] {
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The one element `name` under `node`, or undefined. */
export function child(node: XmlNode | undefined, name: string): XmlValue | undefined {
  if (!node) return undefined;
  return children(node, name)[0];
}

/** An element's text: a plain string, or `#text` of an element with attributes. */
export function textOf(value: XmlValue | undefined): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'].trim() || undefined;
  return undefined;
}

/** The text at a slash path below `node` ("Refs/EndToEndId"), or undefined. */
export function textAt(node: XmlNode | undefined, path: string): string | undefined {
  let current: XmlValue | undefined = node;
  for (const name of path.split('/')) current = isNode(current) ? child(current, name) : undefined;
  return textOf(current);
}

export function nodeAt(node: XmlNode | undefined, path: string): XmlNode | undefined {
  let current: XmlValue | undefined = node;
  for (const name of path.split('/')) current = isNode(current) ? child(current, name) : undefined;
  return isNode(current) ? current : undefined;
}

export function requireText(node: XmlNode, path: string, at: string): string {
  const found = textAt(node, path);
  if (found === undefined) throw statementProblem(`${at}/${path}`, 'is missing or empty');
  return found;
}

export function attribute(value: XmlValue | undefined, name: string): string | undefined {
  if (!isNode(value)) return undefined;
  const found = value[`@_${name}`];
  return typeof found === 'string' ? found.trim() : undefined;
}
