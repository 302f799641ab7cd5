// Keeps the "N ticked" count of each disclosure in step with its checkboxes (the server renders it too).
document.querySelectorAll("details[data-tick-count]").forEach(function (box) {
  var count = box.querySelector(".tick-count");
  box.addEventListener("change", function () {
    count.textContent = box.querySelectorAll("input[type=checkbox]:checked").length;
  });
});

// A search box above each long list marked data-filter: typing hides the options that do not match.
document.querySelectorAll("select[data-filter]").forEach(function (list) {
  var box = document.createElement("input");
  box.type = "search";
  box.autocomplete = "off";
  box.setAttribute("aria-label", list.dataset.filter);
  box.placeholder = list.dataset.filter;
  box.setAttribute("aria-controls", list.id);
  list.parentNode.insertBefore(box, list);
  box.addEventListener("input", function () {
    var wanted = box.value.trim().toLocaleLowerCase();
    list.querySelectorAll("option").forEach(function (option) {
      option.hidden = wanted !== "" && !option.selected && option.text.toLocaleLowerCase().indexOf(wanted) === -1;
    });
    list.querySelectorAll("optgroup").forEach(function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
  });
});
