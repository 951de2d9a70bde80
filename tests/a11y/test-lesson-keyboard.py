#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A lesson completed with the keyboard alone, as assistive technology sees
it: a learner is added, a pack and a lesson are opened, a page read, a quiz
answered, a scam SMS marked, a form left empty, a practice task ticked, and
the lesson finishes mastered. Every control is found by its accessible name
and reached with Tab, Return, Space and mnemonics; nothing is clicked."""

import json
import os
import shutil
import sys
import tempfile
import time

import pyatspi

import lalan_a11y as a

LESSON = {
    "title": {"zh_TW": "打招呼", "en": "Greeting"},
    "minutes": 10,
    "steps": [
        {"type": "page", "id": "intro"},
        {"type": "quiz", "id": "q1", "competence": "0.1", "level": 1,
         "question": {"en": "Which one?"},
         "choices": [
             {"id": "a", "text": {"en": "Apple"}, "correct": True, "feedback": {"en": "Yes, the apple."}},
             {"id": "b", "text": {"en": "Banana"}, "feedback": {"en": "No, not the banana."}}]},
        {"type": "scenario", "id": "sms", "screen": "sms", "competence": "4.2", "level": 2,
         "prompt": {"en": "Tap what is suspicious."},
         "header": {"title": {"en": "+886 912 345 678"}},
         "items": [
             {"id": "link", "suspicious": True, "why": {"en": "Short links hide where they go."}},
             {"id": "time", "suspicious": False, "why": {"en": "The time is normal."}}],
         "elements": [
             {"kind": "message", "time": "10:00", "parts": [
                 {"text": {"en": "Your parcel: "}}, {"text": {"en": "bit.ly/x"}, "item": "link"}]},
             {"kind": "text", "text": {"en": "Sent at 10:00"}, "item": "time"}]},
        {"type": "scenario", "id": "form", "screen": "form", "competence": "4.2", "level": 2,
         "prompt": {"en": "Fill in only what is safe."},
         "items": [{"id": "password", "kind": "field", "expect": "empty",
                    "why": {"en": "Never give a bank password."}}],
         "elements": [{"kind": "field", "item": "password", "text": {"en": "Bank password"}}]},
        {"type": "practice", "id": "do", "tasks": [{"id": "t1", "text": {"en": "Save 165 in your contacts."}}]},
    ],
}


def write_pack(root):
    pack = os.path.join(root, "keyboard.pack")
    lesson = os.path.join(pack, "greeting")
    os.makedirs(lesson)
    with open(os.path.join(pack, "pack.json"), "w", encoding="utf-8") as f:
        json.dump({"id": "keyboard.pack", "version": "1.0",
                   "title": {"zh_TW": "鍵盤", "en": "Keyboard pack"},
                   "languages": ["zh_TW", "en"], "license": "CC-BY-4.0",
                   "authors": ["Test"], "lessons": ["greeting"]}, f)
    with open(os.path.join(lesson, "lesson.json"), "w", encoding="utf-8") as f:
        json.dump(LESSON, f)
    for lang, text in (("en", "# Hello\n\nA page read with the keyboard.\n"),
                       ("zh_TW", "# 你好\n\n用鍵盤讀的一頁。\n")):
        with open(os.path.join(lesson, f"intro.{lang}.md"), "w", encoding="utf-8") as f:
            f.write(text)


def focused_nodes(root):
    return [n for n in a.find_all(root, None, None, only_showing=False)
            if n.getState().contains(pyatspi.STATE_FOCUSED)]


def focused(frame, name):
    for node in a.find_all(frame, None, name, only_showing=False):
        try:
            if node.getState().contains(pyatspi.STATE_FOCUSED):
                return True
        except Exception:
            pass
    return False


def wait_focused(frame, name, timeout=10):
    a.wait_until(lambda: focused(frame, name), f"{name!r} to have the keyboard focus", timeout)


def tab_to(frame, name, limit=30):
    """Presses Tab until the control named @name has the focus."""
    for _ in range(limit):
        if focused(frame, name):
            return
        a.press("Tab")
    raise AssertionError(f"Tab never reached {name!r}")


def activate_window(window):
    """Without a window manager, X gives the keyboard to the window under
    the pointer; a new window under a pointer that does not move is not
    told. Move it out and back."""
    pyatspi.Registry.generateMouseEvent(1279, 799, "abs")
    time.sleep(0.3)
    a.focus_window(window)


def step(message):
    print(f"# {message}")
    sys.stdout.flush()


lessons_dir = tempfile.mkdtemp(prefix="lalan-a11y-lessons-")
write_pack(lessons_dir)
app = a.App(extra_env={"LALAN_LESSONS_DIR": lessons_dir})
status = 0
try:
    frame = a.wait_for(app.root, "frame")
    a.focus_window(frame)

    step("Who is learning? Add a learner with Alt+A")
    a.wait_for(frame, "push button", "Add a Learner")
    a.press("a", modifiers=("Alt",))
    dialog = a.wait_for(app.root, None, "New Learner")
    activate_window(dialog)
    # The name field has the keyboard: what is typed there, and Return
    # there, save the learner. (Without a window manager this dialog is
    # never "active" on the bus, so its focus cannot be asked.)
    a.wait_for(dialog, None, "Name or nickname")
    a.type_text("Ipay")
    a.press("Return")
    a.wait_until(lambda: not a.find_all(app.root, None, "New Learner"), "the dialog to close")
    activate_window(frame)
    print("ok - a learner added from the keyboard")

    step("The library: the first pack has the focus")
    pack = a.wait_for(frame, None, "Keyboard pack. 0 of 1 lesson completed")
    wait_focused(frame, "Keyboard pack. 0 of 1 lesson completed")
    a.press("Return")
    wait_focused(frame, "All Lesson Packs")
    tab_to(frame, "1. Greeting. Not started")
    a.press("Return")
    print("ok - a pack and a lesson opened with Return")

    step("A page, then Next")
    a.wait_for(frame, "heading", "Hello")
    wait_focused(frame, "Next")
    a.press("Return")

    step("The quiz: the first choice has the focus; answer with Return")
    wait_focused(frame, "Apple")
    a.press("Tab")
    wait_focused(frame, "Banana")
    a.press("Return")
    a.wait_for(frame, "label", "Not quite.")
    a.wait_for(frame, "label", "No, not the banana.")
    wait_focused(frame, "Try Again")
    a.press("Return")
    wait_focused(frame, "Apple")
    a.press("space")
    a.wait_for(frame, "label", "Right!")
    a.wait_for(frame, "label", "Yes, the apple.")
    print("ok - quiz feedback for a wrong and a right answer")
    a.press("n", modifiers=("Alt",))

    step("The SMS: mark the short link with Space, then Alt+D")
    wait_focused(frame, "bit.ly/x")
    a.press("space")
    # 2 of 2 right only if the link was marked (and the time left alone).
    a.press("d", modifiers=("Alt",))
    a.wait_for(frame, "label", "You got 2 of 2 right.")
    print("ok - a scam message marked and explained")
    a.press("n", modifiers=("Alt",))

    step("The form: a password typed is wrong; after Try Again, left empty")
    a.wait_for(frame, None, "Bank password")
    a.type_text("1234")
    a.press("d", modifiers=("Alt",))
    a.wait_for(frame, "label", "You got 0 of 1 right.")
    a.wait_for(frame, "label", "Never give a bank password.")
    a.press("t", modifiers=("Alt",))
    wait_focused(frame, "Done")
    a.press("Return")
    a.wait_for(frame, "label", "You got 1 of 1 right.")
    print("ok - a form filled wrongly, then wisely left empty")
    a.press("n", modifiers=("Alt",))

    step("Practice: tick the task with Space, then Finish with Alt+F")
    wait_focused(frame, "Save 165 in your contacts.")
    a.press("space")
    a.press("f", modifiers=("Alt",))
    a.wait_for(frame, None, "Lesson Mastered")
    wait_focused(frame, "Back to Lessons")
    print("ok - the lesson completed and mastered with the keyboard alone")

    step("Back to the lessons: the lesson says so")
    a.press("Return")
    a.wait_for(frame, None, "1. Greeting. Mastered")
    print("ok - the library shows the lesson mastered")
except AssertionError as e:
    print(f"not ok - {e}")
    status = 1
finally:
    app.close()
    shutil.rmtree(lessons_dir, ignore_errors=True)

sys.exit(status)
