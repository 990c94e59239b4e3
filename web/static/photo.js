// The upload page, progressively: a preview of the chosen photo and early hints. The server decides.
"use strict";

(function () {
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function start() {
    var form = document.getElementById("upload");
    var input = document.getElementById("photo");
    var preview = document.getElementById("preview");
    var image = document.getElementById("preview-image");
    var note = document.getElementById("preview-note");
    var button = document.getElementById("send");
    if (!form || !input || !preview || !image || !note || !window.URL || !URL.createObjectURL) {
      return;
    }
    var data = form.dataset;
    var minWidth = parseInt(data.minWidth, 10);
    var minHeight = parseInt(data.minHeight, 10);
    var maxBytes = parseInt(data.maxBytes, 10);
    var current = null;

    function say(text, problem) {
      note.textContent = text;
      note.className = problem ? "problem" : "";
    }

    input.addEventListener("change", function () {
      if (current) { URL.revokeObjectURL(current); current = null; }
      var file = input.files && input.files[0];
      if (!file) { preview.hidden = true; return; }
      preview.hidden = false;
      if (file.size > maxBytes) { image.removeAttribute("src"); say(data.textLarge, true); return; }
      if (file.type && file.type !== "image/jpeg" && file.type !== "image/png") {
        image.removeAttribute("src"); say(data.textType, true); return;
      }
      current = URL.createObjectURL(file);
      image.onload = function () {
        // Browsers apply the EXIF orientation here, as the server does.
        var w = image.naturalWidth, h = image.naturalHeight;
        var size = fill(data.textSize, { w: w, h: h });
        if (w < minWidth || h < minHeight) {
          say(size + " — " + fill(data.textSmall, { min_w: minWidth, min_h: minHeight }), true);
        } else {
          say(data.textChosen + " " + size, false);
        }
      };
      image.onerror = function () { image.removeAttribute("src"); say(data.textNopreview, false); };
      image.src = current;
    });

    var label = button.textContent;
    form.addEventListener("submit", function () {
      button.disabled = true;
      button.textContent = data.textSending;
    });
    // Coming back to the page (back button) must not leave the button disabled.
    window.addEventListener("pageshow", function () {
      button.disabled = false;
      button.textContent = label;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

