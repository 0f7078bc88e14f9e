// The wasm's later part: appended to wasm-bindgen's glue by scripts/split-wasm.js, which
// writes the glue into index.html.
//
// The release build ships its wasm in two parts. The first holds every function the lab
// calls until its first frame is drawn (scripts/split-wasm.js lists the starts it
// covers); the later part holds the rest. In the first part each function of the later
// part is a placeholder in its slot of the function table; instantiating the later part
// puts the real functions in their slots.
//
// - On the lab, the later part is fetched and compiled once the first frame is drawn, and
//   what the lab makes after that frame (the panels below the fold) waits for it: the
//   promise `netlabLaterPart`, read by src/lab/after_paint.rs. A learner's gesture that
//   comes before it (a click in the first instant) waits for it, with every event after
//   it, and is handed on to the app once it is in (below). If a placeholder is called
//   before it is in all the same, the later part is read there and then, synchronously,
//   and the call goes on to its function.
// - On any other page (the course, a lesson, a quiz, a lab opened from a lesson step, a
//   share link or an autosave), both parts are fetched together and the app starts once
//   the later part is in.
//
// split-wasm.js replaces the two constants below with the later part's path (from the
// site's root, as Trunk names the first part) and its integrity hash.

const LATER_URL = new URL('__LATER_FILE__', import.meta.url);
const LATER_INTEGRITY = '__LATER_INTEGRITY__';

// Whether this page waits for the later part before it starts: every page but the lab
// that the first part covers (split-wasm.js profiles its starts), the default lab drawn
// from the build's picture, opened neither from a lesson step nor from a share link nor
// from an autosave, whose steps may need any operation's code (src/route.rs,
// src/lab/share.rs and src/session.rs read the same location and key; the autosave holds
// nothing while the lab is the default scenario untouched).
const AUTOSAVE_KEY = 'ec2-netlab.lab.v1';
const LATER_FIRST = (() => {
  const [page, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query);
  let saved = false;
  try {
    saved = localStorage.getItem(AUTOSAVE_KEY) !== null;
  } catch {
    // No storage: the lab opens on the default scenario.
  }
  const covered = (page === '' || page === 'lab') && !params.has('lesson') && !params.get('s') && !saved;
  return !covered;
})();

let laterModule;
let laterFetch;
let laterInstantiated = false;
// On the lab: resolves once the later part is in, whichever way it came (or once its
// fetch has failed: what waits then reaches a placeholder, which tries again or says
// that it cannot).
let laterIn = () => {};
if (!LATER_FIRST) globalThis.netlabLaterPart = new Promise((resolve) => { laterIn = resolve; });

// Fetches and compiles the later part: streamed when the server names it as wasm.
async function compileLater() {
  const response = await fetch(LATER_URL, { integrity: LATER_INTEGRITY });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText} for ${LATER_URL.pathname}`);
  const type = response.headers.get('Content-Type') || '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// Starts fetching and compiling the later part, at most once at a time.
function fetchLater() {
  laterFetch ??= compileLater()
    .then((module) => { laterModule ??= module; })
    .catch((error) => { laterFetch = undefined; console.warn('the lab could not load the rest of its code yet:', error); });
}

// Puts an alert at the top of the page: a `role="alert"` paragraph with `className` (beside
// `alert`), the test hook `testid` and `text`.
function showAlert(className, testid, text) {
  const alert = document.createElement('p');
  alert.className = `alert ${className}`;
  alert.setAttribute('role', 'alert');
  alert.dataset.testid = testid;
  alert.textContent = text;
  document.body.prepend(alert);
}

// Says on the page that the rest of the code could not be loaded, and throws. The call
// that needed it cannot go on, and the app is left mid-step: only a reload mends it (the
// lab's autosave and the course's progress hold what was done before that step).
function laterFailed(why) {
  const message = `The lab could not load the rest of its code (${why}). Reload the page to try again: `
    + 'what you did before this is saved.';
  if (!document.querySelector('.split-alert')) showAlert('split-alert', 'split-alert', message);
  throw new Error(message);
}

// The later part's bytes, read now: a placeholder was called before it arrived. (A
// synchronous request cannot check an integrity hash; the file is the page's own, named by
// its digest.)
function readLaterNow() {
  const request = new XMLHttpRequest();
  request.open('GET', LATER_URL, false);
  request.overrideMimeType('text/plain; charset=x-user-defined');
  try {
    request.send();
  } catch (error) {
    laterFailed(`${error.message || error}`);
  }
  if (request.status !== 200) laterFailed(`${request.status} ${request.statusText} for ${LATER_URL.pathname}`);
  const text = request.responseText;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

function instantiateLater(exports) {
  if (laterInstantiated) return;
  laterModule ??= new WebAssembly.Module(readLaterNow());
  new WebAssembly.Instance(laterModule, { primary: exports });
  laterInstantiated = true;
  laterSettled();
}

// The later part is in, or its fetch has failed: what waits for it goes on, and so do the
// gestures held meanwhile (below), after the code running now (this may be a
// placeholder's call, in the middle of the app's code). Without the later part, what
// reaches a placeholder then tries to read it again, or says that it cannot.
function laterSettled() {
  laterIn();
  queueMicrotask(handOnHeld);
}

// --- A learner's gestures before the later part is in (the lab only) ---
//
// What a learner does before acting (moving the pointer, Tab, scrolling, a resize) runs on
// the first part: split-wasm.js profiles it. A gesture that acts runs the model, which is
// in the later part: read there and then, synchronously, it would freeze the page until
// the later part had downloaded (seconds on a slow connection). So from the first such
// gesture until the later part is in, the lab holds every event of the kinds below, in
// order, says that it is waiting, and then hands them on to the app as they came. Only the
// browser's own events are held (`isTrusted`): those handed on pass, and so does whatever
// a page dispatches itself, which, if it reaches a placeholder, reads the later part
// synchronously as before. What the browser does by default with a held event still
// happens in its place in the order (a button's click after Enter, the focus moving),
// except a click's, which the click handed on does (a link followed, a box ticked), so
// that a link to another page does not open it before the code it needs is in; a form's
// submission, which the app's own handler of the submit handed on does; and what the keys
// of a keyboard move would do on an interface (scroll the page, move the focus away),
// which the move keeps them from doing (src/lab/drag.rs).
const HELD_KINDS = ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'click', 'dblclick', 'keydown', 'input', 'change', 'submit'];
// Keys that only move the focus or the page (or are half of a chord), and pointer events
// other than a press: they act only after something held, so they wait only then.
const BROWSING_KEYS = new Set(['Tab', 'Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End']);
const BROWSING_POINTER = new Set(['pointermove', 'pointerup', 'pointercancel']);
// A drawn network interface (src/lab/diagram.rs).
const INTERFACE = '[data-eni-id]';
// The keys of a keyboard move: pick up and drop, choose the target, cancel.
const MOVE_KEYS = new Set(['Enter', ' ', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Tab', 'Escape']);
// Copied into an event handed on, where the held event has them.
const EVENT_FIELDS = ['bubbles', 'cancelable', 'composed', 'detail', 'view', 'key', 'code', 'location', 'repeat', 'isComposing',
  'ctrlKey', 'shiftKey', 'altKey', 'metaKey', 'clientX', 'clientY', 'screenX', 'screenY', 'button', 'buttons', 'relatedTarget',
  'pointerId', 'pointerType', 'isPrimary', 'width', 'height', 'pressure', 'tiltX', 'tiltY', 'twist', 'inputType', 'data', 'submitter'];
const held = [];
// The timer that shows the note saying that the lab waits, and the note once shown.
let waitingTimer;
let waitingNote;

function hold(event) {
  if (laterInstantiated || !event.isTrusted) return;
  const browsing = event.type === 'keydown' ? BROWSING_KEYS.has(event.key) : BROWSING_POINTER.has(event.type);
  if (!held.length && browsing) return;
  event.stopImmediatePropagation();
  if (event.type === 'click' || event.type === 'submit') event.preventDefault();
  if (event.type === 'keydown' && MOVE_KEYS.has(event.key) && event.target.closest?.(INTERFACE)) event.preventDefault();
  // As the diagram does for a press on an interface (src/lab/diagram.rs): the pointer is
  // captured, so that the rest of a drag comes to the interface.
  if (event.type === 'pointerdown') {
    try {
      event.target.closest(INTERFACE)?.setPointerCapture(event.pointerId);
    } catch {
      // The pointer is gone already: the drag's events come as they come.
    }
  }
  held.push(event);
  // Said only if the wait is long enough to notice.
  waitingTimer ??= setTimeout(() => {
    waitingNote = document.createElement('p');
    waitingNote.className = 'later-wait';
    waitingNote.setAttribute('role', 'status');
    waitingNote.dataset.testid = 'later-wait';
    waitingNote.textContent = 'Loading the rest of the lab: what you just did follows as soon as it is in.';
    document.body.append(waitingNote);
  }, 250);
}

// Hands the held events on to the app, in order, each to the element it was for.
function handOnHeld() {
  for (const kind of HELD_KINDS) removeEventListener(kind, hold, true);
  clearTimeout(waitingTimer);
  waitingNote?.remove();
  for (const event of held.splice(0)) {
    const init = {};
    for (const field of EVENT_FIELDS) if (field in event) init[field] = event[field];
    if (event.target.isConnected) event.target.dispatchEvent(new event.constructor(event.type, init));
  }
}

if (!LATER_FIRST) for (const kind of HELD_KINDS) addEventListener(kind, hold, true);

// The first part's one import for the later part: each placeholder (the function that
// stands in a slot of the later part's functions, written by split-wasm.js) calls it
// before it calls its slot again, which then holds the real function.
function __netlab_later() {
  instantiateLater(wasm);
}

if (LATER_FIRST) fetchLater();

// Called with the first part's exports before the app starts.
async function __netlab_before_start(exports) {
  if (!LATER_FIRST) return;
  await laterFetch;
  instantiateLater(exports);
}

// Called when the app could not start (its first part not loaded, or its start failed):
// the page says why in place of its loading note (index.html), unless the later part's
// alert already has. Only a reload mends it.
function __netlab_start_failed(error) {
  const note = document.getElementById('page-loading');
  if (!document.querySelector('.split-alert')) {
    showAlert('page-loading', 'start-alert', `The lab could not start (${error.message || error}). Reload the page to try again.`);
  }
  note?.remove();
}

// Called once the app's start has returned: on the lab, the later part is fetched after
// the frame that the start has prepared, and instantiated as soon as it is compiled.
function __netlab_started() {
  if (LATER_FIRST) return;
  requestAnimationFrame(() => setTimeout(() => {
    fetchLater();
    laterFetch.then(() => { if (laterModule) instantiateLater(wasm); }).finally(laterSettled);
  }, 0));
}
