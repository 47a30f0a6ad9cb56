// The print view: the cover and every page, each on its own sheet of A4 or US Letter, ready
// for the browser's "Print" or "Save as PDF".

import { ApiError, api } from "./api.js";
import { keyGate } from "./keyform.js";
import { h, langCode, showImage } from "./ui.js";

const $ = (id) => document.getElementById(id);
const storyId = decodeURIComponent(location.pathname.split("/")[2] ?? "");
const sheetsEl = $("sheets");
const status = $("print-status");
const PAPERS = {
  a4: "A4 portrait",
  letter: "letter portrait",
};
// Where US Letter is the usual paper; everyone else gets A4 unless they pick otherwise.
const LETTER_REGIONS = new Set(["US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "PR"]);
let ask = () => {};

function defaultPaper() {
  const asked = new URL(location.href).searchParams.get("paper");
  if (asked in PAPERS) return asked;
  const region = (navigator.language.split("-")[1] ?? "").toUpperCase();
  return LETTER_REGIONS.has(region) ? "letter" : "a4";
}

function setPaper(paper) {
  document.documentElement.dataset.paper = paper;
  // @page cannot read CSS variables, so the rule itself is rewritten.
  $("page-rule").textContent = `@page { size: ${PAPERS[paper]}; margin: 0; }`;
  $("paper").value = paper;
}

/** A sheet's picture; its loading promise goes into `waits`. */
function art(url, alt, failedText, waits) {
  if (!url) return h("figure", { class: "sheet-art sheet-art-missing" }, h("span", {}, failedText));
  const img = h("img", { alt, class: "sheet-img" });
  waits.push(showImage(img, url));
  return h("figure", { class: "sheet-art" }, img);
}

function render(book, childName) {
  const { meta, pages } = book;
  const primary = langCode(meta.primary_language);
  const secondary = langCode(meta.secondary_language);
  const waits = [];
  const cover = h(
    "section",
    { class: "sheet sheet-cover", "aria-label": "Cover" },
    book.assets.cover.enabled
      ? art(book.assets.cover.url, `Cover of “${meta.title_primary}”`, "The cover is not available.", waits)
      : null,
    h(
      "div",
      { class: "sheet-cover-text" },
      h("h1", { class: "sheet-title", lang: primary }, meta.title_primary),
      h("p", { class: "sheet-subtitle", lang: secondary }, meta.title_secondary),
      h("p", { class: "sheet-byline" }, `by ${meta.author_name}`),
      childName ? h("p", { class: "sheet-for" }, `A MoreTale book for ${childName}`) : null,
    ),
  );
  const leaves = pages.map((p) => {
    const scene = (p.illustration_scene_prompt || "").trim();
    const alt = scene ? `Illustration for page ${p.page_number}: ${scene.slice(0, 240)}` : `Illustration for page ${p.page_number}`;
    return h(
      "section",
      { class: "sheet sheet-page", dataset: { page: String(p.page_number) }, "aria-label": `Page ${p.page_number}` },
      p.illustration_status === "not_requested"
        ? null
        : art(p.illustration_url, alt, "The picture for this page is not available.", waits),
      h(
        "div",
        { class: "sheet-texts" },
        h("p", { class: "sheet-text sheet-text-primary", lang: primary }, p.text_primary),
        h("p", { class: "sheet-text sheet-text-secondary", lang: secondary }, p.text_secondary),
      ),
      h(
        "footer",
        { class: "sheet-folio" },
        h("span", { lang: primary }, meta.title_primary),
        h("span", {}, `${p.page_number} / ${pages.length}`),
      ),
    );
  });
  sheetsEl.replaceChildren(cover, ...leaves);
  document.title = `${meta.title_primary} · Print · MoreTale`;
  return waits;
}

async function start() {
  $("back").href = `/books/${encodeURIComponent(storyId)}`;
  status.textContent = "Preparing the pages…";
  let book;
  let detail;
  try {
    [detail, book] = await Promise.all([
      api(`/api/stories/${storyId}`),
      api(`/api/stories/${storyId}/result`),
    ]);
  } catch (err) {
    if (err instanceof ApiError && err.isAuth) return ask(`That key was not accepted (${err.message}).`);
    status.textContent =
      err instanceof ApiError && err.code === "STORY_NOT_READY"
        ? "This book's story has not been written yet; try again in a moment."
        : `Could not load the book: ${err.message}`;
    return;
  }
  const waits = render(book, detail.request.child_name);
  // Print only once every picture and the fonts are in, or the PDF would have holes.
  await Promise.all([...waits, document.fonts.ready]);
  const sheets = book.pages.length + 1;
  status.textContent = `${sheets} sheets: the cover and ${book.pages.length} pages. Pick the paper, then print.`;
  $("print").disabled = false;
  document.documentElement.dataset.ready = "true";
  if (new URL(location.href).searchParams.has("autoprint")) window.print();
}

setPaper(defaultPaper());
$("paper").addEventListener("change", (event) => setPaper(event.target.value));
$("print").addEventListener("click", () => window.print());
ask = keyGate($("gate"), $("key-bar"), start);
