// Small DOM helpers shared by the library, book and print pages.

import { media } from "./api.js";
import { COVER_ILLUSTRATION, PAGE_AUDIO, PAGE_ILLUSTRATIONS, STORY } from "./contract.js";

/** Build an element. Children that are strings become text nodes (never parsed as HTML). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  el.append(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return el;
}

// The pipeline's language allowlist (moretale_assets/lib/languages.py): display name → BCP 47.
export const LANGUAGES = {
  Korean: "ko",
  English: "en",
  Japanese: "ja",
  Chinese: "zh",
  Spanish: "es",
  Vietnamese: "vi",
  French: "fr",
  German: "de",
};

/** The `lang` attribute for a language name, so CJK text picks the bundled font. */
export const langCode = (name) => LANGUAGES[name] ?? "";

export const STATUS_LABELS = {
  queued: "Queued",
  running: "Generating",
  completed: "Ready",
  failed: "Failed",
  canceled: "Canceled",
};

export const FINAL = new Set(["completed", "failed", "canceled"]);

export function statusBadge(status) {
  return h("span", { class: `badge badge-${status}`, dataset: { status } }, STATUS_LABELS[status] ?? status);
}

export function partialBadge() {
  return h(
    "span",
    { class: "badge badge-partial", title: "Some pages have a missing illustration or narration" },
    "Some pages failed",
  );
}

// The quality checks' verdict on a book or a page (the result's `quality`).
export const QUALITY_LABELS = {
  pass: "Checks passed",
  warn: "Checks: warnings",
  fail: "Checks failed",
};

/** The book's quality badge: its verdict and score; the checks' names and results as a tooltip. */
export function qualityBadge(quality) {
  if (!quality || quality.status === "unchecked") return null;
  const score = quality.score == null ? "" : ` · ${Math.round(quality.score * 100)}%`;
  const title = quality.checks.map((c) => `${c.name}: ${c.status} (${Math.round(c.score * 100)}%)`).join("\n");
  return h(
    "span",
    { class: `badge badge-quality quality-${quality.status}`, dataset: { quality: quality.status }, title },
    `${QUALITY_LABELS[quality.status]}${score}`,
  );
}

// What each pipeline stage means to a reader watching a book being made.
export const STAGES = {
  queued: "Waiting for its turn",
  starting: "Getting ready",
  [STORY]: "Writing the story",
  [PAGE_AUDIO]: "Recording the narration",
  [COVER_ILLUSTRATION]: "Painting the cover",
  [PAGE_ILLUSTRATIONS]: "Painting the pages",
  finishing: "Finishing up",
  done: "Finished",
  failure: "Stopped with an error",
  canceled: "Canceled",
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
export const formatDate = (iso) => dateFormat.format(new Date(iso));

/** A short message in the page's polite live region. */
export function toast(message, kind = "info") {
  let region = document.getElementById("toasts");
  if (!region) {
    region = h("div", { id: "toasts", class: "toasts", role: "status", "aria-live": "polite" });
    document.body.append(region);
  }
  const item = h("div", { class: `toast toast-${kind}` }, message);
  region.append(item);
  setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
}

/** Show a book image: fetched with the key, then shown as an object URL. */
export async function showImage(img, url) {
  try {
    img.src = await media.get(url);
    await img.decode();
    img.dataset.loaded = "true";
  } catch {
    img.dataset.loaded = "false";
    img.closest("figure")?.classList.add("broken");
  }
}

/** Resolve after `ms`, or reject at once when `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
