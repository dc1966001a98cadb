// kubectl's document splitter (apimachinery's YAMLReader), on text that arrives in chunks of whole lines: a line
// starting with `---` ends a document when only spaces or a comment follow it. Both readers take their documents
// from here, one at a time, so a file of many thousand documents is never held whole.

/** One document as the splitter cuts it, or the separator line where kubectl stops reading. */
export type Piece =
  | { readonly text: string; /** Its first line in the file, 0-based. */ readonly line: number; readonly separator?: undefined }
  /** `---` followed by content: kubectl stops with an error there, and the document it was collecting is lost. */
  | { readonly separator: string; readonly line: number; readonly text?: undefined };

/**
 * The documents of a text given in chunks, each ending at a line end (but the last). A document exists when it has
 * content or was opened by `---` (then it is empty); a byte order mark at the start is no content.
 */
export function* splitPieces(chunks: Iterable<string>): Generator<Piece> {
  let parts: string[] = [];
  let startLine = 0;
  let explicitStart = false;
  let contentSinceStart = false;
  let line = 0;
  let first = true;
  for (const chunk of chunks) {
    let start = first && chunk.charCodeAt(0) === 0xfeff ? 1 : 0;
    first = false;
    for (let lineStart = start; lineStart < chunk.length; line++) {
      const newline = chunk.indexOf('\n', lineStart);
      const lineEnd = newline === -1 ? chunk.length : newline;
      const next = newline === -1 ? chunk.length : newline + 1;
      if (chunk.charCodeAt(lineStart) === 45 /* - */ && chunk.startsWith('---', lineStart)) {
        const rest = chunk.slice(lineStart + 3, lineEnd).trim();
        if (rest !== '' && !rest.startsWith('#')) {
          yield { separator: rest, line };
          return;
        }
        if (explicitStart || contentSinceStart) {
          parts.push(chunk.slice(start, lineStart));
          yield { text: parts.length === 1 ? parts[0] : parts.join(''), line: startLine };
        }
        parts = [];
        explicitStart = true;
        contentSinceStart = false;
        start = next;
        startLine = line + 1;
      } else if (!contentSinceStart) {
        let at = lineStart;
        while (chunk.charCodeAt(at) === 32) at++;
        // The CR of a CRLF line ending is no content; a comment is none either.
        const bareEnd = lineEnd > lineStart && chunk.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
        if (at < bareEnd && chunk.charCodeAt(at) !== 35 /* # */) contentSinceStart = true;
      }
      lineStart = next;
    }
    if (start < chunk.length) parts.push(start === 0 ? chunk : chunk.slice(start));
  }
  if (explicitStart || contentSinceStart) yield { text: parts.join(''), line: startLine };
}

/** Whether a text is read as a stream of JSON values (kubectl tries JSON first when the first character is `{`). */
export function startsAsJson(text: string): boolean {
  return /^[ \t\r\n]*\{/.test(text);
}
