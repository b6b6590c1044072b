// The AWK playground page: runs scripts through POST /api/v1/run and shows the result.
// Everything the service sends back is put on the page with textContent, never as HTML.

import { attachEditor } from './editor.js';

const EXAMPLES = [
  {
    group: 'Everyday AWK', name: 'Sum a column',
    script: '# Add up the second column\n{ total += $2 }\nEND { print "total:", total }\n',
    input: 'apples 3\npears 5\nplums 7\n',
  },
  {
    group: 'Everyday AWK', name: 'Count lines, words and characters',
    script: '{ words += NF; chars += length($0) + 1 }\n'
      + 'END { print NR, "lines,", words, "words,", chars, "characters" }\n',
    input: 'the quick brown fox\njumps over\nthe lazy dog\n',
  },
  {
    group: 'Everyday AWK', name: 'Reformat CSV', fs: ',',
    script: '# The field separator is a comma; the first line names the columns\n'
      + 'NR == 1 { printf "%-6s %3s  %s\\n", "NAME", "AGE", "CITY"; next }\n'
      + '{ printf "%-6s %3d  %s\\n", $1, $3, $2 }\n',
    input: 'name,city,age\nAda,London,36\nGrace,New York,85\nLinus,Helsinki,28\n',
  },
  {
    group: 'Everyday AWK', name: 'Top n with an array', vars: 'n=2',
    script: '# The n busiest clients (n is set under Variables)\n{ hits[$1]++ }\nEND {\n'
      + '\tfor (i = 1; i <= n; i++) {\n\t\tbest = ""\n\t\tfor (ip in hits)\n'
      + '\t\t\tif (best == "" || hits[ip] > hits[best])\n\t\t\t\tbest = ip\n'
      + '\t\tif (best == "")\n\t\t\tbreak\n\t\tprint hits[best], best\n\t\tdelete hits[best]\n\t}\n}\n',
    input: '10.0.0.1 GET /\n10.0.0.2 GET /about\n10.0.0.1 GET /api\n'
      + '10.0.0.3 GET /\n10.0.0.1 POST /api\n10.0.0.2 GET /\n',
  },
  {
    group: 'The exploit (vulnerable mode)', name: 'Run a command: system("id")',
    script: 'BEGIN { system("id") }\n',
  },
  {
    group: 'The exploit (vulnerable mode)', name: 'Read /etc/passwd',
    script: 'BEGIN {\n\twhile ((getline line < "/etc/passwd") > 0)\n\t\tprint line\n}\n',
  },
  {
    // A name of its own, removed at the end: run on a laptop as root, it leaves nothing behind.
    group: 'The exploit (vulnerable mode)', name: 'Write a file to /',
    script: '# Writes a file of its own to /, reads it back, then removes it\nBEGIN {\n'
      + '\tsrand(); f = "/awk-playground-" int(rand() * 1000000000)\n'
      + '\tprint "written by AWK" > f\n\tclose(f)\n\tgetline line < f\n\tprint f " says: " line\n'
      + '\tsystem("rm -f " f)\n}\n',
  },
  {
    // Names only: on a laptop the values would put the host's own secrets on the screen.
    group: 'The exploit (vulnerable mode)', name: 'Print the environment (ENVIRON)',
    script: '# The names of the service\'s environment variables; values are left out\n'
      + '# here (ENVIRON["HOME"] reads one)\nBEGIN {\n\tfor (name in ENVIRON) {\n\t\tn++\n\t\tprint name\n\t}\n'
      + '\tprint n + 0 " variables in ENVIRON"\n}\n',
  },
];

const STORAGE_KEY = 'awk-playground';
const $ = (id) => document.getElementById(id);
const fields = { script: $('script'), input: $('input'), fs: $('fs'), vars: $('vars') };
const editor = attachEditor(fields.script, $('script-highlight'), $('script-lines'));

// ---- The state of the editor: local storage and the URL fragment ----

function currentState() {
  return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.value]));
}

function showState(state) {
  for (const [name, field] of Object.entries(fields)) {
    field.value = state[name] ?? '';
  }
  editor.refresh();
  clearResult();
  nameExample();
  stateChanged();
}

/** The picker names the example on screen, and nothing once the script or its input was edited. */
function nameExample() {
  const state = currentState();
  const index = EXAMPLES.findIndex((example) => Object.keys(fields)
    .every((name) => (example[name] ?? '') === state[name]));
  $('examples').value = index < 0 ? '' : String(index);
}

/** What the result pane shows belongs to another script: it goes. */
function clearResult() {
  $('status').textContent = '';
  $('output').textContent = '';
  $('stderr').textContent = '';
  $('stderr-box').hidden = true;
  $('problem').hidden = true;
  markStale(null);
  editor.markLine(null);
}

/** Marks the result on screen as an earlier one (with why), or as current (null). */
function markStale(why) {
  $('result').classList.toggle('stale', why !== null);
  $('stale-note').textContent = why ?? '';
  $('stale-note').hidden = why === null;
}

function stateChanged() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(currentState()));
  } catch {
    // Storage may be full or switched off; the page works without it.
  }
  const shared = new URLSearchParams();
  for (const [name, value] of Object.entries(currentState())) {
    if (value) shared.set(name, value);
  }
  $('share').href = '#' + shared;
  // Once the address has a fragment it follows the editor, so a reload does not bring back an older script.
  if (location.hash) history.replaceState(null, '', $('share').href);
}

function stateFromFragment() {
  const shared = new URLSearchParams(location.hash.slice(1));
  return shared.has('script') ? Object.fromEntries(shared) : null;
}

function storedState() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

// ---- The mode badge and limits, from GET /api/v1/info ----

function size(bytes) {
  if (bytes % 1048576 === 0) return `${bytes / 1048576} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

const MODE_NOTES = {
  vulnerable: 'AWK may run commands and read and write files here.',
  sandboxed: 'Commands, pipes and file access are refused; ENVIRON is empty.',
};

async function showInfo() {
  try {
    const response = await fetch('api/v1/info');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const info = await response.json();
    const limits = info.limits;
    $('mode').textContent = info.mode;
    $('mode').classList.add(info.mode);
    $('mode-note').textContent = MODE_NOTES[info.mode] ?? '';
    $('limits').textContent = `Limits: script ${size(limits.scriptBytes)}, input ${size(limits.inputBytes)}, `
      + `output ${size(limits.outputBytes)}, memory ${size(limits.memoryBytes)}, `
      + `time ${limits.timeMillis / 1000} s, ${limits.concurrentRuns} runs at once.`;
    $('engine').textContent = `Engine: ${info.engine}.`;
  } catch (error) {
    $('limits').textContent = `Could not read the mode and limits: ${error.message}`;
  }
}

// ---- Running a script ----

function variables() {
  const result = {};
  for (const line of fields.vars.value.split('\n')) {
    if (!line.trim()) continue;
    const equals = line.indexOf('=');
    if (equals < 1) throw new Error(`"${line}" is not name=value`);
    result[line.slice(0, equals).trim()] = line.slice(equals + 1);
  }
  return result;
}

let running = null;

async function run() {
  if (running) return;
  let request;
  try {
    request = { script: fields.script.value, input: fields.input.value, variables: variables() };
  } catch (error) {
    showProblem('The variables are not valid', error.message);
    return;
  }
  if (fields.fs.value) request.fieldSeparator = fields.fs.value;

  const controller = new AbortController();
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const ticker = setInterval(() => { $('status').textContent = `Running… ${elapsed()}`; }, 100);
  running = controller;
  $('run').disabled = true;
  $('cancel').hidden = false;
  $('status').textContent = `Running… ${elapsed()}`;
  $('problem').hidden = true;
  editor.markLine(null);
  if ($('output').textContent || !$('stderr-box').hidden) {
    markStale('Below: the previous run\'s output, until this run ends.');
  }
  try {
    const response = await fetch('api/v1/run', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
      signal: controller.signal,
    });
    const body = await response.text();
    if (response.ok) {
      showResult(JSON.parse(body));
    } else {
      showHttpProblem(response, body);
    }
    // On a small screen the result is below the editors: bring it up if none of it is in sight.
    if ($('result').getBoundingClientRect().top > innerHeight - 40) $('result').scrollIntoView();
  } catch (error) {
    if (error.name === 'AbortError') {
      showCancelled(elapsed());
    } else {
      showProblem('The service did not answer', error.message);
    }
  } finally {
    clearInterval(ticker);
    running = null;
    $('run').disabled = false;
    $('cancel').hidden = true;
  }
}

/** Cancel closes the request's connection, which stops the run on the server and frees its slot. */
function cancel() {
  running?.abort();
}

function showCancelled(after) {
  $('status').textContent = `Cancelled after ${after}: the run was stopped on the server.`;
  $('output').textContent = '';
  $('stderr-box').hidden = true;
  markStale(null);
}

function showResult(result) {
  markStale(null);
  $('status').textContent = `${result.outcome}, exit code ${result.exitCode}, ${result.durationMillis} ms`;
  $('output').textContent = result.output;
  $('stderr').textContent = result.stderr;
  $('stderr-box').hidden = !result.stderr;
  if (result.error) {
    const titles = { error: 'The script failed', timeout: 'The script ran too long' };
    showProblem(titles[result.outcome] ?? 'The script was stopped', result.error, result.errorLine, 'near line');
  } else {
    $('problem').hidden = true;
  }
}

function showHttpProblem(response, body) {
  let problem = {};
  try {
    problem = JSON.parse(body);
  } catch {
    // Not a problem document (a proxy's error page, say): the status says enough.
  }
  markStale(null);
  $('status').textContent = `Not run (HTTP ${response.status})`;
  $('output').textContent = '';
  $('stderr-box').hidden = true;
  showProblem(problem.title ?? `HTTP ${response.status} ${response.statusText}`, problem.detail ?? '',
    problem.line, 'line');
}

function showProblem(title, detail, line, linePrefix) {
  const box = $('problem');
  const heading = document.createElement('strong');
  heading.textContent = title;
  box.replaceChildren(heading, detail ? ': ' : '');
  if (Number.isInteger(line)) {
    const goTo = document.createElement('button');
    goTo.type = 'button';
    goTo.className = 'line';
    goTo.textContent = `${linePrefix} ${line}`;
    goTo.title = 'Select that line in the script';
    goTo.addEventListener('click', () => selectLine(line));
    box.append(goTo, ' ');
    editor.markLine(line);
    // A syntax error's detail starts with "line N: ", which the button already says.
    if (detail.startsWith(`line ${line}: `)) detail = detail.slice(`line ${line}: `.length);
  }
  const text = document.createElement('span');
  text.textContent = detail;
  box.append(text);
  box.hidden = false;
}

function selectLine(number) {
  const lines = fields.script.value.split('\n');
  const index = Math.min(Math.max(number, 1), lines.length) - 1;
  const start = lines.slice(0, index).reduce((sum, line) => sum + line.length + 1, 0);
  fields.script.focus();
  fields.script.setSelectionRange(start, start + lines[index].length);
}

// ---- Copy as curl: the same run from a shell ----

/** One shell word: inside single quotes nothing is special but the quote itself, written '\''. */
function shellQuote(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * POST /test with --form-string, which sends each value as it is (curl -F would read a ';' as the start of an
 * option, and a leading '@' or '<' as a file name). The form has no -F or -v: with them, the JSON API.
 */
function curlCommand() {
  const state = currentState();
  if (!state.fs && !state.vars.trim()) {
    return `curl -sS --form-string ${shellQuote(`text=${state.input}`)} `
      + `--form-string ${shellQuote(`awkScript=${state.script}`)} ${shellQuote(new URL('test', location.href).href)}`;
  }
  const request = { script: state.script, input: state.input, variables: variables() };
  if (state.fs) request.fieldSeparator = state.fs;
  return `curl -sS -H 'Content-Type: application/json' --data-binary ${shellQuote(JSON.stringify(request))} `
    + shellQuote(new URL('api/v1/run', location.href).href);
}

function copyAsCurl() {
  let command;
  try {
    command = curlCommand();
  } catch (error) {
    showProblem('The variables are not valid', error.message);
    return;
  }
  $('curl-command').textContent = command;
  $('curl-box').hidden = false;
  $('status').textContent = 'The curl command is below the editors.';
  navigator.clipboard?.writeText(command).then(
    () => { $('status').textContent = 'curl command copied to the clipboard (and shown below the editors).'; },
    () => {});
}

// ---- Keyboard: Tab in the editors, Ctrl/Cmd+Enter anywhere ----

function tabInsertsTab(area) {
  let leaving = false;
  area.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      leaving = true;
      return;
    }
    const plainTab = event.key === 'Tab' && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey;
    if (plainTab && !leaving) {
      event.preventDefault();
      // insertText keeps the browser's undo history; setRangeText is the fallback.
      if (!document.execCommand('insertText', false, '\t')) {
        area.setRangeText('\t', area.selectionStart, area.selectionEnd, 'end');
        area.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }
    leaving = false;
  });
}

// ---- Wiring ----

for (const [index, example] of EXAMPLES.entries()) {
  const label = `optgroup[label="${example.group}"]`;
  let group = $('examples').querySelector(label);
  if (!group) {
    group = document.createElement('optgroup');
    group.label = example.group;
    $('examples').append(group);
  }
  group.append(new Option(example.name, String(index)));
}

// Picking an example loads it; the keyboard user moving through the list with the arrows loads each in turn.
$('examples').addEventListener('change', () => {
  const example = EXAMPLES[$('examples').value];
  if (example) showState(example);
});

$('run-form').addEventListener('submit', (event) => {
  event.preventDefault();
  run();
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  } else if (event.key === 'Escape' && running) {
    cancel();
  }
});

$('cancel').addEventListener('click', cancel);

// On a Mac the shortcut is Cmd+Enter; on a touch screen there is no keyboard to press it on (style.css hides it).
if ([navigator.userAgentData?.platform, navigator.platform].some((name) => /Mac|iPhone|iPad/.test(name ?? ''))) {
  $('run-modifier').textContent = 'Cmd';
}

$('run-form').addEventListener('input', (event) => {
  if (event.target !== $('examples')) {
    nameExample();
    if ($('status').textContent && !running) {
      markStale('The script or its input changed since this run: run again to update.');
    }
  }
  stateChanged();
});
tabInsertsTab(fields.script);
tabInsertsTab(fields.input);

$('share').addEventListener('click', () => {
  // Following the link puts the fragment in the address bar; copying it as well saves a step.
  $('status').textContent = 'The link is in the address bar.';
  navigator.clipboard?.writeText($('share').href).then(
    () => { $('status').textContent = 'Link copied to the clipboard.'; },
    () => {});
});

$('copy-curl').addEventListener('click', copyAsCurl);

window.addEventListener('hashchange', () => {
  const shared = stateFromFragment();
  if (shared) showState(shared);
});

showState(stateFromFragment() ?? storedState() ?? EXAMPLES[0]);
showInfo();
