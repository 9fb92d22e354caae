"""The quizzes' own markup: the answer line's box and its Copy button, the radio group, the style.

Everything here is self-contained HTML (inline script and style), so a quiz behaves the
same in JupyterLab, Jupyter Notebook 7 and JupyterLite, and wherever its HTML is shown.
"""

from __future__ import annotations

import html
import itertools

from .attempts import GRADED_LABEL
from .hints import markdown_html
from .keep_keys import stop_keys
from .stopped import stopped_rules, stopped_text

__all__ = ["GRADED_NOTE", "GRADE_INTRO", "PRACTICE_INTRO", "QUIZ_STYLE", "STALE_TEXT", "WATCH", "group_name", "paste_box",
           "radio_group"]

# The Copy button is a native <button>: Tab reaches it, Enter or Space presses it. It copies
# the text of the <code> inside its own box's <pre>, the answer line and nothing else (the
# sentence above the line has a <code> of its own). Where the Clipboard API is missing or
# refused (a hub served over plain http), it selects the line and asks the browser to copy
# the selection; if that fails too, the line stays selected and the button says what to do.
# The markup carries its own script, so it works wherever the HTML is shown. The button does
# not suppress the notebook's shortcuts: Esc, then J or K, leave it like any other control.
_COPY = ("var b=this,c=b.closest('.summit-paste').querySelector('pre code'),t=c.textContent;"
         "var done=function(ok){b.textContent=ok?'Copied':'Select the line and press Ctrl+C'};"
         "var by_selection=function(){var r=document.createRange();r.selectNodeContents(c);"
         "var s=window.getSelection();s.removeAllRanges();s.addRange(r);var ok=false;"
         "try{ok=document.execCommand('copy')}catch(e){}done(ok)};"
         "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t)"
         ".then(function(){done(true)},by_selection)}else{by_selection()}")
# A multiple choice is one native radio group (shared name, in a fieldset): Tab reaches it
# once, the arrow keys move the choice. The arrow keys and Space stop at the group, so
# JupyterLab's command mode does not also take ArrowDown to the next cell; Jupyter Notebook 7
# handles shortcuts before the page sees them, so each radio (Lumino looks at the focused
# element first, not its group) carries data-lm-suppress-shortcuts. ipywidgets' own RadioButtons (8.1) gives each option its own
# unnamed input, so it stays hidden and only carries the choice to Python: a change here
# clicks its matching input.
_KEEP_KEYS = stop_keys("ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", " ")
# Two arrow presses in quick succession can cross with the widget's echo of the first, leaving
# Python one choice behind the one shown; so the hidden input is clicked again, a moment later,
# while the shown choice is still this one and the hidden group disagrees.
_SYNC = ("var q=this.closest('.summit-quiz');var want=this.value;var sync=function(){"
         "var shown=q&&q.querySelector('.summit-choices input:checked');if(!shown||shown.value!==want)return;"
         "var i=q.querySelector('.summit-choice-sync input[value=\"'+want+'\"]');if(i&&!i.checked)i.click()};"
         "sync();setTimeout(sync,250);setTimeout(sync,1000)")
STALE_TEXT = stopped_text("quiz") + " (click in it and press Shift+Enter) to use it."
# A quiz whose kernel is gone must not look alive (summit_course.stopped): its old feedback is
# hidden and STALE_TEXT shows (the answer line stays: it is still right to paste), instead of
# the broken-link icon ipywidgets puts before every control, which also cut the buttons' labels
# ("Check answ…"). Where no such mark comes (a kernel shut down, a lost connection), a press of
# a quiz button that gets no answer within 5 seconds shows the same text, until an answer does come.
QUIZ_STYLE = (
    "<style>"
    + stopped_rules(".summit-quiz", ".summit-feedback-area") +
    ".summit-quiz .jupyter-button{width:auto;min-width:max-content;max-width:100%}"
    ".summit-quiz{max-width:100%}.summit-quiz .widget-html-content{line-height:1.4}"
    ".summit-quiz .widget-hbox{flex-wrap:wrap}"
    ".summit-quiz .widget-dropdown{flex-wrap:wrap;height:auto;max-width:100%;column-gap:0.75em}"
    ".summit-quiz .widget-dropdown>label{white-space:normal;text-align:left;max-width:100%;"
    "overflow:visible;height:auto;line-height:1.3;margin:0.2em 0}"
    ".summit-quiz .widget-dropdown>select{max-width:100%;min-width:6em;flex:0 1 auto}"
    ".summit-quiz .widget-checkbox{height:auto;max-width:100%}"
    ".summit-quiz .widget-checkbox label,.summit-quiz .widget-checkbox .widget-label-basic"
    "{white-space:normal;overflow:visible;height:auto;line-height:1.3}"
    ".summit-quiz .summit-paste pre{white-space:pre-wrap;overflow-wrap:anywhere}"
    "</style>"
)
WATCH = (
    "if(!window.summitQuizWatch){window.summitQuizWatch=1;document.addEventListener('click',function(e){"
    "var b=e.target.closest&&e.target.closest('.summit-quiz button.jupyter-button');if(!b)return;"
    "var q=b.closest('.summit-quiz'),f=q.querySelector('.summit-feedback-area');if(!f)return;"
    "var before=f.innerHTML;setTimeout(function(){if(f.innerHTML===before)q.classList.add('summit-no-answer')},5000);"
    "if(!q.summitWatched){q.summitWatched=1;new MutationObserver(function(){q.classList.remove('summit-no-answer')})"
    ".observe(f,{childList:true,subtree:true,characterData:true})}},true)}"
)



#: The line under a graded quiz's question, read before its controls: how many checks it gives.
GRADED_NOTE = (f'<p class="summit-graded"><strong>{GRADED_LABEL}.</strong> Each new answer you check uses one; '
               "checking the same answer again is free. After two, copy your answer line into the answer cell: "
               "it is graded as it stands.</p>")
GRADE_INTRO = "To count for your grade, put this line in the answer cell, replacing the <code>...</code> line:"
#: A practice quiz (no points) says nothing of grades: the line only keeps the answer in the notebook.
PRACTICE_INTRO = "To keep your answer in the notebook, put this line in the answer cell, replacing the <code>...</code> line:"


def paste_box(line: str, intro: str = GRADE_INTRO) -> str:
    """The answer line in a code box of its own, with a keyboard-usable Copy button.

    ``intro`` (HTML) is the sentence above the line. The line is never announced by a live
    region it sits in (``aria-live="off"``): the sentence says what it is.
    """
    return (
        f'<div class="summit-paste"><p>{intro}</p>'
        '<pre aria-live="off" style="user-select: all; padding: 0.4em; border: 1px solid #999; margin: 0 0 0.3em; '
        f'white-space: pre-wrap"><code>{html.escape(line)}</code></pre>'
        '<button type="button" class="summit-copy" aria-label="Copy the answer line" '
        f'onclick="{html.escape(_COPY)}">Copy</button></div>'
    )


def radio_group(name: str, labels: list[str]) -> str:
    """One native radio group in a fieldset, its inputs sharing ``name``."""
    items = "".join(
        f'<label class="summit-option" style="display: block"><input type="radio" name="{html.escape(name)}" '
        'data-lm-suppress-shortcuts="true" '
        f'value="{i}" onchange="{html.escape(_SYNC)}"> '
        f"{markdown_html(label)}</label>"
        for i, label in enumerate(labels)
    )
    return (f'<fieldset class="summit-choices" data-lm-suppress-shortcuts="true" '
            f'onkeydown="{html.escape(_KEEP_KEYS)}" '
            f'style="border: 0; margin: 0; padding: 0"><legend>Your answer:</legend>{items}</fieldset>')


_GROUPS = itertools.count(1)


def group_name(exercise_id: str) -> str:
    """A radio group name of its own for each quiz shown (the same quiz may be shown twice)."""
    return f"summit-{exercise_id}-{next(_GROUPS)}"

