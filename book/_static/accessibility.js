// What the themes and the widget manager leave out, for readers who navigate by keyboard, on a
// phone or with a screen reader (tests/test_book.py checks each of these in Chromium).
"use strict";

// 1. The sidebar toggles. pydata-sphinx-theme (0.20) and sphinx-book-theme (1.4) attach their
// click handlers to `document.querySelector(".primary-toggle")`: the FIRST button of that
// class, which is the header navbar's, a header sphinx-book-theme never shows. The button a
// reader sees, in the article's header, has no handler: on a phone (where the sidebar is a
// dialog) it opened nothing. Each visible toggle hands its click to the one the themes listen
// to, so the themes' own code opens the dialog (narrow screens) or hides the sidebar (wide).
function forwardSidebarToggles() {
  for (const kind of ["primary-toggle", "secondary-toggle"]) {
    const buttons = document.querySelectorAll(`button.${kind}`);
    const handled = buttons[0];
    buttons.forEach((button) => {
      if (button === handled) return;
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        handled.click();
      });
    });
  }
}

// 2. Saved widgets (notebook 7's sliders), drawn by the widget manager after the page loads:
// a slider's handle gets the slider's own label as its name, and a figure inside a widget's
// output gets the description printed under it ("Figure: ...") as its alt text.
const FIGURE = "Figure: ";

function describeWidgets(root) {
  root.querySelectorAll(".widget-slider").forEach((slider) => {
    const label = slider.querySelector(".widget-label");
    const name = label && label.textContent.trim();
    slider.querySelectorAll('[role="slider"]:not([aria-label])').forEach((handle) => {
      handle.setAttribute("aria-label", name || "slider");
    });
  });
  root.querySelectorAll(".jupyter-widgets img:not([alt])").forEach((img) => {
    const area = img.closest(".jupyter-widgets");
    const line = area && [...area.querySelectorAll("pre")].map((pre) => pre.textContent)
      .join("\n").split("\n").find((text) => text.startsWith(FIGURE));
    img.setAttribute("alt", line ? line.slice(FIGURE.length) : "");
  });
}

function watchWidgets() {
  if (!document.querySelector('script[type="application/vnd.jupyter.widget-view+json"]')) return;
  describeWidgets(document);
  new MutationObserver(() => describeWidgets(document))
    .observe(document.body, { childList: true, subtree: true });
}

document.addEventListener("DOMContentLoaded", () => {
  forwardSidebarToggles();
  watchWidgets();
});
