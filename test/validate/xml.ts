// A strict little XML reader for the JUnit tests: throws on anything that is not well formed.

export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&([a-z]+);|&/g, (match, name: string | undefined) => {
    if (name === undefined || !(name in ENTITIES)) throw new Error(`bare or unknown entity at ${JSON.stringify(match)}`);
    return ENTITIES[name];
  });
}

export function parseXml(source: string): XmlElement {
  let text = source.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/;
  while (text.length > 0) {
    if (text.startsWith('<')) {
      const match = tag.exec(text);
      if (!match) throw new Error(`malformed tag near ${JSON.stringify(text.slice(0, 40))}`);
      const [whole, closing, name, attributeText, selfClosing] = match;
      if (closing) {
        const open = stack.pop();
        if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      } else {
        const attributes: Record<string, string> = {};
        for (const attribute of attributeText.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
          if (attribute[1] in attributes) throw new Error(`duplicate attribute ${attribute[1]}`);
          attributes[attribute[1]] = decode(attribute[2]);
        }
        const element: XmlElement = { name, attributes, children: [], text: '' };
        if (stack.length > 0) stack[stack.length - 1].children.push(element);
        else if (root) throw new Error('more than one root element');
        else root = element;
        if (!selfClosing) stack.push(element);
      }
      text = text.slice(whole.length);
    } else {
      const end = text.indexOf('<');
      const content = end === -1 ? text : text.slice(0, end);
      if (stack.length === 0 && content.trim() !== '') throw new Error('text outside the root element');
      if (stack.length > 0) stack[stack.length - 1].text += decode(content);
      text = end === -1 ? '' : text.slice(end);
    }
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw new Error('no root element');
  return root;
}
