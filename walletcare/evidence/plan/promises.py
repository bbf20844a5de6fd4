"""Promises in contact notes ("refund within 3 working days", "3个工作日内退款", "三個工作天內回覆") read
as a length of time, so the plan can date them from the contact and mark them overdue."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "fourteen": 14, "fifteen": 15, "thirty": 30, "a": 1, "an": 1}
_NUMBER = r"(\d{1,3}|[零一二两兩三四五六七八九十]{1,3})"
_ZH = re.compile(_NUMBER + r"\s*(?:个|個)?\s*(工作日|工作天|个工作日|個工作日|自然日|天|日|小时|小時|个小时|個小時|周|週|星期)")
_EN = re.compile(r"\b(\d{1,3}|" + "|".join(_EN_NUMBERS) + r")[\s-]+(working|business)?[\s-]*(days?|hours?|weeks?)\b",
                 re.I)


@dataclass(frozen=True)
class Promise:
    """A length of time: ``count`` of ``unit`` (``days``, ``working_days`` or ``hours``)."""

    count: int
    unit: str


def _zh_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text) if len(text) == 1 else None


def find_promise(text: str) -> Promise | None:
    """The first length of time promised in ``text`` (zh-CN, zh-TW or English), or None."""
    m = _ZH.search(text)
    if m:
        count = _zh_number(m.group(1))
        word = m.group(2)
        if count is not None and count > 0:
            if "工作" in word:
                return Promise(count, "working_days")
            if "小" in word:
                return Promise(count, "hours")
            if word in ("周", "週", "星期"):
                return Promise(count * 7, "days")
            return Promise(count, "days")
    m = _EN.search(text)
    if m:
        raw = m.group(1).lower()
        count = int(raw) if raw.isdigit() else _EN_NUMBERS[raw]
        unit = m.group(3).lower()
        if count > 0:
            if unit.startswith("hour"):
                return Promise(count, "hours")
            if unit.startswith("week"):
                return Promise(count * 7, "days")
            return Promise(count, "working_days" if m.group(2) else "days")
    return None
