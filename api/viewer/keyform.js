// The API key form: asked once per tab, kept in sessionStorage, never put in a URL.

import { clearKey, getKey, setKey } from "./api.js";
import { h } from "./ui.js";

/** The top bar's key indicator: "Key set · Forget". */
function renderBar(slot) {
  slot.replaceChildren();
  if (!getKey()) return;
  slot.append(
    h("span", { class: "key-state" }, h("span", { class: "key-dot", "aria-hidden": "true" }), "API key set for this tab"),
    h("button", { type: "button", class: "btn btn-quiet", onclick: () => clearKey() }, "Forget key"),
  );
}

/**
 * Show the key form in `gate` whenever there is no key, and call `onReady` once there is
 * one (at start and after every change). Returns `ask(message)`: drop a refused key and ask
 * again, saying why.
 */
export function keyGate(gate, bar, onReady) {
  let message = "";

  function render() {
    renderBar(bar);
    if (getKey()) {
      gate.hidden = true;
      gate.replaceChildren();
      document.body.classList.remove("needs-key");
      onReady();
      return;
    }
    document.body.classList.add("needs-key");
    const input = h("input", {
      id: "api-key",
      name: "api-key",
      type: "password",
      autocomplete: "off",
      spellcheck: "false",
      required: true,
      placeholder: "X-API-Key",
      "aria-describedby": "api-key-help",
    });
    const form = h(
      "form",
      {
        class: "key-form card",
        onsubmit: (event) => {
          event.preventDefault();
          if (input.value.trim()) {
            message = "";
            setKey(input.value);
          }
        },
      },
      h("h1", {}, "Open the MoreTale library"),
      h(
        "p",
        { id: "api-key-help", class: "muted" },
        "Enter your API key. It is kept only in this browser tab and sent with each request; " +
          "closing the tab forgets it.",
      ),
      message ? h("p", { class: "form-error", role: "alert" }, message) : null,
      h("label", { for: "api-key" }, "API key"),
      h("div", { class: "key-row" }, input, h("button", { type: "submit", class: "btn btn-primary" }, "Continue")),
    );
    gate.replaceChildren(form);
    gate.hidden = false;
    input.focus();
  }

  window.addEventListener("moretale:key", render);
  render();
  return (why) => {
    message = why;
    clearKey(); // fires moretale:key, which renders the form with the message
  };
}
