"""Migration 0030: the intake prompts a database still holds as seeded take the defaults' new wording (顾客 not
客人, 处理方案, 不接受 / 另提要求, the apology advice kept in mind, not said); a prompt the office edited stays."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from models.catalog import ScriptPrompt
from models.database import open_database
from models.defaults import read_defaults

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0029.db"


def test_the_seeded_prompts_take_the_new_wording_and_an_edited_one_stays(tmp_path: Path) -> None:
    copy = tmp_path / "desk.db"
    shutil.copy(FIXTURE, copy)
    with closing(sqlite3.connect(copy)) as raw, raw:
        before = raw.execute("SELECT count(*) FROM script_prompt WHERE text LIKE '%客人%'").fetchone()[0]
        # The office's own wording of one prompt: the house's, kept.
        seeded = "感谢客人：“谢谢您给我们改正的机会。”"
        raw.execute("UPDATE script_prompt SET text = '感谢客人：“多谢您。”' WHERE text = ?", (seeded,))
    assert before > 10
    database = open_database(str(copy))
    try:
        texts = [prompt.text for prompt in ScriptPrompt.select().where(ScriptPrompt.language == "zh_CN")]
        assert [text for text in texts if "客人" in text] == ["感谢客人：“多谢您。”"]
        assert not [text for text in texts if "办法" in text or "拒绝" in text or "新要求" in text or "存档" in text]
        assert "记录顾客是接受、不接受还是另提要求；请顾客签名，或注明口头同意的见证人。" in texts
        apology = ScriptPrompt.get(ScriptPrompt.text.startswith("道歉要具体"))
        assert apology.kind == "attitude"
        english = [prompt.text for prompt in ScriptPrompt.select().where(ScriptPrompt.language == "en")]
        assert not [text for text in english if "first receiver" in text]
        # As a new database is seeded: every untouched prompt now reads as the defaults do.
        seeded = {(p["language"], p["text"], p["kind"]) for p in read_defaults()["prompts"]}
        held = {(p.language, p.text, p.kind) for p in ScriptPrompt.select() if p.text != "感谢客人：“多谢您。”"}
        assert held <= seeded
    finally:
        database.close()
