// Signature pad of the result return: the citizen draws their signature on the canvas with a finger, pen
// or mouse; the drawing goes into the form's hidden field as a PNG data URL when the form is sent.
(function () {
  "use strict";
  const canvas = document.getElementById("signature-pad");
  if (!canvas) return;
  const input = document.getElementById(canvas.dataset.input);
  const form = canvas.closest("form");
  const context = canvas.getContext("2d");
  let drawing = false;
  let drawn = false;

  // CSSOM, not a style attribute (the CSP forbids those): fit a 360 px screen, keep touch for drawing
  canvas.style.maxWidth = "100%";
  canvas.style.border = "2px solid #0b0c0c";
  canvas.style.touchAction = "none";
  canvas.style.background = "#ffffff";
  context.lineWidth = 2.5;
  context.lineCap = "round";
  context.strokeStyle = "#0b0c0c";

  function point(event) {
    const box = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * canvas.width) / box.width,
      y: ((event.clientY - box.top) * canvas.height) / box.height,
    };
  }

  canvas.addEventListener("pointerdown", function (event) {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    const p = point(event);
    context.beginPath();
    context.moveTo(p.x, p.y);
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) return;
    const p = point(event);
    context.lineTo(p.x, p.y);
    context.stroke();
    drawn = true;
    event.preventDefault();
  });
  function stop() {
    drawing = false;
  }
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);

  document.getElementById("signature-clear").addEventListener("click", function () {
    context.clearRect(0, 0, canvas.width, canvas.height);
    drawn = false;
    input.value = "";
  });
  form.addEventListener("submit", function () {
    input.value = drawn ? canvas.toDataURL("image/png") : "";
  });
})();
