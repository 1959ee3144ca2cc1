"""The one table of names for the stored codes (states, severities, channels,
liabilities, answers, proposals, decisions, follow-ups, history actions,
roles, remedy kinds, intake steps, prompt kinds, escalation-risk levels and
groups), shared by the screens and the printed forms.

Each name holds its English source text, marked for Qt Linguist, and the
Chinese the forms print. The forms print without Qt, so they take the text
from here in the form's language; the screens translate the source text
through Qt's catalogue (``ui.labels.code_name``).

The groups share the translation context "Labels": the same English word
names the same thing there. The customer's answer and the history's actions
have their own contexts, since their words mean something else in another
group ("Declined" is the answer 不接受 and the state 顾客不接受; "Closed" is
the action 结案 and the state 已结案).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ui.paper.labels import form_language


class Source(NamedTuple):
    """An English source text and the Qt translation context it belongs to."""

    context: str
    text: str


def QT_TRANSLATE_NOOP(context: str, text: str) -> Source:  # noqa: N802 - the name lupdate looks for
    """Mark ``text`` for translation in ``context`` (lupdate reads the call) and keep both for the screens."""
    return Source(context, text)


@dataclass(frozen=True)
class CodeName:
    """A stored code's name: ``source`` for the screens, ``zh`` for the Chinese form,
    ``en`` for the English form where it says more than the screens (else the source)."""

    source: Source
    zh: str
    en: str = ""

    def printed(self, language: str) -> str:
        if language == "zh_CN":
            return self.zh
        return self.en or self.source.text


CODE_NAMES: Mapping[str, Mapping[str, CodeName]] = {
    "state": {
        "received": CodeName(QT_TRANSLATE_NOOP("Labels", "Received"), "已受理"),
        "investigating": CodeName(QT_TRANSLATE_NOOP("Labels", "Investigating"), "调查中"),
        "proposed": CodeName(QT_TRANSLATE_NOOP("Labels", "Proposed"), "已提出方案", en="Proposal offered"),
        "agreed": CodeName(QT_TRANSLATE_NOOP("Labels", "Agreed"), "顾客已接受"),
        "declined": CodeName(QT_TRANSLATE_NOOP("Labels", "Declined"), "顾客不接受"),
        "escalated": CodeName(QT_TRANSLATE_NOOP("Labels", "Escalated"), "已上报办公室", en="Escalated to the office"),
        "decided": CodeName(QT_TRANSLATE_NOOP("Labels", "Decided by the office"), "办公室已决定"),
        "closed": CodeName(QT_TRANSLATE_NOOP("Labels", "Closed"), "已结案"),
        "withdrawn": CodeName(QT_TRANSLATE_NOOP("Labels", "Withdrawn"), "已撤回"),
    },
    "channel": {
        "in_person": CodeName(QT_TRANSLATE_NOOP("Labels", "In person"), "现场"),
        "phone": CodeName(QT_TRANSLATE_NOOP("Labels", "Phone"), "电话"),
        "online": CodeName(QT_TRANSLATE_NOOP("Labels", "Online"), "网络"),
        "letter": CodeName(QT_TRANSLATE_NOOP("Labels", "Letter"), "信函"),
        "referred": CodeName(QT_TRANSLATE_NOOP("Labels", "Referred"), "转办"),
    },
    "severity": {
        "low": CodeName(QT_TRANSLATE_NOOP("Labels", "Low"), "一般"),
        "medium": CodeName(QT_TRANSLATE_NOOP("Labels", "Medium"), "较重"),
        "high": CodeName(QT_TRANSLATE_NOOP("Labels", "High"), "严重"),
    },
    "liability": {
        "none": CodeName(QT_TRANSLATE_NOOP("Labels", "None"), "无责任"),
        "misunderstanding": CodeName(
            QT_TRANSLATE_NOOP("Labels", "Misunderstanding (policy explained)"), "误解（已解释公司规定）"
        ),
        "partial": CodeName(QT_TRANSLATE_NOOP("Labels", "Partial"), "部分责任"),
        "full": CodeName(QT_TRANSLATE_NOOP("Labels", "Full"), "全部责任"),
    },
    "consent": {
        "accepted": CodeName(QT_TRANSLATE_NOOP("ConsentLabels", "Accepted"), "接受"),
        "declined": CodeName(QT_TRANSLATE_NOOP("ConsentLabels", "Declined"), "不接受"),
        "countered": CodeName(QT_TRANSLATE_NOOP("ConsentLabels", "Counter-demand"), "另提要求"),
    },
    # What became of a proposal in records of format 1, which keep no answer per proposal.
    "proposal_status": {
        "draft": CodeName(QT_TRANSLATE_NOOP("Labels", "Draft"), "草稿"),
        "offered": CodeName(QT_TRANSLATE_NOOP("Labels", "Offered"), "已提出"),
        "escalated": CodeName(QT_TRANSLATE_NOOP("Labels", "Escalated to the office"), "已上报办公室"),
        "decided": CodeName(QT_TRANSLATE_NOOP("Labels", "Decided by the office"), "办公室已决定"),
        "accepted": CodeName(QT_TRANSLATE_NOOP("Labels", "Accepted"), "顾客已接受"),
        "declined": CodeName(QT_TRANSLATE_NOOP("Labels", "Declined"), "顾客不接受"),
        "countered": CodeName(QT_TRANSLATE_NOOP("Labels", "Countered"), "顾客另提要求"),
        "superseded": CodeName(QT_TRANSLATE_NOOP("Labels", "Superseded"), "已由新方案取代"),
    },
    "proposal_stage": {
        "draft": CodeName(QT_TRANSLATE_NOOP("Labels", "Draft"), "草稿"),
        "offered": CodeName(QT_TRANSLATE_NOOP("Labels", "Offered to the customer"), "已向顾客提出"),
        "escalated": CodeName(QT_TRANSLATE_NOOP("Labels", "Escalated to the office"), "已上报办公室"),
        "decided": CodeName(QT_TRANSLATE_NOOP("Labels", "Decided by the office"), "办公室已决定"),
        "superseded": CodeName(QT_TRANSLATE_NOOP("Labels", "Replaced by a new proposal"), "已由新方案取代"),
        "superseded_by_office": CodeName(
            QT_TRANSLATE_NOOP("Labels", "Superseded by the office's change"), "已由办公室调整"
        ),
    },
    "decision": {
        "approved": CodeName(QT_TRANSLATE_NOOP("Labels", "Approved"), "已批准"),
        "changed": CodeName(QT_TRANSLATE_NOOP("Labels", "Remedy changed by the office"), "调整补偿方式"),
        "taken_over": CodeName(QT_TRANSLATE_NOOP("Labels", "Taken over by the office"), "已由办公室接管"),
    },
    "follow_up": {
        "call_back": CodeName(QT_TRANSLATE_NOOP("Labels", "Call-back"), "电话回访"),
        "promised_item": CodeName(QT_TRANSLATE_NOOP("Labels", "Promised item"), "兑现承诺事项"),
        "other": CodeName(QT_TRANSLATE_NOOP("Labels", "Other"), "其他"),
    },
    "action": {
        "received": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Received"), "受理登记"),
        "receipt_changed": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Receipt changed"), "修改受理信息"),
        "investigated": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Investigation recorded"), "记录调查结果"),
        "proposed": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Proposal offered"), "提出处理方案"),
        # The desk telling the customer the office's decision (its step is "proposed": the form looked for a
        # proposal of the desk's own that was not there).
        "decision_offered": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Office's decision told to the customer"), "向顾客转达办公室决定"
        ),
        "proposal": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Proposal details"), "方案内容"),
        "escalated": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Escalated to the office"), "上报办公室"),
        # Waiting for the office past the time the customer was told: a new one told (models.intake.tell_new_time).
        "new_time_told": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "New time told to the customer"), "告知顾客新的答复时间"
        ),
        "decision": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Office decision"), "办公室作出决定"),
        # The state the decision leaves the case in: back with the desk, or the office's own (taken over).
        "decided": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Decided: waiting for the customer's answer"), "已决定，待顾客答复"
        ),
        "remedy_changed": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Remedies changed by the office"), "办公室修改补偿"
        ),
        "consent": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Customer's answer recorded"), "记录顾客意见"),
        # A call-back or a promised item (回访 is a call-back only: a letter promised printed as one).
        "follow_up": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Follow-up recorded"), "登记后续事项"),
        "closed": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Closed"), "结案"),
        "withdrawn": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Withdrawn"), "撤回"),
        "sealed": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Sealed into the archive"), "封存归档"),
        "amended": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Archived record amended"), "更正归档记录"),
        "attachment": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Evidence attached"), "添加证据附件"),
        "referred": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Referred to an outside body"), "转介外部机构"),
        "taken_over": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Taken over by the office"), "已由办公室接管"),
        "risk_notified": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Office told of an escalation risk"), "通知办公室越级风险"
        ),
        "risk_assessed": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Open cases assessed for escalation risk"), "评估未结投诉的越级风险"
        ),
        "risk_acknowledged": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Risk warning acknowledged by the office"), "办公室已知悉风险"
        ),
        "external_recorded": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "External case recorded"), "登记外部投诉"
        ),
        "external_changed": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "External case corrected"), "修改外部投诉"
        ),
        "external_replying": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Reply to the outside body started"), "开始答复外部机构"
        ),
        "external_replied": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Reply sent to the outside body"), "已答复外部机构"
        ),
        "external_attachment": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "File added to the external case"), "外部投诉添加附件"
        ),
        "external_closed": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "External case closed"), "外部投诉结案"
        ),
        "external_sealed": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "External case sealed into the archive"), "外部投诉封存归档"
        ),
        "hotspot_told": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Joined a hot-spot; the office was told"), "属热点投诉，已通知办公室"
        ),
        "suggestion_accepted": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Suggestion taken into an improvement action"), "建议已纳入整改措施"
        ),
        "suggestion_dismissed": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Suggestion dismissed by the office"), "建议经办公室研究不予整改"
        ),
        "recovery_saved": CodeName(
            QT_TRANSLATE_NOOP("ActionLabels", "Recovery from a third party recorded"), "登记向第三方追偿"
        ),
        "recovery_removed": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Recovery mark removed"), "撤销追偿标记"),
        "follow_up_done": CodeName(QT_TRANSLATE_NOOP("ActionLabels", "Follow-up done"), "后续事项已完成"),
    },
    "external_state": {
        "received": CodeName(QT_TRANSLATE_NOOP("ExternalLabels", "Received"), "已收到"),
        "replying": CodeName(QT_TRANSLATE_NOOP("ExternalLabels", "Replying"), "答复中"),
        "replied": CodeName(QT_TRANSLATE_NOOP("ExternalLabels", "Replied, awaiting the outcome"), "已答复，待结果"),
        "closed": CodeName(QT_TRANSLATE_NOOP("ExternalLabels", "Closed"), "已结案"),
    },
    "external_outcome": {
        "resolved": CodeName(
            QT_TRANSLATE_NOOP("ExternalLabels", "Resolved (agreement or mediation)"), "已和解/调解成功"
        ),
        "explained": CodeName(
            QT_TRANSLATE_NOOP("ExternalLabels", "Explained; accepted by the outside body"), "已说明，外部机构认可"
        ),
        "not_accepted": CodeName(
            QT_TRANSLATE_NOOP("ExternalLabels", "Not taken up by the outside body"), "外部机构不予受理"
        ),
        "customer_withdrew": CodeName(QT_TRANSLATE_NOOP("ExternalLabels", "Withdrawn by the customer"), "顾客撤回"),
        "failed": CodeName(QT_TRANSLATE_NOOP("ExternalLabels", "Mediation failed or ended"), "调解不成/终止调解"),
        "ruled": CodeName(QT_TRANSLATE_NOOP("ExternalLabels", "Judgment or ruling"), "已判决/裁定"),
        "other": CodeName(QT_TRANSLATE_NOOP("ExternalLabels", "Other"), "其他"),
    },
    # Improvement actions (整改措施): their states, where they came from, the effect's verdict, their history.
    "action_state": {
        "open": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Open"), "待整改"),
        "in_progress": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "In progress"), "整改中"),
        "done": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Done, effect to verify"), "已完成待验证"),
        "effective": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Verified effective"), "验证有效"),
        "not_effective": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Verified not effective"), "验证无效"),
    },
    "action_source": {
        "hotspot": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Hot-spot"), "热点投诉"),
        "complaint": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Complaint"), "投诉"),
        "suggestion": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Desk's suggestion"), "值班经理建议"),
    },
    "effect_verdict": {
        "pending": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Not yet judged"), "尚待观察"),
        "effective": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Effective"), "有效"),
        "not_effective": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Not effective"), "无效"),
        "unclear": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Unclear"), "不明显"),
    },
    "action_event": {
        "action_created": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Created"), "创建"),
        "action_changed": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Changed"), "修改"),
        "action_linked": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Complaints linked"), "关联投诉"),
        "action_unlinked": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Complaint unlinked"), "取消关联投诉"),
        "action_started": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Started"), "开始整改"),
        "action_done": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Done"), "整改完成"),
        "action_verified": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Effect verified"), "效果验证"),
        "action_reopened": CodeName(QT_TRANSLATE_NOOP("ImprovementLabels", "Reopened"), "重新整改"),
        "suggestion_taken": CodeName(
            QT_TRANSLATE_NOOP("ImprovementLabels", "Desk's suggestion taken in"), "纳入值班经理建议"
        ),
    },
    "role": {
        "duty_manager": CodeName(QT_TRANSLATE_NOOP("Labels", "Duty manager"), "值班经理"),
        "office": CodeName(QT_TRANSLATE_NOOP("Labels", "Office"), "办公室"),
        "admin": CodeName(QT_TRANSLATE_NOOP("Labels", "Administrator"), "管理员"),
    },
    "remedy_kind": {
        "discount": CodeName(QT_TRANSLATE_NOOP("Labels", "Discount"), "折扣"),
        "free_item": CodeName(QT_TRANSLATE_NOOP("Labels", "Complimentary item"), "赠送物品"),
        "waived_bill": CodeName(QT_TRANSLATE_NOOP("Labels", "Bill waived"), "免单"),
        "voucher": CodeName(QT_TRANSLATE_NOOP("Labels", "Voucher"), "代金券"),
        "refund": CodeName(QT_TRANSLATE_NOOP("Labels", "Refund"), "退款"),
        "upgrade": CodeName(QT_TRANSLATE_NOOP("Labels", "Upgrade"), "升级"),
        "gift": CodeName(QT_TRANSLATE_NOOP("Labels", "Gift"), "礼品"),
        "exchange": CodeName(QT_TRANSLATE_NOOP("Labels", "Exchange"), "换货"),
        "repair": CodeName(QT_TRANSLATE_NOOP("Labels", "Repair or rework"), "维修/返工"),
        "replacement": CodeName(QT_TRANSLATE_NOOP("Labels", "Replacement"), "替换/重做"),
        "apology": CodeName(QT_TRANSLATE_NOOP("Labels", "Apology"), "道歉"),
        "information": CodeName(QT_TRANSLATE_NOOP("Labels", "Information"), "解释说明"),
        "compensation": CodeName(QT_TRANSLATE_NOOP("Labels", "Compensation in money"), "现金补偿"),
    },
    "step": {
        "receive": CodeName(QT_TRANSLATE_NOOP("Labels", "Receive and empathise"), "受理与安抚"),
        "investigate": CodeName(QT_TRANSLATE_NOOP("Labels", "Investigate"), "调查核实"),
        "propose": CodeName(QT_TRANSLATE_NOOP("Labels", "Propose"), "提出方案"),
        "consent": CodeName(QT_TRANSLATE_NOOP("Labels", "Customer's answer"), "顾客意见"),
        "close": CodeName(QT_TRANSLATE_NOOP("Labels", "Close"), "结案"),
    },
    "risk_level": {
        "none": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "No sign"), "无"),
        "watch": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "Watch"), "关注"),
        "high": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "High"), "高"),
    },
    "risk_group": {
        "12315": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "the 12315 consumer platform"), "12315消费者投诉平台"),
        "12345": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "the 12345 city hotline"), "12345政务服务便民热线"),
        "consumer_association": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "the consumer association"), "消费者协会"),
        "regulator": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "the market regulator"), "市场监管部门"),
        "media": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "the media"), "新闻媒体"),
        "social_media": CodeName(
            QT_TRANSLATE_NOOP("RiskLabels", "social media and review sites"), "社交媒体和点评网站"
        ),
        "legal": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "a lawyer or a court"), "律师或法院"),
        "head_office": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "head office or a superior"), "总部或上级"),
        "police": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "the police"), "公安机关"),
        "other": CodeName(QT_TRANSLATE_NOOP("RiskLabels", "elsewhere"), "其他渠道"),
    },
    "prompt_kind": {
        # Named with the group the intake's prompt panel shows them under (ui/intake/prompt_panel.py).
        "attitude": CodeName(QT_TRANSLATE_NOOP("Labels", "Keep in mind (attitude)"), "牢记（态度）"),
        "phrase": CodeName(QT_TRANSLATE_NOOP("Labels", "Say (a phrase)"), "可以这样说（话术）"),
        "check": CodeName(QT_TRANSLATE_NOOP("Labels", "Do (a check)"), "要做（检查项）"),
        "explanation": CodeName(QT_TRANSLATE_NOOP("Labels", "Keep in mind (explanation)"), "牢记（解释）"),
    },
}


def code_entry(group: str, code: object) -> CodeName | None:
    """The table's entry for ``code`` of ``group``, or None for an unknown code."""
    return CODE_NAMES[group].get(str(code))


def code_label(group: str, code: object, language: str | None) -> str:
    """The printed name of a stored code in a form's language ("zh_CN" or "en",
    as ``form_language`` reads it); an unknown code prints as itself."""
    if code is None or code == "":
        return ""
    name = code_entry(group, code)
    return str(code) if name is None else name.printed(form_language(language))


def code_groups(language: str | None) -> Mapping[str, Mapping[str, str]]:
    """Every code's printed name by group, in ``language``."""
    printed = form_language(language)
    return {group: {code: name.printed(printed) for code, name in names.items()} for group, names in CODE_NAMES.items()}


def offers_a_decision(earlier: Sequence[str]) -> bool:
    """Whether a "proposed" step after the actions ``earlier`` put the office's decision to the customer: a decision
    came after the last escalation, proposal or answer before it (the case view says it as the form does)."""
    for action in reversed(earlier):
        if action in ("decision", "decided"):
            return True
        if action in ("escalated", "proposed", "consent"):
            return False
    return False
