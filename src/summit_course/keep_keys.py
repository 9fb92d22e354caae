"""Keys pressed in a quiz's or an explorer's drop-down or slider stay there, not in the notebook.

JupyterLab's command mode takes ArrowDown and ArrowUp to move between cells, so in a focused
drop-down they changed the active cell as well as (or instead of) the choice. ipywidgets stops
key events at its text boxes; :data:`KEEP_KEYS` does the same for the course's widgets: once the
widget is in the page, a listener on its outer element stops the keys that move a drop-down or a
slider from going further up, and each such control carries ``data-lm-suppress-shortcuts`` (read
by Jupyter Notebook 7, which handles shortcuts before the page sees them). Escape and
Shift+Enter are left alone, so a student still leaves a control and runs a cell as ever.

Tab from the widget's last control (a quiz's Copy button, most often) went on to JupyterLab's
side panels, since a notebook's cells are no Tab stops: there it goes to the next cell's editor
instead (where the copied line is pasted), when the notebook has one.
"""

from __future__ import annotations

from .live import on_render

__all__ = ["CONTROLS", "KEEP_KEYS", "KEYS", "stop_keys"]

def stop_keys(*keys: str) -> str:
    """An ``onkeydown`` handler that keeps ``keys`` from going further up than its element."""
    listed = ",".join(f"'{key}'" for key in keys)
    return f"if([{listed}].includes(event.key))event.stopPropagation()"


CONTROLS = "select,[role=slider]"
KEYS = ("ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", " ")
_SCRIPT = (
    "var img=this,go=function(){var q=img.closest('.summit-quiz,.summit-explorer');"
    "if(!q)return setTimeout(go,100);if(q.dataset.summitKeys)return;q.dataset.summitKeys='1';"
    f"var keys={list(KEYS)!r};"
    f"var mark=function(){{q.querySelectorAll('{CONTROLS}').forEach(function(x){{"
    "if(!x.hasAttribute('data-lm-suppress-shortcuts'))x.setAttribute('data-lm-suppress-shortcuts','true')})};"
    "mark();new MutationObserver(mark).observe(q,{childList:true,subtree:true});"
    f"q.addEventListener('keydown',function(e){{if(e.target.matches&&e.target.matches('{CONTROLS}')"
    "&&keys.indexOf(e.key)>=0)e.stopPropagation()});"
    "q.addEventListener('keydown',function(e){if(e.key!=='Tab'||e.shiftKey||e.ctrlKey||e.altKey||e.metaKey)return;"
    "var all=[].filter.call(q.querySelectorAll('button,input,select,textarea,[tabindex]'),function(x){"
    "return x.tabIndex>=0&&!x.disabled&&x.offsetParent!==null});if(all[all.length-1]!==e.target)return;"
    "var cell=q.closest('.jp-Cell'),next=cell&&cell.nextElementSibling;"
    "while(next&&!next.querySelector('.cm-content'))next=next.nextElementSibling;"
    "if(!next)return;e.preventDefault();e.stopPropagation();next.scrollIntoView({block:'nearest'});"
    "next.querySelector('.cm-content').focus()})};go()"
)
#: The hidden image whose ``onload`` installs the listener (put it in one HTML widget of the quiz or explorer).
KEEP_KEYS = on_render(_SCRIPT)
