// Narration playback through one <audio> element: single clips, a whole page (primary then
// secondary) and read-aloud mode (page after page). Each playback has an AbortController, so
// starting anything else, turning a page or pressing stop cancels it cleanly.

import { media } from "./api.js";
import { sleep } from "./ui.js";

export class Narrator extends EventTarget {
  constructor(player) {
    super();
    this.player = player;
    this.session = null;
    this.playing = null; // {page, role} of the clip being heard
    this.readingAloud = false;
  }

  get busy() {
    return this.session !== null;
  }

  stop() {
    this.session?.abort();
    this.session = null;
    this.player.pause();
    this.readingAloud = false;
    this.#now(null);
  }

  #now(clip) {
    this.playing = clip;
    this.dispatchEvent(new CustomEvent("change", { detail: clip }));
  }

  #begin() {
    this.stop();
    this.session = new AbortController();
    return this.session.signal;
  }

  #end(signal) {
    if (this.session?.signal === signal) {
      this.session = null;
      this.readingAloud = false;
      this.#now(null);
    }
  }

  /** Play one clip to its end; rejects with the abort reason when cancelled. */
  async #clip(url, clip, signal) {
    const src = await media.get(url);
    signal.throwIfAborted();
    const player = this.player;
    player.src = src;
    this.#now(clip);
    await new Promise((resolve, reject) => {
      const done = (fn, value) => {
        player.removeEventListener("ended", onEnded);
        player.removeEventListener("error", onError);
        signal.removeEventListener("abort", onAbort);
        fn(value);
      };
      const onEnded = () => done(resolve);
      const onError = () => done(reject, new Error("the narration could not be played"));
      const onAbort = () => {
        player.pause();
        done(reject, signal.reason);
      };
      player.addEventListener("ended", onEnded);
      player.addEventListener("error", onError);
      signal.addEventListener("abort", onAbort);
      player.play().catch((err) => done(reject, err));
    });
  }

  async #page(page, signal) {
    for (const role of ["primary", "secondary"]) {
      const url = page[`audio_${role}_url`];
      if (url) await this.#clip(url, { page: page.page_number, role }, signal);
      else await sleep(1200, signal); // no narration: leave a moment to read
    }
  }

  /** Play one language of a page. */
  async play(page, role) {
    const signal = this.#begin();
    try {
      await this.#clip(page[`audio_${role}_url`], { page: page.page_number, role }, signal);
    } finally {
      this.#end(signal);
    }
  }

  /** Play a page: primary narration, then secondary. */
  async playPage(page) {
    const signal = this.#begin();
    try {
      await this.#page(page, signal);
    } finally {
      this.#end(signal);
    }
  }

  /**
   * Read the book aloud from `index` (0 is the cover): `show(i)` turns to a page, `pageAt(i)`
   * gives its data (read fresh each time, as pages may still be arriving).
   */
  async readAloud(index, count, show, pageAt) {
    const signal = this.#begin();
    this.readingAloud = true;
    this.#now(null);
    try {
      for (let i = index; i <= count; i++) {
        show(i);
        if (i === 0) await sleep(1500, signal);
        else await this.#page(pageAt(i), signal);
        await sleep(700, signal);
      }
    } finally {
      this.#end(signal);
    }
  }
}

/** True for a cancelled playback, which is no error to report. */
export const isCancel = (err) => err?.name === "AbortError" || err === undefined;
