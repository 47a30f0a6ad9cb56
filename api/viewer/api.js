// Talking to the MoreTale API from the browser.
//
// Every API route and every book file needs the X-API-Key header. The key lives in
// sessionStorage (this tab only, gone when it closes) and never goes into a URL, so media
// cannot be plain <img src>/<audio src>: they are fetched with the header and shown through
// object URLs. EventSource cannot send headers either, so the SSE stream is read with fetch().

const KEY = "moretale.apiKey";

export const getKey = () => sessionStorage.getItem(KEY) ?? "";

export function setKey(key) {
  sessionStorage.setItem(KEY, key.trim());
  window.dispatchEvent(new CustomEvent("moretale:key"));
}

export function clearKey() {
  sessionStorage.removeItem(KEY);
  media.clear();
  window.dispatchEvent(new CustomEvent("moretale:key"));
}

/** An error from the API's envelope: {"error": {"code", "message", "detail"}}. */
export class ApiError extends Error {
  constructor(status, code, message, detail = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
  /** The key is missing or refused: the page should ask for it again. */
  get isAuth() {
    return this.status === 401 || this.status === 403;
  }
}

async function toError(res) {
  try {
    const { error } = await res.json();
    return new ApiError(res.status, error.code, error.message, error.detail);
  } catch {
    return new ApiError(res.status, "HTTP_ERROR", `${res.status} ${res.statusText}`);
  }
}

function headers(extra = {}) {
  return { "X-API-Key": getKey(), ...extra };
}

/** JSON API call; throws ApiError on any non-2xx answer. */
export async function api(path, { method = "GET", body, signal } = {}) {
  const init = { method, signal, cache: "no-store", headers: headers({ Accept: "application/json" }) };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, "NETWORK", "the server could not be reached");
  }
  if (!res.ok) throw await toError(res);
  return res.status === 204 ? null : res.json();
}

/**
 * Book files (PNG, WAV) as object URLs, fetched once per page load and shared by every
 * <img>/<audio> showing them. `forget()` drops one after it was regenerated.
 */
export const media = {
  urls: new Map(),
  get(url) {
    let entry = this.urls.get(url);
    if (!entry) {
      // no-cache: revalidate with the ETag, so a regenerated file is never shown stale.
      entry = fetch(url, { headers: headers(), cache: "no-cache" }).then(async (res) => {
        if (!res.ok) throw await toError(res);
        return URL.createObjectURL(await res.blob());
      });
      entry.catch(() => this.urls.delete(url)); // a failed fetch can be retried later
      this.urls.set(url, entry);
    }
    return entry;
  },
  forget(url) {
    const entry = this.urls.get(url);
    this.urls.delete(url);
    entry?.then((u) => URL.revokeObjectURL(u), () => {});
  },
  clear() {
    for (const url of [...this.urls.keys()]) this.forget(url);
  },
};

/**
 * Server-Sent Events from `path`, parsed per the HTML spec's line rules:
 * yields {event, id, data} (data JSON-decoded when it is JSON) until the server closes.
 */
export async function* sse(path, { signal } = {}) {
  let res;
  try {
    res = await fetch(path, {
      signal,
      cache: "no-store",
      headers: headers({ Accept: "text/event-stream" }),
    });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, "NETWORK", "the server could not be reached");
  }
  if (!res.ok) throw await toError(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let event = "";
  let data = [];
  let id = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (;;) {
        const end = buffer.search(/[\r\n]/);
        // A lone trailing CR may be half of a CRLF split across chunks: wait for more.
        if (end < 0 || (buffer[end] === "\r" && end === buffer.length - 1)) break;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(buffer.startsWith("\r\n", end) ? end + 2 : end + 1);
        if (line === "") {
          if (data.length) {
            const text = data.join("\n");
            let parsed = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON: hand the text over as it is
            }
            yield { event: event || "message", id, data: parsed };
          }
          event = "";
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue; // a comment (keep-alive)
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? "" : line.slice(colon + 1);
        if (val.startsWith(" ")) val = val.slice(1);
        if (field === "event") event = val;
        else if (field === "data") data.push(val);
        else if (field === "id") id = val;
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
