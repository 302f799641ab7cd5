// Keeps the "N ticked" count of each disclosure in step with its checkboxes (the server renders it too).
document.querySelectorAll("details[data-tick-count]").forEach(function (box) {
  var count = box.querySelector(".tick-count");
  box.addEventListener("change", function () {
    count.textContent = box.querySelectorAll("input[type=checkbox]:checked").length;
  });
});
