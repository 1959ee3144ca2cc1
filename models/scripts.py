"""The scripted prompts shown beside each intake step."""
from __future__ import annotations

from models.catalog import ScriptPrompt


def prompts_for(step: str, language: str) -> list[ScriptPrompt]:
    """Active prompts of a step in a language, falling back to Chinese."""
    query = (
        ScriptPrompt.select()
        .where(ScriptPrompt.step == step, ScriptPrompt.active)
        .order_by(ScriptPrompt.sort_order)
    )
    prompts = list(query.where(ScriptPrompt.language == language))
    return prompts or list(query.where(ScriptPrompt.language == "zh_CN"))
