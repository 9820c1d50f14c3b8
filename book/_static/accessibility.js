// What the widget manager leaves out, for readers with a screen reader (tests/test_book.py
// checks it with axe-core in Chromium). (The sidebar's toggle on a phone is book/conf.py's.)
"use strict";

// Saved widgets (notebook 7's sliders), drawn by the widget manager after the page loads:
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

document.addEventListener("DOMContentLoaded", watchWidgets);
