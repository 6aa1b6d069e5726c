import { isUtf8 } from 'node:buffer';

/**
 * A secret or config file's content as the model carries it: its text when the bytes are UTF-8 (shown, compared and
 * exported as text, which is nearly always), else the bytes in base64, marked `binary`. Keystores (.p12, .jks), DER
 * certificates and keyrings are not text: read as UTF-8, every invalid byte became U+FFFD, and the container (or the
 * cluster's ConfigMap or Secret) got a different, larger file without a word.
 */
export interface FileContent {
  text: string;
  binary?: true;
}

export function fileContent(bytes: Buffer): FileContent {
  return isUtf8(bytes) ? { text: bytes.toString('utf8') } : { text: bytes.toString('base64'), binary: true };
}

/** The bytes to write for a content the model carries (`text`, base64 when `binary`). */
export function contentBytes(text: string, binary: boolean | undefined): Buffer | string {
  return binary ? Buffer.from(text, 'base64') : text;
}
