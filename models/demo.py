"""Deterministic, realistic Chinese demo data: staff, customers and a year of complaints in every state.

``generate_demo`` backs ``main.py demo``. Narratives, demands and findings are assembled from per-category
stories, templates and slots, so rows read like real desk records without repeating. Rows go in as raw
multi-row INSERTs, one transaction per batch: a million complaints take a few minutes and memory stays flat.
The same seed and the same ``now`` give the same rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import math
import random
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate, chain
from typing import TypeVar

from peewee import Model

from models import settings
from models.archive import seal_in_bulk
from models.audit import AuditEvent, chain_head, event_digest
from models.catalog import Category, Department, Remedy, RemedyKind
from models.complaint import (
    Channel,
    CompensationLine,
    Complaint,
    ConsentAnswer,
    FollowUp,
    FollowUpKind,
    Liability,
    OfficeDecision,
    Proposal,
    ProposalStatus,
    State,
)
from models.customer import Customer
from models.database import db
from models.defaults import load_defaults
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.staff import Role, Staff, StaffRemedy, create_staff

BATCH_SIZE = 5000
ROWS_PER_STATEMENT = 1000
DAYS = 365
DAY = 86400
# Customers recognised again by phone come from this many most recent ones (bounded memory).
RETURNING_POOL = 50_000
RETURNING_SHARE = 0.16
WITHDRAWN_SHARE = 0.045
# Demo passwords: no 0/O, 1/l/I, so they survive being read aloud or copied from the screen.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12

# ---------------------------------------------------------------------------------------------------------------
# Accounts


@dataclass(frozen=True)
class DemoAccount:
    """An account the demo created, with the password to log in with."""

    username: str
    full_name: str
    role: Role
    password: str


_DUTY_MANAGERS = (
    ("zhangwei", "张伟"),
    ("lijing", "李静"),
    ("wanglei", "王磊"),
    ("liuyang", "刘洋"),
    ("chenting", "陈婷"),
    ("yangfan", "杨帆"),
    ("zhaoli", "赵丽"),
    ("huangyong", "黄勇"),
    ("zhoumin", "周敏"),
    ("wutao", "吴涛"),
)
_DUTY_LIMITS = ((Decimal("200.00"), Decimal("1000.00")), (Decimal("300.00"), Decimal("1500.00")))
_OFFICE_NAMES = ("孙丽华", "郑建国", "马晓红", "胡志刚", "高文静")
_OFFICE_LIMITS = (Decimal("5000.00"), Decimal("20000.00"))
_ADMIN_NAMES = ("林海", "徐东", "何平", "罗斌")
_ORGANISATIONS = (
    "锦江花园酒店",
    "金陵国际大酒店",
    "明珠花园酒店",
    "海天大酒店",
    "紫荆花园酒店",
    "白云山庄大酒店",
    "银河湾国际酒店",
    "东方明珠大酒店",
)

# ---------------------------------------------------------------------------------------------------------------
# Text pools: slots filled on demand (see _Slots) and per-category themes.

_SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴"
)
_MALE_GIVEN = [
    "伟",
    "强",
    "磊",
    "军",
    "勇",
    "杰",
    "涛",
    "明",
    "超",
    "刚",
    "平",
    "辉",
    "鹏",
    "华",
    "飞",
    "斌",
    "宇",
    "浩",
    "凯",
    "健",
    "俊",
    "帆",
    "亮",
    "峰",
    "建国",
    "志强",
    "晓东",
    "文博",
    "子轩",
    "浩然",
    "宇航",
    "俊杰",
    "建华",
    "国庆",
    "海波",
    "立新",
    "家豪",
    "振华",
    "永强",
]
_FEMALE_GIVEN = [
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "艳",
    "娟",
    "霞",
    "婷",
    "雪",
    "玲",
    "燕",
    "倩",
    "琳",
    "颖",
    "欣",
    "慧",
    "佳",
    "秀英",
    "桂英",
    "玉兰",
    "海燕",
    "春梅",
    "晓丽",
    "欣怡",
    "子涵",
    "诗琪",
    "雨萱",
    "梦瑶",
    "静怡",
    "丽华",
    "美玲",
    "淑珍",
]
_MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "145",
    "147",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
]
_AREA_CODES = ("010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0571", "0591", "0755", "0512")
_CUSTOMER_NOTES = (
    "金卡会员",
    "常住客人",
    "协议单位客户",
    "老年顾客，听力不太好，说话请放慢",
    "带婴儿出行",
    "外地游客，次日离店",
    "宴会主办方联系人",
)
_WITNESS_TITLES = ("大堂副理", "领班", "前台主管", "保安队长", "当班主管", "餐厅经理")

_DISHES = [
    "宫保鸡丁",
    "水煮鱼",
    "红烧肉",
    "清蒸鲈鱼",
    "麻婆豆腐",
    "糖醋里脊",
    "北京烤鸭",
    "干炒牛河",
    "酸菜鱼",
    "小炒黄牛肉",
    "白切鸡",
    "东坡肉",
    "剁椒鱼头",
    "鱼香肉丝",
    "回锅肉",
    "蒜蓉粉丝蒸扇贝",
    "椒盐皮皮虾",
    "松鼠鳜鱼",
    "西湖牛肉羹",
    "扬州炒饭",
    "蟹黄小笼包",
    "菠萝咕咾肉",
    "口水鸡",
    "辣子鸡",
    "上汤娃娃菜",
    "干锅花菜",
    "葱油拌面",
    "虾饺",
    "叉烧包",
    "番茄炒蛋",
    "铁板牛柳",
    "蒜香排骨",
    "老鸭汤",
    "佛跳墙",
    "香辣蟹",
    "红烧狮子头",
]
_WESTERN_DISHES = [
    "黑椒牛排",
    "奶油蘑菇汤",
    "凯撒沙拉",
    "意大利肉酱面",
    "香煎三文鱼",
    "海鲜烩饭",
    "芝士焗龙虾",
    "法式鹅肝",
    "提拉米苏",
    "金枪鱼三明治",
    "培根芝士汉堡",
    "惠灵顿牛排",
    "烤羊排",
    "蔬菜沙拉",
]
_DRINKS = ("鲜榨橙汁", "柠檬红茶", "拿铁咖啡", "扎啤", "西瓜汁", "菊花茶", "酸梅汤", "椰汁", "瓶装果汁", "啤酒")
_WHEN = (
    "今天中午",
    "昨天晚上",
    "刚才",
    "今天早上",
    "前天晚上",
    "中午十二点多",
    "晚上七点左右",
    "下午三点多",
    "半个小时前",
    "晚上九点多",
    "上周六晚上",
)
_CLOCK = ("中午十一点半", "中午十二点", "晚上六点", "晚上六点半", "晚上七点", "下午两点", "晚上八点", "下午五点半")
_PEOPLE = ("一家三口", "一家五口", "带着老人孩子", "几个老朋友", "两口子", "三个闺蜜", "部门几个同事", "十几个同学")
_OCCASIONS = (
    "孩子的生日",
    "老人的八十大寿",
    "结婚纪念日",
    "公司的答谢宴",
    "朋友聚会",
    "同学聚会",
    "商务宴请",
    "女儿的升学宴",
)
_COUNT_WORDS = ("两", "三", "四", "五", "好几")
_WAITS = ("四十分钟", "快一个小时", "一个多小时", "五十分钟", "半个多小时", "一个半小时", "整整四十五分钟")
_ROOM_TYPES = ("双床房", "大床房", "家庭房", "湖景房", "江景大床房", "行政套房", "豪华套房")  # by grade
_EVENTS = ("生日宴", "婚宴", "谢师宴", "寿宴", "公司年会", "满月酒")
_ITEMS = [
    "手机",
    "钱包",
    "羽绒服",
    "行李箱",
    "笔记本电脑",
    "手表",
    "金项链",
    "眼镜",
    "充电宝",
    "羊绒大衣",
    "婴儿推车",
    "单反相机",
]
_PRODUCTS = [
    "保温杯",
    "电饭煲",
    "羊毛衫",
    "运动鞋",
    "蓝牙耳机",
    "儿童玩具",
    "真皮皮带",
    "护肤品套装",
    "床上四件套",
    "行李箱",
]
_FREE_ITEMS = ("果盘", "甜品", "一壶菊花茶", "一份点心", "一份水果沙拉", "一份小吃拼盘")
_FREE_DRINKS = ("鲜榨橙汁两杯", "西瓜汁一扎", "柠檬红茶两杯", "一壶菊花茶", "扎啤一扎", "拿铁咖啡两杯", "酸梅汤一扎")
_FREE_SWEETS = ("果盘", "水果拼盘", "双皮奶两份", "杨枝甘露", "提拉米苏", "冰淇淋两份", "一份水果沙拉")
_SWAPPED_TO_VOUCHER = "不同意{remedy}，改为等值代金券，由值班经理向顾客解释。"
_GIFTS = ("酒店纪念品", "水果篮", "鲜花", "生日蛋糕", "精美茶具", "儿童玩具", "月饼礼盒")
_DISCOUNTS = ((90, "九"), (88, "八八"), (85, "八五"), (80, "八"), (70, "七"))

_OPENERS = (
    "",
    "",
    "你们这是怎么做事的？",
    "我实在忍不住了，必须投诉。",
    "我是你们的老顾客了，",
    "说实话本来不想找你们，",
    "麻烦叫你们经理来一下。",
    "我要投诉！",
    "你好，我要反映个情况。",
    "经理你来评评理，",
    "我先把话说清楚，",
    "不是我挑刺，",
    "我也不想闹，但是",
    "我忍了半天了，",
    "你们负责人在吗？",
    "你们管理也太差了！",
    "我就说一件事，",
    "请你们重视一下，",
    "这事必须有个说法，",
    "我心平气和地跟你们讲，",
)
_TAILS = (
    "",
    "",
    "太让人失望了！",
    "你们必须给我一个说法。",
    "今天本来是{occasion}，心情全被毁了。",
    "我大老远跑过来，你们就这样对待顾客？",
    "这种服务还好意思收这么多钱？",
    "希望你们认真处理，不要敷衍。",
    "我的时间也是很宝贵的。",
    "我带着{companion}来的，太丢面子了。",
    "请你们{deadline}给我答复。",
    "我来你们这儿{count}回了，头一回遇到这种事。",
    "别跟我说什么规定，我只要结果。",
    "你们的管理到底有没有人负责？",
    "当时好几个客人都看见了。",
    "你们自己说这事怎么办吧。",
    "我不想听解释，我要看你们怎么处理。",
    "这种事情在别的酒店根本不会发生。",
    "我今天就在这里等你们的答复。",
    "说句实话，我对你们很失望。",
)
_TAILS_WITHOUT_OCCASION = tuple(t for t in _TAILS if "{occasion}" not in t)
_REPEAT_PHRASES = (
    "这已经是我这个月第二次来投诉了。",
    "上次投诉你们说会改进，结果还是老样子。",
    "我上回来就遇到过类似的事情。",
)
_RISK_PHRASES = (
    "再不解决我就打12315。",
    "我已经拍了照片，不行就发大众点评。",
    "我认识报社的记者，这事没个说法就让媒体曝光。",
    "我要找你们总部投诉。",
    "不给处理我就打市长热线12345。",
    "我会找律师起诉你们。",
    "我要发抖音让大家都看看。",
    "我要向市场监管局举报。",
    "我已经发了朋友圈和小红书。",
    "信不信我马上报警？",
)
_CHANNEL_PREFIXES = {
    Channel.IN_PERSON: ("",),
    Channel.PHONE: ("", "顾客来电反映：", "电话投诉："),
    Channel.ONLINE: ("顾客在官网留言：", "顾客通过微信公众号投诉：", "顾客在点评网站留言："),
    Channel.LETTER: ("顾客来信称：", "顾客写信反映："),
    Channel.REFERRED: ("总部客服中心转来：", "12345热线转办：", "集团服务热线转来："),
}
_FINDING_OPENERS = (
    "经调查，",
    "经调取监控并询问当班员工，",
    "经与{dept}核实，",
    "经现场查看并询问相关人员，",
    "经值班经理现场核实，",
)
_FINDING_CLOSERS = {
    Liability.FULL: (
        "。{dept}负全部责任，已对当事员工进行批评教育。",
        "。当事员工已承认过失，按规定扣罚当月绩效，费用由{dept}承担。",
        "，属我方责任。",
    ),
    Liability.PARTIAL: (
        "。顾客方面也有一定误会，{dept}负部分责任。",
        "。{dept}负部分责任，已要求其加强培训。",
        "，我方负有一定责任。",
    ),
    Liability.MISUNDERSTANDING: ("。属顾客误解，已婉转解释，消除误会。", "。", "。顾客表示理解。"),
    Liability.NONE: ("。我方无过错。", "。", "。顾客表示认可调查结果。"),
}
_EXPLANATIONS = {
    Liability.FULL: (
        "本次问题确属我方责任，{dept}向您诚恳致歉，为表歉意提供以下补偿。",
        "经核实是我们的工作失误，给您添麻烦了，我们承担全部责任。",
        "情况属实，{dept}已对当事员工作出处理，以下补偿请您考虑。",
    ),
    Liability.PARTIAL: (
        "我们在服务中确有不到位的地方，向您表示歉意，提供以下补偿。",
        "事情的发生有多方面原因，但{dept}没有做好提醒，愿意承担部分责任。",
    ),
    Liability.MISUNDERSTANDING: (
        "已向您说明{cat}方面的相关规定，给您带来困扰很抱歉，送上一点心意。",
        "这是一场误会，我们没有解释清楚，以后会改进说明方式。",
    ),
    Liability.NONE: (
        "经核实我方没有过错，感谢您的反馈，我们会继续关注。",
        "调查结果已如实告知，出于对您的尊重，送上一点小心意。",
    ),
}
_HANDOFF_OVER_LIMIT = (
    "顾客要求{demand_short}，拟补偿{total}元，超出本人单笔授权{limit}元，请办公室审批。已安抚，顾客在{location}等候。",
    "拟定方案合计{total}元，超过值班经理权限（{limit}元），请办公室决定。顾客情绪已稳定，留了联系电话。",
)
_HANDOFF_CATEGORY = (
    "{cat}类投诉按规定须报办公室处理。已安抚顾客并记录诉求，请办公室决定处理方案。",
    "本案属{cat}，按规定上报办公室。{dept}已提交情况说明，顾客要求{demand_short}。",
)
_HANDOFF_REMEDY = (
    "方案含“{remedy}”，本人无权批准，请办公室决定。顾客联系电话已登记。",
    "顾客坚持要求“{remedy}”，超出值班经理可批准的补偿方式，请办公室审批。",
)
_DECISION_NOTES = {
    OfficeDecision.APPROVED: (
        "同意值班经理的处理方案，费用由{dept}承担。",
        "同意。请向顾客再次致歉，并做好回访。",
        "情况属实，同意按方案补偿。",
    ),
    OfficeDecision.CHANGED: (
        "补偿金额调整为{total}元，其余按原方案执行。",
        "方案调整后合计{total}元，{dept}须在一周内提交整改报告。",
    ),
    OfficeDecision.TAKEN_OVER: (
        "此案由办公室{office}直接与顾客联系处理。",
        "涉及金额较大，由办公室接手，{office}负责跟进。",
    ),
}
_COUNTER_DEMANDS = (
    "顾客认为补偿太少，要求全单免单",
    "顾客要求再加赠一张代金券",
    "顾客要求赔偿{money}元",
    "顾客要求当事员工当面道歉",
    "顾客要求经理亲自出面解释",
    "顾客不要代金券，要求直接退款",
)
_WITHDRAWN_REASONS = (
    "顾客赶飞机先行离开，表示不再追究",
    "顾客表示理解，主动撤回投诉",
    "顾客来电告知不再需要处理",
    "顾客在等候期间自行离开，多次联系未果",
    "顾客与同行朋友商量后决定不再投诉",
    "顾客接受了口头解释，表示不必登记处理",
    "顾客称已通过其他途径解决",
)
_CALL_BACKS = (
    "三天内电话回访顾客，了解对处理结果的满意度",
    "电话回访顾客，告知{dept}的整改情况",
    "回访顾客，确认补偿已落实",
    "致电顾客再次致歉，邀请再次光临",
)
_CALL_BACK_RESULTS = (
    "顾客表示满意，感谢酒店的重视",
    "顾客对处理结果基本满意，希望以后注意",
    "顾客未接电话，已发短信致意",
    "顾客表示下次还会再来",
    "顾客仍有些不满，已记录意见并转{dept}",
)
_PROMISED_ITEMS = (
    "将代金券寄到顾客单位",
    "把补开的发票快递给顾客",
    "修好后把物品送还顾客",
    "干洗后的衣物送还顾客",
)
_PROMISED_RESULTS = ("已寄出，顾客确认收到", "已送还，顾客当面验收", "已按约定送达")


# Scenes: where a story happens, who works there, which departments can answer for it.
_DINING = ("二楼中餐厅", "西餐厅", "自助餐厅", "三楼包间“牡丹厅”", "三楼包间“芙蓉厅”", "咖啡厅", "粤菜厅")
_FOOD = ("food_beverage", "kitchen", "finance", "security")
_GROUNDS = ("housekeeping", "engineering", "security")
_SCENES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "dining": (_DINING, ("服务员", "领班", "传菜员"), _FOOD),
    "banquet": (("宴会厅", "多功能厅", "三楼包间“牡丹厅”"), ("宴会厅主管", "服务员", "领班"), (*_FOOD, "sales")),
    "private_room": (("三楼包间“牡丹厅”", "三楼包间“芙蓉厅”", "二楼包间“兰亭”"), ("服务员", "领班"), _FOOD),
    "buffet": (("自助餐厅",), ("服务员", "厨师"), _FOOD),
    "front": (("前台", "大堂"), ("前台接待", "礼宾员"), ("front_office", "finance", "sales")),
    "cashier": (("收银台", "二楼中餐厅", "西餐厅"), ("收银员",), ("finance", "food_beverage", "front_office")),
    "room": ((), ("客房服务员", "领班"), ("housekeeping", "engineering", "front_office", "security", "kitchen")),
    "shop": (("商场一楼", "商场二楼", "大堂精品店", "礼品部"), ("导购员", "收银员"), ("retail", "finance")),
    "gym": (("健身房",), ("健身教练", "保洁员"), _GROUNDS),
    "pool": (("游泳池",), ("救生员",), _GROUNDS),
    "parking": (
        ("停车场", "地下车库B1", "地下车库B2"),
        ("保安", "停车场收费员"),
        ("security", "finance", "engineering"),
    ),
    "luggage": (("礼宾部",), ("礼宾员", "行李员"), ("front_office", "security")),
    "laundry": (("洗衣房",), ("洗衣房员工",), ("housekeeping",)),
    "meeting": (
        ("三楼会议室", "多功能厅", "商务中心"),
        ("会议服务员", "维修工"),
        ("sales", "engineering", "food_beverage"),
    ),
    "public": (("大堂", "电梯厅", "三楼走廊", "商场一楼"), ("保洁员", "保安", "维修工"), _GROUNDS),
    "washroom": (("大堂", "二楼中餐厅", "宴会厅", "商场一楼", "健身房"), ("保洁员",), ("housekeeping",)),
    "lift": (("一号客梯", "二号客梯", "观光电梯"), ("维修工", "值班工程师"), ("engineering",)),
    "entrance": (("正门台阶", "旋转门入口", "地下车库出入口"), ("保安", "礼宾员"), _GROUNDS),
    "corridor": (("三楼走廊", "五楼走廊", "后门通道", "宴会厅后侧通道"), ("保安", "仓库管理员", "维修工"), _GROUNDS),
    "playground": (("儿童游乐区",), ("保安", "维修工"), _GROUNDS),
}

# A text, the staff role it is about and the code of the department it blames (None: any).
Tagged = tuple[str, str | None, str | None]


def _parse(entry: str) -> tuple[tuple[str, ...], Tagged]:
    """``"scene,topic,role=厨师,dept=kitchen|text"`` → (tags in order, (text, role, dept)).

    A story goes with the texts that share one of its tags, and with the untagged ones. A narrative's scene
    (see _SCENES) is a tag too, unless written ``@scene``: then it only places the story.
    """
    if "|" not in entry:
        return (), (entry, None, None)
    head, text = entry.split("|", 1)
    parts = head.split(",")
    fixed = dict(part.split("=", 1) for part in parts if "=" in part)
    return tuple(part for part in parts if "=" not in part), (text, fixed.get("role"), fixed.get("dept"))


def _matching(entries: Sequence[str], tags: tuple[str, ...], specific: bool) -> tuple[Tagged, ...]:
    """The entries for a story with these tags: its own plus the untagged ones (only its own if ``specific``)."""
    parsed = [_parse(e) for e in entries]
    own = [text for entry_tags, text in parsed if set(entry_tags) & set(tags)]
    general = [text for entry_tags, text in parsed if not entry_tags]
    chosen = (own or general) if specific else own + general
    return tuple(chosen or [text for _, text in parsed])


@dataclass(frozen=True)
class _Story:
    """One way a complaint of a category goes, with the texts and remedies that fit it."""

    template: str
    places: tuple[str, ...]  # empty: a guest room, named by the {room} slot
    roles: tuple[str, ...]
    departments: tuple[str, ...]  # codes of the departments that can answer for it
    demands: tuple[Tagged, ...]
    faults: tuple[Tagged, ...]  # findings when the house is at fault
    misunderstandings: tuple[Tagged, ...]
    no_fault: tuple[Tagged, ...]
    improvements: tuple[Tagged, ...]
    remedies: tuple[str, ...]  # RemedyKind values, most likely first
    refunds: tuple[str, ...]  # what a refund gives back
    repairs: tuple[str, ...]
    compensations: tuple[str, ...]


@dataclass(frozen=True)
class _Theme:
    """How the complaints of one kind of category go."""

    weight: int
    stories: tuple[_Story, ...]
    value: tuple[int, int]  # bill or item value in yuan
    risk: float  # share of customers who threaten to go over the desk's head
    refund_shares: tuple[float, ...]


def _theme(
    *,
    weight: int,
    departments: tuple[str, ...],
    locations: tuple[str, ...],
    roles: tuple[str, ...],
    narratives: tuple[str, ...],
    demands: tuple[str, ...],
    faults: tuple[str, ...],
    misunderstandings: tuple[str, ...],
    no_fault: tuple[str, ...],
    improvements: tuple[str, ...],
    remedies: tuple[str, ...],
    value: tuple[int, int],
    risk: float = 0.05,
    refunds: tuple[str, ...] = ("相关费用",),
    repairs: tuple[str, ...] = ("免费维修",),
    compensations: tuple[str, ...] = ("现金补偿",),
    refund_shares: tuple[float, ...] = (0.2, 0.3, 0.5, 1.0),
) -> _Theme:
    """Parse tagged texts into stories; a tag no narrative carries is a typo, refused at import."""
    known = {tag for narrative in narratives for tag in _parse(narrative)[0] if not tag.startswith("@")}
    for entry in (*demands, *faults, *misunderstandings, *no_fault, *improvements, *remedies, *refunds, *repairs,
                  *compensations):  # fmt: skip
        unknown = set(_parse(entry)[0]) - known
        if unknown:
            raise ValueError(f"demo text tagged {sorted(unknown)}, which no narrative of its theme has: {entry}")
    stories = []
    for narrative in narratives:
        tags, (template, role, _) = _parse(narrative)
        scene = next((t.lstrip("@") for t in tags if t.lstrip("@") in _SCENES), None)
        tags = tuple(t for t in tags if not t.startswith("@"))
        if tags and scene is None:
            raise ValueError(f"demo narrative without a scene among its tags: {narrative}")
        places, scene_roles, scene_departments = _SCENES[scene] if scene else (locations, roles, departments)
        if "{room}" in template:
            places = ()
        stories.append(
            _Story(
                template=template,
                places=places,
                roles=(role,) if role else scene_roles,
                departments=tuple(d for d in departments if d in scene_departments) or departments,
                demands=_matching(demands, tags, False),
                faults=_matching(faults, tags, False),
                misunderstandings=_matching(misunderstandings, tags, False),
                no_fault=_matching(no_fault, tags, False),
                improvements=_matching(improvements, tags, False),
                remedies=tuple(text for text, _, _ in _matching(remedies, tags, False)),
                refunds=tuple(text for text, _, _ in _matching(refunds, tags, True)),
                repairs=tuple(text for text, _, _ in _matching(repairs, tags, True)),
                compensations=tuple(text for text, _, _ in _matching(compensations, tags, True)),
            )
        )
    return _Theme(weight, tuple(stories), value, risk, refund_shares)


_THEMES: dict[str, _Theme] = {
    "attitude": _theme(
        weight=15,
        departments=("front_office", "food_beverage", "housekeeping", "retail"),
        locations=("大堂", "前台", "二楼中餐厅", "西餐厅", "收银台", "宴会厅", "商场一楼"),
        roles=("服务员", "领班", "前台接待", "收银员", "礼宾员"),
        narratives=(
            "@front|{when}我在{location}问{role}{ask}，{role}头也不抬，说“{rude}”，态度非常恶劣。",
            "@shop|{when}我在{location}问{role}{ask}，{role}头也不抬，说“{rude}”，态度非常恶劣。",
            "@dining|{when}我在{location}问{role}{ask}，{role}头也不抬，说“{rude}”，态度非常恶劣。",
            "dining|我们{people}来吃饭，叫了{count}次{role}都没人理，最后来了一个还{rude_act}。",
            "cashier|{when}{role}结账的时候一直在玩手机，我问了两遍才理我，还{rude_act}。",
            "@front|我只是问了一下{ask}，{role}就翻白眼，说“{rude}”，当着这么多客人的面让我很下不来台。",
            "@cashier|我只是问了一下{ask}，{role}就翻白眼，说“{rude}”，当着这么多客人的面让我很下不来台。",
            "front|{when}办理入住时，{role}一边打私人电话一边给我办，{careless_act}，问什么都爱答不理。",
            "dining,soup|{when}{role}上菜时把汤洒在我{clothes}上，连句对不起都没有，还说是我自己碰的。",
            "dining|我提出想{wish}，{role}当场就跟我吵了起来，说“{rude}”。",
            "shop|{when}在{location}，{role}看我们穿得普通，说话阴阳怪气的，{rude_act}，这就是你们的服务？",
            "cashier,points|{when}我拿着会员卡要积分，{role}说“{rude}”，问她要工号也不给。",
            "front|我问{role}能不能{front_ask}，她冷冰冰地说“{rude}”，连头都没抬。",
            "room,barge_in|{role}没敲门就直接刷卡进了我{room}房间，看到我在里面也不道歉，转身就走。",
        ),
        demands=(
            "要求当事{role}当面道歉",
            "要求道歉，并对该员工严肃处理",
            "要求经理出面道歉",
            "dining|要求经理出面道歉，本次消费打折",
            "soup|要求赔偿{clothes}的干洗费并道歉",
            "要求酒店给个说法，并公开道歉",
            "dining|要求这顿饭打折，以后不要再让这个{role}服务我们",
            "room|要求换一名客房服务员，并道歉",
        ),
        faults=(
            "当班{role}{person}当时手上同时有好几位客人，忙乱中对顾客说话生硬，本人已承认言语不当",
            "{role}{person}为入职不足一个月的新员工，服务规范培训尚未完成，应答用语不当",
            "{role}{person}因个人情绪问题在岗位上态度冷淡，违反了服务规范",
            "监控显示{role}{person}确有不理睬顾客、语气生硬的行为",
            "soup|{role}{person}上菜时未提醒顾客注意，导致汤汁洒到顾客身上，事后未及时致歉",
            "barge_in|{role}{person}未按“敲门三声、报明身份”的规定进房，查房前也未核对房态",
        ),
        misunderstandings=(
            "{role}当时正在处理其他客人的紧急需求，并非有意怠慢，语气偏急让顾客产生了误会",
            "{role}说的是本地方言，语速较快，顾客误以为在嘲讽自己",
            "points|按公司规定会员积分需凭会员码办理，{role}解释不够清楚，引起顾客不满",
            "barge_in|系统显示该房已退房，{role}按流程进房查房，顾客实为续住未登记，已解释并致歉",
        ),
        no_fault=(
            "调取监控录像核实，{role}服务过程用语规范，未发现顾客所述的不当言行",
            "询问在场的其他客人和员工，均表示{role}态度正常，顾客因等候较久情绪激动",
        ),
        improvements=(
            "建议{dept}开展一次服务用语和情绪管理培训，高峰期增派领班巡台",
            "建议把本案例编入新员工入职培训教材，强化“首问负责”意识",
            "建议各岗位员工佩戴工号牌，方便顾客监督",
            "barge_in|建议客房部重申进房程序，每月抽查一次",
        ),
        remedies=("apology", "free_item", "discount", "voucher", "gift", "soup|repair"),
        value=(120, 1800),
        refunds=("dining|部分餐费", "shop|部分货款", "room|一晚房费", "部分消费"),
        repairs=("soup|免费干洗{clothes}", "免费维修"),
    ),
    "food_quality": _theme(
        weight=16,
        departments=("kitchen", "food_beverage"),
        locations=_DINING,
        roles=("服务员", "传菜员", "厨师", "领班"),
        narratives=(
            "dining|我点的{dish}{food_problem}，叫服务员来看，他说“{excuse}”。",
            "dining|{when}我们{people}来吃饭，{dish}端上来{food_problem}，这么贵的菜就这个水平？",
            "dining|{dish}和菜单上的照片差太多了，{food_problem}，感觉被骗了。",
            "dining|{dish}我们只吃了两口就不敢吃了，{food_problem}，退菜还要跟我们争半天。",
            "private_room|今天是{occasion}，特意订了{location}，结果{dish}{food_problem}，{dish2}也一般，扫兴极了。",
            "dining|同样的{dish}上个月来吃还挺好，今天{food_problem}，是不是换厨师了？",
            "dining|{dish}{food_problem}，{dish2}端上来也是凉的，一桌菜没几个能吃的。",
            "dining|点了一份{dish}，{food_problem}，服务员说给换一份，结果换来的还是一样。",
            "room,room_service,role=送餐员|在{room}房间叫的送餐，{dish}{food_problem}，送餐员放下就走了。",
        ),
        demands=(
            "要求退掉{dish}并道歉",
            "要求重新做一份，并给予折扣",
            "要求{dish}免单",
            "要求厨师长出来给个解释",
            "dining,private_room|要求本桌打折，并保证以后的出品质量",
            "dining,private_room|要求退掉没吃的菜，其余打折",
            "room_service|要求送餐费用全免并道歉",
        ),
        faults=(
            "{food_cause}",
            "room_service,dept=food_beverage|{role}{person}送餐路线绕远，送到时已近四十分钟，菜品变了味",
        ),
        misunderstandings=("{food_misunderstanding}",),
        no_fault=(
            "厨师长查看了留样，{dish}出品符合标准，顾客对口味有个人偏好",
            "同一时段{dish}出品{number}份，其他客人均无异议，已耐心向顾客解释",
        ),
        improvements=(
            "建议厨房严格执行出品前试味和传菜口温度检查制度",
            "dining|建议更新菜单照片，按实际出品重新拍摄",
            "建议高峰期厨房增加一名打荷，避免为赶速度牺牲质量",
            "建议厨师长每周抽查热销菜品口味，并做好记录",
            "room_service|建议客房送餐一律使用保温餐车",
        ),
        remedies=("replacement", "free_item", "discount", "waived_bill", "voucher", "apology"),
        value=(160, 2600),
        refunds=("{dish}的费用",),
        repairs=("{dish}重新加工",),
    ),
    "food_safety": _theme(
        weight=5,
        departments=("kitchen", "food_beverage"),
        locations=_DINING,
        roles=("服务员", "厨师"),
        narratives=(
            "dining,foreign|我点的{dish}里吃出{foreign}，服务员还说不可能，太让人恶心了！",
            "dining,foreign|吃到一半发现{dish}里有{foreign}，孩子已经吃了好几口了，万一出问题谁负责？",
            "dining,illness|昨天在你们{location}吃完饭，回家后全家上吐下泻，医院说是急性肠胃炎，花了{money}元医药费。",
            "dining,spoiled|{when}点的{dish}闻着有股馊味，明显已经变质了，你们还敢端上来！",
            "dining,expired|{drink}喝着味道不对，一看瓶子已经过期{days}天了。",
            "buffet,illness|{when}吃的自助餐，{meat}都是冰凉的，吃完没多久{eater}就肚子疼，跑了好几趟厕所。",
            "dining,foreign|{dish}咬下去硌到了牙，吐出来一看是{hard_foreign}，现在牙还疼。",
        ),
        demands=(
            "要求免单并道歉",
            "illness|要求赔偿医药费和误工费",
            "要求全单免单，并保证以后不再发生",
            "要求按食品安全法给予十倍赔偿",
            "illness|要求报销医药费并书面道歉",
            "foreign|要求带孩子去医院检查，费用由你们承担",
        ),
        faults=(
            "foreign|{foreign_cause}",
            "spoiled,illness,dept=kitchen|冷库温度记录显示前一天夜间曾停电两小时，部分食材保存不当",
            "expired,role=吧台调酒师,dept=food_beverage|{role}{person}未按规定每日检查饮品保质期，过期饮品未及时下架",
            "illness,spoiled|保温设备温度设置过低，{meat}类菜品存放时间超过规定的两小时",
        ),
        misunderstandings=(
            "foreign|{foreign_misunderstanding}",
            "spoiled|顾客提到的气味是菜品所用发酵调料的正常风味，已请厨师长当面说明",
            "expired|顾客看到的是生产日期而非保质期，饮品在保质期内，已当面说明",
            "illness|顾客当天还在别处用过餐，症状出现时间与在本店用餐时间不符，已耐心解释",
        ),
        no_fault=(
            "illness|同批次食材留样检测正常，当日其他就餐顾客均无不适，暂无证据表明与本店餐食有关，出于关怀安排回访",
            "检查留样与后厨操作记录均无异常，顾客出示的物品与本店所用材料不符",
        ),
        improvements=(
            "foreign|建议后厨严格执行着装规定，开餐前由厨师长逐一检查帽子和口罩",
            "expired|建议每日开餐前检查吧台及冷柜饮品保质期，建立临期台账",
            "spoiled,illness|建议冷库加装断电报警，夜班保安定时巡查",
            "建议对配菜间员工进行食品安全再培训，并纳入月度考核",
        ),
        remedies=("waived_bill", "compensation", "refund", "voucher", "apology", "gift"),
        value=(200, 3200),
        risk=0.15,
        refunds=("expired|{drink}的费用", "illness|当餐费用", "{dish}的费用"),
        compensations=("illness|补偿医药费和误工费", "现金补偿"),
    ),
    "hygiene": _theme(
        weight=9,
        departments=("housekeeping", "food_beverage", "front_office"),
        locations=_DINING,
        roles=("服务员", "领班"),
        narratives=(
            "room,stain|入住{room}房间，床单上有明显的{stain}，枕头上还有别人的头发。",
            "washroom|{when}{location}的洗手间脏得没法进，{washroom_mess}，味道很大。",
            "dining,tableware|{when}在{location}吃饭，桌上的{utensil}还有上一桌的油渍和口红印，叫{role}换也不情不愿。",
            "dining,pests|{when}在{location}看见一只老鼠从脚边窜过去，把{child}吓哭了，你们的卫生到底有没有人管？",
            "room,stain|{room}房间浴缸里有{stain}，毛巾发黄还有股霉味，这是星级酒店的标准吗？",
            "dining,pests|我们{people}在{location}吃饭，桌子底下有蟑螂在爬，饭都没心思吃了。",
            "room,smell|{room}房间的地毯一股烟味，垃圾桶里还有上一位客人的垃圾没倒。",
            "dining,tableware|{when}{location}的{utensil}摸上去黏糊糊的，根本没洗干净。",
            "gym|{when}去健身房，毛巾堆在角落里发出异味，更衣室地上全是头发，{gym_mess}。",
        ),
        demands=(
            "room|要求马上换房并道歉",
            "room|要求重新打扫，并减免部分房费",
            "dining|要求本次消费打折",
            "pests|要求免单",
            "要求给个说法并立即整改",
            "tableware|要求换一套干净的餐具，并道歉",
            "washroom,gym|要求马上派人打扫",
        ),
        faults=(
            "stain,dept=housekeeping|{role}{person}清洁房间时漏换床单和毛巾，领班查房时也未发现",
            "tableware,dept=food_beverage|餐具消毒柜当天故障，洗碗间未按规定改用高温煮沸消毒",
            "washroom,gym,role=保洁员,dept=housekeeping|公共区域巡查记录显示已两个多小时未清洁，当班{role}{person}脱岗",
            "pests|虫害防治外包服务已逾期半个月未做，{dept}未及时跟进",
            "smell,dept=housekeeping|{role}{person}未按规定逐间检查退房房间的垃圾和异味",
        ),
        misunderstandings=(
            "stain|顾客所见的黄色痕迹为水质中的铁锈，设备检查正常，已向顾客解释并安排清洗",
            "stain|布草上的痕迹为洗涤后残留的旧渍，并非未更换，但影响观感，已当场更换",
            "smell|该房间位于吸烟楼层，入住时前台已提示，已为顾客更换无烟房",
            "tableware|餐具上的痕迹为高温消毒后留下的水垢，已向顾客解释并更换",
            "washroom,gym|顾客反映时保洁员正在清洁途中，已向顾客说明",
            "pests|顾客看到的是从室外绿化带进来的壁虎，已解释并加强门口防护",
        ),
        no_fault=(
            "现场查看并调取保洁记录，该区域刚清洁完毕，未见顾客所述情况",
            "查看后未发现顾客所述问题，已陪同顾客一同检查并作说明",
        ),
        improvements=(
            "room|建议客房部严格执行“一客一换”和领班全数查房制度",
            "washroom,gym|建议公共区域保洁每三十分钟巡查一次并签到",
            "pests|建议督促外包公司按期做虫害防治，后厨每周自查",
            "tableware|建议洗碗间增加一台备用消毒柜",
            "room|建议更换老化的布草",
        ),
        remedies=("room|upgrade", "dining|discount", "free_item", "voucher", "room|refund", "apology"),
        value=(200, 1500),
        refunds=("room|部分房费", "部分消费"),
        repairs=("重新清洁消毒",),
    ),
    "waiting": _theme(
        weight=13,
        departments=("food_beverage", "kitchen", "front_office", "housekeeping"),
        locations=_DINING,
        roles=("服务员", "领班"),
        narratives=(
            "dining|我们{clock}点的菜，等了{wait}还没上齐，催了{count}次都说马上就好。",
            "front,check_in|订好的{clock}入住，到了前台排队等了{wait}，房间还没打扫好。",
            "cashier|{when}在{location}结账，等了{wait}都没人来，最后只能自己去收银台，还要排队。",
            "@dining,water|{when}在{location}吃饭，叫了{count}次加水，等了{wait}也没人来，服务员都在那边聊天。",
            "dining|{when}点的{dish}上得太慢了，比我们晚来的那几桌都吃上了，我们还在干等。",
            "room,room_service,role=送餐员|在{room}房间叫了客房送餐，说二十分钟送到，结果等了{wait}才送来，面都坨了。",
            "@dining,queue,role=迎宾|带着孩子排队等位，叫号显示前面{number}桌，结果等了{wait}，后来的熟人直接被领进去了。",
            "front,check_out|{when}退房的人排了长长一队，只开了一个窗口，等了{wait}，差点误了{transport}。",
        ),
        demands=(
            "dining|要求退掉没上的菜，已上的打折",
            "dining,water|要求道歉并赠送饮料",
            "要求给个说法",
            "cashier|要求本单打折",
            "dining|要求退掉{dish}",
            "check_out|要求赔偿改签车票的损失",
            "check_in|要求马上安排房间，并免费升级",
            "room_service|要求送餐免单",
            "queue|要求按顺序安排座位并道歉",
        ),
        faults=(
            "dining|当时{location}有{number}桌宴席同时出菜，厨房人手不足，{dept}也没有主动告知顾客等候时间",
            "dining|点菜单在传菜口遗漏，{dish}一直没有下单到厨房",
            "check_in,dept=housekeeping|退房高峰期客房未能按时完成清扫，前台未主动安排顾客在大堂吧休息等候",
            "room_service|{role}{person}同时负责{number}个房间的订单，未合理安排送餐顺序",
            "cashier,check_out|当班只安排了一名收银员，另一名临时请假未安排替岗",
            "queue,dept=food_beverage|{role}{person}为熟人插队安排座位，违反了叫号规定",
            "water,role=服务员,dept=food_beverage|{role}{person}负责的区域有八张台，中途离岗未安排人顶岗",
        ),
        misunderstandings=(
            "dining|顾客所点的{dish}为现做菜品，需要{minutes}分钟左右，点菜时服务员已有提示，顾客未留意",
            "check_in|酒店规定的入住时间为下午两点，顾客提前到店，已解释并提供免费饮品",
            "queue|排号系统按桌型分别叫号，二人桌与四人桌不同队列，已向顾客说明",
            "water|当时服务员正在为隔壁包间上菜，已向顾客致歉并安排专人添水",
            "room_service|顾客点的是现做菜品，下单时已告知需要四十分钟，已再次说明",
            "cashier,check_out|当时系统正在日结，收银暂停十分钟，已向顾客解释",
        ),
        no_fault=(
            "dining|点菜系统记录显示各菜品出菜时间均在正常范围内，已向顾客耐心解释",
            "系统记录显示实际等候时间比顾客所述短，已向顾客耐心解释",
        ),
        improvements=(
            "dining|建议宴会高峰期提前从其他餐厅抽调人手，并主动告知散客等候时间",
            "dining|建议传菜口安装划单屏，避免漏单",
            "cashier,check_out|建议退房高峰期（上午十一点至十二点）增开一个收银窗口",
            "room_service|建议客房送餐承诺时间按实际人手动态调整",
            "check_in|建议客房部优先清扫已有预抵客人的房间",
            "queue|建议叫号系统公开排队信息，杜绝插队",
            "water|建议高峰期每个区域安排专人巡台添水",
        ),
        remedies=(
            "dining,queue,water|free_item",
            "dining,cashier|discount",
            "voucher",
            "apology",
            "dining,room_service|waived_bill",
            "check_in|upgrade",
        ),
        value=(120, 1600),
        refunds=("dining|未上菜品的费用", "room_service|送餐费用", "相关费用"),
    ),
    "billing": _theme(
        weight=9,
        departments=("finance", "front_office", "food_beverage"),
        locations=("收银台", "前台"),
        roles=("收银员", "前台接待"),
        narratives=(
            "cashier,dish_count|结账时发现账单上多了{count}份{dish}，我们根本没点。",
            "dining,fee|账单里有一项{fee}{money}元，点菜时谁也没跟我们说过。",
            "front,minibar|退房时说我房间的{minibar}被消费了，我根本没动过，要收我{money}元。",
            "cashier,coupon|{when}用了{coupon}，结账时才说不能用，点菜的时候怎么不提前说？",
            "front,card|我的信用卡被重复扣了两次款，一共多扣了{money}元。",
            "cashier,price|菜单上{dish}标价{price}元，结账时却按{price2}元收的。",
            "cashier,invoice|我消费了{money}元，开发票的时候{role}说要另外加收{tax_points}的税点，这不合理。",
            "parking,parking_fee,role=停车场收费员|我是住店客人，{when}出停车场时还是被收了{parking_fee}元，说好的住店免费停车呢？",
        ),
        demands=(
            "fee,minibar,card|要求退还多收的{money}元",
            "要求重新核对账单并道歉",
            "fee,minibar|要求取消这项费用",
            "price|要求按菜单标价结算",
            "要求退款并书面道歉",
            "card|要求把多扣的钱马上退回卡里",
            "coupon|要求按优惠价结算",
            "invoice|要求按规定开具发票，不得加收任何费用",
            "parking_fee|要求退还停车费",
        ),
        faults=(
            "dish_count,role=收银员,dept=finance|{role}{person}录入时误将{dish}多录了一份",
            "price|新菜单上线后收银系统价格未同步更新，{dept}核对不到位",
            "card,dept=finance|POS机网络超时后重复提交，造成重复扣款，财务已核实",
            "fee,role=服务员,dept=food_beverage|点菜时{role}{person}未按规定告知{fee}的收费标准",
            "minibar,role=客房服务员,dept=housekeeping|{role}{person}查房时误将前一位客人的迷你吧消费记到本房",
            "parking_fee|停车场收费系统未与前台联网，住店客人免费资格未能自动识别",
            "coupon,role=服务员,dept=food_beverage|点菜时{role}{person}未提示{coupon}的使用限制",
            "invoice,dept=finance|{role}{person}对开票规定理解错误，加收税点没有依据",
        ),
        misunderstandings=(
            "fee|{fee}的收费标准已在菜单首页和包间门口明示，已婉转向顾客解释",
            "coupon|{coupon}注明节假日不可使用，已向顾客解释有关规定",
            "card|重复扣款实为银行预授权冻结，退房后会自动解冻，已向顾客说明",
            "minibar|迷你吧为感应计费，顾客拿起查看后系统自动记账，已解释并取消该费用",
            "parking_fee|住店免费停车限每晚一次，顾客当天第二次出入场需另行计费，已解释",
            "dish_count,price|已与顾客逐项核对账单，顾客将套餐内的菜品误认为另点，已解释清楚",
            "invoice|开具专用发票需提供完整的开票信息，并非加收费用，{role}解释不清引起误会",
        ),
        no_fault=("核对消费记录和监控，收费与实际消费一致，已与顾客逐项核对",),
        improvements=(
            "price|建议菜单价格调整时由财务部与餐饮部双人复核收银系统",
            "fee,coupon|建议点菜时主动告知服务费、包间费和优惠券的使用限制",
            "dish_count|建议收银员结账时向顾客唱单，核对菜品数量",
            "parking_fee|建议停车场收费系统与前台系统联网",
            "card|建议财务部每日核对POS机异常交易",
            "minibar|建议迷你吧消费由两人核对后再入账",
            "invoice|建议组织收银员学习发票管理规定",
        ),
        remedies=("refund", "cashier,dining|discount", "apology", "voucher", "information"),
        value=(60, 600),
        refunds=("parking_fee|停车费", "多收的费用"),
        refund_shares=(1.0,),
    ),
    "facility": _theme(
        weight=9,
        departments=("engineering", "housekeeping", "front_office"),
        locations=("大堂",),
        roles=("维修工", "值班工程师"),
        narratives=(
            "room,aircon|{room}房间的空调{aircon}，打了{count}次电话都没人来修，一晚上没睡好。",
            "room,hot_water|{room}房间的热水放了半个小时还是凉的，洗澡洗到一半没热水了。",
            "lift|{location}突然停了，我们{people}在里面被困了{minutes}分钟。",
            "room,device|{room}房间的{device}坏了，{device_problem}，找了前台两次也没人管。",
            "room,wifi|{room}房间的WiFi一直连不上，我明天要开视频会议，问了前台也没人解决。",
            "room,toilet|{room}房间马桶堵了，水漫了一地，把我的鞋和行李箱都泡了。",
            "front,key_card,role=前台接待|{when}房卡用了两次就失灵，我住{floor}楼，来来回回跑了{count}趟前台。",
            "gym,treadmill|{when}在健身房用{gym_machine}，用到一半突然停了，差点把我摔下来，{after_fall}。",
            "meeting,projector|{when}在{location}开{meeting_kind}，投影仪在客户面前一直黑屏，让我非常难堪。",
        ),
        demands=(
            "room|要求马上换房",
            "room|要求减免一晚房费",
            "要求道歉并尽快修好",
            "toilet|要求赔偿被泡坏的物品",
            "room|要求免费升级房型作为补偿",
            "meeting|要求退还会议室租金",
            "lift|要求给个说法，电梯要彻底检修",
            "key_card|要求换一张能用的房卡，并道歉",
            "treadmill|要求停用检修，并道歉",
        ),
        faults=(
            "dept=engineering|工程部巡检记录显示该设备已报修两天，一直未处理",
            "hot_water,dept=engineering|热水锅炉保养后温控未恢复，导致{floor}层供水温度不足",
            "lift,dept=engineering|电梯维保单位例行检修后未彻底排除故障",
            "room,dept=front_office|前台接到报修电话后未及时派单给工程部，延误近两个小时",
            "toilet,dept=engineering|客房马桶进水阀老化，工程部未按计划更换",
            "wifi|{floor}层无线路由器故障，信息部门未及时发现",
            "key_card,dept=engineering|门锁电池电量不足，工程部未按月检查更换",
            "treadmill|跑步机安全拉绳缺失，健身房未按规定每日检查器械",
            "projector|会议室设备未在会前调试，{dept}会前检查流于形式",
        ),
        misunderstandings=(
            "aircon|空调为中央空调系统，换季期间只能供冷，已向顾客解释并提供取暖器",
            "key_card|房卡靠近手机后被消磁，属常见情况，已为顾客重新制卡并提醒分开放置",
            "device|设备需插卡取电后才能使用，已现场演示",
            "wifi|WiFi需在网页上输入房号和姓氏验证，已指导顾客连接",
            "hot_water|热水需放水约两分钟才能出热水，已向顾客说明",
            "已向顾客说明设备的正确使用方法",
        ),
        no_fault=("工程部现场检测设备运行正常，已指导顾客正确使用",),
        improvements=(
            "建议工程部建立报修单二十四小时闭环制度，每天晨会通报未处理报修",
            "aircon|建议对入住率高的楼层空调提前做换季检修",
            "toilet|建议更换{floor}层老化的卫生间进水阀",
            "room|建议前台报修电话统一登记，并由值班经理跟踪",
            "lift|建议督促电梯维保单位每月提交检修报告",
            "projector|建议会议开始前一小时由专人调试设备",
        ),
        remedies=("room|upgrade", "discount", "room,projector|refund", "repair", "voucher", "apology"),
        value=(380, 1680),
        refunds=("room|一晚房费", "meeting|会议室租金", "相关费用"),
        repairs=("立即维修并检查同类设备",),
        compensations=("toilet|赔偿被泡坏的物品", "现金补偿"),
    ),
    "noise": _theme(
        weight=5,
        departments=("security", "front_office", "engineering", "food_beverage"),
        locations=("大堂",),
        roles=("保安", "前台接待"),
        narratives=(
            "room,neighbours|我住{room}，隔壁房间半夜还在大声喧哗，打电话给前台说去处理，结果一直吵到凌晨两点。",
            "room,works|我住{room}，早上{early}楼上就开始装修，{tool}的声音吵得根本没法休息，入住的时候也没人提醒。",
            "private_room,music|{when}隔壁宴会厅在办{event}，音响开得震天响，我们在{location}说话都听不清。",
            "room,machine|{room}房间正对着{noise_source}，整晚嗡嗡响，一夜没合眼。",
            "room,linen|我住{room}，凌晨{small_hour}有人推着布草车在走廊里来回走，声音特别大，把{child}吵醒了好几次。",
            "room,bar|楼下酒吧的音乐一直放到半夜一点，{room}房间的窗户都在震。",
        ),
        demands=(
            "room|要求马上换一间安静的房间",
            "room|要求减免一晚房费",
            "要求道歉",
            "room|要求退房并退还房费",
            "要求给个说法",
            "music|要求马上把音量调小",
        ),
        faults=(
            "neighbours,dept=security|保安部接报后二十分钟才上楼劝阻，夜班巡查不到位",
            "works,dept=engineering|工程部在客房楼层施工，未按规定在上午九点后开工，也未提前告知住客",
            "music,role=宴会厅主管,dept=food_beverage|宴会厅音响音量超过规定标准，当值{role}{person}未及时调整",
            "linen,dept=housekeeping|客房部夜班员工凌晨补充布草，违反了夜间静音作业要求",
            "machine,dept=engineering|{noise_source}减震垫老化，工程部未及时更换",
            "bar,dept=security|酒吧超过规定时间仍开大音量，保安部未按规定劝止",
        ),
        misunderstandings=(
            "machine,bar|该房间临街，入住时前台已提示，顾客选择了该房型",
            "neighbours|隔壁为同一旅行团的客人，顾客误以为是酒店员工在喧哗，已协调",
            "works|施工方为相邻大楼，不属本店管理，已向顾客致歉并协助换房",
            "music|当晚宴会音量在规定标准以内，顾客对声音比较敏感，已协助换到较远的包间",
            "linen|夜间走动的是应其他客人要求加急送物品的员工，已解释",
        ),
        no_fault=("保安上楼查看时已经安静，未发现异常，已向顾客致意",),
        improvements=(
            "works|建议客房楼层施工一律安排在上午九点至下午五点，并提前一天通知住客",
            "music|建议宴会厅设定音量上限，由当值主管每半小时检查一次",
            "neighbours,bar|建议夜班保安接到噪音投诉后十分钟内到场",
            "machine|建议临近设备间的房间加装隔音窗",
            "linen|建议布草补充安排在晚上十点前完成",
        ),
        remedies=("room|upgrade", "discount", "free_item", "voucher", "apology"),
        value=(380, 1380),
        refunds=("room|一晚房费", "部分餐费"),
    ),
    "reservation": _theme(
        weight=5,
        departments=("sales", "front_office", "food_beverage"),
        locations=("前台",),
        roles=("预订员", "前台接待"),
        narratives=(
            "front,room_booking|我提前{days}天订的{booked_type}，到了前台说没房了，只能给我换{lower_type}。",
            "dining,table|我在网上订了{clock}的包间，到店说没有我们的预订记录，{people}只能在大厅里等着。",
            "banquet,event|打电话预订了{event}，说好{number}桌，到现场只摆了一半，菜单也不对。",
            "front,breakfast|我订了{nights}晚{booked_type}，预订时明明说含早餐，入住后才知道不含，每人每天还要另付{breakfast_price}元。",
            "front,deposit|我在规定时间内取消了预订，却还被扣了{money}元订金。",
            "banquet,decoration|订的是{number}桌的{event}，说好布置成{theme_colour}主题，到了一看完全不是那么回事，客人马上就到了。",
            "front,pickup,role=礼宾员|预订了{flight_time}的接机服务，在机场等了{wait}也没见到人，最后自己打车过来，花了{taxi_fare}元。",
        ),
        demands=(
            "room_booking|要求按原价安排同等房型",
            "deposit|要求退还订金{money}元",
            "要求赔偿并道歉",
            "room_booking|要求免费升级房型",
            "要求给个说法",
            "pickup|要求报销打车费并道歉",
            "breakfast|要求按预订时说的免费提供早餐",
            "table|要求马上安排包间",
            "event,decoration|要求宴会费用打折并道歉",
        ),
        faults=(
            "table,event,room_booking,role=预订员,dept=sales|销售部{role}{person}漏录预订，系统中没有该订单",
            "room_booking,dept=sales|OTA渠道房态未及时同步，造成超售",
            "event,dept=sales|宴会预订单写错桌数，与顾客确认时未复核",
            "pickup,dept=front_office|礼宾部接机排班表未更新，司机未收到接机任务",
            "breakfast,role=预订员,dept=sales|{role}{person}电话预订时误报了房价所含项目",
            "deposit,dept=finance|财务部退订处理错误，未按规定全额退还",
            "decoration,dept=sales|宴会布置要求未写入宴会通知单，布置人员不知情",
        ),
        misunderstandings=(
            "breakfast|顾客通过第三方平台预订，平台订单不含早餐，已向顾客解释并建议与平台联系",
            "deposit|取消时间已超过免费取消期限，已向顾客解释预订条款",
            "table|顾客预订的是本集团另一家分店，已协助联系并安排座位",
            "room_booking|顾客预订的是“或同级房型”，已解释房型说明",
            "已向顾客说明预订条款，消除了误会",
        ),
        no_fault=("核查预订电话录音和确认短信，预订内容与顾客所述不一致，已向顾客耐心说明",),
        improvements=(
            "建议预订确认单一律以短信形式发给顾客，双方核对",
            "room_booking|建议销售部每日两次核对OTA渠道房态",
            "event,decoration|建议宴会预订实行“一单两签”复核",
            "pickup|建议接机任务前一天由礼宾部主管确认",
        ),
        remedies=("room_booking|upgrade", "refund", "voucher", "discount", "apology"),
        value=(300, 2800),
        refunds=("deposit|订金", "pickup|打车费", "相关费用"),
    ),
    "property": _theme(
        weight=4,
        departments=("security", "housekeeping", "front_office"),
        locations=("大堂",),
        roles=("保安",),
        narratives=(
            "dining,lost|我放在{location}的{item}不见了，明明就放在{where}，去了趟洗手间回来就没了。",
            "luggage,damaged|{when}寄存在礼宾部的{bag}取回来发现{damage}。",
            "laundry|送洗的{garment}被洗坏了，{garment_damage}，这件衣服是花{money}元买的。",
            "room,forgotten|退房时把{item}忘在了{room}房间，打电话回来问，说没找到。",
            "parking,car|我的车停在{location}，回来发现被刮了一道{length}厘米长的划痕，你们保安是干什么的？",
            "parking,valet,role=代客泊车员|{when}代客泊车把我的车开走后，车里的{item}不见了。",
            "gym,locker|{when}健身房更衣柜的锁坏了，我锁在里面的{item}被人拿走了。",
        ),
        demands=(
            "lost,valet,locker|要求调监控查找",
            "laundry|要求照价赔偿{money}元",
            "damaged,car|要求赔偿修理费",
            "要求酒店承担责任并道歉",
            "lost,valet,locker|要求马上报警处理",
            "forgotten|要求马上找回并寄给我",
        ),
        faults=(
            "luggage,role=礼宾员,dept=front_office|{role}{person}搬运行李时操作不当，造成物品损坏",
            "laundry,dept=housekeeping|洗衣房未按衣物洗涤标识处理，导致衣物受损",
            "lost,dept=security|{location}监控显示一名陌生男子拿走了顾客物品，已协助顾客报警",
            "forgotten,role=客房服务员,dept=housekeeping|{role}{person}查房时未仔细检查，遗漏了顾客遗留物品，后在布草车中找到",
            "car,dept=security|停车场巡逻间隔超过规定时间，当时该区域无保安值守",
            "locker,dept=engineering|健身房更衣柜门锁损坏已报修三天未修复",
            "valet,dept=security|{role}{person}交接车辆时未与顾客共同清点车内物品",
        ),
        misunderstandings=(
            "lost,forgotten|顾客物品实际遗落在出租车上，经协助联系司机已找回",
            "laundry|衣物洗涤标识为“不可水洗”，顾客送洗时选择了水洗服务，已解释有关规定",
            "damaged|寄存时箱子已有裂痕，寄存单上有记录和顾客签字，已向顾客出示",
            "car|车辆入场时已有该划痕，入场抓拍照片可以证实，已向顾客出示",
            "valet,locker|顾客随后在自己的背包里找到了物品，误会消除",
        ),
        no_fault=("调取监控未发现顾客所述情况，已建议顾客报警并提供协助",),
        improvements=(
            "luggage|建议礼宾部对贵重、易碎行李加贴提示标签，并与顾客当面确认外观",
            "laundry|建议洗衣房收衣时逐件核对洗涤标识并请顾客签字确认",
            "car|建议停车场每三十分钟巡逻一次并打卡",
            "locker|建议更换健身房全部更衣柜门锁",
            "lost|建议餐厅服务员提醒顾客保管好随身物品，贵重物品可寄存",
            "forgotten|建议查房时使用遗留物品检查清单",
            "valet|建议代客泊车交接时与顾客共同清点车内物品并拍照",
        ),
        remedies=("compensation", "damaged,car,laundry|repair", "refund", "voucher", "apology"),
        value=(300, 8000),
        risk=0.12,
        refunds=("laundry|洗衣费", "luggage|寄存费用", "相关费用"),
        repairs=("damaged|免费维修{bag}", "car|承担补漆费用", "laundry|送专业洗衣店修复", "免费维修"),
        compensations=("lost,valet,locker|赔偿部分损失", "照价赔偿受损物品"),
    ),
    "injury": _theme(
        weight=2,
        departments=("security", "engineering", "food_beverage", "housekeeping"),
        locations=("大堂",),
        roles=("保安",),
        narratives=(
            "public,slip,role=保洁员|在{location}滑倒了，地上有水也没放警示牌，膝盖摔破了，去医院花了{money}元。",
            "dining,cut|{when}{child}在{location}被{hazard}划伤了手，流了很多血。",
            "dining,scald,role=传菜员|{when}{role}上汤时没端稳，热汤洒在我{body_part}上，烫起了泡。",
            "public,falling|{when}在{location}被{falling}砸到了头，现在还头晕。",
            "entrance,steps|{when}{elder}在{location}绊了一下摔倒了，那里没有任何提示，照明也太暗。",
            "entrance,door|{when}旋转门转得太快，把{elder}的脚夹了一下，脚踝肿了。",
            "pool,pool_slip|{when}在游泳池边滑了一跤，{body_hit}磕在池边，{role}过了好久才过来。",
        ),
        demands=(
            "要求赔偿医药费{money}元",
            "要求承担全部医疗费用并道歉",
            "要求赔偿医药费、误工费和精神损失费",
            "要求马上送医院检查",
            "要求给个说法，否则就起诉",
        ),
        faults=(
            "slip,dept=housekeeping|{role}{person}拖地后未及时放置“小心地滑”警示牌",
            "pool_slip|泳池边防滑垫破损未更换，{role}{person}也未及时提醒",
            "cut,falling,dept=engineering|{location}设施老化未及时更换，工程部巡检未发现隐患",
            "scald,dept=food_beverage|{role}{person}端汤时未按规定使用托盘",
            "door,dept=engineering|旋转门感应装置故障，速度调节失灵，工程部未及时停用",
            "steps,dept=engineering|台阶照明灯损坏两天未修复，也未设置警示标识",
        ),
        misunderstandings=(
            "steps,slip|顾客是在店外公共人行道摔倒，不属本店管理区域，出于人道关怀协助送医",
            "scald|顾客起身时碰到了传菜员的手臂，双方都有不慎，已协助处理烫伤",
            "door|老人进门时用力推了旋转门，导致门速加快，已向顾客说明安全使用方法",
            "cut,pool_slip|孩子在无人看护时攀爬设施，已提醒家长注意",
            "已向顾客说明监控显示的事发经过，消除了误会",
        ),
        no_fault=(
            "slip,steps,pool_slip|监控显示顾客系自行奔跑时摔倒，现场地面干燥，警示标识齐全，出于人道关怀协助就医",
            "现场检查设施完好，监控显示事发与设施无关，出于人道关怀协助就医",
        ),
        improvements=(
            "slip,pool_slip|建议雨天在各入口铺设防滑地垫，保洁作业时必须放置警示牌",
            "falling,cut|建议工程部全面排查公共区域的装饰物和灯具固定情况",
            "steps|建议台阶边缘加贴防滑警示条并增加照明",
            "scald|建议传菜员端送热汤一律使用托盘并提醒客人",
            "door|建议旋转门加装防夹感应，高峰时段安排专人值守",
        ),
        remedies=("compensation", "gift", "apology", "voucher"),
        value=(200, 6000),
        risk=0.2,
        compensations=("补偿医药费",),
    ),
    "product": _theme(
        weight=4,
        departments=("retail", "finance"),
        locations=("商场一楼",),
        roles=("导购员",),
        narratives=(
            "shop,broken|在你们{location}买的{product}，用了{days}天就{product_problem}。",
            "shop,defect|{when}在{location}买的{product}回家打开，发现{defect}，要求退货却说已经拆封不能退。",
            "shop,label|我花{price}元买的{label_claim}，实际根本不是，这是虚假宣传。",
            "shop,promo,role=导购员|{role}说{product}打{promo_rate}折，结账时却按原价{price}元收的。",
            "shop,expired|{when}在{location}买的{gift_box}送人，人家打开一看里面的东西已经过期了，让我很没面子。",
            "shop,missing|{product}的包装里少了说明书和保修卡，问了{count}次都说找不到。",
        ),
        demands=(
            "broken,defect|要求退货退款",
            "broken,defect|要求换一个新的",
            "expired|要求按规定十倍赔偿",
            "label|要求退一赔三",
            "promo|要求退差价",
            "要求给个说法",
            "missing|要求补齐说明书和保修卡",
        ),
        faults=(
            "broken,defect,dept=retail|商场部对该批次商品入库检验不严，同批次已发现{number}件同样问题",
            "promo|{role}{person}对促销规则解释有误",
            "expired,dept=retail|该批次礼盒临近保质期未按规定下架",
            "missing,role=库管员,dept=retail|{role}{person}出库时未核对配件清单",
            "label,dept=retail|供应商提供的商品标签与实际成分不符，商场部进货查验不到位",
        ),
        misunderstandings=(
            "broken,defect|该商品属特价清仓商品，售出时已告知不退不换，已向顾客解释并协助联系厂家保修",
            "promo|促销活动仅限会员，已向顾客解释活动规则并协助办理会员",
            "missing|说明书和保修卡为电子版，扫码即可获取，已当面演示",
            "label|标签所示为面料主成分，已向顾客出示检测报告并解释",
            "expired|顾客看到的是生产日期，礼盒内商品仍在保质期内，已当面核对",
        ),
        no_fault=(
            "broken|检查商品为使用不当导致损坏，不属质量问题，已协助联系厂家售后检测",
            "核实后商品符合标准，已向顾客出示进货凭证",
        ),
        improvements=(
            "broken,defect|建议商场部加强入库抽检，同批次问题商品立即下架",
            "promo|建议导购员上岗前统一学习当期促销规则",
            "expired|建议每周检查一次食品类商品保质期，临期商品单独陈列",
            "label|建议对供应商标签进行抽检",
            "missing|建议出库时按配件清单逐项核对",
        ),
        remedies=("broken,defect,missing|exchange", "refund", "broken|repair", "voucher", "discount"),
        value=(59, 1299),
        refunds=("expired|{gift_box}货款", "label|货款", "promo|差价", "{product}货款"),
    ),
    "safety": _theme(
        weight=2,
        departments=("security", "engineering"),
        locations=("大堂",),
        roles=("保安",),
        narratives=(
            "corridor,exit|{when}{location}的安全出口被{blocking}堵死了，真要着火了人往哪里跑？",
            "corridor,tile|{when}{location}有一块地砖松动翘起来了，差点把{stumbler}绊倒。",
            "parking,lights|{evening}{location}的{parking_spot}号车位那一片灯全坏了，黑乎乎的，很不安全。",
            "corridor,gas|{when}{location}有一股很浓的煤气味，跟服务员说了也没人管。",
            "pool,lifeguard|{when}泳池边没有{role}，{child}差点呛水，太吓人了。",
            "parking,stranger|{when}{location}的{parking_spot}号车位附近有陌生人在车边来回转悠，一个保安都看不到。",
            "playground|{when}儿童游乐区的{play_item}有一颗螺丝松了，{child}的裤子被挂破了。",
        ),
        demands=(
            "要求马上处理隐患",
            "要求给个说法并整改",
            "要求道歉",
            "要求加强安全管理",
            "playground|要求赔偿孩子的裤子",
        ),
        faults=(
            "lights,dept=engineering|工程部巡检未及时发现{location}的照明故障",
            "exit,dept=security|仓库临时把物料堆放在消防通道，已立即清理",
            "lifeguard|{role}{person}离岗吃饭，未安排替岗",
            "stranger,dept=security|保安部夜间巡逻未覆盖{location}",
            "playground|游乐设施月检记录缺失，已停用检修",
            "tile,dept=engineering|{location}地砖空鼓，工程部巡检未发现",
            "gas,dept=engineering|厨房燃气管道接口轻微泄漏，工程部已立即关阀维修",
        ),
        misunderstandings=(
            "gas|气味来自厨房正常排烟，燃气系统检测正常，已向顾客解释",
            "stranger|该人员为本店代客泊车员，正在核对车辆，已向顾客说明",
            "现场检查后向顾客说明了情况，顾客的担心已消除",
        ),
        no_fault=("保安部现场检查未发现隐患，已向顾客说明",),
        improvements=(
            "exit|建议每日两次检查消防通道，发现堆物立即清理并追责",
            "lights,tile|建议工程部对公共区域实行每日巡检",
            "lifeguard|建议泳池开放期间救生员不得离岗，用餐时安排替岗",
            "playground|建议游乐设施每周检查并挂检查记录卡",
            "stranger|建议停车场夜间增加一次巡逻",
            "gas|建议燃气管道每月检测一次并记录",
        ),
        remedies=("apology", "gift", "voucher", "information", "playground|compensation"),
        value=(100, 600),
        risk=0.1,
        refunds=("当天消费",),
        compensations=("playground|赔偿孩子的衣物", "现金补偿"),
    ),
    "other": _theme(
        weight=3,
        departments=("front_office", "sales", "finance", "office"),
        locations=("大堂", "前台", "停车场", "行政酒廊", "商务中心"),
        roles=("前台接待", "客服专员", "礼宾员"),
        narratives=(
            "{when}来办事，{generic_problem}，跟工作人员反映了也没有结果。",
            "顺便反映一个问题：{generic_problem}，这已经不是第{count}次了，希望你们重视。",
            "{when}在{location}，{generic_problem}，{role}只会说“这是规定”。",
        ),
        demands=("要求给个说法", "要求道歉并改进", "要求按宣传内容兑现", "要求尽快解决"),
        faults=(
            "{dept}未按对外宣传的标准执行，相关信息更新不及时",
            "{role}{person}对公司规定解释不清，处理方式简单生硬",
        ),
        misunderstandings=("相关规定已在预订页面和前台公示，顾客未留意，已婉转解释",),
        no_fault=("核实后顾客所述情况与实际不符，已耐心说明",),
        improvements=(
            "建议对外宣传内容与实际服务标准每月核对一次",
            "建议前台备一份常见问题解答，统一对客口径",
        ),
        remedies=("apology", "voucher", "information", "discount", "gift"),
        value=(50, 600),
    ),
}

# Category codes of resources/catalog/defaults.json; other categories are matched by words in their names.
_THEME_BY_CODE = {
    "service_attitude": "attitude",
    "food_quality": "food_quality",
    "food_safety": "food_safety",
    "hygiene": "hygiene",
    "waiting_time": "waiting",
    "billing": "billing",
    "facility_fault": "facility",
    "noise": "noise",
    "reservation": "reservation",
    "property_loss": "property",
    "personal_injury": "injury",
    "product_quality": "product",
    "safety_hazard": "safety",
    "other": "other",
}
_THEME_WORDS = (
    ("food_safety", ("食品安全", "异物", "食物中毒", "food_safety", "food safety")),
    ("injury", ("人身", "受伤", "伤害", "injury")),
    ("waiting", ("等候", "等待", "上菜慢", "wait", "delay")),
    ("billing", ("收费", "账单", "结账", "价格", "bill", "charge", "price")),
    ("noise", ("噪音", "噪声", "noise")),
    ("property", ("遗失", "丢失", "财物", "损坏", "lost", "property")),
    ("reservation", ("预订", "预定", "booking", "reservation")),
    ("facility", ("设施", "设备", "客房", "facility", "equipment", "room")),
    ("hygiene", ("卫生", "清洁", "hygiene", "clean")),
    ("safety", ("安全", "safety", "hazard")),
    ("food_quality", ("菜品", "出品", "口味", "食品", "food", "dish")),
    ("product", ("商品", "货品", "product", "goods")),
    ("attitude", ("态度", "服务", "attitude", "service", "staff")),
)


T = TypeVar("T")


class _Random(random.Random):
    """``random.Random`` with cheaper draws: a million complaints make tens of millions of them."""

    def choice(self, seq: Sequence[T]) -> T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def weighted(self, items: Sequence[T], cumulative: Sequence[float]) -> T:
        """An item drawn with weights given as running totals (itertools.accumulate)."""
        return items[bisect.bisect_right(cumulative, self.random() * cumulative[-1])]


def _cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    return tuple(accumulate(weights))


class _Slots(dict):
    """Template values drawn on first use, so every text of one complaint names the same dish, room, …"""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        value = _SLOT_MAKERS[key](self.rng, self)
        self[key] = value
        return value


def _pick(*pool: str) -> Callable[[random.Random, _Slots], str]:
    return lambda rng, slots: rng.choice(pool)


# A problem the customer names: (the role who usually causes it, causes, a harmless explanation or "").
_FOOD_PROBLEMS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "咸得发苦": (
        "厨师",
        ("{role}{person}调味时误加了两次盐，出品前未按规定试味", "{role}{person}换用了新批次的酱料，未按新配方减量"),
        "{dish}是本地传统做法，口味偏咸重，菜单上已有标注",
    ),
    "里面还是生的": (
        "厨师",
        ("厨房为赶出菜速度缩短了烹饪时间，{dish}未完全熟透即出品", "{role}{person}油温不够就下锅，出品前未检查熟度"),
        "{dish}讲究鲜嫩，断生即出锅，并非没熟，已请厨师长当面解释",
    ),
    "已经凉透了": (
        "传菜员",
        ("传菜口压菜十多分钟才由{role}{person}送上桌，菜品温度不够", "{role}{person}送菜时未使用保温盖"),
        "",
    ),
    "油大得没法下筷子": (
        "厨师",
        ("{role}{person}过油后未沥干，出品前未按规定检查",),
        "本店{dish}按传统做法用油较多，菜单上已有提示",
    ),
    "肉有股怪味": (
        "厨师",
        ("{dish}使用了前一天剩余的备料，不符合出品标准", "冷柜温度偏高，肉类原料保存不当"),
        "顾客说的怪味是{dish}所用香料的味道，已请厨师长当面说明",
    ),
    "明显不新鲜": (
        "厨师",
        ("{dish}使用了前一天剩余的备料，不符合出品标准", "当日到货的原料验收不严，新鲜度不够"),
        "",
    ),
    "糊得发黑": ("厨师", ("{role}{person}同时照看几口锅，{dish}火候过头",), ""),
    "分量比照片少了一半": (
        "配菜员",
        ("{role}{person}误按小份配菜，分量与菜单不符", "新菜单上线后照片未及时更换，与实际出品不一致"),
        "菜单照片下方注明“图片仅供参考”，分量符合出品标准",
    ),
    "甜得发腻": (
        "厨师",
        ("{role}{person}调味时糖放多了，出品前未按规定试味",),
        "{dish}是本帮做法，口味偏甜，菜单上已有标注",
    ),
    "腥味很重": ("厨师", ("{role}{person}处理原料时去腥不到位，未按规定用姜葱料酒腌制",), ""),
    "一股哈喇味": ("厨师", ("炸制用油超过规定使用次数未及时更换，{dish}带有油脂氧化的味道",), ""),
}
_FOREIGN_OBJECTS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "一根头发": (
        "厨师",
        ("后厨当班{role}{person}未按规定佩戴厨师帽，头发系操作中掉入", "{role}{person}厨师帽佩戴不规范，头发外露"),
        "顾客所指的“头发”经检查为{dish}配料中的{ingredient}",
    ),
    "一只小虫子": (
        "配菜员",
        ("配菜间{role}{person}清洗蔬菜不彻底，菜叶中的小虫未清除", "后厨纱窗破损未及时修补，防虫设施不到位"),
        "顾客所见的“小虫子”为{dish}中的花椒籽",
    ),
    "一只苍蝇": ("服务员", ("餐厅灭蝇灯故障未及时维修，上菜时也未加盖", "后厨纱窗破损未及时修补，防蝇设施不到位"), ""),
    "一小块钢丝球": ("洗碗工", ("{role}{person}用钢丝球刷锅后未冲洗干净，碎屑残留",), ""),
    "一片塑料膜": ("配菜员", ("{role}{person}拆原料包装时塑料膜残留在食材上",), ""),
    "一颗小石子": ("厨师", ("大米和豆类原料入库时筛选不仔细，砂石未清除",), "经检查是{dish}中的一小块碎骨"),
    "一截线头": ("服务员", ("{role}{person}使用的抹布已破损脱线，未及时更换",), ""),
    "一片指甲": ("厨师", ("{role}{person}未按规定剪短指甲并佩戴一次性手套",), "经检查是{dish}中的一小片蟹壳"),
    "一小块碎玻璃": ("服务员", ("传菜间打碎的玻璃杯未及时清理干净，碎屑溅入菜品",), ""),
}
_FOOD_PROBLEM_NAMES = tuple(_FOOD_PROBLEMS)
_FOREIGN_NAMES = tuple(_FOREIGN_OBJECTS)
_HARD_FOREIGN_NAMES = ("一小块钢丝球", "一颗小石子", "一片指甲", "一小块碎玻璃")


def _hard_foreign(rng: random.Random, slots: _Slots) -> str:
    """Something that can chip a tooth; it is then the story's foreign object."""
    slots["foreign"] = rng.choice(_HARD_FOREIGN_NAMES)
    return slots["foreign"]


def _cause(rng: random.Random, slots: _Slots, problem: tuple[str, tuple[str, ...], str]) -> str:
    role, causes, _ = problem
    slots.setdefault("role", role)
    return rng.choice(causes).format_map(slots)


def _explained(slots: _Slots, problem: tuple[str, tuple[str, ...], str]) -> str:
    return (problem[2] or "经检查，顾客反映的情况与本店出品标准相符，已介绍本店的做法并推荐其他菜品").format_map(slots)


def _dish(rng: random.Random, slots: _Slots) -> str:
    location = slots.get("location", "")
    western = "西餐" in location or "咖啡" in location
    return rng.choice(_WESTERN_DISHES if western else _DISHES)


def _other_dish(rng: random.Random, slots: _Slots) -> str:
    first = slots["dish"]
    second = _dish(rng, slots)
    return second if second != first else _dish(rng, slots)


def _lower_room_type(rng: random.Random, slots: _Slots) -> str:
    booked = _ROOM_TYPES.index(slots["room_type"])
    return rng.choice(_ROOM_TYPES[:booked]) if booked else _ROOM_TYPES[0]


def _price(rng: random.Random, slots: _Slots) -> str:
    return str(rng.randrange(38, 268, 2))


def _higher_price(rng: random.Random, slots: _Slots) -> str:
    return str(int(slots["price"]) + rng.choice((10, 20, 30, 40, 60)))


_SLOT_MAKERS: dict[str, Callable[[random.Random, _Slots], str]] = {
    "dish": _dish,
    "dish2": _other_dish,
    "drink": _pick(*_DRINKS),
    "when": _pick(*_WHEN),
    "clock": _pick(*_CLOCK),
    "people": _pick(*_PEOPLE),
    "occasion": lambda rng, slots: slots["event"] if "event" in slots else rng.choice(_OCCASIONS),
    "count": _pick(*_COUNT_WORDS),
    "number": lambda rng, slots: str(rng.randint(3, 12)),
    "minutes": lambda rng, slots: str(rng.choice((15, 20, 25, 30, 35, 40))),
    "days": lambda rng, slots: str(rng.randint(2, 30)),
    "wait": _pick(*_WAITS),
    "room": lambda rng, slots: f"{rng.randint(3, 22)}{rng.randint(1, 36):02d}",
    "floor": lambda rng, slots: slots["room"][:-2] if "room" in slots else str(rng.randint(3, 22)),
    "length": lambda rng, slots: str(rng.randint(5, 40)),
    "price": _price,
    "price2": _higher_price,
    "parking_fee": lambda rng, slots: str(rng.choice((10, 15, 20, 30, 40, 60))),
    "role": lambda rng, slots: rng.choice(slots["_roles"]),
    "tax_points": _pick("3个点", "5个点", "6个点", "8个点"),
    "gym_machine": _pick("跑步机", "椭圆机", "动感单车"),
    "after_fall": _pick("膝盖到现在还疼", "幸好扶住了扶手", "手机也摔坏了", "旁边的人都吓了一跳"),
    "meeting_kind": _pick("产品发布会", "客户答谢会", "季度汇报会", "员工培训会"),
    "gym_mess": _pick("淋浴间的下水道也堵了", "储物柜里还有别人的垃圾", "瑜伽垫上全是汗渍", "饮水机旁边一大滩水"),
    "washroom_mess": _pick("地上全是水", "纸也没有", "马桶堵了没人管", "洗手液是空的", "垃圾桶都满出来了"),
    "early": _pick("七点", "七点半", "不到八点", "六点多"),
    "tool": _pick("电钻", "电锤", "切割机", "敲墙"),
    "small_hour": _pick("一点多", "两点", "三点左右", "快四点"),
    "nights": _pick("两", "三", "四", "五"),
    "breakfast_price": _pick("58", "68", "78", "88", "98", "128"),
    "theme_colour": _pick("蓝色", "粉色", "中式红色", "森系绿色", "香槟色"),
    "flight_time": _pick("晚上十点", "凌晨一点", "下午三点", "中午十二点", "早上七点"),
    "taxi_fare": lambda rng, slots: str(rng.randint(60, 260)),
    "body_part": _pick("手臂", "手背", "大腿", "肩膀"),
    "body_hit": _pick("后脑勺", "膝盖", "手肘", "下巴"),
    "elder": _pick("我母亲", "我父亲", "我奶奶", "我外公", "家里的老人"),
    "child": _pick("孩子", "我儿子", "我女儿", "我小侄子", "我外孙"),
    "eater": _pick("我", "孩子", "我爱人", "我们一家人", "同行的朋友"),
    "play_item": _pick("滑梯", "秋千", "攀爬架", "蹦床边框"),
    "parking_spot": lambda rng, slots: str(rng.randint(1, 320)),
    "evening": _pick("昨天晚上", "前天晚上", "今晚", "上周五晚上"),
    "stumbler": _pick("我", "我母亲", "孩子", "同事"),
    "blocking": _pick("杂物", "纸箱", "布草车", "装修材料"),
    "promo_rate": _pick("八", "八五", "九", "七"),
    "careless_act": _pick("房卡直接扔在台面上", "身份证扔回给我", "押金单都没让我核对", "连欢迎词都没有"),
    "companion": _pick("客户", "父母", "孩子", "朋友", "老领导"),
    "deadline": _pick("今天之内", "半个小时内", "一个小时内", "明天中午前"),
    "ask": _pick(
        "洗手间在哪里",
        "发票怎么开",
        "停车费能不能减免",
        "早餐几点结束",
        "附近有没有药店",
        "能不能帮忙叫辆车",
        "行李能不能寄存",
    ),
    "front_ask": _pick("延迟一个小时退房", "帮忙寄存一下行李", "换一间不临街的房间", "帮我叫辆出租车"),
    "wish": _pick("换一张安静点的桌子", "把空调温度调高一点", "先上孩子的面条", "把没动过的菜打包", "加一把儿童椅"),
    "rude": _pick(
        "自己看指示牌",
        "没有就是没有",
        "这不归我管",
        "规定就是这样，跟我说没用",
        "你找别人去",
        "嫌贵就别来啊",
        "没看见我在忙吗",
    ),
    "rude_act": _pick(
        "小声嘀咕说我事多",
        "直接转身就走了",
        "用很不耐烦的语气跟我说话",
        "冲我们翻了个白眼",
        "把东西往台面上一扔",
    ),
    "clothes": _pick("新买的外套", "白衬衫", "裙子", "西装裤", "孩子的衣服", "羊绒衫"),
    "food_problem": lambda rng, slots: rng.choice(_FOOD_PROBLEM_NAMES),
    "food_cause": lambda rng, slots: _cause(rng, slots, _FOOD_PROBLEMS[slots["food_problem"]]),
    "food_misunderstanding": lambda rng, slots: _explained(slots, _FOOD_PROBLEMS[slots["food_problem"]]),
    "excuse": _pick("我们一直都是这个做法", "厨师说没问题", "这个菜本来就是这个味道", "你们都吃了一半了不能退"),
    "ingredient": _pick("花椒梗", "姜丝", "紫苏叶", "桂皮碎", "八角", "陈皮丝", "虾须"),
    "foreign": lambda rng, slots: rng.choice(_FOREIGN_NAMES),
    "hard_foreign": _hard_foreign,
    "foreign_cause": lambda rng, slots: _cause(rng, slots, _FOREIGN_OBJECTS[slots["foreign"]]),
    "foreign_misunderstanding": lambda rng, slots: _explained(slots, _FOREIGN_OBJECTS[slots["foreign"]]),
    "meat": _pick("虾仁", "鱼肉", "鸡肉", "海鲜", "牛肉", "猪肉"),
    "stain": _pick("污渍", "黄渍", "血迹", "烟头烫的洞", "咖啡渍", "一大块水渍"),
    "utensil": _pick("杯子", "碗", "筷子", "茶杯", "餐盘", "汤勺"),
    "transport": _pick("高铁", "飞机", "约好的车", "下午的会"),
    "fee": _pick("服务费", "包间费", "开瓶费", "餐位费", "茶位费"),
    "minibar": _pick("迷你吧饮料", "冰箱里的矿泉水", "零食", "收费洗漱用品"),
    "coupon": _pick("团购券", "会员折扣", "生日优惠券", "满减券", "储值卡"),
    "aircon": _pick("一直不制冷", "噪音特别大", "开了也不出暖风", "漏水滴在床上", "遥控器没反应"),
    "device": _pick("电视", "电热水壶", "吹风机", "保险箱", "窗帘电机", "床头灯"),
    "device_problem": _pick("根本用不了", "一开就跳闸", "打不开也关不上", "时好时坏"),
    "noise_source": _pick("空调外机", "厨房排风机", "酒吧街", "停车场入口", "货梯间"),
    "room_type": _pick(*_ROOM_TYPES[3:]),  # one worth an upgrade
    "booked_type": lambda rng, slots: slots.setdefault("room_type", rng.choice(_ROOM_TYPES[2:])),
    "lower_type": _lower_room_type,
    "event": _pick(*_EVENTS),
    "item": _pick(*_ITEMS),
    "where": _pick("椅子背上", "座位旁边", "衣帽架上", "沙发上", "桌子上"),
    "damage": _pick("拉杆断了", "外壳被压裂了", "轮子掉了一个", "里面的东西被压坏了"),
    "bag": _pick("行李箱", "旅行包", "拉杆箱", "纸箱"),
    "garment": _pick("羊绒大衣", "真丝衬衫", "西装", "羊毛衫", "礼服裙"),
    "garment_damage": _pick("缩水了两个码", "掉色严重", "被烫出一个洞", "扣子全掉了"),
    "hazard": _pick("桌角的金属包边", "破损的玻璃门", "椅子上翘起的钉子", "花盆的碎瓷片"),
    "falling": _pick("松动的装饰物", "掉落的灯罩", "没挂牢的指示牌"),
    "product": _pick(*_PRODUCTS),
    "product_problem": _pick("坏了", "开胶了", "不保温了", "严重掉色", "起球了", "充不进电"),
    "defect": _pick("表面有划痕", "少了配件", "颜色和样品不一样", "里面有一块污渍"),
    "label_claim": _pick(
        "羊毛衫，标签上写的是纯羊毛",
        "皮带，标签上写的是头层牛皮",
        "四件套，标签上写的是全棉",
        "丝巾，标签上写的是桑蚕丝",
        "茶叶礼盒，盒子上写的是明前特级",
    ),
    "gift_box": _pick("茶叶礼盒", "月饼礼盒", "坚果礼盒", "特产礼盒"),
    "generic_problem": _pick(
        "停车收费和门口写的不一样",
        "会员积分一个月了还没到账",
        "宠物不让进，预订时却没有提前告知",
        "开发票要等三天",
        "客服电话一直打不通",
        "早餐种类太少，和宣传的不一样",
        "等电梯要十几分钟",
        "送到房间的外卖还要另收服务费",
        "代客泊车把车停得老远，取车等了半天",
        "行政酒廊说好的欢乐时光提前半小时就收了",
    ),
}

# ---------------------------------------------------------------------------------------------------------------
# Time

_HOUR_WEIGHTS = (
    0.2, 0.1, 0.05, 0.03, 0.03, 0.05, 0.2, 0.6, 0.8, 0.9, 1.0, 1.8,
    2.6, 2.0, 1.0, 0.8, 0.9, 1.6, 2.6, 3.0, 2.6, 2.0, 1.2, 0.6,
)  # fmt: skip
_HOUR_CUMULATIVE = tuple(sum(_HOUR_WEIGHTS[: h + 1]) for h in range(24))
_MONTH_FACTORS = (1.1, 1.15, 0.9, 0.95, 1.05, 0.95, 1.15, 1.2, 0.95, 1.15, 0.9, 1.0)
_WEEKDAY_FACTORS = (0.85, 0.85, 0.9, 0.95, 1.15, 1.35, 1.25)
_SPRING_FESTIVAL = {
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
}


def _holiday_factor(day: dt.date) -> float:
    festival = _SPRING_FESTIVAL.get(day.year)
    if festival and -1 <= (day - festival).days <= 6:
        return 1.5
    if (day.month == 10 and day.day <= 7) or (day.month == 5 and day.day <= 5):
        return 1.6
    if (day.month, day.day) in ((1, 1), (2, 14), (12, 24), (12, 25), (12, 31)):
        return 1.3
    return 1.0


@functools.cache
def _clock_texts() -> tuple[str, ...]:
    return tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY))


class _Clock:
    """Times as whole seconds since midnight of the first demo day, written the way peewee stores them."""

    def __init__(self, now: dt.datetime) -> None:
        self.first_day = now.date() - dt.timedelta(days=DAYS - 1)
        self.now = (DAYS - 1) * DAY + now.hour * 3600 + now.minute * 60 + now.second
        # Follow-ups fall due up to a few days after now.
        self._days = tuple((self.first_day + dt.timedelta(days=k)).isoformat() + " " for k in range(DAYS + 30))
        self._clock = _clock_texts()

    def text(self, seconds: int) -> str:
        return self._days[seconds // DAY] + self._clock[seconds % DAY]

    def arrivals(self, rng: random.Random, total: int) -> Iterator[int]:
        """``total`` complaint times in ascending order: busier at meals, evenings, weekends and holidays."""
        weights = []
        for k in range(DAYS):
            day = self.first_day + dt.timedelta(days=k)
            factor = _MONTH_FACTORS[day.month - 1] * _WEEKDAY_FACTORS[day.weekday()] * _holiday_factor(day)
            weights.append(factor * rng.uniform(0.85, 1.15))
        today = self.now % DAY
        hour = today // 3600
        elapsed = (_HOUR_CUMULATIVE[hour - 1] if hour else 0) + _HOUR_WEIGHTS[hour] * (today % 3600) / 3600
        weights[-1] *= elapsed / _HOUR_CUMULATIVE[-1]
        scale = total / sum(weights)
        running = 0.0
        placed = 0
        for k, weight in enumerate(weights):
            running += weight * scale
            count = total - placed if k == DAYS - 1 else round(running) - placed
            placed += count
            limit = today if k == DAYS - 1 else DAY
            base = k * DAY
            for second in sorted(self._time_of_day(rng, limit) for _ in range(count)):
                yield base + second

    @staticmethod
    def _time_of_day(rng: random.Random, limit: int) -> int:
        for _ in range(20):
            hour = bisect.bisect_right(_HOUR_CUMULATIVE, rng.random() * _HOUR_CUMULATIVE[-1])
            second = min(hour, 23) * 3600 + rng.randrange(3600)
            if second < limit:
                return second
        return rng.randrange(max(limit, 1))


# ---------------------------------------------------------------------------------------------------------------
# What the database already holds


@dataclass(frozen=True)
class _Member:
    id: int
    full_name: str
    per_case: int  # authority per case, in fen


@dataclass(frozen=True)
class _Team:
    duty_managers: tuple[_Member, ...]
    office: _Member


@dataclass(frozen=True)
class _CategoryInfo:
    id: int
    code: str
    name: str
    department: int | None
    severity: str
    always_to_office: bool
    theme: _Theme


@dataclass(frozen=True)
class _RemedyInfo:
    id: int
    kind: str
    name: str
    default: int  # fen
    office_only: bool


@dataclass
class _Catalogue:
    categories: list[_CategoryInfo]
    category_weights: tuple[float, ...]  # running totals
    departments: dict[int, tuple[str, str]]  # id -> (code, name)
    department_by_code: dict[str, int]
    remedies_by_kind: dict[str, list[_RemedyInfo]]

    @classmethod
    def load(cls) -> _Catalogue:
        departments = {
            d.id: (d.code, d.name)
            for d in Department.select().where(Department.active).order_by(Department.sort_order, Department.id)
        }
        categories = [
            _CategoryInfo(
                id=c.id,
                code=c.code,
                name=c.name,
                department=c.default_department_id if c.default_department_id in departments else None,
                severity=c.default_severity,
                always_to_office=bool(c.always_to_office),
                theme=_theme_for(c.code, c.name, c.name_en),
            )
            for c in Category.select().where(Category.active).order_by(Category.sort_order, Category.id)
        ]
        remedies: dict[str, list[_RemedyInfo]] = {}
        for r in Remedy.select().where(Remedy.active).order_by(Remedy.sort_order, Remedy.id):
            info = _RemedyInfo(r.id, r.kind, r.name, int(Decimal(r.default_amount or 0) * 100), bool(r.office_only))
            remedies.setdefault(r.kind, []).append(info)
        if not categories or not departments or not remedies:
            raise DomainError(
                QT_TRANSLATE_NOOP("DomainError", "Demo data needs at least one active category, department and remedy.")
            )
        return cls(
            categories=categories,
            category_weights=_cumulative([c.theme.weight for c in categories]),
            departments=departments,
            department_by_code={code: id_ for id_, (code, _) in departments.items()},
            remedies_by_kind=remedies,
        )


def _theme_for(code: str, name: str, name_en: str) -> _Theme:
    if code in _THEME_BY_CODE:
        return _THEMES[_THEME_BY_CODE[code]]
    text = f"{code} {name} {name_en}".lower()
    for theme, words in _THEME_WORDS:
        if any(word in text for word in words):
            return _THEMES[theme]
    return _THEMES["other"]


# ---------------------------------------------------------------------------------------------------------------
# Rows


@functools.cache
def _insert_sql(model: type[Model], names: tuple[str, ...], with_id: bool, rows: int = 1) -> str:
    fields = model._meta.fields
    expected = set(fields) if with_id else set(fields) - {"id"}
    if set(names) != expected:
        raise RuntimeError(f"demo rows for {model.__name__} do not match its fields: {sorted(expected ^ set(names))}")
    columns = ", ".join(f'"{fields[n].column_name}"' for n in names)
    marks = "(" + ", ".join("?" * len(names)) + ")"
    return f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES {", ".join([marks] * rows)}'


_CUSTOMER_FIELDS = ("id", "name", "phone", "created_at", "note")
_COMPLAINT_FIELDS = (
    "id", "state", "customer", "received_at", "received_by", "channel", "location", "moved_to_private",
    "narrative", "category", "severity", "demand", "acknowledged", "promised_minutes", "promised_at", "findings",
    "department", "staff_involved", "liability", "handoff_note", "consent", "counter_demand", "satisfaction",
    "signature_png", "witness", "consent_at", "improvement_suggestion", "withdrawn_reason", "closed_at", "closed_by",
    "archive_number", "wizard_page", "updated_at",
)  # fmt: skip
_PROPOSAL_FIELDS = (
    "id", "complaint", "seq", "created_at", "created_by", "explanation", "status", "total", "needs_office",
    "decision", "decision_note", "decided_by", "decided_at", "answer", "counter_demand", "satisfaction", "answered_at",
)  # fmt: skip
_LINE_FIELDS = ("proposal", "remedy", "description", "amount", "charged_to")
_FOLLOW_UP_FIELDS = ("complaint", "kind", "due_at", "description", "done_at", "done_by", "result")
_EVENT_FIELDS = ("id", "complaint", "at", "actor", "action", "changes", "digest", "previous_digest")


@dataclass
class _Rows:
    customers: list[tuple] = field(default_factory=list)
    complaints: list[tuple] = field(default_factory=list)
    proposals: list[tuple] = field(default_factory=list)
    lines: list[tuple] = field(default_factory=list)
    follow_ups: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)

    def write(self) -> None:
        """Insert every row, in one transaction."""
        connection = db.connection()
        variables = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        with db.atomic():
            self._chain_events()
            self._insert(connection, variables)
            # Closed and withdrawn cases go into the archive, as closing does at the desk.
            seal_in_bulk([row[0] for row in self.complaints])

    def _chain_events(self) -> None:
        """Number the batch's events after the last one and extend the audit chain over them, as
        ``models.audit.record`` does one at a time (inside the write transaction: no other desk between)."""
        last_id, previous = chain_head()
        chained = []
        for event_id, (complaint, at, actor, action, changes) in enumerate(self.events, start=last_id + 1):
            row = (event_id, complaint, at, actor, action, changes)
            digest = event_digest(previous, row)
            chained.append((*row, digest, previous))
            previous = digest
        self.events = chained

    def _insert(self, connection: sqlite3.Connection, variables: int) -> None:
        for model, names, with_id, rows in (
            (Customer, _CUSTOMER_FIELDS, True, self.customers),
            (Complaint, _COMPLAINT_FIELDS, True, self.complaints),
            (Proposal, _PROPOSAL_FIELDS, True, self.proposals),
            (CompensationLine, _LINE_FIELDS, False, self.lines),
            (FollowUp, _FOLLOW_UP_FIELDS, False, self.follow_ups),
            (AuditEvent, _EVENT_FIELDS, True, self.events),
        ):
            # Many rows per statement: faster than executemany. Chunks of fixed sizes (a power of two for the
            # rest) keep the connection's statement cache, which holds on to bound values, small.
            per = max(1, min(ROWS_PER_STATEMENT, variables // len(names)))
            start = 0
            while start < len(rows):
                left = len(rows) - start
                size = per if left >= per else 1 << (left.bit_length() - 1)
                sql = _insert_sql(model, names, with_id, size)
                connection.execute(sql, list(chain.from_iterable(rows[start : start + size])))
                start += size


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _next_id(model: type[Model]) -> int:
    return (model.select(model.id).order_by(model.id.desc()).limit(1).scalar() or 0) + 1


# ---------------------------------------------------------------------------------------------------------------
# Cases


_SATISFACTION = (1, 2, 3, 4, 5)
_SATISFACTION_WEIGHTS = _cumulative((4, 7, 17, 36, 36))
_CHANNELS = (Channel.IN_PERSON, Channel.PHONE, Channel.ONLINE, Channel.LETTER, Channel.REFERRED)
_CHANNEL_WEIGHTS = _cumulative((70, 15, 8, 2, 5))
_PROMISED_MINUTES = {
    Channel.IN_PERSON: (10, 15, 15, 15, 20, 20, 30, 30, 45, 60),
    Channel.PHONE: (30, 60, 60, 120, 240),
    Channel.ONLINE: (60, 120, 240, 1440),
    Channel.LETTER: (1440, 2880, 4320),
    Channel.REFERRED: (240, 1440, 2880),
}
_LIABILITIES = (Liability.NONE, Liability.MISUNDERSTANDING, Liability.PARTIAL, Liability.FULL)
_LIABILITY_WEIGHTS = _cumulative((8, 14, 33, 45))
_SEVERITIES = ("low", "medium", "high")
_OPEN_STATES = (
    State.RECEIVED, State.INVESTIGATING, State.PROPOSED, State.AGREED, State.DECLINED, State.ESCALATED, State.DECIDED,
)  # fmt: skip
# Weights (running totals) of the open states for a case a few hours old, a few days old, older.
_OPEN_WEIGHTS = tuple(
    _cumulative(w) for w in ((4, 3, 2, 1, 1, 2, 1), (1, 3, 2, 1.5, 1.5, 3, 2), (0.5, 2.5, 1, 1.5, 2, 2.5, 1.5))
)
_DECISIONS = (OfficeDecision.APPROVED, OfficeDecision.CHANGED, OfficeDecision.TAKEN_OVER)
_DECISION_WEIGHTS = _cumulative((60, 30, 10))
_WITHDRAWN_STAGES = (State.RECEIVED, State.INVESTIGATING, State.PROPOSED)  # how far a case got before
_WITHDRAWN_STAGE_WEIGHTS = _cumulative((3, 4, 3))
# The intake step each state waits at (IntakeStep order: receive, investigate, propose, consent, close).
_WIZARD_PAGE = {
    State.RECEIVED: 1,
    State.INVESTIGATING: 2,
    State.PROPOSED: 3,
    State.DECLINED: 2,
    State.ESCALATED: 2,
    State.DECIDED: 3,
    State.AGREED: 4,
    State.CLOSED: 4,
    State.WITHDRAWN: 4,
}
_GOODWILL_KINDS = (RemedyKind.FREE_ITEM, RemedyKind.GIFT, RemedyKind.VOUCHER)
_CHINESE_COUNTS = ("", "一", "两", "三")


@dataclass(slots=True)
class _Case:
    """One complaint while it is built. Times are seconds after it was received (t0)."""

    id: int
    t0: int
    state: State  # where the case ends up
    category: _CategoryInfo
    story: _Story
    receiver: _Member
    slots: _Slots
    department: int
    bill: int  # fen
    demand: str
    t: int = 0  # time of the latest step
    reached: str | None = None  # state after the latest step
    events: list[tuple[int, int, str, str]] = field(default_factory=list)
    proposals: list[tuple] = field(default_factory=list)
    lines: list[tuple] = field(default_factory=list)
    findings: str = ""
    staff_involved: str = ""
    liability: Liability | None = None
    handoff: str = ""
    consent: str = ""
    counter: str = ""
    satisfaction: int | None = None
    witness: str = ""
    consent_at: int | None = None
    closed_at: int | None = None
    closer: _Member | None = None
    improvement: str = ""
    withdrawn_reason: str = ""


@dataclass(slots=True)
class _Offer:
    lines: list[tuple[_RemedyInfo, str, int]]  # remedy, description, fen
    reason: str = ""  # why the office must decide: "category", "remedy", "limit"

    @property
    def total(self) -> int:
        return sum(line[2] for line in self.lines)


class _Generator:
    """Builds complaints one by one from one random stream, into batches of rows."""

    def __init__(self, rng: _Random, clock: _Clock, catalogue: _Catalogue, team: _Team, total: int) -> None:
        self.rng = rng
        self.clock = clock
        self.catalogue = catalogue
        self.team = team
        self.total = total
        self.next_customer = _next_id(Customer)
        self.next_complaint = _next_id(Complaint)
        self.next_proposal = _next_id(Proposal)
        self.returning: list[int] = []  # ids of recent customers with a phone: a ring of RETURNING_POOL
        self.returning_at = 0
        self.states_seen: set[str] = set()
        self.changes_cache: dict[tuple, str] = {}
        self.story_departments: dict[tuple[int, str], list[int]] = {}
        self.all_departments = list(catalogue.departments)

    def complaint(self, index: int, t0: int, rows: _Rows) -> None:
        rng = self.rng
        catalogue = self.catalogue
        if index < len(catalogue.categories):
            category = catalogue.categories[index]  # every category appears, even in a small demo
        else:
            category = rng.weighted(catalogue.categories, catalogue.category_weights)
        theme = category.theme
        story = rng.choice(theme.stories)
        state = self._state(index, t0)
        channel = rng.weighted(_CHANNELS, _CHANNEL_WEIGHTS)
        managers = self.team.duty_managers
        # The duty managers take turns: one has the day shift, the other the evening; they swap daily.
        evening = not 8 <= t0 % DAY // 3600 < 16
        receiver = managers[(t0 // DAY + evening) % len(managers)]
        by_office = channel in (Channel.LETTER, Channel.REFERRED) and state not in (State.ESCALATED, State.DECIDED)
        if by_office and rng.random() < 0.5:
            receiver = self.team.office

        slots = _Slots(rng)
        department = self._department(category, story)
        slots["_roles"] = story.roles
        slots["cat"] = category.name
        slots["dept"] = catalogue.departments[department][1]
        slots["person"] = rng.choice(_SURNAMES) + "某"
        slots["office"] = self.team.office.full_name
        bill = rng.randint(*theme.value) * 100
        slots["money"] = str(bill // 100)
        slots["location"] = rng.choice(story.places) if story.places else "客房" + slots["room"]

        customer_id, returning = self._customer(t0, channel, rows)
        severity = category.severity if rng.random() < 0.7 else rng.choice(_SEVERITIES)
        risk = rng.random() < theme.risk + 0.05 * returning + 0.05 * (severity == "high")
        narrative = self._narrative(story.template, channel, slots, returning, risk)
        if risk and severity == "low":
            severity = "medium"
        demand = _fill(rng.choice(story.demands), slots)
        if rng.random() < 0.2:
            demand += rng.choice(("，并保证以后不再发生", "，尽快给答复", "，否则不会罢休"))
        promised = rng.choice(_PROMISED_MINUTES[channel])

        case = _Case(self.next_complaint, t0, state, category, story, receiver, slots, department, bill, demand)
        self.next_complaint += 1
        self._step(case, 0, receiver, "received", category=category.code, channel=channel.value, severity=severity)
        stage = state
        if state == State.WITHDRAWN:
            stage = rng.weighted(_WITHDRAWN_STAGES, _WITHDRAWN_STAGE_WEIGHTS)
        if stage != State.RECEIVED:
            self._investigate(case, int(promised * 60 * rng.uniform(0.4, 1.5)))
        if stage not in (State.RECEIVED, State.INVESTIGATING):
            self._resolve(case, severity)
        if state == State.CLOSED:
            self._close(case)
        elif state == State.WITHDRAWN:
            self._withdraw(case)

        # A recent case's timeline is squeezed so that nothing happens after now.
        room = max(self.clock.now - 1 - t0, 0)
        squeeze = room / case.t if case.t > room else 1.0
        text = self.clock.text

        def at(offset: int | None) -> str | None:
            return None if offset is None else text(t0 + int(offset * squeeze))

        rows.complaints.append((
            case.id, state.value, customer_id, text(t0), receiver.id, channel.value, slots["location"],
            int(channel == Channel.IN_PERSON and rng.random() < 0.9), narrative, category.id, severity, demand, 1,
            promised, text(t0 + promised * 60), case.findings, case.department if case.liability else None,
            case.staff_involved, case.liability.value if case.liability else "", case.handoff, case.consent,
            case.counter, case.satisfaction, None, case.witness, at(case.consent_at), case.improvement,
            case.withdrawn_reason, at(case.closed_at), case.closer.id if case.closer else None, None,
            _WIZARD_PAGE[state], at(case.events[-1][0]),
        ))  # fmt: skip
        for proposal in case.proposals:
            rows.proposals.append(
                (*proposal[:3], at(proposal[3]), *proposal[4:12], at(proposal[12]), *proposal[13:16], at(proposal[16]))
            )
        rows.lines.extend(case.lines)
        rows.events.extend(
            (case.id, at(offset), actor, action, changes) for offset, actor, action, changes in case.events
        )
        if state == State.CLOSED and rng.random() < 0.3:
            self._follow_up(rows, case, t0 + int(case.t * squeeze))
        elif state == State.AGREED and rng.random() < 0.3:
            due = t0 + int(case.t * squeeze) + rng.randint(1, 3) * DAY
            rows.follow_ups.append(
                (case.id, FollowUpKind.PROMISED_ITEM.value, text(due), rng.choice(_PROMISED_ITEMS), None, None, "")
            )

    # -- the steps of a case ------------------------------------------------------------------------------------

    def _step(
        self, case: _Case, delay: int, actor: _Member, action: str, to: str | None = None, **changes: object
    ) -> None:
        """Append an audit event ``delay`` seconds after the previous step; ``to`` is the new state."""
        case.t += delay
        to = to or action
        key = (action, case.reached, to, *changes.items())
        text = self.changes_cache.get(key)
        if text is None:
            text = json.dumps({"state": [case.reached, to], **changes}, ensure_ascii=False, sort_keys=True)
            self.changes_cache[key] = text
        case.events.append((case.t, actor.id, action, text))
        case.reached = to

    def _investigate(self, case: _Case, delay: int) -> None:
        rng = self.rng
        story = case.story
        liability = rng.weighted(_LIABILITIES, _LIABILITY_WEIGHTS)
        if liability in (Liability.FULL, Liability.PARTIAL):
            causes = story.faults
        elif liability == Liability.MISUNDERSTANDING:
            causes = story.misunderstandings
        else:
            causes = story.no_fault
        cause, role, blamed = rng.choice(causes)
        department = self.catalogue.department_by_code.get(blamed or "")
        if department is not None:
            case.department = department
            case.slots["dept"] = self.catalogue.departments[department][1]
        text = rng.choice(_FINDING_OPENERS) + cause + rng.choice(_FINDING_CLOSERS[liability])
        case.findings = _fill((text, role, None), case.slots)
        case.liability = liability
        if case.slots["person"] in case.findings:
            case.staff_involved = case.slots["role"] + case.slots["person"]
        elif rng.random() < 0.4:
            case.staff_involved = case.slots["role"]
        department_code = self.catalogue.departments[case.department][0]
        self._step(case, delay, case.receiver, "investigated", "investigating", department=department_code,
                   liability=liability.value)  # fmt: skip

    def _resolve(self, case: _Case, severity: str) -> None:
        """Proposals up to where the case ends: escalation and the office's decision, the customer's answer."""
        rng = self.rng
        receiver = case.receiver
        state = case.state
        slots = case.slots
        liability = case.liability or Liability.PARTIAL
        needs_office = receiver is not self.team.office and (
            case.category.always_to_office
            or state in (State.ESCALATED, State.DECIDED)
            or rng.random() < (0.3 if severity == "high" else 0.08)
        )
        if state == State.WITHDRAWN:
            needs_office = needs_office and rng.random() < 0.5
        seq = 1
        delay = rng.randint(180, 1200)
        first = _Offer([])
        if state in (State.PROPOSED, State.AGREED, State.CLOSED) and rng.random() < 0.1:
            # A first offer the customer turned down.
            first = self._offer(case, False)
            self._step(case, delay, receiver, "proposed", proposal=seq, total=_yuan(first.total))
            offered = case.t
            answer = ConsentAnswer.COUNTERED if rng.random() < 0.5 else ConsentAnswer.DECLINED
            explanation = rng.choice(_EXPLANATIONS[liability]).format_map(slots)
            self._step(case, rng.randint(120, 900), receiver, "consent", "declined", consent=answer.value)
            case.counter = rng.choice(_COUNTER_DEMANDS).format_map(slots)
            # The answer stays with the offer it answered, as record_consent keeps it.
            self._proposal(case, seq, offered, explanation, answer.value, first, False,
                           answer=(answer.value, case.counter, None, case.t))  # fmt: skip
            seq = 2
            delay = rng.randint(300, 1800)

        offer = self._offer(case, needs_office)
        if seq == 2 and not needs_office:
            self._sweeten(case, offer, first.total)
        slots["total"] = _yuan(offer.total)
        slots["limit"] = _yuan(receiver.per_case)
        explanation = rng.choice(_EXPLANATIONS[liability]).format_map(slots)
        decision = decision_note = ""
        decided_by = decided_at = None
        author = receiver
        if needs_office:
            case.handoff = self._handoff(case, offer)
            self._step(case, delay, receiver, "escalated", proposal=seq, total=_yuan(offer.total))
            created = case.t
            status = ProposalStatus.ESCALATED
            if state not in (State.ESCALATED, State.WITHDRAWN):
                office = self.team.office
                wait = rng.randint(1200, 6 * 3600) if rng.random() < 0.8 else rng.randint(6 * 3600, 30 * 3600)
                choice = rng.weighted(_DECISIONS, _DECISION_WEIGHTS)
                asked = _Offer(list(offer.lines), offer.reason)
                decision_note = self._decide(case, offer, choice)
                if not decision_note:
                    choice = OfficeDecision.APPROVED
                    decision_note = rng.choice(_DECISION_NOTES[choice]).format_map(slots)
                self._step(case, wait, office, "decided", decision=choice.value)
                decision = choice.value
                decided_by = office.id
                decided_at = case.t
                status = ProposalStatus.DECIDED
                if choice == OfficeDecision.CHANGED:
                    # As decide() does: the desk's proposal is kept, superseded, and the office's
                    # changed remedy is a proposal of its own, made by the office account.
                    self._proposal(case, seq, created, "", ProposalStatus.SUPERSEDED.value, asked, True, decision,
                                   "", decided_by, decided_at)  # fmt: skip
                    seq += 1
                    created = decided_at
                    author = office
                if state != State.DECIDED:
                    total = _yuan(offer.total)
                    self._step(case, rng.randint(300, 3600), receiver, "proposed", proposal=seq, total=total)
                    status = ProposalStatus.OFFERED
        else:
            self._step(case, delay, receiver, "proposed", proposal=seq, total=_yuan(offer.total))
            created = case.t
            status = ProposalStatus.OFFERED

        if state in (State.AGREED, State.CLOSED):
            case.consent = ConsentAnswer.ACCEPTED.value
            case.satisfaction = rng.weighted(_SATISFACTION, _SATISFACTION_WEIGHTS)
            # Demo customers consent verbally before a witness: drawn signatures
            # would add kilobytes to every case.
            case.witness = rng.choice(_WITNESS_TITLES) + _person_name(rng)
            self._step(case, rng.randint(120, 900), receiver, "consent", "agreed", consent=case.consent,
                       satisfaction=case.satisfaction)  # fmt: skip
            case.consent_at = case.t
            case.counter = ""  # the complaint holds the last answer; an earlier counter-demand stays on its proposal
            status = ProposalStatus.ACCEPTED
        elif state == State.DECLINED:
            answer = ConsentAnswer.COUNTERED if rng.random() < 0.4 else ConsentAnswer.DECLINED
            case.consent = answer.value
            if answer == ConsentAnswer.COUNTERED:
                case.counter = rng.choice(_COUNTER_DEMANDS).format_map(slots)
            self._step(case, rng.randint(120, 900), receiver, "consent", "declined", consent=case.consent)
            case.consent_at = case.t
            status = ProposalStatus(answer.value)
        answered = (case.consent, case.counter, case.satisfaction, case.consent_at) if case.consent_at else None
        self._proposal(case, seq, created, explanation, status.value, offer, needs_office, decision, decision_note,
                       decided_by, decided_at, answered, author)  # fmt: skip

    def _close(self, case: _Case) -> None:
        rng = self.rng
        delay = rng.randint(120, 2400) if rng.random() < 0.7 else rng.randint(3600, 72 * 3600)
        case.closer = case.receiver if rng.random() < 0.85 else self.team.office
        if case.liability in (Liability.FULL, Liability.PARTIAL) and rng.random() < 0.3:
            case.improvement = _fill(rng.choice(case.story.improvements), case.slots)
        self._step(case, delay, case.closer, "closed")
        case.closed_at = case.t

    def _withdraw(self, case: _Case) -> None:
        case.closer = case.receiver
        case.withdrawn_reason = self.rng.choice(_WITHDRAWN_REASONS)
        self._step(case, self.rng.randint(300, 7200), case.closer, "withdrawn")
        case.closed_at = case.t

    # -- parts --------------------------------------------------------------------------------------------------

    def _state(self, index: int, t0: int) -> State:
        remaining = self.total - index
        missing = [s for s in State if s.value not in self.states_seen] if remaining <= len(State) else []
        if missing and len(missing) >= remaining:
            state = missing[0]  # every state appears, even in a small demo
        else:
            rng = self.rng
            age = (self.clock.now - t0) / DAY
            # Open cases are the last few days' (a desk closes what it receives); a
            # few stragglers wait for the office or the customer much longer.
            open_share = 0.002 + 0.8 * math.exp(-age / 2)
            draw = rng.random()
            if draw < open_share:
                weights = _OPEN_WEIGHTS[0 if age < 0.25 else 1 if age < 3 else 2]
                state = rng.weighted(_OPEN_STATES, weights)
            elif draw < open_share + WITHDRAWN_SHARE:
                state = State.WITHDRAWN
            else:
                state = State.CLOSED
        self.states_seen.add(state.value)
        return state

    def _department(self, category: _CategoryInfo, story: _Story) -> int:
        """Usually the category's own department, when it can answer for this story; else a fitting one."""
        key = (category.id, story.template)
        usual = self.story_departments.get(key)
        if usual is None:
            codes = self.catalogue.department_by_code
            usual = [codes[d] for d in story.departments if d in codes] or self.all_departments
            self.story_departments[key] = usual
        if category.department in usual and self.rng.random() < 0.75:
            return category.department
        return self.rng.choice(usual)

    def _customer(self, t0: int, channel: Channel, rows: _Rows) -> tuple[int | None, bool]:
        rng = self.rng
        if channel in (Channel.ONLINE, Channel.LETTER) and rng.random() < 0.25:
            return None, False  # anonymous
        if self.returning and rng.random() < RETURNING_SHARE:
            return rng.choice(self.returning), True
        customer_id = self.next_customer
        self.next_customer += 1
        draw = rng.random()
        if draw < 0.85:
            phone = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        elif draw < 0.93:
            area = rng.choice(_AREA_CODES)
            phone = area + str(rng.randint(2, 8)) + f"{rng.randrange(10 ** (10 - len(area))):0{10 - len(area)}d}"
        else:
            phone = ""
        note = rng.choice(_CUSTOMER_NOTES) if rng.random() < 0.04 else ""
        rows.customers.append((customer_id, _customer_name(rng), phone, self.clock.text(t0), note))
        if phone:
            if len(self.returning) < RETURNING_POOL:
                self.returning.append(customer_id)
            else:
                self.returning[self.returning_at] = customer_id
                self.returning_at = (self.returning_at + 1) % RETURNING_POOL
        return customer_id, False

    def _narrative(self, template: str, channel: Channel, slots: _Slots, returning: bool, risk: bool) -> str:
        rng = self.rng
        tail = rng.choice(_TAILS_WITHOUT_OCCASION if "{occasion}" in template else _TAILS)
        parts = [rng.choice(_CHANNEL_PREFIXES[channel]), rng.choice(_OPENERS), template, tail]
        if returning and rng.random() < 0.5:
            parts.append(rng.choice(_REPEAT_PHRASES))
        if risk:
            parts.append(rng.choice(_RISK_PHRASES))
        return "".join(parts).format_map(slots)

    def _offer(self, case: _Case, needs_office: bool) -> _Offer:
        """Compensation lines that fit the liability; within the receiver's authority unless the office decides."""
        rng = self.rng
        liability = case.liability
        if liability in (Liability.FULL, Liability.PARTIAL):
            count = 1 + (rng.random() < 0.5) + (liability == Liability.FULL)
            preferred = list(case.story.remedies)
            weights = [len(preferred) - i for i in range(len(preferred))]
            kinds: list[str] = []
            while len(kinds) < count and preferred:
                kind = rng.choices(preferred, weights)[0]
                position = preferred.index(kind)
                del preferred[position], weights[position]
                kinds.append(kind)
            if RemedyKind.APOLOGY not in kinds and rng.random() < 0.25:
                kinds.append(RemedyKind.APOLOGY)
        else:
            first = RemedyKind.INFORMATION if liability == Liability.MISUNDERSTANDING or rng.random() < 0.5 else None
            kinds = [first or RemedyKind.APOLOGY]
            if rng.random() < 0.4:
                kinds.append(rng.choice(_GOODWILL_KINDS))
        offer = _Offer([])
        for kind in kinds:
            remedy = self._remedy(kind, needs_office)
            if remedy is not None:
                offer.lines.append(self._line(case, remedy))
        limit = case.receiver.per_case
        if needs_office:
            if case.category.always_to_office:
                offer.reason = "category"
            elif any(line[0].office_only for line in offer.lines):
                offer.reason = "remedy"
            elif offer.total > limit:
                offer.reason = "limit"
            else:
                self._beyond_authority(case, offer, limit)
        else:
            offer.lines.sort(key=lambda line: line[2])
            while offer.total > limit and offer.lines:
                offer.lines.pop()
        if not offer.lines:
            fallback = self._remedy(RemedyKind.APOLOGY, False) or self._remedy(RemedyKind.INFORMATION, False)
            if fallback is None:
                fallback = min(
                    (r for group in self.catalogue.remedies_by_kind.values() for r in group if not r.office_only),
                    key=lambda r: (r.default, r.id),
                    default=next(iter(self.catalogue.remedies_by_kind.values()))[0],
                )
            offer.lines.append((fallback, fallback.name, 0))
        return offer

    def _sweeten(self, case: _Case, offer: _Offer, refused: int) -> None:
        """A new offer after a refusal gives more than the refused one, within the receiver's authority."""
        room = case.receiver.per_case - offer.total
        for kind in (RemedyKind.VOUCHER, RemedyKind.FREE_ITEM, RemedyKind.GIFT):
            if offer.total > refused:
                return
            remedy = self._remedy(kind, False)
            if remedy is not None:
                line = self._line(case, remedy)
                if line[2] <= room:
                    offer.lines.append(line)
                    room -= line[2]

    def _decide(self, case: _Case, offer: _Offer, choice: OfficeDecision) -> str:
        """The office's note; a change swaps office-only remedies for vouchers or cuts the amounts.
        '' when a change makes no sense (nothing to change)."""
        rng = self.rng
        slots = case.slots
        if choice != OfficeDecision.CHANGED:
            return rng.choice(_DECISION_NOTES[choice]).format_map(slots)
        voucher = self._remedy(RemedyKind.VOUCHER, False)
        swapped = [line for line in offer.lines if line[0].office_only and line[2]]
        if swapped and voucher is not None and rng.random() < 0.5:
            slots["remedy"] = swapped[0][0].name
            offer.lines = [
                (voucher, f"{_yuan(line[2])}元代金券（代替{line[0].name}）", line[2]) if line in swapped else line
                for line in offer.lines
            ]
            return _SWAPPED_TO_VOUCHER.format_map(slots)
        largest = max(offer.lines, key=lambda line: line[2])
        if voucher is None or largest[2] < 200 * 100:
            return ""
        count = max(1, int(largest[2] * rng.choice((0.5, 0.6, 0.7, 0.8))) // (100 * 100))
        offer.lines.remove(largest)
        offer.lines.append((voucher, f"赠送{_count_text(count)}张100元代金券", count * 100 * 100))
        slots["total"] = _yuan(offer.total)
        return rng.choice(_DECISION_NOTES[choice]).format_map(slots)

    def _beyond_authority(self, case: _Case, offer: _Offer, limit: int) -> None:
        """Make the offer one the desk may not grant: an office-only remedy or more money than the limit."""
        rng = self.rng
        office_only = [r for group in self.catalogue.remedies_by_kind.values() for r in group if r.office_only]
        if office_only and rng.random() < 0.5:
            remedy = rng.choice(office_only)
            description, amount = self._line(case, remedy)[1:]
            offer.lines.append((remedy, description, max(amount, 100 * 100)))
            offer.reason = "remedy"
            return
        for kind in (*case.story.remedies, RemedyKind.WAIVED_BILL, RemedyKind.COMPENSATION):
            remedy = self._remedy(kind, True)
            if remedy is not None:
                line = self._line(case, remedy)
                if offer.total + line[2] > limit:
                    offer.lines.append(line)
                    offer.reason = "limit"
                    return
        # Nothing the story calls for is worth that much: vouchers make up the amount.
        count = (limit - offer.total) // (100 * 100) + rng.randint(1, 5)
        remedy = self._remedy(RemedyKind.VOUCHER, True) or rng.choice(
            [r for group in self.catalogue.remedies_by_kind.values() for r in group]
        )
        offer.lines.append((remedy, f"赠送{_count_text(count)}张100元代金券", count * 100 * 100))
        offer.reason = "limit"

    def _remedy(self, kind: str, allow_office_only: bool) -> _RemedyInfo | None:
        group = self.catalogue.remedies_by_kind.get(kind)
        if not group:
            return None
        if not allow_office_only:
            group = [r for r in group if not r.office_only]
            if not group:
                return None
        return group[0] if len(group) == 1 else self.rng.choice(group)

    def _line(self, case: _Case, remedy: _RemedyInfo) -> tuple[_RemedyInfo, str, int]:
        """A compensation line of this remedy for this case: description and amount in fen."""
        rng = self.rng
        slots = case.slots
        story = case.story
        bill = case.bill
        kind = remedy.kind
        if kind == RemedyKind.DISCOUNT:
            rate, name = rng.choice(_DISCOUNTS)
            return remedy, f"账单打{name}折（原价{bill // 100}元）", bill * (100 - rate) // 10000 * 100
        if kind == RemedyKind.FREE_ITEM:
            if "饮" in remedy.name:
                pool = _FREE_DRINKS
            elif "果" in remedy.name or "甜" in remedy.name:
                pool = _FREE_SWEETS
            else:
                pool = _FREE_ITEMS
            return remedy, "赠送" + rng.choice(pool), remedy.default or rng.randint(28, 98) * 100
        if kind == RemedyKind.REPLACEMENT:
            what = slots["dish"] + "重新制作" if "dish" in slots else "重新制作/更换"
            return remedy, what, rng.randrange(38, 168, 2) * 100
        if kind == RemedyKind.WAIVED_BILL:
            if "dish" in slots and rng.random() < 0.6:
                return remedy, slots["dish"] + "免单", rng.randrange(38, 198, 2) * 100
            return remedy, "本单免单", bill
        if kind == RemedyKind.VOUCHER:
            value = rng.choice((50, 100, 100, 200))
            count = rng.choice((1, 1, 2))
            return remedy, f"赠送{_count_text(count)}张{value}元代金券", count * value * 100
        if kind == RemedyKind.REFUND:
            what = rng.choice(story.refunds)
            if "{dish}" in what or "{drink}" in what:
                amount = rng.randrange(28, 268, 2) * 100  # one dish or drink, not the whole bill
            else:
                amount = int(bill * rng.choice(case.category.theme.refund_shares)) // 100 * 100
            return remedy, "退还" + what.format_map(slots), amount
        if kind == RemedyKind.UPGRADE:
            return remedy, f"免费升级为{slots['room_type']}一晚", rng.choice((200, 280, 300, 400, 600)) * 100
        if kind == RemedyKind.GIFT:
            return remedy, "赠送" + rng.choice(_GIFTS), rng.randint(38, 198) * 100
        if kind == RemedyKind.EXCHANGE:
            return remedy, f"更换同款{slots['product']}" if "product" in slots else "更换同款新品", bill
        if kind == RemedyKind.REPAIR:
            return remedy, rng.choice(story.repairs).format_map(slots), rng.randint(3, 30) * 1000
        if kind == RemedyKind.COMPENSATION:
            amount = max(int(bill * rng.uniform(0.3, 1.0)) // 100 * 100, 100 * 100)
            return remedy, rng.choice(story.compensations).format_map(slots), amount
        if kind == RemedyKind.APOLOGY:
            written = ("{dept}经理签署书面致歉信", "向顾客出具书面致歉", "{dept}出具书面道歉")
            spoken = ("{dept}经理当面致歉", "当事员工当面致歉", "值班经理代表酒店致歉")
            return remedy, rng.choice(written if "书面" in remedy.name else spoken).format_map(slots), 0
        if kind == RemedyKind.INFORMATION:
            return remedy, rng.choice(("向顾客解释有关规定", "提供书面说明", "向顾客说明调查结果")), 0
        return remedy, remedy.name, remedy.default

    def _handoff(self, case: _Case, offer: _Offer) -> str:
        slots = case.slots
        slots["demand_short"] = case.demand.removeprefix("要求")
        if offer.reason == "category":
            pool = _HANDOFF_CATEGORY
        elif offer.reason == "remedy":
            slots["remedy"] = next(line[0].name for line in offer.lines if line[0].office_only)
            pool = _HANDOFF_REMEDY
        else:
            pool = _HANDOFF_OVER_LIMIT
        return self.rng.choice(pool).format_map(slots)

    def _proposal(self, case: _Case, seq: int, created: int, explanation: str, status: str, offer: _Offer,
                  needs_office: bool, decision: str = "", decision_note: str = "", decided_by: int | None = None,
                  decided_at: int | None = None, answer: tuple[str, str, int | None, int] | None = None,
                  author: _Member | None = None) -> None:  # fmt: skip
        """One proposal row and its lines; ``answer`` is (answer, counter-demand, satisfaction, time)."""
        proposal_id = self.next_proposal
        self.next_proposal += 1
        case.proposals.append((
            proposal_id, case.id, seq, created, (author or case.receiver).id, explanation, status, _yuan(offer.total),
            int(needs_office), decision, decision_note, decided_by, decided_at, *(answer or ("", "", None, None)),
        ))  # fmt: skip
        case.lines.extend(
            (proposal_id, remedy.id, description, _yuan(amount), case.department)
            for remedy, description, amount in offer.lines
        )

    def _follow_up(self, rows: _Rows, case: _Case, closed: int) -> None:
        rng = self.rng
        now = self.clock.now
        due = (closed // DAY + rng.randint(1, 3)) * DAY + rng.randint(10 * 3600, 17 * 3600)
        if rng.random() < 0.8:
            kind = FollowUpKind.CALL_BACK
            description = rng.choice(_CALL_BACKS).format_map(case.slots)
            result = rng.choice(_CALL_BACK_RESULTS).format_map(case.slots)
        else:
            kind = FollowUpKind.PROMISED_ITEM
            description = rng.choice(_PROMISED_ITEMS)
            result = rng.choice(_PROMISED_RESULTS)
        if due < now:
            done = min(due + rng.randint(0, 4 * 3600), now - 1)
            row = (
                case.id,
                kind.value,
                self.clock.text(due),
                description,
                self.clock.text(done),
                case.receiver.id,
                result,
            )
        else:
            row = (case.id, kind.value, self.clock.text(due), description, None, None, "")
        rows.follow_ups.append(row)


def _count_text(count: int) -> str:
    return _CHINESE_COUNTS[count] if count < len(_CHINESE_COUNTS) else str(count)


def _fill(text: Tagged, slots: _Slots) -> str:
    """Format a pooled text; a text about a named role fixes the role unless the story has named one already."""
    template, role, _ = text
    if role is not None and "role" not in slots:
        slots["role"] = role
    return template.format_map(slots)


def _person_name(rng: random.Random) -> str:
    given = _MALE_GIVEN if rng.random() < 0.5 else _FEMALE_GIVEN
    return rng.choice(_SURNAMES) + rng.choice(given)


def _customer_name(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.62:
        return _person_name(rng)
    if draw < 0.95:
        return rng.choice(_SURNAMES) + rng.choice(("先生", "女士"))
    return ""  # the customer would not give a name


# ---------------------------------------------------------------------------------------------------------------
# Entry point


def generate_demo(
    complaints: int,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    now: dt.datetime | None = None,
) -> list[DemoAccount]:
    """Fill the open database with catalogues, demo staff and ``complaints`` cases of the year before ``now``.

    Returns the accounts created, with their passwords (drawn at random, shown once: only their hashes are
    kept); accounts whose user name exists already are kept as they are and not returned. The database is
    marked as demo data. ``progress(done, total)`` is called after each batch.
    """
    if complaints < 0:
        raise ValueError("the number of complaints cannot be negative")
    now = (now or dt.datetime.now()).replace(microsecond=0)
    load_defaults()
    settings.put(settings.DEMO_DATA, True)
    if not settings.get(settings.ORGANISATION_NAME):
        organisation = random.Random(f"complaint-desk-demo-organisation:{seed}").choice(_ORGANISATIONS)
        settings.put(settings.ORGANISATION_NAME, organisation)
    accounts, team = _ensure_staff(seed)
    catalogue = _Catalogue.load()
    rng = _Random(seed)
    clock = _Clock(now)
    generator = _Generator(rng, clock, catalogue, team, complaints)
    arrivals = clock.arrivals(rng, complaints)
    done = 0
    while done < complaints:
        size = min(BATCH_SIZE, complaints - done)
        rows = _Rows()
        for index in range(done, done + size):
            generator.complaint(index, next(arrivals), rows)
        rows.write()
        done += size
        if progress is not None:
            progress(done, complaints)
    return accounts


def demo_password() -> str:
    """A fresh password for a demo account: never the same on two installs
    (the seed reproduces the data, not the keys to it), easy to read out."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _ensure_staff(seed: int) -> tuple[list[DemoAccount], _Team]:
    pick = random.Random(f"complaint-desk-demo-staff:{seed}")
    managers = pick.sample(_DUTY_MANAGERS, 2)
    plan = [
        (username, full_name, Role.DUTY_MANAGER, *limits)
        for (username, full_name), limits in zip(managers, _DUTY_LIMITS, strict=True)
    ]
    plan.append(("office", pick.choice(_OFFICE_NAMES), Role.OFFICE, *_OFFICE_LIMITS))
    plan.append(("admin", pick.choice(_ADMIN_NAMES), Role.ADMIN, Decimal("0.00"), Decimal("0.00")))
    grantable = [r.id for r in Remedy.select(Remedy.id).where(Remedy.active, ~Remedy.office_only).order_by(Remedy.id)]
    accounts: list[DemoAccount] = []
    members: dict[str, _Member] = {}
    for username, full_name, role, per_case, daily in plan:
        password = demo_password()
        staff = Staff.get_or_none(Staff.username == username)
        if staff is None:
            with db.atomic():
                staff = create_staff(username, full_name, role, password, per_case, daily)
                if role == Role.DUTY_MANAGER and grantable:
                    StaffRemedy.insert_many([{"staff": staff.id, "remedy": r} for r in grantable]).execute()
            accounts.append(DemoAccount(username, full_name, role, password))
        members[username] = _Member(staff.id, staff.full_name, int(Decimal(staff.per_case_limit) * 100))
    duty = tuple(members[username] for username, *_ in plan[:2])
    return accounts, _Team(duty_managers=duty, office=members["office"])
