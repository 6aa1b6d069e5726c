import { codeFrameColumns } from '@babel/code-frame';

/** The lines around `line:column` with a caret under the column, as tsc and Babel show syntax errors. */
export function codeFrameAt(source: string, line: number, column: number): string {
  return codeFrameColumns(source, { start: { line, column } }, { highlightCode: process.stdout.isTTY === true && !process.env.NO_COLOR });
}
