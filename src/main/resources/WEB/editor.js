// The script editor: a plain textarea with its text drawn again, coloured, in a layer behind it, and a gutter of line
// numbers beside it. Everything is built with textContent and elements, never parsed as HTML.

const KEYWORDS = new Set(('BEGIN END BEGINFILE ENDFILE function func if else while for do break continue next '
  + 'nextfile exit return delete in getline print printf').split(' '));
const BUILTINS = new Set(('length substr index split sub gsub match sprintf sin cos atan2 exp log sqrt int rand '
  + 'srand tolower toupper system close fflush').split(' '));
const VARIABLES = new Set(('NR NF FS OFS ORS RS FILENAME FNR SUBSEP RSTART RLENGTH CONVFMT OFMT ENVIRON ARGC ARGV')
  .split(' '));

// Tried in this order at each position; a regular expression only where an operand may start (see below).
const PATTERNS = [
  ['comment', /#.*/y],
  ['string', /"(?:[^"\\]|\\.)*"?/y],
  ['regex', /\/(?:[^/\\[]|\\.|\[(?:\\.|[^\]\\])*\]?)*\/?/y],
  ['field', /\$(?:\d+|[A-Za-z_]\w*)?/y],
  ['number', /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y],
  ['word', /[A-Za-z_]\w*/y],
  ['space', /\s+/y],
  ['other', /[^\s"#$\w/]+|\//y],
];

/**
 * Splits one line of AWK into tokens: {kind, text}, kinds being comment, string, regex, field, number, keyword,
 * builtin, variable, name, space and other. A slash starts a regular expression unless it follows an operand (a name,
 * a number, a string, a field, or a closing bracket), where it divides.
 */
export function tokens(line) {
  const found = [];
  let position = 0;
  let afterOperand = false;
  while (position < line.length) {
    for (const [kind, pattern] of PATTERNS) {
      if (kind === 'regex' && afterOperand) continue;
      pattern.lastIndex = position;
      const match = pattern.exec(line);
      if (!match || !match[0]) continue;
      const text = match[0];
      let named = kind;
      if (kind === 'word') {
        named = KEYWORDS.has(text) ? 'keyword' : BUILTINS.has(text) ? 'builtin'
          : VARIABLES.has(text) ? 'variable' : 'name';
      }
      found.push({ kind: named, text });
      if (kind !== 'space' && kind !== 'comment') {
        // After a keyword such as print or in comes an operand, so a slash there starts a regular expression.
        afterOperand = ['string', 'regex', 'field', 'number', 'variable', 'name', 'builtin'].includes(named)
          || (named === 'other' && /[)\]]$/.test(text));
      }
      position += text.length;
      break;
    }
  }
  return found;
}

/**
 * Wires a textarea to its highlight layer and gutter.
 * @returns {{refresh: function(): void, markLine: function(?number): void}}
 */
export function attachEditor(area, highlight, gutter) {
  let marked = null;

  function refresh() {
    const lines = area.value.split('\n');
    const drawn = [];
    const numbers = [];
    lines.forEach((line, index) => {
      const number = index + 1;
      const row = document.createElement('span');
      row.className = number === marked ? 'line error-line' : 'line';
      for (const token of tokens(line)) {
        if (token.kind === 'space' || token.kind === 'other' || token.kind === 'name') {
          row.append(token.text);
        } else {
          const span = document.createElement('span');
          span.className = `tok-${token.kind}`;
          span.textContent = token.text;
          row.append(span);
        }
      }
      drawn.push(row, '\n');
      const label = document.createElement('span');
      label.textContent = String(number);
      if (number === marked) {
        label.className = 'error-line';
        label.title = 'The error is on this line';
      }
      numbers.push(label, '\n');
    });
    highlight.replaceChildren(...drawn);
    gutter.replaceChildren(...numbers);
    follow();
  }

  /** The layers scroll with the textarea. */
  function follow() {
    highlight.scrollTop = area.scrollTop;
    highlight.scrollLeft = area.scrollLeft;
    gutter.scrollTop = area.scrollTop;
  }

  function markLine(number) {
    marked = Number.isInteger(number) ? number : null;
    refresh();
  }

  area.addEventListener('input', refresh);
  area.addEventListener('scroll', follow);
  // A resized textarea keeps its layers the same height; the layers are sized by CSS, only scrolling needs help.
  new ResizeObserver(follow).observe(area);
  refresh();
  return { refresh, markLine };
}
