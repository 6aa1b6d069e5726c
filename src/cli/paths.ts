import { statSync } from 'node:fs';

/** Whether `path` is an existing folder (a service name never contains "/", but may equal a folder's name). */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** An argument that can only be a path: it holds a "/", is "." or "..", or names a .ts file. */
export function looksLikePath(arg: string): boolean {
  return arg.includes('/') || arg === '.' || arg === '..' || /\.[cm]?ts$/.test(arg);
}
