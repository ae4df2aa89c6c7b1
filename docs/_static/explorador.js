/* Explorador de la convolución: tamaño de la salida y ventana deslizante.
 *
 * Se activa sólo en las páginas que contienen <div id="explorador-conv">. Todo
 * ocurre en el navegador, sin servidor ni núcleo de Python. La fórmula es la del
 * libro: salida = floor((n + 2p - k) / s) + 1, con la ventana completa dentro de
 * la imagen rellenada.
 */
(function () {
  "use strict";

  function outputSize(n, k, p, s) {
    if (k > n + 2 * p) return null; // el kernel no cabe
    return Math.floor((n + 2 * p - k) / s) + 1;
  }
  window.cnnbookOutputSize = outputSize;

  function field(label, id, min, max, value) {
    return (
      '<label for="' + id + '">' + label + "</label>" +
      '<input type="number" id="' + id + '" min="' + min + '" max="' + max +
      '" value="' + value + '">'
    );
  }

  function setup(root) {
    root.innerHTML =
      '<form class="explorador-campos" onsubmit="return false">' +
      field("Entrada n", "exp-n", 1, 16, 6) +
      field("Kernel k", "exp-k", 1, 7, 3) +
      field("Relleno p", "exp-p", 0, 4, 1) +
      field("Paso s", "exp-s", 1, 4, 2) +
      '<label for="exp-pos">Ventana</label>' +
      '<input type="range" id="exp-pos" min="0" max="0" value="0">' +
      "</form>" +
      '<p id="exp-salida" aria-live="polite"></p>' +
      '<canvas id="exp-lienzo" width="360" height="360" role="img" ' +
      'aria-label="Imagen rellenada con la ventana del kernel resaltada"></canvas>';
    var get = function (id) { return root.querySelector("#" + id); };
    var canvas = get("exp-lienzo");
    var ctx = canvas.getContext("2d");

    function read(id, lo, hi) {
      var v = parseInt(get(id).value, 10);
      if (isNaN(v)) v = lo;
      return Math.max(lo, Math.min(hi, v));
    }

    function draw() {
      var n = read("exp-n", 1, 16), k = read("exp-k", 1, 7);
      var p = read("exp-p", 0, 4), s = read("exp-s", 1, 4);
      var out = outputSize(n, k, p, s);
      var msg = get("exp-salida");
      var side = n + 2 * p;
      var cell = Math.floor(360 / side);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      for (var r = 0; r < side; r++) {
        for (var c = 0; c < side; c++) {
          var border = r < p || c < p || r >= p + n || c >= p + n;
          ctx.fillStyle = border ? "#d9d9d9" : "#56B4E9";
          ctx.fillRect(c * cell + 1, r * cell + 1, cell - 2, cell - 2);
          if (border && cell >= 14) {
            ctx.fillStyle = "#333333";
            ctx.font = Math.floor(cell / 2) + "px sans-serif";
            ctx.fillText("0", c * cell + cell / 3, r * cell + (2 * cell) / 3);
          }
        }
      }
      if (out === null) {
        msg.textContent = "El kernel (" + k + " x " + k + ") no cabe en la imagen rellenada (" +
          side + " x " + side + "): no hay salida.";
        msg.dataset.value = "";
        get("exp-pos").max = 0;
        return;
      }
      var pos = get("exp-pos");
      pos.max = out * out - 1;
      var i = Math.min(parseInt(pos.value, 10) || 0, out * out - 1);
      var row = Math.floor(i / out), col = i % out;
      ctx.strokeStyle = "#D55E00";
      ctx.lineWidth = 4;
      ctx.strokeRect(col * s * cell + 2, row * s * cell + 2, k * cell - 4, k * cell - 4);
      msg.dataset.value = String(out);
      msg.textContent = "Salida: " + out + " x " + out +
        "  =  floor((" + n + " + 2·" + p + " − " + k + ") / " + s + ") + 1.  " +
        "Ventana " + (i + 1) + " de " + out * out + ": fila " + row + ", columna " + col + ".";
    }

    root.querySelectorAll("input").forEach(function (el) {
      el.addEventListener("input", draw);
    });
    draw();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("explorador-conv");
    if (root) setup(root);
  });
})();
