// kubectl's document splitter (apimachinery's YAMLReader), on text that arrives in chunks of whole lines: a line
// starting with `---` ends a document when only spaces or a comment follow it. Both readers take their documents
// from here, one at a time, so a file of many thousand documents is never held whole.

/** Anything but printable ASCII and newlines: most manifests have none, and one scan per chunk tells. */
const NOT_PLAIN_ASCII = /[^\n\x20-\x7e]/;

/** One document as the splitter cuts it: its lines as written (a CR of CRLF kept), split once per chunk. */
export interface DocumentPiece {
  readonly lines: string[];
  /** Its first line in the file, 0-based. */
  readonly line: number;
  /** Whether its lines hold only printable ASCII. */
  readonly plainAscii: boolean;
  /** Whether a newline ends its last line. */
  readonly endsWithNewline: boolean;
  readonly separator?: undefined;
}

/** A separator line with content after `---`: kubectl stops reading there with an error, and the document it was collecting is lost. */
export interface SeparatorPiece {
  readonly separator: string;
  readonly line: number;
}

export type Piece = DocumentPiece | SeparatorPiece;

/** A document's text as written, for the precise reader. */
export function pieceText(piece: DocumentPiece): string {
  return piece.lines.length === 0 ? '' : `${piece.lines.join('\n')}${piece.endsWithNewline ? '\n' : ''}`;
}

/**
 * The documents of a text given in chunks, each ending at a line end (but the last). A document exists when it has
 * content or was opened by `---` (then it is empty); a byte order mark at the start is no content.
 */
export function* splitPieces(chunks: Iterable<string>): Generator<Piece> {
  let collected: string[] = [];
  let plainAscii = true;
  let startLine = 0;
  let explicitStart = false;
  let contentSinceStart = false;
  let line = 0;
  let first = true;
  let endsWithNewline = false;
  for (const chunk of chunks) {
    if (chunk === '') continue;
    const lines = chunk.split('\n');
    endsWithNewline = lines[lines.length - 1] === '';
    if (endsWithNewline) lines.pop();
    if (first && lines[0].charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1);
    first = false;
    const chunkPlainAscii = !NOT_PLAIN_ASCII.test(chunk);
    let start = 0;
    for (let index = 0; index < lines.length; index++, line++) {
      const text = lines[index];
      if (text.charCodeAt(0) === 45 /* - */ && text.startsWith('---')) {
        const rest = text.slice(3).trim();
        if (rest !== '' && !rest.startsWith('#')) {
          yield { separator: rest, line };
          return;
        }
        if (explicitStart || contentSinceStart) {
          const own = lines.slice(start, index);
          yield { lines: collected.length === 0 ? own : collected.concat(own), line: startLine, plainAscii: plainAscii && chunkPlainAscii, endsWithNewline: true };
        }
        collected = [];
        plainAscii = true;
        explicitStart = true;
        contentSinceStart = false;
        start = index + 1;
        startLine = line + 1;
      } else if (!contentSinceStart) {
        let at = 0;
        while (text.charCodeAt(at) === 32) at++;
        // The CR of a CRLF line ending is no content; a comment is none either.
        const end = text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length;
        if (at < end && text.charCodeAt(at) !== 35 /* # */) contentSinceStart = true;
      }
    }
    if (start < lines.length) {
      collected = collected.length === 0 && start === 0 ? lines : collected.concat(start === 0 ? lines : lines.slice(start));
      plainAscii &&= chunkPlainAscii;
    }
  }
  if (explicitStart || contentSinceStart) yield { lines: collected, line: startLine, plainAscii, endsWithNewline };
}

/** Whether a text is read as a stream of JSON values (kubectl tries JSON first when the first character is `{`). */
export function startsAsJson(text: string): boolean {
  return /^[ \t\r\n]*\{/.test(text);
}
