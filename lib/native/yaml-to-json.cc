// The simple YAML reader of lib/validate/simple-yaml.ts, in C++: reads the same subset of YAML the same way
// and writes the documents of a text as JSON, which JSON.parse turns into objects several times
// faster than building them in JavaScript. Wherever it is unsure it declines (returns undefined) and the
// JavaScript readers take over, so it is never the only reader: anything outside printable ASCII, numbers that
// JSON cannot spell as go-yaml resolves them (octal written 0o17 is fine, .inf is not), escapes in quoted keys.
// Each function below mirrors the function of the same name in simple-yaml.ts; keep the two in step.

#include <node_api.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

struct Decline {};

[[noreturn]] void decline() { throw Decline(); }

struct Line {
  const char* text;
  int length;
  /** Character code at `index`, or -1 past the end (where JavaScript's charCodeAt gives NaN). */
  int at(int index) const { return index >= 0 && index < length ? static_cast<unsigned char>(text[index]) : -1; }
  /** Index of " #" (a comment after content) from `from`, or -1. */
  int commentFrom(int from) const {
    for (int hash = indexOf('#', from + 1); hash != -1; hash = indexOf('#', hash + 1)) {
      if (text[hash - 1] == ' ') return hash - 1;
    }
    return -1;
  }
  /** Index of ": " from `from`, or -1. */
  int colonSpaceFrom(int from) const {
    for (int colon = indexOf(':', from); colon != -1; colon = indexOf(':', colon + 1)) {
      if (colon + 1 < length && text[colon + 1] == ' ') return colon;
    }
    return -1;
  }
  int indexOf(char needle, int from) const {
    if (from >= length) return -1;
    const void* found = std::memchr(text + from, needle, length - from);
    return found == nullptr ? -1 : static_cast<int>(static_cast<const char*>(found) - text);
  }
};

bool isDeclinedStart(int code) {
  switch (code) {
    case '&': case '*': case '!': case '?': case ':': case '|': case '>': case '%': case '@': case '`':
    case '[': case ']': case '{': case '}': case ',': case '#': case '"': case '\'':
      return true;
    default:
      return false;
  }
}

bool isDigit(int code) { return code >= '0' && code <= '9'; }

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighs = 0x8080808080808080ull;

uint64_t load8(const char* text) {
  uint64_t word;
  std::memcpy(&word, text, 8);
  return word;
}

/** Nonzero when a byte of `word` equals `byte`. */
uint64_t hasByte(uint64_t word, unsigned char byte) {
  const uint64_t diff = word ^ (kOnes * byte);
  return (diff - kOnes) & ~diff & kHighs;
}

/** Nonzero when a byte of `word` is outside printable ASCII (below 0x20, 0x7f, or 0x80 and above). */
uint64_t hasUnprintable(uint64_t word) {
  return ((word - kOnes * 0x20) & ~word & kHighs) | hasByte(word, 0x7f) | (word & kHighs);
}

bool isItemAt(const Line& line, int at) { return line.at(at) == '-' && (at + 1 == line.length || line.at(at + 1) == ' '); }

/** Appends one UTF-16 code unit as JSON string content, one spelling per unit (keys compare by it). */
void appendUnit(std::string& out, uint32_t unit) {
  if (unit == '"') out += "\\\"";
  else if (unit == '\\') out += "\\\\";
  else if (unit == '\n') out += "\\n";
  else if (unit >= 0x20 && unit <= 0x7e) out += static_cast<char>(unit);
  else {
    char escape[8];
    std::snprintf(escape, sizeof escape, "\\u%04x", unit);
    out += escape;
  }
}

void appendCodePoint(std::string& out, uint32_t codePoint) {
  if (codePoint >= 0x10000) {
    codePoint -= 0x10000;
    appendUnit(out, 0xd800 + (codePoint >> 10));
    appendUnit(out, 0xdc00 + (codePoint & 0x3ff));
  } else {
    appendUnit(out, codePoint);
  }
}

/** Appends printable ASCII text: runs without quotes or backslashes are copied whole. */
void appendPrintable(std::string& out, const char* text, int length) {
  int index = 0;
  // Eight characters at a time while none needs an escape.
  while (index + 8 <= length) {
    const uint64_t word = load8(text + index);
    if (hasByte(word, '"') | hasByte(word, '\\') | hasByte(word, '\n')) break;
    index += 8;
  }
  int run = 0;
  for (; index < length; index++) {
    const char character = text[index];
    if (character != '"' && character != '\\' && character != '\n') continue;
    out.append(text + run, index - run);
    appendUnit(out, static_cast<unsigned char>(character));
    run = index + 1;
  }
  out.append(text + run, length - run);
}

// ---- Plain scalars, resolved as resolvePlainScalar in yaml.ts does ----

enum class Scalar { String, Null, True, False, Number };

template <int size>
bool equals(const char* text, int length, const char (&word)[size]) {
  return length == size - 1 && std::memcmp(text, word, size - 1) == 0;
}

template <typename... Words>
bool equalsAny(const char* text, int length, const Words&... words) {
  return (equals(text, length, words) || ...);
}

bool maybeSpecial(int code) {
  switch (code) {
    case '+': case '-': case '.': case '~': case 'n': case 'N': case 'y': case 'Y': case 't': case 'T': case 'f': case 'F':
    case 'o': case 'O':
      return true;
    default:
      return isDigit(code);
  }
}

bool allIn(const char* text, int from, int to, bool (*accepts)(int)) {
  if (from >= to) return false;
  for (int index = from; index < to; index++) {
    if (!accepts(static_cast<unsigned char>(text[index]))) return false;
  }
  return true;
}

bool isHex(int code) { return isDigit(code) || (code >= 'a' && code <= 'f') || (code >= 'A' && code <= 'F'); }
bool isOctal(int code) { return code >= '0' && code <= '7'; }
bool isBinary(int code) { return code == '0' || code == '1'; }

/** Digits of an exponent `[eE][-+]?[0-9]+` from `at` to the end; true when there is none or it is whole. */
bool exponentToEnd(const char* text, int at, int length) {
  if (at == length) return true;
  if (text[at] != 'e' && text[at] != 'E') return false;
  at++;
  if (at < length && (text[at] == '-' || text[at] == '+')) at++;
  return allIn(text, at, length, isDigit);
}

/** YAML_STYLE_FLOAT: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
bool isYamlStyleFloat(const char* text, int length) {
  int at = 0;
  if (at < length && (text[at] == '-' || text[at] == '+')) at++;
  if (at < length && text[at] == '.') {
    const int start = ++at;
    while (at < length && isDigit(text[at])) at++;
    return at > start && exponentToEnd(text, at, length);
  }
  const int start = at;
  while (at < length && isDigit(text[at])) at++;
  if (at == start) return false;
  if (at < length && text[at] == '.') {
    at++;
    while (at < length && isDigit(text[at])) at++;
  }
  return exponentToEnd(text, at, length);
}

/** JSON's number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?; JSON.parse reads it as Number() does. */
bool isJsonNumber(const char* text, int length) {
  int at = 0;
  if (at < length && text[at] == '-') at++;
  if (at >= length || !isDigit(text[at])) return false;
  if (text[at] == '0') at++;
  else while (at < length && isDigit(text[at])) at++;
  if (at < length && text[at] == '.') {
    const int start = ++at;
    while (at < length && isDigit(text[at])) at++;
    if (at == start) return false;
  }
  return exponentToEnd(text, at, length);
}

/**
 * GO_INTEGER and parseGoInteger: writes the value in decimal when the text is a Go integer that a double holds
 * exactly; declines for larger ones. Returns false when the text is no Go integer.
 */
bool goInteger(const char* text, int length, std::string& out) {
  int at = 0;
  const bool negative = length > 0 && text[0] == '-';
  if (length > 0 && (text[0] == '-' || text[0] == '+')) at++;
  if (at >= length) return false;
  int base = 10;
  int digits = at;
  bool (*accepts)(int) = isDigit;
  if (text[at] == '0' && at + 1 < length && (text[at + 1] == 'x' || text[at + 1] == 'X')) base = 16, digits = at + 2, accepts = isHex;
  else if (text[at] == '0' && at + 1 < length && (text[at + 1] == 'o' || text[at + 1] == 'O')) base = 8, digits = at + 2, accepts = isOctal;
  else if (text[at] == '0' && at + 1 < length && (text[at + 1] == 'b' || text[at + 1] == 'B')) base = 2, digits = at + 2, accepts = isBinary;
  else if (text[at] == '0') base = 8, digits = at + 1, accepts = isOctal;
  if (base == 8 && digits == at + 1) {
    // 0[0-7]*: "0" alone is zero.
    if (digits < length && !allIn(text, digits, length, isOctal)) return false;
  } else if (!allIn(text, digits, length, accepts)) {
    return false;
  }
  uint64_t value = 0;
  for (int index = digits; index < length; index++) {
    const int code = text[index];
    const int digit = isDigit(code) ? code - '0' : (code | 0x20) - 'a' + 10;
    value = value * base + digit;
    if (value > (uint64_t{1} << 53)) decline();
  }
  if (negative) out += '-';
  out += std::to_string(value);
  return true;
}

/** Appends the JSON of a plain scalar; `forKey` asks for the text a mapping key gets (String(value)). */
Scalar resolvePlain(const char* text, int length, std::string& number) {
  if (length == 0) return Scalar::Null;
  const int first = static_cast<unsigned char>(text[0]);
  if (!maybeSpecial(first)) return Scalar::String;
  if (first >= '1' && first <= '9' && length <= 15 && allIn(text, 0, length, isDigit)) {
    number.assign(text, length);
    return Scalar::Number;
  }
  if (isDigit(first) || first == '+' || first == '-') {
    if (std::memchr(text, '_', length) != nullptr) {
      // go-yaml drops `_` before reading a number; a number written with them is left to the JavaScript readers.
      std::string digits;
      for (int index = 0; index < length; index++) {
        if (text[index] != '_') digits += text[index];
      }
      const int size = static_cast<int>(digits.size());
      if (goInteger(digits.data(), size, number) || isYamlStyleFloat(digits.data(), size)) decline();
      return Scalar::String;
    }
    if (goInteger(text, length, number)) return Scalar::Number;
    if (isYamlStyleFloat(text, length)) {
      if (!isJsonNumber(text, length)) decline();
      number.assign(text, length);
      return Scalar::Number;
    }
    if (equalsAny(text, length, "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF")) decline();
    return Scalar::String;
  }
  if (first == '.') {
    if (equalsAny(text, length, ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF")) decline();
    // GO_DECIMAL_FLOAT for a leading dot: \.[0-9]+ and an exponent; JSON has no spelling for it.
    int at = 1;
    while (at < length && isDigit(text[at])) at++;
    if (at > 1 && exponentToEnd(text, at, length)) decline();
    return Scalar::String;
  }
  if (length > 5) return Scalar::String;
  if (equalsAny(text, length, "~", "null", "Null", "NULL")) return Scalar::Null;
  if (equalsAny(text, length, "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")) return Scalar::True;
  if (equalsAny(text, length, "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")) return Scalar::False;
  return Scalar::String;
}

void appendResolvedValue(std::string& out, const char* text, int length) {
  std::string number;
  switch (resolvePlain(text, length, number)) {
    case Scalar::String: out += '"'; appendPrintable(out, text, length); out += '"'; break;
    case Scalar::Null: out += "null"; break;
    case Scalar::True: out += "true"; break;
    case Scalar::False: out += "false"; break;
    case Scalar::Number: out += number; break;
  }
}

/** The key text of a resolved plain key (String(value) in JavaScript); numbers other than plain decimals decline. */
void appendResolvedKey(std::string& key, const char* text, int length) {
  std::string number;
  switch (resolvePlain(text, length, number)) {
    case Scalar::String: appendPrintable(key, text, length); break;
    case Scalar::Null: key += "null"; break;
    case Scalar::True: key += "true"; break;
    case Scalar::False: key += "false"; break;
    case Scalar::Number:
      if (!(number.size() == static_cast<size_t>(length) && std::memcmp(number.data(), text, length) == 0 && text[0] != '-' &&
            (length == 1 || text[0] != '0') && allIn(text, 0, length, isDigit))) {
        decline();
      }
      key += number;
      break;
  }
}

// ---- Quoted scalars ----

int quotedEnd(const char* text, int length, int start) {
  const char quote = text[start];
  for (int index = start + 1; index < length; index++) {
    const char character = text[index];
    if (quote == '\'' && character == '\'') {
      if (index + 1 < length && text[index + 1] == '\'') index++;
      else return index;
    } else if (quote == '"') {
      if (character == '\\') index++;
      else if (character == '"') return index;
    }
  }
  return -1;
}

bool hexRun(const char* text, int from, int count, int end, uint32_t& value) {
  if (from + count > end) return false;
  value = 0;
  for (int index = from; index < from + count; index++) {
    if (!isHex(static_cast<unsigned char>(text[index]))) return false;
    const int code = text[index];
    value = value * 16 + (isDigit(code) ? code - '0' : (code | 0x20) - 'a' + 10);
  }
  return true;
}

/** unescapeDouble: the escapes of a double-quoted body, written as JSON string content. */
void appendUnescaped(std::string& out, const char* body, int length) {
  for (int index = 0; index < length; index++) {
    const char character = body[index];
    if (character != '\\') {
      appendUnit(out, static_cast<unsigned char>(character));
      continue;
    }
    const char escape = index + 1 < length ? body[index + 1] : '\0';
    uint32_t value = 0;
    if (escape == 'x' && hexRun(body, index + 2, 2, length, value)) {
      appendCodePoint(out, value);
      index += 3;
    } else if (escape == 'u' && hexRun(body, index + 2, 4, length, value)) {
      appendCodePoint(out, value);
      index += 5;
    } else if (escape == 'U' && hexRun(body, index + 2, 8, length, value)) {
      if (value > 0x10ffff) decline();
      appendCodePoint(out, value);
      index += 9;
    } else {
      switch (escape) {
        case '0': value = 0; break;
        case 'a': value = 7; break;
        case 'b': value = 8; break;
        case 't': value = 9; break;
        case 'n': value = 10; break;
        case 'v': value = 11; break;
        case 'f': value = 12; break;
        case 'r': value = 13; break;
        case 'e': value = 27; break;
        case ' ': value = ' '; break;
        case '"': value = '"'; break;
        case '/': value = '/'; break;
        case '\\': value = '\\'; break;
        case 'N': value = 0x85; break;
        case '_': value = 0xa0; break;
        case 'L': value = 0x2028; break;
        case 'P': value = 0x2029; break;
        default: decline();
      }
      appendCodePoint(out, value);
      index += 1;
    }
  }
}

/** quoted: the JSON string content of the quoted scalar at `start`; returns the index after its closing quote. */
int appendQuoted(std::string& out, const char* text, int length, int start, bool forKey) {
  const int close = quotedEnd(text, length, start);
  if (close == -1) decline();
  const char* body = text + start + 1;
  const int bodyLength = close - start - 1;
  if (text[start] == '\'') {
    for (int index = 0; index < bodyLength; index++) {
      appendUnit(out, static_cast<unsigned char>(body[index]));
      if (body[index] == '\'') index++;
    }
  } else if (std::memchr(body, '\\', bodyLength) == nullptr) {
    appendPrintable(out, body, bodyLength);
  } else {
    if (forKey) decline();
    appendUnescaped(out, body, bodyLength);
  }
  return close + 1;
}

// ---- Documents ----

struct Range {
  int start;
  int end;
};

struct Split {
  std::vector<Line> lines;
  std::vector<int> indents;
  std::vector<Range> ranges;
};

bool startsWith(const Line& line, const char* prefix) {
  const int size = static_cast<int>(std::strlen(prefix));
  return line.length >= size && std::memcmp(line.text, prefix, size) == 0;
}

/** splitDocuments, for printable ASCII text only. */
bool splitDocuments(const char* text, size_t size, Split& split) {
  // One pass: cut the lines, and decline anything but printable ASCII and newlines.
  split.lines.reserve(size / 24 + 1);
  size_t start = 0;
  for (size_t index = 0; index < size; index++) {
    // Eight characters at a time while all are printable (a newline is not).
    while (index + 8 <= size && hasUnprintable(load8(text + index)) == 0) index += 8;
    if (index >= size) break;
    const unsigned char code = static_cast<unsigned char>(text[index]);
    if (static_cast<unsigned char>(code - 0x20) <= 0x5e) continue;
    if (code != '\n') return false;
    split.lines.push_back({text + start, static_cast<int>(index - start)});
    start = index + 1;
  }
  split.lines.push_back({text + start, static_cast<int>(size - start)});
  const int count = static_cast<int>(split.lines.size());
  split.indents.assign(count, -1);
  int documentStart = 0;
  bool explicitStart = false;
  bool contentSinceStart = false;
  for (int index = 0; index <= count; index++) {
    bool isStart = false;
    bool isEnd = false;
    if (index < count) {
      const Line& line = split.lines[index];
      int indent = 0;
      while (line.at(indent) == ' ') indent++;
      const bool empty = indent == line.length || line.at(indent) == '#';
      split.indents[index] = empty ? -1 : indent;
      const int first = line.at(0);
      if (first == '%') decline();
      if (first == '-' || first == '.') {
        isStart = startsWith(line, "---") && (line.length == 3 || line.at(3) == ' ');
        isEnd = startsWith(line, "...") && (line.length == 3 || line.at(3) == ' ');
      }
      if (!isStart && !isEnd) {
        if (!empty) contentSinceStart = true;
        continue;
      }
      split.indents[index] = -1;
      int rest = 3;
      while (line.at(rest) == ' ') rest++;
      if (rest < line.length && line.at(rest) != '#') decline();
    }
    if (explicitStart || contentSinceStart) split.ranges.push_back({documentStart, index});
    explicitStart = isStart;
    contentSinceStart = false;
    documentStart = index + 1;
  }
  return true;
}

class Reader {
 public:
  Reader(Split& split, Range range, std::string& out) : lines_(split.lines), indents_(split.indents), end_(range.end), position_(range.start), start_(range.start), out_(out) {}

  void document() {
    const int first = nextContent(start_);
    if (first == end_) {
      out_ += "null";
      return;
    }
    position_ = first;
    node(indents_[first], -1);
    if (nextContent(position_) != end_) decline();
  }

 private:
  const std::vector<Line>& lines_;
  std::vector<int>& indents_;
  const int end_;
  int position_;
  const int start_;
  std::string& out_;

  int nextContent(int from) const {
    int index = from;
    while (index < end_ && indents_[index] < 0) index++;
    return index;
  }

  void node(int indent, int parentIndent) {
    const Line& line = lines_[position_];
    if (isItemAt(line, indent)) return sequence(indent);
    if (keyEnd(line, indent) != -1) return mapping(indent);
    position_++;
    inlineValue(line, indent, parentIndent, indent);
  }

  static int keyEnd(const Line& line, int start) {
    const int first = line.at(start);
    if (first == '"' || first == '\'') {
      const int close = quotedEnd(line.text, line.length, start);
      if (close == -1) return -1;
      int after = close + 1;
      while (line.at(after) == ' ') after++;
      return line.at(after) == ':' && (after + 1 == line.length || line.at(after + 1) == ' ') ? after : -1;
    }
    int colon = line.indexOf(':', start);
    while (colon != -1) {
      if (colon + 1 == line.length || line.at(colon + 1) == ' ') return colon;
      colon = line.indexOf(':', colon + 1);
    }
    return -1;
  }

  /** key: appends the JSON string content of the key written from `start` to `end` (the colon). */
  static void appendKey(std::string& out, const Line& line, int start, int end) {
    while (end > start && line.at(end - 1) == ' ') end--;
    const char* text = line.text + start;
    const int length = end - start;
    if (length > 0 && (text[0] == '"' || text[0] == '\'')) {
      appendQuoted(out, text, length, 0, true);
      return;
    }
    const bool comment = Line{text, length}.commentFrom(0) != -1;
    if (length == 0 || equals(text, length, "<<") || isDeclinedStart(static_cast<unsigned char>(text[0])) || comment ||
        (text[0] == '-' && (length == 1 || text[1] == ' '))) {
      decline();
    }
    appendResolvedKey(out, text, length);
  }

  void mapping(int indent) {
    out_ += '{';
    Keys keys;
    bool first = true;
    while (position_ < end_) {
      const Line& line = lines_[position_];
      if (isItemAt(line, indent)) decline();
      const int colon = keyEnd(line, indent);
      if (colon == -1) decline();
      if (!first) out_ += ',';
      first = false;
      out_ += '"';
      const size_t keyStart = out_.size();
      appendKey(out_, line, indent, colon);
      if (!keys.add(out_, keyStart)) decline();
      out_ += "\":";
      int valueStart = colon + 1;
      while (line.at(valueStart) == ' ') valueStart++;
      position_++;
      if (valueStart == line.length || line.at(valueStart) == '#') {
        const int next = nextContent(position_);
        bool written = false;
        if (next < end_) {
          const int nextIndent = indents_[next];
          if (nextIndent > indent || (nextIndent == indent && isItemAt(lines_[next], nextIndent))) {
            position_ = next;
            node(nextIndent, indent);
            written = true;
          }
        }
        if (!written) out_ += "null";
      } else {
        inlineValue(line, valueStart, indent, indent);
      }
      const int next = nextContent(position_);
      if (next == end_) break;
      const int nextIndent = indents_[next];
      if (nextIndent < indent) break;
      if (nextIndent > indent) decline();
      if (isItemAt(lines_[next], nextIndent)) break;
      position_ = next;
    }
    out_ += '}';
  }

  void sequence(int indent) {
    out_ += '[';
    bool first = true;
    while (position_ < end_) {
      const Line& line = lines_[position_];
      if (!isItemAt(line, indent)) break;
      if (!first) out_ += ',';
      first = false;
      int column = indent + 1;
      while (line.at(column) == ' ') column++;
      if (column == line.length || line.at(column) == '#') {
        position_++;
        const int next = nextContent(position_);
        if (next < end_ && indents_[next] > indent) {
          position_ = next;
          node(indents_[next], indent);
        } else {
          out_ += "null";
        }
      } else {
        indents_[position_] = column;
        node(column, indent);
      }
      const int next = nextContent(position_);
      if (next == end_) break;
      const int nextIndent = indents_[next];
      if (nextIndent < indent) break;
      if (nextIndent > indent) decline();
      position_ = next;
    }
    out_ += ']';
  }

  void inlineValue(const Line& line, int start, int parentIndent, int ownIndent) {
    const int code = line.at(start);
    if (code == '|' || code == '>' || code == '"' || code == '\'' || code == '[' || code == '{') {
      return structuredValue(Line{line.text + start, line.length - start}, parentIndent, ownIndent);
    }
    if (isDeclinedStart(code) || (code == '-' && (start + 1 == line.length || line.at(start + 1) == ' '))) decline();
    const int comment = line.commentFrom(start);
    int end = comment == -1 ? line.length : comment;
    while (end > start && line.at(end - 1) == ' ') end--;
    const Line plain{line.text + start, end - start};
    if (plain.colonSpaceFrom(0) != -1 || (plain.length > 0 && plain.at(plain.length - 1) == ':')) decline();
    expectNoContinuation(ownIndent);
    appendResolvedValue(out_, plain.text, plain.length);
  }

  void structuredValue(const Line& text, int parentIndent, int ownIndent) {
    const int first = text.at(0);
    if (first == '|' || first == '>') return blockScalar(text, parentIndent);
    if (first == '"' || first == '\'') {
      out_ += '"';
      const int end = appendQuoted(out_, text.text, text.length, 0, false);
      out_ += '"';
      expectLineEnd(text, end);
      expectNoContinuation(ownIndent);
      return;
    }
    FlowReader flow(text, out_);
    flow.value();
    expectLineEnd(text, flow.position);
  }

  void expectNoContinuation(int indent) const {
    const int next = nextContent(position_);
    if (next < end_ && indents_[next] > indent) decline();
  }

  static void expectLineEnd(const Line& text, int from) {
    int at = from;
    while (text.at(at) == ' ') at++;
    if (at < text.length && !(text.at(at) == '#' && at > from)) decline();
  }

  void blockScalar(const Line& header, int parentIndent) {
    // /^([|>])([-+]?)([1-9]?)([-+]?)\s*(?:#.*)?$/
    int at = 1;
    int firstChomping = 0;
    int lastChomping = 0;
    int explicitIndent = 0;
    if (header.at(at) == '-' || header.at(at) == '+') firstChomping = header.at(at++);
    if (header.at(at) >= '1' && header.at(at) <= '9') explicitIndent = header.at(at++) - '0';
    if (header.at(at) == '-' || header.at(at) == '+') lastChomping = header.at(at++);
    while (header.at(at) == ' ') at++;
    if (at < header.length && header.at(at) != '#') decline();
    if (firstChomping != 0 && lastChomping != 0) decline();
    const bool folded = header.at(0) == '>';
    const int chomping = firstChomping != 0 ? firstChomping : lastChomping;
    int contentIndent = explicitIndent != 0 ? parentIndent + explicitIndent : 0;
    std::vector<Line> collected;
    int index = position_;
    for (; index < end_; index++) {
      const Line& line = lines_[index];
      int indent = 0;
      while (line.at(indent) == ' ') indent++;
      if (indent == line.length) {
        if (contentIndent == 0 && line.length > parentIndent + 1) decline();
        collected.push_back({line.text, 0});
        continue;
      }
      if (contentIndent == 0) {
        if (indent <= parentIndent) break;
        contentIndent = indent;
      }
      if (indent < contentIndent) break;
      collected.push_back({line.text + contentIndent, line.length - contentIndent});
    }
    int trailing = 0;
    while (trailing < static_cast<int>(collected.size()) && collected[collected.size() - 1 - trailing].length == 0) trailing++;
    position_ = index;
    const int bodyLength = static_cast<int>(collected.size()) - trailing;
    std::string text;
    if (folded) {
      for (int line = 0; line < bodyLength; line++) {
        if (collected[line].at(0) == ' ') decline();
      }
      for (int line = 0; line < bodyLength; line++) {
        const Line& current = collected[line];
        if (line == 0) text.append(current.text, current.length);
        else if (current.length == 0) text += '\n';
        else {
          if (collected[line - 1].length != 0) text += ' ';
          text.append(current.text, current.length);
        }
      }
    } else {
      for (int line = 0; line < bodyLength; line++) {
        if (line > 0) text += '\n';
        text.append(collected[line].text, collected[line].length);
      }
    }
    if (bodyLength == 0) text = chomping == '+' ? std::string(trailing, '\n') : std::string();
    else if (chomping == '+') text += std::string(trailing + 1, '\n');
    else if (chomping != '-') text += '\n';
    out_ += '"';
    appendPrintable(out_, text.data(), static_cast<int>(text.size()));
    out_ += '"';
  }

  /** Keys of one mapping, each written last in `out` from a start offset: a few are compared, many hashed. */
  class Keys {
   public:
    /** Takes the key from `start` to the end of `out`; false when the mapping has it already. */
    bool add(const std::string& out, size_t start) {
      const size_t length = out.size() - start;
      if (count_ < kScanned) {
        for (int index = 0; index < count_; index++) {
          if (lengths_[index] == length && std::memcmp(out.data() + starts_[index], out.data() + start, length) == 0) return false;
        }
        starts_[count_] = start;
        lengths_[count_] = length;
        count_++;
        if (count_ == kScanned) {
          for (int index = 0; index < count_; index++) hashed_.emplace(out, starts_[index], lengths_[index]);
        }
        return true;
      }
      return hashed_.emplace(out, start, length).second;
    }

   private:
    static constexpr int kScanned = 16;
    size_t starts_[kScanned];
    size_t lengths_[kScanned];
    int count_ = 0;
    std::unordered_set<std::string> hashed_;
  };

  /** One-line flow collections: `[a, "b", {c: 1}]`. */
  class FlowReader {
   public:
    FlowReader(const Line& text, std::string& out) : text_(text), out_(out) {}
    int position = 0;

    void value() {
      skipSpaces();
      const int character = text_.at(position);
      if (character == '[') return sequence();
      if (character == '{') return mapping();
      if (character == '"' || character == '\'') {
        out_ += '"';
        position = appendQuoted(out_, text_.text, text_.length, position, false);
        out_ += '"';
        return;
      }
      const Line plainText = plain();
      appendResolvedValue(out_, plainText.text, plainText.length);
    }

   private:
    const Line& text_;
    std::string& out_;

    void skipSpaces() {
      while (text_.at(position) == ' ') position++;
    }

    static bool isFlowIndicator(int code) { return code == ',' || code == '[' || code == ']' || code == '{' || code == '}'; }

    Line plain() {
      const int start = position;
      while (position < text_.length && !isFlowIndicator(text_.at(position))) {
        const int next = text_.at(position + 1);
        if (text_.at(position) == ':' && (next == -1 || next == ' ' || next == ',' || next == ']' || next == '}')) break;
        if (text_.at(position) == '#' && text_.at(position - 1) == ' ') decline();
        position++;
      }
      int from = start;
      int to = position;
      while (from < to && text_.at(from) == ' ') from++;
      while (to > from && text_.at(to - 1) == ' ') to--;
      const Line result{text_.text + from, to - from};
      if (result.length == 0 || isDeclinedStart(result.at(0)) || result.indexOf(':', 0) != -1 || (result.at(0) == '-' && result.at(1) == ' ')) decline();
      return result;
    }

    /** At `[` or `{`: writes it; true (with the closing one written too) when the collection is empty. */
    bool opensEmpty(char open, char close) {
      position++;
      out_ += open;
      skipSpaces();
      if (text_.at(position) != close) return false;
      position++;
      out_ += close;
      return true;
    }

    /** After an entry: true when `close` ends the collection (a trailing comma allowed), false when one follows. */
    bool endsAfterEntry(char close) {
      skipSpaces();
      const int character = text_.at(position++);
      if (character == close) return true;
      if (character != ',') decline();
      skipSpaces();
      if (text_.at(position) != close) return false;
      position++;
      return true;
    }

    void sequence() {
      if (opensEmpty('[', ']')) return;
      for (bool first = true;; first = false) {
        if (!first) out_ += ',';
        value();
        if (endsAfterEntry(']')) break;
      }
      out_ += ']';
    }

    void mapping() {
      if (opensEmpty('{', '}')) return;
      Keys keys;
      for (bool first = true;; first = false) {
        skipSpaces();
        const int character = text_.at(position);
        if (!first) out_ += ',';
        out_ += '"';
        const size_t keyStart = out_.size();
        if (character == '"' || character == '\'') {
          position = appendQuoted(out_, text_.text, text_.length, position, true);
        } else {
          const Line plainText = plain();
          appendResolvedKey(out_, plainText.text, plainText.length);
        }
        if (out_.compare(keyStart, std::string::npos, "<<") == 0 || !keys.add(out_, keyStart)) decline();
        skipSpaces();
        if (text_.at(position) != ':') decline();
        position++;
        skipSpaces();
        out_ += "\":";
        const int next = text_.at(position);
        if (next == ',' || next == '}') out_ += "null";
        else value();
        if (endsAfterEntry('}')) break;
      }
      out_ += '}';
    }
  };
};

/**
 * The documents of `text` as JSON, `{"documents":[...],"lines":[...]}`, or false when this reader declines the
 * text. `lines` holds four numbers per document: its first line (0-based), the line after its last, and the
 * offsets in the text where those lines start, so that a finding's position is worked out from that document
 * alone.
 */
bool toJson(const char* text, size_t size, std::string& out) {
  try {
    Split split;
    if (!splitDocuments(text, size, split)) return false;
    out.reserve(size + size / 4);
    out += "{\"documents\":[";
    for (size_t index = 0; index < split.ranges.size(); index++) {
      if (index > 0) out += ',';
      Reader(split, split.ranges[index], out).document();
    }
    out += "],\"lines\":[";
    const auto offsetOf = [&](int line) -> size_t {
      return line < static_cast<int>(split.lines.size()) ? static_cast<size_t>(split.lines[line].text - text) : size;
    };
    for (size_t index = 0; index < split.ranges.size(); index++) {
      const Range& range = split.ranges[index];
      if (index > 0) out += ',';
      out += std::to_string(range.start) + ',' + std::to_string(range.end) + ',' + std::to_string(offsetOf(range.start)) + ',' +
             std::to_string(offsetOf(range.end));
    }
    out += "]}";
    return true;
  } catch (const Decline&) {
    return false;
  }
}

napi_value ToJson(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 1) return undefined;
  size_t length = 0;
  // UTF-8, never Latin-1: Latin-1 would cut characters beyond U+00FF down to bytes that may look like ASCII.
  if (napi_get_value_string_utf8(env, argv[0], nullptr, 0, &length) != napi_ok) return undefined;
  std::string text(length, '\0');
  if (napi_get_value_string_utf8(env, argv[0], text.data(), length + 1, &length) != napi_ok) return undefined;
  std::string json;
  if (!toJson(text.data(), length, json)) return undefined;
  napi_value result;
  if (napi_create_string_latin1(env, json.data(), json.size(), &result) != napi_ok) return undefined;
  return result;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_value function;
  napi_create_function(env, "toJson", NAPI_AUTO_LENGTH, ToJson, nullptr, &function);
  napi_set_named_property(env, exports, "toJson", function);
  return exports;
}
