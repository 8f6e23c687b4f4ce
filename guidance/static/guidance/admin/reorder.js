'use strict';
// Reordering for inline rows with a "position" field (hidden: no number to
// type): the ↑/↓ buttons move a row and renumber its siblings' position
// inputs in page order; new rows get the next free position. Saving the page stores the new order. A row is
// a table row (tabular inlines) or a stacked block (stacked inlines).
{
    const ROWS = ':scope > tr.form-row, :scope > div.inline-related';
    const positionInput = (row) => row.querySelector('input[name$="-position"]:not([name^="initial-"])');
    const siblingGroup = (row) => {
        const parent = row.querySelector('select[name$="-parent"]');
        return parent ? parent.value : '';
    };
    const isFilled = (row) => {
        const id = row.querySelector('input[type="hidden"][name$="-id"]');
        if (id && id.value) {
            return true;
        }
        return Array.from(row.querySelectorAll('input[type="text"], textarea'))
            .some((field) => field !== positionInput(row) && field.value.trim() !== '');
    };
    const rowsOf = (tbody) => Array.from(tbody.querySelectorAll(ROWS))
        .filter((row) => !row.classList.contains('empty-form') && positionInput(row));

    function renumber(tbody) {
        const counters = new Map();
        for (const row of rowsOf(tbody)) {
            if (!isFilled(row)) {
                continue;
            }
            const group = siblingGroup(row);
            counters.set(group, (counters.get(group) || 0) + 1);
            positionInput(row).value = counters.get(group);
        }
    }

    const rowId = (row) => {
        const id = row.querySelector('input[type="hidden"][name$="-id"]');
        return id ? id.value : '';
    };

    // A section's row travels with the rows of its subsections.
    function blockOf(row) {
        const id = rowId(row);
        const children = id ? rowsOf(row.parentNode).filter((other) => siblingGroup(other) === id) : [];
        return [row, ...children];
    }

    function move(row, step) {
        const tbody = row.parentNode;
        const group = siblingGroup(row);
        const siblings = rowsOf(tbody).filter((other) => isFilled(other) && siblingGroup(other) === group);
        const target = siblings[siblings.indexOf(row) + step];
        if (!target) {
            return;
        }
        const targetBlock = blockOf(target);
        const before = step < 0 ? target : targetBlock[targetBlock.length - 1].nextSibling;
        for (const member of blockOf(row)) {
            tbody.insertBefore(member, before);
        }
        renumber(tbody);
        row.querySelector(`button.reorder-${step < 0 ? 'up' : 'down'}`).focus();
    }

    function addButtons(row) {
        const input = positionInput(row);
        if (!input || row.querySelector('button.reorder-up')) {
            return;
        }
        // A hidden position: the buttons go in the row's first cell (a table
        // row) or its title bar (a stacked block).
        const place = input.type === 'hidden'
            ? row.querySelector(':scope > td.original') || row.querySelector(':scope > h3')
            : null;
        let previous = input;
        for (const [step, label, name] of [[-1, '↑', 'up'], [1, '↓', 'down']]) {
            const button = document.createElement('button');
            button.type = 'button';
            button.className = `reorder-button reorder-${name}`;
            button.textContent = label;
            button.title = `Move ${name}`;
            button.setAttribute('aria-label', `Move ${name}`);
            button.addEventListener('click', () => move(row, step));
            if (place) {
                place.append(button);
            } else {
                previous.after(button);
                previous = button;
            }
        }
    }

    function nextPosition(row) {
        const group = siblingGroup(row);
        const taken = rowsOf(row.parentNode)
            .filter((other) => other !== row && siblingGroup(other) === group)
            .map((other) => parseInt(positionInput(other).value, 10))
            .filter((value) => !Number.isNaN(value));
        return taken.length ? Math.max(...taken) + 1 : 1;
    }

    document.addEventListener('DOMContentLoaded', () => {
        // The formset's blank template row gets its buttons when a copy is added.
        document.querySelectorAll(
            '.reorderable tr.form-row:not(.empty-form), .reorderable div.inline-related:not(.empty-form)'
        ).forEach(addButtons);
    });
    document.addEventListener('formset:added', (event) => {
        const row = event.target;
        if (!row.closest('.reorderable') || !positionInput(row)) {
            return;
        }
        addButtons(row);
        positionInput(row).value = nextPosition(row);
    });
}
