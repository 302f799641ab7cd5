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

// An address ending in "#id" of a closed disclosure opens it: after an action in a part of the case page
// the worker lands on that part, open, with its result. Without script the flash message still says it.
function openAddressedDisclosure() {
  var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.tagName === "DETAILS") {
    target.open = true;
  }
}
openAddressedDisclosure();
window.addEventListener("hashchange", openAddressedDisclosure);
