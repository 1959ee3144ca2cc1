"""0030: the house's intake prompts as the defaults now word them, where a database still holds them as seeded.

The Chinese prompts said 客人 beside the screens' 顾客 on every intake page, 处理办法 for the 处理方案 the page
is headed with, 拒绝 / 提出新要求 for the answers the buttons call 不接受 / 另提要求, 签字 for the 签名 taken and
存档 for 归档; "道歉要具体……" (and its English) stood under "Say" though it is advice to the duty manager, not a
sentence for the customer; and the English first prompt still said "You are the first receiver" (首问负责 word for
word, reworded in the defaults without a migration). ``resources/catalog/defaults.json`` seeds new databases
with the new wording; here a prompt of an existing database takes it only where its text is still the old
default's, word for word: one the office has edited (Catalogues → Prompts) is the house's own and is left
as it is, as its kind, its order and whether it is retired. No audit event: nobody changed the house's rules.

``down`` puts the old wording back on the prompts that still hold the new one.

Frozen like every migration: never edit it once released.
"""

# (language, old text, old kind, new text, new kind)
PROMPTS = (
    ("zh_CN", "您是第一受理人：不把客人推给别人，权限内的当场处理，从头跟到底。", "attitude",
     "您是第一受理人：不把顾客推给别人，权限内的当场处理，从头跟到底。", "attitude"),
    ("zh_CN", "周围顾客较多或客人情绪激动时，先请客人到安静处坐下，并记录地点。", "check",
     "周围顾客较多或顾客情绪激动时，先请顾客到安静处坐下，并记录地点。", "check"),
    ("zh_CN", "先听完，不打断、不辩解；记下客人的原话和要求。", "attitude",
     "先听完，不打断、不辩解；记下顾客的原话和要求。", "attitude"),
    ("zh_CN", "站在客人角度表示同情，用自己的话说，例如：“遇到这种事，换了我也会着急。”", "phrase",
     "站在顾客角度表示同情，用自己的话说，例如：“遇到这种事，换了我也会着急。”", "phrase"),
    ("zh_CN", "用自己的话复述一遍客人的投诉和要求，请客人确认没有遗漏。", "check",
     "用自己的话复述一遍顾客的投诉和要求，请顾客确认没有遗漏。", "check"),
    ("zh_CN", "感谢客人直接告诉我们：“谢谢您当面指出来，这能帮我们改进。”", "phrase",
     "感谢顾客直接告诉我们：“谢谢您当面指出来，这能帮我们改进。”", "phrase"),
    ("zh_CN", "告诉客人需要调查及大致等候时间：“我马上去核实，大约××分钟给您答复。”", "phrase",
     "告诉顾客需要调查以及大致等候时间：“我马上去核实，大约××分钟给您答复。”", "phrase"),
    ("zh_CN", "不推脱、不搪塞；到了承诺时间还没结果，先回去向客人说明进度。", "attitude",
     "不推脱、不搪塞；到了承诺时间还没结果，先回去向顾客说明进度。", "attitude"),
    ("zh_CN", "单独与客人接触时态度友善，不争吵、不辩论，不追究客人的对错。", "attitude",
     "单独与顾客接触时态度友善，不争吵、不辩论，不追究顾客的对错。", "attitude"),
    ("zh_CN", "记录投诉原因、客人要求、责任部门和当事员工。", "check",
     "记录投诉原因、顾客要求、责任部门和当事员工。", "check"),
    ("zh_CN", "先确认事实已经清楚，再按公司责任大小拟定处理办法。", "check",
     "先确认事实已经清楚，再按公司责任大小拟定处理方案。", "check"),
    ("zh_CN", "耐心向客人说明处理办法：“针对这件事，我们准备这样处理……您看可以吗？”", "phrase",
     "耐心向顾客说明处理方案：“针对这件事，我们准备这样处理……您看可以吗？”", "phrase"),
    ("zh_CN", "道歉要具体：说明为哪件事道歉，不要笼统地说“不好意思”。", "phrase",
     "道歉要具体：说明为哪件事道歉，不要笼统地说“不好意思”。", "attitude"),
    ("zh_CN", "征求客人的意见：“这样处理您看满意吗？还有其他要求吗？”", "phrase",
     "征求顾客的意见：“这样处理您看满意吗？还有其他要求吗？”", "phrase"),
    ("zh_CN", "客人不同意时不争辩，记下客人的想法，重新拟定方案。", "attitude",
     "顾客不接受时不争辩，记下顾客的想法，重新拟定方案。", "attitude"),
    ("zh_CN", "记录客人是接受、拒绝还是提出新要求；请客人签字，或注明口头同意的见证人。", "check",
     "记录顾客是接受、不接受还是另提要求；请顾客签名，或注明口头同意的见证人。", "check"),
    ("zh_CN", "客人仍不接受时，如实告知其他可用的内部和外部途径，并上报办公室。", "check",
     "顾客仍不接受时，如实告知其他可用的内部和外部途径，并上报办公室。", "check"),
    ("zh_CN", "感谢客人：“谢谢您给我们改正的机会。”", "phrase",
     "感谢顾客：“谢谢您给我们改正的机会。”", "phrase"),
    ("zh_CN", "兑现承诺：赠送、退款、维修等逐项落实，并告知客人。", "check",
     "兑现承诺：赠送、退款、维修等逐项落实，并告知顾客。", "check"),
    ("zh_CN", "需要回访的，与客人约定回访时间和方式，并登记回访任务。", "check",
     "需要回访的，与顾客约定回访时间和方式，并登记回访任务。", "check"),
    ("zh_CN", "填写完整的投诉记录，交办公室存档。", "check",
     "填写完整的投诉记录，交办公室归档。", "check"),
    ("en", "Make the apology specific: say what you are sorry for, not just a general \"sorry\".", "phrase",
     "Make the apology specific: say what you are sorry for, not just a general \"sorry\".", "attitude"),
    ("en", "You are the first receiver: do not pass the customer on; handle what you can now and see it through.",
     "attitude",
     "You own this complaint from the first contact: do not pass the customer on; handle what you can now and see "
     "it through.", "attitude"),
)


def _rewrite(db, pairs):
    mark = db.param
    for language, text, kind, new_text, new_kind in pairs:
        db.execute_sql(
            f"UPDATE script_prompt SET text = {mark}, kind = {mark} WHERE language = {mark} AND text = {mark} "
            f"AND kind = {mark}",
            (new_text, new_kind, language, text, kind),
        )


def up(migrator, db):
    _rewrite(db, PROMPTS)


def down(migrator, db):
    _rewrite(db, [(language, new, new_kind, old, kind) for language, old, kind, new, new_kind in PROMPTS])
