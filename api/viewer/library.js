// The library: every book from GET /api/stories/, newest first, searchable, paged by cursor.

import { ApiError, api, media } from "./api.js";
import { keyGate } from "./keyform.js";
import { FINAL, LANGUAGES, formatDate, h, langCode, partialBadge, statusBadge, toast } from "./ui.js";

const FILTERS = ["child_name", "set", "primary_lang", "secondary_lang", "status"];
const POLL_MS = 3000;

const $ = (id) => document.getElementById(id);
const list = $("books");
const more = $("more");
const summary = $("summary");
const form = $("search");

const url = new URL(location.href);
// ?limit= lets a small library still show paging (and tests exercise it); the API caps it.
const pageSize = Math.min(100, Math.max(1, Number(url.searchParams.get("limit")) || 12));

let cursor = null;
let shown = 0;
let loading = null; // AbortController of the request in flight
let ask = () => {};

for (const name of Object.keys(LANGUAGES)) {
  $("q-primary").append(h("option", { value: name }, name));
  $("q-secondary").append(h("option", { value: name }, name));
}
for (const name of FILTERS) form.elements[name].value = url.searchParams.get(name) ?? "";

function filters() {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

// Thumbnails are fetched (with the key) only when a card scrolls near the viewport.
const nearView = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      nearView.unobserve(entry.target);
      showCover(entry.target);
    }
  },
  { rootMargin: "300px" },
);

async function showCover(thumb) {
  const img = thumb.querySelector("img");
  try {
    img.src = await media.get(thumb.dataset.src);
    await img.decode().catch(() => {});
    thumb.classList.add("loaded");
  } catch {
    thumb.classList.add("broken");
  }
}

function card(story) {
  const title = story.title_primary || (FINAL.has(story.status) ? "Untitled" : "Being written…");
  const thumb = h(
    "div",
    { class: "thumb", dataset: story.cover_url ? { src: story.cover_url } : {} },
    story.cover_url
      ? h("img", { alt: `Cover of “${title}”`, class: "cover-thumb" })
      : h("span", { class: "thumb-empty", "aria-hidden": "true" }, (story.child_name || "?").slice(0, 1)),
  );
  const item = h(
    "li",
    { class: "book-card", dataset: { id: story.id, status: story.status } },
    h(
      "a",
      { class: "book-link", href: `/books/${encodeURIComponent(story.id)}` },
      thumb,
      h(
        "div",
        { class: "book-info" },
        h("h2", { class: "title-primary", lang: langCode(story.primary_lang) }, title),
        story.title_secondary
          ? h("p", { class: "title-secondary", lang: langCode(story.secondary_lang) }, story.title_secondary)
          : null,
        h(
          "p",
          { class: "book-meta" },
          `For ${story.child_name} · ${story.primary_lang} + ${story.secondary_lang} · ${story.page_count} pages`,
        ),
        h("p", { class: "book-meta" }, h("time", { datetime: story.created_at }, formatDate(story.created_at))),
      ),
    ),
    h("div", { class: "badges" }, statusBadge(story.status), story.has_partial_failures ? partialBadge() : null),
  );
  if (story.cover_url) nearView.observe(thumb);
  return item;
}

async function load({ reset }) {
  loading?.abort();
  const controller = (loading = new AbortController());
  if (reset) cursor = null;
  const params = filters();
  params.set("limit", String(pageSize));
  if (cursor) params.set("cursor", cursor);
  more.disabled = true;
  list.setAttribute("aria-busy", "true");
  try {
    const page = await api(`/api/stories/?${params}`, { signal: controller.signal });
    if (reset) {
      list.replaceChildren();
      shown = 0;
    }
    list.append(...page.items.map(card));
    shown += page.items.length;
    cursor = page.next_cursor;
    more.hidden = !cursor;
    const filtered = [...filters().keys()].length > 0;
    summary.textContent = shown
      ? `${shown} book${shown === 1 ? "" : "s"}${cursor ? " so far" : ""}${filtered ? " matching your search" : ""}`
      : filtered
        ? "No books match this search."
        : "No books yet. Create one with POST /api/stories/ and it will appear here.";
  } catch (err) {
    if (err.name === "AbortError") return;
    if (err instanceof ApiError && err.isAuth) return ask(`That key was not accepted (${err.message}).`);
    summary.textContent = "";
    toast(`Could not load the library: ${err.message}`, "error");
  } finally {
    if (loading === controller) {
      loading = null;
      more.disabled = false;
      list.removeAttribute("aria-busy");
    }
  }
}

// Books still being made: poll their status and refresh the card once they are done.
async function poll() {
  const active = [...list.querySelectorAll(".book-card")].filter((li) => !FINAL.has(li.dataset.status));
  for (const li of active) {
    try {
      const story = await api(`/api/stories/${li.dataset.id}`);
      if (story.status === li.dataset.status) continue;
      const summaryRow = {
        id: story.id,
        status: story.status,
        created_at: story.created_at,
        child_name: story.request.child_name,
        primary_lang: story.request.primary_lang,
        secondary_lang: story.request.secondary_lang,
        page_count: story.request.page_count,
        title_primary: story.result?.title_primary ?? null,
        title_secondary: story.result?.title_secondary ?? null,
        has_partial_failures: story.result?.has_partial_failures ?? false,
        cover_url: null,
      };
      if (story.result) {
        const book = await api(`/api/stories/${story.id}/result`).catch(() => null);
        summaryRow.cover_url = book?.assets.cover.url ?? null;
      }
      li.replaceWith(card(summaryRow));
    } catch (err) {
      if (err instanceof ApiError && err.isAuth) return;
    }
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const next = new URL(location.href);
  for (const name of FILTERS) next.searchParams.delete(name);
  for (const [name, value] of filters()) next.searchParams.set(name, value);
  history.replaceState(null, "", next);
  load({ reset: true });
});
form.addEventListener("reset", () => setTimeout(() => form.requestSubmit()));
more.addEventListener("click", () => load({ reset: false }));

ask = keyGate($("gate"), $("key-bar"), () => {
  $("library").hidden = false;
  load({ reset: true });
});
window.addEventListener("moretale:key", () => {
  $("library").hidden = document.body.classList.contains("needs-key");
});
let polling = false;
setInterval(async () => {
  if (polling || document.hidden || document.body.classList.contains("needs-key")) return;
  polling = true;
  await poll().finally(() => (polling = false));
}, POLL_MS);
