"""What a complaint is about, in the customer's own words: the words of its narrative less politeness, filler,
the desk's own vocabulary, times and counts (``phrases``).

Words come from a dictionary segmenter, rjieba (jieba's dictionary and algorithm in Rust; the same words as
PyPI's ``jieba`` 0.42.1 on every one of 20,000 demo narratives). Measured on demo narratives (README,
"Hot-spots"): ``jieba`` 0.42.1 takes 0.9 s and 100 MB to load its dictionary and 127 µs a narrative; rjieba 0.18 s,
30 MB and 5 µs. Character n-grams with a stop list need no dictionary but name a problem by fragments ("空调一直
不制冷" gives 空调, 调一, 一直, 直不, 不制, 制冷, all rising together), so every hot-spot came as a handful of
overlapping ones. The segmenter is imported on the first call: the desk's start never loads it.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable

# Kept per complaint, in the order they first appear (a narrative is at most 2,000 characters).
MAX_PHRASES = 16

# Politeness, filler and the rhetoric of any complaint; the desk's own words; people around the customer and
# occasions (context, not the problem); how a complaint reached the desk; threats to go elsewhere (the
# escalation-risk signals, not what went wrong). A word is two characters or more: single characters are
# never phrases.
_STOP_LIST = """
    你们 我们 他们 她们 咱们 自己 大家 别人 人家 有人 客人 顾客 客户 经理 服务员 工作人员 负责人 领导 老板
    一下 一个 一些 一件 一样 一直 一点 一般 一共 一边 一位 已经 还是 还有 还要 就是 不是 没有 可以 可能 不能 不会
    不要 不想 不行 只是 只要 只能 但是 而且 然后 因为 所以 如果 虽然 结果 最后 后来 当时 现在 之后 之前 之内
    这个 那个 这种 那种 这样 那样 这么 那么 这儿 那儿 这里 那里 这边 那边 什么 怎么 怎样 怎么办 为什么 到底 是不是
    有没有 哪里 多少 东西 事情 事儿 情况 问题 一次 几次 几个 好几 好几个 好几回 时候 时间 地方 样子 面前 旁边
    根本 实在 本来 明明 居然 竟然 完全 直接 马上 突然 特意 特别 非常 十分 真的 确实 其实 简直 终于 已经 差点
    知道 觉得 感觉 认为 发现 看见 看到 见到 听到 遇到 发生 出现 告诉 解释 说话 说好 回来 过来 过去 起来 下去 来看
    投诉 反映 处理 解决 答复 说法 负责 重视 管理 希望 认真 敷衍 改进 道歉 规定 标准 服务 态度 水平 酒店 公司
    失望 生气 气愤 不满 满意 恶劣 过分 离谱 丢面子 没面子 心情 扫兴 难堪 宝贵 好意思 不合理 下不来台
    麻烦 你好 请问 谢谢 对不起 说实话 说句实话 实话 挑刺 评评理 心平气和 忍不住 忍了 大老远 跑过来 头一回 第一次
    第二次 上次 上回 类似 老顾客 熟客 别跟我 别的 只要 对待 做事 必须 给我 我会 就让 信不信 看看 清楚
    今天 昨天 前天 明天 今晚 刚才 刚刚 早上 上午 中午 下午 晚上 半夜 凌晨 周末 周六 周日 上周 上个月 这个月 小时 分钟
    孩子 老人 父母 朋友 同事 同学 家人 爱人 女儿 儿子 母亲 父亲 一家 全家 老朋友 生日 聚会 纪念日 结婚 大寿
    侄子 小侄子 外孙 外公 外婆 奶奶 爷爷 老婆 老公 闺蜜 客户 老领导 两口子 一家三口 一家五口
    来电 电话 留言 来信 写信 网站 点评 公众 公众号 微信 官网 转来 转办 热线 中心 集团 客服 总部 通过
    媒体 记者 报社 曝光 律师 起诉 法院 报警 举报 监管局 市场 市长 消协 抖音 小红书 朋友圈 大众 发抖
    房间 客房 餐厅 包间 大堂 楼层 这家 同样 当着 心思 长长 桌上 那位 这位
    恶心 吓人 害怕 糟糕 难受 无语 崩溃 气死 太差 很差 郁闷 委屈 愤怒
    昨天晚上 前天晚上 今天晚上 今天中午 今天早上 里面 外面 上面 下面 不了 放下 打开 没法 明显 一股
"""
STOP_WORDS = frozenset(_STOP_LIST.split())

# Times and counts: 七点, 十二点, 半个, 两次, 四十五分钟, 好几趟… (every character a numeral or a measure word).
_NUMERALS_AND_MEASURES = re.compile(
    "[零一二三四五六七八九十百千万两几半多好整每"
    "个次回遍趟点分钟小时天晚夜周月年份桌口位件项只颗块道片股些根条张把瓶杯碗盘双套队]+"
)
# A phrase: two or more CJK characters, or a Latin word (WiFi), never digits alone.
_WORD = re.compile(r"[\u3400-\u9fff]{2,}|[A-Za-z][A-Za-z0-9-]+")

# What built a set of tallies: the tallies keep it, and are built again when the rules change.
RULES = "rjieba-0.2/" + hashlib.sha256(
    (" ".join(sorted(STOP_WORDS)) + _NUMERALS_AND_MEASURES.pattern + _WORD.pattern + str(MAX_PHRASES)).encode()
).hexdigest()[:16]

_cut: Callable[[str], list[str]] | None = None


def phrases(text: str) -> tuple[str, ...]:
    """The phrases of ``text``: distinct words that can say what went wrong, in order, at most MAX_PHRASES.
    Latin words in lower case (WiFi and wifi are one)."""
    found: dict[str, None] = {}
    judged = _JUDGED
    for word in _segmenter()(text):
        phrase = judged.get(word, _UNJUDGED)
        if phrase is _UNJUDGED:
            if len(judged) >= JUDGED_WORDS:
                judged.clear()
            phrase = judged[word] = _phrase(word)
        if phrase is None:
            continue
        found[phrase] = None
        if len(found) == MAX_PHRASES:
            break
    return tuple(found)


def _phrase(word: str) -> str | None:
    """The phrase a word of the segmenter's is, or None when it says nothing of what went wrong (the rules look
    at the word alone: each is judged once, ``_JUDGED``)."""
    if not _WORD.fullmatch(word):
        return None
    if word.isascii():
        word = word.lower()
    if word in STOP_WORDS or _NUMERALS_AND_MEASURES.fullmatch(word):
        return None
    return word


# The words judged so far and their phrases: words repeat from narrative to narrative, and two regular expressions
# cost more than a look-up (a bulk load judges millions). Emptied when it holds JUDGED_WORDS.
JUDGED_WORDS = 100_000
_JUDGED: dict[str, str | None] = {}
_UNJUDGED = "\0unjudged"


@functools.lru_cache(maxsize=4096)
def is_noun(phrase: str) -> bool:
    """Whether the dictionary takes ``phrase`` for a noun (头发, 空调, WiFi): of the words rising together in the
    same complaints, a noun names the problem better than the verb beside it (吃出)."""
    import rjieba

    tags = rjieba.tag(phrase, hmm=False)
    return (len(tags) == 1 and tags[0][1][:1] in ("n", "e")) or all(tag[:1] == "n" for _, tag in tags)


def _segmenter() -> Callable[[str], list[str]]:
    global _cut
    if _cut is None:
        import rjieba

        def cut(text: str) -> list[str]:
            words: list[str] = rjieba.cut(text, hmm=False)
            return words

        _cut = cut
    return _cut
