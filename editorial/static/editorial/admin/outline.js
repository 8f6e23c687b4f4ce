'use strict';
// The guide page's outline (editorial.admin.outline): move rows with the
// "Move up"/"Move down" buttons or by dragging their handle, add sections,
// subsections and tips, mark rows deleted. Positions are hidden fields: when
// rows move, the rows of the list between take each other's positions in
// the order shown, so only the rows that moved change. Without this script
// the page still saves, in the order it was rendered.
{
    const items = (list) => Array.from(list.children).filter((el) => el.matches('li.outline-item'));
    const ownInput = (item, name) => item.querySelector(
        `:scope > input[name="${item.dataset.prefix}-${name}"]`);
    const labelOf = (item) => {
        const input = item.querySelector(':scope > .outline-head .outline-line');
        return input && input.value.trim() ? `“${input.value.trim()}”` : 'this row';
    };

    function positions(list) {
        return items(list).map((item) => parseInt(ownInput(item, 'position').value, 10))
            .filter((value) => !Number.isNaN(value));
    }

    // Give the rows of ``list`` the positions they held, in their new order.
    function reorder(list, held) {
        const sorted = held.slice().sort((a, b) => a - b);
        items(list).forEach((item, index) => {
            const input = ownInput(item, 'position');
            if (index < sorted.length && input.value !== String(sorted[index])) {
                input.value = String(sorted[index]);
            }
        });
        renumber();
    }

    function renumber() {
        const top = document.querySelector('#sections-group .outline-sections');
        items(top).forEach((section, index) => {
            section.querySelector(':scope > .outline-head .outline-number').textContent = `${index + 1}`;
            const subsections = section.querySelector(':scope > .outline-subsections');
            if (subsections) {
                items(subsections).forEach((child, childIndex) => {
                    child.querySelector(':scope > .outline-head .outline-number').textContent =
                        `${index + 1}.${childIndex + 1}`;
                });
            }
        });
        document.querySelectorAll('#sections-group li.outline-item').forEach(labelButtons);
    }

    // Said to screen readers after each move: where the row is now.
    function announce(item) {
        const status = document.getElementById('outline-status');
        const siblings = items(item.parentElement);
        if (status) {
            status.textContent = `${labelOf(item)} is now ${siblings.indexOf(item) + 1} of ${siblings.length}. Save to keep this order.`;
        }
    }

    function move(item, step) {
        const list = item.parentElement;
        const siblings = items(list);
        const target = siblings[siblings.indexOf(item) + step];
        if (!target) {
            return false;
        }
        const held = positions(list);
        list.insertBefore(item, step < 0 ? target : target.nextSibling);
        reorder(list, held);
        announce(item);
        return true;
    }

    function moveTo(item, before) {
        const list = item.parentElement;
        const held = positions(list);
        list.insertBefore(item, before);
        reorder(list, held);
        announce(item);
    }

    function labelButtons(item) {
        const name = labelOf(item);
        const siblings = items(item.parentElement);
        const index = siblings.indexOf(item);
        for (const [selector, words, disabled] of [
            ['.outline-move-up', 'up', index === 0],
            ['.outline-move-down', 'down', index === siblings.length - 1],
        ]) {
            const button = item.querySelector(`:scope > .outline-head ${selector}`);
            if (button) {
                // The visible words first: speech users say what they see.
                button.setAttribute('aria-label', `Move ${words}: ${name}`);
                button.setAttribute('aria-disabled', String(disabled));
            }
        }
        const handle = item.querySelector(':scope > .outline-head .outline-handle');
        if (handle) {
            handle.setAttribute('aria-label', `Drag ${name} to move it; or use Move up and Move down`);
        }
    }

    // Headings and leads are one-line boxes that wrap: Enter does not break
    // them, and where the browser cannot size them to their text, this does.
    const sizesItself = window.CSS && CSS.supports('field-sizing', 'content');
    function fitLine(box) {
        if (!sizesItself) {
            box.style.height = 'auto';
            box.style.height = `${box.scrollHeight}px`;
        }
    }
    function fitLines(scope) {
        scope.querySelectorAll('textarea.outline-line').forEach((box) => {
            if (box.dataset.fitted) {
                return;
            }
            box.dataset.fitted = 'true';
            box.addEventListener('keydown', (event) => {
                if (event.key === 'Enter') {
                    event.preventDefault();
                }
            });
            box.addEventListener('input', () => fitLine(box));
            fitLine(box);
        });
    }

    // Dragging by the handle, with a mouse, a pen or a finger (pointer
    // events): the row follows the pointer among its siblings, and keeps its
    // new place when let go.
    function startDrag(item, event) {
        if (event.button !== 0) {
            return;
        }
        event.preventDefault();
        const list = item.parentElement;
        const held = positions(list);
        const group = document.getElementById('sections-group');
        const top = item.getBoundingClientRect().top;
        item.classList.add('is-dragged');
        if (item.matches('.outline-section')) {
            // Sections are dragged folded, their text and tips hidden, so
            // the whole outline fits the window while one moves; the row
            // stays under the pointer.
            group.classList.add('is-folded');
            window.scrollBy(0, item.getBoundingClientRect().top - top);
        }
        // A saved tip may go to another saved section; other rows stay among their siblings.
        const crosses = item.matches('.outline-tip') && item.dataset.rowId;
        const places = () => (crosses ? Array.from(group.querySelectorAll(
            '.outline-section[data-row-id] > .outline-tips-block > .outline-tips > li.outline-tip')) : items(list));
        const follow = (moved) => {
            const over = places().find((other) => {
                const box = other.getBoundingClientRect();
                return other !== item && moved.clientY >= box.top && moved.clientY <= box.bottom;
            });
            if (!over) {
                return;
            }
            const box = over.getBoundingClientRect();
            const before = moved.clientY < box.top + box.height / 2 ? over : over.nextSibling;
            if (before !== item && before !== item.nextSibling) {
                over.parentElement.insertBefore(item, before);
            }
        };
        // On the document, not the handle: moving the row in the page ends
        // any pointer capture the handle had.
        const stop = () => {
            document.removeEventListener('pointermove', follow);
            document.removeEventListener('pointerup', stop);
            document.removeEventListener('pointercancel', stop);
            item.classList.remove('is-dragged');
            group.classList.remove('is-folded');
            const landed = item.parentElement;
            if (landed === list) {
                reorder(list, held);
            } else {
                // Into another section: it takes a place among that section's
                // tips, which shift; the section it left keeps its order.
                const others = items(landed).filter((other) => other !== item)
                    .map((other) => parseInt(ownInput(other, 'position').value, 10))
                    .filter((value) => !Number.isNaN(value));
                reorder(landed, [...others, others.length ? Math.max(...others) + 1 : 1]);
                ownInput(item, 'section').value = landed.closest('.outline-section').dataset.rowId;
            }
            item.scrollIntoView({block: 'nearest'});
            announce(item);
        };
        document.addEventListener('pointermove', follow);
        document.addEventListener('pointerup', stop);
        document.addEventListener('pointercancel', stop);
    }

    function addTools(item) {
        const tools = item.querySelector(':scope > .outline-head .outline-tools');
        if (!tools || tools.childElementCount) {
            return;
        }
        const handle = document.createElement('span');
        handle.className = 'outline-handle';
        handle.textContent = '⠿';
        handle.setAttribute('role', 'img');
        handle.addEventListener('pointerdown', (event) => startDrag(item, event));
        tools.append(handle);
        for (const [step, text, name] of [[-1, 'Move up', 'up'], [1, 'Move down', 'down']]) {
            const button = document.createElement('button');
            button.type = 'button';
            button.className = `button outline-move outline-move-${name}`;
            button.textContent = text;
            button.addEventListener('click', () => {
                if (move(item, step)) {
                    button.focus();
                }
            });
            tools.append(button);
        }
        const remove = item.querySelector(`:scope > .outline-head input[name="${item.dataset.prefix}-DELETE"]`);
        if (remove) {
            remove.addEventListener('change', () => item.classList.toggle('is-deleted', remove.checked));
        }
        labelButtons(item);
    }

    // A new row from a <template>: its placeholders replaced, its form counted.
    function addRow(list, template, replacements, management) {
        const total = document.querySelector(`input[name="${management}-TOTAL_FORMS"]`);
        let html = template.innerHTML;
        for (const [placeholder, value] of replacements(total.value)) {
            html = html.split(placeholder).join(value);
        }
        const holder = document.createElement('ol');
        holder.innerHTML = html.trim();
        const item = holder.firstElementChild;
        const held = positions(list);
        ownInput(item, 'position').value = String(held.length ? Math.max(...held) + 1 : 1);
        total.value = String(parseInt(total.value, 10) + 1);
        list.append(item);
        item.querySelectorAll('li.outline-item').forEach(addTools);
        addTools(item);
        item.querySelectorAll('.outline-adders').forEach(addAdders);
        item.dispatchEvent(new CustomEvent('formset:added', {bubbles: true}));
        renumber();
        fitLines(item);
        item.querySelector('.outline-line').focus();
        return item;
    }

    function addTip(list) {
        return addRow(
            list,
            document.getElementById('outline-tip-template'),
            (index) => [['__tips__', list.dataset.prefix], ['__tip__', index]],
            list.dataset.prefix,
        );
    }

    function addSection(list, parentId) {
        const item = addRow(
            list,
            document.getElementById('outline-section-template'),
            (index) => [['__prefix__', index]],
            'sections',
        );
        ownInput(item, 'parent').value = parentId || '';
        if (parentId) {
            item.classList.add('is-subsection');
            item.querySelector(':scope > .outline-head .outline-heading-label').textContent =
                'Subsection heading';
            item.querySelectorAll(':scope > .outline-subsections, :scope > .outline-adders[data-adds="subsection"]')
                .forEach((element) => element.remove());
        }
        return item;
    }

    const ADDERS = {
        tip: ['Add a tip', (block) => addTip(block.querySelector(':scope > .outline-tips'))],
        subsection: ['Add a subsection', (section) => addSection(
            section.querySelector(':scope > .outline-subsections'), section.dataset.rowId)],
        section: ['Add a section', () => addSection(
            document.querySelector('#sections-group .outline-sections'), '')],
    };

    function addAdders(adders) {
        if (adders.childElementCount) {
            return;
        }
        const [text, add] = ADDERS[adders.dataset.adds];
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'button outline-add';
        button.textContent = text;
        button.addEventListener('click', () => add(adders.parentElement));
        adders.append(button);
    }

    document.addEventListener('DOMContentLoaded', () => {
        const group = document.getElementById('sections-group');
        if (!group || !group.querySelector('.outline-sections:not(.outline-readonly)')) {
            return;
        }
        group.querySelectorAll('fieldset > .outline-sections li.outline-item').forEach(addTools);
        group.querySelectorAll('fieldset > .outline-sections .outline-adders, fieldset > .outline-adders')
            .forEach(addAdders);
        fitLines(group);
        const status = document.createElement('p');
        status.id = 'outline-status';
        status.className = 'outline-status';
        status.setAttribute('role', 'status');
        group.querySelector('.outline-help').after(status);
        group.classList.add('outline-scripted');
    });
}
