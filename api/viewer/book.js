// The book page: cover, then one page at a time with its picture, both texts and narration.
// While the book is still being made it follows the story's SSE stream and re-reads the
// result, so pages fill in as the pipeline finishes them.

import { ApiError, api, getKey, media, sse } from "./api.js";
import { PAGE_AUDIO, PAGE_ILLUSTRATIONS } from "./contract.js";
import { keyGate } from "./keyform.js";
import { Narrator, isCancel } from "./narrator.js";
import {
  FINAL,
  QUALITY_LABELS,
  STAGES,
  h,
  langCode,
  partialBadge,
  qualityBadge,
  showImage,
  sleep,
  statusBadge,
  toast,
} from "./ui.js";

const $ = (id) => document.getElementById(id);
const storyId = decodeURIComponent(location.pathname.split("/")[2] ?? "");
const pagesEl = $("pages");
const stripEl = $("strip");
const narrator = new Narrator($("player"));
const BAD = new Set(["failed", "missing"]);

let story = null; // GET /api/stories/{id}, kept current by the SSE stream
let book = null; // GET /api/stories/{id}/result, once the story text exists
let current = Number(/^#page-(\d+)$/.exec(location.hash)?.[1] ?? 0);
let follower = null; // AbortController of the SSE reader
let ask = () => {};
const leaves = new Map(); // index (0 = cover) → {sig, el}
const thumbs = new Map(); // index → {sig, el}

const count = () => book?.pages.length ?? 0;
const pageAt = (i) => book?.pages[i - 1];
const clamp = (i) => Math.max(0, Math.min(count(), i));
const finished = () => FINAL.has(story?.status);

// --- status and progress ---------------------------------------------------------------------

const stageLabel = (stage) => STAGES[stage] ?? stage;

function showStatus() {
  const { status, progress } = story;
  const partial = story.has_partial_failures;
  $("book").dataset.status = status;
  $("book-badges").replaceChildren(...[statusBadge(status), partial ? partialBadge() : null].filter(Boolean));

  const active = !finished();
  $("progress").hidden = !active;
  if (active) {
    const percent = progress?.percent ?? 0;
    const stage = progress?.stage ?? (status === "queued" ? "queued" : "starting");
    $("stage").textContent = stageLabel(stage);
    $("percent").textContent = `${percent}%`;
    const bar = $("progress-bar");
    bar.setAttribute("aria-valuenow", String(percent));
    bar.style.setProperty("--percent", `${percent}%`);
    const assets = progress?.assets ?? {};
    const part = (key, label) => {
      const a = assets[key];
      return a?.total ? `${label} ${a.done + a.failed} of ${a.total}` : null;
    };
    $("progress-detail").textContent = [part(PAGE_AUDIO, "Narration"), part(PAGE_ILLUSTRATIONS, "Pictures")]
      .filter(Boolean)
      .join(" · ");
  }

  const notice = $("notice");
  let text = "";
  if (status === "failed") text = `This book could not be made: ${story.error?.message ?? "the run failed"}.`;
  else if (status === "canceled") text = "This book was canceled before it was finished.";
  else if (status === "completed" && partial)
    text = getKey()
      ? "Some pages are missing a picture or narration. Use “Regenerate” on those pages to try again."
      : "Some pages are missing a picture or narration.";
  notice.textContent = text;
  notice.hidden = !text;
  notice.className = `notice ${status === "completed" ? "notice-warn" : "notice-error"}`;
}

function onStatus(data) {
  story.status = data.status;
  story.progress = data.progress;
  story.has_partial_failures = data.has_partial_failures;
  showStatus();
  scheduleRefresh();
}

/** Follow the SSE stream until the book is final; reconnects with backoff if it drops. */
async function follow() {
  if (follower) return;
  const controller = (follower = new AbortController());
  const { signal } = controller;
  let backoff = 1000;
  try {
    while (!signal.aborted) {
      try {
        for await (const event of sse(`/api/stories/${storyId}/events`, { signal })) {
          if (event.event !== "status") continue;
          backoff = 1000;
          onStatus(event.data);
          if (FINAL.has(event.data.status)) break;
        }
        // The stream ends after the final event; the detail carries the error, if any.
        const latest = await api(`/api/stories/${storyId}`, { signal });
        story = { ...latest, has_partial_failures: latest.result?.has_partial_failures ?? false };
        showStatus();
        await refresh();
        if (finished()) return;
        await sleep(1000, signal); // closed early (a proxy, a restart): reconnect gently
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof ApiError && err.isAuth) return ask(`That key was not accepted (${err.message}).`);
        if (err instanceof ApiError && err.status === 404) return notFound();
        await sleep(backoff, signal).catch(() => {});
        backoff = Math.min(backoff * 2, 15000);
      }
    }
  } finally {
    if (follower === controller) follower = null;
  }
}

// A finished book can change again without this tab doing anything: the quality sensor redoes a
// page, an operator re-runs a step or a backfill in the Dagster UI, another tab regenerates.
// While the tab is shown, look at the story every WATCH_MS and follow it when it moves.
const WATCH_MS = 5000;
let watching = false;

async function watch() {
  if (watching) return;
  watching = true;
  for (;;) {
    await sleep(WATCH_MS);
    if (document.hidden || follower || !story) continue;
    try {
      const latest = await api(`/api/stories/${storyId}`);
      const changed = latest.updated_at !== story.updated_at;
      story = { ...latest, has_partial_failures: latest.result?.has_partial_failures ?? false };
      if (!finished()) {
        showStatus();
        follow();
      } else if (changed) {
        showStatus();
        await refresh();
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return notFound(); // deleted meanwhile
      // A dropped connection or a restart: look again next time; follow() reports errors.
    }
  }
}

// --- reading the result ----------------------------------------------------------------------

let refreshing = null;
let refreshAgain = false;
let refreshTimer = null;

/** Re-read the result and re-render; calls during a read coalesce into one more read. */
function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      refreshAgain = false;
      try {
        book = await api(`/api/stories/${storyId}/result`);
      } catch (err) {
        if (err instanceof ApiError && err.code === "STORY_NOT_READY") book = null;
        else if (err instanceof ApiError && err.isAuth) return ask(`That key was not accepted (${err.message}).`);
        else if (err instanceof ApiError && err.status === 404) return notFound();
        else toast(`Could not load the book: ${err.message}`, "error");
      }
      render();
    } while (refreshAgain);
  })().finally(() => (refreshing = null));
  return refreshing;
}

// Progress events can come several a second; one result read per 400 ms is plenty.
function scheduleRefresh() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    refresh();
  }, 400);
}

// --- rendering -------------------------------------------------------------------------------

function regenButton(kind, page, what) {
  if (!getKey()) return null; // regenerating needs a key; a viewer without one only reads
  const busy = !finished();
  return h(
    "button",
    {
      type: "button",
      class: "btn btn-regen",
      disabled: busy,
      title: busy ? "Available once the book has finished generating" : null,
      "aria-label": `Regenerate the ${what} of ${page ? `page ${page}` : "the cover"}`,
      dataset: { kind, page: String(page) },
      onclick: (event) => regenerate(kind, page, event.currentTarget),
    },
    h("span", { "aria-hidden": "true" }, "↻ "),
    "Regenerate",
  );
}

function failedArt(message, error, kind, page, what) {
  return h(
    "figure",
    { class: "art art-failed", dataset: { failed: "illustration" } },
    h(
      "div",
      { class: "art-message", role: "note" },
      h("span", { class: "art-icon", "aria-hidden": "true" }, "!"),
      h("strong", {}, message),
      error ? h("small", { class: "error-detail" }, error) : null,
      regenButton(kind, page, what),
    ),
  );
}

const pendingArt = (text) =>
  h(
    "figure",
    { class: "art art-pending" },
    h("div", { class: "art-message" }, h("span", { class: "spinner", "aria-hidden": "true" }), text),
  );

// A page re-renders when any of its statuses change (say its narration arrives); reusing the
// picture's element by URL keeps an already shown image from blinking out and back.
const pictures = new Map(); // url → <figure>

function picture(url, alt, cls) {
  let figure = pictures.get(url);
  if (!figure) {
    const img = h("img", { class: `illustration ${cls}`, alt });
    showImage(img, url);
    figure = h("figure", { class: `art ${cls}-art` }, img);
    pictures.set(url, figure);
  }
  return figure;
}

function coverLeaf() {
  const { cover } = book.assets;
  const { meta } = book;
  let art = null;
  if (cover.url) art = picture(cover.url, `Cover of “${meta.title_primary}”`, "cover-img");
  else if (BAD.has(cover.status))
    art = failedArt("The cover could not be painted.", cover.error, "illustrations", 0, "picture");
  else if (cover.enabled) art = pendingArt("Painting the cover…");
  return h(
    "section",
    { class: "leaf cover-leaf", dataset: { page: "0" }, "aria-label": "Cover" },
    art,
    h(
      "div",
      { class: "cover-text" },
      h("h2", { class: "title-primary", lang: langCode(meta.primary_language) }, meta.title_primary),
      h("p", { class: "title-secondary", lang: langCode(meta.secondary_language) }, meta.title_secondary),
      h("p", { class: "byline" }, `by ${meta.author_name}`),
      qualityNote(book.quality?.book, [], 0),
    ),
  );
}

function textBlock(p, role, language) {
  const n = p.page_number;
  const url = p[`audio_${role}_url`];
  const status = p[`audio_${role}_status`];
  const failed = BAD.has(status);
  const label = url ? "Listen" : failed ? "No narration" : "Recording…";
  const play =
    status === "not_requested"
      ? null
      : h(
          "button",
          {
            type: "button",
            class: "btn btn-play",
            disabled: !url,
            "aria-pressed": "false",
            "aria-label": `Play the ${language} narration of page ${n}`,
            dataset: { page: String(n), role },
            onclick: () => toggleClip(n, role),
          },
          h("span", { class: "icon", "aria-hidden": "true" }, "▶"),
          h("span", { class: "label" }, label),
        );
  return h(
    "div",
    { class: `text-block text-${role}` },
    h("div", { class: "text-head" }, h("span", { class: "lang-chip" }, language), play),
    h("p", { class: "story-text", lang: langCode(language) }, p[`text_${role}`]),
    failed
      ? h(
          "div",
          { class: "asset-failed", role: "note", dataset: { failed: `audio_${role}` } },
          h(
            "span",
            {},
            h("strong", {}, `The ${language} narration could not be recorded.`),
            p[`audio_${role}_error`] ? h("small", { class: "error-detail" }, p[`audio_${role}_error`]) : null,
          ),
          regenButton("tts", n, "narration"),
        )
      : null,
  );
}

/** The page's vocabulary as word pairs; each definition is in the pair's tooltip. */
function words(p) {
  if (!p.vocabulary?.length) return null;
  const { meta } = book;
  return h(
    "ul",
    { class: "words", "aria-label": "Words on this page" },
    p.vocabulary.map((v) =>
      h(
        "li",
        { title: `${v.primary_definition}\n${v.secondary_definition}` },
        h("span", { lang: langCode(meta.primary_language) }, v.primary_word),
        h("span", { class: "words-sep", "aria-hidden": "true" }, " · "),
        h("span", { lang: langCode(meta.secondary_language) }, v.secondary_word),
      ),
    ),
  );
}

const REDONE = { illustration: "picture", audio_primary: "narration", audio_secondary: "narration" };

/** Why a page (or the book, n = 0) warns or fails the quality checks, and what they had redone. */
function qualityNote(quality, redone, n) {
  const flagged = quality && (quality.status === "warn" || quality.status === "fail");
  if (!flagged && !redone?.length) return null;
  const where = n ? `page ${n}` : "the book";
  return h(
    "div",
    { class: `quality-note quality-${quality?.status ?? "pass"}`, role: "note", dataset: { quality: quality?.status } },
    flagged ? h("strong", {}, `${QUALITY_LABELS[quality.status]} on ${where}`) : null,
    flagged ? h("ul", { class: "quality-reasons" }, quality.reasons.map((r) => h("li", {}, r))) : null,
    (redone ?? []).map((r) =>
      h(
        "p",
        { class: "quality-redone", dataset: { item: r.item } },
        `The ${REDONE[r.item] ?? r.item} was made again by the quality checks` +
          `${r.attempt > 1 ? ` (attempt ${r.attempt})` : ""}: ${r.reason}`,
      ),
    ),
  );
}

function pageLeaf(p) {
  const n = p.page_number;
  const { meta } = book;
  let art = null;
  if (p.illustration_url) {
    const scene = (p.illustration_scene_prompt || "").trim();
    const alt = scene ? `Illustration for page ${n}: ${scene.slice(0, 240)}` : `Illustration for page ${n}`;
    art = picture(p.illustration_url, alt, "page-img");
  } else if (BAD.has(p.illustration_status)) {
    art = failedArt("This picture could not be painted.", p.illustration_error, "illustrations", n, "picture");
  } else if (p.illustration_status !== "not_requested") {
    art = pendingArt("Painting this page…");
  }
  return h(
    "section",
    { class: `leaf page-leaf${art ? "" : " text-only"}`, dataset: { page: String(n) }, "aria-label": `Page ${n} of ${count()}` },
    art,
    h(
      "div",
      { class: "texts" },
      textBlock(p, "primary", meta.primary_language),
      textBlock(p, "secondary", meta.secondary_language),
      words(p),
      qualityNote(p.quality, p.redone_by_checks, n),
      h("p", { class: "folio", "aria-hidden": "true" }, `${n} / ${count()}`),
    ),
  );
}

function thumb(i) {
  const p = pageAt(i);
  const url = i ? p.illustration_url : book.assets.cover.url;
  const bad = i
    ? BAD.has(p.illustration_status) || BAD.has(p.audio_primary_status) || BAD.has(p.audio_secondary_status)
    : BAD.has(book.assets.cover.status);
  const img = url ? h("img", { alt: "", class: "thumb-img" }) : null;
  if (img) showImage(img, url);
  return h(
    "li",
    {},
    h(
      "button",
      {
        type: "button",
        class: `thumb-btn${bad ? " has-failure" : ""}`,
        "aria-label": `${i ? `Page ${i}` : "Cover"}${bad ? " (something failed)" : ""}`,
        onclick: () => go(i),
      },
      img ?? h("span", { class: "thumb-state", "aria-hidden": "true" }, bad ? "!" : "…"),
      h("span", { class: "thumb-num", "aria-hidden": "true" }, i ? String(i) : "Cover"),
    ),
  );
}

/** Replace `map`'s element for index `i` only when what it shows changed (no image flicker). */
function place(map, parent, i, sig, make) {
  const old = map.get(i);
  if (old?.sig === sig) return;
  const el = make();
  if (old) old.el.replaceWith(el);
  else parent.append(el);
  map.set(i, { sig, el });
}

function render() {
  if (!book) {
    // No story text yet: say what is happening instead of an empty book.
    const child = story?.request?.child_name ?? "";
    $("book-title").textContent = finished() ? "No story" : "A new story is on its way";
    $("book-subtitle").textContent = child ? `for ${child}` : "";
    leaves.clear();
    thumbs.clear();
    stripEl.replaceChildren();
    pagesEl.replaceChildren(
      h(
        "section",
        { class: "leaf leaf-waiting" },
        finished() ? null : h("span", { class: "spinner big", "aria-hidden": "true" }),
        h(
          "p",
          {},
          finished()
            ? "There is nothing to show for this book."
            : story?.status === "queued"
              ? "Waiting for its turn…"
              : "Writing the story…",
        ),
      ),
    );
    current = 0;
    updatePager();
    return;
  }
  pagesEl.querySelector(".leaf-waiting")?.remove();
  const { meta } = book;
  const title = $("book-title");
  title.textContent = meta.title_primary;
  title.lang = langCode(meta.primary_language);
  const subtitle = $("book-subtitle");
  subtitle.textContent = meta.title_secondary;
  subtitle.lang = langCode(meta.secondary_language);
  $("book-meta").textContent =
    `by ${meta.author_name} · for ${story.request.child_name} · ` +
    `${meta.primary_language} + ${meta.secondary_language} · ${meta.page_count} pages`;
  document.title = `${meta.title_primary} · MoreTale`;
  $("quality-badge").replaceChildren(...[qualityBadge(book.quality)].filter(Boolean));

  const regen = `${Boolean(getKey())}:${finished()}`; // regenerate buttons depend on these
  place(leaves, pagesEl, 0, JSON.stringify([meta, book.assets.cover, book.quality?.book, regen]), coverLeaf);
  place(thumbs, stripEl, 0, JSON.stringify(book.assets.cover), () => thumb(0));
  for (const p of book.pages) {
    const n = p.page_number;
    place(leaves, pagesEl, n, JSON.stringify([p, regen, count()]), () => pageLeaf(p));
    place(thumbs, stripEl, n, JSON.stringify(p), () => thumb(n));
  }
  show(current);
  markPlaying();
}

// --- turning pages ---------------------------------------------------------------------------

function updatePager() {
  document.querySelector(".pager").hidden = !book;
  $("read-aloud").disabled = !book;
  $("print-link").hidden = !book;
  $("prev").disabled = current <= 0;
  $("next").disabled = current >= count();
  $("where").textContent = book ? (current ? `Page ${current} of ${count()}` : "Cover") : "";
}

function show(i) {
  current = clamp(i);
  for (const [k, { el }] of leaves) el.hidden = k !== current;
  for (const [k, { el }] of thumbs) {
    const button = el.firstElementChild;
    if (k === current) {
      button.setAttribute("aria-current", "page");
      stripEl.scrollTo({ left: el.offsetLeft - stripEl.clientWidth / 2 + el.clientWidth / 2, behavior: "smooth" });
    } else button.removeAttribute("aria-current");
  }
  updatePager();
  history.replaceState(null, "", current ? `#page-${current}` : location.pathname);
}

function go(i) {
  const target = clamp(i);
  if (target === current || !book) return;
  if (narrator.readingAloud) return startReadAloud(target); // keep reading from there
  narrator.stop();
  show(target);
}

// --- narration -------------------------------------------------------------------------------

const report = (err) => {
  if (!isCancel(err)) toast(err.message, "error");
};

function toggleClip(n, role) {
  const now = narrator.playing;
  if (!narrator.readingAloud && now?.page === n && now.role === role) return narrator.stop();
  narrator.play(pageAt(n), role).catch(report);
}

function startReadAloud(from) {
  narrator.readAloud(from, count(), show, pageAt).catch(report);
}

function togglePlay() {
  if (narrator.busy) return narrator.stop();
  if (!book) return;
  if (current === 0) show(1);
  narrator.playPage(pageAt(current)).catch(report);
}

function markPlaying() {
  const now = narrator.playing;
  for (const button of pagesEl.querySelectorAll(".btn-play")) {
    const on = now?.page === Number(button.dataset.page) && now.role === button.dataset.role;
    button.setAttribute("aria-pressed", String(on));
    button.classList.toggle("playing", on);
    button.querySelector(".icon").textContent = on ? "❚❚" : "▶";
    if (!button.disabled) button.querySelector(".label").textContent = on ? "Pause" : "Listen";
  }
  const reading = $("read-aloud");
  reading.setAttribute("aria-pressed", String(narrator.readingAloud));
  reading.replaceChildren(
    h("span", { "aria-hidden": "true" }, narrator.readingAloud ? "■" : "▶"),
    narrator.readingAloud ? " Stop reading" : " Read aloud",
  );
}

narrator.addEventListener("change", markPlaying);

// --- regenerating ----------------------------------------------------------------------------

async function regenerate(kind, page, button) {
  button.disabled = true;
  // The button sits on a failed page or cover: a repair run (the API's default, force false)
  // redoes what is missing, failed or stale and skips every file that is already fine.
  const body = page ? { pages: [page] } : {};
  try {
    await api(`/api/stories/${storyId}/${kind}`, { method: "POST", body });
  } catch (err) {
    button.disabled = false;
    if (err instanceof ApiError && err.isAuth) return ask(`That key was not accepted (${err.message}).`);
    return toast(`Could not regenerate: ${err.message}`, "error");
  }
  // The new files replace the old ones under the same URLs: drop what the tab holds.
  const p = pageAt(page);
  const urls = page ? [p.illustration_url, p.audio_primary_url, p.audio_secondary_url] : [book.assets.cover.url];
  for (const url of urls) {
    if (!url) continue;
    media.forget(url);
    pictures.delete(url);
  }
  toast(`Regenerating the ${kind === "tts" ? "narration" : "picture"} of ${page ? `page ${page}` : "the cover"}…`);
  narrator.stop();
  story.status = "queued";
  story.progress = null;
  story.has_partial_failures = false;
  showStatus();
  render();
  follow();
}

// --- wiring ----------------------------------------------------------------------------------

function notFound() {
  follower?.abort();
  $("book-title").textContent = "Book not found";
  $("book-subtitle").textContent = "";
  $("book-meta").textContent = "";
  $("progress").hidden = true;
  $("book").dataset.status = "missing";
  pagesEl.replaceChildren(
    h(
      "section",
      { class: "leaf leaf-waiting" },
      h("p", {}, "There is no book with this id (it may have been deleted). "),
      h("a", { class: "btn", href: "/" }, "Back to the library"),
    ),
  );
  stripEl.replaceChildren();
  leaves.clear();
  thumbs.clear();
  updatePager();
}

async function start() {
  $("book").hidden = false;
  $("print-link").href = `/books/${encodeURIComponent(storyId)}/print`;
  follower?.abort();
  try {
    const detail = await api(`/api/stories/${storyId}`);
    story = { ...detail, has_partial_failures: detail.result?.has_partial_failures ?? false };
  } catch (err) {
    if (err instanceof ApiError && err.isAuth) return ask(`That key was not accepted (${err.message}).`);
    if (err instanceof ApiError && (err.status === 404 || err.status === 422)) return notFound();
    return toast(`Could not load the book: ${err.message}`, "error");
  }
  showStatus();
  await refresh();
  if (!finished()) follow();
  watch();
}

$("prev").addEventListener("click", () => go(current - 1));
$("next").addEventListener("click", () => go(current + 1));
$("read-aloud").addEventListener("click", () => {
  if (narrator.readingAloud) narrator.stop();
  else if (book) startReadAloud(current >= count() ? 0 : current);
});

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (!book || event.target.closest?.("input, select, textarea, [contenteditable]")) return;
  const keys = {
    ArrowRight: () => go(current + 1),
    PageDown: () => go(current + 1),
    ArrowLeft: () => go(current - 1),
    PageUp: () => go(current - 1),
    Home: () => go(0),
    End: () => go(count()),
  };
  if (keys[event.key]) {
    event.preventDefault();
    keys[event.key]();
  } else if (event.key === " " && !event.target.closest?.("button, a, summary")) {
    // Space on a focused button still presses that button, as keyboard users expect.
    event.preventDefault();
    togglePlay();
  }
});

// Swipe to turn pages on touch screens.
let swipeX = null;
pagesEl.addEventListener("pointerdown", (event) => {
  if (event.pointerType !== "mouse") swipeX = event.clientX;
});
pagesEl.addEventListener("pointerup", (event) => {
  if (swipeX === null) return;
  const dx = event.clientX - swipeX;
  swipeX = null;
  if (Math.abs(dx) > 60) go(current + (dx < 0 ? 1 : -1));
});

window.addEventListener("moretale:key", () => {
  if (document.body.classList.contains("needs-key")) {
    follower?.abort();
    narrator.stop();
    $("book").hidden = true;
  }
});
ask = keyGate($("gate"), $("key-bar"), start);
