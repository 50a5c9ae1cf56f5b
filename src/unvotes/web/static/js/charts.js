/*
 * Draws every chart and map of a page in the browser with the vendored Vega, Vega-Lite and Vega-Embed.
 *
 * An element `<div data-vega-spec="/path/spec.json">` names the Vega-Lite specification to draw (same origin
 * only). Whatever the element holds (a server-rendered <img> or inline <svg>) stays until the chart has been
 * drawn, and stays for good if drawing fails. The page loads vega.min.js, vega-lite.min.js and vega-embed.min.js
 * before this file; nothing here needs inline scripts, inline styles or eval, so the page can forbid all three
 * (Content-Security-Policy script-src 'self'; style-src 'self'): Vega's expressions run in its interpreter
 * (`ast: true`) and the tooltip's style comes from /static/vendor/vega-embed/vega-tooltip.css.
 */
(function () {
  "use strict";

  var TOOLTIP_CSS = "/static/vendor/vega-embed/vega-tooltip.css";
  var OPTIONS = {
    renderer: "svg",
    actions: false,
    ast: true,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  };

  function sameOrigin(url) {
    return new URL(url, window.location.href).origin === window.location.origin;
  }

  function linkTooltipStyle() {
    if (document.querySelector('link[href="' + TOOLTIP_CSS + '"]')) {
      return;
    }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = TOOLTIP_CSS;
    document.head.appendChild(link);
  }

  function fetchSpec(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        if (!response.ok) {
          throw new Error("specification " + url + ": HTTP " + response.status);
        }
        return response.json();
      }
    );
  }

  function draw(element) {
    var url = element.getAttribute("data-vega-spec");
    if (!url || !sameOrigin(url)) {
      element.setAttribute("data-vega-state", "refused");
      return Promise.resolve();
    }
    element.setAttribute("data-vega-state", "loading");
    var target = document.createElement("div");
    target.className = "vega-chart";
    target.hidden = true;
    element.appendChild(target);
    return fetchSpec(url)
      .then(function (spec) {
        return window.vegaEmbed(target, spec, OPTIONS);
      })
      .then(function () {
        element.replaceChildren(target);
        target.hidden = false;
        element.setAttribute("data-vega-state", "drawn");
      })
      .catch(function (error) {
        target.remove();
        element.setAttribute("data-vega-state", "failed");
        console.error("chart not drawn, the server's rendering stays:", error);
      });
  }

  function drawAll() {
    var elements = document.querySelectorAll("[data-vega-spec]");
    if (!elements.length || typeof window.vegaEmbed !== "function") {
      return;
    }
    linkTooltipStyle();
    elements.forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
